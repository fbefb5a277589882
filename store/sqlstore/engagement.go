package sqlstore

import (
	"context"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

// The stores of package engagement: survey responses and feedback items
// are journals like transactions (append-only, listed by account, At,
// then ID), and changes are versioned records like accounts (listed by
// ID). A change's Scope is kept in columns: its lists as JSON, its
// audience and flag as values.

var responses = newJournal(&journal[engagement.ResponseID, engagement.Response]{
	record: "Response",
	t: table{name: "ka_responses", cols: []column{
		{name: "id"}, {name: "account"}, {name: "contact"}, {name: "at"},
		{name: "kind"}, {name: "score"}, {name: "channel"}, {name: "comment"},
	}},
	id:       func(r engagement.Response) engagement.ResponseID { return r.ID },
	validate: storeInvalid(engagement.Response.Validate),
	args: func(d Dialect, x engagement.Response) ([]any, error) {
		r := newRow(d, "Response", string(x.ID))
		r.text("ID", string(x.ID))
		r.text("Account", string(x.Account))
		r.text("Contact", string(x.Contact))
		r.time("At", x.At)
		r.add(int64(x.Kind))
		r.add(int64(x.Score))
		r.add(int64(x.Channel))
		r.text("Comment", x.Comment)
		return r.args, r.err
	},
	scan: func(sc scanner) (engagement.Response, error) {
		var x engagement.Response
		err := sc.Scan(
			(*string)(&x.ID), (*string)(&x.Account), (*string)(&x.Contact), timeCol{&x.At},
			intCol[engagement.ResponseKind]{v: &x.Kind, lo: 0, hi: 255},
			intCol[int]{v: &x.Score, lo: -1 << 31, hi: 1<<31 - 1},
			intCol[engagement.SurveyChannel]{v: &x.Channel, lo: 0, hi: 255},
			&x.Comment,
		)
		return x, err
	},
})

// AddResponses stores rs in one database transaction, all or none. The
// error wraps [account.ErrInvalid] and [engagement.ErrInvalid] (naming the
// first response that fails Validate) or [account.ErrConflict] (naming the
// first ID that is already stored or repeated within rs).
func (s *Store) AddResponses(ctx context.Context, rs ...engagement.Response) error {
	return responses.add(ctx, s, rs)
}

// Responses yields the responses that match f, ordered by account ID, then
// At, then response ID, reading them from the database as the caller
// ranges.
func (s *Store) Responses(ctx context.Context, f engagement.ResponseFilter) iter.Seq2[engagement.Response, error] {
	var p params
	var conds []string
	if f.Kind != 0 {
		conds = append(conds, "kind = "+p.add(int64(f.Kind)))
	}
	return responses.list(ctx, s, f.Account, f.From, f.To, conds, &p)
}

// DeleteResponse deletes the response with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) DeleteResponse(ctx context.Context, id engagement.ResponseID) error {
	return responses.delete(ctx, s, id)
}

var feedback = newJournal(&journal[engagement.FeedbackID, engagement.Feedback]{
	record: "Feedback",
	t: table{name: "ka_feedback", cols: []column{
		{name: "id"}, {name: "account"}, {name: "contact"}, {name: "at"},
		{name: "kind"}, {name: "theme"}, {name: "service"}, {name: "change_id"}, {name: "body"},
	}},
	id:       func(x engagement.Feedback) engagement.FeedbackID { return x.ID },
	validate: storeInvalid(engagement.Feedback.Validate),
	args: func(d Dialect, x engagement.Feedback) ([]any, error) {
		r := newRow(d, "Feedback", string(x.ID))
		r.text("ID", string(x.ID))
		r.text("Account", string(x.Account))
		r.text("Contact", string(x.Contact))
		r.time("At", x.At)
		r.add(int64(x.Kind))
		r.text("Theme", x.Theme)
		r.text("Service", x.Service)
		r.text("Change", string(x.Change))
		r.text("Text", x.Text)
		return r.args, r.err
	},
	scan: func(sc scanner) (engagement.Feedback, error) {
		var x engagement.Feedback
		err := sc.Scan(
			(*string)(&x.ID), (*string)(&x.Account), (*string)(&x.Contact), timeCol{&x.At},
			intCol[engagement.FeedbackKind]{v: &x.Kind, lo: 0, hi: 255},
			&x.Theme, &x.Service, (*string)(&x.Change), &x.Text,
		)
		return x, err
	},
})

// AddFeedback stores items in one database transaction, all or none. Its
// errors are those of [Store.AddResponses].
func (s *Store) AddFeedback(ctx context.Context, items ...engagement.Feedback) error {
	return feedback.add(ctx, s, items)
}

// Feedback yields the feedback items that match f, ordered by account ID,
// then At, then ID, reading them from the database as the caller ranges.
func (s *Store) Feedback(ctx context.Context, f engagement.FeedbackFilter) iter.Seq2[engagement.Feedback, error] {
	var p params
	var conds []string
	if f.Kind != 0 {
		conds = append(conds, "kind = "+p.add(int64(f.Kind)))
	}
	if f.Theme != "" {
		conds = append(conds, "theme = "+p.add(f.Theme))
	}
	if f.Change != "" {
		conds = append(conds, "change_id = "+p.add(string(f.Change)))
	}
	return feedback.list(ctx, s, f.Account, f.From, f.To, conds, &p)
}

// DeleteFeedback deletes the feedback item with the given ID. The error
// wraps [account.ErrNotFound] if there is none.
func (s *Store) DeleteFeedback(ctx context.Context, id engagement.FeedbackID) error {
	return feedback.delete(ctx, s, id)
}

