package review

import (
	"cmp"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// A QuarterInput is what [Quarterly] reports on: the quarter, the
// portfolio, and the facts held outside the review records.
type QuarterInput struct {
	// The quarter: Quarter (1 to 4) of the fiscal year that starts on the
	// first of StartMonth (0 means January) in Year, as for [Budget].
	Year       int
	Quarter    int
	StartMonth time.Month

	// Location is the zone the quarter's days are read in, for the
	// instants of transactions; nil means UTC.
	Location *time.Location

	Kind     account.TransactionKind // revenue (external customers) or cost (internal ones); required
	Currency account.Currency        // the portfolio's currency, which every counted transaction is in; required
	Top      int                     // how many accounts to report, from 1 to MaxQuarterTop; the top by Kind in the quarter

	Accounts []account.Account // the portfolio: each account once; its Tier is the tier at the quarter's end

	// PreviousTiers are the accounts' tiers at the start of the quarter;
	// an account missing from it is taken not to have moved.
	PreviousTiers map[account.ID]account.Tier

	SLA     map[account.ID]SLACounts // SLA cycles met and breached in the quarter, from package sla's report
	Planned map[account.ID]int       // reviews planned in the quarter, from the schedule; not negative

	Budgets []Budget // at most one per account for the fiscal year of the quarter; others are ignored
	Plans   []Plan   // plan versions, any number per account; the version in force at the quarter's end counts
}

// MaxQuarterTop is the most accounts [Quarterly] reports on.
const MaxQuarterTop = 10000

// QuarterlyResults are a quarter's results for its top accounts, to share
// inside the organisation. It marshals to JSON as it stands: amounts as
// {"amount","currency"} objects with exact string amounts, shares as
// exact decimal strings, enumerations by name, dates as "2006-01-02".
type QuarterlyResults struct {
	Year              int                     `json:"fiscal_year"`
	Quarter           int                     `json:"quarter"`
	From              calendar.Date           `json:"from"` // the quarter's first day
	To                calendar.Date           `json:"to"`   // its last day
	Kind              account.TransactionKind `json:"kind"`
	Portfolio         account.Money           `json:"portfolio"`          // the whole portfolio's Kind in the quarter
	PortfolioAccounts int                     `json:"portfolio_accounts"` // how many accounts the portfolio has
	TopShare          decimal.Decimal         `json:"top_share"`          // the share of Portfolio the accounts reported hold
	Accounts          []AccountResults        `json:"accounts"`           // the top accounts, largest first
}

// AccountResults are one account's results for a quarter.
type AccountResults struct {
	Rank    int        `json:"rank"` // 1 for the largest
	Account account.ID `json:"account"`
	Name    string     `json:"name"`

	Amount account.Money   `json:"amount"` // its revenue or cost in the quarter
	Share  decimal.Decimal `json:"share"`  // Amount / the portfolio's, four decimal places

	Tier         account.Tier `json:"tier"`          // at the quarter's end
	PreviousTier account.Tier `json:"previous_tier"` // at its start
	TierChanged  bool         `json:"tier_changed"`

	// SLA and SLACompliance are the account's SLA figures and Met / (Met
	// + Breached) to four places; SLACompliance is null when nothing was
	// counted.
	SLA           SLACounts           `json:"sla"`
	SLACompliance decimal.NullDecimal `json:"sla_compliance"`

	ReviewsHeld    int `json:"reviews_held"`    // reviews dated in the quarter
	ReviewsPlanned int `json:"reviews_planned"` // as the input planned them

	// ActionsDue counts the action items (not cancelled) due in the
	// quarter, and ActionsCompleted those of them done by its last day.
	ActionsDue       int `json:"actions_due"`
	ActionsCompleted int `json:"actions_completed"`

	// Budget is the account's budget status at the quarter's end (its
	// Through is the quarter's last day), or null without a budget for
	// the year or with one whose From is after the quarter.
	Budget *BudgetStatus `json:"budget"`

	// Objectives counts the objectives of the plan in force at the
	// quarter's end that are not dropped, and ObjectivesMet those met.
	Objectives    int `json:"objectives"`
	ObjectivesMet int `json:"objectives_met"`
}

// Quarterly returns the quarter's results for the in.Top accounts of the
// portfolio with the most revenue (or cost) in the quarter, ties by
// account ID. It reads txs once for the quarter's amounts and the
// budgets' actuals (transactions of accounts not in the portfolio and of
// the other kind are skipped), reviews for the reviews held, and actions
// for those due; each is what a store's list yields, and an error one
// yields is returned as it is. A nil sequence has no records.
//
// The errors wrap [ErrInvalid]: an [*account.FieldError] with Record
// "QuarterInput" naming the field at fault (a quarter out of range, a
// missing kind or currency, Top out of range, an account listed twice
// (also wrapping [ErrDuplicateAccount]), a negative planned count); the problems of [Budget.Validate] for a budget
// of the quarter's year, or one in another currency than the portfolio
// (wrapping [ErrCurrencyMismatch]); and one wrapping [ErrCurrencyMismatch] (Record
// "Transaction", Field "Amount") for a counted transaction in another
// currency.
func Quarterly(in QuarterInput, txs iter.Seq2[account.Transaction, error], reviews iter.Seq2[Review, error], actions iter.Seq2[ActionItem, error]) (QuarterlyResults, error) {
	q, err := in.check()
	if err != nil {
		return QuarterlyResults{}, err
	}
	from, to := dateTime(q.first, in.Location), dateTime(q.last.AddDays(1), in.Location)
	amounts := make([]decimal.Decimal, len(in.Accounts))
	actual := make([]decimal.Decimal, len(in.Accounts))
	total := decimal.Zero
	if txs != nil {
		for t, err := range txs {
			if err != nil {
				return QuarterlyResults{}, err
			}
			i, ok := q.index[t.Account]
			if !ok {
				continue
			}
			inQuarter := t.Kind == in.Kind && !t.At.Before(from) && t.At.Before(to)
			b := q.budgets[i]
			inBudget := b != nil && t.Kind == b.Kind && !t.At.Before(q.budgetFrom[i]) && t.At.Before(to)
			if !inQuarter && !inBudget {
				continue
			}
			if t.Amount.Currency() != in.Currency {
				return QuarterlyResults{}, &account.FieldError{Record: "Transaction", ID: string(t.ID), Field: "Amount",
					Value: t.Amount.String(), Reason: "is in " + string(t.Amount.Currency()) + ", not the portfolio's " + string(in.Currency), Err: ErrCurrencyMismatch}
			}
			if inQuarter {
				amounts[i] = amounts[i].Add(t.Amount.Amount())
				total = total.Add(t.Amount.Amount())
			}
			if inBudget {
				actual[i] = actual[i].Add(t.Amount.Amount())
			}
		}
	}
	order := make([]int, len(in.Accounts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := amounts[b].Cmp(amounts[a]); c != 0 {
			return c
		}
		return cmp.Compare(in.Accounts[a].ID, in.Accounts[b].ID)
	})
	order = order[:min(in.Top, len(order))]
	res := QuarterlyResults{Year: in.Year, Quarter: in.Quarter, From: q.first, To: q.last, Kind: in.Kind,
		Portfolio: money(total, in.Currency), PortfolioAccounts: len(in.Accounts)}
	top := make(map[account.ID]int, len(order)) // index into res.Accounts
	topSum := decimal.Zero
	for r, i := range order {
		a := &in.Accounts[i]
		ar := AccountResults{Rank: r + 1, Account: a.ID, Name: a.Name, Amount: money(amounts[i], in.Currency),
			Tier: a.Tier, PreviousTier: a.Tier, SLA: in.SLA[a.ID], ReviewsPlanned: in.Planned[a.ID]}
		if !total.IsZero() {
			ar.Share = amounts[i].DivRound(total, 4)
		}
		if prev, ok := in.PreviousTiers[a.ID]; ok {
			ar.PreviousTier = prev
		}
		ar.TierChanged = ar.Tier != ar.PreviousTier
		if c, ok := ar.SLA.Compliance(); ok {
			ar.SLACompliance = decimal.NewNullDecimal(c)
		}
		if b := q.budgets[i]; b != nil {
			s := b.status(q.last, money(actual[i], in.Currency))
			ar.Budget = &s
		}
		topSum = topSum.Add(amounts[i])
		top[a.ID] = len(res.Accounts)
		res.Accounts = append(res.Accounts, ar)
	}
	if !total.IsZero() {
		res.TopShare = topSum.DivRound(total, 4)
	}
	if err := countReviews(reviews, top, res.Accounts, q); err != nil {
		return QuarterlyResults{}, err
	}
	if err := countActions(actions, top, res.Accounts, q); err != nil {
		return QuarterlyResults{}, err
	}
	countObjectives(in.Plans, top, res.Accounts, to)
	return res, nil
}

// quarter is a checked QuarterInput's derived facts.
type quarter struct {
	first, last calendar.Date
	index       map[account.ID]int // accounts by ID
	budgets     []*Budget          // by account index: the budget of the quarter's year, if any
	budgetFrom  []time.Time        // by account index: the start of its budget's first day
}

// check validates in and derives the quarter's facts.
func (in QuarterInput) check() (quarter, error) {
	f := &faults{record: "QuarterInput"}
	var q quarter
	if in.Year < calendar.MinYear || in.Year > calendar.MaxYear {
		f.add("Year", in.Year, "must be from "+strconv.Itoa(calendar.MinYear)+" to "+strconv.Itoa(calendar.MaxYear))
	}
	if in.Quarter < 1 || in.Quarter > 4 {
		f.add("Quarter", in.Quarter, "must be from 1 to 4")
	}
	if in.StartMonth < 0 || in.StartMonth > time.December {
		f.add("StartMonth", int(in.StartMonth), "must be from 1 (January) to 12, or 0 for January")
	}
	if in.Kind != account.TransactionRevenue && in.Kind != account.TransactionCost {
		f.add("Kind", int(in.Kind), "must be revenue or cost")
	}
	if !in.Currency.Valid() {
		f.add("Currency", string(in.Currency), "is not an active ISO 4217 code")
	}
	if in.Top < 1 || in.Top > MaxQuarterTop {
		f.add("Top", in.Top, "must be from 1 to "+strconv.Itoa(MaxQuarterTop))
	}
	q.index = make(map[account.ID]int, len(in.Accounts))
	for i, a := range in.Accounts {
		if j, dup := q.index[a.ID]; dup {
			f.addSentinel(index("Accounts", i)+".ID", string(a.ID), "is the ID of "+index("Accounts", j)+" too", ErrDuplicateAccount)
			continue
		}
		q.index[a.ID] = i
	}
	ids := make([]account.ID, 0, len(in.Planned))
	for id := range in.Planned {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		if n := in.Planned[id]; n < 0 {
			f.add("Planned["+string(id)+"]", n, "must not be negative")
		}
	}
	if err := f.err(); err != nil {
		return quarter{}, err
	}
	year := Budget{Year: in.Year, StartMonth: in.StartMonth}
	q.first = addCadence(year.Start(), tiering.Months((in.Quarter-1)*3))
	q.last = addCadence(q.first, tiering.Months(3)).AddDays(-1)
	q.budgets = make([]*Budget, len(in.Accounts))
	q.budgetFrom = make([]time.Time, len(in.Accounts))
	for k := range in.Budgets {
		b := &in.Budgets[k]
		i, ok := q.index[b.Account]
		if !ok || b.Year != in.Year || b.startMonth() != year.startMonth() {
			continue
		}
		if err := b.Validate(); err != nil {
			return quarter{}, err
		}
		if b.Amount.Currency() != in.Currency {
			return quarter{}, &account.FieldError{Record: "Budget", ID: string(b.Account), Field: "Amount", Value: b.Amount.String(),
				Reason: "is not in the portfolio's currency " + string(in.Currency), Err: ErrCurrencyMismatch}
		}
		if q.budgets[i] != nil {
			return quarter{}, &account.FieldError{Record: "QuarterInput", Field: index("Budgets", k), Value: string(b.Account),
				Reason: "is a second budget of the account for the year", Err: ErrInvalid}
		}
		if b.first().After(q.last) {
			continue // starts after the quarter: nothing to report yet
		}
		q.budgets[i] = b
		q.budgetFrom[i] = dateTime(b.first(), in.Location)
	}
	return q, nil
}

func countReviews(reviews iter.Seq2[Review, error], top map[account.ID]int, out []AccountResults, q quarter) error {
	if reviews == nil {
		return nil
	}
	for r, err := range reviews {
		if err != nil {
			return err
		}
		if i, ok := top[r.Account]; ok && !r.Date.Before(q.first) && !r.Date.After(q.last) {
			out[i].ReviewsHeld++
		}
	}
	return nil
}

func countActions(actions iter.Seq2[ActionItem, error], top map[account.ID]int, out []AccountResults, q quarter) error {
	if actions == nil {
		return nil
	}
	for a, err := range actions {
		if err != nil {
			return err
		}
		i, ok := top[a.Account]
		if !ok || a.Status == ActionCancelled || a.Due.Before(q.first) || a.Due.After(q.last) {
			continue
		}
		out[i].ActionsDue++
		if a.Status == ActionDone && !a.Completed.After(q.last) {
			out[i].ActionsCompleted++
		}
	}
	return nil
}

func countObjectives(plans []Plan, top map[account.ID]int, out []AccountResults, end time.Time) {
	byAccount := make(map[account.ID][]Plan)
	for _, p := range plans {
		if _, ok := top[p.Account]; ok {
			byAccount[p.Account] = append(byAccount[p.Account], p)
		}
	}
	for id, versions := range byAccount {
		p, ok := PlanAt(versions, end.Add(-time.Nanosecond))
		if !ok {
			continue
		}
		i := top[id]
		for _, o := range p.Objectives {
			if o.Status == ObjectiveDropped {
				continue
			}
			out[i].Objectives++
			if o.Status == ObjectiveMet {
				out[i].ObjectivesMet++
			}
		}
	}
}

// PlannedReviews counts, for each account, the reviews s plans from the
// day first to the day last, both included: its meetings that start on
// those days (in the schedule's zone, which their Start times carry) and
// its conflicts due on them, reviews that were due though they could not
// be placed. The result suits [QuarterInput] Planned. A nil s plans
// nothing.
func PlannedReviews(s *Schedule, first, last calendar.Date) map[account.ID]int {
	out := make(map[account.ID]int)
	if s == nil {
		return out
	}
	within := func(d calendar.Date) bool { return !d.Before(first) && !d.After(last) }
	for i := range s.Meetings {
		if m := &s.Meetings[i]; within(calendar.DateOf(m.Start)) {
			out[m.Account]++
		}
	}
	for i := range s.Conflicts {
		if c := &s.Conflicts[i]; within(c.Due) {
			out[c.Account]++
		}
	}
	return out
}
