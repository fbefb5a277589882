package engagement_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

// validChange returns a valid change to spoil one field at a time.
func validChange() engagement.Change {
	return engagement.Change{
		ID: "ch-1", Title: "Payroll 5.0", Kind: engagement.ChangeRelease, Severity: engagement.SeverityMedium,
		Announce: changeDay(3, 1), GoLive: changeDay(4, 1),
		Touches: engagement.Scope{Services: []string{"payroll"}},
	}
}

// wantFields checks that err wraps ErrInvalid and holds a FieldError for
// each of fields (of record and id), and no other.
func wantFields(t *testing.T, what string, err error, record, id string, fields ...string) {
	t.Helper()
	if len(fields) == 0 {
		if err != nil {
			t.Errorf("%s: unexpected error %v", what, err)
		}
		return
	}
	if !errors.Is(err, engagement.ErrInvalid) {
		t.Errorf("%s: error %v does not wrap ErrInvalid", what, err)
		return
	}
	var got []string
	for _, e := range unjoin(err) {
		var fe *account.FieldError
		if !errors.As(e, &fe) {
			t.Errorf("%s: %v is not a FieldError", what, e)
			continue
		}
		if fe.Record != record || fe.ID != id || !errors.Is(fe, engagement.ErrInvalid) {
			t.Errorf("%s: FieldError %+v, want Record %q ID %q wrapping ErrInvalid", what, fe, record, id)
		}
		got = append(got, fe.Field)
	}
	if d := cmp.Diff(got, fields); d != "" {
		t.Errorf("%s: fields at fault (-got +want):\n%s", what, d)
	}
}

// unjoin returns the errors joined in err, or err alone.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

func TestChangeValidate(t *testing.T) {
	long := strings.Repeat("x", engagement.MaxTitleLen)
	many := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprint("s", i)
		}
		return out
	}
	manyIDs := func(n int) []account.ID {
		out := make([]account.ID, n)
		for i := range out {
			out[i] = account.ID(fmt.Sprint("a", i))
		}
		return out
	}
	tests := []struct {
		name   string
		edit   func(*engagement.Change)
		fields []string
	}{
		{"valid", func(*engagement.Change) {}, nil},
		{"zero", func(c *engagement.Change) { *c = engagement.Change{} }, []string{"ID", "Title", "Kind", "Severity", "GoLive", "Touches"}},
		{"ID with space", func(c *engagement.Change) { c.ID = " ch" }, []string{"ID"}},
		{"ID of MaxIDLen bytes", func(c *engagement.Change) { c.ID = engagement.ChangeID(strings.Repeat("i", account.MaxIDLen)) }, nil},
		{"ID of MaxIDLen+1 bytes", func(c *engagement.Change) { c.ID = engagement.ChangeID(strings.Repeat("i", account.MaxIDLen+1)) }, []string{"ID"}},
		{"blank Title", func(c *engagement.Change) { c.Title = " \t" }, []string{"Title"}},
		{"Title of MaxTitleLen bytes", func(c *engagement.Change) { c.Title = long }, nil},
		{"Title of MaxTitleLen+1 bytes", func(c *engagement.Change) { c.Title = long + "x" }, []string{"Title"}},
		{"Kind 0", func(c *engagement.Change) { c.Kind = 0 }, []string{"Kind"}},
		{"Kind retirement (the last)", func(c *engagement.Change) { c.Kind = engagement.ChangeRetirement }, nil},
		{"Kind 5", func(c *engagement.Change) { c.Kind = 5 }, []string{"Kind"}},
		{"Severity 0", func(c *engagement.Change) { c.Severity = 0 }, []string{"Severity"}},
		{"Severity low (the first)", func(c *engagement.Change) { c.Severity = engagement.SeverityLow }, nil},
		{"Severity critical (the last)", func(c *engagement.Change) { c.Severity = engagement.SeverityCritical }, nil},
		{"Severity 5", func(c *engagement.Change) { c.Severity = 5 }, []string{"Severity"}},
		{"no GoLive", func(c *engagement.Change) { c.GoLive = time.Time{} }, []string{"GoLive"}},
		{"no Announce", func(c *engagement.Change) { c.Announce = time.Time{} }, nil},
		{"Announce at GoLive", func(c *engagement.Change) { c.Announce = c.GoLive }, nil},
		{"Announce a nanosecond after GoLive", func(c *engagement.Change) { c.Announce = c.GoLive.Add(1) }, []string{"Announce"}},
		{"empty service", func(c *engagement.Change) { c.Touches.Services = []string{"a", ""} }, []string{"Touches.Services[1]"}},
		{"product with space", func(c *engagement.Change) { c.Touches.Products = []string{"p "} }, []string{"Touches.Products[0]"}},
		{"region twice", func(c *engagement.Change) { c.Touches.Regions = []string{"EU", "US", "EU"} }, []string{"Touches.Regions[2]"}},
		{"long segment", func(c *engagement.Change) { c.Touches.Segments = []string{long + "x"} }, []string{"Touches.Segments[0]"}},
		{"segment of MaxTitleLen bytes", func(c *engagement.Change) { c.Touches.Segments = []string{long} }, nil},
		{"MaxScopeEntries services", func(c *engagement.Change) { c.Touches.Services = many(engagement.MaxScopeEntries) }, nil},
		{"MaxScopeEntries+1 services", func(c *engagement.Change) { c.Touches.Services = many(engagement.MaxScopeEntries + 1) }, []string{"Touches.Services"}},
		{"MaxScopeEntries accounts", func(c *engagement.Change) { c.Touches.Accounts = manyIDs(engagement.MaxScopeEntries) }, nil},
		{"MaxScopeEntries+1 accounts", func(c *engagement.Change) { c.Touches.Accounts = manyIDs(engagement.MaxScopeEntries + 1) }, []string{"Touches.Accounts"}},
		{"bad account", func(c *engagement.Change) { c.Touches.Accounts = []account.ID{"a", ""} }, []string{"Touches.Accounts[1]"}},
		{"account twice", func(c *engagement.Change) { c.Touches.Accounts = []account.ID{"a", "b", "a"} }, []string{"Touches.Accounts[2]"}},
		{"unknown audience", func(c *engagement.Change) { c.Touches.Audience = 3 }, []string{"Touches.Audience"}},
		{"internal audience alone", func(c *engagement.Change) { c.Touches = engagement.Scope{Audience: account.AudienceInternal} }, nil},
		{"everyone alone", func(c *engagement.Change) { c.Touches = engagement.Scope{Everyone: true} }, nil},
		{"named account alone", func(c *engagement.Change) { c.Touches = engagement.Scope{Accounts: []account.ID{"acme"}} }, nil},
		{"empty scope", func(c *engagement.Change) { c.Touches = engagement.Scope{} }, []string{"Touches"}},
		{"Version -1", func(c *engagement.Change) { c.Version = -1 }, []string{"Version"}},
		{"Version 0", func(c *engagement.Change) { c.Version = 0 }, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := validChange()
			tt.edit(&c)
			wantFields(t, "Validate", c.Validate(), "Change", string(c.ID), tt.fields...)
		})
	}
}

