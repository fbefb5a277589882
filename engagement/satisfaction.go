package engagement

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/internal/parallel"
	"github.com/shopspring/decimal"
)

// MaxPeriods is the most periods a [Grouping] may divide time into.
// A satisfaction report counts every (account, period) pair of the grid
// in 92 bytes, whether or not the account answered in the period.
const MaxPeriods = 400

// MaxResponses is the most responses one satisfaction report counts:
// counts are kept in 32 bits.
const MaxResponses = math.MaxUint32

// Grouping says which dimensions a satisfaction report breaks its rows
// down by, as sla.Grouping does for compliance.
//
// The zero Grouping gives one row over every account and all time.
type Grouping struct {
	Account  bool // a row per account
	Tier     bool // a row per tier
	Segment  bool // a row per segment label
	Audience bool // a row per audience: internal or external

	// Periods, if set, are the bounds of consecutive half-open periods:
	// period i is [Periods[i], Periods[i+1]), so n+1 bounds make n
	// periods (five quarter starts make four quarters). Bounds must
	// increase strictly, be at least two and at most MaxPeriods+1, and lie
	// within the range of int64 Unix nanoseconds (the years 1678 to 2261).
	// Responses outside every period are counted in
	// [SatisfactionReport.Outside], and in no row. Without Periods every
	// response counts, in one period of all time.
	Periods []time.Time
}

// SatisfactionOptions says how to group and weight a satisfaction report,
// and where the accounts' tiers, segments and values come from.
//
// The zero SatisfactionOptions gives one row over every response, one vote
// each.
type SatisfactionOptions struct {
	By        Grouping  // the rows
	Weighting Weighting // how much each response counts

	// TierOf, if not nil, gives each account's tier in place of
	// account.Account.Tier (an account missing from it is
	// account.Unassigned): the tiers of a re-tiering plan, say, before it
	// is applied.
	TierOf map[account.ID]account.Tier

	// SegmentOf, if not nil, gives each account's segment label in place of
	// account.Account.Segment (an account missing from it has the label
	// ""): the RFM segments of package segmentation, say.
	SegmentOf map[account.ID]string

	// Values gives each account's value (revenue, or cost for an internal
	// customer) for WeightingValue: every account with a response must
	// have a positive value, all in one currency. Other weightings ignore
	// it.
	Values map[account.ID]account.Money
}

// Validate reports every problem with o as joined [*account.FieldError]
// values (Record "SatisfactionOptions") wrapping [ErrInvalid]: a Weighting
// that is not known, and Periods that are not strictly increasing bounds
// within range (see [Grouping]).
func (o SatisfactionOptions) Validate() error {
	var errs fault.List
	add := func(field string, value any, reason string) {
		errs.Add(&account.FieldError{Record: "SatisfactionOptions", Field: field, Value: value, Reason: reason, Err: ErrInvalid})
	}
	if !weightingNames.Valid(o.Weighting) {
		add("Weighting", int(o.Weighting), "is not a known Weighting")
	}
	ps := o.By.Periods
	switch {
	case len(ps) == 1:
		add("By.Periods", nil, "must have at least two bounds (one period)")
	case len(ps) > MaxPeriods+1:
		add("By.Periods", len(ps), "must have at most "+strconv.Itoa(MaxPeriods+1)+" bounds")
	}
	for i, t := range ps {
		field := "By.Periods[" + strconv.Itoa(i) + "]"
		switch {
		case t.Before(minInstant) || t.After(maxInstant):
			add(field, stamp(t), "is outside the years 1678 to 2261")
		case i > 0 && !ps[i-1].Before(t):
			add(field, stamp(t), "is not after the bound before it")
		}
	}
	return errs.Err()
}

// The instants a report can place in periods: those of int64 Unix
// nanoseconds.
var (
	minInstant = time.Unix(0, math.MinInt64)
	maxInstant = time.Unix(0, math.MaxInt64)
)

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// A SatisfactionReport holds satisfaction figures with their 95% intervals,
// one row per group of responses.
//
// The zero SatisfactionReport has no rows.
type SatisfactionReport struct {
	By        Grouping          // the dimensions of the rows
	Weighting Weighting         // how responses were weighted
	Rows      []SatisfactionRow // ordered by Account, Tier, Segment, Audience, From
	Responses int               // the responses read
	Outside   int               // of which outside every period, and in no row
}

