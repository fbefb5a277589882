// Package enum names the values of small integer enumerations, so that the
// domain packages need not each carry their own table code.
//
// A domain package declares its enumeration as a typed integer with
// constants, builds one [Table] of their names, and writes its exported
// methods (String, MarshalText, UnmarshalText) over it:
//
//	type Colour uint8
//
//	const (
//		Red Colour = iota + 1
//		Green
//	)
//
//	var colourNames = enum.New("Colour", map[Colour]string{Red: "red", Green: "green"})
//
//	func (c Colour) String() string { return colourNames.String(c) }
//
// # Names
//
// Each value has at most one name, and each name at most one value. A value
// without a name is not a member of the enumeration: [Table.String] prints
// it as "%!Colour(9)", as the standard library prints time.Month(13), rather
// than panicking; [Table.Name] and [Table.Valid] report that it is unknown.
// Names are matched exactly (case and all) by [Table.Value].
//
// # Errors
//
// The table reports an unknown value or name with an ok boolean, never an
// error: each domain package turns that into its own typed error (its own
// field, record and sentinel), and [Table.List] gives the known names for
// the message. [New] panics on a table that is itself wrong (an empty or
// repeated name), which is a programming error found when the package is
// initialised.
//
// The package is internal: its API serves the module's domain packages and
// may change with them.
package enum

import (
	"github.com/keyaccount/keyaccount/internal/fault"
	"slices"
	"strconv"
	"strings"
)

// Integer is the set of types an enumeration may have: small integers, so
// that a table of names indexed by value stays small.
type Integer interface {
	~int8 | ~uint8
}

// A Table holds the names of the values of one enumeration type T. Make one
// with [New]; a Table is read-only after New returns, so it is safe for
// concurrent use. The zero Table has no type name and names no value.
type Table[T Integer] struct {
	typ   string
	first int      // the lowest named value
	names []string // names[v-first]: the name of v, or "" if it has none
	list  string   // the names quoted, in value order, for error messages
}

// New returns the table of the names of T, called typ (such as "Role") in
// "%!Role(9)". names maps each value that has a name to that name.
//
// New panics if typ is empty, names is empty, a name is empty, or two values
// have the same name: a table is written once, by the programmer, and read
// when the package is initialised.
func New[T Integer](typ string, names map[T]string) *Table[T] {
	if typ == "" {
		panic("enum: New: empty type name")
	}
	if len(names) == 0 {
		panic("enum: New: " + typ + " has no names")
	}
	values := make([]T, 0, len(names))
	for v := range names {
		values = append(values, v)
	}
	slices.Sort(values)
	t := &Table[T]{typ: typ, first: int(values[0])}
	t.names = make([]string, int(values[len(values)-1])-t.first+1)
	quoted := make([]string, len(values))
	for i, v := range values {
		name := names[v]
		if name == "" {
			panic("enum: New: " + typ + "(" + strconv.Itoa(int(v)) + ") has an empty name")
		}
		if w, dup := t.Value(name); dup {
			panic("enum: New: " + typ + "(" + strconv.Itoa(int(w)) + ") and " + typ + "(" + strconv.Itoa(int(v)) + ") are both named " + strconv.Quote(name))
		}
		t.names[int(v)-t.first] = name
		quoted[i] = strconv.Quote(name)
	}
	t.list = strings.Join(quoted, ", ")
	return t
}

// Type returns the name of the type, such as "Role".
func (t *Table[T]) Type() string { return t.typ }

// Name returns the name of v, and whether it has one.
func (t *Table[T]) Name(v T) (string, bool) {
	i := int(v) - t.first
	if i < 0 || i >= len(t.names) || t.names[i] == "" {
		return "", false
	}
	return t.names[i], true
}

// Valid reports whether v has a name: whether it is a member of the
// enumeration.
func (t *Table[T]) Valid(v T) bool {
	_, ok := t.Name(v)
	return ok
}

// String returns the name of v, or "%!Type(v)" (such as "%!Role(9)") if v
// has none. It does not allocate for a value that has a name.
func (t *Table[T]) String(v T) string {
	if s, ok := t.Name(v); ok {
		return s
	}
	return "%!" + t.typ + "(" + strconv.Itoa(int(v)) + ")"
}

// Value returns the value whose name is name, and whether there is one.
// The match is exact: "Red" is not "red", and "" matches nothing.
func (t *Table[T]) Value(name string) (T, bool) {
	if name == "" {
		return 0, false
	}
	for i, s := range t.names {
		if s == name {
			return T(t.first + i), true
		}
	}
	return 0, false
}

// List returns the names in ascending order of value, each quoted and
// separated by ", ", such as `"red", "green"`: the known names for an
// error message about an unknown one.
func (t *Table[T]) List() string { return t.list }

// MarshalText returns the name of v as text, for a type's
// [encoding.TextMarshaler] (and so its JSON form, a string). The zero
// value, when it has no name, is the empty text: it means "not set", and a
// record with an unset field must still marshal (an sla.Event other than
// an opening has no Priority). Any other value without a name is an error:
// a [*fault.FieldError] whose Record is the type's name, wrapping invalid
// (the calling package's ErrInvalid).
func (t *Table[T]) MarshalText(v T, invalid error) ([]byte, error) {
	if s, ok := t.Name(v); ok {
		return []byte(s), nil
	}
	if v == 0 {
		return []byte{}, nil
	}
	return nil, &fault.FieldError{Record: t.typ, Value: int(v), Reason: "is not a known " + t.typ, Err: invalid}
}

// UnmarshalText returns the value named text, for a type's
// [encoding.TextUnmarshaler]. The empty text is the zero value when the
// zero value has no name (see [Table.MarshalText]). Any other unknown name
// is an error: a [*fault.FieldError] listing the known names, wrapping
// invalid.
func (t *Table[T]) UnmarshalText(text []byte, invalid error) (T, error) {
	if v, ok := t.Value(string(text)); ok {
		return v, nil
	}
	if len(text) == 0 && !t.Valid(0) {
		return 0, nil
	}
	return 0, &fault.FieldError{Record: t.typ, Value: string(text), Reason: "is not a known " + t.typ + " (one of " + t.list + ")", Err: invalid}
}
