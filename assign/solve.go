package assign

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"maps"
	"math/bits"
	"slices"
	"strconv"
	"strings"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/internal/rank"
)

// Accounts assigns accounts to account managers. It keeps every manager's
// load within capacity, balances the loads, keeps accounts with their
// current owners where it can, and never breaks a hard rule of p; what it
// cannot place it reports, with the reason, in [Result.Unplaced]. It
// changes neither accounts nor managers: apply the result by setting each
// account's Owner from [Result.Placements].
//
// # Rules
//
// A manager's load is the sum of the workload units ([Policy.Workload])
// of the accounts the manager owns, and never exceeds the manager's
// Capacity. A manager may own an account only if the manager is Active, has
// a Capacity above 0 and at least the account's workload, serves the
// account's audience ([account.Audience.Serves] of Internal), and matches
// its region, industry and skills as p asks. No manager owns more than
// p.MaxTier1 tier-1 accounts, and pinned accounts go to their pinned
// manager or to nobody. With p.KeepHierarchies each hierarchy is placed as
// one unit; see [Policy].
//
// # Objective
//
// Among assignments that keep these rules, place every account that can be
// placed and take at most p.MaxHandovers accounts from owners who could
// keep them, Accounts aims to minimise the largest load-to-capacity ratio
// ([Result.MaxRatio]); then, allowing that ratio to grow by the
// fraction p.Continuity, it keeps as many accounts as it can with their
// current owners.
//
// # Algorithm
//
// Accounts first works out, for each account (or hierarchy), the set of
// managers who may own it, and splits the managers into groups that share no
// account; each group is solved on its own. A greedy pass at a target ratio
// T gives pinned accounts to their managers and then places every other
// account with a manager who has room for it below T × Capacity. Accounts
// searches for the smallest T at which a balance-only pass places
// everything (accounts largest first, LPT, each with the eligible manager of
// lowest ratio): it probes T upwards from the lower bound in doubling steps
// and then bisects, to within 0.05%. It then runs the final pass at
// T × (1 + p.Continuity), capped at 1, with the first of these passes, from
// most continuity to least, that still places everything:
//
//  1. owners keep their accounts up to the target (higher tiers first,
//     then larger accounts), then the rest are placed largest first;
//  2. the accounts of the most restricted eligible sets are placed first,
//     each with its owner if the owner has room, else with the manager of
//     lowest ratio, so that flexible accounts fill the room left over;
//  3. as 2, but all accounts largest first;
//  4. the balance-only pass.
//
// After the final pass, an account placed away from its owner goes back if
// the owner has room below the target. When p.MaxHandovers cannot be met
// by balance-only passes, the search uses pass 1 instead. Capacities,
// targets and the lower bound are exact integer arithmetic (T is counted in
// millionths); managers are ranked by correctly rounded float64 ratios,
// which are the same on every platform.
//
// Greedy passes are heuristics: the result is not proven optimal, but
// [Result.LowerBound] states how far from optimal it can be at most. On
// portfolios of many small accounts, such as 100,000 accounts across 500
// managers, the largest ratio comes within a fraction of a percent of that
// bound (see BENCHMARKS.md). A pass takes O(n log m) time for n accounts and
// m managers, plus O(m) for each distinct set of eligible managers; a run
// takes about a dozen passes.
//
// # Order and determinism
//
// The result depends only on the content of the input, not on the order of
// accounts, managers or pins: accounts and managers are processed in
// ascending ID order and every tie is broken by ID. Accounts calls
// p.Workload and p.Skills once per account.
//
// # Errors
//
// Accounts returns an error, and no result, for input it cannot trust. It
// checks all of its input and reports every problem, each an
// [*account.FieldError] whose Err is [ErrInvalid] or a sentinel that
// matches it, joined in a fixed order that does not depend on the order of
// the input, at most 100 of them and then a count of the rest:
//   - the problems [Policy.Validate] finds (Record "Policy"); if there are
//     any, Accounts looks no further;
//   - for each manager in ascending ID order, the problems
//     [account.Manager.Validate] finds (Record "Manager", wrapping
//     [ErrInvalid]), or [ErrDuplicateManager] for an ID given twice (Field
//     "ID"); managers without an ID are reported once;
//   - managers' capacities that add up to more than 2⁶² units (Record
//     "Manager", Field "Capacity", naming the largest);
//   - [ErrDuplicateAccount] for an account ID given twice, and [ErrInvalid]
//     for accounts without an ID (Record "Account", Field "ID");
//   - a negative workload, and workloads that add up to more than 2⁶² units
//     (Record "Account", Field "Workload", naming the largest);
//   - [ErrUnknownAccount] for a pin of an account that is not among the
//     accounts, and [ErrUnknownManager] for a pin to a manager who is not
//     among the managers (Record "Policy", Field such as `Pins["acme"]`,
//     Value the manager);
//   - an empty skill (Record "Account", Field such as "Skills[0]").
//
// With p.KeepHierarchies, once the rest of the input is valid, each account
// whose Parent is not among the accounts is reported as [ErrUnknownAccount]
// (Record "Account", Field "Parent"), and each cycle of parent links as an
// [*account.CycleError] wrapped with [ErrInvalid]. Data that merely cannot be served (an
// inactive owner, a region nobody covers, too little capacity) is not an
// error: it shows in Handovers and Unplaced.
//
// Accounts is safe for concurrent use if p's functions are.
func Accounts(accounts []account.Account, managers []account.Manager, p Policy) (Result, error) {
	s, err := newSolver(accounts, managers, p)
	if err != nil {
		return Result{}, err
	}
	s.eligibility()
	s.pinPhase()
	for c := range s.comps {
		s.solve(&s.comps[c])
	}
	return s.result(), nil
}

// heapMinItems is the fewest items an eligible set needs for choose to keep
// a heap of its managers rather than scan them.
const heapMinItems = 8

// ppm is the unit of target ratios: a target t means t/ppm.
const ppm = 1_000_000

// maxTotalWork bounds the total workload, and the total capacity, so that
// no sum overflows.
const maxTotalWork = 1 << 62

