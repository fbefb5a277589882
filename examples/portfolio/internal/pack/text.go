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

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// Headings are the section headings of [Report.WriteText], in order.
var Headings = []string{
	"Portfolio",
	"Hierarchy roll-up",
	"Top accounts by score",
	"Re-tiering",
	"Manager assignment",
	"RFM segments and concentration",
	"Service gaps",
	"Stakeholder coverage",
	"Budgets",
}

// WriteText writes rep as a report for people: a title, then a heading
// per section (see [Headings]), each underlined, with aligned tables.
// Every figure is printed exactly from its decimal: money with its
// currency and thousands separators ([account.Money.String]), shares as
// percentages with one decimal place. Long lists (groups, moves, gaps)
// show their first entries, as many as the report's Top, and say how many
// more there are; the JSON has them all.
func (rep *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	t := &textWriter{w: bw}
	t.portfolio(rep)
	t.hierarchy(rep)
	t.scores(rep)
	t.tiering(rep)
	t.assign(rep)
	t.segments(rep)
	t.gaps(rep)
	t.coverage(rep)
	t.budgets(rep)
	if t.err != nil {
		return t.err
	}
	return bw.Flush()
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

// pct formats a share as a percentage with one decimal place: 0.93 is
// "93.0%".
func pct(d decimal.Decimal) string { return d.Shift(2).StringFixed(1) + "%" }

// tier formats a tier, "new" for Unassigned.
func tier(t account.Tier) string {
	if t == account.Unassigned {
		return "new"
	}
	return strconv.Itoa(int(t))
}

func itoa(n int) string { return strconv.Itoa(n) }

// plural returns "1 handover", "2 handovers".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return itoa(n) + " " + noun + "s"
}

func (t *textWriter) portfolio(rep *Report) {
	t.rep = rep
	title := "Account-management pack, " + rep.At.Format("2 January 2006 15:04 MST")
	t.printf("%s\n%s\n", title, strings.Repeat("=", len(title)))
	t.printf("Figures through %s; values are revenue or cost to serve over the %d months to then.\n", rep.Through, rep.Months)
	t.heading(0)
	p := rep.Portfolio
	t.printf("%d accounts (%d external, %d internal) in %d groups with subsidiaries; %d managers, %d active.\n",
		p.Accounts, p.External, p.Internal, p.Groups, p.Managers, p.Active)
	t.printf("Revenue from external accounts: %s. Cost to serve internal accounts: %s.\n", p.Revenue, p.Cost)
}

// top is how many entries of n a list shows.
func (t *textWriter) top(n int) int { return min(n, max(t.rep.Top, 1)) }

func (t *textWriter) hierarchy(rep *Report) {
	t.heading(1)
	gs := rep.Hierarchy.Groups
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
		t.row(string(g.Account), g.Name, aud, itoa(g.Accounts), g.Own.String(), g.Revenue.String(), g.Cost.String())
	}
	t.end()
	t.more(n, len(gs))
}

func (t *textWriter) scores(rep *Report) {
	t.heading(2)
	if len(rep.Scores.Top) == 0 {
		t.printf("No account was scored.\n")
		return
	}
	t.table("rank", "account", "name", "scorecard", "score", "tier", "coverage", "points by measure")
	for _, s := range rep.Scores.Top {
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
	t.heading(3)
	s := rep.Tiering
	t.printf("Policy %q: %d of %d accounts would change tier (%s), worth %s.\n",
		s.Policy, s.Changed, s.Accounts, pct(s.ChangedShare), s.MovedValue)
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
		t.row(string(m.Account), m.Name, tier(m.From), tier(m.To), m.Reason, m.Score.StringFixed(2), m.Value.String())
	}
	t.end()
	t.more(n, len(moves))
}

func (t *textWriter) assign(rep *Report) {
	t.heading(4)
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
			from := string(h.From)
			if from == "" {
				from = "(none)"
			}
			t.row(string(h.Account), h.Name, from, string(h.To), h.Reason)
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
	t.heading(5)
	for i, s := range []Segmentation{rep.Segments.Revenue, rep.Segments.Cost} {
		if i > 0 {
			t.printf("\n")
		}
		aud := "External accounts, on revenue"
		if i == 1 {
			aud = "Internal accounts, on cost to serve"
		}
		t.printf("%s: %d of %d accounts active, %s in all.\n", aud, s.Active, s.Accounts, s.Total)
		if s.Active == 0 {
			continue
		}
		t.printf("Pareto: %s (%s); %d accounts hold 80%%; Gini %s.\n", s.Sentence, s.TopValue, s.For80, s.Gini.StringFixed(4))
		t.table("segment", "accounts", "value", "share")
		for _, c := range s.Segments {
			name := c.Segment
			if name == "" {
				name = "(no segment)"
			}
			t.row(name, itoa(c.Accounts), c.Value.String(), pct(c.Share))
		}
		t.end()
	}
}

func (t *textWriter) gaps(rep *Report) {
	t.heading(6)
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
	t.heading(7)
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
	t.heading(8)
	s := rep.Budgets
	if len(s.Statuses) == 0 {
		t.printf("No budgets.\n")
		return
	}
	t.printf("%d over, %d on track, %d under.\n\n", s.Over, s.OnTrack, s.Under)
	t.table("account", "kind", "year", "budget", "to date", "actual", "used", "forecast", "variance", "flag")
	for _, b := range s.Statuses {
		t.row(string(b.Account), b.Kind.String(), b.From.String()+" to "+b.End.String(), b.Budget.String(), b.BudgetToDate.String(),
			b.Actual.String(), pct(b.Consumption), b.Forecast.String(), b.Variance.String(), b.Flag.String())
	}
	t.end()
}
