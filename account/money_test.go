package account_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

func TestParseMoney(t *testing.T) {
	tests := []struct {
		in       string
		def      account.Currency
		amount   string
		currency account.Currency
	}{
		{"NZD 12.30", "", "12.3", "NZD"},
		{"NZD 1,234.50", "", "1234.5", "NZD"},
		{"NZD -1,234,567.005", "", "-1234567.005", "NZD"},
		{"12.30", "NZD", "12.3", "NZD"},
		{"AUD 7", "NZD", "7", "AUD"}, // the code in the text wins over the default
		{"+5", "JPY", "5", "JPY"},
		{"-0.0001", "CLF", "-0.0001", "CLF"},
		{"KWD 0.125", "", "0.125", "KWD"},
		{"XAU 1.5", "", "1.5", "XAU"},
		{"1000", "USD", "1000", "USD"},
		{"999,999", "USD", "999999", "USD"},
	}
	for _, tt := range tests {
		m, err := account.ParseMoney(tt.in, tt.def)
		if err != nil {
			t.Errorf("ParseMoney(%q, %q): %v", tt.in, tt.def, err)
			continue
		}
		want := decimal.RequireFromString(tt.amount)
		if !m.Amount().Equal(want) || m.Currency() != tt.currency {
			t.Errorf("ParseMoney(%q, %q) = %s %s, want %s %s", tt.in, tt.def, m.Currency(), m.Amount(), tt.currency, want)
		}
	}
}

func TestParseMoneyErrorsNameThePart(t *testing.T) {
	tests := []struct {
		in    string
		def   account.Currency
		field string
		value any
	}{
		{"", "NZD", "amount", ""},
		{"12.30", "", "currency", ""},
		{"NZX 12.30", "", "currency", "NZX"},
		{"nzd 12.30", "", "currency", "nzd"},
		{"NZDOLLAR 1", "", "currency", "NZDOLLAR"},
		{"NZD", "", "amount", ""}, // no space: the whole text is the amount, with no default
		{"NZD 12.3.4", "", "amount", "12.3.4"},
		{"NZD 1e3", "", "amount", "1e3"},
		{"NZD .5", "", "amount", ".5"},
		{"NZD 5.", "", "amount", "5."},
		{"NZD 1,23", "", "amount", "1,23"},
		{"NZD 1234,567", "", "amount", "1234,567"},
		{"NZD ,123", "", "amount", ",123"},
		{"NZD 12 30", "", "amount", "12 30"},
		{"NZD --1", "", "amount", "--1"},
		{"NZD $12", "", "amount", "$12"},
		{"NZD NaN", "", "amount", "NaN"},
		{"NZD 1.2,3", "", "amount", "1.2,3"},
		{"NZD 1,,00,000", "", "amount", "1,,00,000"},
		{"NZD 1,000,", "", "amount", "1,000,"},
		{"NZD 1,0000", "", "amount", "1,0000"},
	}
	for _, tt := range tests {
		_, err := account.ParseMoney(tt.in, tt.def)
		if tt.in == "NZD" {
			// "NZD" alone is an amount without a currency: the currency is at fault first.
			tt.field, tt.value = "currency", ""
		}
		var fe *account.FieldError
		if !errors.As(err, &fe) {
			t.Errorf("ParseMoney(%q, %q) error = %v, want a *FieldError", tt.in, tt.def, err)
			continue
		}
		if !errors.Is(err, account.ErrInvalid) {
			t.Errorf("ParseMoney(%q) error does not wrap ErrInvalid", tt.in)
		}
		if fe.Record != "Money" || fe.Field != tt.field || fe.Value != tt.value {
			t.Errorf("ParseMoney(%q, %q) error names %s.%s = %#v, want Money.%s = %#v", tt.in, tt.def, fe.Record, fe.Field, fe.Value, tt.field, tt.value)
		}
	}
}

