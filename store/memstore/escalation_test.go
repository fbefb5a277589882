package memstore_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestEscalationConformance runs the conformance suite of the escalation
// stores.
func TestEscalationConformance(t *testing.T) {
	storetest.RunEscalation(t, func(*testing.T) escalation.Store { return memstore.New() })
}

// BenchmarkAddFired adds the records of 1,000 issues, ten each, in order
// of time within each issue, then adds each again (a lost compare-and-set).
func BenchmarkAddFired(b *testing.B) {
	t0 := time.Date(2024, 6, 3, 9, 0, 0, 0, time.UTC)
	var recs []escalation.Record
	for i := range 1000 {
		issue := fmt.Sprint("T-", i)
		for r := range 10 {
			at := t0.Add(time.Duration(r) * time.Hour)
			recs = append(recs, escalation.Record{Key: escalation.Key(issue, "am", r), Issue: issue, Account: "acme",
				Policy: "p", Version: 1, Level: 1, LevelName: "am", Repeat: r, Recipients: []escalation.Person{"amy"}, Due: at, At: at})
		}
	}
	ctx := context.Background()
	var s *memstore.Store
	for b.Loop() {
		s = memstore.New()
		for _, r := range recs {
			if added, err := s.AddFired(ctx, r); err != nil || !added {
				b.Fatal(added, err)
			}
		}
		for _, r := range recs {
			if added, err := s.AddFired(ctx, r); err != nil || added {
				b.Fatal(added, err)
			}
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*2*len(recs)), "ns/add")
	_ = s
}
