package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// Faults: a closed store, a done context, a violated constraint, a
// connection killed while a sequence reads, a malformed stored value.
// Each is an error wrapping the package's sentinels, never a panic, never
// a partial write.

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func sampleAccount(id account.ID) account.Account {
	return account.Account{ID: id, Name: "Account " + string(id), Currency: "NZD"}
}

func sampleTx(id account.TransactionID, acct account.ID, at time.Time, amount string) account.Transaction {
	return account.Transaction{ID: id, Account: acct, At: at, Amount: account.MustParseMoney("NZD " + amount), Kind: account.TransactionRevenue}
}

// pairs ranges over seq and returns how many values and how many errors it
// yielded, and the last error.
func pairs[V any](seq func(func(V, error) bool)) (values, errs int, last error) {
	for _, err := range seq {
		if err != nil {
			errs++
			last = err
		} else {
			values++
		}
	}
	return values, errs, last
}

// calls runs every method of s once and returns their errors by name.
func calls(ctx context.Context, s *Store) map[string]error {
	errs := map[string]error{}
	_, errs["Account"] = s.Account(ctx, "a")
	_, errs["CreateAccount"] = s.CreateAccount(ctx, sampleAccount("new"))
	_, errs["UpdateAccount"] = s.UpdateAccount(ctx, func() account.Account { a := sampleAccount("a"); a.Version = 1; return a }())
	errs["DeleteAccount"] = s.DeleteAccount(ctx, "a", 1)
	_, errs["Contact"] = s.Contact(ctx, "c")
	_, errs["Manager"] = s.Manager(ctx, "m")
	errs["AddTransactions"] = s.AddTransactions(ctx, sampleTx("t-new", "a", t0, "1"))
	errs["DeleteTransaction"] = s.DeleteTransaction(ctx, "t")
	errs["AddInteractions"] = s.AddInteractions(ctx, account.Interaction{ID: "i-new", Account: "a", At: t0, Kind: account.InteractionMeeting})
	errs["DeleteInteraction"] = s.DeleteInteraction(ctx, "i")
	errs["Migrate"] = s.Migrate(ctx)
	lists := map[string]func() (int, int, error){
		"Accounts":     func() (int, int, error) { return pairs(s.Accounts(ctx, account.AccountFilter{})) },
		"Contacts":     func() (int, int, error) { return pairs(s.Contacts(ctx, account.ContactFilter{})) },
		"Managers":     func() (int, int, error) { return pairs(s.Managers(ctx, account.ManagerFilter{})) },
		"Transactions": func() (int, int, error) { return pairs(s.Transactions(ctx, account.TransactionFilter{})) },
		"Interactions": func() (int, int, error) { return pairs(s.Interactions(ctx, account.InteractionFilter{})) },
	}
	for name, list := range lists {
		values, n, err := list()
		if values != 0 || n != 1 {
			err = fmt.Errorf("%d values and %d errors (last %v), want one error", values, n, err)
		}
		errs[name] = err
	}
	return errs
}

func TestClosed(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		if _, err := s.CreateAccount(t.Context(), sampleAccount("a")); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		for name, err := range calls(t.Context(), s) {
			if !errors.Is(err, ErrClosed) {
				t.Errorf("%s after Close: error = %v, want ErrClosed", name, err)
			}
		}
		if err := s.DB().PingContext(t.Context()); err == nil {
			t.Error("Close left the database it opened open")
		}
	})
}

// A database its owner closed under a Store made by New is reported as
// closed too.
func TestClosedByOwner(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		opened := newTestStore(t, d)
		s, err := New(t.Context(), opened.DB(), d)
		if err != nil {
			t.Fatal(err)
		}
		opened.DB().Close()
		for name, err := range calls(t.Context(), s) {
			if !errors.Is(err, ErrClosed) {
				t.Errorf("%s on a closed *sql.DB: error = %v, want ErrClosed", name, err)
			}
		}
	})
}

