package engagement_test

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/shopspring/decimal"
)

// key is the group of a row, for comparing a report's rows by group.
type key struct {
	Account  account.ID
	Tier     account.Tier
	Segment  string
	Audience account.Audience
	From, To time.Time
	N        int // NPS responses
	NPS      string
}

func keys(rows []engagement.SatisfactionRow) []key {
	out := make([]key, len(rows))
	for i, r := range rows {
		out[i] = key{r.Account, r.Tier, r.Segment, r.Audience, r.From, r.To, r.NPS.Responses, r.NPS.Value.String()}
	}
	return out
}

func TestGrouping(t *testing.T) {
	accts := []account.Account{
		{ID: "zeta", Tier: 1, Segment: "enterprise"},
		{ID: "alpha", Tier: 2, Segment: "public", Internal: true},
		{ID: "beta", Tier: 1, Segment: "public"},
		{ID: "quiet", Tier: 1, Segment: "enterprise"}, // no responses
	}
	q1, q2, q3 := t0, t0.AddDate(0, 3, 0), t0.AddDate(0, 6, 0)
	var rs []engagement.Response
	rs = append(rs, responses("z1", "zeta", q1, engagement.ResponseNPS, 10, 9)...)
	rs = append(rs, responses("z2", "zeta", q2, engagement.ResponseNPS, 0)...)
	rs = append(rs, responses("a1", "alpha", q1, engagement.ResponseNPS, 8, 10)...)
	rs = append(rs, responses("b2", "beta", q2, engagement.ResponseNPS, 10, 10, 3)...)
	rs = append(rs, responses("early", "beta", q1.Add(-time.Nanosecond), engagement.ResponseNPS, 0)...)
	rs = append(rs, responses("late", "beta", q3, engagement.ResponseNPS, 0)...)
	rs = append(rs, responses("last", "beta", q3.Add(-time.Nanosecond), engagement.ResponseNPS, 7)...)
	periods := []time.Time{q1, q2, q3}
	tests := []struct {
		name    string
		o       engagement.SatisfactionOptions
		want    []key
		outside int
	}{
		{"none", engagement.SatisfactionOptions{}, []key{{N: 11, NPS: "9.09"}}, 0},
		{"account", engagement.SatisfactionOptions{By: engagement.Grouping{Account: true}}, []key{
			{Account: "alpha", N: 2, NPS: "50"}, {Account: "beta", N: 6, NPS: "-16.67"}, {Account: "zeta", N: 3, NPS: "33.33"}}, 0},
		{"tier", engagement.SatisfactionOptions{By: engagement.Grouping{Tier: true}}, []key{
			{Tier: 1, N: 9, NPS: "0"}, {Tier: 2, N: 2, NPS: "50"}}, 0},
		{"tiers from a map", engagement.SatisfactionOptions{By: engagement.Grouping{Tier: true},
			TierOf: map[account.ID]account.Tier{"zeta": 3, "alpha": 3}}, []key{
			{Tier: 0, N: 6, NPS: "-16.67"}, {Tier: 3, N: 5, NPS: "40"}}, 0},
		{"segment", engagement.SatisfactionOptions{By: engagement.Grouping{Segment: true}}, []key{
			{Segment: "enterprise", N: 3, NPS: "33.33"}, {Segment: "public", N: 8, NPS: "0"}}, 0},
		{"segments from a map", engagement.SatisfactionOptions{By: engagement.Grouping{Segment: true},
			SegmentOf: map[account.ID]string{"beta": "champions"}}, []key{
			{Segment: "", N: 5, NPS: "40"}, {Segment: "champions", N: 6, NPS: "-16.67"}}, 0},
		{"audience", engagement.SatisfactionOptions{By: engagement.Grouping{Audience: true}}, []key{
			{Audience: account.AudienceExternal, N: 9, NPS: "0"}, {Audience: account.AudienceInternal, N: 2, NPS: "50"}}, 0},
		{"periods", engagement.SatisfactionOptions{By: engagement.Grouping{Periods: periods}}, []key{
			{From: q1, To: q2, N: 4, NPS: "75"}, {From: q2, To: q3, N: 5, NPS: "0"}}, 2},
		{"tier and period", engagement.SatisfactionOptions{By: engagement.Grouping{Tier: true, Periods: periods}}, []key{
			{Tier: 1, From: q1, To: q2, N: 2, NPS: "100"}, {Tier: 1, From: q2, To: q3, N: 5, NPS: "0"},
			{Tier: 2, From: q1, To: q2, N: 2, NPS: "50"}}, 2},
		{"everything", engagement.SatisfactionOptions{By: engagement.Grouping{Account: true, Tier: true, Segment: true, Audience: true, Periods: periods}}, []key{
			{"alpha", 2, "public", account.AudienceInternal, q1, q2, 2, "50"},
			{"beta", 1, "public", account.AudienceExternal, q2, q3, 4, "25"},
			{"zeta", 1, "enterprise", account.AudienceExternal, q1, q2, 2, "100"},
			{"zeta", 1, "enterprise", account.AudienceExternal, q2, q3, 1, "-100"}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rep, err := both(t, rs, accts, tt.o)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(keys(rep.Rows), tt.want); diff != "" {
				t.Errorf("rows (-got +want):\n%s", diff)
			}
			if rep.Outside != tt.outside || rep.Responses != len(rs) {
				t.Errorf("Outside, Responses = %d, %d; want %d, %d", rep.Outside, rep.Responses, tt.outside, len(rs))
			}
			if rep.Weighting != tt.o.Weighting || len(rep.By.Periods) != len(tt.o.By.Periods) {
				t.Errorf("report says By %+v, Weighting %v; want those of the options", rep.By, rep.Weighting)
			}
		})
	}
}