func TestMoneyFormatting(t *testing.T) {
	tests := []struct {
		in, str, amount, text string
	}{
		{"NZD 1234.5", "NZD 1,234.50", "1234.50", "NZD 1234.50"},
		{"NZD 0", "NZD 0.00", "0.00", "NZD 0.00"},
		{"NZD -1234567.891", "NZD -1,234,567.891", "-1234567.891", "NZD -1234567.891"},
		{"NZD 999", "NZD 999.00", "999.00", "NZD 999.00"},
		{"NZD -100", "NZD -100.00", "-100.00", "NZD -100.00"},
		{"JPY 1200", "JPY 1,200", "1200", "JPY 1200"},
		{"JPY 1200.5", "JPY 1,200.5", "1200.5", "JPY 1200.5"},
		{"KWD 1", "KWD 1.000", "1.000", "KWD 1.000"},
		{"XAU 1.5", "XAU 1.5", "1.5", "XAU 1.5"},
		{"USD 100000", "USD 100,000.00", "100000.00", "USD 100000.00"},
	}
	for _, tt := range tests {
		m := account.MustParseMoney(tt.in)
		text, err := m.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		got := [3]string{m.String(), m.AmountString(), string(text)}
		want := [3]string{tt.str, tt.amount, tt.text}
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("%s: String, AmountString, MarshalText mismatch (-got +want):\n%s", tt.in, diff)
		}
		// Both printed forms read back exactly.
		for _, s := range []string{m.String(), string(text)} {
			back, err := account.ParseMoney(s, "")
			if err != nil || !back.Equal(m) {
				t.Errorf("ParseMoney(%q) = %v, %v; want %v", s, back, err, m)
			}
		}
	}
	if got := (account.Money{}).String(); got != "0" {
		t.Errorf("zero Money prints %q, want %q", got, "0")
	}
}

func TestMoneyArithmetic(t *testing.T) {
	a := account.MustParseMoney("NZD 10.10")
	b := account.MustParseMoney("NZD 0.20")
	sum, err := a.Add(b)
	if err != nil || !sum.Equal(account.MustParseMoney("NZD 10.30")) {
		t.Errorf("Add = %v, %v; want NZD 10.30", sum, err)
	}
	diff, err := b.Sub(a)
	if err != nil || !diff.Equal(account.MustParseMoney("NZD -9.90")) {
		t.Errorf("Sub = %v, %v; want NZD -9.90", diff, err)
	}
	if c, err := a.Cmp(b); err != nil || c != 1 {
		t.Errorf("Cmp = %d, %v; want 1", c, err)
	}
	if !a.Neg().Abs().Equal(a) || a.Neg().Sign() != -1 {
		t.Errorf("Neg/Abs/Sign wrong for %v", a)
	}
	if got := a.Mul(decimal.RequireFromString("0.5")); !got.Equal(account.MustParseMoney("NZD 5.05")) {
		t.Errorf("Mul = %v, want NZD 5.05", got)
	}
	if !account.MustParseMoney("NZD 1.5").Equal(account.MustParseMoney("NZD 1.50")) {
		t.Error("NZD 1.5 and NZD 1.50 are not Equal")
	}
	if account.MustParseMoney("NZD 1").Equal(account.MustParseMoney("AUD 1")) {
		t.Error("NZD 1 Equal to AUD 1")
	}

	aud := account.MustParseMoney("AUD 1")
	_, errAdd := a.Add(aud)
	_, errSub := a.Sub(aud)
	_, errCmp := a.Cmp(aud)
	for i, err := range []error{errAdd, errSub, errCmp} {
		if !errors.Is(err, account.ErrCurrencyMismatch) {
			t.Errorf("case %d: error %v does not wrap ErrCurrencyMismatch", i, err)
		}
	}
}

func TestMoneyRounding(t *testing.T) {
	tests := []struct{ in, round, bank string }{
		{"NZD 0.125", "NZD 0.13", "NZD 0.12"},
		{"NZD -0.125", "NZD -0.13", "NZD -0.12"},
		{"NZD 0.135", "NZD 0.14", "NZD 0.14"},
		{"NZD 0.1249", "NZD 0.12", "NZD 0.12"},
		{"JPY 2.5", "JPY 3", "JPY 2"},
		{"KWD 1.0005", "KWD 1.001", "KWD 1.000"},
		{"XAU 1.23456", "XAU 1.23456", "XAU 1.23456"}, // no minor unit: unchanged
	}
	for _, tt := range tests {
		m := account.MustParseMoney(tt.in)
		if got := m.Round(); !got.Equal(account.MustParseMoney(tt.round)) {
			t.Errorf("%s.Round() = %v, want %s", tt.in, got, tt.round)
		}
		if got := m.RoundBank(); !got.Equal(account.MustParseMoney(tt.bank)) {
			t.Errorf("%s.RoundBank() = %v, want %s", tt.in, got, tt.bank)
		}
	}
}

