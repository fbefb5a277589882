package tiering_test

import (
	"fmt"
	"math"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/cputime"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

var (
	bigOnce      sync.Once
	bigPortfolio []account.Account
)

// largePortfolio returns a million accounts with six attributes each, made
// by a fixed linear congruential sequence (so every run scores the same
// data), with about 5% of "nps" missing.
func largePortfolio() []account.Account {
	bigOnce.Do(func() {
		const n = 1_000_000
		x := uint64(42)
		next := func(m int64) int64 {
			x = x*6364136223846793005 + 1442695040888963407
			return int64(x>>33) % m
		}
		bigPortfolio = make([]account.Account, n)
		for i := range bigPortfolio {
			attrs := map[string]decimal.Decimal{
				"revenue":   decimal.New(next(100_000_000_00), -2),
				"employees": decimal.NewFromInt(next(200_000)),
				"potential": decimal.New(next(50_000_000), 0),
				"tickets":   decimal.NewFromInt(next(400)),
				"fit":       decimal.NewFromInt(1 + next(5)),
			}
			if next(20) != 0 {
				attrs["nps"] = decimal.NewFromInt(next(201) - 100)
			}
			bigPortfolio[i] = account.Account{ID: account.ID(fmt.Sprintf("acct-%07d", i)), Name: "x", Tier: account.Tier(1 + next(4)), Attributes: attrs}
		}
	})
	return bigPortfolio
}

// benchCard has six measures, two of them percentile ranks.
var benchCard = tiering.Scorecard{Name: "bench", Measures: []tiering.Measure{
	{Name: "revenue", Weight: 30, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationPercentileRank},
	{Name: "potential", Weight: 20, Source: tiering.Attribute("potential"), Normalisation: tiering.NormalisationPercentileRank},
	{Name: "size", Weight: 15, Source: tiering.Attribute("employees"), Normalisation: tiering.NormalisationLogMinMax},
	{Name: "tickets", Weight: 10, Source: tiering.Attribute("tickets"), Direction: tiering.DirectionLowerIsBetter},
	{Name: "nps", Weight: 15, Source: tiering.Attribute("nps"), Normalisation: tiering.NormalisationZScore, Missing: tiering.MissingMedian},
	{Name: "fit", Weight: 10, Source: tiering.Attribute("fit"), Normalisation: tiering.NormalisationBanded, Bands: []tiering.Band{
		{Lo: math.Inf(-1), Hi: 3, HiOpen: true, Value: 0}, {Lo: 3, Hi: 4, HiOpen: true, Value: 0.5}, {Lo: 4, Hi: math.Inf(1), Value: 1},
	}},
}}

var benchPolicy = tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{
	{Share: decimal.RequireFromString("0.05")},
	{Share: decimal.RequireFromString("0.15")},
	{Share: decimal.RequireFromString("0.30")},
	{},
}, Hysteresis: tiering.Hysteresis{Up: 2 * tiering.Point, Down: 2 * tiering.Point, MaxStepDown: 1}}

var benchSink *tiering.Result

// scoreAndTier is the work measured: score a portfolio and tier it.
func scoreAndTier(b *testing.B, accounts []account.Account) *tiering.Result {
	s, err := tiering.Score(accounts, benchCard)
	if err != nil {
		b.Fatal(err)
	}
	t, err := benchPolicy.Apply(s, tiering.Input{At: at})
	if err != nil {
		b.Fatal(err)
	}
	return t
}

// BenchmarkScoreAndTier scores and tiers a million accounts on six
// measures. It reports the memory allocated per account in one run
// (alloc-B/account), what the result keeps alive (kept-B/account), and the
// CPU time of all goroutines per run (cpu-ms/op; on a machine with two
// idle cores the wall time is about half of it), which is steadier than
// wall time on a shared machine. The CPU time includes the garbage
// collector's, which scans the million accounts themselves too.
func BenchmarkScoreAndTier(b *testing.B) {
	accounts := largePortfolio()
	n := float64(len(accounts))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	cpu0, cpuOK := cputime.Process()
	runs := 0
	for b.Loop() {
		benchSink = scoreAndTier(b, accounts)
		runs++
	}
	b.StopTimer()
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/float64(runs), "cpu-ms/op")
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(runs)/n, "alloc-B/account")
	benchSink = nil
	runtime.GC()
	runtime.ReadMemStats(&before)
	benchSink = scoreAndTier(b, accounts)
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/n, "kept-B/account")
	runtime.KeepAlive(benchSink)
}

// BenchmarkExplain measures building one explanation on demand.
func BenchmarkExplain(b *testing.B) {
	accounts := largePortfolio()[:10000]
	s, err := tiering.Score(accounts, benchCard)
	if err != nil {
		b.Fatal(err)
	}
	var e tiering.Explanation
	i := 0
	for b.Loop() {
		e = s.Explain(i % s.Len())
		i++
	}
	_ = e
}

// BenchmarkPlan builds the re-tiering plan of a million accounts, most of
// which move (their current tiers are random).
func BenchmarkPlan(b *testing.B) {
	t := scoreAndTier(b, largePortfolio())
	var p *tiering.Plan
	for b.Loop() {
		p = t.Plan("previous")
	}
	b.ReportMetric(float64(p.Changed)/float64(p.Accounts), "share-moved")
}

// BenchmarkGaps finds the service gaps of 100,000 accounts with twenty
// interactions each.
func BenchmarkGaps(b *testing.B) {
	const n = 100_000
	accounts := make([]account.Account, n)
	var interactions []account.Interaction
	kinds := []account.InteractionKind{account.InteractionEmail, account.InteractionCall, account.InteractionMeeting, account.InteractionVisit, account.InteractionReview}
	for i := range accounts {
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("acct-%06d", i)), Tier: account.Tier(1 + i%3), Created: at.AddDate(-3, 0, 0)}
		for k := range 20 {
			interactions = append(interactions, account.Interaction{Account: accounts[i].ID, At: at.Add(-time.Duration((i*31+k*977)%8760) * time.Hour), Kind: kinds[(i+k)%5]})
		}
	}
	var gaps []tiering.Gap
	for b.Loop() {
		var err error
		gaps, err = models.Gaps(at, accounts, stream(interactions))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(gaps)), "gaps")
}

// BenchmarkApplyByValue tiers a million scored accounts by cumulative
// revenue share, which ranks them by an exact decimal value.
func BenchmarkApplyByValue(b *testing.B) {
	accounts := largePortfolio()
	s, err := tiering.Score(accounts, benchCard)
	if err != nil {
		b.Fatal(err)
	}
	values := make(map[account.ID]decimal.Decimal, len(accounts))
	for _, a := range accounts {
		values[a.ID] = a.Attributes["revenue"]
	}
	revenue := inNZD(values)
	p := tiering.Policy{Basis: tiering.BasisValue, Rules: []tiering.TierRule{
		{Share: decimal.RequireFromString("0.5")}, {Share: decimal.RequireFromString("0.3")}, {},
	}}
	var t *tiering.Result
	for b.Loop() {
		t, err = p.Apply(s, tiering.Input{At: at, Values: revenue})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(t.Count(1)), "tier1")
}
