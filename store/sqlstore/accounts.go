package sqlstore

import (
	"context"
	"iter"
	"slices"

	"github.com/keyaccount/keyaccount/account"
)

var accounts = newVersioned(&versioned[account.ID, account.Account]{
	record: "Account",
	t: table{name: "ka_accounts", cols: []column{
		{name: "id"}, {name: "name"}, {name: "parent"}, {name: "owner"},
		{name: "tier"}, {name: "tier_since"},
		{name: "segment"}, {name: "industry"}, {name: "region"},
		{name: "currency"}, {name: "internal"},
		{name: "attributes", cast: "jsonb"},
		{name: "created"}, {name: "updated"},
	}},
	id:         func(a account.Account) account.ID { return a.ID },
	version:    func(a account.Account) int64 { return a.Version },
	setVersion: func(a *account.Account, v int64) { a.Version = v },
	validate:   account.Account.Validate,
	args: func(d Dialect, a account.Account) ([]any, error) {
		r := newRow(d, "Account", string(a.ID))
		r.text("ID", string(a.ID))
		r.text("Name", a.Name)
		r.text("Parent", string(a.Parent))
		r.text("Owner", string(a.Owner))
		r.add(int64(a.Tier))
		r.time("TierSince", a.TierSince)
		r.text("Segment", a.Segment)
		r.text("Industry", a.Industry)
		r.text("Region", a.Region)
		r.text("Currency", string(a.Currency))
		r.add(a.Internal)
		r.decimals("Attributes", a.Attributes)
		r.time("Created", a.Created)
		r.time("Updated", a.Updated)
		return r.args, r.err
	},
	scan: func(sc scanner) (account.Account, error) {
		var a account.Account
		err := sc.Scan(
			(*string)(&a.ID), &a.Name, (*string)(&a.Parent), (*string)(&a.Owner),
			intCol[account.Tier]{v: &a.Tier, lo: 0, hi: 255}, timeCol{&a.TierSince},
			&a.Segment, &a.Industry, &a.Region,
			(*string)(&a.Currency), boolCol{&a.Internal},
			decimalsCol{&a.Attributes},
			timeCol{&a.Created}, timeCol{&a.Updated},
			&a.Version,
		)
		return a, err
	},
})

// Account returns the account with the given ID. The error wraps
// [account.ErrNotFound] if there is none; see the package documentation
// for the others.
func (s *Store) Account(ctx context.Context, id account.ID) (account.Account, error) {
	return accounts.getOne(ctx, s, id)
}

// Accounts yields the accounts that match f in ascending ID order (byte-wise),
// reading them from the database as the caller ranges.
func (s *Store) Accounts(ctx context.Context, f account.AccountFilter) iter.Seq2[account.Account, error] {
	var p params
	var conds []string
	if f.Parent != "" {
		conds = append(conds, "parent = "+p.add(string(f.Parent)))
	}
	if f.Owner != "" {
		conds = append(conds, "owner = "+p.add(string(f.Owner)))
	}
	if len(f.Tiers) > 0 {
		tiers := slices.Clone(f.Tiers)
		slices.Sort(tiers)
		in := ""
		for i, t := range slices.Compact(tiers) {
			if i > 0 {
				in += ", "
			}
			in += p.add(int64(t))
		}
		conds = append(conds, "tier IN ("+in+")")
	}
	return accounts.list(ctx, s, conds, &p)
}

// CreateAccount stores a with Version 1 and returns the stored account.
// The error wraps [account.ErrInvalid] if a fails Validate or its Version
// is not 0 ([ErrUnstorable] too if a time is outside the years 1 to 9999),
// or [account.ErrConflict] if its ID is taken.
func (s *Store) CreateAccount(ctx context.Context, a account.Account) (account.Account, error) {
	return accounts.create(ctx, s, a)
}

// UpdateAccount replaces the stored account with a, in one statement that
// checks and increments the version, and returns the stored account. The
// error wraps [account.ErrInvalid], [account.ErrNotFound], or
// [account.ErrConflict] if a.Version is not the stored version.
func (s *Store) UpdateAccount(ctx context.Context, a account.Account) (account.Account, error) {
	return accounts.change(ctx, s, a)
}

// DeleteAccount deletes the account if its stored version is version. The
// error wraps [account.ErrNotFound] or [account.ErrConflict]. It does not
// delete the account's contacts, transactions or interactions, nor its
// children: stores do not check references.
func (s *Store) DeleteAccount(ctx context.Context, id account.ID, version int64) error {
	return accounts.delete(ctx, s, id, version)
}
