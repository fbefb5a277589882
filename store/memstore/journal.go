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
)

// logKind describes one kind of append-only record (transactions,
// interactions) to the generic code that stores it.
type logKind[K ~string, V any] struct {
	name     string // the record's name, as in account.FieldError.Record
	id       func(V) K
	account  func(V) account.ID
	at       func(V) time.Time
	clone    func(V) V
	validate func(V) error
}

var (
	transactionKind = &logKind[account.TransactionID, account.Transaction]{
		name:     "Transaction",
		id:       func(t account.Transaction) account.TransactionID { return t.ID },
		account:  func(t account.Transaction) account.ID { return t.Account },
		at:       func(t account.Transaction) time.Time { return t.At },
		clone:    func(t account.Transaction) account.Transaction { return t }, // Money is immutable
		validate: account.Transaction.Validate,
	}
	interactionKind = &logKind[account.InteractionID, account.Interaction]{
		name:     "Interaction",
		id:       func(i account.Interaction) account.InteractionID { return i.ID },
		account:  func(i account.Interaction) account.ID { return i.Account },
		at:       func(i account.Interaction) time.Time { return i.At },
		clone:    account.Interaction.Clone,
		validate: account.Interaction.Validate,
	}
)

// An instant is a time.Time reduced to what ordering needs: the instant,
// without location or monotonic reading, as two integers that compare
// quickly over the whole range of time.Time.
type instant struct {
	sec  int64
	nsec int32
}

func instantOf(t time.Time) instant { return instant{t.Unix(), int32(t.Nanosecond())} }

func (a instant) compare(b instant) int {
	if c := cmp.Compare(a.sec, b.sec); c != 0 {
		return c
	}
	return cmp.Compare(a.nsec, b.nsec)
}

// An entry is one stored record with its sort key within its account.
type entry[K ~string, V any] struct {
	at  instant
	id  K
	rec V
}

func compareEntries[K ~string, V any](a, b entry[K, V]) int {
	if c := a.at.compare(b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.id, b.id)
}

// A series is one account's records in (At, ID) order, kept lazily as a
// table keeps its keys: an entry later than every ordered one is appended,
// any other waits in fresh until settle sorts and merges.
type series[K ~string, V any] struct {
	entries []entry[K, V]
	fresh   []entry[K, V]
}

// add appends e and reports whether it made a settled series unsettled.
func (s *series[K, V]) add(e entry[K, V]) bool {
	if len(s.fresh) == 0 && (len(s.entries) == 0 || compareEntries(s.entries[len(s.entries)-1], e) < 0) {
		s.entries = append(s.entries, e)
		return false
	}
	s.fresh = append(s.fresh, e)
	return len(s.fresh) == 1
}

func (s *series[K, V]) settle() {
	if len(s.fresh) == 0 {
		return
	}
	slices.SortFunc(s.fresh, compareEntries)
	if len(s.entries) == 0 { // a first load: nothing to merge with
		s.entries, s.fresh = s.fresh, nil
		return
	}
	merged := make([]entry[K, V], 0, len(s.entries)+len(s.fresh))
	i, j := 0, 0
	for i < len(s.entries) && j < len(s.fresh) {
		if compareEntries(s.entries[i], s.fresh[j]) < 0 {
			merged = append(merged, s.entries[i])
			i++
		} else {
			merged = append(merged, s.fresh[j])
			j++
		}
	}
	merged = append(merged, s.entries[i:]...)
	merged = append(merged, s.fresh[j:]...)
	clear(s.fresh)
	s.entries, s.fresh = merged, s.fresh[:0]
}

// place is where a stored record is: its account and its instant, enough to
// find it in its series by binary search.
type place struct {
	account account.ID
	at      instant
}

// A journal stores an append-only kind of record, indexed per account, each
// account's records in (At, ID) order, and the accounts in ID order. A
// time-range read of one account is a binary search into that account's
// series; it never looks at another account.
type journal[K ~string, V any] struct {
	mu     sync.RWMutex
	series table[account.ID, *series[K, V]] // the accounts that have records
	where  map[K]place                      // every stored ID
	dirty  []*series[K, V]                  // series that may hold fresh entries
}

func (j *journal[K, V]) unsettled() bool {
	return len(j.dirty) > 0 || j.series.unsettled()
}

func (j *journal[K, V]) settle() {
	for _, s := range j.dirty {
		s.settle()
	}
	clear(j.dirty)
	j.dirty = j.dirty[:0]
	if j.series.unsettled() {
		j.series.settle()
	}
}

