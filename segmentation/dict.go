package segmentation

import (
	"encoding/binary"
	"hash/maphash"
	"math/bits"
	"slices"
)

// dict assigns dense codes 0, 1, 2, ... to account IDs in the order they
// are first seen. It is an open-addressing hash table whose slots hold the
// first 8 bytes of the ID and its length, so that looking up an ID of up to
// 8 bytes touches one slot and no other memory. The ID bytes live in one
// arena, so a million IDs are three allocations, not a million.
//
// Codes never depend on the hash seed: they follow the order of insertion.
//
// The arena is append-only: bytes once written are never changed (growth
// copies them to a new array, and appends write past every ID handed out),
// so that [Table.ID] can return strings over it without copying.
type dict struct {
	seed  maphash.Seed
	slots []slot
	mask  uint64
	arena []byte // the IDs, back to back
	offs  []int  // ID of code c is arena[offs[c]:offs[c+1]]
	sb    uint64 // 64 bits derived from seed, for short IDs
	touch uint64 // keeps the look-ahead loads of codesOf alive
}

type slot struct {
	prefix uint64 // first 8 bytes of the ID, big-endian, zero-padded
	n      uint32 // length of the ID
	code   uint32 // code+1; 0 marks an empty slot
}

func newDict(capHint int) *dict {
	d := &dict{seed: maphash.MakeSeed(), offs: make([]int, 1, capHint+1)}
	d.sb = maphash.Bytes(d.seed, []byte("segmentation")) | 1
	size := 1 << bits.Len(uint(max(capHint, 8)*2-1))
	d.slots = make([]slot, size)
	d.mask = uint64(size - 1)
	return d
}

// Len returns the number of IDs.
func (d *dict) Len() int { return len(d.offs) - 1 }

// id returns the bytes of code c (not to be modified).
func (d *dict) id(c int32) []byte { return d.arena[d.offs[c]:d.offs[c+1]:d.offs[c+1]] }

// idBytes is what an ID can be given as.
type idBytes interface{ ~string | ~[]byte }

func prefixOf[S idBytes](b S) uint64 {
	if len(b) >= 8 {
		return uint64(b[0])<<56 | uint64(b[1])<<48 | uint64(b[2])<<40 | uint64(b[3])<<32 |
			uint64(b[4])<<24 | uint64(b[5])<<16 | uint64(b[6])<<8 | uint64(b[7])
	}
	var buf [8]byte
	copy(buf[:], b)
	return binary.BigEndian.Uint64(buf[:])
}

func hashOf[S idBytes](d *dict, b S, prefix uint64) uint64 {
	if len(b) <= 8 {
		// A seeded multiply-xorshift of the prefix and the length: the
		// common short IDs need no call into maphash.
		h := (prefix ^ d.sb) * 0x9E3779B97F4A7C15
		h ^= uint64(len(b)) * 0xC2B2AE3D27D4EB4F
		h ^= h >> 29
		h *= 0xBF58476D1CE4E5B9
		return h ^ h>>32
	}
	return maphash.String(d.seed, string(b))
}

// codeOf returns the code of id in d, adding id if it is new.
func codeOf[S idBytes](d *dict, id S) int32 {
	p := prefixOf(id)
	return codeAt(d, id, p, hashOf(d, id, p))
}

// codeAt is codeOf with the prefix and hash already computed.
func codeAt[S idBytes](d *dict, id S, p, hash uint64) int32 {
	h := hash & d.mask
	for {
		s := &d.slots[h]
		if s.code == 0 {
			return insert(d, h, id, p)
		}
		if s.prefix == p && s.n == uint32(len(id)) && (len(id) <= 8 || string(d.id(int32(s.code-1))) == string(id)) {
			return int32(s.code - 1)
		}
		h = (h + 1) & d.mask
	}
}

