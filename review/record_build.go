package review

import (
	"iter"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/tiering"
)

// A ReviewInput is what the caller knows of a review just held: the facts
// of the meeting, the figures it counted, and the action items agreed.
// [NewReview] turns it into a [Review] and its [ActionItem] values.
type ReviewInput struct {
	ID        ReviewID      // the review's ID; required
	Account   account.ID    // the account reviewed; required
	Date      calendar.Date // the day it was held; required
	Attendees []Attendee    // who attended, as in [Review]; at least one

	// The performance to measure: the account's transactions of Kind in
	// [From, To) against Target. A zero Kind measures nothing (and then
	// From, To and Target must be zero too).
	Kind     account.TransactionKind
	From, To time.Time
	Target   account.Money

	SLA                 SLACounts // the SLA cycles met and breached, as counted with package sla
	EscalationsOpened   int       // escalations opened in the period; not negative
	EscalationsResolved int       // escalations resolved in the period; not negative

	// Health is the account's health score at the review; its trend
	// against the previous review's counts as flat within Deadband points
	// either way (see [tiering.TrendOf]).
	Health   tiering.Points
	Deadband tiering.Points

	Notes            string            // free text, copied to the Review
	Decisions        []string          // copied to the Review
	ObjectiveUpdates []ObjectiveUpdate // copied to the Review; [Plan.Apply] applies them
	Actions          []ActionInput     // the action items agreed, each made an open [ActionItem]

	// Next is the date of the next review. When it is zero, the next
	// review is Every after Date (see [tiering.Cadence.AddTo]), so a
	// review held late moves the rhythm with it.
	Next  calendar.Date
	Every tiering.Cadence
}

// An ActionInput is an action item as agreed at a review. Its Due date is
// [DefaultActionDays] after the review when zero.
type ActionInput struct {
	ID    ActionID          // required
	Title string            // what is to be done; required
	Owner account.ManagerID // who does it; required
	Due   calendar.Date     // when; zero means DefaultActionDays after the review
}

// NewReview records the review in: it measures the performance from txs
// (see [Measure]; a nil txs has no transactions), takes the health trend
// against previous (the account's previous review, or nil at its first),
// fixes the next review's date, and returns the review with the open
// action items it raised, in the order of in.Actions.
//
// The errors wrap [ErrInvalid]: those of [Measure], of
// [Review.Validate] and of [ActionItem.Validate] for the records made
// (an action with no owner is one), all joined; an [*account.FieldError]
// with Record "ReviewInput" for a previous review of another account or
// not before Date, for Next and Every both zero, or for an Every that is
// not valid.
func NewReview(in ReviewInput, previous *Review, txs iter.Seq2[account.Transaction, error]) (Review, []ActionItem, error) {
	f := &faults{record: "ReviewInput", id: string(in.ID)}
	if previous != nil {
		if previous.Account != in.Account {
			f.add("previous.Account", string(previous.Account), "is not the account reviewed, "+string(in.Account))
		} else if !previous.Date.Before(in.Date) {
			f.add("previous.Date", previous.Date, "is not before Date "+in.Date.String())
		}
	}
	if err := in.Every.Validate(); err != nil {
		f.add("Every", in.Every.String(), reasonOf(err))
	} else if in.Next.IsZero() && in.Every.IsZero() {
		f.add("Next", nil, "is missing, and Every is zero")
	}
	if err := f.err(); err != nil {
		return Review{}, nil, err
	}
	r := Review{
		ID:                  in.ID,
		Account:             in.Account,
		Date:                in.Date,
		Attendees:           slices.Clone(in.Attendees),
		SLA:                 in.SLA,
		EscalationsOpened:   in.EscalationsOpened,
		EscalationsResolved: in.EscalationsResolved,
		Health:              Health{Score: in.Health},
		Notes:               in.Notes,
		Decisions:           slices.Clone(in.Decisions),
		ObjectiveUpdates:    slices.Clone(in.ObjectiveUpdates),
		Next:                in.Next,
	}
	if in.Kind != 0 || !in.From.IsZero() || !in.To.IsZero() || in.Target.Currency() != "" {
		p, err := Measure(in.Account, in.Kind, in.From, in.To, in.Target, txs)
		if err != nil {
			return Review{}, nil, err
		}
		r.Performance = p
	}
	if previous != nil {
		r.Health.Previous, r.Health.HasPrevious = previous.Health.Score, true
		r.Health.Trend = tiering.TrendOf(previous.Health.Score, in.Health, in.Deadband)
	}
	if r.Next.IsZero() && r.Date.IsValid() {
		r.Next = addCadence(r.Date, in.Every)
	}
	actions := make([]ActionItem, len(in.Actions))
	for i, a := range in.Actions {
		due := a.Due
		if due.IsZero() && r.Date.IsValid() {
			due = r.Date.AddDays(DefaultActionDays)
		}
		actions[i] = ActionItem{ID: a.ID, Account: in.Account, Review: in.ID, Title: a.Title, Owner: a.Owner,
			Raised: in.Date, Due: due, Status: ActionOpen}
		r.Actions = append(r.Actions, a.ID)
	}
	errs := &faults{}
	errs.list.Add(r.Validate())
	for _, a := range actions {
		errs.list.Add(a.Validate())
	}
	if err := errs.err(); err != nil {
		return Review{}, nil, err
	}
	return r, actions, nil
}

// Apply returns the next version of p after a review's objective updates:
// each updated objective takes its new status (and, when it becomes met,
// Met is the review's date; when it stops being met, Met is cleared),
// written by author at the instant at. The version number is p's, for the
// store to check and increment. p itself is not changed.
//
// The error wraps [ErrInvalid]: an [*account.FieldError] (Record "Review")
// for a review of another account or an update naming an objective the
// plan does not have, or the problems of [Plan.Validate] for the result.
func (p Plan) Apply(r Review, author account.ManagerID, at time.Time) (Plan, error) {
	f := &faults{record: "Review", id: string(r.ID)}
	if r.Account != p.Account {
		f.add("Account", string(r.Account), "is not the plan's account, "+string(p.Account))
	}
	next := p.Clone()
	for i, u := range r.ObjectiveUpdates {
		j := slices.IndexFunc(next.Objectives, func(o Objective) bool { return o.ID == u.Objective })
		if j < 0 {
			f.add(index("ObjectiveUpdates", i)+".Objective", string(u.Objective), "is not an objective of the plan")
			continue
		}
		o := &next.Objectives[j]
		switch {
		case u.Status == ObjectiveMet && o.Status != ObjectiveMet:
			o.Met = r.Date
		case u.Status != ObjectiveMet:
			o.Met = calendar.Date{}
		}
		o.Status = u.Status
	}
	if err := f.err(); err != nil {
		return Plan{}, err
	}
	next.Author, next.At = author, at
	if err := next.Validate(); err != nil {
		return Plan{}, err
	}
	return next, nil
}
