package clv

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/diff/fd"

	"github.com/keyaccount/keyaccount/internal/parallel"
)

// ParetoNBD holds the parameters of the Pareto/NBD model (Schmittlein,
// Morrison & Colombo 1987, "Counting Your Customers: Who Are They and What
// Will They Do Next?", Management Science 33(1)). While alive, an account
// buys at rate λ (a Poisson process), λ gamma-distributed across accounts
// with shape R and rate Alpha; its lifetime is exponential with rate μ, μ
// gamma-distributed across accounts with shape S and rate Beta. Times are
// in the summary's unit.
type ParetoNBD struct {
	R, Alpha, S, Beta float64
}

// ParetoNBDFit is a fitted Pareto/NBD model and its fit report.
type ParetoNBDFit struct {
	Model ParetoNBD
	FitResult
}

// FitParetoNBD fits the Pareto/NBD model to groups by maximum likelihood,
// with the likelihood as Fader & Hardie write it in "A Note on Deriving
// the Pareto/NBD Model and Related Expressions" (2005, eq. 22): the
// Gaussian hypergeometric function in the branch for α ≥ β or α < β, each
// put through Euler's transformation so that it stays near 1 and never
// overflows, and the difference of its two terms taken in log space. The
// gradient is by forward differences (gonum/diff/fd). Errors as for
// [FitBGNBD].
func FitParetoNBD(groups []Group, opts FitOptions) (ParetoNBDFit, error) {
	if err := opts.Validate(); err != nil {
		return ParetoNBDFit{}, err
	}
	d, err := prepare(groups)
	if err != nil {
		return ParetoNBDFit{}, err
	}
	meanT, meanX := d.sumT/d.n, d.sumX/d.n
	a0 := max(meanT, 1e-3) / (meanX + 1)
	f := func(y []float64) float64 { return d.pareto(y) }
	p := &problem{
		model:  "Pareto/NBD",
		names:  []string{"r", "alpha", "s", "beta"},
		weight: d.n,
		loglik: func(y, grad []float64) float64 {
			v := f(y)
			if grad != nil {
				// Forward differences from the value just computed: 4
				// evaluations a gradient, accurate to about 1e-8.
				fd.Gradient(grad, f, y, &fd.Settings{Formula: fd.Forward, Step: 1e-7 * max(1, math.Abs(v)/d.n), OriginKnown: true, OriginValue: v})
			}
			return v
		},
		starts: [][]float64{{1, a0, 1, meanT}, {0.5, a0 / 2, 0.5, meanT / 2}, {1, 1, 1, 1}, {0.1, a0 / 10, 2, 10 * meanT}},
	}
	y, res, err := p.run(opts)
	if err != nil {
		return ParetoNBDFit{}, err
	}
	d.result(&res)
	return ParetoNBDFit{Model: ParetoNBD{R: y[0], Alpha: y[1], S: y[2], Beta: y[3]}, FitResult: res}, nil
}

// pareto returns the total Pareto/NBD log-likelihood at log-parameters y.
func (d *data) pareto(y []float64) float64 {
	m := ParetoNBD{R: math.Exp(y[0]), Alpha: math.Exp(y[1]), S: math.Exp(y[2]), Beta: math.Exp(y[3])}
	lgr := lgamma(m.R)
	lx := make([]float64, len(d.xs))
	for i, x := range d.xs {
		lx[i] = lgamma(m.R+x) - lgr
	}
	head := m.R*math.Log(m.Alpha) + m.S*math.Log(m.Beta)
	pairs := d.timePairs()
	lf := make([]float64, len(pairs.keys))
	parallel.For(fitChunks(len(lf)), len(lf), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			k := pairs.keys[i]
			lf[i] = m.logF(d.xs[k>>32], d.ts[uint32(k)])
		}
	})
	la, lb := make([]float64, len(d.ts)), make([]float64, len(d.ts))
	for i, t := range d.ts {
		la[i], lb[i] = math.Log(m.Alpha+t), math.Log(m.Beta+t)
	}
	ls := make([]float64, len(d.xs))
	for i, x := range d.xs {
		ls[i] = math.Log(m.S / (m.R + m.S + x))
	}
	part := make([]float64, fitChunks(len(d.w)))
	parallel.For(len(part), len(d.w), func(c, lo, hi int) {
		var ll float64
		for g := lo; g < hi; g++ {
			ix, ia := d.gx[g], d.ga[g]
			alive := -(m.R+d.xs[ix])*la[ia] - m.S*lb[ia]
			died := math.Inf(-1)
			if d.gl[g] != ia {
				died = ls[ix] + logDiffExp(lf[pairs.last[g]], lf[pairs.age[g]])
			}
			ll += d.w[g] * (lx[d.gx[g]] + head + logSumExp(alive, died))
		}
		part[c] = ll
	})
	var ll float64
	for _, v := range part {
		ll += v
	}
	return ll
}

