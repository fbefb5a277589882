package account

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Money is an exact amount in one currency.
//
// The amount is a [decimal.Decimal], never a float: 0.10 + 0.20 is exactly
// 0.30. It may carry more digits than the currency's minor unit (a unit
// price of NZD 0.125, say); rounding to the minor unit happens only when
// asked for, with [Money.Round] or [Money.RoundBank].
//
// Money is a small immutable value: pass it and store it by value, and
// compare with [Money.Equal] or [Money.Cmp], not ==, since equal amounts may
// have different internal representations (1.5 and 1.50).
//
// Arithmetic and comparison across currencies is an error wrapping
// [ErrCurrencyMismatch]; the package never converts.
//
// The zero Money has no currency and a zero amount. It is the neutral start
// of a sum: [Money.Add] and [Money.Sub] take the other operand's currency,
// so a running total needs no special first step. It is not a valid amount
// on its own ([Money.Validate] rejects it, and [Money.Currency] returns ""),
// and it marshals to JSON null. Build values with [NewMoney], [ParseMoney] or [MustParseMoney].
type Money struct {
	amount   decimal.Decimal
	currency Currency
}

// NewMoney returns amount in currency c. The error, if c is not an active
// ISO 4217 code, is a [*FieldError] wrapping [ErrInvalid].
func NewMoney(amount decimal.Decimal, c Currency) (Money, error) {
	if !c.Valid() {
		return Money{}, &FieldError{Record: "Money", Field: "currency", Value: string(c), Reason: currencyReason(string(c)), Err: ErrInvalid}
	}
	return Money{amount: amount, currency: c}, nil
}

// ParseMoney parses text such as "NZD 1,234.50", "NZD -12.3" or "12.30".
//
// The text is an optional ISO 4217 code, a space, and a plain decimal amount:
// an optional sign, at least one digit, optional thousands separators (",",
// in groups of three), and an optional fractional part. Exponents, currency
// symbols and other separators are rejected. Without a code, the amount is
// in currency def; def is ignored when the text has a code.
//
// The error names the part at fault: it is a [*FieldError] (wrapping
// [ErrInvalid]) whose Field is "currency" or "amount" and whose Value is
// that part of the text.
func ParseMoney(s string, def Currency) (Money, error) {
	code, amt, hasCode := strings.Cut(strings.TrimSpace(s), " ")
	if !hasCode {
		code, amt = string(def), code
	}
	amt = strings.TrimSpace(amt)
	c, err := ParseCurrency(code)
	if err != nil {
		reason := currencyReason(code)
		if !hasCode && code == "" {
			reason = "is missing (no code in the text and no default)"
		}
		return Money{}, &FieldError{Record: "Money", Field: "currency", Value: code, Reason: reason, Err: ErrInvalid}
	}
	d, err := parseAmount(amt)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: d, currency: c}, nil
}

// MustParseMoney is like [ParseMoney] with no default currency, but panics if
// the text cannot be parsed. It is meant for constants in tests and examples:
// a literal that does not parse is a programming error.
func MustParseMoney(s string) Money {
	m, err := ParseMoney(s, "")
	if err != nil {
		panic(err)
	}
	return m
}

// parseAmount parses the plain decimal grammar described at [ParseMoney].
func parseAmount(s string) (decimal.Decimal, error) {
	bad := func(reason string) (decimal.Decimal, error) {
		return decimal.Decimal{}, &FieldError{Record: "Money", Field: "amount", Value: s, Reason: reason, Err: ErrInvalid}
	}
	if s == "" {
		return bad("is missing")
	}
	body := s
	if body[0] == '+' || body[0] == '-' {
		body = body[1:]
	}
	intPart, frac, hasDot := strings.Cut(body, ".")
	if intPart == "" {
		return bad("must have a digit before the decimal point")
	}
	if hasDot && frac == "" {
		return bad("must have a digit after the decimal point")
	}
	if !allDigits(frac) {
		return bad("must be a plain decimal number such as 1234.50")
	}
	if strings.Contains(intPart, ",") {
		groups := strings.Split(intPart, ",")
		if len(groups[0]) < 1 || len(groups[0]) > 3 {
			return bad("has misplaced thousands separators")
		}
		for _, g := range groups[1:] {
			if len(g) != 3 {
				return bad("has misplaced thousands separators")
			}
		}
		intPart = strings.Join(groups, "")
	}
	if !allDigits(intPart) {
		return bad("must be a plain decimal number such as 1234.50")
	}
	plain := intPart
	if hasDot {
		plain += "." + frac
	}
	if s[0] == '-' {
		plain = "-" + plain
	}
	d, err := decimal.NewFromString(plain)
	if err != nil {
		return bad(err.Error())
	}
	return d, nil
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Amount returns the exact amount.
func (m Money) Amount() decimal.Decimal { return m.amount }

// Currency returns the currency, or "" for the zero Money.
func (m Money) Currency() Currency { return m.currency }

// IsZero reports whether the amount is zero, in any currency.
func (m Money) IsZero() bool { return m.amount.IsZero() }

// Sign returns -1, 0 or +1 as the amount is negative, zero or positive.
func (m Money) Sign() int { return m.amount.Sign() }

// Add returns m + o. The error wraps [ErrCurrencyMismatch] if the currencies
// differ.
//
// The zero Money is neutral: it adds to an amount in any currency, so a
// running total starts from the zero value,
//
//	var total account.Money
//	for _, t := range txs {
//		if total, err = total.Add(t.Amount); err != nil { ... }
//	}
//
// and Money{}.Add(NZD 5) is NZD 5.
func (m Money) Add(o Money) (Money, error) {
	c, err := m.common("add", o)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Add(o.amount), currency: c}, nil
}

