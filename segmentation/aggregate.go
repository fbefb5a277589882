package segmentation

import (
	"iter"
	"math"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/parallel"
	"github.com/shopspring/decimal"
)

// An Aggregator accumulates per-account RFM metrics from transactions, one
// at a time or a batch at a time, in memory that grows with the number of
// accounts, not of transactions; when [Options.Frequency] counts distinct
// days or periods, also with the number of distinct (account, period)
// pairs.
//
// Aggregators are mergeable: aggregating A ∪ B gives exactly what merging
// the aggregators of A and B gives ([Aggregator.Merge]), for any split and
// in any order, so partitions can be aggregated in parallel or elsewhere
// and scored once with [Score].
//
// Build one with [NewAggregator] (or get one from [Aggregate] or
// [AggregateSlice]), and feed it transactions ([Aggregator.Add]), ledgers
// ([Aggregator.AddLedger]), other aggregators ([Aggregator.Merge]) or
// partial aggregates ([Aggregator.AddPartial]). An Aggregator is not safe for concurrent use. After
// a method returns an error, the Aggregator is unchanged by the failed call,
// except where the method's documentation says otherwise. The zero
// Aggregator is not usable.
type Aggregator struct {
	opts  Options
	asOf  int64 // Unix ns
	since int64 // Unix ns; math.MinInt64 when there is no window
	loc   *time.Location

	d     *dict
	owned bool    // d belongs to a (false: shared with a Ledger, read-only)
	ent   []entry // by code; may be shorter than d.Len()

	exact   map[int32]decimal.Decimal // code -> the sum, for entries flagged exact
	periods map[periodKey]struct{}    // distinct (account, period) pairs
	first   firsts                    // by code, when periods are counted
	curs    []account.Currency        // entry.cur-1 -> currency
	excl    Excluded

	// kind is the one kind of transaction seen so far when opts.Kind is
	// zero (0 before the first): a second kind is ErrMixedKinds.
	kind account.TransactionKind

	// A code map cached for the last Ledger whose dictionary a does not
	// share: that ledger's code c is a's code srcMap[c].
	srcDict *dict
	srcMap  []int32

	touch uint32 // keeps look-ahead loads alive (see prefetch)

	// The currency of the last transaction added, its index and scale: a
	// cache, since nearly every input is in one currency.
	lastCur    account.Currency
	lastCurIdx uint16
	lastScale  int32
}

type entry struct {
	first, last int64 // Unix ns
	sum         int64 // units of the currency (unless flagExact)
	count       uint32
	cur         uint16 // index+1 into curs; 0 before the first transaction
	flags       uint16
}

const flagExact = 1

var emptyEntry = entry{first: math.MaxInt64, last: math.MinInt64}

type periodKey struct {
	code   int32
	period int64
}

// Excluded counts the transactions that an aggregation left out. The zero
// Excluded means none was.
type Excluded struct {
	Future      int64 // after the analysis instant
	BeforeSince int64 // before the start of the look-back window
	OtherKind   int64 // of the kind that was not chosen
}

// NewAggregator returns an empty Aggregator. The error, for options that
// fail [Options.Validate], wraps [ErrInvalid].
func NewAggregator(o Options) (*Aggregator, error) {
	if err := o.Validate(); err != nil {
		return nil, err
	}
	a := &Aggregator{opts: o, asOf: math.MaxInt64, since: math.MinInt64, loc: o.loc(), d: newDict(1024), owned: true}
	if !o.AsOf.IsZero() {
		a.asOf = o.AsOf.UnixNano()
	}
	if !o.Since.IsZero() {
		a.since = o.Since.UnixNano()
	}
	return a, nil
}

// Options returns the options a was built with.
func (a *Aggregator) Options() Options { return a.opts }

// Excluded returns the counts of transactions left out so far.
func (a *Aggregator) Excluded() Excluded { return a.excl }

// Len returns the number of accounts with at least one transaction counted.
func (a *Aggregator) Len() int {
	n := 0
	for i := range a.ent {
		if a.ent[i].count > 0 {
			n++
		}
	}
	return n
}

func (a *Aggregator) curIndex(c account.Currency) uint16 {
	for i, x := range a.curs {
		if x == c {
			return uint16(i + 1)
		}
	}
	a.curs = append(a.curs, c)
	return uint16(len(a.curs))
}

