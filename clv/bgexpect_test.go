package clv

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"pgregory.net/rapid"
)

// bgExpectedByIntegral is E[X(t)] of a new BG/NBD account from its
// definition, E_p[(1 − (1+pt/α)^(−r))/p] with p ~ Beta(a, b), integrated
// numerically with the beta density in log space: [0, 1] is cut at the
// mean ± 1, 2, 4, … 64 standard deviations so that a concentrated density
// (a, b in the hundreds) is resolved, and the end pieces are integrated
// after p = v^(1/a) (1−p = w^(1/b)) to take away the singularities of
// p^(a−1) and (1−p)^(b−1). It shares nothing with the series of
// bgExpectedNew.
func bgExpectedByIntegral(r, alpha, a, b, t float64) float64 {
	lb := lgamma(a) + lgamma(b) - lgamma(a+b)
	h := func(p float64) float64 { return -math.Expm1(-r*math.Log1p(p*t/alpha)) / p }
	// density × h, without p^(a−1) (low) or (1−p)^(b−1) (high).
	low := func(p float64) float64 { return h(p) * math.Exp((b-1)*math.Log1p(-p)-lb) }
	high := func(p float64) float64 { return h(p) * math.Exp((a-1)*math.Log(p)-lb) }
	mean := a / (a + b)
	sd := math.Sqrt(a * b / ((a + b) * (a + b) * (a + b + 1)))
	cuts := []float64{0}
	for k := -64.0; k <= 64; {
		if c := mean + k*sd; c > cuts[len(cuts)-1] && c < 1 {
			cuts = append(cuts, c)
		}
		switch {
		case k < -1:
			k /= 2
		case k == -1:
			k = 1
		default:
			k *= 2
		}
	}
	cuts = append(cuts, 1)
	total := 0.0
	for i := 0; i+1 < len(cuts); i++ {
		lo, hi := cuts[i], cuts[i+1]
		switch {
		case i == 0:
			// ∫₀^hi p^(a−1) f(p) dp = (1/a) ∫₀^(hi^a) f(v^(1/a)) dv.
			total += quickSimpson(func(v float64) float64 {
				if v <= 0 {
					return 0
				}
				return low(math.Pow(v, 1/a))
			}, 0, math.Pow(hi, a)) / a
		case i == len(cuts)-2:
			total += quickSimpson(func(w float64) float64 {
				if w <= 0 {
					return 0
				}
				return high(1 - math.Pow(w, 1/b))
			}, 0, math.Pow(1-lo, b)) / b
		default:
			total += quickSimpson(func(p float64) float64 {
				return h(p) * math.Exp((a-1)*math.Log(p)+(b-1)*math.Log1p(-p)-lb)
			}, lo, hi)
		}
	}
	return total
}

// quickSimpson is adaptive Simpson over 16 pieces to about 1e-13.
func quickSimpson(f func(float64) float64, a, b float64) float64 {
	return simpsonPieces(f, a, b, 16, 1e-13, 30)
}

// TestBGExpectedNewCrossCheck checks E[X(t)] against the integral over a,
// b from 0.5 to 500, a+b = 1 exactly, the case a = 200, b = 300 that
// overflowed eq. 9's series, and horizons from 1/100 to 1000 times α.
func TestBGExpectedNewCrossCheck(t *testing.T) {
	ab := [][2]float64{
		{0.5, 0.5}, {0.25, 0.75}, {0.75, 0.25}, // a+b = 1 exactly
		{0.5, 3}, {0.5, 300}, {50, 0.5}, {50, 50}, {50, 500},
		{500, 0.5}, {500, 50}, {500, 500}, {200, 300}, {1, 2.5}, {0.79, 2.43},
	}
	for _, c := range ab {
		a, b := c[0], c[1]
		for _, r := range []float64{0.24, 3, 150} {
			for _, alpha := range []float64{0.5} {
				for _, f := range []float64{0.01, 1, 39, 1000} {
					tt := f * alpha
					got, err := bgExpectedNew(r, alpha, a, b, tt)
					if err != nil {
						t.Fatalf("a=%v b=%v r=%v α=%v t=%v: %v", a, b, r, alpha, tt, err)
					}
					want := bgExpectedByIntegral(r, alpha, a, b, tt)
					if math.IsNaN(got) || math.Abs(got-want) > 1e-8*want {
						t.Errorf("a=%v b=%v r=%v α=%v t=%v: %.15g, by integral %.15g", a, b, r, alpha, tt, got, want)
					}
				}
			}
		}
	}
}

