package account_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
)

func ExampleMoney() {
	price := account.MustParseMoney("NZD 1,234.50")
	fee, err := account.ParseMoney("12.3", "NZD") // no code: the default applies
	if err != nil {
		panic(err)
	}
	total, err := price.Add(fee)
	if err != nil {
		panic(err)
	}
	fmt.Println(total)
	fmt.Println(total.AmountString())

	// Exact: ten cents ten times is one dollar, with no float drift.
	sum := account.MustParseMoney("NZD 0")
	for range 10 {
		sum, _ = sum.Add(account.MustParseMoney("NZD 0.10"))
	}
	fmt.Println(sum.Equal(account.MustParseMoney("NZD 1")))

	// Currencies never mix silently.
	_, err = total.Add(account.MustParseMoney("AUD 5"))
	fmt.Println(errors.Is(err, account.ErrCurrencyMismatch))
	// Output:
	// NZD 1,246.80
	// 1246.80
	// true
	// true
}

func ExampleMoney_Round() {
	unitPrice := account.MustParseMoney("NZD 0.125")
	cost := unitPrice.Mul(decimal.NewFromInt(5))
	fmt.Println(cost)             // exact: more digits than cents
	fmt.Println(cost.Round())     // halves away from zero
	fmt.Println(cost.RoundBank()) // halves to the even cent
	// Output:
	// NZD 0.625
	// NZD 0.63
	// NZD 0.62
}

func ExampleMoney_MarshalJSON() {
	b, _ := json.Marshal(struct {
		Budget account.Money `json:"budget"`
	}{account.MustParseMoney("JPY 1200000")})
	fmt.Println(string(b))
	// Output:
	// {"budget":{"amount":"1200000","currency":"JPY"}}
}

func ExampleParseMoney_error() {
	_, err := account.ParseMoney("NZD 1,23.00", "")
	var fe *account.FieldError
	if errors.As(err, &fe) {
		fmt.Println(fe.Field, fe.Value)
	}
	fmt.Println(err)
	// Output:
	// amount 1,23.00
	// account: invalid input: Money: amount "1,23.00": has misplaced thousands separators
}

// An amount longer than the limits is refused before it is parsed, however
// long it is, and the error quotes only a prefix of it, with its length.
func ExampleParseMoney_limits() {
	_, err := account.ParseMoney("NZD "+strings.Repeat("9", 1_000_000), "")
	fmt.Println(err)
	var fe *account.FieldError
	fmt.Println(errors.As(err, &fe), fe.Field, errors.Is(err, account.ErrInvalid))

	_, err = account.ParseMoney("NZD 0."+strings.Repeat("0", account.MaxFractionDigits+1), "")
	fmt.Println(err)
	// Output:
	// account: invalid input: Money: amount "9999999999999999999999999999999999999999999999999999999999999999"… (1000000 bytes): is longer than 40 digits before the decimal point
	// true amount true
	// account: invalid input: Money: amount "0.0000000000000000000": is longer than 18 digits after the decimal point
}

// The JSON form is strict: exactly the members "amount" and "currency",
// each once and spelt exactly, with a null member counting as missing.
func ExampleMoney_UnmarshalJSON() {
	for _, in := range []string{
		`{"amount":"1234.50","currency":"NZD"}`,
		`{"currency":"JPY","amount":1200}`,
		`{"amount":null,"currency":"NZD"}`,
		`{"Amount":"1","currency":"NZD"}`,
		`{"amount":"1","amount":"2","currency":"NZD"}`,
	} {
		var m account.Money
		if err := json.Unmarshal([]byte(in), &m); err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(m)
	}
	// Output:
	// NZD 1,234.50
	// JPY 1,200
	// account: invalid input: Money: amount: is missing
	// account: invalid input: Money "Amount": is not a member of Money (its members are "amount" and "currency")
	// account: invalid input: Money: amount: appears more than once
}

func ExampleRollUp() {
	accounts := []account.Account{
		{ID: "global", Name: "Kauri Group"},
		{ID: "nz", Name: "Kauri NZ", Parent: "global"},
		{ID: "nz-akl", Name: "Kauri Auckland", Parent: "nz"},
		{ID: "au", Name: "Kauri Australia", Parent: "global"},
	}
	h, err := account.NewHierarchy(accounts)
	if err != nil {
		panic(err)
	}
	revenue := map[account.ID]account.Money{
		"nz":     account.MustParseMoney("NZD 1000"),
		"nz-akl": account.MustParseMoney("NZD 250.50"),
		"au":     account.MustParseMoney("NZD 4000"),
	}
	totals, err := account.RollUp(h, revenue, account.Money.Add)
	if err != nil {
		panic(err)
	}
	for id := range h.All() {
		fmt.Printf("%-*s%-8s %v\n", 2*h.Depth(id), "", id, totals[id])
	}
	// Output:
	// global   NZD 5,250.50
	//   au       NZD 4,000.00
	//   nz       NZD 1,250.50
	//     nz-akl   NZD 250.50
}

func ExampleNewHierarchy_errors() {
	_, err := account.NewHierarchy([]account.Account{
		{ID: "a", Parent: "b"},
		{ID: "b", Parent: "a"},
		{ID: "c", Parent: "gone"},
	})
	fmt.Println(err)
	// Output:
	// account: invalid input: Account "c": Parent "gone": is not among the accounts
}

func ExampleHierarchy_UltimateParent() {
	h, _ := account.NewHierarchy([]account.Account{
		{ID: "finance"},
		{ID: "finance-ap", Parent: "finance"},
		{ID: "finance-ap-nz", Parent: "finance-ap"},
	})
	top, _ := h.UltimateParent("finance-ap-nz")
	fmt.Println(top)
	// Output:
	// finance
}

func ExampleContact_Validate() {
	c := account.Contact{ID: "c-17", Account: "acme", Name: "Ana", Influence: 7}
	err := c.Validate()
	var fe *account.FieldError
	if errors.As(err, &fe) {
		fmt.Printf("%s %s: %v %s\n", fe.Record, fe.Field, fe.Value, fe.Reason)
	}
	// Output:
	// Contact Influence: 7 must be from 1 to 5
}

// Collect turns a store's list into the slice a whole-portfolio
// computation needs.
func ExampleCollect() {
	ctx := context.Background()
	store := memstore.New()
	for _, id := range []account.ID{"rimu", "kauri", "totara"} {
		if _, err := store.CreateAccount(ctx, account.Account{ID: id, Name: string(id)}); err != nil {
			fmt.Println(err)
		}
	}
	accounts, err := account.Collect(store.Accounts(ctx, account.AccountFilter{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, a := range accounts {
		fmt.Println(a.ID, a.Version)
	}
	// Output:
	// kauri 1
	// rimu 1
	// totara 1
}
