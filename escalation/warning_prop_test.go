package escalation_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// drawWarnConfig draws a valid configuration: small thresholds, windows and
// holds of minutes, weights in halves.
func drawWarnConfig(t *rapid.T) escalation.DetectorConfig {
	c := escalation.DetectorConfig{
		Window: time.Duration(rapid.IntRange(1, 120).Draw(t, "window")) * time.Minute,
		Hold:   time.Duration(rapid.SampledFrom([]int{0, 0, 1, 15, 45, 90}).Draw(t, "hold")) * time.Minute,
	}
	mode := rapid.IntRange(0, 2).Draw(t, "mode") // accounts, impact, both
	if mode != 1 {
		c.Raise.Accounts = rapid.IntRange(1, 5).Draw(t, "raiseAccounts")
		c.Clear.Accounts = rapid.IntRange(0, c.Raise.Accounts-1).Draw(t, "clearAccounts")
	}
	halves := func(n int) decimal.Decimal { return decimal.New(int64(n), 0).Div(decimal.NewFromInt(2)) }
	if mode != 0 || rapid.Bool().Draw(t, "weights") {
		c.Weights = map[account.Tier]decimal.Decimal{}
		for tier := account.Tier(1); tier <= 3; tier++ {
			c.Weights[tier] = halves(rapid.IntRange(1, 6).Draw(t, "weight"))
		}
	}
	if mode != 0 {
		r := rapid.IntRange(1, 20).Draw(t, "raiseImpact")
		c.Raise.Impact = halves(r)
		c.Clear.Impact = halves(rapid.IntRange(0, r-1).Draw(t, "clearImpact"))
	}
	return c
}

// drawWarnStream draws occurrences in order of time over a few accounts,
// categories and services, with many at the same instant.
func drawWarnStream(t *rapid.T, n int) []escalation.Occurrence {
	out := make([]escalation.Occurrence, n)
	at := warnT0
	for i := range out {
		at = at.Add(time.Duration(rapid.SampledFrom([]int{0, 0, 1, 5, 10, 30, 60}).Draw(t, "gap")) * time.Minute)
		a := rapid.IntRange(0, 6).Draw(t, "account")
		o := escalation.Occurrence{
			Issue: "I-" + strconv.Itoa(i), Account: account.ID("acct-" + strconv.Itoa(a)),
			Tier:     account.Tier(rapid.IntRange(1, 3).Draw(t, "tier")),
			Category: rapid.SampledFrom([]string{"", "network", "billing", "login"}).Draw(t, "category"),
			Service:  rapid.SampledFrom([]string{"", "vpn", "mail"}).Draw(t, "service"),
			At:       at,
		}
		if o.Category == "" && o.Service == "" {
			o.Category = "network"
		}
		out[i] = o
	}
	return out
}

// end returns an instant after which nothing more can happen to a
// detector of c fed stream.
func warnEnd(c escalation.DetectorConfig, stream []escalation.Occurrence) time.Time {
	last := warnT0
	if len(stream) > 0 {
		last = stream[len(stream)-1].At
	}
	return last.Add(c.Window + c.Hold + time.Minute)
}

// warnRunWhole returns the warnings of the stream given at once, then the
// clock advanced to its end.
func warnRunWhole(t warnTB, c escalation.DetectorConfig, stream []escalation.Occurrence) []escalation.Warning {
	d := mustDetector(t, c)
	out := warnFeed(t, d, stream...)
	out = append(out, warnAdvance(t, d, warnEnd(c, stream))...)
	if d.Len() != 0 || len(d.Active()) != 0 {
		t.Fatalf("at the end: Len %d, Active %v", d.Len(), d.Active())
	}
	return out
}

// The detector's output does not depend on how the stream is split into
// batches, nor on checkpoints and restarts between them, nor on advances
// of the clock between occurrences.
func TestPropertyDetectorBatchesAndCheckpoints(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawWarnConfig(t)
		stream := drawWarnStream(t, rapid.IntRange(0, 60).Draw(t, "n"))
		want := warnRunWhole(t, c, stream)

		d := mustDetector(t, c)
		var got []escalation.Warning
		for i := 0; i < len(stream); {
			j := i + rapid.IntRange(1, len(stream)-i).Draw(t, "batch")
			var seq []escalation.Occurrence = stream[i:j]
			for w, err := range d.Run(func(yield func(escalation.Occurrence, error) bool) {
				for _, o := range seq {
					if !yield(o, nil) {
						return
					}
				}
			}) {
				if err != nil {
					t.Fatal(err)
				}
				got = append(got, w)
			}
			i = j
			if i < len(stream) && rapid.Bool().Draw(t, "advance") {
				// Any instant up to the next occurrence's.
				span := stream[i].At.Sub(d.Now())
				at := d.Now().Add(time.Duration(rapid.Int64Range(0, int64(span)).Draw(t, "advanceBy")))
				got = append(got, warnAdvance(t, d, at)...)
			}
			if rapid.Bool().Draw(t, "checkpoint") {
				data, err := d.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				var r escalation.Detector
				if err := r.UnmarshalBinary(data); err != nil {
					t.Fatalf("UnmarshalBinary: %v\n%s", err, data)
				}
				again, err := r.MarshalBinary()
				if err != nil {
					t.Fatal(err)
				}
				if string(again) != string(data) {
					t.Fatalf("checkpoint of the restored detector differs:\n%s\n%s", data, again)
				}
				d = &r
			}
		}
		got = append(got, warnAdvance(t, d, warnEnd(c, stream))...)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Fatalf("batched (-whole +batched):\n%s", diff)
		}
	})
}

