// Package fault holds the module's one shape of error: the field error that
// every domain package returns for input it cannot use, the bounded quoting
// that keeps its text short whatever the input, the capped list that joins
// many of them, and sentinels that wrap a more general sentinel.
//
// The domain packages re-export [FieldError] under their own name
// (account.FieldError and calendar.FieldError are both aliases of it), so
// that one errors.As target catches a field error from any package of the
// module:
//
//	var fe *account.FieldError
//	if errors.As(err, &fe) {
//		fmt.Println(fe.Record, fe.ID, fe.Field, fe.Reason)
//	}
//
// The package is internal: it serves the module's domain packages and may
// change with them; callers use it through those aliases.
package fault

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A FieldError reports one field of one record (or of an argument or a
// configuration) that is not valid: which record, its ID, which field, the
// value at fault and why. It wraps Err, the sentinel that classifies the
// fault: the reporting package's ErrInvalid or a more specific sentinel that
// itself wraps ErrInvalid, so errors.Is(err, pkg.ErrInvalid) holds either way.
//
// The zero FieldError names nothing and wraps nothing; the module's packages
// always set Err, Field (or Record) and Reason.
type FieldError struct {
	// Record is the kind of record or value at fault: "Account", "Money",
	// "Policy", "Options", "Timeline", ...
	Record string
	// ID names the record: its ID or name, or "" when it has none or it is
	// not known.
	ID string
	// Field is the path of the field at fault within the record, such as
	// "Influence", "Targets[0].Within" or "Attributes[sites]"; "" when the
	// record as a whole is at fault.
	Field string
	// Value is the offending value, or nil when there is none (a missing
	// value, say). Error quotes at most [MaxQuote] bytes of it.
	Value any
	// Reason says what is wrong, such as "must be from 1 to 5".
	Reason string
	// Err is the sentinel wrapped.
	Err error
}

// Error returns a one-line description: the sentinel, the record and its
// ID, the field and its value, and the reason, such as
//
//	account: invalid input: Contact "c-17": Influence 7: must be from 1 to 5
//
// A string value longer than [MaxQuote] bytes is cut, with its length
// given, so that the text stays short whatever the input.
func (e *FieldError) Error() string {
	var b strings.Builder
	if e.Err != nil {
		b.WriteString(e.Err.Error())
		b.WriteString(": ")
	}
	where := false
	if e.Record != "" {
		b.WriteString(e.Record)
		where = true
	}
	if e.ID != "" {
		if where {
			b.WriteByte(' ')
		}
		b.WriteString(Quote(e.ID))
		where = true
	}
	if e.Field != "" {
		if where {
			b.WriteString(": ")
		}
		b.WriteString(e.Field)
		where = true
	}
	if e.Value != nil {
		if where {
			b.WriteByte(' ')
		}
		b.WriteString(Value(e.Value))
		where = true
	}
	if where {
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns Err.
func (e *FieldError) Unwrap() error { return e.Err }

// MaxQuote is the most bytes of a value that an error quotes.
const MaxQuote = 64

// Quote returns s quoted as Go would ([strconv.Quote]), cut to its first
// [MaxQuote] bytes (at a character boundary) when it is longer, with its
// length: "abc…" (1048576 bytes).
func Quote(s string) string {
	p, cut := prefix(s)
	if !cut {
		return strconv.Quote(s)
	}
	return strconv.Quote(p) + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// Value returns v as an error shows it: a string quoted with [Quote], a
// value with a String method by that method, anything else as fmt.Sprint
// prints it; in each case at most [MaxQuote] bytes of it, with its length
// when cut.
func Value(v any) string {
	var s string
	switch v := v.(type) {
	case string:
		return Quote(v)
	case []byte:
		return Quote(string(v))
	case fmt.Stringer:
		s = v.String()
	default:
		s = fmt.Sprint(v)
	}
	p, cut := prefix(s)
	if !cut {
		return s
	}
	return p + "… (" + strconv.Itoa(len(s)) + " bytes)"
}

// prefix returns the first MaxQuote bytes of s, cut back to a character
// boundary (by at most 3 bytes, so that bytes that are not UTF-8 are cut
// at MaxQuote), and whether it cut anything.
func prefix(s string) (string, bool) {
	if len(s) <= MaxQuote {
		return s, false
	}
	for n := MaxQuote; n > MaxQuote-utf8.UTFMax; n-- {
		if utf8.RuneStart(s[n]) {
			return s[:n], true
		}
	}
	return s[:MaxQuote], true
}

// MaxErrors is the most errors a [List] keeps; the rest are counted.
const MaxErrors = 100

// A List collects the errors found in one validation, keeping the first
// [MaxErrors] and counting the rest, so that a million bad records cost a
// bounded error. The zero List is empty and ready to use.
type List struct {
	errs []error
	more int
}

// Add adds err to the list; a nil err is ignored. The "and N more errors"
// line of another capped list adds its N to the count, so that a list
// built from capped lists counts every error.
func (l *List) Add(err error) {
	if err == nil {
		return
	}
	if m, ok := err.(more); ok {
		l.more += int(m)
		return
	}
	if len(l.errs) < MaxErrors {
		l.errs = append(l.errs, err)
		return
	}
	l.more++
}

// Len returns how many errors were added.
func (l *List) Len() int { return len(l.errs) + l.more }

// Err returns the errors added, joined with [errors.Join] in the order they
// were added, and a last line "and N more errors" when more than
// [MaxErrors] were; or nil when none were.
func (l *List) Err() error {
	if len(l.errs) == 0 {
		return nil
	}
	if l.more == 0 {
		return errors.Join(l.errs...)
	}
	return errors.Join(append(l.errs[:len(l.errs):len(l.errs)], more(l.more))...)
}

// Join is [errors.Join] capped like a [List]: the first [MaxErrors] non-nil
// errors, then "and N more errors".
func Join(errs ...error) error {
	var l List
	for _, err := range errs {
		l.Add(err)
	}
	return l.Err()
}

// More reports whether err is the "and N more errors" line of a capped
// list, and N.
func More(err error) (int, bool) {
	m, ok := err.(more)
	return int(m), ok
}

// more is the last line of a capped list.
type more int

func (m more) Error() string {
	if m == 1 {
		return "and 1 more error"
	}
	return "and " + strconv.Itoa(int(m)) + " more errors"
}

// New returns a sentinel error whose text is msg and that wraps parents, so
// that a specific sentinel (tiering: missing value) also matches the
// general one (tiering: invalid input) under [errors.Is].
func New(msg string, parents ...error) error {
	return &sentinel{msg: msg, parents: parents}
}

type sentinel struct {
	msg     string
	parents []error
}

func (s *sentinel) Error() string   { return s.msg }
func (s *sentinel) Unwrap() []error { return s.parents }
