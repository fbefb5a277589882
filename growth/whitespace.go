package growth

import (
	"cmp"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/internal/parallel"
	"github.com/keyaccount/keyaccount/internal/rank"
	"github.com/shopspring/decimal"
)

// Limits of a white-space analysis, checked before the work starts.
const (
	// MaxAccounts is the most accounts (top-level accounts, buying centres
	// and every account below them) one analysis takes.
	MaxAccounts = 1<<24 - 1
	// MaxOfferings is the most offerings of one catalogue.
	MaxOfferings = 1<<16 - 1
	// DefaultMinPeers is the minimum peer count used when
	// [WhiteSpaceOptions.MinPeers] is 0: an account whose peer group has
	// fewer other members than this gets no suggestion.
	DefaultMinPeers = 10
	// DefaultTop is the number of suggestions kept per account when
	// [WhiteSpaceOptions.Top] is 0.
	DefaultTop = 5
	// MaxTop is the largest [WhiteSpaceOptions.Top].
	MaxTop = 1000
)

// A Portfolio is what a white-space analysis reads: the accounts (their
// hierarchy gives each top-level account its buying centres), the
// catalogue, what is held, and each account's size.
type Portfolio struct {
	// Accounts are every account of the hierarchy: the top-level accounts
	// analysed and every account below them. Tier, Segment, Industry and
	// Internal are read.
	Accounts []account.Account

	// Offerings is the catalogue. IDs must be distinct.
	Offerings []Offering

	// Holdings are what the accounts hold; those held at
	// [WhiteSpaceOptions.At] count. A holding of an account below a buying
	// centre counts for that buying centre.
	Holdings []Holding

	// Sizes gives each top-level account's size, the measure peer values
	// are scaled by: its revenue (or, for an internal customer, its cost)
	// over the last twelve months ([SizesFromTransactions]) unless the
	// caller chooses another measure. An account with no size, or a size
	// that is not positive, gets no suggestion, and its holdings count in
	// its peers' adoption but not in their medians.
	Sizes map[account.ID]decimal.Decimal
}

// PeerKey says which accounts are comparable: those with the same
// segment, tier, industry or size band. The zero value is not valid.
type PeerKey uint8

// The peer keys.
const (
	PeerSegment  PeerKey = iota + 1 // the same [account.Account.Segment]
	PeerTier                        // the same [account.Account.Tier]
	PeerIndustry                    // the same [account.Account.Industry]
	PeerSizeBand                    // the same band of size ([WhiteSpaceOptions.SizeBands])
)

var peerKeyNames = enum.New("PeerKey", map[PeerKey]string{
	PeerSegment:  "segment",
	PeerTier:     "tier",
	PeerIndustry: "industry",
	PeerSizeBand: "size band",
})

// String returns "segment", "tier", "industry" or "size band".
func (k PeerKey) String() string { return peerKeyNames.String(k) }

// MarshalText returns the key's name; an unknown value is an error.
// The zero PeerKey is the exception: it is the empty text, unset.
func (k PeerKey) MarshalText() ([]byte, error) { return peerKeyNames.MarshalText(k, ErrInvalid) }

