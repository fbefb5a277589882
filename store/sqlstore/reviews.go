package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"math"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// The reviews and action items of package review: versioned records like
// accounts, in the tables ka_reviews and ka_review_actions (migration
// 0004), with the contract written above [review.PlanStore]. Their
// filters run in SQL, on indexed columns.

var _ review.Store = (*Store)(nil)

// storeInvalid makes the validation errors of a record of another
// package than account (review, engagement), which wrap that package's
// ErrInvalid, wrap account.ErrInvalid too, the sentinel of every store's
// invalid records, keeping the field errors.
func storeInvalid[V any](validate func(V) error) func(V) error {
	return func(v V) error {
		if err := validate(v); err != nil {
			return fmt.Errorf("%w: %w", account.ErrInvalid, err)
		}
		return nil
	}
}

var reviews = newVersioned(&versioned[review.ReviewID, review.Review]{
	record: "Review",
	t: table{name: "ka_reviews", cols: []column{
		{name: "id"}, {name: "account"}, {name: "held_on"},
		{name: "attendees", cast: "jsonb"},
		{name: "perf_kind"}, {name: "perf_from"}, {name: "perf_to"},
		{name: "perf_target", cast: "numeric"}, {name: "perf_target_currency"},
		{name: "perf_actual", cast: "numeric"}, {name: "perf_actual_currency"},
		{name: "perf_attainment", cast: "numeric"},
		{name: "sla_met"}, {name: "sla_breached"},
		{name: "escalations_opened"}, {name: "escalations_resolved"},
		{name: "health_score"}, {name: "health_previous"}, {name: "health_has_previous"}, {name: "health_trend"},
		{name: "notes"},
		{name: "decisions", cast: "jsonb"},
		{name: "objective_updates", cast: "jsonb"},
		{name: "actions", cast: "jsonb"},
		{name: "next_on"},
	}},
	id:         func(r review.Review) review.ReviewID { return r.ID },
	version:    func(r review.Review) int64 { return r.Version },
	setVersion: func(r *review.Review, v int64) { r.Version = v },
	validate:   storeInvalid(review.Review.Validate),
	args: func(d Dialect, v review.Review) ([]any, error) {
		r := newRow(d, "Review", string(v.ID))
		r.text("ID", string(v.ID))
		r.text("Account", string(v.Account))
		r.date("Date", v.Date)
		r.attendees("Attendees", v.Attendees)
		p := v.Performance
		r.add(int64(p.Kind))
		r.time("Performance.From", p.From)
		r.time("Performance.To", p.To)
		r.money(p.Target)
		r.money(p.Actual)
		r.add(decimalText(p.Attainment))
		r.add(int64(v.SLA.Met))
		r.add(int64(v.SLA.Breached))
		r.add(int64(v.EscalationsOpened))
		r.add(int64(v.EscalationsResolved))
		r.add(int64(v.Health.Score))
		r.add(int64(v.Health.Previous))
		r.add(v.Health.HasPrevious)
		r.add(int64(v.Health.Trend))
		r.text("Notes", v.Notes)
		r.strings("Decisions", v.Decisions)
		r.objectiveUpdates("ObjectiveUpdates", v.ObjectiveUpdates)
		r.strings("Actions", idStrings(v.Actions))
		r.date("Next", v.Next)
		return r.args, r.err
	},
	scan: func(sc scanner) (review.Review, error) {
		var v review.Review
		p := &v.Performance
		var target, actual decimal.Decimal
		var targetCur, actualCur string
		err := sc.Scan(
			(*string)(&v.ID), (*string)(&v.Account), dateCol{&v.Date},
			attendeesCol(&v.Attendees),
			intCol[account.TransactionKind]{v: &p.Kind, lo: 0, hi: math.MaxUint8}, timeCol{&p.From}, timeCol{&p.To},
			decimalCol{&target}, &targetCur,
			decimalCol{&actual}, &actualCur,
			decimalCol{&p.Attainment},
			intCol[int]{v: &v.SLA.Met, lo: math.MinInt, hi: math.MaxInt},
			intCol[int]{v: &v.SLA.Breached, lo: math.MinInt, hi: math.MaxInt},
			intCol[int]{v: &v.EscalationsOpened, lo: math.MinInt, hi: math.MaxInt},
			intCol[int]{v: &v.EscalationsResolved, lo: math.MinInt, hi: math.MaxInt},
			pointsCol{&v.Health.Score}, pointsCol{&v.Health.Previous},
			boolCol{&v.Health.HasPrevious},
			intCol[tiering.Trend]{v: &v.Health.Trend, lo: math.MinInt8, hi: math.MaxInt8},
			&v.Notes,
			stringsCol{&v.Decisions},
			objectiveUpdatesCol(&v.ObjectiveUpdates),
			idsCol[review.ActionID]{&v.Actions},
			dateCol{&v.Next},
			&v.Version,
		)
		if err != nil {
			return v, err
		}
		if p.Target, err = optionalMoneyOf(target, targetCur); err != nil {
			return v, fmt.Errorf("Performance.Target: %w", err)
		}
		if p.Actual, err = optionalMoneyOf(actual, actualCur); err != nil {
			return v, fmt.Errorf("Performance.Actual: %w", err)
		}
		return v, nil
	},
})

// pointsCol scans a score ([tiering.Points], an int32).
type pointsCol struct{ p *tiering.Points }

// Scan implements sql.Scanner.
func (c pointsCol) Scan(src any) error {
	var v int64
	if err := (intCol[int64]{v: &v, lo: math.MinInt32, hi: math.MaxInt32}).Scan(src); err != nil {
		return err
	}
	*c.p = tiering.Points(v)
	return nil
}

