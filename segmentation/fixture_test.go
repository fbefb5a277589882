package segmentation_test

import (
	"errors"
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// The hand-computed fixture: 22 accounts as of 2025-07-01. Each account's
// metrics are chosen, then spelled out as transactions: the most recent
// one is `recency` days before the analysis date and carries the bulk of
// the amount, the others are older. n = 22 is not a multiple of 5, so
// Ordinal bins are sized 5,4,5,4,4 (positions 0-4, 5-8, 9-13, 14-17,
// 18-21), where SQL NTILE would give 5,5,4,4,4.
var fixtureAsOf = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

type fixtureRow struct {
	id        string
	recency   int
	frequency int64
	monetary  string
	r, f, m   int
	segment   string
}

// Expected table. Orders by ascending goodness, ties by ID:
//
//	R (recency desc): A22 A21 A19 A20 A17 | A18 A15 A16 A13 | A14 A11 A12 A09 A10 | A07 A08 A05 A06 | A03 A04 A01 A02
//	F (count asc):    A17 A18 A19 A20 A21 | A22 A13 A14 A15 | A16 A10 A11 A12 A08 | A09 A06 A07 A04 | A05 A02 A03 A01
//	M (sum asc):      A20 A22 A21 A14 A07 | A04 A19 A18 A17 | A16 A15 A13 A11 A12 | A10 A09 A08 A06 | A05 A03 A02 A01
//
// Segments from ElevenSegments (R and F+M).
var fixtureWant = []fixtureRow{
	{"A01", 5, 10, "1000.00", 5, 5, 5, segmentation.Champions},
	{"A02", 5, 8, "950.00", 5, 5, 5, segmentation.Champions},
	{"A03", 10, 8, "900.00", 5, 5, 5, segmentation.Champions},
	{"A04", 10, 6, "100.00", 5, 4, 2, segmentation.PotentialLoyalist},
	{"A05", 20, 6, "850.00", 4, 5, 5, segmentation.Champions},
	{"A06", 20, 5, "800.00", 4, 4, 4, segmentation.Champions},
	{"A07", 30, 5, "50.00", 4, 4, 1, segmentation.PotentialLoyalist},
	{"A08", 30, 4, "750.00", 4, 3, 4, segmentation.LoyalCustomers},
	{"A09", 45, 4, "700.00", 3, 4, 4, segmentation.LoyalCustomers},
	{"A10", 45, 3, "650.00", 3, 3, 4, segmentation.LoyalCustomers},
	{"A11", 60, 3, "600.00", 3, 3, 3, segmentation.NeedAttention},
	{"A12", 60, 3, "600.00", 3, 3, 3, segmentation.NeedAttention},
	{"A13", 90, 2, "550.00", 2, 2, 3, segmentation.NeedAttention},
	{"A14", 90, 2, "25.00", 3, 2, 1, segmentation.AboutToSleep},
	{"A15", 120, 2, "500.00", 2, 2, 3, segmentation.NeedAttention},
	{"A16", 120, 2, "450.00", 2, 3, 3, segmentation.NeedAttention},
	{"A17", 180, 1, "400.00", 1, 1, 2, segmentation.Hibernating},
	{"A18", 180, 1, "350.00", 2, 1, 2, segmentation.AboutToSleep},
	{"A19", 270, 1, "300.00", 1, 1, 2, segmentation.Hibernating},
	{"A20", 270, 1, "-20.00", 1, 1, 1, segmentation.Lost},
	{"A21", 365, 1, "12.345", 1, 1, 1, segmentation.Lost},
	{"A22", 400, 1, "0.01", 1, 2, 1, segmentation.Hibernating},
}

func usd(s string) account.Money { return account.MustParseMoney("USD " + s) }

// fixtureTransactions spells the fixture out, plus one transaction after
// the analysis date and one of the other kind, both to be left out.
func fixtureTransactions() []account.Transaction {
	var txs []account.Transaction
	add := func(id string, daysBefore int, amount string, kind account.TransactionKind) {
		txs = append(txs, account.Transaction{
			ID:      account.TransactionID(fmt.Sprintf("T%03d", len(txs)+1)),
			Account: account.ID(id),
			At:      fixtureAsOf.AddDate(0, 0, -daysBefore).Add(9 * time.Hour),
			Amount:  usd(amount),
			Kind:    kind,
		})
	}
	for _, w := range fixtureWant {
		total := decimal.RequireFromString(w.monetary)
		if w.id == "A01" {
			// Ten transactions with a refund: 993 + 7×1 − 1 + 1 = 1000.
			add("A01", 5, "993.00", account.TransactionRevenue)
			for d := range 7 {
				add("A01", 6+d, "1.00", account.TransactionRevenue)
			}
			add("A01", 20, "-1.00", account.TransactionRevenue)
			add("A01", 21, "1.00", account.TransactionRevenue)
			continue
		}
		rest := decimal.NewFromInt(w.frequency - 1)
		add(w.id, w.recency, total.Sub(rest).StringFixed(max(2, -total.Exponent())), account.TransactionRevenue)
		for d := range int(w.frequency - 1) {
			add(w.id, w.recency+1+d, "1.00", account.TransactionRevenue)
		}
	}
	add("A05", -3, "5000.00", account.TransactionRevenue) // after the analysis date
	add("A22", 1, "999.00", account.TransactionCost)      // of the other kind
	return txs
}

func TestFixtureTable(t *testing.T) {
	txs := fixtureTransactions()
	a, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: fixtureAsOf, Kind: account.TransactionRevenue})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := a.Excluded(), (segmentation.Excluded{Future: 1, OtherKind: 1}); got != want {
		t.Errorf("Excluded() = %+v, want %+v", got, want)
	}
	tab, err := segmentation.Score(a, segmentation.Scoring{Segments: segmentation.ElevenSegments()})
	if err != nil {
		t.Fatal(err)
	}
	var got []fixtureRow
	for _, r := range tab.All() {
		got = append(got, fixtureRow{string(r.Account), r.Recency, r.Frequency, r.Monetary.AmountString(), r.R, r.F, r.M, r.Segment})
		if r.Frequency != r.Transactions {
			t.Errorf("%s: Frequency %d != Transactions %d", r.Account, r.Frequency, r.Transactions)
		}
	}
	if diff := cmp.Diff(got, fixtureWant, cmp.AllowUnexported(fixtureRow{})); diff != "" {
		t.Errorf("table (-got +want):\n%s", diff)
	}
	if got, want := tab.Negative(), []account.ID{"A20"}; !cmp.Equal(got, want) {
		t.Errorf("Negative() = %v, want %v", got, want)
	}
	r1, _ := tab.Lookup("A01")
	if want := fixtureAsOf.AddDate(0, 0, -21).Add(9 * time.Hour); !r1.First.Equal(want) {
		t.Errorf("A01 First = %v, want %v", r1.First, want)
	}
	if want := fixtureAsOf.AddDate(0, 0, -5).Add(9 * time.Hour); !r1.Last.Equal(want) {
		t.Errorf("A01 Last = %v, want %v", r1.Last, want)
	}

	// Ordinal bin sizes 5,4,5,4,4 in every dimension; split ties reported
	// where equal values straddle a bin edge (R: 180 days across 1|2, 90
	// days across 2|3; M: none, the tie A11/A12 sits inside bin 3).
	for _, d := range tab.Dimensions() {
		var sizes []int
		for _, b := range d.Bins {
			sizes = append(sizes, b.Count)
		}
		if want := []int{5, 4, 5, 4, 4}; !cmp.Equal(sizes, want) {
			t.Errorf("%s bin sizes %v, want %v", d.Name, sizes, want)
		}
	}
	rdim := tab.Dimensions()[0]
	wantWarn := []segmentation.Warning{
		{Dimension: "recency", Kind: segmentation.WarningSplitTie, Score: 1, Count: 5},
		{Dimension: "recency", Kind: segmentation.WarningSplitTie, Score: 2, Count: 4},
	}
	if diff := cmp.Diff(rdim.Warnings, wantWarn); diff != "" {
		t.Errorf("recency warnings (-got +want):\n%s", diff)
	}
	// Recency bins in score order: score 1 holds 180..400 days, score 5
	// 5..10 days; edges ascend in value.
	if b := rdim.Bins[0]; b.Min.IntPart() != 180 || b.Max.IntPart() != 400 {
		t.Errorf("recency bin 1 = %v..%v, want 180..400", b.Min, b.Max)
	}
	var edges []string
	for _, e := range rdim.Edges {
		edges = append(edges, e.String())
	}
	if want := []string{"20", "45", "90", "180"}; !cmp.Equal(edges, want) {
		t.Errorf("recency edges %v, want %v", edges, want)
	}

	// The Pareto analysis refuses the negative account, by name.
	_, err = tab.Pareto()
	var fe *account.FieldError
	if !errors.Is(err, segmentation.ErrNegative) || !errors.As(err, &fe) || fe.Record != "Account" || fe.ID != "A20" || fe.Field != "Monetary" {
		t.Errorf("Pareto() error = %v, want ErrNegative naming A20", err)
	}
}

