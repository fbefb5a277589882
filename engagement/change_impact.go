package engagement

import (
	"cmp"
	"iter"
	"math/bits"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/civil"
	"github.com/keyaccount/keyaccount/internal/parallel"
)

// Holdings are the services an account uses and the products it holds:
// what a [Scope]'s Services and Products match. package account does not
// record them, so the caller gives them, from its contracts or its service
// catalogue, in [Portfolio].Holdings. Labels are matched exactly as given
// and are not validated; a label listed twice counts once.
type Holdings struct {
	Services []string // the services the account uses, such as "payroll"
	Products []string // the products it holds, such as "p-200"
}

// A Portfolio is what [NewImpact] matches changes against: the accounts,
// with what each holds and the people to brief.
type Portfolio struct {
	// Accounts are the accounts; IDs must be distinct. Their Tier, Region,
	// Segment and Internal fields are read.
	Accounts []account.Account

	// Holdings gives each account's services and products; an account it
	// does not list holds none, and entries for other accounts are ignored.
	Holdings map[account.ID]Holdings

	// Contacts are the accounts' stakeholders, of which an account view
	// lists those to brief. Contacts of accounts not in Accounts are
	// ignored; an account's contacts must have distinct IDs.
	Contacts []account.Contact
}

// ImpactOptions are the options of [NewImpact]. The zero ImpactOptions
// takes every change, counts weeks in UTC, lists the 3 busiest weeks and
// briefs decision makers, sponsors and contacts of influence 4 or 5.
type ImpactOptions struct {
	// From and To bound the window of go-live instants, half-open
	// [From, To); a zero end is open. Changes going live outside it are
	// left out of the result.
	From, To time.Time

	// Location is where weeks are counted, from Monday 00:00; nil for UTC.
	Location *time.Location

	// BusiestWeeks is how many of its busiest weeks an account view lists;
	// 0 means 3. It must be from 0 to 52.
	BusiestWeeks int

	// MinInfluence is the least influence (1 to 5) that makes a contact
	// worth briefing whatever its role; decision makers and sponsors are
	// always briefed. 0 means 4.
	MinInfluence int
}

// An Impact is the portfolio's changes matched to the accounts they touch:
// for each account the collective view of its changes ([Impact.Account]),
// for each change the accounts affected by tier ([Impact.Change]), and the
// engagement plan ([Impact.Plan]). Make one with [NewImpact]. An Impact is
// read-only, and safe for concurrent use.
type Impact struct {
	accounts []account.Account // as given; must not be changed
	byRank   []int32           // account numbers in ascending ID order
	rankOf   map[account.ID]int32
	changes  []Change // the changes in the window, by go-live, then ID
	weeks    []int64  // the day number of the Monday of each change's week
	chgRank  map[ChangeID]int32
	loc      *time.Location
	busiest  int

	// The changes touching each account, in date order, and the accounts
	// each change touches, in ID order, as offsets into flat lists.
	accStart, accChg []int32
	chgStart, chgAcc []int32

	// The stakeholders to brief of each account, in briefing order.
	briefStart []int32
	brief      []Stakeholder
}

