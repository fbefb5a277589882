package review

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-ical"

	"github.com/keyaccount/keyaccount/account"
)

// ICSOptions set what an iCalendar export says beyond the schedule.
type ICSOptions struct {
	// Stamp is the instant the export is made, its DTSTAMP; required
	// (the package never reads the clock).
	Stamp time.Time

	// Domain makes the meetings' UIDs unique in the world: a meeting's
	// UID is "review-", its ID, "@" and Domain, such as
	// "review-acme/3@crm.example.com". Use one domain for every export of
	// a schedule, so that calendars update the meetings rather than
	// duplicate them. Empty means "keyaccount.invalid".
	Domain string

	// ProdID is the product identifier of the calendar; empty means
	// "-//keyaccount//review//EN".
	ProdID string
}

// The custom parameter of an ATTENDEE that holds its [Role] by name.
const icsRoleParam = "X-KEYACCOUNT-ROLE"

// WriteICS writes s as an iCalendar object (RFC 5545) to w: a VTIMEZONE
// for the schedule's zone, with every change of offset from the first
// meeting to the last, and one VEVENT per meeting with
//
//   - UID: from the meeting's ID and opts.Domain, the same at every
//     export, so that a calendar updates a meeting rather than duplicate
//     it;
//   - SEQUENCE: the meeting's Sequence, which grows each time it moves;
//   - DTSTART and DTEND in the schedule's zone (TZID), DTSTAMP;
//   - SUMMARY: "Account review: " and the customer's name (or account
//     ID);
//   - DESCRIPTION: the account, the review's number and due date, and the
//     agenda;
//   - ORGANIZER: the account manager; ATTENDEE: each attendee, with its
//     name (CN), ROLE=CHAIR for the manager and REQ-PARTICIPANT for the
//     others, and its [Role] in the parameter X-KEYACCOUNT-ROLE.
//
// Conflicts are not exported: they have no time. Lines are folded at 75
// octets and end in CRLF.
//
// A zero opts.Stamp, an unknown Zone or a schedule with no meetings is an
// [*account.FieldError] wrapping [ErrInvalid]; errors of w are returned
// as they are.
func WriteICS(w io.Writer, s *Schedule, opts ICSOptions) error {
	if opts.Stamp.IsZero() {
		return &account.FieldError{Record: "ICSOptions", Field: "Stamp", Reason: "is missing", Err: ErrInvalid}
	}
	if s == nil || len(s.Meetings) == 0 {
		return &account.FieldError{Record: "Schedule", Field: "Meetings", Reason: "are none: an iCalendar object needs one event at least", Err: ErrInvalid}
	}
	loc, err := time.LoadLocation(s.Zone)
	if err != nil {
		return &account.FieldError{Record: "Schedule", Field: "Zone", Value: s.Zone, Reason: "is not a known time zone", Err: ErrInvalid}
	}
	domain := opts.Domain
	if domain == "" {
		domain = "keyaccount.invalid"
	}
	prodID := opts.ProdID
	if prodID == "" {
		prodID = "-//keyaccount//review//EN"
	}
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, prodID)
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	first, last := s.Meetings[0].Start, s.Meetings[0].End
	for _, m := range s.Meetings {
		if m.Start.Before(first) {
			first = m.Start
		}
		if m.End.After(last) {
			last = m.End
		}
	}
	if loc != time.UTC {
		cal.Children = append(cal.Children, timezone(loc, first, last))
	}
	stamp := opts.Stamp.UTC()
	for i := range s.Meetings {
		cal.Children = append(cal.Children, event(&s.Meetings[i], loc, stamp, domain))
	}
	fw := &foldWriter{w: bufio.NewWriter(w)}
	if err := ical.NewEncoder(fw).Encode(cal); err != nil {
		return err
	}
	return fw.w.Flush()
}

