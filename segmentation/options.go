package segmentation

import (
	"math"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/internal/enum"
)

// Options say how transactions become per-account RFM metrics.
//
// The zero Options is usable: it analyses as of the day after the latest
// transaction, with no look-back window, days counted in UTC,
// transactions of whichever one kind the input has, frequency as a count of transactions, monetary
// value as the exact net sum, and transactions after AsOf left out and
// counted in [Excluded].
type Options struct {
	// AsOf is the analysis instant. Recency is counted from its date.
	//
	// Zero means the start (midnight, in Location) of the day after the
	// latest counted transaction's date, as when the data is an extract
	// that ends "now"; it is resolved by [Score], and then no transaction is
	// ever after it. Set AsOf whenever the analysis date is known: it is
	// the only way to exclude later transactions.
	AsOf time.Time

	// Since, if set, starts the look-back window: transactions before it
	// are left out (and counted in [Excluded.BeforeSince]). The window is
	// [Since, AsOf], both ends included.
	Since time.Time

	// Location is the time zone in which instants become dates, for
	// recency and for distinct days or periods. Nil means UTC.
	Location *time.Location

	// Kind chooses revenue or cost; transactions of the other kind are left
	// out and counted in [Excluded.OtherKind]. Zero takes the one kind the
	// input has, whichever it is: a second kind is an error wrapping
	// [ErrMixedKinds], never a sum of revenue and cost.
	Kind account.TransactionKind

	// Frequency says what F counts: transactions (the zero value), or
	// distinct days or calendar periods with at least one transaction.
	// Distinct days or periods cost memory for each distinct (account,
	// period) pair, not only for each account.
	Frequency FrequencyBasis

	// Monetary says what M is: the exact net sum (the zero value), or the
	// mean per transaction.
	Monetary MonetaryBasis

	// RejectFuture makes a transaction after AsOf an error wrapping
	// [ErrFuture], instead of being left out and counted.
	RejectFuture bool
}

// FrequencyBasis says what the F of RFM counts. The zero value, [FrequencyTransactions],
// counts transactions.
type FrequencyBasis uint8

// The frequency bases.
const (
	FrequencyTransactions     FrequencyBasis = iota // every transaction counts once
	FrequencyDistinctDays                           // days with at least one transaction
	FrequencyDistinctWeeks                          // ISO weeks (Monday to Sunday) with at least one transaction
	FrequencyDistinctMonths                         // calendar months with at least one transaction
	FrequencyDistinctQuarters                       // calendar quarters with at least one transaction
	FrequencyDistinctYears                          // calendar years with at least one transaction
)

var frequencyNames = enum.New("FrequencyBasis", map[FrequencyBasis]string{
	FrequencyTransactions:     "transactions",
	FrequencyDistinctDays:     "distinct days",
	FrequencyDistinctWeeks:    "distinct weeks",
	FrequencyDistinctMonths:   "distinct months",
	FrequencyDistinctQuarters: "distinct quarters",
	FrequencyDistinctYears:    "distinct years",
})

// String returns a name such as "distinct days".
func (f FrequencyBasis) String() string { return frequencyNames.String(f) }

// MarshalText returns the FrequencyBasis's name, as String does; an unknown value is
// an error wrapping [ErrInvalid].
func (f FrequencyBasis) MarshalText() ([]byte, error) {
	return frequencyNames.MarshalText(f, ErrInvalid)
}

// UnmarshalText parses a name written by [FrequencyBasis.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (f *FrequencyBasis) UnmarshalText(text []byte) error {
	v, err := frequencyNames.UnmarshalText(text, ErrInvalid)
	if err != nil {
		return err
	}
	*f = v
	return nil
}

// MonetaryBasis says what the M of RFM is. The zero value, [MonetaryTotal], is the exact
// net sum.
type MonetaryBasis uint8

// The monetary bases.
const (
	// MonetaryTotal is the exact sum of the account's amounts, refunds netted.
	MonetaryTotal MonetaryBasis = iota
	// MonetaryMean is [MonetaryTotal] divided by the number of transactions, rounded half
	// away from zero to the currency's minor unit (hundredths for a
	// currency without one, such as XXX), or to the places the sum's value
	// needs if it has more (trailing zeros do not count: a sum of 2.0010
	// needs 3), so that the mean depends only on the amounts' values. Scores
	// rank the rounded value.
	MonetaryMean
)

