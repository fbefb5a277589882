package pack

import (
	"fmt"
	"maps"
	"slices"
	"time"

	_ "time/tzdata" // the default calendar's zone, on a machine without zoneinfo

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/tiering"
)

// ServiceErrInvalid is the sentinel of every error for service input the
// pack cannot use: a [ServiceConfig] that fails [ServiceConfig.Validate],
// or a bad argument of [ServiceRun]. It wraps [account.ErrInvalid], so a
// caller that tests for the module's general sentinel catches it too.
var ServiceErrInvalid = fault.New("pack: invalid service input", account.ErrInvalid)

// ServiceCalendarName is the name of the business calendar in the SLA
// policies' [sla.Calendars] of [DefaultServiceConfig].
const ServiceCalendarName = "nz-business"

// ServiceConfig is what the service sections of the pack need besides
// the stores: everything no store keeps. [DefaultServiceConfig] gives a
// New Zealand key-account desk; change any field, then
// [ServiceConfig.Validate] (which [ServiceRun] calls) checks the whole.
//
// The zero ServiceConfig is not valid: it has no calendar, policies or
// settings.
type ServiceConfig struct {
	// Calendar is the business calendar the review meetings are placed
	// on, and whose zone gives the quarters, the dates and every time the
	// report prints. It must be valid ([calendar.Config.Validate]).
	Calendar calendar.Config

	// SLA holds the SLA policies per tier and the calendars their targets
	// are measured on.
	SLA ServiceSLA

	// Escalation is the escalation procedure applied to the tickets open
	// at the report's instant: what is due now.
	Escalation ServiceEscalation

	// Warning configures the early-warning detector run over the
	// tickets opened in the last quarter.
	Warning escalation.DetectorConfig

	// Satisfaction says how satisfaction by tier is weighed and when a
	// change between quarters counts as flat.
	Satisfaction ServiceSatisfaction

	// Changes configures the collective change view of the top accounts.
	Changes ServiceChanges

	// Reviews configures the review schedule of the top accounts.
	Reviews ServiceReviews

	// Quarter configures the quarterly results.
	Quarter ServiceQuarter
}

// ServiceSLA are the SLA settings of a [ServiceConfig].
type ServiceSLA struct {
	// Policies are the SLA policies, the first that matches a ticket's
	// account and tier applying; the last is a catch-all. Required.
	Policies sla.Policies

	// Calendars are the calendars the targets are measured on: its
	// Default must name one of its Named calendars. When Default is
	// [ServiceCalendarName] and Named has no calendar of that name, the
	// calendar of ServiceConfig.Calendar is that calendar (so the default
	// configuration needs no calendar built in advance).
	Calendars sla.Calendars
}

// ServiceEscalation are the escalation settings of a [ServiceConfig]. The
// pack only decides: it reads the records and facts of the escalation
// store and writes nothing to it (see [ServiceRun]).
type ServiceEscalation struct {
	// Policies are the escalation procedures, their variants per tier
	// and their versions. Required; their metric triggers are checked
	// against the SLA policies.
	Policies escalation.Policies

	// Org resolves the levels' roles and teams to people.
	Org escalation.OrgChart

	// Procedures names the procedure of each tier, and Procedure that of
	// a tier not listed. Every name must be a procedure of Policies, and
	// a ticket of a tier without a procedure is an error.
	Procedures map[account.Tier]string
	Procedure  string
}

// ServiceSatisfaction are the satisfaction settings of a [ServiceConfig].
type ServiceSatisfaction struct {
	// Weighting is how much each response counts:
	// [engagement.WeightingResponse] or [engagement.WeightingAccount]
	// (weighting by value needs values no store keeps).
	Weighting engagement.Weighting

	// Margin is how far, in points (NPS), percentage points (CSAT) or
	// score (effort), a figure may move between the two quarters and
	// still count as flat ([engagement.Compare]). Not negative.
	Margin decimal.Decimal
}

