package clv

import (
	"math"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/mathext"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/internal/parallel"
)

// Model is a fitted purchase model, [BGNBD] or [ParetoNBD]: what the
// package's predictions and the calibration and holdout comparison need.
type Model interface {
	// Validate reports whether the parameters are usable.
	Validate() error
	// ProbabilityActive returns the probability that the account of s is
	// still active at the end of its calibration period (age T).
	ProbabilityActive(s Summary) (float64, error)
	// ExpectedTransactions returns the expected number of transactions
	// of the account of s in (T, T+t].
	ExpectedTransactions(s Summary, t time.Duration) (float64, error)
	// ExpectedNew returns the expected number of repeat transactions of a
	// new account in its first t (t measured in unit u).
	ExpectedNew(u Unit, t time.Duration) (float64, error)

	// split returns P(alive | x, t_x, T) and the expected transactions in
	// the next t of an account that is alive, which depends on x and T
	// only, all in units: what Predict needs, without validation.
	split(x, tx, T, t float64) (pActive, expectedAlive float64)
}

var (
	_ Model = BGNBD{}
	_ Model = ParetoNBD{}
)

// units returns x, t_x and T of s as numbers of units, after validating s.
func units(s Summary) (x, tx, T float64, err error) {
	if err := s.Validate(); err != nil {
		return 0, 0, 0, err
	}
	u := float64(s.Unit.Duration())
	return float64(s.Repeats), float64(s.Last) / u, float64(s.Age) / u, nil
}

// probabilityActive validates m and s and returns P(alive).
func probabilityActive(m Model, s Summary) (float64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	x, tx, T, err := units(s)
	if err != nil {
		return 0, err
	}
	pa, _ := m.split(x, tx, T, 0)
	return pa, nil
}

// expectedTransactions validates m, s and t and returns E[Y(t)].
func expectedTransactions(m Model, s Summary, t time.Duration) (float64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	x, tx, T, err := units(s)
	if err != nil {
		return 0, err
	}
	tu, err := horizon(s.Unit, t)
	if err != nil {
		return 0, err
	}
	pa, e := m.split(x, tx, T, tu)
	return pa * e, nil
}

// expectedNew validates m, u and t and returns f(t in units).
func expectedNew(m Model, u Unit, t time.Duration, f func(float64) float64) (float64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	tu, err := horizon(u, t)
	if err != nil {
		return 0, err
	}
	return f(tu), nil
}

// horizon checks a prediction's horizon t and returns it in units.
func horizon(u Unit, t time.Duration) (float64, error) {
	if !unitNames.Valid(u) {
		return 0, &account.FieldError{Record: "Summary", Field: "Unit", Value: u, Reason: "must be day or week", Err: ErrInvalid}
	}
	if t < 0 || t > MaxAge {
		return 0, &account.FieldError{Record: "Prediction", Field: "Horizon", Value: t.String(), Reason: "must be from 0 to 200 years", Err: ErrInvalid}
	}
	return float64(t) / float64(u.Duration()), nil
}

// ProbabilityActive returns P(alive | x, t_x, T) (Fader, Hardie & Lee
// 2005, eq. 11): 1 / (1 + δ(x>0)·a/(b+x−1)·((α+T)/(α+t_x))^(r+x)). It is
// 1 for an account with no repeat transaction.
func (m BGNBD) ProbabilityActive(s Summary) (float64, error) {
	return probabilityActive(m, s)
}

func (m BGNBD) pActive(x, tx, T float64) float64 {
	if x == 0 {
		return 1
	}
	l := math.Log(m.A/(m.B+x-1)) + (m.R+x)*(math.Log(m.Alpha+T)-math.Log(m.Alpha+tx))
	return 1 / (1 + math.Exp(l))
}

// ExpectedTransactions returns E[Y(t) | x, t_x, T] (Fader, Hardie & Lee
// 2005, eq. 10): P(alive) times the expected transactions of a new
// account whose parameters are updated to (r+x, α+T, a, b+x).
func (m BGNBD) ExpectedTransactions(s Summary, t time.Duration) (float64, error) {
	return expectedTransactions(m, s, t)
}

func (m BGNBD) split(x, tx, T, t float64) (float64, float64) {
	return m.pActive(x, tx, T), bgExpectedNew(m.R+x, m.Alpha+T, m.A, m.B+x, t)
}

