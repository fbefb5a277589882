package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/shopspring/decimal"
)

// Dates of every era calendar.ParseDate accepts (years 1 to 9999) read
// as the proleptic Gregorian calendar has them; year 0, which
// calendar.ParseDate refuses, is refused too (FuzzParseDate checks the
// two agree on any input).
func TestParseDate(t *testing.T) {
	for _, s := range []string{"0001-01-01", "0001-03-01", "1600-02-29", "1969-12-31", "1970-01-01", "2024-02-29", "9999-12-31"} {
		day, ok := new(worker).parseDate([]byte(s))
		if !ok {
			t.Errorf("parseDate(%s): not a date", s)
			continue
		}
		if got := time.Unix(day*86400, 0).UTC().Format("2006-01-02"); got != s {
			t.Errorf("parseDate(%s) = day %d, which is %s", s, day, got)
		}
	}
	if day, _ := new(worker).parseDate([]byte("0001-01-01")); day != civil.Days(1, 1, 1) || day != -719162 {
		t.Errorf("parseDate(0001-01-01) = %d, want -719162", day)
	}
	// One worker over every 37th day of 1,000 years: its month cache,
	// which maps many months to each slot, agrees with civil.
	w := new(worker)
	for day := civil.Days(1600, 1, 1); day < civil.Days(2600, 1, 1); day += 37 {
		y, m, d := civil.Date(day)
		s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
		if got, ok := w.parseDate([]byte(s)); !ok || got != day {
			t.Fatalf("parseDate(%s) = %d, %v; want %d", s, got, ok, day)
		}
	}
	// Every month end of a 400-year cycle, through one worker's cache:
	// days 28 to 31 are dates exactly when calendar.ParseDate says so.
	for y := 1601; y <= 2000; y++ {
		for m := 1; m <= 12; m++ {
			for d := 28; d <= 31; d++ {
				s := fmt.Sprintf("%04d-%02d-%02d", y, m, d)
				_, err := calendar.ParseDate(s)
				if _, ok := w.parseDate([]byte(s)); ok != (err == nil) {
					t.Fatalf("parseDate(%s): a date %v, calendar.ParseDate error %v", s, ok, err)
				}
			}
		}
	}
	for _, s := range []string{"0000-01-01", "0000-02-29", "0000-12-31", "0000-02-30", "1900-02-29", "2025-13-01", "2025-1-01", "20250101"} {
		if _, ok := new(worker).parseDate([]byte(s)); ok {
			t.Errorf("parseDate(%s): a date", s)
		}
	}
	code, _, stderr := runCLI(t, "account_id,date,amount\nA,0000-01-01,1.00\n", "-")
	if want := "rfm: line 2: date \"0000-01-01\": want an ISO date such as 2024-02-29\n"; code != 1 || stderr != want {
		t.Errorf("year 0: exit %d, stderr %q; want 1, %q", code, stderr, want)
	}
	code, _, stderr = runCLI(t, "account_id,date,amount\nA,0001-01-01,1.00\n", "-asof", "0000-12-31", "-")
	// A bad flag value is a bad command line: exit status 2.
	if want := "rfm: invalid flag value: -asof \"0000-12-31\": no such day\n"; code != 2 || !strings.HasPrefix(stderr, want) {
		t.Errorf("-asof year 0: exit %d, stderr %q; want 2, %q", code, stderr, want)
	}
}

// Amounts are read to the ledger's scale: cents, whole units, or
// thousandths, whatever the currency's minor unit; finer amounts are
// left to the exact path.
func TestParseUnits(t *testing.T) {
	type result struct {
		Units int64
		OK    bool
	}
	for _, c := range []struct {
		in    string
		scale int
		want  result
	}{
		{"54.6", 2, result{5460, true}},
		{"-54.60", 2, result{-5460, true}},
		{"+3", 2, result{300, true}},
		{"54.605", 2, result{0, false}},
		{"1234567890123456", 2, result{123456789012345600, true}},
		{"12345678901234567", 2, result{0, false}},
		{"54", 0, result{54, true}},
		{"54.0", 0, result{0, false}},
		{"1.234", 3, result{1234, true}},
		{"1.2", 3, result{1200, true}},
		{"1.2345", 3, result{0, false}},
		{"123456789012345", 3, result{123456789012345000, true}},
		{"1234567890123456", 3, result{0, false}},
		{"1.", 2, result{0, false}},
		{".5", 2, result{0, false}},
		{"1e3", 2, result{0, false}},
	} {
		u, ok := parseUnits([]byte(c.in), c.scale)
		if diff := cmp.Diff(result{u, ok}, c.want); diff != "" {
			t.Errorf("parseUnits(%q, %d) (-got +want):\n%s", c.in, c.scale, diff)
		}
	}
}

// The dump's money column is rounded half away from zero to two decimals,
// as decimal.StringFixed rounds, whether or not the fast path takes it.
func TestAppendFixed(t *testing.T) {
	for _, s := range []string{"0", "1", "-1", "54.6", "54.605", "-54.605", "54.6049", "-0.004", "-0.005", "0.005",
		"123456789012345678", "-9223372036854775.808", "1234567890123456789.5", "0.0000000000000000001", "1E+3", "-12.3456789",
		"12345678901234567", "1234567890123456.7", "-1234567890123456.78", "0.995", "-0.995", "99999999999999999.99"} {
		d := decimal.RequireFromString(s)
		if got, want := string(appendFixed(nil, d)), d.StringFixed(2); got != want {
			t.Errorf("appendFixed(%s) = %s, want %s", s, got, want)
		}
	}
}

// Account IDs are quoted in the dump only when CSV requires it.
func TestAppendField(t *testing.T) {
	for in, want := range map[string]string{"A1": "A1", "a,b": `"a,b"`, `say "hi"`: `"say ""hi"""`, "two\nlines": "\"two\nlines\""} {
		if got := string(appendField(nil, in)); got != want {
			t.Errorf("appendField(%q) = %q, want %q", in, got, want)
		}
	}
}

// checkID's fast path for printable ASCII accepts exactly what
// account.ID.Validate accepts: every ID of one or two bytes, and IDs at
// the length limit, are judged the same both ways.
func TestCheckIDAgreesWithValidate(t *testing.T) {
	same := func(id string) {
		t.Helper()
		if got, want := checkID([]byte(id)) == "", account.ID(id).Validate() == nil; got != want {
			t.Fatalf("checkID(%q) accepts %v, account.ID.Validate accepts %v", id, got, want)
		}
	}
	for a := range 256 {
		same(string([]byte{byte(a)}))
		for b := range 256 {
			same(string([]byte{byte(a), byte(b)}))
		}
	}
	for _, n := range []int{account.MaxIDLen - 1, account.MaxIDLen, account.MaxIDLen + 1} {
		same(strings.Repeat("x", n))
		same(" " + strings.Repeat("x", n-1))
		same(strings.Repeat("x", n-1) + " ")
	}
}
