package escalation

import (
	"sync"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// A Decision is what the engine decided for one issue at one instant: the
// notifications to send now, where the escalation stands, and when to
// decide again.
//
// The zero Decision decides nothing.
type Decision struct {
	Issue   string     // the issue's ticket
	Account account.ID // its account
	At      time.Time  // the decision's now

	// Policy and Version name the policy version applied.
	Policy  string
	Version int

	// Owner is the issue's one owner: Issue.Owner, or the Person of its
	// last FactReassigned up to At.
	Owner Person

	// Participants are the people notified so far, the notifications of
	// Notify included, sorted, each once. The owner is not among them
	// unless a level notified them.
	Participants []Person

	// Level is the current level: the number (from 1) of the highest level
	// notified so far, Notify included; 0 when none has been, or when the
	// issue is resolved (it de-escalates).
	Level int

	// Resolved reports that the issue is solved or closed at At: nothing
	// more is due until it is reopened.
	Resolved bool

	// Notify are the notifications due now, not yet in the records: by
	// level, then repeat. Send them and record each ([Notification.Record]).
	Notify []Notification

	// Held are notifications that are due but held by the policy's quiet
	// hours until their At, after the decision's now.
	Held []Notification

	// Skipped are the levels passed because they resolve to nobody, in
	// order.
	Skipped []Skip

	// NextCheck is the earliest instant after At at which something new
	// can become due if the issue does not change (no new event, fact,
	// record or recent issue): nothing can before it, and at it something
	// does. It is the zero time when nothing ever will.
	NextCheck time.Time

	// Trace explains the decision, step by step.
	Trace Trace
}

// A Notification is a level's notification: due now (in [Decision.Notify])
// or held by quiet hours (in [Decision.Held]).
//
// The zero Notification notifies nobody.
type Notification struct {
	Key     string     // the idempotency key: [Key] of Issue, LevelName and Repeat
	Issue   string     // the issue's ticket
	Account account.ID // its account
	Policy  string     // the policy's name
	Version int        // and version

	Level     int       // the level's number, from 1
	LevelName string    // its name
	Kind      LevelKind // functional or hierarchical
	Repeat    int       // 0 for the first notification, then 1, 2, ...

	// Recipients are the people to notify, in the order the level lists
	// them (role, team, named people), each once.
	Recipients []Person

	// Trigger is the kind of trigger that made the level due (zero for a
	// repeat); Reason names it and its values.
	Trigger TriggerKind
	Reason  string

	// Due is when the notification became due, and At when it may be
	// sent: Due, or the next instant the quiet hours allow. Held reports
	// that quiet hours moved it (At is after Due).
	Due  time.Time
	At   time.Time
	Held bool
}

// Record returns the record of n, to store once n is sent.
func (n Notification) Record() Record {
	return Record{Key: n.Key, Issue: n.Issue, Account: n.Account, Policy: n.Policy, Version: n.Version,
		Level: n.Level, LevelName: n.LevelName, Repeat: n.Repeat,
		Recipients: append([]Person(nil), n.Recipients...), Due: n.Due, At: n.At, Reason: n.Reason}
}

// A Skip is a level passed because it resolves to nobody.
type Skip struct {
	Level     int       // the level's number, from 1
	LevelName string    // its name
	At        time.Time // when it became due, and was passed
	Reason    string    // why it resolved to nobody
}

// An Engine decides issues under a list of policies and an org chart,
// validated and compiled once by [NewEngine]. It keeps no reference to the
// Policies and OrgChart it was built from.
//
// An Engine is safe for concurrent use. The zero Engine decides nothing
// (its methods return an error): build one with NewEngine.
type Engine struct {
	policies []compiled
	sel      Policies // the policies' names, versions and variants, to select by
	org      OrgChart
	pool     sync.Pool // *scratch
}

// NewEngine validates ps (see [Policies.Validate]), checks every metric
// trigger against the SLA policy its Policy names in slas (which may be
// nil if no Policy names one), and returns an Engine for ps and org.
func NewEngine(ps Policies, org OrgChart, slas sla.Policies) (*Engine, error) {
	return newEngine(ps, org, slas)
}

// Decide decides the issue is at the instant now under p alone, with a
// one-off [Engine]: see [Engine.Decide]. The issue's Policy and PolicyAt
// are not read: p applies.
func Decide(p Policy, org OrgChart, is Issue, fired []Record, now time.Time) (Decision, error) {
	e, err := newEngine(Policies{p}, org, nil)
	if err != nil {
		return Decision{}, err
	}
	return e.decide(&e.policies[0], &is, fired, now)
}

// Decide decides the issue is at the instant now, given the records of the
// notifications already fired for it, under the policy variant and version
// [Policies.Select] picks for it.
func (e *Engine) Decide(is Issue, fired []Record, now time.Time) (Decision, error) {
	return e.decideIssue(&is, fired, now)
}
