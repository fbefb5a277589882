package tiering

import (
	"cmp"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/shopspring/decimal"
)

// A Plan is a dry run of a re-tiering: every account that would change
// tier, and why, with the transition matrix and the share of accounts that
// would move. Building one saves nothing and changes nothing.
//
// The zero Plan is an empty plan.
type Plan struct {
	Current  Fingerprint // the fingerprint of the configuration behind the current tiers, as passed to Result.Plan
	Proposed Fingerprint // the fingerprint of the configuration behind the proposed tiers
	At       time.Time   // the instant of the proposed run

	// Moves lists every account whose tier would change, in ascending ID
	// order.
	Moves []Move

	// Transitions holds one entry for each (from, to) pair of tiers with at
	// least one account, staying accounts included (From == To), ordered by
	// From, then To; Unassigned sorts first.
	Transitions []Transition

	Accounts int // accounts in the plan
	Changed  int // accounts whose tier would change: len(Moves)
}

// A Move is one account's change of tier in a re-tiering. The zero Move
// describes no account.
type Move struct {
	Account  account.ID    // the account that would move
	From, To account.Tier  // the current tier (the account's Tier field) and the proposed one
	Reason   MoveReason    // why the account would move
	Score    Points        // the account's score in the run
	Value    account.Money // the account's value from Input.Values; the zero Money if it has none
}

// A Transition is one cell of a plan's transition matrix: the accounts
// that would go from one tier to another, and their total value. The zero
// Transition is the empty cell from Unassigned to Unassigned.
type Transition struct {
	From, To account.Tier  // the current and proposed tiers; equal for the accounts that stay
	Accounts int           // how many accounts go from From to To
	Value    account.Money // their total value from Input.Values; the zero Money if none has one
}

// MoveReason says why an account would move from its current tier to the
// one a run proposes; why it has the proposed tier is a [TierReason]. The
// zero MoveReason is [MoveScore].
type MoveReason uint8

// The reasons for a move.
const (
	// MoveScore: the configuration is unchanged, so the account's score
	// (or the scores around it) moved it.
	MoveScore MoveReason = iota
	// MovePolicy: the configuration changed (the fingerprints differ).
	MovePolicy
	// MoveOverride: an override in force pins the account.
	MoveOverride
	// MoveExpiry: the account's override expired, and the policy now
	// tiers it.
	MoveExpiry
	// MoveNew: the account had no tier.
	MoveNew
)

var moveReasonNames = enum.New("MoveReason", map[MoveReason]string{
	MoveScore:    "score change",
	MovePolicy:   "policy change",
	MoveOverride: "override",
	MoveExpiry:   "expiry",
	MoveNew:      "new",
})

// String returns the reason's name, such as "policy change", or
// "%!MoveReason(9)" for an unknown value.
func (r MoveReason) String() string { return moveReasonNames.String(r) }

// MarshalText returns the MoveReason's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (r MoveReason) MarshalText() ([]byte, error) { return moveReasonNames.MarshalText(r, ErrInvalid) }

// UnmarshalText parses a name written by [MoveReason.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (r *MoveReason) UnmarshalText(text []byte) error {
	v, err := moveReasonNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*r = v
	}
	return err
}

// Plan compares the tiers the accounts are in now (their Tier field, as
// given to [Score]) with the tiers t proposes, and returns the plan of
// moves. current is the fingerprint of the configuration that produced the
// current tiers (see [FingerprintOf]), or the zero Fingerprint if it is not
// known; it decides
// between [MoveScore] and [MovePolicy]. Reasons are checked in this
// order: override, expiry, new, policy change, score change.
func (t *Result) Plan(current Fingerprint) *Plan {
	p := &Plan{Current: current, Proposed: t.fingerprint, At: t.at, Accounts: t.Len()}
	expired := make(map[account.ID]bool, len(t.expired))
	for _, o := range t.expired {
		expired[o.Account] = true
	}
	k := len(t.counts)
	// cells[from][to], with from in 0..max tier seen (Unassigned is 0).
	var maxFrom account.Tier
	for i := range t.tier {
		maxFrom = max(maxFrom, t.scores.accounts[i].Tier)
	}
	cells := make([][]Transition, int(maxFrom)+1)
	moves := 0
	for f := range cells {
		cells[f] = make([]Transition, k+1)
	}
	for i, to := range t.tier {
		if t.scores.accounts[i].Tier != to {
			moves++
		}
	}
	// Sized once: a million Moves grown by append would allocate several
	// times their final size.
	if moves > 0 {
		p.Moves = make([]Move, 0, moves)
	}
	for i, to := range t.tier {
		a := &t.scores.accounts[i]
		from := a.Tier
		v := t.money(i)
		c := &cells[from][to]
		c.Accounts++
		if v != (account.Money{}) { // adding the zero Money changes nothing, but allocates
			c.Value, _ = c.Value.Add(v) // Apply checked that the values share a currency
		}
		if from == to {
			continue
		}
		m := Move{Account: a.ID, From: from, To: to, Score: Points(t.scores.total[i]), Value: v}
		switch {
		case t.pinned(i):
			m.Reason = MoveOverride
		case expired[a.ID]:
			m.Reason = MoveExpiry
		case from == account.Unassigned:
			m.Reason = MoveNew
		case current != t.fingerprint:
			m.Reason = MovePolicy
		default:
			m.Reason = MoveScore
		}
		p.Moves = append(p.Moves, m)
	}
	slices.SortFunc(p.Moves, func(a, b Move) int { return cmp.Compare(a.Account, b.Account) })
	p.Changed = len(p.Moves)
	for f := range cells {
		for to := range cells[f] {
			if c := cells[f][to]; c.Accounts > 0 {
				c.From, c.To = account.Tier(f), account.Tier(to)
				p.Transitions = append(p.Transitions, c)
			}
		}
	}
	return p
}

// Transition returns the cell of the transition matrix from one tier to
// another; its Accounts is 0 if no account makes that move.
func (p *Plan) Transition(from, to account.Tier) Transition {
	i, ok := slices.BinarySearchFunc(p.Transitions, Transition{From: from, To: to}, func(a, b Transition) int {
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		return cmp.Compare(a.To, b.To)
	})
	if !ok {
		return Transition{From: from, To: to}
	}
	return p.Transitions[i]
}

// ChangedShare returns the share of accounts whose tier would change,
// Changed / Accounts, rounded half away from zero to four decimal places
// (0.4167 for 5 of 12); 0 for an empty plan.
func (p *Plan) ChangedShare() decimal.Decimal {
	if p.Accounts == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(int64(p.Changed)).DivRound(decimal.NewFromInt(int64(p.Accounts)), 4)
}

// MovedValue returns the total value of the accounts that would move, in
// the currency of the run's values; the zero Money if none had a value.
func (p *Plan) MovedValue() account.Money {
	var v account.Money
	for _, c := range p.Transitions {
		if c.From != c.To {
			v, _ = v.Add(c.Value) // a plan's values share one currency
		}
	}
	return v
}
