package clv

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"

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
// gradient is analytic, computed in the same pass as the value (the
// hypergeometric series differentiated term by term), and the Hessian for
// the standard errors comes from central differences of it. Errors as for
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
	p := &problem{
		model:     "Pareto/NBD",
		names:     []string{"r", "alpha", "s", "beta"},
		weight:    d.n,
		loglik:    d.pareto,
		cheapGrad: true,
		starts:    [][]float64{{1, a0, 1, meanT}, {0.5, a0 / 2, 0.5, meanT / 2}, {1, 1, 1, 1}, {0.1, a0 / 10, 2, 10 * meanT}},
	}
	y, res, err := p.run(opts)
	if err != nil {
		return ParetoNBDFit{}, err
	}
	d.result(&res)
	return ParetoNBDFit{Model: ParetoNBD{R: y[0], Alpha: y[1], S: y[2], Beta: y[3]}, FitResult: res}, nil
}

// pairTerm holds what the Pareto/NBD likelihood needs of one distinct
// (x, t) pair, with the derivatives with respect to (r, α, s, β) in that
// order. As the pair of a group's t_x only f, df and dq are used; as the
// pair of its T, the rest.
type pairTerm struct {
	f  float64    // log F(x, t), F one term of A₀ (see logF)
	df [4]float64 // ∂ log F
	dq [4]float64 // ∂ log F + ∂ log(s/(r+s+x))
	a  float64    // log of the alive term: −(r+x)·log(α+t) − s·log(β+t)
	da [4]float64 // ∂a
	// base is log(s/(r+s+x)) + f and ea is exp(a − base): a group's
	// log-likelihood, after the factor Γ(r+x)α^r β^s/Γ(r), is then
	// base + log(ea + expm1(f(t_x) − f(T))), with both addends positive.
	base, ea float64
	dp       [4]float64 // ea·∂a − ∂ log F
	// fast says ea is well inside the range of float64 (a − base within
	// ±maxExp), so that the factored form above is exact.
	fast bool
}

// maxExp bounds the exponents the factored Pareto/NBD likelihood takes
// exp or expm1 of; beyond it a group's terms are combined in log space.
const maxExp = 600

