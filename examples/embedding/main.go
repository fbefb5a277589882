// Command embedding is the shape of a program that embeds keyaccount in its
// own CRM or service desk: it keeps accounts, managers, transactions and
// interactions in a store (here the in-memory one), and in one pass
//
//   - segments the accounts by recency, frequency and revenue, straight from
//     the store's stream of transactions;
//   - scores and tiers them, ranking by that revenue;
//   - gives each account an owner within the managers' capacity, at the cost
//     its new tier's service model sets;
//   - lists the accounts overdue for contact at their new tiers, straight
//     from the store's stream of interactions.
//
// Every value passes from one package to the next as it is: no adapter, no
// conversion loop. Run it from the repository root:
//
//	go run ./examples/embedding
//
// The data and the analysis date are fixed, so the output never changes.
// The program takes no flags and no arguments: -h prints what it does
// (exit status 0), anything else is a bad command line (exit status 2), as
// in every example (package internal/cli).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/internal/cli"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the program with the arguments args (without the program's
// name) and returns its exit status: 0; 1 for a failure while running; 2
// for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := &cli.Command{
		Name: "embedding",
		Doc: `Embedding is the shape of a program that embeds keyaccount in its own CRM or
service desk: it keeps accounts, managers, transactions and interactions in a
store, and in one pass segments the accounts by recency, frequency and revenue,
scores and tiers them, gives each an owner within the managers' capacity, and
lists the accounts overdue for contact at their new tiers. It takes no flags.`,
	}
	if err := cmd.Parse(args); err != nil {
		return cmd.ExitStatus(stderr, err)
	}
	return cmd.ExitStatus(stderr, report(context.Background(), stdout))
}

// asOf is the analysis date: the instant of every computation below.
var asOf = time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)

// report is the program's work: it prints the report to w.
func report(ctx context.Context, w io.Writer) error {
	store := memstore.New()
	if err := seed(ctx, store); err != nil {
		return err
	}

	// The whole portfolio is scored at once, so scoring takes slices:
	// account.Collect reads them from the store's lists.
	accounts, err := account.Collect(store.Accounts(ctx, account.AccountFilter{}))
	if err != nil {
		return err
	}
	managers, err := account.Collect(store.Managers(ctx, account.ManagerFilter{}))
	if err != nil {
		return err
	}

	// Segment: RFM over the last twelve months, aggregated from the store's
	// stream of transactions as it comes.
	agg, err := segmentation.Aggregate(
		store.Transactions(ctx, account.TransactionFilter{Kind: account.TransactionRevenue}),
		segmentation.Options{AsOf: asOf, Since: asOf.AddDate(-1, 0, 0), Kind: account.TransactionRevenue})
	if err != nil {
		return err
	}
	rfm, err := segmentation.Score(agg, segmentation.Scoring{K: 3, Segments: segmentation.RuleTable{K: 3, Rules: []segmentation.Rule{
		{Segment: "loyal", R: segmentation.Between(2, 3), F: segmentation.Between(2, 3)},
		{Segment: "new or occasional", R: segmentation.Between(2, 3), F: segmentation.Just(1)},
		{Segment: "slipping", R: segmentation.Just(1)},
	}}})
	if err != nil {
		return err
	}
	revenue := rfm.Monetary() // each account's twelve-month revenue, as Money

	// Score: revenue, size and recency of purchase, with an explanation each.
	card := tiering.Scorecard{Name: "key accounts", Measures: []tiering.Measure{
		{Name: "revenue", Weight: 60, Normalisation: tiering.NormalisationPercentileRank, Missing: tiering.MissingWorst,
			Source: tiering.Func("revenue-12m", func(a account.Account) (float64, bool) {
				m, ok := revenue[a.ID]
				return m.Amount().InexactFloat64(), ok
			})},
		{Name: "size", Weight: 25, Normalisation: tiering.NormalisationLogMinMax, Missing: tiering.MissingMedian,
			Source: tiering.Attribute("employees")},
		{Name: "recency", Weight: 15, Normalisation: tiering.NormalisationMinMax, Missing: tiering.MissingWorst,
			Direction: tiering.DirectionLowerIsBetter,
			Source: tiering.Func("rfm-recency-days", func(a account.Account) (float64, bool) {
				r, ok := rfm.Lookup(a.ID)
				return float64(r.Recency), ok
			})},
	}}
	scores, err := tiering.Score(accounts, card)
	if err != nil {
		return err
	}

	// Tier: the top fifth in tier 1, the next third in tier 2, the rest in 3.
	policy := tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{
		{Share: decimal.RequireFromString("0.2")}, {Share: decimal.RequireFromString("0.35")}, {},
	}}
	tiers, err := policy.Apply(scores, tiering.Input{At: asOf, Values: revenue})
	if err != nil {
		return err
	}
	retiered := tiers.Accounts() // the accounts at their new tiers

	// Serve: each tier's model sets review cadence (on the calendar: days or
	// months), contact frequency and workload.
	models := tiering.ServiceModels{
		{Tier: 1, ReviewEvery: tiering.Days(90), ContactEvery: 30 * 24 * time.Hour, Workload: 10},
		{Tier: 2, ReviewEvery: tiering.Months(6), ContactEvery: 60 * 24 * time.Hour, Workload: 4},
		{Tier: 3, ContactEvery: 180 * 24 * time.Hour, Workload: 1},
	}

	// Assign: an owner for each account, the new tiers' workload counting.
	owners, err := assign.Accounts(retiered, managers, assign.Policy{Workload: models.Workload, MatchRegion: true})
	if err != nil {
		return err
	}

	// Gaps: accounts overdue for contact at their new tiers, read from the
	// store's stream of interactions as it comes.
	gaps, err := models.Gaps(asOf, retiered, store.Interactions(ctx, account.InteractionFilter{}))
	if err != nil {
		return err
	}

	// Report.
	owner := map[account.ID]account.ManagerID{}
	for _, p := range owners.Placements {
		owner[p.Account] = p.Manager
	}
	fmt.Fprintf(w, "Portfolio as of %s\n\n", asOf.Format("2006-01-02"))
	fmt.Fprintf(w, "%-10s %5s %4s %-18s %16s %s\n", "account", "score", "tier", "segment", "revenue 12m", "owner")
	for i := range tiers.Len() {
		d := tiers.Decision(i)
		r, _ := rfm.Lookup(d.Account)
		fmt.Fprintf(w, "%-10s %5v %4d %-18s %16v %s\n", d.Account, d.Score, d.Tier, r.Segment, revenue[d.Account], owner[d.Account])
	}
	fmt.Fprintln(w)
	for _, l := range owners.Loads {
		fmt.Fprintf(w, "%-8s load %2d of %2d\n", l.Manager, l.Load, l.Capacity)
	}
	fmt.Fprintf(w, "\n%d accounts overdue for contact:\n", len(gaps))
	for _, g := range gaps {
		fmt.Fprintf(w, "  %-10s tier %d, %3d days overdue\n", g.Account, g.Tier, g.Days)
	}
	return nil
}
