package segmentation

import (
	"iter"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/civil"
)

// A Partial is one account's aggregate over some of its transactions,
// computed elsewhere: by a SQL GROUP BY in a store, on another machine, or
// by [Aggregator.Partials]. [Aggregator.AddPartial] merges it exactly as if
// the transactions themselves had been added.
//
// The zero Partial is not valid: it has no account and no transactions.
type Partial struct {
	Account      account.ID    // the account summarised
	First, Last  time.Time     // the first and last transaction's instants
	Transactions int64         // how many transactions, at least 1
	Total        account.Money // their exact net sum

	// Dates holds one instant on each distinct date with a transaction (in
	// the Options' location), in any order. It is needed, and used, only
	// when the Options count distinct days or periods
	// ([Options.Frequency]): counts of distinct days cannot be merged.
	Dates []time.Time

	// Periods is the number of distinct days or periods of Dates (of
	// [Options.Frequency], in the Options' location): what a reader that
	// only counts periods takes instead of reading Dates. Zero means not
	// given. [Aggregator.Partials] fills it whenever it fills Dates, and
	// [Aggregator.AddPartial] checks a non-zero Periods against Dates, so
	// that a partial whose two disagree is refused rather than merged
	// wrong; Dates are still needed to merge (counts of distinct periods
	// cannot be merged).
	Periods int64

	// FirstTotal is the exact net sum of the transactions in the day or
	// period of First (of [Options.Frequency], in the Options' location):
	// the value of an account's first purchase period, which a lifetime
	// model (package clv) sets apart from the repeat periods'. Like Dates
	// it is needed, and used, only when the Options count distinct days or
	// periods; then it must be in Total's currency (the zero Money is
	// taken as zero in that currency). Merging keeps the sum of the
	// earliest period: that of the partial with the earlier First, or the
	// sum of both when their Firsts share a period.
	FirstTotal account.Money
}

// AddPartial merges p into a. The transactions p summarises must already
// be the ones the Options would count (of the chosen kind, inside the
// window, not after the analysis instant): a Partial carries no
// transactions to filter.
//
// It returns an [*account.FieldError] (Record "Partial", ID the account)
// wrapping [ErrInvalid] for a partial with no account, no or reversed
// instants, instants after the analysis instant or before Since, fewer
// than one transaction, no valid currency, or no Dates when the frequency
// counts distinct days or periods, or a negative Periods, or (when the
// Options count distinct days or periods) a non-zero Periods that is not
// the number of distinct periods of Dates, or for an account with more
// than 4294967295 transactions in all; and a [*CurrencyError] if the account
// has amounts in another currency. On error a is unchanged.
func (a *Aggregator) AddPartial(p Partial) error {
	bad := func(field string, value any, reason string) error {
		return &account.FieldError{Record: "Partial", ID: string(p.Account), Field: field, Value: value, Reason: reason, Err: ErrInvalid}
	}
	c := p.Total.Currency()
	switch {
	case p.Account == "":
		return bad("Account", nil, "is missing")
	case p.First.IsZero() || !inInstantRange(p.First):
		return bad("First", p.First, "must be set, from "+instantRange)
	case p.Last.IsZero() || !inInstantRange(p.Last):
		return bad("Last", p.Last, "must be set, from "+instantRange)
	case p.Last.Before(p.First):
		return bad("Last", p.Last, "is before First")
	case p.Last.UnixNano() > a.asOf:
		return bad("Last", p.Last, "is after the analysis instant: a partial's transactions must all be inside the window [Since, AsOf]")
	case p.First.UnixNano() < a.since:
		return bad("First", p.First, "is before Since: a partial's transactions must all be inside the window [Since, AsOf]")
	case p.Transactions < 1:
		return bad("Transactions", p.Transactions, "must be at least 1")
	case !c.Valid():
		return bad("Total", p.Total, "has no valid currency")
	case a.opts.Frequency != FrequencyTransactions && len(p.Dates) == 0:
		return bad("Dates", nil, "are needed to count "+a.opts.Frequency.String())
	case a.opts.Frequency != FrequencyTransactions && p.FirstTotal != (account.Money{}) && p.FirstTotal.Currency() != c:
		return bad("FirstTotal", p.FirstTotal, "is not in Total's currency")
	case p.Periods < 0:
		return bad("Periods", p.Periods, "must not be negative")
	}
	var pers []int64
	if a.opts.Frequency != FrequencyTransactions {
		var buf [32]int64 // on the stack for most partials
		pers = buf[:0]
		for _, d := range p.Dates {
			pers = append(pers, a.opts.Frequency.period(dayOf(d.UnixNano(), a.loc)))
		}
		if p.Periods != 0 {
			slices.Sort(pers)
			if n := int64(len(slices.Compact(pers))); n != p.Periods {
				return bad("Periods", p.Periods, "does not match the "+strconv.FormatInt(n, 10)+" distinct periods of Dates")
			}
		}
	}
	code := lookup(a.d, string(p.Account))
	if code >= 0 && int(code) < len(a.ent) {
		e := &a.ent[code]
		if e.count > 0 && a.curs[e.cur-1] != c {
			return currencyError(p.Account, "", a.curs[e.cur-1], c)
		}
		if uint64(e.count)+uint64(p.Transactions) > math.MaxUint32 {
			return bad("Transactions", p.Transactions, "makes more than 4294967295 for the account")
		}
	} else if p.Transactions > math.MaxUint32 {
		return bad("Transactions", p.Transactions, "is more than 4294967295")
	}
	if code < 0 {
		a.own()
		code = codeOf(a.d, string(p.Account))
	}
	e := a.entryFor(code)
	e.cur = a.curIndex(c)
	e.first = min(e.first, p.First.UnixNano())
	e.last = max(e.last, p.Last.UnixNano())
	e.count += uint32(p.Transactions)
	if u, ok := toUnits(p.Total.Amount(), scaleOf(c)); ok && u != exactMark && e.flags == 0 && !addOverflows(e.sum, u) {
		e.sum += u
	} else {
		a.toExact(e, code, c)
		a.exact[code] = a.exact[code].Add(p.Total.Amount())
	}
	if a.opts.Frequency != FrequencyTransactions {
		if a.periods == nil {
			a.periods = make(map[periodKey]struct{})
		}
		for _, q := range pers {
			a.periods[periodKey{code, q}] = struct{}{}
		}
		ft := p.FirstTotal.Amount()
		u, ok := toUnits(ft, scaleOf(c))
		if !ok {
			u = exactMark
		}
		a.first.add(code, a.opts.Frequency.period(dayOf(p.First.UnixNano(), a.loc)), u, scaleOf(c), ft)
	}
	return nil
}