// UnmarshalText parses a name written by [PeerKey.MarshalText].
// The empty text is the zero PeerKey.
func (k *PeerKey) UnmarshalText(text []byte) error {
	v, err := peerKeyNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// A CellKey names one cell of the white-space matrix: a buying centre and
// an offering.
type CellKey struct {
	Centre   account.ID
	Offering account.OfferingID
}

// WhiteSpaceOptions set up a white-space analysis.
type WhiteSpaceOptions struct {
	// At is the instant of the analysis: a holding counts when it is held
	// at At ([Holding.HeldAt]). Required.
	At time.Time

	// Currency is the currency of every holding's Annual value. Required;
	// a holding in another currency is an error wrapping [ErrCurrency].
	Currency account.Currency

	// Peers says which accounts are comparable. Required.
	Peers PeerKey

	// SizeBands are the upper bounds of the size bands, strictly
	// ascending, for [PeerSizeBand]: band 0 holds sizes below
	// SizeBands[0], band i sizes from SizeBands[i-1] up to (not
	// including) SizeBands[i], and the last band the rest. An account
	// without a size is in a band of its own. Required for PeerSizeBand
	// and ignored otherwise.
	SizeBands []decimal.Decimal

	// MinPeers is the fewest other members a peer group must have for its
	// accounts to get suggestions; 0 means [DefaultMinPeers]. It must not
	// be negative.
	MinPeers int

	// Top is the most suggestions kept per account, from 1 to [MaxTop];
	// 0 means [DefaultTop].
	Top int

	// Pipeline lists the cells already in the opportunity pipeline: they
	// are shown as such and never suggested.
	Pipeline []CellKey

	// Eligible, if set, is the caller's rule: it returns "" when the
	// buying centre may be offered the offering, or the reason it may not.
	// It is called for open cells only, possibly from several goroutines
	// at once, so it must be safe for concurrent use.
	Eligible func(centre account.Account, o Offering) string
}

// validate checks o and returns it with defaults filled in.
func (o WhiteSpaceOptions) validate() (WhiteSpaceOptions, error) {
	f := &check{record: "WhiteSpaceOptions"}
	if o.At.IsZero() {
		f.add("At", nil, "is missing")
	}
	if !o.Currency.Valid() {
		f.add("Currency", string(o.Currency), "is not an active ISO 4217 code")
	}
	if !peerKeyNames.Valid(o.Peers) {
		f.add("Peers", int(o.Peers), "must be segment, tier, industry or size band")
	}
	if o.Peers == PeerSizeBand {
		if len(o.SizeBands) == 0 {
			f.add("SizeBands", nil, "must name at least one bound for size-band peers")
		}
		for i := 1; i < len(o.SizeBands); i++ {
			if o.SizeBands[i].Cmp(o.SizeBands[i-1]) <= 0 {
				f.add("SizeBands["+itoa(i)+"]", o.SizeBands[i].String(), "is not above the bound before it")
			}
		}
	}
	if o.MinPeers < 0 {
		f.add("MinPeers", o.MinPeers, "must not be negative")
	}
	if o.Top < 0 || o.Top > MaxTop {
		f.add("Top", o.Top, "must be from 0 to 1000")
	}
	for i, c := range o.Pipeline {
		if r := idReason(string(c.Centre)); r != "" {
			f.add("Pipeline["+itoa(i)+"].Centre", string(c.Centre), r)
		}
		if r := idReason(string(c.Offering)); r != "" {
			f.add("Pipeline["+itoa(i)+"].Offering", string(c.Offering), r)
		}
	}
	if o.MinPeers == 0 {
		o.MinPeers = DefaultMinPeers
	}
	if o.Top == 0 {
		o.Top = DefaultTop
	}
	return o, f.err()
}

// CellKind is what a cell of the white-space matrix holds. The zero value
// is not valid.
type CellKind uint8

// The cell kinds.
const (
	CellHeld       CellKind = iota + 1 // the buying centre holds the offering
	CellPipeline                       // an opportunity for it is in the pipeline
	CellOpen                           // neither held nor in the pipeline, and eligible
	CellIneligible                     // the offering may not be offered there
)

var cellKindNames = enum.New("CellKind", map[CellKind]string{
	CellHeld:       "held",
	CellPipeline:   "pipeline",
	CellOpen:       "open",
	CellIneligible: "ineligible",
})

// String returns "held", "pipeline", "open" or "ineligible".
func (k CellKind) String() string { return cellKindNames.String(k) }

// MarshalText returns the kind's name; an unknown value is an error.
// The zero CellKind is the exception: it is the empty text, unset.
func (k CellKind) MarshalText() ([]byte, error) { return cellKindNames.MarshalText(k, ErrInvalid) }

// UnmarshalText parses a name written by [CellKind.MarshalText].
// The empty text is the zero CellKind.
func (k *CellKind) UnmarshalText(text []byte) error {
	v, err := cellKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// IneligibleReason says why a cell is not eligible. The zero value means
// the cell is eligible.
type IneligibleReason uint8

// The reasons a cell is not eligible, in the order they are checked.
const (
	IneligibleNone      IneligibleReason = iota // eligible
	IneligibleAudience                          // the offering does not serve the buying centre's audience
	IneligibleLifecycle                         // the offering is retiring or retired: not sold to new buyers
	IneligibleRule                              // the caller's rule ([WhiteSpaceOptions.Eligible]) says no
)

var ineligibleNames = enum.New("IneligibleReason", map[IneligibleReason]string{
	IneligibleNone:      "none",
	IneligibleAudience:  "audience",
	IneligibleLifecycle: "lifecycle",
	IneligibleRule:      "rule",
})

// String returns "none", "audience", "lifecycle" or "rule".
func (r IneligibleReason) String() string { return ineligibleNames.String(r) }

// MarshalText returns the reason's name; an unknown value is an error.
func (r IneligibleReason) MarshalText() ([]byte, error) {
	return ineligibleNames.MarshalText(r, ErrInvalid)
}

// UnmarshalText parses a name written by [IneligibleReason.MarshalText].
func (r *IneligibleReason) UnmarshalText(text []byte) error {
	v, err := ineligibleNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*r = v
	}
	return err
}

// A Cell is one cell of the white-space matrix.
type Cell struct {
	Kind CellKind
	// Annual is what the buying centre's holdings of the offering are
	// worth a year, for a held cell; the zero Money otherwise.
	Annual account.Money
	// Ineligible and Detail say why an ineligible cell is so; Detail is
	// the caller's reason for [IneligibleRule] and a sentence otherwise.
	Ineligible IneligibleReason
	Detail     string
}

// A Matrix is the white space of one account: its buying centres against
// the catalogue.
type Matrix struct {
	Account account.ID
	// Centres are the rows: the account's direct children in ascending ID
	// order, or the account itself when it has none. When an account with
	// children holds offerings of its own (revenue booked at group level),
	// the account itself is the first row, with those held cells; its
	// other cells are the zero Cell.
	Centres []account.ID
	// Offerings are the columns: the catalogue in ascending ID order.
	Offerings []account.OfferingID
	// Cells[i][j] is the cell of Centres[i] and Offerings[j].
	Cells [][]Cell
}

// A Suggestion is an offering the account does not yet hold everywhere
// it could, ranked by how many of its peers hold it.
type Suggestion struct {
	Account  account.ID
	Offering account.OfferingID
	Family   string
	// Centres are the open cells: the buying centres where the offering
	// is neither held nor in the pipeline, and is eligible.
	Centres []account.ID
	// Holders of the Peers other members of the account's peer group
	// hold the offering.
	Holders, Peers int
	// PeerMedian is the median, over the holders with a size, of what
	// each pays for the offering a year per unit of its size, times the
	// account's size: what the account would buy if it were a typical
	// holder. It is computed exactly and rounded to the currency's minor
	// unit, halves away from zero.
	PeerMedian account.Money
	// Current is what the account pays for the offering a year now (in
	// the buying centres that hold it), and Expected is PeerMedian less
	// Current; only suggestions with a positive Expected are made.
	Current, Expected account.Money
	// Reason explains the suggestion, such as
	// "held by 31 of 40 tier-1 peers; peer median NZD 52,000.00 a year".
	Reason string
}

// A WhiteSpace is the white space of a portfolio: each top-level
// account's matrix ([WhiteSpace.Matrix]) and its ranked suggestions
// ([WhiteSpace.Suggestions]). Build one with [NewWhiteSpace]; it is
// immutable and safe for concurrent use.
type WhiteSpace struct {
	opts WhiteSpaceOptions
	// Accounts are numbered in the hierarchy's pre-order: at maps that
	// number to the account's place in the caller's slice, pos an ID to
	// that place, and pre the place to the number. info holds what is
	// read of each account, by number; input is a copy of the caller's
	// slice, kept only for the caller's rule (Eligible).
	input     []account.Account
	info      []acctInfo
	pos       map[account.ID]int32
	at, pre   []int32
	root, bc  []int32 // per account: its top-level account and its buying centre
	centres   [][]int32
	offerings []Offering // ascending ID
	offIndex  map[account.OfferingID]int32
	// held lists, per top-level account, its held cells sorted by
	// (offering, centre): heldAt[r] .. heldAt[r+1] into heldCells.
	heldAt    []int32
	heldCells []heldCell
	pipeline  map[uint64]struct{}
	roots     []int32 // the top-level accounts, ascending ID
	suggest   [][]sugg
	keyOf     []string // per root, its peer-group key
	// places is the currency's minor units (0 when it has none), and
	// exact the amounts that are not held in them ([amount]).
	places int32
	exact  []decimal.Decimal
}

type heldCell struct {
	off, centre int32
	annual      amount
}

// rootOffering is what one top-level account holds of one offering.
type rootOffering struct {
	root, off int32
	annual    amount
	ratio     float64 // annual/size, for ordering only
	// sizeUnits is the root's size as an integer when it is whole and
	// small enough; fast is set when it is and annual is in minor units:
	// the median is then computed in 128-bit integers rather than
	// decimals.
	sizeUnits   uint64
	sized, fast bool
}

// peerStats is the adoption of one offering in one peer group.
type peerStats struct {
	holders int32
	sorted  []int32 // indexes into rootOfferings of the sized holders, by ratio
}

// NewWhiteSpace analyses the white space of every top-level account of
// p: which cells of its matrix are held, in the pipeline, open or
// ineligible, and which open cells to suggest, ranked.
//
// # Suggestions
//
// An account's peers are the other top-level accounts with the same key
// ([WhiteSpaceOptions.Peers]). An account whose peers number fewer than
// [WhiteSpaceOptions.MinPeers] (default [DefaultMinPeers]) gets no
// suggestion: a small group gives a noisy median. For each active
// offering with an open cell at the account and at least one holder among
// its peers, the expected value is the peers' median annual value per unit
// of size, scaled to the account's size, less what the account pays for
// the offering now ([Suggestion]). Suggestions with a positive expected
// value are ranked by the number of peers holding the offering, most
// first, then by expected value, highest first, then by offering ID; the
// first [WhiteSpaceOptions.Top] are kept. The result does not depend on
// the order of the accounts, offerings, holdings or pipeline cells.
//
// # Errors
//
// Bad input is reported before any work as joined errors wrapping
// [ErrInvalid]: options that fail their rules, an offering that fails
// [Offering.Validate] or repeats an ID, accounts that do not form a
// hierarchy (these also wrap [account.ErrInvalid]), a holding that fails
// [Holding.Validate], names an account or offering not given
// ([ErrUnknown]), is in another currency ([ErrCurrency]) or is of an
// offering that does not serve its account's audience ([ErrAudience]), and
// a size that is negative. At most [MaxAccounts] accounts and
// [MaxOfferings] offerings are taken.
//
// The work costs O(n log n) in the accounts and holdings, plus for each
// account O(offerings held by its peer group); it runs on every CPU.
// Holdings listed by account, in ID order or in the order of the
// accounts, are read fastest; any order gives the same result. Amounts
// are summed in the currency's minor units while they are whole in them
// and below 10^18 of them, and exactly otherwise.
func NewWhiteSpace(p Portfolio, o WhiteSpaceOptions) (*WhiteSpace, error) {
	o, err := o.validate()
	if err != nil {
		return nil, err
	}
	if len(p.Accounts) > MaxAccounts {
		return nil, &account.FieldError{Record: "Portfolio", Field: "Accounts", Value: len(p.Accounts),
			Reason: "holds more than " + strconv.Itoa(MaxAccounts) + " accounts", Err: ErrInvalid}
	}
	if len(p.Offerings) > MaxOfferings {
		return nil, &account.FieldError{Record: "Portfolio", Field: "Offerings", Value: len(p.Offerings),
			Reason: "holds more than " + strconv.Itoa(MaxOfferings) + " offerings", Err: ErrInvalid}
	}
	w := &WhiteSpace{opts: o, places: int32(max(o.Currency.MinorUnits(), 0))}
	if err := w.indexOfferings(p.Offerings); err != nil {
		return nil, err
	}
	if err := w.indexAccounts(p.Accounts); err != nil {
		return nil, err
	}
	sizes, err := w.sizes(p.Sizes)
	if err != nil {
		return nil, err
	}
	ros, err := w.indexHoldings(p.Holdings, sizes)
	if err != nil {
		return nil, err
	}
	w.indexPipeline(o.Pipeline)
	w.suggestAll(ros, sizes)
	return w, nil
}

func (w *WhiteSpace) indexOfferings(offs []Offering) error {
	var errs check
	w.offerings = slices.Clone(offs)
	for _, of := range offs {
		errs.errs.Add(of.Validate())
	}
	slices.SortFunc(w.offerings, func(a, b Offering) int { return cmp.Compare(a.ID, b.ID) })
	w.offIndex = make(map[account.OfferingID]int32, len(offs))
	for i, of := range w.offerings {
		if i > 0 && w.offerings[i-1].ID == of.ID {
			errs.errs.Add(&account.FieldError{Record: "Offering", ID: string(of.ID), Field: "ID", Value: string(of.ID), Reason: "is listed twice", Err: ErrInvalid})
		}
		w.offIndex[of.ID] = int32(i)
	}
	return errs.err()
}

func (w *WhiteSpace) indexAccounts(accts []account.Account) error {
	n := len(accts)
	if w.opts.Eligible != nil {
		w.input = slices.Clone(accts) // the rule is given whole accounts
	}
	w.at = make([]int32, 0, n)
	w.pre = make([]int32, n)
	w.root = make([]int32, 0, n)
	w.bc = make([]int32, 0, n)
	if !w.numberAccounts(accts) {
		// Not a clean forest (or a problem to report): account.NewHierarchy
		// finds every problem, in its order, and numbers the rest.
		h, err := account.NewHierarchy(accts)
		if err != nil {
			return fmt.Errorf("growth: accounts: %w: %w", ErrInvalid, err)
		}
		w.at, w.root, w.bc, w.roots = w.at[:0], w.root[:0], w.bc[:0], w.roots[:0]
		for id := range h.All() {
			p := w.pos[id]
			w.place(p, w.pos[accts[p].Parent], accts[p].Parent == "")
		}
	}
	w.info = make([]acctInfo, len(w.at))
	for k, p := range w.at {
		a := &accts[p]
		w.info[k] = acctInfo{ID: a.ID, Segment: a.Segment, Industry: a.Industry, Tier: a.Tier, Internal: a.Internal}
	}
	// Each root's buying centres (or the root itself, when it has none)
	// are a run of one backing array. Each top-level account comes before
	// its subtree in pre-order.
	w.centres = make([][]int32, len(w.roots))
	backing := make([]int32, 0, len(w.at))
	ri, start := -1, 0
	for k := range w.at {
		switch {
		case w.root[k] == int32(k):
			if ri >= 0 {
				w.centres[ri] = w.rowsOf(ri, &backing, start)
			}
			ri, start = ri+1, len(backing)
		case w.bc[k] == int32(k):
			backing = append(backing, int32(k))
		}
	}
	if ri >= 0 {
		w.centres[ri] = w.rowsOf(ri, &backing, start)
	}
	return nil
}

// rowsOf returns the buying centres of the ri-th root, (*backing)[start:],
// or the root alone, appended to *backing, when it has none.
func (w *WhiteSpace) rowsOf(ri int, backing *[]int32, start int) []int32 {
	if len(*backing) == start {
		*backing = append(*backing, w.roots[ri])
	}
	return (*backing)[start:len(*backing):len(*backing)]
}

// numberAccounts indexes the IDs of accts and numbers them in the
// hierarchy's pre-order (roots and siblings in ascending ID order, as
// [account.Hierarchy.All] lists them), with the one ID index the analysis
// needs rather than a second one inside an [account.Hierarchy]. It
// returns false, having numbered nothing reliable, if an ID is empty or
// repeated, a parent is unknown or the parents form a loop.
func (w *WhiteSpace) numberAccounts(accts []account.Account) bool {
	n := len(accts)
	// The top-level accounts are found and sorted while the IDs are
	// indexed.
	var roots []int32
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range accts {
			if accts[i].Parent == "" {
				roots = append(roots, int32(i))
			}
		}
		slices.SortFunc(roots, func(a, b int32) int { return cmp.Compare(accts[a].ID, accts[b].ID) })
	}()
	w.pos = make(map[account.ID]int32, n)
	clean := true
	for i := range accts {
		id := accts[i].ID
		before := len(w.pos)
		w.pos[id] = int32(i) // one map operation: a repeated ID leaves the length as it was
		if len(w.pos) == before || id == "" {
			clean = false
		}
	}
	<-done
	if !clean {
		return false
	}
	// The children of the account at input position p are
	// kids[first[p]:first[p+1]], in ascending ID order.
	parent := make([]int32, n)
	first := make([]int32, n+1)
	// Siblings usually come together: a parent repeated from the account
	// before costs a comparison rather than a map lookup.
	var lastID account.ID
	lastP := int32(-1)
	for i := range accts {
		parent[i] = -1
		if id := accts[i].Parent; id != "" {
			if lastP < 0 || id != lastID {
				p, ok := w.pos[id]
				if !ok {
					return false
				}
				lastID, lastP = id, p
			}
			parent[i] = lastP
			first[lastP+1]++
		}
	}
	for p := range n {
		first[p+1] += first[p]
	}
	kids := make([]int32, first[n])
	next := slices.Clone(first[:n])
	for i, p := range parent {
		if p >= 0 {
			kids[next[p]] = int32(i)
			next[p]++
		}
	}
	for p := range n {
		if g := kids[first[p]:first[p+1]]; len(g) > 1 {
			slices.SortFunc(g, func(a, b int32) int { return cmp.Compare(accts[a].ID, accts[b].ID) })
		}
	}
	// Depth first from the roots; an account on or below a loop is never
	// reached.
	stack := make([]int32, 0, len(roots))
	for _, r := range slices.Backward(roots) {
		stack = append(stack, r)
	}
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		w.place(p, parent[p], parent[p] < 0)
		for _, c := range slices.Backward(kids[first[p]:first[p+1]]) {
			stack = append(stack, c)
		}
	}
	return len(w.at) == n
}

