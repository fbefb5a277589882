package growth_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/shopspring/decimal"
)

func validStages() growth.Stages {
	return growth.Stages{
		{Name: "lead", Probability: decimal.RequireFromString("0.1"), MaxAge: time.Hour},
		{Name: "proposal", Probability: decimal.RequireFromString("0.5")},
		{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon},
		{Name: "lost", Outcome: growth.OutcomeLost},
	}
}

// wantField fails t unless err wraps want and holds an
// *account.FieldError with Record record and Field field.
func wantField(t *testing.T, err, want error, record, field string) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("error %v does not wrap %v", err, want)
	}
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v holds no *account.FieldError", err)
	}
	if fe.Record != record || fe.Field != field {
		t.Errorf("FieldError names %s.%s, want %s.%s (%v)", fe.Record, fe.Field, record, field, err)
	}
}

func TestStagesValidate(t *testing.T) {
	p := decimal.RequireFromString
	ok := func(f func(s growth.Stages) growth.Stages) func() growth.Stages {
		return func() growth.Stages { return f(validStages()) }
	}
	for _, tc := range []struct {
		name  string
		s     func() growth.Stages
		field string // "" for valid
	}{
		{"valid", ok(func(s growth.Stages) growth.Stages { return s }), ""},
		{"probability 0", ok(func(s growth.Stages) growth.Stages { s[0].Probability = p("0"); return s }), ""},
		{"probability 1", ok(func(s growth.Stages) growth.Stages { s[0].Probability = p("1"); return s }), ""},
		{"probability below 0", ok(func(s growth.Stages) growth.Stages { s[0].Probability = p("-0.000001"); return s }), "[0].Probability"},
		{"probability above 1", ok(func(s growth.Stages) growth.Stages { s[1].Probability = p("1.000001"); return s }), "[1].Probability"},
		{"won below 1", ok(func(s growth.Stages) growth.Stages { s[2].Probability = p("0.999"); return s }), "[2].Probability"},
		{"lost above 0", ok(func(s growth.Stages) growth.Stages { s[3].Probability = p("0.001"); return s }), "[3].Probability"},
		{"MaxAge 0", ok(func(s growth.Stages) growth.Stages { s[0].MaxAge = 0; return s }), ""},
		{"MaxAge negative", ok(func(s growth.Stages) growth.Stages { s[0].MaxAge = -1; return s }), "[0].MaxAge"},
		{"MaxAge on a terminal stage", ok(func(s growth.Stages) growth.Stages { s[2].MaxAge = 1; return s }), "[2].MaxAge"},
		{"name missing", ok(func(s growth.Stages) growth.Stages { s[1].Name = ""; return s }), "[1].Name"},
		{"name with trailing space", ok(func(s growth.Stages) growth.Stages { s[1].Name = "proposal "; return s }), "[1].Name"},
		{"name repeated", ok(func(s growth.Stages) growth.Stages { s[1].Name = "lead"; return s }), "[1].Name"},
		{"unknown outcome", ok(func(s growth.Stages) growth.Stages { s[1].Outcome = 3; return s }), "[1].Outcome"},
		{"open after terminal", ok(func(s growth.Stages) growth.Stages { s[1], s[2] = s[2], s[1]; return s }), "[2].Outcome"},
		{"lost before won", ok(func(s growth.Stages) growth.Stages { s[2], s[3] = s[3], s[2]; return s }), ""},
		{"two won", ok(func(s growth.Stages) growth.Stages {
			s[3] = growth.Stage{Name: "won2", Probability: p("1"), Outcome: growth.OutcomeWon}
			return append(s, growth.Stage{Name: "lost", Outcome: growth.OutcomeLost})
		}), ""},
		{"no lost", ok(func(s growth.Stages) growth.Stages { return s[:3] }), ""},
		{"no open stage", ok(func(s growth.Stages) growth.Stages {
			return append(s[2:], growth.Stage{Name: "lost2", Outcome: growth.OutcomeLost})
		}), ""},
		{"3 stages", func() growth.Stages { s := validStages(); return append(s[:1], s[2:]...) }, ""},
		{"2 stages", func() growth.Stages { return validStages()[2:] }, ""},
		{"MaxStages stages", func() growth.Stages { return manyStages(growth.MaxStages) }, ""},
		{"MaxStages+1 stages", func() growth.Stages { return manyStages(growth.MaxStages + 1) }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.s().Validate()
			valid := map[string]bool{"valid": true, "probability 0": true, "probability 1": true, "MaxAge 0": true,
				"lost before won": true, "3 stages": true, "MaxStages stages": true}[tc.name]
			switch {
			case valid && err != nil:
				t.Fatalf("Validate() = %v, want nil", err)
			case valid:
			case tc.field != "":
				wantField(t, err, growth.ErrInvalid, "Stages", tc.field)
			default: // a fault of the list as a whole
				wantField(t, err, growth.ErrInvalid, "Stages", "")
			}
		})
	}
}