// A SatisfactionRow is the satisfaction of one group of responses: those
// of one value of each dimension of the report's grouping. Every row has at
// least one response.
type SatisfactionRow struct {
	// The group. Each field is set only when the report groups by it;
	// otherwise it is zero (Audience is account.AudienceAll).
	Account  account.ID       // the account, if grouped by account
	Tier     account.Tier     // the tier, if grouped by tier
	Segment  string           // the segment label, if grouped by segment
	Audience account.Audience // the audience, if grouped by audience
	From, To time.Time        // the period [From, To), if grouped by period

	NPS    Estimate // net promoter score, in points from -100 to 100
	CSAT   Estimate // customer satisfaction: the percentage of 4s and 5s
	Effort Estimate // customer effort: the mean score, from 1 to 7
}

// An Estimate is one satisfaction figure with its 95% interval; see
// "Figures and intervals" in the package documentation for how each is
// computed and rounded. Low ≤ Value ≤ High always holds.
//
// The zero Estimate has no responses and no figure.
type Estimate struct {
	Responses int // the responses counted
	Accounts  int // the accounts they came from

	// EffectiveN is the effective number of responses behind the
	// interval: Responses when each response has one vote, fewer when
	// weighting makes some responses count more than others. Rounded half
	// away from zero to hundredths.
	EffectiveN decimal.Decimal

	Value decimal.Decimal // the figure, rounded half away from zero to hundredths
	Low   decimal.Decimal // the interval's lower bound, rounded down to hundredths
	High  decimal.Decimal // the interval's upper bound, rounded up to hundredths
}

// A Shift compares two estimates of one figure; see [Compare].
type Shift struct {
	Delta decimal.Decimal // after's Value less before's
	Low   decimal.Decimal // the lower bound of Delta's 95% interval
	High  decimal.Decimal // the upper bound of Delta's 95% interval
	Trend Trend           // what the interval says
}

// Compare compares an estimate with an earlier one of the same figure:
// the change, its 95% interval, and the trend that interval shows.
//
// The interval of the change combines the two estimates' own intervals by
// Newcombe's square-and-add method (also called MOVER): for a change
// d = A − B from B (before, interval [lB, uB]) to A (after, [lA, uA]), it
// is
//
//	[d − √((A − lA)² + (uB − B)²),  d + √((uA − A)² + (B − lB)²)]
//
// with each square root rounded up to hundredths. For the symmetric
// intervals of NPS and effort this is the usual d ± 1.96·√(se_A² + se_B²);
// for the Wilson intervals of CSAT it is Newcombe's interval for a
// difference of proportions. The trend is then
//
//   - [TrendUnknown] if either estimate has no responses;
//   - [TrendUp] if the interval lies above zero, [TrendDown] if below;
//   - [TrendFlat] if it lies within [−margin, +margin]: the figure held
//     to within margin (points, percentage points or effort score);
//   - [TrendNoise] otherwise: the change may be noise.
//
// So an NPS that "rose from 31 to 38" on a dozen responses is TrendNoise.
//
// Compare returns an [*account.FieldError] wrapping [ErrInvalid] for a
// negative margin (Record "Argument", Field "margin"), or an estimate
// whose Value is outside its [Low, High] (Field "before" or "after").
func Compare(before, after Estimate, margin decimal.Decimal) (Shift, error) {
	if margin.IsNegative() {
		return Shift{}, &account.FieldError{Record: "Argument", Field: "margin", Value: margin, Reason: "must not be negative", Err: ErrInvalid}
	}
	for _, e := range []struct {
		name string
		e    Estimate
	}{{"before", before}, {"after", after}} {
		if e.e.Responses > 0 && (e.e.Value.LessThan(e.e.Low) || e.e.Value.GreaterThan(e.e.High)) {
			return Shift{}, &account.FieldError{Record: "Argument", Field: e.name, Value: e.e.Value,
				Reason: "is outside its interval [" + e.e.Low.String() + ", " + e.e.High.String() + "]", Err: ErrInvalid}
		}
	}
	if before.Responses == 0 || after.Responses == 0 {
		return Shift{Trend: TrendUnknown}, nil
	}
	f := func(d decimal.Decimal) float64 { return d.InexactFloat64() }
	a, b := after.Value, before.Value
	down := math.Hypot(f(a.Sub(after.Low)), f(before.High.Sub(b)))
	up := math.Hypot(f(after.High.Sub(a)), f(b.Sub(before.Low)))
	s := Shift{Delta: a.Sub(b)}
	s.Low = s.Delta.Sub(hundredths(ceilHundredths(down)))
	s.High = s.Delta.Add(hundredths(ceilHundredths(up)))
	switch {
	case s.Low.IsPositive():
		s.Trend = TrendUp
	case s.High.IsNegative():
		s.Trend = TrendDown
	case !s.Low.LessThan(margin.Neg()) && !s.High.GreaterThan(margin):
		s.Trend = TrendFlat
	default:
		s.Trend = TrendNoise
	}
	return s, nil
}

