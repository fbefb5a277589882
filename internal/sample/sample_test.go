package sample_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/sample"
	"github.com/shopspring/decimal"
)

func TestDeterministic(t *testing.T) {
	a, b := sample.Default(), sample.New(sample.Options{Seed: 1, Accounts: 300, Managers: 16, At: sample.DefaultAt})
	if diff := cmp.Diff(a, b); diff != "" {
		t.Errorf("two generations differ (-first +second):\n%s", diff)
	}
	c := sample.New(sample.Options{Seed: 2})
	if cmp.Equal(a.Accounts, c.Accounts) {
		t.Error("seeds 1 and 2 generated the same accounts")
	}
}

func TestValid(t *testing.T) {
	for _, o := range []sample.Options{{}, {Seed: 9, Accounts: 40, Managers: 5}, {Seed: 3, Accounts: 1000, Managers: 40}, {Accounts: 1, Managers: 1}} {
		p := sample.New(o)
		want := o.Accounts
		if want == 0 {
			want = 300
		}
		if len(p.Accounts) != want {
			t.Errorf("%+v: %d accounts, want %d", o, len(p.Accounts), want)
		}
		var errs []error
		managers := map[account.ManagerID]account.Manager{}
		for _, m := range p.Managers {
			errs = append(errs, m.Validate())
			managers[m.ID] = m
		}
		ids := map[account.ID]account.Account{}
		for _, a := range p.Accounts {
			errs = append(errs, a.Validate())
			ids[a.ID] = a
			if tiered, dated := a.Tier != account.Unassigned, !a.TierSince.IsZero(); tiered != dated ||
				dated && (a.TierSince.Before(a.Created) || a.TierSince.After(p.At)) {
				t.Errorf("%+v: account %s: %s since %v, created %v", o, a.ID, a.Tier, a.TierSince, a.Created)
			}
			m, ok := managers[a.Owner]
			if !ok || !m.Active || !m.Audience.Serves(a.Internal) {
				t.Errorf("%+v: account %s: owner %q is not an active manager serving it", o, a.ID, a.Owner)
			}
		}
		if _, err := account.NewHierarchy(p.Accounts); err != nil {
			t.Errorf("%+v: hierarchy: %v", o, err)
		}
		for _, c := range p.Contacts {
			errs = append(errs, c.Validate())
		}
		revenue := map[account.ID]decimal.Decimal{}
		for _, x := range p.Transactions {
			errs = append(errs, x.Validate())
			if _, ok := ids[x.Account]; !ok {
				t.Errorf("transaction %s: unknown account %s", x.ID, x.Account)
			}
			if !x.At.Before(p.At.AddDate(-1, 0, 0)) && x.At.Before(p.At) {
				revenue[x.Account] = revenue[x.Account].Add(x.Amount.Amount())
			}
		}
		for _, x := range p.Interactions {
			errs = append(errs, x.Validate())
			if _, ok := ids[x.Account]; !ok {
				t.Errorf("interaction %s: unknown account %s", x.ID, x.Account)
			}
			if x.At.After(p.At) {
				t.Errorf("interaction %s is after the portfolio's instant", x.ID)
			}
		}
		if err := errors.Join(errs...); err != nil {
			t.Errorf("%+v: invalid records: %v", o, err)
		}
		for _, a := range p.Accounts {
			attr := sample.AttrRevenue
			if a.Internal {
				attr = sample.AttrCost
			}
			if got := a.Attributes[attr]; !got.Equal(revenue[a.ID]) {
				t.Errorf("%s: %s attribute %s, transactions add up to %s", a.ID, attr, got, revenue[a.ID])
			}
		}
	}
}

func TestShape(t *testing.T) {
	p := sample.Default()
	var internal, children, tiered int
	for _, a := range p.Accounts {
		if a.Internal {
			internal++
		}
		if a.Parent != "" {
			children++
		}
		if a.Tier != account.Unassigned {
			tiered++
		}
	}
	if internal != 60 || children == 0 || tiered == 0 || tiered == len(p.Accounts) {
		t.Errorf("internal %d (want 60), subsidiaries %d, tiered %d of %d", internal, children, tiered, len(p.Accounts))
	}
	if len(p.Transactions) < 3000 || len(p.Interactions) < 1000 {
		t.Errorf("%d transactions, %d interactions: too few for the examples", len(p.Transactions), len(p.Interactions))
	}
}

// Every attribute exists in a portfolio of any size, so scorecards can name
// them all.
func TestEveryAttributeExists(t *testing.T) {
	for n := 1; n <= 12; n++ {
		p := sample.New(sample.Options{Seed: uint64(n), Accounts: n, Managers: 1})
		seen := map[bool]map[string]bool{false: {}, true: {}}
		for _, a := range p.Accounts {
			for k := range a.Attributes {
				seen[a.Internal][k] = true
			}
		}
		want := map[bool][]string{
			false: {sample.AttrRevenue, sample.AttrEmployees, sample.AttrSites, sample.AttrPotential, sample.AttrFit, sample.AttrNPS, sample.AttrTickets},
			true:  {sample.AttrCost, sample.AttrEmployees, sample.AttrSites, sample.AttrCriticality, sample.AttrSatisfaction, sample.AttrTickets},
		}
		for internal, names := range want {
			if internal && n < 5 {
				continue // no internal accounts
			}
			for _, name := range names {
				if !seen[internal][name] {
					t.Errorf("%d accounts: no account (internal %v) has %q", n, internal, name)
				}
			}
		}
	}
}
