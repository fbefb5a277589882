package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"math"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
)

// Account plans (migration 0004). Every saved version of a plan is a row
// of ka_review_plan_versions, keyed by account and version, never changed
// in place. ka_review_plans holds, per account with a plan, its current
// version and that version's status: SavePlan is a compare-and-set on
// that row (an INSERT ... ON CONFLICT DO NOTHING for a first version, an
// UPDATE that matches the version read and an At not before the current
// version's otherwise) followed, in the same transaction, by the insert
// of the new version; DeletePlan deletes the row and every version in one
// transaction. Of two writers holding the same version, exactly one
// succeeds.

// planVersions is the table of plan versions, its columns in the order
// planArgs writes them and scanPlan reads them.
var planVersions = table{name: "ka_review_plan_versions", cols: []column{
	{name: "account"}, {name: "version"},
	{name: "objectives", cast: "jsonb"},
	{name: "goals", cast: "jsonb"}, {name: "needs", cast: "jsonb"},
	{name: "strengths", cast: "jsonb"}, {name: "weaknesses", cast: "jsonb"},
	{name: "opportunities", cast: "jsonb"}, {name: "threats", cast: "jsonb"},
	{name: "stakeholders", cast: "jsonb"},
	{name: "status"}, {name: "author"}, {name: "at"},
}}

// planAtArg is the index of the at column in planVersions.
const planAtArg = 12

// qualified returns the select list of t with each column prefixed by
// alias.
func qualified(t table, alias string) string {
	cols := make([]column, len(t.cols))
	for i, c := range t.cols {
		cols[i] = column{name: alias + "." + c.name, cast: c.cast}
	}
	return table{cols: cols}.selectList()
}

// The statements of the plan store. A plan's current version is read
// through its head row with a LEFT JOIN, so that a head whose version is
// missing is reported as corrupt rather than skipped.
var (
	planHead = "SELECT h.account, h.version, h.status, v.account IS NOT NULL, " + qualified(planVersions, "v") +
		" FROM ka_review_plans h LEFT JOIN ka_review_plan_versions v ON v.account = h.account AND v.version = h.version"
	planCurrent = sqlQuery(planHead + " WHERE h.account = $1")
	planAt      = sqlQuery("SELECT " + planVersions.selectList() + " FROM ka_review_plan_versions" +
		" WHERE account = $1 AND at <= $2 ORDER BY at DESC, version DESC LIMIT 1")
	planHistory = sqlQuery("SELECT " + planVersions.selectList() + " FROM ka_review_plan_versions WHERE account = $1 ORDER BY version")

	planInsertHead = sqlQuery("INSERT INTO ka_review_plans (account, version, status) VALUES ($1, 1, $2) ON CONFLICT (account) DO NOTHING")
	planAdvance    = sqlQuery("UPDATE ka_review_plans SET version = version + 1, status = $2 WHERE account = $1 AND version = $3" +
		" AND NOT EXISTS (SELECT 1 FROM ka_review_plan_versions WHERE account = $1 AND version = $3 AND at > $4)")
	planInsert = perDialect(func(d Dialect) string {
		return "INSERT INTO ka_review_plan_versions (" + planVersions.names() + ") VALUES " + planVersions.values(d, 1) +
			" RETURNING " + planVersions.selectList()
	})
	planState = sqlQuery("SELECT h.version, v.at FROM ka_review_plans h LEFT JOIN ka_review_plan_versions v" +
		" ON v.account = h.account AND v.version = h.version WHERE h.account = $1")
	planDeleteHead     = sqlQuery("DELETE FROM ka_review_plans WHERE account = $1 AND version = $2")
	planDeleteVersions = sqlQuery("DELETE FROM ka_review_plan_versions WHERE account = $1")
)

