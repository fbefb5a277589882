package engagement

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// CoverageOptions are the options of [Coverage].
type CoverageOptions struct {
	// At is the instant coverage is measured at; required. Contact after
	// it is not counted.
	At time.Time

	// ContactEvery is each tier's contact interval: the longest a contact
	// may go without being spoken to (tiering.ServiceModel's ContactEvery,
	// say). A tier it does not list, or lists with 0, has no interval: its
	// contacts are current once spoken to at all. Intervals must not be
	// negative.
	ContactEvery map[account.Tier]time.Duration
}

// The coverage score's lines and the most points each gives; they add up
// to 100.
const (
	pointsDecisionMaker = 25 // a decision maker is known
	pointsSponsor       = 15 // a sponsor is known
	pointsThreads       = 20 // several current relationships: 10 for two, 20 for three or more
	pointsSupport       = 25 // influence on the relationship's side
	pointsCurrent       = 15 // influence spoken to within the interval
)

// A StakeholderCoverage is how well the account team knows the people
// inside one account: who decides and who sponsors, where the influence
// stands, who has not been spoken to lately, and a score that sums it up.
type StakeholderCoverage struct {
	Account account.ID   // the account
	Tier    account.Tier // its tier, whose contact interval applies

	Contacts       int                 // contacts in the stakeholder map
	DecisionMakers []account.ContactID // by influence, most first, ties by ID
	Sponsors       []account.ContactID // by influence, most first, ties by ID

	// Influence is the contacts' influence by attitude.
	Influence InfluenceShares

	// Stale lists the contacts not spoken to within the tier's contact
	// interval as of At, most influential first, ties by ID; empty for a
	// tier with no interval.
	Stale []StaleContact

	// Threads is the number of current relationships: contacts spoken to
	// (at or before At), within the tier's interval if it has one.
	Threads int
	// SingleThreaded reports an account whose relationship hangs on one
	// person: Threads is 1.
	SingleThreaded bool

	// Score is the coverage score, from 0 to 100 points: the sum of the
	// Lines' points exactly.
	Score decimal.Decimal
	// Lines explain the score, one per part, in a fixed order.
	Lines []CoverageLine
}

// InfluenceShares splits an account's total influence (the sum of its
// contacts' Influence) by attitude. The shares are rounded to 4 decimal
// places by largest remainder, so that they add up to 1 exactly (all 0
// when the account has no contacts); ties go to supporter, then neutral.
type InfluenceShares struct {
	Supporter, Neutral, Detractor                int             // influence points
	SupporterShare, NeutralShare, DetractorShare decimal.Decimal // shares of the total, 0 to 1
}

// Total returns the account's total influence.
func (s InfluenceShares) Total() int { return s.Supporter + s.Neutral + s.Detractor }

// A StaleContact is a contact not spoken to within the tier's interval.
type StaleContact struct {
	Contact   account.ContactID // the contact's ID
	Role      account.Role      // the part it plays in decisions
	Influence int               // 1 to 5
	Last      time.Time         // last spoken to, at or before At; zero if never
}

// A CoverageLine is one part of a coverage score.
type CoverageLine struct {
	Part   string          // "decision maker", "sponsor", "threads", "support", "current"
	Max    decimal.Decimal // the most points the part gives
	Points decimal.Decimal // the points it gave, in hundredths
	Why    string          // what earned them, such as "2 of 5 influence current"
}

// String formats c's score and its lines as a small table, such as
//
//	acme: 61.50 of 100 points
//	part            points  of  why
//	decision maker  25.00   25  c-1 known
//	...
func (c StakeholderCoverage) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s of 100 points\n", c.Account, c.Score.StringFixed(2))
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "part\tpoints\tof\twhy")
	for _, l := range c.Lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", l.Part, l.Points.StringFixed(2), l.Max, l.Why)
	}
	tw.Flush()
	return b.String()
}

// Coverages holds the stakeholder coverage of a portfolio, made by
// [Coverage].
type Coverages struct {
	// Accounts holds one coverage per account, in ascending ID order.
	Accounts []StakeholderCoverage
	index    map[account.ID]int
}

// For returns the coverage of the account with the given ID, and whether
// there is one.
func (cs *Coverages) For(id account.ID) (StakeholderCoverage, bool) {
	i, ok := cs.index[id]
	if !ok {
		return StakeholderCoverage{}, false
	}
	return cs.Accounts[i], true
}

