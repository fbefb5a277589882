package growth_test

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/keyaccount/keyaccount/internal/fault"
)

var t0 = time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)

// validOpportunity is in "proposal", worth NZD 500 (it was 100), expected
// to close at t0 + 30 days.
func validOpportunity() growth.Opportunity {
	return growth.Opportunity{
		ID: "o-1", Account: "a-1", BuyingCentre: "a-1-it", Offerings: []account.OfferingID{"backup", "cloud"},
		Owner: "m-1", Kind: growth.OpportunityQuotation,
		History: []growth.Change{
			{At: t0, Author: "m-1", To: "lead", Value: account.MustParseMoney("NZD 100"), ExpectedClose: t0.Add(30 * 24 * time.Hour)},
			{At: t0.Add(time.Hour), Author: "m-2", From: "lead", To: "lead", Value: account.MustParseMoney("NZD 500")},
			{At: t0.Add(2 * time.Hour), Author: "m-1", From: "lead", To: "proposal"},
		},
	}
}

func TestOpportunityValidate(t *testing.T) {
	edit := func(f func(o *growth.Opportunity)) growth.Opportunity {
		o := validOpportunity()
		f(&o)
		return o
	}
	for _, tc := range []struct {
		name   string
		o      growth.Opportunity
		stages bool   // validate against validStages()
		field  string // "" for valid
		err    error
	}{
		{"valid", validOpportunity(), true, "", nil},
		{"valid without stages", validOpportunity(), false, "", nil},
		{"change at the same instant", edit(func(o *growth.Opportunity) { o.History[2].At = o.History[1].At }), true, "", nil},
		{"change back in time", edit(func(o *growth.Opportunity) { o.History[2].At = o.History[1].At.Add(-time.Nanosecond) }), false, "History[2].At", growth.ErrInvalid},
		{"value zero", edit(func(o *growth.Opportunity) { o.History[1].Value = account.MustParseMoney("NZD 0") }), true, "", nil},
		{"value negative", edit(func(o *growth.Opportunity) { o.History[1].Value = account.MustParseMoney("NZD -0.01") }), false, "History[1].Value", growth.ErrInvalid},
		{"first value negative", edit(func(o *growth.Opportunity) { o.History[0].Value = account.MustParseMoney("NZD -1") }), false, "History[0].Value", growth.ErrInvalid},
		{"value in another currency", edit(func(o *growth.Opportunity) { o.History[1].Value = account.MustParseMoney("AUD 5") }), false, "History[1].Value", growth.ErrInvalid},
		{"stage not in the list", edit(func(o *growth.Opportunity) { o.History[2].To = "negotiation" }), true, "History[2].To", growth.ErrUnknownStage},
		{"first stage not in the list", edit(func(o *growth.Opportunity) {
			o.History[0].To, o.History[1].From, o.History[1].To, o.History[2].From = "x", "x", "x", "x"
		}), true, "History[0].To", growth.ErrUnknownStage},
		{"unknown stage unchecked without stages", edit(func(o *growth.Opportunity) { o.History[2].To = "negotiation" }), false, "", nil},
		{"change after won", edit(func(o *growth.Opportunity) {
			o.History[2].To = "won"
			o.History = append(o.History, growth.Change{At: t0.Add(3 * time.Hour), Author: "m-1", From: "won", To: "lead"})
		}), true, "History[3].At", growth.ErrInvalid},
		{"change after lost", edit(func(o *growth.Opportunity) {
			o.History[2].To = "lost"
			o.History = append(o.History, growth.Change{At: t0.Add(3 * time.Hour), Author: "m-1", From: "lost", To: "lost", Value: account.MustParseMoney("NZD 1")})
		}), true, "History[3].At", growth.ErrInvalid},
		{"From is not the stage before", edit(func(o *growth.Opportunity) { o.History[2].From = "proposal" }), false, "History[2].From", growth.ErrInvalid},
		{"first From set", edit(func(o *growth.Opportunity) { o.History[0].From = "lead" }), false, "History[0].From", growth.ErrInvalid},
		{"first value missing", edit(func(o *growth.Opportunity) { o.History[0].Value = account.Money{} }), false, "History[0].Value", growth.ErrInvalid},
		{"first expected close missing", edit(func(o *growth.Opportunity) { o.History[0].ExpectedClose = time.Time{} }), false, "History[0].ExpectedClose", growth.ErrInvalid},
		{"change that changes nothing", edit(func(o *growth.Opportunity) { o.History[1].Value = account.Money{} }), false, "History[1]", growth.ErrInvalid},
		{"change that sets only the expected close", edit(func(o *growth.Opportunity) {
			o.History[1].Value, o.History[1].ExpectedClose = account.Money{}, t0
		}), true, "", nil},
		{"At missing", edit(func(o *growth.Opportunity) { o.History[0].At = time.Time{} }), false, "History[0].At", growth.ErrInvalid},
		{"Author missing", edit(func(o *growth.Opportunity) { o.History[1].Author = "" }), false, "History[1].Author", growth.ErrInvalid},
		{"To missing", edit(func(o *growth.Opportunity) { o.History[2].To = "" }), false, "History[2].To", growth.ErrInvalid},
		{"no history", edit(func(o *growth.Opportunity) { o.History = nil }), false, "History", growth.ErrInvalid},
		{"ID missing", edit(func(o *growth.Opportunity) { o.ID = "" }), false, "ID", growth.ErrInvalid},
		{"Account missing", edit(func(o *growth.Opportunity) { o.Account = "" }), false, "Account", growth.ErrInvalid},
		{"BuyingCentre with a control character", edit(func(o *growth.Opportunity) { o.BuyingCentre = "a\x00" }), false, "BuyingCentre", growth.ErrInvalid},
		{"Owner missing", edit(func(o *growth.Opportunity) { o.Owner = "" }), false, "Owner", growth.ErrInvalid},
		{"no offerings", edit(func(o *growth.Opportunity) { o.Offerings = nil }), true, "", nil},
		{"offering missing", edit(func(o *growth.Opportunity) { o.Offerings[1] = "" }), false, "Offerings[1]", growth.ErrInvalid},
		{"offering repeated", edit(func(o *growth.Opportunity) { o.Offerings[1] = "backup" }), false, "Offerings[1]", growth.ErrInvalid},
		{"Kind zero", edit(func(o *growth.Opportunity) { o.Kind = 0 }), false, "Kind", growth.ErrInvalid},
		{"Kind renewal", edit(func(o *growth.Opportunity) { o.Kind = growth.OpportunityRenewal }), false, "", nil},
		{"Kind past the last", edit(func(o *growth.Opportunity) { o.Kind = growth.OpportunityRenewal + 1 }), false, "Kind", growth.ErrInvalid},
		{"Version 0", edit(func(o *growth.Opportunity) { o.Version = 0 }), false, "", nil},
		{"Version negative", edit(func(o *growth.Opportunity) { o.Version = -1 }), false, "Version", growth.ErrInvalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stages growth.Stages
			if tc.stages {
				stages = validStages()
			}
			err := tc.o.Validate(stages)
			if tc.err == nil {
				if err != nil {
					t.Fatalf("Validate() = %v, want nil", err)
				}
				return
			}
			wantField(t, err, tc.err, "Opportunity", tc.field)
			var fe *account.FieldError
			if errors.As(err, &fe); fe.ID != string(tc.o.ID) {
				t.Errorf("FieldError.ID = %q, want %q", fe.ID, tc.o.ID)
			}
		})
	}
}

