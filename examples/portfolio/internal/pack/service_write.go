package pack

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/review"
)

// serviceTimeLayout is how the report prints an instant, in the
// calendar's zone.
const serviceTimeLayout = "2006-01-02 15:04 MST"

// The headings of the sections of [ServiceReport.WriteText], in order.
const (
	ServiceHeadingSatisfaction = "Satisfaction by tier"
	ServiceHeadingSLA          = "SLA compliance by tier"
	ServiceHeadingBreaches     = "Open SLA breaches"
	ServiceHeadingEscalations  = "Escalations due now"
	ServiceHeadingWarnings     = "Early warning"
	ServiceHeadingChanges      = "Changes ahead for the top accounts"
	ServiceHeadingReviews      = "Reviews of the top accounts"
	ServiceHeadingOverdue      = "Overdue action items"
	ServiceHeadingResults      = "Quarterly results"
)

// WriteText writes the report for people to read: a heading per section
// (the ServiceHeading constants, each followed by its period or instant),
// and its figures in aligned tables. Every figure is printed exactly as
// the report holds it: decimals by their digits, money with its currency,
// durations as time.Duration prints them, times in the calendar's zone.
// Errors of w are returned.
func (r *ServiceReport) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	p := &serviceWriter{w: bw}
	p.line("Service sections at %s; last quarter %s (%s to %s)", r.time(r.At), r.Quarter.Name,
		r.Quarter.From.Format(time.DateOnly), r.Quarter.To.AddDate(0, 0, -1).Format(time.DateOnly))
	r.writeSatisfaction(p)
	r.writeSLA(p)
	r.writeBreaches(p)
	r.writeEscalations(p)
	r.writeWarnings(p)
	r.writeChanges(p)
	r.writeReviews(p)
	r.writeOverdue(p)
	r.writeResults(p)
	if p.err != nil {
		return p.err
	}
	return bw.Flush()
}

// serviceWriter writes lines and tables, keeping the first error.
type serviceWriter struct {
	w   io.Writer
	err error
}

func (p *serviceWriter) line(format string, args ...any) {
	if p.err == nil {
		_, p.err = fmt.Fprintf(p.w, format+"\n", args...)
	}
}

func (p *serviceWriter) heading(title, detail string) {
	p.line("")
	if detail != "" {
		title += ", " + detail
	}
	p.line("%s", title)
	p.line("%s", strings.Repeat("-", len([]rune(title))))
}

// table writes rows as an aligned table, the first row its header.
func (p *serviceWriter) table(rows [][]string) {
	if p.err != nil {
		return
	}
	tw := tabwriter.NewWriter(p.w, 0, 0, 2, ' ', 0)
	for _, row := range rows {
		if _, p.err = io.WriteString(tw, strings.Join(row, "\t")+"\n"); p.err != nil {
			return
		}
	}
	p.err = tw.Flush()
}

func (r *ServiceReport) time(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.In(r.loc).Format(serviceTimeLayout)
}

// serviceEstimate formats an estimate as its value, interval and
// responses, or "-" without responses.
func serviceEstimate(e engagement.Estimate) string {
	if e.Responses == 0 {
		return "-"
	}
	return fmt.Sprintf("%s [%s, %s] n=%d", e.Value.StringFixed(2), e.Low.StringFixed(2), e.High.StringFixed(2), e.Responses)
}

// servicePercent formats a share as an exact percentage: 0.3336 is
// "33.36%".
func servicePercent(d decimal.Decimal) string { return d.Shift(2).String() + "%" }

// serviceShift formats a shift as its change and interval.
func serviceShift(s engagement.Shift) string {
	if s.Trend == engagement.TrendUnknown {
		return "-"
	}
	return fmt.Sprintf("%s [%s, %s]", s.Delta.StringFixed(2), s.Low.StringFixed(2), s.High.StringFixed(2))
}

func (r *ServiceReport) writeSatisfaction(p *serviceWriter) {
	p.heading(ServiceHeadingSatisfaction, r.Quarter.Name+" against "+r.Previous.Name)
	if len(r.Satisfaction) == 0 {
		p.line("No responses.")
		return
	}
	rows := [][]string{{"tier", "figure", r.Previous.Name, r.Quarter.Name, "change", "trend"}}
	for _, x := range r.Satisfaction {
		for _, f := range []struct {
			name      string
			prev, cur engagement.Estimate
			shift     engagement.Shift
		}{
			{"NPS", x.Previous.NPS, x.Current.NPS, x.NPS},
			{"CSAT %", x.Previous.CSAT, x.Current.CSAT, x.CSAT},
			{"effort", x.Previous.Effort, x.Current.Effort, x.Effort},
		} {
			rows = append(rows, []string{x.Tier.String(), f.name, serviceEstimate(f.prev), serviceEstimate(f.cur),
				serviceShift(f.shift), f.shift.Trend.String()})
		}
	}
	p.table(rows)
}

