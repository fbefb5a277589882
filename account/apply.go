package account

import (
	"cmp"
	"context"
	"errors"
	"slices"
)

// Applied reports what a batch of optimistic updates did to the stored
// accounts: which it wrote, how many needed no write, and which it could
// not write because someone changed or deleted them after they were read.
// The shells of the domain packages return it when they store a run's
// outcome (tiering's tiers, assign's owners), as [UpdateAccounts] does.
//
// The zero Applied reports a batch that changed nothing.
type Applied struct {
	// Written lists the accounts written, in ascending ID order.
	Written []ID

	// Unchanged is how many accounts of the run needed no write: their
	// change was no change, or the store already held it (a batch applied
	// a second time writes nothing).
	Unchanged int

	// Conflicts lists, in ascending account ID order, the accounts not
	// written because the store no longer held the version read: someone
	// changed them meanwhile (the error wraps [ErrConflict]) or deleted
	// them (it wraps [ErrNotFound]). Read them again and decide anew.
	Conflicts []Conflict
}

// A Conflict is one account a batch of updates did not write, and why.
// The zero Conflict describes no account.
type Conflict struct {
	Account ID    // the account not written
	Err     error // the store's error, wrapping ErrConflict or ErrNotFound
}

// UpdateAccounts writes each of accounts to store with
// [AccountWriter.UpdateAccount], carrying the version each holds (the
// version read), in ascending ID order, and reports what it did. It is
// the optimistic-concurrency loop a batch of updates needs: an account
// that changed or was deleted since it was read is a [Conflict], and the
// others are still written.
//
// same, if not nil, makes a second application of the batch harmless: when
// a write fails on a stale version (or a missing account), UpdateAccounts
// reads the stored account and, if same(stored, want) reports that it
// already holds the change the batch makes (its tier, say, or its owner),
// counts it as Unchanged rather than as a conflict. With a nil same every
// stale version is a conflict.
//
// Any other error (a done context, an account that fails Validate, a
// failing store) ends the batch: UpdateAccounts returns what it did
// before it, with the error as the store returned it. The accounts are
// written one by one, not in one transaction: each write is atomic, the
// batch is not. An ID that appears twice in accounts is written once per
// appearance, so the second write conflicts with the first; pass each
// account once.
func UpdateAccounts(ctx context.Context, store AccountStore, accounts []Account, same func(stored, want Account) bool) (Applied, error) {
	byID := func(a, b Account) int { return cmp.Compare(a.ID, b.ID) }
	if !slices.IsSortedFunc(accounts, byID) { // a store's list is in order already
		accounts = slices.Clone(accounts)
		slices.SortStableFunc(accounts, byID)
	}
	out := Applied{Written: make([]ID, 0, len(accounts))}
	for i := range accounts {
		want := &accounts[i]
		_, err := store.UpdateAccount(ctx, *want)
		switch {
		case err == nil:
			out.Written = append(out.Written, want.ID)
			continue
		case !errors.Is(err, ErrConflict) && !errors.Is(err, ErrNotFound):
			return out, err
		}
		if same != nil {
			stored, rerr := store.Account(ctx, want.ID)
			switch {
			case rerr == nil && same(stored, *want):
				out.Unchanged++
				continue
			case rerr != nil && !errors.Is(rerr, ErrNotFound):
				return out, rerr
			case rerr != nil:
				err = rerr // deleted since the write failed
			}
		}
		out.Conflicts = append(out.Conflicts, Conflict{Account: want.ID, Err: err})
	}
	if len(out.Written) == 0 {
		out.Written = nil // nothing written reads as the zero Applied
	}
	return out, nil
}
