package clv

import (
	"time"
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
// which is P(X(t) = k) of a new account with the updated rates
// ([ParetoNBD.ProbabilityNew]): the integral is taken over log τ by
// Gauss-Legendre quadrature, in panels as narrow as the integrand's
// curvature needs, to about 1e-10. Parameters that would need more work
// than that allows give an error wrapping [ErrRange].
func (m ParetoNBD) ProbabilityTransactions(s Summary, t time.Duration, k int) (float64, error) {
	x, tx, T, tu, err := transactionsArgs(m, s, t, k)
	if err != nil {
		return 0, err
	}
	pa := m.pActive(x, tx, T)
	var alive [1]float64
	if err := pnProbabilities(m.R+x, m.Alpha+T, m.S, m.Beta+T, tu, k, alive[:]); err != nil {
		return 0, err
	}
	p := pa * alive[0]
	if k == 0 {
		p += 1 - pa
	}
	return min(max(p, 0), 1), nil
}
