package clv

import (
	"math"
	"time"

	"gonum.org/v1/gonum/integrate/quad"
)

// ProbabilityTransactions returns P(Y(t) = k | x, t_x, T) under the
// Pareto/NBD: the account is inactive at T (k = 0 only), or active with
// its rates updated to λ ~ gamma(r+x, α+T) and μ ~ gamma(s, β+T); then it
// makes k transactions in (T, T+t] either living through the horizon,
//
//	NB(k; r+x, (α+T)/(α+T+t)) · ((β+T)/(β+T+t))^s,
//
// or dying at T+τ, τ < t, after k transactions in τ:
//
//	∫₀ᵗ s(β+T)^s/(β+T+τ)^(s+1) · NB(k; r+x, (α+T)/(α+T+τ)) dτ,
//
// the integral taken, after τ = (β+T)(eᵘ−1), by Gauss-Legendre
// quadrature (16 panels of 20 points), to about 1e-10.
func (m ParetoNBD) ProbabilityTransactions(s Summary, t time.Duration, k int) (float64, error) {
	x, tx, T, tu, err := transactionsArgs(m, s, t, k)
	if err != nil {
		return 0, err
	}
	pa := m.pActive(x, tx, T)
	p := pa * pnPAlive(m.R+x, m.Alpha+T, m.S, m.Beta+T, tu, k)
	if k == 0 {
		p += 1 - pa
	}
	return min(max(p, 0), 1), nil
}

// pnPAlive is P(k transactions in the next t | active now) with rates
// gamma(r, α) and gamma(s, β).
func pnPAlive(r, alpha, s, beta, t float64, k int) float64 {
	fk := float64(k)
	lc := lgamma(r+fk) - lgamma(r) - lgamma(fk+1)
	nb := func(tau float64) float64 { // NB(k; r, α/(α+τ))
		if tau <= 0 {
			if k == 0 {
				return 1
			}
			return 0
		}
		l := lc + r*(math.Log(alpha)-math.Log(alpha+tau))
		if k > 0 {
			l += fk * (math.Log(tau) - math.Log(alpha+tau))
		}
		return math.Exp(l)
	}
	if t == 0 {
		return nb(0)
	}
	survive := nb(t) * math.Exp(-s*math.Log1p(t/beta))
	U := math.Log1p(t / beta)
	const panels = 16
	var died float64
	for i := range panels {
		lo, hi := U*float64(i)/panels, U*float64(i+1)/panels
		died += quad.Fixed(func(u float64) float64 {
			return s * math.Exp(-s*u) * nb(beta*math.Expm1(u))
		}, lo, hi, 20, quad.Legendre{}, 1)
	}
	return survive + died
}
