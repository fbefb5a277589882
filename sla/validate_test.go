package sla_test

import (
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/sla"
)

func TestTimelineValidate(t *testing.T) {
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	at := func(m int) time.Time { return t0.Add(time.Duration(m) * time.Minute) }
	opened := sla.Event{ID: "o", At: at(0), Kind: sla.EventOpened, Priority: sla.PriorityHigh}
	ev := func(id string, m int, k sla.EventKind) sla.Event { return sla.Event{ID: id, At: at(m), Kind: k} }
	for _, tc := range []struct {
		name   string
		events []sla.Event
		index  int
		kind   sla.EventKind
		err    error
	}{
		{"unknown kind", []sla.Event{opened, {ID: "x", At: at(1), Kind: 42}}, 1, 42, sla.ErrUnknownKind},
		{"zero kind", []sla.Event{opened, {ID: "x", At: at(1)}}, 1, 0, sla.ErrUnknownKind},
		{"out of order", []sla.Event{opened, ev("a", 5, sla.EventAgentReply), ev("b", 4, sla.EventSolved)}, 2, sla.EventSolved, sla.ErrOutOfOrder},
		{"before open", []sla.Event{ev("m", 0, sla.EventCustomerMessage), {ID: "o", At: at(1), Kind: sla.EventOpened, Priority: sla.PriorityLow}},
			0, sla.EventCustomerMessage, sla.ErrBeforeOpen},
		{"no open at all", []sla.Event{ev("m", 0, sla.EventCustomerMessage)}, 0, sla.EventCustomerMessage, sla.ErrBeforeOpen},
		{"reply after close", []sla.Event{opened, ev("c", 1, sla.EventClosed), ev("r", 2, sla.EventAgentReply)}, 2, sla.EventAgentReply, sla.ErrAfterClose},
		{"note after close at the same instant is fine, reply after is not",
			[]sla.Event{opened, ev("c", 1, sla.EventClosed), ev("n", 1, sla.EventInternalNote), ev("r", 2, sla.EventAgentReply)}, 3, sla.EventAgentReply, sla.ErrAfterClose},
		{"second open", []sla.Event{opened, {ID: "o2", At: at(1), Kind: sla.EventOpened, Priority: sla.PriorityLow}}, 1, sla.EventOpened, sla.ErrTransition},
		{"reopen an open ticket", []sla.Event{opened, ev("re", 1, sla.EventReopened)}, 1, sla.EventReopened, sla.ErrTransition},
		{"solve twice", []sla.Event{opened, ev("s1", 1, sla.EventSolved), ev("s2", 2, sla.EventSolved)}, 2, sla.EventSolved, sla.ErrTransition},
		{"solve and reopen at one instant (reopen comes first)", []sla.Event{opened, ev("s", 1, sla.EventSolved), ev("re", 1, sla.EventReopened)}, 2, sla.EventReopened, sla.ErrTransition},
		{"status change when solved", []sla.Event{opened, ev("s", 1, sla.EventSolved), {ID: "st", At: at(2), Kind: sla.EventStatusChanged, Status: sla.StatusPending}},
			2, sla.EventStatusChanged, sla.ErrTransition},
		{"zero time", []sla.Event{opened, {ID: "z", Kind: sla.EventAgentReply}}, 1, sla.EventAgentReply, sla.ErrEventField},
		{"open without priority", []sla.Event{{ID: "o", At: at(0), Kind: sla.EventOpened}}, 0, sla.EventOpened, sla.ErrEventField},
		{"unknown priority", []sla.Event{opened, {ID: "p", At: at(1), Kind: sla.EventPriorityChanged, Priority: 9}}, 1, sla.EventPriorityChanged, sla.ErrEventField},
		{"priority on a message", []sla.Event{opened, {ID: "m", At: at(1), Kind: sla.EventCustomerMessage, Priority: sla.PriorityLow}}, 1, sla.EventCustomerMessage, sla.ErrEventField},
		{"status change without status", []sla.Event{opened, ev("st", 1, sla.EventStatusChanged)}, 1, sla.EventStatusChanged, sla.ErrEventField},
		{"unknown status", []sla.Event{opened, {ID: "st", At: at(1), Kind: sla.EventStatusChanged, Status: 7}}, 1, sla.EventStatusChanged, sla.ErrEventField},
		{"status on a reply", []sla.Event{opened, {ID: "r", At: at(1), Kind: sla.EventAgentReply, Status: sla.StatusOpen}}, 1, sla.EventAgentReply, sla.ErrEventField},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := sla.Timeline{Ticket: "T-1", Account: "a", Events: tc.events}.Validate()
			var ee *sla.EventError
			if !errors.As(err, &ee) {
				t.Fatalf("got %v, want an EventError", err)
			}
			if !errors.Is(err, tc.err) || !errors.Is(err, sla.ErrInvalid) {
				t.Errorf("got %v, want it to wrap %v and ErrInvalid", err, tc.err)
			}
			if ee.Index != tc.index || ee.Kind != tc.kind || ee.ID != tc.events[tc.index].ID || ee.Ticket != "T-1" {
				t.Errorf("names event %d (%q, %v) of %q; want %d (%q, %v) of T-1", ee.Index, ee.ID, ee.Kind, ee.Ticket,
					tc.index, tc.events[tc.index].ID, tc.kind)
			}
		})
	}
}

