package sla

import "github.com/keyaccount/keyaccount/internal/enum"

// The package's enumerations are small integer types whose constants begin
// with the type's name (less a trailing Kind). They print their name with
// String, marshal to and from it as text (so policies and timelines decode
// from JSON or YAML), and print an unknown value as "%!Metric(9)" rather
// than panicking, as time.Month does.

// Metric is one of the four promises an SLA measures. See the package
// documentation for what starts, pauses and fulfils each.
//
// The zero Metric is not a metric.
type Metric uint8

// The metrics, in the order in which results list them.
const (
	// MetricFirstResponse runs from the opening of a ticket to the first public
	// reply by an agent.
	MetricFirstResponse Metric = iota + 1
	// MetricNextReply runs from the oldest customer message that no agent has
	// answered yet to the next public reply.
	MetricNextReply
	// MetricPeriodicUpdate runs from each public reply to the next, while the
	// ticket is unsolved, so that a customer hears something at least
	// every so often.
	MetricPeriodicUpdate
	// MetricResolution runs from the opening (or reopening) of a ticket to its
	// solution, paused while the ticket waits for the customer.
	MetricResolution
)

// numMetrics is the number of metrics; valid metrics are 1..numMetrics.
const numMetrics = 4

var metricNames = enum.New("Metric", map[Metric]string{
	MetricFirstResponse:  "first-response",
	MetricNextReply:      "next-reply",
	MetricPeriodicUpdate: "periodic-update",
	MetricResolution:     "resolution",
})