// place numbers the account at input position p next in pre-order; its
// parent, at input position parent unless top is set, is numbered
// already.
func (w *WhiteSpace) place(p, parent int32, top bool) {
	k := int32(len(w.at))
	w.at = append(w.at, p)
	w.pre[p] = k
	if top {
		w.root = append(w.root, k)
		w.bc = append(w.bc, k)
		w.roots = append(w.roots, k)
		return
	}
	pk := w.pre[parent] // a parent comes before its children in pre-order
	w.root = append(w.root, w.root[pk])
	if w.root[pk] == pk {
		w.bc = append(w.bc, k)
	} else {
		w.bc = append(w.bc, w.bc[pk])
	}
}

// acct returns the account numbered k.
func (w *WhiteSpace) acct(k int32) *acctInfo { return &w.info[k] }

// acctInfo is what the analysis reads of an account: a fraction of an
// [account.Account], so that a large portfolio is not copied whole.
type acctInfo struct {
	ID                account.ID
	Segment, Industry string
	Tier              account.Tier
	Internal          bool
}

// lookup returns the number of the account id, and whether it is known.
func (w *WhiteSpace) lookup(id account.ID) (int32, bool) {
	p, ok := w.pos[id]
	if !ok {
		return 0, false
	}
	return w.pre[p], true
}

