package segmentation

import (
	"math/big"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/rank"
	"github.com/shopspring/decimal"
)

// A SegmentSummary describes the accounts of one segment.
type SegmentSummary struct {
	Segment       string        // the segment's name; "" for accounts no rule matched
	Accounts      int           // accounts in the segment
	AccountShare  float64       // Accounts / all accounts
	Monetary      account.Money // the exact sum of the accounts' monetary values
	MonetaryShare float64       // Monetary / the sum over all accounts (0 if that is 0)

	// MedianRecency and MedianFrequency are the medians of the accounts'
	// recency (days) and frequency: the middle value, or the mean of the
	// two middle values (hence a decimal: 12.5) for an even count. Both are
	// 0 for an empty segment.
	MedianRecency   decimal.Decimal // the median recency, in days
	MedianFrequency decimal.Decimal // the median frequency
}

// Summary returns one line per segment of the rule table, in the order of
// the segments' first rules, followed by a line for the accounts no rule
// matched (Segment "") if there are any. A segment without accounts has a
// line with zeros. A table scored without segments has a single line, "",
// for all accounts.
func (t *Table) Summary() []SegmentSummary {
	n := t.Len()
	nseg := len(t.segNames) + 1 // index 0: no segment
	// The scale of the sums: once, since it walks every decimal-held value.
	scale := t.scaleFor()
	up := scale - t.scale
	seg := func(i int) int {
		if t.seg == nil {
			return 0
		}
		return int(t.seg[i])
	}
	counts := make([]int, nseg)
	sums := make([]*big.Int, nseg)
	small := make([]int64, nseg)
	overflow := make([]bool, nseg)
	for i := range sums {
		sums[i] = new(big.Int)
	}
	for i := range n {
		s := seg(i)
		counts[s]++
		u := t.mon[i]
		if u == exactMark {
			sums[s].Add(sums[s], t.monetary(int32(i)).Shift(scale).BigInt())
			continue
		}
		if overflow[s] || addOverflows(small[s], u) {
			if !overflow[s] {
				sums[s].Add(sums[s], scaleUp(small[s], up))
				overflow[s], small[s] = true, 0
			}
			sums[s].Add(sums[s], scaleUp(u, up))
			continue
		}
		small[s] += u
	}
	total := new(big.Int)
	for s := range nseg {
		if !overflow[s] {
			sums[s].Add(sums[s], scaleUp(small[s], up))
		}
		total.Add(total, sums[s])
	}
	medR := t.medians(nseg, seg, func(i int) uint32 { return uint32(t.rec[i]) })
	medF := t.medians(nseg, seg, func(i int) uint32 { return t.freq[i] })

	line := func(s int) SegmentSummary {
		l := SegmentSummary{
			Accounts:        counts[s],
			MonetaryShare:   ratio(sums[s], total),
			MedianRecency:   medR[s],
			MedianFrequency: medF[s],
		}
		if s > 0 {
			l.Segment = t.segNames[s-1]
		}
		if n > 0 {
			l.AccountShare = float64(counts[s]) / float64(n)
		}
		if t.currency != "" {
			l.Monetary, _ = account.NewMoney(decimal.NewFromBigInt(sums[s], -scale), t.currency)
		}
		return l
	}
	var out []SegmentSummary
	for s := 1; s < nseg; s++ {
		out = append(out, line(s))
	}
	if t.seg == nil || counts[0] > 0 {
		out = append(out, line(0))
	}
	return out
}

func scaleUp(u int64, by int32) *big.Int {
	b := big.NewInt(u)
	if by > 0 {
		b.Mul(b, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(by)), nil))
	}
	return b
}

// medians returns the median of value over the rows of each segment, by
// one radix sort of (segment, value) keys.
func (t *Table) medians(nseg int, seg func(int) int, value func(int) uint32) []decimal.Decimal {
	n := t.Len()
	keys := make([]uint64, n)
	for i := range n {
		keys[i] = uint64(seg(i))<<32 | uint64(value(i))
	}
	rank.Sort(keys, make([]uint64, n))
	out := make([]decimal.Decimal, nseg)
	for lo := 0; lo < n; {
		s := keys[lo] >> 32
		hi := lo
		for hi < n && keys[hi]>>32 == s {
			hi++
		}
		c := hi - lo
		a := int64(uint32(keys[lo+(c-1)/2]))
		b := int64(uint32(keys[lo+c/2]))
		out[s] = decimal.New((a+b)*5, -1) // (a+b)/2, exactly
		lo = hi
	}
	return out
}
