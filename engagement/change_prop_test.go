package engagement_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"pgregory.net/rapid"
)

var (
	propServices = []string{"s0", "s1", "s2", "s3"}
	propProducts = []string{"p0", "p1", "p2"}
	propRegions  = []string{"EU", "US", "APAC"}
	propSegments = []string{"ent", "mid", "smb"}
	propEpoch    = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
)

// subset draws a small subset of pool, in a drawn order.
func subset(t *rapid.T, pool []string, label string) []string {
	return rapid.SliceOfNDistinct(rapid.SampledFrom(pool), 0, 2, rapid.ID[string]).Draw(t, label)
}

// drawPortfolio draws a portfolio of up to 30 accounts with holdings and
// contacts.
func drawPortfolio(t *rapid.T) engagement.Portfolio {
	n := rapid.IntRange(0, 30).Draw(t, "accounts")
	p := engagement.Portfolio{Holdings: map[account.ID]engagement.Holdings{}}
	for i := range n {
		id := account.ID(fmt.Sprintf("a%02d", i))
		p.Accounts = append(p.Accounts, account.Account{
			ID: id, Name: string(id),
			Tier:     account.Tier(rapid.IntRange(0, 3).Draw(t, "tier")),
			Region:   rapid.SampledFrom(propRegions).Draw(t, "region"),
			Segment:  rapid.SampledFrom(propSegments).Draw(t, "segment"),
			Internal: rapid.Bool().Draw(t, "internal"),
		})
		if rapid.Bool().Draw(t, "holds") {
			p.Holdings[id] = engagement.Holdings{Services: subset(t, propServices, "services"), Products: subset(t, propProducts, "products")}
		}
		for k := range rapid.IntRange(0, 3).Draw(t, "contacts") {
			p.Contacts = append(p.Contacts, account.Contact{
				ID: account.ContactID(fmt.Sprintf("%s-c%d", id, k)), Account: id, Name: "x",
				Role:      account.Role(rapid.IntRange(0, 5).Draw(t, "role")),
				Influence: rapid.IntRange(1, 5).Draw(t, "influence"),
				Attitude:  account.Attitude(rapid.IntRange(-1, 1).Draw(t, "attitude")),
			})
		}
	}
	return p
}

// drawChanges draws up to 20 valid changes over 20 weeks, some with equal
// go-lives.
func drawChanges(t *rapid.T, nAccounts int) []engagement.Change {
	n := rapid.IntRange(0, 20).Draw(t, "changes")
	var cs []engagement.Change
	for i := range n {
		c := engagement.Change{
			ID: engagement.ChangeID(fmt.Sprintf("c%02d", i)), Title: "t",
			Kind:     engagement.ChangeKind(rapid.IntRange(1, 4).Draw(t, "kind")),
			Severity: engagement.Severity(rapid.IntRange(1, 4).Draw(t, "severity")),
			GoLive:   propEpoch.Add(time.Duration(rapid.IntRange(0, 20*7).Draw(t, "day")) * 24 * time.Hour),
			Touches: engagement.Scope{
				Services: subset(t, propServices, "services"),
				Products: subset(t, propProducts, "products"),
				Regions:  subset(t, propRegions, "regions"),
				Segments: subset(t, propSegments, "segments"),
				Audience: account.Audience(rapid.IntRange(0, 2).Draw(t, "audience")),
				Everyone: rapid.Bool().Draw(t, "everyone"),
			},
		}
		if rapid.Bool().Draw(t, "announced") {
			c.Announce = c.GoLive.Add(-time.Duration(rapid.IntRange(0, 60).Draw(t, "notice")) * 24 * time.Hour)
		}
		for range rapid.IntRange(0, 2).Draw(t, "named") {
			id := account.ID(fmt.Sprintf("a%02d", rapid.IntRange(0, nAccounts+2).Draw(t, "named account"))) // may be unknown
			if !slices.Contains(c.Touches.Accounts, id) {
				c.Touches.Accounts = append(c.Touches.Accounts, id)
			}
		}
		if c.Validate() != nil { // a scope that selects nobody
			c.Touches.Everyone = true
		}
		cs = append(cs, c)
	}
	return cs
}

