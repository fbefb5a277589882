package clv

import (
	"errors"
	"math"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
)

// nbDirect is NB(x; r, α/(α+t)) from its definition, by math.Pow and
// math.Gamma: small cases only.
func nbDirect(r, alpha, t float64, x int) float64 {
	return math.Gamma(r+float64(x)) / math.Gamma(r) / math.Gamma(float64(x)+1) *
		math.Pow(alpha/(alpha+t), r) * math.Pow(t/(alpha+t), float64(x))
}

// bgPNewByMixture is P(X(t) = x) under the BG/NBD by another route: X is
// min(N, J), N the purchase opportunities (negative binomial) and J the
// purchase after which the account drops out, P(J = j) = E[p(1−p)^(j−1)];
// so P(X = x) = P(N = x)·P(J > x) + P(N ≥ x)·P(J = x), the expectations
// over p taken by numerical integration and P(N ≥ x) = 1 − Σ_{n<x}.
func bgPNewByMixture(m BGNBD, t float64, x int) float64 {
	fx := float64(x)
	survive := betaMean(func(p float64) float64 { return math.Pow(1-p, fx) }, m.A, m.B)
	p := nbDirect(m.R, m.Alpha, t, x) * survive
	if x > 0 {
		drop := betaMean(func(p float64) float64 { return p * math.Pow(1-p, fx-1) }, m.A, m.B)
		tail := 1.0
		for n := range x {
			tail -= nbDirect(m.R, m.Alpha, t, n)
		}
		p += tail * drop
	}
	return p
}

// pnPNewByIntegral is P(X(t) = x) under the Pareto/NBD by another route:
// the integral over the time of death τ by adaptive Simpson on τ itself
// (not on log τ), with math.Pow.
func pnPNewByIntegral(m ParetoNBD, t float64, x int) float64 {
	alive := nbDirect(m.R, m.Alpha, t, x) * math.Pow(m.Beta/(m.Beta+t), m.S)
	died := simpsonPieces(func(tau float64) float64 {
		return m.S / m.Beta * math.Pow(m.Beta/(m.Beta+tau), m.S+1) * nbDirect(m.R, m.Alpha, tau, x)
	}, 0, t, 4096, 1e-17, 40)
	return alive + died
}

func TestProbabilityNewCrossCheck(t *testing.T) {
	type crossCase struct {
		m    Model
		want func(t float64, x int) float64
		tol  float64
	}
	var cases []crossCase
	for _, m := range []BGNBD{{0.24, 4.41, 0.79, 2.43}, {1.5, 10, 2.5, 6}, {0.5, 3, 0.3, 12}, {7, 1, 0.5, 0.25}} {
		cases = append(cases, crossCase{m, func(t float64, x int) float64 { return bgPNewByMixture(m, t, x) }, 1e-9})
	}
	// Both orders of α and β, a death rate slow and fast against the
	// purchase rate, and a peak of the dying term at a small τ.
	for _, m := range []ParetoNBD{{0.55, 10.58, 0.61, 11.67}, {0.55, 11.67, 0.61, 10.58}, {1.2, 8, 1.5, 20}, {2, 30, 6, 3}, {2, 0.1, 0.5, 100}} {
		cases = append(cases, crossCase{m, func(t float64, x int) float64 { return pnPNewByIntegral(m, t, x) }, 1e-10})
	}
	for _, c := range cases {
		for _, h := range []float64{0.5, 39, 200} {
			for _, x := range []int{0, 1, 2, 5, 12} {
				got, err := c.m.ProbabilityNew(UnitDay, time.Duration(h*float64(24*time.Hour)), x)
				if err != nil {
					t.Fatal(err)
				}
				if want := c.want(h, x); math.Abs(got-want) > c.tol {
					t.Errorf("%T %v t=%v x=%d: %.14g, by another route %.14g", c.m, c.m, h, x, got, want)
				}
			}
		}
	}
}