// NewImpact matches changes to the accounts of p, through an inverted
// index from services, products, regions, segments and audiences to
// accounts: the cost grows with the accounts and the matches, never with
// accounts times changes. A change touches an account as its Touches
// [Scope] says; named accounts not in p are left out. Time and memory
// grow in proportion to the accounts, their contacts and holdings, the
// changes' labels and the (account, change) pairs found, and the work is
// spread over GOMAXPROCS goroutines. The Impact keeps p.Accounts and
// changes: do not change them while it is in use.
//
// The result does not depend on the order of accounts, contacts or
// changes. The errors wrap [ErrInvalid]: a change that fails
// [Change.Validate] (the first, in the order given), or a contact that
// fails [account.Contact.Validate] (that error also wraps
// [account.ErrInvalid]); an [*account.FieldError] for a repeated account
// or change ID, or a contact ID repeated within one account, or, with
// Record "ImpactOptions", for To not after From or BusiestWeeks or
// MinInfluence out of range.
func NewImpact(p Portfolio, changes []Change, opts ImpactOptions) (*Impact, error) {
	if err := opts.validate(); err != nil {
		return nil, err
	}
	im := &Impact{accounts: p.Accounts, loc: opts.Location, busiest: opts.BusiestWeeks}
	if im.loc == nil {
		im.loc = time.UTC
	}
	if im.busiest == 0 {
		im.busiest = 3
	}
	n := len(p.Accounts)
	im.byRank = sortByID(p.Accounts)
	im.rankOf = make(map[account.ID]int32, n)
	for r, i := range im.byRank {
		id := p.Accounts[i].ID
		if r > 0 && p.Accounts[im.byRank[r-1]].ID == id {
			return nil, dupErr("Account", string(id))
		}
		im.rankOf[id] = int32(r)
	}

	// The changes in the window, in date order.
	chosen := make([]int, 0, len(changes))
	ids := make(map[ChangeID]struct{}, len(changes))
	for i := range changes {
		c := &changes[i]
		if err := c.Validate(); err != nil {
			return nil, err
		}
		if _, dup := ids[c.ID]; dup {
			return nil, dupErr("Change", string(c.ID))
		}
		ids[c.ID] = struct{}{}
		if (opts.From.IsZero() || !c.GoLive.Before(opts.From)) && (opts.To.IsZero() || c.GoLive.Before(opts.To)) {
			chosen = append(chosen, i)
		}
	}
	slices.SortFunc(chosen, func(a, b int) int {
		if c := changes[a].GoLive.Compare(changes[b].GoLive); c != 0 {
			return c
		}
		return cmp.Compare(changes[a].ID, changes[b].ID)
	})
	im.changes = make([]Change, len(chosen))
	im.weeks = make([]int64, len(chosen))
	im.chgRank = make(map[ChangeID]int32, len(chosen))
	for k, i := range chosen {
		im.chgRank[changes[i].ID] = int32(k)
		im.changes[k] = changes[i]
		im.weeks[k] = weekOf(changes[i].GoLive, im.loc)
	}

	if err := im.indexContacts(p, opts.MinInfluence); err != nil {
		return nil, err
	}
	im.match(p)
	return im, nil
}

// sortByID returns the numbers of accounts in ascending ID order, ties in
// input order. It sorts a compact array of (ID, number) pairs in chunks on
// several goroutines, then merges the chunks.
func sortByID(accounts []account.Account) []int32 {
	type key struct {
		id account.ID
		i  int32
	}
	n := len(accounts)
	keys := make([]key, n)
	for i := range accounts {
		keys[i] = key{accounts[i].ID, int32(i)}
	}
	byID := func(a, b key) int {
		if c := cmp.Compare(a.id, b.id); c != 0 {
			return c
		}
		return cmp.Compare(a.i, b.i)
	}
	k := parallel.Chunks(n, 16384)
	parallel.For(k, n, func(_, lo, hi int) { slices.SortFunc(keys[lo:hi], byID) })
	if k > 1 {
		// Merge the k sorted chunks: repeatedly take the least head.
		heads := make([]int, k)
		for c := range heads {
			heads[c] = c * n / k
		}
		merged := make([]key, 0, n)
		for len(merged) < n {
			best := -1
			for c := range heads {
				if heads[c] < (c+1)*n/k && (best < 0 || byID(keys[heads[c]], keys[heads[best]]) < 0) {
					best = c
				}
			}
			merged = append(merged, keys[heads[best]])
			heads[best]++
		}
		keys = merged
	}
	order := make([]int32, n)
	for r, kv := range keys {
		order[r] = kv.i
	}
	return order
}

func dupErr(record, id string) error {
	return &account.FieldError{Record: record, ID: id, Field: "ID", Value: id, Reason: "appears more than once", Err: ErrInvalid}
}

func (o *ImpactOptions) validate() error {
	f := &recordCheck{record: "ImpactOptions"}
	if !o.From.IsZero() && !o.To.IsZero() && !o.To.After(o.From) {
		f.add("To", o.To, "must be after From")
	}
	if o.BusiestWeeks < 0 || o.BusiestWeeks > 52 {
		f.add("BusiestWeeks", o.BusiestWeeks, "must be from 0 to 52")
	}
	if o.MinInfluence < 0 || o.MinInfluence > 5 {
		f.add("MinInfluence", o.MinInfluence, "must be from 0 to 5 (0 for the default, 4)")
	}
	return f.err()
}

