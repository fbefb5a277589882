package escalation

import (
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/sla"
)

// StepKind is what a [Step] of a decision's trace records.
//
// The zero StepKind is not a kind.
type StepKind uint8

// The kinds of step.
const (
	// StepFired is a notification fired before: in the records given.
	StepFired StepKind = iota + 1
	// StepDue is a notification due now: in [Decision.Notify].
	StepDue
	// StepHeld is a notification due but held by quiet hours: in
	// [Decision.Held] if still held, else in Notify or the records.
	StepHeld
	// StepSkipped is a level passed because it resolves to nobody.
	StepSkipped
	// StepAcknowledged is a level's acknowledgement: it stops the level.
	StepAcknowledged
	// StepReassigned is a change of the owner.
	StepReassigned
	// StepResolved is the resolution: it stops every level, and
	// the issue de-escalates.
	StepResolved
	// StepIgnored is a record of a level the policy does not have (after a
	// re-evaluation under another version): it counts for the
	// participants only.
	StepIgnored
	// StepNext is what becomes due next, at [Decision.NextCheck].
	StepNext
	// StepWaiting is a level that waits for something that no clock will
	// bring: a customer request, a priority change, another issue.
	StepWaiting
	// StepDone says that every level fired or was passed, and no repeat
	// is pending: nothing more is due.
	StepDone
)

var stepKindNames = enum.New("StepKind", map[StepKind]string{
	StepFired:        "fired",
	StepDue:          "due",
	StepHeld:         "held",
	StepSkipped:      "skipped",
	StepAcknowledged: "acknowledged",
	StepReassigned:   "reassigned",
	StepResolved:     "resolved",
	StepIgnored:      "ignored",
	StepNext:         "next",
	StepWaiting:      "waiting",
	StepDone:         "done",
})

// String returns the kind's name, such as "due" or "held".
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

// A Step is one entry of a decision's trace: what happened or will happen
// to the escalation, when, and why.
//
// The zero Step records nothing.
type Step struct {
	At   time.Time // when it happened, or (StepNext) will
	Kind StepKind

	// Level and LevelName name the level (0 and "" for the issue as a
	// whole), and Repeat the notification's repeat number.
	Level     int
	LevelName string
	Repeat    int

	// Until is, for StepHeld, when the quiet hours release the
	// notification.
	Until time.Time

	// Reason says why, naming the trigger and its values, or the person.
	Reason string
}

// String describes the step in one line, such as
//
//	2024-06-03T10:00:00+12:00 due: level 2 "team leader": resolution 75% consumed: 6h of 8h business time
func (s Step) String() string {
	var b strings.Builder
	b.WriteString(s.At.Format(time.RFC3339))
	b.WriteByte(' ')
	b.WriteString(s.Kind.String())
	if s.Level > 0 {
		b.WriteString(": level ")
		b.WriteString(strconv.Itoa(s.Level))
		b.WriteByte(' ')
		b.WriteString(strconv.Quote(s.LevelName))
		if s.Repeat > 0 {
			b.WriteString(" repeat ")
			b.WriteString(strconv.Itoa(s.Repeat))
		}
	}
	if s.Kind == StepHeld {
		b.WriteString(" until ")
		b.WriteString(s.Until.Format(time.RFC3339))
	}
	if s.Reason != "" {
		b.WriteString(": ")
		b.WriteString(s.Reason)
	}
	return b.String()
}

// A Trace explains a decision: its steps, in the order the engine took
// them (level by level; the issue's own steps first).
//
// The zero Trace has no steps.
type Trace []Step

// String returns the steps, one a line.
func (t Trace) String() string {
	var b strings.Builder
	for i, s := range t {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(s.String())
	}
	return b.String()
}

// shortDur formats d as time.Duration does, less trailing zero units:
// "6h", "1h30m", "45m", "1m30s".
func shortDur(d time.Duration) string { return string(appendDur(nil, d)) }

// appendDur appends d as [shortDur] formats it.
func appendDur(b []byte, d time.Duration) []byte {
	if d <= 0 || d%time.Second != 0 {
		n := len(b)
		b = append(b, d.String()...)
		if s := b[n:]; len(s) > 3 && string(s[len(s)-3:]) == "m0s" {
			b = b[:len(b)-2]
			if s := b[n:]; len(s) > 3 && string(s[len(s)-3:]) == "h0m" {
				b = b[:len(b)-2]
			}
		}
		return b
	}
	h, m, sec := int64(d/time.Hour), int64(d%time.Hour/time.Minute), int64(d%time.Minute/time.Second)
	if h > 0 {
		b = strconv.AppendInt(b, h, 10)
		b = append(b, 'h')
		if m == 0 && sec == 0 {
			return b
		}
	}
	if h > 0 || m > 0 {
		b = strconv.AppendInt(b, m, 10)
		b = append(b, 'm')
		if sec == 0 {
			return b
		}
	}
	b = strconv.AppendInt(b, sec, 10)
	return append(b, 's')
}

// appendPct appends p as sla.Percent formats it, less a ".00": "75%",
// "62.50%".
func appendPct(b []byte, p sla.Percent) []byte {
	if p%sla.OnePercent == 0 {
		b = strconv.AppendInt(b, int64(p/sla.OnePercent), 10)
		return append(b, '%')
	}
	return append(b, p.String()...)
}
