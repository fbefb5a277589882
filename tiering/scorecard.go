package tiering

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// A Scorecard scores accounts on a list of weighted measures. When selects
// the accounts it applies to; see [Score] for how several scorecards share
// a portfolio.
//
// The zero Scorecard is not valid: it has no name and no measures.
type Scorecard struct {
	Name     string    // identifies the scorecard in explanations and fingerprints; required, unique
	When     Selector  // the accounts it applies to; the zero Selector selects all
	Measures []Measure // what it scores; at least one, with names unique within the scorecard
}

// A Selector picks the accounts a scorecard applies to. The zero Selector
// matches every account; each field that is set narrows it.
type Selector struct {
	// Audience selects internal customers (AudienceInternal), external ones
	// (AudienceExternal), or both (AudienceAll, the zero value), by the
	// account's Internal flag.
	Audience account.Audience

	// Segments, if not empty, selects only accounts whose Segment is one of
	// these labels.
	Segments []string
}

// Match reports whether s selects a.
func (s Selector) Match(a account.Account) bool {
	return s.Audience.Serves(a.Internal) && (len(s.Segments) == 0 || slices.Contains(s.Segments, a.Segment))
}

// all reports whether s selects every account.
func (s Selector) all() bool { return s.Audience == account.AudienceAll && len(s.Segments) == 0 }

// A Measure is one weighted line of a scorecard: where a raw value comes
// from, which way is better, how it is normalised to [0, 1], and what to do
// when an account has no value.
//
// The zero Measure is not valid: it has no name and no source.
type Measure struct {
	Name string // names the measure in explanations and errors; required

	// Weight is the measure's share of the score, relative to the other
	// measures' weights: weights 30, 20 and 50 give 30%, 20% and 50%. It
	// must be finite and not negative, and a scorecard's weights must not
	// all be zero. A zero weight makes a measure informational.
	Weight float64

	Source        Source        // where the raw value comes from; required
	Direction     Direction     // whether a higher raw value is better
	Normalisation Normalisation // how raw values become values in [0, 1]

	// Clip is the number of standard deviations at which [NormalisationZScore] clips;
	// 0 means 3. It must be 0 for the other normalisations.
	Clip float64

	// Bands maps ranges of raw values to normalised values, for [NormalisationBanded]
	// measures only. See [Band].
	Bands []Band

	Missing MissingPolicy // what an account without a value gets
}

// A Source is where a measure's raw value comes from: a named account
// attribute ([Attribute]) or a function over the account ([Func]). The
// zero Source is not valid.
type Source struct {
	attr string
	name string
	fn   func(account.Account) (float64, bool)
}

// Attribute returns the Source that reads the named entry of an account's
// Attributes, exactly as a decimal converted to the nearest float64. An
// account without the entry has a missing value.
func Attribute(name string) Source { return Source{attr: name} }

// Func returns the Source that calls f for each account. f returns the raw
// value and whether the account has one; a NaN or infinite value is an
// error. f must be a pure function of the account (it may read data the
// caller captured, such as revenue by account), safe for concurrent use:
// [Score] calls it from several goroutines, and [Scores.Explain] calls it
// again to show the raw value.
//
// name identifies the function in explanations and in [FingerprintOf], which
// cannot see inside a function: give it a new name (say "revenue-12m/v2")
// when its meaning changes.
func Func(name string, f func(account.Account) (float64, bool)) Source {
	return Source{name: name, fn: f}
}

// String returns `attribute "employees"` or `func "revenue-12m"`.
func (s Source) String() string {
	switch {
	case s.fn != nil || s.name != "":
		return "func " + strconv.Quote(s.name)
	case s.attr != "":
		return "attribute " + strconv.Quote(s.attr)
	}
	return "no source"
}

