package review

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/tiering"
)

// A Subject is an account to schedule reviews for: its cadence, the
// last review held and who attends.
type Subject struct {
	Account account.ID // required
	Name    string     // the customer's name, for the meeting's title; optional

	// Cadence is the time from one review to the next; required and not
	// zero. [CadenceRule.Cadences] gives it from tiers and value.
	Cadence tiering.Cadence

	// Last is the date of the last review held, or the zero Date if there
	// has been none: the first review is then placed anywhere in the first
	// cadence of the horizon where its manager is least loaded, so that a
	// manager's reviews spread over the year.
	Last calendar.Date

	// Attendees are the people invited, each once: exactly one
	// RoleManager, and whoever else the account plan names (finance,
	// delivery, an executive sponsor).
	Attendees []Attendee

	// Agenda is what the review covers, for the meeting's description;
	// empty means [DefaultAgenda].
	Agenda string
}

// DefaultAgenda is the agenda of a review whose [Subject] gives none.
const DefaultAgenda = "What has been achieved since the last review; short-term performance against target; long-term health and its trend; the account plan's objectives; action items with owners and due dates."

// A Booking is time a person is already committed: no review is placed
// over it.
type Booking struct {
	Email      string    // the person; required
	Start, End time.Time // [Start, End); required, End after Start
}

// A Blackout is a run of dates on which no review is placed: for one
// person (a holiday), or for everyone (a year-end freeze).
type Blackout struct {
	Email    string        // the person, or "" for everyone
	From, To calendar.Date // the first and last dates, inclusive; From required; a zero To is From
	Reason   string        // why, for people; optional
}

// The bounds of a [ScheduleRequest].
const (
	// DefaultHorizon is the horizon of a request that gives none.
	DefaultHorizon = 12 // months

	// DefaultLength is the length of a meeting when a request gives none;
	// MinLength and MaxLength bound the length given.
	DefaultLength = time.Hour
	MinLength     = time.Minute
	MaxLength     = 12 * time.Hour

	// MaxSlack is the most days a review may move from its due date.
	MaxSlack = 92

	// MaxTextLength is the most bytes of a name, an agenda or an email.
	MaxTextLength = 4096
	maxEmail      = 254
)

// A ScheduleRequest asks for a schedule of reviews: which accounts, over
// what horizon, on what calendar, and under which limits. See
// [ScheduleReviews].
//
// The zero ScheduleRequest is not valid: it has no calendar, start date or
// limits.
type ScheduleRequest struct {
	// Calendar gives the working days and hours and the time zone of the
	// meetings; required.
	Calendar *calendar.Calendar

	// Start is the first date of the horizon, which runs to Start plus
	// Horizon (exclusive); required. Horizon is 12 months when zero; it
	// must not be negative (a horizon in the past) and is at most
	// [tiering.MaxCadenceMonths] months and [tiering.MaxCadenceDays] days.
	Start   calendar.Date
	Horizon tiering.Cadence

	// Time is the preferred time of day a review starts, in the calendar's
	// zone, and Length the length of a review (an hour when zero, from
	// [MinLength] to [MaxLength]). A review starts at Time, or if that is
	// not free, at Time plus or minus whole Lengths (later ones first),
	// always wholly within one span of the day's working hours. The zero
	// Time, 00:00, puts reviews at the first free slot of the day.
	Time   calendar.Clock
	Length time.Duration

	// Slack is the most days, 0 to [MaxSlack], a review may be placed
	// before or after its due date. A review that cannot be placed within
	// its slack is a [Conflict].
	Slack int

	// PerDay and PerWeek are the most reviews an account manager (the
	// RoleManager attendee) chairs on one day and in one week (Monday to
	// Sunday); both at least 1. Previous meetings count.
	PerDay, PerWeek int

	Accounts  []Subject  // the accounts to review, each once, in any order
	Bookings  []Booking  // people's existing commitments
	Blackouts []Blackout // dates without reviews

	// Previous is the schedule made before, or nil. Its meetings are kept
	// exactly as they are (moved by hand or not), whether or not their
	// account is still listed, and they take their attendees' time and
	// count toward the limits. Its conflicts are kept too. An account's
	// reviews continue after its last meeting or conflict in Previous,
	// numbered on from it.
	Previous *Schedule
}

