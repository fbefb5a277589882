// Command tiering scores and tiers the bundled sample portfolio, and
// prints the tiers, the plan of the re-tiering (with its transition
// matrix), the service gaps, and the assignment of the accounts at their
// new tiers to account managers, with each manager's load against
// capacity.
//
// The sample portfolio (package internal/fixture/sample) has external customers in
// group hierarchies and internal customers (divisions and departments),
// each already in a tier from an earlier, revenue-only tiering. This
// program re-tiers them with scorecards (one for internal customers, one
// for external ones), a quantile policy with a tier-1 cap and hysteresis
// (margins, a six-month minimum dwell and one tier down at a time), and
// one override, and shows what would change. It then assigns the
// re-tiered accounts to the managers, weighing each by its new tier's
// workload, matching regions, keeping current owners where balance allows,
// and shows the managers' loads before and after, the handovers and the
// accounts that could not be placed. It saves nothing.
//
// Usage:
//
//	go run ./examples/tiering -seed 1 -accounts 300
//
// The output is the same on every run with the same flags. -seed (default
// 1; 0 means 1) seeds the sample portfolio, and -accounts (from 1 to
// 50,000; default 300) sets its size. -h documents them (exit status 0);
// an unknown flag, a bad value (-accounts 0) or an argument is a bad
// command line (exit status 2), as in every example (package
// internal/cli).
package main

