package review

import (
	"iter"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
)

// A Budget is an account's budget for one fiscal year: the annual amount
// of spend (or revenue) the customer plans, optionally split by month or
// by quarter, against which its actual transactions are watched.
//
// # Fiscal years
//
// A fiscal year is twelve calendar months from the first day of
// StartMonth in Year: with StartMonth April and Year 2026 it runs from
// 1 April 2026 to 31 March 2027 (a fiscal year is named here by the
// calendar year it starts in; say "FY2026/27" to people). A zero
// StartMonth is January, the calendar year.
//
// # Partial years
//
// An account that starts within the year (in March, say) has a budget for
// the rest of the year only: set From to its first day. Actuals, the
// budget to date and the run rate then count from From, and the days
// before it count for nothing. With a split, the months or quarters that
// end before From must be zero, and the one From falls in is spread over
// its days from From.
//
// The zero Budget is not valid.
type Budget struct {
	Account    account.ID              // the account budgeted for; required
	Year       int                     // the calendar year the fiscal year starts in; required
	StartMonth time.Month              // the first month of the fiscal year; 0 means January
	Kind       account.TransactionKind // what is budgeted: cost (spend) or revenue; required

	// Amount is the annual budget; it sets the currency the actuals must
	// be in, and is not negative.
	Amount account.Money

	// Split says how the year is divided: not at all (the amount is spread
	// evenly over the days), or by month or quarter with one amount each in
	// Periods, in fiscal order, summing exactly to Amount.
	Split   Split
	Periods []account.Money

	// From is the first day the budget covers, for a partial year; zero
	// means the first day of the fiscal year.
	From calendar.Date

	// Threshold is the share of Amount by which the forecast may miss it
	// before [BudgetStatus.Flag] says so: 0.05 flags a projected over- or
	// under-run of more than 5%. Zero flags any miss; it is not negative.
	Threshold decimal.Decimal
}

// Split is how a [Budget] divides its year. The zero Split is
// [SplitAnnual].
type Split uint8

// The splits.
const (
	SplitAnnual    Split = 0 // one amount, spread evenly over the days of the year
	SplitMonthly   Split = 1 // twelve amounts, one per fiscal month
	SplitQuarterly Split = 2 // four amounts, one per fiscal quarter
)

var splitNames = enum.New("Split", map[Split]string{
	SplitAnnual:    "annual",
	SplitMonthly:   "monthly",
	SplitQuarterly: "quarterly",
})

// String returns "annual", "monthly" or "quarterly", or "%!Split(9)" for
// an unknown value.
func (s Split) String() string { return splitNames.String(s) }

// MarshalText returns the split's name; an unknown value is an error
// wrapping [ErrInvalid].
func (s Split) MarshalText() ([]byte, error) { return splitNames.MarshalText(s, ErrInvalid) }

// UnmarshalText parses a name written by [Split.MarshalText].
func (s *Split) UnmarshalText(text []byte) error {
	v, err := splitNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// periods returns how many periods s divides a year into, and the months
// in each.
func (s Split) periods() (n, months int) {
	switch s {
	case SplitMonthly:
		return 12, 1
	case SplitQuarterly:
		return 4, 3
	}
	return 1, 12
}

// BudgetFlag says whether a budget's forecast passes its threshold. The
// zero BudgetFlag is [BudgetOnTrack].
type BudgetFlag int8

// The budget flags.
const (
	BudgetUnder   BudgetFlag = -1 // the forecast falls short of the budget by more than the threshold
	BudgetOnTrack BudgetFlag = 0  // the forecast is within the threshold of the budget
	BudgetOver    BudgetFlag = 1  // the forecast exceeds the budget by more than the threshold
)

var budgetFlagNames = enum.New("BudgetFlag", map[BudgetFlag]string{
	BudgetUnder:   "under",
	BudgetOnTrack: "on-track",
	BudgetOver:    "over",
})

// String returns "under", "on-track" or "over", or "%!BudgetFlag(9)" for
// an unknown value.
func (f BudgetFlag) String() string { return budgetFlagNames.String(f) }

// MarshalText returns the flag's name; an unknown value is an error
// wrapping [ErrInvalid].
func (f BudgetFlag) MarshalText() ([]byte, error) { return budgetFlagNames.MarshalText(f, ErrInvalid) }

// UnmarshalText parses a name written by [BudgetFlag.MarshalText].
func (f *BudgetFlag) UnmarshalText(text []byte) error {
	v, err := budgetFlagNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*f = v
	}
	return err
}

