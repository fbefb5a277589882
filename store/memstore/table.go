package memstore

import (
	"cmp"
	"context"
	"iter"
	"slices"
	"sync"
)

// Iteration reads the store a chunk at a time under a read lock and yields
// the chunk with no lock held. A chunk ends after chunkLen records that
// match the filter or after scanLen records examined, whichever comes first,
// so that a selective filter cannot hold the lock for a long scan.
const (
	chunkLen = 256
	scanLen  = 4 * chunkLen
)

// table holds records by key and keeps the keys in ascending order, lazily.
// A key added above every ordered key is appended to order at once (the
// common case of ascending IDs and chronological logs); any other new key
// waits in fresh until the next ordered read settles the table, sorting
// fresh and merging it in. A bulk load therefore costs O(n log n), never
// O(n²), and point reads and writes never sort.
//
// Deleted keys stay in order, skipped by readers, until settle drops them;
// settle runs once they are more than half of order.
//
// The zero table is empty and ready to use. A table does no locking of its
// own: its owner's lock guards it, and only settle and the write methods
// need the write lock.
type table[K cmp.Ordered, V any] struct {
	recs  map[K]V
	order []K // ascending; may hold deleted keys, and a key twice once re-created
	fresh []K // keys added out of order since the last settle
	stale int // an upper bound on the deleted keys still in order
}

// put stores v under k, which must not be in recs.
func (t *table[K, V]) put(k K, v V) {
	if t.recs == nil {
		t.recs = make(map[K]V)
	}
	t.recs[k] = v
	// A re-created key may still sit in order as a deleted one; then the
	// last key of order is >= k and k goes to fresh, where settle
	// de-duplicates it.
	if len(t.fresh) == 0 && (len(t.order) == 0 || t.order[len(t.order)-1] < k) {
		t.order = append(t.order, k)
		return
	}
	t.fresh = append(t.fresh, k)
}

// remove deletes k, which must be in recs.
func (t *table[K, V]) remove(k K) {
	delete(t.recs, k)
	t.stale++
}

// unsettled reports whether an ordered read must settle the table first.
func (t *table[K, V]) unsettled() bool {
	return len(t.fresh) > 0 || t.stale > len(t.order)/2
}

// settle merges fresh into order and drops deleted and repeated keys, in
// O(len(order) + f log f) time for f fresh keys.
func (t *table[K, V]) settle() {
	slices.Sort(t.fresh)
	merged := make([]K, 0, len(t.recs))
	i, j := 0, 0
	for i < len(t.order) || j < len(t.fresh) {
		var k K
		if j == len(t.fresh) || (i < len(t.order) && t.order[i] <= t.fresh[j]) {
			k = t.order[i]
			i++
		} else {
			k = t.fresh[j]
			j++
		}
		if _, ok := t.recs[k]; !ok {
			continue
		}
		if n := len(merged); n > 0 && merged[n-1] == k {
			continue
		}
		merged = append(merged, k)
	}
	t.order, t.fresh, t.stale = merged, t.fresh[:0], 0
}

// chunk appends to out the records after key after, in key order, that
// match; the zero key, below every valid ID, starts from the beginning. It
// returns the last key it examined, the cursor of the next call, and
// whether keys remain beyond it. The table must be settled.
func (t *table[K, V]) chunk(after K, match func(V) bool, out []V) ([]V, K, bool) {
	i, found := slices.BinarySearch(t.order, after)
	if found {
		i++
	}
	scanned := 0
	last := after
	for ; i < len(t.order); i++ {
		k := t.order[i]
		last = k
		scanned++
		if v, ok := t.recs[k]; ok && match(v) {
			out = append(out, v)
		}
		if len(out) == chunkLen || scanned == scanLen {
			return out, last, i+1 < len(t.order)
		}
	}
	return out, last, false
}

// chunked yields clones of records read a chunk at a time: read appends to
// out the chunk after cursor cur and returns it, the next cursor, and
// whether more may follow; the zero cursor is the start. No lock is held
// while chunked yields, so the caller may write to the store in its loop.
// The context is checked before every record.
func chunked[V, C any](ctx context.Context, clone func(V) V, read func(cur C, out []V) ([]V, C, bool)) iter.Seq2[V, error] {
	return func(yield func(V, error) bool) {
		var (
			zero V
			cur  C
			buf  []V
			more = true
		)
		for more {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			buf, cur, more = read(cur, buf[:0])
			for _, v := range buf {
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
				if !yield(clone(v), nil) {
					return
				}
			}
		}
	}
}

// readLocked calls read under mu's read lock, unless unsettled reports that
// the indexes must be settled first: then it settles them and calls read
// under the write lock.
func readLocked(mu *sync.RWMutex, unsettled func() bool, settle func(), read func()) {
	mu.RLock()
	if !unsettled() {
		defer mu.RUnlock()
		read()
		return
	}
	mu.RUnlock()
	mu.Lock()
	defer mu.Unlock()
	if unsettled() {
		settle()
	}
	read()
}
