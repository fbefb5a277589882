package segmentation_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// Score a handful of accounts as of 1 July 2025: recency, frequency and
// monetary value, scores 1..3 and a segment each.
func ExampleScore() {
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 10, 0, 0, 0, time.UTC) }
	txs := []account.Transaction{
		{ID: "t1", Account: "acme", At: day(6, 28), Amount: account.MustParseMoney("NZD 1200.00"), Kind: account.TransactionRevenue},
		{ID: "t2", Account: "acme", At: day(5, 2), Amount: account.MustParseMoney("NZD 800.00"), Kind: account.TransactionRevenue},
		{ID: "t3", Account: "acme", At: day(6, 30), Amount: account.MustParseMoney("NZD -150.00"), Kind: account.TransactionRevenue}, // a refund
		{ID: "t4", Account: "globex", At: day(1, 15), Amount: account.MustParseMoney("NZD 5000.00"), Kind: account.TransactionRevenue},
		{ID: "t5", Account: "initech", At: day(6, 1), Amount: account.MustParseMoney("NZD 90.00"), Kind: account.TransactionRevenue},
		{ID: "t6", Account: "initech", At: day(6, 20), Amount: account.MustParseMoney("NZD 60.00"), Kind: account.TransactionRevenue},
		{ID: "t7", Account: "umbrella", At: day(7, 2), Amount: account.MustParseMoney("NZD 999.00"), Kind: account.TransactionRevenue}, // after AsOf
	}
	agg, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		fmt.Println(err)
		return
	}
	rules := segmentation.RuleTable{K: 3, Rules: []segmentation.Rule{
		{Segment: "active", R: segmentation.Between(2, 3)},
		{Segment: "lapsed", R: segmentation.Just(1)},
	}}
	table, err := segmentation.Score(agg, segmentation.Scoring{K: 3, Segments: rules})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range table.All() {
		fmt.Printf("%-8s R=%-3d F=%d M=%-12v scores %d%d%d %s\n", r.Account, r.Recency, r.Frequency, r.Monetary, r.R, r.F, r.M, r.Segment)
	}
	fmt.Println("left out:", table.Excluded().Future)
	// Output:
	// acme     R=1   F=3 M=NZD 1,850.00 scores 332 active
	// globex   R=167 F=1 M=NZD 5,000.00 scores 113 lapsed
	// initech  R=11  F=2 M=NZD 150.00   scores 221 active
	// left out: 1
}

// Monetary hands each account's M to another analysis, such as the values
// a tiering run ranks by.
func ExampleTable_Monetary() {
	at := time.Date(2025, 6, 1, 10, 0, 0, 0, time.UTC)
	txs := []account.Transaction{
		{ID: "t1", Account: "acme", At: at, Amount: account.MustParseMoney("NZD 1200.00"), Kind: account.TransactionRevenue},
		{ID: "t2", Account: "acme", At: at, Amount: account.MustParseMoney("NZD -150.00"), Kind: account.TransactionRevenue},
		{ID: "t3", Account: "globex", At: at, Amount: account.MustParseMoney("NZD 5000.00"), Kind: account.TransactionRevenue},
	}
	agg, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: at.AddDate(0, 1, 0)})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, err := segmentation.Score(agg, segmentation.Scoring{})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := table.Monetary()
	fmt.Println(len(m), m["acme"], m["globex"])
	// Output:
	// 2 NZD 1,050.00 NZD 5,000.00
}

// A preset rule table names the segment of each score cell.
func ExampleRuleTable_Segment() {
	eleven := segmentation.ElevenSegments()
	for _, c := range []segmentation.Cell{{R: 5, F: 5, M: 4}, {R: 5, F: 1, M: 1}, {R: 1, F: 5, M: 4}, {R: 1, F: 1, M: 1}} {
		s, _ := eleven.Segment(c.R, c.F, c.M)
		fmt.Printf("%v: %s\n", c, s)
	}
	// Output:
	// R5 F5 M4: Champions
	// R5 F1 M1: New Customers
	// R1 F5 M4: Can't Lose Them
	// R1 F1 M1: Lost
}