var changes = newVersioned(&versioned[engagement.ChangeID, engagement.Change]{
	record: "Change",
	t: table{name: "ka_changes", cols: []column{
		{name: "id"}, {name: "title"}, {name: "kind"}, {name: "severity"},
		{name: "announce"}, {name: "go_live"},
		{name: "services", cast: "jsonb"}, {name: "products", cast: "jsonb"},
		{name: "regions", cast: "jsonb"}, {name: "segments", cast: "jsonb"},
		{name: "audience"}, {name: "everyone"}, {name: "accounts", cast: "jsonb"},
	}},
	id:         func(c engagement.Change) engagement.ChangeID { return c.ID },
	version:    func(c engagement.Change) int64 { return c.Version },
	setVersion: func(c *engagement.Change, v int64) { c.Version = v },
	validate:   storeInvalid(engagement.Change.Validate),
	args: func(d Dialect, c engagement.Change) ([]any, error) {
		r := newRow(d, "Change", string(c.ID))
		r.text("ID", string(c.ID))
		r.text("Title", c.Title)
		r.add(int64(c.Kind))
		r.add(int64(c.Severity))
		r.time("Announce", c.Announce)
		r.time("GoLive", c.GoLive)
		r.strings("Touches.Services", c.Touches.Services)
		r.strings("Touches.Products", c.Touches.Products)
		r.strings("Touches.Regions", c.Touches.Regions)
		r.strings("Touches.Segments", c.Touches.Segments)
		r.add(int64(c.Touches.Audience))
		r.add(c.Touches.Everyone)
		ids := make([]string, len(c.Touches.Accounts))
		for i, id := range c.Touches.Accounts {
			ids[i] = string(id)
		}
		r.strings("Touches.Accounts", ids)
		return r.args, r.err
	},
	scan: func(sc scanner) (engagement.Change, error) {
		var c engagement.Change
		var ids []string
		err := sc.Scan(
			(*string)(&c.ID), &c.Title,
			intCol[engagement.ChangeKind]{v: &c.Kind, lo: 0, hi: 255},
			intCol[engagement.Severity]{v: &c.Severity, lo: 0, hi: 255},
			timeCol{&c.Announce}, timeCol{&c.GoLive},
			stringsCol{&c.Touches.Services}, stringsCol{&c.Touches.Products},
			stringsCol{&c.Touches.Regions}, stringsCol{&c.Touches.Segments},
			intCol[account.Audience]{v: &c.Touches.Audience, lo: 0, hi: 255},
			boolCol{&c.Touches.Everyone}, stringsCol{&ids},
			&c.Version,
		)
		if ids != nil {
			c.Touches.Accounts = make([]account.ID, len(ids))
			for i, id := range ids {
				c.Touches.Accounts[i] = account.ID(id)
			}
		}
		return c, err
	},
})

// Change returns the change with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) Change(ctx context.Context, id engagement.ChangeID) (engagement.Change, error) {
	return changes.getOne(ctx, s, id)
}

// Changes yields the changes that match f in ascending ID order
// (byte-wise), reading them from the database as the caller ranges. The
// go-live range [From, To) is compared as the journals' time ranges are:
// at the microsecond the store keeps.
func (s *Store) Changes(ctx context.Context, f engagement.ChangeFilter) iter.Seq2[engagement.Change, error] {
	var p params
	var conds []string
	if f.Kind != 0 {
		conds = append(conds, "kind = "+p.add(int64(f.Kind)))
	}
	conds = timeRange(s.dialect, "go_live", f.From, f.To, conds, &p)
	return changes.list(ctx, s, conds, &p)
}

// CreateChange stores c with Version 1 and returns the stored change. The
// error wraps [account.ErrInvalid] (and [engagement.ErrInvalid]) if c fails
// Validate or its Version is not 0, or [account.ErrConflict] if its ID is
// taken.
func (s *Store) CreateChange(ctx context.Context, c engagement.Change) (engagement.Change, error) {
	return changes.create(ctx, s, c)
}

// UpdateChange replaces the stored change with c, in one statement that
// checks and increments the version, and returns the stored change. The
// error wraps [account.ErrInvalid], [account.ErrNotFound], or
// [account.ErrConflict] if c.Version is not the stored version.
func (s *Store) UpdateChange(ctx context.Context, c engagement.Change) (engagement.Change, error) {
	return changes.change(ctx, s, c)
}

// DeleteChange deletes the change if its stored version is version. The
// error wraps [account.ErrNotFound] or [account.ErrConflict]. Feedback
// about the change is kept.
func (s *Store) DeleteChange(ctx context.Context, id engagement.ChangeID, version int64) error {
	return changes.delete(ctx, s, id, version)
}

// timeRange appends to conds the conditions that select the half-open
// range [from, to) of the time column col (a zero bound is no bound),
// compared at the microsecond (see boundArg): a bound before or after
// every time the store keeps is no bound, or selects nothing. The journals'
// lists and the changes' go-live range use it.
func timeRange(d Dialect, col string, from, to time.Time, conds []string, p *params) []string {
	empty := false
	if !from.IsZero() {
		switch arg, pos := boundArg(d, from); pos {
		case 0:
			conds = append(conds, col+" >= "+p.add(arg))
		case 1:
			empty = true
		}
	}
	if !to.IsZero() {
		switch arg, pos := boundArg(d, to); pos {
		case 0:
			conds = append(conds, col+" < "+p.add(arg))
		case -1:
			empty = true
		}
	}
	if empty {
		conds = append(conds, "1 = 0")
	}
	return conds
}