// Reopening a ticket solved at the same instant is refused, and the
// error says why: at one instant, Reopened is taken before Solved.
func TestReopenAtSolveInstantSaysWhy(t *testing.T) {
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	err := sla.Timeline{Ticket: "T", Account: "a", Events: []sla.Event{
		{At: t0, Kind: sla.EventOpened, Priority: sla.PriorityNormal},
		{At: t0.Add(time.Hour), Kind: sla.EventSolved},
		{At: t0.Add(time.Hour), Kind: sla.EventReopened},
	}}.Validate()
	if !errors.Is(err, sla.ErrTransition) || !strings.Contains(err.Error(), "event 1 solves it at the same instant") {
		t.Errorf("got %v, want ErrTransition naming the same-instant solve (event 1)", err)
	}
}

func TestTimelineValidateOK(t *testing.T) {
	t0 := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC)
	// Same-instant events in any order; a message on a solved ticket;
	// reopen; close; events of every kind.
	tl := sla.Timeline{Ticket: "T", Account: "a", Events: []sla.Event{
		{At: t0, Kind: sla.EventCustomerMessage},
		{At: t0, Kind: sla.EventOpened, Priority: sla.PriorityNormal},
		{At: t0.Add(time.Minute), Kind: sla.EventStatusChanged, Status: sla.StatusPending},
		{At: t0.Add(time.Minute), Kind: sla.EventAgentReply},
		{At: t0.Add(2 * time.Minute), Kind: sla.EventInternalNote},
		{At: t0.Add(2 * time.Minute), Kind: sla.EventPriorityChanged, Priority: sla.PriorityHigh},
		{At: t0.Add(3 * time.Minute), Kind: sla.EventSolved},
		{At: t0.Add(4 * time.Minute), Kind: sla.EventCustomerMessage},
		{At: t0.Add(5 * time.Minute), Kind: sla.EventReopened},
		{At: t0.Add(6 * time.Minute), Kind: sla.EventClosed},
		{At: t0.Add(6 * time.Minute), Kind: sla.EventAgentReply},
	}}
	if err := tl.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		tl   sla.Timeline
		want account.FieldError
	}{
		{sla.Timeline{Account: "a", Events: tl.Events}, account.FieldError{Record: "Timeline", Field: "Ticket", Err: sla.ErrInvalid}},
		{sla.Timeline{Ticket: "T", Events: tl.Events}, account.FieldError{Record: "Timeline", ID: "T", Field: "Account", Err: sla.ErrInvalid}},
		{sla.Timeline{Ticket: "T", Account: "a"}, account.FieldError{Record: "Timeline", ID: "T", Field: "Events", Err: sla.ErrInvalid}},
	} {
		if d := cmp.Diff(fieldError(t, tc.tl.Validate()), tc.want, ignoreText); d != "" {
			t.Errorf("%+v (-got +want):\n%s", tc.tl, d)
		}
	}
}

