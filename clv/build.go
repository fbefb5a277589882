package clv

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/aggrows"
	"github.com/keyaccount/keyaccount/segmentation"
)

// SummaryOptions say how transactions become [Summary] values.
type SummaryOptions struct {
	// Unit is the period of the repeat count and the unit of the times:
	// [UnitDay] (calendar days in Location) or [UnitWeek] (ISO weeks,
	// Monday to Sunday, in Location). Required.
	Unit Unit
	// CalibrationEnd ends the calibration period, both ends included:
	// each account's T is measured to it, and only accounts with a
	// transaction at or before it have a summary. Required.
	CalibrationEnd time.Time
	// HoldoutEnd, if set, ends the holdout period (CalibrationEnd,
	// HoldoutEnd]: the account's repeat periods in it are counted in
	// HoldoutRepeats. It must be after CalibrationEnd, by at most
	// [MaxAge]. Choose CalibrationEnd at the end of a period (just before
	// midnight, or a Sunday's end for weeks): a period that straddles it
	// counts on both sides.
	HoldoutEnd time.Time
	// Location is the time zone of the days and weeks; nil means UTC.
	Location *time.Location
	// Kind chooses the transactions whose value counts, as
	// [segmentation.Options.Kind]: zero takes the one kind the input has —
	// revenue for customers, [account.TransactionCost] for internal
	// customers, whose value is their cost as elsewhere in the module —
	// and two kinds are an error wrapping [segmentation.ErrMixedKinds].
	Kind account.TransactionKind
}

// A SummaryBuilder makes summaries from transactions in one pass, through
// segmentation's streaming aggregation: each transaction updates its
// account's aggregate (first and last instant, distinct periods, exact
// net value, first period's value) and nothing else is kept. Builders are
// mergeable: building A ∪ B gives what merging the builders of A and B
// gives ([SummaryBuilder.Merge]), so a stream can be split and built in
// parallel. A store that aggregates where the data is (a
// [segmentation.PartialStore]) feeds a builder with [SummaryBuilder.AddPartials].
//
// The rule for refunds and zero amounts: every counted transaction makes
// its period a purchase period, whatever its amount (a refund is a
// contact with the account, and the models count contacts); amounts net
// within the account. The mean repeat value is (total − first period's
// value)/x, exact, rounded once to the currency's minor unit with halves
// to even; when it is not more than zero (refunds outweigh the repeat
// purchases) the summary's MeanValue is the zero Money, "not known", and
// the spend model uses the population mean for the account.
//
// A SummaryBuilder is not safe for concurrent use.
type SummaryBuilder struct {
	o         SummaryOptions
	end, hold int64 // CalibrationEnd, HoldoutEnd in Unix ns
	cal, ho   *segmentation.Aggregator
}

