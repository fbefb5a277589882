// Command quickstart is a first tour of keyaccount. It builds a global
// account with its subsidiaries in the in-memory store, records a half-year
// of revenue against them, reads it back, rolls it up the account hierarchy
// to the global account, and prints each account's own and rolled-up
// revenue.
//
// Run it from the repository root:
//
//	go run ./examples/quickstart
//
// Everything is deterministic: the dates are fixed, so the output never
// changes. The program takes no flags and no arguments: -h prints what it
// does (exit status 0), anything else is a bad command line (exit status
// 2), as in every example (package internal/cli).
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/cli"
	"github.com/keyaccount/keyaccount/store/memstore"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs the program with the arguments args (without the program's
// name) and returns its exit status: 0; 1 for a failure while running; 2
// for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := &cli.Command{
		Name: "quickstart",
		Doc: `Quickstart is a first tour of keyaccount. It builds a global account with its
subsidiaries in the in-memory store, records a half-year of revenue against
them, reads it back, rolls it up the account hierarchy to the global account,
and prints each account's own and rolled-up revenue. It takes no flags.`,
	}
	if err := cmd.Parse(args); err != nil {
		return cmd.ExitStatus(stderr, err)
	}
	return cmd.ExitStatus(stderr, tour(context.Background(), stdout))
}

// tour is the program's work: it prints the report to w.
func tour(ctx context.Context, w io.Writer) error {
	store := memstore.New()

	// One account manager owns the whole group: the single point of contact.
	if _, err := store.CreateManager(ctx, account.Manager{ID: "m-aroha", Name: "Aroha Walker", Capacity: 40, Active: true}); err != nil {
		return err
	}

	// A global account and its subsidiaries form a hierarchy through Parent.
	for _, a := range []account.Account{
		{ID: "kauri", Name: "Kauri Group"},
		{ID: "kauri-nz", Name: "Kauri New Zealand", Parent: "kauri"},
		{ID: "kauri-nz-akl", Name: "Kauri Auckland", Parent: "kauri-nz"},
		{ID: "kauri-nz-chc", Name: "Kauri Christchurch", Parent: "kauri-nz"},
		{ID: "kauri-au", Name: "Kauri Australia", Parent: "kauri"},
	} {
		a.Owner, a.Currency = "m-aroha", "NZD"
		if _, err := store.CreateAccount(ctx, a); err != nil {
			return err
		}
	}

	// Revenue, with a refund (a negative amount) and one transaction outside
	// the period we report on.
	day := func(m time.Month, d int) time.Time { return time.Date(2026, m, d, 12, 0, 0, 0, time.UTC) }
	txs := []account.Transaction{
		{ID: "inv-1001", Account: "kauri", At: day(1, 15), Amount: account.MustParseMoney("NZD 12,000.00")},
		{ID: "inv-1002", Account: "kauri-nz", At: day(2, 3), Amount: account.MustParseMoney("NZD 8,450.00")},
		{ID: "inv-1003", Account: "kauri-nz-akl", At: day(2, 20), Amount: account.MustParseMoney("NZD 3,120.50")},
		{ID: "inv-1004", Account: "kauri-nz-akl", At: day(4, 9), Amount: account.MustParseMoney("NZD 2,980.25")},
		{ID: "cn-0007", Account: "kauri-nz-akl", At: day(4, 30), Amount: account.MustParseMoney("NZD -480.25"), Reference: "credit note for inv-1004"},
		{ID: "inv-1005", Account: "kauri-nz-chc", At: day(5, 11), Amount: account.MustParseMoney("NZD 1,760.00")},
		{ID: "inv-1006", Account: "kauri-au", At: day(3, 2), Amount: account.MustParseMoney("NZD 21,300.00")},
		{ID: "inv-1007", Account: "kauri-au", At: day(7, 1), Amount: account.MustParseMoney("NZD 9,999.00")}, // after the period
	}
	for i := range txs {
		txs[i].Kind = account.TransactionRevenue
	}
	if err := store.AddTransactions(ctx, txs...); err != nil {
		return err
	}

	// Read the accounts back and build the hierarchy.
	accounts, err := account.Collect(store.Accounts(ctx, account.AccountFilter{}))
	if err != nil {
		return err
	}
	h, err := account.NewHierarchy(accounts)
	if err != nil {
		return err
	}
	names := map[account.ID]string{}
	for _, a := range accounts {
		names[a.ID] = a.Name
	}

	// Sum each account's revenue over the first half of 2026. The range is
	// half-open, [from, to): the transaction on 1 July is not in it.
	from, to := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	own := map[account.ID]account.Money{}
	for t, err := range store.Transactions(ctx, account.TransactionFilter{From: from, To: to, Kind: account.TransactionRevenue}) {
		if err != nil {
			return err
		}
		// The zero Money is the neutral start of a sum in any currency.
		if own[t.Account], err = own[t.Account].Add(t.Amount); err != nil {
			return err
		}
	}

	// Roll the revenue up to every ancestor.
	total, err := account.RollUp(h, own, account.Money.Add)
	if err != nil {
		return err
	}

	fmt.Fprintf(w, "Revenue from %s to %s (before %s)\n\n", from.Format("2006-01-02"), to.AddDate(0, 0, -1).Format("2006-01-02"), to.Format("2006-01-02"))
	fmt.Fprintf(w, "%-26s %16s %16s\n", "account", "own", "rolled up")
	for id := range h.All() {
		label := fmt.Sprintf("%*s%s", 2*h.Depth(id), "", names[id])
		fmt.Fprintf(w, "%-26s %16s %16s\n", label, moneyOrDash(own, id), moneyOrDash(total, id))
	}
	top, _ := h.UltimateParent("kauri-nz-chc")
	fmt.Fprintf(w, "\nKauri Christchurch rolls up to %s (%s): %v in all.\n", names[top], top, total[top])
	return nil
}

func moneyOrDash(m map[account.ID]account.Money, id account.ID) string {
	if v, ok := m[id]; ok {
		return v.String()
	}
	return "-"
}
