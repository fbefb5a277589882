package review_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"pgregory.net/rapid"
)

func recPlan() review.Plan {
	return review.Plan{
		Account: "acme",
		Objectives: []review.Objective{
			{ID: "o1", Title: "Grow", Owner: "mia", Measure: "revenue", Target: "NZD 2m", Due: recDay(300), Status: review.ObjectiveOpen},
			{ID: "o2", Title: "NPS", Owner: "fin", Measure: "NPS", Target: "40", Due: recDay(200), Status: review.ObjectiveMet, Met: recDay(100)},
		},
		Goals: []string{"expand"}, Needs: []string{"uptime"},
		SWOT:         review.SWOT{Strengths: []string{"trust"}, Threats: []string{"rival"}},
		Stakeholders: []account.ContactID{"c1", "c2"},
		Status:       review.PlanStatusActive, Author: "mia", At: recAt(0),
	}
}

func TestPlanValidate(t *testing.T) {
	for _, c := range []struct {
		name   string
		change func(*review.Plan)
		want   []string
	}{
		{"valid", func(*review.Plan) {}, nil},
		{"no account", func(p *review.Plan) { p.Account = "" }, []string{"Plan.Account"}},
		{"objective without an owner", func(p *review.Plan) { p.Objectives[0].Owner = "" }, []string{"Plan.Objectives[0].Owner"}},
		{"objective without anything", func(p *review.Plan) { p.Objectives[0] = review.Objective{} },
			[]string{"Plan.Objectives[0].ID", "Plan.Objectives[0].Title", "Plan.Objectives[0].Owner", "Plan.Objectives[0].Measure",
				"Plan.Objectives[0].Target", "Plan.Objectives[0].Due", "Plan.Objectives[0].Status"}},
		{"objective ID twice", func(p *review.Plan) { p.Objectives[1].ID = "o1" }, []string{"Plan.Objectives[1].ID"}},
		{"bad due date", func(p *review.Plan) { p.Objectives[0].Due = calendar.Date{Year: 2026, Month: 2, Day: 30} }, []string{"Plan.Objectives[0].Due"}},
		{"objective status 0", func(p *review.Plan) { p.Objectives[0].Status = 0 }, []string{"Plan.Objectives[0].Status"}},
		{"objective status 5", func(p *review.Plan) { p.Objectives[0].Status = 5 }, []string{"Plan.Objectives[0].Status"}},
		{"objective status 4 (dropped)", func(p *review.Plan) { p.Objectives[0].Status = review.ObjectiveDropped }, nil},
		{"met without a date", func(p *review.Plan) { p.Objectives[1].Met = calendar.Date{} }, []string{"Plan.Objectives[1].Met"}},
		{"open with a date", func(p *review.Plan) { p.Objectives[0].Met = recDay(3) }, []string{"Plan.Objectives[0].Met"}},
		{"invalid met date", func(p *review.Plan) { p.Objectives[1].Met = calendar.Date{Year: 2026, Month: 13, Day: 1} }, []string{"Plan.Objectives[1].Met"}},
		{"blank goal", func(p *review.Plan) { p.Goals = append(p.Goals, " ") }, []string{"Plan.Goals[1]"}},
		{"padded need", func(p *review.Plan) { p.Needs[0] = " uptime" }, []string{"Plan.Needs[0]"}},
		{"blank SWOT entries", func(p *review.Plan) {
			p.SWOT = review.SWOT{Strengths: []string{""}, Weaknesses: []string{""}, Opportunities: []string{""}, Threats: []string{""}}
		}, []string{"Plan.SWOT.Strengths[0]", "Plan.SWOT.Weaknesses[0]", "Plan.SWOT.Opportunities[0]", "Plan.SWOT.Threats[0]"}},
		{"stakeholder twice", func(p *review.Plan) { p.Stakeholders[1] = "c1" }, []string{"Plan.Stakeholders[1]"}},
		{"bad stakeholder", func(p *review.Plan) { p.Stakeholders[0] = " c1" }, []string{"Plan.Stakeholders[0]"}},
		{"status 0", func(p *review.Plan) { p.Status = 0 }, []string{"Plan.Status"}},
		{"status 4", func(p *review.Plan) { p.Status = 4 }, []string{"Plan.Status"}},
		{"status 3 (closed)", func(p *review.Plan) { p.Status = review.PlanStatusClosed }, nil},
		{"no author", func(p *review.Plan) { p.Author = "" }, []string{"Plan.Author"}},
		{"no instant", func(p *review.Plan) { p.At = time.Time{} }, []string{"Plan.At"}},
		{"version -1", func(p *review.Plan) { p.Version = -1 }, []string{"Plan.Version"}},
		{"version 0", func(p *review.Plan) { p.Version = 0 }, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := recPlan()
			c.change(&p)
			recWantFields(t, "Validate", p.Validate(), c.want...)
		})
	}
}

