package review

import (
	"cmp"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/tiering"
)

// A CadenceRule says how often each account is reviewed: at the cadence
// of its tier's service model ([tiering.ServiceModel] ReviewEvery), or,
// for the Top accounts by value, at Every whatever their tier (the top 20
// every 90 days, say).
//
// The zero CadenceRule gives no account a cadence.
type CadenceRule struct {
	// Models holds the service model of each tier. An account whose tier
	// has a model with a zero ReviewEvery, or an Unassigned account, has
	// no tier cadence.
	Models tiering.ServiceModels

	// Top is how many accounts, the most valuable first, are reviewed at
	// Every rather than at their tier's cadence; 0 for none. A Top larger
	// than the number of accounts takes them all.
	Top int

	// Every is the cadence of the Top accounts; required, and not zero,
	// when Top is not 0.
	Every tiering.Cadence
}

// A Valued is an account with its value: the revenue, spend or other
// amount by which the top accounts are chosen.
type Valued struct {
	Account account.Account // the whole account: its Tier chooses the service model
	Value   account.Money   // all in one currency; a zero Money counts as 0
}

// CadenceSource says where an account's cadence came from.
// The zero CadenceSource is not a source.
type CadenceSource uint8

// The sources of a cadence.
const (
	// CadenceTier is the service model of the account's tier.
	CadenceTier CadenceSource = iota + 1
	// CadenceTop is the rule for the top accounts by value
	// ([CadenceRule] Top and Every).
	CadenceTop
)

var cadenceSourceNames = enum.New("CadenceSource", map[CadenceSource]string{
	CadenceTier: "tier",
	CadenceTop:  "top",
})

// String returns "tier" or "top".
func (s CadenceSource) String() string { return cadenceSourceNames.String(s) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
// The zero CadenceSource is the exception: it is the empty text, unset.
func (s CadenceSource) MarshalText() ([]byte, error) {
	return cadenceSourceNames.MarshalText(s, ErrInvalid)
}

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero CadenceSource.
func (s *CadenceSource) UnmarshalText(text []byte) error {
	v, err := cadenceSourceNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// An AccountCadence is the review cadence of one account and where it came
// from.
type AccountCadence struct {
	Account account.ID
	Cadence tiering.Cadence // never zero
	Source  CadenceSource

	// Rank is the account's place by value, from 1 for the most valuable,
	// ties broken by account ID; set for every account, top or not.
	Rank int
}

// Cadences returns the review cadence of each account that has one, in
// order of account ID: the rule's Every for the Top accounts by value
// (ties by account ID), the cadence of its tier's service model for the
// others. Accounts with neither (an Unassigned account, or a tier whose
// model sets no ReviewEvery, outside the top) are left out. The result
// does not depend on the order of accounts.
//
// The errors wrap [ErrInvalid]: the problems of
// [tiering.ServiceModels.Validate]; an [*account.FieldError] with Record
// "CadenceRule" for a negative Top, or a missing or invalid Every; one
// with Record "Account" for an account with an invalid ID, a tier with no
// model, or an ID given twice (wrapping [ErrDuplicateAccount]); or one
// wrapping [account.ErrCurrencyMismatch] too for values in more than one
// currency. Of several account problems, the one of the smallest account
// ID is returned.
func (r CadenceRule) Cadences(accounts []Valued) ([]AccountCadence, error) {
	if err := r.Models.Validate(); err != nil {
		return nil, err
	}
	f := faults{record: "CadenceRule"}
	if r.Top < 0 {
		f.add("Top", r.Top, "must not be negative")
	}
	if r.Top > 0 && r.Every.IsZero() {
		f.add("Every", nil, "is missing: the top accounts need a cadence")
	}
	f.cadence("CadenceRule", "", "Every", r.Every)
	if err := f.err(); err != nil {
		return nil, err
	}
	order := make([]int, len(accounts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(i, j int) int { return cmp.Compare(accounts[i].Account.ID, accounts[j].Account.ID) })
	var currency account.Currency
	for k, i := range order {
		v := &accounts[i]
		if err := v.Account.ID.Validate(); err != nil {
			return nil, accountFault(v.Account.ID, "ID", v.Account.ID, "is not a valid account ID", ErrInvalid)
		}
		if k > 0 && accounts[order[k-1]].Account.ID == v.Account.ID {
			return nil, accountFault(v.Account.ID, "ID", nil, "appears more than once", ErrDuplicateAccount)
		}
		if c := v.Value.Currency(); c != "" && !v.Value.IsZero() {
			if currency == "" {
				currency = c
			} else if c != currency {
				return nil, accountFault(v.Account.ID, "Value", v.Value, "is in "+string(c)+", other values in "+string(currency), ErrCurrencyMismatch)
			}
		}
		if v.Account.Tier != account.Unassigned {
			if _, ok := r.Models.For(v.Account.Tier); !ok {
				return nil, accountFault(v.Account.ID, "Tier", v.Account.Tier, "no service model for the account's tier", ErrInvalid)
			}
		}
	}
	byValue := slices.Clone(order) // order is by ID, so a stable sort breaks ties by ID
	slices.SortStableFunc(byValue, func(i, j int) int {
		return accounts[j].Value.Amount().Cmp(accounts[i].Value.Amount())
	})
	rank := make([]int, len(accounts))
	for k, i := range byValue {
		rank[i] = k + 1
	}
	var out []AccountCadence
	for _, i := range order {
		a := &accounts[i].Account
		c := AccountCadence{Account: a.ID, Rank: rank[i]}
		if rank[i] <= r.Top {
			c.Cadence, c.Source = r.Every, CadenceTop
		} else if m, ok := r.Models.For(a.Tier); ok && !m.ReviewEvery.IsZero() {
			c.Cadence, c.Source = m.ReviewEvery, CadenceTier
		} else {
			continue
		}
		out = append(out, c)
	}
	return out, nil
}

// addCadence returns the date d plus c, months first with the day clamped
// to the end of a shorter month (see [tiering.Cadence.AddTo]).
func addCadence(d calendar.Date, c tiering.Cadence) calendar.Date {
	return calendar.DateOf(c.AddTo(dateTime(d, time.UTC)))
}

// itoa is strconv.Itoa, short for building field paths.
func itoa(i int) string { return strconv.Itoa(i) }