// sizes returns the size of each account by index (zero when it has
// none) and whether it has one.
func (w *WhiteSpace) sizes(m map[account.ID]decimal.Decimal) ([]decimal.Decimal, error) {
	out := make([]decimal.Decimal, len(w.at))
	// The common case, every size valid, is read root by root: when every
	// size found is not negative and every entry of m was found, m names
	// top-level accounts only. Otherwise the sizes are checked again in ID
	// order to report the problems in that order.
	found, clean := 0, true
	for _, r := range w.roots {
		if v, ok := m[w.info[r].ID]; ok {
			found++
			clean = clean && v.Sign() >= 0
			out[r] = v
		}
	}
	if clean && found == len(m) {
		return out, nil
	}
	var errs check
	keys := make([]account.ID, 0, len(m))
	for id := range m {
		keys = append(keys, id)
	}
	slices.Sort(keys)
	for _, id := range keys {
		v := m[id]
		k, ok := w.lookup(id)
		switch {
		case !ok:
			errs.errs.Add(&account.FieldError{Record: "Portfolio", Field: "Sizes[" + string(id) + "]", Value: string(id), Reason: "is not an account of the portfolio", Err: ErrUnknown})
		case w.root[k] != k:
			errs.errs.Add(&account.FieldError{Record: "Portfolio", Field: "Sizes[" + string(id) + "]", Value: string(id), Reason: "is not a top-level account", Err: ErrInvalid})
		case v.Sign() < 0:
			errs.errs.Add(&account.FieldError{Record: "Portfolio", Field: "Sizes[" + string(id) + "]", Value: v.String(), Reason: "must not be negative", Err: ErrInvalid})
		}
	}
	return nil, errs.err()
}

