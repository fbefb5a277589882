package calendar_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/calendar"
)

// FuzzParseWindows: window text never panics; what parses prints back to
// text that parses to the same windows, and validates in a calendar.
func FuzzParseWindows(f *testing.F) {
	for _, s := range []string{"08:30-12:00, 13:00-17:00", "00:00-24:00", "22:00-06:00", "9:00-17:00", "", "24:00-01:00", "12:00-12:00", "1:2-3:4", "-", ",", "08:30-12:00,11:00-13:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ws, err := calendar.ParseWindows(s)
		if err != nil {
			var ve *calendar.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("ParseWindows(%q) error %v is not a *ValidationError", s, err)
			}
			return
		}
		for _, w := range ws {
			back, err := calendar.ParseWindow(w.String())
			if err != nil || back != w {
				t.Fatalf("window %+v prints as %q, which parses to %+v, %v", w, w.String(), back, err)
			}
		}
		cfg := calendar.Config{Zone: "UTC", Versions: []calendar.Version{{Week: calendar.Week{time.Wednesday: ws}}}}
		if err := cfg.Validate(); err != nil {
			t.Fatalf("ParseWindows(%q) = %v, which does not validate: %v", s, ws, err)
		}
	})
}

// FuzzConfigJSON: a calendar decoded from JSON, the form outside input
// takes, is either refused with a *ValidationError or answers queries
// without panicking, and its answers keep Duration(a, Add(a, d)) == d.
func FuzzConfigJSON(f *testing.F) {
	f.Add([]byte(`{"Zone":"Pacific/Auckland","Versions":[{"Week":[[],["08:30-12:00","13:00-17:00"],["09:00-17:00"],[],[],["22:00-06:00"],[]],"Holidays":[{"Date":"2025-06-20","Name":"Matariki"}]}]}`),
		int64(1750000000), int64(3600e9))
	f.Add([]byte(`{"Zone":"America/New_York","Versions":[{"Week":[["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"],["00:00-24:00"]]}]}`),
		int64(1710040000), int64(-86400e9))
	f.Add([]byte(`{"Zone":"Europe/London","Versions":[{"Week":[[],["09:00-17:00"]]},{"From":"2025-03-30","Week":[[],[],["01:00-02:00"]],"Overrides":[{"Date":"2025-03-30","Windows":["00:30-02:30"]}]}]}`),
		int64(1743300000), int64(7200e9))
	f.Add([]byte(`{"Zone":"Pacific/Chatham","Versions":[{"From":"2024-01-01","Week":[["02:00-04:00"]]},{"From":"2023-01-01"}]}`), int64(0), int64(1))
	f.Add([]byte(`{"Zone":"UTC","Versions":[{}]}`), int64(1700000000), int64(60e9))
	f.Fuzz(func(t *testing.T, data []byte, unix int64, d int64) {
		var cfg calendar.Config
		if err := json.Unmarshal(data, &cfg); err != nil {
			return
		}
		c, err := calendar.New(cfg)
		if err != nil {
			if !errors.Is(err, calendar.ErrInvalid) {
				t.Fatalf("New error %v does not wrap ErrInvalid", err)
			}
			return
		}
		a := time.Unix(unix%(200*365*86400), 0) // 1770 to 2170, in and out of range
		dur := time.Duration(d % int64(400*24*time.Hour))
		if _, err := c.IsWorking(a); err != nil {
			var de *calendar.DateError
			if !errors.As(err, &de) {
				t.Fatalf("IsWorking error %v is not a *DateError", err)
			}
			return
		}
		r, err := c.Add(a, dur)
		if err != nil {
			return // no working time, or the range ends: reported, not wrong
		}
		back, err := c.Duration(a, r)
		if err != nil {
			t.Fatalf("Duration(a, Add(a, d)): %v", err)
		}
		if back != dur {
			t.Fatalf("Duration(a, Add(a, %v) = %v) = %v", dur, r, back)
		}
		if n, err := c.NextWorking(a); err == nil {
			if w, err := c.IsWorking(n); err != nil || !w {
				t.Fatalf("NextWorking(%v) = %v is not working (%v)", a, n, err)
			}
		}
		if _, err := c.Day(calendar.DateOf(a.In(c.Location()))); err != nil {
			var de *calendar.DateError
			if !errors.As(err, &de) {
				t.Fatalf("Day error %v is not a *DateError", err)
			}
		}
	})
}
