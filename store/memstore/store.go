package memstore

import (
	"context"
	"iter"
	"slices"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/keyaccount/keyaccount/review"
)

// A Store keeps every kind of record of the module in memory: accounts,
// contacts, managers, transactions and interactions, SLA tickets,
// escalation records and facts, plans, reviews and action items, survey
// responses, changes and feedback. It implements every storage interface
// of the module, with the contract written above [account.AccountReader];
// the package documentation says how.
//
// A Store is safe for concurrent use. The zero Store is empty and ready to
// use; [New] returns a pointer to one. A Store must not be copied after
// first use.
type Store struct {
	accounts     records[account.ID, account.Account]
	contacts     records[account.ContactID, account.Contact]
	managers     records[account.ManagerID, account.Manager]
	transactions journal[account.TransactionID, account.Transaction]
	interactions journal[account.InteractionID, account.Interaction]
	tickets      tickets
	fired        firedRecords
	facts        facts
	changes      records[engagement.ChangeID, engagement.Change]
	feedback     journal[engagement.FeedbackID, engagement.Feedback]
	responses    journal[engagement.ResponseID, engagement.Response]
	plans        plans
	reviews      records[review.ReviewID, review.Review]
	actions      records[review.ActionID, review.ActionItem]
	offerings    records[account.OfferingID, growth.Offering]
	holdings     records[growth.HoldingID, growth.Holding]
	estimates    records[growth.EstimateID, growth.WalletEstimate]
	opps         records[growth.OpportunityID, growth.Opportunity]
}

var _ account.Store = (*Store)(nil)

// New returns a new, empty Store.
func New() *Store { return new(Store) }

// Account returns the account with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Account(ctx context.Context, id account.ID) (account.Account, error) {
	return s.accounts.get(ctx, accountKind, id)
}

// Accounts yields the accounts that match f in ascending ID order. On a
// done context it yields (zero Account, ctx.Err()) and stops.
func (s *Store) Accounts(ctx context.Context, f account.AccountFilter) iter.Seq2[account.Account, error] {
	f.Tiers = slices.Clone(f.Tiers) // the caller may reuse its slice while the sequence runs
	return s.accounts.list(ctx, accountKind, f.Match)
}

// CreateAccount stores a copy of a with Version 1 and returns it. The error
// wraps [account.ErrInvalid] if a fails Validate or its Version is not 0,
// [account.ErrConflict] if its ID is taken, or is ctx.Err().
func (s *Store) CreateAccount(ctx context.Context, a account.Account) (account.Account, error) {
	return s.accounts.create(ctx, accountKind, a)
}

// UpdateAccount replaces the stored account with a copy of a and returns it
// with its version incremented. The error wraps [account.ErrInvalid] if a
// fails Validate, [account.ErrNotFound] if no account has its ID,
// [account.ErrConflict] if a.Version is not the stored version, or is
// ctx.Err().
func (s *Store) UpdateAccount(ctx context.Context, a account.Account) (account.Account, error) {
	return s.accounts.update(ctx, accountKind, a)
}

// DeleteAccount deletes the account if its stored version is version. The
// error wraps [account.ErrNotFound] or [account.ErrConflict], or is
// ctx.Err(). It does not delete the account's contacts, transactions or
// interactions, nor its children: stores do not check references.
func (s *Store) DeleteAccount(ctx context.Context, id account.ID, version int64) error {
	return s.accounts.remove(ctx, accountKind, id, version)
}

// Contact returns the contact with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Contact(ctx context.Context, id account.ContactID) (account.Contact, error) {
	return s.contacts.get(ctx, contactKind, id)
}

// Contacts yields the contacts that match f in ascending ID order. On a
// done context it yields (zero Contact, ctx.Err()) and stops.
func (s *Store) Contacts(ctx context.Context, f account.ContactFilter) iter.Seq2[account.Contact, error] {
	return s.contacts.list(ctx, contactKind, f.Match)
}

// CreateContact stores a copy of c with Version 1 and returns it. Its errors
// are those of [Store.CreateAccount].
func (s *Store) CreateContact(ctx context.Context, c account.Contact) (account.Contact, error) {
	return s.contacts.create(ctx, contactKind, c)
}

