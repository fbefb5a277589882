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

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/segmentation"
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
// Partial's Dates hold the earliest instant of each period and its
// FirstTotal the sum of the earliest period.
//
// Dates in a time zone: PostgreSQL computes them with AT TIME ZONE and the
// zone's IANA name, so o.Location must be UTC (or nil), or a location
// loaded by its IANA name (time.LoadLocation) whose offsets are those of
// the name; for any other location (time.Local, a time.FixedZone) Partials
// yields an error wrapping [errors.ErrUnsupported] when o.Frequency counts
// days or periods, and so it does for a name the server does not know
// (a count of transactions needs no dates, and takes any location). PostgreSQL and Go must read the same
// time zone database (on Debian both read /usr/share/zoneinfo). SQLite
// computes dates in Go, in o.Location itself, and takes any location.
//
// The conditions on which the in-memory path fails are found in the same
// scan, from each group's earliest and latest instant and kinds over all
// its rows: both kinds stored when o.Kind is zero (an error wrapping
// [segmentation.ErrMixedKinds]), a transaction of the counted kind after
// o.AsOf when o.RejectFuture is set ([segmentation.ErrFuture]), a stored
// instant outside the range of the aggregation ([segmentation.ErrInvalid]).
// They are known when the last row has been read, so such an error comes
// after the Partials, as the contract allows: a caller discards what it
// got. Rows of accounts with no counted transaction are read for these
// conditions and skipped. Options that fail Validate are an error
// wrapping [segmentation.ErrInvalid], before anything is read. Other
// errors are those of every sequence of the Store.
//
// The scan reads every stored transaction whatever the window, and needs
// no index: an index that a window could use would cost more to keep up
// in every load than it saves here.
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
		zone := "UTC" // a count of transactions needs no dates
		if o.Frequency != segmentation.FrequencyTransactions {
			var err error
			if zone, err = s.zoneOf(o.Location); err != nil {
				yield(segmentation.Partial{}, fmt.Errorf("sqlstore: %s: %w", what, err))
				return
			}
			if s.dialect == DialectSQLite {
				release := holdLocation(o.Location, &zone)
				defer release()
			}
		}
		s.partials(ctx, o, zone, yield)
	}
}