func (w *WhiteSpace) indexHoldings(hs []Holding, sizes []decimal.Decimal) ([]rootOffering, error) {
	// Holdings are checked and keyed in chunks on every CPU; the chunks'
	// results are joined in order, so the keys and errors do not depend
	// on the split.
	type part struct {
		keys []uint64
		vals []int32
		errs []error // at most fault.MaxErrors
		more int     // errors beyond those
	}
	parts := make([]part, parallel.Chunks(len(hs), 16384))
	parallel.For(len(parts), len(hs), func(c, lo, hi int) {
		p := &parts[c]
		p.keys = make([]uint64, 0, hi-lo)
		p.vals = make([]int32, 0, hi-lo)
		var last lastLookup
		for i := lo; i < hi; i++ {
			key, held, err := w.keyHolding(&hs[i], &last)
			switch {
			case err != nil && len(p.errs) < fault.MaxErrors:
				p.errs = append(p.errs, err)
			case err != nil:
				p.more++
			case held:
				p.keys = append(p.keys, key)
				p.vals = append(p.vals, int32(i))
			}
		}
	})
	var errs fault.List
	n := 0
	for _, p := range parts {
		for _, err := range p.errs {
			errs.Add(err)
		}
		for range p.more { // the list is full: these are only counted
			errs.Add(ErrInvalid)
		}
		n += len(p.keys)
	}
	if err := errs.Err(); err != nil {
		return nil, err
	}
	keys, vals := parts[0].keys, parts[0].vals
	if len(parts) > 1 {
		keys, vals = make([]uint64, 0, n), make([]int32, 0, n)
		for _, p := range parts {
			keys, vals = append(keys, p.keys...), append(vals, p.vals...)
		}
	}
	sortHeldKeys(keys, vals)
	w.heldAt = make([]int32, len(w.at)+1)
	ros := make([]rootOffering, 0, len(keys))
	w.heldCells = make([]heldCell, 0, len(keys))
	// Keys are sorted by (root, offering, centre): the runs of their top
	// bits are what a root holds of an offering, and within them the runs
	// of whole keys what each of its buying centres holds.
	var total sum
	for lo, hi := range rank.Runs(len(keys), func(i int) uint64 { return keys[i] }) {
		var cell sum
		for _, v := range vals[lo:hi] {
			cell.add(hs[v].Annual.Amount(), w.places)
		}
		total.addSum(&cell, w.places)
		key := keys[lo]
		w.heldCells = append(w.heldCells, heldCell{off: int32(key >> 24 & 0xffff), centre: int32(key & 0xffffff), annual: w.amountOf(&cell)})
		w.heldAt[key>>40+1]++
		if hi == len(keys) || keys[hi]>>24 != key>>24 {
			// The last buying centre of the root's run for the offering.
			ros = append(ros, rootOffering{root: int32(key >> 40), off: int32(key >> 24 & 0xffff), annual: w.amountOf(&total)})
			total = sum{}
		}
	}
	for k := range len(w.at) {
		w.heldAt[k+1] += w.heldAt[k]
	}
	// ros is in root order: each root's size is read once, as a float
	// and an integer, rather than once per offering it holds.
	var (
		sizeF  float64
		sizeU  uint64
		sizeOK bool
	)
	for i := range ros {
		r := &ros[i]
		s := sizes[r.root]
		if s.Sign() <= 0 {
			continue
		}
		if i == 0 || ros[i-1].root != r.root {
			sizeF = s.InexactFloat64()
			sizeU, sizeOK = wholeUnits(s)
		}
		r.sized = true
		r.ratio = w.float(r.annual) / sizeF
		r.sizeUnits = sizeU
		r.fast = r.annual.x == 0 && sizeOK
	}
	return ros, nil
}

// sortHeldKeys sorts the keys of the holdings, and their holdings with
// them, stably. Holdings listed by account, in ID order or in the order
// of the accounts, come in root order already: each root's few keys are
// then sorted apart (by insertion, when there are few), not all of them
// by a radix sort.
func sortHeldKeys(keys []uint64, vals []int32) {
	for i := 1; i < len(keys); i++ {
		if keys[i]>>40 < keys[i-1]>>40 {
			rank.SortPairs(keys, vals, make([]uint64, len(keys)), make([]int32, len(vals)))
			return
		}
	}
	var kb []uint64
	var vb []int32
	for lo, hi := range rank.Runs(len(keys), func(i int) uint64 { return keys[i] >> 40 }) {
		if n := hi - lo; cap(kb) < n {
			kb, vb = make([]uint64, n), make([]int32, n)
		}
		rank.SortPairs(keys[lo:hi], vals[lo:hi], kb[:hi-lo], vb[:hi-lo])
	}
}

// lookupAfter returns the number of the account id, and whether it is
// known, like [WhiteSpace.lookup]; when prev is set, it first tries the
// two accounts numbered after k (any k will do: a guess is taken only
// when its ID is id). Holdings listed by account, in ID order
// or in the order of the accounts, then name those next (a buying
// centre's, the next buying centre's, or the next top-level account's and
// its first buying centre's) and cost a comparison of IDs in order rather
// than a lookup at random in a map of every account.
func (w *WhiteSpace) lookupAfter(id account.ID, k int32, prev bool) (int32, bool) {
	if prev {
		for n := k + 1; n <= k+2 && int(n) < len(w.info); n++ {
			if w.info[n].ID == id {
				return n, true
			}
		}
	}
	return w.lookup(id)
}

// lastLookup remembers the account and offering last looked up while
// keying holdings: holdings usually come grouped by account, and a
// repeated ID then costs a comparison rather than a map lookup.
type lastLookup struct {
	account  account.ID
	offering account.OfferingID
	k, off   int32
	okA, okO bool
	set      bool
}

// keyHolding checks h against the portfolio and returns its sort key
// (top-level account, offering, buying centre) and whether it is held at
// the analysis's instant.
func (w *WhiteSpace) keyHolding(h *Holding, last *lastLookup) (uint64, bool, error) {
	if err := h.Validate(); err != nil {
		return 0, false, err
	}
	if !last.set || h.Account != last.account {
		last.k, last.okA = w.lookupAfter(h.Account, last.k, last.set)
		last.account = h.Account
	}
	if !last.set || h.Offering != last.offering {
		last.offering = h.Offering
		last.off, last.okO = w.offIndex[h.Offering]
	}
	last.set = true
	k, okA, off, okO := last.k, last.okA, last.off, last.okO
	if !okA || !okO || h.Annual.Currency() != w.opts.Currency || !w.offerings[off].Audience.Serves(w.acct(k).Internal) {
		f := &check{record: "Holding", id: string(h.ID)}
		if !okA {
			f.addAs(ErrUnknown, "Account", string(h.Account), "is not an account of the portfolio")
		}
		if !okO {
			f.addAs(ErrUnknown, "Offering", string(h.Offering), "is not in the catalogue")
		}
		if h.Annual.Currency() != w.opts.Currency {
			f.addAs(ErrCurrency, "Annual", h.Annual.String(), "is not in "+string(w.opts.Currency))
		}
		if okA && okO {
			if in := w.acct(k).Internal; !w.offerings[off].Audience.Serves(in) {
				f.addAs(ErrAudience, "Offering", string(h.Offering), "does not serve "+audienceWord(in)+" customers, and "+string(h.Account)+" is one")
			}
		}
		return 0, false, f.err()
	}
	if !h.HeldAt(w.opts.At) {
		return 0, false, nil
	}
	return uint64(w.root[k])<<40 | uint64(off)<<24 | uint64(w.bc[k]), true, nil
}

func (w *WhiteSpace) indexPipeline(cells []CellKey) {
	w.pipeline = make(map[uint64]struct{}, len(cells))
	for _, c := range cells {
		k, ok := w.lookup(c.Centre)
		off, okO := w.offIndex[c.Offering]
		if ok && okO {
			w.pipeline[uint64(k)<<16|uint64(off)] = struct{}{}
		}
	}
}

