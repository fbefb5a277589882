package engagement

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
)

// ChangeID identifies a [Change]. It follows the rules of [account.ID]:
// non-empty, at most [account.MaxIDLen] bytes of valid UTF-8, no control
// characters, no leading or trailing space.
type ChangeID string

// A Change is something the organisation does that customers feel: a
// release, a policy or price change, the retirement of a service. It has a
// date on which it is announced and one on which it takes effect, the
// customers it touches and how hard it hits them.
//
// The zero Change is not valid: it has no ID, title, kind, severity,
// go-live or scope.
type Change struct {
	ID       ChangeID   // identifies the change; required
	Title    string     // a short description; required
	Kind     ChangeKind // release, policy, price or retirement; required
	Severity Severity   // how hard it hits the customers it touches; required

	// Announce is when the change is (or was) announced; zero if not yet
	// known. If set, it is not after GoLive.
	Announce time.Time
	// GoLive is when the change takes effect; required.
	GoLive time.Time

	// Touches says which accounts the change affects. See [Scope].
	Touches Scope

	// Version is the optimistic-concurrency version kept by a
	// [ChangeStore]: 0 before the change is first stored, then 1, 2, ...
	Version int64
}

// A Scope says which accounts a [Change] touches.
//
// An account is touched if it is named in Accounts, or if the scope's other
// fields select it: each of Services, Products, Regions and Segments that is
// not empty selects the accounts holding (or in) at least one of its
// entries, Audience selects internal or external customers, and an account
// must pass every one of them that is set (a price change to product "p1"
// in region "EU" touches accounts that hold p1 and are in the EU). With
// none of those set the scope selects nobody but the named accounts, unless
// Everyone is set: then it selects every account (of the Audience).
//
// Services and products come from [Holdings], given by the caller; regions
// and segments are an account's Region and Segment fields; the audience is
// its Internal flag. Labels match exactly, case and all.
//
// The zero Scope touches nothing and is not valid.
type Scope struct {
	Services []string         // services used, such as "payroll"
	Products []string         // products held, such as "p-200"
	Regions  []string         // account regions, such as "EU"
	Segments []string         // account segments, such as "enterprise"
	Audience account.Audience // internal or external customers; AudienceAll for both
	Everyone bool             // select every account of the Audience when no label is set
	Accounts []account.ID     // accounts touched whatever the labels say
}

// selects reports whether the scope's labels (not its named accounts) select
// accounts at all.
func (s *Scope) selects() bool {
	return s.Everyone || s.Audience != account.AudienceAll ||
		len(s.Services) > 0 || len(s.Products) > 0 || len(s.Regions) > 0 || len(s.Segments) > 0
}

// Matches reports whether the scope touches a, whose services and products
// are h: the definition the index of [NewImpact] follows. It tests one
// account against one scope; to find every account a change touches, use
// [NewImpact], which does not test every account against every change.
func (s *Scope) Matches(a *account.Account, h Holdings) bool {
	if slices.Contains(s.Accounts, a.ID) {
		return true
	}
	if !s.selects() || !s.Audience.Serves(a.Internal) {
		return false
	}
	return anyOf(s.Services, h.Services) && anyOf(s.Products, h.Products) &&
		(len(s.Regions) == 0 || slices.Contains(s.Regions, a.Region)) &&
		(len(s.Segments) == 0 || slices.Contains(s.Segments, a.Segment))
}

// anyOf reports whether want is empty or has an element of have.
func anyOf(want, have []string) bool {
	if len(want) == 0 {
		return true
	}
	for _, w := range want {
		if slices.Contains(have, w) {
			return true
		}
	}
	return false
}

// Clone returns a deep copy of c, whose slices are its own.
func (c Change) Clone() Change {
	t := &c.Touches
	t.Services = slices.Clone(t.Services)
	t.Products = slices.Clone(t.Products)
	t.Regions = slices.Clone(t.Regions)
	t.Segments = slices.Clone(t.Segments)
	t.Accounts = slices.Clone(t.Accounts)
	return c
}

