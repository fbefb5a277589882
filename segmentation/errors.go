package segmentation

import (
	"errors"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Test for them with [errors.Is]. Every error about input
// the package cannot use wraps [ErrInvalid]; the more specific sentinels
// below wrap it too, so errors.Is(err, ErrInvalid) holds for each of them.
var (
	// ErrInvalid reports options, a scoring specification, a rule table or
	// an input value that the package cannot use. The error usually is or
	// carries an [*account.FieldError] naming the record, the field and the
	// value at fault, or a [*RuleError].
	ErrInvalid = errors.New("segmentation: invalid input")

	// ErrFuture reports a transaction after the analysis instant, when
	// [Options.RejectFuture] asks for an error rather than exclusion. It
	// wraps [ErrInvalid].
	ErrFuture = fault.New("segmentation: transaction after the analysis instant", ErrInvalid)

	// ErrNegative reports a negative value where only non-negative ones make
	// sense: a Pareto or concentration input, or a negative monetary value
	// scored for Pareto. It wraps [ErrInvalid].
	ErrNegative = fault.New("segmentation: negative value", ErrInvalid)

	// ErrMixedKinds reports revenue and cost transactions in one
	// aggregation whose [Options.Kind] is zero: their net would mean
	// nothing. Set Options.Kind to choose one. It wraps [ErrInvalid].
	ErrMixedKinds = fault.New("segmentation: revenue and cost mixed", ErrInvalid)

	// ErrOptionsDiffer reports a merge of two aggregates built with
	// different options, which would not be the aggregate of the union. It
	// wraps [ErrInvalid].
	ErrOptionsDiffer = fault.New("segmentation: aggregates have different options", ErrInvalid)
)

// txError returns the field error for one transaction: a "Transaction"
// record named by its ID or, for a transaction without one (a [Ledger]'s
// rows, a [Partial]), an "Account" record named by its account.
func txError(acct account.ID, tx account.TransactionID, field string, value any, reason string, err error) error {
	if tx != "" || acct == "" {
		return &account.FieldError{Record: "Transaction", ID: string(tx), Field: field, Value: value, Reason: reason, Err: err}
	}
	return &account.FieldError{Record: "Account", ID: string(acct), Field: field, Value: value, Reason: reason, Err: err}
}

// tooMany is the error for an account with more transactions than an entry
// counts.
func tooMany(acct account.ID) error {
	return &account.FieldError{Record: "Account", ID: string(acct), Field: "Transactions", Reason: "more than 4294967295", Err: ErrInvalid}
}

// A CurrencyError reports an account whose transactions or values are in
// two currencies, or two accounts compared across currencies: it names two
// accounts and two currencies, which one field error cannot. It wraps
// [account.ErrCurrencyMismatch] and [ErrInvalid].
type CurrencyError struct {
	Account account.ID // the account whose amounts differ in currency
	Other   account.ID // the second account, when two accounts differ; "" within one account
	// Currencies are the two currencies, in ascending order, so that the
	// error does not depend on the order in which the input was read.
	Currencies [2]account.Currency
}

// Error returns a description such as
//
//	segmentation: account "A1" has amounts in both "EUR" and "NZD"
//
// with each ID and currency quoted to at most 64 bytes.
func (e *CurrencyError) Error() string {
	c0, c1 := fault.Quote(string(e.Currencies[0])), fault.Quote(string(e.Currencies[1]))
	if e.Other != "" {
		return "segmentation: accounts " + fault.Quote(string(e.Account)) + " and " + fault.Quote(string(e.Other)) +
			" are in different currencies (" + c0 + " and " + c1 + ")"
	}
	return "segmentation: account " + fault.Quote(string(e.Account)) + " has amounts in both " + c0 + " and " + c1
}

// Unwrap returns [account.ErrCurrencyMismatch] and [ErrInvalid].
func (e *CurrencyError) Unwrap() []error { return []error{account.ErrCurrencyMismatch, ErrInvalid} }

func currencyError(a, other account.ID, c1, c2 account.Currency) *CurrencyError {
	if c2 < c1 {
		c1, c2 = c2, c1
	}
	if other != "" && other < a {
		a, other = other, a
	}
	return &CurrencyError{Account: a, Other: other, Currencies: [2]account.Currency{c1, c2}}
}