func TestChangeErrorText(t *testing.T) {
	c := validChange()
	c.Severity = 9
	want := `engagement: invalid input: Change "ch-1": Severity 9: must be one of "low", "medium", "high", "critical"`
	if got := c.Validate().Error(); got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestEnums(t *testing.T) {
	type enum interface {
		String() string
		MarshalText() ([]byte, error)
	}
	tests := []struct {
		v    enum
		name string
		ok   bool
	}{
		{engagement.ChangeRelease, "release", true},
		{engagement.ChangeRetirement, "retirement", true},
		{engagement.ChangeKind(0), "%!ChangeKind(0)", false},
		{engagement.ChangeKind(5), "%!ChangeKind(5)", false},
		{engagement.SeverityLow, "low", true},
		{engagement.SeverityCritical, "critical", true},
		{engagement.Severity(0), "%!Severity(0)", false},
		{engagement.Severity(5), "%!Severity(5)", false},
		{engagement.FeedbackComment, "comment", true},
		{engagement.FeedbackComplaint, "complaint", true},
		{engagement.FeedbackKind(0), "%!FeedbackKind(0)", false},
		{engagement.FeedbackKind(4), "%!FeedbackKind(4)", false},
		{engagement.VoiceByTheme, "theme", true},
		{engagement.VoiceByChange, "change", true},
		{engagement.VoiceBy(3), "%!VoiceBy(3)", false},
		{engagement.BriefingStatusPending, "pending", true},
		{engagement.BriefingStatusLate, "late", true},
		{engagement.BriefingStatus(0), "%!BriefingStatus(0)", false},
		{engagement.BriefingStatus(5), "%!BriefingStatus(5)", false},
	}
	for _, tt := range tests {
		if got := tt.v.String(); got != tt.name {
			t.Errorf("String() = %q, want %q", got, tt.name)
		}
		text, err := tt.v.MarshalText()
		if strings.HasSuffix(tt.name, "(0)") {
			// The zero value, unset, is the empty text.
			if err != nil || len(text) != 0 {
				t.Errorf("%s: MarshalText() = %q, %v; want the empty text", tt.name, text, err)
			}
			continue
		}
		if tt.ok != (err == nil) || (tt.ok && string(text) != tt.name) {
			t.Errorf("%s: MarshalText() = %q, %v", tt.name, text, err)
		}
		if !tt.ok && !errors.Is(err, engagement.ErrInvalid) {
			t.Errorf("%s: MarshalText error %v does not wrap ErrInvalid", tt.name, err)
		}
	}
	// Round trips through JSON, and unknown names.
	var c struct {
		K engagement.ChangeKind
		S engagement.Severity
		F engagement.FeedbackKind
		V engagement.VoiceBy
		B engagement.BriefingStatus
	}
	in := `{"K":"price","S":"high","F":"request","V":"service","B":"overdue"}`
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(c)
	if err != nil || string(out) != in {
		t.Errorf("round trip: %s, %v; want %s", out, err, in)
	}
	for _, bad := range []string{`{"K":"Price"}`, `{"S":"severe"}`, `{"F":"Comment"}`, `{"V":"tier"}`, `{"B":"held"}`} {
		if err := json.Unmarshal([]byte(bad), &c); !errors.Is(err, engagement.ErrInvalid) {
			t.Errorf("Unmarshal(%s): error %v, want ErrInvalid", bad, err)
		}
	}
	// A record with its enumerations unset marshals, as empty texts, and
	// reads back as unset.
	c = struct {
		K engagement.ChangeKind
		S engagement.Severity
		F engagement.FeedbackKind
		V engagement.VoiceBy
		B engagement.BriefingStatus
	}{V: engagement.VoiceByTheme}
	out, err = json.Marshal(c)
	if want := `{"K":"","S":"","F":"","V":"theme","B":""}`; err != nil || string(out) != want {
		t.Errorf("unset fields: %s, %v; want %s", out, err, want)
	}
	c.S = engagement.SeverityHigh
	if err := json.Unmarshal(out, &c); err != nil || c.S != 0 {
		t.Errorf("unset fields read back: S = %v, %v; want 0", c.S, err)
	}
	// The load of a week with no changes has no highest severity.
	if b, err := json.Marshal(engagement.Load{}); err != nil || !strings.Contains(string(b), `"Highest":""`) {
		t.Errorf("empty Load marshals as %s, %v", b, err)
	}
	if w := []int{engagement.SeverityLow.Weight(), engagement.SeverityMedium.Weight(), engagement.SeverityHigh.Weight(), engagement.SeverityCritical.Weight(), engagement.Severity(0).Weight(), engagement.Severity(5).Weight()}; !cmp.Equal(w, []int{1, 2, 4, 8, 0, 0}) {
		t.Errorf("weights = %v", w)
	}
}

func TestScopeMatches(t *testing.T) {
	acme := account.Account{ID: "acme", Region: "EU", Segment: "ent"}
	dept := account.Account{ID: "hr", Region: "EU", Internal: true}
	h := engagement.Holdings{Services: []string{"payroll", "crm"}, Products: []string{"p1"}}
	tests := []struct {
		name  string
		s     engagement.Scope
		a     account.Account
		h     engagement.Holdings
		match bool
	}{
		{"empty scope", engagement.Scope{}, acme, h, false},
		{"named", engagement.Scope{Accounts: []account.ID{"x", "acme"}}, acme, h, true},
		{"named other", engagement.Scope{Accounts: []account.ID{"x"}}, acme, h, false},
		{"service held", engagement.Scope{Services: []string{"hr", "crm"}}, acme, h, true},
		{"service not held", engagement.Scope{Services: []string{"hr"}}, acme, h, false},
		{"no holdings", engagement.Scope{Services: []string{"crm"}}, acme, engagement.Holdings{}, false},
		{"service and region", engagement.Scope{Services: []string{"crm"}, Regions: []string{"EU"}}, acme, h, true},
		{"service and other region", engagement.Scope{Services: []string{"crm"}, Regions: []string{"US"}}, acme, h, false},
		{"product and segment", engagement.Scope{Products: []string{"p1"}, Segments: []string{"ent"}}, acme, h, true},
		{"product and other segment", engagement.Scope{Products: []string{"p1"}, Segments: []string{"smb"}}, acme, h, false},
		{"product not held", engagement.Scope{Products: []string{"p2"}}, acme, h, false},
		{"internal audience, external account", engagement.Scope{Audience: account.AudienceInternal}, acme, h, false},
		{"internal audience, internal account", engagement.Scope{Audience: account.AudienceInternal}, dept, h, true},
		{"external audience and region", engagement.Scope{Audience: account.AudienceExternal, Regions: []string{"EU"}}, dept, h, false},
		{"everyone", engagement.Scope{Everyone: true}, dept, engagement.Holdings{}, true},
		{"everyone external", engagement.Scope{Everyone: true, Audience: account.AudienceExternal}, dept, h, false},
		{"named beats audience", engagement.Scope{Audience: account.AudienceExternal, Accounts: []account.ID{"hr"}}, dept, h, true},
		{"label is exact", engagement.Scope{Regions: []string{"eu"}}, acme, h, false},
	}
	for _, tt := range tests {
		if got := tt.s.Matches(&tt.a, tt.h); got != tt.match {
			t.Errorf("%s: Matches = %v, want %v", tt.name, got, tt.match)
		}
	}
}

func TestChangeClone(t *testing.T) {
	c := validChange()
	c.Touches = engagement.Scope{Services: []string{"s"}, Products: []string{"p"}, Regions: []string{"r"}, Segments: []string{"g"}, Accounts: []account.ID{"a"}}
	d := c.Clone()
	d.Touches.Services[0], d.Touches.Products[0], d.Touches.Regions[0], d.Touches.Segments[0], d.Touches.Accounts[0] = "x", "x", "x", "x", "x"
	if c.Touches.Services[0] != "s" || c.Touches.Products[0] != "p" || c.Touches.Regions[0] != "r" || c.Touches.Segments[0] != "g" || c.Touches.Accounts[0] != "a" {
		t.Errorf("changing a clone changed the original: %+v", c.Touches)
	}
}

func TestImpactErrors(t *testing.T) {
	good := []engagement.Change{validChange()}
	bad := validChange()
	bad.Title = ""
	tests := []struct {
		name    string
		p       engagement.Portfolio
		changes []engagement.Change
		opts    engagement.ImpactOptions
		record  string
		field   string
	}{
		{"invalid change", samplePortfolio, []engagement.Change{validChange(), bad}, engagement.ImpactOptions{}, "Change", "Title"},
		{"repeated change", samplePortfolio, []engagement.Change{validChange(), validChange()}, engagement.ImpactOptions{}, "Change", "ID"},
		{"repeated change outside the window", samplePortfolio, []engagement.Change{validChange(), validChange()}, engagement.ImpactOptions{From: changeDay(12, 1)}, "Change", "ID"},
		{"repeated account", engagement.Portfolio{Accounts: []account.Account{{ID: "a"}, {ID: "b"}, {ID: "a"}}}, good, engagement.ImpactOptions{}, "Account", "ID"},
		{"invalid contact", engagement.Portfolio{Accounts: []account.Account{{ID: "a"}}, Contacts: []account.Contact{{ID: "c", Account: "a", Name: "n", Influence: 6}}}, good, engagement.ImpactOptions{}, "Contact", "Influence"},
		{"invalid contact of another account", engagement.Portfolio{Accounts: []account.Account{{ID: "a"}}, Contacts: []account.Contact{{ID: "c", Account: "z", Name: "n", Influence: 0}}}, good, engagement.ImpactOptions{}, "Contact", "Influence"},
		{"contact twice in an account", engagement.Portfolio{Accounts: []account.Account{{ID: "a"}}, Contacts: []account.Contact{
			{ID: "c", Account: "a", Name: "n", Influence: 1}, {ID: "d", Account: "a", Name: "n", Influence: 1}, {ID: "c", Account: "a", Name: "m", Influence: 5}}}, good, engagement.ImpactOptions{}, "Contact", "ID"},
		{"To at From", samplePortfolio, good, engagement.ImpactOptions{From: changeDay(1, 1), To: changeDay(1, 1)}, "ImpactOptions", "To"},
		{"BusiestWeeks -1", samplePortfolio, good, engagement.ImpactOptions{BusiestWeeks: -1}, "ImpactOptions", "BusiestWeeks"},
		{"BusiestWeeks 53", samplePortfolio, good, engagement.ImpactOptions{BusiestWeeks: 53}, "ImpactOptions", "BusiestWeeks"},
		{"MinInfluence -1", samplePortfolio, good, engagement.ImpactOptions{MinInfluence: -1}, "ImpactOptions", "MinInfluence"},
		{"MinInfluence 6", samplePortfolio, good, engagement.ImpactOptions{MinInfluence: 6}, "ImpactOptions", "MinInfluence"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			im, err := engagement.NewImpact(tt.p, tt.changes, tt.opts)
			if im != nil || !errors.Is(err, engagement.ErrInvalid) {
				t.Fatalf("NewImpact = %v, %v; want nil and an error wrapping ErrInvalid", im, err)
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Record != tt.record || fe.Field != tt.field {
				t.Errorf("error %v: want a FieldError for %s.%s", err, tt.record, tt.field)
			}
		})
	}
	// The edges that are allowed.
	for _, opts := range []engagement.ImpactOptions{
		{BusiestWeeks: 52, MinInfluence: 5},
		{BusiestWeeks: 0, MinInfluence: 0},
		{BusiestWeeks: 1, MinInfluence: 1, From: changeDay(1, 1), To: changeDay(1, 1).Add(1)},
	} {
		if _, err := engagement.NewImpact(samplePortfolio, good, opts); err != nil {
			t.Errorf("NewImpact with %+v: %v", opts, err)
		}
	}
}

func TestImpactWindowAndWeeks(t *testing.T) {
	nz := time.FixedZone("NZST", 12*3600)
	cs := []engagement.Change{
		// Sunday 20:00 UTC is Monday 08:00 in New Zealand.
		{ID: "sun", Title: "t", Kind: engagement.ChangeRelease, Severity: engagement.SeverityLow, GoLive: time.Date(2026, 3, 1, 20, 0, 0, 0, time.UTC), Touches: engagement.Scope{Everyone: true}},
		{ID: "mon", Title: "t", Kind: engagement.ChangeRelease, Severity: engagement.SeverityLow, GoLive: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Touches: engagement.Scope{Everyone: true}},
		{ID: "out", Title: "t", Kind: engagement.ChangeRelease, Severity: engagement.SeverityCritical, GoLive: time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC), Touches: engagement.Scope{Everyone: true}},
	}
	p := engagement.Portfolio{Accounts: []account.Account{{ID: "a", Name: "A"}}}
	weeks := func(loc *time.Location, to time.Time) []string {
		im, err := engagement.NewImpact(p, cs, engagement.ImpactOptions{Location: loc, To: to})
		if err != nil {
			t.Fatal(err)
		}
		v, _ := im.Account("a")
		var out []string
		for _, w := range v.Busiest {
			out = append(out, fmt.Sprintf("%s:%d", w.Start.Format("2006-01-02 MST"), w.Load.Changes))
		}
		return out
	}
	// The window is half-open: a change at exactly To is left out.
	end := time.Date(2026, 3, 9, 0, 0, 0, 0, time.UTC)
	if got, want := weeks(nil, end), []string{"2026-02-23 UTC:1", "2026-03-02 UTC:1"}; !cmp.Equal(got, want) {
		t.Errorf("UTC weeks = %v, want %v", got, want)
	}
	if got, want := weeks(nz, end), []string{"2026-03-02 NZST:2"}; !cmp.Equal(got, want) {
		t.Errorf("NZ weeks = %v, want %v", got, want)
	}
	if got, want := weeks(nil, end.Add(1)), []string{"2026-03-09 UTC:1", "2026-02-23 UTC:1", "2026-03-02 UTC:1"}; !cmp.Equal(got, want) {
		t.Errorf("UTC weeks with the critical change = %v, want %v", got, want)
	}
	im, _ := engagement.NewImpact(p, cs, engagement.ImpactOptions{To: end})
	if _, ok := im.Change("out"); ok {
		t.Error("Change(out) found, but it goes live at To")
	}
	if _, ok := im.Account("nobody"); ok {
		t.Error("Account(nobody) found")
	}
}

