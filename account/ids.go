package account

import (
	"strconv"
	"unicode"
	"unicode/utf8"
)

// ID identifies an account. IDs are opaque, case-sensitive strings chosen by
// the application (a CRM key, a cost-centre code, ...), ordered byte-wise
// wherever the package sorts by ID.
//
// A valid ID is non-empty, at most [MaxIDLen] bytes of valid UTF-8, and has
// no control characters and no leading or trailing space. The same rules
// hold for the other ID types.
type ID string

// ManagerID identifies an account manager.
type ManagerID string

// ContactID identifies a contact (a stakeholder at a customer).
type ContactID string

// TransactionID identifies a transaction. Stores reject a second
// transaction with the same ID, which makes re-importing a batch safe.
type TransactionID string

// InteractionID identifies an interaction.
type InteractionID string

// OfferingID identifies an offering: a product or service of the seller's
// catalogue (package growth keeps the catalogue). It follows the rules of
// [ID.Validate].
type OfferingID string

// MaxIDLen is the longest ID, in bytes, that validation accepts.
const MaxIDLen = 256

// Validate reports whether id is a valid ID: non-empty, at most [MaxIDLen]
// bytes of valid UTF-8, no control characters, no leading or trailing
// space. The error is a [*FieldError] naming the rule broken.
func (id ID) Validate() error { return validateID("ID", string(id)) }

// Validate reports whether id is valid, by the rules of [ID.Validate].
func (id ManagerID) Validate() error { return validateID("ManagerID", string(id)) }

// Validate reports whether id is valid, by the rules of [ID.Validate].
func (id ContactID) Validate() error { return validateID("ContactID", string(id)) }

// Validate reports whether id is valid, by the rules of [ID.Validate].
func (id TransactionID) Validate() error { return validateID("TransactionID", string(id)) }

// Validate reports whether id is valid, by the rules of [ID.Validate].
func (id InteractionID) Validate() error { return validateID("InteractionID", string(id)) }

// Validate reports whether id is valid, by the rules of [ID.Validate].
func (id OfferingID) Validate() error { return validateID("OfferingID", string(id)) }

func validateID(typ, s string) error {
	if r := idReason(s); r != "" {
		return &FieldError{Record: typ, Field: "value", Value: s, Reason: r, Err: ErrInvalid}
	}
	return nil
}

// labelReason returns why s is not a valid optional label (an
// interaction's Division or OfferingFamily), or "" if it is: "" is valid,
// and anything else follows the rules of an ID.
func labelReason(s string) string {
	if s == "" {
		return ""
	}
	return idReason(s)
}

// idReason returns why s is not a valid ID, or "" if it is.
func idReason(s string) string {
	switch {
	case s == "":
		return "is missing"
	case len(s) > MaxIDLen:
		return "is longer than " + strconv.Itoa(MaxIDLen) + " bytes"
	case !utf8.ValidString(s):
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return "contains a control character"
		}
	}
	if first, _ := utf8.DecodeRuneInString(s); unicode.IsSpace(first) {
		return "has leading space"
	}
	if last, _ := utf8.DecodeLastRuneInString(s); unicode.IsSpace(last) {
		return "has trailing space"
	}
	return ""
}

// Tier is an account's service tier: 1 is the highest (the key accounts),
// 2 the next, and so on. The zero Tier, [Unassigned], means the account has
// no tier yet. Tiers compare as numbers, so a higher tier has a smaller
// number: use [Tier.Above] rather than < to avoid reading it backwards.
type Tier uint8

// Unassigned is the zero Tier: no tier has been assigned.
const Unassigned Tier = 0

// String returns "tier 1", "tier 2", ... or "unassigned".
func (t Tier) String() string {
	if t == Unassigned {
		return "unassigned"
	}
	return "tier " + strconv.Itoa(int(t))
}

// Above reports whether t is a higher tier than u: tier 1 is above tier 2,
// and every assigned tier is above [Unassigned].
func (t Tier) Above(u Tier) bool {
	if t == Unassigned {
		return false
	}
	return u == Unassigned || t < u
}
