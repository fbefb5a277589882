package tiering_test

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

func TestPolicyValidate(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		name  string
		p     tiering.Policy
		field string
	}{
		{"no tiers", tiering.Policy{}, "Rules"},
		{"bands must fall", tiering.Policy{Rules: []tiering.TierRule{{MinScore: 50 * tiering.Point}, {MinScore: 60 * tiering.Point}, {}}}, "Rules[1].MinScore"},
		{"min score above 100", tiering.Policy{Rules: []tiering.TierRule{{MinScore: 101 * tiering.Point}, {}}}, "Rules[0].MinScore"},
		{"last tier must be empty", tiering.Policy{Rules: []tiering.TierRule{{MinScore: 50 * tiering.Point}, {Cap: 3}}}, "Rules[1]"},
		{"share missing", tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{{}, {}}}, "Rules[0].Share"},
		{"shares above one", tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{{Share: d("0.6")}, {Share: d("0.5")}, {}}}, "Rules"},
		{"share under ByCount", tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 1, Share: d("0.1")}, {}}}, "Rules[0].Share"},
		{"count missing", tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{}, {}}}, "Rules[0].Count"},
		{"name with surrounding space", tiering.Policy{Name: " p", Rules: []tiering.TierRule{{}}}, "Name"},
		{"negative count", tiering.Policy{Rules: []tiering.TierRule{{MinScore: 1, Count: -1}, {}}}, "Rules[0].Count"},
		{"negative cap", tiering.Policy{Rules: []tiering.TierRule{{MinScore: 1, Cap: -1}, {}}}, "Rules[0].Cap"},
		{"margins under ByValue", tiering.Policy{Basis: tiering.BasisValue, Rules: []tiering.TierRule{{Share: d("0.8")}, {}}, Hysteresis: tiering.Hysteresis{Up: 1}}, "Hysteresis"},
		{"negative dwell", tiering.Policy{Rules: []tiering.TierRule{{}}, Hysteresis: tiering.Hysteresis{MinDwell: -time.Hour}}, "Hysteresis.MinDwell"},
		{"unknown basis", tiering.Policy{Basis: 9, Rules: []tiering.TierRule{{}}}, "Basis"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			checkFieldError(t, tt.p.Validate(), account.FieldError{Record: "Policy", ID: tt.p.Name, Field: tt.field, Err: tiering.ErrInvalid})
		})
	}
}

func TestApplyInputErrors(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {}}}
	tests := []struct {
		name string
		in   tiering.Input
		want account.FieldError
	}{
		{"no instant", tiering.Input{}, account.FieldError{Record: "Input", Field: "At", Err: tiering.ErrInvalid}},
		{"unknown account", tiering.Input{At: at, Overrides: []tiering.Override{{Account: "zz", Tier: 1, Reason: "r", Author: "a"}}}, account.FieldError{Record: "Override", ID: "zz", Field: "Account", Err: tiering.ErrUnknownAccount}},
		{"tier outside the policy", tiering.Input{At: at, Overrides: []tiering.Override{{Account: "a", Tier: 3, Reason: "r", Author: "a"}}}, account.FieldError{Record: "Override", ID: "a", Field: "Tier", Value: account.Tier(3), Err: tiering.ErrInvalid}},
		{"no author", tiering.Input{At: at, Overrides: []tiering.Override{{Account: "a", Tier: 1, Reason: "r"}}}, account.FieldError{Record: "Override", ID: "a", Field: "Author", Reason: "is missing", Err: tiering.ErrInvalid}},
		{"two overrides", tiering.Input{At: at, Overrides: []tiering.Override{{Account: "b", Tier: 1, Reason: "r", Author: "a"}, {Account: "b", Tier: 2, Reason: "r", Author: "a"}}}, account.FieldError{Record: "Override", ID: "b", Field: "Account", Err: tiering.ErrInvalid}},
		{"expired, no reason", tiering.Input{At: at, Overrides: []tiering.Override{{Account: "a", Tier: 1, Author: "a", Expires: at.Add(-time.Hour)}}}, account.FieldError{Record: "Override", ID: "a", Field: "Reason", Err: tiering.ErrInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Apply(portfolio(), tt.in)
			checkFieldError(t, err, tt.want)
		})
	}
	byValue := tiering.Policy{Basis: tiering.BasisValue, Rules: []tiering.TierRule{{Share: decimal.RequireFromString("0.8")}, {}}}
	_, err := byValue.Apply(portfolio(), tiering.Input{At: at})
	checkFieldError(t, err, account.FieldError{Record: "Input", Field: "Values", Err: tiering.ErrInvalid})
}

