package pack

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/tiering"
)

// ServiceStore is every store the service sections read: the union the
// whole pack reads through. store/memstore and store/sqlstore implement
// it.
type ServiceStore interface {
	account.Store
	sla.TicketStore
	escalation.Store
	review.Store
	engagement.ResponseStore
	engagement.ChangeStore
	engagement.FeedbackStore
}

// ServicePeriod is a half-open span of time [From, To) in the calendar's
// zone, and its name, such as "Q3 2026".
type ServicePeriod struct {
	Name     string    // "Q3 2026", or for a window "to 2026-12-30"
	From, To time.Time // [From, To), in the calendar's zone
}

// A ServiceReport is the service half of the quarterly pack: how
// satisfied the customers are, whether the service promises were kept,
// what must be escalated now, what hit many accounts at once, what
// changes the top accounts face, when they are reviewed, which action
// items are late, and the quarter's results. [ServiceRun] makes it;
// [ServiceReport.WriteText], [ServiceReport.WriteICS] and
// [ServiceReport.WriteQuarterJSON] write it.
type ServiceReport struct {
	// At is the report's instant, in the calendar's zone.
	At time.Time

	// Quarter is the last quarter: the calendar quarter before the one At
	// falls in (Q3 2026 for an At of 1 October 2026), and Previous the
	// one before it, for the satisfaction trend.
	Quarter, Previous ServicePeriod

	// Top are the top accounts given to ServiceRun, in the order given.
	Top []account.ID

	// Satisfaction is the satisfaction by tier, one row per tier with a
	// response in either quarter, in tier order (tier 1 first,
	// unassigned last).
	Satisfaction []ServiceSatisfactionRow

	// SLA is the SLA compliance of the last quarter grouped by tier: its
	// rows by tier (as sla.Report orders them: unassigned first), then
	// metric. Every ticket that can have an outcome in the quarter is
	// evaluated at At.
	SLA sla.Report

	// Open are the tickets unsolved at At, evaluated at At, by opening
	// then ticket ID; Breaches their cycles breached and not yet
	// fulfilled at At, most overdue first.
	Open     int
	Breaches []ServiceBreach

	// Escalations are the escalation decisions at At of the open tickets
	// with a notification due or held, in the order of Open. The pack
	// only decides: nothing is recorded.
	Escalations []escalation.Decision

	// Warnings are the early warnings raised by the tickets opened in the
	// last quarter, in the order they were raised, as they stood at the
	// quarter's end (Cleared set if they had cleared by then).
	Warnings []escalation.Warning

	// Changes are the collective change view of each top account, in the
	// order of Top, over the changes going live in ChangeWindow; Briefings
	// are the briefings of the top accounts about those changes, in
	// the order of engagement's plan (by due date).
	ChangeWindow ServicePeriod
	Changes      []engagement.AccountView
	Briefings    []engagement.Briefing

	// Schedule is the top accounts' reviews from At's date over the
	// configured horizon; its Conflicts the reviews that found no date.
	Schedule *review.Schedule

	// Overdue are the action items open past their due date on At's
	// date, by due date then owner.
	Overdue []review.ActionItem

	// Results are the quarterly results of the last quarter.
	Results review.QuarterlyResults

	loc    *time.Location // the calendar's zone
	domain string         // the ICS domain
}

// A ServiceSatisfactionRow is the satisfaction of one tier's accounts in
// the last quarter and the quarter before, and the trend between them,
// each figure with its 95% interval (see package engagement). The
// accounts' tiers are their tiers at the report's instant.
type ServiceSatisfactionRow struct {
	Tier              account.Tier               // the tier
	Previous, Current engagement.SatisfactionRow // zero when the tier had no response in the quarter
	NPS, CSAT, Effort engagement.Shift           // Current against Previous
}

// A ServiceBreach is an SLA cycle of a ticket open at the report's
// instant that breached and is not yet fulfilled.
type ServiceBreach struct {
	Ticket   string       // the ticket
	Account  account.ID   // its account
	Tier     account.Tier // its tier when it was opened
	Priority sla.Priority // the priority whose target was breached
	Metric   sla.Metric   // the metric breached
	// BreachedAt is when the target ran out; Late the wall time from then
	// to the report's instant.
	BreachedAt time.Time
	Late       time.Duration
}

