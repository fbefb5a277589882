package tiering_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/tiering"
)

// Every enumeration names each of its values, distinctly, and prints an
// unknown value as time.Month does.
func TestEnumStrings(t *testing.T) {
	type enum struct {
		known   []fmt.Stringer
		unknown fmt.Stringer
		want    string // how unknown prints
	}
	enums := map[string]enum{
		"Basis":         {[]fmt.Stringer{tiering.ByScore, tiering.ByShare, tiering.ByCount, tiering.ByValue}, tiering.Basis(9), "%!Basis(9)"},
		"Cause":         {[]fmt.Stringer{tiering.CausePolicy, tiering.CauseOverride, tiering.CauseMargin, tiering.CauseDwell, tiering.CauseStepLimit, tiering.CauseCap}, tiering.Cause(9), "%!Cause(9)"},
		"Direction":     {[]fmt.Stringer{tiering.HigherIsBetter, tiering.LowerIsBetter}, tiering.Direction(9), "%!Direction(9)"},
		"Handling":      {[]fmt.Stringer{tiering.Present, tiering.ScoredWorst, tiering.ImputedMedian, tiering.Dropped}, tiering.Handling(9), "%!Handling(9)"},
		"MissingPolicy": {[]fmt.Stringer{tiering.MissingFail, tiering.MissingWorst, tiering.MissingMedian, tiering.MissingDrop}, tiering.MissingPolicy(9), "%!MissingPolicy(9)"},
		"Normalisation": {[]fmt.Stringer{tiering.MinMax, tiering.PercentileRank, tiering.ZScore, tiering.LogMinMax, tiering.Banded}, tiering.Normalisation(9), "%!Normalisation(9)"},
		"Reason":        {[]fmt.Stringer{tiering.ReasonScore, tiering.ReasonPolicy, tiering.ReasonOverride, tiering.ReasonExpiry, tiering.ReasonNew}, tiering.Reason(9), "%!Reason(9)"},
		"Trend":         {[]fmt.Stringer{tiering.Down, tiering.Flat, tiering.Up}, tiering.Trend(9), "%!Trend(9)"},
	}
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
