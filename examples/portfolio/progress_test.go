package main

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// clock is a fake clock the test moves by hand.
type clock struct{ t time.Time }

func (c *clock) now() time.Time       { return c.t }
func (c *clock) tick(d time.Duration) { c.t = c.t.Add(d) }
func testProgress(c *clock) (*progress, *strings.Builder) {
	var b strings.Builder
	return &progress{w: &b, delay: time.Second, now: c.now}, &b
}

// A step that ends within the delay says nothing; a longer one says what it
// did at most once per delay, and how long it took.
func TestProgress(t *testing.T) {
	c := &clock{t: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	p, out := testProgress(c)

	p.begin("quick step")
	c.tick(999 * time.Millisecond)
	p.update("records", 1, 2)
	p.end()
	if out.Len() != 0 {
		t.Errorf("a step within a second said %q", out.String())
	}

	p.begin("loading")
	c.tick(time.Second) // a second: reported
	p.update("transactions", 2000, 1000000)
	c.tick(500 * time.Millisecond) // half a second since: kept
	p.update("transactions", 4000, 1000000)
	c.tick(500 * time.Millisecond) // a second since: reported
	p.update("transactions", 1000000, 1000000)
	c.tick(250 * time.Millisecond)
	p.end()
	want := "portfolio: loading: transactions 2,000 of 1,000,000\n" +
		"portfolio: loading: transactions 1,000,000 of 1,000,000\n" +
		"portfolio: loading: done in 2.2 s\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}
}

// A step that gives no news is reported by the timer once it outlives the
// delay, and not after it has ended.
func TestProgressTimer(t *testing.T) {
	c := &clock{t: time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)}
	p, out := testProgress(c)
	p.delay = 10 * time.Millisecond
	p.begin("generating 100,000 accounts")
	deadline := time.Now().Add(10 * time.Second)
	for {
		p.mu.Lock()
		said := p.said
		p.mu.Unlock()
		if said || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	c.tick(3 * time.Second)
	p.end()
	want := "portfolio: generating 100,000 accounts...\nportfolio: generating 100,000 accounts: done in 3.0 s\n"
	if diff := cmp.Diff(want, out.String()); diff != "" {
		t.Errorf("progress (-want +got):\n%s", diff)
	}

	out.Reset()
	p.delay = time.Hour
	p.begin("short")
	p.end()
	p.timer.Reset(0) // fire it after the end: it must say nothing
	time.Sleep(20 * time.Millisecond)
	p.mu.Lock()
	defer p.mu.Unlock()
	if out.Len() != 0 {
		t.Errorf("the timer spoke after the step ended: %q", out.String())
	}
}

// -q makes a nil progress, which says nothing and does not fail.
func TestProgressQuiet(t *testing.T) {
	var b strings.Builder
	p := newProgress(&b, true)
	if p != nil {
		t.Fatalf("newProgress(quiet) = %v, want nil", p)
	}
	p.begin("x")
	p.update("y", 1, 2)
	p.end()
	if b.Len() != 0 {
		t.Errorf("a quiet progress wrote %q", b.String())
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 100000: "100,000"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
}
