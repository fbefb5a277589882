package segmentation

import (
	"math"

	"github.com/shopspring/decimal"
)

// An account's first day or period, when the Options count distinct days
// or periods: what a customer-lifetime model needs to tell the first
// purchase's value from the repeat purchases' (see [Partial.FirstTotal]).
// It is kept beside the entries, only for those Options, so that an
// aggregation of transactions counts pays nothing for it.

// firstPeriod is an account's earliest period of Options.Frequency with a
// counted transaction and the exact net sum of the account's transactions
// in it.
type firstPeriod struct {
	period int64 // math.MaxInt64 before the first transaction
	sum    int64 // units of the currency, or exactMark: the sum is in firsts.exact
}

var noFirst = firstPeriod{period: math.MaxInt64}

// firsts holds the first periods of the accounts of an aggregate, by code.
type firsts struct {
	fp    []firstPeriod
	exact map[int32]decimal.Decimal
}

// add adds an amount in period to the first period of code: units u of
// scale, or amt when u is exactMark. A later period leaves it unchanged;
// an earlier one replaces it.
func (f *firsts) add(code int32, period, u int64, scale int32, amt decimal.Decimal) {
	if n := int(code) + 1; n > len(f.fp) {
		old := len(f.fp)
		if n > cap(f.fp) {
			f.fp = append(f.fp[:cap(f.fp)], make([]firstPeriod, max(n, 2*cap(f.fp))-cap(f.fp))...)
		}
		f.fp = f.fp[:n]
		for i := old; i < n; i++ {
			f.fp[i] = noFirst
		}
	}
	x := &f.fp[code]
	switch {
	case period > x.period:
		return
	case period < x.period:
		x.period, x.sum = period, u
		if u == exactMark {
			f.setExact(code, amt)
		}
		return
	}
	if x.sum != exactMark && u != exactMark && !addOverflows(x.sum, u) {
		x.sum += u
		return
	}
	cur := f.value(code, scale)
	if u != exactMark {
		amt = fromUnits(u, scale)
	}
	x.sum = exactMark
	f.setExact(code, cur.Add(amt))
}

func (f *firsts) setExact(code int32, d decimal.Decimal) {
	if f.exact == nil {
		f.exact = make(map[int32]decimal.Decimal)
	}
	f.exact[code] = d
}

// get returns the first period of code, and its sum as units (or exactMark
// and the decimal).
func (f *firsts) get(code int32) (firstPeriod, decimal.Decimal) {
	if int(code) >= len(f.fp) {
		return noFirst, decimal.Decimal{}
	}
	x := f.fp[code]
	if x.sum == exactMark {
		return x, f.exact[code]
	}
	return x, decimal.Decimal{}
}

// merge adds the first period of code in g (at gcode) to that of code.
func (f *firsts) merge(code int32, g *firsts, gcode int32, scale int32) {
	x, d := g.get(gcode)
	if x.period == math.MaxInt64 {
		return
	}
	f.add(code, x.period, x.sum, scale, d)
}

// value returns the exact sum of the first period of code.
func (f *firsts) value(code int32, scale int32) decimal.Decimal {
	x, d := f.get(code)
	if x.sum == exactMark {
		return d
	}
	return fromUnits(x.sum, scale)
}
