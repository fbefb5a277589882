package tiering

import "github.com/keyaccount/keyaccount/internal/enum"

// Trend is the direction of an account's score between two scorings. The
// zero Trend is [TrendFlat].
type Trend int8

// The trends.
const (
	TrendDown Trend = -1 // the score fell by more than the deadband
	TrendFlat Trend = 0  // the score moved by no more than the deadband
	TrendUp   Trend = 1  // the score rose by more than the deadband
)

// String returns "down", "flat" or "up", or "%!Trend(9)" for an unknown
// value.
func (t Trend) String() string { return trendNames.String(t) }

// MarshalText returns the Trend's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (t Trend) MarshalText() ([]byte, error) { return trendNames.MarshalText(t, ErrInvalid) }

// UnmarshalText parses a name written by [Trend.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (t *Trend) UnmarshalText(text []byte) error {
	v, err := trendNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*t = v
	}
	return err
}

var trendNames = enum.New("Trend", map[Trend]string{
	TrendDown: "down",
	TrendFlat: "flat",
	TrendUp:   "up",
})

// TrendOf returns the trend from the score before to the score after: TrendFlat
// when they differ by no more than deadband (a negative deadband counts as
// 0), TrendUp or TrendDown otherwise. Pass the totals of the same account from two
// scorings, say [Scores.Total] of last quarter's and this quarter's.
func TrendOf(before, after, deadband Points) Trend {
	d := int64(after) - int64(before)
	b := max(int64(deadband), 0)
	switch {
	case d > b:
		return TrendUp
	case d < -b:
		return TrendDown
	}
	return TrendFlat
}