func (r *ServiceReport) writeSLA(p *serviceWriter) {
	p.heading(ServiceHeadingSLA, r.Quarter.Name)
	if len(r.SLA.Rows) == 0 {
		p.line("No SLA outcome in the quarter.")
		return
	}
	rows := [][]string{{"tier", "metric", "tickets", "met", "breached", "compliance", "median", "p90"}}
	for _, x := range r.SLA.Rows {
		rows = append(rows, []string{x.Tier.String(), x.Metric.String(), strconv.Itoa(x.Tickets), strconv.Itoa(x.Met),
			strconv.Itoa(x.Breached), x.Compliance.String(), x.Median.String(), x.P90.String()})
	}
	p.table(rows)
}

func (r *ServiceReport) writeBreaches(p *serviceWriter) {
	p.heading(ServiceHeadingBreaches, "at "+r.time(r.At))
	p.line("%d tickets open, %d breaches not yet fulfilled.", r.Open, len(r.Breaches))
	if len(r.Breaches) == 0 {
		return
	}
	rows := [][]string{{"ticket", "account", "tier", "priority", "metric", "breached", "late"}}
	for _, b := range r.Breaches {
		rows = append(rows, []string{b.Ticket, string(b.Account), b.Tier.String(), b.Priority.String(), b.Metric.String(),
			r.time(b.BreachedAt), b.Late.String()})
	}
	p.table(rows)
}

func (r *ServiceReport) writeEscalations(p *serviceWriter) {
	p.heading(ServiceHeadingEscalations, "at "+r.time(r.At))
	if len(r.Escalations) == 0 {
		p.line("Nothing to escalate.")
		return
	}
	rows := [][]string{{"ticket", "account", "level", "kind", "to", "due", "send", "why"}}
	add := func(n escalation.Notification) {
		to := make([]string, len(n.Recipients))
		for i, x := range n.Recipients {
			to[i] = string(x)
		}
		send := "now"
		if n.At.After(r.At) {
			send = r.time(n.At)
		}
		rows = append(rows, []string{n.Issue, string(n.Account), strconv.Itoa(n.Level) + " " + n.LevelName, n.Kind.String(),
			strings.Join(to, ", "), r.time(n.Due), send, n.Reason})
	}
	for _, d := range r.Escalations {
		for _, n := range d.Notify {
			add(n)
		}
		for _, n := range d.Held {
			add(n)
		}
	}
	p.table(rows)
}

func (r *ServiceReport) writeWarnings(p *serviceWriter) {
	p.heading(ServiceHeadingWarnings, r.Quarter.Name)
	if len(r.Warnings) == 0 {
		p.line("No warning.")
		return
	}
	rows := [][]string{{"warning", "by", "key", "raised", "accounts", "impact", "first issue", "cleared"}}
	for _, x := range r.Warnings {
		rows = append(rows, []string{strconv.FormatInt(x.N, 10), x.Dimension.String(), x.Key, r.time(x.Raised),
			strconv.Itoa(len(x.Accounts)), x.Impact.String(), x.First.Issue, r.time(x.Cleared)})
	}
	p.table(rows)
	for _, x := range r.Warnings {
		ids := make([]string, len(x.Accounts))
		for i, a := range x.Accounts {
			ids[i] = string(a)
		}
		p.line("warning %d accounts: %s", x.N, strings.Join(ids, ", "))
	}
}

func (r *ServiceReport) writeChanges(p *serviceWriter) {
	p.heading(ServiceHeadingChanges, r.ChangeWindow.Name)
	rows := [][]string{{"account", "changes", "weight", "highest", "busiest week", "brief"}}
	for _, v := range r.Changes {
		busiest, highest := "-", "-"
		if len(v.Busiest) > 0 {
			busiest = v.Busiest[0].Start.Format(time.DateOnly) + " (" + strconv.Itoa(v.Busiest[0].Load.Changes) + ")"
		}
		if v.Load.Highest != 0 {
			highest = v.Load.Highest.String()
		}
		names := make([]string, len(v.Brief))
		for i, s := range v.Brief {
			names[i] = s.Name
		}
		rows = append(rows, []string{string(v.Account), strconv.Itoa(v.Load.Changes), strconv.Itoa(v.Load.Weight), highest,
			busiest, strings.Join(names, ", ")})
	}
	p.table(rows)
	if len(r.Briefings) == 0 {
		return
	}
	p.line("")
	rows = [][]string{{"briefing", "change", "severity", "go-live", "due", "status"}}
	for _, b := range r.Briefings {
		rows = append(rows, []string{string(b.Account), string(b.Change), b.Severity.String(), r.time(b.GoLive), r.time(b.Due), b.Status.String()})
	}
	p.table(rows)
}

