package growth

import (
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Specific sentinels of the package's own parts. Each wraps [ErrInvalid].
var (
	// ErrAudience reports an offering held by, or sold to, an audience it
	// does not serve: an internal department holding an offering that
	// serves only external customers, or the reverse.
	ErrAudience = fault.New("growth: audience not served", ErrInvalid)

	// ErrCurrency reports money in a currency other than the one an
	// analysis works in, such as a wallet estimate in EUR for an account
	// billed in NZD. It also wraps [account.ErrCurrencyMismatch]: convert
	// first; the package never converts.
	ErrCurrency = fault.New("growth: currency mismatch", ErrInvalid, account.ErrCurrencyMismatch)

	// ErrUnknown reports a reference to a record the analysis was not
	// given: a holding of an account not in the portfolio, or of an
	// offering not in the catalogue.
	ErrUnknown = fault.New("growth: unknown record", ErrInvalid)

	// ErrOrder reports a stream that is not in the order a function
	// documents it needs.
	ErrOrder = fault.New("growth: input out of order", ErrInvalid)
)

// MaxNameLen is the longest Name of an [Offering], in bytes.
const MaxNameLen = 1024

// An Offering is one product or service of the seller's catalogue: what a
// buying centre can hold and what the white space suggests.
//
// The zero Offering is not valid: it has no ID, name, family or audience.
type Offering struct {
	ID   account.OfferingID // identifies the offering; required
	Name string             // for people to read; required, at most MaxNameLen bytes

	// Family groups related offerings ("payments", "cloud hosting"): a
	// wallet's category and the subject of an interaction
	// ([account.Interaction.OfferingFamily]). Required; it follows the
	// rules of [account.ID.Validate].
	Family string

	// Audience is whom the offering serves: external customers
	// ([account.AudienceExternal]), internal departments
	// ([account.AudienceInternal]) or both ([account.AudienceAll], the
	// zero value).
	Audience account.Audience

	// Lifecycle says whether the offering is still sold. Only active
	// offerings are suggested; held ones stay held whatever their
	// lifecycle.
	Lifecycle Lifecycle

	// Version is the optimistic-concurrency version kept by stores, as
	// [account.Account.Version].
	Version int64
}

// Validate reports every problem with o as joined [*account.FieldError]
// values wrapping [ErrInvalid]: ID must be a valid ID; Name must be
// present, valid UTF-8 and at most [MaxNameLen] bytes; Family must be a
// valid ID; Audience and Lifecycle must be known; Version must not be
// negative.
func (o Offering) Validate() error {
	f := &check{record: "Offering", id: string(o.ID)}
	f.needID("ID", string(o.ID))
	switch {
	case strings.TrimSpace(o.Name) == "":
		f.add("Name", o.Name, "is missing")
	case len(o.Name) > MaxNameLen:
		f.add("Name", o.Name, "is longer than 1024 bytes")
	case !utf8Valid(o.Name):
		f.add("Name", o.Name, "is not valid UTF-8")
	}
	f.needID("Family", o.Family)
	if _, err := o.Audience.MarshalText(); err != nil {
		f.add("Audience", int(o.Audience), "is not a known Audience")
	}
	if !lifecycleNames.Valid(o.Lifecycle) {
		f.add("Lifecycle", int(o.Lifecycle), "is not a known Lifecycle")
	}
	if o.Version < 0 {
		f.add("Version", o.Version, "must not be negative")
	}
	return f.err()
}

// Serves reports whether o serves the account a: an internal customer
// if a.Internal, an external one otherwise.
func (o Offering) Serves(a account.Account) bool { return o.Audience.Serves(a.Internal) }

// audienceWord names the audience of an account: "internal" or
// "external".
func audienceWord(internal bool) string {
	if internal {
		return "internal"
	}
	return "external"
}

// Lifecycle is where an offering stands in its life. The zero value is
// not valid.
type Lifecycle uint8

// The lifecycles.
const (
	LifecycleActive   Lifecycle = iota + 1 // sold to new buyers
	LifecycleRetiring                      // still served, no longer sold to new buyers
	LifecycleRetired                       // no longer sold or served
)

var lifecycleNames = enum.New("Lifecycle", map[Lifecycle]string{
	LifecycleActive:   "active",
	LifecycleRetiring: "retiring",
	LifecycleRetired:  "retired",
})

// String returns "active", "retiring" or "retired".
func (l Lifecycle) String() string { return lifecycleNames.String(l) }

// MarshalText returns the lifecycle's name; an unknown value is an error.
// The zero Lifecycle is the exception: it is the empty text, unset.
func (l Lifecycle) MarshalText() ([]byte, error) { return lifecycleNames.MarshalText(l, ErrInvalid) }

// UnmarshalText parses a name written by [Lifecycle.MarshalText].
// The empty text is the zero Lifecycle.
func (l *Lifecycle) UnmarshalText(text []byte) error {
	v, err := lifecycleNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*l = v
	}
	return err
}

// HoldingID identifies a [Holding]. It follows the rules of
// [account.ID.Validate].
type HoldingID string

// A Holding records that a buying centre holds an offering from Start
// until End: a contract, a subscription, a service it consumes. Holdings
// are given explicitly, or derived from the transactions tagged with an
// offering ([HoldingsFromTransactions]).
//
// The zero Holding is not valid.
type Holding struct {
	ID       HoldingID          // identifies the holding; required
	Account  account.ID         // the buying centre (or account) that holds it; required
	Offering account.OfferingID // what it holds; required

	// Start and End bound the holding, half-open: it is held at t when
	// Start <= t and (End is zero or t < End). Start is required; a zero
	// End means it has no end yet.
	Start, End time.Time

	// Annual is what the holding is worth a year: the contract's annual
	// value, or what the buying centre paid for the offering over the
	// last twelve months. It must have a valid currency and not be
	// negative.
	Annual account.Money

	// Version is the optimistic-concurrency version kept by stores.
	Version int64
}

// Validate reports every problem with h as joined [*account.FieldError]
// values wrapping [ErrInvalid]: ID, Account and Offering must be valid
// IDs, Start must be set and End, if set, after it, Annual must have a
// valid currency and not be negative, and Version must not be negative.
// That the offering serves the account's audience is checked where both
// are known ([NewWhiteSpace]), as [ErrAudience].
func (h Holding) Validate() error {
	f := &check{record: "Holding", id: string(h.ID)}
	f.needID("ID", string(h.ID))
	f.needID("Account", string(h.Account))
	f.needID("Offering", string(h.Offering))
	if h.Start.IsZero() {
		f.add("Start", nil, "is missing")
	}
	if !h.End.IsZero() && !h.End.After(h.Start) {
		f.add("End", h.End, "is not after Start")
	}
	if err := h.Annual.Validate(); err != nil {
		f.add("Annual", nil, "has no valid currency")
	} else if h.Annual.Sign() < 0 {
		f.add("Annual", h.Annual, "must not be negative")
	}
	if h.Version < 0 {
		f.add("Version", h.Version, "must not be negative")
	}
	return f.err()
}

// HeldAt reports whether h is held at t: Start <= t and (End is zero or
// t < End).
func (h Holding) HeldAt(t time.Time) bool {
	return !t.Before(h.Start) && (h.End.IsZero() || t.Before(h.End))
}
