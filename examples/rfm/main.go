// Command rfm scores the accounts of a transaction file by recency,
// frequency and monetary value (RFM), names their segments, and measures
// how concentrated the money is (Pareto, Gini). It reads the file as a
// stream, of any size, with package segmentation.
//
// Usage:
//
//	rfm [-asof YYYY-MM-DD] [-k N] [-ties ordinal|grouped] [-json] [-dump FILE] [-skip-bad] [-max-accounts N] FILE|-
//
// FILE is a CSV file, or - for standard input, with the header
//
//	account_id,date,amount
//
// and one transaction per line: an account ID, an ISO date (2024-02-29,
// years 1 to 9999: the dates calendar.ParseDate accepts) and a plain
// decimal amount (54.60; negative for a refund; any number of
// decimals, summed exactly, in at most 1,000 digits and point after the
// sign). The header may also read
// customer_id,date,amount, as the files of the shared RFM benchmark do.
// Fields may be quoted as in RFC 4180.
//
// Flags (before the file):
//
//	-asof      the analysis date, from 1677-09-22 to 2262-04-11; default:
//	           the day after the latest date in the file. Transactions
//	           dated after it are left out (and counted); those on it
//	           count, with recency 0.
//	-k         scores per dimension, from 1 to 100 (default 5). The
//	           11-segment map of segmentation.ElevenSegments names
//	           segments when k is 5.
//	-ties      ordinal (default): ties broken by account ID, bins differ in
//	           size by at most one; grouped: equal values, equal scores.
//	-json      print the segment summary and the Pareto figures as JSON.
//	-dump FILE write the per-account table, sorted by account_id:
//	           account_id,recency,frequency,monetary,r_score,f_score,m_score
//	           with monetary rounded half away from zero to two decimals.
//	-skip-bad  skip malformed lines and count them, instead of stopping.
//	-max-accounts N
//	           stop with an error once the file has more than N distinct
//	           account IDs (N at least 1; default 50,000,000), rather
//	           than run out of memory. Memory grows with the accounts,
//	           not with the lines: some 250 bytes of peak memory an
//	           account at 10 million accounts (BENCHMARKS.md).
//
// -h prints the usage and every flag, and exits with status 0. A bad
// command line (an unknown flag, a bad flag value such as -k 0, -k x or
// -asof 2025-02-30, no FILE or a second one) prints an error naming the
// flag or the argument, and the usage, and exits with status 2 before
// reading anything, as every example does (package internal/cli).
//
// A malformed line stops the program with its line number and exit status
// 1, unless -skip-bad is given. A blank line is malformed too, even the
// last one of the file: the file may end with a line break, but not with
// an empty line after it (-skip-bad skips it). An error quotes at most 64
// bytes of a value, with the value's length, so that a huge field gives a
// short message. Without -json, a readable report is printed.
//
// Accounts whose net is negative (refunds exceeding purchases) are scored
// (lowest) and dumped, counted in the JSON as negative_accounts, named on
// standard error, and left out of the Pareto figures, which need
// non-negative values. The Pareto figures are total_monetary (the sum over
// the accounts whose net is zero or more), pareto80_count, top20_count,
// top20_monetary, top20_share, gini, hhi and effective_accounts. The
// segments' monetary totals, on the other hand, are over all their
// accounts, negative ones included: with negative accounts, the segments'
// monetary totals add up to total_monetary plus the (negative) nets of
// those accounts, not to total_monetary.
//
// Try it on the bundled sample:
//
//	go run ./examples/rfm -json examples/rfm/testdata/sample.csv
//	go run ./examples/rfm -asof 2025-07-01 -dump /tmp/rfm.csv examples/rfm/testdata/sample.csv
//
// Its -dump rows are byte-identical to those of the shared benchmark's
// anchors (pandas, DuckDB, PostgreSQL) on their data sets, and its -json
// figures equal their checksums (see BENCHMARKS.md).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/cli"
	"github.com/keyaccount/keyaccount/internal/fixed"
	"github.com/keyaccount/keyaccount/internal/parallel"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// report is the -json output. The Pareto figures, from TotalMonetary to