func TestMoneyJSON(t *testing.T) {
	type row struct {
		Total account.Money  `json:"total"`
		Fee   account.Money  `json:"fee"`
		Opt   *account.Money `json:"opt,omitempty"`
	}
	r := row{Total: account.MustParseMoney("NZD 1234.5")}
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	const want = `{"total":{"amount":"1234.50","currency":"NZD"},"fee":null}`
	if string(b) != want {
		t.Errorf("Marshal = %s, want %s", b, want)
	}
	var back row
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !back.Total.Equal(r.Total) || back.Fee != (account.Money{}) {
		t.Errorf("round trip = %+v, want %+v", back, r)
	}

	// A JSON number is read exactly from its digits.
	var m account.Money
	if err := json.Unmarshal([]byte(`{"amount": 0.100000000000000001, "currency": "USD"}`), &m); err != nil {
		t.Fatal(err)
	}
	if m.AmountString() != "0.100000000000000001" {
		t.Errorf("number amount = %s, want exact digits", m.AmountString())
	}
}

func TestMoneyUnmarshalJSONErrors(t *testing.T) {
	tests := []struct {
		in     string
		field  string // "" means a FieldError on no field (an unknown member, not an object)
		value  any
		reason string
	}{
		{`{"amount":"1.00"}`, "currency", nil, "is missing"},
		{`{"currency":"NZD"}`, "amount", nil, "is missing"},
		{`{"amount":"1.00","currency":"NZX"}`, "currency", "NZX", "is not an active ISO 4217 code"},
		{`{"amount":"1.00","currency":null}`, "currency", nil, "is missing"},
		{`{"amount":"1.00","currency":1}`, "currency", "1", "must be a string"},
		{`{"amount":"1e2","currency":"NZD"}`, "amount", "1e2", "must be a plain decimal number such as 1234.50"},
		{`{"amount":1e2,"currency":"NZD"}`, "amount", "1e2", "must be a plain decimal number such as 1234.50"},
		{`{"amount":true,"currency":"NZD"}`, "amount", "true", "must be a string or a number"},
		{`{"amount":["1"],"currency":"NZD"}`, "amount", `["1"]`, "must be a string or a number"},
		{`{"amount":null,"currency":"NZD"}`, "amount", nil, "is missing"},
		{`{"amount":"","currency":"NZD"}`, "amount", "", "is missing"},
		{`{"amount":" 1","currency":"NZD"}`, "amount", " 1", "must not begin or end with a space"},
		{`{"amount":"1","currency":"NZD","extra":1}`, "", "extra", `is not a member of Money (its members are "amount" and "currency")`},
		{`{"Amount":"1","currency":"NZD"}`, "", "Amount", `is not a member of Money (its members are "amount" and "currency")`},
		{`{"amount":"1","CURRENCY":"NZD"}`, "", "CURRENCY", `is not a member of Money (its members are "amount" and "currency")`},
		{`{"amount":"1","amount":"2","currency":"NZD"}`, "amount", nil, "appears more than once"},
		{`{"currency":"NZD","amount":"1","currency":"AUD"}`, "currency", nil, "appears more than once"},
		{`{"amount":null,"amount":"1","currency":"NZD"}`, "amount", nil, "appears more than once"},
		{`{"amount":{"a":"}","b":[1,{"c":"]"}]},"currency":"NZD"}`, "amount", `{"a":"}","b":[1,{"c":"]"}]}`, "must be a string or a number"},
		{`{"amount":"1\"","currency":"NZD"}`, "amount", `1"`, "must be a plain decimal number such as 1234.50"},
		{`{"amount":"1","am\"ount":"2","currency":"NZD"}`, "", `am"ount`, `is not a member of Money (its members are "amount" and "currency")`},
		{`{"amount" : [ "1" ] , "currency" : "NZD" }`, "amount", `[ "1" ]`, "must be a string or a number"},
		{`{"currency":"NZD","amount":false}`, "amount", `false`, "must be a string or a number"},
		{`"NZD 1.00"`, "", `"NZD 1.00"`, "must be a JSON object or null"},
		{` [] `, "", `[]`, "must be a JSON object or null"},
	}
	for _, tt := range tests {
		var m account.Money
		err := json.Unmarshal([]byte(tt.in), &m)
		var fe *account.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, account.ErrInvalid) {
			t.Errorf("Unmarshal(%s) error = %v, want a FieldError wrapping ErrInvalid", tt.in, err)
			continue
		}
		got := [4]any{fe.Record, fe.Field, fe.Value, fe.Reason}
		if diff := cmp.Diff(got, [4]any{"Money", tt.field, tt.value, tt.reason}); diff != "" {
			t.Errorf("Unmarshal(%s) error %v: Record, Field, Value, Reason mismatch (-got +want):\n%s", tt.in, err, diff)
		}
	}
}

