package storetest_test

import (
	"context"
	"iter"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
	"github.com/shopspring/decimal"
)

// A suite that passes everything proves nothing. Each broken store below
// breaks one promise of the contract on top of a correct memstore, and
// TestSuiteCatches checks that the subtests meant to catch it fail.
//
// Run fails the *testing.T it is given, so each broken store runs in a
// child process (this test binary, re-run with -test.run=^TestBrokenStore$
// and the store's name in brokenEnv), and the parent reads which subtests
// failed from the child's output.

const brokenEnv = "STORETEST_BROKEN_STORE"

var brokenStores = map[string]struct {
	newStore func() account.Store
	run      string   // the -test.run pattern below TestBrokenStore
	failures []string // subtests of TestBrokenStore that must fail, every time
	optional []string // subtests that fail by timing or random search, not counted on
}{
	"lost-update": {
		newStore: func() account.Store { return &lostUpdate{memstore.New()} },
		run:      "^(Accounts|Concurrency|Model)$/^(StaleVersion|NoLostUpdate|Accounts)$/^(Accounts)?$",
		failures: []string{"Accounts/StaleVersion"},
		optional: []string{"Concurrency/NoLostUpdate/Accounts", "Model/Accounts"},
	},
	"reversed": {
		newStore: func() account.Store { return &reversed{memstore.New()} },
		run:      "^(Accounts|Sequences|Model)$/^(Order|Filters|Accounts)$/^(Many)?$",
		failures: []string{"Accounts/Order", "Accounts/Filters", "Sequences/Accounts/Many"},
		optional: []string{"Model/Accounts"},
	},
	"inclusive-to": {
		newStore: func() account.Store { return &inclusiveTo{memstore.New()} },
		run:      "^(Transactions|Model)$/^(TimeRange|Order|Transactions)$",
		failures: []string{"Transactions/TimeRange", "Transactions/Order"},
		optional: []string{"Model/Transactions"},
	},
	"one-at-a-time": {
		newStore: func() account.Store { return &oneAtATime{memstore.New()} },
		run:      "^Transactions$/^(Invalid|AllOrNothing)$",
		failures: []string{"Transactions/Invalid", "Transactions/AllOrNothing"},
	},
	"aliasing": {
		newStore: func() account.Store { return &aliasing{Store: memstore.New()} },
		run:      "^Accounts$/^NoAliasing$",
		failures: []string{"Accounts/NoAliasing"},
	},
	"ignores-context": {
		newStore: func() account.Store { return &ignoresContext{memstore.New()} },
		run:      "^Context$",
		failures: []string{"Context/Cancelled/Calls", "Context/Cancelled/Sequences", "Context/DeadlineExceeded/Calls", "Context/CancelInsideLoop"},
	},
}

// TestBrokenStore runs the suite on the broken store named in brokenEnv; it
// is meant to fail, and is skipped unless TestSuiteCatches runs it.
func TestBrokenStore(t *testing.T) {
	name := os.Getenv(brokenEnv)
	if name == "" {
		t.Skip("runs only as a child of TestSuiteCatches")
	}
	storetest.Run(t, func(*testing.T) account.Store { return brokenStores[name].newStore() })
}

func TestSuiteCatches(t *testing.T) {
	for name, b := range brokenStores {
		expectCaught(t, "TestBrokenStore", brokenEnv, name, b.run, b.failures, b.optional)
	}
}

// expectCaught runs, as the subtest name of t and in a child process of
// this test binary, the subtests run (a -test.run pattern) below test (a
// path such as "TestBrokenTicketStore/Tickets"), with env set to name so
// that the child's TestBrokenXxx picks that broken store. It fails unless
// the child fails and, in it, every subtest in required (paths below test).
// The subtests in optional fail only by timing or by random search, so a
// loaded machine may miss them: they run, but one that passes is only
// logged, so that the check cannot flake.
func expectCaught(t *testing.T, test, env, name, run string, required, optional []string) {
	t.Helper()
	t.Run(name, func(t *testing.T) {
		if testing.Short() {
			t.Skip("runs the suite in a child process")
		}
		t.Parallel()
		pattern := ""
		for _, part := range strings.Split(test, "/") {
			pattern += "^" + part + "$/"
		}
		cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run="+pattern+run, "-test.count=1",
			"-rapid.nofailfile", "-rapid.shrinktime=2s")
		cmd.Env = append(os.Environ(), env+"="+name)
		out, err := cmd.CombinedOutput()
		if err == nil {
			t.Fatalf("the suite passed a store that breaks the contract (%s); output:\n%s", name, out)
		}
		failed := func(sub string) bool {
			return strings.Contains(string(out), "--- FAIL: "+test+"/"+sub+" ")
		}
		for _, f := range required {
			if !failed(f) {
				t.Errorf("subtest %s did not fail on the %s store; output:\n%s", f, name, out)
			}
		}
		for _, f := range optional {
			if !failed(f) {
				t.Logf("subtest %s (not required: it fails by timing or random search) did not fail on the %s store", f, name)
			}
		}
	})
}

