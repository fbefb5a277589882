package escalation

import (
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// An Issue is what the engine decides on: the ticket as package sla has it
// (its timeline, and its evaluation), and the facts of its escalation.
// The timeline's Category is the issue's category, for [TriggerRepeats]
// with SameCategory.
//
// The zero Issue is not valid: it has no timeline.
type Issue struct {
	// Timeline is the ticket's history: it gives the issue's ID, account,
	// tier, priorities, and when it was opened, solved and reopened.
	Timeline sla.Timeline

	// SLA is the ticket's evaluation by package sla, at an instant not
	// before its last event up to the decision's now (and not after now).
	// Triggers on SLA metrics read it; it may be zero when the policy has
	// none.
	SLA sla.Result

	// Policy names the escalation procedure: the name the tier's service
	// model gives (tiering.ServiceModel.EscalationPolicy). [Engine.Decide]
	// picks its version and variant with [Policies.Select].
	Policy string

	// PolicyAt picks the policy version: the version in force at PolicyAt.
	// Zero, it is the instant the issue opened, so the version in force
	// then applies for the issue's life; set it (to now, say) to
	// re-evaluate the issue under a newer version.
	PolicyAt time.Time

	// Owner is the account manager who owned the account when the issue
	// opened: the issue's one owner. Required. Only a [FactReassigned]
	// changes it; escalation adds participants, never owners.
	Owner Person

	// Facts are the escalation's facts (acknowledgements, customer
	// requests, reassignments) in order of time.
	Facts []Fact

	// Recent lists the account's other issues, for [TriggerRepeats]:
	// those opened within the longest repeat window of this one, in any
	// order. Those opened after the decision's now are not counted.
	Recent []Recent
}

// A Fact is something that happened to an issue's escalation.
//
// The zero Fact is not valid: it has no Kind and no time.
type Fact struct {
	ID   string    // identifies the fact in errors; optional
	At   time.Time // when it happened: not before the issue opened
	Kind FactKind

	// Level names the level that acknowledged, for FactAcknowledged;
	// it must be empty on the other kinds.
	Level string

	// Person is who acknowledged (optional), for FactAcknowledged, or the
	// new owner (required), for FactReassigned; empty for FactRequested.
	Person Person
}

// Recent is another issue of the same account, for [TriggerRepeats]. Its
// fields are named as those of an [Occurrence] and a [Record]: Issue for
// the ticket's ID, At for the instant it opened.
type Recent struct {
	Issue    string    // its ticket; must differ from the issue's own
	At       time.Time // when it opened
	Category string    // its category
}

// ticket returns the issue's ticket ID.
func (is *Issue) ticket() string { return is.Timeline.Ticket }

// account returns the issue's account.
func (is *Issue) account() account.ID { return is.Timeline.Account }
