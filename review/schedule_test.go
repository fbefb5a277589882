package review_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

func day(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }

// Each validated field of a request, at both edges: the valid edge plans,
// the invalid one is a field error naming the field.
func TestScheduleRequestEdges(t *testing.T) {
	alwaysOpen := func(t *testing.T) *calendar.Calendar {
		c, err := calendar.AlwaysOpen("Europe/London")
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	london := officeCalendar(t).Location()
	at := time.Date(2026, 1, 6, 10, 0, 0, 0, london)
	tests := []struct {
		name  string
		edit  func(*review.ScheduleRequest)
		field string // "" for a valid request
	}{
		{"no calendar", func(r *review.ScheduleRequest) { r.Calendar = nil }, "Calendar"},
		{"no start", func(r *review.ScheduleRequest) { r.Start = calendar.Date{} }, "Start"},
		{"invalid start", func(r *review.ScheduleRequest) { r.Start = day(2026, 2, 30) }, "Start"},
		{"horizon a day", func(r *review.ScheduleRequest) { r.Horizon = tiering.Days(1) }, ""},
		{"horizon in the past", func(r *review.ScheduleRequest) { r.Horizon = tiering.Months(-1) }, "Horizon"},
		{"horizon days in the past", func(r *review.ScheduleRequest) { r.Horizon = tiering.Days(-1) }, "Horizon"},
		{"horizon longest", func(r *review.ScheduleRequest) { r.Horizon = tiering.Months(tiering.MaxCadenceMonths) }, ""},
		{"horizon too long", func(r *review.ScheduleRequest) { r.Horizon = tiering.Months(tiering.MaxCadenceMonths + 1) }, "Horizon.Months"},
		{"time 23:59", func(r *review.ScheduleRequest) { r.Time = calendar.Clock{Hour: 23, Minute: 59} }, ""},
		{"time 24:00", func(r *review.ScheduleRequest) { r.Time = calendar.Clock{Hour: 24} }, "Time"},
		{"time negative", func(r *review.ScheduleRequest) { r.Time = calendar.Clock{Hour: -1} }, "Time"},
		{"shortest", func(r *review.ScheduleRequest) { r.Length = review.MinLength }, ""},
		{"too short", func(r *review.ScheduleRequest) { r.Length = review.MinLength - 1 }, "Length"},
		{"negative length", func(r *review.ScheduleRequest) { r.Length = -time.Hour }, "Length"},
		{"longest", func(r *review.ScheduleRequest) { r.Length, r.Calendar = review.MaxLength, alwaysOpen(t) }, ""},
		{"too long", func(r *review.ScheduleRequest) { r.Length = review.MaxLength + 1 }, "Length"},
		{"no slack", func(r *review.ScheduleRequest) { r.Slack = 0 }, ""},
		{"negative slack", func(r *review.ScheduleRequest) { r.Slack = -1 }, "Slack"},
		{"most slack", func(r *review.ScheduleRequest) { r.Slack = review.MaxSlack }, ""},
		{"too much slack", func(r *review.ScheduleRequest) { r.Slack = review.MaxSlack + 1 }, "Slack"},
		{"one a day", func(r *review.ScheduleRequest) { r.PerDay = 1 }, ""},
		{"none a day", func(r *review.ScheduleRequest) { r.PerDay = 0 }, "PerDay"},
		{"one a week", func(r *review.ScheduleRequest) { r.PerWeek = 1 }, ""},
		{"none a week", func(r *review.ScheduleRequest) { r.PerWeek = 0 }, "PerWeek"},
		{"bad account ID", func(r *review.ScheduleRequest) { r.Accounts[0].Account = "" }, "Accounts[0].Account"},
		{"cadence zero", func(r *review.ScheduleRequest) { r.Accounts[0].Cadence = tiering.Cadence{} }, "Accounts[0].Cadence"},
		{"cadence a day", func(r *review.ScheduleRequest) { r.Accounts[0].Cadence = tiering.Days(1) }, ""},
		{"cadence negative", func(r *review.ScheduleRequest) { r.Accounts[0].Cadence = tiering.Cadence{Months: 1, Days: -1} }, "Accounts[0].Cadence.Days"},
		{"cadence too long", func(r *review.ScheduleRequest) { r.Accounts[0].Cadence = tiering.Days(tiering.MaxCadenceDays + 1) }, "Accounts[0].Cadence.Days"},
		{"last invalid", func(r *review.ScheduleRequest) { r.Accounts[0].Last = day(2025, 13, 1) }, "Accounts[0].Last"},
		{"no manager", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees = r.Accounts[0].Attendees[1:] }, "Accounts[0].Attendees"},
		{"two managers", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Role = review.RoleManager }, "Accounts[0].Attendees"},
		{"unknown role", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[2].Role = 7 }, "Accounts[0].Attendees[2].Role"},
		{"customer invited", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[2].Role = review.RoleCustomer }, ""},
		{"other invited", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[2].Role = review.RoleOther }, ""},
		{"no email", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Email = "" }, "Accounts[0].Attendees[1].Email"},
		{"email with a space", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Email = "a b@x" }, "Accounts[0].Attendees[1].Email"},
		{"email with a quote", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Email = `a"b@x` }, "Accounts[0].Attendees[1].Email"},
		{"longest email", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Email = strings.Repeat("e", 254) }, ""},
		{"email too long", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Email = strings.Repeat("e", 255) }, "Accounts[0].Attendees[1].Email"},
		{"email twice", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[2].Email = r.Accounts[0].Attendees[1].Email }, "Accounts[0].Attendees[2].Email"},
		{"name with a quote", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Name = `Ana "the" Key` }, "Accounts[0].Attendees[1].Name"},
		{"name not UTF-8", func(r *review.ScheduleRequest) { r.Accounts[0].Name = "\xc3" }, "Accounts[0].Name"},
		{"agenda not UTF-8", func(r *review.ScheduleRequest) { r.Accounts[0].Agenda = "a\xffb" }, "Accounts[0].Agenda"},
		{"email not UTF-8", func(r *review.ScheduleRequest) { r.Accounts[0].Attendees[1].Email = "\xc3@x" }, "Accounts[0].Attendees[1].Email"},
		{"name with a tab", func(r *review.ScheduleRequest) { r.Accounts[0].Name = "A\tB" }, "Accounts[0].Name"},
		{"agenda with lines and quotes", func(r *review.ScheduleRequest) { r.Accounts[0].Agenda = "one\n\"two\"" }, ""},
		{"agenda with a CR", func(r *review.ScheduleRequest) { r.Accounts[0].Agenda = "one\r\ntwo" }, "Accounts[0].Agenda"},
		{"longest agenda", func(r *review.ScheduleRequest) { r.Accounts[0].Agenda = strings.Repeat("a", review.MaxTextLength) }, ""},
		{"agenda too long", func(r *review.ScheduleRequest) { r.Accounts[0].Agenda = strings.Repeat("a", review.MaxTextLength+1) }, "Accounts[0].Agenda"},
		{"booking without email", func(r *review.ScheduleRequest) { r.Bookings = []review.Booking{{Start: at, End: at.Add(time.Hour)}} }, "Bookings[0].Email"},
		{"booking without start", func(r *review.ScheduleRequest) {
			r.Bookings = []review.Booking{{Email: "x@y", End: at}}
		}, "Bookings[0].Start"},
		{"booking of no time", func(r *review.ScheduleRequest) { r.Bookings = []review.Booking{{Email: "x@y", Start: at, End: at}} }, "Bookings[0].End"},
		{"shortest booking", func(r *review.ScheduleRequest) {
			r.Bookings = []review.Booking{{Email: "x@y", Start: at, End: at.Add(1)}}
		}, ""},
		{"blackout of a day", func(r *review.ScheduleRequest) {
			r.Blackouts = []review.Blackout{{From: day(2026, 2, 2), To: day(2026, 2, 2)}}
		}, ""},
		{"blackout backwards", func(r *review.ScheduleRequest) {
			r.Blackouts = []review.Blackout{{From: day(2026, 2, 2), To: day(2026, 2, 1)}}
		}, "Blackouts[0].To"},
		{"blackout without From", func(r *review.ScheduleRequest) { r.Blackouts = []review.Blackout{{To: day(2026, 2, 1)}} }, "Blackouts[0].From"},
		{"blackout invalid To", func(r *review.ScheduleRequest) {
			r.Blackouts = []review.Blackout{{From: day(2026, 2, 1), To: day(2026, 2, 31)}}
		}, "Blackouts[0].To"},
		{"blackout bad email", func(r *review.ScheduleRequest) {
			r.Blackouts = []review.Blackout{{From: day(2026, 2, 1), Email: "a b"}}
		}, "Blackouts[0].Email"},
		{"previous meeting twice", func(r *review.ScheduleRequest) {
			m := review.Meeting{ID: "x/1", Account: "x", N: 1, Start: at, End: at.Add(time.Hour)}
			r.Previous = &review.Schedule{Meetings: []review.Meeting{m, m}}
		}, "Previous.Meetings[1].ID"},
		{"previous meeting of no time", func(r *review.ScheduleRequest) {
			r.Previous = &review.Schedule{Meetings: []review.Meeting{{ID: "x/1", Account: "x", N: 1, Start: at, End: at}}}
		}, "Previous.Meetings[0].End"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := baseRequest(t, portfolio(2, 1, tiering.Days(90)))
			tt.edit(&req)
			s, err := review.ScheduleReviews(req)
			if tt.field == "" {
				if err != nil {
					t.Fatalf("valid edge: %v", err)
				}
				if len(s.Meetings) == 0 {
					t.Fatalf("valid edge planned nothing: %+v", s.Conflicts)
				}
				return
			}
			checkField(t, err, "ScheduleRequest", tt.field)
			if _, err := review.NewPlanner(req); err == nil {
				t.Errorf("NewPlanner accepts what ScheduleReviews rejects")
			}
		})
	}
}

