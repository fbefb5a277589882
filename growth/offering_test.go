package growth_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

// fields lists "Record.Field" of every FieldError in err.
func fields(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	if !errors.Is(err, growth.ErrInvalid) {
		t.Fatalf("error %v does not wrap growth.ErrInvalid", err)
	}
	var out []string
	var walk func(error)
	walk = func(err error) {
		var fe *account.FieldError
		if errors.As(err, &fe) && fe.Unwrap() != nil {
			if j, ok := err.(interface{ Unwrap() []error }); ok {
				for _, e := range j.Unwrap() {
					walk(e)
				}
				return
			}
			out = append(out, fe.Record+"."+fe.Field)
		}
	}
	walk(err)
	return out
}

func TestOfferingValidate(t *testing.T) {
	valid := growth.Offering{ID: "payroll", Name: "Payroll", Family: "people", Audience: account.AudienceAll, Lifecycle: growth.LifecycleActive}
	tests := []struct {
		name   string
		modify func(*growth.Offering)
		want   []string
	}{
		{"valid", func(*growth.Offering) {}, nil},
		{"no ID", func(o *growth.Offering) { o.ID = "" }, []string{"Offering.ID"}},
		{"ID 257 bytes", func(o *growth.Offering) { o.ID = account.OfferingID(strings.Repeat("x", 257)) }, []string{"Offering.ID"}},
		{"no name", func(o *growth.Offering) { o.Name = " " }, []string{"Offering.Name"}},
		{"name at the limit", func(o *growth.Offering) { o.Name = strings.Repeat("n", growth.MaxNameLen) }, nil},
		{"name past the limit", func(o *growth.Offering) { o.Name = strings.Repeat("n", growth.MaxNameLen+1) }, []string{"Offering.Name"}},
		{"name not UTF-8", func(o *growth.Offering) { o.Name = "a\xffb" }, []string{"Offering.Name"}},
		{"no family", func(o *growth.Offering) { o.Family = "" }, []string{"Offering.Family"}},
		{"audience internal", func(o *growth.Offering) { o.Audience = account.AudienceInternal }, nil},
		{"audience past the last", func(o *growth.Offering) { o.Audience = account.AudienceInternal + 1 }, []string{"Offering.Audience"}},
		{"lifecycle 0", func(o *growth.Offering) { o.Lifecycle = 0 }, []string{"Offering.Lifecycle"}},
		{"lifecycle retired", func(o *growth.Offering) { o.Lifecycle = growth.LifecycleRetired }, nil},
		{"lifecycle 4", func(o *growth.Offering) { o.Lifecycle = growth.LifecycleRetired + 1 }, []string{"Offering.Lifecycle"}},
		{"version -1", func(o *growth.Offering) { o.Version = -1 }, []string{"Offering.Version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			o := valid
			tt.modify(&o)
			if diff := cmp.Diff(fields(t, o.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
}

func TestHoldingValidate(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	valid := growth.Holding{ID: "h", Account: "a", Offering: "o", Start: t0, End: t0.Add(time.Hour), Annual: nzd("1")}
	tests := []struct {
		name   string
		modify func(*growth.Holding)
		want   []string
	}{
		{"valid", func(*growth.Holding) {}, nil},
		{"open-ended", func(h *growth.Holding) { h.End = time.Time{} }, nil},
		{"zero annual", func(h *growth.Holding) { h.Annual = nzd("0") }, nil},
		{"no ID", func(h *growth.Holding) { h.ID = "" }, []string{"Holding.ID"}},
		{"no account", func(h *growth.Holding) { h.Account = "" }, []string{"Holding.Account"}},
		{"no offering", func(h *growth.Holding) { h.Offering = "" }, []string{"Holding.Offering"}},
		{"no start", func(h *growth.Holding) { h.Start = time.Time{} }, []string{"Holding.Start"}},
		{"end at start", func(h *growth.Holding) { h.End = h.Start }, []string{"Holding.End"}},
		{"no money", func(h *growth.Holding) { h.Annual = account.Money{} }, []string{"Holding.Annual"}},
		{"negative annual", func(h *growth.Holding) { h.Annual = nzd("-0.01") }, []string{"Holding.Annual"}},
		{"version -1", func(h *growth.Holding) { h.Version = -1 }, []string{"Holding.Version"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := valid
			tt.modify(&h)
			if diff := cmp.Diff(fields(t, h.Validate()), tt.want); diff != "" {
				t.Errorf("fields at fault (-got +want):\n%s", diff)
			}
		})
	}
	if !valid.HeldAt(t0) || valid.HeldAt(t0.Add(-1)) || valid.HeldAt(t0.Add(time.Hour)) || !valid.HeldAt(t0.Add(time.Hour-1)) {
		t.Error("HeldAt is not [Start, End)")
	}
}

func TestEnumsText(t *testing.T) {
	for _, v := range []interface {
		String() string
		MarshalText() ([]byte, error)
	}{growth.LifecycleRetiring, growth.PeerSizeBand, growth.CellIneligible, growth.IneligibleRule} {
		b, err := v.MarshalText()
		if err != nil || string(b) != v.String() {
			t.Errorf("%v: MarshalText %q, %v", v, b, err)
		}
	}
	if s := growth.Lifecycle(9).String(); s != "%!Lifecycle(9)" {
		t.Errorf("Lifecycle(9) = %s", s)
	}
	var l growth.Lifecycle
	var k growth.PeerKey
	var c growth.CellKind
	var r growth.IneligibleReason
	for _, u := range []interface{ UnmarshalText([]byte) error }{&l, &k, &c, &r} {
		if err := u.UnmarshalText([]byte("nonsense")); !errors.Is(err, growth.ErrInvalid) {
			t.Errorf("%T.UnmarshalText(nonsense): %v", u, err)
		}
	}
	if l.UnmarshalText([]byte("retired")) != nil || k.UnmarshalText([]byte("industry")) != nil || c.UnmarshalText([]byte("open")) != nil || r.UnmarshalText([]byte("audience")) != nil {
		t.Error("known names do not parse")
	}
	if l != growth.LifecycleRetired || k != growth.PeerIndustry || c != growth.CellOpen || r != growth.IneligibleAudience {
		t.Errorf("parsed %v %v %v %v", l, k, c, r)
	}
}

func FuzzOfferingValidate(f *testing.F) {
	f.Add("payroll", "Payroll", "people", uint8(1), uint8(1), int64(0))
	f.Add("", "", "", uint8(0), uint8(0), int64(-1))
	f.Add(" x", "\xff", "a\nb", uint8(9), uint8(7), int64(3))
	f.Fuzz(func(t *testing.T, id, name, family string, aud, life uint8, version int64) {
		o := growth.Offering{ID: account.OfferingID(id), Name: name, Family: family, Audience: account.Audience(aud), Lifecycle: growth.Lifecycle(life), Version: version}
		err := o.Validate()
		if err == nil {
			if account.ID(id).Validate() != nil || account.ID(family).Validate() != nil || aud > uint8(account.AudienceInternal) || life == 0 || life > uint8(growth.LifecycleRetired) || version < 0 {
				t.Fatalf("invalid offering %+v passes", o)
			}
			return
		}
		if !errors.Is(err, growth.ErrInvalid) {
			t.Fatalf("error %v does not wrap ErrInvalid", err)
		}
		var fe *account.FieldError
		if !errors.As(err, &fe) || fe.Record != "Offering" || len(err.Error()) > 200*100 {
			t.Fatalf("error %v", err)
		}
	})
}
