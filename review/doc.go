// Package review plans and records account reviews: cadences, a stable
// 12-month schedule on a business calendar, versioned account plans, review
// records with action items, budgets, quarterly results and iCalendar
// export.
//
// # Cadence and schedule
//
// (Written by the schedule's author.)
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
// A [Review] records one review: who attended ([Participant]), the
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
//		Participants: people, Health: 71, Deadband: 3,
//		Kind: account.TransactionRevenue, From: from, To: to, Target: target,
//		Actions: []review.ActionInput{{ID: "a1", Title: "Send the proposal", Owner: "mia"}},
//		Every:   tiering.Months(3), // the next review: 3 months on, clamped at month ends
//	}, &previous, store.Transactions(ctx, account.TransactionFilter{Account: "acme"}))
//
// The due lists are iterators in documented orders, reading stores'
// sequences: [DueReviews] (next reviews within N days, by date),
// [OverdueAccounts] (past their cadence with no review, the most overdue
// first; cadences from the tiers' service models or explicit, see
// [Cadences]), [OverdueActions] (by due date, then owner), and
// [CompletionByOwner] and [CompletionByAccount] (the completion rate and
// the share done within 30 days).
//
// A [Budget] is an account's annual budget, optionally split by month or
// quarter, for a fiscal year starting in any month, or for the part of it
// from the day the account started. [Budget.Status] reads the actuals
// from transactions and gives the consumption, the budget to date, a
// run-rate forecast to the year's end and the projected over- or under-run,
// flagged past a threshold; all amounts are exact [account.Money], and on
// the year's last day the forecast is the actuals. Transactions in
// another currency than the budget are an error wrapping [ErrCurrency].
//
// [Quarterly] gathers a quarter's results for the top accounts into one
// JSON-ready [QuarterlyResults]: revenue or cost and share of the
// portfolio, tier change, SLA compliance, reviews held against planned,
// action items done against due, budget status and objectives met.
//
// Plans, reviews and action items are stored through [PlanStore],
// [ReviewStore] and [ActionStore] (together [Store]), with the contract of
// the account stores; store/memstore implements them and
// store/storetest.RunReview checks any implementation.
package review
