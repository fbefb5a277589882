package review

import (
	"cmp"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/tiering"
)

// ScheduleReviews plans the reviews of req.Accounts over the horizon from
// req.Start, and returns the schedule: each account's reviews at its
// cadence, on working days of req.Calendar within working hours, when all
// attendees are free, within the managers' limits per day and week.
//
// How each review is placed:
//
//   - An account's first review, when none has been held (Subject Last is
//     zero), goes on the date of its first cadence from Start on which its
//     manager has the fewest reviews that week, then that day (the
//     earliest on a tie): so a manager's reviews spread over the weeks
//     rather than all falling in the first.
//   - Every other review is due one cadence (months clamped at month ends)
//     after the account's previous review, or after its Last review held;
//     it goes on the free date nearest its due date, the earlier on a tie,
//     at most Slack days either way, never before Start, never on or
//     before the previous review. A review overdue before Start is placed
//     within Slack days of Start. So the gap between consecutive reviews
//     of an account never exceeds its cadence plus Slack, unless a
//     conflict comes between them.
//   - A review that finds no free date becomes a [Conflict] with its
//     reason, and the next review is due one cadence after the
//     conflict's due date.
//   - Reviews are due until the end of the horizon; a review due after it
//     is not planned.
//
// Accounts are placed one after another in order of account ID, each with
// all its reviews, so the result does not depend on the order of
// req.Accounts, req.Bookings or req.Blackouts; where places are scarce, a
// smaller account ID is served first.
//
// Re-planning is stable: with the result as req.Previous, the meetings
// already placed stay as they are, and only new reviews are placed (of a
// new account, or after an account's last meeting or conflict). The new schedule
// shares nothing with Previous.
//
// The errors wrap [ErrInvalid]: every problem of req, each an
// [*account.FieldError] with Record "ScheduleRequest" (a repeated
// account wraps [ErrDuplicateAccount]), joined; or an error of the
// calendar for dates beyond its range.
func ScheduleReviews(req ScheduleRequest) (*Schedule, error) {
	p, err := NewPlanner(req)
	if err != nil {
		return nil, err
	}
	return p.result(), nil
}

// NewPlanner returns a planner that has placed the reviews of
// req.Accounts as [ScheduleReviews] does, and keeps what it needs to place
// more. It returns the errors of ScheduleReviews.
func NewPlanner(req ScheduleRequest) (*Planner, error) {
	if err := req.validate(); err != nil {
		return nil, err
	}
	p, err := newPlanner(&req)
	if err != nil {
		return nil, err
	}
	p.placeAll(req.Accounts)
	p.req.Accounts, p.req.Bookings, p.req.Blackouts, p.req.Previous = nil, nil, nil, nil
	return p, nil
}

// Add places the reviews of accounts not planned before, as
// [ScheduleReviews] would with the planner's schedule as Previous: the
// meetings placed stay as they are, the new accounts' reviews go where
// there is room, in order of account ID. An account whose meetings were in
// the Previous schedule but that was not planned continues after its last
// meeting or conflict.
//
// The errors wrap [ErrInvalid]: each problem of accounts, an
// [*account.FieldError] with Record "Add" and Field "[i]..." as in
// [ScheduleRequest] Accounts; an account planned already, or listed twice,
// wraps [ErrDuplicateAccount]. On error nothing is placed.
//
// Add returns the meetings placed and the conflicts found for accounts,
// in the orders of a [Schedule]; [Planner.Schedule] has them too.
func (p *Planner) Add(accounts ...Subject) ([]Meeting, []Conflict, error) {
	var f faults
	seen := make(map[account.ID]int, len(accounts))
	for i := range accounts {
		s := &accounts[i]
		path := fieldPath{i: i}
		if j, dup := seen[s.Account]; dup {
			f.list.Add(&account.FieldError{Record: "Add", ID: string(s.Account), Field: path.at(".Account"), Value: s.Account, Reason: "is listed already at [" + itoa(j) + "]", Err: ErrDuplicateAccount})
		} else if p.planned[s.Account] {
			f.list.Add(&account.FieldError{Record: "Add", ID: string(s.Account), Field: path.at(".Account"), Value: s.Account, Reason: "is planned already", Err: ErrDuplicateAccount})
		}
		seen[s.Account] = i
		s.validate(&f, "Add", path)
	}
	if err := f.err(); err != nil {
		return nil, nil, err
	}
	m, c := len(p.meetings), len(p.conflicts)
	p.placeAll(accounts)
	meetings := slices.Clone(p.meetings[m:]) // the new ones, before they merge
	slices.SortFunc(meetings, compareMeetings)
	conflicts := slices.Clone(p.conflicts[c:])
	slices.SortFunc(conflicts, compareConflicts)
	return meetings, conflicts, nil
}

