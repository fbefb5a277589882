package storetest

import (
	"context"
	"fmt"
	"iter"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A seqCase is one of the store's five sequences, seen through sort keys:
// strings that compare as the sequence's documented order does. The
// sequence tests run over all five.
type seqCase struct {
	name string
	// seed stores record number i (from 0), before any sequence runs.
	seed func(ctx context.Context, s account.Store, i int) error
	// write stores another record while a sequence runs: the serial-th
	// written, whose key falls just after that of seeded record pos.
	write func(ctx context.Context, s account.Store, pos, serial int) error
	// keys yields the sort key of every record of the kind. With an error
	// it yields "" if the record yielded with it was the zero value, and
	// "(non-zero)" if not.
	keys func(ctx context.Context, s account.Store) iter.Seq2[string, error]
}

// seqCases returns the five sequences.
func seqCases() []seqCase {
	return []seqCase{recordSeq(accounts), recordSeq(contacts), recordSeq(managers), logSeq(transactions), logSeq(interactions)}
}

func recordSeq[K ~string, R any](k *recordKind[K, R]) seqCase {
	return seqCase{
		name: k.name + "s",
		seed: func(ctx context.Context, s account.Store, i int) error {
			_, err := k.create(s, ctx, k.sample(K(fmt.Sprintf("r-%04d", i)), i))
			return err
		},
		write: func(ctx context.Context, s account.Store, pos, serial int) error {
			_, err := k.create(s, ctx, k.sample(K(fmt.Sprintf("r-%04d-w%d", pos, serial)), pos))
			return err
		},
		keys: func(ctx context.Context, s account.Store) iter.Seq2[string, error] {
			return keySeq(k.all(s, ctx), func(r R) string { return string(k.id(r)) })
		},
	}
}

func logSeq[K ~string, R any](k *logKind[K, R]) seqCase {
	// Seeded records spread over 7 accounts and 50 hours; a written one
	// lands a microsecond after a seeded one.
	at := func(i int) (account.ID, time.Time) {
		return account.ID(fmt.Sprintf("acct-%d", i%7)), hours(i % 50)
	}
	return seqCase{
		name: k.name + "s",
		seed: func(ctx context.Context, s account.Store, i int) error {
			acct, t := at(i)
			return k.add(s, ctx, k.sample(K(fmt.Sprintf("x-%04d", i)), acct, t, 1))
		},
		write: func(ctx context.Context, s account.Store, pos, serial int) error {
			acct, t := at(pos)
			return k.add(s, ctx, k.sample(K(fmt.Sprintf("x-%04d-w%d", pos, serial)), acct, t.Add(time.Microsecond), 1))
		},
		keys: func(ctx context.Context, s account.Store) iter.Seq2[string, error] {
			return keySeq(k.list(s, ctx, logFilter{}), func(r R) string {
				// Account IDs hold no control characters, so "\x00" ends
				// one part of the key before any other byte can.
				return string(k.account(r)) + "\x00" + k.at(r).UTC().Format("20060102150405.000000000") + "\x00" + string(k.id(r))
			})
		},
	}
}

func keySeq[R any](seq iter.Seq2[R, error], key func(R) string) iter.Seq2[string, error] {
	return func(yield func(string, error) bool) {
		for r, err := range seq {
			k := ""
			if err == nil {
				k = key(r)
			} else if !reflect.ValueOf(&r).Elem().IsZero() {
				k = "(non-zero)"
			}
			if !yield(k, err) {
				return
			}
		}
	}
}

// seed stores n records of c, failing t on an error.
func seed(t *testing.T, s account.Store, c seqCase, n int) {
	t.Helper()
	for i := range n {
		wantNoErr(t, "seed", c.seed(t.Context(), s, i))
	}
}

// wantAscending fails t unless keys are strictly ascending: in order, none
// twice.
func wantAscending(t reporter, what string, keys []string) {
	t.Helper()
	for i := 1; i < len(keys); i++ {
		if keys[i-1] >= keys[i] {
			t.Errorf("%s: %q is yielded after %q: out of order or twice", what, keys[i], keys[i-1])
			return
		}
	}
}

// wantAllOf fails t unless every key of want is among keys.
func wantAllOf(t reporter, what string, keys, want []string) {
	t.Helper()
	for _, k := range want {
		if _, found := slices.BinarySearch(keys, k); !found {
			t.Errorf("%s: %q, stored before the sequence started, was not yielded", what, k)
			return
		}
	}
}

// finishes runs f in a goroutine and stops t if it has not returned within
// a generous time: a store that deadlocks fails rather than hangs. f may
// report with t.Errorf but must not stop t.
func finishes(t *testing.T, what string, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		t.Fatalf("%s has not finished after a minute: deadlock?", what)
	}
}

