package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// snapshot is everything a store holds, for checking that a failed call
// changed nothing.
type snapshot struct {
	Accounts     []account.Account
	Contacts     []account.Contact
	Managers     []account.Manager
	Transactions []account.Transaction
	Interactions []account.Interaction
}

func takeSnapshot(t reporter, ctx context.Context, s account.Store) snapshot {
	t.Helper()
	return snapshot{
		Accounts:     collect(t, "list accounts", accounts.all(s, ctx)),
		Contacts:     collect(t, "list contacts", contacts.all(s, ctx)),
		Managers:     collect(t, "list managers", managers.all(s, ctx)),
		Transactions: collect(t, "list transactions", transactions.list(s, ctx, logFilter{})),
		Interactions: collect(t, "list interactions", interactions.list(s, ctx, logFilter{})),
	}
}

// storeCall is one method of account.Store, called with a context on a
// store that seedOne has filled; every call would change the store or read
// a record if the context allowed it.
type storeCall struct {
	name string
	call func(ctx context.Context, s account.Store) error
}

func seedOne(t *testing.T, s account.Store) {
	ctx := t.Context()
	_, err := s.CreateAccount(ctx, accounts.sample("a-1", 1))
	wantNoErr(t, "create account", err)
	_, err = s.CreateContact(ctx, contacts.sample("c-1", 1))
	wantNoErr(t, "create contact", err)
	_, err = s.CreateManager(ctx, managers.sample("m-1", 1))
	wantNoErr(t, "create manager", err)
	wantNoErr(t, "add transaction", s.AddTransactions(ctx, transactions.sample("t-1", "a-1", hours(1), 1)))
	wantNoErr(t, "add interaction", s.AddInteractions(ctx, interactions.sample("i-1", "a-1", hours(1), 1)))
}

var storeCalls = []storeCall{
	{"Account", func(ctx context.Context, s account.Store) error { _, err := s.Account(ctx, "a-1"); return err }},
	{"CreateAccount", func(ctx context.Context, s account.Store) error {
		_, err := s.CreateAccount(ctx, accounts.sample("a-2", 2))
		return err
	}},
	{"UpdateAccount", func(ctx context.Context, s account.Store) error {
		_, err := s.UpdateAccount(ctx, accounts.withVersion(accounts.sample("a-1", 2), 1))
		return err
	}},
	{"DeleteAccount", func(ctx context.Context, s account.Store) error { return s.DeleteAccount(ctx, "a-1", 1) }},
	{"Contact", func(ctx context.Context, s account.Store) error { _, err := s.Contact(ctx, "c-1"); return err }},
	{"CreateContact", func(ctx context.Context, s account.Store) error {
		_, err := s.CreateContact(ctx, contacts.sample("c-2", 2))
		return err
	}},
	{"UpdateContact", func(ctx context.Context, s account.Store) error {
		_, err := s.UpdateContact(ctx, contacts.withVersion(contacts.sample("c-1", 2), 1))
		return err
	}},
	{"DeleteContact", func(ctx context.Context, s account.Store) error { return s.DeleteContact(ctx, "c-1", 1) }},
	{"Manager", func(ctx context.Context, s account.Store) error { _, err := s.Manager(ctx, "m-1"); return err }},
	{"CreateManager", func(ctx context.Context, s account.Store) error {
		_, err := s.CreateManager(ctx, managers.sample("m-2", 2))
		return err
	}},
	{"UpdateManager", func(ctx context.Context, s account.Store) error {
		_, err := s.UpdateManager(ctx, managers.withVersion(managers.sample("m-1", 2), 1))
		return err
	}},
	{"DeleteManager", func(ctx context.Context, s account.Store) error { return s.DeleteManager(ctx, "m-1", 1) }},
	{"AddTransactions", func(ctx context.Context, s account.Store) error {
		return s.AddTransactions(ctx, transactions.sample("t-2", "a-1", hours(2), 1))
	}},
	{"DeleteTransaction", func(ctx context.Context, s account.Store) error { return s.DeleteTransaction(ctx, "t-1") }},
	{"AddInteractions", func(ctx context.Context, s account.Store) error {
		return s.AddInteractions(ctx, interactions.sample("i-2", "a-1", hours(2), 1))
	}},
	{"DeleteInteraction", func(ctx context.Context, s account.Store) error { return s.DeleteInteraction(ctx, "i-1") }},
}

func testContext(t *testing.T, newStore func(*testing.T) account.Store) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	done := []struct {
		name string
		ctx  context.Context
		err  error
	}{
		{"Cancelled", cancelled, context.Canceled},
		{"DeadlineExceeded", expired, context.DeadlineExceeded},
	}

	for _, d := range done {
		t.Run(d.name+"/Calls", func(t *testing.T) {
			s := newStore(t)
			seedOne(t, s)
			before := takeSnapshot(t, t.Context(), s)
			for _, c := range storeCalls {
				wantErr(t, c.name, c.call(d.ctx, s), d.err)
			}
			diff(t, "store after calls on a done context", takeSnapshot(t, t.Context(), s), before)
		})

		t.Run(d.name+"/Sequences", func(t *testing.T) {
			s := newStore(t)
			for _, c := range seqCases() {
				seed(t, s, c, 3)
				var keys []string
				var errs []error
				for k, err := range c.keys(d.ctx, s) {
					keys, errs = append(keys, k), append(errs, err)
				}
				if len(errs) != 1 || keys[0] != "" || !errors.Is(errs[0], d.err) {
					t.Errorf("%s on a done context yields %d pairs, the first (%q, %v); want one pair, (zero value, error wrapping %q)",
						c.name, len(errs), first(keys), first(errs), d.err)
				}
			}
		})
	}

	t.Run("CancelInsideLoop", func(t *testing.T) {
		s := newStore(t)
		for _, c := range seqCases() {
			seed(t, s, c, 3)
			ctx, cancel := context.WithCancel(t.Context())
			var keys []string
			var errs []error
			for k, err := range c.keys(ctx, s) {
				keys, errs = append(keys, k), append(errs, err)
				cancel()
			}
			cancel()
			// The first record came before the cancel; after it the
			// sequence must end with the context's error, and only once.
			n := len(errs)
			switch {
			case n < 2 || errs[0] != nil:
				t.Errorf("%s cancelled after its first record yields %d pairs, first error %v; want a record, then the context's error", c.name, n, first(errs))
			case !errors.Is(errs[n-1], context.Canceled) || keys[n-1] != "":
				t.Errorf("%s cancelled after its first record ends with (%q, %v), want (zero value, error wrapping %q)", c.name, keys[n-1], errs[n-1], context.Canceled)
			case slices.ContainsFunc(errs[:n-1], func(err error) bool { return err != nil }):
				t.Errorf("%s cancelled after its first record yields errors %v; want one error, at the end", c.name, errs)
			}
		}
	})
}

// first returns the first element of s, or the zero value.
func first[T any](s []T) T {
	var zero T
	if len(s) == 0 {
		return zero
	}
	return s[0]
}
