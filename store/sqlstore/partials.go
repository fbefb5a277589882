package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

var _ segmentation.PartialStore = (*Store)(nil)

// Partials aggregates the stored transactions in the database, one row per
// account and currency leaving it, under the contract of
// [segmentation.PartialStore]: feeding the Partials to
// [segmentation.Aggregator.AddPartial] builds the aggregate that
// [segmentation.Aggregate] builds from [Store.Transactions], sums exact.
//
// The aggregation is a GROUP BY account and currency over the transactions
// of the counted kind inside the window [o.Since, o.AsOf] (bounds compared
// exactly: stored instants are whole microseconds, so Since is rounded up
// and AsOf down to the microsecond). Amounts are summed as NUMERIC in
// PostgreSQL and, in SQLite, by a decimal sum in Go registered with the
// driver (never as floating point). When o.Frequency counts distinct
// days or periods, the rows are first grouped by period too, and each
// Partial's Dates hold the earliest instant of each period.
//
// Dates in a time zone: PostgreSQL computes them with AT TIME ZONE and the
// zone's IANA name, so o.Location must be UTC (or nil), or a location
// loaded by its IANA name (time.LoadLocation) whose offsets are those of
// the name; any other location (time.Local, a time.FixedZone) makes
// Partials yield an error wrapping [errors.ErrUnsupported], and so does a
// name the server does not know. PostgreSQL and Go must read the same
// time zone database (on Debian both read /usr/share/zoneinfo). SQLite
// computes dates in Go, in o.Location itself, and takes any location.
//
// Before the GROUP BY, Partials checks (with the index of migration 0006,
// probes rather than scans) the conditions on which the in-memory path
// fails: both kinds stored when o.Kind is zero (an error wrapping
// [segmentation.ErrMixedKinds]), a counted transaction after o.AsOf when
// o.RejectFuture is set ([segmentation.ErrFuture]), a stored instant
// outside the range of the aggregation ([segmentation.ErrInvalid]).
// Options that fail Validate are an error wrapping
// [segmentation.ErrInvalid]. Other errors are those of every sequence of
// the Store.
func (s *Store) Partials(ctx context.Context, o segmentation.Options) iter.Seq2[segmentation.Partial, error] {
	const what = "partials"
	return func(yield func(segmentation.Partial, error) bool) {
		if err := s.begin(ctx, what); err != nil {
			yield(segmentation.Partial{}, err)
			return
		}
		if err := o.Validate(); err != nil {
			yield(segmentation.Partial{}, fmt.Errorf("sqlstore: %s: %w", what, err))
			return
		}
		zone, err := s.zoneOf(o.Location)
		if err != nil {
			yield(segmentation.Partial{}, fmt.Errorf("sqlstore: %s: %w", what, err))
			return
		}
		if s.dialect == DialectSQLite && o.Frequency != segmentation.FrequencyTransactions {
			release := holdLocation(o.Location, &zone)
			defer release()
		}
		q := buildPartials(s.dialect, o, zone)
		if err := s.checkPartials(ctx, what, q); err != nil {
			yield(segmentation.Partial{}, err)
			return
		}
		dates := o.Frequency != segmentation.FrequencyTransactions
		scan := func(sc scanner) (segmentation.Partial, error) { return scanPartial(sc, dates) }
		for p, err := range stream(ctx, s, what, q.main, q.mainArgs, scan) {
			if !yield(p, err) || err != nil {
				return
			}
		}
	}
}

// zoneOf returns the argument that names loc to the database: "UTC" for nil
// and UTC; in PostgreSQL the IANA name of a location whose offsets are the
// name's; in SQLite "", holdLocation then giving the location a key. The
// error, for a location PostgreSQL cannot name, wraps
// errors.ErrUnsupported.
func (s *Store) zoneOf(loc *time.Location) (string, error) {
	if loc == nil || loc == time.UTC {
		return "UTC", nil
	}
	if s.dialect == DialectSQLite {
		return "", nil
	}
	name := loc.String()
	if name == "Local" || name == "" {
		return "", fmt.Errorf("time zone %q has no IANA name for PostgreSQL's AT TIME ZONE: %w", name, errors.ErrUnsupported)
	}
	ref, err := time.LoadLocation(name)
	if err != nil || !sameOffsets(loc, ref) {
		return "", fmt.Errorf("time zone %q is not the IANA zone of that name: %w", name, errors.ErrUnsupported)
	}
	return name, nil
}