// UnmarshalJSON called directly, not through json.Unmarshal (which checks
// the whole document first), refuses what follows the value.
func TestMoneyUnmarshalJSONDirect(t *testing.T) {
	const ok = `{"amount":"1.50","currency":"NZD"}`
	for _, in := range []string{
		ok + ` x`, ok + ok, ok + ` null`, ok + `}`, `null null`, `null x`, `{`, ``, ` `, `nul`,
	} {
		var m account.Money
		if err := m.UnmarshalJSON([]byte(in)); err == nil {
			t.Errorf("UnmarshalJSON(%s) = %v, want an error", in, m)
		} else if errors.As(err, new(*account.FieldError)) {
			t.Errorf("UnmarshalJSON(%s) error = %v, want the JSON syntax error", in, err)
		} else if !errors.As(err, new(*json.SyntaxError)) {
			t.Errorf("UnmarshalJSON(%s) error = %v, want it to wrap a *json.SyntaxError", in, err)
		}
	}
	want := account.MustParseMoney("NZD 1.5")
	for _, in := range []string{
		ok, " \t\r\n" + ok + " \n", `{"currency":"NZD","amount":1.50}`, `{ "amount" : "1.5" , "currency" : "NZD" }`,
		`{"\u0061mount":"1.5","currency":"N\u005aD"}`, // the same names and code, escaped
	} {
		m := account.MustParseMoney("AUD 9")
		if err := m.UnmarshalJSON([]byte(in)); err != nil || !m.Equal(want) {
			t.Errorf("UnmarshalJSON(%s) = %v, %v; want %v", in, m, err, want)
		}
	}
	for _, in := range []string{`null`, ` null `} {
		m := want
		if err := m.UnmarshalJSON([]byte(in)); err != nil || m != (account.Money{}) {
			t.Errorf("UnmarshalJSON(%q) = %#v, %v; want the zero Money", in, m, err)
		}
	}
}

// Exactly one space separates the code from the amount; none may come
// before or after the text.
func TestParseMoneySpaces(t *testing.T) {
	tests := []struct {
		in     string
		def    account.Currency
		field  string
		value  string
		reason string
	}{
		{" NZD 1", "", "currency", "", "is missing (the text begins with a space)"},
		{" 1", "NZD", "currency", "", "is missing (the text begins with a space)"},
		{"NZD  1", "", "amount", " 1", "must not begin or end with a space"},
		{"NZD 1 ", "", "amount", "1 ", "must not begin or end with a space"},
		{"NZD 1  ", "", "amount", "1  ", "must not begin or end with a space"},
		{"NZD 1 000", "", "amount", "1 000", "must be a plain decimal number such as 1234.50"},
		{"NZD\t1", "NZD", "amount", "NZD\t1", "must be a plain decimal number such as 1234.50"},
		{"NZD 1\n", "", "amount", "1\n", "must be a plain decimal number such as 1234.50"},
		{"1 ", "NZD", "currency", "1", "must be a three-letter ISO 4217 code"},
		{"\tNZD 1", "", "currency", "\tNZD", "must be a three-letter ISO 4217 code"},
		{"NZD\u00a01", "NZD", "amount", "NZD\u00a01", "must be a plain decimal number such as 1234.50"},
	}
	for _, tt := range tests {
		m, err := account.ParseMoney(tt.in, tt.def)
		var fe *account.FieldError
		if !errors.As(err, &fe) || !errors.Is(err, account.ErrInvalid) {
			t.Errorf("ParseMoney(%q, %q) = %v, %v; want a FieldError wrapping ErrInvalid", tt.in, tt.def, m, err)
			continue
		}
		got := [4]any{fe.Record, fe.Field, fe.Value, fe.Reason}
		if diff := cmp.Diff(got, [4]any{"Money", tt.field, tt.value, tt.reason}); diff != "" {
			t.Errorf("ParseMoney(%q, %q): Record, Field, Value, Reason mismatch (-got +want):\n%s", tt.in, tt.def, diff)
		}
	}
	// Text does the same; only empty text is the zero Money.
	for _, in := range []string{" ", "\n", " NZD 1", "NZD 1 "} {
		var m account.Money
		if err := m.UnmarshalText([]byte(in)); !errors.Is(err, account.ErrInvalid) {
			t.Errorf("UnmarshalText(%q) = %v, %v; want ErrInvalid", in, m, err)
		}
	}
}

