// Package engagement measures and plans the relationship with each
// account, in four parts that share one portfolio (the accounts, whose
// Tier, Segment, Region and Internal fields they read) and the house
// conventions of package account:
//
//   - satisfaction: NPS, CSAT and customer effort per account, tier,
//     segment, audience and period, each with a 95% interval, weighted by
//     response, account or value, and the trend between two periods
//     ([Satisfaction], [Compare]);
//   - stakeholder coverage: who is known and spoken to at each account,
//     with a score usable as a tiering measure ([Coverage]);
//   - change impact: the collective view of every change that touches an
//     account, the accounts of each change by tier, and the engagement
//     plan of briefings ([NewImpact]);
//   - the voice of the customer: feedback rolled up by theme, service or
//     change, weighted by tier and value ([RollUpFeedback]).
//
// Each reads what a store lists (an iter.Seq2 of records and errors), so
// a quarter's review of the portfolio is a few calls:
//
//	rep, err := engagement.Satisfaction(store.Responses(ctx, engagement.ResponseFilter{}), accounts,
//		engagement.SatisfactionOptions{By: engagement.Grouping{Tier: true, Periods: quarterStarts}})
//	shift, err := engagement.Compare(rep.Rows[0].NPS, rep.Rows[1].NPS, decimal.NewFromInt(5)) // shift.Trend
//	cov, err := engagement.Coverage(accounts, store.Contacts(ctx, account.ContactFilter{}), nil,
//		engagement.CoverageOptions{At: now})
//	im, err := engagement.NewImpact(engagement.Portfolio{Accounts: accounts}, changes, engagement.ImpactOptions{})
//	view, _ := im.Account("acme") // every change acme faces, its load and whom to brief
//	voice, err := engagement.RollUpFeedback(accounts, store.Feedback(ctx, engagement.FeedbackFilter{}),
//		engagement.VoiceOptions{Tiers: []account.Tier{1}})
//
// Every error for input the package cannot use wraps [ErrInvalid], with an
// [*account.FieldError] naming the record and field at fault; figures are
// decimals, exact or rounded as documented, and no result depends on the
// order of its input.
//
// # Satisfaction
//
// A [Response] is one answer to a survey question ([ResponseKind]): the
// net promoter question (0–10), customer satisfaction (CSAT, 1–5) or
// customer effort (1–7), given by a contact of an account at an instant
// through a [SurveyChannel], with an optional comment of at most
// [MaxCommentLen] bytes. [Response.Validate] names every field at fault.
//
// [Satisfaction] reports on a stream of responses; [SatisfactionBatch] on a
// columnar [ResponseBatch], for millions of them. Both take the portfolio
// (the accounts give each response its tier, segment and audience:
// [account.Account.Tier], [account.Account.Segment] and
// [account.Account.Internal], or the maps of [SatisfactionOptions]) and
// return one [SatisfactionRow] per group of the [Grouping]: per account,
// tier, segment, audience and period, in any combination. Each row holds
// three [Estimate] values, each with its number of responses and accounts:
//
//   - NPS: the percentage of promoters (9–10) less that of detractors
//     (0–6), in points from −100 to 100;
//   - CSAT: the percentage of responses of 4 or 5;
//   - effort: the mean score.
//
// # Figures and intervals
//
// The state of a report is integer counts of each score per (account,
// period), so a report is exact and does not depend on the order of its
// input. Each figure is computed exactly from them (with math/big where
// weights make it a sum of fractions) and rounded half away from zero to
// hundredths.
//
// Each figure has a 95% interval. With shares p₊ of promoters and p₋ of
// detractors on n responses, the NPS interval is NPS ± 1.96·100·√Var with
//
//	Var = (p₊ + p₋ − (p₊ − p₋)²) / n
//
// the variance of the mean of a score of +1, 0 or −1. CSAT has the Wilson
// score interval, which stays within 0–100% and is sound on few responses.
// Effort has Student's t interval, mean ± t(0.975, n−1)·s/√n with s the
// sample standard deviation; below two responses it is the whole scale.
// The interval's distances from the figure are computed in float64, rounded
// up to hundredths, and laid off from the rounded figure, so Low ≤ Value ≤
// High always holds; bounds are then clamped to the figure's range. The
// Wald interval of NPS has no width when every response is a promoter (or
// every one a detractor): read it with its number of responses.
//
// # Weighting
//
// [WeightingResponse] gives each response one vote. [WeightingAccount]
// gives each account one vote, shared among its responses: a figure is the
// mean of the accounts' own figures, so a large account's 200 responses do
// not drown 50 small accounts. [WeightingValue] weights each account by
// its value ([SatisfactionOptions].Values, an account.Money per account,
// one currency). Under weights w_a for an account a with n_a responses,
// each response weighs r = w_a/n_a; the shares and means behind the
// interval are weighted, and the interval uses Kish's effective number of
// responses
//
//	n_eff = (Σ r)² / Σ r²
//
// which is n for one vote per response, m² / Σ_a 1/n_a for one vote per
// account (m accounts), and (Σ_a v_a)² / Σ_a v_a²/n_a by value. It is
// reported as [Estimate].EffectiveN. Responses within an account are taken
// as independent.
//
// # Trend
//
// [Compare] compares two estimates of a figure (two periods of one group,
// say) by the interval of their difference, combined from the two
// intervals by Newcombe's square-and-add method: up or down only when that
// interval excludes zero, flat only when it lies within a margin the caller
// gives, and "within noise" otherwise; so an NPS that rose from 31 to 38 on
// a dozen responses is within noise.
//
// # Stakeholder coverage
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
// # Change impact
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
// # Voice of the customer
//
// A [Feedback] item is a comment, request or complaint from an account,
// with a theme and perhaps a service or a change. [RollUpFeedback] groups
// items by theme, service or change and weighs each account once per
// topic, by its tier and its value, so that "what our top accounts ask
// for" is one call:
//
//	voice, err := engagement.RollUpFeedback(accounts, store.Feedback(ctx, engagement.FeedbackFilter{}), engagement.VoiceOptions{
//		Kinds: []engagement.FeedbackKind{engagement.FeedbackRequest}, Tiers: []account.Tier{1}, Values: revenue})
//
// # Options
//
// The options of every part name things alike. A slice of values selects,
// as account.AccountFilter.Tiers does: VoiceOptions.Tiers and Kinds, empty
// for all (PlanOptions.Kinds, empty for the default briefing kinds). A map
// keyed by tier gives a per-tier setting: CoverageOptions.ContactEvery,
// PlanOptions.LeadTime, VoiceOptions.TierWeights. A map keyed by account
// ID gives a per-account figure the package does not record (the Values of
// SatisfactionOptions and VoiceOptions, Portfolio.Holdings) or overrides
// an account's own field (SatisfactionOptions.TierOf and SegmentOf). At
// is the instant a measure or plan is made at; From and To bound a
// half-open window.
//
// # Storage
//
// Responses are kept as an append-only log ([ResponseStore]), as
// account.TransactionStore keeps transactions, and so is feedback
// ([FeedbackStore]); changes are versioned records ([ChangeStore]) with
// the optimistic concurrency of account.AccountStore. Each store's list
// passes straight into the function that reads it. store/memstore
// implements all three and store/storetest checks an implementation with
// RunResponses, RunChanges and RunFeedback.
//
// # Limits and performance
//
// A report counts at most [MaxResponses] responses, in at most
// [MaxPeriods] periods, and takes 92 bytes for every (account, period)
// pair of the accounts that answered, plus about 340 bytes a row.
// Satisfaction reads a stream, a response at a time; SatisfactionBatch
// counts a [ResponseBatch] (13 bytes a response) on every core, each core
// a share of the accounts: 10,000,000 responses of 100,000 accounts,
// grouped by account, tier and quarter into 400,000 rows with their
// intervals, take about half a second on two cores (see BENCHMARKS.md).
//
// [NewImpact] grows with the accounts, their contacts and holdings and the
// (account, change) pairs found, never with accounts times changes: the
// views of 100,000 accounts facing 1,000 changes take about 0.6 s of CPU
// (see BENCHMARKS.md).
package engagement
