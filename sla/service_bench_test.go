package sla_test

import (
	"context"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// storeOf returns a memstore holding tls.
func storeOf(tb testing.TB, tls []sla.Timeline) *memstore.Store {
	s := memstore.New()
	for _, tl := range tls {
		if _, err := s.CreateTicket(context.Background(), tl); err != nil {
			tb.Fatal(err)
		}
	}
	return s
}

// BenchmarkService evaluates the same 100,000 timelines of about six
// events on every core, and reports on them for the year: by the pure
// functions over a slice in memory ("pure"), by a Service reading them
// from a memstore ("service"), and by the pure functions over a slice
// listed from the memstore first ("collect+pure"), the way a program did
// before the shell. The issue's
// target is that the shell adds no more than 10% over the pure functions
// on memstore.
func BenchmarkService(b *testing.B) {
	ev := benchEvaluator(b)
	tls := benchTimelines(b, 100_000)
	store := storeOf(b, tls)
	svc := sla.NewService(store, ev)
	warm(b, ev, tls)
	ctx := context.Background()
	year := sla.Period{From: time.Date(2024, 1, 1, 0, 0, 0, 0, nzLoc), To: time.Date(2025, 1, 1, 0, 0, 0, 0, nzLoc)}
	by := sla.Grouping{Account: true, Tier: true, Priority: true}
	run := func(name string, eval func() (int, error)) {
		b.Run(name, func(b *testing.B) {
			cpu := cpuTime()
			for b.Loop() {
				n, err := eval()
				if err != nil {
					b.Fatal(err)
				}
				sink += int64(n)
			}
			reportCPU(b, cpu)
		})
	}
	count := func(seq func(yield func(sla.Result, error) bool)) (int, error) {
		n := 0
		for r, err := range seq {
			if err != nil {
				return n, err
			}
			keep(r)
			n++
		}
		return n, nil
	}
	// collect lists the tickets that match f into a slice of timelines.
	collect := func(f sla.TicketFilter) ([]sla.Timeline, error) {
		tickets, err := account.Collect(store.Tickets(ctx, f))
		if err != nil {
			return nil, err
		}
		tls := make([]sla.Timeline, len(tickets))
		for i := range tickets {
			tls[i] = tickets[i].Timeline
		}
		return tls, nil
	}
	run("EvaluateAll/pure", func() (int, error) { return count(ev.EvaluateAll(tls, benchNow, 0)) })
	run("EvaluateAll/collect+pure", func() (int, error) {
		// What a program did before the shell: list the store into a
		// slice, then evaluate the slice.
		batch, err := collect(sla.TicketFilter{})
		if err != nil {
			return 0, err
		}
		return count(ev.EvaluateAll(batch, benchNow, 0))
	})
	run("EvaluateAll/service", func() (int, error) { return count(svc.EvaluateTickets(ctx, sla.TicketFilter{}, benchNow)) })
	run("Compliance/pure", func() (int, error) {
		rep, err := sla.Compliance(ev.EvaluateAll(tls, benchNow, 0), year, by)
		return len(rep.Rows), err
	})
	run("Compliance/collect+pure", func() (int, error) {
		// The same by hand: list the tickets the report needs (opened
		// before the year's end and active from its start) into a slice,
		// then report on its evaluation.
		batch, err := collect(sla.TicketFilter{To: year.To, ActiveFrom: year.From})
		if err != nil {
			return 0, err
		}
		rep, err := sla.Compliance(ev.EvaluateAll(batch, benchNow, 0), year, by)
		return len(rep.Rows), err
	})
	run("Compliance/service", func() (int, error) {
		rep, err := svc.Compliance(ctx, year, by, benchNow)
		return len(rep.Rows), err
	})
}
