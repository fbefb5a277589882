package tiering

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/rank"
	"github.com/shopspring/decimal"
)

// A Result is the outcome of a tiering run: the tier a [Policy] gave each
// account of a [Scores], and why ([Result.Decision]). Accounts are numbered
// as in the Scores. A Result is immutable and safe for concurrent use; the
// zero Result is not usable: get one from [Policy.Apply].
type Result struct {
	scores      *Scores
	policy      Policy
	at          time.Time
	values      map[account.ID]account.Money
	currency    account.Currency // the currency of values, or ""
	tier        []account.Tier   // final
	policyTier  []account.Tier   // what the policy alone gave; the pinned tier for pinned accounts
	cause       []TierReason
	active      []Override // in force, by account ID
	expired     []Override // expired, by account ID
	thresholds  []Points
	counts      []int // accounts per tier, index 0 for tier 1
	fingerprint Fingerprint
}

// TierReason says why an account has its tier after a run: what decided
// it. A change of tier between runs has a [MoveReason] instead. The zero
// TierReason is [TierPolicy].
type TierReason uint8

// The reasons for a tier.
const (
	TierPolicy    TierReason = iota // the policy's tier, unchanged
	TierOverride                    // an override in force pinned it
	TierMargin                      // hysteresis: the score did not pass the boundary by the margin
	TierDwell                       // hysteresis: the account had not been in its tier for MinDwell
	TierStepLimit                   // hysteresis: the fall was limited to MaxStepDown tiers
	TierCap                         // a full tier pushed the account down
)

var tierReasonNames = enum.New("TierReason", map[TierReason]string{
	TierPolicy:    "policy",
	TierOverride:  "override",
	TierMargin:    "margin",
	TierDwell:     "dwell",
	TierStepLimit: "step limit",
	TierCap:       "cap",
})

// String returns the reason's name, such as "margin", or
// "%!TierReason(9)" for an unknown value.
func (c TierReason) String() string { return tierReasonNames.String(c) }

// MarshalText returns the TierReason's name, as String does; an unknown value
// is an error wrapping [ErrInvalid].
func (c TierReason) MarshalText() ([]byte, error) { return tierReasonNames.MarshalText(c, ErrInvalid) }

// UnmarshalText parses a name written by [TierReason.MarshalText]; an unknown
// name is an error wrapping [ErrInvalid].
func (c *TierReason) UnmarshalText(text []byte) error {
	v, err := tierReasonNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*c = v
	}
	return err
}

// Apply gives every account of s a tier under p, in these steps:
//
//  1. Overrides in force pin their accounts; expired ones are set aside and
//     reported by [Result.Expired]. Pinned accounts count towards their
//     tier's quota (share, count or value) and cap.
//  2. The policy ranks the other accounts (see [Basis]) and fills the tiers
//     from tier 1 down: each takes, in rank order, the accounts it admits
//     (those scoring at least its MinScore) until its quota or cap is met.
//     The last tier takes the rest.
//  3. Hysteresis compares that tier with each account's current one (its
//     Tier field; Unassigned accounts, and accounts in a tier the policy
//     does not have, take the policy's tier): an account moves only past a
//     boundary by the margin, not within MinDwell of entering its tier (its
//     TierSince field), and not more than MaxStepDown tiers down.
//  4. Caps are enforced again: if held accounts overfill a tier, the
//     lowest-ranked of its unpinned accounts move down a tier, and so on.
//
// Apply is deterministic and does not depend on the order of accounts.
// Every error it returns wraps [ErrInvalid] and is, or joins, an
// [*account.FieldError]:
//   - the problems of [Policy.Validate], joined;
//   - Record "Input" for a zero in.At, for in.Values in more than one
//     currency (the error also wraps [account.ErrCurrencyMismatch]), or for
//     a [BasisValue] policy whose accounts' total value is not positive;
//   - Record "Override", with the account as ID, for a repeated override or
//     one with a tier outside the policy or without reason or author, for
//     overrides in force that pin more accounts in a tier than its Cap, and
//     wrapping [ErrUnknownAccount] for an override in force of an account
//     not in s (of several bad overrides, the one of the smallest account
//     ID is reported);
//   - Record "Apply" for nil scores.
//
// An expired override is reported by [Result.Expired] even if its account
// or tier is gone.
func (p Policy) Apply(s *Scores, in Input) (*Result, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	if in.At.IsZero() {
		return nil, &account.FieldError{Record: "Input", Field: "At", Reason: "is missing", Err: ErrInvalid}
	}
	if s == nil {
		return nil, &account.FieldError{Record: "Apply", Field: "scores", Reason: "is nil", Err: ErrInvalid}
	}
	currency, err := valuesCurrency(in.Values)
	if err != nil {
		return nil, err
	}
	n, k := s.Len(), len(p.Rules)
	t := &Result{
		scores:     s,
		policy:     clonePolicy(p),
		at:         in.At,
		values:     in.Values,
		currency:   currency,
		tier:       make([]account.Tier, n),
		policyTier: make([]account.Tier, n),
		cause:      make([]TierReason, n),
		counts:     make([]int, k),
	}
	t.fingerprint = FingerprintOf(t.policy, s.cards()...)
	if err := t.pin(in); err != nil {
		return nil, err
	}
	if p.Basis == BasisValue {
		err = t.fillByValue()
	} else {
		t.fillByScore(t.pinnedCounts())
	}
	if err != nil {
		return nil, err
	}
	t.hold()
	for _, tier := range t.tier {
		t.counts[tier-1]++
	}
	t.enforceCaps()
	return t, nil
}