// ServiceRun builds the service sections of the pack at the instant at,
// reading everything from s: satisfaction by tier, SLA compliance by tier
// for the last quarter, the breaches and escalations open at at, the
// early warning over the last quarter's tickets, the change view and
// review schedule of the top accounts, the overdue action items and the
// quarterly results. top are the accounts whose reviews are scheduled and
// whose changes are shown: the top accounts by value, each once.
//
// The pack is a read-only report: ServiceRun reads the stores and writes
// nothing to them. In particular it only decides escalations, with
// [escalation.Engine.Decide] over the records and facts the store holds;
// it records no notification, as [escalation.Service.Escalate] would.
// Run the escalation service to act on what the report shows.
//
// The report is a function of the stores' content, cfg, at and top: it
// reads no clock, and the same content gives the same report from any
// store (times are read in the calendar's zone).
//
// The errors wrap [ServiceErrInvalid]: cfg fails [ServiceConfig.Validate];
// a zero at (an *account.FieldError with Record "Argument", Field "at");
// an empty top, a repeated or unknown account in it, or one without an
// owner (Field "top[i]"). The errors of the domain packages over the
// stored records, the stores' errors and ctx's are returned wrapped with
// the section that met them.
func ServiceRun(ctx context.Context, s ServiceStore, cfg ServiceConfig, at time.Time, top []account.ID) (*ServiceReport, error) {
	if s == nil {
		return nil, &account.FieldError{Record: "Argument", Field: "s", Reason: "is nil", Err: ServiceErrInvalid}
	}
	if at.IsZero() {
		return nil, &account.FieldError{Record: "Argument", Field: "at", Reason: "is the zero time", Err: ServiceErrInvalid}
	}
	if len(top) == 0 {
		return nil, &account.FieldError{Record: "Argument", Field: "top", Reason: "is empty", Err: ServiceErrInvalid}
	}
	c, err := cfg.compile()
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	loc := c.cal.Location()
	r := &ServiceReport{At: at.In(loc), Top: slices.Clone(top), loc: loc, domain: cfg.Reviews.Domain}
	r.Quarter, r.Previous = serviceQuarters(r.At)
	run := &serviceRun{ctx: ctx, s: s, cfg: cfg, c: c, r: r}
	steps := []struct {
		name string
		f    func() error
	}{
		{"accounts", run.load},
		{"satisfaction", run.satisfaction},
		{"SLA compliance", run.compliance},
		{"open tickets", run.open},
		{"early warning", run.warning},
		{"changes", run.changes},
		{"reviews", run.reviews},
		{"overdue actions", run.overdue},
		{"quarterly results", run.quarterly},
	}
	for _, st := range steps {
		if err := st.f(); err != nil {
			if serviceIsArgument(err) {
				return nil, err
			}
			return nil, fmt.Errorf("pack: service: %s: %w", st.name, err)
		}
	}
	return r, nil
}

// serviceIsArgument reports whether err is a fault of ServiceRun's
// arguments, returned as it is.
func serviceIsArgument(err error) bool {
	var fe *account.FieldError
	return errors.As(err, &fe) && fe.Record == "Argument" && errors.Is(err, ServiceErrInvalid)
}

// serviceRun holds the state of one ServiceRun.
type serviceRun struct {
	ctx context.Context
	s   ServiceStore
	cfg ServiceConfig
	c   *serviceCompiled
	r   *ServiceReport

	accounts []account.Account
	byID     map[account.ID]*account.Account
	contacts []account.Contact
	quarter  []sla.Result // the results of the tickets of the quarter, at At
}

// serviceQuarters returns the calendar quarter before the one at falls in,
// and the one before that, in at's zone.
func serviceQuarters(at time.Time) (last, previous ServicePeriod) {
	y, m, _ := at.Date()
	start := time.Date(y, m-(m-1)%3, 1, 0, 0, 0, 0, at.Location())
	q := func(to time.Time) ServicePeriod {
		from := time.Date(to.Year(), to.Month()-3, 1, 0, 0, 0, 0, to.Location())
		return ServicePeriod{Name: fmt.Sprintf("Q%d %d", (int(from.Month())-1)/3+1, from.Year()), From: from, To: to}
	}
	last = q(start)
	return last, q(last.From)
}

// load reads the accounts and contacts and checks top.
func (run *serviceRun) load() error {
	var err error
	if run.accounts, err = account.Collect(run.s.Accounts(run.ctx, account.AccountFilter{})); err != nil {
		return err
	}
	run.byID = make(map[account.ID]*account.Account, len(run.accounts))
	for i := range run.accounts {
		run.byID[run.accounts[i].ID] = &run.accounts[i]
	}
	seen := make(map[account.ID]bool, len(run.r.Top))
	for i, id := range run.r.Top {
		field := fmt.Sprintf("top[%d]", i)
		a, ok := run.byID[id]
		switch {
		case seen[id]:
			return &account.FieldError{Record: "Argument", Field: field, Value: string(id), Reason: "is listed twice", Err: ServiceErrInvalid}
		case !ok:
			return &account.FieldError{Record: "Argument", Field: field, Value: string(id), Reason: "is not an account of the store", Err: ServiceErrInvalid}
		case a.Owner == "":
			return &account.FieldError{Record: "Argument", Field: field, Value: string(id), Reason: "has no owner to chair its reviews", Err: ServiceErrInvalid}
		}
		seen[id] = true
	}
	run.contacts, err = account.Collect(run.s.Contacts(run.ctx, account.ContactFilter{}))
	return err
}

