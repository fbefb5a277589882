package sqlstore

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"pgregory.net/rapid"
)

// anyBound draws a filter's date: valid or not, with months and days out
// of range and years beyond the ones a Date names, near the edges of
// months and of the range.
var anyBound = rapid.Custom(func(t *rapid.T) calendar.Date {
	return calendar.Date{
		Year:  rapid.SampledFrom([]int{-1, 0, 1, 2, 1999, 2000, 2024, 2025, 9998, 9999, 10000}).Draw(t, "year"),
		Month: time.Month(rapid.IntRange(-1, 14).Draw(t, "month")),
		Day:   rapid.IntRange(-1, 33).Draw(t, "day"),
	}
})

// nearDate draws a valid date near the ones anyBound draws.
var nearDate = rapid.Custom(func(t *rapid.T) calendar.Date {
	d := calendar.Date{
		Year:  rapid.SampledFrom([]int{1, 2, 1999, 2000, 2024, 2025, 9998, 9999}).Draw(t, "year"),
		Month: time.Month(rapid.IntRange(1, 12).Draw(t, "month")),
		Day:   rapid.IntRange(1, 31).Draw(t, "day"),
	}
	for !d.IsValid() {
		d.Day--
	}
	return d
})

// TestDateBounds checks the property the date filters rest on: a valid
// date is not before a bound exactly when it is not before
// firstDateFrom(bound), and not after a bound exactly when it is not
// after lastDateTo(bound); the dates returned are valid.
func TestDateBounds(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		b, d := anyBound.Draw(t, "bound"), nearDate.Draw(t, "date")
		from, ok := firstDateFrom(b)
		if ok && !from.IsValid() {
			t.Fatalf("firstDateFrom(%v) = %v, not a valid date", b, from)
		}
		if want := d.Compare(b) >= 0; want != (ok && d.Compare(from) >= 0) {
			t.Errorf("%v on or after %v is %v, but firstDateFrom = %v, %v", d, b, want, from, ok)
		}
		to, ok := lastDateTo(b)
		if ok && !to.IsValid() {
			t.Fatalf("lastDateTo(%v) = %v, not a valid date", b, to)
		}
		if want := d.Compare(b) <= 0; want != (ok && d.Compare(to) <= 0) {
			t.Errorf("%v on or before %v is %v, but lastDateTo = %v, %v", d, b, want, to, ok)
		}
	})
}

func TestDateBoundsEdges(t *testing.T) {
	date := func(y int, m time.Month, d int) calendar.Date { return calendar.Date{Year: y, Month: m, Day: d} }
	for _, c := range []struct {
		bound        calendar.Date
		from, to     calendar.Date
		fromOK, toOK bool
	}{
		{date(2025, 2, 29), date(2025, 3, 1), date(2025, 2, 28), true, true},
		{date(2024, 2, 29), date(2024, 2, 29), date(2024, 2, 29), true, true},
		{date(2025, 12, 32), date(2026, 1, 1), date(2025, 12, 31), true, true},
		{date(2025, 13, 1), date(2026, 1, 1), date(2025, 12, 31), true, true},
		{date(2025, 0, 5), date(2025, 1, 1), date(2024, 12, 31), true, true},
		{date(2025, 3, 0), date(2025, 3, 1), date(2025, 2, 28), true, true},
		{date(2025, 1, 0), date(2025, 1, 1), date(2024, 12, 31), true, true},
		{date(0, 6, 1), firstDate, calendar.Date{}, true, false},
		{date(1, 1, 0), firstDate, calendar.Date{}, true, false},
		{date(1, 1, 1), firstDate, firstDate, true, true},
		{date(9999, 12, 31), lastDate, lastDate, true, true},
		{date(9999, 12, 32), calendar.Date{}, lastDate, false, true},
		{date(9999, 13, 1), calendar.Date{}, lastDate, false, true},
		{date(10000, 1, 1), calendar.Date{}, lastDate, false, true},
	} {
		from, ok := firstDateFrom(c.bound)
		if from != c.from || ok != c.fromOK {
			t.Errorf("firstDateFrom(%v) = %v, %v; want %v, %v", c.bound, from, ok, c.from, c.fromOK)
		}
		to, ok := lastDateTo(c.bound)
		if to != c.to || ok != c.toOK {
			t.Errorf("lastDateTo(%v) = %v, %v; want %v, %v", c.bound, to, ok, c.to, c.toOK)
		}
	}
}

