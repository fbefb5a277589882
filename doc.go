// Package keyaccount is the root of a Go module of key-account-management
// domain logic: the practice by which one account manager owns each
// account, accounts are scored and tiered and served by tier, reviewed on a
// rhythm, served under SLAs kept in business time, and escalated by agreed
// procedure. This package holds documentation only; the work is done by the
// packages below it.
//
// # Packages
//
//   - [github.com/keyaccount/keyaccount/account]: accounts, hierarchies and
//     roll-ups, contacts, managers, transactions, interactions, exact Money,
//     validation, and the storage interfaces.
//   - [github.com/keyaccount/keyaccount/calendar]: business calendars and
//     fast business-time arithmetic.
//   - [github.com/keyaccount/keyaccount/tiering]: explainable scores, tier
//     policies with hysteresis and overrides, re-tiering plans, service
//     models and service gaps, and a service that tiers a stored portfolio
//     and stores the tiers with optimistic concurrency.
//   - [github.com/keyaccount/keyaccount/assign]: account-manager
//     assignment under capacity and hard rules, with balanced loads and
//     continuity of ownership, and a service that stores the owners.
//   - [github.com/keyaccount/keyaccount/segmentation]: RFM scores and
//     segments, Pareto and ABC analysis, Lorenz, Gini and HHI, and a
//     service that scores a store's transactions where they are kept.
//   - [github.com/keyaccount/keyaccount/sla]: SLA policies, ticket
//     timelines, evaluation in business time, compliance reports, the
//     ticket store and a service that evaluates stored tickets.
//   - [github.com/keyaccount/keyaccount/escalation]: escalation policies,
//     the engine that decides who must hear now and when to look again,
//     exactly-once notification records, and early warning across
//     accounts.
//   - [github.com/keyaccount/keyaccount/review]: review cadences, a stable
//     12-month review schedule with iCalendar export, versioned account
//     plans, review records and action items, budgets, quarterly results.
//   - [github.com/keyaccount/keyaccount/engagement]: satisfaction (NPS,
//     CSAT, effort) with intervals and trends, stakeholder coverage, the
//     collective view of change impact, the voice of the customer.
//   - [github.com/keyaccount/keyaccount/clv]: lifetime value for accounts
//     without a contract: BG/NBD, Pareto/NBD and Gamma-Gamma fitted by
//     maximum likelihood, the probability an account is still active,
//     expected transactions and value, the calibration and holdout
//     comparison, and the summaries built from transactions.
//   - [github.com/keyaccount/keyaccount/growth]: white space against peers,
//     share of wallet, the opportunity pipeline, and coordinated coverage.
//   - [github.com/keyaccount/keyaccount/store/memstore]: the in-memory store.
//   - [github.com/keyaccount/keyaccount/store/sqlstore]: the SQL store on
//     PostgreSQL or SQLite, with the RFM aggregation pushed down to SQL.
//   - [github.com/keyaccount/keyaccount/store/storetest]: the conformance
//     suite for stores.
//
// # Principles
//
// Computation is pure and deterministic: the same input gives the same
// output, whatever the order of the input or of map iteration, and time is
// always a parameter. Money is exact decimal with an ISO 4217 currency.
// Bad input is an error that names the field or ID at fault, never a panic.
//
// # Conventions
//
// Every package follows the same rules, so that code written against one
// reads the same against another:
//
//   - Errors: each package has an ErrInvalid sentinel, and more specific
//     sentinels that also match it under errors.Is. A field that is not
//     valid is an [github.com/keyaccount/keyaccount/account.FieldError], the
//     module's one field-error type (calendar.FieldError is the same type),
//     naming the record, its ID, the field, the value and the reason. A
//     quoted value is cut to 64 bytes and a list of errors to 100, so that
//     an error stays small whatever the input.
//   - Enumerations are small integer types whose constants begin with the
//     type's name, less a trailing Kind, Reason, Basis or Policy
//     (account.TransactionRevenue, sla.StatusOpen, tiering.MissingDrop).
//     They print and marshal, as text and JSON, by name.
//   - Money is account.Money wherever an amount crosses the API; shares and
//     ratios are decimal.Decimal. The zero Money is the neutral start of a
//     sum.
//   - Streams are iter.Seq2[T, error], as the stores yield them; every
//     function that consumes a stream takes one. A computation that needs
//     the whole portfolio takes a slice, which account.Collect reads from a
//     store.
//   - Stores take a context.Context first and use optimistic concurrency.
//
// # A short tour
//
//	store := memstore.New()
//	store.CreateAccount(ctx, account.Account{ID: "kauri", Name: "Kauri Group"})
//	store.CreateAccount(ctx, account.Account{ID: "kauri-nz", Name: "Kauri NZ", Parent: "kauri"})
//	store.AddTransactions(ctx, account.Transaction{ID: "inv-1", Account: "kauri-nz",
//		Kind: account.TransactionRevenue, At: at, Amount: account.MustParseMoney("NZD 8,450.00")})
//
//	// ... list accounts and transactions back from the store ...
//	h, _ := account.NewHierarchy(accounts)
//	totals, _ := account.RollUp(h, revenueByAccount, account.Money.Add)
//	fmt.Println(totals["kauri"]) // NZD 8,450.00
//
// examples/quickstart is the same tour as a runnable program, and
// examples/portfolio the whole module at work: the quarterly
// account-management pack of a generated portfolio of 443 accounts, in
// text, HTML with charts, iCalendar and JSON (go run ./examples/portfolio).
package keyaccount