// UpdateContact replaces the stored contact with a copy of c and returns it
// with its version incremented. Its errors are those of
// [Store.UpdateAccount].
func (s *Store) UpdateContact(ctx context.Context, c account.Contact) (account.Contact, error) {
	return s.contacts.update(ctx, contactKind, c)
}

// DeleteContact deletes the contact if its stored version is version. Its
// errors are those of [Store.DeleteAccount].
func (s *Store) DeleteContact(ctx context.Context, id account.ContactID, version int64) error {
	return s.contacts.remove(ctx, contactKind, id, version)
}

// Manager returns the manager with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) Manager(ctx context.Context, id account.ManagerID) (account.Manager, error) {
	return s.managers.get(ctx, managerKind, id)
}

// Managers yields the managers that match f in ascending ID order. On a
// done context it yields (zero Manager, ctx.Err()) and stops.
func (s *Store) Managers(ctx context.Context, f account.ManagerFilter) iter.Seq2[account.Manager, error] {
	return s.managers.list(ctx, managerKind, f.Match)
}

// CreateManager stores a copy of m with Version 1 and returns it. Its errors
// are those of [Store.CreateAccount].
func (s *Store) CreateManager(ctx context.Context, m account.Manager) (account.Manager, error) {
	return s.managers.create(ctx, managerKind, m)
}

// UpdateManager replaces the stored manager with a copy of m and returns it
// with its version incremented. Its errors are those of
// [Store.UpdateAccount].
func (s *Store) UpdateManager(ctx context.Context, m account.Manager) (account.Manager, error) {
	return s.managers.update(ctx, managerKind, m)
}

// DeleteManager deletes the manager if its stored version is version. Its
// errors are those of [Store.DeleteAccount].
func (s *Store) DeleteManager(ctx context.Context, id account.ManagerID, version int64) error {
	return s.managers.remove(ctx, managerKind, id, version)
}

// AddTransactions stores copies of txs, all or none. The error wraps
// [account.ErrInvalid] (naming the first transaction that fails Validate),
// [account.ErrConflict] (naming the first ID that is already stored or
// repeated within txs), or is ctx.Err(). Adding n transactions costs
// O(n log n) at most, spread over the call and the next read.
func (s *Store) AddTransactions(ctx context.Context, txs ...account.Transaction) error {
	return s.transactions.add(ctx, transactionKind, txs)
}

// Transactions yields the transactions that match f, ordered by account
// ID, then At, then transaction ID. With f.Account set it reads only that
// account's transactions, finding f.From by binary search. On a done
// context it yields (zero Transaction, ctx.Err()) and stops.
func (s *Store) Transactions(ctx context.Context, f account.TransactionFilter) iter.Seq2[account.Transaction, error] {
	return s.transactions.list(ctx, transactionKind, spanOf(f.Account, f.From, f.To),
		func(t account.Transaction) bool { return f.Kind == 0 || t.Kind == f.Kind })
}

// DeleteTransaction deletes the transaction with the given ID. The error
// wraps [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) DeleteTransaction(ctx context.Context, id account.TransactionID) error {
	return s.transactions.remove(ctx, transactionKind, id)
}

// AddInteractions stores copies of is, all or none. Its errors are those of
// [Store.AddTransactions].
func (s *Store) AddInteractions(ctx context.Context, is ...account.Interaction) error {
	return s.interactions.add(ctx, interactionKind, is)
}

// Interactions yields the interactions that match f, ordered by account ID,
// then At, then interaction ID, as [Store.Transactions] does.
func (s *Store) Interactions(ctx context.Context, f account.InteractionFilter) iter.Seq2[account.Interaction, error] {
	return s.interactions.list(ctx, interactionKind, spanOf(f.Account, f.From, f.To),
		func(i account.Interaction) bool { return f.Kind == 0 || i.Kind == f.Kind })
}

// DeleteInteraction deletes the interaction with the given ID. The error
// wraps [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) DeleteInteraction(ctx context.Context, id account.InteractionID) error {
	return s.interactions.remove(ctx, interactionKind, id)
}
