// Package tiering decides which accounts matter most and why, and who
// looks after them. It scores accounts on weighted measures with
// explanations, turns scores into service tiers under policies with
// hysteresis and overrides, plans a re-tiering as a dry run, says how each
// tier is served, and assigns every account one owner among the account
// managers, keeping their workloads within capacity and balanced.
//
// Everything is a pure, deterministic function of its input: the same
// accounts in any order give the same scores, tiers, plans, assignments
// and errors, and time is always a parameter. Nothing is saved: the
// results say what to store.
//
// A run goes from scores to owners, one step feeding the next:
//
//	// Score: each account's total from 0 to 100, and why.
//	card := tiering.Scorecard{Name: "external", Measures: []tiering.Measure{
//		{Name: "revenue", Weight: 40, Source: tiering.Attribute("revenue"), Normalisation: tiering.PercentileRank},
//		{Name: "size", Weight: 20, Source: tiering.Attribute("employees"), Normalisation: tiering.LogMinMax},
//		{Name: "nps", Weight: 40, Source: tiering.Attribute("nps"), Normalisation: tiering.ZScore, Missing: tiering.MissingDrop},
//	}}
//	scores, err := tiering.Score(accounts, card)
//
//	// Tier: the top 5% in tier 1, the next 15% in tier 2, the rest in tier 3.
//	policy := tiering.Policy{Basis: tiering.ByShare, Tiers: []tiering.TierRule{
//		{Share: decimal.RequireFromString("0.05")}, {Share: decimal.RequireFromString("0.15")}, {},
//	}, Hysteresis: tiering.Hysteresis{Up: 3 * tiering.Point, Down: 3 * tiering.Point}}
//	tiers, err := policy.Apply(scores, tiering.Input{At: now, Values: revenue})
//
//	// Plan: the moves, the transition matrix, the share changing.
//	plan := tiers.Plan(lastFingerprint)
//
//	// Serve: what each tier's service costs, and who is overdue for contact.
//	retiered := tiers.Accounts() // the accounts at their new tiers
//	gaps, err := models.Gaps(now, retiered, interactions)
//
//	// Assign: an owner for every account, the managers' loads balanced.
//	owners, err := tiering.Assign(retiered, managers, tiering.AssignPolicy{Workload: models.Workload, MatchRegion: true})
//
// # Scoring
//
// A [Scorecard] is a list of [Measure] values. Each measure reads a raw
// value for every account from a [Source] (a named attribute of
// [account.Account], or a [Func] over the account), normalises it to [0, 1]
// where 1 is best, and contributes to the total in proportion to its
// weight. [Score] scores a portfolio; [Scores.Total] is each account's
// total from 0 to 100 points and [Scores.Explain] says how it was made:
// each measure's raw value, normalised value, weight, effective weight,
// points and missing-value handling, and the coverage, the share of the
// weight that had data.
//
// Several scorecards can share a portfolio, one for internal customers and
// one for external ones, say. Each account is scored by the first
// scorecard, in the order given to Score, whose [Selector] matches it; a
// scorecard after one that matches everything is an error, as is an
// account no scorecard matches. Relative normalisations see only the
// accounts of their own scorecard.
//
// [TrendOf] compares two scorings of the same account: up, down, or flat
// within a deadband.
//
// # Normalisations
//
//   - [MinMax]: (x − min) / (max − min) over the portfolio.
//   - [PercentileRank]: the share of the portfolio below x, ties counting
//     half: robust to outliers.
//   - [ZScore]: standard deviations from the mean, clipped at ±Clip (3 by
//     default) and mapped onto [0, 1].
//   - [LogMinMax]: MinMax of ln(1 + x), for skewed quantities; x ≥ 0.
//   - [Banded]: fixed [Band] values for ranges of x, each edge open or
//     closed; the bands must leave no gap and overlap nowhere, and their
//     values must follow the measure's [Direction]. [ValidateBands] checks a
//     table read from outside.
//
// The relative normalisations give 0.5 to every account when the
// portfolio has no spread. [DirectionLowerIsBetter] turns v into 1 − v, except for
// bands, whose values already say what is better.
//
// # Missing values
//
// Each measure has a [MissingPolicy] for accounts without a value:
// [MissingFail] (the zero value) makes it an error; [MissingWorst] scores
// it 0 with full weight; [MissingMedian] uses the portfolio's median raw
// value; [MissingDrop] leaves the measure out for that account and shares
// its weight among the others, so an account is not punished for data
// nobody has. An attribute that no account of a scorecard has is an error
// ([ErrUnknownAttribute]) whatever the policy, since it is most likely a
// misspelt name.
//
// # Exactness
//
// Scores are [Points], integer hundredths of a point. Each measure's
// contribution is computed once, the total is their sum rounded to the
// nearest hundredth, and the lines of an explanation get their points by
// the largest-remainder method, so they add up to the total exactly, never
// off by a rounding. Portfolio statistics do not depend on the order of
// accounts: means and deviations are summed exactly before a single
// rounding, and ranks come from a sort that breaks every tie. Money is
// [decimal.Decimal] throughout; shares of accounts and of value are decimals
// too, so "5%" is exactly 0.05.
//
// Scores keeps each account's total and normalised values in compact
// columns and builds an explanation only when asked, so scoring a million
// accounts needs well under 100 bytes of results per account.
//
// # Policies
//
// A [Policy] lists the tiers from tier 1 down; the last takes every account
// the others did not. Its [Basis] says how the others choose:
//
//   - [ByScore]: absolute score bands, by each tier's MinScore;
//   - [ByShare]: quantile shares of the accounts (top 5%, next 15%, ...);
//   - [ByCount]: top-N counts (the top 20 accounts);
//   - [ByValue]: cumulative value share (the accounts making up the first
//     80% of revenue, or of cost for internal customers).
//
// Every tier may also set a MinScore floor and a Cap, under any basis.
// Accounts are ranked by score, then value (from [Input.Values]), then ID,
// so every cut is deterministic; ByValue ranks by value, then score, then
// ID. [Policy.Apply] gives every account a tier and records why
// ([Result.Decision]).
//
// # Hysteresis
//
// Re-scoring every month must not flap accounts between tiers. With
// [Hysteresis], an account moves up only if it passes the boundary of the
// higher tier by the Up margin, and down only if it falls below its own
// tier's boundary by the Down margin. Under [BasisScore] the boundaries are
// fixed, so a score change smaller than the margins never changes a tier;
// under ByShare and ByCount they are the scores at this run's cuts, so
// they move with the portfolio, and the margins keep accounts near a cut
// where they are. MinDwell keeps an account in its tier for a while after
// it entered it (its TierSince field, see [account.Account]), and
// MaxStepDown limits how far it can fall in one run. Caps stay hard: if
// held accounts overfill a tier, the lowest-ranked move down.
// [Result.Accounts] returns the accounts at their new tiers, with TierSince
// set to the run's instant for those that moved, ready to store for the
// next run.
//
// # Overrides
//
// An [Override] pins an account to a tier, with a reason, an author and an
// optional expiry. Pinned accounts count towards their tier's quota and
// cap, and overrides that would fill a tier beyond its cap are an error,
// not an overfilled tier. An override that has expired at [Input.At] is not
// applied, even if its account or tier no longer exists; it is reported by
// [Result.Expired], and a plan gives the resulting move the reason
// [MoveExpiry].
//
// # Plans
//
// [Result.Plan] is a dry run of a re-tiering: every [Move] with its from
// and to tiers and [MoveReason] (score change, policy change, override,
// expiry, new account), the transition matrix with the number of accounts
// and the value in each cell, and the share of accounts that change tier.
// A configuration [FingerprintOf], a stable hash of the scorecards and the
// policy, records what produced a set of tiers; [Describe] shows exactly
// what it covers. Functions cannot be hashed, so a [Func] source counts by
// its name. Nothing is saved.
//
// # Service models
//
// A [ServiceModel] says how a tier is served: review cadence, minimum
// contact frequency, the names of its SLA and escalation policies, and the
// workload units an account of the tier costs its manager.
// [ServiceModels.Workload] gives an account's units (pass the method value
// as [AssignPolicy.Workload], or wherever a func(account.Account) int is
// wanted), and [ServiceModels.Gaps] lists the accounts whose last
// meaningful contact (an interaction of a kind the tier counts, such as a
// meeting or a visit) is older than their tier allows, most overdue first.
//
// # Assignment
//
// [Assign] gives each account one owner among the account managers. A
// manager's load is the sum of the workload units of the manager's
// accounts ([AssignPolicy.Workload], typically what the tier's service
// model charges) and never exceeds the manager's Capacity. Among
// assignments that keep the hard rules (active managers only, internal
// versus external audience, region, industry and skill matches, a tier-1
// limit per manager, pins, and optionally a whole hierarchy with one
// manager), Assign minimises the largest load-to-capacity ratio; it then
// keeps accounts with their current owners as far as
// [AssignPolicy.Continuity] lets balance give way and
// [AssignPolicy.MaxHandovers] allows. A manager's Regions and Industries
// say what the manager covers, and an empty list covers all; Skills say
// what the manager can do, and an empty list means no skill, so such a
// manager takes only accounts that need none.
//
// The [Assignment] lists every [Placement], each manager's load and ratio
// ([ManagerLoad]), every [Handover] with its [HandoverReason], and every
// account that could not be placed ([Unplaced]) with its
// [UnplacedReason]: no manager is ever overfilled to place an account.
// [Assignment.LowerBound] states how far from the best possible balance
// the result can be at most. The result depends only on the content of the
// input, never on its order.
//
// Assign the accounts at the tiers a re-tiering proposes, so that each
// manager's load is what the new tiers will cost:
//
//	res, err := tiering.Assign(tiers.Accounts(), managers, tiering.AssignPolicy{
//		Workload:    models.Workload, // the units of each account's new tier
//		MatchRegion: true,
//		MaxTier1:    12,
//		Continuity:  0.05, // give up to 5% of balance to keep current owners
//	})
//	for _, l := range res.Loads {
//		fmt.Printf("%s: %d of %d units (%.0f%%)\n", l.Manager, l.Load, l.Capacity, 100*l.Ratio)
//	}
//
// Re-tiering and assignment report their changes in two vocabularies: a
// change of tier is a [Move] in a [Plan], with a [MoveReason]; a change of
// owner is a [Handover] in an [Assignment], with a [HandoverReason].
// Neither changes an account: store [Result.Accounts] to apply a
// re-tiering, and set each account's Owner from [Assignment.Placements] to
// apply an assignment.
//
// # Errors
//
// Errors follow one convention across the package. Every error wraps one of
// the sentinel errors ([ErrConfig], [ErrInput], [ErrDuplicateAccount],
// [ErrUnknownAccount], ...), so test for a kind of problem with
// [errors.Is]; most also carry what is at fault, which [errors.As] gets:
//
//   - Configuration problems (a [Scorecard], [Policy], [ServiceModels] or
//     [AssignPolicy] that is not valid) are [*ConfigError] values naming
//     the part and the field, wrapping [ErrConfig], all of them joined.
//     Each configuration type has a Validate method that returns them.
//   - Data problems are [*AccountError] values naming the account, and the
//     measure or account manager involved, wrapping a sentinel such as
//     [ErrMissingValue], [ErrBadValue], [ErrDuplicateAccount] or
//     [ErrUnknownManager]. [Score], [Policy.Apply] and [ServiceModels.Gaps]
//     stop at bad data and report the problem of the account with the
//     smallest ID; [Assign] checks all of its input first and reports every
//     problem, joined in ID order.
//   - Errors of package account that a function passes on (a manager that
//     fails [account.Manager.Validate], a hierarchy with a cycle) keep their
//     types, [*account.FieldError] and the like, and wrap [ErrInput] too.
//
// The errors, like the results, do not depend on the order of the input.
// Nothing panics on bad input.
package tiering
