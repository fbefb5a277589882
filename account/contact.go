package account

import (
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// A Contact is a person at a customer: one entry of the account's
// stakeholder map, with the part they play in decisions, how much they
// weigh, and where they stand.
//
// The zero Contact is not valid: it has no ID, account, name or influence.
type Contact struct {
	ID      ContactID // identifies the contact; required
	Account ID        // the account the contact belongs to; required
	Name    string    // the person's name; required
	Title   string    // job title, free text
	Email   string    // free text; not validated

	Role      Role     // the part played in buying or funding decisions
	Influence int      // 1 (little) to 5 (decisive)
	Attitude  Attitude // supporter, neutral or detractor

	// LastContacted is when the account team last spoke with the contact;
	// the zero time means never.
	LastContacted time.Time

	// Version is the optimistic-concurrency version kept by stores; see
	// [Account].
	Version int64
}

// Validate reports every problem with c as joined [*FieldError] values: ID,
// Account and Name are required, Role and Attitude must be known values, and
// Influence must be from 1 to 5.
func (c Contact) Validate() error {
	f := &fieldErrors{record: "Contact", id: string(c.ID)}
	if r := idReason(string(c.ID)); r != "" {
		f.add("ID", string(c.ID), r)
	}
	if r := idReason(string(c.Account)); r != "" {
		f.add("Account", string(c.Account), r)
	}
	if strings.TrimSpace(c.Name) == "" {
		f.add("Name", c.Name, "is missing")
	}
	if !roleNames.Valid(c.Role) {
		f.add("Role", int(c.Role), "is not a known Role")
	}
	if c.Influence < 1 || c.Influence > 5 {
		f.add("Influence", c.Influence, "must be from 1 to 5")
	}
	if !attitudeNames.Valid(c.Attitude) {
		f.add("Attitude", int(c.Attitude), "is not a known Attitude")
	}
	if c.Version < 0 {
		f.add("Version", c.Version, "must not be negative")
	}
	return f.err()
}

// Role is the part a contact plays in the customer's decisions.
// The zero Role is [RoleUnknown], which is valid: a new contact's role is
// often not yet known.
type Role uint8

// The roles of a stakeholder map.
const (
	RoleUnknown       Role = iota // not yet known
	RoleDecisionMaker             // signs off the decision
	RoleSponsor                   // champions the relationship and funds it
	RoleInfluencer                // shapes the decision without making it
	RoleUser                      // uses the product or service day to day
	RoleGatekeeper                // controls access to the others
)

var roleNames = enum.New("Role", map[Role]string{
	RoleUnknown:       "unknown",
	RoleDecisionMaker: "decision-maker",
	RoleSponsor:       "sponsor",
	RoleInfluencer:    "influencer",
	RoleUser:          "user",
	RoleGatekeeper:    "gatekeeper",
})

// String returns the role's name, such as "decision-maker".
func (r Role) String() string { return roleNames.String(r) }

// MarshalText returns the role's name; an unknown value is an error.
func (r Role) MarshalText() ([]byte, error) { return roleNames.MarshalText(r, ErrInvalid) }

// UnmarshalText parses a name written by [Role.MarshalText].
func (r *Role) UnmarshalText(text []byte) error {
	v, err := roleNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*r = v
	}
	return err
}

// Attitude is where a contact stands towards the relationship. The zero
// Attitude is [AttitudeNeutral].
type Attitude int8

// The attitudes of a stakeholder map.
const (
	AttitudeDetractor Attitude = -1 // works against the relationship
	AttitudeNeutral   Attitude = 0  // neither for nor against
	AttitudeSupporter Attitude = 1  // works for the relationship
)

var attitudeNames = enum.New("Attitude", map[Attitude]string{
	AttitudeDetractor: "detractor",
	AttitudeNeutral:   "neutral",
	AttitudeSupporter: "supporter",
})

// String returns the attitude's name, such as "supporter".
func (a Attitude) String() string { return attitudeNames.String(a) }

// MarshalText returns the attitude's name; an unknown value is an error.
func (a Attitude) MarshalText() ([]byte, error) { return attitudeNames.MarshalText(a, ErrInvalid) }

// UnmarshalText parses a name written by [Attitude.MarshalText].
func (a *Attitude) UnmarshalText(text []byte) error {
	v, err := attitudeNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*a = v
	}
	return err
}
