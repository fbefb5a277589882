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
	// ProbabilityNew returns the probability that a new account makes
	// exactly k repeat transactions in its first t (t measured in unit u):
	// what [CompareCalibration] sums over the accounts.
	ProbabilityNew(u Unit, t time.Duration, k int) (float64, error)

	// split returns P(alive | x, t_x, T) and the expected transactions in
	// the next t of an account that is alive, which depends on x and T
	// only, all in units: what Predict needs, without validation.
	// The error, for t > 0 only, wraps [ErrRange].
	split(x, tx, T, t float64) (pActive, expectedAlive float64, err error)
	// alive returns the second result of split alone.
	alive(x, T, t float64) (float64, error)
	// probabilities sets p[i] to P(X(t) = k+i) for a new account, t in
	// units, without validation; an error wraps [ErrRange].
	probabilities(t float64, k int, p []float64) error
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
	pa, _, _ := m.split(x, tx, T, 0)
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
	pa, e, err := m.split(x, tx, T, tu)
	if err != nil {
		return 0, horizonError(t, err)
	}
	return pa * e, nil
}

// expectedNew validates m, u and t and returns f(t in units).
func expectedNew(m Model, u Unit, t time.Duration, f func(float64) (float64, error)) (float64, error) {
	if err := m.Validate(); err != nil {
		return 0, err
	}
	tu, err := horizon(u, t)
	if err != nil {
		return 0, err
	}
	v, err := f(tu)
	if err != nil {
		return 0, horizonError(t, err)
	}
	return v, nil
}

