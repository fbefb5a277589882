package pack

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/review"
)

// Headings are the section headings of [Report.WriteText], in order.
var Headings = []string{
	"Portfolio",
	"Top accounts by value",
	"Hierarchy roll-up",
	"Top accounts by score",
	"Re-tiering",
	"Manager assignment",
	"RFM segments and concentration",
	"Lifetime value",
	growthHeading,
	"Service gaps",
	"Stakeholder coverage",
	"Budgets",
	"Satisfaction by tier",
	"SLA compliance by tier",
	"Open SLA breaches",
	"Escalations due now",
	"Early warning",
	"Changes ahead for the top accounts",
	"Reviews of the top accounts",
	"Overdue action items",
	"Quarterly results",
}

// WriteText writes rep as a report for people: a title, then a heading
// per section (see [Headings]), each underlined, with aligned tables, in
// one style throughout: tiers as "tier 1" ("unassigned" for none), money
// with its currency and thousands separators ("NZD 1,234.56",
// [account.Money.String]), shares as percentages with one decimal place
// ("93.0%", rounded half away from zero), dates as 2006-01-02, instants
// as 2006-01-02 15:04 MST in the report's zone, durations as "1d 4h 05m"
// (rounded down to the minute). Long lists (groups, moves, gaps, breaches,
// escalations) show their first entries, as many as the report's Top,
// and say how many more there are; the JSON has them all. The errors
// are w's.
func (rep *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw, rep: rep}
	for _, section := range []func(*Report){
		t.portfolio, t.topAccounts, t.hierarchy, t.scores, t.tiering, t.assign, t.segments,
		t.lifetime, t.growth,
		t.gaps, t.coverage, t.budgets,
		t.satisfaction, t.sla, t.breaches, t.escalations, t.warnings, t.changes, t.reviews, t.overdue, t.results,
	} {
		section(rep)
	}
	if t.err != nil {
		return t.err
	}
	return bw.Flush()
}

// WriteResultsJSON writes the quarterly results only, as indented JSON:
// the fields of [review.QuarterlyResults] in their declared order, the
// accounts largest first, exact decimal strings for amounts and shares.
func (rep *Report) WriteResultsJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep.Results)
}

// WriteICS writes the top accounts' review schedule (Report.Reviews) as
// an iCalendar file, with [review.WriteICS]: stamped with the report's
// instant, with UIDs in Config.Reviews.Domain. A schedule with no
// meetings is review's error.
func (rep *Report) WriteICS(w io.Writer) error {
	return review.WriteICS(w, &rep.Reviews, review.ICSOptions{Stamp: rep.At, Domain: rep.Domain})
}

// WriteJSON writes rep as indented JSON, the fields in the order of the
// structs, money as {"amount":"1234.50","currency":"NZD"} and decimals as
// strings, so that no reader turns a figure into a float.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rep)
}

// textWriter writes a report, keeping the first error.
type textWriter struct {
	w   *bufio.Writer
	tw  *tabwriter.Writer
	err error
	rep *Report
}

func (t *textWriter) printf(format string, args ...any) {
	if t.err == nil {
		_, t.err = fmt.Fprintf(t.w, format, args...)
	}
}

// heading starts section n of Headings.
func (t *textWriter) heading(n int) {
	h := Headings[n]
	t.printf("\n%s\n%s\n", h, strings.Repeat("-", len(h)))
}

// table starts a table with the given header cells.
func (t *textWriter) table(cells ...string) {
	t.tw = tabwriter.NewWriter(t.w, 0, 0, 2, ' ', 0)
	t.row(cells...)
}

// row writes one row of the current table.
func (t *textWriter) row(cells ...string) {
	if t.err == nil {
		_, t.err = io.WriteString(t.tw, strings.Join(cells, "\t")+"\n")
	}
}

// end flushes the current table.
func (t *textWriter) end() {
	if err := t.tw.Flush(); t.err == nil {
		t.err = err
	}
}

