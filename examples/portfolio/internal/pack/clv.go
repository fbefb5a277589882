package pack

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/clv"
)

// The limits of [LifetimeConfig].
const (
	// MinLifetimeHorizon and MaxLifetimeHorizon bound
	// LifetimeConfig.Horizon: from a month to ten years.
	MinLifetimeHorizon = 30 * day
	MaxLifetimeHorizon = 3650 * day

	// MaxLifetimeIterations bounds LifetimeConfig.MaxIterations, as
	// clv.FitOptions does.
	MaxLifetimeIterations = 10000
)

// LifetimeConfig are the lifetime-value settings of a [Config]: which
// accounts the customer-base models of package clv are fitted to, and how
// their value is counted.
type LifetimeConfig struct {
	// ContractPrefix begins the reference of every contract invoice: an
	// account with a revenue transaction whose Reference begins with it
	// is invoiced under contract (the sample data's key accounts,
	// "INV-..."), which the models do not describe, and is left out; the
	// other accounts with revenue buy without a contract and make the
	// base. Empty means that no account is under contract.
	ContractPrefix string

	// Horizon is how far ahead the lifetime value counts:
	// [MinLifetimeHorizon] to [MaxLifetimeHorizon].
	Horizon time.Duration

	// AnnualDiscount is the yearly discount rate of the lifetime value
	// (0.1 for 10%): 0 to 1.
	AnnualDiscount decimal.Decimal

	// Threshold is the probability of being active below which an
	// account counts as probably lost, and is listed as at risk:
	// strictly between 0 and 1.
	Threshold decimal.Decimal

	// MaxIterations bounds each attempt of a fit (clv.FitOptions): 0
	// means clv's default (500), at most [MaxLifetimeIterations].
	MaxIterations int
}

// validate adds the problems of c, the Lifetime field of a Config, to l.
func (c LifetimeConfig) validate(l *errList) {
	if c.Horizon < MinLifetimeHorizon || c.Horizon > MaxLifetimeHorizon {
		l.field("Lifetime.Horizon", c.Horizon, "must be from "+strconv.Itoa(int(MinLifetimeHorizon/day))+" to "+strconv.Itoa(int(MaxLifetimeHorizon/day))+" days")
	}
	if c.AnnualDiscount.Sign() < 0 || c.AnnualDiscount.GreaterThan(decimal.NewFromInt(1)) {
		l.field("Lifetime.AnnualDiscount", c.AnnualDiscount, "must be from 0 to 1")
	}
	if c.Threshold.Sign() <= 0 || c.Threshold.Cmp(decimal.NewFromInt(1)) >= 0 {
		l.field("Lifetime.Threshold", c.Threshold, "must be more than 0 and less than 1")
	}
	if c.MaxIterations < 0 || c.MaxIterations > MaxLifetimeIterations {
		l.field("Lifetime.MaxIterations", c.MaxIterations, "must be from 0 to "+strconv.Itoa(MaxLifetimeIterations))
	}
}

// defaultLifetime is the house lifetime-value setting: contract invoices
// are "INV-...", values over three years at 10% a year, at risk below a
// probability of 0.3 of being active.
func defaultLifetime() LifetimeConfig {
	return LifetimeConfig{ContractPrefix: "INV-", Horizon: 3 * 365 * day,
		AnnualDiscount: decimal.New(1, -1), Threshold: decimal.New(3, -1)}
}

// LifetimeSection is the lifetime value of the accounts that buy without
// a contract (see [LifetimeConfig.ContractPrefix]): the customer-base
// models of package clv fitted by maximum likelihood to their revenue
// transactions before At, in days, with no holdout. A fit that fails is
// reported here, with its reason, and the figures that need it are left
// at zero: it never stops the pack.
type LifetimeSection struct {
	// Accounts is the base: the accounts that buy without a contract and
	// have a revenue transaction before At. Contract counts the accounts
	// with revenue left out as under contract; Repeat the accounts of the
	// base that bought on more than one day.
	Accounts int `json:"accounts"`
	Contract int `json:"contract"`
	Repeat   int `json:"repeat"`

	// Purchase is the BG/NBD fit (clv.FitBGNBD) of the base's summaries;
	// Spend the Gamma-Gamma fit (clv.FitGammaGamma) of the mean values
	// of its repeat purchases (the accounts with a repeat whose mean
	// value is positive: refunds can make it unknown), fitted when the
	// purchase model is; an account without a known mean is valued at
	// the population's.
	Purchase LifetimeFit `json:"purchase"`
	Spend    LifetimeFit `json:"spend"`
	// Correlation is the Gamma-Gamma fit's correlation between the
	// repeat count and the mean spend, 4 places: the model assumes they
	// are independent, so beyond about ±0.3 its values are doubtful.
	// Zero when the spend model is not fitted.
	Correlation decimal.Decimal `json:"correlation"`

	// Threshold is Config.Lifetime.Threshold; BelowThreshold the accounts
	// of the base whose probability of being active is below it.
	Threshold      decimal.Decimal `json:"threshold"`
	BelowThreshold int             `json:"below_threshold"`

	// QuarterDays is the length, in days, of the quarter ahead (At to
	// three calendar months later), and NextQuarter the transactions the
	// purchase model expects of the whole base in it, 2 places.
	QuarterDays int             `json:"quarter_days"`
	NextQuarter decimal.Decimal `json:"next_quarter"`

	// HorizonDays and Discount are Config.Lifetime's Horizon (in days)
	// and AnnualDiscount; Value is the lifetime value of the base over
	// the horizon, the sum of each account's clv.LifetimeValue (each
	// rounded to the cent, halves to even). ValueReason says why Value
	// is not computed, when it is not.
	HorizonDays int             `json:"horizon_days"`
	Discount    decimal.Decimal `json:"discount"`
	Value       account.Money   `json:"value"`
	ValueReason string          `json:"value_reason,omitempty"`

	// Top are the Config.Top accounts of the base with the highest
	// lifetime value, highest first, ties by ID.
	Top []LifetimeAccount `json:"top"`

	// AtRisk lists, from clv.AtRiskList, the accounts of the base whose
	// probability of being active is below Threshold, most valuable first
	// (ties by ID), valued at their revenue before At; the text shows
	// Config.Top of them, the JSON all.
	AtRisk []AtRiskAccount `json:"at_risk"`
}

