package escalation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// Two workers escalate the same stored issue at the same instant, as two
// replicas of a service would when one timer fires in both: each
// notification due is recorded once, so only one worker sends it. An
// acknowledgement, added to the escalation store as a fact, stops the
// level's repeats.
func ExampleService() {
	ctx := context.Background()
	store := memstore.New() // tickets, accounts, and the escalation's records and facts
	if _, err := store.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme", Owner: "amy", Tier: 1}); err != nil {
		panic(err)
	}
	opened := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC) // a Monday
	if _, err := store.CreateTicket(ctx, sla.Timeline{Ticket: "T-1", Account: "acme", Tier: 1, Events: []sla.Event{
		{At: opened, Kind: sla.EventOpened, Priority: sla.PriorityUrgent},
	}}); err != nil {
		panic(err)
	}

	cfg := escalation.ServiceConfig{
		Policies: escalation.Policies{{Name: "executive", Version: 1, SLA: "key", Levels: []escalation.Level{
			{Name: "account manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
				Triggers: []escalation.Trigger{{Kind: escalation.TriggerConsumed, Metric: sla.MetricResolution, Share: 50 * sla.OnePercent}},
				Repeat:   escalation.Repeat{Every: time.Hour, Times: 3}},
			{Name: "sponsor", Kind: escalation.LevelHierarchical, Role: escalation.RoleExecutiveSponsor,
				Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution}}},
		}}},
		Org: escalation.OrgChart{ExecutiveSponsors: map[account.ID]escalation.Person{"acme": "eve"}},
		SLA: sla.Policies{{Name: "key", Targets: []sla.Target{
			{Metric: sla.MetricResolution, Priority: sla.PriorityUrgent, Within: 8 * time.Hour},
		}}},
		Calendars:  sla.Calendars{Named: map[string]*calendar.Calendar{"office": office()}, Default: "office"},
		Accounts:   store,
		Procedures: map[account.Tier]string{1: "executive"},
	}
	var workers [2]*escalation.Service
	for i := range workers {
		s, err := escalation.NewService(store, store, cfg)
		if err != nil {
			panic(err)
		}
		workers[i] = s
	}

	escalate := func(w int, now time.Time) escalation.Decision {
		out, err := workers[w].Escalate(ctx, "T-1", now)
		if err != nil {
			panic(err)
		}
		for _, n := range out.Send {
			fmt.Printf("worker %d sends %q #%d to %v: %s\n", w, n.LevelName, n.Repeat, n.Recipients, n.Reason)
		}
		return out.Decision
	}
	clock := func(hour, min int) time.Time { return time.Date(2024, 6, 3, hour, min, 0, 0, time.UTC) }

	escalate(0, clock(13, 30))
	d := escalate(1, clock(13, 30)) // the same decision: nothing left to send
	fmt.Println("due:", len(d.Notify), "next check:", d.NextCheck.Format(time.Kitchen))

	escalate(1, d.NextCheck) // the first repeat
	if err := store.AddFacts(ctx, "T-1", escalation.Fact{ID: "ack-1", At: clock(14, 10), Kind: escalation.FactAcknowledged, Level: "account manager", Person: "amy"}); err != nil {
		panic(err)
	}
	d = escalate(0, clock(16, 0)) // acknowledged: no more repeats
	fmt.Println("due:", len(d.Notify), "next check:", d.NextCheck.Format(time.Kitchen))
	escalate(1, d.NextCheck)
	// Output:
	// worker 0 sends "account manager" #0 to [amy]: resolution 50% consumed: 4h of 8h business time
	// due: 0 next check: 2:00PM
	// worker 1 sends "account manager" #1 to [amy]: repeat 1 of 3: 1h since the last notification, not acknowledged
	// due: 0 next check: 5:00PM
	// worker 1 sends "sponsor" #0 to [eve]: resolution breached at 2024-06-03T17:00:00Z
}
