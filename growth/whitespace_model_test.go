package growth_test

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// modelSuggestions computes the suggestions of every top-level account
// of p by the rules of NewWhiteSpace, plainly and in decimals only (the
// open cells are read from ws's matrices, which suggestions do not
// build): what the integer fast paths must reproduce exactly.
func modelSuggestions(t *rapid.T, p growth.Portfolio, o growth.WhiteSpaceOptions, ws *growth.WhiteSpace) [][]growth.Suggestion {
	parent := map[account.ID]account.ID{}
	tier := map[account.ID]account.Tier{}
	for _, a := range p.Accounts {
		parent[a.ID] = a.Parent
		tier[a.ID] = a.Tier
	}
	rootOf := func(id account.ID) account.ID {
		for parent[id] != "" {
			id = parent[id]
		}
		return id
	}
	type ro struct {
		root account.ID
		off  account.OfferingID
	}
	held := map[ro]decimal.Decimal{}
	for _, h := range p.Holdings {
		if h.HeldAt(o.At) {
			k := ro{rootOf(h.Account), h.Offering}
			held[k] = held[k].Add(h.Annual.Amount())
		}
	}
	roots := ws.Accounts()
	var out [][]growth.Suggestion
	for _, r := range roots {
		var group []account.ID
		for _, q := range roots {
			if q != r && tier[q] == tier[r] {
				group = append(group, q)
			}
		}
		size := p.Sizes[r]
		var sugs []growth.Suggestion
		m, err := ws.Matrix(r)
		if err != nil {
			t.Fatal(err)
		}
		for j, of := range m.Offerings {
			if len(group) < o.MinPeers || size.Sign() <= 0 {
				break
			}
			var open []account.ID
			for i, c := range m.Centres {
				if m.Cells[i][j].Kind == growth.CellOpen {
					open = append(open, c)
				}
			}
			type val struct {
				root         account.ID
				annual, size decimal.Decimal
			}
			var vals []val
			holders := 0
			for _, q := range group {
				a, ok := held[ro{q, of}]
				if !ok {
					continue
				}
				holders++
				if s := p.Sizes[q]; s.Sign() > 0 {
					vals = append(vals, val{q, a, s})
				}
			}
			if len(open) == 0 || len(vals) == 0 {
				continue
			}
			slices.SortFunc(vals, func(x, y val) int {
				if c := x.annual.Mul(y.size).Cmp(y.annual.Mul(x.size)); c != 0 {
					return c
				}
				return cmp.Compare(x.root, y.root)
			})
			n := len(vals)
			var median decimal.Decimal
			if n%2 == 1 {
				x := vals[n/2]
				median = x.annual.Mul(size).DivRound(x.size, 2)
			} else {
				x, y := vals[n/2-1], vals[n/2]
				median = x.annual.Mul(y.size).Add(y.annual.Mul(x.size)).Mul(size).DivRound(x.size.Mul(y.size).Mul(decimal.NewFromInt(2)), 2)
			}
			current := held[ro{r, of}]
			expected := median.Sub(current)
			if expected.Sign() <= 0 {
				continue
			}
			pm, _ := account.NewMoney(median, "NZD")
			cur, _ := account.NewMoney(current, "NZD")
			exp, _ := account.NewMoney(expected, "NZD")
			sugs = append(sugs, growth.Suggestion{Account: r, Offering: of, Family: "fam-" + string(of), Centres: open,
				Holders: holders, Peers: len(group), PeerMedian: pm, Current: cur, Expected: exp,
				Reason: "held by " + strconv.Itoa(holders) + " of " + strconv.Itoa(len(group)) + " tier-" + strconv.Itoa(int(tier[r])) +
					" peers; peer median " + pm.String() + " a year"})
		}
		slices.SortFunc(sugs, func(a, b growth.Suggestion) int {
			if c := cmp.Compare(b.Holders, a.Holders); c != 0 {
				return c
			}
			if c := b.Expected.Amount().Cmp(a.Expected.Amount()); c != 0 {
				return c
			}
			return cmp.Compare(a.Offering, b.Offering)
		})
		out = append(out, sugs[:min(len(sugs), o.Top):min(len(sugs), o.Top)])
	}
	return out
}

// The suggestions equal those of the plain decimal model, whether the
// amounts and sizes are whole in minor units (the integer paths) or not
// (the decimal ones), or a mix.
func TestWhiteSpaceMatchesDecimalModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, pipe := genPortfolio(t)
		// MinPeers and Top 0 take their defaults.
		minPeers, top := rapid.IntRange(0, 3).Draw(t, "minPeers"), rapid.IntRange(0, 6).Draw(t, "top")
		ws, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: minPeers, Top: top, Pipeline: pipe})
		if err != nil {
			t.Fatal(err)
		}
		if minPeers == 0 {
			minPeers = growth.DefaultMinPeers
		}
		if top == 0 {
			top = growth.DefaultTop
		}
		got, want := allSuggestions(t, ws), modelSuggestions(t, p, growth.WhiteSpaceOptions{At: wsAt, MinPeers: minPeers, Top: top}, ws)
		if diff := gocmp.Diff(want, got, gocmp.Comparer(account.Money.Equal), cmpopts.EquateEmpty()); diff != "" {
			t.Fatalf("(-model +white space):\n%s", diff)
		}
	})
}

