package sqlstore

import (
	"context"
	"iter"

	"github.com/keyaccount/keyaccount/account"
)

var managers = newVersioned(&versioned[account.ManagerID, account.Manager]{
	record: "Manager",
	t: table{name: "ka_managers", cols: []column{
		{name: "id"}, {name: "name"}, {name: "capacity"},
		{name: "regions", cast: "jsonb"}, {name: "industries", cast: "jsonb"}, {name: "skills", cast: "jsonb"},
		{name: "audience"}, {name: "active"},
	}},
	id:         func(m account.Manager) account.ManagerID { return m.ID },
	version:    func(m account.Manager) int64 { return m.Version },
	setVersion: func(m *account.Manager, v int64) { m.Version = v },
	validate:   account.Manager.Validate,
	args: func(d Dialect, m account.Manager) ([]any, error) {
		r := newRow(d, "Manager", string(m.ID))
		r.text("ID", string(m.ID))
		r.text("Name", m.Name)
		r.add(int64(m.Capacity))
		r.strings("Regions", m.Regions)
		r.strings("Industries", m.Industries)
		r.strings("Skills", m.Skills)
		r.add(int64(m.Audience))
		r.add(m.Active)
		return r.args, r.err
	},
	scan: func(sc scanner) (account.Manager, error) {
		var m account.Manager
		err := sc.Scan(
			(*string)(&m.ID), &m.Name, &m.Capacity,
			stringsCol{&m.Regions}, stringsCol{&m.Industries}, stringsCol{&m.Skills},
			intCol[account.Audience]{v: &m.Audience, lo: 0, hi: 255}, boolCol{&m.Active},
			&m.Version,
		)
		return m, err
	},
})

// Manager returns the manager with the given ID. The error wraps
// [account.ErrNotFound] if there is none.
func (s *Store) Manager(ctx context.Context, id account.ManagerID) (account.Manager, error) {
	return managers.getOne(ctx, s, id)
}

// Managers yields the managers that match f in ascending ID order.
func (s *Store) Managers(ctx context.Context, f account.ManagerFilter) iter.Seq2[account.Manager, error] {
	var p params
	var conds []string
	if f.ActiveOnly {
		conds = append(conds, "active = "+p.add(true))
	}
	return managers.list(ctx, s, conds, &p)
}

// CreateManager stores m with Version 1 and returns the stored manager. Its
// errors are those of [Store.CreateAccount].
func (s *Store) CreateManager(ctx context.Context, m account.Manager) (account.Manager, error) {
	return managers.create(ctx, s, m)
}

// UpdateManager replaces the stored manager with m and returns it with its
// version incremented. Its errors are those of [Store.UpdateAccount].
func (s *Store) UpdateManager(ctx context.Context, m account.Manager) (account.Manager, error) {
	return managers.change(ctx, s, m)
}

// DeleteManager deletes the manager if its stored version is version. Its
// errors are those of [Store.DeleteAccount].
func (s *Store) DeleteManager(ctx context.Context, id account.ManagerID, version int64) error {
	return managers.delete(ctx, s, id, version)
}
