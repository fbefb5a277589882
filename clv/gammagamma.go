package clv

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"strconv"

	"github.com/shopspring/decimal"
	"gonum.org/v1/gonum/mathext"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// GammaGamma holds the parameters of the Gamma-Gamma spend model (Fader,
// Hardie & Lee 2005, "RFM and CLV: Using Iso-Value Curves for Customer
// Base Analysis", Journal of Marketing Research 42(4); Fader & Hardie's
// note "The Gamma-Gamma Model of Monetary Value", 2013). Each transaction's
// value is gamma-distributed with shape P and an account's own rate ν; ν
// is gamma-distributed across accounts with shape Q and rate Gamma. The
// model assumes an account's spend does not depend on how often it buys:
// check [GammaGammaFit.Correlation].
type GammaGamma struct {
	P, Q, Gamma float64
}

// GammaGammaFit is a fitted Gamma-Gamma model and its fit report.
type GammaGammaFit struct {
	Model GammaGamma
	FitResult
	// Currency is the currency of the mean values fitted.
	Currency account.Currency
	// Correlation is Pearson's correlation, across the accounts fitted,
	// between the repeat count x and the mean value: the model assumes
	// they are independent, so a correlation far from 0 (beyond about
	// ±0.3) says its predictions should not be trusted.
	Correlation float64
}

// FitGammaGamma fits the Gamma-Gamma model by maximum likelihood to the
// mean repeat values of the summaries with at least one repeat
// transaction; the others are skipped. Those summaries must all carry a
// positive MeanValue in one currency (a mixed currency is an
// [*account.FieldError] on MeanValue wrapping
// [account.ErrCurrencyMismatch] and [ErrInvalid]). Summaries with the same
// (x, mean value) are fitted as one weighted group. Fewer than
// [MinAccounts] such summaries wraps [ErrTooFew].
func FitGammaGamma(summaries []Summary, opts FitOptions) (GammaGammaFit, error) {
	if err := opts.Validate(); err != nil {
		return GammaGammaFit{}, err
	}
	var l fault.List
	var cur account.Currency
	type row struct {
		x int
		m float64
	}
	rows := make([]row, 0, len(summaries))
	for i, s := range summaries {
		pre := "[" + strconv.Itoa(i) + "]."
		s.check(&l, pre)
		if s.Repeats == 0 {
			continue
		}
		fe := func(reason string, err error) {
			l.Add(&account.FieldError{Record: "Summary", ID: string(s.ID), Field: pre + "MeanValue", Value: s.MeanValue, Reason: reason, Err: err})
		}
		switch {
		case s.MeanValue.Sign() <= 0:
			fe("must be more than 0 for the spend model", ErrInvalid)
			continue
		case cur == "":
			cur = s.MeanValue.Currency()
		case s.MeanValue.Currency() != cur:
			fe("is in "+string(s.MeanValue.Currency())+", not "+string(cur)+" like the first", fault.Join(account.ErrCurrencyMismatch, ErrInvalid))
			continue
		}
		m, _ := s.MeanValue.Amount().Float64()
		rows = append(rows, row{s.Repeats, m})
	}
	if err := l.Err(); err != nil {
		return GammaGammaFit{}, err
	}
	if len(rows) < MinAccounts {
		return GammaGammaFit{}, &account.FieldError{Record: "Summary", Field: "Repeats", Value: len(rows), Reason: "the spend model needs at least 10 accounts with a repeat transaction", Err: ErrTooFew}
	}
	slices.SortFunc(rows, func(a, b row) int { return cmp.Or(cmp.Compare(a.x, b.x), cmp.Compare(a.m, b.m)) })
	var xs, ms, ws []float64
	var sx, sm, sxx, smm, sxm float64
	for _, r := range rows {
		x := float64(r.x)
		sx, sm, sxx, smm, sxm = sx+x, sm+r.m, sxx+x*x, smm+r.m*r.m, sxm+x*r.m
		if n := len(xs); n > 0 && xs[n-1] == x && ms[n-1] == r.m {
			ws[n-1]++
			continue
		}
		xs, ms, ws = append(xs, x), append(ms, r.m), append(ws, 1)
	}
	n := float64(len(rows))
	// Scale the values to a mean of about 1 so that the optimiser sees
	// parameters of ordinary size; Gamma scales with the values.
	scale := sm / n
	for i := range ms {
		ms[i] /= scale
	}
	meanM := 1.0
	ll := func(y, grad []float64) float64 {
		p, q, g := math.Exp(y[0]), math.Exp(y[1]), math.Exp(y[2])
		lgq, lg := lgamma(q), math.Log(g)
		var psiQ float64
		if grad != nil {
			psiQ = mathext.Digamma(q)
		}
		var total, gp, gq, gg float64
		for i, x := range xs {
			m, w := ms[i], ws[i]
			px := p * x
			lgm := math.Log(g + m*x)
			lm, lx := math.Log(m), math.Log(x)
			total += w * (lgamma(px+q) - lgamma(px) - lgq + q*lg + (px-1)*lm + px*lx - (px+q)*lgm)
			if grad != nil {
				psiPXQ := mathext.Digamma(px + q)
				gp += w * x * (psiPXQ - mathext.Digamma(px) + lm + lx - lgm)
				gq += w * (psiPXQ - psiQ + lg - lgm)
				gg += w * (q/g - (px+q)/(g+m*x))
			}
		}
		if grad != nil {
			grad[0], grad[1], grad[2] = p*gp, q*gq, g*gg
		}
		return total
	}
	pr := &problem{
		model: "Gamma-Gamma", names: []string{"p", "q", "gamma"}, weight: n, loglik: ll, cheapGrad: true,
		starts: [][]float64{{1, 2, meanM}, {2, 4, 2 * meanM}, {0.5, 1.5, meanM / 2}, {5, 10, 5 * meanM}},
	}
	y, res, err := pr.run(opts)
	var fe *FitError
	if errors.As(err, &fe) && len(fe.Last) == 3 {
		// The last state on the currency's scale too, as for a fit.
		fe.Last[2] *= scale
		fe.LogLikelihood -= n * math.Log(scale)
	}
	if err != nil {
		return GammaGammaFit{}, err
	}
	// Back to the currency's scale: gamma scales with the values, and the
	// density of each mean value divides by the scale.
	res.LogLikelihood -= n * math.Log(scale)
	res.Estimates[2].Value *= scale
	res.Estimates[2].StdErr *= scale
	res.Estimates[2].Lower *= scale
	res.Estimates[2].Upper *= scale
	res.Groups, res.Accounts = len(xs), int64(n)
	fit := GammaGammaFit{Model: GammaGamma{P: y[0], Q: y[1], Gamma: y[2] * scale}, FitResult: res, Currency: cur}
	vx, vm := sxx/n-(sx/n)*(sx/n), smm/n-(sm/n)*(sm/n)
	if vx > 0 && vm > 0 {
		fit.Correlation = max(-1, min(1, (sxm/n-(sx/n)*(sm/n))/math.Sqrt(vx*vm)))
	}
	return fit, nil
}