// planArgs returns the arguments that store p as version ver.
func planArgs(d Dialect, p review.Plan, ver int64) ([]any, error) {
	r := newRow(d, "Plan", string(p.Account))
	r.text("Account", string(p.Account))
	r.add(ver)
	r.objectives("Objectives", p.Objectives)
	r.strings("Goals", p.Goals)
	r.strings("Needs", p.Needs)
	r.strings("SWOT.Strengths", p.SWOT.Strengths)
	r.strings("SWOT.Weaknesses", p.SWOT.Weaknesses)
	r.strings("SWOT.Opportunities", p.SWOT.Opportunities)
	r.strings("SWOT.Threats", p.SWOT.Threats)
	r.strings("Stakeholders", idStrings(p.Stakeholders))
	r.add(int64(p.Status))
	r.text("Author", string(p.Author))
	r.time("At", p.At)
	return r.args, r.err
}

// scanPlan reads the columns of planVersions.
func scanPlan(sc scanner, extra ...any) (review.Plan, error) {
	var p review.Plan
	err := sc.Scan(append(extra,
		(*string)(&p.Account), intCol[int64]{v: &p.Version, lo: 1, hi: math.MaxInt64},
		objectivesCol(&p.Objectives),
		stringsCol{&p.Goals}, stringsCol{&p.Needs},
		stringsCol{&p.SWOT.Strengths}, stringsCol{&p.SWOT.Weaknesses},
		stringsCol{&p.SWOT.Opportunities}, stringsCol{&p.SWOT.Threats},
		idsCol[account.ContactID]{&p.Stakeholders},
		intCol[review.PlanStatus]{v: &p.Status, lo: 0, hi: math.MaxUint8},
		(*string)(&p.Author), timeCol{&p.At},
	)...)
	return p, err
}

// planAccount is a plan's ID, as errors name it.
func planAccount(p review.Plan) account.ID { return p.Account }

// readPlanVersion reads a row of ka_review_plan_versions and checks it:
// a value that does not decode, or a plan that fails Validate, is
// ErrCorrupt naming the account.
func readPlanVersion(sc scanner) (review.Plan, error) {
	return readRow("Plan", planAccount, review.Plan.Validate, func(sc scanner) (review.Plan, error) { return scanPlan(sc) }, sc)
}

// readPlanHead reads a row of planHead, a head and its current version,
// and checks it as readPlanVersion does: the version must be stored and
// have the head's status.
func readPlanHead(sc scanner) (review.Plan, error) {
	return readRow("Plan", planAccount, review.Plan.Validate, func(sc scanner) (review.Plan, error) {
		var (
			acct    string
			version int64
			status  review.PlanStatus
		)
		p, err := scanPlan(sc, &acct, intCol[int64]{v: &version, lo: 1, hi: math.MaxInt64},
			intCol[review.PlanStatus]{v: &status, lo: 0, hi: math.MaxUint8}, storedCol{version: &version})
		if err == nil && p.Status != status {
			err = fmt.Errorf("%w: the plan's status %d is not its current version's %d", ErrCorrupt, status, p.Status)
		}
		p.Account = account.ID(acct) // named in errors, even if the version is missing
		return p, err
	}, sc)
}

// storedCol scans whether the current version a plan's head names is
// stored: a head without its version is ErrCorrupt.
type storedCol struct{ version *int64 }

// Scan implements sql.Scanner.
func (c storedCol) Scan(src any) error {
	var ok bool
	if err := (boolCol{&ok}).Scan(src); err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%w: the plan's current version %d is not stored", ErrCorrupt, *c.version)
	}
	return nil
}

// planChanged reports a write that lost a race: the plan changed while
// the write ran, and its version was replaced by another of the same
// number.
func planChanged(id account.ID, version int64) error {
	return fmt.Errorf("sqlstore: Plan %q: version %d was replaced while the write ran: %w", string(id), version, account.ErrConflict)
}

func planNotFound(id account.ID) error {
	return fmt.Errorf("sqlstore: Plan %q: %w", string(id), account.ErrNotFound)
}

