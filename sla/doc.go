// Package sla measures service-level agreements: response and resolution
// targets in business time, per tier and priority, evaluated exactly from a
// ticket's history, and compliance reports over a period.
//
// A [Policy] sets [Target]s for a group of accounts and tiers; an ordered
// [Policies] list picks the first policy that matches a ticket, and ends
// with a catch-all. [Calendars] hold the business calendars (package
// [calendar]) the targets are measured on. A [Timeline] is the ticket's
// history as [Event]s. [Evaluate] rebuilds every clock from the events and
// returns, per [Metric], its [Cycle]s: state, elapsed business time beside
// wall time, target, time remaining, due instants, share consumed, and a
// [Trace] of [Step]s that explains each of them. [Compliance] turns
// results into a [Report].
//
//	ev, err := sla.NewEvaluator(policies, calendars) // validate and compile once
//	...
//	res, err := ev.Evaluate(timeline, now)
//	fr := res.Metric(sla.MetricFirstResponse)
//	fmt.Println(fr.State) // running, paused, met, breached or not-applicable
//	if c, ok := fr.Last(); ok {
//		fmt.Println(c.Elapsed, c.Remaining(), c.Due)
//		for s := range c.Trace.All() {
//			fmt.Println(s) // started, paused, resumed, retargeted, ..., and why
//		}
//	}
//
//	// Evaluate a batch and stream the results into a report.
//	report, err := sla.Compliance(ev.EvaluateAll(timelines, q3, 0),
//		sla.Period{From: q2, To: q3}, sla.Grouping{Account: true, Tier: true, Priority: true})
//
// # Metrics
//
// Each metric runs in cycles. A cycle starts on an event, runs (or pauses),
// and is fulfilled by a later event:
//
//	metric           starts at                     fulfilled by                   pauses
//	first response   opened (once per ticket)      the first agent reply; solved  never
//	next reply       a customer message after the  the next agent reply; solved   never
//	                 first response, when none is
//	                 unanswered
//	periodic update  each agent reply, while       the next agent reply; solved   while pending
//	                 unsolved
//	resolution       opened, and each reopened     solved                         while pending
//
// Next reply is measured from the oldest unanswered customer message: a
// second message before the reply does not restart the clock. Customer
// messages before the first response are covered by the first response.
// An [EventInternalNote] fulfils nothing. [EventClosed] fulfils what is running as
// [EventSolved] does, if the ticket was not solved; nothing may follow it.
//
// A metric that the ticket's policy sets no target for, at any priority,
// is not measured: it has no cycles, and its state is [StateNotApplicable]. A
// metric that has targets, but none for the ticket's priority, still has
// cycles, in state [StateNotApplicable], so that a later priority change can give
// them a target without losing time.
//
// # Targets and due instants
//
// A target is business time on a calendar ([MeasureBusinessTime]), wall time
// ([MeasureWallTime]), or a number of business days ([MeasureBusinessDays]). A target
// in days is turned into business time when its cycle starts: the business
// time from the start to the instant [calendar.Calendar.AddBusinessDays] gives. A
// clock started outside working hours starts at the next open.
//
// The due instant is when the target's time has elapsed on the clock
// ([calendar.Calendar.Add]; a deadline on a close is that close). A cycle
// fulfilled at or before its due is met; one still open after its due is
// breached at its due. Because the due is an instant, a reply at 17:30 to
// a deadline of 17:00 is a breach even though no business time passed
// after 17:00. Once breached, a cycle stays breached: it keeps its target,
// and later pauses and priority changes do not touch it; its elapsed time
// keeps counting until it is fulfilled, so [Cycle.Remaining] is zero or
// negative and [Cycle.Consumed] 100% or more.
//
// A [Warning] sets an earlier threshold, a share consumed or a time before
// due; [Cycle.Warned] and [Cycle.WarnAt] report it.
//
// # Pauses
//
// An [EventStatusChanged] event to [StatusPending] (the ticket waits for the
// customer) pauses the resolution and periodic-update clocks; one back to
// [StatusOpen] resumes them. Paused time is never counted: a cycle's
// Elapsed is the business time of its running stretches only, and Paused is
// the wall time it spent paused. A cycle that starts while the ticket is
// pending (a periodic update after a reply that asks the customer a
// question) starts paused. While a cycle is paused its Due is the deadline
// it would have if the clock resumed at the evaluation instant. The trace
// records each pause with the status that caused it. First response and
// next reply never pause: they measure a customer who waits for an answer.
//
// # Priority changes
//
// An [EventPriorityChanged] event applies the new priority's targets to every
// running or paused cycle. By default ([PriorityChangeRetarget]) the elapsed time is kept
// and measured against the new target, so the due moves; paused time stays
// uncounted. If the elapsed time already exceeds the new target, the cycle
// breaches at the change. With [Policy.OnPriorityChange] set to [PriorityChangeRestart],
// the clock starts again from zero at the change instead (Cycle.Start
// moves to it). Either way a breached cycle keeps its target, and cycles
// that start later take the new priority's targets. When the new target is
// on another calendar, each stretch of the cycle is measured on the
// calendar in force during it.
//
// # Reopen cycles
//
// [EventReopened] starts a new resolution cycle, with the full target, from the
// reopening. The cycles before it are kept in the result, with their own
// outcomes; [MetricResult.State] is that of the last. Customer messages on
// a solved ticket start nothing until it is reopened.
//
// # Same-instant ordering
//
// Events must be given in order of time, but events at the same instant
// may be given in any order: they are taken in the canonical order of
// their kinds, the order of the [EventKind] constants:
//
//	EventOpened, EventReopened, EventPriorityChanged, EventCustomerMessage,
//	EventAgentReply, EventInternalNote, EventStatusChanged, EventSolved,
//	EventClosed
//
// So a reply and a solve at one instant count as a reply, then a solve; a
// customer message and a reply at one instant leave nothing unanswered; a
// priority change applies to cycles started at the same instant. Events of
// the same kind at one instant keep the order given; that order matters
// only for two priority or status changes at one instant.
//
// # Calendar resolution
//
// A target may name its calendar ([Target.Calendar]). Otherwise the
// ticket's calendar is resolved from [Calendars]: the account's own hours
// if it has them, else its tier's, else the default. Every [Step] and
// [Cycle] says which calendar applied and why ([Source]).
//
// # Percentiles
//
// [Row.Median] and [Row.P90] are nearest-rank percentiles of the achieved
// times (the Elapsed of each counted cycle that had ended): with the n
// values sorted in ascending order, the p-th percentile is the value at
// rank ⌈p·n/100⌉, counting from 1. It is always one of the values, never an
// interpolation; the median of an even number of values is the lower of the
// middle two. For n = 10 the median is the 5th value and P90 the 9th; for
// n = 3 they are the 2nd and the 3rd.
//
// # Stored tickets and the service
//
// A [TicketStore] keeps tickets: a [Ticket] is the stored [Timeline] with
// the store's Version. A ticket is created with its account, its tier at
// opening, its Category and Service and at least its opened event, then
// grows only by events appended in order, all or none, each append
// carrying the version it read (a stale one fails with
// [account.ErrConflict]); an event that is out of order or that the
// ticket's state refuses rejects the whole batch with the [*EventError]
// that [Timeline.Validate] gives. A [TicketFilter] selects by account,
// tier, category, service, opening in [From, To), tickets unsolved at an
// instant, and tickets still active from an instant. Package
// store/memstore implements the interface, and store/storetest checks any
// implementation.
//
// A [Service] is the shell over the store: it loads, evaluates and
// reports in one call, with a context.
//
//	svc := sla.NewService(store, ev)
//	res, err := svc.Evaluate(ctx, "T-1001", now) // one ticket
//	for res, err := range svc.EvaluatePeriod(ctx, june, now) { ... } // streamed
//	report, err := svc.Compliance(ctx, june, sla.Grouping{Account: true}, june.To)
//
// Its results are those of the pure functions over the stored timelines:
// a period reads only the tickets that can have an outcome in it (opened
// before its end, and not solved or closed for good before its start).
//
// # Determinism
//
// Evaluation is a pure function of the policies, the calendars, the
// timeline and the instant: it reads no clock, keeps no state between
// calls, and rebuilds every cycle from the events each time. Results do
// not depend on the order in which same-instant events are given (see
// above), on map iteration, or on the number of workers of
// [Evaluator.EvaluateAll]. A [Report] is the same whatever the order of
// its results. Percentages are exact integers ([Percent]) rounded half up.
//
// # Errors
//
// Every error for input the package cannot use wraps [ErrInvalid]. A bad
// field is an [*account.FieldError], the module's one field-error type,
// naming the record, its ID and the field: a policy's fault is the Record
// "Policy" with the policy's name as ID and a Field such as
// "Targets[0].Within"; a set of calendars is "Calendars"; a timeline's own
// fields are "Timeline" with the ticket as ID; a bad argument, such as
// now, is "Argument". A bad event of a timeline is an [*EventError] naming
// the event by index, ID and kind (structure a field error cannot carry),
// wrapping one of [ErrUnknownKind], [ErrOutOfOrder], [ErrBeforeOpen],
// [ErrAfterClose], [ErrTransition] and [ErrEventField], each of which
// wraps ErrInvalid. Errors stay bounded: a quoted name or value is cut to
// 64 bytes, and a validation lists at most 100 faults, then says how many
// more there were. An instant a calendar cannot answer for is the
// calendar's error ([*calendar.DateError]), wrapped with the ticket and
// the metric. Nothing in the package panics on input.
//
// # Concurrency and speed
//
// An [Evaluator] is safe for concurrent use. Each evaluation takes a few
// calendar look-ups per cycle, each a binary search, and three
// allocations for its result, whose trace is kept compact (a [Trace] is
// expanded into Steps only when read). [Evaluator.EvaluateAll] spreads a
// batch over the cores and yields the results in input order, so that
// the results are the same whatever the number of cores.
package sla
