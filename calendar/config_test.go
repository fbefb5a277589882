package calendar_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/calendar"
)

func clock(h, m int) calendar.Clock { return calendar.Clock{Hour: h, Minute: m} }

func win(oh, om, ch, cm int) calendar.Window {
	return calendar.Window{Open: clock(oh, om), Close: clock(ch, cm)}
}

func TestConfigValidate(t *testing.T) {
	nine5 := []calendar.Window{win(9, 0, 17, 0)}
	week := calendar.MondayToFriday(nine5...)
	valid := func() calendar.Config {
		return calendar.Config{Name: "office", Zone: "Europe/London", Versions: []calendar.Version{{Week: week}}}
	}
	tests := []struct {
		name      string
		edit      func(*calendar.Config)
		wantField string
		wantValue string
	}{
		{"no zone", func(c *calendar.Config) { c.Zone = "" }, "Zone", ""},
		{"local zone", func(c *calendar.Config) { c.Zone = "Local" }, "Zone", "Local"},
		{"unknown zone", func(c *calendar.Config) { c.Zone = "Europe/Atlantis" }, "Zone", "Europe/Atlantis"},
		{"no versions", func(c *calendar.Config) { c.Versions = nil }, "Versions", ""},
		{"close before open", func(c *calendar.Config) {
			c.Versions[0].Week[time.Tuesday] = []calendar.Window{win(17, 0, 9, 0)}
		}, "Versions[0].Week[Tuesday][0]", "17:00-09:00"},
		{"empty window", func(c *calendar.Config) {
			c.Versions[0].Week[time.Tuesday] = []calendar.Window{win(9, 0, 9, 0)}
		}, "Versions[0].Week[Tuesday][0]", "09:00-09:00"},
		{"zero window", func(c *calendar.Config) {
			c.Versions[0].Week[time.Sunday] = []calendar.Window{{}}
		}, "Versions[0].Week[Sunday][0]", "00:00-00:00"},
		{"hour 25", func(c *calendar.Config) {
			c.Versions[0].Week[time.Monday] = []calendar.Window{win(9, 0, 25, 0)}
		}, "Versions[0].Week[Monday][0]", "09:00-25:00"},
		{"minute 60", func(c *calendar.Config) {
			c.Versions[0].Week[time.Monday] = []calendar.Window{win(9, 60, 17, 0)}
		}, "Versions[0].Week[Monday][0]", "09:60-17:00"},
		{"24:30", func(c *calendar.Config) {
			c.Versions[0].Week[time.Monday] = []calendar.Window{win(9, 0, 24, 30)}
		}, "Versions[0].Week[Monday][0]", "09:00-24:30"},
		{"open at 24:00", func(c *calendar.Config) {
			c.Versions[0].Week[time.Monday] = []calendar.Window{{Open: clock(24, 0), Close: clock(1, 0), Overnight: true}}
		}, "Versions[0].Week[Monday][0]", "24:00-01:00"},
		{"overnight not before open", func(c *calendar.Config) {
			c.Versions[0].Week[time.Monday] = []calendar.Window{{Open: clock(22, 0), Close: clock(23, 0), Overnight: true}}
		}, "Versions[0].Week[Monday][0]", "22:00-23:00"},
		{"overnight to 00:00", func(c *calendar.Config) {
			c.Versions[0].Week[time.Monday] = []calendar.Window{{Open: clock(22, 0), Close: clock(0, 0), Overnight: true}}
		}, "Versions[0].Week[Monday][0]", "22:00-00:00"},
		{"overlapping windows", func(c *calendar.Config) {
			c.Versions[0].Week[time.Wednesday] = []calendar.Window{win(13, 0, 17, 0), win(8, 30, 13, 30)}
		}, "Versions[0].Week[Wednesday][0]", "13:00-17:00"},
		{"overnight into the next day's window", func(c *calendar.Config) {
			c.Versions[0].Week[time.Friday] = []calendar.Window{{Open: clock(22, 0), Close: clock(6, 0), Overnight: true}}
			c.Versions[0].Week[time.Saturday] = []calendar.Window{win(5, 0, 12, 0)}
		}, "Versions[0].Week[Friday]", "22:00-06:00"},
		{"overnight Saturday into Sunday", func(c *calendar.Config) {
			c.Versions[0].Week[time.Saturday] = []calendar.Window{{Open: clock(22, 0), Close: clock(6, 0), Overnight: true}}
			c.Versions[0].Week[time.Sunday] = []calendar.Window{win(5, 0, 12, 0)}
		}, "Versions[0].Week[Saturday]", "22:00-06:00"},
		{"second version without From", func(c *calendar.Config) {
			c.Versions = append(c.Versions, calendar.Version{Week: week})
		}, "Versions[1].From", ""},
		{"versions out of order", func(c *calendar.Config) {
			c.Versions[0].From = date(2024, 1, 1)
			c.Versions = append(c.Versions, calendar.Version{From: date(2023, 1, 1), Week: week})
		}, "Versions[1].From", "2023-01-01"},
		{"versions on the same day", func(c *calendar.Config) {
			c.Versions[0].From = date(2024, 1, 1)
			c.Versions = append(c.Versions, calendar.Version{From: date(2024, 1, 1), Week: week})
		}, "Versions[1].From", "2024-01-01"},
		{"no such From", func(c *calendar.Config) { c.Versions[0].From = date(2023, 2, 29) }, "Versions[0].From", "2023-02-29"},
		{"From out of range", func(c *calendar.Config) { c.Versions[0].From = date(1850, 1, 1) }, "Versions[0].From", "1850-01-01"},
		{"holiday before the version", func(c *calendar.Config) {
			c.Versions[0].From = date(2024, 1, 1)
			c.Versions[0].Holidays = []calendar.Holiday{{Date: date(2023, 12, 25), Name: "Christmas"}}
		}, "Versions[0].Holidays[0].Date", "2023-12-25"},
		{"holiday after the version", func(c *calendar.Config) {
			c.Versions = append(c.Versions, calendar.Version{From: date(2024, 1, 1), Week: week})
			c.Versions[0].Holidays = []calendar.Holiday{{Date: date(2024, 12, 25), Name: "Christmas"}}
		}, "Versions[0].Holidays[0].Date", "2024-12-25"},
		{"holiday without a name", func(c *calendar.Config) {
			c.Versions[0].Holidays = []calendar.Holiday{{Date: date(2024, 12, 25)}}
		}, "Versions[0].Holidays[0].Name", ""},
		{"nil holiday set", func(c *calendar.Config) {
			c.Versions[0].HolidaySets = []calendar.HolidaySet{nil}
		}, "Versions[0].HolidaySets[0]", ""},
		{"two overrides of a day", func(c *calendar.Config) {
			c.Versions[0].Overrides = []calendar.Override{{Date: date(2024, 12, 24)}, {Date: date(2024, 12, 24)}}
		}, "Versions[0].Overrides[1].Date", "2024-12-24"},
		{"override with overlapping windows", func(c *calendar.Config) {
			c.Versions[0].Overrides = []calendar.Override{{Date: date(2024, 12, 24), Windows: []calendar.Window{win(9, 0, 12, 0), win(11, 0, 13, 0)}}}
		}, "Versions[0].Overrides[0].Windows[1]", "11:00-13:00"},
		{"override with no such date", func(c *calendar.Config) {
			c.Versions[0].Overrides = []calendar.Override{{Date: date(2024, 4, 31)}}
		}, "Versions[0].Overrides[0].Date", "2024-04-31"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := valid()
			tt.edit(&cfg)
			err := cfg.Validate()
			var fe *calendar.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate() = %v, want a *FieldError", err)
			}
			want := calendar.FieldError{Record: "Config", ID: "office", Field: tt.wantField, Value: tt.wantValue, Err: calendar.ErrInvalid}
			if tt.wantValue == "" {
				want.Value = nil // a missing value
			}
			if diff := cmp.Diff(*fe, want, cmpopts.EquateErrors(), cmpopts.IgnoreFields(calendar.FieldError{}, "Reason")); diff != "" {
				t.Errorf("field error mismatch (-got +want):\n%s\nerror: %v", diff, err)
			}
			if fe.Reason == "" {
				t.Errorf("%v: no reason given", err)
			}
			if !errors.Is(err, calendar.ErrInvalid) {
				t.Errorf("errors.Is(err, ErrInvalid) = false for %v", err)
			}
			if c, err2 := calendar.New(cfg); c != nil || err2 == nil {
				t.Errorf("New accepted an invalid config")
			}
		})
	}
	if err := valid().Validate(); err != nil {
		t.Errorf("valid config: %v", err)
	}
}

