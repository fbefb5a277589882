package assign_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
)

var (
	handoverReasons = []assign.HandoverReason{assign.HandoverNew, assign.HandoverOwnerGone, assign.HandoverPinned,
		assign.HandoverIneligible, assign.HandoverHierarchy, assign.HandoverCapacity, assign.HandoverBalance}
	unplacedReasons = []assign.UnplacedReason{assign.UnplacedNoMatch, assign.UnplacedTooLarge, assign.UnplacedTier1Limit,
		assign.UnplacedPin, assign.UnplacedNoRoom, assign.UnplacedHandoverLimit}
)

// Every reason has its own name, and an unknown value prints as
// time.Month does.
func TestReasonStrings(t *testing.T) {
	var got []string
	for _, r := range handoverReasons {
		got = append(got, r.String())
	}
	for _, r := range unplacedReasons {
		got = append(got, r.String())
	}
	got = append(got, assign.HandoverReason(0).String(), assign.HandoverReason(99).String(),
		assign.UnplacedReason(0).String(), assign.UnplacedReason(7).String())
	want := []string{"new", "owner gone", "pinned", "ineligible", "hierarchy", "capacity", "balance",
		"no match", "too large", "tier-1 limit", "pin", "no room", "handover limit",
		"%!HandoverReason(0)", "%!HandoverReason(99)", "%!UnplacedReason(0)", "%!UnplacedReason(7)"}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("names (-got +want):\n%s", diff)
	}
}

// roundTrip checks that each value goes to JSON as its name and comes
// back the same.
func roundTrip[T interface {
	comparable
	String() string
}](t *testing.T, values []T) {
	t.Helper()
	for _, v := range values {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatalf("Marshal(%v): %v", v, err)
		}
		if want := `"` + v.String() + `"`; string(b) != want {
			t.Errorf("Marshal(%v) = %s, want %s", v, b, want)
		}
		var back T
		if err := json.Unmarshal(b, &back); err != nil || back != v {
			t.Errorf("Unmarshal(%s) = %v, %v; want %v", b, back, err, v)
		}
	}
}

// Every reason goes to JSON as its name and comes back the same.
func TestReasonJSONRoundTrip(t *testing.T) {
	roundTrip(t, handoverReasons)
	roundTrip(t, unplacedReasons)
	// A whole Result, reasons included.
	res := assign.Result{
		Handovers: []assign.Handover{{Account: "a", From: "m1", To: "m2", Reason: assign.HandoverCapacity}},
		Unplaced:  []assign.Unplaced{{Account: "b", Workload: 3, Reason: assign.UnplacedNoRoom, Detail: "every manager who may own it is full"}},
	}
	b, err := json.Marshal(res)
	if err != nil {
		t.Fatal(err)
	}
	var back assign.Result
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(back, res); diff != "" {
		t.Errorf("Result round trip (-got +want):\n%s", diff)
	}
}

// An unknown value does not marshal, and an unknown name does not
// unmarshal; both report an *account.FieldError wrapping ErrInvalid, and
// the target is left alone.
func TestReasonTextErrors(t *testing.T) {
	for _, v := range []interface{ MarshalText() ([]byte, error) }{assign.HandoverReason(42), assign.UnplacedReason(42)} {
		_, err := v.MarshalText()
		var fe *account.FieldError
		if !errors.Is(err, assign.ErrInvalid) || !errors.As(err, &fe) {
			t.Errorf("%v.MarshalText() error = %v, want an *account.FieldError wrapping ErrInvalid", v, err)
		}
	}
	h := assign.HandoverBalance
	err := h.UnmarshalText([]byte("Balance"))
	var fe *account.FieldError
	if !errors.Is(err, assign.ErrInvalid) || !errors.As(err, &fe) || fe.Record != "HandoverReason" || h != assign.HandoverBalance {
		t.Errorf("UnmarshalText(Balance) = %v, reason %v; want a HandoverReason FieldError and no change", err, h)
	}
	u := assign.UnplacedPin
	err = u.UnmarshalText([]byte(strings.Repeat("x", 1<<20)))
	if !errors.Is(err, assign.ErrInvalid) || !errors.As(err, &fe) || fe.Record != "UnplacedReason" || u != assign.UnplacedPin {
		t.Errorf("UnmarshalText(1 MB) = %v, reason %v; want an UnplacedReason FieldError and no change", err, u)
	}
	if n := len(err.Error()); n > 1024 {
		t.Errorf("UnmarshalText(1 MB) error is %d bytes", n)
	}
}
