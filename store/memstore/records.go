package memstore

import (
	"context"
	"fmt"
	"iter"
	"sync"

	"github.com/keyaccount/keyaccount/account"
)

// kind describes one kind of versioned record (accounts, contacts,
// managers) to the generic code that stores it.
type kind[K ~string, V any] struct {
	name       string // the record's name, as in account.FieldError.Record
	id         func(V) K
	version    func(V) int64
	setVersion func(*V, int64)
	clone      func(V) V
	validate   func(V) error
}

var (
	accountKind = &kind[account.ID, account.Account]{
		name:       "Account",
		id:         func(a account.Account) account.ID { return a.ID },
		version:    func(a account.Account) int64 { return a.Version },
		setVersion: func(a *account.Account, v int64) { a.Version = v },
		clone:      account.Account.Clone,
		validate:   account.Account.Validate,
	}
	contactKind = &kind[account.ContactID, account.Contact]{
		name:       "Contact",
		id:         func(c account.Contact) account.ContactID { return c.ID },
		version:    func(c account.Contact) int64 { return c.Version },
		setVersion: func(c *account.Contact, v int64) { c.Version = v },
		clone:      func(c account.Contact) account.Contact { return c }, // a Contact holds no references
		validate:   account.Contact.Validate,
	}
	managerKind = &kind[account.ManagerID, account.Manager]{
		name:       "Manager",
		id:         func(m account.Manager) account.ManagerID { return m.ID },
		version:    func(m account.Manager) int64 { return m.Version },
		setVersion: func(m *account.Manager, v int64) { m.Version = v },
		clone:      account.Manager.Clone,
		validate:   account.Manager.Validate,
	}
)

func (k *kind[K, V]) notFound(id K) error {
	return fmt.Errorf("memstore: %s %q: %w", k.name, string(id), account.ErrNotFound)
}

func (k *kind[K, V]) stale(id K, given, stored int64) error {
	return fmt.Errorf("memstore: %s %q: version %d is not the stored version %d: %w",
		k.name, string(id), given, stored, account.ErrConflict)
}

// records is the store of one kind of versioned record. Stored values are
// never changed in place: a write stores a fresh clone, so a value read
// under the lock may be cloned for the caller after the lock is released.
type records[K ~string, V any] struct {
	mu sync.RWMutex
	t  table[K, V]
}

func (r *records[K, V]) get(ctx context.Context, k *kind[K, V], id K) (V, error) {
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	r.mu.RLock()
	v, ok := r.t.recs[id]
	r.mu.RUnlock()
	if !ok {
		return zero, k.notFound(id)
	}
	return k.clone(v), nil
}

func (r *records[K, V]) create(ctx context.Context, k *kind[K, V], v V) (V, error) {
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	id := k.id(v)
	if err := k.validate(v); err != nil {
		return zero, fmt.Errorf("memstore: create: %w", err)
	}
	if ver := k.version(v); ver != 0 {
		return zero, fmt.Errorf("memstore: create: %w", &account.FieldError{
			Record: k.name, ID: string(id), Field: "Version", Value: ver,
			Reason: "must be 0 when creating (the store assigns 1)",
			Err:    account.ErrInvalid,
		})
	}
	v = k.clone(v)
	k.setVersion(&v, 1)
	r.mu.Lock()
	if _, ok := r.t.recs[id]; ok {
		r.mu.Unlock()
		return zero, fmt.Errorf("memstore: %s %q: the ID is taken: %w", k.name, string(id), account.ErrConflict)
	}
	r.t.put(id, v)
	r.mu.Unlock()
	return k.clone(v), nil
}

func (r *records[K, V]) update(ctx context.Context, k *kind[K, V], v V) (V, error) {
	var zero V
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	if err := k.validate(v); err != nil {
		return zero, fmt.Errorf("memstore: update: %w", err)
	}
	id, ver := k.id(v), k.version(v)
	v = k.clone(v)
	r.mu.Lock()
	old, ok := r.t.recs[id]
	if !ok {
		r.mu.Unlock()
		return zero, k.notFound(id)
	}
	if stored := k.version(old); stored != ver {
		r.mu.Unlock()
		return zero, k.stale(id, ver, stored)
	}
	k.setVersion(&v, ver+1)
	r.t.recs[id] = v
	r.mu.Unlock()
	return k.clone(v), nil
}

func (r *records[K, V]) remove(ctx context.Context, k *kind[K, V], id K, ver int64) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	old, ok := r.t.recs[id]
	if !ok {
		return k.notFound(id)
	}
	if stored := k.version(old); stored != ver {
		return k.stale(id, ver, stored)
	}
	r.t.remove(id)
	return nil
}

// list yields clones of the records that match, in ascending ID order.
func (r *records[K, V]) list(ctx context.Context, k *kind[K, V], match func(V) bool) iter.Seq2[V, error] {
	return chunked(ctx, k.clone, func(after K, out []V) (next []V, last K, more bool) {
		readLocked(&r.mu, r.t.unsettled, r.t.settle, func() { next, last, more = r.t.chunk(after, match, out) })
		return next, last, more
	})
}