// more says how many entries of a list of n were not shown, if any.
func (t *textWriter) more(shown, n int) {
	if n > shown {
		t.printf("... and %d more\n", n-shown)
	}
}

// pct formats a share as a percentage with one decimal place, rounded
// half away from zero: 0.93 is "93.0%".
func pct(d decimal.Decimal) string { return d.Shift(2).StringFixed(1) + "%" }

// tier formats a tier: "tier 1", "unassigned" for Unassigned.
func tier(t account.Tier) string {
	if t == account.Unassigned {
		return "unassigned"
	}
	return "tier " + strconv.Itoa(int(t))
}

// money formats an amount with its currency and thousands separators,
// "NZD 1,234.56" ([account.Money.String]); "-" for the zero Money, which
// has no currency: no value at all.
func money(m account.Money) string {
	if m.Currency() == "" {
		return "-"
	}
	return m.String()
}

// stamp formats an instant in the report's zone, "-" for the zero time.
func (t *textWriter) stamp(at time.Time) string { return t.rep.stamp(at) }

// stamp formats an instant in the report's zone (a store may give times
// back in UTC), "-" for the zero time.
func (rep *Report) stamp(at time.Time) string {
	if at.IsZero() {
		return "-"
	}
	return at.In(rep.At.Location()).Format("2006-01-02 15:04 MST")
}

// date formats the date of an instant in the report's zone.
func (t *textWriter) date(at time.Time) string {
	return at.In(t.rep.At.Location()).Format(time.DateOnly)
}

// duration formats d as days, hours and minutes, "1d 4h 05m", "4h 05m",
// "5m", rounded down to the minute; "-" for a negative d.
func duration(d time.Duration) string {
	if d < 0 {
		return "-"
	}
	m := int64(d / time.Minute)
	days, hours, mins := m/(24*60), m/60%24, m%60
	switch {
	case days > 0:
		return fmt.Sprintf("%dd %dh %02dm", days, hours, mins)
	case hours > 0:
		return fmt.Sprintf("%dh %02dm", hours, mins)
	}
	return fmt.Sprintf("%dm", mins)
}

func itoa(n int) string { return strconv.Itoa(n) }

// from names the manager an account is handed over from: "(none)" for an
// account that had no owner.
func from(m account.ManagerID) string {
	if m == "" {
		return "(none)"
	}
	return string(m)
}

// plural returns "1 handover", "2 handovers", "2 breaches".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	if strings.HasSuffix(noun, "ch") {
		return itoa(n) + " " + noun + "es"
	}
	return itoa(n) + " " + noun + "s"
}

func (t *textWriter) portfolio(rep *Report) {
	title := "Account-management pack, " + t.stamp(rep.At)
	t.printf("%s\n%s\n", title, strings.Repeat("=", len(title)))
	t.printf("Figures through %s; values are revenue or cost to serve over the %d months to then.\n", rep.Through, rep.Months)
	t.heading(0)
	p := rep.Portfolio
	t.printf("%d accounts (%d external, %d internal) in %d groups with subsidiaries; %d managers, %d active.\n",
		p.Accounts, p.External, p.Internal, p.Groups, p.Managers, p.Active)
	t.printf("Revenue from external accounts: %s. Cost to serve internal accounts: %s.\n", money(p.Revenue), money(p.Cost))
}

func (t *textWriter) topAccounts(rep *Report) {
	t.heading(1)
	if len(rep.TopAccounts) == 0 {
		t.printf("No account has revenue or cost in the value window.\n")
		return
	}
	t.printf("The %d accounts whose reviews are scheduled and whose changes are shown.\n", len(rep.TopAccounts))
	t.printf("\n")
	t.table("rank", "account", "name", "value", "tier", "proposed")
	for i, x := range rep.TopValues {
		t.row(itoa(i+1), string(x.Account), x.Name, money(x.Value), tier(x.Tier), tier(x.Proposed))
	}
	t.end()
}

// joinIDs returns the IDs joined by ", ".
func joinIDs(ids []account.ID) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = string(id)
	}
	return strings.Join(parts, ", ")
}

