package sla_test

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
	"pgregory.net/rapid"
)

// TestPropServiceEqualsPure: whatever the tickets, the period and the
// instant, the Service gives what the pure functions give over the stored
// timelines opened by then: one ticket, the stream (in the store's order)
// and the report, which reads only the tickets active in the period.
func TestPropServiceEqualsPure(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		ctx := context.Background()
		ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
		store := memstore.New()
		tls := make([]sla.Timeline, rapid.IntRange(1, 40).Draw(t, "tickets"))
		for i := range tls {
			tl := drawTimeline(t)
			tl.Ticket = "T" + strconv.Itoa(i)
			tl.Account = account.ID(rapid.SampledFrom([]string{"acme", "globex", "initech"}).Draw(t, "account"))
			tl.Tier = account.Tier(rapid.IntRange(0, 3).Draw(t, "tier"))
			tls[i] = tl
			if _, err := store.CreateTicket(ctx, tl); err != nil {
				t.Fatal(err)
			}
		}
		year := time.Date(2024, 1, 1, 0, 0, 0, 0, nzLoc)
		day := func(label string, lo, hi int) time.Duration {
			return time.Duration(rapid.IntRange(lo, hi).Draw(t, label)) * 24 * time.Hour
		}
		p := sla.Period{From: year.Add(day("from", 0, 400))}
		p.To = p.From.Add(day("days", 1, 90))
		now := p.From.Add(day("now", -10, 120))
		svc := sla.NewService(store, ev)

		// The timelines opened by now, in the store's order.
		var opened []sla.Timeline
		for _, tl := range tls {
			if !tl.Events[0].At.After(now) {
				opened = append(opened, tl)
			}
		}
		slices.SortFunc(opened, func(a, b sla.Timeline) int {
			return cmp.Or(a.Events[0].At.Compare(b.Events[0].At), cmp.Compare(a.Ticket, b.Ticket))
		})

		i := 0
		want, _ := account.Collect(ev.EvaluateAll(opened, now, 1))
		for got, err := range svc.EvaluateTickets(ctx, sla.TicketFilter{}, now) {
			if err != nil {
				t.Fatalf("EvaluateTickets: result %d: %v", i, err)
			}
			if i >= len(want) {
				t.Fatalf("EvaluateTickets yields more than the %d tickets opened by %v", len(want), now)
			}
			if !reflect.DeepEqual(got, want[i]) {
				t.Fatalf("EvaluateTickets: result %d (-service +pure):\n%s", i, gocmp.Diff(got, want[i]))
			}
			i++
		}
		if i != len(want) {
			t.Fatalf("EvaluateTickets yields %d results, want %d", i, len(want))
		}

		by := sla.Grouping{Account: true, Tier: rapid.Bool().Draw(t, "by tier"), Priority: rapid.Bool().Draw(t, "by priority")}
		got, err := svc.Compliance(ctx, p, by, now)
		if err != nil {
			t.Fatal(err)
		}
		wantReport, err := sla.Compliance(ev.EvaluateAll(opened, now, 0), p, by)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(got, wantReport); d != "" {
			t.Fatalf("Compliance (-service +pure over every ticket):\n%s", d)
		}

		if len(opened) > 0 {
			tl := rapid.SampledFrom(opened).Draw(t, "one")
			got, err := svc.Evaluate(ctx, tl.Ticket, now)
			want, wantErr := ev.Evaluate(tl, now)
			if err != nil || wantErr != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("Evaluate %s: error %v (pure %v), diff (-service +pure):\n%s", tl.Ticket, err, wantErr, gocmp.Diff(got, want))
			}
		}
	})
}

