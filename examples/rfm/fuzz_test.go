package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

var plainDecimal = regexp.MustCompile(`^[+-]?[0-9]+(\.[0-9]+)?$`)

// The instants segmentation can hold: Unix nanoseconds in an int64 (the
// smallest left out). A date is accepted if its midnight UTC is one.
var (
	minInstant = time.Unix(0, math.MinInt64+1)
	maxInstant = time.Unix(0, math.MaxInt64)
)

// reference reads the same format the slow, obvious way: encoding/csv for
// a line with quotes, strings.Split otherwise, time.Parse, a regular
// expression and decimal.NewFromString, account.Transaction.Validate for
// the ID. It returns the transactions, or the number of the first bad line.
func reference(input string) ([]account.Transaction, int) {
	lines := strings.Split(input, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if len(lines) == 0 {
		return nil, 1
	}
	h := strings.TrimSuffix(strings.TrimPrefix(lines[0], "\xef\xbb\xbf"), "\r")
	if h != "account_id,date,amount" && h != "customer_id,date,amount" {
		return nil, 1
	}
	var txs []account.Transaction
	for i, ln := range lines[1:] {
		ln = strings.TrimSuffix(ln, "\r")
		var f []string
		if strings.Contains(ln, `"`) {
			r := csv.NewReader(strings.NewReader(ln))
			rec, err := r.Read()
			if err != nil || strings.ContainsAny(ln, "\r\n") {
				return nil, i + 2
			}
			f = rec
		} else {
			f = strings.Split(ln, ",")
		}
		if len(f) != 3 {
			return nil, i + 2
		}
		cd, err := calendar.ParseDate(f[1])
		if err != nil {
			return nil, i + 2
		}
		d := time.Date(cd.Year, cd.Month, cd.Day, 0, 0, 0, 0, time.UTC)
		if !plainDecimal.MatchString(f[2]) || len(strings.TrimLeft(f[2], "+-")) > 1000 {
			return nil, i + 2
		}
		amt, err := decimal.NewFromString(f[2])
		if err != nil {
			return nil, i + 2
		}
		m, _ := account.NewMoney(amt, "XXX")
		tx := account.Transaction{ID: account.TransactionID("t" + strconv.Itoa(i)), Account: account.ID(f[0]), At: d, Amount: m, Kind: account.TransactionRevenue}
		if tx.Validate() != nil || d.Before(minInstant) || d.After(maxInstant) {
			return nil, i + 2
		}
		txs = append(txs, tx)
	}
	return txs, 0
}

type refRow struct {
	ID        string
	Recency   int
	Frequency int64
	Monetary  string
}

func rowsOf(t *segmentation.Table) []refRow {
	var rows []refRow
	for _, r := range t.All() {
		rows = append(rows, refRow{string(r.Account), r.Recency, r.Frequency, r.Monetary.Amount().String()})
	}
	return rows
}

// FuzzReadCSV checks the streaming reader against the reference on any
// input: the same first bad line, or the same per-account table.
func FuzzReadCSV(f *testing.F) {
	for _, s := range []string{
		"account_id,date,amount\nA,2025-01-01,10.00\nB,2024-02-29,-3.5\n",
		"customer_id,date,amount\r\nA,2025-01-01,1\r\n",
		"account_id,date,amount\n\"a,\"\"b\",2025-01-01,0.001\n",
		"account_id,date,amount\nA,2025-02-29,1\n",
		"account_id,date,amount\nA,2025-01-01,1e3\n",
		"account_id,date,amount\nA,2025-01-01\n",
		"account_id,date,amount\n,2025-01-01,1\n",
		"account_id,date,amount\nA ,2025-01-01,1\n",
		"account_id,date,amount\nA,1600-01-01,1\n",
		// The ends of the range of instants (int64 Unix nanoseconds):
		// midnight UTC of 1677-09-22 and of 2262-04-11 are in it, those
		// of the days before and after are not.
		"account_id,date,amount\nA,2262-01-01,1\n",
		"account_id,date,amount\nA,2262-04-11,1\n",
		"account_id,date,amount\nA,2262-04-12,1\n",
		"account_id,date,amount\nA,1677-09-22,1\n",
		"account_id,date,amount\nA,1677-09-21,1\n",
		"account_id,date,amount\nA,2025-01-01,99999999999999999.99\nA,2025-01-01,99999999999999999.99\n",
		"account_id,date,amount\nA,2025-01-01,1\n\nB,2025-01-01,1\n",
		"id,date,amount\n",
		"",
		// Oversize fields: the error quotes 64 bytes of them.
		"account_id,date,amount\n" + strings.Repeat("x", 1<<20) + ",2025-01-01,1\n",
		"account_id,date,amount\nA," + strings.Repeat("2", 1<<20) + ",1\n",
		"account_id,date,amount\nA,2025-01-01,1" + strings.Repeat("0", 1<<20) + "x\n",
		"account_id,date,amount\nA,0000-12-31,1\n",
	} {
		f.Add([]byte(s), false, uint8(0))
		f.Add([]byte(s), true, uint8(5))
	}
	f.Fuzz(func(t *testing.T, data []byte, twoWorkers bool, chunk uint8) {
		workers := 1
		if twoWorkers {
			workers = 2
		}
		if chunk > 0 {
			// Small chunks: lines straddle chunk boundaries.
			defer func(old int) { chunkSize = old }(chunkSize)
			chunkSize = int(chunk)
		}
		want, badLine := reference(string(data))
		res, err := readCSV(bytes.NewReader(data), segmentation.Options{}, workers, false, math.MaxInt)
		if badLine > 0 {
			var le *lineError
			if !errors.As(err, &le) || le.line != badLine {
				t.Fatalf("reference: line %d is bad; readCSV: %v", badLine, err)
			}
			// 64 bytes quoted, at most 4 characters each (\x05), the
			// value's length and the message.
			if n := len(err.Error()); n > 500 {
				t.Fatalf("an error of %d bytes: %.500s…", n, err)
			}
			return
		}
		if err != nil {
			t.Fatalf("reference accepts the input; readCSV: %v", err)
		}
		if res.rows != int64(len(want)) {
			t.Fatalf("%d rows, reference %d", res.rows, len(want))
		}
		ref, err := segmentation.AggregateSlice(want, segmentation.Options{})
		if err != nil {
			t.Fatal(err)
		}
		gotT, err1 := segmentation.Score(res.agg, segmentation.Scoring{})
		wantT, err2 := segmentation.Score(ref, segmentation.Scoring{})
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if diff := cmp.Diff(rowsOf(gotT), rowsOf(wantT)); diff != "" {
			t.Fatalf("table differs from reference (-got +want):\n%s", diff)
		}
	})
}