// own makes a's dictionary its own before a adds IDs to it.
func (a *Aggregator) own() {
	if !a.owned {
		a.d = a.d.clone()
		a.owned = true
	}
}

// entryFor returns the entry of code c, growing the entries as needed.
func (a *Aggregator) entryFor(c int32) *entry {
	if int(c) >= len(a.ent) {
		a.growEntries(int(c) + 1)
	}
	return &a.ent[c]
}

// growEntries makes a.ent at least n long, new entries empty.
func (a *Aggregator) growEntries(n int) {
	old := len(a.ent)
	if n <= old {
		return
	}
	if n > cap(a.ent) {
		// Double, at least: entries grow a batch at a time, and append's
		// growth of 1.25 for large slices would copy them many times over.
		a.ent = slices.Grow(a.ent, max(n, 2*cap(a.ent))-old)
	}
	a.ent = a.ent[:n]
	for i := old; i < n; i++ {
		a.ent[i] = emptyEntry
	}
}

// filter applies the window and the analysis instant to one transaction at
// ns: it returns false (and counts it) if it is left out, or an error if
// it is after the analysis instant and that is an error.
func (a *Aggregator) filter(ns int64, id account.ID, txID account.TransactionID) (bool, error) {
	if ns > a.asOf {
		if a.opts.RejectFuture {
			return false, txError(id, txID, "At", time.Unix(0, ns).UTC(),
				"is after the analysis instant "+a.opts.AsOf.UTC().Format(time.RFC3339Nano), ErrFuture)
		}
		a.excl.Future++
		return false, nil
	}
	if ns < a.since {
		a.excl.BeforeSince++
		return false, nil
	}
	return true, nil
}

// Add adds one transaction.
//
// It returns an [*account.FieldError] naming the transaction (Record
// "Transaction", ID its ID; or Record "Account", ID its account, when it
// has no ID) and the field at fault: wrapping [ErrInvalid] if tx has no
// account, no time (or one outside the range of int64 Unix nanoseconds,
// 1677-09-21T00:12:43.145224193Z to 2262-04-11T23:47:16.854775807Z), no
// valid currency or no valid kind, or its account has more than 4294967295
// transactions; wrapping [ErrFuture] if tx is after the analysis instant
// and [Options.RejectFuture] is set; wrapping [ErrMixedKinds] if
// [Options.Kind] is zero and tx is of another kind than the transactions
// before it. It returns a [*CurrencyError] if the account already has
// amounts in another currency.
//
// Add does not compare transaction IDs: a transaction added twice counts
// twice (see "Aggregation" in the package doc).
func (a *Aggregator) Add(tx account.Transaction) error {
	ns, ok, err := a.admit(&tx)
	if err != nil {
		return err
	}
	if ok {
		code := lookup(a.d, string(tx.Account))
		if code < 0 {
			a.own()
			code = codeOf(a.d, string(tx.Account))
		}
		if err := a.apply(&tx, code, ns); err != nil {
			return err
		}
	}
	a.noteKind(tx.Kind)
	return nil
}

// admit validates tx and applies the kind filter, the window and the
// analysis instant. It returns the instant in Unix ns, and false (with an
// error, or nil for a transaction left out and counted) if tx does not
// count. It does not record tx's kind: the caller does, with noteKind,
// once tx is accepted.
func (a *Aggregator) admit(tx *account.Transaction) (int64, bool, error) {
	bad := func(field string, value any, reason string) error {
		return txError(tx.Account, tx.ID, field, value, reason, ErrInvalid)
	}
	c := tx.Amount.Currency()
	switch {
	case tx.Account == "":
		return 0, false, bad("Account", nil, "is missing")
	case tx.At.IsZero():
		return 0, false, bad("At", nil, "is missing")
	case !inInstantRange(tx.At):
		return 0, false, bad("At", tx.At, "must be from "+instantRange)
	case c == "" || c != a.lastCur && !c.Valid():
		return 0, false, bad("Amount", tx.Amount, "has no valid currency")
	case tx.Kind != account.TransactionRevenue && tx.Kind != account.TransactionCost:
		return 0, false, bad("Kind", int(tx.Kind), "must be revenue or cost")
	}
	if a.opts.Kind != 0 {
		if tx.Kind != a.opts.Kind {
			a.excl.OtherKind++
			return 0, false, nil
		}
	} else if err := a.checkKind(tx.Kind, tx.Account, tx.ID); err != nil {
		return 0, false, err
	}
	ns := tx.At.UnixNano()
	ok, err := a.filter(ns, tx.Account, tx.ID)
	return ns, ok, err
}