// Start returns the first day of b's fiscal year, and End its last.
func (b Budget) Start() calendar.Date {
	return calendar.Date{Year: b.Year, Month: b.startMonth(), Day: 1}
}

// End returns the last day of b's fiscal year.
func (b Budget) End() calendar.Date { return addCadence(b.Start(), tiering.Months(12)).AddDays(-1) }

func (b Budget) startMonth() time.Month {
	if b.StartMonth == 0 {
		return time.January
	}
	return b.StartMonth
}

// first returns the first day b covers: From, or the start of the year.
func (b Budget) first() calendar.Date {
	if b.From.IsZero() {
		return b.Start()
	}
	return b.From
}

// Validate reports every problem with b as [*account.FieldError] values
// (Record "Budget", ID the account) wrapping [ErrInvalid], joined; nil
// means b is valid. Account is required; Year is within
// [calendar.MinYear] and [calendar.MaxYear]; StartMonth is 0 to 12; Kind
// is revenue or cost; Amount has a valid currency and is not negative;
// Split is known, with as many Periods as it has periods (none for
// SplitAnnual), each not negative and in Amount's currency (else the
// error wraps [ErrCurrencyMismatch]), zero before From, and summing exactly to
// Amount; From, if set, is a day of the fiscal year; Threshold is not
// negative.
func (b Budget) Validate() error {
	f := &faults{record: "Budget", id: string(b.Account)}
	f.ident("Account", string(b.Account))
	yearOK := b.Year >= calendar.MinYear && b.Year <= calendar.MaxYear
	if !yearOK {
		f.add("Year", b.Year, "must be from "+strconv.Itoa(calendar.MinYear)+" to "+strconv.Itoa(calendar.MaxYear))
	}
	monthOK := b.StartMonth >= 0 && b.StartMonth <= time.December
	if !monthOK {
		f.add("StartMonth", int(b.StartMonth), "must be from 1 (January) to 12, or 0 for January")
	}
	if b.Kind != account.TransactionRevenue && b.Kind != account.TransactionCost {
		f.add("Kind", int(b.Kind), "must be revenue or cost")
	}
	amountOK := b.Amount.Validate() == nil
	if !amountOK {
		f.add("Amount", string(b.Amount.Currency()), reasonOf(b.Amount.Validate()))
	} else if b.Amount.Sign() < 0 {
		f.add("Amount", b.Amount.String(), "must not be negative")
	}
	fromOK := true
	if !b.From.IsZero() {
		switch {
		case !b.From.IsValid():
			f.add("From", b.From, "is not a valid date")
			fromOK = false
		case yearOK && monthOK && (b.From.Before(b.Start()) || b.From.After(b.End())):
			f.add("From", b.From, "is not in the fiscal year "+b.Start().String()+" to "+b.End().String())
			fromOK = false
		}
	}
	if !splitNames.Valid(b.Split) {
		f.add("Split", int(b.Split), "is not a known Split")
	} else if n, months := b.Split.periods(); b.Split == SplitAnnual && len(b.Periods) > 0 {
		f.add("Periods", len(b.Periods), "must be empty for an annual budget")
	} else if b.Split != SplitAnnual && len(b.Periods) != n {
		f.add("Periods", len(b.Periods), "must have "+strconv.Itoa(n)+" amounts for a "+b.Split.String()+" budget")
	} else if b.Split != SplitAnnual && amountOK {
		var sum account.Money
		sumOK := true
		for i, p := range b.Periods {
			at := index("Periods", i)
			switch {
			case p.Currency() != b.Amount.Currency():
				f.list.Add(&account.FieldError{Record: "Budget", ID: string(b.Account), Field: at, Value: p.String(),
					Reason: "is not in the budget's currency " + string(b.Amount.Currency()), Err: ErrCurrencyMismatch})
				sumOK = false
				continue
			case p.Sign() < 0:
				f.add(at, p.String(), "must not be negative")
			case yearOK && monthOK && fromOK && !p.IsZero() && addCadence(b.Start(), tiering.Months((i+1)*months)).AddDays(-1).Before(b.first()):
				f.add(at, p.String(), "must be zero: the period ends before From "+b.From.String())
			}
			sum, _ = sum.Add(p)
		}
		if sumOK && !sum.Equal(b.Amount) {
			f.add("Periods", sum.String(), "sum to "+sum.String()+", not the Amount "+b.Amount.String())
		}
	}
	if b.Threshold.Sign() < 0 {
		f.add("Threshold", b.Threshold.String(), "must not be negative")
	}
	return f.err()
}

