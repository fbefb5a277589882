package storetest

import (
	"context"
	"fmt"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"pgregory.net/rapid"
)

// RunResponses runs the conformance suite of [engagement.ResponseStore]
// against stores made by newStore, each check in a subtest of t: the
// checks of transactions and interactions (adding in all-or-none batches,
// duplicate IDs, deletion, the order by account, At and ID, every filter
// field, half-open time ranges, racing adds, the model test), and those
// particular to responses: every score's range at both edges, an invalid
// response wrapping both [engagement.ErrInvalid] and [account.ErrInvalid],
// done contexts, and sequences that break early or write to the store
// while they run. newStore must return a new, empty store each time, as
// for [Run]. It panics if newStore is nil.
func RunResponses(t *testing.T, newStore func(t *testing.T) engagement.ResponseStore) {
	if newStore == nil {
		panic("storetest: RunResponses called with a nil newStore")
	}
	// The checks shared with the other append-only kinds reach the store
	// through an account.Store whose only working methods are those of
	// responses.
	asStore := func(t *testing.T) account.Store { return responseStore{rs: newStore(t)} }
	testLog(t, asStore, responses)
	t.Run("Scores", func(t *testing.T) { testResponseScores(t, newStore(t)) })
	t.Run("Context", func(t *testing.T) { testLogContext(t, asStore, responses) })
	t.Run("Sequences", func(t *testing.T) { testLogSequences(t, asStore, responses) })
	t.Run("Concurrency/AddRace", func(t *testing.T) { testAddRace(t, asStore(t), responses) })
	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runLogModel(rt, t.Context(), asStore(t), responses) })
	})
}

// responseStore is an engagement.ResponseStore seen as an account.Store,
// for the generic log checks, which call it only through the responses
// logKind. Its account.Store methods are nil and must not be called.
type responseStore struct {
	account.Store
	rs engagement.ResponseStore
}

func responseStoreOf(s account.Store) engagement.ResponseStore { return s.(responseStore).rs }

// sampleScores are valid scores of each kind (kind 1 to 3).
var sampleScores = [4]int{0, 9, 4, 6}

var responses = &logKind[engagement.ResponseID, engagement.Response]{
	name: "Response",
	add: func(s account.Store, ctx context.Context, rs ...engagement.Response) error {
		return responseStoreOf(s).AddResponses(ctx, rs...)
	},
	list: func(s account.Store, ctx context.Context, f logFilter) iter.Seq2[engagement.Response, error] {
		return responseStoreOf(s).Responses(ctx, engagement.ResponseFilter{Account: f.Account, From: f.From, To: f.To, Kind: engagement.ResponseKind(f.Kind)})
	},
	remove: func(s account.Store, ctx context.Context, id engagement.ResponseID) error {
		return responseStoreOf(s).DeleteResponse(ctx, id)
	},
	id:      func(r engagement.Response) engagement.ResponseID { return r.ID },
	account: func(r engagement.Response) account.ID { return r.Account },
	at:      func(r engagement.Response) time.Time { return r.At },
	kind:    func(r engagement.Response) int { return int(r.Kind) },
	clone:   func(r engagement.Response) engagement.Response { return r },
	kinds:   3,
	sample: func(id engagement.ResponseID, acct account.ID, at time.Time, kind int) engagement.Response {
		return engagement.Response{ID: id, Account: acct, Contact: "c-" + account.ContactID(acct), At: at,
			Kind: engagement.ResponseKind(kind), Score: sampleScores[kind], Channel: engagement.SurveyChannelWeb,
			Comment: "about " + string(id)}
	},
	invalid: func(id engagement.ResponseID, acct account.ID, at time.Time) (engagement.Response, string) {
		return engagement.Response{ID: id, Account: acct, At: at, Kind: engagement.ResponseCSAT, Score: 6}, "Score"
	},
}