func TestDoneContext(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		if _, err := s.CreateAccount(t.Context(), sampleAccount("a")); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		for name, err := range calls(ctx, s) {
			if !errors.Is(err, context.Canceled) {
				t.Errorf("%s on a done context: error = %v, want context.Canceled", name, err)
			}
		}
		if a, err := s.Account(t.Context(), "a"); err != nil || a.Version != 1 {
			t.Errorf("a done context changed the store: %+v, %v", a, err)
		}
		// Cancelled while a sequence runs: one error pair, then nothing.
		for _, id := range []account.ID{"b", "c", "d"} {
			if _, err := s.CreateAccount(t.Context(), sampleAccount(id)); err != nil {
				t.Fatal(err)
			}
		}
		ctx, cancel = context.WithCancel(t.Context())
		defer cancel()
		var got []string
		for a, err := range s.Accounts(ctx, account.AccountFilter{}) {
			if err != nil {
				if !errors.Is(err, context.Canceled) || a.ID != "" {
					t.Errorf("after cancel: (%q, %v), want (zero, context.Canceled)", a.ID, err)
				}
				got = append(got, "error")
				continue
			}
			got = append(got, string(a.ID))
			cancel()
		}
		if strings.Join(got, " ") != "a error" {
			t.Errorf("sequence cancelled after the first account yielded %v, want [a error]", got)
		}
	})
}

// TestConstraintViolated adds constraints an application might add to
// keyaccount's tables, and checks that a write they refuse is a conflict
// that stores nothing: not the record, not any of its batch.
func TestConstraintViolated(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		for _, stmt := range []string{
			"CREATE UNIQUE INDEX ka_test_account_name ON ka_accounts (name)",
			"CREATE UNIQUE INDEX ka_test_reference ON ka_transactions (reference)",
		} {
			if _, err := s.db.ExecContext(ctx, stmt); err != nil {
				t.Fatal(err)
			}
		}
		a, err := s.CreateAccount(ctx, sampleAccount("a"))
		if err != nil {
			t.Fatal(err)
		}
		twin := sampleAccount("b")
		twin.Name = a.Name
		_, err = s.CreateAccount(ctx, twin)
		if !errors.Is(err, account.ErrConflict) || !errors.Is(err, ErrDatabase) {
			t.Errorf("CreateAccount refused by a unique index: error = %v, want ErrConflict and ErrDatabase", err)
		}
		if _, err := s.Account(ctx, "b"); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("the refused account is stored: %v", err)
		}
		b, err := s.CreateAccount(ctx, sampleAccount("b"))
		if err != nil {
			t.Fatal(err)
		}
		b.Name = a.Name
		if _, err := s.UpdateAccount(ctx, b); !errors.Is(err, account.ErrConflict) {
			t.Errorf("UpdateAccount refused by a unique index: error = %v, want ErrConflict", err)
		}
		if got, _ := s.Account(ctx, "b"); got.Version != 1 || got.Name == a.Name {
			t.Errorf("the refused update is stored: %+v", got)
		}
		batch := []account.Transaction{sampleTx("t1", "a", t0, "1"), sampleTx("t2", "a", t0, "2"), sampleTx("t3", "a", t0, "3")}
		batch[0].Reference, batch[1].Reference, batch[2].Reference = "r1", "r2", "r1"
		err = s.AddTransactions(ctx, batch...)
		if !errors.Is(err, account.ErrConflict) || !errors.Is(err, ErrDatabase) {
			t.Errorf("AddTransactions refused by a unique index: error = %v, want ErrConflict and ErrDatabase", err)
		}
		if n, _, err := pairs(s.Transactions(ctx, account.TransactionFilter{})); n != 0 || err != nil {
			t.Errorf("%d transactions of the refused batch are stored (%v)", n, err)
		}
	})
}

