package clv_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/clv"
)

// A portfolio drawn from a Pareto/NBD, judged on its calibration period
// by the model it was drawn from and by a BG/NBD with the same mean
// buying rate but far less heterogeneity (r = 2): the right model's
// expected counts follow the actual ones row by row; the wrong one
// expects too few accounts without a repeat and too few heavy buyers, too
// many in between.
func ExampleCompareCalibration() {
	truth := clv.ParetoNBD{R: 0.55, Alpha: 10.58, S: 0.61, Beta: 11.67}
	other := clv.BGNBD{R: 2, Alpha: 38.5, A: 0.79, B: 2.43}
	summaries, err := clv.SimulateParetoNBD(truth, clv.Simulation{
		Accounts: 2000, Unit: clv.UnitWeek, MinAge: 27 * 7 * day, MaxAge: 39 * 7 * day, Seed: 3,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	right, err := clv.CompareCalibration(truth, summaries, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	wrong, err := clv.CompareCalibration(other, summaries, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("x    actual  Pareto/NBD  BG/NBD")
	plus := map[bool]string{true: "+"}
	for i, r := range right {
		fmt.Printf("%-3s  %6d  %10s  %6s\n", fmt.Sprint(r.Repeats)+plus[r.AndMore], r.Accounts, r.Expected.StringFixed(1), wrong[i].Expected.StringFixed(1))
	}
	// Output:
	// x    actual  Pareto/NBD  BG/NBD
	// 0      1208      1220.2   583.5
	// 1       370       335.4   750.5
	// 2       167       163.2   350.4
	// 3        83        94.3   165.5
	// 4        47        59.0    78.6
	// 5        39        38.7    37.4
	// 6        25        26.2    17.8
	// 7+       61        63.1    16.3
}
