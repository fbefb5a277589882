package account_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
)

// The grammar of Money's text, written again as a regular expression, apart
// from the code in money.go, as the reference the fuzz targets below hold
// it to. An amount is a sign, at most 40 integer digits written plain or
// in groups of three (a first group of one, two or three digits), and at
// most 18 fraction digits.
const refAmount = `[+-]?(?:[0-9]{1,40}|[0-9](?:,[0-9]{3}){1,13}|[0-9]{2,3}(?:,[0-9]{3}){1,12})(?:\.[0-9]{1,18})?`

var (
	refAmountRE = regexp.MustCompile(`^` + refAmount + `$`)
	refMoneyRE  = regexp.MustCompile(`^(?:([A-Z]{3}) )?(` + refAmount + `)$`)
)

// refParseMoney is the reference for ParseMoney: whether it accepts s with
// default def, and if so, what it returns.
func refParseMoney(s string, def account.Currency) (account.Currency, decimal.Decimal, bool) {
	sub := refMoneyRE.FindStringSubmatch(s)
	if sub == nil {
		return "", decimal.Decimal{}, false
	}
	c := def
	if sub[1] != "" {
		c = account.Currency(sub[1])
	}
	if !c.Valid() {
		return "", decimal.Decimal{}, false
	}
	return c, refDecimal(sub[2]), true
}

// refDecimal is the value of an amount the reference grammar accepts.
func refDecimal(amount string) decimal.Decimal {
	return decimal.RequireFromString(strings.ReplaceAll(amount, ",", ""))
}

// oversize are inputs far beyond the limits, each of which must be refused
// at once. They are 5,000 bytes at the most, so that the fuzzer, which
// mutates and minimises its corpus, stays quick; TestMoneyDigitLimits
// reads amounts of 4,000,000 digits.
func oversize() []string {
	const n = 5_000
	return []string{
		strings.Repeat("9", n),
		"-" + strings.Repeat("9", n) + ".5",
		"0." + strings.Repeat("0", n),
		strings.Repeat("9", 41),
		"1." + strings.Repeat("0", 19),
		strings.Repeat("1,000", n/5),
		strings.Repeat(",", n),
		strings.Repeat(" ", n) + "1",
	}
}

func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{
		"NZD 1,234.50", "12.30", "-0.5", "+0", "JPY 1200", "NZD 1e3", "NZD ,1", " AUD  7 ", "AUD 7 ", " 7",
		"XAU 0.000001", "NZD 1,,000", "NZD 1,000,", "NZD 1,0000", "NZD 1234,567", "NZD 12,345,678.9", "NZD",
		"NZD 1.", "NZD .1", "nzd 1", "NZX 1", "NZD\t1", "NZD 1\n", "NZD -", "NZD 1.2.3", "NZD 1 2",
		"9" + strings.Repeat(",999", 13) + "." + strings.Repeat("9", 18),
	} {
		f.Add(s, "NZD")
	}
	for _, s := range oversize() {
		f.Add(s, "NZD")
		f.Add("NZD "+s, "")
	}
	f.Fuzz(func(t *testing.T, s, def string) {
		wantC, wantD, ok := refParseMoney(s, account.Currency(def))
		m, err := account.ParseMoney(s, account.Currency(def))
		if ok != (err == nil) {
			t.Fatalf("ParseMoney(%.100q, %.10q) = %v, %.200v; the grammar accepts it: %v", s, def, m, err, ok)
		}
		if err != nil {
			var fe *account.FieldError
			if !errors.As(err, &fe) || !errors.Is(err, account.ErrInvalid) || fe.Record != "Money" || (fe.Field != "amount" && fe.Field != "currency") {
				t.Fatalf("ParseMoney(%.100q) error %.200v is not a FieldError on Money's amount or currency", s, err)
			}
			if len(err.Error()) > 500 {
				t.Fatalf("ParseMoney(%.100q) error has %d bytes of text", s, len(err.Error()))
			}
			return
		}
		if m.Currency() != wantC || !m.Amount().Equal(wantD) || m.Validate() != nil {
			t.Fatalf("ParseMoney(%q, %q) = %v, the grammar reads %s %s", s, def, m, wantC, wantD)
		}
		if again := mustJSON(t, m); !again.Equal(m) {
			t.Fatalf("ParseMoney(%q) = %v, through JSON %v", s, m, again)
		}
		for _, text := range []string{m.String(), mustText(t, m)} {
			back, err := account.ParseMoney(text, "")
			if err != nil || !back.Equal(m) {
				t.Fatalf("ParseMoney(%q) = %v, written as %q, reads back as %v, %v", s, m, text, back, err)
			}
		}
	})
}