func TestScheduleDuplicateAccount(t *testing.T) {
	req := baseRequest(t, portfolio(2, 1, tiering.Days(90)))
	req.Accounts[1].Account = req.Accounts[0].Account
	_, err := review.ScheduleReviews(req)
	if !errors.Is(err, review.ErrDuplicateAccount) {
		t.Fatalf("err = %v, want ErrDuplicateAccount", err)
	}
	checkField(t, err, "ScheduleRequest", "Accounts[1].Account")
}

// A request with many faults reports each.
func TestScheduleRequestManyFaults(t *testing.T) {
	_, err := review.ScheduleReviews(review.ScheduleRequest{Slack: -1})
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *account.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	if diff := cmp.Diff([]string{"Calendar", "Start", "Slack", "PerDay", "PerWeek"}, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
}

// A 90-day review due on a Sunday in the Easter weekend goes to the
// nearest working day, the Tuesday; a meeting at 10:00 is at 10:00 London
// time whether GMT or BST.
func TestScheduleNearestWorkingDayAndDST(t *testing.T) {
	req := baseRequest(t, portfolio(1, 1, tiering.Days(90)))
	req.Accounts[0].Last = day(2026, 1, 5) // due Sunday 5 April 2026
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range s.Meetings {
		got = append(got, m.Due.String()+" "+m.Start.Format("Mon 2006-01-02 15:04 MST"))
	}
	want := []string{
		"2026-04-05 Tue 2026-04-07 10:00 BST", // Good Friday, Easter Monday and the weekend closed
		"2026-07-06 Mon 2026-07-06 10:00 BST",
		"2026-10-04 Mon 2026-10-05 10:00 BST", // Sunday: Monday is as near as Friday, but Friday is 2 days off
		"2027-01-03 Mon 2027-01-04 10:00 GMT",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("meetings (-want +got):\n%s", diff)
	}
}

// A review that cannot be placed within its slack is a conflict with the
// reason that stopped it most, never dropped; the next review is due a
// cadence after the conflict's due date.
func TestScheduleConflicts(t *testing.T) {
	cal := officeCalendar(t)
	one := func(edit func(*review.ScheduleRequest)) *review.Schedule {
		t.Helper()
		req := baseRequest(t, portfolio(1, 1, tiering.Days(28)))
		req.Horizon = tiering.Days(60)
		req.Slack = 2
		req.Accounts[0].Last = day(2026, 1, 1) // due Thursday 29 January
		edit(&req)
		s, err := review.ScheduleReviews(req)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	manager := portfolio(1, 1, tiering.Days(1))[0].Attendees[0].Email
	finance := portfolio(1, 1, tiering.Days(1))[0].Attendees[1].Email
	tests := []struct {
		name   string
		edit   func(*review.ScheduleRequest)
		reason review.ConflictReason
	}{
		{"blackout for all", func(r *review.ScheduleRequest) {
			r.Blackouts = []review.Blackout{{From: day(2026, 1, 26), To: day(2026, 2, 6), Reason: "freeze"}}
		}, review.ConflictBlackout},
		{"blackout for the manager", func(r *review.ScheduleRequest) {
			r.Blackouts = []review.Blackout{{Email: manager, From: day(2026, 1, 27), To: day(2026, 1, 31)}}
		}, review.ConflictBlackout},
		{"finance booked all day", func(r *review.ScheduleRequest) {
			r.Bookings = []review.Booking{{Email: finance, Start: time.Date(2026, 1, 27, 0, 0, 0, 0, cal.Location()), End: time.Date(2026, 1, 31, 0, 0, 0, 0, cal.Location())}}
		}, review.ConflictBusy},
		{"closed", func(r *review.ScheduleRequest) {
			r.Accounts[0].Last = day(2026, 1, 3) // due Saturday 31 January: Friday, Saturday, Sunday, Monday
			r.Slack = 1
			r.Blackouts = []review.Blackout{{From: day(2026, 1, 30)}, {From: day(2026, 2, 2)}}
		}, review.ConflictClosed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := one(tt.edit)
			if len(s.Conflicts) != 1 {
				t.Fatalf("conflicts %+v, meetings %d", s.Conflicts, len(s.Meetings))
			}
			c := s.Conflicts[0]
			if c.Reason != tt.reason || c.N != 1 || c.Due != day(2026, 1, 29) && tt.reason != review.ConflictClosed {
				t.Errorf("conflict %+v, want reason %v", c, tt.reason)
			}
			if len(s.Meetings) != 1 || s.Meetings[0].N != 2 || s.Meetings[0].Due != addCadence(c.Due, tiering.Days(28)) {
				t.Errorf("after the conflict: %+v", s.Meetings)
			}
		})
	}
}

// The limits per day and per week are reported as such when they stop a
// review.
func TestScheduleLimitConflicts(t *testing.T) {
	for _, tt := range []struct {
		perDay, perWeek int
		reason          review.ConflictReason
	}{
		{1, 5, review.ConflictDayLimit},
		{5, 1, review.ConflictWeekLimit},
	} {
		req := baseRequest(t, portfolio(2, 1, tiering.Days(28)))
		req.Horizon, req.Slack, req.PerDay, req.PerWeek = tiering.Days(10), 0, tt.perDay, tt.perWeek
		for i := range req.Accounts {
			req.Accounts[i].Last = day(2025, 12, 9) // both due Tuesday 6 January
		}
		s, err := review.ScheduleReviews(req)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Meetings) != 1 || len(s.Conflicts) != 1 || s.Conflicts[0].Reason != tt.reason || s.Conflicts[0].Account != req.Accounts[1].Account {
			t.Errorf("limits %d/%d: meetings %d, conflicts %+v", tt.perDay, tt.perWeek, len(s.Meetings), s.Conflicts)
		}
	}
}

