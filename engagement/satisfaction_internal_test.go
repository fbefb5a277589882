package engagement

import (
	"math"
	"testing"
)

// The 97.5th percentiles of Student's t: the table, and above it the
// Cornish–Fisher expansion against testdata/tquantile.py, which integrates
// the t density with Python's standard library (Simpson's rule, then
// bisection; it also checks the table, to 2.5e-13). The expansion is
// within 3e-8 of it from 31 degrees of freedom on.
func TestTQuantile(t *testing.T) {
	for _, tt := range []struct{ nu, want, tol float64 }{
		{1, 12.706204736174707, 0}, {30, 2.042272456301238, 0}, {30.9, 2.042272456301238, 0},
		{31, 2.0395134463963194, 3e-8}, {40, 2.0210753903063168, 3e-8}, {60, 2.0002978220142698, 3e-8},
		{120, 1.979930405082388, 3e-8}, {1000, 1.9623390808257946, 3e-8},
	} {
		if got := tQuantile(tt.nu); math.Abs(got-tt.want) > tt.tol {
			t.Errorf("tQuantile(%v) = %.12f, want %.12f ± %g", tt.nu, got, tt.want, tt.tol)
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
