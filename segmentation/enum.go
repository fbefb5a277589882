package segmentation

import (
	"strconv"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// The package's enumerations are small integer types with a table of names
// (an [enum.Table]). String returns the name, and prints a value without
// one as "Binning(9)" rather than panicking.

// enumString returns the name of v, or "Type(v)", such as "Binning(9)", if
// it has none. The other packages print "%!Binning(9)", as [enum.Table.String]
// does; this package keeps the form its String methods have always printed.
func enumString[T enum.Integer](names *enum.Table[T], v T) string {
	if s, ok := names.Name(v); ok {
		return s
	}
	return names.Type() + "(" + strconv.Itoa(int(v)) + ")"
}