// inPolicy returns the field error of field in the policy named id.
func inPolicy(id, field string) account.FieldError {
	return account.FieldError{Record: "Policy", ID: id, Field: field, Err: sla.ErrInvalid}
}

func TestPoliciesValidate(t *testing.T) {
	good := sla.Target{Metric: sla.MetricFirstResponse, Priority: sla.PriorityHigh, Within: time.Hour}
	for _, tc := range []struct {
		name string
		ps   sla.Policies
		want []account.FieldError
	}{
		{"empty", nil, []account.FieldError{{Record: "Policies", Err: sla.ErrInvalid}}},
		{"valid", sla.Policies{{Name: "a", Tiers: []account.Tier{1}, Targets: []sla.Target{good}}, {Name: "b"}}, nil},
		{"no catch-all", sla.Policies{{Name: "a", Tiers: []account.Tier{1}}}, []account.FieldError{inPolicy("a", "")}},
		{"catch-all too early", sla.Policies{{Name: "a"}, {Name: "b"}}, []account.FieldError{inPolicy("a", "")}},
		{"names", sla.Policies{{Tiers: []account.Tier{1}}, {Name: "b", Tiers: []account.Tier{2}}, {Name: "b"}},
			[]account.FieldError{inPolicy("", "Policies[0].Name"), inPolicy("b", "Policies[2].Name")}},
		{"accounts and tiers", sla.Policies{{Name: "a", Accounts: []account.ID{"x", "", "x"}, Tiers: []account.Tier{1, 1}}, {Name: "z"}},
			[]account.FieldError{inPolicy("a", "Accounts[1]"), inPolicy("a", "Accounts[2]"), inPolicy("a", "Tiers[1]")}},
		{"priority change", sla.Policies{{Name: "a", OnPriorityChange: 5}}, []account.FieldError{inPolicy("a", "OnPriorityChange")}},
		{"targets", sla.Policies{{Name: "a", Targets: []sla.Target{
			{},
			{Metric: sla.MetricResolution, Priority: sla.PriorityLow, Measure: sla.MeasureWallTime, Within: time.Hour, Calendar: "x", Days: 2},
			{Metric: sla.MetricResolution, Priority: sla.PriorityNormal, Measure: sla.MeasureBusinessDays, Within: time.Hour},
			{Metric: sla.MetricResolution, Priority: sla.PriorityHigh, Measure: 9},
			{Metric: sla.MetricNextReply, Priority: sla.PriorityHigh, Within: time.Hour, Warn: sla.Warning{Consumed: 100 * sla.OnePercent, Before: time.Hour}},
			{Metric: sla.MetricNextReply, Priority: sla.PriorityUrgent, Within: time.Hour, Warn: sla.Warning{Consumed: -1, Before: -1}},
			good, good,
		}}}, []account.FieldError{
			inPolicy("a", "Targets[0].Metric"), inPolicy("a", "Targets[0].Priority"), inPolicy("a", "Targets[0].Within"),
			inPolicy("a", "Targets[1].Days"), inPolicy("a", "Targets[1].Calendar"),
			inPolicy("a", "Targets[2].Days"), inPolicy("a", "Targets[2].Within"),
			inPolicy("a", "Targets[3].Measure"),
			inPolicy("a", "Targets[4].Warn.Consumed"), inPolicy("a", "Targets[4].Warn.Before"),
			inPolicy("a", "Targets[5].Warn.Consumed"), inPolicy("a", "Targets[5].Warn.Before"),
			inPolicy("a", "Targets[7]"),
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.ps.Validate()
			if d := cmp.Diff(fieldErrors(err), tc.want, ignoreText); d != "" {
				t.Errorf("fields at fault (-got +want):\n%s\n%v", d, err)
			}
			if (err != nil) != (tc.want != nil) || (err != nil && !errors.Is(err, sla.ErrInvalid)) {
				t.Errorf("got %v, want an error wrapping ErrInvalid: %t", err, tc.want != nil)
			}
		})
	}
}

