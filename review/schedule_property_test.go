package review_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// drawRequest draws a schedule request on cal: a few managers sharing
// finance people, cadences of days or months, bookings and blackouts,
// and limits from tight to loose.
func drawRequest(t *rapid.T, cal *calendar.Calendar, accounts int) review.ScheduleRequest {
	start := calendar.Date{Year: rapid.IntRange(2025, 2027).Draw(t, "year"), Month: time.Month(rapid.IntRange(1, 12).Draw(t, "month")), Day: rapid.IntRange(1, 28).Draw(t, "day")}
	managers := rapid.IntRange(1, 4).Draw(t, "managers")
	req := review.ScheduleRequest{
		Calendar: cal,
		Start:    start,
		Horizon:  tiering.Months(rapid.IntRange(1, 12).Draw(t, "horizon")),
		Time:     calendar.Clock{Hour: rapid.IntRange(0, 23).Draw(t, "hour"), Minute: 15 * rapid.IntRange(0, 3).Draw(t, "quarter")},
		Length:   time.Duration(rapid.IntRange(2, 8).Draw(t, "halfhours")) * 30 * time.Minute,
		Slack:    rapid.IntRange(0, 10).Draw(t, "slack"),
		PerDay:   rapid.IntRange(1, 3).Draw(t, "perday"),
		PerWeek:  rapid.IntRange(1, 6).Draw(t, "perweek"),
	}
	for i := range accounts {
		c := tiering.Days(rapid.IntRange(7, 120).Draw(t, "days"))
		if rapid.Bool().Draw(t, "months") {
			c = tiering.Months(rapid.IntRange(1, 4).Draw(t, "months"))
		}
		m := rapid.IntRange(0, managers-1).Draw(t, "manager")
		s := review.Subject{
			Account: account.ID(fmt.Sprintf("a%02d", i)),
			Name:    fmt.Sprintf("Customer %d", i),
			Cadence: c,
			Attendees: []review.Attendee{
				{Role: review.RoleManager, Email: fmt.Sprintf("am%d@x.example", m)},
				{Role: review.RoleFinance, Email: fmt.Sprintf("fin%d@x.example", m/2)},
			},
		}
		if rapid.Bool().Draw(t, "last") {
			s.Last = start.AddDays(-rapid.IntRange(1, 200).Draw(t, "since"))
		}
		req.Accounts = append(req.Accounts, s)
	}
	for range rapid.IntRange(0, 6).Draw(t, "bookings") {
		at := time.Date(start.Year, start.Month, start.Day+rapid.IntRange(0, 120).Draw(t, "bday"), rapid.IntRange(8, 16).Draw(t, "bhour"), 0, 0, 0, cal.Location())
		req.Bookings = append(req.Bookings, review.Booking{
			Email: fmt.Sprintf("%s%d@x.example", rapid.SampledFrom([]string{"am", "fin"}).Draw(t, "who"), rapid.IntRange(0, 3).Draw(t, "whom")),
			Start: at, End: at.Add(time.Duration(rapid.IntRange(1, 30).Draw(t, "bhours")) * time.Hour),
		})
	}
	for range rapid.IntRange(0, 3).Draw(t, "blackouts") {
		from := start.AddDays(rapid.IntRange(-10, 200).Draw(t, "from"))
		b := review.Blackout{From: from, To: from.AddDays(rapid.IntRange(0, 14).Draw(t, "length"))}
		if rapid.Bool().Draw(t, "personal") {
			b.Email = fmt.Sprintf("am%d@x.example", rapid.IntRange(0, 3).Draw(t, "bwho"))
		}
		req.Blackouts = append(req.Blackouts, b)
	}
	return req
}

func addCadence(d calendar.Date, c tiering.Cadence) calendar.Date {
	return calendar.DateOf(c.AddTo(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)))
}

