package tiering

import "github.com/keyaccount/keyaccount/internal/enum"

// Trend is the direction of an account's score between two scorings. The
// zero Trend is [Flat].
type Trend int8

// The trends.
const (
	Down Trend = -1 // the score fell by more than the deadband
	Flat Trend = 0  // the score moved by no more than the deadband
	Up   Trend = 1  // the score rose by more than the deadband
)

// String returns "down", "flat" or "up", or "%!Trend(9)" for an unknown
// value.
func (t Trend) String() string { return trendNames.String(t) }

var trendNames = enum.New("Trend", map[Trend]string{
	Down: "down",
	Flat: "flat",
	Up:   "up",
})

// TrendOf returns the trend from the score before to the score after: Flat
// when they differ by no more than deadband (a negative deadband counts as
// 0), Up or Down otherwise. Pass the totals of the same account from two
// scorings, say [Scores.Total] of last quarter's and this quarter's.
func TrendOf(before, after, deadband Points) Trend {
	d := int64(after) - int64(before)
	b := max(int64(deadband), 0)
	switch {
	case d > b:
		return Up
	case d < -b:
		return Down
	}
	return Flat
}