// Sizes with several problems are reported in ID order, each naming its
// entry, and a size given for a buying centre is one of them.
func TestWhiteSpaceSizeErrorsInOrder(t *testing.T) {
	p := peers(3, 1)
	p.Accounts = append(p.Accounts, account.Account{ID: "p00-a", Name: "A", Parent: "p00"})
	p.Sizes["p00-a"] = decimal.NewFromInt(5)
	p.Sizes["p02"] = decimal.NewFromInt(-1)
	p.Sizes["a-stranger"] = decimal.NewFromInt(1)
	_, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier})
	var fields []string
	var sentinels []error
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *account.FieldError
		if !errors.As(e, &fe) {
			t.Fatalf("%v is not a field error", e)
		}
		fields = append(fields, fe.Field+": "+fe.Reason)
		sentinels = append(sentinels, fe.Err)
	}
	wantFields := []string{"Sizes[a-stranger]: is not an account of the portfolio", "Sizes[p00-a]: is not a top-level account", "Sizes[p02]: must not be negative"}
	if diff := gocmp.Diff(wantFields, fields); diff != "" {
		t.Errorf("fields (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff([]error{growth.ErrUnknown, growth.ErrInvalid, growth.ErrInvalid}, sentinels, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("sentinels (-want +got):\n%s", diff)
	}
	// A zero size is valid (and gives no suggestion).
	p.Sizes = map[account.ID]decimal.Decimal{"p00": {}}
	if _, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier}); err != nil {
		t.Errorf("zero size: %v", err)
	}
}

// Accounts that do not form a hierarchy are reported as
// account.NewHierarchy reports them.
func TestWhiteSpaceHierarchyErrors(t *testing.T) {
	for name, extra := range map[string][]account.Account{
		"repeated ID":    {{ID: "p01", Name: "again"}},
		"missing ID":     {{Name: "nameless"}},
		"unknown parent": {{ID: "c", Name: "c", Parent: "nobody"}},
		"own parent":     {{ID: "c", Name: "c", Parent: "c"}},
		"loop below":     {{ID: "c1", Name: "c", Parent: "c2"}, {ID: "c2", Name: "c", Parent: "c1"}, {ID: "c3", Name: "c", Parent: "c1"}},
	} {
		t.Run(name, func(t *testing.T) {
			p := peers(3, 1)
			p.Accounts = append(p.Accounts, extra...)
			_, want := account.NewHierarchy(p.Accounts)
			_, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier})
			if want == nil || !errors.Is(err, growth.ErrInvalid) || !errors.Is(err, account.ErrInvalid) || err.Error() != "growth: accounts: "+growth.ErrInvalid.Error()+": "+want.Error() {
				t.Errorf("error %v, want growth.ErrInvalid wrapping %v", err, want)
			}
		})
	}
}

// A suggestion needs a positive expected value: an account paying the
// peer median exactly gets none, one paying a cent less gets that cent,
// one paying half a cent less gets that half cent, and one paying more
// than an int64 of cents gets none.
func TestWhiteSpaceExpectedEdge(t *testing.T) {
	for _, tt := range []struct {
		pays string
		want []account.Money
	}{
		{"2000", nil},
		{"1999.99", []account.Money{nzd("0.01")}},
		// What it pays is not whole in cents, or beyond an int64 of
		// cents, while the median is: the exact path for the current
		// value.
		{"1999.995", []account.Money{nzd("0.005")}},
		{"100000000000000000", nil},
	} {
		p := peers(5, 3) // x held at 1000, 2000, 3000 by peers of size 1,000,000
		p.Accounts = append(p.Accounts,
			account.Account{ID: "q", Name: "Q", Tier: 1},
			account.Account{ID: "q-a", Name: "A", Parent: "q"},
			account.Account{ID: "q-b", Name: "B", Parent: "q"})
		p.Sizes["q"] = decimal.NewFromInt(1_000_000)
		p.Holdings = append(p.Holdings, holding("hq", "q-a", "x", tt.pays))
		ws, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 1})
		if err != nil {
			t.Fatal(err)
		}
		s, _ := ws.Suggestions("q")
		var got []account.Money
		for _, x := range s {
			got = append(got, x.Expected)
		}
		if diff := gocmp.Diff(tt.want, got, gocmp.Comparer(account.Money.Equal)); diff != "" {
			t.Errorf("q pays %s: expected values (-want +got):\n%s", tt.pays, diff)
		}
	}
}

// A size given for a buying centre, with every other size valid, is
// reported.
func TestWhiteSpaceSizeOfCentreAlone(t *testing.T) {
	p := peers(3, 1)
	p.Accounts = append(p.Accounts, account.Account{ID: "p00-a", Name: "A", Parent: "p00"})
	p.Sizes["p00-a"] = decimal.NewFromInt(5)
	_, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier})
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Field != "Sizes[p00-a]" || !errors.Is(err, growth.ErrInvalid) {
		t.Errorf("error %v, want a growth.ErrInvalid naming Sizes[p00-a]", err)
	}
}
