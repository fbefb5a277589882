package segmentation_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
)

// Every enumeration marshals to its name and back, through JSON, and
// rejects an unknown value or name with a field error wrapping ErrInvalid.
func TestEnumsRoundTripJSON(t *testing.T) {
	type all struct {
		Frequency []segmentation.FrequencyBasis
		Monetary  []segmentation.MonetaryBasis
		Binning   []segmentation.Binning
		Warning   []segmentation.WarningKind
		Problem   []segmentation.Problem
		Class     []segmentation.Class
	}
	in := all{
		Frequency: []segmentation.FrequencyBasis{segmentation.FrequencyTransactions, segmentation.FrequencyDistinctDays,
			segmentation.FrequencyDistinctWeeks, segmentation.FrequencyDistinctMonths, segmentation.FrequencyDistinctQuarters,
			segmentation.FrequencyDistinctYears},
		Monetary: []segmentation.MonetaryBasis{segmentation.MonetaryTotal, segmentation.MonetaryMean},
		Binning:  []segmentation.Binning{segmentation.BinningOrdinal, segmentation.BinningGrouped, segmentation.BinningFixed},
		Warning:  []segmentation.WarningKind{segmentation.WarningEmptyBin, segmentation.WarningSplitTie, segmentation.WarningUneven},
		Problem: []segmentation.Problem{segmentation.ProblemUnmatched, segmentation.ProblemShadowed,
			segmentation.ProblemOverlap, segmentation.ProblemBadRule},
		Class: []segmentation.Class{segmentation.ClassA, segmentation.ClassB, segmentation.ClassC},
	}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"Frequency":["transactions","distinct days","distinct weeks","distinct months","distinct quarters","distinct years"],` +
		`"Monetary":["total","mean"],"Binning":["ordinal","grouped","fixed"],"Warning":["empty bin","split tie","uneven bin"],` +
		`"Problem":["unmatched cell","shadowed rule","overlap","bad rule"],"Class":["A","B","C"]}`
	if diff := cmp.Diff(string(b), want); diff != "" {
		t.Errorf("JSON (-got +want):\n%s", diff)
	}
	var out all
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(out, in); diff != "" {
		t.Errorf("round trip (-got +want):\n%s", diff)
	}

	for _, v := range []any{segmentation.FrequencyBasis(9), segmentation.MonetaryBasis(9), segmentation.Binning(9),
		segmentation.WarningKind(9), segmentation.Problem(9), segmentation.Class(9)} {
		if _, err := json.Marshal(v); !errors.Is(err, segmentation.ErrInvalid) {
			t.Errorf("Marshal(%T(%v)) = %v, want ErrInvalid", v, v, err)
		}
	}
	// The unset (zero, unnamed) values are empty texts.
	for _, v := range []any{segmentation.WarningKind(0), segmentation.Problem(0), segmentation.Class(0)} {
		if b, err := json.Marshal(v); err != nil || string(b) != `""` {
			t.Errorf("Marshal(%T(0)) = %s, %v; want \"\"", v, b, err)
		}
	}
	for _, p := range []any{new(segmentation.FrequencyBasis), new(segmentation.MonetaryBasis), new(segmentation.Binning),
		new(segmentation.WarningKind), new(segmentation.Problem), new(segmentation.Class)} {
		err := json.Unmarshal([]byte(`"nonsense"`), p)
		var fe *account.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("Unmarshal into %T = %v, want a *account.FieldError", p, err)
			continue
		}
		if diff := cmp.Diff(fe.Err, segmentation.ErrInvalid, cmpopts.EquateErrors()); diff != "" {
			t.Errorf("Unmarshal into %T: Err (-got +want):\n%s", p, diff)
		}
	}
}