// top is how many entries of n a list shows.
func (t *textWriter) top(n int) int { return min(n, max(t.rep.Top, 1)) }

func (t *textWriter) hierarchy(rep *Report) {
	t.heading(2)
	gs := rep.Hierarchy
	if len(gs) == 0 {
		t.printf("No account has subsidiaries.\n")
		return
	}
	n := t.top(len(gs))
	t.table("group", "name", "audience", "accounts", "own", "revenue", "cost")
	for _, g := range gs[:n] {
		aud := "external"
		if g.Internal {
			aud = "internal"
		}
		t.row(string(g.Account), g.Name, aud, itoa(g.Accounts), money(g.Own), money(g.Revenue), money(g.Cost))
	}
	t.end()
	t.more(n, len(gs))
}

func (t *textWriter) scores(rep *Report) {
	t.heading(3)
	if len(rep.Scores) == 0 {
		t.printf("No account was scored.\n")
		return
	}
	t.table("rank", "account", "name", "scorecard", "score", "tier", "coverage", "points by measure")
	for _, s := range rep.Scores {
		parts := make([]string, len(s.Lines))
		for i, l := range s.Lines {
			parts[i] = l.Measure + " " + l.Points.StringFixed(2)
			if l.Handling != "present" {
				parts[i] += " (" + l.Handling + ")"
			}
		}
		t.row(itoa(s.Rank), string(s.Account), s.Name, s.Scorecard, s.Score.StringFixed(2), tier(s.Tier), pct(s.Coverage), strings.Join(parts, ", "))
	}
	t.end()
}

func (t *textWriter) tiering(rep *Report) {
	t.heading(4)
	s := rep.Tiering
	t.printf("Policy %q: %d of %d accounts would change tier (%s), worth %s.\n",
		s.Policy, s.Changed, s.Accounts, pct(s.ChangedShare), money(s.MovedValue))
	t.printf("\n")
	t.table("tier", "before", "after")
	for i := range s.Before {
		t.row(tier(s.Before[i].Tier), itoa(s.Before[i].Accounts), itoa(s.After[i].Accounts))
	}
	t.end()

	t.printf("\nTransition matrix (accounts, from the row's tier to the column's):\n")
	hdr := []string{"from \\ to"}
	for _, c := range s.After[1:] {
		hdr = append(hdr, tier(c.Tier))
	}
	t.table(hdr...)
	for _, from := range s.Before {
		cells := []string{tier(from.Tier)}
		any := false
		for _, to := range s.After[1:] {
			n := 0
			for _, x := range s.Transitions {
				if x.From == from.Tier && x.To == to.Tier {
					n = x.Accounts
				}
			}
			any = any || n > 0
			cells = append(cells, itoa(n))
		}
		if any {
			t.row(cells...)
		}
	}
	t.end()

	if len(s.Held) > 0 {
		parts := make([]string, len(s.Held))
		for i, h := range s.Held {
			parts[i] = fmt.Sprintf("%d by %s", h.Accounts, h.Reason)
		}
		t.printf("\nKept from the policy's tier: %s.\n", strings.Join(parts, ", "))
	}
	if len(s.Moves) == 0 {
		return
	}
	moves := slices.Clone(s.Moves)
	slices.SortStableFunc(moves, func(a, b Move) int {
		if c := moneyCmp(b.Value, a.Value); c != 0 {
			return c
		}
		return cmp.Compare(a.Account, b.Account)
	})
	n := t.top(len(moves))
	t.printf("\nLargest moves by value:\n")
	t.table("account", "name", "from", "to", "reason", "score", "value")
	for _, m := range moves[:n] {
		t.row(string(m.Account), m.Name, tier(m.From), tier(m.To), m.Reason, m.Score.StringFixed(2), money(m.Value))
	}
	t.end()
	t.more(n, len(moves))
}

