package pack

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"iter"
	"path/filepath"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/internal/golden"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/sqlstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// serviceReport runs the service sections over the test data in a new
// memstore.
func serviceReport(t testing.TB) *Report {
	t.Helper()
	r, err := Run(context.Background(), serviceMemStore(t), serviceTestConfig(), serviceAt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// serviceOutputs returns the text, ICS and JSON of r.
func serviceOutputs(t testing.TB, r *Report) (text, ics, js []byte) {
	t.Helper()
	var a, b, c bytes.Buffer
	if err := r.WriteText(&a); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteICS(&b); err != nil {
		t.Fatal(err)
	}
	if err := r.WriteResultsJSON(&c); err != nil {
		t.Fatal(err)
	}
	return a.Bytes(), b.Bytes(), c.Bytes()
}

func TestServiceGolden(t *testing.T) {
	text, ics, js := serviceOutputs(t, serviceReport(t))
	dir := filepath.Join("testdata", "service")
	golden.Check(t, text, filepath.Join(dir, "report.txt"))
	golden.Check(t, ics, filepath.Join(dir, "reviews.ics"))
	golden.Check(t, js, filepath.Join(dir, "quarter.json"))
	var all bytes.Buffer
	if err := serviceReport(t).WriteJSON(&all); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, all.Bytes(), filepath.Join(dir, "report.json"))
}

func TestServiceDeterministic(t *testing.T) {
	t1, i1, j1 := serviceOutputs(t, serviceReport(t))
	t2, i2, j2 := serviceOutputs(t, serviceReport(t))
	if !bytes.Equal(t1, t2) || !bytes.Equal(i1, i2) || !bytes.Equal(j1, j2) {
		t.Fatal("two runs over the same data differ")
	}
}

// serviceSnapshot reads everything s holds.
type serviceSnapshot struct {
	Accounts     []account.Account
	Contacts     []account.Contact
	Managers     []account.Manager
	Transactions []account.Transaction
	Interactions []account.Interaction
	Tickets      []sla.Ticket
	Records      [][]escalation.Record
	Facts        [][]escalation.Fact
	Plans        [][]review.Plan
	Reviews      []review.Review
	Actions      []review.ActionItem
	Responses    []engagement.Response
	Changes      []engagement.Change
	Feedback     []engagement.Feedback
}

// serviceCollect returns what seq yields, failing t on an error.
func serviceCollect[T any](t *testing.T, seq iter.Seq2[T, error]) []T {
	t.Helper()
	out, err := account.Collect(seq)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func takeServiceSnapshot(t *testing.T, s Store) serviceSnapshot {
	t.Helper()
	ctx := context.Background()
	x := serviceSnapshot{
		Accounts:     serviceCollect(t, s.Accounts(ctx, account.AccountFilter{})),
		Contacts:     serviceCollect(t, s.Contacts(ctx, account.ContactFilter{})),
		Managers:     serviceCollect(t, s.Managers(ctx, account.ManagerFilter{})),
		Transactions: serviceCollect(t, s.Transactions(ctx, account.TransactionFilter{})),
		Interactions: serviceCollect(t, s.Interactions(ctx, account.InteractionFilter{})),
		Tickets:      serviceCollect(t, s.Tickets(ctx, sla.TicketFilter{})),
		Reviews:      serviceCollect(t, s.Reviews(ctx, review.ReviewFilter{})),
		Actions:      serviceCollect(t, s.Actions(ctx, review.ActionFilter{})),
		Responses:    serviceCollect(t, s.Responses(ctx, engagement.ResponseFilter{})),
		Changes:      serviceCollect(t, s.Changes(ctx, engagement.ChangeFilter{})),
		Feedback:     serviceCollect(t, s.Feedback(ctx, engagement.FeedbackFilter{})),
	}
	for _, tk := range x.Tickets {
		x.Records = append(x.Records, serviceCollect(t, s.Fired(ctx, tk.Ticket)))
		x.Facts = append(x.Facts, serviceCollect(t, s.Facts(ctx, tk.Ticket)))
	}
	for _, a := range x.Accounts {
		x.Plans = append(x.Plans, serviceCollect(t, s.PlanHistory(ctx, a.ID)))
	}
	return x
}

func TestServiceReadOnly(t *testing.T) {
	s := serviceMemStore(t)
	before := takeServiceSnapshot(t, s)
	if len(before.Tickets) == 0 || len(before.Records[slices.IndexFunc(before.Tickets, func(x sla.Ticket) bool { return x.Ticket == "T-0201" })]) != 1 {
		t.Fatal("the snapshot misses the test data")
	}
	if _, err := Run(context.Background(), s, serviceTestConfig(), serviceAt); err != nil {
		t.Fatal(err)
	}
	after := takeServiceSnapshot(t, s)
	if diff := gocmp.Diff(before, after, cmpopts.EquateComparable(decimal.Decimal{}, account.Money{})); diff != "" {
		t.Errorf("ServiceRun changed the store (-before +after):\n%s", diff)
	}
}

func TestServiceSQLiteSameAsMemstore(t *testing.T) {
	ctx := context.Background()
	s, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "pack.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if err := newServiceData().load(ctx, s); err != nil {
		t.Fatal(err)
	}
	r, err := Run(ctx, s, serviceTestConfig(), serviceAt)
	if err != nil {
		t.Fatal(err)
	}
	gt, gi, gj := serviceOutputs(t, r)
	wt, wi, wj := serviceOutputs(t, serviceReport(t))
	for _, c := range []struct {
		name      string
		got, want []byte
	}{{"text", gt, wt}, {"ICS", gi, wi}, {"JSON", gj, wj}} {
		if diff := gocmp.Diff(string(c.want), string(c.got)); diff != "" {
			t.Errorf("%s over SQLite differs from memstore (-memstore +sqlite):\n%s", c.name, diff)
		}
	}
}

// serviceCalendar builds the New Zealand business calendar on its own,
// not through DefaultConfig.
func serviceCalendar(t testing.TB) *calendar.Calendar {
	t.Helper()
	nz, err := calendar.Country("NZ")
	if err != nil {
		t.Fatal(err)
	}
	hours, err := calendar.ParseWindows("08:30-17:30")
	if err != nil {
		t.Fatal(err)
	}
	c, err := calendar.New(calendar.Config{Name: "nz", Zone: "Pacific/Auckland",
		Versions: []calendar.Version{{Week: calendar.MondayToFriday(hours...), HolidaySets: []calendar.HolidaySet{nz}}}})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// serviceEvaluate evaluates every test ticket at serviceAt, one at a time.
func serviceEvaluate(t *testing.T) map[string]sla.Result {
	t.Helper()
	cals := sla.Calendars{Named: map[string]*calendar.Calendar{"nz-business": serviceCalendar(t)}, Default: "nz-business"}
	out := map[string]sla.Result{}
	for _, tl := range newServiceData().tickets {
		res, err := sla.Evaluate(DefaultConfig().SLA.Policies, cals, tl, serviceAt)
		if err != nil {
			t.Fatal(err)
		}
		out[tl.Ticket] = res
	}
	return out
}

func TestServiceMatarikiIsNotWorked(t *testing.T) {
	res := serviceEvaluate(t)["T-0102"]
	c, ok := res.Metric(sla.MetricFirstResponse).Last()
	if !ok || c.Elapsed != 90*time.Minute || c.State != sla.StateMet {
		t.Fatalf("first response of T-0102 = %+v, want 1h30m met (Thursday 16:30-17:30 and Monday 08:30-09:00)", c)
	}
}

// serviceKey is a tier and a metric.
type serviceKey struct {
	tier   account.Tier
	metric sla.Metric
}

// serviceCounts are outcomes counted independently of sla.Compliance.
type serviceCounts struct{ tickets, met, breached int }

func TestServiceSLAIndependent(t *testing.T) {
	r := serviceReport(t)
	q := r.Quarter
	want := map[serviceKey]serviceCounts{}
	for _, res := range serviceEvaluate(t) {
		for _, m := range res.Metrics {
			counted := false
			k := serviceKey{res.Tier, m.Metric}
			x := want[k]
			for _, c := range m.Cycles {
				switch {
				case c.State == sla.StateMet && !c.End.Before(q.From) && c.End.Before(q.To):
					x.met++
				case c.State == sla.StateBreached && !c.BreachedAt().Before(q.From) && c.BreachedAt().Before(q.To):
					x.breached++
				default:
					continue
				}
				counted = true
			}
			if counted {
				x.tickets++
				want[k] = x
			}
		}
	}
	got := map[serviceKey]serviceCounts{}
	for _, row := range r.SLA {
		got[serviceKey{row.Tier, row.Metric}] = serviceCounts{row.Tickets, row.Met, row.Breached}
	}
	if diff := gocmp.Diff(want, got, gocmp.AllowUnexported(serviceCounts{}, serviceKey{})); diff != "" {
		t.Errorf("SLA rows (-want +got):\n%s", diff)
	}
	// The pooled figures per tier add the metrics up.
	pooled := map[account.Tier]serviceCounts{}
	for k, x := range want {
		p := pooled[k.tier]
		p.met += x.met
		p.breached += x.breached
		pooled[k.tier] = p
	}
	if len(r.SLAByTier) != len(pooled) {
		t.Errorf("%d tiers pooled, want %d", len(r.SLAByTier), len(pooled))
	}
	for _, x := range r.SLAByTier {
		p := pooled[x.Tier]
		share := decimal.NewFromInt(int64(p.met)).DivRound(decimal.NewFromInt(int64(p.met+p.breached)), 4)
		if x.Met != p.met || x.Breached != p.breached || !x.Compliance.Equal(share) {
			t.Errorf("tier %d pooled %+v, want %d met, %d breached, %s", x.Tier, x, p.met, p.breached, share)
		}
	}
}

func TestBreaches(t *testing.T) {
	r := serviceReport(t)
	b := func(ticket string, acct account.ID, tier account.Tier, p sla.Priority, m sla.Metric, at time.Time) Breach {
		return Breach{Ticket: ticket, Account: acct, Tier: tier, Priority: p, Metric: m, BreachedAt: at, Late: serviceAt.Sub(at)}
	}
	want := []Breach{
		// High, tier 4: 2 business days from Monday 10:40.
		b("T-0360", "I01-02", 4, sla.PriorityHigh, sla.MetricResolution, nzt(2026, 9, 16, 10, 40)),
		// High, tier 1: 2 business hours, and 1 business day.
		b("T-0201", "E005", 1, sla.PriorityHigh, sla.MetricFirstResponse, nzt(2026, 9, 28, 12, 0)),
		b("T-0201", "E005", 1, sla.PriorityHigh, sla.MetricResolution, nzt(2026, 9, 29, 10, 0)),
		// Urgent, tier 2: 8 business hours from Tuesday 09:00.
		b("T-0203", "E001-03", 2, sla.PriorityUrgent, sla.MetricResolution, nzt(2026, 9, 29, 17, 0)),
	}
	if diff := gocmp.Diff(want, r.Breaches); diff != "" {
		t.Errorf("breaches (-want +got):\n%s", diff)
	}
	if r.Open != 4 {
		t.Errorf("Open = %d, want 4", r.Open)
	}
	if r.At.Location().String() != "Pacific/Auckland" {
		t.Errorf("At is in %v", r.At.Location())
	}
}

func TestServiceEscalationsMatchTheService(t *testing.T) {
	r := serviceReport(t)
	// The escalation service over another copy of the data decides (and
	// records) the same notifications.
	ctx := context.Background()
	s := serviceMemStore(t)
	cfg := DefaultConfig()
	cals := sla.Calendars{Named: map[string]*calendar.Calendar{"nz-business": serviceCalendar(t)}, Default: "nz-business"}
	svc, err := escalation.NewService(s, s, escalation.ServiceConfig{Policies: cfg.Escalation.Policies, Org: cfg.Escalation.Org,
		SLA: cfg.SLA.Policies, Calendars: cals, Accounts: s, Procedure: cfg.Escalation.Unassigned})
	if err != nil {
		t.Fatal(err)
	}
	var want, got []escalation.Notification
	for _, id := range []string{"T-0360", "T-0201", "T-0203", "T-0202"} {
		out, err := svc.Escalate(ctx, id, serviceAt)
		if err != nil {
			t.Fatal(err)
		}
		want = append(want, out.Send...)
	}
	for _, d := range r.Escalations {
		got = append(got, d.Notify...)
		if len(d.Held) > 0 {
			t.Errorf("%s: held %v: the default policy has no quiet hours", d.Issue, d.Held)
		}
	}
	if len(want) != 10 {
		t.Fatalf("the service sent %d notifications, want 10 (4 + 3 + 3)", len(want))
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("escalations (-service +report):\n%s", diff)
	}
}

func TestServiceWarnings(t *testing.T) {
	r := serviceReport(t)
	first := []account.ID{"E001", "E001-01", "E002", "E004-01", "E006"}
	if len(r.Warnings) != 2 {
		t.Fatalf("%d warnings, want 2:\n%v", len(r.Warnings), r.Warnings)
	}
	for i, w := range r.Warnings {
		dim, key := escalation.DimensionCategory, "outage"
		if i == 1 {
			dim, key = escalation.DimensionService, "payroll"
		}
		// Raised by the fifth account's ticket; cleared when it left the
		// 3-day window, leaving one account.
		raised := nzt(2026, 9, 14, 10, 20)
		if w.N != int64(i+1) || w.Dimension != dim || w.Key != key || !w.Raised.Equal(raised) ||
			!w.Cleared.Equal(raised.Add(72*time.Hour)) || !slices.Equal(w.Accounts, first) ||
			!w.Impact.Equal(decimal.NewFromInt(2+1+1+2+2)) || w.First.Issue != "T-0310" {
			t.Errorf("warning %d = %v", i, w)
		}
	}
}

func TestServiceChangesIndependent(t *testing.T) {
	r := serviceReport(t)
	d := newServiceData()
	accounts := map[account.ID]account.Account{}
	for _, a := range d.portfolio.Accounts {
		accounts[a.ID] = a
	}
	if !r.ChangeWindow.From.Equal(serviceAt) || !r.ChangeWindow.To.Equal(serviceAt.Add(90*24*time.Hour)) {
		t.Errorf("change window %v", r.ChangeWindow)
	}
	var wantBrief [][2]string
	lead := DefaultConfig().Changes.LeadTime
	for i, id := range serviceTop {
		a := accounts[id]
		var n, weight int
		for _, c := range d.changes {
			if c.GoLive.Before(r.ChangeWindow.From) || !c.GoLive.Before(r.ChangeWindow.To) || !c.Touches.Matches(&a, engagement.Holdings{}) {
				continue
			}
			n++
			weight += c.Severity.Weight()
			if _, ok := lead[a.Tier]; ok {
				wantBrief = append(wantBrief, [2]string{string(id), string(c.ID)})
			}
		}
		v := r.Changes[i]
		if v.Account != id || len(v.Changes) != n || v.Weight != weight {
			t.Errorf("view %d = %s: %d changes weighing %d, want %s: %d weighing %d", i, v.Account, len(v.Changes), v.Weight, id, n, weight)
		}
	}
	var gotBrief [][2]string
	for _, b := range r.Briefings {
		gotBrief = append(gotBrief, [2]string{string(b.Account), string(b.Change)})
	}
	less := func(a, b [2]string) int { return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1])) }
	slices.SortFunc(wantBrief, less)
	slices.SortFunc(gotBrief, less)
	if diff := gocmp.Diff(wantBrief, gotBrief); diff != "" {
		t.Errorf("briefings (-want +got):\n%s", diff)
	}
	for i := 1; i < len(r.Briefings); i++ {
		if r.Briefings[i].Due.Before(r.Briefings[i-1].Due) {
			t.Errorf("briefings not by due date at %d", i)
		}
	}
}

