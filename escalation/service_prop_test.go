package escalation_test

import (
	"context"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
	"pgregory.net/rapid"
)

// Exactly once: however the calls of several workers deciding one issue
// interleave, each notification is returned to send by exactly one call,
// and the records stored are exactly the notifications sent.

// A sent is one call's notifications to send, with the instant it decided at.
type sent struct {
	worker int
	now    time.Time
	send   []escalation.Notification
	err    error
}

// checkExactlyOnce checks the calls' results against the store: no call
// failed, no key was sent twice, nothing was sent before it could be, and
// the stored records are exactly the notifications sent, as sent.
func checkExactlyOnce(t interface {
	Helper()
	Errorf(string, ...any)
	Fatalf(string, ...any)
}, s *memstore.Store, issue string, calls []sent) {
	t.Helper()
	byKey := map[string]escalation.Notification{}
	for _, c := range calls {
		if c.err != nil {
			t.Fatalf("worker %d at %v: %v", c.worker, c.now, c.err)
		}
		for _, n := range c.send {
			if _, twice := byKey[n.Key]; twice {
				t.Errorf("%s is sent twice (again by worker %d at %v)", n.Key, c.worker, c.now)
			}
			if n.At.After(c.now) {
				t.Errorf("%s is sent by worker %d at %v, before its time %v", n.Key, c.worker, c.now, n.At)
			}
			byKey[n.Key] = n
		}
	}
	recs, err := account.Collect(s.Fired(context.Background(), issue))
	if err != nil {
		t.Fatalf("list records: %v", err)
	}
	if len(recs) != len(byKey) {
		t.Errorf("%d records stored, %d notifications sent", len(recs), len(byKey))
	}
	for _, r := range recs {
		n, ok := byKey[r.Key]
		if !ok {
			t.Errorf("%s is recorded but nobody sends it", r.Key)
			continue
		}
		if d := cmp.Diff(r, n.Record()); d != "" {
			t.Errorf("%s: the record is not the notification sent (-stored +sent):\n%s", r.Key, d)
		}
	}
}

// checkSettled checks that once every call has returned, deciding at the
// latest instant and recording what is due leaves nothing due: deciding
// again with the same records fires nothing new.
func checkSettled(t interface {
	Helper()
	Errorf(string, ...any)
	Fatalf(string, ...any)
}, svc *escalation.Service, issue string, now time.Time) []escalation.Notification {
	t.Helper()
	ctx := context.Background()
	first, err := svc.Escalate(ctx, issue, now)
	if err != nil {
		t.Fatalf("settle at %v: %v", now, err)
	}
	again, err := svc.Escalate(ctx, issue, now)
	if err != nil {
		t.Fatalf("settle again at %v: %v", now, err)
	}
	if len(again.Decision.Notify) != 0 || len(again.Send) != 0 {
		t.Errorf("deciding again at %v with the same records: due %v, sends %v; want nothing", now, keysOf(again.Decision.Notify), keysOf(again.Send))
	}
	return first.Send
}

// drawFacts draws up to three escalation facts in order of time, within
// the first 8 hours of the issue.
func drawFacts(t *rapid.T) []escalation.Fact {
	n := rapid.IntRange(0, 3).Draw(t, "facts")
	var out []escalation.Fact
	for i := range n {
		f := escalation.Fact{ID: fmt.Sprint("f", i), At: svcOpened.Add(time.Duration(rapid.IntRange(0, 48).Draw(t, "fact at")) * 10 * time.Minute),
			Kind: escalation.FactKind(rapid.IntRange(1, 3).Draw(t, "fact kind"))}
		switch f.Kind {
		case escalation.FactAcknowledged:
			f.Level = rapid.SampledFrom([]string{"am", "tl", "hos", "sponsor"}).Draw(t, "acknowledged level")
		case escalation.FactReassigned:
			f.Person = rapid.SampledFrom([]escalation.Person{"bob", "amy"}).Draw(t, "new owner")
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b escalation.Fact) int { return a.At.Compare(b.At) })
	return out
}

// drawNow draws an instant in the first 10 hours of the issue, on a
// quarter hour, so that workers often decide at the same instant.
func drawNow(t *rapid.T, label string) time.Time {
	return svcOpened.Add(time.Duration(rapid.IntRange(0, 40).Draw(t, label)) * 15 * time.Minute)
}

// gated is a worker's view of the shared store: each store call the
// service makes is a step of the interleaver, where another worker may run.
type gated struct {
	*memstore.Store
	il *interleaver
	w  int
}

func gatedSeq[V any](g gated, seq iter.Seq2[V, error]) iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		g.il.step(g.w)
		seq(yield)
	}
}

func (g gated) Ticket(ctx context.Context, id string) (sla.Ticket, error) {
	g.il.step(g.w)
	return g.Store.Ticket(ctx, id)
}

func (g gated) Tickets(ctx context.Context, f sla.TicketFilter) iter.Seq2[sla.Ticket, error] {
	return gatedSeq(g, g.Store.Tickets(ctx, f))
}

func (g gated) Account(ctx context.Context, id account.ID) (account.Account, error) {
	g.il.step(g.w)
	return g.Store.Account(ctx, id)
}

