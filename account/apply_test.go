package account_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// applyStore returns a memstore holding accounts a to e, each with the
// segment "old".
func applyStore(t *testing.T) *memstore.Store {
	t.Helper()
	s := memstore.New()
	for _, id := range []account.ID{"a", "b", "c", "d", "e"} {
		if _, err := s.CreateAccount(context.Background(), account.Account{ID: id, Name: "x", Segment: "old"}); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// resegment returns the stored accounts ids with the segment "new".
func resegment(t *testing.T, s account.AccountReader, ids ...account.ID) []account.Account {
	t.Helper()
	var out []account.Account
	for _, id := range ids {
		a, err := s.Account(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		a.Segment = "new"
		out = append(out, a)
	}
	return out
}

func sameSegment(stored, want account.Account) bool { return stored.Segment == want.Segment }

// touch renames a stored account, so that the version read is stale.
func touch(t *testing.T, s account.AccountStore, id account.ID) {
	t.Helper()
	a, err := s.Account(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	a.Name += "'"
	if _, err := s.UpdateAccount(context.Background(), a); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateAccounts(t *testing.T) {
	ctx := context.Background()
	opts := cmp.Options{cmpopts.EquateErrors(), cmpopts.EquateEmpty()}

	t.Run("writes in ID order", func(t *testing.T) {
		s := applyStore(t)
		got, err := account.UpdateAccounts(ctx, s, resegment(t, s, "d", "a", "c"), sameSegment)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(account.Applied{Written: []account.ID{"a", "c", "d"}}, got, opts); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		for _, id := range []account.ID{"a", "b", "c", "d", "e"} {
			a, _ := s.Account(ctx, id)
			want := map[bool]string{true: "new", false: "old"}[id != "b" && id != "e"]
			if a.Segment != want || (a.Version == 2) != (want == "new") {
				t.Errorf("%s stored with segment %q, version %d", id, a.Segment, a.Version)
			}
		}
	})

	t.Run("conflicts", func(t *testing.T) {
		s := applyStore(t)
		batch := resegment(t, s, "a", "b", "c", "d", "e")
		touch(t, s, "b")
		if err := s.DeleteAccount(ctx, "d", 1); err != nil {
			t.Fatal(err)
		}
		// Someone already made e's change.
		done := resegment(t, s, "e")
		if _, err := s.UpdateAccount(ctx, done[0]); err != nil {
			t.Fatal(err)
		}
		got, err := account.UpdateAccounts(ctx, s, batch, sameSegment)
		if err != nil {
			t.Fatal(err)
		}
		want := account.Applied{Written: []account.ID{"a", "c"}, Unchanged: 1,
			Conflicts: []account.Conflict{{Account: "b", Err: account.ErrConflict}, {Account: "d", Err: account.ErrNotFound}}}
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		// Applied again: what was written is unchanged, the conflicts stay.
		again, err := account.UpdateAccounts(ctx, s, batch, sameSegment)
		if err != nil {
			t.Fatal(err)
		}
		want = account.Applied{Unchanged: 3, Conflicts: want.Conflicts}
		if diff := cmp.Diff(want, again, opts); diff != "" {
			t.Errorf("again (-want +got):\n%s", diff)
		}
		// With no same, every stale version is a conflict.
		none, err := account.UpdateAccounts(ctx, s, batch, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(none.Written) != 0 || none.Unchanged != 0 || len(none.Conflicts) != 5 {
			t.Errorf("with a nil same: %+v; want 5 conflicts", none)
		}
	})

	t.Run("an ID twice", func(t *testing.T) {
		s := applyStore(t)
		batch := resegment(t, s, "a", "a")
		got, err := account.UpdateAccounts(ctx, s, batch, nil)
		if err != nil {
			t.Fatal(err)
		}
		want := account.Applied{Written: []account.ID{"a"}, Conflicts: []account.Conflict{{Account: "a", Err: account.ErrConflict}}}
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
	})

	t.Run("empty", func(t *testing.T) {
		got, err := account.UpdateAccounts(ctx, applyStore(t), nil, sameSegment)
		if err != nil || !cmp.Equal(account.Applied{}, got, opts) {
			t.Errorf("= %+v, %v; want nothing", got, err)
		}
	})

	t.Run("other errors end the batch", func(t *testing.T) {
		s := applyStore(t)
		batch := resegment(t, s, "a", "b", "c")
		batch[1].Name = "" // fails Validate
		touch(t, s, "a")
		got, err := account.UpdateAccounts(ctx, s, batch, sameSegment)
		var fe *account.FieldError
		if !errors.Is(err, account.ErrInvalid) || !errors.As(err, &fe) || fe.ID != "b" || fe.Field != "Name" {
			t.Errorf("error %v; want b's Name invalid", err)
		}
		want := account.Applied{Conflicts: []account.Conflict{{Account: "a", Err: account.ErrConflict}}}
		if diff := cmp.Diff(want, got, opts); diff != "" {
			t.Errorf("(-want +got):\n%s", diff)
		}
		if c, _ := s.Account(ctx, "c"); c.Segment != "old" {
			t.Error("c was written after the batch ended")
		}

		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		got, err = account.UpdateAccounts(cancelled, s, resegment(t, s, "c"), sameSegment)
		if !errors.Is(err, context.Canceled) || len(got.Written) != 0 {
			t.Errorf("with a done context = %+v, %v", got, err)
		}
	})

	t.Run("re-read", func(t *testing.T) {
		boom := errors.New("boom")
		for _, tt := range []struct {
			name    string
			readErr error
			wantErr error
			want    account.Applied
		}{
			// Deleted between the failed write and the read.
			{"not found", fmt.Errorf("gone: %w", account.ErrNotFound), nil,
				account.Applied{Written: []account.ID{"b"}, Conflicts: []account.Conflict{{Account: "a", Err: account.ErrNotFound}}}},
			{"failing", boom, boom, account.Applied{}},
		} {
			t.Run(tt.name, func(t *testing.T) {
				s := applyStore(t)
				batch := resegment(t, s, "a", "b")
				touch(t, s, "a")
				got, err := account.UpdateAccounts(ctx, readFailing{s, tt.readErr}, batch, sameSegment)
				if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
					t.Errorf("error %v; want %v", err, tt.wantErr)
				}
				if diff := cmp.Diff(tt.want, got, opts); diff != "" {
					t.Errorf("(-want +got):\n%s", diff)
				}
			})
		}
	})
}

// readFailing is a store whose single reads fail with err.
type readFailing struct {
	*memstore.Store
	err error
}

func (r readFailing) Account(context.Context, account.ID) (account.Account, error) {
	return account.Account{}, r.err
}

// A batch of updates: each account written with the version read. One of
// them changed since it was read, and is reported rather than overwritten.
func ExampleUpdateAccounts() {
	ctx := context.Background()
	store := memstore.New()
	for _, id := range []account.ID{"acme", "globex", "initech"} {
		if _, err := store.CreateAccount(ctx, account.Account{ID: id, Name: string(id), Segment: "smb"}); err != nil {
			fmt.Println(err)
			return
		}
	}
	// Read the accounts and decide the change: every one is now "enterprise".
	batch, err := account.Collect(store.Accounts(ctx, account.AccountFilter{}))
	if err != nil {
		fmt.Println(err)
		return
	}
	for i := range batch {
		batch[i].Segment = "enterprise"
	}
	// Meanwhile, someone renames Globex.
	g, _ := store.Account(ctx, "globex")
	g.Name = "Globex Corporation"
	if _, err := store.UpdateAccount(ctx, g); err != nil {
		fmt.Println(err)
		return
	}

	same := func(stored, want account.Account) bool { return stored.Segment == want.Segment }
	out, err := account.UpdateAccounts(ctx, store, batch, same)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("written:", out.Written)
	for _, c := range out.Conflicts {
		fmt.Println("conflict:", c.Account, errors.Is(c.Err, account.ErrConflict))
	}
	// Output:
	// written: [acme initech]
	// conflict: globex true
}
