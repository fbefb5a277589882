// Package clv answers four questions about each account that buys without
// a contract: is it still active, how many transactions will it make in
// the next period, what will they be worth, and what is the account worth
// over a horizon. It fits the customer-base models of the marketing-science
// literature by maximum likelihood and predicts with them.
//
// # When the models fit
//
// The models are for non-contractual, repeat purchase: an account buys
// when it wants, and when it stops buying it does not say that it has
// left. Recency alone cannot tell a quiet account from a lost one; these
// models can, by weighing an account's own history against the whole
// base. They do not fit subscriptions or contracts, where leaving is an
// observed event (use a survival model of the renewals instead), nor
// purchases at fixed intervals (a monthly invoice is not a choice to buy).
//
// # What each model assumes
//
// Both purchase models see an account through three numbers, its
// [Summary]: x, the repeat transactions (distinct periods with a
// transaction after the first one), t_x, the time of the last of them, and
// T, the account's age at the end of the calibration period.
//
//   - [BGNBD] (Fader, Hardie & Lee 2005): while active, an account buys as
//     a Poisson process at its own rate λ, gamma-distributed across
//     accounts (r, α); after each purchase it may drop out, with its own
//     probability p, beta-distributed across accounts (a, b). An account
//     with no repeat purchase is certainly active.
//   - [ParetoNBD] (Schmittlein, Morrison & Colombo 1987): purchases as
//     above, but an account's active life is exponential with its own rate
//     μ, gamma-distributed across accounts (s, β), and can end at any time.
//   - [GammaGamma] (Fader, Hardie & Lee 2005, iso-value curves): the value
//     of an account's transactions varies around its own mean, which varies
//     across accounts; the value does not depend on how often it buys —
//     [GammaGammaFit.Correlation] reports how true that is of the data.
//
// # Building summaries from transactions
//
// [BuildSummaries] (or [BuildSummariesSlice], or a [SummaryBuilder] fed
// one transaction at a time, merged across partitions) makes the summaries
// in one pass through segmentation's streaming aggregation, counting
// distinct days or ISO weeks; a store that aggregates where the data is
// (a [segmentation.PartialStore], such as store/sqlstore) builds them by
// push-down with [SummariesFromStore]. x is the number of periods with a
// transaction after the first, t_x and T are exact durations from the
// first transaction (to the last one, and to the calibration end), and the
// mean repeat value is the account's net value less its first period's,
// over x. Every transaction, a refund or a zero amount included, makes its
// period a purchase period; amounts net within the account, and a mean
// repeat value that is not more than zero (after rounding to the minor
// unit, halves to even) is left as the zero Money, "not known". For
// internal customers choose [account.TransactionCost]: their value is
// their cost, as elsewhere in the module. Building costs about what the
// RFM aggregation counting distinct days costs on the same transactions:
// the summaries read each account's count of periods and its sums in
// units of the currency, never a date for each period.
//
//	summaries, err := clv.BuildSummaries(store.Transactions(ctx, account.TransactionFilter{}), clv.SummaryOptions{
//		Unit: clv.UnitDay, CalibrationEnd: calEnd, HoldoutEnd: holdoutEnd,
//	})
//
// # Fitting
//
// Fits take weighted groups of identical (x, t_x, T), so that their cost
// grows with the distinct summaries, not with the accounts: [Groups]
// collapses summaries. [FitBGNBD], [FitParetoNBD] and [FitGammaGamma]
// maximise the log-likelihood, computed in log space, on the
// log-parameter scale with gonum's BFGS, from several starting points and
// then Nelder-Mead before they give up with a [*FitError]. A fit reports
// each parameter's standard error and 95% interval (from the Hessian), the
// iterations and how it converged, and is the same to the bit for the same
// data, in any order. Every gradient is analytic and computed in the same
// pass as the value (the Pareto/NBD's hypergeometric series differentiated
// term by term), and the Hessian comes from central differences of it.
//
//	groups, err := clv.Groups(summaries)
//	fit, err := clv.FitBGNBD(groups, clv.FitOptions{})
//	p, err := fit.Model.ProbabilityActive(summaries[0])
//	next, err := fit.Model.ExpectedTransactions(summaries[0], 90*24*time.Hour)
//
// # Reading the calibration and holdout comparison
//
// Before trusting a model, judge it twice (Fader, Hardie & Lee 2005,
// figures 3 and 4).
//
// First on the calibration period itself: [CompareCalibration] returns,
// for each number of repeat transactions x = 0, 1, …, the accounts that
// made x repeats, actual against expected, the expected count being the
// sum over the accounts of P(X(T) = x) at each account's own age T
// ([Model.ProbabilityNew]); the last row takes every x from maxRepeats
// on. The two columns should follow each other across the whole range:
// a model that expects too many accounts with no repeat and too few
// heavy buyers (or the reverse) has the wrong shape for the data, whatever
// its likelihood. The differences are counts: a difference of d in a row
// expecting e accounts is about d/√e standard deviations, and the sum of
// d²/e over the rows is roughly chi-square, its degrees of freedom the
// rows less one, less the model's four parameters when they were fitted
// on the same accounts.
//
// Then on a later holdout period: [Compare] returns, for each calibration
// frequency x, the mean holdout transactions actual and predicted. The
// rows should agree within noise across the whole range; a model that is
// right on average but wrong for the light or the heavy buyers will
// misjudge exactly the accounts that matter. A row with few accounts is
// noisy. A model can fit the calibration period well and still predict
// the holdout badly (the buying rates drifted, or the portfolio is not
// the non-contractual base the models assume): trust it only when both
// tables agree.
//
//	cal, err := clv.CompareCalibration(fit.Model, summaries, 7)
//	hold, err := clv.Compare(fit.Model, summaries, 7)
//
// # Use in the rest of the module
//
// The predictions feed the module's other decisions. [ProbabilityActiveSource]
// and [LifetimeValueSource] make a [tiering.Source], so that a scorecard
// can weigh whether an account is still buying or what it is worth; an
// account without a summary has no value, and its measure follows the
// measure's Missing policy. [AtRiskList] lists the valuable accounts that
// are probably slipping away, most valuable first, each with its reason
// ("P(active) 0.12 < 0.30; 412 days since the last purchase; value NZD
// 52,000.00"), for the next account review.
//
//	active, err := clv.ProbabilityActiveSource(fit.Model, summaries)
//	card := tiering.Scorecard{Name: "health", Measures: []tiering.Measure{
//		{Name: "active", Weight: 30, Source: active, Missing: tiering.MissingDrop},
//		// ...
//	}}
//	atRisk, err := clv.AtRiskList(fit.Model, summaries, lastYear, clv.AtRiskOptions{
//		Threshold: decimal.RequireFromString("0.3"), MinValue: account.MustParseMoney("NZD 10000"),
//	})
//
// [SimulateBGNBD] and [SimulateParetoNBD] draw summaries from known
// parameters; [SimulateBGNBDTransactions] and
// [SimulateParetoNBDTransactions] draw the transactions themselves, with
// amounts from a Gamma-Gamma spend model, for tests, Examples and sample
// data that go through [BuildSummaries]. Summaries count distinct periods
// while the models are in continuous time, so choose a period in which an
// account rarely buys twice: days rather than weeks for CDNOW-like rates.
//
// # Money
//
// Spend and lifetime values are [account.Money]. The fits and predictions
// compute in float64; a reported amount is rounded once, at the end, to the
// currency's minor unit with halves to even ([LifetimeValue],
// [GammaGamma.ExpectedMeanValue]).
package clv