// NewSummaryBuilder returns an empty builder. The error, an
// [*account.FieldError] (Record "SummaryOptions") wrapping [ErrInvalid],
// names a missing unit, a missing or out-of-range CalibrationEnd, or a
// HoldoutEnd not after CalibrationEnd or more than [MaxAge] after it.
func NewSummaryBuilder(o SummaryOptions) (*SummaryBuilder, error) {
	bad := func(field string, value any, reason string) error {
		return &account.FieldError{Record: "SummaryOptions", Field: field, Value: value, Reason: reason, Err: ErrInvalid}
	}
	switch {
	case !unitNames.Valid(o.Unit):
		return nil, bad("Unit", o.Unit, "must be day or week")
	case o.CalibrationEnd.IsZero() || o.CalibrationEnd.Year() < 1678 || o.CalibrationEnd.Year() > 2261:
		return nil, bad("CalibrationEnd", o.CalibrationEnd, "must be set, in the years 1678 to 2261")
	case !o.HoldoutEnd.IsZero() && !o.HoldoutEnd.After(o.CalibrationEnd):
		return nil, bad("HoldoutEnd", o.HoldoutEnd, "must be after CalibrationEnd")
	case !o.HoldoutEnd.IsZero() && o.HoldoutEnd.Sub(o.CalibrationEnd) > MaxAge:
		return nil, bad("HoldoutEnd", o.HoldoutEnd, "must be at most 200 years after CalibrationEnd")
	}
	cal, ho := o.aggOptions()
	b := &SummaryBuilder{o: o, end: o.CalibrationEnd.UnixNano(), hold: o.CalibrationEnd.UnixNano()}
	var err error
	if b.cal, err = segmentation.NewAggregator(cal); err != nil {
		return nil, err
	}
	if !o.HoldoutEnd.IsZero() {
		b.hold = o.HoldoutEnd.UnixNano()
		if b.ho, err = segmentation.NewAggregator(ho); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// aggOptions returns the aggregation options of the calibration and the
// holdout periods.
func (o SummaryOptions) aggOptions() (cal, hold segmentation.Options) {
	f := segmentation.FrequencyDistinctDays
	if o.Unit == UnitWeek {
		f = segmentation.FrequencyDistinctWeeks
	}
	cal = segmentation.Options{AsOf: o.CalibrationEnd, Location: o.Location, Kind: o.Kind, Frequency: f}
	hold = cal
	hold.AsOf, hold.Since = o.HoldoutEnd, o.CalibrationEnd.Add(1)
	return cal, hold
}

// Options returns the options of the builder, and the segmentation
// Options of its calibration and holdout aggregations: those to ask a
// [segmentation.PartialStore] for (the holdout's are the zero Options when
// there is no holdout).
func (b *SummaryBuilder) Options() (o SummaryOptions, calibration, holdout segmentation.Options) {
	cal, hold := b.o.aggOptions()
	if b.ho == nil {
		hold = segmentation.Options{}
	}
	return b.o, cal, hold
}

// Add adds one transaction: to the calibration period if it is at or before
// CalibrationEnd, to the holdout if it is in (CalibrationEnd, HoldoutEnd];
// a later transaction is left out. The errors are those of
// [segmentation.Aggregator.Add] (an invalid transaction, an account in two
// currencies, two kinds), wrapped with [ErrInvalid]; on error b is
// unchanged.
func (b *SummaryBuilder) Add(tx account.Transaction) error {
	ns := tx.At.UnixNano()
	a := b.cal
	if ns > b.end && b.ho != nil && ns <= b.hold && !tx.At.IsZero() {
		a = b.ho
	}
	if err := a.Add(tx); err != nil {
		return fmt.Errorf("clv: %w: %w", ErrInvalid, err)
	}
	return nil
}

// Merge adds o's transactions into b; o is not changed. The builders must
// have equal options; the errors are those of
// [segmentation.Aggregator.Merge], wrapped with [ErrInvalid].
func (b *SummaryBuilder) Merge(o *SummaryBuilder) error {
	if b == o {
		return &account.FieldError{Record: "SummaryBuilder", Reason: "cannot be merged into itself", Err: ErrInvalid}
	}
	if b.o.Unit != o.o.Unit || !b.o.CalibrationEnd.Equal(o.o.CalibrationEnd) || !b.o.HoldoutEnd.Equal(o.o.HoldoutEnd) ||
		b.o.Location.String() != o.o.Location.String() || b.o.Kind != o.o.Kind {
		return fmt.Errorf("clv: %w: %w", ErrInvalid, segmentation.ErrOptionsDiffer)
	}
	if err := b.cal.Merge(o.cal); err != nil {
		return fmt.Errorf("clv: %w: %w", ErrInvalid, err)
	}
	if b.ho != nil {
		if err := b.ho.Merge(o.ho); err != nil {
			return fmt.Errorf("clv: %w: %w", ErrInvalid, err)
		}
	}
	return nil
}

// AddPartials adds a store's aggregates: calibration, the Partials of the
// calibration Options that [SummaryBuilder.Options] returns, and holdout
// those of its holdout Options (nil when there is no holdout). A store's
// error is returned as it is (one wrapping [errors.ErrUnsupported] says
// that the store cannot push the aggregation down: read its transactions
// instead); a Partial the aggregation refuses is wrapped with
// [ErrInvalid]. On error b holds part of the aggregates: discard it.
func (b *SummaryBuilder) AddPartials(calibration, holdout iter.Seq2[segmentation.Partial, error]) error {
	add := func(a *segmentation.Aggregator, seq iter.Seq2[segmentation.Partial, error]) error {
		for p, err := range seq {
			if err != nil {
				return err
			}
			if err := a.AddPartial(p); err != nil {
				return fmt.Errorf("clv: %w: %w", ErrInvalid, err)
			}
		}
		return nil
	}
	if err := add(b.cal, calibration); err != nil {
		return err
	}
	if b.ho != nil && holdout != nil {
		return add(b.ho, holdout)
	}
	return nil
}

// BuildSummaries reads every transaction of seq into a new
// [SummaryBuilder] and returns its summaries. It stops at the first error,
// seq's (returned as it is) or the builder's.
func BuildSummaries(seq iter.Seq2[account.Transaction, error], o SummaryOptions) ([]Summary, error) {
	b, err := NewSummaryBuilder(o)
	if err != nil {
		return nil, err
	}
	for tx, err := range seq {
		if err != nil {
			return nil, err
		}
		if err := b.Add(tx); err != nil {
			return nil, err
		}
	}
	return b.Summaries()
}

// BuildSummariesSlice is [BuildSummaries] over a slice already in memory:
// each period's aggregation is split over the processors and merged
// ([segmentation.AggregateSlice]); the result is the same.
func BuildSummariesSlice(txs []account.Transaction, o SummaryOptions) ([]Summary, error) {
	b, err := NewSummaryBuilder(o)
	if err != nil {
		return nil, err
	}
	_, co, ho := b.Options()
	if b.cal, err = segmentation.AggregateSlice(txs, co); err != nil {
		return nil, fmt.Errorf("clv: %w: %w", ErrInvalid, err)
	}
	if b.ho != nil {
		if b.ho, err = segmentation.AggregateSlice(txs, ho); err != nil {
			return nil, fmt.Errorf("clv: %w: %w", ErrInvalid, err)
		}
	}
	return b.Summaries()
}

// SummariesFromStore builds the summaries by push-down: it asks s for the
// Partials of the calibration and holdout periods and builds from them, so
// that one row per account leaves the store. The errors are those of
// [SummaryBuilder.AddPartials] and [SummaryBuilder.Summaries].
func SummariesFromStore(ctx context.Context, s segmentation.PartialStore, o SummaryOptions) ([]Summary, error) {
	b, err := NewSummaryBuilder(o)
	if err != nil {
		return nil, err
	}
	_, cal, hold := b.Options()
	var hseq iter.Seq2[segmentation.Partial, error]
	if b.ho != nil {
		hseq = s.Partials(ctx, hold)
	}
	if err := b.AddPartials(s.Partials(ctx, cal), hseq); err != nil {
		return nil, err
	}
	return b.Summaries()
}

// Summaries returns one summary for each account with a transaction in the
// calibration period, in ascending ID order: x, the periods with a
// transaction after the first one; t_x, from the first transaction to the
// last; T, from the first transaction to CalibrationEnd; the mean repeat
// value (see [SummaryBuilder] for the rule); and, with a holdout, its
// length and the account's periods with a transaction in it. Accounts
// whose first transaction is in the holdout have no summary.
//
// Errors: an account with more than [MaxRepeats] repeats, or older than
// [MaxAge], is an [*account.FieldError] (Record "Summary") wrapping
// [ErrInvalid]; accounts in different currencies are a
// [*segmentation.CurrencyError] wrapped with [ErrInvalid] (the spend model
// compares the accounts' values).
func (b *SummaryBuilder) Summaries() ([]Summary, error) {
	// The aggregations are read as rows of numbers (internal/aggrows),
	// not as Partials: a summary needs each account's count of periods,
	// not a date for each, and its sums in units of the currency.
	var holdout time.Duration
	var hold func() (aggrows.Row, bool)
	if b.ho != nil {
		holdout = b.o.HoldoutEnd.Sub(b.o.CalibrationEnd)
		next, stop := iter.Pull(aggrows.Of(b.ho))
		defer stop()
		hold = next
	}
	out := make([]Summary, 0, b.cal.Len())
	var hr aggrows.Row
	hok := hold != nil
	if hok {
		hr, hok = hold()
	}
	var cur account.Currency
	var curID account.ID
	for r := range aggrows.Of(b.cal) {
		c, id := r.Currency, account.ID(r.Account)
		if cur == "" {
			cur, curID = c, id
		} else if c != cur {
			ce := &segmentation.CurrencyError{Account: curID, Other: id, Currencies: [2]account.Currency{min(cur, c), max(cur, c)}}
			return nil, fmt.Errorf("clv: %w: %w", ErrInvalid, ce)
		}
		first := time.Unix(0, r.First)
		s := Summary{ID: id, Unit: b.o.Unit, Repeats: int(r.Periods) - 1, Age: b.o.CalibrationEnd.Sub(first), Holdout: holdout}
		if s.Repeats > MaxRepeats {
			return nil, &account.FieldError{Record: "Summary", ID: r.Account, Field: "Repeats", Value: s.Repeats, Reason: "must be at most 1048576", Err: ErrInvalid}
		}
		if s.Age > MaxAge {
			return nil, &account.FieldError{Record: "Summary", ID: r.Account, Field: "Age", Value: s.Age.String(), Reason: "must be at most 200 years", Err: ErrInvalid}
		}
		if s.Repeats > 0 {
			s.Last = time.Unix(0, r.Last).Sub(first)
			m, err := meanRepeat(r, s.Repeats)
			if err != nil {
				return nil, fmt.Errorf("clv: %w: %w", ErrInvalid, err)
			}
			s.MeanValue = m
		}
		for hok && hr.Account < r.Account {
			hr, hok = hold()
		}
		if hok && hr.Account == r.Account {
			if hr.Currency != c {
				return nil, fmt.Errorf("clv: %w: %w", ErrInvalid, &segmentation.CurrencyError{Account: id, Currencies: [2]account.Currency{min(c, hr.Currency), max(c, hr.Currency)}})
			}
			if hr.Periods > MaxRepeats {
				return nil, &account.FieldError{Record: "Summary", ID: r.Account, Field: "HoldoutRepeats", Value: hr.Periods, Reason: "must be at most 1048576", Err: ErrInvalid}
			}
			s.HoldoutRepeats = int(hr.Periods)
		}
		out = append(out, s)
	}
	return out, nil
}

// meanRepeat returns the mean value of an account's n ≥ 1 repeat periods,
// (total − first period's value)/n rounded to the currency's minor unit,
// halves to even; the zero Money when that is not more than zero. It
// works in units of the currency when the sums are held in them, and
// with decimals ([meanOf]) otherwise.
func meanRepeat(r aggrows.Row, n int) (account.Money, error) {
	places := r.Currency.MinorUnits()
	var mean decimal.Decimal
	if rep := r.Sum - r.FirstSum; !r.Exact && places == int(r.Scale) && (rep^r.Sum)&(r.Sum^r.FirstSum) >= 0 {
		q := meanUnits(rep, int64(n))
		if q <= 0 {
			return account.Money{}, nil
		}
		mean = decimal.New(q, -r.Scale)
	} else {
		total, first := r.Total, r.FirstTotal
		if !r.Exact {
			total, first = decimal.New(r.Sum, -r.Scale), decimal.New(r.FirstSum, -r.Scale)
		}
		rep := total.Sub(first)
		if rep.Sign() <= 0 {
			return account.Money{}, nil
		}
		if mean = meanOf(rep, n, places); mean.IsZero() {
			return account.Money{}, nil
		}
	}
	return account.NewMoney(mean, r.Currency)
}

// meanUnits returns v/n rounded to a whole number, halves to even, for
// n ≥ 1 (and n < 2^62, so that twice a remainder fits).
func meanUnits(v, n int64) int64 {
	q, r := v/n, v%n
	if r < 0 { // Go truncates towards zero: make r ≥ 0
		q, r = q-1, r+n
	}
	if d := 2 * r; d > n || d == n && q&1 == 1 {
		q++
	}
	return q
}

// meanOf returns v/n rounded exactly to places decimal places (16 when the
// currency has no minor unit), halves to even.
func meanOf(v decimal.Decimal, n int, places int) decimal.Decimal {
	if places < 0 {
		places = 16
	}
	p := int32(places)
	dn := decimal.NewFromInt(int64(n))
	q, r := v.QuoRem(dn, p) // v = q·n + r, 0 ≤ r < n·10^−p for v > 0
	ulp := decimal.New(1, -p)
	switch c := r.Add(r).Cmp(dn.Mul(ulp)); {
	case c > 0, c == 0 && q.Shift(p).BigInt().Bit(0) == 1:
		q = q.Add(ulp)
	}
	return q
}