// Effective, are over the accounts whose net is zero or more; Segments
// are over all accounts.
type report struct {
	Accounts      int    `json:"accounts"`            // accounts with a transaction counted
	Transactions  int64  `json:"transactions"`        // well-formed data lines
	Skipped       int64  `json:"skipped_lines"`       // malformed lines skipped (-skip-bad)
	Excluded      int64  `json:"excluded_after_asof"` // transactions dated after the analysis date
	Negative      int    `json:"negative_accounts"`   // accounts whose net is negative, left out of the Pareto figures
	AnalysisDate  string `json:"analysis_date"`       // YYYY-MM-DD
	TotalMonetary string `json:"total_monetary"`      // exact sum of the nets of the accounts whose net is zero or more
	Pareto80Count int    `json:"pareto80_count"`      // fewest accounts holding 80% of TotalMonetary
	Top20Count    int    `json:"top20_count"`         // floor(20% of those accounts)
	Top20Monetary string `json:"top20_monetary"`      // what the top Top20Count hold
	Top20Share    string `json:"top20_share"`         // Top20Monetary / TotalMonetary
	Gini          string `json:"gini"`
	HHI           string `json:"hhi"`
	Effective     string `json:"effective_accounts"` // 1 / HHI

	// Segments holds one line per segment, over all accounts: a segment's
	// monetary total includes its negative accounts.
	Segments []segmentSummary `json:"segments"`
}

type segmentSummary struct {
	Segment         string `json:"segment"`
	Accounts        int    `json:"accounts"`
	AccountShare    string `json:"account_share"`
	Monetary        string `json:"monetary"`
	MonetaryShare   string `json:"monetary_share"`
	MedianRecency   string `json:"median_recency"`
	MedianFrequency string `json:"median_frequency"`
}

// maxK is the most scores per dimension segmentation.Scoring takes.
const maxK = 100

// The analysis dates segmentation takes: those whose midnight UTC is an
// instant it can hold (Unix nanoseconds in an int64). 0001-01-01 would
// also be the zero time.Time, which means "not given".
var (
	firstAsOf = calendar.Date{Year: 1677, Month: time.September, Day: 22}
	lastAsOf  = calendar.Date{Year: 2262, Month: time.April, Day: 11}
)

// run runs the command with the arguments args (without the program's
// name) and returns its exit status: 0, 1 for a failure while running (a
// file that cannot be read, a malformed line), 2 for a bad command line.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := &cli.Command{
		Name: "rfm",
		Args: []string{"FILE|-"},
		Doc: `Rfm scores the accounts of a transaction file by recency, frequency and
monetary value (RFM), names their segments, and measures how concentrated the
money is (Pareto, Gini). FILE, or - for standard input, is CSV with the header
account_id,date,amount (or customer_id,date,amount) and one transaction a line:
an account ID, a date YYYY-MM-DD and a plain decimal amount, negative for a
refund. Without -json it prints a readable report.`,
	}
	asof := cmd.DateRange("asof", calendar.Date{}, firstAsOf, lastAsOf, "the analysis date; transactions after it are left out (default: the day after the latest date in the file)")
	k := cmd.Int("k", 5, 1, maxK, "scores per dimension; the 11 segments are named when it is 5")
	ties := cmd.Choice("ties", "ordinal", []string{"ordinal", "grouped"}, "ordinal: ties broken by account ID; grouped: equal values, equal scores")
	asJSON := cmd.Bool("json", false, "print the segment summary and the Pareto figures as JSON")
	dump := cmd.String("dump", "", "write the per-account table to `FILE`, sorted by account_id")
	skipBad := cmd.Bool("skip-bad", false, "skip malformed lines and count them, instead of stopping")
	maxAccounts := cmd.Int("max-accounts", 50_000_000, 1, math.MaxInt, "stop with an error past this many distinct account IDs")
	if err := cmd.Parse(args); err != nil {
		return cmd.ExitStatus(stderr, err)
	}
	fail := func(err error) int { return cmd.ExitStatus(stderr, err) }
	var opts segmentation.Options
	if !asof.IsZero() {
		opts.AsOf = time.Date(asof.Year, asof.Month, asof.Day, 0, 0, 0, 0, time.UTC)
	}
	sc := segmentation.Scoring{K: *k}
	if *ties == "grouped" {
		g := segmentation.Bins{Binning: segmentation.BinningGrouped}
		sc.Recency, sc.Frequency, sc.Monetary = g, g, g
	}
	if *k == 5 {
		sc.Segments = segmentation.ElevenSegments()
	}

	in := stdin
	if name := cmd.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return fail(err)
		}
		defer f.Close()
		in = f
	}
	res, err := readCSV(in, opts, runtime.GOMAXPROCS(0), *skipBad, *maxAccounts)
	if err != nil {
		return fail(err)
	}
	if res.skipped > 0 {
		fmt.Fprintf(stderr, "rfm: skipped %d malformed lines; the first: %v\n", res.skipped, res.first)
	}
	t, err := segmentation.Score(res.agg, sc)
	if err != nil {
		return fail(err)
	}
	// The table keeps what it needs (it shares the IDs): the aggregator's
	// entries and hash table can go before the Pareto figures are worked
	// out.
	res.agg = nil
	if *dump != "" {
		if err := writeDump(*dump, t); err != nil {
			return fail(err)
		}
	}
	neg := t.Negative()
	p, err := pareto(t, neg, stderr)
	if err != nil {
		return fail(err)
	}
	rep := newReport(t, p, len(neg), res)
	if *asJSON {
		b, err := json.MarshalIndent(rep, "", "  ")
		if err != nil {
			return fail(err)
		}
		stdout.Write(append(b, '\n'))
		return 0
	}
	printReport(stdout, rep, t)
	return 0
}