// ServiceChanges are the change-view settings of a [ServiceConfig].
type ServiceChanges struct {
	// Window is how far ahead of the report's instant changes are looked
	// at: those going live in [at, at+Window). Positive.
	Window time.Duration

	// LeadTime is how long before go-live the accounts of each tier must
	// be briefed (see [engagement.PlanOptions]); a tier it does not list
	// is not planned. Not negative.
	LeadTime map[account.Tier]time.Duration

	// Holdings gives the services and products of each account, which
	// no store keeps; an account it does not list holds none.
	Holdings map[account.ID]engagement.Holdings
}

// ServiceReviews are the review settings of a [ServiceConfig].
type ServiceReviews struct {
	// Every is the cadence of the top accounts' reviews. Not zero.
	Every tiering.Cadence

	// Horizon is how far ahead the schedule runs. Not zero.
	Horizon tiering.Cadence

	// Time is the preferred start of a review in the calendar's zone,
	// and Length its length (see [review.ScheduleRequest]).
	Time   calendar.Clock
	Length time.Duration

	// Slack, PerDay and PerWeek are the limits of
	// [review.ScheduleRequest]: days a review may move from its due
	// date, and the most reviews a manager chairs a day and a week.
	Slack, PerDay, PerWeek int

	// Domain is the mail domain of the managers' invitations (a manager
	// is invited as "<manager ID>@<Domain>") and of the meetings' UIDs
	// in the iCalendar export. Required.
	Domain string
}

// ServiceQuarter are the quarterly-results settings of a [ServiceConfig].
// Quarters are calendar quarters in the calendar's zone.
type ServiceQuarter struct {
	// Kind is what the results measure: revenue (external customers)
	// or cost (internal ones).
	Kind account.TransactionKind

	// Currency is the portfolio's currency. Required.
	Currency account.Currency

	// Top is how many accounts the results report, from 1 to
	// [review.MaxQuarterTop].
	Top int

	// PreviousTiers are the accounts' tiers at the start of the quarter
	// (last year's tiers); an account it does not list is taken not to
	// have moved.
	PreviousTiers map[account.ID]account.Tier

	// Budgets are the accounts' budgets, which no store keeps. A budget
	// counts only for the fiscal year of the quarter reported, in the
	// fiscal years StartMonth sets.
	Budgets []review.Budget

	// StartMonth is the first month of the fiscal year the results are
	// labelled in and the budgets run over: 0 or January, April, July or
	// October, so that the calendar quarter reported is one of the fiscal
	// year's quarters (New Zealand's public sector starts in April).
	StartMonth time.Month
}

