package escalation_test

import (
	"encoding"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// warnValidConfig is a configuration that uses every field.
func warnValidConfig() escalation.DetectorConfig {
	return escalation.DetectorConfig{
		Window: time.Hour, Hold: time.Minute,
		Raise:   escalation.Threshold{Accounts: 3, Impact: warnDec("6")},
		Clear:   escalation.Threshold{Accounts: 1, Impact: warnDec("2")},
		Weights: map[account.Tier]decimal.Decimal{1: warnDec("3"), 2: warnDec("1")},
	}
}

// warnFields returns the Field of every FieldError that err joins,
// checking each wraps ErrInvalid.
func warnFields(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	var walk func(error)
	walk = func(err error) {
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			if _, fe := err.(*account.FieldError); !fe {
				for _, e := range j.Unwrap() {
					walk(e)
				}
				return
			}
		}
		var fe *account.FieldError
		if !errors.As(err, &fe) {
			t.Fatalf("%v is not a FieldError", err)
		}
		if !errors.Is(err, escalation.ErrInvalid) {
			t.Errorf("%v does not wrap ErrInvalid", err)
		}
		out = append(out, fe.Field)
	}
	if err != nil {
		walk(err)
	}
	return out
}

func TestDetectorConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name   string
		change func(*escalation.DetectorConfig)
		fields []string // nil: valid
	}{
		{"valid", func(*escalation.DetectorConfig) {}, nil},
		{"zero window", func(c *escalation.DetectorConfig) { c.Window = 0 }, []string{"Window"}},
		{"negative window", func(c *escalation.DetectorConfig) { c.Window = -time.Second }, []string{"Window"}},
		{"least window", func(c *escalation.DetectorConfig) { c.Window = 1 }, nil},
		{"longest window", func(c *escalation.DetectorConfig) { c.Window = escalation.MaxWarningSpan }, nil},
		{"window too long", func(c *escalation.DetectorConfig) { c.Window = escalation.MaxWarningSpan + 1 }, []string{"Window"}},
		{"zero hold", func(c *escalation.DetectorConfig) { c.Hold = 0 }, nil},
		{"negative hold", func(c *escalation.DetectorConfig) { c.Hold = -1 }, []string{"Hold"}},
		{"longest hold", func(c *escalation.DetectorConfig) { c.Hold = escalation.MaxWarningSpan }, nil},
		{"hold too long", func(c *escalation.DetectorConfig) { c.Hold = escalation.MaxWarningSpan + 1 }, []string{"Hold"}},
		{"no raise threshold", func(c *escalation.DetectorConfig) { c.Raise, c.Clear = escalation.Threshold{}, escalation.Threshold{} }, []string{"Raise"}},
		{"negative accounts", func(c *escalation.DetectorConfig) { c.Raise.Accounts = -1 }, []string{"Raise.Accounts", "Clear.Accounts"}},
		{"one account", func(c *escalation.DetectorConfig) { c.Raise.Accounts, c.Clear.Accounts = 1, 0 }, nil},
		{"accounts only", func(c *escalation.DetectorConfig) {
			c.Raise.Impact, c.Clear.Impact, c.Weights = decimal.Zero, decimal.Zero, nil
		}, nil},
		{"impact only", func(c *escalation.DetectorConfig) { c.Raise.Accounts, c.Clear.Accounts = 0, 0 }, nil},
		{"clear accounts negative", func(c *escalation.DetectorConfig) { c.Clear.Accounts = -1 }, []string{"Clear.Accounts"}},
		{"clear accounts at raise", func(c *escalation.DetectorConfig) { c.Clear.Accounts = 3 }, []string{"Clear.Accounts"}},
		{"clear accounts just below raise", func(c *escalation.DetectorConfig) { c.Clear.Accounts = 2 }, nil},
		{"clear accounts without raise accounts", func(c *escalation.DetectorConfig) { c.Raise.Accounts = 0 }, []string{"Clear.Accounts"}},
		{"negative impact", func(c *escalation.DetectorConfig) { c.Raise.Impact = warnDec("-1") }, []string{"Raise.Impact", "Clear.Impact"}},
		{"largest impact", func(c *escalation.DetectorConfig) { c.Raise.Impact = decimal.NewFromInt(escalation.MaxImpact) }, nil},
		{"impact too large", func(c *escalation.DetectorConfig) { c.Raise.Impact = warnDec("1000000000000.000001") }, []string{"Raise.Impact"}},
		{"impact in millionths", func(c *escalation.DetectorConfig) { c.Raise.Impact = warnDec("6.000001") }, nil},
		{"impact too fine", func(c *escalation.DetectorConfig) { c.Raise.Impact = warnDec("6.0000001") }, []string{"Raise.Impact"}},
		{"impact trailing zeros", func(c *escalation.DetectorConfig) { c.Raise.Impact = warnDec("6.0000000000") }, nil},
		{"clear impact negative", func(c *escalation.DetectorConfig) { c.Clear.Impact = warnDec("-0.000001") }, []string{"Clear.Impact"}},
		{"clear impact at raise", func(c *escalation.DetectorConfig) { c.Clear.Impact = warnDec("6") }, []string{"Clear.Impact"}},
		{"clear impact just below raise", func(c *escalation.DetectorConfig) { c.Clear.Impact = warnDec("5.999999") }, nil},
		{"clear impact too fine", func(c *escalation.DetectorConfig) { c.Clear.Impact = warnDec("1.0000001") }, []string{"Clear.Impact"}},
		{"clear impact without raise impact", func(c *escalation.DetectorConfig) { c.Raise.Impact = decimal.Zero }, []string{"Clear.Impact"}},
		{"impact without weights", func(c *escalation.DetectorConfig) { c.Weights = nil }, []string{"Weights"}},
		{"zero weight", func(c *escalation.DetectorConfig) { c.Weights[2] = decimal.Zero }, []string{"Weights[tier 2]"}},
		{"negative weight", func(c *escalation.DetectorConfig) { c.Weights[1] = warnDec("-1") }, []string{"Weights[tier 1]"}},
		{"least weight", func(c *escalation.DetectorConfig) { c.Weights[1] = warnDec("0.000001") }, nil},
		{"largest weight", func(c *escalation.DetectorConfig) { c.Weights[1] = decimal.NewFromInt(escalation.MaxWeight) }, nil},
		{"weight too large", func(c *escalation.DetectorConfig) { c.Weights[1] = warnDec("1000000.000001") }, []string{"Weights[tier 1]"}},
		{"weight too fine", func(c *escalation.DetectorConfig) { c.Weights[0] = warnDec("0.0000001") }, []string{"Weights[unassigned]"}},
		{"weights without impact", func(c *escalation.DetectorConfig) { c.Raise.Impact, c.Clear.Impact = decimal.Zero, decimal.Zero }, nil},
		{"many faults", func(c *escalation.DetectorConfig) {
			c.Window, c.Hold, c.Weights[3], c.Weights[1] = 0, -1, warnDec("0"), warnDec("-2")
		}, []string{"Window", "Hold", "Weights[tier 1]", "Weights[tier 3]"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := warnValidConfig()
			tc.change(&c)
			err := c.Validate()
			if diff := cmp.Diff(tc.fields, warnFields(t, err)); diff != "" {
				t.Fatalf("fields at fault (-want +got):\n%s\n%v", diff, err)
			}
			d, nerr := escalation.NewDetector(c)
			if (nerr == nil) != (err == nil) || (err == nil) == (d == nil) {
				t.Errorf("NewDetector: %v, %v; Validate: %v", d, nerr, err)
			}
		})
	}
}

