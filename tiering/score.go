package tiering

import (
	"hash/maphash"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/internal/parallel"
	"github.com/keyaccount/keyaccount/internal/rank"
)

// Scores holds the scores of a portfolio, as [Score] computed them: each
// account's total, and what is needed to explain it on demand.
//
// Accounts are numbered as in the slice given to Score, from 0 to Len()-1;
// use [Scores.Index] to find one by ID. Scores keeps that slice, without
// copying it: do not change the accounts while the Scores is in use.
//
// A Scores is immutable and safe for concurrent use. The zero Scores holds
// no accounts.
type Scores struct {
	accounts []account.Account
	runs     []cardRun
	card     []uint8  // the scorecard of each account; nil when there is one
	local    []int32  // each account's position among its scorecard's members; nil when there is one scorecard
	total    []uint16 // each account's total, in Points

	indexOnce sync.Once
	index     map[account.ID]int32
}

// cardRun is one scorecard applied to its members.
type cardRun struct {
	card    Scorecard
	members []int32 // the accounts it scores, ascending; nil means all
	weights []float64
	stats   []measureStats
	// norm[k][j] is the normalised value of measure k for member j, and
	// how[k][j] how a missing value was handled.
	norm [][]float64
	how  [][]Handling
}

// measureStats describes one measure over the members that have a value.
type measureStats struct {
	n                  int // members with a value
	min, max, mean, sd float64
	median             float64 // valid when hasMedian
	hasMedian          bool
}

// Handling says whether an account had a value for a measure and, if not,
// how the measure's [MissingPolicy] dealt with it. The zero Handling is
// [HandlingPresent].
type Handling uint8

// The handlings.
const (
	HandlingPresent Handling = iota // the account had a value
	HandlingWorst                   // no value: normalised 0, full weight (MissingWorst)
	HandlingMedian                  // no value: the portfolio median was used (MissingMedian)
	HandlingDropped                 // no value: the measure was left out and the rest re-weighted (MissingDrop)
)

var handlingNames = enum.New("Handling", map[Handling]string{
	HandlingPresent: "present",
	HandlingWorst:   "worst",
	HandlingMedian:  "median",
	HandlingDropped: "dropped",
})

// String returns "present", "worst", "median" or "dropped", or
// "%!Handling(9)" for an unknown value.
func (h Handling) String() string { return handlingNames.String(h) }

// MarshalText returns the Handling's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (h Handling) MarshalText() ([]byte, error) { return handlingNames.MarshalText(h, ErrInvalid) }

// UnmarshalText parses a name written by [Handling.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (h *Handling) UnmarshalText(text []byte) error {
	v, err := handlingNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*h = v
	}
	return err
}