// event returns the VEVENT of m.
func event(m *Meeting, loc *time.Location, stamp time.Time, domain string) *ical.Component {
	e := ical.NewEvent()
	e.Props.SetText(ical.PropUID, "review-"+m.ID+"@"+domain)
	e.Props.SetDateTime(ical.PropDateTimeStamp, stamp)
	e.Props.SetDateTime(ical.PropDateTimeStart, m.Start.In(loc))
	e.Props.SetDateTime(ical.PropDateTimeEnd, m.End.In(loc))
	seq := ical.NewProp(ical.PropSequence)
	seq.Value = strconv.Itoa(m.Sequence)
	e.Props.Set(seq)
	name := m.Name
	if name == "" {
		name = string(m.Account)
	}
	e.Props.SetText(ical.PropSummary, "Account review: "+name)
	e.Props.SetText(ical.PropDescription, description(m))
	e.Props.SetText(ical.PropCategories, "Account review")
	for _, a := range m.Attendees {
		p := ical.NewProp(ical.PropAttendee)
		p.Value = "mailto:" + a.Email
		if a.Name != "" {
			p.Params.Set(ical.ParamCommonName, a.Name)
		}
		role := "REQ-PARTICIPANT"
		if a.Role == RoleManager {
			role = "CHAIR"
			o := ical.NewProp(ical.PropOrganizer)
			o.Value = p.Value
			if a.Name != "" {
				o.Params.Set(ical.ParamCommonName, a.Name)
			}
			e.Props.Set(o)
		}
		p.Params.Set(ical.ParamRole, role)
		p.Params.Set(icsRoleParam, a.Role.String())
		e.Props.Add(p)
	}
	return e.Component
}

// description returns the text of a meeting's DESCRIPTION: the account,
// the review's number and due date, and the agenda.
func description(m *Meeting) string {
	var b strings.Builder
	b.WriteString("Account: ")
	if m.Name != "" {
		b.WriteString(m.Name + " (" + string(m.Account) + ")")
	} else {
		b.WriteString(string(m.Account))
	}
	b.WriteString("\nReview " + strconv.Itoa(m.N) + ", due " + m.Due.String())
	b.WriteString("\nAgenda: " + m.Agenda)
	return b.String()
}

// timezone returns the VTIMEZONE of loc from before first to after last:
// one STANDARD or DAYLIGHT observance for each period of one offset, each
// starting at its change of offset (no recurrence rules, so it is exact
// for the years it covers whatever the zone's rules did).
func timezone(loc *time.Location, first, last time.Time) *ical.Component {
	tz := ical.NewComponent(ical.CompTimezone)
	tz.Props.SetText(ical.PropTimezoneID, loc.String())
	t := first.In(loc)
	for {
		start, end := t.ZoneBounds()
		name, offset := t.Zone()
		from := offset
		begin := "19700101T000000"
		if !start.IsZero() {
			_, from = start.Add(-time.Second).In(loc).Zone()
			begin = start.UTC().Add(time.Duration(from) * time.Second).Format("20060102T150405")
		}
		kind := ical.CompTimezoneStandard
		if t.IsDST() {
			kind = ical.CompTimezoneDaylight
		}
		o := ical.NewComponent(kind)
		dt := ical.NewProp(ical.PropDateTimeStart)
		dt.Value = begin
		o.Props.Set(dt)
		o.Props.Set(&ical.Prop{Name: ical.PropTimezoneOffsetFrom, Params: ical.Params{}, Value: utcOffset(from)})
		o.Props.Set(&ical.Prop{Name: ical.PropTimezoneOffsetTo, Params: ical.Params{}, Value: utcOffset(offset)})
		o.Props.SetText(ical.PropTimezoneName, name)
		tz.Children = append(tz.Children, o)
		if end.IsZero() || end.After(last) {
			return tz
		}
		t = end.In(loc)
	}
}

// utcOffset formats seconds east of UTC as an iCalendar UTC-OFFSET:
// "+0100", "-0530", or "+054500" with seconds.
func utcOffset(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	s := sign + twoDigits(sec/3600) + twoDigits(sec/60%60)
	if sec%60 != 0 {
		s += twoDigits(sec % 60)
	}
	return s
}

func twoDigits(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// A foldWriter folds the content lines written to it, one line per
// Write as the encoder writes them, at 75 octets (RFC 5545 3.1), never
// within a UTF-8 sequence.
type foldWriter struct{ w *bufio.Writer }

func (f *foldWriter) Write(p []byte) (int, error) {
	line := strings.TrimSuffix(string(p), "\r\n")
	width := 75
	for len(line) > width {
		cut := width
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		f.w.WriteString(line[:cut])
		f.w.WriteString("\r\n ")
		line = line[cut:]
		width = 74 // the leading space counts
	}
	f.w.WriteString(line)
	if _, err := f.w.WriteString("\r\n"); err != nil {
		return 0, err
	}
	return len(p), nil
}