// horizonError names the horizon t in err, which wraps [ErrRange].
func horizonError(t time.Duration, err error) error {
	return &account.FieldError{Record: "Prediction", Field: "Horizon", Value: t.String(), Reason: "is too long for the model's parameters", Err: err}
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

func (m BGNBD) split(x, tx, T, t float64) (float64, float64, error) {
	e, err := m.alive(x, T, t)
	return m.pActive(x, tx, T), e, err
}

func (m BGNBD) alive(x, T, t float64) (float64, error) {
	return bgExpectedNew(m.R+x, m.Alpha+T, m.A, m.B+x, t)
}

// ExpectedNew returns E[X(t)] for a new account (Fader, Hardie & Lee
// 2005, eq. 9): (a+b−1)/(a−1)·[1 − (α/(α+t))^r ₂F₁(r, b; a+b−1; t/(α+t))].
func (m BGNBD) ExpectedNew(u Unit, t time.Duration) (float64, error) {
	return expectedNew(m, u, t, func(tu float64) (float64, error) { return bgExpectedNew(m.R, m.Alpha, m.A, m.B, tu) })
}

// bgExpectedNew returns E[X(t)] for a new account under the BG/NBD
// (Fader, Hardie & Lee 2005, eq. 9), t in units. It does not evaluate
// eq. 9's ₂F₁(r, b; a+b−1; t/(α+t)), whose series overflows for large a
// and b, has a pole at a+b = 1 and needs a cancelling subtraction, but the
// same quantity as a sum of positive terms: an account makes N(t)
// purchase opportunities, negative binomial (r, α/(α+t)), and drops out
// after each purchase with probability p, so X(t) = min(N(t), J) with J
// geometric on 1, 2, …, and
//
//	E[X(t)] = Σₙ P(N(t) = n)·Sₙ,   Sₙ = Σ_{j<n} uⱼ,   uⱼ = E[(1−p)ʲ] = B(a, b+j)/B(a, b).
//
// Every term is positive, so there is no cancellation. P(N(t) = n) is
// carried by its recurrence from an arbitrary start and the sum is divided
// by the sum of the probabilities (which is 1): the scale of the
// probabilities, which would underflow or overflow, cancels, and so does
// most of the recurrence's rounding. The sum stops when both rests are
// bounded, by geometric series, below 1e-16 of their sums, so the result
// is exact to about 1e-13 relative. The series has about 40·(1 + t/α)
// terms for a small r; one that would need more than [maxSeries] terms (t
// more than about 100,000 times α) returns [ErrRange] instead of a
// truncated value.
func bgExpectedNew(r, alpha, a, b, t float64) (float64, error) {
	if t == 0 {
		return 0, nil
	}
	z := t / (alpha + t)
	// v is P(N = n) up to a scale that sum and mass share.
	v, sum, mass, S, u := 1.0, 0.0, 0.0, 0.0, 1.0
	for n := 0.0; n < maxSeries; n++ {
		sum += v * S
		mass += v
		rho := (r + n) * z / (n + 1) // P(n+1)/P(n)
		S += u
		u *= (b + n) / (a + b + n)
		v *= rho
		if v > 1e250 {
			sum /= v
			mass /= v
			v = 1
		}
		if rho < 1 {
			// From term n+1 on, P's ratio is at most max(rho, z) and S's
			// at most (n+2)/(n+1): the rests are at most v/(1−Rp) and
			// v·S/(1−R).
			Rp := max(rho, z)
			R := Rp * (n + 2) / (n + 1)
			if R < 1 && v*S <= 1e-16*sum*(1-R) && v <= 1e-16*mass*(1-Rp) {
				return sum / mass, nil
			}
		}
	}
	return 0, ErrRange
}

// maxSeries bounds the terms of the BG/NBD's expected-transactions
// series: about 20 ms of work.
const maxSeries = 1 << 22

// ProbabilityTransactions returns P(Y(t) = k | x, t_x, T): the account
// is inactive (k = 0 only) or active with the updated parameters (r+x,
// α+T, a, b+x) and then behaves as a new account does (Fader, Hardie & Lee
// 2005, eq. 8, with the tail sum as a regularised incomplete beta
// function).
func (m BGNBD) ProbabilityTransactions(s Summary, t time.Duration, k int) (float64, error) {
	x, tx, T, tu, err := transactionsArgs(m, s, t, k)
	if err != nil {
		return 0, err
	}
	pa := m.pActive(x, tx, T)
	p := pa * bgPNew(m.R+x, m.Alpha+T, m.A, m.B+x, tu, k)
	if k == 0 {
		p += 1 - pa
	}
	return min(max(p, 0), 1), nil
}

// transactionsArgs validates the arguments of a ProbabilityTransactions and
// returns x, t_x, T and t in units.
func transactionsArgs(m Model, s Summary, t time.Duration, k int) (x, tx, T, tu float64, err error) {
	if err := m.Validate(); err != nil {
		return 0, 0, 0, 0, err
	}
	if x, tx, T, err = units(s); err != nil {
		return 0, 0, 0, 0, err
	}
	if tu, err = horizon(s.Unit, t); err != nil {
		return 0, 0, 0, 0, err
	}
	if k < 0 || k > MaxRepeats {
		return 0, 0, 0, 0, &account.FieldError{Record: "Prediction", Field: "Transactions", Value: k, Reason: "must be from 0 to 1048576", Err: ErrInvalid}
	}
	return x, tx, T, tu, nil
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

func (m ParetoNBD) split(x, tx, T, t float64) (float64, float64, error) {
	e, err := m.alive(x, T, t)
	return m.pActive(x, tx, T), e, err
}

func (m ParetoNBD) alive(x, T, t float64) (float64, error) {
	return pnExpected(m.R+x, m.Alpha+T, m.S, m.Beta+T, t), nil
}

// ExpectedNew returns E[X(t)] for a new account under the Pareto/NBD:
// rβ/(α(s−1))·[1 − (β/(β+t))^(s−1)].
func (m ParetoNBD) ExpectedNew(u Unit, t time.Duration) (float64, error) {
	return expectedNew(m, u, t, func(tu float64) (float64, error) { return pnExpected(m.R, m.Alpha, m.S, m.Beta, tu), nil })
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
	chunks := parallel.Chunks(len(summaries), 4096)
	errs := make([]error, chunks)
	parallel.For(chunks, len(summaries), func(c, lo, hi int) {
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
				pa, _, _ = m.split(x, tx, T, 0)
			} else {
				var err error
				if pa, e, err = m.split(x, tx, T, float64(t)/u); err != nil {
					errs[c] = horizonError(t, err)
					return
				}
				alive[k] = e
			}
			out[i] = Prediction{ID: s.ID, ProbabilityActive: pa, Expected: pa * e}
		}
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
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
	if err := m.Validate(); err != nil {
		return account.Money{}, err
	}
	if _, err := horizon(s.Unit, opts.Horizon); err != nil {
		return account.Money{}, err
	}
	// P(alive) depends on the account only: once, outside the steps.
	x, tx, T, _ := units(s)
	pa, _, _ := m.split(x, tx, T, 0)
	u := float64(s.Unit.Duration())
	var total, prev float64
	for end := time.Duration(0); end < opts.Horizon; {
		end = min(end+step, opts.Horizon)
		e, err := m.alive(x, T, float64(end)/u)
		if err != nil {
			return account.Money{}, horizonError(end, err)
		}
		total += (e - prev) * math.Exp(-ld*float64(end)/year)
		prev = e
	}
	v := pa * total * value
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return account.Money{}, &account.FieldError{Record: "Summary", ID: string(s.ID), Field: "MeanValue", Value: mean, Reason: "gives a value out of range", Err: ErrInvalid}
	}
	out, err := account.NewMoney(decimal.NewFromFloat(v), opts.Currency)
	if err != nil {
		return account.Money{}, err
	}
	return out.RoundBank(), nil
}
