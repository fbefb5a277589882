package segmentation

import (
	"context"
	"iter"
)

// A PartialStore aggregates stored transactions where they are stored: a
// SQL store runs the aggregation as a GROUP BY and hands over one [Partial]
// per account instead of every transaction, so that RFM over a hundred
// million rows moves one row per account out of the database. [Service]
// uses it when its store implements it, and falls back to reading the
// store's transactions when it does not or when Partials reports
// [errors.ErrUnsupported].
//
// The contract is an equivalence with the in-memory path. For every o that
// passes [Options.Validate], an [Aggregator] made by NewAggregator(o) and
// fed with [Aggregator.AddPartial] of every Partial the store yields (in
// the order yielded) holds the same aggregate as
//
//	Aggregate(store.Transactions(ctx, account.TransactionFilter{}), o)
//
// (same accounts, first and last instants, transaction counts, totals,
// distinct days or periods, and first periods' totals), and so [Score] and [Table.Pareto] give
// the same results, with two differences: money is equal as a number, not
// necessarily in its exponent (0.10 and 0.1), and [Aggregator.Excluded]
// stays zero, since push-down reports no counts of left-out transactions.
// When the in-memory path fails, Partials fails too, as said below.
// In detail:
//
//   - A transaction counts if its kind is o.Kind (any kind when o.Kind is
//     zero) and its instant At is in the window [o.Since, o.AsOf], both
//     ends included, a zero Since or AsOf leaving that end open. Instants
//     are compared exactly, as [time.Time.Compare] does: a store that
//     keeps microseconds compares its stored instants with bounds that
//     may carry nanoseconds (a transaction at 12:00:00.000001 is after an
//     AsOf of 12:00:00.0000005).
//   - Partials yields, for each account with at least one counted
//     transaction, one Partial in ascending order of account ID (byte-wise):
//     First and Last are the earliest and latest At of the account's counted
//     transactions, Transactions their number and Total their exact sum,
//     refunds (negative amounts) netted, with no rounding whatever the
//     number of decimal places. Instants may be in any location.
//   - An account whose counted transactions are in more than one currency
//     is yielded once per currency, in ascending order of currency code,
//     each Partial summarising that currency's transactions: AddPartial
//     then reports the [*CurrencyError] the in-memory path reports.
//   - Dates: when o.Frequency is [FrequencyTransactions], Dates is ignored
//     (leave it nil). Otherwise it holds at least one instant in each
//     distinct day or period of o.Frequency that holds a counted
//     transaction of the account, and none in any other period, in any
//     order and with repeats allowed; days and periods are those of the
//     instants' dates in o.Location (UTC when nil), ISO weeks starting on
//     Monday. The earliest counted instant of each day or period is always
//     right, whatever the time zone's daylight-saving rules.
//   - FirstTotal: when o.Frequency is [FrequencyTransactions] it is
//     ignored (leave it zero). Otherwise it is the exact net sum of the
//     account's counted transactions in the day or period (as for Dates)
//     of First, in Total's currency.
//   - If o.Kind is zero and the store holds transactions of both kinds
//     (counted or not, as the in-memory path sees every transaction),
//     Partials yields an error wrapping [ErrMixedKinds]. If o.RejectFuture
//     is set and o.AsOf is not zero, a transaction of the counted kind (any
//     kind when o.Kind is zero) after o.AsOf is an error wrapping
//     [ErrFuture]. When both hold, the error wraps either. Options that
//     fail Validate are an error wrapping [ErrInvalid].
//   - A store that cannot push down a particular o (a time zone its
//     database does not know, a frequency basis it cannot compute) yields
//     an error wrapping [errors.ErrUnsupported] as its first and only
//     pair, before any Partial, so that the caller can fall back to
//     aggregating its Transactions.
//
// Partials keeps the contract of every store's sequences (see
// [account.AccountReader]): a done context makes it yield (zero Partial,
// an error wrapping ctx.Err()) and stop; on failure it yields one (zero
// Partial, error) pair and stops, possibly after some Partials, which the
// caller then discards; breaking out early is allowed; transactions added
// while it runs may or may not be counted. The conformance check
// storetest.RunPartials tests a store against this contract on random
// data.
type PartialStore interface {
	// Partials yields one Partial per account that has at least one
	// transaction the Options count (one per currency if there are
	// several), in ascending account ID order, under the contract of
	// [PartialStore].
	Partials(ctx context.Context, o Options) iter.Seq2[Partial, error]
}
