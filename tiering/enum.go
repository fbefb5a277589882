package tiering

import "strconv"

// The package's enumerations are small integer types with a table of
// names. String returns the name, and prints a value without one as
// "%!Type(9)" rather than panicking, as time.Month does.

// enumName returns names[v], or "%!typ(v)" if v has no name.
func enumName[T ~uint8](names []string, v T, typ string) string {
	if int(v) < len(names) && names[v] != "" {
		return names[v]
	}
	return unknownEnum(typ, int(v))
}

// unknownEnum returns "%!typ(v)".
func unknownEnum(typ string, v int) string {
	return "%!" + typ + "(" + strconv.Itoa(v) + ")"
}
