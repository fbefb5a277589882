package growth

import (
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The 128-bit median equals the decimal one whenever it answers.
func TestFastMedianMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := &WhiteSpace{opts: WhiteSpaceOptions{Currency: "NZD"}}
		n := rapid.IntRange(1, 2).Draw(t, "n")
		xs := make([]rootOffering, n)
		for i := range xs {
			xs[i].annual = decimal.New(rapid.Int64Range(0, 1<<50).Draw(t, "annual"), -rapid.Int32Range(0, 2).Draw(t, "exp"))
			xs[i].size = decimal.NewFromInt(rapid.Int64Range(1, 1<<40).Draw(t, "size"))
			xs[i].units, xs[i].fast = w.minorUnits(xs[i].annual)
			var ok bool
			xs[i].sizeUnits, ok = wholeUnits(xs[i].size)
			xs[i].fast = xs[i].fast && ok
		}
		size := decimal.NewFromInt(rapid.Int64Range(1, 1<<40).Draw(t, "target"))
		at := func(j int) *rootOffering { return &xs[j] }
		q, ok := fastMedian(at, n, size)
		if !ok {
			return
		}
		var want decimal.Decimal
		if n == 1 {
			want = xs[0].annual.Mul(size).DivRound(xs[0].size, 2)
		} else {
			num := xs[0].annual.Mul(xs[1].size).Add(xs[1].annual.Mul(xs[0].size)).Mul(size)
			want = num.DivRound(xs[0].size.Mul(xs[1].size).Mul(decimal.NewFromInt(2)), 2)
		}
		if got := decimal.New(int64(q), -2); !got.Equal(want) {
			t.Fatalf("fast %s, decimal %s", got, want)
		}
	})
}

func TestScaledUnitsEdges(t *testing.T) {
	for _, tt := range []struct {
		d      decimal.Decimal
		places int32
		want   uint64
		ok     bool
	}{
		{decimal.RequireFromString("12.34"), 2, 1234, true},
		{decimal.RequireFromString("12.345"), 2, 0, false},
		{decimal.RequireFromString("-1"), 2, 0, false},
		{decimal.RequireFromString("999999999999999999"), 0, 999999999999999999, true}, // 18 digits
		{decimal.RequireFromString("1000000000000000000"), 0, 0, false},                // 19 digits
		{decimal.RequireFromString("9999999999999999.99"), 2, 999999999999999999, true},
		{decimal.New(1, 18), 0, 0, false},
		{decimal.New(1, 17), 0, 100000000000000000, true},
	} {
		got, ok := scaledUnits(tt.d, tt.places)
		if got != tt.want || ok != tt.ok {
			t.Errorf("scaledUnits(%s, %d) = %d, %v; want %d, %v", tt.d, tt.places, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMulDivRound(t *testing.T) {
	for _, tt := range []struct {
		a, b, c, want uint64
		ok            bool
	}{
		{5, 1, 2, 3, true},  // 2.5 rounds up
		{7, 1, 4, 2, true},  // 1.75
		{5, 1, 4, 1, true},  // 1.25
		{6, 1, 4, 2, true},  // 1.5 rounds up
		{1, 1, 0, 0, false}, // no divisor
		{1 << 63, 4, 2, 0, false},
		{1 << 61, 2, 1, 0, false}, // 2^62: too large
		{1<<62 - 1, 1, 1, 1<<62 - 1, true},
	} {
		got, ok := mulDivRound(tt.a, tt.b, tt.c)
		if got != tt.want || ok != tt.ok {
			t.Errorf("mulDivRound(%d, %d, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.c, got, ok, tt.want, tt.ok)
		}
	}
}
