package escalation_test

import (
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// FuzzDetectorUnmarshalBinary feeds UnmarshalBinary arbitrary bytes: it
// either fails with ErrCheckpoint, leaving the detector as it was, or
// restores a detector that checkpoints to the same bytes again, reads
// more occurrences without fault and, once its clock has run past every
// window and hold, has no warning left standing.
func FuzzDetectorUnmarshalBinary(f *testing.F) {
	for _, d := range []*escalation.Detector{warnCheckpointScene(f), mustDetector(f, warnValidConfig())} {
		data, err := d.MarshalBinary()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	d := mustDetector(f, warnBenchConfig)
	warnFeed(f, d, genWarnStream(300, 20, 3, 2, 10*time.Second)...)
	data, err := d.MarshalBinary()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte(`{"format":1}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var d escalation.Detector
		if err := d.UnmarshalBinary(data); err != nil {
			if !errors.Is(err, escalation.ErrCheckpoint) {
				t.Fatalf("error %v does not wrap ErrCheckpoint", err)
			}
			if _, err := d.Add(warnOcc("I-1", "a", 0)); !errors.Is(err, escalation.ErrInvalid) {
				t.Fatalf("a failed UnmarshalBinary left a usable detector: %v", err)
			}
			return
		}
		again, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var r escalation.Detector
		if err := r.UnmarshalBinary(again); err != nil {
			t.Fatalf("checkpoint of a restored detector: %v", err)
		}
		if again2, _ := r.MarshalBinary(); string(again2) != string(again) {
			t.Fatalf("checkpoint not stable:\n%s\n%s", again, again2)
		}
		c := d.Config()
		now := d.Now()
		if now.IsZero() {
			now = warnT0
		}
		o := escalation.Occurrence{Issue: "fuzz", Account: "fuzz-acct", Category: "network", Service: "vpn", At: now}
		for tier := range c.Weights {
			o.Tier = tier
			break
		}
		if len(c.Weights) == 0 {
			o.Tier = account.Tier(1)
		}
		if _, err := d.Add(o); err != nil && !errors.Is(err, escalation.ErrInvalid) {
			t.Fatalf("Add: %v", err)
		}
		later := now.Add(c.Window + c.Hold + time.Nanosecond)
		if later.Year() > 2100 {
			return
		}
		if _, err := d.Advance(later); err != nil {
			t.Fatalf("Advance: %v", err)
		}
		if d.Len() != 0 || len(d.Active()) != 0 {
			t.Fatalf("after every window and hold: Len %d, Active %v", d.Len(), d.Active())
		}
	})
}
