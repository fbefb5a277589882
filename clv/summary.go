package clv

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Limits of the input, checked before any work starts.
const (
	// MaxRepeats is the largest repeat count a summary may carry: more
	// than a transaction a day for a century.
	MaxRepeats = 1 << 20
	// MaxAge is the largest age (and holdout length) a summary may carry,
	// about 200 years.
	MaxAge = 200 * 365 * 24 * time.Hour
	// MaxWeight is the largest total weight of the groups of one fit.
	MaxWeight = 1 << 40
	// MinAccounts is the fewest accounts (total weight) a fit accepts.
	MinAccounts = 10
)

// Summary is what the models need to know of one account: its repeat
// transactions in the calibration period, when the last one was, how long
// the account has been observed, and, for the spend model, the mean value
// of its repeat transactions. A summary builder fills one per account.
//
// Times are exact: durations measured from the account's first
// transaction, in nanoseconds (the base tick), read as fractions of the
// Unit (a Last of 36 hours with [UnitDay] is 1.5 days). The models read
// them as floating-point numbers of units only inside a fit or a
// prediction.
type Summary struct {
	// ID names the account; it may be empty (a simulated account) but, if
	// set, must be a valid [account.ID].
	ID account.ID
	// Unit is the period: [UnitDay] or [UnitWeek]. Required.
	Unit Unit
	// Repeats is x, the number of periods after the first one with a
	// transaction. 0 to [MaxRepeats].
	Repeats int
	// Last is t_x, the time of the last repeat transaction after the
	// first transaction: 0 when Repeats is 0, more than 0 otherwise, and
	// at most Age.
	Last time.Duration
	// Age is T, the time from the first transaction to the end of the
	// calibration period. 0 to [MaxAge].
	Age time.Duration
	// MeanValue is the mean value of the repeat periods, for the
	// Gamma-Gamma spend model: the zero Money when the account has no
	// repeat transaction or the value is not known; otherwise a valid
	// Money. Gamma-Gamma needs it positive.
	MeanValue account.Money
	// HoldoutRepeats is the actual number of repeat periods in the
	// holdout period that follows the calibration period (0 when there is
	// none), for [Compare].
	HoldoutRepeats int
	// Holdout is the length of the holdout period (0 when there is none).
	// 0 to [MaxAge].
	Holdout time.Duration
}

// Validate reports whether s is a summary the package can use: every
// problem is an [*account.FieldError] with Record "Summary" wrapping
// [ErrInvalid], joined with [fault.Join] when there are several.
func (s Summary) Validate() error {
	var l fault.List
	s.check(&l, "")
	return l.Err()
}

func (s Summary) check(l *fault.List, prefix string) {
	add := func(field string, value any, reason string) {
		l.Add(&account.FieldError{Record: "Summary", ID: string(s.ID), Field: prefix + field, Value: value, Reason: reason, Err: ErrInvalid})
	}
	if s.ID != "" {
		if err := s.ID.Validate(); err != nil {
			add("ID", string(s.ID), "is not a valid account ID")
		}
	}
	if !unitNames.Valid(s.Unit) {
		add("Unit", s.Unit, "must be day or week")
	}
	checkCounts(add, s.Repeats, s.Last, s.Age)
	if s.MeanValue != (account.Money{}) {
		if err := s.MeanValue.Validate(); err != nil {
			add("MeanValue", s.MeanValue, "has no valid currency")
		} else if s.Repeats == 0 && !s.MeanValue.IsZero() {
			add("MeanValue", s.MeanValue, "must be zero when Repeats is 0")
		}
	}
	if s.HoldoutRepeats < 0 || s.HoldoutRepeats > MaxRepeats {
		add("HoldoutRepeats", s.HoldoutRepeats, "must be from 0 to 1048576")
	}
	if s.Holdout < 0 || s.Holdout > MaxAge {
		add("Holdout", s.Holdout, "must be from 0 to 200 years")
	}
	if s.HoldoutRepeats > 0 && s.Holdout == 0 {
		add("HoldoutRepeats", s.HoldoutRepeats, "must be 0 when Holdout is 0")
	}
}

