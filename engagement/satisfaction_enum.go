package engagement

import "github.com/keyaccount/keyaccount/internal/enum"

// Weighting says how much each response counts in a satisfaction figure.
// The zero Weighting is [WeightingResponse].
type Weighting uint8

// The weightings. See "Weighting" in the package documentation for how
// each sets a figure and its interval.
const (
	// WeightingResponse gives every response one vote.
	WeightingResponse Weighting = iota
	// WeightingAccount gives every account one vote, shared equally among
	// its responses, so that a large account's 200 responses do not drown
	// fifty small accounts.
	WeightingAccount
	// WeightingValue gives every account a vote in proportion to its value
	// (SatisfactionOptions.Values), shared equally among its responses.
	WeightingValue
)

var weightingNames = enum.New("Weighting", map[Weighting]string{
	WeightingResponse: "response",
	WeightingAccount:  "account",
	WeightingValue:    "value",
})

// String returns "response", "account" or "value".
func (w Weighting) String() string { return weightingNames.String(w) }

// MarshalText returns the weighting's name; an unknown value is an error.
func (w Weighting) MarshalText() ([]byte, error) { return weightingNames.MarshalText(w, ErrInvalid) }

// UnmarshalText parses a name written by [Weighting.MarshalText].
func (w *Weighting) UnmarshalText(text []byte) error {
	v, err := weightingNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*w = v
	}
	return err
}

// Trend is what the 95% intervals of two figures say about the move from
// one to the other; see [Compare] for the rule. The zero Trend is
// [TrendUnknown].
type Trend uint8

// The trends.
const (
	TrendUnknown Trend = iota // a figure has no responses: nothing to compare
	TrendNoise                // the change is within noise: neither up, down nor flat
	TrendUp                   // the figure rose beyond noise
	TrendDown                 // the figure fell beyond noise
	TrendFlat                 // the figure held: any change is within the margin
)

var trendNames = enum.New("Trend", map[Trend]string{
	TrendUnknown: "unknown",
	TrendNoise:   "within noise",
	TrendUp:      "up",
	TrendDown:    "down",
	TrendFlat:    "flat",
})

// String returns "unknown", "within noise", "up", "down" or "flat".
func (t Trend) String() string { return trendNames.String(t) }

// MarshalText returns the trend's name; an unknown value is an error.
func (t Trend) MarshalText() ([]byte, error) { return trendNames.MarshalText(t, ErrInvalid) }

// UnmarshalText parses a name written by [Trend.MarshalText].
func (t *Trend) UnmarshalText(text []byte) error {
	v, err := trendNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*t = v
	}
	return err
}
