package sqlstore

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"pgregory.net/rapid"
)

// loadTxs returns n valid transactions with IDs prefix-00000, ... over 37
// accounts, with sub-cent amounts and refunds.
func loadTxs(prefix string, n int) []account.Transaction {
	txs := make([]account.Transaction, n)
	for i := range txs {
		amount := fmt.Sprintf("%d.%03d", i%1000-100, i%997)
		txs[i] = sampleTx(account.TransactionID(fmt.Sprintf("%s-%05d", prefix, i)), account.ID(fmt.Sprintf("acct-%02d", i%37)),
			t0.Add(time.Duration(i)*time.Minute+time.Duration(i%3)*time.Microsecond), amount)
	}
	return txs
}

// seqOf yields txs, then err (if not nil).
func seqOf(txs []account.Transaction, err error) iter.Seq2[account.Transaction, error] {
	return func(yield func(account.Transaction, error) bool) {
		for _, tx := range txs {
			if !yield(tx, nil) {
				return
			}
		}
		if err != nil {
			yield(account.Transaction{}, err)
		}
	}
}

// storedTxs returns every stored transaction.
func storedTxs(t *testing.T, s *Store) []account.Transaction {
	t.Helper()
	txs, err := account.Collect(s.Transactions(context.Background(), account.TransactionFilter{}))
	if err != nil {
		t.Fatalf("Transactions: %v", err)
	}
	return txs
}

// wantStored fails t unless s holds exactly want (in any order).
func wantStored(t *testing.T, s *Store, want []account.Transaction) {
	t.Helper()
	got := storedTxs(t, s)
	want = slices.Clone(want)
	slices.SortFunc(want, func(a, b account.Transaction) int {
		return cmp.Or(strings.Compare(string(a.Account), string(b.Account)), a.At.Compare(b.At), strings.Compare(string(a.ID), string(b.ID)))
	})
	if d := gocmp.Diff(want, got, gocmp.Comparer(func(a, b account.Money) bool { return a.Equal(b) }),
		gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); d != "" {
		t.Errorf("stored transactions (-want +got):\n%s", d)
	}
}

func TestLoadTransactions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		n, err := s.LoadTransactions(ctx, seqOf(nil, nil))
		if n != 0 || err != nil {
			t.Errorf("LoadTransactions(empty) = %d, %v; want 0, nil", n, err)
		}
		txs := loadTxs("t", 32766/7+1000) // several INSERTs in SQLite, more rows than one statement can take
		n, err = s.LoadTransactions(ctx, seqOf(txs, nil))
		if n != int64(len(txs)) || err != nil {
			t.Fatalf("LoadTransactions = %d, %v; want %d, nil", n, err, len(txs))
		}
		wantStored(t, s, txs)

		// Another load on top, and what AddTransactions reads back.
		more := loadTxs("u", 10)
		if n, err := s.LoadTransactions(ctx, seqOf(more, nil)); n != 10 || err != nil {
			t.Fatalf("second LoadTransactions = %d, %v; want 10, nil", n, err)
		}
		wantStored(t, s, append(slices.Clone(txs), more...))
	})
}

