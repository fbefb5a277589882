package pack

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// The service sections' test data: a small sample portfolio (24 accounts,
// 4 managers) at the pack's default instant, with hand-made tickets on New
// Zealand business hours (one across Matariki, Friday 10 July 2026, and
// the start of daylight saving time on 27 September), an incident on
// payroll that hits six accounts on Monday 14 September, survey responses
// in the second and third quarters, changes, a plan, reviews and their
// action items, and escalation records and facts.

// serviceNZ is Pacific/Auckland.
var serviceNZ = func() *time.Location {
	loc, err := time.LoadLocation("Pacific/Auckland")
	if err != nil {
		panic(err)
	}
	return loc
}()

// serviceAt is the pack's default instant, 1 October 2026 00:00 in
// Auckland.
var serviceAt = time.Date(2026, 10, 1, 0, 0, 0, 0, serviceNZ)

// serviceTop are the top 5 accounts of the test data by revenue over the
// 12 months before serviceAt (TestServiceTopAccounts checks them).
var serviceTop = []account.ID{"E005", "E001-03", "E006-01", "E004", "E003"}

// nzt returns the instant of a date and time in Auckland.
func nzt(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, serviceNZ)
}

// serviceData is everything the test data stores.
type serviceData struct {
	portfolio sample.Portfolio
	tickets   []sla.Timeline
	records   []escalation.Record
	facts     map[string][]escalation.Fact
	responses []engagement.Response
	changes   []engagement.Change
	plans     []review.Plan // versions in order
	reviews   []review.Review
	actions   []review.ActionItem
	feedback  []engagement.Feedback
}

// ev builds an event.
func ev(at time.Time, k sla.EventKind) sla.Event { return sla.Event{At: at, Kind: k} }

func opened(at time.Time, p sla.Priority) sla.Event {
	return sla.Event{At: at, Kind: sla.EventOpened, Priority: p}
}

func status(at time.Time, s sla.Status) sla.Event {
	return sla.Event{At: at, Kind: sla.EventStatusChanged, Status: s}
}

