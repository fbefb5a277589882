package account_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
)

var testCurrencies = []account.Currency{"NZD", "AUD", "JPY", "KWD", "USD", "XAU"}

// genAmount draws an exact decimal with up to 6 fractional digits and up to
// about 18 integer digits, positive or negative.
func genAmount() *rapid.Generator[decimal.Decimal] {
	return rapid.Custom(func(t *rapid.T) decimal.Decimal {
		coef := rapid.Int64().Draw(t, "coefficient")
		exp := rapid.Int32Range(-6, 2).Draw(t, "exponent")
		return decimal.New(coef, exp)
	})
}

func genMoneyIn(c account.Currency) *rapid.Generator[account.Money] {
	return rapid.Custom(func(t *rapid.T) account.Money {
		m, err := account.NewMoney(genAmount().Draw(t, "amount"), c)
		if err != nil {
			t.Fatal(err)
		}
		return m
	})
}

func genMoney() *rapid.Generator[account.Money] {
	return rapid.Custom(func(t *rapid.T) account.Money {
		c := rapid.SampledFrom(testCurrencies).Draw(t, "currency")
		return genMoneyIn(c).Draw(t, "money")
	})
}

func TestPropMoneyAddCommutativeAssociative(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		c := rapid.SampledFrom(testCurrencies).Draw(t, "currency")
		a := genMoneyIn(c).Draw(t, "a")
		b := genMoneyIn(c).Draw(t, "b")
		d := genMoneyIn(c).Draw(t, "d")
		ab, err1 := a.Add(b)
		ba, err2 := b.Add(a)
		if err1 != nil || err2 != nil || !ab.Equal(ba) {
			t.Fatalf("a+b = %v (%v), b+a = %v (%v)", ab, err1, ba, err2)
		}
		abd, _ := ab.Add(d)
		bd, _ := b.Add(d)
		abd2, _ := a.Add(bd)
		if !abd.Equal(abd2) {
			t.Fatalf("(a+b)+d = %v, a+(b+d) = %v", abd, abd2)
		}
		back, _ := ab.Sub(b)
		if !back.Equal(a) {
			t.Fatalf("(a+b)-b = %v, want %v", back, a)
		}
	})
}

func TestPropMoneyMismatchAlwaysErrors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a := genMoney().Draw(t, "a")
		b := genMoney().Draw(t, "b")
		if a.Currency() == b.Currency() {
			t.Skip("same currency")
		}
		_, errAdd := a.Add(b)
		_, errSub := a.Sub(b)
		_, errCmp := a.Cmp(b)
		for _, err := range []error{errAdd, errSub, errCmp} {
			if !errors.Is(err, account.ErrCurrencyMismatch) {
				t.Fatalf("%v with %v: error %v, want ErrCurrencyMismatch", a, b, err)
			}
		}
		if a.Equal(b) {
			t.Fatalf("%v Equal %v across currencies", a, b)
		}
	})
}

func TestPropMoneyRoundTrips(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMoney().Draw(t, "m")

		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var fromJSON account.Money
		if err := json.Unmarshal(b, &fromJSON); err != nil || !fromJSON.Equal(m) {
			t.Fatalf("JSON %s -> %v, %v; want %v", b, fromJSON, err, m)
		}

		text, err := m.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var fromText account.Money
		if err := fromText.UnmarshalText(text); err != nil || !fromText.Equal(m) {
			t.Fatalf("text %q -> %v, %v; want %v", text, fromText, err, m)
		}

		fromString, err := account.ParseMoney(m.String(), "")
		if err != nil || !fromString.Equal(m) {
			t.Fatalf("String %q -> %v, %v; want %v", m.String(), fromString, err, m)
		}
	})
}

func TestPropMoneyRoundIsToMinorUnits(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := genMoney().Draw(t, "m")
		p := m.Currency().MinorUnits()
		for _, r := range []account.Money{m.Round(), m.RoundBank()} {
			if p < 0 {
				if !r.Equal(m) {
					t.Fatalf("rounding %v without a minor unit changed it to %v", m, r)
				}
				continue
			}
			if !r.Amount().Equal(r.Amount().Truncate(int32(p))) {
				t.Fatalf("%v rounded to %v, which has more than %d decimals", m, r, p)
			}
			diff, _ := r.Sub(m)
			half := decimal.New(5, -int32(p)-1)
			if diff.Amount().Abs().GreaterThan(half) {
				t.Fatalf("%v rounded to %v, more than half a minor unit away", m, r)
			}
		}
	})
}
