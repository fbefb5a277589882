package tiering_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// oneMeasure scores accounts with raw values vals (nil for missing) on a
// single measure m, as attribute "x", and returns each account's
// normalised value and handling.
func oneMeasure(t *testing.T, m tiering.Measure, vals ...any) ([]float64, []tiering.Handling) {
	t.Helper()
	m.Name, m.Weight, m.Source = "x", 1, tiering.Attribute("x")
	var accounts []account.Account
	for i, v := range vals {
		a := account.Account{ID: account.ID(rune('a' + i)), Name: "x", Attributes: map[string]decimal.Decimal{}}
		if v != nil {
			a.Attributes["x"] = decimal.NewFromFloat(v.(float64))
		}
		accounts = append(accounts, a)
	}
	s, err := tiering.Score(accounts, tiering.Scorecard{Name: "c", Measures: []tiering.Measure{m}})
	if err != nil {
		t.Fatal(err)
	}
	var norm []float64
	var how []tiering.Handling
	for i := range s.Len() {
		l := s.Explain(i).Lines[0]
		norm = append(norm, l.Normalised)
		how = append(how, l.Handling)
	}
	return norm, how
}

func TestNormalisations(t *testing.T) {
	third := 1.0 / 3
	tests := []struct {
		name string
		m    tiering.Measure
		vals []any
		want []float64
	}{
		{"min-max", tiering.Measure{}, []any{1.0, 2.0, 2.0, 5.0}, []float64{0, 0.25, 0.25, 1}},
		{"min-max lower is better", tiering.Measure{Direction: tiering.DirectionLowerIsBetter}, []any{1.0, 2.0, 2.0, 5.0}, []float64{1, 0.75, 0.75, 0}},
		{"min-max no spread", tiering.Measure{}, []any{7.0, 7.0}, []float64{0.5, 0.5}},
		{"percentile rank with ties", tiering.Measure{Normalisation: tiering.NormalisationPercentileRank}, []any{1.0, 2.0, 2.0, 5.0}, []float64{0.125, 0.5, 0.5, 0.875}},
		{"percentile rank one account", tiering.Measure{Normalisation: tiering.NormalisationPercentileRank}, []any{3.0}, []float64{0.5}},
		{"z-score clipped at 3", tiering.Measure{Normalisation: tiering.NormalisationZScore}, []any{1.0, 2.0, 2.0, 5.0}, []float64{(3 - 1.0) / 6, (3 - third) / 6, (3 - third) / 6, (3 + 5.0/3) / 6}},
		{"z-score clipped at 1", tiering.Measure{Normalisation: tiering.NormalisationZScore, Clip: 1}, []any{0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 10.0}, []float64{(1 - third) / 2, (1 - third) / 2, (1 - third) / 2, (1 - third) / 2, (1 - third) / 2, (1 - third) / 2, (1 - third) / 2, (1 - third) / 2, (1 - third) / 2, 1}},
		{"log min-max", tiering.Measure{Normalisation: tiering.NormalisationLogMinMax}, []any{0.0, math.E - 1, math.E*math.E - 1}, []float64{0, 0.5, 1}},
		{"bands with open and closed edges", tiering.Measure{Normalisation: tiering.NormalisationBanded, Bands: []tiering.Band{
			{Lo: math.Inf(-1), Hi: 10, HiOpen: true, Value: 0},
			{Lo: 10, Hi: 20, Value: 0.5},
			{Lo: 20, LoOpen: true, Hi: math.Inf(1), Value: 1},
		}}, []any{9.99, 10.0, 20.0, 20.01}, []float64{0, 0.5, 0.5, 1}},
		{"missing worst", tiering.Measure{Missing: tiering.MissingWorst, Direction: tiering.DirectionLowerIsBetter}, []any{1.0, nil, 3.0}, []float64{1, 0, 0}},
		{"missing median", tiering.Measure{Missing: tiering.MissingMedian}, []any{1.0, nil, 3.0, 4.0}, []float64{0, 2.0 / 3, 2.0 / 3, 1}},
		{"missing median percentile", tiering.Measure{Missing: tiering.MissingMedian, Normalisation: tiering.NormalisationPercentileRank}, []any{1.0, nil, 3.0, 4.0}, []float64{1.0 / 6, 0.5, 0.5, 5.0 / 6}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _ := oneMeasure(t, tt.m, tt.vals...)
			if diff := cmp.Diff(got, tt.want, cmpopts.EquateApprox(0, 1e-12)); diff != "" {
				t.Errorf("normalised values (-got +want):\n%s", diff)
			}
		})
	}
}

