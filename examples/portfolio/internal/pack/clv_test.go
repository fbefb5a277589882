package pack_test

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// lifetimeBase returns a hand-built book for the lifetime-value section:
// n accounts that buy without a contract, their transactions drawn by
// clv's BG/NBD simulator up to the pack's default instant; two accounts
// invoiced under contract ("INV-..."), one of which also has an order,
// which does not make it a buyer without a contract; and an internal
// customer, whose cost is not revenue. The first refunds buyers have a
// refund on the day of their last purchase that outweighs their repeat
// purchases: their mean repeat value is not known.
func lifetimeBase(t *testing.T, n, refunds int, seed uint64, reverse bool) *memstore.Store {
	t.Helper()
	ctx := context.Background()
	txs, err := clv.SimulateBGNBDTransactions(clv.BGNBD{R: 2, Alpha: 60, A: 1, B: 20}, clv.Simulation{
		Accounts: n, Unit: clv.UnitDay, MinAge: 200 * 24 * time.Hour, MaxAge: 700 * 24 * time.Hour,
		Spend: &clv.GammaGamma{P: 6, Q: 4, Gamma: 1500}, Currency: "NZD", Seed: seed,
	}, pack.DefaultAt.Add(-time.Nanosecond))
	if err != nil {
		t.Fatal(err)
	}
	s := memstore.New()
	var accounts []account.Account
	seen := map[account.ID]bool{}
	for _, x := range txs {
		if !seen[x.Account] {
			seen[x.Account] = true
			accounts = append(accounts, account.Account{ID: x.Account, Name: "Buyer " + string(x.Account)})
		}
	}
	accounts = append(accounts, account.Account{ID: "K1", Name: "Contract one"}, account.Account{ID: "K2", Name: "Contract two"},
		account.Account{ID: "Z", Name: "Internal", Internal: true})
	for i := range 24 {
		at := pack.DefaultAt.AddDate(0, -i-1, 3)
		for _, id := range []account.ID{"K1", "K2"} {
			ref := "INV-" + string(id) + "-" + at.Format("200601")
			txs = append(txs, account.Transaction{ID: account.TransactionID(ref), Reference: ref, Account: id, At: at, Amount: nzd("1000"), Kind: account.TransactionRevenue})
		}
		txs = append(txs, account.Transaction{ID: account.TransactionID("C-" + at.Format("200601")), Account: "Z", At: at, Amount: nzd("500"), Kind: account.TransactionCost})
	}
	last := map[account.ID]account.Transaction{}
	for _, x := range txs {
		last[x.Account] = x // the simulator lists each account's in time order
	}
	for i, a := range accounts[:min(refunds, len(accounts))] {
		x := last[a.ID]
		txs = append(txs, account.Transaction{ID: account.TransactionID("REF-" + strconv.Itoa(i)), Account: a.ID, At: x.At, Amount: nzd("-1000000"), Kind: account.TransactionRevenue})
	}
	txs = append(txs, account.Transaction{ID: "ORD-K1-1", Reference: "ORD-K1-1", Account: "K1", At: pack.DefaultAt.AddDate(0, -2, 0), Amount: nzd("10"), Kind: account.TransactionRevenue})
	if reverse {
		slices.Reverse(accounts)
		slices.Reverse(txs)
	}
	for _, a := range accounts {
		a.Created, a.Currency = pack.DefaultAt.AddDate(-3, 0, 0), "NZD"
		a.Attributes = map[string]decimal.Decimal{"revenue": decimal.NewFromInt(1)}
		if _, err := s.CreateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.CreateManager(ctx, account.Manager{ID: "M1", Name: "Mere", Active: true, Capacity: 1000}); err != nil {
		t.Fatal(err)
	}
	if err := s.AddTransactions(ctx, txs...); err != nil {
		t.Fatal(err)
	}
	return s
}

// lifetimeConfig is the default configuration with a scorecard the
// hand-built accounts can be scored on.
func lifetimeConfig() pack.Config {
	cfg := pack.DefaultConfig()
	cfg.Scorecards = []tiering.Scorecard{{Name: "value", Measures: []tiering.Measure{{Name: "value", Weight: 1, Source: tiering.Attribute("revenue")}}}}
	return cfg
}

// TestLifetimeSection checks the section over a hand-built book against
// computations of its own: the base and the accounts left out, the
// repeat buyers, the fits, the at-risk list (its order, its values, its
// probabilities below the threshold), the value as the sum of the
// accounts', and the same section whatever order the store was filled in.
func TestLifetimeSection(t *testing.T) {
	const n = 80
	s := lifetimeBase(t, n, 0, 7, false)
	cfg := lifetimeConfig()
	cfg.Top = 100
	rep, err := pack.Run(context.Background(), s, cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	sec := rep.Lifetime

	txs, err := account.Collect(s.Transactions(context.Background(), account.TransactionFilter{Kind: account.TransactionRevenue}))
	if err != nil {
		t.Fatal(err)
	}
	days := map[account.ID]map[string]bool{}
	spent := map[account.ID]decimal.Decimal{}
	for _, x := range txs {
		if x.Account == "K1" || x.Account == "K2" {
			continue
		}
		if days[x.Account] == nil {
			days[x.Account] = map[string]bool{}
		}
		days[x.Account][x.At.In(cfg.Location).Format(time.DateOnly)] = true
		spent[x.Account] = spent[x.Account].Add(x.Amount.Amount())
	}
	repeat := 0
	for _, d := range days {
		if len(d) > 1 {
			repeat++
		}
	}
	if sec.Accounts != n || sec.Contract != 2 || sec.Repeat != repeat {
		t.Errorf("base %d, contract %d, repeat %d; want %d, 2, %d", sec.Accounts, sec.Contract, sec.Repeat, n, repeat)
	}
	var names []string
	for _, p := range sec.Purchase.Parameters {
		names = append(names, p.Name)
		if p.Lower.GreaterThan(p.Value) || p.Value.GreaterThan(p.Upper) || p.StdErr.Sign() <= 0 {
			t.Errorf("parameter %+v: the estimate is not inside its interval", p)
		}
	}
	if !sec.Purchase.Fitted || sec.Purchase.Accounts != n || sec.Purchase.Status == "" ||
		!gocmp.Equal(names, []string{"r", "alpha", "a", "b"}) {
		t.Errorf("purchase fit %+v", sec.Purchase)
	}
	if !sec.Spend.Fitted || len(sec.Spend.Parameters) != 3 || sec.ValueReason != "" || sec.Value.Sign() <= 0 {
		t.Errorf("spend fit %+v, value %v (%s)", sec.Spend, sec.Value, sec.ValueReason)
	}
	if sec.QuarterDays != 92 || sec.HorizonDays != 1095 || sec.NextQuarter.Sign() <= 0 {
		t.Errorf("next %d days: %s; horizon %d days", sec.QuarterDays, sec.NextQuarter, sec.HorizonDays)
	}

	if len(sec.AtRisk) == 0 || len(sec.AtRisk) != sec.BelowThreshold {
		t.Errorf("%d at risk, %d below the threshold: every account of the base has a value, so they are the same", len(sec.AtRisk), sec.BelowThreshold)
	}
	if !slices.IsSortedFunc(sec.AtRisk, func(a, b pack.AtRiskAccount) int {
		return cmp.Or(b.Value.Amount().Cmp(a.Value.Amount()), cmp.Compare(a.Account, b.Account))
	}) {
		t.Error("the at-risk list is not by value, largest first, ties by ID")
	}
	for _, a := range sec.AtRisk {
		if !a.Value.Amount().Equal(spent[a.Account]) || !a.ProbabilityActive.LessThan(sec.Threshold) ||
			a.Name != "Buyer "+string(a.Account) || !strings.Contains(a.Reason, "days since the last purchase") {
			t.Errorf("at risk %+v: want its revenue %s, P(active) below %s, its name and a reason", a, spent[a.Account], sec.Threshold)
		}
	}

	if len(sec.Top) != n {
		t.Fatalf("%d accounts valued, want %d", len(sec.Top), n)
	}
	var total account.Money
	for _, a := range sec.Top {
		total, _ = total.Add(a.Value)
	}
	if !total.Amount().Equal(sec.Value.Amount()) || total.Currency() != "NZD" {
		t.Errorf("the accounts' values add up to %v, the section says %v", total, sec.Value)
	}
	if !slices.IsSortedFunc(sec.Top, func(a, b pack.LifetimeAccount) int {
		return cmp.Or(b.Value.Amount().Cmp(a.Value.Amount()), cmp.Compare(a.Account, b.Account))
	}) {
		t.Error("the values are not largest first, ties by ID")
	}

	again, err := pack.Run(context.Background(), lifetimeBase(t, n, 0, 7, true), cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	if diff := gocmp.Diff(sec, again.Lifetime); diff != "" {
		t.Errorf("the store filled in reverse gives another section (-first +reversed):\n%s", diff)
	}

	rep.Top = 3
	text, _ := outputs(t, rep)
	section := sectionOf(t, text, "Lifetime value")
	for _, want := range []string{
		"80 accounts buy without a contract (2 accounts under contract left out)",
		"BG/NBD: " + sec.Purchase.Status, "Gamma-Gamma: " + sec.Spend.Status, "Correlation of repeat count and mean spend: ",
		"Lifetime value over 1095 days at 10.0% a year: " + sec.Value.String(),
		"At risk (P(active) below 0.30), by revenue before 2026-10-01:",
		sec.AtRisk[0].Reason,
	} {
		if !strings.Contains(section, want) {
			t.Errorf("the text section has no %q:\n%s", want, section)
		}
	}
	if len(sec.AtRisk) > 3 && (strings.Contains(section, sec.AtRisk[3].Reason) || !strings.Contains(section, "... and ")) {
		t.Errorf("the text shows more than Top accounts at risk:\n%s", section)
	}
}

// TestLifetimeHTML checks the section of the page over the generator's
// portfolio: after the concentration, with the fits and the accounts at
// risk (the first 20 of them).
func TestLifetimeHTML(t *testing.T) {
	_, rep := generatedReport(t)
	var page bytes.Buffer
	if err := rep.WriteHTML(&page); err != nil {
		t.Fatal(err)
	}
	sec := rep.Lifetime
	if !sec.Purchase.Fitted || !sec.Spend.Fitted || len(sec.AtRisk) <= 20 || sec.ValueReason != "" || sec.Value.Sign() <= 0 || len(sec.Top) != rep.Top {
		t.Fatalf("the generator's tail: purchase fitted %v, spend fitted %v, %d at risk, value %v (%q), %d of the top %d valued",
			sec.Purchase.Fitted, sec.Spend.Fitted, len(sec.AtRisk), sec.Value, sec.ValueReason, len(sec.Top), rep.Top)
	}
	got := page.String()
	at := strings.Index(got, "<h2>Concentration</h2>")
	for _, want := range []string{
		"<h2>Lifetime value</h2>",
		"BG/NBD: " + sec.Purchase.Status, "Gamma-Gamma: " + sec.Spend.Status,
		"The fitted parameters",
		"Accounts at risk, by revenue (the first 20 of " + strconv.Itoa(len(sec.AtRisk)) + "; the text report has them all)",
		"<h2>Re-tiering</h2>",
	} {
		i := strings.Index(got[max(at, 0):], want)
		if at < 0 || i < 0 {
			t.Fatalf("the page has no %q after the previous part", want)
		}
		at += i
	}
}

// sectionOf returns the text of the section under heading h.
func sectionOf(t *testing.T, text []byte, h string) string {
	t.Helper()
	_, after, ok := strings.Cut(string(text), "\n"+h+"\n"+strings.Repeat("-", len(h))+"\n")
	if !ok {
		t.Fatalf("no section %q", h)
	}
	for _, next := range pack.Headings {
		if i := strings.Index(after, "\n"+next+"\n"); i >= 0 && next != h {
			after = after[:i]
		}
	}
	return after
}

// TestLifetimeFitFails checks that a purchase fit that does not converge
// (one iteration an attempt) is reported in the section, with the reason
// clv gives, and does not stop the pack.
func TestLifetimeFitFails(t *testing.T) {
	s := lifetimeBase(t, 80, 0, 7, false)
	cfg := lifetimeConfig()
	cfg.Lifetime.MaxIterations = 1
	rep, err := pack.Run(context.Background(), s, cfg, pack.DefaultAt)
	if err != nil {
		t.Fatalf("a failed fit stopped the pack: %v", err)
	}
	txs, err := account.Collect(s.Transactions(context.Background(), account.TransactionFilter{Kind: account.TransactionRevenue}))
	if err != nil {
		t.Fatal(err)
	}
	txs = slices.DeleteFunc(txs, func(x account.Transaction) bool { return x.Account == "K1" || x.Account == "K2" })
	sums, err := clv.BuildSummariesSlice(txs, clv.SummaryOptions{Unit: clv.UnitDay, CalibrationEnd: pack.DefaultAt.Add(-1), Location: cfg.Location})
	if err != nil {
		t.Fatal(err)
	}
	groups, err := clv.Groups(sums)
	if err != nil {
		t.Fatal(err)
	}
	_, err = clv.FitBGNBD(groups, clv.FitOptions{MaxIterations: 1})
	var fe *clv.FitError
	if !errors.As(err, &fe) {
		t.Fatalf("clv.FitBGNBD with one iteration: %v, want a *clv.FitError", err)
	}
	sec := rep.Lifetime
	want := pack.LifetimeFit{Model: "BG/NBD", Reason: fe.Reason}
	if diff := gocmp.Diff(want, sec.Purchase); diff != "" || sec.Spend.Fitted || sec.ValueReason == "" || len(sec.AtRisk) != 0 || sec.Accounts != 80 {
		t.Errorf("purchase fit (-want +got):\n%s\nspend %+v, value reason %q, %d at risk", diff, sec.Spend, sec.ValueReason, len(sec.AtRisk))
	}
	text, _ := outputs(t, rep)
	if section := sectionOf(t, text, "Lifetime value"); !strings.Contains(section, "BG/NBD: not fitted: "+fe.Reason+".") {
		t.Errorf("the text does not give the reason %q:\n%s", fe.Reason, section)
	}
}

// TestLifetimeTooFew checks the section when the base is too small to
// fit: fewer than clv.MinAccounts accounts buy without a contract, or
// none does; the pack runs on.
func TestLifetimeTooFew(t *testing.T) {
	for _, tc := range []struct {
		name  string
		store func(t *testing.T) *memstore.Store
		cfg   pack.Config
		base  int
		want  string
	}{
		{"nine", func(t *testing.T) *memstore.Store { return lifetimeBase(t, clv.MinAccounts-1, 0, 3, false) }, lifetimeConfig(), clv.MinAccounts - 1,
			"too few accounts to fit: at least 10 are needed"},
		{"hand-made", handMade, lifetimeConfig(), 4, "too few accounts to fit: at least 10 are needed"},
		{"no spend model", func(t *testing.T) *memstore.Store { return lifetimeBase(t, 60, 60-clv.MinAccounts+1, 3, false) }, lifetimeConfig(), 60, ""},
		{"all under contract", func(t *testing.T) *memstore.Store { return memory(t, small()) }, pack.DefaultConfig(), 0, "no account buys without a contract"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rep, err := pack.Run(context.Background(), tc.store(t), tc.cfg, pack.DefaultAt)
			if err != nil {
				t.Fatal(err)
			}
			sec := rep.Lifetime
			if tc.want == "" { // the purchase model fits, the spend model has too few repeat buyers
				want := pack.LifetimeFit{Model: "Gamma-Gamma", Reason: "too few accounts to fit: at least 10 are needed"}
				if diff := gocmp.Diff(want, sec.Spend); diff != "" || !sec.Purchase.Fitted || sec.ValueReason != "the spend model is not fitted" ||
					sec.Accounts != tc.base || sec.Value != (account.Money{}) || len(sec.Top) != 0 {
					t.Errorf("base %d, purchase fitted %v %q, value %v (%q); spend (-want +got):\n%s", sec.Accounts, sec.Purchase.Fitted, sec.Purchase.Reason, sec.Value, sec.ValueReason, diff)
				}
				return
			}
			want := pack.LifetimeFit{Model: "BG/NBD", Reason: tc.want}
			if diff := gocmp.Diff(want, sec.Purchase); diff != "" || sec.Accounts != tc.base || sec.Spend.Fitted || !sec.NextQuarter.IsZero() {
				t.Errorf("base %d (want %d), purchase (-want +got):\n%s", sec.Accounts, tc.base, diff)
			}
		})
	}
}

// TestLifetimeNoContractPrefix checks that an empty ContractPrefix puts
// no account under contract: the invoiced accounts join the base.
func TestLifetimeNoContractPrefix(t *testing.T) {
	cfg := lifetimeConfig()
	cfg.Lifetime.ContractPrefix = ""
	rep, err := pack.Run(context.Background(), lifetimeBase(t, 30, 0, 7, false), cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	if sec := rep.Lifetime; sec.Contract != 0 || sec.Accounts != 32 {
		t.Errorf("%d under contract, a base of %d; want 0 and 32", sec.Contract, sec.Accounts)
	}
}

// TestLifetimeNoneAtRisk checks the text when the purchase model fits and
// no account is below the threshold.
func TestLifetimeNoneAtRisk(t *testing.T) {
	cfg := lifetimeConfig()
	cfg.Lifetime.Threshold = decimal.RequireFromString("0.0001")
	rep, err := pack.Run(context.Background(), lifetimeBase(t, 80, 0, 2, false), cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	if sec := rep.Lifetime; !sec.Purchase.Fitted || len(sec.AtRisk) != 0 || sec.BelowThreshold != 0 {
		t.Fatalf("purchase fitted %v, %d at risk, %d below the threshold: want a fit and none", sec.Purchase.Fitted, len(sec.AtRisk), sec.BelowThreshold)
	}
	text, _ := outputs(t, rep)
	if section := sectionOf(t, text, "Lifetime value"); !strings.HasSuffix(section, "by revenue before 2026-10-01:\nNone.\n") {
		t.Errorf("the text does not say that no account is at risk:\n%s", section)
	}
}

// TestLifetimeConfig checks each range of Config.Lifetime at both edges.
func TestLifetimeConfig(t *testing.T) {
	const day = 24 * time.Hour
	d := decimal.RequireFromString
	for _, tc := range []struct {
		field string
		set   func(*pack.LifetimeConfig)
		ok    bool
	}{
		{"Lifetime.Horizon", func(c *pack.LifetimeConfig) { c.Horizon = 30 * day }, true},
		{"Lifetime.Horizon", func(c *pack.LifetimeConfig) { c.Horizon = 30*day - 1 }, false},
		{"Lifetime.Horizon", func(c *pack.LifetimeConfig) { c.Horizon = 3650 * day }, true},
		{"Lifetime.Horizon", func(c *pack.LifetimeConfig) { c.Horizon = 3650*day + 1 }, false},
		{"Lifetime.AnnualDiscount", func(c *pack.LifetimeConfig) { c.AnnualDiscount = d("0") }, true},
		{"Lifetime.AnnualDiscount", func(c *pack.LifetimeConfig) { c.AnnualDiscount = d("-0.0001") }, false},
		{"Lifetime.AnnualDiscount", func(c *pack.LifetimeConfig) { c.AnnualDiscount = d("1") }, true},
		{"Lifetime.AnnualDiscount", func(c *pack.LifetimeConfig) { c.AnnualDiscount = d("1.0001") }, false},
		{"Lifetime.Threshold", func(c *pack.LifetimeConfig) { c.Threshold = d("0") }, false},
		{"Lifetime.Threshold", func(c *pack.LifetimeConfig) { c.Threshold = d("0.0001") }, true},
		{"Lifetime.Threshold", func(c *pack.LifetimeConfig) { c.Threshold = d("0.9999") }, true},
		{"Lifetime.Threshold", func(c *pack.LifetimeConfig) { c.Threshold = d("1") }, false},
		{"Lifetime.MaxIterations", func(c *pack.LifetimeConfig) { c.MaxIterations = 0 }, true},
		{"Lifetime.MaxIterations", func(c *pack.LifetimeConfig) { c.MaxIterations = -1 }, false},
		{"Lifetime.MaxIterations", func(c *pack.LifetimeConfig) { c.MaxIterations = pack.MaxLifetimeIterations }, true},
		{"Lifetime.MaxIterations", func(c *pack.LifetimeConfig) { c.MaxIterations = pack.MaxLifetimeIterations + 1 }, false},
		{"Lifetime.ContractPrefix", func(c *pack.LifetimeConfig) { c.ContractPrefix = "" }, true},
	} {
		cfg := pack.DefaultConfig()
		tc.set(&cfg.Lifetime)
		err := cfg.Validate()
		if tc.ok {
			if err != nil {
				t.Errorf("%s = %+v: %v", tc.field, cfg.Lifetime, err)
			}
			continue
		}
		var fe *account.FieldError
		if !errors.As(err, &fe) || fe.Field != tc.field || fe.Record != "Config" || !errors.Is(err, pack.ErrInvalid) {
			t.Errorf("%s = %+v: %v, want a FieldError naming it", tc.field, cfg.Lifetime, err)
		}
		if _, err := pack.Run(context.Background(), memstore.New(), cfg, pack.DefaultAt); !errors.Is(err, pack.ErrInvalid) {
			t.Errorf("Run with %s out of range: %v", tc.field, err)
		}
	}
	def := pack.DefaultConfig().Lifetime
	want := pack.LifetimeConfig{ContractPrefix: "INV-", Horizon: 1095 * day, AnnualDiscount: d("0.1"), Threshold: d("0.3")}
	if !gocmp.Equal(def, want, gocmp.Comparer(decimal.Decimal.Equal)) {
		t.Errorf("default %+v, want %+v", def, want)
	}
}
