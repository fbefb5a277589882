package clv_test

import (
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
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
