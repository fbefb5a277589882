package growth_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

// benchPortfolio builds roots top-level accounts with centres buying
// centres each, offerings offerings, and perCentre holdings per buying
// centre, deterministically.
func benchPortfolio(roots, centres, offerings, perCentre int) growth.Portfolio {
	rng := rand.New(rand.NewPCG(19, 1))
	var p growth.Portfolio
	for o := range offerings {
		p.Offerings = append(p.Offerings, growth.Offering{ID: account.OfferingID(fmt.Sprintf("off-%03d", o)), Name: "Offering",
			Family: fmt.Sprintf("fam-%02d", o%20), Lifecycle: growth.LifecycleActive})
	}
	p.Sizes = make(map[account.ID]decimal.Decimal, roots)
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	nzd := account.Currency("NZD")
	for r := range roots {
		id := account.ID(fmt.Sprintf("acct-%06d", r))
		p.Accounts = append(p.Accounts, account.Account{ID: id, Name: "A", Tier: account.Tier(1 + r%3), Segment: fmt.Sprintf("seg-%d", r%7)})
		p.Sizes[id] = decimal.NewFromInt(int64(100_000 + rng.IntN(10_000_000)))
		for c := range centres {
			cid := account.ID(fmt.Sprintf("%s-bc%d", id, c))
			p.Accounts = append(p.Accounts, account.Account{ID: cid, Name: "C", Parent: id})
			for range perCentre {
				o := rng.IntN(offerings)
				if rng.IntN(2) == 0 {
					o = rng.IntN(offerings / 10) // popular offerings
				}
				amt, _ := account.NewMoney(decimal.NewFromInt(int64(1000+rng.IntN(100_000))), nzd)
				p.Holdings = append(p.Holdings, growth.Holding{ID: growth.HoldingID(fmt.Sprintf("h-%d", len(p.Holdings))),
					Account: cid, Offering: p.Offerings[o].ID, Start: start, Annual: amt})
			}
		}
	}
	return p
}

// BenchmarkWhiteSpace is the target: the white space with ranked
// suggestions for 100,000 accounts, 500,000 buying centres and 200
// offerings (2 holdings per buying centre, 1,000,000 in all), under 1 s.
func BenchmarkWhiteSpace(b *testing.B) {
	p := benchPortfolio(100_000, 5, 200, 2)
	opts := growth.WhiteSpaceOptions{At: time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC), Currency: "NZD", Peers: growth.PeerTier}
	var ws *growth.WhiteSpace
	defer cpuPerOp(b)()
	for b.Loop() {
		var err error
		ws, err = growth.NewWhiteSpace(p, opts)
		if err != nil {
			b.Fatal(err)
		}
	}
	s, _ := ws.Suggestions("acct-000000")
	if len(s) == 0 {
		b.Fatal("no suggestions")
	}
}