func TestPlanCloneAndObjective(t *testing.T) {
	p := recPlan()
	q := p.Clone()
	q.Objectives[0].Title, q.Goals[0], q.Needs[0], q.SWOT.Strengths[0], q.SWOT.Threats[0], q.Stakeholders[0] = "x", "x", "x", "x", "x", "x"
	if d := cmp.Diff(p, recPlan(), recCmp...); d != "" {
		t.Errorf("changing a clone changed the original:\n%s", d)
	}
	if o, ok := p.Objective("o2"); !ok || o.Title != "NPS" {
		t.Errorf("Objective(o2) = %v, %v", o, ok)
	}
	if o, ok := p.Objective(p.Objectives[0].ID); !ok || o.ID != p.Objectives[0].ID {
		t.Errorf("the first objective, %s: %v, %v", p.Objectives[0].ID, o, ok)
	}
	if _, ok := p.Objective("o9"); ok {
		t.Error("Objective(o9) found an objective that is not there")
	}
}

func TestCheckStakeholders(t *testing.T) {
	p := recPlan()
	contacts := []account.Contact{
		{ID: "c1", Account: "acme", Name: "Al", Influence: 3},
		{ID: "c2", Account: "globex", Name: "Bo", Influence: 3}, // another account's contact
	}
	err := p.CheckStakeholders(recSeq(contacts, nil))
	recWantFields(t, "CheckStakeholders", err, "Plan.Stakeholders[1]")
	if !errors.Is(err, review.ErrUnknownStakeholder) {
		t.Errorf("error %v does not wrap ErrUnknownStakeholder", err)
	}
	contacts[1].Account = "acme"
	if err := p.CheckStakeholders(recSeq(contacts, nil)); err != nil {
		t.Errorf("all stakeholders are contacts: %v", err)
	}
	boom := errors.New("boom")
	if err := p.CheckStakeholders(recSeq(contacts, boom)); err != boom {
		t.Errorf("the sequence's error: got %v, want it as it is", err)
	}
}

func TestPlanAt(t *testing.T) {
	v := func(version int64, hour int) review.Plan {
		p := recPlan()
		p.Version, p.At = version, recAt(0).Add(time.Duration(hour)*time.Hour)
		return p
	}
	versions := []review.Plan{v(3, 20), v(1, 0), v(2, 20), v(4, 30)} // out of order; two at hour 20
	for _, c := range []struct {
		hour float64
		want int64 // 0: none
	}{{-1, 0}, {0, 1}, {19.9, 1}, {20, 3}, {29.9, 3}, {30, 4}, {99, 4}} {
		got, ok := review.PlanAt(versions, recAt(0).Add(time.Duration(c.hour*float64(time.Hour))))
		if c.want == 0 {
			if ok {
				t.Errorf("PlanAt(hour %v) = version %d, want none", c.hour, got.Version)
			}
			continue
		}
		if !ok || got.Version != c.want {
			t.Errorf("PlanAt(hour %v) = version %d, %v; want %d", c.hour, got.Version, ok, c.want)
		}
	}
	got, _ := review.PlanAt(versions, recAt(1))
	got.Goals[0] = "changed"
	if versions[3].Goals[0] != "expand" {
		t.Error("PlanAt returned a plan sharing its slices with its input")
	}
}

// A plan read at any past instant equals the version then in force: the
// one saved last before it, whatever the order the versions come in.
func TestPlanAtProperty(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 8).Draw(t, "versions")
		var history []review.Plan
		at := recAt(0)
		for i := range n {
			at = at.Add(time.Duration(rapid.IntRange(0, 3).Draw(t, "gap")) * time.Hour)
			p := recPlan()
			p.Version, p.At, p.Goals = int64(i+1), at, []string{strings.Repeat("g", i+1)}
			history = append(history, p)
		}
		shuffled := rapid.Permutation(history).Draw(t, "order")
		query := recAt(0).Add(time.Duration(rapid.IntRange(-2, 30).Draw(t, "query")) * time.Hour)
		got, ok := review.PlanAt(shuffled, query)
		// The version in force: walk the history in order.
		var want *review.Plan
		for i := range history {
			if !history[i].At.After(query) {
				want = &history[i]
			}
		}
		if want == nil {
			if ok {
				t.Fatalf("PlanAt(%v) = version %d, want none", query, got.Version)
			}
			return
		}
		if d := cmp.Diff(got, *want, recCmp...); !ok || d != "" {
			t.Fatalf("PlanAt(%v) (-got +want):\n%s", query, d)
		}
	})
}

