package growth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var y25 = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

func estimate(id string, acct account.ID, cat string, from time.Time, total account.Money) growth.WalletEstimate {
	return growth.WalletEstimate{ID: growth.EstimateID(id), Account: acct, Category: cat, From: from, To: from.AddDate(1, 0, 0),
		Total: total, Source: "survey", Estimated: from}
}

func tx(id string, acct account.ID, at time.Time, amount string, kind account.TransactionKind, off account.OfferingID) account.Transaction {
	return account.Transaction{ID: account.TransactionID(id), Account: acct, At: at, Amount: account.MustParseMoney(amount), Kind: kind, Offering: off}
}

func TestShareOfWallet(t *testing.T) {
	accounts := []account.Account{{ID: "acme", Name: "Acme"}, {ID: "acme-nz", Name: "Acme NZ", Parent: "acme"}, {ID: "other", Name: "O"}}
	cat := []growth.Offering{offering("pay"), offering("card")}
	cat[1].Family = "fam-pay" // both in one family
	txs := []account.Transaction{
		tx("1", "acme-nz", y25, "NZD 30", account.TransactionRevenue, "pay"),
		tx("2", "acme", y25.AddDate(0, 6, 0), "NZD 20", account.TransactionRevenue, "card"),
		tx("3", "acme", y25.AddDate(0, 6, 0), "NZD 99", account.TransactionCost, "pay"),    // cost: not revenue
		tx("4", "acme", y25.AddDate(1, 0, 0), "NZD 99", account.TransactionRevenue, "pay"), // at To: outside
		tx("5", "acme", y25.Add(-1), "NZD 99", account.TransactionRevenue, "pay"),          // before From
		tx("6", "acme", y25, "NZD 7", account.TransactionRevenue, ""),                      // no offering: whole wallet only
		tx("7", "other", y25, "EUR 7", account.TransactionRevenue, "pay"),                  // another account
	}
	es := []growth.WalletEstimate{
		estimate("all", "acme", "", y25, nzd("100")),
		estimate("pay", "acme", "fam-pay", y25, nzd("40")),
		estimate("nz", "acme-nz", "fam-pay", y25, nzd("300")),
	}
	shares, err := growth.ShareOfWallet(accounts, cat, es, listOf(txs))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range shares {
		got = append(got, fmt.Sprintf("%s %s %s %v", s.Estimate.ID, s.Ours, s.Share, s.Over))
	}
	want := []string{"all NZD 57.00 0.57 false", "pay NZD 50.00 1.25 true", "nz NZD 30.00 0.1 false"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("(-got +want):\n%s", diff)
	}
}

func TestShareOfWalletInternal(t *testing.T) {
	accounts := []account.Account{{ID: "hr", Name: "HR", Internal: true}}
	txs := []account.Transaction{
		tx("1", "hr", y25, "NZD 10", account.TransactionCost, ""),
		tx("2", "hr", y25, "NZD 90", account.TransactionRevenue, ""),
	}
	shares, err := growth.ShareOfWallet(accounts, nil, []growth.WalletEstimate{estimate("e", "hr", "", y25, nzd("30"))}, listOf(txs))
	if err != nil {
		t.Fatal(err)
	}
	if !shares[0].Share.Equal(decimal.RequireFromString("0.333333")) {
		t.Errorf("internal share %s, want 0.333333 (cost only, 6 places)", shares[0].Share)
	}
}

func TestShareOfWalletErrors(t *testing.T) {
	accounts := []account.Account{{ID: "acme", Name: "Acme"}}
	good := []account.Transaction{tx("1", "acme", y25, "NZD 10", account.TransactionRevenue, "pay")}
	cat := []growth.Offering{offering("pay")}
	tests := []struct {
		name  string
		es    []growth.WalletEstimate
		txs   []account.Transaction
		is    error
		field string
	}{
		{"estimate in another currency", []growth.WalletEstimate{estimate("e", "acme", "", y25, account.MustParseMoney("EUR 100"))}, good, growth.ErrCurrency, "Total"},
		{"unknown account", []growth.WalletEstimate{estimate("e", "zz", "", y25, nzd("1"))}, good, growth.ErrUnknown, "Account"},
		{"overlap", []growth.WalletEstimate{estimate("e1", "acme", "", y25, nzd("1")), estimate("e2", "acme", "", y25.AddDate(0, 11, 0), nzd("1"))}, good, growth.ErrInvalid, "From"},
		{"unknown offering", []growth.WalletEstimate{estimate("e", "acme", "fam-pay", y25, nzd("1"))},
			[]account.Transaction{tx("1", "acme", y25, "NZD 1", account.TransactionRevenue, "zz")}, growth.ErrUnknown, "Offering"},
		{"zero total", []growth.WalletEstimate{estimate("e", "acme", "", y25, nzd("0"))}, good, growth.ErrInvalid, "Total"},
		{"no source", func() []growth.WalletEstimate {
			e := estimate("e", "acme", "", y25, nzd("1"))
			e.Source = ""
			return []growth.WalletEstimate{e}
		}(), good, growth.ErrInvalid, "Source"},
		{"period backwards", func() []growth.WalletEstimate {
			e := estimate("e", "acme", "", y25, nzd("1"))
			e.To = e.From
			return []growth.WalletEstimate{e}
		}(), good, growth.ErrInvalid, "To"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := growth.ShareOfWallet(accounts, cat, tt.es, listOf(tt.txs))
			var fe *account.FieldError
			if !errors.Is(err, tt.is) || !errors.Is(err, growth.ErrInvalid) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("error %v, want %v naming %s", err, tt.is, tt.field)
			}
		})
	}
	// Adjacent periods do not overlap.
	es := []growth.WalletEstimate{estimate("e1", "acme", "", y25, nzd("1")), estimate("e2", "acme", "", y25.AddDate(1, 0, 0), nzd("1"))}
	if _, err := growth.ShareOfWallet(accounts, cat, es, listOf(good)); err != nil {
		t.Errorf("adjacent periods: %v", err)
	}
	// A stream error is returned as it is.
	boom := errors.New("boom")
	if _, err := growth.ShareOfWallet(accounts, cat, es, func(yield func(account.Transaction, error) bool) { yield(account.Transaction{}, boom) }); !errors.Is(err, boom) {
		t.Errorf("stream error: %v", err)
	}
}

