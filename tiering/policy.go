package tiering

import (
	"math"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/shopspring/decimal"
)

// A Policy turns scores into tiers. Rules holds one [TierRule] per tier,
// from tier 1 (the highest) down; the last tier takes every account the
// tiers above it did not. Basis says how each tier but the last chooses its
// accounts, and every tier may also set a minimum score and a cap.
// [Policy.Apply] applies it; see there for the order of the steps.
//
// The zero Policy is not valid: it has no rules, so no tiers.
type Policy struct {
	Name       string     // an optional label, shown in fingerprints
	Basis      Basis      // how the tiers above the last choose their accounts
	Rules      []TierRule // the tiers, from tier 1 down; at least one
	Hysteresis Hysteresis // what keeps accounts from flapping between runs
}

// NumTiers returns the number of tiers of the policy: len(p.Rules).
func (p Policy) NumTiers() int { return len(p.Rules) }

// Basis is how the tiers of a [Policy] choose their accounts. The zero
// Basis is [BasisScore].
type Basis uint8

// The bases. All but BasisValue rank accounts by score, highest first, then
// by value (largest first), then by ID (ascending, byte-wise); BasisValue
// ranks them by value, then score, then ID. The ranking breaks every tie,
// so a cut between two accounts with the same score is deterministic.
const (
	// BasisScore gives each tier the accounts whose score reaches its
	// MinScore: absolute score bands. MinScores must fall from tier to tier.
	BasisScore Basis = iota

	// BasisShare gives each tier a share of the accounts (of all accounts,
	// pinned ones included): Share 0.05 for the top 5%, then 0.15 for the
	// next 15%, and so on. Sizes are rounded on the cumulative shares, so
	// each tier's size is within one account of its share and the sizes
	// add up exactly.
	BasisShare

	// BasisCount gives each tier a number of accounts: Count 20 puts the top
	// 20 accounts in tier 1.
	BasisCount

	// BasisValue gives each tier the accounts, in order of value, that make
	// up its share of the total value: Share 0.8 puts in tier 1 the
	// largest accounts that together make up the first 80% of revenue (or
	// of cost, for internal customers), including the account that crosses
	// 80%. Values come from [Input.Values]; the total must be positive.
	BasisValue
)

var basisNames = enum.New("Basis", map[Basis]string{
	BasisScore: "score",
	BasisShare: "share",
	BasisCount: "count",
	BasisValue: "value",
})

// String returns "score", "share", "count" or "value", or "%!Basis(9)" for
// an unknown value.
func (b Basis) String() string { return basisNames.String(b) }

// MarshalText returns the Basis's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (b Basis) MarshalText() ([]byte, error) { return basisNames.MarshalText(b, ErrInvalid) }

// UnmarshalText parses a name written by [Basis.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (b *Basis) UnmarshalText(text []byte) error {
	v, err := basisNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*b = v
	}
	return err
}

// A TierRule is one tier of a [Policy]. Which fields apply depends on the
// policy's Basis; those that do not apply must be zero. In the last tier,
// which takes the rest, all must be zero: the zero TierRule is that last
// tier.
type TierRule struct {
	// MinScore is the lowest score the tier admits. Under BasisScore it is the
	// band's lower edge; under the other bases it is a floor: an account
	// ranked into the tier but scoring less falls to the tiers below. Zero
	// admits every score.
	MinScore Points

	// Share is the tier's share of the accounts (BasisShare) or of the total
	// value (BasisValue), from 0 (exclusive) to 1. Shares add up to at most 1.
	Share decimal.Decimal

	// Count is how many accounts the tier takes (BasisCount).
	Count int

	// Cap, if positive, is the most accounts the tier may hold, pinned
	// accounts included. Caps are hard: hysteresis never holds an account in
	// a full tier, and overrides pinning more accounts than the cap are an
	// error. Zero means no cap.
	Cap int
}

// Hysteresis keeps accounts from flapping between tiers when they are
// re-scored. The zero Hysteresis moves every account straight to the tier
// the policy gives it.
type Hysteresis struct {
	// Up is how far above a tier's lower boundary an account from a lower
	// tier must score to move up into it; Down is how far below its own
	// tier's lower boundary an account must score to move down. Under
	// BasisScore the boundary is the tier's MinScore; under BasisShare and
	// BasisCount it is the lowest score the policy put in that tier or above
	// in this run. They may differ; they must be 0 under BasisValue, which does
	// not rank by score.
	Up, Down Points

	// MinDwell is how long an account stays in a tier before it may move
	// again, measured from the account's TierSince (see [account.Account])
	// to [Input.At]. An account whose TierSince is zero may always move.
	// Zero means no minimum.
	MinDwell time.Duration

	// MaxStepDown is the most tiers an account may fall in one run; zero
	// means no limit.
	MaxStepDown int
}

