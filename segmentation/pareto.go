package segmentation

import (
	"cmp"
	"maps"
	"math/big"
	"math/bits"
	"slices"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/shopspring/decimal"
)

// A Pareto holds non-negative values per account in descending order of
// value, ties in ascending order of account ID, and answers the usual
// concentration questions about them, all from exact sums.
//
// Build one with [NewPareto] from any values per account (such as the
// totals of [account.RollUp] or [ByUltimateParent]), or with
// [Table.Pareto] from a scored table's monetary values. A Pareto is
// immutable and safe for concurrent use. The zero Pareto is empty.
//
// Edge cases: with no accounts, or when every value is zero, there is no
// concentration to measure: shares are 0, [Pareto.CountFor] is 0, the
// Gini coefficient, HHI and effective number are 0, and the Lorenz curve
// is the line of equality.
type Pareto struct {
	currency account.Currency
	scale    int32
	rows     []int32 // descending position -> source index
	id       func(src int32) account.ID

	// Values in descending order as units of 10^-scale, with prefix sums
	// (cum[k] is the sum of the top k); or, when they do not fit an int64,
	// as big integers.
	desc []int64
	cum  []int64
	bdsc []*big.Int
	bcum []*big.Int
}

// NewPareto returns the Pareto analysis of values, each account's value:
// its revenue, its cost, its monetary value.
//
// The error is an [*account.FieldError] (Record "Account", Field "Value")
// wrapping [ErrNegative] for a negative value, and one wrapping
// [ErrInvalid] for an empty account ID or a value without a valid
// currency; a [*CurrencyError] if the values are in different currencies.
// Accounts are checked in ID order, so the error does not depend on the
// map's order.
func NewPareto(values map[account.ID]account.Money) (*Pareto, error) {
	ids := slices.Sorted(maps.Keys(values))
	n := len(ids)
	p := &Pareto{id: func(i int32) account.ID { return ids[i] }}
	if n == 0 {
		return p, nil
	}
	p.currency = values[ids[0]].Currency()
	scale := scaleOf(p.currency)
	bad := func(id account.ID, v account.Money, reason string, err error) error {
		return &account.FieldError{Record: "Account", ID: string(id), Field: "Value", Value: v, Reason: reason, Err: err}
	}
	for _, id := range ids {
		v := values[id]
		if id == "" {
			return nil, bad(id, v, "has no account ID", ErrInvalid)
		}
		if !v.Currency().Valid() {
			return nil, bad(id, v, "has no valid currency", ErrInvalid)
		}
		if v.Currency() != p.currency {
			return nil, currencyError(ids[0], id, p.currency, v.Currency())
		}
		if v.Sign() < 0 {
			return nil, bad(id, v, "must not be negative", ErrNegative)
		}
		scale = max(scale, -v.Amount().Exponent())
	}
	byID := make([]int32, n) // positions in ids, which is in ID order
	for i := range byID {
		byID[i] = int32(i)
	}
	p.scale = scale
	units := make([]int64, n)
	fits := scale <= 18
	for i, id := range ids {
		if !fits {
			break
		}
		u, ok := toUnits(values[id].Amount(), scale)
		units[i], fits = u, ok && u != exactMark
	}
	if fits {
		// Stable sort by value descending over the ID order.
		slices.SortStableFunc(byID, func(a, b int32) int { return cmp.Compare(units[b], units[a]) })
		desc := make([]int64, n)
		for i, src := range byID {
			desc[i] = units[src]
		}
		if p.setInts(desc) {
			p.rows = byID
			return p, nil
		}
	}
	big := make([]*big.Int, n)
	for i, id := range ids {
		big[i] = values[id].Amount().Shift(scale).BigInt()
	}
	slices.SortStableFunc(byID, func(a, b int32) int { return big[b].Cmp(big[a]) })
	p.rows = byID
	p.setBigs(big, byID)
	return p, nil
}

// setInts installs descending int64 values, if their total fits.
func (p *Pareto) setInts(desc []int64) bool {
	cum := make([]int64, len(desc)+1)
	for i, x := range desc {
		if addOverflows(cum[i], x) {
			return false
		}
		cum[i+1] = cum[i] + x
	}
	p.desc, p.cum = desc, cum
	return true
}

func (p *Pareto) setBigs(vals []*big.Int, order []int32) {
	p.desc, p.cum = nil, nil
	p.bdsc = make([]*big.Int, len(order))
	p.bcum = make([]*big.Int, len(order)+1)
	p.bcum[0] = new(big.Int)
	for i, src := range order {
		p.bdsc[i] = vals[src]
		p.bcum[i+1] = new(big.Int).Add(p.bcum[i], vals[src])
	}
}

