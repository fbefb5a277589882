package growth_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var wsAt = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

func nzd(s string) account.Money { return account.MustParseMoney("NZD " + s) }

func offering(id string) growth.Offering {
	return growth.Offering{ID: account.OfferingID(id), Name: id, Family: "fam-" + id, Audience: account.AudienceExternal, Lifecycle: growth.LifecycleActive}
}

func holding(id, acct, off, annual string) growth.Holding {
	return growth.Holding{ID: growth.HoldingID(id), Account: account.ID(acct), Offering: account.OfferingID(off),
		Start: wsAt.AddDate(-1, 0, 0), Annual: nzd(annual)}
}

// peers returns n tier-1 top-level accounts p0..p(n-1) of size 1,000,000,
// the first holders of which hold offering "x" at 1000·(i+1) a year.
func peers(n, holders int) growth.Portfolio {
	p := growth.Portfolio{Offerings: []growth.Offering{offering("x"), offering("y")}, Sizes: map[account.ID]decimal.Decimal{}}
	for i := range n {
		id := fmt.Sprintf("p%02d", i)
		p.Accounts = append(p.Accounts, account.Account{ID: account.ID(id), Name: id, Tier: 1})
		p.Sizes[account.ID(id)] = decimal.NewFromInt(1_000_000)
		if i < holders {
			p.Holdings = append(p.Holdings, holding("h"+id, id, "x", fmt.Sprint(1000*(i+1))))
		}
	}
	return p
}

func TestWhiteSpaceMinPeers(t *testing.T) {
	opts := growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 4}
	for _, tt := range []struct {
		name    string
		members int
		want    int // suggestions for the last account, which holds nothing
	}{
		{"peers one below the minimum", 4, 0},
		{"peers at the minimum", 5, 1},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := peers(tt.members, 2)
			ws, err := growth.NewWhiteSpace(p, opts)
			if err != nil {
				t.Fatal(err)
			}
			s, err := ws.Suggestions(p.Accounts[tt.members-1].ID)
			if err != nil {
				t.Fatal(err)
			}
			if len(s) != tt.want {
				t.Errorf("%d suggestions, want %d: %+v", len(s), tt.want, s)
			}
		})
	}
}

func TestWhiteSpaceDefaultMinPeers(t *testing.T) {
	opts := growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier}
	for members, want := range map[int]int{growth.DefaultMinPeers: 0, growth.DefaultMinPeers + 1: 1} {
		p := peers(members, 3)
		ws, err := growth.NewWhiteSpace(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		if s, _ := ws.Suggestions(p.Accounts[members-1].ID); len(s) != want {
			t.Errorf("%d members: %d suggestions, want %d", members, len(s), want)
		}
	}
}

func TestWhiteSpaceTies(t *testing.T) {
	// Offerings a, b and c are each held by 2 of the peers; b's holders pay
	// the most, then c's, then a's. d is held by 3, so it ranks first.
	p := peers(6, 0)
	p.Offerings = []growth.Offering{offering("c"), offering("a"), offering("d"), offering("b")}
	p.Holdings = []growth.Holding{
		holding("1", "p00", "a", "100"), holding("2", "p01", "a", "100"),
		holding("3", "p00", "b", "900"), holding("4", "p01", "b", "900"),
		holding("5", "p02", "c", "500"), holding("6", "p03", "c", "500"),
		holding("7", "p02", "d", "1"), holding("8", "p03", "d", "1"), holding("9", "p04", "d", "1"),
		// e ties with a on holders and value: the offering ID decides.
	}
	p.Offerings = append(p.Offerings, offering("e"))
	p.Holdings = append(p.Holdings, holding("10", "p02", "e", "100"), holding("11", "p04", "e", "100"))
	ws, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 1, Top: 10})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := ws.Suggestions("p05")
	var got []string
	for _, x := range s {
		got = append(got, fmt.Sprintf("%s %d %s", x.Offering, x.Holders, x.Expected))
	}
	want := []string{"d 3 NZD 1.00", "b 2 NZD 900.00", "c 2 NZD 500.00", "a 2 NZD 100.00", "e 2 NZD 100.00"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("ranking (-got +want):\n%s", diff)
	}
	// Top cuts the ranking.
	ws, _ = growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 1, Top: 2})
	if s, _ := ws.Suggestions("p05"); len(s) != 2 || s[1].Offering != "b" {
		t.Errorf("Top 2 gives %+v", s)
	}
}