// partials runs Partials for valid Options o, with zone naming o.Location
// to the database.
func (s *Store) partials(ctx context.Context, o segmentation.Options, zone string, yield func(segmentation.Partial, error) bool) {
	const what = "partials"
	dates := o.Frequency != segmentation.FrequencyTransactions
	text, args := buildPartials(s.dialect, o, zone)
	var c partialsConditions
	for r, err := range stream(ctx, s, what, text, args, scanPartialRow) {
		if isUnknownZone(err) { // before any row
			err = fmt.Errorf("sqlstore: %s: PostgreSQL does not know the time zone: %w: %w", what, errors.ErrUnsupported, err)
		}
		if err != nil {
			yield(segmentation.Partial{}, err)
			return
		}
		c.add(r, o)
		if r.n == 0 {
			continue
		}
		p, err := r.partial(dates)
		if err != nil {
			err = fmt.Errorf("sqlstore: %s: %w", what, err)
		}
		if !yield(p, err) || err != nil {
			return
		}
	}
	if err := c.err(o); err != nil {
		yield(segmentation.Partial{}, fmt.Errorf("sqlstore: %s: %w", what, err))
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

// The range of instants the aggregation takes: that of int64 Unix
// nanoseconds.
var (
	firstInstant = time.Unix(0, -1<<63+1)
	lastInstant  = time.Unix(0, 1<<63-1)
)

// periodUnits names the distinct-period bases for PostgreSQL's date_trunc
// (whose weeks are ISO weeks, starting on Monday).
var periodUnits = map[segmentation.FrequencyBasis]string{
	segmentation.FrequencyDistinctWeeks:    "week",
	segmentation.FrequencyDistinctMonths:   "month",
	segmentation.FrequencyDistinctQuarters: "quarter",
	segmentation.FrequencyDistinctYears:    "year",
}

// buildPartials writes the statement of Partials for o in dialect d, zone
// naming o.Location as zoneOf and holdLocation return, and its arguments.
// Each row is a group of one account and currency (see scanPartialRow):
// what the Options count of it, and what the conditions need of all its
// rows.
func buildPartials(d Dialect, o segmentation.Options, zone string) (string, []any) {
	var p params
	at := func(t time.Time) string {
		a, _ := timeArg(d, "", "", "", t) // t is inside the years 1677 to 2262
		return p.add(a)
	}
	var conds []string
	if o.Kind != 0 {
		conds = append(conds, "kind = "+p.add(int64(o.Kind)))
	}
	if !o.Since.IsZero() {
		conds = append(conds, "at >= "+at(ceilMicro(o.Since)))
	}
	if !o.AsOf.IsZero() {
		conds = append(conds, "at <= "+at(o.AsOf.Truncate(time.Microsecond)))
	}
	filter := "" // the rows the Options count
	if len(conds) > 0 {
		filter = " FILTER (WHERE " + strings.Join(conds, " AND ") + ")"
	}
	future := "NULL" // the latest instant of the counted kind, when it matters
	if o.RejectFuture && !o.AsOf.IsZero() {
		future = "max(at)"
		if o.Kind != 0 {
			future += " FILTER (WHERE kind = " + p.add(int64(o.Kind)) + ")"
		}
	}
	sum := "sum(amount)" + filter
	if d == DialectSQLite {
		sum = "ka_decimal_sum(amount)" + filter
	}
	counted := "count(*)" + filter + " AS n, min(at)" + filter + " AS f, max(at)" + filter + " AS l, " + sum + " AS t" +
		", min(at) AS amin, max(at) AS amax, min(kind) AS kmin, max(kind) AS kmax, " + future + " AS fut"
	const order = " ORDER BY account, currency"
	if o.Frequency == segmentation.FrequencyTransactions {
		text := "SELECT account, currency, n, f, l, CAST(t AS TEXT), NULL, amin, amax, kmin, kmax, fut" +
			" FROM (SELECT account, currency, " + counted + " FROM ka_transactions GROUP BY account, currency) AS g" + order
		return sqlQuery(text).text(d), p.args
	}
	var per, firsts, total string
	switch d {
	case DialectPostgres:
		local := "(at AT TIME ZONE " + p.add(zone) + ")"
		if o.Frequency == segmentation.FrequencyDistinctDays {
			per = "CAST(" + local + " AS date)"
		} else {
			per = "date_trunc('" + periodUnits[o.Frequency] + "', " + local + ")"
		}
		firsts = "string_agg(CAST(CAST(EXTRACT(EPOCH FROM f) * 1000000 AS BIGINT) AS TEXT) || ':' || CAST(t AS TEXT), ',')"
		total = "CAST(sum(t) AS TEXT)"
	case DialectSQLite:
		per = "ka_period(at, " + p.add(int64(o.Frequency)) + ", " + p.add(zone) + ")"
		firsts = "group_concat(f || ':' || t)"
		total = "ka_decimal_sum(t)"
	}
	text := "SELECT account, currency, CAST(sum(n) AS BIGINT), min(f), max(l), " + total + ", " + firsts +
		", min(amin), max(amax), min(kmin), max(kmax), max(fut)" +
		" FROM (SELECT account, currency, " + counted + " FROM ka_transactions GROUP BY account, currency, " + per + ") AS p" +
		" GROUP BY account, currency" + order
	return sqlQuery(text).text(d), p.args
}

// ceilMicro rounds t up to the microsecond.
func ceilMicro(t time.Time) time.Time {
	if r := t.Truncate(time.Microsecond); !r.Equal(t) {
		return r.Add(time.Microsecond)
	}
	return t
}

// A partialRow is one row of the statement of Partials: an account and
// currency; the number, first and last instant, sum and (comma-separated
// "Unix microseconds:sum") earliest instant and sum of each period of the
// transactions the Options count; and, over all its transactions, the first and last
// instant, the smallest and largest kind, and the latest instant of the
// counted kind (zero unless o.RejectFuture and o.AsOf ask for it).
type partialRow struct {
	account, currency string
	n                 int64
	first, last       time.Time
	total, dates      sql.NullString
	min, max          time.Time
	kmin, kmax        int64
	future            time.Time
}

func scanPartialRow(sc scanner) (partialRow, error) {
	var r partialRow
	err := sc.Scan(&r.account, &r.currency, &r.n, timeCol{&r.first}, timeCol{&r.last}, &r.total, &r.dates,
		timeCol{&r.min}, timeCol{&r.max}, &r.kmin, &r.kmax, timeCol{&r.future})
	return r, err
}

// partial returns the Partial of a row with counted transactions.
func (r partialRow) partial(dates bool) (segmentation.Partial, error) {
	p := segmentation.Partial{Account: account.ID(r.account), First: r.first, Last: r.last, Transactions: r.n}
	if !r.total.Valid {
		return segmentation.Partial{}, fmt.Errorf("account %q: %w: a stored amount is not a decimal", r.account, ErrCorrupt)
	}
	sum, err := parseDecimal(r.total.String)
	if err == nil {
		p.Total, err = moneyOf(sum, r.currency)
	}
	if err != nil {
		return segmentation.Partial{}, fmt.Errorf("account %q: %w", r.account, err)
	}
	if !dates {
		return p, nil
	}
	if !r.dates.Valid {
		return segmentation.Partial{}, fmt.Errorf("account %q: %w: no dates", r.account, ErrCorrupt)
	}
	var first int64
	var firstSum string
	for f := range strings.SplitSeq(r.dates.String, ",") {
		date, sum, ok := strings.Cut(f, ":")
		us, err := strconv.ParseInt(date, 10, 64)
		if err != nil || !ok {
			return segmentation.Partial{}, fmt.Errorf("account %q: %w: date %s", r.account, ErrCorrupt, fault.Quote(f))
		}
		p.Dates = append(p.Dates, time.UnixMicro(us).UTC())
		if len(p.Dates) == 1 || us < first {
			first, firstSum = us, sum
		}
	}
	d, err := parseDecimal(firstSum)
	if err == nil {
		p.FirstTotal, err = moneyOf(d, r.currency)
	}
	if err != nil {
		return segmentation.Partial{}, fmt.Errorf("account %q: first period: %w", r.account, err)
	}
	return p, nil
}

// partialsConditions gathers, over the rows of Partials, what makes the
// in-memory path fail.
type partialsConditions struct {
	outside, future bool
	kinds           map[int64]bool
}

func (c *partialsConditions) add(r partialRow, o segmentation.Options) {
	if c.kinds == nil {
		c.kinds = map[int64]bool{}
	}
	c.kinds[r.kmin], c.kinds[r.kmax] = true, true
	if r.min.Before(firstInstant) || r.max.After(lastInstant) {
		c.outside = true
	}
	if !r.future.IsZero() && r.future.After(o.AsOf) {
		c.future = true
	}
}

// err returns the error the in-memory path stops at, or nil; which one
// when several apply is unspecified.
func (c *partialsConditions) err(o segmentation.Options) error {
	switch {
	case c.outside:
		return fmt.Errorf("a stored transaction's instant is outside %s to %s, the range of the aggregation: %w",
			firstInstant.UTC().Format(time.RFC3339Nano), lastInstant.UTC().Format(time.RFC3339Nano), segmentation.ErrInvalid)
	case o.Kind == 0 && len(c.kinds) > 1:
		return fmt.Errorf("the store holds revenue and cost transactions and Options.Kind does not choose: %w", segmentation.ErrMixedKinds)
	case c.future:
		return fmt.Errorf("a transaction of the counted kind is after the analysis instant %s: %w", o.AsOf.UTC().Format(time.RFC3339Nano), segmentation.ErrFuture)
	}
	return nil
}

// isUnknownZone reports whether err is PostgreSQL's report of a time zone
// it does not know (invalid_parameter_value).
func isUnknownZone(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "22023"
}