func TestMissingValues(t *testing.T) {
	card := tiering.Scorecard{Name: "c", Measures: []tiering.Measure{
		{Name: "a", Weight: 50, Source: tiering.Attribute("a")},
		{Name: "b", Weight: 30, Source: tiering.Attribute("b"), Missing: tiering.MissingDrop},
		{Name: "c", Weight: 20, Source: tiering.Attribute("c"), Missing: tiering.MissingWorst},
	}}
	accounts := []account.Account{
		{ID: "full", Name: "x", Attributes: map[string]decimal.Decimal{"a": decimal.NewFromInt(10), "b": decimal.NewFromInt(10), "c": decimal.NewFromInt(10)}},
		{ID: "gaps", Name: "x", Attributes: map[string]decimal.Decimal{"a": decimal.NewFromInt(10)}},
		{ID: "low", Name: "x", Attributes: map[string]decimal.Decimal{"a": decimal.NewFromInt(0), "b": decimal.NewFromInt(0), "c": decimal.NewFromInt(0)}},
	}
	s, err := tiering.Score(accounts, card)
	if err != nil {
		t.Fatal(err)
	}
	got := s.Explain(1)
	want := tiering.Explanation{
		Account: "gaps", Scorecard: "c", Total: 7143, Coverage: 0.5,
		Lines: []tiering.Line{
			{Measure: "a", Source: `attribute "a"`, Raw: 10, Normalised: 1, Weight: 50, EffectiveWeight: 50.0 / 70, Points: 7143},
			{Measure: "b", Source: `attribute "b"`, Weight: 30, Handling: tiering.HandlingDropped},
			{Measure: "c", Source: `attribute "c"`, Weight: 20, EffectiveWeight: 20.0 / 70, Handling: tiering.HandlingWorst},
		},
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("explanation (-got +want):\n%s", diff)
	}
}

func TestScorecardPrecedence(t *testing.T) {
	m := []tiering.Measure{{Name: "x", Weight: 1, Source: tiering.Attribute("x")}}
	internal := tiering.Scorecard{Name: "internal", When: tiering.Selector{Audience: account.AudienceInternal}, Measures: m}
	strategic := tiering.Scorecard{Name: "strategic", When: tiering.Selector{Segments: []string{"strategic"}}, Measures: m}
	rest := tiering.Scorecard{Name: "rest", Measures: m}
	x := map[string]decimal.Decimal{"x": decimal.NewFromInt(1)}
	accounts := []account.Account{
		{ID: "dept", Name: "x", Internal: true, Segment: "strategic", Attributes: x},
		{ID: "big", Name: "x", Segment: "strategic", Attributes: x},
		{ID: "small", Name: "x", Attributes: x},
	}
	s, err := tiering.Score(accounts, internal, strategic, rest)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for i := range s.Len() {
		got = append(got, s.Scorecard(i))
	}
	if diff := cmp.Diff(got, []string{"internal", "strategic", "rest"}); diff != "" {
		t.Errorf("scorecards (-got +want):\n%s", diff)
	}
	_, err = tiering.Score(accounts, internal, strategic)
	checkFieldError(t, err, account.FieldError{Record: "Account", ID: "small", Err: tiering.ErrNoScorecard})
}