// apply adds an admitted transaction to the entry of code. On error
// (mixed currencies, too many transactions) a is unchanged.
func (a *Aggregator) apply(tx *account.Transaction, code int32, ns int64) error {
	c := tx.Amount.Currency()
	e := a.entryFor(code)
	if c != a.lastCur {
		if e.cur != 0 && a.curs[e.cur-1] != c {
			// Before curIndex, which would record c.
			return currencyError(tx.Account, "", a.curs[e.cur-1], c)
		}
		a.lastCur, a.lastCurIdx, a.lastScale = c, a.curIndex(c), scaleOf(c)
	}
	if e.cur != 0 && e.cur != a.lastCurIdx {
		return currencyError(tx.Account, "", a.curs[e.cur-1], c)
	}
	if e.count == math.MaxUint32 {
		return tooMany(tx.Account)
	}
	e.cur = a.lastCurIdx
	amt := tx.Amount.Amount()
	if u, ok := toUnits(amt, a.lastScale); ok && u != exactMark {
		a.addRow(e, code, ns, u, c)
	} else {
		a.addRowExact(e, code, ns, amt, c)
	}
	return nil
}

// addSlice adds txs in batches: it admits a batch, codes its account IDs
// together (see codesOf) and updates the entries with look-ahead loads. It
// stops at the first error, leaving a partly updated: only for aggregators
// that are discarded on error.
func (a *Aggregator) addSlice(txs []account.Transaction) error {
	a.own()
	const batch = 256
	var (
		ids   [batch]string
		codes [batch]int32
		keep  [batch]int32
		ats   [batch]int64
	)
	var touch uint32
	for lo := 0; lo < len(txs); lo += batch {
		part := txs[lo:min(lo+batch, len(txs))]
		m := 0
		for i := range part {
			ns, ok, err := a.admit(&part[i])
			if err != nil {
				return err
			}
			a.noteKind(part[i].Kind) // before the next admit checks against it
			if ok {
				ids[m], keep[m], ats[m] = string(part[i].Account), int32(i), ns
				m++
			}
		}
		codesOf(a.d, ids[:m], codes[:m])
		a.growEntries(a.d.Len())
		for j := range m {
			if k := j + prefetch; k < m {
				touch += a.ent[codes[k]].count
			}
			if err := a.apply(&part[keep[j]], codes[j], ats[j]); err != nil {
				return err
			}
		}
	}
	a.touch += touch
	return nil
}

// addRow adds an instant and an amount in units to e (code) and records the
// period if the frequency needs it.
func (a *Aggregator) addRow(e *entry, code int32, ns, u int64, c account.Currency) {
	e.first = min(e.first, ns)
	e.last = max(e.last, ns)
	e.count++
	switch {
	case e.flags&flagExact != 0:
		a.exact[code] = a.exact[code].Add(fromUnits(u, scaleOf(c)))
	case addOverflows(e.sum, u):
		a.toExact(e, code, c)
		a.exact[code] = a.exact[code].Add(fromUnits(u, scaleOf(c)))
	default:
		e.sum += u
	}
	if a.opts.Frequency != FrequencyTransactions {
		a.addPeriod(code, ns, u, a.lastScale, decimal.Decimal{})
	}
}

func (a *Aggregator) addRowExact(e *entry, code int32, ns int64, amt decimal.Decimal, c account.Currency) {
	e.first = min(e.first, ns)
	e.last = max(e.last, ns)
	e.count++
	a.toExact(e, code, c)
	a.exact[code] = a.exact[code].Add(amt)
	if a.opts.Frequency != FrequencyTransactions {
		a.addPeriod(code, ns, exactMark, a.lastScale, amt)
	}
}

// toExact moves e's sum to the decimal side table.
func (a *Aggregator) toExact(e *entry, code int32, c account.Currency) {
	if e.flags&flagExact != 0 {
		return
	}
	if a.exact == nil {
		a.exact = make(map[int32]decimal.Decimal)
	}
	a.exact[code] = fromUnits(e.sum, scaleOf(c))
	e.sum = 0
	e.flags |= flagExact
}