func TestServiceReviewSchedule(t *testing.T) {
	r := serviceReport(t)
	cal := serviceCalendar(t)
	s := r.Reviews
	if s.Start != (calendar.Date{Year: 2026, Month: 10, Day: 1}) || s.End != (calendar.Date{Year: 2027, Month: 10, Day: 1}) || s.Zone != "Pacific/Auckland" {
		t.Fatalf("schedule from %v to %v in %s", s.Start, s.End, s.Zone)
	}
	if len(s.Conflicts) != 0 {
		t.Errorf("conflicts: %v", s.Conflicts)
	}
	// Each top account at the cadence of its stored tier: tier 1 every 90
	// days, tier 2 every 6 months, tier 3 yearly.
	tiers := map[account.ID]account.Tier{}
	for _, a := range newServiceData().portfolio.Accounts {
		tiers[a.ID] = a.Tier
	}
	gap := map[account.Tier]time.Duration{1: 90 * 24 * time.Hour, 2: 184 * 24 * time.Hour, 3: 366 * 24 * time.Hour}
	least := map[account.Tier]int{1: 4, 2: 2, 3: 1}
	last := map[account.ID]time.Time{}
	count := map[account.ID]int{}
	for _, m := range s.Meetings {
		if !slices.Contains(serviceTop, m.Account) {
			t.Errorf("meeting %s of an account not at the top", m.ID)
		}
		if d, err := cal.Duration(m.Start, m.End); err != nil || d != time.Hour || m.End.Sub(m.Start) != time.Hour {
			t.Errorf("meeting %s from %v to %v is not an hour of business time", m.ID, m.Start, m.End)
		}
		if p, ok := last[m.Account]; ok && m.Start.Sub(p) > gap[tiers[m.Account]]+(5+1)*24*time.Hour {
			t.Errorf("meeting %s is %v after the one before", m.ID, m.Start.Sub(p))
		}
		last[m.Account] = m.Start
		count[m.Account]++
	}
	for _, id := range serviceTop {
		if n := least[tiers[id]]; count[id] < n || count[id] > n+1 {
			t.Errorf("%s (tier %d) has %d reviews in 12 months, want %d or %d", id, tiers[id], count[id], n, n+1)
		}
	}
	// E005's last review was on 12 August: the next is due 90 days on.
	if m, ok := s.Meeting("E005/1"); !ok || m.Due != (calendar.Date{Year: 2026, Month: 11, Day: 10}) {
		t.Errorf("E005/1 = %+v", m)
	}
}

