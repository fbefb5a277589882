package clv

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// FuzzAtRiskList lists arbitrary summaries, values (as text, in any
// currency) and thresholds (as text): every input ends in a list whose
// accounts are below the threshold, in value order, or in an error
// wrapping ErrInvalid, never a panic.
func FuzzAtRiskList(f *testing.F) {
	f.Add("0.3", "NZD 52000", "NZD 10", "", 2, []byte("\x03\x00\x10\x00\x00\x00\x40\x00\x00\x00\x01\x05\x00\x20\x00\x00\x00\x40\x00\x00\x00\x01"))
	f.Add("1", "USD 1", "EUR 1", "USD 1", 0, []byte("\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00\x01"))
	f.Add("0.000001", "NZD -5", "NZD 5", "NZD 0", -1, []byte{})
	f.Fuzz(func(t *testing.T, threshold, v1, v2, minValue string, limit int, data []byte) {
		th, err := decimal.NewFromString(threshold)
		if err != nil {
			return
		}
		groups := groupsFromBytes(UnitDay, data)
		ss := make([]Summary, len(groups))
		vals := map[account.ID]account.Money{}
		for i, g := range groups {
			ss[i] = Summary{ID: account.ID(pad7(i % 7)), Unit: g.Unit, Repeats: g.Repeats, Last: g.Last, Age: g.Age}
			text := v1
			if i%2 == 1 {
				text = v2
			}
			if m, err := account.ParseMoney(text, "NZD"); err == nil {
				vals[ss[i].ID] = m
			}
		}
		o := AtRiskOptions{Threshold: th, Limit: limit}
		if m, err := account.ParseMoney(minValue, "NZD"); err == nil {
			o.MinValue = m
		}
		list, err := AtRiskList(BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}, ss, vals, o)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		for i, r := range list {
			if math.IsNaN(r.ProbabilityActive) || !decimal.NewFromFloat(r.ProbabilityActive).LessThan(th) || r.Reason == "" {
				t.Fatalf("%s listed with P(active) %v, threshold %v", r.ID, r.ProbabilityActive, th)
			}
			if i > 0 {
				if c, _ := list[i-1].Value.Cmp(r.Value); c < 0 || c == 0 && list[i-1].ID >= r.ID {
					t.Fatalf("out of order at %d", i)
				}
			}
		}
		if limit > 0 && len(list) > limit {
			t.Fatalf("%d accounts listed, limit %d", len(list), limit)
		}
	})
}