// Review returns the review with the given ID. The error wraps
// [account.ErrNotFound] if there is none; see the package documentation
// for the others.
func (s *Store) Review(ctx context.Context, id review.ReviewID) (review.Review, error) {
	return reviews.getOne(ctx, s, id)
}

// Reviews yields the reviews that match f in ascending ID order
// (byte-wise), reading them from the database as the caller ranges. The
// filter runs in SQL: the account and the date range on the index
// (account, date).
func (s *Store) Reviews(ctx context.Context, f review.ReviewFilter) iter.Seq2[review.Review, error] {
	var p params
	var conds []string
	if f.Account != "" {
		conds = append(conds, "account = "+p.add(string(f.Account)))
	}
	conds = dateRange(conds, &p, "held_on", f.From, f.To)
	return reviews.list(ctx, s, conds, &p)
}

// CreateReview stores r with Version 1 and returns the stored review. The
// error wraps [account.ErrInvalid] and [review.ErrInvalid] if r fails
// Validate, [account.ErrInvalid] if its Version is not 0 ([ErrUnstorable]
// too if a time is outside the years 1 to 9999, or a text is not valid
// UTF-8 or holds a NUL byte), or [account.ErrConflict] if its ID is taken.
func (s *Store) CreateReview(ctx context.Context, r review.Review) (review.Review, error) {
	return reviews.create(ctx, s, r)
}

// UpdateReview replaces the stored review with r, in one statement that
// checks and increments the version, and returns the stored review. The
// error wraps [account.ErrInvalid] (and [review.ErrInvalid] if r fails
// Validate), [account.ErrNotFound], or [account.ErrConflict] if r.Version
// is not the stored version.
func (s *Store) UpdateReview(ctx context.Context, r review.Review) (review.Review, error) {
	return reviews.change(ctx, s, r)
}

// DeleteReview deletes the review if its stored version is version. The
// error wraps [account.ErrNotFound] or [account.ErrConflict]. It does not
// delete the review's action items: stores do not check references.
func (s *Store) DeleteReview(ctx context.Context, id review.ReviewID, version int64) error {
	return reviews.delete(ctx, s, id, version)
}

var actions = newVersioned(&versioned[review.ActionID, review.ActionItem]{
	record: "ActionItem",
	t: table{name: "ka_review_actions", cols: []column{
		{name: "id"}, {name: "account"}, {name: "review"}, {name: "title"}, {name: "owner"},
		{name: "raised"}, {name: "due"}, {name: "status"}, {name: "completed"},
	}},
	id:         func(a review.ActionItem) review.ActionID { return a.ID },
	version:    func(a review.ActionItem) int64 { return a.Version },
	setVersion: func(a *review.ActionItem, v int64) { a.Version = v },
	validate:   storeInvalid(review.ActionItem.Validate),
	args: func(d Dialect, a review.ActionItem) ([]any, error) {
		r := newRow(d, "ActionItem", string(a.ID))
		r.text("ID", string(a.ID))
		r.text("Account", string(a.Account))
		r.text("Review", string(a.Review))
		r.text("Title", a.Title)
		r.text("Owner", string(a.Owner))
		r.date("Raised", a.Raised)
		r.date("Due", a.Due)
		r.add(int64(a.Status))
		r.date("Completed", a.Completed)
		return r.args, r.err
	},
	scan: func(sc scanner) (review.ActionItem, error) {
		var a review.ActionItem
		err := sc.Scan(
			(*string)(&a.ID), (*string)(&a.Account), (*string)(&a.Review), &a.Title, (*string)(&a.Owner),
			dateCol{&a.Raised}, dateCol{&a.Due},
			intCol[review.ActionStatus]{v: &a.Status, lo: 0, hi: math.MaxUint8},
			dateCol{&a.Completed},
			&a.Version,
		)
		return a, err
	},
})

// Action returns the action item with the given ID. The error wraps
// [account.ErrNotFound] if there is none; see the package documentation
// for the others.
func (s *Store) Action(ctx context.Context, id review.ActionID) (review.ActionItem, error) {
	return actions.getOne(ctx, s, id)
}

// Actions yields the action items that match f in ascending ID order
// (byte-wise), reading them from the database as the caller ranges. The
// filter runs in SQL, on the indexes by account, by review, by owner
// (with status and due date) and by status (with due date).
func (s *Store) Actions(ctx context.Context, f review.ActionFilter) iter.Seq2[review.ActionItem, error] {
	var p params
	var conds []string
	if f.Account != "" {
		conds = append(conds, "account = "+p.add(string(f.Account)))
	}
	if f.Review != "" {
		conds = append(conds, "review = "+p.add(string(f.Review)))
	}
	if f.Owner != "" {
		conds = append(conds, "owner = "+p.add(string(f.Owner)))
	}
	if f.Status != 0 {
		conds = append(conds, "status = "+p.add(int64(f.Status)))
	}
	conds = dateRange(conds, &p, "due", calendar.Date{}, f.DueTo)
	return actions.list(ctx, s, conds, &p)
}

// CreateAction stores a with Version 1 and returns the stored item. Its
// errors are those of [Store.CreateReview].
func (s *Store) CreateAction(ctx context.Context, a review.ActionItem) (review.ActionItem, error) {
	return actions.create(ctx, s, a)
}

// UpdateAction replaces the stored action item with a, in one statement
// that checks and increments the version, and returns the stored item.
// Its errors are those of [Store.UpdateReview].
func (s *Store) UpdateAction(ctx context.Context, a review.ActionItem) (review.ActionItem, error) {
	return actions.change(ctx, s, a)
}

// DeleteAction deletes the action item if its stored version is version.
// The error wraps [account.ErrNotFound] or [account.ErrConflict].
func (s *Store) DeleteAction(ctx context.Context, id review.ActionID, version int64) error {
	return actions.delete(ctx, s, id, version)
}
