package sla

import (
	"cmp"
	"fmt"
	"hash/maphash"
	"iter"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A Period is the half-open span of time [From, To) that a report covers.
//
// The zero Period is not valid.
type Period struct {
	From time.Time // the first instant covered
	To   time.Time // the first instant after the period
}

// Contains reports whether t is in p: From ≤ t < To.
func (p Period) Contains(t time.Time) bool { return !t.Before(p.From) && t.Before(p.To) }

// Grouping says which dimensions besides the metric a report breaks its
// rows down by.
//
// The zero Grouping gives one row per metric, over all accounts, tiers and
// priorities.
type Grouping struct {
	Account  bool // a row per account
	Tier     bool // a row per tier
	Priority bool // a row per priority
}

// A Report is the SLA compliance over a period: one row per metric and per
// value of the grouped dimensions, for every group with at least one cycle
// counted.
//
// The zero Report has no rows.
type Report struct {
	Period Period   // the period covered
	By     Grouping // the dimensions the rows are broken down by
	Rows   []Row    // ordered by Account, Tier, Priority, Metric
}

// A Row is the compliance of one group of cycles: see [Compliance] for
// which cycles count.
//
// The zero Row counts nothing.
type Row struct {
	// The group. Account, Tier and Priority are set only when the report
	// groups by them (see [Grouping]); otherwise they are zero.
	Account  account.ID   // the group's account, if grouped by account
	Tier     account.Tier // the group's tier, if grouped by tier
	Priority Priority     // the group's priority, if grouped by priority
	Metric   Metric       // the metric; every row has one

	Tickets  int // the tickets with at least one cycle counted
	Met      int // cycles met in the period
	Breached int // cycles breached in the period

	// Compliance is Met / (Met + Breached), rounded half up to hundredths
	// of a percent.
	Compliance Percent

	// Achieved is the number of counted cycles that had ended by their
	// evaluation (every met cycle, and the breached ones that were
	// fulfilled after all), and Median and P90 are the 50th and 90th
	// nearest-rank percentiles of their Elapsed times (see "Percentiles"
	// in the package documentation). Both are zero when Achieved is.
	Achieved int           // counted cycles that had ended
	Median   time.Duration // the nearest-rank median of their Elapsed
	P90      time.Duration // the nearest-rank 90th percentile of their Elapsed

	// Breaches lists the breached cycles, ordered by BreachedAt, then
	// Ticket, then cycle number.
	Breaches []Breach
}

// A Breach is one breached cycle in a report.
//
// The zero Breach is no breach.
type Breach struct {
	Ticket   string       // the ticket
	Account  account.ID   // its account
	Tier     account.Tier // its tier
	Priority Priority     // the priority whose target was breached
	Metric   Metric       // the metric breached
	Cycle    int          // the cycle's number within its metric

	BreachedAt time.Time     // when the target ran out
	Target     time.Duration // the target that was breached
	Elapsed    time.Duration // at End, or at the evaluation if still open
	End        time.Time     // when it was fulfilled; zero if it was still open
}

// Compliance reports on results over period, grouped by the metric and
// the dimensions of by. results is a stream of results and errors, as
// [Evaluator.EvaluateAll] yields them (or a store lists them), so
//
//	sla.Compliance(ev.EvaluateAll(tickets, now, 0), period, by)
//
// reports on a batch as it is evaluated, without holding its results. (A
// slice of results passes in as a sequence that yields each with a nil
// error.)
//
// A cycle counts in the period in which its outcome fell: a met cycle
// when it was fulfilled (Cycle.End), a breached cycle when it breached
// ([Cycle.BreachedAt]), whether or not it was fulfilled later. Running,
// paused and not-applicable cycles do not count. A cycle is grouped under
// its own priority (Cycle.Priority, the priority whose target judged it)
// and its ticket's account and tier. To count every outcome of the period,
// evaluate the tickets at or after p.To.
//
// The rows and their breaches are in a fixed order, so the report does not
// depend on the order of the results.
//
// Compliance returns an [*account.FieldError] wrapping [ErrInvalid] if
// period is not valid (Record "Argument", Field "period"), and one
// wrapping [ErrDuplicateTicket] (Record "Result", ID the ticket) if two
// results have the same Ticket. The first error results yields stops the
// report: Compliance returns it, wrapped with the number of the result
// that carried it (errors.Is and errors.As see through the wrapping).
func Compliance(results iter.Seq2[Result, error], period Period, by Grouping) (Report, error) {
	p := period
	if p.From.IsZero() || p.To.IsZero() || !p.From.Before(p.To) {
		return Report{}, &account.FieldError{Record: "Argument", Field: "period", Value: stamp(p.From) + " to " + stamp(p.To),
			Reason: "must have a From before its To", Err: ErrInvalid}
	}
	type group struct {
		row      Row
		achieved []time.Duration
		last     int // the number of the last result counted in the group
	}
	// A result's account and tier are those of all its cycles: look up
	// their bucket once per result, then the group by priority and metric.
	type bucketKey struct {
		account account.ID
		tier    account.Tier
	}
	type bucket [numPriorities + 1][numMetrics + 1]*group
	buckets := make(map[bucketKey]*bucket)
	var groups []*group
	var tickets []ticketHash
	seed := maphash.MakeSeed()
	n := 0
	for r, err := range results {
		if err != nil {
			return Report{}, fmt.Errorf("sla: compliance: result %d: %w", n, err)
		}
		n++
		tickets = append(tickets, ticketHash{maphash.String(seed, r.Ticket), r.Ticket})
		bk := bucketKey{}
		if by.Account {
			bk.account = r.Account
		}
		if by.Tier {
			bk.tier = r.Tier
		}
		var b *bucket
		for _, mr := range r.Metrics {
			for _, c := range mr.Cycles {
				met := c.State == StateMet && p.Contains(c.End)
				breached := c.State == StateBreached && p.Contains(c.Due)
				if !met && !breached {
					continue
				}
				if b == nil {
					if b = buckets[bk]; b == nil {
						b = new(bucket)
						buckets[bk] = b
					}
				}
				prio := Priority(0)
				if by.Priority {
					prio = c.Priority
				}
				if int(prio) > numPriorities || c.Metric < 1 || int(c.Metric) > numMetrics {
					continue // not from Evaluate: no such priority or metric
				}
				g := b[prio][c.Metric]
				if g == nil {
					g = &group{row: Row{Account: bk.account, Tier: bk.tier, Priority: prio, Metric: c.Metric}}
					b[prio][c.Metric] = g
					groups = append(groups, g)
				}
				if g.last != n {
					g.row.Tickets++
					g.last = n
				}
				if met {
					g.row.Met++
				} else {
					g.row.Breached++
					g.row.Breaches = append(g.row.Breaches, Breach{Ticket: r.Ticket, Account: r.Account,
						Tier: r.Tier, Priority: c.Priority, Metric: c.Metric, Cycle: c.N,
						BreachedAt: c.Due, Target: c.Target, Elapsed: c.Elapsed, End: c.End})
				}
				if !c.End.IsZero() {
					g.achieved = append(g.achieved, c.Elapsed)
				}
			}
		}
	}
	if t, dup := duplicate(tickets); dup {
		return Report{}, &account.FieldError{Record: "Result", ID: t, Field: "Ticket", Reason: "is the ticket of more than one result", Err: ErrDuplicateTicket}
	}
	rep := Report{Period: p, By: by, Rows: make([]Row, 0, len(groups))}
	for _, g := range groups {
		row := g.row
		row.Compliance = ratio(int64(row.Met), int64(row.Met+row.Breached))
		slices.Sort(g.achieved)
		row.Achieved = len(g.achieved)
		row.Median = nearestRank(g.achieved, 50)
		row.P90 = nearestRank(g.achieved, 90)
		slices.SortFunc(row.Breaches, func(a, b Breach) int {
			return cmp.Or(a.BreachedAt.Compare(b.BreachedAt), cmp.Compare(a.Ticket, b.Ticket),
				cmp.Compare(a.Metric, b.Metric), cmp.Compare(a.Cycle, b.Cycle))
		})
		rep.Rows = append(rep.Rows, row)
	}
	slices.SortFunc(rep.Rows, func(a, b Row) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Tier, b.Tier),
			cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.Metric, b.Metric))
	})
	return rep, nil
}