// A BudgetStatus is where an account stands against its budget on a day:
// what it has spent (or earned) so far, what it was planned to by then,
// and where its run rate takes it by the end of the year.
type BudgetStatus struct {
	Account account.ID              `json:"account"`
	Kind    account.TransactionKind `json:"kind"`
	From    calendar.Date           `json:"from"`    // the first day the budget covers
	Through calendar.Date           `json:"through"` // the last day counted: the day asked about, or the year's last day if earlier
	End     calendar.Date           `json:"end"`     // the last day of the fiscal year

	Budget       account.Money `json:"budget"`         // the annual budget
	BudgetToDate account.Money `json:"budget_to_date"` // what the split plans from From to Through, rounded to the minor unit
	Actual       account.Money `json:"actual"`         // the account's transactions of Kind from From to Through, exact

	// Consumption is Actual / Budget, rounded half away from zero to four
	// decimal places; zero for a zero budget.
	Consumption decimal.Decimal `json:"consumption"`

	// Forecast is the run-rate forecast to the end of the year: Actual plus
	// the daily average from From to Through times the days left, the
	// addition rounded to the currency's minor unit (the actuals stay
	// exact). On the year's last day there are no days left, and Forecast
	// equals Actual exactly.
	Forecast account.Money `json:"forecast"`

	// Variance is Forecast - Budget: the projected over-run when positive,
	// under-run when negative.
	Variance account.Money `json:"variance"`

	Flag BudgetFlag `json:"flag"` // whether Variance passes the budget's threshold

	Elapsed int `json:"days_elapsed"` // days from From to Through, both counted
	Days    int `json:"days"`         // days from From to End, both counted
}

// Status returns b's status on the day asOf: its account's transactions of
// b's Kind in txs from b's first day to the end of asOf (or of the year,
// if asOf is later) are the actuals, each instant read in loc (nil means
// UTC) so that the days match the customer's books. txs is what a store's
// list yields, such as [account.TransactionStore.Transactions];
// transactions of other accounts or of the other kind are skipped, and an
// error it yields is returned as it is. A nil txs has none.
//
// The errors wrap [ErrInvalid]: the problems of [Budget.Validate]; an
// [*account.FieldError] (Record "Budget", Field "asOf") for an asOf that
// is not a valid date or is before the budget's first day; and one
// wrapping [ErrCurrencyMismatch] (Record "Transaction", Field "Amount") for a
// counted transaction in another currency than the budget.
func (b Budget) Status(asOf calendar.Date, loc *time.Location, txs iter.Seq2[account.Transaction, error]) (BudgetStatus, error) {
	through, err := b.through(asOf)
	if err != nil {
		return BudgetStatus{}, err
	}
	from, to := b.window(through, loc)
	actual, err := sumTransactions(txs, b.Amount.Currency(), "the budget's", func(t *account.Transaction) bool {
		return t.Account == b.Account && t.Kind == b.Kind && !t.At.Before(from) && t.At.Before(to)
	})
	if err != nil {
		return BudgetStatus{}, err
	}
	return b.status(through, actual), nil
}

