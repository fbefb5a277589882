package clv

import (
	"errors"
	"math"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// FuzzCompareCalibration compares arbitrary summaries (read as groups by
// groupsFromBytes) with either model at arbitrary parameters: every input
// ends in a table that accounts for every summary, with expected counts
// that are not negative and sum to the number of summaries, or in a typed
// error naming the field, never a panic, a NaN or a hang.
func FuzzCompareCalibration(f *testing.F) {
	f.Add(false, 0.24, 4.41, 0.79, 2.43, 7, []byte("\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00\x0a\x02\x00\x10\x00\x00\x00\x20\x00\x00\x00\x05"))
	f.Add(true, 0.55, 10.58, 0.61, 11.67, 1000, []byte("\x05\x00\x10\x00\x00\x00\x20\x00\x00\x00\x05"))
	f.Add(true, 1e308, 1.0, 1.0, 1.0, 3, []byte("\x00\x00\x00\x00\x00\x00\x10\x00\x00\x00\x0a"))
	f.Add(false, -1.0, 1.0, 1.0, 1.0, 0, []byte("\xff\xff\x00\x00\x00\x00\x10\x00\x00\x00\x0a"))
	f.Fuzz(func(t *testing.T, pareto bool, p1, p2, p3, p4 float64, maxRepeats int, data []byte) {
		var m Model = BGNBD{p1, p2, p3, p4}
		if pareto {
			m = ParetoNBD{p1, p2, p3, p4}
		}
		var summaries []Summary
		for _, g := range groupsFromBytes(UnitWeek, data) {
			summaries = append(summaries, Summary{Unit: g.Unit, Repeats: g.Repeats, Last: g.Last, Age: g.Age})
		}
		rows, err := CompareCalibration(m, summaries, maxRepeats)
		if err != nil {
			var fe *account.FieldError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe.Field == "" || rows != nil {
				t.Fatalf("untyped error %v (rows %v)", err, rows)
			}
			return
		}
		if len(summaries) == 0 {
			if rows != nil {
				t.Fatalf("rows %v of no summaries", rows)
			}
			return
		}
		n, total := 0, decimal.Zero
		for _, r := range rows {
			if r.Expected.IsNegative() {
				t.Fatalf("row %+v", r)
			}
			n += r.Accounts
			total = total.Add(r.Expected)
		}
		e := total.InexactFloat64()
		if n != len(summaries) || len(rows) != maxRepeats+1 || math.Abs(e-float64(n)) > 1e-6*float64(n)+1e-4*float64(len(rows)) {
			t.Fatalf("%d rows hold %d accounts and %v expected, of %d", len(rows), n, total, len(summaries))
		}
	})
}
