package segmentation_test

import (
	"cmp"
	"math"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var propAsOf = time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)

// IDs that share prefixes, differ only in length, or are long and
// multi-byte, to exercise the dictionary and the byte-wise order.
var propIDs = []string{"a", "b", "ab", "abc", "ACCOUNT-000000001", "ACCOUNT-000000002", "ACCOUNT-0000000010",
	"z", "é", "éa", "C0000001", "C0000002", "C00000010", "x y", "Z", "0", "00", "000000000000000000000000000001"}

// amountGen draws amounts that take every path: cents, sub-cent decimals,
// refunds, and huge values whose sums overflow int64 cents.
func amountGen() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		switch rapid.IntRange(0, 9).Draw(t, "kind") {
		case 0:
			return decimal.New(rapid.Int64Range(-99999, 99999).Draw(t, "milli"), -3)
		case 1:
			return decimal.New(rapid.Int64Range(math.MaxInt64/3, math.MaxInt64-1).Draw(t, "huge"), -2)
		case 2:
			return decimal.New(-rapid.Int64Range(1, 50000).Draw(t, "refund"), -2)
		case 3:
			return decimal.New(rapid.Int64Range(1, 9).Draw(t, "tiny"), -int32(rapid.IntRange(3, 30).Draw(t, "places")))
		}
		return decimal.New(rapid.Int64Range(0, 500000).Draw(t, "cents"), -2)
	})
}

func txGen(future bool) *rapid.Generator[account.Transaction] {
	return rapid.Custom(func(t *rapid.T) account.Transaction {
		lo := -800 * 24 * int64(time.Hour)
		hi := int64(0)
		if future {
			hi = 10 * 24 * int64(time.Hour)
		}
		at := propAsOf.Add(time.Duration(rapid.Int64Range(lo, hi).Draw(t, "offset")))
		amt, err := account.NewMoney(amountGen().Draw(t, "amount"), "USD")
		if err != nil {
			t.Fatal(err)
		}
		return account.Transaction{
			ID:      account.TransactionID(rapid.StringMatching(`T[0-9]{6}`).Draw(t, "id")),
			Account: account.ID(rapid.SampledFrom(propIDs).Draw(t, "account")),
			At:      at,
			Amount:  amt,
			Kind:    account.TransactionRevenue,
		}
	})
}

// modelRow is what a naive implementation computes for one account.
type modelRow struct {
	ID        string
	First     time.Time
	Last      time.Time
	Recency   int
	Frequency int64
	Monetary  decimal.Decimal
	R, F, M   int
}

// model aggregates and scores (Ordinal, k) the obvious way: maps, exact
// decimal sums, and sorts with the ID as tie-breaker.
func model(txs []account.Transaction, asOf time.Time, k int) []modelRow {
	byID := map[string]*modelRow{}
	for _, tx := range txs {
		if tx.At.After(asOf) {
			continue
		}
		r := byID[string(tx.Account)]
		if r == nil {
			r = &modelRow{ID: string(tx.Account), First: tx.At, Last: tx.At}
			byID[string(tx.Account)] = r
		}
		if tx.At.Before(r.First) {
			r.First = tx.At
		}
		if tx.At.After(r.Last) {
			r.Last = tx.At
		}
		r.Frequency++
		r.Monetary = r.Monetary.Add(tx.Amount.Amount())
	}
	day := func(t time.Time) int {
		y, m, d := t.UTC().Date()
		return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	}
	var rows []modelRow
	for _, r := range byID {
		r.Recency = day(asOf) - day(r.Last)
		rows = append(rows, *r)
	}
	slices.SortFunc(rows, func(a, b modelRow) int { return strings.Compare(a.ID, b.ID) })
	n := len(rows)
	idx := make([]int, n)
	score := func(less func(a, b modelRow) int, set func(r *modelRow, s int)) {
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int { return less(rows[a], rows[b]) }) // stable: ID order
		for pos, i := range idx {
			set(&rows[i], pos*k/n+1)
		}
	}
	score(func(a, b modelRow) int { return cmp.Compare(b.Recency, a.Recency) }, func(r *modelRow, s int) { r.R = s })
	score(func(a, b modelRow) int { return cmp.Compare(a.Frequency, b.Frequency) }, func(r *modelRow, s int) { r.F = s })
	score(func(a, b modelRow) int { return a.Monetary.Cmp(b.Monetary) }, func(r *modelRow, s int) { r.M = s })
	return rows
}