// placeAll places the reviews of accounts, valid and new, in order of
// account ID.
func (p *Planner) placeAll(accounts []Subject) {
	subjects := make([]*Subject, len(accounts))
	for i := range accounts {
		subjects[i] = &accounts[i]
		p.planned[accounts[i].Account] = true
	}
	slices.SortFunc(subjects, func(a, b *Subject) int { return cmp.Compare(a.Account, b.Account) })
	est, people := 0, 0 // room for the meetings to come, at most one a 28-day month
	for _, s := range subjects {
		n := int((p.end-p.start)/int64(max(1, 28*s.Cadence.Months+s.Cadence.Days))) + 1
		est += n
		people += n * len(s.Attendees)
	}
	p.meetings = slices.Grow(p.meetings, est)
	p.nodes = slices.Grow(p.nodes, people)
	for _, s := range subjects {
		p.plan(s)
	}
}

// sort puts the meetings and conflicts in order.
func (p *Planner) sort() {
	if p.sorted < len(p.meetings) {
		p.meetings = mergeMeetings(p.meetings, p.sorted)
		p.sorted = len(p.meetings)
	}
	slices.SortFunc(p.conflicts, compareConflicts)
}

// Schedule returns the planner's schedule: a copy, which later additions
// do not change.
func (p *Planner) Schedule() *Schedule {
	s := p.result()
	s.Meetings = slices.Clone(s.Meetings)
	n := 0
	for i := range s.Meetings {
		n += len(s.Meetings[i].Attendees)
	}
	attendees := make([]Attendee, 0, n) // one array for all, not one per meeting
	for i := range s.Meetings {
		m := &s.Meetings[i]
		k := len(attendees)
		attendees = append(attendees, m.Attendees...)
		m.Attendees = attendees[k:len(attendees):len(attendees)]
	}
	s.Conflicts = slices.Clone(s.Conflicts)
	return s
}

// result returns the schedule, sharing the planner's slices.
func (p *Planner) result() *Schedule {
	p.sort()
	return &Schedule{Start: p.req.Start, End: p.endDate, Zone: p.loc.String(), Meetings: p.meetings, Conflicts: p.conflicts}
}

// A span is a period [start, end) in Unix seconds.
type span struct{ start, end int64 }

// A dayInfo is what the planner knows of one date of the horizon.
type dayInfo struct {
	closed   bool   // not a working day, or before Start
	blackout bool   // a blackout for everyone
	slots    []span // the meeting slots within working hours, in order of preference
}

// A busyNode is a span a person is busy, linked to the person's previous
// one on the same day (next is 1 + its index, 0 at the end).
type busyNode struct {
	span
	next int32
}

// A load counts the reviews a manager chairs per day and per week.
type load struct{ day, week []int32 }

// A Planner keeps a schedule and all it knows of people's time (working
// days, bookings, blackouts, the meetings placed and the managers' load),
// so that accounts added later ([Planner.Add]) are placed without reading
// the year again: the cost of an addition is that of the new accounts'
// reviews, not of the schedule. [ScheduleReviews] is a Planner used once.
//
// A Planner is not safe for concurrent use.
type Planner struct {
	req        ScheduleRequest // Accounts, Bookings, Blackouts and Previous read by NewPlanner only
	loc        *time.Location
	length     time.Duration
	base       int64 // the day number of the Monday of Start's week: day index 0
	start, end int64 // the day numbers of Start and of the day after the horizon
	endDate    calendar.Date
	days       []dayInfo

	people map[string]int32     // person index by email
	busy   map[uint64]int32     // person<<32 | day index: 1 + the index in nodes of its last busy span
	nodes  []busyNode           // the busy spans, each linked to the previous of its person and day
	off    map[uint64]bool      // person<<32 | day index: a personal blackout
	loads  map[int32]*load      // by manager's person index
	last   map[account.ID]int64 // the day number of an account's last meeting (its date) or conflict (its due date) in Previous
	lastN  map[account.ID]int   // its largest N in Previous

	planned   map[account.ID]bool // the accounts of Accounts and Add
	meetings  []Meeting           // in order from 0 to sorted, then as placed
	sorted    int
	conflicts []Conflict
	reasons   [ConflictBusy + 1]int // scratch: reasons counted over a window
	attendees []int32               // scratch: the person indexes of a subject
	heads     []int32               // scratch: their busy spans on a day
}