// sameOffsets reports whether a and b have the same offset from UTC, and
// the same abbreviation, twice a month from 1900 to 2100: a FixedZone or a
// custom zone that merely borrows an IANA name differs somewhere in them.
func sameOffsets(a, b *time.Location) bool {
	for y := 1900; y <= 2100; y++ {
		for m := time.January; m <= time.December; m++ {
			for _, d := range [2]int{1, 16} {
				t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
				na, oa := t.In(a).Zone()
				nb, ob := t.In(b).Zone()
				if oa != ob || na != nb {
					return false
				}
			}
		}
	}
	return true
}

// partialsQuery holds the statements of one call of Partials, in the
// store's dialect, with their arguments.
type partialsQuery struct {
	check     string // one row: instants outside the range, revenue stored, cost stored, future, zone known
	checkArgs []any
	main      string
	mainArgs  []any
}

// The range of instants the aggregation takes (that of int64 Unix
// nanoseconds), as the stored microseconds inside it: from the first
// whole microsecond at or after the first instant to the last at or
// before the last.
var (
	firstInstant = ceilMicro(time.Unix(0, -1<<63+1))
	lastInstant  = time.Unix(0, 1<<63-1).Truncate(time.Microsecond)
)

// periodUnits names the distinct-period bases for PostgreSQL's date_trunc
// (whose weeks are ISO weeks, starting on Monday).
var periodUnits = map[segmentation.FrequencyBasis]string{
	segmentation.FrequencyDistinctWeeks:    "week",
	segmentation.FrequencyDistinctMonths:   "month",
	segmentation.FrequencyDistinctQuarters: "quarter",
	segmentation.FrequencyDistinctYears:    "year",
}

// buildPartials writes the statements of Partials for o in dialect d, zone
// naming o.Location as zoneOf and holdLocation return.
func buildPartials(d Dialect, o segmentation.Options, zone string) partialsQuery {
	at := func(p *params, t time.Time) string {
		a, _ := timeArg(d, "", "", "", t) // t is inside the years 1677 to 2262
		return p.add(a)
	}
	kindCond := func(p *params) string {
		if o.Kind != 0 {
			return "kind = " + p.add(int64(o.Kind))
		}
		return "kind IN (1, 2)" // every kind, in a form that uses the index on (kind, at)
	}

	// The checks.
	var c params
	lo, hi := at(&c, firstInstant), at(&c, lastInstant)
	future := "FALSE"
	if o.RejectFuture && !o.AsOf.IsZero() {
		future = "EXISTS (SELECT 1 FROM ka_transactions WHERE " + kindCond(&c) + " AND at > " + at(&c, o.AsOf.Truncate(time.Microsecond)) + ")"
	}
	zoneKnown := "TRUE"
	if d == DialectPostgres && zone != "UTC" {
		// An unknown name fails here, before any row, with SQLSTATE 22023.
		zoneKnown = "(CAST('2000-01-01 00:00:00+00' AS timestamptz) AT TIME ZONE " + c.add(zone) + ") IS NOT NULL"
	}
	kinds := "FALSE, FALSE" // the Options choose a kind: the other may be stored
	if o.Kind == 0 {
		kinds = "EXISTS (SELECT 1 FROM ka_transactions WHERE kind = 1), EXISTS (SELECT 1 FROM ka_transactions WHERE kind = 2)"
	}
	check := "SELECT EXISTS (SELECT 1 FROM ka_transactions WHERE kind IN (1, 2) AND at < " + lo + ")" +
		" OR EXISTS (SELECT 1 FROM ka_transactions WHERE kind IN (1, 2) AND at > " + hi + ")" +
		", " + kinds + ", " + future + ", " + zoneKnown

	// The aggregation.
	var m params
	conds := []string{kindCond(&m)}
	if !o.Since.IsZero() {
		conds = append(conds, "at >= "+at(&m, ceilMicro(o.Since)))
	}
	if !o.AsOf.IsZero() {
		conds = append(conds, "at <= "+at(&m, o.AsOf.Truncate(time.Microsecond)))
	}
	from := " FROM ka_transactions" + where(conds)
	sumText, sumInner, sumOuter := "CAST(sum(amount) AS TEXT)", "sum(amount)", "CAST(sum(t) AS TEXT)"
	if d == DialectSQLite {
		sumText, sumInner, sumOuter = "ka_decimal_sum(amount)", "ka_decimal_sum(amount)", "ka_decimal_sum(t)"
	}
	var main string
	if o.Frequency == segmentation.FrequencyTransactions {
		main = "SELECT account, min(at), max(at), count(*), " + sumText + ", currency, NULL" + from +
			" GROUP BY account, currency ORDER BY account, currency"
	} else {
		var per, firsts string
		switch d {
		case DialectPostgres:
			local := "(at AT TIME ZONE " + m.add(zone) + ")"
			if o.Frequency == segmentation.FrequencyDistinctDays {
				per = "CAST(" + local + " AS date)"
			} else {
				per = "date_trunc('" + periodUnits[o.Frequency] + "', " + local + ")"
			}
			firsts = "string_agg(CAST(CAST(EXTRACT(EPOCH FROM f) * 1000000 AS BIGINT) AS TEXT), ',')"
		case DialectSQLite:
			per = "ka_period(at, " + m.add(int64(o.Frequency)) + ", " + m.add(zone) + ")"
			firsts = "group_concat(f)"
		}
		main = "SELECT account, min(f), max(l), CAST(sum(n) AS BIGINT), " + sumOuter + ", currency, " + firsts +
			" FROM (SELECT account, currency, min(at) AS f, max(at) AS l, count(*) AS n, " + sumInner + " AS t" + from +
			" GROUP BY account, currency, " + per + ") AS p GROUP BY account, currency ORDER BY account, currency"
	}
	return partialsQuery{
		check: sqlQuery(check).text(d), checkArgs: c.args,
		main: sqlQuery(main).text(d), mainArgs: m.args,
	}
}