// TestManyPeriods checks the binary search for the period of a response,
// used past 8 periods, at every bound.
func TestManyPeriods(t *testing.T) {
	bounds := make([]time.Time, 21)
	for i := range bounds {
		bounds[i] = t0.AddDate(0, i, 0)
	}
	var rs []engagement.Response
	for i, b := range bounds {
		rs = append(rs, responses("at"+string(rune('a'+i)), "acme", b, engagement.ResponseCSAT, 5)...)
		rs = append(rs, responses("before"+string(rune('a'+i)), "acme", b.Add(-1), engagement.ResponseCSAT, 1)...)
	}
	rep, err := both(t, rs, []account.Account{{ID: "acme"}}, engagement.SatisfactionOptions{By: engagement.Grouping{Periods: bounds}})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 20 || rep.Outside != 2 {
		t.Fatalf("%d rows, %d outside; want 20, 2", len(rep.Rows), rep.Outside)
	}
	for i, r := range rep.Rows {
		// Each period holds the response at its start (5) and the one
		// just before its end (1).
		if !r.From.Equal(bounds[i]) || r.CSAT.Responses != 2 || !r.CSAT.Value.Equal(decimal.NewFromInt(50)) {
			t.Errorf("row %d: From %v, CSAT %+v; want From %v and one 5 and one 1", i, r.From, r.CSAT, bounds[i])
		}
	}
}