// checkSchedule checks the invariants of a schedule made for req.
func checkSchedule(t *rapid.T, req review.ScheduleRequest, s *review.Schedule) {
	loc := req.Calendar.Location()
	subjects := map[account.ID]review.Subject{}
	for _, a := range req.Accounts {
		subjects[a.Account] = a
	}
	perDay, perWeek := map[string]int{}, map[string]int{}
	busy := map[string][][2]time.Time{}
	for _, b := range req.Bookings {
		busy[b.Email] = append(busy[b.Email], [2]time.Time{b.Start, b.End})
	}
	for _, m := range s.Meetings {
		date := calendar.DateOf(m.Start.In(loc))
		// On a working day, within one span of working hours.
		day, err := req.Calendar.Day(date)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(day.Spans, func(sp calendar.Span) bool { return !m.Start.Before(sp.Start) && !m.End.After(sp.End) }) {
			t.Fatalf("%s at %v is outside working hours %v", m.ID, m.Start, day.Spans)
		}
		if date.Before(s.Start) || !date.Before(s.End) {
			t.Fatalf("%s on %v, outside the horizon %v to %v", m.ID, date, s.Start, s.End)
		}
		// Blackouts.
		for _, b := range req.Blackouts {
			to := b.To
			if to.IsZero() {
				to = b.From
			}
			if !date.Before(b.From) && !date.After(to) && (b.Email == "" || slices.ContainsFunc(m.Attendees, func(a review.Attendee) bool { return a.Email == b.Email })) {
				t.Fatalf("%s on %v in blackout %+v", m.ID, date, b)
			}
		}
		// Load: the manager's day and week (Monday to Sunday).
		monday := date.AddDays(-((int(date.Weekday()) + 6) % 7))
		for _, a := range m.Attendees {
			if a.Role == review.RoleManager {
				perDay[a.Email+date.String()]++
				perWeek[a.Email+monday.String()]++
				if perDay[a.Email+date.String()] > req.PerDay || perWeek[a.Email+monday.String()] > req.PerWeek {
					t.Fatalf("%s: manager %s over the limits on %v", m.ID, a.Email, date)
				}
			}
			// No attendee in two places at once.
			for _, b := range busy[a.Email] {
				if m.Start.Before(b[1]) && b[0].Before(m.End) {
					t.Fatalf("%s at %v-%v: %s is busy %v-%v", m.ID, m.Start, m.End, a.Email, b[0], b[1])
				}
			}
			busy[a.Email] = append(busy[a.Email], [2]time.Time{m.Start, m.End})
		}
	}
	// Every review due is a meeting or a conflict, numbered 1, 2, ...; the
	// gap between consecutive meetings is at most the cadence plus slack.
	type event struct {
		n    int
		date calendar.Date // the meeting's date, or the conflict's due date
		due  calendar.Date
		meet bool
	}
	events := map[account.ID][]event{}
	for _, m := range s.Meetings {
		events[m.Account] = append(events[m.Account], event{m.N, calendar.DateOf(m.Start.In(loc)), m.Due, true})
	}
	for _, c := range s.Conflicts {
		if c.Reason < review.ConflictClosed || c.Reason > review.ConflictBusy || c.From.After(c.To) {
			t.Fatalf("conflict %+v", c)
		}
		events[c.Account] = append(events[c.Account], event{c.N, c.Due, c.Due, false})
	}
	for id, sub := range subjects {
		ev := events[id]
		slices.SortFunc(ev, func(a, b event) int { return a.n - b.n })
		for i, e := range ev {
			if e.n != i+1 {
				t.Fatalf("%s: review numbers %v", id, ev)
			}
			if i == 0 {
				if sub.Last.IsZero() && e.meet && !e.date.Before(addCadence(s.Start, sub.Cadence)) {
					t.Fatalf("%s: first review %v not within the first cadence from %v", id, e.date, s.Start)
				}
				continue
			}
			prev := ev[i-1]
			if e.meet && prev.meet && e.date.After(addCadence(prev.date, sub.Cadence).AddDays(req.Slack)) {
				t.Fatalf("%s: review %d on %v, more than %v + %d days after %v", id, e.n, e.date, sub.Cadence, req.Slack, prev.date)
			}
			if !e.date.After(prev.date) && prev.meet {
				t.Fatalf("%s: review %d on %v, not after %v", id, e.n, e.date, prev.date)
			}
		}
		// Nothing dropped at the end: the next review is due after the horizon.
		var next calendar.Date
		switch {
		case len(ev) > 0:
			next = addCadence(ev[len(ev)-1].date, sub.Cadence)
		case !sub.Last.IsZero():
			next = addCadence(sub.Last, sub.Cadence)
		default:
			t.Fatalf("%s: no review and no conflict", id)
		}
		if next.Before(s.End) {
			t.Fatalf("%s: next review due %v, within the horizon that ends %v: dropped", id, next, s.End)
		}
	}
}

