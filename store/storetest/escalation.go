package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// RunEscalation runs the conformance suite of [escalation.Store] against
// stores made by newStore, each check in a subtest of t
// ("Escalation/Records/KeyTaken", "Escalation/Facts/Order",
// "Escalation/Concurrency/OneWinner", ...). newStore must return a new,
// empty store each time it is called, as for [Run]. RunEscalation fails t
// (through its subtests) for every promise of the contract the store
// breaks; above all, that of [escalation.RecordStore.AddFired]: of any
// number of adds of one key, concurrent or not, exactly one stores its
// record and reports it. It panics if newStore is nil.
func RunEscalation(t *testing.T, newStore func(t *testing.T) escalation.Store) {
	if newStore == nil {
		panic("storetest: RunEscalation called with a nil newStore")
	}
	t.Run("Escalation", func(t *testing.T) {
		t.Run("Records", func(t *testing.T) {
			t.Run("AddAndList", func(t *testing.T) { testFiredAdd(t, newStore(t)) })
			t.Run("KeyTaken", func(t *testing.T) { testFiredTaken(t, newStore(t)) })
			t.Run("Order", func(t *testing.T) { testFiredOrder(t, newStore(t)) })
			t.Run("Invalid", func(t *testing.T) { testFiredInvalid(t, newStore(t)) })
			t.Run("NoAliasing", func(t *testing.T) { testFiredAliasing(t, newStore(t)) })
		})
		t.Run("Facts", func(t *testing.T) {
			t.Run("AddAndList", func(t *testing.T) { testFactsAdd(t, newStore(t)) })
			t.Run("Order", func(t *testing.T) { testFactsOrder(t, newStore(t)) })
			t.Run("DuplicateID", func(t *testing.T) { testFactsDuplicate(t, newStore(t)) })
			t.Run("Invalid", func(t *testing.T) { testFactsInvalid(t, newStore(t)) })
		})
		t.Run("Sequences", func(t *testing.T) { testEscalationSequences(t, newStore) })
		t.Run("Context", func(t *testing.T) { testEscalationContext(t, newStore) })
		t.Run("Concurrency", func(t *testing.T) { testEscalationConcurrency(t, newStore) })
		t.Run("Model", func(t *testing.T) { testEscalationModel(t, newStore) })
	})
}

// sampleRecord returns a valid record of the repeat-th notification of the
// level of the issue, sent at at; its other fields vary with n.
func sampleRecord(issue, level string, repeat int, at time.Time, n int) escalation.Record {
	return escalation.Record{
		Key: escalation.Key(issue, level, repeat), Issue: issue, Account: account.ID(fmt.Sprintf("acct-%d", n%3)),
		Policy: "key-accounts", Version: 1 + n%2, Level: 1 + n%4, LevelName: level, Repeat: repeat,
		Recipients: []escalation.Person{"amy", escalation.Person(fmt.Sprint("p-", n))},
		Due:        at.Add(-time.Duration(n%3) * time.Hour), At: at,
		Reason: fmt.Sprintf("resolution %d%% consumed", 50+n%50),
	}
}

// sampleFact returns a valid fact of the given kind at at.
func sampleFact(id string, kind escalation.FactKind, at time.Time) escalation.Fact {
	f := escalation.Fact{ID: id, At: at, Kind: kind}
	switch kind {
	case escalation.FactAcknowledged:
		f.Level, f.Person = "team leader", "tom"
	case escalation.FactReassigned:
		f.Person = "bob"
	}
	return f
}

func listFired(t reporter, ctx context.Context, s escalation.RecordStore, issue string) []escalation.Record {
	t.Helper()
	return collect(t, "list records", s.Fired(ctx, issue))
}

func listFacts(t reporter, ctx context.Context, s escalation.FactStore, issue string) []escalation.Fact {
	t.Helper()
	return collect(t, "list facts", s.Facts(ctx, issue))
}

func firedKeys(recs []escalation.Record) []string {
	return ids(recs, func(r escalation.Record) string { return r.Key })
}

// addFired adds r and fails t unless the store reports want.
func addFired(t reporter, ctx context.Context, s escalation.RecordStore, r escalation.Record, want bool) {
	t.Helper()
	got, err := s.AddFired(ctx, r)
	wantNoErr(t, "add record "+r.Key, err)
	if got != want {
		t.Errorf("add record %s reports added = %v, want %v", r.Key, got, want)
	}
}

