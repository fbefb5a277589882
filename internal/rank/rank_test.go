package rank

import (
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

func TestBinSizesDifferByAtMostOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 2000).Draw(t, "n")
		k := rapid.IntRange(1, 20).Draw(t, "k")
		sizes := make([]int, k+1)
		prev := 1
		for i := range n {
			b := Bin(i, n, k)
			if b < 1 || b > k {
				t.Fatalf("Bin(%d, %d, %d) = %d, want 1..%d", i, n, k, b, k)
			}
			if b < prev {
				t.Fatalf("Bin(%d) = %d after %d: not monotone", i, b, prev)
			}
			prev = b
			sizes[b]++
		}
		lo, hi := slices.Min(sizes[1:]), slices.Max(sizes[1:])
		if hi-lo > 1 {
			t.Fatalf("n=%d k=%d: bin sizes %v differ by more than one", n, k, sizes[1:])
		}
		for b := 1; b <= k+1; b++ {
			s := BinStart(b, n, k)
			if b <= k && s < n && Bin(s, n, k) < b {
				t.Fatalf("BinStart(%d) = %d has bin %d", b, s, Bin(s, n, k))
			}
			if s > 0 && Bin(s-1, n, k) >= b {
				t.Fatalf("BinStart(%d) = %d is not the first position of the bin", b, s)
			}
		}
		if BinStart(k+1, n, k) != n {
			t.Fatalf("BinStart(k+1) = %d, want %d", BinStart(k+1, n, k), n)
		}
	})
}

func TestBinKnownValues(t *testing.T) {
	// n = 7, k = 5: positions 0..6 get 1,1,2,3,3,4,5 (sizes 2,1,2,1,1).
	var got []int
	for i := range 7 {
		got = append(got, Bin(i, 7, 5))
	}
	if want := []int{1, 1, 2, 3, 3, 4, 5}; !slices.Equal(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestSortMatchesSlicesSort(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SliceOfN(rapid.Uint64(), 0, 3000).Draw(t, "keys")
		if rapid.Bool().Draw(t, "narrow") {
			for i := range keys {
				keys[i] &= 0xff00ff
			}
		}
		want := slices.Clone(keys)
		slices.Sort(want)
		Sort(keys, make([]uint64, len(keys)))
		if !slices.Equal(keys, want) {
			t.Fatalf("radix sort differs from slices.Sort")
		}
	})
}

func TestSortPairsIsStable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		keys := rapid.SliceOfN(rapid.Uint64Range(0, 1<<20), 0, 3000).Draw(t, "keys")
		switch rapid.IntRange(0, 2).Draw(t, "spread") {
		case 1: // many ties
			for i := range keys {
				keys[i] %= 7
			}
		case 2: // every byte varies, and ties still occur
			for i := range keys {
				keys[i] = (keys[i] % 1000) * 0x9e3779b97f4a7c15
			}
		}
		n := len(keys)
		vals := make([]int32, n)
		for i := range vals {
			vals[i] = int32(i)
		}
		type kv struct {
			k uint64
			v int32
		}
		want := make([]kv, n)
		for i := range want {
			want[i] = kv{keys[i], vals[i]}
		}
		slices.SortStableFunc(want, func(a, b kv) int {
			switch {
			case a.k < b.k:
				return -1
			case a.k > b.k:
				return 1
			}
			return 0
		})
		SortPairs(keys, vals, make([]uint64, n), make([]int32, n))
		for i := range want {
			if keys[i] != want[i].k || vals[i] != want[i].v {
				t.Fatalf("position %d: got (%d, %d), want (%d, %d)", i, keys[i], vals[i], want[i].k, want[i].v)
			}
		}
	})
}

func TestStringsOrdersByteWise(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Short alphabets and shared prefixes exercise the runs of equal
		// chunks, zero padding and recursion.
		gen := rapid.Custom(func(t *rapid.T) string {
			prefix := rapid.SampledFrom([]string{"", "ACCOUNT-", "ACCOUNT-00000", "a\x00"}).Draw(t, "prefix")
			return prefix + rapid.StringOfN(rapid.RuneFrom([]rune{'0', '1', 'z', 0, 'é'}), 0, 20, -1).Draw(t, "rest")
		})
		ss := rapid.SliceOfN(gen, 0, 400).Draw(t, "strings")
		order := Strings(len(ss), func(i int) []byte { return []byte(ss[i]) })
		want := make([]int32, len(ss))
		for i := range want {
			want[i] = int32(i)
		}
		slices.SortStableFunc(want, func(a, b int32) int { return strings.Compare(ss[a], ss[b]) })
		if !slices.Equal(order, want) {
			t.Fatalf("order %v, want %v", order, want)
		}
	})
}

// BenchmarkSortPairsSmall compares the two ways SortPairs sorts, around
// smallPairs, the length at which it switches from one to the other.
func BenchmarkSortPairsSmall(b *testing.B) {
	sorts := []struct {
		name string
		sort func(keys []uint64, vals []int32, keyBuf []uint64, valBuf []int32)
	}{
		{"insertion", func(k []uint64, v []int32, _ []uint64, _ []int32) { insertionSortPairs(k, v) }},
		{"radix", radixSortPairs},
	}
	for _, n := range []int{16, 64, 96, 128, 192, 256} {
		for _, s := range sorts {
			b.Run(strconv.Itoa(n)+"/"+s.name, func(b *testing.B) {
				r := rand.New(rand.NewPCG(1, 2))
				src := make([]uint64, n)
				for i := range src {
					src[i] = r.Uint64()
				}
				keys, vals, kb, vb := make([]uint64, n), make([]int32, n), make([]uint64, n), make([]int32, n)
				for b.Loop() {
					copy(keys, src)
					s.sort(keys, vals, kb, vb)
				}
			})
		}
	}
}