// Score scores accounts with scorecards. Each account is scored by the first
// scorecard, in the order given, whose When [Selector] matches it: that
// order is the precedence, so list specific scorecards (say, one for
// internal customers) before a general one whose zero When matches every
// account. A
// scorecard after one that matches every account is unreachable, and an
// error.
//
// The relative normalisations see only the accounts of their own
// scorecard: an internal customer's percentile is among internal
// customers. The result for an account does not depend on the order of
// accounts, and Score is deterministic. It uses up to GOMAXPROCS
// goroutines.
//
// Errors all wrap [ErrInvalid]. The scorecards are checked first, and
// every problem is returned as an [*account.FieldError] (see
// [Scorecard.Validate]), joined: a missing or repeated name, a negative,
// NaN or infinite weight, weights that are all zero, a missing source, an
// unknown enumeration value, bands with a gap or an overlap, an
// unreachable scorecard. A problem with the data is returned as one
// [*account.FieldError] with Record "Account", ID the account and Field
// "ID" or, for a measure's raw value, "Values[<measure>]"; where several
// accounts have problems, the one with the smallest ID is reported, so the
// error too does not depend on the order of accounts. It wraps:
//   - [ErrInvalid] alone for an account without an ID;
//   - [ErrDuplicateAccount] for an ID that appears more than once;
//   - [ErrNoScorecard] for an account that no scorecard selects;
//   - [ErrUnknownAttribute] for an attribute that none of a scorecard's
//     accounts has (Record "Scorecard", Field "Measures[k].Source");
//   - [ErrBadValue] for a NaN or infinite raw value, a negative one under
//     [NormalisationLogMinMax], or one outside every band;
//   - [ErrMissingValue] for a missing value under [MissingFail], or a
//     [MissingMedian] measure that no account has a value for (Record
//     "Scorecard").
func Score(accounts []account.Account, cards ...Scorecard) (*Scores, error) {
	if err := validateCards(cards); err != nil {
		return nil, err
	}
	if err := checkIDs(accounts); err != nil {
		return nil, err
	}
	s := &Scores{accounts: accounts, runs: make([]cardRun, len(cards)), total: make([]uint16, len(accounts))}
	for i, c := range cards {
		s.runs[i].card = cloneCard(c)
	}
	if len(cards) > 1 || !cards[0].When.all() {
		if err := s.choose(); err != nil {
			return nil, err
		}
	}
	for i := range s.runs {
		if err := s.score(&s.runs[i]); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// parallelMin is the smallest chunk of accounts worth a goroutine of its
// own. Results never depend on how the work is split.
const parallelMin = 1 << 13

// cloneCard copies the slices of c, so that changes the caller makes after
// Score returns do not reach the Scores.
func cloneCard(c Scorecard) Scorecard {
	c.When.Segments = slices.Clone(c.When.Segments)
	c.Measures = slices.Clone(c.Measures)
	for i := range c.Measures {
		c.Measures[i].Bands = slices.Clone(c.Measures[i].Bands)
	}
	return c
}

// checkIDs reports an account without an ID, or the smallest ID that
// appears more than once. It sorts hashes of the IDs rather than the IDs,
// and compares IDs only where hashes collide.
func checkIDs(accounts []account.Account) error {
	for i := range accounts {
		if accounts[i].ID == "" {
			return accountErr("", "ID", nil, "is missing", ErrInvalid)
		}
	}
	if len(accounts) > math.MaxInt32 {
		return &account.FieldError{Record: "Score", Field: "accounts", Value: len(accounts), Reason: "too many accounts: at most 2³¹−1", Err: ErrInvalid}
	}
	n := len(accounts)
	keys, idx := make([]uint64, n), make([]int32, n)
	seed := maphash.MakeSeed()
	parallel.For(parallel.Chunks(n, parallelMin), n, func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			keys[i], idx[i] = maphash.String(seed, string(accounts[i].ID)), int32(i)
		}
	})
	rank.SortPairs(keys, idx, make([]uint64, n), make([]int32, n))
	var dup account.ID
	found := false
	for i, j := range keyRuns(keys) {
		for x := i; x < j; x++ {
			for y := x + 1; y < j; y++ {
				if id := accounts[idx[x]].ID; id == accounts[idx[y]].ID && (!found || id < dup) {
					dup, found = id, true
				}
			}
		}
	}
	if found {
		return accountErr(dup, "ID", nil, "appears more than once", ErrDuplicateAccount)
	}
	return nil
}

// valuesField names the raw value of the named measure in an error about
// an account: "Values[nps]".
func valuesField(measure string) string { return "Values[" + measure + "]" }

// choose picks each account's scorecard and lists each scorecard's members.
func (s *Scores) choose() error {
	n := len(s.accounts)
	s.card = make([]uint8, n)
	s.local = make([]int32, n)
	counts := make([]int32, len(s.runs))
	var first firstError
	for i := range s.accounts {
		a := &s.accounts[i]
		c := slices.IndexFunc(s.runs, func(r cardRun) bool { return r.card.When.Match(*a) })
		if c < 0 {
			first.offer(accountErr(a.ID, "", nil, "no scorecard selects the account (audience "+audienceOf(a)+", segment "+fault.Quote(a.Segment)+")", ErrNoScorecard), 0)
			continue
		}
		s.card[i] = uint8(c)
		s.local[i] = counts[c]
		counts[c]++
	}
	if first.err != nil {
		return first.err
	}
	for c := range s.runs {
		s.runs[c].members = make([]int32, 0, counts[c])
	}
	for i, c := range s.card {
		s.runs[c].members = append(s.runs[c].members, int32(i))
	}
	return nil
}

func audienceOf(a *account.Account) string {
	if a.Internal {
		return "internal"
	}
	return "external"
}