// A solver holds one run of Accounts. Accounts are numbered k in ascending ID
// order, managers m in ascending ID order, and items i (an account, or a
// hierarchy with KeepHierarchies) in ascending ID order of the account or
// ultimate parent.
type solver struct {
	p     Policy
	accs  []account.Account // as passed in
	ord   []int32           // ord[k] is the index in accs of account k
	mgrs  []account.Manager // ascending ID
	mcap  []int64
	words int // words in a manager bitset

	// Per account.
	work   []int64
	owner  []int32 // current owner's manager number, or -1
	sig    []int32 // index into sigSet
	itemOf []int32
	skills [][]string // only kept for accounts whose signature has no manager

	sigSet  [][]uint64 // managers that match an account signature
	capSets map[int64][]uint64

	// Per item.
	istart  []int32 // members of item i are mem[istart[i]:istart[i+1]]
	mem     []int32
	iwork   []int64
	it1     []int32
	itier   []uint8 // best tier; unassigned counts as 255
	iclass  []int32 // eligible set, or -1 for none
	ianchor []int32 // the current owner the item prefers, or -1
	iowned  []int32 // members owned by the anchor
	ipin    []int32 // pinned manager, or -1
	imgr    []int32 // the manager the item ends with, or -1
	ireason []UnplacedReason
	idetail []string

	classMgrs  [][]int32 // managers in each eligible set, ascending
	classMaxC  []int64
	classSets  [][]uint64 // the eligible sets themselves
	classItems []int32    // how many unpinned items each eligible set has
	comps      []component
	mcomp      []int32

	// Pass state, per manager.
	pinLoad []int64
	pinT1   []int32
	load    []int64
	t1      []int32
	capT    []int64
	over    []bool // the owner's own eligible accounts exceed capacity or tier-1 limit
	limit   int    // discretionary handovers allowed, or -1 for no limit

	heaps  [][]hent
	hEpoch []int32
	epoch  int32

	lowerBound float64
}

// A component is a set of managers that share accounts, with its items.
type component struct {
	mgrs    []int32
	keep    []int32 // anchored, unpinned items by (anchor, tier, -work, i)
	place   []int32 // unpinned items by (-work, eligible count, i)
	byClass []int32 // unpinned items by (eligible count, class, -work, i)
	lbNum   int64   // the lower bound is lbNum/lbDen
	lbDen   int64
}

// hent is a heap entry: a manager, the load it had when last keyed, and
// its ratio then. The ratio is a correctly rounded float64 quotient, so it
// is the same on every platform; ratios that round alike tie and are
// ordered by manager number.
type hent struct {
	ratio float64
	load  int64
	m     int32
}

func (s *solver) entry(m int32) hent {
	return hent{ratio: float64(s.load[m]) / float64(s.mcap[m]), load: s.load[m], m: m}
}

func newSolver(accounts []account.Account, managers []account.Manager, p Policy) (*solver, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	// Problems are collected in a fixed order (managers, accounts, totals,
	// pins, skills), each part in ascending ID order. A missing or repeated
	// ID is reported once and the records that carry it are not checked
	// further, since which of them is which depends on the input order.
	var errs fault.List
	s := &solver{p: p, accs: accounts}

	s.mgrs = slices.Clone(managers)
	slices.SortFunc(s.mgrs, func(a, b account.Manager) int { return cmp.Compare(a.ID, b.ID) })
	for j, e := range rank.Runs(len(s.mgrs), func(j int) account.ManagerID { return s.mgrs[j].ID }) {
		id := s.mgrs[j].ID
		switch {
		case e > j+1 && id == "":
			errs.Add(&account.FieldError{Record: "Manager", Field: "ID", Reason: "is missing on several managers", Err: ErrInvalid})
		case e > j+1:
			errs.Add(&account.FieldError{Record: "Manager", ID: string(id), Field: "ID", Reason: "appears more than once", Err: ErrDuplicateManager})
		default:
			addAll(&errs, s.mgrs[j].Validate())
		}
	}
	s.words = (len(s.mgrs) + 63) / 64
	s.mcap = make([]int64, len(s.mgrs))
	var capacity int64
	largest := -1
	for j, m := range s.mgrs {
		s.mcap[j] = int64(m.Capacity)
		if m.Capacity > 0 {
			capacity = addCapped(capacity, s.mcap[j])
			if largest < 0 || s.mcap[j] > s.mcap[largest] {
				largest = j
			}
		}
	}
	if capacity > maxTotalWork {
		m := s.mgrs[largest]
		errs.Add(&account.FieldError{Record: "Manager", ID: string(m.ID), Field: "Capacity", Value: m.Capacity, Reason: "the managers' capacities add up to more than 2⁶² units; this manager's is the largest", Err: ErrInvalid})
	}

	n := len(accounts)
	s.ord = make([]int32, n)
	for k := range s.ord {
		s.ord[k] = int32(k)
	}
	slices.SortFunc(s.ord, func(a, b int32) int { return cmp.Compare(accounts[a].ID, accounts[b].ID) })
	skip := make([]bool, n) // accounts whose ID is missing or repeated
	for k, e := range rank.Runs(n, func(k int) account.ID { return accounts[s.ord[k]].ID }) {
		id := accounts[s.ord[k]].ID
		switch {
		case id == "":
			errs.Add(&account.FieldError{Record: "Account", Field: "ID", Reason: "is missing", Err: ErrInvalid})
		case e > k+1:
			errs.Add(&account.FieldError{Record: "Account", ID: string(id), Field: "ID", Reason: "appears more than once", Err: ErrDuplicateAccount})
		default:
			continue
		}
		for x := k; x < e; x++ {
			skip[x] = true
		}
	}
	s.work = make([]int64, n)
	s.owner = make([]int32, n)
	var total int64
	largest = -1
	for k, x := range s.ord {
		a := &accounts[x]
		w := 1
		if p.Workload != nil {
			w = p.Workload(*a)
		}
		if w < 0 {
			if !skip[k] {
				errs.Add(&account.FieldError{Record: "Account", ID: string(a.ID), Field: "Workload", Value: w, Reason: "must not be negative (Policy.Workload gives it)", Err: ErrInvalid})
			}
			w = 0
		}
		s.work[k] = int64(w)
		total = addCapped(total, s.work[k])
		if largest < 0 || s.work[k] > s.work[largest] {
			largest = k
		}
		s.owner[k] = s.managerIndex(a.Owner)
	}
	if total > maxTotalWork {
		errs.Add(&account.FieldError{Record: "Account", ID: string(accounts[s.ord[largest]].ID), Field: "Workload", Value: int(s.work[largest]), Reason: "the accounts' workloads add up to more than 2⁶² units; this account's is the largest", Err: ErrInvalid})
	}
	pins := make([]int32, n) // pinned manager per account, or -1
	for k := range pins {
		pins[k] = -1
	}
	for _, id := range slices.Sorted(maps.Keys(p.Pins)) {
		m := p.Pins[id]
		k := s.accountIndex(id)
		if k < 0 {
			errs.Add(&account.FieldError{Record: "Policy", Field: pinField(id), Value: string(m), Reason: "pins an account that is not among the accounts", Err: ErrUnknownAccount})
			continue
		}
		j := s.managerIndex(m)
		if j < 0 {
			errs.Add(&account.FieldError{Record: "Policy", Field: pinField(id), Value: string(m), Reason: "names a manager who is not among the managers", Err: ErrUnknownManager})
			continue
		}
		pins[k] = j
	}
	s.signatures(skip, &errs)
	if err := errs.Err(); err != nil {
		return nil, err
	}
	if err := s.items(pins); err != nil {
		return nil, err
	}
	s.limit = -1
	switch {
	case p.MaxHandovers < 0:
		s.limit = 0
	case p.MaxHandovers > 0:
		s.limit = p.MaxHandovers
	}
	return s, nil
}