func TestDetectorConfigErrorText(t *testing.T) {
	for _, tc := range []struct {
		change func(*escalation.DetectorConfig)
		want   string
	}{
		{func(c *escalation.DetectorConfig) { c.Clear.Accounts = 3 },
			`escalation: invalid input: DetectorConfig: Clear.Accounts 3: must be less than Raise.Accounts (3)`},
		{func(c *escalation.DetectorConfig) { c.Weights[2] = decimal.Zero },
			`escalation: invalid input: DetectorConfig: Weights[tier 2] 0: must be more than zero`},
		{func(c *escalation.DetectorConfig) { c.Weights[2] = warnDec("-1") },
			`escalation: invalid input: DetectorConfig: Weights[tier 2] -1: must not be negative`},
	} {
		c := warnValidConfig()
		tc.change(&c)
		if err := c.Validate(); err == nil || err.Error() != tc.want {
			t.Errorf("Validate() = %v, want %s", err, tc.want)
		}
	}
}

func TestDetectorBadOccurrence(t *testing.T) {
	good := escalation.Occurrence{Issue: "I-9", Account: "acme", Tier: 1, Category: "network", Service: "vpn", At: warnAt(10)}
	for _, tc := range []struct {
		name   string
		change func(*escalation.Occurrence)
		field  string // "": valid
		late   bool
	}{
		{"valid", func(*escalation.Occurrence) {}, "", false},
		{"no issue", func(o *escalation.Occurrence) { o.Issue = "" }, "Issue", false},
		{"issue with a tab", func(o *escalation.Occurrence) { o.Issue = "I\t9" }, "Issue", false},
		{"issue with a delete", func(o *escalation.Occurrence) { o.Issue = "I\x7f9" }, "Issue", false},
		{"issue with inner space", func(o *escalation.Occurrence) { o.Issue = "I 9" }, "", false},
		{"issue of 64 bytes, with a delete", func(o *escalation.Occurrence) { o.Issue = strings.Repeat("x", 63) + "\x7f" }, "Issue", false},
		{"issue of 65 bytes, with a delete", func(o *escalation.Occurrence) { o.Issue = strings.Repeat("x", 64) + "\x7f" }, "Issue", false},
		{"issue with trailing space", func(o *escalation.Occurrence) { o.Issue = "I-9 " }, "Issue", false},
		{"issue in Unicode", func(o *escalation.Occurrence) { o.Issue = "Störung-9" }, "", false},
		{"issue too long", func(o *escalation.Occurrence) { o.Issue = strings.Repeat("x", account.MaxIDLen+1) }, "Issue", false},
		{"longest issue", func(o *escalation.Occurrence) { o.Issue = strings.Repeat("x", account.MaxIDLen) }, "", false},
		{"no account", func(o *escalation.Occurrence) { o.Account = "" }, "Account", false},
		{"account with leading space", func(o *escalation.Occurrence) { o.Account = " acme" }, "Account", false},
		{"no group", func(o *escalation.Occurrence) { o.Category, o.Service = "", "" }, "Category", false},
		{"category only", func(o *escalation.Occurrence) { o.Service = "" }, "", false},
		{"service only", func(o *escalation.Occurrence) { o.Category = "" }, "", false},
		{"bad category", func(o *escalation.Occurrence) { o.Category = "net\x00work" }, "Category", false},
		{"bad service", func(o *escalation.Occurrence) { o.Service = "\xff" }, "Service", false},
		{"tier without weight", func(o *escalation.Occurrence) { o.Tier = 3 }, "Tier", false},
		{"unassigned without weight", func(o *escalation.Occurrence) { o.Tier = 0 }, "Tier", false},
		{"zero instant", func(o *escalation.Occurrence) { o.At = time.Time{} }, "At", false},
		{"before 1900", func(o *escalation.Occurrence) { o.At = time.Date(1899, 12, 31, 23, 59, 59, 0, time.UTC) }, "At", false},
		{"after 2100", func(o *escalation.Occurrence) { o.At = time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC) }, "At", false},
		{"late", func(o *escalation.Occurrence) { o.At = warnAt(5).Add(-time.Nanosecond) }, "At", true},
		{"at the clock", func(o *escalation.Occurrence) { o.At = warnAt(5) }, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDetector(t, warnValidConfig())
			warnFeed(t, d, warnOcc("I-1", "a", 5))
			o := good
			tc.change(&o)
			ws, err := d.Add(o)
			got := warnFields(t, err)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("Add: %v", err)
				}
				return
			}
			if diff := cmp.Diff([]string{tc.field}, got); diff != "" || ws != nil {
				t.Fatalf("fields at fault (-want +got):\n%s\n%v", diff, err)
			}
			var fe *account.FieldError
			errors.As(err, &fe)
			if fe.Record != "Occurrence" || fe.ID != o.Issue {
				t.Errorf("error names %s %q, want the occurrence %q", fe.Record, fe.ID, o.Issue)
			}
			if errors.Is(err, escalation.ErrLateOccurrence) != tc.late {
				t.Errorf("errors.Is(%v, ErrLateOccurrence) = %v, want %v", err, !tc.late, tc.late)
			}
			// The bad occurrence changed nothing: the detector goes on as
			// if it had not come.
			want := warnFeed(t, func() *escalation.Detector {
				d := mustDetector(t, warnValidConfig())
				warnFeed(t, d, warnOcc("I-1", "a", 5))
				return d
			}(), warnOcc("I-2", "b", 6), warnOcc("I-3", "c", 7))
			if diff := cmp.Diff(want, warnFeed(t, d, warnOcc("I-2", "b", 6), warnOcc("I-3", "c", 7))); diff != "" {
				t.Errorf("after the bad occurrence (-want +got):\n%s", diff)
			}
		})
	}
}