import (
	"context"
	"fmt"
	"io"
	"math"
	"os"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/internal/cli"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// maxAccounts is the largest sample portfolio the program makes: time and
// memory grow faster than the accounts (50,000 take some 10 s and 0.8 GB,
// 100,000 more than a minute and 1.6 GB).
const maxAccounts = 50_000

// run runs the program with the arguments args (without the program's
// name) and returns its exit status: 0; 1 for a failure while running; 2
// for a bad command line.
func run(args []string, stdout, stderr io.Writer) int {
	cmd := &cli.Command{
		Name: "tiering",
		Doc: `Tiering scores and tiers a generated sample portfolio (external customers in
group hierarchies and internal customers, each already in a tier), and prints
the tiers, the plan of the re-tiering with its transition matrix, the service
gaps, and the assignment of the accounts at their new tiers to account
managers, with each manager's load against capacity. It saves nothing.`,
	}
	seed := cmd.Uint64("seed", 1, "seed of the sample portfolio; 0 means 1")
	n := cmd.Int("accounts", 300, 1, maxAccounts, "number of accounts in the sample portfolio")
	if err := cmd.Parse(args); err != nil {
		return cmd.ExitStatus(stderr, err)
	}
	p := sample.New(sample.Options{Seed: *seed, Accounts: *n, Managers: min(16, *n)})
	return cmd.ExitStatus(stderr, report(stdout, p))
}

// Scorecards: internal customers first, so that they take precedence over
// the general scorecard, which selects every account.
var (
	internalCard = tiering.Scorecard{
		Name: "internal",
		When: tiering.Selector{Audience: account.AudienceInternal},
		Measures: []tiering.Measure{
			{Name: "cost", Weight: 35, Source: tiering.Attribute(sample.AttrCost), Normalisation: tiering.NormalisationPercentileRank},
			{Name: "criticality", Weight: 30, Source: tiering.Attribute(sample.AttrCriticality), Normalisation: tiering.NormalisationBanded, Bands: fivePoint},
			{Name: "size", Weight: 15, Source: tiering.Attribute(sample.AttrEmployees), Normalisation: tiering.NormalisationLogMinMax},
			{Name: "satisfaction", Weight: 20, Source: tiering.Attribute(sample.AttrSatisfaction), Missing: tiering.MissingDrop},
		},
	}
	externalCard = tiering.Scorecard{
		Name: "external",
		Measures: []tiering.Measure{
			{Name: "revenue", Weight: 30, Source: tiering.Attribute(sample.AttrRevenue), Normalisation: tiering.NormalisationPercentileRank},
			{Name: "potential", Weight: 20, Source: tiering.Attribute(sample.AttrPotential), Normalisation: tiering.NormalisationLogMinMax, Missing: tiering.MissingMedian},
			{Name: "size", Weight: 10, Source: tiering.Attribute(sample.AttrEmployees), Normalisation: tiering.NormalisationLogMinMax},
			{Name: "fit", Weight: 15, Source: tiering.Attribute(sample.AttrFit), Normalisation: tiering.NormalisationBanded, Bands: fivePoint, Missing: tiering.MissingWorst},
			{Name: "nps", Weight: 15, Source: tiering.Attribute(sample.AttrNPS), Normalisation: tiering.NormalisationZScore, Missing: tiering.MissingDrop},
			{Name: "tickets", Weight: 10, Source: tiering.Attribute(sample.AttrTickets), Direction: tiering.DirectionLowerIsBetter},
		},
	}
	// fivePoint maps a 1-to-5 rating onto [0, 1].
	fivePoint = []tiering.Band{
		{Lo: 1, Hi: 2, HiOpen: true, Value: 0},
		{Lo: 2, Hi: 3, HiOpen: true, Value: 0.25},
		{Lo: 3, Hi: 4, HiOpen: true, Value: 0.5},
		{Lo: 4, Hi: 5, HiOpen: true, Value: 0.75},
		{Lo: 5, Hi: 5, Value: 1},
	}
)

// policy puts the top 5% in tier 1 (at most 15 accounts: the ones reviewed
// every quarter), the next 15% in tier 2 and the next 30% in tier 3. An
// account that entered its tier (its TierSince) less than 180 days ago
// stays there.
var policy = tiering.Policy{
	Name:  "quantiles",
	Basis: tiering.BasisShare,
	Rules: []tiering.TierRule{
		{Share: decimal.RequireFromString("0.05"), Cap: 15},
		{Share: decimal.RequireFromString("0.15")},
		{Share: decimal.RequireFromString("0.30")},
		{},
	},
	Hysteresis: tiering.Hysteresis{Up: 3 * tiering.Point, Down: 3 * tiering.Point, MinDwell: 180 * day, MaxStepDown: 1},
}

const day = 24 * time.Hour

// assignPolicy assigns accounts to managers who cover their region, at most
// three tier-1 accounts each, and lets the largest load ratio grow by up to
// 10% to keep accounts with their current owners.
var assignPolicy = assign.Policy{
	Workload:    models.Workload,
	MatchRegion: true,
	MaxTier1:    3,
	Continuity:  0.1,
}

var models = tiering.ServiceModels{
	{Tier: 1, ReviewEvery: tiering.Days(90), ContactEvery: 30 * day, SLAPolicy: "gold", EscalationPolicy: "executive", Workload: 8,
		ContactKinds: []account.InteractionKind{account.InteractionMeeting, account.InteractionVisit, account.InteractionReview}},
	{Tier: 2, ReviewEvery: tiering.Months(6), ContactEvery: 45 * day, SLAPolicy: "silver", EscalationPolicy: "management", Workload: 4},
	{Tier: 3, ReviewEvery: tiering.Months(12), ContactEvery: 90 * day, SLAPolicy: "bronze", EscalationPolicy: "team", Workload: 2},
	{Tier: 4, ContactEvery: 180 * day, SLAPolicy: "standard", EscalationPolicy: "team", Workload: 1},
}

// report re-tiers the portfolio p and prints the report to w.
func report(w io.Writer, p sample.Portfolio) error {
	scores, err := tiering.Score(p.Accounts, internalCard, externalCard)
	if err != nil {
		return err
	}
	values := make(map[account.ID]decimal.Decimal, len(p.Accounts))
	for _, a := range p.Accounts {
		values[a.ID] = a.Attributes[sample.AttrRevenue]
		if a.Internal {
			values[a.ID] = a.Attributes[sample.AttrCost]
		}
	}
	// Pin the smallest top-level external account: a new strategic
	// partner, for six months.
	var pin account.ID
	for _, a := range p.Accounts {
		if !a.Internal && a.Parent == "" && (pin == "" || values[a.ID].LessThan(values[pin])) {
			pin = a.ID
		}
	}
	// Values cross the API as account.Money, in one currency.
	amounts := make(map[account.ID]account.Money, len(values))
	for id, v := range values {
		if amounts[id], err = account.NewMoney(v, "NZD"); err != nil {
			return err
		}
	}
	overrides := []tiering.Override{{Account: pin, Tier: 2, Reason: "new strategic partner", Author: "head of sales", Expires: p.At.AddDate(0, 6, 0)}}
	tiers, err := policy.Apply(scores, tiering.Input{At: p.At, Values: amounts, Overrides: overrides})
	if err != nil {
		return err
	}

	internal := 0
	for _, a := range p.Accounts {
		if a.Internal {
			internal++
		}
	}
	fmt.Fprintf(w, "Sample portfolio: %d accounts (%d external, %d internal), %d managers, at %s\n",
		len(p.Accounts), len(p.Accounts)-internal, internal, len(p.Managers), p.At.Format(time.DateOnly))
	fmt.Fprintf(w, "Configuration %q, fingerprint %s\n", policy.Name, tiers.Fingerprint())
	fmt.Fprintln(w, "Value is revenue over the last year for external accounts, cost for internal ones (NZD).")

	printTiers(w, tiers, values)
	plan := tiers.Plan("") // the current tiers came from an older, unrecorded configuration
	printPlan(w, plan, tiers.Policy().NumTiers())
	if err := printGaps(w, p, 5); err != nil {
		return err
	}

	retiered := tiers.Accounts()
	res, err := assign.Accounts(retiered, p.Managers, assignPolicy)
	if err != nil {
		return err
	}
	printLoads(w, p.Managers, models.Workload, res,
		loadView{"now", p.Accounts},
		loadView{"re-tiered", retiered},
	)
	printAssignment(w, res)
	return nil
}

// printTiers prints each tier's size, score range and value, the top
// accounts, and the explanation of the top one.
func printTiers(w io.Writer, t *tiering.Result, values map[account.ID]decimal.Decimal) {
	s := t.Scores()
	fmt.Fprintln(w, "\nTiers")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "tier\taccounts\tlowest score\thighest score\tvalue\t")
	for tier := account.Tier(1); int(tier) <= t.Policy().NumTiers(); tier++ {
		lo, hi := tiering.MaxPoints, tiering.Points(0)
		v := decimal.Zero
		for i := range t.Len() {
			if t.Tier(i) == tier {
				lo, hi = min(lo, s.Total(i)), max(hi, s.Total(i))
				v = v.Add(values[s.ID(i)])
			}
		}
		if t.Count(tier) == 0 {
			fmt.Fprintf(tw, "%d\t0\t-\t-\t0\t\n", tier)
			continue
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t\n", tier, t.Count(tier), lo, hi, money(v))
	}
	tw.Flush()

	order := make([]int, t.Len())
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if s.Total(a) != s.Total(b) {
			return int(s.Total(b) - s.Total(a))
		}
		return strings.Compare(string(s.ID(a)), string(s.ID(b)))
	})
	fmt.Fprintln(w, "\nTop 10 accounts")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "account\tname\tscorecard\tscore\ttier\tcause")
	for _, i := range order[:min(10, len(order))] {
		a, d := s.Account(i), t.Decision(i)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s -> %s\t%s\n", a.ID, a.Name, s.Scorecard(i), d.Score, d.Current, d.Tier, d.Reason)
	}
	tw.Flush()
	fmt.Fprintln(w)
	fmt.Fprint(w, s.Explain(order[0]))
}