// ByUltimateParent totals values per top-level account of h: each
// account's value is added to its ultimate parent's, so that a global
// account is analysed with its subsidiaries. The errors are those of
// [account.RollUp] (an account not in h wraps [account.ErrNotFound]; mixed
// currencies wrap [account.ErrCurrencyMismatch]).
func ByUltimateParent(h *account.Hierarchy, values map[account.ID]account.Money) (map[account.ID]account.Money, error) {
	all, err := account.RollUp(h, values, account.Money.Add)
	if err != nil {
		return nil, err
	}
	out := make(map[account.ID]account.Money)
	for _, r := range h.Roots() {
		if v, ok := all[r]; ok {
			out[r] = v
		}
	}
	return out, nil
}

// Len returns the number of accounts.
func (p *Pareto) Len() int { return len(p.rows) }

func (p *Pareto) isBig() bool { return p.bdsc != nil }

// cumBig returns the sum of the top k values as a big integer of units.
func (p *Pareto) cumBig(k int) *big.Int {
	if p.isBig() {
		return p.bcum[k]
	}
	if p.cum == nil {
		return new(big.Int)
	}
	return big.NewInt(p.cum[k])
}

func (p *Pareto) money(units *big.Int) account.Money {
	if p.currency == "" {
		return account.Money{}
	}
	m, _ := account.NewMoney(decimal.NewFromBigInt(units, -p.scale), p.currency)
	return m
}

// Total returns the sum of all values (the zero Money when empty).
func (p *Pareto) Total() account.Money { return p.money(p.cumBig(p.Len())) }

// ratio returns a/b rounded to the nearest float64, or 0 when b is 0.
func ratio(a, b *big.Int) float64 {
	if b.Sign() == 0 {
		return 0
	}
	if a.IsInt64() && b.IsInt64() && abs64(a.Int64()) < 1<<53 && abs64(b.Int64()) < 1<<53 {
		// Both exact in float64: IEEE division rounds correctly.
		return float64(a.Int64()) / float64(b.Int64())
	}
	f, _ := new(big.Rat).SetFrac(a, b).Float64()
	return f
}

func abs64(x int64) int64 {
	if x < 0 {
		return -x
	}
	return x
}

// A Share is one account's place in the Pareto order.
type Share struct {
	Account    account.ID    // the account
	Value      account.Money // its value
	Share      float64       // Value / total
	Cumulative float64       // (sum of the values up to and including this one) / total
}

// Shares returns every account in descending order of value (ties by ID),
// with its share of the total and the cumulative share: the Pareto curve.
// The shares are exact ratios rounded to float64; the last cumulative
// share is exactly 1 unless the total is 0.
func (p *Pareto) Shares() []Share {
	n := p.Len()
	out := make([]Share, n)
	total := p.cumBig(n)
	for i := range n {
		v := p.valueBig(i)
		out[i] = Share{Account: p.id(p.rows[i]), Value: p.money(v), Share: ratio(v, total), Cumulative: ratio(p.cumBig(i+1), total)}
	}
	return out
}

func (p *Pareto) valueBig(i int) *big.Int {
	if p.isBig() {
		return p.bdsc[i]
	}
	return big.NewInt(p.desc[i])
}

// fraction returns f = num/den exactly, checking 0 ≤ f ≤ 1.
func fraction(record, field string, f decimal.Decimal) (num, den *big.Int, err error) {
	if f.Sign() < 0 || f.GreaterThan(decimal.NewFromInt(1)) {
		return nil, nil, &account.FieldError{Record: record, Field: field, Value: f.String(), Reason: "must be from 0 to 1", Err: ErrInvalid}
	}
	e := f.Exponent()
	num = f.Coefficient()
	den = big.NewInt(1)
	if e > 0 {
		num.Mul(num, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(e)), nil))
	} else {
		den.Exp(big.NewInt(10), big.NewInt(int64(-e)), nil)
	}
	return num, den, nil
}

// CountFor returns the smallest number of accounts, taken from the top,
// whose values reach the fraction f of the total (0.8 for 80%): the
// smallest k with sum of the top k ≥ f·total, decided in exact arithmetic.
// It is 0 when f is 0 or the total is 0. The error, for f outside 0..1, is
// an [*account.FieldError] wrapping [ErrInvalid].
func (p *Pareto) CountFor(f decimal.Decimal) (int, error) {
	num, den, err := fraction("Pareto", "fraction", f)
	if err != nil {
		return 0, err
	}
	return p.countFor(num, den), nil
}