// addCapped returns a + b for 0 ≤ b, or maxTotalWork + 1 if the sum exceeds
// maxTotalWork; a is at most maxTotalWork + 1.
func addCapped(a, b int64) int64 {
	if b > maxTotalWork-a {
		return maxTotalWork + 1
	}
	return a + b
}

// managerIndex returns the number of the manager with ID id, or -1.
func (s *solver) managerIndex(id account.ManagerID) int32 {
	if id == "" {
		return -1
	}
	j, ok := slices.BinarySearchFunc(s.mgrs, id, func(m account.Manager, id account.ManagerID) int {
		return strings.Compare(string(m.ID), string(id))
	})
	if !ok {
		return -1
	}
	return int32(j)
}

// accountIndex returns the number of the account with ID id, or -1.
func (s *solver) accountIndex(id account.ID) int32 {
	k, ok := slices.BinarySearchFunc(s.ord, id, func(x int32, id account.ID) int {
		return strings.Compare(string(s.accs[x].ID), string(id))
	})
	if !ok {
		return -1
	}
	return int32(k)
}

// signatures gives each account the set of managers who match it on
// active, capacity, audience, region, industry and skills. Accounts with
// the same needs share one set, found through a byte key.
func (s *solver) signatures(skip []bool, errs *fault.List) {
	n := len(s.ord)
	s.sig = make([]int32, n)
	index := make(map[string]int32)
	var key []byte
	for k, x := range s.ord {
		a := &s.accs[x]
		var need []string
		if s.p.Skills != nil {
			need = s.p.Skills(*a)
			for x, sk := range need {
				if strings.TrimSpace(sk) == "" && !skip[k] {
					errs.Add(&account.FieldError{Record: "Account", ID: string(a.ID), Field: "Skills[" + strconv.Itoa(x) + "]", Value: sk, Reason: "must not be empty (Policy.Skills gives it)", Err: ErrInvalid})
				}
			}
		}
		// The key: the audience flag, then region, industry and skills,
		// each prefixed with its length so that no two needs share a key.
		key = key[:0]
		if a.Internal {
			key = append(key, 1)
		} else {
			key = append(key, 0)
		}
		region, industry := "", ""
		if s.p.MatchRegion {
			region = a.Region
		}
		if s.p.MatchIndustry {
			industry = a.Industry
		}
		key = appendField(key, region)
		key = appendField(key, industry)
		for _, v := range need {
			key = appendField(key, v)
		}
		id, ok := index[string(key)]
		if !ok {
			id = int32(len(s.sigSet))
			index[string(key)] = id
			s.sigSet = append(s.sigSet, s.matchSet(a, need))
		}
		s.sig[k] = id
		if isEmpty(s.sigSet[id]) {
			if s.skills == nil {
				s.skills = make([][]string, n)
			}
			s.skills[k] = slices.Clone(need)
		}
	}
}

// appendField appends v to key, prefixed with its length.
func appendField(key []byte, v string) []byte {
	return append(binary.AppendUvarint(key, uint64(len(v))), v...)
}

// matchSet returns the managers who may own a, which needs skills need,
// leaving capacity aside.
func (s *solver) matchSet(a *account.Account, need []string) []uint64 {
	set := make([]uint64, s.words)
	for j := range s.mgrs {
		m := &s.mgrs[j]
		if m.Active && m.Capacity > 0 && m.Audience.Serves(a.Internal) &&
			(!s.p.MatchRegion || covers(m.Regions, a.Region)) &&
			(!s.p.MatchIndustry || covers(m.Industries, a.Industry)) &&
			hasSkills(m.Skills, need) {
			set[j/64] |= 1 << (j % 64)
		}
	}
	return set
}

// covers reports whether a manager's region or industry list admits the
// label v: an empty list (no restriction) or an empty v admits anything.
func covers(list []string, v string) bool {
	return len(list) == 0 || v == "" || slices.Contains(list, v)
}

// hasSkills reports whether the skills a manager has include every skill in
// need. Unlike regions and industries, an empty list is no wildcard: a
// manager with no skills listed has none.
func hasSkills(have, need []string) bool {
	for _, sk := range need {
		if !slices.Contains(have, sk) {
			return false
		}
	}
	return true
}

// has reports whether manager j is in set.
func has(set []uint64, j int32) bool {
	return set[j/64]&(1<<(j%64)) != 0
}

func isEmpty(set []uint64) bool {
	for _, w := range set {
		if w != 0 {
			return false
		}
	}
	return true
}