// Every fault is reported, not only the first.
func TestConfigValidateReportsAll(t *testing.T) {
	cfg := calendar.Config{Zone: "Nowhere/Special", Versions: []calendar.Version{{
		Week:     calendar.Week{time.Monday: {win(10, 0, 9, 0)}},
		Holidays: []calendar.Holiday{{Date: date(2024, 2, 30), Name: "x"}},
	}}}
	err := cfg.Validate()
	var fields []string
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var fe *calendar.FieldError
		if errors.As(e, &fe) {
			fields = append(fields, fe.Field)
		}
	}
	want := []string{"Zone", "Versions[0].Week[Monday][0]", "Versions[0].Holidays[0].Date"}
	if diff := cmp.Diff(fields, want); diff != "" {
		t.Errorf("fields mismatch (-got +want):\n%s", diff)
	}
}

// A Config decodes from JSON: Date, Clock and Window are text.
func TestConfigJSON(t *testing.T) {
	const text = `{
		"Name": "london",
		"Zone": "Europe/London",
		"Versions": [{
			"Week": [[], ["09:00-12:30", "13:30-17:00"], ["09:00-17:00"], ["09:00-17:00"], ["09:00-17:00"], ["22:00-06:00"], []],
			"Holidays": [{"Date": "2024-12-27", "Name": "Shutdown"}],
			"Overrides": [{"Date": "2024-12-24", "Windows": ["09:00-13:00"], "Reason": "Christmas Eve"}]
		}]
	}`
	var cfg calendar.Config
	if err := json.Unmarshal([]byte(text), &cfg); err != nil {
		t.Fatal(err)
	}
	want := calendar.Config{Name: "london", Zone: "Europe/London", Versions: []calendar.Version{{
		Week: calendar.Week{
			{},
			{win(9, 0, 12, 30), win(13, 30, 17, 0)},
			{win(9, 0, 17, 0)}, {win(9, 0, 17, 0)}, {win(9, 0, 17, 0)},
			{{Open: clock(22, 0), Close: clock(6, 0), Overnight: true}},
			{},
		},
		Holidays:  []calendar.Holiday{{Date: date(2024, 12, 27), Name: "Shutdown"}},
		Overrides: []calendar.Override{{Date: date(2024, 12, 24), Windows: []calendar.Window{win(9, 0, 13, 0)}, Reason: "Christmas Eve"}},
	}}}
	if diff := cmp.Diff(cfg, want); diff != "" {
		t.Errorf("decoded config mismatch (-got +want):\n%s", diff)
	}
	if err := cfg.Validate(); err != nil {
		t.Error(err)
	}
	var bad calendar.Config
	err := json.Unmarshal([]byte(`{"Versions":[{"Week":[["9-5"]]}]}`), &bad)
	var fe *calendar.FieldError
	if !errors.As(err, &fe) || fe.Value != "9-5" || fe.Record != "Window" {
		t.Errorf("decoding a bad window: err = %v, want a *FieldError naming it", err)
	}
}

