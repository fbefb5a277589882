package memstore_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
	"pgregory.net/rapid"
)

// TestConformance runs the conformance suite that every store passes.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(*testing.T) account.Store { return memstore.New() })
}

func TestZeroStore(t *testing.T) {
	ctx := t.Context()
	var s memstore.Store
	if _, err := s.Account(ctx, "acme"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("Account on a zero Store: error = %v, want ErrNotFound", err)
	}
	for _, err := range s.Accounts(ctx, account.AccountFilter{}) {
		t.Errorf("Accounts on a zero Store yields something (error %v)", err)
	}
	for _, err := range s.Transactions(ctx, account.TransactionFilter{Account: "acme"}) {
		t.Errorf("Transactions on a zero Store yields something (error %v)", err)
	}
	if err := s.DeleteInteraction(ctx, "i-1"); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("DeleteInteraction on a zero Store: error = %v, want ErrNotFound", err)
	}
	if _, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme"}); err != nil {
		t.Fatalf("CreateAccount on a zero Store: %v", err)
	}
	if err := s.AddTransactions(ctx, account.Transaction{ID: "t-1", Account: "acme", At: time.Unix(0, 1), Amount: account.MustParseMoney("NZD 1"), Kind: account.TransactionRevenue}); err != nil {
		t.Fatalf("AddTransactions on a zero Store: %v", err)
	}
}

// The contract leaves the error for a create with a non-zero version open;
// memstore documents ErrInvalid with a FieldError for Version.
func TestCreateWithVersionIsInvalid(t *testing.T) {
	_, err := memstore.New().CreateManager(t.Context(), account.Manager{ID: "m-1", Name: "Mia", Version: 4})
	var fe *account.FieldError
	if !errors.Is(err, account.ErrInvalid) || !errors.As(err, &fe) {
		t.Fatalf("error = %v, want ErrInvalid with a *account.FieldError", err)
	}
	if fe.Record != "Manager" || fe.ID != "m-1" || fe.Field != "Version" || fe.Value != int64(4) {
		t.Errorf("FieldError = %+v, want Manager \"m-1\", Field Version, Value 4", *fe)
	}
}

// Errors name the record at fault. The kinds are checked with errors.Is by
// the conformance suite; this checks the text names the ID, which no
// sentinel can.
func TestErrorsNameTheRecord(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	tx := account.Transaction{ID: "inv-42", Account: "acme", At: time.Unix(1, 0), Amount: account.MustParseMoney("NZD 1"), Kind: account.TransactionRevenue}
	if _, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme"}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTransactions(ctx, tx); err != nil {
		t.Fatal(err)
	}
	other := tx
	other.ID = "inv-43"
	tests := []struct {
		name, id string
		err      error
	}{
		{"read missing", "nope", func() error { _, err := s.Account(ctx, "nope"); return err }()},
		{"create taken", "acme", func() error { _, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "A"}); return err }()},
		{"stale update", "acme", func() error {
			_, err := s.UpdateAccount(ctx, account.Account{ID: "acme", Name: "A", Version: 7})
			return err
		}()},
		{"stale delete", "acme", s.DeleteAccount(ctx, "acme", 3)},
		{"invalid", "bad", func() error { _, err := s.CreateContact(ctx, account.Contact{ID: "bad"}); return err }()},
		{"taken transaction", "inv-42", s.AddTransactions(ctx, tx)},
		{"repeated in batch", "inv-43", s.AddTransactions(ctx, other, other)},
		{"delete missing transaction", "inv-44", s.DeleteTransaction(ctx, "inv-44")},
	}
	for _, tt := range tests {
		if tt.err == nil {
			t.Errorf("%s: no error", tt.name)
		} else if !strings.Contains(tt.err.Error(), `"`+tt.id+`"`) {
			t.Errorf("%s: error %q does not name %q", tt.name, tt.err, tt.id)
		}
	}
}