// ticketHash is a ticket ID and its hash, for finding duplicates.
type ticketHash struct {
	h      uint64
	ticket string
}

// duplicate reports a ticket that occurs twice in ts, the smallest such
// (so that the error does not depend on the order of the results). It
// sorts by hash and compares the IDs within each run of equal hashes, so a
// collision of hashes is never taken for a duplicate.
func duplicate(ts []ticketHash) (string, bool) {
	slices.SortFunc(ts, func(a, b ticketHash) int { return cmp.Compare(a.h, b.h) })
	found, ok := "", false
	for lo := 0; lo < len(ts); {
		hi := lo + 1
		for hi < len(ts) && ts[hi].h == ts[lo].h {
			hi++
		}
		for i := lo; i < hi; i++ { // runs of more than one are rare
			for j := i + 1; j < hi; j++ {
				if t := ts[i].ticket; t == ts[j].ticket && (!ok || t < found) {
					found, ok = t, true
				}
			}
		}
		lo = hi
	}
	return found, ok
}

// nearestRank returns the p-th percentile of the sorted values by the
// nearest-rank method: the value at rank ⌈p·n/100⌉ (counting from 1), or
// zero for no values.
func nearestRank(sorted []time.Duration, p int) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	rank := (p*n + 99) / 100
	return sorted[max(rank, 1)-1]
}
