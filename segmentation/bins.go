package segmentation

import (
	"math"
	"math/bits"
	"slices"
	"strconv"

	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/rank"
	"github.com/shopspring/decimal"
)

// Binning is how a dimension's values become scores 1..k. The zero
// Binning is [BinningOrdinal].
type Binning uint8

// The binning modes. In each, a better value never gets a lower score.
const (
	// BinningOrdinal puts the accounts in ascending order of goodness, ties
	// broken by account ID ascending (byte-wise), so the order is total;
	// the account at 0-based position i of n gets floor(i·k/n)+1. Bin sizes
	// differ by at most one, and equal values may get different scores
	// (reported as [WarningSplitTie]). The larger bins are spread over the range,
	// where SQL NTILE and dplyr::ntile put them first (see the package doc).
	BinningOrdinal Binning = iota

	// BinningGrouped gives equal values equal scores: every account of a group of
	// equal values gets the Ordinal score of the group's first position,
	// floor(r·k/n)+1 with r the number of accounts strictly worse (the
	// "min" rank of SQL RANK() and dplyr::min_rank). Bins may be uneven or
	// empty, and that is reported ([WarningUneven], [WarningEmptyBin]).
	BinningGrouped

	// BinningFixed uses caller-given cut points ([Bins.Cuts]) instead of ranks.
	BinningFixed
)

var binningNames = enum.New("Binning", map[Binning]string{
	BinningOrdinal: "ordinal",
	BinningGrouped: "grouped",
	BinningFixed:   "fixed",
})

// String returns "ordinal", "grouped" or "fixed".
func (b Binning) String() string { return binningNames.String(b) }

// MarshalText returns the Binning's name, as String does; an unknown value is
// an error wrapping [ErrInvalid].
func (b Binning) MarshalText() ([]byte, error) { return binningNames.MarshalText(b, ErrInvalid) }

// UnmarshalText parses a name written by [Binning.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (b *Binning) UnmarshalText(text []byte) error {
	v, err := binningNames.UnmarshalText(text, ErrInvalid)
	if err != nil {
		return err
	}
	*b = v
	return nil
}

// Bins says how one dimension is scored. The zero Bins is [BinningOrdinal].
type Bins struct {
	Binning Binning // BinningOrdinal, BinningGrouped or BinningFixed

	// Cuts, for Fixed, are the k−1 strictly ascending values that separate
	// the k bins, in the dimension's unit: days for recency, the count for
	// frequency, the currency's main unit for monetary (12.5 is NZD 12.50).
	// Values below Cuts[0] fall in the lowest bin and values above the last
	// cut in the highest: the outer bins are open-ended.
	Cuts []decimal.Decimal

	// UpperClosed, for Fixed, says which bin a value equal to a cut falls
	// in: by default the upper one (bins are [a, b), closed below); with
	// UpperClosed the lower one (bins are (a, b], closed above).
	UpperClosed bool
}

// A Dimension reports how one of R, F and M was scored (see
// [Table.Dimensions]). It is a plain report: the zero Dimension reports
// nothing.
type Dimension struct {
	Name    string  // "recency", "frequency" or "monetary"
	Binning Binning // how it was scored
	Bins    []Bin   // Bins[s-1] is score s

	// Edges holds the k−1 boundaries between bins in ascending order of
	// value. For Fixed they are the cuts. For Ordinal and Grouped, Edges[j]
	// is the smallest value in the (j+2)-th bin in value order or any bin
	// above it (for recency, bins in value order are scores k, k−1, ...), or
	// the largest value of all if those bins are empty. Under Ordinal a
	// value equal to an edge may also lie in the bin below (a split tie).
	Edges []decimal.Decimal

	Warnings []Warning // bins that collapsed; empty when all are as asked
}

// A Bin reports one score of a dimension; the zero Bin is an empty bin of
// no score.
type Bin struct {
	Score int             // the score, 1 to k
	Count int             // accounts with this score
	Min   decimal.Decimal // smallest value with this score (zero if Count is 0)
	Max   decimal.Decimal // largest value with this score (zero if Count is 0)
}

// A Warning reports bins that collapsed: empty, sharing a value, or
// uneven. The zero Warning has no kind and reports nothing.
type Warning struct {
	Dimension string      // "recency", "frequency" or "monetary"
	Kind      WarningKind // what happened to the bin
	Score     int         // the bin concerned (for SplitTie, the lower of the two)
	Count     int         // accounts in the bin
}