// Apply with no scores is an error, not a panic.
func TestApplyNilScores(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {}}}
	_, err := p.Apply(nil, tiering.Input{At: at})
	checkFieldError(t, err, account.FieldError{Record: "Apply", Field: "scores", Err: tiering.ErrInvalid})
}

// Overrides in force that would fill a tier beyond its cap are an error
// naming the first account over it, by ID; expired ones do not count.
func TestOverridesBeyondCap(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2, Cap: 2}, {}}}
	pin := func(id account.ID, expires time.Time) tiering.Override {
		return tiering.Override{Account: id, Tier: 1, Reason: "strategic", Author: "cfo", Expires: expires}
	}
	in := tiering.Input{At: at, Overrides: []tiering.Override{pin("c", time.Time{}), pin("a", time.Time{}), pin("b", at.Add(-time.Hour))}}
	tr, err := p.Apply(portfolio(), in)
	if err != nil {
		t.Fatalf("two overrides in force under a cap of 2: %v", err)
	}
	if got := tr.Count(1); got != 2 {
		t.Errorf("tier 1 holds %d accounts, want 2", got)
	}
	in.Overrides[2].Expires = time.Time{}
	_, err = p.Apply(portfolio(), in)
	checkFieldError(t, err, account.FieldError{Record: "Override", ID: "c", Field: "Tier", Value: account.Tier(1), Err: tiering.ErrInvalid})
}

// An expired override is reported, not rejected, when its account has
// left the portfolio or its tier is no longer one of the policy's.
func TestExpiredOverrideOfGoneAccount(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {}}}
	past := at.Add(-time.Hour)
	in := tiering.Input{At: at, Overrides: []tiering.Override{
		{Account: "gone", Tier: 1, Reason: "r", Author: "a", Expires: past},
		{Account: "a", Tier: 3, Reason: "r", Author: "a", Expires: past},
	}}
	tr, err := p.Apply(portfolio(), in)
	if err != nil {
		t.Fatal(err)
	}
	want := []tiering.Override{in.Overrides[1], in.Overrides[0]}
	if diff := cmp.Diff(want, tr.Expired()); diff != "" {
		t.Errorf("Expired() (-want +got):\n%s", diff)
	}
}

// Ties at a cut are broken by value, then ID.
func TestTieBreaking(t *testing.T) {
	s, err := tiering.Score(plainAccounts([]int{50, 50, 50, 50, 70}, nil), plainCard())
	if err != nil {
		t.Fatal(err)
	}
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 3}, {}}}
	values := map[account.ID]decimal.Decimal{"a002": decimal.NewFromInt(5)}
	tr, err := p.Apply(s, tiering.Input{At: at, Values: inNZD(values)})
	if err != nil {
		t.Fatal(err)
	}
	var top []account.ID
	for i := range tr.Len() {
		if tr.Tier(i) == 1 {
			top = append(top, s.ID(i))
		}
	}
	slices.Sort(top)
	if diff := cmp.Diff(top, []account.ID{"a000", "a002", "a004"}); diff != "" {
		t.Errorf("tier 1 (-got +want):\n%s", diff)
	}
}