// ExpectedNew returns E[X(t)] for a new account (Fader, Hardie & Lee
// 2005, eq. 9): (a+b−1)/(a−1)·[1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
func (m BGNBD) ExpectedNew(u Unit, t time.Duration) (float64, error) {
	return expectedNew(m, u, t, func(tu float64) float64 { return bgExpectedNew(m.R, m.Alpha, m.A, m.B, tu) })
}

// bgExpectedNew is eq. 9 of Fader, Hardie & Lee (2005), put through
// Euler's transformation: with z = t/(α+t),
// (a+b−1)/(a−1)·[1 − (1−z)^(a−1)·₂F₁(a−1, a+b−1−r; a+b−1; z)], whose series
// converges fast when b is large (an account with many repeat
// transactions). At a = 1 the formula is 0/0; there it takes the mean of
// a = 1 ± 2e-6.
func bgExpectedNew(r, alpha, a, b, t float64) float64 {
	if t == 0 {
		return 0
	}
	if math.Abs(a-1) < 1e-6 {
		return (bgExpectedNewAt(r, alpha, 1-2e-6, b, t) + bgExpectedNewAt(r, alpha, 1+2e-6, b, t)) / 2
	}
	return bgExpectedNewAt(r, alpha, a, b, t)
}

func bgExpectedNewAt(r, alpha, a, b, t float64) float64 {
	z := t / (alpha + t)
	l1z := -math.Log1p(t / alpha)
	c := a + b - 1
	h := hyp2f1m1(a-1, c-r, c, z)
	var v float64
	if h > -1 {
		v = c / (a - 1) * -math.Expm1((a-1)*l1z+math.Log1p(h))
	} else { // a+b−1 < 0 can take the series below −1
		v = c / (a - 1) * (1 - math.Exp((a-1)*l1z)*(1+h))
	}
	if math.IsNaN(v) {
		return 0
	}
	return max(v, 0)
}

// ProbabilityTransactions returns P(Y(t) = k | x, t_x, T): the account
// is inactive (k = 0 only) or active with the updated parameters (r+x,
// α+T, a, b+x) and then behaves as a new account does (Fader, Hardie & Lee
// 2005, eq. 8, with the tail sum as a regularised incomplete beta
// function).
func (m BGNBD) ProbabilityTransactions(s Summary, t time.Duration, k int) (float64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	x, tx, T, err := units(s)
	if err != nil {
		return 0, err
	}
	tu, err := horizon(s.Unit, t)
	if err != nil {
		return 0, err
	}
	if k < 0 || k > MaxRepeats {
		return 0, &account.FieldError{Record: "Prediction", Field: "Transactions", Value: k, Reason: "must be from 0 to 1048576", Err: ErrInvalid}
	}
	pa := m.pActive(x, tx, T)
	p := pa * bgPNew(m.R+x, m.Alpha+T, m.A, m.B+x, tu, k)
	if k == 0 {
		p += 1 - pa
	}
	return min(max(p, 0), 1), nil
}

// bgPNew is P(X(t) = k) for a new account (Fader, Hardie & Lee 2005,
// eq. 8).
func bgPNew(r, alpha, a, b, t float64, k int) float64 {
	fk := float64(k)
	if t == 0 {
		if k == 0 {
			return 1
		}
		return 0
	}
	lbab := mathext.Lbeta(a, b)
	lq := math.Log(alpha / (alpha + t))
	l1q := math.Log(t / (alpha + t))
	l1 := mathext.Lbeta(a, b+fk) - lbab + lgamma(r+fk) - lgamma(r) - lgamma(fk+1) + r*lq
	if k > 0 {
		l1 += fk * l1q
	}
	p := math.Exp(l1)
	if k > 0 {
		tail := mathext.RegIncBeta(fk, r, t/(alpha+t)) // P(NB ≥ k)
		p += math.Exp(mathext.Lbeta(a+1, b+fk-1)-lbab) * tail
	}
	return p
}

// ProbabilityActive returns P(alive | x, t_x, T) under the Pareto/NBD
// (Fader & Hardie 2005 note, eq. 18): the share of the likelihood's
// alive term in the whole.
func (m ParetoNBD) ProbabilityActive(s Summary) (float64, error) {
	return probabilityActive(m, s)
}

