package sqlstore

import (
	"context"
	"iter"

	"github.com/keyaccount/keyaccount/account"
)

var contacts = newVersioned(&versioned[account.ContactID, account.Contact]{
	record: "Contact",
	t: table{name: "ka_contacts", cols: []column{
		{name: "id"}, {name: "account"}, {name: "name"}, {name: "title"}, {name: "email"},
		{name: "role"}, {name: "influence"}, {name: "attitude"}, {name: "last_contacted"},
	}},
	id:         func(c account.Contact) account.ContactID { return c.ID },
	version:    func(c account.Contact) int64 { return c.Version },
	setVersion: func(c *account.Contact, v int64) { c.Version = v },
	validate:   account.Contact.Validate,
	args: func(d Dialect, c account.Contact) ([]any, error) {
		r := newRow(d, "Contact", string(c.ID))
		r.text("ID", string(c.ID))
		r.text("Account", string(c.Account))
		r.text("Name", c.Name)
		r.text("Title", c.Title)
		r.text("Email", c.Email)
		r.add(int64(c.Role))
		r.add(int64(c.Influence))
		r.add(int64(c.Attitude))
		r.time("LastContacted", c.LastContacted)
		return r.args, r.err
	},
	scan: func(sc scanner) (account.Contact, error) {
		var c account.Contact
		err := sc.Scan(
			(*string)(&c.ID), (*string)(&c.Account), &c.Name, &c.Title, &c.Email,
			intCol[account.Role]{v: &c.Role, lo: 0, hi: 255},
			intCol[int]{v: &c.Influence, lo: -1 << 31, hi: 1<<31 - 1},
			intCol[account.Attitude]{v: &c.Attitude, lo: -128, hi: 127},
			timeCol{&c.LastContacted},
			&c.Version,
		)
		return c, err
	},
})

// Contact returns the contact with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) Contact(ctx context.Context, id account.ContactID) (account.Contact, error) {
	return contacts.getOne(ctx, s, id)
}

// Contacts yields the contacts that match f in ascending ID order.
func (s *Store) Contacts(ctx context.Context, f account.ContactFilter) iter.Seq2[account.Contact, error] {
	var p params
	var conds []string
	if f.Account != "" {
		conds = append(conds, "account = "+p.add(string(f.Account)))
	}
	return contacts.list(ctx, s, conds, &p)
}

// CreateContact stores c with Version 1 and returns the stored contact. Its
// errors are those of [Store.CreateAccount].
func (s *Store) CreateContact(ctx context.Context, c account.Contact) (account.Contact, error) {
	return contacts.create(ctx, s, c)
}

// UpdateContact replaces the stored contact with c and returns it with its
// version incremented. Its errors are those of [Store.UpdateAccount].
func (s *Store) UpdateContact(ctx context.Context, c account.Contact) (account.Contact, error) {
	return contacts.change(ctx, s, c)
}

// DeleteContact deletes the contact if its stored version is version. Its
// errors are those of [Store.DeleteAccount].
func (s *Store) DeleteContact(ctx context.Context, id account.ContactID, version int64) error {
	return contacts.delete(ctx, s, id, version)
}