// String returns "first-response", "next-reply", "periodic-update" or
// "resolution".
func (m Metric) String() string { return metricNames.String(m) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero Metric is the exception: it is the empty text, unset.
func (m Metric) MarshalText() ([]byte, error) { return metricNames.MarshalText(m, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Metric.
func (m *Metric) UnmarshalText(text []byte) error {
	v, err := metricNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*m = v
	}
	return err
}

// Priority is a ticket's priority. Targets are set per priority.
//
// The zero Priority is no priority; a ticket must be opened with one.
type Priority uint8

// The priorities, most urgent first.
const (
	PriorityUrgent Priority = iota + 1
	PriorityHigh
	PriorityNormal
	PriorityLow
)

const numPriorities = 4

var priorityNames = enum.New("Priority", map[Priority]string{
	PriorityUrgent: "urgent",
	PriorityHigh:   "high",
	PriorityNormal: "normal",
	PriorityLow:    "low",
})

// String returns "urgent", "high", "normal" or "low".
func (p Priority) String() string { return priorityNames.String(p) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero Priority is the exception: it is the empty text, unset.
func (p Priority) MarshalText() ([]byte, error) { return priorityNames.MarshalText(p, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Priority.
func (p *Priority) UnmarshalText(text []byte) error {
	v, err := priorityNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*p = v
	}
	return err
}

// EventKind is what happened to a ticket at an [Event]. The constants are
// listed in the canonical order of events at the same instant (see the
// package documentation).
//
// The zero EventKind is not a kind; a timeline that holds it is not valid.
type EventKind uint8

// The kinds of event, in their canonical order at one instant.
const (
	// EventOpened is the creation of the ticket by the customer: the first
	// event of every timeline. It carries the initial Priority.
	EventOpened EventKind = iota + 1
	// EventReopened is the reopening of a solved ticket: the status becomes
	// open and a new resolution cycle starts.
	EventReopened
	// EventPriorityChanged sets a new Priority: the running clocks are
	// retargeted (or restarted, if the policy says so).
	EventPriorityChanged
	// EventCustomerMessage is a message from the customer. After the first
	// response it starts a next-reply cycle, unless one is running.
	EventCustomerMessage
	// EventAgentReply is a public reply by an agent: it fulfils the first
	// response and the next reply, and starts a new periodic-update cycle.
	EventAgentReply
	// EventInternalNote is a note the customer does not see. It fulfils
	// nothing.
	EventInternalNote
	// EventStatusChanged sets the Status: [StatusPending] pauses the resolution
	// and periodic-update clocks and [StatusOpen] resumes them.
	EventStatusChanged
	// EventSolved marks the ticket solved: it fulfils every running cycle.
	EventSolved
	// EventClosed closes the ticket for good: it fulfils every running cycle
	// (as [EventSolved] does, if the ticket was not solved), and no event may
	// follow it.
	EventClosed
)

var eventKindNames = enum.New("EventKind", map[EventKind]string{
	EventOpened:          "opened",
	EventReopened:        "reopened",
	EventPriorityChanged: "priority-changed",
	EventCustomerMessage: "customer-message",
	EventAgentReply:      "agent-reply",
	EventInternalNote:    "internal-note",
	EventStatusChanged:   "status-changed",
	EventSolved:          "solved",
	EventClosed:          "closed",
})

// String returns the kind's name, such as "customer-message".
func (k EventKind) String() string { return eventKindNames.String(k) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero EventKind is the exception: it is the empty text, unset.
func (k EventKind) MarshalText() ([]byte, error) { return eventKindNames.MarshalText(k, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero EventKind.
func (k *EventKind) UnmarshalText(text []byte) error {
	v, err := eventKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// Status is the workflow status an [EventStatusChanged] event sets. Solved and
// closed are events of their own, not statuses.
//
// The zero Status is no status; a status change must carry one.
type Status uint8

const (
	// StatusOpen: the ticket is with the service desk. Every clock runs.
	StatusOpen Status = iota + 1
	// StatusPending: the ticket waits for the customer. The resolution
	// and periodic-update clocks are paused.
	StatusPending
)

var statusNames = enum.New("Status", map[Status]string{
	StatusOpen:    "open",
	StatusPending: "pending",
})

// String returns "open" or "pending".
func (s Status) String() string { return statusNames.String(s) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero Status is the exception: it is the empty text, unset.
func (s Status) MarshalText() ([]byte, error) { return statusNames.MarshalText(s, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero Status.
func (s *Status) UnmarshalText(text []byte) error {
	v, err := statusNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// State is where a cycle of a metric stands.
//
// The zero State is [StateNotApplicable].
type State uint8

const (
	// StateNotApplicable: no target applies (the policy sets none for the
	// ticket's priority), or the metric has not started.
	StateNotApplicable State = iota
	// StateRunning: the clock runs and the target has not yet run out.
	StateRunning
	// StatePaused: the clock is stopped while the ticket waits for the
	// customer, and the target has not yet run out.
	StatePaused
	// StateMet: the cycle was fulfilled at or before its due instant.
	StateMet
	// StateBreached: the target ran out before the cycle was fulfilled. A
	// breached cycle stays breached, whatever happens after.
	StateBreached
)

var stateNames = enum.New("State", map[State]string{
	StateNotApplicable: "not-applicable",
	StateRunning:       "running",
	StatePaused:        "paused",
	StateMet:           "met",
	StateBreached:      "breached",
})

// String returns "not-applicable", "running", "paused", "met" or
// "breached".
func (s State) String() string { return stateNames.String(s) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
func (s State) MarshalText() ([]byte, error) { return stateNames.MarshalText(s, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
func (s *State) UnmarshalText(text []byte) error {
	v, err := stateNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// Measure says how a [Target] is measured.
//
// The zero Measure is [MeasureBusinessTime].
type Measure uint8

const (
	// MeasureBusinessTime: Target.Within of working time on a business calendar.
	MeasureBusinessTime Measure = iota
	// MeasureWallTime: Target.Within of elapsed time, around the clock.
	MeasureWallTime
	// MeasureBusinessDays: Target.Days working days on a business calendar, as
	// [calendar.Calendar.AddBusinessDays] counts them.
	MeasureBusinessDays
)

var measureNames = enum.New("Measure", map[Measure]string{
	MeasureBusinessTime: "business-time",
	MeasureWallTime:     "wall-time",
	MeasureBusinessDays: "business-days",
})

// String returns "business-time", "wall-time" or "business-days".
func (m Measure) String() string { return measureNames.String(m) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
func (m Measure) MarshalText() ([]byte, error) { return measureNames.MarshalText(m, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
func (m *Measure) UnmarshalText(text []byte) error {
	v, err := measureNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*m = v
	}
	return err
}

// PriorityChange says what a priority change does to a running cycle.
//
// The zero PriorityChange is [PriorityChangeRetarget].
type PriorityChange uint8

const (
	// PriorityChangeRetarget keeps the time already elapsed and measures it against the
	// new priority's target.
	PriorityChangeRetarget PriorityChange = iota
	// PriorityChangeRestart starts the clock again from zero at the change.
	PriorityChangeRestart
)

var priorityChangeNames = enum.New("PriorityChange", map[PriorityChange]string{
	PriorityChangeRetarget: "retarget",
	PriorityChangeRestart:  "restart",
})

// String returns "retarget" or "restart".
func (c PriorityChange) String() string {
	return priorityChangeNames.String(c)
}

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
func (c PriorityChange) MarshalText() ([]byte, error) {
	return priorityChangeNames.MarshalText(c, ErrInvalid)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
func (c *PriorityChange) UnmarshalText(text []byte) error {
	v, err := priorityChangeNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*c = v
	}
	return err
}

// Source says why a clock runs on the calendar it runs on (see
// "Calendar resolution" in the package documentation).
//
// The zero Source is [SourceNoCalendar].
type Source uint8

const (
	// SourceNoCalendar: the clock measures wall time.
	SourceNoCalendar Source = iota
	// SourceTarget: the target names its calendar.
	SourceTarget
	// SourceAccount: the account has its own hours ([Calendars.Accounts]).
	SourceAccount
	// SourceTier: the account's tier has its hours ([Calendars.Tiers]).
	SourceTier
	// SourceDefault: the default calendar ([Calendars.Default]).
	SourceDefault
)

var sourceNames = enum.New("Source", map[Source]string{
	SourceNoCalendar: "no-calendar",
	SourceTarget:     "target",
	SourceAccount:    "account",
	SourceTier:       "tier",
	SourceDefault:    "default",
})

// String returns "no-calendar", "target", "account", "tier" or "default".
func (s Source) String() string { return sourceNames.String(s) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
func (s Source) MarshalText() ([]byte, error) { return sourceNames.MarshalText(s, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
func (s *Source) UnmarshalText(text []byte) error {
	v, err := sourceNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// StepKind is what a [Step] of a trace records.
//
// The zero StepKind is not a kind.
type StepKind uint8

const (
	// StepStarted: the cycle's clock started, under the policy, target
	// and calendar the step names.
	StepStarted StepKind = iota + 1
	// StepPaused: the clock stopped; Step.Status says why.
	StepPaused
	// StepResumed: the clock runs again.
	StepResumed
	// StepRetargeted: a priority change set a new target; the elapsed
	// time was kept.
	StepRetargeted
	// StepRestarted: a priority change set a new target and the clock
	// started again from zero.
	StepRestarted
	// StepWarned: the warning threshold was reached.
	StepWarned
	// StepBreached: the target ran out.
	StepBreached
	// StepFulfilled: the event the step names fulfilled the cycle.
	StepFulfilled
)

var stepKindNames = enum.New("StepKind", map[StepKind]string{
	StepStarted:    "started",
	StepPaused:     "paused",
	StepResumed:    "resumed",
	StepRetargeted: "retargeted",
	StepRestarted:  "restarted",
	StepWarned:     "warned",
	StepBreached:   "breached",
	StepFulfilled:  "fulfilled",
})

// String returns the kind's name, such as "paused" or "breached".
func (k StepKind) String() string { return stepKindNames.String(k) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero StepKind is the exception: it is the empty text, unset.
func (k StepKind) MarshalText() ([]byte, error) { return stepKindNames.MarshalText(k, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero StepKind.
func (k *StepKind) UnmarshalText(text []byte) error {
	v, err := stepKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}
