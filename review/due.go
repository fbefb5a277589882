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

// MaxDueDays is the longest look-ahead [DueReviews] takes: ten years of
// days.
const MaxDueDays = 3660

// A DueReview is an account whose next review, as its last review fixed
// it, falls due by the end of a look-ahead window.
type DueReview struct {
	Account account.ID    // the account
	Review  ReviewID      // its last review
	Last    calendar.Date // the date of its last review
	Next    calendar.Date // the date that review fixed for the next

	// Days is how many days from the day asked about Next is: 0 today, 5
	// in five days, negative when the date has passed with no review since.
	Days int
}

// DueReviews yields, for each account with a review in reviews, the
// account's next review if it falls on or before the day days after
// today, ordered by Next, then account ID: the reviews to prepare in the
// next days, with those whose date has passed (Days negative) first. An
// account's last review is the one with the latest Date (of two on one
// day, the greater ID), and its Next is the date due. reviews is what a
// store's list yields, such as [ReviewStore.Reviews]; it is read when the
// sequence is ranged over, in full, before anything is yielded.
//
// On bad input the sequence yields one error and stops: an
// [*account.FieldError] (Record "DueReviews") wrapping [ErrInvalid] for a
// today that is not a valid date or days outside 0 to [MaxDueDays]; or the
// error reviews yields, as it is.
func DueReviews(today calendar.Date, days int, reviews iter.Seq2[Review, error]) iter.Seq2[DueReview, error] {
	return func(yield func(DueReview, error) bool) {
		f := &faults{record: "DueReviews"}
		if !today.IsValid() {
			f.add("today", today, "is not a valid date")
		}
		if days < 0 || days > MaxDueDays {
			f.add("days", days, "must be from 0 to "+strconv.Itoa(MaxDueDays))
		}
		if err := f.err(); err != nil {
			yield(DueReview{}, err)
			return
		}
		last, err := lastReviews(reviews)
		if err != nil {
			yield(DueReview{}, err)
			return
		}
		horizon := today.AddDays(days)
		var due []DueReview
		for _, r := range last {
			if r.Next.After(horizon) {
				continue
			}
			due = append(due, DueReview{Account: r.Account, Review: r.ID, Last: r.Date, Next: r.Next, Days: r.Next.DaysSince(today)})
		}
		slices.SortFunc(due, func(a, b DueReview) int {
			return cmp.Or(a.Next.Compare(b.Next), cmp.Compare(a.Account, b.Account))
		})
		for _, d := range due {
			if !yield(d, nil) {
				return
			}
		}
	}
}

// lastReviews returns the last review of each account in reviews: the one
// with the latest Date, then the greatest ID.
func lastReviews(reviews iter.Seq2[Review, error]) (map[account.ID]Review, error) {
	last := make(map[account.ID]Review)
	if reviews == nil {
		return last, nil
	}
	for r, err := range reviews {
		if err != nil {
			return nil, err
		}
		old, ok := last[r.Account]
		if !ok || r.Date.After(old.Date) || (r.Date == old.Date && r.ID > old.ID) {
			last[r.Account] = r
		}
	}
	return last, nil
}

// An OverdueAccount is an account past its review cadence with no review
// held.
type OverdueAccount struct {
	Account account.ID
	Tier    account.Tier    // its tier (its Tier field)
	Cadence tiering.Cadence // its review cadence
	Source  CadenceSource   // where the cadence came from

	// Last is the date of its last review, or zero if it has had none.
	Last calendar.Date

	// Due is when a review was due: Last plus Cadence, or, with no review,
	// the day the account entered its tier (TierSince), else the day it was
	// created (Created), plus Cadence; both days read in UTC. It is zero for
	// an account with none of these, whose lateness cannot be measured.
	Due calendar.Date

	// Days is how many days past Due the day asked about is (at least 1),
	// or 0 when Due is zero.
	Days int
}

