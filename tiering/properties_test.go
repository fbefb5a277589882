package tiering_test

import (
	"fmt"
	"math"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// genCard draws a scorecard of one to six measures over attributes
// "m0".."m5", with every normalisation, direction and tolerant missing
// policy.
func genCard(t *rapid.T) tiering.Scorecard {
	k := rapid.IntRange(1, 6).Draw(t, "measures")
	card := tiering.Scorecard{Name: "card"}
	positive := false
	for i := range k {
		m := tiering.Measure{
			Name:          fmt.Sprintf("m%d", i),
			Weight:        float64(rapid.IntRange(0, 10).Draw(t, "weight")),
			Source:        tiering.Attribute(fmt.Sprintf("m%d", i)),
			Direction:     tiering.Direction(rapid.IntRange(0, 1).Draw(t, "direction")),
			Normalisation: tiering.Normalisation(rapid.IntRange(0, 4).Draw(t, "normalisation")),
			Missing:       tiering.MissingPolicy(rapid.IntRange(1, 3).Draw(t, "missing")),
		}
		if m.Normalisation == tiering.NormalisationZScore {
			m.Clip = float64(rapid.IntRange(0, 4).Draw(t, "clip"))
		}
		if m.Normalisation == tiering.NormalisationBanded {
			vals := []float64{0, 0.4, 1}
			if m.Direction == tiering.DirectionLowerIsBetter {
				vals = []float64{1, 0.4, 0}
			}
			m.Bands = []tiering.Band{
				{Lo: math.Inf(-1), Hi: 0, HiOpen: true, Value: vals[0]},
				{Lo: 0, Hi: 100, HiOpen: true, Value: vals[1]},
				{Lo: 100, Hi: math.Inf(1), Value: vals[2]},
			}
		}
		positive = positive || m.Weight > 0
		card.Measures = append(card.Measures, m)
	}
	if !positive {
		card.Measures[0].Weight = 1
	}
	return card
}

// genAccounts draws one to forty accounts with values for the card's
// attributes (non-negative ones for LogMinMax), some missing. Every
// attribute has a value for at least one account.
func genAccounts(t *rapid.T, card tiering.Scorecard) []account.Account {
	n := rapid.IntRange(1, 40).Draw(t, "accounts")
	accounts := make([]account.Account, n)
	for i := range accounts {
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("a%02d", i)), Name: "x", Attributes: map[string]decimal.Decimal{}}
		for k, m := range card.Measures {
			if i > 0 && rapid.IntRange(0, 4).Draw(t, "missing") == 0 {
				continue
			}
			lo := -200
			if m.Normalisation == tiering.NormalisationLogMinMax {
				lo = 0
			}
			v := rapid.IntRange(lo, 1000).Draw(t, "raw")
			accounts[i].Attributes[fmt.Sprintf("m%d", k)] = decimal.New(int64(v), -1)
		}
	}
	return accounts
}

func TestScoreProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		card := genCard(t)
		accounts := genAccounts(t, card)
		s, err := tiering.Score(accounts, card)
		if err != nil {
			t.Fatal(err)
		}
		for i := range s.Len() {
			total := s.Total(i)
			if total < 0 || total > tiering.MaxPoints {
				t.Fatalf("%s: total %s outside [0, 100]", s.ID(i), total)
			}
			e := s.Explain(i)
			var sum tiering.Points
			var eff float64
			for _, l := range e.Lines {
				sum += l.Points
				eff += l.EffectiveWeight
				if l.Normalised < 0 || l.Normalised > 1 {
					t.Fatalf("%s %s: normalised %v outside [0, 1]", s.ID(i), l.Measure, l.Normalised)
				}
				if l.Points < 0 {
					t.Fatalf("%s %s: negative points %s", s.ID(i), l.Measure, l.Points)
				}
			}
			if sum != total || e.Total != total {
				t.Fatalf("%s: points add up to %s, explanation total %s, total %s", s.ID(i), sum, e.Total, total)
			}
			if e.Coverage < 0 || e.Coverage > 1 {
				t.Fatalf("%s: coverage %v", s.ID(i), e.Coverage)
			}
			if eff != 0 && math.Abs(eff-1) > 1e-9 {
				t.Fatalf("%s: effective weights add up to %v", s.ID(i), eff)
			}
		}
	})
}