func (m ParetoNBD) pActive(x, tx, T float64) float64 {
	alive, died := m.terms(x, tx, T)
	return 1 / (1 + math.Exp(died-alive))
}

// ExpectedTransactions returns E[Y(t) | x, t_x, T] under the Pareto/NBD
// (Schmittlein, Morrison & Colombo 1987; Fader & Hardie 2005 note, eq.
// 27): P(alive)·(r+x)(β+T)/((α+T)(s−1))·[1 − ((β+T)/(β+T+t))^(s−1)],
// written with expm1 so that it holds at and near s = 1.
func (m ParetoNBD) ExpectedTransactions(s Summary, t time.Duration) (float64, error) {
	return expectedTransactions(m, s, t)
}

func (m ParetoNBD) split(x, tx, T, t float64) (float64, float64) {
	return m.pActive(x, tx, T), pnExpected(m.R+x, m.Alpha+T, m.S, m.Beta+T, t)
}

// ExpectedNew returns E[X(t)] for a new account under the Pareto/NBD:
// rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)].
func (m ParetoNBD) ExpectedNew(u Unit, t time.Duration) (float64, error) {
	return expectedNew(m, u, t, func(tu float64) float64 { return pnExpected(m.R, m.Alpha, m.S, m.Beta, tu) })
}

// pnExpected is r·β/α · [1 − (β/(β+t))^(s−1)]/(s−1), the last factor
// −expm1((s−1)·log(β/(β+t)))/(s−1), or −log(β/(β+t)) at s = 1.
func pnExpected(r, alpha, s, beta, t float64) float64 {
	lq := math.Log(beta) - math.Log(beta+t)
	f := -lq
	if s != 1 {
		f = -math.Expm1((s-1)*lq) / (s - 1)
	}
	return max(r*beta/alpha*f, 0)
}

// Prediction is the forecast for one account.
type Prediction struct {
	ID account.ID
	// ProbabilityActive is the probability that the account is active at
	// the end of its calibration period.
	ProbabilityActive float64
	// Expected is the expected number of transactions in the horizon.
	Expected float64
}

// MaxPredict is the largest number of summaries [Predict] takes at once.
const MaxPredict = 50_000_000