// Plan returns the current version of the account's plan. The error wraps
// [account.ErrNotFound] if the account has no plan; see the package
// documentation for the others.
func (s *Store) Plan(ctx context.Context, id account.ID) (review.Plan, error) {
	p, found, err := queryRow(ctx, s, "read Plan", planCurrent, []any{string(id)}, readPlanHead)
	switch {
	case err != nil:
		return review.Plan{}, err
	case !found:
		return review.Plan{}, planNotFound(id)
	}
	return p, nil
}

// PlanAt returns the version of the account's plan in force at the
// instant at (see [review.PlanAt]): the last version whose At is not
// after at, found with one indexed lookup. Stored times are whole
// microseconds, so at is compared at the microsecond, rounded down. The
// error wraps [account.ErrNotFound] if the account has no plan or had
// none yet at at.
func (s *Store) PlanAt(ctx context.Context, id account.ID, at time.Time) (review.Plan, error) {
	const what = "read Plan"
	if err := s.begin(ctx, what); err != nil {
		return review.Plan{}, err
	}
	at = at.Truncate(time.Microsecond)
	switch y := at.UTC().Year(); {
	case y < minYear: // before every time the store keeps
		return review.Plan{}, fmt.Errorf("sqlstore: Plan %q: no version at %v: %w", string(id), at, account.ErrNotFound)
	case y > maxYear: // after every time the store keeps
		return s.Plan(ctx, id)
	}
	bound, _ := timeArg(s.dialect, "", "", "", at) // in range: checked above
	p, found, err := queryRow(ctx, s, what, planAt, []any{string(id), bound}, readPlanVersion)
	switch {
	case err != nil:
		return review.Plan{}, err
	case !found:
		return review.Plan{}, fmt.Errorf("sqlstore: Plan %q: no version at %v: %w", string(id), at, account.ErrNotFound)
	}
	return p, nil
}

// PlanHistory yields every version of the account's plan in ascending
// Version order, reading them from the database as the caller ranges;
// nothing if it has none.
func (s *Store) PlanHistory(ctx context.Context, id account.ID) iter.Seq2[review.Plan, error] {
	return stream(ctx, s, "list Plan versions", planHistory.text(s.dialect), []any{string(id)}, readPlanVersion)
}

// Plans yields the current version of each plan that matches f, in
// ascending account ID order (byte-wise), reading them from the database
// as the caller ranges. The status filter runs in SQL, on the index
// (status, account) of the plans' heads.
func (s *Store) Plans(ctx context.Context, f review.PlanFilter) iter.Seq2[review.Plan, error] {
	var p params
	var conds []string
	if f.Status != 0 {
		conds = append(conds, "h.status = "+p.add(int64(f.Status)))
	}
	text := planHead + where(conds) + " ORDER BY h.account"
	return stream(ctx, s, "list Plans", sqlQuery(text).text(s.dialect), p.args, readPlanHead)
}

// errPlanRefused ends the transaction of a plan's write that the store
// refused; the reason is kept beside it.
var errPlanRefused = errors.New("sqlstore: plan write refused")

