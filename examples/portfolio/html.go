package main

import (
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/chart"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
)

// charts is how many charts the HTML report draws: the Pareto curve, the
// tiers before and after, the load of each manager, SLA compliance by tier
// and NPS by tier.
const charts = 5

// slaGoal is the share of SLA targets, in percent, the compliance chart
// draws its line at: the house goal.
const slaGoal = 95

// maxRows is the most rows a table of the HTML report shows; the text
// report and the JSON have every row.
const maxRows = 20

// writeHTML writes the report as one self-contained HTML page: the text
// report's main figures, with the five charts drawn by package chart.
func writeHTML(w io.Writer, r *pack.Report) error {
	page, err := htmlReport(r)
	if err != nil {
		return err
	}
	return htmlpage.Write(w, page)
}

// htmlReport builds the page.
func htmlReport(r *pack.Report) (htmlpage.Page, error) {
	var b pageBuilder
	p := r.Portfolio
	rev, cost := r.Segments.Revenue, r.Segments.Cost

	b.section("Portfolio",
		fmt.Sprintf("%s accounts (%s external, %s internal) in %s groups with subsidiaries; %s managers, %s active.",
			count(p.Accounts), count(p.External), count(p.Internal), count(p.Groups), count(p.Managers), count(p.Active)),
		fmt.Sprintf("Revenue from external accounts over the %d months to %s: %s. Cost to serve internal accounts: %s.",
			r.Months, r.Through, money(p.Revenue), money(p.Cost)))

	b.section("Concentration", sentence(rev.Sentence)+".", sentence(cost.Sentence)+".",
		fmt.Sprintf("%s accounts hold 80%% of revenue; the Gini coefficient of revenue is %s.", count(rev.For80), rev.Gini))
	b.chart("Revenue by account, largest first: the Pareto curve, with the 80% line", chart.Pareto{
		Title:    "Pareto curve of revenue",
		Values:   floats(rev.Values),
		Top:      rev.Top,
		TopLabel: fmt.Sprintf("top %d of %d hold %s", rev.Top, len(rev.Values), percent(rev.TopShare)),
	})
	top := htmlpage.Table{Caption: "The top accounts by value", Header: []string{"account", "name", "value", "tier", "proposed"}}
	for _, a := range r.TopValues {
		top.Rows = append(top.Rows, []string{string(a.Account), a.Name, money(a.Value), tier(a.Tier), tier(a.Proposed)})
	}
	b.table(top)

	t := r.Tiering
	b.section("Re-tiering", fmt.Sprintf("%s of %s accounts (%s) would change tier, holding %s.",
		count(t.Changed), count(t.Accounts), percent(t.ChangedShare), money(t.MovedValue)))
	names, before, after := tierCounts(t.Before, t.After)
	b.chart("Accounts per tier: last year's tiers and the proposed ones", chart.Tiers{
		Title: "Accounts per tier", Tiers: names, Before: before, After: after,
		BeforeLabel: "last year", AfterLabel: "proposed",
	})
	matrix := htmlpage.Table{Caption: "Transitions, from last year's tier to the proposed one", Header: []string{"from", "to", "accounts", "value"}}
	for _, c := range t.Transitions {
		matrix.Rows = append(matrix.Rows, []string{tier(c.From), tier(c.To), count(c.Accounts), money(c.Value)})
	}
	b.table(matrix)

	a := r.Assign
	b.section("Manager assignment", fmt.Sprintf("%s handovers; the largest load is %s of capacity (no assignment can do better than %s).",
		count(len(a.Handovers)), percent(a.MaxUtilisation), percent(a.LowerBound)))
	loads := chart.Loads{Title: "Load against capacity", Unit: "workload units"}
	for _, m := range a.Managers {
		loads.Managers = append(loads.Managers, m.Name)
		loads.Load = append(loads.Load, float64(m.Load))
		loads.Capacity = append(loads.Capacity, float64(m.Capacity))
	}
	b.chart("Each manager's load at the proposed tiers, against capacity", loads)
	hand := htmlpage.Table{Caption: "Handovers", Header: []string{"account", "name", "from", "to", "reason"}}
	for _, h := range a.Handovers {
		hand.Rows = append(hand.Rows, []string{string(h.Account), h.Name, orDash(string(h.From)), string(h.To), h.Reason})
	}
	b.table(hand)

	b.section("Satisfaction by tier, " + r.Quarter.Name)
	nps := chart.Intervals{Title: "NPS by tier, " + r.Quarter.Name, YLabel: "NPS"}
	sat := htmlpage.Table{Header: []string{"tier", "NPS", "95% interval", "responses", "CSAT", "trend of NPS"}}
	for _, row := range r.Satisfaction {
		e := row.Current.NPS
		sat.Rows = append(sat.Rows, []string{tier(row.Tier), e.Value.String(), e.Low.String() + " to " + e.High.String(),
			count(e.Responses), percent(row.Current.CSAT.Value.Shift(-2)), row.NPS.Trend.String()})
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

	b.section("SLA compliance by tier, "+r.Quarter.Name, fmt.Sprintf("%s tickets open; %s breaches open; %s escalations due now.",
		count(r.Open), count(len(r.Breaches)), count(len(r.Escalations))))
	comp := chart.Compliance{Title: "SLA targets met, " + r.Quarter.Name, Target: slaGoal, Decimals: 1}
	for _, c := range r.SLAByTier {
		comp.Tiers = append(comp.Tiers, tier(c.Tier))
		comp.Percent = append(comp.Percent, c.Compliance.Shift(2).InexactFloat64())
	}
	b.chart(fmt.Sprintf("The share of SLA targets met in each tier; the dashed line is the %d%% goal", slaGoal), comp)
	br := htmlpage.Table{Caption: "Open breaches, most overdue first", Header: []string{"ticket", "account", "tier", "metric", "breached", "late"}}
	for _, x := range r.Breaches {
		br.Rows = append(br.Rows, []string{x.Ticket, string(x.Account), tier(x.Tier), x.Metric.String(),
			stamp(x.BreachedAt, r), x.Late.String()})
	}
	b.table(br)

	warn := htmlpage.Table{Header: []string{"by", "key", "raised", "accounts", "cleared"}}
	for _, w := range r.Warnings {
		cleared := "-"
		if !w.Cleared.IsZero() {
			cleared = stamp(w.Cleared, r)
		}
		warn.Rows = append(warn.Rows, []string{w.Dimension.String(), w.Key, stamp(w.Raised, r), count(len(w.Accounts)), cleared})
	}
	b.section("Early warning, " + r.Quarter.Name)
	b.table(warn)

	rv := htmlpage.Table{Caption: "The next reviews", Header: []string{"date", "account", "name", "review"}}
	for _, m := range r.Reviews.Meetings {
		rv.Rows = append(rv.Rows, []string{stamp(m.Start, r), string(m.Account), m.Name, "#" + strconv.Itoa(m.N)})
	}
	b.section("Reviews of the top accounts", fmt.Sprintf("%s reviews over the next 12 months (%s to %s); %s could not be placed.",
		count(len(r.Reviews.Meetings)), r.Reviews.Start, r.Reviews.End.AddDays(-1), count(len(r.Reviews.Conflicts))))
	b.table(rv)

	od := htmlpage.Table{Header: []string{"due", "account", "owner", "action"}}
	for _, x := range r.Overdue {
		od.Rows = append(od.Rows, []string{x.Due.String(), string(x.Account), string(x.Owner), x.Title})
	}
	b.section("Overdue action items", fmt.Sprintf("%s action items are past their due date.", count(len(r.Overdue))))
	b.table(od)

	bu := htmlpage.Table{Header: []string{"account", "kind", "budget", "actual", "forecast", "consumed", "flag"}}
	for _, s := range r.Budgets.Statuses {
		bu.Rows = append(bu.Rows, []string{string(s.Account), s.Kind.String(), money(s.Budget), money(s.Actual), money(s.Forecast),
			percent(s.Consumption), s.Flag.String()})
	}
	b.section("Budgets", fmt.Sprintf("%s over, %s on track, %s under, through %s.",
		count(r.Budgets.Over), count(r.Budgets.OnTrack), count(r.Budgets.Under), r.Through))
	b.table(bu)

	if b.err != nil {
		return htmlpage.Page{}, b.err
	}
	return htmlpage.Page{
		Title:    "Account-management pack",
		Subtitle: "As of " + r.At.Format("2 January 2006 15:04 MST") + "; figures through " + r.Through,
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
		t.Caption += fmt.Sprintf(" (the first %d of %s; the text report has them all)", maxRows, count(n))
	}
	s.Tables = append(s.Tables, t)
}

// tierCounts gives the tiers that have accounts before or after, in the
// order of before, and the counts of each.
func tierCounts(before, after []pack.TierCount) (names []string, b, a []float64) {
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

// stamp writes an instant in the report's zone, as the text report does:
// a store may give times back in UTC.
func stamp(t time.Time, r *pack.Report) string {
	return t.In(r.At.Location()).Format("2006-01-02 15:04 MST")
}

func floats(ds []decimal.Decimal) []float64 {
	f := make([]float64, len(ds))
	for i, d := range ds {
		f[i] = d.InexactFloat64()
	}
	return f
}

// tier names a tier as the text report does: "tier 1", or "unassigned".
func tier(t account.Tier) string {
	if t == account.Unassigned {
		return "unassigned"
	}
	return "tier " + strconv.Itoa(int(t))
}

// percent writes a share from 0 to 1 as a percentage with one decimal,
// rounded half away from zero: 0.93 is "93.0%".
func percent(d decimal.Decimal) string { return d.Shift(2).StringFixed(1) + "%" }

func money(m account.Money) string {
	if m.IsZero() && m.Currency() == "" {
		return "-"
	}
	return m.String()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