// Measure returns a's coverage score as a number from 0 to 100, and
// whether a has one: the shape of a tiering measure's function, so that
// stakeholder coverage can weigh in a scorecard:
//
//	tiering.Measure{Name: "coverage", Weight: 10, Source: tiering.Func("stakeholder-coverage", cov.Measure)}
//
// Accounts not given to [Coverage] have no value.
func (cs *Coverages) Measure(a account.Account) (float64, bool) {
	c, ok := cs.For(a.ID)
	if !ok {
		return 0, false
	}
	return c.Score.InexactFloat64(), true
}

// Coverage analyses the stakeholder map of each account: the decision
// makers and sponsors known, the influence by attitude, the contacts not
// spoken to within the tier's interval, the number of current
// relationships, and a score with its explanation.
//
// A contact was last spoken to at the later of its LastContacted and the
// last interaction with the contact's account, at or before At, whose
// Participants include the contact's ID (of any kind: an email counts as
// speaking to someone). interactions and contacts are what a store's lists yield;
// an error they yield ends Coverage, which returns it as it is. A nil
// interactions has none. Contacts and interactions of accounts not given
// are ignored. The result does not depend on the order of any input.
//
// The score, out of 100, adds five parts: 25 points if a decision maker
// is known; 15 if a sponsor is; for threads, 10 for two current
// relationships and 20 for three or more; 25 times the support, (supporter
// − detractor + total influence) / (2 × total influence), so 25 for all
// supporters, 12.5 for all neutral and 0 for all detractors; and 15 times
// the share of influence that is current. Each part is rounded half away
// from zero to hundredths of a point, and the score is their sum.
//
// The errors wrap [ErrInvalid]: a contact that fails
// [account.Contact.Validate] (that error also wraps [account.ErrInvalid]);
// an [*account.FieldError] for a repeated account or contact ID, or, with
// Record "CoverageOptions", for a zero At or a negative interval.
func Coverage(accounts []account.Account, contacts iter.Seq2[account.Contact, error], interactions iter.Seq2[account.Interaction, error], opts CoverageOptions) (*Coverages, error) {
	f := &recordCheck{record: "CoverageOptions"}
	f.checkAtAndDurations(opts.At, "ContactEvery", opts.ContactEvery)
	if err := f.err(); err != nil {
		return nil, err
	}
	index := make(map[account.ID]int, len(accounts))
	for i := range accounts {
		if _, dup := index[accounts[i].ID]; dup {
			return nil, dupErr("Account", string(accounts[i].ID))
		}
		index[accounts[i].ID] = i
	}
	type known struct {
		c    account.Contact
		last time.Time
	}
	byAccount := make([][]known, len(accounts))
	where := make(map[account.ContactID][2]int) // account number, place in its list
	seen := make(map[account.ContactID]struct{})
	if contacts != nil {
		for c, err := range contacts {
			if err != nil {
				return nil, err
			}
			if err := c.Validate(); err != nil {
				return nil, wrapInvalid(err)
			}
			if _, dup := seen[c.ID]; dup {
				return nil, dupErr("Contact", string(c.ID))
			}
			seen[c.ID] = struct{}{}
			i, ok := index[c.Account]
			if !ok {
				continue
			}
			last := c.LastContacted
			if last.After(opts.At) {
				last = time.Time{} // contact after At does not count; what came before is not known
			}
			where[c.ID] = [2]int{i, len(byAccount[i])}
			byAccount[i] = append(byAccount[i], known{c, last})
		}
	}
	if interactions != nil {
		for x, err := range interactions {
			if err != nil {
				return nil, err
			}
			if x.At.After(opts.At) {
				continue
			}
			for _, p := range x.Participants {
				w, ok := where[account.ContactID(p)]
				if !ok || accounts[w[0]].ID != x.Account {
					continue
				}
				if k := &byAccount[w[0]][w[1]]; x.At.After(k.last) {
					k.last = x.At
				}
			}
		}
	}

	cs := &Coverages{Accounts: make([]StakeholderCoverage, len(accounts)), index: make(map[account.ID]int, len(accounts))}
	order := make([]int, len(accounts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(accounts[a].ID, accounts[b].ID) })
	for n, i := range order {
		a := &accounts[i]
		every := opts.ContactEvery[a.Tier]
		cov := StakeholderCoverage{Account: a.ID, Tier: a.Tier, Contacts: len(byAccount[i])}
		ks := byAccount[i]
		slices.SortFunc(ks, func(x, y known) int {
			if c := cmp.Compare(y.c.Influence, x.c.Influence); c != 0 {
				return c
			}
			return cmp.Compare(x.c.ID, y.c.ID)
		})
		current := 0
		for _, k := range ks {
			c := &k.c
			switch c.Role {
			case account.RoleDecisionMaker:
				cov.DecisionMakers = append(cov.DecisionMakers, c.ID)
			case account.RoleSponsor:
				cov.Sponsors = append(cov.Sponsors, c.ID)
			}
			switch c.Attitude {
			case account.AttitudeSupporter:
				cov.Influence.Supporter += c.Influence
			case account.AttitudeDetractor:
				cov.Influence.Detractor += c.Influence
			default:
				cov.Influence.Neutral += c.Influence
			}
			stale := every > 0 && (k.last.IsZero() || opts.At.After(k.last.Add(every)))
			if stale {
				cov.Stale = append(cov.Stale, StaleContact{Contact: c.ID, Role: c.Role, Influence: c.Influence, Last: k.last})
			} else if !k.last.IsZero() {
				cov.Threads++
				current += c.Influence
			}
		}
		cov.SingleThreaded = cov.Threads == 1
		cov.Influence.share()
		cov.score(current)
		cs.Accounts[n] = cov
		cs.index[a.ID] = n
	}
	return cs, nil
}

