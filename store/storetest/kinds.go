package storetest

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// The suite tests the three versioned kinds of record (accounts, contacts,
// managers) with one generic set of tests, and the two append-only kinds
// (transactions, interactions) with another. A recordKind or logKind tells
// those tests how to reach one kind through account.Store and how to make
// records of it.

// A recordKind describes a versioned kind of record.
type recordKind[K ~string, R any] struct {
	name   string // "Account", as in account.FieldError.Record
	get    func(account.Store, context.Context, K) (R, error)
	all    func(account.Store, context.Context) iter.Seq2[R, error] // the zero filter
	create func(account.Store, context.Context, R) (R, error)
	update func(account.Store, context.Context, R) (R, error)
	remove func(account.Store, context.Context, K, int64) error

	id          func(R) K
	version     func(R) int64
	withVersion func(R, int64) R
	label       func(R) string    // the Name field, which the concurrency tests append to
	withLabel   func(R, string) R // sets the Name field
	clone       func(R) R

	// sample returns a valid record with Version 0 whose content varies with n.
	sample func(id K, n int) R
	// invalid returns a record that fails Validate, and the field at fault.
	invalid func(id K) (R, string)
	// mutate changes the maps or slices r holds, in place; nil if R holds none.
	mutate func(r *R)
}

// A logKind describes an append-only kind of record.
type logKind[K ~string, R any] struct {
	name   string
	add    func(account.Store, context.Context, ...R) error
	list   func(account.Store, context.Context, logFilter) iter.Seq2[R, error]
	remove func(account.Store, context.Context, K) error

	id      func(R) K
	account func(R) account.ID
	at      func(R) time.Time
	kind    func(R) int
	clone   func(R) R

	kinds   int // the valid kinds are 1 to kinds
	sample  func(id K, acct account.ID, at time.Time, kind int) R
	invalid func(id K, acct account.ID, at time.Time) (R, string)
	mutate  func(r *R) // nil if R holds no maps or slices
}

// logFilter is a TransactionFilter or InteractionFilter with the kind as a
// number, so that the log tests can be written once.
type logFilter struct {
	Account  account.ID
	From, To time.Time
	Kind     int // 0 for any
}

// The suite's fixed times. Every time it stores is a whole number of
// microseconds, and it compares instants with time.Time.Equal, so a store
// may keep microseconds (as PostgreSQL does) and may return times in
// another location.
var (
	epoch  = time.Date(2025, time.March, 1, 0, 0, 0, 0, time.UTC)
	nzTime = time.FixedZone("NZDT", 13*60*60)
)

func hours(n int) time.Time { return epoch.Add(time.Duration(n) * time.Hour) }

var accounts = &recordKind[account.ID, account.Account]{
	name: "Account",
	get:  account.Store.Account,
	all: func(s account.Store, ctx context.Context) iter.Seq2[account.Account, error] {
		return s.Accounts(ctx, account.AccountFilter{})
	},
	create:      account.Store.CreateAccount,
	update:      account.Store.UpdateAccount,
	remove:      account.Store.DeleteAccount,
	id:          func(a account.Account) account.ID { return a.ID },
	version:     func(a account.Account) int64 { return a.Version },
	withVersion: func(a account.Account, v int64) account.Account { a.Version = v; return a },
	label:       func(a account.Account) string { return a.Name },
	withLabel:   func(a account.Account, s string) account.Account { a.Name = s; return a },
	clone:       account.Account.Clone,
	sample: func(id account.ID, n int) account.Account {
		a := account.Account{
			ID: id, Name: fmt.Sprintf("Account %s #%d", id, n),
			Owner: account.ManagerID(fmt.Sprintf("m-%d", n%3)), Tier: account.Tier(n % 4),
			Segment: "enterprise", Industry: "utilities", Region: "APAC",
			Currency: "NZD", Internal: n%2 == 1,
			Attributes: map[string]decimal.Decimal{
				"sites":     decimal.NewFromInt(int64(n)),
				"potential": decimal.RequireFromString("1250.50"),
			},
			Created: epoch, Updated: hours(n).In(nzTime),
		}
		if a.Tier != account.Unassigned && n%3 != 0 {
			a.TierSince = hours(n / 2).In(nzTime) // not after Updated
		}
		return a
	},
	invalid: func(id account.ID) (account.Account, string) {
		return account.Account{ID: id, Name: " "}, "Name"
	},
	mutate: func(a *account.Account) {
		a.Attributes["sites"] = decimal.NewFromInt(-999)
		a.Attributes["injected"] = decimal.NewFromInt(1)
	},
}

var contacts = &recordKind[account.ContactID, account.Contact]{
	name: "Contact",
	get:  account.Store.Contact,
	all: func(s account.Store, ctx context.Context) iter.Seq2[account.Contact, error] {
		return s.Contacts(ctx, account.ContactFilter{})
	},
	create:      account.Store.CreateContact,
	update:      account.Store.UpdateContact,
	remove:      account.Store.DeleteContact,
	id:          func(c account.Contact) account.ContactID { return c.ID },
	version:     func(c account.Contact) int64 { return c.Version },
	withVersion: func(c account.Contact, v int64) account.Contact { c.Version = v; return c },
	label:       func(c account.Contact) string { return c.Name },
	withLabel:   func(c account.Contact, s string) account.Contact { c.Name = s; return c },
	clone:       func(c account.Contact) account.Contact { return c },
	sample: func(id account.ContactID, n int) account.Contact {
		return account.Contact{
			ID: id, Account: account.ID(fmt.Sprintf("acct-%d", n%3)),
			Name: fmt.Sprintf("Contact %s #%d", id, n), Title: "CFO", Email: "cfo@example.com",
			Role: account.Role(1 + n%5), Influence: 1 + n%5, Attitude: account.Attitude(n%3 - 1),
			LastContacted: hours(n).In(nzTime),
		}
	},
	invalid: func(id account.ContactID) (account.Contact, string) {
		return account.Contact{ID: id, Account: "acct-1", Name: "Ann", Influence: 9}, "Influence"
	},
}