func TestWhiteSpaceScalingAndCurrent(t *testing.T) {
	// p05 is twice the size of its peers and already pays 500 for x in one
	// centre: the median 2000 (of 1000, 2000, 3000) scales to 4000.
	p := peers(5, 3)
	p.Accounts = append(p.Accounts,
		account.Account{ID: "big", Name: "Big", Tier: 1},
		account.Account{ID: "big-a", Name: "A", Parent: "big"},
		account.Account{ID: "big-b", Name: "B", Parent: "big"})
	p.Sizes["big"] = decimal.NewFromInt(2_000_000)
	p.Holdings = append(p.Holdings, holding("hb", "big-a", "x", "500"))
	ws, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 1})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := ws.Suggestions("big")
	want := []growth.Suggestion{{Account: "big", Offering: "x", Family: "fam-x", Centres: []account.ID{"big-b"}, Holders: 3, Peers: 5,
		PeerMedian: nzd("4000.00"), Current: nzd("500"), Expected: nzd("3500.00"),
		Reason: "held by 3 of 5 tier-1 peers; peer median NZD 4,000.00 a year"}}
	if diff := cmp.Diff(s, want, cmp.Comparer(account.Money.Equal)); diff != "" {
		t.Errorf("(-got +want):\n%s", diff)
	}
	// A holder (p00..p02) has one holder fewer among its peers, and its
	// own value leaves the median: p00 is not suggested x (it holds it
	// everywhere), and nothing else is held.
	if s, _ := ws.Suggestions("p00"); len(s) != 0 {
		t.Errorf("p00 gets %+v", s)
	}
}

func TestWhiteSpaceErrors(t *testing.T) {
	base := func() (growth.Portfolio, growth.WhiteSpaceOptions) {
		p := peers(3, 1)
		p.Accounts = append(p.Accounts, account.Account{ID: "it", Name: "IT", Internal: true})
		return p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier}
	}
	tests := []struct {
		name   string
		modify func(*growth.Portfolio, *growth.WhiteSpaceOptions)
		is     error
		field  string
	}{
		{"audience not served", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) {
			p.Holdings = append(p.Holdings, holding("bad", "it", "x", "1"))
		}, growth.ErrAudience, "Offering"},
		{"holding in another currency", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) {
			h := holding("eur", "p01", "x", "1")
			h.Annual = account.MustParseMoney("EUR 1")
			p.Holdings = append(p.Holdings, h)
		}, account.ErrCurrencyMismatch, "Annual"},
		{"unknown account", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) {
			p.Holdings = append(p.Holdings, holding("u", "nobody", "x", "1"))
		}, growth.ErrUnknown, "Account"},
		{"unknown offering", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) {
			p.Holdings = append(p.Holdings, holding("u", "p01", "zz", "1"))
		}, growth.ErrUnknown, "Offering"},
		{"repeated offering", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) {
			p.Offerings = append(p.Offerings, offering("x"))
		}, growth.ErrInvalid, "ID"},
		{"negative size", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) { p.Sizes["p01"] = decimal.NewFromInt(-1) }, growth.ErrInvalid, "Sizes[p01]"},
		{"size of a stranger", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) { p.Sizes["zz"] = decimal.NewFromInt(1) }, growth.ErrUnknown, "Sizes[zz]"},
		{"no instant", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.At = time.Time{} }, growth.ErrInvalid, "At"},
		{"no currency", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.Currency = "" }, growth.ErrInvalid, "Currency"},
		{"no peer key", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.Peers = 0 }, growth.ErrInvalid, "Peers"},
		{"peer key too high", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.Peers = growth.PeerSizeBand + 1 }, growth.ErrInvalid, "Peers"},
		{"size bands missing", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.Peers = growth.PeerSizeBand }, growth.ErrInvalid, "SizeBands"},
		{"size bands not ascending", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) {
			o.Peers, o.SizeBands = growth.PeerSizeBand, []decimal.Decimal{decimal.NewFromInt(5), decimal.NewFromInt(5)}
		}, growth.ErrInvalid, "SizeBands[1]"},
		{"min peers negative", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.MinPeers = -1 }, growth.ErrInvalid, "MinPeers"},
		{"top negative", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.Top = -1 }, growth.ErrInvalid, "Top"},
		{"top above the maximum", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) { o.Top = growth.MaxTop + 1 }, growth.ErrInvalid, "Top"},
		{"pipeline cell without centre", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) {
			o.Pipeline = []growth.CellKey{{Offering: "x"}}
		}, growth.ErrInvalid, "Pipeline[0].Centre"},
		{"pipeline cell without offering", func(_ *growth.Portfolio, o *growth.WhiteSpaceOptions) {
			o.Pipeline = []growth.CellKey{{Centre: "p01"}}
		}, growth.ErrInvalid, "Pipeline[0].Offering"},
		{"accounts in a cycle", func(p *growth.Portfolio, _ *growth.WhiteSpaceOptions) {
			p.Accounts = append(p.Accounts, account.Account{ID: "c1", Name: "c", Parent: "c2"}, account.Account{ID: "c2", Name: "c", Parent: "c1"})
		}, account.ErrInvalid, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, o := base()
			tt.modify(&p, &o)
			_, err := growth.NewWhiteSpace(p, o)
			if !errors.Is(err, tt.is) || !errors.Is(err, growth.ErrInvalid) {
				t.Fatalf("error %v, want one wrapping %v and growth.ErrInvalid", err, tt.is)
			}
			if tt.field == "" {
				return
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("error %v does not name field %s", err, tt.field)
			}
		})
	}
	// The edges that are valid.
	p, o := base()
	o.Top = growth.MaxTop
	if _, err := growth.NewWhiteSpace(p, o); err != nil {
		t.Errorf("Top %d: %v", growth.MaxTop, err)
	}
	o.Top, o.MinPeers = 1, 1
	if _, err := growth.NewWhiteSpace(p, o); err != nil {
		t.Errorf("Top 1, MinPeers 1: %v", err)
	}
	ws, _ := growth.NewWhiteSpace(p, o)
	if _, err := ws.Suggestions("nobody"); !errors.Is(err, growth.ErrUnknown) {
		t.Errorf("Suggestions of a stranger: %v", err)
	}
	if _, err := ws.Matrix("nobody"); !errors.Is(err, growth.ErrUnknown) {
		t.Errorf("Matrix of a stranger: %v", err)
	}
}

