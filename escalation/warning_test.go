package escalation_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// warnT0 is the instant the tests' streams start at.
var warnT0 = time.Date(2025, time.June, 2, 9, 0, 0, 0, time.UTC)

// warnAt returns warnT0 plus m minutes.
func warnAt(m int) time.Time { return warnT0.Add(time.Duration(m) * time.Minute) }

func warnDec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// occ returns an occurrence of issue id on account a (tier 1) in category
// "network" at warnT0 plus m minutes.
func warnOcc(id string, a account.ID, m int) escalation.Occurrence {
	return escalation.Occurrence{Issue: id, Account: a, Tier: 1, Category: "network", At: warnAt(m)}
}

// warnTB is what the early-warning helpers need of a *testing.T,
// *testing.B or *rapid.T.
type warnTB interface {
	Helper()
	Fatal(args ...any)
	Fatalf(format string, args ...any)
}

func mustDetector(t warnTB, c escalation.DetectorConfig) *escalation.Detector {
	t.Helper()
	d, err := escalation.NewDetector(c)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// feed adds the occurrences to d and returns the warnings, failing on an
// error.
func warnFeed(t warnTB, d *escalation.Detector, os ...escalation.Occurrence) []escalation.Warning {
	t.Helper()
	var out []escalation.Warning
	for _, o := range os {
		ws, err := d.Add(o)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ws...)
	}
	return out
}

func warnAdvance(t warnTB, d *escalation.Detector, at time.Time) []escalation.Warning {
	t.Helper()
	ws, err := d.Advance(at)
	if err != nil {
		t.Fatal(err)
	}
	return ws
}

// warnSummary is what a test compares of a warning: its key, accounts and
// instants.
type warnSummary struct {
	N        int64
	Key      string
	Accounts string
	First    string
	Raised   time.Time
	Cleared  time.Time
}

func warnSummarise(ws []escalation.Warning) []warnSummary {
	var out []warnSummary
	for _, w := range ws {
		var a []string
		for _, id := range w.Accounts {
			a = append(a, string(id))
		}
		out = append(out, warnSummary{w.N, w.Dimension.String() + ":" + w.Key, strings.Join(a, ","), w.First.Issue, w.Raised, w.Cleared})
	}
	return out
}

func TestDetectorAccountThresholdEdges(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Accounts: 3}}
	two := []escalation.Occurrence{warnOcc("I-1", "a", 0), warnOcc("I-2", "b", 10)}
	d := mustDetector(t, c)
	if ws := warnFeed(t, d, two...); len(ws) != 0 {
		t.Fatalf("N-1 accounts raised %v", ws)
	}
	if ws := warnFeed(t, d, warnOcc("I-3", "c", 20)); !cmp.Equal(warnSummarise(ws), []warnSummary{
		{N: 1, Key: "category:network", Accounts: "a,b,c", First: "I-1", Raised: warnAt(20)},
	}) {
		t.Fatalf("N accounts: got %v", warnSummarise(ws))
	}
	if got := d.Active(); len(got) != 1 || got[0].N != 1 {
		t.Errorf("Active() = %v, want warning 1", got)
	}
}

func TestDetectorImpactThresholdEdges(t *testing.T) {
	c := escalation.DetectorConfig{
		Window:  time.Hour,
		Raise:   escalation.Threshold{Impact: warnDec("4.000001")},
		Weights: map[account.Tier]decimal.Decimal{1: warnDec("3"), 2: warnDec("1.000001"), 3: warnDec("1")},
	}
	o1 := warnOcc("I-1", "a", 0)
	o2 := warnOcc("I-2", "b", 5)
	o2.Tier = 3 // 3 + 1: just below
	d := mustDetector(t, c)
	if ws := warnFeed(t, d, o1, o2); len(ws) != 0 {
		t.Fatalf("impact W - 0.000001 raised %v", ws)
	}
	o3 := warnOcc("I-3", "b", 6)
	o3.Tier = 2 // b now weighs 1.000001: 4.000001 exactly
	ws := warnFeed(t, d, o3)
	if len(ws) != 1 || !ws[0].Impact.Equal(warnDec("4.000001")) || !ws[0].Raised.Equal(warnAt(6)) {
		t.Fatalf("impact W: got %v", ws)
	}
	if got := ws[0].Steps[len(ws[0].Steps)-1].String(); got != "2025-06-02T09:06:00Z raised: 2 accounts, impact 4.000001 (threshold 4.000001)" {
		t.Errorf("raised step = %q", got)
	}
}

