package assign_test

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
)

// instance is one input to Accounts, with the data behind its functions kept
// so that the checker can recompute them.
type instance struct {
	accounts []account.Account
	managers []account.Manager
	work     map[account.ID]int
	skills   map[account.ID][]string
	policy   assign.Policy
}

var (
	regions    = []string{"EU", "US", "AP"}
	industries = []string{"bank", "energy"}
	skillSet   = []string{"sap", "gov"}
)

// A source gives the numbers an instance is drawn from: rapid's draws, or
// the bytes of a fuzz input, so that the property tests and the fuzz target
// share one generator.
type source interface {
	// n returns a number from 0 to limit-1; label names it in rapid's
	// reports.
	n(limit int, label string) int
}

// rapidSource draws with rapid.
type rapidSource struct{ t *rapid.T }

func (s rapidSource) n(limit int, label string) int {
	return rapid.IntRange(0, limit-1).Draw(s.t, label)
}

// The faults drawInstance can inject, one per instance at most.
const (
	faultCapacity = iota
	faultManagerID
	faultLabel
	faultAccountID
	faultDuplicate
	faultWorkload
	faultSkill
	faultParent
	faultPin
	faultPolicy
	faults // no fault
)

// drawInstance draws a small instance with every kind of rule in play:
// restricted and inactive managers, missing owners, hierarchies, pins,
// tier-1 limits and handover limits, and says which fault it carries.
//
// Unless faulty is set the instance is valid (its fault is faults).
// Otherwise about half the instances carry one fault of bad input (a
// negative capacity or workload, a repeated or empty ID, an empty label or
// skill, a dangling or looping parent, an unknown pin, a bad policy
// number), though it may happen to be harmless, such as a pin drawn as
// unknown that names a known account.
func drawInstance(src source, faulty bool) (instance, int) {
	in := instance{work: map[account.ID]int{}, skills: map[account.ID][]string{}}
	fault := faults
	if faulty {
		fault = src.n(2*faults, "fault") // no fault if >= faults
	}
	subset := func(label string, from []string) []string {
		var out []string
		for _, v := range from {
			if src.n(2, label+"."+v) == 1 {
				out = append(out, v)
			}
		}
		return out
	}
	nm := src.n(8, "managers")
	for j := range nm {
		m := account.Manager{
			ID:         account.ManagerID(fmt.Sprintf("m%d", j)),
			Name:       "M",
			Capacity:   src.n(41, "capacity"),
			Regions:    subset("regions", regions),
			Industries: subset("industries", industries),
			Skills:     subset("skills", skillSet),
			Audience:   account.Audience(src.n(3, "audience")),
			Active:     src.n(6, "active") > 0,
		}
		if j == nm-1 {
			switch fault {
			case faultCapacity:
				m.Capacity = -1
			case faultManagerID:
				m.ID = "m0"
			case faultLabel:
				m.Regions = append(m.Regions, " ")
			}
		}
		in.managers = append(in.managers, m)
	}
	owners := []account.ManagerID{"", "ghost"}
	for j := range nm {
		owners = append(owners, account.ManagerID(fmt.Sprintf("m%d", j)))
	}
	na := src.n(41, "accounts")
	for k := range na {
		a := account.Account{
			ID:       account.ID(fmt.Sprintf("a%02d", k)),
			Name:     "A",
			Owner:    owners[src.n(len(owners), "owner")],
			Tier:     account.Tier(src.n(4, "tier")),
			Region:   append([]string{""}, regions...)[src.n(len(regions)+1, "region")],
			Industry: append([]string{""}, industries...)[src.n(len(industries)+1, "industry")],
			Internal: src.n(2, "internal") == 1,
		}
		if k > 0 && src.n(4, "child") == 0 {
			a.Parent = account.ID(fmt.Sprintf("a%02d", src.n(k, "parent")))
		}
		var need []string
		if src.n(4, "needs") == 0 {
			need = subset("need", skillSet)
		}
		if k == na-1 {
			switch fault {
			case faultAccountID:
				a.ID = ""
			case faultDuplicate:
				a.ID = "a00"
			case faultSkill:
				need = append(need, "")
			case faultParent:
				a.Parent = account.ID(fmt.Sprintf("a%02d", src.n(2*na, "bad parent"))) // may dangle or loop
			}
		}
		in.accounts = append(in.accounts, a)
		in.work[a.ID] = src.n(13, "work")
		if k == na-1 && fault == faultWorkload {
			in.work[a.ID] = -1
		}
		in.skills[a.ID] = need
	}
	in.policy = assign.Policy{
		Workload:        func(a account.Account) int { return in.work[a.ID] },
		Skills:          func(a account.Account) []string { return in.skills[a.ID] },
		MatchRegion:     src.n(2, "matchRegion") == 1,
		MatchIndustry:   src.n(2, "matchIndustry") == 1,
		MaxTier1:        src.n(4, "maxTier1"),
		KeepHierarchies: src.n(2, "keepHierarchies") == 1,
		Continuity:      []float64{0, 0.05, 0.5, 100}[src.n(4, "continuity")],
		MaxHandovers:    src.n(8, "maxHandovers") - 1,
	}
	if fault == faultPolicy {
		in.policy.Continuity = []float64{-1, math.NaN(), math.Inf(1)}[src.n(3, "bad continuity")]
	}
	if nm > 0 && na > 0 || fault == faultPin {
		for range src.n(4, "pins") {
			k, j := src.n(max(1, na), "pinAccount"), src.n(max(1, nm), "pinManager")
			if fault == faultPin {
				k, j = src.n(na+1, "badPinAccount"), src.n(nm+1, "badPinManager")
			}
			if in.policy.Pins == nil {
				in.policy.Pins = map[account.ID]account.ManagerID{}
			}
			in.policy.Pins[account.ID(fmt.Sprintf("a%02d", k))] = account.ManagerID(fmt.Sprintf("m%d", j))
		}
	}
	return in, fault
}

