package pack

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/tiering"
)

// Run computes the whole pack from what s holds, under cfg, at the
// instant at: the commercial sections and the service sections, in one
// call. It reads and never writes: the re-tiering and the assignment are
// dry runs, which the application applies with tiering's and assign's
// services if it agrees with them, and the escalations are only decided
// ([escalation.Engine.Decide] over the records and facts the store
// holds), never recorded as [escalation.Service.Escalate] would.
//
// The sections, in the order of the Report:
//
//   - the value of each account: its revenue (external customers) or cost
//     to serve (internal ones) over the cfg.ValueMonths calendar months up
//     to at, from its transactions, through segmentation.Service (which a
//     SQL store answers with a GROUP BY), and the top cfg.Top accounts by
//     value (Report.TopAccounts);
//   - the hierarchy roll-up of those values (account.RollUp);
//   - the scores and tiers of tiering.Service over the stored accounts,
//     with hysteresis against their stored tiers, the plan of moves, and
//     the explanations of the top cfg.Top scores;
//   - the assignment of managers (assign.Accounts) to the accounts at
//     their proposed tiers;
//   - the RFM segments and Pareto figures of each audience;
//   - the lifetime value of the accounts that buy without a contract
//     (see [LifetimeSection]), from their revenue transactions before at;
//   - the service gaps (tiering.ServiceModels.Gaps) and stakeholder
//     coverage (engagement.Coverage), both at the stored tiers, the ones
//     in force at at;
//   - the budgets' status (review.Budget.Status) on the last day that
//     ended by at; a budget whose first day is later is left out;
//   - satisfaction by tier over the last two quarters; SLA compliance by
//     tier for the last quarter; the breaches and escalations open at at;
//     the early warning over the last quarter's tickets; the change view
//     and the review schedule of the top accounts; the overdue action
//     items; the quarterly results.
//
// The report is a function of the stores' content, cfg and at: it reads
// no clock, and the same content gives the same report from any store,
// whatever the order it was filled in.
//
// The errors are those of cfg.Validate; an *account.FieldError (Record
// "Run", Field "s" or "at") wrapping ErrInvalid for a nil store or a zero
// at; the context's error once it is done; and the stores' and packages'
// errors, wrapped with the name of the section that met them.
func Run(ctx context.Context, s Store, cfg Config, at time.Time) (*Report, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s == nil {
		return nil, &account.FieldError{Record: "Run", Field: "s", Reason: "is nil", Err: ErrInvalid}
	}
	if at.IsZero() {
		return nil, &account.FieldError{Record: "Run", Field: "at", Reason: "is required", Err: ErrInvalid}
	}
	c, err := cfg.compile()
	if err != nil {
		return nil, err
	}
	r := &run{ctx: ctx, s: s, cfg: cfg, c: c, at: at.In(cfg.Location)}
	r.rep.Domain = cfg.Reviews.Domain
	steps := []struct {
		name string
		f    func() error
	}{
		{"accounts", r.load}, {"values", r.values}, {"hierarchy", r.hierarchy}, {"tiering", r.tiering},
		{"assignment", r.assign}, {"segments", r.segments},
		{"lifetime value", r.lifetime}, {"growth", r.growth},
		{"service gaps", r.gaps}, {"coverage", r.coverage},
		{"budgets", r.budgets}, {"satisfaction", r.satisfaction}, {"SLA compliance", r.compliance},
		{"open tickets", r.open}, {"early warning", r.warning}, {"changes", r.changes}, {"reviews", r.reviews},
		{"overdue actions", r.overdue}, {"quarterly results", r.quarterly},
	}
	for _, st := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := st.f(); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, fmt.Errorf("pack: %s: %w", st.name, err)
		}
	}
	return &r.rep, nil
}

// run is one computation of the pack: its inputs, what it read, and the
// report it fills in, step by step.
type run struct {
	ctx context.Context
	s   Store
	cfg Config
	c   *compiled
	at  time.Time

	accounts []account.Account // as stored, in ascending ID order
	byID     map[account.ID]*account.Account
	managers []account.Manager
	contacts []account.Contact
	h        *account.Hierarchy
	tables   [2]*segmentation.Table // revenue, cost
	value    map[account.ID]account.Money
	tiers    *tiering.Result
	quarter  []sla.Result // the results of the tickets of the last quarter, at at

	rep Report
}