// mustJSON returns m marshalled to JSON and read back.
func mustJSON(t *testing.T, m account.Money) account.Money {
	t.Helper()
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	var back account.Money
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v marshals to %s, which reads back with %v", m, b, err)
	}
	return back
}

// mustText returns m's MarshalText.
func mustText(t *testing.T, m account.Money) string {
	t.Helper()
	b, err := m.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// refUnmarshalJSON is the reference for Money.UnmarshalJSON: whether it
// accepts data, and if so, what it returns (the zero Money for null).
func refUnmarshalJSON(data []byte) (account.Money, bool) {
	if !json.Valid(data) {
		return account.Money{}, false
	}
	if string(bytes.TrimSpace(data)) == "null" {
		return account.Money{}, true
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil || len(members) != 2 || countMembers(data) != 2 {
		return account.Money{}, false
	}
	var code string
	if cur := members["currency"]; len(cur) == 0 || cur[0] != '"' || json.Unmarshal(cur, &code) != nil || !account.Currency(code).Valid() {
		return account.Money{}, false
	}
	amt := members["amount"]
	var text string
	switch {
	case len(amt) == 0:
		return account.Money{}, false
	case amt[0] == '"':
		if json.Unmarshal(amt, &text) != nil {
			return account.Money{}, false
		}
	case amt[0] == '-' || amt[0] >= '0' && amt[0] <= '9': // a JSON number
		text = string(amt)
	default:
		return account.Money{}, false
	}
	if !refAmountRE.MatchString(text) {
		return account.Money{}, false
	}
	m, err := account.NewMoney(refDecimal(text), account.Currency(code))
	return m, err == nil
}

// countMembers counts the members of the object data, valid JSON: the
// commas outside strings at depth 1, plus one.
func countMembers(data []byte) int {
	n, depth, inString, escaped := 1, 0, false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
		case c == ',' && depth == 1:
			n++
		}
	}
	return n
}

func FuzzMoneyUnmarshalJSON(f *testing.F) {
	for _, s := range []string{
		`{"amount":"1234.50","currency":"NZD"}`, `null`, ` null `, `{"amount":1.5,"currency":"JPY"}`,
		`{"currency":"NZD","amount":"-1,234.5"}`, `{"amount":"x","currency":"NZD"}`, `{"currency":"NZD"}`, `[]`, `{}`,
		`{"amount":"1","currency":"NZD","x":1}`, `{"amount":"1","currency":"NZD"} x`, `{"amount":"1","currency":"NZD"}{}`,
		`{"Amount":"1","currency":"NZD"}`, `{"amount":"1","amount":"1","currency":"NZD"}`, `{"amount":null,"currency":"NZD"}`,
		`{"amount":"1","currency":null}`, `{"\u0061mount":"1","currency":"NZD"}`, `{"amount":"1,000","currency":"N\"ZD"}`,
		`{"amount":1e3,"currency":"NZD"}`, `{"amount":" 1","currency":"NZD"}`, `{"amount":{"a":[1,2]},"currency":"NZD"}`,
		`"NZD 1"`, `1`, `{"amount":"1","currency":"NZD"`, "\t{\"amount\":\"1\",\"currency\":\"NZD\"}\n",
	} {
		f.Add([]byte(s))
	}
	for _, s := range oversize() {
		f.Add([]byte(`{"amount":"` + s + `","currency":"NZD"}`))
		f.Add([]byte(`{"currency":"NZD","amount":` + strings.TrimSpace(s) + `}`))
		f.Add([]byte(`{"amount":"1","currency":"NZD","` + s + `":1}`))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		want, ok := refUnmarshalJSON(data)
		m := account.MustParseMoney("AUD 9") // not the zero value: null must reset it
		err := m.UnmarshalJSON(data)
		if ok != (err == nil) {
			t.Fatalf("UnmarshalJSON(%.200q) = %v, %.200v; the grammar accepts it: %v", data, m, err, ok)
		}
		if err != nil {
			if len(err.Error()) > 500 {
				t.Fatalf("UnmarshalJSON(%.100q) error has %d bytes", data, len(err.Error()))
			}
			return
		}
		if !m.Equal(want) {
			t.Fatalf("UnmarshalJSON(%q) = %#v, the grammar reads %#v", data, m, want)
		}
		if again := mustJSON(t, m); !again.Equal(m) {
			t.Fatalf("UnmarshalJSON(%q) = %v, through JSON again %v", data, m, again)
		}
	})
}