// Validate walks every cell and names the first one at fault.
func ExampleRuleTable_Validate() {
	draft := segmentation.RuleTable{K: 3, Rules: []segmentation.Rule{
		{Segment: "best", R: segmentation.Just(3), F: segmentation.Between(2, 3)},
		{Segment: "recent", R: segmentation.Between(2, 3)},
		{Segment: "old", R: segmentation.Just(1), M: segmentation.Between(2, 3)},
	}}
	fmt.Println(draft.Validate())
	// Output:
	// segmentation: rule table: no rule matches R1 F1 M1 (3 cells unmatched)
	// segmentation: rule 1 ("recent"): overlap with rule 0 at R3 F2 M1 (6 cells)
}

func values(pairs ...string) map[account.ID]account.Money {
	vs := make(map[account.ID]account.Money)
	for i := 0; i < len(pairs); i += 2 {
		vs[account.ID(pairs[i])] = account.MustParseMoney(pairs[i+1])
	}
	return vs
}

// How concentrated is revenue? The smallest number of accounts holding 80%,
// and what the top 20% hold.
func ExampleNewPareto() {
	p, err := segmentation.NewPareto(values(
		"acme", "EUR 500000", "globex", "EUR 300000", "initech", "EUR 90000", "hooli", "EUR 50000",
		"umbrella", "EUR 30000", "stark", "EUR 20000", "wayne", "EUR 6000", "wonka", "EUR 4000"))
	if err != nil {
		fmt.Println(err)
		return
	}
	n, _ := p.CountFor(decimal.RequireFromString("0.8"))
	top, _ := p.TopFraction(decimal.RequireFromString("0.2"))
	fmt.Println("total:", p.Total())
	fmt.Println("accounts holding 80%:", n)
	fmt.Printf("top 20%%: %d accounts, %v, %.1f%%\n", top.Accounts, top.Total, 100*top.Share)
	for _, s := range p.Shares()[:3] {
		fmt.Printf("%-8s %5.1f%% cumulative %5.1f%%\n", s.Account, 100*s.Share, 100*s.Cumulative)
	}
	// Output:
	// total: EUR 1,000,000.00
	// accounts holding 80%: 2
	// top 20%: 1 accounts, EUR 500,000.00, 50.0%
	// acme      50.0% cumulative  50.0%
	// globex    30.0% cumulative  80.0%
	// initech    9.0% cumulative  89.0%
}

// ABC classes with the default 80/15/5 cut-offs: globex brings the
// cumulative share to exactly 80% and is an A; umbrella crosses 95% (from 94%
// to 97%) and is a B.
func ExamplePareto_ABC() {
	p, _ := segmentation.NewPareto(values(
		"acme", "EUR 500000", "globex", "EUR 300000", "initech", "EUR 90000", "hooli", "EUR 50000",
		"umbrella", "EUR 30000", "stark", "EUR 20000", "wayne", "EUR 6000", "wonka", "EUR 4000"))
	abc, _ := p.ABC(segmentation.ABCCuts{})
	var line []string
	for _, c := range abc.Classes {
		line = append(line, fmt.Sprintf("%s:%v", c.Account, c.Class))
	}
	fmt.Println(strings.Join(line, " "))
	fmt.Println("A, B, C accounts:", abc.Accounts)
	// Output:
	// acme:A globex:A initech:B hooli:B umbrella:B stark:C wayne:C wonka:C
	// A, B, C accounts: [2 3 3]
}

// The Gini coefficient, HHI and effective number of accounts.
func ExamplePareto_Gini() {
	even, _ := segmentation.NewPareto(values("a", "USD 100", "b", "USD 100", "c", "USD 100", "d", "USD 100"))
	skewed, _ := segmentation.NewPareto(values("a", "USD 970", "b", "USD 10", "c", "USD 10", "d", "USD 10"))
	for _, p := range []*segmentation.Pareto{even, skewed} {
		fmt.Printf("Gini %.4f  HHI %.4f (%.0f points)  effective accounts %.2f\n", p.Gini(), p.HHI(), p.HHIPoints(), p.EffectiveNumber())
	}
	// Output:
	// Gini 0.0000  HHI 0.2500 (2500 points)  effective accounts 4.00
	// Gini 0.7200  HHI 0.9412 (9412 points)  effective accounts 1.06
}

