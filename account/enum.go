package account

import (
	"fmt"
	"strconv"
)

// The package's enumerations are small integer types with a table of names.
// They print their name with String, marshal to it as text (so JSON and
// database columns read well), and print an unknown value as
// "%!Role(9)" rather than panicking, as time.Month does.

func enumString[T ~uint8 | ~int8](v T, names map[T]string, typ string) string {
	if s, ok := names[v]; ok {
		return s
	}
	return "%!" + typ + "(" + strconv.Itoa(int(v)) + ")"
}

func enumMarshal[T ~uint8 | ~int8](v T, names map[T]string, typ string) ([]byte, error) {
	if s, ok := names[v]; ok {
		return []byte(s), nil
	}
	return nil, &FieldError{Record: typ, Field: "value", Value: int(v), Reason: "is not a known " + typ}
}

func enumUnmarshal[T ~uint8 | ~int8](text []byte, names map[T]string, typ string) (T, error) {
	for v, s := range names {
		if s == string(text) {
			return v, nil
		}
	}
	return 0, &FieldError{Record: typ, Field: "text", Value: string(text), Reason: fmt.Sprintf("is not a known %s (one of %s)", typ, enumList(names))}
}

// enumList returns the names in value order, for error messages.
func enumList[T ~uint8 | ~int8](names map[T]string) string {
	lo, hi := T(0), T(0)
	first := true
	for v := range names {
		if first || v < lo {
			lo = v
		}
		if first || v > hi {
			hi = v
		}
		first = false
	}
	s := ""
	for v := lo; ; v++ {
		if n, ok := names[v]; ok {
			if s != "" {
				s += ", "
			}
			s += strconv.Quote(n)
		}
		if v == hi {
			break
		}
	}
	return s
}
