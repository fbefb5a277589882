package growth

import (
	"cmp"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"math"
	"slices"
	"testing"

	"github.com/keyaccount/keyaccount/internal/rank"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The 128-bit median equals the decimal one whenever it answers.
func TestFastMedianMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := &WhiteSpace{places: 2}
		n := rapid.IntRange(1, 2).Draw(t, "n")
		xs := make([]rootOffering, n)
		annual := make([]decimal.Decimal, n)
		size := make([]decimal.Decimal, n)
		for i := range xs {
			annual[i] = decimal.New(rapid.Int64Range(0, 1<<50).Draw(t, "annual"), -rapid.Int32Range(0, 2).Draw(t, "exp"))
			size[i] = decimal.NewFromInt(rapid.Int64Range(1, 1<<40).Draw(t, "size"))
			var s sum
			s.add(annual[i], w.places)
			xs[i].annual = w.amountOf(&s)
			var ok bool
			xs[i].sizeUnits, ok = wholeUnits(size[i])
			xs[i].fast = xs[i].annual.x == 0 && ok
		}
		target := decimal.NewFromInt(rapid.Int64Range(1, 1<<40).Draw(t, "target"))
		at := func(j int) *rootOffering { return &xs[j] }
		q, ok := fastMedian(at, n, target)
		if !ok {
			return
		}
		var want decimal.Decimal
		if n == 1 {
			want = annual[0].Mul(target).DivRound(size[0], 2)
		} else {
			num := annual[0].Mul(size[1]).Add(annual[1].Mul(size[0])).Mul(target)
			want = num.DivRound(size[0].Mul(size[1]).Mul(decimal.NewFromInt(2)), 2)
		}
		if got := decimal.New(int64(q), -2); !got.Equal(want) {
			t.Fatalf("fast %s, decimal %s", got, want)
		}
	})
}

func TestScaledUnitsEdges(t *testing.T) {
	for _, tt := range []struct {
		d      decimal.Decimal
		places int32
		want   uint64
		ok     bool
	}{
		{decimal.RequireFromString("12.34"), 2, 1234, true},
		{decimal.RequireFromString("12.345"), 2, 0, false},
		{decimal.RequireFromString("-1"), 2, 0, false},
		{decimal.RequireFromString("999999999999999999"), 0, 999999999999999999, true}, // 18 digits
		{decimal.RequireFromString("1000000000000000000"), 0, 0, false},                // 19 digits
		{decimal.RequireFromString("9999999999999999.99"), 2, 999999999999999999, true},
		{decimal.New(1, 18), 0, 0, false},
		{decimal.New(1, 17), 0, 100000000000000000, true},
	} {
		got, ok := scaledUnits(tt.d, tt.places)
		if got != tt.want || ok != tt.ok {
			t.Errorf("scaledUnits(%s, %d) = %d, %v; want %d, %v", tt.d, tt.places, got, ok, tt.want, tt.ok)
		}
	}
}

func TestMulDivRound(t *testing.T) {
	for _, tt := range []struct {
		a, b, c, want uint64
		ok            bool
	}{
		{5, 1, 2, 3, true},  // 2.5 rounds up
		{7, 1, 4, 2, true},  // 1.75
		{5, 1, 4, 1, true},  // 1.25
		{6, 1, 4, 2, true},  // 1.5 rounds up
		{1, 1, 0, 0, false}, // no divisor
		{1 << 63, 4, 2, 0, false},
		{1 << 61, 2, 1, 0, false}, // 2^62: too large
		{1<<62 - 1, 1, 1, 1<<62 - 1, true},
	} {
		got, ok := mulDivRound(tt.a, tt.b, tt.c)
		if got != tt.want || ok != tt.ok {
			t.Errorf("mulDivRound(%d, %d, %d) = %d, %v; want %d, %v", tt.a, tt.b, tt.c, got, ok, tt.want, tt.ok)
		}
	}
}