func TestConfigErrors(t *testing.T) {
	ok := tiering.Measure{Name: "ok", Weight: 1, Source: tiering.Attribute("x")}
	card := func(ms ...tiering.Measure) tiering.Scorecard { return tiering.Scorecard{Name: "c", Measures: ms} }
	with := func(f func(*tiering.Measure)) tiering.Measure {
		m := ok
		m.Name = "bad"
		f(&m)
		return m
	}
	tests := []struct {
		name  string
		cards []tiering.Scorecard
		field string
	}{
		{"no scorecards", nil, "cards"},
		{"no name", []tiering.Scorecard{{Measures: []tiering.Measure{ok}}}, "cards[0].Name"},
		{"no measures", []tiering.Scorecard{card()}, "Measures"},
		{"negative weight", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) { m.Weight = -1 }))}, "Measures[1].Weight"},
		{"NaN weight", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) { m.Weight = math.NaN() }))}, "Measures[1].Weight"},
		{"all-zero weights", []tiering.Scorecard{card(with(func(m *tiering.Measure) { m.Weight = 0 }))}, "Measures"},
		{"duplicate measure", []tiering.Scorecard{card(ok, ok)}, "Measures[1].Name"},
		{"no source", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) { m.Source = tiering.Source{} }))}, "Measures[1].Source"},
		{"nil func", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) { m.Source = tiering.Func("f", nil) }))}, "Measures[1].Source"},
		{"unknown normalisation", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) { m.Normalisation = 9 }))}, "Measures[1].Normalisation"},
		{"clip without z-score", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) { m.Clip = 2 }))}, "Measures[1].Clip"},
		{"bands without Banded", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) { m.Bands = []tiering.Band{{Lo: 0, Hi: 1}} }))}, "Measures[1].Bands"},
		{"band gap", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) {
			m.Normalisation = tiering.NormalisationBanded
			m.Bands = []tiering.Band{{Lo: 0, Hi: 1, HiOpen: true}, {Lo: 2, Hi: 3}}
		}))}, "Measures[1].Bands[1]"},
		{"band overlap at a closed edge", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) {
			m.Normalisation = tiering.NormalisationBanded
			m.Bands = []tiering.Band{{Lo: 0, Hi: 1}, {Lo: 1, Hi: 3, Value: 1}}
		}))}, "Measures[1].Bands[1]"},
		{"band values fall", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) {
			m.Normalisation = tiering.NormalisationBanded
			m.Bands = []tiering.Band{{Lo: 0, Hi: 1, HiOpen: true, Value: 1}, {Lo: 1, Hi: 3, Value: 0.5}}
		}))}, "Measures[1].Bands[1].Value"},
		{"unreachable scorecard", []tiering.Scorecard{card(ok), {Name: "d", Measures: []tiering.Measure{ok}}}, "When"},
		{"band upside down", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) {
			m.Normalisation = tiering.NormalisationBanded
			m.Bands = []tiering.Band{{Lo: 0, Hi: 1, HiOpen: true}, {Lo: 3, Hi: 1}}
		}))}, "Measures[1].Bands[1]"},
		{"bands out of order", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) {
			m.Normalisation = tiering.NormalisationBanded
			m.Bands = []tiering.Band{{Lo: 5, Hi: 9}, {Lo: 0, Hi: 4}}
		}))}, "Measures[1].Bands[1]"},
		{"band gap at an open edge", []tiering.Scorecard{card(ok, with(func(m *tiering.Measure) {
			m.Normalisation = tiering.NormalisationBanded
			m.Bands = []tiering.Band{{Lo: 0, Hi: 1, HiOpen: true}, {Lo: 1, LoOpen: true, Hi: 3}}
		}))}, "Measures[1].Bands[1]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tiering.Score(nil, tt.cards...)
			want := account.FieldError{Record: "Scorecard", ID: "c", Field: tt.field, Err: tiering.ErrInvalid}
			if len(tt.cards) == 0 || tt.cards[len(tt.cards)-1].Name == "" {
				want.Record, want.ID = "Score", ""
			}
			if tt.name == "unreachable scorecard" {
				want.ID = "d"
			}
			checkFieldError(t, err, want)
		})
	}
}