func TestDetectorLateErrorText(t *testing.T) {
	d := mustDetector(t, warnValidConfig())
	warnFeed(t, d, warnOcc("I-1", "a", 5))
	_, err := d.Add(warnOcc("I-0", "a", 4))
	want := `escalation: occurrence out of order: Occurrence "I-0": At 2025-06-02 09:04:00 +0000 UTC: ` +
		`is before the detector's clock, 2025-06-02T09:05:00Z (occurrence 1 of the stream, counting from 0)`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestDetectorAdvanceErrors(t *testing.T) {
	d := mustDetector(t, warnValidConfig())
	warnFeed(t, d, warnOcc("I-1", "a", 5))
	for _, tc := range []struct {
		name string
		at   time.Time
		late bool
	}{
		{"before the clock", warnAt(5).Add(-1), true},
		{"zero", time.Time{}, false},
		{"after 2100", time.Date(2101, 1, 1, 0, 0, 0, 0, time.UTC), false},
	} {
		ws, err := d.Advance(tc.at)
		if diff := cmp.Diff([]string{"t"}, warnFields(t, err)); diff != "" || ws != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
		if errors.Is(err, escalation.ErrLateOccurrence) != tc.late {
			t.Errorf("%s: errors.Is(%v, ErrLateOccurrence) != %v", tc.name, err, tc.late)
		}
	}
	if _, err := d.Advance(warnAt(5)); err != nil {
		t.Errorf("Advance to the clock: %v", err)
	}
	if !d.Now().Equal(warnAt(5)) {
		t.Errorf("Now() = %v after failed advances", d.Now())
	}
}

func TestZeroDetector(t *testing.T) {
	var d escalation.Detector
	if _, err := d.Add(warnOcc("I-1", "a", 0)); !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("Add: %v", err)
	}
	if _, err := d.Advance(warnT0); !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("Advance: %v", err)
	}
	if _, err := d.MarshalBinary(); !errors.Is(err, escalation.ErrInvalid) {
		t.Errorf("MarshalBinary: %v", err)
	}
	if d.Len() != 0 || d.Active() != nil {
		t.Errorf("Len %d, Active %v", d.Len(), d.Active())
	}
}

