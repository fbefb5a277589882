package account

import (
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"

	"github.com/keyaccount/keyaccount/internal/fault"
)

// A Hierarchy is the forest that accounts form through their Parent links: a
// global account and its subsidiaries, a division and its departments.
//
// Build one with [NewHierarchy]. A Hierarchy is immutable and safe for
// concurrent use. Every method that lists accounts does so in a fixed order:
// siblings in ascending ID order (byte-wise), and trees depth first, a
// parent before its children (pre-order). The zero Hierarchy is an empty
// forest.
type Hierarchy struct {
	ids      []ID // ascending; node i is ids[i]
	index    map[ID]int32
	parent   []int32 // -1 for a root
	root     []int32 // the ultimate parent of each node
	depth    []int32
	childOff []int32 // children of i: child[childOff[i]:childOff[i+1]], ascending
	child    []int32
	preorder []int32 // the whole forest, depth first, roots and siblings ascending
	roots    []int32
}

// A CycleError reports accounts whose Parent links form a loop, so that none
// of them has an ultimate parent. It wraps [ErrInvalid].
type CycleError struct {
	// Accounts lists the accounts on the loop in parent order, starting from
	// the one with the smallest ID: each is the parent of the one before
	// it, and the first is the parent of the last.
	Accounts []ID
}

// Error returns a description such as
//
//	account: invalid input: parent cycle: "A" -> "C" -> "B" -> "A"
//
// A loop of more than [maxCycleShown] accounts is shown by its first ones
// and its length, so the text stays short however long the loop.
func (e *CycleError) Error() string {
	var b strings.Builder
	b.WriteString(ErrInvalid.Error())
	b.WriteString(": parent cycle: ")
	shown := e.Accounts[:min(len(e.Accounts), maxCycleShown)]
	for _, id := range shown {
		b.WriteString(fault.Quote(string(id)))
		b.WriteString(" -> ")
	}
	switch {
	case len(shown) < len(e.Accounts):
		b.WriteString("… (" + strconv.Itoa(len(e.Accounts)) + " accounts in the loop)")
	case len(e.Accounts) > 0:
		b.WriteString(fault.Quote(string(e.Accounts[0])))
	}
	return b.String()
}

// maxCycleShown is the most accounts a [CycleError]'s text names.
const maxCycleShown = 20

// Unwrap returns [ErrInvalid].
func (e *CycleError) Unwrap() error { return ErrInvalid }

// NewHierarchy builds the forest of accounts from their ID and Parent
// fields; other fields are ignored. The order of accounts does not matter.
//
// If the links do not form a forest, NewHierarchy returns a nil Hierarchy
// and every problem found, joined in a fixed order (at most 100 of them,
// then how many more): a [*FieldError] for each missing or repeated ID and
// for each account whose Parent is not among the accounts (Field "Parent"),
// then, once those are fixed, a [*CycleError] for each loop of parent
// links. All wrap [ErrInvalid].
func NewHierarchy(accounts []Account) (*Hierarchy, error) {
	n := len(accounts)
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(string(accounts[a].ID), string(accounts[b].ID)) })

	var errs fault.List
	h := &Hierarchy{ids: make([]ID, 0, n), index: make(map[ID]int32, n)}
	parentIDs := make([]ID, 0, n)
	for k, i := range order {
		a := accounts[i]
		if a.ID == "" {
			errs.Add(&FieldError{Record: "Account", Field: "ID", Value: "", Reason: "is missing", Err: ErrInvalid})
			continue
		}
		if k > 0 && accounts[order[k-1]].ID == a.ID {
			if k < 2 || accounts[order[k-2]].ID != a.ID {
				errs.Add(&FieldError{Record: "Account", ID: string(a.ID), Field: "ID", Value: string(a.ID), Reason: "appears more than once", Err: ErrInvalid})
			}
			continue
		}
		h.index[a.ID] = int32(len(h.ids))
		h.ids = append(h.ids, a.ID)
		parentIDs = append(parentIDs, a.Parent)
	}
	n = len(h.ids)
	h.parent = make([]int32, n)
	for i, p := range parentIDs {
		h.parent[i] = -1
		if p == "" {
			continue
		}
		j, ok := h.index[p]
		if !ok {
			errs.Add(&FieldError{Record: "Account", ID: string(h.ids[i]), Field: "Parent", Value: string(p), Reason: "is not among the accounts", Err: ErrInvalid})
			continue
		}
		h.parent[i] = j
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if cycles := h.findCycles(); len(cycles) > 0 {
		return nil, fault.Join(cycles...)
	}
	h.build()
	return h, nil
}

