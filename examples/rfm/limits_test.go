package main

import (
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/shopspring/decimal"
)

// -max-accounts stops the reading with an error that names the limit and
// the count, not with the runtime's abort when memory runs out; at the
// limit exactly, the file is read.
func TestMaxAccounts(t *testing.T) {
	code, out, stderr := runCLI(t, "", "-max-accounts", "20", "testdata/sample.csv")
	want := "rfm: more than 20 distinct account IDs: over the -max-accounts limit, which can be raised if memory allows\n"
	if code != 1 || out != "" || stderr != want {
		t.Errorf("-max-accounts 20: exit %d, stdout %q, stderr %q; want 1, %q", code, out, stderr, want)
	}
	if code, _, stderr := runCLI(t, "", "-json", "-max-accounts", "30", "testdata/sample.csv"); code != 0 {
		t.Errorf("-max-accounts 30 (the sample's count): exit %d, stderr %q", code, stderr)
	}
	// Two workers see 30 accounts between them: the guard adds up.
	sample, err := os.ReadFile("testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := readCSV(bytes.NewReader(sample), segmentation.Options{}, 2, false, 29); err == nil || !strings.Contains(err.Error(), "more than 29 distinct account IDs: over") {
		t.Errorf("two workers, limit 29: %v", err)
	}
	for _, v := range []string{"0", "-1"} {
		code, _, stderr := runCLI(t, "", "-max-accounts", v, "testdata/sample.csv")
		// A bad flag value is a bad command line: exit status 2.
		if want := "rfm: invalid flag value: -max-accounts " + v + ": must be at least 1\n"; code != 2 || !strings.HasPrefix(stderr, want) {
			t.Errorf("-max-accounts %s: exit %d, stderr %q; want 2, %q", v, code, stderr, want)
		}
	}
}

// A megabyte in any field gives an error of a few hundred bytes at most:
// values are quoted to 64 bytes, with their length.
func TestErrorsBounded(t *testing.T) {
	huge := strings.Repeat("9", 1<<20)
	for name, tc := range map[string]struct{ line, want string }{
		"id":     {"A" + huge + ",2025-01-01,1.00", `account_id "A999`},
		"quoted": {`"` + huge + ` ",2025-01-01,1.00`, `account_id "999`},
		"date":   {"A," + huge + ",1.00", `date "999`},
		"amount": {"A,2025-01-01,1." + huge + "x", `amount "1.999`},
		"header": {"", `header "999`},
	} {
		in := "account_id,date,amount\n" + tc.line + "\n"
		if name == "header" {
			in = huge[:4000] + "\n"
		}
		code, _, stderr := runCLI(t, in, "-")
		if code != 1 || len(stderr) > 300 || !strings.Contains(stderr, tc.want) || !strings.Contains(stderr, " bytes)") {
			t.Errorf("%s: exit %d, %d bytes of stderr %q; want 1, at most 300 bytes, quoting %s… with its length", name, code, len(stderr), stderr[:min(len(stderr), 400)], tc.want)
		}
	}
	code, _, stderr := runCLI(t, "", "-asof", huge, "testdata/sample.csv")
	if code != 2 || len(stderr) > 300 {
		t.Errorf("-asof of 1 MB: exit %d, %d bytes of stderr", code, len(stderr))
	}
	code, _, stderr = runCLI(t, "", "-ties", huge, "testdata/sample.csv")
	if code != 2 || len(stderr) > 300 {
		t.Errorf("-ties of 1 MB: exit %d, %d bytes of stderr", code, len(stderr))
	}
}

// Shares are exact decimals: an empty segment's share of a negative total
// is 0.000000, not the float ratio's -0.000000.
func TestSharesHaveNoNegativeZero(t *testing.T) {
	code, out, stderr := runCLI(t, "account_id,date,amount\nA,2025-01-02,-5.00\nB,2025-01-03,1.00\n", "-json", "-")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if strings.Contains(out, "-0.0") || !strings.Contains(out, `"monetary_share": "0.000000"`) {
		t.Errorf("a signed zero or no zero share in\n%s", out)
	}
	for _, tc := range []struct{ num, den, want string }{
		{"0", "-4", "0.000000"},
		{"-0.0000001", "1", "0.000000"},
		{"1", "3", "0.333333"},
		{"2", "3", "0.666667"},
		{"1", "0", "0.000000"},
		{"-1", "-4", "0.250000"},
		{"1", "8000000", "0.000000"},
		{"1", "2000000", "0.000001"}, // half away from zero
	} {
		if got := share(decimal.RequireFromString(tc.num), decimal.RequireFromString(tc.den)); got != tc.want {
			t.Errorf("share(%s, %s) = %s, want %s", tc.num, tc.den, got, tc.want)
		}
	}
}

// The command's fast date parser accepts exactly what calendar.ParseDate
// accepts, and reads the same day.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-29", "2023-02-29", "0000-01-01", "0001-01-01", "9999-12-31", "1900-02-29", "2000-02-29",
		"2025-00-10", "2025-12-32", "+025-01-01", "2025-1-01", "2025-01-0x", "２０２５-01-01", strings.Repeat("1", 1<<16)} {
		f.Add(s)
	}
	w := new(worker)
	f.Fuzz(func(t *testing.T, s string) {
		day, ok := w.parseDate([]byte(s))
		d, err := calendar.ParseDate(s)
		if ok != (err == nil) {
			t.Fatalf("%q: parseDate ok %v, calendar.ParseDate %v", s, ok, err)
		}
		if ok && day != civil.Days(d.Year, int(d.Month), d.Day) {
			t.Fatalf("%q: day %d, calendar.ParseDate %v", s, day, d)
		}
	})
}
