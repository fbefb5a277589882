package pack

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/store/memstore"
)

// The early warning of the pack on 1 October 2026, over a store that
// holds a small portfolio with the tickets of an incident on payroll: the
// warning it raised in the third quarter.
func ExampleRun_earlyWarning() {
	ctx := context.Background()
	store := memstore.New()
	if err := newServiceData().load(ctx, store); err != nil { // accounts, tickets, reviews, ...
		log.Fatal(err)
	}
	cfg := DefaultConfig()
	// A portfolio of 24 accounts: warn at 5 accounts within 3 days.
	cfg.Warning.Window = 3 * 24 * time.Hour
	cfg.Warning.Raise.Accounts, cfg.Warning.Clear.Accounts = 5, 1
	r, err := Run(ctx, store, cfg, DefaultAt)
	if err != nil {
		log.Fatal(err)
	}
	var text strings.Builder
	if err := r.WriteText(&text); err != nil {
		log.Fatal(err)
	}
	_, section, _ := strings.Cut(text.String(), "\nEarly warning\n")
	section, _, _ = strings.Cut(section, "\n\nChanges ahead")
	fmt.Println("Early warning\n" + section)
	// Output:
	// Early warning
	// -------------
	// Tickets opened in Q3 2026 (2026-07-01 to 2026-09-30), as the warnings stood at its end.
	//
	// warning  by        key      raised                 accounts  impact  first issue  cleared
	// 1        category  outage   2026-09-14 10:20 NZST  5         8       T-0310       2026-09-17 10:20 NZST
	// 2        service   payroll  2026-09-14 10:20 NZST  5         8       T-0310       2026-09-17 10:20 NZST
	// Warning 1, accounts: E001, E001-01, E002, E004-01, E006
	// Warning 2, accounts: E001, E001-01, E002, E004-01, E006
}
