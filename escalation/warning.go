package escalation

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// The limits of a [DetectorConfig].
const (
	// MaxWarningSpan is the longest Window and Hold a detector takes:
	// ten years of 366 days.
	MaxWarningSpan = 10 * 366 * 24 * time.Hour

	// WeightDecimals is the most decimal places a weight or an impact
	// threshold may have; impacts are exact to this many places.
	WeightDecimals = 6

	// MaxWeight is the largest weight of a tier, and MaxImpact the
	// largest impact threshold.
	MaxWeight = 1_000_000
	MaxImpact = 1_000_000_000_000
)

// An Occurrence is an issue as the early-warning detector sees it: one
// issue opened on one account, filed under a category, a service or both,
// at an instant. Feed a detector occurrences in order of time.
//
// The zero Occurrence is not valid: it names no issue.
type Occurrence struct {
	Issue    string       // the issue's ID: a valid ID, by the rules of [account.ID.Validate]
	Account  account.ID   // the account the issue was raised for
	Tier     account.Tier // the account's tier when the issue was raised
	Category string       // the issue's category, or "" if it has none
	Service  string       // the service affected, or "" if none is named
	At       time.Time    // when the issue was opened
}

// Dimension is what the detector groups occurrences by: their category or
// their service. An occurrence with both counts in two groups.
//
// The zero Dimension is not a dimension.
type Dimension uint8

// The dimensions, in the order in which a detector considers them.
const (
	DimensionCategory Dimension = iota + 1 // grouped by Occurrence.Category
	DimensionService                       // grouped by Occurrence.Service
)

var dimensionNames = enum.New("Dimension", map[Dimension]string{
	DimensionCategory: "category",
	DimensionService:  "service",
})