// The vector of probabilities from k on equals the probabilities one by
// one, for both models.
func TestProbabilitiesFromK(t *testing.T) {
	for _, m := range []Model{BGNBD{0.24, 4.41, 0.79, 2.43}, ParetoNBD{0.55, 10.58, 0.61, 11.67}} {
		p := make([]float64, 5)
		if err := m.probabilities(39, 3, p); err != nil {
			t.Fatal(err)
		}
		for i, v := range p {
			one, err := m.ProbabilityNew(UnitWeek, 39*week, 3+i)
			if err != nil {
				t.Fatal(err)
			}
			if math.Abs(v-one) > 1e-14 || v <= 0 {
				t.Errorf("%T: P(%d) = %v in a vector from 3, %v alone", m, 3+i, v, one)
			}
		}
	}
}

// drawNewProbabilities draws either model and a horizon of up to 10
// times α (in days), so that the counts past 1000 carry no visible mass,
// and returns P(X(t) = x) for x < 1000.
func drawNewProbabilities(t *rapid.T) (Model, time.Duration, []float64) {
	var m Model
	var alpha float64
	if rapid.Bool().Draw(t, "pareto") {
		p := drawPareto(t)
		m, alpha = p, p.Alpha
	} else {
		b := drawBGNBD(t)
		m, alpha = b, b.Alpha
	}
	h := time.Duration(rapid.Float64Range(0, 10).Draw(t, "t/alpha") * alpha * float64(24*time.Hour))
	p := make([]float64, 1000)
	if err := m.probabilities(float64(h)/float64(24*time.Hour), 0, p); err != nil {
		t.Fatal(err)
	}
	return m, h, p
}

func TestPropertyProbabilityNewSumsToOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		_, h, p := drawNewProbabilities(t)
		var sum float64
		for k, v := range p {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("P(%d) = %v", k, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			t.Fatalf("Σ P(X(%v) = x) = %.15g", h, sum)
		}
	})
}

func TestPropertyProbabilityNewMeanIsExpectedNew(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, h, p := drawNewProbabilities(t)
		var mean float64
		for k, v := range p {
			mean += float64(k) * v
		}
		e, err := m.ExpectedNew(UnitDay, h)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(mean-e) > 1e-8*max(1, e) {
			t.Fatalf("Σ x P(X(%v) = x) = %.15g, ExpectedNew %.15g", h, mean, e)
		}
	})
}

// Large counts and ages stay finite, in [0, 1], and where the mass is
// (the counts near the mean are likelier than those far from it).
func TestProbabilityNewLarge(t *testing.T) {
	for _, m := range []Model{
		BGNBD{0.24, 4.41, 0.79, 2.43}, BGNBD{20, 0.01, 20, 50},
		ParetoNBD{0.55, 10.58, 0.61, 11.67}, ParetoNBD{20, 0.01, 0.01, 500}, ParetoNBD{1000, 1, 1e-3, 1e-3},
	} {
		for _, k := range []int{0, 1, 999, 1000, 1e5, MaxRepeats} {
			p, err := m.ProbabilityNew(UnitDay, MaxAge, k)
			if err != nil || !(p >= 0 && p <= 1) {
				t.Errorf("%v: P(X(MaxAge) = %d) = %v, %v", m, k, p, err)
			}
		}
	}
	// A fast buyer that never dies: the count is negative binomial with a
	// mean of 1000·73000/1·… far above 1000, so 1000 is unlikely, but
	// less so than 0 for a Pareto/NBD with a long life.
	m := ParetoNBD{R: 1000, Alpha: 1000, S: 0.01, Beta: 1e6}
	p0, _ := m.ProbabilityNew(UnitDay, 1000*24*time.Hour, 0)
	p1000, _ := m.ProbabilityNew(UnitDay, 1000*24*time.Hour, 1000)
	if !(p1000 > p0 && p1000 > 0.005) {
		t.Errorf("P(1000) = %v, P(0) = %v", p1000, p0)
	}
}