func TestDetectorRepeatedAccountCountsOnce(t *testing.T) {
	c := escalation.DetectorConfig{
		Window: time.Hour, Raise: escalation.Threshold{Accounts: 2, Impact: warnDec("4")},
		Clear:   escalation.Threshold{Accounts: 1, Impact: warnDec("3")},
		Weights: map[account.Tier]decimal.Decimal{1: warnDec("3")},
	}
	d := mustDetector(t, c)
	var os []escalation.Occurrence
	for i := range 20 {
		os = append(os, warnOcc("I-"+string(rune('a'+i)), "acme", i))
	}
	if ws := warnFeed(t, d, os...); len(ws) != 0 {
		t.Fatalf("one account raised %v", warnSummarise(ws))
	}
	ws := warnFeed(t, d, warnOcc("I-z", "globex", 30))
	if len(ws) != 1 || len(ws[0].Accounts) != 2 || !ws[0].Impact.Equal(warnDec("6")) || ws[0].First.Issue != "I-a" {
		t.Fatalf("second account: got %v", ws)
	}
}

func TestDetectorWindowEdges(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Accounts: 2}}
	first := warnOcc("I-1", "a", 0)
	for _, tc := range []struct {
		name  string
		at    time.Time
		raise bool
	}{
		{"just inside", warnT0.Add(time.Hour - time.Nanosecond), true},
		{"at the window's end", warnT0.Add(time.Hour), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := mustDetector(t, c)
			second := warnOcc("I-2", "b", 0)
			second.At = tc.at
			ws := warnFeed(t, d, first, second)
			if got := len(ws) == 1; got != tc.raise {
				t.Fatalf("raised = %v, want %v (%v)", got, tc.raise, warnSummarise(ws))
			}
			wantLen := 2
			if !tc.raise {
				wantLen = 1
			}
			if d.Len() != wantLen {
				t.Errorf("Len() = %d, want %d", d.Len(), wantLen)
			}
		})
	}
}

// A window that hovers about the raise threshold raises one warning, not
// one for each occurrence that crosses it.
func TestDetectorHysteresisNoFlapping(t *testing.T) {
	c := escalation.DetectorConfig{Window: 30 * time.Minute, Raise: escalation.Threshold{Accounts: 3},
		Clear: escalation.Threshold{Accounts: 1}}
	d := mustDetector(t, c)
	// Every 10 minutes a new account: the window holds 3 accounts, then
	// 3 again as one leaves and one comes (2 between).
	var os []escalation.Occurrence
	for i := range 30 {
		os = append(os, warnOcc("I-"+string(rune('A'+i)), account.ID("acct-"+string(rune('A'+i))), 10*i))
	}
	ws := warnFeed(t, d, os...)
	if len(ws) != 1 {
		t.Fatalf("hovering window: got %d warnings, want 1: %v", len(ws), warnSummarise(ws))
	}
	// Without hysteresis (clear at 2 accounts), the same stream flaps.
	c.Clear.Accounts = 2
	flappy := warnFeed(t, mustDetector(t, c), os...)
	if len(flappy) < 10 {
		t.Fatalf("clear level 2: got %d warnings, want it to flap", len(flappy))
	}
	// The stream ends; the warning clears when one account is left.
	if ws = warnAdvance(t, d, warnAt(300)); len(ws) != 0 {
		t.Fatalf("two accounts left: cleared early: %v", warnSummarise(ws))
	}
	want := []warnSummary{{N: 1, Key: "category:network", Accounts: "acct-A,acct-B,acct-C", First: "I-A", Raised: warnAt(20),
		Cleared: warnAt(290 + 20)}}
	ws = warnAdvance(t, d, warnAt(310))
	if diff := cmp.Diff(want, warnSummarise(ws)); diff != "" {
		t.Fatalf("clear (-want +got):\n%s", diff)
	}
}

