package assign_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/tiering"
)

// A small portfolio: two regions, a manager who has left, a tier-1 limit and
// a pin. Workload comes from the tier, as a service model would charge it.
func ExampleAccounts() {
	managers := []account.Manager{
		{ID: "ana", Name: "Ana", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
		{ID: "ben", Name: "Ben", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
		{ID: "cho", Name: "Cho", Capacity: 15, Regions: []string{"APAC"}, Active: true},
		{ID: "dev", Name: "Dev", Capacity: 30, Active: false}, // has left
	}
	accounts := []account.Account{
		{ID: "acme", Tier: 1, Region: "EMEA", Owner: "ana"},
		{ID: "bolt", Tier: 1, Region: "EMEA", Owner: "ana"},
		{ID: "core", Tier: 2, Region: "EMEA", Owner: "ana"},
		{ID: "dyna", Tier: 2, Region: "EMEA", Owner: "dev"},
		{ID: "eon", Tier: 3, Region: "EMEA"},
		{ID: "flux", Tier: 2, Region: "APAC", Owner: "cho"},
		{ID: "gala", Tier: 1, Region: "APAC", Owner: "dev"},
		{ID: "hive", Tier: 3, Region: "LATAM"},
	}
	units := map[account.Tier]int{1: 8, 2: 4, 3: 1}
	policy := assign.Policy{
		Workload:    func(a account.Account) int { return units[a.Tier] },
		MatchRegion: true,
		MaxTier1:    1,
		Pins:        map[account.ID]account.ManagerID{"eon": "ana"},
	}

	res, err := assign.Accounts(accounts, managers, policy)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, l := range res.Loads {
		fmt.Printf("%s: %2d/%2d units, %d accounts, ratio %.2f\n", l.Manager, l.Load, l.Capacity, l.Accounts, l.Ratio)
	}
	for _, h := range res.Handovers {
		fmt.Printf("handover %s: %q -> %q (%s)\n", h.Account, h.From, h.To, h.Reason)
	}
	for _, u := range res.Unplaced {
		fmt.Printf("unplaced %s: %s: %s\n", u.Account, u.Reason, u.Detail)
	}
	fmt.Printf("max ratio %.2f, lower bound %.2f\n", res.MaxRatio, res.LowerBound)
	// Output:
	// ana: 13/20 units, 3 accounts, ratio 0.65
	// ben: 12/20 units, 2 accounts, ratio 0.60
	// cho: 12/15 units, 2 accounts, ratio 0.80
	// dev:  0/30 units, 0 accounts, ratio 0.00
	// handover bolt: "ana" -> "ben" (capacity)
	// handover dyna: "dev" -> "ben" (owner gone)
	// handover eon: "" -> "ana" (new)
	// handover gala: "dev" -> "cho" (owner gone)
	// unplaced hive: no match: no active manager serves region "LATAM"
	// max ratio 0.80, lower bound 0.80
}

// The workload comes from the tiers' service models: a tiering.ServiceModels
// value's Workload method is the Policy's Workload function. Ana's accounts
// at their new tiers (two in tier 1) would cost her 21 units, above her
// capacity of 20, so one goes to Ben, who covers the same region; Gala, a
// new account, gets its first owner.
func ExampleAccounts_serviceModels() {
	// A tier-1 account costs its manager 10 units, tier 2 four, tier 3 one.
	models := tiering.ServiceModels{{Tier: 1, Workload: 10}, {Tier: 2, Workload: 4}, {Tier: 3, Workload: 1}}
	managers := []account.Manager{
		{ID: "ana", Name: "Ana", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
		{ID: "ben", Name: "Ben", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
		{ID: "cho", Name: "Cho", Capacity: 20, Regions: []string{"APAC"}, Active: true},
	}
	// The accounts at the tiers a re-tiering gave them.
	accounts := []account.Account{
		{ID: "acme", Region: "EMEA", Owner: "ana", Tier: 1},
		{ID: "bolt", Region: "EMEA", Owner: "ana", Tier: 3},
		{ID: "core", Region: "EMEA", Owner: "ana", Tier: 1},
		{ID: "dyna", Region: "EMEA", Owner: "ben", Tier: 2},
		{ID: "eon", Region: "APAC", Owner: "cho", Tier: 2},
		{ID: "flux", Region: "APAC", Owner: "cho", Tier: 3},
		{ID: "gala", Region: "APAC", Tier: 2},
	}
	res, err := assign.Accounts(accounts, managers, assign.Policy{Workload: models.Workload, MatchRegion: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range res.Handovers {
		fmt.Printf("handover %s: %q -> %q (%s)\n", h.Account, h.From, h.To, h.Reason)
	}
	for _, l := range res.Loads {
		fmt.Printf("%s: %2d of %d units, ratio %.2f\n", l.Manager, l.Load, l.Capacity, l.Ratio)
	}
	// Output:
	// handover core: "ana" -> "ben" (capacity)
	// handover gala: "" -> "cho" (new)
	// ana: 11 of 20 units, ratio 0.55
	// ben: 14 of 20 units, ratio 0.70
	// cho:  9 of 20 units, ratio 0.45
}

// Bad input is reported in full, each problem an *account.FieldError naming
// the record, the field and the value, and wrapping the package's
// sentinels.
func ExampleAccounts_errors() {
	managers := []account.Manager{{ID: "ana", Name: "Ana", Capacity: 20, Active: true}}
	accounts := []account.Account{{ID: "acme"}, {ID: "bolt"}, {ID: "bolt"}}
	policy := assign.Policy{Pins: map[account.ID]account.ManagerID{"acme": "ben"}}

	_, err := assign.Accounts(accounts, managers, policy)
	fmt.Println(err)
	fmt.Println(errors.Is(err, assign.ErrInvalid), errors.Is(err, assign.ErrUnknownManager))
	var fe *account.FieldError
	if errors.As(err, &fe) {
		fmt.Printf("first: %s %q, field %s\n", fe.Record, fe.ID, fe.Field)
	}
	// Output:
	// assign: duplicate account: Account "bolt": ID: appears more than once
	// assign: unknown manager: Policy: Pins["acme"] "ben": names a manager who is not among the managers
	// true true
	// first: Account "bolt", field ID
}

// The reasons marshal to their names, so a Result reads well as JSON and
// reads back the same.
func ExampleHandoverReason_MarshalText() {
	hs := []assign.Handover{{Account: "acme", From: "ana", To: "ben", Reason: assign.HandoverBalance}}
	b, err := json.Marshal(hs)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(string(b))
	var back []assign.Handover
	if err := json.Unmarshal(b, &back); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(back[0].Reason == assign.HandoverBalance)
	// Output:
	// [{"Account":"acme","From":"ana","To":"ben","Reason":"balance"}]
	// true
}