func TestProbabilityNewEdges(t *testing.T) {
	bg := BGNBD{0.24, 4.41, 0.79, 2.43}
	pn := ParetoNBD{0.55, 10.58, 0.61, 11.67}
	for _, m := range []Model{bg, pn} {
		// At t = 0 a new account has made no repeat transaction.
		if p, err := m.ProbabilityNew(UnitDay, 0, 0); p != 1 || err != nil {
			t.Errorf("%T: P(X(0) = 0) = %v, %v", m, p, err)
		}
		if p, err := m.ProbabilityNew(UnitDay, 0, 1); p != 0 || err != nil {
			t.Errorf("%T: P(X(0) = 1) = %v, %v", m, p, err)
		}
		if p, err := m.ProbabilityNew(UnitDay, 0, MaxRepeats); p != 0 || err != nil {
			t.Errorf("%T: P(X(0) = MaxRepeats) = %v, %v", m, p, err)
		}
		// The horizon is read in the unit: 7 days are 7 units of a day
		// and 1 unit of a week.
		for _, c := range []struct {
			u     Unit
			units float64
		}{{UnitDay, 7}, {UnitWeek, 1}} {
			got, _ := m.ProbabilityNew(c.u, week, 1)
			var want [1]float64
			_ = m.probabilities(c.units, 1, want[:])
			if got != want[0] || got <= 0 {
				t.Errorf("%T: P(X(7 days) = 1) in %v = %v, want %v", m, c.u, got, want[0])
			}
		}
	}
	// t > 0 with k = 0 in a vector with its own start.
	p := []float64{9, 9}
	if err := pnProbabilities(1, 1, 1, 1, 0, 1, p); err != nil || p[0] != 0 || p[1] != 0 {
		t.Errorf("P(X(0) = 1, 2) = %v, %v", p, err)
	}
	if err := pnProbabilities(1, 1, 1, 1, 1, 0, nil); err != nil { // no counts asked
		t.Error(err)
	}
}

func TestProbabilityNewErrors(t *testing.T) {
	bg := BGNBD{0.24, 4.41, 0.79, 2.43}
	for _, tc := range []struct {
		name   string
		m      Model
		u      Unit
		t      time.Duration
		k      int
		field  string
		target error
	}{
		{"k below 0", bg, UnitDay, week, -1, "Transactions", ErrInvalid},
		{"k above MaxRepeats", bg, UnitDay, week, MaxRepeats + 1, "Transactions", ErrInvalid},
		{"negative horizon", bg, UnitDay, -1, 0, "Horizon", ErrInvalid},
		{"horizon above MaxAge", bg, UnitDay, MaxAge + 1, 0, "Horizon", ErrInvalid},
		{"no unit", bg, 0, week, 0, "Unit", ErrInvalid},
		{"bad model", BGNBD{R: 0, Alpha: 1, A: 1, B: 1}, UnitDay, week, 0, "R", ErrInvalid},
		{"bad Pareto model", ParetoNBD{R: 1, Alpha: 1, S: math.NaN(), Beta: 1}, UnitDay, week, 0, "S", ErrInvalid},
		{"BG/NBD out of range", BGNBD{R: 1e308, Alpha: 1, A: 1, B: 1}, UnitDay, week, 1, "Horizon", ErrRange},
		{"Pareto/NBD out of range", ParetoNBD{R: 1e308, Alpha: 1, S: 1, Beta: 1}, UnitDay, week, 1, "Horizon", ErrRange},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := tc.m.ProbabilityNew(tc.u, tc.t, tc.k)
			var fe *account.FieldError
			if !errors.Is(err, tc.target) || !errors.As(err, &fe) || fe.Field != tc.field || p != 0 {
				t.Fatalf("got %v, %v; want a FieldError on %s wrapping %v", p, err, tc.field, tc.target)
			}
		})
	}
}