// Sub returns m - o. The error wraps [ErrCurrencyMismatch] if the currencies
// differ. As with [Money.Add], the zero Money is neutral: Money{}.Sub(NZD 5)
// is NZD -5.
func (m Money) Sub(o Money) (Money, error) {
	c, err := m.common("subtract", o)
	if err != nil {
		return Money{}, err
	}
	return Money{amount: m.amount.Sub(o.amount), currency: c}, nil
}

// common returns the currency of m op o: their currency if they share it,
// the other's if one is the zero Money.
func (m Money) common(op string, o Money) (Currency, error) {
	switch {
	case m.currency == o.currency:
		return m.currency, nil
	case m.currency == "" && m.amount.IsZero():
		return o.currency, nil
	case o.currency == "" && o.amount.IsZero():
		return m.currency, nil
	}
	return "", m.mismatch(op, o)
}

// Neg returns -m.
func (m Money) Neg() Money { return Money{amount: m.amount.Neg(), currency: m.currency} }

// Abs returns the absolute value of m.
func (m Money) Abs() Money { return Money{amount: m.amount.Abs(), currency: m.currency} }

// Mul returns m multiplied by the exact factor f, in the same currency (a
// share of a budget, a quantity times a unit price). The result is exact and
// not rounded.
func (m Money) Mul(f decimal.Decimal) Money {
	return Money{amount: m.amount.Mul(f), currency: m.currency}
}

// Cmp compares the amounts of m and o: -1 if m < o, 0 if equal, +1 if m > o.
// The error wraps [ErrCurrencyMismatch] if the currencies differ.
func (m Money) Cmp(o Money) (int, error) {
	if m.currency != o.currency {
		return 0, m.mismatch("compare", o)
	}
	return m.amount.Cmp(o.amount), nil
}

// Equal reports whether m and o have the same currency and numerically equal
// amounts (NZD 1.5 equals NZD 1.50).
func (m Money) Equal(o Money) bool {
	return m.currency == o.currency && m.amount.Equal(o.amount)
}

func (m Money) mismatch(op string, o Money) error {
	return fmt.Errorf("account: %s %q and %q amounts: %w", op, string(m.currency), string(o.currency), ErrCurrencyMismatch)
}

// Round returns m rounded to the currency's minor unit, halves away from
// zero (NZD 0.125 becomes NZD 0.13, NZD -0.125 becomes NZD -0.13). Amounts in
// currencies without a minor unit (such as XAU) are returned unchanged.
func (m Money) Round() Money {
	if p := m.currency.MinorUnits(); p >= 0 {
		return Money{amount: m.amount.Round(int32(p)), currency: m.currency}
	}
	return m
}

// RoundBank is like [Money.Round] but rounds halves to the even digit
// (banker's rounding: NZD 0.125 becomes NZD 0.12, NZD 0.135 becomes NZD 0.14).
func (m Money) RoundBank() Money {
	if p := m.currency.MinorUnits(); p >= 0 {
		return Money{amount: m.amount.RoundBank(int32(p)), currency: m.currency}
	}
	return m
}

// Validate reports whether m has a valid currency. The zero Money is invalid.
func (m Money) Validate() error {
	if !m.currency.Valid() {
		return &FieldError{Record: "Money", Field: "currency", Value: string(m.currency), Reason: currencyReason(string(m.currency)), Err: ErrInvalid}
	}
	return nil
}

