package pack

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// serviceBenchStore returns a memstore with a sample portfolio of
// accounts and n tickets spread over the third quarter of 2026 (one in
// fifty still open at its end), three survey responses per account and
// quarter.
func serviceBenchStore(b *testing.B, accounts, n int) *memstore.Store {
	b.Helper()
	ctx := context.Background()
	d := serviceData{portfolio: sample.New(sample.Options{Seed: 9, Accounts: accounts, Managers: 12, At: serviceAt})}
	p := d.portfolio
	from := nzt(2026, 7, 1, 0, 0)
	step := nzt(2026, 9, 30, 0, 0).Sub(from) / time.Duration(n)
	categories := []string{"access", "billing", "outage", "data", "how-to"}
	services := []string{"payroll", "email", "portal", "invoicing", "network", "backup"}
	prios := []sla.Priority{sla.PriorityUrgent, sla.PriorityHigh, sla.PriorityNormal, sla.PriorityLow}
	for i := range n {
		a := p.Accounts[(i*7)%len(p.Accounts)]
		at := from.Add(time.Duration(i) * step).Truncate(time.Minute)
		evs := []sla.Event{opened(at, prios[i%4]), ev(at.Add(time.Duration(i%5+1)*20*time.Minute), sla.EventAgentReply)}
		if i%50 != 0 {
			evs = append(evs, ev(at.Add(time.Duration(i%7+1)*3*time.Hour), sla.EventSolved))
		}
		d.tickets = append(d.tickets, sla.Timeline{Ticket: fmt.Sprintf("T-%05d", i), Account: a.ID, Tier: a.Tier,
			Category: categories[i%len(categories)], Service: services[i%len(services)], Events: evs})
	}
	for i, a := range p.Accounts {
		for q, at := range []time.Time{nzt(2026, 5, 10, 0, 0), nzt(2026, 8, 10, 0, 0)} {
			for k := range 3 {
				d.responses = append(d.responses, engagement.Response{ID: engagement.ResponseID(fmt.Sprintf("R-%d-%d-%d", i, q, k)),
					Account: a.ID, At: at.Add(time.Duration(k) * time.Hour), Kind: engagement.ResponseNPS, Score: (i + q + k) % 11})
			}
		}
	}
	s := memstore.New()
	if err := d.load(ctx, s); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkServiceRun runs the whole pack over 300 accounts and 3,000
// tickets in the quarter: the service sections dominate. (The name is
// the one it had when the service half had its own Run, for benchstat.)
func BenchmarkServiceRun(b *testing.B) {
	s := serviceBenchStore(b, 300, 3000)
	cfg := DefaultConfig()
	ctx := context.Background()
	var r *Report
	for b.Loop() {
		var err error
		if r, err = Run(ctx, s, cfg, serviceAt); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(r.SLA)), "rows")
}