func dayNumber(d calendar.Date) int64 { return civil.Days(d.Year, int(d.Month), d.Day) }

func dateOf(n int64) calendar.Date {
	y, m, d := civil.Date(n)
	return calendar.Date{Year: y, Month: time.Month(m), Day: d}
}

func newPlanner(req *ScheduleRequest) (*Planner, error) {
	horizon := req.Horizon
	if horizon.IsZero() {
		horizon = tiering.Months(DefaultHorizon)
	}
	p := &Planner{
		req:     *req,
		planned: make(map[account.ID]bool, len(req.Accounts)),
		loc:     req.Calendar.Location(),
		length:  cmp.Or(req.Length, DefaultLength),
		start:   dayNumber(req.Start),
		endDate: addCadence(req.Start, horizon),
		people:  make(map[string]int32),
		busy:    make(map[uint64]int32, 4*len(req.Bookings)+4*prevLen(req.Previous)),
		off:     make(map[uint64]bool),
		loads:   make(map[int32]*load),
		last:    make(map[account.ID]int64),
		lastN:   make(map[account.ID]int),
	}
	p.end = dayNumber(p.endDate)
	p.base = p.start - (p.start + 3 - civil.FloorDiv(p.start+3, 7)*7) // day 0, 1970-01-01, was a Thursday
	p.days = make([]dayInfo, p.end-p.base)
	for i := p.start - p.base; i < int64(len(p.days)); i++ {
		if err := p.day(i); err != nil {
			return nil, err
		}
	}
	for i := int64(0); i < p.start-p.base; i++ {
		p.days[i].closed = true
	}
	for _, b := range req.Blackouts {
		to := cmp.Or(b.To, b.From)
		for n := max(dayNumber(b.From), p.base); n <= min(dayNumber(to), p.end-1); n++ {
			if b.Email == "" {
				p.days[n-p.base].blackout = true
			} else {
				p.off[p.key(p.person(b.Email), n-p.base)] = true
			}
		}
	}
	for _, b := range req.Bookings {
		p.book(p.person(b.Email), b.Start.Unix(), b.End.Unix())
	}
	if req.Previous != nil {
		prev := req.Previous.Meetings
		p.meetings = slices.Clone(prev)
		p.sorted = len(p.meetings) // in order, as a schedule's are, or mergeMeetings sorts them
		n := 0
		for i := range prev {
			n += len(prev[i].Attendees)
		}
		attendees := make([]Attendee, 0, n) // one array for all, not one per meeting
		p.nodes = slices.Grow(p.nodes, n)
		for i := range p.meetings {
			m := &p.meetings[i]
			k := len(attendees)
			attendees = append(attendees, m.Attendees...)
			m.Attendees = attendees[k:len(attendees):len(attendees)]
			p.take(m)
			if d := dayNumber(calendar.DateOf(m.Start.In(p.loc))); d > p.last[m.Account] || !hasLast(p.last, m.Account) {
				p.last[m.Account] = d
			}
			p.lastN[m.Account] = max(p.lastN[m.Account], m.N)
		}
		p.conflicts = slices.Clone(req.Previous.Conflicts)
		for _, c := range p.conflicts {
			if d := dayNumber(c.Due); d > p.last[c.Account] || !hasLast(p.last, c.Account) {
				p.last[c.Account] = d
			}
			p.lastN[c.Account] = max(p.lastN[c.Account], c.N)
		}
	}
	return p, nil
}

func hasLast(last map[account.ID]int64, a account.ID) bool {
	_, ok := last[a]
	return ok
}

func prevLen(s *Schedule) int {
	if s == nil {
		return 0
	}
	return len(s.Meetings)
}

// day fills in p.days[i] from the calendar: whether it is a working day,
// and its slots in order of preference.
func (p *Planner) day(i int64) error {
	d := dateOf(p.base + i)
	info, err := p.req.Calendar.Day(d)
	if err != nil {
		return err
	}
	di := &p.days[i]
	if len(info.Spans) == 0 {
		di.closed = true
		return nil
	}
	first, last := info.Spans[0].Start, info.Spans[len(info.Spans)-1].End
	at := time.Date(d.Year, d.Month, d.Day, p.req.Time.Hour, p.req.Time.Minute, 0, 0, p.loc)
	fits := func(t time.Time) bool {
		e := t.Add(p.length)
		for _, s := range info.Spans {
			if !t.Before(s.Start) && !e.After(s.End) {
				return true
			}
		}
		return false
	}
	for t := at; t.Before(last); t = t.Add(p.length) {
		if fits(t) {
			di.slots = append(di.slots, span{t.Unix(), t.Add(p.length).Unix()})
		}
	}
	for t := at.Add(-p.length); !t.Before(first); t = t.Add(-p.length) {
		if fits(t) {
			di.slots = append(di.slots, span{t.Unix(), t.Add(p.length).Unix()})
		}
	}
	di.closed = len(di.slots) == 0
	return nil
}

