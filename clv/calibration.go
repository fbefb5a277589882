package clv

import (
	"cmp"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/internal/parallel"
)

// FrequencyRow is one line of the calibration period's comparison: how
// many accounts made a given number of repeat transactions in the
// calibration period, and how many the model expects to.
type FrequencyRow struct {
	// Repeats is the calibration frequency x of the row; in the last row
	// with AndMore set, the least x of the row.
	Repeats int
	// AndMore marks the last row, which holds every x ≥ Repeats.
	AndMore bool
	// Accounts is how many summaries have x repeat transactions (x ≥
	// Repeats in the last row).
	Accounts int
	// Expected is Σ P(X(T) = x) over the summaries, each account at its
	// own age T (in the last row, the remaining mass 1 − Σ_{x<Repeats}
	// P(X(T) = x)), rounded to 4 decimal places (halves to even).
	Expected decimal.Decimal
}

// CompareCalibration returns the calibration period's table of m over
// summaries (Fader, Hardie & Lee 2005, figure 3): for each x from 0 to
// maxRepeats−1 the number of accounts with x repeat transactions in the
// calibration period, actual against expected, and a last row for x ≥
// maxRepeats. Every row is returned, also those without accounts (the
// model may expect some); the result is nil when summaries is empty. A
// model whose expected histogram does not follow the actual one has the
// wrong shape for the data, whatever its likelihood; judge it here before
// judging its holdout predictions with [Compare].
//
// maxRepeats is 1 to 1000; summaries are validated first, errors naming
// the index ("[3].Last"). The work grows with the number of distinct
// (Unit, Age) pairs times maxRepeats, not with the number of summaries; the
// sums are taken in an order that depends on the multiset of summaries
// only, so the input's order cannot change a digit. An age at which m
// cannot be evaluated is an [*account.FieldError] wrapping [ErrRange].
func CompareCalibration(m Model, summaries []Summary, maxRepeats int) ([]FrequencyRow, error) {
	if err := checkComparison(m, summaries, maxRepeats); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if len(summaries) == 0 {
		return nil, nil
	}
	// The expected histogram depends on each account's age only: count
	// the accounts by (Unit, Age), and the actual ones by row.
	type key struct {
		u   Unit
		age time.Duration
	}
	actual := make([]int, maxRepeats+1)
	ages := make(map[key]int)
	for _, s := range summaries {
		actual[min(s.Repeats, maxRepeats)]++
		ages[key{s.Unit, s.Age}]++
	}
	keys := make([]key, 0, len(ages))
	for k := range ages {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int { return cmp.Or(cmp.Compare(a.u, b.u), cmp.Compare(a.age, b.age)) })
	// Each chunk of ages sums its own row totals, in key order; the
	// chunks, whose number depends on the number of ages only, are added
	// in order: the same bits on any machine.
	chunks := min(16, max(1, len(keys)/8))
	part := make([][]float64, chunks)
	errs := make([]error, chunks)
	parallel.For(chunks, len(keys), func(c, lo, hi int) {
		sum := make([]float64, maxRepeats+1)
		p := make([]float64, maxRepeats)
		for _, k := range keys[lo:hi] {
			if err := m.probabilities(float64(k.age)/float64(k.u.Duration()), 0, p); err != nil {
				errs[c] = &account.FieldError{Record: "Summary", Field: "Age", Value: k.age.String(), Reason: "is beyond the model's numeric range", Err: err}
				return
			}
			w := float64(ages[k])
			mass := 0.0
			for x, v := range p {
				sum[x] += w * v
				mass += v
			}
			sum[maxRepeats] += w * max(0, 1-mass)
		}
		part[c] = sum
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	rows := make([]FrequencyRow, maxRepeats+1)
	for x := range rows {
		e := 0.0
		for _, sum := range part {
			e += sum[x]
		}
		rows[x] = FrequencyRow{Repeats: x, AndMore: x == maxRepeats, Accounts: actual[x], Expected: decimal.NewFromFloat(e).RoundBank(4)}
	}
	return rows, nil
}

// checkComparison checks the arguments [Compare] and [CompareCalibration]
// share: a model, maxRepeats from 1 to 1000, and summaries (errors name
// the index, "[3].Last").
func checkComparison(m Model, summaries []Summary, maxRepeats int) error {
	if m == nil {
		return &account.FieldError{Record: "Comparison", Field: "Model", Reason: "must be a BGNBD or a ParetoNBD", Err: ErrInvalid}
	}
	if maxRepeats < 1 || maxRepeats > 1000 {
		return &account.FieldError{Record: "Comparison", Field: "MaxRepeats", Value: maxRepeats, Reason: "must be from 1 to 1000", Err: ErrInvalid}
	}
	var l fault.List
	for i, s := range summaries {
		s.check(&l, "["+strconv.Itoa(i)+"].")
	}
	return l.Err()
}

// ProbabilityNew returns P(X(t) = k), the probability that a new account
// makes exactly k repeat transactions in its first t (t measured in unit
// u), under the BG/NBD (Fader, Hardie & Lee 2005, eq. 8): the account
// makes a negative binomial number of purchase opportunities and drops
// out after each purchase with a beta-distributed probability. k is 0 to
// [MaxRepeats]; t is 0 to [MaxAge].
func (m BGNBD) ProbabilityNew(u Unit, t time.Duration, k int) (float64, error) {
	return probabilityNew(m, u, t, k)
}

// probabilities sets p[i] to P(X(t) = k+i) for a new account, t in units.
func (m BGNBD) probabilities(t float64, k int, p []float64) error {
	for i := range p {
		p[i] = bgPNew(m.R, m.Alpha, m.A, m.B, t, k+i)
	}
	return checkProbabilities(p)
}

// ProbabilityNew returns P(X(t) = k), the probability that a new account
// makes exactly k repeat transactions in its first t (t measured in unit
// u), under the Pareto/NBD (Fader & Hardie, "Deriving an Expression for
// P(X(t) = x) Under the Pareto/NBD Model", 2006). The account is alive
// through t, with a negative binomial count,
//
//	NB(k; r, α/(α+t)) · (β/(β+t))^s,
//
// or dies at τ < t after k transactions in τ:
//
//	∫₀ᵗ s·β^s/(β+τ)^(s+1) · NB(k; r, α/(α+τ)) dτ.
//
// The note evaluates the integral in closed form as a difference of
// Gaussian hypergeometric terms, which cancel to nothing for a short t;
// the package takes it instead as an integral of positive terms over
// log τ, every term in log space, by Gauss-Legendre quadrature on panels
// no wider than the integrand's scale: about 1e-12 absolute, for any k
// and t, without overflow. Parameters so extreme that the quadrature would
// need more than about 4 million panels (β/s below 1e-200 of t, say)
// return [ErrRange] instead of a value. k is 0 to [MaxRepeats]; t is 0 to
// [MaxAge].
func (m ParetoNBD) ProbabilityNew(u Unit, t time.Duration, k int) (float64, error) {
	return probabilityNew(m, u, t, k)
}

// probabilities sets p[i] to P(X(t) = k+i) for a new account, t in units.
func (m ParetoNBD) probabilities(t float64, k int, p []float64) error {
	if err := pnProbabilities(m.R, m.Alpha, m.S, m.Beta, t, k, p); err != nil {
		return err
	}
	return checkProbabilities(p)
}

// probabilityNew validates m, u, t and k and returns P(X(t) = k).
func probabilityNew(m Model, u Unit, t time.Duration, k int) (float64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	tu, err := horizon(u, t)
	if err != nil {
		return 0, err
	}
	if k < 0 || k > MaxRepeats {
		return 0, &account.FieldError{Record: "Prediction", Field: "Transactions", Value: k, Reason: "must be from 0 to 1048576", Err: ErrInvalid}
	}
	var p [1]float64
	if err := m.probabilities(tu, k, p[:]); err != nil {
		return 0, horizonError(t, err)
	}
	return p[0], nil
}

// checkProbabilities clamps each of p into [0, 1], which rounding may
// leave by an ulp, and returns [ErrRange] if one is not a number.
func checkProbabilities(p []float64) error {
	for i, v := range p {
		if math.IsNaN(v) {
			return ErrRange
		}
		p[i] = min(max(v, 0), 1)
	}
	return nil
}

// pnProbabilities sets p[i] to P(X(t) = k+i) for a new account under the
// Pareto/NBD with parameters r, α, s, β; see [ParetoNBD.ProbabilityNew].
//
// The dying term is integrated over v = log τ from vLo to log t, where
// vLo is 37 below log min(t, β/s): the density of dying is at most s/β,
// so the mass left out is below e⁻³⁷ ≈ 1e-16. In v, the integrand is
// τ·s·β^s/(β+τ)^(s+1)·NB(x; r, α/(α+τ)), whose logarithm has a curvature
// of at most about 1 + min(r, x) where the integrand is not negligible;
// the panels are no wider than the inverse square root of that, 10
// Gauss-Legendre points each. The counts share the nodes: one pass over
// the nodes for all of p. Work above [maxPanels] panels times counts is
// refused with [ErrRange].
func pnProbabilities(r, alpha, s, beta, t float64, k int, p []float64) error {
	clear(p)
	if t == 0 {
		if k == 0 && len(p) > 0 {
			p[0] = 1
		}
		return nil
	}
	if len(p) == 0 {
		return nil
	}
	// lc[i] = ln Γ(r+x) − ln Γ(r) − ln x!, x = k+i.
	lc := make([]float64, len(p))
	lgr := lgamma(r)
	for i := range lc {
		x := float64(k + i)
		lc[i] = lgamma(r+x) - lgr - lgamma(x+1)
	}
	la, lb, lt, ls := math.Log(alpha), math.Log(beta), math.Log(t), math.Log(s)
	// Alive through t.
	lat := math.Log(alpha + t)
	head := r*(la-lat) - s*math.Log1p(t/beta)
	step := lt - lat
	for i := range p {
		p[i] = math.Exp(lc[i] + head + float64(k+i)*step)
	}
	// Died at τ < t.
	hi := lt
	lo := min(lt, lb-ls) - 37
	curv := 1 + min(r, float64(k+len(p)-1))
	np := math.Ceil((hi - lo) * math.Sqrt(curv))
	if !(np*float64(len(p)) <= maxPanels) {
		return ErrRange
	}
	panels := int(np)
	h := (hi - lo) / float64(panels)
	for j := range panels {
		a := lo + h*float64(j)
		for q, z := range legendre10.x {
			v := a + h*(z+1)/2
			tau := math.Exp(v)
			lat := math.Log(alpha + tau)
			lbt := math.Log(beta + tau)
			// ln of h/2·w · τ · s·β^s/(β+τ)^(s+1) · (α/(α+τ))^r, and
			// ln τ/(α+τ), the factor per transaction.
			base := math.Log(h/2*legendre10.w[q]) + v + ls + s*(lb-lbt) - lbt + r*(la-lat)
			per := v - lat
			for i := range p {
				p[i] += math.Exp(lc[i] + base + float64(k+i)*per)
			}
		}
	}
	return nil
}

// maxPanels bounds the quadrature panels times the counts of one
// [pnProbabilities]: about 0.5 s of work.
const maxPanels = 1 << 22

// legendre10 holds the 10 Gauss-Legendre nodes and weights on [−1, 1].
var legendre10 = struct{ x, w [10]float64 }{
	x: [10]float64{
		-0.9739065285171717, -0.8650633666889845, -0.6794095682990244, -0.4333953941292472, -0.1488743389816312,
		0.1488743389816312, 0.4333953941292472, 0.6794095682990244, 0.8650633666889845, 0.9739065285171717,
	},
	w: [10]float64{
		0.0666713443086881, 0.1494513491505806, 0.2190863625159820, 0.2692667193099963, 0.2955242247147529,
		0.2955242247147529, 0.2692667193099963, 0.2190863625159820, 0.1494513491505806, 0.0666713443086881,
	},
}
