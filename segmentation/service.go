package segmentation

import (
	"context"
	"errors"
	"iter"

	"github.com/keyaccount/keyaccount/account"
)

// A TransactionReader lists stored transactions: the read side of an
// [account.TransactionStore], which is all a [Service] needs. Every store
// of the module implements it.
type TransactionReader interface {
	// Transactions yields the transactions that match f, as
	// [account.TransactionStore.Transactions] does.
	Transactions(ctx context.Context, f account.TransactionFilter) iter.Seq2[account.Transaction, error]
}

// A Service computes RFM tables and Pareto analyses from a store's
// transactions, each in one call. It is a thin shell over the pure
// functions: what it returns is what [Aggregate] over the store's
// Transactions, then [Score] and [Table.Pareto], return.
//
// If the store also implements [PartialStore], the Service has it
// aggregate where the data is and feeds the Partials to the aggregation
// ([Aggregator.AddPartial]): one row per account leaves the store, not
// every transaction. The results are the same (money equal as numbers),
// except that [Table.Excluded] is zero, since push-down does not count
// the transactions it leaves out. If the store declines the Options with
// an error wrapping [errors.ErrUnsupported], or does not implement
// PartialStore, the Service reads every transaction instead.
//
// A Service is safe for concurrent use if its store is. The zero Service
// has no store: its methods return errors wrapping [ErrInvalid].
type Service struct {
	txs TransactionReader
}

// NewService returns a Service that reads transactions from txs, such as
// a store of store/memstore or store/sqlstore.
func NewService(txs TransactionReader) *Service {
	return &Service{txs: txs}
}

// Aggregate returns the aggregate of the store's transactions under o: by
// push-down if the store offers it for o, else [Aggregate] over the
// store's Transactions (see [Service]). Its errors are those of
// [Options.Validate], checked before the store is read; a done context's
// (wrapping ctx.Err()); the store's, as they are; and those of the
// aggregation ([ErrMixedKinds], [ErrFuture], a [*CurrencyError], ...). A
// Service not made by NewService is an [*account.FieldError] wrapping
// [ErrInvalid].
func (s *Service) Aggregate(ctx context.Context, o Options) (*Aggregator, error) {
	if s == nil || s.txs == nil {
		return nil, &account.FieldError{Record: "Service", Reason: "has no TransactionReader: make it with NewService", Err: ErrInvalid}
	}
	if err := o.Validate(); err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if ps, ok := s.txs.(PartialStore); ok {
		a, err := pushDown(ctx, ps, o)
		if !errors.Is(err, errors.ErrUnsupported) {
			return a, err
		}
	}
	return Aggregate(s.txs.Transactions(ctx, account.TransactionFilter{}), o)
}

// pushDown aggregates the Partials of ps under o. A store that declines o
// after some Partials (against its contract) is still declined: the
// caller falls back with a fresh aggregate.
func pushDown(ctx context.Context, ps PartialStore, o Options) (*Aggregator, error) {
	a, err := NewAggregator(o)
	if err != nil {
		return nil, err
	}
	for p, err := range ps.Partials(ctx, o) {
		if err != nil {
			return nil, err
		}
		if err := a.AddPartial(p); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// RFM returns the scored RFM table of the store's transactions: [Score]
// under sc of [Service.Aggregate] under o. Its errors are those of
// [Scoring.Validate] (checked before the store is read), of
// Service.Aggregate and of Score.
func (s *Service) RFM(ctx context.Context, o Options, sc Scoring) (*Table, error) {
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	a, err := s.Aggregate(ctx, o)
	if err != nil {
		return nil, err
	}
	return Score(a, sc)
}

// Pareto returns the Pareto analysis of the accounts' monetary values
// under o (the net sum, or the mean per transaction: [Options.Monetary]):
// [Table.Pareto] of [Service.RFM] with the zero [Scoring]. Its errors are
// those of Service.RFM, and an [*account.FieldError] wrapping
// [ErrNegative] naming the first account (in ID order) whose value is
// negative: to leave such accounts out, take the table from RFM and pass
// its [Table.Monetary] less [Table.Negative] to [NewPareto].
func (s *Service) Pareto(ctx context.Context, o Options) (*Pareto, error) {
	t, err := s.RFM(ctx, o, Scoring{})
	if err != nil {
		return nil, err
	}
	return t.Pareto()
}
