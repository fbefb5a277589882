package engagement_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var covAt = time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)

func contact(id, acct string, role account.Role, influence int, att account.Attitude, last time.Time) account.Contact {
	return account.Contact{ID: account.ContactID(id), Account: account.ID(acct), Name: id, Role: role, Influence: influence, Attitude: att, LastContacted: last}
}

func coverageOf(t *testing.T, accounts []account.Account, contacts []account.Contact, ix []account.Interaction, every map[account.Tier]time.Duration) *engagement.Coverages {
	t.Helper()
	cov, err := engagement.Coverage(accounts, storeList(contacts), storeList(ix), engagement.CoverageOptions{At: covAt, ContactEvery: every})
	if err != nil {
		t.Fatal(err)
	}
	return cov
}

func points(c engagement.StakeholderCoverage) []string {
	var out []string
	for _, l := range c.Lines {
		out = append(out, l.Part+"="+l.Points.StringFixed(2))
	}
	return out
}

func TestCoverageScore(t *testing.T) {
	day := 24 * time.Hour
	every := map[account.Tier]time.Duration{1: 30 * day}
	recent := covAt.Add(-day)
	tests := []struct {
		name     string
		tier     account.Tier
		contacts []account.Contact
		score    string
		lines    []string
		threads  int
		single   bool
	}{
		{"no contacts", 1, nil, "0.00",
			[]string{"decision maker=0.00", "sponsor=0.00", "threads=0.00", "support=0.00", "current=0.00"}, 0, false},
		{"one supporter decision maker, current", 1, []account.Contact{contact("c1", "a", account.RoleDecisionMaker, 3, account.AttitudeSupporter, recent)}, "65.00",
			[]string{"decision maker=25.00", "sponsor=0.00", "threads=0.00", "support=25.00", "current=15.00"}, 1, true},
		{"two, one a detractor", 1, []account.Contact{
			contact("c1", "a", account.RoleSponsor, 3, account.AttitudeSupporter, recent),
			contact("c2", "a", account.RoleUser, 1, account.AttitudeDetractor, recent)}, "58.75",
			// support: 25 × (3 − 1 + 4) / 8 = 18.75
			[]string{"decision maker=0.00", "sponsor=15.00", "threads=10.00", "support=18.75", "current=15.00"}, 2, false},
		{"three current, all neutral", 1, []account.Contact{
			contact("c1", "a", account.RoleUser, 1, account.AttitudeNeutral, recent),
			contact("c2", "a", account.RoleUser, 1, account.AttitudeNeutral, recent),
			contact("c3", "a", account.RoleUser, 1, account.AttitudeNeutral, recent)}, "47.50",
			[]string{"decision maker=0.00", "sponsor=0.00", "threads=20.00", "support=12.50", "current=15.00"}, 3, false},
		{"four current, all detractors", 1, []account.Contact{
			contact("c1", "a", account.RoleDecisionMaker, 5, account.AttitudeDetractor, recent),
			contact("c2", "a", account.RoleSponsor, 2, account.AttitudeDetractor, recent),
			contact("c3", "a", account.RoleUser, 1, account.AttitudeDetractor, recent),
			contact("c4", "a", account.RoleUser, 1, account.AttitudeDetractor, recent)}, "75.00",
			[]string{"decision maker=25.00", "sponsor=15.00", "threads=20.00", "support=0.00", "current=15.00"}, 4, false},
		{"a third current: 15 × 1/3 = 5.00", 1, []account.Contact{
			contact("c1", "a", account.RoleUser, 1, account.AttitudeSupporter, recent),
			contact("c2", "a", account.RoleUser, 2, account.AttitudeSupporter, time.Time{})}, "30.00",
			[]string{"decision maker=0.00", "sponsor=0.00", "threads=0.00", "support=25.00", "current=5.00"}, 1, true},
		{"two thirds rounds half up: 15 × 2/3 = 10.00, 25 × 5/6 = 20.83", 1, []account.Contact{
			contact("c1", "a", account.RoleUser, 2, account.AttitudeSupporter, recent),
			contact("c2", "a", account.RoleUser, 1, account.AttitudeNeutral, time.Time{})}, "30.83",
			[]string{"decision maker=0.00", "sponsor=0.00", "threads=0.00", "support=20.83", "current=10.00"}, 1, true},
		{"no interval: spoken to ever is current", 3, []account.Contact{
			contact("c1", "a", account.RoleUser, 1, account.AttitudeNeutral, covAt.AddDate(-5, 0, 0)),
			contact("c2", "a", account.RoleUser, 1, account.AttitudeNeutral, time.Time{})}, "20.00",
			[]string{"decision maker=0.00", "sponsor=0.00", "threads=0.00", "support=12.50", "current=7.50"}, 1, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cov := coverageOf(t, []account.Account{{ID: "a", Name: "A", Tier: tt.tier}}, tt.contacts, nil, every)
			c, ok := cov.For("a")
			if !ok {
				t.Fatal("no coverage for a")
			}
			if c.Score.StringFixed(2) != tt.score || !cmp.Equal(points(c), tt.lines) || c.Threads != tt.threads || c.SingleThreaded != tt.single {
				t.Errorf("score %s lines %v threads %d single %v; want %s %v %d %v", c.Score.StringFixed(2), points(c), c.Threads, c.SingleThreaded, tt.score, tt.lines, tt.threads, tt.single)
			}
		})
	}
}