// TestFixtureGrouped: under Grouped binning equal recencies score alike:
// groups start at positions 0,1,2,4 (score 1), 6,8 (2), 10,12 (3), 14,16
// (4), 18,20 (5), so score 1 holds 6 accounts: uneven, and reported.
func TestFixtureGrouped(t *testing.T) {
	a, err := segmentation.AggregateSlice(fixtureTransactions(), segmentation.Options{AsOf: fixtureAsOf, Kind: account.TransactionRevenue})
	if err != nil {
		t.Fatal(err)
	}
	g := segmentation.Bins{Binning: segmentation.BinningGrouped}
	tab, err := segmentation.Score(a, segmentation.Scoring{Recency: g, Frequency: g, Monetary: g})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"A22": 1, "A21": 1, "A19": 1, "A20": 1, "A17": 1, "A18": 1, "A15": 2, "A16": 2, "A13": 2, "A14": 2,
		"A11": 3, "A12": 3, "A09": 3, "A10": 3, "A07": 4, "A08": 4, "A05": 4, "A06": 4, "A03": 5, "A04": 5, "A01": 5, "A02": 5}
	for _, r := range tab.All() {
		if r.R != want[string(r.Account)] {
			t.Errorf("%s: R %d, want %d", r.Account, r.R, want[string(r.Account)])
		}
	}
	d := tab.Dimensions()[0]
	wantWarn := []segmentation.Warning{{Dimension: "recency", Kind: segmentation.WarningUneven, Score: 1, Count: 6}}
	if diff := cmp.Diff(d.Warnings, wantWarn); diff != "" {
		t.Errorf("warnings (-got +want):\n%s", diff)
	}
}

