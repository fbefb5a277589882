package assign

import (
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
)

// A Result is what [Accounts] returns: who owns each account, each
// manager's load, the changes of owner and the accounts left unplaced.
// Every account passed in appears exactly once, in Placements or in
// Unplaced. The zero Result is the result for no accounts and no managers.
type Result struct {
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
	// [Accounts] never fills a manager beyond capacity to place them.
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
// (its Owner field): a change of owner, as tiering's Move is a change of
// tier.
// The zero Handover describes no account.
type Handover struct {
	Account account.ID        // the account handed over
	From    account.ManagerID // the current owner, "" for an account that had none
	To      account.ManagerID // the new owner
	Reason  HandoverReason    // why it changes owner
}

// HandoverReason says why an account changes manager. Only
// [HandoverBalance] and [HandoverCapacity] count towards
// [Policy.MaxHandovers]. The zero value is not a reason [Accounts] gives;
// it prints as "%!HandoverReason(0)" and does not marshal.
type HandoverReason uint8

// The handover reasons, in the order [Accounts] tests them.
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

// MarshalText returns the reason's name, such as "balance", so that a
// HandoverReason is a string in JSON. An unknown value is an error: an
// [*account.FieldError] wrapping [ErrInvalid].
// The zero HandoverReason is the exception: it is the empty text, unset.
func (r HandoverReason) MarshalText() ([]byte, error) {
	return handoverNames.MarshalText(r, ErrInvalid)
}

// UnmarshalText sets r to the reason named text, such as "balance". An
// unknown name is an error: an [*account.FieldError] listing the known
// names, wrapping [ErrInvalid].
// The empty text is the zero HandoverReason.
func (r *HandoverReason) UnmarshalText(text []byte) error {
	v, err := handoverNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*r = v
	}
	return err
}

// An Unplaced is an account that [Accounts] could not place. The zero
// Unplaced describes no account.
type Unplaced struct {
	Account  account.ID        // the account left without a manager
	Owner    account.ManagerID // the current owner, who no longer keeps it, or ""
	Workload int               // the account's workload units
	Reason   UnplacedReason    // why it could not be placed
	Detail   string            // a sentence for people, such as `no active manager serves region "APAC"`
}

// UnplacedReason says why an account could not be placed. The zero value
// is not a reason [Accounts] gives; it prints as "%!UnplacedReason(0)" and
// does not marshal.
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
	// than [Policy.MaxTier1] allows one manager; or every manager who may own the
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

// MarshalText returns the reason's name, such as "no room", so that an
// UnplacedReason is a string in JSON. An unknown value is an error: an
// [*account.FieldError] wrapping [ErrInvalid].
// The zero UnplacedReason is the exception: it is the empty text, unset.
func (r UnplacedReason) MarshalText() ([]byte, error) {
	return unplacedNames.MarshalText(r, ErrInvalid)
}

// UnmarshalText sets r to the reason named text, such as "no room". An
// unknown name is an error: an [*account.FieldError] listing the known
// names, wrapping [ErrInvalid].
// The empty text is the zero UnplacedReason.
func (r *UnplacedReason) UnmarshalText(text []byte) error {
	v, err := unplacedNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*r = v
	}
	return err
}
