package escalation

import (
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/sla"
)

// appendDur is time.Duration.String less trailing zero units, whatever the
// duration.
func TestAppendDur(t *testing.T) {
	for _, d := range []time.Duration{0, 1, time.Second, 59 * time.Second, time.Minute, 90 * time.Second, time.Hour,
		time.Hour + time.Second, time.Hour + time.Minute, 25*time.Hour + 30*time.Minute, 1500 * time.Millisecond, -time.Hour, -90 * time.Second} {
		want := d.String()
		if strings.HasSuffix(want, "m0s") {
			want = strings.TrimSuffix(want, "0s")
			if strings.HasSuffix(want, "h0m") {
				want = strings.TrimSuffix(want, "0m")
			}
		}
		if got := shortDur(d); got != want {
			t.Errorf("shortDur(%v) = %q, want %q", d, got, want)
		}
	}
	for p, want := range map[sla.Percent]string{75 * sla.OnePercent: "75%", 7550: "75.50%", 1: "0.01%", 100 * sla.OnePercent: "100%"} {
		if got := string(appendPct(nil, p)); got != want {
			t.Errorf("appendPct(%d) = %q, want %q", p, got, want)
		}
	}
}

// waitReason names, by its kind, a trigger it has no words for. Decide
// never shows it one: a level is waiting only when none of its triggers has
// an instant, and opened and previous triggers always have one.
func TestWaitReasonOtherKinds(t *testing.T) {
	l := &Level{Triggers: []Trigger{{Kind: TriggerRequested}, {Kind: TriggerPrevious, After: time.Hour}, {Kind: TriggerOpened}}}
	if got, want := waitReason(l), "waits for a customer request or previous or opened"; got != want {
		t.Errorf("waitReason = %q, want %q", got, want)
	}
}
