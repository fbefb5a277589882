package clv

import (
	"math"
	"testing"
	"time"
)

// simpson integrates f over [a, b] by adaptive Simpson's rule: the
// independent route the cross-checks take.
// The range is cut into 256 pieces first so that a narrow peak is not
// missed.
func simpson(f func(float64) float64, a, b float64) float64 {
	return simpsonPieces(f, a, b, 256, 1e-15, 40)
}

// simpsonPieces is adaptive Simpson over equal pieces of [a, b], each to
// eps within depth halvings.
func simpsonPieces(f func(float64) float64, a, b float64, pieces int, eps float64, depth int) float64 {
	total := 0.0
	n := float64(pieces)
	for i := range pieces {
		lo, hi := a+(b-a)*float64(i)/n, a+(b-a)*float64(i+1)/n
		fa, fm, fb := f(lo), f((lo+hi)/2), f(hi)
		whole := (hi - lo) / 6 * (fa + 4*fm + fb)
		total += simpsonStep(f, lo, hi, fa, fm, fb, whole, eps, depth)
	}
	return total
}

func simpsonStep(f func(float64) float64, a, b, fa, fm, fb, whole, eps float64, depth int) float64 {
	m := (a + b) / 2
	lm, rm := (a+m)/2, (m+b)/2
	flm, frm := f(lm), f(rm)
	left := (m - a) / 6 * (fa + 4*flm + fm)
	right := (b - m) / 6 * (fm + 4*frm + fb)
	if depth <= 0 || math.Abs(left+right-whole) <= 15*eps {
		return left + right + (left+right-whole)/15
	}
	return simpsonStep(f, a, m, fa, flm, fm, left, eps/2, depth-1) + simpsonStep(f, m, b, fm, frm, fb, right, eps/2, depth-1)
}

// betaMean returns E[h(p)] for p ~ Beta(a, b) by numerical integration,
// split at 1/2, with p = v^(1/a) below and 1−p = w^(1/b) above to take
// away the singularities of p^(a−1) at 0 and (1−p)^(b−1) at 1.
func betaMean(h func(p float64) float64, a, b float64) float64 {
	lb := lgamma(a) + lgamma(b) - lgamma(a+b)
	low := func(v float64) float64 {
		p := math.Pow(v, 1/a)
		if v <= 0 || p >= 1 {
			return 0
		}
		return h(p) * math.Pow(1-p, b-1)
	}
	high := func(w float64) float64 {
		q := math.Pow(w, 1/b)
		if w <= 0 || q >= 1 {
			return 0
		}
		return h(1-q) * math.Pow(1-q, a-1)
	}
	return (simpson(low, 0, math.Pow(0.5, a))/a + simpson(high, 0, math.Pow(0.5, b))/b) / math.Exp(lb)
}

// bgLikelihoodByIntegral is the BG/NBD likelihood of one account computed
// from its definition: the gamma mixture over λ in closed form (a gamma
// integral), the beta mixture over p numerically.
func bgLikelihoodByIntegral(m BGNBD, x, tx, T float64) (alive, dropped float64) {
	lam := func(t float64) float64 { // E[λ^x e^{−λt}]
		return math.Exp(lgamma(m.R+x) - lgamma(m.R) + m.R*math.Log(m.Alpha) - (m.R+x)*math.Log(m.Alpha+t))
	}
	alive = lam(T) * betaMean(func(p float64) float64 { return math.Pow(1-p, x) }, m.A, m.B)
	if x > 0 {
		dropped = lam(tx) * betaMean(func(p float64) float64 { return p * math.Pow(1-p, x-1) }, m.A, m.B)
	}
	return alive, dropped
}

// paretoLikelihoodByIntegral is the Pareto/NBD likelihood of one account
// from its definition: alive at T, or dead at some τ in (t_x, T], the
// integral over τ numerical.
func paretoLikelihoodByIntegral(m ParetoNBD, x, tx, T float64) (alive, died float64) {
	head := math.Exp(lgamma(m.R+x) - lgamma(m.R) + m.R*math.Log(m.Alpha))
	alive = head * math.Pow(m.Alpha+T, -(m.R+x)) * math.Pow(m.Beta/(m.Beta+T), m.S)
	f := func(tau float64) float64 {
		return math.Pow(m.Alpha+tau, -(m.R+x)) * m.S / m.Beta * math.Pow(m.Beta/(m.Beta+tau), m.S+1)
	}
	if T > tx {
		died = head * simpson(f, tx, T)
	}
	return alive, died
}

var crossCases = []struct{ x, tx, T float64 }{
	{0, 0, 38.86}, {0, 0, 0.5}, {1, 2.5, 30}, {2, 30.43, 38.86}, {5, 20, 20}, {10, 35.1, 39}, {30, 38, 39}, {3, 0.2, 39},
}

