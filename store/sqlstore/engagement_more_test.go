package sqlstore

import (
	"context"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

// seedEngagement stores one response, one change and one feedback item,
// each with ID "x".
func seedEngagement(t *testing.T, s *Store) {
	t.Helper()
	ctx := t.Context()
	if err := s.AddResponses(ctx, engagement.Response{ID: "x", Account: "a", At: t0, Kind: engagement.ResponseNPS, Score: 9}); err != nil {
		t.Fatal(err)
	}
	c := engagement.Change{ID: "x", Title: "New portal", Kind: engagement.ChangeRelease, Severity: engagement.SeverityMedium,
		GoLive: t0, Touches: engagement.Scope{Services: []string{"portal"}, Accounts: []account.ID{"a"}}}
	if _, err := s.CreateChange(ctx, c); err != nil {
		t.Fatal(err)
	}
	if err := s.AddFeedback(ctx, engagement.Feedback{ID: "x", Account: "a", At: t0, Kind: engagement.FeedbackComment, Theme: "portal", Change: "x"}); err != nil {
		t.Fatal(err)
	}
}

// TestEngagementMalformed spoils a stored engagement row with raw SQL:
// every read of it fails with ErrCorrupt naming the record, never returns
// a half-read record and never panics.
func TestEngagementMalformed(t *testing.T) {
	common := []corruption{
		{"score out of the NPS scale", "UPDATE ka_responses SET score = 11 WHERE id = 'x'", "Response"},
		{"unknown response kind", "UPDATE ka_responses SET kind = 9 WHERE id = 'x'", "Response"},
		{"huge channel", "UPDATE ka_responses SET channel = 300 WHERE id = 'x'", "Response"},
		{"unknown severity", "UPDATE ka_changes SET severity = 0 WHERE id = 'x'", "Change"},
		{"services not a list", `UPDATE ka_changes SET services = '{"a":1}' WHERE id = 'x'`, "Change"},
		{"repeated account", `UPDATE ka_changes SET accounts = '["a","a"]' WHERE id = 'x'`, "Change"},
		{"audience out of range", "UPDATE ka_changes SET audience = 9 WHERE id = 'x'", "Change"},
		{"unknown feedback kind", "UPDATE ka_feedback SET kind = 4 WHERE id = 'x'", "Feedback"},
		{"blank theme", "UPDATE ka_feedback SET theme = ' ' WHERE id = 'x'", "Feedback"},
	}
	byDialect := map[Dialect][]corruption{
		DialectPostgres: {{"announced after go-live", "UPDATE ka_changes SET announce = go_live + interval '1 microsecond' WHERE id = 'x'", "Change"}},
		DialectSQLite:   {{"announced after go-live", "UPDATE ka_changes SET announce = go_live + 1 WHERE id = 'x'", "Change"}},
	}
	testCorruptions(t, common, byDialect, seedEngagement, engagementReads)
}

// engagementReads returns the reads of engagement record "x" of kind rec
// (Response, Change or Feedback): its read (the list's, for the records
// that have no read by ID), and the list of every record of that kind.
func engagementReads(ctx context.Context, s *Store, rec string) reads {
	list := func() (int, int, error) { return pairs(s.Feedback(ctx, engagement.FeedbackFilter{})) }
	switch rec {
	case "Response":
		list = func() (int, int, error) { return pairs(s.Responses(ctx, engagement.ResponseFilter{})) }
	case "Change":
		return reads{func() error { _, err := s.Change(ctx, "x"); return err },
			func() (int, int, error) { return pairs(s.Changes(ctx, engagement.ChangeFilter{})) }}
	}
	return reads{func() error { _, _, err := list(); return err }, list}
}

// TestChangesGoLiveAtTheMicrosecond checks that the go-live range is
// compared at the microsecond the store keeps: a bound a nanosecond after
// a stored go-live is, for From, after it and, for To, not before it.
func TestChangesGoLiveAtTheMicrosecond(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		seedEngagement(t, s)
		count := func(f engagement.ChangeFilter) int {
			n := 0
			for _, err := range s.Changes(ctx, f) {
				if err != nil {
					t.Fatal(err)
				}
				n++
			}
			return n
		}
		ns := t0.Add(1)
		for _, c := range []struct {
			name string
			f    engagement.ChangeFilter
			want int
		}{
			{"From at go-live", engagement.ChangeFilter{From: t0}, 1},
			{"From a nanosecond after", engagement.ChangeFilter{From: ns}, 0},
			{"To at go-live", engagement.ChangeFilter{To: t0}, 0},
			{"To a nanosecond after", engagement.ChangeFilter{To: ns}, 1},
			{"From and To around it", engagement.ChangeFilter{From: t0.Add(-1), To: ns}, 1},
			{"other kind", engagement.ChangeFilter{Kind: engagement.ChangePrice}, 0},
			{"From in year 10000", engagement.ChangeFilter{From: t0.AddDate(9000, 0, 0)}, 0},
			{"To in year 10000", engagement.ChangeFilter{To: t0.AddDate(9000, 0, 0)}, 1},
			{"To before year 1", engagement.ChangeFilter{To: t0.AddDate(-2100, 0, 0)}, 0},
		} {
			if got := count(c.f); got != c.want {
				t.Errorf("%s: %d changes, want %d", c.name, got, c.want)
			}
		}
	})
}
