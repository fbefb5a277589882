package sample_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/internal/sample"
)

// The default portfolio, as every example of the module uses it.
func ExampleDefault() {
	p := sample.Default()
	fmt.Println(p.At.Format("2006-01-02"), len(p.Accounts), "accounts,", len(p.Managers), "managers")
	a := p.Accounts[0]
	fmt.Println(a.ID, a.Name, a.Region, a.Industry, a.Tier, a.Owner)
	fmt.Println(a.Attributes[sample.AttrRevenue], "NZD revenue over the last year")
	// Output:
	// 2025-07-01 300 accounts, 16 managers
	// E001 Kauri Engineering EMEA public sector tier 4 M03
	// 5979.91 NZD revenue over the last year
}