// items groups accounts into the units that are placed: single accounts,
// or whole hierarchies with KeepHierarchies. It also resolves pins.
func (s *solver) items(pins []int32) error {
	n := len(s.ord)
	s.itemOf = make([]int32, n)
	var root []int32 // root[k] is the account number of k's ultimate parent
	if s.p.KeepHierarchies {
		// A parent that is not among the accounts is unknown to this
		// package, as a pin's account is; what NewHierarchy still finds
		// are cycles.
		var l fault.List
		for _, x := range s.ord {
			if a := &s.accs[x]; a.Parent != "" && s.accountIndex(a.Parent) < 0 {
				l.Add(&account.FieldError{Record: "Account", ID: string(a.ID), Field: "Parent", Value: string(a.Parent), Reason: "is not among the accounts", Err: ErrUnknownAccount})
			}
		}
		if err := l.Err(); err != nil {
			return err
		}
		h, err := account.NewHierarchy(s.accs)
		if err != nil {
			addAll(&l, err)
			return l.Err()
		}
		root = make([]int32, n)
		for k, x := range s.ord {
			r, _ := h.UltimateParent(s.accs[x].ID)
			root[k] = s.accountIndex(r)
		}
	}
	ni := 0
	if root == nil {
		for k := range s.itemOf {
			s.itemOf[k] = int32(k)
		}
		ni = n
		s.istart = make([]int32, n+1)
		s.mem = make([]int32, n)
		for k := range n {
			s.istart[k+1] = int32(k + 1)
			s.mem[k] = int32(k)
		}
	} else {
		itemOfRoot := make([]int32, n)
		for k := range n {
			if root[k] == int32(k) {
				itemOfRoot[k] = int32(ni)
				ni++
			}
		}
		s.istart = make([]int32, ni+1)
		for k := range n {
			s.itemOf[k] = itemOfRoot[root[k]]
			s.istart[s.itemOf[k]+1]++
		}
		for i := range ni {
			s.istart[i+1] += s.istart[i]
		}
		s.mem = make([]int32, n)
		next := slices.Clone(s.istart[:ni])
		for k := range n {
			i := s.itemOf[k]
			s.mem[next[i]] = int32(k)
			next[i]++
		}
	}
	s.iwork = make([]int64, ni)
	s.it1 = make([]int32, ni)
	s.itier = make([]uint8, ni)
	s.ipin = make([]int32, ni)
	s.imgr = make([]int32, ni)
	s.ireason = make([]UnplacedReason, ni)
	s.idetail = make([]string, ni)
	for i := range ni {
		s.itier[i] = 255
		s.ipin[i] = -1
		s.imgr[i] = -1
		for _, k := range s.members(i) {
			a := &s.accs[s.ord[k]]
			s.iwork[i] += s.work[k]
			if a.Tier == 1 {
				s.it1[i]++
			}
			if a.Tier != account.Unassigned && uint8(a.Tier) < s.itier[i] {
				s.itier[i] = uint8(a.Tier)
			}
			if p := pins[k]; p >= 0 {
				switch {
				case s.ipin[i] < 0:
					s.ipin[i] = p
				case s.ipin[i] != p:
					s.ipin[i] = -2 // conflicting pins
				}
			}
		}
	}
	return nil
}

func (s *solver) members(i int) []int32 { return s.mem[s.istart[i]:s.istart[i+1]] }

// eligibility works out each item's set of eligible managers, explains the
// items that have none, finds each item's anchor, splits the managers into
// components and orders each component's items.
func (s *solver) eligibility() {
	ni := len(s.iwork)
	s.iclass = make([]int32, ni)
	s.ianchor = make([]int32, ni)
	s.iowned = make([]int32, ni)
	s.capSets = make(map[int64][]uint64)
	index := make(map[string]int32)
	set := make([]uint64, s.words)
	key := make([]byte, 8*s.words)
	for i := range ni {
		s.iclass[i], s.ianchor[i] = -1, -1
		mem := s.members(i)
		copy(set, s.sigSet[s.sig[mem[0]]])
		for _, k := range mem[1:] {
			and(set, s.sigSet[s.sig[k]])
		}
		matched := !isEmpty(set)
		and(set, s.capSet(s.iwork[i]))
		fits := !isEmpty(set)
		tierOK := s.p.MaxTier1 == 0 || int(s.it1[i]) <= s.p.MaxTier1
		if !tierOK {
			clear(set)
		}
		switch pin := s.ipin[i]; {
		case pin == -2:
			clear(set)
		case pin >= 0:
			bit := set[pin/64] & (1 << (pin % 64))
			clear(set)
			set[pin/64] = bit
		}
		if isEmpty(set) {
			s.ireason[i], s.idetail[i] = s.explain(i, matched, fits, tierOK)
			continue
		}
		for w, x := range set {
			binary.LittleEndian.PutUint64(key[8*w:], x)
		}
		c, ok := index[string(key)]
		if !ok {
			c = int32(len(s.classMgrs))
			index[string(key)] = c
			var ms []int32
			var maxC int64
			for j := range s.mgrs {
				if has(set, int32(j)) {
					ms = append(ms, int32(j))
					maxC = max(maxC, s.mcap[j])
				}
			}
			s.classMgrs = append(s.classMgrs, ms)
			s.classMaxC = append(s.classMaxC, maxC)
			s.classSets = append(s.classSets, slices.Clone(set))
		}
		s.iclass[i] = c
		s.anchor(i, set)
	}
	s.components()
}

func subsetOf(sub, set []uint64) bool {
	for w := range sub {
		if sub[w]&^set[w] != 0 {
			return false
		}
	}
	return true
}

func and(dst, src []uint64) {
	for w := range dst {
		dst[w] &= src[w]
	}
}

// capSet returns the managers whose capacity is at least w.
func (s *solver) capSet(w int64) []uint64 {
	if set, ok := s.capSets[w]; ok {
		return set
	}
	set := make([]uint64, s.words)
	for j, c := range s.mcap {
		if c >= w {
			set[j/64] |= 1 << (j % 64)
		}
	}
	s.capSets[w] = set
	return set
}

// anchor finds the current owner item i prefers: the eligible manager who
// owns the most of its workload (then the most of its accounts, then the
// smallest ID).
func (s *solver) anchor(i int, set []uint64) {
	mem := s.members(i)
	if len(mem) == 1 {
		if o := s.owner[mem[0]]; o >= 0 && has(set, o) {
			s.ianchor[i], s.iowned[i] = o, 1
		}
		return
	}
	type tally struct {
		m     int32
		work  int64
		count int32
	}
	var ts []tally
	for _, k := range mem {
		o := s.owner[k]
		if o < 0 || !has(set, o) {
			continue
		}
		t := slices.IndexFunc(ts, func(t tally) bool { return t.m == o })
		if t < 0 {
			ts = append(ts, tally{m: o})
			t = len(ts) - 1
		}
		ts[t].work += s.work[k]
		ts[t].count++
	}
	if len(ts) == 0 {
		return
	}
	best := slices.MinFunc(ts, func(a, b tally) int {
		return cmp.Or(cmp.Compare(b.work, a.work), cmp.Compare(b.count, a.count), cmp.Compare(a.m, b.m))
	})
	s.ianchor[i], s.iowned[i] = best.m, best.count
}