func TestPlanApply(t *testing.T) {
	p := recPlan()
	p.Version = 4
	r := review.Review{ID: "r1", Account: "acme", Date: recDay(150), ObjectiveUpdates: []review.ObjectiveUpdate{
		{Objective: "o1", Status: review.ObjectiveMet}, {Objective: "o2", Status: review.ObjectiveMissed},
	}}
	next, err := p.Apply(r, "fin", recAt(151))
	if err != nil {
		t.Fatal(err)
	}
	want := recPlan()
	want.Version, want.Author, want.At = 4, "fin", recAt(151)
	want.Objectives[0].Status, want.Objectives[0].Met = review.ObjectiveMet, recDay(150)
	want.Objectives[1].Status, want.Objectives[1].Met = review.ObjectiveMissed, calendar.Date{}
	if d := cmp.Diff(next, want, recCmp...); d != "" {
		t.Errorf("Apply (-got +want):\n%s", d)
	}
	if p.Objectives[0].Status != review.ObjectiveOpen {
		t.Error("Apply changed its receiver")
	}
	// Met again: the date it was first met stays.
	again, err := want.Apply(review.Review{ID: "r2", Account: "acme", Date: recDay(200), ObjectiveUpdates: []review.ObjectiveUpdate{{Objective: "o1", Status: review.ObjectiveMet}}}, "fin", recAt(201))
	if err != nil || again.Objectives[0].Met != recDay(150) {
		t.Errorf("re-met objective: Met %v, error %v; want %v", again.Objectives[0].Met, err, recDay(150))
	}

	_, err = p.Apply(review.Review{ID: "r1", Account: "globex", ObjectiveUpdates: []review.ObjectiveUpdate{{Objective: "o9", Status: review.ObjectiveMet}}}, "fin", recAt(151))
	recWantFields(t, "Apply of another account's review", err, "Review.Account", "Review.ObjectiveUpdates[0].Objective")
	_, err = p.Apply(r, "", recAt(151))
	recWantFields(t, "Apply with no author", err, "Plan.Author")
}

func TestRecordEnumsText(t *testing.T) {
	type textual interface {
		String() string
		MarshalText() ([]byte, error)
	}
	for _, c := range []struct {
		v    textual
		name string
	}{
		{review.PlanStatusDraft, "draft"}, {review.PlanStatusClosed, "closed"},
		{review.ObjectiveOpen, "open"}, {review.ObjectiveDropped, "dropped"},
		{review.RoleManager, "manager"}, {review.RoleSponsor, "sponsor"}, {review.RoleCustomer, "customer"}, {review.RoleOther, "other"},
		{review.ActionOpen, "open"}, {review.ActionCancelled, "cancelled"},
		{review.SplitAnnual, "annual"}, {review.SplitQuarterly, "quarterly"},
		{review.BudgetUnder, "under"}, {review.BudgetOver, "over"},
	} {
		b, err := c.v.MarshalText()
		if c.v.String() != c.name || string(b) != c.name || err != nil {
			t.Errorf("%T %v: String %q, MarshalText %q, %v; want %q", c.v, c.v, c.v.String(), b, err, c.name)
		}
	}
	for _, v := range []textual{review.PlanStatus(4), review.ObjectiveStatus(5), review.Role(7),
		review.ActionStatus(4), review.Split(3), review.BudgetFlag(2)} {
		if _, err := v.MarshalText(); !errors.Is(err, review.ErrInvalid) {
			t.Errorf("%T(%s).MarshalText: error %v, want ErrInvalid", v, v, err)
		}
		if !strings.HasPrefix(v.String(), "%!") {
			t.Errorf("unknown %T prints %q", v, v)
		}
	}
	var s struct {
		P review.PlanStatus
		O review.ObjectiveStatus
		R review.Role
		A review.ActionStatus
		S review.Split
		F review.BudgetFlag
	}
	in := `{"P":"active","O":"missed","R":"sponsor","A":"done","S":"monthly","F":"on-track"}`
	if err := json.Unmarshal([]byte(in), &s); err != nil {
		t.Fatal(err)
	}
	if s.P != review.PlanStatusActive || s.O != review.ObjectiveMissed || s.R != review.RoleSponsor ||
		s.A != review.ActionDone || s.S != review.SplitMonthly || s.F != review.BudgetOnTrack {
		t.Errorf("unmarshalled %+v", s)
	}
	for _, bad := range []string{`{"P":"Active"}`, `{"O":"x"}`, `{"R":"Sponsor"}`, `{"A":"closed"}`, `{"S":"weekly"}`, `{"F":"ok"}`} {
		if err := json.Unmarshal([]byte(bad), &s); !errors.Is(err, review.ErrInvalid) {
			t.Errorf("unmarshal %s: error %v, want ErrInvalid", bad, err)
		}
	}
	// Unset fields (zero values without a name) are empty texts, and back.
	s = struct {
		P review.PlanStatus
		O review.ObjectiveStatus
		R review.Role
		A review.ActionStatus
		S review.Split
		F review.BudgetFlag
	}{}
	out, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	s.P, s.R = review.PlanStatusActive, review.RoleSponsor
	if err := json.Unmarshal(out, &s); err != nil || s.P != 0 || s.R != 0 {
		t.Errorf("unset fields %s read back as %v, %v (%v)", out, s.P, s.R, err)
	}
}