func (t *textWriter) assign(rep *Report) {
	t.heading(5)
	s := rep.Assign
	t.printf("%d accounts placed, %d unplaced; largest load %s of capacity (no assignment can go below %s).\n\n",
		s.Placed, len(s.Unplaced), pct(s.MaxUtilisation), pct(s.LowerBound))
	t.table("manager", "name", "active", "accounts", "tier 1", "load", "capacity", "utilisation")
	for _, m := range s.Managers {
		t.row(string(m.Manager), m.Name, strconv.FormatBool(m.Active), itoa(m.Accounts), itoa(m.Tier1), itoa(m.Load), itoa(m.Capacity), pct(m.Utilisation))
	}
	t.end()
	if len(s.Handovers) == 0 {
		t.printf("\nNo handovers.\n")
	} else {
		parts := make([]string, len(s.ByReason))
		for i, c := range s.ByReason {
			parts[i] = fmt.Sprintf("%d %s", c.Accounts, c.Reason)
		}
		t.printf("\n%s (%s):\n", plural(len(s.Handovers), "handover"), strings.Join(parts, ", "))
		t.table("account", "name", "from", "to", "reason")
		for _, h := range s.Handovers {
			t.row(string(h.Account), h.Name, from(h.From), string(h.To), h.Reason)
		}
		t.end()
	}
	if len(s.Unplaced) > 0 {
		t.printf("\nUnplaced:\n")
		t.table("account", "reason", "detail")
		for _, u := range s.Unplaced {
			t.row(string(u.Account), u.Reason, u.Detail)
		}
		t.end()
	}
}

func (t *textWriter) segments(rep *Report) {
	t.heading(6)
	for i, s := range []Segmentation{rep.Segments.Revenue, rep.Segments.Cost} {
		if i > 0 {
			t.printf("\n")
		}
		if i == 0 {
			t.printf("Revenue: %d of %d accounts had revenue in the window, %s in all.\n", s.Active, s.Accounts, money(s.Total))
		} else {
			t.printf("Cost to serve: %d of %d internal accounts had costs in the window, %s in all.\n", s.Active, s.Accounts, money(s.Total))
		}
		if s.Active == 0 {
			continue
		}
		t.printf("Pareto: %s (%s); %d accounts hold 80%%; Gini %s.\n", s.Sentence, money(s.TopValue), s.For80, s.Gini.StringFixed(4))
		t.table("segment", "accounts", "value", "share")
		for _, c := range s.Segments {
			name := c.Segment
			if name == "" {
				name = "(no segment)"
			}
			t.row(name, itoa(c.Accounts), money(c.Value), pct(c.Share))
		}
		t.end()
	}
}

func (t *textWriter) gaps(rep *Report) {
	t.heading(9)
	s := rep.Gaps
	t.table("tier", "accounts", "overdue for contact")
	for _, c := range s.ByTier {
		t.row(tier(c.Tier), itoa(c.Accounts), itoa(c.Gaps))
	}
	t.end()
	if len(s.Accounts) == 0 {
		return
	}
	n := t.top(len(s.Accounts))
	t.printf("\nMost overdue:\n")
	t.table("account", "name", "tier", "last contact", "days overdue")
	for _, g := range s.Accounts[:n] {
		last := g.Last
		if last == "" {
			last = "never"
		}
		t.row(string(g.Account), g.Name, tier(g.Tier), last, itoa(g.Days))
	}
	t.end()
	t.more(n, len(s.Accounts))
}

func (t *textWriter) coverage(rep *Report) {
	t.heading(10)
	s := rep.Coverage
	t.table("tier", "accounts", "mean score", "no decision maker", "no sponsor", "single-threaded", "stale contacts")
	for _, c := range s.ByTier {
		t.row(tier(c.Tier), itoa(c.Accounts), c.MeanScore.StringFixed(2), itoa(c.NoDecisionMaker), itoa(c.NoSponsor), itoa(c.SingleThreaded), itoa(c.Stale))
	}
	t.end()
	if len(s.Weakest) == 0 {
		return
	}
	t.printf("\nWeakest tier-1 relationships:\n")
	t.table("account", "name", "score", "contacts", "threads", "stale")
	for _, c := range s.Weakest {
		t.row(string(c.Account), c.Name, c.Score.StringFixed(2), itoa(c.Contacts), itoa(c.Threads), itoa(c.Stale))
	}
	t.end()
}

