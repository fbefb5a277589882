package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fixture/portfoliogen"
	"github.com/keyaccount/keyaccount/store/memstore"
)

func TestStoreDSN(t *testing.T) {
	for _, c := range []struct{ in, want, err string }{
		{"", "", ""},
		{"sqlite:pack.db", "sqlite:pack.db", ""},
		{"sqlite:/tmp/a b.db", "sqlite:/tmp/a b.db", ""},
		{"postgres:postgres://ka@127.0.0.1:5432/crm?sslmode=disable", "postgres://ka@127.0.0.1:5432/crm?sslmode=disable", ""},
		{"postgres:postgresql://ka@db/crm", "postgresql://ka@db/crm", ""},
		{"postgres://ka@db/crm", "postgres://ka@db/crm", ""},
		{"postgresql://ka@db/crm", "postgresql://ka@db/crm", ""},
		{"sqlite:", "", "needs a file"},
		{"postgres:", "", "needs a URL"},
		{"postgres:db", "", "needs a URL"},
		{"memory", "", "must be sqlite:FILE or postgres:URL"},
		{"SQLITE:x.db", "", "must be sqlite:FILE or postgres:URL"},
	} {
		got, err := storeDSN(c.in)
		if c.err == "" && (err != nil || got != c.want) {
			t.Errorf("storeDSN(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
		if c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)) {
			t.Errorf("storeDSN(%q) = %q, %v; want an error with %q", c.in, got, err, c.err)
		}
	}
}

// sample is the default portfolio, generated once for the package's tests.
var sample = func() *portfoliogen.Portfolio {
	p, err := portfoliogen.New(portfoliogen.Options{})
	if err != nil {
		panic(err)
	}
	return p
}()

// fill loads an empty store, reads one that holds the portfolio, and
// refuses one that holds another portfolio or a load cut short.
func TestFill(t *testing.T) {
	ctx := context.Background()
	s := memstore.New()
	if loaded, err := fill(ctx, s, sample, nil); err != nil || !loaded {
		t.Fatalf("fill of an empty store = %v, %v; want a load", loaded, err)
	}
	if loaded, err := fill(ctx, s, sample, nil); err != nil || loaded {
		t.Fatalf("fill of a filled store = %v, %v; want no load and no error", loaded, err)
	}

	larger := *sample
	larger.Accounts = append(slices.Clone(sample.Accounts), account.Account{ID: "Z999", Name: "Not stored"})
	if _, err := fill(ctx, s, &larger, nil); !errors.Is(err, errOtherPortfolio) || !strings.Contains(err.Error(), "has 443 accounts") {
		t.Errorf("fill with a larger sample: %v, want errOtherPortfolio naming the count", err)
	}
	other, err := portfoliogen.New(portfoliogen.Options{Accounts: 444})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fill(ctx, s, other, nil); !errors.Is(err, errOtherPortfolio) {
		t.Errorf("fill with a sample of 444 accounts: %v, want errOtherPortfolio", err)
	}
	seed2, err := portfoliogen.New(portfoliogen.Options{Seed: 2, Accounts: 30})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fill(ctx, s, seed2, nil); !errors.Is(err, errOtherPortfolio) {
		t.Errorf("fill with another sample: %v, want errOtherPortfolio", err)
	}
	extra := memstore.New()
	if _, err := fill(ctx, extra, sample, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := extra.CreateAccount(ctx, account.Account{ID: "Z999", Name: "Someone else's"}); err != nil {
		t.Fatal(err)
	}
	if _, err := fill(ctx, extra, sample, nil); !errors.Is(err, errOtherPortfolio) || !strings.Contains(err.Error(), "Z999") {
		t.Errorf("fill of a store with another account: %v, want errOtherPortfolio naming Z999", err)
	}

	// A load cut short: the last action item is missing.
	cut := memstore.New()
	if _, err := fill(ctx, cut, sample, nil); err != nil {
		t.Fatal(err)
	}
	last := sample.Actions[len(sample.Actions)-1]
	if err := cut.DeleteAction(ctx, last.ID, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := fill(ctx, cut, sample, nil); !errors.Is(err, errOtherPortfolio) || !strings.Contains(err.Error(), "not finished") {
		t.Errorf("fill of a half-loaded store: %v, want errOtherPortfolio saying the load was not finished", err)
	}
}
