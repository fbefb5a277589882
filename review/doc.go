// Package review plans, holds and reports on account reviews, the
// practice of key-account management in which the top accounts are
// reviewed every 90 days or so, in meetings planned a year ahead so that
// people from across the organisation can attend, and each review ends in
// action items with owners.
//
// The package follows one account's reviews through that cycle:
//
//   - its cadence: from its tier's service model, or set for the top
//     accounts by value ([CadenceRule]);
//   - its meetings: a stable, load-levelled 12-month [Schedule] on a
//     business calendar ([ScheduleReviews], [Planner]), exported to
//     iCalendar ([WriteICS]);
//   - its account [Plan], versioned so that every change is kept;
//   - the record of each [Review] held, with its [ActionItem] values, and
//     the lists of what is due and overdue ([DueReviews],
//     [OverdueAccounts], [OverdueActions]);
//   - its annual [Budget] and spend against it, and the [Quarterly]
//     results shared inside the organisation.
//
// People appear the same way throughout: an [Attendee] is a person in a
// [Role] (manager, finance, delivery, sponsor, customer or other), invited
// to a scheduled meeting or present at a review. Dates are
// [calendar.Date] values and cadences [tiering.Cadence] values, added on
// the calendar (30 November plus 3 months is 28 February). Money is
// [account.Money], exact and never converted: amounts in two currencies
// are an error wrapping [ErrCurrencyMismatch]. Bad input is an
// [*account.FieldError] naming the field, wrapping [ErrInvalid]; the
// package never reads the clock.
//
// A year of reviews for the top 20 accounts, and what follows a review:
//
//	cadences, err := review.CadenceRule{Models: models, Top: 20, Every: tiering.Days(90)}.Cadences(valued)
//	// ... one review.Subject per cadence, with its attendees
//	s, err := review.ScheduleReviews(review.ScheduleRequest{
//		Calendar: office, Start: today, Time: calendar.Clock{Hour: 10},
//		Slack: 5, PerDay: 1, PerWeek: 2, Accounts: subjects,
//	})
//	err = review.WriteICS(w, s, review.ICSOptions{Stamp: now, Domain: "crm.example.com"})
//
//	// after the meeting
//	r, items, err := review.NewReview(input, &previous, txs)
//	for item, err := range review.OverdueActions(today, store.Actions(ctx, review.ActionFilter{})) {
//		// ...
//	}
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
// attendee (the account manager and whoever else the account's plan
// names: finance, delivery, the executive sponsor, the customer) must be
// free: existing
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
// An account [Plan] is versioned: every change is saved as a new version
// with its author and instant, and the versions are the organisation's
// memory of the account. [PlanAt] (and [PlanStore.PlanAt]) reads the plan
// as it stood at any past instant. Its objectives each have an owner, a
// measure, a target and a date; [Plan.CheckStakeholders] checks the
// stakeholders against the account's contacts.
//
// A [Review] records one review: who attended (its Attendees), the
// short-term performance ([Measure] sums the account's transactions
// against a target), SLA compliance and escalations as counted elsewhere,
// the health score with its trend since the previous review
// ([tiering.TrendOf]), decisions, objective updates ([Plan.Apply] makes
// the plan's next version from them) and the date of the next review.
// [NewReview] builds it, with its [ActionItem] values: each has an owner
// and is due [DefaultActionDays] after the review unless given a date.
//
//	r, items, err := review.NewReview(review.ReviewInput{
//		ID: "acme-q2", Account: "acme", Date: held,
//		Attendees: people, Health: 71, Deadband: 3,
//		Kind: account.TransactionRevenue, From: from, To: to, Target: target,
//		Actions: []review.ActionInput{{ID: "a1", Title: "Send the proposal", Owner: "mia"}},
//		Every:   tiering.Months(3), // the next review: 3 months on, clamped at month ends
//	}, &previous, store.Transactions(ctx, account.TransactionFilter{Account: "acme"}))
//
// The due lists are iterators in documented orders, reading stores'
// sequences: [DueReviews] (next reviews within N days, by date),
// [OverdueAccounts] (past their cadence with no review, the most overdue
// first, at the cadences [CadenceRule.Cadences] gives), [OverdueActions]
// (by due date, then owner), and [CompletionByOwner] and
// [CompletionByAccount] (the completion rate and the share done within
// 30 days).
//
// A [Budget] is an account's annual budget, optionally split by month or
// quarter, for a fiscal year starting in any month, or for the part of it
// from the day the account started. [Budget.Status] reads the actuals
// from transactions and gives the consumption, the budget to date, a
// run-rate forecast to the year's end and the projected over- or under-run,
// flagged past a threshold; all amounts are exact [account.Money], and on
// the year's last day the forecast is the actuals. Transactions in
// another currency than the budget are an error wrapping [ErrCurrencyMismatch].
//
// [Quarterly] gathers a quarter's results for the top accounts into one
// JSON-ready [QuarterlyResults]: revenue or cost and share of the
// portfolio, tier change, SLA compliance, reviews held against planned,
// action items done against due, budget status and objectives met;
// [PlannedReviews] counts the reviews a [Schedule] planned for it.
//
// Plans, reviews and action items are stored through [PlanStore],
// [ReviewStore] and [ActionStore] (together [Store]), with the contract of
// the account stores; store/memstore implements them and
// store/storetest.RunReview checks any implementation.
package review
