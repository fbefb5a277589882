package pack

import (
	"fmt"

	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
)

// lifetime writes the lifetime-value section: the base, each fit with its
// parameters, the predictions, the value and the first Top accounts at
// risk.
func (t *textWriter) lifetime(rep *Report) {
	t.heading(7)
	s := rep.Lifetime
	t.printf("%s buy without a contract (%s under contract left out); %d bought on more than one day.\n",
		plural(s.Accounts, "account"), plural(s.Contract, "account"), s.Repeat)
	t.fit(s.Purchase)
	if !s.Purchase.Fitted {
		return
	}
	t.printf("P(active) below %s: %s. Expected transactions in the next %d days: %s.\n",
		s.Threshold.StringFixed(2), plural(s.BelowThreshold, "account"), s.QuarterDays, s.NextQuarter.StringFixed(2))
	t.printf("\n")
	t.fit(s.Spend)
	if s.Spend.Fitted {
		t.printf("Correlation of repeat count and mean spend: %s (the model assumes none).\n", s.Correlation.StringFixed(4))
	}
	if s.ValueReason != "" {
		t.printf("Lifetime value: not computed: %s.\n", s.ValueReason)
	} else {
		t.printf("\nLifetime value over %d days at %s a year: %s.\n", s.HorizonDays, pct(s.Discount), money(s.Value))
		t.table("account", "name", "P(active)", "lifetime value")
		for _, a := range s.Top {
			t.row(string(a.Account), a.Name, a.ProbabilityActive.StringFixed(4), money(a.Value))
		}
		t.end()
	}
	t.printf("\nAt risk (P(active) below %s), by revenue before %s:\n", s.Threshold.StringFixed(2), t.date(rep.At))
	if len(s.AtRisk) == 0 {
		t.printf("None.\n")
		return
	}
	n := t.top(len(s.AtRisk))
	t.table("account", "name", "reason")
	for _, a := range s.AtRisk[:n] {
		t.row(string(a.Account), a.Name, a.Reason)
	}
	t.end()
	t.more(n, len(s.AtRisk))
}

// fit writes one fit: how it ended and its parameters, or why it failed.
func (t *textWriter) fit(f LifetimeFit) {
	if !f.Fitted {
		t.printf("%s: not fitted: %s.\n", f.Model, f.Reason)
		return
	}
	t.printf("%s: %s after %s, %s of %s; log-likelihood %s.\n", f.Model, f.Status, plural(f.Iterations, "iteration"),
		plural(f.Groups, "group"), plural(int(f.Accounts), "account"), f.LogLikelihood.StringFixed(2))
	t.table("parameter", "estimate", "std. error", "95% interval")
	for _, p := range f.Parameters {
		t.row(p.Name, p.Value.StringFixed(4), p.StdErr.StringFixed(4), p.Lower.StringFixed(4)+" to "+p.Upper.StringFixed(4))
	}
	t.end()
}

// lifetimeHTML adds the lifetime-value section to the page: the fits in
// sentences, the parameters and the at-risk list.
func (rep *Report) lifetimeHTML(b *pageBuilder) {
	s := rep.Lifetime
	paras := []string{fmt.Sprintf("%s buy without a contract (%s under contract left out); %s bought on more than one day.",
		plural(s.Accounts, "account"), plural(s.Contract, "account"), itoa(s.Repeat))}
	for _, f := range []LifetimeFit{s.Purchase, s.Spend} {
		if !f.Fitted {
			paras = append(paras, fmt.Sprintf("%s: not fitted: %s.", f.Model, f.Reason))
			continue
		}
		paras = append(paras, fmt.Sprintf("%s: %s after %s, %s of %s; log-likelihood %s.", f.Model, f.Status,
			plural(f.Iterations, "iteration"), plural(f.Groups, "group"), plural(int(f.Accounts), "account"), f.LogLikelihood.StringFixed(2)))
	}
	if s.Purchase.Fitted {
		paras = append(paras, fmt.Sprintf("P(active) below %s: %s. Expected transactions in the next %d days: %s.",
			s.Threshold.StringFixed(2), plural(s.BelowThreshold, "account"), s.QuarterDays, s.NextQuarter.StringFixed(2)))
		if s.ValueReason != "" {
			paras = append(paras, "Lifetime value: not computed: "+s.ValueReason+".")
		} else {
			paras = append(paras, fmt.Sprintf("Lifetime value over %d days at %s a year: %s; correlation of repeat count and mean spend %s.",
				s.HorizonDays, pct(s.Discount), money(s.Value), s.Correlation.StringFixed(4)))
		}
	}
	b.section("Lifetime value", paras...)
	params := htmlpage.Table{Caption: "The fitted parameters", Header: []string{"model", "parameter", "estimate", "95% interval"}}
	for _, f := range []LifetimeFit{s.Purchase, s.Spend} {
		for _, p := range f.Parameters {
			params.Rows = append(params.Rows, []string{f.Model, p.Name, p.Value.StringFixed(4), p.Lower.StringFixed(4) + " to " + p.Upper.StringFixed(4)})
		}
	}
	b.table(params)
	risk := htmlpage.Table{Caption: "Accounts at risk, by revenue", Header: []string{"account", "name", "P(active)", "revenue", "days since last"}}
	for _, a := range s.AtRisk {
		risk.Rows = append(risk.Rows, []string{string(a.Account), a.Name, a.ProbabilityActive.StringFixed(4), money(a.Value), itoa(a.DaysSinceLast)})
	}
	b.table(risk)
}
