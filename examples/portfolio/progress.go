package main

import (
	"fmt"
	"io"
	"sync"
	"time"
)

// progress tells the person at the terminal what a long step is doing, on
// standard error: a step that ends within a second says nothing, one that
// takes longer says what it is doing, how far it has got (at most once a
// second) and how long it took. A nil *progress says nothing, as -q asks.
//
// It is the one part of the program that reads the clock, and only for
// these messages: nothing the program writes to standard output or to its
// files depends on it.
type progress struct {
	w     io.Writer
	delay time.Duration    // how long a step runs before it is reported: a second
	now   func() time.Time // the clock; time.Now outside tests

	mu      sync.Mutex
	step    string      // the step running, "" between steps
	start   time.Time   // when it began
	last    time.Time   // when it was last reported
	said    bool        // whether it has been reported
	timer   *time.Timer // reports a step that outlives delay without news
	pending string      // the step's latest news, reported by the timer
}

// newProgress returns a progress writing to w, or nil when quiet.
func newProgress(w io.Writer, quiet bool) *progress {
	if quiet {
		return nil
	}
	return &progress{w: w, delay: time.Second, now: time.Now}
}

// begin starts a step: what, such as "generating 100,000 accounts".
func (p *progress) begin(what string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.step, p.start, p.said, p.pending = what, p.now(), false, ""
	step := what
	p.timer = time.AfterFunc(p.delay, func() {
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.step == step && !p.said {
			p.say(p.pending)
		}
	})
}

// update reports that the step has done done of total records of what
// ("transactions"): said at once if the step has run for a second and was
// last reported a second ago or more, else kept for the timer.
func (p *progress) update(what string, done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.step == "" {
		return
	}
	p.pending = what + " " + count(done) + " of " + count(total)
	if t := p.now(); t.Sub(p.start) >= p.delay && (!p.said || t.Sub(p.last) >= p.delay) {
		p.say(p.pending)
	}
}

// end ends the step, saying how long it took if it was reported.
func (p *progress) end() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.timer != nil {
		p.timer.Stop()
	}
	if p.said {
		fmt.Fprintf(p.w, "portfolio: %s: done in %.1f s\n", p.step, p.now().Sub(p.start).Seconds())
	}
	p.step, p.pending = "", ""
}

// say writes the step and its news; p.mu is held.
func (p *progress) say(news string) {
	if news == "" {
		fmt.Fprintf(p.w, "portfolio: %s...\n", p.step)
	} else {
		fmt.Fprintf(p.w, "portfolio: %s: %s\n", p.step, news)
	}
	p.said, p.last = true, p.now()
}

// count writes n with thousands separators: 1,000,000.
func count(n int) string {
	if n < 0 {
		return "-" + count(-n)
	}
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
