package sqlstore

import (
	"errors"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

func TestTimeArgRange(t *testing.T) {
	east := time.FixedZone("east", 3600)
	tests := []struct {
		name string
		t    time.Time
		ok   bool
	}{
		{"zero", time.Time{}, true},
		{"first microsecond of year 1", time.Date(1, 1, 1, 0, 0, 0, 1000, time.UTC), true},
		{"last second of year 0", time.Date(0, 12, 31, 23, 59, 59, 0, time.UTC), false},
		{"last microsecond of 9999", time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC), true},
		{"first instant of 10000", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), false},
		{"10000 in a zone east of UTC is 9999 in UTC", time.Date(10000, 1, 1, 0, 30, 0, 0, east), true},
	}
	for _, tt := range tests {
		for _, d := range dialects {
			arg, err := timeArg(d, "Account", "a", "Created", tt.t)
			if tt.ok != (err == nil) {
				t.Errorf("%s, %v: error = %v, want ok %v", tt.name, d, err, tt.ok)
				continue
			}
			if err != nil {
				var fe *account.FieldError
				if !errors.Is(err, ErrUnstorable) || !errors.Is(err, account.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "Created" || fe.ID != "a" {
					t.Errorf("%s, %v: error = %v, want ErrUnstorable naming Created of a", tt.name, d, err)
				}
				continue
			}
			if tt.t.IsZero() != (arg == nil) {
				t.Errorf("%s, %v: arg = %v", tt.name, d, arg)
				continue
			}
			if arg == nil {
				continue
			}
			var back time.Time
			if err := (timeCol{&back}).Scan(arg); err != nil {
				t.Errorf("%s, %v: scanning %v: %v", tt.name, d, arg, err)
			} else if !back.Equal(tt.t.Truncate(time.Microsecond)) || back.Location() != time.UTC {
				t.Errorf("%s, %v: round trip = %v, want %v in UTC", tt.name, d, back, tt.t)
			}
		}
	}
}

func TestTimeArgRoundsDown(t *testing.T) {
	before := time.Date(1969, 12, 31, 23, 59, 59, 999999999, time.UTC) // negative Unix time
	after := time.Date(2026, 3, 4, 5, 6, 7, 891234567, time.UTC)
	for _, tt := range []struct{ in, want time.Time }{
		{before, time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC)},
		{after, time.Date(2026, 3, 4, 5, 6, 7, 891234000, time.UTC)},
	} {
		for _, d := range dialects {
			arg, err := timeArg(d, "", "", "", tt.in)
			if err != nil {
				t.Fatal(err)
			}
			var back time.Time
			if err := (timeCol{&back}).Scan(arg); err != nil || !back.Equal(tt.want) {
				t.Errorf("%v: %v stored as %v, read %v (%v), want %v", d, tt.in, arg, back, err, tt.want)
			}
		}
	}
}

func TestTimeColRefuses(t *testing.T) {
	for _, src := range []any{"2026-01-01", 1.5, []byte("x"), int64(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro()), time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)} {
		var got time.Time
		if err := (timeCol{&got}).Scan(src); !errors.Is(err, ErrCorrupt) {
			t.Errorf("timeCol.Scan(%#v): error = %v, want ErrCorrupt", src, err)
		}
	}
	got := time.Now()
	if err := (timeCol{&got}).Scan(nil); err != nil || !got.IsZero() {
		t.Errorf("timeCol.Scan(nil) = %v, %v; want the zero time", got, err)
	}
	if err := (timeCol{&got}).Scan(int64(time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC).UnixMicro())); err != nil {
		t.Errorf("timeCol.Scan(last microsecond of 9999): %v", err)
	}
}

func TestParseDecimal(t *testing.T) {
	good := []string{"0", "1", "-1", "1.50", "0.001", "-0.000000000000000000000000001", "123456789012345678901234567890.5", strings.Repeat("9", maxDecimalLen)}
	for _, s := range good {
		d, err := parseDecimal(s)
		if err != nil {
			t.Errorf("parseDecimal(%q): %v", s, err)
			continue
		}
		if want := decimal.RequireFromString(s); !d.Equal(want) || d.Exponent() != want.Exponent() {
			t.Errorf("parseDecimal(%q) = %v, want %v with its scale", s, d, want)
		}
	}
	bad := []string{"", "-", ".5", "5.", "1e5", "+1", " 1", "1 ", "1.2.3", "NaN", "Infinity", "-.5", "1,000", "--1", "0x10", strings.Repeat("9", maxDecimalLen+1)}
	for _, s := range bad {
		if _, err := parseDecimal(s); !errors.Is(err, ErrCorrupt) {
			t.Errorf("parseDecimal(%q): error = %v, want ErrCorrupt", s, err)
		}
	}
}

