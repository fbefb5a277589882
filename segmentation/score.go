package segmentation

import (
	"bytes"
	"iter"
	"math"
	"math/big"
	"slices"
	"sort"
	"strconv"
	"sync"
	"time"
	"unsafe"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/internal/parallel"
	"github.com/shopspring/decimal"
)

// Scoring says how the aggregated metrics become scores and segments.
//
// The zero Scoring is usable: quintiles (K = 5) by [BinningOrdinal] binning in
// every dimension, and no segments.
type Scoring struct {
	// K is the number of scores per dimension, 1 to 100; 0 means 5.
	K int

	// Recency, Frequency and Monetary say how each dimension is binned.
	Recency, Frequency, Monetary Bins

	// Segments, if it has rules, names a segment for every account. Its K
	// must equal the scoring's (0 meaning 5 in both).
	Segments RuleTable
}

func (s Scoring) k() int {
	if s.K == 0 {
		return 5
	}
	return s.K
}

// Validate reports the first problem with s as an [*account.FieldError]
// (Record "Scoring") or, for the rule table, the first error of
// [RuleTable.Validate] other than a coverage problem (a table with
// unmatched cells or overlaps is allowed and assigns by first match). All
// wrap [ErrInvalid].
func (s Scoring) Validate() error {
	k := s.k()
	if k < 1 || k > maxK {
		return &account.FieldError{Record: "Scoring", Field: "K", Value: s.K, Reason: "must be from 1 to " + strconv.Itoa(maxK), Err: ErrInvalid}
	}
	for _, b := range []struct {
		name string
		b    Bins
	}{{"Recency", s.Recency}, {"Frequency", s.Frequency}, {"Monetary", s.Monetary}} {
		field := "Scoring." + b.name
		switch b.b.Binning {
		case BinningOrdinal, BinningGrouped:
			if len(b.b.Cuts) > 0 {
				return &account.FieldError{Record: "Scoring", Field: field + ".Cuts", Reason: "are only for Fixed binning", Err: ErrInvalid}
			}
		case BinningFixed:
			if len(b.b.Cuts) != k-1 {
				return &account.FieldError{Record: "Scoring", Field: field + ".Cuts", Value: len(b.b.Cuts), Reason: "must hold K-1 = " + strconv.Itoa(k-1) + " cut points", Err: ErrInvalid}
			}
			for j := 1; j < len(b.b.Cuts); j++ {
				if !b.b.Cuts[j].GreaterThan(b.b.Cuts[j-1]) {
					return &account.FieldError{Record: "Scoring", Field: field + ".Cuts", Value: b.b.Cuts[j].String(), Reason: "must be strictly ascending", Err: ErrInvalid}
				}
			}
		default:
			return &account.FieldError{Record: "Scoring", Field: field + ".Binning", Value: int(b.b.Binning), Reason: "is not a known binning", Err: ErrInvalid}
		}
	}
	if len(s.Segments.Rules) > 0 {
		if s.Segments.k() != k {
			return &account.FieldError{Record: "Scoring", Field: "Segments.K", Value: s.Segments.k(), Reason: "differs from Scoring.K " + strconv.Itoa(k), Err: ErrInvalid}
		}
		errs, field := s.Segments.problems()
		if field != nil {
			return field
		}
		for _, e := range errs {
			if e.Problem == ProblemBadRule {
				return e
			}
		}
	}
	return nil
}

// A Table is the final per-account RFM table: each account's metrics, its
// scores and its segment, in ascending order of account ID (byte-wise).
// Build one with [Score].
//
// A Table is immutable and safe for concurrent use. It holds its columns
// compactly; [Table.Row] builds a [Row] on demand. The zero Table is empty.
type Table struct {
	opts     Options
	k        int
	asOfDay  int64
	currency account.Currency // "" when the table is empty
	scale    int32

	// Account IDs: row i's ID is arena[offs[codes[i]]:offs[codes[i]+1]].
	// arena and offs are a snapshot of the aggregator's dictionary (which
	// only ever grows at the end), so the Table copies no ID.
	arena []byte
	offs  []int
	codes []int32

	first, last []int64  // Unix ns
	rec         []int32  // days
	freq        []uint32 // F
	count       []uint32 // transactions
	mon         []int64  // units, or exactMark
	monExact    map[int32]decimal.Decimal
	r, f, m     []uint8
	seg         []uint16 // 1-based index into segNames; 0 = none
	segNames    []string
	mOrder      []int32 // rows in ascending monetary order, ties by ID
	dims        [3]Dimension
	excluded    Excluded
	touch       uint32 // keeps look-ahead loads alive
}