func (t *textWriter) budgets(rep *Report) {
	t.heading(11)
	s := rep.Budgets
	if len(s.Statuses) == 0 {
		t.printf("No budgets.\n")
		return
	}
	t.printf("%d over, %d on track, %d under.\n\n", s.Over, s.OnTrack, s.Under)
	t.table("account", "kind", "year", "budget", "to date", "actual", "used", "forecast", "variance", "flag")
	for _, b := range s.Statuses {
		t.row(string(b.Account), b.Kind.String(), b.From.String()+" to "+b.End.String(), money(b.Budget), money(b.BudgetToDate),
			money(b.Actual), pct(b.Consumption), money(b.Forecast), money(b.Variance), b.Flag.String())
	}
	t.end()
}

// estimate formats an estimate as its value and interval, "-" without
// responses.
func estimate(e engagement.Estimate) string {
	if e.Responses == 0 {
		return "-"
	}
	return fmt.Sprintf("%s [%s, %s]", e.Value.StringFixed(1), e.Low.StringFixed(1), e.High.StringFixed(1))
}

// shift formats a change between quarters and its interval.
func shift(s engagement.Shift) string {
	if s.Trend == engagement.TrendUnknown {
		return "-"
	}
	return fmt.Sprintf("%s [%s, %s]", s.Delta.StringFixed(1), s.Low.StringFixed(1), s.High.StringFixed(1))
}

// period formats a quarter as "Q3 2026 (2026-07-01 to 2026-09-30)".
func (t *textWriter) period(p Period) string {
	return p.Name + " (" + t.date(p.From) + " to " + t.date(p.To.Add(-time.Nanosecond)) + ")"
}

func (t *textWriter) satisfaction(rep *Report) {
	t.heading(12)
	t.printf("%s against %s; figures with their 95%% intervals, n responses.\n", t.period(rep.Quarter), rep.Previous.Name)
	if len(rep.Satisfaction) == 0 {
		t.printf("No responses.\n")
		return
	}
	t.printf("\n")
	t.table("tier", "figure", rep.Previous.Name, "n", rep.Quarter.Name, "n", "change", "trend")
	for _, x := range rep.Satisfaction {
		for _, f := range []struct {
			name      string
			prev, cur engagement.Estimate
			shift     engagement.Shift
		}{
			{"NPS", x.Previous.NPS, x.Current.NPS, x.NPS},
			{"CSAT %", x.Previous.CSAT, x.Current.CSAT, x.CSAT},
			{"effort", x.Previous.Effort, x.Current.Effort, x.Effort},
		} {
			t.row(tier(x.Tier), f.name, estimate(f.prev), itoa(f.prev.Responses), estimate(f.cur), itoa(f.cur.Responses),
				shift(f.shift), f.shift.Trend.String())
		}
	}
	t.end()
}

func (t *textWriter) sla(rep *Report) {
	t.heading(13)
	t.printf("%s; every ticket with an outcome in the quarter, evaluated at %s. A ticket counts one cycle per\n", t.period(rep.Quarter), t.stamp(rep.At))
	t.printf("metric, and one more each time it is reopened.\n")
	if len(rep.SLA) == 0 {
		t.printf("No SLA outcome in the quarter.\n")
		return
	}
	t.printf("\n")
	t.table("tier", "metric", "tickets", "cycles", "met", "breached", "compliance", "median", "p90")
	for _, x := range rep.SLA {
		t.row(tier(x.Tier), x.Metric.String(), itoa(x.Tickets), itoa(x.Met+x.Breached), itoa(x.Met), itoa(x.Breached),
			pct(x.Compliance), duration(x.Median), duration(x.P90))
	}
	t.end()
	t.printf("\n")
	t.table("tier", "cycles", "met", "breached", "compliance")
	for _, x := range rep.SLAByTier {
		t.row(tier(x.Tier), itoa(x.Met+x.Breached), itoa(x.Met), itoa(x.Breached), pct(x.Compliance))
	}
	t.end()
}

