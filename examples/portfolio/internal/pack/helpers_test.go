package pack_test

import (
	"context"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// portfolio returns the sample portfolio of n accounts as of the pack's
// default instant.
func portfolio(n int) sample.Portfolio {
	return sample.New(sample.Options{Accounts: n, Managers: max(2, n*16/300), At: pack.DefaultAt})
}

// tb is what the helpers need of a test: testing.TB or *rapid.T.
type tb interface {
	Helper()
	Fatal(args ...any)
}

// fill loads p into s, in the order given.
func fill(tb tb, s account.Store, p sample.Portfolio) {
	tb.Helper()
	ctx := context.Background()
	for _, m := range p.Managers {
		if _, err := s.CreateManager(ctx, m); err != nil {
			tb.Fatal(err)
		}
	}
	for _, a := range p.Accounts {
		if _, err := s.CreateAccount(ctx, a); err != nil {
			tb.Fatal(err)
		}
	}
	for _, c := range p.Contacts {
		if _, err := s.CreateContact(ctx, c); err != nil {
			tb.Fatal(err)
		}
	}
	if err := s.AddTransactions(ctx, p.Transactions...); err != nil {
		tb.Fatal(err)
	}
	if err := s.AddInteractions(ctx, p.Interactions...); err != nil {
		tb.Fatal(err)
	}
}

// memory returns a memstore holding p.
func memory(tb tb, p sample.Portfolio) *memstore.Store {
	s := memstore.New()
	fill(tb, s, p)
	return s
}
