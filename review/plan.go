package review

import (
	"cmp"
	"iter"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/enum"
)

// A Plan is one version of an account plan: what the account team means
// to achieve with the customer and how, written down so that every part of
// the organisation can read it. A plan is never edited in place: every
// change is a new version, with its author and the instant it was made, so
// that the versions together are the organisation's memory of the account
// (see [PlanAt] and [PlanStore]).
//
// The zero Plan is not valid: it names no account, author or instant.
type Plan struct {
	Account account.ID // the account planned for; required

	Objectives []Objective // what the team means to achieve, each with an owner

	// Goals and Needs are the customer's goals and needs as the team
	// understands them, one short text each.
	Goals []string
	Needs []string

	SWOT SWOT // the account's strengths, weaknesses, opportunities and threats

	// Stakeholders are the account's contacts the team means to engage,
	// each once. [Plan.CheckStakeholders] checks that they are contacts of
	// the account.
	Stakeholders []account.ContactID

	Status PlanStatus // draft, active or closed; required

	// Author is who made this version, and At the instant it was made:
	// the version is in force from At until the next version's At.
	Author account.ManagerID // required
	At     time.Time         // required

	// Version is the plan's version number kept by stores: 0 before the
	// plan is first saved, then 1, 2, ... one per saved version. Saving a
	// change must carry the version it read, or it fails with
	// account.ErrConflict.
	Version int64
}

// An Objective is one aim of an account plan: what is to be achieved
// (Title), who answers for it (Owner), how it is measured (Measure), the
// level to reach (Target) and by when (Due).
//
// The zero Objective is not valid.
type Objective struct {
	ID      ObjectiveID       // identifies the objective within its plan; required
	Title   string            // what is to be achieved; required
	Owner   account.ManagerID // who answers for it: an account manager or any colleague; required
	Measure string            // how progress is measured, such as "annual revenue"; required
	Target  string            // the level to reach, such as "NZD 2,000,000" or "95%"; required
	Due     calendar.Date     // when it is to be reached; required

	Status ObjectiveStatus // open, met, missed or dropped; required

	// Met is the date the objective was met; set when, and only when,
	// Status is ObjectiveMet.
	Met calendar.Date
}

// ObjectiveID identifies an objective within its account plan. It follows
// the rules of [account.ID].
type ObjectiveID string

// A SWOT is the account team's reading of the account: its strengths and
// weaknesses (inside the relationship) and its opportunities and threats
// (outside it), one short text each. The zero SWOT is empty and valid.
type SWOT struct {
	Strengths     []string
	Weaknesses    []string
	Opportunities []string
	Threats       []string
}

// PlanStatus is the state of an account plan. The zero PlanStatus is not
// valid: every plan says.
type PlanStatus uint8

// The plan statuses.
const (
	PlanStatusDraft  PlanStatus = 1 // being written; not yet agreed
	PlanStatusActive PlanStatus = 2 // agreed and being worked
	PlanStatusClosed PlanStatus = 3 // no longer worked: the account left, or the plan was replaced
)

var planStatusNames = enum.New("PlanStatus", map[PlanStatus]string{
	PlanStatusDraft:  "draft",
	PlanStatusActive: "active",
	PlanStatusClosed: "closed",
})

// String returns "draft", "active" or "closed", or "%!PlanStatus(9)" for
// an unknown value.
func (s PlanStatus) String() string { return planStatusNames.String(s) }

// MarshalText returns the status's name; an unknown value is an error
// wrapping [ErrInvalid].
// The zero PlanStatus is the exception: it is the empty text, unset.
func (s PlanStatus) MarshalText() ([]byte, error) { return planStatusNames.MarshalText(s, ErrInvalid) }

