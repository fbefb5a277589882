package pack

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
)

// FuzzServiceConfig fills the pack's own settings of the default
// configuration from the fuzzer and checks Validate against the documented
// ranges: it accepts exactly the configurations in range, names the first
// field out of range, and never panics.
func FuzzServiceConfig(f *testing.F) {
	f.Add(20, 1, 2, int64(90*24*time.Hour), int64(5), "NZD", uint8(1))
	f.Add(0, 0, 0, int64(0), int64(-1), "", uint8(0))
	f.Add(review.MaxQuarterTop+1, 1, 1, int64(1), int64(0), "nzd", uint8(3))
	f.Fuzz(func(t *testing.T, top, perDay, perWeek int, window, margin int64, currency string, kind uint8) {
		cfg := DefaultServiceConfig()
		cfg.Quarter.Top, cfg.Reviews.PerDay, cfg.Reviews.PerWeek = top, perDay, perWeek
		cfg.Changes.Window = time.Duration(window)
		cfg.Satisfaction.Margin = decimal.New(margin, -2)
		cfg.Quarter.Currency = account.Currency(currency)
		cfg.Quarter.Kind = account.TransactionKind(kind)
		var want []string
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
		if k := cfg.Quarter.Kind; k != account.TransactionRevenue && k != account.TransactionCost {
			want = append(want, "Quarter.Kind")
		}
		if !cfg.Quarter.Currency.Valid() {
			want = append(want, "Quarter.Currency")
		}
		if top < 1 || top > review.MaxQuarterTop {
			want = append(want, "Quarter.Top")
		}
		err := cfg.Validate()
		if len(want) == 0 {
			if err != nil {
				t.Fatalf("in range, yet %v", err)
			}
			return
		}
		var fe *account.FieldError
		if !errors.Is(err, ServiceErrInvalid) || !errors.As(err, &fe) || fe.Record != "ServiceConfig" || fe.Field != want[0] {
			t.Fatalf("out of range in %v, got %v", want, err)
		}
	})
}