func TestServiceOverdue(t *testing.T) {
	r := serviceReport(t)
	var ids []review.ActionID
	for _, a := range r.Overdue {
		ids = append(ids, a.ID)
	}
	// A-3 due 15 July and A-2 due 11 September are open; A-1 is done, A-4
	// due in October, A-5 cancelled.
	if want := []review.ActionID{"A-3", "A-2"}; !slices.Equal(ids, want) {
		t.Errorf("overdue = %v, want %v", ids, want)
	}
}

func TestServiceQuarterlyIndependent(t *testing.T) {
	r := serviceReport(t)
	d := newServiceData()
	q := r.Quarter
	amount := map[account.ID]decimal.Decimal{}
	total := decimal.Zero
	e005 := decimal.Zero
	for _, tx := range d.portfolio.Transactions {
		if tx.Kind != account.TransactionRevenue {
			continue
		}
		if !tx.At.Before(q.From) && tx.At.Before(q.To) {
			amount[tx.Account] = amount[tx.Account].Add(tx.Amount.Amount())
			total = total.Add(tx.Amount.Amount())
		}
		if tx.Account == "E005" && !tx.At.Before(nzt(2026, 4, 1, 0, 0)) && tx.At.Before(q.To) {
			e005 = e005.Add(tx.Amount.Amount())
		}
	}
	var ids []account.ID
	stored := map[account.ID]account.Tier{}
	for _, a := range d.portfolio.Accounts {
		ids = append(ids, a.ID)
		stored[a.ID] = a.Tier
	}
	moved := map[account.ID]account.Tier{}
	for _, m := range r.Tiering.Moves {
		moved[m.Account] = m.To
	}
	slices.SortStableFunc(ids, func(a, b account.ID) int { return cmp.Or(amount[b].Cmp(amount[a]), cmp.Compare(a, b)) })
	res := r.Results
	if res.Year != 2026 || res.Quarter != 2 || !res.Portfolio.Amount().Equal(total) || res.PortfolioAccounts != len(ids) || len(res.Accounts) != 5 {
		t.Fatalf("results %d Q%d: %v over %d accounts, %d reported; want %s over %d, 5 reported",
			res.Year, res.Quarter, res.Portfolio, res.PortfolioAccounts, len(res.Accounts), total, len(ids))
	}
	// SLA counts per account, from the tickets evaluated one by one.
	met, breached := map[account.ID]int{}, map[account.ID]int{}
	for _, x := range serviceEvaluate(t) {
		for _, m := range x.Metrics {
			for _, c := range m.Cycles {
				if c.State == sla.StateMet && !c.End.Before(q.From) && c.End.Before(q.To) {
					met[x.Account]++
				}
				if c.State == sla.StateBreached && !c.BreachedAt().Before(q.From) && c.BreachedAt().Before(q.To) {
					breached[x.Account]++
				}
			}
		}
	}
	for i, a := range res.Accounts {
		if a.Rank != i+1 || a.Account != ids[i] || !a.Amount.Amount().Equal(amount[ids[i]]) {
			t.Errorf("rank %d: %s %v, want %s %s", a.Rank, a.Account, a.Amount, ids[i], amount[ids[i]])
		}
		if a.SLA.Met != met[a.Account] || a.SLA.Breached != breached[a.Account] {
			t.Errorf("%s: SLA %+v, want %d met, %d breached", a.Account, a.SLA, met[a.Account], breached[a.Account])
		}
		wantHeld, wantDue, wantDone, wantObj, wantMet := 0, 0, 0, 0, 0
		switch a.Account {
		case "E005":
			wantHeld, wantDue, wantDone, wantObj, wantMet = 1, 2, 1, 2, 1
		case "E004":
			wantDue = 1
		}
		if a.ReviewsHeld != wantHeld || a.ActionsDue != wantDue || a.ActionsCompleted != wantDone || a.Objectives != wantObj || a.ObjectivesMet != wantMet {
			t.Errorf("%s: held %d, actions %d/%d, objectives %d/%d", a.Account, a.ReviewsHeld, a.ActionsCompleted, a.ActionsDue, a.ObjectivesMet, a.Objectives)
		}
		// Reviews are planned for top accounts only, and for the tier-1
		// one (E005, every 90 days) in every quarter.
		if a.ReviewsPlanned > 0 && !slices.Contains(serviceTop, a.Account) || a.Account == "E005" && a.ReviewsPlanned == 0 {
			t.Errorf("%s: %d reviews planned", a.Account, a.ReviewsPlanned)
		}
		// The tier moves from the stored one to the re-tiering's.
		if a.PreviousTier != stored[a.Account] || a.TierChanged != (moved[a.Account] != 0) || a.TierChanged && a.Tier != moved[a.Account] {
			t.Errorf("%s: tier %d -> %d (changed %v), want from %d, moved to %d", a.Account, a.PreviousTier, a.Tier, a.TierChanged, stored[a.Account], moved[a.Account])
		}
		if (a.Account == "E005") != (a.Budget != nil) {
			t.Errorf("%s: budget %v", a.Account, a.Budget)
		} else if a.Budget != nil && !a.Budget.Actual.Amount().Equal(e005) {
			t.Errorf("E005 budget actual %v, want %s", a.Budget.Actual, e005)
		}
	}
}

