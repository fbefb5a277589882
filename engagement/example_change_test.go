package engagement_test

import (
	"fmt"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

// storeList yields the elements of xs as a store's list would.
func storeList[T any](xs []T) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for _, x := range xs {
			if !yield(x, nil) {
				return
			}
		}
	}
}

func changeDay(m time.Month, d int) time.Time { return time.Date(2026, m, d, 9, 0, 0, 0, time.UTC) }

// The samplePortfolio and changes the change examples share.
var (
	samplePortfolio = engagement.Portfolio{
		Accounts: []account.Account{
			{ID: "acme", Name: "Acme", Tier: 1, Region: "EU", Segment: "enterprise"},
			{ID: "globex", Name: "Globex", Tier: 2, Region: "APAC", Segment: "enterprise"},
			{ID: "hr", Name: "HR department", Tier: 1, Region: "EU", Internal: true},
		},
		Holdings: map[account.ID]engagement.Holdings{
			"acme":   {Services: []string{"payroll", "reporting"}, Products: []string{"p-200"}},
			"globex": {Services: []string{"reporting"}},
			"hr":     {Services: []string{"payroll"}},
		},
		Contacts: []account.Contact{
			{ID: "c-1", Account: "acme", Name: "Ana Ortiz", Role: account.RoleDecisionMaker, Influence: 5, Attitude: account.AttitudeSupporter},
			{ID: "c-2", Account: "acme", Name: "Ben Li", Role: account.RoleUser, Influence: 2},
			{ID: "c-3", Account: "acme", Name: "Cara Diaz", Role: account.RoleInfluencer, Influence: 4, Attitude: account.AttitudeDetractor},
		},
	}
	sampleChanges = []engagement.Change{
		{ID: "ch-payroll-v5", Title: "Payroll 5.0", Kind: engagement.ChangeRelease, Severity: engagement.SeverityMedium,
			Announce: changeDay(3, 2), GoLive: changeDay(4, 14), Touches: engagement.Scope{Services: []string{"payroll"}}},
		{ID: "ch-eu-price", Title: "EU price list 2026", Kind: engagement.ChangePrice, Severity: engagement.SeverityHigh,
			Announce: changeDay(2, 2), GoLive: changeDay(4, 16), Touches: engagement.Scope{Products: []string{"p-200"}, Regions: []string{"EU"}}},
		{ID: "ch-reports-retired", Title: "Classic reports retired", Kind: engagement.ChangeRetirement, Severity: engagement.SeverityCritical,
			Announce: changeDay(1, 12), GoLive: changeDay(6, 1), Touches: engagement.Scope{Services: []string{"reporting"}, Audience: account.AudienceExternal}},
		{ID: "ch-sso", Title: "Single sign-on policy", Kind: engagement.ChangePolicy, Severity: engagement.SeverityLow,
			GoLive: changeDay(9, 1), Touches: engagement.Scope{Accounts: []account.ID{"hr"}}},
	}
)

// The collective view of change impact for one account: every change that
// touches it in the first half of 2026, in date order, their combined
// impact, the busiest week, and who to brief.
func ExampleImpact_Account() {
	im, err := engagement.NewImpact(samplePortfolio, sampleChanges, engagement.ImpactOptions{
		From: changeDay(1, 1), To: changeDay(7, 1), BusiestWeeks: 1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	v, _ := im.Account("acme")
	fmt.Printf("%s (%s): %d changes, load %d, highest %s\n", v.Account, v.Tier, v.Load.Changes, v.Load.Weight, v.Load.Highest)
	for _, c := range v.Changes {
		fmt.Printf("  %s  %-10s %-8s %s\n", c.GoLive.Format("2006-01-02"), c.Kind, c.Severity, c.Title)
	}
	for _, w := range v.Busiest {
		fmt.Printf("busiest week: %s, %d changes, load %d\n", w.Start.Format("Mon 2006-01-02"), w.Load.Changes, w.Load.Weight)
	}
	for _, s := range v.Brief {
		fmt.Printf("brief: %s (%s, influence %d, %s)\n", s.Name, s.Role, s.Influence, s.Attitude)
	}
	// Output:
	// acme (tier 1): 3 changes, load 14, highest critical
	//   2026-04-14  release    medium   Payroll 5.0
	//   2026-04-16  price      high     EU price list 2026
	//   2026-06-01  retirement critical Classic reports retired
	// busiest week: Mon 2026-06-01, 1 changes, load 8
	// brief: Ana Ortiz (decision-maker, influence 5, supporter)
	// brief: Cara Diaz (influencer, influence 4, detractor)
}

// For each change, the accounts it touches, by tier.
func ExampleImpact_Change() {
	im, err := engagement.NewImpact(samplePortfolio, sampleChanges, engagement.ImpactOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for ci := range im.Changes() {
		fmt.Printf("%s: %d accounts\n", ci.Change, ci.Accounts)
		for _, t := range ci.ByTier {
			fmt.Printf("  %s: %v\n", t.Tier, t.Accounts)
		}
	}
	// Output:
	// ch-payroll-v5: 2 accounts
	//   tier 1: [acme hr]
	// ch-eu-price: 1 accounts
	//   tier 1: [acme]
	// ch-reports-retired: 2 accounts
	//   tier 1: [acme]
	//   tier 2: [globex]
	// ch-sso: 1 accounts
	//   tier 1: [hr]
}

// The engagement plan: tier 1 accounts are briefed four weeks before
// go-live, tier 2 two weeks before; a call with Acme in March briefed it on
// the changes already announced.
func ExampleImpact_Plan() {
	im, err := engagement.NewImpact(samplePortfolio, sampleChanges, engagement.ImpactOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	calls := []account.Interaction{
		{ID: "i-1", Account: "acme", At: changeDay(3, 10), Kind: account.InteractionCall},
		{ID: "i-2", Account: "globex", At: changeDay(3, 11), Kind: account.InteractionEmail}, // an email is not a briefing
	}
	plan, err := im.Plan(storeList(calls), engagement.PlanOptions{
		At:       changeDay(5, 20),
		LeadTime: map[account.Tier]time.Duration{1: 4 * 7 * 24 * time.Hour, 2: 2 * 7 * 24 * time.Hour},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, b := range plan {
		fmt.Printf("%-7s %-7s %-18s by %s: %s\n", b.Account, b.Tier, b.Change, b.Due.Format("2006-01-02"), b.Status)
	}
	// Output:
	// acme    tier 1  ch-payroll-v5      by 2026-03-17: done
	// hr      tier 1  ch-payroll-v5      by 2026-03-17: overdue
	// acme    tier 1  ch-eu-price        by 2026-03-19: done
	// acme    tier 1  ch-reports-retired by 2026-05-04: done
	// globex  tier 2  ch-reports-retired by 2026-05-18: overdue
	// hr      tier 1  ch-sso             by 2026-08-04: pending
}