var monetaryNames = enum.New("MonetaryBasis", map[MonetaryBasis]string{
	MonetaryTotal: "total",
	MonetaryMean:  "mean",
})

// String returns "total" or "mean".
func (m MonetaryBasis) String() string { return monetaryNames.String(m) }

// MarshalText returns the MonetaryBasis's name, as String does; an unknown value is
// an error wrapping [ErrInvalid].
func (m MonetaryBasis) MarshalText() ([]byte, error) { return monetaryNames.MarshalText(m, ErrInvalid) }

// UnmarshalText parses a name written by [MonetaryBasis.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (m *MonetaryBasis) UnmarshalText(text []byte) error {
	v, err := monetaryNames.UnmarshalText(text, ErrInvalid)
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// Instants are held as Unix nanoseconds: this is the range they cover.
var (
	minInstant = time.Unix(0, math.MinInt64+1)
	maxInstant = time.Unix(0, math.MaxInt64)
)

// instantRange is the range of minInstant to maxInstant, for messages.
const instantRange = "1677-09-21T00:12:43.145224193Z to 2262-04-11T23:47:16.854775807Z"

func inInstantRange(t time.Time) bool {
	return !t.Before(minInstant) && !t.After(maxInstant)
}

// Validate reports the first problem with o as an [*account.FieldError]
// (Record "Options", Field the option) wrapping [ErrInvalid], or nil.
func (o Options) Validate() error {
	switch {
	case !o.AsOf.IsZero() && !inInstantRange(o.AsOf):
		return &account.FieldError{Record: "Options", Field: "AsOf", Value: o.AsOf, Reason: "must be from " + instantRange, Err: ErrInvalid}
	case !o.Since.IsZero() && !inInstantRange(o.Since):
		return &account.FieldError{Record: "Options", Field: "Since", Value: o.Since, Reason: "must be from " + instantRange, Err: ErrInvalid}
	case !o.Since.IsZero() && !o.AsOf.IsZero() && o.Since.After(o.AsOf):
		return &account.FieldError{Record: "Options", Field: "Since", Value: o.Since, Reason: "is after AsOf", Err: ErrInvalid}
	case o.Kind != 0 && o.Kind != account.TransactionRevenue && o.Kind != account.TransactionCost:
		return &account.FieldError{Record: "Options", Field: "Kind", Value: int(o.Kind), Reason: "must be 0 (all), revenue or cost", Err: ErrInvalid}
	case o.Frequency > FrequencyDistinctYears:
		return &account.FieldError{Record: "Options", Field: "Frequency", Value: int(o.Frequency), Reason: "is not a known frequency basis", Err: ErrInvalid}
	case o.Monetary > MonetaryMean:
		return &account.FieldError{Record: "Options", Field: "Monetary", Value: int(o.Monetary), Reason: "is not a known monetary basis", Err: ErrInvalid}
	}
	return nil
}

// same reports whether o and p give the same aggregates (for merges).
func (o Options) same(p Options) bool {
	return o.AsOf.Equal(p.AsOf) && o.Since.Equal(p.Since) && o.loc().String() == p.loc().String() &&
		o.Kind == p.Kind && o.Frequency == p.Frequency && o.Monetary == p.Monetary && o.RejectFuture == p.RejectFuture
}

func (o Options) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

const nsPerDay = 86400 * int64(time.Second)

// dayOf returns the civil day number (days since 1970-01-01) of the instant
// ns (Unix nanoseconds) in loc.
func dayOf(ns int64, loc *time.Location) int64 {
	if loc == time.UTC {
		d := ns / nsPerDay
		if ns%nsPerDay < 0 {
			d--
		}
		return d
	}
	y, m, d := time.Unix(0, ns).In(loc).Date()
	return civil.Days(y, int(m), d)
}

// period returns the number of the calendar period of day (a civil day
// number) for a distinct-period frequency.
func (f FrequencyBasis) period(day int64) int64 {
	switch f {
	case FrequencyDistinctDays:
		return day
	case FrequencyDistinctWeeks:
		// 1970-01-01 was a Thursday; weeks start on Monday (ISO 8601).
		w := day + 3
		if w < 0 {
			return (w - 6) / 7
		}
		return w / 7
	}
	y, m, _ := civil.Date(day)
	switch f {
	case FrequencyDistinctMonths:
		return int64(y)*12 + int64(m-1)
	case FrequencyDistinctQuarters:
		return int64(y)*4 + int64(m-1)/3
	default: // DistinctYears
		return int64(y)
	}
}