// findCycles walks up from every node, marking nodes whose walk is finished,
// and reports each loop once, in ascending order of its smallest member.
func (h *Hierarchy) findCycles() []error {
	const (
		unseen = iota
		onPath
		done
	)
	state := make([]uint8, len(h.ids))
	var errs []error
	var path []int32
	for start := range h.ids {
		path = path[:0]
		v := int32(start)
		for v >= 0 && state[v] == unseen {
			state[v] = onPath
			path = append(path, v)
			v = h.parent[v]
		}
		if v >= 0 && state[v] == onPath {
			// The loop is the part of path from v on.
			k := slices.Index(path, v)
			loop := path[k:]
			// Start from the smallest ID (nodes are numbered in ID order).
			m := slices.Index(loop, slices.Min(loop))
			ids := make([]ID, 0, len(loop))
			for j := range loop {
				ids = append(ids, h.ids[loop[(m+j)%len(loop)]])
			}
			errs = append(errs, &CycleError{Accounts: ids})
		}
		for _, u := range path {
			state[u] = done
		}
	}
	return errs
}

// build fills in children, roots, depths and the pre-order of a forest.
func (h *Hierarchy) build() {
	n := len(h.ids)
	h.childOff = make([]int32, n+1)
	for _, p := range h.parent {
		if p >= 0 {
			h.childOff[p+1]++
		}
	}
	for i := range n {
		h.childOff[i+1] += h.childOff[i]
	}
	h.child = make([]int32, h.childOff[n])
	next := slices.Clone(h.childOff[:n])
	for i, p := range h.parent { // i ascends, so each child list is in ID order
		if p >= 0 {
			h.child[next[p]] = int32(i)
			next[p]++
		} else {
			h.roots = append(h.roots, int32(i))
		}
	}
	h.root = make([]int32, n)
	h.depth = make([]int32, n)
	h.preorder = make([]int32, 0, n)
	stack := make([]int32, 0, 64)
	for k := len(h.roots) - 1; k >= 0; k-- {
		stack = append(stack, h.roots[k])
	}
	for len(stack) > 0 {
		v := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		h.preorder = append(h.preorder, v)
		if p := h.parent[v]; p >= 0 {
			h.root[v] = h.root[p]
			h.depth[v] = h.depth[p] + 1
		} else {
			h.root[v] = v
		}
		kids := h.child[h.childOff[v]:h.childOff[v+1]]
		for k := len(kids) - 1; k >= 0; k-- {
			stack = append(stack, kids[k])
		}
	}
}

// Len returns the number of accounts in the forest.
func (h *Hierarchy) Len() int { return len(h.ids) }

// Contains reports whether id is in the forest.
func (h *Hierarchy) Contains(id ID) bool {
	_, ok := h.index[id]
	return ok
}

// Parent returns the parent of id. It returns "", false if id is a
// top-level account or is not in the forest.
func (h *Hierarchy) Parent(id ID) (ID, bool) {
	i, ok := h.index[id]
	if !ok || h.parent[i] < 0 {
		return "", false
	}
	return h.ids[h.parent[i]], true
}

// UltimateParent returns the top-level account of id's tree: id itself if
// it has no parent. It returns "", false if id is not in the forest.
func (h *Hierarchy) UltimateParent(id ID) (ID, bool) {
	i, ok := h.index[id]
	if !ok {
		return "", false
	}
	return h.ids[h.root[i]], true
}

// Depth returns how many parent links separate id from its ultimate parent
// (0 for a top-level account), or -1 if id is not in the forest.
func (h *Hierarchy) Depth(id ID) int {
	i, ok := h.index[id]
	if !ok {
		return -1
	}
	return int(h.depth[i])
}