// MaxScopeEntries is the most entries validation accepts in each list of a
// [Scope]: Services, Products, Regions, Segments or Accounts.
const MaxScopeEntries = 10000

// MaxTitleLen is the longest Title, in bytes, of a [Change] (and the
// longest Theme and Service of a [Feedback]) that validation accepts.
const MaxTitleLen = 1024

// Validate reports every problem with c as [*account.FieldError] values
// (Record "Change") wrapping [ErrInvalid], joined; nil means c is valid. ID
// must be a valid ID; Title must not be blank nor longer than
// [MaxTitleLen] bytes; Kind, Severity and Touches.Audience must be known
// values; GoLive must be set and Announce, if set, not after it; each list
// of Touches holds at most [MaxScopeEntries] distinct, non-empty entries
// (valid IDs for Accounts, labels without surrounding space for the rest),
// and the scope must select someone: a named account, a label, an Audience
// other than AudienceAll, or Everyone. Version must not be negative.
func (c Change) Validate() error {
	f := &recordCheck{record: "Change", id: string(c.ID)}
	f.checkID("ID", string(c.ID))
	f.checkText("Title", c.Title, true)
	if !changeKindNames.Valid(c.Kind) {
		f.add("Kind", int(c.Kind), "must be one of "+changeKindNames.List())
	}
	if !severityNames.Valid(c.Severity) {
		f.add("Severity", int(c.Severity), "must be one of "+severityNames.List())
	}
	if c.GoLive.IsZero() {
		f.add("GoLive", nil, "is missing")
	} else if !c.Announce.IsZero() && c.Announce.After(c.GoLive) {
		f.add("Announce", c.Announce, "is after GoLive")
	}
	t := &c.Touches
	f.checkLabels("Touches.Services", t.Services)
	f.checkLabels("Touches.Products", t.Products)
	f.checkLabels("Touches.Regions", t.Regions)
	f.checkLabels("Touches.Segments", t.Segments)
	if len(t.Accounts) > MaxScopeEntries {
		f.add("Touches.Accounts", len(t.Accounts), "has more than "+strconv.Itoa(MaxScopeEntries)+" entries")
	} else {
		seen := make(map[account.ID]struct{}, len(t.Accounts))
		for i, id := range t.Accounts {
			field := "Touches.Accounts[" + strconv.Itoa(i) + "]"
			if _, dup := seen[id]; dup {
				f.add(field, string(id), "is listed twice")
			} else if !f.checkID(field, string(id)) {
				seen[id] = struct{}{}
			}
		}
	}
	if !validAudience(t.Audience) {
		f.add("Touches.Audience", int(t.Audience), "is not a known Audience")
	}
	if !t.selects() && len(t.Accounts) == 0 {
		f.add("Touches", nil, "selects no account: name accounts, give labels or an audience, or set Everyone")
	}
	if c.Version < 0 {
		f.add("Version", c.Version, "must not be negative")
	}
	return f.err()
}

// validAudience reports whether a is a known [account.Audience].
func validAudience(a account.Audience) bool {
	_, err := a.MarshalText()
	return err == nil
}

// ChangeKind is what sort of change a [Change] is. The zero ChangeKind is
// not valid.
type ChangeKind uint8

// The kinds of change.
const (
	ChangeRelease    ChangeKind = iota + 1 // a new release of a product or service
	ChangePolicy                           // a change of policy or terms
	ChangePrice                            // a change of price
	ChangeRetirement                       // a service or product withdrawn
)

var changeKindNames = enum.New("ChangeKind", map[ChangeKind]string{
	ChangeRelease:    "release",
	ChangePolicy:     "policy",
	ChangePrice:      "price",
	ChangeRetirement: "retirement",
})

// String returns the kind's name, such as "retirement", or
// "%!ChangeKind(9)" for an unknown value.
func (k ChangeKind) String() string { return changeKindNames.String(k) }

