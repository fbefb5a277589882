// Package escalation escalates customer problems by agreed procedure and
// catches issues that hit many accounts before they are widespread.
//
// The account manager owns every issue of their accounts: the single point
// of contact, escalation and ownership. When an issue is not moving, the
// agreed procedure brings in more people: across to a specialist team
// (functional escalation) and up the management chain (hierarchical), on
// time, on the share of an SLA target consumed, on a breach, on the
// customer's request. The package decides, as a pure function of the
// issue, its policy and what was already sent, who must hear about it now
// and when to look again ([Decide], [Engine]); it keeps each notification
// to exactly one send however many workers decide ([RecordStore],
// [Service]); and it watches the stream of issues across accounts for the
// same problem hitting many of them at once (early warning).
//
// # Policies and the engine
//
// A [Policy] is one version of a procedure: a name (the one a tier's
// service model gives, tiering.ServiceModel.EscalationPolicy), an ordered
// list of [Level]s, and optional quiet hours. A level names whom it
// notifies (a [Role] resolved for the issue against its owner and the
// caller's [OrgChart], a team of the chart, or named people), its
// [LevelKind], the [Trigger]s that make it due (the first to hold does:
// time since the issue opened or since the previous level, in business
// time on a calendar or wall time; a share of an SLA target consumed; time
// after a breach; a customer's request; a priority; repeated issues on
// the account), and a [Repeat]. [Policies] holds the variants of each
// version (per tier, per priority: tier 1 escalates sooner) and the
// versions, and picks one for an issue as package sla picks an SLA policy:
// the version in force when the issue opened applies for its life, unless
// the caller sets [Issue.PolicyAt] to re-evaluate it under a newer one.
//
// An [Issue] is the ticket as package sla has it (its [sla.Timeline] and
// its [sla.Result]) with the facts of its escalation: the owner,
// acknowledgements, customer requests, reassignments, and the account's
// recent issues. [Engine.Decide] takes it, the [Record]s of what was
// already sent, and the instant now, and returns a [Decision]:
//
//	e, err := escalation.NewEngine(policies, org, slaPolicies) // validate and compile once
//	...
//	d, err := e.Decide(issue, records, now)
//	for _, n := range d.Notify {
//		send(n.Recipients, n.Reason) // "resolution 75% consumed: 6h of 8h business time"
//		records = append(records, n.Record())
//	}
//	timer.Reset(d.NextCheck.Sub(now)) // one timer, no polling; none if NextCheck is zero
//	fmt.Println(d.Trace)             // why, step by step
//
// Levels fire in order: a level is due at the first instant one of its
// triggers holds, but not before the level above it fired, was skipped
// (it resolves to nobody: reported in [Decision.Skipped]) or was
// acknowledged. A notification due outside the quiet hours is held to
// their next allowed instant ([Decision.Held] while it waits; sent with
// Held set). An acknowledgement stops its level's repeats; a resolution
// stops everything and de-escalates the issue (its [Decision.Level] is 0),
// and a reopening resumes it. Escalation adds participants, never owners:
// only a [FactReassigned] changes the owner.
//
// NextCheck is exact: if the issue does not change (no new event, fact or
// record), nothing becomes due before it, and at it something does; it is
// the zero time when nothing ever will (the next level waits for a
// customer request, say). The instant an SLA cycle reaches a share of its
// target comes from [sla.Cycle.ShareAt]. Deciding again with the same
// records at the same instant returns the same decision, and the
// notifications it returns are due until recorded: two workers give each
// one the same [Key], so a store that adds records with compare-and-set
// sends each once (see below). [Engine.DecideAll] decides a batch on all
// cores. Bad input (a policy with no levels, a level with no trigger, a
// trigger on a metric the SLA does not measure, facts out of order) is an
// [*account.FieldError] naming the field, wrapping [ErrInvalid].
//
// # Exactly once
//
// A notification is sent once, however many workers decide its issue.
// Each has an idempotency key, [Key] of the issue, the level's name and
// the repeat, which any decision of the same issue gives it. A
// [RecordStore] keeps one [Record] per key and adds with compare-and-set:
// [RecordStore.AddFired] stores a record only if its key is new, and
// reports whether it did. A worker sends only what it added, so of two
// workers that decide the same issue at the same instant, from the same
// records, one adds (and sends) each notification and the other is told
// it lost. A worker that read the records before another added some
// decides them again, and loses them again. A SQL store keeps the key
// unique per issue and adds with INSERT ... ON CONFLICT DO NOTHING.
//
// A [Service] does it all in one call: it loads the ticket from an
// [sla.TicketStore], its account's owner, its escalation facts from a
// [FactStore] (acknowledgements, customer requests, reassignments, which
// the ticket does not carry) and its records; decides with [Engine.Decide];
// adds each notification due; and returns those it added:
//
//	svc, err := escalation.NewService(tickets, store, escalation.ServiceConfig{
//		Policies: policies, Org: org, SLA: slaPolicies, Calendars: calendars,
//		Accounts: accounts, Procedures: map[account.Tier]string{1: "executive"},
//	})
//	...
//	out, err := svc.Escalate(ctx, "T-1", now)
//	for _, n := range out.Send {
//		notify(n.Recipients, n.Reason) // this call, and no other, sends n
//	}
//	timer.Reset(out.Decision.NextCheck.Sub(now)) // if not zero
//
// The record is added before the notification is sent. A worker that
// stops in between leaves a notification recorded and unsent: a record is
// at most once. For at least once as well, keep a log of what was sent,
// and send the records it lacks.
//
// # Early warning
//
// Account management is the early warning of a service: issues that hit
// many customers at once should be caught before they are widespread. A
// [Detector] reads the occurrences of issues in order of time (each an
// [Occurrence]: the issue, its account and the account's tier, its
// category and service, and when it was opened), and keeps, for each
// category and each service, the occurrences of a sliding window. It raises a [Warning] when a window
// reaches a threshold of distinct accounts, or of tier-weighted impact
// (the sum of a weight per tier over the distinct accounts: tier 1 counts
// more, by exact decimal weights the caller gives), and clears it with
// hysteresis: once it has stood for a least time (Hold) and the window
// has fallen to a lower clear level, so that a window hovering about the
// threshold does not flap.
//
//	d, err := escalation.NewDetector(escalation.DetectorConfig{
//		Window: time.Hour,
//		Raise:  escalation.Threshold{Accounts: 3},
//		Clear:  escalation.Threshold{Accounts: 1},
//		Hold:   30 * time.Minute,
//	})
//	...
//	opened := tickets.Tickets(ctx, sla.TicketFilter{From: from}) // by opening
//	for w, err := range d.Run(escalation.OccurrencesOf(opened)) {
//		...
//		fmt.Println(w.Explain())
//	}
//	cleared, err := d.Advance(endOfStream)
//
// [OccurrencesOf] makes the occurrences of stored tickets, one at each
// ticket's opening, in the order of the tickets: an [sla.TicketStore]
// lists them by opening, the order a detector needs.
//
// A warning names the accounts in the window, in the order of their first
// issue, the first issue and the instant the threshold was crossed; its
// Steps explain it as an sla trace explains a cycle, one line each:
//
//	2024-06-03T09:40:00Z counted: issue "I-4", account "initech" (tier 3): 3 accounts, impact 5.5
//	2024-06-03T09:40:00Z raised: 3 accounts (threshold 3), impact 5.5 (threshold 6)
//	2024-06-03T10:40:00Z expired: issue "I-4", account "initech" (tier 3): 1 account, impact 1.5
//	2024-06-03T10:40:00Z cleared: 1 account (at most 1), impact 1.5 (at most 3), stood 1h0m0s
//
// The detector is deterministic: the same stream gives the same warnings,
// however it is split into calls, and across a checkpoint
// ([Detector.MarshalBinary]) and a restart from it
// ([Detector.UnmarshalBinary]), so that a long stream need not be
// replayed. Its memory, and its checkpoint, follow the window, not the
// stream. An occurrence before the detector's clock is an error wrapping
// [ErrLateOccurrence] that names the issue; the detector is unchanged by
// it, and goes on with the next.
package escalation