func (p *Pareto) countFor(num, den *big.Int) int {
	n := p.Len()
	target := new(big.Int).Mul(num, p.cumBig(n)) // reached when cum·den >= target
	if !p.isBig() && p.cum != nil && target.IsInt64() && den.IsInt64() {
		t, d := target.Int64(), den.Int64()
		return p.searchInt(func(c int64) bool { return mulGE(c, d, t) })
	}
	x := new(big.Int)
	lo, hi := 0, n
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if x.Mul(p.cumBig(mid), den).Cmp(target) >= 0 {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// searchInt returns the smallest k with ok(cum[k]).
func (p *Pareto) searchInt(ok func(int64) bool) int {
	lo, hi := 0, p.Len()
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if ok(p.cum[mid]) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return lo
}

// mulGE reports whether a·b ≥ t for non-negative a, b, t, without overflow.
func mulGE(a, b, t int64) bool {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	return hi > 0 || lo >= uint64(t)
}

// A Top reports what the first accounts of the Pareto order hold.
type Top struct {
	Accounts int           // how many accounts
	Total    account.Money // the sum of their values
	Share    float64       // Total / the total of all, exact ratio rounded to float64
}

// Top returns what the top n accounts hold (all of them if n ≥ Len, none
// if n ≤ 0).
func (p *Pareto) Top(n int) Top {
	n = max(0, min(n, p.Len()))
	c := p.cumBig(n)
	return Top{Accounts: n, Total: p.money(c), Share: ratio(c, p.cumBig(p.Len()))}
}

// TopFraction returns what the top floor(f·Len) accounts hold: f = 0.2 is
// "the top 20%". The error, for f outside 0..1, is an [*account.FieldError]
// wrapping [ErrInvalid].
func (p *Pareto) TopFraction(f decimal.Decimal) (Top, error) {
	num, den, err := fraction("Pareto", "fraction", f)
	if err != nil {
		return Top{}, err
	}
	k := new(big.Int).Mul(num, big.NewInt(int64(p.Len())))
	k.Quo(k, den)
	return p.Top(int(k.Int64())), nil
}

// Class is an ABC class: 'A', 'B' or 'C'. The zero Class is not a class.
type Class byte

// The ABC classes.
const (
	ClassA Class = 'A'
	ClassB Class = 'B'
	ClassC Class = 'C'
)

var classNames = enum.New("Class", map[Class]string{ClassA: "A", ClassB: "B", ClassC: "C"})

// String returns "A", "B" or "C" (and "%!Class(0)" for the zero Class).
func (c Class) String() string { return classNames.String(c) }

// MarshalText returns the class's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
// The zero Class is the exception: it is the empty text, unset.
func (c Class) MarshalText() ([]byte, error) { return classNames.MarshalText(c, ErrInvalid) }

// UnmarshalText parses a name written by [Class.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
// The empty text is the zero Class.
func (c *Class) UnmarshalText(text []byte) error {
	v, err := classNames.UnmarshalText(text, ErrInvalid)
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// ABCCuts are the cumulative shares at which classes A and B end. Each
// zero field takes its default on its own, so the zero ABCCuts is the
// usual 80/15/5 split (A = 0.80, B = 0.95) and ABCCuts{A: 0.7} is
// A = 0.70, B = 0.95.
type ABCCuts struct {
	A decimal.Decimal // the cumulative share at which class A ends; 0 means 0.80
	B decimal.Decimal // the cumulative share at which class B ends; 0 means 0.95
}

// An ABC is the ABC classification of a Pareto's accounts.
//
// The boundary rule: A holds the smallest number of top accounts that
// reach the A cut-off ([Pareto.CountFor](A)), so the account whose value
// crosses (or exactly reaches) 80% is an A; B holds the following accounts
// up to the smallest number from the top that reach the B cut-off; C holds
// the rest. Accounts tied at a cut-off are split by the Pareto order
// (value, then ID), never by input order. With a zero total every account
// is C.
type ABC struct {
	Cuts     ABCCuts          // the cut-offs used
	Classes  []AccountClass   // every account in Pareto order
	Accounts [3]int           // accounts in A, B and C
	Totals   [3]account.Money // their values' sums
}

// AccountClass is one account's class.
type AccountClass struct {
	Account account.ID    // the account
	Value   account.Money // its value
	Class   Class         // A, B or C
}

// ABC classifies the accounts with the cut-offs c, zero fields taking
// their defaults (see [ABCCuts]); [ABC.Cuts] reports the cut-offs used.
// The error, for a cut-off outside 0..1 or A above B, is an [*account.FieldError]
// wrapping [ErrInvalid].
func (p *Pareto) ABC(c ABCCuts) (ABC, error) {
	if c.A.IsZero() {
		c.A = decimal.New(80, -2)
	}
	if c.B.IsZero() {
		c.B = decimal.New(95, -2)
	}
	an, ad, err := fraction("ABCCuts", "A", c.A)
	if err != nil {
		return ABC{}, err
	}
	bn, bd, err := fraction("ABCCuts", "B", c.B)
	if err != nil {
		return ABC{}, err
	}
	if c.A.GreaterThan(c.B) {
		return ABC{}, &account.FieldError{Record: "ABCCuts", Field: "A", Value: c.A.String(), Reason: "is above B " + c.B.String(), Err: ErrInvalid}
	}
	na, nb := p.countFor(an, ad), p.countFor(bn, bd)
	out := ABC{Cuts: c, Classes: make([]AccountClass, p.Len())}
	bounds := [3]int{na, nb, p.Len()}
	for i := range out.Classes {
		cls := 0
		for i >= bounds[cls] {
			cls++
		}
		out.Classes[i] = AccountClass{Account: p.id(p.rows[i]), Value: p.money(p.valueBig(i)), Class: Class('A' + cls)}
	}
	prev := 0
	for cls, b := range bounds {
		out.Accounts[cls] = b - prev
		out.Totals[cls] = p.money(new(big.Int).Sub(p.cumBig(b), p.cumBig(prev)))
		prev = b
	}
	return out, nil
}

// A LorenzPoint is a point of the Lorenz curve: the poorest fraction X of
// the accounts hold the fraction Y of the total.
type LorenzPoint struct {
	Accounts int     // how many of the lowest-valued accounts
	X, Y     float64 // Accounts/Len, and their values' share of the total
}

// Lorenz returns the Lorenz curve: Len()+1 points, from (0, 0) to (1, 1),
// accounts taken in ascending order of value. With a zero total it is the
// line of equality; with no accounts it is the single point (0, 0).
func (p *Pareto) Lorenz() []LorenzPoint {
	n := p.Len()
	out := make([]LorenzPoint, n+1)
	total := p.cumBig(n)
	for i := 0; i <= n; i++ {
		x := 0.0
		if n > 0 {
			x = float64(i) / float64(n)
		}
		y := x
		if total.Sign() != 0 {
			// The lowest i are the last i of the descending order.
			y = ratio(new(big.Int).Sub(total, p.cumBig(n-i)), total)
		}
		out[i] = LorenzPoint{Accounts: i, X: x, Y: y}
	}
	return out
}

// Gini returns the Gini coefficient, 0 (equal) to 1−1/n (one account holds
// everything): with x₁ ≤ ... ≤ xₙ the values and S their sum,
//
//	G = 2·Σ i·xᵢ / (n·S) − (n+1)/n
//
// computed exactly as a fraction and rounded once to float64. It is 0 for
// no accounts or a zero total.
func (p *Pareto) Gini() float64 {
	n := p.Len()
	total := p.cumBig(n)
	if n == 0 || total.Sign() == 0 {
		return 0
	}
	// Σ i·x_i over ascending i is Σ (n−j)·desc[j] over descending j.
	var s *big.Int
	if !p.isBig() {
		var hi, lo uint64 // 128-bit accumulator
		for j, x := range p.desc {
			h, l := bits.Mul64(uint64(n-j), uint64(x))
			var c uint64
			lo, c = bits.Add64(lo, l, 0)
			hi += h + c
		}
		s = new(big.Int).SetUint64(hi)
		s.Lsh(s, 64).Or(s, new(big.Int).SetUint64(lo))
	} else {
		s = new(big.Int)
		t := new(big.Int)
		for j, x := range p.bdsc {
			s.Add(s, t.Mul(big.NewInt(int64(n-j)), x))
		}
	}
	// G = (2·s − (n+1)·S) / (n·S)
	num := new(big.Int).Lsh(s, 1)
	num.Sub(num, new(big.Int).Mul(big.NewInt(int64(n)+1), total))
	den := new(big.Int).Mul(big.NewInt(int64(n)), total)
	return ratio(num, den)
}

// sumSquares returns Σ xᵢ² exactly.
func (p *Pareto) sumSquares() *big.Int {
	if p.isBig() {
		s, t := new(big.Int), new(big.Int)
		for _, x := range p.bdsc {
			s.Add(s, t.Mul(x, x))
		}
		return s
	}
	var w2, w1, w0 uint64 // 192-bit accumulator
	for _, x := range p.desc {
		h, l := bits.Mul64(uint64(x), uint64(x))
		var c uint64
		w0, c = bits.Add64(w0, l, 0)
		w1, c = bits.Add64(w1, h, c)
		w2 += c
	}
	s := new(big.Int).SetUint64(w2)
	s.Lsh(s, 64).Or(s, new(big.Int).SetUint64(w1))
	return s.Lsh(s, 64).Or(s, new(big.Int).SetUint64(w0))
}

// HHI returns the Herfindahl–Hirschman index on the 0–1 scale: the sum of
// the squared shares, Σ (xᵢ/S)², computed exactly and rounded once. It is
// 1/n when all values are equal and 1 when one account holds everything;
// 0 for no accounts or a zero total.
func (p *Pareto) HHI() float64 {
	total := p.cumBig(p.Len())
	if total.Sign() == 0 {
		return 0
	}
	return ratio(p.sumSquares(), new(big.Int).Mul(total, total))
}

// HHIPoints returns the HHI on the 0–10,000 scale used in competition
// analysis (shares in percent): 10,000·Σ (xᵢ/S)².
func (p *Pareto) HHIPoints() float64 {
	total := p.cumBig(p.Len())
	if total.Sign() == 0 {
		return 0
	}
	num := new(big.Int).Mul(p.sumSquares(), big.NewInt(10000))
	return ratio(num, new(big.Int).Mul(total, total))
}

// EffectiveNumber returns the effective number of accounts, 1/HHI = S²/Σxᵢ²:
// how many equal accounts would give the same concentration (n when all are
// equal, 1 when one holds everything); 0 for no accounts or a zero total.
func (p *Pareto) EffectiveNumber() float64 {
	total := p.cumBig(p.Len())
	if total.Sign() == 0 {
		return 0
	}
	return ratio(new(big.Int).Mul(total, total), p.sumSquares())
}

// Pareto returns the Pareto analysis of the table's monetary values. It
// reuses the order Score computed, so it costs one pass. It returns a
// [*account.FieldError] (Record "Account", Field "Monetary") wrapping
// [ErrNegative] naming the first account (in ID order) whose monetary value
// is negative: leave such accounts out with [NewPareto] (see
// [Table.Negative]).
func (t *Table) Pareto() (*Pareto, error) {
	n := t.Len()
	p := &Pareto{currency: t.currency, scale: t.scale, id: func(i int32) account.ID { return t.ID(int(i)) }}
	for i := range n {
		if t.negative(i) {
			return nil, &account.FieldError{Record: "Account", ID: string(t.ID(i)), Field: "Monetary", Value: t.monetary(int32(i)).String(),
				Reason: "must not be negative for a Pareto analysis", Err: ErrNegative}
		}
	}
	// t.mOrder is ascending by value, ties by row (ID). Reverse it, then
	// restore ascending IDs within each run of equal values.
	rows := make([]int32, n)
	for i, r := range t.mOrder {
		rows[n-1-i] = r
	}
	if len(t.monExact) == 0 {
		reverseRuns(rows, func(i, j int) bool { return t.mon[rows[i]] == t.mon[rows[j]] })
		desc := make([]int64, n)
		for i, r := range rows {
			desc[i] = t.mon[r]
		}
		if p.setInts(desc) {
			p.rows = rows
			return p, nil
		}
	} else {
		reverseRuns(rows, func(i, j int) bool { return t.monetary(rows[i]).Equal(t.monetary(rows[j])) })
	}
	p.scale = t.scaleFor()
	vals := make([]*big.Int, n)
	for i := range n {
		vals[i] = t.monetary(int32(i)).Shift(p.scale).BigInt()
	}
	p.rows = rows
	p.setBigs(vals, rows)
	return p, nil
}

// scaleFor returns the decimal places needed to hold every monetary value
// of t as an integer.
func (t *Table) scaleFor() int32 {
	s := t.scale
	for _, d := range t.monExact {
		s = max(s, -d.Exponent())
	}
	return s
}

// reverseRuns reverses each maximal run of positions i..j that same
// reports equal (same is called with adjacent positions).
func reverseRuns(rows []int32, same func(i, j int) bool) {
	for lo := 0; lo < len(rows); {
		hi := lo + 1
		for hi < len(rows) && same(hi-1, hi) {
			hi++
		}
		slices.Reverse(rows[lo:hi])
		lo = hi
	}
}
