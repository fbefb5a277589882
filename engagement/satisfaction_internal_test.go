package engagement

import (
	"math"
	"testing"
)

// The 97.5th percentiles of Student's t above the table, from the
// Cornish–Fisher expansion, against published values (R's qt(0.975, df)).
func TestTQuantile(t *testing.T) {
	for _, tt := range []struct{ nu, want float64 }{
		{1, 12.706204736174707}, {30, 2.042272456301238}, {30.9, 2.042272456301238},
		{31, 2.039513446396408}, {40, 2.021075390306273}, {60, 2.000297821058262},
		{120, 1.979930405052777}, {1000, 1.962339145368644}, {1e9, z975},
	} {
		if got := tQuantile(tt.nu); math.Abs(got-tt.want) > 1e-6 {
			t.Errorf("tQuantile(%v) = %.9f, want %.9f", tt.nu, got, tt.want)
		}
	}
	for _, nu := range []float64{0, 0.99, -1, math.NaN()} {
		if got := tQuantile(nu); !math.IsInf(got, 1) {
			t.Errorf("tQuantile(%v) = %v, want +Inf", nu, got)
		}
	}
}

// Wilson's interval at the ends and in the middle, against Python's
// standard library (statistics.NormalDist for z, the formula in floats).
func TestWilson(t *testing.T) {
	for _, tt := range []struct{ p, n, lo, hi float64 }{
		{0, 10, 0, 0.27753279986288915},
		{1, 10, 0.7224672001371109, 1},
		{0.5, 100, 0.4038315303659957, 0.5961684696340044},
	} {
		lo, hi := wilson(tt.p, tt.n)
		if math.Abs(lo-tt.lo) > 1e-12 || math.Abs(hi-tt.hi) > 1e-12 {
			t.Errorf("wilson(%v, %v) = [%v, %v], want [%v, %v]", tt.p, tt.n, lo, hi, tt.lo, tt.hi)
		}
	}
}
