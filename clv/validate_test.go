package clv

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// fieldOf returns the Field of the first *account.FieldError in err.
func fieldOf(t *testing.T, err error) string {
	t.Helper()
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is not a FieldError", err)
	}
	return fe.Field
}

func TestSummaryValidate(t *testing.T) {
	day := 24 * time.Hour
	ok := Summary{ID: "A1", Unit: UnitDay, Repeats: 2, Last: 5 * day, Age: 10 * day}
	usd := account.MustParseMoney("USD 10.00")
	eur := account.MustParseMoney("EUR 10.00")
	_ = eur
	tests := []struct {
		name  string
		edit  func(*Summary)
		field string // "" for valid
	}{
		{"valid", func(*Summary) {}, ""},
		{"no ID", func(s *Summary) { s.ID = "" }, ""},
		{"bad ID", func(s *Summary) { s.ID = " x" }, "ID"},
		{"zero unit", func(s *Summary) { s.Unit = 0 }, "Unit"},
		{"unknown unit", func(s *Summary) { s.Unit = 3 }, "Unit"},
		{"week", func(s *Summary) { s.Unit = UnitWeek }, ""},
		{"negative count", func(s *Summary) { s.Repeats = -1 }, "Repeats"},
		{"max count", func(s *Summary) { s.Repeats = MaxRepeats }, ""},
		{"count over max", func(s *Summary) { s.Repeats = MaxRepeats + 1 }, "Repeats"},
		{"t_x after T", func(s *Summary) { s.Last = s.Age + 1 }, "Last"},
		{"t_x at T", func(s *Summary) { s.Last = s.Age }, ""},
		{"negative t_x", func(s *Summary) { s.Last = -1 }, "Last"},
		{"t_x zero with repeats", func(s *Summary) { s.Last = 0 }, "Last"},
		{"t_x one tick", func(s *Summary) { s.Last = 1 }, ""},
		{"t_x without repeats", func(s *Summary) { s.Repeats = 0 }, "Last"},
		{"no repeats", func(s *Summary) { s.Repeats, s.Last = 0, 0 }, ""},
		{"negative age", func(s *Summary) { s.Age, s.Last = -1, 0; s.Repeats = 0 }, "Age"},
		{"zero age", func(s *Summary) { s.Age, s.Last, s.Repeats = 0, 0, 0 }, ""},
		{"max age", func(s *Summary) { s.Age = MaxAge }, ""},
		{"age over max", func(s *Summary) { s.Age = MaxAge + 1 }, "Age"},
		{"mean value", func(s *Summary) { s.MeanValue = usd }, ""},
		{"mean value without repeats", func(s *Summary) { s.Repeats, s.Last, s.MeanValue = 0, 0, usd }, "MeanValue"},
		{"holdout repeats", func(s *Summary) { s.Holdout, s.HoldoutRepeats = day, 3 }, ""},
		{"holdout repeats without holdout", func(s *Summary) { s.HoldoutRepeats = 1 }, "HoldoutRepeats"},
		{"negative holdout repeats", func(s *Summary) { s.Holdout, s.HoldoutRepeats = day, -1 }, "HoldoutRepeats"},
		{"max holdout repeats", func(s *Summary) { s.Holdout, s.HoldoutRepeats = day, MaxRepeats }, ""},
		{"holdout repeats over max", func(s *Summary) { s.Holdout, s.HoldoutRepeats = day, MaxRepeats+1 }, "HoldoutRepeats"},
		{"negative holdout", func(s *Summary) { s.Holdout = -1 }, "Holdout"},
		{"max holdout", func(s *Summary) { s.Holdout = MaxAge }, ""},
		{"holdout over max", func(s *Summary) { s.Holdout = MaxAge + 1 }, "Holdout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ok
			tt.edit(&s)
			err := s.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("Validate() = %v, want ErrInvalid", err)
			}
			if got := fieldOf(t, err); got != tt.field {
				t.Fatalf("field %q, want %q (%v)", got, tt.field, err)
			}
		})
	}
}

