package sla

import (
	"context"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// serviceBatch is the number of tickets the service reads from its store
// before it evaluates them: enough for [Evaluator.EvaluateAll] to spread
// them over the cores, few enough to keep memory small.
const serviceBatch = 4 * batchChunk

// A Service evaluates the tickets of a [TicketStore]: it loads them,
// evaluates them with an [Evaluator] and reports on them, each in one
// call. It is a thin shell over the pure functions: what it returns is
// what [Evaluator.Evaluate], [Evaluator.EvaluateAll] and [Compliance]
// return for the stored timelines.
//
// A Service is safe for concurrent use if its store is. The zero Service
// has no store: its methods return errors wrapping [ErrInvalid].
type Service struct {
	tickets TicketStore
	ev      *Evaluator
}

// NewService returns a Service that reads tickets from tickets and
// evaluates them with ev.
func NewService(tickets TicketStore, ev *Evaluator) *Service {
	return &Service{tickets: tickets, ev: ev}
}

// check reports a Service without a store or an evaluator, and a zero now.
func (s *Service) check(now time.Time) error {
	switch {
	case s == nil || s.tickets == nil:
		return &account.FieldError{Record: "Service", Reason: "has no TicketStore: make it with NewService", Err: ErrInvalid}
	case now.IsZero():
		return &account.FieldError{Record: "Argument", Field: "now", Reason: "is the zero time", Err: ErrInvalid}
	}
	return s.ev.check()
}

// Evaluate evaluates the stored ticket with the given ID at the instant
// now, as [Evaluator.Evaluate] does. The error wraps [account.ErrNotFound]
// if there is no such ticket, is the store's or the evaluation's, or is
// an [*account.FieldError] wrapping [ErrInvalid] for a zero now or a
// Service not made by NewService.
func (s *Service) Evaluate(ctx context.Context, ticket string, now time.Time) (Result, error) {
	if err := s.check(now); err != nil {
		return Result{}, err
	}
	t, err := s.tickets.Ticket(ctx, ticket)
	if err != nil {
		return Result{}, err
	}
	return s.ev.Evaluate(t.Timeline, now)
}

// EvaluateTickets evaluates the stored tickets that match f at the instant
// now, and yields each result with its error in the order the store lists
// them (by opening, then ID). Tickets opened after now, which did not
// exist yet at now, are left out. The results are those of
// [Evaluator.EvaluateAll] over the same timelines: a ticket that fails to
// evaluate yields its error and the iteration goes on; the store's error,
// or a done context, is yielded once and ends it.
//
// The tickets are read from the store and evaluated in batches of 1,024,
// spread over the cores, so memory stays bounded however many tickets
// match. Stopping the iteration early stops the reading and the workers.
func (s *Service) EvaluateTickets(ctx context.Context, f TicketFilter, now time.Time) iter.Seq2[Result, error] {
	return func(yield func(Result, error) bool) {
		if err := s.check(now); err != nil {
			yield(Result{}, err)
			return
		}
		if end := now.Add(time.Nanosecond); f.To.IsZero() || end.Before(f.To) {
			f.To = end // opened at or before now
		}
		batch := make([]Timeline, 0, serviceBatch)
		flush := func() bool {
			for r, err := range s.ev.EvaluateAll(batch, now, 0) {
				if !yield(r, err) {
					return false
				}
			}
			clear(batch) // let the events go
			batch = batch[:0]
			return true
		}
		for t, err := range s.tickets.Tickets(ctx, f) {
			if err != nil {
				if flush() {
					yield(Result{}, err)
				}
				return
			}
			if batch = append(batch, t.Timeline); len(batch) == serviceBatch && !flush() {
				return
			}
		}
		flush()
	}
}

// EvaluatePeriod evaluates at the instant now every stored ticket that can
// have an outcome in the period p: those opened before p.To (and at or
// before now) and still active from p.From (see [TicketFilter.ActiveFrom]).
// It is [Service.EvaluateTickets] with that filter; its first result is an
// [*account.FieldError] wrapping [ErrInvalid] if p is not valid.
func (s *Service) EvaluatePeriod(ctx context.Context, p Period, now time.Time) iter.Seq2[Result, error] {
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return func(yield func(Result, error) bool) {
			yield(Result{}, &account.FieldError{Record: "Argument", Field: "period", Value: stamp(p.From) + " to " + stamp(p.To),
				Reason: "must have a From before its To", Err: ErrInvalid})
		}
	}
	return s.EvaluateTickets(ctx, TicketFilter{To: p.To, ActiveFrom: p.From}, now)
}

// Compliance reports on the period p, grouped by by, over the stored
// tickets evaluated at the instant now: [Compliance] over
// [Service.EvaluatePeriod]. To count every outcome of the period, pass a
// now at or after p.To. Its errors are those of Compliance, the store's
// and the evaluation's.
func (s *Service) Compliance(ctx context.Context, p Period, by Grouping, now time.Time) (Report, error) {
	return Compliance(s.EvaluatePeriod(ctx, p, now), p, by)
}