// mustAssign returns the assignment of in, which must be valid input.
func mustAssign(t fataler, in instance) assign.Result {
	t.Helper()
	res, err := assign.Accounts(in.accounts, in.managers, in.policy)
	if err != nil {
		t.Fatalf("Accounts: %v", err)
	}
	return res
}

// mayOwn is the checker's own statement of the per-account rules.
func (in instance) mayOwn(m account.Manager, a account.Account) bool {
	p := in.policy
	if !m.Active || m.Capacity <= 0 || m.Capacity < in.work[a.ID] || !m.Audience.Serves(a.Internal) {
		return false
	}
	admits := func(list []string, v string) bool { return len(list) == 0 || v == "" || slices.Contains(list, v) }
	if p.MatchRegion && !admits(m.Regions, a.Region) || p.MatchIndustry && !admits(m.Industries, a.Industry) {
		return false
	}
	// An empty Skills list holds no skill, unlike an empty list of regions
	// or industries, which covers all.
	for _, sk := range in.skills[a.ID] {
		if !slices.Contains(m.Skills, sk) {
			return false
		}
	}
	return true
}

// ultimate returns the top of a's hierarchy.
func (in instance) ultimate(id account.ID) account.ID {
	byID := map[account.ID]account.Account{}
	for _, a := range in.accounts {
		byID[a.ID] = a
	}
	for byID[id].Parent != "" {
		id = byID[id].Parent
	}
	return id
}

// fataler is what checkAssignment needs of *testing.T and *rapid.T.
type fataler interface {
	Helper()
	Fatalf(format string, args ...any)
}