// A review overdue before the horizon is placed within the slack of its
// start.
func TestScheduleOverdue(t *testing.T) {
	req := baseRequest(t, portfolio(1, 1, tiering.Months(3)))
	req.Accounts[0].Last = day(2025, 3, 31) // due 30 June 2025, long before 5 January 2026
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	m := s.Meetings[0]
	if m.Due != day(2025, 6, 30) || calendar.DateOf(m.Start) != req.Start {
		t.Errorf("overdue review: due %v at %v", m.Due, m.Start)
	}
	// The next is due 3 months after the meeting, clamped: 5 April.
	if s.Meetings[1].Due != day(2026, 4, 5) {
		t.Errorf("next due %v", s.Meetings[1].Due)
	}
}

// Month cadences clamp at month ends: from 30 November, 3 months is
// 28 February.
func TestScheduleMonthEnd(t *testing.T) {
	req := baseRequest(t, portfolio(1, 1, tiering.Months(3)))
	req.Start, req.Horizon, req.Slack = day(2025, 12, 1), tiering.Months(4), 1
	req.Accounts[0].Last = day(2025, 11, 30)
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Meetings) != 1 || s.Meetings[0].Due != day(2026, 2, 27) && s.Meetings[0].Due != day(2026, 2, 28) {
		t.Fatalf("meetings %+v, conflicts %+v", s.Meetings, s.Conflicts)
	}
	if s.Meetings[0].Due != day(2026, 2, 28) || calendar.DateOf(s.Meetings[0].Start) != day(2026, 2, 27) {
		t.Errorf("due %v on %v, want due 2026-02-28 on Friday 27th", s.Meetings[0].Due, s.Meetings[0].Start)
	}
}

func TestPlannerAdd(t *testing.T) {
	all := portfolio(4, 1, tiering.Days(90))
	p, err := review.NewPlanner(baseRequest(t, all[:2]))
	if err != nil {
		t.Fatal(err)
	}
	before := p.Schedule()
	if _, _, err := p.Add(all[1]); !errors.Is(err, review.ErrDuplicateAccount) {
		t.Errorf("adding a planned account: %v", err)
	}
	_, _, err = p.Add(all[2], all[2])
	checkField(t, err, "Add", "[1].Account")
	bad := all[3]
	bad.Cadence = tiering.Cadence{}
	_, _, err = p.Add(all[2], bad)
	checkField(t, err, "Add", "[1].Cadence")
	if diff := cmp.Diff(before, p.Schedule()); diff != "" {
		t.Fatalf("a failed Add changed the schedule:\n%s", diff)
	}
	added, conflicts, err := p.Add(all[3], all[2])
	if err != nil || len(conflicts) != 0 {
		t.Fatal(err, conflicts)
	}
	after := p.Schedule()
	if len(after.Meetings) != len(before.Meetings)+len(added) {
		t.Errorf("%d meetings after adding %d to %d", len(after.Meetings), len(added), len(before.Meetings))
	}
	for _, m := range added {
		if m.Account != all[2].Account && m.Account != all[3].Account {
			t.Errorf("Add returned %s", m.ID)
		}
	}
	// The schedules a planner returns are copies.
	after.Meetings[0].Attendees[0].Email = "changed@example.com"
	if p.Schedule().Meetings[0].Attendees[0].Email == "changed@example.com" {
		t.Error("Schedule shares attendees with the planner")
	}
}

