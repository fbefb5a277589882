package calendar_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// Errors stay small whatever the input: a value is quoted to 64 bytes with
// its length, and a Config with 100,000 bad windows (40 on each of 2,500
// days) reports 100 of them and how many more there were.
func TestErrorsAreBounded(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)
	limit := 1 << 10 // one field error
	check := func(what string, err error) {
		t.Helper()
		var fe *calendar.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, calendar.ErrInvalid) {
			t.Fatalf("%s: err = %v, want a *FieldError wrapping ErrInvalid", what, err)
		}
		if n := len(err.Error()); n > limit {
			t.Errorf("%s: the error is %d bytes, want at most %d", what, n, limit)
		}
		if !strings.Contains(err.Error(), "(1048576 bytes)") && !strings.Contains(err.Error(), "more errors") {
			t.Errorf("%s: %q does not say how long the value was", what, err)
		}
	}
	_, err := calendar.New(calendar.Config{Name: huge, Zone: huge, Versions: []calendar.Version{{}}})
	check("a 1 MB zone name", err)
	_, err = calendar.ParseWindow(huge)
	check("a 1 MB window", err)
	_, err = calendar.ParseWindows("09:00-17:00," + huge)
	check("a 1 MB list of windows", err)
	_, err = calendar.ParseDate(huge)
	check("a 1 MB date", err)
	_, err = calendar.ParseClock(huge)
	check("a 1 MB clock", err)
	_, err = calendar.Country(huge)
	check("a 1 MB country code", err)

	bad := make([]calendar.Window, 40) // a day has at most MaxWindows
	for i := range bad {
		bad[i] = calendar.Window{Open: calendar.Clock{Hour: 17}, Close: calendar.Clock{Hour: 9}}
	}
	overrides := make([]calendar.Override, 2500)
	for i := range overrides {
		overrides[i] = calendar.Override{Date: calendar.Date{Year: 2000, Month: time.January, Day: 1}.AddDays(i), Windows: bad}
	}
	limit = 100 * 256 // a hundred of them, each a line
	err = calendar.Config{Zone: "UTC", Versions: []calendar.Version{{Overrides: overrides}}}.Validate()
	check("100,000 bad windows", err)
	if !strings.HasSuffix(err.Error(), "and 99900 more errors") {
		t.Errorf("100,000 bad windows: the error ends %q, want the count of the rest", err.Error()[len(err.Error())-40:])
	}
	var n int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *calendar.FieldError
		if errors.As(e, &fe) {
			n++
		}
	}
	if n != 100 {
		t.Errorf("100,000 bad windows: %d field errors joined, want 100", n)
	}
}

// A DateError names the date and its cause, and is short.
func TestDateErrorText(t *testing.T) {
	c, err := calendar.AlwaysOpen("UTC")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.AddWorkingDays(calendar.Date{Year: 2100, Month: time.December, Day: 31}, 1)
	const want = "calendar: 2100-12-31: out of range: 1 working days from 2100-12-31 is after 2100-12-31"
	if err == nil || err.Error() != want {
		t.Errorf("err = %v, want %q", err, want)
	}
}
