package pack

import (
	"context"
	"fmt"
	"log"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// The service sections of the pack on 1 October 2026, over a store that
// holds a small portfolio with the tickets of an incident on payroll: the
// early warning it raised in the third quarter.
func ExampleServiceRun() {
	ctx := context.Background()
	store := memstore.New()
	if err := newServiceData().load(ctx, store); err != nil { // accounts, tickets, reviews, ...
		log.Fatal(err)
	}
	nz, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		log.Fatal(err)
	}
	at := time.Date(2026, 10, 1, 0, 0, 0, 0, nz)
	top := []account.ID{"E005", "E004", "E001-03", "E006-01", "E001"} // the top accounts by value
	r, err := ServiceRun(ctx, store, DefaultServiceConfig(), at, top)
	if err != nil {
		log.Fatal(err)
	}
	var text strings.Builder
	if err := r.WriteText(&text); err != nil {
		log.Fatal(err)
	}
	_, section, _ := strings.Cut(text.String(), "\n"+ServiceHeadingWarnings)
	section, _, _ = strings.Cut(section, "\n\n")
	fmt.Println(ServiceHeadingWarnings + section)
	// Output:
	// Early warning, Q3 2026
	// ----------------------
	// warning  by        key      raised                 accounts  impact  first issue  cleared
	// 1        category  outage   2026-09-14 10:20 NZST  5         8       T-0310       2026-09-17 10:20 NZST
	// 2        service   payroll  2026-09-14 10:20 NZST  5         8       T-0310       2026-09-17 10:20 NZST
	// warning 1 accounts: E001, E001-01, E002, E004-01, E006
	// warning 2 accounts: E001, E001-01, E002, E004-01, E006
}
