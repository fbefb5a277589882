package pack_test

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// nzd returns an amount in NZD.
func nzd(s string) account.Money { return account.MustParseMoney("NZD " + s) }

// budgets returns hand-made budgets for the first external and the first
// internal account of p: fiscal years from July 2026; in the sample
// portfolios, the first is under budget and the second over.
func budgets(p sample.Portfolio) []review.Budget {
	var out []review.Budget
	for _, internal := range []bool{false, true} {
		for _, a := range p.Accounts {
			if a.Internal != internal {
				continue
			}
			b := review.Budget{Account: a.ID, Year: 2026, StartMonth: time.July, Kind: account.TransactionRevenue,
				Amount: nzd("200000"), Threshold: decimal.RequireFromString("0.05")}
			if internal {
				b.Kind, b.Amount = account.TransactionCost, nzd("100000")
			}
			out = append(out, b)
			break
		}
	}
	return out
}

// window returns the value window of cfg at at: [since, at].
func window(cfg pack.Config, at time.Time) (since time.Time) {
	return at.In(cfg.Location).AddDate(0, -cfg.ValueMonths, 0)
}

// values computes each account's value straight from p's transactions:
// revenue of an external account, cost of an internal one, in the window.
func values(p sample.Portfolio, cfg pack.Config, at time.Time) map[account.ID]decimal.Decimal {
	internal := map[account.ID]bool{}
	for _, a := range p.Accounts {
		internal[a.ID] = a.Internal
	}
	since := window(cfg, at)
	out := map[account.ID]decimal.Decimal{}
	for _, tx := range p.Transactions {
		want := account.TransactionRevenue
		if internal[tx.Account] {
			want = account.TransactionCost
		}
		if tx.Kind != want || tx.At.Before(since) || tx.At.After(at) {
			continue
		}
		out[tx.Account] = out[tx.Account].Add(tx.Amount.Amount())
	}
	return out
}