func tableRows(t *segmentation.Table) []modelRow {
	var rows []modelRow
	for _, r := range t.All() {
		rows = append(rows, modelRow{ID: string(r.Account), First: r.First, Last: r.Last, Recency: r.Recency,
			Frequency: r.Frequency, Monetary: r.Monetary.Amount(), R: r.R, F: r.F, M: r.M})
	}
	return rows
}

var rowCmp = gocmp.Options{
	gocmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) }),
	gocmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) }),
}

// The table equals the naive model's: exact sums on every path (sub-cent
// amounts, refunds, int64 overflow), recency, Ordinal scores with ID
// tie-breaks; the same whether the input comes as an iterator, a slice split
// over goroutines, or a Ledger, and whatever its order.
func TestPropertyMatchesModel(t *testing.T) {
	defer segmentation.SetParallelMin(8)()
	defer atLeastTwoProcs()()
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(true), 1, 120).Draw(t, "txs")
		k := rapid.IntRange(1, 9).Draw(t, "k")
		want := model(txs, propAsOf, k)
		opts := segmentation.Options{AsOf: propAsOf}
		sc := segmentation.Scoring{K: k}

		check := func(name string, a *segmentation.Aggregator, err error) {
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			tab, err := segmentation.Score(a, sc)
			if err != nil {
				t.Fatalf("%s: Score: %v", name, err)
			}
			if diff := gocmp.Diff(tableRows(tab), want, rowCmp); diff != "" {
				t.Fatalf("%s: table differs from model (-got +want):\n%s", name, diff)
			}
		}
		seq := func(yield func(account.Transaction, error) bool) {
			for _, tx := range txs {
				if !yield(tx, nil) {
					return
				}
			}
		}
		a, err := segmentation.Aggregate(seq, opts)
		check("Aggregate", a, err)
		a, err = segmentation.AggregateSlice(txs, opts)
		check("AggregateSlice", a, err)

		shuffled := slices.Clone(txs)
		perm := rapid.Permutation(shuffled).Draw(t, "perm")
		a, err = segmentation.AggregateSlice(perm, opts)
		check("AggregateSlice(shuffled)", a, err)

		l, err := segmentation.NewLedger("USD", account.TransactionRevenue)
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range txs {
			if err := l.Append(tx); err != nil {
				t.Fatal(err)
			}
		}
		a, err = aggregateLedger(l, opts)
		check("AddLedger", a, err)
	})
}

// atLeastTwoProcs raises GOMAXPROCS to 2 if it is lower, so that the
// parallel paths run on a 1-CPU machine too, and returns a function that
// restores it.
func atLeastTwoProcs() (restore func()) {
	old := runtime.GOMAXPROCS(max(2, runtime.GOMAXPROCS(0)))
	return func() { runtime.GOMAXPROCS(old) }
}

// Aggregating the parts of any split and merging them in any order equals
// aggregating the whole.
func TestPropertyMergeLaw(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(true), 0, 80).Draw(t, "txs")
		parts := rapid.IntRange(1, 5).Draw(t, "parts")
		opts := segmentation.Options{AsOf: propAsOf, Frequency: segmentation.FrequencyBasis(rapid.IntRange(0, 5).Draw(t, "frequency"))}
		split := make([][]account.Transaction, parts)
		for _, tx := range txs {
			p := rapid.IntRange(0, parts-1).Draw(t, "part")
			split[p] = append(split[p], tx)
		}
		var aggs []*segmentation.Aggregator
		for _, s := range split {
			a, err := segmentation.AggregateSlice(s, opts)
			if err != nil {
				t.Fatal(err)
			}
			aggs = append(aggs, a)
		}
		order := rapid.Permutation(aggs).Draw(t, "order")
		merged, err := segmentation.NewAggregator(opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range order {
			if err := merged.Merge(a); err != nil {
				t.Fatal(err)
			}
		}
		whole, err := segmentation.AggregateSlice(txs, opts)
		if err != nil {
			t.Fatal(err)
		}
		if merged.Excluded() != whole.Excluded() {
			t.Fatalf("Excluded: merged %+v, whole %+v", merged.Excluded(), whole.Excluded())
		}
		tm, err1 := segmentation.Score(merged, segmentation.Scoring{})
		tw, err2 := segmentation.Score(whole, segmentation.Scoring{})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if diff := gocmp.Diff(tableRows(tm), tableRows(tw), rowCmp); diff != "" {
			t.Fatalf("merged differs from whole (-merged +whole):\n%s", diff)
		}
	})
}

