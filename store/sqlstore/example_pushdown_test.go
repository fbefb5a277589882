package sqlstore_test

import (
	"context"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/sqlstore"
)

// openExample opens a store in a new SQLite file; remove cleans up.
func openExample() (s *sqlstore.Store, remove func()) {
	dir, err := os.MkdirTemp("", "sqlstore-example")
	if err != nil {
		log.Fatal(err)
	}
	s, err = sqlstore.Open(context.Background(), "sqlite:"+filepath.Join(dir, "ka.db"))
	if err != nil {
		log.Fatal(err)
	}
	return s, func() { s.Close(); os.RemoveAll(dir) }
}

// A bulk load reads a sequence (a file, another database, a generator)
// and stores it all or none, without holding it in memory.
func ExampleStore_LoadTransactions() {
	s, remove := openExample()
	defer remove()
	day := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	ledger := func(yield func(account.Transaction, error) bool) {
		for i := range 1000 {
			tx := account.Transaction{
				ID:      account.TransactionID(fmt.Sprintf("inv-%04d", i)),
				Account: account.ID(fmt.Sprintf("acct-%d", i%3)),
				At:      day.Add(time.Duration(i) * time.Hour),
				Amount:  account.MustParseMoney(fmt.Sprintf("EUR %d.25", i%40)),
				Kind:    account.TransactionRevenue,
			}
			if !yield(tx, nil) {
				return
			}
		}
	}
	n, err := s.LoadTransactions(context.Background(), ledger)
	fmt.Println(n, err)

	// Loading it again: nothing more is stored, and the error names the
	// first ID that is taken.
	n, err = s.LoadTransactions(context.Background(), ledger)
	fmt.Println(n, err)
	// Output:
	// 1000 <nil>
	// 0 sqlstore: Transaction "inv-0000": the ID is taken or repeated: account: conflict
}

// Partials aggregates in the database: one row per account leaves it. A
// segmentation.Service over the Store uses it by itself.
func ExampleStore_Partials() {
	s, remove := openExample()
	defer remove()
	ctx := context.Background()
	at := func(d int) time.Time { return time.Date(2026, 3, d, 12, 0, 0, 0, time.UTC) }
	err := s.AddTransactions(ctx,
		account.Transaction{ID: "t1", Account: "acme", At: at(2), Amount: account.MustParseMoney("EUR 120.005"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t2", Account: "acme", At: at(2), Amount: account.MustParseMoney("EUR 80"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t3", Account: "acme", At: at(9), Amount: account.MustParseMoney("EUR -20.005"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "t4", Account: "globex", At: at(4), Amount: account.MustParseMoney("EUR 55.10"), Kind: account.TransactionRevenue},
	)
	if err != nil {
		log.Fatal(err)
	}
	o := segmentation.Options{AsOf: at(10), Frequency: segmentation.FrequencyDistinctDays}
	for p, err := range s.Partials(ctx, o) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%s: %d transactions on %d days, %s to %s, total %s\n", p.Account, p.Transactions, len(p.Dates),
			p.First.Format(time.DateOnly), p.Last.Format(time.DateOnly), p.Total)
	}

	table, err := segmentation.NewService(s).RFM(ctx, o, segmentation.Scoring{K: 2})
	if err != nil {
		log.Fatal(err)
	}
	for _, r := range table.All() {
		fmt.Printf("%s R=%d F=%d M=%d\n", r.Account, r.R, r.F, r.M)
	}
	// Output:
	// acme: 3 transactions on 2 days, 2026-03-02 to 2026-03-09, total EUR 180.000
	// globex: 1 transactions on 1 days, 2026-03-04 to 2026-03-04, total EUR 55.10
	// acme R=2 F=2 M=2
	// globex R=1 F=1 M=1
}
