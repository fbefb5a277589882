// Package rfmgen generates the reference workload of the RFM benchmarks: a
// deterministic synthetic transaction log with Zipf-skewed activity and
// log-normal amounts.
//
// It follows the model of the shared benchmark generator (bench/gen,
// "customer_id,date,amount" CSV) draw for draw: the same seed gives the
// same rows in the same order, so that [Write] produces byte-identical CSV
// and figures measured on [Generate]'s rows are comparable with the
// anchors' (pandas, DuckDB, PostgreSQL) on the CSV file. The reference set
// is Config{Accounts: 1_000_000, Transactions: 10_000_000, Seed: 42}.
//
// The model:
//   - account IDs are "C" and 7 digits (C0000001, ...), wider beyond 9,999,999
//     accounts;
//   - dates lie in 2023-01-01..2025-12-31 (1,096 days); each account has an
//     activity window of uniform length in [30, 1096] days and uniform
//     start, wrapping around, and its transactions fall uniformly in it;
//   - every account has one transaction; the rest go to accounts by a
//     Zipf–Mandelbrot law (s = 1.1, v = 100) over a random permutation;
//   - amounts are lognormal(μ = 4, σ = 1.2) rounded half away from zero to
//     cents, at least 0.01;
//   - rows are in date order, accounts interleaved randomly within a day.
//
// Nothing here is committed data: everything is generated.
package rfmgen

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"time"
)

// Config sizes a data set. The zero values of the shape parameters mean the
// reference model's.
type Config struct {
	Accounts     int    // distinct accounts (> 0)
	Transactions int    // rows (> 0)
	Seed         uint64 // random seed

	ZipfS, ZipfV float64 // Zipf–Mandelbrot exponent s (> 1) and offset v (≥ 1); 0 means 1.1 and 100
	Mu, Sigma    float64 // lognormal parameters; 0 means 4 and 1.2
}

// Reference is the reference workload: 10,000,000 transactions over
// 1,000,000 accounts, seed 42.
var Reference = Config{Accounts: 1_000_000, Transactions: 10_000_000, Seed: 42}

// Small is the small cross-check set: 100,000 transactions over 10,000
// accounts, seed 42.
var Small = Config{Accounts: 10_000, Transactions: 100_000, Seed: 42}

const (
	numDays = 1096 // 2023-01-01 .. 2025-12-31
	minWin  = 30
)

// FirstDay is the date of day 0.
var FirstDay = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)

// Generate calls row for every transaction in order: the account ID (valid
// only during the call), the day (0 = FirstDay) and the amount in cents.
// It panics if the Config is invalid (a programming error in a benchmark).
func Generate(c Config, row func(id []byte, day int, cents int64)) {
	zs, zv, mu, sigma := c.ZipfS, c.ZipfV, c.Mu, c.Sigma
	if zs == 0 {
		zs = 1.1
	}
	if zv == 0 {
		zv = 100
	}
	if mu == 0 {
		mu = 4
	}
	if sigma == 0 {
		sigma = 1.2
	}
	N, T := c.Accounts, c.Transactions
	if N <= 0 || T <= 0 {
		panic("rfmgen: Accounts and Transactions must be > 0")
	}
	rng := rand.New(rand.NewPCG(c.Seed, c.Seed^0x9E3779B97F4A7C15))
	width := 7
	if N > 9_999_999 {
		width = len(strconv.Itoa(N))
	}
	winStart := make([]int16, N)
	winLen := make([]int16, N)
	for i := range N {
		winLen[i] = int16(minWin + rng.IntN(numDays-minWin+1))
		winStart[i] = int16(rng.IntN(numDays))
	}
	perm := rng.Perm(N)
	acct := make([]int32, T)
	base := min(N, T)
	for i := range base {
		acct[i] = int32(i)
	}
	if T > base {
		z := rand.NewZipf(rng, zs, zv, uint64(N-1))
		if z == nil {
			panic("rfmgen: bad Zipf parameters (need s > 1, v >= 1)")
		}
		for i := base; i < T; i++ {
			acct[i] = int32(perm[z.Uint64()])
		}
	}
	rng.Shuffle(T, func(i, j int) { acct[i], acct[j] = acct[j], acct[i] })

	day := make([]int16, T)
	var cnt [numDays + 1]int
	for i := range T {
		a := acct[i]
		d := (winStart[a] + int16(rng.IntN(int(winLen[a])))) % numDays
		day[i] = d
		cnt[d+1]++
	}
	for d := 1; d <= numDays; d++ {
		cnt[d] += cnt[d-1]
	}
	order := make([]int32, T)
	for i := range T {
		d := day[i]
		order[cnt[d]] = int32(i)
		cnt[d]++
	}
	id := make([]byte, 0, 16)
	for _, i := range order {
		id = append(id[:0], 'C')
		id = appendPadded(id, int(acct[i])+1, width)
		cents := int64(math.Round(math.Exp(mu+sigma*rng.NormFloat64()) * 100))
		if cents < 1 {
			cents = 1
		}
		row(id, int(day[i]), cents)
	}
}

// Write writes the data set as CSV with the header
// "customer_id,date,amount", byte for byte as the shared generator does.
func Write(w io.Writer, c Config) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	bw.WriteString("customer_id,date,amount\n")
	var dates [numDays][]byte
	for d := range dates {
		dates[d] = []byte(FirstDay.AddDate(0, 0, d).Format("2006-01-02"))
	}
	buf := make([]byte, 0, 64)
	Generate(c, func(id []byte, day int, cents int64) {
		buf = append(buf[:0], id...)
		buf = append(buf, ',')
		buf = append(buf, dates[day]...)
		buf = append(buf, ',')
		buf = strconv.AppendInt(buf, cents/100, 10)
		buf = append(buf, '.', byte('0'+cents%100/10), byte('0'+cents%10))
		buf = append(buf, '\n')
		bw.Write(buf)
	})
	return bw.Flush()
}

func appendPadded(b []byte, v, width int) []byte {
	var tmp [20]byte
	s := strconv.AppendInt(tmp[:0], int64(v), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}
