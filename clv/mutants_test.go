package clv

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// The tests of this file pin edges that mutation testing found loose:
// each names the branch it holds.

// checkProbabilities clamps values that rounding left an ulp outside
// [0, 1].
func TestCheckProbabilitiesClamps(t *testing.T) {
	p := []float64{-1e-17, 1 + 1e-15, 0.25}
	if err := checkProbabilities(p); err != nil || p[0] != 0 || p[1] != 1 || p[2] != 0.25 {
		t.Errorf("clamped %v, %v", p, err)
	}
}

// Compare leaves out the rows without accounts, rounds the actual mean
// to 4 places with halves to even, and the predicted mean to 4 places.
func TestCompareRowsAndRounding(t *testing.T) {
	m := BGNBD{0.24, 4.41, 0.79, 2.43}
	var s []Summary
	// 32 accounts with x = 0, one of them with a holdout repeat: a mean
	// of 1/32 = 0.03125, a tie at the fifth place.
	for range 32 {
		s = append(s, Summary{Unit: UnitWeek, Age: 30 * week, Holdout: 10 * week})
	}
	s[1].HoldoutRepeats = 1
	// One account with x = 2; none with x = 1.
	s = append(s, Summary{Unit: UnitWeek, Repeats: 2, Last: 20 * week, Age: 30 * week, Holdout: 10 * week, HoldoutRepeats: 3})
	rows, err := Compare(m, s, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Repeats != 0 || rows[1].Repeats != 2 || rows[0].Accounts != 32 {
		t.Fatalf("rows %+v", rows)
	}
	if got := rows[0].Actual.String(); got != "0.0312" {
		t.Errorf("actual mean 1/32 = %s, want 0.0312 (halves to even)", got)
	}
	e0, _ := m.ExpectedTransactions(s[0], 10*week)
	e2, _ := m.ExpectedTransactions(s[32], 10*week)
	for i, e := range []float64{e0, e2} {
		if want := decimal.NewFromFloat(e).RoundBank(4); !rows[i].Predicted.Equal(want) || rows[i].Predicted.Exponent() != -4 {
			t.Errorf("row %d predicted %s, want %s", i, rows[i].Predicted, want)
		}
	}
}

// An account whose probability of being active equals the threshold is
// not below it: not at risk. A BG/NBD account with x = 1, t_x = T and a
// = b has P(active) = 1/(1 + e⁰) = 0.5 exactly.
func TestAtRiskThresholdIsExclusive(t *testing.T) {
	m := BGNBD{R: 1, Alpha: 1, A: 2, B: 2}
	s := []Summary{{ID: "A1", Unit: UnitDay, Repeats: 1, Last: 10 * 24 * time.Hour, Age: 10 * 24 * time.Hour}}
	if p, _ := m.ProbabilityActive(s[0]); p != 0.5 {
		t.Fatalf("P(active) = %v, want 0.5", p)
	}
	values := map[account.ID]account.Money{"A1": account.MustParseMoney("USD 100.00")}
	list, err := AtRiskList(m, s, values, AtRiskOptions{Threshold: decimal.RequireFromString("0.5")})
	if err != nil || len(list) != 0 {
		t.Errorf("at 0.5 against 0.5: %v, %v", list, err)
	}
	list, err = AtRiskList(m, s, values, AtRiskOptions{Threshold: decimal.RequireFromString("0.5000001")})
	if err != nil || len(list) != 1 {
		t.Errorf("at 0.5 against 0.5000001: %v, %v", list, err)
	}
}

// A MinValue of zero in another currency is not the zero Money: it is
// checked against the values' currency.
func TestAtRiskZeroMinValueInAnotherCurrency(t *testing.T) {
	m := BGNBD{0.24, 4.41, 0.79, 2.43}
	s := []Summary{{ID: "A1", Unit: UnitDay, Age: 10 * 24 * time.Hour}}
	values := map[account.ID]account.Money{"A1": account.MustParseMoney("EUR 100.00")}
	_, err := AtRiskList(m, s, values, AtRiskOptions{Threshold: decimal.RequireFromString("0.5"), MinValue: account.MustParseMoney("USD 0")})
	if !errors.Is(err, account.ErrCurrencyMismatch) || fieldOf(t, err) != "MinValue" {
		t.Errorf("USD 0 against EUR values: %v", err)
	}
}

// An account without a repeat takes the population mean whatever its
// MeanValue says (it may only be a zero amount, in any currency).
func TestLifetimeValueNoRepeatIgnoresMeanValue(t *testing.T) {
	m := BGNBD{0.24, 4.41, 0.79, 2.43}
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	opts := ValueOptions{Horizon: 365 * 24 * time.Hour, Currency: "EUR"}
	s := Summary{Unit: UnitWeek, Age: 20 * week}
	want, err := LifetimeValue(m, gg, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	s.MeanValue = account.MustParseMoney("USD 0")
	got, err := LifetimeValue(m, gg, s, opts)
	if err != nil || !got.Equal(want) {
		t.Errorf("with MeanValue USD 0: %v, %v; want %v", got, err, want)
	}
}

// Last must be exactly 0 when Repeats is 0: a nanosecond is too much.
func TestSummaryLastWithoutRepeats(t *testing.T) {
	s := Summary{Unit: UnitDay, Last: 1, Age: time.Hour}
	if err := s.Validate(); !errors.Is(err, ErrInvalid) || fieldOf(t, err) != "Last" {
		t.Errorf("Last 1ns without repeats: %v", err)
	}
}

// The edges of a Simulation's ranges: 1 account, MaxAge equal to MinAge,
// and MinAge of 0 refused.
func TestSimulationEdges(t *testing.T) {
	m := BGNBD{0.24, 4.41, 0.79, 2.43}
	s, err := SimulateBGNBD(m, Simulation{Accounts: 1, Unit: UnitDay, MinAge: 24 * time.Hour, MaxAge: 24 * time.Hour})
	if err != nil || len(s) != 1 || s[0].Age != 24*time.Hour {
		t.Errorf("1 account of 1 day: %v, %v", s, err)
	}
	_, err = SimulateBGNBD(m, Simulation{Accounts: 1, Unit: UnitDay, MinAge: 0, MaxAge: 24 * time.Hour})
	if !errors.Is(err, ErrInvalid) || fieldOf(t, err) != "MinAge" {
		t.Errorf("MinAge 0: %v", err)
	}
}

// With periods, an account that buys about ten times a day and never
// drops out has a repeat in every calibration period after the first
// and in every holdout period, the first one included.
func TestSimulatePeriodsCountsEveryPeriod(t *testing.T) {
	m := BGNBD{R: 1000, Alpha: 100, A: 1e-3, B: 1e6}
	day := 24 * time.Hour
	s, err := SimulateBGNBD(m, Simulation{Accounts: 5, Unit: UnitDay, MinAge: 10 * day, MaxAge: 10 * day, Holdout: 5 * day, Periods: true, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range s {
		if a.Repeats != 9 || a.Last != 9*day || a.HoldoutRepeats != 5 {
			t.Errorf("%+v: want 9 repeats, the last on day 9, and 5 in the holdout", a)
		}
	}
}

// A spend so small that the mean rounds to nothing is one minor unit:
// a mean value is positive.
func TestSimulateTinySpend(t *testing.T) {
	m := BGNBD{0.24, 4.41, 0.79, 2.43}
	spend := GammaGamma{P: 1, Q: 1000, Gamma: 0.001}
	s, err := SimulateBGNBD(m, Simulation{Accounts: 200, Unit: UnitWeek, MinAge: 30 * week, MaxAge: 30 * week, Spend: &spend, Currency: "USD", Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, a := range s {
		if a.Repeats > 0 {
			n++
			if !a.MeanValue.Equal(account.MustParseMoney("USD 0.01")) {
				t.Errorf("%+v: want a mean of USD 0.01", a)
			}
		}
	}
	if n == 0 {
		t.Fatal("no account with a repeat")
	}
}
