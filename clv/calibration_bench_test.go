package clv

import "testing"

// BenchmarkCompareCalibration1M is the calibration table of 1M accounts
// (the Predict1M portfolio: ages in whole days over a year) with rows 0
// to 9 and 10+.
func BenchmarkCompareCalibration1M(b *testing.B) {
	s, _ := benchPortfolio()
	m := BGNBD{R: 0.24, Alpha: 4.41 * 7, A: 0.79, B: 2.43}
	var rows []FrequencyRow
	defer reportCPU(b)()
	for b.Loop() {
		var err error
		if rows, err = CompareCalibration(m, s, 10); err != nil {
			b.Fatal(err)
		}
	}
	_ = rows
}

// BenchmarkCompareCalibrationPareto1M is the same table under the
// Pareto/NBD, whose probabilities are integrals.
func BenchmarkCompareCalibrationPareto1M(b *testing.B) {
	s, _ := benchPortfolio()
	m := ParetoNBD{R: 0.55, Alpha: 10.58 * 7, S: 0.61, Beta: 11.67 * 7}
	var rows []FrequencyRow
	defer reportCPU(b)()
	for b.Loop() {
		var err error
		if rows, err = CompareCalibration(m, s, 10); err != nil {
			b.Fatal(err)
		}
	}
	_ = rows
}
