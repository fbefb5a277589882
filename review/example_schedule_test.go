package review_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// londonOffice is the calendar of the examples: weekdays 09:00 to 17:30
// with an hour for lunch, closed on English bank holidays.
func londonOffice() *calendar.Calendar {
	gb, err := calendar.Country("GB")
	if err != nil {
		panic(err)
	}
	hours, err := calendar.ParseWindows("09:00-12:30, 13:30-17:30")
	if err != nil {
		panic(err)
	}
	c, err := calendar.New(calendar.Config{
		Name:     "london-office",
		Zone:     "Europe/London",
		Versions: []calendar.Version{{Week: calendar.MondayToFriday(hours...), HolidaySets: []calendar.HolidaySet{gb}}},
	})
	if err != nil {
		panic(err)
	}
	return c
}

// examplePortfolio returns 60 accounts in three tiers, valued from
// GBP 6,000,000 down, with four account managers.
func examplePortfolio() []review.Valued {
	var out []review.Valued
	for i := range 60 {
		out = append(out, review.Valued{
			Account: account.Account{ID: account.ID(fmt.Sprintf("acct-%02d", i+1)), Name: fmt.Sprintf("Customer %02d", i+1), Tier: account.Tier(1 + i/20), Owner: account.ManagerID(fmt.Sprintf("am%d", i%4+1))},
			Value:   account.MustParseMoney(fmt.Sprintf("GBP %d", 6_000_000-i*100_000)),
		})
	}
	return out
}