// numberAccounts numbers a clean forest as account.Hierarchy.All lists
// it, and declines (so that NewHierarchy reports the problem) exactly
// when NewHierarchy fails.
func TestNumberAccountsMatchesHierarchy(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		ids := rapid.SliceOfN(rapid.SampledFrom([]string{"", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p"}), n, n).Draw(t, "ids")
		accts := make([]account.Account, n)
		for i := range accts {
			accts[i].ID = account.ID(ids[i])
			if i > 0 && rapid.Bool().Draw(t, "child") {
				accts[i].Parent = accts[rapid.IntRange(0, n-1).Draw(t, "parent")].ID
			}
			if rapid.IntRange(0, 20).Draw(t, "unknown") == 0 {
				accts[i].Parent = "zz"
			}
		}
		h, err := account.NewHierarchy(accts)
		w := &WhiteSpace{pre: make([]int32, n)}
		ok := w.numberAccounts(accts)
		if ok != (err == nil) {
			t.Fatalf("numberAccounts %v, NewHierarchy error %v", ok, err)
		}
		if !ok {
			return
		}
		var got, want []account.ID
		for _, p := range w.at {
			got = append(got, accts[p].ID)
		}
		for id := range h.All() {
			want = append(want, id)
		}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Fatalf("pre-order (-hierarchy +numbered):\n%s", diff)
		}
		var roots []account.ID
		for _, r := range w.roots {
			roots = append(roots, accts[w.at[r]].ID)
		}
		if diff := gocmp.Diff(h.Roots(), roots); diff != "" {
			t.Fatalf("roots (-hierarchy +numbered):\n%s", diff)
		}
		for k, p := range w.at {
			root, _ := h.UltimateParent(accts[p].ID)
			if got := accts[w.at[w.root[k]]].ID; got != root {
				t.Fatalf("root of %s = %s, want %s", accts[p].ID, got, root)
			}
		}
	})
}

// ratioKey orders ratios (never negative, possibly infinite or NaN) as
// cmp.Compare does.
func TestRatioKeyOrder(t *testing.T) {
	ratio := rapid.OneOf(
		rapid.Float64Min(0),
		rapid.SampledFrom([]float64{0, math.SmallestNonzeroFloat64, 1, math.MaxFloat64, math.Inf(1), math.NaN()}),
	)
	rapid.Check(t, func(t *rapid.T) {
		a, b := ratio.Draw(t, "a"), ratio.Draw(t, "b")
		if got, want := cmp.Compare(ratioKey(a), ratioKey(b)), cmp.Compare(a, b); got != want {
			t.Fatalf("ratioKey order of %v and %v = %d, want %d", a, b, got, want)
		}
	})
}

// Amounts summed in minor units equal their exact decimal sum, whether
// they stay in int64 cents, cross 10^18 cents, or go beyond an int64 of
// cents, and their float is the decimal's.
func TestSumMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := &WhiteSpace{places: rapid.Int32Range(0, 3).Draw(t, "places")}
		amt := rapid.Custom(func(t *rapid.T) decimal.Decimal {
			d := decimal.New(rapid.Int64Range(0, 1<<62).Draw(t, "coef"), -rapid.Int32Range(0, 4).Draw(t, "exp"))
			return d.Shift(rapid.SampledFrom([]int32{0, 0, 0, -12, 4, 8}).Draw(t, "shift"))
		})
		var total sum
		want := decimal.Zero
		for _, run := range rapid.SliceOfN(rapid.SliceOfN(amt, 1, 4), 0, 4).Draw(t, "runs") {
			var cell sum
			cellWant := decimal.Zero
			for _, d := range run {
				cell.add(d, w.places)
				cellWant = cellWant.Add(d)
			}
			if got := w.dec(w.amountOf(&cell)); !got.Equal(cellWant) {
				t.Fatalf("cell sum %s, want %s", got, cellWant)
			}
			total.addSum(&cell, w.places)
			want = want.Add(cellWant)
		}
		a := w.amountOf(&total)
		if got := w.dec(a); !got.Equal(want) {
			t.Fatalf("sum %s, want %s", got, want)
		}
		if _, whole := scaledUnits(want, w.places); whole != (a.x == 0) {
			t.Fatalf("sum %s held in minor units: %v, want %v", want, a.x == 0, whole)
		}
		if got, wantF := w.float(a), want.InexactFloat64(); got != wantF {
			t.Fatalf("float %v, want %v", got, wantF)
		}
	})
}

