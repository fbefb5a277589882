package sqlstore

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/shopspring/decimal"
)

// How values are stored. The encodings are part of the schema, so they are
// the same for every record kind:
//
//   - A time is a PostgreSQL timestamptz (microseconds), or in SQLite an
//     INTEGER of microseconds since 1970-01-01 UTC, rounded down (towards
//     the past) to the microsecond. The zero time is NULL. Times outside
//     the years 1 to 9999 (UTC) are refused with ErrUnstorable.
//   - An amount is a PostgreSQL NUMERIC (unconstrained, so 1.50 keeps its
//     scale) or SQLite TEXT in plain decimal notation, next to a currency
//     column of three letters. Amounts round-trip exactly, sub-cent digits
//     included.
//   - An enumeration is its integer value (the constants of its Go type,
//     which never change), a flag a boolean (SQLite: 0 or 1). A row read
//     back is checked with its record's Validate method, so a value no
//     constant has is reported as ErrCorrupt.
//   - A map or list is a JSON document: jsonb in PostgreSQL, TEXT in
//     SQLite. Decimals inside are JSON strings in plain notation.

// The range of years a stored time may be in: that of RFC 3339, and of the
// time package's text and JSON forms.
const (
	minYear = 1
	maxYear = 9999
)

// timeArg returns the argument that stores t in dialect d: nil for the zero
// time, else t rounded down to the microsecond (PostgreSQL) or its Unix
// microseconds (SQLite). The error, for a time out of range, is a
// FieldError of record rec wrapping ErrUnstorable.
func timeArg(d Dialect, rec, id, field string, t time.Time) (any, error) {
	if t.IsZero() {
		return nil, nil
	}
	if y := t.UTC().Year(); y < minYear || y > maxYear {
		return nil, &fault.FieldError{Record: rec, ID: id, Field: field, Value: t,
			Reason: fmt.Sprintf("is outside the years %d to %d that the store keeps", minYear, maxYear), Err: ErrUnstorable}
	}
	if d == DialectSQLite {
		return t.UnixMicro(), nil
	}
	return t.Truncate(time.Microsecond).UTC(), nil
}

// timeCol scans a stored time of either dialect into *t: NULL is the zero
// time, a timestamptz is taken as it is, an integer is Unix microseconds.
// Times come back in UTC.
type timeCol struct{ t *time.Time }

// Scan implements sql.Scanner.
func (c timeCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.t = time.Time{}
		return nil
	case time.Time:
		*c.t = v.UTC()
	case int64:
		*c.t = time.UnixMicro(v).UTC()
	default:
		return fmt.Errorf("%w: a time column holds %T", ErrCorrupt, src)
	}
	if y := c.t.Year(); y < minYear || y > maxYear {
		return fmt.Errorf("%w: time %d is outside the years %d to %d", ErrCorrupt, c.t.Year(), minYear, maxYear)
	}
	return nil
}

// maxDecimalLen bounds a stored decimal's text: far beyond any amount, and
// small enough that decoding a corrupt value costs little.
const maxDecimalLen = 1000

// parseDecimal reads a stored decimal: an optional minus sign, digits, and
// an optional point followed by digits. It is stricter than
// decimal.NewFromString (no exponent, no plus sign, no spaces) so that a
// value written around the package is caught rather than misread.
func parseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > maxDecimalLen {
		return decimal.Decimal{}, fmt.Errorf("%w: decimal of %d bytes (at most %d)", ErrCorrupt, len(s), maxDecimalLen)
	}
	body := s
	if len(body) > 0 && body[0] == '-' {
		body = body[1:]
	}
	digits, dot := 0, false
	for i := 0; i < len(body); i++ {
		switch c := body[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !dot && digits > 0 && i+1 < len(body):
			dot = true
		default:
			return decimal.Decimal{}, fmt.Errorf("%w: %s is not a decimal", ErrCorrupt, fault.Quote(s))
		}
	}
	if digits == 0 {
		return decimal.Decimal{}, fmt.Errorf("%w: %s is not a decimal", ErrCorrupt, fault.Quote(s))
	}
	return decimal.NewFromString(s)
}

// decimalText returns d in the plain notation parseDecimal reads, keeping
// its scale: 1.50 is "1.50", not "1.5".
func decimalText(d decimal.Decimal) string {
	if e := d.Exponent(); e < 0 {
		return d.StringFixed(-e)
	}
	return d.String()
}

