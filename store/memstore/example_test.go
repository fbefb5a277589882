package memstore_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// A store hands out versions: an update must carry the version it read,
// so of two writers that read the same version only the first succeeds.
func Example() {
	ctx := context.Background()
	s := memstore.New()

	acme, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme Ltd"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created", acme.ID, "version", acme.Version)

	// Two people read version 1 and both change it.
	alice, bob := acme, acme
	alice.Tier = 1
	if alice, err = s.UpdateAccount(ctx, alice); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("alice tiered it:", alice.Tier, "version", alice.Version)
	bob.Segment = "enterprise"
	_, err = s.UpdateAccount(ctx, bob)
	fmt.Println("bob's stale write conflicts:", errors.Is(err, account.ErrConflict))

	// Bob reads again and retries.
	bob, _ = s.Account(ctx, "acme")
	bob.Segment = "enterprise"
	bob, _ = s.UpdateAccount(ctx, bob)
	fmt.Println("bob segmented it:", bob.Segment, "version", bob.Version)

	for _, a := range []account.Account{
		{ID: "acme-nz", Name: "Acme New Zealand", Parent: "acme", Tier: 2},
		{ID: "acme-au", Name: "Acme Australia", Parent: "acme", Tier: 1},
	} {
		if _, err := s.CreateAccount(ctx, a); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("tier 1, in ID order:")
	for a, err := range s.Accounts(ctx, account.AccountFilter{Tiers: []account.Tier{1}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Printf("  %s (%s) version %d\n", a.ID, a.Name, a.Version)
	}
	// Output:
	// created acme version 1
	// alice tiered it: tier 1 version 2
	// bob's stale write conflicts: true
	// bob segmented it: enterprise version 3
	// tier 1, in ID order:
	//   acme (Acme Ltd) version 3
	//   acme-au (Acme Australia) version 1
}

// Transactions of one account in a half-open range [From, To): a quarter's
// revenue, counting the first instant of the quarter and not the first
// instant of the next.
func ExampleStore_Transactions() {
	ctx := context.Background()
	s := memstore.New()
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, time.UTC) }
	err := s.AddTransactions(ctx,
		account.Transaction{ID: "inv-3", Account: "acme", At: day(time.April, 1), Amount: account.MustParseMoney("NZD 900"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "inv-1", Account: "acme", At: day(time.January, 1), Amount: account.MustParseMoney("NZD 1,200"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "inv-2", Account: "acme", At: day(time.February, 14), Amount: account.MustParseMoney("NZD 350.50"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "inv-9", Account: "globex", At: day(time.February, 1), Amount: account.MustParseMoney("NZD 5,000"), Kind: account.TransactionRevenue},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	q1 := account.TransactionFilter{Account: "acme", From: day(time.January, 1), To: day(time.April, 1)}
	total := account.MustParseMoney("NZD 0")
	for tx, err := range s.Transactions(ctx, q1) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(tx.At.Format(time.DateOnly), tx.ID, tx.Amount)
		if total, err = total.Add(tx.Amount); err != nil {
			fmt.Println(err)
			return
		}
	}
	fmt.Println("Q1 revenue:", total)
	// Output:
	// 2025-01-01 inv-1 NZD 1,200.00
	// 2025-02-14 inv-2 NZD 350.50
	// Q1 revenue: NZD 1,550.50
}