// TestFixturePareto: the Pareto figures of the 21 non-negative accounts,
// worked out by hand (sums) and with exact fractions (ratios).
//
//	descending: A01 1000, A02 950, A03 900, A05 850, A06 800, A08 750,
//	A09 700, A10 650, A11 600, A12 600, A13 550, A15 500, A16 450, A17 400,
//	A18 350, A19 300, A04 100, A07 50, A14 25, A21 12.345, A22 0.01
//	cumulative: 1000 1950 2850 3700 4500 5250 5950 6600 7200 7800 8350
//	8850 9300 9700 10050 10350 10450 10500 10525 10537.345 10537.355
//	total 10537.355; 80% = 8429.884 → 12 accounts; 95% = 10010.48725 → 15
func TestFixturePareto(t *testing.T) {
	vals := make(map[account.ID]account.Money)
	for _, w := range fixtureWant {
		if w.id != "A20" {
			vals[account.ID(w.id)] = usd(w.monetary)
		}
	}
	p, err := segmentation.NewPareto(vals)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Total().AmountString(); got != "10537.355" {
		t.Errorf("Total = %s, want 10537.355", got)
	}
	for _, c := range []struct {
		f    string
		want int
	}{{"0.8", 12}, {"0.95", 15}, {"0", 0}, {"1", 21}, {"0.0949", 1}, {"0.095", 2}} {
		got, err := p.CountFor(decimal.RequireFromString(c.f))
		if err != nil || got != c.want {
			t.Errorf("CountFor(%s) = %d, %v; want %d", c.f, got, err, c.want)
		}
	}
	top, err := p.TopFraction(decimal.RequireFromString("0.2"))
	if err != nil {
		t.Fatal(err)
	}
	if top.Accounts != 4 || top.Total.AmountString() != "3700.000" || strconv.FormatFloat(top.Share, 'f', 6, 64) != "0.351132" {
		t.Errorf("top 20%% = %+v, want 4 accounts, 3700.000, 0.351132", top)
	}
	abc, err := p.ABC(segmentation.ABCCuts{})
	if err != nil {
		t.Fatal(err)
	}
	if abc.Accounts != [3]int{12, 3, 6} {
		t.Errorf("ABC counts %v, want [12 3 6]", abc.Accounts)
	}
	var totals []string
	for _, m := range abc.Totals {
		totals = append(totals, m.AmountString())
	}
	if want := []string{"8850.000", "1200.000", "487.355"}; !cmp.Equal(totals, want) {
		t.Errorf("ABC totals %v, want %v", totals, want)
	}
	// The account that crosses 80% (A15, the 12th) is an A.
	if c := abc.Classes[11]; c.Account != "A15" || c.Class != segmentation.ClassA {
		t.Errorf("12th account %v, want A15 in class A", c)
	}
	if c := abc.Classes[12]; c.Account != "A16" || c.Class != segmentation.ClassB {
		t.Errorf("13th account %v, want A16 in class B", c)
	}
	// Tie A11/A12 (600 each): ID order.
	if abc.Classes[8].Account != "A11" || abc.Classes[9].Account != "A12" {
		t.Errorf("tie order %v, %v; want A11 before A12", abc.Classes[8].Account, abc.Classes[9].Account)
	}
	for _, c := range []struct {
		name string
		got  float64
		want string
		prec int
	}{
		{"Gini", p.Gini(), "0.361876256", 9},
		{"HHI", p.HHI(), "0.066742204", 9},
		{"HHIPoints", p.HHIPoints(), "667.422042", 6},
		{"EffectiveNumber", p.EffectiveNumber(), "14.983023", 6},
	} {
		if got := strconv.FormatFloat(c.got, 'f', c.prec, 64); got != c.want {
			t.Errorf("%s = %s, want %s", c.name, got, c.want)
		}
	}
	lz := p.Lorenz()
	if len(lz) != 22 || lz[0].Y != 0 || lz[21].Y != 1 || lz[1].Accounts != 1 {
		t.Errorf("Lorenz: %d points, first %+v, last %+v", len(lz), lz[0], lz[len(lz)-1])
	}
	// The poorest account holds 0.01 of 10537.355.
	if got, want := lz[1].Y, 0.01/10537.355; got < want*0.999999 || got > want*1.000001 {
		t.Errorf("Lorenz[1].Y = %v, want %v", got, want)
	}
}