// pareto returns the Pareto analysis of the monetary values. Accounts
// whose net is negative (refunds exceeding purchases) cannot take part in a
// concentration measure: they are left out of it, and named on stderr.
// neg is t.Negative().
func pareto(t *segmentation.Table, neg []account.ID, stderr io.Writer) (*segmentation.Pareto, error) {
	if len(neg) == 0 {
		return t.Pareto()
	}
	show := neg[:min(len(neg), 5)]
	fmt.Fprintf(stderr, "rfm: %d accounts have a negative net and are left out of the Pareto figures: %v", len(neg), show)
	if len(neg) > len(show) {
		fmt.Fprint(stderr, " ...")
	}
	fmt.Fprintln(stderr)
	vals := t.Monetary()
	for _, id := range neg {
		delete(vals, id)
	}
	return segmentation.NewPareto(vals)
}

func newReport(t *segmentation.Table, p *segmentation.Pareto, negative int, res *readResult) report {
	c80, _ := p.CountFor(decimal.New(8, -1))
	top, _ := p.TopFraction(decimal.New(2, -1))
	rep := report{
		Accounts:      t.Len(),
		Transactions:  res.rows,
		Skipped:       res.skipped,
		Excluded:      t.Excluded().Future,
		Negative:      negative,
		TotalMonetary: amount(p.Total().Amount()),
		Pareto80Count: c80,
		Top20Count:    top.Accounts,
		Top20Monetary: amount(top.Total.Amount()),
		Top20Share:    share(top.Total.Amount(), p.Total().Amount()),
		Gini:          strconv.FormatFloat(p.Gini(), 'f', 9, 64),
		HHI:           strconv.FormatFloat(p.HHI(), 'f', 9, 64),
		Effective:     strconv.FormatFloat(p.EffectiveNumber(), 'f', 3, 64),
		Segments:      []segmentSummary{},
	}
	if !t.AsOf().IsZero() {
		rep.AnalysisDate = t.AsOf().Format("2006-01-02")
	}
	sum := t.Summary()
	var all decimal.Decimal // the sum over all accounts
	for _, s := range sum {
		all = all.Add(s.Monetary.Amount())
	}
	for _, s := range sum {
		name := s.Segment
		if name == "" {
			name = "(none)"
		}
		rep.Segments = append(rep.Segments, segmentSummary{
			Segment:         name,
			Accounts:        s.Accounts,
			AccountShare:    share(decimal.NewFromInt(int64(s.Accounts)), decimal.NewFromInt(int64(t.Len()))),
			Monetary:        amount(s.Monetary.Amount()),
			MonetaryShare:   share(s.Monetary.Amount(), all),
			MedianRecency:   s.MedianRecency.String(),
			MedianFrequency: s.MedianFrequency.String(),
		})
	}
	return rep
}

// share prints num/den exactly rounded, half away from zero, to six
// decimals; 0.000000 when den is zero. Zero is never signed: a float
// ratio would print an empty segment's share of a negative total as
// -0.000000.
func share(num, den decimal.Decimal) string {
	if den.IsZero() {
		return decimal.Zero.StringFixed(6)
	}
	return num.DivRound(den, 6).StringFixed(6)
}

// amount prints an exact amount with at least two decimals.
func amount(d decimal.Decimal) string {
	return d.StringFixed(max(2, -d.Exponent()))
}

