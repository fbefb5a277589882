package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
)

// atomicAccount is a valid account with the given ID.
func atomicAccount(id account.ID) account.Account {
	return account.Account{ID: id, Name: "Account " + string(id), Currency: "NZD"}
}

// atomicTx is a valid transaction of account acct.
func atomicTx(id account.TransactionID, acct account.ID) account.Transaction {
	return account.Transaction{ID: id, Account: acct, At: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		Amount: account.MustParseMoney("NZD 10.50"), Kind: account.TransactionRevenue}
}

// accountIDs returns the IDs of the accounts s lists.
func accountIDs(t *testing.T, s *Store) []account.ID {
	t.Helper()
	var ids []account.ID
	for a, err := range s.Accounts(context.Background(), account.AccountFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	return ids
}

// transactionIDs returns the IDs of the transactions s lists.
func transactionIDs(t *testing.T, s *Store) []account.TransactionID {
	t.Helper()
	var ids []account.TransactionID
	for x, err := range s.Transactions(context.Background(), account.TransactionFilter{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, x.ID)
	}
	return ids
}

// sameIDs fails t if got and want differ.
func sameIDs[K comparable](t *testing.T, what string, got, want []K) {
	t.Helper()
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", what, diff)
	}
}

func TestAtomicCommits(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		err := s.Atomic(ctx, func(tx *Store) error {
			if _, err := tx.CreateAccount(ctx, atomicAccount("a")); err != nil {
				return err
			}
			if err := tx.AddTransactions(ctx, atomicTx("t1", "a"), atomicTx("t2", "a")); err != nil {
				return err
			}
			// The transaction sees its own writes, and versions move on
			// in it as outside.
			a, err := tx.Account(ctx, "a")
			if err != nil {
				return err
			}
			a.Name = "Renamed"
			if a, err = tx.UpdateAccount(ctx, a); err != nil || a.Version != 2 {
				t.Errorf("update in the transaction: version %d, %v", a.Version, err)
			}
			stale := a
			stale.Version = 1
			if _, err := tx.UpdateAccount(ctx, stale); !errors.Is(err, account.ErrConflict) {
				t.Errorf("stale update in the transaction: %v, want ErrConflict", err)
			}
			sameIDs(t, "transactions in the transaction", transactionIDs(t, tx), []account.TransactionID{"t1", "t2"})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		a, err := s.Account(ctx, "a")
		if err != nil || a.Name != "Renamed" || a.Version != 2 {
			t.Errorf("after commit: %+v, %v", a, err)
		}
		sameIDs(t, "transactions after commit", transactionIDs(t, s), []account.TransactionID{"t1", "t2"})
	})
}

func TestAtomicRollsBack(t *testing.T) {
	errStop := errors.New("stop")
	forEachDialect(t, func(t *testing.T, d Dialect) {
		ctx := context.Background()
		writeAll := func(tx *Store) error {
			for _, id := range []account.ID{"a", "b", "c"} {
				if _, err := tx.CreateAccount(ctx, atomicAccount(id)); err != nil {
					return err
				}
			}
			if _, err := tx.LoadTransactions(ctx, seqOf([]account.Transaction{atomicTx("t1", "a")}, nil)); err != nil {
				return err
			}
			return tx.AddTransactions(ctx, atomicTx("t2", "b"))
		}
		t.Run("error", func(t *testing.T) {
			s := newTestStore(t, d)
			err := s.Atomic(ctx, func(tx *Store) error {
				if err := writeAll(tx); err != nil {
					return err
				}
				return errStop
			})
			if err != errStop {
				t.Errorf("Atomic returned %v, want fn's error as it is", err)
			}
			sameIDs(t, "accounts", accountIDs(t, s), nil)
			sameIDs(t, "transactions", transactionIDs(t, s), nil)
		})
		t.Run("panic", func(t *testing.T) {
			s := newTestStore(t, d)
			func() {
				defer func() {
					if r := recover(); r != "boom" {
						t.Errorf("recovered %v, want the panic of fn", r)
					}
				}()
				s.Atomic(ctx, func(tx *Store) error {
					if err := writeAll(tx); err != nil {
						return err
					}
					panic("boom")
				})
				t.Error("Atomic returned after fn panicked")
			}()
			sameIDs(t, "accounts", accountIDs(t, s), nil)
			sameIDs(t, "transactions", transactionIDs(t, s), nil)
			// The store is usable: the connection went back rolled back.
			if _, err := s.CreateAccount(ctx, atomicAccount("a")); err != nil {
				t.Error(err)
			}
		})
		t.Run("cancel", func(t *testing.T) {
			s := newTestStore(t, d)
			cctx, cancel := context.WithCancel(ctx)
			defer cancel()
			err := s.Atomic(cctx, func(tx *Store) error {
				if err := writeAll(tx); err != nil {
					return err
				}
				cancel()
				return nil
			})
			if !errors.Is(err, context.Canceled) {
				t.Errorf("Atomic returned %v, want context.Canceled", err)
			}
			sameIDs(t, "accounts", accountIDs(t, s), nil)
			// A done context: fn is not called.
			called := false
			err = s.Atomic(cctx, func(*Store) error { called = true; return nil })
			if !errors.Is(err, context.Canceled) || called {
				t.Errorf("Atomic on a done context: %v, fn called %v", err, called)
			}
		})
	})
}