// windowsEvery returns n windows of one minute, one every step minutes
// from midnight.
func windowsEvery(n, step int) []calendar.Window {
	ws := make([]calendar.Window, n)
	for i := range ws {
		m := i * step
		ws[i] = calendar.Window{Open: clock(m/60, m%60), Close: clock((m+1)/60, (m+1)%60)}
	}
	return ws
}

// A day has at most MaxWindows windows, in a Week, in an Override and in
// ParseWindows: 720 one-minute windows a weekday once made a year's table
// take 6.7 MB.
func TestMaxWindows(t *testing.T) {
	atLimit := windowsEvery(calendar.MaxWindows, 2)
	over := windowsEvery(calendar.MaxWindows+1, 2)
	hostile := windowsEvery(720, 2)
	cfg := func(week calendar.Week, o ...calendar.Override) calendar.Config {
		return calendar.Config{Name: "busy", Zone: "Pacific/Auckland", Versions: []calendar.Version{{Week: week, Overrides: o}}}
	}
	christmasEve := calendar.Date{Year: 2025, Month: time.December, Day: 24}
	if _, err := calendar.New(cfg(calendar.EveryDay(atLimit...), calendar.Override{Date: christmasEve, Windows: atLimit})); err != nil {
		t.Fatalf("MaxWindows windows a day: %v", err)
	}
	tests := []struct {
		name      string
		cfg       calendar.Config
		wantField string
		wantValue int
	}{
		{"one over, Monday", cfg(calendar.Week{time.Monday: over}), "Versions[0].Week[Monday]", calendar.MaxWindows + 1},
		{"720 a weekday", cfg(calendar.MondayToFriday(hostile...)), "Versions[0].Week[Monday]", 720},
		{"one over, an override", cfg(calendar.Week{}, calendar.Override{Date: christmasEve, Windows: over}), "Versions[0].Overrides[0].Windows", calendar.MaxWindows + 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := calendar.New(tt.cfg)
			var fe *calendar.FieldError
			if c != nil || !errors.As(err, &fe) || !errors.Is(err, calendar.ErrInvalid) {
				t.Fatalf("New = %v, %v; want a *FieldError wrapping ErrInvalid", c, err)
			}
			want := calendar.FieldError{Record: "Config", ID: "busy", Field: tt.wantField, Value: tt.wantValue, Reason: "too many windows: a day has at most 48", Err: calendar.ErrInvalid}
			if diff := cmp.Diff(*fe, want, cmpopts.EquateErrors()); diff != "" {
				t.Errorf("field error mismatch (-got +want):\n%s", diff)
			}
		})
	}

	// The fault is reported once a day, whatever the number of windows:
	// a week of five long days is five errors.
	err := cfg(calendar.MondayToFriday(hostile...)).Validate()
	if got := strings.Count(err.Error(), "too many windows"); got != 5 {
		t.Errorf("Validate reported %d faults, want 5: %v", got, err)
	}
}