// pairIndex lists the distinct (x, time) pairs of the groups, as
// x-index<<32 | time-index in ascending order, and per group the index of
// its (x, t_x) and (x, T) pairs: the Pareto/NBD's hypergeometric terms
// depend on these pairs only.
type pairIndex struct {
	keys      []uint64
	last, age []int32
}

func (d *data) timePairs() *pairIndex {
	d.pairsOnce.Do(func() {
		keys := make([]uint64, 0, 2*len(d.w))
		for g := range d.w {
			x := uint64(d.gx[g]) << 32
			keys = append(keys, x|uint64(d.gl[g]), x|uint64(d.ga[g]))
		}
		slices.Sort(keys)
		keys = slices.Compact(keys)
		p := &pairIndex{keys: keys, last: make([]int32, len(d.w)), age: make([]int32, len(d.w))}
		for g := range d.w {
			x := uint64(d.gx[g]) << 32
			i, _ := slices.BinarySearch(keys, x|uint64(d.gl[g]))
			j, _ := slices.BinarySearch(keys, x|uint64(d.ga[g]))
			p.last[g], p.age[g] = int32(i), int32(j)
		}
		d.pairs = p
	})
	return d.pairs
}

// terms returns the logs of the two terms of the Pareto/NBD likelihood
// after the common factor Γ(r+x)α^r β^s / Γ(r): alive at T, and died
// between t_x and T.
func (m ParetoNBD) terms(x, tx, T float64) (alive, died float64) {
	alive = -(m.R+x)*math.Log(m.Alpha+T) - m.S*math.Log(m.Beta+T)
	if tx >= T {
		return alive, math.Inf(-1)
	}
	lf := func(t float64) float64 { return m.logF(x, t) }
	died = math.Log(m.S/(m.R+m.S+x)) + logDiffExp(lf(tx), lf(T))
	return alive, died
}

// logF returns the log of one term of A₀ (Fader & Hardie 2005, eq. 22):
// ₂F₁(r+s+x, s+1; r+s+x+1; (α−β)/(α+t)) / (α+t)^(r+s+x) when α ≥ β, and
// ₂F₁(r+s+x, r+x; r+s+x+1; (β−α)/(β+t)) / (β+t)^(r+s+x) when α < β.
// Euler's transformation ₂F₁(a, b; a+1; z) = (1−z)^(1−b) ₂F₁(1, a+1−b;
// a+1; z) turns either into a series of positive terms below 1/(1−z).
func (m ParetoNBD) logF(x, t float64) float64 {
	a := m.R + m.S + x
	var big, b, z float64
	if m.Alpha >= m.Beta {
		big, b = m.Alpha+t, m.S+1
		z = (m.Alpha - m.Beta) / big
	} else {
		big, b = m.Beta+t, m.R+x
		z = (m.Beta - m.Alpha) / big
	}
	// 1 − z, computed without cancellation.
	var l1z float64
	if m.Alpha >= m.Beta {
		l1z = math.Log(m.Beta+t) - math.Log(big)
	} else {
		l1z = math.Log(m.Alpha+t) - math.Log(big)
	}
	return (1-b)*l1z + logHyp1(a+1-b, a+1, z) - a*math.Log(big)
}

// logHyp1 returns log ₂F₁(1, b; c; z) for 0 < b < c and 0 ≤ z < 1: the
// series Σ (b)ₙ/(c)ₙ zⁿ of positive terms whose ratios rise towards z.
// It stops when a term no longer counts, or after maxTerms terms, adding
// then the tail's geometric estimate tₙ·ρ/(1−ρ), ρ the last ratio: the
// cost is bounded for any input (the cap is reached only for z within
// about 1e-3 of 1, parameters far from any fitted portfolio).
func logHyp1(b, c, z float64) float64 {
	if z <= 0 {
		return 0
	}
	sum, term, rho := 1.0, 1.0, 0.0
	for n := 0.0; n < maxTerms; n++ {
		rho = (b + n) / (c + n) * z
		term *= rho
		sum += term
		if term < 1e-17*sum {
			return math.Log(sum)
		}
	}
	return math.Log(sum + term*rho/(1-rho))
}

// maxTerms bounds the terms of a hypergeometric series.
const maxTerms = 20000