func TestOpportunityValidateCapsErrors(t *testing.T) {
	o := validOpportunity()
	o.Offerings = make([]account.OfferingID, 150) // 150 offerings with a leading space
	for i := range o.Offerings {
		o.Offerings[i] = account.OfferingID(" o" + strconv.Itoa(i))
	}
	err := o.Validate(nil)
	var n int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if m, ok := fault.More(e); ok {
			n = m
		}
	}
	if n != 50 {
		t.Errorf("the error's last line counts %d more errors, want 50", n)
	}
}

func TestOpportunityIDValidate(t *testing.T) {
	if err := growth.OpportunityID("o-1").Validate(); err != nil {
		t.Errorf("Validate(o-1) = %v", err)
	}
	for _, id := range []growth.OpportunityID{"", " o", "o\n", growth.OpportunityID(make([]byte, account.MaxIDLen+1))} {
		wantField(t, id.Validate(), growth.ErrInvalid, "OpportunityID", "value")
	}
	long := make([]byte, account.MaxIDLen)
	for i := range long {
		long[i] = 'x'
	}
	if err := growth.OpportunityID(long).Validate(); err != nil {
		t.Errorf("an ID of MaxIDLen bytes: %v", err)
	}
}

func TestOpportunityAccessors(t *testing.T) {
	o := validOpportunity()
	if o.Stage() != "proposal" || !o.Value().Equal(account.MustParseMoney("NZD 500")) || !o.ExpectedClose().Equal(t0.Add(30*24*time.Hour)) {
		t.Errorf("Stage, Value, ExpectedClose = %q, %v, %v", o.Stage(), o.Value(), o.ExpectedClose())
	}
	o.History = append(o.History, growth.Change{At: t0.Add(5 * time.Hour), Author: "m-1", From: "proposal", To: "proposal", ExpectedClose: t0})
	if !o.ExpectedClose().Equal(t0) || !o.Value().Equal(account.MustParseMoney("NZD 500")) {
		t.Errorf("after a new expected close: %v, %v", o.ExpectedClose(), o.Value())
	}
	var zero growth.Opportunity
	if zero.Stage() != "" || zero.Value() != (account.Money{}) || !zero.ExpectedClose().IsZero() {
		t.Errorf("zero Opportunity: %q, %v, %v", zero.Stage(), zero.Value(), zero.ExpectedClose())
	}
}

