package sqlstore_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/sqlstore"
)

// Open a SQLite database (the file is created and migrated), store an
// account and its transactions, and read them back: amounts exactly, in
// the store's order.
func Example() {
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

	a, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme Ltd", Currency: "NZD"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, "version", a.Version)

	jan := time.Date(2026, 1, 15, 9, 30, 0, 0, time.UTC)
	err = s.AddTransactions(ctx,
		account.Transaction{ID: "inv-1", Account: "acme", At: jan, Amount: account.MustParseMoney("NZD 1250.005"), Kind: account.TransactionRevenue},
		account.Transaction{ID: "cr-1", Account: "acme", At: jan.AddDate(0, 1, 0), Amount: account.MustParseMoney("NZD -0.005"), Kind: account.TransactionRevenue},
	)
	if err != nil {
		log.Fatal(err)
	}
	for t, err := range s.Transactions(ctx, account.TransactionFilter{Account: "acme"}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(t.ID, t.At.Format(time.DateOnly), t.Amount)
	}

	// Optimistic concurrency: an update carries the version it read.
	a.Tier, a.TierSince = 1, jan
	if a, err = s.UpdateAccount(ctx, a); err != nil {
		log.Fatal(err)
	}
	fmt.Println(a.ID, a.Tier, "version", a.Version)
	stale := a
	stale.Version = 1
	_, err = s.UpdateAccount(ctx, stale)
	fmt.Println("stale update is a conflict:", errors.Is(err, account.ErrConflict))
	// Output:
	// acme version 1
	// inv-1 2026-01-15 NZD 1,250.005
	// cr-1 2026-02-15 NZD -0.005
	// acme tier 1 version 2
	// stale update is a conflict: true
}

// An application keeps keyaccount's tables (all named ka_...) in its own
// database: it opens the *sql.DB itself, with the driver of the dialect,
// and New brings the schema up to date. Close leaves the database open.
func ExampleNew() {
	dir, err := os.MkdirTemp("", "keyaccount")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()

	// The settings sqlstore.Open uses for SQLite.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(dir, "crm.db")+
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate")
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, "CREATE TABLE crm_notes (id INTEGER PRIMARY KEY, body TEXT)"); err != nil {
		log.Fatal(err)
	}

	s, err := sqlstore.New(ctx, db, sqlstore.DialectSQLite)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if _, err := s.CreateManager(ctx, account.Manager{ID: "mia", Name: "Mia", Capacity: 12, Active: true}); err != nil {
		log.Fatal(err)
	}
	var n int
	if err := db.QueryRowContext(ctx, "SELECT count(*) FROM ka_managers").Scan(&n); err != nil {
		log.Fatal(err)
	}
	fmt.Println("managers in the application's database:", n)
	fmt.Println("schema version:", sqlstore.SchemaVersion() >= 1)
	// Output:
	// managers in the application's database: 1
	// schema version: true
}
