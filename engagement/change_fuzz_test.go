package engagement_test

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

// checkValidation fails t unless err is nil or wraps ErrInvalid with every
// joined error a FieldError of record whose Field is set.
func checkValidation(t *testing.T, err error, record string) {
	t.Helper()
	if err == nil {
		return
	}
	if !errors.Is(err, engagement.ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
	for _, e := range unjoin(err) {
		var fe *account.FieldError
		if !errors.As(e, &fe) || fe.Record != record || fe.Field == "" || fe.Reason == "" {
			t.Fatalf("error %v is not a FieldError of %s naming a field", e, record)
		}
		if len(e.Error()) > 2048 {
			t.Fatalf("error text of %d bytes", len(e.Error()))
		}
	}
}

// FuzzChangeValidate decodes a change from JSON (the form an application
// receives it in) and validates it: no panic, a typed error or nil, and a
// valid change's scope matches without panicking and survives a JSON round
// trip.
func FuzzChangeValidate(f *testing.F) {
	for _, c := range append(sampleChanges, validChange()) {
		b, err := json.Marshal(c)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{}`))
	f.Add([]byte(`{"ID":" x","Kind":"price","Severity":"low","GoLive":"2026-01-01T00:00:00Z","Announce":"2027-01-01T00:00:00Z","Touches":{"Regions":["EU","EU",""],"Audience":"internal"}}`))
	f.Add([]byte(`{"ID":"x","Title":"t","Kind":"release","Severity":"critical","GoLive":"2026-01-01T00:00:00Z","Touches":{"Accounts":["a","a"],"Everyone":true}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var c engagement.Change
		if json.Unmarshal(data, &c) != nil {
			return
		}
		err := c.Validate()
		checkValidation(t, err, "Change")
		if err != nil {
			return
		}
		a := account.Account{ID: "a", Region: "EU", Segment: "ent"}
		c.Touches.Matches(&a, engagement.Holdings{Services: []string{"s"}})
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("a valid change does not marshal: %v", err)
		}
		var back engagement.Change
		if err := json.Unmarshal(b, &back); err != nil || back.Validate() != nil {
			t.Fatalf("a valid change does not survive a round trip: %v", err)
		}
		if _, err := engagement.NewImpact(engagement.Portfolio{Accounts: []account.Account{a}}, []engagement.Change{c}, engagement.ImpactOptions{}); err != nil {
			t.Fatalf("NewImpact rejects a valid change: %v", err)
		}
	})
}

// FuzzFeedbackValidate builds a feedback item from fuzzed fields and
// validates it, then rolls it up: no panic, a typed error or nil.
func FuzzFeedbackValidate(f *testing.F) {
	f.Add("f-1", "acme", "c-1", int64(1767225600), uint8(2), "sso", "crm", "ch-1", "please")
	f.Add("", "", "", int64(0), uint8(0), "", "", "", "")
	f.Add(" f", "a\x00", "c ", int64(-1), uint8(4), " t", "s ", "\xff", "x")
	f.Fuzz(func(t *testing.T, id, acct, contact string, at int64, kind uint8, theme, service, change, text string) {
		x := engagement.Feedback{ID: engagement.FeedbackID(id), Account: account.ID(acct), Contact: account.ContactID(contact),
			Kind: engagement.FeedbackKind(kind), Theme: theme, Service: service, Change: engagement.ChangeID(change), Text: text}
		if at != 0 {
			x.At = time.Unix(at, 0)
		}
		err := x.Validate()
		checkValidation(t, err, "Feedback")
		v, rerr := engagement.RollUpFeedback([]account.Account{{ID: x.Account, Name: "n", Tier: 1}}, storeList([]engagement.Feedback{x}),
			engagement.VoiceOptions{By: engagement.VoiceBy(kind % 3)})
		if (err == nil) != (rerr == nil) {
			t.Fatalf("Validate says %v, RollUpFeedback %v", err, rerr)
		}
		if rerr == nil && v.Items+v.NoKey != 1 {
			t.Fatalf("a valid item counted %d times, %d without key", v.Items, v.NoKey)
		}
	})
}
