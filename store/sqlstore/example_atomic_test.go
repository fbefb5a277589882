package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/sqlstore"
)

// Store an account and its first invoices in one transaction: when a
// later step fails, nothing of the earlier ones stays.
func ExampleStore_Atomic() {
	dir, err := os.MkdirTemp("", "keyaccount")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "keyaccount.db"))
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()

	jan := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	onboard := func(id account.ID, invoices ...account.Transaction) error {
		return s.Atomic(ctx, func(tx *sqlstore.Store) error {
			if _, err := tx.CreateAccount(ctx, account.Account{ID: id, Name: string(id), Currency: "NZD"}); err != nil {
				return err
			}
			return tx.AddTransactions(ctx, invoices...)
		})
	}
	err = onboard("acme", account.Transaction{ID: "inv-1", Account: "acme", At: jan,
		Amount: account.MustParseMoney("NZD 1250.00"), Kind: account.TransactionRevenue})
	fmt.Println("acme:", err)
	// inv-1 is taken: the account is not stored either.
	err = onboard("globex", account.Transaction{ID: "inv-1", Account: "globex", At: jan,
		Amount: account.MustParseMoney("NZD 80.00"), Kind: account.TransactionRevenue})
	fmt.Println("globex is a conflict:", errors.Is(err, account.ErrConflict))

	for a, err := range s.Accounts(ctx, account.AccountFilter{}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("stored:", a.ID)
	}
	// Output:
	// acme: <nil>
	// globex is a conflict: true
	// stored: acme
}