func clonePolicy(p Policy) Policy {
	p.Rules = slices.Clone(p.Rules)
	return p
}

// cards returns the scorecards of s in precedence order.
func (s *Scores) cards() []Scorecard {
	cs := make([]Scorecard, len(s.runs))
	for i := range s.runs {
		cs[i] = s.runs[i].card
	}
	return cs
}

// value returns the value of account i (zero if it has none).
func (t *Result) value(i int) decimal.Decimal { return t.values[t.scores.accounts[i].ID].Amount() }

// money returns the value of account i as given (the zero Money if it has
// none).
func (t *Result) money(i int) account.Money { return t.values[t.scores.accounts[i].ID] }

// moneyOf returns d in the currency of t's values.
func (t *Result) moneyOf(d decimal.Decimal) account.Money {
	m, err := account.NewMoney(d, t.currency)
	if err != nil { // no currency: there were no values
		return account.Money{}
	}
	return m
}

// valuesCurrency returns the one currency of the values, or "" if there
// are none but zero Money values. Values in more than one currency are an
// error naming the smallest account ID whose value is not in the smallest
// currency code among them, so that the error does not depend on map
// order.
func valuesCurrency(values map[account.ID]account.Money) (account.Currency, error) {
	var cur account.Currency
	for _, m := range values {
		if c := m.Currency(); c != "" && (cur == "" || c < cur) {
			cur = c
		}
	}
	var bad account.ID
	found := false
	for id, m := range values {
		if c := m.Currency(); c != "" && c != cur && (!found || id < bad) {
			bad, found = id, true
		}
	}
	if found {
		return "", &account.FieldError{Record: "Input", Field: "Values[" + string(bad) + "]", Value: values[bad], Reason: "is not in " + string(cur) + " as other values are", Err: errMixedCurrency}
	}
	return cur, nil
}

