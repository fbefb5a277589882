package review_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func recBudget() review.Budget {
	return review.Budget{Account: "acme", Year: 2026, StartMonth: time.April, Kind: account.TransactionCost,
		Amount: nzd("NZD 1200"), Split: review.SplitMonthly,
		Periods: []account.Money{nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100"),
			nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100"), nzd("NZD 100")},
		Threshold: decimal.RequireFromString("0.1")}
}

func TestBudgetValidate(t *testing.T) {
	d := func(y int, m time.Month, day int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: day} }
	for _, c := range []struct {
		name   string
		change func(*review.Budget)
		want   []string
	}{
		{"valid", func(*review.Budget) {}, nil},
		{"no account", func(b *review.Budget) { b.Account = "" }, []string{"Budget.Account"}},
		{"year below", func(b *review.Budget) { b.Year = calendar.MinYear - 1 }, []string{"Budget.Year"}},
		{"year at the minimum", func(b *review.Budget) { b.Year = calendar.MinYear }, nil},
		{"year at the maximum", func(b *review.Budget) { b.Year = calendar.MaxYear }, nil},
		{"year above", func(b *review.Budget) { b.Year = calendar.MaxYear + 1 }, []string{"Budget.Year"}},
		{"start month -1", func(b *review.Budget) { b.StartMonth = -1 }, []string{"Budget.StartMonth"}},
		{"start month 0", func(b *review.Budget) { b.StartMonth = 0 }, nil},
		{"start month 12", func(b *review.Budget) { b.StartMonth = 12 }, nil},
		{"start month 13", func(b *review.Budget) { b.StartMonth = 13 }, []string{"Budget.StartMonth"}},
		{"kind 0", func(b *review.Budget) { b.Kind = 0 }, []string{"Budget.Kind"}},
		{"kind 3", func(b *review.Budget) { b.Kind = 3 }, []string{"Budget.Kind"}},
		{"no amount", func(b *review.Budget) { b.Amount, b.Split, b.Periods = account.Money{}, 0, nil }, []string{"Budget.Amount"}},
		{"negative amount", func(b *review.Budget) { b.Amount, b.Split, b.Periods = nzd("NZD -0.01"), 0, nil }, []string{"Budget.Amount"}},
		{"zero amount", func(b *review.Budget) { b.Amount, b.Split, b.Periods = nzd("NZD 0"), 0, nil }, nil},
		{"split 3", func(b *review.Budget) { b.Split = 3 }, []string{"Budget.Split"}},
		{"annual with periods", func(b *review.Budget) { b.Split = review.SplitAnnual }, []string{"Budget.Periods"}},
		{"quarterly with 12 periods", func(b *review.Budget) { b.Split = review.SplitQuarterly }, []string{"Budget.Periods"}},
		{"monthly with 11 periods", func(b *review.Budget) { b.Periods = b.Periods[:11] }, []string{"Budget.Periods"}},
		{"periods not summing", func(b *review.Budget) { b.Periods[3] = nzd("NZD 100.01") }, []string{"Budget.Periods"}},
		{"a period in another currency", func(b *review.Budget) { b.Periods[2] = nzd("AUD 100") }, []string{"Budget.Periods[2]"}},
		{"a negative period", func(b *review.Budget) { b.Periods[0], b.Periods[1] = nzd("NZD -1"), nzd("NZD 201") }, []string{"Budget.Periods[0]"}},
		{"from the year's first day", func(b *review.Budget) { b.From = d(2026, 4, 1) }, nil},
		{"from the day before", func(b *review.Budget) { b.From = d(2026, 3, 31) }, []string{"Budget.From"}},
		{"from the year's last day", func(b *review.Budget) {
			b.From = d(2027, 3, 31)
			b.Periods = make([]account.Money, 12)
			for i := range b.Periods {
				b.Periods[i] = nzd("NZD 0")
			}
			b.Periods[11] = nzd("NZD 1200")
		}, nil},
		{"from the day after", func(b *review.Budget) { b.From = d(2027, 4, 1) }, []string{"Budget.From"}},
		{"from an invalid date", func(b *review.Budget) { b.From = d(2026, 6, 31) }, []string{"Budget.From"}},
		{"a period before From", func(b *review.Budget) { b.From = d(2026, 5, 1) }, []string{"Budget.Periods[0]"}},
		{"the period From falls in", func(b *review.Budget) {
			b.From = d(2026, 4, 30)
		}, nil},
		{"negative threshold", func(b *review.Budget) { b.Threshold = decimal.RequireFromString("-0.0001") }, []string{"Budget.Threshold"}},
		{"zero threshold", func(b *review.Budget) { b.Threshold = decimal.Zero }, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := recBudget()
			c.change(&b)
			recWantFields(t, "Validate", b.Validate(), c.want...)
		})
	}
	b := recBudget()
	b.Periods[2] = nzd("AUD 100")
	if err := b.Validate(); !errors.Is(err, review.ErrCurrencyMismatch) || !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("a period in another currency: error %v, want ErrCurrencyMismatch", err)
	}
}