// checkAssignment checks every hard rule and every invariant of res.
func checkAssignment(t fataler, in instance, res assign.Result) {
	t.Helper()
	p := in.policy
	mgr := map[account.ManagerID]account.Manager{}
	for _, m := range in.managers {
		mgr[m.ID] = m
	}
	acc := map[account.ID]account.Account{}
	for _, a := range in.accounts {
		acc[a.ID] = a
	}

	// Every account once, placed or unplaced; both lists sorted.
	seen := map[account.ID]int{}
	var placedIDs, unplacedIDs []account.ID
	placedAt := map[account.ID]account.ManagerID{}
	for _, pl := range res.Placements {
		seen[pl.Account]++
		placedIDs = append(placedIDs, pl.Account)
		placedAt[pl.Account] = pl.Manager
	}
	for _, u := range res.Unplaced {
		seen[u.Account]++
		unplacedIDs = append(unplacedIDs, u.Account)
	}
	if !slices.IsSorted(placedIDs) || !slices.IsSorted(unplacedIDs) {
		t.Fatalf("placements or unplaced not in ID order")
	}
	if len(seen) != len(in.accounts) {
		t.Fatalf("%d accounts reported, want %d", len(seen), len(in.accounts))
	}
	for _, a := range in.accounts {
		if seen[a.ID] != 1 {
			t.Fatalf("account %q reported %d times", a.ID, seen[a.ID])
		}
	}

	// Hard rules for each placement, and the loads recomputed.
	type tally struct{ load, tier1, accounts int }
	got := map[account.ManagerID]*tally{}
	for _, m := range in.managers {
		got[m.ID] = &tally{}
	}
	for _, pl := range res.Placements {
		a := acc[pl.Account]
		m, ok := mgr[pl.Manager]
		if !ok {
			t.Fatalf("%q placed with unknown manager %q", a.ID, pl.Manager)
		}
		if pl.Workload != in.work[a.ID] {
			t.Fatalf("%q workload %d, want %d", a.ID, pl.Workload, in.work[a.ID])
		}
		if !in.mayOwn(m, a) {
			t.Fatalf("%q placed with %q, who may not own it", a.ID, m.ID)
		}
		if pin, ok := p.Pins[a.ID]; ok && pin != m.ID {
			t.Fatalf("%q pinned to %q but placed with %q", a.ID, pin, m.ID)
		}
		g := got[m.ID]
		g.load += pl.Workload
		g.accounts++
		if a.Tier == 1 {
			g.tier1++
		}
	}
	if len(res.Loads) != len(in.managers) {
		t.Fatalf("%d loads, want %d", len(res.Loads), len(in.managers))
	}
	maxRatio := 0.0
	for _, l := range res.Loads {
		g := got[l.Manager]
		if g == nil {
			t.Fatalf("load for unknown manager %q", l.Manager)
		}
		if l.Load != g.load || l.Tier1 != g.tier1 || l.Accounts != g.accounts || l.Capacity != mgr[l.Manager].Capacity {
			t.Fatalf("load of %q is %+v, recomputed %+v", l.Manager, l, *g)
		}
		if l.Load > l.Capacity {
			t.Fatalf("%q overfilled: %d > %d", l.Manager, l.Load, l.Capacity)
		}
		if p.MaxTier1 > 0 && l.Tier1 > p.MaxTier1 {
			t.Fatalf("%q owns %d tier-1 accounts, limit %d", l.Manager, l.Tier1, p.MaxTier1)
		}
		want := 0.0
		if l.Capacity > 0 {
			want = float64(l.Load) / float64(l.Capacity)
		}
		if l.Ratio != want {
			t.Fatalf("%q ratio %v, want %v", l.Manager, l.Ratio, want)
		}
		maxRatio = max(maxRatio, l.Ratio)
	}
	if res.MaxRatio != maxRatio {
		t.Fatalf("MaxRatio %v, want %v", res.MaxRatio, maxRatio)
	}

	// Hierarchies stay whole: one manager, or all unplaced.
	if p.KeepHierarchies {
		groupMgr := map[account.ID]account.ManagerID{}
		for _, a := range in.accounts {
			r := in.ultimate(a.ID)
			m := placedAt[a.ID] // "" if unplaced
			if prev, ok := groupMgr[r]; ok && prev != m {
				t.Fatalf("hierarchy %q split between %q and %q", r, prev, m)
			}
			groupMgr[r] = m
		}
	}

	// Handovers: exactly the placed accounts that change manager.
	counted := 0
	var hand []account.ID
	for _, h := range res.Handovers {
		a := acc[h.Account]
		if placedAt[a.ID] == "" || placedAt[a.ID] != h.To || h.From != a.Owner || h.To == h.From {
			t.Fatalf("bad handover %+v", h)
		}
		if h.Reason < assign.HandoverNew || h.Reason > assign.HandoverBalance {
			t.Fatalf("handover %+v has no reason", h)
		}
		if (h.Reason == assign.HandoverNew) != (a.Owner == "") {
			t.Fatalf("handover %+v: reason new iff no owner", h)
		}
		if h.Reason == assign.HandoverBalance || h.Reason == assign.HandoverCapacity {
			counted++
		}
		hand = append(hand, h.Account)
	}
	var want []account.ID
	for _, pl := range res.Placements {
		if acc[pl.Account].Owner != pl.Manager {
			want = append(want, pl.Account)
		}
	}
	if diff := cmp.Diff(hand, want); diff != "" {
		t.Fatalf("handovers (-got +want):\n%s", diff)
	}
	switch {
	case p.MaxHandovers < 0 && counted > 0:
		t.Fatalf("%d discretionary handovers, none allowed", counted)
	case p.MaxHandovers > 0 && counted > p.MaxHandovers:
		t.Fatalf("%d discretionary handovers, limit %d", counted, p.MaxHandovers)
	}

	// Unplaced accounts carry a reason; "no room" means no manager who may
	// own it has room left (checked for single accounts).
	squeezed := false
	for _, u := range res.Unplaced {
		if u.Reason < assign.UnplacedNoMatch || u.Reason > assign.UnplacedHandoverLimit || u.Detail == "" {
			t.Fatalf("unplaced %+v has no reason", u)
		}
		a := acc[u.Account]
		if u.Owner != a.Owner || u.Workload != in.work[a.ID] {
			t.Fatalf("unplaced %+v does not match its account", u)
		}
		switch u.Reason {
		case assign.UnplacedNoRoom, assign.UnplacedHandoverLimit, assign.UnplacedPin:
			squeezed = true
		case assign.UnplacedTier1Limit:
			squeezed = true
			if !p.KeepHierarchies && a.Tier != 1 {
				t.Fatalf("%q of tier %v unplaced for the tier-1 limit", a.ID, a.Tier)
			}
		case assign.UnplacedNoMatch:
			if !p.KeepHierarchies {
				if _, pinned := p.Pins[a.ID]; !pinned {
					for _, m := range in.managers {
						if in.mayOwn(m, a) {
							t.Fatalf("%q unplaced as no match, but %q may own it", a.ID, m.ID)
						}
					}
				}
			}
		}
		// No room means no manager who may own the account has room for
		// its workload; the tier-1 limit, that those who have are at the
		// limit.
		if (u.Reason == assign.UnplacedNoRoom || u.Reason == assign.UnplacedTier1Limit) && !p.KeepHierarchies {
			if _, pinned := p.Pins[a.ID]; !pinned {
				for _, m := range in.managers {
					g := got[m.ID]
					room := in.mayOwn(m, a) && g.load+u.Workload <= m.Capacity
					if room && (u.Reason == assign.UnplacedNoRoom || g.tier1 < p.MaxTier1) {
						t.Fatalf("%q unplaced (%v), but %q has room", a.ID, u.Reason, m.ID)
					}
				}
			}
		}
	}
	if !squeezed && len(res.Placements) > 0 && res.LowerBound > res.MaxRatio+1e-12 {
		t.Fatalf("lower bound %v above max ratio %v", res.LowerBound, res.MaxRatio)
	}
}