// TestReviewDateFilters checks, on both dialects, that the SQL date
// filters select what the filters' Match methods select, for bounds valid
// or not, at the edges of months and of the range.
func TestReviewDateFilters(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		var rs []review.Review
		var as []review.ActionItem
		for i, on := range []calendar.Date{
			firstDate, {Year: 1, Month: 1, Day: 2}, {Year: 1999, Month: 12, Day: 31}, {Year: 2000, Month: 1, Day: 1},
			{Year: 2024, Month: 2, Day: 28}, {Year: 2024, Month: 2, Day: 29}, {Year: 2024, Month: 3, Day: 1},
			{Year: 2025, Month: 2, Day: 28}, {Year: 2025, Month: 3, Day: 1}, {Year: 2025, Month: 12, Day: 31},
			{Year: 9999, Month: 12, Day: 30}, lastDate,
		} {
			id := string(rune('a' + i))
			r := reviewX(review.ReviewID(id))
			r.Account = account.ID([]string{"acme", "globex"}[i%2])
			r.Date, r.Next = on, on.AddDays(1)
			if r.Next.IsZero() {
				r.Date, r.Next = on.AddDays(-1), on
			}
			if _, err := s.CreateReview(ctx, r); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, r)
			a := actionX(review.ActionID(id))
			a.Raised, a.Due = firstDate, on
			if _, err := s.CreateAction(ctx, a); err != nil {
				t.Fatal(err)
			}
			as = append(as, a)
		}
		ids := func(seq func(func(string, error) bool)) []string {
			var out []string
			for id, err := range seq {
				if err != nil {
					t.Fatal(err)
				}
				out = append(out, id)
			}
			return out
		}
		rapid.Check(t, func(rt *rapid.T) {
			f := review.ReviewFilter{Account: rapid.SampledFrom([]account.ID{"", "acme"}).Draw(rt, "account")}
			if rapid.Bool().Draw(rt, "from") {
				f.From = anyBound.Draw(rt, "From")
			}
			if rapid.Bool().Draw(rt, "to") {
				f.To = anyBound.Draw(rt, "To")
			}
			var want []string
			for _, r := range rs {
				if f.Match(r) {
					want = append(want, string(r.ID))
				}
			}
			got := ids(func(yield func(string, error) bool) {
				for r, err := range s.Reviews(ctx, f) {
					if !yield(string(r.ID), err) {
						return
					}
				}
			})
			if diff := cmp.Diff(got, want, recordOpts...); diff != "" {
				rt.Errorf("Reviews(%+v) (-got +want):\n%s", f, diff)
			}
			af := review.ActionFilter{DueTo: anyBound.Draw(rt, "DueTo")}
			want = nil
			for _, a := range as {
				if af.Match(a) {
					want = append(want, string(a.ID))
				}
			}
			got = ids(func(yield func(string, error) bool) {
				for a, err := range s.Actions(ctx, af) {
					if !yield(string(a.ID), err) {
						return
					}
				}
			})
			if diff := cmp.Diff(got, want, recordOpts...); diff != "" {
				rt.Errorf("Actions(%+v) (-got +want):\n%s", af, diff)
			}
		})
	})
}

// FuzzStoredLists feeds any text to the decoders of the JSON lists and
// dates a row holds: each fails with ErrCorrupt, or decodes to values that
// encode (unless they hold text the store refuses) and decode back to the
// same values. None panics.
func FuzzStoredLists(f *testing.F) {
	for _, s := range []string{
		`[]`, `null`, `{}`, `[{"role":1,"email":"","name":"Mia"}]`, `[{"role":300,"email":"","name":"Mia"}]`,
		`[{"objective":"o","status":2,"note":"n"}]`, `[{"objective":"o","status":2,"note":"\u0000"}]`,
		`[{"id":"o","title":"t","owner":"m","measure":"m","target":"t","due":"2026-02-28","status":2,"met":"2026-01-01"}]`,
		`[{"id":"o","due":"2026-02-30"}]`, `[] []`, `["a","b"]`, `2026-03-02`, `0001-01-01`, `9999-12-31`, `2026-3-2`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		fuzzList(t, "attendees", s, func(src any) (l []review.Attendee, err error) {
			err = attendeesCol(&l).Scan(src)
			return l, err
		}, func(r *row, l []review.Attendee) { r.attendees("Attendees", l) })
		fuzzList(t, "objective updates", s, func(src any) (l []review.ObjectiveUpdate, err error) {
			err = objectiveUpdatesCol(&l).Scan(src)
			return l, err
		}, func(r *row, l []review.ObjectiveUpdate) { r.objectiveUpdates("ObjectiveUpdates", l) })
		fuzzList(t, "objectives", s, func(src any) (l []review.Objective, err error) {
			err = objectivesCol(&l).Scan(src)
			return l, err
		}, func(r *row, l []review.Objective) { r.objectives("Objectives", l) })
		fuzzList(t, "IDs", s, func(src any) (l []account.ContactID, err error) {
			err = idsCol[account.ContactID]{&l}.Scan(src)
			return l, err
		}, func(r *row, l []account.ContactID) { r.strings("Stakeholders", idStrings(l)) })
		fuzzList(t, "date", s, func(src any) (d calendar.Date, err error) {
			err = dateCol{&d}.Scan(src)
			return d, err
		}, func(r *row, d calendar.Date) { r.date("Date", d) })
	})
}

// fuzzList decodes s with decode; if it decodes, encodes the value with
// encode and decodes that again, which must give the same value.
func fuzzList[V any](t *testing.T, what, s string, decode func(any) (V, error), encode func(*row, V)) {
	t.Helper()
	v, err := decode(s)
	if err != nil {
		if !errors.Is(err, ErrCorrupt) {
			t.Fatalf("%s(%q): error %v does not wrap ErrCorrupt", what, s, err)
		}
		return
	}
	r := newRow(DialectSQLite, "Record", "r")
	encode(r, v)
	if r.err != nil {
		if !errors.Is(r.err, ErrUnstorable) {
			t.Fatalf("%s(%q) decoded to %+v, which does not encode: %v", what, s, v, r.err)
		}
		return
	}
	again, err := decode(r.args[0])
	if err != nil {
		t.Fatalf("%s(%q) decoded to %+v, which encodes to %v, which does not decode: %v", what, s, v, r.args[0], err)
	}
	if diff := cmp.Diff(again, v); diff != "" {
		t.Fatalf("%s(%q): decoded, encoded and decoded again (-again +first):\n%s", what, s, diff)
	}
}