func TestBudgetYear(t *testing.T) {
	for _, c := range []struct {
		start      time.Month
		first, end string
	}{{0, "2026-01-01", "2026-12-31"}, {1, "2026-01-01", "2026-12-31"}, {4, "2026-04-01", "2027-03-31"}, {7, "2026-07-01", "2027-06-30"}, {12, "2026-12-01", "2027-11-30"}} {
		b := review.Budget{Year: 2026, StartMonth: c.start}
		if b.Start().String() != c.first || b.End().String() != c.end {
			t.Errorf("StartMonth %d: %v to %v, want %s to %s", c.start, b.Start(), b.End(), c.first, c.end)
		}
	}
}

func recCost(id string, at time.Time, amount string) account.Transaction {
	return account.Transaction{ID: account.TransactionID(id), Account: "acme", At: at, Amount: nzd(amount), Kind: account.TransactionCost}
}

func TestBudgetStatus(t *testing.T) {
	utc := func(y int, m time.Month, d, h int) time.Time { return time.Date(y, m, d, h, 0, 0, 0, time.UTC) }
	txs := []account.Transaction{
		recCost("before", utc(2026, 3, 31, 23), "NZD 1000"), // before the fiscal year
		recCost("c1", utc(2026, 4, 1, 0), "NZD 150"),
		recCost("c2", utc(2026, 5, 31, 23), "NZD 50.5"),
		recCost("after", utc(2026, 6, 1, 0), "NZD 70"),                                                                // the day after asOf
		{ID: "rev", Account: "acme", At: utc(2026, 4, 5, 0), Amount: nzd("USD 9"), Kind: account.TransactionRevenue},  // another kind
		{ID: "other", Account: "globex", At: utc(2026, 4, 5, 0), Amount: nzd("USD 9"), Kind: account.TransactionCost}, // another account
	}
	b := recBudget()
	s, err := b.Status(calendar.Date{Year: 2026, Month: 5, Day: 31}, nil, recSeq(txs, nil))
	if err != nil {
		t.Fatal(err)
	}
	// 61 days of 365 gone; 200.5 spent; the run rate adds 200.5 * 304/61.
	want := review.BudgetStatus{Account: "acme", Kind: account.TransactionCost,
		From: calendar.Date{Year: 2026, Month: 4, Day: 1}, Through: calendar.Date{Year: 2026, Month: 5, Day: 31}, End: calendar.Date{Year: 2027, Month: 3, Day: 31},
		Budget: nzd("NZD 1200"), BudgetToDate: nzd("NZD 200"), Actual: nzd("NZD 200.5"),
		Consumption: decimal.RequireFromString("0.1671"), Forecast: nzd("NZD 1199.71"), Variance: nzd("NZD -0.29"),
		Flag: review.BudgetOnTrack, Elapsed: 61, Days: 365}
	if d := cmp.Diff(s, want); d != "" {
		t.Errorf("Status (-got +want):\n%s", d)
	}
	// In New Zealand, 31 May 23:00 UTC is 1 June, after the day (c2 drops
	// out), and 31 March 23:00 UTC is 1 April, in the year ("before" counts).
	s, err = b.Status(calendar.Date{Year: 2026, Month: 5, Day: 31}, time.FixedZone("NZST", 12*3600), recSeq(txs, nil))
	if err != nil || !s.Actual.Equal(nzd("NZD 1150")) {
		t.Errorf("in NZST: actual %v, %v; want NZD 1150", s.Actual, err)
	}
	// Mid-month, the month's budget counts by its days: 15 of 30 in April.
	s, _ = b.Status(calendar.Date{Year: 2026, Month: 4, Day: 15}, nil, nil)
	if !s.BudgetToDate.Equal(nzd("NZD 50")) || !s.Forecast.Equal(nzd("NZD 0")) || s.Flag != review.BudgetUnder {
		t.Errorf("15 April: %+v", s)
	}
	// After the year, the year's last day counts.
	s, _ = b.Status(calendar.Date{Year: 2030, Month: 1, Day: 1}, nil, recSeq(txs, nil))
	if s.Through != b.End() || !s.Forecast.Equal(s.Actual) || !s.BudgetToDate.Equal(b.Amount) {
		t.Errorf("after the year: %+v", s)
	}

	_, err = b.Status(calendar.Date{Year: 2026, Month: 3, Day: 31}, nil, nil)
	recWantFields(t, "asOf before the year", err, "Budget.asOf")
	_, err = b.Status(calendar.Date{Year: 2026, Month: 4, Day: 31}, nil, nil)
	recWantFields(t, "invalid asOf", err, "Budget.asOf")
	if _, err := b.Status(calendar.Date{Year: 2026, Month: 4, Day: 1}, nil, nil); err != nil {
		t.Errorf("asOf the first day: %v", err)
	}
	bad := b
	bad.Account = ""
	_, err = bad.Status(calendar.Date{Year: 2026, Month: 5, Day: 1}, nil, nil)
	recWantFields(t, "invalid budget", err, "Budget.Account")

	// A budget in another currency than its actuals.
	usd := []account.Transaction{recCost("u1", utc(2026, 4, 2, 0), "USD 10")}
	_, err = b.Status(calendar.Date{Year: 2026, Month: 5, Day: 1}, nil, recSeq(usd, nil))
	recWantFields(t, "actuals in USD", err, "Transaction.Amount")
	if !errors.Is(err, review.ErrCurrencyMismatch) {
		t.Errorf("actuals in USD: error %v, want ErrCurrencyMismatch", err)
	}
	boom := errors.New("boom")
	if _, err := b.Status(calendar.Date{Year: 2026, Month: 5, Day: 1}, nil, recSeq(txs, boom)); err != boom {
		t.Errorf("the sequence's error: got %v", err)
	}
}

