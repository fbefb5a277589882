package segmentation

import (
	"slices"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// A Ledger is a compact, columnar batch of transactions of one currency and
// one kind: the in-memory form to use when there are millions of them.
//
// Each row is an account code, an instant and an amount. Account IDs are
// dictionary-encoded (each distinct ID is stored once and rows hold a
// 4-byte code); instants are int64 nanoseconds; amounts are int64 counts
// of the currency's minor unit, with any amount that is not a whole number
// of minor units (or is too large) kept exactly as a decimal on the side.
// A row therefore takes 20 bytes instead of the ~150 of an
// [account.Transaction] whose amount is a heap-allocated decimal, and
// aggregating it needs no hashing and no big-number arithmetic.
//
// Build one with [NewLedger] and fill it with [Ledger.Append] (from
// account.Transaction values) or, faster, [Ledger.AppendUnits] (from a
// loader that holds amounts as counts of the currency's minor unit, such as
// cents). Aggregate it with [Aggregator.AddLedger].
//
// A Ledger is not safe for concurrent use. An [Aggregator] fed from a
// Ledger may share its dictionary of account IDs, so do not append to the
// Ledger while another goroutine uses such an Aggregator. The zero Ledger
// is not usable: use NewLedger.
type Ledger struct {
	currency account.Currency
	kind     account.TransactionKind
	scale    int32
	dict     *dict
	acct     []int32
	at       []int64
	units    []int64
	exact    map[int]decimal.Decimal // row -> amount, where units[row] == exactMark

	// Rows whose account IDs are not coded yet: IDs are coded in batches
	// (see codesOf), pend holds their bytes back to back.
	pend    []byte
	pendEnd []int
	pendIDs [][]byte
}

// batchIDs is how many rows wait for their IDs to be coded together.
const batchIDs = 256

// flush codes the pending IDs.
func (l *Ledger) flush() {
	if len(l.pendEnd) == 0 {
		return
	}
	l.pendIDs = l.pendIDs[:0]
	start := 0
	for _, end := range l.pendEnd {
		l.pendIDs = append(l.pendIDs, l.pend[start:end])
		start = end
	}
	n := len(l.acct)
	l.acct = slices.Grow(l.acct, len(l.pendIDs))[:n+len(l.pendIDs)]
	codesOf(l.dict, l.pendIDs, l.acct[n:])
	l.pend, l.pendEnd = l.pend[:0], l.pendEnd[:0]
}

// addID queues the account ID of the row being appended.
func (l *Ledger) addID(id account.ID) {
	l.pend = append(l.pend, id...)
	l.pendEnd = append(l.pendEnd, len(l.pend))
	if len(l.pendEnd) == batchIDs {
		l.flush()
	}
}

// NewLedger returns an empty Ledger for transactions of kind k in currency
// c. The error, for a currency that is not an active ISO 4217 code or a kind
// that is neither [account.TransactionRevenue] nor [account.TransactionCost],
// is an [*account.FieldError] (Record "Ledger") wrapping [ErrInvalid].
func NewLedger(c account.Currency, k account.TransactionKind) (*Ledger, error) {
	if !c.Valid() {
		return nil, &account.FieldError{Record: "Ledger", Field: "Currency", Value: string(c), Reason: "must be an active ISO 4217 code", Err: ErrInvalid}
	}
	if k != account.TransactionRevenue && k != account.TransactionCost {
		return nil, &account.FieldError{Record: "Ledger", Field: "Kind", Value: int(k), Reason: "must be revenue or cost", Err: ErrInvalid}
	}
	return &Ledger{currency: c, kind: k, scale: scaleOf(c), dict: newDict(1024)}, nil
}

// Currency returns the ledger's currency.
func (l *Ledger) Currency() account.Currency { return l.currency }

// Kind returns the kind of the ledger's transactions.
func (l *Ledger) Kind() account.TransactionKind { return l.kind }

// Scale returns the number of decimal places of the units that
// [Ledger.AppendUnits] takes: the currency's minor unit (2 for NZD, 0 for
// JPY, 3 for KWD), or 2 for a code without one (such as XXX). A loader
// reads it rather than assuming cents.
func (l *Ledger) Scale() int { return int(l.scale) }

// Len returns the number of rows.
func (l *Ledger) Len() int { return len(l.at) }

// Accounts returns the number of distinct account IDs the ledger has seen
// since it was created (Reset keeps them).
func (l *Ledger) Accounts() int {
	l.flush()
	return l.dict.Len()
}

// Grow makes room for n more rows without reallocating.
func (l *Ledger) Grow(n int) {
	if n <= cap(l.acct)-len(l.acct) {
		return
	}
	grow := func(s []int64) []int64 { return append(make([]int64, 0, len(s)+n), s...) }
	l.acct = append(make([]int32, 0, len(l.acct)+n), l.acct...)
	l.at = grow(l.at)
	l.units = grow(l.units)
}

// Reset removes every row but keeps the dictionary of account IDs and the
// memory, so that a Ledger reused as a batch buffer (read a batch,
// aggregate it, reset, repeat) learns each ID once.
func (l *Ledger) Reset() {
	l.flush() // the IDs are learnt even though the rows go
	l.acct, l.at, l.units = l.acct[:0], l.at[:0], l.units[:0]
	clear(l.exact)
}

// Append adds tx. The error is an [*account.FieldError] (Record
// "Transaction", or "Account" for a transaction without an ID) wrapping
// [ErrInvalid] if tx has no account, no time (or one outside the range of
// int64 Unix nanoseconds, 1677-09-21T00:12:43.145224193Z to
// 2262-04-11T23:47:16.854775807Z), or a kind other than the ledger's, and
// wrapping [account.ErrCurrencyMismatch] if its amount is in another
// currency.
func (l *Ledger) Append(tx account.Transaction) error {
	if tx.Kind != l.kind {
		return txError(tx.Account, tx.ID, "Kind", tx.Kind, "differs from the ledger's "+l.kind.String(), ErrInvalid)
	}
	if c := tx.Amount.Currency(); c != l.currency {
		return txError(tx.Account, tx.ID, "Amount", tx.Amount, "differs in currency from the ledger's "+string(l.currency), account.ErrCurrencyMismatch)
	}
	if field, value, reason := checkRow(tx.Account, tx.At); reason != "" {
		if field == "ID" {
			field = "Account"
		}
		return txError(tx.Account, tx.ID, field, value, reason, ErrInvalid)
	}
	amount := tx.Amount.Amount()
	u, ok := toUnits(amount, l.scale)
	if !ok || u == exactMark {
		l.setExact(len(l.units), amount)
		u = exactMark
	}
	l.addID(tx.Account)
	l.at = append(l.at, tx.At.UnixNano())
	l.units = append(l.units, u)
	return nil
}

// AppendUnits adds a transaction of account id at instant at whose amount
// is units × 10^-[Ledger.Scale] in the ledger's currency (cents, for NZD):
// the form in which a loader that parses or stores minor units appends
// rows without building an [account.Money] each. id is copied the first
// time it is seen. The error, for an empty id or an instant that is zero or
// outside the range of int64 Unix nanoseconds (see [Ledger.Append]), is an
// [*account.FieldError] (Record "Account") wrapping [ErrInvalid].
func (l *Ledger) AppendUnits(id account.ID, at time.Time, units int64) error {
	if field, value, reason := checkRow(id, at); reason != "" {
		// Cloned, so that id does not escape: a caller may pass a
		// conversion of its own bytes without a copy.
		return &account.FieldError{Record: "Account", ID: strings.Clone(string(id)), Field: field, Value: value, Reason: reason, Err: ErrInvalid}
	}
	l.addID(id)
	l.at = append(l.at, at.UnixNano())
	if units == exactMark {
		l.setExact(len(l.units), fromUnits(units, l.scale))
	}
	l.units = append(l.units, units)
	return nil
}

func (l *Ledger) setExact(row int, d decimal.Decimal) {
	if l.exact == nil {
		l.exact = make(map[int]decimal.Decimal)
	}
	l.exact[row] = d
}

// checkRow returns the field at fault in a row of account id at instant
// at, its value and what is wrong, or "" reasons for a good row.
func checkRow(id account.ID, at time.Time) (field string, value any, reason string) {
	switch {
	case id == "":
		return "ID", nil, "is missing"
	case at.IsZero():
		return "At", nil, "is missing"
	case !inInstantRange(at):
		return "At", at, "must be from " + instantRange
	}
	return "", nil, ""
}