func TestGroupsErrors(t *testing.T) {
	day := 24 * time.Hour
	s := []Summary{{Unit: UnitDay, Age: day}, {Unit: UnitWeek, Age: day}}
	_, err := Groups(s)
	if got := fieldOf(t, err); got != "[1].Unit" {
		t.Fatalf("mixed units: field %q (%v)", got, err)
	}
	_, err = Groups([]Summary{{Unit: UnitDay, Age: day}, {Unit: UnitDay, Repeats: -1, Age: day}})
	if got := fieldOf(t, err); got != "[1].Repeats" {
		t.Fatalf("negative count: field %q (%v)", got, err)
	}
	g, err := Groups([]Summary{{Unit: UnitDay, Age: 2 * day}, {Unit: UnitDay, Age: day}, {Unit: UnitDay, Age: 2 * day}})
	want := []Group{{Unit: UnitDay, Age: day, Weight: 1}, {Unit: UnitDay, Age: 2 * day, Weight: 2}}
	if diff := cmp.Diff(want, g); diff != "" || err != nil {
		t.Fatalf("Groups (-want +got):\n%s%v", diff, err)
	}
}

func TestFitErrors(t *testing.T) {
	day := 24 * time.Hour
	few := []Group{{Unit: UnitDay, Age: day, Weight: MinAccounts - 1}}
	for name, fit := range map[string]func([]Group, FitOptions) error{
		"BG/NBD":     func(g []Group, o FitOptions) error { _, err := FitBGNBD(g, o); return err },
		"Pareto/NBD": func(g []Group, o FitOptions) error { _, err := FitParetoNBD(g, o); return err },
	} {
		if err := fit(few, FitOptions{}); !errors.Is(err, ErrTooFew) || !errors.Is(err, ErrInvalid) {
			t.Errorf("%s on %d accounts: %v, want ErrTooFew", name, MinAccounts-1, err)
		}
		if err := fit([]Group{{Unit: UnitDay, Age: day, Weight: 0}}, FitOptions{}); fieldOf(t, err) != "[0].Weight" {
			t.Errorf("%s weight 0: %v", name, err)
		}
		if err := fit([]Group{{Unit: UnitDay, Age: day, Weight: MaxWeight + 1}}, FitOptions{}); fieldOf(t, err) != "[0].Weight" {
			t.Errorf("%s weight over max: %v", name, err)
		}
		if err := fit([]Group{{Unit: UnitDay, Age: day, Weight: MaxWeight}, {Unit: UnitDay, Age: 2 * day, Weight: 1}}, FitOptions{}); fieldOf(t, err) != "Weight" {
			t.Errorf("%s total weight over max: %v", name, err)
		}
		if err := fit([]Group{{Unit: UnitDay, Age: day, Weight: 20}, {Unit: UnitWeek, Age: day, Weight: 1}}, FitOptions{}); fieldOf(t, err) != "[1].Unit" {
			t.Errorf("%s mixed units: %v", name, err)
		}
		for _, o := range []FitOptions{{Penalty: -1e-9}, {Penalty: 100.0001}, {Penalty: math.NaN()}, {MaxIterations: -1}, {MaxIterations: 10001}} {
			if err := fit(few, o); !errors.Is(err, ErrInvalid) || errors.Is(err, ErrTooFew) {
				t.Errorf("%s options %+v: %v", name, o, err)
			}
		}
	}
	// At the edges of the options, and with exactly MinAccounts accounts,
	// the fit runs: it converges or fails with a FitError, never invalid.
	data := []Group{{Unit: UnitDay, Age: 10 * day, Weight: 5}, {Unit: UnitDay, Repeats: 2, Last: 5 * day, Age: 10 * day, Weight: 5}}
	for _, o := range []FitOptions{{Penalty: 0}, {Penalty: 100}, {MaxIterations: 10000}, {MaxIterations: 1}} {
		_, err := FitBGNBD(data, o)
		if errors.Is(err, ErrInvalid) {
			t.Errorf("options %+v: %v", o, err)
		}
	}
}

