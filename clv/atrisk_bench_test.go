package clv

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// BenchmarkAtRiskList100k lists the at-risk accounts of 100,000
// simulated accounts, each with a value.
func BenchmarkAtRiskList100k(b *testing.B) {
	m := BGNBD{R: 0.24, Alpha: 4.41 * 7, A: 0.79, B: 2.43}
	ss, err := SimulateBGNBD(m, Simulation{Accounts: 100_000, Unit: UnitDay, MinAge: 2 * 365 * 24 * time.Hour, MaxAge: 3 * 365 * 24 * time.Hour, Periods: true, Seed: 42})
	if err != nil {
		b.Fatal(err)
	}
	vals := make(map[account.ID]account.Money, len(ss))
	for i, s := range ss {
		vals[s.ID], _ = account.NewMoney(decimal.NewFromInt(int64(i%5000)*100), "NZD")
	}
	o := AtRiskOptions{Threshold: decimal.RequireFromString("0.3"), MinValue: account.MustParseMoney("NZD 10000")}
	var list []AtRisk
	for b.Loop() {
		if list, err = AtRiskList(m, ss, vals, o); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(list)), "listed")
}
