package sqlstore

import (
	"context"
	"fmt"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
)

// Opportunities (migration 0007) are versioned records like accounts, in
// ka_opportunities, listed by ID. Their offerings are a JSON array of IDs
// and their history a JSON array of changes (below), read back strictly.
//
// History is append-only. An update or an append reads the stored
// opportunity, checks the version it was given and that the new history
// begins with the stored one ([growth.Extends], on the times as the store
// keeps them: whole microseconds), and then writes in one statement that
// matches the ID and that same version: if another writer moved the
// version between the read and the write, the write matches nothing and
// is a conflict, so no history the check did not see is ever replaced.

var _ growth.OpportunityStore = (*Store)(nil)

// changeJSON is the stored form of a growth.Change: times as RFC 3339 text
// in UTC with six fractional digits ("" for the zero Time), the value as
// its amount's plain decimal text and its currency (the zero Money is the
// amount "0" with the currency "").
type changeJSON struct {
	At            string `json:"at"`
	Author        string `json:"author"`
	From          string `json:"from"`
	To            string `json:"to"`
	Value         string `json:"value"`
	Currency      string `json:"currency"`
	ExpectedClose string `json:"expected_close"`
}

// jsonTimeLayout is the stored form of a time inside JSON.
const jsonTimeLayout = "2006-01-02T15:04:05.000000Z"

// storedTime returns t as the store keeps it: rounded down to the
// microsecond, in UTC.
func storedTime(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.Truncate(time.Microsecond).UTC()
}

// jsonTime returns t's JSON text, "" for the zero Time. A time outside the
// years 1 to 9999 is refused with ErrUnstorable.
func jsonTime(r *row, field string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	if _, err := timeArg(r.d, r.rec, r.id, field, t); err != nil {
		if r.err == nil {
			r.err = err
		}
		return ""
	}
	return storedTime(t).Format(jsonTimeLayout)
}

// jsonTimeOf reads a time's JSON text strictly: "" is the zero Time.
func jsonTimeOf(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(jsonTimeLayout, s)
	if err != nil || t.Format(jsonTimeLayout) != s {
		return time.Time{}, fmt.Errorf("%w: %q is not a stored time", ErrCorrupt, s)
	}
	return t, nil
}

// history appends an opportunity's history as a JSON array.
func (r *row) history(field string, l []growth.Change) {
	listArg(r, field, l, func(check func(string, string) string, i int, c growth.Change) changeJSON {
		amount, currency := moneyArgs(c.Value)
		return changeJSON{
			At:     jsonTime(r, fmt.Sprintf("%s[%d].At", field, i), c.At),
			Author: check("Author", string(c.Author)), From: check("From", c.From), To: check("To", c.To),
			Value: amount, Currency: check("Value", currency),
			ExpectedClose: jsonTime(r, fmt.Sprintf("%s[%d].ExpectedClose", field, i), c.ExpectedClose),
		}
	})
}

// historyCol scans an opportunity's history.
func historyCol(l *[]growth.Change) listCol[changeJSON, growth.Change] {
	return listCol[changeJSON, growth.Change]{"history", l, func(j changeJSON) (growth.Change, error) {
		c := growth.Change{Author: account.ManagerID(j.Author), From: j.From, To: j.To}
		var err error
		if c.At, err = jsonTimeOf(j.At); err != nil {
			return c, fmt.Errorf("at: %w", err)
		}
		if c.ExpectedClose, err = jsonTimeOf(j.ExpectedClose); err != nil {
			return c, fmt.Errorf("expected close: %w", err)
		}
		amount, err := parseDecimal(j.Value)
		if err != nil {
			return c, fmt.Errorf("value: %w", err)
		}
		if c.Value, err = optionalMoneyOf(amount, j.Currency); err != nil {
			return c, fmt.Errorf("value: %w", err)
		}
		return c, nil
	}}
}

var opportunities = newVersioned(&versioned[growth.OpportunityID, growth.Opportunity]{
	record: "Opportunity",
	t: table{name: "ka_opportunities", cols: []column{
		{name: "id"}, {name: "account"}, {name: "buying_centre"},
		{name: "offerings", cast: "jsonb"}, {name: "owner"}, {name: "kind"},
		{name: "history", cast: "jsonb"},
	}},
	id:         func(o growth.Opportunity) growth.OpportunityID { return o.ID },
	version:    func(o growth.Opportunity) int64 { return o.Version },
	setVersion: func(o *growth.Opportunity, v int64) { o.Version = v },
	validate:   storeInvalid(func(o growth.Opportunity) error { return o.Validate(nil) }),
	args: func(d Dialect, o growth.Opportunity) ([]any, error) {
		r := newRow(d, "Opportunity", string(o.ID))
		r.text("ID", string(o.ID))
		r.text("Account", string(o.Account))
		r.text("BuyingCentre", string(o.BuyingCentre))
		r.strings("Offerings", idStrings(o.Offerings))
		r.text("Owner", string(o.Owner))
		r.add(int64(o.Kind))
		r.history("History", o.History)
		return r.args, r.err
	},
	scan: func(sc scanner) (growth.Opportunity, error) {
		var o growth.Opportunity
		err := sc.Scan(
			(*string)(&o.ID), (*string)(&o.Account), (*string)(&o.BuyingCentre),
			idsCol[account.OfferingID]{&o.Offerings}, (*string)(&o.Owner),
			intCol[growth.OpportunityKind]{v: &o.Kind, lo: 0, hi: 255},
			historyCol(&o.History),
			&o.Version,
		)
		return o, err
	},
})