// share sets the shares of s by largest remainder to 4 places.
func (s *InfluenceShares) share() {
	total := s.Total()
	if total == 0 {
		s.SupporterShare, s.NeutralShare, s.DetractorShare = decimal.Zero, decimal.Zero, decimal.Zero
		return
	}
	const unit = 10000
	parts := [3]int{s.Supporter, s.Neutral, s.Detractor}
	var units [3]int
	left := unit
	for i, p := range parts {
		units[i] = p * unit / total
		left -= units[i]
	}
	// Give the units left (at most 2) to the largest remainders.
	order := []int{0, 1, 2}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(parts[b]*unit%total, parts[a]*unit%total) })
	for _, i := range order[:left] {
		units[i]++
	}
	s.SupporterShare = decimal.New(int64(units[0]), -4)
	s.NeutralShare = decimal.New(int64(units[1]), -4)
	s.DetractorShare = decimal.New(int64(units[2]), -4)
}

// scorePart returns most × num / den in points, rounded half away from zero to
// hundredths; 0 if den is 0.
func scorePart(most, num, den int) decimal.Decimal {
	if den == 0 {
		return decimal.New(0, -2)
	}
	return decimal.NewFromInt(int64(most*num)).DivRound(decimal.NewFromInt(int64(den)), 2)
}

func (c *StakeholderCoverage) score(current int) {
	line := func(name string, most int, points decimal.Decimal, why string) {
		c.Lines = append(c.Lines, CoverageLine{Part: name, Max: decimal.NewFromInt(int64(most)), Points: points, Why: why})
		c.Score = c.Score.Add(points)
	}
	c.Score = decimal.New(0, -2)
	known := func(ids []account.ContactID, what string) (int, string) {
		if len(ids) == 0 {
			return 0, "no " + what + " known"
		}
		return 1, string(ids[0]) + " known"
	}
	n, why := known(c.DecisionMakers, "decision maker")
	line("decision maker", pointsDecisionMaker, scorePart(pointsDecisionMaker, n, 1), why)
	n, why = known(c.Sponsors, "sponsor")
	line("sponsor", pointsSponsor, scorePart(pointsSponsor, n, 1), why)
	line("threads", pointsThreads, scorePart(pointsThreads, min(max(c.Threads-1, 0), 2), 2), fmt.Sprintf("%d current relationships", c.Threads))
	in := &c.Influence
	total := in.Total()
	line("support", pointsSupport, scorePart(pointsSupport, in.Supporter-in.Detractor+total, 2*total),
		fmt.Sprintf("supporters %d, neutral %d, detractors %d of %d influence", in.Supporter, in.Neutral, in.Detractor, total))
	line("current", pointsCurrent, scorePart(pointsCurrent, current, total), fmt.Sprintf("%d of %d influence current", current, total))
}
