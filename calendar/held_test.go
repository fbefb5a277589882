package calendar

import (
	"sync"
	"testing"
	"time"
)

// heldBytes returns the number of tables c holds and their bytes, counted
// afresh.
func heldBytes(c *Calendar) (n int, bytes int64) {
	for i := range c.years {
		if t := c.years[i].Load(); t != nil {
			n++
			bytes += t.size()
		}
	}
	return n, bytes
}

// busiest returns a calendar with MaxWindows one-minute windows every day,
// in UTC, so that a day is exactly MaxWindows minutes of business time.
func busiest(t *testing.T) *Calendar {
	t.Helper()
	ws := make([]Window, MaxWindows)
	for i := range ws {
		ws[i] = Window{Open: clockOf(30 * i), Close: clockOf(30*i + 1)}
	}
	c, err := New(Config{Zone: "UTC", Versions: []Version{{Week: EveryDay(ws...)}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// A Duration across the whole range on the busiest calendar allowed keeps
// at most maxHeld bytes of tables, and answers the same when it has to
// build again the years it dropped.
func TestTablesHeldAreBounded(t *testing.T) {
	c := busiest(t)
	a := time.Date(MinYear, 1, 1, 0, 0, 0, 0, time.UTC)
	b := time.Date(MaxYear, 12, 31, 0, 0, 0, 0, time.UTC)
	want := time.Duration(b.Sub(a)/(24*time.Hour)) * MaxWindows * time.Minute
	for run := range 2 {
		got, err := c.Duration(a, b)
		if err != nil || got != want {
			t.Fatalf("run %d: Duration = %v, %v; want %v", run, got, err, want)
		}
		n, bytes := heldBytes(c)
		if bytes != c.held || bytes > maxHeld || n >= MaxYear-MinYear+1 {
			t.Fatalf("run %d: %d tables of %d bytes held (counted %d), want at most %d bytes", run, n, bytes, c.held, maxHeld)
		}
		// The years kept are those nearest the last one built, MaxYear-1.
		for i := range c.years {
			if y := MinYear + i; (c.years[i].Load() != nil) != (y < MaxYear && y >= MaxYear-n) {
				t.Errorf("run %d: %d tables held, and the table of %d held is %v", run, n, y, c.years[i].Load() != nil)
			}
		}
	}
}

// An office calendar's tables for the whole range fit: none is dropped,
// and a year takes the bytes the package doc gives (tens of kilobytes).
func TestOfficeTablesAllHeld(t *testing.T) {
	ws, err := ParseWindows("08:30-12:00, 13:00-17:00")
	if err != nil {
		t.Fatal(err)
	}
	c, err := New(Config{Zone: "Pacific/Auckland", Versions: []Version{{Week: MondayToFriday(ws...)}}})
	if err != nil {
		t.Fatal(err)
	}
	a := time.Date(MinYear, 1, 1, 12, 0, 0, 0, time.UTC)
	if _, err := c.Duration(a, a.AddDate(MaxYear-MinYear, 11, 29)); err != nil {
		t.Fatal(err)
	}
	if n, bytes := heldBytes(c); n != MaxYear-MinYear+1 || bytes != c.held {
		t.Fatalf("%d tables of %d bytes held (counted %d), want all %d", n, bytes, c.held, MaxYear-MinYear+1)
	}
	for i := range c.years {
		if got := c.years[i].Load().size(); got > yearBytes(10) {
			t.Errorf("the table of %d takes %d bytes, more than the %d documented", MinYear+i, got, yearBytes(10))
		}
	}
	if got := c.years[2025-MinYear].Load().size(); got < 15_000 || got > 20_000 {
		t.Errorf("the table of 2025 takes %d bytes, the doc says about 17 KB", got)
	}
}

// yearBytes is the package doc's bound on a year's table of a calendar
// whose week has the given number of windows, and no overrides: 3,100 bytes, and
// 1,378 bytes (26 bytes for each of 53 weeks) a window of the week.
func yearBytes(weekWindows int) int64 { return 3100 + 1378*int64(weekWindows) }

// Each table of the busiest calendar keeps within the documented bound.
func TestYearBytes(t *testing.T) {
	c := busiest(t)
	for _, y := range []int{1900, 2000, 2024, 2100} {
		tb, err := c.table(y)
		if err != nil {
			t.Fatal(err)
		}
		if got := tb.size(); got > yearBytes(7*MaxWindows) || got < yearBytes(7*MaxWindows)*9/10 {
			t.Errorf("the table of %d takes %d bytes, want about %d", y, got, yearBytes(7*MaxWindows))
		}
	}
}

// Goroutines reading years while others are dropped get the same answers.
// Run with -race.
func TestConcurrentDrops(t *testing.T) {
	c := busiest(t)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for k := range 12 {
				y := MinYear + (g*37+k*17)%(MaxYear-MinYear)
				a := time.Date(y, 3, 1, 0, 0, 0, 0, time.UTC)
				b := a.AddDate(1, 0, 0)
				got, err := c.Duration(a, b)
				if want := time.Duration(b.Sub(a)/(24*time.Hour)) * MaxWindows * time.Minute; err != nil || got != want {
					t.Errorf("Duration(%v, %v) = %v, %v; want %v", a, b, got, err, want)
				}
			}
		})
	}
	wg.Wait()
	if _, bytes := heldBytes(c); bytes > maxHeld {
		t.Errorf("%d bytes held, want at most %d", bytes, maxHeld)
	}
}