// explain says why item i has no eligible manager.
func (s *solver) explain(i int, matched, fits, tierOK bool) (UnplacedReason, string) {
	prefix := s.prefix(i)
	mem := s.members(i)
	switch pin := s.ipin[i]; {
	case pin == -2:
		var parts []string
		for _, k := range mem {
			id := s.accs[s.ord[k]].ID
			if m, ok := s.p.Pins[id]; ok {
				parts = append(parts, fmt.Sprintf("%q to %q", string(id), string(m)))
			}
		}
		return UnplacedPin, prefix + "accounts are pinned to different managers: " + strings.Join(parts, ", ")
	case pin >= 0:
		m := &s.mgrs[pin]
		who := "pinned to " + strconv.Quote(string(m.ID))
		switch {
		case !m.Active:
			return UnplacedPin, prefix + who + ", who is inactive"
		case m.Capacity == 0:
			return UnplacedPin, prefix + who + ", who has no capacity"
		case !s.matchesAll(i, pin):
			return UnplacedPin, prefix + who + ", who does not meet its region, industry, skill or audience rules"
		case s.mcap[pin] < s.iwork[i]:
			return UnplacedPin, prefix + fmt.Sprintf("%s, whose capacity %d is below its workload %d", who, m.Capacity, s.iwork[i])
		case !tierOK:
			return UnplacedPin, prefix + fmt.Sprintf("%s, but it holds %d tier-1 accounts and MaxTier1 is %d", who, s.it1[i], s.p.MaxTier1)
		}
	}
	switch {
	case !matched:
		for _, k := range mem {
			if isEmpty(s.sigSet[s.sig[k]]) {
				d := s.explainMatch(k)
				if len(mem) > 1 {
					d = "account " + strconv.Quote(string(s.accs[s.ord[k]].ID)) + ": " + d
				}
				return UnplacedNoMatch, prefix + d
			}
		}
		return UnplacedNoMatch, prefix + "no active manager meets the rules of every account in it"
	case !fits:
		return UnplacedTooLarge, prefix + fmt.Sprintf("workload %d exceeds the capacity of every manager who matches", s.iwork[i])
	default:
		return UnplacedTier1Limit, prefix + fmt.Sprintf("it holds %d tier-1 accounts and MaxTier1 is %d", s.it1[i], s.p.MaxTier1)
	}
}

func (s *solver) rootOfItem(i int) int32 {
	if !s.p.KeepHierarchies {
		return int32(i)
	}
	for _, k := range s.members(i) {
		if s.accs[s.ord[k]].Parent == "" {
			return k
		}
	}
	return s.members(i)[0]
}

// matchesAll reports whether manager j matches every account of item i.
func (s *solver) matchesAll(i int, j int32) bool {
	for _, k := range s.members(i) {
		if !has(s.sigSet[s.sig[k]], j) {
			return false
		}
	}
	return true
}

// explainMatch says which rule no active manager meets for account k.
func (s *solver) explainMatch(k int32) string {
	a := &s.accs[s.ord[k]]
	var active []*account.Manager
	for j := range s.mgrs {
		if s.mgrs[j].Active && s.mgrs[j].Capacity > 0 {
			active = append(active, &s.mgrs[j])
		}
	}
	none := func(ok func(m *account.Manager) bool) bool {
		return !slices.ContainsFunc(active, ok)
	}
	switch {
	case len(active) == 0:
		return "no manager is active with capacity"
	case none(func(m *account.Manager) bool { return m.Audience.Serves(a.Internal) }):
		if a.Internal {
			return "no active manager serves internal customers"
		}
		return "no active manager serves external customers"
	case s.p.MatchRegion && none(func(m *account.Manager) bool { return covers(m.Regions, a.Region) }):
		return "no active manager serves region " + strconv.Quote(a.Region)
	case s.p.MatchIndustry && none(func(m *account.Manager) bool { return covers(m.Industries, a.Industry) }):
		return "no active manager serves industry " + strconv.Quote(a.Industry)
	}
	need := s.skills[k]
	for _, sk := range need {
		if none(func(m *account.Manager) bool { return slices.Contains(m.Skills, sk) }) {
			return "no active manager has skill " + strconv.Quote(sk)
		}
	}
	if none(func(m *account.Manager) bool { return hasSkills(m.Skills, need) }) {
		return "no active manager has all the skills it needs, " + quoteAll(need)
	}
	return "no active manager meets all of its audience, region, industry and skill rules"
}

// components splits the managers into sets that share no eligible item, and
// orders each set's items for the passes.
func (s *solver) components() {
	nm := len(s.mgrs)
	parent := make([]int32, nm)
	for j := range parent {
		parent[j] = int32(j)
	}
	find := func(x int32) int32 {
		for parent[x] != x {
			parent[x] = parent[parent[x]]
			x = parent[x]
		}
		return x
	}
	for _, ms := range s.classMgrs {
		r := find(ms[0])
		for _, j := range ms[1:] {
			if q := find(j); q != r {
				if q < r {
					r, q = q, r
				}
				parent[q] = r
			}
		}
	}
	s.mcomp = make([]int32, nm)
	compOf := make([]int32, nm)
	for j := range compOf {
		compOf[j] = -1
	}
	for j := range nm {
		r := find(int32(j))
		if compOf[r] < 0 {
			compOf[r] = int32(len(s.comps))
			s.comps = append(s.comps, component{})
		}
		c := compOf[r]
		s.mcomp[j] = c
		s.comps[c].mgrs = append(s.comps[c].mgrs, int32(j))
	}

	// Each order sorts by component first, so that each component's items
	// are a sub-slice of it.
	icomp := func(i int32) int32 { return s.mcomp[s.classMgrs[s.iclass[i]][0]] }
	np, nk := 0, 0
	for i, k := range s.iclass {
		if k >= 0 && s.ipin[i] < 0 {
			np++
			if s.ianchor[i] >= 0 {
				nk++
			}
		}
	}
	keep := make([]int32, 0, nk)
	place := make([]int32, 0, np)
	s.classItems = make([]int32, len(s.classMgrs))
	for i, k := range s.iclass {
		if k >= 0 && s.ipin[i] < 0 {
			s.classItems[k]++
			place = append(place, int32(i))
			if s.ianchor[i] >= 0 {
				keep = append(keep, int32(i))
			}
		}
	}
	byClass := slices.Clone(place)
	slices.SortFunc(keep, func(a, b int32) int {
		return cmp.Or(cmp.Compare(icomp(a), icomp(b)), cmp.Compare(s.ianchor[a], s.ianchor[b]),
			cmp.Compare(s.itier[a], s.itier[b]), cmp.Compare(s.iwork[b], s.iwork[a]), cmp.Compare(a, b))
	})
	slices.SortFunc(place, func(a, b int32) int {
		return cmp.Or(cmp.Compare(icomp(a), icomp(b)), cmp.Compare(s.iwork[b], s.iwork[a]),
			cmp.Compare(len(s.classMgrs[s.iclass[a]]), len(s.classMgrs[s.iclass[b]])), cmp.Compare(a, b))
	})
	slices.SortFunc(byClass, func(a, b int32) int {
		ka, kb := s.iclass[a], s.iclass[b]
		return cmp.Or(cmp.Compare(icomp(a), icomp(b)), cmp.Compare(len(s.classMgrs[ka]), len(s.classMgrs[kb])),
			cmp.Compare(ka, kb), cmp.Compare(s.iwork[b], s.iwork[a]), cmp.Compare(a, b))
	})
	split := func(order []int32, set func(c *component, part []int32)) {
		for len(order) > 0 {
			c := icomp(order[0])
			n := 1
			for n < len(order) && icomp(order[n]) == c {
				n++
			}
			set(&s.comps[c], order[:n:n])
			order = order[n:]
		}
	}
	split(keep, func(c *component, part []int32) { c.keep = part })
	split(place, func(c *component, part []int32) { c.place = part })
	split(byClass, func(c *component, part []int32) { c.byClass = part })

	s.pinLoad = make([]int64, nm)
	s.pinT1 = make([]int32, nm)
	s.load = make([]int64, nm)
	s.t1 = make([]int32, nm)
	s.capT = make([]int64, nm)
	s.heaps = make([][]hent, len(s.classMgrs))
	s.hEpoch = make([]int32, len(s.classMgrs))
}

