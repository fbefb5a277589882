package pack

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// configFields returns the Fields of the *account.FieldErrors with Record
// "Config" that err joins, in order.
func configFields(err error) []string {
	var out []string
	errs := []error{err}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		errs = j.Unwrap()
	}
	for _, e := range errs {
		var fe *account.FieldError
		if errors.As(e, &fe) && fe.Record == "Config" {
			out = append(out, fe.Field)
		}
	}
	return out
}

// FuzzConfig fills the pack's own numeric and coded settings of the
// default configuration from the fuzzer and checks Validate against the
// documented ranges: it accepts exactly the configurations in range,
// names every field out of range, and never panics.
func FuzzConfig(f *testing.F) {
	f.Add(20, 12, 1, 2, int64(90*24*time.Hour), int64(5), "NZD", 4)
	f.Add(0, 0, 0, 0, int64(0), int64(-1), "", 0)
	f.Add(MaxTop+1, MaxValueMonths+1, 1, 1, int64(1), int64(0), "nzd", 13)
	f.Add(MaxTop, MaxValueMonths, 1, 1, int64(1), int64(0), "JPY", 10)
	f.Fuzz(func(t *testing.T, top, months, perDay, perWeek int, window, margin int64, currency string, fiscal int) {
		cfg := DefaultConfig()
		cfg.Top, cfg.ValueMonths, cfg.Reviews.PerDay, cfg.Reviews.PerWeek = top, months, perDay, perWeek
		cfg.Changes.Window = time.Duration(window)
		cfg.Satisfaction.Margin = decimal.New(margin, -2)
		cfg.Currency = account.Currency(currency)
		cfg.FiscalStart = time.Month(fiscal)
		var want []string
		if months < 1 || months > MaxValueMonths {
			want = append(want, "ValueMonths")
		}
		if top < 1 || top > MaxTop {
			want = append(want, "Top")
		}
		if !cfg.Currency.Valid() {
			want = append(want, "Currency")
		}
		if fiscal != 1 && fiscal != 4 && fiscal != 7 && fiscal != 10 {
			want = append(want, "FiscalStart")
		}
		if margin < 0 {
			want = append(want, "Satisfaction.Margin")
		}
		if window <= 0 {
			want = append(want, "Changes.Window")
		}
		if perDay < 1 {
			want = append(want, "Reviews.PerDay")
		}
		if perWeek < 1 {
			want = append(want, "Reviews.PerWeek")
		}
		err := cfg.Validate()
		if len(want) == 0 {
			if err != nil {
				t.Fatalf("in range, yet %v", err)
			}
			return
		}
		if !errors.Is(err, ErrInvalid) || !errors.Is(err, account.ErrInvalid) || !slices.Equal(configFields(err), want) {
			t.Fatalf("out of range in %v, got %v", want, err)
		}
	})
}
