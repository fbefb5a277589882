package segmentation

import (
	"math"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// Money inside the package. Amounts are held as int64 counts of units of
// 10^-scale of their currency, where scale is the currency's minor unit
// (2 for NZD, 0 for JPY, 3 for KWD; 2 for a code without one, such as XXX).
// An amount that is not a whole number of units, or does not fit, and a sum
// that would overflow, are held as decimal.Decimal instead: exact either
// way, and the decimal path is taken only where it is needed.

// exactMark marks a ledger row whose amount is held as a decimal.
const exactMark = math.MinInt64

var pow10 = [19]int64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18}

// scaleOf returns the number of decimal places of the units of c.
func scaleOf(c account.Currency) int32 {
	if m := c.MinorUnits(); m >= 0 {
		return int32(m)
	}
	return 2
}

// toUnits returns d as a count of units of 10^-scale, if it is a whole
// number of them that fits an int64 (and is not exactMark).
func toUnits(d decimal.Decimal, scale int32) (int64, bool) {
	switch nd := d.NumDigits(); {
	case nd > 19:
		return 0, false
	case nd == 19 && !d.Coefficient().IsInt64(): // rare: allocates
		return 0, false
	}
	c := d.CoefficientInt64()
	e := d.Exponent() + scale
	switch {
	case c == 0:
		return 0, true
	case e < 0:
		if -e > 18 {
			return 0, false
		}
		p := pow10[-e]
		if c%p != 0 {
			return 0, false
		}
		return c / p, true
	case e > 18:
		return 0, false
	}
	p := pow10[e]
	if c > math.MaxInt64/p || c < -math.MaxInt64/p {
		return 0, false
	}
	return c * p, true
}

// fromUnits returns units·10^-scale as a decimal.
func fromUnits(u int64, scale int32) decimal.Decimal {
	return decimal.New(u, -scale)
}

// addOverflows reports whether a+b overflows an int64, or lands on
// exactMark: a sum of units is never exactMark, which would read as "held
// as a decimal", so that sum must move to the decimal side as an overflow
// does.
func addOverflows(a, b int64) bool {
	s := a + b
	return (s^a)&(s^b) < 0 || s == exactMark
}