// addPeriod records the period of the instant ns for code, and adds the
// amount (units u of scale, or amt when u is exactMark) to the code's first
// period if it is in it.
func (a *Aggregator) addPeriod(code int32, ns, u int64, scale int32, amt decimal.Decimal) {
	if a.periods == nil {
		a.periods = make(map[periodKey]struct{})
	}
	p := a.opts.Frequency.period(dayOf(ns, a.loc))
	a.periods[periodKey{code, p}] = struct{}{}
	a.first.add(code, p, u, scale, amt)
}

// Aggregate reads every transaction of seq (such as a store's
// Transactions) into a new Aggregator. It stops at the first error: one
// that seq yields (returned as it is), or one of [NewAggregator] or
// [Aggregator.Add]. Like Add, it does not compare transaction IDs: a
// transaction that seq yields twice counts twice.
func Aggregate(seq iter.Seq2[account.Transaction, error], o Options) (*Aggregator, error) {
	a, err := NewAggregator(o)
	if err != nil {
		return nil, err
	}
	for tx, err := range seq {
		if err != nil {
			return nil, err
		}
		if err := a.Add(tx); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// parallelMin is the smallest input that is split over several goroutines
// (a variable so that tests can lower it).
var parallelMin = 1 << 15

// workers returns how many goroutines to use for n rows.
func workers(n int) int { return parallel.Chunks(n, parallelMin) }

// AggregateSlice aggregates txs into a new Aggregator. A large slice is
// split over GOMAXPROCS goroutines whose aggregates are merged; the result
// is identical to adding the transactions one by one. So is the error:
// those of [NewAggregator] and [Aggregator.Add], the one returned being
// that of the first offending transaction in slice order, whatever the
// number of goroutines (on an error, the slice is read again one
// transaction at a time to find it; a problem that only shows when the
// parts are merged, such as revenue in one part and cost in another, is
// reported at the transaction that adding them one by one stops at).
//
// AggregateSlice trusts txs to hold each transaction once: it does not
// compare transaction IDs, and a transaction that is in txs twice counts
// twice (see "Aggregation" in the package doc).
func AggregateSlice(txs []account.Transaction, o Options) (*Aggregator, error) {
	w := workers(len(txs))
	parts := make([]*Aggregator, w)
	errs := make([]error, w)
	parallel.For(w, len(txs), func(p, lo, hi int) {
		a, err := NewAggregator(o)
		if err == nil {
			err = a.addSlice(txs[lo:hi])
		}
		parts[p], errs[p] = a, err
	})
	for _, err := range errs {
		if err != nil {
			return nil, sequentialError(txs, o, err)
		}
	}
	for _, b := range parts[1:] {
		if err := parts[0].Merge(b); err != nil {
			return nil, sequentialError(txs, o, err)
		}
	}
	return parts[0], nil
}

// sequentialError returns the error that adding txs one by one with
// [Aggregator.Add] stops at, or found if there is none (which the callers'
// errors rule out).
func sequentialError(txs []account.Transaction, o Options, found error) error {
	a, err := NewAggregator(o)
	if err != nil {
		return err
	}
	for i := range txs {
		if err := a.Add(txs[i]); err != nil {
			return err
		}
	}
	return found
}

// checkKind returns a field error wrapping [ErrMixedKinds] if
// Options.Kind is zero and a has accepted transactions of another kind
// than k.
func (a *Aggregator) checkKind(k account.TransactionKind, acct account.ID, tx account.TransactionID) error {
	if a.opts.Kind == 0 && a.kind != 0 && k != a.kind {
		return txError(acct, tx, "Kind", k, "earlier transactions are "+a.kind.String()+"; set Options.Kind to choose one", ErrMixedKinds)
	}
	return nil
}

// noteKind records k as the kind of a's transactions when Options.Kind is
// zero. It is called once a transaction or a ledger of kind k is
// accepted, so that a failed call leaves the kind as it was.
func (a *Aggregator) noteKind(k account.TransactionKind) {
	if a.opts.Kind == 0 {
		a.kind = k
	}
}

// AddLedger adds every row of l. A large ledger is split over GOMAXPROCS
// goroutines; the result is identical to adding the rows one by one.
//
// The first time an empty Aggregator is given a Ledger, it shares the
// ledger's dictionary of account IDs instead of copying it (see [Ledger]);
// a ledger reused as a batch buffer with [Ledger.Reset] then costs no
// lookups at all here.
//
// If [Options.Kind] is set and differs from the ledger's kind, every row is
// counted in [Excluded.OtherKind]; if it is zero, a ledger of another kind
// than the transactions added before is an error wrapping [ErrMixedKinds].
// Errors: an [*account.FieldError] (Record "Account", Field "At") wrapping
// [ErrFuture] for the first row (in ledger order) after the analysis
// instant, when [Options.RejectFuture] is set; a [*CurrencyError] for an
// account that has amounts in another currency; an [*account.FieldError]
// (Field "Transactions") wrapping [ErrInvalid] for an account with more
// than 4294967295 transactions. On error the Aggregator is unchanged, except after the last
// of these errors, which leaves it unusable.
func (a *Aggregator) AddLedger(l *Ledger) error {
	l.flush()
	if a.opts.Kind != 0 && l.kind != a.opts.Kind {
		a.excl.OtherKind += int64(len(l.acct))
		return nil
	}
	if len(l.acct) == 0 {
		return nil
	}
	if err := a.checkKind(l.kind, account.ID(l.dict.id(l.acct[0])), ""); err != nil {
		return err
	}
	if err := a.addLedgerRows(l); err != nil {
		return err
	}
	a.noteKind(l.kind)
	return nil
}

// addLedgerRows adds the rows of l, of an accepted kind.
func (a *Aggregator) addLedgerRows(l *Ledger) error {
	// The rows' accounts as a's codes: shared dictionary (identity), or a
	// cached map.
	var cmap []int32
	switch {
	case a.d == l.dict:
	case len(a.ent) == 0 && a.d.Len() == 0 && a.owned:
		a.d, a.owned = l.dict, false
	default:
		a.own()
		if a.srcDict != l.dict {
			a.srcDict, a.srcMap = l.dict, a.srcMap[:0]
		}
		for c := len(a.srcMap); c < l.dict.Len(); c++ {
			a.srcMap = append(a.srcMap, codeOf(a.d, l.dict.id(int32(c))))
		}
		cmap = a.srcMap
	}
	n := l.dict.Len()
	w := workers(len(l.acct))
	if w == 1 || len(l.acct) < n || !a.compatible(l.currency) {
		// A batch that is small next to the dictionary (or a single core):
		// add the rows directly, without per-goroutine copies.
		return a.scanDirect(l, cmap)
	}
	// Each goroutine takes a range of account codes and reads every row,
	// skipping those of other ranges: the entries are disjoint, so there is
	// nothing to reduce, and a fresh aggregator's goroutines write straight
	// into its one entries slice.
	fresh := cmap == nil && len(a.ent) == 0
	var shared []entry
	if fresh {
		shared = make([]entry, n)
	}
	cur := a.curIndex(l.currency)
	parts := make([]*partial, w)
	parallel.For(w, n, func(p, lo, hi int) {
		var ent []entry
		if fresh {
			ent = shared[lo:hi]
		} else {
			ent = make([]entry, hi-lo)
		}
		parts[p] = a.scan(l, int32(lo), ent, cur)
	})
	var first *partial // the error of the earliest row
	for _, p := range parts {
		if p.err != nil && (first == nil || p.errRow < first.errRow) {
			first = p
		}
	}
	if first != nil {
		return first.err
	}
	if fresh {
		a.ent = shared
		for _, p := range parts {
			a.absorbMaps(p, nil)
		}
		return nil
	}
	return a.absorb(parts, l, cmap)
}

// compatible reports whether a holds no amounts in a currency other than c,
// so that adding c's rows cannot mix currencies within an account.
func (a *Aggregator) compatible(c account.Currency) bool {
	return len(a.curs) == 0 || len(a.curs) == 1 && a.curs[0] == c
}

// scanDirect adds the rows of l to a's entries one by one; cmap maps the
// ledger's codes to a's (nil: the same codes). It checks for rows after the
// analysis instant first, so that such an error leaves a unchanged.
func (a *Aggregator) scanDirect(l *Ledger, cmap []int32) error {
	if !a.compatible(l.currency) {
		// Check every account of the ledger against a's currencies.
		seen := make([]bool, l.dict.Len())
		for _, c := range l.acct {
			seen[c] = true
		}
		for c := range l.dict.Len() {
			if !seen[c] {
				continue
			}
			ac := int32(c)
			if cmap != nil {
				ac = cmap[c]
			}
			if int(ac) < len(a.ent) && a.ent[ac].count > 0 && a.curs[a.ent[ac].cur-1] != l.currency {
				return currencyError(account.ID(l.dict.id(int32(c))), "", a.curs[a.ent[ac].cur-1], l.currency)
			}
		}
	}
	if a.opts.RejectFuture {
		for i, at := range l.at {
			if at > a.asOf {
				return a.futureRow(l, i)
			}
		}
	}
	a.growEntries(a.d.Len())
	cur := a.curIndex(l.currency)
	asOf, since := a.asOf, a.since
	ent := a.ent
	var touch uint32
	for i, c := range l.acct {
		if j := i + prefetch; j < len(l.acct) {
			if cmap != nil {
				touch += ent[cmap[l.acct[j]]].count
			} else {
				touch += ent[l.acct[j]].count
			}
		}
		at := l.at[i]
		if at > asOf {
			a.excl.Future++
			continue
		}
		if at < since {
			a.excl.BeforeSince++
			continue
		}
		if cmap != nil {
			c = cmap[c]
		}
		e := &ent[c]
		if e.count == math.MaxUint32 {
			return tooMany(account.ID(a.d.id(c)))
		}
		e.first = min(e.first, at)
		e.last = max(e.last, at)
		e.count++
		e.cur = cur
		u := l.units[i]
		if u == exactMark || e.flags != 0 || addOverflows(e.sum, u) {
			amt := fromUnits(u, l.scale)
			if u == exactMark {
				amt = l.exact[i]
			}
			a.toExact(e, c, l.currency)
			a.exact[c] = a.exact[c].Add(amt)
		} else {
			e.sum += u
		}
		if a.opts.Frequency != FrequencyTransactions {
			var amt decimal.Decimal
			if u == exactMark {
				amt = l.exact[i]
			}
			a.addPeriod(c, at, u, l.scale, amt)
		}
	}
	a.touch += touch
	return nil
}

// futureRow is the error for row i of l, after the analysis instant.
func (a *Aggregator) futureRow(l *Ledger, i int) error {
	return &account.FieldError{Record: "Account", ID: string(l.dict.id(l.acct[i])), Field: "At", Value: time.Unix(0, l.at[i]).UTC(),
		Reason: "of ledger row " + strconv.Itoa(i) + " is after the analysis instant " + a.opts.AsOf.UTC().Format(time.RFC3339Nano), Err: ErrFuture}
}

// A partial is the aggregate of the rows of one ledger whose account codes
// lie in one range: ent[i] is the entry of ledger code base+i.
type partial struct {
	base    int32
	ent     []entry
	exact   map[int32]decimal.Decimal // by ledger code
	periods map[periodKey]struct{}    // by ledger code
	first   firsts                    // by ledger code − base
	excl    Excluded
	scale   int32
	err     error
	errRow  int
	touch   uint32 // keeps the look-ahead loads alive
}

// scan aggregates the rows of l whose codes lie in base..base+len(ent)
// into ent (which it initialises), setting each touched entry's currency
// index to cur.
func (a *Aggregator) scan(l *Ledger, base int32, ent []entry, cur uint16) *partial {
	p := &partial{base: base, ent: ent, scale: l.scale}
	for i := range ent {
		ent[i] = emptyEntry
	}
	span := uint32(len(ent))
	acct, ats, units := l.acct, l.at, l.units
	asOf, since := a.asOf, a.since
	var touch uint32
	for i, c := range acct {
		if j := i + prefetch; j < len(acct) {
			if d := uint32(acct[j] - base); d < span {
				touch += ent[d].count
			}
		}
		d := uint32(c - base)
		if d >= span {
			continue // another goroutine's account
		}
		at := ats[i]
		if at > asOf || at < since {
			if at > asOf {
				if a.opts.RejectFuture {
					p.err, p.errRow = a.futureRow(l, i), i
					break
				}
				p.excl.Future++
			} else {
				p.excl.BeforeSince++
			}
			continue
		}
		e := &ent[d]
		if e.count == math.MaxUint32 {
			p.err, p.errRow = tooMany(account.ID(l.dict.id(c))), i
			break
		}
		e.first = min(e.first, at)
		e.last = max(e.last, at)
		e.count++
		e.cur = cur
		u := units[i]
		if u == exactMark || e.flags != 0 || addOverflows(e.sum, u) {
			amt := fromUnits(u, l.scale)
			if u == exactMark {
				amt = l.exact[i]
			}
			p.toExact(e, c)
			p.exact[c] = p.exact[c].Add(amt)
		} else {
			e.sum += u
		}
		if a.opts.Frequency != FrequencyTransactions {
			if p.periods == nil {
				p.periods = make(map[periodKey]struct{})
			}
			per := a.opts.Frequency.period(dayOf(at, a.loc))
			p.periods[periodKey{c, per}] = struct{}{}
			var amt decimal.Decimal
			if u == exactMark {
				amt = l.exact[i]
			}
			p.first.add(int32(d), per, u, l.scale, amt)
		}
	}
	p.touch = touch
	return p
}

// prefetch is how many rows ahead the aggregation loops load the entry a
// row will update. The entries of a million accounts do not fit in cache,
// so each row would otherwise wait for memory in turn; loading ahead keeps
// several misses in flight.
const prefetch = 24

func (p *partial) toExact(e *entry, c int32) {
	if e.flags&flagExact != 0 {
		return
	}
	if p.exact == nil {
		p.exact = make(map[int32]decimal.Decimal)
	}
	p.exact[c] = fromUnits(e.sum, p.scale)
	e.sum = 0
	e.flags |= flagExact
}

// absorbMaps adds p's side tables and counts into a; cmap maps ledger codes
// to a's (nil: the same codes).
func (a *Aggregator) absorbMaps(p *partial, cmap []int32) {
	code := func(c int32) int32 {
		if cmap == nil {
			return c
		}
		return cmap[c]
	}
	for c, d := range p.exact {
		if a.exact == nil {
			a.exact = make(map[int32]decimal.Decimal)
		}
		a.exact[code(c)] = d
	}
	for k := range p.periods {
		if a.periods == nil {
			a.periods = make(map[periodKey]struct{})
		}
		a.periods[periodKey{code(k.code), k.period}] = struct{}{}
	}
	for d := range p.first.fp {
		a.first.merge(code(p.base+int32(d)), &p.first, int32(d), p.scale)
	}
	a.excl.Future += p.excl.Future
	a.excl.BeforeSince += p.excl.BeforeSince
}

// absorb adds partial aggregates of ledger l into a's existing entries;
// cmap maps ledger codes to a's (nil: the same codes). It checks everything
// first, so that an error leaves a unchanged.
func (a *Aggregator) absorb(parts []*partial, l *Ledger, cmap []int32) error {
	code := func(c int32) int32 {
		if cmap == nil {
			return c
		}
		return cmap[c]
	}
	for _, p := range parts {
		for i := range p.ent {
			pe := &p.ent[i]
			ac := code(p.base + int32(i))
			if pe.count == 0 || int(ac) >= len(a.ent) || a.ent[ac].count == 0 {
				continue
			}
			ae := &a.ent[ac]
			if a.curs[ae.cur-1] != l.currency {
				return currencyError(account.ID(l.dict.id(p.base+int32(i))), "", a.curs[ae.cur-1], l.currency)
			}
			if uint64(ae.count)+uint64(pe.count) > math.MaxUint32 {
				return tooMany(account.ID(l.dict.id(p.base + int32(i))))
			}
		}
	}
	a.growEntries(a.d.Len())
	for _, p := range parts {
		for i := range p.ent {
			pe := &p.ent[i]
			if pe.count == 0 {
				continue
			}
			lc := p.base + int32(i)
			ac := code(lc)
			ae := &a.ent[ac]
			ae.first = min(ae.first, pe.first)
			ae.last = max(ae.last, pe.last)
			ae.count += pe.count
			ae.cur = pe.cur
			if ae.flags|pe.flags != 0 || addOverflows(ae.sum, pe.sum) {
				a.toExact(ae, ac, l.currency)
				add := fromUnits(pe.sum, p.scale)
				if pe.flags&flagExact != 0 {
					add = p.exact[lc]
				}
				a.exact[ac] = a.exact[ac].Add(add)
			} else {
				ae.sum += pe.sum
			}
		}
		exact := p.exact
		p.exact = nil // already added
		a.absorbMaps(p, cmap)
		p.exact = exact
	}
	return nil
}

// Merge adds b's aggregate into a, so that a holds the aggregate of both
// inputs; b is not changed. The result is exact and does not depend on the
// order of merges.
//
// It returns an error wrapping [ErrOptionsDiffer] if a and b were built
// with different options or are the same Aggregator, an
// [*account.FieldError] (Record "Aggregator", Field "Kind") wrapping
// [ErrMixedKinds] if [Options.Kind] is zero and a and b hold different
// kinds, a [*CurrencyError] for an account whose amounts are in different
// currencies in a and b, and an [*account.FieldError] (Record "Account",
// Field "Transactions") wrapping [ErrInvalid] for an account with more
// than 4294967295 transactions in all. On error a is unchanged.
func (a *Aggregator) Merge(b *Aggregator) error {
	if !a.opts.same(b.opts) {
		return ErrOptionsDiffer
	}
	if a == b {
		return &account.FieldError{Record: "Aggregator", Reason: "cannot be merged into itself", Err: ErrInvalid}
	}
	if a.kind != 0 && b.kind != 0 && a.kind != b.kind {
		return &account.FieldError{Record: "Aggregator", Field: "Kind", Value: b.kind,
			Reason: "differs from " + a.kind.String() + ": aggregates of two kinds cannot be merged; set Options.Kind to choose one", Err: ErrMixedKinds}
	}
	// Check first, and count the IDs that are new to a.
	fresh, freshBytes := 0, 0
	for c := range b.ent {
		be := &b.ent[c]
		if be.count == 0 {
			continue
		}
		id := b.d.id(int32(c))
		ac := lookup(a.d, id)
		if ac < 0 {
			fresh++
			freshBytes += len(id)
		}
		if ac < 0 || int(ac) >= len(a.ent) || a.ent[ac].count == 0 {
			continue
		}
		ae := &a.ent[ac]
		if ca, cb := a.curs[ae.cur-1], b.curs[be.cur-1]; ca != cb {
			return currencyError(account.ID(id), "", ca, cb)
		}
		if uint64(ae.count)+uint64(be.count) > math.MaxUint32 {
			return tooMany(account.ID(id))
		}
	}
	a.own()
	// Room for exactly what b adds: merging the aggregates of workers
	// would otherwise double the entries and the dictionary's arrays
	// past the final size.
	a.d.reserve(fresh, freshBytes)
	a.ent = growExactly(a.ent, a.d.Len()+fresh-len(a.ent))
	a.growEntries(a.d.Len())
	bmap := make([]int32, len(b.ent))
	for c := range b.ent {
		be := &b.ent[c]
		if be.count == 0 {
			continue
		}
		ac := codeOf(a.d, b.d.id(int32(c)))
		bmap[c] = ac
		c0 := b.curs[be.cur-1]
		ae := a.entryFor(ac)
		ae.first = min(ae.first, be.first)
		ae.last = max(ae.last, be.last)
		ae.count += be.count
		ae.cur = a.curIndex(c0)
		if ae.flags|be.flags != 0 || addOverflows(ae.sum, be.sum) {
			a.toExact(ae, ac, c0)
			add := fromUnits(be.sum, scaleOf(c0))
			if be.flags&flagExact != 0 {
				add = b.exact[int32(c)]
			}
			a.exact[ac] = a.exact[ac].Add(add)
		} else {
			ae.sum += be.sum
		}
		if b.opts.Frequency != FrequencyTransactions {
			a.first.merge(ac, &b.first, int32(c), scaleOf(c0))
		}
	}
	for k := range b.periods {
		if a.periods == nil {
			a.periods = make(map[periodKey]struct{})
		}
		a.periods[periodKey{bmap[k.code], k.period}] = struct{}{}
	}
	a.excl.Future += b.excl.Future
	a.excl.BeforeSince += b.excl.BeforeSince
	a.excl.OtherKind += b.excl.OtherKind
	if a.kind == 0 {
		a.kind = b.kind
	}
	return nil
}