func TestFitGammaGammaErrors(t *testing.T) {
	day := 24 * time.Hour
	var s []Summary
	for i := range MinAccounts {
		s = append(s, Summary{Unit: UnitDay, Repeats: 1 + i%3, Last: day, Age: 2 * day, MeanValue: mustMoney(t, 5+i, "USD")})
	}
	if _, err := FitGammaGamma(s[:MinAccounts-1], FitOptions{}); !errors.Is(err, ErrTooFew) {
		t.Errorf("too few: %v", err)
	}
	mixed := append([]Summary(nil), s...)
	mixed[3].MeanValue = mustMoney(t, 5, "EUR")
	_, err := FitGammaGamma(mixed, FitOptions{})
	if !errors.Is(err, account.ErrCurrencyMismatch) || !errors.Is(err, ErrInvalid) || fieldOf(t, err) != "[3].MeanValue" {
		t.Errorf("mixed currencies: %v", err)
	}
	zero := append([]Summary(nil), s...)
	zero[2].MeanValue = mustMoney(t, 0, "USD")
	if _, err := FitGammaGamma(zero, FitOptions{}); fieldOf(t, err) != "[2].MeanValue" {
		t.Errorf("zero mean value: %v", err)
	}
	if _, err := FitGammaGamma(s, FitOptions{Penalty: -1}); fieldOf(t, err) != "Penalty" {
		t.Errorf("bad options: %v", err)
	}
}

func TestModelValidate(t *testing.T) {
	for _, v := range []float64{0, -1, math.Inf(1), math.NaN()} {
		if err := (BGNBD{R: v, Alpha: 1, A: 1, B: 1}).Validate(); fieldOf(t, err) != "R" {
			t.Errorf("BGNBD R=%v: %v", v, err)
		}
		if err := (ParetoNBD{R: 1, Alpha: 1, S: 1, Beta: v}).Validate(); fieldOf(t, err) != "Beta" {
			t.Errorf("ParetoNBD Beta=%v: %v", v, err)
		}
		if err := (GammaGamma{P: 1, Q: v, Gamma: 1}).Validate(); fieldOf(t, err) != "Q" {
			t.Errorf("GammaGamma Q=%v: %v", v, err)
		}
	}
	if err := (BGNBD{R: math.SmallestNonzeroFloat64, Alpha: math.MaxFloat64, A: 1, B: 1}).Validate(); err != nil {
		t.Errorf("edges: %v", err)
	}
}

func TestPredictionErrors(t *testing.T) {
	day := 24 * time.Hour
	m := BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	s := Summary{Unit: UnitWeek, Repeats: 2, Last: 10 * day, Age: 30 * day}
	if _, err := m.ExpectedTransactions(s, -1); fieldOf(t, err) != "Horizon" {
		t.Errorf("negative horizon: %v", err)
	}
	if _, err := m.ExpectedTransactions(s, MaxAge+1); fieldOf(t, err) != "Horizon" {
		t.Errorf("horizon over max: %v", err)
	}
	if e, err := m.ExpectedTransactions(s, MaxAge); err != nil || !(e > 0) {
		t.Errorf("max horizon: %v, %v", e, err)
	}
	if e, err := m.ExpectedTransactions(s, 0); err != nil || e != 0 {
		t.Errorf("zero horizon: %v, %v", e, err)
	}
	if _, err := m.ProbabilityTransactions(s, day, -1); fieldOf(t, err) != "Transactions" {
		t.Errorf("k -1: %v", err)
	}
	if _, err := m.ProbabilityTransactions(s, day, MaxRepeats+1); fieldOf(t, err) != "Transactions" {
		t.Errorf("k over max: %v", err)
	}
	bad := s
	bad.Last = bad.Age + 1
	if _, err := m.ProbabilityActive(bad); fieldOf(t, err) != "Last" {
		t.Errorf("t_x > T: %v", err)
	}
	if _, err := Predict(m, []Summary{s, bad}, day); fieldOf(t, err) != "[1].Last" {
		t.Errorf("Predict t_x > T: %v", err)
	}
	if _, err := Compare(m, []Summary{s}, 0); fieldOf(t, err) != "MaxRepeats" {
		t.Errorf("Compare 0: %v", err)
	}
	if _, err := Compare(m, []Summary{s}, 1001); fieldOf(t, err) != "MaxRepeats" {
		t.Errorf("Compare 1001: %v", err)
	}
	if rows, err := Compare(m, []Summary{s}, 1000); err != nil || len(rows) != 1 {
		t.Errorf("Compare 1000: %v, %v", rows, err)
	}
	if rows, err := Compare(m, []Summary{s}, 1); err != nil || len(rows) != 1 || !rows[0].AndMore {
		t.Errorf("Compare 1: %v, %v", rows, err)
	}
}