func (r *run) load() (err error) {
	if r.accounts, err = account.Collect(r.s.Accounts(r.ctx, account.AccountFilter{})); err != nil {
		return err
	}
	slices.SortFunc(r.accounts, func(a, b account.Account) int { return cmp.Compare(a.ID, b.ID) })
	if r.managers, err = account.Collect(r.s.Managers(r.ctx, account.ManagerFilter{})); err != nil {
		return err
	}
	slices.SortFunc(r.managers, func(a, b account.Manager) int { return cmp.Compare(a.ID, b.ID) })
	if r.h, err = account.NewHierarchy(r.accounts); err != nil {
		return err
	}
	r.byID = make(map[account.ID]*account.Account, len(r.accounts))
	p := &r.rep.Portfolio
	for i := range r.accounts {
		a := &r.accounts[i]
		r.byID[a.ID] = a
		p.Accounts++
		if a.Internal {
			p.Internal++
		} else {
			p.External++
		}
		if a.Parent == "" && len(r.h.Children(a.ID)) > 0 {
			p.Groups++
		}
	}
	for _, m := range r.managers {
		p.Managers++
		if m.Active {
			p.Active++
		}
	}
	if r.contacts, err = account.Collect(r.s.Contacts(r.ctx, account.ContactFilter{})); err != nil {
		return err
	}
	r.rep.At = r.at
	r.rep.Quarter, r.rep.Previous = quarters(r.at)
	r.rep.Top = r.cfg.Top
	r.rep.Months = r.cfg.ValueMonths
	r.rep.Through = calendar.DateOf(r.at).AddDays(-1).String()
	return nil
}

// kinds are the value kinds in the order of run.tables.
var kinds = [2]account.TransactionKind{account.TransactionRevenue, account.TransactionCost}

// values scores the RFM tables of both kinds over the value window, and
// takes each account's value from its audience's table.
func (r *run) values() error {
	svc := segmentation.NewService(r.s)
	for i, k := range kinds {
		t, err := svc.RFM(r.ctx, segmentation.Options{
			AsOf: r.at, Since: r.at.AddDate(0, -r.cfg.ValueMonths, 0), Location: r.cfg.Location,
			Kind: k, Frequency: r.cfg.Frequency,
		}, r.cfg.RFM)
		if err != nil {
			return err
		}
		r.tables[i] = t
	}
	r.value = make(map[account.ID]account.Money, len(r.accounts))
	for _, a := range r.accounts {
		t := r.tables[0]
		if a.Internal {
			t = r.tables[1]
		}
		if row, ok := t.Lookup(a.ID); ok {
			r.value[a.ID] = row.Monetary
		}
	}
	r.rep.TopAccounts = topAccounts(r.tables, r.cfg.Top)
	return nil
}

// topAccounts returns the top n accounts by value: those with revenue in
// tables[0] by revenue, then, while fewer than n, those with a cost in
// tables[1] by cost, each largest first, ties by ID.
func topAccounts(tables [2]*segmentation.Table, n int) []account.ID {
	var out []account.ID
	for _, t := range tables {
		var rows []segmentation.Row
		for _, row := range t.All() {
			if row.Monetary.Sign() > 0 && !slices.Contains(out, row.Account) {
				rows = append(rows, row)
			}
		}
		slices.SortFunc(rows, func(a, b segmentation.Row) int {
			return cmp.Or(moneyCmp(b.Monetary, a.Monetary), cmp.Compare(a.Account, b.Account))
		})
		for _, row := range rows[:min(len(rows), n-len(out))] {
			out = append(out, row.Account)
		}
	}
	return out
}

func (r *run) hierarchy() error {
	var own [2]map[account.ID]account.Money // revenue of external, cost of internal accounts
	for i := range own {
		own[i] = make(map[account.ID]account.Money)
	}
	for id, v := range r.value {
		k := 0
		if r.byID[id].Internal {
			k = 1
		}
		own[k][id] = v
	}
	var rolled [2]map[account.ID]account.Money
	for i := range own {
		var err error
		if rolled[i], err = account.RollUp(r.h, own[i], account.Money.Add); err != nil {
			return err
		}
	}
	for _, root := range r.h.Roots() {
		if len(r.h.Children(root)) == 0 {
			continue
		}
		a := r.byID[root]
		n := 1
		for range r.h.Descendants(root) {
			n++
		}
		r.rep.Hierarchy = append(r.rep.Hierarchy, Group{
			Account: root, Name: a.Name, Internal: a.Internal, Accounts: n,
			Own: r.value[root], Revenue: rolled[0][root], Cost: rolled[1][root],
		})
	}
	for _, root := range r.h.Roots() {
		var err error
		if r.rep.Portfolio.Revenue, err = r.rep.Portfolio.Revenue.Add(rolled[0][root]); err != nil {
			return err
		}
		if r.rep.Portfolio.Cost, err = r.rep.Portfolio.Cost.Add(rolled[1][root]); err != nil {
			return err
		}
	}
	slices.SortStableFunc(r.rep.Hierarchy, func(a, b Group) int {
		if a.Internal != b.Internal {
			if b.Internal {
				return -1
			}
			return 1
		}
		va, vb := a.Revenue, b.Revenue
		if a.Internal {
			va, vb = a.Cost, b.Cost
		}
		if c := moneyCmp(vb, va); c != 0 {
			return c
		}
		return cmp.Compare(a.Account, b.Account)
	})
	return nil
}