func TestServiceSatisfactionIndependent(t *testing.T) {
	r := serviceReport(t)
	d := newServiceData()
	tier := map[account.ID]account.Tier{}
	for _, a := range d.portfolio.Accounts {
		tier[a.ID] = a.Tier
	}
	// One vote per account: the mean of the accounts' own figures.
	type key struct {
		tier    account.Tier
		current bool
		kind    engagement.ResponseKind
	}
	per := map[key]map[account.ID][]int{}
	for _, x := range d.responses {
		cur := !x.At.Before(r.Quarter.From) && x.At.Before(r.Quarter.To)
		if !cur && (x.At.Before(r.Previous.From) || !x.At.Before(r.Previous.To)) {
			continue
		}
		k := key{tier[x.Account], cur, x.Kind}
		if per[k] == nil {
			per[k] = map[account.ID][]int{}
		}
		per[k][x.Account] = append(per[k][x.Account], x.Score)
	}
	figure := func(k key) (decimal.Decimal, int) {
		sum, n := decimal.Zero, 0
		for _, scores := range per[k] {
			var v decimal.Decimal
			cnt := decimal.NewFromInt(int64(len(scores)))
			for _, s := range scores {
				switch k.kind {
				case engagement.ResponseNPS:
					if s >= 9 {
						v = v.Add(decimal.NewFromInt(100))
					} else if s <= 6 {
						v = v.Sub(decimal.NewFromInt(100))
					}
				case engagement.ResponseCSAT:
					if s >= 4 {
						v = v.Add(decimal.NewFromInt(100))
					}
				default:
					v = v.Add(decimal.NewFromInt(int64(s)))
				}
			}
			sum = sum.Add(v.DivRound(cnt, 20))
			n += len(scores)
		}
		if len(per[k]) == 0 {
			return decimal.Zero, 0
		}
		return sum.DivRound(decimal.NewFromInt(int64(len(per[k]))), 20).Round(2), n
	}
	if len(r.Satisfaction) != 4 {
		t.Fatalf("%d tiers, want 4", len(r.Satisfaction))
	}
	for i, row := range r.Satisfaction {
		if row.Tier != account.Tier(i+1) {
			t.Errorf("row %d is %v", i, row.Tier)
		}
		for _, c := range []struct {
			kind      engagement.ResponseKind
			prev, cur engagement.Estimate
			shift     engagement.Shift
		}{
			{engagement.ResponseNPS, row.Previous.NPS, row.Current.NPS, row.NPS},
			{engagement.ResponseCSAT, row.Previous.CSAT, row.Current.CSAT, row.CSAT},
			{engagement.ResponseEffort, row.Previous.Effort, row.Current.Effort, row.Effort},
		} {
			pv, pn := figure(key{row.Tier, false, c.kind})
			cv, cn := figure(key{row.Tier, true, c.kind})
			if c.prev.Responses != pn || c.cur.Responses != cn || !c.prev.Value.Equal(pv) || !c.cur.Value.Equal(cv) {
				t.Errorf("%v %v: %s (%d) -> %s (%d), want %s (%d) -> %s (%d)", row.Tier, c.kind,
					c.prev.Value, c.prev.Responses, c.cur.Value, c.cur.Responses, pv, pn, cv, cn)
			}
			if pn > 0 && cn > 0 && !c.shift.Delta.Equal(cv.Sub(pv)) {
				t.Errorf("%v %v: change %s, want %s", row.Tier, c.kind, c.shift.Delta, cv.Sub(pv))
			}
			if (pn == 0 || cn == 0) != (c.shift.Trend == engagement.TrendUnknown) {
				t.Errorf("%v %v: trend %v with %d and %d responses", row.Tier, c.kind, c.shift.Trend, pn, cn)
			}
		}
	}
	// Tier 2's NPS rose from -75 to 66.67 beyond noise; tier 4's fell.
	if r.Satisfaction[1].NPS.Trend != engagement.TrendUp || r.Satisfaction[3].NPS.Trend != engagement.TrendDown {
		t.Errorf("trends %v and %v", r.Satisfaction[1].NPS.Trend, r.Satisfaction[3].NPS.Trend)
	}
}

