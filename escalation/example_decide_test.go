package escalation_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// office returns a calendar of weekdays 09:00 to 17:00 in UTC.
func office() *calendar.Calendar {
	hours, err := calendar.ParseWindows("09:00-17:00")
	if err != nil {
		panic(err)
	}
	c, err := calendar.New(calendar.Config{Name: "office", Zone: "UTC",
		Versions: []calendar.Version{{Week: calendar.MondayToFriday(hours...)}}})
	if err != nil {
		panic(err)
	}
	return c
}

// An urgent issue on a key account: its account manager hears at half the
// resolution target, their team leader at three quarters, and the
// executive sponsor when the target is breached.
func ExampleDecide() {
	cal := office()
	slas := sla.Policies{{Name: "key", Targets: []sla.Target{
		{Metric: sla.MetricResolution, Priority: sla.PriorityUrgent, Within: 8 * time.Hour},
	}}}
	ev, err := sla.NewEvaluator(slas, sla.Calendars{Named: map[string]*calendar.Calendar{"office": cal}, Default: "office"})
	if err != nil {
		panic(err)
	}
	resolution := func(share sla.Percent) []escalation.Trigger {
		return []escalation.Trigger{{Kind: escalation.TriggerConsumed, Metric: sla.MetricResolution, Share: share}}
	}
	policy := escalation.Policy{Name: "key-accounts", Version: 1, SLA: "key", Levels: []escalation.Level{
		{Name: "account manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager, Triggers: resolution(50 * sla.OnePercent)},
		{Name: "team leader", Kind: escalation.LevelHierarchical, Role: escalation.RoleTeamLeader, Triggers: resolution(75 * sla.OnePercent)},
		{Name: "sponsor", Kind: escalation.LevelHierarchical, Role: escalation.RoleExecutiveSponsor,
			Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution}}},
	}}
	org := escalation.OrgChart{
		TeamLeaders:       map[escalation.Person]escalation.Person{"amy": "tom"},
		ExecutiveSponsors: map[account.ID]escalation.Person{"acme": "eve"},
	}

	opened := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC) // a Monday
	tl := sla.Timeline{Ticket: "T-1", Account: "acme", Tier: 1, Events: []sla.Event{
		{At: opened, Kind: sla.EventOpened, Priority: sla.PriorityUrgent},
	}}
	now := opened.Add(6 * time.Hour)
	res, err := ev.Evaluate(tl, now)
	if err != nil {
		panic(err)
	}
	is := escalation.Issue{Timeline: tl, SLA: res, Owner: "amy"}

	d, err := escalation.Decide(policy, org, is, nil, now)
	if err != nil {
		panic(err)
	}
	for _, n := range d.Notify {
		fmt.Printf("level %d %s to %v: %s\n", n.Level, n.LevelName, n.Recipients, n.Reason)
	}
	fmt.Println("current level:", d.Level)
	fmt.Println("next check:", d.NextCheck)
	fmt.Println(d.Trace)
	// Output:
	// level 1 account manager to [amy]: resolution 50% consumed: 4h of 8h business time
	// level 2 team leader to [tom]: resolution 75% consumed: 6h of 8h business time
	// current level: 2
	// next check: 2024-06-03 17:00:00 +0000 UTC
	// 2024-06-03T13:00:00Z due: level 1 "account manager": resolution 50% consumed: 4h of 8h business time
	// 2024-06-03T15:00:00Z due: level 2 "team leader": resolution 75% consumed: 6h of 8h business time
	// 2024-06-03T17:00:00Z next: level 3 "sponsor": resolution breached at 2024-06-03T17:00:00Z
}
