package account_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// fieldsAtFault returns "Record.Field" for every FieldError in err, in order.
func fieldsAtFault(t *testing.T, err error) []string {
	t.Helper()
	var out []string
	var walk func(error)
	walk = func(err error) {
		if err == nil {
			return
		}
		var fe *account.FieldError
		if j, ok := err.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
			return
		}
		if errors.As(err, &fe) {
			out = append(out, fe.Record+"."+fe.Field)
			return
		}
		t.Errorf("error %v is not a FieldError", err)
	}
	walk(err)
	if err != nil && !errors.Is(err, account.ErrInvalid) {
		t.Errorf("error %v does not wrap ErrInvalid", err)
	}
	return out
}

func TestAccountValidate(t *testing.T) {
	valid := account.Account{ID: "acme", Name: "Acme Ltd", Currency: "NZD", Attributes: map[string]decimal.Decimal{"sites": decimal.NewFromInt(3)}, Created: t0, Updated: t0}
	tests := []struct {
		name   string
		modify func(*account.Account)
		want   []string
	}{
		{"valid", func(*account.Account) {}, nil},
		{"no ID", func(a *account.Account) { a.ID = "" }, []string{"Account.ID"}},
		{"control char in ID", func(a *account.Account) { a.ID = "a\x00b" }, []string{"Account.ID"}},
		{"padded ID", func(a *account.Account) { a.ID = " acme" }, []string{"Account.ID"}},
		{"long ID", func(a *account.Account) { a.ID = account.ID(strings.Repeat("x", account.MaxIDLen+1)) }, []string{"Account.ID"}},
		{"blank name", func(a *account.Account) { a.Name = "  " }, []string{"Account.Name"}},
		{"own parent", func(a *account.Account) { a.Parent = a.ID }, []string{"Account.Parent"}},
		{"parent", func(a *account.Account) { a.Parent = "acme-group" }, nil},
		{"padded parent", func(a *account.Account) { a.Parent = "acme-group " }, []string{"Account.Parent"}},
		{"currency from A to Z", func(a *account.Account) { a.Currency = "ZAR" }, nil},
		{"currency A", func(a *account.Account) { a.Currency = "AUD" }, nil},
		{"currency below A", func(a *account.Account) { a.Currency = "@UD" }, []string{"Account.Currency"}},
		{"currency above Z", func(a *account.Account) { a.Currency = "Z[R" }, []string{"Account.Currency"}},
		{"bad owner", func(a *account.Account) { a.Owner = "m\n1" }, []string{"Account.Owner"}},
		{"bad currency", func(a *account.Account) { a.Currency = "XYZ" }, []string{"Account.Currency"}},
		{"bad attribute", func(a *account.Account) { a.Attributes[" sites"] = decimal.Zero }, []string{"Account.Attributes"}},
		{"negative version", func(a *account.Account) { a.Version = -1 }, []string{"Account.Version"}},
		{"updated before created", func(a *account.Account) { a.Updated = t0.Add(-time.Second) }, []string{"Account.Updated"}},
		{"tier since", func(a *account.Account) { a.Tier, a.TierSince = 2, t0 }, nil},
		{"tier since, updated unknown", func(a *account.Account) { a.Tier, a.TierSince, a.Updated = 2, t0.Add(time.Hour), time.Time{} }, nil},
		{"tier since without a tier", func(a *account.Account) { a.TierSince = t0 }, []string{"Account.TierSince"}},
		{"tier since after updated", func(a *account.Account) { a.Tier, a.TierSince = 1, t0.Add(time.Second) }, []string{"Account.TierSince"}},
		{"tier since after updated, without a tier", func(a *account.Account) { a.TierSince = t0.Add(time.Second) }, []string{"Account.TierSince", "Account.TierSince"}},
		{"several", func(a *account.Account) { a.ID, a.Name, a.Currency = "", "", "nzd" }, []string{"Account.ID", "Account.Name", "Account.Currency"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := valid.Clone()
			tt.modify(&a)
			if diff := cmp.Diff(fieldsAtFault(t, a.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
}

func TestFieldErrorCarriesIDAndValue(t *testing.T) {
	c := account.Contact{ID: "c-17", Account: "acme", Name: "Ana", Influence: 7}
	var fe *account.FieldError
	if !errors.As(c.Validate(), &fe) {
		t.Fatal("no FieldError")
	}
	want := &account.FieldError{Record: "Contact", ID: "c-17", Field: "Influence", Value: 7, Reason: "must be from 1 to 5", Err: account.ErrInvalid}
	if diff := cmp.Diff(*fe, *want, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("FieldError (-got +want):\n%s", diff)
	}
	if got, want := fe.Error(), `account: invalid input: Contact "c-17": Influence 7: must be from 1 to 5`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestContactValidate(t *testing.T) {
	valid := account.Contact{ID: "c1", Account: "acme", Name: "Ana Ngata", Role: account.RoleSponsor, Influence: 4, Attitude: account.AttitudeSupporter}
	tests := []struct {
		name   string
		modify func(*account.Contact)
		want   []string
	}{
		{"valid", func(*account.Contact) {}, nil},
		{"unknown role is fine", func(c *account.Contact) { c.Role = account.RoleUnknown }, nil},
		{"no account", func(c *account.Contact) { c.Account = "" }, []string{"Contact.Account"}},
		{"no name", func(c *account.Contact) { c.Name = "" }, []string{"Contact.Name"}},
		{"bad role", func(c *account.Contact) { c.Role = 99 }, []string{"Contact.Role"}},
		{"influence 0", func(c *account.Contact) { c.Influence = 0 }, []string{"Contact.Influence"}},
		{"influence 6", func(c *account.Contact) { c.Influence = 6 }, []string{"Contact.Influence"}},
		{"influence 1", func(c *account.Contact) { c.Influence = 1 }, nil},
		{"influence 5", func(c *account.Contact) { c.Influence = 5 }, nil},
		{"bad attitude", func(c *account.Contact) { c.Attitude = 2 }, []string{"Contact.Attitude"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := valid
			tt.modify(&c)
			if diff := cmp.Diff(fieldsAtFault(t, c.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
}

func TestManagerValidate(t *testing.T) {
	valid := account.Manager{ID: "m1", Name: "Hemi", Capacity: 40, Regions: []string{"NZ", "AU"}, Skills: []string{"energy"}, Active: true}
	tests := []struct {
		name   string
		modify func(*account.Manager)
		want   []string
	}{
		{"valid", func(*account.Manager) {}, nil},
		{"no ID", func(m *account.Manager) { m.ID = "" }, []string{"Manager.ID"}},
		{"no name", func(m *account.Manager) { m.Name = "" }, []string{"Manager.Name"}},
		{"negative capacity", func(m *account.Manager) { m.Capacity = -1 }, []string{"Manager.Capacity"}},
		{"repeated region", func(m *account.Manager) { m.Regions = []string{"NZ", "NZ"} }, []string{"Manager.Regions"}},
		{"empty skill", func(m *account.Manager) { m.Skills = []string{""} }, []string{"Manager.Skills"}},
		{"empty industry", func(m *account.Manager) { m.Industries = []string{" "} }, []string{"Manager.Industries"}},
		{"bad audience", func(m *account.Manager) { m.Audience = 7 }, []string{"Manager.Audience"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid.Clone()
			tt.modify(&m)
			if diff := cmp.Diff(fieldsAtFault(t, m.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
}

func TestTransactionValidate(t *testing.T) {
	valid := account.Transaction{ID: "t1", Account: "acme", At: t0, Amount: account.MustParseMoney("NZD 10"), Kind: account.TransactionRevenue}
	tests := []struct {
		name   string
		modify func(*account.Transaction)
		want   []string
	}{
		{"valid", func(*account.Transaction) {}, nil},
		{"refund is fine", func(x *account.Transaction) { x.Amount = x.Amount.Neg() }, nil},
		{"no ID", func(x *account.Transaction) { x.ID = "" }, []string{"Transaction.ID"}},
		{"no account", func(x *account.Transaction) { x.Account = "" }, []string{"Transaction.Account"}},
		{"no time", func(x *account.Transaction) { x.At = time.Time{} }, []string{"Transaction.At"}},
		{"no money", func(x *account.Transaction) { x.Amount = account.Money{} }, []string{"Transaction.Amount"}},
		{"no kind", func(x *account.Transaction) { x.Kind = 0 }, []string{"Transaction.Kind"}},
		{"offering set", func(x *account.Transaction) { x.Offering = "payroll" }, nil},
		{"offering 256 bytes", func(x *account.Transaction) { x.Offering = account.OfferingID(strings.Repeat("o", 256)) }, nil},
		{"offering 257 bytes", func(x *account.Transaction) { x.Offering = account.OfferingID(strings.Repeat("o", 257)) }, []string{"Transaction.Offering"}},
		{"offering with space", func(x *account.Transaction) { x.Offering = " payroll" }, []string{"Transaction.Offering"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := valid
			tt.modify(&x)
			if diff := cmp.Diff(fieldsAtFault(t, x.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
}

func TestInteractionValidate(t *testing.T) {
	valid := account.Interaction{ID: "i1", Account: "acme", At: t0, Kind: account.InteractionReview, Channel: account.ChannelVideo, Sentiment: 1, Participants: []string{"m1", "c1"}}
	tests := []struct {
		name   string
		modify func(*account.Interaction)
		want   []string
	}{
		{"valid", func(*account.Interaction) {}, nil},
		{"no account", func(i *account.Interaction) { i.Account = "" }, []string{"Interaction.Account"}},
		{"no time", func(i *account.Interaction) { i.At = time.Time{} }, []string{"Interaction.At"}},
		{"no kind", func(i *account.Interaction) { i.Kind = 0 }, []string{"Interaction.Kind"}},
		{"bad channel", func(i *account.Interaction) { i.Channel = 42 }, []string{"Interaction.Channel"}},
		{"sentiment 3", func(i *account.Interaction) { i.Sentiment = 3 }, []string{"Interaction.Sentiment"}},
		{"sentiment -3", func(i *account.Interaction) { i.Sentiment = -3 }, []string{"Interaction.Sentiment"}},
		{"repeated participant", func(i *account.Interaction) { i.Participants = []string{"m1", "m1"} }, []string{"Interaction.Participants"}},
		{"division and family", func(i *account.Interaction) { i.Division, i.OfferingFamily = "Markets", "payments" }, nil},
		{"division 256 bytes", func(i *account.Interaction) { i.Division = strings.Repeat("d", 256) }, nil},
		{"division 257 bytes", func(i *account.Interaction) { i.Division = strings.Repeat("d", 257) }, []string{"Interaction.Division"}},
		{"division with control", func(i *account.Interaction) { i.Division = "Mar\nkets" }, []string{"Interaction.Division"}},
		{"family 257 bytes", func(i *account.Interaction) { i.OfferingFamily = strings.Repeat("f", 257) }, []string{"Interaction.OfferingFamily"}},
		{"family with space", func(i *account.Interaction) { i.OfferingFamily = "payments " }, []string{"Interaction.OfferingFamily"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			i := valid.Clone()
			tt.modify(&i)
			if diff := cmp.Diff(fieldsAtFault(t, i.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
}

func TestEnumsText(t *testing.T) {
	type textual interface {
		String() string
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		v    textual
		want string
	}{
		{account.RoleDecisionMaker, "decision-maker"},
		{account.RoleGatekeeper, "gatekeeper"},
		{account.AttitudeDetractor, "detractor"},
		{account.AudienceInternal, "internal"},
		{account.TransactionCost, "cost"},
		{account.InteractionReview, "review"},
		{account.ChannelInPerson, "in-person"},
	}
	for _, tt := range tests {
		b, err := tt.v.MarshalText()
		if err != nil || string(b) != tt.want || tt.v.String() != tt.want {
			t.Errorf("%#v: MarshalText = %q, %v; String = %q; want %q", tt.v, b, err, tt.v.String(), tt.want)
		}
	}
	// Unknown values print without panicking and do not marshal.
	if got := account.Role(9).String(); got != "%!Role(9)" {
		t.Errorf("Role(9).String() = %q", got)
	}
	if _, err := account.TransactionKind(9).MarshalText(); !errors.Is(err, account.ErrInvalid) {
		t.Errorf("TransactionKind(9).MarshalText error = %v, want ErrInvalid", err)
	}
	// The zero TransactionKind, unset, is the empty text, and back.
	if b, err := account.TransactionKind(0).MarshalText(); err != nil || len(b) != 0 {
		t.Errorf("TransactionKind(0).MarshalText = %q, %v; want the empty text", b, err)
	}
	tk := account.TransactionRevenue
	if err := tk.UnmarshalText(nil); err != nil || tk != 0 {
		t.Errorf("UnmarshalText(\"\") = %v, %v; want 0", tk, err)
	}
	var r account.Role
	if err := r.UnmarshalText([]byte("sponsor")); err != nil || r != account.RoleSponsor {
		t.Errorf("UnmarshalText(sponsor) = %v, %v", r, err)
	}
	var k account.InteractionKind
	err := k.UnmarshalText([]byte("lunch"))
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Value != "lunch" {
		t.Errorf("UnmarshalText(lunch) error = %v, want a FieldError naming the text", err)
	}
	if !strings.Contains(err.Error(), `"meeting", "call", "email", "visit", "review"`) {
		t.Errorf("error %q does not list the kinds in order", err)
	}
}

func TestTier(t *testing.T) {
	if got := []string{account.Unassigned.String(), account.Tier(1).String(), account.Tier(12).String()}; !slices.Equal(got, []string{"unassigned", "tier 1", "tier 12"}) {
		t.Errorf("Tier strings = %q", got)
	}
	above := []struct {
		a, b account.Tier
		want bool
	}{
		{1, 2, true}, {2, 1, false}, {1, 1, false}, {3, account.Unassigned, true}, {account.Unassigned, 3, false}, {account.Unassigned, account.Unassigned, false},
	}
	for _, tt := range above {
		if got := tt.a.Above(tt.b); got != tt.want {
			t.Errorf("%v.Above(%v) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if !account.AudienceAll.Serves(true) || !account.AudienceAll.Serves(false) ||
		account.AudienceExternal.Serves(true) || !account.AudienceInternal.Serves(true) || account.AudienceInternal.Serves(false) {
		t.Error("Audience.Serves is wrong")
	}
}

func TestCloneDoesNotAlias(t *testing.T) {
	a := account.Account{ID: "a", Attributes: map[string]decimal.Decimal{"x": decimal.NewFromInt(1)}}
	b := a.Clone()
	b.Attributes["x"] = decimal.NewFromInt(2)
	if !a.Attributes["x"].Equal(decimal.NewFromInt(1)) {
		t.Error("Account.Clone shares Attributes")
	}
	m := account.Manager{Regions: []string{"NZ"}}
	m2 := m.Clone()
	m2.Regions[0] = "AU"
	if m.Regions[0] != "NZ" {
		t.Error("Manager.Clone shares Regions")
	}
	i := account.Interaction{Participants: []string{"p"}}
	i2 := i.Clone()
	i2.Participants[0] = "q"
	if i.Participants[0] != "p" {
		t.Error("Interaction.Clone shares Participants")
	}
}

func TestIDValidate(t *testing.T) {
	valid := []error{
		account.ID("acme").Validate(), account.ManagerID("m-1").Validate(), account.ContactID("c 1").Validate(),
		account.TransactionID("tx/2026/1").Validate(), account.InteractionID("ü-1").Validate(),
	}
	for i, err := range valid {
		if err != nil {
			t.Errorf("case %d: %v", i, err)
		}
	}
	tests := []struct {
		err    error
		record string
		reason string
	}{
		{account.ID("").Validate(), "ID", "is missing"},
		{account.ManagerID(" m").Validate(), "ManagerID", "has leading space"},
		{account.ContactID("c\t1").Validate(), "ContactID", "contains a control character"},
		{account.TransactionID("\xff").Validate(), "TransactionID", "is not valid UTF-8"},
		{account.InteractionID("x ").Validate(), "InteractionID", "has trailing space"},
		{account.ID(strings.Repeat("a", account.MaxIDLen+1)).Validate(), "ID", "is longer than 256 bytes"},
	}
	for _, tt := range tests {
		var fe *account.FieldError
		if !errors.As(tt.err, &fe) || fe.Record != tt.record || fe.Reason != tt.reason {
			t.Errorf("error %v, want a FieldError on %s: %s", tt.err, tt.record, tt.reason)
		}
	}
}

// Collect stops at the first error and returns it with the values before it.
func TestCollect(t *testing.T) {
	boom := errors.New("boom")
	seq := func(yield func(int, error) bool) {
		for i, err := range []error{nil, nil, boom, nil} {
			if !yield(i, err) {
				return
			}
		}
	}
	got, err := account.Collect(seq)
	if !errors.Is(err, boom) {
		t.Errorf("Collect error = %v, want boom", err)
	}
	if diff := cmp.Diff(got, []int{0, 1}); diff != "" {
		t.Errorf("Collect values (-got +want):\n%s", diff)
	}
	got, err = account.Collect(func(yield func(int, error) bool) { yield(7, nil) })
	if err != nil || !cmp.Equal(got, []int{7}) {
		t.Errorf("Collect = %v, %v", got, err)
	}
	got, err = account.Collect(func(func(int, error) bool) {})
	if err != nil || got != nil {
		t.Errorf("Collect of nothing = %v, %v; want nil, nil", got, err)
	}
}

// Each field of an AccountFilter that is set narrows the selection.
func TestAccountFilterMatch(t *testing.T) {
	a := account.Account{ID: "nz", Parent: "kauri", Owner: "aroha", Tier: 2}
	for _, tt := range []struct {
		f    account.AccountFilter
		want bool
	}{
		{account.AccountFilter{}, true},
		{account.AccountFilter{Parent: "kauri"}, true},
		{account.AccountFilter{Parent: "rimu"}, false},
		{account.AccountFilter{Owner: "aroha"}, true},
		{account.AccountFilter{Owner: "ben"}, false},
		{account.AccountFilter{Tiers: []account.Tier{1, 2}}, true},
		{account.AccountFilter{Tiers: []account.Tier{1, 3}}, false},
		{account.AccountFilter{Parent: "kauri", Owner: "ben"}, false},
	} {
		if got := tt.f.Match(a); got != tt.want {
			t.Errorf("%+v.Match = %v, want %v", tt.f, got, tt.want)
		}
	}
	if (account.AccountFilter{Owner: "aroha"}).Match(account.Account{ID: "x"}) {
		t.Error("an Owner filter matches an account with no owner")
	}
	if (account.AccountFilter{Parent: "kauri"}).Match(account.Account{ID: "x"}) {
		t.Error("a Parent filter matches a top-level account")
	}
}

// Without a code in the text and without a default, the currency is
// missing, not an unknown code.
func TestParseMoneyMissingCurrency(t *testing.T) {
	_, err := account.ParseMoney("12.30", "")
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.Field != "currency" || fe.Reason != "is missing (no code in the text and no default)" {
		t.Errorf("ParseMoney(12.30, \"\") error = %v", err)
	}
	_, err = account.ParseMoney("XYZ 12.30", "")
	if !errors.As(err, &fe) || fe.Field != "currency" || strings.Contains(fe.Reason, "is missing") {
		t.Errorf("ParseMoney(XYZ 12.30) error = %v", err)
	}
}