// Satisfaction computes satisfaction figures with their 95% intervals from
// a stream of responses (as [ResponseStore.Responses] yields them), for
// the accounts of a portfolio, grouped and weighted as o says.
//
// Every response must be valid and belong to an account of accounts, which
// gives its tier, segment and audience (see [SatisfactionOptions]);
// accounts without responses have no rows. The report does not depend on
// the order of the responses or of the accounts.
//
// Satisfaction takes memory for the counts of every (account, period)
// pair of accounts that answered (92 bytes each; see [MaxPeriods]), not
// for the responses. For millions of responses held in memory,
// [SatisfactionBatch] is several times faster.
//
// Errors: options that fail [SatisfactionOptions.Validate]; two accounts
// with one ID (Record "Argument", Field "accounts[i]"); a response that
// fails [Response.Validate], whose account is not in accounts
// ([ErrUnknownAccount]), or whose At is outside the years 1678 to 2261;
// under WeightingValue, an account with responses and no positive value or
// one in another currency (Record "SatisfactionOptions", Field
// "Values[id]"; the currency error wraps [account.ErrCurrencyMismatch]);
// more than [MaxResponses] responses. All of them but the last wrap
// [ErrInvalid]. The first error responses yields stops the report, and is
// returned wrapped with the number of the response that carried it.
func Satisfaction(responses iter.Seq2[Response, error], accounts []account.Account, o SatisfactionOptions) (SatisfactionReport, error) {
	pf, err := newPortfolio(accounts, o)
	if err != nil {
		return SatisfactionReport{}, err
	}
	t := newTally(o.By.Periods)
	codeOf := make([]int32, len(pf.ids))
	for i := range codeOf {
		codeOf[i] = -1
	}
	var idx []int32 // code → portfolio index
	n := 0
	for r, err := range responses {
		if err != nil {
			return SatisfactionReport{}, fmt.Errorf("engagement: satisfaction: response %d: %w", n, err)
		}
		if int64(n) >= MaxResponses {
			return SatisfactionReport{}, fmt.Errorf("engagement: satisfaction: more than %d responses", MaxResponses)
		}
		n++
		if err := r.Validate(); err != nil {
			return SatisfactionReport{}, err
		}
		pi, ok := pf.index[r.Account]
		if !ok {
			return SatisfactionReport{}, unknownAccount(r.ID, r.Account)
		}
		if r.At.Before(minInstant) || r.At.After(maxInstant) {
			return SatisfactionReport{}, &account.FieldError{Record: "Response", ID: string(r.ID), Field: "At", Value: stamp(r.At),
				Reason: "is outside the years 1678 to 2261", Err: ErrInvalid}
		}
		code := codeOf[pi]
		if code < 0 {
			code = int32(len(idx))
			codeOf[pi] = code
			idx = append(idx, int32(pi))
			t.counts = append(t.counts, make([]uint32, t.periods*numBins)...)
		}
		t.add(code, r.At.UnixNano(), binOf(r.Kind, r.Score))
	}
	t.responses = n
	return pf.report(t, idx, o)
}

