package review_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// FuzzScheduleICS feeds outside text (names, agenda, emails) and numbers
// (cadence, time of day, length, slack, limits) to ScheduleReviews: it
// either rejects them with a field error wrapping ErrInvalid or makes a
// schedule whose iCalendar export parses back to the same texts.
func FuzzScheduleICS(f *testing.F) {
	f.Add("Acme Ltd", "Renewal; pricing, and \"more\"\nthen: roadmap", "ana@example.com", "Ana Silva", "cfo@acme.example", 90, 0, 10, 0, 60, 3, 1, 2)
	f.Add("Ünïcødé 顧客", "", "a@b", "", "c@d", 0, 3, 23, 59, 1, 0, 1, 1)
	f.Add("", "x", "", "\"", "a b", -1, -1, 24, 0, 0, -1, 0, 0)
	cal := officeCalendar(f)
	f.Fuzz(func(t *testing.T, name, agenda, manager, managerName, sponsor string, days, months, hour, minute, lengthMinutes, slack, perDay, perWeek int) {
		req := review.ScheduleRequest{
			Calendar: cal,
			Start:    calendar.Date{Year: 2026, Month: time.March, Day: 2},
			Horizon:  tiering.Months(4),
			Time:     calendar.Clock{Hour: hour, Minute: minute},
			Length:   time.Duration(lengthMinutes) * time.Minute,
			Slack:    slack,
			PerDay:   perDay,
			PerWeek:  perWeek,
			Accounts: []review.Subject{{
				Account: "acme", Name: name, Agenda: agenda,
				Cadence: tiering.Cadence{Months: months, Days: days},
				Attendees: []review.Attendee{
					{Role: review.RoleManager, Email: manager, Name: managerName},
					{Role: review.RoleSponsor, Email: sponsor},
				},
			}},
		}
		s, err := review.ScheduleReviews(req)
		if err != nil {
			if !errors.Is(err, review.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if len(s.Meetings) == 0 {
			return
		}
		var b bytes.Buffer
		if err := review.WriteICS(&b, s, review.ICSOptions{Stamp: stamp}); err != nil {
			t.Fatalf("export of a valid schedule: %v", err)
		}
		_, got := parseICS(t, b.Bytes())
		for _, m := range s.Meetings {
			if m.Name == "" {
				m.Name = string(m.Account) // the summary's fallback
				x := want(m, "keyaccount.invalid")
				x.Description = got["review-"+m.ID+"@keyaccount.invalid"].Description // checked below
				if e := got[x.UID]; e.Summary != x.Summary || !e.Start.Equal(m.Start) {
					t.Fatalf("event %s: %+v", m.ID, e)
				}
				continue
			}
			x := want(m, "keyaccount.invalid")
			e := got[x.UID]
			if e.Summary != x.Summary || e.Description != x.Description || !e.Start.Equal(x.Start) || e.Sequence != 0 || len(e.Attendees) != len(x.Attendees) {
				t.Fatalf("event %s read back:\n%+v\nwant\n%+v", m.ID, e, x)
			}
		}
	})
}