func TestCurrency(t *testing.T) {
	tests := []struct {
		code  string
		minor int
	}{
		{"NZD", 2}, {"JPY", 0}, {"KWD", 3}, {"CLF", 4}, {"XAU", -1}, {"EUR", 2},
	}
	for _, tt := range tests {
		c, err := account.ParseCurrency(tt.code)
		if err != nil {
			t.Errorf("ParseCurrency(%q): %v", tt.code, err)
			continue
		}
		if got := c.MinorUnits(); got != tt.minor {
			t.Errorf("%s.MinorUnits() = %d, want %d", tt.code, got, tt.minor)
		}
	}
	// Withdrawn codes (Bulgaria adopted the euro on 2026-01-01; Croatia in
	// 2023) and malformed ones are rejected.
	for _, code := range []string{"BGN", "HRK", "ANG", "ZWL", "nzd", "NZ", "", "ÑZD"} {
		if _, err := account.ParseCurrency(code); !errors.Is(err, account.ErrInvalid) {
			t.Errorf("ParseCurrency(%q) = %v, want ErrInvalid", code, err)
		}
		if account.Currency(code).MinorUnits() != -1 {
			t.Errorf("%q.MinorUnits() != -1", code)
		}
	}
	if _, err := account.NewMoney(decimal.NewFromInt(1), "BGN"); !errors.Is(err, account.ErrInvalid) {
		t.Errorf("NewMoney with BGN: %v, want ErrInvalid", err)
	}
}

// The zero Money is the neutral start of a sum in any currency, and only
// the zero Money is: a zero amount in a currency still mismatches.
func TestZeroMoneyIsNeutral(t *testing.T) {
	nzd5 := account.MustParseMoney("NZD 5")
	for _, tt := range []struct {
		name string
		got  func() (account.Money, error)
		want account.Money
	}{
		{"zero+x", func() (account.Money, error) { return account.Money{}.Add(nzd5) }, nzd5},
		{"x+zero", func() (account.Money, error) { return nzd5.Add(account.Money{}) }, nzd5},
		{"zero-x", func() (account.Money, error) { return account.Money{}.Sub(nzd5) }, nzd5.Neg()},
		{"x-zero", func() (account.Money, error) { return nzd5.Sub(account.Money{}) }, nzd5},
		{"zero+zero", func() (account.Money, error) { return account.Money{}.Add(account.Money{}) }, account.Money{}},
	} {
		got, err := tt.got()
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s = %v, %v; want %v", tt.name, got, err, tt.want)
		}
	}
	usd0 := account.MustParseMoney("USD 0")
	if _, err := usd0.Add(nzd5); !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("USD 0 + NZD 5 error = %v, want ErrCurrencyMismatch", err)
	}
	if _, err := nzd5.Sub(usd0); !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("NZD 5 - USD 0 error = %v, want ErrCurrencyMismatch", err)
	}
}

// amountForms reads amount as each text form does: ParseMoney, UnmarshalText,
// and UnmarshalJSON with the amount as a string and, when it can be one, as
// a number (that is, when it is valid JSON).
func amountForms(amount string) map[string]func() (account.Money, error) {
	forms := map[string]func() (account.Money, error){
		"ParseMoney": func() (account.Money, error) { return account.ParseMoney("NZD "+amount, "") },
		"UnmarshalText": func() (account.Money, error) {
			var m account.Money
			err := m.UnmarshalText([]byte("NZD " + amount))
			return m, err
		},
		"UnmarshalJSON string": func() (account.Money, error) {
			var m account.Money
			err := m.UnmarshalJSON([]byte(`{"amount":"` + amount + `","currency":"NZD"}`))
			return m, err
		},
	}
	if json.Valid([]byte(amount)) { // a JSON number
		forms["UnmarshalJSON number"] = func() (account.Money, error) {
			var m account.Money
			err := m.UnmarshalJSON([]byte(`{"currency":"NZD","amount":` + amount + `}`))
			return m, err
		}
	}
	return forms
}

