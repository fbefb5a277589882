package escalation_test

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// warnCheckpointScene returns a detector with occurrences in its window, a
// warning standing at the clear level, waiting for its hold, and another
// above it.
func warnCheckpointScene(t warnTB) *escalation.Detector {
	c := warnValidConfig()
	c.Hold = 2 * time.Hour
	d := mustDetector(t, c)
	vpn := func(o escalation.Occurrence) escalation.Occurrence { o.Category, o.Service = "", "vpn"; return o }
	warnFeed(t, d, warnOcc("I-1", "a", 0), warnOcc("I-2", "b", 1), warnOcc("I-3", "c", 2), // raises network
		vpn(warnOcc("I-4", "a", 70)), vpn(warnOcc("I-5", "b", 71)), vpn(warnOcc("I-6", "c", 72))) // raises vpn; network below
	if got := len(d.Active()); got != 2 {
		t.Fatalf("scene: %d warnings stand, want 2", got)
	}
	return d
}

// jsonEdit decodes a checkpoint, lets edit change it, and encodes it.
func jsonEdit(t *testing.T, data []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestDetectorCheckpointRestarts(t *testing.T) {
	d := warnCheckpointScene(t)
	data, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var r escalation.Detector
	if err := r.UnmarshalBinary(data); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(d.Active(), r.Active()); diff != "" {
		t.Fatalf("Active (-original +restored):\n%s", diff)
	}
	if r.Len() != d.Len() || !r.Now().Equal(d.Now()) || !cmp.Equal(d.Config(), r.Config()) {
		t.Fatalf("restored: Len %d, Now %v, Config %v", r.Len(), r.Now(), r.Config())
	}
	rest := []escalation.Occurrence{warnOcc("I-7", "d", 80), warnOcc("I-8", "e", 140)}
	want := append(warnFeed(t, d, rest...), warnAdvance(t, d, warnAt(400))...)
	got := append(warnFeed(t, &r, rest...), warnAdvance(t, &r, warnAt(400))...)
	if diff := cmp.Diff(want, got); diff != "" || len(want) != 2 {
		t.Fatalf("after restart (-original +restored):\n%s", diff)
	}
	// A new detector's checkpoint restores a new detector.
	data, err = mustDetector(t, warnValidConfig()).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	if err := r.UnmarshalBinary(data); err != nil || r.Len() != 0 || !r.Now().IsZero() || r.Active() != nil {
		t.Fatalf("new detector: %v", err)
	}
	if got := warnFeed(t, &r, warnOcc("I-1", "a", 0), warnOcc("I-2", "b", 0), warnOcc("I-3", "c", 0)); len(got) != 1 || got[0].N != 1 {
		t.Fatalf("restored new detector: %v", got)
	}
}

func TestDetectorCheckpointInvalid(t *testing.T) {
	d := warnCheckpointScene(t)
	good, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	fresh, err := mustDetector(t, warnValidConfig()).MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	occs := func(m map[string]any) []any { return m["occurrences"].([]any) }
	stand := func(m map[string]any, i int) map[string]any { return m["standing"].([]any)[i].(map[string]any) }
	warning := func(m map[string]any, i int) map[string]any { return stand(m, i)["warning"].(map[string]any) }
	for _, tc := range []struct {
		name  string
		data  []byte
		field string // the Field of the checkpoint's FieldError
	}{
		{"empty", nil, ""},
		{"not JSON", []byte("{"), ""},
		{"trailing data", append(append([]byte{}, good...), "{}"...), ""},
		{"unknown field", jsonEdit(t, good, func(m map[string]any) { m["extra"] = 1 }), ""},
		{"format", jsonEdit(t, good, func(m map[string]any) { m["format"] = 2 }), "format"},
		{"config", jsonEdit(t, good, func(m map[string]any) { m["config"].(map[string]any)["Window"] = 0 }), "config"},
		{"next", jsonEdit(t, good, func(m map[string]any) { m["next"] = 0 }), "next"},
		{"next too large", jsonEdit(t, good, func(m map[string]any) { m["next"] = int64(math.MaxInt64/2 + 1) }), "next"},
		{"seen", jsonEdit(t, good, func(m map[string]any) { m["seen"] = 2 }), "seen"},
		{"not started with a clock", jsonEdit(t, fresh, func(m map[string]any) { m["now"] = "2025-06-02T09:00:00Z" }), "started"},
		{"not started with next", jsonEdit(t, fresh, func(m map[string]any) { m["next"] = 2 }), "started"},
		{"not started with seen", jsonEdit(t, fresh, func(m map[string]any) { m["seen"] = 2 }), "started"},
		{"now", jsonEdit(t, good, func(m map[string]any) { m["now"] = "0001-01-01T00:00:00Z" }), "now"},
		{"bad occurrence", jsonEdit(t, good, func(m map[string]any) { occs(m)[0].(map[string]any)["Account"] = "" }), "occurrences[0]"},
		{"occurrences out of order", jsonEdit(t, good, func(m map[string]any) {
			o := occs(m)
			o[0], o[1] = o[1], o[0]
		}), "occurrences[1].At"},
		{"occurrence after the clock", jsonEdit(t, good, func(m map[string]any) {
			occs(m)[2].(map[string]any)["At"] = "2025-06-02T10:13:00Z"
		}), "occurrences[2].At"},
		{"occurrence out of the window", jsonEdit(t, good, func(m map[string]any) {
			occs(m)[0].(map[string]any)["At"] = "2025-06-02T09:12:00Z"
		}), "occurrences[0].At"},
		{"threshold without warning", jsonEdit(t, good, func(m map[string]any) { m["standing"] = m["standing"].([]any)[:1] }), "standing"},
		{"dimension", jsonEdit(t, good, func(m map[string]any) { warning(m, 0)["Dimension"] = "region" }), ""},
		{"key", jsonEdit(t, good, func(m map[string]any) { warning(m, 0)["Key"] = "" }), "standing[0].warning.Key"},
		{"N order", jsonEdit(t, good, func(m map[string]any) { warning(m, 1)["N"] = 1 }), "standing[1].warning.N"},
		{"N past next", jsonEdit(t, good, func(m map[string]any) { warning(m, 1)["N"] = 3 }), "standing[1].warning.N"},
		{"raised zero", jsonEdit(t, good, func(m map[string]any) { warning(m, 0)["Raised"] = "0001-01-01T00:00:00Z" }), "standing[0].warning.Raised"},
		{"raised after clock", jsonEdit(t, good, func(m map[string]any) { warning(m, 1)["Raised"] = "2025-06-02T10:30:00Z" }), "standing[1].warning.Raised"},
		{"raised out of order", jsonEdit(t, good, func(m map[string]any) { warning(m, 1)["Raised"] = "2025-06-02T09:00:00Z" }), "standing[1].warning.Raised"},
		{"cleared", jsonEdit(t, good, func(m map[string]any) { warning(m, 0)["Cleared"] = "2025-06-02T10:20:00Z" }), "standing[0].warning.Cleared"},
		{"step kind", jsonEdit(t, good, func(m map[string]any) {
			warning(m, 0)["Steps"].([]any)[0].(map[string]any)["Kind"] = "vanished"
		}), ""},
		{"step kind zero", jsonEdit(t, good, func(m map[string]any) {
			warning(m, 0)["Steps"].([]any)[0].(map[string]any)["Kind"] = nil
		}), "standing[0].warning.Steps[0].Kind"},
		{"two warnings of one group", jsonEdit(t, good, func(m map[string]any) { warning(m, 1)["Key"], warning(m, 1)["Dimension"] = "network", "category" }), "standing[1].warning.Key"},
		{"below missing", jsonEdit(t, good, func(m map[string]any) { delete(stand(m, 0), "below") }), "standing[0].below"},
		{"below where above", jsonEdit(t, good, func(m map[string]any) { stand(m, 1)["below"] = stand(m, 0)["below"] }), "standing[1].below"},
		{"below kind", jsonEdit(t, good, func(m map[string]any) { stand(m, 0)["below"].(map[string]any)["Kind"] = nil }), "standing[0].below.Kind"},
		// Raised at 09:01 and at the clear level, the warning of network
		// clears at 10:12 with a Hold of 71 minutes: a checkpoint at 10:12
		// cannot hold it.
		{"would have cleared", jsonEdit(t, good, func(m map[string]any) { m["config"].(map[string]any)["Hold"] = 71 * 60e9 }), "standing[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := warnCheckpointScene(t)
			before, _ := r.MarshalBinary()
			err := r.UnmarshalBinary(tc.data)
			if !errors.Is(err, escalation.ErrCheckpoint) || !errors.Is(err, escalation.ErrInvalid) {
				t.Fatalf("UnmarshalBinary: %v, want ErrCheckpoint", err)
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Record != "Checkpoint" {
				t.Fatalf("%v is not a checkpoint's FieldError", err)
			}
			if tc.field != "" && fe.Field != tc.field {
				t.Errorf("Field = %q, want %q (%v)", fe.Field, tc.field, err)
			}
			if tc.field == "config" && len(warnFieldErrors(err, "DetectorConfig")) != 1 {
				t.Errorf("%v does not join the configuration's error", err)
			}
			if _, ok := err.(*account.FieldError); tc.field == "format" && !ok {
				t.Errorf("%v (%T) is not the checkpoint's FieldError alone", err, err)
			}
			if after, _ := r.MarshalBinary(); string(after) != string(before) {
				t.Errorf("a failed UnmarshalBinary changed the detector")
			}
		})
	}
	// The good checkpoint restores, and so does one at the largest next.
	var r escalation.Detector
	if err := r.UnmarshalBinary(good); err != nil {
		t.Fatal(err)
	}
	if err := r.UnmarshalBinary(jsonEdit(t, good, func(m map[string]any) { m["next"] = int64(math.MaxInt64 / 2) })); err != nil {
		t.Fatal(err)
	}
}

// The checkpoint's size, like the detector's memory, follows the window,
// not the stream: a steady stream ten times as long leaves a checkpoint of
// about the same size.
func TestDetectorCheckpointBounded(t *testing.T) {
	c := warnBenchConfig
	size := func(n int) (int, int) {
		d := mustDetector(t, c)
		warnFeed(t, d, genWarnStream(n, 5_000, 200, 100, 2*time.Second)...)
		data, err := d.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		return len(data), d.Len()
	}
	small, smallLen := size(20_000)
	large, largeLen := size(200_000)
	// About 1,800 occurrences in an hour's window at one every 2 s.
	for _, n := range []int{smallLen, largeLen} {
		if n < 1_500 || n > 2_200 {
			t.Errorf("window holds %d occurrences, want about 1,800", n)
		}
	}
	if float64(large) > 1.25*float64(small) {
		t.Errorf("checkpoint after 200,000 occurrences: %d bytes; after 20,000: %d bytes", large, small)
	}
	if !strings.HasPrefix(string(mustMarshal(t, mustDetector(t, c))), `{"format":1,`) {
		t.Errorf("checkpoint does not start with its format")
	}
}

func mustMarshal(t *testing.T, d *escalation.Detector) []byte {
	t.Helper()
	data, err := d.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// warnFieldErrors returns the field errors of the record (any record, for
// "") that err is or joins.
func warnFieldErrors(err error, record string) []*account.FieldError {
	var out []*account.FieldError
	if fe, ok := err.(*account.FieldError); ok {
		if record == "" || fe.Record == record {
			out = append(out, fe)
		}
		return out
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			out = append(out, warnFieldErrors(e, record)...)
		}
	}
	return out
}