// A catch-all before the last policy is reported with the policies it
// hides.
func TestPoliciesValidateCatchAllReason(t *testing.T) {
	err := sla.Policies{{Name: "a"}, {Name: "b"}, {Name: "c"}}.Validate()
	want := []string{
		"is a catch-all before the last policy: Policies[1:] could never apply",
		"is a catch-all before the last policy: Policies[2:] could never apply",
	}
	var got []string
	for _, fe := range fieldErrors(err) {
		got = append(got, fe.Reason)
	}
	if d := cmp.Diff(got, want); d != "" {
		t.Errorf("reasons (-got +want):\n%s", d)
	}
}

func TestCalendarsValidate(t *testing.T) {
	loadCalendars(t)
	err := sla.Calendars{
		Named:    map[string]*calendar.Calendar{"a": nzCal, "nil": nil},
		Accounts: map[account.ID]string{"x": "a", "y": "missing"},
		Tiers:    map[account.Tier]string{2: "gone", 1: "a"},
	}.Validate()
	cal := func(field string) account.FieldError {
		return account.FieldError{Record: "Calendars", Field: field, Err: sla.ErrInvalid}
	}
	want := []account.FieldError{cal(`Named["nil"]`), cal(`Accounts["y"]`), cal("Tiers[2]"), cal("Default")}
	if d := cmp.Diff(fieldErrors(err), want, ignoreText); d != "" {
		t.Errorf("fields at fault (-got +want):\n%s", d)
	}
	if err := (sla.Calendars{Named: map[string]*calendar.Calendar{"a": nzCal}, Default: "b"}).Validate(); !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("unknown default: got %v", err)
	}
	// A target naming an unknown calendar is caught by NewEvaluator.
	_, err = sla.NewEvaluator(sla.Policies{{Name: "p", Targets: []sla.Target{
		{Metric: sla.MetricResolution, Priority: sla.PriorityLow, Within: time.Hour, Calendar: "nope"}}}}, fixtureCalendars(t))
	if d := cmp.Diff(fieldErrors(err), []account.FieldError{inPolicy("p", "Targets[0].Calendar")}, ignoreText); d != "" {
		t.Errorf("NewEvaluator (-got +want):\n%s", d)
	}
}

func TestCalendarsResolve(t *testing.T) {
	c := sla.Calendars{Accounts: map[account.ID]string{"a": "A"}, Tiers: map[account.Tier]string{1: "T1"}, Default: "D"}
	for _, tc := range []struct {
		a    account.ID
		tier account.Tier
		name string
		src  sla.Source
	}{{"a", 1, "A", sla.SourceAccount}, {"b", 1, "T1", sla.SourceTier}, {"b", 2, "D", sla.SourceDefault}} {
		if name, src := c.Resolve(tc.a, tc.tier); name != tc.name || src != tc.src {
			t.Errorf("Resolve(%q, %d) = %q, %v; want %q, %v", tc.a, tc.tier, name, src, tc.name, tc.src)
		}
	}
}

func TestPoliciesSelect(t *testing.T) {
	ps := sla.Policies{
		{Name: "acme gold", Accounts: []account.ID{"acme"}, Tiers: []account.Tier{1}},
		{Name: "tier 1", Tiers: []account.Tier{1}},
		{Name: "acme", Accounts: []account.ID{"acme"}},
		{Name: "rest"},
	}
	for _, tc := range []struct {
		a    account.ID
		tier account.Tier
		want int
	}{{"acme", 1, 0}, {"globex", 1, 1}, {"acme", 2, 2}, {"globex", 0, 3}} {
		if got := ps.Select(tc.a, tc.tier); got != tc.want {
			t.Errorf("Select(%q, %d) = %d, want %d", tc.a, tc.tier, got, tc.want)
		}
	}
}

