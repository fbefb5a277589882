// Package memstore keeps keyaccount's records in memory: the embedded
// default store, for tests, examples, command-line tools and applications
// whose data fits in memory and need not outlive the process.
//
// A [Store] implements every storage interface of the module:
// [account.Store] (accounts, contacts, managers, transactions,
// interactions), [sla.TicketStore], [escalation.Store] (fired-notification
// records and escalation facts), [review.Store] (plans, reviews, action
// items), and [engagement.ResponseStore], [engagement.ChangeStore] and
// [engagement.FeedbackStore]. It keeps the contract written above
// [account.AccountReader], and passes every conformance suite in
// store/storetest.
//
//	s := memstore.New()
//	a, err := s.CreateAccount(ctx, account.Account{ID: "acme", Name: "Acme Ltd"})
//	// a.Version == 1
//	a.Tier = 1
//	a, err = s.UpdateAccount(ctx, a) // a.Version == 2
//	for a, err := range s.Accounts(ctx, account.AccountFilter{Tiers: []account.Tier{1}}) {
//		...
//	}
//
// # Copies
//
// A Store copies every record on the way in and on the way out (with the
// records' Clone methods), so no caller can change stored state through a
// map or slice it passed in or got back. Times are kept as given, location
// included; the monotonic clock reading plays no part in ordering or
// filtering.
//
// # Versions and errors
//
// Accounts, contacts and managers carry a version for optimistic
// concurrency: a create stores Version 1, and an update or delete must carry
// the stored version, which an update increments. Errors wrap the sentinels
// of package account and name the record: [account.ErrNotFound],
// [account.ErrConflict] (a taken ID or a stale version) and
// [account.ErrInvalid] (with the [*account.FieldError] values of the
// record's Validate method). A create whose Version is not 0 is invalid. A
// call on a done context returns ctx.Err() and changes nothing.
//
// # Order and indexes
//
// Accounts, contacts and managers are listed in ascending ID order;
// transactions and interactions by account ID, then At, then ID. Records are
// held by ID with their keys kept in order, and transactions and
// interactions are indexed per account in (At, ID) order, so a time-range
// read of one account is a binary search that never looks at another
// account. Ordering is lazy: keys that arrive out of order are sorted and
// merged in on the next ordered read, so a bulk load of n records costs
// O(n log n) and appends in ascending order cost O(1) each. Deleting a
// transaction or interaction costs time linear in its account's records.
//
// # The stores of the domain packages
//
// Tickets are listed by the instant they were opened, then by ID, kept in
// that order as accounts are in theirs; a time range is found by binary
// search. An append validates the whole ticket with the batch appended
// and writes only past the stored events, so a rejected batch changes
// nothing and a reader may copy events outside the lock. A list copies
// the events of each chunk of tickets into one array, each ticket's slice
// capped at its length: a program that keeps one ticket keeps its
// chunk's events. Each ticket's place in the order also holds the instant
// from which it is idle (solved or closed by its last event), so a list
// with an ActiveFrom filter reads no events but those it copies. A list
// that sorts in tickets created out of order, if they are at least half
// of the store, then moves the tickets and their events into two arrays
// in list order, so that lists read memory in order (a bulk load in any
// order is moved once; the moves cost O(1) per ticket, amortized).
//
// Escalation records are kept per issue in (At, Key) order; adding one
// checks its key and inserts it under one write lock, so of racing adds of
// one key exactly one succeeds. Escalation facts are an append-only log per
// issue, listed in the order added.
//
// Reviews and action items are versioned records like accounts, listed in
// ascending ID order. Plans are kept as each account's history of
// versions, never changed in place; PlanAt finds the version in force by
// binary search over the history, and Plans lists the current versions in
// ascending account ID order.
//
// Survey responses and feedback are append-only logs listed as
// transactions are (by account, At, then ID); changes are versioned
// records listed in ascending ID order.
//
// # Iteration
//
// A sequence reads a chunk of a few hundred records under a read lock,
// releases the lock, and only then yields them, so the caller may write to
// the same Store from inside the loop without deadlock, and a slow consumer
// never blocks writers. A record written while a sequence runs is seen if
// it sorts after the point the sequence has reached; no record is yielded
// twice and the order holds. The context is checked before every record:
// once it is done, the sequence yields (zero value, ctx.Err()) and stops.
//
// # Concurrency
//
// A Store is safe for concurrent use by any number of goroutines. Each kind
// of record has its own read-write lock; every write is atomic, including a
// batch of transactions or interactions, which is stored whole or not at
// all. The Store never reads the clock.
package memstore
