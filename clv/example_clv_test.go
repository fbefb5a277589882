package clv_test

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
)

const day = 24 * time.Hour

// A portfolio of 5,000 accounts, simulated from known parameters and
// observed weekly for 27 to 39 weeks, is fitted with BG/NBD and
// Gamma-Gamma; then one account is predicted.
func Example() {
	truth := clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	spend := clv.GammaGamma{P: 6.25, Q: 3.74, Gamma: 15.44}
	summaries, err := clv.SimulateBGNBD(truth, clv.Simulation{
		Accounts: 5000, Unit: clv.UnitWeek, MinAge: 27 * 7 * day, MaxAge: 39 * 7 * day,
		Spend: &spend, Currency: "USD", Seed: 1,
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	groups, err := clv.Groups(summaries)
	if err != nil {
		fmt.Println(err)
		return
	}
	fit, err := clv.FitBGNBD(groups, clv.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d accounts in %d groups, %s\n", fit.Accounts, fit.Groups, fit.Status)
	for _, e := range fit.Estimates {
		fmt.Printf("%-5s %5.2f  [%5.2f, %5.2f]\n", e.Name, e.Value, e.Lower, e.Upper)
	}
	gg, err := clv.FitGammaGamma(summaries, clv.FitOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("spend p %.2f q %.2f gamma %.2f, correlation with frequency %.2f\n", gg.Model.P, gg.Model.Q, gg.Model.Gamma, gg.Correlation)

	// An account with 4 repeat purchases, the last in week 20, now 38 weeks old.
	acct := clv.Summary{ID: "ACME", Unit: clv.UnitWeek, Repeats: 4, Last: 20 * 7 * day, Age: 38 * 7 * day}
	acct.MeanValue = account.MustParseMoney("USD 42.50")
	p, _ := fit.Model.ProbabilityActive(acct)
	next, _ := fit.Model.ExpectedTransactions(acct, 52*7*day)
	value, err := clv.LifetimeValue(fit.Model, gg.Model, acct, clv.ValueOptions{
		Horizon: 3 * 365 * day, AnnualDiscount: decimal.RequireFromString("0.1"), Currency: "USD",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("P(active) %.3f, next 52 weeks %.2f transactions, 3-year value %s\n", p, next, value)
	// Output:
	// 5000 accounts in 2036 groups, converged
	// r      0.23  [ 0.22,  0.25]
	// alpha  4.02  [ 3.59,  4.50]
	// a      0.88  [ 0.65,  1.19]
	// b      2.57  [ 1.75,  3.78]
	// spend p 5.91 q 3.78 gamma 16.45, correlation with frequency -0.03
	// P(active) 0.373, next 52 weeks 1.47 transactions, 3-year value USD 117.50
}

// Fit on the calibration period, then compare the predicted holdout
// transactions with the actual ones by calibration frequency.
func ExampleCompare() {
	truth := clv.BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}
	summaries, err := clv.SimulateBGNBD(truth, clv.Simulation{
		Accounts: 5000, Unit: clv.UnitWeek, MinAge: 27 * 7 * day, MaxAge: 39 * 7 * day,
		Holdout: 39 * 7 * day, Seed: 2,
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
	rows, err := clv.Compare(fit.Model, summaries, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("x    accounts  actual  predicted")
	for _, r := range rows {
		x := fmt.Sprint(r.Repeats)
		if r.AndMore {
			x += "+"
		}
		fmt.Printf("%-3s  %8d  %6s  %9s\n", x, r.Accounts, r.Actual.StringFixed(2), r.Predicted.StringFixed(2))
	}
	// Output:
	// x    accounts  actual  predicted
	// 0        2993    0.20       0.22
	// 1         945    0.53       0.57
	// 2         400    1.00       1.02
	// 3         217    1.23       1.51
	// 4         145    1.76       1.93
	// 5          84    3.08       2.60
	// 6          49    3.59       3.09
	// 7+        167    6.86       5.79
}
