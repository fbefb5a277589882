package pack

import (
	"strconv"
	"time"
	_ "time/tzdata" // the default zone loads on a machine without a zoneinfo database

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/tiering"
)

// The limits of the pack's own numeric fields of [Config].
const (
	MaxValueMonths = 120  // the longest value window: ten years
	MaxTop         = 1000 // the most accounts a list of the report names
)

// Config is what the pack computes by: everything the stores do not keep.
// Fill it in from [DefaultConfig] and check it with [Config.Validate];
// [Run] checks it too.
type Config struct {
	// Location is the time zone in which instants become dates: the
	// recency of the RFM analysis and the days of the budgets. Required.
	Location *time.Location

	// ValueMonths is the length of the value window, in calendar months
	// ending at the analysis instant: an account's value is its revenue
	// (external customers) or its cost to serve (internal customers) over
	// the window, from its transactions. The value ranks the Pareto
	// figures and the RFM monetary score, is rolled up the hierarchies,
	// breaks ties in tiering and weighs the re-tiering plan. 1 to
	// [MaxValueMonths].
	ValueMonths int

	// Top is how many accounts the report's lists name: the score
	// explanations, the Pareto figures ("the top 20 of 443 accounts"),
	// the largest moves and groups, the weakest coverage. 1 to [MaxTop].
	Top int

	// Scorecards score the accounts from their stored attributes, in
	// precedence order, as [tiering.Score] takes them. At least one.
	Scorecards []tiering.Scorecard

	// Policy tiers the scores, with its hysteresis against the stored
	// tiers (each account's Tier and TierSince: last year's tiering).
	// The stored tiers are taken to come from this same policy and these
	// scorecards, so that a move is reported as a move of score.
	Policy tiering.Policy

	// Models is the service model of each tier: one for every tier of
	// Policy. It sets the contact minimum behind the service gaps and the
	// stakeholder coverage, and the workload behind the assignment.
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

	// Budgets are the accounts' budgets for the fiscal year: no store
	// keeps them, so the application passes them here (the sample
	// generator's budgets, or its finance system's). Each is checked
	// against the account's transactions to the last day that ended by
	// the analysis instant. At most one per account, year and kind.
	Budgets []review.Budget
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

const day = 24 * time.Hour

// DefaultConfig returns the house configuration, valid as it is:
//
//   - dates in Pacific/Auckland; values over the last 12 months; lists of
//     the top 20 accounts;
//   - two scorecards on the attributes the sample generators set:
//     internal customers on cost, criticality, size and satisfaction;
//     external ones on revenue, potential, size, strategic fit, NPS and
//     open tickets;
//   - four tiers by share of accounts: the top 4.5% in tier 1 (at most
//     25 accounts, the ones reviewed every 90 days), the next 15% in tier
//     2, the next 30% in tier 3, the rest in tier 4; an account moves up
//     or down only past a boundary by 3 points, not within 180 days of
//     its last move, and one tier down at most;
//   - service models: tier 1 reviewed every 90 days, met at least every
//     30 days (meetings, visits and reviews only), 8 workload units;
//     tier 2 every 6 months, 45 days, 4 units; tier 3 yearly, 90 days,
//     2 units; tier 4 not reviewed, 180 days, 1 unit;
//   - assignment within the managers' regions, at most 3 tier-1 accounts
//     each, giving up to 10% of balance to keep current owners;
//   - RFM in quintiles with the eleven classic segments, frequency in
//     distinct months;
//   - no budgets: the application passes them.
func DefaultConfig() Config {
	five := []tiering.Band{
		{Lo: 1, Hi: 2, HiOpen: true, Value: 0},
		{Lo: 2, Hi: 3, HiOpen: true, Value: 0.25},
		{Lo: 3, Hi: 4, HiOpen: true, Value: 0.5},
		{Lo: 4, Hi: 5, HiOpen: true, Value: 0.75},
		{Lo: 5, Hi: 5, Value: 1},
	}
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
			{Tier: 1, ReviewEvery: tiering.Days(90), ContactEvery: 30 * day, SLAPolicy: "gold", EscalationPolicy: "executive", Workload: 8,
				ContactKinds: []account.InteractionKind{account.InteractionMeeting, account.InteractionVisit, account.InteractionReview}},
			{Tier: 2, ReviewEvery: tiering.Months(6), ContactEvery: 45 * day, SLAPolicy: "silver", EscalationPolicy: "management", Workload: 4},
			{Tier: 3, ReviewEvery: tiering.Months(12), ContactEvery: 90 * day, SLAPolicy: "bronze", EscalationPolicy: "team", Workload: 2},
			{Tier: 4, ContactEvery: 180 * day, SLAPolicy: "standard", EscalationPolicy: "team", Workload: 1},
		},
		Assignment: assign.Policy{MatchRegion: true, MaxTier1: 3, Continuity: 0.1},
		RFM:        segmentation.Scoring{K: 5, Segments: segmentation.ElevenSegments()},
		Frequency:  segmentation.FrequencyDistinctMonths,
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

// Validate reports every problem with c, or nil. The pack's own fields
// are checked here, each problem an [*account.FieldError] (Record
// "Config", Field the field) wrapping [ErrInvalid]: Location is required,
// ValueMonths is 1 to [MaxValueMonths], Top is 1 to [MaxTop], there is at
// least one scorecard, every tier of Policy has a service model, and no
// two budgets share an account, year and kind. The parts are checked by
// their own packages (Scorecards[i], Policy, Models, Assignment, RFM,
// Frequency, Budgets[i]), each problem a [*ConfigError] naming the part.
// The problems are joined, at most 100 of them.
func (c Config) Validate() error {
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
	if err := c.Models.Validate(); err != nil {
		l.part("Models", err)
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
		k := key{b.Account, b.Year, b.Kind}
		if seen[k] {
			l.field(index("Budgets", i), string(b.Account), "repeats the budget of its account, year and kind")
		}
		seen[k] = true
	}
	return l.Err()
}

// index returns "name[i]".
func index(name string, i int) string { return name + "[" + strconv.Itoa(i) + "]" }