// A warning stands for Hold at least: measures at the clear level before
// then clear it exactly when Hold has passed; after, at once.
func TestDetectorHold(t *testing.T) {
	c := escalation.DetectorConfig{Window: 10 * time.Minute, Raise: escalation.Threshold{Accounts: 2},
		Clear: escalation.Threshold{Accounts: 0}, Hold: time.Hour}
	d := mustDetector(t, c)
	warnFeed(t, d, warnOcc("I-1", "a", 0), warnOcc("I-2", "b", 1)) // raised at 1, empty at 11
	if ws := warnAdvance(t, d, warnAt(61).Add(-time.Nanosecond)); len(ws) != 0 {
		t.Fatalf("cleared before Hold: %v", warnSummarise(ws))
	}
	ws := warnAdvance(t, d, warnAt(61))
	if len(ws) != 1 || !ws[0].Cleared.Equal(warnAt(61)) {
		t.Fatalf("at Hold: got %v", warnSummarise(ws))
	}
	steps := ws[0].Steps
	if got := steps[len(steps)-2].String(); got != `2025-06-02T09:11:00Z expired: issue "I-2", account "b" (tier 1): 0 accounts, impact 0` {
		t.Errorf("below step = %q", got)
	}
	if got := steps[len(steps)-1].String(); got != "2025-06-02T10:01:00Z cleared: 0 accounts (at most 0), impact 0, stood 1h0m0s" {
		t.Errorf("cleared step = %q", got)
	}

	// Back above the clear level before Hold: no clearing at Hold, but
	// at the first instant after it at the clear level.
	d = mustDetector(t, c)
	warnFeed(t, d, warnOcc("I-1", "a", 0), warnOcc("I-2", "b", 1), warnOcc("I-3", "c", 55))
	if ws := warnAdvance(t, d, warnAt(64)); len(ws) != 0 {
		t.Fatalf("cleared at Hold with an account in the window: %v", warnSummarise(ws))
	}
	ws = warnAdvance(t, d, warnAt(65))
	if len(ws) != 1 || !ws[0].Cleared.Equal(warnAt(65)) {
		t.Fatalf("after Hold: got %v", warnSummarise(ws))
	}
	if d.Len() != 0 || len(d.Active()) != 0 {
		t.Errorf("after clearing: Len %d, Active %v", d.Len(), d.Active())
	}
}

// warnTierConfig raises at an impact of 6 and clears at 2, with tier 1
// weighing 5 and tier 3 weighing 1, without Hold.
func warnTierConfig() escalation.DetectorConfig {
	return escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Impact: warnDec("6")},
		Clear: escalation.Threshold{Impact: warnDec("2")}, Weights: map[account.Tier]decimal.Decimal{1: warnDec("5"), 3: warnDec("1")}}
}

// warnOccTier is warnOcc with the account in tier.
func warnOccTier(id string, a account.ID, m int, tier account.Tier) escalation.Occurrence {
	o := warnOcc(id, a, m)
	o.Tier = tier
	return o
}