// size returns how many accounts r scores.
func (r *cardRun) size(s *Scores) int {
	if r.members == nil {
		return len(s.accounts)
	}
	return len(r.members)
}

// account returns the index in s.accounts of member j.
func (r *cardRun) account(j int) int {
	if r.members == nil {
		return j
	}
	return int(r.members[j])
}

// score computes the normalised values of r's members and their totals.
func (s *Scores) score(r *cardRun) error {
	m := r.size(s)
	ms := r.card.Measures
	r.weights = make([]float64, len(ms))
	r.stats = make([]measureStats, len(ms))
	r.norm = make([][]float64, len(ms))
	r.how = make([][]Handling, len(ms))
	for k := range ms {
		r.weights[k] = ms[k].Weight
		r.norm[k] = make([]float64, m)
		r.how[k] = make([]Handling, m)
	}

	// Raw values, with NaN for a missing one.
	k := parallel.Chunks(m, parallelMin)
	errs := make([]firstError, k)
	parallel.For(k, m, func(c, lo, hi int) {
		for j := lo; j < hi; j++ {
			a := &s.accounts[r.account(j)]
			for k := range ms {
				v, ok, reason := ms[k].Source.value(a)
				switch {
				case reason != "":
					errs[c].offer(accountErr(a.ID, valuesField(ms[k].Name), v, reason, ErrBadValue), k)
				case !ok:
					v = math.NaN()
				}
				r.norm[k][j] = v
			}
		}
	})
	var first firstError
	for _, e := range errs {
		first.merge(e)
	}
	if first.err != nil {
		return first.err
	}

	// Normalise each measure; measures are independent. Each worker keeps
	// its own sort buffers for the measures it takes.
	merrs := make([]error, len(ms))
	workers := min(len(ms), runtime.GOMAXPROCS(0))
	if parallel.Chunks(m, parallelMin) == 1 { // too few accounts to split
		workers = 1
	}
	var next atomic.Int32
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			var buf scratch
			for {
				k := int(next.Add(1)) - 1
				if k >= len(ms) {
					return
				}
				merrs[k] = s.normalise(r, k, &buf)
			}
		})
	}
	wg.Wait()
	for k := range ms {
		if merrs[k] == nil {
			continue
		}
		if fe, ok := merrs[k].(*account.FieldError); ok && fe.Record == "Account" {
			first.offer(fe, k)
			continue
		}
		return merrs[k] // a problem with the measure as a whole
	}
	if first.err != nil {
		return first.err
	}

	parallel.For(parallel.Chunks(m, parallelMin), m, func(_, lo, hi int) {
		var norm [64]float64
		var how [64]Handling
		for j := lo; j < hi; j++ {
			for k := range ms {
				norm[k], how[k] = r.norm[k][j], r.how[k][j]
			}
			t, _ := apportion(r.weights, norm[:len(ms)], how[:len(ms)], nil)
			s.total[r.account(j)] = uint16(t)
		}
	})
	return nil
}

