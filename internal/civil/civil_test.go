package civil_test

import (
	"fmt"
	"math"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/internal/civil"
)

func TestKnownDays(t *testing.T) {
	for _, tc := range []struct {
		y, m, d int
		days    int64
	}{
		{1970, 1, 1, 0},
		{1969, 12, 31, -1},
		{2000, 2, 29, 11016},
		{2000, 3, 1, 11017},
		{2024, 2, 29, 19782},
		{1900, 3, 1, -25508}, // 1900 is not a leap year
		{1, 1, 1, -719162},
		{0, 3, 1, -719468}, // the epoch of the algorithm
		{-1, 12, 31, -719529},
		{9999, 12, 31, 2932896},
	} {
		if got := civil.Days(tc.y, tc.m, tc.d); got != tc.days {
			t.Errorf("Days(%d, %d, %d) = %d, want %d", tc.y, tc.m, tc.d, got, tc.days)
		}
		if y, m, d := civil.Date(tc.days); y != tc.y || m != tc.m || d != tc.d {
			t.Errorf("Date(%d) = %d-%d-%d, want %d-%d-%d", tc.days, y, m, d, tc.y, tc.m, tc.d)
		}
	}
}

// Day numbers agree with the standard library's proleptic Gregorian
// calendar, and Date inverts Days, over more than 27,000 years either side
// of the epoch.
func TestAgreesWithTime(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		days := rapid.Int64Range(-10_000_000, 10_000_000).Draw(t, "days")
		y, m, d := civil.Date(days)
		ty, tm, td := time.Unix(days*86400, 0).UTC().Date()
		if y != ty || m != int(tm) || d != td {
			t.Fatalf("Date(%d) = %d-%d-%d, time says %d-%d-%d", days, y, m, d, ty, tm, td)
		}
		if back := civil.Days(y, m, d); back != days {
			t.Fatalf("Days(Date(%d)) = %d", days, back)
		}
	})
}

// A day beyond the end of a month counts on into the next, as time.Date
// normalises it.
func TestDaysNormalisesOverflow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		y := rapid.IntRange(-3000, 3000).Draw(t, "y")
		m := rapid.IntRange(1, 12).Draw(t, "m")
		d := rapid.IntRange(1, 31).Draw(t, "d")
		want := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC).Unix() / 86400 // midnight: exact
		if got := civil.Days(y, m, d); got != want {
			t.Fatalf("Days(%d, %d, %d) = %d, want %d", y, m, d, got, want)
		}
	})
}

func TestFloorDiv(t *testing.T) {
	for _, tc := range []struct{ a, b, want int64 }{
		{7, 2, 3}, {-7, 2, -4}, {7, -2, -4}, {-7, -2, 3},
		{6, 3, 2}, {-6, 3, -2}, {0, 5, 0}, {-1, 86400, -1},
		{math.MinInt64, 1e9, -9223372037}, {math.MaxInt64, 1e9, 9223372036},
	} {
		if got := civil.FloorDiv(tc.a, tc.b); got != tc.want {
			t.Errorf("FloorDiv(%d, %d) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		a := rapid.Int64().Draw(t, "a")
		b := rapid.Int64Range(1, 1<<40).Draw(t, "b")
		if rapid.Bool().Draw(t, "negative b") {
			b = -b
		}
		q := civil.FloorDiv(a, b)
		// q is the floor of a/b: the remainder a - q·b lies in [0, b) for
		// b > 0, (b, 0] for b < 0. Compute it without overflowing.
		r := a - q*b
		if b > 0 && (r < 0 || r >= b) || b < 0 && (r > 0 || r <= b) {
			t.Fatalf("FloorDiv(%d, %d) = %d leaves remainder %d", a, b, q, r)
		}
	})
}

func BenchmarkDays(b *testing.B) {
	var sum int64
	for b.Loop() {
		for m := 1; m <= 12; m++ {
			sum += civil.Days(2024, m, 15)
		}
	}
	_ = sum
}

func BenchmarkDate(b *testing.B) {
	var sum int
	for b.Loop() {
		for days := int64(19700); days < 19712; days++ {
			y, m, d := civil.Date(days)
			sum += y + m + d
		}
	}
	_ = sum
}

func Example() {
	days := civil.Days(2024, 2, 29)
	fmt.Println(days, "days since 1970-01-01")
	y, m, d := civil.Date(days + 1)
	fmt.Printf("the day after is %04d-%02d-%02d\n", y, m, d)
	y, m, d = civil.Date(-1)
	fmt.Printf("day -1 is %04d-%02d-%02d\n", y, m, d)
	// Output:
	// 19782 days since 1970-01-01
	// the day after is 2024-03-01
	// day -1 is 1969-12-31
}
