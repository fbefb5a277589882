package escalation_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// The service tests escalate tickets of the account "acme" (owner amy)
// under two procedures: "plain" (tier 2) and "quiet" (tier 1, the same
// levels held to office hours). The levels:
//
//	am       the account manager, 1h after opening; every 30m, 3 times
//	tl       the team leader, 1h after am; every 1h, twice
//	hos      the head of service, on the customer's request
//	sponsor  the executive sponsor, 5h after opening
var svcOpened = time.Date(2024, 6, 3, 8, 0, 0, 0, time.UTC) // a Monday, before office hours

func svcLevels() []escalation.Level {
	return []escalation.Level{
		{Name: "am", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerOpened, After: time.Hour}},
			Repeat:   escalation.Repeat{Every: 30 * time.Minute, Times: 3}},
		{Name: "tl", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerPrevious, After: time.Hour}},
			Repeat:   escalation.Repeat{Every: time.Hour, Times: 2}},
		{Name: "hos", Kind: escalation.LevelHierarchical, Role: escalation.RoleHeadOfService,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerRequested}}},
		{Name: "sponsor", Kind: escalation.LevelHierarchical, Role: escalation.RoleExecutiveSponsor,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerOpened, After: 5 * time.Hour}}},
	}
}

func svcConfig(s *memstore.Store) escalation.ServiceConfig {
	return escalation.ServiceConfig{
		Policies: escalation.Policies{
			{Name: "plain", Version: 1, Levels: svcLevels()},
			{Name: "quiet", Version: 1, Levels: svcLevels(), QuietHours: office()},
		},
		Org: escalation.OrgChart{
			TeamLeaders:       map[escalation.Person]escalation.Person{"amy": "tom", "bob": "tia"},
			HeadOfService:     "hal",
			ExecutiveSponsors: map[account.ID]escalation.Person{"acme": "eve"},
		},
		Accounts:   s,
		Procedures: map[account.Tier]string{1: "quiet", 2: "plain"},
	}
}

