package growth

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// BuyingCentres returns the buying centres of the account id in h: its
// direct children, in ascending ID order, or the account itself when it
// has none. It returns nil if id is not in h.
func BuyingCentres(h *account.Hierarchy, id account.ID) []account.ID {
	if !h.Contains(id) {
		return nil
	}
	if c := h.Children(id); len(c) > 0 {
		return c
	}
	return []account.ID{id}
}

// YearBefore returns the start of the twelve months that end at end: the
// same instant one calendar year earlier (29 February goes to 1 March).
func YearBefore(end time.Time) time.Time { return end.AddDate(-1, 0, 0) }

// yearSums sums, per key, the amounts of the transactions in the twelve
// months before end that key selects (key returns false to skip one).
// Every amount must be in one currency.
func yearSums[K comparable](txs iter.Seq2[account.Transaction, error], end time.Time, key func(*account.Transaction) (K, bool)) (map[K]account.Money, error) {
	if end.IsZero() {
		return nil, &account.FieldError{Record: "Transactions", Field: "end", Reason: "is missing", Err: ErrInvalid}
	}
	from := YearBefore(end)
	sums := make(map[K]account.Money)
	var cur account.Currency
	for t, err := range txs {
		if err != nil {
			return nil, err
		}
		if t.At.Before(from) || !t.At.Before(end) {
			continue
		}
		k, ok := key(&t)
		if !ok {
			continue
		}
		if err := t.Validate(); err != nil {
			return nil, err
		}
		if cur == "" {
			cur = t.Amount.Currency()
		} else if t.Amount.Currency() != cur {
			return nil, &account.FieldError{Record: "Transaction", ID: string(t.ID), Field: "Amount", Value: t.Amount.String(),
				Reason: "is not in " + string(cur) + ", the currency of the transactions before it", Err: ErrCurrency}
		}
		s, _ := sums[k].Add(t.Amount) // one currency, checked above
		sums[k] = s
	}
	return sums, nil
}

// SizesFromTransactions returns the size of each top-level account of
// accounts: what its whole tree paid in the twelve months before end
// ([YearBefore] to end, half-open), counting revenue for an external
// account and cost for an internal one ([account.Account.Internal], of
// the account each transaction belongs to). It is the default measure of
// [Portfolio.Sizes]. Accounts with no such transaction are absent, and
// so are accounts whose transactions net to less than zero (refunds
// beyond what they paid): a size is never negative, and an account
// without one gets no suggestion.
//
// Every amount must be in one currency ([ErrCurrency] otherwise);
// transactions of accounts not in accounts are an error wrapping
// [ErrUnknown]; accounts that do not form a hierarchy, or a transaction
// that fails Validate, are errors wrapping [account.ErrInvalid].
func SizesFromTransactions(accounts []account.Account, txs iter.Seq2[account.Transaction, error], end time.Time) (map[account.ID]decimal.Decimal, error) {
	h, err := account.NewHierarchy(accounts)
	if err != nil {
		return nil, err
	}
	internal := make(map[account.ID]bool, len(accounts))
	for _, a := range accounts {
		internal[a.ID] = a.Internal
	}
	var unknown error
	sums, err := yearSums(txs, end, func(t *account.Transaction) (account.ID, bool) {
		in, ok := internal[t.Account]
		if !ok {
			if unknown == nil {
				unknown = &account.FieldError{Record: "Transaction", ID: string(t.ID), Field: "Account", Value: string(t.Account), Reason: "is not an account of the portfolio", Err: ErrUnknown}
			}
			return "", false
		}
		want := account.TransactionRevenue
		if in {
			want = account.TransactionCost
		}
		return t.Account, t.Kind == want
	})
	if err != nil {
		return nil, err
	}
	if unknown != nil {
		return nil, unknown
	}
	total, err := account.RollUp(h, sums, account.Money.Add)
	if err != nil {
		return nil, err // not reached: one currency, known accounts
	}
	out := make(map[account.ID]decimal.Decimal)
	for _, r := range h.Roots() {
		if m, ok := total[r]; ok && m.Amount().Sign() >= 0 {
			out[r] = m.Amount()
		}
	}
	return out, nil
}

// HoldingsFromTransactions derives holdings from the transactions tagged
// with an offering ([account.Transaction.Offering]) in the twelve months
// before end: one [Holding] per account and offering whose net amount
// (revenue and cost alike, refunds netted) is positive, with that amount
// as its Annual value, Start at [YearBefore](end) and no End, so that it
// is held at any instant from Start on (analyse it at end). The holdings
// are in ascending order of account, then offering, with IDs "tx-1",
// "tx-2", ... in that order.
//
// Every amount must be in one currency ([ErrCurrency] otherwise); a
// transaction that fails Validate is an error wrapping
// [account.ErrInvalid].
func HoldingsFromTransactions(txs iter.Seq2[account.Transaction, error], end time.Time) ([]Holding, error) {
	sums, err := yearSums(txs, end, func(t *account.Transaction) (CellKey, bool) {
		return CellKey{Centre: t.Account, Offering: t.Offering}, t.Offering != ""
	})
	if err != nil {
		return nil, err
	}
	keys := make([]CellKey, 0, len(sums))
	for k, m := range sums {
		if m.Sign() > 0 {
			keys = append(keys, k)
		}
	}
	slices.SortFunc(keys, func(a, b CellKey) int {
		if c := cmp.Compare(a.Centre, b.Centre); c != 0 {
			return c
		}
		return cmp.Compare(a.Offering, b.Offering)
	})
	out := make([]Holding, len(keys))
	for i, k := range keys {
		out[i] = Holding{ID: HoldingID("tx-" + strconv.Itoa(i+1)), Account: k.Centre, Offering: k.Offering,
			Start: YearBefore(end), Annual: sums[k]}
	}
	return out, nil
}