// value returns a's raw value, whether it has one, and a reason if the
// value is unusable.
func (s Source) value(a *account.Account) (float64, bool, string) {
	if s.fn != nil {
		v, ok := s.fn(*a)
		if !ok {
			return 0, false, ""
		}
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return v, true, "raw value is NaN or infinite"
		}
		return v + 0, true, "" // + 0 turns -0 into 0
	}
	d, ok := a.Attributes[s.attr]
	if !ok {
		return 0, false, ""
	}
	v, _ := d.Float64()
	if math.IsInf(v, 0) {
		return v, true, "raw value " + d.String() + " is outside the range of float64"
	}
	return v + 0, true, ""
}

// Direction says whether a higher raw value is better or worse. The zero
// Direction is [DirectionHigherIsBetter].
type Direction uint8

// The directions.
const (
	DirectionHigherIsBetter Direction = iota // more is better: revenue, potential
	DirectionLowerIsBetter                   // less is better: cost to serve, open complaints
)

var directionNames = enum.New("Direction", map[Direction]string{
	DirectionHigherIsBetter: "higher is better",
	DirectionLowerIsBetter:  "lower is better",
})

// String returns "higher is better" or "lower is better", or
// "%!Direction(9)" for an unknown value.
func (d Direction) String() string { return directionNames.String(d) }

// MarshalText returns the Direction's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (d Direction) MarshalText() ([]byte, error) { return directionNames.MarshalText(d, ErrInvalid) }

// UnmarshalText parses a name written by [Direction.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (d *Direction) UnmarshalText(text []byte) error {
	v, err := directionNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*d = v
	}
	return err
}

// Normalisation is how raw values become normalised values in [0, 1],
// where 1 is best. All but [NormalisationBanded] are relative to the portfolio: the
// accounts the scorecard scores that have a value. The zero Normalisation
// is [NormalisationMinMax].
type Normalisation uint8

// The normalisations. Where the portfolio has no spread (one value, or all
// values equal) the relative ones give every account 0.5.
const (
	// NormalisationMinMax maps the smallest value to 0 and the largest to 1, linearly.
	NormalisationMinMax Normalisation = iota

	// NormalisationPercentileRank gives the share of the portfolio below the value,
	// counting ties as half below: (below + equal/2) / n. It ignores how
	// far apart values are, so one outlier cannot squash the rest.
	NormalisationPercentileRank

	// NormalisationZScore measures the value in standard deviations from the mean
	// (population standard deviation), clips it at ±Clip and maps
	// [-Clip, +Clip] linearly onto [0, 1]: the mean scores 0.5.
	NormalisationZScore

	// NormalisationLogMinMax is MinMax over ln(1 + value), for skewed quantities such as
	// revenue or head count, where the step from 10 to 100 matters as much
	// as the step from 100 to 1000. Raw values must not be negative.
	NormalisationLogMinMax

	// NormalisationBanded maps each raw value to the value of the [Band] it falls in.
	// It is the only normalisation that does not depend on the portfolio.
	NormalisationBanded
)

var normalisationNames = enum.New("Normalisation", map[Normalisation]string{
	NormalisationMinMax:         "min-max",
	NormalisationPercentileRank: "percentile rank",
	NormalisationZScore:         "z-score",
	NormalisationLogMinMax:      "log min-max",
	NormalisationBanded:         "bands",
})

// String returns the normalisation's name, such as "percentile rank", or
// "%!Normalisation(9)" for an unknown value.
func (n Normalisation) String() string { return normalisationNames.String(n) }

// MarshalText returns the Normalisation's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (n Normalisation) MarshalText() ([]byte, error) {
	return normalisationNames.MarshalText(n, ErrInvalid)
}

// UnmarshalText parses a name written by [Normalisation.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (n *Normalisation) UnmarshalText(text []byte) error {
	v, err := normalisationNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*n = v
	}
	return err
}