func (j *journal[K, V]) add(ctx context.Context, k *logKind[K, V], recs []V) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	for _, v := range recs {
		if err := k.validate(v); err != nil {
			return fmt.Errorf("memstore: add: %w", err)
		}
	}
	if len(recs) == 0 {
		return nil
	}

	j.mu.Lock()
	defer j.mu.Unlock()
	// Claim every ID in the index first, so that an ID taken, or repeated
	// in the batch, is found before anything is stored; on a conflict,
	// release the claims. One map serves both checks.
	if j.where == nil {
		j.where = make(map[K]place, len(recs))
	}
	for i, v := range recs {
		id := k.id(v)
		if _, taken := j.where[id]; taken {
			for _, u := range recs[:i] {
				delete(j.where, k.id(u))
			}
			if _, stored := j.where[id]; stored {
				return fmt.Errorf("memstore: %s %q: the ID is taken: %w", k.name, string(id), account.ErrConflict)
			}
			return fmt.Errorf("memstore: %s %q: the ID is repeated in the batch: %w", k.name, string(id), account.ErrConflict)
		}
		j.where[id] = place{account: k.account(v), at: instantOf(k.at(v))}
	}
	for _, v := range recs {
		a := k.account(v)
		s := j.series.recs[a]
		if s == nil {
			s = new(series[K, V])
			j.series.put(a, s)
		}
		if s.add(entry[K, V]{at: instantOf(k.at(v)), id: k.id(v), rec: k.clone(v)}) {
			j.dirty = append(j.dirty, s)
		}
	}
	return nil
}

func (j *journal[K, V]) remove(ctx context.Context, k *logKind[K, V], id K) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	p, ok := j.where[id]
	if !ok {
		return fmt.Errorf("memstore: %s %q: %w", k.name, string(id), account.ErrNotFound)
	}
	s := j.series.recs[p.account]
	s.settle() // it may stay in dirty; settling it again there is free
	i, found := slices.BinarySearchFunc(s.entries, entry[K, V]{at: p.at, id: id}, compareEntries)
	if !found {
		panic(fmt.Sprintf("memstore: internal error: %s %q is indexed but not in its series", k.name, string(id)))
	}
	s.entries = slices.Delete(s.entries, i, i+1)
	delete(j.where, id)
	if len(s.entries) == 0 {
		j.series.remove(p.account)
	}
	return nil
}

// span is the part of a journal a read covers: one account or all, and a
// half-open time range whose unset ends are open.
type span struct {
	account        account.ID // "" for every account
	from, to       instant
	hasFrom, hasTo bool
}

func spanOf(acct account.ID, from, to time.Time) span {
	return span{
		account: acct,
		from:    instantOf(from), hasFrom: !from.IsZero(),
		to: instantOf(to), hasTo: !to.IsZero(),
	}
}

// cursor is where a read stopped: after entry (at, id) of account, or, if
// done, after all of account; the zero cursor is before everything.
type cursor[K ~string] struct {
	account account.ID
	at      instant
	id      K
	done    bool
}

// list yields clones of the records in sp that match, by account ID, then
// At, then ID.
func (j *journal[K, V]) list(ctx context.Context, k *logKind[K, V], sp span, match func(V) bool) iter.Seq2[V, error] {
	return chunked(ctx, k.clone, func(cur cursor[K], out []V) (next []V, last cursor[K], more bool) {
		readLocked(&j.mu, j.unsettled, j.settle, func() { next, last, more = j.chunk(sp, match, cur, out) })
		return next, last, more
	})
}

// chunk appends to out the records in sp after cur that match, up to
// chunkLen of them, examining at most about scanLen entries and accounts.
// It returns the new cursor and whether anything may remain after it.
func (j *journal[K, V]) chunk(sp span, match func(V) bool, cur cursor[K], out []V) ([]V, cursor[K], bool) {
	accounts := j.series.order
	if sp.account != "" {
		// One account: a single lookup, never a walk over the others.
		if _, ok := j.series.recs[sp.account]; !ok {
			return out, cur, false
		}
		accounts = []account.ID{sp.account}
	} else if cur.account != "" {
		i, _ := slices.BinarySearch(accounts, cur.account)
		accounts = accounts[i:]
	}
	scanned := 0
	for _, a := range accounts {
		s := j.series.recs[a]
		resume := a == cur.account
		if s == nil || (resume && cur.done) {
			continue // deleted, or finished by the previous chunk
		}
		lo := 0
		if sp.hasFrom {
			lo, _ = slices.BinarySearchFunc(s.entries, sp.from, func(e entry[K, V], t instant) int { return e.at.compare(t) })
		}
		if resume && cur.id != "" {
			after, found := slices.BinarySearchFunc(s.entries, entry[K, V]{at: cur.at, id: cur.id}, compareEntries)
			if found {
				after++
			}
			lo = max(lo, after)
		}
		hi := len(s.entries)
		if sp.hasTo {
			hi, _ = slices.BinarySearchFunc(s.entries, sp.to, func(e entry[K, V], t instant) int { return e.at.compare(t) })
		}
		if lo < hi {
			// Grow out once for what this account can add, not by doubling.
			out = slices.Grow(out, min(hi-lo, chunkLen-len(out)))
		}
		for _, e := range s.entries[lo:max(lo, hi)] {
			cur = cursor[K]{account: a, at: e.at, id: e.id}
			if match(e.rec) {
				out = append(out, e.rec)
			}
			scanned++
			if len(out) == chunkLen || scanned >= scanLen {
				return out, cur, true
			}
		}
		cur = cursor[K]{account: a, done: true}
		scanned++
		if scanned >= scanLen {
			return out, cur, true
		}
	}
	return out, cur, false
}
