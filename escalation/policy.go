package escalation

import (
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/sla"
)

// Person identifies someone a notification can go to: an account manager
// (the same string as their [account.ManagerID]), a team leader, a
// sponsor. The application decides what it is (a login, an e-mail).
type Person string

// A Policy is one version of an agreed escalation procedure: a named,
// ordered list of levels, each with whom it notifies and what makes it
// due. A [Policies] list holds the variants (per tier, per priority) and
// the versions of every policy, and picks one for an issue as
// [sla.Policies] picks an SLA policy.
//
// The zero Policy is not valid: it has no Name, Version or Levels.
type Policy struct {
	// Name names the procedure: the name a tier's service model gives
	// (tiering.ServiceModel.EscalationPolicy). Variants and versions of
	// one procedure share it.
	Name string

	// Version numbers the versions of the procedure: 1, 2, ... The
	// variants of one version share its number and Effective.
	Version int

	// Effective is the instant from which the version is in force: an
	// issue is escalated for its life by the version in force when it
	// opened (see [Issue.PolicyAt]). The zero Effective is in force from
	// the beginning; a later version must have a later Effective.
	Effective time.Time

	// Tiers and Priorities limit the variant to issues of accounts in
	// these tiers (sla.Timeline.Tier) and opened at these priorities.
	// Empty, it applies to all. The last variant of a version must apply
	// to all (see [Policy.CatchAll]).
	Tiers      []account.Tier
	Priorities []sla.Priority

	// SLA names the sla.Policy whose targets the metric triggers read. It
	// is checked against the SLA policies by [NewEngine]: a trigger on a
	// metric that policy sets no target for is an error. Empty, metric
	// triggers are not checked.
	SLA string

	// Levels are the levels in order: a level fires only after the one
	// before it fired or was passed. At least one, at most [MaxLevels].
	Levels []Level

	// QuietHours, if not nil, is when people may be notified: a
	// notification due outside its working time is held to its next
	// working instant, and the hold is reported. Nil, any time will do.
	QuietHours *calendar.Calendar
}

// CatchAll reports whether p applies to every issue of its version: it
// lists no tiers and no priorities.
func (p Policy) CatchAll() bool { return len(p.Tiers) == 0 && len(p.Priorities) == 0 }

// Matches reports whether p applies to an issue of an account in tier t
// opened at priority pr.
func (p Policy) Matches(t account.Tier, pr sla.Priority) bool {
	return (len(p.Tiers) == 0 || slices.Contains(p.Tiers, t)) &&
		(len(p.Priorities) == 0 || slices.Contains(p.Priorities, pr))
}

// A Level is one step of a procedure: who is notified, how, when, and how
// often again.
//
// The zero Level is not valid: it has no Name, Kind, recipients or
// Triggers.
type Level struct {
	// Name names the level in idempotency keys, records and
	// acknowledgements: unique within the policy. Keep it across versions
	// so that a re-evaluated issue does not notify a level again.
	Name string

	Kind LevelKind // functional or hierarchical

	// Role, Team and People say whom the level notifies: the person in
	// Role for the issue (resolved against its owner and the [OrgChart]),
	// the members of Team in the org chart, and People by name. At least
	// one must be set. A level that resolves to nobody is skipped, and
	// the skip reported.
	Role   Role
	Team   string
	People []Person

	// Triggers make the level due: the first of them to hold does. At
	// least one, at most [MaxTriggers].
	Triggers []Trigger

	// Repeat re-notifies the level until it acknowledges. The zero Repeat
	// notifies once.
	Repeat Repeat
}

// The limits of a [Policy].
const (
	MaxLevels         = 64   // the most levels a Policy may have
	MaxTriggers       = 16   // the most triggers a Level may have
	MaxRepeats        = 1000 // the most times a level may repeat (Repeat.Times)
	MaxRepeatedIssues = 1000 // the largest Count of a TriggerRepeats
)

// A Repeat re-notifies a level Every interval of wall time after its last
// notification, at most Times more times, until the level acknowledges
// or the issue is resolved.
//
// The zero Repeat does not repeat.
type Repeat struct {
	Every time.Duration // positive when Times is
	Times int           // at most MaxRepeats
}

// A Trigger is one condition that makes a level due. Kind says which, and
// which fields it reads; the fields it does not read must be zero.
//
// The zero Trigger is not valid: it has no Kind.
type Trigger struct {
	Kind TriggerKind

	// After is the time for TriggerOpened, TriggerPrevious (positive or
	// zero) and TriggerBreached (zero or more): business time on
	// Calendar, or wall time if Calendar is nil.
	After    time.Duration
	Calendar *calendar.Calendar

	// Metric is the SLA metric of TriggerConsumed and TriggerBreached.
	Metric sla.Metric

	// Share is the share of the target consumed for TriggerConsumed,
	// such as 75*sla.OnePercent: above 0% and at most 100%.
	Share sla.Percent

	// Priority is the priority of TriggerPriority: the trigger holds
	// while the issue's priority is at or above it.
	Priority sla.Priority

	// Count, Window and SameCategory are TriggerRepeats: Count issues (at
	// least 2), this one included, opened within Window (positive) of
	// one another on the account, or, with SameCategory, on the account
	// and in the issue's category.
	Count        int
	Window       time.Duration
	SameCategory bool
}

// Policies holds every variant of every version of every escalation
// procedure. For an issue, [Policies.Select] takes the procedure by name,
// its version in force at an instant, and that version's first variant
// that matches the issue's tier and priority.
//
// The zero Policies (an empty list) is not valid.
type Policies []Policy

// Select returns the index of the variant that applies to an issue of the
// procedure name, of an account in tier t, opened at priority pr, under
// the version in force at the instant at: the version with the latest
// Effective not after at, and its first variant that matches. It returns
// -1 if the list has no version of name in force at at.
func (ps Policies) Select(name string, t account.Tier, pr sla.Priority, at time.Time) int {
	version, found := 0, false
	var eff time.Time
	for _, p := range ps {
		if p.Name != name || p.Effective.After(at) {
			continue
		}
		if !found || p.Effective.After(eff) {
			version, eff, found = p.Version, p.Effective, true
		}
	}
	if !found {
		return -1
	}
	for i, p := range ps {
		if p.Name == name && p.Version == version && p.Matches(t, pr) {
			return i
		}
	}
	return -1
}

// An OrgChart resolves roles to people for an issue. The caller supplies
// it; the zero OrgChart resolves every role but the account manager to
// nobody.
type OrgChart struct {
	// TeamLeaders gives each account manager's team leader.
	TeamLeaders map[Person]Person

	// ServiceManagers gives the service manager of accounts that have
	// their own; ServiceManager that of every other account.
	ServiceManagers map[account.ID]Person
	ServiceManager  Person

	// HeadOfService is the head of service.
	HeadOfService Person

	// ExecutiveSponsors gives each account's executive sponsor.
	ExecutiveSponsors map[account.ID]Person

	// Teams lists the members of each specialist team, by team name.
	Teams map[string][]Person
}

// Resolve returns the person in role r for an issue of the account a
// owned by owner, or "" if the org chart names nobody.
func (o *OrgChart) Resolve(r Role, a account.ID, owner Person) Person {
	switch r {
	case RoleAccountManager:
		return owner
	case RoleTeamLeader:
		return o.TeamLeaders[owner]
	case RoleServiceManager:
		if p, ok := o.ServiceManagers[a]; ok {
			return p
		}
		return o.ServiceManager
	case RoleHeadOfService:
		return o.HeadOfService
	case RoleExecutiveSponsor:
		return o.ExecutiveSponsors[a]
	}
	return ""
}