// svcStore returns a store holding the account acme and, for each tier
// given, a ticket T-<i> of that tier opened at svcOpened.
func svcStore(t fataler, tiers ...account.Tier) *memstore.Store {
	t.Helper()
	ctx := context.Background()
	s := memstore.New()
	if _, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme", Owner: "amy", Tier: 1}); err != nil {
		t.Fatal(err)
	}
	for i, tier := range tiers {
		if _, err := s.CreateTicket(ctx, sla.Timeline{Ticket: fmt.Sprint("T-", i), Account: "acme", Tier: tier, Category: "billing",
			Events: []sla.Event{{At: svcOpened, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

func newService(t fataler, tickets sla.TicketStore, store escalation.Store, cfg escalation.ServiceConfig) *escalation.Service {
	t.Helper()
	svc, err := escalation.NewService(tickets, store, cfg)
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// fataler is what the helpers need of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

func keysOf(ns []escalation.Notification) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Key
	}
	return out
}

func storedKeys(t fataler, s escalation.RecordStore, issue string) []string {
	t.Helper()
	recs, err := account.Collect(s.Fired(context.Background(), issue))
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Key
	}
	return out
}

// at returns the instant h hours and m minutes after svcOpened.
func at(h, m int) time.Time {
	return svcOpened.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute)
}

func TestServiceEscalate(t *testing.T) {
	ctx := t.Context()
	s := svcStore(t, 2)
	svc := newService(t, s, s, svcConfig(s))
	key := func(level string, repeat int) string { return escalation.Key("T-0", level, repeat) }
	steps := []struct {
		now       time.Time
		send      []string
		nextCheck time.Time
	}{
		{at(0, 59), nil, at(1, 0)},
		{at(1, 0), []string{key("am", 0)}, at(1, 30)},
		{at(1, 0), nil, at(1, 30)}, // again: nothing new
		{at(2, 45), []string{key("am", 1), key("am", 2), key("am", 3), key("tl", 0)}, at(3, 0)},
		// hos waits for a request, and sponsor for hos: nothing more, ever,
		// without a new fact.
		{at(5, 0), []string{key("tl", 1), key("tl", 2)}, time.Time{}},
		{at(9, 0), nil, time.Time{}},
	}
	for _, st := range steps {
		out, err := svc.Escalate(ctx, "T-0", st.now)
		if err != nil {
			t.Fatalf("Escalate at %v: %v", st.now, err)
		}
		if d := cmp.Diff(keysOf(out.Send), st.send, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("Escalate at %v sends (-got +want):\n%s", st.now, d)
		}
		if d := cmp.Diff(keysOf(out.Decision.Notify), st.send, cmpopts.EquateEmpty()); d != "" {
			t.Errorf("Escalate at %v: decision's Notify (-got +want):\n%s", st.now, d)
		}
		if !out.Decision.NextCheck.Equal(st.nextCheck) {
			t.Errorf("Escalate at %v: NextCheck = %v, want %v", st.now, out.Decision.NextCheck, st.nextCheck)
		}
	}
	// The stored records are those sent, with what the notifications said.
	recs, err := account.Collect(s.Fired(ctx, "T-0"))
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 {
		t.Fatalf("%d records stored, want 7", len(recs))
	}
	if got := recs[3]; got.LevelName != "tl" || got.Repeat != 0 || !slices.Equal(got.Recipients, []escalation.Person{"tom"}) || !got.At.Equal(at(2, 0)) {
		t.Errorf("the fourth record = %+v, want tl's first, to tom, at 10:00", got)
	}
}

// Facts from the escalation store reach the decision: an acknowledgement
// stops the level's repeats, a request fires its level, a reassignment
// changes the owner, and so whom the owner's roles resolve to.
func TestServiceFacts(t *testing.T) {
	ctx := t.Context()
	s := svcStore(t, 2)
	svc := newService(t, s, s, svcConfig(s))
	if err := s.AddFacts(ctx, "T-0",
		escalation.Fact{ID: "ack", At: at(1, 10), Kind: escalation.FactAcknowledged, Level: "am", Person: "amy"},
		escalation.Fact{ID: "bob", At: at(1, 20), Kind: escalation.FactReassigned, Person: "bob"},
		escalation.Fact{ID: "ask", At: at(1, 40), Kind: escalation.FactRequested},
	); err != nil {
		t.Fatal(err)
	}
	out, err := svc.Escalate(ctx, "T-0", at(2, 30))
	if err != nil {
		t.Fatal(err)
	}
	// The request at 09:40 fires hos only after tl fired at 10:00: levels
	// fire in order.
	want := []string{escalation.Key("T-0", "am", 0), escalation.Key("T-0", "tl", 0), escalation.Key("T-0", "hos", 0)}
	if d := cmp.Diff(keysOf(out.Send), want); d != "" {
		t.Fatalf("sends (-got +want):\n%s", d)
	}
	if got := out.Send[2].At; !got.Equal(at(2, 0)) {
		t.Errorf("hos is sent at %v, want 10:00, when tl fired", got)
	}
	if got := out.Send[1].Recipients; !slices.Equal(got, []escalation.Person{"tia"}) {
		t.Errorf("the team leader's notification goes to %v, want [tia], bob's team leader", got)
	}
	if out.Decision.Owner != "bob" {
		t.Errorf("Owner = %q, want bob", out.Decision.Owner)
	}
	// am acknowledged at 09:10: no repeats of it.
	out, err = svc.Escalate(ctx, "T-0", at(3, 0))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(keysOf(out.Send), []string{escalation.Key("T-0", "tl", 1)}); d != "" {
		t.Errorf("sends at 11:00 (-got +want):\n%s", d)
	}
}

// A ticket of tier 1 follows the "quiet" procedure: what falls due before
// 09:00 is held to 09:00.
func TestServiceProcedureByTier(t *testing.T) {
	ctx := t.Context()
	s := svcStore(t, 1, 3)
	early := svcOpened.Add(-time.Hour) // 07:00
	if _, err := s.CreateTicket(ctx, sla.Timeline{Ticket: "early", Account: "acme", Tier: 1,
		Events: []sla.Event{{At: early, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}}); err != nil {
		t.Fatal(err)
	}
	cfg := svcConfig(s)
	svc := newService(t, s, s, cfg)
	out, err := svc.Escalate(ctx, "early", svcOpened.Add(30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	nine := svcOpened.Add(time.Hour)
	if len(out.Send) != 0 || len(out.Decision.Held) != 1 || !out.Decision.Held[0].At.Equal(nine) || !out.Decision.NextCheck.Equal(nine) {
		t.Errorf("tier 1 at 08:30: sends %v, holds %v; want nothing sent and am held to 09:00", keysOf(out.Send), out.Decision.Held)
	}
	if out, err = svc.Escalate(ctx, "early", nine); err != nil || len(out.Send) != 1 || !out.Send[0].Held {
		t.Errorf("tier 1 at 09:00: sends %v, error %v; want am's first, held from 08:00", out.Send, err)
	}
	// Tier 3 has no procedure of its own: Procedure applies, or none.
	_, err = svc.Escalate(ctx, "T-1", svcOpened.Add(time.Hour))
	var fe *account.FieldError
	if !errors.Is(err, escalation.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "Procedures" {
		t.Errorf("tier without a procedure: error = %v, want ErrInvalid naming Procedures", err)
	}
	cfg.Procedure = "plain"
	out, err = newService(t, s, s, cfg).Escalate(ctx, "T-1", svcOpened.Add(time.Hour))
	if err != nil || len(out.Send) != 1 {
		t.Errorf("tier 3 with Procedure plain: sends %v, error %v; want am's first", keysOf(out.Send), err)
	}
}

// With a TriggerRepeats, the service reads the account's other tickets
// opened within the window, on either side of the issue's opening.
func TestServiceRecent(t *testing.T) {
	ctx := t.Context()
	cfg := func(s *memstore.Store) escalation.ServiceConfig {
		c := svcConfig(s)
		c.Policies = escalation.Policies{{Name: "plain", Version: 1, Levels: []escalation.Level{
			{Name: "repeats", Kind: escalation.LevelFunctional, People: []escalation.Person{"ops"},
				Triggers: []escalation.Trigger{{Kind: escalation.TriggerRepeats, Count: 3, Window: 2 * time.Hour}}},
		}}}
		return c
	}
	open := func(t *testing.T, s *memstore.Store, id, acct string, at time.Time) {
		t.Helper()
		if _, err := s.CreateTicket(ctx, sla.Timeline{Ticket: id, Account: account.ID(acct), Tier: 2,
			Events: []sla.Event{{At: at, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		other []time.Duration // other tickets of acme, from svcOpened
		now   time.Duration
		fires bool
	}{
		{"two within the window before", []time.Duration{-2 * time.Hour, -time.Hour}, 0, true},
		{"one just outside before", []time.Duration{-2*time.Hour - time.Nanosecond, -time.Hour}, 0, false},
		{"two after, at the window's end by now", []time.Duration{time.Hour, 2 * time.Hour}, 2 * time.Hour, true},
		{"one after, not yet opened at now", []time.Duration{time.Hour, 2 * time.Hour}, 2*time.Hour - time.Nanosecond, false},
		{"one after the window", []time.Duration{time.Hour, 2*time.Hour + time.Nanosecond}, 3 * time.Hour, false},
		{"one on each side", []time.Duration{-time.Hour, time.Hour}, time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := svcStore(t, 2)
			open(t, s, "other-account", "globex", svcOpened.Add(-time.Minute))
			for i, d := range tt.other {
				open(t, s, fmt.Sprint("R-", i), "acme", svcOpened.Add(d))
			}
			out, err := newService(t, s, s, cfg(s)).Escalate(ctx, "T-0", svcOpened.Add(tt.now))
			if err != nil {
				t.Fatal(err)
			}
			if got := len(out.Send) == 1; got != tt.fires {
				t.Errorf("fires = %v, want %v (sends %v)", got, tt.fires, keysOf(out.Send))
			}
		})
	}
}

// With SLA policies, the service evaluates the ticket at now for the
// metric triggers.
func TestServiceSLA(t *testing.T) {
	ctx := t.Context()
	s := svcStore(t, 2)
	cfg := svcConfig(s)
	cfg.Policies = escalation.Policies{{Name: "plain", Version: 1, SLA: "std", Levels: []escalation.Level{
		{Name: "am", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerConsumed, Metric: sla.MetricResolution, Share: 50 * sla.OnePercent}}},
	}}}
	cfg.SLA = sla.Policies{{Name: "std", Targets: []sla.Target{{Metric: sla.MetricResolution, Priority: sla.PriorityHigh, Measure: sla.MeasureWallTime, Within: 4 * time.Hour}}}}
	cfg.Calendars = sla.Calendars{Named: map[string]*calendar.Calendar{"office": office()}, Default: "office"}
	svc := newService(t, s, s, cfg)
	for _, tt := range []struct {
		now  time.Duration
		send int
	}{{2*time.Hour - time.Nanosecond, 0}, {2 * time.Hour, 1}} {
		out, err := svc.Escalate(ctx, "T-0", svcOpened.Add(tt.now))
		if err != nil {
			t.Fatal(err)
		}
		if len(out.Send) != tt.send {
			t.Errorf("at opening + %v: sends %v, want %d", tt.now, keysOf(out.Send), tt.send)
		}
	}
	// Calendars the SLA policies cannot use: NewService refuses them.
	cfg.SLA[0].Targets[0].Measure, cfg.SLA[0].Targets[0].Calendar = sla.MeasureBusinessTime, "missing"
	if _, err := escalation.NewService(s, s, cfg); !errors.Is(err, escalation.ErrInvalid) || !errors.Is(err, sla.ErrInvalid) {
		t.Errorf("NewService with a target on a missing calendar: error = %v, want one wrapping escalation's and sla's ErrInvalid", err)
	}
}

func TestServiceErrors(t *testing.T) {
	ctx := t.Context()
	s := svcStore(t, 2)
	if _, err := s.CreateTicket(ctx, sla.Timeline{Ticket: "orphan", Account: "nobody", Tier: 2,
		Events: []sla.Event{{At: svcOpened, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}}); err != nil {
		t.Fatal(err)
	}
	cfg := svcConfig(s)
	wantField := func(what string, err error, record, field string) {
		t.Helper()
		var fe *account.FieldError
		if !errors.Is(err, escalation.ErrInvalid) || !errors.As(err, &fe) || fe.Record != record || fe.Field != field {
			t.Errorf("%s: error = %v, want ErrInvalid with a FieldError of %s %s", what, err, record, field)
		}
	}
	_, err := escalation.NewService(nil, s, cfg)
	wantField("nil tickets", err, "Argument", "tickets")
	_, err = escalation.NewService(s, nil, cfg)
	wantField("nil store", err, "Argument", "store")
	noAccounts := cfg
	noAccounts.Accounts = nil
	_, err = escalation.NewService(s, s, noAccounts)
	wantField("nil Accounts", err, "ServiceConfig", "Accounts")
	noPolicies := cfg
	noPolicies.Policies = nil
	if _, err := escalation.NewService(s, s, noPolicies); !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("no policies: error = %v, want ErrInvalid", err)
	}

	var zero escalation.Service
	_, err = zero.Escalate(ctx, "T-0", svcOpened)
	wantField("zero Service", err, "Service", "")
	_, err = (*escalation.Service)(nil).Escalate(ctx, "T-0", svcOpened)
	wantField("nil Service", err, "Service", "")

	svc := newService(t, s, s, cfg)
	_, err = svc.Escalate(ctx, "T-0", time.Time{})
	wantField("zero now", err, "Argument", "now")
	if _, err := svc.Escalate(ctx, "missing", svcOpened); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("missing ticket: error = %v, want ErrNotFound", err)
	}
	if _, err := svc.Escalate(ctx, "orphan", svcOpened); !errors.Is(err, account.ErrNotFound) {
		t.Errorf("ticket of a missing account: error = %v, want ErrNotFound", err)
	}
	if _, err := svc.Escalate(ctx, "T-0", svcOpened.Add(-time.Nanosecond)); !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("now before the opening: error = %v, want ErrInvalid", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := svc.Escalate(done, "T-0", svcOpened.Add(time.Hour)); !errors.Is(err, context.Canceled) {
		t.Errorf("done context: error = %v, want context.Canceled", err)
	}
	if keys := storedKeys(t, s, "T-0"); len(keys) != 0 {
		t.Errorf("records after the failed calls: %v, want none", keys)
	}
}

// When the record store fails part way, the notifications recorded before
// the failure are returned with the error, to be sent.
func TestServiceStoreFailsMidway(t *testing.T) {
	ctx := t.Context()
	s := svcStore(t, 2)
	broken := &failingRecords{Store: s, after: 2}
	svc := newService(t, s, broken, svcConfig(s))
	out, err := svc.Escalate(ctx, "T-0", svcOpened.Add(3*time.Hour))
	if !errors.Is(err, errStoreDown) {
		t.Fatalf("error = %v, want errStoreDown", err)
	}
	want := []string{escalation.Key("T-0", "am", 0), escalation.Key("T-0", "am", 1)}
	if d := cmp.Diff(keysOf(out.Send), want); d != "" {
		t.Errorf("sends with the error (-got +want):\n%s", d)
	}
	if d := cmp.Diff(storedKeys(t, s, "T-0"), want); d != "" {
		t.Errorf("stored (-got +want):\n%s", d)
	}
	// With the store back, the next call sends the rest, and nothing twice.
	out, err = newService(t, s, s, svcConfig(s)).Escalate(ctx, "T-0", svcOpened.Add(3*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if got := keysOf(out.Send); slices.ContainsFunc(got, func(k string) bool { return slices.Contains(want, k) }) || len(got) == 0 {
		t.Errorf("sends after the store is back: %v; want the rest, none of %v", got, want)
	}
}

var errStoreDown = errors.New("store down")

// failingRecords fails every AddFired after its first after.
type failingRecords struct {
	*memstore.Store
	mu    sync.Mutex
	after int
}

func (f *failingRecords) AddFired(ctx context.Context, r escalation.Record) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.after == 0 {
		return false, errStoreDown
	}
	f.after--
	return f.Store.AddFired(ctx, r)
}

// A Service reads through its stores' sequences; a failing sequence fails
// the call.
func TestServiceSequenceFails(t *testing.T) {
	s := svcStore(t, 2)
	for _, which := range []string{"Fired", "Facts", "Tickets"} {
		store := &failingLists{Store: s, which: which}
		cfg := svcConfig(s)
		cfg.Policies[0].Levels = append(cfg.Policies[0].Levels, escalation.Level{Name: "repeats", Kind: escalation.LevelFunctional,
			People: []escalation.Person{"ops"}, Triggers: []escalation.Trigger{{Kind: escalation.TriggerRepeats, Count: 2, Window: time.Hour}}})
		if _, err := newService(t, store, store, cfg).Escalate(t.Context(), "T-0", svcOpened.Add(time.Hour)); !errors.Is(err, errStoreDown) {
			t.Errorf("%s fails: error = %v, want errStoreDown", which, err)
		}
	}
}

// Without a TriggerRepeats, the service reads no other tickets: a failing
// list of tickets does not fail it.
func TestServiceNoRepeatsReadsNoTickets(t *testing.T) {
	s := svcStore(t, 2)
	store := &failingLists{Store: s, which: "Tickets"}
	out, err := newService(t, store, store, svcConfig(s)).Escalate(t.Context(), "T-0", svcOpened.Add(time.Hour))
	if err != nil || len(out.Send) != 1 {
		t.Errorf("sends %v, error %v; want am's first, and no read of the tickets list", keysOf(out.Send), err)
	}
}

// failingLists fails one kind of list.
type failingLists struct {
	*memstore.Store
	which string
}

func failing[V any]() iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		var zero V
		yield(zero, errStoreDown)
	}
}

func (f *failingLists) Fired(ctx context.Context, issue string) iter.Seq2[escalation.Record, error] {
	if f.which == "Fired" {
		return failing[escalation.Record]()
	}
	return f.Store.Fired(ctx, issue)
}

func (f *failingLists) Facts(ctx context.Context, issue string) iter.Seq2[escalation.Fact, error] {
	if f.which == "Facts" {
		return failing[escalation.Fact]()
	}
	return f.Store.Facts(ctx, issue)
}

func (f *failingLists) Tickets(ctx context.Context, tf sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	if f.which == "Tickets" {
		return failing[sla.Ticket]()
	}
	return f.Store.Tickets(ctx, tf)
}
