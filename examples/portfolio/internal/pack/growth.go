package pack

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/htmlpage"
	"github.com/keyaccount/keyaccount/growth"
)

// The limits of [GrowthConfig].
const (
	MaxMinPeers    = 1000 // the largest GrowthConfig.MinPeers
	MaxSuggestions = 100  // the largest GrowthConfig.Suggestions
)

// GrowthConfig configures the growth section: white space, share of
// wallet, the opportunity pipeline and coordinated coverage (package
// growth).
type GrowthConfig struct {
	// Stages is the sales process the stored opportunities follow: every
	// stage their histories name must be in it. It must pass
	// growth.Stages.Validate.
	Stages growth.Stages

	// Peers says which top-level accounts are comparable for the white
	// space: growth.PeerSegment, PeerTier or PeerIndustry (PeerSizeBand
	// needs bands the pack does not take).
	Peers growth.PeerKey

	// MinPeers is the fewest other members a peer group must have for
	// its accounts to get suggestions: 1 to [MaxMinPeers].
	MinPeers int

	// Suggestions is the most suggestions kept per account: 1 to
	// [MaxSuggestions].
	Suggestions int

	// Window is how close together the contacts of the seller's other
	// divisions must be to make one uncoordinated-contact case: from one
	// minute to growth.MaxWindow.
	Window time.Duration
}

// validate adds the problems of g to l, as fields of "Growth".
func (g GrowthConfig) validate(l *errList) {
	if len(g.Stages) == 0 {
		l.field("Growth.Stages", nil, "is required")
	} else {
		l.part("Growth.Stages", g.Stages.Validate())
	}
	switch g.Peers {
	case growth.PeerSegment, growth.PeerTier, growth.PeerIndustry:
	default:
		l.field("Growth.Peers", int(g.Peers), "must be segment, tier or industry")
	}
	if g.MinPeers < 1 || g.MinPeers > MaxMinPeers {
		l.field("Growth.MinPeers", g.MinPeers, "must be from 1 to "+strconv.Itoa(MaxMinPeers))
	}
	if g.Suggestions < 1 || g.Suggestions > MaxSuggestions {
		l.field("Growth.Suggestions", g.Suggestions, "must be from 1 to "+strconv.Itoa(MaxSuggestions))
	}
	if g.Window < time.Minute || g.Window > growth.MaxWindow {
		l.field("Growth.Window", g.Window, "must be from 1m to "+growth.MaxWindow.String())
	}
}

// defaultGrowth is the growth part of [DefaultConfig]: the sample's three
// open stages (qualified 10%, 30 days; proposal 30%, 21 days; negotiation
// 60%, 14 days) then won and lost; peers by tier, at least 5 of them; 5
// suggestions an account; contacts within 14 days.
func defaultGrowth() GrowthConfig {
	return GrowthConfig{
		Stages: growth.Stages{
			{Name: "qualified", Probability: decimal.New(1, -1), MaxAge: 30 * day},
			{Name: "proposal", Probability: decimal.New(3, -1), MaxAge: 21 * day},
			{Name: "negotiation", Probability: decimal.New(6, -1), MaxAge: 14 * day},
			{Name: "won", Probability: decimal.NewFromInt(1), Outcome: growth.OutcomeWon},
			{Name: "lost", Outcome: growth.OutcomeLost},
		},
		Peers: growth.PeerTier, MinPeers: 5, Suggestions: 5, Window: 14 * day,
	}
}