func TestCompareCalibration(t *testing.T) {
	m := BGNBD{0.24, 4.41, 0.79, 2.43}
	summaries := []Summary{
		{Unit: UnitWeek, Age: 10 * week},
		{Unit: UnitWeek, Repeats: 1, Last: week, Age: 10 * week},
		{Unit: UnitWeek, Repeats: 5, Last: 9 * week, Age: 20 * week},
		{Unit: UnitDay, Repeats: 3, Last: 5 * 24 * time.Hour, Age: 10 * week},
		{Unit: UnitWeek, Repeats: 2, Last: 2 * week, Age: 20 * week},
	}
	rows, err := CompareCalibration(m, summaries, 3)
	if err != nil {
		t.Fatal(err)
	}
	// By hand: each account's P(X(T) = x) from ProbabilityNew (a week and
	// 7 days are the same age, so the two units agree), and the last row
	// the rest of 1.
	want := make([]float64, 4)
	for _, s := range summaries {
		rest := 1.0
		for x := range 3 {
			p, err := m.ProbabilityNew(s.Unit, s.Age, x)
			if err != nil {
				t.Fatal(err)
			}
			want[x] += p
			rest -= p
		}
		want[3] += rest
	}
	wantRows := []FrequencyRow{
		{Repeats: 0, Accounts: 1, Expected: decimal.NewFromFloat(want[0]).RoundBank(4)},
		{Repeats: 1, Accounts: 1, Expected: decimal.NewFromFloat(want[1]).RoundBank(4)},
		{Repeats: 2, Accounts: 1, Expected: decimal.NewFromFloat(want[2]).RoundBank(4)},
		{Repeats: 3, AndMore: true, Accounts: 2, Expected: decimal.NewFromFloat(want[3]).RoundBank(4)},
	}
	if d := gocmp.Diff(wantRows, rows, decimalEqual); d != "" {
		t.Errorf("rows (-want +got):\n%s", d)
	}
	total := decimal.Zero
	for _, r := range rows {
		total = total.Add(r.Expected)
	}
	if total.Sub(decimal.NewFromInt(5)).Abs().GreaterThan(decimal.RequireFromString("0.0003")) {
		t.Errorf("the expected counts sum to %v, not 5", total)
	}
	// A row without accounts is still there, with what the model expects.
	rows, err = CompareCalibration(m, summaries[:1], 2)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[1].Accounts != 0 || !rows[1].Expected.IsPositive() || rows[2].Accounts != 0 || !rows[2].AndMore {
		t.Errorf("rows of one account: %+v", rows)
	}
	// No summaries, no rows.
	if rows, err := CompareCalibration(m, nil, 3); rows != nil || err != nil {
		t.Errorf("no summaries: %v, %v", rows, err)
	}
}

// The edges of MaxRepeats both work, with the number of rows they say.
func TestCompareCalibrationMaxRepeatsEdges(t *testing.T) {
	s := []Summary{{Unit: UnitDay, Age: 30 * 24 * time.Hour}, {Unit: UnitDay, Repeats: 2, Last: 24 * time.Hour, Age: 30 * 24 * time.Hour}}
	for _, m := range []Model{BGNBD{0.24, 4.41, 0.79, 2.43}, ParetoNBD{0.55, 10.58, 0.61, 11.67}} {
		for _, max := range []int{1, 1000} {
			rows, err := CompareCalibration(m, s, max)
			if err != nil || len(rows) != max+1 || !rows[max].AndMore || rows[max-1].AndMore {
				t.Fatalf("%T maxRepeats %d: %d rows, %v", m, max, len(rows), err)
			}
			total := decimal.Zero
			for _, r := range rows {
				total = total.Add(r.Expected)
			}
			if total.Sub(decimal.NewFromInt(2)).Abs().GreaterThan(decimal.RequireFromString("0.06")) {
				t.Errorf("%T maxRepeats %d: expected counts sum to %v", m, max, total)
			}
		}
	}
}

func TestCompareCalibrationErrors(t *testing.T) {
	bg := BGNBD{0.24, 4.41, 0.79, 2.43}
	good := Summary{Unit: UnitDay, Age: week}
	for _, tc := range []struct {
		name    string
		m       Model
		s       []Summary
		max     int
		record  string
		field   string
		target  error
		ofCount int // errors joined, for several bad summaries
	}{
		{"nil model", nil, []Summary{good}, 3, "Comparison", "Model", ErrInvalid, 1},
		{"maxRepeats 0", bg, []Summary{good}, 0, "Comparison", "MaxRepeats", ErrInvalid, 1},
		{"maxRepeats 1001", bg, []Summary{good}, 1001, "Comparison", "MaxRepeats", ErrInvalid, 1},
		{"bad summary", bg, []Summary{good, {Unit: UnitDay, Repeats: 1, Last: 2 * week, Age: week}}, 3, "Summary", "[1].Last", ErrInvalid, 1},
		{"bad summaries", bg, []Summary{{Unit: 9, Age: week}, good, {Unit: UnitDay, Age: -1}}, 3, "Summary", "[0].Unit", ErrInvalid, 2},
		{"bad model", BGNBD{R: 1, Alpha: math.Inf(1), A: 1, B: 1}, []Summary{good}, 3, "BGNBD", "Alpha", ErrInvalid, 1},
		{"out of range", ParetoNBD{R: 1e308, Alpha: 1, S: 1, Beta: 1}, []Summary{good}, 3, "Summary", "Age", ErrRange, 1},
		{"too much work", ParetoNBD{R: 1000, Alpha: 1, S: 1e300, Beta: 1e-300}, []Summary{good}, 1000, "Summary", "Age", ErrRange, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, err := CompareCalibration(tc.m, tc.s, tc.max)
			var fe *account.FieldError
			if rows != nil || !errors.Is(err, tc.target) || !errors.As(err, &fe) || fe.Record != tc.record || fe.Field != tc.field {
				t.Fatalf("got %v, %v; want a FieldError on %s.%s wrapping %v", rows, err, tc.record, tc.field, tc.target)
			}
			if j, ok := err.(interface{ Unwrap() []error }); ok && len(j.Unwrap()) != tc.ofCount || !ok && tc.ofCount != 1 {
				t.Fatalf("%v: want %d errors", err, tc.ofCount)
			}
		})
	}
}

