package pack

import (
	"math"
	"testing"
)

// round4Cases are the inputs of TestRound4 and what round4 makes of them.
var round4Cases = []struct {
	f    float64
	want string
}{
	{0.123449, "0.1234"}, {0.12345, "0.1235"}, {-0.12345, "-0.1235"}, {1, "1"},
	{math.NaN(), "0"}, {math.Inf(1), "0"}, {math.Inf(-1), "0"},
}

// TestRound4 checks the rounding of the solvers' floating-point figures,
// and that a value that is not finite (a ratio over no capacity, say)
// becomes 0 rather than a panic of decimal.NewFromFloat.
func TestRound4(t *testing.T) {
	for _, tt := range round4Cases {
		if got := round4(tt.f).String(); got != tt.want {
			t.Errorf("round4(%v) = %s, want %s", tt.f, got, tt.want)
		}
	}
}