// pin checks the overrides, applies those in force and sets aside the
// expired ones.
func (t *Result) pin(in Input) error {
	seen := make(map[account.ID]bool, len(in.Overrides))
	var first firstError
	for _, o := range in.Overrides {
		bad := func(err error, field string, value any, reason string) {
			first.offer(&account.FieldError{Record: "Override", ID: string(o.Account), Field: field, Value: value, Reason: reason, Err: err}, 0)
		}
		i, ok := t.scores.Index(o.Account)
		// An expired override is reported whatever has become of its
		// account or its tier since it was made.
		switch {
		case seen[o.Account]:
			bad(ErrInvalid, "Account", nil, "the account has more than one override")
		case strings.TrimSpace(o.Reason) == "":
			bad(ErrInvalid, "Reason", nil, "is missing")
		case strings.TrimSpace(o.Author) == "":
			bad(ErrInvalid, "Author", nil, "is missing")
		case o.expired(t.at):
			t.expired = append(t.expired, o)
		case !ok:
			bad(ErrUnknownAccount, "Account", nil, "the account is not among the scores")
		case o.Tier == account.Unassigned || int(o.Tier) > len(t.policy.Rules):
			bad(ErrInvalid, "Tier", o.Tier, "is not a tier of the policy (1 to "+strconv.Itoa(len(t.policy.Rules))+")")
		default:
			t.active = append(t.active, o)
			t.tier[i], t.policyTier[i], t.cause[i] = o.Tier, o.Tier, TierOverride
		}
		seen[o.Account] = true
	}
	if first.err != nil {
		return first.err
	}
	byAccount := func(a, b Override) int { return cmp.Compare(a.Account, b.Account) }
	slices.SortFunc(t.active, byAccount)
	slices.SortFunc(t.expired, byAccount)
	// Caps are hard: overrides may not fill a tier beyond its cap either.
	pinned := make([]int, len(t.policy.Rules))
	for _, o := range t.active {
		pinned[o.Tier-1]++
		if cp := t.policy.Rules[o.Tier-1].Cap; cp > 0 && pinned[o.Tier-1] > cp {
			return &account.FieldError{Record: "Override", ID: string(o.Account), Field: "Tier", Value: o.Tier, Reason: fmt.Sprintf("overrides in force pin more than %d accounts in the tier, its Cap", cp), Err: ErrInvalid}
		}
	}
	return nil
}

// pinnedCounts returns how many accounts overrides pin in each tier.
func (t *Result) pinnedCounts() []int {
	c := make([]int, len(t.policy.Rules))
	for _, o := range t.active {
		c[o.Tier-1]++
	}
	return c
}

// pinned reports whether account i is pinned by an override in force.
func (t *Result) pinned(i int) bool { return t.cause[i] == TierOverride }

// rankCmp compares accounts i and j in the order of t's policy: score,
// value, ID (or value, score, ID for BasisValue); negative if i ranks first.
func (t *Result) rankCmp(i, j int) int {
	si, sj := t.scores.total[i], t.scores.total[j]
	if t.policy.Basis == BasisValue {
		if c := t.value(j).Cmp(t.value(i)); c != 0 {
			return c
		}
		if c := cmp.Compare(sj, si); c != 0 {
			return c
		}
	} else {
		if c := cmp.Compare(sj, si); c != 0 {
			return c
		}
		if c := t.value(j).Cmp(t.value(i)); c != 0 {
			return c
		}
	}
	return strings.Compare(string(t.scores.accounts[i].ID), string(t.scores.accounts[j].ID))
}

// fillByScore fills the tiers of a BasisScore, BasisShare or BasisCount policy. The
// unpinned accounts are bucketed by score, highest first, in one counting
// pass; since each tier takes a prefix of the accounts left, a bucket needs
// sorting by the rest of the ranking only where a cut falls inside it.
func (t *Result) fillByScore(pinnedCount []int) {
	s := t.scores
	n, k := s.Len(), len(t.policy.Rules)
	var start [MaxPoints + 2]int32 // start[MaxPoints-score] is where the bucket of score begins
	m := 0
	for i, v := range s.total {
		if !t.pinned(i) {
			start[MaxPoints-Points(v)+1]++
			m++
		}
	}
	for b := 1; b < len(start); b++ {
		start[b] += start[b-1]
	}
	perm := make([]int32, m)
	next := start
	for i, v := range s.total {
		if !t.pinned(i) {
			b := MaxPoints - Points(v)
			perm[next[b]] = int32(i)
			next[b]++
		}
	}
	// end(score) is how many unpinned accounts score at least score.
	end := func(score Points) int { return int(start[MaxPoints-score+1]) }
	sorted := make(map[Points]bool)
	sortBucketAt := func(pos int) {
		if pos <= 0 || pos >= m {
			return
		}
		score := Points(s.total[perm[pos]])
		if Points(s.total[perm[pos-1]]) != score || sorted[score] {
			return // a cut between buckets, or a bucket already in order
		}
		sorted[score] = true
		b := perm[start[MaxPoints-score]:end(score)]
		slices.SortFunc(b, func(x, y int32) int { return t.rankCmp(int(x), int(y)) })
	}

	quota := t.quotas(n, pinnedCount)
	t.thresholds = make([]Points, k-1)
	pos := 0
	for tier := range k - 1 {
		rule := t.policy.Rules[tier]
		limit := quota[tier]
		if rule.Cap > 0 {
			limit = min(limit, max(0, rule.Cap-pinnedCount[tier]))
		}
		stop := max(pos, min(pos+limit, end(rule.MinScore)))
		sortBucketAt(stop)
		for _, i := range perm[pos:stop] {
			t.policyTier[i] = account.Tier(tier + 1)
		}
		pos = stop
		switch {
		case t.policy.Basis == BasisScore:
			t.thresholds[tier] = rule.MinScore
		case pos > 0:
			t.thresholds[tier] = Points(s.total[perm[pos-1]])
		default:
			t.thresholds[tier] = MaxPoints + 1 // no account reached the tier
		}
	}
	for _, i := range perm[pos:] {
		t.policyTier[i] = account.Tier(k)
	}
}

