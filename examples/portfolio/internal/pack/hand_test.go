package pack_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// handCreated is when the hand-made accounts were created.
var handCreated = pack.DefaultAt.AddDate(-2, 0, 0)

// handMade is a tiny portfolio written by hand: an internal division "A"
// whose ID sorts before the external groups "B" and "C", an account whose
// revenue nets to zero, and one manager with no capacity.
func handMade(t *testing.T) *memstore.Store {
	t.Helper()
	ctx := context.Background()
	s := memstore.New()
	attrs := func(v string) map[string]decimal.Decimal {
		return map[string]decimal.Decimal{"revenue": decimal.RequireFromString(v), "cost": decimal.RequireFromString(v), "employees": decimal.NewFromInt(50)}
	}
	accounts := []account.Account{
		{ID: "A", Name: "Finance", Internal: true, Attributes: attrs("900")},
		{ID: "A-1", Name: "Payroll", Parent: "A", Internal: true, Attributes: attrs("100")},
		{ID: "B", Name: "Bravo", Attributes: attrs("300")},
		{ID: "B-1", Name: "Bravo Labs", Parent: "B", Attributes: attrs("200")},
		{ID: "C", Name: "Charlie", Attributes: attrs("700")},
		{ID: "C-1", Name: "Charlie Asia", Parent: "C", Attributes: attrs("0")},
	}
	for _, a := range accounts {
		a.Created, a.Currency = handCreated, "NZD"
		if _, err := s.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateManager(ctx, account.Manager{ID: "M1", Name: "Mere", Active: true}); err != nil {
		t.Fatal(err)
	}
	at := pack.DefaultAt.AddDate(0, -1, 0)
	var txs []account.Transaction
	add := func(id string, acc account.ID, kind account.TransactionKind, amount string) {
		txs = append(txs, account.Transaction{ID: account.TransactionID(id), Account: acc, At: at, Amount: nzd(amount), Kind: kind})
	}
	add("t1", "A", account.TransactionCost, "900")
	add("t2", "A-1", account.TransactionCost, "100")
	add("t3", "B", account.TransactionRevenue, "300")
	add("t4", "B-1", account.TransactionRevenue, "200")
	add("t5", "C", account.TransactionRevenue, "700")
	add("t6", "C-1", account.TransactionRevenue, "50")
	add("t7", "C-1", account.TransactionRevenue, "-50")
	if err := s.AddTransactions(ctx, txs...); err != nil {
		t.Fatal(err)
	}
	return s
}

// TestHandMade checks what the sample portfolios cannot show: the order
// of groups when an internal division sorts first by ID, an account whose
// revenue nets to zero (active in RFM, not named in the Pareto top), a
// tier without a contact minimum (no gap line), budgets of two years of
// one account (earlier year first), and a manager without capacity.
func TestHandMade(t *testing.T) {
	cfg := pack.DefaultConfig()
	cfg.Scorecards = []tiering.Scorecard{{Name: "value", Measures: []tiering.Measure{{Name: "value", Weight: 1, Source: tiering.Attribute("revenue")}}}}
	cfg.Models = tiering.ServiceModels{{Tier: 1, Workload: 1}, {Tier: 2, ContactEvery: 30 * 24 * time.Hour, Workload: 1},
		{Tier: 3, ContactEvery: 60 * 24 * time.Hour, Workload: 1}, {Tier: 4, Workload: 1}}
	budget := func(year int) review.Budget {
		return review.Budget{Account: "C", Year: year, StartMonth: time.July, Kind: account.TransactionRevenue, Amount: nzd("1000")}
	}
	cfg.Budgets = []review.Budget{budget(2026), budget(2025)}
	cfg.FiscalStart = time.July
	rep, err := pack.Run(context.Background(), handMade(t), cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	var groups []account.ID
	for _, g := range rep.Hierarchy {
		groups = append(groups, g.Account)
	}
	if diff := gocmp.Diff([]account.ID{"C", "B", "A"}, groups); diff != "" {
		t.Errorf("groups (-want +got):\n%s", diff)
	}
	seg := rep.Segments.Revenue
	if seg.Active != 4 || seg.Top != 3 || seg.Sentence != "the top 3 of 6 accounts hold 100.0% of revenue" {
		t.Errorf("revenue: %d active, top %d, %q", seg.Active, seg.Top, seg.Sentence)
	}
	var tiers []account.Tier
	for _, g := range rep.Gaps.ByTier {
		tiers = append(tiers, g.Tier)
	}
	if diff := gocmp.Diff([]account.Tier{2, 3}, tiers); diff != "" {
		t.Errorf("gap tiers (-want +got):\n%s", diff)
	}
	if len(rep.Budgets.Statuses) != 2 || rep.Budgets.Statuses[0].From.Year != 2025 || rep.Budgets.Statuses[1].From.Year != 2026 {
		t.Errorf("budgets: %+v", rep.Budgets.Statuses)
	}
	if a := rep.Assign; a.Placed != 0 || len(a.Unplaced) != 6 || !a.MaxUtilisation.IsZero() || a.Managers[0].Utilisation.Sign() != 0 {
		t.Errorf("assignment: %+v", a)
	}
	if len(rep.Tiering.Held) != 0 {
		t.Errorf("held: %+v", rep.Tiering.Held)
	}
	text, _ := outputs(t, rep)
	if want := "Kept from the policy's tier"; len(rep.Tiering.Held) == 0 && bytes.Contains(text, []byte(want)) {
		t.Errorf("text says %q with nothing held", want)
	}
}