// pinPhase gives pinned items to their managers, higher tiers and larger
// items first, as far as capacity and the tier-1 limit allow. It does not
// depend on the target ratio, so it runs once. It also marks the owners
// whose own eligible items exceed their capacity or tier-1 limit.
func (s *solver) pinPhase() {
	var pinned []int32
	for i := range s.iclass {
		if s.iclass[i] >= 0 && s.ipin[i] >= 0 {
			pinned = append(pinned, int32(i))
		}
	}
	slices.SortFunc(pinned, func(a, b int32) int {
		return cmp.Or(cmp.Compare(s.itier[a], s.itier[b]), cmp.Compare(s.iwork[b], s.iwork[a]), cmp.Compare(a, b))
	})
	for _, i := range pinned {
		m := s.ipin[i]
		if s.pinLoad[m]+s.iwork[i] <= s.mcap[m] && s.tier1OK(s.pinT1[m], i) {
			s.imgr[i] = m
			s.pinLoad[m] += s.iwork[i]
			s.pinT1[m] += s.it1[i]
			continue
		}
		s.ireason[i] = UnplacedPin
		s.idetail[i] = "pinned to " + strconv.Quote(string(s.mgrs[m].ID)) + ", who has no room left for it"
	}

	ownLoad := slices.Clone(s.pinLoad)
	ownT1 := slices.Clone(s.pinT1)
	for i, a := range s.ianchor {
		if a >= 0 && s.ipin[i] < 0 {
			ownLoad[a] += s.iwork[i]
			ownT1[a] += s.it1[i]
		}
	}
	s.over = make([]bool, len(s.mgrs))
	for j := range s.over {
		s.over[j] = ownLoad[j] > s.mcap[j] || (s.p.MaxTier1 > 0 && int(ownT1[j]) > s.p.MaxTier1)
	}

	var classWork []int64
	if len(s.classSets) <= maxBoundClasses {
		classWork = make([]int64, len(s.classSets))
		for i, k := range s.iclass {
			if k >= 0 && s.ipin[i] < 0 {
				classWork[k] += s.iwork[i]
			}
		}
	}
	for c := range s.comps {
		s.bound(&s.comps[c], classWork)
	}
}

func (s *solver) tier1OK(have int32, i int32) bool {
	return s.p.MaxTier1 == 0 || s.it1[i] == 0 || int(have+s.it1[i]) <= s.p.MaxTier1
}

// maxBoundClasses is the most eligible sets for which bound compares every
// pair; above it, the pairwise part of the bound is skipped (it takes time
// quadratic in the number of sets).
const maxBoundClasses = 1024

// bound sets the component's lower bound on the largest ratio: its total
// load over its total capacity, each item's workload over the largest
// capacity that may take it, each manager's pinned load over its capacity,
// and, for each eligible set S, the load that only managers of S may take
// over the capacity of S.
func (s *solver) bound(c *component, classWork []int64) {
	var load, capacity int64
	num, den := int64(0), int64(1)
	raise := func(n, d int64) {
		if ratioCmp(n, d, num, den) > 0 {
			num, den = n, d
		}
	}
	for _, j := range c.mgrs {
		load += s.pinLoad[j]
		capacity += s.mcap[j]
		if s.mcap[j] > 0 {
			raise(s.pinLoad[j], s.mcap[j])
		}
	}
	for _, i := range c.place {
		load += s.iwork[i]
		raise(s.iwork[i], s.classMaxC[s.iclass[i]])
	}
	if capacity > 0 {
		raise(load, capacity)
	}
	if classWork != nil {
		for k, set := range s.classSets {
			if &s.comps[s.mcomp[s.classMgrs[k][0]]] != c {
				continue
			}
			var load, capacity int64
			for _, j := range s.classMgrs[k] {
				load += s.pinLoad[j]
				capacity += s.mcap[j]
			}
			for q, sub := range s.classSets {
				if subsetOf(sub, set) {
					load += classWork[q]
				}
			}
			raise(load, capacity)
		}
	}
	c.lbNum, c.lbDen = num, den
	if f := float64(num) / float64(den); f > s.lowerBound {
		s.lowerBound = f
	}
}

// ratioCmp compares a/b with c/d for non-negative a, c and positive b, d,
// exactly.
func ratioCmp(a, b, c, d int64) int {
	h1, l1 := bits.Mul64(uint64(a), uint64(d))
	h2, l2 := bits.Mul64(uint64(c), uint64(b))
	if h1 != h2 {
		return cmp.Compare(h1, h2)
	}
	return cmp.Compare(l1, l2)
}

// capAt returns floor(c × t / ppm) for a target t ≤ ppm.
func capAt(c, t int64) int64 {
	hi, lo := bits.Mul64(uint64(c), uint64(t))
	q, _ := bits.Div64(hi, lo, ppm)
	return int64(q)
}

// solve searches the component's smallest feasible target and leaves the
// final pass's assignment in imgr.
func (s *solver) solve(c *component) {
	if len(c.place) == 0 {
		return
	}
	// lb = ceil(lbNum × ppm / lbDen), or above ppm.
	lb := int64(ppm + 1)
	if c.lbNum <= c.lbDen {
		hi, lo := bits.Mul64(uint64(c.lbNum), ppm)
		q, r := bits.Div64(hi, lo, uint64(c.lbDen))
		lb = int64(q)
		if r != 0 {
			lb++
		}
	}
	if lb <= ppm {
		// Balance first: the smallest target the balance-only pass meets.
		if best, ok := s.search(c, lb, modeBalance); ok {
			s.finish(c, best, modeBalance)
			return
		}
		// The balance-only pass breaks the handover limit at every target
		// (or nothing fits): look for the best target the owners allow.
		if best, ok := s.search(c, lb, modeKeep); ok {
			s.finish(c, best, modeKeep)
			return
		}
	}
	s.pass(c, ppm, modeKeep, true)
}