func TestWhiteSpaceSizeBands(t *testing.T) {
	p := peers(4, 2)
	p.Sizes["p00"] = decimal.NewFromInt(10) // alone in the lowest band
	bands := []decimal.Decimal{decimal.NewFromInt(100), decimal.NewFromInt(1_000_000)}
	ws, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerSizeBand, SizeBands: bands, MinPeers: 1})
	if err != nil {
		t.Fatal(err)
	}
	// p01..p03 are at exactly 1,000,000: the band from that bound up.
	s, _ := ws.Suggestions("p03")
	if len(s) != 1 || s[0].Peers != 2 || s[0].Reason != "held by 1 of 2 peers in size band 2; peer median NZD 2,000.00 a year" {
		t.Errorf("p03: %+v", s)
	}
	if s, _ := ws.Suggestions("p00"); len(s) != 0 {
		t.Errorf("p00, alone in its band: %+v", s)
	}
}

func TestWhiteSpaceIneligibleCells(t *testing.T) {
	p := peers(3, 3)
	retiring := offering("old")
	retiring.Lifecycle = growth.LifecycleRetiring
	p.Offerings = append(p.Offerings, retiring, offering("rule"))
	p.Holdings = append(p.Holdings, holding("o1", "p00", "old", "5"), holding("o2", "p00", "rule", "5"))
	p.Accounts = append(p.Accounts, account.Account{ID: "it", Name: "IT", Tier: 1, Internal: true})
	ws, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 1,
		Eligible: func(c account.Account, o growth.Offering) string {
			if o.ID == "rule" {
				return "embargoed"
			}
			return ""
		}})
	if err != nil {
		t.Fatal(err)
	}
	m, _ := ws.Matrix("p01")
	var got []string
	for _, c := range m.Cells[0] {
		got = append(got, c.Kind.String()+"/"+c.Ineligible.String()+"/"+c.Detail)
	}
	want := []string{"ineligible/lifecycle/is retiring", "ineligible/rule/embargoed", "held/none/", "open/none/"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("cells of p01 (-got +want):\n%s", diff)
	}
	m, _ = ws.Matrix("it")
	if c := m.Cells[0][0]; c.Kind != growth.CellIneligible || c.Ineligible != growth.IneligibleAudience {
		t.Errorf("internal account's cell: %+v", c)
	}
	if s, _ := ws.Suggestions("it"); len(s) != 0 {
		t.Errorf("internal account gets %+v", s)
	}
}