func TestServiceQuarters(t *testing.T) {
	for _, c := range []struct {
		at         time.Time
		last, prev string
		from       time.Time
	}{
		{serviceAt, "Q3 2026", "Q2 2026", nzt(2026, 7, 1, 0, 0)},
		{nzt(2026, 9, 30, 23, 59), "Q2 2026", "Q1 2026", nzt(2026, 4, 1, 0, 0)},
		{nzt(2026, 12, 31, 12, 0), "Q3 2026", "Q2 2026", nzt(2026, 7, 1, 0, 0)},
		{nzt(2026, 1, 1, 0, 0), "Q4 2025", "Q3 2025", nzt(2025, 10, 1, 0, 0)},
		{nzt(2026, 4, 1, 0, 0), "Q1 2026", "Q4 2025", nzt(2026, 1, 1, 0, 0)},
		{nzt(2026, 3, 31, 0, 0), "Q4 2025", "Q3 2025", nzt(2025, 10, 1, 0, 0)},
	} {
		last, prev := quarters(c.at)
		if last.Name != c.last || prev.Name != c.prev || !last.From.Equal(c.from) || !prev.To.Equal(last.From) ||
			!last.To.Equal(c.from.AddDate(0, 3, 0)) || !prev.From.Equal(c.from.AddDate(0, -3, 0)) {
			t.Errorf("at %v: %+v, %+v; want %s from %v, %s", c.at, last, prev, c.last, c.from, c.prev)
		}
	}
}

