package pack

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/tiering"
)

// The service sections of the pack: the steps of run after the
// commercial ones.

// quarters returns the calendar quarter before the one at falls in,
// and the one before that, in at's zone.
func quarters(at time.Time) (last, previous Period) {
	y, m, _ := at.Date()
	start := time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, at.Location())
	q := func(to time.Time) Period {
		from := time.Date(to.Year(), to.Month()-3, 1, 0, 0, 0, 0, to.Location())
		return Period{Name: fmt.Sprintf("Q%d %d", (int(from.Month())-1)/3+1, from.Year()), From: from, To: to}
	}
	last = q(start)
	return last, q(last.From)
}

// satisfaction reports satisfaction by tier over the two quarters.
func (r *run) satisfaction() error {
	rep, err := engagement.Satisfaction(
		r.s.Responses(r.ctx, engagement.ResponseFilter{From: r.rep.Previous.From, To: r.rep.Quarter.To}),
		r.accounts,
		engagement.SatisfactionOptions{
			By:        engagement.Grouping{Tier: true, Periods: []time.Time{r.rep.Previous.From, r.rep.Quarter.From, r.rep.Quarter.To}},
			Weighting: r.cfg.Satisfaction.Weighting,
		})
	if err != nil {
		return err
	}
	rows := map[account.Tier]*SatisfactionRow{}
	for _, row := range rep.Rows {
		x := rows[row.Tier]
		if x == nil {
			x = &SatisfactionRow{Tier: row.Tier}
			rows[row.Tier] = x
		}
		if row.From.Equal(r.rep.Quarter.From) {
			x.Current = row
		} else {
			x.Previous = row
		}
	}
	for _, t := range sortedTiers(rows) {
		x := rows[t]
		m := r.cfg.Satisfaction.Margin
		if x.NPS, err = engagement.Compare(x.Previous.NPS, x.Current.NPS, m); err != nil {
			return err
		}
		if x.CSAT, err = engagement.Compare(x.Previous.CSAT, x.Current.CSAT, m); err != nil {
			return err
		}
		if x.Effort, err = engagement.Compare(x.Previous.Effort, x.Current.Effort, m); err != nil {
			return err
		}
		r.rep.Satisfaction = append(r.rep.Satisfaction, *x)
	}
	slices.SortStableFunc(r.rep.Satisfaction, func(a, b SatisfactionRow) int {
		return tierOrder(a.Tier, b.Tier)
	})
	return nil
}

// tierOrder orders tiers 1, 2, ... and Unassigned last.
func tierOrder(a, b account.Tier) int {
	key := func(t account.Tier) int {
		if t == account.Unassigned {
			return int(^uint(0) >> 1)
		}
		return int(t)
	}
	return cmp.Compare(key(a), key(b))
}

// compliance reports the last quarter's SLA compliance by tier, through
// sla.Service, and keeps the results for the quarterly results.
func (r *run) compliance() error {
	period := sla.Period{From: r.rep.Quarter.From, To: r.rep.Quarter.To}
	svc := sla.NewService(r.s, r.c.evaluator)
	for res, err := range svc.EvaluatePeriod(r.ctx, period, r.at) {
		if err != nil {
			return err
		}
		r.quarter = append(r.quarter, res)
	}
	rep, err := sla.Compliance(results(r.quarter), period, sla.Grouping{Tier: true})
	if err != nil {
		return err
	}
	for _, row := range rep.Rows {
		r.rep.SLA = append(r.rep.SLA, SLARow{Tier: row.Tier, Metric: row.Metric, Tickets: row.Tickets, Met: row.Met, Breached: row.Breached,
			Compliance: decimal.New(int64(row.Compliance), -4), Median: row.Median, P90: row.P90})
		n := len(r.rep.SLAByTier)
		if n == 0 || r.rep.SLAByTier[n-1].Tier != row.Tier {
			r.rep.SLAByTier = append(r.rep.SLAByTier, TierCompliance{Tier: row.Tier})
			n++
		}
		x := &r.rep.SLAByTier[n-1]
		x.Met += row.Met
		x.Breached += row.Breached
	}
	for i := range r.rep.SLAByTier {
		x := &r.rep.SLAByTier[i]
		x.Compliance = share(decimal.NewFromInt(int64(x.Met)), decimal.NewFromInt(int64(x.Met+x.Breached)))
	}
	return nil
}

// results yields rs, each with a nil error.
func results(rs []sla.Result) iter.Seq2[sla.Result, error] {
	return func(yield func(sla.Result, error) bool) {
		for _, res := range rs {
			if !yield(res, nil) {
				return
			}
		}
	}
}