// The pass modes, from most continuity to most balance.
const (
	// modeKeep lets owners keep their accounts up to the target before
	// anything else is placed.
	modeKeep = iota
	// modeOwnerByClass places the items of the most restricted eligible
	// sets first, each set largest first, each item with its owner if the
	// owner has room below the target, else with the least-loaded manager:
	// flexible accounts then fill the room the restricted ones leave.
	modeOwnerByClass
	// modeOwnerFirst places items largest first, each with its owner if the
	// owner has room below the target, else with the least-loaded manager.
	modeOwnerFirst
	// modeBalance places items largest first with the least-loaded manager.
	modeBalance
)

// search returns the smallest target from lb up (to within 0.05%) that a
// pass of the given mode meets, or false if none up to ppm does. It probes
// upwards in doubling steps from lb, then bisects.
func (s *solver) search(c *component, lb int64, mode int) (int64, bool) {
	lo, hi := lb, int64(-1)
	step := max(1, lb/1000)
	for t := lb; ; {
		if s.pass(c, t, mode, false) {
			hi = t
			break
		}
		if t == ppm {
			return 0, false
		}
		lo = t + 1
		t = min(ppm, lo+step)
		step *= 2
	}
	for hi-lo > max(1, hi/2000) {
		mid := lo + (hi-lo)/2
		if s.pass(c, mid, mode, false) {
			hi = mid
		} else {
			lo = mid + 1
		}
	}
	return hi, true
}

// finish runs the final pass. Given the best target found by a pass of
// mode found, it tries the target allowed by Continuity with each mode
// from most continuity to that one, and keeps the first that places
// everything; failing all, it repeats the pass that found best.
func (s *solver) finish(c *component, best int64, found int) {
	t := s.continuityTarget(best)
	for mode := modeKeep; mode <= found; mode++ {
		if s.pass(c, t, mode, true) {
			return
		}
	}
	s.pass(c, best, found, true)
}

// continuityTarget returns t × (1 + Continuity), capped at ppm.
func (s *solver) continuityTarget(t int64) int64 {
	extra := float64(t) * s.p.Continuity
	if extra >= float64(ppm-t) {
		return ppm
	}
	return t + int64(extra)
}

// pass runs one greedy pass of the given mode over component c at target t
// (in ppm). It reports whether every item was placed within the handover
// limit. A pass that is not final stops at the first item it cannot place;
// a final pass records why such items are unplaced and carries on.
func (s *solver) pass(c *component, t int64, mode int, final bool) bool {
	for _, j := range c.mgrs {
		s.load[j] = s.pinLoad[j]
		s.t1[j] = s.pinT1[j]
		s.capT[j] = min(s.mcap[j], capAt(s.mcap[j], t))
	}
	for _, i := range c.place {
		s.imgr[i] = -1
		s.ireason[i] = 0
	}
	s.epoch++
	if mode == modeKeep {
		for _, i := range c.keep {
			if a := s.ianchor[i]; s.fits(i, a) {
				s.put(i, a)
			}
		}
	}
	ok := true
	moves := 0
	order := c.place
	if mode == modeOwnerByClass {
		order = c.byClass
	}
	for _, i := range order {
		if s.imgr[i] >= 0 {
			continue
		}
		a := s.ianchor[i]
		if a >= 0 && (mode == modeOwnerFirst || mode == modeOwnerByClass) && s.fits(i, a) {
			s.put(i, a)
			continue
		}
		m := s.choose(i)
		if a >= 0 && m != a && s.limit >= 0 && moves+int(s.iowned[i]) > s.limit {
			// No more handovers: the owner keeps it if there is room.
			if s.fits(i, a) {
				s.put(i, a)
				continue
			}
			if !final {
				return false
			}
			ok = false
			s.ireason[i] = UnplacedHandoverLimit
			continue
		}
		if m < 0 {
			if !final {
				return false
			}
			ok = false
			s.ireason[i] = UnplacedNoRoom
			if s.tier1Blocked(i) {
				s.ireason[i] = UnplacedTier1Limit
				s.idetail[i] = s.prefix(int(i)) + fmt.Sprintf("every manager who may own it and has room for it already holds the limit of %d tier-1 accounts", s.p.MaxTier1)
			}
			continue
		}
		s.put(i, m)
		if a >= 0 && m != a {
			moves += int(s.iowned[i])
		}
	}
	if final {
		// Return home: an item placed away from its owner goes back if the
		// owner has room below the target after all.
		for _, i := range c.keep {
			if m, a := s.imgr[i], s.ianchor[i]; m >= 0 && m != a && s.fits(i, a) {
				s.load[m] -= s.iwork[i]
				s.t1[m] -= s.it1[i]
				s.put(i, a)
			}
		}
	}
	return ok
}

// tier1Blocked reports whether item i, which no manager fits, would fit
// some eligible manager but for the tier-1 limit.
func (s *solver) tier1Blocked(i int32) bool {
	if s.p.MaxTier1 == 0 || s.it1[i] == 0 {
		return false
	}
	for _, m := range s.classMgrs[s.iclass[i]] {
		if s.load[m]+s.iwork[i] <= s.capT[m] {
			return true
		}
	}
	return false
}

// fits reports whether manager m has room for item i below the target and
// within the tier-1 limit.
func (s *solver) fits(i, m int32) bool {
	return s.load[m]+s.iwork[i] <= s.capT[m] && s.tier1OK(s.t1[m], i)
}

func (s *solver) put(i, m int32) {
	s.imgr[i] = m
	s.load[m] += s.iwork[i]
	s.t1[m] += s.it1[i]
}

// choose returns the manager for item i: among its eligible managers with
// room below the target (and within the tier-1 limit), the one with the
// lowest load ratio, then the smallest ID; -1 if none has room. It looks at
// the class's heap first and scans the class if the few managers on top of
// the heap are full.
func (s *solver) choose(i int32) int32 {
	k := s.iclass[i]
	if s.classItems[k] < heapMinItems {
		// Building a heap costs as much as a scan: not worth it for a few
		// items.
		return s.scan(i)
	}
	h := s.heap(k)
	const probes = 4
	var popped [probes]hent
	np := 0
	found := int32(-1)
	for np < probes && len(h) > 0 {
		e := h[0]
		if s.load[e.m] != e.load {
			h[0] = s.entry(e.m)
			s.down(h, 0)
			continue
		}
		if s.fits(i, e.m) {
			found = e.m
			break
		}
		popped[np] = e
		np++
		h[0] = h[len(h)-1]
		h = h[:len(h)-1]
		s.down(h, 0)
	}
	for _, e := range popped[:np] {
		h = append(h, e)
		s.up(h, len(h)-1)
	}
	s.heaps[k] = h
	if found >= 0 || np < probes {
		return found
	}
	return s.scan(i)
}