// TestLoadTransactionsAllOrNone checks each way a load fails: it stores
// nothing of it, and leaves what was there.
func TestLoadTransactionsAllOrNone(t *testing.T) {
	seqErr := errors.New("the source failed")
	big := 2*maxBatchParams/7 + 3 // past the first INSERT in SQLite
	for _, c := range []struct {
		name  string
		load  func() []account.Transaction
		err   error  // the sentinel
		field string // the FieldError's field, if one
		id    string // the ID the error names
		tail  error  // seq's error after the transactions
	}{
		{name: "InvalidLast", load: func() []account.Transaction {
			txs := loadTxs("v", big)
			txs[big-1].Kind = 0
			return txs
		}, err: account.ErrInvalid, field: "Kind", id: fmt.Sprintf("v-%05d", big-1)},
		{name: "InvalidFirst", load: func() []account.Transaction {
			txs := loadTxs("v", 5)
			txs[0].Account = ""
			return txs
		}, err: account.ErrInvalid, field: "Account", id: "v-00000"},
		{name: "Unstorable", load: func() []account.Transaction {
			txs := loadTxs("v", 5)
			txs[3].At = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)
			return txs
		}, err: ErrUnstorable, field: "At", id: "v-00003"},
		{name: "UnstorableText", load: func() []account.Transaction {
			txs := loadTxs("v", 5)
			txs[2].Reference = "a\x00b"
			return txs
		}, err: ErrUnstorable, field: "Reference", id: "v-00002"},
		{name: "RepeatedAcrossBatches", load: func() []account.Transaction {
			txs := loadTxs("v", big)
			txs[big-1].ID = txs[1].ID
			return txs
		}, err: account.ErrConflict, id: "v-00001"},
		{name: "RepeatedInBatch", load: func() []account.Transaction {
			txs := loadTxs("v", 9)
			txs[7].ID = txs[6].ID
			return txs
		}, err: account.ErrConflict, id: "v-00006"},
		{name: "Taken", load: func() []account.Transaction {
			txs := loadTxs("v", big)
			txs[big-2].ID = "old-00003"
			return txs
		}, err: account.ErrConflict, id: "old-00003"},
		{name: "SourceFails", load: func() []account.Transaction { return loadTxs("v", big) }, err: seqErr, tail: seqErr},
	} {
		// Into an empty store (PostgreSQL drops and builds the index in
		// the load) and into one holding transactions.
		for _, empty := range []bool{false, true} {
			if empty && c.name == "Taken" {
				continue
			}
			name := c.name
			if empty {
				name += "/Empty"
			}
			t.Run(name, func(t *testing.T) {
				forEachDialect(t, func(t *testing.T, d Dialect) {
					s := newTestStore(t, d)
					var old []account.Transaction
					if !empty {
						old = loadTxs("old", 10)
					}
					if err := s.AddTransactions(context.Background(), old...); err != nil {
						t.Fatal(err)
					}
					index := loadIndexDef(t, s)
					n, err := s.LoadTransactions(context.Background(), seqOf(c.load(), c.tail))
					if n != 0 || !errors.Is(err, c.err) {
						t.Fatalf("LoadTransactions = %d, %v; want 0 and an error wrapping %v", n, err, c.err)
					}
					if c.field != "" {
						var fe *account.FieldError
						if !errors.As(err, &fe) || fe.Field != c.field || fe.ID != c.id {
							t.Errorf("LoadTransactions: error %v, want a FieldError of %s, field %s", err, c.id, c.field)
						}
					} else if c.id != "" && !strings.Contains(err.Error(), fmt.Sprintf("%q", c.id)) {
						t.Errorf("LoadTransactions: error %v does not name %q", err, c.id)
					}
					wantStored(t, s, old)
					if got := loadIndexDef(t, s); got != index {
						t.Errorf("after a failed load, the index is %q, want %q", got, index)
					}
					// The store still works.
					if n, err := s.LoadTransactions(context.Background(), seqOf(loadTxs("w", 3), nil)); n != 3 || err != nil {
						t.Errorf("LoadTransactions after a failed load = %d, %v; want 3, nil", n, err)
					}
				})
			})
		}
	}
}

// loadIndexDef returns the definition of the index a PostgreSQL load into
// the empty table builds after the rows ("" if there is none).
func loadIndexDef(t testing.TB, s *Store) string {
	t.Helper()
	q := "SELECT coalesce(pg_get_indexdef(to_regclass('" + loadIndex + "')), '')"
	if s.Dialect() == DialectSQLite {
		q = "SELECT coalesce((SELECT sql FROM sqlite_master WHERE name = '" + loadIndex + "'), '')"
	}
	var def string
	if err := s.DB().QueryRowContext(context.Background(), q).Scan(&def); err != nil {
		t.Fatal(err)
	}
	if def == "" {
		t.Fatalf("no index %s", loadIndex)
	}
	return def
}