// moneyCmp compares amounts of one currency (or zero Money).
func moneyCmp(a, b account.Money) int { return a.Amount().Cmp(b.Amount()) }

func (r *run) tiering() error {
	svc, err := tiering.NewService(r.s, tiering.ServiceConfig{Scorecards: r.cfg.Scorecards, Policy: r.cfg.Policy})
	if err != nil {
		return err
	}
	if r.tiers, err = svc.Tier(r.ctx, tiering.Input{At: r.at, Values: r.value}); err != nil {
		return err
	}
	res := r.tiers
	sec := &r.rep.Tiering
	sec.Policy = r.cfg.Policy.Name
	plan := res.Plan(tiering.FingerprintOf(r.cfg.Policy, r.cfg.Scorecards...))
	sec.Accounts, sec.Changed = plan.Accounts, plan.Changed
	sec.ChangedShare, sec.MovedValue = plan.ChangedShare(), plan.MovedValue()
	for _, t := range plan.Transitions {
		sec.Transitions = append(sec.Transitions, Transition{From: t.From, To: t.To, Accounts: t.Accounts, Value: t.Value})
	}
	for _, m := range plan.Moves {
		sec.Moves = append(sec.Moves, Move{Account: m.Account, Name: r.byID[m.Account].Name, From: m.From, To: m.To,
			Reason: m.Reason.String(), Score: m.Score.Decimal(), Value: m.Value})
	}
	n := r.cfg.Policy.NumTiers()
	before, after := make([]int, n+1), make([]int, n+1)
	held := make([]int, int(tiering.TierCap)+1)
	for i := range res.Len() {
		d := res.Decision(i)
		before[min(int(d.Current), n)]++ // a stored tier beyond the policy's counts in the last
		after[d.Tier]++
		if d.Tier != d.Policy {
			held[d.Reason]++
		}
	}
	for t := range n + 1 {
		sec.Before = append(sec.Before, TierCount{Tier: account.Tier(t), Accounts: before[t]})
		sec.After = append(sec.After, TierCount{Tier: account.Tier(t), Accounts: after[t]})
	}
	for reason, c := range held {
		if c > 0 {
			sec.Held = append(sec.Held, ReasonCount{Reason: tiering.TierReason(reason).String(), Accounts: c})
		}
	}

	proposed := make(map[account.ID]account.Tier, len(r.accounts))
	for _, a := range res.Accounts() {
		proposed[a.ID] = a.Tier
	}
	for _, id := range r.rep.TopAccounts {
		a := r.byID[id]
		r.rep.TopValues = append(r.rep.TopValues, TopAccount{Account: id, Name: a.Name, Value: r.value[id], Tier: a.Tier, Proposed: proposed[id]})
	}

	scores := res.Scores()
	order := make([]int, scores.Len())
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(scores.Total(b), scores.Total(a)); c != 0 {
			return c
		}
		return cmp.Compare(scores.ID(a), scores.ID(b))
	})
	for rank, i := range order[:min(len(order), r.cfg.Top)] {
		e := scores.Explain(i)
		sa := ScoredAccount{Rank: rank + 1, Account: e.Account, Name: r.byID[e.Account].Name, Scorecard: e.Scorecard,
			Score: e.Total.Decimal(), Tier: res.Tier(i), Coverage: round4(e.Coverage)}
		for _, l := range e.Lines {
			sa.Lines = append(sa.Lines, ScoreLine{Measure: l.Measure, Raw: round4(l.Raw), Normalised: round4(l.Normalised),
				Weight: round4(l.EffectiveWeight), Points: l.Points.Decimal(), Handling: l.Handling.String()})
		}
		r.rep.Scores = append(r.rep.Scores, sa)
	}
	return nil
}