// open evaluates the tickets unsolved at At: their open breaches, and the
// escalation decisions of each.
func (r *run) open() error {
	tickets, err := account.Collect(r.s.Tickets(r.ctx, sla.TicketFilter{UnsolvedAt: r.at}))
	if err != nil {
		return err
	}
	r.rep.Open = len(tickets)
	issues := make([]escalation.Issue, 0, len(tickets))
	fired := make([][]escalation.Record, 0, len(tickets))
	window := repeatWindow(r.cfg.Escalation.Policies)
	i := 0
	for res, err := range r.c.evaluator.EvaluateAll(timelines(tickets), r.at, 1) {
		if err != nil {
			return err
		}
		t := tickets[i]
		i++
		for _, m := range res.Metrics {
			for _, c := range m.Cycles {
				if c.State == sla.StateBreached && c.End.IsZero() {
					b := c.BreachedAt()
					r.rep.Breaches = append(r.rep.Breaches, Breach{Ticket: res.Ticket, Account: res.Account, Tier: res.Tier,
						Priority: c.Priority, Metric: c.Metric, BreachedAt: b.In(r.c.cal.Location()), Late: r.at.Sub(b)})
				}
			}
		}
		if a := r.byID[t.Account]; a != nil && a.Owner == "" {
			// The escalation engine needs an account manager: list the
			// ticket for someone to take rather than decide it.
			r.rep.Unowned = append(r.rep.Unowned, t.Ticket)
			continue
		}
		is, recs, err := r.issue(t, res, window)
		if err != nil {
			return err
		}
		issues = append(issues, is)
		fired = append(fired, recs)
	}
	slices.SortStableFunc(r.rep.Breaches, func(a, b Breach) int {
		return cmp.Or(a.BreachedAt.Compare(b.BreachedAt), cmp.Compare(a.Ticket, b.Ticket),
			cmp.Compare(a.Metric, b.Metric))
	})
	for d, err := range r.c.engine.DecideAll(issues, fired, r.at, 1) {
		if err != nil {
			return err
		}
		if len(d.Notify) > 0 || len(d.Held) > 0 {
			r.rep.Escalations = append(r.rep.Escalations, d)
		}
	}
	return nil
}

// timelines returns the timelines of ts.
func timelines(ts []sla.Ticket) []sla.Timeline {
	out := make([]sla.Timeline, len(ts))
	for i, t := range ts {
		out[i] = t.Timeline
	}
	return out
}

// repeatWindow returns the longest window of a TriggerRepeats of
// ps, or 0.
func repeatWindow(ps escalation.Policies) time.Duration {
	var w time.Duration
	for _, p := range ps {
		for _, l := range p.Levels {
			for _, t := range l.Triggers {
				if t.Kind == escalation.TriggerRepeats {
					w = max(w, t.Window)
				}
			}
		}
	}
	return w
}

// issue makes the escalation issue of the open ticket t, evaluated as res,
// from the stores, as escalation.Service does, and returns it with the
// records fired for it.
func (r *run) issue(t sla.Ticket, res sla.Result, window time.Duration) (escalation.Issue, []escalation.Record, error) {
	name := r.cfg.Escalation.Unassigned
	if m, ok := r.cfg.Models.For(t.Tier); ok && m.EscalationPolicy != "" {
		name = m.EscalationPolicy
	}
	a, ok := r.byID[t.Account]
	if !ok {
		return escalation.Issue{}, nil, fmt.Errorf("ticket %q: account %q: %w", t.Ticket, t.Account, account.ErrNotFound)
	}
	facts, err := account.Collect(r.s.Facts(r.ctx, t.Ticket))
	if err != nil {
		return escalation.Issue{}, nil, err
	}
	recs, err := account.Collect(r.s.Fired(r.ctx, t.Ticket))
	if err != nil {
		return escalation.Issue{}, nil, err
	}
	is := escalation.Issue{Timeline: t.Timeline, SLA: res, Policy: name, Owner: escalation.Person(a.Owner), Facts: facts}
	if window > 0 {
		opened := t.Events[0].At
		to := opened.Add(window)
		if r.at.Before(to) {
			to = r.at
		}
		f := sla.TicketFilter{Account: t.Account, From: opened.Add(-window), To: to.Add(time.Nanosecond)}
		for o, err := range r.s.Tickets(r.ctx, f) {
			if err != nil {
				return escalation.Issue{}, nil, err
			}
			if o.Ticket != t.Ticket {
				is.Recent = append(is.Recent, escalation.Recent{Issue: o.Ticket, At: o.Events[0].At, Category: o.Category})
			}
		}
	}
	return is, recs, nil
}

