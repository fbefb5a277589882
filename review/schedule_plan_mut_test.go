package review_test

import (
	"testing"
	"time"

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