func unknownAccount(id ResponseID, acct account.ID) error {
	return &account.FieldError{Record: "Response", ID: string(id), Field: "Account", Value: string(acct),
		Reason: "is not in the portfolio", Err: ErrUnknownAccount}
}

// A tally counts responses per (account code, period, score).
type tally struct {
	periods int
	bounds  []int64  // the periods' bounds in Unix ns; nil for one period of all time
	rel     []uint64 // bounds[i] - bounds[0], computed in uint64 without overflow
	counts  []uint32 // counts[offset(code, period) + bin]

	// shardBase, if set, lays the counts out by shard of a ResponseBatch:
	// the accounts of shard s (code s modulo numShards) from
	// shardBase[s] on, so that counting one shard touches one part of
	// the grid. Without it the counts are in code order.
	shardBase []int
	outside   int
	responses int
}

func newTally(periods []time.Time) *tally {
	t := &tally{periods: 1}
	if len(periods) > 0 {
		t.periods = len(periods) - 1
		t.bounds = make([]int64, len(periods))
		t.rel = make([]uint64, len(periods))
		for i, p := range periods {
			t.bounds[i] = p.UnixNano()
			t.rel[i] = uint64(t.bounds[i]) - uint64(t.bounds[0])
		}
	}
	return t
}

// period returns the period of instant ns, or -1 if it is in none.
//
// It works on ns - bounds[0] in uint64, where an instant before the
// first bound wraps to a number above every bound (2⁶⁴ + ns - bounds[0] >
// 2⁶³ > bounds[n] - bounds[0]), so that one comparison finds an instant
// outside the periods. Up to 8 periods it counts the bounds at or below
// the instant without a branch: random instants would mispredict a binary
// search's branches.
func (t *tally) period(ns int64) int {
	rel := t.rel
	if rel == nil {
		return 0
	}
	r := uint64(ns) - uint64(t.bounds[0])
	if r >= rel[len(rel)-1] {
		return -1
	}
	if len(rel) <= 9 {
		p := 0
		for _, b := range rel[1 : len(rel)-1] {
			_, borrow := bits.Sub64(r, b, 0)
			p += int(1 - borrow)
		}
		return p
	}
	lo, hi := 0, len(rel)-1 // rel[lo] ≤ r < rel[hi]
	for hi-lo > 1 {
		mid := int(uint(lo+hi) >> 1)
		if r < rel[mid] {
			hi = mid
		} else {
			lo = mid
		}
	}
	return lo
}

func (t *tally) add(code int32, ns int64, bin uint8) {
	p := t.period(ns)
	if p < 0 {
		t.outside++
		return
	}
	t.counts[t.offset(int(code), p)+int(bin)]++
}

// offset returns where the counts of an account code in a period start.
func (t *tally) offset(code, period int) int {
	if t.shardBase == nil {
		return (code*t.periods + period) * numBins
	}
	return t.shardBase[code%numShards] + (code/numShards*t.periods+period)*numBins
}

// A portfolio is the accounts of a report, in ID order, with what the
// report needs of each.
type portfolio struct {
	ids      []account.ID // by ID
	index    map[account.ID]int
	tiers    []account.Tier
	segments []string
	internal []bool
}

func newPortfolio(accounts []account.Account, o SatisfactionOptions) (*portfolio, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	order := make([]int32, len(accounts))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return cmp.Compare(accounts[a].ID, accounts[b].ID) })
	n := len(accounts)
	pf := &portfolio{ids: make([]account.ID, n), index: make(map[account.ID]int, n), tiers: make([]account.Tier, n),
		segments: make([]string, n), internal: make([]bool, n)}
	for i, j := range order {
		a := &accounts[j]
		if i > 0 && pf.ids[i-1] == a.ID {
			return nil, &account.FieldError{Record: "Argument", Field: "accounts[" + strconv.Itoa(int(j)) + "]", // the second of the two
				Value: string(a.ID), Reason: "repeats an account ID", Err: ErrInvalid}
		}
		pf.ids[i], pf.index[a.ID] = a.ID, i
		pf.tiers[i], pf.segments[i], pf.internal[i] = a.Tier, a.Segment, a.Internal
		if o.TierOf != nil {
			pf.tiers[i] = o.TierOf[a.ID]
		}
		if o.SegmentOf != nil {
			pf.segments[i] = o.SegmentOf[a.ID]
		}
	}
	return pf, nil
}

