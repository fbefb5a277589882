package growth_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

// Two divisions of a bank offer the same client the same product within a
// fortnight, and its account manager hears of neither.
func ExampleCoordination() {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 10, 0, 0, 0, time.UTC) }
	accounts := []account.Account{{ID: "harbour-ports", Name: "Harbour Ports", Owner: "mgr-ana", Tier: 1}}
	contact := func(id string, d int, division, family string, people ...string) account.Interaction {
		return account.Interaction{ID: account.InteractionID(id), Account: "harbour-ports", At: day(d), Kind: account.InteractionMeeting,
			Participants: people, Division: division, OfferingFamily: family}
	}
	interactions := []account.Interaction{ // in the store's order: account, then time
		contact("i1", 2, "Markets", "fx-hedging", "ben", "client-cfo"),
		contact("i2", 5, "Relationship", "", "mgr-ana", "client-cfo"),
		contact("i3", 9, "Corporate banking", "fx-hedging", "cara", "client-treasurer"),
		contact("i4", 12, "Markets", "fx-hedging", "ben", "client-treasurer"),
	}
	rep, err := growth.Coordination(accounts, listOf(interactions), growth.CoordinationOptions{Window: 14 * 24 * time.Hour})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range rep.Cases {
		fmt.Printf("%s: %s offered by %v, %s to %s, without %s\n", c.Account, c.Family, c.Divisions,
			c.From.Format("2 Jan"), c.To.Format("2 Jan"), c.Manager)
		for _, k := range c.Contacts {
			fmt.Printf("  %s %s %s %v\n", k.At.Format("2 Jan"), k.Interaction, k.Division, k.People)
		}
	}
	for _, s := range rep.Accounts {
		fmt.Printf("%s: %d of %d contacts through the manager (%s)\n", s.Account, s.ViaManager, s.Contacts, s.Share)
	}
	// Output:
	// harbour-ports: fx-hedging offered by [Corporate banking Markets], 2 Mar to 12 Mar, without mgr-ana
	//   2 Mar i1 Markets [ben client-cfo]
	//   9 Mar i3 Corporate banking [cara client-treasurer]
	//   12 Mar i4 Markets [ben client-treasurer]
	// harbour-ports: 1 of 4 contacts through the manager (0.25)
}
