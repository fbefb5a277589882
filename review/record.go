package review

import (
	"iter"
	"slices"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// ReviewID identifies a review record. It follows the rules of
// [account.ID].
type ReviewID string

// A Review is the record of one account review, held on Date: who
// attended, how the account did in the short term (performance against
// target, SLA compliance, escalations) and the long term (its health and
// the trend since the previous review), what was noted and decided, how
// the plan's objectives moved, the action items raised, and the date of
// the next review, which every review fixes.
//
// Build one with [NewReview], which measures the performance from
// transactions and the trend from the previous review, and returns the
// action items to store beside it.
//
// The zero Review is not valid.
type Review struct {
	ID      ReviewID      // identifies the review; required
	Account account.ID    // the account reviewed; required
	Date    calendar.Date // the day the review was held; required

	Attendees []Attendee // who attended, by role; at least one, each with a Name

	// Short-term performance.
	Performance         Performance `json:",omitzero"` // revenue or spend against target for a period; zero if not measured
	SLA                 SLACounts   // SLA cycles met and breached in the period, as the caller counted them
	EscalationsOpened   int         // escalations opened in the period; not negative
	EscalationsResolved int         // escalations resolved in the period; not negative

	// Long-term health.
	Health Health

	Notes            string            // free text; may be empty
	Decisions        []string          // one short text each
	ObjectiveUpdates []ObjectiveUpdate // how the plan's objectives moved, each objective once

	// Actions are the IDs of the action items raised at the review, each
	// once, stored in an [ActionStore] with Review set to ID.
	Actions []ActionID

	// Next is the date of the next review, which the review fixes; it is
	// after Date.
	Next calendar.Date

	// Version is the optimistic-concurrency version kept by stores; see
	// [account.Account].
	Version int64
}

// Performance is an account's revenue or spend against its target over a
// period: the sum of its transactions of one kind in [From, To). The zero
// Performance measures nothing: a review may record none.
type Performance struct {
	Kind     account.TransactionKind // revenue or cost; 0 if nothing was measured
	From, To time.Time               // the period, half-open [From, To)
	Target   account.Money           // the target for the period
	Actual   account.Money           // the sum of the account's transactions of Kind in the period

	// Attainment is Actual / Target, rounded half away from zero to four
	// decimal places (0.9731 is 97.31%); zero when Target is zero.
	Attainment decimal.Decimal
}

// SLACounts are an account's SLA cycles met and breached over a review's
// period, as package sla counts them (its Report's Met and Breached): the
// review records the figures, not the tickets. The zero SLACounts counts
// nothing.
type SLACounts struct {
	Met      int `json:"met"`      // cycles met; not negative
	Breached int `json:"breached"` // cycles breached; not negative
}

// Compliance returns Met / (Met + Breached) rounded half away from zero to
// four decimal places, and false when nothing was counted.
func (s SLACounts) Compliance() (decimal.Decimal, bool) {
	return ratio(s.Met, s.Met+s.Breached)
}

// Health is an account's long-term health at a review: a score (a
// [tiering.Scores] total, or any scale the application keeps in
// [tiering.Points]) and its trend since the previous review.
type Health struct {
	Score tiering.Points // the health score at the review

	// Previous is the score at the previous review of the account, if
	// HasPrevious; Trend is [tiering.TrendOf](Previous, Score, deadband),
	// and TrendFlat at a first review.
	Previous    tiering.Points
	HasPrevious bool
	Trend       tiering.Trend
}

// An ObjectiveUpdate records how one objective of the account plan moved
// at a review. [Plan.Apply] makes the plan's next version from them.
type ObjectiveUpdate struct {
	Objective ObjectiveID     // the objective; required
	Status    ObjectiveStatus // its status after the review; required
	Note      string          // what moved, free text
}

// Validate reports every problem with r as [*account.FieldError] values
// (Record "Review", ID the review's) wrapping [ErrInvalid], joined; nil
// means r is valid. ID, Account, Date and Next are required, Next after
// Date; there is at least one attendee, each with a name, a known
// role and, if given, a usable email; counts are not negative and a recorded performance has a known
// kind, a period whose To is after From, and a valid target currency;
// decisions are non-empty texts; each objective is updated at most once,
// to a known status; action IDs are valid and distinct; Version is not
// negative.
func (r Review) Validate() error {
	f := &faults{record: "Review", id: string(r.ID)}
	f.ident("ID", string(r.ID))
	f.ident("Account", string(r.Account))
	f.date("Date", r.Date, true)
	if len(r.Attendees) == 0 {
		f.add("Attendees", nil, "is empty: a review has at least one attendee")
	}
	for i, a := range r.Attendees {
		f.text(index("Attendees", i)+".Name", a.Name)
		if !roleNames.Valid(a.Role) {
			f.add(index("Attendees", i)+".Role", int(a.Role), "is not a known Role")
		}
		if a.Email != "" {
			if reason := emailProblem(a.Email); reason != "" {
				f.add(index("Attendees", i)+".Email", a.Email, reason)
			}
		}
	}
	if p := r.Performance; p.recorded() {
		if p.Kind != account.TransactionRevenue && p.Kind != account.TransactionCost {
			f.add("Performance.Kind", int(p.Kind), "must be revenue or cost")
		}
		if p.From.IsZero() || p.To.IsZero() || !p.To.After(p.From) {
			f.add("Performance.To", p.To, "must be after Performance.From")
		}
		if err := p.Target.Validate(); err != nil {
			f.add("Performance.Target", string(p.Target.Currency()), reasonOf(err))
		}
	}
	nonNegative(f, "SLA.Met", r.SLA.Met)
	nonNegative(f, "SLA.Breached", r.SLA.Breached)
	nonNegative(f, "EscalationsOpened", r.EscalationsOpened)
	nonNegative(f, "EscalationsResolved", r.EscalationsResolved)
	if !trendValid(r.Health.Trend) {
		f.add("Health.Trend", int(r.Health.Trend), "is not a known Trend")
	}
	f.texts("Decisions", r.Decisions)
	updated := make(map[ObjectiveID]int, len(r.ObjectiveUpdates))
	for i, u := range r.ObjectiveUpdates {
		at := index("ObjectiveUpdates", i)
		f.ident(at+".Objective", string(u.Objective))
		if j, dup := updated[u.Objective]; dup {
			f.add(at+".Objective", string(u.Objective), "is updated at "+index("ObjectiveUpdates", j)+" too")
		} else {
			updated[u.Objective] = i
		}
		if !objectiveStatusNames.Valid(u.Status) {
			f.add(at+".Status", int(u.Status), "is not a known ObjectiveStatus")
		}
	}
	raised := make(map[ActionID]int, len(r.Actions))
	for i, a := range r.Actions {
		f.ident(index("Actions", i), string(a))
		if j, dup := raised[a]; dup {
			f.add(index("Actions", i), string(a), "is listed at "+index("Actions", j)+" too")
		} else {
			raised[a] = i
		}
	}
	f.date("Next", r.Next, true)
	if r.Next.IsValid() && r.Date.IsValid() && !r.Next.After(r.Date) {
		f.add("Next", r.Next, "must be after Date "+r.Date.String())
	}
	if r.Version < 0 {
		f.add("Version", r.Version, "must not be negative")
	}
	return f.err()
}

// recorded reports whether p records a measurement: whether any of its
// kind, period or target is set.
func (p Performance) recorded() bool {
	return p.Kind != 0 || !p.From.IsZero() || !p.To.IsZero() || p.Target.Currency() != ""
}

func nonNegative(f *faults, field string, n int) {
	if n < 0 {
		f.add(field, n, "must not be negative")
	}
}

func trendValid(t tiering.Trend) bool {
	return t == tiering.TrendDown || t == tiering.TrendFlat || t == tiering.TrendUp
}

// Clone returns a deep copy of r: its slices are copied.
func (r Review) Clone() Review {
	r.Attendees = slices.Clone(r.Attendees)
	r.Decisions = slices.Clone(r.Decisions)
	r.ObjectiveUpdates = slices.Clone(r.ObjectiveUpdates)
	r.Actions = slices.Clone(r.Actions)
	return r
}

// ratio returns num/den rounded half away from zero to four decimal
// places, and false when den is 0.
func ratio(num, den int) (decimal.Decimal, bool) {
	if den == 0 {
		return decimal.Decimal{}, false
	}
	return decimal.NewFromInt(int64(num)).DivRound(decimal.NewFromInt(int64(den)), 4), true
}

// Measure returns the performance of account id over [from, to): the sum
// of its transactions of kind in the period, against target. txs is what
// a store's list yields, such as [account.TransactionStore.Transactions];
// transactions of other accounts, of the other kind or outside the period
// are skipped, and an error it yields is returned as it is.
//
// The errors wrap [ErrInvalid]: an [*account.FieldError] with Record
// "Performance" for a kind that is neither revenue nor cost, a period
// whose to is not after from, or a target without a valid currency; and
// one wrapping [ErrCurrencyMismatch] (Record "Transaction", Field "Amount") for a
// counted transaction in another currency than the target.
func Measure(id account.ID, kind account.TransactionKind, from, to time.Time, target account.Money, txs iter.Seq2[account.Transaction, error]) (Performance, error) {
	f := &faults{record: "Performance", id: string(id)}
	if kind != account.TransactionRevenue && kind != account.TransactionCost {
		f.add("Kind", int(kind), "must be revenue or cost")
	}
	if from.IsZero() || to.IsZero() || !to.After(from) {
		f.add("To", to, "must be after From")
	}
	if err := target.Validate(); err != nil {
		f.add("Target", string(target.Currency()), reasonOf(err))
	}
	if err := f.err(); err != nil {
		return Performance{}, err
	}
	actual, err := sumTransactions(txs, target.Currency(), "the target's", func(t *account.Transaction) bool {
		return t.Account == id && t.Kind == kind && !t.At.Before(from) && t.At.Before(to)
	})
	if err != nil {
		return Performance{}, err
	}
	p := Performance{Kind: kind, From: from, To: to, Target: target, Actual: actual}
	if !target.IsZero() {
		p.Attainment = actual.Amount().DivRound(target.Amount(), 4)
	}
	return p, nil
}

// sumTransactions adds the amounts of the transactions of txs that count,
// all of which must be in currency c (whose owner whose names the error).
// The sum starts at zero in c.
func sumTransactions(txs iter.Seq2[account.Transaction, error], c account.Currency, whose string, counts func(*account.Transaction) bool) (account.Money, error) {
	sum, err := account.NewMoney(decimal.Zero, c)
	if err != nil {
		return account.Money{}, err
	}
	if txs == nil {
		return sum, nil
	}
	for t, err := range txs {
		if err != nil {
			return account.Money{}, err
		}
		if !counts(&t) {
			continue
		}
		if t.Amount.Currency() != c {
			return account.Money{}, &account.FieldError{Record: "Transaction", ID: string(t.ID), Field: "Amount",
				Value: t.Amount.String(), Reason: "is in " + string(t.Amount.Currency()) + ", not " + whose + " " + string(c), Err: ErrCurrencyMismatch}
		}
		sum, _ = sum.Add(t.Amount) // same currency: cannot fail
	}
	return sum, nil
}
