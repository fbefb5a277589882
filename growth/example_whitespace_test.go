package growth_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

// The white space of one account: the matrix of its buying centres
// against the catalogue, and the top suggestions drawn from its tier-1
// peers.
func ExampleNewWhiteSpace() {
	at := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	nzd := func(s string) account.Money { return account.MustParseMoney("NZD " + s) }
	catalogue := []growth.Offering{
		{ID: "payroll", Name: "Payroll", Family: "people", Audience: account.AudienceAll, Lifecycle: growth.LifecycleActive},
		{ID: "fx", Name: "FX hedging", Family: "markets", Audience: account.AudienceExternal, Lifecycle: growth.LifecycleActive},
		{ID: "fax", Name: "Fax gateway", Family: "comms", Audience: account.AudienceAll, Lifecycle: growth.LifecycleRetired},
	}
	// Kauri Group has two buying centres; four peers in tier 1 have one each.
	accounts := []account.Account{
		{ID: "kauri", Name: "Kauri Group", Tier: 1},
		{ID: "kauri-nz", Name: "Kauri NZ", Parent: "kauri", Tier: 1},
		{ID: "kauri-au", Name: "Kauri AU", Parent: "kauri", Tier: 1},
	}
	sizes := map[account.ID]decimal.Decimal{"kauri": decimal.NewFromInt(2_000_000)}
	holdings := []growth.Holding{
		{ID: "h1", Account: "kauri-nz", Offering: "payroll", Start: at.AddDate(-2, 0, 0), Annual: nzd("30000")},
	}
	for i, peer := range []string{"rimu", "totara", "matai", "miro"} {
		id := account.ID(peer)
		accounts = append(accounts, account.Account{ID: id, Name: peer, Tier: 1})
		sizes[id] = decimal.NewFromInt(1_000_000)
		holdings = append(holdings, growth.Holding{ID: growth.HoldingID("p" + peer), Account: id, Offering: "payroll",
			Start: at.AddDate(-1, 0, 0), Annual: nzd(fmt.Sprint(20000 + 5000*i))})
		if i < 3 {
			holdings = append(holdings, growth.Holding{ID: growth.HoldingID("f" + peer), Account: id, Offering: "fx",
				Start: at.AddDate(-1, 0, 0), Annual: nzd(fmt.Sprint(10000 * (i + 1)))})
		}
	}
	ws, err := growth.NewWhiteSpace(
		growth.Portfolio{Accounts: accounts, Offerings: catalogue, Holdings: holdings, Sizes: sizes},
		growth.WhiteSpaceOptions{At: at, Currency: "NZD", Peers: growth.PeerTier, MinPeers: 3,
			Pipeline: []growth.CellKey{{Centre: "kauri-au", Offering: "fx"}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	m, _ := ws.Matrix("kauri")
	fmt.Println("centre     ", m.Offerings)
	for i, c := range m.Centres {
		fmt.Printf("%-11s", c)
		for _, cell := range m.Cells[i] {
			fmt.Printf(" %s", cell.Kind)
		}
		fmt.Println()
	}
	top, _ := ws.Suggestions("kauri")
	for _, s := range top {
		fmt.Println(s.Offering, s.Centres, "expected", s.Expected)
		fmt.Println("  ", s.Reason)
	}
	// Output:
	// centre      [fax fx payroll]
	// kauri-au    ineligible pipeline open
	// kauri-nz    ineligible open held
	// payroll [kauri-au] expected NZD 25,000.00
	//    held by 4 of 4 tier-1 peers; peer median NZD 55,000.00 a year
	// fx [kauri-nz] expected NZD 40,000.00
	//    held by 3 of 4 tier-1 peers; peer median NZD 40,000.00 a year
}