func TestCoverageStaleness(t *testing.T) {
	every := map[account.Tier]time.Duration{1: 30 * 24 * time.Hour, 2: 0}
	edge := covAt.Add(-30 * 24 * time.Hour)
	accounts := []account.Account{{ID: "a", Name: "A", Tier: 1}, {ID: "b", Name: "B", Tier: 2}, {ID: "c", Name: "C", Tier: 1}}
	contacts := []account.Contact{
		contact("on-edge", "a", account.RoleUser, 1, 0, edge),                 // due exactly at At: current
		contact("past-edge", "a", account.RoleUser, 2, 0, edge.Add(-1)),       // a nanosecond late
		contact("never", "a", account.RoleSponsor, 3, 0, time.Time{}),         // never spoken to
		contact("future", "a", account.RoleUser, 4, 0, covAt.Add(1)),          // after At: not counted
		contact("by-call", "a", account.RoleUser, 5, 0, edge.Add(-time.Hour)), // a call makes it current
		contact("b-old", "b", account.RoleUser, 1, 0, covAt.AddDate(-3, 0, 0)),
		contact("c-1", "c", account.RoleUser, 1, 0, time.Time{}),
	}
	ix := []account.Interaction{
		{ID: "i1", Account: "a", At: covAt.Add(-time.Hour), Kind: account.InteractionEmail, Participants: []string{"m-1", "by-call"}},
		{ID: "i2", Account: "a", At: covAt.Add(time.Hour), Kind: account.InteractionCall, Participants: []string{"never"}}, // after At
		{ID: "i3", Account: "b", At: covAt.Add(-time.Hour), Kind: account.InteractionCall, Participants: []string{"c-1"}},  // c-1 is c's
		{ID: "i4", Account: "x", At: covAt.Add(-time.Hour), Kind: account.InteractionCall, Participants: []string{"past-edge"}},
	}
	cov := coverageOf(t, accounts, contacts, ix, every)
	a, _ := cov.For("a")
	var stale []string
	for _, s := range a.Stale {
		stale = append(stale, fmt.Sprintf("%s:%s", s.Contact, s.Last.Format(time.RFC3339Nano)))
	}
	want := []string{"future:0001-01-01T00:00:00Z", "never:0001-01-01T00:00:00Z", "past-edge:" + edge.Add(-1).Format(time.RFC3339Nano)}
	if !cmp.Equal(stale, want) || a.Threads != 2 || a.Contacts != 5 {
		t.Errorf("a: stale %v threads %d contacts %d; want %v, 2, 5", stale, a.Threads, a.Contacts, want)
	}
	if !cmp.Equal(a.Sponsors, []account.ContactID{"never"}) || len(a.DecisionMakers) != 0 {
		t.Errorf("a: sponsors %v decision makers %v", a.Sponsors, a.DecisionMakers)
	}
	b, _ := cov.For("b")
	if len(b.Stale) != 0 || b.Threads != 1 {
		t.Errorf("b (tier with a zero interval): stale %v threads %d; want none, 1", b.Stale, b.Threads)
	}
	c, _ := cov.For("c")
	if len(c.Stale) != 1 || c.Threads != 0 {
		t.Errorf("c (a call logged with b): stale %v threads %d; want c-1, 0", c.Stale, c.Threads)
	}
	if ids := []account.ID{cov.Accounts[0].Account, cov.Accounts[1].Account, cov.Accounts[2].Account}; !cmp.Equal(ids, []account.ID{"a", "b", "c"}) {
		t.Errorf("order %v", ids)
	}
	if _, ok := cov.For("zz"); ok {
		t.Error("For(zz) found")
	}
}

