package clv

import (
	"math"

	"gonum.org/v1/gonum/mathext"

	"github.com/keyaccount/keyaccount/internal/parallel"
)

// BGNBD holds the parameters of the BG/NBD model (Fader, Hardie & Lee
// 2005, "Counting Your Customers the Easy Way: An Alternative to the
// Pareto/NBD Model", Marketing Science 24(2)). While active, an account
// buys at rate λ (a Poisson process), λ gamma-distributed across accounts
// with shape R and rate Alpha; after each purchase it drops out with
// probability p, p beta-distributed across accounts with parameters A
// and B. Times are in the summary's unit.
type BGNBD struct {
	R, Alpha, A, B float64
}

// BGNBDFit is a fitted BG/NBD model and its fit report.
type BGNBDFit struct {
	Model BGNBD
	FitResult
}

// FitBGNBD fits the BG/NBD model to groups by maximum likelihood (the
// likelihood of Fader, Hardie & Lee 2005, eq. 6), on the log-parameter
// scale with an analytic gradient. Bad groups or options are
// [*account.FieldError]s wrapping [ErrInvalid]; fewer than [MinAccounts]
// accounts wraps [ErrTooFew]; a fit that does not converge is a
// [*FitError]. The result depends only on the multiset of (counts,
// weight), to the bit.
func FitBGNBD(groups []Group, opts FitOptions) (BGNBDFit, error) {
	if err := opts.Validate(); err != nil {
		return BGNBDFit{}, err
	}
	d, err := prepare(groups)
	if err != nil {
		return BGNBDFit{}, err
	}
	meanT, meanX := d.sumT/d.n, d.sumX/d.n
	a0 := max(meanT, 1e-3) / (meanX + 1)
	p := &problem{
		model:     "BG/NBD",
		names:     []string{"r", "alpha", "a", "b"},
		weight:    d.n,
		loglik:    d.bgnbd,
		cheapGrad: true,
		starts:    [][]float64{{1, a0, 1, 1}, {0.5, a0 / 2, 0.5, 2}, {1, 1, 1, 1}, {0.1, a0 / 10, 2, 10}},
	}
	y, res, err := p.run(opts)
	if err != nil {
		return BGNBDFit{}, err
	}
	d.result(&res)
	return BGNBDFit{Model: BGNBD{R: y[0], Alpha: y[1], A: y[2], B: y[3]}, FitResult: res}, nil
}

// bgnbd returns the total BG/NBD log-likelihood at log-parameters y and
// its gradient with respect to y, computed in log space: the two terms of
// the likelihood are combined with log-sum-exp.
func (d *data) bgnbd(y, grad []float64) float64 {
	r, alpha, a, b := math.Exp(y[0]), math.Exp(y[1]), math.Exp(y[2]), math.Exp(y[3])
	nx, nt := len(d.xs), len(d.ts)
	// Per distinct x.
	lA := make([]float64, nx)  // lnΓ(r+x) − lnΓ(r)
	u1x := make([]float64, nx) // ln B(a, b+x) − ln B(a, b)
	u2x := make([]float64, nx) // ln B(a+1, b+x−1) − ln B(a, b), x > 0
	dAr := make([]float64, nx)
	du1a, du1b := make([]float64, nx), make([]float64, nx)
	du2a, du2b := make([]float64, nx), make([]float64, nx)
	lbab := mathext.Lbeta(a, b)
	lgr := lgamma(r)
	var psiR, psiA, psiB, psiAB float64
	if grad != nil {
		psiR, psiA, psiB, psiAB = mathext.Digamma(r), mathext.Digamma(a), mathext.Digamma(b), mathext.Digamma(a+b)
	}
	for i, x := range d.xs {
		lA[i] = lgamma(r+x) - lgr
		u1x[i] = mathext.Lbeta(a, b+x) - lbab
		if x > 0 {
			u2x[i] = mathext.Lbeta(a+1, b+x-1) - lbab
		}
		if grad != nil {
			psiABX := mathext.Digamma(a + b + x)
			dAr[i] = mathext.Digamma(r+x) - psiR
			du1a[i] = psiAB - psiABX
			du1b[i] = mathext.Digamma(b+x) - psiABX - (psiB - psiAB)
			if x > 0 {
				du2a[i] = mathext.Digamma(a+1) - psiABX - (psiA - psiAB)
				du2b[i] = mathext.Digamma(b+x-1) - psiABX - (psiB - psiAB)
			}
		}
	}
	// Per distinct time.
	lt := make([]float64, nt)
	it := make([]float64, nt)
	for i, t := range d.ts {
		lt[i] = math.Log(alpha + t)
		it[i] = 1 / (alpha + t)
	}
	lalpha := math.Log(alpha)
	// The groups are summed in fixed chunks, whatever the number of
	// processors, and the chunks in order: the same bits every time.
	type sums struct{ ll, gr, gal, ga, gb float64 }
	part := make([]sums, fitChunks(len(d.w)))
	parallel.For(len(part), len(d.w), func(c, lo, hi int) {
		var s sums
		for g := lo; g < hi; g++ {
			w := d.w[g]
			ix, il, ia := d.gx[g], d.gl[g], d.ga[g]
			x := d.xs[ix]
			u1 := u1x[ix] - (r+x)*lt[ia]
			lse, w1 := u1, 1.0
			if x > 0 {
				// log(e^u1 + e^u2) = u1 + log1p(e^(u2−u1)), with u1 ≥ u2
				// swapped in when needed so that the exponent is ≤ 0.
				u2 := u2x[ix] - (r+x)*lt[il]
				if u2 <= u1 {
					e := math.Exp(u2 - u1)
					lse, w1 = u1+math.Log1p(e), 1/(1+e)
				} else {
					e := math.Exp(u1 - u2)
					lse, w1 = u2+math.Log1p(e), e/(1+e)
				}
			}
			s.ll += w * (lA[ix] + r*lalpha + lse)
			if grad != nil {
				w2 := 1 - w1
				s.gr += w * (dAr[ix] + lalpha - w1*lt[ia] - w2*lt[il])
				s.gal += w * (r/alpha - (r+x)*(w1*it[ia]+w2*it[il]))
				s.ga += w * (w1*du1a[ix] + w2*du2a[ix])
				s.gb += w * (w1*du1b[ix] + w2*du2b[ix])
			}
		}
		part[c] = s
	})
	var ll, gr, gal, ga, gb float64
	for _, s := range part {
		ll, gr, gal, ga, gb = ll+s.ll, gr+s.gr, gal+s.gal, ga+s.ga, gb+s.gb
	}
	if grad != nil {
		grad[0], grad[1], grad[2], grad[3] = r*gr, alpha*gal, a*ga, b*gb
	}
	return ll
}

// fitChunks returns how many chunks a likelihood over n groups is summed
// in: a number that depends on n only, so that the sum's rounding does not
// depend on the machine.
func fitChunks(n int) int {
	return min(16, max(1, n/4096))
}

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}
