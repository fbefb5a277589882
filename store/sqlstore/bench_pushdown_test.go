package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// The heavy benchmarks' sizes come from the environment, so that CI's
// one-iteration run stays short:
//
//	KEYACCOUNT_BENCH_LOAD_ROWS  transactions per load (default 10,000; the target is for 1,000,000)
//	KEYACCOUNT_BENCH_RFM_ROWS   stored transactions for RFM (default 10,000; the target is for 10,000,000)
//
// Accounts are a tenth of the transactions, as in ../shared/bench's data.
func benchRows(b *testing.B, env string) int {
	b.Helper()
	v := os.Getenv(env)
	if v == "" {
		return 10_000
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive number of rows", env, v)
	}
	return n
}

// benchTxs yields n transactions as ../shared/bench/gen draws them: n/10
// accounts ("C0000001", ...), instants uniform over 2023 to 2025, amounts
// lognormal(4, 1.2) in cents, revenue in USD; the same on every run.
func benchTxs(prefix string, n int) iter.Seq2[account.Transaction, error] {
	return func(yield func(account.Transaction, error) bool) {
		rng := rand.New(rand.NewPCG(42, 42^0x9E3779B97F4A7C15))
		accounts := max(n/10, 1)
		start := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
		const span = 1096 * 24 * 3600
		for i := range n {
			cents := max(int64(math.Round(math.Exp(4+1.2*rng.NormFloat64())*100)), 1)
			amount, _ := account.NewMoney(decimal.New(cents, -2), "USD")
			tx := account.Transaction{
				ID:      account.TransactionID(prefix + strconv.Itoa(i)),
				Account: account.ID(fmt.Sprintf("C%07d", 1+rng.IntN(accounts))),
				At:      start.Add(time.Duration(rng.Int64N(span)) * time.Second),
				Amount:  amount,
				Kind:    account.TransactionRevenue,
			}
			if !yield(tx, nil) {
				return
			}
		}
	}
}

// BenchmarkLoadTransactions loads KEYACCOUNT_BENCH_LOAD_ROWS transactions
// per iteration, built before the timer starts, into an empty store (with
// the indexes of every migration) and into a store that already holds as
// many.
func BenchmarkLoadTransactions(b *testing.B) {
	n := benchRows(b, "KEYACCOUNT_BENCH_LOAD_ROWS")
	txs, err := account.Collect(benchTxs("T", n))
	if err != nil {
		b.Fatal(err)
	}
	for _, d := range dialects {
		for _, onto := range []int{0, n} {
			b.Run(fmt.Sprintf("%s/onto=%d/rows=%d", d, onto, n), func(b *testing.B) {
				var stored int64
				for b.Loop() {
					b.StopTimer()
					s := newTestStore(b, d)
					if onto > 0 {
						if _, err := s.LoadTransactions(context.Background(), benchTxs("S", onto)); err != nil {
							b.Fatal(err)
						}
					}
					b.StartTimer()
					got, err := s.LoadTransactions(context.Background(), seqOf(txs, nil))
					if err != nil || got != int64(n) {
						b.Fatalf("LoadTransactions = %d, %v", got, err)
					}
					stored += got
				}
				b.ReportMetric(float64(stored)/b.Elapsed().Seconds(), "rows/s")
			})
		}
	}
}

// The anchor of ../shared/bench/postgres/main.go: PostgreSQL's own RFM
// table and Pareto figures, over a table of its own shape (customer_id,
// date, amount numeric(18,2)) copied from ka_transactions.
const (
	anchorTable = `CREATE UNLOGGED TABLE tx AS
SELECT account AS customer_id, CAST(at AT TIME ZONE 'UTC' AS date) AS date, CAST(amount AS numeric(18,2)) AS amount
FROM ka_transactions`

	anchorCompute = `
CREATE UNLOGGED TABLE rfm AS
WITH agg AS (
    SELECT customer_id, max(date) AS last_date, count(*) AS f, sum(amount) AS m
    FROM tx
    GROUP BY customer_id
), p AS (
    SELECT max(last_date) + 1 AS adate, count(*) AS n FROM agg
)
SELECT a.customer_id,
       (p.adate - a.last_date) AS r,
       a.f,
       a.m,
       ((row_number() OVER (ORDER BY a.last_date ASC, a.customer_id ASC) - 1) * 5 / p.n + 1)::smallint AS r_score,
       ((row_number() OVER (ORDER BY a.f ASC,         a.customer_id ASC) - 1) * 5 / p.n + 1)::smallint AS f_score,
       ((row_number() OVER (ORDER BY a.m ASC,         a.customer_id ASC) - 1) * 5 / p.n + 1)::smallint AS m_score
FROM agg a CROSS JOIN p`

	anchorPareto = `
WITH d AS (
    SELECT (m * 100)::bigint AS c,
           row_number() OVER w AS k,
           sum((m * 100)::bigint) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS cum
    FROM rfm
    WINDOW w AS (ORDER BY m DESC)
), t AS (
    SELECT count(*) AS n, sum((m * 100)::bigint) AS total FROM rfm
)
SELECT t.n,
       t.total::bigint,
       coalesce(min(d.k) FILTER (WHERE 5 * d.cum >= 4 * t.total), 0)::bigint,
       coalesce(max(d.cum) FILTER (WHERE d.k = t.n / 5), 0)::bigint,
       sum((t.n - d.k + 1) * d.c)::bigint
FROM d CROSS JOIN t
GROUP BY t.n, t.total`
)

