package growth

import (
	"cmp"
	"iter"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// Limits of [Coordination].
const (
	// MaxWindow is the longest [CoordinationOptions.Window]: a year.
	MaxWindow = 366 * 24 * time.Hour
	// MaxCaseContacts is the most contacts, divisions or people a
	// [ContactCase] lists; the contacts beyond it are counted in More.
	MaxCaseContacts = 100
	// DefaultMinDivisions is the number of divisions that makes a case
	// when [CoordinationOptions.MinDivisions] is 0.
	DefaultMinDivisions = 2
)

// CoordinationOptions set up [Coordination].
type CoordinationOptions struct {
	// Window is how close together contacts about one offering family
	// must be to make one case: each contact of a case is at most Window
	// after the one before it. From 1 ns to [MaxWindow]; required.
	Window time.Duration

	// MinDivisions is how many distinct divisions must have made a
	// case's contacts: 0 means [DefaultMinDivisions]; otherwise at least
	// 2 and at most [MaxCaseContacts].
	MinDivisions int
}

func (o CoordinationOptions) validate() (CoordinationOptions, error) {
	f := &check{record: "CoordinationOptions"}
	if o.Window <= 0 || o.Window > MaxWindow {
		f.add("Window", o.Window, "must be more than 0 and at most 8784h0m0s (366 days)")
	}
	if o.MinDivisions != 0 && (o.MinDivisions < 2 || o.MinDivisions > MaxCaseContacts) {
		f.add("MinDivisions", o.MinDivisions, "must be 0 (the default, 2) or from 2 to 100")
	}
	if o.MinDivisions == 0 {
		o.MinDivisions = DefaultMinDivisions
	}
	return o, f.err()
}

// A CaseContact is one contact of a [ContactCase].
type CaseContact struct {
	Interaction account.InteractionID
	At          time.Time
	Division    string
	People      []string // the interaction's participants
}

// A ContactCase is an account approached about one offering family by
// several divisions, close together, without its account manager: what
// the owner must co-ordinate.
type ContactCase struct {
	Account account.ID
	Manager account.ManagerID // the account's owner, who was not involved; "" if it has none
	Family  string            // the offering family the contacts were about
	// From and To are the first and last contact's instants.
	From, To time.Time
	// Divisions and People are the distinct divisions and participants,
	// in ascending order, at most MaxCaseContacts of each.
	Divisions, People []string
	// Contacts are the case's first MaxCaseContacts contacts, in order;
	// More counts the rest.
	Contacts []CaseContact
	More     int
}

// A ManagerShare is the share of one account's contacts that went
// through its manager.
type ManagerShare struct {
	Account account.ID
	Tier    account.Tier
	// Contacts counts the account's interactions, and ViaManager those
	// its owner took part in.
	Contacts, ViaManager int
	// Share is ViaManager over Contacts, rounded to [SharePlaces].
	Share decimal.Decimal
}

// A TierShare sums the manager shares of the accounts of one tier.
type TierShare struct {
	Tier                           account.Tier
	Accounts, Contacts, ViaManager int
	Share                          decimal.Decimal // ViaManager over Contacts, rounded to SharePlaces
}

// A CoordinationReport is what [Coordination] finds.
type CoordinationReport struct {
	// Cases in ascending order of account, then From, then family.
	Cases []ContactCase
	// Accounts are the accounts with at least one contact, in ascending
	// ID order.
	Accounts []ManagerShare
	// Tiers sum Accounts per tier, in ascending tier number (Unassigned,
	// 0, first).
	Tiers []TierShare
}

// Coordination reads a stream of interactions and finds the accounts
// contacted by several divisions about the same offering family without
// their account manager ([ContactCase]), and the share of each account's
// contacts, and each tier's, that went through its manager.
//
// The stream must be in the order [account.InteractionStore.Interactions]
// lists: ascending account ID, then ascending At within an account. A
// record out of that order is an error wrapping [ErrOrder]. The manager
// took part in an interaction when the account's Owner is one of its
// Participants.
//
// A case is a run of interactions at one account about one family
// ([account.Interaction.OfferingFamily]), with a Division, without the
// manager, each at most Window after the one before it, made by at least
// MinDivisions divisions. An interaction about the family with the manager
// ends the run: the manager is then in the loop. Interactions without a
// family or division count in the shares only.
//
// Memory is bounded by the window: only the runs whose last contact is
// within Window of the current one are kept, each with at most
// [MaxCaseContacts] contacts, divisions and people; plus the report. The
// stream's records are trusted to pass [account.Interaction.Validate]
// (stores check it on write); an account not in accounts is an error
// wrapping [ErrUnknown].
func Coordination(accounts []account.Account, interactions iter.Seq2[account.Interaction, error], o CoordinationOptions) (CoordinationReport, error) {
	o, err := o.validate()
	if err != nil {
		return CoordinationReport{}, err
	}
	byID := make(map[account.ID]*account.Account, len(accounts))
	for i := range accounts {
		byID[accounts[i].ID] = &accounts[i]
	}
	c := coordinator{opts: o, runs: make(map[string]*run), sweepAt: 16}
	var rep CoordinationReport
	var cur *account.Account
	var share ManagerShare
	var last time.Time
	flush := func() {
		if cur == nil {
			return
		}
		c.closeAll(&rep)
		share.Share = ratio(share.ViaManager, share.Contacts)
		rep.Accounts = append(rep.Accounts, share)
	}
	for in, err := range interactions {
		if err != nil {
			return CoordinationReport{}, err
		}
		if cur == nil || in.Account != cur.ID {
			if cur != nil && in.Account < cur.ID {
				return CoordinationReport{}, &account.FieldError{Record: "Interaction", ID: string(in.ID), Field: "Account", Value: string(in.Account),
					Reason: "comes after account " + string(cur.ID) + ": the stream must be in ascending account order", Err: ErrOrder}
			}
			flush()
			a, ok := byID[in.Account]
			if !ok {
				return CoordinationReport{}, &account.FieldError{Record: "Interaction", ID: string(in.ID), Field: "Account", Value: string(in.Account),
					Reason: "is not an account of the portfolio", Err: ErrUnknown}
			}
			cur, share = a, ManagerShare{Account: a.ID, Tier: a.Tier}
			c.account, c.manager = a.ID, a.Owner
		} else if in.At.Before(last) {
			return CoordinationReport{}, &account.FieldError{Record: "Interaction", ID: string(in.ID), Field: "At", Value: in.At,
				Reason: "is before the interaction before it: the stream must be in ascending time within an account", Err: ErrOrder}
		}
		last = in.At
		share.Contacts++
		via := cur.Owner != "" && slices.Contains(in.Participants, string(cur.Owner))
		if via {
			share.ViaManager++
		}
		if in.OfferingFamily != "" {
			if via {
				c.close(&rep, in.OfferingFamily)
			} else if in.Division != "" {
				c.add(&rep, &in)
			}
		}
	}
	flush()
	slices.SortFunc(rep.Cases, func(a, b ContactCase) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), a.From.Compare(b.From), cmp.Compare(a.Family, b.Family))
	})
	rep.Tiers = tierShares(rep.Accounts)
	return rep, nil
}

