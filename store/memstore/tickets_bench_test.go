package memstore_test

import (
	"math/rand/v2"
	"strconv"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/cputime"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// benchTicketStore returns a store of n tickets of six events opened at
// random minutes of 2024, created in random order, half of them solved,
// and lists them once.
func benchTicketStore(b *testing.B, n int) *memstore.Store {
	rng := rand.New(rand.NewPCG(15, 4))
	s := memstore.New()
	year := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range n {
		at := year.Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
		evs := []sla.Event{{At: at, Kind: sla.EventOpened, Priority: sla.PriorityNormal}}
		for _, k := range []sla.EventKind{sla.EventAgentReply, sla.EventCustomerMessage, sla.EventAgentReply, sla.EventCustomerMessage, sla.EventSolved} {
			at = at.Add(time.Duration(1+rng.IntN(600)) * time.Minute)
			evs = append(evs, sla.Event{At: at, Kind: k})
		}
		if i%2 == 0 {
			evs = evs[:5]
		}
		a := rng.IntN(1000)
		tl := sla.Timeline{Ticket: "T" + strconv.Itoa(i), Account: account.ID("acct-" + strconv.Itoa(a)), Tier: account.Tier(1 + a%3), Events: evs}
		if _, err := s.CreateTicket(b.Context(), tl); err != nil {
			b.Fatal(err)
		}
	}
	// The first list sorts the tickets created out of order: do it now.
	for _, err := range s.Tickets(b.Context(), sla.TicketFilter{}) {
		if err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// BenchmarkTickets lists 100,000 stored tickets of five or six events:
// all of them, and those a report on the second half of 2024 reads
// (opened before its end, active from its start). It measures the reading
// the sla Service does before it evaluates: the copies of the events.
func BenchmarkTickets(b *testing.B) {
	const n = 100_000
	s := benchTicketStore(b, n)
	half := sla.TicketFilter{To: time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), ActiveFrom: time.Date(2024, 7, 1, 0, 0, 0, 0, time.UTC)}
	for _, bb := range []struct {
		name string
		f    sla.TicketFilter
	}{{"all", sla.TicketFilter{}}, {"period", half}} {
		b.Run(bb.name, func(b *testing.B) {
			cpu, _ := cputime.Process()
			for b.Loop() {
				for t, err := range s.Tickets(b.Context(), bb.f) {
					if err != nil {
						b.Fatal(err)
					}
					sink += len(t.Events)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/ticket")
			if end, ok := cputime.Process(); ok {
				// CPU time, the garbage collector's included: steadier than
				// the wall-clock time on a shared machine.
				b.ReportMetric(float64((end-cpu).Nanoseconds())/float64(b.N)/n, "cpu-ns/ticket")
			}
		})
	}
}