// checkCounts checks x, t_x and T, the fields a summary and a group share.
func checkCounts(add func(field string, value any, reason string), x int, last, age time.Duration) {
	if x < 0 || x > MaxRepeats {
		add("Repeats", x, "must be from 0 to 1048576")
	}
	if age < 0 || age > MaxAge {
		add("Age", age, "must be from 0 to 200 years")
	}
	switch {
	case last < 0:
		add("Last", last, "must not be negative")
	case last > age && age >= 0:
		add("Last", last, "must not be after Age")
	case x == 0 && last != 0:
		add("Last", last, "must be 0 when Repeats is 0")
	case x > 0 && last == 0:
		add("Last", last, "must be more than 0 when Repeats is more than 0")
	}
}

// Group is a set of accounts with the same summary counts (x, t_x, T): the
// unit of a fit, whose cost grows with the number of distinct groups, not
// with the number of accounts. Weight is how many accounts share the
// counts; a caller that has counted them elsewhere (in SQL, say) can build
// groups directly.
type Group struct {
	Unit    Unit          // as in [Summary]
	Repeats int           // x
	Last    time.Duration // t_x
	Age     time.Duration // T
	Weight  int64         // accounts in the group: at least 1
}

// Validate reports whether g is a group the package can use, with the
// rules of [Summary.Validate] for the shared fields and a Weight of at
// least 1. Errors have Record "Group".
func (g Group) Validate() error {
	var l fault.List
	g.check(&l, "")
	return l.Err()
}

func (g Group) check(l *fault.List, prefix string) {
	add := func(field string, value any, reason string) {
		l.Add(&account.FieldError{Record: "Group", Field: prefix + field, Value: value, Reason: reason, Err: ErrInvalid})
	}
	if !unitNames.Valid(g.Unit) {
		add("Unit", g.Unit, "must be day or week")
	}
	checkCounts(add, g.Repeats, g.Last, g.Age)
	if g.Weight < 1 || g.Weight > MaxWeight {
		add("Weight", g.Weight, "must be from 1 to 2^40")
	}
}

// Groups collapses summaries with the same (Unit, Repeats, Last, Age) into
// weighted groups, in ascending order of (Unit, Repeats, Last, Age): the
// output does not depend on the order of the input. Invalid summaries are
// reported, with their index in the field path ("[3].Last"); the summaries
// must all have the same Unit.
func Groups(summaries []Summary) ([]Group, error) {
	var l fault.List
	for i, s := range summaries {
		s.check(&l, "["+strconv.Itoa(i)+"].")
		if s.Unit != summaries[0].Unit && unitNames.Valid(s.Unit) && unitNames.Valid(summaries[0].Unit) {
			l.Add(&account.FieldError{Record: "Summary", ID: string(s.ID), Field: "[" + strconv.Itoa(i) + "].Unit", Value: s.Unit, Reason: "differs from the first summary's unit", Err: ErrInvalid})
		}
	}
	if err := l.Err(); err != nil {
		return nil, err
	}
	keys := make([]Group, len(summaries))
	for i, s := range summaries {
		keys[i] = Group{Unit: s.Unit, Repeats: s.Repeats, Last: s.Last, Age: s.Age, Weight: 1}
	}
	slices.SortFunc(keys, compareGroups)
	out := keys[:0]
	for _, k := range keys {
		if n := len(out); n > 0 && compareGroups(out[n-1], k) == 0 {
			out[n-1].Weight++
			continue
		}
		out = append(out, k)
	}
	return slices.Clip(out), nil
}

// compareGroups orders groups by (Unit, Repeats, Last, Age), ignoring Weight.
func compareGroups(a, b Group) int {
	return cmp.Or(cmp.Compare(a.Unit, b.Unit), cmp.Compare(a.Repeats, b.Repeats), cmp.Compare(a.Last, b.Last), cmp.Compare(a.Age, b.Age))
}