// OverdueAccounts yields the accounts that, on the day today, are past
// their review cadence with no review held: those whose Due (see
// [OverdueAccount]) is before today. The order is that of
// [tiering.ServiceModels.Gaps]: accounts that cannot be measured first,
// then the most days overdue, then ascending account ID.
//
// Each account's cadence is its entry in cadences, what
// [CadenceRule.Cadences] returns (its tier's or the top accounts'); an
// account with no entry has no scheduled reviews and is skipped, as are
// entries of accounts not listed, reviews of accounts not listed and
// reviews dated after today. reviews is what a store's list yields, such
// as [ReviewStore.Reviews]; it is read in full when the sequence is ranged
// over, before anything is yielded.
//
// On bad input the sequence yields one error and stops: an
// [*account.FieldError] (Record "OverdueAccounts") wrapping [ErrInvalid]
// for a today that is not a valid date, an account ID listed twice (also
// wrapping [ErrDuplicateAccount]), or a cadence entry that is zero, not
// valid or given twice; or the error reviews yields, as it is.
func OverdueAccounts(today calendar.Date, accounts []account.Account, cadences []AccountCadence, reviews iter.Seq2[Review, error]) iter.Seq2[OverdueAccount, error] {
	return func(yield func(OverdueAccount, error) bool) {
		fail := func(err error) { yield(OverdueAccount{}, err) }
		f := &faults{record: "OverdueAccounts"}
		every := make(map[account.ID]*AccountCadence, len(cadences))
		for i := range cadences {
			c := &cadences[i]
			at := index("cadences", i)
			switch {
			case c.Cadence.IsZero():
				f.add(at+".Cadence", c.Cadence.String(), "is zero")
			case c.Cadence.Validate() != nil:
				f.add(at+".Cadence", c.Cadence.String(), reasonOf(c.Cadence.Validate()))
			case every[c.Account] != nil:
				f.add(at+".Account", string(c.Account), "has a cadence already")
			default:
				every[c.Account] = c
			}
		}
		if !today.IsValid() {
			f.add("today", today, "is not a valid date")
		}
		listed := make(map[account.ID]int, len(accounts))
		for i, a := range accounts {
			if j, dup := listed[a.ID]; dup {
				f.addSentinel(index("accounts", i)+".ID", string(a.ID), "is the ID of "+index("accounts", j)+" too", ErrDuplicateAccount)
				continue
			}
			listed[a.ID] = i
		}
		if err := f.err(); err != nil {
			fail(err)
			return
		}
		last := make(map[account.ID]calendar.Date, len(accounts))
		if reviews != nil {
			for r, err := range reviews {
				if err != nil {
					fail(err)
					return
				}
				if _, ok := listed[r.Account]; ok && !r.Date.After(today) && r.Date.After(last[r.Account]) {
					last[r.Account] = r.Date
				}
			}
		}
		var out []OverdueAccount
		for _, a := range accounts {
			c := every[a.ID]
			if c == nil {
				continue
			}
			o := OverdueAccount{Account: a.ID, Tier: a.Tier, Cadence: c.Cadence, Source: c.Source, Last: last[a.ID]}
			from := o.Last
			switch {
			case !from.IsZero():
			case !a.TierSince.IsZero():
				from = calendar.DateOf(a.TierSince.UTC())
			case !a.Created.IsZero():
				from = calendar.DateOf(a.Created.UTC())
			}
			if !from.IsZero() {
				o.Due = addCadence(from, c.Cadence)
				if !o.Due.Before(today) {
					continue
				}
				o.Days = today.DaysSince(o.Due)
			}
			out = append(out, o)
		}
		slices.SortFunc(out, func(a, b OverdueAccount) int {
			return cmp.Or(
				cmp.Compare(measured(a), measured(b)), // the unmeasured first
				cmp.Compare(b.Days, a.Days),
				cmp.Compare(a.Account, b.Account))
		})
		for _, o := range out {
			if !yield(o, nil) {
				return
			}
		}
	}
}

// measured is 1 for an overdue account whose due date is known, 0 for one
// whose lateness cannot be measured.
func measured(o OverdueAccount) int {
	if o.Due.IsZero() {
		return 0
	}
	return 1
}

// OverdueActions yields the action items of actions that are overdue on
// the day today (open, and due before today: see [ActionItem.Overdue]),
// ordered by Due, then Owner, then ID, so that the longest overdue come
// first and each owner's items stay together within a day. actions is
// what a store's list yields, such as [ActionStore.Actions]; it is read
// in full when the sequence is ranged over, before anything is yielded.
//
// On bad input the sequence yields one error and stops: an
// [*account.FieldError] (Record "OverdueActions", Field "today") wrapping
// [ErrInvalid] for a today that is not a valid date, or the error actions
// yields, as it is.
func OverdueActions(today calendar.Date, actions iter.Seq2[ActionItem, error]) iter.Seq2[ActionItem, error] {
	return func(yield func(ActionItem, error) bool) {
		if !today.IsValid() {
			yield(ActionItem{}, &account.FieldError{Record: "OverdueActions", Field: "today", Value: today, Reason: "is not a valid date", Err: ErrInvalid})
			return
		}
		var out []ActionItem
		if actions != nil {
			for a, err := range actions {
				if err != nil {
					yield(ActionItem{}, err)
					return
				}
				if a.Overdue(today) {
					out = append(out, a)
				}
			}
		}
		slices.SortFunc(out, func(a, b ActionItem) int {
			return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.Owner, b.Owner), cmp.Compare(a.ID, b.ID))
		})
		for _, a := range out {
			if !yield(a, nil) {
				return
			}
		}
	}
}