// testResponseScores stores the lowest and highest score of every kind,
// and rejects the scores just outside them.
func testResponseScores(t *testing.T, s engagement.ResponseStore) {
	ctx := t.Context()
	var want []engagement.Response
	for k := engagement.ResponseNPS; k <= engagement.ResponseEffort; k++ {
		lo, hi, _ := k.Range()
		for _, score := range []int{lo - 1, lo, hi, hi + 1} {
			r := responses.sample(engagement.ResponseID(fmt.Sprintf("%v%d", k, score)), "acme", hours(len(want)), int(k))
			r.Score = score
			err := s.AddResponses(ctx, r)
			if score >= lo && score <= hi {
				wantNoErr(t, fmt.Sprintf("add %v score %d", k, score), err)
				want = append(want, r)
				continue
			}
			what := fmt.Sprintf("add %v score %d", k, score)
			wantFieldError(t, what, err, string(r.ID), "Score")
			wantErr(t, what, err, engagement.ErrInvalid)
		}
	}
	diff(t, "stored responses", collect(t, "list", s.Responses(ctx, engagement.ResponseFilter{})), want)
}

// testLogContext checks, for each kind of done context, that calls fail
// with its error and change nothing, and that a listing yields one (zero
// value, error) pair.
func testLogContext[K ~string, R any](t *testing.T, newStore func(*testing.T) account.Store, k *logKind[K, R]) {
	for _, d := range doneContexts() {
		s := newStore(t)
		first := k.sample("x-1", "acme", hours(1), 1)
		wantNoErr(t, "add", k.add(s, t.Context(), first))
		wantErr(t, d.name+": add", k.add(s, d.ctx, k.sample("x-2", "acme", hours(2), 1)), d.err)
		wantErr(t, d.name+": delete", k.remove(s, d.ctx, "x-1"), d.err)
		wantOnePair(t, d.name+": list", k.list(s, d.ctx, logFilter{}), d.err)
		diff(t, d.name+": stored after calls on a done context", collect(t, "list", k.list(s, t.Context(), logFilter{})), []R{first})
	}
}

// testLogSequences runs the sequence checks of package account's kinds
// on k, and deletes each record a listing yields while adding others,
// more than a store fetches at once: every record stored before it starts
// is yielded once, in order.
func testLogSequences[K ~string, R any](t *testing.T, newStore func(*testing.T) account.Store, k *logKind[K, R]) {
	c := logSeq(k)
	testSequence(t, newStore, c) // break early, write inside a loop, rerun, many
	t.Run("DeleteInsideLoop", func(t *testing.T) {
		// Each record yielded is deleted, and another added in its
		// place a microsecond later, ahead of the loop: more than a store
		// fetches at once. Every record stored before the loop is
		// yielded once, in order, and the store ends with the added ones.
		const n = 700
		s, ctx := newStore(t), t.Context()
		seed(t, s, c, n)
		before := collect(t, "list before", c.keys(ctx, s))
		var got []string
		finishes(t, "a loop that deletes and adds records", func() {
			i := 0
			for r, err := range k.list(s, ctx, logFilter{}) {
				if err != nil {
					t.Errorf("list: %v", err)
					return
				}
				got = append(got, string(k.account(r))+"\x00"+k.at(r).UTC().Format("20060102150405.000000000")+"\x00"+string(k.id(r)))
				if err := k.remove(s, ctx, k.id(r)); err != nil {
					t.Errorf("delete inside the loop: %v", err)
					return
				}
				if strings.Contains(string(k.id(r)), "-w") {
					continue // one added by this loop: not replaced again
				}
				if err := c.write(ctx, s, i, i); err != nil {
					t.Errorf("add inside the loop: %v", err)
					return
				}
				i++
			}
		})
		wantAscending(t, "records yielded while deleting", got)
		wantAllOf(t, "records yielded while deleting", got, before)
		if left := len(collect(t, "list after", c.keys(ctx, s))); left > n {
			t.Errorf("%d records left after deleting each one yielded, want at most the %d added", left, n)
		}
	})
}