// An account's weight is its latest tier's: an occurrence that moves an
// account to a lighter tier can bring the impact to the clear level.
func TestDetectorLatestTierWeighs(t *testing.T) {
	d := mustDetector(t, warnTierConfig())
	if ws := warnFeed(t, d, warnOcc("I-1", "a", 0), warnOccTier("I-2", "b", 1, 3)); len(ws) != 1 {
		t.Fatalf("raise: %v", warnSummarise(ws))
	}
	ws := warnFeed(t, d, warnOccTier("I-3", "a", 2, 3)) // a is now tier 3: impact 2
	if len(ws) != 1 || !ws[0].Cleared.Equal(warnAt(2)) {
		t.Fatalf("lighter tier: got %v", warnSummarise(ws))
	}
	if got := ws[0].Steps[len(ws[0].Steps)-2]; got.Kind != escalation.WarningStepCounted || got.Issue != "I-3" || !got.Impact.Equal(warnDec("2")) {
		t.Errorf("below step = %v", got)
	}
}

// An occurrence with both a category and a service counts in both; the
// category's warning comes first.
func TestDetectorBothDimensions(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Accounts: 2}}
	d := mustDetector(t, c)
	o1 := warnOcc("I-1", "a", 0)
	o1.Service = "vpn"
	o2 := warnOcc("I-2", "b", 0)
	o2.Service = "vpn"
	o3 := escalation.Occurrence{Issue: "I-3", Account: "c", Service: "mail", At: warnAt(1)}
	ws := warnFeed(t, d, o1, o2, o3)
	want := []warnSummary{
		{N: 1, Key: "category:network", Accounts: "a,b", First: "I-1", Raised: warnAt(0)},
		{N: 2, Key: "service:vpn", Accounts: "a,b", First: "I-1", Raised: warnAt(0)},
	}
	if diff := cmp.Diff(want, warnSummarise(ws)); diff != "" {
		t.Fatalf("(-want +got):\n%s", diff)
	}
}

func TestDetectorRun(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Accounts: 2}}
	os := []escalation.Occurrence{warnOcc("I-1", "a", 0), warnOcc("I-2", "b", 1), warnOcc("I-3", "c", 2), warnOcc("I-4", "d", 200)}
	seq := func(yield func(escalation.Occurrence, error) bool) {
		for _, o := range os {
			if !yield(o, nil) {
				return
			}
		}
	}
	d := mustDetector(t, c)
	var got []escalation.Warning
	for w, err := range d.Run(seq) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, w)
	}
	want := warnFeed(t, mustDetector(t, c), os...)
	if diff := cmp.Diff(want, got); diff != "" || len(got) != 2 {
		t.Fatalf("Run (-Add +Run):\n%s", diff)
	}
	// A consumer that stops early.
	for range mustDetector(t, c).Run(seq) {
		break
	}
	// An error of the stream stops it.
	boom := errors.New("boom")
	bad := func(yield func(escalation.Occurrence, error) bool) {
		if yield(os[0], nil) {
			yield(escalation.Occurrence{}, boom)
		}
	}
	var errs []error
	for _, err := range mustDetector(t, c).Run(bad) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], boom) {
		t.Errorf("stream error: got %v", errs)
	}
	// An error of Add stops it.
	late := func(yield func(escalation.Occurrence, error) bool) {
		_ = yield(os[1], nil) && yield(os[0], nil) && yield(os[2], nil)
	}
	errs = nil
	for _, err := range mustDetector(t, c).Run(late) {
		errs = append(errs, err)
	}
	if len(errs) != 1 || !errors.Is(errs[0], escalation.ErrLateOccurrence) {
		t.Errorf("late occurrence: got %v", errs)
	}
}

func TestDetectorConfigCopied(t *testing.T) {
	w := map[account.Tier]decimal.Decimal{1: warnDec("2")}
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Impact: warnDec("4")}, Weights: w}
	d := mustDetector(t, c)
	w[1] = warnDec("100")
	got := d.Config()
	got.Weights[1] = warnDec("50")
	if diff := cmp.Diff(warnDec("2"), d.Config().Weights[1]); diff != "" {
		t.Fatalf("weights aliased: %s", diff)
	}
	if !d.Now().IsZero() {
		t.Errorf("Now() of a new detector = %v", d.Now())
	}
	warnFeed(t, d, warnOcc("I-1", "a", 3))
	if !d.Now().Equal(warnAt(3)) {
		t.Errorf("Now() = %v, want %v", d.Now(), warnAt(3))
	}
}

