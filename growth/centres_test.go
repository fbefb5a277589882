package growth_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

func TestBuyingCentres(t *testing.T) {
	h, err := account.NewHierarchy([]account.Account{{ID: "g", Name: "G"}, {ID: "g-b", Name: "B", Parent: "g"}, {ID: "g-a", Name: "A", Parent: "g"}, {ID: "g-a-1", Name: "A1", Parent: "g-a"}, {ID: "solo", Name: "S"}})
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[account.ID][]account.ID{"g": {"g-a", "g-b"}, "solo": {"solo"}, "g-b": {"g-b"}, "nobody": nil} {
		if diff := cmp.Diff(growth.BuyingCentres(h, id), want); diff != "" {
			t.Errorf("%s (-got +want):\n%s", id, diff)
		}
	}
}

func TestSizesAndHoldingsFromTransactions(t *testing.T) {
	end := time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC)
	start := growth.YearBefore(end)
	accounts := []account.Account{{ID: "g", Name: "G"}, {ID: "g-a", Name: "A", Parent: "g"}, {ID: "it", Name: "IT", Internal: true},
		{ID: "ref", Name: "Refunded"}, {ID: "nil", Name: "Netted"}}
	txs := []account.Transaction{
		tx("1", "g-a", start, "NZD 100", account.TransactionRevenue, "pay"),               // first instant: in
		tx("2", "g", end.Add(-time.Nanosecond), "NZD 50", account.TransactionRevenue, ""), // last instant: in
		tx("3", "g", end, "NZD 999", account.TransactionRevenue, "pay"),                   // end: out
		tx("4", "g", start.Add(-1), "NZD 999", account.TransactionRevenue, "pay"),         // before: out
		tx("5", "g-a", start, "NZD -30", account.TransactionRevenue, "pay"),               // a refund nets
		tx("6", "g-a", start, "NZD 5", account.TransactionCost, "card"),                   // cost of an external account: not size
		tx("7", "it", start, "NZD 40", account.TransactionCost, "pay"),
		tx("8", "it", start, "NZD 60", account.TransactionRevenue, "card"),  // revenue of an internal one: not size
		tx("9", "it", start, "NZD -60", account.TransactionRevenue, "card"), // nets to zero: no holding
		tx("r1", "ref", start, "NZD 10", account.TransactionRevenue, ""),
		tx("r2", "ref", start, "NZD -10.01", account.TransactionRevenue, ""), // refunds beyond revenue: no size
		tx("n1", "nil", start, "NZD 10", account.TransactionRevenue, ""),
		tx("n2", "nil", start, "NZD -10", account.TransactionRevenue, ""), // nets to zero: size 0
	}
	sizes, err := growth.SizesFromTransactions(accounts, listOf(txs), end)
	if err != nil {
		t.Fatal(err)
	}
	want := map[account.ID]decimal.Decimal{"g": decimal.RequireFromString("120"), "it": decimal.RequireFromString("40"), "nil": decimal.Zero}
	if diff := cmp.Diff(sizes, want, cmp.Comparer(decimal.Decimal.Equal)); diff != "" {
		t.Errorf("sizes (-got +want):\n%s", diff)
	}
	hs, err := growth.HoldingsFromTransactions(listOf(txs), end)
	if err != nil {
		t.Fatal(err)
	}
	wantH := []growth.Holding{
		{ID: "tx-1", Account: "g-a", Offering: "card", Start: start, Annual: nzd("5")},
		{ID: "tx-2", Account: "g-a", Offering: "pay", Start: start, Annual: nzd("70")},
		{ID: "tx-3", Account: "it", Offering: "pay", Start: start, Annual: nzd("40")},
	}
	if diff := cmp.Diff(hs, wantH, cmp.Comparer(account.Money.Equal)); diff != "" {
		t.Errorf("holdings (-got +want):\n%s", diff)
	}
	for _, h := range hs {
		if err := h.Validate(); err != nil || !h.HeldAt(end) {
			t.Errorf("derived holding %+v: %v, held at end %v", h, err, h.HeldAt(end))
		}
	}
	// Errors.
	mixed := append(txs[:1:1], tx("x", "g", start, "EUR 1", account.TransactionRevenue, "pay"))
	if _, err := growth.HoldingsFromTransactions(listOf(mixed), end); !errors.Is(err, growth.ErrCurrency) {
		t.Errorf("mixed currencies: %v", err)
	}
	if _, err := growth.SizesFromTransactions(accounts, listOf(mixed), end); !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("mixed currencies: %v", err)
	}
	stranger := []account.Transaction{tx("s", "zz", start, "NZD 1", account.TransactionRevenue, "")}
	if _, err := growth.SizesFromTransactions(accounts, listOf(stranger), end); !errors.Is(err, growth.ErrUnknown) {
		t.Errorf("unknown account: %v", err)
	}
	bad := []account.Transaction{{ID: "b", Account: "g", At: start, Amount: nzd("1"), Offering: "pay"}} // no kind
	if _, err := growth.HoldingsFromTransactions(listOf(bad), end); !errors.Is(err, account.ErrInvalid) {
		t.Errorf("invalid transaction: %v", err)
	}
	if _, err := growth.HoldingsFromTransactions(listOf(txs), time.Time{}); !errors.Is(err, growth.ErrInvalid) {
		t.Errorf("no end: %v", err)
	}
}
