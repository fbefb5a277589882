package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/fixture/portfoliogen"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/sqlstore"
)

// storeDSN turns the -store flag's value into the data source name
// sqlstore.Open takes: "sqlite:FILE" as it is, "postgres:URL" as its URL
// (a postgres:// or postgresql:// URL may also be given alone). "" is the
// in-memory store.
func storeDSN(v string) (string, error) {
	switch {
	case v == "":
		return "", nil
	case strings.HasPrefix(v, "sqlite:"):
		if strings.TrimPrefix(v, "sqlite:") == "" {
			return "", errors.New("sqlite: needs a file: sqlite:FILE")
		}
		return v, nil
	case strings.HasPrefix(v, "postgres://"), strings.HasPrefix(v, "postgresql://"):
		return v, nil
	case strings.HasPrefix(v, "postgres:"):
		url := strings.TrimPrefix(v, "postgres:")
		if !strings.HasPrefix(url, "postgres://") && !strings.HasPrefix(url, "postgresql://") {
			return "", errors.New("postgres: needs a URL: postgres:postgres://USER@HOST:PORT/DATABASE")
		}
		return url, nil
	}
	return "", errors.New("must be sqlite:FILE or postgres:URL")
}

// openStore opens the store dsn names (memstore for ""), and returns it
// with the function that closes it.
func openStore(ctx context.Context, dsn string) (pack.Store, func() error, error) {
	if dsn == "" {
		return memstore.New(), func() error { return nil }, nil
	}
	s, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, nil, err
	}
	return s, s.Close, nil
}

// errOtherPortfolio reports a store that holds records, but not the sample
// portfolio the flags describe.
var errOtherPortfolio = errors.New("the store holds another portfolio")

// fill makes s hold the portfolio p: it loads p into s when s holds no
// account, and checks that s holds p when it does. A SQL store is loaded in
// one database transaction (sqlstore's Atomic), so that a load that fails
// leaves it empty. The check is that s holds p's accounts, exactly, and the
// last record p.Load writes: a store filled with another -seed or
// -accounts, by another application, or half-filled by a load that was not
// atomic is refused.
func fill(ctx context.Context, s pack.Store, p *portfoliogen.Portfolio, pr *progress) (loaded bool, err error) {
	empty := true
	for _, err := range s.Accounts(ctx, account.AccountFilter{}) {
		if err != nil {
			return false, err
		}
		empty = false
		break
	}
	if empty {
		pr.begin("loading the sample portfolio into the store")
		defer pr.end()
		var ls portfoliogen.Store = s
		if sq, ok := s.(*sqlstore.Store); ok {
			ls = portfoliogen.Atomic(sq) // one database transaction: all or nothing, and fast
		}
		return true, p.Load(ctx, ls, func(step string, done, total int) { pr.update(step, done, total) })
	}
	pr.begin("checking the store")
	defer pr.end()
	i := 0
	for a, err := range s.Accounts(ctx, account.AccountFilter{}) {
		if err != nil {
			return false, err
		}
		if i >= len(p.Accounts) || a.ID != p.Accounts[i].ID {
			return false, fmt.Errorf("%w: account %s is not in the sample of -seed %d -accounts %d", errOtherPortfolio, a.ID, p.Options.Seed, p.Options.Accounts)
		}
		i++
	}
	if i < len(p.Accounts) {
		return false, fmt.Errorf("%w: it has %d accounts, the sample of -seed %d -accounts %d has %d", errOtherPortfolio, i, p.Options.Seed, p.Options.Accounts, len(p.Accounts))
	}
	if n := len(p.Actions); n > 0 {
		if _, err := s.Action(ctx, p.Actions[n-1].ID); errors.Is(err, account.ErrNotFound) {
			return false, fmt.Errorf("%w: its load was not finished (action item %s is missing); load into an empty store", errOtherPortfolio, p.Actions[n-1].ID)
		} else if err != nil {
			return false, err
		}
	}
	return false, nil
}