func TestEnumText(t *testing.T) {
	type named interface {
		String() string
		MarshalText() ([]byte, error)
	}
	cases := []struct {
		v    named
		want string
	}{
		{sla.MetricFirstResponse, "first-response"}, {sla.MetricResolution, "resolution"},
		{sla.PriorityUrgent, "urgent"}, {sla.PriorityLow, "low"},
		{sla.EventOpened, "opened"}, {sla.EventCustomerMessage, "customer-message"}, {sla.EventClosed, "closed"},
		{sla.StatusPending, "pending"},
		{sla.StateNotApplicable, "not-applicable"}, {sla.StateBreached, "breached"},
		{sla.MeasureBusinessTime, "business-time"}, {sla.MeasureBusinessDays, "business-days"},
		{sla.PriorityChangeRetarget, "retarget"}, {sla.PriorityChangeRestart, "restart"},
		{sla.SourceNoCalendar, "no-calendar"}, {sla.SourceDefault, "default"},
		{sla.StepStarted, "started"}, {sla.StepFulfilled, "fulfilled"},
	}
	for _, tc := range cases {
		b, err := tc.v.MarshalText()
		if tc.v.String() != tc.want || string(b) != tc.want || err != nil {
			t.Errorf("%#v: String %q, MarshalText %q, %v; want %q", tc.v, tc.v.String(), b, err, tc.want)
		}
	}
	if s := sla.Metric(9).String(); s != "%!Metric(9)" {
		t.Errorf("unknown metric prints %q", s)
	}
	// The zero priority, "no priority", is the empty text, so that a
	// timeline (whose events other than the opening carry none) marshals.
	if b, err := sla.Priority(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("marshal of the zero priority: %q, %v; want the empty text", b, err)
	}
	tl := sla.Timeline{Ticket: "T-1", Events: []sla.Event{{Kind: sla.EventOpened, Priority: sla.PriorityHigh}, {Kind: sla.EventSolved}}}
	if b, err := json.Marshal(tl); err != nil {
		t.Errorf("a timeline does not marshal: %v", err)
	} else {
		var back sla.Timeline
		if err := json.Unmarshal(b, &back); err != nil || back.Events[1].Priority != 0 || back.Events[0].Priority != sla.PriorityHigh {
			t.Errorf("timeline %s reads back as %+v, %v", b, back, err)
		}
	}
	// A policy round-trips through JSON.
	in := sla.Target{Metric: sla.MetricNextReply, Priority: sla.PriorityHigh, Measure: sla.MeasureBusinessDays, Days: 2, Warn: sla.Warning{Consumed: 7550}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out sla.Target
	if err := json.Unmarshal(b, &out); err != nil || out != in {
		t.Errorf("JSON round trip of %s: %+v, %v", b, out, err)
	}
	var m sla.Metric
	if err := m.UnmarshalText([]byte("first response")); !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("unknown metric name: %v, want ErrInvalid", err)
	}
}

func TestPercentString(t *testing.T) {
	for p, want := range map[sla.Percent]string{0: "0.00%", 7550: "75.50%", 5: "0.05%", 10000: "100.00%", -25: "-0.25%", 123456: "1234.56%",
		math.MinInt64: "-92233720368547758.08%", math.MaxInt64: "92233720368547758.07%"} {
		if got := p.String(); got != want {
			t.Errorf("Percent(%d) = %q, want %q", int64(p), got, want)
		}
	}
}

// roundTrip checks that every value of an enumeration type with a name
// marshals to it and back, that exactly names values have one, that an
// unnamed zero value (unset) is the empty text, and that the others fail to
// marshal with a FieldError wrapping ErrInvalid.
func roundTrip[T ~uint8, P interface {
	*T
	UnmarshalText([]byte) error
}](t *testing.T, names int, marshal func(T) ([]byte, error)) {
	t.Helper()
	named := 0
	for i := range 256 {
		v := T(i)
		b, err := marshal(v)
		if err != nil {
			var fe *account.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, sla.ErrInvalid) {
				t.Errorf("%T(%d): MarshalText: %v, want a FieldError wrapping ErrInvalid", v, i, err)
			}
			continue
		}
		if i == 0 && len(b) == 0 {
			var back T = 1
			if err := P(&back).UnmarshalText(b); err != nil || back != 0 {
				t.Errorf("%T: the empty text unmarshals to %d, %v; want 0", v, back, err)
			}
			continue
		}
		named++
		var back T
		if err := P(&back).UnmarshalText(b); err != nil || back != v {
			t.Errorf("%T(%d): %q unmarshals to %d, %v", v, i, b, back, err)
		}
	}
	if named != names {
		t.Errorf("%T: %d values have names, want %d", T(0), named, names)
	}
	var v T
	err := P(&v).UnmarshalText([]byte("no such name"))
	var fe *account.FieldError
	if !errors.As(err, &fe) || !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("%T: UnmarshalText of an unknown name: %v, want a FieldError wrapping ErrInvalid", v, err)
	}
}