func TestPlanReasons(t *testing.T) {
	card := plainCard()
	bands := tiering.Policy{Basis: tiering.BasisScore, Rules: []tiering.TierRule{{MinScore: 80 * tiering.Point}, {MinScore: 50 * tiering.Point}, {}}}
	fp := tiering.FingerprintOf(bands, card)
	s, err := tiering.Score(plainAccounts([]int{90, 85, 60, 40, 30}, []account.Tier{2, 1, 1, 3, 0}), card)
	if err != nil {
		t.Fatal(err)
	}
	in := tiering.Input{At: at, Values: map[account.ID]account.Money{"a000": nzd(decimal.NewFromInt(10)), "a002": nzd(decimal.NewFromInt(7))},
		Overrides: []tiering.Override{
			{Account: "a003", Tier: 1, Reason: "pilot", Author: "x", Expires: at.Add(-time.Hour)},
			{Account: "a001", Tier: 2, Reason: "dispute", Author: "y"},
		}}
	tr, err := bands.Apply(s, in)
	if err != nil {
		t.Fatal(err)
	}
	if tr.Fingerprint() != fp {
		t.Fatalf("fingerprint %s, want %s", tr.Fingerprint(), fp)
	}
	got := tr.Plan(fp)
	want := &tiering.Plan{
		Current: fp, Proposed: fp, At: at,
		Moves: []tiering.Move{
			{Account: "a000", From: 2, To: 1, Reason: tiering.MoveScore, Score: 9000, Value: nzd(decimal.NewFromInt(10))},
			{Account: "a001", From: 1, To: 2, Reason: tiering.MoveOverride, Score: 8500},
			{Account: "a002", From: 1, To: 2, Reason: tiering.MoveScore, Score: 6000, Value: nzd(decimal.NewFromInt(7))},
			{Account: "a004", From: 0, To: 3, Reason: tiering.MoveNew, Score: 3000},
		},
		Transitions: []tiering.Transition{
			{From: 0, To: 3, Accounts: 1},
			{From: 1, To: 2, Accounts: 2, Value: nzd(decimal.NewFromInt(7))},
			{From: 2, To: 1, Accounts: 1, Value: nzd(decimal.NewFromInt(10))},
			{From: 3, To: 3, Accounts: 1},
		},
		Accounts: 5, Changed: 4,
	}
	opt := cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	if diff := cmp.Diff(got, want, opt); diff != "" {
		t.Errorf("plan (-got +want):\n%s", diff)
	}
	if got := tr.Plan("other").Moves[0].Reason; got != tiering.MovePolicy {
		t.Errorf("with another current fingerprint, reason = %s, want policy change", got)
	}
	if got := got.ChangedShare(); !got.Equal(decimal.RequireFromString("0.8")) {
		t.Errorf("ChangedShare = %s", got)
	}
	if got := got.Transition(2, 3); got.Accounts != 0 {
		t.Errorf("Transition(2, 3) = %+v", got)
	}

	// The expired override of a003 moved it nowhere: it is reported, and
	// an account that leaves a pinned tier on expiry moves for that reason.
	if diff := cmp.Diff(tr.Expired(), in.Overrides[:1]); diff != "" {
		t.Errorf("expired (-got +want):\n%s", diff)
	}
	s2, _ := tiering.Score(plainAccounts([]int{40}, []account.Tier{1}), card)
	tr2, err := bands.Apply(s2, tiering.Input{At: at, Overrides: []tiering.Override{{Account: "a000", Tier: 1, Reason: "pilot", Author: "x", Expires: at}}})
	if err != nil {
		t.Fatal(err)
	}
	if m := tr2.Plan(fp).Moves; len(m) != 1 || m[0].Reason != tiering.MoveExpiry || m[0].To != 3 {
		t.Errorf("moves after expiry = %+v", m)
	}
}

func TestFingerprint(t *testing.T) {
	card := plainCard()
	p := tiering.Policy{Rules: []tiering.TierRule{{MinScore: 50 * tiering.Point}, {}}}
	a := tiering.FingerprintOf(p, card)
	if a != tiering.FingerprintOf(p, plainCard()) || len(a) != 16 {
		t.Fatalf("fingerprint %q is not stable", a)
	}
	changes := map[string]func(*tiering.Policy, *tiering.Scorecard){
		"weight":     func(_ *tiering.Policy, c *tiering.Scorecard) { c.Measures[0].Weight = 2 },
		"band":       func(_ *tiering.Policy, c *tiering.Scorecard) { c.Measures[0].Bands[3].Value = 0.031 },
		"func name":  func(_ *tiering.Policy, c *tiering.Scorecard) { c.Measures[0].Source = tiering.Func("score", nil) },
		"min score":  func(p *tiering.Policy, _ *tiering.Scorecard) { p.Rules[0].MinScore++ },
		"hysteresis": func(p *tiering.Policy, _ *tiering.Scorecard) { p.Hysteresis.MaxStepDown = 1 },
		"selector":   func(_ *tiering.Policy, c *tiering.Scorecard) { c.When.Segments = []string{"x"} },
	}
	for name, change := range changes {
		p2 := tiering.Policy{Rules: []tiering.TierRule{{MinScore: 50 * tiering.Point}, {}}}
		c2 := plainCard()
		change(&p2, &c2)
		if tiering.FingerprintOf(p2, c2) == a {
			t.Errorf("changing the %s left the fingerprint unchanged", name)
		}
	}

	// Configurations that mean the same have the same fingerprint.
	z := func(clip float64, segments ...string) tiering.Scorecard {
		return tiering.Scorecard{Name: "z", When: tiering.Selector{Segments: segments}, Measures: []tiering.Measure{
			{Name: "m", Weight: 1, Source: tiering.Attribute("score"), Normalisation: tiering.NormalisationZScore, Clip: clip},
		}}
	}
	same := [][2]tiering.Scorecard{
		{z(0), z(3)},
		{z(0, "b", "a"), z(0, "a", "b", "a")},
	}
	for _, pair := range same {
		if x, y := tiering.FingerprintOf(p, pair[0]), tiering.FingerprintOf(p, pair[1]); x != y {
			t.Errorf("same configuration, fingerprints %s and %s:\n%s\n%s", x, y, tiering.Describe(p, pair[0]), tiering.Describe(p, pair[1]))
		}
	}
	if tiering.FingerprintOf(p, z(2)) == tiering.FingerprintOf(p, z(3)) {
		t.Error("Clip 2 and Clip 3 have the same fingerprint")
	}
}

