package pack

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/sla"
)

// A Report is the quarterly account-management pack: one section per
// part, each a plain struct of exact values (money as [account.Money],
// shares and scores as decimals). [Run] makes it; [Report.WriteText],
// [Report.WriteJSON], [Report.WriteResultsJSON] and [Report.WriteICS]
// write it. Lists are in the documented orders, so that the same stores
// and Config always give the same Report.
//
// The charts of an HTML report read plain fields: the Pareto curve
// Segments.Revenue.Values (and .Top, .Sentence; the same for .Cost), the
// tiers before and after Tiering.Before and Tiering.After, SLA compliance
// by tier SLAByTier, satisfaction by tier with its intervals
// Satisfaction[i].Current (NPS, CSAT, Effort: Value, Low, High), each
// manager's load against capacity Assign.Managers[i].Load and .Capacity.
type Report struct {
	At      time.Time `json:"at"`           // the analysis instant, in Config.Location
	Through string    `json:"through"`      // the last day counted, in Config.Location (YYYY-MM-DD)
	Months  int       `json:"value_months"` // Config.ValueMonths: the value window
	Top     int       `json:"top"`          // Config.Top: how many entries the lists of the text show

	// TopAccounts are the top Config.Top accounts by value, largest
	// first, ties by ID: the accounts with revenue over the value window
	// by revenue, then, if fewer than Config.Top have any, the accounts
	// with a cost to serve by cost. An account with neither is not
	// listed. Their reviews are scheduled and their changes shown.
	TopAccounts []account.ID `json:"top_accounts"`
	// TopValues are the same accounts, in the same order, with their
	// values and tiers.
	TopValues []TopAccount `json:"top_values"`

	Portfolio PortfolioSummary `json:"portfolio"` // what the stores hold
	// Hierarchy is the roll-up of the hierarchies: every top-level
	// account with at least one account below it (a group, or a division
	// with departments) with its whole tree's totals over the value
	// window; external groups first, by revenue, largest first, then
	// internal ones by cost, ties by ID.
	Hierarchy []Group `json:"hierarchy"`
	// Scores lists the Config.Top accounts with the highest scores,
	// highest first, ties by ID, each with its explanation.
	Scores   []ScoredAccount `json:"scores"`
	Tiering  TieringSection  `json:"tiering"`
	Assign   AssignSection   `json:"assignment"`
	Segments SegmentsSection `json:"segments"`
	Lifetime LifetimeSection `json:"lifetime_value"`
	Growth   GrowthSection   `json:"growth"`
	Gaps     GapsSection     `json:"service_gaps"`
	Coverage CoverageSection `json:"stakeholder_coverage"`
	Budgets  BudgetSection   `json:"budgets"`

	// Quarter is the last quarter: the calendar quarter before the one At
	// falls in (Q3 2026 for an At of 1 October 2026), and Previous the
	// one before it, for the satisfaction trend.
	Quarter  Period `json:"quarter"`
	Previous Period `json:"previous_quarter"`

	// Satisfaction is the satisfaction by tier (stored tiers), one row
	// per tier with a response in either quarter, in tier order (tier 1
	// first, unassigned last).
	Satisfaction []SatisfactionRow `json:"satisfaction"`

	// SLA is the SLA compliance of the last quarter grouped by tier: its
	// rows by tier (as sla.Report orders them: unassigned first), then
	// metric. Every ticket that can have an outcome in the quarter is
	// evaluated at At. SLAByTier pools each tier's metrics.
	SLA       []SLARow         `json:"sla"`
	SLAByTier []TierCompliance `json:"sla_by_tier"`

	// Open is the number of tickets unsolved at At; Breaches their
	// cycles breached and not yet fulfilled at At, most overdue first.
	Open     int      `json:"open_tickets"`
	Breaches []Breach `json:"open_breaches"`

	// Escalations are the escalation decisions at At of the open tickets
	// with a notification due or held, by opening then ticket. The pack
	// only decides: nothing is recorded.
	Escalations []escalation.Decision `json:"escalations"`

	// Unowned are the open tickets of accounts with no owner, in the
	// order of Open: escalation starts with the account manager, so they
	// are not decided but listed for someone to take.
	Unowned []string `json:"unowned_tickets"`

	// Warnings are the early warnings raised by the tickets opened in the
	// last quarter, in the order they were raised, as they stood at the
	// quarter's end (Cleared set if they had cleared by then).
	Warnings []escalation.Warning `json:"warnings"`

	// Changes are the collective change view of each top account, in the
	// order of TopAccounts, over the changes going live in ChangeWindow;
	// Briefings are the briefings of the top accounts about those
	// changes, in the order of engagement's plan (by due date).
	ChangeWindow Period                `json:"change_window"`
	Changes      []AccountChanges      `json:"changes"`
	Briefings    []engagement.Briefing `json:"briefings"`

	// Reviews is the top accounts' review schedule from At's date over
	// Config.Reviews.Horizon, each at the cadence of its stored tier's
	// service model; its Conflicts the reviews that found no date.
	// Unscheduled lists the top accounts it leaves out, in the order of
	// TopAccounts: an account whose tier has no review cadence, or that
	// has no owner to chair its reviews (or one no store holds).
	Reviews     review.Schedule `json:"reviews"`
	Unscheduled []Unscheduled   `json:"unscheduled"`

	// Overdue are the action items open past their due date on At's
	// date, by due date then owner.
	Overdue []review.ActionItem `json:"overdue_actions"`

	// Results are the quarterly results of the last quarter, in fiscal
	// quarters (Config.FiscalStart), of revenue, for the top Config.Top
	// accounts. An account's tier in them moves from its stored tier
	// (in force during the quarter: last year's) to the tier the
	// re-tiering proposes at the quarter's end.
	Results review.QuarterlyResults `json:"results"`

	// Domain is Config.Reviews.Domain: the mail domain of the
	// invitations and of the meetings' UIDs in the iCalendar export.
	Domain string `json:"domain"`
}