func TestDetectorResultsNotAliased(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Accounts: 2}}
	d := mustDetector(t, c)
	ws := warnFeed(t, d, warnOcc("I-1", "a", 0), warnOcc("I-2", "b", 1))
	ws[0].Accounts[0] = "changed"
	ws[0].Steps[0].Issue = "changed"
	act := d.Active()
	act[0].Accounts[1] = "changed"
	cl := warnAdvance(t, d, warnAt(200))
	if len(cl) != 1 || cl[0].Accounts[0] != "a" || cl[0].Accounts[1] != "b" || cl[0].Steps[0].Issue != "I-1" {
		t.Fatalf("detector state changed through its results: %v", cl)
	}
}

// With no Hold, an occurrence that moves its account to a lighter tier at
// the instant of the raise clears the warning at once.
func TestDetectorClearAtRaiseInstant(t *testing.T) {
	d := mustDetector(t, warnTierConfig())
	ws := warnFeed(t, d, warnOcc("I-1", "a", 0), warnOccTier("I-2", "b", 0, 3), warnOccTier("I-3", "a", 0, 3))
	if len(ws) != 2 || !ws[1].Cleared.Equal(warnAt(0)) || ws[1].Steps[len(ws[1].Steps)-1].Held != 0 {
		t.Fatalf("got %v", ws)
	}
}

// An accounts-only warning names no impact threshold in its steps.
func TestWarningTextAccountsOnly(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Accounts: 2}}
	d := mustDetector(t, c)
	a2 := warnOcc("I-2", "a", 1)
	a2.Tier = 2
	warnFeed(t, d, warnOcc("I-1", "a", 0), a2, warnOcc("I-3", "b", 2))
	ws := warnAdvance(t, d, warnAt(120))
	want := `warning 1: category "network": raised 2025-06-02T09:02:00Z: 2 accounts ("a", "b"), impact 0, first issue "I-1" at 2025-06-02T09:00:00Z, cleared 2025-06-02T10:02:00Z
	2025-06-02T09:00:00Z counted: issue "I-1", account "a" (tier 1): 1 account, impact 0
	2025-06-02T09:01:00Z counted: issue "I-2", account "a" (tier 2): 1 account, impact 0
	2025-06-02T09:02:00Z counted: issue "I-3", account "b" (tier 1): 2 accounts, impact 0
	2025-06-02T09:02:00Z raised: 2 accounts (threshold 2), impact 0
	2025-06-02T10:02:00Z expired: issue "I-3", account "b" (tier 1): 0 accounts, impact 0
	2025-06-02T10:02:00Z cleared: 0 accounts (at most 0), impact 0, stood 1h0m0s`
	if len(ws) != 1 || ws[0].Explain() != want {
		t.Fatalf("got %v\nwant\n%s", ws, want)
	}
}

// The steps of a raised warning give the running measures of the window:
// a repeated account counts once, at its latest tier's weight.
func TestWarningStepsRunningImpact(t *testing.T) {
	c := escalation.DetectorConfig{Window: time.Hour, Raise: escalation.Threshold{Accounts: 2},
		Weights: map[account.Tier]decimal.Decimal{1: warnDec("3"), 2: warnDec("1.5")}}
	d := mustDetector(t, c)
	a2 := warnOcc("I-2", "a", 1)
	a2.Tier = 2
	ws := warnFeed(t, d, warnOcc("I-1", "a", 0), a2, warnOcc("I-3", "b", 2))
	var got []string
	for _, s := range ws[0].Steps {
		got = append(got, strconv.Itoa(s.Accounts)+" "+s.Impact.String())
	}
	if diff := cmp.Diff([]string{"1 3", "1 1.5", "2 4.5", "2 4.5"}, got); diff != "" {
		t.Fatalf("steps' measures (-want +got):\n%s", diff)
	}
}