// newServiceData returns the test data.
func newServiceData() serviceData {
	p := sample.New(sample.Options{Seed: 5, Accounts: 24, Managers: 4, At: serviceAt})
	tier := map[account.ID]account.Tier{}
	for _, a := range p.Accounts {
		tier[a.ID] = a.Tier
	}
	tl := func(id string, acct account.ID, category, service string, evs ...sla.Event) sla.Timeline {
		return sla.Timeline{Ticket: id, Account: acct, Tier: tier[acct], Category: category, Service: service, Events: evs}
	}
	d := serviceData{portfolio: p, facts: map[string][]escalation.Fact{}}
	d.tickets = []sla.Timeline{
		// Second quarter only: no outcome in the third.
		tl("T-0105", "E009", "billing", "invoicing",
			opened(nzt(2026, 6, 15, 9, 0), sla.PriorityNormal),
			ev(nzt(2026, 6, 15, 10, 0), sla.EventAgentReply),
			ev(nzt(2026, 6, 16, 11, 0), sla.EventSolved)),
		// Opened in the second quarter, solved in the third.
		tl("T-0104", "E003", "access", "portal",
			opened(nzt(2026, 6, 29, 10, 0), sla.PriorityLow),
			ev(nzt(2026, 6, 29, 11, 0), sla.EventAgentReply),
			ev(nzt(2026, 7, 3, 15, 0), sla.EventSolved)),
		tl("T-0101", "E005", "access", "portal",
			opened(nzt(2026, 7, 6, 9, 0), sla.PriorityHigh),
			ev(nzt(2026, 7, 6, 9, 40), sla.EventAgentReply),
			ev(nzt(2026, 7, 6, 14, 0), sla.EventSolved)),
		// Opened on the Thursday before Matariki, answered on Monday:
		// one business hour.
		tl("T-0102", "E004", "billing", "invoicing",
			opened(nzt(2026, 7, 9, 16, 30), sla.PriorityNormal),
			ev(nzt(2026, 7, 13, 9, 0), sla.EventAgentReply),
			status(nzt(2026, 7, 13, 9, 5), sla.StatusPending),
			ev(nzt(2026, 7, 14, 10, 0), sla.EventCustomerMessage),
			status(nzt(2026, 7, 14, 10, 0), sla.StatusOpen),
			ev(nzt(2026, 7, 14, 11, 0), sla.EventAgentReply),
			ev(nzt(2026, 7, 16, 12, 0), sla.EventSolved)),
		// Urgent, answered late and solved late.
		tl("T-0103", "E005", "outage", "email",
			opened(nzt(2026, 8, 3, 9, 0), sla.PriorityUrgent),
			ev(nzt(2026, 8, 3, 10, 30), sla.EventAgentReply),
			ev(nzt(2026, 8, 3, 16, 0), sla.EventSolved)),
	}
	// The incident: payroll is down for six accounts on Monday 14
	// September, one ticket every 20 minutes.
	incident := []account.ID{"E001", "E001-01", "E002", "E004-01", "E006", "I01-02"}
	for i, a := range incident {
		at := nzt(2026, 9, 14, 9, 20*i)
		id := "T-03" + string(rune('1'+i)) + "0"
		evs := []sla.Event{opened(at, sla.PriorityHigh), ev(at.Add(30*time.Minute), sla.EventAgentReply)}
		switch a {
		case "E002": // solved, reopened, solved again
			evs = append(evs, ev(nzt(2026, 9, 15, 12, 0), sla.EventSolved), ev(nzt(2026, 9, 16, 9, 0), sla.EventReopened),
				ev(nzt(2026, 9, 16, 15, 0), sla.EventSolved))
		case "E006": // solved late
			evs = append(evs, ev(nzt(2026, 9, 18, 16, 0), sla.EventSolved))
		case "I01-02": // still open
		default:
			evs = append(evs, ev(nzt(2026, 9, 15, 12, 0), sla.EventSolved))
		}
		d.tickets = append(d.tickets, tl(id, a, "outage", "payroll", evs...))
	}
	// Open at the report's instant.
	d.tickets = append(d.tickets,
		// No reply since Monday: everything breached.
		tl("T-0201", "E005", "access", "portal", opened(nzt(2026, 9, 28, 10, 0), sla.PriorityHigh)),
		// Answered, and breached on resolution on Tuesday evening.
		tl("T-0203", "E001-03", "billing", "invoicing",
			opened(nzt(2026, 9, 29, 9, 0), sla.PriorityUrgent),
			ev(nzt(2026, 9, 29, 9, 30), sla.EventAgentReply)),
		// Waiting for the customer: paused, not breached.
		tl("T-0202", "E004", "billing", "invoicing",
			opened(nzt(2026, 9, 30, 15, 0), sla.PriorityNormal),
			ev(nzt(2026, 9, 30, 15, 30), sla.EventAgentReply),
			status(nzt(2026, 9, 30, 16, 0), sla.StatusPending)),
	)
	// The account manager of T-0201 was notified at 50% of the target.
	fired := nzt(2026, 9, 28, 14, 15)
	d.records = []escalation.Record{{
		Key: escalation.Key("T-0201", "account-manager", 0), Issue: "T-0201", Account: "E005", Policy: "standard", Version: 1,
		Level: 1, LevelName: "account-manager", Recipients: []escalation.Person{"M01"}, Due: fired, At: fired,
		Reason: "resolution 50% consumed",
	}}
	// The service desk acknowledged T-0203 before it was due.
	d.facts["T-0203"] = []escalation.Fact{{ID: "F-1", At: nzt(2026, 9, 29, 12, 0), Kind: escalation.FactAcknowledged, Level: "service-desk"}}

	// Survey responses: scores per account for the second and third
	// quarters, and one in the first quarter that no section counts.
	type scores struct {
		acct               account.ID
		npsQ2, npsQ3       []int
		csatQ2, csatQ3     []int
		effortQ2, effortQ3 []int
	}
	n := 0
	add := func(acct account.ID, at time.Time, k engagement.ResponseKind, s int) {
		n++
		d.responses = append(d.responses, engagement.Response{
			ID: engagement.ResponseID("R-" + string(rune('A'+n/26)) + string(rune('a'+n%26))), Account: acct,
			At: at.Add(time.Duration(n) * time.Hour), Kind: k, Score: s, Channel: engagement.SurveyChannelEmail,
		})
	}
	for _, s := range []scores{
		{"E005", []int{9, 10, 7}, []int{10, 10, 9, 6}, []int{4, 5}, []int{5, 5, 4}, []int{5}, []int{6, 7}},
		{"E004", []int{6, 8}, []int{9, 9}, []int{3}, []int{4, 4}, nil, []int{5}},
		{"E001-03", []int{3}, []int{10, 7, 8}, []int{2, 3}, []int{4}, []int{3}, []int{4, 5}},
		{"E001", nil, []int{5, 6}, nil, []int{2}, nil, nil},
		{"E006", []int{8, 9}, []int{4}, []int{4}, []int{3, 2}, []int{6}, []int{2}},
		{"I01-02", []int{10}, []int{0}, []int{5}, []int{1}, nil, nil},
	} {
		for _, q := range []struct {
			at                time.Time
			nps, csat, effort []int
		}{
			{nzt(2026, 5, 10, 0, 0), s.npsQ2, s.csatQ2, s.effortQ2},
			{nzt(2026, 8, 10, 0, 0), s.npsQ3, s.csatQ3, s.effortQ3},
		} {
			for _, x := range q.nps {
				add(s.acct, q.at, engagement.ResponseNPS, x)
			}
			for _, x := range q.csat {
				add(s.acct, q.at, engagement.ResponseCSAT, x)
			}
			for _, x := range q.effort {
				add(s.acct, q.at, engagement.ResponseEffort, x)
			}
		}
	}
	add("E005", nzt(2026, 3, 10, 0, 0), engagement.ResponseNPS, 0)

	d.changes = []engagement.Change{
		{ID: "C-1", Title: "Payroll v5", Kind: engagement.ChangeRelease, Severity: engagement.SeverityHigh,
			Announce: nzt(2026, 9, 1, 9, 0), GoLive: nzt(2026, 10, 20, 9, 0),
			Touches: engagement.Scope{Accounts: []account.ID{"E005", "E004"}}},
		{ID: "C-2", Title: "New price list", Kind: engagement.ChangePrice, Severity: engagement.SeverityLow,
			Announce: nzt(2026, 9, 15, 9, 0), GoLive: nzt(2026, 11, 16, 9, 0),
			Touches: engagement.Scope{Audience: account.AudienceExternal, Everyone: true}},
		{ID: "C-3", Title: "Fax gateway retired", Kind: engagement.ChangeRetirement, Severity: engagement.SeverityCritical,
			GoLive: nzt(2027, 3, 1, 9, 0), Touches: engagement.Scope{Accounts: []account.ID{"E005"}}},
	}

	plan := review.Plan{
		Account: "E005", Status: review.PlanStatusActive, Author: "M01", At: nzt(2026, 2, 1, 9, 0),
		Objectives: []review.Objective{
			{ID: "O1", Title: "Move payroll to v5", Owner: "M01", Measure: "go-live", Target: "October", Due: calendar.Date{Year: 2026, Month: 10, Day: 31}, Status: review.ObjectiveOpen},
			{ID: "O2", Title: "Grow revenue", Owner: "M01", Measure: "annual revenue", Target: "NZD 2,000,000", Due: calendar.Date{Year: 2026, Month: 12, Day: 31}, Status: review.ObjectiveOpen},
		},
	}
	met := plan.Clone()
	met.At, met.Version = nzt(2026, 8, 12, 12, 0), 1
	met.Objectives[0].Status, met.Objectives[0].Met = review.ObjectiveMet, calendar.Date{Year: 2026, Month: 8, Day: 12}
	d.plans = []review.Plan{plan, met}

	date := func(m time.Month, day int) calendar.Date { return calendar.Date{Year: 2026, Month: m, Day: day} }
	d.reviews = []review.Review{
		{ID: "RV-E004-1", Account: "E004", Date: date(6, 15), Next: date(9, 13),
			Attendees: []review.Attendee{{Role: review.RoleManager, Name: "Jack Parata"}}, Actions: []review.ActionID{"A-3", "A-4", "A-5"}},
		{ID: "RV-E005-1", Account: "E005", Date: date(8, 12), Next: date(11, 10),
			Attendees: []review.Attendee{{Role: review.RoleManager, Name: "Sofia Evans"}}, Actions: []review.ActionID{"A-1", "A-2"}},
	}
	item := func(id review.ActionID, acct account.ID, rv review.ReviewID, owner account.ManagerID, raised, due calendar.Date, st review.ActionStatus, done calendar.Date) review.ActionItem {
		return review.ActionItem{ID: id, Account: acct, Review: rv, Title: "Follow up " + string(id), Owner: owner,
			Raised: raised, Due: due, Status: st, Completed: done}
	}
	d.actions = []review.ActionItem{
		item("A-1", "E005", "RV-E005-1", "M01", date(8, 12), date(9, 11), review.ActionDone, date(8, 20)),
		item("A-2", "E005", "RV-E005-1", "M01", date(8, 12), date(9, 11), review.ActionOpen, calendar.Date{}),
		item("A-3", "E004", "RV-E004-1", "M02", date(6, 15), date(7, 15), review.ActionOpen, calendar.Date{}),
		item("A-4", "E004", "RV-E004-1", "M02", date(6, 15), date(10, 15), review.ActionOpen, calendar.Date{}),
		item("A-5", "E004", "RV-E004-1", "M02", date(6, 15), date(7, 1), review.ActionCancelled, calendar.Date{}),
	}
	d.feedback = []engagement.Feedback{{ID: "FB-1", Account: "E005", At: nzt(2026, 9, 14, 12, 0), Kind: engagement.FeedbackComplaint,
		Theme: "payroll outage", Service: "payroll", Text: "Pay run was late."}}
	return d
}

