package sqlstore

import (
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/sla"
)

// Benchmarks of tickets and escalation records on each dialect.

// seedTickets stores n tickets of 3 events (opened, a reply, solved), one
// a minute, and returns the instant after the last opening.
func seedTickets(b *testing.B, s *Store, n int) time.Time {
	b.Helper()
	for i := range n {
		at := t0.Add(time.Duration(i) * time.Minute)
		tl := sampleTimeline(fmt.Sprintf("T%06d", i), at)
		tl.Events = append(tl.Events, sla.Event{At: at.Add(time.Hour), Kind: sla.EventAgentReply})
		if i%2 == 0 {
			tl.Events = append(tl.Events, sla.Event{At: at.Add(2 * time.Hour), Kind: sla.EventSolved})
		}
		if _, err := s.CreateTicket(b.Context(), tl); err != nil {
			b.Fatal(err)
		}
	}
	return t0.Add(time.Duration(n) * time.Minute)
}

// BenchmarkTickets streams 2,000 stored tickets with their events, all of
// them, and those unsolved at an instant (half of them).
func BenchmarkTickets(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		const n = 2000
		end := seedTickets(b, s, n)
		for _, c := range []struct {
			name string
			f    sla.TicketFilter
			want int
		}{{"All", sla.TicketFilter{}, n}, {"UnsolvedAt", sla.TicketFilter{UnsolvedAt: end.Add(3 * time.Hour)}, n / 2}} {
			b.Run(c.name, func(b *testing.B) {
				var last sla.Ticket
				for b.Loop() {
					count := 0
					for t, err := range s.Tickets(b.Context(), c.f) {
						if err != nil {
							b.Fatal(err)
						}
						last = t
						count++
					}
					if count != c.want {
						b.Fatalf("read %d tickets, want %d", count, c.want)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*c.want), "ns/ticket")
				_ = last
			})
		}
	})
}

// BenchmarkAppendTicketEvents appends one event to a ticket of growing
// length, with the version of the last append: the cost of an append on a
// ticket of a few hundred events.
func BenchmarkAppendTicketEvents(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		t, err := s.CreateTicket(b.Context(), sampleTimeline("T", t0))
		if err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			i++
			if t, err = s.AppendTicketEvents(b.Context(), "T", t.Version, noteAt(t0.Add(time.Duration(i)*time.Second))); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// BenchmarkAddFired adds a new record and then the same key again (the
// second add stores nothing): the compare-and-set of a notification.
func BenchmarkAddFired(b *testing.B) {
	forEachDialectB(b, func(b *testing.B, d Dialect) {
		s := newTestStore(b, d)
		i := 0
		for b.Loop() {
			i++
			r := sampleFired("T", fmt.Sprint("l", i), t0)
			first, err := s.AddFired(b.Context(), r)
			if err != nil || !first {
				b.Fatalf("add %d: %v, %v", i, first, err)
			}
			again, err := s.AddFired(b.Context(), r)
			if err != nil || again {
				b.Fatalf("add %d again: %v, %v", i, again, err)
			}
		}
	})
}