func TestCoverageErrors(t *testing.T) {
	accounts := []account.Account{{ID: "a", Name: "A", Tier: 1}}
	ok := []account.Contact{contact("c1", "a", account.RoleUser, 1, 0, time.Time{})}
	boom := errors.New("boom")
	failing := func(yield func(account.Contact, error) bool) { yield(account.Contact{}, boom) }
	failingIx := func(yield func(account.Interaction, error) bool) { yield(account.Interaction{}, boom) }
	tests := []struct {
		name     string
		accounts []account.Account
		contacts []account.Contact
		opts     engagement.CoverageOptions
		record   string
		field    string
	}{
		{"no At", accounts, ok, engagement.CoverageOptions{}, "CoverageOptions", "At"},
		{"negative interval", accounts, ok, engagement.CoverageOptions{At: covAt, ContactEvery: map[account.Tier]time.Duration{1: -1}}, "CoverageOptions", "ContactEvery[tier 1]"},
		{"repeated account", append(accounts, accounts[0]), ok, engagement.CoverageOptions{At: covAt}, "Account", "ID"},
		{"repeated contact", accounts, append(ok, ok[0]), engagement.CoverageOptions{At: covAt}, "Contact", "ID"},
		{"influence 0", accounts, []account.Contact{contact("c1", "a", 0, 0, 0, time.Time{})}, engagement.CoverageOptions{At: covAt}, "Contact", "Influence"},
		{"influence 6", accounts, []account.Contact{contact("c1", "a", 0, 6, 0, time.Time{})}, engagement.CoverageOptions{At: covAt}, "Contact", "Influence"},
	}
	for _, tt := range tests {
		_, err := engagement.Coverage(tt.accounts, storeList(tt.contacts), nil, tt.opts)
		var fe *account.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) || fe.Record != tt.record || fe.Field != tt.field {
			t.Errorf("%s: error %v, want a FieldError for %s.%s wrapping ErrInvalid", tt.name, err, tt.record, tt.field)
		}
	}
	// Influence 1 and 5 and a zero interval are allowed.
	if _, err := engagement.Coverage(accounts, storeList([]account.Contact{contact("c1", "a", 0, 1, 0, time.Time{}), contact("c2", "a", 0, 5, 0, time.Time{})}), nil,
		engagement.CoverageOptions{At: covAt, ContactEvery: map[account.Tier]time.Duration{1: 0}}); err != nil {
		t.Errorf("edges: %v", err)
	}
	if _, err := engagement.Coverage(accounts, failing, nil, engagement.CoverageOptions{At: covAt}); err != boom {
		t.Errorf("failing contacts: %v, want boom itself", err)
	}
	if _, err := engagement.Coverage(accounts, storeList(ok), failingIx, engagement.CoverageOptions{At: covAt}); err != boom {
		t.Errorf("failing interactions: %v, want boom itself", err)
	}
	if _, err := engagement.Coverage(accounts, storeList([]account.Contact{contact("c1", "a", 0, 1, 0, time.Time{})}), nil, engagement.CoverageOptions{At: covAt}); err != nil {
		t.Errorf("contact with unknown role: %v", err)
	}
}

