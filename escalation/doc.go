// Package escalation escalates customer problems by agreed procedure and
// catches issues that hit many accounts before they are widespread.
//
// # Policies and the engine
//
// (Written by the engine's author.)
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
// (Written by the detector's author.)
package escalation