// TestFixtureSummary: the segment summary of the fixture, by hand from the
// expected table above (medians of an even count are the mean of the two
// middle values).
func TestFixtureSummary(t *testing.T) {
	a, err := segmentation.AggregateSlice(fixtureTransactions(), segmentation.Options{AsOf: fixtureAsOf, Kind: account.TransactionRevenue})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := segmentation.Score(a, segmentation.Scoring{Segments: segmentation.ElevenSegments()})
	if err != nil {
		t.Fatal(err)
	}
	type line struct {
		Segment          string
		Accounts         int
		Monetary         string
		MedianR, MedianF string
	}
	var got []line
	for _, s := range tab.Summary() {
		got = append(got, line{s.Segment, s.Accounts, s.Monetary.AmountString(), s.MedianRecency.String(), s.MedianFrequency.String()})
		if s.Segment == segmentation.Champions {
			if s.AccountShare != 5.0/22 || strconv.FormatFloat(s.MonetaryShare, 'f', 9, 64) != strconv.FormatFloat(4500/10517.355, 'f', 9, 64) {
				t.Errorf("Champions shares %v %v", s.AccountShare, s.MonetaryShare)
			}
		}
	}
	want := []line{
		{segmentation.Champions, 5, "4500.000", "10", "8"},
		{segmentation.LoyalCustomers, 3, "2100.000", "45", "4"},
		{segmentation.PotentialLoyalist, 2, "150.000", "20", "5.5"},
		{segmentation.NewCustomers, 0, "0.000", "0", "0"},
		{segmentation.Promising, 0, "0.000", "0", "0"},
		{segmentation.NeedAttention, 5, "2700.000", "90", "2"},
		{segmentation.AboutToSleep, 2, "375.000", "135", "1.5"},
		{segmentation.AtRisk, 0, "0.000", "0", "0"},
		{segmentation.CantLoseThem, 0, "0.000", "0", "0"},
		{segmentation.Hibernating, 3, "700.010", "270", "1"},
		{segmentation.Lost, 2, "-7.655", "317.5", "1"},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("summary (-got +want):\n%s", diff)
	}
}