// printPlan prints the transition matrix of the plan and its summary.
func printPlan(w io.Writer, plan *tiering.Plan, tiers int) {
	fmt.Fprintln(w, "\nRe-tiering plan: accounts (and value) from current tier to proposed tier")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "from \\ to\t")
	for to := 1; to <= tiers; to++ {
		fmt.Fprintf(tw, "tier %d\t", to)
	}
	fmt.Fprintln(tw)
	for from := 0; from <= tiers; from++ {
		fmt.Fprintf(tw, "%s\t", account.Tier(from))
		for to := 1; to <= tiers; to++ {
			c := plan.Transition(account.Tier(from), account.Tier(to))
			if c.Accounts == 0 {
				fmt.Fprint(tw, "-\t")
				continue
			}
			fmt.Fprintf(tw, "%d (%s)\t", c.Accounts, money(c.Value.Amount()))
		}
		fmt.Fprintln(tw)
	}
	tw.Flush()
	share := plan.ChangedShare().Mul(decimal.NewFromInt(100))
	fmt.Fprintf(w, "%d of %d accounts change tier (%s%%), value moved %s\n", plan.Changed, plan.Accounts, share.StringFixed(2), money(plan.MovedValue().Amount()))
	reasons := make([]tiering.MoveReason, len(plan.Moves))
	for i, m := range plan.Moves {
		reasons[i] = m.Reason
	}
	fmt.Fprintf(w, "Moves by reason: %s\n", tally(reasons, tiering.MoveScore, tiering.MoveNew))
}

