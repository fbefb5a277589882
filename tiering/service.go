package tiering

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A ServiceModel is how accounts of one tier are served.
//
// The zero ServiceModel is not valid: it names no tier.
type ServiceModel struct {
	Tier account.Tier // the tier served this way; required, one model per tier

	// ReviewEvery is the review cadence, on the calendar: 90 days or
	// 3 months for tier 1, say. The zero Cadence means the tier has no
	// scheduled reviews.
	ReviewEvery Cadence

	// ContactEvery is the minimum contact frequency: the longest an account
	// may go without meaningful contact. Zero means no minimum.
	ContactEvery time.Duration

	// ContactKinds lists the interaction kinds that count as meaningful
	// contact for the tier; empty means [DefaultContactKinds].
	ContactKinds []account.InteractionKind

	SLAPolicy        string // the name of the tier's SLA policy (see package sla)
	EscalationPolicy string // the name of the tier's escalation policy (see package escalation)

	// Workload is the workload units an account of the tier costs its
	// manager, in the units of [account.Manager] Capacity. It must not be
	// negative.
	Workload int
}

// DefaultContactKinds are the interaction kinds that count as meaningful
// contact when a service model lists none: meetings, calls, visits and
// reviews. An email alone does not.
var DefaultContactKinds = []account.InteractionKind{account.InteractionMeeting, account.InteractionCall, account.InteractionVisit, account.InteractionReview}

// meaningful reports whether an interaction of kind k counts for m.
func (m *ServiceModel) meaningful(k account.InteractionKind) bool {
	if len(m.ContactKinds) == 0 {
		return slices.Contains(DefaultContactKinds, k)
	}
	return slices.Contains(m.ContactKinds, k)
}

// ServiceModels holds one [ServiceModel] per tier, in any order. A nil
// ServiceModels has no models: every account's workload is 0.
type ServiceModels []ServiceModel

// Validate reports every problem with s, or nil: each model needs a tier
// (not Unassigned) that no other model has, the review cadence must be
// valid ([Cadence.Validate]), ContactEvery and workload must not be
// negative, and contact kinds must be known and distinct. Each
// problem is an [*account.FieldError] (Record "ServiceModels", Field the
// path within them, such as "[1].Workload") wrapping [ErrInvalid]; several
// are joined, at most [fault.MaxErrors] of them.
func (s ServiceModels) Validate() error {
	var c fieldErrors
	first := make(map[account.Tier]int, min(len(s), 256)) // the first model of each tier
	for i, m := range s {
		w := where{record: "ServiceModels", path: "[" + strconv.Itoa(i) + "]"}
		if m.Tier == account.Unassigned {
			c.add(w, "Tier", nil, "is missing")
		}
		if j, dup := first[m.Tier]; dup && m.Tier != account.Unassigned {
			c.add(w, "Tier", m.Tier, "has a model already at ServiceModels["+strconv.Itoa(j)+"]")
		} else if !dup {
			first[m.Tier] = i
		}
		m.ReviewEvery.validate(w.at("ReviewEvery"), &c)
		if m.ContactEvery < 0 {
			c.add(w, "ContactEvery", m.ContactEvery, "must not be negative")
		}
		if m.Workload < 0 {
			c.add(w, "Workload", m.Workload, "must not be negative")
		}
		var listed [account.InteractionReview + 1]bool // linear however long the list
		for j, k := range m.ContactKinds {
			if k < account.InteractionMeeting || k > account.InteractionReview {
				c.add(w, "ContactKinds["+strconv.Itoa(j)+"]", int(k), "is not a known InteractionKind")
			} else if listed[k] {
				c.add(w, "ContactKinds["+strconv.Itoa(j)+"]", k, "is listed twice")
			} else {
				listed[k] = true
			}
		}
	}
	return c.err()
}

// For returns the model of tier t, and whether there is one.
func (s ServiceModels) For(t account.Tier) (ServiceModel, bool) {
	i := slices.IndexFunc(s, func(m ServiceModel) bool { return m.Tier == t })
	if i < 0 || t == account.Unassigned {
		return ServiceModel{}, false
	}
	return s[i], true
}

// Workload returns the workload units a's tier (its Tier field) costs its
// manager: 0 if the tier has no model, as for an Unassigned account. Its
// signature suits code that weighs accounts one by one, such as
// assignment: pass the method value models.Workload. To weigh accounts
// at the tiers a run proposes, use [Result.Accounts].
func (s ServiceModels) Workload(a account.Account) int {
	m, _ := s.For(a.Tier)
	return m.Workload
}

