package pack

import (
	"slices"
	"strconv"
	"time"
	_ "time/tzdata" // the default zone loads on a machine without a zoneinfo database

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/sla"
	"github.com/keyaccount/keyaccount/tiering"
)

// The limits of the pack's own numeric fields of [Config].
const (
	MaxValueMonths = 120  // the longest value window: ten years
	MaxTop         = 1000 // the most accounts a list of the report names
)

// Config is what the pack computes by: everything the stores do not keep.
// Fill it in from [DefaultConfig] and check it with [Config.Validate];
// [Run] checks it too. Each setting is given once: one zone, one list of
// budgets, one service model per tier.
//
// The zero Config is not valid.
type Config struct {
	// Location is the time zone of the whole report: the dates of the
	// value window and the budgets, the quarters, every time printed.
	// Required; Calendar.Zone must name it.
	Location *time.Location

	// ValueMonths is the length of the value window, in calendar months
	// ending at the analysis instant: an account's value is its revenue
	// (external customers) or its cost to serve (internal customers) over
	// the window, from its transactions. The value ranks the top accounts,
	// the Pareto figures and the RFM monetary score, is rolled up the
	// hierarchies, breaks ties in tiering and weighs the re-tiering plan.
	// 1 to [MaxValueMonths].
	ValueMonths int

	// Top is how many accounts the report's lists name: the top accounts
	// by value (whose reviews are scheduled and whose changes are shown),
	// the score explanations, the Pareto figures ("the top 20 of 443
	// accounts"), the quarterly results, the largest moves and groups, the
	// weakest coverage. 1 to [MaxTop].
	Top int

	// Scorecards score the accounts from their stored attributes, in
	// precedence order, as [tiering.Score] takes them. At least one.
	Scorecards []tiering.Scorecard

	// Policy tiers the scores, with its hysteresis against the stored
	// tiers (each account's Tier and TierSince: last year's tiering).
	Policy tiering.Policy

	// Models is the service model of each tier, one for every tier of
	// Policy: the one source of what a tier gets. ReviewEvery is the
	// review cadence of a top account of the tier (none for a zero
	// cadence); ContactEvery the contact minimum behind the service gaps
	// and the stakeholder coverage; SLAPolicy names the policy of
	// SLA.Policies that applies to the tier's tickets; EscalationPolicy
	// names the escalation procedure of the tier's tickets; Workload
	// weighs the assignment.
	Models tiering.ServiceModels

	// Assignment is the policy of the manager assignment at the proposed
	// tiers. A nil Workload means the workload the models set for each
	// account's proposed tier.
	Assignment assign.Policy

	// RFM scores and segments each audience's accounts: external
	// customers on revenue, internal ones on cost, each over the value
	// window. Frequency says what the F of RFM counts.
	RFM       segmentation.Scoring
	Frequency segmentation.FrequencyBasis

	// Currency is the portfolio's currency, which its transactions and
	// budgets are in: the quarterly results count in it. Required.
	Currency account.Currency

	// Budgets are the accounts' budgets: no store keeps them, so the
	// application passes them here (the sample generator's budgets, or
	// its finance system's). Each that has begun is checked against the
	// account's transactions to the last day that ended by the analysis
	// instant, and those of the fiscal year of the last quarter count in
	// its results. At most one per account, year and kind.
	Budgets []review.Budget

	// FiscalStart is the first month of the fiscal year: the quarterly
	// results are labelled in fiscal quarters and the budgets run over
	// fiscal years. January, April, July or October, so that each
	// calendar quarter is a fiscal one (New Zealand's public sector
	// starts in April).
	FiscalStart time.Month

	// Calendar is the business calendar: the reviews are placed on it,
	// and it is the SLA calendar of its name (see SLA). It must be valid,
	// and its Zone the name of Location.
	Calendar calendar.Config

	// SLA holds the SLA policies and the calendars their targets are
	// measured on.
	SLA SLAConfig

	// Escalation is the escalation procedure applied to the tickets open
	// at the analysis instant: what is due now.
	Escalation EscalationConfig

	// Warning configures the early-warning detector run over the tickets
	// opened in the last quarter.
	Warning escalation.DetectorConfig

	// Satisfaction says how satisfaction by tier is weighed and when a
	// change between quarters counts as flat.
	Satisfaction SatisfactionConfig

	// Changes configures the collective change view of the top accounts.
	Changes ChangesConfig

	// Reviews configures the review schedule of the top accounts.
	Reviews ReviewsConfig

	// Lifetime configures the lifetime value of the accounts that buy
	// without a contract.
	Lifetime LifetimeConfig
	// Growth configures the growth section.
	Growth GrowthConfig
}