var managers = &recordKind[account.ManagerID, account.Manager]{
	name: "Manager",
	get:  account.Store.Manager,
	all: func(s account.Store, ctx context.Context) iter.Seq2[account.Manager, error] {
		return s.Managers(ctx, account.ManagerFilter{})
	},
	create:      account.Store.CreateManager,
	update:      account.Store.UpdateManager,
	remove:      account.Store.DeleteManager,
	id:          func(m account.Manager) account.ManagerID { return m.ID },
	version:     func(m account.Manager) int64 { return m.Version },
	withVersion: func(m account.Manager, v int64) account.Manager { m.Version = v; return m },
	label:       func(m account.Manager) string { return m.Name },
	withLabel:   func(m account.Manager, s string) account.Manager { m.Name = s; return m },
	clone:       account.Manager.Clone,
	sample: func(id account.ManagerID, n int) account.Manager {
		return account.Manager{
			ID: id, Name: fmt.Sprintf("Manager %s #%d", id, n), Capacity: 10 + n,
			Regions: []string{"APAC", "EMEA"}, Industries: []string{"utilities"}, Skills: []string{"energy", fmt.Sprint("skill-", n)},
			Audience: account.Audience(n % 3), Active: n%2 == 0,
		}
	},
	invalid: func(id account.ManagerID) (account.Manager, string) {
		return account.Manager{ID: id, Name: "Mia", Capacity: -1}, "Capacity"
	},
	mutate: func(m *account.Manager) {
		m.Regions[0] = "MUTATED"
		m.Skills[0] = "MUTATED"
	},
}

var transactions = &logKind[account.TransactionID, account.Transaction]{
	name: "Transaction",
	add:  account.Store.AddTransactions,
	list: func(s account.Store, ctx context.Context, f logFilter) iter.Seq2[account.Transaction, error] {
		return s.Transactions(ctx, account.TransactionFilter{Account: f.Account, From: f.From, To: f.To, Kind: account.TransactionKind(f.Kind)})
	},
	remove:  account.Store.DeleteTransaction,
	id:      func(t account.Transaction) account.TransactionID { return t.ID },
	account: func(t account.Transaction) account.ID { return t.Account },
	at:      func(t account.Transaction) time.Time { return t.At },
	kind:    func(t account.Transaction) int { return int(t.Kind) },
	clone:   func(t account.Transaction) account.Transaction { return t },
	kinds:   2,
	sample: func(id account.TransactionID, acct account.ID, at time.Time, kind int) account.Transaction {
		return account.Transaction{
			ID: id, Account: acct, At: at, Kind: account.TransactionKind(kind),
			Amount: account.MustParseMoney("NZD 1,234.50"), Reference: "INV-" + string(id),
			Offering: account.OfferingID("offering-" + strconv.Itoa(kind)),
		}
	},
	invalid: func(id account.TransactionID, acct account.ID, at time.Time) (account.Transaction, string) {
		return account.Transaction{ID: id, Account: acct, At: at, Amount: account.MustParseMoney("NZD 1")}, "Kind"
	},
}

var interactions = &logKind[account.InteractionID, account.Interaction]{
	name: "Interaction",
	add:  account.Store.AddInteractions,
	list: func(s account.Store, ctx context.Context, f logFilter) iter.Seq2[account.Interaction, error] {
		return s.Interactions(ctx, account.InteractionFilter{Account: f.Account, From: f.From, To: f.To, Kind: account.InteractionKind(f.Kind)})
	},
	remove:  account.Store.DeleteInteraction,
	id:      func(i account.Interaction) account.InteractionID { return i.ID },
	account: func(i account.Interaction) account.ID { return i.Account },
	at:      func(i account.Interaction) time.Time { return i.At },
	kind:    func(i account.Interaction) int { return int(i.Kind) },
	clone:   account.Interaction.Clone,
	kinds:   5,
	sample: func(id account.InteractionID, acct account.ID, at time.Time, kind int) account.Interaction {
		return account.Interaction{
			ID: id, Account: acct, At: at, Kind: account.InteractionKind(kind),
			Channel: account.ChannelVideo, Sentiment: 1,
			Participants: []string{"c-1", "m-1"}, Summary: "quarterly review of " + string(acct),
			Division: "Markets", OfferingFamily: "payments",
		}
	},
	invalid: func(id account.InteractionID, acct account.ID, at time.Time) (account.Interaction, string) {
		return account.Interaction{ID: id, Account: acct, At: at, Kind: account.InteractionCall, Sentiment: 3}, "Sentiment"
	},
	mutate: func(i *account.Interaction) { i.Participants[0] = "mallory" },
}