// wantEscalationFieldError fails t unless err wraps escalation.ErrInvalid
// and carries an *account.FieldError of the field of the record id.
func wantEscalationFieldError(t reporter, what string, err error, record, id, field string) {
	t.Helper()
	wantErr(t, what, err, escalation.ErrInvalid)
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Errorf("%s: error %v holds no *account.FieldError", what, err)
		return
	}
	if fe.Record != record || fe.ID != id || fe.Field != field {
		t.Errorf("%s: FieldError names %s %q field %q, want %s %q field %q", what, fe.Record, fe.ID, fe.Field, record, id, field)
	}
}

func testFiredAdd(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	a1 := sampleRecord("T-1", "account manager", 0, hours(1), 1)
	a2 := sampleRecord("T-1", "team leader", 0, hours(2).In(nzTime), 2)
	b1 := sampleRecord("T-2", "account manager", 0, hours(1), 3)
	for _, r := range []escalation.Record{a2, b1, a1} {
		addFired(t, ctx, s, r, true)
	}
	diff(t, "records of T-1", listFired(t, ctx, s, "T-1"), []escalation.Record{a1, a2})
	diff(t, "records of T-2", listFired(t, ctx, s, "T-2"), []escalation.Record{b1})
	diff(t, "records of an issue with none", listFired(t, ctx, s, "T-3"), []escalation.Record(nil))
	diff(t, "records of the empty issue", listFired(t, ctx, s, ""), []escalation.Record(nil))
}

func testFiredTaken(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	first := sampleRecord("T-1", "account manager", 0, hours(1), 1)
	addFired(t, ctx, s, first, true)
	// The same key with every other field changed, At included: the
	// first record stands, and the second is not an error.
	second := sampleRecord("T-1", "account manager", 0, hours(5), 2)
	second.Recipients = []escalation.Person{"someone else"}
	addFired(t, ctx, s, second, false)
	addFired(t, ctx, s, first, false)
	// Another repeat of the level is another key.
	again := sampleRecord("T-1", "account manager", 1, hours(2), 1)
	addFired(t, ctx, s, again, true)
	diff(t, "records after adding a taken key", listFired(t, ctx, s, "T-1"), []escalation.Record{first, again})
}

func testFiredOrder(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	recs := []escalation.Record{
		sampleRecord("T-1", "b", 0, hours(3), 1),
		sampleRecord("T-1", "a", 2, hours(3).In(nzTime), 2), // the same instant in another zone
		sampleRecord("T-1", "c", 0, hours(1), 3),
		sampleRecord("T-1", "a", 0, hours(3).Add(time.Microsecond), 4),
		sampleRecord("T-1", "a", 1, hours(3).Add(-time.Microsecond), 5),
		sampleRecord("T-1", "B", 0, hours(3), 6), // upper case sorts first
		sampleRecord("T-1", "d", 0, hours(2), 7),
	}
	for _, r := range recs {
		addFired(t, ctx, s, r, true)
	}
	want := []string{
		escalation.Key("T-1", "c", 0), escalation.Key("T-1", "d", 0), escalation.Key("T-1", "a", 1),
		escalation.Key("T-1", "B", 0), escalation.Key("T-1", "a", 2), escalation.Key("T-1", "b", 0),
		escalation.Key("T-1", "a", 0),
	}
	diff(t, "keys in (At, Key) order", firedKeys(listFired(t, ctx, s, "T-1")), want)
}

