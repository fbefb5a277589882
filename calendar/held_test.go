package calendar

import (
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
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

// A table's slices are sized from the week's windows of the versions in
// force in its year, and size counts their capacities.
func TestTableSize(t *testing.T) {
	c := busiest(t)
	for _, y := range []int{2023, 2024} {
		tb, err := c.table(y)
		if err != nil {
			t.Fatal(err)
		}
		days := len(tb.first) - 1
		room := 7 * MaxWindows * 53
		want := int64(unsafe.Sizeof(yearTable{})) + 8*int64(2*room+days*MaxWindows+1) + 2*int64(room) + 4*2*int64(days+1)
		if got := tb.size(); got != want {
			t.Errorf("the table of %d (%d days) takes %d bytes, want %d", y, days, got, want)
		}
	}

	// An office week up to 2024 and the busiest from 2025: each year's
	// slices have room for its own version's windows, and a year in which
	// both are in force for the larger.
	busy := make([]Window, MaxWindows)
	for i := range busy {
		busy[i] = Window{Open: clockOf(30 * i), Close: clockOf(30*i + 1)}
	}
	twoHours := []Window{{Open: Clock{Hour: 9}, Close: Clock{Hour: 11}}}
	c, err := New(Config{Zone: "UTC", Versions: []Version{
		{Week: MondayToFriday(twoHours...)},
		{From: Date{Year: 2025, Month: time.January, Day: 1}, Week: EveryDay(busy...)},
		{From: Date{Year: 2026, Month: time.July, Day: 1}, Week: MondayToFriday(twoHours...)},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[int]int{}
	for _, y := range []int{2024, 2025, 2026, 2027} {
		tb, err := c.table(y)
		if err != nil {
			t.Fatal(err)
		}
		got[y] = cap(tb.start)
	}
	want := map[int]int{2024: 5 * 53, 2025: 7 * MaxWindows * 53, 2026: 7 * MaxWindows * 53, 2027: 5 * 53}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("room in the tables (-got +want):\n%s", diff)
	}
}

// keep drops the tables of the years farthest from the one built, the
// earlier of two as far, until at most maxHeld bytes are held.
func TestKeep(t *testing.T) {
	quarter := func(y int) *yearTable { // a table of maxHeld/4 bytes
		n := (maxHeld/4 - int64(unsafe.Sizeof(yearTable{}))) / 8
		return &yearTable{year: y, start: make([]int64, 0, n)}
	}
	if quarter(0).size() != maxHeld/4 {
		t.Fatalf("a table of %d bytes, want %d", quarter(0).size(), maxHeld/4)
	}
	c := &Calendar{}
	held := func() []int {
		var ys []int
		for i := range c.years {
			if c.years[i].Load() != nil {
				ys = append(ys, MinYear+i)
			}
		}
		return ys
	}
	for _, step := range []struct {
		build int
		want  []int
	}{
		{2000, []int{2000}},
		{1950, []int{1950, 2000}},
		{2010, []int{1950, 2000, 2010}},
		{2020, []int{1950, 2000, 2010, 2020}}, // exactly maxHeld: all kept
		{2030, []int{2000, 2010, 2020, 2030}}, // 1950 is farthest
		{1990, []int{1990, 2000, 2010, 2020}}, // 2030 is farthest
		{2005, []int{2000, 2005, 2010, 2020}}, // 1990 and 2020 are as far: the earlier goes
	} {
		c.keep(quarter(step.build))
		if diff := cmp.Diff(held(), step.want); diff != "" || c.held > maxHeld {
			t.Fatalf("after building %d: %d bytes held, years (-got +want):\n%s", step.build, c.held, diff)
		}
	}
}

// utcYear finds the UTC year of an instant from its first to its last
// nanosecond, and clamps one just outside MinYear to MaxYear.
func TestUTCYear(t *testing.T) {
	for y := MinYear; y <= MaxYear; y++ {
		start := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()
		end := time.Date(y+1, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano() - 1
		for _, ns := range []int64{start, start + 1, end - 1, end} {
			if got := utcYear(ns); got != y {
				t.Fatalf("utcYear(%v) = %d, want %d", time.Unix(0, ns).UTC(), got, y)
			}
		}
	}
	if got := utcYear(time.Date(MinYear, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano() - 1); got != MinYear {
		t.Errorf("utcYear(just before %d) = %d", MinYear, got)
	}
	if got := utcYear(time.Date(MaxYear+1, 1, 1, 0, 0, 0, 0, time.UTC).UnixNano()); got != MaxYear {
		t.Errorf("utcYear(just after %d) = %d", MaxYear, got)
	}
}