// outcome is what a run gives each account, keyed by ID.
type outcome struct {
	Total       tiering.Points
	Explanation tiering.Explanation
	Tiers       []account.Tier // under each policy of testPolicies
}

func testPolicies() []tiering.Policy {
	d := decimal.RequireFromString
	return []tiering.Policy{
		{Basis: tiering.BasisScore, Rules: []tiering.TierRule{{MinScore: 60 * tiering.Point, Cap: 5}, {MinScore: 30 * tiering.Point}, {}}},
		{Basis: tiering.BasisShare, Rules: []tiering.TierRule{{Share: d("0.1")}, {Share: d("0.3"), MinScore: 20 * tiering.Point}, {}}},
		{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 3}, {Count: 5, Cap: 4}, {}}},
		{Basis: tiering.BasisValue, Rules: []tiering.TierRule{{Share: d("0.5")}, {Share: d("0.3")}, {}}},
		{Basis: tiering.BasisShare, Rules: []tiering.TierRule{{Share: d("0.2"), Cap: 4}, {Share: d("0.3")}, {}},
			Hysteresis: tiering.Hysteresis{Up: 5 * tiering.Point, Down: 3 * tiering.Point, MaxStepDown: 1}},
	}
}

func outcomes(t *rapid.T, accounts []account.Account, card tiering.Scorecard, values map[account.ID]decimal.Decimal) map[account.ID]outcome {
	s, err := tiering.Score(accounts, card)
	if err != nil {
		t.Fatal(err)
	}
	out := map[account.ID]outcome{}
	for i := range s.Len() {
		out[s.ID(i)] = outcome{Total: s.Total(i), Explanation: s.Explain(i)}
	}
	for _, p := range testPolicies() {
		tr, err := p.Apply(s, tiering.Input{At: at, Values: inNZD(values)})
		if err != nil {
			t.Fatal(err)
		}
		for i := range tr.Len() {
			o := out[s.ID(i)]
			o.Tiers = append(o.Tiers, tr.Tier(i))
			out[s.ID(i)] = o
		}
	}
	return out
}

func TestOrderIndependence(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		card := genCard(t)
		accounts := genAccounts(t, card)
		values := map[account.ID]decimal.Decimal{}
		for i, a := range accounts {
			// Few distinct values, so that ties between equal scores fall
			// to the ID.
			values[a.ID] = decimal.NewFromInt(int64(rapid.IntRange(1, 3).Draw(t, "value")))
			accounts[i].Tier = account.Tier(rapid.IntRange(0, 3).Draw(t, "current"))
		}
		want := outcomes(t, accounts, card, values)
		got := outcomes(t, rapid.Permutation(accounts).Draw(t, "order"), card, values)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("results depend on the order of accounts (-in order +shuffled):\n%s", diff)
		}
	})
}

func TestMonotonicity(t *testing.T) {
	bands := testPolicies()[0]
	bands.Rules[0].Cap = 0
	rapid.Check(t, func(t *rapid.T) {
		card := genCard(t)
		accounts := genAccounts(t, card)
		i := rapid.IntRange(0, len(accounts)-1).Draw(t, "account")
		k := rapid.IntRange(0, len(card.Measures)-1).Draw(t, "measure")
		name := fmt.Sprintf("m%d", k)
		old, ok := accounts[i].Attributes[name]
		if !ok {
			t.Skip("the account has no value to raise")
		}
		before, err := tiering.Score(accounts, card)
		if err != nil {
			t.Fatal(err)
		}
		raised := slices.Clone(accounts)
		raised[i].Attributes = map[string]decimal.Decimal{}
		for key, v := range accounts[i].Attributes {
			raised[i].Attributes[key] = v
		}
		delta := decimal.New(int64(rapid.IntRange(1, 500).Draw(t, "raise")), -1)
		if card.Measures[k].Direction == tiering.DirectionLowerIsBetter {
			delta = delta.Neg()
			if card.Measures[k].Normalisation == tiering.NormalisationLogMinMax && old.Add(delta).Sign() < 0 {
				delta = old.Neg()
			}
		}
		raised[i].Attributes[name] = old.Add(delta)
		after, err := tiering.Score(raised, card)
		if err != nil {
			t.Fatal(err)
		}
		if after.Total(i) < before.Total(i) {
			t.Fatalf("improving %s of %s from %s to %s lowered the score from %s to %s", name, accounts[i].ID, old, raised[i].Attributes[name], before.Total(i), after.Total(i))
		}
		tb, err := bands.Apply(before, tiering.Input{At: at})
		if err != nil {
			t.Fatal(err)
		}
		ta, err := bands.Apply(after, tiering.Input{At: at})
		if err != nil {
			t.Fatal(err)
		}
		if tb.Tier(i).Above(ta.Tier(i)) {
			t.Fatalf("improving %s of %s lowered its tier from %s to %s", name, accounts[i].ID, tb.Tier(i), ta.Tier(i))
		}
	})
}