// lookup returns the code of id in d, or -1.
func lookup[S idBytes](d *dict, id S) int32 {
	p := prefixOf(id)
	h := hashOf(d, id, p) & d.mask
	for {
		s := &d.slots[h]
		if s.code == 0 {
			return -1
		}
		if s.prefix == p && s.n == uint32(len(id)) && (len(id) <= 8 || string(d.id(int32(s.code-1))) == string(id)) {
			return int32(s.code - 1)
		}
		h = (h + 1) & d.mask
	}
}

func insert[S idBytes](d *dict, h uint64, id S, p uint64) int32 {
	c := int32(d.Len())
	if len(d.arena)+len(id) > cap(d.arena) {
		d.arena = slices.Grow(d.arena, max(len(id), cap(d.arena)))
	}
	if len(d.offs) == cap(d.offs) {
		d.offs = slices.Grow(d.offs, cap(d.offs))
	}
	d.arena = append(d.arena, id...)
	d.offs = append(d.offs, len(d.arena))
	d.slots[h] = slot{prefix: p, n: uint32(len(id)), code: uint32(c) + 1}
	if full(d.Len(), len(d.slots)) {
		d.grow(len(d.slots) * 2)
	}
	return c
}

// full reports whether n IDs are too many for size slots: the table is
// kept at most three quarters full, so that a table of 2^k slots holds up
// to 0.75·2^k IDs (16 bytes a slot: 21 to 43 bytes an ID) and a probe
// stays short.
func full(n, size int) bool { return uint64(n)*4 > uint64(size)*3 }

// reserve makes room for n more IDs of bytes bytes in all, so that adding
// them grows nothing: the slots are resized at most once, and the arena
// and offsets get exactly the room asked for, not double.
func (d *dict) reserve(n, bytes int) {
	size := len(d.slots)
	for full(d.Len()+n, size) {
		size *= 2
	}
	if size != len(d.slots) {
		d.grow(size)
	}
	d.arena = growExactly(d.arena, bytes)
	d.offs = growExactly(d.offs, n)
}

// growExactly returns s with room for n more elements: its capacity is
// exactly len(s)+n (to the allocator's size class) when it must grow, where
// [slices.Grow] may add a quarter or double it.
func growExactly[T any](s []T, n int) []T {
	if n <= cap(s)-len(s) {
		return s
	}
	return append(make([]T, 0, len(s)+n), s...)
}

// grow rehashes the IDs into a table of size slots (a power of two).
func (d *dict) grow(size int) {
	old := d.slots
	d.slots = make([]slot, size)
	d.mask = uint64(len(d.slots) - 1)
	for _, s := range old {
		if s.code == 0 {
			continue
		}
		h := hashOf(d, d.id(int32(s.code-1)), s.prefix) & d.mask
		for d.slots[h].code != 0 {
			h = (h + 1) & d.mask
		}
		d.slots[h] = s
	}
}

// clone returns a deep copy of d.
func (d *dict) clone() *dict {
	c := *d
	c.slots = append([]slot(nil), d.slots...)
	c.arena = append([]byte(nil), d.arena...)
	c.offs = append([]int(nil), d.offs...)
	return &c
}

// codesOf sets codes[j] to the code of ids[j], adding new IDs in order. It
// computes every hash and loads every first slot before resolving any, so
// that the cache misses of a batch overlap instead of following each other.
func codesOf[S idBytes](d *dict, ids []S, codes []int32) {
	var ps, hs [64]uint64
	for lo := 0; lo < len(ids); lo += len(ps) {
		batch := ids[lo:min(lo+len(ps), len(ids))]
		var touch uint64
		for j, id := range batch {
			p := prefixOf(id)
			h := hashOf(d, id, p)
			ps[j], hs[j] = p, h
			touch += d.slots[h&d.mask].prefix
		}
		d.touch += touch
		for j, id := range batch {
			codes[lo+j] = codeAt(d, id, ps[j], hs[j])
		}
	}
}
