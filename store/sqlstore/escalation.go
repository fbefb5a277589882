package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Escalation records and facts. A record is a row of
// ka_escalation_records whose primary key is (issue, record_key): AddFired
// is one INSERT ... ON CONFLICT DO NOTHING, atomic in both dialects, and
// the count of rows it affected says whether it stored. Facts are rows of
// ka_escalation_facts numbered per issue by seq; an append locks the
// issue's row of ka_escalation_fact_logs (the count of its facts and the
// At of the last), so that appends to one issue take turns and each sees
// the last fact stored.

var _ escalation.Store = (*Store)(nil)

// recordCols are the columns of ka_escalation_records, in the order of
// recordArgs and scanRecord.
var recordCols = table{name: "ka_escalation_records", cols: []column{
	{name: "issue"}, {name: "record_key"}, {name: "account"},
	{name: "policy"}, {name: "policy_version"},
	{name: "level"}, {name: "level_name"}, {name: "repeat_no"},
	{name: "recipients", cast: "jsonb"},
	{name: "due"}, {name: "at"}, {name: "reason"},
}}

var (
	insertRecord = perDialect(func(d Dialect) string {
		return "INSERT INTO " + recordCols.name + " (" + recordCols.names() + ") VALUES " + recordCols.values(d, 1) +
			" ON CONFLICT (issue, record_key) DO NOTHING"
	})
	listRecords = sqlQuery("SELECT " + recordCols.selectList() + " FROM " + recordCols.name +
		" WHERE issue = $1 ORDER BY at, record_key")

	listFacts = sqlQuery("SELECT seq, id, at, kind, level, person FROM ka_escalation_facts WHERE issue = $1 ORDER BY seq")
	openLog   = sqlQuery("INSERT INTO ka_escalation_fact_logs (issue, n) VALUES ($1, 0) ON CONFLICT (issue) DO NOTHING")
	// lockLog reads an issue's log row, locking it in PostgreSQL until the
	// transaction ends (SQLite runs one write transaction at a time).
	lockLog = dialectQuery("SELECT n, last_at FROM ka_escalation_fact_logs WHERE issue = $1 FOR UPDATE",
		"SELECT n, last_at FROM ka_escalation_fact_logs WHERE issue = $1")
	updateLog = sqlQuery("UPDATE ka_escalation_fact_logs SET n = $2, last_at = $3 WHERE issue = $1")
)

// factCols is the number of columns of ka_escalation_facts.
const factCols = 7

// Fired yields the records of the issue ordered by At, then by Key
// (byte-wise), reading them from the database as the caller ranges. A
// stored row that does not decode or fails [escalation.Record.Validate]
// is reported with [ErrCorrupt].
func (s *Store) Fired(ctx context.Context, issue string) iter.Seq2[escalation.Record, error] {
	const what = "list fired Records"
	if textReason(issue) != "" {
		return nothing[escalation.Record](ctx, s, what)
	}
	return stream(ctx, s, what, listRecords.text(s.dialect), []any{issue}, scanRecord)
}

// AddFired stores r if the issue r.Issue has no record with r.Key, and
// reports whether it did, in one INSERT ... ON CONFLICT DO NOTHING: of
// any number of concurrent adds of one key, from any number of Stores and
// processes, exactly one stores its record and returns true; the others
// return false and a nil error. Its times are stored rounded down to the
// microsecond. The error wraps [escalation.ErrInvalid] (with the
// [*account.FieldError] of [escalation.Record.Validate], or
// [ErrUnstorable] for text or a time the database cannot keep).
func (s *Store) AddFired(ctx context.Context, r escalation.Record) (bool, error) {
	const what = "add fired Record"
	if err := s.begin(ctx, what); err != nil {
		return false, err
	}
	if err := r.Validate(); err != nil {
		return false, fmt.Errorf("sqlstore: add fired: %w", err)
	}
	args, err := recordArgs(s.dialect, &r)
	if err != nil {
		return false, fmt.Errorf("sqlstore: add fired: %w: %w", escalation.ErrInvalid, err)
	}
	n, err := s.exec(ctx, insertRecord, args...)
	if err != nil {
		return false, s.fail(ctx, what, err)
	}
	return n == 1, nil
}