// A Band maps the raw values from Lo to Hi to a normalised Value in [0, 1].
//
// Each edge is closed (the edge value is in the band) unless marked open:
// the zero Band is the closed range [0, 0] with Value 0. Use math.Inf(-1)
// and math.Inf(1) for a band without a lower or upper limit.
//
// A measure's bands must be listed in ascending order with neither gaps nor
// overlaps between them: where one band ends at 10, the next starts at 10,
// and exactly one of the two includes 10. Their values must not decrease
// from band to band for a [DirectionHigherIsBetter] measure, nor increase for a
// [DirectionLowerIsBetter] one, so that a better raw value never scores less. A raw
// value outside every band is an error wrapping [ErrBadValue].
type Band struct {
	Lo, Hi         float64 // the band's edges, Lo ≤ Hi; infinite for no limit
	LoOpen, HiOpen bool    // whether Lo and Hi themselves are excluded
	Value          float64 // the normalised value of the raw values in the band, in [0, 1]
}

// contains reports whether x is in b.
func (b Band) contains(x float64) bool {
	return (x > b.Lo || (x == b.Lo && !b.LoOpen)) && (x < b.Hi || (x == b.Hi && !b.HiOpen))
}

// String returns the band in interval notation, such as "[0, 10) → 0.5".
func (b Band) String() string {
	lo, hi := "[", "]"
	if b.LoOpen {
		lo = "("
	}
	if b.HiOpen {
		hi = ")"
	}
	return lo + formatFloat(b.Lo) + ", " + formatFloat(b.Hi) + hi + " → " + formatFloat(b.Value)
}

// bandOf returns the index of the band of bands (valid and ascending) that
// holds x, or -1.
func bandOf(bands []Band, x float64) int {
	// The first band that does not end below x.
	i, _ := slices.BinarySearchFunc(bands, x, func(b Band, x float64) int {
		if b.Hi < x || (b.Hi == x && b.HiOpen) {
			return -1
		}
		return 1
	})
	if i < len(bands) && bands[i].contains(x) {
		return i
	}
	return -1
}

// MissingPolicy says what happens when an account has no value for a
// measure. The zero MissingPolicy is [MissingFail].
type MissingPolicy uint8

// The missing-value policies.
const (
	// MissingFail makes a missing value an error wrapping ErrMissingValue.
	MissingFail MissingPolicy = iota

	// MissingWorst scores a missing value as the worst: normalised 0, with
	// the measure's full weight.
	MissingWorst

	// MissingMedian uses the median raw value of the accounts that have
	// one, normalised as any other value.
	MissingMedian

	// MissingDrop leaves the measure out of this account's score and shares
	// its weight among the account's other measures in proportion to their
	// weights.
	MissingDrop
)

var missingPolicyNames = enum.New("MissingPolicy", map[MissingPolicy]string{
	MissingFail:   "fail",
	MissingWorst:  "worst",
	MissingMedian: "median",
	MissingDrop:   "drop",
})

// String returns "fail", "worst", "median" or "drop", or
// "%!MissingPolicy(9)" for an unknown value.
func (p MissingPolicy) String() string { return missingPolicyNames.String(p) }

// MarshalText returns the MissingPolicy's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (p MissingPolicy) MarshalText() ([]byte, error) {
	return missingPolicyNames.MarshalText(p, ErrInvalid)
}

// UnmarshalText parses a name written by [MissingPolicy.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (p *MissingPolicy) UnmarshalText(text []byte) error {
	v, err := missingPolicyNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*p = v
	}
	return err
}

// formatFloat formats f in the shortest form that reads back exactly.
func formatFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// Validate reports every problem with c, or nil: the checks [Score] runs
// on each scorecard, without the data. Use it to check a configuration
// when it is loaded. Each problem is an [*account.FieldError] (Record
// "Scorecard", ID the scorecard's name, Field the path within it, such as
// "Measures[2].Weight") wrapping [ErrInvalid]; several are joined, at most
// [fault.MaxErrors] of them.
func (c Scorecard) Validate() error { return validateCards([]Scorecard{c}) }