// Row is one account's line of a [Table]. The zero Row is what
// [Table.Lookup] returns for an account that is not in the table.
type Row struct {
	Account account.ID // the account

	// First and Last are the instants of the account's first and last
	// counted transaction, in the Options' location.
	First, Last time.Time

	// Recency is the number of whole days from Last's date to the analysis
	// date (dates in the Options' location): 0 for the analysis day itself.
	Recency int

	// Frequency is F: transactions, or distinct days or periods (see
	// [Options.Frequency]).
	Frequency int64

	// Transactions is the number of transactions counted.
	Transactions int64

	// Monetary is M: the exact net sum, or the mean per transaction (see
	// [Options.Monetary]). It may be negative (net refunds).
	Monetary account.Money

	// R, F and M are the scores, 1 to K; higher is better.
	R, F, M int

	// Segment is the segment the rule table assigns, or "".
	Segment string
}

// Score finalises the aggregate a into the per-account table: each account
// with at least one counted transaction gets its recency, frequency and
// monetary value, a score 1..K in each, and its segment.
//
// It returns the errors of [Scoring.Validate], and a [*CurrencyError] if
// the accounts' amounts are in more than one currency (monetary values are
// only ranked within one currency: convert first). Score does not change a.
func Score(a *Aggregator, s Scoring) (*Table, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	k := s.k()
	t := &Table{opts: a.opts, k: k, excluded: a.excl}
	if a.opts.AsOf.IsZero() {
		// The day after the latest counted transaction.
		latest := int64(math.MinInt64)
		for c := range a.ent {
			if a.ent[c].count > 0 {
				latest = max(latest, a.ent[c].last)
			}
		}
		if latest != math.MinInt64 {
			t.asOfDay = dayOf(latest, a.loc) + 1
			y, m, d := civil.Date(t.asOfDay)
			t.opts.AsOf = time.Date(y, time.Month(m), d, 0, 0, 0, 0, a.loc)
		}
	} else {
		t.asOfDay = dayOf(a.asOf, a.loc)
	}

	// The accounts with transactions, in ID order.
	codes := a.codesByID() // codes[row] is the aggregator code of table row `row`
	n := len(codes)

	// One currency for all: checked in code order (sequential); the error,
	// if any, is then worked out in ID order so that it does not depend on
	// the order of the input.
	if n > 0 {
		cur := a.ent[codes[0]].cur
		mixed := false
		for c := range a.ent {
			if e := &a.ent[c]; e.count > 0 && e.cur != cur {
				mixed = true
				break
			}
		}
		if mixed {
			for _, c := range codes {
				if a.ent[c].cur != cur {
					return nil, currencyError(account.ID(a.d.id(codes[0])), account.ID(a.d.id(c)), a.curs[cur-1], a.curs[a.ent[c].cur-1])
				}
			}
		}
		t.currency = a.curs[cur-1]
		t.scale = scaleOf(t.currency)
	}

	t.arena, t.offs, t.codes = a.d.arena, a.d.offs, codes
	t.first, t.last = make([]int64, n), make([]int64, n)
	t.rec, t.freq, t.count = make([]int32, n), make([]uint32, n), make([]uint32, n)
	t.mon = make([]int64, n)
	// Gather each row's entry. The entries are read in ID order, that is
	// at random: goroutines over row ranges keep more misses in flight.
	w := workers(n)
	exactRows := make([][]int32, w)
	touches := make([]uint32, w)
	parallel.For(w, n, func(p, lo, hi int) {
		var touch uint32
		for row := lo; row < hi; row++ {
			if j := row + prefetch; j < hi {
				touch += a.ent[codes[j]].count // load ahead: see prefetch
			}
			e := &a.ent[codes[row]]
			t.first[row], t.last[row] = e.first, e.last
			t.rec[row] = int32(t.asOfDay - dayOf(e.last, a.loc))
			t.count[row] = e.count
			t.freq[row] = e.count
			if e.flags&flagExact != 0 {
				exactRows[p] = append(exactRows[p], int32(row))
			} else {
				t.mon[row] = e.sum
			}
		}
		touches[p] = touch
	})
	for p := range w {
		t.touch += touches[p]
		for _, row := range exactRows[p] {
			t.setExact(row, a.exact[codes[row]])
		}
	}
	if perCode := a.periodCounts(); perCode != nil {
		for row, c := range codes {
			t.freq[row] = perCode[c]
		}
	}
	if a.opts.Monetary == MonetaryMean {
		for row := range codes {
			t.mean(int32(row))
		}
	}

	// Scores.
	rk := make([]int64, n)
	fk := make([]int64, n)
	for i := range n {
		rk[i] = -int64(t.rec[i])
		fk[i] = int64(t.freq[i])
	}
	intValue := func(key int64) decimal.Decimal { return decimal.NewFromInt(key) }
	negValue := func(key int64) decimal.Decimal { return decimal.NewFromInt(-key) }
	rd := keyDim{name: "recency", keys: rk, toValue: negValue, desc: true}
	fd := keyDim{name: "frequency", keys: fk, toValue: intValue}
	bin := func(d keyDim, spec Bins, scale int32, wantOrder bool) scored {
		if spec.Binning == BinningFixed {
			return binFixed(d, k, spec, scale)
		}
		return binKeys(d, k, spec.Binning, wantOrder)
	}
	// The three dimensions are independent: score monetary value (the
	// costliest: a radix sort) alongside recency and frequency.
	var rs, fs, ms scored
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if len(t.monExact) == 0 {
			scale := t.scale
			md := keyDim{name: "monetary", keys: t.mon, toValue: func(u int64) decimal.Decimal { return fromUnits(u, scale) }}
			ms = bin(md, s.Monetary, scale, true)
			if ms.order == nil {
				ms.order = orderOf(t.mon)
			}
			return
		}
		dd := decDim{name: "monetary", value: t.monetary, n: n}
		if s.Monetary.Binning == BinningFixed {
			ms = binFixedDecimals(dd, k, s.Monetary)
		} else {
			ms = binDecimals(dd, k, s.Monetary.Binning)
		}
		if ms.order == nil {
			ms.order = binDecimals(dd, k, BinningOrdinal).order
		}
	}()
	rs = bin(rd, s.Recency, 0, false)
	fs = bin(fd, s.Frequency, 0, false)
	wg.Wait()
	t.r, t.f, t.m = rs.scores, fs.scores, ms.scores
	t.mOrder = ms.order
	t.dims = [3]Dimension{rs.dim, fs.dim, ms.dim}

	if len(s.Segments.Rules) > 0 {
		t.segNames = s.Segments.Segments()
		lut := s.Segments.lookupTable(t.segNames)
		t.seg = make([]uint16, n)
		for i := range n {
			t.seg[i] = lut[((int(t.r[i])-1)*k+int(t.f[i])-1)*k+int(t.m[i])-1]
		}
	}
	return t, nil
}