// TestConfigServiceErrors checks each setting of the service sections at
// the edges of its range: the error names it, as a field of Config or as
// a part checked by its own package, and wraps ErrInvalid.
func TestConfigServiceErrors(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatalf("the default: %v", err)
	}
	for _, c := range []struct {
		field  string
		change func(*Config)
		ok     bool
	}{
		{"Calendar", func(c *Config) { c.Calendar.Zone = "" }, false},
		{"Calendar.Zone", func(c *Config) { c.Calendar.Zone = "UTC" }, false},
		{"SLA", func(c *Config) { c.SLA.Policies = nil }, false},
		{"SLA", func(c *Config) { c.SLA.Calendars.Default = "none" }, false},
		{"Models[0].SLAPolicy", func(c *Config) { c.Models[0].SLAPolicy = "gold" }, false},
		{"Models[1].SLAPolicy", func(c *Config) { c.Models[1].SLAPolicy = "key" }, false},
		{"Models[1].SLAPolicy", func(c *Config) { c.Models[1].SLAPolicy = "" }, true},
		{"Models[0].EscalationPolicy", func(c *Config) { c.Models[0].EscalationPolicy = "gold" }, false},
		{"Models[0].EscalationPolicy", func(c *Config) { c.Models[0].EscalationPolicy = "" }, true},
		{"Escalation.Policies", func(c *Config) { c.Escalation.Policies = nil }, false},
		{"Escalation.Unassigned", func(c *Config) { c.Escalation.Unassigned = "gold" }, false},
		{"Escalation.Unassigned", func(c *Config) { c.Escalation.Unassigned = "" }, false},
		{"Warning", func(c *Config) { c.Warning.Window = 0 }, false},
		{"Satisfaction.Weighting", func(c *Config) { c.Satisfaction.Weighting = engagement.WeightingValue }, false},
		{"Satisfaction.Weighting", func(c *Config) { c.Satisfaction.Weighting = engagement.WeightingResponse }, true},
		{"Satisfaction.Margin", func(c *Config) { c.Satisfaction.Margin = decimal.RequireFromString("-0.01") }, false},
		{"Satisfaction.Margin", func(c *Config) { c.Satisfaction.Margin = decimal.Zero }, true},
		{"Changes.Window", func(c *Config) { c.Changes.Window = 0 }, false},
		{"Changes.Window", func(c *Config) { c.Changes.Window = 1 }, true},
		{"Changes.LeadTime[2]", func(c *Config) { c.Changes.LeadTime = map[account.Tier]time.Duration{1: 0, 2: -1} }, false},
		{"Changes.LeadTime[2]", func(c *Config) { c.Changes.LeadTime = map[account.Tier]time.Duration{1: 0, 2: 0} }, true},
		{"Reviews.Horizon", func(c *Config) { c.Reviews.Horizon = tiering.Cadence{} }, false},
		{"Reviews.Horizon", func(c *Config) { c.Reviews.Horizon.Days = -1 }, false},
		{"Reviews.Horizon", func(c *Config) { c.Reviews.Horizon = tiering.Days(1) }, true},
		{"Reviews.PerDay", func(c *Config) { c.Reviews.PerDay = 0 }, false},
		{"Reviews.PerWeek", func(c *Config) { c.Reviews.PerWeek = 0 }, false},
		{"Reviews.PerWeek", func(c *Config) { c.Reviews.PerDay, c.Reviews.PerWeek = 1, 1 }, true},
		{"Reviews.Domain", func(c *Config) { c.Reviews.Domain = "" }, false},
		{"Currency", func(c *Config) { c.Currency = "nz" }, false},
		{"Currency", func(c *Config) { c.Currency = "" }, false},
		{"Currency", func(c *Config) { c.Currency = "AUD" }, true},
		{"Budgets[0].StartMonth", func(c *Config) { c.Budgets = serviceTestConfig().Budgets; c.Budgets[0].StartMonth = time.January }, false},
		{"Budgets[0].StartMonth", func(c *Config) { c.Budgets = serviceTestConfig().Budgets; c.Budgets[0].StartMonth = 0 }, false},
		{"Budgets[0].StartMonth", func(c *Config) {
			c.Budgets, c.FiscalStart = serviceTestConfig().Budgets, time.January
			c.Budgets[0].StartMonth = 0
		}, true},
		{"FiscalStart", func(c *Config) { c.FiscalStart = -1 }, false},
		{"FiscalStart", func(c *Config) { c.FiscalStart = 0 }, false},
		{"FiscalStart", func(c *Config) { c.FiscalStart = time.January }, true},
		{"FiscalStart", func(c *Config) { c.FiscalStart = time.February }, false},
		{"FiscalStart", func(c *Config) { c.FiscalStart = time.April }, true},
		{"FiscalStart", func(c *Config) { c.FiscalStart = time.July }, true},
		{"FiscalStart", func(c *Config) { c.FiscalStart = time.October }, true},
		{"FiscalStart", func(c *Config) { c.FiscalStart = time.November }, false},
		{"FiscalStart", func(c *Config) { c.FiscalStart = time.December }, false},
	} {
		cfg := DefaultConfig()
		cfg.Models = slices.Clone(cfg.Models)
		c.change(&cfg)
		err := cfg.Validate()
		if c.ok {
			if err != nil {
				t.Errorf("%s: %v", c.field, err)
			}
			continue
		}
		if !errors.Is(err, ErrInvalid) || !errors.Is(err, account.ErrInvalid) {
			t.Errorf("%s: %v, want an error wrapping ErrInvalid", c.field, err)
			continue
		}
		var ce *ConfigError
		var fe *account.FieldError
		switch {
		case errors.As(err, &ce):
			if ce.Field != c.field {
				t.Errorf("%s: part %q (%v)", c.field, ce.Field, err)
			}
		case errors.As(err, &fe):
			if fe.Record != "Config" || fe.Field != c.field {
				t.Errorf("%s: field %s.%s (%v)", c.field, fe.Record, fe.Field, err)
			}
		default:
			t.Errorf("%s: %v names no field", c.field, err)
		}
		// Run refuses it the same way.
		if _, err := Run(context.Background(), memstore.New(), cfg, serviceAt); !errors.Is(err, ErrInvalid) {
			t.Errorf("%s: Run: %v", c.field, err)
		}
	}
}