// quotas returns how many unpinned accounts each tier but the last may
// take before its minimum score and cap.
func (t *Result) quotas(n int, pinnedCount []int) []int {
	k := len(t.policy.Rules)
	q := make([]int, k-1)
	cum, prev := decimal.Zero, 0
	nd := decimal.NewFromInt(int64(n))
	for tier := range k - 1 {
		rule := t.policy.Rules[tier]
		switch t.policy.Basis {
		case BasisScore:
			q[tier] = n
		case BasisCount:
			q[tier] = rule.Count - pinnedCount[tier]
		case BasisShare:
			cum = cum.Add(rule.Share)
			upTo := int(cum.Mul(nd).Round(0).IntPart())
			q[tier] = upTo - prev - pinnedCount[tier]
			prev = upTo
		}
		q[tier] = max(0, q[tier])
	}
	return q
}

// fillByValue fills the tiers of a BasisValue policy.
//
// Values are looked up once. When they all fit in int64 multiples of one
// power of ten, as money does, they are ranked by a radix sort of those
// integers and summed without allocating; otherwise they are ranked by the
// nearest float64 (rounding keeps the order of unequal floats, so only runs
// of equal floats need an exact comparison) and summed as decimals.
func (t *Result) fillByValue() error {
	s := t.scores
	k := len(t.policy.Rules)
	n := s.Len()
	vals := make([]decimal.Decimal, n)
	for i := range n {
		vals[i] = t.value(i)
	}
	ints, ok := scaleValues(vals)

	keys := make([]uint64, 0, n)
	rest := make([]int32, 0, n) // the unpinned accounts, in rank order once sorted
	for i := range n {
		if t.pinned(i) {
			continue
		}
		var key uint64
		if ok {
			key = uint64(ints[i]) ^ 1<<63
		} else {
			f, _ := vals[i].Float64()
			key = floatKey(f + 0)
		}
		keys = append(keys, ^key) // ^ for largest first
		rest = append(rest, int32(i))
	}
	rank.SortPairs(keys, rest, make([]uint64, len(keys)), make([]int32, len(rest)))
	for i, j := range keyRuns(keys) {
		if j-i > 1 {
			slices.SortFunc(rest[i:j], func(x, y int32) int {
				if c := vals[y].Cmp(vals[x]); c != 0 {
					return c
				}
				return t.rankCmp(int(x), int(y))
			})
		}
	}

	// reached reports whether the tiers so far hold their share of value;
	// take adds account i to them; next moves on to tier t, whose
	// cumulative share is cum, counting the value pinned there.
	var reached func() bool
	var take func(i int32)
	var next func(tier int, cum decimal.Decimal)
	var total decimal.Decimal
	if ok {
		var sum, taken, target int64
		for _, v := range ints {
			sum += v
		}
		total = decimal.New(sum, 0)
		reached = func() bool { return taken >= target }
		take = func(i int32) { taken += ints[i] }
		next = func(tier int, cum decimal.Decimal) {
			// taken < cum×sum exactly when taken < ⌈cum×sum⌉.
			target = cum.Mul(decimal.NewFromInt(sum)).Ceil().IntPart()
			for i := range n {
				if t.pinned(i) && int(t.tier[i]) == tier+1 {
					taken += ints[i]
				}
			}
		}
	} else {
		var taken, target decimal.Decimal
		for _, v := range vals {
			total = total.Add(v)
		}
		reached = func() bool { return !taken.LessThan(target) }
		take = func(i int32) { taken = taken.Add(vals[i]) }
		next = func(tier int, cum decimal.Decimal) {
			target = cum.Mul(total)
			for i := range n {
				if t.pinned(i) && int(t.tier[i]) == tier+1 {
					taken = taken.Add(vals[i])
				}
			}
		}
	}
	if total.Sign() <= 0 {
		return &account.FieldError{Record: "Input", Field: "Values", Value: t.moneyOf(total), Reason: "a BasisValue policy needs a positive total value; the accounts' values add up to this", Err: ErrInvalid}
	}

	pinnedCount := t.pinnedCounts()
	cum := decimal.Zero
	for tier := range k - 1 {
		rule := t.policy.Rules[tier]
		cum = cum.Add(rule.Share)
		next(tier, cum)
		room := math.MaxInt
		if rule.Cap > 0 {
			room = max(0, rule.Cap-pinnedCount[tier])
		}
		kept := rest[:0]
		for x, i := range rest {
			if room == 0 || reached() {
				kept = append(kept, rest[x:]...) // the tier is full
				break
			}
			if Points(s.total[i]) >= rule.MinScore {
				t.policyTier[i] = account.Tier(tier + 1)
				take(i)
				room--
				continue
			}
			kept = append(kept, i)
		}
		rest = kept
	}
	for _, i := range rest {
		t.policyTier[i] = account.Tier(k)
	}
	return nil
}