// TestCoverageProperties checks, on random stakeholder maps, that the
// score is the sum of its lines and from 0 to 100, that each line stays
// within its maximum, that the influence shares add up to exactly 1, and
// that the result does not depend on the order of accounts, contacts or
// interactions.
func TestCoverageProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 8).Draw(t, "accounts")
		var accounts []account.Account
		var contacts []account.Contact
		var ix []account.Interaction
		for i := range n {
			id := account.ID(fmt.Sprint("a", i))
			accounts = append(accounts, account.Account{ID: id, Name: "n", Tier: account.Tier(rapid.IntRange(0, 3).Draw(t, "tier"))})
			for k := range rapid.IntRange(0, 6).Draw(t, "contacts") {
				var last time.Time
				if rapid.Bool().Draw(t, "spoken") {
					last = covAt.Add(-time.Duration(rapid.IntRange(-5, 120).Draw(t, "days ago")) * 24 * time.Hour)
				}
				cid := fmt.Sprintf("%s-c%d", id, k)
				contacts = append(contacts, contact(cid, string(id), account.Role(rapid.IntRange(0, 5).Draw(t, "role")),
					rapid.IntRange(1, 5).Draw(t, "influence"), account.Attitude(rapid.IntRange(-1, 1).Draw(t, "attitude")), last))
				if rapid.Bool().Draw(t, "call") {
					ix = append(ix, account.Interaction{ID: account.InteractionID(cid), Account: id, Kind: account.InteractionCall,
						At: covAt.Add(-time.Duration(rapid.IntRange(-5, 120).Draw(t, "call days ago")) * 24 * time.Hour), Participants: []string{cid}})
				}
			}
		}
		opts := engagement.CoverageOptions{At: covAt, ContactEvery: map[account.Tier]time.Duration{1: 30 * 24 * time.Hour, 2: 60 * 24 * time.Hour}}
		cov, err := engagement.Coverage(accounts, storeList(contacts), storeList(ix), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cov.Accounts {
			sum := decimal.Zero
			for _, l := range c.Lines {
				sum = sum.Add(l.Points)
				if l.Points.Sign() < 0 || l.Points.GreaterThan(l.Max) {
					t.Errorf("%s: line %s gives %s of %s", c.Account, l.Part, l.Points, l.Max)
				}
			}
			if !sum.Equal(c.Score) || c.Score.Sign() < 0 || c.Score.GreaterThan(decimal.NewFromInt(100)) {
				t.Errorf("%s: score %s, lines add up to %s", c.Account, c.Score, sum)
			}
			shares := c.Influence.SupporterShare.Add(c.Influence.NeutralShare).Add(c.Influence.DetractorShare)
			if want := map[bool]int64{true: 1, false: 0}[c.Influence.Total() > 0]; !shares.Equal(decimal.NewFromInt(want)) {
				t.Errorf("%s: shares add up to %s", c.Account, shares)
			}
			if c.SingleThreaded != (c.Threads == 1) {
				t.Errorf("%s: SingleThreaded %v with %d threads", c.Account, c.SingleThreaded, c.Threads)
			}
			v, ok := cov.Measure(account.Account{ID: c.Account})
			if f := c.Score.InexactFloat64(); !ok || v != f {
				t.Errorf("%s: Measure = %v, %v; want %v", c.Account, v, ok, f)
			}
		}
		r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 2))
		shuffle := func(n int, swap func(i, j int)) { r.Shuffle(n, swap) }
		accounts, contacts, ix = slices.Clone(accounts), slices.Clone(contacts), slices.Clone(ix)
		shuffle(len(accounts), func(i, j int) { accounts[i], accounts[j] = accounts[j], accounts[i] })
		shuffle(len(contacts), func(i, j int) { contacts[i], contacts[j] = contacts[j], contacts[i] })
		shuffle(len(ix), func(i, j int) { ix[i], ix[j] = ix[j], ix[i] })
		again, err := engagement.Coverage(accounts, storeList(contacts), storeList(ix), opts)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(cov.Accounts, again.Accounts); d != "" {
			t.Errorf("shuffled input gives another result (-given +shuffled):\n%s", d)
		}
	})
}

// TestInfluenceShares checks the largest-remainder rounding of the shares
// to 4 places: the units left go to the largest remainders, ties to
// supporter, then neutral.
func TestInfluenceShares(t *testing.T) {
	for _, tt := range []struct {
		s, n, d int
		want    [3]string
	}{
		{1, 2, 0, [3]string{"0.3333", "0.6667", "0"}},
		{0, 1, 2, [3]string{"0", "0.3333", "0.6667"}},
		{1, 5, 1, [3]string{"0.1429", "0.7143", "0.1428"}},
		{1, 1, 1, [3]string{"0.3334", "0.3333", "0.3333"}},
		{2, 0, 1, [3]string{"0.6667", "0", "0.3333"}},
		{5, 0, 0, [3]string{"1", "0", "0"}},
	} {
		var contacts []account.Contact
		add := func(n int, att account.Attitude) {
			for n > 0 {
				inf := min(n, 5)
				contacts = append(contacts, account.Contact{ID: account.ContactID(fmt.Sprint("c", len(contacts))), Account: "a", Name: "n", Influence: inf, Attitude: att})
				n -= inf
			}
		}
		add(tt.s, account.AttitudeSupporter)
		add(tt.n, account.AttitudeNeutral)
		add(tt.d, account.AttitudeDetractor)
		cov, err := engagement.Coverage([]account.Account{{ID: "a", Name: "A"}}, storeList(contacts), nil, engagement.CoverageOptions{At: covAt})
		if err != nil {
			t.Fatal(err)
		}
		in := cov.Accounts[0].Influence
		got := [3]string{in.SupporterShare.String(), in.NeutralShare.String(), in.DetractorShare.String()}
		if got != tt.want || in.Supporter != tt.s || in.Neutral != tt.n || in.Detractor != tt.d {
			t.Errorf("influence %d/%d/%d: shares %v (%+v), want %v", tt.s, tt.n, tt.d, got, in, tt.want)
		}
	}
}
