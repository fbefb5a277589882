package growth

import (
	"cmp"
	"iter"
	"math"
	"math/big"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/internal/parallel"
	"github.com/keyaccount/keyaccount/internal/rank"
	"github.com/shopspring/decimal"
)

// ErrPipelineCurrency reports a pipeline whose amounts (values and targets)
// are not all in one currency: convert them first. It wraps [ErrInvalid]
// and [account.ErrCurrencyMismatch].
var ErrPipelineCurrency = fault.New("growth: pipeline in more than one currency", ErrInvalid, account.ErrCurrencyMismatch)

// The instants a [Pipeline] can hold: its times are kept as nanoseconds
// since 1970, which reach from 1678 to 2262, and the pipeline takes the
// round years within that span.
var (
	minPipelineTime = time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	maxPipelineTime = time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)
)

// GroupBy chooses what [Pipeline.Figures] reports figures per.
//
// The zero GroupBy is [GroupByAll].
type GroupBy uint8

// The groupings.
const (
	// GroupByAll reports one group, with key "", for the whole pipeline.
	GroupByAll GroupBy = iota
	// GroupByAccount reports a group per account, keyed by account ID.
	GroupByAccount
	// GroupByOwner reports a group per owner (account manager), keyed by
	// manager ID.
	GroupByOwner
	// GroupByOffering reports a group per offering, keyed by offering ID.
	// An opportunity for several offerings counts, whole, in each of their
	// groups; one for none is in no group.
	GroupByOffering
)

var groupByNames = enum.New("GroupBy", map[GroupBy]string{
	GroupByAll:      "all",
	GroupByAccount:  "account",
	GroupByOwner:    "owner",
	GroupByOffering: "offering",
})