func testFiredInvalid(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	ok := func() escalation.Record { return sampleRecord("T-1", "account manager", 0, hours(2), 0) }
	tests := []struct {
		field  string
		change func(*escalation.Record)
	}{
		{"Issue", func(r *escalation.Record) { r.Issue = "" }},
		{"Account", func(r *escalation.Record) { r.Account = "" }},
		{"LevelName", func(r *escalation.Record) { r.LevelName = "" }},
		{"Level", func(r *escalation.Record) { r.Level = 0 }},
		{"Repeat", func(r *escalation.Record) { r.Repeat = -1 }},
		{"Key", func(r *escalation.Record) { r.Key = "" }},
		{"Key", func(r *escalation.Record) { r.Key = escalation.Key("T-1", "account manager", 1) }},
		{"Key", func(r *escalation.Record) { r.Key = escalation.Key("T-2", "account manager", 0) }},
		{"Due", func(r *escalation.Record) { r.Due = time.Time{} }},
		{"At", func(r *escalation.Record) { r.At = time.Time{} }},
		{"At", func(r *escalation.Record) { r.At = r.Due.Add(-time.Microsecond) }},
		{"Recipients", func(r *escalation.Record) { r.Recipients = nil }},
		{"Recipients[1]", func(r *escalation.Record) { r.Recipients[1] = "" }},
	}
	for _, tt := range tests {
		r := ok()
		tt.change(&r)
		added, err := s.AddFired(ctx, r)
		wantEscalationFieldError(t, "add a record with a bad "+tt.field, err, "Record", r.Key, tt.field)
		if added {
			t.Errorf("add a record with a bad %s reports added", tt.field)
		}
	}
	diff(t, "records after the rejected adds", listFired(t, ctx, s, "T-1"), []escalation.Record(nil))
	// At the edges: At equal to Due, and the last repeat before -1, are valid.
	edge := ok()
	edge.Due = edge.At
	addFired(t, ctx, s, edge, true)
}

func testFiredAliasing(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	in := sampleRecord("T-1", "account manager", 0, hours(1), 1)
	want := sampleRecord("T-1", "account manager", 0, hours(1), 1)
	addFired(t, ctx, s, in, true)
	in.Recipients[0] = "mallory"
	for r, err := range s.Fired(ctx, "T-1") {
		wantNoErr(t, "list", err)
		r.Recipients[0] = "mallory"
	}
	diff(t, "records after changing the input and the listed records", listFired(t, ctx, s, "T-1"), []escalation.Record{want})
}

func testFactsAdd(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	a := []escalation.Fact{
		sampleFact("f1", escalation.FactRequested, hours(1)),
		sampleFact("", escalation.FactAcknowledged, hours(2).In(nzTime)),
	}
	b := []escalation.Fact{
		sampleFact("", escalation.FactReassigned, hours(2)),
		sampleFact("f4", escalation.FactRequested, hours(4)),
	}
	wantNoErr(t, "add facts", s.AddFacts(ctx, "T-1", a...))
	wantNoErr(t, "add facts to another issue", s.AddFacts(ctx, "T-2", sampleFact("f1", escalation.FactRequested, hours(0))))
	wantNoErr(t, "add more facts", s.AddFacts(ctx, "T-1", b...))
	wantNoErr(t, "add no facts", s.AddFacts(ctx, "T-1"))
	diff(t, "facts of T-1", listFacts(t, ctx, s, "T-1"), append(a, b...))
	diff(t, "facts of T-2", listFacts(t, ctx, s, "T-2"), []escalation.Fact{sampleFact("f1", escalation.FactRequested, hours(0))})
	diff(t, "facts of an issue with none", listFacts(t, ctx, s, "T-3"), []escalation.Fact(nil))
}

func testFactsOrder(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	// At one instant, facts keep the order they were added in, whatever
	// their kinds and IDs.
	same := []escalation.Fact{
		sampleFact("z", escalation.FactReassigned, hours(2)),
		sampleFact("a", escalation.FactAcknowledged, hours(2).In(nzTime)),
		sampleFact("", escalation.FactRequested, hours(2)),
	}
	wantNoErr(t, "add facts at one instant", s.AddFacts(ctx, "T-1", same...))
	more := sampleFact("m", escalation.FactReassigned, hours(2))
	wantNoErr(t, "add a fact at the instant of the last", s.AddFacts(ctx, "T-1", more))
	// Earlier than the last stored fact, by a microsecond: rejected.
	err := s.AddFacts(ctx, "T-1", sampleFact("early", escalation.FactRequested, hours(2).Add(-time.Microsecond)))
	wantErr(t, "add a fact before the last stored one", err, escalation.ErrFactOrder)
	wantErr(t, "add a fact before the last stored one", err, escalation.ErrInvalid)
	// Out of order within a batch: rejected whole.
	err = s.AddFacts(ctx, "T-1",
		sampleFact("b1", escalation.FactRequested, hours(4)),
		sampleFact("b2", escalation.FactRequested, hours(3)))
	wantErr(t, "add a batch out of order", err, escalation.ErrFactOrder)
	diff(t, "facts after the rejected adds", listFacts(t, ctx, s, "T-1"), append(same, more))
	// Another issue's log has its own order.
	wantNoErr(t, "add an earlier fact to another issue", s.AddFacts(ctx, "T-2", sampleFact("e", escalation.FactRequested, hours(0))))
}