// A sequence reads a chunk of records at a time. These properties use far
// more records than a chunk, filters that skip most of them, and deletes
// and re-creates that leave the lazy indexes out of order, and compare
// every listing with a brute-force one.
func TestLargeAccountsProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		n := rapid.IntRange(0, 2500).Draw(t, "accounts")
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 1))
		s := memstore.New()
		model := map[account.ID]account.Account{}
		for range n {
			id := account.ID(fmt.Sprintf("%x", rng.Uint32N(1<<20)))
			if _, taken := model[id]; taken {
				continue
			}
			a, err := s.CreateAccount(ctx, account.Account{ID: id, Name: "A", Owner: account.ManagerID(fmt.Sprint("m", rng.IntN(1000)))})
			if err != nil {
				t.Fatal(err)
			}
			model[id] = a
			if rng.IntN(4) == 0 { // delete a random earlier account
				for victim := range model {
					if err := s.DeleteAccount(ctx, victim, 1); err != nil {
						t.Fatal(err)
					}
					delete(model, victim)
					break
				}
			}
		}
		filters := []account.AccountFilter{{}, {Owner: "m7"}, {Owner: account.ManagerID(fmt.Sprint("m", rapid.IntRange(0, 999).Draw(t, "owner")))}}
		for _, f := range filters {
			var want []account.Account
			for _, a := range model {
				if f.Match(a) {
					want = append(want, a)
				}
			}
			slices.SortFunc(want, func(a, b account.Account) int { return cmp.Compare(a.ID, b.ID) })
			var got []account.Account
			for a, err := range s.Accounts(ctx, f) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, a)
			}
			// IDs only: go-cmp over thousands of whole records is slow, and
			// the conformance suite compares whole records.
			if d := gocmp.Diff(accountIDs(got), accountIDs(want), cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("Accounts(%+v) mismatch (-got +want):\n%s", f, d)
			}
		}
	})
}

func TestLargeTransactionsProperty(t *testing.T) {
	base := time.Date(2025, time.January, 1, 0, 0, 0, 0, time.UTC)
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		n := rapid.IntRange(0, 2500).Draw(t, "transactions")
		accounts := rapid.IntRange(1, 2000).Draw(t, "accounts")
		rng := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 2))
		s := memstore.New()
		var model []account.Transaction
		serial := 0
		for len(model) < n {
			batch := make([]account.Transaction, 1+rng.IntN(300))
			for i := range batch {
				batch[i] = account.Transaction{
					ID:      account.TransactionID(fmt.Sprint("t", serial+i)),
					Account: account.ID(fmt.Sprint("a", rng.IntN(accounts))),
					At:      base.Add(time.Duration(rng.IntN(100)) * time.Hour),
					Amount:  account.MustParseMoney("NZD 1"),
					Kind:    account.TransactionKind(1 + rng.IntN(2)),
				}
			}
			if err := s.AddTransactions(ctx, batch...); err != nil {
				t.Fatal(err)
			}
			model = append(model, batch...)
			serial += len(batch)
			if len(model) > 0 && rng.IntN(3) == 0 {
				i := rng.IntN(len(model))
				if err := s.DeleteTransaction(ctx, model[i].ID); err != nil {
					t.Fatal(err)
				}
				model = slices.Delete(model, i, i+1)
			}
		}
		slices.SortFunc(model, func(a, b account.Transaction) int {
			return cmp.Or(cmp.Compare(a.Account, b.Account), a.At.Compare(b.At), cmp.Compare(a.ID, b.ID))
		})
		hour := func(label string) time.Time {
			return base.Add(time.Duration(rapid.IntRange(0, 100).Draw(t, label)) * time.Hour)
		}
		filters := []account.TransactionFilter{
			{},
			{Kind: account.TransactionCost},
			{From: hour("from"), To: hour("to")},
			{From: hour("narrow from"), To: hour("narrow from").Add(time.Hour), Kind: account.TransactionRevenue},
			{Account: account.ID(fmt.Sprint("a", rapid.IntRange(0, accounts-1).Draw(t, "account"))), From: hour("account from")},
		}
		for _, f := range filters {
			var want []account.Transaction
			for _, tx := range model {
				if f.Match(tx) {
					want = append(want, tx)
				}
			}
			var got []account.Transaction
			for tx, err := range s.Transactions(ctx, f) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, tx)
			}
			if d := gocmp.Diff(ids(got), ids(want), cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("Transactions(%+v) mismatch (-got +want):\n%s", f, d)
			}
		}
	})
}

func accountIDs(as []account.Account) []account.ID {
	out := make([]account.ID, len(as))
	for i, a := range as {
		out[i] = a.ID
	}
	return out
}

func ids(txs []account.Transaction) []account.TransactionID {
	out := make([]account.TransactionID, len(txs))
	for i, tx := range txs {
		out[i] = tx.ID
	}
	return out
}
