// Package sample generates a deterministic sample portfolio for the
// module's examples and tests: external customers in hierarchies (global
// groups and their subsidiaries), internal customers (divisions and their
// departments), account managers with capacities, regions, industries and
// skills, contacts, two years of monthly transactions, and a year of
// interactions.
//
// The same [Options] always give the same [Portfolio], on every platform
// and with every Go release: the generator uses its own pseudo-random
// sequence (SplitMix64), iterates no maps and never reads the clock.
//
//	p := sample.New(sample.Options{Seed: 7, Accounts: 300})
//	scores, err := tiering.Score(p.Accounts, card)
//
// # What is in a portfolio
//
// Four in five accounts are external: top-level groups (IDs "E001",
// "E002", ...) with zero to five subsidiaries each ("E001-01", ...). The
// rest are internal: divisions ("I01", ...) and their departments
// ("I01-01", ...). Every account has an owner, a region and an industry;
// accounts created in the last three months before At have no tier yet,
// and the others carry the tier a previous tiering gave them, by last
// year's revenue or cost with some noise, and the instant they entered it
// (TierSince): the start of one of the last eight quarters.
//
// Accounts carry these attributes for scoring (see the Attr constants):
// revenue or cost over the twelve months before At, computed exactly from
// the transactions; employees and sites; for external accounts potential,
// strategic fit and NPS; for internal ones criticality and satisfaction;
// and open tickets. Potential, fit, NPS and satisfaction are missing for
// some accounts, as real data is, but never for the first account of each
// audience, so that every attribute exists in a portfolio of any size.
//
// Transactions are monthly: revenue from external accounts, cost of
// internal ones, in NZD. Every account had an onboarding meeting soon
// after it was created; over the last year, interactions are more frequent
// for larger accounts, and some accounts are neglected, so that service
// gaps show.
package sample

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// The attribute names the generator sets.
const (
	AttrRevenue      = "revenue"      // external: revenue over the 12 months before At, NZD
	AttrCost         = "cost"         // internal: cost over the 12 months before At, NZD
	AttrEmployees    = "employees"    // head count
	AttrSites        = "sites"        // number of sites or offices
	AttrPotential    = "potential"    // external: estimated annual wallet, NZD; sometimes missing
	AttrFit          = "fit"          // external: strategic fit from 1 to 5; sometimes missing
	AttrNPS          = "nps"          // external: net promoter score from -100 to 100; sometimes missing
	AttrTickets      = "tickets"      // open service tickets in the last quarter
	AttrCriticality  = "criticality"  // internal: business criticality from 1 to 5
	AttrSatisfaction = "satisfaction" // internal: satisfaction from 1 to 10; sometimes missing
)

// Currency is the currency of every amount in a portfolio.
const Currency account.Currency = "NZD"

// DefaultAt is the instant a portfolio is generated for when Options.At is
// zero.
var DefaultAt = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// Regions, Industries and Skills are the labels accounts and managers use.
var (
	Regions    = []string{"APAC", "Americas", "EMEA"}
	Industries = []string{"finance", "health", "manufacturing", "public sector", "retail", "utilities"}
	Skills     = []string{"analytics", "cloud", "field service", "integration", "security"}
)

// Options says what to generate. The zero Options generates the default
// portfolio: seed 1, 300 accounts, 16 managers, at DefaultAt.
type Options struct {
	Seed     uint64    // the pseudo-random seed; 0 means 1
	Accounts int       // how many accounts, exactly; 0 means 300
	Managers int       // how many account managers; 0 means 16
	At       time.Time // the portfolio's "now"; zero means DefaultAt
}

// A Portfolio is a generated book of business. Every record in it passes
// its Validate method, the accounts form a valid hierarchy, and every
// reference (owner, parent, contact, transaction and interaction account)
// resolves. Slices are in ascending ID order, except Transactions and
// Interactions, which are ordered by account, then time, then ID, as the
// stores list them.
type Portfolio struct {
	At           time.Time             // the portfolio's "now": nothing in it happens later
	Accounts     []account.Account     // external and internal customers, in hierarchies
	Managers     []account.Manager     // the account managers; the last of more than three is inactive
	Contacts     []account.Contact     // one to four per account
	Transactions []account.Transaction // monthly revenue or cost over two years
	Interactions []account.Interaction // an onboarding meeting each, and a year of contact
}

