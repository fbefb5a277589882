package growth_test

import (
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

// The in-house share of an internal customer's spend on hosting, and its
// trend: Finance moved work to an outside cloud in 2026.
func ExampleShareOfWallet() {
	year := func(y int) time.Time { return time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC) }
	accounts := []account.Account{
		{ID: "finance", Name: "Finance division", Internal: true},
		{ID: "finance-ap", Name: "Accounts payable", Parent: "finance", Internal: true},
	}
	catalogue := []growth.Offering{
		{ID: "vm", Name: "Virtual machines", Family: "hosting", Audience: account.AudienceInternal, Lifecycle: growth.LifecycleActive},
		{ID: "desk", Name: "Service desk", Family: "support", Audience: account.AudienceInternal, Lifecycle: growth.LifecycleActive},
	}
	charge := func(id string, acct account.ID, y int, off account.OfferingID, amount string) account.Transaction {
		return account.Transaction{ID: account.TransactionID(id), Account: acct, At: year(y).AddDate(0, 3, 0),
			Amount: account.MustParseMoney("NZD " + amount), Kind: account.TransactionCost, Offering: off}
	}
	txs := []account.Transaction{
		charge("c1", "finance", 2025, "vm", "120000"),
		charge("c2", "finance-ap", 2025, "vm", "60000"),
		charge("c3", "finance", 2025, "desk", "40000"),
		charge("c4", "finance", 2026, "vm", "90000"),
		charge("c5", "finance-ap", 2026, "vm", "30000"),
	}
	estimates := []growth.WalletEstimate{
		{ID: "w25", Account: "finance", Category: "hosting", From: year(2025), To: year(2026),
			Total: account.MustParseMoney("NZD 200000"), Source: "Finance budget 2025", Estimated: year(2025)},
		{ID: "w26", Account: "finance", Category: "hosting", From: year(2026), To: year(2027),
			Total: account.MustParseMoney("NZD 240000"), Source: "Finance budget 2026", Estimated: year(2026)},
	}
	shares, err := growth.ShareOfWallet(accounts, catalogue, estimates, listOf(txs))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range shares {
		fmt.Printf("%d %s: in-house %s of %s (%s) = %s\n", s.Estimate.From.Year(), s.Estimate.Category,
			s.Ours, s.Estimate.Total, s.Estimate.Source, s.Share)
	}
	for _, t := range growth.Fallen(growth.Trends(shares)) {
		fmt.Printf("%s fell by %s in %d\n", t.Current.Estimate.Account, t.Change.Neg(), t.Current.Estimate.From.Year())
	}
	// Output:
	// 2025 hosting: in-house NZD 180,000.00 of NZD 200,000.00 (Finance budget 2025) = 0.9
	// 2026 hosting: in-house NZD 120,000.00 of NZD 240,000.00 (Finance budget 2026) = 0.5
	// finance fell by 0.4 in 2026
}