// ratio returns n/d rounded to SharePlaces, or 0 when d is 0.
func ratio(n, d int) decimal.Decimal {
	if d == 0 {
		return decimal.Zero
	}
	return decimal.NewFromInt(int64(n)).DivRound(decimal.NewFromInt(int64(d)), SharePlaces)
}

func tierShares(accts []ManagerShare) []TierShare {
	idx := map[account.Tier]int{}
	var out []TierShare
	for _, a := range accts {
		i, ok := idx[a.Tier]
		if !ok {
			i = len(out)
			idx[a.Tier] = i
			out = append(out, TierShare{Tier: a.Tier})
		}
		out[i].Accounts++
		out[i].Contacts += a.Contacts
		out[i].ViaManager += a.ViaManager
	}
	for i := range out {
		out[i].Share = ratio(out[i].ViaManager, out[i].Contacts)
	}
	slices.SortFunc(out, func(a, b TierShare) int { return cmp.Compare(a.Tier, b.Tier) })
	return out
}

// run is a run of uncoordinated contacts about one family at one account.
type run struct {
	from, last        time.Time
	until             time.Time // last + Window: a later contact starts a new run
	divisions, people []string  // distinct, capped
	contacts          []CaseContact
	more              int
	names             []string // the contacts' People, one after another
	lastDivision      string   // the division last added to divisions
	lastPeople        []string // the participants last added to people
}