// lostUpdate ignores the version of an account update: the last writer
// wins. It pauses after reads so that concurrent read-modify-writes
// overlap.
type lostUpdate struct{ account.Store }

func (s *lostUpdate) Account(ctx context.Context, id account.ID) (account.Account, error) {
	a, err := s.Store.Account(ctx, id)
	time.Sleep(100 * time.Microsecond)
	return a, err
}

func (s *lostUpdate) UpdateAccount(ctx context.Context, a account.Account) (account.Account, error) {
	if cur, err := s.Store.Account(ctx, a.ID); err == nil {
		a.Version = cur.Version
	}
	return s.Store.UpdateAccount(ctx, a)
}

// reversed lists accounts in descending ID order.
type reversed struct{ account.Store }

func (s *reversed) Accounts(ctx context.Context, f account.AccountFilter) iter.Seq2[account.Account, error] {
	return func(yield func(account.Account, error) bool) {
		var all []account.Account
		for a, err := range s.Store.Accounts(ctx, f) {
			if err != nil {
				yield(account.Account{}, err)
				return
			}
			all = append(all, a)
		}
		slices.Reverse(all)
		for _, a := range all {
			if !yield(a, nil) {
				return
			}
		}
	}
}

// inclusiveTo selects transactions at exactly To.
type inclusiveTo struct{ account.Store }

func (s *inclusiveTo) Transactions(ctx context.Context, f account.TransactionFilter) iter.Seq2[account.Transaction, error] {
	if !f.To.IsZero() {
		f.To = f.To.Add(time.Nanosecond)
	}
	return s.Store.Transactions(ctx, f)
}

// oneAtATime adds a batch of transactions one by one, stopping at the first
// failure but keeping what it stored before it.
type oneAtATime struct{ account.Store }

func (s *oneAtATime) AddTransactions(ctx context.Context, txs ...account.Transaction) error {
	for _, tx := range txs {
		if err := s.Store.AddTransactions(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// aliasing keeps the Attributes map a caller passed to CreateAccount and
// hands it back from Account.
type aliasing struct {
	account.Store
	mu    sync.Mutex
	attrs map[account.ID]map[string]decimal.Decimal
}

func (s *aliasing) CreateAccount(ctx context.Context, a account.Account) (account.Account, error) {
	got, err := s.Store.CreateAccount(ctx, a)
	if err == nil {
		s.mu.Lock()
		if s.attrs == nil {
			s.attrs = map[account.ID]map[string]decimal.Decimal{}
		}
		s.attrs[a.ID] = a.Attributes
		s.mu.Unlock()
	}
	return got, err
}

func (s *aliasing) Account(ctx context.Context, id account.ID) (account.Account, error) {
	a, err := s.Store.Account(ctx, id)
	s.mu.Lock()
	if m, ok := s.attrs[id]; ok && err == nil {
		a.Attributes = m
	}
	s.mu.Unlock()
	return a, err
}

// ignoresContext drops the context of account and transaction calls.
type ignoresContext struct{ account.Store }

func (s *ignoresContext) Account(_ context.Context, id account.ID) (account.Account, error) {
	return s.Store.Account(context.Background(), id)
}

func (s *ignoresContext) Accounts(_ context.Context, f account.AccountFilter) iter.Seq2[account.Account, error] {
	return s.Store.Accounts(context.Background(), f)
}

func (s *ignoresContext) AddTransactions(_ context.Context, txs ...account.Transaction) error {
	return s.Store.AddTransactions(context.Background(), txs...)
}
