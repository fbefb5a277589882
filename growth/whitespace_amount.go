package growth

import (
	"math"

	"github.com/shopspring/decimal"
)

// unitsLimit bounds the amounts held in minor units: every one is below
// it, so the sum of two cannot overflow an int64.
const unitsLimit = 1_000_000_000_000_000_000 // 10^18

// An amount is a sum of money in the analysis's currency, never
// negative. It is held in the currency's minor units when it is whole in
// them and below 10^18, the common case, which holds no pointer for the
// garbage collector to scan; otherwise exactly, as a decimal of
// [WhiteSpace.exact].
type amount struct {
	u int64 // the amount in minor units, when x is 0
	x int32 // 1 + the index of the amount in WhiteSpace.exact, or 0
}

// A sum adds amounts in minor units while they are whole in them and
// the total stays below [unitsLimit], and exactly from then on.
type sum struct {
	u     int64
	d     decimal.Decimal // the total, once exact is set
	exact bool
}

// add adds d, places being the currency's minor units.
func (s *sum) add(d decimal.Decimal, places int32) {
	if !s.exact {
		if u, ok := scaledUnits(d, places); ok && s.u+int64(u) < unitsLimit {
			s.u += int64(u)
			return
		}
		s.exact, s.d = true, decimal.New(s.u, -places)
	}
	s.d = s.d.Add(d)
}

// addSum adds the total of t.
func (s *sum) addSum(t *sum, places int32) {
	if !t.exact {
		if !s.exact && s.u+t.u < unitsLimit {
			s.u += t.u
			return
		}
		s.add(decimal.New(t.u, -places), places)
		return
	}
	s.add(t.d, places)
}

// amountOf returns the total of s as an amount. A total that left minor
// units stays exact: it is at least 10^18 minor units, or it has a part
// of a minor unit in its coefficient, so [scaledUnits] would not take it
// either (the integer median relies on that).
func (w *WhiteSpace) amountOf(s *sum) amount {
	if !s.exact {
		return amount{u: s.u}
	}
	w.exact = append(w.exact, s.d)
	return amount{x: int32(len(w.exact))}
}

// dec returns a as a decimal.
func (w *WhiteSpace) dec(a amount) decimal.Decimal {
	if a.x != 0 {
		return w.exact[a.x-1]
	}
	return decimal.New(a.u, -w.places)
}

// float returns a as the float64 nearest to it, as
// [decimal.Decimal.InexactFloat64] does: an amount of at most 2^53 minor
// units divided by a power of ten of at most 10^22, both exact in a
// float64, is rounded once by the division, correctly.
func (w *WhiteSpace) float(a amount) float64 {
	if a.x == 0 && a.u <= 1<<53 && w.places <= 22 {
		return float64(a.u) / math.Pow10(int(w.places))
	}
	return w.dec(a).InexactFloat64()
}