// SLAConfig are the SLA settings of a [Config].
type SLAConfig struct {
	// Policies are the SLA policies, the first that matches a ticket's
	// account and tier applying. For each tier, the policy that applies
	// must be the one its service model names. Required.
	Policies sla.Policies

	// Calendars are the calendars the targets are measured on; its
	// Default must name one. Config.Calendar is among them under its own
	// name, unless Named has a calendar of that name.
	Calendars sla.Calendars
}

// EscalationConfig are the escalation settings of a [Config]. The pack
// only decides: it reads the records and facts of the escalation store
// and writes nothing to it (see [Run]).
type EscalationConfig struct {
	// Policies are the escalation procedures, their variants per tier
	// and their versions. Required; their metric triggers are checked
	// against the SLA policies. Every procedure a service model names
	// must be among them.
	Policies escalation.Policies

	// Org resolves the levels' roles and teams to people.
	Org escalation.OrgChart

	// Unassigned names the procedure of the tickets of a tier no service
	// model names one for: Unassigned accounts, and tiers without a
	// model. Required.
	Unassigned string
}

// SatisfactionConfig are the satisfaction settings of a [Config].
type SatisfactionConfig struct {
	// Weighting is how much each response counts:
	// [engagement.WeightingResponse] or [engagement.WeightingAccount]
	// (weighting by value needs values no store keeps).
	Weighting engagement.Weighting

	// Margin is how far, in points (NPS), percentage points (CSAT) or
	// score (effort), a figure may move between the two quarters and
	// still count as flat ([engagement.Compare]). Not negative.
	Margin decimal.Decimal
}