// A Previous schedule whose meetings are out of order (edited by hand)
// gives the same schedule as one in order.
func TestSchedulePreviousOutOfOrder(t *testing.T) {
	all := portfolio(6, 2, tiering.Days(60))
	req := baseRequest(t, all[:4])
	first, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	req.Accounts, req.Previous = all, first
	want, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	reversed := *first
	reversed.Meetings = slices.Clone(first.Meetings)
	slices.Reverse(reversed.Meetings)
	req.Previous = &reversed
	got, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("out-of-order Previous (-want +got):\n%s", diff)
	}
	if !slices.IsSortedFunc(got.Meetings, func(a, b review.Meeting) int { return a.Start.Compare(b.Start) }) {
		t.Error("meetings out of order")
	}
}

// A schedule kept as JSON and read back re-plans as the schedule itself.
func TestScheduleJSONPrevious(t *testing.T) {
	all := portfolio(8, 2, tiering.Months(2))
	req := baseRequest(t, all[:5])
	req.PerWeek = 1 // some conflicts too
	first, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(first)
	if err != nil {
		t.Fatal(err)
	}
	var back review.Schedule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(first, &back); diff != "" {
		t.Fatalf("JSON round trip (-want +got):\n%s", diff)
	}
	req.Accounts, req.Previous = all, first
	want, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	req.Previous = &back
	got, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("re-plan from JSON (-want +got):\n%s", diff)
	}
}