func (p *Planner) person(email string) int32 {
	i, ok := p.people[email]
	if !ok {
		i = int32(len(p.people))
		p.people[email] = i
	}
	return i
}

func (p *Planner) key(person int32, day int64) uint64 {
	return uint64(person)<<32 | uint64(uint32(day))
}

// index returns the day index of the instant sec (Unix seconds) in the
// calendar's zone.
func (p *Planner) index(sec int64) int64 {
	return dayNumber(calendar.DateOf(time.Unix(sec, 0).In(p.loc))) - p.base
}

// book marks person busy over [start, end), on every day of the horizon
// it touches.
func (p *Planner) book(person int32, start, end int64) {
	p.bookDays(person, span{start, end}, p.index(start), p.index(end-1))
}

// bookDays marks person busy over s, which runs from day index first to
// day index last.
func (p *Planner) bookDays(person int32, s span, first, last int64) {
	for i := max(first, 0); i <= min(last, int64(len(p.days))-1); i++ {
		k := p.key(person, i)
		p.nodes = append(p.nodes, busyNode{span: s, next: p.busy[k]})
		p.busy[k] = int32(len(p.nodes))
	}
}

// take books the attendees of m and counts it for its manager.
func (p *Planner) take(m *Meeting) {
	s := span{m.Start.Unix(), m.End.Unix()}
	first, last := p.index(s.start), p.index(s.end-1)
	for _, a := range m.Attendees {
		i := p.person(a.Email)
		p.bookDays(i, s, first, last)
		if a.Role == RoleManager && first >= 0 && first < int64(len(p.days)) {
			l := p.load(i)
			l.day[first]++
			l.week[first/7]++
		}
	}
}

func (p *Planner) load(person int32) *load {
	l := p.loads[person]
	if l == nil {
		l = &load{day: make([]int32, len(p.days)), week: make([]int32, (len(p.days)+6)/7)}
		p.loads[person] = l
	}
	return l
}

// free returns the first slot of day i at which the subject can meet (its
// attendees in p.attendees, its manager's load l), or the reason it
// cannot.
func (p *Planner) free(i int64, l *load) (span, ConflictReason) {
	d := &p.days[i]
	switch {
	case d.closed:
		return span{}, ConflictClosed
	case d.blackout:
		return span{}, ConflictBlackout
	}
	if len(p.off) > 0 {
		for _, a := range p.attendees {
			if p.off[p.key(a, i)] {
				return span{}, ConflictBlackout
			}
		}
	}
	switch {
	case l.day[i] >= int32(p.req.PerDay):
		return span{}, ConflictDayLimit
	case l.week[i/7] >= int32(p.req.PerWeek):
		return span{}, ConflictWeekLimit
	}
	p.heads = p.heads[:0] // each attendee's busy spans that day, looked up once
	for _, a := range p.attendees {
		if j := p.busy[p.key(a, i)]; j != 0 {
			p.heads = append(p.heads, j)
		}
	}
slots:
	for _, s := range d.slots {
		for _, j := range p.heads {
			for ; j != 0; j = p.nodes[j-1].next {
				if b := p.nodes[j-1]; s.start < b.end && b.start < s.end {
					continue slots
				}
			}
		}
		return s, 0
	}
	return span{}, ConflictBusy
}

