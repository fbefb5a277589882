package tiering_test

import (
	"fmt"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// largeAccounts returns n accounts in the order given by perm (nil for
// ascending), large enough for Score to split its work across goroutines.
func largeAccounts(n int, perm func(int) int) []account.Account {
	accounts := make([]account.Account, n)
	for i := range accounts {
		j := i
		if perm != nil {
			j = perm(i)
		}
		attrs := map[string]decimal.Decimal{
			"revenue": decimal.NewFromInt(int64(j*7919%100_003) * 10),
			"nps":     decimal.NewFromInt(int64(j%201 - 100)),
		}
		if j%13 == 0 {
			delete(attrs, "nps")
		}
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("acct-%06d", j)), Tier: account.Tier(1 + j%3), Attributes: attrs}
	}
	return accounts
}

var largeCard = tiering.Scorecard{Name: "large", Measures: []tiering.Measure{
	{Name: "revenue", Weight: 60, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationPercentileRank},
	{Name: "nps", Weight: 40, Source: tiering.Attribute("nps"), Normalisation: tiering.NormalisationZScore, Missing: tiering.MissingMedian},
}}

// The concurrent paths of Score give the same result whatever the order of
// accounts, and report the same error.
func TestLargePortfolio(t *testing.T) {
	const n = 60_000
	reverse := func(i int) int { return n - 1 - i }
	a, err := tiering.Score(largeAccounts(n, nil), largeCard)
	if err != nil {
		t.Fatal(err)
	}
	b, err := tiering.Score(largeAccounts(n, reverse), largeCard)
	if err != nil {
		t.Fatal(err)
	}
	p := tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{{Share: decimal.RequireFromString("0.1")}, {}},
		Hysteresis: tiering.Hysteresis{Up: 2 * tiering.Point, Down: 2 * tiering.Point}}
	ta, err := p.Apply(a, tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}
	tb, err := p.Apply(b, tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		j := reverse(i)
		if a.Total(i) != b.Total(j) || ta.Tier(i) != tb.Tier(j) {
			t.Fatalf("%s: %s %s in order, %s %s reversed", a.ID(i), a.Total(i), ta.Tier(i), b.Total(j), tb.Tier(j))
		}
	}

	for _, perm := range []func(int) int{nil, reverse} {
		accounts := largeAccounts(n, perm)
		for i := range accounts {
			if id := accounts[i].ID; id == "acct-000500" || id == "acct-059000" {
				accounts[i].Attributes["revenue"] = decimal.RequireFromString("1e999")
			}
		}
		_, err := tiering.Score(accounts, largeCard)
		checkFieldError(t, err, account.FieldError{Record: "Account", ID: "acct-000500", Field: "Values[revenue]", Err: tiering.ErrBadValue})
	}
}
