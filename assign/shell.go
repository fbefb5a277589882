package assign

import (
	"cmp"
	"context"
	"iter"
	"slices"

	"github.com/keyaccount/keyaccount/account"
)

// A ManagerLister lists account managers: the read side of
// [account.ManagerStore], all a [Service] needs of it. Every store of the
// module implements it.
type ManagerLister interface {
	// Managers yields the managers that match f in ascending ID order.
	Managers(ctx context.Context, f account.ManagerFilter) iter.Seq2[account.Manager, error]
}

// A Service assigns the accounts of an [account.AccountStore] to the
// managers of a [ManagerLister] and stores the owners an assignment gives,
// each in one call. It is a thin shell over [Accounts]: what it returns is
// what Accounts returns for the stored accounts and managers.
//
// A Service is safe for concurrent use if its stores are and its policy's
// functions are. The zero Service has no store: its methods return errors
// wrapping [ErrInvalid].
type Service struct {
	accounts account.AccountStore
	managers ManagerLister
	policy   Policy
}

// NewService returns a Service that reads and writes the accounts of
// accounts, reads the managers of managers, and assigns under p. The error
// wraps [ErrInvalid]: an [*account.FieldError] with Record "Argument" for
// a nil store, or the problems of [Policy.Validate].
func NewService(accounts account.AccountStore, managers ManagerLister, p Policy) (*Service, error) {
	switch {
	case accounts == nil:
		return nil, &account.FieldError{Record: "Argument", Field: "accounts", Reason: "is nil", Err: ErrInvalid}
	case managers == nil:
		return nil, &account.FieldError{Record: "Argument", Field: "managers", Reason: "is nil", Err: ErrInvalid}
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &Service{accounts: accounts, managers: managers, policy: p}, nil
}

// An Assignment is what [Service.Assign] found: the [Result] of
// [Accounts], and the accounts as they were read, which
// [Service.Apply] writes back with their new owners. The zero Assignment
// assigns no account.
type Assignment struct {
	Result Result // who owns each account, the loads, the handovers and the unplaced

	read []account.Account // the accounts as read, in ascending ID order
}

// Accounts returns copies of the accounts as the assignment leaves them,
// in ascending ID order: a placed account owned by its Placement's
// manager, an unplaced one by nobody (its Owner is ""; see [Unplaced]).
// The other fields are as they were read, Version included. The copies
// share their Attributes maps with the accounts read.
func (a *Assignment) Accounts() []account.Account {
	out := make([]account.Account, len(a.read))
	copy(out, a.read)
	for i, m := range a.owners() {
		out[i].Owner = m
	}
	return out
}

// owners returns the owner the assignment gives each account read: its
// Placement's manager, or "" for an unplaced account.
func (a *Assignment) owners() []account.ManagerID {
	out := make([]account.ManagerID, len(a.read))
	p := a.Result.Placements // both in ascending account ID order
	for i := range a.read {
		for len(p) > 0 && p[0].Account < a.read[i].ID {
			p = p[1:]
		}
		if len(p) > 0 && p[0].Account == a.read[i].ID {
			out[i] = p[0].Manager
		}
	}
	return out
}

// check reports a Service not made by NewService, which sets both stores.
func (s *Service) check() error {
	if s == nil || s.accounts == nil {
		return &account.FieldError{Record: "Service", Reason: "has no stores: make it with NewService", Err: ErrInvalid}
	}
	return nil
}

// Assign reads every stored account and manager (inactive managers too,
// whose accounts must move) and assigns the accounts under the Service's
// policy: [Accounts] over what the stores list. The Assignment is the dry
// run: its Result lists the handovers and the unplaced accounts, and
// [Service.Apply] stores the owners. Its errors are the stores', as they
// return them, and those of Accounts.
func (s *Service) Assign(ctx context.Context) (*Assignment, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	accounts, err := account.Collect(s.accounts.Accounts(ctx, account.AccountFilter{}))
	if err != nil {
		return nil, err
	}
	// Stores list in ascending ID order; Accounts relies on it, so make sure.
	slices.SortFunc(accounts, func(x, y account.Account) int { return cmp.Compare(x.ID, y.ID) })
	managers, err := account.Collect(s.managers.Managers(ctx, account.ManagerFilter{}))
	if err != nil {
		return nil, err
	}
	res, err := Accounts(accounts, managers, s.policy)
	if err != nil {
		return nil, err
	}
	return &Assignment{Result: res, read: accounts}, nil
}

// Apply stores the owners of a: every account whose owner a changes (the
// handovers, and the unplaced accounts that had an owner, which lose it)
// is written as [Assignment.Accounts] gives it, with the version it had
// when it was read, in ascending ID order. The other accounts are not
// written.
//
// An account changed or deleted since it was read is not written: it is
// reported in [account.Applied.Conflicts], and the other accounts are
// still written. Apply is idempotent: an account the store already holds
// with its new owner counts as Unchanged, so applying a twice writes
// nothing the second time. Other errors end the writing; see
// [account.UpdateAccounts], which Apply calls. A nil a is an
// [*account.FieldError] wrapping [ErrInvalid].
func (s *Service) Apply(ctx context.Context, a *Assignment) (account.Applied, error) {
	if err := s.check(); err != nil {
		return account.Applied{}, err
	}
	if a == nil {
		return account.Applied{}, &account.FieldError{Record: "Argument", Field: "a", Reason: "is nil", Err: ErrInvalid}
	}
	var changed []account.Account
	for i, m := range a.owners() {
		if m != a.read[i].Owner {
			x := a.read[i]
			x.Owner = m
			changed = append(changed, x)
		}
	}
	out, err := account.UpdateAccounts(ctx, s.accounts, changed, sameOwner)
	out.Unchanged += len(a.read) - len(changed)
	return out, err
}

// sameOwner reports whether stored already has want's owner: an
// Assignment applied before.
func sameOwner(stored, want account.Account) bool { return stored.Owner == want.Owner }