// A cell is the counts of one (account, period) pair: one account's part
// of a row.
type cell struct {
	row    int32    // the row it counts in
	counts []uint32 // numBins of them
	weight *big.Int // the account's coefficient of value under WeightingValue
	value  float64  // the same, as a float
}

// report turns the counts of t into rows. idx maps t's account codes to
// portfolio indexes.
func (pf *portfolio) report(t *tally, idx []int32, o SatisfactionOptions) (SatisfactionReport, error) {
	rep := SatisfactionReport{By: o.By, Weighting: o.Weighting, Responses: t.responses, Outside: t.outside}
	rep.By.Periods = slices.Clone(o.By.Periods)
	codes := make([]int32, len(pf.ids)) // portfolio index → code+1
	for c, pi := range idx {
		codes[pi] = int32(c) + 1
	}
	var weights []*big.Int // by code, under WeightingValue
	var fweights []float64
	if o.Weighting == WeightingValue {
		var err error
		if weights, fweights, err = pf.values(idx, t, o.Values); err != nil {
			return SatisfactionReport{}, err
		}
	}
	by := o.By
	type groupKey struct {
		tier     account.Tier
		segment  string
		audience account.Audience
		period   int
	}
	index := map[groupKey]int32{}
	// Which cells have counts, found in one pass over the grid in memory
	// order: the pass below visits the accounts in ID order, all over it.
	answered := make([]bool, len(t.counts)/numBins)
	nonEmpty := 0
	for i := range answered {
		if slices.ContainsFunc(t.counts[i*numBins:(i+1)*numBins], func(n uint32) bool { return n != 0 }) {
			answered[i] = true
			nonEmpty++
		}
	}
	cells := make([]cell, 0, nonEmpty) // by account ID, then period
	if by.Account {
		rep.Rows = make([]SatisfactionRow, 0, nonEmpty)
	}
	for pi, c := range codes {
		if c == 0 {
			continue
		}
		code := int(c - 1)
		for p := range t.periods {
			if !answered[t.offset(code, p)/numBins] {
				continue
			}
			off := t.offset(code, p)
			counts := t.counts[off : off+numBins : off+numBins]
			key := SatisfactionRow{}
			if by.Account {
				key.Account = pf.ids[pi]
			}
			if by.Tier {
				key.Tier = pf.tiers[pi]
			}
			if by.Segment {
				key.Segment = pf.segments[pi]
			}
			if by.Audience {
				key.Audience = account.AudienceExternal
				if pf.internal[pi] {
					key.Audience = account.AudienceInternal
				}
			}
			if t.bounds != nil {
				key.From, key.To = by.Periods[p], by.Periods[p+1]
			}
			cl := cell{counts: counts}
			if weights != nil {
				cl.weight, cl.value = weights[code], fweights[code]
			}
			if by.Account {
				// Each account's cells are rows of their own, already in
				// row order: no look-up.
				cl.row = int32(len(rep.Rows))
				rep.Rows = append(rep.Rows, key)
			} else {
				lk := groupKey{key.Tier, key.Segment, key.Audience, p}
				r, ok := index[lk]
				if !ok {
					r = int32(len(rep.Rows))
					index[lk] = r
					rep.Rows = append(rep.Rows, key)
				}
				cl.row = r
			}
			cells = append(cells, cl)
		}
	}
	if !by.Account {
		// Put the rows in order, and each row's cells together, keeping
		// them in account order within it.
		order := make([]int32, len(rep.Rows))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(a, b int32) int { return compareRows(&rep.Rows[a], &rep.Rows[b]) })
		rank := make([]int32, len(order))
		rows := make([]SatisfactionRow, len(order))
		for r, i := range order {
			rank[i] = int32(r)
			rows[r] = rep.Rows[i]
		}
		rep.Rows = rows
		for i := range cells {
			cells[i].row = rank[cells[i].row]
		}
	}
	// starts[r] is the first cell of row r.
	starts := make([]int, len(rep.Rows)+1)
	for _, c := range cells {
		starts[c.row+1]++
	}
	for r := range rep.Rows {
		starts[r+1] += starts[r]
	}
	if !by.Account {
		// A counting sort by row, stable: each row's cells stay in
		// account order.
		sorted := make([]cell, len(cells))
		next := slices.Clone(starts[:len(rep.Rows)])
		for _, c := range cells {
			sorted[next[c.row]] = c
			next[c.row]++
		}
		cells = sorted
	}
	// One task per row and measure, so that a few rows of many accounts
	// spread over the cores as well as many rows of one account.
	tasks := 3 * len(rep.Rows)
	parallel.For(parallel.Chunks(tasks, max(1, 3*4096*len(rep.Rows)/max(1, len(cells)))), tasks, func(_, lo, hi int) {
		var terms []term // reused from task to task
		for i := lo; i < hi; i++ {
			r, m := i/3, i%3
			e := estimate(&measures[m], cells[starts[r]:starts[r+1]], o.Weighting, &terms)
			row := &rep.Rows[r]
			switch m {
			case 0:
				row.NPS = e
			case 1:
				row.CSAT = e
			default:
				row.Effort = e
			}
		}
	})
	return rep, nil
}