// ceilMicro rounds t up to the microsecond.
func ceilMicro(t time.Time) time.Time {
	if r := t.Truncate(time.Microsecond); !r.Equal(t) {
		return r.Add(time.Microsecond)
	}
	return t
}

// checkPartials runs the checks of q and returns the error the in-memory
// path would stop at, if any.
func (s *Store) checkPartials(ctx context.Context, what string, q partialsQuery) error {
	var outside, revenue, cost, future, zoneOK bool
	scan := func(sc scanner) (struct{}, error) {
		return struct{}{}, sc.Scan(boolCol{&outside}, boolCol{&revenue}, boolCol{&cost}, boolCol{&future}, boolCol{&zoneOK})
	}
	_, _, err := queryRow(ctx, s, what, query{pg: q.check, lite: q.check}, q.checkArgs, scan)
	switch {
	case isUnknownZone(err):
		return fmt.Errorf("sqlstore: %s: PostgreSQL does not know the time zone: %w: %w", what, errors.ErrUnsupported, err)
	case err != nil:
		return err
	case outside:
		return fmt.Errorf("sqlstore: %s: a stored transaction's instant is outside %s to %s, the range of the aggregation: %w",
			what, firstInstant.Format(time.RFC3339Nano), lastInstant.Format(time.RFC3339Nano), segmentation.ErrInvalid)
	case revenue && cost:
		return fmt.Errorf("sqlstore: %s: the store holds revenue and cost transactions and Options.Kind does not choose: %w", what, segmentation.ErrMixedKinds)
	case future:
		return fmt.Errorf("sqlstore: %s: a transaction of the counted kind is after the analysis instant: %w", what, segmentation.ErrFuture)
	}
	return nil
}

// scanPartial reads one row of the main statement of Partials: account,
// first and last instant, count, sum, currency, and the earliest instant
// of each period as Unix microseconds separated by commas (NULL when not
// asked for).
func scanPartial(sc scanner, dates bool) (segmentation.Partial, error) {
	var p segmentation.Partial
	var sum decimal.Decimal
	var currency string
	var firsts *string
	if err := sc.Scan((*string)(&p.Account), timeCol{&p.First}, timeCol{&p.Last}, &p.Transactions,
		nullDecimalCol{&sum}, &currency, &firsts); err != nil {
		return p, err
	}
	var err error
	if p.Total, err = moneyOf(sum, currency); err != nil {
		return segmentation.Partial{}, fmt.Errorf("account %q: %w", string(p.Account), err)
	}
	if dates {
		if firsts == nil {
			return segmentation.Partial{}, fmt.Errorf("account %q: %w: no dates", string(p.Account), ErrCorrupt)
		}
		for f := range strings.SplitSeq(*firsts, ",") {
			us, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return segmentation.Partial{}, fmt.Errorf("account %q: %w: date %q", string(p.Account), ErrCorrupt, f)
			}
			p.Dates = append(p.Dates, time.UnixMicro(us).UTC())
		}
	}
	return p, nil
}

// nullDecimalCol scans a sum: a decimal, or NULL where SQLite's
// ka_decimal_sum met a stored amount that is not a decimal.
type nullDecimalCol struct{ d *decimal.Decimal }

// Scan implements sql.Scanner.
func (c nullDecimalCol) Scan(src any) error {
	if src == nil {
		return fmt.Errorf("%w: a stored amount is not a decimal", ErrCorrupt)
	}
	return decimalCol(c).Scan(src)
}

// isUnknownZone reports whether err is PostgreSQL's report of a time zone
// it does not know (invalid_parameter_value).
func isUnknownZone(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "22023"
}