// pareto returns the total Pareto/NBD log-likelihood at log-parameters y
// and, when grad is not nil, writes its gradient with respect to y.
//
// Per group the likelihood is Γ(r+x)α^r β^s/Γ(r) · (e^a + s/(r+s+x)·(F(t_x)
// − F(T))), a the alive term at T and F the term of A₀ (eq. 22). The
// gamma functions are worked out once per distinct x, F and a once per
// distinct (x, t) pair (the hypergeometric series there, with its
// derivatives), and per group only an expm1, a log and a few additions
// remain: the log-likelihood is base + log(ea + expm1(δ)), δ = log F(t_x)
// − log F(T) ≥ 0, and its gradient (ea·∂a + expm1(δ)·∂(log F(t_x) + log
// s/(r+s+x)) + ∂ log F(t_x) − ∂ log F(T)) / (ea + expm1(δ)), with no
// cancellation as t_x nears T. Groups whose exponents leave ±maxExp take
// the log-sum-exp form instead.
func (d *data) pareto(y, grad []float64) float64 {
	m := ParetoNBD{R: math.Exp(y[0]), Alpha: math.Exp(y[1]), S: math.Exp(y[2]), Beta: math.Exp(y[3])}
	needGrad := grad != nil
	// Per distinct x: lnΓ(r+x) − lnΓ(r) and log(s/(r+s+x)), and their
	// derivatives.
	nx := len(d.xs)
	lx, dlx := make([]float64, nx), make([]float64, nx)
	ls, dlsR, dlsS := make([]float64, nx), make([]float64, nx), make([]float64, nx)
	lgr := lgamma(m.R)
	var psiR float64
	if needGrad {
		psiR = mathext.Digamma(m.R)
	}
	for i, x := range d.xs {
		lx[i] = lgamma(m.R+x) - lgr
		ls[i] = math.Log(m.S / (m.R + m.S + x))
		if needGrad {
			dlx[i] = mathext.Digamma(m.R+x) - psiR
			dlsR[i] = -1 / (m.R + m.S + x)
			dlsS[i] = 1/m.S + dlsR[i]
		}
	}
	// Per distinct (x, t) pair.
	pairs := d.timePairs()
	pt := make([]pairTerm, len(pairs.keys))
	parallel.For(fitChunks(len(pt)), len(pt), func(_, lo, hi int) {
		for i := lo; i < hi; i++ {
			k := pairs.keys[i]
			ix := k >> 32
			pt[i] = m.pairTerm(d.xs[ix], d.ts[uint32(k)], ls[ix], dlsR[ix], dlsS[ix], needGrad)
		}
	})
	// Per group, summed in fixed chunks whatever the number of
	// processors, and the chunks in order: the same bits every time.
	type sums struct {
		ll float64
		g  [4]float64
	}
	part := make([]sums, fitChunks(len(d.w)))
	parallel.For(len(part), len(d.w), func(c, lo, hi int) {
		var s sums
		for g := lo; g < hi; g++ {
			w, ix := d.w[g], d.gx[g]
			at := &pt[pairs.age[g]]
			lt := &pt[pairs.last[g]]
			delta := lt.f - at.f
			switch {
			case d.gl[g] == d.ga[g] || !(delta > 0):
				// t_x = T (or F no larger at t_x): no room to die.
				s.ll += w * (lx[ix] + at.a)
				if needGrad {
					s.g[0] += w * (dlx[ix] + at.da[0])
					for j := 1; j < 4; j++ {
						s.g[j] += w * at.da[j]
					}
				}
			case at.fast && delta <= maxExp:
				em := math.Expm1(delta)
				sum := at.ea + em
				s.ll += w * (lx[ix] + at.base + math.Log(sum))
				if needGrad {
					v := w / sum
					s.g[0] += w * dlx[ix]
					for j := range 4 {
						s.g[j] += v * (at.dp[j] + lt.df[j] + em*lt.dq[j])
					}
				}
			default:
				// log(e^a + s/(r+s+x)·(F(t_x) − F(T))) in log space.
				q := math.Exp(-delta)
				died := ls[ix] + lt.f + math.Log1p(-q)
				l := logSumExp(at.a, died)
				s.ll += w * (lx[ix] + l)
				if needGrad {
					wa, wd := math.Exp(at.a-l), math.Exp(died-l)
					dls := [4]float64{dlsR[ix], 0, dlsS[ix], 0}
					s.g[0] += w * dlx[ix]
					for j := range 4 {
						s.g[j] += w * (wa*at.da[j] + wd*(dls[j]+(lt.df[j]-q*at.df[j])/(1-q)))
					}
				}
			}
		}
		part[c] = s
	})
	var tot sums
	for _, s := range part {
		tot.ll += s.ll
		for j := range 4 {
			tot.g[j] += s.g[j]
		}
	}
	// The factor α^r β^s, the same for every account.
	la, lb := math.Log(m.Alpha), math.Log(m.Beta)
	if needGrad {
		grad[0] = m.R * (tot.g[0] + d.n*la)
		grad[1] = m.Alpha*tot.g[1] + d.n*m.R
		grad[2] = m.S * (tot.g[2] + d.n*lb)
		grad[3] = m.Beta*tot.g[3] + d.n*m.S
	}
	return tot.ll + d.n*(m.R*la+m.S*lb)
}

// pairTerm returns the terms of the pair (x, t); ls is log(s/(r+s+x)),
// dlsR and dlsS its derivatives with respect to r and s. Without
// needGrad the derivatives are left zero.
func (m ParetoNBD) pairTerm(x, t, ls, dlsR, dlsS float64, needGrad bool) pairTerm {
	var p pairTerm
	p.f, p.df = m.logFGrad(x, t, needGrad)
	la, lb := math.Log(m.Alpha+t), math.Log(m.Beta+t)
	p.a = -(m.R+x)*la - m.S*lb
	p.base = ls + p.f
	e := p.a - p.base
	p.fast = math.Abs(e) <= maxExp
	p.ea = math.Exp(e)
	if needGrad {
		p.da = [4]float64{-la, -(m.R + x) / (m.Alpha + t), -lb, -m.S / (m.Beta + t)}
		dls := [4]float64{dlsR, 0, dlsS, 0}
		for j := range 4 {
			p.dq[j] = p.df[j] + dls[j]
			p.dp[j] = p.ea*p.da[j] - p.df[j]
		}
	}
	return p
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
	f, _ := m.logFGrad(x, t, false)
	return f
}

