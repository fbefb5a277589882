package escalation

import (
	"context"
	"iter"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Storage. An escalation keeps two things of its own beside the ticket,
// which an [sla.TicketStore] keeps: the records of the notifications it
// fired ([RecordStore]) and the facts of the escalation that the ticket
// does not carry, acknowledgements, customer requests and reassignments
// ([FactStore]). A [Store] keeps both; store/memstore implements it, and
// store/storetest's RunEscalation checks any implementation.
//
// The contract is that of the account package's stores (see
// [account.Store]): a context first, ctx.Err() (possibly wrapped) once it
// is done; copies in and out; lists as iter.Seq2 sequences in a documented
// order, which yield one (zero value, error) pair on failure and may be
// ranged over more than once; times kept to at least the microsecond, as
// instants; no clock; safe for concurrent use. A record or fact that fails
// its Validate method is rejected with an error wrapping [ErrInvalid] and
// the [*account.FieldError], and nothing of the call is stored.

// RecordStore keeps the records of the notifications fired for each
// issue: at most one record per idempotency key ([Record.Key]) of an
// issue, written once and never changed or deleted.
//
// [RecordStore.AddFired] is a compare-and-set on the key: of any number of
// callers adding records with one key, concurrently or not, exactly one
// stores its record and is told so. That is what makes a notification
// fire exactly once when several workers decide the same issue (see
// [Service]). A SQL store keeps the key unique per issue (a primary key on
// issue and key) and adds with INSERT ... ON CONFLICT DO NOTHING, reading
// whether it stored from the count of rows affected.
type RecordStore interface {
	// Fired yields the records of the issue, ordered by At, then by Key
	// (byte-wise), both ascending. An issue with no records yields
	// nothing: it is not an error.
	Fired(ctx context.Context, issue string) iter.Seq2[Record, error]

	// AddFired stores r if the issue r.Issue has no record with r.Key,
	// and reports whether it did. If one is stored, AddFired stores
	// nothing and returns false and a nil error, whatever the two records
	// hold: the first record of a key stands. Errors wrap ErrInvalid (r
	// fails [Record.Validate]) or are the context's.
	AddFired(ctx context.Context, r Record) (added bool, err error)
}

// FactStore keeps the escalation facts of each issue ([Fact]): an
// append-only log per issue, in order of time.
type FactStore interface {
	// Facts yields the facts of the issue in the order they were added,
	// which is their order of time: pass them to [Issue.Facts] as they
	// come. An issue with no facts yields nothing: it is not an error.
	Facts(ctx context.Context, issue string) iter.Seq2[Fact, error]

	// AddFacts appends facts to the log of the issue, all or none. Each
	// must pass [Fact.Validate], and none may be earlier than the fact
	// before it, the last stored one included (an error wrapping
	// [ErrFactOrder]); facts at the same instant keep the order they were
	// added in. A fact's ID, if set, must be new to the issue's log and
	// to the batch (an error wrapping [account.ErrConflict]), so that an
	// application can retry an append without recording a fact twice.
	// Adding no facts stores nothing and returns nil. Errors wrap
	// ErrInvalid, ErrFactOrder or account.ErrConflict, or are the
	// context's.
	AddFacts(ctx context.Context, issue string, facts ...Fact) error
}

// Store keeps both records and facts. store/storetest's RunEscalation
// checks an implementation against the contract above.
type Store interface {
	RecordStore
	FactStore
}

// Validate reports whether r can be stored: a record that [Decide] would
// accept among the fired records of its issue. It returns nil, or the
// first fault found as an [*account.FieldError] (Record "Record", ID the
// key) wrapping [ErrInvalid]: a missing Issue, Account or LevelName; a
// Level below 1; a negative Repeat; a Key that is not [Key] of Issue,
// LevelName and Repeat; a zero Due or At, or an At before Due; no
// Recipients, or an empty one.
func (r Record) Validate() error {
	bad := func(field string, value any, reason string) error {
		return &account.FieldError{Record: "Record", ID: r.Key, Field: field, Value: value, Reason: reason, Err: ErrInvalid}
	}
	switch {
	case r.Issue == "":
		return bad("Issue", nil, "is missing")
	case r.Account == "":
		return bad("Account", nil, "is missing")
	case r.LevelName == "":
		return bad("LevelName", nil, "is missing")
	case r.Level < 1:
		return bad("Level", r.Level, "must be at least 1")
	case r.Repeat < 0:
		return bad("Repeat", r.Repeat, "must not be negative")
	case !keyMatches(r.Key, r.Issue, r.LevelName, r.Repeat):
		return bad("Key", r.Key, "is not Key(Issue, LevelName, Repeat), "+fault.Quote(Key(r.Issue, r.LevelName, r.Repeat)))
	case r.Due.IsZero():
		return bad("Due", nil, "is the zero time")
	case r.At.IsZero():
		return bad("At", nil, "is the zero time")
	case r.At.Before(r.Due):
		return bad("At", stamp(r.At), "is before Due, "+stamp(r.Due))
	case len(r.Recipients) == 0:
		return bad("Recipients", nil, "is empty: a notification goes to someone")
	}
	for i, p := range r.Recipients {
		if p == "" {
			return bad("Recipients["+itoa(i)+"]", nil, "is empty")
		}
	}
	return nil
}

// Validate reports whether f is a well-formed fact, on its own: a fact
// that [Decide] accepts if its Level names a level of the issue's policy
// and it is in order of time. It returns nil, or the first fault found as
// an [*account.FieldError] (Record "Fact", ID the fact's ID) wrapping
// [ErrInvalid]: a zero At; a Kind that is not a [FactKind]; a Level
// missing on an acknowledgement or set on another kind; a Person missing
// on a reassignment or set on a request.
func (f Fact) Validate() error {
	bad := func(field string, value any, reason string) error {
		return &account.FieldError{Record: "Fact", ID: f.ID, Field: field, Value: value, Reason: reason, Err: ErrInvalid}
	}
	switch {
	case f.At.IsZero():
		return bad("At", nil, "is the zero time")
	case !factKindNames.Valid(f.Kind):
		return bad("Kind", int(f.Kind), "is not a known FactKind")
	case f.Kind == FactAcknowledged && f.Level == "":
		return bad("Level", nil, "is missing: an acknowledgement names the level that acknowledged")
	case f.Kind != FactAcknowledged && f.Level != "":
		return bad("Level", f.Level, "is set, but only an acknowledgement names a level")
	case f.Kind == FactReassigned && f.Person == "":
		return bad("Person", nil, "is missing: a reassignment names the new owner")
	case f.Kind == FactRequested && f.Person != "":
		return bad("Person", f.Person, "is set, but a request names nobody")
	}
	return nil
}