// WarningKind says how bins collapsed. The zero WarningKind is not a kind.
type WarningKind uint8

// The warning kinds.
const (
	WarningEmptyBin WarningKind = iota + 1 // no account has this score
	WarningSplitTie                        // Ordinal: accounts with the same value got this score and the next
	WarningUneven                          // Grouped: the bin's size differs from n/k by one or more whole accounts beyond rounding
)

var warningNames = enum.New("WarningKind", map[WarningKind]string{
	WarningEmptyBin: "empty bin",
	WarningSplitTie: "split tie",
	WarningUneven:   "uneven bin",
})

// String returns a name such as "empty bin".
func (k WarningKind) String() string { return warningNames.String(k) }

// MarshalText returns the WarningKind's name, as String does; an unknown value is
// an error wrapping [ErrInvalid].
// The zero WarningKind is the exception: it is the empty text, unset.
func (k WarningKind) MarshalText() ([]byte, error) { return warningNames.MarshalText(k, ErrInvalid) }

// UnmarshalText parses a name written by [WarningKind.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
// The empty text is the zero WarningKind.
func (k *WarningKind) UnmarshalText(text []byte) error {
	v, err := warningNames.UnmarshalText(text, ErrInvalid)
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// String returns a description such as "frequency score 2: empty bin".
func (w Warning) String() string {
	return w.Dimension + " score " + strconv.Itoa(w.Score) + ": " + w.Kind.String() + " (" + strconv.Itoa(w.Count) + " accounts)"
}

// scored is the result of binning one dimension.
type scored struct {
	scores []uint8 // by position
	order  []int32 // positions in ascending goodness (only when asked for)
	dim    Dimension
}

// keyDim describes a dimension whose values are int64 keys in ascending
// goodness (recency days negated, counts, monetary units), with toValue
// giving the value a key stands for.
type keyDim struct {
	name    string
	keys    []int64 // by position
	toValue func(key int64) decimal.Decimal
	desc    bool // values run opposite to keys (recency): edges in value order are reversed
}

// binKeys scores a key dimension with Ordinal or Grouped binning. With
// wantOrder it also returns the positions in ascending key order, ties by
// position.
func binKeys(d keyDim, k int, mode Binning, wantOrder bool) scored {
	n := len(d.keys)
	out := scored{scores: make([]uint8, n)}
	if n == 0 {
		out.dim = finishDim(d.name, mode, k, make([]binAcc, k+1), d.toValue, d.desc, 0)
		return out
	}
	lo, hi := slices.Min(d.keys), slices.Max(d.keys)
	span := uint64(hi) - uint64(lo)
	acc := make([]binAcc, k+1)
	switch {
	case !wantOrder && span < uint64(4*n+1024):
		// Counting sort: the position of an account in the order is the
		// start of its key plus the number of earlier accounts (lower
		// position, so lower ID) with the same key.
		next := make([]int32, int(span)+1)
		for _, key := range d.keys {
			next[key-lo]++
		}
		start := int32(0)
		for v, c := range next {
			if c > 0 {
				first, last := int(start), int(start+c-1)
				bf, bl := rank.Bin(first, n, k), rank.Bin(last, n, k)
				key := lo + int64(v)
				if mode == BinningGrouped {
					acc[bf].add(key, int(c))
				} else {
					for b := bf; b <= bl; b++ {
						cnt := min(last, rank.BinStart(b+1, n, k)-1) - max(first, rank.BinStart(b, n, k)) + 1
						acc[b].add(key, cnt)
					}
					for b := bf; b < bl; b++ {
						acc[b].split = true // the tie spans every boundary from bf to bl
					}
				}
			}
			next[v] = start
			start += c
		}
		if mode == BinningGrouped {
			for p, key := range d.keys {
				out.scores[p] = uint8(rank.Bin(int(next[key-lo]), n, k))
			}
		} else {
			for p, key := range d.keys {
				v := key - lo
				out.scores[p] = uint8(rank.Bin(int(next[v]), n, k))
				next[v]++
			}
		}
	default:
		order, sortedKeys := sortKeys(d.keys, lo, span)
		prev, prevBin, groupStart := int64(0), 0, 0
		for i, p := range order {
			key := sortedKeys(i)
			if i == 0 || key != prev {
				groupStart = i
			}
			b := rank.Bin(i, n, k)
			if mode == BinningGrouped {
				b = rank.Bin(groupStart, n, k)
			} else if i > 0 && key == prev && b != prevBin {
				acc[prevBin].split = true
			}
			out.scores[p] = uint8(b)
			acc[b].add(key, 1)
			prev, prevBin = key, b
		}
		if wantOrder {
			out.order = order
		}
	}
	out.dim = finishDim(d.name, mode, k, acc, d.toValue, d.desc, n)
	return out
}

// sortKeys returns the positions 0..n−1 sorted by key, then position, and
// a function giving the i-th smallest key without touching keys again.
func sortKeys(keys []int64, lo int64, span uint64) ([]int32, func(i int) int64) {
	n := len(keys)
	order := make([]int32, n)
	pb := uint(bits.Len(uint(n)))
	if bits.Len64(span)+int(pb) <= 64 {
		packed := make([]uint64, n)
		for p, key := range keys {
			packed[p] = (uint64(key)-uint64(lo))<<pb | uint64(p)
		}
		rank.Sort(packed, make([]uint64, n))
		mask := uint64(1)<<pb - 1
		for i, x := range packed {
			order[i] = int32(x & mask)
		}
		return order, func(i int) int64 { return int64(packed[i]>>pb + uint64(lo)) }
	}
	vals := make([]int32, n)
	for i := range vals {
		vals[i] = int32(i)
	}
	ks := make([]uint64, n)
	for p, key := range keys {
		ks[p] = uint64(key) ^ 1<<63 // order-preserving for signed keys
	}
	rank.SortPairs(ks, vals, make([]uint64, n), order)
	return vals, func(i int) int64 { return int64(ks[i] ^ 1<<63) }
}

// binAcc accumulates one bin.
type binAcc struct {
	count    int
	min, max int64
	dmin     decimal.Decimal // for decimal-valued bins
	dmax     decimal.Decimal
	hasDec   bool
	split    bool // a split tie with the next bin
}

func (b *binAcc) add(key int64, c int) {
	if b.count == 0 {
		b.min, b.max = key, key
	} else {
		b.min, b.max = min(b.min, key), max(b.max, key)
	}
	b.count += c
}

func (b *binAcc) addDec(v decimal.Decimal) {
	if !b.hasDec {
		b.dmin, b.dmax, b.hasDec = v, v, true
	} else {
		if v.LessThan(b.dmin) {
			b.dmin = v
		}
		if v.GreaterThan(b.dmax) {
			b.dmax = v
		}
	}
	b.count++
}

// finishDim turns bin accumulators (acc[1..k] by score) into a Dimension.
// toValue maps keys to values (nil when the bins hold decimals).
func finishDim(name string, mode Binning, k int, acc []binAcc, toValue func(int64) decimal.Decimal, desc bool, n int) Dimension {
	d := Dimension{Name: name, Binning: mode, Bins: make([]Bin, k)}
	for s := 1; s <= k; s++ {
		b := &acc[s]
		bin := Bin{Score: s, Count: b.count}
		if b.count > 0 {
			if b.hasDec {
				bin.Min, bin.Max = b.dmin, b.dmax
			} else {
				bin.Min, bin.Max = toValue(b.min), toValue(b.max)
				if desc {
					bin.Min, bin.Max = bin.Max, bin.Min
				}
			}
		}
		d.Bins[s-1] = bin
	}
	// Bins in ascending order of value.
	byValue := make([]Bin, k)
	for s := 1; s <= k; s++ {
		if desc {
			byValue[k-s] = d.Bins[s-1]
		} else {
			byValue[s-1] = d.Bins[s-1]
		}
	}
	if mode != BinningFixed {
		var largest decimal.Decimal
		for _, b := range byValue {
			if b.Count > 0 {
				largest = b.Max
			}
		}
		d.Edges = make([]decimal.Decimal, k-1)
		for j := range d.Edges {
			d.Edges[j] = largest
			for _, b := range byValue[j+1:] {
				if b.Count > 0 {
					d.Edges[j] = b.Min
					break
				}
			}
		}
	}
	for s := 1; s <= k; s++ {
		b := &acc[s]
		switch {
		case b.count == 0 && n > 0:
			d.Warnings = append(d.Warnings, Warning{Dimension: name, Kind: WarningEmptyBin, Score: s})
		case mode == BinningGrouped && n > 0 && uneven(b.count, n, k):
			d.Warnings = append(d.Warnings, Warning{Dimension: name, Kind: WarningUneven, Score: s, Count: b.count})
		}
		if b.split {
			d.Warnings = append(d.Warnings, Warning{Dimension: name, Kind: WarningSplitTie, Score: s, Count: b.count})
		}
	}
	return d
}

// uneven reports whether a bin of c accounts is not one of the sizes
// Ordinal binning gives (floor(n/k) or ceil(n/k)).
func uneven(c, n, k int) bool {
	lo := n / k
	hi := lo
	if n%k != 0 {
		hi++
	}
	return c < lo || c > hi
}

// decDim describes the monetary dimension when some values are decimals.
type decDim struct {
	name  string
	value func(pos int32) decimal.Decimal
	n     int
}

// binDecimals scores a dimension of decimal values (ascending goodness)
// with Ordinal or Grouped binning; it also returns the order.
func binDecimals(d decDim, k int, mode Binning) scored {
	n := d.n
	vals := make([]decimal.Decimal, n)
	order := make([]int32, n)
	for p := range n {
		vals[p] = d.value(int32(p))
		order[p] = int32(p)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return vals[a].Cmp(vals[b]) })
	out := scored{scores: make([]uint8, n), order: order}
	acc := make([]binAcc, k+1)
	groupStart, prevBin := 0, 0
	for i, p := range order {
		if i == 0 || !vals[p].Equal(vals[order[i-1]]) {
			groupStart = i
		}
		b := rank.Bin(i, n, k)
		if mode == BinningGrouped {
			b = rank.Bin(groupStart, n, k)
		} else if i > 0 && groupStart < i && b != prevBin {
			acc[prevBin].split = true
		}
		out.scores[p] = uint8(b)
		acc[b].addDec(vals[p])
		prevBin = b
	}
	out.dim = finishDim(d.name, mode, k, acc, nil, false, n)
	return out
}