// satisfaction reports satisfaction by tier over the two quarters.
func (run *serviceRun) satisfaction() error {
	r := run.r
	rep, err := engagement.Satisfaction(
		run.s.Responses(run.ctx, engagement.ResponseFilter{From: r.Previous.From, To: r.Quarter.To}),
		run.accounts,
		engagement.SatisfactionOptions{
			By:        engagement.Grouping{Tier: true, Periods: []time.Time{r.Previous.From, r.Quarter.From, r.Quarter.To}},
			Weighting: run.cfg.Satisfaction.Weighting,
		})
	if err != nil {
		return err
	}
	rows := map[account.Tier]*ServiceSatisfactionRow{}
	for _, row := range rep.Rows {
		x := rows[row.Tier]
		if x == nil {
			x = &ServiceSatisfactionRow{Tier: row.Tier}
			rows[row.Tier] = x
		}
		if row.From.Equal(r.Quarter.From) {
			x.Current = row
		} else {
			x.Previous = row
		}
	}
	for _, t := range serviceSortedTiers(rows) {
		x := rows[t]
		m := run.cfg.Satisfaction.Margin
		if x.NPS, err = engagement.Compare(x.Previous.NPS, x.Current.NPS, m); err != nil {
			return err
		}
		if x.CSAT, err = engagement.Compare(x.Previous.CSAT, x.Current.CSAT, m); err != nil {
			return err
		}
		if x.Effort, err = engagement.Compare(x.Previous.Effort, x.Current.Effort, m); err != nil {
			return err
		}
		r.Satisfaction = append(r.Satisfaction, *x)
	}
	slices.SortStableFunc(r.Satisfaction, func(a, b ServiceSatisfactionRow) int {
		return serviceTierOrder(a.Tier, b.Tier)
	})
	return nil
}

