package account

import (
	"slices"
	"strings"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// A Manager is an account manager: the single owner of the accounts assigned
// to them.
//
// Capacity is in workload units, the same units a tier's service model
// charges per account (a tier-1 account might cost 10 units, a tier-3 one
// 1), so assignment can keep each manager's load within capacity.
//
// The zero Manager is not valid: it has no ID or name.
type Manager struct {
	ID   ManagerID // identifies the manager; required
	Name string    // the manager's name; required

	// Capacity is how many workload units the manager can carry; 0 means
	// the manager takes no accounts.
	Capacity int

	// Regions, Industries and Skills are the labels assignment rules match
	// against an account's Region, Industry and needs. Each list is a set:
	// entries must be non-empty and distinct. Regions and Industries are
	// what the manager covers, and an empty list means no restriction:
	// the manager covers every region (industry). Skills are the skills
	// the manager holds, and an empty list means none: a manager with no
	// skills listed may own only accounts that need no skill.
	Regions    []string // regions covered, matched against Account.Region; empty covers all
	Industries []string // industries covered, matched against Account.Industry; empty covers all
	Skills     []string // skills held, matched against what an account needs; empty holds none

	// Audience says whether the manager serves internal customers,
	// external ones, or both (the zero value).
	Audience Audience

	// Active is false for a manager who has left or is on leave and must
	// not be given accounts.
	Active bool

	// Version is the optimistic-concurrency version kept by stores; see
	// [Account].
	Version int64
}

// Validate reports every problem with m as joined [*FieldError] values: ID
// and Name are required, Capacity must not be negative, the label lists must
// hold distinct non-empty entries, and Audience must be known.
func (m Manager) Validate() error {
	f := &fieldErrors{record: "Manager", id: string(m.ID)}
	if r := idReason(string(m.ID)); r != "" {
		f.add("ID", string(m.ID), r)
	}
	if strings.TrimSpace(m.Name) == "" {
		f.add("Name", m.Name, "is missing")
	}
	if m.Capacity < 0 {
		f.add("Capacity", m.Capacity, "must not be negative")
	}
	checkLabels(f, "Regions", m.Regions)
	checkLabels(f, "Industries", m.Industries)
	checkLabels(f, "Skills", m.Skills)
	if !audienceNames.Valid(m.Audience) {
		f.add("Audience", int(m.Audience), "is not a known Audience")
	}
	if m.Version < 0 {
		f.add("Version", m.Version, "must not be negative")
	}
	return f.err()
}

func checkLabels(f *fieldErrors, field string, labels []string) {
	for i, l := range labels {
		switch {
		case strings.TrimSpace(l) == "":
			f.add(field, l, "entries must not be empty")
		case slices.Contains(labels[:i], l):
			f.add(field, l, "is listed twice")
		}
	}
}

// Clone returns a deep copy of m whose slices share nothing with m.
func (m Manager) Clone() Manager {
	m.Regions = slices.Clone(m.Regions)
	m.Industries = slices.Clone(m.Industries)
	m.Skills = slices.Clone(m.Skills)
	return m
}

// Audience is which customers a manager serves.
type Audience uint8

// The audiences. The zero value, [AudienceAll], serves everyone.
const (
	AudienceAll      Audience = iota // internal and external customers
	AudienceExternal                 // external customers only
	AudienceInternal                 // internal customers (departments) only
)

var audienceNames = enum.New("Audience", map[Audience]string{
	AudienceAll:      "all",
	AudienceExternal: "external",
	AudienceInternal: "internal",
})

// Serves reports whether a manager with audience a may own an account whose
// Internal flag is internal.
func (a Audience) Serves(internal bool) bool {
	switch a {
	case AudienceAll:
		return true
	case AudienceExternal:
		return !internal
	case AudienceInternal:
		return internal
	}
	return false
}

// String returns the audience's name, such as "internal".
func (a Audience) String() string { return audienceNames.String(a) }

// MarshalText returns the audience's name; an unknown value is an error.
func (a Audience) MarshalText() ([]byte, error) { return audienceNames.MarshalText(a, ErrInvalid) }

// UnmarshalText parses a name written by [Audience.MarshalText].
func (a *Audience) UnmarshalText(text []byte) error {
	v, err := audienceNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*a = v
	}
	return err
}
