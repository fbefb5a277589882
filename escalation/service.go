package escalation

import (
	"context"
	"fmt"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/sla"
)

// A Service escalates stored issues: it loads an issue from the stores,
// decides it with an [Engine], records each notification due with the
// compare-and-set of [RecordStore.AddFired], and returns the notifications
// that this call recorded, for the caller to send. It is the thin shell
// over [Engine.Decide]; the decision is the one Decide makes from what the
// stores hold.
//
// Any number of Services, in one process or many, may escalate the same
// issues over shared stores at once: each notification is recorded, and so
// returned to send, by exactly one call (see "Exactly once" in the package
// documentation).
//
// A Service is safe for concurrent use if its stores are. The zero Service
// has no stores: its methods return errors wrapping [ErrInvalid].
type Service struct {
	tickets  sla.TicketStore
	store    Store
	accounts account.AccountReader
	engine   *Engine
	slas     *sla.Evaluator
	names    map[account.Tier]string
	name     string
	window   time.Duration // the longest window of a TriggerRepeats, 0 if none
}

// ServiceConfig is what a [Service] needs besides its stores: what
// [Engine.Decide] needs to decide, and where the service finds what an
// [Issue] holds beyond the ticket and the escalation store.
type ServiceConfig struct {
	// Policies, Org and SLA build the Service's [Engine] (see [NewEngine]).
	// Policies is required.
	Policies Policies
	Org      OrgChart
	SLA      sla.Policies

	// Calendars are those the SLA targets are measured on. With SLA set,
	// the Service evaluates each ticket with an [sla.Evaluator] of SLA and
	// Calendars at the decision's now, for [Issue.SLA]; with SLA empty,
	// Issue.SLA is the zero Result, and no policy may have triggers on
	// SLA metrics.
	Calendars sla.Calendars

	// Accounts gives each issue's owner ([Issue.Owner]): the Owner of its
	// account, when the issue is decided. A FactReassigned in the
	// escalation store overrides it for one issue. Required.
	Accounts account.AccountReader

	// Procedures names the escalation procedure ([Issue.Policy]) of each
	// tier, as tiering's service models give it
	// (ServiceModel.EscalationPolicy); Procedure names that of a tier not
	// in Procedures. An issue whose tier (sla.Timeline.Tier) has no
	// procedure cannot be escalated.
	Procedures map[account.Tier]string
	Procedure  string
}

// NewService returns a Service that reads tickets from tickets and keeps
// the escalation's records and facts in store. The error wraps
// [ErrInvalid]: a nil store or Accounts, or the error of [NewEngine] or
// [sla.NewEvaluator] for the config's policies.
func NewService(tickets sla.TicketStore, store Store, cfg ServiceConfig) (*Service, error) {
	missing := func(field string) error {
		return &account.FieldError{Record: "ServiceConfig", Field: field, Reason: "is nil", Err: ErrInvalid}
	}
	switch {
	case tickets == nil:
		return nil, &account.FieldError{Record: "Argument", Field: "tickets", Reason: "is nil", Err: ErrInvalid}
	case store == nil:
		return nil, &account.FieldError{Record: "Argument", Field: "store", Reason: "is nil", Err: ErrInvalid}
	case cfg.Accounts == nil:
		return nil, missing("Accounts")
	}
	e, err := NewEngine(cfg.Policies, cfg.Org, cfg.SLA)
	if err != nil {
		return nil, err
	}
	s := &Service{tickets: tickets, store: store, accounts: cfg.Accounts, engine: e, name: cfg.Procedure}
	if len(cfg.SLA) > 0 {
		if s.slas, err = sla.NewEvaluator(cfg.SLA, cfg.Calendars); err != nil {
			return nil, fmt.Errorf("%w: ServiceConfig: SLA and Calendars: %w", ErrInvalid, err)
		}
	}
	s.names = make(map[account.Tier]string, len(cfg.Procedures))
	for t, n := range cfg.Procedures {
		s.names[t] = n
	}
	for _, p := range cfg.Policies {
		for _, l := range p.Levels {
			for _, t := range l.Triggers {
				if t.Kind == TriggerRepeats {
					s.window = max(s.window, t.Window)
				}
			}
		}
	}
	return s, nil
}

// An Outcome is what one call of [Service.Escalate] decided, and which of
// the notifications due it won.
//
// The zero Outcome decides nothing and sends nothing.
type Outcome struct {
	// Decision is the engine's decision, made from the ticket, facts and
	// records as the call read them.
	Decision Decision

	// Send are the notifications of Decision.Notify that this call
	// recorded, in the same order: send each. The others were recorded
	// by another call, which returned them to send.
	Send []Notification
}