// warnNaive is the window of one category or service at one instant,
// recomputed from the stream.
type warnNaive struct {
	accounts []account.ID
	impact   decimal.Decimal
	first    string
}

// window recomputes the window of (dim, key) from the occurrences of
// stream, those with an instant in (at − Window, at].
func warnWindow(c escalation.DetectorConfig, stream []escalation.Occurrence, dim escalation.Dimension, key string, at time.Time) warnNaive {
	var n warnNaive
	latest := map[account.ID]account.Tier{}
	for _, o := range stream {
		k := o.Category
		if dim == escalation.DimensionService {
			k = o.Service
		}
		if k != key || !o.At.After(at.Add(-c.Window)) || o.At.After(at) {
			continue
		}
		if n.first == "" {
			n.first = o.Issue
		}
		if _, ok := latest[o.Account]; !ok {
			n.accounts = append(n.accounts, o.Account)
		}
		latest[o.Account] = o.Tier
	}
	for _, a := range n.accounts {
		n.impact = n.impact.Add(c.Weights[latest[a]])
	}
	return n
}

func (n warnNaive) reached(c escalation.DetectorConfig) bool {
	return (c.Raise.Accounts > 0 && len(n.accounts) >= c.Raise.Accounts) ||
		(c.Raise.Impact.Sign() > 0 && n.impact.Cmp(c.Raise.Impact) >= 0)
}

func (n warnNaive) below(c escalation.DetectorConfig) bool {
	return (c.Raise.Accounts == 0 || len(n.accounts) <= c.Clear.Accounts) &&
		(c.Raise.Impact.Sign() == 0 || n.impact.Cmp(c.Clear.Impact) <= 0)
}

// The detector agrees with the window recomputed from the stream: a
// window at the raise threshold has a warning standing; a warning raised
// names the window's accounts, in order, its first issue and its impact;
// a warning clears only at the clear level, after Hold, and warnings of
// one category or service alternate between raised and cleared.
func TestPropertyDetectorMatchesWindow(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := drawWarnConfig(t)
		stream := drawWarnStream(t, rapid.IntRange(0, 60).Draw(t, "n"))
		d := mustDetector(t, c)
		standing := map[string]int64{} // dim:key -> N of the warning that stands
		lastN := int64(0)
		// check checks the warnings of the call that read the stream up to
		// i (exclusive); the occurrence i (if any) was added after the
		// window moved, and can raise or clear a warning itself.
		check := func(ws []escalation.Warning, i int) {
			for _, w := range ws {
				seen := stream[:i]
				k := w.Dimension.String() + ":" + w.Key
				if w.Cleared.IsZero() {
					if _, ok := standing[k]; ok {
						t.Fatalf("warning %d raised for %s while %d stands", w.N, k, standing[k])
					}
					if w.N != lastN+1 {
						t.Fatalf("warning %d after %d", w.N, lastN)
					}
					lastN = w.N
					standing[k] = w.N
					seen = stream[:i+1]
					n := warnWindow(c, seen, w.Dimension, w.Key, w.Raised)
					if !n.reached(c) || !slices.Equal(n.accounts, w.Accounts) || n.first != w.First.Issue || !n.impact.Equal(w.Impact) {
						t.Fatalf("raised %v\nwindow %+v", w, n)
					}
					continue
				}
				if standing[k] != w.N {
					t.Fatalf("warning %d cleared for %s, where %d stands", w.N, k, standing[k])
				}
				delete(standing, k)
				if w.Cleared.Sub(w.Raised) < c.Hold {
					t.Fatalf("warning %d stood %v < Hold %v", w.N, w.Cleared.Sub(w.Raised), c.Hold)
				}
				cleared := w.Steps[len(w.Steps)-1]
				if cleared.Kind != escalation.WarningStepCleared || !cleared.At.Equal(w.Cleared) {
					t.Fatalf("last step %v", cleared)
				}
				if below := w.Steps[len(w.Steps)-2]; i < len(stream) && below.Kind == escalation.WarningStepCounted && below.Issue == stream[i].Issue {
					seen = stream[:i+1] // cleared by the occurrence i moving its account to a lighter tier
				}
				if n := warnWindow(c, seen, w.Dimension, w.Key, w.Cleared); !n.below(c) ||
					len(n.accounts) != cleared.Accounts || !n.impact.Equal(cleared.Impact) {
					t.Fatalf("cleared %v\nwindow %+v", w.Explain(), n)
				}
			}
		}
		for i, o := range stream {
			ws, err := d.Add(o)
			if err != nil {
				t.Fatal(err)
			}
			check(ws, i)
			active := map[string]bool{}
			for _, w := range d.Active() {
				active[w.Dimension.String()+":"+w.Key] = true
			}
			if len(active) != len(standing) {
				t.Fatalf("Active() %v, standing %v", active, standing)
			}
			for _, g := range []struct {
				dim escalation.Dimension
				key string
			}{{escalation.DimensionCategory, o.Category}, {escalation.DimensionService, o.Service}} {
				if g.key != "" && warnWindow(c, stream[:i+1], g.dim, g.key, o.At).reached(c) && !active[g.dim.String()+":"+g.key] {
					t.Fatalf("%s %q reaches the threshold at %v without a warning", g.dim, g.key, o.At)
				}
			}
		}
		check(warnAdvance(t, d, warnEnd(c, stream)), len(stream))
		if len(standing) != 0 {
			t.Fatalf("standing at the end: %v", standing)
		}
	})
}