// With GOMAXPROCS > 1 the parallel paths give what adding rows one by one
// gives, for slices and ledgers, with every frequency basis. GOMAXPROCS is
// raised to 2 if it is lower, so that a 1-CPU runner tests them too.
func TestPropertyParallelEqualsSequential(t *testing.T) {
	defer segmentation.SetParallelMin(4)()
	defer atLeastTwoProcs()()
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(true), 0, 150).Draw(t, "txs")
		opts := segmentation.Options{AsOf: propAsOf, Frequency: segmentation.FrequencyBasis(rapid.IntRange(0, 5).Draw(t, "frequency")),
			Monetary: segmentation.MonetaryBasis(rapid.IntRange(0, 1).Draw(t, "monetary"))}
		seq, err := segmentation.NewAggregator(opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, tx := range txs {
			if err := seq.Add(tx); err != nil {
				t.Fatal(err)
			}
		}
		par, err := segmentation.AggregateSlice(txs, opts)
		if err != nil {
			t.Fatal(err)
		}
		l, _ := segmentation.NewLedger("USD", account.TransactionRevenue)
		for _, tx := range txs {
			if err := l.Append(tx); err != nil {
				t.Fatal(err)
			}
		}
		led, err := aggregateLedger(l, opts)
		if err != nil {
			t.Fatal(err)
		}
		ts, _ := segmentation.Score(seq, segmentation.Scoring{})
		for name, a := range map[string]*segmentation.Aggregator{"slice": par, "ledger": led} {
			tp, err := segmentation.Score(a, segmentation.Scoring{})
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tableRows(tp), tableRows(ts), rowCmp); diff != "" {
				t.Fatalf("%s: parallel differs from sequential (-parallel +sequential):\n%s", name, diff)
			}
			if a.Excluded() != seq.Excluded() {
				t.Fatalf("%s: Excluded %+v, want %+v", name, a.Excluded(), seq.Excluded())
			}
		}
	})
}

