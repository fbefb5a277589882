package storetest_test

import (
	"context"
	"iter"
	"os"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// As TestSuiteCatches does for account.Store, TestEscalationSuiteCatches
// runs RunEscalation on stores that each break one promise, in child
// processes, and checks that the subtests meant to catch it fail.

const brokenEscalationEnv = "STORETEST_BROKEN_ESCALATION_STORE"

var brokenEscalationStores = map[string]struct {
	newStore func() escalation.Store
	run      string   // the -test.run pattern below TestBrokenEscalationStore/Escalation
	failures []string // subtests of TestBrokenEscalationStore/Escalation that must fail, every time
	optional []string // subtests that fail by random search, not counted on
}{
	"check-then-act": {
		newStore: func() escalation.Store { return &checkThenAct{Store: memstore.New()} },
		run:      "^Concurrency$/^OneWinner$",
		failures: []string{"Concurrency/OneWinner"},
	},
	"always-added": {
		newStore: func() escalation.Store { return alwaysAdded{memstore.New()} },
		run:      "^(Records|Model)$/^(KeyTaken)?$",
		failures: []string{"Records/KeyTaken"},
		optional: []string{"Model"},
	},
	"reversed": {
		newStore: func() escalation.Store { return reversedFired{memstore.New()} },
		run:      "^(Records|Sequences|Model)$/^(AddAndList|Order|Many)?$",
		failures: []string{"Records/AddAndList", "Records/Order", "Sequences/Many"},
		optional: []string{"Model"},
	},
	"aliasing": {
		newStore: func() escalation.Store { return &aliasingFired{Store: memstore.New()} },
		run:      "^Records$/^NoAliasing$",
		failures: []string{"Records/NoAliasing"},
	},
	"fact-at-a-time": {
		newStore: func() escalation.Store { return factAtATime{memstore.New()} },
		run:      "^(Facts|Model)$/^(Order|DuplicateID|Invalid)?$",
		failures: []string{"Facts/Order", "Facts/DuplicateID", "Facts/Invalid"},
		optional: []string{"Model"},
	},
	"ignores-context": {
		newStore: func() escalation.Store { return escalationIgnoresContext{memstore.New()} },
		run:      "^Context$",
		failures: []string{"Context/Cancelled", "Context/DeadlineExceeded", "Context/CancelInsideLoop"},
	},
}

// TestBrokenEscalationStore runs RunEscalation on the broken store named
// in brokenEscalationEnv; it is meant to fail, and is skipped unless
// TestEscalationSuiteCatches runs it.
func TestBrokenEscalationStore(t *testing.T) {
	name := os.Getenv(brokenEscalationEnv)
	if name == "" {
		t.Skip("runs only as a child of TestEscalationSuiteCatches")
	}
	storetest.RunEscalation(t, func(*testing.T) escalation.Store { return brokenEscalationStores[name].newStore() })
}

func TestEscalationSuiteCatches(t *testing.T) {
	for name, b := range brokenEscalationStores {
		expectCaught(t, "TestBrokenEscalationStore/Escalation", brokenEscalationEnv, name, b.run, b.failures, b.optional)
	}
}

// checkThenAct looks for the key, then adds: two adds can both see it
// missing, and both report that they added. So that the race is lost every
// time, not by timing, the first add of a key waits, between its check and
// its add, for a second add of that key to check too (or for a minute, so
// that a suite that never races two adds cannot hang).
type checkThenAct struct {
	*memstore.Store
	mu    sync.Mutex
	gates map[string]chan struct{} // by key; closed once a second add has checked
}

func (s *checkThenAct) AddFired(ctx context.Context, r escalation.Record) (bool, error) {
	for got, err := range s.Fired(ctx, r.Issue) {
		if err != nil {
			return false, err
		}
		if got.Key == r.Key {
			return false, nil
		}
	}
	s.mu.Lock()
	gate, waiting := s.gates[r.Key]
	switch {
	case !waiting:
		if s.gates == nil {
			s.gates = map[string]chan struct{}{}
		}
		gate = make(chan struct{})
		s.gates[r.Key] = gate
	case gate != nil:
		close(gate)
		s.gates[r.Key] = nil // later adds pass
	}
	s.mu.Unlock()
	if !waiting {
		select {
		case <-gate:
		case <-time.After(time.Minute):
		}
	}
	_, err := s.Store.AddFired(ctx, r)
	return err == nil, err
}

// alwaysAdded reports every valid add as added, the taken keys included.
type alwaysAdded struct{ *memstore.Store }

func (s alwaysAdded) AddFired(ctx context.Context, r escalation.Record) (bool, error) {
	_, err := s.Store.AddFired(ctx, r)
	return err == nil, err
}

// reversedFired lists an issue's records in reverse order.
type reversedFired struct{ *memstore.Store }

func (s reversedFired) Fired(ctx context.Context, issue string) iter.Seq2[escalation.Record, error] {
	return func(yield func(escalation.Record, error) bool) {
		var recs []escalation.Record
		for r, err := range s.Store.Fired(ctx, issue) {
			if err != nil {
				yield(r, err)
				return
			}
			recs = append(recs, r)
		}
		slices.Reverse(recs)
		for _, r := range recs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

// aliasingFired keeps the Recipients slice it was given, and hands it out.
type aliasingFired struct {
	*memstore.Store
	mu   sync.Mutex
	kept map[string][]escalation.Person
}

func (s *aliasingFired) AddFired(ctx context.Context, r escalation.Record) (bool, error) {
	added, err := s.Store.AddFired(ctx, r)
	if added {
		s.mu.Lock()
		if s.kept == nil {
			s.kept = map[string][]escalation.Person{}
		}
		s.kept[r.Key] = r.Recipients
		s.mu.Unlock()
	}
	return added, err
}

func (s *aliasingFired) Fired(ctx context.Context, issue string) iter.Seq2[escalation.Record, error] {
	return func(yield func(escalation.Record, error) bool) {
		for r, err := range s.Store.Fired(ctx, issue) {
			s.mu.Lock()
			if kept, ok := s.kept[r.Key]; ok {
				r.Recipients = kept
			}
			s.mu.Unlock()
			if !yield(r, err) {
				return
			}
		}
	}
}

// factAtATime adds a batch of facts one by one, keeping those before the
// first it cannot add.
type factAtATime struct{ *memstore.Store }

func (s factAtATime) AddFacts(ctx context.Context, issue string, facts ...escalation.Fact) error {
	for _, f := range facts {
		if err := s.Store.AddFacts(ctx, issue, f); err != nil {
			return err
		}
	}
	return nil
}

// escalationIgnoresContext never looks at its context.
type escalationIgnoresContext struct{ *memstore.Store }

func (s escalationIgnoresContext) Fired(_ context.Context, issue string) iter.Seq2[escalation.Record, error] {
	return s.Store.Fired(context.Background(), issue)
}

func (s escalationIgnoresContext) AddFired(_ context.Context, r escalation.Record) (bool, error) {
	return s.Store.AddFired(context.Background(), r)
}

func (s escalationIgnoresContext) Facts(_ context.Context, issue string) iter.Seq2[escalation.Fact, error] {
	return s.Store.Facts(context.Background(), issue)
}

func (s escalationIgnoresContext) AddFacts(_ context.Context, issue string, facts ...escalation.Fact) error {
	return s.Store.AddFacts(context.Background(), issue, facts...)
}