func TestBudgetFlagThreshold(t *testing.T) {
	// Annual budget NZD 365 over 2026: one dollar a day; at the year's end the
	// forecast is the actual, so the variance is actual - 365.
	b := review.Budget{Account: "acme", Year: 2026, Kind: account.TransactionCost, Amount: nzd("NZD 365"), Threshold: decimal.RequireFromString("0.1")}
	end := b.End()
	for _, c := range []struct {
		spent string
		want  review.BudgetFlag
	}{
		{"NZD 401.5", review.BudgetOnTrack}, // exactly 10% over
		{"NZD 401.51", review.BudgetOver},
		{"NZD 328.5", review.BudgetOnTrack}, // exactly 10% under
		{"NZD 328.49", review.BudgetUnder},
	} {
		s, err := b.Status(end, nil, recSeq([]account.Transaction{recCost("c", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), c.spent)}, nil))
		if err != nil || s.Flag != c.want {
			t.Errorf("spent %s: flag %v, %v; want %v", c.spent, s.Flag, err, c.want)
		}
	}
	// Mid-year the annual budget accrues by the day: 181 of 365 days by 30 June.
	s, _ := b.Status(calendar.Date{Year: 2026, Month: 6, Day: 30}, nil, nil)
	if !s.BudgetToDate.Equal(nzd("NZD 181")) {
		t.Errorf("budget to 30 June: %v, want NZD 181", s.BudgetToDate)
	}
	// A zero budget: any spend is over, none is on track.
	zero := b
	zero.Amount = nzd("NZD 0")
	if s, _ := zero.Status(end, nil, nil); s.Flag != review.BudgetOnTrack || !s.Consumption.IsZero() {
		t.Errorf("zero budget, no spend: %+v", s)
	}
	if s, _ := zero.Status(end, nil, recSeq([]account.Transaction{recCost("c", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), "NZD 0.01")}, nil)); s.Flag != review.BudgetOver {
		t.Errorf("zero budget, some spend: %v", s.Flag)
	}
}