// decimalCol scans a stored decimal (NUMERIC or TEXT) into *d.
type decimalCol struct{ d *decimal.Decimal }

// Scan implements sql.Scanner.
func (c decimalCol) Scan(src any) error {
	s, err := textOf(src, "a decimal")
	if err != nil {
		return err
	}
	*c.d, err = parseDecimal(s)
	return err
}

// moneyArgs returns the two arguments that store m: its amount's text and
// its currency.
func moneyArgs(m account.Money) (amount, currency string) {
	return decimalText(m.Amount()), string(m.Currency())
}

// moneyOf builds the Money of a stored amount and currency.
func moneyOf(amount decimal.Decimal, currency string) (account.Money, error) {
	m, err := account.NewMoney(amount, account.Currency(currency))
	if err != nil {
		return account.Money{}, fmt.Errorf("%w: currency %s", ErrCorrupt, fault.Quote(currency))
	}
	return m, nil
}

// textOf returns the text of a TEXT, NUMERIC or jsonb column.
func textOf(src any, what string) (string, error) {
	switch v := src.(type) {
	case string:
		return v, nil
	case []byte:
		return string(v), nil
	}
	return "", fmt.Errorf("%w: %s column holds %T", ErrCorrupt, what, src)
}

// intCol scans an integer column into a small integer type, refusing a
// value outside [lo, hi].
type intCol[T ~int | ~int8 | ~uint8 | ~int64] struct {
	v      *T
	lo, hi int64
}

// Scan implements sql.Scanner.
func (c intCol[T]) Scan(src any) error {
	v, ok := src.(int64)
	if !ok {
		return fmt.Errorf("%w: an integer column holds %T", ErrCorrupt, src)
	}
	if v < c.lo || v > c.hi {
		return fmt.Errorf("%w: %d is outside %d to %d", ErrCorrupt, v, c.lo, c.hi)
	}
	*c.v = T(v)
	return nil
}

// boolCol scans a boolean column (PostgreSQL boolean, SQLite 0 or 1).
type boolCol struct{ b *bool }

// Scan implements sql.Scanner.
func (c boolCol) Scan(src any) error {
	switch v := src.(type) {
	case bool:
		*c.b = v
		return nil
	case int64:
		if v == 0 || v == 1 {
			*c.b = v == 1
			return nil
		}
	}
	return fmt.Errorf("%w: a boolean column holds %v", ErrCorrupt, src)
}

// decimalsArg encodes a map of named decimals as a JSON object of strings.
func decimalsArg(m map[string]decimal.Decimal) string {
	if len(m) == 0 {
		return "{}"
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = decimalText(v)
	}
	b, _ := json.Marshal(out) // a map of strings always marshals
	return string(b)
}

// decimalsCol scans a JSON object of decimal strings; an empty object is a
// nil map.
type decimalsCol struct{ m *map[string]decimal.Decimal }

// Scan implements sql.Scanner.
func (c decimalsCol) Scan(src any) error {
	s, err := textOf(src, "a JSON")
	if err != nil {
		return err
	}
	var raw map[string]string
	if err := json.Unmarshal([]byte(s), &raw); err != nil || raw == nil {
		return fmt.Errorf("%w: %s is not a JSON object of decimal strings", ErrCorrupt, fault.Quote(s))
	}
	if len(raw) == 0 {
		*c.m = nil
		return nil
	}
	m := make(map[string]decimal.Decimal, len(raw))
	for k, v := range raw {
		d, err := parseDecimal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", strconv.Quote(k), err)
		}
		m[k] = d
	}
	*c.m = m
	return nil
}

// stringsArg encodes a list of strings as a JSON array.
func stringsArg(l []string) string {
	if len(l) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(l) // a slice of strings always marshals
	return string(b)
}

// stringsCol scans a JSON array of strings; an empty array is a nil slice.
type stringsCol struct{ l *[]string }

// Scan implements sql.Scanner.
func (c stringsCol) Scan(src any) error {
	s, err := textOf(src, "a JSON")
	if err != nil {
		return err
	}
	var l []string
	if err := json.Unmarshal([]byte(s), &l); err != nil || l == nil {
		return fmt.Errorf("%w: %s is not a JSON array of strings", ErrCorrupt, fault.Quote(s))
	}
	if len(l) == 0 {
		l = nil
	}
	*c.l = l
	return nil
}
