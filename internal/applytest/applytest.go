// Package applytest checks the Apply method of a service shell (tiering's
// and assign's) against its contract: the accounts a run changes are
// written with the version read, an account changed or deleted behind the
// shell's back is a conflict and the others are still written, and a
// second Apply writes nothing. The shells' tests call it, so that both
// are held to the same properties.
//
// The package is internal: only the module's tests use it.
package applytest

import (
	"context"
	"errors"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"pgregory.net/rapid"
)

// A Run is one run of a shell to check: the accounts it read, as it left
// them, and how to store it.
type Run struct {
	// Store holds the accounts; Check changes some of them behind the
	// shell's back.
	Store account.AccountStore

	// Read are the accounts as the run read them, and After the same
	// accounts as the run leaves them, in the same order.
	Read, After []account.Account

	// Changed reports whether the run changes an account: whether Apply
	// must write after, read as read.
	Changed func(read, after account.Account) bool

	// Holds reports whether a stored account holds the run's change after.
	Holds func(stored, after account.Account) bool

	// Apply stores the run, as the shell's Apply does.
	Apply func(ctx context.Context) (account.Applied, error)
}

// rename changes the stored account id behind the shell's back, which
// moves its version on without touching what a shell changes. It reads
// the account again and retries when a concurrent Apply wrote it first.
func rename(ctx context.Context, s account.AccountStore, id account.ID) error {
	for {
		a, err := s.Account(ctx, id)
		if err != nil {
			return err
		}
		a.Name += "'"
		if _, err = s.UpdateAccount(ctx, a); !errors.Is(err, account.ErrConflict) {
			return err
		}
	}
}

// Check renames or deletes a random set of r's accounts behind the shell's
// back, then applies r twice. The first Apply must write exactly the
// changed accounts that were left alone, report the others changed as
// conflicts (wrapping account.ErrConflict for a renamed account,
// account.ErrNotFound for a deleted one) and count the rest Unchanged; the
// second must write nothing, report the same conflicts, and count the
// accounts written the first time Unchanged.
func Check(t *rapid.T, r Run) {
	ctx := context.Background()
	behind := make(map[account.ID]error)
	for _, a := range r.Read {
		switch rapid.IntRange(0, 3).Draw(t, "change "+string(a.ID)) {
		case 1:
			if err := rename(ctx, r.Store, a.ID); err != nil {
				t.Fatal(err)
			}
			behind[a.ID] = account.ErrConflict
		case 2:
			if err := r.Store.DeleteAccount(ctx, a.ID, a.Version); err != nil {
				t.Fatal(err)
			}
			behind[a.ID] = account.ErrNotFound
		}
	}
	var want account.Applied
	for i, a := range r.After {
		switch {
		case !r.Changed(r.Read[i], a):
			want.Unchanged++
		case behind[a.ID] != nil:
			want.Conflicts = append(want.Conflicts, account.Conflict{Account: a.ID, Err: behind[a.ID]})
		default:
			want.Written = append(want.Written, a.ID)
		}
	}
	opts := cmp.Options{cmpopts.EquateEmpty(), cmpopts.EquateErrors()}
	got, err := r.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Fatalf("Apply (-want +got):\n%s", diff)
	}
	for _, a := range r.After {
		if !slices.Contains(got.Written, a.ID) {
			continue
		}
		if s, err := r.Store.Account(ctx, a.ID); err != nil || !r.Holds(s, a) {
			t.Errorf("%s written, but stored as %+v (%v); want %+v", a.ID, s, err, a)
		}
	}
	again, err := r.Apply(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want.Unchanged += len(want.Written)
	want.Written = nil
	if diff := cmp.Diff(want, again, opts); diff != "" {
		t.Fatalf("second Apply (-want +got):\n%s", diff)
	}
}

// Concurrent applies r while another goroutine renames every fifth of its
// accounts, from the last back, so that the two meet midway. Every
// account the run changes must be written, and hold the change, or be a
// conflict wrapping account.ErrConflict of an account the writer renamed;
// Written and Conflicts must be in ascending ID order. Run it under -race.
func Concurrent(t *testing.T, r Run) {
	t.Helper()
	ctx := context.Background()
	touched := make(map[account.ID]bool)
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := len(r.Read) - 1; i >= 0; i -= 5 {
			if err := rename(ctx, r.Store, r.Read[i].ID); err != nil {
				t.Error(err)
				return
			}
			touched[r.Read[i].ID] = true
		}
	})
	got, err := r.Apply(ctx)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	changed := 0
	for i, a := range r.After {
		if !r.Changed(r.Read[i], a) {
			continue
		}
		changed++
		s, err := r.Store.Account(ctx, a.ID)
		if written := slices.Contains(got.Written, a.ID); err != nil || written != r.Holds(s, a) {
			t.Errorf("%s: written %v, stored as %+v (%v)", a.ID, written, s, err)
		}
	}
	if len(got.Written)+len(got.Conflicts) != changed || got.Unchanged != len(r.Read)-changed {
		t.Errorf("%d written, %d conflicts, %d unchanged; want %d changed of %d", len(got.Written), len(got.Conflicts), got.Unchanged, changed, len(r.Read))
	}
	for _, c := range got.Conflicts {
		if !touched[c.Account] || !errors.Is(c.Err, account.ErrConflict) {
			t.Errorf("conflict on %s (renamed: %v): %v", c.Account, touched[c.Account], c.Err)
		}
	}
	byID := func(a, b account.Conflict) int { return strings.Compare(string(a.Account), string(b.Account)) }
	if !slices.IsSorted(got.Written) || !slices.IsSortedFunc(got.Conflicts, byID) {
		t.Error("Written or Conflicts not in ascending ID order")
	}
	t.Logf("%d written, %d conflicts", len(got.Written), len(got.Conflicts))
}