func TestDataErrors(t *testing.T) {
	attr := func(v string) map[string]decimal.Decimal {
		return map[string]decimal.Decimal{"x": decimal.RequireFromString(v)}
	}
	m := tiering.Measure{Name: "x", Weight: 1, Source: tiering.Attribute("x")}
	tests := []struct {
		name     string
		accounts []account.Account
		m        tiering.Measure
		want     error
		account  account.ID
	}{
		{"duplicate IDs, smallest reported", []account.Account{{ID: "z", Attributes: attr("1")}, {ID: "b", Attributes: attr("1")}, {ID: "z", Attributes: attr("1")}, {ID: "b", Attributes: attr("2")}}, m, tiering.ErrDuplicateAccount, "b"},
		{"missing ID", []account.Account{{ID: "", Attributes: attr("1")}}, m, tiering.ErrInvalid, ""},
		{"unknown attribute", []account.Account{{ID: "a", Attributes: attr("1")}}, tiering.Measure{Name: "y", Weight: 1, Source: tiering.Attribute("y"), Missing: tiering.MissingWorst}, tiering.ErrUnknownAttribute, ""},
		{"missing under fail", []account.Account{{ID: "a", Attributes: attr("1")}, {ID: "c"}, {ID: "b"}}, m, tiering.ErrMissingValue, "b"},
		{"NaN from a func", []account.Account{{ID: "a"}, {ID: "b"}}, tiering.Measure{Name: "f", Weight: 1, Source: tiering.Func("f", func(a account.Account) (float64, bool) {
			if a.ID == "b" {
				return math.NaN(), true
			}
			return 1, true
		})}, tiering.ErrBadValue, "b"},
		{"Inf from a func", []account.Account{{ID: "a"}}, tiering.Measure{Name: "f", Weight: 1, Source: tiering.Func("f", func(account.Account) (float64, bool) { return math.Inf(1), true })}, tiering.ErrBadValue, "a"},
		{"negative under log", []account.Account{{ID: "a", Attributes: attr("1")}, {ID: "b", Attributes: attr("-1")}}, tiering.Measure{Name: "x", Weight: 1, Source: tiering.Attribute("x"), Normalisation: tiering.NormalisationLogMinMax}, tiering.ErrBadValue, "b"},
		{"outside every band", []account.Account{{ID: "a", Attributes: attr("5")}}, tiering.Measure{Name: "x", Weight: 1, Source: tiering.Attribute("x"), Normalisation: tiering.NormalisationBanded, Bands: []tiering.Band{{Lo: 0, Hi: 1}}}, tiering.ErrBadValue, "a"},
		{"decimal beyond float64", []account.Account{{ID: "a", Attributes: attr("1e400")}}, m, tiering.ErrBadValue, "a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tiering.Score(tt.accounts, tiering.Scorecard{Name: "c", Measures: []tiering.Measure{tt.m}})
			want := account.FieldError{Record: "Account", ID: string(tt.account), Field: "Values[" + tt.m.Name + "]", Err: tt.want}
			switch tt.want {
			case tiering.ErrDuplicateAccount, tiering.ErrInvalid:
				want.Field = "ID"
			case tiering.ErrUnknownAttribute:
				want = account.FieldError{Record: "Scorecard", ID: "c", Field: "Measures[0].Source", Value: "y", Err: tt.want}
			}
			checkFieldError(t, err, want)
		})
	}
}

func TestTrendOf(t *testing.T) {
	tests := []struct {
		before, after, deadband tiering.Points
		want                    tiering.Trend
	}{
		{5000, 5100, 100, tiering.TrendFlat},
		{5000, 5101, 100, tiering.TrendUp},
		{5000, 4899, 100, tiering.TrendDown},
		{5000, 4900, 100, tiering.TrendFlat},
		{5000, 5001, -5, tiering.TrendUp},
		{5000, 5000, 0, tiering.TrendFlat},
	}
	for _, tt := range tests {
		if got := tiering.TrendOf(tt.before, tt.after, tt.deadband); got != tt.want {
			t.Errorf("TrendOf(%s, %s, %s) = %s, want %s", tt.before, tt.after, tt.deadband, got, tt.want)
		}
	}
}

