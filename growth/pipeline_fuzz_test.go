package growth_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

// FuzzStagesValidate decodes a stage list from JSON and checks that
// Validate never panics, and that a list it accepts has what it promises.
func FuzzStagesValidate(f *testing.F) {
	for _, s := range []string{
		`[{"Name":"lead","Probability":"0.1","MaxAge":3600000000000},{"Name":"won","Probability":"1","Outcome":"won"},{"Name":"lost","Probability":"0","Outcome":"lost"}]`,
		`[{"Name":"a","Probability":"1.5"},{"Name":"a","Outcome":"won"},{"Name":"lost","Outcome":"lost","MaxAge":-1}]`,
		`[{"Name":" x","Probability":"-0"},{"Name":"won","Probability":"1.000","Outcome":"won"},{"Name":"lost","Outcome":"lost"},{"Name":"late"}]`,
		`[]`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var s growth.Stages
		if json.Unmarshal(data, &s) != nil {
			return
		}
		err := s.Validate()
		if err != nil {
			if !errors.Is(err, growth.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v holds no FieldError", err)
			}
			return
		}
		won, lost := 0, 0
		for i, st := range s {
			if j, ok := s.Index(st.Name); !ok || j != i {
				t.Fatalf("Index(%q) = %d, %v; want %d", st.Name, j, ok, i)
			}
			if st.Probability.Sign() < 0 || st.Probability.GreaterThan(decimal.NewFromInt(1)) || st.MaxAge < 0 {
				t.Fatalf("accepted stage %d: %+v", i, st)
			}
			switch st.Outcome {
			case growth.OutcomeWon:
				won++
			case growth.OutcomeLost:
				lost++
			}
		}
		if won != 1 || lost != 1 || len(s) < 3 || len(s) > growth.MaxStages {
			t.Fatalf("accepted %d stages with %d won and %d lost", len(s), won, lost)
		}
		if _, err := growth.NewPipeline(s, seqOf(nil)); err != nil {
			t.Fatalf("NewPipeline refused stages Validate accepted: %v", err)
		}
	})
}

// FuzzOpportunityValidate decodes an opportunity from JSON and checks that
// Validate never panics, and that an opportunity it accepts builds a
// pipeline (unless a time is out of the pipeline's range) whose figures
// and lists can be read at any instant.
func FuzzOpportunityValidate(f *testing.F) {
	for _, o := range []growth.Opportunity{validOpportunity(), {}} {
		b, _ := json.Marshal(o)
		f.Add(b, int64(3*time.Hour))
	}
	f.Add([]byte(`{"ID":"o","Account":"a","BuyingCentre":"a","Owner":"m","Kind":"renewal","History":[{"At":"2026-01-01T00:00:00Z","Author":"m","To":"lead","Value":"NZD 0.125","ExpectedClose":"2026-02-01T00:00:00Z"},{"At":"2025-01-01T00:00:00Z","Author":"m","From":"lead","To":"won"}]}`), int64(0))
	stages := validStages()
	f.Fuzz(func(t *testing.T, data []byte, offset int64) {
		var o growth.Opportunity
		if json.Unmarshal(data, &o) != nil {
			return
		}
		structural := o.Validate(nil)
		err := o.Validate(stages)
		if err != nil {
			if !errors.Is(err, growth.ErrInvalid) {
				t.Fatalf("error %v does not wrap ErrInvalid", err)
			}
			return
		}
		if structural != nil {
			t.Fatalf("valid against stages but not alone: %v", structural)
		}
		p, err := growth.NewPipeline(stages, seqOf([]growth.Opportunity{o}))
		if err != nil {
			if !errors.Is(err, growth.ErrInvalid) {
				t.Fatalf("NewPipeline: %v does not wrap ErrInvalid", err)
			}
			return
		}
		asOf := o.History[0].At.Add(time.Duration(offset))
		for by := range growth.GroupByOffering + 1 {
			figures, err := p.Figures(growth.FigureOptions{AsOf: asOf, By: by})
			if err != nil {
				continue // asOf out of range
			}
			for _, fg := range figures {
				if fg.Open > fg.Opportunities || fg.Won+fg.Lost > fg.Opportunities || fg.Stale > fg.Open {
					t.Fatalf("figures out of proportion: %+v", fg)
				}
			}
		}
		_, existed := o.AsOf(asOf)
		if len(p.Stale(asOf)) > 1 || len(p.Slipping(asOf)) > 1 || (!existed && len(p.Stale(asOf)) > 0) {
			t.Fatalf("lists of one opportunity: %v, %v", p.Stale(asOf), p.Slipping(asOf))
		}
	})
}