// Concentration per ultimate parent: subsidiaries roll up into their
// global account before the analysis.
func TestByUltimateParent(t *testing.T) {
	h, err := account.NewHierarchy([]account.Account{
		{ID: "acme", Name: "Acme"}, {ID: "acme-nz", Name: "Acme NZ", Parent: "acme"}, {ID: "acme-au", Name: "Acme AU", Parent: "acme"},
		{ID: "globex", Name: "Globex"}, {ID: "initech", Name: "Initech"},
	})
	if err != nil {
		t.Fatal(err)
	}
	roots, err := segmentation.ByUltimateParent(h, map[account.ID]account.Money{
		"acme-nz": usd("30"), "acme-au": usd("20"), "acme": usd("5"), "globex": usd("40"), "initech": usd("5"),
	})
	if err != nil {
		t.Fatal(err)
	}
	p, err := segmentation.NewPareto(roots)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, s := range p.Shares() {
		got = append(got, fmt.Sprintf("%s %s %.2f", s.Account, s.Value.AmountString(), s.Share))
	}
	if want := []string{"acme 55.00 0.55", "globex 40.00 0.40", "initech 5.00 0.05"}; !cmp.Equal(got, want) {
		t.Errorf("shares %v, want %v", got, want)
	}
	_, err = segmentation.ByUltimateParent(h, map[account.ID]account.Money{"nobody": usd("1")})
	if !errors.Is(err, account.ErrNotFound) {
		t.Errorf("unknown account: %v, want ErrNotFound", err)
	}
}

// Each zero ABC cut-off takes its own default: a zero A means 0.80 and a
// zero B means 0.95, whatever the other is.
func TestABCDefaultsEachCut(t *testing.T) {
	vals := make(map[account.ID]account.Money)
	for _, w := range fixtureWant {
		if w.id != "A20" {
			vals[account.ID(w.id)] = usd(w.monetary)
		}
	}
	p, err := segmentation.NewPareto(vals)
	if err != nil {
		t.Fatal(err)
	}
	d := decimal.RequireFromString
	for _, c := range []struct {
		given, full segmentation.ABCCuts
	}{
		{segmentation.ABCCuts{A: d("0.7")}, segmentation.ABCCuts{A: d("0.7"), B: d("0.95")}},
		{segmentation.ABCCuts{B: d("0.9")}, segmentation.ABCCuts{A: d("0.8"), B: d("0.9")}},
		{segmentation.ABCCuts{}, segmentation.ABCCuts{A: d("0.8"), B: d("0.95")}},
	} {
		got, err := p.ABC(c.given)
		if err != nil {
			t.Errorf("ABC(A %v, B %v): %v", c.given.A, c.given.B, err)
			continue
		}
		want, err := p.ABC(c.full)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Cuts.A.Equal(c.full.A) || !got.Cuts.B.Equal(c.full.B) || got.Accounts != want.Accounts {
			t.Errorf("ABC(A %v, B %v): cuts %v, %v and counts %v; want %v, %v and %v",
				c.given.A, c.given.B, got.Cuts.A, got.Cuts.B, got.Accounts, c.full.A, c.full.B, want.Accounts)
		}
	}
}

// A tie that spans several Ordinal bins is reported at every boundary it
// crosses, in each dimension: ten equal accounts in five bins make four
// split ties per dimension (monetary values in cents, and held as
// decimals).
func TestSplitTieSpanningBins(t *testing.T) {
	for _, amount := range []string{"10.00", "10.005"} {
		var txs []account.Transaction
		for i := range 10 {
			txs = append(txs, account.Transaction{ID: account.TransactionID(fmt.Sprint("T", i)), Account: account.ID(fmt.Sprint("A", i)),
				At: fixtureAsOf.AddDate(0, 0, -3), Amount: usd(amount), Kind: account.TransactionRevenue})
		}
		a, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: fixtureAsOf})
		if err != nil {
			t.Fatal(err)
		}
		tab, err := segmentation.Score(a, segmentation.Scoring{})
		if err != nil {
			t.Fatal(err)
		}
		var want []segmentation.Warning
		for _, d := range []string{"recency", "frequency", "monetary"} {
			for s := 1; s <= 4; s++ {
				want = append(want, segmentation.Warning{Dimension: d, Kind: segmentation.WarningSplitTie, Score: s, Count: 2})
			}
		}
		if diff := cmp.Diff(tab.Warnings(), want); diff != "" {
			t.Errorf("amounts %s: warnings (-got +want):\n%s", amount, diff)
		}
	}
}