// coordinator keeps the open runs of the current account, by family.
type coordinator struct {
	opts    CoordinationOptions
	account account.ID
	manager account.ManagerID
	runs    map[string]*run
	free    []*run // runs closed without a case, for reuse
	sweepAt int    // sweep for expired runs when there are this many
}

func (c *coordinator) add(rep *CoordinationReport, in *account.Interaction) {
	r := c.runs[in.OfferingFamily]
	if r != nil && in.At.After(r.until) {
		c.close(rep, in.OfferingFamily)
		r = nil
	}
	if r == nil {
		if len(c.runs) >= c.sweepAt {
			// Sweep the runs the window has passed when their number has
			// doubled since the last sweep: amortised O(1) a contact, and
			// memory within twice what the window holds.
			c.expire(rep, in.At)
			c.sweepAt = max(16, 2*len(c.runs))
		}
		if n := len(c.free); n > 0 {
			r, c.free = c.free[n-1], c.free[:n-1]
		} else {
			r = new(run)
		}
		r.from = in.At
		c.runs[in.OfferingFamily] = r
	}
	r.last, r.until = in.At, in.At.Add(c.opts.Window)
	if len(r.contacts) < MaxCaseContacts {
		start := len(r.names)
		r.names = append(r.names, in.Participants...)
		people := r.names[start:len(r.names):len(r.names)]
		r.contacts = append(r.contacts, CaseContact{Interaction: in.ID, At: in.At, Division: in.Division, People: people})
	} else {
		r.more++
	}
	// A contact by the same division and people as the one before adds
	// nothing to the sets: the common case, checked without a search.
	if in.Division != r.lastDivision {
		r.divisions = addDistinct(r.divisions, in.Division)
		r.lastDivision = in.Division
	}
	if !slices.Equal(in.Participants, r.lastPeople) {
		for _, p := range in.Participants {
			r.people = addDistinct(r.people, p)
		}
		r.lastPeople = append(r.lastPeople[:0], in.Participants...)
	}
}

// addDistinct adds s to the sorted set xs, unless it holds it or is full.
func addDistinct(xs []string, s string) []string {
	i, found := slices.BinarySearch(xs, s)
	if found || len(xs) >= MaxCaseContacts {
		return xs
	}
	return slices.Insert(xs, i, s)
}

// expire closes the runs whose last contact is more than Window before t.
func (c *coordinator) expire(rep *CoordinationReport, t time.Time) {
	for fam, r := range c.runs {
		if t.After(r.until) {
			c.close(rep, fam)
		}
	}
}

// close ends the run of family fam, reporting it if it is a case.
func (c *coordinator) close(rep *CoordinationReport, fam string) {
	r := c.runs[fam]
	if r == nil {
		return
	}
	delete(c.runs, fam)
	if len(r.divisions) < c.opts.MinDivisions {
		clear(r.contacts) // drop the references it holds
		*r = run{divisions: r.divisions[:0], people: r.people[:0], contacts: r.contacts[:0], names: r.names[:0], lastPeople: r.lastPeople[:0]}
		c.free = append(c.free, r)
		return
	}
	rep.Cases = append(rep.Cases, ContactCase{Account: c.account, Manager: c.manager, Family: fam, From: r.from, To: r.last,
		Divisions: r.divisions, People: r.people, Contacts: r.contacts, More: r.more})
}

func (c *coordinator) closeAll(rep *CoordinationReport) {
	for fam := range c.runs {
		c.close(rep, fam)
	}
}
