package growth

import (
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// ErrHistoryRewritten reports an update of an opportunity whose history
// does not begin with the stored history: history is append-only. It wraps
// [ErrInvalid].
var ErrHistoryRewritten = fault.New("growth: opportunity history rewritten", ErrInvalid)

// OpportunityID identifies an opportunity. It follows the rules of
// [account.ID.Validate].
type OpportunityID string

// Validate reports whether id is valid, by the rules of [account.ID.Validate].
func (id OpportunityID) Validate() error {
	if r := nameReason(string(id)); r != "" {
		return &account.FieldError{Record: "OpportunityID", Field: "value", Value: string(id), Reason: r, Err: ErrInvalid}
	}
	return nil
}

// OpportunityKind is what an opportunity is: a customer's request, a
// quotation, a mini-project or a renewal.
//
// The zero OpportunityKind is not a kind; an opportunity must have one.
type OpportunityKind uint8

// The kinds of opportunity.
const (
	// OpportunityRequest is a request for work or a service from the
	// customer.
	OpportunityRequest OpportunityKind = iota + 1
	// OpportunityQuotation is a quotation of work given to the customer,
	// which slips when it passes its expected close still open.
	OpportunityQuotation
	// OpportunityMiniProject is a small project proposed to the customer.
	OpportunityMiniProject
	// OpportunityRenewal is the renewal of a contract or service.
	OpportunityRenewal
)

var opportunityKindNames = enum.New("OpportunityKind", map[OpportunityKind]string{
	OpportunityRequest:     "request",
	OpportunityQuotation:   "quotation",
	OpportunityMiniProject: "mini-project",
	OpportunityRenewal:     "renewal",
})

// String returns "request", "quotation", "mini-project" or "renewal".
func (k OpportunityKind) String() string { return opportunityKindNames.String(k) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero OpportunityKind is the exception: it is the empty text, unset.
func (k OpportunityKind) MarshalText() ([]byte, error) {
	return opportunityKindNames.MarshalText(k, ErrInvalid)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero OpportunityKind.
func (k *OpportunityKind) UnmarshalText(text []byte) error {
	v, err := opportunityKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// A Change is one entry of an opportunity's history: at a time, by an
// author, the opportunity moved from one stage to another (or stayed in
// its stage), and perhaps its value or expected close changed.
//
// The first change creates the opportunity: its From is "" and it sets
// the value and the expected close. A later change either moves the
// opportunity to another stage or changes its value or expected close (or
// both).
type Change struct {
	// At is when the change happened; not zero, and not before the change
	// before it.
	At time.Time
	// Author is who recorded the change: a manager, or any user in the same
	// ID space. Required.
	Author account.ManagerID
	// From is the stage before the change: "" for the first change, and
	// the To of the change before it for every other.
	From string
	// To is the stage after the change.
	To string
	// Value is the opportunity's new value, or the zero Money if the
	// change leaves it as it was. Not negative.
	Value account.Money
	// ExpectedClose is the new expected close, or the zero Time if the
	// change leaves it as it was.
	ExpectedClose time.Time
}

// An Opportunity is a chance to sell an offering to one buying centre of
// an account: a request, a quotation, a mini-project or a renewal.
//
// Its stage, value and expected close are not fields: they are read from
// its History, which is append-only, so that reading the opportunity at a
// past instant ([Opportunity.AsOf]) replays the history up to it. Its
// Account, BuyingCentre, Offerings, Owner and Kind have no history: they
// are the current ones, at every instant.
//
// The expected close is an instant (a [time.Time]), not a date: the
// opportunity slips once the instant passes. A caller that plans by dates
// gives the end of the day in its own time zone.
type Opportunity struct {
	ID           OpportunityID
	Account      account.ID           // the account sold to; required
	BuyingCentre account.ID           // the buying centre within it: the account itself, or an account below it; required
	Offerings    []account.OfferingID // the offerings sold, no repeats; may be empty
	Owner        account.ManagerID    // the account manager who owns it; required
	Kind         OpportunityKind      // required
	History      []Change             // at least one change, in time order
	Version      int64                // the store's version: 0 until created, 1 on create, +1 per update
}

// Stage returns the stage the opportunity is in: the To of its last
// change, or "" if it has none.
func (o Opportunity) Stage() string {
	if len(o.History) == 0 {
		return ""
	}
	return o.History[len(o.History)-1].To
}

// Value returns the opportunity's value: the Value of its last change that
// set one, or the zero Money if none did.
func (o Opportunity) Value() account.Money {
	for i := len(o.History) - 1; i >= 0; i-- {
		if v := o.History[i].Value; v.Currency() != "" {
			return v
		}
	}
	return account.Money{}
}

// ExpectedClose returns when the opportunity is expected to close: the
// ExpectedClose of its last change that set one, or the zero Time if none
// did.
func (o Opportunity) ExpectedClose() time.Time {
	for i := len(o.History) - 1; i >= 0; i-- {
		if t := o.History[i].ExpectedClose; !t.IsZero() {
			return t
		}
	}
	return time.Time{}
}

// AsOf returns the opportunity as it stood at t: with only the changes made
// at or before t. It reports false if the opportunity did not exist yet (its
// first change is after t, or it has none). The result shares no memory
// with o.
func (o Opportunity) AsOf(t time.Time) (Opportunity, bool) {
	n := len(o.History)
	for n > 0 && o.History[n-1].At.After(t) {
		n--
	}
	if n == 0 {
		return Opportunity{}, false
	}
	c := o.Clone()
	c.History = c.History[:n:n]
	return c, true
}

// Clone returns a copy of o that shares no memory with it.
func (o Opportunity) Clone() Opportunity {
	o.Offerings = slices.Clone(o.Offerings)
	o.History = slices.Clone(o.History)
	return o
}

// AsOf yields the opportunities of seq as they stood at t
// ([Opportunity.AsOf]), in the order of seq, leaving out those that did not
// exist yet: the pipeline as it was at t. An error of seq is yielded as it
// is.
func AsOf(seq iter.Seq2[Opportunity, error], t time.Time) iter.Seq2[Opportunity, error] {
	return func(yield func(Opportunity, error) bool) {
		for o, err := range seq {
			if err != nil {
				yield(Opportunity{}, err)
				return
			}
			if o, ok := o.AsOf(t); ok && !yield(o, nil) {
				return
			}
		}
	}
}

// Validate reports whether o is a valid opportunity. With stages nil it
// checks what a store checks, the record's own consistency: the ID,
// Account, BuyingCentre, Owner and Offerings are valid IDs (no offering
// repeated); the Kind is known; the Version is not negative; the history
// has at least one change; each change has a time, not before the one
// before it, and a valid Author; the first change comes from "" to a stage
// and sets a value and an expected close; each later change comes from the
// stage the one before it went to, and moves the opportunity or changes
// its value or expected close; every value is in one currency and not
// negative; and every stage name is valid.
//
// With stages (which must itself be valid: see [Stages.Validate]) it also
// checks that every stage named is in the list (wrapping
// [ErrUnknownStage]) and that no change follows one to a terminal stage.
//
// The error wraps [ErrInvalid] and joins an [*account.FieldError] for each
// fault (at most 100), with Record "Opportunity", the ID, and a Field such
// as "History[3].At".
func (o Opportunity) Validate(stages Stages) error {
	var errs fault.List
	bad := func(field string, value any, reason string, err error) {
		errs.Add(&account.FieldError{Record: "Opportunity", ID: string(o.ID), Field: field, Value: value, Reason: reason, Err: err})
	}
	checkID := func(field, s string) {
		if r := nameReason(s); r != "" {
			bad(field, s, r, ErrInvalid)
		}
	}
	checkID("ID", string(o.ID))
	checkID("Account", string(o.Account))
	checkID("BuyingCentre", string(o.BuyingCentre))
	checkID("Owner", string(o.Owner))
	for i, off := range o.Offerings {
		f := "Offerings[" + strconv.Itoa(i) + "]"
		checkID(f, string(off))
		if slices.Contains(o.Offerings[:i], off) {
			bad(f, off, "is repeated", ErrInvalid)
		}
	}
	if !opportunityKindNames.Valid(o.Kind) {
		bad("Kind", o.Kind, "is not a known OpportunityKind (one of "+opportunityKindNames.List()+")", ErrInvalid)
	}
	if o.Version < 0 {
		bad("Version", o.Version, "must not be negative", ErrInvalid)
	}
	if len(o.History) == 0 {
		bad("History", nil, "must have at least one change", ErrInvalid)
	}
	var currency account.Currency
	for i, c := range o.History {
		f := "History[" + strconv.Itoa(i) + "]."
		if c.At.IsZero() {
			bad(f+"At", nil, "is missing", ErrInvalid)
		} else if i > 0 && c.At.Before(o.History[i-1].At) {
			bad(f+"At", c.At, "is before the change before it, at "+o.History[i-1].At.String(), ErrInvalid)
		}
		checkID(f+"Author", string(c.Author))
		if i == 0 {
			if c.From != "" {
				bad(f+"From", c.From, `must be "" for the first change`, ErrInvalid)
			}
			if c.Value.Currency() == "" {
				bad(f+"Value", nil, "is missing: the first change sets the value", ErrInvalid)
			}
			if c.ExpectedClose.IsZero() {
				bad(f+"ExpectedClose", nil, "is missing: the first change sets the expected close", ErrInvalid)
			}
		} else {
			if prev := o.History[i-1].To; c.From != prev {
				bad(f+"From", c.From, "is not the stage the change before it went to, "+fault.Quote(prev), ErrInvalid)
			}
			if c.From == c.To && c.Value.Currency() == "" && c.ExpectedClose.IsZero() {
				bad(f[:len(f)-1], nil, "changes nothing: it neither moves the stage nor sets a value or an expected close", ErrInvalid)
			}
		}
		checkID(f+"To", c.To)
		if cur := c.Value.Currency(); cur != "" {
			switch {
			case c.Value.Sign() < 0:
				bad(f+"Value", c.Value, "must not be negative", ErrInvalid)
			case currency == "":
				currency = cur
			case cur != currency:
				bad(f+"Value", c.Value, "is not in "+string(currency)+", the currency of the value before it", ErrInvalid)
			}
		}
		if stages != nil {
			checkStage := func(field, name string) {
				if _, ok := stages.Index(name); !ok && nameReason(name) == "" {
					bad(f+field, name, "is not in the list of stages", ErrUnknownStage)
				}
			}
			if i > 0 {
				if j, ok := stages.Index(o.History[i-1].To); ok && stages[j].Outcome != OutcomeOpen {
					bad(f+"At", c.At, "follows the change to the terminal stage "+fault.Quote(stages[j].Name), ErrInvalid)
				}
			}
			checkStage("To", c.To)
		}
	}
	return errs.Err()
}
