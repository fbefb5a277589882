package growth_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

var c0 = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

func contactAt(id string, acct account.ID, at time.Time, division, family string, people ...string) account.Interaction {
	return account.Interaction{ID: account.InteractionID(id), Account: acct, At: at, Kind: account.InteractionCall,
		Participants: people, Division: division, OfferingFamily: family}
}

func caseSummary(rep growth.CoordinationReport) []string {
	var out []string
	for _, c := range rep.Cases {
		var ids []string
		for _, k := range c.Contacts {
			ids = append(ids, string(k.Interaction))
		}
		out = append(out, fmt.Sprintf("%s %s %v %v more=%d", c.Account, c.Family, c.Divisions, ids, c.More))
	}
	return out
}

func TestCoordinationWindowEdges(t *testing.T) {
	accounts := []account.Account{{ID: "a", Name: "A", Owner: "m", Tier: 1}}
	w := 7 * 24 * time.Hour
	for _, tt := range []struct {
		name string
		gap  time.Duration
		want []string
	}{
		{"exactly the window apart", w, []string{"a fx [Markets Retail] [1 2] more=0"}},
		{"a nanosecond more", w + 1, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ins := []account.Interaction{contactAt("1", "a", c0, "Markets", "fx", "x"), contactAt("2", "a", c0.Add(tt.gap), "Retail", "fx", "y")}
			rep, err := growth.Coordination(accounts, listOf(ins), growth.CoordinationOptions{Window: w})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(caseSummary(rep), tt.want); diff != "" {
				t.Errorf("(-got +want):\n%s", diff)
			}
		})
	}
}

func TestCoordinationRuns(t *testing.T) {
	accounts := []account.Account{{ID: "a", Name: "A", Owner: "m", Tier: 1}, {ID: "b", Name: "B", Tier: 2}, {ID: "c", Name: "C", Owner: "n", Tier: 1}}
	day := 24 * time.Hour
	ins := []account.Interaction{
		contactAt("1", "a", c0, "Markets", "fx", "x"),
		contactAt("2", "a", c0.Add(day), "Retail", "cards", "y"),
		contactAt("3", "a", c0.Add(2*day), "Markets", "fx", "m", "x"), // the manager: fx run ends, no case
		contactAt("4", "a", c0.Add(3*day), "Retail", "fx", "y"),
		contactAt("5", "a", c0.Add(4*day), "Wealth", "cards", "z"), // cards: Retail and Wealth
		contactAt("6", "a", c0.Add(4*day), "", "fx", "q"),          // no division: counted only
		contactAt("7", "b", c0, "Markets", "fx", "x"),              // no owner: every contact is without
		contactAt("8", "b", c0, "Retail", "fx", "y"),
		contactAt("9", "c", c0, "Markets", "", "n"),
	}
	rep, err := growth.Coordination(accounts, listOf(ins), growth.CoordinationOptions{Window: 3 * day})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"a cards [Retail Wealth] [2 5] more=0", "b fx [Markets Retail] [7 8] more=0"}
	if diff := cmp.Diff(caseSummary(rep), want); diff != "" {
		t.Errorf("cases (-got +want):\n%s", diff)
	}
	var shares []string
	for _, s := range rep.Accounts {
		shares = append(shares, fmt.Sprintf("%s %d/%d %s", s.Account, s.ViaManager, s.Contacts, s.Share))
	}
	if diff := cmp.Diff(shares, []string{"a 1/6 0.166667", "b 0/2 0", "c 1/1 1"}); diff != "" {
		t.Errorf("accounts (-got +want):\n%s", diff)
	}
	var tiers []string
	for _, s := range rep.Tiers {
		tiers = append(tiers, fmt.Sprintf("%s %d %d/%d %s", s.Tier, s.Accounts, s.ViaManager, s.Contacts, s.Share))
	}
	if diff := cmp.Diff(tiers, []string{"tier 1 2 2/7 0.285714", "tier 2 1 0/2 0"}); diff != "" {
		t.Errorf("tiers (-got +want):\n%s", diff)
	}
	// Three divisions needed: none of those runs is a case.
	rep, _ = growth.Coordination(accounts, listOf(ins), growth.CoordinationOptions{Window: 3 * day, MinDivisions: 3})
	if len(rep.Cases) != 0 {
		t.Errorf("MinDivisions 3: %v", caseSummary(rep))
	}
}