// BenchmarkRFMPostgres stores KEYACCOUNT_BENCH_RFM_ROWS transactions once
// (in a schema of its own, dropped at the end), then measures:
//
//	Anchor    PostgreSQL's own RFM table and Pareto figures (the anchor's compute_s)
//	PushDown  Service.Aggregate by push-down: the GROUP BY, and its rows into an Aggregator
//	Score     the rest of the job in Go: Score and Pareto of that aggregate
//	RFM       the whole job: Service.RFM, then Table.Pareto
func BenchmarkRFMPostgres(b *testing.B) {
	n := benchRows(b, "KEYACCOUNT_BENCH_RFM_ROWS")
	ctx := context.Background()
	s, err := Open(ctx, newTestSchema(b))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if got, err := s.LoadTransactions(ctx, benchTxs("T", n)); err != nil || got != int64(n) {
		b.Fatalf("LoadTransactions = %d, %v", got, err)
	}
	for _, stmt := range []string{"VACUUM ANALYZE ka_transactions", anchorTable, "ANALYZE tx"} {
		if _, err := s.DB().ExecContext(ctx, stmt); err != nil {
			b.Fatalf("%s: %v", stmt, err)
		}
	}
	svc := segmentation.NewService(s)
	var o segmentation.Options
	b.Run(fmt.Sprintf("Anchor/rows=%d", n), func(b *testing.B) {
		var sink [5]int64
		for b.Loop() {
			if _, err := s.DB().ExecContext(ctx, "DROP TABLE IF EXISTS rfm"); err != nil {
				b.Fatal(err)
			}
			if _, err := s.DB().ExecContext(ctx, anchorCompute); err != nil {
				b.Fatal(err)
			}
			if err := s.DB().QueryRowContext(ctx, anchorPareto).Scan(&sink[0], &sink[1], &sink[2], &sink[3], &sink[4]); err != nil {
				b.Fatal(err)
			}
		}
		if sink[0] == 0 {
			b.Fatal("the anchor found no customers")
		}
	})
	var agg *segmentation.Aggregator
	b.Run(fmt.Sprintf("PushDown/rows=%d", n), func(b *testing.B) {
		for b.Loop() {
			if agg, err = svc.Aggregate(ctx, o); err != nil {
				b.Fatal(err)
			}
		}
	})
	if agg == nil {
		if agg, err = svc.Aggregate(ctx, o); err != nil {
			b.Fatal(err)
		}
	}
	b.Run(fmt.Sprintf("Score/rows=%d", n), func(b *testing.B) {
		var p *segmentation.Pareto
		for b.Loop() {
			t, err := segmentation.Score(agg, segmentation.Scoring{})
			if err != nil {
				b.Fatal(err)
			}
			if p, err = t.Pareto(); err != nil {
				b.Fatal(err)
			}
		}
		_ = p.Total()
	})
	b.Run(fmt.Sprintf("RFM/rows=%d", n), func(b *testing.B) {
		var p *segmentation.Pareto
		for b.Loop() {
			t, err := svc.RFM(ctx, o, segmentation.Scoring{})
			if err != nil {
				b.Fatal(err)
			}
			if p, err = t.Pareto(); err != nil {
				b.Fatal(err)
			}
		}
		_ = p.Total()
	})
}

// BenchmarkPartials measures Partials, read to its end, on each dialect
// over KEYACCOUNT_BENCH_RFM_ROWS stored transactions (keep it small for
// SQLite), for the default Options and for distinct months.
func BenchmarkPartials(b *testing.B) {
	n := min(benchRows(b, "KEYACCOUNT_BENCH_RFM_ROWS"), 1_000_000)
	for _, d := range dialects {
		b.Run(d.String(), func(b *testing.B) {
			s := newTestStore(b, d)
			if _, err := s.LoadTransactions(context.Background(), benchTxs("T", n)); err != nil {
				b.Fatal(err)
			}
			for _, o := range []segmentation.Options{{}, {Frequency: segmentation.FrequencyDistinctMonths}} {
				b.Run(fmt.Sprintf("%s/rows=%d", o.Frequency, n), func(b *testing.B) {
					var parts int
					for b.Loop() {
						parts = 0
						for _, err := range s.Partials(context.Background(), o) {
							if err != nil {
								b.Fatal(err)
							}
							parts++
						}
					}
					if parts == 0 {
						b.Fatal("no Partials")
					}
				})
			}
		})
	}
}
