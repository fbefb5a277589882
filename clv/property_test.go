package clv

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func drawBGNBD(t *rapid.T) BGNBD {
	return BGNBD{
		R:     rapid.Float64Range(0.01, 20).Draw(t, "r"),
		Alpha: rapid.Float64Range(0.01, 500).Draw(t, "alpha"),
		A:     rapid.Float64Range(0.01, 20).Draw(t, "a"),
		B:     rapid.Float64Range(0.01, 50).Draw(t, "b"),
	}
}

func drawPareto(t *rapid.T) ParetoNBD {
	return ParetoNBD{
		R:     rapid.Float64Range(0.01, 20).Draw(t, "r"),
		Alpha: rapid.Float64Range(0.01, 500).Draw(t, "alpha"),
		S:     rapid.Float64Range(0.01, 20).Draw(t, "s"),
		Beta:  rapid.Float64Range(0.01, 500).Draw(t, "beta"),
	}
}

func drawSummary(t *rapid.T) Summary {
	unit := rapid.SampledFrom([]Unit{UnitDay, UnitWeek}).Draw(t, "unit")
	age := time.Duration(rapid.Int64Range(0, int64(5*365*24*time.Hour)).Draw(t, "age"))
	x := rapid.IntRange(0, 2000).Draw(t, "x")
	var last time.Duration
	if x > 0 {
		if age == 0 {
			age = 1
		}
		last = time.Duration(rapid.Int64Range(1, int64(age)).Draw(t, "last"))
	}
	return Summary{Unit: unit, Repeats: x, Last: last, Age: age}
}

func TestPropertyProbabilityActive(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := drawSummary(t)
		bg := drawBGNBD(t)
		p, err := bg.ProbabilityActive(s)
		if err != nil || !(p >= 0 && p <= 1) {
			t.Fatalf("BG/NBD P(alive) = %v, %v", p, err)
		}
		if s.Repeats == 0 && p != 1 {
			t.Fatalf("BG/NBD P(alive) = %v for an account without repeat transactions, want 1", p)
		}
		pn := drawPareto(t)
		p, err = pn.ProbabilityActive(s)
		if err != nil || !(p >= 0 && p <= 1) {
			t.Fatalf("Pareto/NBD P(alive) = %v, %v", p, err)
		}
	})
}

func TestPropertyExpectedGrows(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := drawSummary(t)
		t1 := time.Duration(rapid.Int64Range(0, int64(3*365*24*time.Hour)).Draw(t, "t1"))
		t2 := t1 + time.Duration(rapid.Int64Range(0, int64(3*365*24*time.Hour)).Draw(t, "dt"))
		for _, m := range []Model{drawBGNBD(t), drawPareto(t)} {
			e1, err1 := m.ExpectedTransactions(s, t1)
			e2, err2 := m.ExpectedTransactions(s, t2)
			if errors.Is(err1, ErrRange) || errors.Is(err2, ErrRange) {
				// A horizon beyond the BG/NBD series' bounded work (a
				// tiny α with thousands of repeats): a typed error, not
				// a value; TestBGExpectedNewProperties covers the range.
				continue
			}
			if err1 != nil || err2 != nil {
				t.Fatalf("%v: %v, %v", m, err1, err2)
			}
			if !(e1 >= 0) || !(e2 >= e1*(1-1e-9)) {
				t.Fatalf("%v: E[Y(%v)] = %v, E[Y(%v)] = %v: must be ≥ 0 and grow", m, t1, e1, t2, e2)
			}
			n1, _ := m.ExpectedNew(s.Unit, t1)
			n2, _ := m.ExpectedNew(s.Unit, t2)
			if !(n1 >= 0) || !(n2 >= n1*(1-1e-9)) {
				t.Fatalf("%v: new E[X(%v)] = %v, E[X(%v)] = %v", m, t1, n1, t2, n2)
			}
		}
	})
}

