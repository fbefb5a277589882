package memstore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// sink keeps benchmark results alive.
var sink int

var benchBase = time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)

// benchTransactions returns n transactions spread over the given number of
// accounts and over one year, in random order if shuffled and in time order
// if not.
func benchTransactions(n, accounts int, shuffled bool) []account.Transaction {
	rng := rand.New(rand.NewPCG(1, 2))
	amount := account.MustParseMoney("NZD 125.50")
	txs := make([]account.Transaction, n)
	step := 365 * 24 * time.Hour / time.Duration(n)
	for i := range txs {
		txs[i] = account.Transaction{
			ID:      account.TransactionID(fmt.Sprintf("t%08d", i)),
			Account: account.ID(fmt.Sprintf("a%05d", rng.IntN(accounts))),
			At:      benchBase.Add(time.Duration(i) * step),
			Amount:  amount,
			Kind:    account.TransactionRevenue,
		}
	}
	if shuffled {
		rng.Shuffle(len(txs), func(i, j int) { txs[i], txs[j] = txs[j], txs[i] })
	}
	return txs
}

// BenchmarkAddTransactions adds n transactions in one batch to an empty
// store and then reads one, which puts them in order: the whole cost of a
// bulk load.
func BenchmarkAddTransactions(b *testing.B) {
	ctx := context.Background()
	for _, order := range []string{"shuffled", "chronological"} {
		for _, n := range []int{1_000, 10_000, 100_000} {
			b.Run(fmt.Sprintf("order=%s/n=%d", order, n), func(b *testing.B) {
				txs := benchTransactions(n, 100, order == "shuffled")
				b.ReportAllocs()
				for b.Loop() {
					s := memstore.New()
					if err := s.AddTransactions(ctx, txs...); err != nil {
						b.Fatal(err)
					}
					for tx, err := range s.Transactions(ctx, account.TransactionFilter{}) {
						if err != nil {
							b.Fatal(err)
						}
						sink += len(tx.ID)
						break
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/row")
			})
		}
	}
}

// BenchmarkTransactionsOneAccountRange reads one account's transactions in
// one month (about 4 of them) from a store of 50 transactions per account.
// The time per read should not grow with the number of other accounts.
func BenchmarkTransactionsOneAccountRange(b *testing.B) {
	ctx := context.Background()
	for _, accounts := range []int{100, 1_000, 10_000} {
		b.Run(fmt.Sprintf("accounts=%d", accounts), func(b *testing.B) {
			s := memstore.New()
			if err := s.AddTransactions(ctx, benchTransactions(50*accounts, accounts, true)...); err != nil {
				b.Fatal(err)
			}
			for range s.Transactions(ctx, account.TransactionFilter{}) {
				break // put the store in order before timing reads
			}
			f := account.TransactionFilter{From: benchBase.AddDate(0, 5, 0), To: benchBase.AddDate(0, 6, 0)}
			rows, i := 0, 0
			b.ReportAllocs()
			for b.Loop() {
				f.Account = account.ID(fmt.Sprintf("a%05d", i%accounts))
				i++
				for tx, err := range s.Transactions(ctx, f) {
					if err != nil {
						b.Fatal(err)
					}
					rows++
					sink += len(tx.ID)
				}
			}
			b.ReportMetric(float64(rows)/float64(b.N), "rows/op")
		})
	}
}

// BenchmarkAccounts lists a store of 10,000 accounts, all of them or a
// quarter (one tier).
func BenchmarkAccounts(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	rng := rand.New(rand.NewPCG(3, 4))
	for _, i := range rng.Perm(10_000) {
		a := account.Account{ID: account.ID(fmt.Sprintf("a%05d", i)), Name: "Account", Tier: account.Tier(1 + i%4)}
		if _, err := s.CreateAccount(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	for _, bc := range []struct {
		name string
		f    account.AccountFilter
	}{
		{"all", account.AccountFilter{}},
		{"tier=1", account.AccountFilter{Tiers: []account.Tier{1}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for a, err := range s.Accounts(ctx, bc.f) {
					if err != nil {
						b.Fatal(err)
					}
					sink += len(a.ID)
				}
			}
		})
	}
}

// BenchmarkAccount reads one account by ID.
func BenchmarkAccount(b *testing.B) {
	ctx := context.Background()
	s := memstore.New()
	for i := range 10_000 {
		a := account.Account{ID: account.ID(fmt.Sprintf("a%05d", i)), Name: "Account"}
		if _, err := s.CreateAccount(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		a, err := s.Account(ctx, "a04321")
		if err != nil {
			b.Fatal(err)
		}
		sink += len(a.Name)
	}
}
