package clv

import (
	"math"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// MaxSimulated is the largest portfolio a simulation draws.
const MaxSimulated = 50_000_000

// Simulation describes a portfolio to draw from a model, for tests,
// Examples and sample data. The same Simulation and parameters give the
// same summaries, on any machine.
type Simulation struct {
	// Accounts is how many accounts to draw: 1 to [MaxSimulated].
	Accounts int
	// Unit is the summaries' unit. Required.
	Unit Unit
	// MinAge and MaxAge bound the accounts' ages T at the end of the
	// calibration period: each account's age is drawn uniformly in whole
	// units between them (accounts acquired over a window). 0 < MinAge ≤
	// MaxAge ≤ [MaxAge].
	MinAge, MaxAge time.Duration
	// Holdout is the length of a holdout period after the calibration
	// period whose repeat transactions the summaries report; 0 for none.
	Holdout time.Duration
	// Periods, when set, counts repeat transactions as distinct periods
	// after the first one and reports times in whole units, as the
	// summary builder does; otherwise transactions and times are exact
	// (continuous time, to the nanosecond), as the models assume.
	Periods bool
	// Spend, when set, draws each repeat transaction's value from the
	// Gamma-Gamma model and sets MeanValue in Currency, rounded to its
	// minor unit (halves to even).
	Spend    *GammaGamma
	Currency account.Currency
	// Seed seeds the generator (PCG).
	Seed uint64
}

func (s Simulation) validate() error {
	fe := func(field string, v any, reason string) error {
		return &account.FieldError{Record: "Simulation", Field: field, Value: v, Reason: reason, Err: ErrInvalid}
	}
	switch {
	case s.Accounts < 1 || s.Accounts > MaxSimulated:
		return fe("Accounts", s.Accounts, "must be from 1 to 50000000")
	case !unitNames.Valid(s.Unit):
		return fe("Unit", s.Unit, "must be day or week")
	case s.MinAge <= 0 || s.MinAge > MaxAge:
		return fe("MinAge", s.MinAge, "must be more than 0 and at most 200 years")
	case s.MaxAge < s.MinAge || s.MaxAge > MaxAge:
		return fe("MaxAge", s.MaxAge, "must be from MinAge to 200 years")
	case s.Holdout < 0 || s.Holdout > MaxAge:
		return fe("Holdout", s.Holdout, "must be from 0 to 200 years")
	case s.Spend != nil && !s.Currency.Valid():
		return fe("Currency", string(s.Currency), "must be a valid currency when Spend is set")
	}
	if s.Spend != nil {
		if err := s.Spend.Validate(); err != nil {
			return err
		}
	}
	return nil
}

// SimulateBGNBD draws a portfolio from the BG/NBD model m: per account a
// rate λ ~ Gamma(R, Alpha) and a drop-out probability p ~ Beta(A, B); a
// Poisson process of purchases from its first one at time 0, dropping out
// after each repeat purchase with probability p. IDs are "A0000001"...
func SimulateBGNBD(m BGNBD, s Simulation) ([]Summary, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return simulate(s, m.drawLifetime)
}

// SimulateParetoNBD draws a portfolio from the Pareto/NBD model m: per
// account a rate λ ~ Gamma(R, Alpha) and a death rate μ ~ Gamma(S, Beta);
// a Poisson process of purchases from time 0 until an exponential
// lifetime of rate μ ends.
func SimulateParetoNBD(m ParetoNBD, s Simulation) ([]Summary, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return simulate(s, m.drawLifetime)
}

// drawLifetime draws one account's hidden behaviour under the BG/NBD
// model m.
func (m BGNBD) drawLifetime(rng *rand.Rand) lifetime {
	lambda := gammaRand(rng, m.R, m.Alpha)
	p := betaRand(rng, m.A, m.B)
	return lifetime{rate: lambda, dropAfterPurchase: p, death: math.Inf(1)}
}

// drawLifetime draws one account's hidden behaviour under the Pareto/NBD
// model m.
func (m ParetoNBD) drawLifetime(rng *rand.Rand) lifetime {
	lambda := gammaRand(rng, m.R, m.Alpha)
	mu := gammaRand(rng, m.S, m.Beta)
	return lifetime{rate: lambda, death: rng.ExpFloat64() / mu}
}

// lifetime is one simulated account's hidden behaviour.
type lifetime struct {
	rate              float64 // purchases per unit while active
	dropAfterPurchase float64 // BG/NBD: probability of dropping out after each repeat purchase
	death             float64 // Pareto/NBD: end of the active life, in units
}

func simulate(s Simulation, draw func(*rand.Rand) lifetime) ([]Summary, error) {
	if err := s.validate(); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(s.Seed, 0x636c76))
	unit := s.Unit.Duration()
	minU := int64(s.MinAge / unit)
	maxU := int64(s.MaxAge / unit)
	minU = max(minU, 1)
	maxU = max(maxU, minU)
	hold := float64(s.Holdout) / float64(unit)
	out := make([]Summary, s.Accounts)
	for i := range out {
		age := float64(minU + rng.Int64N(maxU-minU+1))
		lt := draw(rng)
		var nu float64
		if s.Spend != nil {
			nu = gammaRand(rng, s.Spend.Q, s.Spend.Gamma)
		}
		sum := Summary{ID: account.ID("A" + pad7(i+1)), Unit: s.Unit, Age: time.Duration(age) * unit, Holdout: s.Holdout}
		t, last := 0.0, 0.0
		x, hx := 0, 0
		// With periods, the calibration holds periods 0 to age−1 and the
		// holdout the periods from age on.
		lastPeriod, lastHold := 0.0, age-1
		alive := true
		for alive && lt.rate > 0 {
			t += rng.ExpFloat64() / lt.rate
			if t > age+hold || t > lt.death || math.IsInf(t, 0) {
				break
			}
			inCal := t <= age
			if s.Periods {
				inCal = t < age
			}
			if s.Periods {
				p := math.Floor(t)
				if inCal {
					if p > lastPeriod {
						x++
						lastPeriod = p
						last = p
					}
				} else if p > lastHold {
					hx++
					lastHold = p
				}
			} else if inCal {
				x++
				last = t
			} else {
				hx++
			}
			if lt.dropAfterPurchase > 0 && rng.Float64() < lt.dropAfterPurchase {
				alive = false
			}
		}
		sum.Repeats, sum.HoldoutRepeats = x, hx
		if x > 0 {
			sum.Last = max(time.Duration(math.Round(last*float64(unit))), 1)
			if s.Periods {
				sum.Last = time.Duration(last) * unit
			}
			sum.Last = min(sum.Last, sum.Age)
			if s.Spend != nil {
				mean := gammaRand(rng, s.Spend.P*float64(x), nu) / float64(x)
				sum.MeanValue, _ = account.NewMoney(decimal.NewFromFloat(mean), s.Currency)
				sum.MeanValue = sum.MeanValue.RoundBank()
				if sum.MeanValue.Sign() <= 0 {
					sum.MeanValue, _ = account.NewMoney(decimal.New(1, -int32(max(s.Currency.MinorUnits(), 0))), s.Currency)
				}
			}
		}
		out[i] = sum
	}
	return out, nil
}

func pad7(i int) string {
	s := strconv.Itoa(i)
	for len(s) < 7 {
		s = "0" + s
	}
	return s
}

// gammaRand draws from the gamma distribution with shape k and rate θ
// (Marsaglia & Tsang 2000; shape below 1 boosted by U^(1/k)).
func gammaRand(rng *rand.Rand, k, rate float64) float64 {
	if k < 1 {
		u := rng.Float64()
		return gammaRand(rng, k+1, rate) * math.Pow(u, 1/k)
	}
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		var x, v float64
		for {
			x = rng.NormFloat64()
			v = 1 + c*x
			if v > 0 {
				break
			}
		}
		v = v * v * v
		u := rng.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v / rate
		}
	}
}

// betaRand draws from the beta distribution with parameters a and b.
func betaRand(rng *rand.Rand, a, b float64) float64 {
	x := gammaRand(rng, a, 1)
	y := gammaRand(rng, b, 1)
	if x+y == 0 {
		return 0.5
	}
	return x / (x + y)
}
