// Package sqlstore keeps keyaccount's records in a SQL database, through
// database/sql: PostgreSQL (with the pgx driver) or SQLite (with the
// pure-Go modernc.org/sqlite driver, so no cgo). It is the store for an
// application whose data lives in a relational database, and for a
// portfolio that outgrows one process's memory.
//
// A [Store] implements every storage interface of the module:
// [account.Store] (accounts, contacts, managers, transactions,
// interactions), [sla.TicketStore], [escalation.Store], [review.Store],
// engagement's ResponseStore, ChangeStore and FeedbackStore, and
// [growth.Store] and [growth.OpportunityStore], with the
// contract written above [account.AccountReader], and passes every
// conformance suite of store/storetest on both dialects. It also pushes
// the RFM aggregation down to SQL ([Store.Partials]) and loads
// transactions in bulk ([Store.LoadTransactions]).
//
// # Opening
//
// [Open] takes a data source name, opens the database and brings its
// schema up to date:
//
//	s, err := sqlstore.Open(ctx, "sqlite:/var/lib/crm/keyaccount.db")
//	s, err := sqlstore.Open(ctx, "postgres://crm@db.internal:5432/crm?sslmode=verify-full")
//	...
//	defer s.Close()
//	a, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme Ltd"})
//
// An application that already has a *sql.DB keeps keyaccount's tables in
// its own database with [New], naming the [Dialect]; every table's name
// begins with "ka_", and in PostgreSQL a search_path in the URL puts them
// in a schema of their own:
//
//	db, err := sql.Open("pgx", url) // import _ "github.com/jackc/pgx/v5/stdlib"
//	s, err := sqlstore.New(ctx, db, sqlstore.DialectPostgres)
//
// # Dialects
//
// Statements are written once and rewritten for each dialect where they
// differ (placeholders, parameter casts). Both dialects keep the same
// values and give the same answers, in the same orders: IDs sort byte-wise
// (PostgreSQL columns use the "C" collation), and text the store cannot
// keep in one dialect (invalid UTF-8, NUL bytes) is refused in both with
// [ErrUnstorable].
//
// # Migrations
//
// The schema is built by SQL files embedded in the package, numbered
// 0001, 0002, ... per dialect. [Store.Migrate] (run by Open and New)
// applies, in one transaction, every file the table ka_schema_migrations
// does not record, and records it: migrations are versioned, forward-only
// and idempotent, and concurrent openers apply each once. A database
// migrated by a newer version of the package (it records a migration this
// one does not know) is refused with [ErrSchemaTooNew]. [SchemaVersion]
// is the last migration the package knows.
//
// # Money and time
//
// An amount is stored exactly: PostgreSQL NUMERIC, SQLite TEXT in plain
// decimal notation, each next to a three-letter currency column. 1.50
// reads back as 1.50 and 0.001 as 0.001; nothing passes through a float.
//
// A time is a PostgreSQL timestamptz, or in SQLite an INTEGER of
// microseconds since 1970-01-01 UTC. Both keep microseconds: a time with
// nanoseconds is stored rounded down to the microsecond, and times come
// back in UTC, so compare them with Equal. A zero time is NULL. Times
// outside the years 1 to 9999 are refused with [ErrUnstorable]. Filters'
// bounds are compared at the microsecond, so a half-open range
// [From, To) selects exactly what it would select from the times as
// stored.
//
// Enumerations are stored as the integer values of their Go constants,
// maps and lists as JSON (jsonb in PostgreSQL). Every row read back is
// checked with its record's Validate method: a row written around the
// package that does not decode or is not valid is reported with
// [ErrCorrupt], naming the record, never returned half-read.
//
// # Concurrency
//
// A Store is safe for concurrent use, and so is the database under it:
// several Stores, processes and machines may share it. Optimistic
// concurrency is kept by a version column: an update or delete is one
// statement that matches the ID and the version it was given, so of two
// writers holding the same version exactly one succeeds and the other gets
// [account.ErrConflict]; a create is an INSERT ... ON CONFLICT DO NOTHING,
// so of two creates of one ID exactly one succeeds. A batch of
// transactions or interactions is stored in one database transaction, all
// or none. SQLite's busy and PostgreSQL's serialization failures are
// retried a few times with a growing wait.
//
// # Streaming
//
// Lists are iter.Seq2 sequences that read rows as the caller ranges:
// never a whole table in memory. Each range runs its query afresh; the
// context is checked before each row; breaking out of the loop closes the
// rows; a failure (a done context, a closed store, a connection lost while
// reading, a corrupt row) is yielded once as (zero value, error), after
// which the sequence stops. A sequence holds one connection while it runs,
// so the loop may write to the store; in SQLite the write-ahead log lets
// it. What a write made inside the loop shows to the running sequence
// depends on the database (PostgreSQL and SQLite read a snapshot); no
// record is yielded twice and the order holds.
//
// # Errors
//
// Errors about records wrap the sentinels of package account:
// [account.ErrNotFound], [account.ErrConflict] (a taken ID or a stale
// version) and [account.ErrInvalid] with the [*account.FieldError] values
// of the record's Validate method. A call on a done context returns an
// error wrapping ctx.Err() and changes nothing. Failures of the database
// wrap [ErrDatabase] and the driver's error; a call after [Store.Close]
// wraps [ErrClosed].
//
// # Tickets and escalation
//
// A Store also implements [sla.TicketStore] and [escalation.Store]
// (migrations 0002 and 0003), and passes store/storetest's RunTickets and
// RunEscalation on both dialects.
//
// A ticket is a row of ka_tickets and one row of ka_ticket_events per
// event, numbered in the order given. The ticket row also keeps the
// instant the ticket opened, that of its last event and whether its
// events leave it solved or closed, updated in the transaction of every
// append, so that every field of [sla.TicketFilter] runs in SQL, on an
// index: From and To on the opening, Account, Category and Service on
// indexes of their own, ActiveFrom on the derived columns, and UnsolvedAt
// on the ticket's last reopened, solved or closed event at or before the
// instant. A ticket, or a list of them, is read by one statement, so each
// is whole, from one snapshot. An append checks and increments the version
// first (which locks the ticket's row), then validates the whole ticket
// with its new events, all or none:
//
//	t, err := s.CreateTicket(ctx, sla.Timeline{Ticket: "T-1", Account: "acme", Tier: 1,
//		Events: []sla.Event{{At: opened, Kind: sla.EventOpened, Priority: sla.PriorityHigh}}})
//	t, err = s.AppendTicketEvents(ctx, "T-1", t.Version, sla.Event{At: solved, Kind: sla.EventSolved})
//	for t, err := range s.Tickets(ctx, sla.TicketFilter{UnsolvedAt: now}) { ... }
//
// Times are kept to the microsecond, so a ticket is validated with its
// times rounded down, as it will be read back: two events apart by
// nanoseconds only are at one instant, in the canonical order of their
// kinds.
//
// [Store.AddFired] is one INSERT ... ON CONFLICT DO NOTHING on the
// primary key (issue, key): of any number of adds of one key, from any
// number of goroutines, Stores or processes, exactly one stores and
// returns true. Facts are numbered per issue; an append locks the issue's
// log (a row of ka_escalation_fact_logs), so appends to one issue take
// turns and each is checked against the last fact stored.
//
// # Review plans, reviews and action items
//
// A Store implements [review.Store] too, with the contract written above
// [review.PlanStore] (migration 0004). Reviews and action items are
// versioned records like accounts, in the tables ka_reviews and
// ka_review_actions; their filters (account, review, owner, status and
// date ranges) run in SQL on indexed columns. A filter's dates may be any
// calendar.Date, valid or not: the store selects exactly what the filter's
// Match method selects.
//
// A plan is a history of versions. Every save inserts a row into
// ka_review_plan_versions, never changed afterwards, and moves the plan's
// head in ka_review_plans (its current version and status) with a
// compare-and-set, both in one transaction: of two saves holding the same
// version exactly one succeeds, and the other gets [account.ErrConflict].
// [Store.PlanAt] finds the version in force at an instant with one
// indexed lookup; [Store.DeletePlan] removes the head and every version.
//
//	p, err := s.SavePlan(ctx, review.Plan{Account: "acme", Status: review.PlanStatusDraft, Author: "mia", At: jan})
//	p.Status, p.At = review.PlanStatusActive, feb
//	p, err = s.SavePlan(ctx, p)             // version 2; saving version 1 again is a conflict
//	then, err := s.PlanAt(ctx, "acme", mid) // version 1, the draft
//
// A civil date is a PostgreSQL DATE, or in SQLite TEXT in the form
// "2006-01-02", which sorts as the dates do; NULL is the zero Date. A
// review's attendees and objective updates and a plan's objectives are
// JSON arrays (jsonb in PostgreSQL) of objects with fixed fields,
// enumerations as integers and dates as text, read back strictly: an
// unknown field, a value of the wrong type or out of range is
// [ErrCorrupt]. A review that measured no performance keeps its zero Money
// as the amount 0 with no currency. Plan times, like all times, are kept
// to the microsecond, and PlanAt compares its instant at the microsecond,
// rounded down.
//
// # Survey responses, changes and feedback
//
// A Store implements engagement's stores too (migration 0005): survey
// responses (ka_responses) and feedback items (ka_feedback) are
// append-only like transactions, listed by account, then At, then ID on an
// index of those columns, a batch stored all or none; changes
// (ka_changes) are versioned records like accounts, listed by ID, their
// go-live range compared at the microsecond. A change's scope is kept in
// columns, its lists as JSON. Records that fail their Validate method are
// refused with errors wrapping both [account.ErrInvalid] and
// engagement.ErrInvalid, as memstore does.
//
// # Offerings, holdings, wallet estimates and opportunities
//
// A Store implements growth's stores too (migration 0007): offerings
// (ka_offerings), holdings (ka_holdings) and wallet estimates
// (ka_wallet_estimates) are versioned records like accounts, listed by
// ID, their filters run in SQL except a holding filter's HeldAt, which is
// checked in Go on the rows of the account and offering asked for.
// Opportunities (ka_opportunities) are versioned records whose offerings
// and history are JSON arrays (jsonb in PostgreSQL), a change's times as
// RFC 3339 text with six fractional digits and its value as a decimal
// string and a currency, read back strictly. Account, owner and kind are
// filtered in SQL, an offering in Go on the rows they select.
//
// History is append-only: [Store.UpdateOpportunity] and
// [Store.AppendChange] read the stored opportunity, check the version and
// that the new history begins with the stored one (at the microsecond the
// store keeps), then write with one statement that matches the ID and that
// version, so a writer that came between the read and the write makes it
// a conflict, never a lost or rewritten change:
//
//	o, err := s.CreateOpportunity(ctx, opp)                 // version 1
//	o, err = s.AppendChange(ctx, o.ID, o.Version, proposal) // version 2
//	o.History = o.History[:1]
//	_, err = s.UpdateOpportunity(ctx, o) // wraps growth.ErrHistoryRewritten
//
// # Push-down
//
// [Store.Partials] implements segmentation.PartialStore: RFM and Pareto
// analyses aggregate where the data is, one row per account and currency
// leaving the database instead of every transaction. A
// segmentation.Service over the Store uses it by itself:
//
//	svc := segmentation.NewService(s)
//	table, err := svc.RFM(ctx, segmentation.Options{AsOf: now}, segmentation.Scoring{})
//
// The aggregation is one GROUP BY account and currency (and period, when
// the Options count distinct days or periods), sums exact: PostgreSQL sums
// NUMERIC; SQLite sums the amounts' text with an exact decimal aggregate,
// ka_decimal_sum, that the package registers with the driver, and finds
// dates in a time zone with a Go function, ka_period, in the Options'
// location itself. PostgreSQL finds them with AT TIME ZONE and the
// location's IANA name: a location without one (a time.FixedZone,
// time.Local) is declined with errors.ErrUnsupported, and the Service then
// reads the transactions instead. The results equal the in-memory path's,
// money equal as numbers.
//
// # Bulk load
//
// [Store.LoadTransactions] stores a sequence of transactions of any length
// in one database transaction, all or none, reading it as it stores:
// PostgreSQL through COPY, SQLite through multi-row INSERTs. It checks
// and reports what [Store.AddTransactions] does, and a load killed halfway
// (a cancelled context, a lost connection) leaves nothing of it.
//
// The first load into PostgreSQL, into an empty table, is the fastest: it
// builds the per-account index after the rows (a million in about 2.5 s
// here), holding the table's exclusive lock while it runs. A load into a
// table that has rows, or by a role that does not own it, maintains the
// index row by row and lets other calls read and write transactions
// meanwhile.
//
// # Transactions
//
// [Store.Atomic] runs a function in one database transaction, all or
// nothing: the function gets a Store, tx, whose every method runs inside
// the transaction, which commits when the function returns nil and rolls
// back when it returns an error, panics, or its context is done:
//
//	err := s.Atomic(ctx, func(tx *sqlstore.Store) error {
//		_, err := tx.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme Ltd", Currency: "NZD"})
//		if err != nil {
//			return err // nothing is stored
//		}
//		_, err = tx.LoadTransactions(ctx, invoices) // joins the transaction
//		return err
//	})
//
// A call of tx stores all of itself or nothing, as outside, and its
// versions are checked against the transaction's own view; tx sees its
// own writes, and nothing else sees them before the commit. A nested
// Atomic on tx runs in a savepoint: its failure undoes its writes only.
// tx must not be used after the function returns (the calls fail with
// [ErrTxDone]); it does not close or migrate. SQLite transactions take the
// write lock when they begin, so concurrent Atomic calls wait for each
// other; PostgreSQL's run at its default isolation, READ COMMITTED. One
// transaction is also fast: it commits (and, in SQLite, syncs) once,
// where a call outside commits once each: the sample portfolio of
// internal/fixture/portfoliogen, 29,000 records, loads into a new SQLite
// file in under a second this way, against 4.6 s call by call.
package sqlstore
