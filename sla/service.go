package sla

import (
	"context"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/parallel"
)

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
// The tickets are read from the store in batches of 256 on a goroutine of
// their own, while the batches read before are evaluated on the cores and
// their results yielded: memory stays bounded (a few batches per core)
// however many tickets match. With GOMAXPROCS 1 the reading and the
// evaluation run on the caller's goroutine, a batch at a time. Stopping the
// iteration early stops the reading and the workers; they have all
// returned when the iteration does.
func (s *Service) EvaluateTickets(ctx context.Context, f TicketFilter, now time.Time) iter.Seq2[Result, error] {
	return func(yield func(Result, error) bool) {
		if err := s.check(now); err != nil {
			yield(Result{}, err)
			return
		}
		if end := now.Add(time.Nanosecond); f.To.IsZero() || end.Before(f.To) {
			f.To = end // opened at or before now
		}
		// The workers hand evaluated batches' slices back through free
		// for the reader to fill again: the results share no memory with
		// them.
		free := make(chan []Timeline, 8)
		batches := func(yield func(serviceBatch) bool) {
			batch := make([]Timeline, 0, batchChunk)
			for t, err := range s.tickets.Tickets(ctx, f) {
				if err != nil {
					yield(serviceBatch{tls: batch, err: err})
					return
				}
				if batch = append(batch, t.Timeline); len(batch) < batchChunk {
					continue
				}
				if !yield(serviceBatch{tls: batch}) {
					return
				}
				select {
				case batch = <-free:
				default:
					batch = make([]Timeline, 0, batchChunk)
				}
			}
			if len(batch) > 0 {
				yield(serviceBatch{tls: batch})
			}
		}
		evaluate := func(b serviceBatch) serviceBatch {
			b.chunk = s.ev.evaluateChunk(b.tls, now)
			clear(b.tls) // let the events go
			select {
			case free <- b.tls[:0]:
			default:
			}
			b.tls = nil
			return b
		}
		for b := range parallel.Stream(batches, 0, evaluate) {
			if !b.yield(yield) {
				return
			}
			if b.err != nil {
				yield(Result{}, b.err)
				return
			}
		}
	}
}

// A serviceBatch is a batch of stored timelines, read in the store's order,
// then their evaluation; err is the store's error that ended the reading
// after them, if it did.
type serviceBatch struct {
	tls []Timeline
	chunk
	err error
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