// printGaps prints the n most overdue accounts at their current tiers.
func printGaps(w io.Writer, p sample.Portfolio, n int) error {
	// The interactions come from a store, whose list Gaps takes as it is.
	ctx := context.Background()
	store := memstore.New()
	if err := store.AddInteractions(ctx, p.Interactions...); err != nil {
		return err
	}
	gaps, err := models.Gaps(p.At, p.Accounts, store.Interactions(ctx, account.InteractionFilter{}))
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nService gaps at current tiers: %d accounts overdue for contact; the %d most overdue\n", len(gaps), min(n, len(gaps)))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "account\ttier\tlast meaningful contact\tdays overdue")
	for _, g := range gaps[:min(n, len(gaps))] {
		last := "never"
		if !g.Last.IsZero() {
			last = g.Last.Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\n", g.Account, g.Tier, last, g.Days)
	}
	return tw.Flush()
}

// A loadView is one way of owning and tiering the accounts whose loads
// printLoads reports: the accounts with their Owner and Tier fields as the
// view has them.
type loadView struct {
	name     string
	accounts []account.Account
}

// printLoads prints, for each manager, the capacity and, for each view,
// the load (the workload units of the accounts the manager owns in that
// view) and load-to-capacity ratio, then the load and ratio the assignment
// res gives. Accounts without an owner are totalled on a line of their
// own.
func printLoads(w io.Writer, managers []account.Manager, workload func(account.Account) int, res assign.Result, views ...loadView) {
	fmt.Fprintln(w, "\nManagers' loads in workload units (tier 1 = 8, tier 2 = 4, tier 3 = 2, tier 4 = 1):")
	fmt.Fprintln(w, "now, at the new tiers with the current owners, and as assigned")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprint(tw, "manager\tname\tactive\tcapacity\t")
	for _, v := range views {
		fmt.Fprintf(tw, "load %s\tratio\t", v.name)
	}
	fmt.Fprintln(tw, "assigned\tratio\t")
	assigned := map[account.ManagerID]assign.ManagerLoad{}
	for _, l := range res.Loads {
		assigned[l.Manager] = l
	}
	loads := make([]map[account.ManagerID]int, len(views))
	for k, v := range views {
		loads[k] = map[account.ManagerID]int{}
		for _, a := range v.accounts {
			loads[k][a.Owner] += workload(a)
		}
	}
	for _, m := range managers {
		fmt.Fprintf(tw, "%s\t%s\t%v\t%d\t", m.ID, m.Name, m.Active, m.Capacity)
		for k := range views {
			fmt.Fprintf(tw, "%d\t%s\t", loads[k][m.ID], ratio(loads[k][m.ID], m.Capacity))
		}
		l := assigned[m.ID]
		fmt.Fprintf(tw, "%d\t%s\t\n", l.Load, ratio(l.Load, l.Capacity))
	}
	unplaced := 0
	for _, u := range res.Unplaced {
		unplaced += u.Workload
	}
	fmt.Fprint(tw, "-\tunowned\t\t\t")
	for k := range views {
		fmt.Fprintf(tw, "%d\t\t", loads[k][""])
	}
	fmt.Fprintf(tw, "%d\t\t\n", unplaced)
	tw.Flush()
}

// printAssignment summarises the assignment: the balance it reached, the
// handovers by reason, and the accounts it could not place, by reason, with
// the explanation of the first of each.
func printAssignment(w io.Writer, res assign.Result) {
	fmt.Fprintf(w, "Assignment: largest load ratio %.2f; no assignment of every account can go below %.2f\n", res.MaxRatio, res.LowerBound)
	reasons := make([]assign.HandoverReason, len(res.Handovers))
	for i, h := range res.Handovers {
		reasons[i] = h.Reason
	}
	fmt.Fprintf(w, "Handovers: %d of %d accounts change owner", len(res.Handovers), len(res.Placements)+len(res.Unplaced))
	if len(reasons) > 0 {
		fmt.Fprintf(w, " (by reason: %s)", tally(reasons, assign.HandoverNew, assign.HandoverBalance))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "Unplaced: %d accounts\n", len(res.Unplaced))
	byUnplaced := map[assign.UnplacedReason][]assign.Unplaced{}
	for _, u := range res.Unplaced {
		byUnplaced[u.Reason] = append(byUnplaced[u.Reason], u)
	}
	for r := assign.UnplacedNoMatch; r <= assign.UnplacedHandoverLimit; r++ {
		if us := byUnplaced[r]; len(us) > 0 {
			fmt.Fprintf(w, "  %s: %d, such as %s: %s\n", r, len(us), us[0].Account, us[0].Detail)
		}
	}
}

// tally counts the reasons and lists those that occur in the order of their
// values from first to last, such as "policy change 69, new 6".
func tally[R interface {
	~uint8
	fmt.Stringer
}](reasons []R, first, last R) string {
	n := map[R]int{}
	for _, r := range reasons {
		n[r]++
	}
	var parts []string
	for r := first; r <= last; r++ {
		if n[r] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", r, n[r]))
		}
	}
	return strings.Join(parts, ", ")
}

func ratio(load, capacity int) string {
	if capacity == 0 {
		if load == 0 {
			return "-"
		}
		return "over"
	}
	return fmt.Sprintf("%.2f", math.Round(float64(load)/float64(capacity)*100)/100)
}

// money formats an amount in whole dollars with thousands separators.
func money(d decimal.Decimal) string {
	s := d.Round(0).String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}