func printReport(w io.Writer, r report, t *segmentation.Table) {
	bw := bufio.NewWriter(w)
	defer bw.Flush()
	fmt.Fprintf(bw, "%d accounts, %d transactions, as of %s", r.Accounts, r.Transactions, r.AnalysisDate)
	if r.Excluded > 0 {
		fmt.Fprintf(bw, " (%d transactions after it left out)", r.Excluded)
	}
	fmt.Fprintln(bw)
	fmt.Fprintf(bw, "total monetary %s; %d accounts reach 80%%; the top 20%% (%d) hold %s (%s); Gini %s\n\n",
		r.TotalMonetary, r.Pareto80Count, r.Top20Count, r.Top20Monetary, r.Top20Share, r.Gini)
	fmt.Fprintf(bw, "%-20s %9s %8s %18s %8s %8s %8s\n", "segment", "accounts", "share", "monetary", "share", "med R", "med F")
	for _, s := range r.Segments {
		fmt.Fprintf(bw, "%-20s %9d %8s %18s %8s %8s %8s\n", s.Segment, s.Accounts, s.AccountShare, s.Monetary, s.MonetaryShare, s.MedianRecency, s.MedianFrequency)
	}
	for _, w := range t.Warnings() {
		fmt.Fprintf(bw, "warning: %v\n", w)
	}
}

func writeDump(name string, t *segmentation.Table) (err error) {
	f, err := os.Create(name)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	if _, err := f.WriteString("account_id,recency,frequency,monetary,r_score,f_score,m_score\n"); err != nil {
		return err
	}
	// Blocks of rows are formatted on all cores at once, then written in
	// order: the rows of a million accounts are the command's last serial
	// step.
	block := dumpBlock
	k := parallel.Chunks(t.Len(), block)
	bufs := make([][]byte, k)
	for lo := 0; lo < t.Len(); lo += k * block {
		n := min(k*block, t.Len()-lo)
		parallel.For(k, n, func(c, from, to int) {
			b := bufs[c][:0]
			for i := lo + from; i < lo+to; i++ {
				b = appendRow(b, t.Row(i))
			}
			bufs[c] = b
		})
		for _, b := range bufs {
			if _, err := f.Write(b); err != nil {
				return err
			}
		}
	}
	return nil
}

// dumpBlock is how many rows of the dump a core formats at a time (a
// variable so that tests can split a small table into many blocks).
var dumpBlock = 1 << 14

// appendRow appends r as a dump line, "id,recency,frequency,monetary,r,f,m"
// and a newline, the monetary value rounded half away from zero to two
// decimals. An ID that contains a comma, a quote or a line break is quoted
// as CSV requires.
func appendRow(dst []byte, r segmentation.Row) []byte {
	dst = appendField(dst, string(r.Account))
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(r.Recency), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, r.Frequency, 10)
	dst = append(dst, ',')
	dst = appendFixed(dst, r.Monetary.Amount())
	for _, sc := range [3]int{r.R, r.F, r.M} {
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(sc), 10)
	}
	return append(dst, '\n')
}

// appendField appends s as a CSV field, quoted if it must be.
func appendField(dst []byte, s string) []byte {
	plain := true
	for i := range len(s) {
		if c := s[i]; c == ',' || c == '"' || c == '\r' || c == '\n' {
			plain = false
			break
		}
	}
	if plain {
		return append(dst, s...)
	}
	dst = append(dst, '"')
	for i := range len(s) {
		if s[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, s[i])
	}
	return append(dst, '"')
}

// appendFixed appends d rounded half away from zero to two decimals,
// with exactly two, as decimal.StringFixed(2) does. An amount whose
// hundredths fit an int64 comfortably (every amount of the usual files) is
// rounded here and formatted by internal/fixed without allocating.
func appendFixed(dst []byte, d decimal.Decimal) []byte {
	if c, ok := hundredths(d); ok {
		return fixed.AppendHundredths(dst, c)
	}
	return append(dst, d.StringFixed(2)...)
}

// hundredths returns d as a count of hundredths, rounded half away from
// zero, if its coefficient has at most 18 digits, its exponent is from
// -18 to 0, and scaling it to hundredths cannot overflow.
func hundredths(d decimal.Decimal) (int64, bool) {
	exp, nd := d.Exponent(), int32(d.NumDigits())
	if nd > 18 || exp > 0 || exp < -18 || nd+2+exp > 18 {
		return 0, false
	}
	c := d.CoefficientInt64()
	if exp >= -2 {
		return c * pow10(2+exp), true
	}
	p := pow10(-2 - exp)
	q, r := c/p, c%p
	if 2*max(r, -r) >= p {
		if c < 0 {
			q--
		} else {
			q++
		}
	}
	return q, true
}

// pow10 returns 10^n for n from 0 to 18.
func pow10(n int32) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}