// LifetimeFit is the report of one fit of package clv.
type LifetimeFit struct {
	Model string `json:"model"` // "BG/NBD" or "Gamma-Gamma"
	// Fitted reports whether the fit succeeded; if not, Reason says why
	// (the clv.FitError's reason, or too few accounts) and the other
	// fields are zero.
	Fitted bool   `json:"fitted"`
	Reason string `json:"reason,omitempty"`
	// Parameters are the estimates, in the model's order.
	Parameters []FitParameter `json:"parameters"`
	// LogLikelihood at the estimates, 2 places; Accounts and Groups
	// what was fitted; Iterations over every attempt; Status how it
	// converged ("converged", "restarted", "nelder-mead").
	LogLikelihood decimal.Decimal `json:"log_likelihood"`
	Accounts      int64           `json:"accounts"`
	Groups        int             `json:"groups"`
	Iterations    int             `json:"iterations"`
	Status        string          `json:"status"`
}

// FitParameter is one fitted parameter with its standard error and 95%
// interval (see clv.Estimate), each rounded half away from zero to 4
// places (0 for a value that is not finite).
type FitParameter struct {
	Name   string          `json:"name"`
	Value  decimal.Decimal `json:"value"`
	StdErr decimal.Decimal `json:"std_err"`
	Lower  decimal.Decimal `json:"lower"`
	Upper  decimal.Decimal `json:"upper"`
}

// LifetimeAccount is one account of the base with its lifetime value.
type LifetimeAccount struct {
	Account           account.ID      `json:"account"`
	Name              string          `json:"name"`
	ProbabilityActive decimal.Decimal `json:"probability_active"` // 4 places
	Value             account.Money   `json:"value"`
}

// AtRiskAccount is one account of the at-risk list.
type AtRiskAccount struct {
	Account           account.ID      `json:"account"`
	Name              string          `json:"name"`
	ProbabilityActive decimal.Decimal `json:"probability_active"` // 4 places
	Value             account.Money   `json:"value"`              // its revenue before At
	DaysSinceLast     int             `json:"days_since_last"`    // whole days from its last purchase day to At
	Reason            string          `json:"reason"`             // clv.AtRisk's reason
}