// orderOf returns the positions of keys in ascending key order, ties by
// position.
func orderOf(keys []int64) []int32 {
	if len(keys) == 0 {
		return nil
	}
	lo, hi := slices.Min(keys), slices.Max(keys)
	order, _ := sortKeys(keys, lo, uint64(hi)-uint64(lo))
	return order
}

func (t *Table) setExact(row int32, d decimal.Decimal) {
	if t.monExact == nil {
		t.monExact = make(map[int32]decimal.Decimal)
	}
	if u, ok := toUnits(d, t.scale); ok && u != exactMark {
		t.mon[row] = u
		delete(t.monExact, row)
		return
	}
	t.mon[row] = exactMark
	t.monExact[row] = d
}

// mean replaces row's monetary total by the mean per transaction, rounded
// half away from zero to the units (or to the places the sum's value needs,
// if more: trailing zeros do not count, so that the mean depends on the
// sum's value, not on how its amounts were written or where it was summed).
func (t *Table) mean(row int32) {
	cnt := int64(t.count[row])
	if u := t.mon[row]; u != exactMark {
		q, r := u/cnt, u%cnt
		if r < 0 {
			r = -r
		}
		if uint64(r)*2 >= uint64(cnt) {
			if u < 0 {
				q--
			} else {
				q++
			}
		}
		t.mon[row] = q
		return
	}
	d := t.monExact[row]
	places := max(t.scale, placesOf(d))
	t.setExact(row, d.DivRound(decimal.NewFromInt(cnt), places))
}

// placesOf returns the number of decimal places d's value needs: its
// exponent's, less the trailing zeros of its coefficient (0.0100 needs 2).
func placesOf(d decimal.Decimal) int32 {
	e := d.Exponent()
	if e >= 0 || d.IsZero() {
		return 0
	}
	c, q, r, ten := d.Coefficient(), new(big.Int), new(big.Int), big.NewInt(10)
	for ; e < 0; e++ {
		if q.QuoRem(c, ten, r); r.Sign() != 0 {
			break
		}
		c, q = q, c
	}
	return -e
}

// monetary returns row's monetary value as a decimal.
func (t *Table) monetary(row int32) decimal.Decimal {
	if u := t.mon[row]; u != exactMark {
		return fromUnits(u, t.scale)
	}
	return t.monExact[row]
}