// SavePlan stores p as the next version of its account's plan and returns
// it, with Version p.Version+1, as stored. The error wraps
// [account.ErrInvalid] and [review.ErrInvalid] if p fails Validate or its
// At is before the current version's (a [*account.FieldError] naming
// "At"), [account.ErrInvalid] and [ErrUnstorable] for a value the
// database cannot keep, or [account.ErrConflict] if p.Version is not the
// current version (0 when there is no plan).
func (s *Store) SavePlan(ctx context.Context, p review.Plan) (review.Plan, error) {
	const what = "save Plan"
	if err := s.begin(ctx, what); err != nil {
		return review.Plan{}, err
	}
	if err := storeInvalid(review.Plan.Validate)(p); err != nil {
		return review.Plan{}, fmt.Errorf("sqlstore: save: %w", err)
	}
	args, err := planArgs(s.dialect, p, p.Version+1)
	if err != nil {
		return review.Plan{}, fmt.Errorf("sqlstore: save: %w", err)
	}
	acct := string(p.Account)
	var (
		saved   review.Plan
		refusal error
	)
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		refusal = nil
		var res sql.Result
		var err error
		if p.Version == 0 {
			res, err = tx.ExecContext(ctx, planInsertHead.text(s.dialect), acct, int64(p.Status))
		} else {
			res, err = tx.ExecContext(ctx, planAdvance.text(s.dialect), acct, int64(p.Status), p.Version, args[planAtArg])
		}
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return s.planRefusal(ctx, tx, p, &refusal)
		}
		saved, err = readPlanVersion(tx.QueryRowContext(ctx, planInsert.text(s.dialect), args...))
		return err
	})
	switch {
	case err == errPlanRefused:
		return review.Plan{}, refusal
	case err != nil:
		return review.Plan{}, s.scanFail(ctx, what, err)
	}
	return saved, nil
}

// planRefusal explains, inside the transaction that found it, why a save
// of p matched no head: p.Version is not the current version, or p.At is
// before the current version's At. It sets *refusal to the explanation
// and returns errPlanRefused, or returns the database's error.
func (s *Store) planRefusal(ctx context.Context, tx *sql.Tx, p review.Plan, refusal *error) error {
	var (
		current int64
		at      time.Time
	)
	err := tx.QueryRowContext(ctx, planState.text(s.dialect), string(p.Account)).Scan(&current, timeCol{&at})
	switch {
	case errors.Is(err, sql.ErrNoRows):
		current = 0
	case err != nil:
		return err
	}
	switch {
	case p.Version != current:
		*refusal = fmt.Errorf("sqlstore: Plan %q: version %d is not the current version %d: %w",
			string(p.Account), p.Version, current, account.ErrConflict)
	case p.At.Before(at):
		*refusal = fmt.Errorf("sqlstore: save: %w: %w", account.ErrInvalid, &account.FieldError{
			Record: "Plan", ID: string(p.Account), Field: "At", Value: p.At,
			Reason: "is before the current version's At " + at.String(), Err: review.ErrInvalid})
	default:
		// In PostgreSQL each statement reads the latest committed state:
		// the plan changed between the update and this read (deleted and
		// saved anew, say), so the version p was read at is not the one
		// now current.
		*refusal = planChanged(p.Account, p.Version)
	}
	return errPlanRefused
}

// DeletePlan deletes every version of the account's plan, in one
// transaction, if its current version is version. The error wraps
// [account.ErrNotFound] or [account.ErrConflict].
func (s *Store) DeletePlan(ctx context.Context, id account.ID, version int64) error {
	const what = "delete Plan"
	if err := s.begin(ctx, what); err != nil {
		return err
	}
	var refusal error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		refusal = nil
		res, err := tx.ExecContext(ctx, planDeleteHead.text(s.dialect), string(id), version)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			var current int64
			err := tx.QueryRowContext(ctx, planState.text(s.dialect), string(id)).Scan(&current, new(any))
			switch {
			case errors.Is(err, sql.ErrNoRows):
				refusal = planNotFound(id)
			case err != nil:
				return err
			case current == version: // changed between the statements, as in planRefusal
				refusal = planChanged(id, version)
			default:
				refusal = fmt.Errorf("sqlstore: Plan %q: version %d is not the current version %d: %w",
					string(id), version, current, account.ErrConflict)
			}
			return errPlanRefused
		}
		_, err = tx.ExecContext(ctx, planDeleteVersions.text(s.dialect), string(id))
		return err
	})
	switch {
	case err == errPlanRefused:
		return refusal
	case err != nil:
		return s.fail(ctx, what, err)
	}
	return nil
}