// places is the number of fractional digits to print: the minor unit, or
// more if the amount carries more, so that printing never loses a digit.
func (m Money) places() int32 {
	p := int32(max(m.currency.MinorUnits(), 0))
	if e := m.amount.Exponent(); -e > p {
		p = -e
	}
	return p
}

// AmountString returns the amount as a plain decimal string with at least
// the currency's minor-unit digits and never fewer digits than the amount
// holds: "1234.50" for NZD 1234.5, "0.125" for NZD 0.125, "1200" for JPY 1200.
func (m Money) AmountString() string {
	return m.amount.StringFixed(m.places())
}

// String returns m for people to read, with the code, thousands separators
// and at least the minor-unit digits: "NZD 1,234.50", "NZD -0.125",
// "JPY 1,200". [ParseMoney] reads it back exactly. The zero Money prints as
// "0" with no code.
func (m Money) String() string {
	s := m.AmountString()
	if m.currency == "" {
		return s
	}
	return string(m.currency) + " " + group(s)
}

// group inserts thousands separators into the integer part of a plain
// decimal string.
func group(s string) string {
	sign := ""
	if s != "" && s[0] == '-' {
		sign, s = "-", s[1:]
	}
	intPart, frac, hasDot := strings.Cut(s, ".")
	if len(intPart) <= 3 {
		return sign + s
	}
	var b strings.Builder
	b.WriteString(sign)
	head := len(intPart) % 3
	if head == 0 {
		head = 3
	}
	b.WriteString(intPart[:head])
	for i := head; i < len(intPart); i += 3 {
		b.WriteByte(',')
		b.WriteString(intPart[i : i+3])
	}
	if hasDot {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// MarshalText encodes m as "NZD 1234.50" (no thousands separators), the zero
// Money as empty text. It implements [encoding.TextMarshaler].
func (m Money) MarshalText() ([]byte, error) {
	if m.currency == "" {
		return []byte{}, nil
	}
	return []byte(string(m.currency) + " " + m.AmountString()), nil
}

// UnmarshalText decodes text written by [Money.MarshalText] or
// [Money.String]; empty text decodes to the zero Money. It implements
// [encoding.TextUnmarshaler]; its errors are those of [ParseMoney].
func (m *Money) UnmarshalText(text []byte) error {
	if len(bytes.TrimSpace(text)) == 0 {
		*m = Money{}
		return nil
	}
	v, err := ParseMoney(string(text), "")
	if err != nil {
		return err
	}
	*m = v
	return nil
}

type moneyJSON struct {
	Amount   json.RawMessage `json:"amount"`
	Currency *string         `json:"currency"`
}

// MarshalJSON encodes m as {"amount":"1234.50","currency":"NZD"}, with the
// amount as a string so that no JSON reader turns it into a float. The zero
// Money encodes as null.
func (m Money) MarshalJSON() ([]byte, error) {
	if m.currency == "" {
		return []byte("null"), nil
	}
	var b []byte
	b = append(b, `{"amount":"`...)
	b = append(b, m.AmountString()...)
	b = append(b, `","currency":"`...)
	b = append(b, m.currency...)
	b = append(b, `"}`...)
	return b, nil
}

// UnmarshalJSON decodes the form [Money.MarshalJSON] writes; null decodes to
// the zero Money. The amount may also be a JSON number, read exactly from its
// digits; either way it must follow the grammar of [ParseMoney] (without
// thousands separators being required). Errors name the member at fault.
func (m *Money) UnmarshalJSON(data []byte) error {
	if string(bytes.TrimSpace(data)) == "null" {
		*m = Money{}
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var raw moneyJSON
	if err := dec.Decode(&raw); err != nil {
		return fmt.Errorf("account: Money: %w", err)
	}
	if raw.Currency == nil {
		return &FieldError{Record: "Money", Field: "currency", Reason: "is missing", Err: ErrInvalid}
	}
	c, err := ParseCurrency(*raw.Currency)
	if err != nil {
		return &FieldError{Record: "Money", Field: "currency", Value: *raw.Currency, Reason: currencyReason(*raw.Currency), Err: ErrInvalid}
	}
	if raw.Amount == nil {
		return &FieldError{Record: "Money", Field: "amount", Reason: "is missing", Err: ErrInvalid}
	}
	text := string(raw.Amount)
	if len(raw.Amount) > 0 && raw.Amount[0] == '"' {
		if err := json.Unmarshal(raw.Amount, &text); err != nil {
			return &FieldError{Record: "Money", Field: "amount", Value: string(raw.Amount), Reason: "must be a string or number", Err: ErrInvalid}
		}
	}
	d, err := parseAmount(text)
	if err != nil {
		return err
	}
	*m = Money{amount: d, currency: c}
	return nil
}