// weekOf returns the day number of the Monday of t's week in loc.
func weekOf(t time.Time, loc *time.Location) int64 {
	y, m, d := t.In(loc).Date()
	days := civil.Days(y, int(m), d)
	return days - (days + 3 - 7*civil.FloorDiv(days+3, 7)) // 1970-01-01 was a Thursday
}

// indexContacts keeps, per account, the contacts to brief in briefing
// order.
func (im *Impact) indexContacts(p Portfolio, minInfluence int) error {
	if minInfluence == 0 {
		minInfluence = 4
	}
	// Validate the contacts and find their accounts' ranks in chunks, on
	// several goroutines; the first invalid contact in input order wins.
	nc := len(p.Contacts)
	ranks := make([]int32, nc)
	k := parallel.Chunks(nc, 16384)
	bad := make([]int, k)
	parallel.For(k, nc, func(c, lo, hi int) {
		bad[c] = -1
		for i := lo; i < hi; i++ {
			ct := &p.Contacts[i]
			if ct.Validate() != nil {
				bad[c] = i
				return
			}
			r, ok := im.rankOf[ct.Account]
			if !ok {
				r = -1
			}
			ranks[i] = r
		}
	})
	for _, i := range bad {
		if i >= 0 {
			return wrapInvalid(p.Contacts[i].Validate())
		}
	}
	// Group every contact by account; an ID repeated within an account is
	// an error.
	n := len(im.byRank)
	start := make([]int32, n+1)
	for _, r := range ranks {
		if r >= 0 {
			start[r+1]++
		}
	}
	for r := range n {
		start[r+1] += start[r]
	}
	grouped := make([]int32, start[n])
	next := slices.Clone(start[:n])
	for i, r := range ranks {
		if r >= 0 {
			grouped[next[r]] = int32(i)
			next[r]++
		}
	}
	im.briefStart = make([]int32, n+1)
	im.brief = make([]Stakeholder, 0, len(grouped)/2)
	for r := range n {
		group := grouped[start[r]:start[r+1]]
		for j, i := range group {
			c := &p.Contacts[i]
			for _, h := range group[:j] {
				if p.Contacts[h].ID == c.ID {
					return dupErr("Contact", string(c.ID))
				}
			}
			if c.Role == account.RoleDecisionMaker || c.Role == account.RoleSponsor || c.Influence >= minInfluence {
				im.brief = append(im.brief, Stakeholder{Contact: c.ID, Name: c.Name, Role: c.Role, Influence: c.Influence, Attitude: c.Attitude})
			}
		}
		im.briefStart[r+1] = int32(len(im.brief))
		slices.SortFunc(im.brief[im.briefStart[r]:], compareStakeholders)
	}
	return nil
}

// wrapInvalid wraps an error of package account's validation so that it
// also wraps ErrInvalid.
func wrapInvalid(err error) error { return &invalidError{err} }

type invalidError struct{ err error }

func (e *invalidError) Error() string   { return "engagement: " + e.err.Error() }
func (e *invalidError) Unwrap() []error { return []error{ErrInvalid, e.err} }

// roleOrder is the order in which roles are briefed.
var roleOrder = [...]int{
	account.RoleDecisionMaker: 0,
	account.RoleSponsor:       1,
	account.RoleInfluencer:    2,
	account.RoleGatekeeper:    3,
	account.RoleUser:          4,
	account.RoleUnknown:       5,
}

func compareStakeholders(a, b Stakeholder) int {
	if c := cmp.Compare(roleOrder[a.Role], roleOrder[b.Role]); c != 0 {
		return c
	}
	if c := cmp.Compare(b.Influence, a.Influence); c != 0 {
		return c
	}
	return cmp.Compare(a.Contact, b.Contact)
}

// A labelIndex maps labels to the accounts that carry them, as ascending
// account ranks.
type labelIndex struct {
	services, products, regions, segments map[string][]int32
	internal                              []bool
}

