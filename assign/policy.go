package assign

import (
	"maps"
	"math"
	"slices"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// A Policy is the set of rules [Accounts] follows. It is a plain struct
// that the caller fills in; check it with [Policy.Validate].
//
// The zero Policy is valid: every account costs one workload unit, no
// region, industry or skill is matched, there is no tier-1 limit and no pin,
// hierarchies may be split, balance comes first and any number of accounts
// may be handed over.
type Policy struct {
	// Workload returns the workload units account a costs its manager, in
	// the units of [account.Manager.Capacity]; a tier's service model
	// usually provides it (tiering.ServiceModels.Workload has this
	// signature). It must not return a negative number. nil means every
	// account costs one unit.
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
	// of the managers passed to [Accounts]. A pinned account still obeys every
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
	// best one [Accounts] found, if that lets more owners keep their accounts.
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

// Validate reports every problem with p, or nil if p is valid. It checks
// that Continuity is finite and not negative, that MaxTier1 is not
// negative, and that no pin has an empty account or manager ID. Each
// problem is an [*account.FieldError] with Record "Policy", Field the field
// at fault ("Continuity", "MaxTier1", `Pins["acme"]`) and Err [ErrInvalid];
// they are joined in that order, pins in ascending account ID order, at
// most 100 of them, then a count of the rest. Whether pins name known
// accounts and managers is checked by [Accounts], which sees them.
func (p Policy) Validate() error {
	var l fault.List
	add := func(field string, value any, reason string) {
		l.Add(&account.FieldError{Record: "Policy", Field: field, Value: value, Reason: reason, Err: ErrInvalid})
	}
	if math.IsNaN(p.Continuity) || math.IsInf(p.Continuity, 0) || p.Continuity < 0 {
		add("Continuity", p.Continuity, "must be finite and not negative")
	}
	if p.MaxTier1 < 0 {
		add("MaxTier1", p.MaxTier1, "must not be negative")
	}
	for _, id := range slices.Sorted(maps.Keys(p.Pins)) {
		switch m := p.Pins[id]; {
		case id == "":
			add(pinField(id), string(m), "pins an account with no ID")
		case m == "":
			add(pinField(id), nil, "names no manager")
		}
	}
	return l.Err()
}

// pinField returns the field of p.Pins that pins account id, such as
// `Pins["acme"]`, with the ID quoted and cut as errors quote values.
func pinField(id account.ID) string {
	return "Pins[" + fault.Quote(string(id)) + "]"
}
