package clv_test

import (
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
	"github.com/shopspring/decimal"
)

// TestNilModel checks that every function taking a Model refuses a nil one
// with an error naming the field, rather than panicking.
func TestNilModel(t *testing.T) {
	s := clv.Summary{ID: "a", Unit: clv.UnitDay, Age: 10 * 24 * time.Hour}
	check := func(name string, err error) {
		t.Helper()
		var fe *account.FieldError
		if !errors.Is(err, clv.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "Model" {
			t.Errorf("%s(nil model): %v, want a FieldError of Model wrapping ErrInvalid", name, err)
		}
	}
	_, err := clv.LifetimeValue(nil, clv.GammaGamma{}, s, clv.ValueOptions{Horizon: 365 * 24 * time.Hour, Currency: "NZD"})
	check("LifetimeValue", err)
	_, err = clv.Compare(nil, []clv.Summary{s}, 5)
	check("Compare", err)
	_, err = clv.Predict(nil, []clv.Summary{s}, 24*time.Hour)
	check("Predict", err)
}

// TestLifetimeValueUnknownMean checks that a summary with repeats but no
// MeanValue is valued at the population mean pγ/(q−1), not at a mean of
// zero: the same value as the summary whose MeanValue is that mean.
func TestLifetimeValueUnknownMean(t *testing.T) {
	m := clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	spend := clv.GammaGamma{P: 6, Q: 4, Gamma: 16} // population mean 6·16/3 = 32
	s := clv.Summary{ID: "a", Unit: clv.UnitDay, Repeats: 5, Last: 200 * 24 * time.Hour, Age: 300 * 24 * time.Hour}
	opts := clv.ValueOptions{Horizon: 365 * 24 * time.Hour, Currency: "NZD"}
	unknown, err := clv.LifetimeValue(m, spend, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if s.MeanValue, err = account.NewMoney(decimal.NewFromInt(32), "NZD"); err != nil {
		t.Fatal(err)
	}
	atMean, err := clv.LifetimeValue(m, spend, s, opts)
	if err != nil {
		t.Fatal(err)
	}
	if !unknown.Equal(atMean) || unknown.Sign() <= 0 {
		t.Errorf("LifetimeValue without MeanValue = %v, want %v (the value at the population mean)", unknown, atMean)
	}
}

// TestErrorValues checks that an error carries the value at fault as it
// is, typed for errors.As and written once, unquoted, as every package
// writes its numbers.
func TestErrorValues(t *testing.T) {
	err := clv.Summary{ID: "a", Unit: clv.UnitDay, Repeats: -1, Age: 24 * time.Hour}.Validate()
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Value != -1 {
		t.Fatalf("Validate() = %v; want a FieldError whose Value is the int -1", err)
	}
	if msg := err.Error(); !strings.Contains(msg, "Repeats -1: ") {
		t.Errorf("Validate() = %q, want the value written once, as Repeats -1", msg)
	}
}

// TestGammaGammaFitErrorScale checks that a Gamma-Gamma fit that fails
// reports its last state on the currency's scale, as a fit does: the same
// accounts with every mean value a thousand times larger fail at a gamma
// a thousand times larger, and a log-likelihood n·ln(1000) lower.
func TestGammaGammaFitErrorScale(t *testing.T) {
	summaries, err := clv.SimulateBGNBD(clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}, clv.Simulation{
		Accounts: 2000, Unit: clv.UnitDay, MinAge: 300 * 24 * time.Hour, MaxAge: 600 * 24 * time.Hour,
		Spend: &clv.GammaGamma{P: 6, Q: 4, Gamma: 16}, Currency: "NZD", Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	big := make([]clv.Summary, len(summaries))
	n := 0.0
	for i, s := range summaries {
		if s.Repeats > 0 {
			n++
			if s.MeanValue, err = account.NewMoney(s.MeanValue.Amount().Mul(decimal.NewFromInt(1000)), "NZD"); err != nil {
				t.Fatal(err)
			}
		}
		big[i] = s
	}
	fail := func(s []clv.Summary) *clv.FitError {
		t.Helper()
		_, err := clv.FitGammaGamma(s, clv.FitOptions{MaxIterations: 1})
		var fe *clv.FitError
		if !errors.As(err, &fe) {
			t.Fatalf("FitGammaGamma with one iteration = %v, want a *FitError", err)
		}
		return fe
	}
	small, large := fail(summaries), fail(big)
	if r := large.Last[2] / small.Last[2]; math.Abs(r-1000) > 1e-6*1000 {
		t.Errorf("last gamma %v against %v: ratio %v, want 1000", large.Last[2], small.Last[2], r)
	}
	if d := small.LogLikelihood - large.LogLikelihood; math.Abs(d-n*math.Log(1000)) > 1e-6*d {
		t.Errorf("log-likelihoods %v and %v differ by %v, want n·ln(1000) = %v", small.LogLikelihood, large.LogLikelihood, d, n*math.Log(1000))
	}
}