// through validates b and asOf and returns the last day counted.
func (b Budget) through(asOf calendar.Date) (calendar.Date, error) {
	if err := b.Validate(); err != nil {
		return calendar.Date{}, err
	}
	f := &faults{record: "Budget", id: string(b.Account)}
	switch {
	case !asOf.IsValid():
		f.add("asOf", asOf, "is not a valid date")
	case asOf.Before(b.first()):
		f.add("asOf", asOf, "is before the budget's first day "+b.first().String())
	}
	if err := f.err(); err != nil {
		return calendar.Date{}, err
	}
	if end := b.End(); asOf.After(end) {
		return end, nil
	}
	return asOf, nil
}

// window returns the instants, in loc, from the start of b's first day to
// the end of the day through: the half-open range of the actuals.
func (b Budget) window(through calendar.Date, loc *time.Location) (from, to time.Time) {
	return dateTime(b.first(), loc), dateTime(through.AddDays(1), loc)
}

// status computes the status on the day through from the actual sum.
func (b Budget) status(through calendar.Date, actual account.Money) BudgetStatus {
	first, end := b.first(), b.End()
	s := BudgetStatus{
		Account: b.Account, Kind: b.Kind, From: first, Through: through, End: end,
		Budget: b.Amount, Actual: actual,
		Elapsed: through.DaysSince(first) + 1,
		Days:    end.DaysSince(first) + 1,
	}
	c := b.Amount.Currency()
	s.BudgetToDate = b.planned(through)
	if !b.Amount.IsZero() {
		s.Consumption = actual.Amount().DivRound(b.Amount.Amount(), 4)
	}
	left := decimal.NewFromInt(int64(s.Days - s.Elapsed))
	extra := actual.Amount().Mul(left).DivRound(decimal.NewFromInt(int64(s.Elapsed)), places(c))
	s.Forecast, _ = actual.Add(money(extra, c))
	s.Variance, _ = s.Forecast.Sub(b.Amount)
	limit := b.Amount.Amount().Mul(b.Threshold)
	switch v := s.Variance.Amount(); {
	case v.GreaterThan(limit):
		s.Flag = BudgetOver
	case v.Neg().GreaterThan(limit):
		s.Flag = BudgetUnder
	}
	return s
}

// planned returns what b plans from its first day to the end of through,
// rounded to the currency's minor unit: each period (the whole year for
// an annual budget) counts in full once it has ended, and in proportion
// to its days counted so far while it runs. A period's days before From
// do not count.
func (b Budget) planned(through calendar.Date) account.Money {
	c := b.Amount.Currency()
	n, months := b.Split.periods()
	amounts := b.Periods
	if b.Split == SplitAnnual {
		amounts = []account.Money{b.Amount}
	}
	sum := decimal.Zero
	for i := range n {
		start := addCadence(b.Start(), tiering.Months(i*months))
		end := addCadence(b.Start(), tiering.Months((i+1)*months)).AddDays(-1)
		if start.Before(b.first()) {
			start = b.first()
		}
		if end.Before(start) {
			continue // wholly before From
		}
		switch {
		case !end.After(through):
			sum = sum.Add(amounts[i].Amount())
		case !start.After(through):
			part := decimal.NewFromInt(int64(through.DaysSince(start) + 1))
			whole := decimal.NewFromInt(int64(end.DaysSince(start) + 1))
			sum = sum.Add(amounts[i].Amount().Mul(part).Div(whole))
		}
	}
	return money(sum.Round(places(c)), c)
}

// places returns the decimal places to round amounts in c to: its minor
// unit, or 8 for a currency without one (such as gold).
func places(c account.Currency) int32 {
	if p := c.MinorUnits(); p >= 0 {
		return int32(p)
	}
	return 8
}

// money returns amount in c, which the caller has validated.
func money(amount decimal.Decimal, c account.Currency) account.Money {
	m, _ := account.NewMoney(amount, c)
	return m
}