func TestAmountEdges(t *testing.T) {
	w := &WhiteSpace{places: 2}
	for _, tt := range []struct {
		name  string
		adds  []string
		units bool // held in minor units
	}{
		{"largest in minor units", []string{"9999999999999999.99"}, true},
		{"10^18 cents", []string{"10000000000000000"}, false},
		{"two that reach 10^18 cents", []string{"9999999999999999.99", "0.01"}, false},
		{"beyond an int64 of cents", []string{"100000000000000000"}, false},
		{"sub-cent halves that make a cent, with three places", []string{"0.005", "0.005"}, false},
		{"a sub-cent amount and a large one", []string{"9999999999999999.99", "0.001"}, false},
		{"a sub-cent amount", []string{"0.125"}, false},
		{"none", nil, true},
	} {
		var s sum
		want := decimal.Zero
		for _, a := range tt.adds {
			d := decimal.RequireFromString(a)
			s.add(d, w.places)
			want = want.Add(d)
		}
		a := w.amountOf(&s)
		if (a.x == 0) != tt.units || !w.dec(a).Equal(want) {
			t.Errorf("%s: amount %+v (%s), want %s in minor units %v", tt.name, a, w.dec(a), want, tt.units)
		}
		// The same amounts, each a buying centre's, summed for the root.
		var total sum
		for _, a := range tt.adds {
			var cell sum
			cell.add(decimal.RequireFromString(a), w.places)
			total.addSum(&cell, w.places)
		}
		if a := w.amountOf(&total); (a.x == 0) != tt.units || !w.dec(a).Equal(want) {
			t.Errorf("%s, summed by cell: amount %+v (%s), want %s in minor units %v", tt.name, a, w.dec(a), want, tt.units)
		}
	}
	// The float of an amount at 2^53 cents and just above it.
	for _, u := range []int64{1 << 53, 1<<53 + 1, 1<<53 + 3} {
		a := amount{u: u}
		if got, want := w.float(a), decimal.New(u, -2).InexactFloat64(); got != want {
			t.Errorf("float(%d cents) = %v, want %v", u, got, want)
		}
	}
}

// sortHeldKeys sorts as one stable radix sort does, whether the keys come
// in root order (runs of up to 300 keys, some sorted by radix, some by
// insertion) or not.
func TestSortHeldKeysMatchesSortPairs(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 700).Draw(t, "n")
		keys := make([]uint64, n)
		root := uint64(0)
		for i := range keys {
			if rapid.IntRange(0, 150).Draw(t, "nextRoot") == 0 {
				root += uint64(rapid.IntRange(1, 3).Draw(t, "step"))
			}
			keys[i] = root<<40 | uint64(rapid.IntRange(0, 3).Draw(t, "off"))<<24 | uint64(rapid.IntRange(0, 3).Draw(t, "centre"))
		}
		if rapid.Bool().Draw(t, "shuffled") && n > 1 {
			i, j := rapid.IntRange(0, n-1).Draw(t, "i"), rapid.IntRange(0, n-1).Draw(t, "j")
			keys[i], keys[j] = keys[j], keys[i]
		}
		vals := make([]int32, n)
		for i := range vals {
			vals[i] = int32(i)
		}
		wantK, wantV := slices.Clone(keys), slices.Clone(vals)
		rank.SortPairs(wantK, wantV, make([]uint64, n), make([]int32, n))
		sortHeldKeys(keys, vals)
		if diff := gocmp.Diff(wantK, keys); diff != "" {
			t.Fatalf("keys (-radix +sortHeldKeys):\n%s", diff)
		}
		if diff := gocmp.Diff(wantV, vals); diff != "" {
			t.Fatalf("holdings (-radix +sortHeldKeys):\n%s", diff)
		}
	})
}