// TestBatchAcrossStatements checks all-or-none for a batch longer than one
// INSERT: the ID at fault is in the last statement, and nothing of the
// statements before it is kept.
func TestBatchAcrossStatements(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		if err := s.AddTransactions(ctx, sampleTx("taken", "a", t0, "1")); err != nil {
			t.Fatal(err)
		}
		per := maxBatchParams / len(transactions.t.cols)
		batch := make([]account.Transaction, 0, per+10)
		for i := range per + 9 {
			batch = append(batch, sampleTx(account.TransactionID(fmt.Sprintf("t%05d", i)), "b", t0.Add(time.Duration(i)*time.Second), "0.01"))
		}
		batch = append(batch, sampleTx("taken", "b", t0, "5"))
		err := s.AddTransactions(ctx, batch...)
		if !errors.Is(err, account.ErrConflict) || !strings.Contains(err.Error(), `"taken"`) || !strings.Contains(err.Error(), "taken:") {
			t.Errorf("error = %v, want ErrConflict naming \"taken\" as taken", err)
		}
		if n, _, _ := pairs(s.Transactions(ctx, account.TransactionFilter{})); n != 1 {
			t.Errorf("%d transactions stored, want 1: a batch is all or none", n)
		}
		// Without the taken one the batch is stored whole, in order.
		if err := s.AddTransactions(ctx, batch[:len(batch)-1]...); err != nil {
			t.Fatal(err)
		}
		got, err := account.Collect(s.Transactions(ctx, account.TransactionFilter{Account: "b"}))
		if err != nil || len(got) != per+9 || got[0].ID != "t00000" || got[len(got)-1].ID != batch[len(batch)-2].ID {
			t.Errorf("stored %d transactions (%v), want %d in order", len(got), err, per+9)
		}
	})
}

// TestConnectionKilled terminates, from a second connection, the server
// process a running sequence reads from: the sequence ends with one error
// wrapping ErrDatabase, and the store goes on working on new connections.
func TestConnectionKilled(t *testing.T) {
	dsn := newTestSchema(t)
	s := newTestStoreAt(t, dsn)
	ctx := t.Context()
	const n = 200_000 // more than the driver and the socket buffer hold
	_, err := s.db.ExecContext(ctx, `INSERT INTO ka_transactions (id, account, at, amount, currency, kind, reference)
		SELECT 't' || lpad(g::text, 7, '0'), 'acme', $1::timestamptz + g * interval '1 second', 1.25, 'NZD', 1, 'inv'
		FROM generate_series(1, $2::int) g`, t0, n)
	if err != nil {
		t.Fatal(err)
	}
	values, errs := 0, 0
	var last error
	for _, err := range s.Transactions(ctx, account.TransactionFilter{}) {
		if err != nil {
			errs++
			last = err
			continue
		}
		values++
		if values == 1 {
			if k := terminateBackends(t, dsn); k == 0 {
				t.Fatal("no server process to terminate")
			}
		}
	}
	if errs != 1 || !errors.Is(last, ErrDatabase) || values >= n {
		t.Errorf("read %d of %d rows, %d errors (last %v); want fewer rows and one ErrDatabase", values, n, errs, last)
	}
	// The pool replaces the dead connections.
	terminateBackends(t, dsn)
	if _, err := s.CreateAccount(ctx, sampleAccount("after")); err != nil {
		if !errors.Is(err, ErrDatabase) {
			t.Fatalf("CreateAccount on a killed connection: error = %v, want ErrDatabase", err)
		}
		if _, err := s.Account(ctx, "after"); !errors.Is(err, account.ErrNotFound) {
			t.Errorf("a failed create stored the account: %v", err)
		}
	}
	if _, err := s.Account(ctx, "after"); err != nil && !errors.Is(err, account.ErrNotFound) {
		t.Errorf("the store does not recover from killed connections: %v", err)
	}
}

