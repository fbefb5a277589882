package storetest

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/keyaccount/keyaccount/account"
)

// Goroutines and rounds of the concurrency checks: enough for lost updates
// and torn reads to show, especially under the race detector, and few
// enough for a database-backed store.
const (
	workers = 8
	rounds  = 16
)

func testConcurrency(t *testing.T, newStore func(*testing.T) account.Store) {
	t.Run("NoLostUpdate", func(t *testing.T) {
		t.Run("Accounts", func(t *testing.T) { testNoLostUpdate(t, newStore(t), accounts) })
		t.Run("Contacts", func(t *testing.T) { testNoLostUpdate(t, newStore(t), contacts) })
		t.Run("Managers", func(t *testing.T) { testNoLostUpdate(t, newStore(t), managers) })
	})
	t.Run("CreateRace", func(t *testing.T) {
		t.Run("Accounts", func(t *testing.T) { testCreateRace(t, newStore(t), accounts) })
		t.Run("Contacts", func(t *testing.T) { testCreateRace(t, newStore(t), contacts) })
		t.Run("Managers", func(t *testing.T) { testCreateRace(t, newStore(t), managers) })
	})
	t.Run("AddRace", func(t *testing.T) {
		t.Run("Transactions", func(t *testing.T) { testAddRace(t, newStore(t), transactions) })
		t.Run("Interactions", func(t *testing.T) { testAddRace(t, newStore(t), interactions) })
	})
	t.Run("ReadersAndWriters", func(t *testing.T) { testReadersAndWriters(t, newStore(t)) })
}

// testNoLostUpdate has workers goroutines each append rounds "+" to one
// record's name by read-modify-write, retrying on a conflict. Every append
// must survive, and the version count them all.
func testNoLostUpdate[K ~string, R any](t *testing.T, s account.Store, k *recordKind[K, R]) {
	ctx := t.Context()
	_, err := k.create(s, ctx, k.withLabel(k.sample("shared", 1), "n"))
	wantNoErr(t, "create", err)
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			for range rounds {
				for {
					r, err := k.get(s, ctx, "shared")
					if err != nil {
						errs <- fmt.Errorf("read: %w", err)
						return
					}
					_, err = k.update(s, ctx, k.withLabel(r, k.label(r)+"+"))
					if err == nil {
						break
					}
					if !errors.Is(err, account.ErrConflict) {
						errs <- fmt.Errorf("update: %w", err)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	r, err := k.get(s, ctx, "shared")
	wantNoErr(t, "read", err)
	if got, want := strings.Count(k.label(r), "+"), workers*rounds; got != want {
		t.Errorf("%d of %d concurrent updates survive: updates were lost", got, want)
	}
	if got, want := k.version(r), int64(1+workers*rounds); got != want {
		t.Errorf("version after %d updates = %d, want %d", workers*rounds, got, want)
	}
}

// testCreateRace has workers goroutines create records with one ID at
// once: exactly one wins, and the others get a conflict.
func testCreateRace[K ~string, R any](t *testing.T, s account.Store, k *recordKind[K, R]) {
	ctx := t.Context()
	results := make([]error, workers)
	created := make([]R, workers)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() { created[g], results[g] = k.create(s, ctx, k.sample("contested", g)) })
	}
	wg.Wait()
	winner := -1
	for g, err := range results {
		switch {
		case err == nil && winner >= 0:
			t.Errorf("creates %d and %d of one ID both succeeded", winner, g)
		case err == nil:
			winner = g
		default:
			wantErr(t, "losing create", err, account.ErrConflict)
		}
	}
	if winner < 0 {
		t.Fatal("no create of the contested ID succeeded")
	}
	got, err := k.get(s, ctx, "contested")
	wantNoErr(t, "read", err)
	diff(t, "the stored record is the winner's", got, created[winner])
}

// testAddRace has workers goroutines each add a batch of their own records
// plus one contested record with a shared ID: exactly one batch containing
// it wins, and every record of the other batches stands alone.
func testAddRace[K ~string, R any](t *testing.T, s account.Store, k *logKind[K, R]) {
	ctx := t.Context()
	results := make([]error, workers)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			acct := account.ID(fmt.Sprintf("acct-%d", g%3))
			var own []R
			for i := range rounds {
				own = append(own, k.sample(K(fmt.Sprintf("g%d-%02d", g, i)), acct, hours(i), 1))
			}
			if err := k.add(s, ctx, own...); err != nil {
				results[g] = fmt.Errorf("own batch: %w", err)
				return
			}
			results[g] = k.add(s, ctx, k.sample("contested", acct, hours(g), 1))
		})
	}
	wg.Wait()
	winners := 0
	for _, err := range results {
		if err == nil {
			winners++
		} else {
			wantErr(t, "losing add", err, account.ErrConflict)
		}
	}
	if winners != 1 {
		t.Errorf("%d adds of one contested ID succeeded, want exactly 1", winners)
	}
	got := collect(t, "list", k.list(s, ctx, logFilter{}))
	if want := workers*rounds + 1; len(got) != want {
		t.Errorf("%d records stored, want %d", len(got), want)
	}
}

// testReadersAndWriters lists accounts and transactions while other
// goroutines create, update and delete them. Every listing must be in
// order; under the race detector this also checks the store's locking.
func testReadersAndWriters(t *testing.T, s account.Store) {
	ctx := t.Context()
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			for i := range rounds * 4 {
				id := account.ID(fmt.Sprintf("w%d-%03d", w, i))
				a, err := s.CreateAccount(ctx, accounts.sample(id, i))
				if err == nil {
					a.Tier = 1
					a, err = s.UpdateAccount(ctx, a)
				}
				if err == nil && i%3 == 0 {
					err = s.DeleteAccount(ctx, id, a.Version)
				}
				if err == nil {
					err = s.AddTransactions(ctx, transactions.sample(account.TransactionID(id), id, hours(i), 1))
				}
				if err != nil {
					t.Errorf("writer %d: %v", w, err)
					return
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range rounds {
				var keys []string
				for a, err := range s.Accounts(ctx, account.AccountFilter{}) {
					if err != nil {
						t.Errorf("list accounts: %v", err)
						return
					}
					keys = append(keys, string(a.ID))
				}
				wantAscending(t, "accounts listed during writes", keys)
				keys = keys[:0]
				for tx, err := range s.Transactions(ctx, account.TransactionFilter{}) {
					if err != nil {
						t.Errorf("list transactions: %v", err)
						return
					}
					keys = append(keys, string(tx.Account)+"\x00"+string(tx.ID)) // one per account, so the account orders them
				}
				wantAscending(t, "transactions listed during writes", keys)
			}
		})
	}
	wg.Wait()
}
