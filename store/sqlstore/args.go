package sqlstore

import (
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/shopspring/decimal"
)

// A row collects the arguments that store one record, in the order of its
// table's columns, checking as it goes that the database can keep each
// value exactly. The first value it cannot keep is reported by err, as a
// [*account.FieldError] of the record wrapping [ErrUnstorable]:
//
//	r := newRow(d, "Account", string(a.ID))
//	r.text("Name", a.Name)
//	r.time("Created", a.Created)
//	r.add(int64(a.Tier))
//	return r.args, r.err
//
// Text (free text and IDs alike) must be valid UTF-8 without NUL bytes, in
// both dialects: PostgreSQL refuses anything else, and JSON would replace
// invalid bytes, so a value that one dialect keeps and the other changes
// is refused by both.
type row struct {
	d       Dialect
	rec, id string
	args    []any
	err     error
}

// newRow returns a row for the record rec with the given ID.
func newRow(d Dialect, rec, id string) *row { return &row{d: d, rec: rec, id: id} }

// fail records the first value the database cannot keep.
func (r *row) fail(field string, v any, reason string) {
	if r.err == nil {
		r.err = &fault.FieldError{Record: r.rec, ID: r.id, Field: field, Value: v, Reason: reason, Err: ErrUnstorable}
	}
}

// textReason returns why the database cannot keep s, or "".
func textReason(s string) string {
	switch {
	case !utf8.ValidString(s):
		return "is not valid UTF-8, which the store cannot keep"
	case strings.IndexByte(s, 0) >= 0:
		return "contains a NUL byte, which the store cannot keep"
	}
	return ""
}

// add appends a value that needs no check: an integer, a flag.
func (r *row) add(v any) { r.args = append(r.args, v) }

// text appends a string after checking it.
func (r *row) text(field, s string) {
	if reason := textReason(s); reason != "" {
		r.fail(field, s, reason)
	}
	r.args = append(r.args, s)
}

// time appends a time, as timeArg encodes it.
func (r *row) time(field string, t time.Time) {
	a, err := timeArg(r.d, r.rec, r.id, field, t)
	if err != nil && r.err == nil {
		r.err = err
	}
	r.args = append(r.args, a)
}

// money appends an amount and its currency, two columns.
func (r *row) money(m account.Money) {
	amount, currency := moneyArgs(m)
	r.args = append(r.args, amount, currency)
}

// strings appends a list of strings as a JSON array.
func (r *row) strings(field string, l []string) {
	for i, s := range l {
		if reason := textReason(s); reason != "" {
			r.fail(field+"["+strconv.Itoa(i)+"]", s, reason)
		}
	}
	r.args = append(r.args, stringsArg(l))
}

// decimals appends a map of named decimals as a JSON object.
func (r *row) decimals(field string, m map[string]decimal.Decimal) {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if reason := textReason(k); reason != "" {
			r.fail(field, k, "names an attribute that "+reason)
		}
	}
	r.args = append(r.args, decimalsArg(m))
}
