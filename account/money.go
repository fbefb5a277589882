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
//
// Money reads and writes text ([Money.String], [ParseMoney]; [Money.MarshalText],
// [Money.UnmarshalText]) and JSON ([Money.MarshalJSON], [Money.UnmarshalJSON])
// in strict grammars, given at the functions that read them, with amounts of
// at most [MaxIntegerDigits] and [MaxFractionDigits] digits.
type Money struct {
	amount   decimal.Decimal
	currency Currency
}

// The most digits the text forms of a [Money] may have: [ParseMoney],
// [Money.UnmarshalText] and [Money.UnmarshalJSON] refuse an amount with
// more, before they parse it, so that reading any text costs time and
// memory in proportion to its length. Digits are counted as written,
// leading and trailing zeros included, thousands separators and the sign
// not. The limits are far beyond any real amount in any currency, the
// hyperinflations of history included.
//
// The limits bound what is read, not what a Money holds: [NewMoney] takes
// the amount its caller built as it is, and arithmetic ([Money.Add],
// [Money.Mul]) may make amounts beyond them. Such an amount prints and
// marshals in full, but the text does not read back ([Money.Round] brings
// its fraction within the limit, in a currency with a minor unit).
const (
	// MaxIntegerDigits is the most digits an amount's text may have
	// before the decimal point.
	MaxIntegerDigits = 40
	// MaxFractionDigits is the most digits an amount's text may have
	// after the decimal point.
	MaxFractionDigits = 18
)

// NewMoney returns amount in currency c. The error, if c is not an active
// ISO 4217 code, is a [*FieldError] wrapping [ErrInvalid].
//
// NewMoney does not apply [MaxIntegerDigits] and [MaxFractionDigits]: those
// bound the cost of reading text, which an amount already built has paid,
// and sums and products of amounts within them may exceed them anyway.
func NewMoney(amount decimal.Decimal, c Currency) (Money, error) {
	if !c.Valid() {
		return Money{}, &FieldError{Record: "Money", Field: "currency", Value: string(c), Reason: currencyReason(string(c)), Err: ErrInvalid}
	}
	return Money{amount: amount, currency: c}, nil
}

