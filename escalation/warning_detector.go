package escalation

import (
	"cmp"
	"iter"
	"maps"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A Detector is the early warning across accounts: it reads issue
// occurrences in order of time and raises a [Warning] when the issues of
// one category or one service reach a threshold of distinct accounts, or
// of tier-weighted impact, within a sliding window (see
// [DetectorConfig]); it clears the warning with hysteresis when they fall
// away.
//
// A Detector is deterministic: the same occurrences, in the same order,
// give the same warnings, however they are split between calls to
// [Detector.Add] and [Detector.Run], and across a checkpoint
// ([Detector.MarshalBinary]) and a restart from it
// ([Detector.UnmarshalBinary]). Its memory is bounded by the window, not
// by the stream: it keeps the occurrences of the last Window, a few words
// for each category, service and account among them, and the warnings
// that stand.
//
// The detector's clock is the instant of the latest occurrence (or of
// [Detector.Advance]). A warning clears, and an occurrence leaves the
// window, at an exact instant that the detector reports as soon as its
// clock reaches it: when an occurrence at or after that instant is added,
// or when the caller advances the clock, at the end of a stream say.
//
// A Detector is not safe for concurrent use. The zero Detector is not
// usable: make one with [NewDetector] or restore one with
// [Detector.UnmarshalBinary].
type Detector struct {
	cfg     DetectorConfig
	winNS   int64 // Window in nanoseconds
	holdNS  int64 // Hold in nanoseconds
	raiseA  int   // Raise.Accounts (0: not used)
	clearA  int
	raiseI  int64 // Raise.Impact in millionths (0: not used)
	clearI  int64
	weights *[256]int64 // the weight of each tier in millionths (0: none); nil without Weights
	maxW    int64       // the largest weight

	started bool      // whether the clock has been set
	now     time.Time // the clock
	nowNS   int64
	seen    int64 // occurrences added over the detector's life
	next    int64 // the N of the next warning

	window   deque[slot]               // the occurrences in the window, in order of arrival
	firstSeq int64                     // the sequence number of window's first slot
	groups   [3]map[string]*wgroup     // by Dimension, then by category or service
	accts    map[account.ID]*acctEntry // the accounts with occurrences in the window
	free     []*acctEntry              // spare accounts' entries, for reuse
	peak     int64                     // the largest impact any group has had
	touched  []*wgroup                 // the groups with a standing warning that the window's move touched
	holds    deque[holdEnd]            // the instants at which warnings have stood for Hold, in order
	out      []Warning                 // the warnings of the call in progress
}

// slot is one occurrence in the window, with its groups.
type slot struct {
	o        Occurrence
	ns       int64 // o.At in nanoseconds since the Unix epoch
	w        int64 // the weight of o.Tier
	cat, svc *wgroup
	acct     *acctEntry // o.Account
}

type groupKey struct {
	dim Dimension
	key string
}

// wgroup is the window of one category or one service.
type wgroup struct {
	groupKey
	seqs   deque[int64] // the sequence numbers of its occurrences in the window
	n      int          // its distinct accounts in the window
	impact int64        // their weights' sum, in millionths
	active *standing    // the warning that stands, or nil

	// While the window moves: whether the group is in Detector.touched,
	// and the last occurrence of it that left the window.
	touched bool
	expired Occurrence
}

// acctEntry is one account with occurrences in the window, and the groups
// it is in. An account is in few groups at once, so a short list serves
// better than a map per group: an occurrence costs one look-up of its
// account, whatever its groups.
type acctEntry struct {
	id   account.ID
	refs int32       // its occurrences in the window
	in   []acctGroup // the groups of those occurrences, in no order
}

// acctGroup is one account in one group's window.
type acctGroup struct {
	g *wgroup
	n int32 // its occurrences in the group's window
	w int64 // the weight of the tier of the latest of them
}

// find returns the index of g in e.in, or -1.
func (e *acctEntry) find(g *wgroup) int {
	for i := range e.in {
		if e.in[i].g == g {
			return i
		}
	}
	return -1
}

// standing is a warning that has been raised and has not cleared.
type standing struct {
	w        Warning // as raised; its slices are never handed out
	raisedNS int64
	below    WarningStep // the step after which the measures were at or below Clear
	belowSet bool        // whether they are (below is then set)
}

// holdEnd is the instant at which warning n of group g has stood for Hold.
type holdEnd struct {
	g  *wgroup
	n  int64
	ns int64
	at time.Time
}

// NewDetector returns a detector for the configuration c, with an empty
// window and no warnings, or the error of [DetectorConfig.Validate].
func NewDetector(c DetectorConfig) (*Detector, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return newDetector(c), nil
}

// newDetector returns a detector for c, which is valid.
func newDetector(c DetectorConfig) *Detector {
	d := &Detector{
		winNS: int64(c.Window), holdNS: int64(c.Hold),
		raiseA: c.Raise.Accounts, clearA: c.Clear.Accounts,
		raiseI: scaled(c.Raise.Impact), clearI: scaled(c.Clear.Impact),
		next: 1,
	}
	d.accts = make(map[account.ID]*acctEntry)
	d.groups[DimensionCategory] = make(map[string]*wgroup)
	d.groups[DimensionService] = make(map[string]*wgroup)
	if len(c.Weights) > 0 {
		d.weights = new([256]int64)
		for t, w := range c.Weights {
			d.weights[t] = scaled(w)
			d.maxW = max(d.maxW, d.weights[t])
		}
		c.Weights = maps.Clone(c.Weights)
	}
	d.cfg = c
	return d
}

// Config returns the detector's configuration (a copy: changing it does not
// change the detector).
func (d *Detector) Config() DetectorConfig {
	c := d.cfg
	c.Weights = maps.Clone(c.Weights)
	return c
}

// Now returns the detector's clock: the instant of the latest occurrence
// added or the latest [Detector.Advance], whichever is later; the zero
// Time before either.
func (d *Detector) Now() time.Time { return d.now }

// Len returns the number of occurrences in the window: the measure of the
// detector's memory, which is proportional to it (plus the warnings that
// stand).
func (d *Detector) Len() int { return d.window.len() }

// Add reads the occurrence o and returns the warnings that change, in
// order of time: those that clear as the clock moves to o.At, then those
// that o raises (or clears, by moving its account to a lighter tier), for
// its category, then its service. It returns nil when nothing changed.
//
// Add returns an error, and changes nothing, for an occurrence that is not
// valid: an [*account.FieldError] naming the issue and the field, wrapping
// [ErrInvalid]; for one before the detector's clock, wrapping
// [ErrLateOccurrence]; for one whose account would take an impact past
// what the detector holds exactly, wrapping [ErrImpactLimit].
func (d *Detector) Add(o Occurrence) ([]Warning, error) {
	if d.groups[DimensionCategory] == nil {
		return nil, unmade()
	}
	if err := checkOccurrence(&o, d.weights); err != nil {
		return nil, err
	}
	ns := o.At.UnixNano()
	if d.started && ns < d.nowNS {
		return nil, occurrenceError(&o, "At", o.At, "is before the detector's clock, "+d.now.Format(time.RFC3339Nano)+
			" (occurrence "+strconv.FormatInt(d.seen, 10)+" of the stream, counting from 0)", ErrLateOccurrence)
	}
	if err := d.checkImpact(&o); err != nil {
		return nil, err
	}
	d.out = d.out[:0]
	d.advance(ns)
	d.now, d.nowNS, d.started = o.At, ns, true
	d.seen++
	d.place(&o, ns, true)
	return d.result(), nil
}

// Advance moves the detector's clock to t without an occurrence and
// returns the warnings that clear by then, in order of time: call it at
// the end of a stream (or on a timer) to learn of the warnings that
// clear after the last occurrence. t before the clock is an
// [*account.FieldError] wrapping [ErrLateOccurrence], and a t outside the
// years an occurrence may have one wrapping [ErrInvalid].
func (d *Detector) Advance(t time.Time) ([]Warning, error) {
	if d.groups[DimensionCategory] == nil {
		return nil, unmade()
	}
	fe := func(reason string, err error) error {
		return &account.FieldError{Record: "Advance", Field: "t", Value: t, Reason: reason, Err: err}
	}
	if t.Before(minAt) || !t.Before(maxAt) {
		return nil, fe("must be in the years 1900 to 2100", ErrInvalid)
	}
	ns := t.UnixNano()
	if d.started && ns < d.nowNS {
		return nil, fe("is before the detector's clock, "+d.now.Format(time.RFC3339Nano), ErrLateOccurrence)
	}
	d.out = d.out[:0]
	d.advance(ns)
	d.now, d.nowNS, d.started = t, ns, true
	return d.result(), nil
}

// Run returns the warnings that the occurrences of seq cause, in the order
// [Detector.Add] returns them. It stops at the first error, of seq or of
// Add, which it yields with a zero Warning. Run does not advance the clock
// past the last occurrence: see [Detector.Advance]. A caller that stops
// early has had the occurrences up to the one whose warning it stopped at
// read, and loses the warnings of that occurrence that came after.
func (d *Detector) Run(seq iter.Seq2[Occurrence, error]) iter.Seq2[Warning, error] {
	return func(yield func(Warning, error) bool) {
		for o, err := range seq {
			if err != nil {
				yield(Warning{}, err)
				return
			}
			ws, err := d.Add(o)
			if err != nil {
				yield(Warning{}, err)
				return
			}
			for _, w := range ws {
				if !yield(w, nil) {
					return
				}
			}
		}
	}
}

// Active returns the warnings that stand, in order of N.
func (d *Detector) Active() []Warning {
	var out []Warning
	for _, m := range d.groups {
		for _, g := range m {
			if g.active != nil {
				out = append(out, raisedCopy(&g.active.w))
			}
		}
	}
	slices.SortFunc(out, func(a, b Warning) int { return cmp.Compare(a.N, b.N) })
	return out
}

func unmade() error {
	return &account.FieldError{Record: "Detector", Reason: "was not made by NewDetector or UnmarshalBinary", Err: ErrInvalid}
}

// checkImpact reports whether adding o could take the impact of one of its
// groups past what an int64 holds (conservatively: before the window
// moves).
func (d *Detector) checkImpact(o *Occurrence) error {
	if d.peak <= math.MaxInt64-d.maxW {
		return nil // no group is near the limit
	}
	for _, k := range [2]groupKey{{DimensionCategory, o.Category}, {DimensionService, o.Service}} {
		if g := d.groups[k.dim][k.key]; g != nil && g.impact > math.MaxInt64-d.maxW {
			return occurrenceError(o, "Tier", o.Tier, "would take the impact of "+k.dim.String()+" "+
				strconv.Quote(k.key)+" past the limit", ErrImpactLimit)
		}
	}
	return nil
}

// result returns a copy of the warnings of the call, or nil.
func (d *Detector) result() []Warning {
	if len(d.out) == 0 {
		return nil
	}
	out := slices.Clone(d.out)
	clear(d.out)
	d.out = d.out[:0]
	return out
}

// advance moves the window up to the instant ns, in order of time: the
// occurrences leave it, and the warnings that have stood for Hold are
// looked at again; at the same instant, occurrences leave first.
func (d *Detector) advance(ns int64) {
	for {
		e, h := int64(math.MaxInt64), int64(math.MaxInt64)
		if d.window.len() > 0 {
			e = d.window.front().ns + d.winNS
		}
		if d.holds.len() > 0 {
			h = d.holds.front().ns
		}
		switch {
		case e <= ns && e <= h:
			d.expire(e)
		case h <= ns:
			d.holdEnded()
		default:
			return
		}
	}
}

// expire takes the occurrences that leave the window at the instant ns
// out of it, then looks at the standing warnings of their groups, so that
// a warning sees the window as it is at ns.
func (d *Detector) expire(ns int64) {
	at := d.window.front().o.At.Add(d.cfg.Window)
	touched := d.touched[:0]
	for d.window.len() > 0 && d.window.front().ns+d.winNS == ns {
		s := d.window.popFront()
		d.firstSeq++
		e := s.acct
		for _, g := range [2]*wgroup{s.cat, s.svc} {
			if g == nil {
				continue
			}
			g.seqs.popFront()
			i := e.find(g)
			if c := &e.in[i]; c.n > 1 {
				c.n--
			} else {
				g.n--
				g.impact -= c.w
				last := len(e.in) - 1
				e.in[i] = e.in[last]
				e.in[last] = acctGroup{}
				e.in = e.in[:last]
			}
			switch {
			case g.active != nil:
				if !g.touched {
					g.touched = true
					touched = append(touched, g)
				}
				g.expired = s.o
			case g.seqs.len() == 0:
				delete(d.groups[g.dim], g.key)
			}
		}
		if e.refs--; e.refs == 0 {
			delete(d.accts, e.id)
			e.id = ""
			d.free = append(d.free, e)
		}
	}
	for _, g := range touched {
		g.touched = false
		d.settle(g, at, ns, WarningStepExpired, &g.expired)
	}
	clear(touched)
	d.touched = touched[:0]
}

// holdEnded looks again at a warning that has stood for Hold.
func (d *Detector) holdEnded() {
	h := d.holds.popFront()
	g := h.g
	if g.active == nil || g.active.w.N != h.n || !g.active.belowSet {
		return // cleared since, or not yet at the clear level
	}
	d.clear(g, h.at, h.ns)
}

// place adds o, at ns, to the window and to its groups; raise says whether
// a group reaching the threshold raises a warning (not when restoring).
func (d *Detector) place(o *Occurrence, ns int64, raise bool) {
	var w int64
	if d.weights != nil {
		w = d.weights[o.Tier]
	}
	seq := d.firstSeq + int64(d.window.len())
	d.window.push(slot{o: *o, ns: ns, w: w})
	s := d.window.back()
	e := d.accts[o.Account]
	if e == nil {
		if n := len(d.free); n > 0 {
			e, d.free = d.free[n-1], d.free[:n-1]
		} else {
			e = new(acctEntry)
		}
		e.id = o.Account
		d.accts[o.Account] = e
	}
	e.refs++
	s.acct = e
	if o.Category != "" {
		s.cat = d.count(DimensionCategory, o.Category, seq, o, e, ns, w, raise)
	}
	if o.Service != "" {
		s.svc = d.count(DimensionService, o.Service, seq, o, e, ns, w, raise)
	}
}

// group returns the group of dim and key, made if need be.
func (d *Detector) group(dim Dimension, key string) *wgroup {
	g := d.groups[dim][key]
	if g == nil {
		g = &wgroup{groupKey: groupKey{dim, key}}
		d.groups[dim][key] = g
	}
	return g
}

// count adds o, whose account's entry is e, to the group of dim and key,
// and returns the group.
func (d *Detector) count(dim Dimension, key string, seq int64, o *Occurrence, e *acctEntry, ns, w int64, raise bool) *wgroup {
	g := d.group(dim, key)
	g.seqs.push(seq)
	i := e.find(g)
	if i < 0 {
		i = len(e.in)
		e.in = append(e.in, acctGroup{g: g})
		g.n++
	}
	c := &e.in[i]
	g.impact += w - c.w
	d.peak = max(d.peak, g.impact)
	c.n++
	c.w = w
	switch {
	case !raise:
	case g.active != nil:
		d.settle(g, o.At, ns, WarningStepCounted, o)
	case d.reached(g):
		d.raise(g, o.At, ns)
	}
	return g
}

// reached reports whether g's measures reach the raise threshold.
func (d *Detector) reached(g *wgroup) bool {
	return (d.raiseA > 0 && g.n >= d.raiseA) || (d.raiseI > 0 && g.impact >= d.raiseI)
}

// below reports whether every measure the raise threshold uses is at or
// below its clear level.
func (d *Detector) below(g *wgroup) bool {
	return (d.raiseA == 0 || g.n <= d.clearA) && (d.raiseI == 0 || g.impact <= d.clearI)
}

// settle looks at the standing warning of g after a step of kind at the
// instant ns, for the occurrence o: it notes whether the measures are at
// the clear level, and clears the warning if they are and it has stood
// for Hold.
func (d *Detector) settle(g *wgroup, at time.Time, ns int64, kind WarningStepKind, o *Occurrence) {
	st := g.active
	if !d.below(g) {
		st.belowSet = false
		return
	}
	if !st.belowSet {
		st.below = WarningStep{At: at, Kind: kind, Issue: o.Issue, Account: o.Account, Tier: o.Tier,
			Accounts: g.n, Impact: unscaled(g.impact)}
		st.belowSet = true
	}
	if ns-st.raisedNS >= d.holdNS {
		d.clear(g, at, ns)
	}
}

// raise raises a warning for g at the instant ns.
func (d *Detector) raise(g *wgroup, at time.Time, ns int64) {
	w := Warning{N: d.next, Dimension: g.dim, Key: g.key, Raised: at, Impact: unscaled(g.impact)}
	d.next++
	w.Accounts = make([]account.ID, 0, g.n)
	w.Steps = make([]WarningStep, 0, g.seqs.len()+1)
	run := make(map[account.ID]int64, g.n)
	var impact int64
	for i := range g.seqs.len() {
		s := d.window.at(int(*g.seqs.at(i) - d.firstSeq))
		if i == 0 {
			w.First = s.o
		}
		prev, ok := run[s.o.Account]
		if !ok {
			w.Accounts = append(w.Accounts, s.o.Account)
		}
		run[s.o.Account] = s.w
		impact += s.w - prev
		w.Steps = append(w.Steps, WarningStep{At: s.o.At, Kind: WarningStepCounted, Issue: s.o.Issue,
			Account: s.o.Account, Tier: s.o.Tier, Accounts: len(run), Impact: unscaled(impact)})
	}
	w.Steps = append(w.Steps, WarningStep{At: at, Kind: WarningStepRaised, Accounts: g.n, Impact: w.Impact,
		Threshold: d.cfg.Raise, ByAccounts: d.raiseA > 0, ByImpact: d.raiseI > 0})
	g.active = &standing{w: w, raisedNS: ns}
	if d.holdNS > 0 {
		d.holds.push(holdEnd{g: g, n: w.N, ns: ns + d.holdNS, at: at.Add(d.cfg.Hold)})
	}
	d.out = append(d.out, raisedCopy(&w))
}

// clear clears the warning of g at the instant ns.
func (d *Detector) clear(g *wgroup, at time.Time, ns int64) {
	st := g.active
	w := st.w
	w.Cleared = at
	w.Accounts = slices.Clone(w.Accounts)
	w.Steps = append(slices.Clip(slices.Clone(w.Steps)), st.below, WarningStep{
		At: at, Kind: WarningStepCleared, Accounts: g.n, Impact: unscaled(g.impact),
		Threshold: d.cfg.Clear, ByAccounts: d.raiseA > 0, ByImpact: d.raiseI > 0,
		Held: time.Duration(ns - st.raisedNS),
	})
	g.active = nil
	if g.seqs.len() == 0 {
		delete(d.groups[g.dim], g.key)
	}
	d.out = append(d.out, w)
}

// raisedCopy returns a copy of w whose slices the caller may change.
func raisedCopy(w *Warning) Warning {
	c := *w
	c.Accounts = slices.Clone(w.Accounts)
	c.Steps = slices.Clone(w.Steps)
	return c
}

// deque is a first-in, first-out queue over a slice that reuses its
// space: its memory is bounded by the most items it held at once.
type deque[T any] struct {
	buf  []T
	head int
}

func (q *deque[T]) len() int    { return len(q.buf) - q.head }
func (q *deque[T]) front() *T   { return &q.buf[q.head] }
func (q *deque[T]) back() *T    { return &q.buf[len(q.buf)-1] }
func (q *deque[T]) at(i int) *T { return &q.buf[q.head+i] }

func (q *deque[T]) push(v T) {
	if q.head > 0 && len(q.buf) == cap(q.buf) && q.head >= len(q.buf)/2 {
		n := copy(q.buf, q.buf[q.head:])
		clear(q.buf[n:])
		q.buf, q.head = q.buf[:n], 0
	}
	q.buf = append(q.buf, v)
}

func (q *deque[T]) popFront() T {
	var zero T
	v := q.buf[q.head]
	q.buf[q.head] = zero
	q.head++
	if q.head == len(q.buf) {
		q.buf, q.head = q.buf[:0], 0
	}
	return v
}
