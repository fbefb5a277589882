package tiering

import (
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
)

// An AssignPolicy is the set of rules [Assign] follows. It is a plain struct
// that the caller fills in; check it with [AssignPolicy.Validate].
//
// The zero AssignPolicy is valid: every account costs one workload unit, no
// region, industry or skill is matched, there is no tier-1 limit and no pin,
// hierarchies may be split, balance comes first and any number of accounts
// may be handed over.
type AssignPolicy struct {
	// Workload returns the workload units account a costs its manager, in
	// the units of [account.Manager.Capacity]; a tier's service model
	// usually provides it. It must not return a negative number. nil means
	// every account costs one unit.
	Workload func(a account.Account) int

	// Skills returns the skills account a needs (say "SAP" or "public
	// sector"). A manager may own a only if the manager's Skills list holds
	// every one of them: a manager with no skills listed has none, and may
	// own only accounts that need none. nil, or an empty result, means a
	// needs no skill. Entries must be non-empty.
	Skills func(a account.Account) []string

	// MatchRegion requires a manager's Regions to include the account's
	// Region, and MatchIndustry a manager's Industries to include its
	// Industry. An account with an empty Region (Industry) matches every
	// manager, and so does a manager with an empty list: as
	// [account.Manager] documents, an empty Regions or Industries list
	// covers them all. (Skills differ: see above.)
	MatchRegion   bool // match the account's Region against the manager's Regions
	MatchIndustry bool // match the account's Industry against the manager's Industries

	// MaxTier1 is the most tier-1 accounts one manager may own; 0 means no
	// limit.
	MaxTier1 int

	// Pins fixes accounts to managers: Pins[a] = m means that account a
	// (and, with KeepHierarchies, its whole hierarchy) goes to manager m or
	// to nobody. Every key must be one of the accounts and every value one
	// of the managers passed to Assign. A pinned account still obeys every
	// other rule: if m is inactive, full, or fails a match, the account is
	// reported unplaced with reason [UnplacedPin].
	Pins map[account.ID]account.ManagerID

	// KeepHierarchies keeps every hierarchy (an ultimate parent and all
	// accounts below it, see [account.Hierarchy]) with a single manager.
	// The hierarchy is placed as one unit whose workload is the sum of its
	// accounts' workloads, whose tier-1 count is theirs, and which only a
	// manager who may own every one of its accounts can take.
	KeepHierarchies bool

	// Continuity is the balance given up to keep accounts with their
	// current owners, as a fraction of the best balance found: with
	// Continuity 0.1, the largest load ratio may end up to 10% above the
	// best one Assign found, if that lets more owners keep their accounts.
	// 0 puts balance first (owners still keep their accounts wherever that
	// costs no balance); with a large value, such as 100, owners keep their
	// accounts up to their full capacity, as long as every other account
	// can still be placed. It must be finite and not negative.
	Continuity float64

	// MaxHandovers is the most accounts that may be taken from a current
	// owner who could own them, to balance loads or because the owner's
	// capacity or tier-1 limit is exceeded (handovers with reason
	// [HandoverBalance] or [HandoverCapacity]). Handovers the owner cannot
	// prevent (the owner left, no longer matches, a pin, a hierarchy) and
	// first owners do not count. 0 means no limit; a negative value allows
	// none. An account that must leave an over-full owner after the limit
	// is reached is reported unplaced with reason [UnplacedHandoverLimit].
	MaxHandovers int
}

// Validate reports every problem with p as a [*ConfigError] (Where
// "AssignPolicy", wrapping [ErrConfig]) joined with [errors.Join], or nil
// if p is valid. It checks that Continuity is finite and not negative, that
// MaxTier1 is not negative, and that no pin has an empty account or manager
// ID. Whether pins name known accounts and managers is checked by [Assign],
// which sees them.
func (p AssignPolicy) Validate() error {
	var c configErrors
	const where = "AssignPolicy"
	if math.IsNaN(p.Continuity) || math.IsInf(p.Continuity, 0) || p.Continuity < 0 {
		c.add(where, "Continuity", p.Continuity, "must be finite and not negative")
	}
	if p.MaxTier1 < 0 {
		c.add(where, "MaxTier1", p.MaxTier1, "must not be negative")
	}
	for _, id := range slices.Sorted(maps.Keys(p.Pins)) {
		m := p.Pins[id]
		field := "Pins[" + strconv.Quote(string(id)) + "]"
		switch {
		case id == "":
			c.add(where, field, string(m), "pins an account with no ID")
		case m == "":
			c.add(where, field, nil, "names no manager")
		}
	}
	return c.err()
}

// An Assignment is the result of [Assign]. Every account passed in appears
// exactly once, in Placements or in Unplaced. The zero Assignment is the
// result for no accounts and no managers.
type Assignment struct {
	// Placements lists the placed accounts in ascending account ID order.
	Placements []Placement

	// Loads lists every manager passed in, inactive ones too, in ascending
	// manager ID order.
	Loads []ManagerLoad

	// Handovers lists, in ascending account ID order, every placed account
	// whose manager is not its current Owner, first owners included.
	Handovers []Handover

	// Unplaced lists, in ascending account ID order, the accounts that could
	// not be placed without breaking a rule, and why. They keep no manager:
	// Assign never fills a manager beyond capacity to place them.
	Unplaced []Unplaced

	// MaxRatio is the largest load-to-capacity ratio of any manager.
	MaxRatio float64

	// LowerBound is a ratio below which no assignment can bring MaxRatio
	// while placing every account that has an eligible manager. It is the
	// largest of: the total load ÷ total capacity of each set of managers
	// that can share accounts; for each account or hierarchy, its workload ÷
	// the largest capacity among the managers who may own it; each
	// manager's pinned load ÷ capacity; and, for each set S of managers who
	// may own some account, the load that only managers of S may take ÷
	// their capacity (this last term only when there are at most 1,024
	// distinct such sets). MaxRatio ÷ LowerBound − 1 bounds how far the balance
	// is from the optimum; a LowerBound above 1 proves that some accounts
	// cannot be placed.
	LowerBound float64
}

