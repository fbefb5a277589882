package tiering_test

import (
	"context"
	"errors"
	"fmt"
	"log"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// shellService returns a store of the ten example accounts, a to j,
// scoring 95 down to 32 points, all in tier 3 but the last two, which have
// no tier; and a Service over it that tiers by score bands (80 points and
// up is tier 1, 50 and up tier 2).
func shellService() (*memstore.Store, *tiering.Service) {
	store := memstore.New()
	for _, a := range tenAccounts(3, 3, 3, 3, 3, 3, 3, 3) {
		if _, err := store.CreateAccount(context.Background(), a); err != nil {
			log.Fatal(err)
		}
	}
	svc, err := tiering.NewService(store, tiering.ServiceConfig{Scorecards: []tiering.Scorecard{plainCard()}, Policy: bands})
	if err != nil {
		log.Fatal(err)
	}
	return store, svc
}

// A Service scores the stored portfolio in one call.
func ExampleService_Score() {
	_, svc := shellService()
	scores, err := svc.Score(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	for i := range 3 {
		fmt.Println(scores.ID(i), scores.Total(i))
	}
	// Output:
	// a 95.00
	// b 88.00
	// c 81.00
}

// Tier is the dry run of a re-tiering over the stored portfolio: the plan
// of its Result says who would move and why. Nothing is saved.
func ExampleService_Tier() {
	ctx := context.Background()
	store, svc := shellService()
	res, err := svc.Tier(ctx, tiering.Input{At: at})
	if err != nil {
		log.Fatal(err)
	}
	plan := res.Plan(res.Fingerprint())
	for _, m := range plan.Moves {
		fmt.Printf("%s: %s -> %s (%s)\n", m.Account, m.From, m.To, m.Reason)
	}
	fmt.Println("changed", plan.ChangedShare())
	a, _ := store.Account(ctx, "a")
	fmt.Println("stored:", a.ID, a.Tier)
	// Output:
	// a: tier 3 -> tier 1 (score change)
	// b: tier 3 -> tier 1 (score change)
	// c: tier 3 -> tier 1 (score change)
	// d: tier 3 -> tier 2 (score change)
	// e: tier 3 -> tier 2 (score change)
	// f: tier 3 -> tier 2 (score change)
	// g: tier 3 -> tier 2 (score change)
	// i: unassigned -> tier 3 (new)
	// j: unassigned -> tier 3 (new)
	// changed 0.9
	// stored: a tier 3
}

// Apply stores a run's tiers, each account with the version read. An
// account someone changed after the run read it is a conflict, reported
// with its ID, and the others are still written; applying the run again
// writes nothing.
func ExampleService_Apply() {
	ctx := context.Background()
	store, svc := shellService()
	res, err := svc.Tier(ctx, tiering.Input{At: at})
	if err != nil {
		log.Fatal(err)
	}

	// Meanwhile, someone renames account "b".
	if b, err := store.Account(ctx, "b"); err == nil {
		b.Name = "Bravo Ltd"
		_, err = store.UpdateAccount(ctx, b)
		if err != nil {
			log.Fatal(err)
		}
	}

	for run := 1; run <= 2; run++ {
		out, err := svc.Apply(ctx, res)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("apply %d: %d written %v, %d unchanged\n", run, len(out.Written), out.Written, out.Unchanged)
		for _, c := range out.Conflicts {
			fmt.Printf("  %s changed meanwhile: %v\n", c.Account, errors.Is(c.Err, account.ErrConflict))
		}
	}
	a, _ := store.Account(ctx, "a")
	fmt.Println("stored:", a.ID, a.Tier, "since", a.TierSince.Format("2006-01-02"), "version", a.Version)
	// Output:
	// apply 1: 8 written [a c d e f g i j], 1 unchanged
	//   b changed meanwhile: true
	// apply 2: 0 written [], 9 unchanged
	//   b changed meanwhile: true
	// stored: a tier 1 since 2025-07-01 version 2
}