func (t *textWriter) breaches(rep *Report) {
	t.heading(14)
	t.printf("At %s: %s open, %s not yet fulfilled.\n", t.stamp(rep.At), plural(rep.Open, "ticket"), plural(len(rep.Breaches), "breach"))
	if len(rep.Breaches) == 0 {
		return
	}
	n := t.top(len(rep.Breaches))
	t.printf("\n")
	t.table("ticket", "account", "tier", "priority", "metric", "breached", "late")
	for _, b := range rep.Breaches[:n] {
		t.row(b.Ticket, string(b.Account), tier(b.Tier), b.Priority.String(), b.Metric.String(), t.stamp(b.BreachedAt), duration(b.Late))
	}
	t.end()
	t.more(n, len(rep.Breaches))
}

func (t *textWriter) escalations(rep *Report) {
	t.heading(15)
	var ns []escalation.Notification
	for _, d := range rep.Escalations {
		ns = append(append(ns, d.Notify...), d.Held...)
	}
	if len(rep.Unowned) > 0 {
		t.printf("Not decided, the account has no owner: %s.\n", strings.Join(rep.Unowned, ", "))
	}
	if len(ns) == 0 {
		t.printf("Nothing to escalate.\n")
		return
	}
	t.printf("At %s: %s for %s.\n\n", t.stamp(rep.At), plural(len(ns), "notification"), plural(len(rep.Escalations), "ticket"))
	n := t.top(len(ns))
	t.table("ticket", "account", "level", "kind", "to", "due", "send", "why")
	for _, x := range ns[:n] {
		to := make([]string, len(x.Recipients))
		for i, p := range x.Recipients {
			to[i] = string(p)
		}
		send := "now"
		if x.At.After(rep.At) {
			send = t.stamp(x.At)
		}
		t.row(x.Issue, string(x.Account), itoa(x.Level)+" "+x.LevelName, x.Kind.String(), strings.Join(to, ", "), t.stamp(x.Due), send, x.Reason)
	}
	t.end()
	t.more(n, len(ns))
}

func (t *textWriter) warnings(rep *Report) {
	t.heading(16)
	t.printf("Tickets opened in %s, as the warnings stood at its end.\n", t.period(rep.Quarter))
	if len(rep.Warnings) == 0 {
		t.printf("No warning.\n")
		return
	}
	t.printf("\n")
	t.table("warning", "by", "key", "raised", "accounts", "impact", "first issue", "cleared")
	for _, x := range rep.Warnings {
		t.row(strconv.FormatInt(x.N, 10), x.Dimension.String(), x.Key, t.stamp(x.Raised), itoa(len(x.Accounts)), x.Impact.String(),
			x.First.Issue, t.stamp(x.Cleared))
	}
	t.end()
	for _, x := range rep.Warnings {
		t.printf("Warning %d, accounts: %s\n", x.N, joinIDs(x.Accounts))
	}
}

func (t *textWriter) changes(rep *Report) {
	t.heading(17)
	t.printf("Changes going live from %s to %s.\n", t.date(rep.ChangeWindow.From), t.date(rep.ChangeWindow.To.Add(-time.Nanosecond)))
	if len(rep.Changes) == 0 {
		t.printf("No top accounts.\n")
		return
	}
	t.printf("\n")
	t.table("account", "changes", "weight", "highest", "busiest week", "brief")
	for _, v := range rep.Changes {
		busiest := "-"
		if v.Busiest != "" {
			busiest = v.Busiest + " (" + itoa(v.BusiestChanges) + ")"
		}
		t.row(string(v.Account), itoa(len(v.Changes)), itoa(v.Weight), cmp.Or(v.Highest, "-"), busiest, strings.Join(v.Brief, ", "))
	}
	t.end()
	if len(rep.Briefings) == 0 {
		return
	}
	t.printf("\nBriefings:\n")
	t.table("account", "change", "severity", "go-live", "due", "status")
	for _, b := range rep.Briefings {
		t.row(string(b.Account), string(b.Change), b.Severity.String(), t.stamp(b.GoLive), t.stamp(b.Due), b.Status.String())
	}
	t.end()
}