// warning runs the early-warning detector over the tickets opened in the
// last quarter, and advances it to the quarter's end.
func (r *run) warning() error {
	d, err := escalation.NewDetector(r.cfg.Warning)
	if err != nil {
		return err
	}
	byN := map[int64]escalation.Warning{}
	tickets := r.s.Tickets(r.ctx, sla.TicketFilter{From: r.rep.Quarter.From, To: r.rep.Quarter.To})
	for w, err := range d.Run(escalation.OccurrencesOf(tickets)) {
		if err != nil {
			return err
		}
		byN[w.N] = w
	}
	cleared, err := d.Advance(r.rep.Quarter.To)
	if err != nil {
		return err
	}
	for _, w := range cleared {
		byN[w.N] = w
	}
	for _, n := range slices.Sorted(func(yield func(int64) bool) {
		for n := range byN {
			if !yield(n) {
				return
			}
		}
	}) {
		r.rep.Warnings = append(r.rep.Warnings, byN[n])
	}
	return nil
}

// changes builds the collective change view of the top accounts and
// their briefings.
func (r *run) changes() error {
	r.rep.ChangeWindow = Period{From: r.at, To: r.at.Add(r.cfg.Changes.Window)}
	r.rep.ChangeWindow.Name = "to " + r.rep.ChangeWindow.To.Format(time.DateOnly)
	changes, err := account.Collect(r.s.Changes(r.ctx, engagement.ChangeFilter{From: r.rep.ChangeWindow.From, To: r.rep.ChangeWindow.To}))
	if err != nil {
		return err
	}
	im, err := engagement.NewImpact(
		engagement.Portfolio{Accounts: r.accounts, Holdings: r.cfg.Changes.Holdings, Contacts: r.contacts},
		changes,
		engagement.ImpactOptions{From: r.rep.ChangeWindow.From, To: r.rep.ChangeWindow.To, Location: r.c.cal.Location(), BusiestWeeks: 1})
	if err != nil {
		return err
	}
	top := make(map[account.ID]bool, len(r.rep.TopAccounts))
	for _, id := range r.rep.TopAccounts {
		v, _ := im.Account(id) // every top account is in the portfolio
		c := AccountChanges{Account: id, Changes: v.Changes, Weight: v.Load.Weight}
		if v.Load.Changes > 0 {
			c.Highest = v.Load.Highest.String()
		}
		if len(v.Busiest) > 0 {
			c.Busiest, c.BusiestChanges = v.Busiest[0].Start.Format(time.DateOnly), v.Busiest[0].Load.Changes
		}
		for _, b := range v.Brief {
			c.Brief = append(c.Brief, b.Name)
		}
		r.rep.Changes = append(r.rep.Changes, c)
		top[id] = true
	}
	plan, err := im.Plan(r.s.Interactions(r.ctx, account.InteractionFilter{}),
		engagement.PlanOptions{At: r.at, LeadTime: r.cfg.Changes.LeadTime})
	if err != nil {
		return err
	}
	for _, b := range plan {
		if top[b.Account] {
			r.rep.Briefings = append(r.rep.Briefings, b)
		}
	}
	return nil
}

// subjects returns the review subjects of the top accounts, each at the
// cadence of its stored tier's service model, with its last review held
// before the day before start and its owner as chair, and the top
// accounts it leaves out, in the order of TopAccounts.
func (r *run) subjects(start calendar.Date) ([]review.Subject, []Unscheduled, error) {
	var out []review.Subject
	var left []Unscheduled
	managers := make(map[account.ManagerID]*account.Manager, len(r.managers))
	for i := range r.managers {
		managers[r.managers[i].ID] = &r.managers[i]
	}
	for _, id := range r.rep.TopAccounts {
		a := r.byID[id]
		model, _ := r.cfg.Models.For(a.Tier)
		m := managers[a.Owner]
		reason := ""
		switch {
		case model.ReviewEvery == (tiering.Cadence{}):
			reason = "no review cadence"
		case a.Owner == "":
			reason = "no owner"
		case m == nil:
			reason = "owner not found"
		}
		if reason != "" {
			left = append(left, Unscheduled{Account: id, Name: a.Name, Tier: a.Tier, Reason: reason})
			continue
		}
		var last calendar.Date
		for rv, err := range r.s.Reviews(r.ctx, review.ReviewFilter{Account: id, To: start.AddDays(-1)}) {
			if err != nil {
				return nil, nil, err
			}
			if rv.Date.After(last) {
				last = rv.Date
			}
		}
		out = append(out, review.Subject{
			Account: id, Name: a.Name, Cadence: model.ReviewEvery, Last: last,
			Attendees: []review.Attendee{{Role: review.RoleManager, Email: string(m.ID) + "@" + r.cfg.Reviews.Domain, Name: m.Name}},
		})
	}
	return out, left, nil
}