// validateCards checks the scorecards given to [Score], as described there.
func validateCards(cards []Scorecard) error {
	var c fieldErrors
	score := where{record: "Score"}
	if len(cards) == 0 {
		c.add(score, "cards", nil, "at least one scorecard is needed")
	}
	if len(cards) > math.MaxUint8 {
		c.add(score, "cards", len(cards), "at most 255 scorecards are allowed")
	}
	names := make(map[string]int, min(len(cards), 256)) // the first scorecard of each name
	all := -1                                           // the first scorecard that selects every account
	for i, card := range cards {
		w := where{record: "Scorecard", id: card.Name}
		if card.Name == "" {
			w = score.at("cards[" + strconv.Itoa(i) + "]")
		}
		if r := nameReason(card.Name); r != "" {
			c.add(w, "Name", card.Name, r)
		}
		if j, dup := names[card.Name]; dup && card.Name != "" {
			c.add(w, "Name", card.Name, "is used by cards["+strconv.Itoa(j)+"] too")
		} else if !dup {
			names[card.Name] = i
		}
		if all >= 0 {
			c.add(w, "When", nil, "is unreachable: "+fault.Quote(cards[all].Name)+" before it selects every account")
		} else if card.When.all() {
			all = i
		}
		validateSelector(&c, w.at("When"), card.When)
		validateMeasures(&c, w, card.Measures)
	}
	return c.err()
}

func validateSelector(c *fieldErrors, w where, s Selector) {
	switch s.Audience {
	case account.AudienceAll, account.AudienceExternal, account.AudienceInternal:
	default:
		c.add(w, "Audience", int(s.Audience), "is not a known Audience")
	}
	seen := make(map[string]bool, len(s.Segments))
	for i, seg := range s.Segments {
		if seen[seg] {
			c.add(w, "Segments["+strconv.Itoa(i)+"]", seg, "is listed twice")
		}
		seen[seg] = true
	}
}

func validateMeasures(c *fieldErrors, w where, ms []Measure) {
	if len(ms) == 0 {
		c.add(w, "Measures", nil, "at least one measure is needed")
		return
	}
	if len(ms) > 64 {
		c.add(w, "Measures", len(ms), "at most 64 measures are allowed")
	}
	positive := false
	names := make(map[string]int, min(len(ms), 64)) // the first measure of each name
	for i, m := range ms {
		mw := w.at("Measures[" + strconv.Itoa(i) + "]")
		if r := nameReason(m.Name); r != "" {
			c.add(mw, "Name", m.Name, r)
		}
		if j, dup := names[m.Name]; dup && m.Name != "" {
			c.add(mw, "Name", m.Name, "is used by Measures["+strconv.Itoa(j)+"] too")
		} else if !dup {
			names[m.Name] = i
		}
		switch {
		case math.IsNaN(m.Weight) || math.IsInf(m.Weight, 0):
			c.add(mw, "Weight", m.Weight, "must be finite")
		case m.Weight < 0:
			c.add(mw, "Weight", m.Weight, "must not be negative")
		case m.Weight > 0:
			positive = true
		}
		switch {
		case m.Source.fn != nil:
			if r := nameReason(m.Source.name); r != "" {
				c.add(mw, "Source", m.Source.name, "func name "+r)
			}
		case m.Source.name != "":
			c.add(mw, "Source", m.Source.name, "func is nil")
		case m.Source.attr != "":
			if r := nameReason(m.Source.attr); r != "" {
				c.add(mw, "Source", m.Source.attr, "attribute name "+r)
			}
		default:
			c.add(mw, "Source", nil, "is missing: use Attribute or Func")
		}
		if !directionNames.Valid(m.Direction) {
			c.add(mw, "Direction", int(m.Direction), "is not a known Direction")
		}
		if !missingPolicyNames.Valid(m.Missing) {
			c.add(mw, "Missing", int(m.Missing), "is not a known MissingPolicy")
		}
		switch {
		case !normalisationNames.Valid(m.Normalisation):
			c.add(mw, "Normalisation", int(m.Normalisation), "is not a known Normalisation")
		case m.Normalisation == NormalisationZScore:
			if math.IsNaN(m.Clip) || m.Clip < 0 || m.Clip > 1000 {
				c.add(mw, "Clip", m.Clip, "must be a number of standard deviations up to 1000, or 0 for 3")
			}
		case m.Clip != 0:
			c.add(mw, "Clip", m.Clip, "applies to NormalisationZScore only")
		}
		if m.Normalisation == NormalisationBanded {
			validateBands(c, mw, m.Bands, m.Direction)
		} else if len(m.Bands) > 0 {
			c.add(mw, "Bands", len(m.Bands), "apply to Banded only")
		}
	}
	sum := 0.0
	for _, m := range ms {
		if m.Weight > 0 && !math.IsInf(m.Weight, 0) {
			sum += m.Weight
		}
	}
	switch {
	case !positive:
		c.add(w, "Measures", nil, "weights are all zero: at least one must be positive")
	case math.IsInf(sum, 0):
		c.add(w, "Measures", nil, "weights add up to more than a float64 holds")
	}
}