func TestOpportunityAsOf(t *testing.T) {
	o := validOpportunity()
	for _, tc := range []struct {
		at   time.Time
		n    int // changes seen; 0: did not exist
		want string
	}{
		{t0.Add(-time.Nanosecond), 0, ""},
		{t0, 1, "lead"},
		{t0.Add(time.Hour - time.Nanosecond), 1, "lead"},
		{t0.Add(time.Hour), 2, "lead"},
		{t0.Add(2 * time.Hour), 3, "proposal"},
		{t0.Add(1000 * time.Hour), 3, "proposal"},
	} {
		got, ok := o.AsOf(tc.at)
		if ok != (tc.n > 0) || len(got.History) != tc.n || got.Stage() != tc.want {
			t.Errorf("AsOf(%v) = %d changes in %q, %v; want %d in %q", tc.at, len(got.History), got.Stage(), ok, tc.n, tc.want)
		}
	}
	got, _ := o.AsOf(t0)
	got.Offerings[0] = "changed"
	got.History = append(got.History, growth.Change{Author: "x"})
	if o.Offerings[0] != "backup" || o.History[1].Author != "m-2" {
		t.Errorf("AsOf shares memory with the opportunity")
	}
}

func TestAsOfStream(t *testing.T) {
	a, b := validOpportunity(), validOpportunity()
	b.ID = "o-2"
	for i := range b.History {
		b.History[i].At = b.History[i].At.Add(24 * time.Hour)
	}
	got, err := account.Collect(growth.AsOf(seqOf([]growth.Opportunity{a, b}), t0.Add(time.Hour)))
	if err != nil || len(got) != 1 || got[0].ID != "o-1" || len(got[0].History) != 2 {
		t.Errorf("AsOf stream = %v, %v; want o-1 with 2 changes", got, err)
	}
	boom := errors.New("boom")
	bad := func(yield func(growth.Opportunity, error) bool) {
		if yield(a, nil) {
			yield(growth.Opportunity{}, boom)
		}
	}
	n := 0
	for _, err := range growth.AsOf(bad, t0) {
		n++
		if n == 2 && !errors.Is(err, boom) {
			t.Errorf("second pair error = %v, want boom", err)
		}
	}
	if n != 2 {
		t.Errorf("AsOf over a failing stream yielded %d pairs, want 2", n)
	}
	for range growth.AsOf(seqOf([]growth.Opportunity{a, a}), t0) {
		break // stopping early must not panic
	}
}

func TestExtendsAndEqual(t *testing.T) {
	h := validOpportunity().History
	same := make([]growth.Change, len(h))
	copy(same, h)
	same[0].At = same[0].At.In(time.FixedZone("NZST", 12*3600))
	same[0].Value = account.MustParseMoney("NZD 100.00")
	if !growth.Extends(h, same) || !growth.Extends(h[:1], same) || !growth.Extends(nil, same) {
		t.Errorf("Extends refused an equal or longer history")
	}
	if growth.Extends(h, same[:2]) {
		t.Errorf("Extends accepted a shorter history")
	}
	for i, f := range []func(c *growth.Change){
		func(c *growth.Change) { c.At = c.At.Add(1) },
		func(c *growth.Change) { c.Author = "x" },
		func(c *growth.Change) { c.From = "x" },
		func(c *growth.Change) { c.To = "x" },
		func(c *growth.Change) { c.Value = account.MustParseMoney("NZD 100.01") },
		func(c *growth.Change) { c.Value = account.MustParseMoney("AUD 100") },
		func(c *growth.Change) { c.ExpectedClose = c.ExpectedClose.Add(1) },
	} {
		c := h[0]
		f(&c)
		if c.Equal(h[0]) {
			t.Errorf("edit %d: Equal still holds", i)
		}
	}
	withZero := growth.Change{At: t0, Author: "m", From: "a", To: "b"}
	withNZD0 := withZero
	withNZD0.Value = account.MustParseMoney("NZD 0")
	if withZero.Equal(withNZD0) || withNZD0.Equal(withZero) {
		t.Errorf("a change that sets NZD 0 equals one that sets nothing")
	}
	if d := cmp.Diff(h, same); d != "" {
		t.Errorf("cmp (through Change.Equal) sees a difference:\n%s", d)
	}
}