// A Schedule is a plan of review meetings over a horizon, and the reviews
// that could not be placed.
type Schedule struct {
	Start calendar.Date // the first date of the horizon
	End   calendar.Date // the first date after it
	Zone  string        // the calendar's time zone, an IANA name such as "Europe/London"

	// Meetings are the reviews placed, in order of Start, then ID.
	Meetings []Meeting

	// Conflicts are the reviews that could not be placed within their
	// slack, in order of Due, then account and number. None is dropped
	// silently: every review due in the horizon is a meeting or a conflict.
	Conflicts []Conflict
}

// A Meeting is one review placed in a schedule.
type Meeting struct {
	// ID identifies the meeting for good: the account ID, "/" and N. It
	// does not change when the meeting moves, so an export of it (the UID
	// of [WriteICS]) updates rather than duplicates.
	ID      string
	Account account.ID
	Name    string // the customer's name
	N       int    // the number of the account's review in the schedule, from 1

	// Due is the date the cadence asks for. For an account's first review
	// with no review held before, it is the start of the horizon.
	Due calendar.Date

	Start, End time.Time // in the calendar's zone
	Attendees  []Attendee
	Agenda     string

	// Sequence counts the moves of the meeting: 0 when placed, one more
	// after each [Schedule.Move]. It is the iCalendar SEQUENCE.
	Sequence int
}

// A Conflict is a review that could not be placed within its slack, and
// why.
type Conflict struct {
	Account  account.ID
	N        int           // the number the meeting would have had
	Due      calendar.Date // the date the cadence asks for
	From, To calendar.Date // the dates searched, inclusive
	Reason   ConflictReason
}

// ConflictReason says why a review could not be placed: what stopped it
// on most of the dates searched (the first in the order below on a tie).
// The zero ConflictReason is not a reason.
type ConflictReason uint8

// The reasons for a conflict.
const (
	ConflictClosed    ConflictReason = iota + 1 // no working time a review fits in: weekends, holidays, short days
	ConflictBlackout                            // a blackout for everyone or for an attendee
	ConflictDayLimit                            // the manager has PerDay reviews that day
	ConflictWeekLimit                           // the manager has PerWeek reviews that week
	ConflictBusy                                // an attendee is booked at every working slot
)

var conflictReasonNames = enum.New("ConflictReason", map[ConflictReason]string{
	ConflictClosed:    "closed",
	ConflictBlackout:  "blackout",
	ConflictDayLimit:  "day-limit",
	ConflictWeekLimit: "week-limit",
	ConflictBusy:      "busy",
})

// String returns "closed", "blackout", "day-limit", "week-limit" or "busy".
func (r ConflictReason) String() string { return conflictReasonNames.String(r) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero ConflictReason is the exception: it is the empty text, unset.
func (r ConflictReason) MarshalText() ([]byte, error) {
	return conflictReasonNames.MarshalText(r, ErrInvalid)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero ConflictReason.
func (r *ConflictReason) UnmarshalText(text []byte) error {
	v, err := conflictReasonNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*r = v
	}
	return err
}

// Meeting returns the meeting with the ID id, and whether there is one.
func (s *Schedule) Meeting(id string) (Meeting, bool) {
	i := slices.IndexFunc(s.Meetings, func(m Meeting) bool { return m.ID == id })
	if i < 0 {
		return Meeting{}, false
	}
	return s.Meetings[i], true
}

// Move moves the meeting id to start, keeping its length, and counts the
// move in its Sequence; the meetings stay in order. Move is the caller's
// decision: it is not checked against the calendar, bookings or limits.
// A meeting not in s wraps [ErrUnknownMeeting], and a zero start
// [ErrInvalid], each in an [*account.FieldError] with Record "Schedule".
func (s *Schedule) Move(id string, start time.Time) error {
	i := slices.IndexFunc(s.Meetings, func(m Meeting) bool { return m.ID == id })
	if i < 0 {
		return &account.FieldError{Record: "Schedule", Field: "Meetings", Value: id, Reason: "no meeting has this ID", Err: ErrUnknownMeeting}
	}
	if start.IsZero() {
		return &account.FieldError{Record: "Schedule", ID: id, Field: "Start", Reason: "is missing", Err: ErrInvalid}
	}
	m := &s.Meetings[i]
	if loc, err := time.LoadLocation(s.Zone); err == nil && s.Zone != "" {
		start = start.In(loc)
	}
	m.Start, m.End = start, start.Add(m.End.Sub(m.Start))
	m.Sequence++
	slices.SortStableFunc(s.Meetings, compareMeetings)
	return nil
}

func compareMeetings(a, b Meeting) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

func compareConflicts(a, b Conflict) int {
	if c := a.Due.Compare(b.Due); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Account, b.Account); c != 0 {
		return c
	}
	return cmp.Compare(a.N, b.N)
}

