package sla

import (
	"math"
	"math/bits"
	"time"

	"github.com/keyaccount/keyaccount/internal/fixed"
)

// Percent is a percentage in hundredths of a percent: 7550 is 75.50%. It is
// exact and cheap, and compares as an integer. Write a threshold as
// 75*[OnePercent].
//
// The zero Percent is 0%.
type Percent int64

// OnePercent is 1%.
const OnePercent Percent = 100

// String returns p with two decimals and a percent sign, such as "75.50%"
// or "-0.25%".
func (p Percent) String() string { return fixed.Hundredths(int64(p)) + "%" }

// ratio returns num/den as a Percent, rounded half up, for num >= 0 and
// den > 0, without overflow: the product num·10000 is formed in 128 bits.
// A ratio too large for a Percent saturates at math.MaxInt64.
func ratio(num, den int64) Percent {
	// (num·20000 + den) / (2·den) is num·10000/den rounded half up.
	hi, lo := bits.Mul64(uint64(num), 20000)
	lo, carry := bits.Add64(lo, uint64(den), 0)
	hi += carry
	d := 2 * uint64(den)
	if hi >= d {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, d)
	if q > math.MaxInt64 {
		return math.MaxInt64
	}
	return Percent(q)
}

// share returns ceil(d·p/10000): the part of d that p is, rounded up, for
// d >= 0 and 0 <= p <= 10000.
func share(d time.Duration, p Percent) time.Duration {
	hi, lo := bits.Mul64(uint64(d), uint64(p))
	lo, carry := bits.Add64(lo, 9999, 0)
	hi += carry
	q, _ := bits.Div64(hi, lo, 10000) // hi < 10000 since d < 2^63 and p <= 10000
	return time.Duration(q)
}