// groupOf returns the peer-group key of the top-level account k.
func (w *WhiteSpace) groupOf(k int32, sizes []decimal.Decimal) string {
	a := w.acct(k)
	switch w.opts.Peers {
	case PeerSegment:
		return a.Segment
	case PeerTier:
		return strconv.Itoa(int(a.Tier))
	case PeerIndustry:
		return a.Industry
	default:
		if sizes[k].Sign() <= 0 {
			return "none"
		}
		b := 0
		for b < len(w.opts.SizeBands) && sizes[k].Cmp(w.opts.SizeBands[b]) >= 0 {
			b++
		}
		return strconv.Itoa(b)
	}
}

// peerLabel describes a peer group in a suggestion's reason.
func (w *WhiteSpace) peerLabel(k int32, key string) string {
	switch w.opts.Peers {
	case PeerSegment:
		return "peers in segment " + strconv.Quote(key)
	case PeerTier:
		if w.acct(k).Tier == account.Unassigned {
			return "unassigned peers"
		}
		return "tier-" + key + " peers"
	case PeerIndustry:
		return "peers in industry " + strconv.Quote(key)
	default:
		if key == "none" {
			return "peers without a size"
		}
		return "peers in size band " + key
	}
}

func (w *WhiteSpace) suggestAll(ros []rootOffering, sizes []decimal.Decimal) {
	// Peer groups, numbered in ascending key order.
	keyOf := make([]string, len(w.roots))
	groupIndex := map[string]int32{}
	for i, r := range w.roots {
		keyOf[i] = w.groupOf(r, sizes)
		groupIndex[keyOf[i]] = 0
	}
	names := make([]string, 0, len(groupIndex))
	for k := range groupIndex {
		names = append(names, k)
	}
	slices.Sort(names)
	for i, k := range names {
		groupIndex[k] = int32(i)
	}
	members := make([]int32, len(names))
	groupOfRoot := make([]int32, len(w.at))
	rootPos := make([]int32, len(w.at))
	for i, r := range w.roots {
		g := groupIndex[keyOf[i]]
		members[g]++
		groupOfRoot[r] = g
		rootPos[r] = int32(i)
	}
	// Adoption per (group, offering).
	nOff := len(w.offerings)
	stats := make([]peerStats, len(names)*nOff)
	statOf := func(i int32) *peerStats { return &stats[int(groupOfRoot[ros[i].root])*nOff+int(ros[i].off)] }
	// The sized holders of every list at once, by ratio: one stable radix
	// sort of keys that order as the ratios do. ros is in ascending root
	// order, so ties stay in root order.
	keys, sized := make([]uint64, 0, len(ros)), make([]int32, 0, len(ros))
	for i := range ros {
		st := statOf(int32(i))
		st.holders++
		if ros[i].sized {
			keys = append(keys, ratioKey(ros[i].ratio))
			sized = append(sized, int32(i))
		}
	}
	rank.SortPairs(keys, sized, make([]uint64, len(keys)), make([]int32, len(sized)))
	// Each list is a run of one backing array, filled in ratio order.
	counts := make([]int32, len(stats)+1)
	for _, i := range sized {
		counts[int(groupOfRoot[ros[i].root])*nOff+int(ros[i].off)+1]++
	}
	for si := range stats {
		counts[si+1] += counts[si]
	}
	backing := make([]int32, len(sized))
	for si := range stats {
		stats[si].sorted = backing[counts[si]:counts[si]:counts[si+1]]
	}
	posInStats := make([]int32, len(ros))
	for _, i := range sized {
		st := statOf(i)
		posInStats[i] = int32(len(st.sorted))
		st.sorted = append(st.sorted, i)
	}
	// The offerings each group holds, most holders first (ties in ID
	// order), so that an account walks only the head of its group's list.
	groupOffs := make([][]int32, len(names))
	for g := range names {
		for off := range nOff {
			if stats[g*nOff+off].holders > 0 {
				groupOffs[g] = append(groupOffs[g], int32(off))
			}
		}
		slices.SortStableFunc(groupOffs[g], func(a, b int32) int {
			return cmp.Compare(stats[g*nOff+int(b)].holders, stats[g*nOff+int(a)].holders)
		})
	}
	// What each root holds, by offering: ros[rosAt[i]:rosAt[i+1]].
	rosAt := make([]int32, len(w.roots)+1)
	for i := range ros {
		rosAt[rootPos[ros[i].root]+1]++
	}
	for i := range w.roots {
		rosAt[i+1] += rosAt[i]
	}
	w.suggest = make([][]sugg, len(w.roots))
	w.keyOf = keyOf
	places := int32(max(w.opts.Currency.MinorUnits(), 0))
	parallel.For(parallel.Chunks(len(w.roots), 256), len(w.roots), func(_, lo, hi int) {
		// arena (the open centres of the candidates) and out are reused
		// from root to root; what each root keeps is copied into kept and
		// keptOpen, a few allocations per chunk rather than some per root.
		var arena, keptOpen []int32
		var out, kept []sugg
		for i := lo; i < hi; i++ {
			r := w.roots[i]
			g := groupOfRoot[r]
			peers := int(members[g]) - 1
			if peers < w.opts.MinPeers || sizes[r].Sign() <= 0 {
				continue
			}
			own := ros[rosAt[i]:rosAt[i+1]]
			out, arena = out[:0], arena[:0]
			least := 0 // the fewest holders among the suggestions in out
			for _, off := range groupOffs[g] {
				st := &stats[int(g)*nOff+int(off)]
				holders := int(st.holders)
				// An offering the account holds has one holder fewer among
				// its peers, so the walk may stop only once the unadjusted
				// count is below every suggestion kept: nothing after it
				// can rank among them.
				if len(out) >= w.opts.Top && holders < least {
					break
				}
				self := int32(-1)
				if j, ok := slices.BinarySearchFunc(own, off, func(x rootOffering, t int32) int { return cmp.Compare(x.off, t) }); ok {
					holders--
					self = rosAt[i] + int32(j)
				}
				if holders == 0 || w.offerings[off].Lifecycle != LifecycleActive {
					continue
				}
				c := candidate{off: off, holders: holders, self: self}
				if s, ok := w.suggestion(i, c, peers, ros, posInStats, st, sizes, &arena); ok {
					if len(out) == 0 || holders < least {
						least = holders
					}
					out = append(out, s)
				}
			}
			slices.SortFunc(out, func(a, b sugg) int {
				if c := cmp.Compare(b.holders, a.holders); c != 0 {
					return c
				}
				if c := b.cmpExpected(&a, places); c != 0 {
					return c
				}
				return cmp.Compare(a.off, b.off) // offerings are numbered in ID order
			})
			n := min(len(out), w.opts.Top)
			if n == 0 {
				continue
			}
			if cap(kept)-len(kept) < n {
				kept = make([]sugg, 0, max(n, (hi-i)*min(w.opts.Top, DefaultTop)))
			}
			start := len(kept)
			for _, s := range out[:n] {
				if cap(keptOpen)-len(keptOpen) < len(s.open) {
					keptOpen = make([]int32, 0, max(len(s.open), 4096))
				}
				o := len(keptOpen)
				keptOpen = append(keptOpen, s.open...)
				s.open = keptOpen[o:len(keptOpen):len(keptOpen)]
				kept = append(kept, s)
			}
			w.suggest[i] = kept[start:len(kept):len(kept)]
		}
	})
}