// lifetime fills Report.Lifetime: the base's summaries, the fits, the
// predictions, the value and the at-risk list.
func (r *run) lifetime() error {
	lc := r.cfg.Lifetime
	sec := &r.rep.Lifetime
	sec.Purchase.Model, sec.Spend.Model = "BG/NBD", "Gamma-Gamma"
	sec.Threshold, sec.Discount = lc.Threshold, lc.AnnualDiscount
	sec.HorizonDays = int(lc.Horizon / day)
	next := r.at.AddDate(0, 3, 0).Sub(r.at)
	sec.QuarterDays = int(next.Round(day) / day)

	txs, err := account.Collect(r.s.Transactions(r.ctx, account.TransactionFilter{To: r.at, Kind: account.TransactionRevenue}))
	if err != nil {
		return err
	}
	contract := map[account.ID]bool{}
	for _, x := range txs {
		if lc.ContractPrefix != "" && strings.HasPrefix(x.Reference, lc.ContractPrefix) {
			contract[x.Account] = true
		}
	}
	base := txs[:0]
	spent := map[account.ID]account.Money{}
	for _, x := range txs {
		if !contract[x.Account] {
			base = append(base, x)
			if spent[x.Account], err = spent[x.Account].Add(x.Amount); err != nil {
				return err
			}
		}
	}
	sec.Contract = len(contract)
	sums, err := clv.BuildSummariesSlice(base, clv.SummaryOptions{Unit: clv.UnitDay, CalibrationEnd: r.at.Add(-1), Location: r.cfg.Location})
	if err != nil {
		return err
	}
	sec.Accounts = len(sums)
	for _, s := range sums {
		if s.Repeats > 0 {
			sec.Repeat++
		}
	}
	opts := clv.FitOptions{MaxIterations: lc.MaxIterations}
	var purchase clv.BGNBDFit
	if len(sums) > 0 {
		groups, err := clv.Groups(sums)
		if err != nil {
			return err
		}
		purchase, err = clv.FitBGNBD(groups, opts)
		if err := fitted(&sec.Purchase, purchase.FitResult, err); err != nil {
			return err
		}
	} else {
		sec.Purchase.Reason = "no account buys without a contract"
	}
	if !sec.Purchase.Fitted {
		sec.Spend.Reason = "the purchase model is not fitted"
		sec.ValueReason = sec.Spend.Reason
		return nil
	}
	model := purchase.Model
	preds, err := clv.Predict(model, sums, next)
	if err != nil {
		return err
	}
	var expected float64
	for _, p := range preds {
		expected += p.Expected
		if decimal.NewFromFloat(p.ProbabilityActive).LessThan(lc.Threshold) {
			sec.BelowThreshold++
		}
	}
	sec.NextQuarter = decimal.NewFromFloat(expected).Round(2)
	risk, err := clv.AtRiskList(model, sums, spent, clv.AtRiskOptions{Threshold: lc.Threshold})
	if err != nil {
		return err
	}
	for _, a := range risk {
		sec.AtRisk = append(sec.AtRisk, AtRiskAccount{Account: a.ID, Name: r.name(a.ID), ProbabilityActive: round4(a.ProbabilityActive),
			Value: a.Value, DaysSinceLast: int(a.SinceLast / day), Reason: a.Reason})
	}

	var spendable []clv.Summary // the repeat buyers whose mean value is known
	for _, s := range sums {
		if s.Repeats > 0 && s.MeanValue.Sign() > 0 {
			spendable = append(spendable, s)
		}
	}
	spend, err := clv.FitGammaGamma(spendable, opts)
	if err := fitted(&sec.Spend, spend.FitResult, err); err != nil {
		return err
	}
	if !sec.Spend.Fitted {
		sec.ValueReason = "the spend model is not fitted"
		return nil
	}
	sec.Correlation = round4(spend.Correlation)
	if !(spend.Model.Q > 1) {
		sec.ValueReason = "the spend model's q is not above 1: its mean value is not finite"
		return nil
	}
	values := make([]LifetimeAccount, len(sums))
	for i, s := range sums {
		v, err := clv.LifetimeValue(model, spend.Model, s, clv.ValueOptions{Horizon: lc.Horizon, AnnualDiscount: lc.AnnualDiscount, Currency: r.cfg.Currency})
		if err != nil {
			return err
		}
		if sec.Value, err = sec.Value.Add(v); err != nil {
			return err
		}
		values[i] = LifetimeAccount{Account: s.ID, Name: r.name(s.ID), ProbabilityActive: round4(preds[i].ProbabilityActive), Value: v}
	}
	slices.SortFunc(values, func(a, b LifetimeAccount) int {
		return cmp.Or(moneyCmp(b.Value, a.Value), cmp.Compare(a.Account, b.Account))
	})
	sec.Top = values[:min(len(values), r.cfg.Top)]
	return nil
}

// name returns the stored name of account id, or "" for an account the
// store does not hold.
func (r *run) name(id account.ID) string {
	if a := r.byID[id]; a != nil {
		return a.Name
	}
	return ""
}

// fitted fills f from the result of a fit and its error: a fit that
// failed (a clv.FitError) or had too few accounts is reported in f, with
// its reason; any other error is returned.
func fitted(f *LifetimeFit, res clv.FitResult, err error) error {
	var fe *clv.FitError
	switch {
	case errors.As(err, &fe):
		f.Reason = fe.Reason
		return nil
	case errors.Is(err, clv.ErrTooFew):
		f.Reason = fmt.Sprintf("too few accounts to fit: at least %d are needed", clv.MinAccounts)
		return nil
	case err != nil:
		return err
	}
	f.Fitted = true
	for _, e := range res.Estimates {
		f.Parameters = append(f.Parameters, FitParameter{Name: e.Name, Value: round4(e.Value), StdErr: round4(e.StdErr),
			Lower: round4(e.Lower), Upper: round4(e.Upper)})
	}
	f.LogLikelihood = decimal.Zero
	if ll := res.LogLikelihood; !math.IsNaN(ll) && !math.IsInf(ll, 0) {
		f.LogLikelihood = decimal.NewFromFloat(ll).Round(2)
	}
	f.Accounts, f.Groups, f.Iterations, f.Status = res.Accounts, res.Groups, res.Iterations, res.Status.String()
	return nil
}