// serviceTestConfig is the default configuration for the test data: its
// top 5 accounts, a budget (which no store keeps), and an early warning
// scaled to its 24 accounts (5 distinct accounts within 3 days, where the
// default's 20 within a day suits the generator's 443).
func serviceTestConfig() Config {
	cfg := DefaultConfig()
	cfg.Top = 5
	cfg.Budgets = []review.Budget{{Account: "E005", Year: 2026, StartMonth: time.April, Kind: account.TransactionRevenue,
		Amount: serviceMoney("NZD 900000"), Threshold: decimal.RequireFromString("0.1")}}
	cfg.Warning.Window = 3 * 24 * time.Hour
	cfg.Warning.Raise = escalation.Threshold{Accounts: 5}
	cfg.Warning.Clear = escalation.Threshold{Accounts: 1}
	return cfg
}

func serviceMoney(s string) account.Money {
	m, err := account.ParseMoney(s, "")
	if err != nil {
		panic(err)
	}
	return m
}

// serviceCreate stores each of items with create, up to the first error.
func serviceCreate[T, R any](ctx context.Context, items []T, create func(context.Context, T) (R, error)) error {
	for _, x := range items {
		if _, err := create(ctx, x); err != nil {
			return err
		}
	}
	return nil
}

// load stores d in s.
func (d serviceData) load(ctx context.Context, s Store) error {
	p := d.portfolio
	var facts []string
	for id := range d.facts {
		facts = append(facts, id)
	}
	slices.Sort(facts)
	for _, step := range []func() error{
		func() error { return serviceCreate(ctx, p.Managers, s.CreateManager) },
		func() error { return serviceCreate(ctx, p.Accounts, s.CreateAccount) },
		func() error { return serviceCreate(ctx, p.Contacts, s.CreateContact) },
		func() error { return s.AddTransactions(ctx, p.Transactions...) },
		func() error { return s.AddInteractions(ctx, p.Interactions...) },
		func() error { return serviceCreate(ctx, d.tickets, s.CreateTicket) },
		func() error { return serviceCreate(ctx, d.records, s.AddFired) },
		func() error {
			return serviceCreate(ctx, facts, func(ctx context.Context, id string) (int, error) { return 0, s.AddFacts(ctx, id, d.facts[id]...) })
		},
		func() error { return s.AddResponses(ctx, d.responses...) },
		func() error { return serviceCreate(ctx, d.changes, s.CreateChange) },
		func() error { return serviceCreate(ctx, d.plans, s.SavePlan) }, // versions 0, 1, ... in order
		func() error { return serviceCreate(ctx, d.reviews, s.CreateReview) },
		func() error { return serviceCreate(ctx, d.actions, s.CreateAction) },
		func() error { return s.AddFeedback(ctx, d.feedback...) },
	} {
		if err := step(); err != nil {
			return err
		}
	}
	return nil
}

// serviceMemStore returns a memstore holding the test data.
func serviceMemStore(t testing.TB) *memstore.Store {
	t.Helper()
	s := memstore.New()
	if err := newServiceData().load(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return s
}