// GrowthSection is where the accounts can grow and how the work of
// growing them goes, at the report's instant.
type GrowthSection struct {
	// Peers and MinPeers are the peer rule of the white space
	// (GrowthConfig.Peers, .MinPeers).
	Peers    growth.PeerKey `json:"peers"`
	MinPeers int            `json:"min_peers"`

	// WhiteSpace is every top-level account with an open cell: first the
	// top-level accounts of the top accounts (Report.TopAccounts), in
	// that order, then the others in ascending ID order. The text shows
	// the first Report.Top.
	WhiteSpace []AccountWhiteSpace `json:"white_space"`

	// Shares are the share-of-wallet trends, in ascending order of
	// account, category and period (growth.Trends); Fell those whose
	// share fell, the largest fall first (growth.Fallen). Over counts
	// the estimates below our own spend (growth.Share.Over).
	Shares []ShareTrend `json:"shares"`
	Fell   []ShareTrend `json:"fell"`
	Over   int          `json:"over"`

	// From and To bound the period of the won and lost figures: the
	// value window, Config.ValueMonths to At.
	From time.Time `json:"from"`
	To   time.Time `json:"to"`
	// Pipeline is the pipeline by manager at At, in ascending manager
	// ID, and Total the whole pipeline's.
	Pipeline []ManagerPipeline `json:"pipeline"`
	Total    ManagerPipeline   `json:"pipeline_total"`
	// Stale are the open opportunities with no change for longer than
	// their stage allows, and Slipping the quotations past their expected
	// close, each the longest late first, then by ID.
	Stale    []LateOpportunity `json:"stale"`
	Slipping []LateOpportunity `json:"slipping"`

	// Cases are the accounts approached by several of the seller's
	// divisions about one offering family without their manager, within
	// GrowthConfig.Window, by account then first contact then family.
	Cases []growth.ContactCase `json:"uncoordinated"`
	// ViaManager is the share of each tier's contacts that went through
	// the account manager (unassigned first).
	ViaManager []growth.TierShare `json:"via_manager"`
}

// AccountWhiteSpace is the white space of one top-level account.
type AccountWhiteSpace struct {
	Account account.ID   `json:"account"`
	Name    string       `json:"name"`
	Tier    account.Tier `json:"tier"` // its stored tier
	// Centres counts its buying centres; Held, Pipeline and Open its
	// cells of each kind.
	Centres  int `json:"centres"`
	Held     int `json:"held"`
	Pipeline int `json:"pipeline"`
	Open     int `json:"open"`
	// Suggestions are its ranked suggestions (growth.Suggestion), at most
	// GrowthConfig.Suggestions.
	Suggestions []growth.Suggestion `json:"suggestions"`
}

// ShareTrend is one account's share of wallet in one category, last
// period against the one before.
type ShareTrend struct {
	Account  account.ID      `json:"account"`
	Name     string          `json:"name"`
	Internal bool            `json:"internal"` // the in-house share of an internal customer's spend
	Category string          `json:"category"`
	From     time.Time       `json:"from"` // the current period's start
	To       time.Time       `json:"to"`   // its end (exclusive)
	Previous decimal.Decimal `json:"previous"`
	Current  decimal.Decimal `json:"current"`
	Change   decimal.Decimal `json:"change"`
	Ours     account.Money   `json:"ours"`  // what we earned (or charged) in the current period
	Total    account.Money   `json:"total"` // the current estimate of the whole wallet
	Source   string          `json:"source"`
}

// ManagerPipeline is the pipeline of one manager's opportunities.
type ManagerPipeline struct {
	Manager account.ManagerID `json:"manager"` // "" for the total
	Name    string            `json:"name"`
	// Open counts the opportunities open at At, OpenValue their value,
	// Weighted their value times their stage's probability, exactly.
	Open      int           `json:"open"`
	OpenValue account.Money `json:"open_value"`
	Weighted  account.Money `json:"weighted"`
	// Won and Lost count those closed in the period, WonValue the value
	// won, WinRate Won/(Won+Lost) to 4 places (0 if none closed).
	Won      int             `json:"won"`
	Lost     int             `json:"lost"`
	WonValue account.Money   `json:"won_value"`
	WinRate  decimal.Decimal `json:"win_rate"`
	Stale    int             `json:"stale"`
}

// LateOpportunity is a stale or slipping opportunity.
type LateOpportunity struct {
	ID      growth.OpportunityID   `json:"id"`
	Account account.ID             `json:"account"`
	Owner   account.ManagerID      `json:"owner"`
	Kind    growth.OpportunityKind `json:"kind"`
	Stage   string                 `json:"stage"`
	Value   account.Money          `json:"value"`
	Due     time.Time              `json:"due"` // when it became late
	Late    time.Duration          `json:"late"`
}