// TestImpactMatchesEveryPair checks the index against testing every
// account against every change with Scope.Matches, and that every affected
// account appears in each of its changes' lists and each change in each of
// its accounts' views, in date order.
func TestImpactMatchesEveryPair(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawPortfolio(t)
		changes := drawChanges(t, len(p.Accounts))
		var opts engagement.ImpactOptions
		if rapid.Bool().Draw(t, "window") {
			opts.From = propEpoch.Add(time.Duration(rapid.IntRange(0, 70).Draw(t, "from")) * 24 * time.Hour)
			opts.To = opts.From.Add(time.Duration(rapid.IntRange(1, 70).Draw(t, "length")) * 24 * time.Hour)
		}
		im, err := engagement.NewImpact(p, changes, opts)
		if err != nil {
			t.Fatal(err)
		}
		inWindow := func(c engagement.Change) bool {
			return (opts.From.IsZero() || !c.GoLive.Before(opts.From)) && (opts.To.IsZero() || c.GoLive.Before(opts.To))
		}
		byAccount := map[account.ID][]engagement.ChangeID{}
		for _, c := range changes {
			ci, ok := im.Change(c.ID)
			if ok != inWindow(c) {
				t.Fatalf("Change(%s) found %v, in window %v", c.ID, ok, inWindow(c))
			}
			if !ok {
				continue
			}
			var want, got []account.ID
			for _, a := range p.Accounts {
				if c.Touches.Matches(&a, p.Holdings[a.ID]) {
					want = append(want, a.ID)
				}
			}
			slices.Sort(want)
			for _, ta := range ci.ByTier {
				for _, id := range ta.Accounts {
					a := p.Accounts[slices.IndexFunc(p.Accounts, func(a account.Account) bool { return a.ID == id })]
					if a.Tier != ta.Tier {
						t.Errorf("change %s lists %s under %s, but it is in %s", c.ID, id, ta.Tier, a.Tier)
					}
					got = append(got, id)
					byAccount[id] = append(byAccount[id], c.ID)
				}
			}
			slices.Sort(got)
			if d := cmp.Diff(got, want, cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("change %s: accounts by the index differ from testing each (-index +each):\n%s", c.ID, d)
			}
			if ci.Accounts != len(want) {
				t.Errorf("change %s: Accounts = %d, lists %d", c.ID, ci.Accounts, len(want))
			}
		}
		views := 0
		for _, a := range p.Accounts {
			v, ok := im.Account(a.ID)
			if !ok {
				t.Fatalf("Account(%s) not found", a.ID)
			}
			var got []engagement.ChangeID
			for _, c := range v.Changes {
				got = append(got, c.ID)
			}
			want := byAccount[a.ID]
			slices.SortFunc(want, func(x, y engagement.ChangeID) int {
				cx := changes[slices.IndexFunc(changes, func(c engagement.Change) bool { return c.ID == x })]
				cy := changes[slices.IndexFunc(changes, func(c engagement.Change) bool { return c.ID == y })]
				if c := cx.GoLive.Compare(cy.GoLive); c != 0 {
					return c
				}
				return strings.Compare(string(x), string(y))
			})
			if d := cmp.Diff(got, want, cmpopts.EquateEmpty()); d != "" {
				t.Fatalf("account %s: its view's changes differ from the changes that list it (-view +lists):\n%s", a.ID, d)
			}
			if len(got) > 0 {
				views++
			}
			checkView(t, v)
		}
		n := 0
		for range im.Views() {
			n++
		}
		if n != views {
			t.Errorf("Views yields %d views, %d accounts have changes", n, views)
		}
	})
}

// drawInteractions draws up to most interactions of any kind with accounts
// of drawPortfolio (and a few unknown ones), from a month before the
// changes to a month after.
func drawInteractions(t *rapid.T, most int) []account.Interaction {
	var ix []account.Interaction
	for i := range rapid.IntRange(0, most).Draw(t, "interactions") {
		ix = append(ix, account.Interaction{
			ID:      account.InteractionID(fmt.Sprint("i", i)),
			Account: account.ID(fmt.Sprintf("a%02d", rapid.IntRange(0, 30).Draw(t, "account"))),
			At:      propEpoch.Add(time.Duration(rapid.IntRange(-30, 150).Draw(t, "day")) * 24 * time.Hour),
			Kind:    account.InteractionKind(rapid.IntRange(1, 5).Draw(t, "kind")),
		})
	}
	return ix
}

// checkView checks the invariants of one account view: the load adds up,
// the busiest weeks are Mondays holding at most the view's changes.
func checkView(t *rapid.T, v engagement.AccountView) {
	var load engagement.Load
	for _, c := range v.Changes {
		load.Changes++
		load.Weight += c.Severity.Weight()
		load.Highest = max(load.Highest, c.Severity)
		load.BySeverity[c.Severity]++
	}
	if load != v.Load {
		t.Errorf("%s: Load = %+v, its changes add up to %+v", v.Account, v.Load, load)
	}
	if len(v.Busiest) > 3 {
		t.Errorf("%s: %d busiest weeks, want at most 3", v.Account, len(v.Busiest))
	}
	for i, w := range v.Busiest {
		if w.Start.Weekday() != time.Monday || w.Start.Hour() != 0 {
			t.Errorf("%s: week starts %v, not a Monday at midnight", v.Account, w.Start)
		}
		n := 0
		for _, c := range v.Changes {
			if !c.GoLive.Before(w.Start) && c.GoLive.Before(w.Start.AddDate(0, 0, 7)) {
				n++
			}
		}
		if n != w.Load.Changes {
			t.Errorf("%s: week %v has %d changes, says %d", v.Account, w.Start, n, w.Load.Changes)
		}
		if i > 0 && w.Load.Weight > v.Busiest[i-1].Load.Weight {
			t.Errorf("%s: busiest weeks not heaviest first", v.Account)
		}
	}
}