func (im *Impact) buildIndex(p Portfolio) *labelIndex {
	n := len(im.byRank)
	x := &labelIndex{
		services: make(map[string][]int32), products: make(map[string][]int32),
		regions: make(map[string][]int32), segments: make(map[string][]int32),
		internal: make([]bool, n),
	}
	dims := [4]map[string][]int32{x.services, x.products, x.regions, x.segments}
	// Only the labels some change names are worth indexing.
	for i := range im.changes {
		s := &im.changes[i].Touches
		for d, labels := range [4][]string{s.Services, s.Products, s.Regions, s.Segments} {
			for _, l := range labels {
				dims[d][l] = nil
			}
		}
	}
	rankOf := make([]int32, n) // the rank of each account, by its place in p.Accounts
	for r, i := range im.byRank {
		rankOf[i] = int32(r)
	}
	// Each chunk of accounts, taken in the order given (the order they
	// lie in memory), posts to lists of its own; the lists are then joined.
	// A list is not in rank order: the matcher does not need it to be.
	type postings [4]map[string]*[]int32
	k := parallel.Chunks(n, 16384)
	parts := make([]postings, k)
	parallel.For(k, n, func(c, lo, hi int) {
		var ps postings
		for d, m := range dims {
			ps[d] = make(map[string]*[]int32, len(m))
			for l := range m {
				ps[d][l] = new([]int32)
			}
		}
		post := func(d int, label string, r int32) {
			l, ok := ps[d][label]
			if !ok {
				return
			}
			// An account's labels are posted together, so a label it
			// lists twice is the last entry.
			if n := len(*l); n == 0 || (*l)[n-1] != r {
				*l = append(*l, r)
			}
		}
		for i := lo; i < hi; i++ {
			a := &p.Accounts[i]
			r := rankOf[i]
			x.internal[r] = a.Internal
			post(2, a.Region, r)
			post(3, a.Segment, r)
			if h, ok := p.Holdings[a.ID]; ok {
				for _, s := range h.Services {
					post(0, s, r)
				}
				for _, s := range h.Products {
					post(1, s, r)
				}
			}
		}
		parts[c] = ps
	})
	for d, m := range dims {
		for label := range m {
			size := 0
			for c := range parts {
				size += len(*parts[c][d][label])
			}
			l := make([]int32, 0, size)
			for c := range parts {
				l = append(l, *parts[c][d][label]...)
			}
			m[label] = l
		}
	}
	return x
}

// A matcher finds the accounts one change touches. Each worker has its
// own: mark is a scratch array over account ranks, gen its generation.
type matcher struct {
	x    *labelIndex
	im   *Impact
	mark []uint32
	gen  uint32
	buf  []int32
	bits []uint64 // one bit per rank, all clear between calls
}

func (m *matcher) next() uint32 {
	m.gen++
	if m.gen == 0 { // wrapped: clear the marks once every 2³² generations
		clear(m.mark)
		m.gen = 1
	}
	return m.gen
}

// affected returns the ranks of the accounts c touches, ascending, in a
// new slice.
func (m *matcher) affected(c *Change) []int32 {
	s := &c.Touches
	type dim struct {
		m      map[string][]int32
		labels []string
		size   int
	}
	var dims [4]dim
	nd := 0
	for _, d := range [...]dim{{m.x.services, s.Services, 0}, {m.x.products, s.Products, 0}, {m.x.regions, s.Regions, 0}, {m.x.segments, s.Segments, 0}} {
		if len(d.labels) == 0 {
			continue
		}
		for _, l := range d.labels {
			d.size += len(d.m[l])
		}
		dims[nd] = d
		nd++
	}
	slices.SortFunc(dims[:nd], func(a, b dim) int { return cmp.Compare(a.size, b.size) })

	cand := m.buf[:0]
	switch {
	case nd > 0:
		g := m.next()
		for _, l := range dims[0].labels {
			for _, r := range dims[0].m[l] {
				if m.mark[r] != g {
					m.mark[r] = g
					cand = append(cand, r)
				}
			}
		}
		for _, d := range dims[1:nd] {
			prev := g
			g = m.next()
			for _, l := range d.labels {
				for _, r := range d.m[l] {
					if m.mark[r] == prev {
						m.mark[r] = g
					}
				}
			}
			kept := cand[:0]
			for _, r := range cand {
				if m.mark[r] == g {
					kept = append(kept, r)
				}
			}
			cand = kept
		}
	case s.selects(): // an audience, or everyone
		for r := range m.mark {
			cand = append(cand, int32(r))
		}
	}
	if s.Audience != account.AudienceAll {
		kept := cand[:0]
		for _, r := range cand {
			if s.Audience.Serves(m.x.internal[r]) {
				kept = append(kept, r)
			}
		}
		cand = kept
	}
	if len(s.Accounts) > 0 {
		g := m.next()
		for _, r := range cand {
			m.mark[r] = g
		}
		for _, id := range s.Accounts {
			if r, ok := m.im.rankOf[id]; ok && m.mark[r] != g {
				m.mark[r] = g
				cand = append(cand, r)
			}
		}
	}
	cand = m.ascending(cand)
	m.buf = cand
	return slices.Clone(cand)
}

