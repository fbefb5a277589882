package account

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// An Account is a customer served by an account manager: a firm, one of its
// subsidiaries, or, for an internal service department, a division or
// department of the same organisation.
//
// Accounts form a forest through Parent: a global account and its
// subsidiaries, a division and its departments. See [Hierarchy].
//
// The zero Account is not valid: it has no ID and no name.
type Account struct {
	ID     ID     // identifies the account; required
	Name   string // the customer's name; required
	Parent ID     // the parent account, or "" for a top-level account

	// Owner is the account manager who owns the account: the single point of
	// contact, escalation and ownership. "" means not yet assigned.
	Owner ManagerID

	// Tier is the service tier, and TierSince the instant the account
	// entered it. Whoever changes Tier sets TierSince to the instant of the
	// change (tiering.Result.Accounts does so for a re-tiering), so that a
	// minimum dwell time between moves can be kept: package tiering's
	// hysteresis reads it. A zero TierSince means the instant is not known,
	// and an account with an unknown TierSince is not held by a dwell time.
	// An Unassigned account has no TierSince.
	Tier      Tier      // the service tier, Unassigned until tiered
	TierSince time.Time // when the account entered its current Tier; zero if unknown

	Segment  string // a free-form segment label, e.g. "enterprise" or an RFM segment
	Industry string // e.g. "utilities"; used by assignment constraints
	Region   string // e.g. "APAC"; used by assignment constraints

	// Currency is the account's default currency, or "" if it has none.
	Currency Currency

	// Internal marks an internal customer: a department served by IT, HR or
	// Finance, measured by cost rather than revenue.
	Internal bool

	// Attributes holds named numeric facts for scoring: employees, sites,
	// potential, strategic fit, ... Names are case-sensitive. A nil map is
	// an empty one.
	Attributes map[string]decimal.Decimal

	// Created and Updated are set by the application; stores keep them as
	// given and never read the clock.
	Created time.Time // when the account was created; zero if unknown
	Updated time.Time // when it last changed; zero if unknown

	// Version is the optimistic-concurrency version kept by stores: 0 before
	// the account is first stored, then 1, 2, ... An update or delete must
	// carry the version it read, or it fails with ErrConflict.
	Version int64
}

// Validate reports every problem with a, as [*FieldError] values joined with
// [errors.Join]; nil means a is valid. It checks that ID and Name are
// present, that Parent, if set, is a valid ID other than a's own, that
// Currency, if set, is an active ISO 4217 code, that attribute names are
// non-empty and trimmed, that Version is not negative, that Updated is not
// before Created, and that TierSince, if set, belongs to a tier (Tier is not
// Unassigned) and is not after Updated (if Updated is set).
func (a Account) Validate() error {
	f := &fieldErrors{record: "Account", id: string(a.ID)}
	if r := idReason(string(a.ID)); r != "" {
		f.add("ID", string(a.ID), r)
	}
	if strings.TrimSpace(a.Name) == "" {
		f.add("Name", a.Name, "is missing")
	}
	if a.Parent != "" {
		if r := idReason(string(a.Parent)); r != "" {
			f.add("Parent", string(a.Parent), r)
		} else if a.Parent == a.ID {
			f.add("Parent", string(a.Parent), "is the account itself")
		}
	}
	if a.Owner != "" {
		if r := idReason(string(a.Owner)); r != "" {
			f.add("Owner", string(a.Owner), r)
		}
	}
	if a.Currency != "" && !a.Currency.Valid() {
		f.add("Currency", string(a.Currency), currencyReason(string(a.Currency)))
	}
	for _, name := range sortedKeys(a.Attributes) {
		if name == "" || strings.TrimSpace(name) != name {
			f.add("Attributes", name, "attribute names must be non-empty and have no surrounding space")
		}
	}
	if a.Version < 0 {
		f.add("Version", a.Version, "must not be negative")
	}
	if !a.Created.IsZero() && !a.Updated.IsZero() && a.Updated.Before(a.Created) {
		f.add("Updated", a.Updated, "is before Created")
	}
	if !a.TierSince.IsZero() {
		if a.Tier == Unassigned {
			f.add("TierSince", a.TierSince, "is set but the account has no tier")
		}
		if !a.Updated.IsZero() && a.TierSince.After(a.Updated) {
			f.add("TierSince", a.TierSince, "is after Updated")
		}
	}
	return f.err()
}

// Clone returns a deep copy of a: the Attributes map is copied, so the copy
// and a share no mutable state.
func (a Account) Clone() Account {
	if a.Attributes != nil {
		m := make(map[string]decimal.Decimal, len(a.Attributes))
		for k, v := range a.Attributes {
			m[k] = v
		}
		a.Attributes = m
	}
	return a
}