// round4 returns f as a decimal rounded half away from zero to 4 places,
// 0 for a value that is not finite.
func round4(f float64) decimal.Decimal {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return decimal.Zero
	}
	return decimal.NewFromFloat(f).Round(4)
}

// share returns part / total rounded half away from zero to 4 places, 0
// for a zero total.
func share(part, total decimal.Decimal) decimal.Decimal {
	if total.IsZero() {
		return decimal.Zero
	}
	return part.DivRound(total, 8).Round(4)
}

func (r *run) assign() error {
	p := r.cfg.Assignment
	if p.Workload == nil {
		p.Workload = r.cfg.Models.Workload
	}
	res, err := assign.Accounts(r.tiers.Accounts(), r.managers, p)
	if err != nil {
		return err
	}
	sec := &r.rep.Assign
	names := make(map[account.ManagerID]account.Manager, len(r.managers))
	for _, m := range r.managers {
		names[m.ID] = m
	}
	for _, l := range res.Loads {
		util := decimal.Zero
		if l.Capacity > 0 {
			util = share(decimal.NewFromInt(int64(l.Load)), decimal.NewFromInt(int64(l.Capacity)))
		}
		sec.Managers = append(sec.Managers, ManagerLoad{Manager: l.Manager, Name: names[l.Manager].Name, Active: names[l.Manager].Active,
			Accounts: l.Accounts, Tier1: l.Tier1, Load: l.Load, Capacity: l.Capacity, Utilisation: util})
	}
	sec.Placed = len(res.Placements)
	sec.MaxUtilisation, sec.LowerBound = round4(res.MaxRatio), round4(res.LowerBound)
	by := make([]int, int(assign.HandoverBalance)+1)
	for _, h := range res.Handovers {
		sec.Handovers = append(sec.Handovers, Handover{Account: h.Account, Name: r.byID[h.Account].Name, From: h.From, To: h.To, Reason: h.Reason.String()})
		if int(h.Reason) < len(by) {
			by[h.Reason]++
		}
	}
	for reason, c := range by {
		if c > 0 {
			sec.ByReason = append(sec.ByReason, ReasonCount{Reason: assign.HandoverReason(reason).String(), Accounts: c})
		}
	}
	for _, u := range res.Unplaced {
		sec.Unplaced = append(sec.Unplaced, Unplaced{Account: u.Account, Reason: u.Reason.String(), Detail: u.Detail})
	}
	return nil
}

func (r *run) segments() error {
	for i, out := range []*Segmentation{&r.rep.Segments.Revenue, &r.rep.Segments.Cost} {
		t := r.tables[i]
		out.Kind = kinds[i]
		internal := i == 1
		for _, a := range r.accounts {
			if a.Internal || !internal {
				out.Accounts++ // revenue: every account; cost: the internal ones
			}
		}
		out.Active = t.Len()
		values := make(map[account.ID]account.Money, t.Len())
		for _, row := range t.All() {
			if row.Monetary.Sign() > 0 {
				values[row.Account] = row.Monetary
				out.Values = append(out.Values, row.Monetary.Amount())
			}
		}
		slices.SortFunc(out.Values, func(a, b decimal.Decimal) int { return b.Cmp(a) })
		for len(out.Values) < out.Accounts {
			out.Values = append(out.Values, decimal.Zero)
		}
		pareto, err := segmentation.NewPareto(values)
		if err != nil {
			return err
		}
		out.Total = pareto.Total()
		for _, s := range t.Summary() {
			out.Segments = append(out.Segments, SegmentCount{Segment: s.Segment, Accounts: s.Accounts, Value: s.Monetary,
				Share: share(s.Monetary.Amount(), out.Total.Amount())})
		}
		top := pareto.Top(r.cfg.Top)
		out.Top, out.TopValue = top.Accounts, top.Total
		out.TopShare = share(top.Total.Amount(), out.Total.Amount())
		if out.For80, err = pareto.CountFor(decimal.New(8, -1)); err != nil {
			return err
		}
		out.Gini = round4(pareto.Gini())
		if internal {
			out.Sentence = fmt.Sprintf("the top %d of %d internal accounts hold %s of cost to serve", out.Top, out.Accounts, pct(out.TopShare))
		} else {
			out.Sentence = fmt.Sprintf("the top %d of %d accounts hold %s of revenue", out.Top, out.Accounts, pct(out.TopShare))
		}
	}
	return nil
}

