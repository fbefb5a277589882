package clv

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// AtRiskOptions say which accounts [AtRiskList] lists.
type AtRiskOptions struct {
	// Threshold is the probability of being active below which an
	// account is at risk: strictly between 0 and 1 (0.3 for 30%).
	Threshold decimal.Decimal
	// MinValue, if set, lists only accounts whose value is at least
	// MinValue: the "high value" of the list. It must be in the values'
	// currency. The zero Money lists every account with a value.
	MinValue account.Money
	// Limit, if more than 0, keeps only the first Limit accounts of the
	// list (the most valuable). It must not be negative.
	Limit int
}

// AtRisk is one account of an at-risk list: valuable, and probably no
// longer buying.
type AtRisk struct {
	ID account.ID
	// ProbabilityActive is the account's probability of being active at
	// the end of its summary's calibration period, below the threshold.
	ProbabilityActive float64
	// Value is the value the caller gave for the account.
	Value account.Money
	// SinceLast is the time from the account's last purchase to the end
	// of the calibration period: T − t_x, or T for an account with no
	// repeat purchase (its first purchase is its last).
	SinceLast time.Duration
	// Reason says why the account is listed, for people to read:
	// "P(active) 0.18 < 0.30; 412 days since the last purchase; value
	// NZD 52,000.00". The probability is rounded to two decimals, or
	// more where two would not show it below the threshold; the threshold
	// is shown with at least two decimals; the days are whole days,
	// rounded down.
	Reason string
}

// AtRiskList lists the accounts whose value is high and whose probability
// of being active under the fitted model m is below a threshold: the
// valuable accounts that are probably slipping away. The caller gives the
// value of each account in values, in one currency: its [LifetimeValue],
// say, or last year's revenue (or cost, for an internal customer). An
// account is considered when it has both a summary and a value; it is
// listed when its probability of being active is below o.Threshold and
// its value is at least o.MinValue.
//
// The list is in order of value, largest first, ties by ID (ascending,
// byte-wise), and does not depend on the order of summaries. The
// comparison with the threshold is exact: the probability's shortest
// decimal form against the threshold.
//
// Errors wrap [ErrInvalid] with an [*account.FieldError]: a threshold
// outside (0, 1) or a negative limit (Record "AtRiskOptions"); a value
// that is not valid money, or values in more than one currency or a
// MinValue in another (Record "Account", Field "Value", or "MinValue";
// these also wrap [account.ErrCurrencyMismatch]); a summary that is not
// valid, or two with the same ID; a model that is not valid. Where several
// values are at fault, the one of the smallest ID is reported.
func AtRiskList(m Model, summaries []Summary, values map[account.ID]account.Money, o AtRiskOptions) ([]AtRisk, error) {
	if err := o.validate(); err != nil {
		return nil, err
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	currency, err := valuesCurrency(values)
	if err != nil {
		return nil, err
	}
	if !o.MinValue.IsZero() || o.MinValue.Currency() != "" {
		if err := o.MinValue.Validate(); err != nil {
			return nil, &account.FieldError{Record: "AtRiskOptions", Field: "MinValue", Value: o.MinValue, Reason: "must be valid money", Err: ErrInvalid}
		}
		if currency != "" && o.MinValue.Currency() != currency {
			return nil, &account.FieldError{Record: "AtRiskOptions", Field: "MinValue", Value: o.MinValue, Reason: "is not in the values' currency " + string(currency), Err: fault.Join(account.ErrCurrencyMismatch, ErrInvalid)}
		}
	}
	sorted, err := sortedUnique(summaries)
	if err != nil {
		return nil, err
	}
	var out []AtRisk
	for _, s := range sorted {
		if err := s.Validate(); err != nil {
			return nil, err
		}
		v, ok := values[s.ID]
		if !ok {
			continue
		}
		if o.MinValue.Currency() != "" {
			if c, _ := v.Cmp(o.MinValue); c < 0 {
				continue
			}
		}
		p, err := m.ProbabilityActive(s)
		if err != nil {
			return nil, err
		}
		pd := decimal.NewFromFloat(p)
		if !pd.LessThan(o.Threshold) {
			continue
		}
		since := s.Age - s.Last
		out = append(out, AtRisk{ID: s.ID, ProbabilityActive: p, Value: v, SinceLast: since, Reason: atRiskReason(pd, o.Threshold, since, v)})
	}
	slices.SortFunc(out, func(a, b AtRisk) int {
		c, _ := b.Value.Cmp(a.Value)
		return cmp.Or(c, cmp.Compare(a.ID, b.ID))
	})
	if o.Limit > 0 && len(out) > o.Limit {
		out = out[:o.Limit:o.Limit]
	}
	return out, nil
}

func (o AtRiskOptions) validate() error {
	if o.Threshold.Sign() <= 0 || o.Threshold.Cmp(decimal.NewFromInt(1)) >= 0 {
		return &account.FieldError{Record: "AtRiskOptions", Field: "Threshold", Value: o.Threshold, Reason: "must be more than 0 and less than 1", Err: ErrInvalid}
	}
	if o.Limit < 0 {
		return &account.FieldError{Record: "AtRiskOptions", Field: "Limit", Value: o.Limit, Reason: "must not be negative", Err: ErrInvalid}
	}
	return nil
}

// valuesCurrency returns the one currency of values, or an error for the
// value of the smallest ID that is not valid or not in the currency of
// the smallest ID's value.
func valuesCurrency(values map[account.ID]account.Money) (account.Currency, error) {
	ids := make([]account.ID, 0, len(values))
	for id := range values {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	var currency account.Currency
	for _, id := range ids {
		v := values[id]
		if err := v.Validate(); err != nil {
			return "", &account.FieldError{Record: "Account", ID: string(id), Field: "Value", Value: v, Reason: "must be valid money", Err: ErrInvalid}
		}
		if currency == "" {
			currency = v.Currency()
		} else if v.Currency() != currency {
			return "", &account.FieldError{Record: "Account", ID: string(id), Field: "Value", Value: v, Reason: "is not in " + string(currency) + ", the currency of the other values", Err: fault.Join(account.ErrCurrencyMismatch, ErrInvalid)}
		}
	}
	return currency, nil
}

func atRiskReason(p, threshold decimal.Decimal, since time.Duration, v account.Money) string {
	ps := p.Truncate(8).String()
	for d := int32(2); d <= 8; d++ {
		if r := p.Round(d); r.LessThan(threshold) {
			ps = r.StringFixed(d)
			break
		}
	}
	days := int64(since / (24 * time.Hour))
	unit := " days"
	if days == 1 {
		unit = " day"
	}
	return fmt.Sprintf("P(active) %s < %s; %s%s since the last purchase; value %s",
		ps, threshold.StringFixed(max(2, -threshold.Exponent())), strconv.FormatInt(days, 10), unit, v)
}