func FuzzPolicyValidate(f *testing.F) {
	f.Add(uint8(1), int32(8000), "0.05", 3, 0, int32(200), int32(200), 1)
	f.Add(uint8(3), int32(0), "0.8", 0, 5, int32(0), int32(0), 0)
	f.Fuzz(func(t *testing.T, basis uint8, minScore int32, share string, count, cp int, up, down int32, step int) {
		sh, err := decimal.NewFromString(share)
		if err != nil {
			return
		}
		p := tiering.Policy{Basis: tiering.Basis(basis), Rules: []tiering.TierRule{{MinScore: tiering.Points(minScore), Share: sh, Count: count, Cap: cp}, {}},
			Hysteresis: tiering.Hysteresis{Up: tiering.Points(up), Down: tiering.Points(down), MaxStepDown: step}}
		if err := p.Validate(); err != nil {
			if !errors.Is(err, tiering.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		// A valid policy applies to any scores without error (given values
		// for BasisValue).
		s := portfolio()
		values := map[account.ID]decimal.Decimal{}
		for i := range s.Len() {
			values[s.ID(i)] = decimal.NewFromInt(int64(i + 1))
		}
		tr, err := p.Apply(s, tiering.Input{At: at, Values: inNZD(values)})
		if err != nil {
			t.Fatalf("valid policy %+v: %v", p, err)
		}
		if tr.Count(1)+tr.Count(2) != s.Len() {
			t.Fatalf("tiers hold %d accounts, want %d", tr.Count(1)+tr.Count(2), s.Len())
		}
		if cp > 0 && tr.Count(1) > cp {
			t.Fatalf("tier 1 holds %d over its cap %d", tr.Count(1), cp)
		}
	})
}

func TestEmptyPortfolio(t *testing.T) {
	s, err := tiering.Score(nil, plainCard())
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range testPolicies()[:3] {
		tr, err := p.Apply(s, tiering.Input{At: at})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Len() != 0 || tr.Count(1) != 0 || len(tr.Plan("").Moves) != 0 {
			t.Errorf("%s: tiers of nothing: %d accounts", p.Basis, tr.Len())
		}
	}
}

func TestResultAccounts(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {}}}
	s := portfolio(2, 2, 2)
	tr, err := p.Apply(s, tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}
	got := tr.Accounts()
	for i, a := range got {
		if a.ID != s.ID(i) || a.Tier != tr.Tier(i) {
			t.Errorf("Accounts()[%d] = %s in %s, want %s in %s", i, a.ID, a.Tier, s.ID(i), tr.Tier(i))
		}
	}
	if s.Account(0).Tier != 2 {
		t.Error("Accounts changed the scored accounts")
	}
}

// A pinned account's value counts towards its tier's share of value.
func TestByValueWithPins(t *testing.T) {
	s, err := tiering.Score(plainAccounts([]int{10, 20, 30, 40}, nil), plainCard())
	if err != nil {
		t.Fatal(err)
	}
	values := map[account.ID]decimal.Decimal{}
	for i, v := range []int64{45, 30, 15, 10} {
		values[s.ID(i)] = decimal.NewFromInt(v)
	}
	p := tiering.Policy{Basis: tiering.BasisValue, Rules: []tiering.TierRule{{Share: decimal.RequireFromString("0.5")}, {}}}
	tiersOf := func(overrides ...tiering.Override) []account.Tier {
		tr, err := p.Apply(s, tiering.Input{At: at, Values: inNZD(values), Overrides: overrides})
		if err != nil {
			t.Fatal(err)
		}
		var got []account.Tier
		for i := range tr.Len() {
			got = append(got, tr.Tier(i))
		}
		return got
	}
	// 45 is below half of 100, so the account that crosses it (30) is in.
	if diff := cmp.Diff(tiersOf(), []account.Tier{1, 1, 2, 2}); diff != "" {
		t.Errorf("without pins (-got +want):\n%s", diff)
	}
	// Pinning the 10 into tier 1 starts it at 10; 45 then crosses half.
	pin := tiering.Override{Account: s.ID(3), Tier: 1, Reason: "r", Author: "a"}
	if diff := cmp.Diff(tiersOf(pin), []account.Tier{1, 2, 2, 1}); diff != "" {
		t.Errorf("with a pin (-got +want):\n%s", diff)
	}
}

// A tier may admit only the top score, 100 points, and a named policy is
// valid.
func TestPolicyValidateEdges(t *testing.T) {
	p := tiering.Policy{Name: "bands", Rules: []tiering.TierRule{{MinScore: tiering.MaxPoints}, {}}}
	if err := p.Validate(); err != nil {
		t.Errorf("MinScore of 100 points: %v", err)
	}
}