func TestEnumRoundTrip(t *testing.T) {
	roundTrip[sla.Metric](t, 4, sla.Metric.MarshalText)
	roundTrip[sla.Priority](t, 4, sla.Priority.MarshalText)
	roundTrip[sla.EventKind](t, 9, sla.EventKind.MarshalText)
	roundTrip[sla.Status](t, 2, sla.Status.MarshalText)
	roundTrip[sla.State](t, 5, sla.State.MarshalText)
	roundTrip[sla.Measure](t, 3, sla.Measure.MarshalText)
	roundTrip[sla.PriorityChange](t, 2, sla.PriorityChange.MarshalText)
	roundTrip[sla.Source](t, 5, sla.Source.MarshalText)
	roundTrip[sla.StepKind](t, 8, sla.StepKind.MarshalText)
}

// Errors stay bounded whatever the input: a value or a name is quoted to
// 64 bytes, and a validation lists at most 100 faults, then counts the
// rest.
func TestErrorsBounded(t *testing.T) {
	const limit = 16 << 10
	huge := strings.Repeat("x", 1<<20)
	check := func(name string, err error, suffix string) {
		t.Helper()
		if !errors.Is(err, sla.ErrInvalid) {
			t.Errorf("%s: got %v, want ErrInvalid", name, err)
			return
		}
		if s := err.Error(); len(s) > limit || !strings.HasSuffix(s, suffix) {
			t.Errorf("%s: error of %d bytes ending %q; want at most %d ending %q", name, len(s), s[max(0, len(s)-80):], limit, suffix)
		}
	}

	// A policy with a 1 MB name, a bad target and a 1 MB account repeated.
	ps := sla.Policies{{Name: huge, Accounts: []account.ID{account.ID(huge), account.ID(huge)}, Targets: []sla.Target{{}}}}
	err := ps.Validate()
	check("1 MB policy name", err, "it lists accounts or tiers): a ticket that matches no policy would have no targets")
	if fe := fieldError(t, err); fe.ID != huge {
		t.Errorf("the field error's ID is cut to %d bytes; only its text should be", len(fe.ID))
	}

	// 200,000 zero targets: three faults each, and 199,999 repeats.
	ps = sla.Policies{{Name: "p", Targets: make([]sla.Target, 200_000)}}
	err = ps.Validate()
	check("200,000 bad targets", err, "and 799899 more errors")
	if n := len(fieldErrors(err)); n != 100 {
		t.Errorf("200,000 bad targets: %d field errors listed, want 100", n)
	}
	_, err = sla.NewEvaluator(ps, sla.Calendars{Default: huge})
	check("NewEvaluator", err, `Default "`+strings.Repeat("x", 64)+`"… (1048576 bytes): names no calendar of Named`)

	// 200,000 accounts on a missing calendar, one with a 1 MB ID.
	cals := sla.Calendars{Named: map[string]*calendar.Calendar{"a": nil}, Default: "a", Accounts: map[account.ID]string{account.ID(huge): huge}}
	for i := range 200_000 {
		cals.Accounts[account.ID(strconv.Itoa(i))] = "missing"
	}
	check("200,000 bad calendar names", cals.Validate(), "and 199902 more errors")

	// A timeline of a million bad events, with a 1 MB ticket and event ID:
	// validation stops at the first.
	evs := make([]sla.Event, 1_000_000)
	for i := range evs {
		evs[i] = sla.Event{ID: huge, Kind: 42}
	}
	err = sla.Timeline{Ticket: huge, Account: "a", Events: evs}.Validate()
	check("a million bad events", err, "kind 42 is not a known EventKind")
	if !errors.Is(err, sla.ErrUnknownKind) {
		t.Errorf("a million bad events: got %v, want ErrUnknownKind", err)
	}
	err = sla.Timeline{Ticket: huge, Account: "a"}.Validate()
	check("1 MB ticket", err, "is empty: a timeline starts with an opened event")
}

