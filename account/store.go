package account

import (
	"context"
	"iter"
	"time"
)

// Storage. The interfaces below are what the rest of the module (and an
// application) needs from a store. Implementations live elsewhere:
// store/memstore keeps everything in memory, and store/storetest is a
// conformance suite any implementation can run.
//
// The contract every implementation keeps:
//
//   - Every method takes a context first and returns ctx.Err() (possibly
//     wrapped) once the context is done. A sequence checks its context as
//     it runs: once the context is done it yields (zero value, ctx.Err())
//     and stops.
//   - Reads return copies: changing a returned value never changes the
//     store. Writes copy their input: changing a value after passing it in
//     never changes the store.
//   - A record that does not exist is an error wrapping [ErrNotFound].
//   - Creating a record whose ID exists, or updating or deleting with a
//     Version other than the stored one, is an error wrapping [ErrConflict].
//     Create stores Version 1; each update stores the version it was given
//     plus 1. Both return the stored record.
//   - A record that fails its Validate method is rejected with an error that
//     wraps [ErrInvalid] and the [*FieldError] values. So is a create whose
//     Version is not 0.
//   - Times are kept as instants to at least the microsecond; a store may
//     return them in another location, so compare them with Equal.
//   - An empty batch (AddTransactions or AddInteractions with no records)
//     stores nothing and returns nil. A deleted transaction's or
//     interaction's ID may be used again.
//   - Lists are iter.Seq2[T, error] sequences in the order each method
//     documents. On failure a sequence yields one (zero value, error) pair
//     and stops. Breaking out of the loop early is always allowed. Records
//     written while a sequence runs may or may not be seen, but no record is
//     yielded twice and the order holds. A sequence may be ranged over more
//     than once; each run reads the store afresh.
//   - Stores do not check references between records (an account's Parent
//     or Owner, a transaction's Account): [NewHierarchy] and the analyses
//     that use them do.
//   - Stores never read the clock; times are data.
//   - Implementations are safe for concurrent use.

// AccountReader reads accounts.
type AccountReader interface {
	// Account returns the account with the given ID, or an error wrapping
	// ErrNotFound.
	Account(ctx context.Context, id ID) (Account, error)

	// Accounts yields the accounts that match f in ascending ID order.
	Accounts(ctx context.Context, f AccountFilter) iter.Seq2[Account, error]
}

// AccountWriter creates, updates and deletes accounts.
type AccountWriter interface {
	// CreateAccount stores a new account with Version 1 and returns it.
	// Errors wrap ErrInvalid (a fails Validate, or its Version is not 0) or
	// ErrConflict (the ID is taken).
	CreateAccount(ctx context.Context, a Account) (Account, error)

	// UpdateAccount replaces the stored account with a, whose Version must
	// equal the stored one, and returns it with the version incremented.
	// Errors wrap ErrInvalid, ErrNotFound or ErrConflict (a stale version).
	UpdateAccount(ctx context.Context, a Account) (Account, error)

	// DeleteAccount deletes the account if its stored version is version.
	// Errors wrap ErrNotFound or ErrConflict.
	DeleteAccount(ctx context.Context, id ID, version int64) error
}

// AccountFilter selects accounts. The zero AccountFilter selects all; each
// field that is set narrows the selection.
type AccountFilter struct {
	Parent ID        // only the direct children of Parent
	Owner  ManagerID // only the accounts Owner owns
	Tiers  []Tier    // only accounts in one of these tiers (include Unassigned to find untiered ones)
}

// Match reports whether a passes the filter. Stores may use it; it defines
// the filter's meaning.
func (f AccountFilter) Match(a Account) bool {
	if f.Parent != "" && a.Parent != f.Parent {
		return false
	}
	if f.Owner != "" && a.Owner != f.Owner {
		return false
	}
	if len(f.Tiers) > 0 {
		for _, t := range f.Tiers {
			if a.Tier == t {
				return true
			}
		}
		return false
	}
	return true
}

// AccountStore reads and writes accounts.
type AccountStore interface {
	AccountReader
	AccountWriter
}

// ContactStore reads and writes contacts.
type ContactStore interface {
	// Contact returns the contact with the given ID, or an error wrapping
	// ErrNotFound.
	Contact(ctx context.Context, id ContactID) (Contact, error)

	// Contacts yields the contacts that match f in ascending ID order.
	Contacts(ctx context.Context, f ContactFilter) iter.Seq2[Contact, error]

	// CreateContact stores a new contact with Version 1, as
	// [AccountWriter.CreateAccount] does for accounts.
	CreateContact(ctx context.Context, c Contact) (Contact, error)

	// UpdateContact replaces a stored contact whose version matches, as
	// [AccountWriter.UpdateAccount] does for accounts.
	UpdateContact(ctx context.Context, c Contact) (Contact, error)

	// DeleteContact deletes a contact whose version matches, as
	// [AccountWriter.DeleteAccount] does for accounts.
	DeleteContact(ctx context.Context, id ContactID, version int64) error
}

// ContactFilter selects contacts. The zero ContactFilter selects all.
type ContactFilter struct {
	Account ID // only the contacts of Account
}

// Match reports whether c passes the filter.
func (f ContactFilter) Match(c Contact) bool {
	return f.Account == "" || c.Account == f.Account
}