// scaleValues returns the values as int64 multiples of 10^e for the
// smallest exponent e among them, if every one fits and so does the sum of
// their magnitudes, so that any sum of them fits too.
func scaleValues(vals []decimal.Decimal) ([]int64, bool) {
	var minExp int32
	for i, v := range vals {
		if v.NumDigits() > 18 {
			return nil, false
		}
		if e := v.Exponent(); i == 0 || e < minExp {
			minExp = e
		}
	}
	ints := make([]int64, len(vals))
	var abs uint64
	for i, v := range vals {
		c := v.CoefficientInt64() // |c| < 10^18
		for d := v.Exponent() - minExp; d > 0; d-- {
			if c > math.MaxInt64/10 || c < math.MinInt64/10 {
				return nil, false
			}
			c *= 10
		}
		ints[i] = c
		if c < 0 {
			abs += uint64(-c)
		} else {
			abs += uint64(c)
		}
		if abs > math.MaxInt64 {
			return nil, false
		}
	}
	return ints, true
}

// hold applies hysteresis to the unpinned accounts and sets their tiers.
func (t *Result) hold() {
	h := t.policy.Hysteresis
	k := len(t.policy.Rules)
	for i := range t.tier {
		if t.pinned(i) {
			continue
		}
		a := &t.scores.accounts[i]
		c, p := a.Tier, t.policyTier[i]
		t.tier[i] = p
		if c == account.Unassigned || int(c) > k || c == p {
			continue
		}
		if h.MinDwell > 0 && !a.TierSince.IsZero() && t.at.Sub(a.TierSince) < h.MinDwell {
			t.tier[i], t.cause[i] = c, TierDwell
			continue
		}
		score := Points(t.scores.total[i])
		to := p
		if p < c && h.Up > 0 { // up: the highest tier whose boundary it passes by Up
			to = c
			for u := p; u < c; u++ {
				if score >= t.thresholds[u-1]+h.Up {
					to = u
					break
				}
			}
		}
		if p > c && h.Down > 0 { // down: the lowest tier whose upper boundary it falls below by Down
			to = c
			for u := p; u > c; u-- {
				if score < t.thresholds[u-2]-h.Down {
					to = u
					break
				}
			}
		}
		if to != p {
			t.cause[i] = TierMargin
		}
		if h.MaxStepDown > 0 && int(to) > int(c)+h.MaxStepDown {
			to = c + account.Tier(h.MaxStepDown)
			t.cause[i] = TierStepLimit
		}
		t.tier[i] = to
	}
}