// DefaultServiceConfig returns the settings of a New Zealand key-account
// desk:
//
//   - the calendar "nz-business": 08:30–17:00 Monday to Friday in
//     Pacific/Auckland, closed on New Zealand's public holidays;
//   - SLA policies measured on it, for urgent, high, normal and low
//     tickets: tier 1 ("key") a first response within 1, 2, 4 and 8
//     business hours and a resolution within 4 business hours, 1, 2 and
//     3 business days; tier 2 ("priority") 2, 4, 8 and 16 hours, and
//     8 hours, 2, 4 and 6 days; every other account ("standard") 3, 6,
//     12 and 24 hours, and 1, 2, 3 and 5 days;
//   - one escalation procedure, "standard", whose tier-1 variant
//     involves each level sooner: the account manager at 75% of the
//     resolution target consumed (50% for tier 1), the service desk lead
//     at its breach, the service manager 4 hours (2 for tier 1) of wall
//     time after it, and the head of service 24 hours (8) after it;
//   - an early warning when the tickets of one category or service reach
//     5 distinct accounts within 3 days, clearing after at least a day,
//     once at most 1 account is left; tier weights 4, 3, 2, 1 for tiers
//     1 to 4 and 1 for unassigned accounts (shown in explanations);
//   - satisfaction with one vote per account, flat within 5 points;
//   - changes over the next 90 days, briefings 4 weeks ahead for tier 1
//     and 2 for tier 2;
//   - reviews every 90 days, 12 months ahead, at 10:00 for an hour,
//     within 5 days of their due date, at most 1 a day and 2 a week per
//     manager, invitations at "example.co.nz";
//   - quarterly results of revenue in NZD for the top 20 accounts.
func DefaultServiceConfig() ServiceConfig {
	nz, err := calendar.Country("NZ")
	var sets []calendar.HolidaySet
	if err == nil { // "NZ" is always known: see calendar.Country
		sets = []calendar.HolidaySet{nz}
	}
	hours := calendar.Window{Open: calendar.Clock{Hour: 8, Minute: 30}, Close: calendar.Clock{Hour: 17}}
	cal := calendar.Config{
		Name: ServiceCalendarName,
		Zone: "Pacific/Auckland",
		Versions: []calendar.Version{{
			Week:        calendar.MondayToFriday(hours),
			HolidaySets: sets,
		}},
	}
	hour := time.Hour
	return ServiceConfig{
		Calendar: cal,
		SLA: ServiceSLA{
			Policies: sla.Policies{
				serviceSLAPolicy("key", []account.Tier{1},
					[4]time.Duration{hour, 2 * hour, 4 * hour, 8 * hour},
					[4]time.Duration{4 * hour, serviceDay, 2 * serviceDay, 3 * serviceDay}),
				serviceSLAPolicy("priority", []account.Tier{2},
					[4]time.Duration{2 * hour, 4 * hour, 8 * hour, 16 * hour},
					[4]time.Duration{8 * hour, 2 * serviceDay, 4 * serviceDay, 6 * serviceDay}),
				serviceSLAPolicy("standard", nil,
					[4]time.Duration{3 * hour, 6 * hour, 12 * hour, 24 * hour},
					[4]time.Duration{serviceDay, 2 * serviceDay, 3 * serviceDay, 5 * serviceDay}),
			},
			Calendars: sla.Calendars{Default: ServiceCalendarName},
		},
		Escalation: ServiceEscalation{
			Policies: escalation.Policies{
				serviceEscalationPolicy([]account.Tier{1}, 50, 2*hour, 8*hour),
				serviceEscalationPolicy(nil, 75, 4*hour, 24*hour),
			},
			Org: escalation.OrgChart{
				ServiceManager: "service-manager",
				HeadOfService:  "head-of-service",
				Teams:          map[string][]escalation.Person{"service-desk": {"service-desk-lead"}},
			},
			Procedure: "standard",
		},
		Warning: escalation.DetectorConfig{
			Window: 3 * 24 * hour,
			Raise:  escalation.Threshold{Accounts: 5},
			Clear:  escalation.Threshold{Accounts: 1},
			Hold:   24 * hour,
			Weights: map[account.Tier]decimal.Decimal{
				account.Unassigned: decimal.NewFromInt(1),
				1:                  decimal.NewFromInt(4),
				2:                  decimal.NewFromInt(3),
				3:                  decimal.NewFromInt(2),
				4:                  decimal.NewFromInt(1),
			},
		},
		Satisfaction: ServiceSatisfaction{Weighting: engagement.WeightingAccount, Margin: decimal.NewFromInt(5)},
		Changes: ServiceChanges{
			Window:   90 * 24 * hour,
			LeadTime: map[account.Tier]time.Duration{1: 4 * 7 * 24 * hour, 2: 2 * 7 * 24 * hour},
		},
		Reviews: ServiceReviews{
			Every:   tiering.Days(90),
			Horizon: tiering.Months(12),
			Time:    calendar.Clock{Hour: 10},
			Length:  hour,
			Slack:   5,
			PerDay:  1,
			PerWeek: 2,
			Domain:  "example.co.nz",
		},
		Quarter: ServiceQuarter{Kind: account.TransactionRevenue, Currency: "NZD", Top: 20},
	}
}

