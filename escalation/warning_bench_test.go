package escalation_test

import (
	"strconv"
	"testing"

	"github.com/keyaccount/keyaccount/internal/cputime"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// warnBenchConfig raises a warning at 25 distinct accounts or an impact of 60
// within an hour, and clears it at 10 accounts and an impact of 20, after
// standing 15 minutes at least.
var warnBenchConfig = escalation.DetectorConfig{
	Window: time.Hour,
	Raise:  escalation.Threshold{Accounts: 25, Impact: decimal.NewFromInt(60)},
	Clear:  escalation.Threshold{Accounts: 10, Impact: decimal.NewFromInt(20)},
	Hold:   15 * time.Minute,
	Weights: map[account.Tier]decimal.Decimal{
		1: decimal.NewFromInt(4), 2: decimal.NewFromInt(2), 3: decimal.RequireFromString("0.5"),
	},
}

// BenchmarkDetector feeds a detector 100,000 and 1,000,000 occurrences
// (5,000 accounts, 200 categories, 100 services, one every 2 seconds on
// average, so about 1,800 in the one-hour window; an incident of half an
// hour every six, which raises a warning for its service and for the
// "outage" category, cleared once it has passed) and reports the
// warnings raised and cleared and the most occurrences the window held.
// The detector's state follows the window, not the stream (window-peak is
// the same for both lengths; TestDetectorCheckpointBounded); the bytes
// allocated grow with the warnings reported, each with its explanation.
func BenchmarkDetector(b *testing.B) {
	for _, n := range []int{100_000, 1_000_000} {
		b.Run("events="+strconv.Itoa(n), func(b *testing.B) {
			stream := genWarnStream(n, 5_000, 200, 100, 2*time.Second)
			var warnings, peak int
			defer warnReportCPU(b)()
			for b.Loop() {
				d, err := escalation.NewDetector(warnBenchConfig)
				if err != nil {
					b.Fatal(err)
				}
				warnings, peak = 0, 0
				for _, o := range stream {
					ws, err := d.Add(o)
					if err != nil {
						b.Fatal(err)
					}
					warnings += len(ws)
					peak = max(peak, d.Len())
				}
			}
			b.ReportMetric(float64(warnings), "warnings")
			b.ReportMetric(float64(peak), "window-peak")
		})
	}
}

// warnReportCPU reports the CPU time per op (all threads) next to the wall
// time, which is noisy on a shared machine: call it as
// defer warnReportCPU(b)() just before the loop.
func warnReportCPU(b *testing.B) func() {
	start, ok := cputime.Process()
	return func() {
		if end, ok2 := cputime.Process(); ok && ok2 {
			b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
		}
	}
}