func TestCoordinationCaps(t *testing.T) {
	accounts := []account.Account{{ID: "a", Name: "A"}}
	var ins []account.Interaction
	for i := range growth.MaxCaseContacts + 5 {
		ins = append(ins, contactAt(fmt.Sprint(i), "a", c0.Add(time.Duration(i)*time.Minute), fmt.Sprintf("d%03d", i), "fx", fmt.Sprintf("p%03d", i)))
	}
	rep, err := growth.Coordination(accounts, listOf(ins), growth.CoordinationOptions{Window: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	c := rep.Cases[0]
	if len(c.Contacts) != growth.MaxCaseContacts || c.More != 5 || len(c.Divisions) != growth.MaxCaseContacts || len(c.People) != growth.MaxCaseContacts {
		t.Errorf("contacts %d, more %d, divisions %d, people %d", len(c.Contacts), c.More, len(c.Divisions), len(c.People))
	}
	if !c.To.Equal(ins[len(ins)-1].At) {
		t.Errorf("To %v, want the last contact", c.To)
	}
	// The case keeps its own copy of the participants.
	ins[0].Participants[0] = "changed"
	if c.Contacts[0].People[0] != "p000" {
		t.Errorf("people %v", c.Contacts[0].People)
	}
}

func TestCoordinationErrors(t *testing.T) {
	accounts := []account.Account{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}
	tests := []struct {
		name  string
		ins   []account.Interaction
		o     growth.CoordinationOptions
		is    error
		field string
	}{
		{"accounts out of order", []account.Interaction{contactAt("1", "b", c0, "", ""), contactAt("2", "a", c0, "", "")}, growth.CoordinationOptions{Window: time.Hour}, growth.ErrOrder, "Account"},
		{"time out of order", []account.Interaction{contactAt("1", "a", c0, "", ""), contactAt("2", "a", c0.Add(-1), "", "")}, growth.CoordinationOptions{Window: time.Hour}, growth.ErrOrder, "At"},
		{"unknown account", []account.Interaction{contactAt("1", "zz", c0, "", "")}, growth.CoordinationOptions{Window: time.Hour}, growth.ErrUnknown, "Account"},
		{"no window", nil, growth.CoordinationOptions{}, growth.ErrInvalid, "Window"},
		{"window past the maximum", nil, growth.CoordinationOptions{Window: growth.MaxWindow + 1}, growth.ErrInvalid, "Window"},
		{"one division", nil, growth.CoordinationOptions{Window: time.Hour, MinDivisions: 1}, growth.ErrInvalid, "MinDivisions"},
		{"too many divisions", nil, growth.CoordinationOptions{Window: time.Hour, MinDivisions: growth.MaxCaseContacts + 1}, growth.ErrInvalid, "MinDivisions"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := growth.Coordination(accounts, listOf(tt.ins), tt.o)
			var fe *account.FieldError
			if !errors.Is(err, tt.is) || !errors.Is(err, growth.ErrInvalid) || !errors.As(err, &fe) || fe.Field != tt.field {
				t.Fatalf("error %v, want %v naming %s", err, tt.is, tt.field)
			}
		})
	}
	for _, o := range []growth.CoordinationOptions{{Window: 1}, {Window: growth.MaxWindow, MinDivisions: 2}, {Window: time.Hour, MinDivisions: growth.MaxCaseContacts}} {
		if _, err := growth.Coordination(accounts, listOf([]account.Interaction{contactAt("1", "a", c0, "", ""), contactAt("2", "a", c0, "", "")}), o); err != nil {
			t.Errorf("%+v: %v", o, err)
		}
	}
	boom := errors.New("boom")
	if _, err := growth.Coordination(accounts, func(yield func(account.Interaction, error) bool) { yield(account.Interaction{}, boom) }, growth.CoordinationOptions{Window: 1}); !errors.Is(err, boom) {
		t.Errorf("stream error: %v", err)
	}
}

// A sweep of the runs (when there are 16 or more) at exactly the end of
// their window keeps them: a contact at that instant still joins its run.
func TestCoordinationSweepAtTheWindowEdge(t *testing.T) {
	accounts := []account.Account{{ID: "a", Name: "A", Owner: "m", Tier: 1}}
	w := 7 * 24 * time.Hour
	var ins []account.Interaction
	for i := range 16 {
		ins = append(ins, contactAt(fmt.Sprint("f", i), "a", c0, "Markets", fmt.Sprintf("f%02d", i), "x"))
	}
	ins = append(ins,
		contactAt("g", "a", c0.Add(w), "Markets", "g", "x"),  // a 17th run: the sweep, at the edge of the others
		contactAt("r", "a", c0.Add(w), "Retail", "f00", "y")) // joins f00's run
	rep, err := growth.Coordination(accounts, listOf(ins), growth.CoordinationOptions{Window: w})
	if err != nil {
		t.Fatal(err)
	}
	var fams []string
	for _, c := range rep.Cases {
		fams = append(fams, c.Family)
	}
	if diff := cmp.Diff([]string{"f00"}, fams); diff != "" {
		t.Errorf("families of the cases (-want +got):\n%s", diff)
	}
}
