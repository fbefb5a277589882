// Package engagement measures and plans the relationship with each
// account: satisfaction with honest uncertainty, stakeholder coverage, the
// collective view of change impact, and the voice of the customer.
//
// # Satisfaction
//
// (Written by the satisfaction author.)
//
// # Stakeholders, changes and feedback
//
// [Coverage] reads each account's stakeholder map ([account.Contact]: role,
// influence 1 to 5, attitude, last contacted) and, if given, the
// interactions whose Participants name a contact. For each account it
// reports the decision makers and sponsors known, the share of influence
// that supports, is neutral or opposes (exact to 4 places, adding up to
// 1), the contacts not spoken to within the tier's contact interval (a
// map the caller fills, from tiering's ServiceModel.ContactEvery, say),
// whether the relationship hangs on one person, and a score out of 100
// whose lines add up to it exactly. [Coverages.Measure] has the shape of a
// tiering.Func source, so coverage can weigh in a scorecard:
//
//	cov, err := engagement.Coverage(accounts, store.Contacts(ctx, account.ContactFilter{}), nil,
//		engagement.CoverageOptions{At: now, ContactEvery: map[account.Tier]time.Duration{1: 30 * 24 * time.Hour}})
//	measure := tiering.Measure{Name: "coverage", Weight: 10, Source: tiering.Func("stakeholder-coverage", cov.Measure)}
//
// A [Change] is a release, a policy or price change or a retirement, with
// its announce and go-live dates, a [Severity], and a [Scope]: the
// services, products, regions, segments and audience it touches, and
// accounts it names. Regions, segments and audience are an account's own
// fields; which services and products an account holds the caller says in
// [Portfolio].Holdings. [NewImpact] matches every change to its accounts
// through an inverted index (never testing every account against every
// change) and gives, for each account, the collective view of change
// impact ([Impact.Account]: every change in the window in date order, the
// combined load, the busiest weeks, the stakeholders to brief); for each
// change, the accounts it touches by tier ([Impact.Change]); and the
// engagement plan ([Impact.Plan]): who must be briefed by when, before
// go-live, with a lead time per tier, and which briefings are overdue,
// judged from interactions.
//
//	im, err := engagement.NewImpact(engagement.Portfolio{Accounts: accounts, Holdings: holdings, Contacts: contacts},
//		changes, engagement.ImpactOptions{From: q3, To: q4})
//	view, _ := im.Account("acme") // view.Changes, view.Load, view.Busiest, view.Brief
//	plan, err := im.Plan(store.Interactions(ctx, account.InteractionFilter{}), engagement.PlanOptions{
//		At: now, LeadTime: map[account.Tier]time.Duration{1: 4 * 7 * 24 * time.Hour, 2: 2 * 7 * 24 * time.Hour}})
//
// A [Feedback] item is a comment, request or complaint from an account,
// with a theme and perhaps a service or a change. [RollUpFeedback] groups
// items by theme, service or change and weighs each account once per
// topic, by its tier and its value, so that "what our top accounts ask
// for" is one call:
//
//	voice, err := engagement.RollUpFeedback(accounts, store.Feedback(ctx, engagement.FeedbackFilter{}), engagement.VoiceOptions{
//		Kinds: []engagement.FeedbackKind{engagement.FeedbackRequest}, Tiers: []account.Tier{1}, Value: revenue})
//
// Changes are stored as versioned records ([ChangeStore]) and feedback as
// an append-only log ([FeedbackStore]), with the contract of package
// account's stores; store/memstore implements both and store/storetest
// checks an implementation with RunChanges and RunFeedback.
package engagement