func TestMoneyDigitLimits(t *testing.T) {
	if account.MaxIntegerDigits != 40 || account.MaxFractionDigits != 18 {
		t.Fatalf("limits are %d and %d digits, documented as 40 and 18", account.MaxIntegerDigits, account.MaxFractionDigits)
	}
	nines := func(n int) string { return strings.Repeat("9", n) }
	grouped := "9" + strings.Repeat(",999", 13) // 40 digits with separators
	for _, amount := range []string{
		nines(40), "-" + nines(40), grouped, "-" + grouped + "." + nines(18), "0." + nines(18),
		strings.Repeat("0", 40) + "." + strings.Repeat("0", 18),
	} {
		want := decimal.RequireFromString(strings.ReplaceAll(amount, ",", ""))
		for name, read := range amountForms(amount) {
			m, err := read()
			if err != nil || !m.Amount().Equal(want) {
				t.Errorf("%s of a %d-byte amount at the limits = %v, %v; want %s", name, len(amount), m, err, want)
			}
		}
	}

	const intReason, fracReason = "is longer than 40 digits before the decimal point", "is longer than 18 digits after the decimal point"
	for _, tt := range []struct{ amount, reason string }{
		{nines(41), intReason},
		{"-" + strings.Repeat("0", 41), intReason},
		{"9" + grouped, intReason},
		{"1." + nines(19), fracReason},
		{"0." + strings.Repeat("0", 1_000_000), fracReason}, // the decimal library's own limit used to answer
		{nines(4_000_000), intReason},                       // took 24 s to parse
		{nines(4_000_000) + ".5", intReason},
		{strings.Repeat(",", 1_000_000), "has misplaced thousands separators"},
		{strings.Repeat("x", 1_000_000), intReason},
	} {
		for name, read := range amountForms(tt.amount) {
			m, err := read()
			var fe *account.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, account.ErrInvalid) {
				t.Errorf("%s of a %d-byte amount = %v, %.200v; want a FieldError wrapping ErrInvalid", name, len(tt.amount), m, err)
				continue
			}
			if fe.Record != "Money" || fe.Field != "amount" || fe.Reason != tt.reason || fe.Value != tt.amount || len(err.Error()) > 200 {
				t.Errorf("%s of a %d-byte amount: error %.200v; want Money amount (quoted to 64 bytes): %s", name, len(tt.amount), err, tt.reason)
			}
		}
	}
}

// An error quotes a long value as every error of the module does
// (internal/fault): its first 64 bytes, cut at a character boundary, and
// its length.
func TestMoneyErrorValueBounded(t *testing.T) {
	x := func(n int) string { return strings.Repeat("x", n) }
	tests := []struct{ amount, quoted string }{
		{x(64), `"` + x(64) + `": `},
		{x(65), `"` + x(64) + `"… (65 bytes)`},
		{x(63) + "é" + x(10), `"` + x(63) + `"… (75 bytes)`}, // é is bytes 63 and 64: the cut goes before it
	}
	for _, tt := range tests {
		_, err := account.ParseMoney(tt.amount, "NZD")
		var fe *account.FieldError
		if !errors.As(err, &fe) || fe.Field != "amount" || !strings.Contains(err.Error(), "amount "+tt.quoted) {
			t.Errorf("ParseMoney(%q) error = %v, want a FieldError on the amount quoting %s", tt.amount, err, tt.quoted)
		}
	}
	// A currency code, in the text or in JSON, is quoted the same way.
	var m account.Money
	err := m.UnmarshalJSON([]byte(`{"amount":"1","currency":"` + x(100) + `"}`))
	if fe := new(account.FieldError); !errors.As(err, &fe) || fe.Field != "currency" || !strings.Contains(err.Error(), `"`+x(64)+`"… (100 bytes)`) {
		t.Errorf("UnmarshalJSON with a 100-byte code: error %v, want the code quoted to 64 bytes with its length", err)
	}
	if _, err := account.ParseMoney(x(100)+" 1", ""); !strings.Contains(err.Error(), `"`+x(64)+`"… (100 bytes)`) {
		t.Errorf("ParseMoney with a 100-byte code: error %v, want the code quoted to 64 bytes with its length", err)
	}
}
