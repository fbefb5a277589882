package tiering_test

import (
	"errors"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// nzd returns v New Zealand dollars.
func nzd(v decimal.Decimal) account.Money {
	m, err := account.NewMoney(v, "NZD")
	if err != nil {
		panic(err)
	}
	return m
}

// inNZD returns values as amounts of New Zealand dollars.
func inNZD(values map[account.ID]decimal.Decimal) map[account.ID]account.Money {
	m := make(map[account.ID]account.Money, len(values))
	for id, v := range values {
		m[id] = nzd(v)
	}
	return m
}

// Values in two currencies are an error naming the smallest ID whose value
// is not in the smallest currency, whatever the map's order.
func TestValuesInTwoCurrencies(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 2}, {}}}
	values := map[account.ID]account.Money{
		"a": account.MustParseMoney("NZD 10"),
		"b": account.MustParseMoney("USD 5"),
		"c": account.MustParseMoney("USD 7"),
		"d": {},
	}
	for range 20 {
		_, err := p.Apply(portfolio(), tiering.Input{At: at, Values: values})
		if !errors.Is(err, account.ErrCurrencyMismatch) {
			t.Fatalf("err = %v, want ErrCurrencyMismatch", err)
		}
		checkFieldError(t, err, account.FieldError{Record: "Input", Field: "Values[b]", Value: values["b"], Err: tiering.ErrInvalid})
	}
}

// A BasisValue policy whose values add up to zero is an error that shows
// the total in the values' currency.
func TestByValueZeroTotal(t *testing.T) {
	p := tiering.Policy{Basis: tiering.BasisValue, Rules: []tiering.TierRule{{Share: decimal.RequireFromString("0.8")}, {}}}
	zero := nzd(decimal.Zero)
	_, err := p.Apply(portfolio(), tiering.Input{At: at, Values: map[account.ID]account.Money{"a": zero, "b": zero}})
	checkFieldError(t, err, account.FieldError{Record: "Input", Field: "Values", Value: zero, Err: tiering.ErrInvalid})
}