func manyStages(n int) growth.Stages {
	s := make(growth.Stages, 0, n)
	for i := range n - 2 {
		s = append(s, growth.Stage{Name: "s" + strings.Repeat("i", i+1)})
	}
	return append(s, growth.Stage{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon},
		growth.Stage{Name: "lost", Outcome: growth.OutcomeLost})
}

func TestStagesIndex(t *testing.T) {
	s := validStages()
	if i, ok := s.Index("won"); !ok || i != 2 {
		t.Errorf(`Index("won") = %d, %v; want 2, true`, i, ok)
	}
	if _, ok := s.Index("Won"); ok {
		t.Errorf(`Index("Won") found a stage; names are case-sensitive`)
	}
}

func TestPipelineEnumsText(t *testing.T) {
	for _, v := range []interface {
		String() string
		MarshalText() ([]byte, error)
	}{growth.OutcomeOpen, growth.OutcomeWon, growth.OutcomeLost,
		growth.OpportunityRequest, growth.OpportunityQuotation, growth.OpportunityMiniProject, growth.OpportunityRenewal,
		growth.GroupByAll, growth.GroupByAccount, growth.GroupByOwner, growth.GroupByOffering} {
		b, err := v.MarshalText()
		if err != nil || string(b) != v.String() {
			t.Errorf("%v.MarshalText() = %q, %v", v, b, err)
		}
	}
	var o growth.Outcome
	var k growth.OpportunityKind
	var g growth.GroupBy
	if err := json.Unmarshal([]byte(`"lost"`), &o); err != nil || o != growth.OutcomeLost {
		t.Errorf("Outcome from lost = %v, %v", o, err)
	}
	if err := json.Unmarshal([]byte(`"mini-project"`), &k); err != nil || k != growth.OpportunityMiniProject {
		t.Errorf("OpportunityKind from mini-project = %v, %v", k, err)
	}
	if err := json.Unmarshal([]byte(`"offering"`), &g); err != nil || g != growth.GroupByOffering {
		t.Errorf("GroupBy from offering = %v, %v", g, err)
	}
	for _, u := range []interface{ UnmarshalText([]byte) error }{&o, &k, &g} {
		if err := u.UnmarshalText([]byte("Won")); !errors.Is(err, growth.ErrInvalid) {
			t.Errorf("%T.UnmarshalText(Won) = %v, want ErrInvalid", u, err)
		}
	}
	if o != growth.OutcomeLost || k != growth.OpportunityMiniProject || g != growth.GroupByOffering {
		t.Errorf("a failed UnmarshalText changed its value: %v %v %v", o, k, g)
	}
	for _, v := range []interface {
		String() string
		MarshalText() ([]byte, error)
	}{growth.Outcome(3), growth.OpportunityKind(5), growth.GroupBy(4)} {
		if _, err := v.MarshalText(); !errors.Is(err, growth.ErrInvalid) {
			t.Errorf("%v.MarshalText() = %v, want ErrInvalid", v, err)
		}
		if !strings.HasPrefix(v.String(), "%!") {
			t.Errorf("String of an unknown value = %q", v.String())
		}
	}
	// The zero OpportunityKind, unset, is the empty text, and back.
	if b, err := growth.OpportunityKind(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("OpportunityKind(0).MarshalText() = %q, %v; want the empty text", b, err)
	}
	k = growth.OpportunityRenewal
	if err := k.UnmarshalText(nil); err != nil || k != 0 {
		t.Errorf("UnmarshalText(\"\") = %v, %v; want 0", k, err)
	}
}

// TestStagesValidateTooFewOrTooMany checks what a list of the wrong length
// reports: too few stages are checked one by one as well (every fault at
// once), while too many are refused with the count alone, without a fault
// per stage.
func TestStagesValidateTooFewOrTooMany(t *testing.T) {
	few := validStages()[2:]
	few[0].Probability = decimal.NewFromInt(2)
	err := few.Validate()
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("two stages, one bad: %v", err)
	}
	if !strings.Contains(err.Error(), "must have from 3 to") || !strings.Contains(err.Error(), "Probability") {
		t.Errorf("two stages, one bad: %v; want the count and the probability", err)
	}
	many := make(growth.Stages, growth.MaxStages+1)
	for i := range many {
		many[i] = growth.Stage{Name: "", Probability: decimal.NewFromInt(2)} // every stage bad too
	}
	err = many.Validate()
	if err == nil || strings.Contains(err.Error(), "Probability") || !strings.Contains(err.Error(), "must have from 3 to") {
		t.Errorf("%d bad stages: %v; want the count alone", len(many), err)
	}
}