// drawScores draws from 1 to n accounts' scores, for plainAccounts, and
// their current tiers, from Unassigned to maxTier.
func drawScores(t *rapid.T, n int, maxTier account.Tier) ([]int, []account.Tier) {
	n = rapid.IntRange(1, n).Draw(t, "accounts")
	scores := make([]int, n)
	current := make([]account.Tier, n)
	for i := range n {
		scores[i] = rapid.IntRange(0, 100).Draw(t, "score")
		current[i] = account.Tier(rapid.IntRange(0, int(maxTier)).Draw(t, "current"))
	}
	return scores, current
}

// plainAccounts returns accounts whose total under plainCard is exactly
// their "score" attribute.
func plainAccounts(scores []int, current []account.Tier) []account.Account {
	accounts := make([]account.Account, len(scores))
	for i, s := range scores {
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("a%03d", i)), Name: "x", Attributes: map[string]decimal.Decimal{"score": decimal.NewFromInt(int64(s))}}
		if current != nil {
			accounts[i].Tier = current[i]
		}
	}
	return accounts
}

func TestHysteresisProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		margin := tiering.Points(rapid.IntRange(1, 10).Draw(t, "margin")) * tiering.Point
		p := tiering.Policy{
			Basis:      tiering.BasisScore,
			Rules:      []tiering.TierRule{{MinScore: 75 * tiering.Point}, {MinScore: 50 * tiering.Point}, {MinScore: 25 * tiering.Point}, {}},
			Hysteresis: tiering.Hysteresis{Up: margin + tiering.Points(rapid.IntRange(0, 5).Draw(t, "extra up"))*tiering.Point, Down: margin},
		}
		tierOf := func(score int) account.Tier {
			for i, r := range p.Rules {
				if tiering.Points(score)*tiering.Point >= r.MinScore {
					return account.Tier(i + 1)
				}
			}
			return account.Tier(len(p.Rules))
		}
		n := rapid.IntRange(1, 30).Draw(t, "accounts")
		var before, after []int
		var current []account.Tier
		for range n {
			s0 := rapid.IntRange(0, 100).Draw(t, "before")
			d := rapid.IntRange(-int(margin/tiering.Point)+1, int(margin/tiering.Point)-1).Draw(t, "change")
			before = append(before, s0)
			after = append(after, max(0, min(100, s0+d)))
			current = append(current, tierOf(s0))
		}
		s, err := tiering.Score(plainAccounts(after, current), plainCard())
		if err != nil {
			t.Fatal(err)
		}
		tr, err := p.Apply(s, tiering.Input{At: at})
		if err != nil {
			t.Fatal(err)
		}
		for i := range tr.Len() {
			if tr.Tier(i) != current[i] {
				t.Fatalf("%s moved from %s to %s when its score changed from %d to %d, less than the margin %s", s.ID(i), current[i], tr.Tier(i), before[i], after[i], margin)
			}
		}
	})
}

