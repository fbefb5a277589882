package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// Benchmarks of the account store on each dialect. The PostgreSQL ones
// run against KEYACCOUNT_TEST_POSTGRES and skip without it.

func forEachDialectB(b *testing.B, f func(b *testing.B, d Dialect)) {
	for _, d := range dialects {
		b.Run(d.String(), func(b *testing.B) { f(b, d) })
	}
}

// batch returns n transactions of 100 accounts, IDs prefixed by p.
func batch(p string, n int) []account.Transaction {
	txs := make([]account.Transaction, n)
	for i := range txs {
		txs[i] = sampleTx(account.TransactionID(fmt.Sprintf("%s-%07d", p, i)), account.ID(fmt.Sprintf("acct-%03d", i%100)),
			t0.Add(time.Duration(i)*time.Minute), fmt.Sprintf("%d.%02d", i%5000, i%100))
	}
	return txs
}

// BenchmarkAddTransactions stores batches of 1,000 transactions, each in
// one database transaction.
func BenchmarkAddTransactions(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		txs := batch("t", 1000)
		round := 0
		for b.Loop() {
			b.StopTimer()
			round++
			for i := range txs {
				txs[i].ID = account.TransactionID(fmt.Sprintf("r%d-%04d", round, i))
			}
			b.StartTimer()
			if err := s.AddTransactions(b.Context(), txs...); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(txs)), "ns/tx")
	})
}

// BenchmarkTransactions streams 10,000 stored transactions.
func BenchmarkTransactions(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		const n = 10_000
		if err := s.AddTransactions(b.Context(), batch("t", n)...); err != nil {
			b.Fatal(err)
		}
		var last account.Transaction
		for b.Loop() {
			count := 0
			for t, err := range s.Transactions(b.Context(), account.TransactionFilter{}) {
				if err != nil {
					b.Fatal(err)
				}
				last = t
				count++
			}
			if count != n {
				b.Fatalf("read %d transactions, want %d", count, n)
			}
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
		_ = last
	})
}

// BenchmarkUpdateAccount reads an account and writes it back, the
// read-modify-write cycle of optimistic concurrency.
func BenchmarkUpdateAccount(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		a, err := s.CreateAccount(b.Context(), sampleAccount("acme"))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if a, err = s.Account(b.Context(), "acme"); err != nil {
				b.Fatal(err)
			}
			a.Tier = account.Tier(a.Version%3 + 1)
			if a, err = s.UpdateAccount(b.Context(), a); err != nil {
				b.Fatal(err)
			}
		}
	})
}