// String returns "all", "account", "owner" or "offering".
func (g GroupBy) String() string { return groupByNames.String(g) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
func (g GroupBy) MarshalText() ([]byte, error) { return groupByNames.MarshalText(g, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
func (g *GroupBy) UnmarshalText(text []byte) error {
	v, err := groupByNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*g = v
	}
	return err
}

// A Pipeline is a set of opportunities compiled for reading figures at any
// instant: built once with [NewPipeline], it answers [Pipeline.Figures],
// [Pipeline.Stale] and [Pipeline.Slipping] for any instant and period
// without going back to the opportunities. A Pipeline is immutable and
// safe for concurrent use.
//
// It holds about 32 bytes a change, 40 an opportunity plus 4 an offering,
// and each distinct account, owner and offering ID once.
type Pipeline struct {
	stages   Stages
	currency account.Currency
	scale    int32 // amounts are counted in units of 10^-scale
	ids      []OpportunityID
	opps     []popp
	changes  []pchange
	offers   []int32                   // offering indices, opps[i].offLo:offHi
	names    [numGroupBy][]string      // the group keys, ascending, per GroupBy (but GroupByAll)
	exact    map[int32]decimal.Decimal // amounts of changes[i] that do not fit a count of units
	// probUnits[s] is stage s's probability in units of 10^-probScale,
	// when every probability is a whole number of such units with
	// probScale at most 18; otherwise probUnits is nil.
	probUnits []uint64
	probScale int32
}

const numGroupBy = 4

type popp struct {
	lo, hi         int32 // changes[lo:hi]
	account, owner int32 // indices into names
	offLo, offHi   int32 // offers[offLo:offHi]
	kind           OpportunityKind
}

type pchange struct {
	at    int64  // UnixNano
	close int64  // UnixNano of the new expected close, or noClose
	units uint64 // the new value in units, noValue or exactValue
	stage uint8
}

const (
	noClose    = math.MinInt64
	noValue    = math.MaxUint64
	exactValue = math.MaxUint64 - 1 // the amount is in Pipeline.exact
)

// NewPipeline validates stages and every opportunity of opps against them
// ([Opportunity.Validate]) and compiles them into a [Pipeline]. Besides
// what Validate checks, opportunity IDs must be unique, every value in one
// currency (else the error wraps [ErrPipelineCurrency]), and every time
// (each change's At and ExpectedClose) from 1900 to 2200 (UTC).
//
// An error of opps is returned as it is, and the pipeline is not built.
// Otherwise the error joins at most 100 faults, each an
// [*account.FieldError] wrapping [ErrInvalid].
//
// NewPipeline costs time in proportion to the changes (and a map look-up
// per opportunity, account, owner and offering), and the memory of
// [Pipeline].
func NewPipeline(stages Stages, opps iter.Seq2[Opportunity, error]) (*Pipeline, error) {
	if err := stages.Validate(); err != nil {
		return nil, err
	}
	b := builder{
		p:     &Pipeline{stages: slices.Clone(stages), exact: map[int32]decimal.Decimal{}},
		seen:  map[OpportunityID]struct{}{},
		index: [numGroupBy]map[string]int32{{}, {}, {}, {}},
	}
	b.p.probUnits, b.p.probScale = probabilityUnits(stages)
	for o, err := range opps {
		if err != nil {
			return nil, err
		}
		b.add(o)
	}
	if err := b.errs.Err(); err != nil {
		return nil, err
	}
	b.finish()
	return b.p, nil
}

type builder struct {
	p     *Pipeline
	errs  fault.List
	seen  map[OpportunityID]struct{}
	index [numGroupBy]map[string]int32 // group key → index in order of first sight
}

func (b *builder) add(o Opportunity) {
	p := b.p
	bad := func(field string, value any, reason string, err error) {
		b.errs.Add(&account.FieldError{Record: "Opportunity", ID: string(o.ID), Field: field, Value: value, Reason: reason, Err: err})
	}
	if err := o.Validate(p.stages); err != nil {
		b.errs.Add(err)
		return
	}
	if _, dup := b.seen[o.ID]; dup {
		bad("ID", string(o.ID), "is repeated", ErrInvalid)
		return
	}
	b.seen[o.ID] = struct{}{}
	if cur := o.History[0].Value.Currency(); p.currency == "" {
		p.currency = cur
		p.scale = 2
		if m := cur.MinorUnits(); m >= 0 {
			p.scale = int32(m)
		}
	} else if cur != p.currency {
		bad("History[0].Value", o.History[0].Value, "is not in "+string(p.currency)+", the currency of the pipeline", ErrPipelineCurrency)
		return
	}
	for i, c := range o.History {
		if !inPipelineTime(c.At) {
			bad("History["+strconv.Itoa(i)+"].At", c.At, "must be from 1900 to 2200", ErrInvalid)
			return
		}
		if t := c.ExpectedClose; !t.IsZero() && !inPipelineTime(t) {
			bad("History["+strconv.Itoa(i)+"].ExpectedClose", t, "must be from 1900 to 2200", ErrInvalid)
			return
		}
	}
	if b.errs.Len() > 0 {
		return // the pipeline will not be built: spare the work
	}
	q := popp{lo: int32(len(p.changes)), kind: o.Kind,
		account: b.intern(GroupByAccount, string(o.Account)),
		owner:   b.intern(GroupByOwner, string(o.Owner)),
		offLo:   int32(len(p.offers)),
	}
	for _, off := range o.Offerings {
		p.offers = append(p.offers, b.intern(GroupByOffering, string(off)))
	}
	q.offHi = int32(len(p.offers))
	for _, c := range o.History {
		st, _ := p.stages.Index(c.To)
		pc := pchange{at: c.At.UnixNano(), close: noClose, units: noValue, stage: uint8(st)}
		if !c.ExpectedClose.IsZero() {
			pc.close = c.ExpectedClose.UnixNano()
		}
		if c.Value.Currency() != "" {
			if u, ok := units(c.Value.Amount(), p.scale); ok {
				pc.units = u
			} else {
				pc.units = exactValue
				p.exact[int32(len(p.changes))] = c.Value.Amount()
			}
		}
		p.changes = append(p.changes, pc)
	}
	q.hi = int32(len(p.changes))
	p.opps = append(p.opps, q)
	p.ids = append(p.ids, o.ID)
}

func (b *builder) intern(g GroupBy, key string) int32 {
	m := b.index[g]
	i, ok := m[key]
	if !ok {
		i = int32(len(m))
		m[key] = i
	}
	return i
}

// finish sorts the group keys and renumbers the opportunities' groups so
// that group order is key order.
func (b *builder) finish() {
	p := b.p
	var remap [numGroupBy][]int32
	for g := GroupByAccount; g < numGroupBy; g++ {
		names := make([]string, len(b.index[g]))
		for k, i := range b.index[g] {
			names[i] = k
		}
		order := make([]int32, len(names))
		for i := range order {
			order[i] = int32(i)
		}
		slices.SortFunc(order, func(x, y int32) int { return cmp.Compare(names[x], names[y]) })
		remap[g] = make([]int32, len(names))
		p.names[g] = make([]string, len(names))
		for to, from := range order {
			remap[g][from] = int32(to)
			p.names[g][to] = names[from]
		}
	}
	for i := range p.opps {
		p.opps[i].account = remap[GroupByAccount][p.opps[i].account]
		p.opps[i].owner = remap[GroupByOwner][p.opps[i].owner]
	}
	for i := range p.offers {
		p.offers[i] = remap[GroupByOffering][p.offers[i]]
	}
	// Order the opportunities by account (counting sort, stable), so that
	// figures per account add up each account's in one place rather than
	// all over memory. Nothing the pipeline returns depends on this order.
	start := make([]int32, len(p.names[GroupByAccount])+1)
	for _, q := range p.opps {
		start[q.account+1]++
	}
	for a := 1; a < len(start); a++ {
		start[a] += start[a-1]
	}
	order := make([]int32, len(p.opps))
	for i, q := range p.opps {
		order[start[q.account]] = int32(i)
		start[q.account]++
	}
	// Lay out the changes and offerings in the new order too, so that
	// reading stays sequential.
	opps, ids := make([]popp, len(p.opps)), make([]OpportunityID, len(p.ids))
	changes, offers := make([]pchange, 0, len(p.changes)), make([]int32, 0, len(p.offers))
	exact := make(map[int32]decimal.Decimal, len(p.exact))
	for k, i := range order {
		q := p.opps[i]
		lo := int32(len(changes))
		for j := q.lo; j < q.hi; j++ {
			if d, ok := p.exact[j]; ok {
				exact[lo+j-q.lo] = d
			}
		}
		changes = append(changes, p.changes[q.lo:q.hi]...)
		q.lo, q.hi = lo, int32(len(changes))
		off := int32(len(offers))
		offers = append(offers, p.offers[q.offLo:q.offHi]...)
		q.offLo, q.offHi = off, int32(len(offers))
		opps[k], ids[k] = q, p.ids[i]
	}
	p.opps, p.ids, p.changes, p.offers, p.exact = opps, ids, changes, offers, exact
}

func inPipelineTime(t time.Time) bool {
	return !t.Before(minPipelineTime) && t.Before(maxPipelineTime)
}

// units returns d, which is not negative, as a count of units of
// 10^-scale, if it is a whole number of them below exactValue.
func units(d decimal.Decimal, scale int32) (uint64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	c := d.CoefficientInt64()
	k := scale + d.Exponent()
	for ; k < 0 && c%10 == 0; k++ {
		c /= 10
	}
	if k < 0 || k > 19 || c < 0 {
		return 0, false
	}
	hi, lo := bits.Mul64(uint64(c), pow10(k))
	if hi != 0 || lo >= exactValue {
		return 0, false
	}
	return lo, true
}

// probabilityUnits returns the probabilities of stages as counts of units
// of 10^-scale, with the smallest scale that makes each a whole number, or
// nil if that scale is above 18.
func probabilityUnits(stages Stages) ([]uint64, int32) {
	var scale int32
	for _, st := range stages {
		scale = max(scale, -st.Probability.Exponent())
	}
	if scale > 18 {
		return nil, 0
	}
	out := make([]uint64, len(stages))
	for i, st := range stages {
		u, ok := units(st.Probability, scale)
		if !ok {
			return nil, 0
		}
		out[i] = u
	}
	return out, scale
}

func pow10(k int32) uint64 {
	p := uint64(1)
	for range k {
		p *= 10
	}
	return p
}

// Len returns the number of opportunities in the pipeline.
func (p *Pipeline) Len() int { return len(p.opps) }

// Currency returns the currency of the pipeline's amounts, or "" if it has
// no opportunities.
func (p *Pipeline) Currency() account.Currency { return p.currency }

// FigureOptions says which figures [Pipeline.Figures] computes.
type FigureOptions struct {
	// AsOf is the instant the pipeline is read at: changes after it are
	// not seen. Required, from 1900 to 2200.
	AsOf time.Time
	// From and To bound the period [From, To) over which opportunities won
	// and lost and the stays in each stage that ended are counted. Both
	// zero means all time up to AsOf; otherwise From is before To, and To
	// is not after AsOf.
	From, To time.Time
	// By chooses the groups.
	By GroupBy
	// Targets gives a target for the weighted pipeline of some groups, by
	// group key ("" for GroupByAll). Each is positive and in the
	// pipeline's currency. A group with a target is reported even if it has
	// no opportunities.
	Targets map[string]account.Money
}

// Figures are the pipeline figures of one group at one instant.
//
// Amounts are exact: a weighted value keeps every digit of value ×
// probability (round it with [account.Money.Round] to show it). When the
// pipeline has no currency (no opportunities), amounts are the zero Money.
type Figures struct {
	// Key is the group's account, owner or offering ID, or "" for
	// GroupByAll.
	Key string
	// Opportunities counts the group's opportunities that existed at AsOf.
	Opportunities int
	// Open counts those in an open stage at AsOf; OpenValue is the sum of
	// their values.
	Open      int
	OpenValue account.Money
	// Weighted is the sum over the open opportunities of value × the win
	// probability of their stage.
	Weighted account.Money
	// Won and Lost count the opportunities that reached the won or the
	// lost stage within the period; WonValue sums the values of those won,
	// as they were when won.
	Won, Lost int
	WonValue  account.Money
	// WinRate is Won / (Won + Lost), rounded half away from zero to 4
	// decimal places, or 0 when none closed in the period.
	WinRate decimal.Decimal
	// Stale counts the open opportunities with no change for longer than
	// their stage's MaxAge at AsOf.
	Stale int
	// Cycle gives, for each open stage (in the order of the stages) that
	// an opportunity left within the period, how long its stays lasted.
	Cycle []CycleTime
	// Target is the group's target from FigureOptions.Targets, or the zero
	// Money if it has none; Gap is Target − Weighted, and Coverage is
	// Weighted / Target rounded half away from zero to 4 decimal places
	// (both zero without a target).
	Target   account.Money
	Gap      account.Money
	Coverage decimal.Decimal
}

// A CycleTime is how long opportunities stayed in one stage: the stays
// that ended (by a move to another stage) within the period.
type CycleTime struct {
	Stage  string
	Stays  int           // the number of stays
	Median time.Duration // the median stay; of an even number, the mean of the middle two, rounded down to the nanosecond
}

// Figures returns the figures of each group of the pipeline at opt.AsOf,
// in ascending order of key: every group with an opportunity that existed
// at AsOf, and every group with a target.
//
// An opportunity counts as it stood at AsOf: its stage, value and
// expected close are those its history gives at that instant, so the
// figures at a past instant equal the figures of the pipeline of the
// opportunities read at that instant ([AsOf]).
//
// The error, for options out of range, is an [*account.FieldError] with
// Record "FigureOptions" wrapping [ErrInvalid] (or [ErrPipelineCurrency]
// for a target in another currency).
//
// Figures costs time in proportion to the changes up to AsOf (and to
// sorting the stays that ended in the period), on up to GOMAXPROCS
// goroutines.
func (p *Pipeline) Figures(opt FigureOptions) ([]Figures, error) {
	if err := p.checkOptions(opt); err != nil {
		return nil, err
	}
	groups := 1
	if opt.By != GroupByAll {
		groups = len(p.names[opt.By])
	}
	r := reader{p: p, by: opt.By, asOf: opt.AsOf.UnixNano(), from: math.MinInt64, to: math.MaxInt64}
	if !opt.From.IsZero() {
		r.from, r.to = opt.From.UnixNano(), opt.To.UnixNano()
	}
	k := parallel.Chunks(len(p.opps), 1<<15)
	tallies := make([]*tally, k)
	parallel.For(k, len(p.opps), func(c, lo, hi int) {
		tallies[c] = r.tally(groups, lo, hi)
	})
	t := tallies[0]
	if t == nil { // no opportunities
		t = newTally(groups, len(p.stages))
	}
	for _, u := range tallies[1:] {
		t.merge(u)
	}
	return p.report(t, opt, groups), nil
}

func (p *Pipeline) checkOptions(opt FigureOptions) error {
	bad := func(field string, value any, reason string, err error) error {
		return &account.FieldError{Record: "FigureOptions", Field: field, Value: value, Reason: reason, Err: err}
	}
	switch {
	case opt.AsOf.IsZero():
		return bad("AsOf", nil, "is missing", ErrInvalid)
	case !inPipelineTime(opt.AsOf):
		return bad("AsOf", opt.AsOf, "must be from 1900 to 2200", ErrInvalid)
	case opt.From.IsZero() != opt.To.IsZero():
		return bad("From", opt.From, "and To must be both zero or both set", ErrInvalid)
	case !opt.From.IsZero() && !opt.From.Before(opt.To):
		return bad("From", opt.From, "must be before To, "+opt.To.String(), ErrInvalid)
	case !opt.From.IsZero() && opt.To.After(opt.AsOf):
		return bad("To", opt.To, "must not be after AsOf, "+opt.AsOf.String(), ErrInvalid)
	case !opt.From.IsZero() && !inPipelineTime(opt.From):
		return bad("From", opt.From, "must be from 1900 to 2200", ErrInvalid)
	case !groupByNames.Valid(opt.By):
		return bad("By", opt.By, "is not a known GroupBy (one of "+groupByNames.List()+")", ErrInvalid)
	}
	var errs fault.List
	for _, key := range sortedKeys(opt.Targets) {
		m := opt.Targets[key]
		f := "Targets[" + fault.Quote(key) + "]"
		switch {
		case opt.By == GroupByAll && key != "":
			errs.Add(bad(f, key, `must be "" when grouping by all`, ErrInvalid))
		case opt.By != GroupByAll && nameReason(key) != "":
			errs.Add(bad(f, key, nameReason(key), ErrInvalid))
		case m.Currency() == "" || m.Sign() <= 0:
			errs.Add(bad(f, m, "must be positive", ErrInvalid))
		case p.currency != "" && m.Currency() != p.currency:
			errs.Add(bad(f, m, "is not in "+string(p.currency)+", the currency of the pipeline", ErrPipelineCurrency))
		}
	}
	return errs.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// u128 is an unsigned 128-bit sum of units: a million amounts of up to
// 2^64 units each cannot overflow it.
type u128 struct{ hi, lo uint64 }

func (s *u128) add(v uint64) {
	var c uint64
	s.lo, c = bits.Add64(s.lo, v, 0)
	s.hi += c
}

func (s *u128) addSum(v u128) {
	var c uint64
	s.lo, c = bits.Add64(s.lo, v.lo, 0)
	s.hi += v.hi + c
}

func (s u128) decimal(scale int32) decimal.Decimal {
	if s.hi == 0 && s.lo <= math.MaxInt64 {
		return decimal.New(int64(s.lo), -scale)
	}
	b := new(big.Int).SetUint64(s.hi)
	b.Lsh(b, 64).Or(b, new(big.Int).SetUint64(s.lo))
	return decimal.NewFromBigInt(b, -scale)
}

// A tally holds one chunk's sums. Group g's open values in stage s are
// open[g*S+s]; its won values are won[g].
type tally struct {
	stages int
	counts []groupCounts
	open   []u128
	won    []u128
	exact  map[int32]decimal.Decimal // exact sums: key g*S+s for open, -1-g for won
	stays  [][]stay                  // one list per chunk, not merged: report reads them all
}

type groupCounts struct{ opps, open, won, lost, stale int }

type stay struct {
	bucket int32 // g*S + stage
	d      int64
}

func newTally(groups, stages int) *tally {
	return &tally{
		stages: stages,
		counts: make([]groupCounts, groups),
		open:   make([]u128, groups*stages),
		won:    make([]u128, groups),
		exact:  map[int32]decimal.Decimal{},
	}
}

func (t *tally) merge(u *tally) {
	for i := range t.counts {
		c, d := &t.counts[i], u.counts[i]
		c.opps += d.opps
		c.open += d.open
		c.won += d.won
		c.lost += d.lost
		c.stale += d.stale
	}
	for i := range t.open {
		t.open[i].addSum(u.open[i])
	}
	for i := range t.won {
		t.won[i].addSum(u.won[i])
	}
	for k, v := range u.exact {
		t.exact[k] = t.exact[k].Add(v)
	}
	t.stays = append(t.stays, u.stays...) // the lists, not their stays
}

// reader replays opportunities' histories up to an instant.
type reader struct {
	p            *Pipeline
	by           GroupBy
	asOf         int64
	from, to     int64
	groupScratch []int32
}

// groups returns the groups opportunity i counts in.
func (r *reader) groups(q *popp) []int32 {
	switch r.by {
	case GroupByAccount:
		r.groupScratch = append(r.groupScratch[:0], q.account)
	case GroupByOwner:
		r.groupScratch = append(r.groupScratch[:0], q.owner)
	case GroupByOffering:
		return r.p.offers[q.offLo:q.offHi]
	default:
		r.groupScratch = append(r.groupScratch[:0], 0)
	}
	return r.groupScratch
}

// state is an opportunity as it stood at an instant.
type state struct {
	stage   int // -1: it did not exist yet
	units   uint64
	exactAt int32 // the change holding the exact value, when units is exactValue
	close   int64
	entered int64 // when it entered its stage
	last    int64 // its last change
}

func (t *tally) addValue(sum *u128, key int32, s *state, exact map[int32]decimal.Decimal) {
	if s.units == exactValue {
		t.exact[key] = t.exact[key].Add(exact[s.exactAt])
		return
	}
	sum.add(s.units)
}

func (r *reader) tally(groups, lo, hi int) *tally {
	p := r.p
	S := len(p.stages)
	t := newTally(groups, S)
	var stays []stay
	defer func() { t.stays = [][]stay{stays} }()
	r = &reader{p: r.p, by: r.by, asOf: r.asOf, from: r.from, to: r.to} // a scratch of its own
	for i := lo; i < hi; i++ {
		q := &p.opps[i]
		gs := r.groups(q)
		if len(gs) == 0 {
			continue
		}
		s := state{stage: -1}
		for j := q.lo; j < q.hi; j++ {
			c := &p.changes[j]
			if c.at > r.asOf {
				break
			}
			inPeriod := c.at >= r.from && c.at < r.to
			if next := int(c.stage); s.stage != next {
				if s.stage >= 0 && inPeriod {
					for _, g := range gs {
						stays = append(stays, stay{bucket: g*int32(S) + int32(s.stage), d: c.at - s.entered})
					}
				}
				s.stage, s.entered = next, c.at
				if out := p.stages[next].Outcome; out != OutcomeOpen && inPeriod {
					s.applyValue(c, j)
					for _, g := range gs {
						if out == OutcomeWon {
							t.counts[g].won++
							t.addValue(&t.won[g], -1-g, &s, p.exact)
						} else {
							t.counts[g].lost++
						}
					}
				}
			}
			s.applyValue(c, j)
			s.last = c.at
		}
		if s.stage < 0 {
			continue
		}
		st := &p.stages[s.stage]
		open := st.Outcome == OutcomeOpen
		stale := open && st.MaxAge > 0 && r.asOf-s.last > int64(st.MaxAge)
		for _, g := range gs {
			c := &t.counts[g]
			c.opps++
			if open {
				c.open++
				key := g*int32(S) + int32(s.stage)
				t.addValue(&t.open[key], key, &s, p.exact)
			}
			if stale {
				c.stale++
			}
		}
	}
	return t
}

func (s *state) applyValue(c *pchange, j int32) {
	if c.units != noValue {
		s.units, s.exactAt = c.units, j
	}
	if c.close != noClose {
		s.close = c.close
	}
}

func (p *Pipeline) report(t *tally, opt FigureOptions, groups int) []Figures {
	S := len(p.stages)
	money := func(d decimal.Decimal) account.Money {
		if p.currency == "" {
			return account.Money{}
		}
		m, _ := account.NewMoney(d, p.currency) // p.currency came from a valid Money
		return m
	}
	// Sort the stays by bucket (counting), then each bucket's durations.
	start := make([]int, groups*S+1)
	n := 0
	for _, list := range t.stays {
		n += len(list)
		for _, s := range list {
			start[s.bucket+1]++
		}
	}
	for i := 1; i < len(start); i++ {
		start[i] += start[i-1]
	}
	durs := make([]uint64, n)
	next := slices.Clone(start[:len(start)-1])
	longest, nonEmpty := 0, 0
	for b := range len(start) - 1 {
		longest = max(longest, start[b+1]-start[b])
		if start[b+1] > start[b] {
			nonEmpty++
		}
	}
	cycles := make([]CycleTime, 0, nonEmpty) // every group's Cycle is a piece of it
	buf := make([]uint64, longest)
	for _, list := range t.stays {
		for _, s := range list {
			durs[next[s.bucket]] = uint64(s.d) // not negative: changes are in time order
			next[s.bucket]++
		}
	}
	key := func(g int) string {
		if opt.By == GroupByAll {
			return ""
		}
		return p.names[opt.By][g]
	}
	out := make([]Figures, 0, groups+len(opt.Targets))
	emit := func(k string, g int) {
		f := Figures{Key: k}
		if g >= 0 {
			c := t.counts[g]
			f.Opportunities, f.Open, f.Won, f.Lost, f.Stale = c.opps, c.open, c.won, c.lost, c.stale
			openSum, weighted := p.openSums(t, g)
			won := t.won[g].decimal(p.scale)
			if x, ok := t.exact[int32(-1-g)]; ok {
				won = won.Add(x)
			}
			f.OpenValue, f.Weighted, f.WonValue = money(openSum), money(weighted), money(won)
			if n := c.won + c.lost; n > 0 {
				// won/n to 4 places, half away from zero (all of it is positive).
				f.WinRate = decimal.New(int64((20000*c.won+n)/(2*n)), -4)
			}
			first := len(cycles)
			for s := range S {
				b := g*S + s
				d := durs[start[b]:start[b+1]]
				if len(d) == 0 {
					continue
				}
				rank.Sort(d, buf[:len(d)])
				m := d[(len(d)-1)/2]
				m += (d[len(d)/2] - m) / 2
				cycles = append(cycles, CycleTime{Stage: p.stages[s].Name, Stays: len(d), Median: time.Duration(m)})
			}
			if len(cycles) > first {
				f.Cycle = cycles[first:len(cycles):len(cycles)]
			}
		} else {
			f.OpenValue, f.Weighted, f.WonValue = money(decimal.Zero), money(decimal.Zero), money(decimal.Zero)
		}
		if target, ok := opt.Targets[k]; ok {
			if f.Weighted.Currency() == "" {
				f.Weighted, f.OpenValue, f.WonValue = zeroIn(target), zeroIn(target), zeroIn(target)
			}
			f.Target = target
			f.Gap, _ = target.Sub(f.Weighted) // one currency: checked
			f.Coverage = f.Weighted.Amount().DivRound(target.Amount(), 4)
		}
		out = append(out, f)
	}
	targets := sortedKeys(opt.Targets)
	ti := 0
	for g := range groups {
		k := key(g)
		for ti < len(targets) && targets[ti] < k {
			emit(targets[ti], -1)
			ti++
		}
		if ti < len(targets) && targets[ti] == k {
			ti++
		}
		if t.counts[g].opps > 0 {
			emit(k, g)
		} else if _, ok := opt.Targets[k]; ok {
			emit(k, -1)
		}
	}
	for ; ti < len(targets); ti++ {
		emit(targets[ti], -1)
	}
	return out
}

// openSums returns group g's open value and weighted value. It sums in
// integers when it can: the open values of each stage are whole units of
// 10^-scale below 2^64, and the probabilities whole units of
// 10^-probScale, so that each product and their sum fit 128 bits.
func (p *Pipeline) openSums(t *tally, g int) (open, weighted decimal.Decimal) {
	S := len(p.stages)
	sums := t.open[g*S : (g+1)*S]
	fast := p.probUnits != nil
	var total, w u128
	for s, v := range sums {
		if _, ok := t.exact[int32(g*S+s)]; ok || v.hi != 0 {
			fast = false
			break
		}
		total.addSum(v)
		hi, lo := bits.Mul64(v.lo, p.probUnits[s])
		var c uint64
		w.lo, c = bits.Add64(w.lo, lo, 0)
		w.hi, c = bits.Add64(w.hi, hi, c)
		if c != 0 {
			fast = false
			break
		}
	}
	if fast {
		return total.decimal(p.scale), w.decimal(p.scale + p.probScale)
	}
	open, weighted = decimal.Zero, decimal.Zero
	for s, v := range sums {
		d := v.decimal(p.scale)
		if x, ok := t.exact[int32(g*S+s)]; ok {
			d = d.Add(x)
		}
		open = open.Add(d)
		weighted = weighted.Add(d.Mul(p.stages[s].Probability))
	}
	return open, weighted
}

func zeroIn(m account.Money) account.Money {
	z, _ := account.NewMoney(decimal.Zero, m.Currency())
	return z
}

// A Late opportunity is one that is stale ([Pipeline.Stale]) or a slipping
// quotation ([Pipeline.Slipping]) at an instant.
type Late struct {
	ID      OpportunityID
	Account account.ID
	Owner   account.ManagerID
	Kind    OpportunityKind
	Stage   string
	Value   account.Money
	// Due is when it became late: its last change plus its stage's MaxAge
	// when stale, its expected close when slipping (in UTC).
	Due time.Time
	// By is how late it is at the instant asked about: that instant less
	// Due, always positive.
	By time.Duration
}

// Stale returns the opportunities open at asOf with no change for longer
// than their stage's MaxAge (a stage with no MaxAge never goes stale),
// ordered by Due (the longest stale first), then by ID. It returns nil
// for an asOf outside 1900 to 2200.
func (p *Pipeline) Stale(asOf time.Time) []Late {
	return p.late(asOf, func(q *popp, s *state) (int64, bool) {
		st := p.stages[s.stage]
		return s.last + int64(st.MaxAge), st.MaxAge > 0
	})
}

// Slipping returns the quotations open at asOf whose expected close (as it
// stood at asOf) is before asOf, ordered by Due (their expected close: the
// longest overdue first), then by ID. It returns nil for an asOf outside
// 1900 to 2200.
func (p *Pipeline) Slipping(asOf time.Time) []Late {
	return p.late(asOf, func(q *popp, s *state) (int64, bool) {
		return s.close, q.kind == OpportunityQuotation
	})
}

func (p *Pipeline) late(asOf time.Time, due func(*popp, *state) (int64, bool)) []Late {
	if !inPipelineTime(asOf) {
		return nil
	}
	at := asOf.UnixNano()
	type found struct {
		due     int64
		i       int32
		stage   uint8
		units   uint64
		exactAt int32
	}
	var late []found
	for i := range p.opps {
		q := &p.opps[i]
		s := state{stage: -1}
		for j := q.lo; j < q.hi && p.changes[j].at <= at; j++ {
			c := &p.changes[j]
			s.stage = int(c.stage)
			s.applyValue(c, j)
			s.last = c.at
		}
		if s.stage < 0 || p.stages[s.stage].Outcome != OutcomeOpen {
			continue
		}
		if d, ok := due(q, &s); ok && d < at {
			late = append(late, found{due: d, i: int32(i), stage: uint8(s.stage), units: s.units, exactAt: s.exactAt})
		}
	}
	if len(late) == 0 {
		return nil
	}
	slices.SortFunc(late, func(a, b found) int {
		if c := cmp.Compare(a.due, b.due); c != 0 {
			return c
		}
		return cmp.Compare(p.ids[a.i], p.ids[b.i])
	})
	out := make([]Late, len(late))
	for k, f := range late {
		q := &p.opps[f.i]
		v := u128{lo: f.units}.decimal(p.scale)
		if f.units == exactValue {
			v = p.exact[f.exactAt]
		}
		m, _ := account.NewMoney(v, p.currency)
		out[k] = Late{
			ID: p.ids[f.i], Account: account.ID(p.names[GroupByAccount][q.account]),
			Owner: account.ManagerID(p.names[GroupByOwner][q.owner]), Kind: q.kind,
			Stage: p.stages[f.stage].Name, Value: m,
			Due: time.Unix(0, f.due).UTC(), By: time.Duration(at - f.due),
		}
	}
	return out
}