// Escalate decides the stored issue of the ticket at the instant now, and
// records the notifications due: it loads the ticket, its account's owner,
// its escalation facts and fired records (and, if a policy has
// [TriggerRepeats], the account's tickets opened within the longest
// window of it), evaluates the ticket's SLA at now, calls
// [Engine.Decide], and adds the [Notification.Record] of each
// notification due to the record store. It returns the decision and the
// notifications this call added, which the caller must send; a
// notification that another call recorded first is not returned.
//
// A record is added before its notification is sent, so a caller that
// stops between the two leaves a notification recorded and never sent:
// the records are at most once, and a caller that needs at least once too
// keeps its own log of what it sent and sends what the records hold that
// its log lacks.
//
// The error wraps [account.ErrNotFound] (no such ticket or account),
// [ErrInvalid] (a zero now, an issue or records the engine rejects, a tier
// without a procedure, a Service not made by NewService), the SLA
// evaluation's error, or a store's error, the context's included. When a
// record store fails after adding some of the records, the Outcome holds
// those in Send, with the error: send them.
func (s *Service) Escalate(ctx context.Context, ticket string, now time.Time) (Outcome, error) {
	if s == nil || s.engine == nil {
		return Outcome{}, &account.FieldError{Record: "Service", Reason: "is not made by NewService", Err: ErrInvalid}
	}
	if now.IsZero() {
		return Outcome{}, &account.FieldError{Record: "Argument", Field: "now", Reason: "is the zero time", Err: ErrInvalid}
	}
	is, fired, err := s.load(ctx, ticket, now)
	if err != nil {
		return Outcome{}, err
	}
	d, err := s.engine.Decide(is, fired, now)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Decision: d}
	for _, n := range d.Notify {
		added, err := s.store.AddFired(ctx, n.Record())
		if err != nil {
			return out, err
		}
		if added {
			out.Send = append(out.Send, n)
		}
	}
	return out, nil
}

// load reads the issue of the ticket, and its fired records, from the
// stores.
func (s *Service) load(ctx context.Context, id string, now time.Time) (Issue, []Record, error) {
	t, err := s.tickets.Ticket(ctx, id)
	if err != nil {
		return Issue{}, nil, err
	}
	name, ok := s.names[t.Tier]
	if !ok {
		name = s.name
	}
	if name == "" {
		return Issue{}, nil, &account.FieldError{Record: "ServiceConfig", Field: "Procedures", Value: int(t.Tier),
			Reason: "names no escalation procedure for the tier of ticket " + fault.Quote(id), Err: ErrInvalid}
	}
	a, err := s.accounts.Account(ctx, t.Account)
	if err != nil {
		return Issue{}, nil, err
	}
	var facts collector[Fact]
	if s.store.Facts(ctx, id)(facts.add); facts.err != nil {
		return Issue{}, nil, facts.err
	}
	var fired collector[Record]
	if s.store.Fired(ctx, id)(fired.add); fired.err != nil {
		return Issue{}, nil, fired.err
	}
	var recent []Recent
	if s.window > 0 && len(t.Events) > 0 {
		if recent, err = s.recent(ctx, t.Ticket, t.Account, t.Events[0].At, now); err != nil {
			return Issue{}, nil, err
		}
	}
	var res sla.Result
	if s.slas != nil {
		if res, err = s.slas.Evaluate(t.Timeline, now); err != nil {
			return Issue{}, nil, err
		}
	}
	return Issue{Timeline: t.Timeline, SLA: res, Policy: name, Owner: Person(a.Owner), Facts: facts.out, Recent: recent}, fired.out, nil
}

// A collector gathers what a sequence yields, up to its first error: the
// same as account.Collect, with fewer allocations for a sequence that
// comes through an interface (a range loop over it puts its state on the
// heap).
type collector[T any] struct {
	out []T
	err error
}

func (c *collector[T]) add(v T, err error) bool {
	if err != nil {
		c.err = err
		return false
	}
	c.out = append(c.out, v)
	return true
}

// recent returns the account's other tickets than ticket opened within
// s.window of opened, and not after now.
func (s *Service) recent(ctx context.Context, ticket string, acct account.ID, opened, now time.Time) ([]Recent, error) {
	to := opened.Add(s.window)
	if now.Before(to) {
		to = now
	}
	var out []Recent
	f := sla.TicketFilter{Account: acct, From: opened.Add(-s.window), To: to.Add(time.Nanosecond)}
	for o, err := range s.tickets.Tickets(ctx, f) {
		if err != nil {
			return nil, err
		}
		if o.Ticket != ticket && len(o.Events) > 0 {
			out = append(out, Recent{Issue: o.Ticket, At: o.Events[0].At, Category: o.Category})
		}
	}
	return out, nil
}