func TestLifetimeValue(t *testing.T) {
	day := 24 * time.Hour
	m := BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	s := Summary{Unit: UnitWeek, Repeats: 2, Last: 100 * day, Age: 200 * day, MeanValue: account.MustParseMoney("USD 40.00")}
	opts := ValueOptions{Horizon: 365 * day, AnnualDiscount: decimal.RequireFromString("0.1"), Currency: "USD"}
	v, err := LifetimeValue(m, gg, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: the expected transactions in a year times the expected mean
	// value, discounted step by step; no discount gives more.
	e, _ := m.ExpectedTransactions(s, 365*day)
	mean := gg.expectedMean(2, s.MeanValue)
	undiscounted := e * mean
	if f, _ := v.Amount().Float64(); !(f < undiscounted && f > undiscounted/1.1) {
		t.Errorf("value %v, undiscounted %.2f", v, undiscounted)
	}
	opts.AnnualDiscount = decimal.Zero
	v0, _ := LifetimeValue(m, gg, s, opts)
	want, _ := account.NewMoney(decimal.NewFromFloat(undiscounted), "USD")
	if !v0.Equal(want.RoundBank()) {
		t.Errorf("undiscounted value %v, want %v", v0, want.RoundBank())
	}
	for _, tc := range []struct {
		edit  func(*ValueOptions)
		field string
	}{
		{func(o *ValueOptions) { o.Horizon = 0 }, "Horizon"},
		{func(o *ValueOptions) { o.Horizon = 36525*day + 1 }, "Horizon"},
		{func(o *ValueOptions) { o.Step = -1 }, "Step"},
		{func(o *ValueOptions) { o.Step = o.Horizon/10000 - 1 }, "Step"},
		{func(o *ValueOptions) { o.AnnualDiscount = decimal.RequireFromString("-0.0001") }, "AnnualDiscount"},
		{func(o *ValueOptions) { o.AnnualDiscount = decimal.RequireFromString("10.0001") }, "AnnualDiscount"},
		{func(o *ValueOptions) { o.Currency = "" }, "Currency"},
		{func(o *ValueOptions) { o.Currency = "EUR" }, "MeanValue"},
	} {
		o := opts
		tc.edit(&o)
		if _, err := LifetimeValue(m, gg, s, o); fieldOf(t, err) != tc.field {
			t.Errorf("want field %s: %v", tc.field, err)
		}
	}
	for _, edit := range []func(*ValueOptions){
		func(o *ValueOptions) { o.Horizon = 36525 * day; o.Step = 36525 * day / 10000 },
		func(o *ValueOptions) { o.AnnualDiscount = decimal.NewFromInt(10) },
	} {
		o := opts
		edit(&o)
		if _, err := LifetimeValue(m, gg, s, o); err != nil {
			t.Errorf("edge %+v: %v", o, err)
		}
	}
	if _, err := LifetimeValue(m, GammaGamma{P: 1, Q: 1, Gamma: 1}, s, opts); fieldOf(t, err) != "Q" {
		t.Errorf("q = 1: %v", err)
	}
	if _, err := gg.ExpectedMeanValue(-1, s.MeanValue); fieldOf(t, err) != "Repeats" {
		t.Errorf("x -1: %v", err)
	}
	got, err := gg.ExpectedMeanValue(0, account.MustParseMoney("USD 0"))
	want2, _ := account.NewMoney(decimal.NewFromFloat(gg.P*gg.Gamma/(gg.Q-1)), "USD")
	if err != nil || !got.Equal(want2.RoundBank()) {
		t.Errorf("population mean %v, want %v (%v)", got, want2.RoundBank(), err)
	}
}