// meetingID returns the ID of review n of account a.
func meetingID(a account.ID, n int) string { return string(a) + "/" + itoa(n) }

// validate reports every problem of r, or nil.
func (r *ScheduleRequest) validate() error {
	var f faults
	const rec = "ScheduleRequest"
	if r.Calendar == nil {
		f.addFor(rec, "", "Calendar", nil, "is missing")
	}
	switch {
	case r.Start.IsZero():
		f.addFor(rec, "", "Start", nil, "is missing")
	case !r.Start.IsValid():
		f.addFor(rec, "", "Start", r.Start, "is not a valid date")
	}
	if r.Horizon.Months < 0 || r.Horizon.Days < 0 {
		f.addFor(rec, "", "Horizon", r.Horizon, "must not be negative: the horizon would end before Start")
	} else {
		f.cadence(rec, "", "Horizon", r.Horizon)
	}
	if !r.Time.IsValid() || r.Time.Hour == 24 {
		f.addFor(rec, "", "Time", r.Time, "must be a time of day from 00:00 to 23:59")
	}
	if r.Length != 0 && (r.Length < MinLength || r.Length > MaxLength) {
		f.addFor(rec, "", "Length", r.Length, "must be from "+MinLength.String()+" to "+MaxLength.String())
	}
	if r.Slack < 0 || r.Slack > MaxSlack {
		f.addFor(rec, "", "Slack", r.Slack, "must be from 0 to "+itoa(MaxSlack)+" days")
	}
	if r.PerDay < 1 {
		f.addFor(rec, "", "PerDay", r.PerDay, "must be at least 1")
	}
	if r.PerWeek < 1 {
		f.addFor(rec, "", "PerWeek", r.PerWeek, "must be at least 1")
	}
	first := make(map[account.ID]int, len(r.Accounts))
	for i := range r.Accounts {
		s := &r.Accounts[i]
		path := fieldPath{list: "Accounts", i: i}
		if err := s.Account.Validate(); err != nil {
			f.addFor(rec, string(s.Account), path.at(".Account"), s.Account, "is not a valid account ID")
		} else if j, dup := first[s.Account]; dup {
			f.list.Add(&account.FieldError{Record: rec, ID: string(s.Account), Field: path.at(".Account"), Value: s.Account, Reason: "is listed already at Accounts[" + itoa(j) + "]", Err: ErrDuplicateAccount})
		} else {
			first[s.Account] = i
		}
		s.validate(&f, rec, path)
	}
	for i, b := range r.Bookings {
		path := fieldPath{list: "Bookings", i: i}
		email(&f, rec, "", path, ".Email", b.Email)
		if b.Start.IsZero() {
			f.addFor(rec, "", path.at(".Start"), nil, "is missing")
		}
		if !b.End.After(b.Start) {
			f.addFor(rec, "", path.at(".End"), b.End, "must be after Start")
		}
	}
	for i, b := range r.Blackouts {
		path := fieldPath{list: "Blackouts", i: i}
		if b.Email != "" {
			email(&f, rec, "", path, ".Email", b.Email)
		}
		if !b.From.IsValid() {
			f.addFor(rec, "", path.at(".From"), b.From, "is not a valid date")
		}
		if !b.To.IsZero() && !b.To.IsValid() {
			f.addFor(rec, "", path.at(".To"), b.To, "is not a valid date")
		} else if !b.To.IsZero() && b.To.Before(b.From) {
			f.addFor(rec, "", path.at(".To"), b.To, "must not be before From")
		}
	}
	if r.Previous != nil {
		seen := make(map[string]struct{}, len(r.Previous.Meetings))
		for i := range r.Previous.Meetings {
			m := &r.Previous.Meetings[i]
			path := fieldPath{list: "Previous.Meetings", i: i}
			if _, dup := seen[m.ID]; m.ID == "" || dup {
				f.addFor(rec, m.ID, path.at(".ID"), m.ID, "must be present and unique")
			}
			seen[m.ID] = struct{}{}
			if m.Start.IsZero() || !m.End.After(m.Start) {
				f.addFor(rec, m.ID, path.at(".End"), m.End, "must be after a Start")
			}
		}
	}
	return f.err()
}