func TestPointsString(t *testing.T) {
	for p, want := range map[tiering.Points]string{0: "0.00", 5: "0.05", 7345: "73.45", 10000: "100.00", -5: "-0.05", -120: "-1.20"} {
		if got := p.String(); got != want {
			t.Errorf("Points(%d).String() = %q, want %q", int32(p), got, want)
		}
	}
	if got := tiering.Points(7345).Decimal(); !got.Equal(decimal.RequireFromString("73.45")) {
		t.Errorf("Decimal() = %s", got)
	}
}

func TestScoresIndex(t *testing.T) {
	s := portfolio()
	i, ok := s.Index("c")
	if !ok || s.ID(i) != "c" {
		t.Errorf("Index(c) = %d, %v", i, ok)
	}
	if _, ok := s.Index("nope"); ok {
		t.Error("Index(nope) found an account")
	}
}

func TestScorecardValidate(t *testing.T) {
	if err := plainCard().Validate(); err != nil {
		t.Errorf("valid scorecard: %v", err)
	}
	bad := tiering.Scorecard{Name: "bad", Measures: []tiering.Measure{{Name: "x", Weight: -2, Source: tiering.Attribute("x")}}}
	checkFieldError(t, bad.Validate(), account.FieldError{Record: "Scorecard", ID: "bad", Field: "Measures[0].Weight", Value: -2.0, Reason: "must not be negative", Err: tiering.ErrInvalid})
}

// Two scorecards with one name are an error naming the second.
func TestMoreConfigErrors(t *testing.T) {
	ok := tiering.Measure{Name: "ok", Weight: 1, Source: tiering.Attribute("x")}
	internal := tiering.Scorecard{Name: "c", When: tiering.Selector{Audience: account.AudienceInternal}, Measures: []tiering.Measure{ok}}
	_, err := tiering.Score(nil, internal, tiering.Scorecard{Name: "c", Measures: []tiering.Measure{ok}})
	checkFieldError(t, err, account.FieldError{Record: "Scorecard", ID: "c", Field: "Name", Value: "c", Reason: "is used by cards[0] too", Err: tiering.ErrInvalid})
}

// Of bad values in several measures, the error names the smallest account
// ID, whichever measure it is in.
func TestDataErrorAcrossMeasures(t *testing.T) {
	attr := func(x, y string) map[string]decimal.Decimal {
		return map[string]decimal.Decimal{"x": decimal.RequireFromString(x), "y": decimal.RequireFromString(y)}
	}
	card := tiering.Scorecard{Name: "c", Measures: []tiering.Measure{
		{Name: "x", Weight: 1, Source: tiering.Attribute("x"), Normalisation: tiering.NormalisationLogMinMax},
		{Name: "y", Weight: 1, Source: tiering.Attribute("y"), Normalisation: tiering.NormalisationLogMinMax},
	}}
	accounts := []account.Account{{ID: "z", Attributes: attr("-1", "1")}, {ID: "a", Attributes: attr("1", "-1")}, {ID: "m", Attributes: attr("1", "1")}}
	_, err := tiering.Score(accounts, card)
	checkFieldError(t, err, account.FieldError{Record: "Account", ID: "a", Field: "Values[y]", Err: tiering.ErrBadValue})
}

// Score takes up to 255 scorecards, and no more.
func TestScorecardLimit(t *testing.T) {
	ok := tiering.Measure{Name: "ok", Weight: 1, Source: tiering.Attribute("x")}
	cards := make([]tiering.Scorecard, 256)
	for i := range cards {
		cards[i] = tiering.Scorecard{Name: fmt.Sprint("c", i), When: tiering.Selector{Segments: []string{fmt.Sprint("s", i)}}, Measures: []tiering.Measure{ok}}
	}
	if _, err := tiering.Score(nil, cards[:255]...); err != nil {
		t.Errorf("255 scorecards: %v", err)
	}
	_, err := tiering.Score(nil, cards...)
	checkFieldError(t, err, account.FieldError{Record: "Score", Field: "cards", Value: 256, Err: tiering.ErrInvalid})
}