// Scores lie in 1..k and never fall as the value improves; Ordinal bins
// differ in size by at most one; Grouped and Fixed give equal values equal
// scores; Fixed scores count the cuts passed.
func TestPropertyBinning(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(false), 1, 150).Draw(t, "txs")
		k := rapid.IntRange(1, 12).Draw(t, "k")
		mode := segmentation.Binning(rapid.IntRange(0, 2).Draw(t, "binning"))
		a, err := segmentation.AggregateSlice(txs, segmentation.Options{AsOf: propAsOf})
		if err != nil {
			t.Fatal(err)
		}
		type dim struct {
			name  string
			score func(modelRow) int
			value func(modelRow) decimal.Decimal
			cmp   func(a, b modelRow) int // ascending goodness
			desc  bool                    // better values are smaller (recency)
			bins  segmentation.Bins
		}
		dims := []*dim{
			{name: "R", score: func(r modelRow) int { return r.R }, value: func(r modelRow) decimal.Decimal { return decimal.NewFromInt(int64(r.Recency)) },
				cmp: func(a, b modelRow) int { return cmp.Compare(b.Recency, a.Recency) }, desc: true},
			{name: "F", score: func(r modelRow) int { return r.F }, value: func(r modelRow) decimal.Decimal { return decimal.NewFromInt(r.Frequency) },
				cmp: func(a, b modelRow) int { return cmp.Compare(a.Frequency, b.Frequency) }},
			{name: "M", score: func(r modelRow) int { return r.M }, value: func(r modelRow) decimal.Decimal { return r.Monetary },
				cmp: func(a, b modelRow) int { return a.Monetary.Cmp(b.Monetary) }},
		}
		for _, d := range dims {
			d.bins = segmentation.Bins{Binning: mode}
		}
		if mode == segmentation.BinningFixed {
			// Cuts drawn from the values themselves (so that values fall
			// on cuts) and from around them.
			plainTab, err := segmentation.Score(a, segmentation.Scoring{})
			if err != nil {
				t.Fatal(err)
			}
			plain := tableRows(plainTab)
			for _, d := range dims {
				var pool []decimal.Decimal
				for _, r := range plain {
					v := d.value(r)
					pool = append(pool, v, v.Add(decimal.New(5, -1)), v.Sub(decimal.New(1, -3)))
				}
				var cuts []decimal.Decimal
				for range k - 1 {
					cuts = append(cuts, rapid.SampledFrom(pool).Draw(t, d.name+" cut"))
				}
				slices.SortFunc(cuts, decimal.Decimal.Cmp)
				cuts = slices.CompactFunc(cuts, decimal.Decimal.Equal)
				for len(cuts) < k-1 {
					cuts = append(cuts, cuts[len(cuts)-1].Add(decimal.New(1, 0)))
				}
				d.bins.Cuts = cuts
				d.bins.UpperClosed = rapid.Bool().Draw(t, d.name+" upper closed")
			}
		}
		tab, err := segmentation.Score(a, segmentation.Scoring{K: k, Recency: dims[0].bins, Frequency: dims[1].bins, Monetary: dims[2].bins})
		if err != nil {
			t.Fatal(err)
		}
		rows := tableRows(tab)
		for _, d := range dims {
			if mode == segmentation.BinningFixed {
				// The score counts the cuts the value has passed (for
				// recency, counted down from k).
				for _, r := range rows {
					passed := 0
					for _, c := range d.bins.Cuts {
						if x := d.value(r).Cmp(c); x > 0 || x == 0 && !d.bins.UpperClosed {
							passed++
						}
					}
					want := passed + 1
					if d.desc {
						want = k - passed
					}
					if got := d.score(r); got != want {
						t.Fatalf("%s: %s value %v scores %d with cuts %v (upper closed %v), want %d", d.name, r.ID, d.value(r), got, d.bins.Cuts, d.bins.UpperClosed, want)
					}
				}
			}
			sizes := make([]int, k+1)
			for _, r := range rows {
				s := d.score(r)
				if s < 1 || s > k {
					t.Fatalf("%s score %d of %s outside 1..%d", d.name, s, r.ID, k)
				}
				sizes[s]++
			}
			for _, r1 := range rows {
				for _, r2 := range rows {
					c := d.cmp(r1, r2)
					if c < 0 && d.score(r1) > d.score(r2) {
						t.Fatalf("%s: %s is worse than %s but scores higher", d.name, r1.ID, r2.ID)
					}
					if c == 0 && mode != segmentation.BinningOrdinal && d.score(r1) != d.score(r2) {
						t.Fatalf("%s: %s and %s have equal values but scores %d and %d", d.name, r1.ID, r2.ID, d.score(r1), d.score(r2))
					}
				}
			}
			if mode == segmentation.BinningOrdinal && slices.Max(sizes[1:])-slices.Min(sizes[1:]) > 1 {
				t.Fatalf("%s: Ordinal bin sizes %v differ by more than one", d.name, sizes[1:])
			}
		}
	})
}

