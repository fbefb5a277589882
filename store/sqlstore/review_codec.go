package sqlstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/review"
	"github.com/shopspring/decimal"
)

// How package review's values are stored, beyond the encodings of
// codec.go:
//
//   - A civil date (calendar.Date) is a PostgreSQL DATE, or in SQLite TEXT
//     in the form "2006-01-02", which sorts as the dates do. The zero Date
//     is NULL. Dates are kept exactly; the records' Validate methods keep
//     them in the years 1 to 9999.
//   - The zero Money (a review that measured no performance) is the
//     amount 0 with the currency "".
//   - A list of small structures (a review's attendees and objective
//     updates, a plan's objectives) is a JSON array of objects with the
//     fields below, enumerations as their integer values and dates as
//     "2006-01-02" ("" for the zero Date). It is read back strictly: an
//     unknown field, a value of the wrong type or out of range, or
//     anything after the array is ErrCorrupt.

// dateText returns d as a stored date: "2006-01-02", the text both
// dialects take for a date.
func dateText(d calendar.Date) string { return d.String() }

// date appends a date: nil for the zero Date, else its text. A date
// outside the years 1 to 9999, which no valid record holds, is refused
// with ErrUnstorable.
func (r *row) date(field string, d calendar.Date) {
	switch {
	case d.IsZero():
		r.args = append(r.args, nil)
		return
	case !d.IsValid():
		r.fail(field, d.String(), "is not a date in the years 1 to 9999, which the store keeps")
	}
	r.args = append(r.args, dateText(d))
}

// dateCol scans a stored date of either dialect into *d: NULL is the zero
// Date, a PostgreSQL DATE arrives as a time.Time at midnight UTC, and
// SQLite's text is parsed strictly.
type dateCol struct{ d *calendar.Date }

// Scan implements sql.Scanner.
func (c dateCol) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*c.d = calendar.Date{}
		return nil
	case time.Time:
		if h, m, s := v.Clock(); h != 0 || m != 0 || s != 0 || v.Nanosecond() != 0 {
			return fmt.Errorf("%w: a date column holds the time %v", ErrCorrupt, v)
		}
		d := calendar.DateOf(v)
		if !d.IsValid() {
			return fmt.Errorf("%w: date %s is outside the years 1 to 9999", ErrCorrupt, d)
		}
		*c.d = d
		return nil
	}
	s, err := textOf(src, "a date")
	if err != nil {
		return err
	}
	d, err := parseStoredDate(s)
	if err != nil {
		return err
	}
	*c.d = d
	return nil
}

// parseStoredDate reads a stored date's text, "2006-01-02".
func parseStoredDate(s string) (calendar.Date, error) {
	d, err := calendar.ParseDate(s)
	if err != nil {
		return calendar.Date{}, fmt.Errorf("%w: %s is not a date", ErrCorrupt, fault.Quote(s))
	}
	return d, nil
}

// optionalMoneyOf builds the Money of a stored amount and currency where
// the zero Money may stand: the amount 0 with no currency.
func optionalMoneyOf(amount decimal.Decimal, currency string) (account.Money, error) {
	if currency == "" {
		if !amount.IsZero() {
			return account.Money{}, fmt.Errorf("%w: amount %s has no currency", ErrCorrupt, decimalText(amount))
		}
		return account.Money{}, nil
	}
	return moneyOf(amount, currency)
}

// Where a filter's dates meet stored ones. A filter compares dates field
// by field (year, then month, then day) as [calendar.Date.Compare] does,
// and holds any values, valid or not; the database compares valid dates.
// So a lower bound becomes the first valid date not before it, an upper
// bound the last valid date not after it, and a bound beyond every valid
// date selects nothing.

// The first and last dates the store keeps.
var (
	firstDate = calendar.Date{Year: 1, Month: time.January, Day: 1}
	lastDate  = calendar.Date{Year: 9999, Month: time.December, Day: 31}
)

// daysIn returns the number of days of month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// firstDateFrom returns the first valid date not before f (in the order of
// [calendar.Date.Compare]), and false if every valid date is before f.
func firstDateFrom(f calendar.Date) (calendar.Date, bool) {
	switch {
	case f.Year < firstDate.Year:
		return firstDate, true
	case f.Year > lastDate.Year:
		return calendar.Date{}, false
	case f.Month < time.January:
		return calendar.Date{Year: f.Year, Month: time.January, Day: 1}, true
	case f.Month > time.December:
		return firstDateFrom(calendar.Date{Year: f.Year + 1, Month: time.January, Day: 1})
	case f.Day < 1:
		return calendar.Date{Year: f.Year, Month: f.Month, Day: 1}, true
	case f.Day > daysIn(f.Year, f.Month):
		return firstDateFrom(calendar.Date{Year: f.Year, Month: f.Month + 1, Day: 1})
	}
	return f, true
}