// ratioKey returns a key that orders as the ratios do under
// [cmp.Compare]: NaN first, then every other ratio (which is never
// negative) by its bits.
func ratioKey(r float64) uint64 {
	if r != r {
		return 0
	}
	return math.Float64bits(r) + 1
}

// sugg is a suggestion as the analysis keeps it; [WhiteSpace.Suggestions]
// turns it into a Suggestion when asked.
type sugg struct {
	off            int32
	holders, peers int
	open           []int32 // the open centres
	current        amount
	// median and expected are in minor units when dec is nil (every
	// operand was whole in them: the common case, with no allocation);
	// otherwise dec holds them.
	median, expected int64
	dec              *suggDec
}

// suggDec holds a suggestion's amounts when they are not computed in
// minor units.
type suggDec struct{ median, expected decimal.Decimal }

// amounts returns the suggestion's median and expected value as
// decimals, places being the currency's minor units.
func (s *sugg) amounts(places int32) (median, expected decimal.Decimal) {
	if s.dec != nil {
		return s.dec.median, s.dec.expected
	}
	return decimal.New(s.median, -places), decimal.New(s.expected, -places)
}

// cmpExpected compares the expected values of s and t.
func (s *sugg) cmpExpected(t *sugg, places int32) int {
	if s.dec == nil && t.dec == nil {
		return cmp.Compare(s.expected, t.expected)
	}
	_, a := s.amounts(places)
	_, b := t.amounts(places)
	return a.Cmp(b)
}

type candidate struct {
	off, self int32
	holders   int
}

// suggestion builds the suggestion of offering c.off for the i-th root,
// or reports that there is none (no open cell, no sized holder, or no
// positive expected value). The open centres go into *arena.
func (w *WhiteSpace) suggestion(i int, c candidate, peers int, ros []rootOffering, posInStats []int32, st *peerStats, sizes []decimal.Decimal, arena *[]int32) (sugg, bool) {
	size := sizes[w.roots[i]]
	r := w.roots[i]
	start := len(*arena)
	for _, centre := range w.centres[i] {
		if cell, _ := w.cellOf(r, centre, c.off); cell.Kind == CellOpen {
			*arena = append(*arena, centre)
		}
	}
	if len(*arena) == start {
		return sugg{}, false
	}
	// The median of the sorted holders, less the account itself.
	vals := st.sorted
	skip := -1
	if c.self >= 0 && ros[c.self].sized {
		skip = int(posInStats[c.self])
	}
	m := len(vals)
	if skip >= 0 {
		m--
	}
	if m == 0 {
		*arena = (*arena)[:start]
		return sugg{}, false
	}
	at := func(j int) *rootOffering {
		if skip >= 0 && j >= skip {
			j++
		}
		return &ros[vals[j]]
	}
	var current amount
	if c.self >= 0 {
		current = ros[c.self].annual
	}
	open := (*arena)[start:len(*arena):len(*arena)]
	q, fast := fastMedian(at, m, size)
	if fast && current.x == 0 {
		// Both are below 2^62: the difference cannot overflow.
		expected := int64(q) - current.u
		if expected <= 0 {
			*arena = (*arena)[:start]
			return sugg{}, false
		}
		return sugg{off: c.off, holders: c.holders, peers: peers, open: open, current: current, median: int64(q), expected: expected}, true
	}
	places := w.places
	var median decimal.Decimal
	if fast {
		median = decimal.New(int64(q), -places)
	} else if m%2 == 1 {
		x := at(m / 2)
		median = w.dec(x.annual).Mul(size).DivRound(sizes[x.root], places)
	} else {
		x, y := at(m/2-1), at(m/2)
		xa, xs, ya, ys := w.dec(x.annual), sizes[x.root], w.dec(y.annual), sizes[y.root]
		num := xa.Mul(ys).Add(ya.Mul(xs)).Mul(size)
		median = num.DivRound(xs.Mul(ys).Mul(decimal.NewFromInt(2)), places)
	}
	expected := median.Sub(w.dec(current))
	if expected.Sign() <= 0 {
		*arena = (*arena)[:start]
		return sugg{}, false
	}
	return sugg{off: c.off, holders: c.holders, peers: peers, open: open, current: current, dec: &suggDec{median: median, expected: expected}}, true
}

// wholeUnits returns d as an integer if it is whole, not negative and
// below 10^18.
func wholeUnits(d decimal.Decimal) (uint64, bool) { return scaledUnits(d, 0) }

// scaledUnits returns d·10^places as an integer if its coefficient needs
// no division, it is not negative, and it is below 10^18 (so below 2^62).
// It reads the coefficient directly: no big-number arithmetic.
func scaledUnits(d decimal.Decimal, places int32) (uint64, bool) {
	e := d.Exponent() + places
	if d.Sign() < 0 || e < 0 || e > 18 || d.NumDigits()+int(e) > 18 {
		return 0, false
	}
	u := uint64(d.CoefficientInt64())
	for range e {
		u *= 10
	}
	return u, true
}

// fastMedian computes the scaled median of fastMedian's caller in 128-bit
// integers, in minor units rounded half up (every quantity is positive),
// when every operand is whole and the intermediate products fit; it
// returns false otherwise, and the caller computes it with decimals. Both
// give the same result.
func fastMedian(at func(int) *rootOffering, m int, size decimal.Decimal) (uint64, bool) {
	sz, ok := wholeUnits(size)
	if !ok {
		return 0, false
	}
	if m%2 == 1 {
		x := at(m / 2)
		if !x.fast {
			return 0, false
		}
		return mulDivRound(uint64(x.annual.u), sz, x.sizeUnits)
	}
	x, y := at(m/2-1), at(m/2)
	if !x.fast || !y.fast {
		return 0, false
	}
	h1, p1 := bits.Mul64(uint64(x.annual.u), y.sizeUnits)
	h2, p2 := bits.Mul64(uint64(y.annual.u), x.sizeUnits)
	hd, den := bits.Mul64(x.sizeUnits, y.sizeUnits)
	num, carry := bits.Add64(p1, p2, 0)
	if h1 != 0 || h2 != 0 || carry != 0 || hd != 0 || den >= 1<<63 {
		return 0, false
	}
	return mulDivRound(num, sz, 2*den)
}