// A TopAccount is one of the top accounts by value.
type TopAccount struct {
	Account  account.ID    `json:"account"`
	Name     string        `json:"name"`
	Value    account.Money `json:"value"`    // its revenue, or cost to serve, over the value window
	Tier     account.Tier  `json:"tier"`     // its stored tier, in force
	Proposed account.Tier  `json:"proposed"` // the tier the re-tiering proposes
}

// A Period is a half-open span of time [From, To) in Config.Location,
// and its name, such as "Q3 2026".
type Period struct {
	Name string    `json:"name"` // "Q3 2026", or for a window "to 2026-12-30"
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
}

// A SatisfactionRow is the satisfaction of one tier's accounts in the
// last quarter and the quarter before, and the trend between them, each
// figure with its 95% interval (see package engagement).
type SatisfactionRow struct {
	Tier     account.Tier               `json:"tier"`
	Previous engagement.SatisfactionRow `json:"previous"` // zero when the tier had no response in the quarter
	Current  engagement.SatisfactionRow `json:"current"`
	NPS      engagement.Shift           `json:"nps"` // Current against Previous
	CSAT     engagement.Shift           `json:"csat"`
	Effort   engagement.Shift           `json:"effort"`
}

// An SLARow is one tier's compliance with one metric in the last quarter
// (a row of sla.Compliance grouped by tier).
type SLARow struct {
	Tier     account.Tier `json:"tier"`
	Metric   sla.Metric   `json:"metric"`
	Tickets  int          `json:"tickets"`  // tickets with at least one cycle counted
	Met      int          `json:"met"`      // cycles met in the quarter
	Breached int          `json:"breached"` // cycles breached in the quarter
	// Compliance is Met / (Met + Breached), a share rounded half up to 4
	// places.
	Compliance decimal.Decimal `json:"compliance"`
	// Median and P90 are the nearest-rank percentiles of the elapsed
	// times of the cycles that had ended; 0 when none had.
	Median time.Duration `json:"median"`
	P90    time.Duration `json:"p90"`
}

// A TierCompliance is one tier's SLA compliance in the last quarter,
// every metric pooled: the cycles met and breached, and Met / (Met +
// Breached) rounded half away from zero to 4 places (0 with no cycle).
type TierCompliance struct {
	Tier       account.Tier    `json:"tier"`
	Met        int             `json:"met"`
	Breached   int             `json:"breached"`
	Compliance decimal.Decimal `json:"compliance"`
}