// ExpectedMeanValue returns the expected mean value of an account's future
// transactions given its x repeat transactions with mean value mean (Fader,
// Hardie & Lee 2005, eq. 5): (p(γ + x·m̄))/(px + q − 1), a weighted mean
// of the population mean pγ/(q−1) and the account's own mean. It needs
// Q > 1 (else the population mean is infinite); an account with x = 0
// gets the population mean. The result is rounded to the currency's minor
// unit, halves to even.
func (m GammaGamma) ExpectedMeanValue(x int, mean account.Money) (account.Money, error) {
	if err := m.Validate(); err != nil {
		return account.Money{}, err
	}
	if !(m.Q > 1) {
		return account.Money{}, &account.FieldError{Record: "GammaGamma", Field: "Q", Value: m.Q, Reason: "must be more than 1 for a finite expected value", Err: ErrInvalid}
	}
	if err := mean.Validate(); err != nil {
		return account.Money{}, &account.FieldError{Record: "Summary", Field: "MeanValue", Value: mean, Reason: "has no valid currency", Err: ErrInvalid}
	}
	if x < 0 || x > MaxRepeats {
		return account.Money{}, &account.FieldError{Record: "Summary", Field: "Repeats", Value: x, Reason: "must be from 0 to 1048576", Err: ErrInvalid}
	}
	v := m.expectedMean(x, mean)
	out, err := account.NewMoney(decimal.NewFromFloat(v), mean.Currency())
	if err != nil {
		return account.Money{}, err
	}
	return out.RoundBank(), nil
}

func (m GammaGamma) expectedMean(x int, mean account.Money) float64 {
	mv, _ := mean.Amount().Float64()
	fx := float64(x)
	if x == 0 {
		mv = 0
	}
	return m.P * (m.Gamma + fx*mv) / (m.P*fx + m.Q - 1)
}