// mulDivRound returns a·b/c rounded half up, if c > 0 and the quotient
// fits in 64 bits.
func mulDivRound(a, b, c uint64) (uint64, bool) {
	hi, lo := bits.Mul64(a, b)
	if c == 0 || hi >= c {
		return 0, false
	}
	q, r := bits.Div64(hi, lo, c)
	// Round half up: r >= c - r, computed without overflow.
	if r >= c-r {
		if q == ^uint64(0) {
			return 0, false
		}
		q++
	}
	if q >= 1<<62 {
		return 0, false
	}
	return q, true
}

func moneyOf(d decimal.Decimal, c account.Currency) account.Money {
	m, _ := account.NewMoney(d, c) // c was validated
	return m
}

// cellAt returns the cell of the root r's buying centre and offering off.
func (w *WhiteSpace) cellAt(r, centre, off int32) Cell {
	c, j := w.cellOf(r, centre, off)
	if c.Kind == CellHeld {
		c.Annual = moneyOf(w.dec(w.heldCells[j].annual), w.opts.Currency)
	}
	return c
}

// cellOf returns the cell of the root r's buying centre and offering off
// less its Annual value, which costs an allocation, and for a held cell
// its index in heldCells.
func (w *WhiteSpace) cellOf(r, centre, off int32) (Cell, int32) {
	held := w.heldCells[w.heldAt[r]:w.heldAt[r+1]]
	if j, ok := slices.BinarySearchFunc(held, heldCell{off: off, centre: centre}, func(a, b heldCell) int {
		if c := cmp.Compare(a.off, b.off); c != 0 {
			return c
		}
		return cmp.Compare(a.centre, b.centre)
	}); ok {
		return Cell{Kind: CellHeld}, w.heldAt[r] + int32(j)
	}
	if _, ok := w.pipeline[uint64(centre)<<16|uint64(off)]; ok {
		return Cell{Kind: CellPipeline}, -1
	}
	of := &w.offerings[off]
	a := w.acct(centre)
	if !of.Audience.Serves(a.Internal) {
		return Cell{Kind: CellIneligible, Ineligible: IneligibleAudience, Detail: "does not serve " + audienceWord(a.Internal) + " customers"}, -1
	}
	if of.Lifecycle != LifecycleActive {
		return Cell{Kind: CellIneligible, Ineligible: IneligibleLifecycle, Detail: "is " + of.Lifecycle.String()}, -1
	}
	if w.opts.Eligible != nil {
		if why := w.opts.Eligible(w.input[w.at[centre]].Clone(), *of); why != "" {
			return Cell{Kind: CellIneligible, Ineligible: IneligibleRule, Detail: why}, -1
		}
	}
	return Cell{Kind: CellOpen}, -1
}

// Accounts returns the top-level accounts analysed, in ascending ID
// order.
func (w *WhiteSpace) Accounts() []account.ID {
	out := make([]account.ID, len(w.roots))
	for i, r := range w.roots {
		out[i] = w.acct(r).ID
	}
	return out
}

// rootIndex returns the position of the top-level account id among the
// roots, or -1.
func (w *WhiteSpace) rootIndex(id account.ID) int {
	k, ok := w.lookup(id)
	if !ok || w.root[k] != k {
		return -1
	}
	i, _ := slices.BinarySearchFunc(w.roots, id, func(r int32, id account.ID) int { return cmp.Compare(w.acct(r).ID, id) })
	return i
}

// Suggestions returns the ranked suggestions of the top-level account id
// (see [NewWhiteSpace] for the ranking), or an error wrapping
// [ErrUnknown] if id is not a top-level account of the portfolio. The
// slice is the caller's.
func (w *WhiteSpace) Suggestions(id account.ID) ([]Suggestion, error) {
	i := w.rootIndex(id)
	if i < 0 {
		return nil, w.notRoot(id)
	}
	r := w.roots[i]
	cur := w.opts.Currency
	places := int32(max(cur.MinorUnits(), 0))
	out := make([]Suggestion, len(w.suggest[i]))
	for j, s := range w.suggest[i] {
		of := &w.offerings[s.off]
		centres := make([]account.ID, len(s.open))
		for k, c := range s.open {
			centres[k] = w.acct(c).ID
		}
		median, expected := s.amounts(places)
		pm := moneyOf(median, cur)
		out[j] = Suggestion{
			Account:    id,
			Offering:   of.ID,
			Family:     of.Family,
			Centres:    centres,
			Holders:    s.holders,
			Peers:      s.peers,
			PeerMedian: pm,
			Current:    moneyOf(w.dec(s.current), cur),
			Expected:   moneyOf(expected, cur),
			Reason: "held by " + strconv.Itoa(s.holders) + " of " + strconv.Itoa(s.peers) + " " +
				w.peerLabel(r, w.keyOf[i]) + "; peer median " + pm.String() + " a year",
		}
	}
	return out, nil
}

func (w *WhiteSpace) notRoot(id account.ID) error {
	return &account.FieldError{Record: "WhiteSpace", Field: "account", Value: string(id), Reason: "is not a top-level account of the portfolio", Err: ErrUnknown}
}

// Matrix returns the white-space matrix of the top-level account id, or
// an error wrapping [ErrUnknown] if id is not a top-level account of the
// portfolio. It costs O(centres × offerings).
func (w *WhiteSpace) Matrix(id account.ID) (Matrix, error) {
	i := w.rootIndex(id)
	if i < 0 {
		return Matrix{}, w.notRoot(id)
	}
	r := w.roots[i]
	m := Matrix{Account: id, Offerings: make([]account.OfferingID, len(w.offerings))}
	for j, of := range w.offerings {
		m.Offerings[j] = of.ID
	}
	rows := w.centres[i]
	if rows[0] != r {
		// Holdings booked on the account itself, when it has children.
		held := w.heldCells[w.heldAt[r]:w.heldAt[r+1]]
		if slices.ContainsFunc(held, func(h heldCell) bool { return h.centre == r }) {
			row := make([]Cell, len(w.offerings))
			for _, h := range held {
				if h.centre == r {
					row[h.off] = Cell{Kind: CellHeld, Annual: moneyOf(w.dec(h.annual), w.opts.Currency)}
				}
			}
			m.Centres = append(m.Centres, id)
			m.Cells = append(m.Cells, row)
		}
	}
	for _, c := range rows {
		row := make([]Cell, len(w.offerings))
		for j := range w.offerings {
			row[j] = w.cellAt(r, c, int32(j))
		}
		m.Centres = append(m.Centres, w.acct(c).ID)
		m.Cells = append(m.Cells, row)
	}
	return m, nil
}
