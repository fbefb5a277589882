package tiering_test

import (
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// A name, tier, segment or contact kind given a third time is reported
// against the first, and the first is not reported.
func TestValidateRepeatsNameTheFirst(t *testing.T) {
	m := tiering.Measure{Name: "x", Weight: 1, Source: tiering.Attribute("x")}
	card := func(name string, segments ...string) tiering.Scorecard {
		return tiering.Scorecard{Name: name, When: tiering.Selector{Segments: segments}, Measures: []tiering.Measure{m}}
	}
	_, cardsErr := tiering.Score(nil, card("a", "s"), card("b", "s"), card("b", "s"), card("b", "s"))
	kinds := []account.InteractionKind{account.InteractionCall, 9, account.InteractionVisit, account.InteractionCall, account.InteractionCall}
	for name, tt := range map[string]struct {
		err       error
		want, not []string
	}{
		"scorecard names": {cardsErr,
			[]string{`Scorecard "b": Name "b": is used by cards[1] too`},
			[]string{`Scorecard "a": Name`, `by cards[2]`}},
		"segments": {card("c", "s", "t", "s", "s").Validate(),
			[]string{`When.Segments[2] "s": is listed twice`, `When.Segments[3] "s": is listed twice`},
			[]string{`Segments[0]`, `Segments[1]`}},
		"measure names": {tiering.Scorecard{Name: "c", Measures: []tiering.Measure{m, m, m}}.Validate(),
			[]string{`Measures[1].Name "x": is used by Measures[0] too`, `Measures[2].Name "x": is used by Measures[0] too`},
			[]string{`Measures[0].Name`}},
		"model tiers": {tiering.ServiceModels{{Tier: 1}, {Tier: 2}, {Tier: 1}, {Tier: 1}}.Validate(),
			[]string{`[2].Tier tier 1: has a model already at ServiceModels[0]`, `[3].Tier tier 1: has a model already at ServiceModels[0]`},
			[]string{`[0].Tier`, `[1].Tier`, `ServiceModels[2]`}},
		"contact kinds": {tiering.ServiceModels{{Tier: 1, ContactKinds: kinds}}.Validate(),
			[]string{`ContactKinds[1] 9: is not a known InteractionKind`, `ContactKinds[3] call: is listed twice`, `ContactKinds[4] call: is listed twice`},
			[]string{`ContactKinds[0]`, `ContactKinds[2]`}},
	} {
		if tt.err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		text := tt.err.Error()
		for _, w := range tt.want {
			if !strings.Contains(text, w) {
				t.Errorf("%s: error lacks %q:\n%s", name, w, text)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(text, w) {
				t.Errorf("%s: error has %q:\n%s", name, w, text)
			}
		}
	}
}

// Looking for repeats costs time linear in the input: 256Ki repeated
// segments, tiers or contact kinds, after as many entries that are not
// repeats, are checked in seconds (a quadratic check
// would take minutes).
func TestValidateRepeatsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("large input")
	}
	const n = 1 << 18
	segments := make([]string, 2*n)
	models := make(tiering.ServiceModels, 2*n)
	kinds := make([]account.InteractionKind, 2*n)
	for i := range n {
		segments[i], segments[n+i] = string(rune('a'+i%26))+strings.Repeat("z", i/26%8)+string(rune(i)), "dup"
		models[i].Tier, models[n+i].Tier = account.Tier(1+i%255), 1
		kinds[i], kinds[n+i] = 99, account.InteractionCall // unknown kinds first, then one kind repeated
	}
	card := tiering.Scorecard{Name: "c", When: tiering.Selector{Segments: segments}, Measures: []tiering.Measure{{Name: "x", Weight: 1, Source: tiering.Attribute("x")}}}
	for name, validate := range map[string]func() error{
		"segments":      card.Validate,
		"model tiers":   models.Validate,
		"contact kinds": tiering.ServiceModels{{Tier: 1, ContactKinds: kinds}}.Validate,
	} {
		start := time.Now()
		err := validate()
		if d := time.Since(start); d > 20*time.Second {
			t.Errorf("%s: Validate took %v", name, d)
		}
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
