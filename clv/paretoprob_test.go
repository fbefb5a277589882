package clv

import (
	"errors"
	"math"
	"testing"
	"time"
)

// The probabilities of k transactions under the Pareto/NBD sum to 1 and
// their mean is ExpectedTransactions (a closed form: another route), for
// accounts with and without repeats, over short and long horizons.
func TestParetoProbabilityTransactionsCrossCheck(t *testing.T) {
	for _, m := range []ParetoNBD{{0.55, 10.58, 0.61, 11.67}, {1.2, 8, 1.5, 20}, {2, 30, 1, 3}, {0.3, 2, 3, 50}} {
		for _, s := range []Summary{
			{Unit: UnitWeek, Age: 30 * week},
			{Unit: UnitWeek, Repeats: 4, Last: 20 * week, Age: 30 * week},
			{Unit: UnitWeek, Repeats: 2, Last: 3 * week, Age: 39 * week},
		} {
			for _, h := range []time.Duration{week, 39 * week, 200 * week} {
				var sum, mean float64
				for k := range 4000 {
					p, err := m.ProbabilityTransactions(s, h, k)
					if err != nil {
						t.Fatal(err)
					}
					sum += p
					mean += float64(k) * p
					if 1-sum < 1e-11 && float64(k)*p < 1e-12 {
						break
					}
				}
				e, err := m.ExpectedTransactions(s, h)
				if err != nil {
					t.Fatal(err)
				}
				if math.Abs(sum-1) > 1e-8 || math.Abs(mean-e) > 1e-6*max(1, e) {
					t.Errorf("%v %+v h=%v: Σ P = %.12g, Σ k P = %.12g, E = %.12g", m, s, h, sum, mean, e)
				}
			}
		}
	}
}

func TestParetoProbabilityTransactionsEdges(t *testing.T) {
	m := ParetoNBD{0.55, 10.58, 0.61, 11.67}
	s := Summary{Unit: UnitWeek, Repeats: 4, Last: 20 * week, Age: 30 * week}
	pa, _ := m.ProbabilityActive(s)
	// t = 0: k = 0 certainly.
	if p, err := m.ProbabilityTransactions(s, 0, 0); err != nil || p != 1 {
		t.Errorf("P(0 in 0) = %v, %v", p, err)
	}
	if p, err := m.ProbabilityTransactions(s, 0, 1); err != nil || p != 0 {
		t.Errorf("P(1 in 0) = %v, %v", p, err)
	}
	// k = 0 includes the inactive accounts.
	if p, _ := m.ProbabilityTransactions(s, 10*week, 0); !(p > 1-pa) {
		t.Errorf("P(0) = %v, not above 1 − P(alive) = %v", p, 1-pa)
	}
	for _, k := range []int{-1, MaxRepeats + 1} {
		if _, err := m.ProbabilityTransactions(s, week, k); !errors.Is(err, ErrInvalid) {
			t.Errorf("k = %d: %v", k, err)
		}
	}
	for _, k := range []int{0, MaxRepeats} {
		if p, err := m.ProbabilityTransactions(s, week, k); err != nil || p < 0 || p > 1 {
			t.Errorf("k = %d: %v, %v", k, p, err)
		}
	}
	if _, err := (ParetoNBD{}).ProbabilityTransactions(s, week, 0); !errors.Is(err, ErrInvalid) {
		t.Errorf("zero model: %v", err)
	}
}

// The probability of k transactions agrees with the integral taken by
// another route (adaptive Simpson on τ itself) to 1e-9, where the dying
// term peaks at a small τ: a steep death rate (β small against t) that
// the former fixed quadrature in u missed by about 2e-5.
func TestParetoProbabilityTransactionsSmallTau(t *testing.T) {
	m := ParetoNBD{R: 2, Alpha: 0.1, S: 0.5, Beta: 100}
	s := Summary{Unit: UnitDay, Age: time.Hour} // a new account: T = 1/24
	x, T := 0.0, 1.0/24
	pa, err := m.ProbabilityActive(s)
	if err != nil {
		t.Fatal(err)
	}
	updated := ParetoNBD{R: m.R + x, Alpha: m.Alpha + T, S: m.S, Beta: m.Beta + T}
	for _, k := range []int{0, 1, 5, 40} {
		got, err := m.ProbabilityTransactions(s, 1000*24*time.Hour, k)
		if err != nil {
			t.Fatal(err)
		}
		want := pa * pnPNewByIntegral(updated, 1000, k)
		if k == 0 {
			want += 1 - pa
		}
		if math.Abs(got-want) > 1e-9 {
			t.Errorf("k=%d: P = %.12g, by Simpson %.12g (difference %.3g)", k, got, want, got-want)
		}
	}
}
