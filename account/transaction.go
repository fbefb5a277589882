package account

import (
	"time"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// A Transaction is one movement of money on an account: revenue earned from
// an external customer, or cost charged to (or consumed by) an internal one.
//
// A refund or correction is a transaction with a negative amount; stores
// keep transactions append-only, and analyses net them.
//
// The zero Transaction is not valid.
type Transaction struct {
	ID        TransactionID   // identifies the transaction; required and unique
	Account   ID              // the account it belongs to; required
	At        time.Time       // when it happened; an instant, compared with Before/After/Equal
	Amount    Money           // exact, in the transaction's currency; may be negative
	Kind      TransactionKind // revenue or cost
	Reference string          // the source system's reference (an invoice number, say); free text

	// Offering is the product or service the transaction paid for, or ""
	// when it is not known. Package growth reads it to find what each
	// buying centre holds; set, it follows the rules of [ID.Validate].
	Offering OfferingID
}

// Validate reports every problem with t as joined [*FieldError] values: ID
// and Account are required, At must be set, Amount must have a valid
// currency, Kind must be [TransactionRevenue] or [TransactionCost], and
// Offering, if set, must be a valid ID.
func (t Transaction) Validate() error {
	f := &fieldErrors{record: "Transaction", id: string(t.ID)}
	if r := idReason(string(t.ID)); r != "" {
		f.add("ID", string(t.ID), r)
	}
	if r := idReason(string(t.Account)); r != "" {
		f.add("Account", string(t.Account), r)
	}
	if t.At.IsZero() {
		f.add("At", nil, "is missing")
	}
	if err := t.Amount.Validate(); err != nil {
		f.addErr("Amount", err)
	}
	if t.Kind != TransactionRevenue && t.Kind != TransactionCost {
		f.add("Kind", int(t.Kind), "must be revenue or cost")
	}
	if t.Offering != "" {
		if r := idReason(string(t.Offering)); r != "" {
			f.add("Offering", string(t.Offering), r)
		}
	}
	return f.err()
}

// TransactionKind says what a transaction's money is. The zero value is not
// a valid kind: every transaction must say.
type TransactionKind uint8

// The transaction kinds.
const (
	TransactionRevenue TransactionKind = 1 // money earned from the customer
	TransactionCost    TransactionKind = 2 // cost of serving an internal customer, or consumed by it
)

var transactionKindNames = enum.New("TransactionKind", map[TransactionKind]string{
	TransactionRevenue: "revenue",
	TransactionCost:    "cost",
})

// String returns "revenue" or "cost".
func (k TransactionKind) String() string {
	return transactionKindNames.String(k)
}

// MarshalText returns the kind's name; an unknown value is an error.
// The zero TransactionKind is the exception: it is the empty text, unset.
func (k TransactionKind) MarshalText() ([]byte, error) {
	return transactionKindNames.MarshalText(k, ErrInvalid)
}

// UnmarshalText parses a name written by [TransactionKind.MarshalText].
// The empty text is the zero TransactionKind.
func (k *TransactionKind) UnmarshalText(text []byte) error {
	v, err := transactionKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}