// Input order never changes a digit, and the rows account for every
// summary.
func TestPropertyCompareCalibrationOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var m Model = drawBGNBD(t)
		if rapid.Bool().Draw(t, "pareto") {
			m = drawPareto(t)
		}
		s := rapid.SliceOfN(rapid.Custom(drawSummary), 1, 40).Draw(t, "summaries")
		max := rapid.IntRange(1, 12).Draw(t, "maxRepeats")
		rows, err := CompareCalibration(m, s, max)
		if err != nil {
			t.Fatal(err)
		}
		perm := rapid.Permutation(s).Draw(t, "perm")
		again, err := CompareCalibration(m, perm, max)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(rows, again, decimalExact); d != "" {
			t.Fatalf("order changed the rows:\n%s", d)
		}
		n, total := 0, decimal.Zero
		for x, r := range rows {
			if r.Repeats != x || r.AndMore != (x == max) || r.Expected.IsNegative() {
				t.Fatalf("row %d: %+v", x, r)
			}
			n += r.Accounts
			total = total.Add(r.Expected)
		}
		want := len(s)
		if n != want || total.Sub(decimal.NewFromInt(int64(want))).Abs().GreaterThan(decimal.NewFromFloat(0.0001*float64(max+1))) {
			t.Fatalf("rows hold %d accounts, expected %v, of %d", n, total, want)
		}
	})
}

var (
	decimalEqual = gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })
	decimalExact = gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.String() == b.String() })
)

// A simulated portfolio's actual histogram agrees with the expected one:
// the chi-square statistic over the rows is below its 99.9% point.
func TestCompareCalibrationSimulated(t *testing.T) {
	sim := Simulation{Accounts: 20_000, Unit: UnitWeek, MinAge: 27 * week, MaxAge: 39 * week, Seed: 7}
	bg := BGNBD{0.24, 4.41, 0.79, 2.43}
	pn := ParetoNBD{0.55, 10.58, 0.61, 11.67}
	sb, err := SimulateBGNBD(bg, sim)
	if err != nil {
		t.Fatal(err)
	}
	sp, err := SimulateParetoNBD(pn, sim)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		m   Model
		s   []Summary
		own bool
	}{{bg, sb, true}, {pn, sp, true}, {bg, sp, false}, {pn, sb, false}} {
		rows, err := CompareCalibration(c.m, c.s, 7)
		if err != nil {
			t.Fatal(err)
		}
		chi := 0.0
		for _, r := range rows {
			e := r.Expected.InexactFloat64()
			d := float64(r.Accounts) - e
			chi += d * d / e
		}
		t.Logf("%T on own portfolio %v: chi-square %.1f", c.m, c.own, chi)
		// 8 rows, 7 degrees of freedom: the 99.9% point is 24.3.
		if c.own && chi > 24.3 {
			t.Errorf("%T on its own portfolio: chi-square %.1f, rows %+v", c.m, chi, rows)
		}
		// The other model's portfolio is told apart.
		if !c.own && chi < 100 {
			t.Errorf("%T on the other portfolio: chi-square only %.1f", c.m, chi)
		}
	}
}
