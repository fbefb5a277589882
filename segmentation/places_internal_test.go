package segmentation

import (
	"testing"

	"github.com/shopspring/decimal"
)

// placesOf counts the places a value needs, whatever its exponent: a
// whole number written with decimals needs none, never fewer.
func TestPlacesOf(t *testing.T) {
	for _, c := range []struct {
		d    decimal.Decimal
		want int32
	}{
		{decimal.New(1000, -1), 0}, // 100.0: the zeros run past the point
		{decimal.New(10, -1), 0},   // 1.0
		{decimal.New(7, 0), 0},
		{decimal.New(5, 3), 0},
		{decimal.New(0, -4), 0},
		{decimal.New(100, -4), 2}, // 0.0100
		{decimal.New(20010, -4), 3},
		{decimal.New(-20010, -4), 3},
		{decimal.New(1, -18), 18},
		{decimal.New(1, -1), 1},
	} {
		if got := placesOf(c.d); got != c.want {
			t.Errorf("placesOf(%s, exponent %d) = %d, want %d", c.d, c.d.Exponent(), got, c.want)
		}
	}
}