// serviceTierOrder orders tiers 1, 2, ... and Unassigned last.
func serviceTierOrder(a, b account.Tier) int {
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
func (run *serviceRun) compliance() error {
	r := run.r
	period := sla.Period{From: r.Quarter.From, To: r.Quarter.To}
	svc := sla.NewService(run.s, run.c.evaluator)
	for res, err := range svc.EvaluatePeriod(run.ctx, period, r.At) {
		if err != nil {
			return err
		}
		run.quarter = append(run.quarter, res)
	}
	var err error
	r.SLA, err = sla.Compliance(serviceResults(run.quarter), period, sla.Grouping{Tier: true})
	return err
}

// serviceResults yields rs, each with a nil error.
func serviceResults(rs []sla.Result) iter.Seq2[sla.Result, error] {
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
func (run *serviceRun) open() error {
	r := run.r
	tickets, err := account.Collect(run.s.Tickets(run.ctx, sla.TicketFilter{UnsolvedAt: r.At}))
	if err != nil {
		return err
	}
	r.Open = len(tickets)
	issues := make([]escalation.Issue, 0, len(tickets))
	fired := make([][]escalation.Record, 0, len(tickets))
	window := serviceRepeatWindow(run.cfg.Escalation.Policies)
	i := 0
	for res, err := range run.c.evaluator.EvaluateAll(serviceTimelines(tickets), r.At, 1) {
		if err != nil {
			return err
		}
		t := tickets[i]
		i++
		for _, m := range res.Metrics {
			for _, c := range m.Cycles {
				if c.State == sla.StateBreached && c.End.IsZero() {
					b := c.BreachedAt()
					r.Breaches = append(r.Breaches, ServiceBreach{Ticket: res.Ticket, Account: res.Account, Tier: res.Tier,
						Priority: c.Priority, Metric: c.Metric, BreachedAt: b.In(run.c.cal.Location()), Late: r.At.Sub(b)})
				}
			}
		}
		is, recs, err := run.issue(t, res, window)
		if err != nil {
			return err
		}
		issues = append(issues, is)
		fired = append(fired, recs)
	}
	slices.SortStableFunc(r.Breaches, func(a, b ServiceBreach) int {
		return cmp.Or(a.BreachedAt.Compare(b.BreachedAt), cmp.Compare(a.Ticket, b.Ticket),
			cmp.Compare(a.Metric, b.Metric))
	})
	for d, err := range run.c.engine.DecideAll(issues, fired, r.At, 1) {
		if err != nil {
			return err
		}
		if len(d.Notify) > 0 || len(d.Held) > 0 {
			r.Escalations = append(r.Escalations, d)
		}
	}
	return nil
}

// serviceTimelines returns the timelines of ts.
func serviceTimelines(ts []sla.Ticket) []sla.Timeline {
	out := make([]sla.Timeline, len(ts))
	for i, t := range ts {
		out[i] = t.Timeline
	}
	return out
}

// serviceRepeatWindow returns the longest window of a TriggerRepeats of
// ps, or 0.
func serviceRepeatWindow(ps escalation.Policies) time.Duration {
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
func (run *serviceRun) issue(t sla.Ticket, res sla.Result, window time.Duration) (escalation.Issue, []escalation.Record, error) {
	esc := run.cfg.Escalation
	name, ok := esc.Procedures[t.Tier]
	if !ok {
		name = esc.Procedure
	}
	if name == "" {
		return escalation.Issue{}, nil, &account.FieldError{Record: "ServiceConfig", Field: "Escalation.Procedures",
			Value: int(t.Tier), Reason: "names no procedure for the tier of ticket " + t.Ticket, Err: ServiceErrInvalid}
	}
	a, ok := run.byID[t.Account]
	if !ok {
		return escalation.Issue{}, nil, fmt.Errorf("ticket %q: account %q: %w", t.Ticket, t.Account, account.ErrNotFound)
	}
	facts, err := account.Collect(run.s.Facts(run.ctx, t.Ticket))
	if err != nil {
		return escalation.Issue{}, nil, err
	}
	recs, err := account.Collect(run.s.Fired(run.ctx, t.Ticket))
	if err != nil {
		return escalation.Issue{}, nil, err
	}
	is := escalation.Issue{Timeline: t.Timeline, SLA: res, Policy: name, Owner: escalation.Person(a.Owner), Facts: facts}
	if window > 0 {
		opened := t.Events[0].At
		to := opened.Add(window)
		if run.r.At.Before(to) {
			to = run.r.At
		}
		f := sla.TicketFilter{Account: t.Account, From: opened.Add(-window), To: to.Add(time.Nanosecond)}
		for o, err := range run.s.Tickets(run.ctx, f) {
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
func (run *serviceRun) warning() error {
	r := run.r
	d, err := escalation.NewDetector(run.cfg.Warning)
	if err != nil {
		return err
	}
	byN := map[int64]escalation.Warning{}
	tickets := run.s.Tickets(run.ctx, sla.TicketFilter{From: r.Quarter.From, To: r.Quarter.To})
	for w, err := range d.Run(escalation.OccurrencesOf(tickets)) {
		if err != nil {
			return err
		}
		byN[w.N] = w
	}
	cleared, err := d.Advance(r.Quarter.To)
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
		r.Warnings = append(r.Warnings, byN[n])
	}
	return nil
}

// changes builds the collective change view of the top accounts and
// their briefings.
func (run *serviceRun) changes() error {
	r := run.r
	r.ChangeWindow = ServicePeriod{From: r.At, To: r.At.Add(run.cfg.Changes.Window)}
	r.ChangeWindow.Name = "to " + r.ChangeWindow.To.Format(time.DateOnly)
	changes, err := account.Collect(run.s.Changes(run.ctx, engagement.ChangeFilter{From: r.ChangeWindow.From, To: r.ChangeWindow.To}))
	if err != nil {
		return err
	}
	im, err := engagement.NewImpact(
		engagement.Portfolio{Accounts: run.accounts, Holdings: run.cfg.Changes.Holdings, Contacts: run.contacts},
		changes,
		engagement.ImpactOptions{From: r.ChangeWindow.From, To: r.ChangeWindow.To, Location: run.c.cal.Location(), BusiestWeeks: 1})
	if err != nil {
		return err
	}
	top := make(map[account.ID]bool, len(r.Top))
	for _, id := range r.Top {
		v, _ := im.Account(id) // every top account is in the portfolio: see load
		r.Changes = append(r.Changes, v)
		top[id] = true
	}
	plan, err := im.Plan(run.s.Interactions(run.ctx, account.InteractionFilter{}),
		engagement.PlanOptions{At: r.At, LeadTime: run.cfg.Changes.LeadTime})
	if err != nil {
		return err
	}
	for _, b := range plan {
		if top[b.Account] {
			r.Briefings = append(r.Briefings, b)
		}
	}
	return nil
}

// subjects returns the review subjects of the top accounts, each with its
// last review held before the day before, and its manager as chair.
func (run *serviceRun) subjects(before calendar.Date) ([]review.Subject, error) {
	var out []review.Subject
	for _, id := range run.r.Top {
		a := run.byID[id]
		m, err := run.s.Manager(run.ctx, a.Owner)
		if err != nil {
			return nil, fmt.Errorf("account %q: owner: %w", id, err)
		}
		var last calendar.Date
		for rv, err := range run.s.Reviews(run.ctx, review.ReviewFilter{Account: id, To: before.AddDays(-1)}) {
			if err != nil {
				return nil, err
			}
			if rv.Date.After(last) {
				last = rv.Date
			}
		}
		out = append(out, review.Subject{
			Account: id, Name: a.Name, Cadence: run.cfg.Reviews.Every, Last: last,
			Attendees: []review.Attendee{{Role: review.RoleManager, Email: string(m.ID) + "@" + run.cfg.Reviews.Domain, Name: m.Name}},
		})
	}
	return out, nil
}

// schedule plans the reviews of the top accounts from the date start.
func (run *serviceRun) schedule(start calendar.Date, horizon review.ScheduleRequest) (*review.Schedule, error) {
	subjects, err := run.subjects(start)
	if err != nil {
		return nil, err
	}
	rv := run.cfg.Reviews
	horizon.Calendar, horizon.Start, horizon.Accounts = run.c.cal, start, subjects
	horizon.Time, horizon.Length, horizon.Slack, horizon.PerDay, horizon.PerWeek = rv.Time, rv.Length, rv.Slack, rv.PerDay, rv.PerWeek
	return review.ScheduleReviews(horizon)
}

// reviews schedules the top accounts' reviews from At's date.
func (run *serviceRun) reviews() error {
	var err error
	run.r.Schedule, err = run.schedule(calendar.DateOf(run.r.At), review.ScheduleRequest{Horizon: run.cfg.Reviews.Horizon})
	return err
}

// overdue lists the action items overdue on At's date.
func (run *serviceRun) overdue() error {
	var err error
	run.r.Overdue, err = account.Collect(review.OverdueActions(calendar.DateOf(run.r.At), run.s.Actions(run.ctx, review.ActionFilter{})))
	return err
}

// quarterly gathers the last quarter's results: the reviews planned in
// it are those a schedule made at its start would have placed in it.
func (run *serviceRun) quarterly() error {
	r := run.r
	q := r.Quarter
	first, last := calendar.DateOf(q.From), calendar.DateOf(q.To).AddDays(-1)
	planned, err := run.schedule(first, review.ScheduleRequest{Horizon: serviceQuarterCadence})
	if err != nil {
		return err
	}
	byAccount, err := sla.Compliance(serviceResults(run.quarter), sla.Period{From: q.From, To: q.To}, sla.Grouping{Account: true})
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
	for p, err := range run.s.Plans(run.ctx, review.PlanFilter{}) {
		if err != nil {
			return err
		}
		hist, err := account.Collect(run.s.PlanHistory(run.ctx, p.Account))
		if err != nil {
			return err
		}
		plans = append(plans, hist...)
	}
	qc := run.cfg.Quarter
	// The calendar quarter as a quarter of the fiscal year that starts in
	// qc.StartMonth (Validate keeps it a quarter's first month).
	year, months := q.From.Year(), int(q.From.Month())-int(max(qc.StartMonth, time.January))
	if months < 0 {
		year, months = year-1, months+12
	}
	in := review.QuarterInput{
		Year: year, Quarter: months/3 + 1, StartMonth: qc.StartMonth, Location: run.c.cal.Location(),
		Kind: qc.Kind, Currency: qc.Currency, Top: qc.Top, Accounts: run.accounts,
		PreviousTiers: qc.PreviousTiers, SLA: counts, Planned: review.PlannedReviews(planned, first, last),
		Budgets: qc.Budgets, Plans: plans,
	}
	// Every transaction before the quarter's end: the budgets' actuals
	// count from the start of their fiscal years.
	txs := run.s.Transactions(run.ctx, account.TransactionFilter{To: q.To})
	reviews := run.s.Reviews(run.ctx, review.ReviewFilter{From: first, To: last})
	actions := run.s.Actions(run.ctx, review.ActionFilter{})
	r.Results, err = review.Quarterly(in, txs, reviews, actions)
	return err
}

// serviceQuarterCadence is a quarter, the horizon of the schedule that
// counts the reviews planned in one.
var serviceQuarterCadence = tiering.Months(3)