func (g gated) Fired(ctx context.Context, issue string) iter.Seq2[escalation.Record, error] {
	return gatedSeq(g, g.Store.Fired(ctx, issue))
}

func (g gated) AddFired(ctx context.Context, r escalation.Record) (bool, error) {
	g.il.step(g.w)
	return g.Store.AddFired(ctx, r)
}

func (g gated) Facts(ctx context.Context, issue string) iter.Seq2[escalation.Fact, error] {
	return gatedSeq(g, g.Store.Facts(ctx, issue))
}

// TestExactlyOnceInterleaved runs 2 to 4 workers, each escalating one
// issue 1 to 3 times at drawn instants (often the same), and perhaps a
// worker that adds the issue's escalation facts one by one meanwhile. The
// interleaver lets one worker run at a time, from one store call to the
// next, in an order rapid draws: every interleaving of reads, decisions
// and compare-and-set writes is reachable, and a failing one shrinks to a
// short schedule.
func TestExactlyOnceInterleaved(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		tier := account.Tier(rapid.IntRange(1, 2).Draw(t, "tier"))
		s := svcStore(t, tier)
		cfg := svcConfig(s)
		facts := drawFacts(t)
		concurrentFacts := len(facts) > 0 && rapid.Bool().Draw(t, "facts added while the workers run")
		if !concurrentFacts && len(facts) > 0 {
			if err := s.AddFacts(context.Background(), "T-0", facts...); err != nil {
				t.Fatal(err)
			}
		}
		workers := rapid.IntRange(2, 4).Draw(t, "workers")
		nows := make([][]time.Time, workers)
		latest := svcOpened
		for w := range nows {
			for range rapid.IntRange(1, 3).Draw(t, "calls") {
				now := drawNow(t, "now")
				nows[w] = append(nows[w], now)
				if now.After(latest) {
					latest = now
				}
			}
		}
		results := make([][]sent, workers)
		var factErr error
		n := workers
		if concurrentFacts {
			n++ // the last worker adds the facts
		}
		runInterleaved(t, n, func(il *interleaver, w int) {
			g := gated{Store: s, il: il, w: w}
			if w == workers {
				for _, f := range facts {
					il.step(w)
					if err := s.AddFacts(context.Background(), "T-0", f); err != nil {
						factErr = err
						return
					}
				}
				return
			}
			cfg := cfg
			cfg.Accounts = g
			svc, err := escalation.NewService(g, g, cfg)
			if err != nil {
				results[w] = append(results[w], sent{worker: w, err: err})
				return
			}
			for _, now := range nows[w] {
				out, err := svc.Escalate(context.Background(), "T-0", now)
				results[w] = append(results[w], sent{worker: w, now: now, send: out.Send, err: err})
			}
		})
		if factErr != nil {
			t.Fatalf("adding facts: %v", factErr)
		}
		calls := slices.Concat(results...)
		checkExactlyOnce(t, s, "T-0", calls)
		final := checkSettled(t, newService(t, s, s, cfg), "T-0", latest)
		checkExactlyOnce(t, s, "T-0", append(calls, sent{worker: -1, now: latest, send: final}))
	})
}

// TestExactlyOnceConcurrent runs workers free, in goroutines, each
// escalating one issue at every quarter hour of ten hours, in its own
// shuffled order, while facts arrive. Run it under the race detector.
func TestExactlyOnceConcurrent(t *testing.T) {
	const workers = 8
	for round := range 8 {
		t.Run(fmt.Sprint("round", round), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(uint64(round), 1))
			s := svcStore(t, account.Tier(1+round%2))
			cfg := svcConfig(s)
			var nows []time.Time
			for q := range 41 {
				nows = append(nows, svcOpened.Add(time.Duration(q)*15*time.Minute))
			}
			results := make([][]sent, workers)
			var wg sync.WaitGroup
			for w := range workers {
				mine := slices.Clone(nows)
				rng.Shuffle(len(mine), func(i, j int) { mine[i], mine[j] = mine[j], mine[i] })
				svc := newService(t, s, s, cfg)
				wg.Go(func() {
					for _, now := range mine {
						out, err := svc.Escalate(t.Context(), "T-0", now)
						results[w] = append(results[w], sent{worker: w, now: now, send: out.Send, err: err})
					}
				})
			}
			wg.Go(func() {
				for i, f := range []escalation.Fact{
					{At: svcOpened.Add(2 * time.Hour), Kind: escalation.FactRequested},
					{At: svcOpened.Add(4 * time.Hour), Kind: escalation.FactAcknowledged, Level: "tl"},
					{At: svcOpened.Add(5 * time.Hour), Kind: escalation.FactReassigned, Person: "bob"},
				} {
					if err := s.AddFacts(t.Context(), "T-0", f); err != nil {
						t.Errorf("fact %d: %v", i, err)
					}
				}
			})
			wg.Wait()
			calls := slices.Concat(results...)
			checkExactlyOnce(t, s, "T-0", calls)
			final := checkSettled(t, newService(t, s, s, cfg), "T-0", nows[len(nows)-1])
			checkExactlyOnce(t, s, "T-0", append(calls, sent{worker: -1, now: nows[len(nows)-1], send: final}))
		})
	}
}