// ascending sorts the distinct ranks of cand, in place: by a sort when
// there are few, or by setting their bits in a bitmap of all ranks and
// reading it in order when there are enough of them to pay for the scan.
func (m *matcher) ascending(cand []int32) []int32 {
	if len(cand) < 64 || len(cand)*16 < len(m.bits) {
		slices.Sort(cand)
		return cand
	}
	for _, r := range cand {
		m.bits[r>>6] |= 1 << (r & 63)
	}
	out := cand[:0] // cand is read: its ranks are in the bitmap
	for w, b := range m.bits {
		if b == 0 {
			continue
		}
		m.bits[w] = 0
		for b != 0 {
			out = append(out, int32(w<<6|bits.TrailingZeros64(b)))
			b &= b - 1
		}
	}
	return out
}

// match fills the lists of accounts per change and changes per account.
func (im *Impact) match(p Portfolio) {
	x := im.buildIndex(p)
	n, nc := len(im.byRank), len(im.changes)
	lists := make([][]int32, nc)
	k := parallel.Chunks(nc, 8)
	parallel.For(k, nc, func(_, lo, hi int) {
		m := &matcher{x: x, im: im, mark: make([]uint32, n), bits: make([]uint64, (n+63)/64)}
		for c := lo; c < hi; c++ {
			lists[c] = m.affected(&im.changes[c])
		}
	})
	im.chgStart = make([]int32, nc+1)
	for c, l := range lists {
		im.chgStart[c+1] = im.chgStart[c] + int32(len(l))
	}
	im.chgAcc = make([]int32, 0, im.chgStart[nc])
	im.accStart = make([]int32, n+1)
	for _, l := range lists {
		im.chgAcc = append(im.chgAcc, l...)
		for _, r := range l {
			im.accStart[r+1]++
		}
	}
	for r := range n {
		im.accStart[r+1] += im.accStart[r]
	}
	im.accChg = make([]int32, len(im.chgAcc))
	next := slices.Clone(im.accStart[:n])
	for c, l := range lists { // in date order, so each account's list is too
		for _, r := range l {
			im.accChg[next[r]] = int32(c)
			next[r]++
		}
	}
}

// A Stakeholder is a contact to brief about an account's changes.
type Stakeholder struct {
	Contact   account.ContactID // the contact's ID
	Name      string            // the contact's name
	Role      account.Role      // the part the contact plays in decisions
	Influence int               // 1 to 5
	Attitude  account.Attitude  // supporter, neutral or detractor
}

// A ChangeRef is one change in an [AccountView]: what a view shows of it,
// kept small because a portfolio's views hold millions of them. The whole
// [Change] is the caller's, by ID.
type ChangeRef struct {
	ID       ChangeID   // the change's ID
	Title    string     // its title
	Kind     ChangeKind // release, policy, price or retirement
	Severity Severity   // how hard it hits
	GoLive   time.Time  // when it takes effect
}

// A Load is the combined impact of several changes.
type Load struct {
	Changes int // how many
	// Weight is the sum of their severities' weights ([Severity.Weight]):
	// a critical change weighs as much as eight low ones.
	Weight  int
	Highest Severity // the most severe; 0 for no changes
	// BySeverity counts the changes of each severity:
	// BySeverity[SeverityHigh] is the number of high ones.
	BySeverity [numSeverities + 1]int
}

func (l *Load) add(s Severity) {
	l.Changes++
	l.Weight += s.Weight()
	l.Highest = max(l.Highest, s)
	l.BySeverity[s]++
}

// A BusyWeek is a week in which changes go live for an account.
type BusyWeek struct {
	Start time.Time // Monday 00:00 of the week, in the Impact's location
	Load  Load      // the changes going live that week
}