// growth computes the growth section.
func (r *run) growth() error {
	g := r.cfg.Growth
	sec := &r.rep.Growth
	sec.Peers, sec.MinPeers = g.Peers, g.MinPeers
	offerings, err := account.Collect(r.s.Offerings(r.ctx, growth.OfferingFilter{}))
	if err != nil {
		return err
	}
	holdings, err := account.Collect(r.s.Holdings(r.ctx, growth.HoldingFilter{}))
	if err != nil {
		return err
	}
	estimates, err := account.Collect(r.s.WalletEstimates(r.ctx, growth.EstimateFilter{}))
	if err != nil {
		return err
	}
	pipe, err := growth.NewPipeline(g.Stages, r.s.Opportunities(r.ctx, growth.OpportunityFilter{}))
	if err != nil {
		return err
	}
	var cells []growth.CellKey
	for o, err := range growth.AsOf(r.s.Opportunities(r.ctx, growth.OpportunityFilter{}), r.at) {
		if err != nil {
			return err
		}
		if k, ok := g.Stages.Index(o.Stage()); ok && g.Stages[k].Outcome == growth.OutcomeOpen {
			for _, off := range o.Offerings {
				cells = append(cells, growth.CellKey{Centre: o.BuyingCentre, Offering: off})
			}
		}
	}
	if err := r.whiteSpace(offerings, holdings, cells); err != nil {
		return err
	}
	if err := r.wallet(offerings, estimates); err != nil {
		return err
	}
	if err := r.pipeline(pipe); err != nil {
		return err
	}
	rep, err := growth.Coordination(r.accounts, r.s.Interactions(r.ctx, account.InteractionFilter{}), growth.CoordinationOptions{Window: g.Window})
	if err != nil {
		return err
	}
	sec.Cases, sec.ViaManager = rep.Cases, rep.Tiers
	return nil
}

// whiteSpace fills in GrowthSection.WhiteSpace.
func (r *run) whiteSpace(offerings []growth.Offering, holdings []growth.Holding, cells []growth.CellKey) error {
	g := r.cfg.Growth
	sizes, err := growth.SizesFromTransactions(r.accounts, r.s.Transactions(r.ctx, account.TransactionFilter{}), r.at)
	if err != nil {
		return err
	}
	ws, err := growth.NewWhiteSpace(growth.Portfolio{Accounts: r.accounts, Offerings: offerings, Holdings: holdings, Sizes: sizes},
		growth.WhiteSpaceOptions{At: r.at, Currency: r.cfg.Currency, Peers: g.Peers, MinPeers: g.MinPeers, Top: g.Suggestions, Pipeline: cells})
	if err != nil {
		return err
	}
	var order []account.ID
	for _, id := range r.rep.TopAccounts {
		if root, ok := r.h.UltimateParent(id); ok && !slices.Contains(order, root) {
			order = append(order, root)
		} else if !ok && !slices.Contains(order, id) {
			order = append(order, id)
		}
	}
	for _, id := range ws.Accounts() {
		if !slices.Contains(order, id) {
			order = append(order, id)
		}
	}
	for _, id := range order {
		m, err := ws.Matrix(id)
		if err != nil {
			return err
		}
		a := AccountWhiteSpace{Account: id, Name: r.byID[id].Name, Tier: r.byID[id].Tier, Centres: len(m.Centres)}
		for _, row := range m.Cells {
			for _, c := range row {
				switch c.Kind {
				case growth.CellHeld:
					a.Held++
				case growth.CellPipeline:
					a.Pipeline++
				case growth.CellOpen:
					a.Open++
				}
			}
		}
		if a.Open == 0 {
			continue
		}
		if a.Suggestions, err = ws.Suggestions(id); err != nil {
			return err
		}
		r.rep.Growth.WhiteSpace = append(r.rep.Growth.WhiteSpace, a)
	}
	return nil
}

// wallet fills in the share-of-wallet trends.
func (r *run) wallet(offerings []growth.Offering, estimates []growth.WalletEstimate) error {
	shares, err := growth.ShareOfWallet(r.accounts, offerings, estimates, r.s.Transactions(r.ctx, account.TransactionFilter{}))
	if err != nil {
		return err
	}
	sec := &r.rep.Growth
	for _, s := range shares {
		if s.Over {
			sec.Over++
		}
	}
	trend := func(t growth.ShareTrend) ShareTrend {
		e := t.Current.Estimate
		return ShareTrend{Account: e.Account, Name: r.byID[e.Account].Name, Internal: r.byID[e.Account].Internal, Category: e.Category,
			From: e.From.In(r.cfg.Location), To: e.To.In(r.cfg.Location), Previous: t.Previous.Share, Current: t.Current.Share,
			Change: t.Change, Ours: t.Current.Ours, Total: e.Total, Source: e.Source}
	}
	trends := growth.Trends(shares)
	for _, t := range trends {
		sec.Shares = append(sec.Shares, trend(t))
	}
	for _, t := range growth.Fallen(trends) {
		sec.Fell = append(sec.Fell, trend(t))
	}
	return nil
}

