package pack

import (
	"fmt"
	"io"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// Charts is how many charts [Report.WriteHTML] draws: the Pareto curve of
// revenue, the tiers before and after, the load of each manager, SLA
// compliance by tier and NPS by tier.
const Charts = 5

// slaGoal is the share of SLA targets, in percent, the compliance chart
// draws its line at: the house goal.
const slaGoal = 95

// maxRows is the most rows a table of the HTML report shows; the text
// report and the JSON have every row.
const maxRows = 20

// WriteHTML writes the report as one self-contained HTML page
// (package htmlpage): the main figures of each part, in tables of at most
// 20 rows (the text has them all), and the [Charts] charts drawn by
// package chart with gonum's plot. Times are in the report's zone, and
// figures are formatted as [Report.WriteText] formats them. Errors of w
// are returned.
func (rep *Report) WriteHTML(w io.Writer) error {
	page, err := rep.htmlPage()
	if err != nil {
		return err
	}
	return htmlpage.Write(w, page)
}

// htmlPage builds the page.
func (rep *Report) htmlPage() (htmlpage.Page, error) {
	var b pageBuilder
	p := rep.Portfolio
	rev, cost := rep.Segments.Revenue, rep.Segments.Cost

	b.section("Portfolio",
		fmt.Sprintf("%s accounts (%s external, %s internal) in %s groups with subsidiaries; %s managers, %s active.",
			itoa(p.Accounts), itoa(p.External), itoa(p.Internal), itoa(p.Groups), itoa(p.Managers), itoa(p.Active)),
		fmt.Sprintf("Revenue from external accounts over the %d months to %s: %s. Cost to serve internal accounts: %s.",
			rep.Months, rep.Through, money(p.Revenue), money(p.Cost)))

	b.section("Concentration", sentence(rev.Sentence)+".", sentence(cost.Sentence)+".",
		fmt.Sprintf("%s accounts hold 80%% of revenue; the Gini coefficient of revenue is %s.", itoa(rev.For80), rev.Gini))
	b.chart("Revenue by account, largest first: the Pareto curve, with the 80% line", chart.Pareto{
		Title:    "Pareto curve of revenue",
		Values:   floats(rev.Values),
		Top:      rev.Top,
		TopLabel: fmt.Sprintf("top %d of %d hold %s", rev.Top, len(rev.Values), pct(rev.TopShare)),
	})
	top := htmlpage.Table{Caption: "The top accounts by value", Header: []string{"account", "name", "value", "tier", "proposed"}}
	for _, a := range rep.TopValues {
		top.Rows = append(top.Rows, []string{string(a.Account), a.Name, money(a.Value), tier(a.Tier), tier(a.Proposed)})
	}
	b.table(top)
	rep.lifetimeHTML(&b)

	rep.growthHTML(&b)

	t := rep.Tiering
	b.section("Re-tiering", fmt.Sprintf("%s of %s accounts (%s) would change tier, holding %s.",
		itoa(t.Changed), itoa(t.Accounts), pct(t.ChangedShare), money(t.MovedValue)))
	names, before, after := tierCounts(t.Before, t.After)
	b.chart("Accounts per tier: last year's tiers and the proposed ones", chart.Tiers{
		Title: "Accounts per tier", Tiers: names, Before: before, After: after,
		BeforeLabel: "last year", AfterLabel: "proposed",
	})
	matrix := htmlpage.Table{Caption: "Transitions, from last year's tier to the proposed one", Header: []string{"from", "to", "accounts", "value"}}
	for _, c := range t.Transitions {
		matrix.Rows = append(matrix.Rows, []string{tier(c.From), tier(c.To), itoa(c.Accounts), money(c.Value)})
	}
	b.table(matrix)

	a := rep.Assign
	b.section("Manager assignment", fmt.Sprintf("%s handovers; the largest load is %s of capacity (no assignment can do better than %s).",
		itoa(len(a.Handovers)), pct(a.MaxUtilisation), pct(a.LowerBound)))
	loads := chart.Loads{Title: "Load against capacity", Unit: "workload units"}
	for _, m := range a.Managers {
		loads.Managers = append(loads.Managers, m.Name)
		loads.Load = append(loads.Load, float64(m.Load))
		loads.Capacity = append(loads.Capacity, float64(m.Capacity))
	}
	b.chart("Each manager's load at the proposed tiers, against capacity", loads)
	hand := htmlpage.Table{Caption: "Handovers", Header: []string{"account", "name", "from", "to", "reason"}}
	for _, h := range a.Handovers {
		hand.Rows = append(hand.Rows, []string{string(h.Account), h.Name, from(h.From), string(h.To), h.Reason})
	}
	b.table(hand)

	b.section("Satisfaction by tier, " + rep.Quarter.Name)
	nps := chart.Intervals{Title: "NPS by tier, " + rep.Quarter.Name, YLabel: "NPS", Decimals: 2}
	sat := htmlpage.Table{Header: []string{"tier", "NPS", "95% interval", "responses", "CSAT", "trend of NPS"}}
	for _, row := range rep.Satisfaction {
		e := row.Current.NPS
		sat.Rows = append(sat.Rows, []string{tier(row.Tier), e.Value.StringFixed(2), e.Low.StringFixed(2) + " to " + e.High.StringFixed(2),
			itoa(e.Responses), pct(row.Current.CSAT.Value.Shift(-2)), row.NPS.Trend.String()})
		if e.Responses == 0 {
			continue
		}
		nps.Labels = append(nps.Labels, tier(row.Tier))
		nps.Values = append(nps.Values, e.Value.InexactFloat64())
		nps.Low = append(nps.Low, e.Low.InexactFloat64())
		nps.High = append(nps.High, e.High.InexactFloat64())
	}
	b.chart("NPS of each tier with its 95% interval", nps)
	b.table(sat)

	b.section("SLA compliance by tier, "+rep.Quarter.Name, fmt.Sprintf("%s tickets open; %s breaches open; %s escalations due now.",
		itoa(rep.Open), itoa(len(rep.Breaches)), itoa(len(rep.Escalations))))
	comp := chart.Compliance{Title: "SLA targets met, " + rep.Quarter.Name, Target: slaGoal, Decimals: 1}
	for _, c := range rep.SLAByTier {
		comp.Tiers = append(comp.Tiers, tier(c.Tier))
		comp.Percent = append(comp.Percent, c.Compliance.Shift(2).InexactFloat64())
	}
	b.chart(fmt.Sprintf("The share of SLA targets met in each tier; the dashed line is the %d%% goal", slaGoal), comp)
	br := htmlpage.Table{Caption: "Open breaches, most overdue first", Header: []string{"ticket", "account", "tier", "metric", "breached", "late"}}
	for _, x := range rep.Breaches {
		br.Rows = append(br.Rows, []string{x.Ticket, string(x.Account), tier(x.Tier), x.Metric.String(),
			rep.stamp(x.BreachedAt), duration(x.Late)})
	}
	b.table(br)

	warn := htmlpage.Table{Header: []string{"by", "key", "raised", "accounts", "cleared"}}
	for _, w := range rep.Warnings {
		warn.Rows = append(warn.Rows, []string{w.Dimension.String(), w.Key, rep.stamp(w.Raised), itoa(len(w.Accounts)), rep.stamp(w.Cleared)})
	}
	b.section("Early warning, " + rep.Quarter.Name)
	b.table(warn)

	rv := htmlpage.Table{Caption: "The next reviews", Header: []string{"date", "account", "name", "review"}}
	for _, m := range rep.Reviews.Meetings {
		rv.Rows = append(rv.Rows, []string{rep.stamp(m.Start), string(m.Account), m.Name, "#" + strconv.Itoa(m.N)})
	}
	b.section("Reviews of the top accounts", fmt.Sprintf("%s reviews over the next 12 months (%s to %s); %s could not be placed.",
		itoa(len(rep.Reviews.Meetings)), rep.Reviews.Start, rep.Reviews.End.AddDays(-1), itoa(len(rep.Reviews.Conflicts))))
	b.table(rv)

	od := htmlpage.Table{Header: []string{"due", "account", "owner", "action"}}
	for _, x := range rep.Overdue {
		od.Rows = append(od.Rows, []string{x.Due.String(), string(x.Account), string(x.Owner), x.Title})
	}
	b.section("Overdue action items", fmt.Sprintf("%s action items are past their due date.", itoa(len(rep.Overdue))))
	b.table(od)

	bu := htmlpage.Table{Header: []string{"account", "kind", "budget", "actual", "forecast", "consumed", "flag"}}
	for _, s := range rep.Budgets.Statuses {
		bu.Rows = append(bu.Rows, []string{string(s.Account), s.Kind.String(), money(s.Budget), money(s.Actual), money(s.Forecast),
			pct(s.Consumption), s.Flag.String()})
	}
	b.section("Budgets", fmt.Sprintf("%s over, %s on track, %s under, through %s.",
		itoa(rep.Budgets.Over), itoa(rep.Budgets.OnTrack), itoa(rep.Budgets.Under), rep.Through))
	b.table(bu)

	if b.err != nil {
		return htmlpage.Page{}, b.err
	}
	return htmlpage.Page{
		Title:    "Account-management pack",
		Subtitle: "As of " + rep.At.Format("2 January 2006 15:04 MST") + "; figures through " + rep.Through,
		Sections: b.sections,
	}, nil
}

// A pageBuilder adds sections, charts and tables to a page, keeping the
// first error of a chart.
type pageBuilder struct {
	sections []htmlpage.Section
	err      error
}

func (b *pageBuilder) section(heading string, paragraphs ...string) {
	b.sections = append(b.sections, htmlpage.Section{Heading: heading, Paragraphs: paragraphs})
}

func (b *pageBuilder) chart(caption string, c chart.Chart) {
	svg, err := c.SVG()
	if err != nil {
		if b.err == nil {
			b.err = err
		}
		return
	}
	s := &b.sections[len(b.sections)-1]
	s.Charts = append(s.Charts, htmlpage.Chart{Caption: caption, SVG: svg})
}

// table adds t to the last section, cut to maxRows rows with a note of the
// rest, or a line saying there is none.
func (b *pageBuilder) table(t htmlpage.Table) {
	s := &b.sections[len(b.sections)-1]
	if len(t.Rows) == 0 {
		s.Paragraphs = append(s.Paragraphs, "None.")
		return
	}
	if n := len(t.Rows); n > maxRows {
		t.Rows = t.Rows[:maxRows]
		t.Caption += fmt.Sprintf(" (the first %d of %s; the text report has them all)", maxRows, itoa(n))
	}
	s.Tables = append(s.Tables, t)
}

// tierCounts gives the tiers that have accounts before or after, in the
// order of before, and the counts of each.
func tierCounts(before, after []TierCount) (names []string, b, a []float64) {
	idx := map[account.Tier]int{}
	add := func(t account.Tier) int {
		i, ok := idx[t]
		if !ok {
			i = len(names)
			idx[t] = i
			names = append(names, tier(t))
			b, a = append(b, 0), append(a, 0)
		}
		return i
	}
	for _, c := range before {
		b[add(c.Tier)] = float64(c.Accounts)
	}
	for _, c := range after {
		a[add(c.Tier)] = float64(c.Accounts)
	}
	return names, b, a
}

func floats(ds []decimal.Decimal) []float64 {
	f := make([]float64, len(ds))
	for i, d := range ds {
		f[i] = d.InexactFloat64()
	}
	return f
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
