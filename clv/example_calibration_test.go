package clv_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/clv"
)

// Fit on the calibration period, then compare how many accounts made
// each number of repeat transactions in it with how many the model
// expects, each account at its own age.
func ExampleCompareCalibration() {
	truth := clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	summaries, err := clv.SimulateBGNBD(truth, clv.Simulation{
		Accounts: 2000, Unit: clv.UnitWeek, MinAge: 27 * 7 * day, MaxAge: 39 * 7 * day, Seed: 3,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	groups, _ := clv.Groups(summaries)
	fit, err := clv.FitBGNBD(groups, clv.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	rows, err := clv.CompareCalibration(fit.Model, summaries, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("x    actual  expected")
	for _, r := range rows {
		x := fmt.Sprint(r.Repeats)
		if r.AndMore {
			x += "+"
		}
		fmt.Printf("%-3s  %6d  %8s\n", x, r.Accounts, r.Expected.StringFixed(1))
	}
	// Output:
	// x    actual  expected
	// 0      1234    1232.1
	// 1       373     383.0
	// 2       160     147.5
	// 3        65      76.6
	// 4        48      45.8
	// 5        33      29.8
	// 6        23      20.4
	// 7+       64      64.8
}