// TestScheduleConflictOrder checks that conflicts are listed by due date
// first, then account: here the later account's review is due first.
func TestScheduleConflictOrder(t *testing.T) {
	req := baseRequest(t, portfolio(2, 2, tiering.Days(28)))
	req.Horizon = tiering.Days(50)
	req.Slack = 2
	req.Accounts[0].Last = day(2026, 1, 8) // acct-00000 due Thursday 5 February
	req.Accounts[1].Last = day(2026, 1, 1) // acct-00001 due Thursday 29 January
	req.Blackouts = []review.Blackout{{From: day(2026, 1, 26), To: day(2026, 2, 24), Reason: "freeze"}}
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range s.Conflicts {
		got = append(got, fmt.Sprintf("%s/%d %v", c.Account, c.N, c.Due))
	}
	want := []string{"acct-00001/1 2026-01-29", "acct-00000/1 2026-02-05"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("conflicts (-want +got):\n%s", diff)
	}
}

// TestScheduleEmailValue checks the value an email's field error carries:
// the address as given, or nil when it is missing.
func TestScheduleEmailValue(t *testing.T) {
	for _, c := range []struct {
		email string
		want  any
	}{{"a b@x", "a b@x"}, {"", nil}} {
		req := baseRequest(t, portfolio(1, 1, tiering.Days(90)))
		req.Accounts[0].Attendees[1].Email = c.email
		_, err := review.ScheduleReviews(req)
		var fe *account.FieldError
		if !errors.As(err, &fe) || fe.Field != "Accounts[0].Attendees[1].Email" || fe.Value != c.want {
			t.Errorf("email %q: error %#v, want Value %#v", c.email, fe, c.want)
		}
	}
}

// TestScheduleWeeksRunMondayToSunday places one manager's reviews due on
// a Friday and the Monday after with a limit of one a week: they are in
// two weeks, so both are placed on their due dates.
func TestScheduleWeeksRunMondayToSunday(t *testing.T) {
	req := baseRequest(t, portfolio(2, 1, tiering.Days(28)))
	req.Horizon = tiering.Days(20)
	req.Slack, req.PerDay, req.PerWeek = 0, 1, 1
	req.Accounts[0].Last = day(2025, 12, 19) // due Friday 16 January
	req.Accounts[1].Last = day(2025, 12, 22) // due Monday 19 January
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range s.Meetings {
		got = append(got, fmt.Sprintf("%s %v", m.ID, calendar.DateOf(m.Start)))
	}
	want := []string{"acct-00000/1 2026-01-16", "acct-00001/1 2026-01-19"}
	if diff := cmp.Diff(want, got); diff != "" || len(s.Conflicts) != 0 {
		t.Errorf("meetings (-want +got):\n%s\nconflicts %+v", diff, s.Conflicts)
	}
}