// money returns row's monetary value as Money, for [Table.Row] and
// [Table.Monetary]. A table with rows has a valid currency, so NewMoney
// cannot fail.
func (t *Table) money(row int) account.Money {
	m, _ := account.NewMoney(t.monetary(int32(row)), t.currency)
	return m
}

// negative reports whether row's monetary value is below zero, without
// building a decimal for the common int64 case.
func (t *Table) negative(row int) bool {
	if u := t.mon[row]; u != exactMark {
		return u < 0
	}
	return t.monExact[int32(row)].Sign() < 0
}

// Len returns the number of accounts.
func (t *Table) Len() int { return len(t.r) }

// K returns the number of scores per dimension.
func (t *Table) K() int { return t.k }

// AsOf returns the analysis instant: [Options.AsOf], or the instant it
// resolved to if that was zero (zero for an empty table).
func (t *Table) AsOf() time.Time { return t.opts.AsOf }

// Currency returns the currency of the monetary values ("" for an empty
// table).
func (t *Table) Currency() account.Currency { return t.currency }

// Excluded returns the counts of transactions the aggregation left out.
func (t *Table) Excluded() Excluded { return t.excluded }

// Dimensions returns how recency, frequency and monetary value were scored,
// in that order.
func (t *Table) Dimensions() [3]Dimension { return t.dims }

// Warnings returns the warnings of all three dimensions.
func (t *Table) Warnings() []Warning {
	var w []Warning
	for _, d := range t.dims {
		w = append(w, d.Warnings...)
	}
	return w
}

// ID returns the account ID of row i. It does not copy: the ID, like every
// ID the table returns (in a [Row], [Table.Monetary], [Table.Negative]),
// shares the memory the table holds all its IDs in, so that keeping one
// keeps them all. To keep a few IDs of a large table after dropping it,
// copy them with [strings.Clone].
func (t *Table) ID(i int) account.ID {
	b := t.idBytes(i)
	if len(b) == 0 {
		return ""
	}
	// No copy: the dictionary's arena is append-only (see dict), so the
	// bytes of a coded ID never change, and a string over them is as
	// immutable as any. Reading a million rows then allocates no IDs.
	return account.ID(unsafe.String(&b[0], len(b)))
}

func (t *Table) idBytes(i int) []byte {
	c := t.codes[i]
	return t.arena[t.offs[c]:t.offs[c+1]:t.offs[c+1]]
}

// Row returns row i (0 ≤ i < Len), rows being in ascending ID order.
func (t *Table) Row(i int) Row {
	loc := t.opts.loc()
	r := Row{
		Account:      t.ID(i),
		First:        time.Unix(0, t.first[i]).In(loc),
		Last:         time.Unix(0, t.last[i]).In(loc),
		Recency:      int(t.rec[i]),
		Frequency:    int64(t.freq[i]),
		Transactions: int64(t.count[i]),
		Monetary:     t.money(i),
		R:            int(t.r[i]),
		F:            int(t.f[i]),
		M:            int(t.m[i]),
	}
	if t.seg != nil && t.seg[i] > 0 {
		r.Segment = t.segNames[t.seg[i]-1]
	}
	return r
}

// All yields every row in ascending ID order, with its index.
func (t *Table) All() iter.Seq2[int, Row] {
	return func(yield func(int, Row) bool) {
		for i := range t.Len() {
			if !yield(i, t.Row(i)) {
				return
			}
		}
	}
}

// Lookup returns the row of account id.
func (t *Table) Lookup(id account.ID) (Row, bool) {
	i := sort.Search(t.Len(), func(i int) bool { return bytes.Compare(t.idBytes(i), []byte(id)) >= 0 })
	if i < t.Len() && string(t.idBytes(i)) == string(id) {
		return t.Row(i), true
	}
	return Row{}, false
}

// Monetary returns each account's M (see [Row].Monetary) by account ID:
// the per-account value other analyses take, such as the values a
// tiering run ranks by or a Pareto over the same accounts.
func (t *Table) Monetary() map[account.ID]account.Money {
	out := make(map[account.ID]account.Money, t.Len())
	for i := range t.Len() {
		out[t.ID(i)] = t.money(i)
	}
	return out
}

// Negative returns the accounts whose monetary value is negative (net
// refunds), in ID order. They are scored like any other (lowest), and
// reported here rather than hidden.
func (t *Table) Negative() []account.ID {
	var ids []account.ID
	for i := range t.Len() {
		if t.negative(i) {
			ids = append(ids, t.ID(i))
		}
	}
	return ids
}