// Completion is how well the action items of one owner, or of one
// account, were carried out, as of a day.
//
// Items counts the items raised on or before that day and not cancelled;
// Done those of them completed on or before it; Overdue those open past
// their due date. Matured counts the items whose first [DefaultActionDays]
// days have passed (raised more than 30 days before the day) or that are
// done, and Within those done within 30 days of being raised: the share
// completed within 30 days is measured over the items that have had their
// 30 days, so a new open item does not count against it.
type Completion struct {
	Owner   account.ManagerID `json:"owner,omitempty"`   // set by CompletionByOwner
	Account account.ID        `json:"account,omitempty"` // set by CompletionByAccount

	Items   int `json:"items"`
	Done    int `json:"done"`
	Overdue int `json:"overdue"`
	Matured int `json:"matured"`
	Within  int `json:"within_30_days"`

	// Rate is Done / Items and WithinShare is Within / Matured, each
	// rounded half away from zero to four decimal places (0.8333 is
	// 83.33%); zero when the divisor is.
	Rate        decimal.Decimal `json:"rate"`
	WithinShare decimal.Decimal `json:"within_30_days_share"`
}

// CompletionByOwner yields the [Completion] of each owner's action items
// in actions as of the day asOf, in ascending owner ID order; owners with
// no item counted are left out. actions is read in full when the sequence
// is ranged over. On bad input the sequence yields one error and stops, as
// [OverdueActions] does (Record "CompletionByOwner").
func CompletionByOwner(asOf calendar.Date, actions iter.Seq2[ActionItem, error]) iter.Seq2[Completion, error] {
	return completion(asOf, actions, "CompletionByOwner", func(a *ActionItem) string { return string(a.Owner) },
		func(c *Completion, key string) { c.Owner = account.ManagerID(key) })
}

// CompletionByAccount is [CompletionByOwner] by account: the completion of
// each account's action items, in ascending account ID order.
func CompletionByAccount(asOf calendar.Date, actions iter.Seq2[ActionItem, error]) iter.Seq2[Completion, error] {
	return completion(asOf, actions, "CompletionByAccount", func(a *ActionItem) string { return string(a.Account) },
		func(c *Completion, key string) { c.Account = account.ID(key) })
}

func completion(asOf calendar.Date, actions iter.Seq2[ActionItem, error], record string, key func(*ActionItem) string, label func(*Completion, string)) iter.Seq2[Completion, error] {
	return func(yield func(Completion, error) bool) {
		if !asOf.IsValid() {
			yield(Completion{}, &account.FieldError{Record: record, Field: "asOf", Value: asOf, Reason: "is not a valid date", Err: ErrInvalid})
			return
		}
		groups := make(map[string]*Completion)
		if actions != nil {
			for a, err := range actions {
				if err != nil {
					yield(Completion{}, err)
					return
				}
				if a.Status == ActionCancelled || a.Raised.After(asOf) {
					continue
				}
				k := key(&a)
				c := groups[k]
				if c == nil {
					c = &Completion{}
					label(c, k)
					groups[k] = c
				}
				count(c, &a, asOf)
			}
		}
		keys := make([]string, 0, len(groups))
		for k := range groups {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			c := groups[k]
			c.Rate, _ = ratio(c.Done, c.Items)
			c.WithinShare, _ = ratio(c.Within, c.Matured)
			if !yield(*c, nil) {
				return
			}
		}
	}
}

// count adds item a, as of the day asOf, to c.
func count(c *Completion, a *ActionItem, asOf calendar.Date) {
	c.Items++
	window := a.Raised.AddDays(DefaultActionDays)
	done := a.Status == ActionDone && !a.Completed.After(asOf)
	switch {
	case done:
		c.Done++
		c.Matured++
		if !a.Completed.After(window) {
			c.Within++
		}
	case window.Before(asOf):
		c.Matured++
	}
	if !done && a.Due.Before(asOf) {
		c.Overdue++
	}
}

// dateTime returns midnight at the start of d in loc (nil means UTC).
func dateTime(d calendar.Date, loc *time.Location) time.Time {
	if loc == nil {
		loc = time.UTC
	}
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
}