// A fieldPath locates an element of a list in a request, such as
// Accounts[3], and within it, an element of a list of its, such as
// Accounts[3].Attendees[1]. Its text is built only for an error.
type fieldPath struct {
	list string // "Accounts", ...; "" for a path relative to an argument list
	i    int
	sub  string // "Attendees", or "" for none
	j    int
}

// at returns the text of p followed by leaf (such as ".Email").
func (p fieldPath) at(leaf string) string {
	s := p.list + "[" + itoa(p.i) + "]"
	if p.sub != "" {
		s += "." + p.sub + "[" + itoa(p.j) + "]"
	}
	return s + leaf
}

// validate adds the problems of s, at path, to f.
func (s *Subject) validate(f *faults, rec string, path fieldPath) {
	id := string(s.Account)
	if s.Cadence.IsZero() {
		f.addFor(rec, id, path.at(".Cadence"), nil, "is missing")
	}
	if s.Cadence.Validate() != nil {
		f.cadence(rec, id, path.at(".Cadence"), s.Cadence)
	}
	if !s.Last.IsZero() && !s.Last.IsValid() {
		f.addFor(rec, id, path.at(".Last"), s.Last, "is not a valid date")
	}
	text(f, rec, id, path, ".Name", s.Name, false)
	text(f, rec, id, path, ".Agenda", s.Agenda, true)
	managers := 0
	for j, a := range s.Attendees {
		ap := path
		ap.sub, ap.j = "Attendees", j
		if !roleNames.Valid(a.Role) {
			f.addFor(rec, id, ap.at(".Role"), int(a.Role), "is not a known Role")
		}
		if a.Role == RoleManager {
			managers++
		}
		email(f, rec, id, ap, ".Email", a.Email)
		if slices.ContainsFunc(s.Attendees[:j], func(b Attendee) bool { return b.Email == a.Email }) {
			f.addFor(rec, id, ap.at(".Email"), a.Email, "is listed twice")
		}
		text(f, rec, id, ap, ".Name", a.Name, false)
	}
	if managers != 1 {
		f.addFor(rec, id, path.at(".Attendees"), managers, "need exactly one manager (RoleManager)")
	}
}

// email adds a problem with the email address e at path and leaf, if any.
func email(f *faults, rec, id string, path fieldPath, leaf, e string) {
	if reason := emailProblem(e); reason != "" {
		var v any
		if e != "" {
			v = e
		}
		f.addFor(rec, id, path.at(leaf), v, reason)
	}
}

// text adds a problem with the text s at field, if any: too long, not
// UTF-8, or with control characters (but line breaks where multiline) or,
// on one line, double quotes.
func text(f *faults, rec, id string, path fieldPath, leaf, s string, multiline bool) {
	if len(s) > MaxTextLength {
		f.addFor(rec, id, path.at(leaf), s, "is longer than "+itoa(MaxTextLength)+" bytes")
		return
	}
	if !utf8.ValidString(s) {
		f.addFor(rec, id, path.at(leaf), s, "is not valid UTF-8")
		return
	}
	if strings.ContainsFunc(s, func(r rune) bool {
		return (unicode.IsControl(r) && !(multiline && r == '\n')) || (!multiline && r == '"')
	}) {
		f.addFor(rec, id, path.at(leaf), s, "must not contain control characters or double quotes")
	}
}