// lastDateTo returns the last valid date not after t (in the order of
// [calendar.Date.Compare]), and false if every valid date is after t.
func lastDateTo(t calendar.Date) (calendar.Date, bool) {
	switch {
	case t.Year > lastDate.Year:
		return lastDate, true
	case t.Year < firstDate.Year:
		return calendar.Date{}, false
	case t.Month > time.December:
		return calendar.Date{Year: t.Year, Month: time.December, Day: 31}, true
	case t.Month < time.January:
		return lastDateTo(calendar.Date{Year: t.Year - 1, Month: time.December, Day: 31})
	case t.Day > daysIn(t.Year, t.Month):
		return calendar.Date{Year: t.Year, Month: t.Month, Day: daysIn(t.Year, t.Month)}, true
	case t.Day < 1:
		return lastDateTo(calendar.Date{Year: t.Year, Month: t.Month - 1, Day: 31})
	}
	return t, true
}

// dateRange adds to conds the conditions that keep the dates of column
// col in [from, to], a bound unset where zero, as [review.ReviewFilter]
// and [review.ActionFilter] compare dates.
func dateRange(conds []string, p *params, col string, from, to calendar.Date) []string {
	if !from.IsZero() {
		d, ok := firstDateFrom(from)
		if !ok {
			return append(conds, "1 = 0")
		}
		if d != firstDate {
			conds = append(conds, col+" >= "+p.add(dateText(d)))
		}
	}
	if !to.IsZero() {
		d, ok := lastDateTo(to)
		if !ok {
			return append(conds, "1 = 0")
		}
		if d != lastDate {
			conds = append(conds, col+" <= "+p.add(dateText(d)))
		}
	}
	return conds
}

// The JSON forms of the structures records hold in lists.
type (
	attendeeJSON struct {
		Role  uint8  `json:"role"`
		Email string `json:"email"`
		Name  string `json:"name"`
	}
	objectiveUpdateJSON struct {
		Objective string `json:"objective"`
		Status    uint8  `json:"status"`
		Note      string `json:"note"`
	}
	objectiveJSON struct {
		ID      string `json:"id"`
		Title   string `json:"title"`
		Owner   string `json:"owner"`
		Measure string `json:"measure"`
		Target  string `json:"target"`
		Due     string `json:"due"`
		Status  uint8  `json:"status"`
		Met     string `json:"met"`
	}
)

// listArg encodes a list of n structures, each made by conv, as a JSON
// array, after checking the texts conv names with check.
func listArg[V, J any](r *row, field string, l []V, conv func(check func(sub, s string) string, i int, v V) J) {
	out := make([]J, len(l))
	for i, v := range l {
		check := func(sub, s string) string {
			if reason := textReason(s); reason != "" {
				r.fail(fmt.Sprintf("%s[%d].%s", field, i, sub), s, reason)
			}
			return s
		}
		out[i] = conv(check, i, v)
	}
	b, err := json.Marshal(out)
	if err != nil { // the JSON forms hold only strings and integers
		r.fail(field, nil, err.Error())
	}
	r.args = append(r.args, string(b))
}

func (r *row) attendees(field string, l []review.Attendee) {
	listArg(r, field, l, func(check func(string, string) string, _ int, a review.Attendee) attendeeJSON {
		return attendeeJSON{Role: uint8(a.Role), Email: check("Email", a.Email), Name: check("Name", a.Name)}
	})
}

func (r *row) objectiveUpdates(field string, l []review.ObjectiveUpdate) {
	listArg(r, field, l, func(check func(string, string) string, _ int, u review.ObjectiveUpdate) objectiveUpdateJSON {
		return objectiveUpdateJSON{Objective: check("Objective", string(u.Objective)), Status: uint8(u.Status), Note: check("Note", u.Note)}
	})
}

func (r *row) objectives(field string, l []review.Objective) {
	listArg(r, field, l, func(check func(string, string) string, i int, o review.Objective) objectiveJSON {
		return objectiveJSON{
			ID: check("ID", string(o.ID)), Title: check("Title", o.Title), Owner: check("Owner", string(o.Owner)),
			Measure: check("Measure", o.Measure), Target: check("Target", o.Target),
			Due: jsonDate(r, fmt.Sprintf("%s[%d].Due", field, i), o.Due), Status: uint8(o.Status),
			Met: jsonDate(r, fmt.Sprintf("%s[%d].Met", field, i), o.Met),
		}
	})
}