// UnmarshalText parses a name written by [PlanStatus.MarshalText].
// The empty text is the zero PlanStatus.
func (s *PlanStatus) UnmarshalText(text []byte) error {
	v, err := planStatusNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// ObjectiveStatus is where an objective stands. The zero ObjectiveStatus
// is not valid.
type ObjectiveStatus uint8

// The objective statuses.
const (
	ObjectiveOpen    ObjectiveStatus = 1 // being worked towards
	ObjectiveMet     ObjectiveStatus = 2 // reached
	ObjectiveMissed  ObjectiveStatus = 3 // not reached by its date
	ObjectiveDropped ObjectiveStatus = 4 // no longer pursued
)

var objectiveStatusNames = enum.New("ObjectiveStatus", map[ObjectiveStatus]string{
	ObjectiveOpen:    "open",
	ObjectiveMet:     "met",
	ObjectiveMissed:  "missed",
	ObjectiveDropped: "dropped",
})

// String returns "open", "met", "missed" or "dropped", or
// "%!ObjectiveStatus(9)" for an unknown value.
func (s ObjectiveStatus) String() string { return objectiveStatusNames.String(s) }

// MarshalText returns the status's name; an unknown value is an error
// wrapping [ErrInvalid].
// The zero ObjectiveStatus is the exception: it is the empty text, unset.
func (s ObjectiveStatus) MarshalText() ([]byte, error) {
	return objectiveStatusNames.MarshalText(s, ErrInvalid)
}

// UnmarshalText parses a name written by [ObjectiveStatus.MarshalText].
// The empty text is the zero ObjectiveStatus.
func (s *ObjectiveStatus) UnmarshalText(text []byte) error {
	v, err := objectiveStatusNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// Validate reports every problem with p as [*account.FieldError] values
// (Record "Plan", ID the account) wrapping [ErrInvalid], joined; nil means
// p is valid. Account, Status, Author and At are required; every
// objective needs an ID no other objective of the plan has, a title, an
// owner, a measure, a target, a due date and a known status, with Met set
// when, and only when, it is met; goals, needs and SWOT entries must be
// non-empty texts without surrounding space; stakeholders must be valid
// contact IDs, each listed once; Version must not be negative.
func (p Plan) Validate() error {
	f := &faults{record: "Plan", id: string(p.Account)}
	f.ident("Account", string(p.Account))
	seen := make(map[ObjectiveID]int, len(p.Objectives))
	for i, o := range p.Objectives {
		at := index("Objectives", i)
		f.ident(at+".ID", string(o.ID))
		if j, dup := seen[o.ID]; dup && o.ID != "" {
			f.add(at+".ID", string(o.ID), "is the ID of "+index("Objectives", j)+" too")
		} else if !dup {
			seen[o.ID] = i
		}
		f.text(at+".Title", o.Title)
		f.ident(at+".Owner", string(o.Owner))
		f.text(at+".Measure", o.Measure)
		f.text(at+".Target", o.Target)
		f.date(at+".Due", o.Due, true)
		if !objectiveStatusNames.Valid(o.Status) {
			f.add(at+".Status", int(o.Status), "is not a known ObjectiveStatus")
		}
		f.date(at+".Met", o.Met, false)
		if o.Status == ObjectiveMet && o.Met.IsZero() {
			f.add(at+".Met", nil, "is missing for a met objective")
		}
		if o.Status != ObjectiveMet && !o.Met.IsZero() {
			f.add(at+".Met", o.Met, "is set but the objective is "+o.Status.String())
		}
	}
	f.texts("Goals", p.Goals)
	f.texts("Needs", p.Needs)
	f.texts("SWOT.Strengths", p.SWOT.Strengths)
	f.texts("SWOT.Weaknesses", p.SWOT.Weaknesses)
	f.texts("SWOT.Opportunities", p.SWOT.Opportunities)
	f.texts("SWOT.Threats", p.SWOT.Threats)
	listed := make(map[account.ContactID]int, len(p.Stakeholders))
	for i, c := range p.Stakeholders {
		f.ident(index("Stakeholders", i), string(c))
		if j, dup := listed[c]; dup {
			f.add(index("Stakeholders", i), string(c), "is listed at "+index("Stakeholders", j)+" too")
		} else {
			listed[c] = i
		}
	}
	if !planStatusNames.Valid(p.Status) {
		f.add("Status", int(p.Status), "is not a known PlanStatus")
	}
	f.ident("Author", string(p.Author))
	if p.At.IsZero() {
		f.add("At", nil, "is missing")
	}
	if p.Version < 0 {
		f.add("Version", p.Version, "must not be negative")
	}
	return f.err()
}

// Clone returns a deep copy of p: its slices are copied, so the copy and p
// share no mutable state.
func (p Plan) Clone() Plan {
	p.Objectives = slices.Clone(p.Objectives)
	p.Goals = slices.Clone(p.Goals)
	p.Needs = slices.Clone(p.Needs)
	p.SWOT = SWOT{
		Strengths:     slices.Clone(p.SWOT.Strengths),
		Weaknesses:    slices.Clone(p.SWOT.Weaknesses),
		Opportunities: slices.Clone(p.SWOT.Opportunities),
		Threats:       slices.Clone(p.SWOT.Threats),
	}
	p.Stakeholders = slices.Clone(p.Stakeholders)
	return p
}

// Objective returns the objective of p with the given ID, and whether
// there is one.
func (p Plan) Objective(id ObjectiveID) (Objective, bool) {
	i := slices.IndexFunc(p.Objectives, func(o Objective) bool { return o.ID == id })
	if i < 0 {
		return Objective{}, false
	}
	return p.Objectives[i], true
}

// CheckStakeholders reports every stakeholder of p that is not a contact
// of p's account among contacts: an [*account.FieldError] (Record "Plan",
// Field "Stakeholders[i]") wrapping [ErrUnknownStakeholder], joined.
// contacts is what a store's list yields, such as
// [account.ContactStore.Contacts] with the account's filter; contacts of
// other accounts are ignored, and an error it yields is returned as it is.
func (p Plan) CheckStakeholders(contacts iter.Seq2[account.Contact, error]) error {
	known := make(map[account.ContactID]bool)
	for c, err := range contacts {
		if err != nil {
			return err
		}
		if c.Account == p.Account {
			known[c.ID] = true
		}
	}
	f := &faults{record: "Plan", id: string(p.Account)}
	for i, c := range p.Stakeholders {
		if !known[c] {
			f.list.Add(&account.FieldError{Record: "Plan", ID: string(p.Account), Field: index("Stakeholders", i),
				Value: string(c), Reason: "is not a contact of the account", Err: ErrUnknownStakeholder})
		}
	}
	return f.err()
}

// PlanAt returns the version of a plan in force at the instant at, from
// the plan's versions in any order: the version with the latest At not
// after at, and of those the highest Version. It reports false when every
// version was made after at (the plan did not exist yet) or there is none.
// The versions should be of one account; PlanAt does not check.
func PlanAt(versions []Plan, at time.Time) (Plan, bool) {
	best := -1
	for i := range versions {
		v := &versions[i]
		if v.At.After(at) {
			continue
		}
		if best < 0 || comparePlans(v, &versions[best]) > 0 {
			best = i
		}
	}
	if best < 0 {
		return Plan{}, false
	}
	return versions[best].Clone(), true
}

// comparePlans orders versions of one plan by At, then Version.
func comparePlans(a, b *Plan) int {
	if c := a.At.Compare(b.At); c != 0 {
		return c
	}
	return cmp.Compare(a.Version, b.Version)
}
