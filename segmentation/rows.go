package segmentation

import (
	"iter"

	"github.com/keyaccount/keyaccount/internal/aggrows"
	"github.com/keyaccount/keyaccount/internal/rank"
)

func init() {
	aggrows.Register(func(agg any) iter.Seq[aggrows.Row] { return agg.(*Aggregator).rows() })
}

// codesByID returns the codes of the accounts with at least one counted
// transaction, in ascending ID order (byte-wise).
func (a *Aggregator) codesByID() []int32 {
	var codes []int32
	for c := range a.ent {
		if a.ent[c].count > 0 {
			codes = append(codes, int32(c))
		}
	}
	order := rank.Strings(len(codes), func(i int) []byte { return a.d.id(codes[i]) })
	for i, o := range order {
		order[i] = codes[o]
	}
	return order
}

// periodCounts returns the number of distinct periods of each code, when
// the Options count distinct days or periods (nil otherwise).
func (a *Aggregator) periodCounts() []uint32 {
	if a.opts.Frequency == FrequencyTransactions {
		return nil
	}
	per := make([]uint32, len(a.ent))
	for k := range a.periods {
		per[k.code]++
	}
	return per
}

// rows yields the aggregate of every account with at least one counted
// transaction, in ascending ID order, as numbers: what [aggrows.Of] reads
// for package clv, without the Dates and decimals of [Aggregator.Partials].
func (a *Aggregator) rows() iter.Seq[aggrows.Row] {
	return func(yield func(aggrows.Row) bool) {
		codes := a.codesByID()
		per := a.periodCounts()
		for _, c := range codes {
			e := &a.ent[c]
			cur := a.curs[e.cur-1]
			scale := scaleOf(cur)
			r := aggrows.Row{Account: string(a.d.id(c)), First: e.first, Last: e.last, Transactions: int64(e.count),
				Currency: cur, Scale: scale, Sum: e.sum}
			firstExact := false
			if per != nil {
				r.Periods = int64(per[c])
				fp, _ := a.first.get(c)
				r.FirstSum, firstExact = fp.sum, fp.sum == exactMark
			}
			if e.flags&flagExact != 0 || firstExact {
				r.Exact, r.Total, r.FirstTotal = true, a.exact[c], a.first.value(c, scale)
				if e.flags&flagExact == 0 {
					r.Total = fromUnits(e.sum, scale)
				}
			}
			if !yield(r) {
				return
			}
		}
	}
}