// ManagerStore reads and writes account managers.
type ManagerStore interface {
	// Manager returns the manager with the given ID, or an error wrapping
	// ErrNotFound.
	Manager(ctx context.Context, id ManagerID) (Manager, error)

	// Managers yields the managers that match f in ascending ID order.
	Managers(ctx context.Context, f ManagerFilter) iter.Seq2[Manager, error]

	// CreateManager stores a new manager with Version 1, as
	// [AccountWriter.CreateAccount] does for accounts.
	CreateManager(ctx context.Context, m Manager) (Manager, error)

	// UpdateManager replaces a stored manager whose version matches, as
	// [AccountWriter.UpdateAccount] does for accounts.
	UpdateManager(ctx context.Context, m Manager) (Manager, error)

	// DeleteManager deletes a manager whose version matches, as
	// [AccountWriter.DeleteAccount] does for accounts.
	DeleteManager(ctx context.Context, id ManagerID, version int64) error
}

// ManagerFilter selects managers. The zero ManagerFilter selects all.
type ManagerFilter struct {
	ActiveOnly bool // only managers whose Active flag is set
}

// Match reports whether m passes the filter.
func (f ManagerFilter) Match(m Manager) bool {
	return !f.ActiveOnly || m.Active
}

// TransactionStore keeps transactions, append-only: a correction is a new
// transaction (a refund has a negative amount), or a delete of one that
// should not have been recorded.
type TransactionStore interface {
	// AddTransactions stores txs, all or none. Errors wrap ErrInvalid (a
	// transaction fails Validate) or ErrConflict (an ID is already stored or
	// repeated within txs), and name the transaction at fault.
	AddTransactions(ctx context.Context, txs ...Transaction) error

	// Transactions yields the transactions that match f, ordered by
	// account ID, then At, then transaction ID, all ascending.
	Transactions(ctx context.Context, f TransactionFilter) iter.Seq2[Transaction, error]

	// DeleteTransaction deletes a transaction, or returns an error wrapping
	// ErrNotFound.
	DeleteTransaction(ctx context.Context, id TransactionID) error
}

// TransactionFilter selects transactions. The zero TransactionFilter
// selects all. The time range is half-open, [From, To): a transaction at
// exactly To is not selected, so consecutive ranges never count one twice.
type TransactionFilter struct {
	Account ID              // only transactions of Account
	From    time.Time       // only transactions at or after From, if set
	To      time.Time       // only transactions before To, if set
	Kind    TransactionKind // only transactions of this kind, if set
}

// Match reports whether t passes the filter.
func (f TransactionFilter) Match(t Transaction) bool {
	return (f.Account == "" || t.Account == f.Account) &&
		inRange(t.At, f.From, f.To) &&
		(f.Kind == 0 || t.Kind == f.Kind)
}

// InteractionStore keeps interactions, append-only like transactions.
type InteractionStore interface {
	// AddInteractions stores is, all or none. Errors wrap ErrInvalid or
	// ErrConflict (an ID is already stored or repeated), naming the
	// interaction at fault.
	AddInteractions(ctx context.Context, is ...Interaction) error

	// Interactions yields the interactions that match f, ordered by
	// account ID, then At, then interaction ID, all ascending.
	Interactions(ctx context.Context, f InteractionFilter) iter.Seq2[Interaction, error]

	// DeleteInteraction deletes an interaction, or returns an error wrapping
	// ErrNotFound.
	DeleteInteraction(ctx context.Context, id InteractionID) error
}

// InteractionFilter selects interactions. The zero InteractionFilter
// selects all; the time range is half-open, [From, To), as in
// [TransactionFilter].
type InteractionFilter struct {
	Account ID              // only interactions of Account
	From    time.Time       // only interactions at or after From, if set
	To      time.Time       // only interactions before To, if set
	Kind    InteractionKind // only interactions of this kind, if set
}

// Match reports whether i passes the filter.
func (f InteractionFilter) Match(i Interaction) bool {
	return (f.Account == "" || i.Account == f.Account) &&
		inRange(i.At, f.From, f.To) &&
		(f.Kind == 0 || i.Kind == f.Kind)
}

func inRange(t, from, to time.Time) bool {
	return (from.IsZero() || !t.Before(from)) && (to.IsZero() || t.Before(to))
}

// Store is every storage interface of the package in one: what an
// application's single database offers, and what store/storetest checks.
type Store interface {
	AccountStore
	ContactStore
	ManagerStore
	TransactionStore
	InteractionStore
}

// Collect reads seq to the end and returns its values in order: the one
// way to turn a store's list into the slice a whole-portfolio computation
// (scoring, tiering, assignment) needs. It stops at the first error and
// returns it with the values read before it:
//
//	accounts, err := account.Collect(store.Accounts(ctx, account.AccountFilter{}))
//
// Functions that consume a stream take the iter.Seq2[T, error] itself, so
// only a computation that needs every value at once calls Collect.
func Collect[T any](seq iter.Seq2[T, error]) ([]T, error) {
	var out []T
	for v, err := range seq {
		if err != nil {
			return out, err
		}
		out = append(out, v)
	}
	return out, nil
}
