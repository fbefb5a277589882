package sqlstore

import (
	"context"
	"iter"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

var transactions = newJournal(&journal[account.TransactionID, account.Transaction]{
	record: "Transaction",
	t: table{name: "ka_transactions", cols: []column{
		{name: "id"}, {name: "account"}, {name: "at"},
		{name: "amount", cast: "numeric"}, {name: "currency"},
		{name: "kind"}, {name: "reference"}, {name: "offering"},
	}},
	id:       func(t account.Transaction) account.TransactionID { return t.ID },
	validate: account.Transaction.Validate,
	args: func(d Dialect, t account.Transaction) ([]any, error) {
		r := newRow(d, "Transaction", string(t.ID))
		r.text("ID", string(t.ID))
		r.text("Account", string(t.Account))
		r.time("At", t.At)
		r.money(t.Amount)
		r.add(int64(t.Kind))
		r.text("Reference", t.Reference)
		r.text("Offering", string(t.Offering))
		return r.args, r.err
	},
	scan: func(sc scanner) (account.Transaction, error) {
		var t account.Transaction
		var amount decimal.Decimal
		var currency string
		err := sc.Scan(
			(*string)(&t.ID), (*string)(&t.Account), timeCol{&t.At},
			decimalCol{&amount}, &currency,
			intCol[account.TransactionKind]{v: &t.Kind, lo: 0, hi: 255}, &t.Reference,
			(*string)(&t.Offering),
		)
		if err != nil {
			return t, err
		}
		t.Amount, err = moneyOf(amount, currency)
		return t, err
	},
})

// AddTransactions stores txs in one database transaction, all or none. The
// error wraps [account.ErrInvalid] (naming the first transaction that fails
// Validate) or [account.ErrConflict] (naming the first ID that is already
// stored or repeated within txs).
func (s *Store) AddTransactions(ctx context.Context, txs ...account.Transaction) error {
	return transactions.add(ctx, s, txs)
}

// Transactions yields the transactions that match f, ordered by account
// ID, then At, then transaction ID, reading them from the database as the
// caller ranges.
func (s *Store) Transactions(ctx context.Context, f account.TransactionFilter) iter.Seq2[account.Transaction, error] {
	var p params
	var conds []string
	if f.Kind != 0 {
		conds = append(conds, "kind = "+p.add(int64(f.Kind)))
	}
	return transactions.list(ctx, s, f.Account, f.From, f.To, conds, &p)
}

// DeleteTransaction deletes the transaction with the given ID. The error
// wraps [account.ErrNotFound] if there is none.
func (s *Store) DeleteTransaction(ctx context.Context, id account.TransactionID) error {
	return transactions.delete(ctx, s, id)
}