// ChangesConfig are the change-view settings of a [Config].
type ChangesConfig struct {
	// Window is how far ahead of the analysis instant changes are looked
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

// ReviewsConfig are the review-schedule settings of a [Config]. The
// cadence of each top account's reviews is its tier's (Config.Models).
type ReviewsConfig struct {
	// Horizon is how far ahead the schedule runs. Not zero.
	Horizon tiering.Cadence

	// Time is the preferred start of a review in the calendar's zone,
	// and Length its length (see [review.ScheduleRequest]).
	Time   calendar.Clock
	Length time.Duration

	// Slack, PerDay and PerWeek are the limits of
	// [review.ScheduleRequest]: days a review may move from its due
	// date, and the most reviews a manager chairs a day (at least 1) and
	// a week (at least 1).
	Slack, PerDay, PerWeek int

	// Domain is the mail domain of the managers' invitations (a manager
	// is invited as "<manager ID>@<Domain>") and of the meetings' UIDs
	// in the iCalendar export. Required.
	Domain string
}

// auckland is the zone of the house configuration: the pack's sample
// portfolio is served from New Zealand.
var auckland = func() *time.Location {
	loc, err := time.LoadLocation("Pacific/Auckland")
	if err != nil { // cannot happen: time/tzdata is linked in
		panic("pack: " + err.Error())
	}
	return loc
}()

// DefaultAt is the default analysis instant: 2026-10-01 00:00 in
// Pacific/Auckland, the first day of Q4 2026.
var DefaultAt = time.Date(2026, time.October, 1, 0, 0, 0, 0, auckland)

const (
	day  = 24 * time.Hour
	hour = time.Hour
)

// DefaultConfig returns the house configuration of a New Zealand
// key-account desk, valid as it is and fitted to the sample generator's
// portfolio:
//
//   - the whole report in Pacific/Auckland, money in NZD; values over the
//     last 12 months; lists of the top 20 accounts; fiscal years from
//     April;
//   - two scorecards on the attributes the sample generator sets:
//     internal customers on cost, criticality, size and satisfaction;
//     external ones on revenue, potential, size, strategic fit, NPS and
//     tickets of the last year. A missing value counts as the worst
//     (revenue, cost, fit: an account nobody assessed is no strategic
//     fit), as the median (criticality, size, potential, tickets), or is
//     left out of the account's score (satisfaction, NPS: an account with
//     no survey responses);
//   - four tiers by share of accounts: the top 4.5% in tier 1 (at most
//     25 accounts), the next 15% in tier 2, the next 30% in tier 3, the
//     rest in tier 4; an account moves up or down only past a boundary
//     by 3 points, not within 180 days of its last move, and one tier
//     down at most;
//   - one service model per tier, the one source of what a tier gets:
//     tier 1 reviewed every 90 days, met at least every 30 days
//     (meetings, visits and reviews only), SLA "key", 8 workload units;
//     tier 2 every 6 months, 45 days, SLA "priority", 4 units; tier 3
//     yearly, 90 days, SLA "standard", 2 units; tier 4 not reviewed,
//     180 days, SLA "standard", 1 unit; every tier escalates by the
//     procedure "standard" (whose tier-1 variant is quicker), and so do
//     unassigned accounts;
//   - the business calendar "nz-business": 08:30–17:30 Monday to Friday
//     in Pacific/Auckland, closed on New Zealand's public holidays (the
//     sample generator's hours); the SLA targets are measured on it;
//   - SLA targets for urgent, high, normal and low tickets: "key" a first
//     response within 1, 2, 4 and 8 business hours and a resolution
//     within 4 business hours, 1, 2 and 3 business days; "priority" 2, 4,
//     8 and 16 hours, and 8 hours, 2, 4 and 6 days; "standard" (also for
//     unassigned accounts) 3, 6, 12 and 24 hours, and 1, 2, 3 and 5 days;
//   - the escalation procedure "standard": the account manager at 75% of
//     the resolution target consumed (50% for tier 1), the service desk
//     lead at its breach, the service manager 4 hours (2 for tier 1) of
//     wall time after it, and the head of service 24 hours (8) after it;
//   - an early warning when the tickets of one category or service reach
//     20 distinct accounts within 24 hours, clearing after at least a
//     day once at most 5 accounts are left: a portfolio-wide incident,
//     not the ordinary flow of tickets; tier weights 4, 3, 2, 1 for tiers
//     1 to 4 and 1 for unassigned accounts;
//   - assignment within the managers' regions, at most 3 tier-1 accounts
//     each, giving up to 10% of balance to keep current owners;
//   - RFM in quintiles with the eleven classic segments, frequency in
//     distinct months;
//   - satisfaction with one vote per account, flat within 5 points;
//   - changes over the next 90 days, briefings 4 weeks ahead for tier 1
//     and 2 for tier 2;
//   - reviews 12 months ahead, at 10:00 for an hour, within 5 days of
//     their due date, at most 1 a day and 2 a week per manager,
//     invitations at "example.co.nz";
//   - no budgets: the application passes them;
//   - lifetime value of the accounts without a contract invoice
//     ("INV-..."), over three years at 10% a year, with accounts at risk
//     below a probability of 0.3 of being active.
func DefaultConfig() Config {
	five := []tiering.Band{
		{Lo: 1, Hi: 2, HiOpen: true, Value: 0},
		{Lo: 2, Hi: 3, HiOpen: true, Value: 0.25},
		{Lo: 3, Hi: 4, HiOpen: true, Value: 0.5},
		{Lo: 4, Hi: 5, HiOpen: true, Value: 0.75},
		{Lo: 5, Hi: 5, Value: 1},
	}
	nz, err := calendar.Country("NZ")
	var sets []calendar.HolidaySet
	if err == nil { // "NZ" is always known: see calendar.Country
		sets = []calendar.HolidaySet{nz}
	}
	hours := calendar.Window{Open: calendar.Clock{Hour: 8, Minute: 30}, Close: calendar.Clock{Hour: 17, Minute: 30}}
	return Config{
		Location:    auckland,
		ValueMonths: 12,
		Top:         20,
		Scorecards: []tiering.Scorecard{
			{Name: "internal", When: tiering.Selector{Audience: account.AudienceInternal}, Measures: []tiering.Measure{
				{Name: "cost", Weight: 40, Source: tiering.Attribute("cost"), Normalisation: tiering.NormalisationPercentileRank, Missing: tiering.MissingWorst},
				{Name: "criticality", Weight: 30, Source: tiering.Attribute("criticality"), Normalisation: tiering.NormalisationBanded, Bands: five, Missing: tiering.MissingMedian},
				{Name: "size", Weight: 15, Source: tiering.Attribute("employees"), Normalisation: tiering.NormalisationLogMinMax, Missing: tiering.MissingMedian},
				{Name: "satisfaction", Weight: 15, Source: tiering.Attribute("satisfaction"), Missing: tiering.MissingDrop},
			}},
			{Name: "external", When: tiering.Selector{Audience: account.AudienceExternal}, Measures: []tiering.Measure{
				{Name: "revenue", Weight: 40, Source: tiering.Attribute("revenue"), Normalisation: tiering.NormalisationPercentileRank, Missing: tiering.MissingWorst},
				{Name: "potential", Weight: 20, Source: tiering.Attribute("potential"), Normalisation: tiering.NormalisationLogMinMax, Missing: tiering.MissingMedian},
				{Name: "size", Weight: 10, Source: tiering.Attribute("employees"), Normalisation: tiering.NormalisationLogMinMax, Missing: tiering.MissingMedian},
				{Name: "fit", Weight: 10, Source: tiering.Attribute("fit"), Normalisation: tiering.NormalisationBanded, Bands: five, Missing: tiering.MissingWorst},
				{Name: "nps", Weight: 10, Source: tiering.Attribute("nps"), Normalisation: tiering.NormalisationZScore, Missing: tiering.MissingDrop},
				{Name: "tickets", Weight: 10, Source: tiering.Attribute("tickets"), Direction: tiering.DirectionLowerIsBetter, Missing: tiering.MissingMedian},
			}},
		},
		Policy: tiering.Policy{Name: "house", Basis: tiering.BasisShare, Rules: shares(25, "0.045", "0.15", "0.30"),
			Hysteresis: tiering.Hysteresis{Up: 3 * tiering.Point, Down: 3 * tiering.Point, MinDwell: 180 * day, MaxStepDown: 1}},
		Models: tiering.ServiceModels{
			{Tier: 1, ReviewEvery: tiering.Days(90), ContactEvery: 30 * day, SLAPolicy: "key", EscalationPolicy: "standard", Workload: 8,
				ContactKinds: []account.InteractionKind{account.InteractionMeeting, account.InteractionVisit, account.InteractionReview}},
			{Tier: 2, ReviewEvery: tiering.Months(6), ContactEvery: 45 * day, SLAPolicy: "priority", EscalationPolicy: "standard", Workload: 4},
			{Tier: 3, ReviewEvery: tiering.Months(12), ContactEvery: 90 * day, SLAPolicy: "standard", EscalationPolicy: "standard", Workload: 2},
			{Tier: 4, ContactEvery: 180 * day, SLAPolicy: "standard", EscalationPolicy: "standard", Workload: 1},
		},
		Assignment:  assign.Policy{MatchRegion: true, MaxTier1: 3, Continuity: 0.1},
		RFM:         segmentation.Scoring{K: 5, Segments: segmentation.ElevenSegments()},
		Frequency:   segmentation.FrequencyDistinctMonths,
		Currency:    "NZD",
		FiscalStart: time.April,
		Calendar: calendar.Config{
			Name:     "nz-business",
			Zone:     "Pacific/Auckland",
			Versions: []calendar.Version{{Week: calendar.MondayToFriday(hours), HolidaySets: sets}},
		},
		SLA: SLAConfig{
			Policies: sla.Policies{
				slaPolicy("key", []account.Tier{1},
					[4]time.Duration{hour, 2 * hour, 4 * hour, 8 * hour},
					[4]time.Duration{4 * hour, day, 2 * day, 3 * day}),
				slaPolicy("priority", []account.Tier{2},
					[4]time.Duration{2 * hour, 4 * hour, 8 * hour, 16 * hour},
					[4]time.Duration{8 * hour, 2 * day, 4 * day, 6 * day}),
				slaPolicy("standard", nil,
					[4]time.Duration{3 * hour, 6 * hour, 12 * hour, 24 * hour},
					[4]time.Duration{day, 2 * day, 3 * day, 5 * day}),
			},
			Calendars: sla.Calendars{Default: "nz-business"},
		},
		Escalation: EscalationConfig{
			Policies: escalation.Policies{
				escalationPolicy([]account.Tier{1}, 50, 2*hour, 8*hour),
				escalationPolicy(nil, 75, 4*hour, 24*hour),
			},
			Org: escalation.OrgChart{
				ServiceManager: "service-manager",
				HeadOfService:  "head-of-service",
				Teams:          map[string][]escalation.Person{"service-desk": {"service-desk-lead"}},
			},
			Unassigned: "standard",
		},
		Warning: escalation.DetectorConfig{
			Window: 24 * hour,
			Raise:  escalation.Threshold{Accounts: 20},
			Clear:  escalation.Threshold{Accounts: 5},
			Hold:   24 * hour,
			Weights: map[account.Tier]decimal.Decimal{
				account.Unassigned: decimal.NewFromInt(1),
				1:                  decimal.NewFromInt(4),
				2:                  decimal.NewFromInt(3),
				3:                  decimal.NewFromInt(2),
				4:                  decimal.NewFromInt(1),
			},
		},
		Satisfaction: SatisfactionConfig{Weighting: engagement.WeightingAccount, Margin: decimal.NewFromInt(5)},
		Changes: ChangesConfig{
			Window:   90 * day,
			LeadTime: map[account.Tier]time.Duration{1: 4 * 7 * day, 2: 2 * 7 * day},
		},
		Reviews: ReviewsConfig{
			Horizon: tiering.Months(12),
			Time:    calendar.Clock{Hour: 10},
			Length:  hour,
			Slack:   5,
			PerDay:  1,
			PerWeek: 2,
			Domain:  "example.co.nz",
		},
		Lifetime: defaultLifetime(),
		Growth:   defaultGrowth(),
	}
}

// shares returns the rules of a policy by share of accounts: one tier per
// share, the first capped at cap accounts, and a last tier for the rest.
func shares(cap int, s ...string) []tiering.TierRule {
	rules := make([]tiering.TierRule, len(s)+1)
	for i, v := range s {
		rules[i].Share = decimal.RequireFromString(v)
	}
	rules[0].Cap = cap
	return rules
}

// slaPolicy returns an SLA policy for tiers: first responses within
// first[i] of business time and resolutions within resolve[i] (urgent,
// high, normal, low), a resolve of less than a day being business time
// and one of whole days that many business days.
func slaPolicy(name string, tiers []account.Tier, first, resolve [4]time.Duration) sla.Policy {
	p := sla.Policy{Name: name, Tiers: tiers}
	prios := [4]sla.Priority{sla.PriorityUrgent, sla.PriorityHigh, sla.PriorityNormal, sla.PriorityLow}
	for i, pr := range prios {
		p.Targets = append(p.Targets, sla.Target{Metric: sla.MetricFirstResponse, Priority: pr, Within: first[i]})
	}
	for i, pr := range prios {
		t := sla.Target{Metric: sla.MetricResolution, Priority: pr, Within: resolve[i]}
		if d := resolve[i]; d >= day {
			t = sla.Target{Metric: sla.MetricResolution, Priority: pr, Measure: sla.MeasureBusinessDays, Days: int(d / day)}
		}
		p.Targets = append(p.Targets, t)
	}
	return p
}

// escalationPolicy returns the variant of the procedure "standard" for
// tiers: the account manager at share percent of the resolution target,
// the service desk at its breach, the service manager soon after it and
// the head of service late after it.
func escalationPolicy(tiers []account.Tier, share int, soon, late time.Duration) escalation.Policy {
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

// Validate reports every problem with c, or nil. Each problem wraps
// [ErrInvalid] and names the field at fault. The pack's own settings are
// [*account.FieldError]s with Record "Config" and Field the path, such as
// "Reviews.PerDay": Location is required and Calendar.Zone must name it;
// ValueMonths is 1 to [MaxValueMonths], Top 1 to [MaxTop]; there is at
// least one scorecard; every tier of Policy has a service model, and each
// model's SLAPolicy is the SLA policy that applies to its tier and its
// EscalationPolicy a procedure of Escalation.Policies; Currency is a
// known code; FiscalStart is January, April, July or October; every
// budget's fiscal year starts in FiscalStart (Budgets[i].StartMonth, 0
// meaning January) and no two share an account, year and kind; Escalation.Unassigned names a
// procedure; Satisfaction.Weighting is response or account and its
// Margin not negative; Changes.Window is positive and no lead time
// negative; Reviews.Horizon is set, PerDay and PerWeek are at least 1,
// and Domain is set; Lifetime's fields are in their ranges (see
// [LifetimeConfig]). The parts checked by their own packages
// (Scorecards[i], Policy, Models, Assignment, RFM, Frequency, Budgets[i],
// Calendar, SLA, Escalation.Policies, Warning, Reviews.Horizon) are
// [*ConfigError]s naming the part. At most 100 problems are joined.
func (c Config) Validate() error {
	_, err := c.compile()
	return err
}

// compiled is a validated Config made ready to run.
type compiled struct {
	cal       *calendar.Calendar
	evaluator *sla.Evaluator
	engine    *escalation.Engine
}

// compile validates c and builds its calendar, SLA evaluator and
// escalation engine.
func (c Config) compile() (*compiled, error) {
	var l errList
	if c.Location == nil {
		l.field("Location", nil, "is required")
	}
	if c.ValueMonths < 1 || c.ValueMonths > MaxValueMonths {
		l.field("ValueMonths", c.ValueMonths, "must be from 1 to "+strconv.Itoa(MaxValueMonths))
	}
	if c.Top < 1 || c.Top > MaxTop {
		l.field("Top", c.Top, "must be from 1 to "+strconv.Itoa(MaxTop))
	}
	if len(c.Scorecards) == 0 {
		l.field("Scorecards", nil, "must have at least one scorecard")
	}
	for i, card := range c.Scorecards {
		l.part(index("Scorecards", i), card.Validate())
	}
	l.part("Policy", c.Policy.Validate())
	modelsOK := c.Models.Validate() == nil
	if !modelsOK {
		l.part("Models", c.Models.Validate())
	} else {
		for t := 1; t <= c.Policy.NumTiers(); t++ {
			if _, ok := c.Models.For(account.Tier(t)); !ok {
				l.field("Models", len(c.Models), "has no service model for tier "+strconv.Itoa(t))
			}
		}
	}
	l.part("Assignment", c.Assignment.Validate())
	l.part("RFM", c.RFM.Validate())
	l.part("Frequency", segmentation.Options{Frequency: c.Frequency}.Validate())
	if !c.Currency.Valid() {
		l.field("Currency", string(c.Currency), "must be an ISO 4217 code such as \"NZD\"")
	}
	switch c.FiscalStart {
	case time.January, time.April, time.July, time.October:
	default:
		l.field("FiscalStart", int(c.FiscalStart), "must be January, April, July or October")
	}
	c.validateBudgets(&l)

	out := &compiled{}
	var err error
	if out.cal, err = calendar.New(c.Calendar); err != nil {
		l.part("Calendar", err)
	} else if c.Location != nil && c.Calendar.Zone != c.Location.String() {
		l.field("Calendar.Zone", c.Calendar.Zone, "must be the zone of Location, "+c.Location.String())
	}
	cals := c.SLA.Calendars
	if out.cal != nil && cals.Named[c.Calendar.Name] == nil {
		named := make(map[string]*calendar.Calendar, len(cals.Named)+1)
		for k, v := range cals.Named {
			named[k] = v
		}
		named[c.Calendar.Name] = out.cal
		cals.Named = named
	}
	if out.evaluator, err = sla.NewEvaluator(c.SLA.Policies, cals); err != nil {
		l.part("SLA", err)
	} else if modelsOK {
		for i, m := range c.Models {
			if m.SLAPolicy == "" {
				continue
			}
			j := c.SLA.Policies.Select("", m.Tier)
			switch {
			case !slices.ContainsFunc(c.SLA.Policies, func(p sla.Policy) bool { return p.Name == m.SLAPolicy }):
				l.field(index("Models", i)+".SLAPolicy", m.SLAPolicy, "names no policy of SLA.Policies")
			case j < 0 || c.SLA.Policies[j].Name != m.SLAPolicy:
				l.field(index("Models", i)+".SLAPolicy", m.SLAPolicy, "is not the policy SLA.Policies applies to tier "+strconv.Itoa(int(m.Tier)))
			}
		}
	}
	if out.engine, err = escalation.NewEngine(c.Escalation.Policies, c.Escalation.Org, c.SLA.Policies); err != nil {
		l.part("Escalation.Policies", err)
	} else {
		known := func(name string) bool {
			return slices.ContainsFunc(c.Escalation.Policies, func(p escalation.Policy) bool { return p.Name == name })
		}
		if !known(c.Escalation.Unassigned) {
			l.field("Escalation.Unassigned", c.Escalation.Unassigned, "names no procedure of Escalation.Policies")
		}
		for i, m := range c.Models {
			if m.EscalationPolicy != "" && !known(m.EscalationPolicy) {
				l.field(index("Models", i)+".EscalationPolicy", m.EscalationPolicy, "names no procedure of Escalation.Policies")
			}
		}
	}
	l.part("Warning", c.Warning.Validate())
	switch w := c.Satisfaction.Weighting; w {
	case engagement.WeightingResponse, engagement.WeightingAccount:
	default:
		l.field("Satisfaction.Weighting", w, "must be response or account")
	}
	if c.Satisfaction.Margin.IsNegative() {
		l.field("Satisfaction.Margin", c.Satisfaction.Margin, "must not be negative")
	}
	if c.Changes.Window <= 0 {
		l.field("Changes.Window", c.Changes.Window, "must be positive")
	}
	for _, t := range sortedTiers(c.Changes.LeadTime) {
		if d := c.Changes.LeadTime[t]; d < 0 {
			l.field("Changes.LeadTime["+strconv.Itoa(int(t))+"]", d, "must not be negative")
		}
	}
	r := c.Reviews
	if r.Horizon == (tiering.Cadence{}) {
		l.field("Reviews.Horizon", nil, "is required")
	} else {
		l.part("Reviews.Horizon", r.Horizon.Validate())
	}
	if r.PerDay < 1 {
		l.field("Reviews.PerDay", r.PerDay, "must be at least 1")
	}
	if r.PerWeek < 1 {
		l.field("Reviews.PerWeek", r.PerWeek, "must be at least 1")
	}
	if r.Domain == "" {
		l.field("Reviews.Domain", nil, "is required")
	}
	c.Lifetime.validate(&l)
	c.Growth.validate(&l)
	if err := l.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// validateBudgets checks each budget and that no two share an account,
// year and kind.
func (c Config) validateBudgets(l *errList) {
	type key struct {
		id   account.ID
		year int
		kind account.TransactionKind
	}
	seen := make(map[key]bool, len(c.Budgets))
	for i, b := range c.Budgets {
		if err := b.Validate(); err != nil {
			l.part(index("Budgets", i), err)
			continue
		}
		if start := max(b.StartMonth, time.January); start != c.FiscalStart {
			l.field(index("Budgets", i)+".StartMonth", int(b.StartMonth), "must be FiscalStart, "+c.FiscalStart.String()+": the results count a budget of their fiscal year only")
		}
		k := key{b.Account, b.Year, b.Kind}
		if seen[k] {
			l.field(index("Budgets", i), string(b.Account), "repeats the budget of its account, year and kind")
		}
		seen[k] = true
	}
}

// index returns "name[i]".
func index(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }
