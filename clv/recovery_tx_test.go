//go:build !race && !quick

package clv

import (
	"fmt"
	"testing"

	"github.com/keyaccount/keyaccount/account"
)

// TestRecoveryFromTransactions is the full recovery through the summary
// builder: for each model, 20 seeds of 20,000 accounts simulated as
// transactions over 27 to 39 weeks with a 39-week holdout, summarised in
// daily periods by BuildSummaries, and fitted; each parameter's 95%
// interval must cover the true value in at least 17 of the 20 fits.
// Gamma-Gamma is fitted on the mean repeat values the builder computes
// from the drawn transaction amounts.
func TestRecoveryFromTransactions(t *testing.T) {
	if testing.Short() {
		t.Skip("fits 120 portfolios built from transactions")
	}
	gg := GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	for _, tc := range []struct {
		bg    BGNBD
		pn    ParetoNBD
		known string
	}{
		// CDNOW's parameters in days. The heavier buyers at these rates
		// sometimes buy twice in a day, and a period counts once.
		{bg: BGNBD{R: 0.24, Alpha: 4.41 * 7, A: 0.79, B: 2.43}, pn: ParetoNBD{R: 0.55, Alpha: 10.58 * 7, S: 0.61, Beta: 11.67 * 7},
			known: "daily periods merge same-day purchases: BG/NBD r and α, and Pareto/NBD α, are covered in 16 of 20 fits"},
		// Rates a third of CDNOW's: two purchases in one day are rare.
		{bg: BGNBD{R: 0.24, Alpha: 4.41 * 21, A: 0.79, B: 2.43}, pn: ParetoNBD{R: 0.55, Alpha: 10.58 * 21, S: 0.61, Beta: 11.67 * 7}},
	} {
		bg, pn := tc.bg, tc.pn
		t.Run(fmt.Sprint(bg, pn), func(t *testing.T) {
			shortfall(t, tc.known)
			var bgFits, ggFits, pnFits [][]Estimate
			for seed := range uint64(20) {
				sim := dailySim(20000, seed)
				sim.Spend = &gg
				res, spend, err, serr := recoverFromTransactions(t, sim, func(s Simulation) ([]account.Transaction, error) {
					return SimulateBGNBDTransactions(bg, s, simEnd)
				}, bgnbdFit)
				bgFits = append(bgFits, fitOrMiss(t, seed, res, err))
				ggFits = append(ggFits, fitOrMiss(t, seed, spend, serr))
				sim.Spend = nil
				res, _, err, _ = recoverFromTransactions(t, sim, func(s Simulation) ([]account.Transaction, error) {
					return SimulateParetoNBDTransactions(pn, s, simEnd)
				}, paretoFit)
				pnFits = append(pnFits, fitOrMiss(t, seed, res, err))
			}
			checkCoverage(t, []float64{bg.R, bg.Alpha, bg.A, bg.B}, bgFits)
			checkCoverage(t, []float64{gg.P, gg.Q, gg.Gamma}, ggFits)
			checkCoverage(t, []float64{pn.R, pn.Alpha, pn.S, pn.Beta}, pnFits)
		})
	}
}