func TestScheduleProperties(t *testing.T) {
	cal := officeCalendar(t)
	rapid.Check(t, func(t *rapid.T) {
		req := drawRequest(t, cal, rapid.IntRange(1, 12).Draw(t, "accounts"))
		s, err := review.ScheduleReviews(req)
		if err != nil {
			t.Fatal(err)
		}
		checkSchedule(t, req, s)
	})
}

// Adding accounts moves nothing already placed, whether the schedule is
// planned again with the first as Previous or the accounts are added to
// a Planner; and both ways give the same schedule.
func TestScheduleStability(t *testing.T) {
	cal := officeCalendar(t)
	rapid.Check(t, func(t *rapid.T) {
		req := drawRequest(t, cal, rapid.IntRange(2, 12).Draw(t, "accounts"))
		k := rapid.IntRange(1, len(req.Accounts)-1).Draw(t, "first")
		all := req.Accounts
		req.Accounts = all[:k]
		first, err := review.ScheduleReviews(req)
		if err != nil {
			t.Fatal(err)
		}
		again := req
		again.Accounts, again.Previous = all, first
		second, err := review.ScheduleReviews(again)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range first.Meetings {
			got, ok := second.Meeting(m.ID)
			if !ok || !cmp.Equal(m, got) {
				t.Fatalf("meeting %s moved or changed on adding accounts:\n%s", m.ID, cmp.Diff(m, got))
			}
		}
		again.Accounts = all
		checkSchedule(t, again, second)

		// Planning the same accounts again changes nothing.
		same := req
		same.Previous = first
		if third, err := review.ScheduleReviews(same); err != nil || !cmp.Equal(first, third) {
			t.Fatalf("re-planning the same accounts: %v\n%s", err, cmp.Diff(first, third))
		}

		p, err := review.NewPlanner(req)
		if err != nil {
			t.Fatal(err)
		}
		added, conflicts, err := p.Add(all[k:]...)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(second, p.Schedule()); diff != "" {
			t.Fatalf("Planner.Add and re-planning differ (-re-plan +planner):\n%s", diff)
		}
		if len(added) != len(second.Meetings)-len(first.Meetings) {
			t.Fatalf("Add returned %d meetings, the schedule grew by %d", len(added), len(second.Meetings)-len(first.Meetings))
		}
		for _, c := range conflicts {
			if !slices.ContainsFunc(all[k:], func(s review.Subject) bool { return s.Account == c.Account }) {
				t.Fatalf("Add returned a conflict of an account not added: %+v", c)
			}
		}
	})
}

// The schedule does not depend on the order of the accounts, bookings and
// blackouts.
func TestScheduleOrderIndependent(t *testing.T) {
	cal := officeCalendar(t)
	rapid.Check(t, func(t *rapid.T) {
		req := drawRequest(t, cal, rapid.IntRange(1, 10).Draw(t, "accounts"))
		want, err := review.ScheduleReviews(req)
		if err != nil {
			t.Fatal(err)
		}
		shuffled := req
		shuffled.Accounts = rapid.Permutation(req.Accounts).Draw(t, "accounts order")
		shuffled.Bookings = rapid.Permutation(req.Bookings).Draw(t, "bookings order")
		shuffled.Blackouts = rapid.Permutation(req.Blackouts).Draw(t, "blackouts order")
		got, err := review.ScheduleReviews(shuffled)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("order changed the schedule (-want +got):\n%s", diff)
		}
	})
}