func compareRows(a, b *SatisfactionRow) int {
	return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Tier, b.Tier), cmp.Compare(a.Segment, b.Segment),
		cmp.Compare(a.Audience, b.Audience), a.From.Compare(b.From))
}

// values returns, by account code, the coefficients of the accounts'
// values scaled to one exponent, and the values as floats.
func (pf *portfolio) values(idx []int32, t *tally, vs map[account.ID]account.Money) ([]*big.Int, []float64, error) {
	var cur account.Currency
	var curAcct account.ID
	exp := int32(0)
	amounts := make([]decimal.Decimal, len(idx))
	// Accounts in ID order, so that the error names the first at fault.
	order := slices.Clone(idx)
	codeOfPi := make(map[int32]int, len(idx))
	for c, pi := range idx {
		codeOfPi[pi] = c
	}
	slices.Sort(order)
	for _, pi := range order {
		code := codeOfPi[pi]
		if !t.answered(code) {
			continue
		}
		id := pf.ids[pi]
		field := "Values[" + string(id) + "]"
		m, ok := vs[id]
		if !ok {
			return nil, nil, &account.FieldError{Record: "SatisfactionOptions", Field: field, Reason: "is missing: every account with a response needs a value", Err: ErrInvalid}
		}
		if !m.Amount().IsPositive() {
			return nil, nil, &account.FieldError{Record: "SatisfactionOptions", Field: field, Value: m, Reason: "must be positive", Err: ErrInvalid}
		}
		if cur == "" {
			cur, curAcct = m.Currency(), id
		} else if m.Currency() != cur {
			return nil, nil, &account.FieldError{Record: "SatisfactionOptions", Field: field, Value: m,
				Reason: "is in another currency than account " + fault.Quote(string(curAcct)) + "'s " + string(cur), Err: account.ErrCurrencyMismatch}
		}
		amounts[code] = m.Amount()
		exp = min(exp, m.Amount().Exponent())
	}
	ws := make([]*big.Int, len(idx))
	fs := make([]float64, len(idx))
	for code, d := range amounts {
		if d.IsZero() {
			continue
		}
		w := d.Coefficient()
		w.Mul(w, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(d.Exponent()-exp)), nil))
		ws[code], fs[code] = w, d.InexactFloat64()
	}
	return ws, fs, nil
}

// answered reports whether the account of code has a response counted in
// a period.
func (t *tally) answered(code int) bool {
	off := t.offset(code, 0) // an account's periods are consecutive
	return slices.ContainsFunc(t.counts[off:off+t.periods*numBins], func(n uint32) bool { return n != 0 })
}

