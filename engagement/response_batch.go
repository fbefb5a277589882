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
	n     int

	// The rows, in shards by account code: shard s holds the accounts
	// whose code is s modulo numShards, so that goroutines counting
	// different shards write to different counts and need no grid of
	// their own.
	shards [numShards]shard
}

// numShards is the number of shards of a ResponseBatch: enough to share
// out among the cores evenly.
const numShards = 16

// A shard is the columns of some rows of a ResponseBatch.
type shard struct {
	acct []int32 // the account's code
	at   []int64 // Unix ns
	bin  []uint8 // the question and score
}

// Len returns the number of responses in b.
func (b *ResponseBatch) Len() int { return b.n }

// Grow makes room for about n more responses of many accounts without
// reallocating.
func (b *ResponseBatch) Grow(n int) {
	m := n/numShards + n/(4*numShards) + 64 // a margin for uneven shards
	for i := range b.shards {
		sh := &b.shards[i]
		if m <= cap(sh.at)-len(sh.at) {
			continue
		}
		sh.acct = append(make([]int32, 0, len(sh.acct)+m), sh.acct...)
		sh.at = append(make([]int64, 0, len(sh.at)+m), sh.at...)
		sh.bin = append(make([]uint8, 0, len(sh.bin)+m), sh.bin...)
	}
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
	sh := &b.shards[code%numShards]
	sh.acct = append(sh.acct, code)
	sh.at = append(sh.at, ns)
	sh.bin = append(sh.bin, bin)
	b.n++
}

// minChunk is the fewest responses worth a goroutine of their own.
const minChunk = 1 << 16

// SatisfactionBatch computes the satisfaction report of the responses in b,
// as [Satisfaction] does for a stream: the same rows, errors and
// guarantees, from the columns of b, on every core (each counts the
// responses of its share of the accounts).
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
	t.counts = make([]uint32, len(b.ids)*t.periods*numBins)
	t.shardBase = make([]int, numShards)
	for s := 1; s < numShards; s++ {
		codes := (len(b.ids) - (s - 1) + numShards - 1) / numShards // the codes ≡ s-1 modulo numShards
		t.shardBase[s] = t.shardBase[s-1] + codes*t.periods*numBins
	}
	k := min(parallel.Chunks(n, minChunk), numShards)
	outside := make([]int, k)
	parallel.For(k, numShards, func(c, lo, hi int) {
		for s := lo; s < hi; s++ {
			outside[c] += t.count(&b.shards[s], t.counts[t.shardBase[s]:])
		}
	})
	for _, o := range outside {
		t.outside += o
	}
	t.responses = n
	return pf.report(t, idx, o)
}

// count counts the responses of sh into counts, its shard's part of the
// grid, and returns how many were outside every period. Calls for
// different shards may run at once.
func (t *tally) count(sh *shard, counts []uint32) int {
	acct, at, bin := sh.acct, sh.at[:len(sh.acct)], sh.bin[:len(sh.acct)]
	periods := t.periods
	if t.bounds == nil {
		for i, c := range acct {
			counts[int(c/numShards)*numBins+int(bin[i])]++
		}
		return 0
	}
	outside := 0
	for i, c := range acct {
		p := t.period(at[i])
		if p < 0 {
			outside++
			continue
		}
		counts[(int(c/numShards)*periods+p)*numBins+int(bin[i])]++
	}
	return outside
}
