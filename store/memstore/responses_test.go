package memstore_test

import (
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// TestResponsesConformance runs the conformance suite of
// engagement.ResponseStore.
func TestResponsesConformance(t *testing.T) {
	storetest.RunResponses(t, func(*testing.T) engagement.ResponseStore { return memstore.New() })
}

// A store's list of responses passes straight into a satisfaction report.
func TestResponsesIntoSatisfaction(t *testing.T) {
	ctx := t.Context()
	s := memstore.New()
	at := time.Date(2026, time.May, 4, 9, 0, 0, 0, time.UTC)
	err := s.AddResponses(ctx,
		engagement.Response{ID: "r-1", Account: "acme", At: at, Kind: engagement.ResponseNPS, Score: 10},
		engagement.Response{ID: "r-2", Account: "acme", At: at, Kind: engagement.ResponseNPS, Score: 2},
		engagement.Response{ID: "r-3", Account: "acme", At: at, Kind: engagement.ResponseNPS, Score: 9})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := engagement.Satisfaction(s.Responses(ctx, engagement.ResponseFilter{Kind: engagement.ResponseNPS}),
		[]account.Account{{ID: "acme", Name: "Acme"}}, engagement.SatisfactionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 1 || rep.Rows[0].NPS.Responses != 3 || rep.Rows[0].NPS.Value.String() != "33.33" {
		t.Errorf("report = %+v, want NPS 33.33 on 3 responses", rep.Rows)
	}
	// An invalid response is rejected with both sentinels.
	err = s.AddResponses(ctx, engagement.Response{ID: "r-4", Account: "acme", At: at, Kind: engagement.ResponseEffort, Score: 8})
	if !errors.Is(err, engagement.ErrInvalid) || !errors.Is(err, account.ErrInvalid) {
		t.Errorf("error = %v, want one wrapping engagement.ErrInvalid and account.ErrInvalid", err)
	}
}
