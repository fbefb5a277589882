package review_test

import (
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// A conflict's reason is the one counted most over its window, the first
// (in the order of ConflictReason) on a tie: two closed days and two of
// the manager's blackout days make it closed, not blackout. Kills the
// CONDITIONALS_BOUNDARY mutant of reason's comparison (> to >=).
func TestScheduleConflictReasonTie(t *testing.T) {
	cal := officeCalendar(t)
	req := baseRequest(t, portfolio(1, 1, tiering.Days(28)))
	manager, finance := req.Accounts[0].Attendees[0].Email, req.Accounts[0].Attendees[1].Email
	req.Horizon, req.Slack = tiering.Days(60), 2
	req.Accounts[0].Last = day(2026, 1, 3) // due Saturday 31 January: Thursday to Monday
	req.Blackouts = []review.Blackout{{Email: manager, From: day(2026, 1, 29), To: day(2026, 1, 30)}}
	req.Bookings = []review.Booking{{Email: finance, Start: time.Date(2026, 2, 2, 0, 0, 0, 0, cal.Location()), End: time.Date(2026, 2, 3, 0, 0, 0, 0, cal.Location())}}
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Conflicts) != 1 || s.Conflicts[0].Due != day(2026, 1, 31) || s.Conflicts[0].Reason != review.ConflictClosed {
		t.Errorf("conflicts %+v, want one due 31 January, closed", s.Conflicts)
	}
}

// Spreading a first review, a day of the manager's least loaded week
// with fewer of their reviews wins over an earlier one: the second
// account goes on Tuesday, not beside the first on Monday. Kills the
// CONDITIONALS_BOUNDARY mutant of spread's week comparison (> to >=).
func TestScheduleSpreadLeastLoadedDay(t *testing.T) {
	req := baseRequest(t, portfolio(2, 1, tiering.Days(7)))
	req.Horizon = tiering.Days(7)
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Meetings) != 2 || s.Meetings[0].Start.Day() != 5 || s.Meetings[1].Start.Day() != 6 {
		t.Errorf("meetings %+v, want on 5 and 6 January", s.Meetings)
	}
}

// Bookings that end as a slot starts, or start as it ends, do not overlap
// it: the review takes the 10:00 slot between the finance attendee's 9:00
// to 10:00 and 11:00 to 12:00. Kills both CONDITIONALS_BOUNDARY mutants
// of free's overlap test (s.start < b.end and b.start < s.end to <=).
func TestScheduleBookingEndingAtSlot(t *testing.T) {
	cal := officeCalendar(t)
	req := baseRequest(t, portfolio(1, 1, tiering.Days(28)))
	req.Horizon = tiering.Days(40)
	req.Accounts[0].Last = day(2026, 1, 1) // due Thursday 29 January
	finance := req.Accounts[0].Attendees[1].Email
	req.Bookings = []review.Booking{{Email: finance, Start: time.Date(2026, 1, 29, 9, 0, 0, 0, cal.Location()), End: time.Date(2026, 1, 29, 10, 0, 0, 0, cal.Location())},
		{Email: finance, Start: time.Date(2026, 1, 29, 11, 0, 0, 0, cal.Location()), End: time.Date(2026, 1, 29, 12, 0, 0, 0, cal.Location())}}
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 1, 29, 10, 0, 0, 0, cal.Location()); len(s.Meetings) == 0 || !s.Meetings[0].Start.Equal(want) {
		t.Errorf("meetings %+v, want the first at %v", s.Meetings, want)
	}
}

// A review whose slack ends on the horizon's first day is due within it,
// not overdue: its window is that one day, so a blackout then makes it a
// conflict. Kills the CONDITIONALS_BOUNDARY mutant of plan's overdue test
// (hi < p.start to <=).
func TestScheduleSlackEndingAtStart(t *testing.T) {
	req := baseRequest(t, portfolio(1, 1, tiering.Days(28)))
	req.Horizon, req.Slack = tiering.Days(20), 2
	req.Accounts[0].Last = day(2025, 12, 6) // due Saturday 3 January, two days before the start
	req.Blackouts = []review.Blackout{{From: day(2026, 1, 5), To: day(2026, 1, 5)}}
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Conflicts) != 1 || s.Conflicts[0].From != day(2026, 1, 5) || s.Conflicts[0].To != day(2026, 1, 5) {
		t.Errorf("conflicts %+v, meetings %+v; want one conflict over 5 January", s.Conflicts, s.Meetings)
	}
}

// nearest tries every day of a window cut to one side of the due date,
// up to its far end: with all the others blacked out, it books the last
// day it can reach. Due Friday 30 January on the horizon's last day, the
// window is 28 to 30 January and the review goes on the 28th; due Monday
// 5 January on the horizon's first day, the window is 5 to 7 January and
// it goes on the 7th. Kills the CONDITIONALS_BOUNDARY and
// CONDITIONALS_NEGATION mutants of nearest's loop test due-k >= lo and
// due+k <= hi (schedule_plan.go:530:41 and 530:56), which stopped before
// the window's far end and reported a conflict.
func TestScheduleNearestReachesWindowEnd(t *testing.T) {
	for _, tc := range []struct {
		name     string
		last     calendar.Date // due 28 days later
		horizon  int           // days
		blackout [2]calendar.Date
		want     calendar.Date
	}{
		{"cut at the horizon's end", day(2026, 1, 2), 26, [2]calendar.Date{day(2026, 1, 29), day(2026, 1, 30)}, day(2026, 1, 28)},
		{"cut at the horizon's start", day(2025, 12, 8), 20, [2]calendar.Date{day(2026, 1, 5), day(2026, 1, 6)}, day(2026, 1, 7)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := baseRequest(t, portfolio(1, 1, tiering.Days(28)))
			req.Horizon, req.Slack = tiering.Days(tc.horizon), 2
			req.Accounts[0].Last = tc.last
			req.Blackouts = []review.Blackout{{From: tc.blackout[0], To: tc.blackout[1]}}
			s, err := review.ScheduleReviews(req)
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Conflicts) != 0 || len(s.Meetings) != 1 || calendar.DateOf(s.Meetings[0].Start) != tc.want {
				t.Errorf("meetings %+v, conflicts %+v; want one meeting on %v", s.Meetings, s.Conflicts, tc.want)
			}
		})
	}
}

// nearest takes the earlier of two free days as near to the due date:
// due Wednesday 28 January, blacked out, the review goes on Tuesday the
// 27th, not Thursday the 29th. Kills the INCREMENT_DECREMENT mutant of
// nearest's k++ (schedule_plan.go:530:64, to k--), which tried the later
// day first; the conflict tests only caught it by timing out.
func TestScheduleNearestEarlierOnTie(t *testing.T) {
	req := baseRequest(t, portfolio(1, 1, tiering.Days(28)))
	req.Horizon, req.Slack = tiering.Days(40), 2
	req.Accounts[0].Last = day(2025, 12, 31) // due Wednesday 28 January
	req.Blackouts = []review.Blackout{{From: day(2026, 1, 28)}}
	s, err := review.ScheduleReviews(req)
	if err != nil {
		t.Fatal(err)
	}
	if want := day(2026, 1, 27); len(s.Conflicts) != 0 || len(s.Meetings) != 1 || calendar.DateOf(s.Meetings[0].Start) != want {
		t.Errorf("meetings %+v, conflicts %+v; want one meeting on %v", s.Meetings, s.Conflicts, want)
	}
}