func TestAccountsInvariants(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, _ := drawInstance(rapidSource{t}, false)
		checkAssignment(t, in, mustAssign(t, in))
	})
}

// The result depends on the content of the input, not its order.
func TestAccountsOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in, _ := drawInstance(rapidSource{t}, false)
		res := mustAssign(t, in)
		accs := rapid.Permutation(in.accounts).Draw(t, "accountOrder")
		mgrs := rapid.Permutation(in.managers).Draw(t, "managerOrder")
		res2, err := assign.Accounts(accs, mgrs, in.policy)
		if err != nil {
			t.Fatalf("Accounts shuffled: %v", err)
		}
		if diff := cmp.Diff(res, res2); diff != "" {
			t.Fatalf("shuffled input changed the result (-first +shuffled):\n%s", diff)
		}
	})
}

// genPortfolio draws a portfolio of many small accounts, the case the
// quality target is set for: managers in regions, accounts matched by
// region, tier-based workloads, random current owners.
func genPortfolio(t *rapid.T) instance {
	in := instance{work: map[account.ID]int{}}
	nm := rapid.IntRange(2, 25).Draw(t, "managers")
	perManager := rapid.IntRange(20, 80).Draw(t, "accountsPerManager")
	restricted := rapid.Bool().Draw(t, "restricted")
	for j := range nm {
		m := account.Manager{
			ID:       account.ManagerID(fmt.Sprintf("m%02d", j)),
			Name:     "M",
			Capacity: rapid.IntRange(100, 300).Draw(t, "capacity"),
			Active:   true,
		}
		if restricted {
			m.Regions = []string{regions[j%len(regions)]}
		}
		in.managers = append(in.managers, m)
	}
	units := []int{1, 6, 3, 1}
	for k := range nm * perManager {
		a := account.Account{
			ID:     account.ID(fmt.Sprintf("a%05d", k)),
			Tier:   account.Tier(rapid.IntRange(1, 3).Draw(t, "tier")),
			Region: regions[rapid.IntRange(0, len(regions)-1).Draw(t, "region")],
		}
		if rapid.IntRange(0, 4).Draw(t, "owned") > 0 {
			a.Owner = in.managers[rapid.IntRange(0, nm-1).Draw(t, "owner")].ID
		}
		in.accounts = append(in.accounts, a)
		in.work[a.ID] = units[a.Tier]
	}
	in.policy = assign.Policy{
		Workload:    func(a account.Account) int { return in.work[a.ID] },
		MatchRegion: restricted && nm >= len(regions),
	}
	return in
}

