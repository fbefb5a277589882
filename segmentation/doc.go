// Package segmentation cuts a portfolio of accounts into actionable
// segments by the recency, frequency and monetary value (RFM) of their
// transactions, and measures how concentrated the money is: Pareto curves,
// ABC classes, Lorenz curve, Gini coefficient, Herfindahl–Hirschman index.
// For internal customers the money is usually cost rather than revenue:
// [Options.Kind] chooses.
//
//	agg, err := segmentation.Aggregate(store.Transactions(ctx, account.TransactionFilter{}),
//		segmentation.Options{AsOf: asOf, Kind: account.TransactionRevenue})
//	table, err := segmentation.Score(agg, segmentation.Scoring{Segments: segmentation.ElevenSegments()})
//	for _, s := range table.Summary() {
//		fmt.Println(s.Segment, s.Accounts, s.Monetary)
//	}
//	pareto, err := table.Pareto()
//	n80, _ := pareto.CountFor(decimal.RequireFromString("0.8")) // accounts holding 80%
//
// # Aggregation
//
// An [Aggregator] turns transactions into per-account metrics in one pass:
// the first and last transaction, recency (whole days from the last
// transaction's date to the analysis date, in [Options.Location]),
// frequency (transactions, or distinct days, weeks, months, quarters or
// years: [Options.Frequency]) and monetary value (the exact net sum, or the
// mean per transaction: [Options.Monetary]). Refunds (negative amounts) are
// netted; an account whose net is negative stays in the table, scores
// lowest, and is listed by [Table.Negative]. Amounts of one account in two
// currencies are an error ([CurrencyError]), and so are revenue and cost
// in one aggregation when [Options.Kind] does not choose between them
// ([ErrMixedKinds]): money of the two kinds is never netted.
//
// The analysis instant [Options.AsOf] decides what counts: a transaction
// after it is left out and counted in [Excluded] (or, with
// [Options.RejectFuture], is an error wrapping [ErrFuture]); it is never
// silently counted. [Options.Since] starts an optional look-back window.
//
// Every transaction given is counted: on every way in, the aggregation
// trusts its input to hold each transaction once. It does not compare
// transaction IDs (a [Ledger] has none, and a set of every ID of a slice
// would cost as much as the aggregation itself or more: at 10 million
// transactions, a map of their IDs takes several times as long as
// [AggregateSlice], a set of their hashes most of that time), so a
// transaction given twice, even with the same ID, counts twice. A store's
// Transactions are distinct, since a store refuses a second transaction of
// an ID ([account.ErrConflict]); a caller with a slice of unknown origin
// removes repeats first.
//
// # Which way in
//
// There is one way in for each form the input takes:
//
//   - a stream, such as a store's Transactions (an iter.Seq2 of
//     transactions and errors): [Aggregate];
//   - a slice of transactions already in memory: [AggregateSlice], which
//     splits a large slice over GOMAXPROCS goroutines;
//   - millions of rows from a loader or a file: fill a [Ledger] (the
//     compact columnar form) and add it to an Aggregator with
//     [Aggregator.AddLedger], a batch at a time if need be;
//   - aggregates built piece by piece, in parallel, or elsewhere: an
//     [Aggregator] from [NewAggregator], fed by [Aggregator.Add],
//     [Aggregator.AddLedger], [Aggregator.AddPartial] and
//     [Aggregator.Merge].
//
// Each gives an Aggregator, which [Score] turns into a [Table]. Memory grows
// with the number of accounts, not of transactions; when F counts distinct
// days or periods, also with the number of distinct (account, day or
// period) pairs, each of which is remembered (with distinct days, up to one
// per transaction). An account takes about 60 bytes and its ID's length in
// an Aggregator (a 32-byte entry; the ID, once, in one arena, and its
// 8-byte offset; 21 to 43 bytes of hash table, which is kept at most three
// quarters full), and growing arrays may hold up to as much again in
// reserve; a [Table] adds some 50 bytes an account and shares the IDs.
//
// # Merging and parallelism
//
// Aggregates merge exactly: aggregating A ∪ B gives what [Aggregator.Merge]
// of the aggregates of A and B gives, for any split of the input and in any
// order. A caller can aggregate partitions in parallel or in another system
// and score once: a store can push the aggregation down (a GROUP BY) and
// hand over one [Partial] per account ([Aggregator.AddPartial]), and
// [Aggregator.Partials] exports an aggregate in the same form. When the
// Options count distinct days or periods, a Partial carries them as Dates,
// which merging needs (counts of distinct periods do not add), and their
// number as [Partial.Periods], for a reader that only counts them;
// AddPartial refuses a Partial whose two disagree.
// [AggregateSlice] and [Aggregator.AddLedger] split a large input over
// GOMAXPROCS goroutines; their result is identical to the sequential one.
//
// # From a store: the Service
//
// A [Service] does the loading, the aggregation and the scoring in one
// call, over any store that lists transactions ([TransactionReader]: every
// store of the module):
//
//	svc := segmentation.NewService(store)
//	table, err := svc.RFM(ctx, segmentation.Options{AsOf: asOf, Kind: account.TransactionRevenue},
//		segmentation.Scoring{Segments: segmentation.ElevenSegments()})
//	pareto, err := svc.Pareto(ctx, segmentation.Options{AsOf: asOf})
//
// If the store also implements [PartialStore], as a SQL store does, the
// aggregation is pushed down: the store runs it as a GROUP BY and hands
// over one [Partial] per account, so RFM over a hundred million stored
// transactions moves one row per account out of the database. The
// contract of PartialStore makes the result the same as reading every
// transaction (money equal as numbers; [Table.Excluded] is not counted);
// a store that cannot push down some Options (a time zone its database
// does not know) says so with [errors.ErrUnsupported], and the Service
// reads the transactions instead. store/storetest's RunPartials checks a
// store against that contract.
//
// # Exact money, fast
//
// Money is [account.Money] at the API. Inside, each amount is an int64
// count of its currency's minor unit (cents), summed with an overflow
// check. An amount with more decimals than the minor unit, or one too large,
// and any sum that would overflow, move that account to an exact
// [decimal.Decimal] sum instead: exact either way, and the slow path is
// taken only by the accounts that need it.
//
// A []account.Transaction holds each amount as a heap-allocated decimal, so
// reading millions of them is slow whatever the analysis does. The [Ledger]
// is the compact form for large inputs: columns of 4-byte dictionary codes
// for account IDs, int64 instants and int64 minor units, 20 bytes a row. It
// is filled from account.Transaction values ([Ledger.Append]) or, by a
// loader that holds amounts in minor units, row by row
// ([Ledger.AppendUnits], at the ledger's [Ledger.Scale]), and can be reused
// as a batch buffer for streaming (see the examples/rfm command, which
// parses a CSV file into ledgers).
//
// # Scores
//
// [Score] gives each account a score 1..K (default 5) per dimension, higher
// being better (for recency: more recent). [Bins] chooses the binning:
//
//   - [BinningOrdinal] orders the accounts by ascending goodness, ties broken by
//     account ID ascending (byte-wise), so the order is total; the account
//     at 0-based position i of n scores floor(i·k/n)+1. Bin sizes differ by
//     at most one. This is not R's or dplyr's ntile(), nor SQL's NTILE():
//     those put the n mod k larger bins first (with n = 7, k = 5 they give
//     sizes 2,2,1,1,1; Ordinal gives 2,1,2,1,1, spread over the range). For
//     n divisible by k all agree. Equal values may get different scores;
//     that is reported as a [WarningSplitTie] warning.
//   - [BinningGrouped] gives equal values equal scores: a group of equal values
//     takes the Ordinal score of its first position (min rank). Bins may be
//     uneven or empty, and that is reported ([WarningUneven], [WarningEmptyBin]).
//   - [BinningFixed] uses caller-given cut points, with explicitly closed ends
//     ([Bins.UpperClosed]).
//
// Each [Dimension] of the result reports the edges used, the count and the
// value range of each bin, and warnings when bins collapse.
//
// # Segments
//
// A [RuleTable] maps score cells (R, F, M) to named segments; the first
// matching rule wins. [RuleTable.Validate] walks all K³ cells and reports
// unmatched cells, rules shadowed by earlier ones and overlapping rules,
// naming the first offending cell; a table that passes covers every cell
// exactly once. Two presets are built in: [ElevenSegments], the widely used
// 11-segment map, and [RFGrid], the R×F grid variant; their rules and
// sources are documented on them. [Table.Summary] reports per segment the
// accounts and their share, the monetary total and its share, and the
// median recency and frequency.
//
// # Concentration
//
// A [Pareto] takes non-negative values per account: a scored table's
// monetary values with [Table.Pareto], which reuses the order [Score]
// computed; any other values per account, such as the totals of
// [account.RollUp] or, per ultimate parent, of [ByUltimateParent], with
// [NewPareto]. It
// orders them by value descending, ties by ID, and gives the share curve,
// the smallest number of accounts reaching a fraction of the total (decided
// exactly), the share of the top N or top fraction, ABC classes, the Lorenz
// curve, the Gini coefficient, the HHI (0–1 and 0–10,000) and the effective
// number of accounts. Ratios are computed exactly and rounded once to
// float64; the fractions asked about (0.8 for "80% of the total") are exact
// decimals. Empty input, an all-zero total, a single account and ties at a
// cut-off have defined results (see [Pareto]); a negative value is an error
// naming the account.
//
// # Errors
//
// Input the package cannot use is an error wrapping [ErrInvalid]; the
// specific sentinels [ErrFuture], [ErrNegative], [ErrMixedKinds] and
// [ErrOptionsDiffer] wrap it too. A bad field is an [*account.FieldError]
// naming the record ("Options", "Scoring", "RuleTable", "Ledger",
// "Partial", "Transaction" by its ID, or "Account" by its ID for a
// transaction without one), the field, the value and the reason. Two
// errors carry more than one field can: a [*RuleError] names the cells and
// rules of a rule-table problem, and a [*CurrencyError] names two accounts
// or two currencies (it also wraps [account.ErrCurrencyMismatch]). Values
// are quoted to 64 bytes, and [RuleTable.Validate] reports at most 100
// problems and counts the rest, so an error stays short whatever the
// input.
//
// # Determinism
//
// Results never depend on the order of the input, on map iteration, on the
// number of goroutines or on the clock: time is always a parameter
// ([Options.AsOf]).
package segmentation