// serviceSLAPolicy returns an SLA policy for tiers: first responses within
// first[i] of business time and resolutions within resolve[i] (urgent,
// high, normal, low), a resolve of less than a day being business time
// and one of whole days that many business days.
func serviceSLAPolicy(name string, tiers []account.Tier, first, resolve [4]time.Duration) sla.Policy {
	p := sla.Policy{Name: name, Tiers: tiers}
	prios := [4]sla.Priority{sla.PriorityUrgent, sla.PriorityHigh, sla.PriorityNormal, sla.PriorityLow}
	for i, pr := range prios {
		p.Targets = append(p.Targets, sla.Target{Metric: sla.MetricFirstResponse, Priority: pr, Within: first[i]})
	}
	for i, pr := range prios {
		t := sla.Target{Metric: sla.MetricResolution, Priority: pr, Within: resolve[i]}
		if d := resolve[i]; d >= serviceDay {
			t = sla.Target{Metric: sla.MetricResolution, Priority: pr, Measure: sla.MeasureBusinessDays, Days: int(d / serviceDay)}
		}
		p.Targets = append(p.Targets, t)
	}
	return p
}

// serviceDay is a day, in the targets of serviceSLAPolicy.
const serviceDay = 24 * time.Hour

// serviceEscalationPolicy returns the variant of the procedure "standard"
// for tiers: the account manager at share percent of the resolution
// target, the service desk at its breach, the service manager soon after
// it and the head of service late after it.
func serviceEscalationPolicy(tiers []account.Tier, share int, soon, late time.Duration) escalation.Policy {
	return escalation.Policy{
		Name: "standard", Version: 1, Tiers: tiers,
		Levels: []escalation.Level{
			{Name: "account-manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleAccountManager,
				Triggers: []escalation.Trigger{{Kind: escalation.TriggerConsumed, Metric: sla.MetricResolution,
					Share: sla.Percent(share) * sla.OnePercent}}},
			{Name: "service-desk", Kind: escalation.LevelFunctional, Team: "service-desk",
				Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution}}},
			{Name: "service-manager", Kind: escalation.LevelHierarchical, Role: escalation.RoleServiceManager,
				Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution, After: soon}}},
			{Name: "head-of-service", Kind: escalation.LevelHierarchical, Role: escalation.RoleHeadOfService,
				Triggers: []escalation.Trigger{{Kind: escalation.TriggerBreached, Metric: sla.MetricResolution, After: late}}},
		},
	}
}

// serviceCompiled is a validated ServiceConfig made ready to run.
type serviceCompiled struct {
	cal       *calendar.Calendar
	evaluator *sla.Evaluator
	engine    *escalation.Engine
}

// Validate reports whether c can run: nil, or every fault found, each
// naming the field of ServiceConfig at fault. A fault of a field's own
// checks (the calendar, the policies, the detector's configuration) is
// that check's error, wrapped with the field's name and
// [ServiceErrInvalid], so errors.As still finds its
// [*account.FieldError]; a fault of a setting of the pack is an
// *account.FieldError with Record "ServiceConfig" and Field the path,
// such as "Reviews.PerDay", wrapping ServiceErrInvalid.
func (c ServiceConfig) Validate() error {
	_, err := c.compile()
	return err
}