// scan chooses as the heap does, by looking at every manager of the
// item's class.
func (s *solver) scan(i int32) int32 {
	var best hent
	found := false
	for _, m := range s.classMgrs[s.iclass[i]] {
		if !s.fits(i, m) {
			continue
		}
		if e := s.entry(m); !found || less(e, best) {
			best, found = e, true
		}
	}
	if !found {
		return -1
	}
	return best.m
}

// heap returns class k's heap of managers by load ratio, built afresh on
// its first use in a pass.
func (s *solver) heap(k int32) []hent {
	if s.hEpoch[k] == s.epoch {
		return s.heaps[k]
	}
	s.hEpoch[k] = s.epoch
	h := s.heaps[k][:0]
	for _, m := range s.classMgrs[k] {
		h = append(h, s.entry(m))
	}
	for j := len(h)/2 - 1; j >= 0; j-- {
		s.down(h, j)
	}
	s.heaps[k] = h
	return h
}

// less orders heap entries by load ratio, then manager number. Loads only
// grow during a pass, so an entry's stored ratio is a lower bound of its
// current one and the heap can be repaired lazily at the top.
func less(a, b hent) bool {
	if a.ratio != b.ratio {
		return a.ratio < b.ratio
	}
	return a.m < b.m
}

func (s *solver) down(h []hent, j int) {
	n := len(h)
	for {
		l := 2*j + 1
		if l >= n {
			return
		}
		c := l
		if r := l + 1; r < n && less(h[r], h[l]) {
			c = r
		}
		if !less(h[c], h[j]) {
			return
		}
		h[j], h[c] = h[c], h[j]
		j = c
	}
}

func (s *solver) up(h []hent, j int) {
	for j > 0 {
		p := (j - 1) / 2
		if !less(h[j], h[p]) {
			return
		}
		h[j], h[p] = h[p], h[j]
		j = p
	}
}

// result assembles the Result from the final passes.
func (s *solver) result() Result {
	var r Result
	r.LowerBound = s.lowerBound
	loads := make([]ManagerLoad, len(s.mgrs))
	for j, m := range s.mgrs {
		loads[j] = ManagerLoad{Manager: m.ID, Capacity: m.Capacity}
	}
	placed := 0
	for k := range s.ord {
		if s.imgr[s.itemOf[k]] >= 0 {
			placed++
		}
	}
	r.Placements = make([]Placement, 0, placed)
	if moved := s.countHandovers(); moved > 0 {
		r.Handovers = make([]Handover, 0, moved)
	}
	if n := len(s.ord) - placed; n > 0 {
		r.Unplaced = make([]Unplaced, 0, n)
	}
	for k, x := range s.ord {
		a := &s.accs[x]
		i := s.itemOf[k]
		m := s.imgr[i]
		if m < 0 {
			r.Unplaced = append(r.Unplaced, s.unplaced(k, i))
			continue
		}
		r.Placements = append(r.Placements, Placement{Account: a.ID, Manager: s.mgrs[m].ID, Workload: int(s.work[k])})
		l := &loads[m]
		l.Accounts++
		l.Load += int(s.work[k])
		if a.Tier == 1 {
			l.Tier1++
		}
		if a.Owner != s.mgrs[m].ID {
			r.Handovers = append(r.Handovers, Handover{Account: a.ID, From: a.Owner, To: s.mgrs[m].ID, Reason: s.handoverReason(int32(k), i)})
		}
	}
	for j := range loads {
		if loads[j].Capacity > 0 {
			loads[j].Ratio = float64(loads[j].Load) / float64(loads[j].Capacity)
		}
		r.MaxRatio = max(r.MaxRatio, loads[j].Ratio)
	}
	r.Loads = loads
	return r
}

// countHandovers returns how many placed accounts change manager.
func (s *solver) countHandovers() int {
	n := 0
	for k, x := range s.ord {
		if m := s.imgr[s.itemOf[k]]; m >= 0 && s.accs[x].Owner != s.mgrs[m].ID {
			n++
		}
	}
	return n
}

func (s *solver) handoverReason(k, i int32) HandoverReason {
	a := &s.accs[s.ord[k]]
	o := s.owner[k]
	switch {
	case a.Owner == "":
		return HandoverNew
	case o < 0 || !s.mgrs[o].Active:
		return HandoverOwnerGone
	case s.ipin[i] >= 0:
		return HandoverPinned
	case !has(s.sigSet[s.sig[k]], o) || s.mcap[o] < s.work[k]:
		return HandoverIneligible
	case s.ianchor[i] != o:
		return HandoverHierarchy
	case s.over[o]:
		return HandoverCapacity
	}
	return HandoverBalance
}

// unplaced returns the report of item i's account k, which no manager
// took.
func (s *solver) unplaced(k int, i int32) Unplaced {
	a := &s.accs[s.ord[k]]
	u := Unplaced{Account: a.ID, Owner: a.Owner, Workload: int(s.work[k]), Reason: s.ireason[i], Detail: s.idetail[i]}
	switch u.Reason {
	case UnplacedNoRoom:
		u.Detail = s.prefix(int(i)) + "every manager who may own it is full"
	case UnplacedHandoverLimit:
		o := s.mgrs[s.ianchor[i]].ID
		u.Detail = s.prefix(int(i)) + fmt.Sprintf("its owner %q has no room for it and the limit of %d handovers is reached", string(o), s.limit)
	}
	return u
}

// prefix returns "hierarchy \"ROOT\": " for an item of several accounts,
// to begin the details of why it is unplaced, and "" for one account.
func (s *solver) prefix(i int) string {
	if len(s.members(i)) > 1 {
		return "hierarchy " + strconv.Quote(string(s.accs[s.ord[s.rootOfItem(i)]].ID)) + ": "
	}
	return ""
}

// quoteAll returns the strings quoted and listed in brackets, such as
// ["sap","gov"].
func quoteAll(ss []string) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, v := range ss {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.Quote(v))
	}
	b.WriteByte(']')
	return b.String()
}