func (r *run) gaps() error {
	gaps, err := r.cfg.Models.Gaps(r.at, r.accounts, r.s.Interactions(r.ctx, account.InteractionFilter{}))
	if err != nil {
		return err
	}
	sec := &r.rep.Gaps
	count := map[account.Tier]*TierGaps{}
	for _, m := range r.cfg.Models {
		if m.ContactEvery > 0 {
			sec.ByTier = append(sec.ByTier, TierGaps{Tier: m.Tier})
		}
	}
	slices.SortFunc(sec.ByTier, func(a, b TierGaps) int { return cmp.Compare(a.Tier, b.Tier) })
	for i := range sec.ByTier {
		count[sec.ByTier[i].Tier] = &sec.ByTier[i]
	}
	for _, a := range r.accounts {
		if c := count[a.Tier]; c != nil {
			c.Accounts++
		}
	}
	for _, g := range gaps {
		last := ""
		if !g.Last.IsZero() {
			last = calendar.DateOf(g.Last.In(r.cfg.Location)).String()
		}
		sec.Accounts = append(sec.Accounts, Gap{Account: g.Account, Name: r.byID[g.Account].Name, Tier: g.Tier, Last: last, Days: g.Days})
		count[g.Tier].Gaps++
	}
	return nil
}

func (r *run) coverage() error {
	every := make(map[account.Tier]time.Duration, len(r.cfg.Models))
	for _, m := range r.cfg.Models {
		every[m.Tier] = m.ContactEvery
	}
	cov, err := engagement.Coverage(r.accounts, r.s.Contacts(r.ctx, account.ContactFilter{}),
		r.s.Interactions(r.ctx, account.InteractionFilter{}), engagement.CoverageOptions{At: r.at, ContactEvery: every})
	if err != nil {
		return err
	}
	sec := &r.rep.Coverage
	n := r.cfg.Policy.NumTiers()
	tiers := make([]TierCoverage, n+1)
	sums := make([]decimal.Decimal, n+1)
	var weakest []AccountCoverage
	for _, c := range cov.Accounts {
		t := min(int(c.Tier), n)
		tc := &tiers[t]
		tc.Accounts++
		sums[t] = sums[t].Add(c.Score)
		if len(c.DecisionMakers) == 0 {
			tc.NoDecisionMaker++
		}
		if len(c.Sponsors) == 0 {
			tc.NoSponsor++
		}
		if c.SingleThreaded {
			tc.SingleThreaded++
		}
		tc.Stale += len(c.Stale)
		if c.Tier == 1 {
			weakest = append(weakest, AccountCoverage{Account: c.Account, Name: r.byID[c.Account].Name, Score: c.Score,
				Contacts: c.Contacts, Threads: c.Threads, Stale: len(c.Stale)})
		}
	}
	for t := range tiers {
		tiers[t].Tier = account.Tier(t)
		if tiers[t].Accounts > 0 {
			tiers[t].MeanScore = sums[t].DivRound(decimal.NewFromInt(int64(tiers[t].Accounts)), 8).Round(2)
			sec.ByTier = append(sec.ByTier, tiers[t])
		}
	}
	slices.SortFunc(weakest, func(a, b AccountCoverage) int {
		if c := a.Score.Cmp(b.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Account, b.Account)
	})
	sec.Weakest = weakest[:min(len(weakest), r.cfg.Top)]
	return nil
}

func (r *run) budgets() error {
	through := calendar.DateOf(r.at).AddDays(-1)
	sec := &r.rep.Budgets
	for _, b := range r.cfg.Budgets {
		if through.Before(b.Start()) || (!b.From.IsZero() && through.Before(b.From)) {
			continue // the budget has not begun
		}
		st, err := b.Status(through, r.cfg.Location, r.s.Transactions(r.ctx, account.TransactionFilter{Account: b.Account, Kind: b.Kind}))
		if err != nil {
			return err
		}
		sec.Statuses = append(sec.Statuses, st)
		switch st.Flag {
		case review.BudgetOver:
			sec.Over++
		case review.BudgetUnder:
			sec.Under++
		default:
			sec.OnTrack++
		}
	}
	slices.SortFunc(sec.Statuses, func(a, b review.BudgetStatus) int {
		if c := cmp.Compare(a.Account, b.Account); c != 0 {
			return c
		}
		if c := a.End.Compare(b.End); c != 0 {
			return c
		}
		return cmp.Compare(a.Kind, b.Kind)
	})
	return nil
}
