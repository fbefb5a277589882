package segmentation

import (
	"errors"
	"fmt"
	"strconv"

	"github.com/keyaccount/keyaccount/account"
)

// Sentinel errors. Test for them with [errors.Is]; the errors the package
// returns wrap them with the account, transaction or field at fault.
var (
	// ErrInvalid reports options, a scoring specification, a rule table or
	// an input value that the package cannot use. The error usually also
	// carries a [*FieldError], a [*RuleError] or a [*TransactionError].
	ErrInvalid = errors.New("segmentation: invalid input")

	// ErrFuture reports a transaction after the analysis instant, when
	// [Options.RejectFuture] asks for an error rather than exclusion.
	ErrFuture = errors.New("segmentation: transaction after the analysis instant")

	// ErrNegative reports a negative value where only non-negative ones make
	// sense: a Pareto or concentration input, or a negative monetary value
	// scored for Pareto.
	ErrNegative = errors.New("segmentation: negative value")

	// ErrMixedKinds reports revenue and cost transactions in one
	// aggregation whose [Options.Kind] is zero: their net would mean
	// nothing. Set Options.Kind to choose one.
	ErrMixedKinds = errors.New("segmentation: revenue and cost mixed")

	// ErrOptionsDiffer reports a merge of two aggregates built with
	// different options, which would not be the aggregate of the union.
	ErrOptionsDiffer = errors.New("segmentation: aggregates have different options")
)

// A FieldError reports an option or specification field that is not valid.
// It wraps [ErrInvalid].
type FieldError struct {
	Field  string // e.g. "Options.AsOf" or "Scoring.Monetary.Cuts"
	Value  any    // the offending value, if any
	Reason string // what is wrong
}

// Error returns a description such as
//
//	segmentation: Scoring.K 0: must be from 1 to 100
func (e *FieldError) Error() string {
	s := "segmentation: " + e.Field
	if e.Value != nil {
		s += " " + fmt.Sprint(e.Value)
	}
	return s + ": " + e.Reason
}

// Unwrap returns [ErrInvalid].
func (e *FieldError) Unwrap() error { return ErrInvalid }

// A TransactionError reports one transaction that cannot be aggregated. It
// wraps Err: [ErrInvalid] for a malformed transaction, [ErrFuture] for one
// after the analysis instant (when that is an error), [ErrMixedKinds] for
// revenue and cost mixed, or [account.ErrCurrencyMismatch]. Account is ""
// when the problem is not one account's (merging aggregates of two kinds).
type TransactionError struct {
	Account     account.ID            // the account at fault, or ""
	Transaction account.TransactionID // "" when the input has no IDs (a Ledger)
	Reason      string                // what is wrong
	Err         error                 // the sentinel wrapped
}

// Error returns a description such as
//
//	segmentation: account "A1" transaction "T9": is after the analysis instant
//
// or, naming neither, "segmentation: " and the reason.
func (e *TransactionError) Error() string {
	s := "segmentation:"
	if e.Account != "" {
		s += " account " + strconv.Quote(string(e.Account))
	}
	if e.Transaction != "" {
		s += " transaction " + strconv.Quote(string(e.Transaction))
	}
	if e.Account == "" && e.Transaction == "" {
		return s + " " + e.Reason
	}
	return s + ": " + e.Reason
}

// Unwrap returns Err.
func (e *TransactionError) Unwrap() error { return e.Err }

// A CurrencyError reports an account whose transactions or values are in
// two currencies, or two accounts compared across currencies. It wraps
// [account.ErrCurrencyMismatch].
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
func (e *CurrencyError) Error() string {
	if e.Other != "" {
		return fmt.Sprintf("segmentation: accounts %q and %q are in different currencies (%q and %q)",
			string(e.Account), string(e.Other), string(e.Currencies[0]), string(e.Currencies[1]))
	}
	return fmt.Sprintf("segmentation: account %q has amounts in both %q and %q",
		string(e.Account), string(e.Currencies[0]), string(e.Currencies[1]))
}

// Unwrap returns [account.ErrCurrencyMismatch].
func (e *CurrencyError) Unwrap() error { return account.ErrCurrencyMismatch }

func currencyError(a, other account.ID, c1, c2 account.Currency) *CurrencyError {
	if c2 < c1 {
		c1, c2 = c2, c1
	}
	if other != "" && other < a {
		a, other = other, a
	}
	return &CurrencyError{Account: a, Other: other, Currencies: [2]account.Currency{c1, c2}}
}

// A ValueError reports one account's value that an analysis cannot use,
// such as a negative value given to [NewPareto]. It wraps Err.
type ValueError struct {
	Account account.ID // the account at fault
	Value   string     // the value, as an exact decimal string
	Reason  string     // what is wrong
	Err     error      // the sentinel wrapped, such as ErrNegative
}

// Error returns a description such as
//
//	segmentation: account "A1": value -3.50: must not be negative
func (e *ValueError) Error() string {
	return fmt.Sprintf("segmentation: account %q: value %s: %s", string(e.Account), e.Value, e.Reason)
}

// Unwrap returns Err.
func (e *ValueError) Unwrap() error { return e.Err }