// A Placement is one account and the manager it is assigned to. The zero
// Placement places no account.
type Placement struct {
	Account  account.ID        // the account placed
	Manager  account.ManagerID // the manager who owns it after assignment
	Workload int               // the account's workload units
}

// A ManagerLoad is what one manager carries after assignment. The zero
// ManagerLoad describes no manager.
type ManagerLoad struct {
	Manager  account.ManagerID // the manager
	Accounts int               // how many accounts the manager owns
	Tier1    int               // how many of them are tier 1
	Load     int               // the sum of their workload units, never above Capacity
	Capacity int               // the manager's capacity
	Ratio    float64           // Load ÷ Capacity; 0 when Capacity is 0
}

// A Handover is an account given to a manager other than its current owner
// (its Owner field): a change of owner, as a [Move] is a change of tier.
// The zero Handover describes no account.
type Handover struct {
	Account account.ID        // the account handed over
	From    account.ManagerID // the current owner, "" for an account that had none
	To      account.ManagerID // the new owner
	Reason  HandoverReason    // why it changes owner
}

// HandoverReason says why an account changes manager. Only
// [HandoverBalance] and [HandoverCapacity] count towards
// [AssignPolicy.MaxHandovers]. The zero value is not a reason Assign gives.
type HandoverReason uint8

// The handover reasons, in the order Assign tests them.
const (
	HandoverNew        HandoverReason = iota + 1 // the account had no owner
	HandoverOwnerGone                            // the owner is inactive or not among the managers
	HandoverPinned                               // the account is pinned to another manager
	HandoverIneligible                           // the owner fails a rule for this account (match, audience, capacity)
	HandoverHierarchy                            // the account joins the manager of its hierarchy
	HandoverCapacity                             // the owner's accounts exceed the owner's capacity or tier-1 limit
	HandoverBalance                              // moved to balance the managers' loads
)

var handoverNames = enum.New("HandoverReason", map[HandoverReason]string{
	HandoverNew:        "new",
	HandoverOwnerGone:  "owner gone",
	HandoverPinned:     "pinned",
	HandoverIneligible: "ineligible",
	HandoverHierarchy:  "hierarchy",
	HandoverCapacity:   "capacity",
	HandoverBalance:    "balance",
})

// String returns the reason's name, such as "balance", or
// "%!HandoverReason(9)" for an unknown value.
func (r HandoverReason) String() string {
	return handoverNames.String(r)
}

// An Unplaced is an account that [Assign] could not place. The zero
// Unplaced describes no account.
type Unplaced struct {
	Account  account.ID        // the account left without a manager
	Owner    account.ManagerID // the current owner, who no longer keeps it, or ""
	Workload int               // the account's workload units
	Reason   UnplacedReason    // why it could not be placed
	Detail   string            // a sentence for people, such as `no active manager serves region "APAC"`
}

// UnplacedReason says why an account could not be placed. The zero value
// is not a reason Assign gives.
type UnplacedReason uint8

// The reasons an account is left unplaced.
const (
	// UnplacedNoMatch: no active manager with capacity meets the account's
	// region, industry, skill and audience rules (for a hierarchy, those of
	// every account in it).
	UnplacedNoMatch UnplacedReason = iota + 1
	// UnplacedTooLarge: the workload of the account, or of its hierarchy,
	// exceeds the capacity of every manager who matches it.
	UnplacedTooLarge
	// UnplacedTier1Limit: the account's hierarchy holds more tier-1 accounts
	// than MaxTier1 allows one manager; or every manager who may own the
	// tier-1 account (or hierarchy) and has room for its workload already
	// holds MaxTier1 tier-1 accounts.
	UnplacedTier1Limit
	// UnplacedPin: the pinned manager is inactive, fails a rule, has no room
	// left, or the hierarchy's accounts are pinned to different managers.
	UnplacedPin
	// UnplacedNoRoom: every manager who could take the account is full.
	UnplacedNoRoom
	// UnplacedHandoverLimit: the account must leave its over-full owner, but
	// MaxHandovers is reached.
	UnplacedHandoverLimit
)

var unplacedNames = enum.New("UnplacedReason", map[UnplacedReason]string{
	UnplacedNoMatch:       "no match",
	UnplacedTooLarge:      "too large",
	UnplacedTier1Limit:    "tier-1 limit",
	UnplacedPin:           "pin",
	UnplacedNoRoom:        "no room",
	UnplacedHandoverLimit: "handover limit",
})

// String returns the reason's name, such as "no room", or
// "%!UnplacedReason(9)" for an unknown value.
func (r UnplacedReason) String() string {
	return unplacedNames.String(r)
}
