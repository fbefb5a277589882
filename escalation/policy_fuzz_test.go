package escalation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// decodePolicy turns fuzz input into a policy: a header byte (version,
// quiet hours) then eight bytes per trigger: (level, kind, after in
// quarter hours with the high bit for business time, metric, share in
// percent, priority, count, role/team/people of the level). Every value is
// taken as it comes, so kinds, roles and ranges may be out of bounds.
func decodePolicy(data []byte) escalation.Policy {
	p := escalation.Policy{Name: "fuzz"}
	if len(data) == 0 {
		return p
	}
	p.Version = int(data[0]&0x7f) - 1
	if data[0]&0x80 != 0 {
		p.QuietHours = quiet()
	}
	data = data[1:]
	for i := 0; i+8 <= len(data); i += 8 {
		b := data[i : i+8]
		li := int(b[0] % 5)
		for len(p.Levels) <= li {
			n := len(p.Levels)
			p.Levels = append(p.Levels, escalation.Level{Name: "L" + itoa(n), Kind: escalation.LevelKind(b[7] & 3)})
		}
		l := &p.Levels[li]
		switch b[7] >> 5 {
		case 0:
		case 1:
			l.Team = "network"
		case 2:
			l.Team = "unknown"
		case 3:
			l.People = append(l.People, "pat")
		case 4:
			l.People = append(l.People, "")
		case 5:
			l.Name = ""
		default:
			l.Role = escalation.Role(b[7] >> 2 & 7)
		}
		tr := escalation.Trigger{Kind: escalation.TriggerKind(b[1] % 9), After: time.Duration(int8(b[2]&0x7f)-8) * 15 * time.Minute,
			Metric: sla.Metric(b[3] % 6), Share: sla.Percent(b[4]) * sla.OnePercent, Priority: sla.Priority(b[5] % 6),
			Count: int(b[6] & 0x0f), Window: time.Duration(b[6]>>4) * time.Hour, SameCategory: b[6]&0x08 != 0}
		if b[2]&0x80 != 0 {
			tr.Calendar = office()
		}
		l.Triggers = append(l.Triggers, tr)
		if b[5] >= 200 {
			l.Repeat = escalation.Repeat{Every: time.Duration(int(b[5])-210) * time.Minute, Times: int(b[6]) - 2}
		}
	}
	return p
}

// FuzzPolicyValidate checks that validation never panics, that every
// fault is an *account.FieldError of the Policy naming a field and
// wrapping ErrInvalid, and that a valid policy builds an engine (but for a
// team the org chart lacks) that decides an issue without error.
func FuzzPolicyValidate(f *testing.F) {
	f.Add([]byte{1})
	f.Add([]byte{2, 0, byte(escalation.TriggerOpened), 4, 0, 0, 0, 0, 1<<2 | 6<<5})
	f.Add([]byte{0x82, 0, byte(escalation.TriggerConsumed), 0, 4, 75, 0, 0, 1 << 5, 1, byte(escalation.TriggerBreached), 0x84, 4, 0, 0, 0, 2})
	f.Add([]byte{2, 0, byte(escalation.TriggerRepeats), 0, 0, 0, 0, 0x73, 3 << 5, 0, byte(escalation.TriggerPriority), 0, 0, 0, 1, 0, 3 << 5})
	f.Add([]byte{2, 3, byte(escalation.TriggerRequested), 0, 0, 0, 210, 5, 2 << 5})
	ev := slaEvaluator(f)
	tl := sla.Timeline{Ticket: "F", Account: "acme", Category: "c", Events: []sla.Event{
		{At: mon, Kind: sla.EventOpened, Priority: sla.PriorityUrgent},
		{At: mon.Add(3 * time.Hour), Kind: sla.EventAgentReply},
	}}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := decodePolicy(data)
		err := p.Validate()
		for _, e := range allErrors(err) {
			var fe *account.FieldError
			if !errors.As(e, &fe) || fe.Record != "Policy" || fe.Field == "" || !errors.Is(e, escalation.ErrInvalid) {
				if _, more := e.(interface{ Unwrap() []error }); !more && !strings.HasPrefix(e.Error(), "and ") {
					t.Fatalf("fault %v is not a FieldError of the Policy naming a field", e)
				}
			}
		}
		if err != nil {
			return
		}
		p.SLA = "std"
		e, err := escalation.NewEngine(escalation.Policies{p}, testOrg(), testSLA())
		if err != nil {
			for _, f := range fields(err) {
				if !strings.HasSuffix(f, ".Team") && !strings.HasSuffix(f, ".Metric") {
					t.Fatalf("a valid policy does not build: %v", err)
				}
			}
			return
		}
		is := escalation.Issue{Timeline: tl, Policy: "fuzz", Owner: "amy",
			Recent: []escalation.Recent{{Issue: "G", At: mon.Add(-time.Hour), Category: "c"}}}
		var recs []escalation.Record
		for h := range 48 {
			now := mon.Add(time.Duration(h) * time.Hour)
			r, err := ev.Evaluate(tl, now)
			if err != nil {
				t.Fatal(err)
			}
			is.SLA = r
			d, err := e.Decide(is, recs, now)
			if err != nil {
				t.Fatalf("at %v: %v", now, err)
			}
			for _, n := range d.Notify {
				recs = append(recs, n.Record())
			}
		}
	})
}

// allErrors flattens joined errors.
func allErrors(err error) []error {
	if err == nil {
		return nil
	}
	if u, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range u.Unwrap() {
			out = append(out, allErrors(e)...)
		}
		return out
	}
	return []error{err}
}
