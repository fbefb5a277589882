// Package aggrows lets package clv read the per-account aggregates of a
// segmentation.Aggregator as plain numbers: first and last instant, the
// count of distinct periods, and the net sums of all the transactions and
// of the first period, in integer units of the currency where they fit.
//
// segmentation.Aggregator.Partials is the public way to read an
// aggregation, for another Aggregator to merge: it must carry each
// account's distinct periods as dates and its sums as exact decimals,
// which costs more than the aggregation itself when a million accounts
// have ten periods each. A summary needs only the counts, so clv reads
// the rows through this package instead, which keeps that path out of
// segmentation's public API.
//
// Package segmentation registers the reader in its init function;
// importing segmentation is enough for [Of] to work.
package aggrows

import (
	"iter"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// A Row is one account's aggregate.
type Row struct {
	Account      string           // the account's ID
	First, Last  int64            // the first and last transaction's instants, Unix ns
	Transactions int64            // how many transactions, at least 1
	Periods      int64            // distinct days or periods, when the Options count them; else 0
	Currency     account.Currency // the currency of the sums
	Scale        int32            // Sum and FirstSum count units of 10^-Scale

	// Sum and FirstSum are the net sums of all the transactions and of
	// those of the first period (0 when periods are not counted), in
	// units, unless Exact.
	Sum, FirstSum int64
	// Exact says that a sum does not fit units: Total and FirstTotal
	// then hold both sums exactly (and Sum and FirstSum mean nothing).
	Exact             bool
	Total, FirstTotal decimal.Decimal
}

var of func(agg any) iter.Seq[Row]

// Register sets the reader of [Of]. Package segmentation calls it once, in
// its init function.
func Register(f func(agg any) iter.Seq[Row]) { of = f }

// Of returns the rows of agg, a *segmentation.Aggregator, one for each
// account with a counted transaction, in ascending ID order (byte-wise).
func Of(agg any) iter.Seq[Row] { return of(agg) }