// jsonDate returns a date's JSON text: "" for the zero Date.
func jsonDate(r *row, field string, d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	if !d.IsValid() {
		r.fail(field, d.String(), "is not a date in the years 1 to 9999, which the store keeps")
	}
	return dateText(d)
}

// decodeList decodes a stored JSON array of objects strictly: unknown
// fields, wrong types, values out of range, null and trailing data are
// ErrCorrupt. An empty array is a nil slice.
func decodeList[J any](src any) ([]J, error) {
	s, err := textOf(src, "a JSON")
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	var l []J
	if err := dec.Decode(&l); err != nil || l == nil {
		return nil, fmt.Errorf("%w: %s is not a JSON array of the stored form", ErrCorrupt, fault.Quote(s))
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %s has data after its JSON array", ErrCorrupt, fault.Quote(s))
	}
	if len(l) == 0 {
		return nil, nil
	}
	return l, nil
}

// listCol scans a stored JSON array of the form J into a list of V,
// each element converted by conv; an empty array is a nil slice. what
// names the list in errors.
type listCol[J, V any] struct {
	what string
	l    *[]V
	conv func(J) (V, error)
}

// Scan implements sql.Scanner.
func (c listCol[J, V]) Scan(src any) error {
	js, err := decodeList[J](src)
	if err != nil {
		return fmt.Errorf("%s: %w", c.what, err)
	}
	var out []V
	for i, j := range js {
		v, err := c.conv(j)
		if err != nil {
			return fmt.Errorf("%s[%d]: %w", c.what, i, err)
		}
		out = append(out, v)
	}
	*c.l = out
	return nil
}

// attendeesCol scans a review's attendees.
func attendeesCol(l *[]review.Attendee) listCol[attendeeJSON, review.Attendee] {
	return listCol[attendeeJSON, review.Attendee]{"attendees", l, func(a attendeeJSON) (review.Attendee, error) {
		return review.Attendee{Role: review.Role(a.Role), Email: a.Email, Name: a.Name}, nil
	}}
}

// objectiveUpdatesCol scans a review's objective updates.
func objectiveUpdatesCol(l *[]review.ObjectiveUpdate) listCol[objectiveUpdateJSON, review.ObjectiveUpdate] {
	return listCol[objectiveUpdateJSON, review.ObjectiveUpdate]{"objective updates", l, func(u objectiveUpdateJSON) (review.ObjectiveUpdate, error) {
		return review.ObjectiveUpdate{Objective: review.ObjectiveID(u.Objective), Status: review.ObjectiveStatus(u.Status), Note: u.Note}, nil
	}}
}

// objectivesCol scans a plan's objectives.
func objectivesCol(l *[]review.Objective) listCol[objectiveJSON, review.Objective] {
	return listCol[objectiveJSON, review.Objective]{"objectives", l, func(o objectiveJSON) (review.Objective, error) {
		due, err := jsonDateOf(o.Due)
		if err != nil {
			return review.Objective{}, fmt.Errorf("due: %w", err)
		}
		met, err := jsonDateOf(o.Met)
		if err != nil {
			return review.Objective{}, fmt.Errorf("met: %w", err)
		}
		return review.Objective{ID: review.ObjectiveID(o.ID), Title: o.Title, Owner: account.ManagerID(o.Owner),
			Measure: o.Measure, Target: o.Target, Due: due, Status: review.ObjectiveStatus(o.Status), Met: met}, nil
	}}
}

// jsonDateOf reads a date's JSON text: "" is the zero Date.
func jsonDateOf(s string) (calendar.Date, error) {
	if s == "" {
		return calendar.Date{}, nil
	}
	return parseStoredDate(s)
}

// idsCol scans a JSON array of IDs into a slice of an ID type.
type idsCol[T ~string] struct{ l *[]T }

// Scan implements sql.Scanner.
func (c idsCol[T]) Scan(src any) error {
	var l []string
	if err := (stringsCol{&l}).Scan(src); err != nil {
		return err
	}
	*c.l = nil
	for _, s := range l {
		*c.l = append(*c.l, T(s))
	}
	return nil
}

// idStrings returns a list of IDs as strings.
func idStrings[T ~string](l []T) []string {
	out := make([]string, len(l))
	for i, v := range l {
		out[i] = string(v)
	}
	return out
}