// A Breach is an SLA cycle of a ticket open at the analysis instant that
// breached and is not yet fulfilled.
type Breach struct {
	Ticket   string       `json:"ticket"`
	Account  account.ID   `json:"account"`
	Tier     account.Tier `json:"tier"`     // its tier when it was opened
	Priority sla.Priority `json:"priority"` // the priority whose target was breached
	Metric   sla.Metric   `json:"metric"`
	// BreachedAt is when the target ran out; Late the wall time from then
	// to the analysis instant.
	BreachedAt time.Time     `json:"breached_at"`
	Late       time.Duration `json:"late"`
}

// AccountChanges is the collective change view of one top account
// (engagement.AccountView, in plain values).
type AccountChanges struct {
	Account account.ID             `json:"account"`
	Changes []engagement.ChangeRef `json:"changes"` // by go-live, ties by change ID
	Weight  int                    `json:"weight"`  // the sum of their severities' weights
	Highest string                 `json:"highest"` // the most severe one's severity, "" for none
	// Busiest is the first day of the week with the heaviest load, ""
	// for none, and BusiestChanges how many changes go live in it.
	Busiest        string `json:"busiest_week"`
	BusiestChanges int    `json:"busiest_changes"`
	// Brief names the contacts to brief, decision makers first (see
	// engagement.AccountView).
	Brief []string `json:"brief"`
}

// An Unscheduled is a top account whose reviews the schedule leaves out,
// and why.
type Unscheduled struct {
	Account account.ID   `json:"account"`
	Name    string       `json:"name"`
	Tier    account.Tier `json:"tier"`   // its stored tier
	Reason  string       `json:"reason"` // "no review cadence", "no owner" or "owner not found"
}

// PortfolioSummary counts what the stores hold.
type PortfolioSummary struct {
	Accounts int `json:"accounts"` // every account
	External int `json:"external"` // external customers
	Internal int `json:"internal"` // internal customers
	Groups   int `json:"groups"`   // top-level accounts with at least one subsidiary
	Managers int `json:"managers"` // account managers, inactive ones too
	Active   int `json:"active_managers"`

	// Revenue is the external customers' revenue over the value window,
	// Cost the internal customers' cost to serve: never summed together.
	Revenue account.Money `json:"revenue"`
	Cost    account.Money `json:"cost"`
}

// A Group is one hierarchy's roll-up.
type Group struct {
	Account  account.ID    `json:"account"`  // the top-level account
	Name     string        `json:"name"`     // its name
	Internal bool          `json:"internal"` // whether it is an internal customer
	Accounts int           `json:"accounts"` // accounts in the tree, the top one included
	Own      account.Money `json:"own"`      // the top account's own value (revenue or cost, as its audience)
	// Revenue is the external accounts' revenue in the tree, Cost the
	// internal accounts' cost; the zero Money when there is none.
	Revenue account.Money `json:"revenue"`
	Cost    account.Money `json:"cost"`
}

// A ScoredAccount is one account's score and how it was made.
type ScoredAccount struct {
	Rank      int             `json:"rank"`      // 1 for the highest score
	Account   account.ID      `json:"account"`   // the account
	Name      string          `json:"name"`      // its name
	Scorecard string          `json:"scorecard"` // the scorecard that scored it
	Score     decimal.Decimal `json:"score"`     // its score, 0 to 100, in hundredths
	Tier      account.Tier    `json:"tier"`      // its proposed tier
	// Coverage is the share of the scorecard's weight whose measures had
	// a value, rounded half away from zero to 4 places.
	Coverage decimal.Decimal `json:"coverage"`
	Lines    []ScoreLine     `json:"lines"` // one per measure, in the scorecard's order
}

// A ScoreLine is one measure's part in a score. The measures' Points add
// up to the score exactly; the other figures are rounded half away from
// zero to 4 decimal places from the scorer's floating-point values.
type ScoreLine struct {
	Measure    string          `json:"measure"`
	Raw        decimal.Decimal `json:"raw"`        // the raw value (the median if imputed, 0 if none)
	Normalised decimal.Decimal `json:"normalised"` // 0 to 1, 1 best
	Weight     decimal.Decimal `json:"weight"`     // the effective weight, 0 to 1
	Points     decimal.Decimal `json:"points"`     // the points given, in hundredths
	Handling   string          `json:"handling"`   // "present", or how a missing value was handled
}