// genPortfolio draws a small portfolio with two-level accounts.
func genPortfolio(t *rapid.T) (growth.Portfolio, []growth.CellKey) {
	nOff := rapid.IntRange(1, 5).Draw(t, "offerings")
	var p growth.Portfolio
	for o := range nOff {
		p.Offerings = append(p.Offerings, offering(fmt.Sprintf("o%d", o)))
	}
	p.Sizes = map[account.ID]decimal.Decimal{}
	nRoots := rapid.IntRange(1, 8).Draw(t, "roots")
	var centres []account.ID
	for r := range nRoots {
		id := account.ID(fmt.Sprintf("r%d", r))
		p.Accounts = append(p.Accounts, account.Account{ID: id, Name: "r", Tier: account.Tier(rapid.IntRange(1, 2).Draw(t, "tier"))})
		if rapid.Bool().Draw(t, "sized") {
			p.Sizes[id] = decimal.New(rapid.Int64Range(1, 1000).Draw(t, "size"), -rapid.Int32Range(0, 1).Draw(t, "sizeExp"))
		}
		kids := rapid.IntRange(0, 3).Draw(t, "kids")
		if kids == 0 {
			centres = append(centres, id)
		}
		for k := range kids {
			cid := account.ID(fmt.Sprintf("%s-%d", id, k))
			p.Accounts = append(p.Accounts, account.Account{ID: cid, Name: "c", Parent: id})
			centres = append(centres, cid)
		}
	}
	nHold := rapid.IntRange(0, 20).Draw(t, "holdings")
	for i := range nHold {
		c := rapid.SampledFrom(centres).Draw(t, "centre")
		o := rapid.SampledFrom(p.Offerings).Draw(t, "offering")
		amt := decimal.New(rapid.Int64Range(0, 100_000).Draw(t, "annual"), -rapid.Int32Range(0, 3).Draw(t, "exp"))
		// Now and then an amount near or beyond 10^18 cents, the most the
		// analysis holds in minor units, or beyond an int64 of cents: the
		// exact path, alone or summed with the others.
		amt = amt.Shift(rapid.SampledFrom([]int32{0, 0, 0, 0, 0, 0, 0, 0, 11, 12, 13, 17}).Draw(t, "shift"))
		m, _ := account.NewMoney(amt, "NZD")
		h := growth.Holding{ID: growth.HoldingID(fmt.Sprint("h", i)), Account: c, Offering: o.ID, Start: wsAt.AddDate(0, 0, -rapid.IntRange(-2, 5).Draw(t, "startDays")), Annual: m}
		p.Holdings = append(p.Holdings, h)
	}
	var pipe []growth.CellKey
	for range rapid.IntRange(0, 3).Draw(t, "pipeline") {
		pipe = append(pipe, growth.CellKey{Centre: rapid.SampledFrom(centres).Draw(t, "pc"), Offering: rapid.SampledFrom(p.Offerings).Draw(t, "po").ID})
	}
	return p, pipe
}

func shuffled[T any](t *rapid.T, xs []T, label string) []T {
	out := slices.Clone(xs)
	for i := len(out) - 1; i > 0; i-- {
		j := rapid.IntRange(0, i).Draw(t, label)
		out[i], out[j] = out[j], out[i]
	}
	return out
}

func allSuggestions(t *rapid.T, ws *growth.WhiteSpace) [][]growth.Suggestion {
	var out [][]growth.Suggestion
	for _, id := range ws.Accounts() {
		s, err := ws.Suggestions(id)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, s)
	}
	return out
}