// compile validates c and builds its calendar, SLA evaluator and
// escalation engine.
func (c ServiceConfig) compile() (*serviceCompiled, error) {
	var errs fault.List
	bad := func(field string, value any, reason string) {
		errs.Add(&account.FieldError{Record: "ServiceConfig", Field: field, Value: value, Reason: reason, Err: ServiceErrInvalid})
	}
	wrap := func(field string, err error) {
		errs.Add(fmt.Errorf("%w: ServiceConfig: %s: %w", ServiceErrInvalid, field, err))
	}
	out := &serviceCompiled{}
	var err error
	if out.cal, err = calendar.New(c.Calendar); err != nil {
		wrap("Calendar", err)
	}
	cals := c.SLA.Calendars
	if out.cal != nil && cals.Named[ServiceCalendarName] == nil && cals.Default == ServiceCalendarName {
		// The calendar of the config is the SLA's default unless the
		// SLA names its own.
		named := make(map[string]*calendar.Calendar, len(cals.Named)+1)
		for k, v := range cals.Named {
			named[k] = v
		}
		named[ServiceCalendarName] = out.cal
		cals.Named = named
	}
	if out.evaluator, err = sla.NewEvaluator(c.SLA.Policies, cals); err != nil {
		wrap("SLA", err)
	}
	if out.engine, err = escalation.NewEngine(c.Escalation.Policies, c.Escalation.Org, c.SLA.Policies); err != nil {
		wrap("Escalation.Policies", err)
	} else {
		known := func(name string) bool {
			for _, p := range c.Escalation.Policies {
				if p.Name == name {
					return true
				}
			}
			return false
		}
		if c.Escalation.Procedure != "" && !known(c.Escalation.Procedure) {
			bad("Escalation.Procedure", c.Escalation.Procedure, "names no procedure of Escalation.Policies")
		}
		for _, t := range serviceSortedTiers(c.Escalation.Procedures) {
			if name := c.Escalation.Procedures[t]; !known(name) {
				bad(fmt.Sprintf("Escalation.Procedures[%d]", t), name, "names no procedure of Escalation.Policies")
			}
		}
	}
	if c.Escalation.Procedure == "" && len(c.Escalation.Procedures) == 0 {
		bad("Escalation.Procedure", nil, "is missing, and Escalation.Procedures names none")
	}
	if err := c.Warning.Validate(); err != nil {
		wrap("Warning", err)
	}
	switch w := c.Satisfaction.Weighting; w {
	case engagement.WeightingResponse, engagement.WeightingAccount:
	default:
		bad("Satisfaction.Weighting", w, "must be response or account")
	}
	if c.Satisfaction.Margin.IsNegative() {
		bad("Satisfaction.Margin", c.Satisfaction.Margin, "must not be negative")
	}
	if c.Changes.Window <= 0 {
		bad("Changes.Window", c.Changes.Window, "must be positive")
	}
	for _, t := range serviceSortedTiers(c.Changes.LeadTime) {
		if d := c.Changes.LeadTime[t]; d < 0 {
			bad(fmt.Sprintf("Changes.LeadTime[%d]", t), d, "must not be negative")
		}
	}
	r := c.Reviews
	if r.Every == (tiering.Cadence{}) {
		bad("Reviews.Every", nil, "is missing")
	} else if err := r.Every.Validate(); err != nil {
		wrap("Reviews.Every", err)
	}
	if r.Horizon == (tiering.Cadence{}) {
		bad("Reviews.Horizon", nil, "is missing")
	}
	if r.PerDay < 1 {
		bad("Reviews.PerDay", r.PerDay, "must be at least 1")
	}
	if r.PerWeek < 1 {
		bad("Reviews.PerWeek", r.PerWeek, "must be at least 1")
	}
	if r.Domain == "" {
		bad("Reviews.Domain", nil, "is missing")
	}
	q := c.Quarter
	if q.Kind != account.TransactionRevenue && q.Kind != account.TransactionCost {
		bad("Quarter.Kind", q.Kind, "must be revenue or cost")
	}
	if !q.Currency.Valid() {
		bad("Quarter.Currency", string(q.Currency), "must be an ISO 4217 code such as \"NZD\"")
	}
	if q.Top < 1 || q.Top > review.MaxQuarterTop {
		bad("Quarter.Top", q.Top, fmt.Sprintf("must be from 1 to %d", review.MaxQuarterTop))
	}
	if q.StartMonth < 0 || q.StartMonth > time.October || (q.StartMonth-1)%3 != 0 && q.StartMonth != 0 {
		bad("Quarter.StartMonth", int(q.StartMonth), "must be 0, January, April, July or October")
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// serviceSortedTiers returns the keys of m in ascending order, so that
// errors come in a fixed order.
func serviceSortedTiers[V any](m map[account.Tier]V) []account.Tier {
	return slices.Sorted(maps.Keys(m))
}