// TieringSection is the re-tiering: the tiers before (the stored ones,
// last year's) and after (the policy's, with hysteresis), and the plan.
type TieringSection struct {
	Policy string      `json:"policy"` // the policy's name
	Before []TierCount `json:"before"` // accounts per stored tier, Unassigned first
	After  []TierCount `json:"after"`  // accounts per proposed tier

	Accounts     int             `json:"accounts"`      // accounts in the plan
	Changed      int             `json:"changed"`       // accounts that would move
	ChangedShare decimal.Decimal `json:"changed_share"` // Changed / Accounts, 4 places
	MovedValue   account.Money   `json:"moved_value"`   // the value of the accounts that would move

	// Transitions is the transition matrix: one cell per (from, to) pair
	// with at least one account, stays included, by From then To.
	Transitions []Transition `json:"transitions"`

	// Held counts the accounts whose proposed tier is not the policy's
	// own, by reason (margin, dwell, step limit, cap, override), in the
	// reasons' order.
	Held []ReasonCount `json:"held"`

	// Moves lists every move in ascending account ID order.
	Moves []Move `json:"moves"`
}

// A TierCount is how many accounts a tier holds.
type TierCount struct {
	Tier     account.Tier `json:"tier"`
	Accounts int          `json:"accounts"`
}

// A Transition is one cell of the transition matrix.
type Transition struct {
	From     account.Tier  `json:"from"`
	To       account.Tier  `json:"to"`
	Accounts int           `json:"accounts"`
	Value    account.Money `json:"value"`
}

// A ReasonCount is how many accounts share a reason.
type ReasonCount struct {
	Reason   string `json:"reason"`
	Accounts int    `json:"accounts"`
}

// A Move is one account's change of tier.
type Move struct {
	Account account.ID      `json:"account"`
	Name    string          `json:"name"`
	From    account.Tier    `json:"from"`
	To      account.Tier    `json:"to"`
	Reason  string          `json:"reason"` // the tiering.MoveReason's name
	Score   decimal.Decimal `json:"score"`
	Value   account.Money   `json:"value"`
}

// AssignSection is the balanced assignment of account managers at the
// proposed tiers, with the handovers it asks for.
type AssignSection struct {
	// Managers lists every manager's load after assignment, in ascending
	// ID order, inactive ones too.
	Managers []ManagerLoad `json:"managers"`
	Placed   int           `json:"placed"` // accounts with a manager

	// MaxUtilisation is the largest load / capacity, and LowerBound the
	// ratio no assignment can beat, both rounded half away from zero to 4
	// places from the solver's floating-point values.
	MaxUtilisation decimal.Decimal `json:"max_utilisation"`
	LowerBound     decimal.Decimal `json:"lower_bound"`

	Handovers []Handover    `json:"handovers"` // changes of owner, ascending account ID
	ByReason  []ReasonCount `json:"by_reason"` // handovers per reason, in the reasons' order
	Unplaced  []Unplaced    `json:"unplaced"`  // accounts no manager may take, ascending ID
}

// A ManagerLoad is one manager's load against capacity.
type ManagerLoad struct {
	Manager  account.ManagerID `json:"manager"`
	Name     string            `json:"name"`
	Active   bool              `json:"active"`
	Accounts int               `json:"accounts"`
	Tier1    int               `json:"tier1"`
	Load     int               `json:"load"`
	Capacity int               `json:"capacity"`
	// Utilisation is Load / Capacity, exact to 4 places (half away from
	// zero); 0 for a zero capacity.
	Utilisation decimal.Decimal `json:"utilisation"`
}

// A Handover is an account that changes manager.
type Handover struct {
	Account account.ID        `json:"account"`
	Name    string            `json:"name"`
	From    account.ManagerID `json:"from"` // "" for an account that had no owner
	To      account.ManagerID `json:"to"`
	Reason  string            `json:"reason"` // the assign.HandoverReason's name
}

// An Unplaced is an account left without a manager.
type Unplaced struct {
	Account account.ID `json:"account"`
	Reason  string     `json:"reason"` // the assign.UnplacedReason's name
	Detail  string     `json:"detail"`
}

// SegmentsSection holds the RFM segments and the Pareto figures of each
// audience: external customers on revenue, internal ones on cost.
type SegmentsSection struct {
	Revenue Segmentation `json:"revenue"`
	Cost    Segmentation `json:"cost"`
}

