package memstore

import (
	"cmp"
	"context"
	"fmt"
	"iter"
	"slices"
	"sync"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/internal/fault"
)

var _ escalation.Store = (*Store)(nil)

// Fired yields the records of the notifications fired for the issue,
// ordered by At, then by Key, as [escalation.RecordStore] documents. On a
// done context it yields (zero Record, ctx.Err()) and stops.
func (s *Store) Fired(ctx context.Context, issue string) iter.Seq2[escalation.Record, error] {
	return s.fired.list(ctx, issue)
}

// AddFired stores a copy of r if the issue r.Issue has no record with
// r.Key, and reports whether it did; if one is stored it returns false
// and a nil error, and the stored record stands. The check and the write
// are one atomic step: of concurrent calls with one key, exactly one
// stores. The error wraps [escalation.ErrInvalid] (with the
// [*account.FieldError] of [escalation.Record.Validate]) if r is not
// valid, or is ctx.Err(). An add costs O(log n) for an issue's n records,
// plus the copying of the records after it when r is earlier than the
// last (records usually come in order of time).
func (s *Store) AddFired(ctx context.Context, r escalation.Record) (bool, error) {
	return s.fired.add(ctx, r)
}

// Facts yields the escalation facts of the issue in the order they were
// added, which is their order of time. On a done context it yields (zero
// Fact, ctx.Err()) and stops.
func (s *Store) Facts(ctx context.Context, issue string) iter.Seq2[escalation.Fact, error] {
	return s.facts.list(ctx, issue)
}

// AddFacts appends copies of facts to the log of the issue, all or none.
// The error wraps [escalation.ErrInvalid] (an empty issue, or a fact that
// fails [escalation.Fact.Validate], with its [*account.FieldError]),
// [escalation.ErrFactOrder] (a fact earlier than the one before it, the
// last stored one included), [account.ErrConflict] (an ID already in the
// issue's log or repeated in facts), or is ctx.Err().
func (s *Store) AddFacts(ctx context.Context, issue string, facts ...escalation.Fact) error {
	return s.facts.add(ctx, issue, facts)
}

// firedKey is a record's place in its issue's list: its At, then its Key.
type firedKey struct {
	at  instant
	key string
}

func (k firedKey) compare(o firedKey) int {
	return cmp.Or(k.at.compare(o.at), cmp.Compare(k.key, o.key))
}

func keyOf(r *escalation.Record) firedKey { return firedKey{at: instantOf(r.At), key: r.Key} }

// firedList is one issue's records in (At, Key) order, and the set of
// their keys.
type firedList struct {
	recs []escalation.Record
	keys map[string]struct{}
}

// firedRecords stores the records of every issue. A stored record is never
// changed: a record inserted before others moves them within the slice,
// so readers copy what they read under the lock (chunked does).
type firedRecords struct {
	mu     sync.RWMutex
	issues map[string]*firedList
}

func cloneRecord(r escalation.Record) escalation.Record {
	r.Recipients = slices.Clone(r.Recipients)
	return r
}

func (f *firedRecords) add(ctx context.Context, r escalation.Record) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	if err := r.Validate(); err != nil {
		return false, fmt.Errorf("memstore: add fired: %w", err)
	}
	r = cloneRecord(r)
	k := keyOf(&r)
	f.mu.Lock()
	defer f.mu.Unlock()
	l := f.issues[r.Issue]
	if l == nil {
		if f.issues == nil {
			f.issues = make(map[string]*firedList)
		}
		l = &firedList{keys: make(map[string]struct{})}
		f.issues[r.Issue] = l
	}
	if _, taken := l.keys[r.Key]; taken {
		return false, nil
	}
	i, _ := slices.BinarySearchFunc(l.recs, k, func(s escalation.Record, k firedKey) int { return keyOf(&s).compare(k) })
	l.recs = slices.Insert(l.recs, i, r)
	l.keys[r.Key] = struct{}{}
	return true, nil
}

