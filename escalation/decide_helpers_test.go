package escalation_test

import (
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/sla"
)

// quiet returns quiet hours that allow notifications from 08:00 to 20:00
// every day, in UTC.
func quiet() *calendar.Calendar {
	hours, err := calendar.ParseWindows("08:00-20:00")
	if err != nil {
		panic(err)
	}
	c, err := calendar.New(calendar.Config{Name: "awake", Zone: "UTC",
		Versions: []calendar.Version{{Week: calendar.EveryDay(hours...)}}})
	if err != nil {
		panic(err)
	}
	return c
}

// testSLA measures first response and resolution at every priority, in
// business time on the office calendar.
func testSLA() sla.Policies {
	h := time.Hour
	var ts []sla.Target
	for i, p := range []sla.Priority{sla.PriorityUrgent, sla.PriorityHigh, sla.PriorityNormal, sla.PriorityLow} {
		k := time.Duration(1 << i)
		ts = append(ts,
			sla.Target{Metric: sla.MetricFirstResponse, Priority: p, Within: k * h},
			sla.Target{Metric: sla.MetricResolution, Priority: p, Within: 8 * k * h})
	}
	return sla.Policies{{Name: "std", Targets: ts}}
}

// testOrg: account managers amy and bob (team leader tom), a service
// manager, a head of service, sponsors for acme and globex (not for
// initech), and two teams.
func testOrg() escalation.OrgChart {
	tl := map[escalation.Person]escalation.Person{"amy": "tom", "bob": "tom"}
	for i := range 50 {
		tl[escalation.Person("am-"+itoa(i))] = "tl-" + escalation.Person(itoa(i%5))
	}
	sponsors := map[account.ID]escalation.Person{"acme": "eve", "globex": "gus"}
	for i := range 1000 {
		sponsors[account.ID("acct-"+itoa(i))] = "sponsor-" + escalation.Person(itoa(i%20))
	}
	return escalation.OrgChart{
		TeamLeaders:       tl,
		ServiceManager:    "sam",
		HeadOfService:     "hal",
		ExecutiveSponsors: sponsors,
		Teams: map[string][]escalation.Person{
			"network": {"nina", "ned"},
			"payroll": {"pat"},
			"empty":   nil,
		},
	}
}

func itoa(i int) string { return strconv.Itoa(i) }