// On portfolios of many small accounts the largest ratio is within 5% of
// the lower bound of the issue: total load ÷ total capacity, or the best
// ratio for the largest account, whichever is greater. (With region
// matching, the bound is taken per region, the smallest set of managers
// that can share accounts.)
func TestAccountsNearLowerBound(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		in := genPortfolio(t)
		res := mustAssign(t, in)
		checkAssignment(t, in, res)
		bound := issueLowerBound(in)
		if res.LowerBound < bound-1e-12 {
			t.Fatalf("reported lower bound %v below the issue's %v", res.LowerBound, bound)
		}
		if len(res.Unplaced) == 0 && res.MaxRatio > 1.05*res.LowerBound {
			t.Fatalf("max ratio %v more than 5%% above lower bound %v", res.MaxRatio, res.LowerBound)
		}
	})
}

// issueLowerBound is the bound as the issue states it, per region when
// regions are matched.
func issueLowerBound(in instance) float64 {
	load := map[string]int{}
	capacity := map[string]int{}
	largest := map[string]int{}
	maxCap := map[string]int{}
	key := func(region string) string {
		if in.policy.MatchRegion {
			return region
		}
		return ""
	}
	for _, a := range in.accounts {
		r := key(a.Region)
		load[r] += in.work[a.ID]
		largest[r] = max(largest[r], in.work[a.ID])
	}
	for _, m := range in.managers {
		r := ""
		if in.policy.MatchRegion {
			r = m.Regions[0]
		}
		capacity[r] += m.Capacity
		maxCap[r] = max(maxCap[r], m.Capacity)
	}
	bound := 0.0
	for r, l := range load {
		bound = max(bound, float64(l)/float64(capacity[r]), float64(largest[r])/float64(maxCap[r]))
	}
	return bound
}