func TestBudgetPartialYear(t *testing.T) {
	// An account that started on 15 March of a calendar-year budget, split
	// by quarter: Q1's budget is spread over its 17 days from From.
	b := review.Budget{Account: "acme", Year: 2026, Kind: account.TransactionCost, Amount: nzd("NZD 1000"), Split: review.SplitQuarterly,
		Periods: []account.Money{nzd("NZD 170"), nzd("NZD 310"), nzd("NZD 260"), nzd("NZD 260")},
		From:    calendar.Date{Year: 2026, Month: 3, Day: 15}}
	txs := []account.Transaction{
		recCost("early", time.Date(2026, 3, 14, 12, 0, 0, 0, time.UTC), "NZD 999"), // before From
		recCost("c1", time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC), "NZD 17"),
	}
	s, err := b.Status(calendar.Date{Year: 2026, Month: 3, Day: 24}, nil, recSeq(txs, nil))
	if err != nil {
		t.Fatal(err)
	}
	if s.Elapsed != 10 || s.Days != 292 || !s.Actual.Equal(nzd("NZD 17")) || !s.BudgetToDate.Equal(nzd("NZD 100")) || !s.Forecast.Equal(nzd("NZD 496.4")) {
		t.Errorf("10 days in: %+v", s)
	}
	_, err = b.Status(calendar.Date{Year: 2026, Month: 3, Day: 14}, nil, nil)
	recWantFields(t, "asOf before From", err, "Budget.asOf")
}