func TestImpactBusiestAndBrief(t *testing.T) {
	// Four weeks with loads 2, 2 (two lows), 2 (one medium) and 1: by
	// weight, then more changes, then earlier.
	mk := func(id string, d int, s engagement.Severity) engagement.Change {
		return engagement.Change{ID: engagement.ChangeID(id), Title: id, Kind: engagement.ChangePolicy, Severity: s,
			GoLive: time.Date(2026, 6, d, 12, 0, 0, 0, time.UTC), Touches: engagement.Scope{Accounts: []account.ID{"a"}}}
	}
	cs := []engagement.Change{
		mk("w1", 1, engagement.SeverityMedium),                                     // week of 1 June: weight 2, 1 change
		mk("w2a", 8, engagement.SeverityLow), mk("w2b", 9, engagement.SeverityLow), // weight 2, 2 changes
		mk("w3", 15, engagement.SeverityMedium), // weight 2, 1 change
		mk("w4", 22, engagement.SeverityLow),    // weight 1
	}
	p := engagement.Portfolio{
		Accounts: []account.Account{{ID: "a", Name: "A", Tier: 2}, {ID: "b", Name: "B"}},
		Contacts: []account.Contact{
			{ID: "u5", Account: "a", Name: "n", Role: account.RoleUser, Influence: 5},
			{ID: "u3", Account: "a", Name: "n", Role: account.RoleUser, Influence: 3},
			{ID: "s1", Account: "a", Name: "n", Role: account.RoleSponsor, Influence: 1},
			{ID: "d2", Account: "a", Name: "n", Role: account.RoleDecisionMaker, Influence: 2},
			{ID: "d4", Account: "a", Name: "n", Role: account.RoleDecisionMaker, Influence: 4},
			{ID: "i4", Account: "a", Name: "n", Role: account.RoleInfluencer, Influence: 4},
			{ID: "g4", Account: "a", Name: "n", Role: account.RoleGatekeeper, Influence: 4},
			{ID: "k4", Account: "a", Name: "n", Role: account.RoleUnknown, Influence: 4},
			{ID: "a4", Account: "a", Name: "n", Role: account.RoleUser, Influence: 4},
			{ID: "b5", Account: "b", Name: "n", Role: account.RoleUser, Influence: 5},
			{ID: "x5", Account: "nobody", Name: "n", Role: account.RoleUser, Influence: 5},
		},
	}
	for _, tt := range []struct {
		opts  engagement.ImpactOptions
		weeks []string
		brief []account.ContactID
	}{
		{engagement.ImpactOptions{}, []string{"06-08", "06-01", "06-15"}, []account.ContactID{"d4", "d2", "s1", "i4", "g4", "u5", "a4", "k4"}},
		{engagement.ImpactOptions{BusiestWeeks: 1, MinInfluence: 5}, []string{"06-08"}, []account.ContactID{"d4", "d2", "s1", "u5"}},
		{engagement.ImpactOptions{BusiestWeeks: 52, MinInfluence: 3}, []string{"06-08", "06-01", "06-15", "06-22"}, []account.ContactID{"d4", "d2", "s1", "i4", "g4", "u5", "a4", "u3", "k4"}},
	} {
		im, err := engagement.NewImpact(p, cs, tt.opts)
		if err != nil {
			t.Fatal(err)
		}
		v, ok := im.Account("a")
		if !ok {
			t.Fatal("account a not found")
		}
		var weeks []string
		for _, w := range v.Busiest {
			weeks = append(weeks, w.Start.Format("01-02"))
		}
		var brief []account.ContactID
		for _, s := range v.Brief {
			brief = append(brief, s.Contact)
		}
		if !cmp.Equal(weeks, tt.weeks) || !cmp.Equal(brief, tt.brief) {
			t.Errorf("%+v: weeks %v brief %v, want %v %v", tt.opts, weeks, brief, tt.weeks, tt.brief)
		}
		want := engagement.Load{Changes: 5, Weight: 7, Highest: engagement.SeverityMedium}
		want.BySeverity[engagement.SeverityLow], want.BySeverity[engagement.SeverityMedium] = 3, 2
		if v.Load != want {
			t.Errorf("Load = %+v, want %+v", v.Load, want)
		}
		// b has no changes: its view is empty but for whom to brief, and
		// the contact of an account not in the portfolio is nobody's.
		vb, _ := im.Account("b")
		if len(vb.Changes) != 0 || vb.Load != (engagement.Load{}) || len(vb.Busiest) != 0 ||
			len(vb.Brief) != 1 || vb.Brief[0].Contact != "b5" {
			t.Errorf("view of b, touched by nothing: %+v", vb)
		}
		n := 0
		for range im.Views() {
			n++
		}
		if n != 1 {
			t.Errorf("Views yields %d views, want 1", n)
		}
	}
}