// A call that fails inside Atomic leaves nothing of itself, and the
// transaction goes on (on PostgreSQL too, where a failed statement would
// abort it without a savepoint).
func TestAtomicFailedCall(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		if err := s.AddTransactions(ctx, atomicTx("taken", "z")); err != nil {
			t.Fatal(err)
		}
		err := s.Atomic(ctx, func(tx *Store) error {
			if _, err := tx.CreateAccount(ctx, atomicAccount("a")); err != nil {
				return err
			}
			// A batch whose last ID is taken: all or none, in the
			// transaction too.
			err := tx.AddTransactions(ctx, atomicTx("t1", "a"), atomicTx("taken", "a"))
			if !errors.Is(err, account.ErrConflict) {
				t.Errorf("AddTransactions with a taken ID: %v", err)
			}
			_, err = tx.LoadTransactions(ctx, seqOf([]account.Transaction{atomicTx("t2", "a"), atomicTx("taken", "a")}, nil))
			if !errors.Is(err, account.ErrConflict) {
				t.Errorf("LoadTransactions with a taken ID: %v", err)
			}
			if _, err := tx.CreateAccount(ctx, atomicAccount("a")); !errors.Is(err, account.ErrConflict) {
				t.Errorf("second create: %v", err)
			}
			_, err = tx.CreateAccount(ctx, atomicAccount("b"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sameIDs(t, "accounts", accountIDs(t, s), []account.ID{"a", "b"})
		sameIDs(t, "transactions", transactionIDs(t, s), []account.TransactionID{"taken"})
	})
}

// Another Store, and the Store Atomic was called on, see nothing of the
// transaction until it commits.
func TestAtomicIsolation(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		dsn := testDSN(t, d)
		ctx := context.Background()
		s, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		other, err := Open(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		err = s.Atomic(ctx, func(tx *Store) error {
			if _, err := tx.CreateAccount(ctx, atomicAccount("a")); err != nil {
				return err
			}
			if err := tx.AddTransactions(ctx, atomicTx("t1", "a")); err != nil {
				return err
			}
			for name, st := range map[string]*Store{"the same Store": s, "another Store": other} {
				if _, err := st.Account(ctx, "a"); !errors.Is(err, account.ErrNotFound) {
					t.Errorf("%s reads an uncommitted account: %v", name, err)
				}
				sameIDs(t, name+"'s transactions", transactionIDs(t, st), nil)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := other.Account(ctx, "a"); err != nil {
			t.Errorf("after commit: %v", err)
		}
	})
}

// Two Atomic calls that write the same record at once: one wins, the
// other finds a conflict, on both dialects and whatever the order.
func TestAtomicConcurrent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		if _, err := s.CreateAccount(ctx, atomicAccount("shared")); err != nil {
			t.Fatal(err)
		}
		const n = 4
		for round := range 3 {
			var wg sync.WaitGroup
			errs := make([]error, 2*n)
			start := make(chan struct{})
			for i := range 2 * n {
				wg.Go(func() {
					<-start
					errs[i] = s.Atomic(ctx, func(tx *Store) error {
						if i%2 == 0 { // create one ID
							_, err := tx.CreateAccount(ctx, atomicAccount(account.ID("new-"+string(rune('a'+round)))))
							return err
						}
						// update one record at the version all read before
						a := atomicAccount("shared")
						a.Version = int64(round + 1)
						a.Name = "Round"
						_, err := tx.UpdateAccount(ctx, a)
						return err
					})
				})
			}
			close(start)
			wg.Wait()
			wins := [2]int{}
			for i, err := range errs {
				switch {
				case err == nil:
					wins[i%2]++
				case !errors.Is(err, account.ErrConflict):
					t.Errorf("round %d, call %d: %v", round, i, err)
				}
			}
			if wins != [2]int{1, 1} {
				t.Errorf("round %d: %v calls won (creates, updates), want one of each", round, wins)
			}
		}
		a, err := s.Account(ctx, "shared")
		if err != nil || a.Version != 4 {
			t.Errorf("shared after three rounds: version %d, %v", a.Version, err)
		}
	})
}

func TestAtomicUseAfterReturn(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		for _, fail := range []bool{false, true} {
			var kept *Store
			s.Atomic(ctx, func(tx *Store) error {
				kept = tx
				if fail {
					return errors.New("fail")
				}
				return nil
			})
			if _, err := kept.CreateAccount(ctx, atomicAccount("late")); !errors.Is(err, ErrTxDone) {
				t.Errorf("create after return: %v, want ErrTxDone", err)
			}
			if err := kept.AddTransactions(ctx, atomicTx("late", "late")); !errors.Is(err, ErrTxDone) {
				t.Errorf("add after return: %v, want ErrTxDone", err)
			}
			if _, err := kept.LoadTransactions(ctx, seqOf([]account.Transaction{atomicTx("late", "late")}, nil)); !errors.Is(err, ErrTxDone) {
				t.Errorf("load after return: %v, want ErrTxDone", err)
			}
			if err := kept.Atomic(ctx, func(*Store) error { return nil }); !errors.Is(err, ErrTxDone) {
				t.Errorf("Atomic after return: %v, want ErrTxDone", err)
			}
			for _, err := range kept.Accounts(ctx, account.AccountFilter{}) {
				if !errors.Is(err, ErrTxDone) {
					t.Errorf("list after return: %v, want ErrTxDone", err)
				}
			}
		}
		sameIDs(t, "accounts", accountIDs(t, s), nil)
		sameIDs(t, "transactions", transactionIDs(t, s), nil)
	})
}