// An AccountView is the collective view of change impact for one account:
// every change that affects it in the window, in date order, their
// combined impact, its busiest weeks and the stakeholders to brief. Its
// slices are the caller's to change; views made together may share an
// array behind them, but never an element, and appending to a slice
// copies it.
type AccountView struct {
	Account account.ID   // the account
	Tier    account.Tier // its tier, as given

	Changes []ChangeRef // by go-live, ties by change ID
	Load    Load        // their combined impact

	// Busiest lists the weeks with the heaviest load (by Weight, then
	// number of changes, then earliest), at most ImpactOptions
	// BusiestWeeks of them.
	Busiest []BusyWeek

	// Brief lists the contacts to brief: decision makers, then sponsors,
	// influencers, gatekeepers, users and contacts of unknown role; within
	// a role the most influential first, ties by contact ID. It holds the
	// decision makers and sponsors and the contacts of at least
	// ImpactOptions MinInfluence.
	Brief []Stakeholder
}

// Account returns the collective view of the account with the given ID,
// and whether the account is in the portfolio. An account no change
// touches has a view with no changes.
func (im *Impact) Account(id account.ID) (AccountView, bool) {
	r, ok := im.rankOf[id]
	if !ok {
		return AccountView{}, false
	}
	return im.view(r, nil), true
}

// Views yields the view of every account that at least one change
// touches, in ascending account ID order. It builds the views a chunk of
// accounts at a time on several goroutines, a few chunks ahead of the
// loop; stopping the loop early stops them.
func (im *Impact) Views() iter.Seq[AccountView] {
	return func(yield func(AccountView) bool) {
		chunks := parallel.Ordered(len(im.byRank), 2048, 0, func(lo, hi int) []AccountView {
			// One allocation of each kind for the chunk's views, which
			// take full slices of them.
			var sc viewScratch
			refs, brief := 0, 0
			for r := lo; r < hi; r++ {
				if im.accStart[r] != im.accStart[r+1] {
					refs += int(im.accStart[r+1] - im.accStart[r])
					brief += int(im.briefStart[r+1] - im.briefStart[r])
				}
			}
			sc.refs = make([]ChangeRef, 0, refs)
			sc.brief = make([]Stakeholder, 0, brief)
			sc.busy = make([]BusyWeek, 0, (hi-lo)*im.busiest)
			views := make([]AccountView, 0, hi-lo)
			for r := lo; r < hi; r++ {
				if im.accStart[r] != im.accStart[r+1] {
					views = append(views, im.view(int32(r), &sc))
				}
			}
			return views
		})
		for _, views := range chunks {
			for _, v := range views {
				if !yield(v) {
					return
				}
			}
		}
	}
}

// A weekLoad is the load of one week, by the day number of its Monday.
type weekLoad struct {
	day  int64
	load Load
}

// heavier reports whether week a ranks before week b among the busiest:
// by weight, then number of changes, then the earlier.
func heavier(a, b *weekLoad) bool {
	if a.load.Weight != b.load.Weight {
		return a.load.Weight > b.load.Weight
	}
	if a.load.Changes != b.load.Changes {
		return a.load.Changes > b.load.Changes
	}
	return a.day < b.day
}

// viewScratch is memory that the views of a chunk of accounts share:
// each view's Changes and Brief are full slices of refs and brief, whose
// capacity is enough for them all, and weeks is reused.
type viewScratch struct {
	weeks, top []weekLoad
	refs       []ChangeRef
	brief      []Stakeholder
	busy       []BusyWeek
}

// takeFull returns n more elements of *s (a full slice: appending to it
// copies), or a new slice if s is nil or has no room.
func takeFull[T any](s *[]T, n int) []T {
	if s == nil || len(*s)+n > cap(*s) {
		return make([]T, n)
	}
	m := len(*s)
	*s = (*s)[:m+n]
	return (*s)[m : m+n : m+n]
}