// TestBGExpectedNewLarge is the case the ₂F₁ series overflowed on: a = 200,
// b = 300, whose expectation is about 1.97 (and was reported as 0).
func TestBGExpectedNewLarge(t *testing.T) {
	m := BGNBD{R: 2, Alpha: 1, A: 200, B: 300}
	got, err := m.ExpectedNew(UnitWeek, 100*week)
	if err != nil {
		t.Fatal(err)
	}
	want := bgExpectedByIntegral(2, 1, 200, 300, 100)
	if math.Abs(got-want) > 1e-9*want || got < 1 {
		t.Errorf("ExpectedNew = %.15g, by integral %.15g", got, want)
	}
}

// TestBGExpectedNewRange: a horizon the series cannot reach within its
// bound is ErrRange naming the horizon, never a truncated value or 0; one
// just inside is computed.
func TestBGExpectedNewRange(t *testing.T) {
	m := BGNBD{R: 0.1, Alpha: 0.001, A: 0.5, B: 2}
	_, err := m.ExpectedNew(UnitDay, 100*365*24*time.Hour) // t/α = 3.65e7
	var fe *account.FieldError
	if !errors.Is(err, ErrRange) || !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe.Field != "Horizon" {
		t.Fatalf("ExpectedNew beyond range: %v", err)
	}
	s := Summary{ID: "a", Unit: UnitDay}
	if _, err := m.ExpectedTransactions(s, 100*365*24*time.Hour); !errors.Is(err, ErrRange) {
		t.Fatalf("ExpectedTransactions beyond range: %v", err)
	}
	if _, err := Predict(m, []Summary{s}, 100*365*24*time.Hour); !errors.Is(err, ErrRange) {
		t.Fatalf("Predict beyond range: %v", err)
	}
	// t/α = 50,000: about 2M terms, within the bound.
	got, err := m.ExpectedNew(UnitDay, 50*24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if want := bgExpectedByIntegral(0.1, 0.001, 0.5, 2, 50); math.Abs(got-want) > 1e-8*want {
		t.Errorf("ExpectedNew at t/α = 50000: %.15g, by integral %.15g", got, want)
	}
}

// TestBGExpectedNewProperties: finite, ≥ 0, 0 at t = 0, not decreasing in
// t, at most rt/α, for parameters from 0.01 to 1000.
func TestBGExpectedNewProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		r := rapid.Float64Range(0.01, 1000).Draw(t, "r")
		alpha := rapid.Float64Range(0.01, 1000).Draw(t, "alpha")
		a := rapid.Float64Range(0.01, 1000).Draw(t, "a")
		b := rapid.Float64Range(0.01, 1000).Draw(t, "b")
		t1 := rapid.Float64Range(0, 100).Draw(t, "t1") * alpha // within the series bound for r up to 1000
		t2 := t1*(1+rapid.Float64Range(1e-6, 10).Draw(t, "more")) + 1e-6*alpha
		e1, err1 := bgExpectedNew(r, alpha, a, b, t1)
		e2, err2 := bgExpectedNew(r, alpha, a, b, t2)
		if err1 != nil || err2 != nil {
			t.Fatalf("errors %v, %v", err1, err2)
		}
		if math.IsNaN(e1) || math.IsInf(e1, 0) || e1 < 0 || math.IsNaN(e2) || math.IsInf(e2, 0) {
			t.Fatalf("E(%v) = %v, E(%v) = %v", t1, e1, t2, e2)
		}
		if t1 == 0 && e1 != 0 {
			t.Fatalf("E(0) = %v", e1)
		}
		// Increasing (to rounding: at a long horizon it reaches its limit
		// E[1/p]).
		if e2 < e1*(1-1e-12) {
			t.Fatalf("E(%v) = %v above E(%v) = %v", t1, e1, t2, e2)
		}
		// Never more than the opportunities: E[X(t)] ≤ E[N(t)] = rt/α.
		if e2 > r*t2/alpha*(1+1e-12) {
			t.Fatalf("E(%v) = %v above rt/α = %v", t2, e2, r*t2/alpha)
		}
	})
}
