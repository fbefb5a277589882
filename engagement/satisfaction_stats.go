package engagement

import (
	"math"
	"math/big"
	"sync"

	"github.com/shopspring/decimal"
)

// z975 is the 97.5th percentile of the standard normal distribution: a
// 95% interval is the estimate ± z975 standard errors.
const z975 = 1.959963984540054

// t975 holds the 97.5th percentiles of Student's t distribution with 1 to
// 30 degrees of freedom (t975[ν-1]).
var t975 = [30]float64{
	12.706204736174707, 4.302652729749464, 3.182446305283710, 2.776445105197793, 2.570581835636314,
	2.446911851144969, 2.364624251592785, 2.306004135204166, 2.262157162798205, 2.228138851986274,
	2.200985160091640, 2.178812829667229, 2.160368656462793, 2.144786687917804, 2.131449545559774,
	2.119905299221255, 2.109815577833317, 2.100922040241039, 2.093024054408309, 2.085963447265863,
	2.079613844727662, 2.073873067904015, 2.068657610419041, 2.063898561628021, 2.059538552753294,
	2.055529438642871, 2.051830516480284, 2.048407141795244, 2.045229642132703, 2.042272456301238,
}

// tQuantile returns the 97.5th percentile of Student's t distribution with
// nu degrees of freedom: from the table for nu up to 30 (nu rounded down,
// which widens the interval), by the Cornish–Fisher expansion
// (Abramowitz and Stegun 26.7.5, accurate to 1e-7 there) above it, and
// +Inf below 1.
func tQuantile(nu float64) float64 {
	switch {
	case !(nu >= 1):
		return math.Inf(1)
	case nu < 31:
		return t975[int(nu)-1]
	}
	z := z975
	z2 := z * z
	g1 := (z2 + 1) * z / 4
	g2 := ((5*z2+16)*z2 + 3) * z / 96
	g3 := (((3*z2+19)*z2+17)*z2 - 15) * z / 384
	g4 := ((((79*z2+776)*z2+1482)*z2-1920)*z2 - 945) * z / 92160
	return z + g1/nu + g2/(nu*nu) + g3/(nu*nu*nu) + g4/(nu*nu*nu*nu)
}

// A measure is one of the three figures: where its scores sit among the
// bins of a histogram, and its range in hundredths.
type measure struct {
	kind     ResponseKind
	base     int   // the bin of the lowest score
	lowScore int   // the lowest score
	size     int   // the number of scores
	min, max int64 // the figure's range, in hundredths
}

// numBins is the number of bins of one histogram: 11 NPS scores, 5 CSAT
// scores, 7 effort scores.
const numBins = 11 + 5 + 7

var measures = [3]measure{
	{ResponseNPS, 0, 0, 11, -10000, 10000},
	{ResponseCSAT, 11, 1, 5, 0, 10000},
	{ResponseEffort, 16, 1, 7, 100, 700},
}

// binOf returns the histogram bin of a valid score of kind k.
func binOf(k ResponseKind, score int) uint8 {
	m := &measures[k-1]
	return uint8(m.base + score - m.lowScore)
}

// numerator returns the exact numerator X of a histogram's figure X/n:
// 100 × (promoters − detractors) for NPS, 100 × (scores of 4 and 5) for
// CSAT, and the sum of the scores for effort.
func (m *measure) numerator(h []uint32) int64 {
	switch m.kind {
	case ResponseNPS:
		var x int64
		for s, c := range h {
			switch {
			case s >= 9:
				x += int64(c)
			case s <= 6:
				x -= int64(c)
			}
		}
		return 100 * x
	case ResponseCSAT:
		return 100 * (int64(h[3]) + int64(h[4]))
	default:
		var x int64
		for s, c := range h {
			x += int64(s+1) * int64(c)
		}
		return x
	}
}

// halfWidths returns how far below and above the estimate the 95%
// interval reaches, in the figure's units (points, percent, score), from
// the shares p of the scores (p[s] for the s-th score of m, summing to 1)
// and the effective number of responses n.
func (m *measure) halfWidths(p []float64, n float64) (below, above float64) {
	switch m.kind {
	case ResponseNPS:
		var pro, det float64
		for s, q := range p {
			switch {
			case s >= 9:
				pro += q
			case s <= 6:
				det += q
			}
		}
		d := pro - det
		v := max(0, (pro+det-d*d)/n)
		h := 100 * z975 * math.Sqrt(v)
		return h, h
	case ResponseCSAT:
		ph := p[3] + p[4]
		lo, hi := wilson(ph, n)
		return 100 * max(0, ph-lo), 100 * max(0, hi-ph)
	default:
		if !(n > 1) {
			return math.Inf(1), math.Inf(1)
		}
		var mean float64
		for s, q := range p {
			mean += q * float64(s+1)
		}
		var m2 float64
		for s, q := range p {
			d := float64(s+1) - mean
			m2 += q * d * d
		}
		v := max(0, m2*n/(n-1)/n) // the sample variance over n
		h := tQuantile(n-1) * math.Sqrt(v)
		return h, h
	}
}

// wilson returns the Wilson score interval at 95% of a share p observed on
// n responses.
func wilson(p, n float64) (lo, hi float64) {
	z2 := z975 * z975
	den := 1 + z2/n
	centre := (p + z2/(2*n)) / den
	h := z975 / den * math.Sqrt(max(0, p*(1-p)/n+z2/(4*n*n)))
	return max(0, centre-h), min(1, centre+h)
}

// ceilHundredths returns x × 100 rounded up to an integer, for x ≥ 0; an
// infinite or huge x gives a large number that the caller clamps.
func ceilHundredths(x float64) int64 {
	y := math.Ceil(x * 100)
	if !(y < 1e15) {
		return 1e15
	}
	return int64(y)
}

// roundDiv returns num/den rounded half away from zero, for den > 0.
func roundDiv(num, den int64) int64 {
	if num >= 0 {
		return (2*num + den) / (2 * den)
	}
	return -((-2*num + den) / (2 * den))
}

// roundRat returns num/den rounded half away from zero, for den > 0.
func roundRat(num, den *big.Int) int64 {
	n := new(big.Int).Abs(num)
	n.Lsh(n, 1)
	n.Add(n, den)
	d := new(big.Int).Lsh(den, 1)
	n.Quo(n, d)
	if num.Sign() < 0 {
		n.Neg(n)
	}
	return n.Int64()
}

// hundredthsTable holds the decimals -100.00 to 100.00 by hundredths, so
// that a report of millions of figures does not allocate one each.
// Decimals are immutable, so sharing them is safe.
var hundredthsTable = sync.OnceValue(func() []decimal.Decimal {
	t := make([]decimal.Decimal, 20001)
	for i := range t {
		t[i] = decimal.New(int64(i-10000), -2)
	}
	return t
})

// hundredths returns v/100 as a decimal with two places.
func hundredths(v int64) decimal.Decimal {
	if v >= -10000 && v <= 10000 {
		return hundredthsTable()[v+10000]
	}
	return decimal.New(v, -2)
}