// Aggregate shards separately, merge, and score once: the result is that
// of aggregating everything together.
func ExampleAggregator_Merge() {
	opts := segmentation.Options{AsOf: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)}
	at := time.Date(2024, 12, 1, 0, 0, 0, 0, time.UTC)
	east, _ := segmentation.NewAggregator(opts)
	west, _ := segmentation.NewAggregator(opts)
	_ = east.Add(account.Transaction{ID: "e1", Account: "acme", At: at, Amount: account.MustParseMoney("USD 10.00"), Kind: account.TransactionCost})
	_ = west.Add(account.Transaction{ID: "w1", Account: "acme", At: at.AddDate(0, 0, 7), Amount: account.MustParseMoney("USD 2.50"), Kind: account.TransactionCost})
	_ = west.Add(account.Transaction{ID: "w2", Account: "zeta", At: at, Amount: account.MustParseMoney("USD 4.00"), Kind: account.TransactionCost})
	if err := east.Merge(west); err != nil {
		fmt.Println(err)
		return
	}
	table, _ := segmentation.Score(east, segmentation.Scoring{})
	for _, r := range table.All() {
		fmt.Println(r.Account, r.Recency, r.Frequency, r.Monetary)
	}
	// Output:
	// acme 24 2 USD 12.50
	// zeta 31 1 USD 4.00
}

// A Ledger holds millions of transactions compactly: IDs coded once,
// amounts in minor units.
func ExampleLedger() {
	l, _ := segmentation.NewLedger("JPY", account.TransactionRevenue)
	at := time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)
	_ = l.AppendUnits("tokyo-1", at, 12000) // JPY has no minor unit: ¥12,000
	_ = l.AppendUnits("osaka-2", at.AddDate(0, 0, 3), 5000)
	_ = l.AppendUnits("tokyo-1", at.AddDate(0, 0, 9), 3000)
	agg, _ := segmentation.NewAggregator(segmentation.Options{})
	_ = agg.AddLedger(l)
	table, _ := segmentation.Score(agg, segmentation.Scoring{})
	fmt.Println(l.Len(), "rows,", l.Accounts(), "accounts, as of", table.AsOf().Format("2006-01-02"))
	for _, r := range table.All() {
		fmt.Println(r.Account, r.Recency, r.Frequency, r.Monetary)
	}
	// Output:
	// 3 rows, 2 accounts, as of 2025-05-11
	// osaka-2 7 1 JPY 5,000
	// tokyo-1 1 2 JPY 15,000
}

// A store can push the aggregation down (SELECT account, min(at), max(at),
// count(*), sum(amount) ... GROUP BY account) and hand over the rows as
// partial aggregates; transactions aggregated here merge with them.
func ExampleAggregator_AddPartial() {
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	agg, _ := segmentation.NewAggregator(segmentation.Options{AsOf: asOf})
	for _, row := range []segmentation.Partial{
		{Account: "acme", First: time.Date(2024, 2, 1, 9, 0, 0, 0, time.UTC), Last: time.Date(2024, 11, 20, 9, 0, 0, 0, time.UTC), Transactions: 14, Total: account.MustParseMoney("USD 48200.00")},
		{Account: "globex", First: time.Date(2024, 6, 5, 9, 0, 0, 0, time.UTC), Last: time.Date(2024, 6, 5, 9, 0, 0, 0, time.UTC), Transactions: 1, Total: account.MustParseMoney("USD 900.00")},
	} {
		if err := agg.AddPartial(row); err != nil {
			fmt.Println(err)
			return
		}
	}
	_ = agg.Add(account.Transaction{ID: "late", Account: "globex", At: time.Date(2024, 12, 30, 9, 0, 0, 0, time.UTC), Amount: account.MustParseMoney("USD 150.00"), Kind: account.TransactionRevenue})
	table, _ := segmentation.Score(agg, segmentation.Scoring{K: 2})
	for _, r := range table.All() {
		fmt.Println(r.Account, r.Recency, r.Frequency, r.Monetary, r.R, r.F, r.M)
	}
	// Output:
	// acme 42 14 USD 48,200.00 1 2 2
	// globex 2 2 USD 1,050.00 2 1 1
}