func TestServiceErrors(t *testing.T) {
	ctx := t.Context()
	ev := newEvaluator(t, propPolicies(sla.PriorityChangeRetarget), fixtureCalendars(t))
	store := memstore.New()
	tl := sla.Timeline{Ticket: "T-1", Account: "acme", Events: []sla.Event{
		{At: nzt(t, 2024, 6, 4, 9, 0), Kind: sla.EventOpened, Priority: sla.PriorityHigh}}}
	if _, err := store.CreateTicket(ctx, tl); err != nil {
		t.Fatal(err)
	}
	now := nzt(t, 2024, 6, 5, 9, 0)
	june := sla.Period{From: nzt(t, 2024, 6, 1, 0, 0), To: nzt(t, 2024, 7, 1, 0, 0)}
	svc := sla.NewService(store, ev)

	// first returns how many pairs a sequence yields, and the first
	// error.
	first := func(seq iter.Seq2[sla.Result, error]) (int, error) {
		var first error
		n := 0
		for _, err := range seq {
			if first == nil {
				first = err
			}
			n++
		}
		return n, first
	}
	fieldErr := func(record, field string) error {
		return &account.FieldError{Record: record, Field: field, Err: sla.ErrInvalid}
	}
	evaluate := func(s *sla.Service, id string, now time.Time) error { _, err := s.Evaluate(ctx, id, now); return err }
	stream := func(s *sla.Service, now time.Time) error {
		n, err := first(s.EvaluateTickets(ctx, sla.TicketFilter{}, now))
		if err != nil && n != 1 {
			return fmt.Errorf("%d pairs with the error %w, want 1", n, err)
		}
		return err
	}
	period := func(s *sla.Service, p sla.Period) error {
		n, err := first(s.EvaluatePeriod(ctx, p, now))
		if err != nil && n != 1 {
			return fmt.Errorf("%d pairs with the error %w, want 1", n, err)
		}
		return err
	}
	report := func(s *sla.Service, p sla.Period, now time.Time) error {
		_, err := s.Compliance(ctx, p, sla.Grouping{}, now)
		return err
	}
	tests := []struct {
		name string
		err  error
		want error // a sentinel, or a FieldError to match by record and field
	}{
		{"Evaluate: zero Service", evaluate(&sla.Service{}, "T-1", now), fieldErr("Service", "")},
		{"Evaluate: nil Service", evaluate(nil, "T-1", now), fieldErr("Service", "")},
		{"Evaluate: no Evaluator", evaluate(sla.NewService(store, nil), "T-1", now), fieldErr("Evaluator", "")},
		{"Evaluate: zero now", evaluate(svc, "T-1", time.Time{}), fieldErr("Argument", "now")},
		{"Evaluate: now before the opening", evaluate(svc, "T-1", june.From), fieldErr("Argument", "now")},
		{"Evaluate: missing ticket", evaluate(svc, "T-2", now), account.ErrNotFound},
		{"EvaluateTickets: zero Service", stream(&sla.Service{}, now), fieldErr("Service", "")},
		{"EvaluateTickets: no Evaluator", stream(sla.NewService(store, nil), now), fieldErr("Evaluator", "")},
		{"EvaluateTickets: zero now", stream(svc, time.Time{}), fieldErr("Argument", "now")},
		{"EvaluatePeriod: zero period", period(svc, sla.Period{}), fieldErr("Argument", "period")},
		{"EvaluatePeriod: empty period", period(svc, sla.Period{From: june.To, To: june.To}), fieldErr("Argument", "period")},
		{"EvaluatePeriod: no From", period(svc, sla.Period{To: june.To}), fieldErr("Argument", "period")},
		{"EvaluatePeriod: no To", period(svc, sla.Period{From: june.From}), fieldErr("Argument", "period")},
		{"Compliance: reversed period", report(svc, sla.Period{From: june.To, To: june.From}, now), fieldErr("Argument", "period")},
		{"Compliance: zero now", report(svc, june, time.Time{}), fieldErr("Argument", "now")},
	}
	for _, tt := range tests {
		var fe *account.FieldError
		switch want := tt.want.(type) {
		case *account.FieldError:
			if !errors.Is(tt.err, sla.ErrInvalid) || !errors.As(tt.err, &fe) || fe.Record != want.Record || fe.Field != want.Field {
				t.Errorf("%s: error = %v, want a FieldError of %s %q wrapping ErrInvalid", tt.name, tt.err, want.Record, want.Field)
			}
		default:
			if !errors.Is(tt.err, want) {
				t.Errorf("%s: error = %v, want one wrapping %v", tt.name, tt.err, want)
			}
		}
	}
	// The valid calls succeed, so that the failures above are the faults'.
	if err := evaluate(svc, "T-1", now); err != nil {
		t.Errorf("Evaluate: %v", err)
	}
	if err := stream(svc, now); err != nil {
		t.Errorf("EvaluateTickets: %v", err)
	}
	if err := period(svc, june); err != nil {
		t.Errorf("EvaluatePeriod: %v", err)
	}
	if err := report(svc, june, june.To); err != nil {
		t.Errorf("Compliance: %v", err)
	}
}

// failingStore lists its tickets, then fails after the first n.
type failingStore struct {
	*memstore.Store
	n int
}

var errStore = errors.New("the store failed")

func (s failingStore) Tickets(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	return func(yield func(sla.Ticket, error) bool) {
		i := 0
		for t, err := range s.Store.Tickets(ctx, f) {
			if i == s.n {
				yield(sla.Ticket{}, errStore)
				return
			}
			if !yield(t, err) || err != nil {
				return
			}
			i++
		}
	}
}

// runningStore counts the lists of its tickets under way and the tickets
// it has yielded.
type runningStore struct {
	*memstore.Store
	n, read atomic.Int64
}