// plan places the reviews of s.
func (p *Planner) plan(s *Subject) {
	p.attendees = p.attendees[:0]
	var mgr int32
	for _, a := range s.Attendees {
		i := p.person(a.Email)
		p.attendees = append(p.attendees, i)
		if a.Role == RoleManager {
			mgr = i
		}
	}
	l := p.load(mgr)
	n := p.lastN[s.Account]
	var anchor int64 // the day number reviews are due a cadence after
	spread := false
	switch {
	case hasLast(p.last, s.Account):
		anchor = p.last[s.Account]
	case !s.Last.IsZero():
		anchor = dayNumber(s.Last)
	default:
		spread = true
	}
	for {
		var due, lo, hi int64
		if spread {
			due, lo, hi = p.start, p.start, dayNumber(addCadence(p.req.Start, s.Cadence))-1
		} else {
			due = dayNumber(addCadence(dateOf(anchor), s.Cadence))
			lo, hi = max(due-int64(p.req.Slack), anchor+1, p.start), due+int64(p.req.Slack)
			if hi < p.start { // overdue before the horizon
				lo, hi = p.start, p.start+int64(p.req.Slack)
			}
		}
		if due >= p.end {
			return
		}
		hi = min(hi, p.end-1)
		n++
		var day int64
		var at span
		var ok bool
		if spread {
			day, at, ok = p.spread(lo, hi, l)
		} else {
			day, at, ok = p.nearest(due, lo, hi, l)
		}
		if !ok {
			p.conflicts = append(p.conflicts, Conflict{Account: s.Account, N: n, Due: dateOf(due), From: dateOf(lo), To: dateOf(hi), Reason: p.reason()})
			anchor, spread = due, false
			continue
		}
		m := Meeting{
			ID: meetingID(s.Account, n), Account: s.Account, Name: s.Name, N: n, Due: dateOf(due),
			Start: time.Unix(at.start, 0).In(p.loc), End: time.Unix(at.end, 0).In(p.loc),
			Attendees: slices.Clone(s.Attendees), Agenda: cmp.Or(s.Agenda, DefaultAgenda),
		}
		p.meetings = append(p.meetings, m)
		p.take(&m)
		anchor, spread = p.base+day, false
	}
}

// nearest returns the free day nearest due within [lo, hi], the earlier
// on a tie, its index and slot; or counts the reasons in p.reasons.
func (p *Planner) nearest(due, lo, hi int64, l *load) (int64, span, bool) {
	p.reasons = [len(p.reasons)]int{}
	for k := max(0, lo-due, due-hi); due-k >= lo || due+k <= hi; k++ {
		days := [2]int64{due - k, due + k}
		for j, n := range days {
			if n < lo || n > hi || (j == 1 && k == 0) {
				continue
			}
			s, r := p.free(n-p.base, l)
			if r == 0 {
				return n - p.base, s, true
			}
			p.reasons[r]++
		}
	}
	return 0, span{}, false
}

// spread returns the free day in [lo, hi] on which the manager's week,
// then day, is least loaded (the earliest on a tie), its index and slot;
// or counts the reasons in p.reasons.
func (p *Planner) spread(lo, hi int64, l *load) (int64, span, bool) {
	p.reasons = [len(p.reasons)]int{}
	best, bestSlot := int64(-1), span{}
	for n := lo; n <= hi; n++ {
		i := n - p.base
		if best >= 0 && (l.week[i/7] > l.week[best/7] || (l.week[i/7] == l.week[best/7] && l.day[i] >= l.day[best])) {
			continue
		}
		if s, r := p.free(i, l); r == 0 {
			best, bestSlot = i, s
		} else {
			p.reasons[r]++
		}
	}
	return best, bestSlot, best >= 0
}

// reason returns the reason counted most in p.reasons, the first on a tie.
func (p *Planner) reason() ConflictReason {
	best := ConflictClosed
	for r := ConflictClosed; r <= ConflictBusy; r++ {
		if p.reasons[r] > p.reasons[best] {
			best = r
		}
	}
	return best
}

// sortMeetings sorts ms by compareMeetings, moving each meeting once: it
// sorts small keys, then places the meetings.
func sortMeetings(ms []Meeting) {
	type key struct {
		start int64
		i     int32
	}
	keys := make([]key, len(ms))
	for i := range ms {
		keys[i] = key{ms[i].Start.UnixNano(), int32(i)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(ms[a.i].ID, ms[b.i].ID)
	})
	sorted := make([]Meeting, len(ms))
	for k, x := range keys {
		sorted[k] = ms[x.i]
	}
	copy(ms, sorted)
}

// mergeMeetings sorts ms, whose first kept are those of the previous
// schedule (in order already, unless moved by hand or edited) and the
// rest new: sorting the new ones and merging costs less than sorting all.
func mergeMeetings(ms []Meeting, kept int) []Meeting {
	old, added := ms[:kept], ms[kept:]
	if !slices.IsSortedFunc(old, compareMeetings) {
		sortMeetings(ms)
		return ms
	}
	sortMeetings(added)
	if len(added) == 0 || len(old) == 0 || compareMeetings(old[len(old)-1], added[0]) <= 0 {
		return ms
	}
	out := make([]Meeting, 0, len(ms))
	i, j := 0, 0
	for i < len(old) && j < len(added) {
		if compareMeetings(added[j], old[i]) < 0 {
			out = append(out, added[j])
			j++
		} else {
			out = append(out, old[i])
			i++
		}
	}
	out = append(out, old[i:]...)
	return append(out, added[j:]...)
}
