package main

import (
	"os"
	"strings"
)

// The command on a small file read from standard input, with three scores
// per dimension (so no preset segments): rfm -k 3 -
func Example() {
	in := strings.NewReader(`account_id,date,amount
acme,2025-06-28,1200.00
acme,2025-05-02,800.00
acme,2025-06-30,-150.00
globex,2025-01-15,5000.00
initech,2025-06-01,90.00
initech,2025-06-20,60.00
`)
	run([]string{"-k", "3", "-"}, in, os.Stdout, os.Stderr)
	// Output:
	// 3 accounts, 6 transactions, as of 2025-07-01
	// total monetary 7000.00; 2 accounts reach 80%; the top 20% (0) hold 0.00 (0.000000); Gini 0.461904762
	//
	// segment               accounts    share           monetary    share    med R    med F
	// (none)                       3 1.000000            7000.00 1.000000       11        2
}
