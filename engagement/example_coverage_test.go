package engagement_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

// Stakeholder coverage of two accounts: Acme's map is broad but its
// detractor has not been spoken to in months; Globex hangs on one person.
func ExampleCoverage() {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Tier: 1},
		{ID: "globex", Name: "Globex", Tier: 2},
	}
	contacts := []account.Contact{
		{ID: "c-1", Account: "acme", Name: "Ana Ortiz", Role: account.RoleDecisionMaker, Influence: 5, Attitude: account.AttitudeSupporter, LastContacted: at.AddDate(0, 0, -10)},
		{ID: "c-2", Account: "acme", Name: "Ben Li", Role: account.RoleUser, Influence: 2, LastContacted: at.AddDate(0, 0, -40)},
		{ID: "c-3", Account: "acme", Name: "Cara Diaz", Role: account.RoleInfluencer, Influence: 4, Attitude: account.AttitudeDetractor, LastContacted: at.AddDate(0, -5, 0)},
		{ID: "c-4", Account: "globex", Name: "Dev Rao", Role: account.RoleSponsor, Influence: 3, Attitude: account.AttitudeSupporter},
	}
	// Globex's sponsor was on a call last week, which the contact record
	// does not show yet.
	calls := []account.Interaction{
		{ID: "i-1", Account: "globex", At: at.AddDate(0, 0, -7), Kind: account.InteractionCall, Participants: []string{"c-4"}},
	}
	cov, err := engagement.Coverage(accounts, storeList(contacts), storeList(calls), engagement.CoverageOptions{
		At:           at,
		ContactEvery: map[account.Tier]time.Duration{1: 60 * 24 * time.Hour, 2: 90 * 24 * time.Hour},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range cov.Accounts {
		fmt.Print(c)
		fmt.Printf("influence: supporter %s, neutral %s, detractor %s; single-threaded: %t\n",
			c.Influence.SupporterShare, c.Influence.NeutralShare, c.Influence.DetractorShare, c.SingleThreaded)
		for _, s := range c.Stale {
			fmt.Printf("not spoken to since %s: %s (%s, influence %d)\n", s.Last.Format("2006-01-02"), s.Contact, s.Role, s.Influence)
		}
		fmt.Println()
	}
	// Output:
	// acme: 58.19 of 100 points
	// part            points  of  why
	// decision maker  25.00   25  c-1 known
	// sponsor         0.00    15  no sponsor known
	// threads         10.00   20  2 current relationships
	// support         13.64   25  supporters 5, neutral 2, detractors 4 of 11 influence
	// current         9.55    15  7 of 11 influence current
	// influence: supporter 0.4546, neutral 0.1818, detractor 0.3636; single-threaded: false
	// not spoken to since 2026-01-01: c-3 (influencer, influence 4)
	//
	// globex: 55.00 of 100 points
	// part            points  of  why
	// decision maker  0.00    25  no decision maker known
	// sponsor         15.00   15  c-4 known
	// threads         0.00    20  1 current relationships
	// support         25.00   25  supporters 3, neutral 0, detractors 0 of 3 influence
	// current         15.00   15  3 of 3 influence current
	// influence: supporter 1, neutral 0, detractor 0; single-threaded: true
}

// Stakeholder coverage as a measure of a tiering scorecard: pass the
// method value to tiering.Func.
func ExampleCoverages_Measure() {
	at := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	accounts := []account.Account{{ID: "acme", Name: "Acme", Tier: 1}}
	contacts := []account.Contact{
		{ID: "c-1", Account: "acme", Name: "Ana Ortiz", Role: account.RoleDecisionMaker, Influence: 5, Attitude: account.AttitudeSupporter, LastContacted: at},
	}
	cov, err := engagement.Coverage(accounts, storeList(contacts), nil, engagement.CoverageOptions{At: at})
	if err != nil {
		fmt.Println(err)
		return
	}
	measure := cov.Measure // tiering.Func("stakeholder-coverage", cov.Measure)
	fmt.Println(measure(accounts[0]))
	fmt.Println(measure(account.Account{ID: "initech"}))
	// Output:
	// 65 true
	// 0 false
}
