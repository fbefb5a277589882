package tiering_test

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/tiering"
)

// enums lists every enumeration of the package: its known values, an
// unknown one, and how the unknown one prints.
var enums = map[string]struct {
	known   []fmt.Stringer
	unknown fmt.Stringer
	want    string
}{
	"Basis":         {[]fmt.Stringer{tiering.BasisScore, tiering.BasisShare, tiering.BasisCount, tiering.BasisValue}, tiering.Basis(9), "%!Basis(9)"},
	"TierReason":    {[]fmt.Stringer{tiering.TierPolicy, tiering.TierOverride, tiering.TierMargin, tiering.TierDwell, tiering.TierStepLimit, tiering.TierCap}, tiering.TierReason(9), "%!TierReason(9)"},
	"Direction":     {[]fmt.Stringer{tiering.DirectionHigherIsBetter, tiering.DirectionLowerIsBetter}, tiering.Direction(9), "%!Direction(9)"},
	"Handling":      {[]fmt.Stringer{tiering.HandlingPresent, tiering.HandlingWorst, tiering.HandlingMedian, tiering.HandlingDropped}, tiering.Handling(9), "%!Handling(9)"},
	"MissingPolicy": {[]fmt.Stringer{tiering.MissingFail, tiering.MissingWorst, tiering.MissingMedian, tiering.MissingDrop}, tiering.MissingPolicy(9), "%!MissingPolicy(9)"},
	"Normalisation": {[]fmt.Stringer{tiering.NormalisationMinMax, tiering.NormalisationPercentileRank, tiering.NormalisationZScore, tiering.NormalisationLogMinMax, tiering.NormalisationBanded}, tiering.Normalisation(9), "%!Normalisation(9)"},
	"MoveReason":    {[]fmt.Stringer{tiering.MoveScore, tiering.MovePolicy, tiering.MoveOverride, tiering.MoveExpiry, tiering.MoveNew}, tiering.MoveReason(9), "%!MoveReason(9)"},
	"Trend":         {[]fmt.Stringer{tiering.TrendDown, tiering.TrendFlat, tiering.TrendUp}, tiering.Trend(9), "%!Trend(9)"},
}

// Every enumeration names each of its values, distinctly, and prints an
// unknown value as time.Month does.
func TestEnumStrings(t *testing.T) {
	for name, e := range enums {
		seen := map[string]bool{}
		for _, v := range e.known {
			s := v.String()
			if s == "" || strings.HasPrefix(s, "%!") || seen[s] {
				t.Errorf("%s %d prints %q: empty, unknown or repeated", name, v, s)
			}
			seen[s] = true
		}
		if diff := cmp.Diff(e.unknown.String(), e.want); diff != "" {
			t.Errorf("%s: unknown value (-got +want):\n%s", name, diff)
		}
	}
}

// Every enumeration goes to JSON as its name and back to the same value;
// an unknown value does not marshal, and an unknown name does not
// unmarshal, both with errors wrapping ErrInvalid.
func TestEnumJSON(t *testing.T) {
	for name, e := range enums {
		for _, v := range e.known {
			b, err := json.Marshal(v)
			if err != nil {
				t.Errorf("%s: Marshal(%v): %v", name, v, err)
				continue
			}
			if want, _ := json.Marshal(v.String()); string(b) != string(want) {
				t.Errorf("%s: Marshal(%v) = %s, want %s", name, v, b, want)
			}
			back := reflect.New(reflect.TypeOf(v))
			if err := json.Unmarshal(b, back.Interface()); err != nil {
				t.Errorf("%s: Unmarshal(%s): %v", name, b, err)
				continue
			}
			if got := back.Elem().Interface(); got != v {
				t.Errorf("%s: %s round-trips to %v, want %v", name, b, got, v)
			}
		}
		if _, err := json.Marshal(e.unknown); !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("%s: Marshal(%s) err = %v, want ErrInvalid", name, e.want, err)
		}
		u := reflect.New(reflect.TypeOf(e.unknown)).Interface().(encoding.TextUnmarshaler)
		if err := u.UnmarshalText([]byte("no such value")); !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("%s: UnmarshalText(no such value) err = %v, want ErrInvalid", name, err)
		}
	}
}

// A policy written as JSON reads back the same, enumerations by name.
func TestPolicyJSON(t *testing.T) {
	p := tiering.Policy{Name: "p", Basis: tiering.BasisShare, Rules: []tiering.TierRule{{Cap: 3}, {}}}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"Basis":"share"`) {
		t.Errorf("Basis is not written by name: %s", b)
	}
	var back tiering.Policy
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Basis != p.Basis || back.NumTiers() != 2 || back.Rules[0].Cap != 3 {
		t.Errorf("round trip: got %+v, want %+v", back, p)
	}
}