// MinDwell holds every account that entered its tier (TierSince) less than
// MinDwell before the run, and only those; Result.Accounts then dates the
// tiers of exactly the accounts that moved, and keeps them valid.
func TestDwellProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		dwell := time.Duration(rapid.IntRange(1, 180).Draw(t, "dwell days")) * 24 * time.Hour
		p := tiering.Policy{
			Basis:      tiering.BasisScore,
			Rules:      []tiering.TierRule{{MinScore: 75 * tiering.Point}, {MinScore: 50 * tiering.Point}, {MinScore: 25 * tiering.Point}, {}},
			Hysteresis: tiering.Hysteresis{MinDwell: dwell},
		}
		scores, current := drawScores(t, 30, 4)
		accounts := plainAccounts(scores, current)
		for i := range accounts {
			a := &accounts[i]
			a.Created = at.AddDate(-3, 0, 0)
			a.Updated = at.Add(-time.Duration(rapid.IntRange(-48, 400*24).Draw(t, "updated hours ago")) * time.Hour)
			if a.Tier != account.Unassigned && rapid.IntRange(0, 3).Draw(t, "tier since known") > 0 {
				a.TierSince = a.Updated.Add(-time.Duration(rapid.IntRange(0, 300*24).Draw(t, "tier since hours before update")) * time.Hour)
			}
			if err := a.Validate(); err != nil {
				t.Fatalf("generated account: %v", err)
			}
		}
		s, err := tiering.Score(accounts, plainCard())
		if err != nil {
			t.Fatal(err)
		}
		tr, err := p.Apply(s, tiering.Input{At: at})
		if err != nil {
			t.Fatal(err)
		}
		moved := tr.Accounts()
		for i := range tr.Len() {
			a, d := accounts[i], tr.Decision(i)
			held := a.Tier != account.Unassigned && !a.TierSince.IsZero() && at.Sub(a.TierSince) < dwell
			switch {
			case held && d.Tier != a.Tier:
				t.Fatalf("%s entered %s at %s, within MinDwell %s of %s, but moved to %s", a.ID, a.Tier, a.TierSince, dwell, at, d.Tier)
			case held && d.Policy != a.Tier && d.Reason != tiering.TierDwell:
				t.Fatalf("%s held in %s, cause %s, want dwell", a.ID, a.Tier, d.Reason)
			case !held && d.Tier != d.Policy:
				t.Fatalf("%s (tier since %s) not within MinDwell, but kept in %s rather than the policy's %s", a.ID, a.TierSince, d.Tier, d.Policy)
			}
			c := moved[i]
			switch {
			case c.ID != a.ID || c.Tier != d.Tier:
				t.Fatalf("Accounts()[%d] is %s in %s, want %s in %s", i, c.ID, c.Tier, a.ID, d.Tier)
			case c.Tier != a.Tier && !c.TierSince.Equal(at):
				t.Fatalf("%s moved from %s to %s but TierSince is %s, want the run's instant %s", a.ID, a.Tier, c.Tier, c.TierSince, at)
			case c.Tier == a.Tier && !c.TierSince.Equal(a.TierSince):
				t.Fatalf("%s stayed in %s but TierSince changed from %s to %s", a.ID, a.Tier, a.TierSince, c.TierSince)
			}
			if err := c.Validate(); err != nil {
				t.Fatalf("re-tiered copy of %s: %v", a.ID, err)
			}
		}
	})
}

func TestQuantileSizes(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 300).Draw(t, "accounts")
		scores := make([]int, n)
		for i := range scores {
			scores[i] = rapid.IntRange(0, 100).Draw(t, "score")
		}
		k := rapid.IntRange(1, 5).Draw(t, "tiers")
		var rules []tiering.TierRule
		left := 100
		for range k - 1 {
			if left == 0 {
				break
			}
			pct := rapid.IntRange(1, left).Draw(t, "percent")
			left -= pct
			rules = append(rules, tiering.TierRule{Share: decimal.New(int64(pct), -2)})
		}
		rules = append(rules, tiering.TierRule{})
		p := tiering.Policy{Basis: tiering.BasisShare, Rules: rules}
		s, err := tiering.Score(plainAccounts(scores, nil), plainCard())
		if err != nil {
			t.Fatal(err)
		}
		tr, err := p.Apply(s, tiering.Input{At: at})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for i, r := range rules {
			got := tr.Count(account.Tier(i + 1))
			total += got
			if i == len(rules)-1 {
				continue
			}
			want, _ := r.Share.Mul(decimal.NewFromInt(int64(n))).Float64()
			if math.Abs(float64(got)-want) >= 1 {
				t.Fatalf("tier %d has %d accounts, share %s of %d is %v", i+1, got, r.Share, n, want)
			}
		}
		if total != n {
			t.Fatalf("tiers hold %d accounts, want %d", total, n)
		}
		// Every account in a higher tier ranks at or above every account in
		// a lower one.
		for i := range tr.Len() {
			for j := range tr.Len() {
				if tr.Tier(i).Above(tr.Tier(j)) && s.Total(i) < s.Total(j) {
					t.Fatalf("%s (%s, %s) is above %s (%s, %s)", s.ID(i), s.Total(i), tr.Tier(i), s.ID(j), s.Total(j), tr.Tier(j))
				}
			}
		}
	})
}

