package growth

import (
	"cmp"
	"iter"
	"slices"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
)

// SharePlaces is the number of decimal places of a share of wallet: a
// share is our spend over the estimate, rounded to 6 places, halves away
// from zero.
const SharePlaces = 6

// EstimateID identifies a [WalletEstimate]. It follows the rules of
// [account.ID.Validate].
type EstimateID string

// A WalletEstimate is the customer's total spend in a category over a
// period, as the caller estimates it: what the account spends on payments
// with every provider, or what an internal unit spends on a service
// family in-house and outside. Our share of that wallet is what we
// earned (or, for an internal customer, charged) over it.
//
// The zero WalletEstimate is not valid.
type WalletEstimate struct {
	ID      EstimateID // identifies the estimate; required
	Account account.ID // whose wallet; its whole tree of accounts counts; required

	// Category is the offering family the wallet is for ([Offering.Family]),
	// or "" for the whole wallet. Set, it follows the rules of
	// [account.ID.Validate].
	Category string

	// From and To bound the period, half-open: [From, To). Both are
	// required and To must be after From.
	From, To time.Time

	// Total is the customer's whole spend in the category over the
	// period. It must be positive.
	Total account.Money

	// Source says where the estimate comes from ("annual report 2025",
	// "CFO interview"), and Estimated when it was made. Both are
	// required; Source is at most MaxNameLen bytes.
	Source    string
	Estimated time.Time

	// Version is the optimistic-concurrency version kept by stores.
	Version int64
}

// Validate reports every problem with e as joined [*account.FieldError]
// values wrapping [ErrInvalid], by the rules written on its fields.
func (e WalletEstimate) Validate() error {
	f := &check{record: "WalletEstimate", id: string(e.ID)}
	f.needID("ID", string(e.ID))
	f.needID("Account", string(e.Account))
	f.optLabel("Category", e.Category)
	if e.From.IsZero() {
		f.add("From", nil, "is missing")
	}
	if e.To.IsZero() {
		f.add("To", nil, "is missing")
	} else if !e.To.After(e.From) {
		f.add("To", e.To, "is not after From")
	}
	if err := e.Total.Validate(); err != nil {
		f.add("Total", nil, "has no valid currency")
	} else if e.Total.Sign() <= 0 {
		f.add("Total", e.Total, "must be positive")
	}
	switch {
	case strings.TrimSpace(e.Source) == "":
		f.add("Source", e.Source, "is missing")
	case len(e.Source) > MaxNameLen:
		f.add("Source", e.Source, "is longer than 1024 bytes")
	case !utf8Valid(e.Source):
		f.add("Source", e.Source, "is not valid UTF-8")
	}
	if e.Estimated.IsZero() {
		f.add("Estimated", nil, "is missing")
	}
	if e.Version < 0 {
		f.add("Version", e.Version, "must not be negative")
	}
	return f.err()
}

// A Share is our share of one wallet estimate.
type Share struct {
	Estimate WalletEstimate
	// Ours is what the account's tree paid us in the category over the
	// period: revenue from an external customer, cost charged to an
	// internal one.
	Ours account.Money
	// Share is Ours over Estimate.Total, rounded to [SharePlaces].
	Share decimal.Decimal
	// Over flags an estimate below our own spend (Ours > Total): the
	// share is then above 1, as computed, not clamped. Re-estimate.
	Over bool
}