// ValidateBands reports whether bands form a valid band table for a
// measure with direction d, as described at [Band]: every problem as an
// [*account.FieldError] (with no Record, and Field such as "Bands[2]")
// wrapping [ErrInvalid], joined, or nil. [Score] runs the same checks on
// every [NormalisationBanded] measure; ValidateBands lets an application check a table
// it reads from outside before building a scorecard.
func ValidateBands(bands []Band, d Direction) error {
	var c fieldErrors
	validateBands(&c, where{}, bands, d)
	return c.err()
}

func validateBands(c *fieldErrors, w where, bands []Band, d Direction) {
	if len(bands) == 0 {
		c.add(w, "Bands", nil, "at least one band is needed")
		return
	}
	for i, b := range bands {
		f := "Bands[" + strconv.Itoa(i) + "]"
		bad := false
		switch {
		case math.IsNaN(b.Lo) || math.IsNaN(b.Hi):
			c.add(w, f, b, "edges must be numbers, not NaN")
			bad = true
		case b.Lo > b.Hi:
			c.add(w, f, b, "Lo must not be above Hi")
			bad = true
		case b.Lo == b.Hi && (b.LoOpen || b.HiOpen):
			c.add(w, f, b, "is empty: a band from a value to itself must include it")
			bad = true
		}
		if math.IsNaN(b.Value) || b.Value < 0 || b.Value > 1 {
			c.add(w, f+".Value", b.Value, "must be from 0 to 1")
		}
		if i == 0 || bad {
			continue
		}
		p := bands[i-1]
		if math.IsNaN(p.Lo) || math.IsNaN(p.Hi) || p.Lo > p.Hi {
			continue
		}
		pf := "Bands[" + strconv.Itoa(i-1) + "]"
		switch {
		case b.Lo < p.Hi:
			c.add(w, f, b, "overlaps "+pf+" "+p.String()+", or is out of order: bands must ascend")
		case b.Lo > p.Hi:
			c.add(w, f, b, "leaves a gap after "+pf+" "+p.String())
		case !b.LoOpen && !p.HiOpen:
			c.add(w, f, b, "overlaps "+pf+" "+p.String()+" at "+formatFloat(b.Lo)+": open one of the two edges")
		case b.LoOpen && p.HiOpen:
			c.add(w, f, b, "leaves a gap after "+pf+" "+p.String()+" at "+formatFloat(b.Lo)+": close one of the two edges")
		}
		if d == DirectionHigherIsBetter && b.Value < p.Value {
			c.add(w, f+".Value", b.Value, "is below the value of "+pf+": for a higher-is-better measure band values must not decrease")
		}
		if d == DirectionLowerIsBetter && b.Value > p.Value {
			c.add(w, f+".Value", b.Value, "is above the value of "+pf+": for a lower-is-better measure band values must not increase")
		}
	}
}

// nameReason returns why s is not a usable name, or "".
func nameReason(s string) string {
	switch {
	case s == "":
		return "is missing"
	case strings.TrimSpace(s) != s:
		return "must not have surrounding space"
	}
	return ""
}