// Partials yields the aggregate of every account with at least one counted
// transaction, in ascending ID order, for another Aggregator's
// [Aggregator.AddPartial]: to ship aggregates between processes or
// systems. Dates and Periods are filled in only when the Options count
// distinct days or periods: one instant (midnight in the Options'
// location) for each distinct day, or for the first day of each distinct
// period, which is all AddPartial needs, and their number.
func (a *Aggregator) Partials() iter.Seq[Partial] {
	return func(yield func(Partial) bool) {
		codes := a.codesByID()
		// The periods by code, by a counting sort: off[c]..off[c+1] are
		// code c's in pers (no map of slices, which costs more than the
		// aggregation for a million accounts).
		dates := a.opts.Frequency != FrequencyTransactions
		var off []int32
		var pers []int64
		if dates {
			off = make([]int32, len(a.ent)+1)
			for k := range a.periods {
				off[k.code+1]++
			}
			for i := 1; i < len(off); i++ {
				off[i] += off[i-1]
			}
			pers = make([]int64, len(a.periods))
			pos := slices.Clone(off[:len(off)-1])
			for k := range a.periods {
				pers[pos[k.code]] = k.period
				pos[k.code]++
			}
		}
		for _, c := range codes {
			e := &a.ent[c]
			cur := a.curs[e.cur-1]
			amt := fromUnits(e.sum, scaleOf(cur))
			if e.flags&flagExact != 0 {
				amt = a.exact[c]
			}
			total, _ := account.NewMoney(amt, cur)
			p := Partial{
				Account:      account.ID(a.d.id(c)),
				First:        time.Unix(0, e.first).In(a.loc),
				Last:         time.Unix(0, e.last).In(a.loc),
				Transactions: int64(e.count),
				Total:        total,
			}
			if dates {
				p.FirstTotal, _ = account.NewMoney(a.first.value(c, scaleOf(cur)), cur)
				ps := pers[off[c]:off[c+1]]
				slices.Sort(ps)
				p.Periods = int64(len(ps))
				p.Dates = make([]time.Time, len(ps))
				for i, q := range ps {
					p.Dates[i] = a.periodStart(q)
				}
			}
			if !yield(p) {
				return
			}
		}
	}
}

// periodStart returns midnight (in a's location) of the first day of a
// period number of a's frequency basis.
func (a *Aggregator) periodStart(period int64) time.Time {
	var day int64
	switch a.opts.Frequency {
	case FrequencyDistinctDays:
		day = period
	case FrequencyDistinctWeeks:
		day = period*7 - 3 // week 0 starts on Monday 1969-12-29
	case FrequencyDistinctMonths:
		y := civil.FloorDiv(period, 12)
		day = civil.Days(int(y), int(period-y*12)+1, 1)
	case FrequencyDistinctQuarters:
		y := civil.FloorDiv(period, 4)
		day = civil.Days(int(y), int(period-y*4)*3+1, 1)
	default: // DistinctYears
		day = civil.Days(int(period), 1, 1)
	}
	y, m, d := civil.Date(day)
	return time.Date(y, time.Month(m), d, 0, 0, 0, 0, a.loc)
}
