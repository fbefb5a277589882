package review

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// Role is the part a person plays in an account review, in a schedule's
// meetings ([Subject].Attendees) and in a review's record
// ([Review].Attendees) alike. The zero Role is not a role.
type Role uint8

// The roles of a review's attendees.
const (
	// RoleManager is the account manager, who owns the account and chairs
	// its reviews. A [Subject] has exactly one, whose load the schedule
	// levels ([ScheduleRequest] PerDay and PerWeek).
	RoleManager  Role = iota + 1
	RoleFinance       // finance: revenue, budgets and billing
	RoleDelivery      // delivery or service: what was delivered and how well
	RoleSponsor       // the executive sponsor of the account
	RoleCustomer      // someone from the customer
	RoleOther         // anyone else
)

var roleNames = enum.New("Role", map[Role]string{
	RoleManager:  "manager",
	RoleFinance:  "finance",
	RoleDelivery: "delivery",
	RoleSponsor:  "sponsor",
	RoleCustomer: "customer",
	RoleOther:    "other",
})

// String returns "manager", "finance", "delivery", "sponsor", "customer"
// or "other", or "%!Role(9)" for an unknown value.
func (r Role) String() string { return roleNames.String(r) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero Role is the exception: it is the empty text, unset.
func (r Role) MarshalText() ([]byte, error) { return roleNames.MarshalText(r, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Role.
func (r *Role) UnmarshalText(text []byte) error {
	v, err := roleNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*r = v
	}
	return err
}

// An Attendee is a person in a role: invited to a scheduled review
// ([Subject].Attendees), or present at a held one ([Review].Attendees).
//
// In a schedule the Email is required, as it tells people apart, and the
// Name is optional. In a review record the Name is required and the Email
// optional. An Email, where given, is at most 254 bytes of UTF-8 without
// spaces, control characters or double quotes.
type Attendee struct {
	Role Role // required

	// Email identifies the person, compared exactly as given: two
	// attendees with the same Email are one person, who cannot be in two
	// meetings at once.
	Email string

	Name string // the name to show; without control characters or double quotes
}

// emailProblem returns why e is not a usable email address, or "".
func emailProblem(e string) string {
	switch {
	case e == "":
		return "is missing"
	case len(e) > maxEmail:
		return "is longer than " + itoa(maxEmail) + " bytes"
	case !utf8.ValidString(e):
		return "is not valid UTF-8"
	case strings.ContainsFunc(e, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' }):
		return "must not contain spaces, control characters or double quotes"
	}
	return ""
}