func TestAtomicCloseMigrate(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		err := s.Atomic(ctx, func(tx *Store) error {
			if err := tx.Close(); !errors.Is(err, ErrInvalid) {
				t.Errorf("Close: %v, want ErrInvalid", err)
			}
			if err := tx.Migrate(ctx); !errors.Is(err, ErrInvalid) {
				t.Errorf("Migrate: %v, want ErrInvalid", err)
			}
			if tx.DB() != s.DB() || tx.Dialect() != d {
				t.Error("DB or Dialect of the transaction's Store differ from the Store's")
			}
			_, err := tx.CreateAccount(ctx, atomicAccount("a")) // still usable
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		sameIDs(t, "accounts", accountIDs(t, s), []account.ID{"a"})
		// A closed Store makes no transaction.
		s.Close()
		if err := s.Atomic(ctx, func(*Store) error { return nil }); !errors.Is(err, ErrClosed) {
			t.Errorf("Atomic after Close: %v, want ErrClosed", err)
		}
	})
}

func TestAtomicNested(t *testing.T) {
	errInner := errors.New("inner")
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		var inner *Store
		err := s.Atomic(ctx, func(tx *Store) error {
			if _, err := tx.CreateAccount(ctx, atomicAccount("outer")); err != nil {
				return err
			}
			// An inner call that fails undoes its own writes only.
			err := tx.Atomic(ctx, func(in *Store) error {
				if _, err := in.CreateAccount(ctx, atomicAccount("undone")); err != nil {
					return err
				}
				// and a level deeper, kept (until its parent rolls back)
				return in.Atomic(ctx, func(in2 *Store) error {
					_, err := in2.CreateAccount(ctx, atomicAccount("undone-deeper"))
					if err == nil {
						err = errInner
					}
					return err
				})
			})
			if err != errInner {
				t.Errorf("inner Atomic returned %v, want its fn's error", err)
			}
			func() {
				defer func() { recover() }()
				tx.Atomic(ctx, func(in *Store) error {
					in.CreateAccount(ctx, atomicAccount("panicked"))
					panic("inner")
				})
			}()
			// An inner call that succeeds joins the outer transaction.
			if err := tx.Atomic(ctx, func(in *Store) error {
				inner = in
				_, err := in.CreateAccount(ctx, atomicAccount("joined"))
				return err
			}); err != nil {
				return err
			}
			if _, err := inner.Account(ctx, "joined"); !errors.Is(err, ErrTxDone) {
				t.Errorf("inner Store after its fn returned: %v, want ErrTxDone", err)
			}
			if _, err := s.Account(ctx, "joined"); !errors.Is(err, account.ErrNotFound) {
				t.Errorf("a released savepoint is visible outside before the commit: %v", err)
			}
			sameIDs(t, "accounts in the transaction", accountIDs(t, tx), []account.ID{"joined", "outer"})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		sameIDs(t, "accounts", accountIDs(t, s), []account.ID{"joined", "outer"})
		// The outer call's rollback undoes an inner call that succeeded.
		err = s.Atomic(ctx, func(tx *Store) error {
			if err := tx.Atomic(ctx, func(in *Store) error {
				_, err := in.CreateAccount(ctx, atomicAccount("inner-ok"))
				return err
			}); err != nil {
				return err
			}
			return errInner
		})
		if err != errInner {
			t.Errorf("outer Atomic returned %v", err)
		}
		sameIDs(t, "accounts after the outer rollback", accountIDs(t, s), []account.ID{"joined", "outer"})
	})
}