// Shares sum to one, the Pareto and Lorenz curves are monotone, the Gini
// coefficient lies in [0, 1−1/n] and the HHI in [1/n, 1]; CountFor is the
// exact smallest count.
func TestPropertyPareto(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 60).Draw(t, "n")
		vals := make(map[account.ID]account.Money)
		for i := range n {
			d := amountGen().Draw(t, "value").Abs()
			vals[account.ID(rune('A'+i%26))+account.ID(strings.Repeat("x", i/26))], _ = account.NewMoney(d, "EUR")
		}
		p, err := segmentation.NewPareto(vals)
		if err != nil {
			t.Fatal(err)
		}
		shares := p.Shares()
		total := p.Total().Amount()
		sum, prevCum := 0.0, 0.0
		for i, s := range shares {
			sum += s.Share
			if s.Cumulative < prevCum {
				t.Fatalf("cumulative share falls at %d: %v after %v", i, s.Cumulative, prevCum)
			}
			if i > 0 && s.Value.Amount().GreaterThan(shares[i-1].Value.Amount()) {
				t.Fatalf("values not descending at %d", i)
			}
			prevCum = s.Cumulative
		}
		if n > 0 && total.Sign() > 0 {
			if math.Abs(sum-1) > 1e-9 || shares[n-1].Cumulative != 1 {
				t.Fatalf("shares sum to %v, last cumulative %v", sum, shares[n-1].Cumulative)
			}
		}
		lz := p.Lorenz()
		for i := 1; i < len(lz); i++ {
			if lz[i].Y < lz[i-1].Y || lz[i].X <= lz[i-1].X {
				t.Fatalf("Lorenz curve not monotone at %d: %+v after %+v", i, lz[i], lz[i-1])
			}
		}
		g := p.Gini()
		if n > 0 && (g < -1e-12 || g > 1-1/float64(n)+1e-12) {
			t.Fatalf("Gini %v outside [0, 1-1/%d]", g, n)
		}
		if n > 0 && total.Sign() > 0 {
			h := p.HHI()
			if h < 1/float64(n)-1e-12 || h > 1+1e-12 {
				t.Fatalf("HHI %v outside [1/%d, 1]", h, n)
			}
		}
		f := decimal.New(rapid.Int64Range(0, 1000).Draw(t, "permille"), -3)
		k, err := p.CountFor(f)
		if err != nil {
			t.Fatal(err)
		}
		cum := func(k int) decimal.Decimal {
			s := decimal.Zero
			for _, sh := range shares[:k] {
				s = s.Add(sh.Value.Amount())
			}
			return s
		}
		target := f.Mul(total)
		if cum(k).LessThan(target) || k > 0 && !cum(k-1).LessThan(target) {
			t.Fatalf("CountFor(%v) = %d: cum %v, previous %v, target %v", f, k, cum(k), cum(max(k-1, 0)), target)
		}
	})
}

// A rule table that passes Validate matches every cell with exactly one
// rule; and one that does is accepted. Rules bound R, F, M and F+M.
func TestPropertyValidatedRulesCoverOnce(t *testing.T) {
	// rangeGen draws a valid range of lo..hi, either end possibly open (0).
	rangeGen := func(lo, hi int) *rapid.Generator[segmentation.Range] {
		return rapid.Custom(func(t *rapid.T) segmentation.Range {
			a := rapid.IntRange(lo, hi).Draw(t, "min")
			b := rapid.IntRange(a, hi).Draw(t, "max")
			if rapid.Bool().Draw(t, "open min") {
				a = 0
			}
			if rapid.Bool().Draw(t, "open max") {
				b = 0
			}
			return segmentation.Range{Min: a, Max: b}
		})
	}
	rapid.Check(t, func(t *rapid.T) {
		k := rapid.IntRange(1, 4).Draw(t, "k")
		rules := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) segmentation.Rule {
			r := segmentation.Rule{Segment: rapid.SampledFrom([]string{"x", "y", "z"}).Draw(t, "name"),
				R: rangeGen(1, k).Draw(t, "R"), F: rangeGen(1, k).Draw(t, "F"), M: rangeGen(1, k).Draw(t, "M")}
			if rapid.Bool().Draw(t, "has FMSum") {
				r.FMSum = rangeGen(2, 2*k).Draw(t, "FMSum")
			}
			return r
		}), 0, 6).Draw(t, "rules")
		tab := segmentation.RuleTable{K: k, Rules: rules}
		exactlyOnce, everyRuleMatches := true, true
		matched := make([]bool, len(rules))
		for r := 1; r <= k; r++ {
			for f := 1; f <= k; f++ {
				for m := 1; m <= k; m++ {
					n := 0
					for i, rule := range rules {
						if in(rule.R, r, 1, k) && in(rule.F, f, 1, k) && in(rule.M, m, 1, k) && in(rule.FMSum, f+m, 2, 2*k) {
							n++
							matched[i] = true
						}
					}
					if n != 1 {
						exactlyOnce = false
					}
				}
			}
		}
		for _, ok := range matched {
			everyRuleMatches = everyRuleMatches && ok
		}
		err := tab.Validate()
		if (err == nil) != (exactlyOnce && everyRuleMatches) {
			t.Fatalf("Validate() = %v, but every cell matched exactly once: %v, every rule matches a cell: %v", err, exactlyOnce, everyRuleMatches)
		}
		for r := 1; r <= k; r++ {
			for f := 1; f <= k; f++ {
				for m := 1; m <= k; m++ {
					want, wok := "", false
					for _, rule := range rules {
						if in(rule.R, r, 1, k) && in(rule.F, f, 1, k) && in(rule.M, m, 1, k) && in(rule.FMSum, f+m, 2, 2*k) {
							want, wok = rule.Segment, true
							break
						}
					}
					if got, ok := tab.Segment(r, f, m); got != want || ok != wok {
						t.Fatalf("Segment(%d, %d, %d) = %q, %v; want %q, %v (first match)", r, f, m, got, ok, want, wok)
					}
				}
			}
		}
	})
}