// Roots returns the top-level accounts in ascending ID order.
func (h *Hierarchy) Roots() []ID { return h.idsOf(h.roots) }

// Children returns the direct children of id in ascending ID order; nil if
// it has none or is not in the forest.
func (h *Hierarchy) Children(id ID) []ID {
	i, ok := h.index[id]
	if !ok {
		return nil
	}
	return h.idsOf(h.child[h.childOff[i]:h.childOff[i+1]])
}

func (h *Hierarchy) idsOf(nodes []int32) []ID {
	if len(nodes) == 0 {
		return nil
	}
	out := make([]ID, len(nodes))
	for k, v := range nodes {
		out[k] = h.ids[v]
	}
	return out
}

// Ancestors yields the ancestors of id, nearest first: its parent, its
// grandparent, ..., its ultimate parent. It yields nothing for a top-level
// account or an ID not in the forest.
func (h *Hierarchy) Ancestors(id ID) iter.Seq[ID] {
	return func(yield func(ID) bool) {
		i, ok := h.index[id]
		if !ok {
			return
		}
		for p := h.parent[i]; p >= 0; p = h.parent[p] {
			if !yield(h.ids[p]) {
				return
			}
		}
	}
}

// Descendants yields every account below id, depth first: each account
// before its children, siblings in ascending ID order. It does not yield id
// itself, and yields nothing for an ID not in the forest.
func (h *Hierarchy) Descendants(id ID) iter.Seq[ID] {
	return func(yield func(ID) bool) {
		i, ok := h.index[id]
		if !ok {
			return
		}
		stack := []int32{}
		push := func(v int32) {
			kids := h.child[h.childOff[v]:h.childOff[v+1]]
			for k := len(kids) - 1; k >= 0; k-- {
				stack = append(stack, kids[k])
			}
		}
		push(i)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !yield(h.ids[v]) {
				return
			}
			push(v)
		}
	}
}

// All yields every account of the forest depth first: top-level accounts in
// ascending ID order, each followed by its descendants as [Hierarchy.Descendants]
// yields them.
func (h *Hierarchy) All() iter.Seq[ID] {
	return func(yield func(ID) bool) {
		for _, v := range h.preorder {
			if !yield(h.ids[v]) {
				return
			}
		}
	}
}

// RollUp totals a per-account value over every subtree of h: the result
// holds, for each account whose subtree has at least one value, the sum of
// the values of the account and all its descendants. The totals at the
// top-level accounts therefore sum to the total of all values.
//
// add combines two values; pass [Money.Add] for money, or a function that
// adds decimals or counts. Accounts without a value contribute nothing
// (there is no zero value to assume), and an account with no value in its
// whole subtree is absent from the result.
//
// It returns an error wrapping [ErrNotFound] for a key of values that is not
// in h, or the first error add returns (such as [ErrCurrencyMismatch]),
// wrapped with the two accounts involved. Additions happen in a fixed order,
// so the result and the error do not depend on map iteration.
func RollUp[V any](h *Hierarchy, values map[ID]V, add func(a, b V) (V, error)) (map[ID]V, error) {
	n := len(h.ids)
	total := make([]V, n)
	has := make([]bool, n)
	for _, id := range sortedKeys(values) {
		i, ok := h.index[id]
		if !ok {
			return nil, fmt.Errorf("account: roll-up: account %q is not in the hierarchy: %w", string(id), ErrNotFound)
		}
		total[i], has[i] = values[id], true
	}
	// In reverse pre-order every account comes after all its descendants,
	// so its total is final when it is added into its parent.
	for k := n - 1; k >= 0; k-- {
		v := h.preorder[k]
		p := h.parent[v]
		if !has[v] || p < 0 {
			continue
		}
		if !has[p] {
			total[p], has[p] = total[v], true
			continue
		}
		s, err := add(total[p], total[v])
		if err != nil {
			return nil, fmt.Errorf("account: roll-up of %q into %q: %w", string(h.ids[v]), string(h.ids[p]), err)
		}
		total[p] = s
	}
	out := make(map[ID]V)
	for i, ok := range has {
		if ok {
			out[h.ids[i]] = total[i]
		}
	}
	return out, nil
}
