package assign_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// exampleService returns a memstore holding the accounts and managers of
// the shell's examples, and a Service over it with shellPolicy.
func exampleService() (*memstore.Store, *assign.Service) {
	ctx := context.Background()
	store := memstore.New()
	for _, a := range shellAccounts {
		if _, err := store.CreateAccount(ctx, a); err != nil {
			log.Fatal(err)
		}
	}
	for _, m := range shellManagers {
		if _, err := store.CreateManager(ctx, m); err != nil {
			log.Fatal(err)
		}
	}
	svc, err := assign.NewService(store, store, shellPolicy)
	if err != nil {
		log.Fatal(err)
	}
	return store, svc
}

// Assign is the dry run of an assignment over the stored accounts and
// managers: who would change owner, and who cannot be placed. Nothing is
// saved.
func ExampleService_Assign() {
	ctx := context.Background()
	store, svc := exampleService()
	a, err := svc.Assign(ctx)
	if err != nil {
		log.Fatal(err)
	}
	for _, h := range a.Result.Handovers {
		fmt.Printf("handover %s: %q -> %q (%s)\n", h.Account, h.From, h.To, h.Reason)
	}
	for _, u := range a.Result.Unplaced {
		fmt.Printf("unplaced %s: %s\n", u.Account, u.Detail)
	}
	bolt, _ := store.Account(ctx, "bolt")
	fmt.Println("stored: bolt owned by", bolt.Owner)
	// Output:
	// handover bolt: "ana" -> "ben" (capacity)
	// handover dyna: "dev" -> "ben" (owner gone)
	// handover eon: "" -> "ana" (new)
	// handover gala: "dev" -> "cho" (owner gone)
	// unplaced hive: no active manager serves region "LATAM"
	// unplaced iris: no active manager serves region "LATAM"
	// stored: bolt owned by ana
}

// Apply stores the new owners, each account with the version read: the
// handovers, and the unplaced account that loses the manager who left. An
// account someone changed after the assignment read it is a conflict,
// reported with its ID; the others are still written, and applying the
// assignment again writes nothing.
func ExampleService_Apply() {
	ctx := context.Background()
	store, svc := exampleService()
	a, err := svc.Assign(ctx)
	if err != nil {
		log.Fatal(err)
	}

	// Meanwhile, someone moves Gala to another region.
	gala, _ := store.Account(ctx, "gala")
	gala.Region = "EMEA"
	if _, err := store.UpdateAccount(ctx, gala); err != nil {
		log.Fatal(err)
	}

	out, err := svc.Apply(ctx, a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("written:", out.Written)
	fmt.Println("unchanged:", out.Unchanged)
	for _, c := range out.Conflicts {
		fmt.Println("conflict:", c.Account, errors.Is(c.Err, account.ErrConflict))
	}
	for _, id := range []account.ID{"bolt", "iris"} {
		x, _ := store.Account(ctx, id)
		fmt.Printf("stored: %s owned by %q, version %d\n", x.ID, x.Owner, x.Version)
	}
	again, err := svc.Apply(ctx, a)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("again:", len(again.Written), "written,", again.Unchanged, "unchanged,", len(again.Conflicts), "conflict")
	// Output:
	// written: [bolt dyna eon iris]
	// unchanged: 4
	// conflict: gala true
	// stored: bolt owned by "ben", version 2
	// stored: iris owned by "", version 2
	// again: 0 written, 8 unchanged, 1 conflict
}
