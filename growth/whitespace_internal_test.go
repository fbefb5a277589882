package growth

import (
	"cmp"
	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// The 128-bit median equals the decimal one whenever it answers.
func TestFastMedianMatchesDecimal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		w := &WhiteSpace{opts: WhiteSpaceOptions{Currency: "NZD"}}
		n := rapid.IntRange(1, 2).Draw(t, "n")
		xs := make([]rootOffering, n)
		for i := range xs {
			xs[i].annual = decimal.New(rapid.Int64Range(0, 1<<50).Draw(t, "annual"), -rapid.Int32Range(0, 2).Draw(t, "exp"))
			xs[i].size = decimal.NewFromInt(rapid.Int64Range(1, 1<<40).Draw(t, "size"))
			xs[i].units, xs[i].fast = w.minorUnits(xs[i].annual)
			var ok bool
			xs[i].sizeUnits, ok = wholeUnits(xs[i].size)
			xs[i].fast = xs[i].fast && ok
		}
		size := decimal.NewFromInt(rapid.Int64Range(1, 1<<40).Draw(t, "target"))
		at := func(j int) *rootOffering { return &xs[j] }
		q, ok := fastMedian(at, n, size)
		if !ok {
			return
		}
		var want decimal.Decimal
		if n == 1 {
			want = xs[0].annual.Mul(size).DivRound(xs[0].size, 2)
		} else {
			num := xs[0].annual.Mul(xs[1].size).Add(xs[1].annual.Mul(xs[0].size)).Mul(size)
			want = num.DivRound(xs[0].size.Mul(xs[1].size).Mul(decimal.NewFromInt(2)), 2)
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