func runDefault(t *testing.T, p sample.Portfolio, cfg pack.Config) *pack.Report {
	t.Helper()
	rep, err := pack.Run(context.Background(), memory(t, p), cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestFigures checks each section of the report over the default sample
// portfolio against a computation of its own, from the sample's records.
func TestFigures(t *testing.T) {
	p := portfolio(300)
	cfg := pack.DefaultConfig()
	cfg.Budgets = budgets(p)
	cfg.FiscalStart = time.July // the budgets' fiscal years
	rep := runDefault(t, p, cfg)
	at := pack.DefaultAt
	val := values(p, cfg, at)
	byID := map[account.ID]account.Account{}
	for _, a := range p.Accounts {
		byID[a.ID] = a
	}

	t.Run("portfolio", func(t *testing.T) {
		want := pack.PortfolioSummary{Accounts: len(p.Accounts), Managers: len(p.Managers)}
		var rev, cost decimal.Decimal
		children := map[account.ID]int{}
		for _, a := range p.Accounts {
			if a.Parent != "" {
				children[a.Parent]++
			}
		}
		for _, a := range p.Accounts {
			if a.Internal {
				want.Internal++
				cost = cost.Add(val[a.ID])
			} else {
				want.External++
				rev = rev.Add(val[a.ID])
			}
			if a.Parent == "" && children[a.ID] > 0 {
				want.Groups++
			}
		}
		for _, m := range p.Managers {
			if m.Active {
				want.Active++
			}
		}
		got := rep.Portfolio
		if !got.Revenue.Amount().Equal(rev) || !got.Cost.Amount().Equal(cost) {
			t.Errorf("revenue, cost = %v, %v; want %v, %v", got.Revenue, got.Cost, rev, cost)
		}
		got.Revenue, got.Cost = account.Money{}, account.Money{}
		if diff := gocmp.Diff(want, got); diff != "" {
			t.Errorf("portfolio (-want +got):\n%s", diff)
		}
		if rep.Through != "2026-09-30" {
			t.Errorf("Through = %q, want 2026-09-30", rep.Through)
		}
	})

	t.Run("hierarchy", func(t *testing.T) {
		root := func(id account.ID) account.ID {
			for byID[id].Parent != "" {
				id = byID[id].Parent
			}
			return id
		}
		type tot struct {
			n         int
			rev, cost decimal.Decimal
		}
		want := map[account.ID]*tot{}
		for _, a := range p.Accounts {
			r := root(a.ID)
			if want[r] == nil {
				want[r] = &tot{}
			}
			want[r].n++
			if a.Internal {
				want[r].cost = want[r].cost.Add(val[a.ID])
			} else {
				want[r].rev = want[r].rev.Add(val[a.ID])
			}
		}
		groups := 0
		for _, w := range want {
			if w.n > 1 {
				groups++
			}
		}
		if len(rep.Hierarchy) != groups || groups == 0 {
			t.Fatalf("%d groups, want %d (and some)", len(rep.Hierarchy), groups)
		}
		for i, g := range rep.Hierarchy {
			w := want[g.Account]
			if g.Accounts != w.n || !g.Revenue.Amount().Equal(w.rev) || !g.Cost.Amount().Equal(w.cost) || !g.Own.Amount().Equal(val[g.Account]) {
				t.Errorf("group %s = %d accounts, own %v, revenue %v, cost %v; want %d, %v, %v, %v",
					g.Account, g.Accounts, g.Own, g.Revenue, g.Cost, w.n, val[g.Account], w.rev, w.cost)
			}
			if i > 0 {
				prev := rep.Hierarchy[i-1]
				switch {
				case prev.Internal && !g.Internal:
					t.Errorf("internal group %s before external %s", prev.Account, g.Account)
				case !prev.Internal && !g.Internal && prev.Revenue.Amount().LessThan(g.Revenue.Amount()):
					t.Errorf("group %s (%v) before larger %s (%v)", prev.Account, prev.Revenue, g.Account, g.Revenue)
				case prev.Internal && g.Internal && prev.Cost.Amount().LessThan(g.Cost.Amount()):
					t.Errorf("group %s (%v) before larger %s (%v)", prev.Account, prev.Cost, g.Account, g.Cost)
				}
			}
		}
	})

	t.Run("scores", func(t *testing.T) {
		scores, err := tiering.Score(p.Accounts, cfg.Scorecards...)
		if err != nil {
			t.Fatal(err)
		}
		type ranked struct {
			id    account.ID
			total tiering.Points
		}
		var all []ranked
		for i := range scores.Len() {
			all = append(all, ranked{scores.ID(i), scores.Total(i)})
		}
		slices.SortFunc(all, func(a, b ranked) int {
			if c := cmp.Compare(b.total, a.total); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		if len(rep.Scores) != cfg.Top {
			t.Fatalf("%d explained, want %d", len(rep.Scores), cfg.Top)
		}
		for i, s := range rep.Scores {
			if s.Rank != i+1 || s.Account != all[i].id || !s.Score.Equal(all[i].total.Decimal()) || s.Name != byID[s.Account].Name {
				t.Errorf("rank %d: %d %s %q %v; want %s %v", i+1, s.Rank, s.Account, s.Name, s.Score, all[i].id, all[i].total.Decimal())
			}
			sum := decimal.Zero
			for _, l := range s.Lines {
				sum = sum.Add(l.Points)
			}
			if !sum.Equal(s.Score) {
				t.Errorf("%s: lines add up to %v, score %v", s.Account, sum, s.Score)
			}
		}
	})

	// proposed is each account's tier after the re-tiering, from the moves.
	proposed := map[account.ID]account.Tier{}
	for _, a := range p.Accounts {
		proposed[a.ID] = a.Tier
	}
	for _, m := range rep.Tiering.Moves {
		proposed[m.Account] = m.To
	}

	t.Run("tiering", func(t *testing.T) {
		s := rep.Tiering
		n := cfg.Policy.NumTiers()
		before, after := make([]int, n+1), make([]int, n+1)
		cells := map[[2]account.Tier]int{}
		moved := decimal.Zero
		for _, a := range p.Accounts {
			before[a.Tier]++
			after[proposed[a.ID]]++
			cells[[2]account.Tier{a.Tier, proposed[a.ID]}]++
		}
		for _, m := range s.Moves {
			if m.From != byID[m.Account].Tier || m.From == m.To {
				t.Errorf("move %+v: stored tier %d", m, byID[m.Account].Tier)
			}
			if !m.Value.Amount().Equal(val[m.Account]) {
				t.Errorf("move %s value %v, want %v", m.Account, m.Value, val[m.Account])
			}
			moved = moved.Add(val[m.Account])
		}
		for i := range n + 1 {
			if s.Before[i].Accounts != before[i] || s.After[i].Accounts != after[i] {
				t.Errorf("tier %d: %d before, %d after; want %d, %d", i, s.Before[i].Accounts, s.After[i].Accounts, before[i], after[i])
			}
		}
		got := map[[2]account.Tier]int{}
		for _, c := range s.Transitions {
			got[[2]account.Tier{c.From, c.To}] = c.Accounts
		}
		if diff := gocmp.Diff(cells, got); diff != "" {
			t.Errorf("transition matrix (-want +got):\n%s", diff)
		}
		share := decimal.NewFromInt(int64(len(s.Moves))).DivRound(decimal.NewFromInt(int64(len(p.Accounts))), 4)
		if s.Accounts != len(p.Accounts) || s.Changed != len(s.Moves) || !s.ChangedShare.Equal(share) || !s.MovedValue.Amount().Equal(moved) {
			t.Errorf("plan: %d accounts, %d changed (%v), %v moved; want %d, %d (%v), %v",
				s.Accounts, s.Changed, s.ChangedShare, s.MovedValue, len(p.Accounts), len(s.Moves), share, moved)
		}
		if s.Changed == 0 || s.Changed == s.Accounts {
			t.Errorf("%d of %d moved: the sample should move some, not all", s.Changed, s.Accounts)
		}
	})

	t.Run("assignment", func(t *testing.T) {
		s := rep.Assign
		owner := map[account.ID]account.ManagerID{}
		for _, a := range p.Accounts {
			owner[a.ID] = a.Owner
		}
		for _, h := range s.Handovers {
			if h.From != byID[h.Account].Owner || h.From == h.To {
				t.Errorf("handover %+v: stored owner %q", h, byID[h.Account].Owner)
			}
			owner[h.Account] = h.To
		}
		for _, u := range s.Unplaced {
			delete(owner, u.Account)
		}
		type load struct{ accounts, tier1, load int }
		want := map[account.ManagerID]*load{}
		for _, m := range p.Managers {
			want[m.ID] = &load{}
		}
		for id, m := range owner {
			l := want[m]
			if l == nil {
				t.Fatalf("account %s kept owner %q, who is not a manager", id, m)
			}
			model, _ := cfg.Models.For(proposed[id])
			l.accounts++
			l.load += model.Workload
			if proposed[id] == 1 {
				l.tier1++
			}
		}
		if len(s.Managers) != len(p.Managers) {
			t.Fatalf("%d managers, want %d", len(s.Managers), len(p.Managers))
		}
		for _, m := range s.Managers {
			w := want[m.Manager]
			util := decimal.NewFromInt(int64(m.Load)).DivRound(decimal.NewFromInt(int64(m.Capacity)), 4)
			if m.Accounts != w.accounts || m.Tier1 != w.tier1 || m.Load != w.load || m.Load > m.Capacity || !m.Utilisation.Equal(util) {
				t.Errorf("manager %s: %+v; want %+v, utilisation %v", m.Manager, m, *w, util)
			}
		}
		if s.Placed != len(owner) || s.Placed+len(s.Unplaced) != len(p.Accounts) {
			t.Errorf("%d placed, %d unplaced, of %d", s.Placed, len(s.Unplaced), len(p.Accounts))
		}
		n := 0
		for _, c := range s.ByReason {
			n += c.Accounts
		}
		if n != len(s.Handovers) {
			t.Errorf("by reason %d, handovers %d", n, len(s.Handovers))
		}
	})

	t.Run("segments", func(t *testing.T) {
		for _, internal := range []bool{false, true} {
			seg, kind := rep.Segments.Revenue, "revenue"
			if internal {
				seg, kind = rep.Segments.Cost, "cost"
			}
			var vs []decimal.Decimal
			audience := 0
			for _, a := range p.Accounts {
				if internal && !a.Internal {
					continue // the audience of revenue is every account, of cost the internal ones
				}
				audience++
				if v, ok := val[a.ID]; ok && v.Sign() > 0 && a.Internal == internal { // an internal account's value is its cost
					vs = append(vs, v)
				}
			}
			slices.SortFunc(vs, func(a, b decimal.Decimal) int { return b.Cmp(a) })
			total, top := decimal.Zero, decimal.Zero
			for i, v := range vs {
				total = total.Add(v)
				if i < cfg.Top {
					top = top.Add(v)
				}
			}
			for80, run := 0, decimal.Zero
			for _, v := range vs {
				if run.GreaterThanOrEqual(total.Mul(decimal.RequireFromString("0.8"))) {
					break
				}
				run = run.Add(v)
				for80++
			}
			share := top.DivRound(total, 4)
			sentence := fmt.Sprintf("the top %d of %d accounts hold %s%% of revenue", min(cfg.Top, len(vs)), audience, share.Shift(2).StringFixed(1))
			if internal {
				sentence = fmt.Sprintf("the top %d of %d internal accounts hold %s%% of cost to serve", min(cfg.Top, len(vs)), audience, share.Shift(2).StringFixed(1))
			}
			values := slices.Clone(vs)
			for len(values) < audience {
				values = append(values, decimal.Zero)
			}
			if diff := gocmp.Diff(values, seg.Values); diff != "" {
				t.Errorf("%s: Pareto values (-want +got):\n%s", kind, diff)
			}
			if seg.Accounts != audience || seg.Active != len(vs) || !seg.Total.Amount().Equal(total) || !seg.TopValue.Amount().Equal(top) ||
				!seg.TopShare.Equal(share) || seg.For80 != for80 || seg.Sentence != sentence {
				t.Errorf("%s: %+v;\nwant %d accounts, %d active, total %v, top %v (%v), %d for 80%%, %q",
					kind, seg, audience, len(vs), total, top, share, for80, sentence)
			}
			n := 0
			for _, c := range seg.Segments {
				n += c.Accounts
			}
			if n != seg.Active {
				t.Errorf("%s: segments count %d accounts, %d active", kind, n, seg.Active)
			}
		}
	})

	t.Run("gaps", func(t *testing.T) {
		type gap struct {
			id   account.ID
			days int
			over time.Duration // how long overdue: the order; not reported
		}
		last := map[account.ID]time.Time{}
		for _, x := range p.Interactions {
			m, ok := cfg.Models.For(byID[x.Account].Tier)
			kinds := m.ContactKinds
			if len(kinds) == 0 {
				kinds = tiering.DefaultContactKinds
			}
			if ok && !x.At.After(at) && slices.Contains(kinds, x.Kind) && x.At.After(last[x.Account]) {
				last[x.Account] = x.At
			}
		}
		var want []gap
		for _, a := range p.Accounts {
			m, ok := cfg.Models.For(a.Tier)
			if !ok || m.ContactEvery == 0 {
				continue
			}
			due := a.Created.Add(m.ContactEvery)
			if l, ok := last[a.ID]; ok {
				due = l.Add(m.ContactEvery)
			}
			if at.After(due) {
				over := at.Sub(due)
				want = append(want, gap{a.ID, int((over + 24*time.Hour - 1) / (24 * time.Hour)), over})
			}
		}
		var got []gap
		for _, g := range rep.Gaps.Accounts {
			got = append(got, gap{id: g.Account, days: g.Days})
			if g.Tier != byID[g.Account].Tier {
				t.Errorf("gap %s in tier %d, stored %d", g.Account, g.Tier, byID[g.Account].Tier)
			}
		}
		slices.SortFunc(want, func(a, b gap) int {
			if c := cmp.Compare(b.over, a.over); c != 0 {
				return c
			}
			return cmp.Compare(a.id, b.id)
		})
		for i := range want {
			want[i].over = 0
		}
		if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(gap{})); diff != "" || len(want) == 0 {
			t.Errorf("gaps (-want +got):\n%s", diff)
		}
		for _, c := range rep.Gaps.ByTier {
			n, g := 0, 0
			for _, a := range p.Accounts {
				if a.Tier == c.Tier {
					n++
				}
			}
			for _, x := range want {
				if byID[x.id].Tier == c.Tier {
					g++
				}
			}
			if c.Accounts != n || c.Gaps != g {
				t.Errorf("tier %d: %d accounts, %d gaps; want %d, %d", c.Tier, c.Accounts, c.Gaps, n, g)
			}
		}
	})

	t.Run("coverage", func(t *testing.T) {
		dm := map[account.ID]bool{}
		for _, c := range p.Contacts {
			if c.Role == account.RoleDecisionMaker {
				dm[c.Account] = true
			}
		}
		n, no := map[account.Tier]int{}, map[account.Tier]int{}
		for _, a := range p.Accounts {
			n[a.Tier]++
			if !dm[a.ID] {
				no[a.Tier]++
			}
		}
		for _, c := range rep.Coverage.ByTier {
			if c.Accounts != n[c.Tier] || c.NoDecisionMaker != no[c.Tier] {
				t.Errorf("tier %d: %d accounts, %d without a decision maker; want %d, %d", c.Tier, c.Accounts, c.NoDecisionMaker, n[c.Tier], no[c.Tier])
			}
		}
		if len(rep.Coverage.Weakest) == 0 {
			t.Fatal("no tier-1 account in the coverage")
		}
		for i, c := range rep.Coverage.Weakest {
			if byID[c.Account].Tier != 1 {
				t.Errorf("weakest %s is in tier %d", c.Account, byID[c.Account].Tier)
			}
			if i > 0 && c.Score.LessThan(rep.Coverage.Weakest[i-1].Score) {
				t.Errorf("weakest not in ascending score at %d", i)
			}
		}
	})

	t.Run("budgets", func(t *testing.T) {
		s := rep.Budgets
		if len(s.Statuses) != 2 || s.Under != 1 || s.Over != 1 || s.OnTrack != 0 {
			t.Fatalf("budgets: %d statuses, %d over, %d under, %d on track; want 2, 1, 1, 0", len(s.Statuses), s.Over, s.Under, s.OnTrack)
		}
		from := time.Date(2026, time.July, 1, 0, 0, 0, 0, cfg.Location)
		for _, st := range s.Statuses {
			want := decimal.Zero
			for _, tx := range p.Transactions {
				if tx.Account == st.Account && tx.Kind == st.Kind && !tx.At.Before(from) && tx.At.Before(at) {
					want = want.Add(tx.Amount.Amount())
				}
			}
			if !st.Actual.Amount().Equal(want) || st.Through != (calendar.Date{Year: 2026, Month: time.September, Day: 30}) {
				t.Errorf("budget of %s: actual %v through %v; want %v through 2026-09-30", st.Account, st.Actual, st.Through, want)
			}
		}
	})
}