func TestWalletEstimateValidateEdges(t *testing.T) {
	e := estimate("e", "acme", "", y25, nzd("0.01"))
	if err := e.Validate(); err != nil {
		t.Errorf("smallest positive total: %v", err)
	}
	e.Source = fmt.Sprintf("%*s", growth.MaxNameLen, "x")
	if err := e.Validate(); err != nil {
		t.Errorf("source at the limit: %v", err)
	}
	e.Source += "x"
	if got := fields(t, e.Validate()); !cmp.Equal(got, []string{"WalletEstimate.Source"}) {
		t.Errorf("source past the limit: %v", got)
	}
	e = estimate("e", "acme", " bad", y25, nzd("1"))
	e.Version, e.Estimated = -1, time.Time{}
	if got := fields(t, e.Validate()); !cmp.Equal(got, []string{"WalletEstimate.Category", "WalletEstimate.Estimated", "WalletEstimate.Version"}) {
		t.Errorf("fields %v", got)
	}
}

// Shares stay in [0, 1] when the estimate covers our spend and are
// flagged (and above 1) when it does not; the result does not depend on
// the order of the input.
func TestShareOfWalletProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		accounts := []account.Account{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}
		var txs []account.Transaction
		for i := range rapid.IntRange(0, 12).Draw(t, "n") {
			m, _ := account.NewMoney(decimal.New(rapid.Int64Range(0, 10_000).Draw(t, "amt"), -2), "NZD")
			txs = append(txs, account.Transaction{ID: account.TransactionID(fmt.Sprint(i)), Account: rapid.SampledFrom([]account.ID{"a", "b"}).Draw(t, "acct"),
				At: y25.AddDate(0, rapid.IntRange(0, 23).Draw(t, "month"), 0), Amount: m, Kind: account.TransactionRevenue})
		}
		var es []growth.WalletEstimate
		for _, a := range []account.ID{"a", "b"} {
			for y := range 2 {
				tot, _ := account.NewMoney(decimal.New(rapid.Int64Range(1, 100_000).Draw(t, "total"), -2), "NZD")
				es = append(es, estimate(fmt.Sprint(a, y), a, "", y25.AddDate(y, 0, 0), tot))
			}
		}
		shares, err := growth.ShareOfWallet(accounts, nil, es, listOf(txs))
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range shares {
			covered := s.Ours.Amount().Cmp(s.Estimate.Total.Amount()) <= 0
			if covered == s.Over {
				t.Fatalf("ours %s, total %s, Over %v", s.Ours, s.Estimate.Total, s.Over)
			}
			if covered && (s.Share.Sign() < 0 || s.Share.Cmp(decimal.NewFromInt(1)) > 0) {
				t.Fatalf("covered share %s outside [0, 1]", s.Share)
			}
			if !covered && s.Share.Cmp(decimal.NewFromInt(1)) < 0 {
				t.Fatalf("over-spent share %s below 1", s.Share)
			}
		}
		again, err := growth.ShareOfWallet(accounts, nil, shuffled(t, es, "e"), listOf(shuffled(t, txs, "t")))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(shares, again, cmp.Comparer(account.Money.Equal)); diff != "" {
			t.Fatalf("order matters (-first +shuffled):\n%s", diff)
		}
		for _, tr := range growth.Trends(shares) {
			if !tr.Change.Equal(tr.Current.Share.Sub(tr.Previous.Share)) || tr.Fell != (tr.Change.Sign() < 0) {
				t.Fatalf("trend %+v", tr)
			}
		}
	})
}

func TestFallenOrder(t *testing.T) {
	mk := func(acct account.ID, y int, share string) growth.Share {
		return growth.Share{Estimate: estimate(fmt.Sprint(acct, y), acct, "", y25.AddDate(y, 0, 0), nzd("1")), Share: decimal.RequireFromString(share)}
	}
	shares := []growth.Share{mk("c", 0, "0.5"), mk("c", 1, "0.4"), mk("a", 0, "0.5"), mk("a", 1, "0.4"), mk("b", 0, "0.9"), mk("b", 1, "0.1"), mk("d", 0, "0.1"), mk("d", 1, "0.2")}
	var got []string
	for _, t := range growth.Fallen(growth.Trends(shares)) {
		got = append(got, string(t.Current.Estimate.Account)+" "+t.Change.String())
	}
	if diff := cmp.Diff(got, []string{"b -0.8", "a -0.1", "c -0.1"}); diff != "" {
		t.Errorf("(-got +want):\n%s", diff)
	}
}