// estimate computes the estimate of measure m over the cells of one row.
//
// scratch is space for the accounts' terms, reused between calls.
func estimate(m *measure, cells []cell, w Weighting, scratch *[]term) Estimate {
	var e Estimate
	// Shares and weights in float64, for the interval; the figure itself
	// exactly, from the integer counts.
	var p [11]float64
	var w1, w2 float64
	var sumX, sumN int64
	terms := (*scratch)[:0] // each account's, for the exact weighted figure
	defer func() { *scratch = terms[:0] }()
	for _, c := range cells {
		h := c.counts[m.base : m.base+m.size]
		n := total(h)
		if n == 0 {
			continue
		}
		x := m.numerator(h)
		e.Responses += int(n)
		e.Accounts++
		sumX += x
		sumN += n
		if w != WeightingResponse && len(cells) > 1 {
			terms = append(terms, term{n, x, c.weight})
		}
		var wa float64 // the account's weight
		switch w {
		case WeightingResponse:
			wa = float64(n)
		case WeightingAccount:
			wa = 1
		default:
			wa = c.value
		}
		w1 += wa
		w2 += wa * wa / float64(n)
		for s, k := range h {
			p[s] += wa * float64(k) / float64(n)
		}
	}
	if e.Responses == 0 {
		return Estimate{}
	}
	ps := p[:m.size]
	for s := range ps {
		ps[s] /= w1
	}
	var v int64 // the figure in hundredths
	if w == WeightingResponse || e.Accounts == 1 {
		v = roundDiv(100*sumX, sumN)
		if w == WeightingResponse {
			e.EffectiveN = hundredths(100 * sumN)
		}
	} else {
		v = exactWeighted(terms, w)
	}
	neff := w1 * w1 / w2
	if w != WeightingResponse {
		if e.Accounts == 1 {
			neff = float64(sumN) // w2 = w1²/n exactly: no rounding
		}
		e.EffectiveN = hundredths(int64(math.Round(neff * 100)))
	}
	below, above := m.halfWidths(ps, neff)
	e.Value = hundredths(v)
	e.Low = hundredths(max(m.min, v-min(ceilHundredths(below), m.max-m.min)))
	e.High = hundredths(min(m.max, v+min(ceilHundredths(above), m.max-m.min)))
	return e
}

// total returns the number of responses a histogram counts.
func total(h []uint32) int64 {
	var n int64
	for _, k := range h {
		n += int64(k)
	}
	return n
}

// A term is one account's part of a weighted figure X/n.
type term struct {
	n, x   int64    // its responses, and the numerator of its figure
	weight *big.Int // its coefficient of value, under WeightingValue
}

// exactWeighted returns, in hundredths rounded half away from zero, the
// figure Σ w_a·X_a/n_a / Σ w_a over the terms of the accounts, computed
// exactly: the terms are summed per distinct n_a with integer numerators
// (in 64 bits for one vote per account, where |Σ X_a| ≤ 700 × 2³²), then
// over a common denominator.
func exactWeighted(terms []term, w Weighting) int64 {
	type sum struct {
		small int64    // Σ X_a, for WeightingAccount
		big   *big.Int // Σ w_a·X_a, for WeightingValue
	}
	nums := map[int64]*sum{}
	wsum := new(big.Int)
	tmp := new(big.Int)
	for _, t := range terms {
		num := nums[t.n]
		if num == nil {
			num = &sum{}
			nums[t.n] = num
		}
		if w == WeightingValue {
			if num.big == nil {
				num.big = new(big.Int)
			}
			num.big.Add(num.big, tmp.Mul(t.weight, tmp.SetInt64(t.x)))
			wsum.Add(wsum, t.weight)
		} else {
			num.small += t.x
		}
	}
	if w != WeightingValue {
		wsum.SetInt64(int64(len(terms)))
	}
	ns := make([]int64, 0, len(nums))
	for n := range nums {
		ns = append(ns, n)
	}
	slices.Sort(ns)
	lcm := big.NewInt(1)
	g := new(big.Int)
	for _, n := range ns {
		bn := big.NewInt(n)
		g.GCD(nil, nil, lcm, bn)
		lcm.Mul(lcm, bn.Quo(bn, g))
	}
	total := new(big.Int)
	f := new(big.Int)
	for _, n := range ns {
		f.Quo(lcm, tmp.SetInt64(n))
		num := nums[n].big
		if num == nil {
			num = tmp.SetInt64(nums[n].small)
		}
		total.Add(total, f.Mul(f, num))
	}
	total.Mul(total, big.NewInt(100))
	return roundRat(total, lcm.Mul(lcm, wsum))
}