func TestCompare(t *testing.T) {
	// NPS 31 on 16 responses, then 38 on 13: within noise.
	before := est(16, 1, "16", "31.25", "-9.01", "71.51")
	after := est(13, 1, "13", "38.46", "-4.47", "81.39")
	tests := []struct {
		name          string
		before, after engagement.Estimate
		margin        string
		want          engagement.Shift
	}{
		{"noise", before, after, "0", engagement.Shift{Delta: d("7.21"), Low: d("-51.65"), High: d("66.07"), Trend: engagement.TrendNoise}},
		{"up", est(100, 1, "100", "10", "5", "15"), est(100, 1, "100", "30", "25", "35"), "0",
			engagement.Shift{Delta: d("20"), Low: d("12.92"), High: d("27.08"), Trend: engagement.TrendUp}},
		{"down", est(100, 1, "100", "30", "25", "35"), est(100, 1, "100", "10", "5", "15"), "0",
			engagement.Shift{Delta: d("-20"), Low: d("-27.08"), High: d("-12.92"), Trend: engagement.TrendDown}},
		{"flat", est(100, 1, "100", "50", "49", "51"), est(100, 1, "100", "50.5", "49.5", "51.5"), "2",
			engagement.Shift{Delta: d("0.5"), Low: d("-0.92"), High: d("1.92"), Trend: engagement.TrendFlat}},
		{"flat at the margin's edge", est(100, 1, "100", "50", "49", "51"), est(100, 1, "100", "50.5", "49.5", "51.5"), "1.92",
			engagement.Shift{Delta: d("0.5"), Low: d("-0.92"), High: d("1.92"), Trend: engagement.TrendFlat}},
		{"just past the margin", est(100, 1, "100", "50", "49", "51"), est(100, 1, "100", "50.5", "49.5", "51.5"), "1.91",
			engagement.Shift{Delta: d("0.5"), Low: d("-0.92"), High: d("1.92"), Trend: engagement.TrendNoise}},
		{"touching zero is not up", est(100, 1, "100", "10", "7", "13"), est(100, 1, "100", "15", "11", "19"), "0",
			engagement.Shift{Delta: d("5"), Low: d("0"), High: d("10"), Trend: engagement.TrendNoise}},
		{"just above zero is up", est(100, 1, "100", "10", "7", "13"), est(100, 1, "100", "15.01", "11.01", "19.01"), "0",
			engagement.Shift{Delta: d("5.01"), Low: d("0.01"), High: d("10.01"), Trend: engagement.TrendUp}},
		{"no responses before", engagement.Estimate{}, after, "0", engagement.Shift{Trend: engagement.TrendUnknown}},
		{"no responses after", before, engagement.Estimate{}, "0", engagement.Shift{Trend: engagement.TrendUnknown}},
		{"no responses, and a Value not checked", before, engagement.Estimate{Value: d("5"), High: d("1")}, "0",
			engagement.Shift{Trend: engagement.TrendUnknown}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := engagement.Compare(tt.before, tt.after, d(tt.margin))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(got, tt.want); diff != "" {
				t.Errorf("Compare (-got +want):\n%s", diff)
			}
		})
	}

	for _, bad := range []struct {
		name          string
		before, after engagement.Estimate
		margin        string
		field         string
	}{
		{"negative margin", before, after, "-0.01", "margin"},
		{"before below its interval", est(5, 1, "5", "10", "11", "20"), after, "0", "before"},
		{"after above its interval", before, est(5, 1, "5", "30", "11", "20"), "0", "after"},
	} {
		t.Run(bad.name, func(t *testing.T) {
			_, err := engagement.Compare(bad.before, bad.after, d(bad.margin))
			var fe *account.FieldError
			if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) || fe.Field != bad.field {
				t.Errorf("error = %v, want a FieldError for %s wrapping ErrInvalid", err, bad.field)
			}
		})
	}
}

// Periods may have MaxPeriods+1 bounds, not one more.
func TestMaxPeriods(t *testing.T) {
	bounds := make([]time.Time, engagement.MaxPeriods+2)
	for i := range bounds {
		bounds[i] = t0.Add(time.Duration(i) * time.Hour)
	}
	rs := responses("r", "acme", t0, engagement.ResponseNPS, 9)
	accts := []account.Account{{ID: "acme"}}
	rep, err := both(t, rs, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Periods: bounds[:engagement.MaxPeriods+1]}})
	if err != nil || len(rep.Rows) != 1 {
		t.Fatalf("MaxPeriods periods: %d rows, error %v; want 1 row", len(rep.Rows), err)
	}
	_, err = both(t, rs, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Periods: bounds}})
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Field != "By.Periods" || !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("MaxPeriods+1 periods: error %v, want a FieldError for By.Periods", err)
	}
}