func TestViewsStopEarly(t *testing.T) {
	var p engagement.Portfolio
	for i := range 5000 {
		p.Accounts = append(p.Accounts, account.Account{ID: account.ID(fmt.Sprintf("a%05d", i)), Name: "n"})
	}
	im, err := engagement.NewImpact(p, []engagement.Change{{ID: "c", Title: "t", Kind: engagement.ChangePrice, Severity: engagement.SeverityHigh, GoLive: changeDay(1, 1), Touches: engagement.Scope{Everyone: true}}}, engagement.ImpactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []account.ID
	for v := range im.Views() {
		got = append(got, v.Account)
		if len(got) == 3 {
			break
		}
	}
	if !cmp.Equal(got, []account.ID{"a00000", "a00001", "a00002"}) {
		t.Errorf("first views %v", got)
	}
	n := 0
	for ci := range im.Changes() {
		n++
		if ci.Accounts != 5000 || len(ci.ByTier) != 1 || ci.ByTier[0].Tier != account.Unassigned {
			t.Errorf("change impact %+v", ci.ByTier[0].Tier)
		}
		break
	}
	if n != 1 {
		t.Errorf("Changes yields %d", n)
	}
}

func TestPlanErrors(t *testing.T) {
	im, err := engagement.NewImpact(samplePortfolio, sampleChanges, engagement.ImpactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	week := 7 * 24 * time.Hour
	tests := []struct {
		name  string
		opts  engagement.PlanOptions
		field string
	}{
		{"no At", engagement.PlanOptions{}, "At"},
		{"negative lead time", engagement.PlanOptions{At: changeDay(1, 1), LeadTime: map[account.Tier]time.Duration{2: -1}}, "LeadTime[tier 2]"},
		{"interaction kind 0", engagement.PlanOptions{At: changeDay(1, 1), Kinds: []account.InteractionKind{account.InteractionCall, 0}}, "Kinds[1]"},
		{"interaction kind 6", engagement.PlanOptions{At: changeDay(1, 1), Kinds: []account.InteractionKind{6}}, "Kinds[0]"},
		{"MinSeverity 5", engagement.PlanOptions{At: changeDay(1, 1), MinSeverity: 5}, "MinSeverity"},
	}
	for _, tt := range tests {
		_, err := im.Plan(nil, tt.opts)
		var fe *account.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) || fe.Record != "PlanOptions" || fe.Field != tt.field {
			t.Errorf("%s: error %v, want a FieldError for PlanOptions.%s", tt.name, err, tt.field)
		}
	}
	// The edges that are allowed: a zero lead time, the first and last
	// kinds and severities.
	plan, err := im.Plan(nil, engagement.PlanOptions{At: changeDay(1, 1), LeadTime: map[account.Tier]time.Duration{1: 0},
		Kinds: []account.InteractionKind{account.InteractionMeeting, account.InteractionReview}, MinSeverity: engagement.SeverityCritical})
	if err != nil {
		t.Fatal(err)
	}
	want := []engagement.Briefing{{Account: "acme", Tier: 1, Change: "ch-reports-retired", Severity: engagement.SeverityCritical,
		GoLive: changeDay(6, 1), Due: changeDay(6, 1), Status: engagement.BriefingStatusPending}}
	if d := cmp.Diff(plan, want); d != "" {
		t.Errorf("plan (-got +want):\n%s", d)
	}
	// An error from the interactions ends Plan with that error.
	boom := errors.New("boom")
	_, err = im.Plan(func(yield func(account.Interaction, error) bool) { yield(account.Interaction{}, boom) }, engagement.PlanOptions{At: changeDay(1, 1), LeadTime: map[account.Tier]time.Duration{1: week}})
	if err != boom {
		t.Errorf("Plan with a failing sequence: %v, want boom itself", err)
	}
}

func TestPlanStatuses(t *testing.T) {
	// One tier 1 account, one change going live on 29 April, announced 1
	// March; four weeks' lead: due 1 April.
	p := engagement.Portfolio{Accounts: []account.Account{{ID: "a", Name: "A", Tier: 1}}}
	c := engagement.Change{ID: "c", Title: "t", Kind: engagement.ChangePrice, Severity: engagement.SeverityHigh,
		Announce: changeDay(3, 1), GoLive: changeDay(4, 29), Touches: engagement.Scope{Everyone: true}}
	lead := map[account.Tier]time.Duration{1: 28 * 24 * time.Hour}
	due := changeDay(4, 1)
	call := func(at time.Time, k account.InteractionKind) account.Interaction {
		return account.Interaction{ID: "i", Account: "a", At: at, Kind: k}
	}
	tests := []struct {
		name     string
		announce time.Time
		at       time.Time
		ix       []account.Interaction
		held     time.Time
		status   engagement.BriefingStatus
	}{
		{"nothing, before due", c.Announce, due, nil, time.Time{}, engagement.BriefingStatusPending},
		{"nothing, just after due", c.Announce, due.Add(1), nil, time.Time{}, engagement.BriefingStatusOverdue},
		{"call at announce", c.Announce, due, []account.Interaction{call(c.Announce, account.InteractionCall)}, c.Announce, engagement.BriefingStatusDone},
		{"call just before announce", c.Announce, due, []account.Interaction{call(c.Announce.Add(-1), account.InteractionCall)}, time.Time{}, engagement.BriefingStatusPending},
		{"call at due", c.Announce, due.Add(time.Hour), []account.Interaction{call(due, account.InteractionCall)}, due, engagement.BriefingStatusDone},
		{"call just after due", c.Announce, due.Add(time.Hour), []account.Interaction{call(due.Add(1), account.InteractionCall)}, due.Add(1), engagement.BriefingStatusLate},
		{"call after At", c.Announce, due, []account.Interaction{call(due.Add(1), account.InteractionCall)}, time.Time{}, engagement.BriefingStatusPending},
		{"call at At", c.Announce, due.Add(-time.Hour), []account.Interaction{call(due.Add(-time.Hour), account.InteractionCall)}, due.Add(-time.Hour), engagement.BriefingStatusDone},
		{"email only", c.Announce, due.Add(1), []account.Interaction{call(changeDay(3, 5), account.InteractionEmail)}, time.Time{}, engagement.BriefingStatusOverdue},
		{"other account", c.Announce, due.Add(1), []account.Interaction{{ID: "i", Account: "b", At: changeDay(3, 5), Kind: account.InteractionCall}}, time.Time{}, engagement.BriefingStatusOverdue},
		{"first of several", c.Announce, changeDay(4, 20), []account.Interaction{call(changeDay(4, 10), account.InteractionVisit), call(changeDay(3, 20), account.InteractionMeeting), call(changeDay(2, 1), account.InteractionReview)}, changeDay(3, 20), engagement.BriefingStatusDone},
		// Not announced: interactions count from Due less the lead time (4 March).
		{"unannounced, call at due less lead", time.Time{}, due, []account.Interaction{call(changeDay(3, 4), account.InteractionCall)}, changeDay(3, 4), engagement.BriefingStatusDone},
		{"unannounced, call before that", time.Time{}, due, []account.Interaction{call(changeDay(3, 4).Add(-1), account.InteractionCall)}, time.Time{}, engagement.BriefingStatusPending},
	}
	for _, tt := range tests {
		c := c
		c.Announce = tt.announce
		im, err := engagement.NewImpact(p, []engagement.Change{c}, engagement.ImpactOptions{})
		if err != nil {
			t.Fatal(err)
		}
		plan, err := im.Plan(storeList(tt.ix), engagement.PlanOptions{At: tt.at, LeadTime: lead})
		if err != nil {
			t.Fatal(err)
		}
		want := []engagement.Briefing{{Account: "a", Tier: 1, Change: "c", Severity: engagement.SeverityHigh, GoLive: c.GoLive, Due: due, Held: tt.held, Status: tt.status}}
		if d := cmp.Diff(plan, want, cmpopts.EquateComparable()); d != "" {
			t.Errorf("%s (-got +want):\n%s", tt.name, d)
		}
	}
}

// TestImpactLargeOrder checks the order of a portfolio large enough to be
// sorted in parallel chunks, for several numbers of goroutines (even, odd
// and one).
func TestImpactLargeOrder(t *testing.T) {
	const n = 70_000
	var p engagement.Portfolio
	for i := range n {
		id := account.ID(fmt.Sprintf("a%06d", (i*7919)%n)) // a permutation of 0..n-1
		p.Accounts = append(p.Accounts, account.Account{ID: id, Name: "n", Tier: account.Tier(i % 3)})
	}
	everyone := []engagement.Change{{ID: "c", Title: "t", Kind: engagement.ChangePrice, Severity: engagement.SeverityHigh, GoLive: changeDay(1, 1), Touches: engagement.Scope{Everyone: true}}}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, procs := range []int{1, 2, 3, 4} {
		runtime.GOMAXPROCS(procs)
		im, err := engagement.NewImpact(p, everyone, engagement.ImpactOptions{})
		if err != nil {
			t.Fatal(err)
		}
		i := 0
		for v := range im.Views() {
			if want := account.ID(fmt.Sprintf("a%06d", i)); v.Account != want {
				t.Fatalf("GOMAXPROCS %d: view %d is %s, want %s", procs, i, v.Account, want)
			}
			i++
		}
		if i != n {
			t.Errorf("GOMAXPROCS %d: %d views, want %d", procs, i, n)
		}
		dup := append(slices.Clone(p.Accounts), p.Accounts[n/2])
		if _, err := engagement.NewImpact(engagement.Portfolio{Accounts: dup}, everyone, engagement.ImpactOptions{}); !errors.Is(err, engagement.ErrInvalid) {
			t.Errorf("GOMAXPROCS %d: a repeated account among %d: %v", procs, n+1, err)
		}
	}
}

// TestImpactMatchesLarge checks the index against testing every pair on a
// generated portfolio large enough for the matcher to order its accounts
// through a bitmap rather than a sort.
func TestImpactMatchesLarge(t *testing.T) {
	cb := newChangeBench(3000, 80)
	im, err := engagement.NewImpact(cb.p, cb.changes, engagement.ImpactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	large := 0
	for _, c := range cb.changes {
		ci, ok := im.Change(c.ID)
		if !ok {
			t.Fatalf("change %s not found", c.ID)
		}
		var got, want []account.ID
		for _, ta := range ci.ByTier {
			got = append(got, ta.Accounts...)
		}
		for i := range cb.p.Accounts {
			a := &cb.p.Accounts[i]
			if c.Touches.Matches(a, cb.p.Holdings[a.ID]) {
				want = append(want, a.ID)
			}
		}
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) {
			t.Fatalf("change %s: the index finds %d accounts, testing each %d", c.ID, len(got), len(want))
		}
		if len(want) >= 64 {
			large++
		}
		for _, ta := range ci.ByTier {
			if !slices.IsSorted(ta.Accounts) {
				t.Fatalf("change %s: %s accounts not in ID order", c.ID, ta.Tier)
			}
		}
	}
	if large < 20 {
		t.Errorf("only %d changes touch 64 accounts or more; the bitmap is hardly tested", large)
	}
}

// TestViewsOwnTheirSlices checks that appending to one view's slices does
// not change another's, though views made together share memory.
func TestViewsOwnTheirSlices(t *testing.T) {
	im, err := engagement.NewImpact(samplePortfolio, sampleChanges, engagement.ImpactOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var views []engagement.AccountView
	for v := range im.Views() {
		views = append(views, v)
	}
	before := slices.Clone(views[1].Changes)
	briefBefore := slices.Clone(views[1].Brief)
	_ = append(views[0].Changes, engagement.ChangeRef{ID: "intruder"})
	_ = append(views[0].Brief, engagement.Stakeholder{Contact: "intruder"})
	_ = append(views[0].Busiest, engagement.BusyWeek{})
	if d := cmp.Diff(views[1].Changes, before); d != "" {
		t.Errorf("appending to one view changed the next (-after +before):\n%s", d)
	}
	if d := cmp.Diff(views[1].Brief, briefBefore); d != "" {
		t.Errorf("appending to one view's Brief changed the next (-after +before):\n%s", d)
	}
	again, _ := im.Account(views[1].Account)
	if d := cmp.Diff(views[1], again); d != "" {
		t.Errorf("a view from Views differs from Account's (-Views +Account):\n%s", d)
	}
}

// A contact that fails account.Contact.Validate, in NewImpact or Coverage,
// is an error wrapping both packages' ErrInvalid with the field at fault,
// whose text says it comes from this package and keeps account's text.
func TestInvalidContactError(t *testing.T) {
	accounts := []account.Account{{ID: "a", Name: "A"}}
	bad := account.Contact{ID: "c", Account: "a", Name: "n", Influence: 6}
	_, impactErr := engagement.NewImpact(engagement.Portfolio{Accounts: accounts, Contacts: []account.Contact{bad}}, nil, engagement.ImpactOptions{})
	_, coverageErr := engagement.Coverage(accounts, storeList([]account.Contact{bad}), nil,
		engagement.CoverageOptions{At: time.Date(2026, time.May, 1, 0, 0, 0, 0, time.UTC)})
	for name, err := range map[string]error{"NewImpact": impactErr, "Coverage": coverageErr} {
		var fe *account.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.Is(err, account.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "Influence" {
			t.Errorf("%s: error %v, want one wrapping both ErrInvalid with a FieldError for Influence", name, err)
			continue
		}
		if want := "engagement: " + bad.Validate().Error(); err.Error() != want {
			t.Errorf("%s: Error() = %q, want %q", name, err.Error(), want)
		}
	}
}