func TestBGNBDLikelihoodCrossCheck(t *testing.T) {
	for _, m := range []BGNBD{{0.24, 4.41, 0.79, 2.43}, {1.5, 10, 2.5, 6}, {0.5, 3, 0.3, 12}} {
		for _, c := range crossCases {
			d := oneGroup(c.x, c.tx, c.T)
			got := d.bgnbd(logs(m.R, m.Alpha, m.A, m.B), nil)
			alive, dropped := bgLikelihoodByIntegral(m, c.x, c.tx, c.T)
			want := math.Log(alive + dropped)
			if math.Abs(got-want) > 1e-7*max(1, math.Abs(want)) {
				t.Errorf("%v %v: log-likelihood %.12g, by integral %.12g", m, c, got, want)
			}
			if pa := m.pActive(c.x, c.tx, c.T); math.Abs(pa-alive/(alive+dropped)) > 1e-8 {
				t.Errorf("%v %v: P(alive) %.12g, by integral %.12g", m, c, pa, alive/(alive+dropped))
			}
		}
	}
}

func TestParetoNBDLikelihoodCrossCheck(t *testing.T) {
	// Both branches: α ≥ β and α < β.
	for _, m := range []ParetoNBD{{0.55, 10.58, 0.61, 11.67}, {0.55, 11.67, 0.61, 10.58}, {1.2, 8, 1.5, 20}, {2, 30, 0.2, 3}} {
		for _, c := range crossCases {
			d := oneGroup(c.x, c.tx, c.T)
			got := d.pareto(logs(m.R, m.Alpha, m.S, m.Beta), nil)
			alive, died := paretoLikelihoodByIntegral(m, c.x, c.tx, c.T)
			want := math.Log(alive + died)
			if math.Abs(got-want) > 1e-7*max(1, math.Abs(want)) {
				t.Errorf("%v %v: log-likelihood %.12g, by integral %.12g", m, c, got, want)
			}
			if pa := m.pActive(c.x, c.tx, c.T); math.Abs(pa-alive/(alive+died)) > 1e-7 {
				t.Errorf("%v %v: P(alive) %.12g, by integral %.12g", m, c, pa, alive/(alive+died))
			}
		}
	}
}

func TestExpectedTransactionsCrossCheck(t *testing.T) {
	for _, m := range []BGNBD{{0.24, 4.41, 0.79, 2.43}, {1.5, 10, 2.5, 6}, {0.5, 3, 0.3, 12}, {7, 1, 0.5, 0.25}} {
		for _, c := range crossCases {
			for _, h := range []float64{1, 39, 200} {
				// E[Y(t)] for an active account: E_p[(1 − E_λ e^{−λpt})/p].
				r, alpha, b := m.R+c.x, m.Alpha+c.T, m.B+c.x
				want := m.pActive(c.x, c.tx, c.T) * betaMean(func(p float64) float64 {
					return -math.Expm1(-r*math.Log1p(p*h/alpha)) / p
				}, m.A, b)
				e, err := bgExpectedNew(r, alpha, m.A, b, h)
				if err != nil {
					t.Fatal(err)
				}
				got := m.pActive(c.x, c.tx, c.T) * e
				if math.Abs(got-want) > 1e-7*max(1, want) {
					t.Errorf("BG/NBD %v %v t=%v: expected %.12g, by integral %.12g", m, c, h, got, want)
				}
				// The probabilities of k transactions sum to 1 and have mean E[Y].
				var sum, mean float64
				for k := 0; k < 3000; k++ {
					pk := bgPNew(r, alpha, m.A, b, h, k)
					sum += pk
					mean += float64(k) * pk
				}
				if math.Abs(sum-1) > 1e-6 || math.Abs(mean-got/m.pActive(c.x, c.tx, c.T)) > 1e-4*max(1, mean) {
					t.Errorf("BG/NBD %v %v t=%v: Σ P(k) = %.10g, Σ k P(k) = %.10g, E = %.10g", m, c, h, sum, mean, got)
				}
			}
		}
	}
	for _, m := range []ParetoNBD{{0.55, 10.58, 0.61, 11.67}, {1.2, 8, 1.5, 20}, {2, 30, 1, 3}} {
		for _, c := range crossCases {
			for _, h := range []float64{1, 39, 200} {
				// E[Y(t) | alive] = (r+x)/(α+T) ∫₀ᵗ ((β+T)/(β+T+u))^s du.
				want := m.pActive(c.x, c.tx, c.T) * (m.R + c.x) / (m.Alpha + c.T) * simpson(func(u float64) float64 {
					return math.Pow((m.Beta+c.T)/(m.Beta+c.T+u), m.S)
				}, 0, h)
				got := m.pActive(c.x, c.tx, c.T) * pnExpected(m.R+c.x, m.Alpha+c.T, m.S, m.Beta+c.T, h)
				if math.Abs(got-want) > 1e-8*max(1, want) {
					t.Errorf("Pareto/NBD %v %v t=%v: expected %.12g, by integral %.12g", m, c, h, got, want)
				}
			}
		}
	}
}

// oneGroup returns the factored data of one account with counts in units.
func oneGroup(x, tx, T float64) *data {
	return &data{unit: UnitWeek, xs: []float64{x}, ts: []float64{tx, T}, gx: []int32{0}, gl: []int32{0}, ga: []int32{1}, w: []float64{1}, n: 1}
}

func logs(v ...float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Log(x)
	}
	return out
}

var _ = time.Second