// Aggregate reads a store's iter.Seq2 (here a small in-memory stand-in):
// cost transactions of internal customers, as of the end of June.
func ExampleAggregate() {
	at := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 12, 0, 0, 0, time.UTC) }
	ledger := []account.Transaction{
		{ID: "1", Account: "finance", At: at(6, 2), Amount: account.MustParseMoney("AUD 1200.00"), Kind: account.TransactionCost},
		{ID: "2", Account: "finance", At: at(6, 20), Amount: account.MustParseMoney("AUD 300.00"), Kind: account.TransactionCost},
		{ID: "3", Account: "hr", At: at(3, 11), Amount: account.MustParseMoney("AUD 450.00"), Kind: account.TransactionCost},
		{ID: "4", Account: "hr", At: at(5, 11), Amount: account.MustParseMoney("AUD 99.00"), Kind: account.TransactionRevenue}, // not a cost
	}
	transactions := func(yield func(account.Transaction, error) bool) {
		for _, tx := range ledger {
			if !yield(tx, nil) {
				return
			}
		}
	}
	agg, err := segmentation.Aggregate(transactions, segmentation.Options{
		AsOf: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC),
		Kind: account.TransactionCost,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, _ := segmentation.Score(agg, segmentation.Scoring{K: 2})
	for _, r := range table.All() {
		fmt.Printf("%s: last %s, recency %d, %d transactions, %v\n", r.Account, r.Last.Format("2006-01-02"), r.Recency, r.Frequency, r.Monetary)
	}
	fmt.Println("other kind left out:", agg.Excluded().OtherKind)
	// Output:
	// finance: last 2025-06-20, recency 11, 2 transactions, AUD 1,500.00
	// hr: last 2025-03-11, recency 112, 1 transactions, AUD 450.00
	// other kind left out: 1
}

// The summary per segment of the R×F grid: ten accounts with recencies
// 10, 20, ..., 100 days and 1 to 5 transactions of USD 100 each.
func ExampleTable_Summary() {
	asOf := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	var txs []account.Transaction
	add := func(id string, daysAgo int, amount string) {
		txs = append(txs, account.Transaction{ID: account.TransactionID(fmt.Sprint(len(txs))), Account: account.ID(id),
			At: asOf.AddDate(0, 0, -daysAgo), Amount: account.MustParseMoney("USD " + amount), Kind: account.TransactionRevenue})
	}
	for i, id := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		for n := 0; n <= i%5; n++ { // 1 to 5 transactions
			add(id, 10*(i+1)+n, "100")
		}
	}
	agg, _ := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: asOf})
	table, _ := segmentation.Score(agg, segmentation.Scoring{Segments: segmentation.RFGrid()})
	for _, s := range table.Summary() {
		if s.Accounts > 0 {
			fmt.Printf("%-18s %d accounts (%.0f%%), %v (%.0f%%), median recency %v, frequency %v\n",
				s.Segment, s.Accounts, 100*s.AccountShare, s.Monetary, 100*s.MonetaryShare, s.MedianRecency, s.MedianFrequency)
		}
	}
	// Output:
	// Hibernating        1 accounts (10%), USD 200.00 (7%), median recency 70, frequency 2
	// At Risk            2 accounts (20%), USD 700.00 (23%), median recency 85, frequency 3.5
	// Can't Lose Them    1 accounts (10%), USD 500.00 (17%), median recency 100, frequency 5
	// About To Sleep     1 accounts (10%), USD 100.00 (3%), median recency 60, frequency 1
	// Loyal Customers    2 accounts (20%), USD 900.00 (30%), median recency 45, frequency 4.5
	// New Customers      1 accounts (10%), USD 100.00 (3%), median recency 10, frequency 1
	// Potential Loyalist 2 accounts (20%), USD 500.00 (17%), median recency 25, frequency 2.5
}