// Default returns New(Options{}): the portfolio the examples use.
func Default() Portfolio { return New(Options{}) }

// New generates the portfolio o describes. It panics if o.Accounts or
// o.Managers is negative, or o.Managers exceeds o.Accounts.
func New(o Options) Portfolio {
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Accounts == 0 {
		o.Accounts = 300
	}
	if o.Managers == 0 {
		o.Managers = 16
	}
	if o.At.IsZero() {
		o.At = DefaultAt
	}
	if o.Accounts < 0 || o.Managers < 0 || o.Managers > max(o.Accounts, 1) {
		panic(fmt.Sprintf("sample: bad options: %d accounts, %d managers", o.Accounts, o.Managers))
	}
	g := &generator{rng: rng{state: o.Seed}, at: o.At}
	g.managers(o.Managers)
	internal := o.Accounts / 5
	g.accounts(o.Accounts-internal, false)
	g.accounts(internal, true)
	g.activity()
	g.tiers()
	slices.SortFunc(g.p.Accounts, func(a, b account.Account) int { return cmp.Compare(a.ID, b.ID) })
	g.p.At = o.At
	return g.p
}

// rng is SplitMix64: tiny, fast, and fixed forever.
type rng struct{ state uint64 }

func (r *rng) next() uint64 {
	r.state += 0x9e3779b97f4a7c15
	z := r.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// intn returns a number in [0, n).
func (r *rng) intn(n int) int { return int(r.next() % uint64(n)) }

// between returns a number in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a number in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// logNormal returns exp(mu + sigma·N(0,1)), with N drawn by Box–Muller.
func (r *rng) logNormal(mu, sigma float64) float64 {
	u1, u2 := r.float(), r.float()
	n := math.Sqrt(-2*math.Log(1-u1)) * math.Cos(2*math.Pi*u2)
	return math.Exp(mu + sigma*n)
}

func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

type generator struct {
	rng rng
	at  time.Time
	p   Portfolio
	// per account, in creation order
	size []float64 // monthly amount in NZD
	nInt int
}

var firstNames = []string{"Aroha", "Ben", "Chen", "Dana", "Eru", "Farah", "Grace", "Hemi", "Ines", "Jack", "Kiri", "Liam", "Mere", "Noah", "Olivia", "Priya", "Quinn", "Rangi", "Sofia", "Tama"}
var lastNames = []string{"Anand", "Brown", "Clarke", "Dunn", "Evans", "Fitzgerald", "Ngata", "Hughes", "Iti", "Jones", "Kaur", "Li", "Moana", "Nguyen", "O'Neill", "Parata", "Reid", "Smith", "Tane", "Walker"}

func (g *generator) person() string { return pick(&g.rng, firstNames) + " " + pick(&g.rng, lastNames) }

func (g *generator) managers(n int) {
	for i := range n {
		m := account.Manager{
			ID:       account.ManagerID(fmt.Sprintf("M%02d", i+1)),
			Name:     g.person(),
			Capacity: g.rng.between(6, 18) * 5,
			Regions:  []string{Regions[i%len(Regions)]},
			Active:   true,
		}
		if g.rng.chance(0.3) {
			m.Regions = append(m.Regions, Regions[(i+1)%len(Regions)])
		}
		slices.Sort(m.Regions)
		m.Industries = []string{Industries[i%len(Industries)], Industries[(i+2)%len(Industries)]}
		slices.Sort(m.Industries)
		m.Skills = []string{pick(&g.rng, Skills)}
		if s := pick(&g.rng, Skills); s != m.Skills[0] {
			m.Skills = append(m.Skills, s)
		}
		slices.Sort(m.Skills)
		switch {
		case i%5 == 4:
			m.Audience = account.AudienceInternal
		case i%5 == 1:
			m.Audience = account.AudienceExternal
		}
		if n > 3 && i == n-1 {
			m.Active = false // on leave: owns nothing, must not be given accounts
		}
		g.p.Managers = append(g.p.Managers, m)
	}
}

var (
	groupWords = []string{"Kauri", "Harbour", "Southern", "Pacific", "Summit", "Tasman", "Aurora", "Meridian", "Totara", "Coastal", "Alpine", "Northern", "Pohutukawa", "Ironsand", "Kea", "Rimu"}
	groupKinds = []string{"Energy", "Logistics", "Health", "Foods", "Bank", "Retail", "Engineering", "Telecom", "Water", "Insurance", "Freight", "Steel"}
	subKinds   = []string{"Holdings", "Services", "Australia", "Asia", "Europe", "Americas", "Labs", "Networks"}
	divisions  = []string{"Finance", "Operations", "People", "Sales", "Technology", "Legal", "Marketing", "Supply Chain"}
	depts      = []string{"Payroll", "Procurement", "Service Desk", "Field Crews", "Recruitment", "Analytics", "Facilities", "Compliance", "Training", "Contact Centre"}
)

// accounts creates n external (or internal) accounts in hierarchies.
func (g *generator) accounts(n int, internal bool) {
	for top := 1; n > 0; top++ {
		kids := g.rng.between(0, 5)
		if internal {
			kids = g.rng.between(2, 6)
		}
		kids = min(kids, n-1)
		var id account.ID
		var name string
		if internal {
			id, name = account.ID(fmt.Sprintf("I%02d", top)), divisions[(top-1)%len(divisions)]
			if top > len(divisions) {
				name += fmt.Sprintf(" %d", (top-1)/len(divisions)+1)
			}
		} else {
			id, name = account.ID(fmt.Sprintf("E%03d", top)), pick(&g.rng, groupWords)+" "+pick(&g.rng, groupKinds)
		}
		parent := g.account(id, name, nil, internal, 1)
		for k := 1; k <= kids; k++ {
			sub := name + " " + pick(&g.rng, subKinds)
			if internal {
				sub = name + " " + depts[(top+k)%len(depts)]
			}
			g.account(account.ID(fmt.Sprintf("%s-%02d", id, k)), sub, &parent, internal, 0.3)
		}
		n -= kids + 1
	}
}

// account creates one account; scale shrinks subsidiaries.
func (g *generator) account(id account.ID, name string, parent *account.Account, internal bool, scale float64) account.Account {
	r := &g.rng
	a := account.Account{ID: id, Name: name, Internal: internal, Currency: Currency, Attributes: map[string]decimal.Decimal{}}
	if parent != nil {
		a.Parent, a.Region, a.Industry = parent.ID, parent.Region, parent.Industry
		if r.chance(0.3) {
			a.Region = pick(r, Regions)
		}
	} else {
		a.Region, a.Industry = pick(r, Regions), pick(r, Industries)
	}
	if internal {
		a.Industry, a.Segment = "internal", "internal"
	} else {
		a.Segment = pick(r, []string{"enterprise", "mid-market", "mid-market", "strategic"})
	}
	a.Created = g.at.AddDate(0, -r.between(1, 120), -r.intn(28))
	a.Updated = a.Created
	employees := max(5, int(r.logNormal(6, 1.6)*scale))
	if internal {
		employees = max(3, int(r.logNormal(4, 0.9)))
	}
	a.Attributes[AttrEmployees] = decimal.NewFromInt(int64(employees))
	a.Attributes[AttrSites] = decimal.NewFromInt(int64(1 + int(math.Sqrt(float64(employees))/4*r.float())))
	a.Attributes[AttrTickets] = decimal.NewFromInt(int64(r.intn(3 + employees/200)))
	// The first account of each audience has every attribute, so that a
	// scorecard never finds an attribute that no account has, however small
	// the portfolio.
	first := !slices.ContainsFunc(g.p.Accounts, func(b account.Account) bool { return b.Internal == internal })
	if internal {
		a.Attributes[AttrCriticality] = decimal.NewFromInt(int64(r.between(1, 5)))
		if !r.chance(0.2) || first {
			a.Attributes[AttrSatisfaction] = decimal.NewFromInt(int64(r.between(3, 10)))
		}
	} else {
		if !r.chance(0.1) || first {
			a.Attributes[AttrPotential] = decimal.NewFromInt(int64(r.logNormal(13, 1.2)*scale) / 1000 * 1000)
		}
		if !r.chance(0.15) || first {
			a.Attributes[AttrFit] = decimal.NewFromInt(int64(r.between(1, 5)))
		}
		if !r.chance(0.25) || first {
			a.Attributes[AttrNPS] = decimal.NewFromInt(int64(r.between(-60, 80)))
		}
	}
	a.Owner = g.owner(&a)
	g.p.Accounts = append(g.p.Accounts, a)
	monthly := r.logNormal(9.5, 1.4) * scale
	if internal {
		monthly = float64(employees) * r.logNormal(6, 0.5)
	}
	g.size = append(g.size, monthly)
	return a
}

// owner picks an active manager who serves the account's audience, in its
// region if one does.
func (g *generator) owner(a *account.Account) account.ManagerID {
	var fit, serve []account.ManagerID
	for _, m := range g.p.Managers {
		if !m.Active || !m.Audience.Serves(a.Internal) {
			continue
		}
		serve = append(serve, m.ID)
		if slices.Contains(m.Regions, a.Region) {
			fit = append(fit, m.ID)
		}
	}
	switch {
	case len(fit) > 0:
		return pick(&g.rng, fit)
	case len(serve) > 0:
		return pick(&g.rng, serve)
	}
	return ""
}

var kinds = []account.InteractionKind{account.Email, account.Email, account.Email, account.Call, account.Call, account.Meeting, account.Meeting, account.Visit, account.Review}

// activity creates contacts, transactions and interactions, and sets the
// revenue or cost attribute from the transactions.
func (g *generator) activity() {
	r := &g.rng
	start := time.Date(g.at.Year(), g.at.Month(), 1, 0, 0, 0, 0, time.UTC).AddDate(-2, 0, 0)
	yearAgo := g.at.AddDate(-1, 0, 0)
	for ai := range g.p.Accounts {
		a := &g.p.Accounts[ai]
		for c := range r.between(1, 4) {
			g.p.Contacts = append(g.p.Contacts, account.Contact{
				ID: account.ContactID(fmt.Sprintf("%s-c%d", a.ID, c+1)), Account: a.ID, Name: g.person(),
				Title: pick(r, []string{"CEO", "CFO", "CIO", "Head of Operations", "Procurement Lead", "Service Manager"}),
				Role:  account.Role(r.intn(6)), Influence: r.between(1, 5), Attitude: account.Attitude(r.intn(3) - 1),
			})
		}
		kind := account.Revenue
		if a.Internal {
			kind = account.Cost
		}
		growth := r.float()*0.04 - 0.015 // monthly
		total := decimal.Zero
		for m := range 24 {
			at := start.AddDate(0, m, r.intn(27)).Add(time.Duration(9+r.intn(8)) * time.Hour)
			if at.Before(a.Created) || !at.Before(g.at) {
				continue
			}
			amount := g.size[ai] * math.Pow(1+growth, float64(m)) * (0.8 + 0.4*r.float())
			money, _ := account.NewMoney(decimal.NewFromFloat(amount).Round(2), Currency)
			g.p.Transactions = append(g.p.Transactions, account.Transaction{
				ID: account.TransactionID(fmt.Sprintf("%s-%s", a.ID, at.Format("2006-01"))), Account: a.ID, At: at,
				Amount: money, Kind: kind, Reference: fmt.Sprintf("INV-%s-%02d", a.ID, m+1),
			})
			if !at.Before(yearAgo) {
				total = total.Add(money.Amount())
			}
		}
		if a.Internal {
			a.Attributes[AttrCost] = total
		} else {
			a.Attributes[AttrRevenue] = total
		}
		// Interactions over the last year, more for bigger accounts; one
		// account in eight is neglected.
		n := min(30, int(math.Log10(1+g.size[ai]))*3+r.intn(6))
		if r.chance(0.125) {
			n = r.intn(2)
		}
		// Every account had an onboarding meeting soon after it was
		// created; the window of regular contact is the last year.
		times := []time.Time{a.Created.AddDate(0, 0, 7+r.intn(14))}
		if !times[0].Before(g.at) {
			times = times[:0]
		}
		for range n {
			t := g.at.Add(-time.Duration(r.intn(365*24)) * time.Hour)
			if t.After(a.Created) {
				times = append(times, t)
			}
		}
		slices.SortFunc(times, func(x, y time.Time) int { return x.Compare(y) })
		for k, t := range times {
			g.nInt++
			x := account.Interaction{
				ID: account.InteractionID(fmt.Sprintf("i%05d", g.nInt)), Account: a.ID, At: t,
				Kind: pick(r, kinds), Channel: account.Channel(r.between(1, 6)), Sentiment: r.between(-2, 2),
				Participants: []string{string(a.Owner)},
			}
			if k == 0 && t.Before(g.at.AddDate(-1, 0, 0)) || len(times) == 1 {
				x.Kind, x.Channel, x.Summary = account.Meeting, account.ChannelInPerson, "onboarding meeting"
			}
			g.p.Interactions = append(g.p.Interactions, x)
		}
	}
	sortLog(g.p.Transactions, func(x account.Transaction) (account.ID, time.Time, account.TransactionID) {
		return x.Account, x.At, x.ID
	})
	sortLog(g.p.Interactions, func(x account.Interaction) (account.ID, time.Time, account.InteractionID) {
		return x.Account, x.At, x.ID
	})
	slices.SortFunc(g.p.Contacts, func(x, y account.Contact) int { return cmp.Compare(x.ID, y.ID) })
}

// sortLog orders records as the stores list them: by account, then time,
// then ID.
func sortLog[T any, I ~string](xs []T, key func(T) (account.ID, time.Time, I)) {
	slices.SortFunc(xs, func(x, y T) int {
		xa, xt, xi := key(x)
		ya, yt, yi := key(y)
		if c := cmp.Compare(xa, ya); c != 0 {
			return c
		}
		if c := xt.Compare(yt); c != 0 {
			return c
		}
		return cmp.Compare(xi, yi)
	})
}

// tiers gives every account but the newest the tier a previous tiering
// gave it: by last year's revenue (or cost) rank within its audience, with
// noise; 5%, 15% and 30% in tiers 1 to 3, the rest in tier 4. Each tiered
// account entered its tier (TierSince) at the start of one of the last
// eight quarters, but not before it was created, and the account record
// was last updated then.
func (g *generator) tiers() {
	r := &g.rng
	for _, internal := range []bool{false, true} {
		var idx []int
		noisy := map[int]float64{}
		for i, a := range g.p.Accounts {
			if a.Internal == internal && a.Created.Before(g.at.AddDate(0, -3, 0)) {
				idx = append(idx, i)
				noisy[i] = g.size[i] * (0.6 + 0.8*r.float())
			}
		}
		slices.SortStableFunc(idx, func(x, y int) int {
			switch {
			case noisy[x] > noisy[y]:
				return -1
			case noisy[x] < noisy[y]:
				return 1
			}
			return x - y
		})
		for k, i := range idx {
			share := float64(k) / float64(len(idx))
			switch {
			case share < 0.05:
				g.p.Accounts[i].Tier = 1
			case share < 0.20:
				g.p.Accounts[i].Tier = 2
			case share < 0.50:
				g.p.Accounts[i].Tier = 3
			default:
				g.p.Accounts[i].Tier = 4
			}
		}
	}
	// Drawn after every tier, so that the tiers are what they were before
	// accounts had a TierSince.
	quarter := time.Date(g.at.Year(), g.at.Month()-(g.at.Month()-1)%3, 1, 0, 0, 0, 0, time.UTC)
	for i := range g.p.Accounts {
		a := &g.p.Accounts[i]
		if a.Tier == account.Unassigned {
			continue
		}
		since := quarter.AddDate(0, -3*r.between(1, 8), 0)
		for since.Before(a.Created) {
			since = since.AddDate(0, 3, 0)
		}
		a.TierSince = since
		if a.Updated.Before(since) {
			a.Updated = since
		}
	}
}