// String returns "category" or "service".
func (d Dimension) String() string { return dimensionNames.String(d) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero Dimension is the exception: it is the empty text, unset.
func (d Dimension) MarshalText() ([]byte, error) { return dimensionNames.MarshalText(d, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Dimension.
func (d *Dimension) UnmarshalText(text []byte) error {
	v, err := dimensionNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*d = v
	}
	return err
}

// A Threshold is a level of the two measures of a category's or service's
// window: the distinct accounts with an issue in it, and their
// tier-weighted impact. A zero field is not used.
type Threshold struct {
	// Accounts is a number of distinct accounts.
	Accounts int
	// Impact is a tier-weighted impact: the sum, over the distinct
	// accounts, of the weight of each account's tier. Exact, with at
	// most [WeightDecimals] decimal places.
	Impact decimal.Decimal
}

// A DetectorConfig says when the early-warning detector raises a warning
// and when it clears it. Fill it in and pass it to [NewDetector], which
// validates it.
//
// The detector keeps, for each category and each service, the
// occurrences of the last Window: at instant t, those at or after
// t − Window, less those at exactly t − Window (the window is half-open,
// so an occurrence leaves it Window after it came). A warning is raised
// for the category or service when its window reaches Raise.Accounts
// distinct accounts or a tier-weighted impact of Raise.Impact (whichever
// of the two is set; either, when both are). It clears at the first
// instant at which it has stood for Hold and every measure Raise uses is
// at or below its Clear level. So a window hovering about the raise
// threshold raises one warning, not one per occurrence.
//
// The zero DetectorConfig is not valid: it has no window and no threshold.
type DetectorConfig struct {
	// Window is how long an occurrence counts: more than zero, at most
	// [MaxWarningSpan].
	Window time.Duration

	// Raise is the level that raises a warning: at least one of its
	// fields is set. Accounts is at least 1; Impact is more than zero,
	// at most [MaxImpact], and needs Weights.
	Raise Threshold

	// Clear is the level at or below which a warning may clear, for each
	// measure Raise sets: each below the same field of Raise (and zero
	// for a measure Raise does not set). The zero Clear clears a warning
	// when its window is empty.
	Clear Threshold

	// Hold is the least time a warning stands once raised: zero or more,
	// at most [MaxWarningSpan].
	Hold time.Duration

	// Weights gives the weight of each tier for the impact: more than
	// zero, at most [MaxWeight], with at most [WeightDecimals] decimal
	// places. When Weights is set, every occurrence's tier must have a
	// weight (and the impact is shown in explanations even if Raise does
	// not use it); when Raise.Impact is set, Weights must be. An account's
	// weight is that of the tier given by its latest occurrence in the
	// window.
	Weights map[account.Tier]decimal.Decimal
}

// Validate reports whether c is a configuration [NewDetector] accepts. The
// error joins an [*account.FieldError] (Record "DetectorConfig") wrapping
// [ErrInvalid] for every field at fault.
func (c DetectorConfig) Validate() error {
	var l fault.List
	add := func(field string, value any, reason string) {
		l.Add(&account.FieldError{Record: "DetectorConfig", Field: field, Value: value, Reason: reason, Err: ErrInvalid})
	}
	span := func(field string, d time.Duration, min time.Duration) {
		switch {
		case d < min && min > 0:
			add(field, d, "must be more than zero")
		case d < 0:
			add(field, d, "must not be negative")
		case d > MaxWarningSpan:
			add(field, d, "must be at most "+MaxWarningSpan.String())
		}
	}
	span("Window", c.Window, 1)
	span("Hold", c.Hold, 0)

	ra, ri := c.Raise.Accounts, c.Raise.Impact
	if ra == 0 && ri.IsZero() {
		add("Raise", nil, "sets neither Accounts nor Impact")
	}
	if ra < 0 {
		add("Raise.Accounts", ra, "must not be negative")
	}
	if r := amountReason(ri, MaxImpact); r != "" {
		add("Raise.Impact", ri, r)
	}
	switch ca := c.Clear.Accounts; {
	case ca < 0:
		add("Clear.Accounts", ca, "must not be negative")
	case ra <= 0 && ca != 0:
		add("Clear.Accounts", ca, "is set but Raise.Accounts is not")
	case ra > 0 && ca >= ra:
		add("Clear.Accounts", ca, "must be less than Raise.Accounts ("+strconv.Itoa(ra)+")")
	}
	switch ci := c.Clear.Impact; {
	case ci.Sign() < 0:
		add("Clear.Impact", ci, "must not be negative")
	case ri.Sign() <= 0 && !ci.IsZero():
		add("Clear.Impact", ci, "is set but Raise.Impact is not")
	case ri.Sign() > 0 && ci.Cmp(ri) >= 0:
		add("Clear.Impact", ci, "must be less than Raise.Impact ("+ri.String()+")")
	case !ci.Equal(ci.Truncate(WeightDecimals)):
		add("Clear.Impact", ci, "has more than "+strconv.Itoa(WeightDecimals)+" decimal places")
	}
	if ri.Sign() > 0 && len(c.Weights) == 0 {
		add("Weights", nil, "is empty but Raise.Impact is set")
	}
	for _, t := range sortedTiers(c.Weights) {
		w := c.Weights[t]
		if r := amountReason(w, MaxWeight); r != "" || w.IsZero() {
			if r == "" {
				r = "must be more than zero"
			}
			add("Weights["+t.String()+"]", w, r)
		}
	}
	return l.Err()
}

// amountReason returns why d is not a valid weight or impact threshold
// (zero is valid: it means "not used"), or "".
func amountReason(d decimal.Decimal, max int64) string {
	switch {
	case d.Sign() < 0:
		return "must not be negative"
	case d.Cmp(decimal.NewFromInt(max)) > 0:
		return "must be at most " + strconv.FormatInt(max, 10)
	case !d.Equal(d.Truncate(WeightDecimals)):
		return "has more than " + strconv.Itoa(WeightDecimals) + " decimal places"
	}
	return ""
}

// sortedTiers returns the tiers of w in increasing order.
func sortedTiers(w map[account.Tier]decimal.Decimal) []account.Tier {
	var have [256]bool
	for t := range w {
		have[t] = true
	}
	out := make([]account.Tier, 0, len(w))
	for t := range have {
		if have[t] {
			out = append(out, account.Tier(t))
		}
	}
	return out
}

// scaled returns d in millionths; d has been validated.
func scaled(d decimal.Decimal) int64 { return d.Shift(WeightDecimals).IntPart() }

// unscaled returns millionths as an exact decimal.
func unscaled(v int64) decimal.Decimal { return decimal.New(v, -WeightDecimals) }

// The instants an occurrence may have: the years the calendar answers for.
var (
	minAt = time.Date(calendar.MinYear, 1, 1, 0, 0, 0, 0, time.UTC)
	maxAt = time.Date(calendar.MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC)
)

// occurrenceError returns the error of the field of o at fault.
func occurrenceError(o *Occurrence, field string, value any, reason string, err error) error {
	return &account.FieldError{Record: "Occurrence", ID: o.Issue, Field: field, Value: value, Reason: reason, Err: err}
}

// checkOccurrence reports the first field of o that is not valid, or nil.
// weights says which tiers have a weight, or is nil when Weights is not
// set.
func checkOccurrence(o *Occurrence, weights *[256]int64) error {
	if r := idReason(o.Issue); r != "" {
		return occurrenceError(o, "Issue", o.Issue, r, ErrInvalid)
	}
	if r := idReason(string(o.Account)); r != "" {
		return occurrenceError(o, "Account", string(o.Account), r, ErrInvalid)
	}
	if o.Category == "" && o.Service == "" {
		return occurrenceError(o, "Category", nil, "and Service are both empty: the occurrence belongs to no group", ErrInvalid)
	}
	if o.Category != "" {
		if r := idReason(o.Category); r != "" {
			return occurrenceError(o, "Category", o.Category, r, ErrInvalid)
		}
	}
	if o.Service != "" {
		if r := idReason(o.Service); r != "" {
			return occurrenceError(o, "Service", o.Service, r, ErrInvalid)
		}
	}
	if weights != nil && weights[o.Tier] == 0 {
		return occurrenceError(o, "Tier", o.Tier, "has no weight in DetectorConfig.Weights", ErrInvalid)
	}
	if o.At.Before(minAt) || !o.At.Before(maxAt) {
		return occurrenceError(o, "At", o.At, "must be in the years "+strconv.Itoa(calendar.MinYear)+" to "+strconv.Itoa(calendar.MaxYear), ErrInvalid)
	}
	return nil
}

// idReason returns why s is not valid by the rules of [account.ID.Validate],
// or "".
func idReason(s string) string {
	if s != "" && len(s) <= 64 && plain(s) {
		return "" // the common case, without the cost of an error
	}
	err := account.ID(s).Validate()
	if err == nil {
		return ""
	}
	var fe *account.FieldError
	if errors.As(err, &fe) {
		return fe.Reason
	}
	return err.Error()
}

// plain reports whether s is printable ASCII without leading or trailing
// space: valid by the rules of account.ID.Validate.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return s[0] != ' ' && s[len(s)-1] != ' '
}

// A Warning is an early warning: issues of one category or one service
// reached, within the detector's window, the raise threshold of distinct
// accounts or of tier-weighted impact.
//
// A detector reports each warning twice: when it is raised (Cleared is
// zero) and when it clears (Cleared is set, and Steps go on to say why).
// Both reports carry the same N.
type Warning struct {
	// N numbers the warnings of a detector in the order they were
	// raised: 1, 2, ... over the detector's life, checkpoints included.
	N int64

	Dimension Dimension // what the warning groups by
	Key       string    // the category or service

	// Raised is when the threshold was crossed: the instant of the
	// occurrence that crossed it.
	Raised time.Time

	// First is the first issue: the earliest occurrence in the window
	// when the threshold was crossed.
	First Occurrence

	// Accounts are the distinct accounts in the window when the
	// threshold was crossed, in the order of their earliest occurrence
	// in it; Impact is their tier-weighted impact (zero without
	// Weights).
	Accounts []account.ID
	Impact   decimal.Decimal

	// Cleared is when the warning cleared, or the zero Time while it
	// stands.
	Cleared time.Time

	// Steps explain the warning, in order of time: the occurrences in the
	// window when it was raised, each with the measures after it; the
	// raise; and, once cleared, the step after which the measures were
	// at or below the clear level and the clearing.
	Steps []WarningStep
}

// String describes the warning in one line, such as
//
//	warning 1: category "network": raised 2024-06-03T09:40:00Z: 3 accounts ("acme", "globex", "initech"), impact 7, first issue "I-1" at 2024-06-03T09:00:00Z
//
// with ", cleared" and its instant once cleared.
func (w Warning) String() string {
	var b strings.Builder
	b.WriteString("warning ")
	b.WriteString(strconv.FormatInt(w.N, 10))
	b.WriteString(": ")
	b.WriteString(w.Dimension.String())
	b.WriteByte(' ')
	b.WriteString(fault.Quote(w.Key))
	b.WriteString(": raised ")
	b.WriteString(w.Raised.Format(time.RFC3339))
	b.WriteString(": ")
	writeCount(&b, len(w.Accounts))
	b.WriteString(" (")
	for i, a := range w.Accounts {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(fault.Quote(string(a)))
	}
	b.WriteString("), impact ")
	b.WriteString(w.Impact.String())
	b.WriteString(", first issue ")
	b.WriteString(fault.Quote(w.First.Issue))
	b.WriteString(" at ")
	b.WriteString(w.First.At.Format(time.RFC3339))
	if !w.Cleared.IsZero() {
		b.WriteString(", cleared ")
		b.WriteString(w.Cleared.Format(time.RFC3339))
	}
	return b.String()
}

// Explain returns the warning's explanation: its String, then each step's
// String on a line of its own, indented by a tab.
func (w Warning) Explain() string {
	var b strings.Builder
	b.WriteString(w.String())
	for _, s := range w.Steps {
		b.WriteString("\n\t")
		b.WriteString(s.String())
	}
	return b.String()
}

// writeCount writes "1 account" or "n accounts".
func writeCount(b *strings.Builder, n int) {
	b.WriteString(strconv.Itoa(n))
	if n == 1 {
		b.WriteString(" account")
	} else {
		b.WriteString(" accounts")
	}
}

// WarningStepKind is what a [WarningStep] records.
//
// The zero WarningStepKind is not a kind.
type WarningStepKind uint8

// The kinds of step.
const (
	// WarningStepCounted: an occurrence in the window when the warning
	// was raised (or, before a clearing, one whose arrival brought the
	// measures to the clear level, by moving its account to a lighter
	// tier).
	WarningStepCounted WarningStepKind = iota + 1
	// WarningStepRaised: the threshold was crossed.
	WarningStepRaised
	// WarningStepExpired: an occurrence left the window, Window after it
	// came.
	WarningStepExpired
	// WarningStepCleared: the warning cleared.
	WarningStepCleared
)

var warningStepNames = enum.New("WarningStepKind", map[WarningStepKind]string{
	WarningStepCounted: "counted",
	WarningStepRaised:  "raised",
	WarningStepExpired: "expired",
	WarningStepCleared: "cleared",
})

// String returns "counted", "raised", "expired" or "cleared".
func (k WarningStepKind) String() string { return warningStepNames.String(k) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero WarningStepKind is the exception: it is the empty text, unset.
func (k WarningStepKind) MarshalText() ([]byte, error) {
	return warningStepNames.MarshalText(k, ErrInvalid)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero WarningStepKind.
func (k *WarningStepKind) UnmarshalText(text []byte) error {
	v, err := warningStepNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// A WarningStep is one entry of a warning's explanation: what happened,
// when, and the measures of the window after it.
//
// The zero WarningStep records nothing.
type WarningStep struct {
	At   time.Time       // when the step happened
	Kind WarningStepKind // what happened

	// Issue, Account and Tier name the occurrence of a counted or expired
	// step.
	Issue   string
	Account account.ID
	Tier    account.Tier

	// Accounts and Impact are the measures of the window after the step:
	// distinct accounts, and their tier-weighted impact.
	Accounts int
	Impact   decimal.Decimal

	// Threshold is, for a raised step, the raise threshold; for a cleared
	// one, the clear level. ByAccounts and ByImpact say which of its
	// measures apply: those the configuration's Raise sets.
	Threshold  Threshold
	ByAccounts bool
	ByImpact   bool

	// Held is, for a cleared step, how long the warning stood.
	Held time.Duration
}

// String describes the step in one line, such as
//
//	2024-06-03T09:40:00Z raised: 3 accounts (threshold 3), impact 7 (threshold 8)
//	2024-06-03T10:00:00Z expired: issue "I-1", account "acme" (tier 1): 2 accounts, impact 4
//	2024-06-03T10:40:00Z cleared: 1 account (at most 1), impact 1 (at most 2), stood 1h0m0s
//
// A measure the threshold does not use is shown without one.
func (s WarningStep) String() string {
	var b strings.Builder
	b.WriteString(s.At.Format(time.RFC3339))
	b.WriteByte(' ')
	b.WriteString(s.Kind.String())
	b.WriteString(": ")
	switch s.Kind {
	case WarningStepCounted, WarningStepExpired:
		b.WriteString("issue ")
		b.WriteString(fault.Quote(s.Issue))
		b.WriteString(", account ")
		b.WriteString(fault.Quote(string(s.Account)))
		b.WriteString(" (")
		b.WriteString(s.Tier.String())
		b.WriteString("): ")
	}
	writeCount(&b, s.Accounts)
	word := "threshold "
	if s.Kind == WarningStepCleared {
		word = "at most "
	}
	if s.ByAccounts {
		b.WriteString(" (")
		b.WriteString(word)
		b.WriteString(strconv.Itoa(s.Threshold.Accounts))
		b.WriteByte(')')
	}
	b.WriteString(", impact ")
	b.WriteString(s.Impact.String())
	if s.ByImpact {
		b.WriteString(" (")
		b.WriteString(word)
		b.WriteString(s.Threshold.Impact.String())
		b.WriteByte(')')
	}
	if s.Kind == WarningStepCleared {
		b.WriteString(", stood ")
		b.WriteString(s.Held.String())
	}
	return b.String()
}
