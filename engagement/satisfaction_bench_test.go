package engagement_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/internal/cputime"
)

// loop runs f b.N times and reports, beside the wall time, the CPU time of
// every thread per run (steadier than wall time on a shared machine) and
// the rows of the last report.
func loop(b *testing.B, f func() (engagement.SatisfactionReport, error)) {
	var rep engagement.SatisfactionReport
	b.ResetTimer()
	start, ok := cputime.Process()
	for b.Loop() {
		var err error
		if rep, err = f(); err != nil {
			b.Fatal(err)
		}
	}
	if end, ok2 := cputime.Process(); ok && ok2 {
		b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
	}
	b.ReportMetric(float64(len(rep.Rows)), "rows")
}

// benchPortfolio returns n accounts in 4 tiers, a tenth of them internal.
func benchPortfolio(n int) []account.Account {
	accts := make([]account.Account, n)
	for i := range accts {
		accts[i] = account.Account{ID: account.ID(fmt.Sprintf("acct-%07d", i)), Name: "Account", Tier: account.Tier(1 + i%4),
			Internal: i%10 == 0, Segment: []string{"enterprise", "mid-market", "public"}[i%3]}
	}
	return accts
}

// quarters returns the bounds of the four quarters of 2026.
func quarters() []time.Time {
	q := make([]time.Time, 5)
	for i := range q {
		q[i] = time.Date(2026, time.Month(1+3*i), 1, 0, 0, 0, 0, time.UTC)
	}
	return q
}

// benchBatch returns n responses of the accounts in random order, over
// 2026, a third of each kind with scores skewed towards the top.
func benchBatch(b *testing.B, n int, accts []account.Account) *engagement.ResponseBatch {
	rng := rand.New(rand.NewPCG(1, 2))
	var batch engagement.ResponseBatch
	batch.Grow(n)
	year := int64(365 * 24 * time.Hour)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for range n {
		a := accts[rng.IntN(len(accts))].ID
		at := start.Add(time.Duration(rng.Int64N(year)))
		k := engagement.ResponseKind(1 + rng.IntN(3))
		lo, hi, _ := k.Range()
		s := hi - min(rng.IntN(hi-lo+1), rng.IntN(hi-lo+1))
		if err := batch.AppendScore(a, at, k, s); err != nil {
			b.Fatal(err)
		}
	}
	return &batch
}

// BenchmarkSatisfaction10M reports on 10,000,000 responses of 100,000
// accounts grouped by account, tier and quarter: 400,000 rows, each with
// three figures and their intervals. The batch is built before the timer
// starts.
func BenchmarkSatisfaction10M(b *testing.B) {
	for _, w := range []engagement.Weighting{engagement.WeightingResponse, engagement.WeightingAccount} {
		b.Run(w.String(), func(b *testing.B) {
			accts := benchPortfolio(100_000)
			batch := benchBatch(b, 10_000_000, accts)
			o := engagement.SatisfactionOptions{By: engagement.Grouping{Account: true, Tier: true, Periods: quarters()}, Weighting: w}
			loop(b, func() (engagement.SatisfactionReport, error) { return engagement.SatisfactionBatch(batch, accts, o) })
		})
	}
}

// BenchmarkSatisfactionByTier10M reports on the same responses grouped by
// tier and quarter, one vote per account: 16 rows, each over about 25,000
// accounts, whose figures are summed exactly.
func BenchmarkSatisfactionByTier10M(b *testing.B) {
	accts := benchPortfolio(100_000)
	batch := benchBatch(b, 10_000_000, accts)
	o := engagement.SatisfactionOptions{By: engagement.Grouping{Tier: true, Periods: quarters()}, Weighting: engagement.WeightingAccount}
	loop(b, func() (engagement.SatisfactionReport, error) { return engagement.SatisfactionBatch(batch, accts, o) })
}

// BenchmarkSatisfactionStream1M reports on 1,000,000 responses read one at
// a time from a stream of Response values, validating each.
func BenchmarkSatisfactionStream1M(b *testing.B) {
	accts := benchPortfolio(10_000)
	rng := rand.New(rand.NewPCG(3, 4))
	rs := make([]engagement.Response, 1_000_000)
	for i := range rs {
		k := engagement.ResponseKind(1 + rng.IntN(3))
		lo, hi, _ := k.Range()
		rs[i] = engagement.Response{ID: engagement.ResponseID(fmt.Sprintf("r-%d", i)), Account: accts[rng.IntN(len(accts))].ID,
			At:   time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.Int64N(int64(365 * 24 * time.Hour)))),
			Kind: k, Score: lo + rng.IntN(hi-lo+1), Channel: engagement.SurveyChannelEmail}
	}
	o := engagement.SatisfactionOptions{By: engagement.Grouping{Account: true, Tier: true, Periods: quarters()}}
	loop(b, func() (engagement.SatisfactionReport, error) { return engagement.Satisfaction(seq(rs), accts, o) })
}