// A Gap is an account whose last meaningful contact is older than its tier
// allows. The zero Gap describes no account.
type Gap struct {
	Account account.ID   // the account overdue for contact
	Tier    account.Tier // its tier (its Tier field), whose model sets the minimum

	// Last is the last meaningful contact at or before the instant asked
	// about; the zero time if there was none.
	Last time.Time

	// Due is when contact was due: Last plus the tier's ContactEvery, or,
	// with no contact, the account's Created time plus ContactEvery. It is
	// the zero time for an account with neither contact nor Created time,
	// whose lateness cannot be measured.
	Due time.Time

	// Overdue is how long after Due the instant asked about is; 0 when Due
	// is zero. Like [time.Time.Sub], it saturates at the largest Duration
	// (about 292 years).
	Overdue time.Duration

	// Days is Overdue in days of 24 hours, any part of a day counting as a
	// day: an account one hour overdue is 1 day overdue. It is 0 only when
	// Due is zero.
	Days int
}

// Gaps returns the accounts whose last meaningful contact, as of at, is
// older than their tier's ContactEvery allows: most overdue first, ties by
// account ID. Accounts that cannot be measured (no contact and no Created
// time) come first of all, as the most urgent.
//
// An account's tier is its Tier field; Unassigned accounts, and tiers
// whose model sets no ContactEvery, have no minimum. Meaningful contact is
// an interaction of one of the tier's ContactKinds at or before at;
// interactions after at, and those of accounts not listed, are ignored.
// The result does not depend on the order of accounts or interactions.
// interactions is what a store's list yields, such as
// [account.InteractionStore.Interactions]; an error it yields ends Gaps,
// which returns that error as it is. A nil interactions has none.
//
// The other errors wrap [ErrInvalid]: the problems of
// [ServiceModels.Validate], joined; an [*account.FieldError] with Record
// "Gaps" for a zero at; or one with Record "Account" for an account in a
// tier that has no model, or wrapping [ErrDuplicateAccount] for a repeated
// account ID (the smallest such ID is reported).
func (s ServiceModels) Gaps(at time.Time, accounts []account.Account, interactions iter.Seq2[account.Interaction, error]) ([]Gap, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if at.IsZero() {
		return nil, &account.FieldError{Record: "Gaps", Field: "at", Reason: "is missing", Err: ErrInvalid}
	}
	index := make(map[account.ID]int, len(accounts))
	models := make([]*ServiceModel, len(accounts))
	var first firstError
	for i := range accounts {
		a := &accounts[i]
		if _, dup := index[a.ID]; dup {
			first.offer(accountErr(a.ID, "ID", nil, "appears more than once", ErrDuplicateAccount), 0)
			continue
		}
		index[a.ID] = i
		if a.Tier == account.Unassigned {
			continue
		}
		j := slices.IndexFunc(s, func(m ServiceModel) bool { return m.Tier == a.Tier })
		if j < 0 {
			first.offer(accountErr(a.ID, "Tier", a.Tier, "no service model for the account's tier", ErrInvalid), 0)
			continue
		}
		if s[j].ContactEvery > 0 {
			models[i] = &s[j]
		}
	}
	if first.err != nil {
		return nil, first.err
	}
	last := make([]time.Time, len(accounts))
	if interactions != nil {
		for x, err := range interactions {
			if err != nil {
				return nil, err
			}
			i, ok := index[x.Account]
			if !ok || models[i] == nil || x.At.After(at) || !models[i].meaningful(x.Kind) {
				continue
			}
			if x.At.After(last[i]) {
				last[i] = x.At
			}
		}
	}
	var gaps []Gap
	for i := range accounts {
		m := models[i]
		if m == nil {
			continue
		}
		a := &accounts[i]
		g := Gap{Account: a.ID, Tier: a.Tier, Last: last[i]}
		switch {
		case !last[i].IsZero():
			g.Due = last[i].Add(m.ContactEvery)
		case !a.Created.IsZero():
			g.Due = a.Created.Add(m.ContactEvery)
		}
		if !g.Due.IsZero() {
			if !at.After(g.Due) {
				continue
			}
			g.Overdue = at.Sub(g.Due)
			const day = 24 * time.Hour
			g.Days = int(g.Overdue / day)
			if g.Overdue%day != 0 {
				g.Days++
			}
		}
		gaps = append(gaps, g)
	}
	slices.SortFunc(gaps, func(a, b Gap) int {
		if az, bz := a.Due.IsZero(), b.Due.IsZero(); az != bz {
			if az {
				return -1
			}
			return 1
		}
		if c := cmp.Compare(b.Overdue, a.Overdue); c != 0 {
			return c
		}
		return cmp.Compare(a.Account, b.Account)
	})
	return gaps, nil
}