// smallPortfolio draws a simulated portfolio of 200 to 400 accounts.
func smallPortfolio(t *rapid.T) []Summary {
	s, err := SimulateBGNBD(BGNBD{R: 0.8, Alpha: 5, A: 1.2, B: 3}, Simulation{
		Accounts: rapid.IntRange(200, 400).Draw(t, "accounts"), Unit: UnitWeek,
		MinAge: 10 * week, MaxAge: 30 * week, Periods: rapid.Bool().Draw(t, "periods"),
		Holdout: 10 * week, Seed: rapid.Uint64().Draw(t, "seed"),
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestPropertyGroupingNeverChangesTheFit(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := smallPortfolio(t)
		g, err := Groups(s)
		if err != nil {
			t.Fatal(err)
		}
		// Split every group into random parts and shuffle them.
		var split []Group
		for _, gr := range g {
			for gr.Weight > 0 {
				w := rapid.Int64Range(1, gr.Weight).Draw(t, "part")
				part := gr
				part.Weight = w
				split = append(split, part)
				gr.Weight -= w
			}
		}
		perm := rapid.Permutation(split).Draw(t, "perm")
		f1, err1 := FitBGNBD(g, FitOptions{MaxIterations: 200})
		f2, err2 := FitBGNBD(perm, FitOptions{MaxIterations: 200})
		if diff := cmp.Diff(f1, f2, cmpopts.EquateErrors()); diff != "" || !errors.Is(err1, err2) && (err1 != nil || err2 != nil) && err1.Error() != err2.Error() {
			t.Fatalf("grouped and split fits differ (-grouped +split):\n%s\n%v\n%v", diff, err1, err2)
		}
	})
}

func TestPropertyInputOrderNeverChangesAnything(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := smallPortfolio(t)
		perm := rapid.Permutation(s).Draw(t, "perm")
		g1, _ := Groups(s)
		g2, _ := Groups(perm)
		if diff := cmp.Diff(g1, g2); diff != "" {
			t.Fatalf("groups differ:\n%s", diff)
		}
		m := BGNBD{R: 0.8, Alpha: 5, A: 1.2, B: 3}
		c1, err1 := Compare(m, s, 5)
		c2, err2 := Compare(m, perm, 5)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if diff := cmp.Diff(c1, c2); diff != "" {
			t.Fatalf("comparisons differ:\n%s", diff)
		}
		for i := range s {
			s[i].MeanValue = mustMoney(t, 1+i%17, "EUR")
		}
		perm = rapid.Permutation(s).Draw(t, "perm2")
		f1, err1 := FitGammaGamma(s, FitOptions{MaxIterations: 200})
		f2, err2 := FitGammaGamma(perm, FitOptions{MaxIterations: 200})
		if diff := cmp.Diff(f1, f2); diff != "" || (err1 == nil) != (err2 == nil) {
			t.Fatalf("Gamma-Gamma fits differ:\n%s\n%v %v", diff, err1, err2)
		}
		p1, _ := Predict(m, s, 10*week)
		p2, _ := Predict(m, perm, 10*week)
		slices.SortFunc(p1, func(a, b Prediction) int { return cmpString(string(a.ID), string(b.ID)) })
		slices.SortFunc(p2, func(a, b Prediction) int { return cmpString(string(a.ID), string(b.ID)) })
		if diff := cmp.Diff(p1, p2); diff != "" {
			t.Fatalf("predictions differ:\n%s", diff)
		}
	})
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestPropertyProbabilitiesOfKSumToOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawBGNBD(t)
		s := drawSummary(t)
		s.Repeats = min(s.Repeats, 50)
		h := time.Duration(rapid.Int64Range(0, int64(60*24*time.Hour)).Draw(t, "t"))
		var sum float64
		for k := range 400 {
			p, err := m.ProbabilityTransactions(s, h, k)
			if err != nil || !(p >= 0 && p <= 1) {
				t.Fatalf("P(%d) = %v, %v", k, p, err)
			}
			sum += p
		}
		// The terms cannot sum past 1, and by Markov's inequality the
		// mass past k = 399 is at most E/400.
		e, _ := m.ExpectedTransactions(s, h)
		if sum > 1+1e-9 || sum < 1-e/400-1e-6 {
			t.Fatalf("Σ P(k) for k < 400 = %v with E = %v", sum, e)
		}
	})
}

func mustMoney(t interface{ Fatal(...any) }, units int, cur string) account.Money {
	m, err := account.NewMoney(decimal.NewFromInt(int64(units)), account.Currency(cur))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