// view returns the view of the account of rank r, using sc (if not nil)
// for its memory.
func (im *Impact) view(r int32, sc *viewScratch) AccountView {
	a := &im.accounts[im.byRank[r]]
	v := AccountView{Account: a.ID, Tier: a.Tier}
	cs := im.accChg[im.accStart[r]:im.accStart[r+1]]
	if len(cs) == 0 {
		return v.withBrief(im, r, sc)
	}
	var weeks, top []weekLoad
	var refs *[]ChangeRef
	var busy *[]BusyWeek
	if sc != nil {
		weeks, top, refs, busy = sc.weeks[:0], sc.top[:0], &sc.refs, &sc.busy
	}
	v.Changes = takeFull(refs, len(cs))
	for i, k := range cs {
		c := &im.changes[k]
		v.Changes[i] = ChangeRef{ID: c.ID, Title: c.Title, Kind: c.Kind, Severity: c.Severity, GoLive: c.GoLive}
		v.Load.add(c.Severity)
		// Changes come in date order, so a week's changes are together.
		if n := len(weeks); n == 0 || weeks[n-1].day != im.weeks[k] {
			weeks = append(weeks, weekLoad{day: im.weeks[k]})
		}
		weeks[len(weeks)-1].load.add(c.Severity)
	}
	// Select the busiest weeks by insertion into a short list.
	most := min(im.busiest, len(weeks))
	for i := range weeks {
		w := &weeks[i]
		if len(top) == most && !heavier(w, &top[len(top)-1]) {
			continue
		}
		if len(top) < most {
			top = append(top, *w)
		}
		j := len(top) - 1
		for ; j > 0 && heavier(w, &top[j-1]); j-- {
			top[j] = top[j-1]
		}
		top[j] = *w
	}
	if sc != nil {
		sc.weeks, sc.top = weeks, top
	}
	v.Busiest = takeFull(busy, len(top))
	for i, w := range top {
		y, m, d := civil.Date(w.day)
		v.Busiest[i] = BusyWeek{Start: time.Date(y, time.Month(m), d, 0, 0, 0, 0, im.loc), Load: w.load}
	}
	return v.withBrief(im, r, sc)
}

// withBrief returns v with the stakeholders to brief of the account of
// rank r, in memory from sc if not nil.
func (v AccountView) withBrief(im *Impact, r int32, sc *viewScratch) AccountView {
	if b := im.brief[im.briefStart[r]:im.briefStart[r+1]]; len(b) > 0 {
		var brief *[]Stakeholder
		if sc != nil {
			brief = &sc.brief
		}
		v.Brief = takeFull(brief, len(b))
		copy(v.Brief, b)
	}
	return v
}

// A ChangeImpact lists the accounts one change touches, by tier.
type ChangeImpact struct {
	Change   ChangeID       // the change
	Accounts int            // how many accounts it touches
	ByTier   []TierAccounts // tier 1 first, Unassigned last; tiers with none left out
}

// TierAccounts are the accounts of one tier, in ascending ID order.
type TierAccounts struct {
	Tier     account.Tier // the tier
	Accounts []account.ID // its accounts the change touches
}

// Change returns the accounts the change with the given ID touches, and
// whether the change is in the Impact (given to [NewImpact] and going live
// in its window).
func (im *Impact) Change(id ChangeID) (ChangeImpact, bool) {
	k, ok := im.chgRank[id]
	if !ok {
		return ChangeImpact{}, false
	}
	return im.changeImpact(k), true
}

// Changes yields the impact of every change in the window, by go-live,
// ties by change ID.
func (im *Impact) Changes() iter.Seq[ChangeImpact] {
	return func(yield func(ChangeImpact) bool) {
		for k := range im.changes {
			if !yield(im.changeImpact(int32(k))) {
				return
			}
		}
	}
}

func (im *Impact) changeImpact(k int32) ChangeImpact {
	rs := im.chgAcc[im.chgStart[k]:im.chgStart[k+1]]
	ci := ChangeImpact{Change: im.changes[k].ID, Accounts: len(rs)}
	byTier := make(map[account.Tier][]account.ID)
	for _, r := range rs { // ascending ranks: ascending IDs
		a := &im.accounts[im.byRank[r]]
		byTier[a.Tier] = append(byTier[a.Tier], a.ID)
	}
	for t, ids := range byTier {
		ci.ByTier = append(ci.ByTier, TierAccounts{Tier: t, Accounts: ids})
	}
	slices.SortFunc(ci.ByTier, func(a, b TierAccounts) int {
		switch {
		case a.Tier.Above(b.Tier):
			return -1
		case b.Tier.Above(a.Tier):
			return 1
		}
		return 0
	})
	return ci
}