// Opportunity returns the opportunity with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) Opportunity(ctx context.Context, id growth.OpportunityID) (growth.Opportunity, error) {
	return opportunities.getOne(ctx, s, id)
}

// Opportunities yields the opportunities that match f in ascending ID
// order (byte-wise), reading them from the database as the caller ranges.
// The account, owner and kind are selected in SQL; f.Offering is checked
// with [growth.OpportunityFilter.Match] on the rows SQL selects.
func (s *Store) Opportunities(ctx context.Context, f growth.OpportunityFilter) iter.Seq2[growth.Opportunity, error] {
	var p params
	var conds []string
	if f.Account != "" {
		conds = append(conds, "account = "+p.add(string(f.Account)))
	}
	if f.Owner != "" {
		conds = append(conds, "owner = "+p.add(string(f.Owner)))
	}
	if f.Kind != 0 {
		conds = append(conds, "kind = "+p.add(int64(f.Kind)))
	}
	seq := opportunities.list(ctx, s, conds, &p)
	if f.Offering == "" {
		return seq
	}
	return matching(seq, f.Match)
}

// CreateOpportunity stores o with Version 1 and returns the stored
// opportunity. The error wraps [account.ErrInvalid] (and
// [growth.ErrInvalid]) if o fails Validate (with nil stages) or its
// Version is not 0, or [account.ErrConflict] if its ID is taken.
func (s *Store) CreateOpportunity(ctx context.Context, o growth.Opportunity) (growth.Opportunity, error) {
	return opportunities.create(ctx, s, o)
}

// UpdateOpportunity replaces the stored opportunity with o if o.Version is
// the stored version and o.History begins with the stored history, and
// returns the stored opportunity. The error wraps [account.ErrNotFound],
// [account.ErrConflict] if o.Version is not the stored version (or another
// writer moved it meanwhile), [account.ErrInvalid] (and
// [growth.ErrInvalid]) if o fails Validate with nil stages, or
// [growth.ErrHistoryRewritten] (and account.ErrInvalid) if o.History does
// not begin with the stored history.
func (s *Store) UpdateOpportunity(ctx context.Context, o growth.Opportunity) (growth.Opportunity, error) {
	return s.writeOpportunity(ctx, o.ID, o.Version, func(growth.Opportunity) growth.Opportunity { return o })
}

// AppendChange appends c to the history of the stored opportunity with the
// given ID if version is its stored version, and returns the stored
// opportunity. Its errors are those of [Store.UpdateOpportunity].
func (s *Store) AppendChange(ctx context.Context, id growth.OpportunityID, version int64, c growth.Change) (growth.Opportunity, error) {
	return s.writeOpportunity(ctx, id, version, func(old growth.Opportunity) growth.Opportunity {
		old.History = append(old.History, c)
		return old
	})
}

// writeOpportunity replaces the stored opportunity id, at version, with
// next(stored), once it has checked the version, the record and that its
// history extends the stored one; the write itself matches the version
// again, so a writer that moved it after the read makes it a conflict.
func (s *Store) writeOpportunity(ctx context.Context, id growth.OpportunityID, version int64, next func(growth.Opportunity) growth.Opportunity) (growth.Opportunity, error) {
	var zero growth.Opportunity
	old, err := opportunities.getOne(ctx, s, id)
	if err != nil {
		return zero, err
	}
	if old.Version != version {
		return zero, fmt.Errorf("sqlstore: Opportunity %q: version %d is not the stored version %d: %w",
			string(id), version, old.Version, account.ErrConflict)
	}
	o := next(old)
	if err := opportunities.validate(o); err != nil {
		return zero, fmt.Errorf("sqlstore: update: %w", err)
	}
	if !growth.Extends(old.History, keptHistory(o.History)) {
		return zero, fmt.Errorf("sqlstore: update: %w: %w", account.ErrInvalid, &account.FieldError{
			Record: "Opportunity", ID: string(id), Field: "History", Value: len(o.History),
			Reason: fmt.Sprintf("does not begin with the %d stored changes: history is append-only", len(old.History)),
			Err:    growth.ErrHistoryRewritten,
		})
	}
	o.ID, o.Version = id, version
	return opportunities.change(ctx, s, o)
}

// keptHistory returns the changes of l as the store keeps them: times
// rounded down to the microsecond. Money is compared as numbers by
// Change.Equal, so it is left as it is.
func keptHistory(l []growth.Change) []growth.Change {
	out := make([]growth.Change, len(l))
	for i, c := range l {
		c.At, c.ExpectedClose = storedTime(c.At), storedTime(c.ExpectedClose)
		out[i] = c
	}
	return out
}