func TestEventErrorText(t *testing.T) {
	for _, tc := range []struct {
		err  *sla.EventError
		want string
	}{
		{&sla.EventError{Ticket: "T-7", Index: 3, ID: "m-2", Kind: sla.EventCustomerMessage, Err: sla.ErrBeforeOpen, Reason: "no opened event precedes it"},
			`sla: ticket "T-7": event 3 (ID "m-2", customer-message): no opened event precedes it`},
		{&sla.EventError{Ticket: strings.Repeat("é", 40), Index: 0, Kind: 42, Err: sla.ErrUnknownKind, Reason: "kind 42 is not a known EventKind"},
			`sla: ticket "` + strings.Repeat("é", 32) + `"… (80 bytes): event 0 (%!EventKind(42)): kind 42 is not a known EventKind`},
	} {
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
		if !errors.Is(tc.err, tc.err.Err) || !errors.Is(tc.err, sla.ErrInvalid) {
			t.Errorf("%v does not wrap %v and ErrInvalid", tc.err, tc.err.Err)
		}
	}
}

// Every specific sentinel of bad input matches ErrInvalid.
func TestSentinelsWrapErrInvalid(t *testing.T) {
	for _, err := range []error{sla.ErrUnknownKind, sla.ErrOutOfOrder, sla.ErrBeforeOpen, sla.ErrAfterClose,
		sla.ErrTransition, sla.ErrEventField, sla.ErrDuplicateTicket} {
		if !errors.Is(err, sla.ErrInvalid) {
			t.Errorf("%v does not match ErrInvalid", err)
		}
	}
}

// TestNewEvaluatorLimits: an Evaluator names its calendars and policies
// with two bytes, so it takes up to 65,535 named calendars and 65,536
// policies, and refuses one more of either with a field error.
func TestNewEvaluatorLimits(t *testing.T) {
	if testing.Short() {
		t.Skip("builds evaluators of 65,536 policies")
	}
	cals := fixtureCalendars(t)
	named := make(map[string]*calendar.Calendar, 1<<16)
	for i := range 1<<16 - 1 {
		named["c"+itoa(i)] = cals.Named["24x7"]
	}
	many := sla.Calendars{Named: named, Default: "c0"}
	if _, err := sla.NewEvaluator(fixturePolicies(), many); err != nil {
		t.Errorf("65,535 calendars: %v", err)
	}
	named["one more"] = cals.Named["24x7"]
	_, err := sla.NewEvaluator(fixturePolicies(), many)
	want := account.FieldError{Record: "Calendars", Field: "Named", Err: sla.ErrInvalid}
	if d := cmp.Diff(fieldError(t, err), want, ignoreText); d != "" {
		t.Errorf("65,536 calendars (-got +want):\n%s", d)
	}

	target := []sla.Target{{Metric: sla.MetricFirstResponse, Priority: sla.PriorityNormal, Within: time.Hour}}
	ps := make(sla.Policies, 1<<16)
	for i := range ps {
		ps[i] = sla.Policy{Name: "p" + itoa(i), Tiers: []account.Tier{1}, Targets: target}
	}
	ps[len(ps)-1].Tiers = nil // the catch-all
	if _, err := sla.NewEvaluator(ps, cals); err != nil {
		t.Errorf("65,536 policies: %v", err)
	}
	ps = slices.Insert(ps, 0, sla.Policy{Name: "one more", Tiers: []account.Tier{1}, Targets: target})
	_, err = sla.NewEvaluator(ps, cals)
	want = account.FieldError{Record: "Policies", Err: sla.ErrInvalid}
	if d := cmp.Diff(fieldError(t, err), want, ignoreText); d != "" {
		t.Errorf("65,537 policies (-got +want):\n%s", d)
	}
}