func TestDimensionAndStepKindText(t *testing.T) {
	for _, tc := range []struct {
		v    interface{ String() string }
		want string
	}{
		{escalation.DimensionCategory, "category"}, {escalation.DimensionService, "service"},
		{escalation.Dimension(0), "%!Dimension(0)"}, {escalation.Dimension(3), "%!Dimension(3)"},
		{escalation.WarningStepCounted, "counted"}, {escalation.WarningStepRaised, "raised"},
		{escalation.WarningStepExpired, "expired"}, {escalation.WarningStepCleared, "cleared"},
		{escalation.WarningStepKind(5), "%!WarningStepKind(5)"},
	} {
		if got := tc.v.String(); got != tc.want {
			t.Errorf("String() = %q, want %q", got, tc.want)
		}
	}
	// Names round-trip as text; others, and unknown values, are errors
	// that leave the value as it was.
	for _, tc := range []struct {
		good, unknown encoding.TextMarshaler
		into          interface {
			encoding.TextUnmarshaler
			String() string
		}
		name, bad string
	}{
		{escalation.DimensionCategory, escalation.Dimension(9), new(escalation.Dimension), "category", "Category"},
		{escalation.WarningStepCleared, escalation.WarningStepKind(9), new(escalation.WarningStepKind), "cleared", "gone"},
	} {
		if b, err := tc.good.MarshalText(); err != nil || string(b) != tc.name {
			t.Errorf("MarshalText() = %s, %v, want %s", b, err, tc.name)
		}
		if _, err := tc.unknown.MarshalText(); !errors.Is(err, escalation.ErrInvalid) {
			t.Errorf("MarshalText() of %v = %v, want ErrInvalid", tc.unknown, err)
		}
		if err := tc.into.UnmarshalText([]byte(tc.name)); err != nil || tc.into.String() != tc.name {
			t.Errorf("UnmarshalText(%s) = %v, %v", tc.name, tc.into, err)
		}
		if err := tc.into.UnmarshalText([]byte(tc.bad)); !errors.Is(err, escalation.ErrInvalid) || tc.into.String() != tc.name {
			t.Errorf("UnmarshalText(%s) = %v, %v", tc.bad, tc.into, err)
		}
	}
}

// An impact-only warning names no account threshold in its steps.
func TestWarningTextImpactOnly(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Impact: warnDec("4")},
		Clear: escalation.Threshold{Impact: warnDec("1.5")}, Weights: map[account.Tier]decimal.Decimal{1: warnDec("2")}}
	d := mustDetector(t, c)
	warnFeed(t, d, warnOcc("I-1", "a", 0), warnOcc("I-2", "b\"", 1))
	ws := warnAdvance(t, d, warnAt(120))
	want := `warning 1: category "network": raised 2025-06-02T09:01:00Z: 2 accounts ("a", "b\""), impact 4, first issue "I-1" at 2025-06-02T09:00:00Z, cleared 2025-06-02T10:01:00Z
	2025-06-02T09:00:00Z counted: issue "I-1", account "a" (tier 1): 1 account, impact 2
	2025-06-02T09:01:00Z counted: issue "I-2", account "b\"" (tier 1): 2 accounts, impact 4
	2025-06-02T09:01:00Z raised: 2 accounts, impact 4 (threshold 4)
	2025-06-02T10:01:00Z expired: issue "I-2", account "b\"" (tier 1): 0 accounts, impact 0
	2025-06-02T10:01:00Z cleared: 0 accounts, impact 0 (at most 1.5), stood 1h0m0s`
	if len(ws) != 1 || ws[0].Explain() != want {
		t.Fatalf("got %v\nwant\n%s", ws, want)
	}
}
