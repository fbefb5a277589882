package clv

import "testing"

// BenchmarkCompareCalibration1M is the calibration table of 1M accounts
// (the Predict1M portfolio: ages in whole days over a year) with rows 0
// to 9 and 10+.
func BenchmarkCompareCalibration1M(b *testing.B) {
	benchCalibration(b, BGNBD{R: 0.24, Alpha: 4.41 * 7, A: 0.79, B: 2.43})
}

// BenchmarkCompareCalibrationPareto1M is the same table under the
// Pareto/NBD, whose probabilities are integrals.
func BenchmarkCompareCalibrationPareto1M(b *testing.B) {
	benchCalibration(b, ParetoNBD{R: 0.55, Alpha: 10.58 * 7, S: 0.61, Beta: 11.67 * 7})
}

func benchCalibration(b *testing.B, m Model) {
	s, _ := benchPortfolio()
	var rows []FrequencyRow
	defer reportCPU(b)()
	for b.Loop() {
		rows, _ = CompareCalibration(m, s, 10)
	}
	if len(rows) != 11 {
		b.Fatalf("%d rows", len(rows))
	}
}
