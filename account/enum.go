package account

// The package's enumerations are small integer types with a table of names
// (an internal enum.Table). They print their name with String, marshal to it
// as text (so JSON and database columns read well), and print an unknown
// value as "%!Role(9)" rather than panicking, as time.Month does. Every
// enumeration of the module marshals the same way; a value or name that is
// not known is a [*FieldError] wrapping the package's ErrInvalid.