// pipeline fills in the pipeline by manager and the late opportunities.
func (r *run) pipeline(p *growth.Pipeline) error {
	sec := &r.rep.Growth
	sec.From, sec.To = r.at.AddDate(0, -r.cfg.ValueMonths, 0), r.at
	names := make(map[account.ManagerID]string, len(r.managers))
	for _, m := range r.managers {
		names[m.ID] = m.Name
	}
	conv := func(f growth.Figures) ManagerPipeline {
		id := account.ManagerID(f.Key)
		return ManagerPipeline{Manager: id, Name: names[id], Open: f.Open, OpenValue: f.OpenValue, Weighted: f.Weighted,
			Won: f.Won, Lost: f.Lost, WonValue: f.WonValue, WinRate: f.WinRate, Stale: f.Stale}
	}
	for _, by := range []growth.GroupBy{growth.GroupByOwner, growth.GroupByAll} {
		figs, err := p.Figures(growth.FigureOptions{AsOf: r.at, From: sec.From, To: sec.To, By: by})
		if err != nil {
			return err
		}
		for _, f := range figs {
			if by == growth.GroupByAll {
				sec.Total = conv(f)
			} else {
				sec.Pipeline = append(sec.Pipeline, conv(f))
			}
		}
	}
	late := func(ls []growth.Late) []LateOpportunity {
		var out []LateOpportunity
		for _, l := range ls {
			out = append(out, LateOpportunity{ID: l.ID, Account: l.Account, Owner: l.Owner, Kind: l.Kind, Stage: l.Stage,
				Value: l.Value, Due: l.Due.In(r.cfg.Location), Late: l.By})
		}
		return out
	}
	sec.Stale, sec.Slipping = late(p.Stale(r.at)), late(p.Slipping(r.at))
	return nil
}

// growthHeading is the heading of the growth section in [Headings].
const growthHeading = "Growth"

// growth writes the growth section.
func (t *textWriter) growth(rep *Report) {
	t.heading(slices.Index(Headings, growthHeading))
	s := rep.Growth
	open := 0
	for _, a := range s.WhiteSpace {
		open += a.Open
	}
	t.printf("White space: %d accounts have %d open cells (peers by %s, at least %d of them for a suggestion).\n",
		len(s.WhiteSpace), open, s.Peers, s.MinPeers)
	n := t.top(len(s.WhiteSpace))
	if n > 0 {
		t.printf("\n")
		t.table("account", "name", "tier", "centres", "held", "pipeline", "open", "top suggestion", "expected a year", "why")
	}
	for _, a := range s.WhiteSpace[:n] {
		first := []string{"-", "-", "(too few peers or none to suggest)"}
		if len(a.Suggestions) > 0 {
			x := a.Suggestions[0]
			first = []string{string(x.Offering), money(x.Expected), x.Reason}
		}
		t.row(append([]string{string(a.Account), a.Name, tier(a.Tier), itoa(a.Centres), itoa(a.Held), itoa(a.Pipeline), itoa(a.Open)}, first...)...)
		for _, x := range a.Suggestions[min(1, len(a.Suggestions)):] {
			t.row("", "", "", "", "", "", "", string(x.Offering), money(x.Expected), x.Reason)
		}
	}
	if n > 0 {
		t.end()
		t.more(n, len(s.WhiteSpace))
	}

	fell := 0
	for _, x := range s.Shares {
		if x.Change.IsNegative() {
			fell++
		}
	}
	t.printf("\nShare of wallet: %d accounts with two periods, %d fell; %d estimates below our own spend.\n", len(s.Shares), fell, s.Over)
	if len(s.Fell) > 0 {
		n := t.top(len(s.Fell))
		t.printf("\nLargest falls (internal: the in-house share of the unit's spend):\n")
		t.table("account", "name", "category", "previous", "current", "change", "ours", "wallet", "source")
		for _, x := range s.Fell[:n] {
			name := x.Name
			if x.Internal {
				name += " (internal)"
			}
			t.row(string(x.Account), name, x.Category, pct(x.Previous), pct(x.Current), pct(x.Change), money(x.Ours), money(x.Total), x.Source)
		}
		t.end()
		t.more(n, len(s.Fell))
	}

	t.printf("\nPipeline by manager at %s (won and lost from %s):\n", t.date(s.To), t.date(s.From))
	t.table("manager", "name", "open", "open value", "weighted", "won", "lost", "won value", "win rate", "stale")
	for _, m := range append(slices.Clone(s.Pipeline), s.Total) {
		id, name := string(m.Manager), m.Name
		if m.Manager == "" {
			id, name = "all", ""
		}
		t.row(id, name, itoa(m.Open), money(m.OpenValue), money(m.Weighted.Round()), itoa(m.Won), itoa(m.Lost), money(m.WonValue), pct(m.WinRate), itoa(m.Stale))
	}
	t.end()
	for _, l := range []struct {
		what string
		xs   []LateOpportunity
	}{{"Stale opportunities (no change for longer than their stage allows)", s.Stale}, {"Slipping quotations (past their expected close)", s.Slipping}} {
		t.printf("\n%s: %d\n", l.what, len(l.xs))
		if len(l.xs) == 0 {
			continue
		}
		n := t.top(len(l.xs))
		t.table("opportunity", "account", "owner", "kind", "stage", "value", "due", "late")
		for _, x := range l.xs[:n] {
			t.row(string(x.ID), string(x.Account), string(x.Owner), x.Kind.String(), x.Stage, money(x.Value), t.date(x.Due), duration(x.Late))
		}
		t.end()
		t.more(n, len(l.xs))
	}

	t.printf("\nUncoordinated contact: %s (several divisions about one offering family without the manager).\n", plural(len(s.Cases), "case"))
	if len(s.Cases) > 0 {
		n := t.top(len(s.Cases))
		t.table("account", "manager", "family", "from", "to", "divisions", "people")
		for _, c := range s.Cases[:n] {
			t.row(string(c.Account), from(c.Manager), c.Family, t.date(c.From), t.date(c.To), strings.Join(c.Divisions, ", "), strings.Join(c.People, ", "))
		}
		t.end()
		t.more(n, len(s.Cases))
	}
	t.printf("\nContacts through the manager, by tier:\n")
	t.table("tier", "accounts", "contacts", "via manager", "share")
	for _, x := range s.ViaManager {
		t.row(tier(x.Tier), itoa(x.Accounts), itoa(x.Contacts), itoa(x.ViaManager), pct(x.Share))
	}
	t.end()
}

