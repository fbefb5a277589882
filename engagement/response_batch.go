package engagement

import (
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/parallel"
)

// A ResponseBatch is a compact, columnar set of survey responses: the
// in-memory form to use for millions of them. Each row keeps what a
// satisfaction report needs, an account code (each distinct account ID is
// stored once), the instant in Unix nanoseconds and the question and score
// in one byte: 13 bytes instead of the ~150 of a [Response]. Response IDs,
// contacts, channels and comments are checked and dropped.
//
// Fill it with [ResponseBatch.Append] or, faster, [ResponseBatch.AppendScore],
// and report on it with [SatisfactionBatch]. The zero ResponseBatch is
// empty and ready to use. A ResponseBatch is not safe for concurrent use
// while it is appended to; SatisfactionBatch only reads it.
type ResponseBatch struct {
	codes map[account.ID]int32
	ids   []account.ID // code → ID
	acct  []int32
	at    []int64
	bin   []uint8
}

// Len returns the number of responses in b.
func (b *ResponseBatch) Len() int { return len(b.at) }

// Grow makes room for n more responses without reallocating.
func (b *ResponseBatch) Grow(n int) {
	if n <= cap(b.at)-len(b.at) {
		return
	}
	b.acct = append(make([]int32, 0, len(b.acct)+n), b.acct...)
	b.at = append(make([]int64, 0, len(b.at)+n), b.at...)
	b.bin = append(make([]uint8, 0, len(b.bin)+n), b.bin...)
}

// Append adds r. The error, for a response that fails [Response.Validate]
// or whose At is outside the years 1678 to 2261, is the validation's
// error, wrapping [ErrInvalid].
func (b *ResponseBatch) Append(r Response) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if r.At.Before(minInstant) || r.At.After(maxInstant) {
		return &account.FieldError{Record: "Response", ID: string(r.ID), Field: "At", Value: stamp(r.At),
			Reason: "is outside the years 1678 to 2261", Err: ErrInvalid}
	}
	b.add(r.Account, r.At.UnixNano(), binOf(r.Kind, r.Score))
	return nil
}

// AppendScore adds a response of account id at instant at, scoring score
// on question k: the form in which a loader appends rows without building
// a [Response] each. The error is an [*account.FieldError] (Record
// "Response", no ID) wrapping [ErrInvalid] for an id that is not a valid
// account ID, an instant that is zero or outside the years 1678 to 2261,
// a kind that is not known, or a score outside the kind's range.
func (b *ResponseBatch) AppendScore(id account.ID, at time.Time, k ResponseKind, score int) error {
	fail := func(field string, value any, reason string) error {
		if s, ok := value.(string); ok {
			value = strings.Clone(s) // the caller's bytes do not escape
		}
		return &account.FieldError{Record: "Response", Field: field, Value: value, Reason: reason, Err: ErrInvalid}
	}
	if _, ok := b.codes[id]; !ok {
		if reason := idReason(string(id)); reason != "" {
			return fail("Account", string(id), reason)
		}
	}
	switch {
	case at.IsZero():
		return fail("At", nil, "is missing")
	case at.Before(minInstant) || at.After(maxInstant):
		return fail("At", stamp(at), "is outside the years 1678 to 2261")
	}
	lo, hi, ok := k.Range()
	if !ok {
		return fail("Kind", int(k), "must be nps, csat or effort")
	}
	if score < lo || score > hi {
		return fail("Score", score, "is outside the range of "+k.String())
	}
	b.add(id, at.UnixNano(), binOf(k, score))
	return nil
}

func (b *ResponseBatch) add(id account.ID, ns int64, bin uint8) {
	code, ok := b.codes[id]
	if !ok {
		if b.codes == nil {
			b.codes = make(map[account.ID]int32)
		}
		id = account.ID(strings.Clone(string(id)))
		code = int32(len(b.ids))
		b.codes[id] = code
		b.ids = append(b.ids, id)
	}
	b.acct = append(b.acct, code)
	b.at = append(b.at, ns)
	b.bin = append(b.bin, bin)
}

// minChunk is the fewest responses worth a goroutine of their own.
const minChunk = 1 << 16

// SatisfactionBatch computes the satisfaction report of the responses in b,
// as [Satisfaction] does for a stream: the same rows, errors and
// guarantees, from the columns of b, on every core. With counts of (account,
// period) pairs far fewer than the responses, each core counts a share of
// the responses in a grid of its own; otherwise one core counts them all.
func SatisfactionBatch(b *ResponseBatch, accounts []account.Account, o SatisfactionOptions) (SatisfactionReport, error) {
	pf, err := newPortfolio(accounts, o)
	if err != nil {
		return SatisfactionReport{}, err
	}
	n := b.Len()
	if int64(n) > MaxResponses {
		return SatisfactionReport{}, &account.FieldError{Record: "Argument", Field: "b", Value: n,
			Reason: "holds more than the most responses a report counts", Err: ErrInvalid}
	}
	idx := make([]int32, len(b.ids))
	for c, id := range b.ids {
		pi, ok := pf.index[id]
		if !ok {
			return SatisfactionReport{}, unknownAccount("", id)
		}
		idx[c] = int32(pi)
	}
	t := newTally(o.By.Periods)
	size := len(b.ids) * t.periods * numBins
	k := parallel.Chunks(n, minChunk)
	if size > n/4 {
		k = 1 // a grid per core would cost more than it saves
	}
	tallies := make([]*tally, k)
	parallel.For(k, n, func(c, lo, hi int) {
		tc := t
		if c > 0 {
			tc = &tally{periods: t.periods, bounds: t.bounds}
		}
		tc.counts = make([]uint32, size)
		tc.count(b, lo, hi)
		tallies[c] = tc
	})
	// Sum the grids, each core a range of them.
	if k > 1 {
		parallel.For(k, size, func(_, lo, hi int) {
			dst := t.counts[lo:hi]
			for _, tc := range tallies[1:] {
				for i, v := range tc.counts[lo:hi] {
					dst[i] += v
				}
			}
		})
		for _, tc := range tallies[1:] {
			t.outside += tc.outside
		}
	}
	t.responses = n
	return pf.report(t, idx, o)
}

// count counts the responses lo to hi of b.
func (t *tally) count(b *ResponseBatch, lo, hi int) {
	acct, at, bin := b.acct[lo:hi], b.at[lo:hi], b.bin[lo:hi]
	counts, periods := t.counts, t.periods
	if t.bounds == nil {
		for i, c := range acct {
			counts[int(c)*numBins+int(bin[i])]++
		}
		return
	}
	outside := 0
	for i, c := range acct {
		p := t.period(at[i])
		if p < 0 {
			outside++
			continue
		}
		counts[(int(c)*periods+p)*numBins+int(bin[i])]++
	}
	t.outside += outside
}
