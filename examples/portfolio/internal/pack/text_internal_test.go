package pack

import (
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// TestFormats checks the one style of the text at the edges of each
// formatter.
func TestFormats(t *testing.T) {
	for _, c := range []struct{ got, want string }{
		{tier(account.Unassigned), "unassigned"},
		{tier(1), "tier 1"},
		{tier(12), "tier 12"},
		{pct(decimal.RequireFromString("0.93")), "93.0%"},
		{pct(decimal.RequireFromString("0.93049")), "93.0%"},
		{pct(decimal.RequireFromString("0.93050")), "93.1%"},
		{pct(decimal.Zero), "0.0%"},
		{pct(decimal.NewFromInt(1)), "100.0%"},
		{duration(-time.Nanosecond), "-"},
		{duration(0), "0m"},
		{duration(time.Minute - 1), "0m"},
		{duration(time.Minute), "1m"},
		{duration(time.Hour - 1), "59m"},
		{duration(time.Hour), "1h 00m"},
		{duration(24*time.Hour - 1), "23h 59m"},
		{duration(24 * time.Hour), "1d 0h 00m"},
		{duration(52*time.Hour + 5*time.Minute), "2d 4h 05m"},
		{money(account.Money{}), "-"},
		{money(account.MustParseMoney("NZD 1234.5")), "NZD 1,234.50"},
		{money(account.MustParseMoney("NZD 0")), "NZD 0.00"},
		{plural(0, "ticket"), "0 tickets"},
		{plural(1, "breach"), "1 breach"},
		{plural(2, "breach"), "2 breaches"},
		{joinIDs([]account.ID{"A", "B"}), "A, B"},
		{joinIDs(nil), ""},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
	tw := &textWriter{rep: &Report{At: DefaultAt}}
	utc := time.Date(2026, 9, 30, 21, 5, 0, 0, time.UTC)
	for _, c := range []struct{ got, want string }{
		{tw.stamp(time.Time{}), "-"},
		{tw.stamp(utc), "2026-10-01 10:05 NZDT"},
		{tw.date(utc), "2026-10-01"},
		{tw.period(Period{Name: "Q3 2026", From: time.Date(2026, 7, 1, 0, 0, 0, 0, auckland), To: time.Date(2026, 10, 1, 0, 0, 0, 0, auckland)}),
			"Q3 2026 (2026-07-01 to 2026-09-30)"},
	} {
		if c.got != c.want {
			t.Errorf("%q, want %q", c.got, c.want)
		}
	}
}
