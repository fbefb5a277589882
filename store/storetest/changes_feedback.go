package storetest

import (
	"context"
	"fmt"
	"iter"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"pgregory.net/rapid"
)

// RunFeedback runs the conformance suite of [engagement.FeedbackStore]
// against stores made by newStore, each check in a subtest of t: the
// checks of every append-only kind (RunResponses names them), and those
// particular to feedback: invalid items rejected with
// [account.ErrInvalid], [engagement.ErrInvalid] and a
// [*account.FieldError] naming each field, and the Theme and Change
// filters. newStore must return a new, empty store each time it is
// called, as for [Run]. It panics if newStore is nil.
func RunFeedback(t *testing.T, newStore func(t *testing.T) engagement.FeedbackStore) {
	if newStore == nil {
		panic("storetest: RunFeedback called with a nil newStore")
	}
	asStore := func(t *testing.T) account.Store { return feedbackStore{fs: newStore(t)} }
	testLog(t, asStore, feedback)
	listIDs := func(t reporter, s engagement.FeedbackStore, f engagement.FeedbackFilter) []engagement.FeedbackID {
		t.Helper()
		return ids(collect(t, "list", s.Feedback(context.Background(), f)), func(x engagement.Feedback) engagement.FeedbackID { return x.ID })
	}

	t.Run("InvalidFields", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, tc := range invalidFeedback("x2") {
			err := s.AddFeedback(ctx, feedback.sample("x1", "acme", hours(1), 1), tc.x, feedback.sample("x3", "acme", hours(3), 1))
			wantFieldError(t, "add a batch with a bad "+tc.field, err, "x2", tc.field)
			wantErr(t, "add a batch with a bad "+tc.field, err, engagement.ErrInvalid)
			wantErr(t, "add a batch with a bad "+tc.field, err, account.ErrInvalid)
		}
		diff(t, "IDs after the rejected batches", listIDs(t, s, engagement.FeedbackFilter{}), []engagement.FeedbackID(nil))
	})

	t.Run("Filters", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		data := []engagement.Feedback{
			feedback.sample("f5", "globex", hours(5), 3),
			feedback.sample("f1", "acme", hours(1), 1),
			feedback.sample("f3", "acme", hours(3), 3),
			feedback.sample("f2", "acme", hours(2), 2),
			feedback.sample("f4", "globex", hours(4).In(nzTime), 1),
		}
		data[2].Theme, data[4].Theme = "billing", "billing"
		data[1].Change, data[0].Change = "c-9", "c-9"
		wantNoErr(t, "add", s.AddFeedback(ctx, data...))
		type F = engagement.FeedbackFilter
		for _, tc := range []struct {
			name string
			f    F
			want []engagement.FeedbackID
		}{
			{"Theme", F{Theme: "billing"}, []engagement.FeedbackID{"f3", "f4"}},
			{"Change", F{Change: "c-9"}, []engagement.FeedbackID{"f1", "f5"}},
			{"every field", F{Account: "globex", From: hours(5), To: hours(6), Kind: engagement.FeedbackComplaint, Change: "c-9", Theme: "theme-3"}, []engagement.FeedbackID{"f5"}},
			{"fields that exclude each other", F{Theme: "billing", Change: "c-9"}, nil},
		} {
			diff(t, tc.name, listIDs(t, s, tc.f), tc.want)
		}
	})
	t.Run("Context", func(t *testing.T) { testLogContext(t, asStore, feedback) })
	t.Run("Sequences", func(t *testing.T) { testLogSequences(t, asStore, feedback) })
	t.Run("Concurrency/AddRace", func(t *testing.T) { testAddRace(t, asStore(t), feedback) })
	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runLogModel(rt, t.Context(), asStore(t), feedback) })
	})
}

// feedbackStore is an engagement.FeedbackStore seen as an account.Store,
// for the generic log checks, as responseStore is for responses.
type feedbackStore struct {
	account.Store
	fs engagement.FeedbackStore
}

func feedbackStoreOf(s account.Store) engagement.FeedbackStore { return s.(feedbackStore).fs }

var feedback = &logKind[engagement.FeedbackID, engagement.Feedback]{
	name: "Feedback",
	add: func(s account.Store, ctx context.Context, xs ...engagement.Feedback) error {
		return feedbackStoreOf(s).AddFeedback(ctx, xs...)
	},
	list: func(s account.Store, ctx context.Context, f logFilter) iter.Seq2[engagement.Feedback, error] {
		return feedbackStoreOf(s).Feedback(ctx, engagement.FeedbackFilter{Account: f.Account, From: f.From, To: f.To, Kind: engagement.FeedbackKind(f.Kind)})
	},
	remove: func(s account.Store, ctx context.Context, id engagement.FeedbackID) error {
		return feedbackStoreOf(s).DeleteFeedback(ctx, id)
	},
	id:      func(x engagement.Feedback) engagement.FeedbackID { return x.ID },
	account: func(x engagement.Feedback) account.ID { return x.Account },
	at:      func(x engagement.Feedback) time.Time { return x.At },
	kind:    func(x engagement.Feedback) int { return int(x.Kind) },
	clone:   func(x engagement.Feedback) engagement.Feedback { return x },
	kinds:   3,
	sample:  sampleFeedback,
	invalid: func(id engagement.FeedbackID, acct account.ID, at time.Time) (engagement.Feedback, string) {
		x := sampleFeedback(id, acct, at, 1)
		x.Theme = ""
		return x, "Theme"
	},
}

// sampleFeedback returns a valid item whose content varies with kind (1 to
// 3): its Kind, Theme and Service.
func sampleFeedback(id engagement.FeedbackID, acct account.ID, at time.Time, kind int) engagement.Feedback {
	return engagement.Feedback{
		ID: id, Account: acct, At: at, Kind: engagement.FeedbackKind(kind),
		Theme: fmt.Sprintf("theme-%d", kind), Service: []string{"", "svc-a", "svc-b"}[kind%3],
		Contact: "c-1", Text: "said " + string(id),
	}
}

func invalidFeedback(id engagement.FeedbackID) []struct {
	x     engagement.Feedback
	field string
} {
	type tc = struct {
		x     engagement.Feedback
		field string
	}
	noTheme := sampleFeedback(id, "acme", hours(2), 1)
	noTheme.Theme = ""
	badKind := sampleFeedback(id, "acme", hours(2), 1)
	badKind.Kind = 4
	noAt := sampleFeedback(id, "acme", time.Time{}, 1)
	noAccount := sampleFeedback(id, "", hours(2), 1)
	return []tc{{noTheme, "Theme"}, {badKind, "Kind"}, {noAt, "At"}, {noAccount, "Account"}}
}
