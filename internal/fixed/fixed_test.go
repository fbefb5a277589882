package fixed_test

import (
	"math"
	"testing"

	"github.com/keyaccount/keyaccount/internal/fixed"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func TestHundredths(t *testing.T) {
	for _, tt := range []struct {
		v    int64
		want string
	}{
		{0, "0.00"}, {5, "0.05"}, {-5, "-0.05"}, {7345, "73.45"}, {-7345, "-73.45"},
		{100, "1.00"}, {-100, "-1.00"}, {99, "0.99"}, {10, "0.10"},
		{math.MaxInt64, "92233720368547758.07"}, {math.MinInt64, "-92233720368547758.08"},
	} {
		if got := fixed.Hundredths(tt.v); got != tt.want {
			t.Errorf("Hundredths(%d) = %q, want %q", tt.v, got, tt.want)
		}
	}
	if got := string(fixed.AppendHundredths([]byte("x="), 1234)); got != "x=12.34" {
		t.Errorf("AppendHundredths = %q", got)
	}
}

// Hundredths agrees with exact decimal arithmetic for every int64.
func TestHundredthsIsExact(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := rapid.Int64().Draw(t, "v")
		if got, want := fixed.Hundredths(v), decimal.New(v, -2).StringFixed(2); got != want {
			t.Fatalf("Hundredths(%d) = %q, want %q", v, got, want)
		}
	})
}