// Predict returns, for each summary in order, the probability that its
// account is active and its expected transactions in the next t. The
// summaries are validated first (errors name the index, "[3].Last"). The
// work is split over the processors; each result depends only on its own
// summary, so the output does not depend on the split.
func Predict(m Model, summaries []Summary, t time.Duration) ([]Prediction, error) {
	if len(summaries) > MaxPredict {
		return nil, &account.FieldError{Record: "Prediction", Field: "Summaries", Value: len(summaries), Reason: "must be at most 50000000", Err: ErrInvalid}
	}
	var l fault.List
	for i, s := range summaries {
		s.check(&l, "["+strconv.Itoa(i)+"].")
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, &account.FieldError{Record: "Prediction", Field: "Model", Reason: "must be a BGNBD or a ParetoNBD", Err: ErrInvalid}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	if len(summaries) == 0 {
		return nil, nil
	}
	if _, err := horizon(summaries[0].Unit, t); err != nil {
		return nil, err
	}
	out := make([]Prediction, len(summaries))
	parallel.For(parallel.Chunks(len(summaries), 4096), len(summaries), func(_, lo, hi int) {
		// The alive part depends on (x, T) only: each chunk computes it
		// once per distinct pair.
		type key struct {
			x   int
			age time.Duration
			u   Unit
		}
		alive := make(map[key]float64)
		for i := lo; i < hi; i++ {
			s := summaries[i]
			u := float64(s.Unit.Duration())
			x, tx, T := float64(s.Repeats), float64(s.Last)/u, float64(s.Age)/u
			k := key{s.Repeats, s.Age, s.Unit}
			e, ok := alive[k]
			pa := 0.0
			if ok {
				pa, _ = m.split(x, tx, T, 0)
			} else {
				pa, e = m.split(x, tx, T, float64(t)/u)
				alive[k] = e
			}
			out[i] = Prediction{ID: s.ID, ProbabilityActive: pa, Expected: pa * e}
		}
	})
	return out, nil
}

// ValueOptions describe a lifetime value.
type ValueOptions struct {
	// Horizon is how far ahead to count: more than 0, at most 100 years.
	Horizon time.Duration
	// Step is the length of the discounting steps: the expected
	// transactions of each step are discounted from its end. 0 means 30
	// days; Horizon/Step is at most 10000.
	Step time.Duration
	// AnnualDiscount is the yearly discount rate (0.1 for 10%), applied
	// as (1+d)^(−years) with years of 365.25 days: 0 to 10.
	AnnualDiscount decimal.Decimal
	// Currency is the currency of the result; a summary's MeanValue, if
	// set, must be in it.
	Currency account.Currency
}

// LifetimeValue returns the discounted value of the account of s over
// the horizon: Σ over the steps of (E[Y(end)] − E[Y(start)]) · expected
// mean value · (1+d)^(−end in years), with the expected mean value from
// the spend model (the population mean when the account has no repeat,
// or its summary no MeanValue). The sum is computed in float64 and rounded once, to the
// currency's minor unit with halves to even.
func LifetimeValue(m Model, spend GammaGamma, s Summary, opts ValueOptions) (account.Money, error) {
	fe := func(field, value, reason string) error {
		return &account.FieldError{Record: "ValueOptions", Field: field, Value: value, Reason: reason, Err: ErrInvalid}
	}
	step := opts.Step
	if step == 0 {
		step = 30 * 24 * time.Hour
	}
	switch {
	case m == nil:
		return account.Money{}, &account.FieldError{Record: "ValueOptions", Field: "Model", Reason: "must be a BGNBD or a ParetoNBD", Err: ErrInvalid}
	case opts.Horizon <= 0 || opts.Horizon > 36525*24*time.Hour:
		return account.Money{}, fe("Horizon", opts.Horizon.String(), "must be more than 0 and at most 100 years")
	case step < 0 || (opts.Horizon-1)/step >= 10000:
		return account.Money{}, fe("Step", step.String(), "must be more than 0 and at least Horizon/10000")
	case opts.AnnualDiscount.Sign() < 0 || opts.AnnualDiscount.GreaterThan(decimal.NewFromInt(10)):
		return account.Money{}, fe("AnnualDiscount", opts.AnnualDiscount.String(), "must be from 0 to 10")
	case !opts.Currency.Valid():
		return account.Money{}, fe("Currency", fault.Quote(string(opts.Currency)), "must be a valid currency")
	}
	if err := s.Validate(); err != nil {
		return account.Money{}, err
	}
	mean, repeats := s.MeanValue, s.Repeats
	if mean == (account.Money{}) || s.Repeats == 0 {
		// No repeat value is known: the population mean, whatever the
		// number of repeats.
		mean, _ = account.NewMoney(decimal.Zero, opts.Currency)
		repeats = 0
	} else if mean.Currency() != opts.Currency {
		return account.Money{}, &account.FieldError{Record: "Summary", ID: string(s.ID), Field: "MeanValue", Value: mean, Reason: "is not in " + string(opts.Currency), Err: fault.Join(account.ErrCurrencyMismatch, ErrInvalid)}
	}
	if err := spend.Validate(); err != nil {
		return account.Money{}, err
	}
	if !(spend.Q > 1) {
		return account.Money{}, &account.FieldError{Record: "GammaGamma", Field: "Q", Value: spend.Q, Reason: "must be more than 1 for a finite expected value", Err: ErrInvalid}
	}
	value := spend.expectedMean(repeats, mean)
	d, _ := opts.AnnualDiscount.Float64()
	ld := math.Log1p(d)
	year := float64(36525 * 24 * time.Hour / 100)
	var total, prev float64
	for end := time.Duration(0); end < opts.Horizon; {
		end = min(end+step, opts.Horizon)
		e, err := m.ExpectedTransactions(s, end)
		if err != nil {
			return account.Money{}, err
		}
		total += (e - prev) * math.Exp(-ld*float64(end)/year)
		prev = e
	}
	v := total * value
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return account.Money{}, &account.FieldError{Record: "Summary", ID: string(s.ID), Field: "MeanValue", Value: mean, Reason: "gives a value out of range", Err: ErrInvalid}
	}
	out, err := account.NewMoney(decimal.NewFromFloat(v), opts.Currency)
	if err != nil {
		return account.Money{}, err
	}
	return out.RoundBank(), nil
}
