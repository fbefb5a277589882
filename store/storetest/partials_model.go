package storetest

import (
	"context"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The random data of the Equivalence check.
var (
	modelAccounts   = []account.ID{"A", "B", "Z", "a", "a1", "b/2", "Ä", "ß-3"}
	modelCurrencies = []account.Currency{"EUR", "JPY", "KWD", "XXX", "USD"}
)

// runPartialsModel stores random transactions in s and checks Partials
// against the in-memory path for several random Options.
func runPartialsModel(t *rapid.T, ctx context.Context, s PushDownStore) {
	locs := partialLocations(t)
	genLoc := rapid.SampledFrom(locs)
	txs := modelTransactions(t, genLoc)
	if len(txs) > 0 {
		// In two batches: a store may treat each batch on its own.
		half := rapid.IntRange(0, len(txs)).Draw(t, "batch split")
		for _, b := range [][]account.Transaction{txs[:half], txs[half:]} {
			if len(b) > 0 {
				wantNoErr(t, "AddTransactions", s.AddTransactions(ctx, b...))
			}
		}
	}
	for i := range rapid.IntRange(1, 4).Draw(t, "options") {
		o := segmentation.Options{
			Kind:         rapid.SampledFrom([]account.TransactionKind{0, revenue, cost}).Draw(t, fmt.Sprint("kind ", i)),
			Location:     genLoc.Draw(t, fmt.Sprint("location ", i)),
			Frequency:    segmentation.FrequencyBasis(rapid.IntRange(0, int(segmentation.FrequencyDistinctYears)).Draw(t, fmt.Sprint("frequency ", i))),
			Monetary:     segmentation.MonetaryBasis(rapid.IntRange(0, int(segmentation.MonetaryMean)).Draw(t, fmt.Sprint("monetary ", i))),
			RejectFuture: rapid.Bool().Draw(t, fmt.Sprint("reject future ", i)),
			Since:        modelEdge(t, txs, fmt.Sprint("since ", i)),
			AsOf:         modelEdge(t, txs, fmt.Sprint("as of ", i)),
		}
		if !o.Since.IsZero() && !o.AsOf.IsZero() && o.Since.After(o.AsOf) && rapid.Bool().Draw(t, fmt.Sprint("swap ", i)) {
			o.Since, o.AsOf = o.AsOf, o.Since // mostly a valid window; sometimes not
		}
		k := rapid.IntRange(1, 6).Draw(t, fmt.Sprint("k ", i))
		sc := segmentation.Scoring{K: k}
		if rapid.Bool().Draw(t, fmt.Sprint("grouped ", i)) {
			sc.Recency.Binning, sc.Frequency.Binning, sc.Monetary.Binning = segmentation.BinningGrouped, segmentation.BinningGrouped, segmentation.BinningGrouped
		}
		if k == 5 {
			sc.Segments = segmentation.ElevenSegments()
		}
		checkPushDown(t, ctx, s, o, sc)
	}
}

// modelTransactions draws a portfolio: accounts with one to six
// transactions each, mostly in one currency for all (so that scoring
// succeeds), sometimes one currency per account and sometimes an account
// with two; revenue, cost or both; amounts of every form.
func modelTransactions(t *rapid.T, genLoc *rapid.Generator[*time.Location]) []account.Transaction {
	accts := rapid.SliceOfNDistinct(rapid.SampledFrom(modelAccounts), 2, len(modelAccounts), rapid.ID).Draw(t, "accounts")
	curMode := rapid.SampledFrom([]int{0, 0, 0, 1, 2}).Draw(t, "currency mode") // 0 one for all, 1 one per account, 2 and a second in one account
	kindMode := rapid.SampledFrom([]int{0, 0, 1, 2}).Draw(t, "kind mode")       // 0 revenue, 1 cost, 2 both
	genCur := rapid.SampledFrom(modelCurrencies)
	portfolio := genCur.Draw(t, "currency")
	var txs []account.Transaction
	for i, acct := range accts {
		cur := portfolio
		if curMode > 0 {
			cur = genCur.Draw(t, "account currency")
		}
		n := rapid.IntRange(1, 6).Draw(t, "transactions")
		for j := range n {
			c := cur
			if curMode == 2 && i == 0 && j > 0 && rapid.Bool().Draw(t, "second currency") {
				c = genCur.Draw(t, "other currency")
			}
			kind := revenue
			if kindMode == 1 || kindMode == 2 && rapid.Bool().Draw(t, "cost") {
				kind = cost
			}
			m, err := account.NewMoney(modelAmount(t), c)
			if err != nil {
				t.Fatalf("money: %v", err)
			}
			txs = append(txs, account.Transaction{ID: account.TransactionID(fmt.Sprintf("t%d-%d", i, j)), Account: acct,
				At: modelInstant(t, genLoc), Amount: m, Kind: kind})
		}
	}
	return txs
}

// modelAmount draws an amount: whole or fractional minor units, sub-cent,
// negative (refunds), with trailing zeros, or large enough that a sum of
// two overflows an int64 count of cents.
func modelAmount(t *rapid.T) decimal.Decimal {
	switch rapid.IntRange(0, 4).Draw(t, "amount form") {
	case 0: // cents
		return decimal.New(rapid.Int64Range(-100_000, 1_000_000).Draw(t, "cents"), -2)
	case 1: // sub-cent
		return decimal.New(rapid.Int64Range(-5_000, 50_000).Draw(t, "fraction"), -rapid.Int32Range(3, 8).Draw(t, "places"))
	case 2: // trailing zeros
		return decimal.New(rapid.Int64Range(-100, 1_000).Draw(t, "units")*10_000, -rapid.Int32Range(2, 6).Draw(t, "places"))
	case 3: // large
		return decimal.New(rapid.Int64Range(4e18, 9e18).Draw(t, "large"), -2)
	default: // whole
		return decimal.NewFromInt(rapid.Int64Range(-3, 30).Draw(t, "whole"))
	}
}

// modelInstant draws an instant to the microsecond in 2024 or 2025,
// clustered at the local midnights and DST changes of a time zone.
func modelInstant(t *rapid.T, genLoc *rapid.Generator[*time.Location]) time.Time {
	loc := genLoc.Draw(t, "zone of instant")
	if loc == nil {
		loc = time.UTC
	}
	day := rapid.IntRange(0, 730).Draw(t, "day")
	hour := rapid.SampledFrom([]int{0, 0, 1, 2, 3, 12, 23}).Draw(t, "hour")
	minute := rapid.SampledFrom([]int{0, 30, 59}).Draw(t, "minute")
	sec := rapid.SampledFrom([]int{0, 59}).Draw(t, "second")
	us := rapid.SampledFrom([]int{0, 1, 999_999}).Draw(t, "microsecond")
	return time.Date(2024, 1, 1+day, hour, minute, sec, us*1000, loc)
}

// modelEdge draws a window edge: none, a transaction's instant exactly, a
// nanosecond or a microsecond beside one, or any instant.
func modelEdge(t *rapid.T, txs []account.Transaction, label string) time.Time {
	mode := rapid.IntRange(-1, 3).Draw(t, label)
	if mode <= 0 {
		return time.Time{}
	}
	if mode == 3 || len(txs) == 0 {
		return time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rapid.Int64Range(-1, 800*24).Draw(t, label+" hours")) * time.Hour)
	}
	at := rapid.SampledFrom(txs).Draw(t, label+" transaction").At
	return at.Add(rapid.SampledFrom([]time.Duration{0, 0, -time.Nanosecond, time.Nanosecond, -time.Microsecond, time.Microsecond}).Draw(t, label+" offset"))
}
