package account

// A Currency is an ISO 4217 alphabetic currency code such as "NZD".
//
// Only the active codes of the built-in table are valid; [ParseCurrency] and
// [Currency.Valid] check against it. The zero Currency ("") means "no
// currency" and is not valid.
type Currency string

// ParseCurrency returns the Currency for an ISO 4217 alphabetic code. The
// code must be one of the active codes of the built-in table, written in
// upper case ("NZD", not "nzd"). Otherwise the error is a [*FieldError]
// that wraps [ErrInvalid].
func ParseCurrency(code string) (Currency, error) {
	c := Currency(code)
	if !c.Valid() {
		return "", &FieldError{Record: "Currency", Field: "code", Value: code, Reason: currencyReason(code), Err: ErrInvalid}
	}
	return c, nil
}

// Valid reports whether c is an active ISO 4217 code.
func (c Currency) Valid() bool {
	_, ok := minorUnits[c]
	return ok
}

// MinorUnits returns the number of digits after the decimal point in the
// currency's minor unit: 2 for NZD (cents), 0 for JPY, 3 for KWD. It returns
// -1 for codes the standard gives no minor unit (such as XAU, gold) and for
// codes that are not valid.
func (c Currency) MinorUnits() int {
	m, ok := minorUnits[c]
	if !ok {
		return -1
	}
	return int(m)
}

// String returns the code.
func (c Currency) String() string { return string(c) }

func currencyReason(code string) string {
	switch {
	case code == "":
		return "is missing"
	case len(code) != 3:
		return "must be a three-letter ISO 4217 code"
	}
	for i := range len(code) {
		if code[i] < 'A' || code[i] > 'Z' {
			return "must be a three-letter upper-case ISO 4217 code"
		}
	}
	return "is not an active ISO 4217 code"
}