// FuzzParseDecimal checks that parseDecimal never panics, refuses with
// ErrCorrupt, and reads back exactly what decimalText writes.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1.50", "-0.001", "1e5", "", "9999999999999999999999.99999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := parseDecimal(s)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("parseDecimal(%q): error %v does not wrap ErrCorrupt", s, err)
			}
			return
		}
		back, err := parseDecimal(decimalText(d))
		if err != nil || !back.Equal(d) {
			t.Fatalf("parseDecimal(%q) = %v, which reads back as %v, %v", s, d, back, err)
		}
	})
}

func TestScanners(t *testing.T) {
	var n int
	var tier account.Tier
	var b bool
	var m map[string]decimal.Decimal
	var l []string
	var d decimal.Decimal
	tests := []struct {
		name string
		sc   interface{ Scan(any) error }
		src  any
		ok   bool
	}{
		{"int at lo", intCol[int]{v: &n, lo: -2, hi: 2}, int64(-2), true},
		{"int at hi", intCol[int]{v: &n, lo: -2, hi: 2}, int64(2), true},
		{"int below lo", intCol[int]{v: &n, lo: -2, hi: 2}, int64(-3), false},
		{"int above hi", intCol[int]{v: &n, lo: -2, hi: 2}, int64(3), false},
		{"int from text", intCol[int]{v: &n, lo: -2, hi: 2}, "1", false},
		{"tier 255", intCol[account.Tier]{v: &tier, lo: 0, hi: 255}, int64(255), true},
		{"tier 256", intCol[account.Tier]{v: &tier, lo: 0, hi: 255}, int64(256), false},
		{"bool true", boolCol{&b}, true, true},
		{"bool 1", boolCol{&b}, int64(1), true},
		{"bool 0", boolCol{&b}, int64(0), true},
		{"bool 2", boolCol{&b}, int64(2), false},
		{"bool text", boolCol{&b}, "true", false},
		{"decimals", decimalsCol{&m}, `{"a":"1.5"}`, true},
		{"decimals bytes", decimalsCol{&m}, []byte(`{}`), true},
		{"decimals number", decimalsCol{&m}, `{"a":1.5}`, false},
		{"decimals exponent", decimalsCol{&m}, `{"a":"1e5"}`, false},
		{"decimals null", decimalsCol{&m}, `null`, false},
		{"decimals array", decimalsCol{&m}, `[]`, false},
		{"decimals int", decimalsCol{&m}, int64(1), false},
		{"strings", stringsCol{&l}, `["a","b"]`, true},
		{"strings null", stringsCol{&l}, `null`, false},
		{"strings numbers", stringsCol{&l}, `[1]`, false},
		{"strings broken", stringsCol{&l}, `["a"`, false},
		{"strings nil", stringsCol{&l}, nil, false},
		{"decimal", decimalCol{&d}, "1.25", true},
		{"decimal bytes", decimalCol{&d}, []byte("-3"), true},
		{"decimal float", decimalCol{&d}, 1.25, false},
		{"decimal NaN", decimalCol{&d}, "NaN", false},
	}
	for _, tt := range tests {
		err := tt.sc.Scan(tt.src)
		if tt.ok && err != nil {
			t.Errorf("%s: %v", tt.name, err)
		}
		if !tt.ok && !errors.Is(err, ErrCorrupt) {
			t.Errorf("%s: error = %v, want ErrCorrupt", tt.name, err)
		}
	}
}