func (r *ServiceReport) writeReviews(p *serviceWriter) {
	s := r.Schedule
	p.heading(ServiceHeadingReviews, fmt.Sprintf("%s to %s", s.Start, s.End.AddDays(-1)))
	p.line("%d meetings, %d conflicts.", len(s.Meetings), len(s.Conflicts))
	if len(s.Meetings) > 0 {
		rows := [][]string{{"meeting", "due", "start", "end", "chair"}}
		for _, m := range s.Meetings {
			chair := ""
			for _, a := range m.Attendees {
				if a.Role == review.RoleManager {
					chair = a.Name
				}
			}
			rows = append(rows, []string{m.ID, m.Due.String(), r.time(m.Start), m.End.In(r.loc).Format("15:04"), chair})
		}
		p.table(rows)
	}
	if len(s.Conflicts) > 0 {
		rows := [][]string{{"conflict", "review", "due", "searched", "reason"}}
		for _, c := range s.Conflicts {
			rows = append(rows, []string{string(c.Account), strconv.Itoa(c.N), c.Due.String(), c.From.String() + " to " + c.To.String(), c.Reason.String()})
		}
		p.table(rows)
	}
}

func (r *ServiceReport) writeOverdue(p *serviceWriter) {
	p.heading(ServiceHeadingOverdue, "at "+r.At.Format(time.DateOnly))
	if len(r.Overdue) == 0 {
		p.line("None.")
		return
	}
	today := r.Schedule.Start
	rows := [][]string{{"item", "account", "owner", "due", "days late", "title"}}
	for _, a := range r.Overdue {
		rows = append(rows, []string{string(a.ID), string(a.Account), string(a.Owner), a.Due.String(),
			strconv.Itoa(today.DaysSince(a.Due)), a.Title})
	}
	p.table(rows)
}

func (r *ServiceReport) writeResults(p *serviceWriter) {
	q := r.Results
	p.heading(ServiceHeadingResults, r.Quarter.Name)
	p.line("Portfolio %s: %s over %d accounts; the top %d hold %s of it.", q.Kind, q.Portfolio, q.PortfolioAccounts,
		len(q.Accounts), servicePercent(q.TopShare))
	if len(q.Accounts) == 0 {
		return
	}
	rows := [][]string{{"rank", "account", "amount", "share", "tier", "SLA", "reviews", "actions", "budget", "objectives"}}
	for _, a := range q.Accounts {
		tier := a.Tier.String()
		if a.TierChanged {
			tier = a.PreviousTier.String() + " -> " + a.Tier.String()
		}
		comp := "-"
		if a.SLACompliance.Valid {
			comp = servicePercent(a.SLACompliance.Decimal)
		}
		budget := "-"
		if a.Budget != nil {
			budget = a.Budget.Flag.String() + " " + servicePercent(a.Budget.Consumption)
		}
		rows = append(rows, []string{strconv.Itoa(a.Rank), string(a.Account), a.Amount.String(), servicePercent(a.Share), tier,
			comp, fmt.Sprintf("%d/%d", a.ReviewsHeld, a.ReviewsPlanned), fmt.Sprintf("%d/%d", a.ActionsCompleted, a.ActionsDue),
			budget, fmt.Sprintf("%d/%d", a.ObjectivesMet, a.Objectives)})
	}
	p.table(rows)
}

// WriteICS writes the review schedule of the top accounts as an
// iCalendar file, with [review.WriteICS]: stamped with the report's
// instant, with UIDs in the configured domain. A schedule with no
// meetings is review's error.
func (r *ServiceReport) WriteICS(w io.Writer) error {
	return review.WriteICS(w, r.Schedule, review.ICSOptions{Stamp: r.At, Domain: r.domain})
}

// WriteQuarterJSON writes the quarterly results as indented JSON: the
// fields of [review.QuarterlyResults] in their declared order, the
// accounts largest first, exact decimal strings for amounts and shares.
func (r *ServiceReport) WriteQuarterJSON(w io.Writer) error {
	b, err := json.MarshalIndent(r.Results, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
