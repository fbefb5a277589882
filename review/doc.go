// Package review plans and records account reviews: cadences, a stable
// 12-month schedule on a business calendar, versioned account plans, review
// records with action items, budgets, quarterly results and iCalendar
// export.
//
// The top accounts are reviewed every 90 days, and their reviews are
// planned a year ahead so that people across the organisation can attend:
//
//	cadences, err := review.CadenceRule{Models: models, Top: 20, Every: tiering.Days(90)}.Cadences(valued)
//	// ... one review.Subject per cadence, with its attendees
//	s, err := review.ScheduleReviews(review.ScheduleRequest{
//		Calendar: office, Start: today, Time: calendar.Clock{Hour: 10},
//		Slack: 5, PerDay: 1, PerWeek: 2, Accounts: subjects,
//	})
//	err = review.WriteICS(w, s, review.ICSOptions{Stamp: now, Domain: "crm.example.com"})
//
// # Cadence and schedule
//
// A cadence is a [tiering.Cadence]: whole months or days on the calendar,
// so that "3m" from 30 November is 28 February and "90d" is 90 calendar
// days whatever daylight saving time does. [CadenceRule.Cadences] gives
// each account its cadence: its tier's service model's ReviewEvery, or,
// for the Top accounts by value, the rule's Every.
//
// [ScheduleReviews] plans each account's reviews over a horizon (12 months
// unless a [ScheduleRequest] says otherwise) at its cadence, on working
// days of a [calendar.Calendar] and wholly within its working hours,
// starting at a preferred time of day in the calendar's zone. Every
// attendee (the account manager and the finance, delivery and sponsor
// roles the account's plan names, see [Attendee]) must be free: existing
// [Booking]s, [Blackout] dates and the meetings already placed are
// respected, and no manager chairs more than PerDay reviews a day or
// PerWeek a week. An account's first review goes where its manager is
// least loaded within the first cadence, so the year's load is level
// rather than bunched at each quarter's start; each later review goes on
// the free date nearest its due date, at most Slack days away. A review
// that finds no such date is a [Conflict] with its [ConflictReason], never
// dropped. The schedule does not depend on the order of the input:
// accounts are placed in order of ID.
//
// Schedules are stable. Pass the last schedule as Previous, and its
// meetings stay exactly where they are (moved by hand or not); only new
// reviews are placed. A [Planner] does the same without reading the year
// again: [Planner.Add] places the reviews of new accounts in time
// proportional to theirs, not to the schedule's.
//
//	p, err := review.NewPlanner(req)
//	added, conflicts, err := p.Add(newAccount)
//
// A meeting keeps its ID for good; [Schedule.Move] moves it by hand and
// counts the move in its Sequence. [WriteICS] exports a schedule as
// iCalendar (RFC 5545, with github.com/emersion/go-ical): one VEVENT per
// meeting whose UID comes from the meeting's ID, so that re-importing
// updates rather than duplicates, with its SEQUENCE, a VTIMEZONE for the
// calendar's zone, the attendees, and a description naming the account
// and the agenda.
//
// # Plans, reviews and budgets
//
// (Written by the records' author.)
package review