func testSequences(t *testing.T, newStore func(*testing.T) account.Store) {
	for _, c := range seqCases() {
		t.Run(c.name, func(t *testing.T) { testSeqCase(t, newStore, c) })
	}
}

// testSeqCase runs the sequence checks of one kind of record.
func testSeqCase(t *testing.T, newStore func(*testing.T) account.Store, c seqCase) {
	t.Run("BreakEarly", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		seed(t, s, c, 5)
		n := 0
		for _, err := range c.keys(ctx, s) {
			wantNoErr(t, "list", err)
			n++
			if n == 2 {
				break // a store that yields again after this makes the runtime panic
			}
		}
		// The store is still usable, for reads and for writes.
		wantNoErr(t, "write after breaking out", c.write(ctx, s, 1, 0))
		if got := len(collect(t, "list", c.keys(ctx, s))); got != 6 {
			t.Errorf("list after breaking out yields %d records, want 6", got)
		}
	})

	t.Run("WriteInsideLoop", func(t *testing.T) {
		// More records than a store is likely to fetch at once, and
		// a write at every step, some of them ahead of the loop and
		// some behind it.
		const n = 600
		s, ctx := newStore(t), t.Context()
		seed(t, s, c, n)
		before := collect(t, "list before", c.keys(ctx, s))
		var got []string
		finishes(t, "a loop that writes to the store", func() {
			step := 0
			for k, err := range c.keys(ctx, s) {
				if err != nil {
					t.Errorf("list: %v", err)
					return
				}
				got = append(got, k)
				if err := c.write(ctx, s, step*7919%n, step); err != nil {
					t.Errorf("write inside the loop: %v", err)
					return
				}
				step++
			}
		})
		wantAscending(t, "keys yielded while writing", got)
		wantAllOf(t, "keys yielded while writing", got, before)
	})

	t.Run("Rerun", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		seed(t, s, c, 3)
		seq := c.keys(ctx, s)
		first := collect(t, "first run", seq)
		wantNoErr(t, "write", c.write(ctx, s, 1, 0))
		second := collect(t, "second run", seq)
		if len(first) != 3 || len(second) != 4 {
			t.Errorf("a sequence run twice yields %d then %d records, want 3 then 4 (each run reads afresh)", len(first), len(second))
		}
	})

	t.Run("Many", func(t *testing.T) {
		const n = 1500
		s, ctx := newStore(t), t.Context()
		seed(t, s, c, n)
		got := collect(t, "list", c.keys(ctx, s))
		if len(got) != n {
			t.Errorf("list yields %d records, want %d", len(got), n)
		}
		wantAscending(t, "list", got)
	})

	if c.name != accounts.name+"s" {
		return
	}
	t.Run("UpdateInsideLoop", func(t *testing.T) {
		// Re-tiering every account while listing them is the common case of
		// writing inside a loop: every account is yielded once, and updated.
		const n = 600
		s, ctx := newStore(t), t.Context()
		seed(t, s, recordSeq(accounts), n)
		seen := map[account.ID]int{}
		finishes(t, "a loop that updates each account", func() {
			for a, err := range s.Accounts(ctx, account.AccountFilter{}) {
				if err != nil {
					t.Errorf("list: %v", err)
					return
				}
				seen[a.ID]++
				a.Tier = 1
				if _, err := s.UpdateAccount(ctx, a); err != nil {
					t.Errorf("update inside the loop: %v", err)
					return
				}
			}
		})
		if len(seen) != n {
			t.Errorf("%d accounts yielded, want %d", len(seen), n)
		}
		for id, k := range seen {
			if k != 1 {
				t.Errorf("account %q yielded %d times, want once", id, k)
			}
		}
		for a, err := range s.Accounts(ctx, account.AccountFilter{}) {
			wantNoErr(t, "list", err)
			if a.Tier != 1 || a.Version != 2 {
				t.Errorf("account %q after the loop: tier %v, version %d; want tier 1, version 2", a.ID, a.Tier, a.Version)
			}
		}
	})
}