// ShareOfWallet computes our share of each wallet estimate from the
// transactions: for each estimate, the transactions of its account and
// every account below it, in its period, of the kind the account pays
// with (revenue for an external account, cost for an internal one,
// [account.Account.Internal] of the estimate's account), and, when the
// estimate has a Category, of an offering of that family. A transaction
// counts in every estimate it falls in; one of an account not in accounts
// counts in none.
//
// The shares come in ascending order of account, category and From. The
// result does not depend on the order of the estimates or transactions.
//
// Errors wrap [ErrInvalid]: an estimate that fails Validate, names an
// account not in accounts ([ErrUnknown]), or overlaps another of the same
// account and category; a transaction whose currency is not its
// estimate's ([ErrCurrency], naming the estimate: convert first);
// a categorised estimate meeting a transaction whose offering is not in
// the catalogue ([ErrUnknown]). Accounts that do not form a hierarchy
// and transactions that fail Validate wrap [account.ErrInvalid].
func ShareOfWallet(accounts []account.Account, offerings []Offering, estimates []WalletEstimate, txs iter.Seq2[account.Transaction, error]) ([]Share, error) {
	h, err := account.NewHierarchy(accounts)
	if err != nil {
		return nil, err
	}
	internal := make(map[account.ID]bool, len(accounts))
	for _, a := range accounts {
		internal[a.ID] = a.Internal
	}
	family := make(map[account.OfferingID]string, len(offerings))
	for _, o := range offerings {
		family[o.ID] = o.Family
	}
	es := slices.Clone(estimates)
	slices.SortFunc(es, func(a, b WalletEstimate) int {
		return cmp.Or(cmp.Compare(a.Account, b.Account), cmp.Compare(a.Category, b.Category),
			a.From.Compare(b.From), cmp.Compare(a.ID, b.ID))
	})
	var errs check
	byAccount := make(map[account.ID][]int)
	for i, e := range es {
		if err := e.Validate(); err != nil {
			errs.errs.Add(err)
			continue
		}
		if !h.Contains(e.Account) {
			errs.errs.Add(&account.FieldError{Record: "WalletEstimate", ID: string(e.ID), Field: "Account", Value: string(e.Account), Reason: "is not an account of the portfolio", Err: ErrUnknown})
			continue
		}
		if i > 0 && es[i-1].Account == e.Account && es[i-1].Category == e.Category && e.From.Before(es[i-1].To) {
			errs.errs.Add(&account.FieldError{Record: "WalletEstimate", ID: string(e.ID), Field: "From", Value: e.From,
				Reason: "overlaps estimate " + string(es[i-1].ID) + " of the same account and category", Err: ErrInvalid})
			continue
		}
		byAccount[e.Account] = append(byAccount[e.Account], i)
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	ours := make([]account.Money, len(es))
	for i, e := range es {
		ours[i], _ = account.NewMoney(decimal.Zero, e.Total.Currency())
	}
	for t, err := range txs {
		if err != nil {
			return nil, err
		}
		if err := t.Validate(); err != nil {
			return nil, err
		}
		for id := range selfAndAncestors(h, t.Account) {
			for _, i := range byAccount[id] {
				e := &es[i]
				want := account.TransactionRevenue
				if internal[e.Account] {
					want = account.TransactionCost
				}
				if t.Kind != want || t.At.Before(e.From) || !t.At.Before(e.To) {
					continue
				}
				if e.Category != "" {
					fam, ok := family[t.Offering]
					if !ok && t.Offering != "" {
						return nil, &account.FieldError{Record: "Transaction", ID: string(t.ID), Field: "Offering", Value: string(t.Offering), Reason: "is not in the catalogue", Err: ErrUnknown}
					}
					if fam != e.Category {
						continue
					}
				}
				if t.Amount.Currency() != e.Total.Currency() {
					return nil, &account.FieldError{Record: "WalletEstimate", ID: string(e.ID), Field: "Total", Value: e.Total.String(),
						Reason: "is in " + string(e.Total.Currency()) + " but transaction " + string(t.ID) + " is in " + string(t.Amount.Currency()), Err: ErrCurrency}
				}
				ours[i], _ = ours[i].Add(t.Amount) // one currency, checked above
			}
		}
	}
	out := make([]Share, len(es))
	for i, e := range es {
		out[i] = Share{
			Estimate: e,
			Ours:     ours[i],
			Share:    ours[i].Amount().DivRound(e.Total.Amount(), SharePlaces),
			Over:     ours[i].Amount().Cmp(e.Total.Amount()) > 0,
		}
	}
	return out, nil
}

// selfAndAncestors yields id, then its ancestors nearest first.
func selfAndAncestors(h *account.Hierarchy, id account.ID) iter.Seq[account.ID] {
	return func(yield func(account.ID) bool) {
		if !h.Contains(id) || !yield(id) {
			return
		}
		for a := range h.Ancestors(id) {
			if !yield(a) {
				return
			}
		}
	}
}

// A ShareTrend is the move of one account's share in one category from
// one estimate's period to the next.
type ShareTrend struct {
	Previous, Current Share
	// Change is Current.Share less Previous.Share, exactly.
	Change decimal.Decimal
	// Fell reports a share that went down (Change < 0).
	Fell bool
}

// Trends pairs each share with the previous period's share of the same
// account and category (shares as [ShareOfWallet] returns them, in any
// order), and returns the moves in ascending order of account, category
// and the current period's From. An account and category with one
// period has no trend.
func Trends(shares []Share) []ShareTrend {
	s := slices.Clone(shares)
	slices.SortFunc(s, func(a, b Share) int {
		return cmp.Or(cmp.Compare(a.Estimate.Account, b.Estimate.Account), cmp.Compare(a.Estimate.Category, b.Estimate.Category),
			a.Estimate.From.Compare(b.Estimate.From), cmp.Compare(a.Estimate.ID, b.Estimate.ID))
	})
	var out []ShareTrend
	for i := 1; i < len(s); i++ {
		p, c := s[i-1], s[i]
		if p.Estimate.Account != c.Estimate.Account || p.Estimate.Category != c.Estimate.Category {
			continue
		}
		d := c.Share.Sub(p.Share)
		out = append(out, ShareTrend{Previous: p, Current: c, Change: d, Fell: d.Sign() < 0})
	}
	return out
}

// Fallen returns the trends whose share fell, the largest fall first,
// then in ascending order of account, category and period: the accounts
// to look at first.
func Fallen(trends []ShareTrend) []ShareTrend {
	var out []ShareTrend
	for _, t := range trends {
		if t.Fell {
			out = append(out, t)
		}
	}
	slices.SortFunc(out, func(a, b ShareTrend) int {
		x, y := a.Current.Estimate, b.Current.Estimate
		return cmp.Or(a.Change.Cmp(b.Change), cmp.Compare(x.Account, y.Account), cmp.Compare(x.Category, y.Category),
			x.From.Compare(y.From), cmp.Compare(x.ID, y.ID))
	})
	return out
}
