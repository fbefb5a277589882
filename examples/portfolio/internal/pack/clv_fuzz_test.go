package pack

import (
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// FuzzLifetimeConfig fills Config.Lifetime from the fuzzer and checks
// Validate against the documented ranges: it accepts exactly the settings
// in range, names every field out of range, and never panics.
func FuzzLifetimeConfig(f *testing.F) {
	f.Add(int64(1095*day), int64(1), int32(-1), int64(3), int32(-1), 0)
	f.Add(int64(MinLifetimeHorizon-1), int64(-1), int32(-4), int64(0), int32(0), -1)
	f.Add(int64(MaxLifetimeHorizon+1), int64(10001), int32(-4), int64(1), int32(0), MaxLifetimeIterations+1)
	f.Add(int64(MaxLifetimeHorizon), int64(1), int32(0), int64(9999), int32(-4), MaxLifetimeIterations)
	f.Fuzz(func(t *testing.T, horizon, discount int64, discountExp int32, threshold int64, thresholdExp int32, iterations int) {
		discountExp, thresholdExp = discountExp%30, thresholdExp%30 // keep the decimals' work small
		c := DefaultConfig()
		c.Lifetime.Horizon = time.Duration(horizon)
		c.Lifetime.AnnualDiscount = decimal.New(discount, discountExp)
		c.Lifetime.Threshold = decimal.New(threshold, thresholdExp)
		c.Lifetime.MaxIterations = iterations
		var want []string
		if h := c.Lifetime.Horizon; h < MinLifetimeHorizon || h > MaxLifetimeHorizon {
			want = append(want, "Lifetime.Horizon")
		}
		if d := c.Lifetime.AnnualDiscount; d.IsNegative() || d.GreaterThan(decimal.NewFromInt(1)) {
			want = append(want, "Lifetime.AnnualDiscount")
		}
		if p := c.Lifetime.Threshold; !p.IsPositive() || !p.LessThan(decimal.NewFromInt(1)) {
			want = append(want, "Lifetime.Threshold")
		}
		if iterations < 0 || iterations > MaxLifetimeIterations {
			want = append(want, "Lifetime.MaxIterations")
		}
		got := configFields(c.Validate())
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Errorf("%+v: fields at fault %v, want %v", c.Lifetime, got, want)
		}
	})
}