// MarshalText returns the kind's name; an unknown value is an
// [*account.FieldError] wrapping [ErrInvalid].
// The zero ChangeKind is the exception: it is the empty text, unset.
func (k ChangeKind) MarshalText() ([]byte, error) { return changeKindNames.MarshalText(k, ErrInvalid) }

// UnmarshalText parses a name written by [ChangeKind.MarshalText]; an
// unknown name is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero ChangeKind.
func (k *ChangeKind) UnmarshalText(text []byte) error {
	v, err := changeKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// Severity is how hard a change hits the customers it touches. Severities
// compare as numbers: a higher Severity is more severe. The zero Severity
// is not valid.
type Severity uint8

// The severities, least severe first. Each weighs twice the one before
// in an account's combined impact (see [Severity.Weight]).
const (
	SeverityLow      Severity = iota + 1 // noticed, nothing to do
	SeverityMedium                       // some customers must act
	SeverityHigh                         // most customers must act, or pay more
	SeverityCritical                     // customers lose something they rely on
)

// numSeverities is the number of severities; valid ones are 1..numSeverities.
const numSeverities = 4

var severityNames = enum.New("Severity", map[Severity]string{
	SeverityLow:      "low",
	SeverityMedium:   "medium",
	SeverityHigh:     "high",
	SeverityCritical: "critical",
})

// Weight returns the severity's weight in a combined impact: 1 for low, 2
// for medium, 4 for high and 8 for critical; 0 for an unknown value.
func (s Severity) Weight() int {
	if !severityNames.Valid(s) {
		return 0
	}
	return 1 << (s - 1)
}

// String returns the severity's name, such as "high", or "%!Severity(9)"
// for an unknown value.
func (s Severity) String() string { return severityNames.String(s) }

// MarshalText returns the severity's name; an unknown value is an
// [*account.FieldError] wrapping [ErrInvalid].
// The zero Severity is the exception: it is the empty text, unset.
func (s Severity) MarshalText() ([]byte, error) { return severityNames.MarshalText(s, ErrInvalid) }

// UnmarshalText parses a name written by [Severity.MarshalText]; an
// unknown name is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Severity.
func (s *Severity) UnmarshalText(text []byte) error {
	v, err := severityNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// checkText adds a problem if s is longer than MaxTitleLen, or, if
// required, blank.
func (f *recordCheck) checkText(field, s string, required bool) {
	switch {
	case len(s) > MaxTitleLen:
		f.add(field, s, "is longer than "+strconv.Itoa(MaxTitleLen)+" bytes")
	case required && strings.TrimSpace(s) == "":
		f.add(field, s, "is missing")
	}
}

// checkLabels checks a list of labels: at most MaxScopeEntries, each
// non-empty, without surrounding space, at most MaxTitleLen bytes, and
// distinct.
func (f *recordCheck) checkLabels(field string, labels []string) {
	if len(labels) > MaxScopeEntries {
		f.add(field, len(labels), "has more than "+strconv.Itoa(MaxScopeEntries)+" entries")
		return
	}
	seen := make(map[string]struct{}, len(labels))
	for i, l := range labels {
		at := field + "[" + strconv.Itoa(i) + "]"
		_, dup := seen[l]
		seen[l] = struct{}{}
		if r := labelReason(l); r != "" {
			f.add(at, l, r)
		} else if dup {
			f.add(at, l, "is listed twice")
		}
	}
}

// labelReason returns why s is not a label (non-empty, no surrounding
// space, at most MaxTitleLen bytes), or "" if it is one.
func labelReason(s string) string {
	switch {
	case s == "" || strings.TrimSpace(s) != s:
		return "must be non-empty and have no surrounding space"
	case len(s) > MaxTitleLen:
		return "is longer than " + strconv.Itoa(MaxTitleLen) + " bytes"
	}
	return ""
}