// recordArgs returns the arguments of insertRecord.
func recordArgs(d Dialect, r *escalation.Record) ([]any, error) {
	w := newRow(d, "Record", r.Key)
	w.text("Issue", r.Issue)
	w.text("Key", r.Key)
	w.text("Account", string(r.Account))
	w.text("Policy", r.Policy)
	w.add(int64(r.Version))
	w.add(int64(r.Level))
	w.text("LevelName", r.LevelName)
	w.add(int64(r.Repeat))
	people := make([]string, len(r.Recipients))
	for i, p := range r.Recipients {
		people[i] = string(p)
	}
	w.strings("Recipients", people)
	w.time("Due", r.Due)
	w.time("At", r.At)
	w.text("Reason", r.Reason)
	return w.args, w.err
}

// nothing returns the sequence of a list that can hold nothing (its key is
// text the store cannot keep): it yields only the error of a done context
// or a closed store.
func nothing[V any](ctx context.Context, s *Store, what string) iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		if err := s.begin(ctx, what); err != nil {
			var zero V
			yield(zero, err)
		}
	}
}

// scanRecord reads a row of ka_escalation_records and checks it, as
// readRow does.
func scanRecord(sc scanner) (escalation.Record, error) {
	return readRow("Record", func(r escalation.Record) string { return r.Key }, escalation.Record.Validate, decodeRecord, sc)
}

// decodeRecord reads a row of ka_escalation_records.
func decodeRecord(sc scanner) (escalation.Record, error) {
	var r escalation.Record
	var version, level, repeat int64
	var people []string
	err := sc.Scan(&r.Issue, &r.Key, (*string)(&r.Account), &r.Policy, anyInt(&version),
		anyInt(&level), &r.LevelName, anyInt(&repeat), stringsCol{&people},
		timeCol{&r.Due}, timeCol{&r.At}, &r.Reason)
	if err != nil {
		return r, err
	}
	r.Version, r.Level, r.Repeat = int(version), int(level), int(repeat)
	if int64(r.Version) != version || int64(r.Level) != level || int64(r.Repeat) != repeat {
		return r, fmt.Errorf("%w: a number is beyond the range of int", ErrCorrupt)
	}
	if len(people) > 0 {
		r.Recipients = make([]escalation.Person, len(people))
		for i, p := range people {
			r.Recipients[i] = escalation.Person(p)
		}
	}
	return r, nil
}

// Facts yields the facts of the issue in the order they were added,
// reading them from the database as the caller ranges. A stored row that
// does not decode or fails [escalation.Fact.Validate] is reported with
// [ErrCorrupt].
func (s *Store) Facts(ctx context.Context, issue string) iter.Seq2[escalation.Fact, error] {
	const what = "list Facts"
	if textReason(issue) != "" {
		return nothing[escalation.Fact](ctx, s, what)
	}
	return func(yield func(escalation.Fact, error) bool) {
		next := int64(0) // the seq the next row must have: a range reads its rows in order
		stream(ctx, s, what, listFacts.text(s.dialect), []any{issue}, func(sc scanner) (escalation.Fact, error) {
			f, err := scanFact(sc, next)
			next++
			return f, err
		})(yield)
	}
}

// scanFact reads a row of listFacts, which must be numbered seq, and
// checks it.
func scanFact(sc scanner, seq int64) (escalation.Fact, error) {
	var f escalation.Fact
	var n int64
	err := sc.Scan(anyInt(&n), &f.ID, timeCol{&f.At}, intCol[uint8]{v: (*uint8)(&f.Kind), lo: 0, hi: 255}, &f.Level, (*string)(&f.Person))
	switch {
	case errors.Is(err, ErrCorrupt):
		return escalation.Fact{}, fmt.Errorf("%s %d: %w", "Fact", seq, err)
	case err != nil:
		return escalation.Fact{}, err
	case n != seq:
		return escalation.Fact{}, fmt.Errorf("%s %d: %w: numbered %d (an issue's facts are numbered 0, 1, ...)", "Fact", seq, ErrCorrupt, n)
	}
	if err := f.Validate(); err != nil {
		return escalation.Fact{}, fmt.Errorf("%s %d: %w: the stored fact is not valid: %v", "Fact", seq, ErrCorrupt, err)
	}
	return f, nil
}