// in reports whether s lies in r, whose open ends are lo and hi.
func in(r segmentation.Range, s, lo, hi int) bool {
	if r.Min != 0 {
		lo = r.Min
	}
	if r.Max != 0 {
		hi = r.Max
	}
	return s >= lo && s <= hi
}

// Partials shipped to another aggregator, in any order and split, give the
// same table as the original aggregate, for every frequency basis.
func TestPropertyPartialsRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(true), 0, 80).Draw(t, "txs")
		opts := segmentation.Options{AsOf: propAsOf, Frequency: segmentation.FrequencyBasis(rapid.IntRange(0, 5).Draw(t, "frequency"))}
		orig, err := segmentation.AggregateSlice(txs, opts)
		if err != nil {
			t.Fatal(err)
		}
		var parts []segmentation.Partial
		for p := range orig.Partials() {
			parts = append(parts, p)
		}
		shipped, err := segmentation.NewAggregator(opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range rapid.Permutation(parts).Draw(t, "order") {
			if err := shipped.AddPartial(p); err != nil {
				t.Fatal(err)
			}
		}
		a, err1 := segmentation.Score(orig, segmentation.Scoring{})
		b, err2 := segmentation.Score(shipped, segmentation.Scoring{})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if diff := gocmp.Diff(tableRows(b), tableRows(a), rowCmp); diff != "" {
			t.Fatalf("shipped partials differ (-shipped +original):\n%s", diff)
		}
	})
}

// Table.Monetary gives every account's M, exactly as its Row does, on
// every path (cents, sub-cent decimals, overflowing sums).
func TestPropertyMonetaryMatchesRows(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		txs := rapid.SliceOfN(txGen(false), 1, 80).Draw(t, "txs")
		mean := rapid.Bool().Draw(t, "mean")
		o := segmentation.Options{AsOf: propAsOf}
		if mean {
			o.Monetary = segmentation.MonetaryMean
		}
		a, err := segmentation.AggregateSlice(txs, o)
		if err != nil {
			t.Fatal(err)
		}
		tab, err := segmentation.Score(a, segmentation.Scoring{})
		if err != nil {
			t.Fatal(err)
		}
		got := tab.Monetary()
		if len(got) != tab.Len() {
			t.Fatalf("Monetary has %d accounts, the table %d", len(got), tab.Len())
		}
		for _, r := range tab.All() {
			if m, ok := got[r.Account]; !ok || !m.Equal(r.Monetary) {
				t.Fatalf("Monetary[%s] = %v, %v; the row says %v", r.Account, m, ok, r.Monetary)
			}
		}
	})
}