func (s *runningStore) Tickets(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	return func(yield func(sla.Ticket, error) bool) {
		s.n.Add(1)
		defer s.n.Add(-1)
		for t, err := range s.Store.Tickets(ctx, f) {
			s.read.Add(1)
			if !yield(t, err) {
				return
			}
		}
	}
}

// TestServiceStream: the stream yields the results before a store's error
// in order, then the error once; a done context is the store's error;
// breaking out of the loop early is allowed, in any batch (of 256), and
// leaves no list of the store running; the results are those of the pure
// functions, on one core or several.
func TestServiceStream(t *testing.T) {
	ctx := t.Context()
	ev := benchEvaluator(t)
	tls := benchTimelines(t, 2500)
	store := storeOf(t, tls)
	slices.SortFunc(tls, func(a, b sla.Timeline) int {
		return cmp.Or(a.Events[0].At.Compare(b.Events[0].At), cmp.Compare(a.Ticket, b.Ticket))
	})
	for _, n := range []int{0, 1, 255, 256, 257, 511, 512, 513, 1024, 2100} {
		var got []string
		var errs []error
		for r, err := range sla.NewService(failingStore{store, n}, ev).EvaluateTickets(ctx, sla.TicketFilter{}, benchNow) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			got = append(got, r.Ticket)
		}
		if len(errs) != 1 || !errors.Is(errs[0], errStore) {
			t.Errorf("store failing after %d tickets: errors %v, want the store's once", n, errs)
		}
		if want := ticketsOf(tls[:n]); !slices.Equal(got, want) {
			t.Errorf("store failing after %d tickets: %d results before the error, want %d in the store's order", n, len(got), len(want))
		}
	}

	done, cancel := context.WithCancel(ctx)
	cancel()
	var errs []error
	for _, err := range sla.NewService(store, ev).EvaluateTickets(done, sla.TicketFilter{}, benchNow) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("done context: yields %v, want context.Canceled once", errs)
	}

	svc := sla.NewService(store, ev)
	running := &runningStore{Store: store}
	for _, stop := range []int{1, 255, 256, 257, 512, 513, 2499} {
		n := 0
		for _, err := range sla.NewService(running, ev).EvaluateTickets(ctx, sla.TicketFilter{}, benchNow) {
			if err != nil {
				t.Fatal(err)
			}
			if n++; n == stop {
				break
			}
		}
		if n != stop {
			t.Errorf("break after %d results: the loop ran %d times", stop, n)
		}
		if r := running.n.Load(); r != 0 {
			t.Errorf("break after %d results: %d lists of the store still running", stop, r)
		}
	}

	// On one core the tickets are read a batch of 256 at a time as the
	// iteration asks for them: the first result comes after the first
	// 256 tickets are read, and no more.
	prev := runtime.GOMAXPROCS(1)
	running.read.Store(0)
	for range sla.NewService(running, ev).EvaluateTickets(ctx, sla.TicketFilter{}, benchNow) {
		break
	}
	runtime.GOMAXPROCS(prev)
	if n := running.read.Load(); n != 256 {
		t.Errorf("GOMAXPROCS 1: the first result came after %d tickets were read, want 256", n)
	}

	// The results are the pure functions', in the store's order, whatever
	// the number of cores: the batches the workers hand back for reading
	// into again hold none of them.
	pure, err := account.Collect(ev.EvaluateAll(tls, benchNow, 1))
	if err != nil {
		t.Fatal(err)
	}
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		got, err := account.Collect(svc.EvaluateTickets(ctx, sla.TicketFilter{}, benchNow))
		runtime.GOMAXPROCS(prev)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(got, pure); d != "" {
			t.Errorf("GOMAXPROCS %d: the stream differs from EvaluateAll (-service +pure):\n%s", procs, d)
		}
	}

	// A filter narrows the stream; tickets opened after now are left out
	// even when the filter's To is later.
	from, mid := tls[10].Events[0].At, tls[1000].Events[0].At
	want := 0
	for _, tl := range tls {
		if at := tl.Events[0].At; !at.Before(from) && !at.After(mid) {
			want++
		}
	}
	got := 0
	for r, err := range svc.EvaluateTickets(ctx, sla.TicketFilter{From: from, To: benchNow}, mid) {
		if err != nil {
			t.Fatal(err)
		}
		if r.At != mid {
			t.Fatalf("result at %v, want %v", r.At, mid)
		}
		got++
	}
	if got != want || want < 991 {
		t.Errorf("tickets opened from %v to %v: %d results, want %d (at least 991)", from, mid, got, want)
	}
}

func ticketsOf(tls []sla.Timeline) []string {
	out := make([]string, len(tls))
	for i, tl := range tls {
		out[i] = tl.Ticket
	}
	return out
}