// AddFacts appends facts to the log of the issue, all or none, in one
// transaction that locks the issue's log: appends to one issue take turns,
// and each checks its facts against the last one stored. Times are stored
// rounded down to the microsecond, and the order of time is checked on
// the rounded times. The error wraps [escalation.ErrInvalid] (an empty
// issue, a fact that fails [escalation.Fact.Validate], or [ErrUnstorable]
// for text or a time the database cannot keep; with an
// [*account.FieldError]), [escalation.ErrFactOrder] (a fact earlier than
// the one before it, the last stored one included) or
// [account.ErrConflict] (an ID already in the issue's log, or repeated in
// facts).
func (s *Store) AddFacts(ctx context.Context, issue string, facts ...escalation.Fact) error {
	const what = "add Facts"
	if err := s.begin(ctx, what); err != nil {
		return err
	}
	if issue == "" {
		return &account.FieldError{Record: "Argument", Field: "issue", Reason: "is missing", Err: escalation.ErrInvalid}
	}
	if reason := textReason(issue); reason != "" {
		return fmt.Errorf("sqlstore: add facts: %w: %w", escalation.ErrInvalid,
			&account.FieldError{Record: "Argument", Field: "issue", Value: issue, Reason: reason, Err: ErrUnstorable})
	}
	for i, f := range facts {
		if err := f.Validate(); err != nil {
			return fmt.Errorf("sqlstore: add facts: facts[%d]: %w", i, err)
		}
	}
	if len(facts) == 0 {
		return nil
	}
	facts = storedFacts(facts)
	if err := checkFactBatch(facts); err != nil {
		return err
	}
	var refused error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		refused = nil
		if _, err := tx.ExecContext(ctx, openLog.text(s.dialect), issue); err != nil {
			return err
		}
		var n int64
		var last time.Time
		if err := tx.QueryRowContext(ctx, lockLog.text(s.dialect), issue).Scan(&n, timeCol{&last}); err != nil {
			return err
		}
		if facts[0].At.Before(last) {
			refused = factOrderError(0, facts[0], last)
			return errRefused
		}
		if i, err := storedFactID(ctx, s, tx, issue, facts); err != nil || i >= 0 {
			if err == nil {
				refused = fmt.Errorf("sqlstore: add facts: facts[%d]: Fact %s of issue %s is stored: %w",
					i, fault.Quote(facts[i].ID), fault.Quote(issue), account.ErrConflict)
				err = errRefused
			}
			return err
		}
		args, err := factArgs(s.dialect, issue, n, facts)
		if err != nil {
			refused = fmt.Errorf("sqlstore: add facts: %w: %w", escalation.ErrInvalid, err)
			return errRefused
		}
		if err := insertFacts(ctx, s.dialect, tx, args); err != nil {
			return err
		}
		lastArg, _ := timeArg(s.dialect, "", "", "", facts[len(facts)-1].At) // in range: factArgs checked it
		_, err = tx.ExecContext(ctx, updateLog.text(s.dialect), issue, n+int64(len(facts)), lastArg)
		return err
	})
	switch {
	case err == errRefused:
		return refused
	case err != nil:
		return s.scanFail(ctx, what, err)
	}
	return nil
}

// storedFacts returns a copy of facts with their times rounded down to the
// microsecond, as the database keeps them.
func storedFacts(facts []escalation.Fact) []escalation.Fact {
	out := make([]escalation.Fact, len(facts))
	for i, f := range facts {
		f.At = f.At.Truncate(time.Microsecond)
		out[i] = f
	}
	return out
}

