package clv

import (
	"sync"

	"github.com/keyaccount/keyaccount/internal/cputime"
	"testing"
	"time"
)

// benchPortfolio is 1M accounts acquired over a year and observed for two
// to three years, in daily periods, as the summary builder makes them.
var benchPortfolio = sync.OnceValues(func() ([]Summary, []Group) {
	s, err := SimulateBGNBD(BGNBD{R: 0.24, Alpha: 4.41 * 7, A: 0.79, B: 2.43}, Simulation{
		Accounts: 1_000_000, Unit: UnitDay, MinAge: 2 * 365 * 24 * time.Hour, MaxAge: 3 * 365 * 24 * time.Hour,
		Periods: true, Seed: 42,
	})
	if err != nil {
		panic(err)
	}
	g, err := Groups(s)
	if err != nil {
		panic(err)
	}
	return s, g
})

func BenchmarkFitBGNBD1M(b *testing.B) {
	_, g := benchPortfolio()
	var fit BGNBDFit
	defer reportCPU(b)()
	for b.Loop() {
		var err error
		if fit, err = FitBGNBD(g, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fit.Iterations), "iterations")
	b.ReportMetric(float64(len(g)), "groups")
}

func BenchmarkFitParetoNBD1M(b *testing.B) {
	_, g := benchPortfolio()
	var fit ParetoNBDFit
	defer reportCPU(b)()
	for b.Loop() {
		var err error
		if fit, err = FitParetoNBD(g, FitOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fit.Iterations), "iterations")
	b.ReportMetric(float64(len(g)), "groups")
}

func BenchmarkPredict1M(b *testing.B) {
	s, _ := benchPortfolio()
	m := BGNBD{R: 0.24, Alpha: 4.41 * 7, A: 0.79, B: 2.43}
	var out []Prediction
	defer reportCPU(b)()
	for b.Loop() {
		var err error
		if out, err = Predict(m, s, 90*24*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
	_ = out
}

func BenchmarkGroups1M(b *testing.B) {
	s, _ := benchPortfolio()
	var g []Group
	for b.Loop() {
		g, _ = Groups(s)
	}
	_ = g
}

// reportCPU reports the CPU time per op (all threads) next to the wall
// time, which is noisy on a shared machine: call it as defer
// reportCPU(b)() just before the loop.
func reportCPU(b *testing.B) func() {
	start, ok := cputime.Process()
	return func() {
		if end, ok2 := cputime.Process(); ok && ok2 {
			b.ReportMetric(float64(end-start)/float64(b.N)/1e6, "cpu-ms/op")
		}
	}
}

const week = 7 * 24 * time.Hour