// list yields clones of the issue's records in (At, Key) order, a chunk at
// a time, resuming after the key of the last record yielded, so that a
// record added while the sequence runs is yielded if it sorts after that
// point, and none twice.
func (f *firedRecords) list(ctx context.Context, issue string) iter.Seq2[escalation.Record, error] {
	type cursor struct {
		after   firedKey
		started bool
	}
	// The chunk's records are copied under the lock and their recipients
	// into one new array, so chunked need not clone them one by one.
	same := func(r escalation.Record) escalation.Record { return r }
	return chunked(ctx, same, func(cur cursor, out []escalation.Record) ([]escalation.Record, cursor, bool) {
		f.mu.RLock()
		defer f.mu.RUnlock()
		l := f.issues[issue]
		if l == nil {
			return out, cur, false
		}
		i := 0
		if cur.started {
			i, _ = slices.BinarySearchFunc(l.recs, cur.after, func(s escalation.Record, k firedKey) int {
				if keyOf(&s).compare(k) <= 0 {
					return -1
				}
				return 1
			})
		}
		end := min(len(l.recs), i+chunkLen)
		if end == i {
			return out, cur, false
		}
		n := 0
		for _, r := range l.recs[i:end] {
			n += len(r.Recipients)
		}
		people := make([]escalation.Person, 0, n)
		out = slices.Grow(out, end-i)
		for _, r := range l.recs[i:end] {
			from := len(people)
			people = append(people, r.Recipients...)
			r.Recipients = people[from:len(people):len(people)] // an append by the caller cannot reach the next record's
			out = append(out, r)
		}
		cur = cursor{after: keyOf(&l.recs[end-1]), started: true}
		return out, cur, end < len(l.recs)
	})
}

// facts stores the escalation facts of every issue, each issue's in the
// order added. A log only grows at its end, and stored facts are never
// changed, so a reader may keep a prefix of the slice after releasing the
// lock.
type facts struct {
	mu     sync.RWMutex
	issues map[string]*factLog
}

// factLog is one issue's facts, and the set of their IDs.
type factLog struct {
	facts []escalation.Fact
	ids   map[string]struct{}
}

func (fs *facts) add(ctx context.Context, issue string, in []escalation.Fact) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if issue == "" {
		return &account.FieldError{Record: "Argument", Field: "issue", Reason: "is missing", Err: escalation.ErrInvalid}
	}
	for i, f := range in {
		if err := f.Validate(); err != nil {
			return fmt.Errorf("memstore: add facts: facts[%d]: %w", i, err)
		}
	}
	if len(in) == 0 {
		return nil
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	l := fs.issues[issue]
	var last time.Time
	if l != nil && len(l.facts) > 0 {
		last = l.facts[len(l.facts)-1].At
	}
	seen := make(map[string]int, len(in))
	for i, f := range in {
		if f.At.Before(last) {
			return fmt.Errorf("memstore: add facts: facts[%d]: %w", i, &account.FieldError{
				Record: "Fact", ID: f.ID, Field: "At", Value: f.At.Format(time.RFC3339Nano),
				Reason: "is before the fact before it, at " + last.Format(time.RFC3339Nano) + ": facts are added in order of time",
				Err:    escalation.ErrFactOrder,
			})
		}
		last = f.At
		if f.ID == "" {
			continue
		}
		if j, dup := seen[f.ID]; dup {
			return fmt.Errorf("memstore: add facts: facts[%d]: Fact %s repeats facts[%d]: %w", i, fault.Quote(f.ID), j, account.ErrConflict)
		}
		seen[f.ID] = i
		if l != nil {
			if _, taken := l.ids[f.ID]; taken {
				return fmt.Errorf("memstore: add facts: facts[%d]: Fact %s of issue %s is stored: %w", i, fault.Quote(f.ID), fault.Quote(issue), account.ErrConflict)
			}
		}
	}
	if l == nil {
		if fs.issues == nil {
			fs.issues = make(map[string]*factLog)
		}
		l = &factLog{ids: make(map[string]struct{})}
		fs.issues[issue] = l
	}
	l.facts = append(l.facts, in...) // a Fact holds no references: copying it copies it all
	for id := range seen {
		l.ids[id] = struct{}{}
	}
	return nil
}

// list yields the issue's facts in the order added, a chunk at a time,
// resuming at the index after the last fact yielded.
func (fs *facts) list(ctx context.Context, issue string) iter.Seq2[escalation.Fact, error] {
	same := func(f escalation.Fact) escalation.Fact { return f }
	return chunked(ctx, same, func(next int, out []escalation.Fact) ([]escalation.Fact, int, bool) {
		fs.mu.RLock()
		defer fs.mu.RUnlock()
		l := fs.issues[issue]
		if l == nil {
			return out, next, false
		}
		end := min(len(l.facts), next+chunkLen)
		out = append(out, l.facts[next:end]...)
		return out, end, end < len(l.facts)
	})
}