// The budget forecast equals the actuals at the year's end, whatever the
// fiscal year, split, partial start and transactions; before it, the
// forecast never falls short of the actuals when the spend is positive.
func TestBudgetForecastAtYearEnd(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b := review.Budget{Account: "acme", Year: rapid.IntRange(2000, 2030).Draw(t, "year"),
			StartMonth: time.Month(rapid.IntRange(0, 12).Draw(t, "start month")), Kind: account.TransactionCost,
			Amount: nzd(fmt.Sprint("NZD ", rapid.IntRange(0, 1e6).Draw(t, "amount"))),
			Split:  review.Split(rapid.IntRange(0, 2).Draw(t, "split"))}
		if rapid.Bool().Draw(t, "partial") {
			b.From = b.Start().AddDays(rapid.IntRange(0, 364).Draw(t, "from"))
		}
		if n := map[review.Split]int{review.SplitMonthly: 12, review.SplitQuarterly: 4}[b.Split]; n > 0 {
			// Everything in the last period, which always covers From.
			for range n - 1 {
				b.Periods = append(b.Periods, nzd("NZD 0"))
			}
			b.Periods = append(b.Periods, b.Amount)
		}
		loc := time.FixedZone("z", 3600*rapid.IntRange(-12, 14).Draw(t, "zone"))
		start := time.Date(b.Start().Year, b.Start().Month, b.Start().Day, 0, 0, 0, 0, loc)
		var txs []account.Transaction
		for i := range rapid.IntRange(0, 20).Draw(t, "txs") {
			at := start.Add(time.Duration(rapid.IntRange(-24, 400*24).Draw(t, "hour")) * time.Hour)
			cents := rapid.IntRange(-1000, 100000).Draw(t, "cents")
			txs = append(txs, recCost(fmt.Sprint("t", i), at, fmt.Sprintf("NZD %d.%02d", cents/100, abs(cents%100))))
		}
		end, err := b.Status(b.End(), loc, recSeq(txs, nil))
		if err != nil {
			t.Fatal(err)
		}
		if !end.Forecast.Equal(end.Actual) {
			t.Fatalf("at the year's end the forecast is %v, the actuals %v", end.Forecast, end.Actual)
		}
		if v, _ := end.Actual.Sub(b.Amount); !end.Variance.Equal(v) {
			t.Fatalf("variance %v, want %v", end.Variance, v)
		}
		if !end.BudgetToDate.Equal(b.Amount) {
			t.Fatalf("at the year's end the budget to date is %v, want all of %v", end.BudgetToDate, b.Amount)
		}
		// The actuals equal the sum of the transactions in the covered days.
		first := b.Start()
		if !b.From.IsZero() {
			first = b.From
		}
		from := time.Date(first.Year, first.Month, first.Day, 0, 0, 0, 0, loc)
		endDay := b.End().AddDays(1)
		to := time.Date(endDay.Year, endDay.Month, endDay.Day, 0, 0, 0, 0, loc)
		want := nzd("NZD 0")
		for _, tx := range txs {
			if !tx.At.Before(from) && tx.At.Before(to) {
				want, _ = want.Add(tx.Amount)
			}
		}
		if !end.Actual.Equal(want) {
			t.Fatalf("actuals %v, want %v", end.Actual, want)
		}
		mid := first.AddDays(rapid.IntRange(0, end.Days-1).Draw(t, "mid"))
		s, err := b.Status(mid, loc, recSeq(txs, nil))
		if err != nil {
			t.Fatal(err)
		}
		if c, _ := s.Forecast.Cmp(s.Actual); s.Actual.Sign() > 0 && c < 0 {
			t.Fatalf("on %v the forecast %v is below the actuals %v", mid, s.Forecast, s.Actual)
		}
		if c, _ := s.BudgetToDate.Cmp(b.Amount); c > 0 {
			t.Fatalf("on %v the budget to date %v exceeds the budget %v", mid, s.BudgetToDate, b.Amount)
		}
	})
}

func abs(n int) int { return max(n, -n) }

// A budget rounds its figures to its currency's minor unit: none for the
// yen, three places for the Bahraini dinar, and eight for gold, which has
// no minor unit.
func TestBudgetRoundsToMinorUnit(t *testing.T) {
	// An annual budget of 1000 over 2026, 7 spent by 3 January: the budget to
	// date is 1000 * 3/365 = 8.21917808..., the forecast 7 + 7 * 362/3 =
	// 851.666...
	for _, c := range []struct {
		cur              string
		toDate, forecast string
	}{
		{"JPY", "8", "852"},
		{"NZD", "8.22", "851.67"},
		{"BHD", "8.219", "851.667"},
		{"XAU", "8.21917808", "851.66666667"},
	} {
		b := review.Budget{Account: "acme", Year: 2026, Kind: account.TransactionCost, Amount: nzd(c.cur + " 1000")}
		spend := []account.Transaction{{ID: "c", Account: "acme", At: time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC),
			Amount: nzd(c.cur + " 7"), Kind: account.TransactionCost}}
		s, err := b.Status(calendar.Date{Year: 2026, Month: 1, Day: 3}, nil, recSeq(spend, nil))
		if err != nil {
			t.Fatalf("%s: %v", c.cur, err)
		}
		got := []string{s.BudgetToDate.String(), s.Forecast.String()}
		want := []string{c.cur + " " + c.toDate, c.cur + " " + c.forecast}
		if d := cmp.Diff(got, want); d != "" {
			t.Errorf("%s: budget to date, forecast (-got +want):\n%s", c.cur, d)
		}
	}
}