// normalise replaces the raw values of measure k with normalised ones,
// handles the missing ones, and records the measure's statistics.
func (s *Scores) normalise(r *cardRun, k int, buf *scratch) error {
	ms := &r.card.Measures[k]
	vals := r.norm[k]
	how := r.how[k]
	st := &r.stats[k]
	st.min, st.max = math.Inf(1), math.Inf(-1)
	var sum exactSum
	missing := 0
	for _, v := range vals {
		if math.IsNaN(v) {
			missing++
			continue
		}
		st.n++
		st.min = min(st.min, v)
		st.max = max(st.max, v)
		if ms.Normalisation == NormalisationZScore {
			sum.add(v)
		}
	}
	measure := where{record: "Scorecard", id: r.card.Name, path: "Measures[" + strconv.Itoa(k) + "]"}
	if st.n == 0 && len(vals) > 0 && ms.Source.fn == nil {
		return measure.err("Source", ms.Source.attr, "no account of the scorecard has the attribute", ErrUnknownAttribute)
	}
	var first firstError
	if missing > 0 {
		switch ms.Missing {
		case MissingFail:
			for j, v := range vals {
				if math.IsNaN(v) {
					first.offer(accountErr(s.accounts[r.account(j)].ID, valuesField(ms.Name), nil, "no value, and the measure's missing-value policy is fail", ErrMissingValue), k)
				}
			}
			return first.get()
		case MissingMedian:
			if st.n == 0 {
				return measure.err("Missing", ms.Missing, "no account has a value, so there is no median to use", ErrMissingValue)
			}
		}
	}

	// Values in ascending order (as keys), with their members, where
	// needed.
	var sorted []uint64
	var members []int32
	if ms.Normalisation == NormalisationPercentileRank || (missing > 0 && ms.Missing == MissingMedian) {
		var keyBuf []uint64
		var memberBuf []int32
		sorted, members, keyBuf, memberBuf = buf.get(st.n)
		m := 0
		for j, v := range vals {
			if !math.IsNaN(v) {
				sorted[m], members[m] = floatKey(v), int32(j)
				m++
			}
		}
		rank.SortPairs(sorted, members, keyBuf, memberBuf)
		if missing > 0 && ms.Missing == MissingMedian {
			lo, hi := keyFloat(sorted[(st.n-1)/2]), keyFloat(sorted[st.n/2])
			st.median, st.hasMedian = midpoint(lo, hi), true
		}
	}

	var f func(x float64) (float64, string)
	spread := st.n > 0 && st.max > st.min
	switch ms.Normalisation {
	case NormalisationMinMax:
		lo, width := st.min, st.max-st.min
		// Raw values far apart (-1e308 and 1e308) span more than a float64
		// holds; halved, every difference fits.
		half := math.IsInf(width, 0)
		if half {
			lo, width = st.min/2, st.max/2-st.min/2
		}
		f = func(x float64) (float64, string) {
			if !spread {
				return 0.5, ""
			}
			if half {
				return clamp01((x/2 - lo) / width), ""
			}
			return clamp01((x - lo) / width), ""
		}
	case NormalisationLogMinMax:
		if st.n > 0 && st.min < 0 {
			for j, v := range vals {
				if v < 0 {
					first.offer(accountErr(s.accounts[r.account(j)].ID, valuesField(ms.Name), v, "log scaling needs raw values of 0 or more", ErrBadValue), k)
				}
			}
			return first.get()
		}
		lo := math.Log1p(st.min)
		width := math.Log1p(st.max) - lo
		f = func(x float64) (float64, string) {
			if !spread || width == 0 {
				return 0.5, ""
			}
			return clamp01((math.Log1p(x) - lo) / width), ""
		}
	case NormalisationZScore:
		if st.n > 0 {
			// Deviations are scaled by the largest magnitude so that
			// squaring them cannot overflow.
			st.mean = sum.quo(st.n)
			scale := max(math.Abs(st.min), math.Abs(st.max))
			if scale > 0 {
				var sq exactSum
				m := st.mean / scale
				for _, v := range vals {
					if !math.IsNaN(v) {
						d := v/scale - m
						sq.add(d * d)
					}
				}
				st.sd = scale * math.Sqrt(sq.quo(st.n))
			}
		}
		c := ms.Clip
		if c == 0 {
			c = 3
		}
		mean, sd := st.mean, st.sd
		f = func(x float64) (float64, string) {
			if sd == 0 || math.IsInf(sd, 0) {
				return 0.5, ""
			}
			z := max(-c, min(c, (x-mean)/sd))
			return clamp01((z + c) / (2 * c)), ""
		}
	case NormalisationPercentileRank:
		n := float64(st.n)
		for i, j := range keyRuns(sorted) {
			p := (float64(i) + float64(j-i)/2) / n
			for _, m := range members[i:j] {
				vals[m] = p
			}
		}
		f = func(x float64) (float64, string) { // for an imputed median only
			key := floatKey(x)
			below, _ := slices.BinarySearch(sorted, key)
			above, _ := slices.BinarySearch(sorted, key+1)
			return (float64(below) + float64(above-below)/2) / n, ""
		}
	case NormalisationBanded:
		bands := ms.Bands
		f = func(x float64) (float64, string) {
			b := bandOf(bands, x)
			if b < 0 {
				return 0, "raw value is outside every band"
			}
			return bands[b].Value, ""
		}
	}
	flip := ms.Direction == DirectionLowerIsBetter && ms.Normalisation != NormalisationBanded
	for j, v := range vals {
		if math.IsNaN(v) {
			continue
		}
		if ms.Normalisation != NormalisationPercentileRank {
			nv, reason := f(v)
			if reason != "" {
				first.offer(accountErr(s.accounts[r.account(j)].ID, valuesField(ms.Name), v, reason, ErrBadValue), k)
				continue
			}
			v = nv
		}
		if flip {
			v = 1 - v
		}
		vals[j] = v
	}
	if first.err != nil {
		return first.err
	}
	if missing == 0 {
		return nil
	}
	var imputed float64
	if ms.Missing == MissingMedian {
		nv, reason := f(st.median)
		if reason != "" {
			return measure.err("", st.median, "the median "+reason, ErrBadValue)
		}
		if flip {
			nv = 1 - nv
		}
		imputed = nv
	}
	h := Handling(ms.Missing) // MissingWorst, MissingMedian and MissingDrop line up with the handlings
	for j, v := range vals {
		if !math.IsNaN(v) {
			continue
		}
		how[j] = h
		vals[j] = 0
		if h == HandlingMedian {
			vals[j] = imputed
		}
	}
	return nil
}