// A Segmentation is one audience's RFM segments and concentration. The
// audience of revenue is the whole portfolio (internal accounts hold no
// revenue), that of cost the internal accounts.
type Segmentation struct {
	Kind     account.TransactionKind `json:"kind"`     // revenue or cost
	Accounts int                     `json:"accounts"` // accounts of the audience
	Active   int                     `json:"active"`   // of them, with transactions in the window
	Total    account.Money           `json:"total"`    // their value over the window

	// Segments counts the accounts per RFM segment, by segment name.
	Segments []SegmentCount `json:"segments"`

	// Top is how many accounts the Pareto figures name (Config.Top, or
	// fewer), TopValue what they hold and TopShare its share of Total,
	// rounded half away from zero to 4 places.
	Top      int             `json:"top"`
	TopValue account.Money   `json:"top_value"`
	TopShare decimal.Decimal `json:"top_share"`
	// For80 is the fewest accounts holding at least 80% of Total.
	For80 int `json:"for_80"`
	// Gini is the Gini coefficient of the values, 4 places.
	Gini decimal.Decimal `json:"gini"`
	// Sentence says it for people: "the top 20 of 443 accounts hold
	// 93.0% of revenue", "the top 20 of 44 internal accounts hold 71.3%
	// of cost to serve".
	Sentence string `json:"sentence"`
	// Values holds one value per account of the audience, largest first:
	// what the Pareto curve is drawn from (an account with no value, or
	// a negative one, counts 0).
	Values []decimal.Decimal `json:"values"`
}

// A SegmentCount is one RFM segment's size and value.
type SegmentCount struct {
	Segment  string          `json:"segment"`
	Accounts int             `json:"accounts"`
	Value    account.Money   `json:"value"`
	Share    decimal.Decimal `json:"share"` // of the audience's total, 4 places
}

// GapsSection lists the accounts whose contact falls short of their
// tier's service model (their stored tier: the one in force).
type GapsSection struct {
	ByTier []TierGaps `json:"by_tier"` // per tier with a contact minimum
	// Accounts lists the gaps, most overdue first (unmeasurable ones
	// first of all), ties by ID.
	Accounts []Gap `json:"accounts"`
}

// TierGaps counts one tier's gaps.
type TierGaps struct {
	Tier     account.Tier `json:"tier"`
	Accounts int          `json:"accounts"` // accounts in the tier
	Gaps     int          `json:"gaps"`     // of them, overdue for contact
}

// A Gap is an account overdue for contact.
type Gap struct {
	Account account.ID   `json:"account"`
	Name    string       `json:"name"`
	Tier    account.Tier `json:"tier"`
	Last    string       `json:"last"` // the last meaningful contact's date, "" if none
	Days    int          `json:"days_overdue"`
}

// CoverageSection is the stakeholder coverage per tier (stored tiers),
// and the weakest tier-1 relationships.
type CoverageSection struct {
	ByTier []TierCoverage `json:"by_tier"` // ascending tier, Unassigned first
	// Weakest lists up to Config.Top tier-1 accounts with the lowest
	// coverage scores, lowest first, ties by ID.
	Weakest []AccountCoverage `json:"weakest"`
}

// A TierCoverage sums up one tier's stakeholder maps.
type TierCoverage struct {
	Tier            account.Tier    `json:"tier"`
	Accounts        int             `json:"accounts"`
	MeanScore       decimal.Decimal `json:"mean_score"` // 0 to 100, 2 places, half away from zero
	NoDecisionMaker int             `json:"no_decision_maker"`
	NoSponsor       int             `json:"no_sponsor"`
	SingleThreaded  int             `json:"single_threaded"`
	Stale           int             `json:"stale_contacts"` // contacts not spoken to within the tier's interval
}

// An AccountCoverage is one account's coverage.
type AccountCoverage struct {
	Account  account.ID      `json:"account"`
	Name     string          `json:"name"`
	Score    decimal.Decimal `json:"score"`
	Contacts int             `json:"contacts"`
	Threads  int             `json:"threads"`
	Stale    int             `json:"stale"`
}

// BudgetSection is the budgets' status on the last day counted.
type BudgetSection struct {
	// Statuses holds one status per budget of Config.Budgets, by account
	// ID, then year, then kind.
	Statuses []review.BudgetStatus `json:"statuses"`
	Over     int                   `json:"over"`
	OnTrack  int                   `json:"on_track"`
	Under    int                   `json:"under"`
}