// TestLoadTransactionsIndexAfterRows checks when a PostgreSQL load builds
// the index after the rows, holding the exclusive locks of the table and
// of the index it dropped: into an empty table its role owns, and not into
// a table with rows or one owned by another role. Either way the index is
// the migration's after the load.
func TestLoadTransactionsIndexAfterRows(t *testing.T) {
	txs := loadTxs("i", 3000)
	for _, c := range []struct {
		name      string
		seed      int  // transactions stored before the load
		role      bool // the load's store connects as a role that does not own the tables
		exclusive bool // whether the load takes the exclusive lock
	}{
		{name: "Empty", exclusive: true},
		{name: "Stored", seed: 1},
		{name: "NotOwner", role: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			owner := newTestStore(t, DialectPostgres)
			if err := owner.AddTransactions(context.Background(), loadTxs("old", c.seed)...); err != nil {
				t.Fatal(err)
			}
			var table, index string
			if err := owner.DB().QueryRowContext(context.Background(),
				"SELECT to_regclass('ka_transactions')::oid::text, to_regclass('"+loadIndex+"')::oid::text").Scan(&table, &index); err != nil {
				t.Fatal(err)
			}
			s := owner
			if c.role {
				s = notOwnerStore(t, owner)
			}
			def := loadIndexDef(t, owner)
			locks := -1 // exclusive locks on the table and on its index (which DROP INDEX takes)
			n, err := s.LoadTransactions(context.Background(), killedSeq(txs, func() {
				db, err := admin()
				if err != nil {
					t.Fatal(err)
				}
				if err := db.QueryRowContext(context.Background(),
					"SELECT count(*) FROM pg_locks WHERE relation IN ($1::oid, $2::oid) AND mode = 'AccessExclusiveLock' AND granted", table, index).Scan(&locks); err != nil {
					t.Fatal(err)
				}
			}))
			if n != int64(len(txs)) || err != nil {
				t.Fatalf("LoadTransactions = %d, %v; want %d, nil", n, err, len(txs))
			}
			if want := map[bool]int{true: 2, false: 0}[c.exclusive]; locks != want {
				t.Errorf("%d exclusive locks on ka_transactions and its index during the load, want %d", locks, want)
			}
			if got := loadIndexDef(t, owner); got != def {
				t.Errorf("after the load, the index is %q, want %q", got, def)
			}
			if got := len(storedTxs(t, owner)); got != c.seed+len(txs) {
				t.Errorf("%d transactions stored, want %d", got, c.seed+len(txs))
			}
		})
	}
}

// killedSeq yields txs, calling kill after the first half (once more
// than a COPY buffer or an INSERT has gone to the database), and then
// the rest.
func killedSeq(txs []account.Transaction, kill func()) iter.Seq2[account.Transaction, error] {
	return func(yield func(account.Transaction, error) bool) {
		for i, tx := range txs {
			if i == len(txs)/2 {
				kill()
			}
			if !yield(tx, nil) {
				return
			}
		}
	}
}

// TestLoadTransactionsKilled kills a load halfway, by cancelling its
// context and (PostgreSQL) by terminating its server process from a second
// connection: nothing of it is stored.
func TestLoadTransactionsKilled(t *testing.T) {
	txs := loadTxs("k", 20000)
	forEachDialect(t, func(t *testing.T, d Dialect) {
		t.Run("Cancelled", func(t *testing.T) {
			s := newTestStore(t, d)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n, err := s.LoadTransactions(ctx, killedSeq(txs, cancel))
			if n != 0 || !errors.Is(err, context.Canceled) {
				t.Errorf("LoadTransactions cancelled halfway = %d, %v; want 0 and an error wrapping context.Canceled", n, err)
			}
			wantStored(t, s, nil)
		})
		if d != DialectPostgres {
			return
		}
		t.Run("Terminated", func(t *testing.T) {
			dsn := testDSN(t, d)
			s, err := Open(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			killed := 0
			n, err := s.LoadTransactions(context.Background(), killedSeq(txs, func() { killed = terminateBackends(t, dsn) }))
			if killed == 0 {
				t.Fatal("no server process to terminate")
			}
			if n != 0 || !errors.Is(err, ErrDatabase) {
				t.Errorf("LoadTransactions with its server process terminated = %d, %v; want 0 and an error wrapping ErrDatabase", n, err)
			}
			wantStored(t, s, nil)
			if n, err := s.LoadTransactions(context.Background(), seqOf(txs[:5], nil)); n != 5 || err != nil {
				t.Errorf("LoadTransactions after a terminated load = %d, %v; want 5, nil", n, err)
			}
		})
	})
}

func TestLoadTransactionsClosedAndDone(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := s.LoadTransactions(ctx, seqOf(loadTxs("d", 3), nil)); !errors.Is(err, context.Canceled) {
			t.Errorf("LoadTransactions(done context): %v, want context.Canceled", err)
		}
		s.Close()
		if _, err := s.LoadTransactions(context.Background(), seqOf(loadTxs("d", 3), nil)); !errors.Is(err, ErrClosed) {
			t.Errorf("LoadTransactions after Close: %v, want ErrClosed", err)
		}
	})
}