// scratch holds the sort buffers a worker reuses from measure to measure.
type scratch struct {
	keys, keyBuf       []uint64
	members, memberBuf []int32
}

// get returns the keys and members to sort and the sort's scratch space,
// all of length n.
func (s *scratch) get(n int) (keys []uint64, members []int32, keyBuf []uint64, memberBuf []int32) {
	if cap(s.keys) < n {
		s.keys, s.keyBuf = make([]uint64, n), make([]uint64, n)
		s.members, s.memberBuf = make([]int32, n), make([]int32, n)
	}
	return s.keys[:n], s.members[:n], s.keyBuf[:n], s.memberBuf[:n]
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }

// midpoint returns the value halfway between lo and hi, lo <= hi, without
// overflowing when hi-lo does not fit in a float64.
func midpoint(lo, hi float64) float64 {
	if d := hi - lo; !math.IsInf(d, 0) {
		return lo + d/2
	}
	return lo/2 + hi/2
}

// apportion returns the total of one account from its measures' weights,
// normalised values and handlings, and its coverage. If points is not nil,
// it also fills it with each measure's points, which sum to the total
// exactly.
//
// Each measure that is not dropped contributes weight/active weight ×
// normalised × 10000 hundredths of a point. The total is the sum rounded
// to the nearest Points (halves up) and capped at MaxPoints; the points are
// the contributions rounded down, plus one for each of the measures with
// the largest remainders (ties to the earlier measure) until they reach the
// total: the largest-remainder method.
func apportion(w, norm []float64, how []Handling, points []Points) (Points, float64) {
	var all, active, present float64
	for k := range w {
		all += w[k]
		if how[k] != HandlingDropped {
			active += w[k]
		}
		if how[k] == HandlingPresent {
			present += w[k]
		}
	}
	coverage := present / all
	if active == 0 {
		clear(points)
		return 0, coverage
	}
	var contrib [64]float64
	sum := 0.0
	for k := range w {
		if how[k] == HandlingDropped {
			continue
		}
		// The conversions keep a compiler from fusing the multiply and
		// add, so every platform computes the same total.
		c := float64(float64(w[k]/active) * norm[k] * 10000)
		contrib[k] = c
		sum = float64(sum + c)
	}
	total := min(Points(math.Round(sum)), MaxPoints)
	if points == nil {
		return total, coverage
	}
	rest := total
	var order [64]int
	for k := range w {
		points[k] = Points(math.Floor(contrib[k]))
		rest -= points[k]
		order[k] = k
	}
	// Measures by remainder, largest first, ties to the earlier measure.
	rem := func(k int) float64 { return contrib[k] - float64(points[k]) }
	for i := 1; i < len(w); i++ {
		for j := i; j > 0 && rem(order[j]) > rem(order[j-1]); j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	for i := 0; rest > 0; i++ {
		if k := order[i%len(w)]; how[k] != HandlingDropped {
			points[k]++
			rest--
		}
	}
	for rest < 0 { // only if the sum was capped at MaxPoints
		best := 0
		for k := range w {
			if points[k] > points[best] {
				best = k
			}
		}
		points[best]--
		rest++
	}
	return total, coverage
}