// logFGrad returns logF(x, t) and, with needGrad, its derivatives with
// respect to (r, α, s, β): those of the hypergeometric function through
// [logHyp1Grad], the chain rule through its parameters and z. The two
// branches are one with the roles swapped: P the larger of α and β, Q the
// other, and u the shape that is in b (s when α ≥ β, r otherwise), v the
// other one, which is in ₂F₁'s second parameter a+1−b.
func (m ParetoNBD) logFGrad(x, t float64, needGrad bool) (f float64, df [4]float64) {
	a := m.R + m.S + x
	P, Q, b := m.Alpha, m.Beta, m.S+1
	iu, iv, iP, iQ := 2, 0, 1, 3 // where the derivatives go in df
	if m.Alpha < m.Beta {
		P, Q, b = m.Beta, m.Alpha, m.R+x
		iu, iv, iP, iQ = 0, 2, 3, 1
	}
	big := P + t
	z := (P - Q) / big
	// log(1 − z) = log((Q+t)/(P+t)), computed without cancellation.
	lbig := math.Log(big)
	l1z := math.Log(Q+t) - lbig
	h, hb, hc, hz := logHyp1Grad(a+1-b, a+1, z, needGrad)
	f = (1-b)*l1z + h - a*lbig
	if needGrad {
		ip, iq := 1/big, 1/(Q+t)
		df[iu] = -l1z + hc - lbig
		df[iv] = hb + hc - lbig
		df[iP] = -(1-b)*ip + hz*(Q+t)*ip*ip - a*ip
		df[iQ] = (1-b)*iq - hz*ip
	}
	return f, df
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

// logHyp1Grad returns h = [logHyp1](b, c, z), to the bit, and, with
// needGrad, its derivatives with respect to b, c and z, from the same
// series differentiated term by term: the n-th term (b)ₙ/(c)ₙ zⁿ has
// log-derivatives Σₖ<ₙ 1/(b+k), −Σₖ<ₙ 1/(c+k) and n/z, all of one sign,
// so that the weighted sums lose nothing to cancellation. The tail
// estimate of a capped series is differentiated as it is written.
func logHyp1Grad(b, c, z float64, needGrad bool) (h, hb, hc, hz float64) {
	if !needGrad {
		return logHyp1(b, c, z), 0, 0, 0
	}
	if z <= 0 {
		return 0, 0, 0, b / c
	}
	sum, term, rho := 1.0, 1.0, 0.0
	// sb, sc: the log-derivatives of the current term in b and −c; tb,
	// tc, tn: Σ term·sb, Σ term·sc and Σ n·term.
	var sb, sc, tb, tc, tn float64
	n := 0.0
	for ; n < maxTerms; n++ {
		rho = (b + n) / (c + n) * z
		term *= rho
		sum += term
		sb += 1 / (b + n)
		sc += 1 / (c + n)
		tb += term * sb
		tc += term * sc
		tn += (n + 1) * term
		if term < 1e-17*sum {
			return math.Log(sum), tb / sum, -tc / sum, tn / (z * sum)
		}
	}
	// The tail term·ρ/(1−ρ), ρ = (b+n−1)/(c+n−1)·z: its log-derivatives
	// are the term's plus those of ρ over 1−ρ.
	tail := term * rho / (1 - rho)
	k := 1 / (1 - rho)
	tb += tail * (sb + k/(b+n-1))
	tc += tail * (sc + k/(c+n-1))
	tn += tail * (n + k)
	sum += tail
	return math.Log(sum), tb / sum, -tc / sum, tn / (z * sum)
}

// maxTerms bounds the terms of a hypergeometric series.
const maxTerms = 20000