// A 12-month schedule of 90-day reviews for the top 20 accounts by value:
// the cadences come from the rule (tiers 2 and 3 here have no scheduled
// reviews), and four managers chair at most one review a day and two a
// week, with the account's finance partner and executive sponsor.
func Example() {
	portfolio := examplePortfolio()
	rule := review.CadenceRule{
		Models: tiering.ServiceModels{{Tier: 1, ReviewEvery: tiering.Months(6)}, {Tier: 2}, {Tier: 3}},
		Top:    20,
		Every:  tiering.Days(90),
	}
	cadences, err := rule.Cadences(portfolio)
	if err != nil {
		fmt.Println(err)
		return
	}
	accounts := map[account.ID]account.Account{}
	for _, v := range portfolio {
		accounts[v.Account.ID] = v.Account
	}
	var subjects []review.Subject
	for i, c := range cadences {
		a := accounts[c.Account]
		subjects = append(subjects, review.Subject{
			Account: c.Account, Name: a.Name, Cadence: c.Cadence,
			Attendees: []review.Attendee{
				{Role: review.RoleManager, Email: string(a.Owner) + "@example.com"},
				{Role: review.RoleFinance, Email: "finance@example.com"},
				{Role: review.RoleSponsor, Email: fmt.Sprintf("sponsor%d@example.com", i%5+1)},
			},
		})
	}
	s, err := review.ScheduleReviews(review.ScheduleRequest{
		Calendar: londonOffice(),
		Start:    calendar.Date{Year: 2026, Month: time.January, Day: 5},
		Time:     calendar.Clock{Hour: 10},
		Slack:    5,
		PerDay:   1,
		PerWeek:  2,
		Accounts: subjects,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d accounts, %d meetings, %d conflicts, %v to %v\n", len(subjects), len(s.Meetings), len(s.Conflicts), s.Start, s.End)
	perQuarter := map[string]int{}
	for _, m := range s.Meetings {
		perQuarter[fmt.Sprintf("%d-Q%d", m.Start.Year(), (m.Start.Month()+2)/3)]++
	}
	fmt.Println("per quarter:", perQuarter)
	for _, m := range s.Meetings {
		if m.Account == "acct-01" {
			fmt.Println(m.ID, "due", m.Due, "at", m.Start.Format("Mon 2 Jan 2006 15:04 MST"), "chaired by", m.Attendees[0].Email)
		}
	}
	// Output:
	// 20 accounts, 84 meetings, 0 conflicts, 2026-01-05 to 2027-01-05
	// per quarter: map[2026-Q1:20 2026-Q2:20 2026-Q3:20 2026-Q4:20 2027-Q1:4]
	// acct-01/1 due 2026-01-05 at Mon 5 Jan 2026 10:00 GMT chaired by am1@example.com
	// acct-01/2 due 2026-04-05 at Tue 7 Apr 2026 10:00 BST chaired by am1@example.com
	// acct-01/3 due 2026-07-06 at Mon 6 Jul 2026 10:00 BST chaired by am1@example.com
	// acct-01/4 due 2026-10-04 at Mon 5 Oct 2026 10:00 BST chaired by am1@example.com
	// acct-01/5 due 2027-01-03 at Mon 4 Jan 2027 10:00 GMT chaired by am1@example.com
}

// Adding an account to a planner places its reviews around the meetings
// already placed, which do not move.
func ExamplePlanner_Add() {
	manager := review.Attendee{Role: review.RoleManager, Email: "ana@example.com"}
	p, err := review.NewPlanner(review.ScheduleRequest{
		Calendar: londonOffice(),
		Start:    calendar.Date{Year: 2026, Month: time.March, Day: 2},
		Horizon:  tiering.Months(6),
		Time:     calendar.Clock{Hour: 9, Minute: 30},
		Slack:    7,
		PerDay:   1,
		PerWeek:  1,
		Accounts: []review.Subject{{Account: "acme", Name: "Acme", Cadence: tiering.Months(3), Last: calendar.Date{Year: 2025, Month: time.December, Day: 3}, Attendees: []review.Attendee{manager}}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	added, conflicts, err := p.Add(review.Subject{Account: "globex", Name: "Globex", Cadence: tiering.Months(3), Last: calendar.Date{Year: 2025, Month: time.December, Day: 2}, Attendees: []review.Attendee{manager}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range p.Schedule().Meetings {
		fmt.Println(m.ID, "due", m.Due, "on", m.Start.Format("Mon 2 Jan 15:04"))
	}
	fmt.Println(len(added), "added,", len(conflicts), "conflicts")
	// Output:
	// acme/1 due 2026-03-03 on Tue 3 Mar 09:30
	// globex/1 due 2026-03-02 on Mon 9 Mar 09:30
	// acme/2 due 2026-06-03 on Wed 3 Jun 09:30
	// globex/2 due 2026-06-09 on Tue 9 Jun 09:30
	// 2 added, 0 conflicts
}

// Export a schedule as iCalendar: one event per meeting, whose UID stays
// the same at every export, so that a calendar that imports it again
// updates its events rather than duplicate them.
func ExampleWriteICS() {
	s, err := review.ScheduleReviews(review.ScheduleRequest{
		Calendar: londonOffice(),
		Start:    calendar.Date{Year: 2026, Month: time.March, Day: 2},
		Horizon:  tiering.Months(3),
		Time:     calendar.Clock{Hour: 14},
		PerDay:   1,
		PerWeek:  3,
		Accounts: []review.Subject{{
			Account: "acme", Name: "Acme Ltd", Cadence: tiering.Days(90),
			Agenda: "Renewal and the 2027 roadmap",
			Attendees: []review.Attendee{
				{Role: review.RoleManager, Email: "ana@example.com", Name: "Ana Silva"},
				{Role: review.RoleSponsor, Email: "cfo@acme.example", Name: "Jo Acme"},
			},
		}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	var b bytes.Buffer
	if err := review.WriteICS(&b, s, review.ICSOptions{Stamp: time.Date(2026, 2, 20, 9, 0, 0, 0, time.UTC), Domain: "crm.example.com"}); err != nil {
		fmt.Println(err)
		return
	}
	text := strings.ReplaceAll(b.String(), "\r\n", "\n")
	fmt.Print(text[strings.Index(text, "BEGIN:VEVENT"):])
	// Output:
	// BEGIN:VEVENT
	// ATTENDEE;CN=Ana Silva;ROLE=CHAIR;X-KEYACCOUNT-ROLE=manager:mailto:ana@examp
	//  le.com
	// ATTENDEE;CN=Jo Acme;ROLE=REQ-PARTICIPANT;X-KEYACCOUNT-ROLE=sponsor:mailto:c
	//  fo@acme.example
	// CATEGORIES:Account review
	// DESCRIPTION:Account: Acme Ltd (acme)\nReview 1\, due 2026-03-02\nAgenda: Re
	//  newal and the 2027 roadmap
	// DTEND;TZID=Europe/London:20260302T150000
	// DTSTAMP:20260220T090000Z
	// DTSTART;TZID=Europe/London:20260302T140000
	// ORGANIZER;CN=Ana Silva:mailto:ana@example.com
	// SEQUENCE:0
	// SUMMARY:Account review: Acme Ltd
	// UID:review-acme/1@crm.example.com
	// END:VEVENT
	// END:VCALENDAR
}

// The cadence of each account: its tier's service model, or the rule's
// cadence for the top accounts by value.
func ExampleCadenceRule_Cadences() {
	rule := review.CadenceRule{
		Models: tiering.ServiceModels{{Tier: 1, ReviewEvery: tiering.Months(3)}, {Tier: 2, ReviewEvery: tiering.Months(6)}},
		Top:    1,
		Every:  tiering.Days(60),
	}
	cadences, err := rule.Cadences([]review.Valued{
		{Account: account.Account{ID: "acme", Tier: 1}, Value: account.MustParseMoney("GBP 2,000,000")},
		{Account: account.Account{ID: "globex", Tier: 2}, Value: account.MustParseMoney("GBP 3,500,000")},
		{Account: account.Account{ID: "initech", Tier: 2}, Value: account.MustParseMoney("GBP 400,000")},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cadences {
		fmt.Println(c.Account, c.Cadence, c.Source, "rank", c.Rank)
	}
	// Output:
	// acme 3m tier rank 2
	// globex 60d top rank 1
	// initech 6m tier rank 3
}
