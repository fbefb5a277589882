package segmentation_test

import (
	"context"
	"fmt"
	"iter"
	"log"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/shopspring/decimal"
)

// sampleStore returns a store holding the revenue of four accounts in the
// first half of 2025, and one refund.
func sampleStore() *memstore.Store {
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 10, 0, 0, 0, time.UTC) }
	store := memstore.New()
	err := store.AddTransactions(context.Background(),
		account.Transaction{ID: "t1", Account: "acme", At: day(6, 28), Amount: account.MustParseMoney("NZD 1200.00"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t2", Account: "acme", At: day(5, 2), Amount: account.MustParseMoney("NZD 800.00"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t3", Account: "acme", At: day(6, 30), Amount: account.MustParseMoney("NZD -150.00"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t4", Account: "globex", At: day(1, 15), Amount: account.MustParseMoney("NZD 5000.00"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t5", Account: "initech", At: day(6, 1), Amount: account.MustParseMoney("NZD 90.00"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t6", Account: "initech", At: day(6, 20), Amount: account.MustParseMoney("NZD 60.00"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t7", Account: "umbrella", At: day(3, 9), Amount: account.MustParseMoney("NZD 300.00"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t8", Account: "umbrella", At: day(7, 2), Amount: account.MustParseMoney("NZD 999.00"), Kind: account.TransactionRevenue},
	)
	if err != nil {
		log.Fatal(err)
	}
	return store
}

// A Service scores a store's accounts in one call: it reads the
// transactions, aggregates them and scores them.
func ExampleService_RFM() {
	svc := segmentation.NewService(sampleStore())
	table, err := svc.RFM(context.Background(),
		segmentation.Options{AsOf: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC), Kind: account.TransactionRevenue},
		segmentation.Scoring{K: 3})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range table.All() {
		fmt.Printf("%-8s R=%-3d F=%d M=%-12v scores %d%d%d\n", r.Account, r.Recency, r.Frequency, r.Monetary, r.R, r.F, r.M)
	}
	fmt.Println("after AsOf:", table.Excluded().Future)
	// Output:
	// acme     R=1   F=3 M=NZD 1,850.00 scores 332
	// globex   R=167 F=1 M=NZD 5,000.00 scores 113
	// initech  R=11  F=2 M=NZD 150.00   scores 221
	// umbrella R=114 F=1 M=NZD 300.00   scores 111
	// after AsOf: 1
}

// Pareto measures how concentrated the stored revenue is.
func ExampleService_Pareto() {
	svc := segmentation.NewService(sampleStore())
	p, err := svc.Pareto(context.Background(), segmentation.Options{AsOf: time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		log.Fatal(err)
	}
	n, _ := p.CountFor(decimal.RequireFromString("0.8"))
	top := p.Top(1)
	fmt.Printf("total %v; %d accounts hold 80%%; the top one holds %.1f%% (%v)\n", p.Total(), n, 100*top.Share, top.Total)
	// Output:
	// total NZD 7,300.00; 2 accounts hold 80%; the top one holds 68.5% (NZD 5,000.00)
}

// pushDownStore stands for a SQL store: it hands over one Partial per
// account, aggregated where the data is (here, in memory).
type pushDownStore struct{ *memstore.Store }

func (s pushDownStore) Partials(ctx context.Context, o segmentation.Options) iter.Seq2[segmentation.Partial, error] {
	return func(yield func(segmentation.Partial, error) bool) {
		a, err := segmentation.Aggregate(s.Transactions(ctx, account.TransactionFilter{}), o)
		if err != nil {
			yield(segmentation.Partial{}, err)
			return
		}
		fmt.Println("pushed down:", a.Len(), "accounts")
		for p := range a.Partials() {
			if !yield(p, nil) {
				return
			}
		}
	}
}

// A store that implements PartialStore aggregates where the data is; the
// Service then reads one Partial per account instead of every
// transaction, and the table is the same. Transactions left out are not
// counted by push-down.
func ExampleService_Aggregate() {
	asOf := time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)
	svc := segmentation.NewService(pushDownStore{sampleStore()})
	agg, err := svc.Aggregate(context.Background(), segmentation.Options{AsOf: asOf, Frequency: segmentation.FrequencyDistinctMonths})
	if err != nil {
		log.Fatal(err)
	}
	table, err := segmentation.Score(agg, segmentation.Scoring{K: 3})
	if err != nil {
		log.Fatal(err)
	}
	acme, _ := table.Lookup("acme")
	fmt.Println("acme: months", acme.Frequency, "transactions", acme.Transactions, "net", acme.Monetary)
	fmt.Println("after AsOf:", table.Excluded().Future)
	// Output:
	// pushed down: 4 accounts
	// acme: months 2 transactions 3 net NZD 1,850.00
	// after AsOf: 0
}