// binFixed scores a key dimension against cut points (converted to key
// thresholds at the dimension's scale; exact for integer keys).
func binFixed(d keyDim, k int, spec Bins, scale int32) scored {
	n := len(d.keys)
	out := scored{scores: make([]uint8, n)}
	acc := make([]binAcc, k+1)
	th := make([]int64, len(spec.Cuts)) // a value v passes cut j if v >= th[j]
	for j, c := range spec.Cuts {
		th[j] = threshold(c, scale, spec.UpperClosed)
	}
	for p, key := range d.keys {
		v := key
		if d.desc {
			v = -key // recency keys are negated days
		}
		bin := 1
		for _, t := range th {
			if v >= t {
				bin++
			}
		}
		s := bin
		if d.desc {
			s = k + 1 - bin
		}
		out.scores[p] = uint8(s)
		acc[s].add(key, 1)
	}
	out.dim = finishDim(d.name, BinningFixed, k, acc, d.toValue, d.desc, n)
	out.dim.Edges = slices.Clone(spec.Cuts)
	return out
}

// binFixedDecimals scores a decimal dimension against cut points.
func binFixedDecimals(d decDim, k int, spec Bins) scored {
	out := scored{scores: make([]uint8, d.n)}
	acc := make([]binAcc, k+1)
	for p := range d.n {
		v := d.value(int32(p))
		s := countPassed(spec, v) + 1
		out.scores[p] = uint8(s)
		acc[s].addDec(v)
	}
	out.dim = finishDim(d.name, BinningFixed, k, acc, nil, false, d.n)
	out.dim.Edges = slices.Clone(spec.Cuts)
	return out
}

// countPassed returns how many cuts v has passed.
func countPassed(spec Bins, v decimal.Decimal) int {
	n := 0
	for _, c := range spec.Cuts {
		if cmp := v.Cmp(c); cmp > 0 || (cmp == 0 && !spec.UpperClosed) {
			n++
		}
	}
	return n
}

// threshold converts cut c (in main units) to the smallest integer key
// (in units of 10^-scale) that passes it: ceil(c·10^scale) when a value
// equal to the cut goes up, floor(c·10^scale)+1 when it stays below.
func threshold(c decimal.Decimal, scale int32, upperClosed bool) int64 {
	x := c.Shift(scale)
	var t decimal.Decimal
	if upperClosed {
		t = x.Floor().Add(decimal.NewFromInt(1))
	} else {
		t = x.Ceil()
	}
	if t.GreaterThan(decimal.NewFromInt(math.MaxInt64)) {
		return math.MaxInt64
	}
	if t.LessThan(decimal.NewFromInt(math.MinInt64 + 1)) {
		return math.MinInt64 + 1
	}
	return t.IntPart()
}