// enforceCaps moves the lowest-ranked unpinned accounts of each overfull
// tier down a tier, from tier 1 down.
func (t *Result) enforceCaps() {
	k := len(t.policy.Rules)
	for tier := range k - 1 {
		cp := t.policy.Rules[tier].Cap
		if cp <= 0 || t.counts[tier] <= cp {
			continue
		}
		var movable []int
		for i, x := range t.tier {
			if int(x) == tier+1 && !t.pinned(i) {
				movable = append(movable, i)
			}
		}
		slices.SortFunc(movable, func(x, y int) int { return t.rankCmp(y, x) }) // lowest ranked first
		excess := min(t.counts[tier]-cp, len(movable))
		for _, i := range movable[:excess] {
			t.tier[i] = account.Tier(tier + 2)
			t.cause[i] = TierCap
		}
		t.counts[tier] -= excess
		t.counts[tier+1] += excess
	}
}

// A Decision is how one account got its tier in a run. The zero Decision
// describes no account.
type Decision struct {
	Account account.ID   // the account
	Score   Points       // its score
	Current account.Tier // the tier before the run (the account's Tier field)
	Policy  account.Tier // the tier the policy alone gives (the pinned tier, if pinned)
	Tier    account.Tier // the tier given
	Reason  TierReason   // why the account has Tier: what decided it
}

// String returns a one-line summary such as
//
//	acme: 81.20 points, tier 2 -> tier 1 (policy tier 1, policy)
func (d Decision) String() string {
	return fmt.Sprintf("%s: %s points, %s -> %s (policy %s, %s)", d.Account, d.Score, d.Current, d.Tier, d.Policy, d.Reason)
}

// Len returns the number of accounts.
func (t *Result) Len() int { return len(t.tier) }

// Tier returns the tier given to account i.
func (t *Result) Tier(i int) account.Tier { return t.tier[i] }

// Decision returns how account i got its tier.
func (t *Result) Decision(i int) Decision {
	return Decision{
		Account: t.scores.accounts[i].ID,
		Score:   Points(t.scores.total[i]),
		Current: t.scores.accounts[i].Tier,
		Policy:  t.policyTier[i],
		Tier:    t.tier[i],
		Reason:  t.cause[i],
	}
}

// Accounts returns copies of the accounts at the tiers of t, in the order
// of the scores: the portfolio as it would be after the re-tiering, to
// weigh with [ServiceModels.Workload], to assign account managers to, or
// to store.
//
// An account whose tier changes gets its new Tier, and TierSince set to
// the instant of the run, [Result.At]; so that the copy passes
// [account.Account.Validate], its Updated is moved up to that instant if it
// was set and earlier. The other accounts are copied as they are, TierSince
// included. The copies share their Attributes maps with the originals.
func (t *Result) Accounts() []account.Account {
	out := slices.Clone(t.scores.accounts)
	for i := range out {
		t.retier(&out[i], i)
	}
	return out
}

// retier gives a, a copy of account i, the tier of t, as
// [Result.Accounts] describes, if the tier changes.
func (t *Result) retier(a *account.Account, i int) {
	if a.Tier == t.tier[i] {
		return
	}
	a.Tier, a.TierSince = t.tier[i], t.at
	if !a.Updated.IsZero() && a.Updated.Before(t.at) {
		a.Updated = t.at
	}
}

// Scores returns the scores the tiers were given from.
func (t *Result) Scores() *Scores { return t.scores }

// Count returns how many accounts are in tier.
func (t *Result) Count(tier account.Tier) int {
	if tier == account.Unassigned || int(tier) > len(t.counts) {
		return 0
	}
	return t.counts[tier-1]
}

// Policy returns the policy that gave the tiers.
func (t *Result) Policy() Policy { return clonePolicy(t.policy) }

// Thresholds returns, for each tier but the last, the boundary score that
// hysteresis measured margins from: the MinScore under BasisScore, or the
// lowest score the policy put in that tier or above under BasisShare and
// BasisCount (above MaxPoints if it put none there). It is nil under BasisValue.
func (t *Result) Thresholds() []Points { return slices.Clone(t.thresholds) }

// Overrides returns the overrides in force, by account ID.
func (t *Result) Overrides() []Override { return slices.Clone(t.active) }

// Expired returns the overrides that had expired at the run's instant and
// were not applied, by account ID.
func (t *Result) Expired() []Override { return slices.Clone(t.expired) }

// At returns the instant of the run.
func (t *Result) At() time.Time { return t.at }

// Fingerprint returns the fingerprint of the scorecards and policy that
// produced t; see [FingerprintOf].
func (t *Result) Fingerprint() Fingerprint { return t.fingerprint }