// TestMalformedValues writes values around the store with raw SQL, then
// reads: each read fails with ErrCorrupt naming the record, never returns
// a half-read record and never panics.
func TestMalformedValues(t *testing.T) {
	common := []corruption{
		{"unknown currency", "UPDATE ka_accounts SET currency = 'XYZ' WHERE id = 'x'", "Account"},
		{"influence out of range", "UPDATE ka_contacts SET influence = 9 WHERE id = 'x'", "Contact"},
		{"unknown role", "UPDATE ka_contacts SET role = 99 WHERE id = 'x'", "Contact"},
		{"negative capacity", "UPDATE ka_managers SET capacity = -1 WHERE id = 'x'", "Manager"},
		{"unknown transaction currency", "UPDATE ka_transactions SET currency = 'ABC' WHERE id = 'x'", "Transaction"},
		{"unknown transaction kind", "UPDATE ka_transactions SET kind = 7 WHERE id = 'x'", "Transaction"},
		{"sentiment out of range", "UPDATE ka_interactions SET sentiment = 3 WHERE id = 'x'", "Interaction"},
		{"repeated participant", `UPDATE ka_interactions SET participants = '["p","p"]' WHERE id = 'x'`, "Interaction"},
	}
	byDialect := map[Dialect][]corruption{
		DialectPostgres: {
			{"attribute a number", `UPDATE ka_accounts SET attributes = '{"a": 1}' WHERE id = 'x'`, "Account"},
			{"attributes an array", `UPDATE ka_accounts SET attributes = '[]' WHERE id = 'x'`, "Account"},
			{"regions a string", `UPDATE ka_managers SET regions = '"APAC"' WHERE id = 'x'`, "Manager"},
			{"amount NaN", "UPDATE ka_transactions SET amount = 'NaN' WHERE id = 'x'", "Transaction"},
			{"participants numbers", `UPDATE ka_interactions SET participants = '[1]' WHERE id = 'x'`, "Interaction"},
			{"created in year 20000", `UPDATE ka_accounts SET created = '20000-01-01', updated = NULL WHERE id = 'x'`, "Account"},
		},
		DialectSQLite: {
			{"attributes not JSON", "UPDATE ka_accounts SET attributes = 'not json' WHERE id = 'x'", "Account"},
			{"attribute an exponent", `UPDATE ka_accounts SET attributes = '{"a":"1e3"}' WHERE id = 'x'`, "Account"},
			{"internal 5", "UPDATE ka_accounts SET internal = 5 WHERE id = 'x'", "Account"},
			{"tier_since a float", "UPDATE ka_accounts SET tier_since = 1.5 WHERE id = 'x'", "Account"},
			{"attitude a text", "UPDATE ka_contacts SET attitude = 'supporter' WHERE id = 'x'", "Contact"},
			{"amount not a number", "UPDATE ka_transactions SET amount = 'abc' WHERE id = 'x'", "Transaction"},
			{"amount an exponent", "UPDATE ka_transactions SET amount = '1e3' WHERE id = 'x'", "Transaction"},
			{"amount empty", "UPDATE ka_transactions SET amount = '' WHERE id = 'x'", "Transaction"},
			{"huge kind", "UPDATE ka_transactions SET kind = 70000 WHERE id = 'x'", "Transaction"},
			{"at a text", "UPDATE ka_transactions SET at = 'yesterday' WHERE id = 'x'", "Transaction"},
			{"at in year 10000", "UPDATE ka_transactions SET at = 253402300800000000 WHERE id = 'x'", "Transaction"},
			{"participants null", "UPDATE ka_interactions SET participants = 'null' WHERE id = 'x'", "Interaction"},
			{"regions a blob", "UPDATE ka_managers SET regions = x'00' WHERE id = 'x'", "Manager"},
		},
	}
	testCorruptions(t, common, byDialect, seedX, readers)
}

// seedX stores one record of each kind with ID "x".
func seedX(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	a := sampleAccount("x")
	a.Attributes = nil
	if _, err := s.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateContact(ctx, account.Contact{ID: "x", Account: "x", Name: "Cy", Influence: 3}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateManager(ctx, account.Manager{ID: "x", Name: "Mo", Regions: []string{"APAC"}}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTransactions(ctx, sampleTx("x", "x", t0, "1.25")); err != nil {
		t.Fatal(err)
	}
	if err := s.AddInteractions(ctx, account.Interaction{ID: "x", Account: "x", At: t0, Kind: account.InteractionCall, Participants: []string{"p"}}); err != nil {
		t.Fatal(err)
	}
}

// readers returns the reads of record "x" of kind rec: its read, and the
// list of every record of that kind.
func readers(ctx context.Context, s *Store, rec string) reads {
	switch rec {
	case "Account":
		return reads{func() error { _, err := s.Account(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Accounts(ctx, account.AccountFilter{})) }}
	case "Contact":
		return reads{func() error { _, err := s.Contact(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Contacts(ctx, account.ContactFilter{})) }}
	case "Manager":
		return reads{func() error { _, err := s.Manager(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Managers(ctx, account.ManagerFilter{})) }}
	}
	list := func() (int, int, error) { return pairs(s.Interactions(ctx, account.InteractionFilter{})) }
	if rec == "Transaction" {
		list = func() (int, int, error) { return pairs(s.Transactions(ctx, account.TransactionFilter{})) }
	}
	return reads{func() error { _, _, err := list(); return err }, list}
}
