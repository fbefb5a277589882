// Package tiering decides which accounts matter most and why, and how
// each is served. It scores accounts on weighted measures with
// explanations, turns scores into service tiers under policies with
// hysteresis and overrides, plans a re-tiering as a dry run, and says how
// each tier is served and which accounts are overdue for contact.
// Assigning each account an account manager is package assign's work: it
// takes [ServiceModels.Workload] as its workload function, so that a
// manager's load is what the accounts' tiers cost.
//
// Everything is a pure, deterministic function of its input: the same
// accounts in any order give the same scores, tiers, plans and errors, and
// time is always a parameter. Nothing is saved: the results say what to
// store, and a [Service] (see "Service" below) loads a portfolio from a
// store and stores a run's tiers.
//
// A run goes from scores to service, one step feeding the next:
//
//	// Score: each account's total from 0 to 100, and why.
//	card := tiering.Scorecard{Name: "external", Measures: []tiering.Measure{
//		{Name: "revenue", Weight: 40, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationPercentileRank},
//		{Name: "size", Weight: 20, Source: tiering.Attribute("employees"), Normalisation: tiering.NormalisationLogMinMax},
//		{Name: "nps", Weight: 40, Source: tiering.Attribute("nps"), Normalisation: tiering.NormalisationZScore, Missing: tiering.MissingDrop},
//	}}
//	scores, err := tiering.Score(accounts, card)
//
//	// Tier: the top 5% in tier 1, the next 15% in tier 2, the rest in tier 3.
//	policy := tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{
//		{Share: decimal.RequireFromString("0.05")}, {Share: decimal.RequireFromString("0.15")}, {},
//	}, Hysteresis: tiering.Hysteresis{Up: 3 * tiering.Point, Down: 3 * tiering.Point}}
//	result, err := policy.Apply(scores, tiering.Input{At: now, Values: revenue})
//
//	// Plan: the moves, the transition matrix, the share changing.
//	plan := result.Plan(lastFingerprint)
//
//	// Serve: what each tier's service costs, and who is overdue for contact.
//	retiered := result.Accounts() // the accounts at their new tiers
//	gaps, err := models.Gaps(now, retiered, store.Interactions(ctx, account.InteractionFilter{}))
//
// A whole portfolio is scored at once, so [Score] takes a slice of
// accounts: [account.Collect] turns a store's list into one. A stream that
// is read once, such as the interactions [ServiceModels.Gaps] reads, is
// taken as the store yields it, an iter.Seq2 of values and errors.
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
// scorecard, in the order given to Score, whose When field (a [Selector])
// matches it; a
// scorecard after one that matches everything is an error, as is an
// account no scorecard matches. Relative normalisations see only the
// accounts of their own scorecard.
//
// [TrendOf] compares two scorings of the same account: up, down, or flat
// within a deadband.
//
// # Normalisations
//
//   - [NormalisationMinMax]: (x − min) / (max − min) over the portfolio.
//   - [NormalisationPercentileRank]: the share of the portfolio below x, ties counting
//     half: robust to outliers.
//   - [NormalisationZScore]: standard deviations from the mean, clipped at ±Clip (3 by
//     default) and mapped onto [0, 1].
//   - [NormalisationLogMinMax]: MinMax of ln(1 + x), for skewed quantities; x ≥ 0.
//   - [NormalisationBanded]: fixed [Band] values for ranges of x, each edge open or
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
// rounding, and ranks come from a sort that breaks every tie. Money and
// shares are exact decimals; see the next section.
//
// Scores keeps each account's total and normalised values in compact
// columns and builds an explanation only when asked, so scoring a million
// accounts needs well under 100 bytes of results per account.
//
// # Policies
//
// A [Policy] has a rule for each tier, from tier 1 down; the last tier
// takes every account the others did not. Its [Basis] says how the others
// choose:
//
//   - [BasisScore]: absolute score bands, by each tier's MinScore;
//   - [BasisShare]: quantile shares of the accounts (top 5%, next 15%, ...);
//   - [BasisCount]: top-N counts (the top 20 accounts);
//   - [BasisValue]: cumulative value share (the accounts making up the
//     first 80% of revenue, or of cost for internal customers).
//
// Every tier may also set a MinScore floor and a Cap, under any basis.
// Accounts are ranked by score, then value (from [Input.Values]), then ID,
// so every cut is deterministic; BasisValue ranks by value, then score,
// then ID. [Policy.Apply] gives every account a tier and records why
// ([Result.Decision], with a [TierReason]).
//
// # Hysteresis
//
// Re-scoring every month must not flap accounts between tiers. With
// [Hysteresis], an account moves up only if it passes the boundary of the
// higher tier by the Up margin, and down only if it falls below its own
// tier's boundary by the Down margin. Under [BasisScore] the boundaries are
// fixed, so a score change smaller than the margins never changes a tier;
// under BasisShare and BasisCount they are the scores at this run's cuts, so
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
// A configuration's [Fingerprint], a stable hash of the scorecards and the
// policy ([FingerprintOf]), records what produced a set of tiers;
// [Describe] shows exactly what it covers. Functions cannot be hashed, so a [Func] source counts by
// its name. Nothing is saved.
//
// # Service models
//
// A [ServiceModel] says how a tier is served: review cadence, minimum
// contact frequency, the names of its SLA and escalation policies, and the
// workload units an account of the tier costs its manager.
// [ServiceModels.Workload] gives an account's units (pass the method value
// to package assign as its workload function, or wherever a
// func(account.Account) int is wanted), and [ServiceModels.Gaps] lists the accounts whose last
// meaningful contact (an interaction of a kind the tier counts, such as a
// meeting or a visit) is older than their tier allows, most overdue first.
//
// # Service
//
// A [Service] is the thin shell over the pure functions for a portfolio
// kept in an [account.AccountStore]: [NewService] takes the store and the
// scorecards and policy ([ServiceConfig]), and each call takes a
// context. [Service.Score] and [Service.Tier] read every stored account
// and return what [Score] and [Policy.Apply] return for them; the
// Result's [Result.Plan] is the dry run. [Service.Apply] stores a
// Result's tiers: each account that moves is written with its new Tier
// and TierSince (the run's instant) and the version it was read with.
//
//	svc, err := tiering.NewService(store, tiering.ServiceConfig{Scorecards: cards, Policy: policy})
//	res, err := svc.Tier(ctx, tiering.Input{At: now, Values: revenue})
//	plan := res.Plan(lastFingerprint) // who would move, and why
//	out, err := svc.Apply(ctx, res)   // store the moves
//	for _, c := range out.Conflicts {
//		// c.Account changed since Tier read it, and was not written
//	}
//
// Apply keeps going past a conflict: an account changed or deleted since
// the run read it is reported in [account.Applied.Conflicts] with its ID
// and an error wrapping [account.ErrConflict] (or [account.ErrNotFound]),
// and every other account is written, in ascending ID order. Applying a
// Result twice writes nothing the second time. Assigning owners to the
// re-tiered accounts is package assign's Service.
//
// # Numbers, money and shares
//
// One rule decides the type of every quantity. A measure is a number: raw
// values (an [Attribute] is converted from its decimal to the nearest
// float64; a [Func] returns a float64), weights, normalised values,
// effective weights and coverage are float64, and [Line.Raw] shows a raw
// value as it was scored. A score is [Points], integer hundredths of a
// point. Money is [account.Money]: the values a run ranks and sums
// ([Input.Values], by which a [BasisValue] policy ranks and in which
// [Move.Value], [Transition.Value] and [Plan.MovedValue] are given), all in
// one currency. Shares of accounts or of value are exact decimals
// ([decimal.Decimal]): [TierRule.Share] and [Plan.ChangedShare], so "5%"
// is exactly 0.05.
//
// # Names
//
// A tier is an [account.Tier], numbered from 1. A [Policy] has one
// [TierRule] per tier, in Rules, and [Policy.NumTiers] of them; applying
// it gives a [Result]. Why an account has its tier is a [TierReason]; why
// it would move from its current tier is a [MoveReason] (package assign
// says why an account changes owner with its own HandoverReason). The
// constants of every enumeration begin with the type's name, less a
// trailing Reason ([BasisShare], [HandlingMedian], [TierMargin],
// [MoveExpiry]), and every enumeration marshals to and from its name as
// text and JSON.
//
// # Errors
//
// Every error the package returns for input it cannot use wraps
// [ErrInvalid]; the more specific sentinels ([ErrDuplicateAccount],
// [ErrUnknownAccount], [ErrMissingValue], [ErrBadValue], ...) wrap it too,
// so test for a kind of problem with [errors.Is]. What is at fault is an
// [*account.FieldError], the module's one field-error type, which
// [errors.As] gets: its Record says what kind of thing is at fault
// ("Scorecard", "Policy", "ServiceModels", "Input", "Override",
// "Account"), its ID names it (the scorecard's or policy's name, the
// account's ID) and its Field says where within it ("Measures[2].Weight",
// "Rules[1].Share", "Values[nps]"):
//
//   - Configuration problems (a [Scorecard], [Policy] or [ServiceModels]
//     that is not valid) are all reported, joined. Each configuration type
//     has a Validate method that returns them.
//   - Data problems stop [Score], [Policy.Apply] and [ServiceModels.Gaps],
//     which report the problem of the account with the smallest ID.
//
// Errors stay short whatever the input: a value is quoted to at most 64
// bytes, and a joined list holds at most 100 errors, then says how many
// more there were. The errors, like the results, do not depend on the
// order of the input. Nothing panics on bad input.
package tiering