// Validate reports every problem with p, or nil if p is valid. Each
// problem is an [*account.FieldError] (Record "Policy", ID the policy's
// Name, Field the path within it, such as "Rules[1].Share") wrapping
// [ErrInvalid]; several are joined, at most [fault.MaxErrors] of them.
func (p Policy) Validate() error {
	var c fieldErrors
	w := where{record: "Policy", id: p.Name}
	if p.Name != "" {
		if r := nameReason(p.Name); r != "" {
			c.add(w, "Name", p.Name, r)
		}
	}
	if !basisNames.Valid(p.Basis) {
		c.add(w, "Basis", int(p.Basis), "is not a known Basis")
	}
	k := len(p.Rules)
	switch {
	case k == 0:
		c.add(w, "Rules", nil, "at least one tier is needed")
	case k > math.MaxUint8:
		c.add(w, "Rules", k, "at most 255 tiers are allowed")
	}
	one := decimal.NewFromInt(1)
	sum := decimal.Zero
	for i, t := range p.Rules {
		f := "Rules[" + strconv.Itoa(i) + "]"
		if t.MinScore < 0 || t.MinScore > MaxPoints {
			c.add(w, f+".MinScore", t.MinScore, "must be from 0 to 100 points")
		}
		if t.Cap < 0 {
			c.add(w, f+".Cap", t.Cap, "must not be negative")
		}
		if t.Count < 0 {
			c.add(w, f+".Count", t.Count, "must not be negative")
		}
		if i == k-1 {
			if t.MinScore != 0 || t.Count != 0 || t.Cap != 0 || !t.Share.IsZero() {
				c.add(w, f, nil, "the last tier takes every remaining account: leave its fields zero")
			}
			continue
		}
		usesShare := p.Basis == BasisShare || p.Basis == BasisValue
		switch {
		case usesShare && (t.Share.Sign() <= 0 || t.Share.GreaterThan(one)):
			c.add(w, f+".Share", t.Share, "must be above 0 and at most 1")
		case !usesShare && !t.Share.IsZero():
			c.add(w, f+".Share", t.Share, "applies to BasisShare and BasisValue only")
		}
		sum = sum.Add(t.Share)
		switch {
		case p.Basis == BasisCount && t.Count <= 0:
			c.add(w, f+".Count", t.Count, "must be positive")
		case p.Basis != BasisCount && t.Count != 0:
			c.add(w, f+".Count", t.Count, "applies to BasisCount only")
		}
		if p.Basis == BasisScore && i > 0 && t.MinScore >= p.Rules[i-1].MinScore {
			c.add(w, f+".MinScore", t.MinScore, "must be below the MinScore of the tier above ("+p.Rules[i-1].MinScore.String()+")")
		}
	}
	if sum.GreaterThan(one) {
		c.add(w, "Rules", sum, "shares add up to more than 1")
	}
	h := p.Hysteresis
	if h.Up < 0 || h.Up > MaxPoints {
		c.add(w, "Hysteresis.Up", h.Up, "must be from 0 to 100 points")
	}
	if h.Down < 0 || h.Down > MaxPoints {
		c.add(w, "Hysteresis.Down", h.Down, "must be from 0 to 100 points")
	}
	if p.Basis == BasisValue && (h.Up != 0 || h.Down != 0) {
		c.add(w, "Hysteresis", nil, "margins are in points of score and need a basis that ranks by score, not BasisValue")
	}
	if h.MinDwell < 0 {
		c.add(w, "Hysteresis.MinDwell", h.MinDwell, "must not be negative")
	}
	if h.MaxStepDown < 0 {
		c.add(w, "Hysteresis.MaxStepDown", h.MaxStepDown, "must not be negative")
	}
	return c.err()
}

// An Override pins an account to a tier, whatever its score, until it
// expires. The zero Override is not valid.
type Override struct {
	Account account.ID   // the account pinned; required
	Tier    account.Tier // the tier it is pinned to, one of the policy's; required
	Reason  string       // why, for the record; required
	Author  string       // who decided, for the record; required

	// Expires is when the override stops applying: from that instant on it
	// is reported as expired and the account is tiered by the policy. The
	// zero time means never.
	Expires time.Time
}

// expired reports whether o has expired at at.
func (o Override) expired(at time.Time) bool {
	return !o.Expires.IsZero() && !at.Before(o.Expires)
}

// Input is the data of one tiering run besides the scores (and the
// accounts' current tiers, which are their Tier and TierSince fields). The
// zero Input is not valid, since At is required; with At set, the other
// fields may stay zero: no values, no overrides.
type Input struct {
	// At is the instant of the run: dwell times and override expiry are
	// measured against it. It is required.
	At time.Time

	// Values holds each account's value, an amount of money: revenue for
	// external customers or cost for internal ones, as the application
	// chooses. It ranks BasisValue policies, breaks ties between equal
	// scores, and is summed in plans. All values must be in one currency
	// (a zero Money counts as zero in any). Accounts without an entry count
	// as zero; entries for other accounts are ignored.
	Values map[account.ID]account.Money

	// Overrides pins accounts to tiers. At most one per account.
	Overrides []Override
}
