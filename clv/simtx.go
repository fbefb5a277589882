package clv

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// SimulateBGNBDTransactions draws a portfolio's transactions from the
// BG/NBD model m, as [SimulateBGNBD] draws its summaries: the raw input
// of [BuildSummaries], for tests, Examples and sample data.
//
// The accounts' lives are drawn as [SimulateBGNBD] draws them; each
// account's first transaction is at calibrationEnd less its age (whole
// units from s.MinAge to s.MaxAge), and its others follow in continuous
// time, to the nanosecond, up to calibrationEnd plus s.Holdout. The
// result is in order of account ("A0000001", ...), then time; a
// transaction's ID is its account's and its number ("A0000001-3"), and
// its kind is [account.TransactionRevenue]. With s.Spend, each
// transaction's amount is drawn from the Gamma-Gamma model (shape P, and
// the account's own rate ν ~ Gamma(Q, Gamma)) and rounded to the
// currency's minor unit (to six decimals for a currency without one, such
// as XAU), halves to even, and at least one such unit;
// without, every amount is one unit of the currency. s.Currency is
// required; s.Periods has no effect, since [BuildSummaries] counts the
// periods of the transactions. The same Simulation, parameters and
// instant give the same transactions on any machine.
//
// Errors wrap [ErrInvalid] with an [*account.FieldError]: parameters or a
// Simulation that are not valid, a missing currency, a zero
// calibrationEnd (Field "CalibrationEnd").
func SimulateBGNBDTransactions(m BGNBD, s Simulation, calibrationEnd time.Time) ([]account.Transaction, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return simulateTransactions(s, calibrationEnd, m.drawLifetime)
}

// SimulateParetoNBDTransactions draws a portfolio's transactions from the
// Pareto/NBD model m, as [SimulateParetoNBD] draws its summaries, in the
// shape [SimulateBGNBDTransactions] gives.
func SimulateParetoNBDTransactions(m ParetoNBD, s Simulation, calibrationEnd time.Time) ([]account.Transaction, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return simulateTransactions(s, calibrationEnd, m.drawLifetime)
}

// simulateTransactions draws each account's transactions, as
// SimulateBGNBDTransactions describes, with draw drawing each account's
// hidden behaviour.
func simulateTransactions(s Simulation, end time.Time, draw func(*rand.Rand) lifetime) ([]account.Transaction, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	if !s.Currency.Valid() {
		return nil, &account.FieldError{Record: "Simulation", Field: "Currency", Value: string(s.Currency), Reason: "must be a valid currency", Err: ErrInvalid}
	}
	if end.IsZero() {
		return nil, &account.FieldError{Record: "Simulation", Field: "CalibrationEnd", Value: end, Reason: "is required", Err: ErrInvalid}
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x636c7674))
	unit := s.Unit.Duration()
	minU, maxU := max(int64(s.MinAge/unit), 1), max(int64(s.MaxAge/unit), 1)
	maxU = max(maxU, minU)
	hold := float64(s.Holdout) / float64(unit)
	places := int32(s.Currency.MinorUnits())
	if places < 0 {
		places = 6 // a currency without a minor unit, such as XAU
	}
	minor := decimal.New(1, -places)
	one, _ := account.NewMoney(decimal.NewFromInt(1), s.Currency)
	var out []account.Transaction
	for i := range s.Accounts {
		id := account.ID("A" + pad7(i+1))
		age := float64(minU + rng.Int64N(maxU-minU+1))
		first := end.Add(-time.Duration(age) * unit)
		lt := draw(rng)
		var nu float64
		if s.Spend != nil {
			nu = gammaRand(rng, s.Spend.Q, s.Spend.Gamma)
		}
		amount := func() account.Money {
			if s.Spend == nil {
				return one
			}
			z, _ := account.NewMoney(decimal.NewFromFloat(gammaRand(rng, s.Spend.P, nu)).RoundBank(places), s.Currency)
			if z.Sign() <= 0 {
				z, _ = account.NewMoney(minor, s.Currency)
			}
			return z
		}
		n := 1
		add := func(t float64) {
			out = append(out, account.Transaction{
				ID: account.TransactionID(string(id) + "-" + strconv.Itoa(n)), Account: id,
				At: first.Add(time.Duration(math.Round(t * float64(unit)))), Amount: amount(), Kind: account.TransactionRevenue,
			})
			n++
		}
		add(0)
		for t := 0.0; lt.rate > 0; {
			t += rng.ExpFloat64() / lt.rate
			if t > age+hold || t > lt.death || math.IsInf(t, 0) {
				break
			}
			add(t)
			if lt.dropAfterPurchase > 0 && rng.Float64() < lt.dropAfterPurchase {
				break
			}
		}
	}
	return out, nil
}