// TestServiceTopAccounts checks the top accounts by value against the
// revenue of the test data's transactions over the 12 months before
// serviceAt, summed here.
func TestServiceTopAccounts(t *testing.T) {
	r := serviceReport(t)
	sum := map[account.ID]decimal.Decimal{}
	for _, tx := range newServiceData().portfolio.Transactions {
		if tx.Kind == account.TransactionRevenue && !tx.At.Before(serviceAt.AddDate(-1, 0, 0)) && tx.At.Before(serviceAt) {
			sum[tx.Account] = sum[tx.Account].Add(tx.Amount.Amount())
		}
	}
	var ids []account.ID
	for id, v := range sum {
		if v.IsPositive() {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, func(a, b account.ID) int { return cmp.Or(sum[b].Cmp(sum[a]), cmp.Compare(a, b)) })
	if diff := gocmp.Diff(ids[:5], r.TopAccounts); diff != "" {
		t.Errorf("top accounts (-want +got):\n%s", diff)
	}
	if diff := gocmp.Diff(serviceTop, r.TopAccounts); diff != "" {
		t.Errorf("serviceTop is stale (-serviceTop +got):\n%s", diff)
	}
	for i, x := range r.TopValues {
		if x.Account != r.TopAccounts[i] || !x.Value.Amount().Equal(sum[x.Account]) {
			t.Errorf("TopValues[%d] = %+v, want %s with %s", i, x, r.TopAccounts[i], sum[r.TopAccounts[i]])
		}
	}
}

// TestTopAccountsLeftOut checks that a top account without an owner, or
// in a tier without a review cadence, does not fail Run: its reviews are
// not scheduled, and the report says why.
func TestTopAccountsLeftOut(t *testing.T) {
	ctx := context.Background()
	s := serviceMemStore(t)
	change := func(id account.ID, f func(*account.Account)) {
		a, err := s.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		f(&a)
		if _, err := s.UpdateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	change("E005", func(a *account.Account) { a.Owner = "" })
	change("E004", func(a *account.Account) { a.Tier, a.TierSince = 4, serviceAt.AddDate(-1, 0, 0) })
	change("E003", func(a *account.Account) { a.Owner = "M99" })
	r, err := Run(ctx, s, serviceTestConfig(), serviceAt)
	if err != nil {
		t.Fatal(err)
	}
	want := map[account.ID]string{"E005": "no owner", "E004": "no review cadence", "E003": "owner not found"}
	got := map[account.ID]string{}
	for _, u := range r.Unscheduled {
		got[u.Account] = u.Reason
	}
	if diff := gocmp.Diff(want, got); diff != "" {
		t.Errorf("unscheduled (-want +got):\n%s", diff)
	}
	for _, m := range r.Reviews.Meetings {
		if _, ok := want[m.Account]; ok {
			t.Errorf("meeting %s of an account left out", m.ID)
		}
	}
	if len(r.Reviews.Meetings) == 0 {
		t.Error("no meeting for the other top accounts")
	}
	for _, d := range r.Escalations {
		if d.Account == "E005" {
			t.Errorf("escalation decided for %s of an account with no owner", d.Issue)
		}
	}
	if len(r.Unowned) == 0 {
		t.Error("E005's open tickets are not listed as unowned")
	}
	var text bytes.Buffer
	if err := r.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(text.Bytes(), []byte("Not scheduled:")) {
		t.Error("the text does not list the accounts left out")
	}
}

func TestServiceRunDoneContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Run(ctx, serviceMemStore(t), serviceTestConfig(), serviceAt); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// serviceFailWriter fails after n bytes.
type serviceFailWriter struct{ n int }

var errServiceWrite = errors.New("write failed")

func (w *serviceFailWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errServiceWrite
	}
	w.n -= len(p)
	return len(p), nil
}

func TestServiceWriteErrors(t *testing.T) {
	r := serviceReport(t)
	text, ics, js := serviceOutputs(t, r)
	for _, c := range []struct {
		name  string
		write func(w *serviceFailWriter) error
		size  int
	}{
		{"text", func(w *serviceFailWriter) error { return r.WriteText(w) }, len(text)},
		{"ICS", func(w *serviceFailWriter) error { return r.WriteICS(w) }, len(ics)},
		{"JSON", func(w *serviceFailWriter) error { return r.WriteResultsJSON(w) }, len(js)},
	} {
		for _, n := range []int{0, c.size / 2, c.size - 1} {
			if err := c.write(&serviceFailWriter{n: n}); !errors.Is(err, errServiceWrite) {
				t.Errorf("%s failing after %d bytes: %v", c.name, n, err)
			}
		}
		if err := c.write(&serviceFailWriter{n: c.size}); err != nil {
			t.Errorf("%s with room: %v", c.name, err)
		}
	}
}

func TestServiceTierOrder(t *testing.T) {
	ts := []account.Tier{account.Unassigned, 3, 1, account.Unassigned, 2}
	slices.SortStableFunc(ts, tierOrder)
	if want := []account.Tier{1, 2, 3, account.Unassigned, account.Unassigned}; !slices.Equal(ts, want) {
		t.Errorf("%v, want %v", ts, want)
	}
}

// TestServiceFiscalQuarter checks that the quarterly results are a
// quarter of the fiscal year FiscalStart sets, and count a budget of that
// fiscal year: with an April start, July to September 2026 is the second
// quarter of fiscal 2026, and E005's budget counts; with a January or
// October start, the budget's fiscal year must start then too.
func TestServiceFiscalQuarter(t *testing.T) {
	budget := func(r *Report) *review.BudgetStatus {
		for _, a := range r.Results.Accounts {
			if a.Account == "E005" {
				return a.Budget
			}
		}
		t.Fatal("E005 is not among the quarterly results")
		return nil
	}
	for _, c := range []struct {
		start         time.Month
		year, quarter int
		budget        bool
	}{
		{time.April, 2026, 2, true},
		{time.January, 2026, 3, true},
		{time.October, 2025, 4, true},
	} {
		cfg := serviceTestConfig()
		cfg.FiscalStart = c.start
		cfg.Budgets[0].StartMonth = c.start
		cfg.Budgets[0].Year = c.year
		r, err := Run(context.Background(), serviceMemStore(t), cfg, serviceAt)
		if err != nil {
			t.Fatal(err)
		}
		if r.Results.Year != c.year || r.Results.Quarter != c.quarter {
			t.Errorf("StartMonth %d: results of fiscal %d Q%d, want %d Q%d", c.start, r.Results.Year, r.Results.Quarter, c.year, c.quarter)
		}
		if got := budget(r) != nil; got != c.budget {
			t.Errorf("StartMonth %d: E005's April budget counted %v, want %v", c.start, got, c.budget)
		}
	}
}