// ParseMoney parses text such as "NZD 1,234.50", "NZD -12.3" or "12.30".
//
// The text is an optional ISO 4217 code followed by exactly one space, then
// a plain decimal amount, with nothing before or after:
//
//	money   = [ code " " ] amount
//	code    = three upper-case letters, an active code (see [ParseCurrency])
//	amount  = [ "+" | "-" ] integer [ "." digits ]
//	integer = digits | 1*3digit 1*( "," 3digit )
//	digits  = 1*digit, digit = "0" to "9"
//
// that is, an optional sign, at least one digit, optional thousands
// separators ("," between groups of three), and an optional fractional part
// of at least one digit. The amount has at most [MaxIntegerDigits] digits
// before the point and [MaxFractionDigits] after it, checked before anything
// else is parsed. Spaces other than the one after the code, exponents,
// currency symbols and other separators are rejected. Without a code, the
// amount is in currency def; def is ignored when the text has a code.
// [Money.String] and [Money.MarshalText] write text that ParseMoney reads
// back exactly.
//
// The error names the part at fault: it is a [*FieldError] (wrapping
// [ErrInvalid]) whose Field is "currency" or "amount" and whose Value is
// that part of the text.
func ParseMoney(s string, def Currency) (Money, error) {
	code, amt, hasCode := strings.Cut(s, " ")
	if !hasCode {
		code, amt = string(def), code
	}
	c, err := ParseCurrency(code)
	if err != nil {
		reason := currencyReason(code)
		switch {
		case !hasCode && code == "":
			reason = "is missing (no code in the text and no default)"
		case code == "":
			reason = "is missing (the text begins with a space)"
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

// parseAmount parses the amount grammar described at [ParseMoney].
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
	// The limits come first: what follows, and the decimal library above
	// all, then works on a few dozen bytes whatever the input.
	if len(intPart)-strings.Count(intPart, ",") > MaxIntegerDigits {
		return bad(fmt.Sprintf("is longer than %d digits before the decimal point", MaxIntegerDigits))
	}
	if len(frac) > MaxFractionDigits {
		return bad(fmt.Sprintf("is longer than %d digits after the decimal point", MaxFractionDigits))
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return bad("must not begin or end with a space")
	}
	if intPart == "" {
		return bad("must have a digit before the decimal point")
	}
	if hasDot && frac == "" {
		return bad("must have a digit after the decimal point")
	}
	if !allDigits(frac) {
		return bad("must be a plain decimal number such as 1234.50")
	}
	if i := strings.IndexByte(intPart, ','); i >= 0 {
		if !grouped(intPart, i) {
			return bad("has misplaced thousands separators")
		}
		intPart = strings.ReplaceAll(intPart, ",", "")
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

// grouped reports whether the thousands separators of s, the first at i,
// stand between a first group of one to three characters and groups of
// exactly three.
func grouped(s string, i int) bool {
	if i < 1 || i > 3 {
		return false
	}
	for s = s[i:]; s != ""; s = s[4:] {
		if len(s) < 4 || s[0] != ',' || strings.IndexByte(s[1:4], ',') >= 0 {
			return false
		}
	}
	return true
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
// [Money.String]; empty text decodes to the zero Money. Any other text must
// follow the grammar of [ParseMoney], code included, with no space before
// or after it. It implements [encoding.TextUnmarshaler]; its errors are
// those of [ParseMoney].
func (m *Money) UnmarshalText(text []byte) error {
	if len(text) == 0 {
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

// MarshalJSON encodes m as {"amount":"1234.50","currency":"NZD"}, with the
// amount as a string so that no JSON reader turns it into a float, and
// with exactly the digits of [Money.AmountString]. The zero Money encodes
// as null. [Money.UnmarshalJSON] reads the result back exactly when the
// amount is within [MaxIntegerDigits] and [MaxFractionDigits].
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
// the zero Money. The grammar is strict:
//
//   - the value is null or an object with exactly two members, "amount" and
//     "currency", each once, names matched exactly (case-sensitive), in
//     either order;
//   - "currency" is a string holding an active ISO 4217 code;
//   - "amount" is a string or a number holding an amount in the grammar of
//     [ParseMoney] (a number is read exactly from its digits; thousands
//     separators are allowed in a string, never required), within
//     [MaxIntegerDigits] and [MaxFractionDigits];
//   - a member that is null counts as missing;
//   - nothing but JSON white space may precede or follow the value.
//
// A member that is missing, unknown, repeated or not valid is reported as
// a [*FieldError] wrapping [ErrInvalid] (Field "currency" or "amount", or
// none for an unknown member, whose name is the Value). Data that is not
// JSON, or that has more after the value, returns the JSON decoder's
// syntax error, wrapped.
func (m *Money) UnmarshalJSON(data []byte) error {
	if !json.Valid(data) {
		return fmt.Errorf("account: Money: %w", json.Unmarshal(data, new(json.RawMessage)))
	}
	data = bytes.Trim(data, " \t\r\n") // JSON's white space
	if string(data) == "null" {
		*m = Money{}
		return nil
	}
	if data[0] != '{' {
		return &FieldError{Record: "Money", Value: string(data), Reason: "must be a JSON object or null", Err: ErrInvalid}
	}
	amount, currency, err := moneyMembers(data)
	if err != nil {
		return err
	}
	if currency == nil {
		return &FieldError{Record: "Money", Field: "currency", Reason: "is missing", Err: ErrInvalid}
	}
	if currency[0] != '"' {
		return &FieldError{Record: "Money", Field: "currency", Value: string(currency), Reason: "must be a string", Err: ErrInvalid}
	}
	code := jsonString(currency)
	c, err := ParseCurrency(code)
	if err != nil {
		return &FieldError{Record: "Money", Field: "currency", Value: code, Reason: currencyReason(code), Err: ErrInvalid}
	}
	if amount == nil {
		return &FieldError{Record: "Money", Field: "amount", Reason: "is missing", Err: ErrInvalid}
	}
	var text string
	switch {
	case amount[0] == '"':
		text = jsonString(amount)
	case amount[0] == '-' || amount[0] >= '0' && amount[0] <= '9': // a number
		text = string(amount)
	default:
		return &FieldError{Record: "Money", Field: "amount", Value: string(amount), Reason: "must be a string or a number", Err: ErrInvalid}
	}
	d, err := parseAmount(text)
	if err != nil {
		return err
	}
	*m = Money{amount: d, currency: c}
	return nil
}

// moneyMembers returns the raw values of the "amount" and "currency"
// members of data, a valid JSON object; nil for a member that is absent or
// null. The error reports a member that is unknown or repeated.
//
// Since data is valid JSON, walking it needs no checks: a member is a
// string, white space, a colon and a value, and members are separated by
// commas.
func moneyMembers(data []byte) (amount, currency []byte, err error) {
	var seenAmount, seenCurrency bool
	for i := 1; ; { // past the '{'
		i = skipSpace(data, i)
		if data[i] == '}' {
			return amount, currency, nil
		}
		if data[i] == ',' {
			i = skipSpace(data, i+1)
		}
		end := valueEnd(data, i)
		name := jsonString(data[i:end])
		i = skipSpace(data, end)
		i = skipSpace(data, i+1) // past the ':'
		end = valueEnd(data, i)
		value := data[i:end]
		i = end
		var dst *[]byte
		var seen *bool
		switch name {
		case "amount":
			dst, seen = &amount, &seenAmount
		case "currency":
			dst, seen = &currency, &seenCurrency
		default:
			return nil, nil, &FieldError{Record: "Money", Value: name, Reason: `is not a member of Money (its members are "amount" and "currency")`, Err: ErrInvalid}
		}
		if *seen {
			return nil, nil, &FieldError{Record: "Money", Field: name, Reason: "appears more than once", Err: ErrInvalid}
		}
		*seen = true
		if string(value) != "null" {
			*dst = value
		}
	}
}

// skipSpace returns the index of the first byte of data at or after i that
// is not JSON white space.
func skipSpace(data []byte, i int) int {
	for i < len(data) && isSpace(data[i]) {
		i++
	}
	return i
}

// isSpace reports whether c is JSON white space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// valueEnd returns the index just past the JSON value that starts at
// data[i], in valid JSON.
func valueEnd(data []byte, i int) int {
	depth, inString := 0, false
	for j := i; j < len(data); j++ {
		c := data[j]
		if inString {
			if c == '\\' {
				j++ // the escaped byte
			} else if c == '"' {
				inString = false
				if depth == 0 {
					return j + 1
				}
			}
			continue
		}
		if c == '"' {
			inString = true
		} else if c == '{' || c == '[' {
			depth++
		} else if c == '}' || c == ']' {
			if depth == 0 {
				return j // the end of a number or literal that closes its object
			}
			if depth--; depth == 0 {
				return j + 1
			}
		} else if depth == 0 && (c == ',' || isSpace(c)) {
			return j
		}
	}
	return len(data)
}

// jsonString returns the text of raw, a valid JSON string.
func jsonString(raw []byte) string {
	if !bytes.ContainsRune(raw, '\\') {
		return string(raw[1 : len(raw)-1])
	}
	var s string
	_ = json.Unmarshal(raw, &s) // valid JSON: it cannot fail
	return s
}