// TestImpactOrderIndependent checks that shuffling accounts, contacts,
// changes and the lists of holdings changes nothing: views, change
// impacts and the plan.
func TestImpactOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawPortfolio(t)
		changes := drawChanges(t, len(p.Accounts))
		seed := rapid.Uint64().Draw(t, "seed")
		r := rand.New(rand.NewPCG(seed, 1))
		q := engagement.Portfolio{
			Accounts: slices.Clone(p.Accounts), Contacts: slices.Clone(p.Contacts),
			Holdings: map[account.ID]engagement.Holdings{},
		}
		for id, h := range p.Holdings {
			h = engagement.Holdings{Services: slices.Clone(h.Services), Products: slices.Clone(h.Products)}
			r.Shuffle(len(h.Services), func(i, j int) { h.Services[i], h.Services[j] = h.Services[j], h.Services[i] })
			q.Holdings[id] = h
		}
		r.Shuffle(len(q.Accounts), func(i, j int) { q.Accounts[i], q.Accounts[j] = q.Accounts[j], q.Accounts[i] })
		r.Shuffle(len(q.Contacts), func(i, j int) { q.Contacts[i], q.Contacts[j] = q.Contacts[j], q.Contacts[i] })
		shuffled := slices.Clone(changes)
		r.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		interactions := drawInteractions(t, 20)
		shuffledIx := slices.Clone(interactions)
		r.Shuffle(len(shuffledIx), func(i, j int) { shuffledIx[i], shuffledIx[j] = shuffledIx[j], shuffledIx[i] })

		summary := func(p engagement.Portfolio, cs []engagement.Change, ix []account.Interaction) any {
			im, err := engagement.NewImpact(p, cs, engagement.ImpactOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var views []engagement.AccountView
			for v := range im.Views() {
				views = append(views, v)
			}
			var cis []engagement.ChangeImpact
			for ci := range im.Changes() {
				cis = append(cis, ci)
			}
			plan, err := im.Plan(storeList(ix), engagement.PlanOptions{
				At:       propEpoch.Add(60 * 24 * time.Hour),
				LeadTime: map[account.Tier]time.Duration{1: 28 * 24 * time.Hour, 2: 14 * 24 * time.Hour, 0: 0},
			})
			if err != nil {
				t.Fatal(err)
			}
			return []any{views, cis, plan}
		}
		if d := cmp.Diff(summary(p, changes, interactions), summary(q, shuffled, shuffledIx)); d != "" {
			t.Fatalf("shuffled input gives another result (-given +shuffled):\n%s", d)
		}
	})
}

// TestPlanAgainstDefinition checks every briefing of a plan against its
// definition, computed directly.
func TestPlanAgainstDefinition(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		p := drawPortfolio(t)
		changes := drawChanges(t, len(p.Accounts))
		im, err := engagement.NewImpact(p, changes, engagement.ImpactOptions{})
		if err != nil {
			t.Fatal(err)
		}
		ix := drawInteractions(t, 30)
		lead := map[account.Tier]time.Duration{1: 28 * 24 * time.Hour, 2: 7 * 24 * time.Hour}
		at := propEpoch.Add(time.Duration(rapid.IntRange(0, 150).Draw(t, "at")) * 24 * time.Hour)
		minSev := engagement.Severity(rapid.IntRange(0, 4).Draw(t, "min severity"))
		plan, err := im.Plan(storeList(ix), engagement.PlanOptions{At: at, LeadTime: lead, MinSeverity: minSev})
		if err != nil {
			t.Fatal(err)
		}
		count := 0
		for ci := range im.Changes() {
			c := changes[slices.IndexFunc(changes, func(c engagement.Change) bool { return c.ID == ci.Change })]
			if c.Severity < minSev {
				continue
			}
			for _, ta := range ci.ByTier {
				if _, ok := lead[ta.Tier]; ok {
					count += len(ta.Accounts)
				}
			}
		}
		if len(plan) != count {
			t.Fatalf("plan has %d briefings, want %d", len(plan), count)
		}
		for i, b := range plan {
			if i > 0 && b.Due.Before(plan[i-1].Due) {
				t.Errorf("plan not in Due order at %d", i)
			}
			c := changes[slices.IndexFunc(changes, func(c engagement.Change) bool { return c.ID == b.Change })]
			due := c.GoLive.Add(-lead[b.Tier])
			from := c.Announce
			if from.IsZero() {
				from = due.Add(-lead[b.Tier])
			}
			var held time.Time
			for _, x := range ix {
				if x.Account == b.Account && x.Kind != account.InteractionEmail && !x.At.Before(from) && !x.At.After(at) && (held.IsZero() || x.At.Before(held)) {
					held = x.At
				}
			}
			want := engagement.BriefingStatusPending
			switch {
			case !held.IsZero() && held.After(due):
				want = engagement.BriefingStatusLate
			case !held.IsZero():
				want = engagement.BriefingStatusDone
			case at.After(due):
				want = engagement.BriefingStatusOverdue
			}
			if !b.Due.Equal(due) || !b.Held.Equal(held) || b.Status != want {
				t.Errorf("briefing %s/%s: due %v held %v %s, want due %v held %v %s", b.Account, b.Change, b.Due, b.Held, b.Status, due, held, want)
			}
		}
	})
}