func TestJSONColumnsEmpty(t *testing.T) {
	m := map[string]decimal.Decimal{"x": decimal.New(1, 0)}
	if err := (decimalsCol{&m}).Scan(decimalsArg(nil)); err != nil || m != nil {
		t.Errorf("empty attributes read back as %v, %v; want nil", m, err)
	}
	l := []string{"x"}
	if err := (stringsCol{&l}).Scan(stringsArg(nil)); err != nil || l != nil {
		t.Errorf("empty list read back as %v, %v; want nil", l, err)
	}
}

func TestMoneyOf(t *testing.T) {
	if _, err := moneyOf(decimal.New(1, 0), "XYZ"); !errors.Is(err, ErrCorrupt) {
		t.Errorf("moneyOf(1, XYZ): error = %v, want ErrCorrupt", err)
	}
	m, err := moneyOf(decimal.RequireFromString("0.005"), "NZD")
	if err != nil || !m.Equal(account.MustParseMoney("NZD 0.005")) {
		t.Errorf("moneyOf(0.005, NZD) = %v, %v", m, err)
	}
}

func TestRowRefuses(t *testing.T) {
	tests := []struct {
		name, field string
		fill        func(r *row)
	}{
		{"invalid UTF-8", "Name", func(r *row) { r.text("Name", "a\xffb") }},
		{"NUL", "Summary", func(r *row) { r.text("Summary", "a\x00b") }},
		{"list entry", "Regions[1]", func(r *row) { r.strings("Regions", []string{"ok", "b\x00"}) }},
		{"attribute name", "Attributes", func(r *row) {
			r.decimals("Attributes", map[string]decimal.Decimal{"z\xff": {}, "a\x00": {}})
		}},
		{"time", "At", func(r *row) { r.time("At", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)) }},
		{"first of two", "Name", func(r *row) { r.text("Name", "\x00"); r.text("Email", "\x00") }},
	}
	for _, tt := range tests {
		r := newRow(DialectSQLite, "Thing", "t-1")
		tt.fill(r)
		var fe *account.FieldError
		if !errors.Is(r.err, ErrUnstorable) || !errors.As(r.err, &fe) || fe.Field != tt.field || fe.ID != "t-1" || fe.Record != "Thing" {
			t.Errorf("%s: error = %v, want ErrUnstorable naming %s", tt.name, r.err, tt.field)
		}
	}
	// The attribute reported is the first in sorted order.
	r := newRow(DialectSQLite, "Thing", "t-1")
	r.decimals("Attributes", map[string]decimal.Decimal{"z\xff": {}, "a\x00": {}})
	var fe *account.FieldError
	if errors.As(r.err, &fe) && fe.Value != "a\x00" {
		t.Errorf("attribute reported = %q, want the first in order", fe.Value)
	}
	r = newRow(DialectSQLite, "Thing", "t-1")
	r.text("Name", "fine ünïcode")
	r.strings("Regions", []string{"APAC"})
	if r.err != nil || len(r.args) != 2 {
		t.Errorf("valid values: %v, %d args", r.err, len(r.args))
	}
}

// FuzzStoredJSON checks the decoders of JSON columns on any text: they
// never panic, refuse with ErrCorrupt, and what they accept writes back
// to text that reads back the same.
func FuzzStoredJSON(f *testing.F) {
	for _, s := range []string{`{"a":"1.5"}`, `["x","y"]`, `{}`, `[]`, `null`, `{"a":1}`, `["\u0000"]`, `{"a":"1e5"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var m map[string]decimal.Decimal
		if err := (decimalsCol{&m}).Scan(s); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("decimalsCol.Scan(%q): error %v does not wrap ErrCorrupt", s, err)
			}
		} else {
			var back map[string]decimal.Decimal
			if err := (decimalsCol{&back}).Scan(decimalsArg(m)); err != nil || len(back) != len(m) {
				t.Fatalf("decimals %v do not read back: %v, %v", m, back, err)
			}
			for k, v := range m {
				if !back[k].Equal(v) {
					t.Fatalf("decimal %q: %v read back as %v", k, v, back[k])
				}
			}
		}
		var l []string
		if err := (stringsCol{&l}).Scan([]byte(s)); err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("stringsCol.Scan(%q): error %v does not wrap ErrCorrupt", s, err)
			}
		} else if !utf8.ValidString(strings.Join(l, "")) {
			t.Fatalf("stringsCol.Scan(%q) = %q: invalid UTF-8 from JSON", s, l)
		}
	})
}