// TestLoadTransactionsConcurrent runs loads side by side, one of them
// repeating an ID of another: exactly one of those two is stored.
func TestLoadTransactionsConcurrent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		a, b, c := loadTxs("a", 3000), loadTxs("b", 3000), loadTxs("c", 3000)
		c[2999].ID = a[1500].ID
		errs := make(chan error, 3)
		for _, txs := range [][]account.Transaction{a, b, c} {
			go func() {
				_, err := s.LoadTransactions(context.Background(), seqOf(txs, nil))
				errs <- err
			}()
		}
		var conflicts int
		for range 3 {
			switch err := <-errs; {
			case errors.Is(err, account.ErrConflict):
				conflicts++
			case err != nil:
				t.Errorf("LoadTransactions: %v", err)
			}
		}
		if conflicts != 1 {
			t.Fatalf("%d loads conflict, want 1", conflicts)
		}
		got := storedTxs(t, s)
		if len(got) != 6000 {
			t.Errorf("%d transactions stored, want 6000 (two whole loads)", len(got))
		}
	})
}

// TestLoadTransactionsAsAdd checks on random batches (valid, invalid,
// repeated or taken IDs) that LoadTransactions does what AddTransactions
// does: the same outcome and, on error, the same sentinel, and nothing
// stored.
func TestLoadTransactionsAsAdd(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		load, add := newTestStore(t, d), newTestStore(t, d)
		seedTaken(t, load)
		seedTaken(t, add)
		rapid.Check(t, func(rt *rapid.T) {
			txs := loadTxs(nextID("r"), rapid.IntRange(0, 40).Draw(rt, "n"))
			for i := range txs {
				switch rapid.IntRange(0, 30).Draw(rt, "fault") {
				case 0:
					txs[i].Kind = 3
				case 1:
					txs[i].ID = txs[rapid.IntRange(0, i).Draw(rt, "repeat")].ID
				case 2:
					txs[i].ID = "taken"
				}
			}
			before := len(storedTxs(t, add))
			errAdd := add.AddTransactions(context.Background(), txs...)
			_, errLoad := load.LoadTransactions(context.Background(), seqOf(txs, nil))
			for _, sentinel := range []error{account.ErrInvalid, account.ErrConflict} {
				if errors.Is(errAdd, sentinel) != errors.Is(errLoad, sentinel) {
					rt.Fatalf("AddTransactions: %v; LoadTransactions: %v", errAdd, errLoad)
				}
			}
			if (errAdd == nil) != (errLoad == nil) {
				rt.Fatalf("AddTransactions: %v; LoadTransactions: %v", errAdd, errLoad)
			}
			gotAdd, gotLoad := storedTxs(t, add), storedTxs(t, load)
			if len(gotAdd) != len(gotLoad) {
				rt.Fatalf("AddTransactions left %d transactions, LoadTransactions %d", len(gotAdd), len(gotLoad))
			}
			if errAdd != nil && len(gotAdd) != before {
				rt.Fatalf("a failed AddTransactions stored %d transactions", len(gotAdd)-before)
			}
		})
	})
}

// seedTaken stores the transaction "taken".
func seedTaken(t *testing.T, s *Store) {
	t.Helper()
	if err := s.AddTransactions(context.Background(), sampleTx("taken", "x", t0, "1")); err != nil {
		t.Fatal(err)
	}
}