// growthHTML adds the growth section to the page.
func (rep *Report) growthHTML(b *pageBuilder) {
	s := rep.Growth
	b.section(growthHeading,
		fmt.Sprintf("%s accounts have open cells in their white space; %s shares of wallet fell; %s opportunities open, weighted %s; %s stale, %s slipping; %s uncoordinated-contact cases.",
			itoa(len(s.WhiteSpace)), itoa(len(s.Fell)), itoa(s.Total.Open), money(s.Total.Weighted.Round()), itoa(len(s.Stale)), itoa(len(s.Slipping)), itoa(len(s.Cases))))
	ws := htmlpage.Table{Caption: "White space of the top accounts: the top suggestion", Header: []string{"account", "name", "open cells", "suggestion", "expected a year", "why"}}
	for _, a := range s.WhiteSpace[:min(len(s.WhiteSpace), max(rep.Top, 1))] {
		if len(a.Suggestions) > 0 {
			x := a.Suggestions[0]
			ws.Rows = append(ws.Rows, []string{string(a.Account), a.Name, itoa(a.Open), string(x.Offering), money(x.Expected), x.Reason})
		}
	}
	b.table(ws)
	pl := htmlpage.Table{Caption: "Pipeline by manager", Header: []string{"manager", "open", "weighted", "won", "lost", "win rate", "stale"}}
	for _, m := range s.Pipeline {
		pl.Rows = append(pl.Rows, []string{string(m.Manager), itoa(m.Open), money(m.Weighted.Round()), itoa(m.Won), itoa(m.Lost), pct(m.WinRate), itoa(m.Stale)})
	}
	b.table(pl)
	fell := htmlpage.Table{Caption: "Shares of wallet that fell, largest fall first", Header: []string{"account", "category", "previous", "current", "change"}}
	for _, x := range s.Fell {
		fell.Rows = append(fell.Rows, []string{string(x.Account), x.Category, pct(x.Previous), pct(x.Current), pct(x.Change)})
	}
	b.table(fell)
	cs := htmlpage.Table{Caption: "Uncoordinated contact", Header: []string{"account", "manager", "family", "from", "to", "divisions"}}
	for _, c := range s.Cases {
		cs.Rows = append(cs.Rows, []string{string(c.Account), from(c.Manager), c.Family, rep.stamp(c.From), rep.stamp(c.To), strings.Join(c.Divisions, ", ")})
	}
	b.table(cs)
}