func testFactsDuplicate(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	first := sampleFact("ack-1", escalation.FactAcknowledged, hours(1))
	wantNoErr(t, "add", s.AddFacts(ctx, "T-1", first))
	wantErr(t, "add a stored ID", s.AddFacts(ctx, "T-1", sampleFact("ack-1", escalation.FactRequested, hours(2))), account.ErrConflict)
	wantErr(t, "add a batch that repeats an ID", s.AddFacts(ctx, "T-1",
		sampleFact("r", escalation.FactRequested, hours(2)), sampleFact("r", escalation.FactRequested, hours(3))), account.ErrConflict)
	// The stored ID comes after a new one: nothing of the batch is stored.
	wantErr(t, "add a batch with a stored ID", s.AddFacts(ctx, "T-1",
		sampleFact("new", escalation.FactRequested, hours(2)), sampleFact("ack-1", escalation.FactRequested, hours(3))), account.ErrConflict)
	diff(t, "facts after the conflicts", listFacts(t, ctx, s, "T-1"), []escalation.Fact{first})
	// Empty IDs never conflict; an ID of another issue does not either.
	wantNoErr(t, "add facts without IDs", s.AddFacts(ctx, "T-1",
		sampleFact("", escalation.FactRequested, hours(2)), sampleFact("", escalation.FactRequested, hours(2))))
	wantNoErr(t, "add the ID to another issue", s.AddFacts(ctx, "T-2", first))
}

func testFactsInvalid(t *testing.T, s escalation.Store) {
	ctx := t.Context()
	tests := []struct {
		field string
		fact  escalation.Fact
	}{
		{"At", escalation.Fact{ID: "x", Kind: escalation.FactRequested}},
		{"Kind", escalation.Fact{ID: "x", At: hours(1)}},
		{"Kind", escalation.Fact{ID: "x", At: hours(1), Kind: escalation.FactReassigned + 1}},
		{"Level", escalation.Fact{ID: "x", At: hours(1), Kind: escalation.FactAcknowledged}},
		{"Level", escalation.Fact{ID: "x", At: hours(1), Kind: escalation.FactRequested, Level: "team leader"}},
		{"Level", escalation.Fact{ID: "x", At: hours(1), Kind: escalation.FactReassigned, Person: "bob", Level: "team leader"}},
		{"Person", escalation.Fact{ID: "x", At: hours(1), Kind: escalation.FactReassigned}},
		{"Person", escalation.Fact{ID: "x", At: hours(1), Kind: escalation.FactRequested, Person: "bob"}},
	}
	for _, tt := range tests {
		// The bad fact comes after a good one: nothing of the batch is stored.
		err := s.AddFacts(ctx, "T-1", sampleFact("ok", escalation.FactRequested, hours(1)), tt.fact)
		wantEscalationFieldError(t, "add a fact with a bad "+tt.field, err, "Fact", "x", tt.field)
	}
	err := s.AddFacts(ctx, "", sampleFact("ok", escalation.FactRequested, hours(1)))
	wantEscalationFieldError(t, "add facts to the empty issue", err, "Argument", "", "issue")
	diff(t, "facts after the rejected adds", listFacts(t, ctx, s, "T-1"), []escalation.Fact(nil))
	// Every kind at its edge: an acknowledgement with a level and no
	// person, a reassignment with a person, a request with neither.
	wantNoErr(t, "add the valid edges", s.AddFacts(ctx, "T-1",
		escalation.Fact{At: hours(1), Kind: escalation.FactAcknowledged, Level: "l"},
		escalation.Fact{At: hours(1), Kind: escalation.FactReassigned, Person: "p"},
		escalation.Fact{At: hours(1), Kind: escalation.FactRequested}))
}