// schedule plans the reviews of the top accounts from the date start over
// horizon, and returns them with the top accounts left out.
func (r *run) schedule(start calendar.Date, horizon tiering.Cadence) (review.Schedule, []Unscheduled, error) {
	subjects, left, err := r.subjects(start)
	if err != nil {
		return review.Schedule{}, nil, err
	}
	rv := r.cfg.Reviews
	req := review.ScheduleRequest{Calendar: r.c.cal, Start: start, Horizon: horizon, Accounts: subjects,
		Time: rv.Time, Length: rv.Length, Slack: rv.Slack, PerDay: rv.PerDay, PerWeek: rv.PerWeek}
	s, err := review.ScheduleReviews(req)
	if err != nil {
		return review.Schedule{}, nil, err
	}
	return *s, left, nil
}

// reviews schedules the top accounts' reviews from At's date.
func (r *run) reviews() error {
	var err error
	r.rep.Reviews, r.rep.Unscheduled, err = r.schedule(calendar.DateOf(r.at), r.cfg.Reviews.Horizon)
	return err
}

// overdue lists the action items overdue on At's date.
func (r *run) overdue() error {
	var err error
	r.rep.Overdue, err = account.Collect(review.OverdueActions(calendar.DateOf(r.at), r.s.Actions(r.ctx, review.ActionFilter{})))
	return err
}

// quarterly gathers the last quarter's results: the reviews planned in
// it are those a schedule made at its start would have placed in it.
func (r *run) quarterly() error {
	q := r.rep.Quarter
	first, last := calendar.DateOf(q.From), calendar.DateOf(q.To).AddDays(-1)
	planned, _, err := r.schedule(first, quarterCadence)
	if err != nil {
		return err
	}
	byAccount, err := sla.Compliance(results(r.quarter), sla.Period{From: q.From, To: q.To}, sla.Grouping{Account: true})
	if err != nil {
		return err
	}
	counts := map[account.ID]review.SLACounts{}
	for _, row := range byAccount.Rows {
		x := counts[row.Account]
		x.Met += row.Met
		x.Breached += row.Breached
		counts[row.Account] = x
	}
	var plans []review.Plan
	for p, err := range r.s.Plans(r.ctx, review.PlanFilter{}) {
		if err != nil {
			return err
		}
		hist, err := account.Collect(r.s.PlanHistory(r.ctx, p.Account))
		if err != nil {
			return err
		}
		plans = append(plans, hist...)
	}
	// The calendar quarter as a quarter of the fiscal year that starts in
	// FiscalStart (Validate keeps it a quarter's first month).
	year, months := q.From.Year(), int(q.From.Month())-int(r.cfg.FiscalStart)
	if months < 0 {
		year, months = year-1, months+12
	}
	// The tiers at the quarter's end are the proposed ones, at its start
	// the stored ones (last year's, in force during the quarter).
	previous := make(map[account.ID]account.Tier, len(r.accounts))
	for _, a := range r.accounts {
		previous[a.ID] = a.Tier
	}
	in := review.QuarterInput{
		Year: year, Quarter: months/3 + 1, StartMonth: r.cfg.FiscalStart, Location: r.cfg.Location,
		Kind: account.TransactionRevenue, Currency: r.cfg.Currency, Top: r.cfg.Top, Accounts: r.tiers.Accounts(),
		PreviousTiers: previous, SLA: counts, Planned: review.PlannedReviews(&planned, first, last),
		Budgets: r.cfg.Budgets, Plans: plans,
	}
	// Every transaction before the quarter's end: the budgets' actuals
	// count from the start of their fiscal years.
	txs := r.s.Transactions(r.ctx, account.TransactionFilter{To: q.To})
	reviews := r.s.Reviews(r.ctx, review.ReviewFilter{From: first, To: last})
	actions := r.s.Actions(r.ctx, review.ActionFilter{})
	r.rep.Results, err = review.Quarterly(in, txs, reviews, actions)
	return err
}

// quarterCadence is a quarter, the horizon of the schedule that
// counts the reviews planned in one.
var quarterCadence = tiering.Months(3)

// sortedTiers returns the keys of m in ascending order, so that output
// and errors come in a fixed order.
func sortedTiers[V any](m map[account.Tier]V) []account.Tier {
	return slices.Sorted(maps.Keys(m))
}