// Caps are hard limits: no run overfills a capped tier, whatever
// hysteresis holds. (Overrides beyond a cap are an error: see
// TestOverridesBeyondCap.)
func TestCapsHold(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		scores, current := drawScores(t, 60, 3)
		caps := []int{rapid.IntRange(0, 5).Draw(t, "cap1"), rapid.IntRange(0, 10).Draw(t, "cap2")}
		p := tiering.Policy{
			Basis:      tiering.Basis(rapid.IntRange(0, 2).Draw(t, "basis")),
			Rules:      []tiering.TierRule{{Cap: caps[0]}, {Cap: caps[1]}, {}},
			Hysteresis: tiering.Hysteresis{Up: 10 * tiering.Point, Down: 10 * tiering.Point},
		}
		switch p.Basis {
		case tiering.BasisScore:
			p.Rules[0].MinScore, p.Rules[1].MinScore = 70*tiering.Point, 40*tiering.Point
		case tiering.BasisShare:
			p.Rules[0].Share, p.Rules[1].Share = decimal.RequireFromString("0.2"), decimal.RequireFromString("0.3")
		case tiering.BasisCount:
			p.Rules[0].Count, p.Rules[1].Count = 4, 8
		}
		s, err := tiering.Score(plainAccounts(scores, current), plainCard())
		if err != nil {
			t.Fatal(err)
		}
		tr, err := p.Apply(s, tiering.Input{At: at})
		if err != nil {
			t.Fatal(err)
		}
		for i, c := range caps {
			if got := tr.Count(account.Tier(i + 1)); c > 0 && got > c {
				t.Fatalf("tier %d holds %d accounts, cap %d", i+1, got, c)
			}
		}
	})
}

// BasisValue ranks and sums values exactly by two routes, int64 for values
// that fit and decimals for those that do not; multiplying every value by
// 10^20 (in the coefficient, not the exponent) forces the second route and
// must not change any tier.
func TestByValueExactRoutesAgree(t *testing.T) {
	e20 := decimal.NewFromBigInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(20), nil), 0)
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "accounts")
		scores := make([]int, n)
		small := map[account.ID]decimal.Decimal{}
		large := map[account.ID]decimal.Decimal{}
		accounts := plainAccounts(scores, nil)
		for i := range scores {
			scores[i] = rapid.IntRange(0, 100).Draw(t, "score")
			accounts[i].Attributes["score"] = decimal.NewFromInt(int64(scores[i]))
			v := decimal.New(int64(rapid.IntRange(-5, 1000).Draw(t, "value")), int32(-rapid.IntRange(0, 2).Draw(t, "places")))
			small[accounts[i].ID] = v
			large[accounts[i].ID] = v.Mul(e20)
		}
		small[accounts[0].ID] = small[accounts[0].ID].Add(decimal.NewFromInt(2000)) // a positive total
		large[accounts[0].ID] = small[accounts[0].ID].Mul(e20)
		p := tiering.Policy{Basis: tiering.BasisValue, Rules: []tiering.TierRule{
			{Share: decimal.New(int64(rapid.IntRange(1, 60).Draw(t, "share1")), -2), Cap: rapid.IntRange(0, 5).Draw(t, "cap")},
			{Share: decimal.New(int64(rapid.IntRange(1, 40).Draw(t, "share2")), -2), MinScore: tiering.Points(rapid.IntRange(0, 50).Draw(t, "min")) * tiering.Point},
			{},
		}}
		s, err := tiering.Score(accounts, plainCard())
		if err != nil {
			t.Fatal(err)
		}
		a, err := p.Apply(s, tiering.Input{At: at, Values: inNZD(small)})
		if err != nil {
			t.Fatal(err)
		}
		b, err := p.Apply(s, tiering.Input{At: at, Values: inNZD(large)})
		if err != nil {
			t.Fatal(err)
		}
		for i := range a.Len() {
			if a.Tier(i) != b.Tier(i) {
				t.Fatalf("%s: %s with small values, %s with values ×10^20", s.ID(i), a.Tier(i), b.Tier(i))
			}
		}
	})
}