// A held cell (or a cell in the pipeline) is never suggested, and the
// suggestions do not depend on the order of the input.
func TestWhiteSpaceProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p, pipe := genPortfolio(t)
		opts := growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: rapid.IntRange(1, 3).Draw(t, "minPeers"),
			Top: rapid.IntRange(1, 4).Draw(t, "top"), Pipeline: pipe}
		ws, err := growth.NewWhiteSpace(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ws.Accounts() {
			m, _ := ws.Matrix(id)
			s, _ := ws.Suggestions(id)
			if len(s) > opts.Top {
				t.Fatalf("%s: %d suggestions, Top %d", id, len(s), opts.Top)
			}
			for _, x := range s {
				j := slices.Index(m.Offerings, x.Offering)
				for _, c := range x.Centres {
					i := slices.Index(m.Centres, c)
					if k := m.Cells[i][j].Kind; k != growth.CellOpen {
						t.Fatalf("%s suggests %s at %s, a %s cell", id, x.Offering, c, k)
					}
				}
				if x.Expected.Sign() <= 0 || x.Holders < 1 || x.Holders > x.Peers {
					t.Fatalf("suggestion %+v", x)
				}
			}
		}
		q := p
		q.Accounts = shuffled(t, p.Accounts, "a")
		q.Offerings = shuffled(t, p.Offerings, "o")
		q.Holdings = shuffled(t, p.Holdings, "h")
		opts.Pipeline = shuffled(t, pipe, "p")
		ws2, err := growth.NewWhiteSpace(q, opts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(allSuggestions(t, ws), allSuggestions(t, ws2), cmp.Comparer(account.Money.Equal)); diff != "" {
			t.Fatalf("shuffled input changes the suggestions (-first +shuffled):\n%s", diff)
		}
	})
}

// Many bad holdings give a bounded error: the first 100, then a count.
func TestWhiteSpaceManyErrors(t *testing.T) {
	p := peers(3, 0)
	for i := range 40_000 {
		p.Holdings = append(p.Holdings, holding(fmt.Sprint("bad", i), "nobody", "x", "1"))
	}
	_, err := growth.NewWhiteSpace(p, growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier})
	if !errors.Is(err, growth.ErrUnknown) {
		t.Fatalf("error %v", err)
	}
	if msg := err.Error(); !strings.HasSuffix(msg, "and 39900 more errors") {
		t.Errorf("error ends %q", msg[max(0, len(msg)-60):])
	}
}

// TestWhiteSpaceMaxOfferings checks the catalogue's limit at its edge:
// MaxOfferings offerings are taken, one more is an error naming the field.
func TestWhiteSpaceMaxOfferings(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a catalogue of 65,536 offerings")
	}
	offs := make([]growth.Offering, growth.MaxOfferings+1)
	for i := range offs {
		offs[i] = offering(fmt.Sprintf("o%05d", i))
	}
	opts := growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier}
	if _, err := growth.NewWhiteSpace(growth.Portfolio{Offerings: offs[:growth.MaxOfferings]}, opts); err != nil {
		t.Errorf("%d offerings: %v", growth.MaxOfferings, err)
	}
	_, err := growth.NewWhiteSpace(growth.Portfolio{Offerings: offs}, opts)
	var fe *account.FieldError
	if !errors.Is(err, growth.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "Offerings" {
		t.Errorf("%d offerings: %v; want a FieldError on Offerings", len(offs), err)
	}
}

// TestWhiteSpaceSizeEdges checks the size rule at its edge: an account of
// size zero gets no suggestion (a size that is not positive scales nothing),
// while a small positive size gets one.
func TestWhiteSpaceSizeEdges(t *testing.T) {
	opts := growth.WhiteSpaceOptions{At: wsAt, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 2}
	for _, tt := range []struct {
		size string
		want int
	}{{"0", 0}, {"1000", 1}} {
		p := peers(4, 2)
		last := p.Accounts[3].ID
		p.Sizes[last] = decimal.RequireFromString(tt.size)
		ws, err := growth.NewWhiteSpace(p, opts)
		if err != nil {
			t.Fatal(err)
		}
		s, err := ws.Suggestions(last)
		if err != nil {
			t.Fatal(err)
		}
		if len(s) != tt.want {
			t.Errorf("size %s: %d suggestions, want %d: %+v", tt.size, len(s), tt.want, s)
		}
	}
}