// Calls of the transaction's Store from several goroutines take turns.
func TestAtomicGoroutines(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		const n = 16
		err := s.Atomic(ctx, func(tx *Store) error {
			if _, err := tx.CreateAccount(ctx, atomicAccount("taken")); err != nil {
				return err
			}
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i := range n {
				wg.Go(func() {
					id := account.ID("g" + string(rune('a'+i)))
					if _, err := tx.CreateAccount(ctx, atomicAccount(id)); err != nil {
						errs[i] = err
						return
					}
					// every goroutine also tries a taken ID: a conflict,
					// undone by its savepoint, never the others' writes
					if _, err := tx.CreateAccount(ctx, atomicAccount("taken")); !errors.Is(err, account.ErrConflict) {
						errs[i] = fmt.Errorf("create of a taken ID: %v", err)
					}
				})
			}
			wg.Wait()
			return errors.Join(errs...)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(accountIDs(t, s)); got != n+1 {
			t.Errorf("%d accounts stored, want %d", got, n+1)
		}
	})
}

// A sequence of a transaction's Store may be ranged while the same
// goroutine writes through it; on PostgreSQL it reads through a cursor,
// in batches, and sees the transaction as it was when the ranging began.
func TestAtomicSequenceWhileWriting(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		const n = 2*cursorBatch + 7 // three fetches, the last short
		err := s.Atomic(ctx, func(tx *Store) error {
			txs := make([]account.Transaction, n)
			for i := range txs {
				txs[i] = atomicTx(account.TransactionID(fmt.Sprintf("t%04d", i)), "a")
			}
			if err := tx.AddTransactions(ctx, txs...); err != nil {
				return err
			}
			i := 0
			for x, err := range tx.Transactions(ctx, account.TransactionFilter{}) {
				if err != nil {
					return err
				}
				if want := txs[min(i, n-1)].ID; i < n && x.ID != want {
					t.Errorf("row %d: %s, want %s", i, x.ID, want)
				}
				i++
				if i%100 == 0 { // a write between rows
					if _, err := tx.CreateAccount(ctx, atomicAccount(account.ID(fmt.Sprintf("a%04d", i)))); err != nil {
						return err
					}
				}
			}
			if i != n {
				t.Errorf("%d transactions ranged, want %d", i, n)
			}
			// Breaking out early closes the sequence; the next call works.
			for _, err := range tx.Transactions(ctx, account.TransactionFilter{}) {
				if err != nil {
					return err
				}
				break
			}
			_, err := tx.CreateAccount(ctx, atomicAccount("after"))
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := len(accountIDs(t, s)); got != n/100+1 {
			t.Errorf("%d accounts, want %d", got, n/100+1)
		}
		if d == DialectPostgres {
			// Breaking out closes the cursor, in a new transaction on the
			// connection too (its cursor has the name of the first one,
			// for another statement).
			err := s.Atomic(ctx, func(tx *Store) error {
				for _, err := range tx.Accounts(ctx, account.AccountFilter{}) {
					if err != nil {
						return err
					}
					break
				}
				var open int
				if err := tx.tx.sqlTx.QueryRowContext(ctx, "SELECT count(*) FROM pg_cursors WHERE name LIKE 'ka_cursor%'").Scan(&open); err != nil {
					return err
				}
				if open != 0 {
					t.Errorf("%d cursors open after breaking out of a sequence", open)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
	})
}

// LoadTransactions inside Atomic joins the transaction: on PostgreSQL,
// into the empty table, it drops and builds the index inside it, and
// whatever fails, the index is there after.
func TestAtomicLoadTransactions(t *testing.T) {
	errStop := errors.New("stop")
	forEachDialect(t, func(t *testing.T, d Dialect) {
		ctx := context.Background()
		txs := make([]account.Transaction, 1200)
		for i := range txs {
			txs[i] = atomicTx(account.TransactionID(fmt.Sprintf("t%04d", i)), account.ID(fmt.Sprintf("a%02d", i%7)))
		}
		dup := append(slices.Clone(txs), txs[3])
		for _, c := range []struct {
			name    string
			seq     []account.Transaction
			fnErr   error
			wantErr error
			want    int // transactions stored after
		}{
			{name: "commit", seq: txs, want: len(txs)},
			{name: "load fails", seq: dup, wantErr: account.ErrConflict, want: 0},
			{name: "fn fails after", seq: txs, fnErr: errStop, want: 0},
		} {
			t.Run(c.name, func(t *testing.T) {
				s := newTestStore(t, d)
				index := loadIndexDef(t, s)
				err := s.Atomic(ctx, func(tx *Store) error {
					n, err := tx.LoadTransactions(ctx, seqOf(c.seq, nil))
					if !errors.Is(err, c.wantErr) || (err == nil) != (c.wantErr == nil) {
						t.Errorf("load: %d, %v, want %v", n, err, c.wantErr)
					}
					// The transaction goes on after a failed load.
					if _, err := tx.CreateAccount(ctx, atomicAccount("kept")); err != nil {
						return err
					}
					if got := len(transactionIDs(t, tx)); got != int(n) {
						t.Errorf("the transaction sees %d transactions, the load stored %d", got, n)
					}
					return c.fnErr
				})
				if err != c.fnErr {
					t.Errorf("Atomic: %v, want %v", err, c.fnErr)
				}
				if got := len(transactionIDs(t, s)); got != c.want {
					t.Errorf("%d transactions stored, want %d", got, c.want)
				}
				if got := loadIndexDef(t, s); got != index {
					t.Errorf("index after: %q, want %q", got, index)
				}
				// The index is used as before: an account's transactions.
				if c.want > 0 {
					var n int
					for _, err := range s.Transactions(ctx, account.TransactionFilter{Account: "a03"}) {
						if err != nil {
							t.Fatal(err)
						}
						n++
					}
					if n != len(txs)/7 {
						t.Errorf("account a03 has %d transactions, want %d", n, len(txs)/7)
					}
				}
			})
		}
	})
}

// The transaction ends when Atomic's context does, even while fn runs: a
// call made then with another context fails with ErrTxDone. Closing the
// Store Atomic was called on makes the transaction's calls fail with
// ErrClosed.
func TestAtomicEndsWithItsContextAndStore(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		actx, cancel := context.WithCancel(ctx)
		err := s.Atomic(actx, func(tx *Store) error {
			if _, err := tx.CreateAccount(ctx, atomicAccount("a")); err != nil {
				return err
			}
			cancel() // database/sql rolls the transaction back, soon
			deadline := time.Now().Add(5 * time.Second)
			for {
				_, err := tx.Account(ctx, "a")
				if err != nil {
					if !errors.Is(err, ErrTxDone) {
						t.Errorf("a call after the Atomic's context ended: %v, want ErrTxDone", err)
					}
					return nil
				}
				if time.Now().After(deadline) {
					t.Error("the transaction outlived its context")
					return nil
				}
				time.Sleep(time.Millisecond)
			}
		})
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Atomic: %v, want context.Canceled", err)
		}
		sameIDs(t, "accounts", accountIDs(t, s), nil)

		err = s.Atomic(ctx, func(tx *Store) error {
			s.Close()
			_, err := tx.CreateAccount(ctx, atomicAccount("b"))
			if !errors.Is(err, ErrClosed) {
				t.Errorf("a call after Close of the Store: %v, want ErrClosed", err)
			}
			return err
		})
		if !errors.Is(err, ErrClosed) {
			t.Errorf("Atomic: %v, want ErrClosed", err)
		}
	})
}