// checkFactBatch checks a batch on its own: in order of time, and no ID
// twice.
func checkFactBatch(facts []escalation.Fact) error {
	seen := make(map[string]int, len(facts))
	for i, f := range facts {
		if i > 0 && f.At.Before(facts[i-1].At) {
			return factOrderError(i, f, facts[i-1].At)
		}
		if f.ID == "" {
			continue
		}
		if j, dup := seen[f.ID]; dup {
			return fmt.Errorf("sqlstore: add facts: facts[%d]: Fact %s is also facts[%d]: %w", i, fault.Quote(f.ID), j, account.ErrConflict)
		}
		seen[f.ID] = i
	}
	return nil
}

// factOrderError reports facts[i], f, earlier than the fact before it, at
// prev.
func factOrderError(i int, f escalation.Fact, prev time.Time) error {
	return fmt.Errorf("sqlstore: add facts: facts[%d]: %w", i, &account.FieldError{
		Record: "Fact", ID: f.ID, Field: "At", Value: f.At.UTC().Format(time.RFC3339Nano),
		Reason: "is earlier than the fact before it, at " + prev.UTC().Format(time.RFC3339Nano) + " (a log grows in order of time)",
		Err:    escalation.ErrFactOrder,
	})
}

// storedFactID returns the index in facts of the first whose ID the
// issue's log holds, or -1.
func storedFactID(ctx context.Context, s *Store, tx *sql.Tx, issue string, facts []escalation.Fact) (int, error) {
	var p params
	at := map[string]int{}
	var in []string
	p.add(issue)
	for i, f := range facts {
		if _, dup := at[f.ID]; f.ID == "" || dup {
			continue
		}
		at[f.ID] = i
		in = append(in, p.add(f.ID))
	}
	if len(in) == 0 {
		return -1, nil
	}
	q := "SELECT id FROM ka_escalation_facts WHERE issue = $1 AND id IN (" + strings.Join(in, ", ") + ")"
	rows, err := tx.QueryContext(ctx, sqlQuery(q).text(s.dialect), p.args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	first := -1
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		if i := at[id]; first < 0 || i < first {
			first = i
		}
	}
	return first, rows.Err()
}

// factArgs returns the rows of ka_escalation_facts that store facts,
// numbered from n.
func factArgs(d Dialect, issue string, n int64, facts []escalation.Fact) ([]any, error) {
	var args []any
	for i, f := range facts {
		w := newRow(d, "Fact", f.ID)
		w.add(issue)
		w.add(n + int64(i))
		w.text("ID", f.ID)
		w.time("At", f.At)
		w.add(int64(f.Kind))
		w.text("Level", f.Level)
		w.text("Person", string(f.Person))
		if w.err != nil {
			return nil, fmt.Errorf("facts[%d]: %w", i, w.err)
		}
		args = append(args, w.args...)
	}
	return args, nil
}

// insertFacts inserts rows of ka_escalation_facts, factCols arguments
// each, in multi-row INSERTs.
func insertFacts(ctx context.Context, d Dialect, tx *sql.Tx, args []any) error {
	return insertRows(ctx, d, tx, "ka_escalation_facts (issue, seq, id, at, kind, level, person)", factCols, args)
}

// insertRows inserts rows of cols arguments each into into (a table and
// its column list), in multi-row INSERTs of at most maxBatchParams
// arguments.
func insertRows(ctx context.Context, d Dialect, tx *sql.Tx, into string, cols int, args []any) error {
	per := maxBatchParams / cols * cols
	for start := 0; start < len(args); start += per {
		end := min(start+per, len(args))
		var b strings.Builder
		b.WriteString("INSERT INTO " + into + " VALUES ")
		for i := range (end - start) / cols {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteByte('(')
			for c := range cols {
				if c > 0 {
					b.WriteString(", ")
				}
				b.WriteString("$" + strconv.Itoa(i*cols+c+1))
			}
			b.WriteByte(')')
		}
		if _, err := tx.ExecContext(ctx, sqlQuery(b.String()).text(d), args[start:end]...); err != nil {
			return err
		}
	}
	return nil
}