func (t *textWriter) reviews(rep *Report) {
	t.heading(18)
	s := &rep.Reviews
	t.printf("From %s to %s: %s, %s.\n", s.Start, s.End.AddDays(-1), plural(len(s.Meetings), "meeting"), plural(len(s.Conflicts), "conflict"))
	if len(s.Meetings) > 0 {
		t.printf("\n")
		t.table("meeting", "due", "start", "end", "chair")
		for _, m := range s.Meetings {
			chair := ""
			for _, a := range m.Attendees {
				if a.Role == review.RoleManager {
					chair = a.Name
				}
			}
			t.row(m.ID, m.Due.String(), t.stamp(m.Start), t.stamp(m.End), chair)
		}
		t.end()
	}
	if len(s.Conflicts) > 0 {
		t.printf("\nConflicts:\n")
		t.table("account", "review", "due", "searched", "reason")
		for _, c := range s.Conflicts {
			t.row(string(c.Account), itoa(c.N), c.Due.String(), c.From.String()+" to "+c.To.String(), c.Reason.String())
		}
		t.end()
	}
	if len(rep.Unscheduled) > 0 {
		t.printf("\nNot scheduled:\n")
		t.table("account", "name", "tier", "reason")
		for _, u := range rep.Unscheduled {
			t.row(string(u.Account), u.Name, tier(u.Tier), u.Reason)
		}
		t.end()
	}
}

func (t *textWriter) overdue(rep *Report) {
	t.heading(19)
	today := t.date(rep.At)
	if len(rep.Overdue) == 0 {
		t.printf("None on %s.\n", today)
		return
	}
	t.printf("On %s: %s.\n\n", today, plural(len(rep.Overdue), "item"))
	at := rep.Reviews.Start
	t.table("item", "account", "owner", "due", "days late", "title")
	for _, a := range rep.Overdue {
		t.row(string(a.ID), string(a.Account), string(a.Owner), a.Due.String(), itoa(at.DaysSince(a.Due)), a.Title)
	}
	t.end()
}

func (t *textWriter) results(rep *Report) {
	t.heading(20)
	q := rep.Results
	t.printf("%s, fiscal %d Q%d: %s %s over %d accounts; the top %d hold %s of it.\n", t.period(rep.Quarter), q.Year, q.Quarter,
		q.Kind, money(q.Portfolio), q.PortfolioAccounts, len(q.Accounts), pct(q.TopShare))
	if len(q.Accounts) == 0 {
		return
	}
	t.printf("\n")
	t.table("rank", "account", "amount", "share", "tier", "SLA", "reviews", "actions", "budget", "objectives")
	for _, a := range q.Accounts {
		tr := tier(a.Tier)
		if a.TierChanged {
			tr = tier(a.PreviousTier) + " -> " + tier(a.Tier)
		}
		comp := "-"
		if a.SLACompliance.Valid {
			comp = pct(a.SLACompliance.Decimal)
		}
		budget := "-"
		if a.Budget != nil {
			budget = a.Budget.Flag.String() + " " + pct(a.Budget.Consumption)
		}
		t.row(itoa(a.Rank), string(a.Account), money(a.Amount), pct(a.Share), tr, comp,
			fmt.Sprintf("%d/%d", a.ReviewsHeld, a.ReviewsPlanned), fmt.Sprintf("%d/%d", a.ActionsCompleted, a.ActionsDue),
			budget, fmt.Sprintf("%d/%d", a.ObjectivesMet, a.Objectives))
	}
	t.end()
}
