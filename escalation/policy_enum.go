package escalation

import "github.com/keyaccount/keyaccount/internal/enum"

// Role is a position that a level's notification goes to, resolved for an
// issue against its owner and the [OrgChart].
//
// The zero Role is no role: a level that names none notifies only its
// team and named people.
type Role uint8

// The roles, from the account manager up the management chain.
const (
	// RoleAccountManager is the owner: the account manager.
	RoleAccountManager Role = iota + 1
	// RoleTeamLeader is the owner's team leader ([OrgChart.TeamLeaders]).
	RoleTeamLeader
	// RoleServiceManager is the account's service manager
	// ([OrgChart.ServiceManagers], else [OrgChart.ServiceManager]).
	RoleServiceManager
	// RoleHeadOfService is the head of service ([OrgChart.HeadOfService]).
	RoleHeadOfService
	// RoleExecutiveSponsor is the account's executive sponsor
	// ([OrgChart.ExecutiveSponsors]).
	RoleExecutiveSponsor
)

var roleNames = enum.New("Role", map[Role]string{
	RoleAccountManager:   "account-manager",
	RoleTeamLeader:       "team-leader",
	RoleServiceManager:   "service-manager",
	RoleHeadOfService:    "head-of-service",
	RoleExecutiveSponsor: "executive-sponsor",
})

// String returns "account-manager", "team-leader", "service-manager",
// "head-of-service" or "executive-sponsor".
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

// LevelKind says how a level escalates: across to a specialist team, or up
// the management chain.
//
// The zero LevelKind is not a kind; a level must have one.
type LevelKind uint8

// The kinds of level.
const (
	// LevelFunctional routes the issue to a specialist team.
	LevelFunctional LevelKind = iota + 1
	// LevelHierarchical raises the issue up the management chain.
	LevelHierarchical
)

var levelKindNames = enum.New("LevelKind", map[LevelKind]string{
	LevelFunctional:   "functional",
	LevelHierarchical: "hierarchical",
})

// String returns "functional" or "hierarchical".
func (k LevelKind) String() string { return levelKindNames.String(k) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero LevelKind is the exception: it is the empty text, unset.
func (k LevelKind) MarshalText() ([]byte, error) { return levelKindNames.MarshalText(k, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero LevelKind.
func (k *LevelKind) UnmarshalText(text []byte) error {
	v, err := levelKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// TriggerKind is what makes a level due. See [Trigger] for the fields each
// kind reads.
//
// The zero TriggerKind is not a kind; a trigger must have one.
type TriggerKind uint8

// The kinds of trigger.
const (
	// TriggerOpened is due After the issue opened, in business time on
	// Calendar or, without one, wall time.
	TriggerOpened TriggerKind = iota + 1
	// TriggerPrevious is due After the previous level fired (or was
	// passed: skipped or acknowledged before it fired), in business time on
	// Calendar or wall time. On the first level it counts from the opening.
	TriggerPrevious
	// TriggerConsumed is due when a cycle of the SLA Metric has consumed
	// Share of its target (see [sla.Cycle.ShareAt]).
	TriggerConsumed
	// TriggerBreached is due After a cycle of the SLA Metric breached, in
	// business time on Calendar or wall time.
	TriggerBreached
	// TriggerRequested is due when the customer asks to escalate
	// ([FactRequested]).
	TriggerRequested
	// TriggerPriority is due when the priority is at or above
	// Priority.
	TriggerPriority
	// TriggerRepeats is due when Count issues of the account (of the
	// issue's category, with SameCategory), this one included, opened
	// within Window of one another.
	TriggerRepeats
)

var triggerKindNames = enum.New("TriggerKind", map[TriggerKind]string{
	TriggerOpened:    "opened",
	TriggerPrevious:  "previous",
	TriggerConsumed:  "consumed",
	TriggerBreached:  "breached",
	TriggerRequested: "requested",
	TriggerPriority:  "priority",
	TriggerRepeats:   "repeats",
})

// String returns "opened", "previous", "consumed", "breached",
// "requested", "priority" or "repeats".
func (k TriggerKind) String() string { return triggerKindNames.String(k) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero TriggerKind is the exception: it is the empty text, unset.
func (k TriggerKind) MarshalText() ([]byte, error) {
	return triggerKindNames.MarshalText(k, ErrInvalid)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero TriggerKind.
func (k *TriggerKind) UnmarshalText(text []byte) error {
	v, err := triggerKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// FactKind is what an escalation [Fact] records.
//
// The zero FactKind is not a kind; a fact must have one.
type FactKind uint8

// The kinds of fact.
const (
	// FactAcknowledged records that the level named by Level acknowledged
	// the issue: that level is notified no more.
	FactAcknowledged FactKind = iota + 1
	// FactRequested records the customer's explicit request to escalate.
	FactRequested
	// FactReassigned records that the owner became Person.
	FactReassigned
)

var factKindNames = enum.New("FactKind", map[FactKind]string{
	FactAcknowledged: "acknowledged",
	FactRequested:    "requested",
	FactReassigned:   "reassigned",
})

// String returns "acknowledged", "requested" or "reassigned".
func (k FactKind) String() string { return factKindNames.String(k) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero FactKind is the exception: it is the empty text, unset.
func (k FactKind) MarshalText() ([]byte, error) { return factKindNames.MarshalText(k, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero FactKind.
func (k *FactKind) UnmarshalText(text []byte) error {
	v, err := factKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}
