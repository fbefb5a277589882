package account

import "github.com/keyaccount/keyaccount/internal/enum"

// The package's enumerations are small integer types with a table of names
// (an [enum.Table]). They print their name with String, marshal to it as
// text (so JSON and database columns read well), and print an unknown value
// as "%!Role(9)" rather than panicking, as time.Month does.

// marshalEnum returns the name of v, or a *FieldError if it has none.
func marshalEnum[T enum.Integer](names *enum.Table[T], v T) ([]byte, error) {
	if s, ok := names.Name(v); ok {
		return []byte(s), nil
	}
	typ := names.Type()
	return nil, &FieldError{Record: typ, Field: "value", Value: int(v), Reason: "is not a known " + typ}
}

// unmarshalEnum returns the value named text, or a *FieldError listing the
// known names if there is none.
func unmarshalEnum[T enum.Integer](names *enum.Table[T], text []byte) (T, error) {
	if v, ok := names.Value(string(text)); ok {
		return v, nil
	}
	typ := names.Type()
	return 0, &FieldError{Record: typ, Field: "text", Value: string(text), Reason: "is not a known " + typ + " (one of " + names.List() + ")"}
}
