package engagement

import (
	"cmp"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/shopspring/decimal"
)

// FeedbackID identifies a [Feedback] item. It follows the rules of
// [account.ID].
type FeedbackID string

// MaxFeedbackText is the longest Text, in bytes, of a [Feedback] item that
// validation accepts.
const MaxFeedbackText = 64 << 10

// A Feedback item is one thing a customer told the organisation: a comment,
// a request or a complaint, about a theme, and perhaps about one service or
// one change.
//
// The zero Feedback is not valid: it has no ID, account, instant, kind or
// theme.
type Feedback struct {
	ID      FeedbackID        // identifies the item; required
	Account account.ID        // the account it came from; required
	Contact account.ContactID // the person who gave it; "" if not known
	At      time.Time         // when it was given; required
	Kind    FeedbackKind      // comment, request or complaint; required

	// Theme is what the item is about, as the application labels it
	// ("reporting", "invoicing", "response times"); required.
	Theme string
	// Service is the service it is about, as in [Holdings]; "" for none.
	Service string
	// Change is the change it is about; "" for none.
	Change ChangeID

	Text string // what the customer said; at most MaxFeedbackText bytes
}

// Validate reports every problem with x as [*account.FieldError] values
// (Record "Feedback") wrapping [ErrInvalid], joined; nil means x is valid.
// ID and Account must be valid IDs, and Contact and Change too if set; At
// must be set; Kind must be known; Theme must be a label (non-empty, no
// surrounding space) and Service, if set, too, each at most [MaxTitleLen]
// bytes; Text is at most [MaxFeedbackText] bytes.
func (x Feedback) Validate() error {
	f := &recordCheck{record: "Feedback", id: string(x.ID)}
	f.checkID("ID", string(x.ID))
	f.checkID("Account", string(x.Account))
	if x.Contact != "" {
		f.checkID("Contact", string(x.Contact))
	}
	if x.At.IsZero() {
		f.add("At", nil, "is missing")
	}
	if !feedbackKindNames.Valid(x.Kind) {
		f.add("Kind", int(x.Kind), "must be one of "+feedbackKindNames.List())
	}
	f.checkLabel("Theme", x.Theme)
	if x.Service != "" {
		f.checkLabel("Service", x.Service)
	}
	if x.Change != "" {
		f.checkID("Change", string(x.Change))
	}
	if len(x.Text) > MaxFeedbackText {
		f.add("Text", x.Text, "is longer than "+strconv.Itoa(MaxFeedbackText)+" bytes")
	}
	return f.err()
}

// FeedbackKind is what sort of feedback an item is. The zero FeedbackKind
// is not valid.
type FeedbackKind uint8

// The kinds of feedback.
const (
	FeedbackComment   FeedbackKind = iota + 1 // an observation
	FeedbackRequest                           // something the customer asks for
	FeedbackComplaint                         // something the customer is unhappy about
)

var feedbackKindNames = enum.New("FeedbackKind", map[FeedbackKind]string{
	FeedbackComment:   "comment",
	FeedbackRequest:   "request",
	FeedbackComplaint: "complaint",
})

// String returns the kind's name, such as "request", or
// "%!FeedbackKind(9)" for an unknown value.
func (k FeedbackKind) String() string { return feedbackKindNames.String(k) }

// MarshalText returns the kind's name; an unknown value is an
// [*account.FieldError] wrapping [ErrInvalid].
// The zero FeedbackKind is the exception: it is the empty text, unset.
func (k FeedbackKind) MarshalText() ([]byte, error) {
	return feedbackKindNames.MarshalText(k, ErrInvalid)
}

// UnmarshalText parses a name written by [FeedbackKind.MarshalText]; an
// unknown name is an [*account.FieldError] wrapping [ErrInvalid].
// The empty text is the zero FeedbackKind.
func (k *FeedbackKind) UnmarshalText(text []byte) error {
	v, err := feedbackKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// VoiceBy is what [RollUpFeedback] groups feedback by. The zero VoiceBy is
// [VoiceByTheme].
type VoiceBy uint8

// The groupings.
const (
	VoiceByTheme   VoiceBy = iota // by Theme
	VoiceByService                // by Service; items without one are left out
	VoiceByChange                 // by Change; items without one are left out
)

var voiceByNames = enum.New("VoiceBy", map[VoiceBy]string{
	VoiceByTheme:   "theme",
	VoiceByService: "service",
	VoiceByChange:  "change",
})

// String returns the grouping's name, such as "theme", or "%!VoiceBy(9)"
// for an unknown value.
func (b VoiceBy) String() string { return voiceByNames.String(b) }

// MarshalText returns the grouping's name; an unknown value is an
// [*account.FieldError] wrapping [ErrInvalid].
func (b VoiceBy) MarshalText() ([]byte, error) { return voiceByNames.MarshalText(b, ErrInvalid) }

// UnmarshalText parses a name written by [VoiceBy.MarshalText]; an unknown
// name is an [*account.FieldError] wrapping [ErrInvalid].
func (b *VoiceBy) UnmarshalText(text []byte) error {
	v, err := voiceByNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*b = v
	}
	return err
}

// VoiceOptions says which feedback [RollUpFeedback] counts, how it groups
// it and how it weighs the accounts. The zero VoiceOptions groups every item
// by theme and gives every account a weight of 1.
type VoiceOptions struct {
	By VoiceBy // what to group by

	Kinds []FeedbackKind // only items of these kinds; empty for all
	Tiers []account.Tier // only items from accounts in these tiers; empty for all
	From  time.Time      // only items at or after From, if set
	To    time.Time      // only items before To, if set

	// TierWeights is the weight of an account of each tier: 3 for tier 1,
	// 2 for tier 2, say. Nil gives every tier 1; otherwise a tier it does
	// not list weighs 0. Weights must not be negative.
	TierWeights map[account.Tier]decimal.Decimal

	// Values, if not nil, weighs each account by its value as well
	// (revenue, contract value, budget: whatever the caller measures): an
	// account's weight is its tier weight times the amount of its value,
	// and an account Values does not list weighs 0. Values must not be
	// negative and must all be in one currency.
	Values map[account.ID]account.Money
}

// A Voice is feedback rolled up by [RollUpFeedback]: the topics customers
// raise, heaviest first. The zero Voice has no topics.
type Voice struct {
	By     VoiceBy // what the topics are: themes, services or changes
	Topics []Topic // heaviest first; ties by more items, then by key

	Items    int             // the items counted
	Accounts int             // the accounts they came from
	Weight   decimal.Decimal // those accounts' weight, each counted once

	Unknown int // items of the kinds and times selected left out because their account was not given
	NoKey   int // items left out because they name no service (or change) to group by
}

// A Topic is one theme, service or change in a [Voice]. Each account that
// raised it counts once towards its Weight and Value, however many items
// it gave, so one vocal account does not drown the rest; Items counts every
// item.
type Topic struct {
	Key string // the theme, service or change ID

	Items      int // the items about it
	Comments   int // of which comments
	Requests   int // of which requests
	Complaints int // of which complaints

	// Accounts lists the accounts that raised it, heaviest first, ties by ID.
	Accounts []account.ID

	Weight decimal.Decimal // the weight of the accounts that raised it

	// Share is Weight as a share of the Voice's Weight, from 0 to 1,
	// rounded half away from zero to 4 decimal places; 0 when the Voice's
	// Weight is 0.
	Share decimal.Decimal

	// Value is the value of the accounts that raised it, when
	// [VoiceOptions] Values is set; the zero Money otherwise.
	Value account.Money
}

// RollUpFeedback groups feedback by theme, service or change, weighted by
// account tier and value: with options Kinds {FeedbackRequest}, Tiers {1}
// and Values set, its first topics are what the top accounts ask for.
//
// accounts gives each account's tier; items from accounts not in it are
// counted in Unknown and left out. feedback is what a store's list yields,
// such as [FeedbackStore.Feedback]; an error it yields ends RollUpFeedback,
// which returns it as it is. A nil feedback has none. The result does not depend on the order of
// accounts or feedback.
//
// The other errors wrap [ErrInvalid]: an item that fails
// [Feedback.Validate] (the first one met), a repeated account ID, or an
// [*account.FieldError] with Record "VoiceOptions" for an unknown By or
// kind, a negative tier weight or value, or values in two currencies (that
// one also wraps [account.ErrCurrencyMismatch]).
func RollUpFeedback(accounts []account.Account, feedback iter.Seq2[Feedback, error], opts VoiceOptions) (*Voice, error) {
	cur, err := opts.validate()
	if err != nil {
		return nil, err
	}
	tier := make(map[account.ID]account.Tier, len(accounts))
	for i := range accounts {
		a := &accounts[i]
		if _, dup := tier[a.ID]; dup {
			return nil, dupErr("Account", string(a.ID))
		}
		tier[a.ID] = a.Tier
	}
	type topicAcc struct {
		kinds    [4]int // items by kind
		accounts map[account.ID]struct{}
	}
	v := &Voice{By: opts.By}
	topics := make(map[string]*topicAcc)
	raised := make(map[account.ID]struct{})
	if feedback == nil {
		feedback = func(func(Feedback, error) bool) {}
	}
	for x, err := range feedback {
		if err != nil {
			return nil, err
		}
		if err := x.Validate(); err != nil {
			return nil, err
		}
		if !opts.counts(&x) {
			continue
		}
		t, known := tier[x.Account]
		if !known {
			v.Unknown++
			continue
		}
		if len(opts.Tiers) > 0 && !slices.Contains(opts.Tiers, t) {
			continue
		}
		key := x.Theme
		switch opts.By {
		case VoiceByService:
			key = x.Service
		case VoiceByChange:
			key = string(x.Change)
		}
		if key == "" {
			v.NoKey++
			continue
		}
		acc := topics[key]
		if acc == nil {
			acc = &topicAcc{accounts: make(map[account.ID]struct{})}
			topics[key] = acc
		}
		acc.kinds[x.Kind]++
		acc.accounts[x.Account] = struct{}{}
		raised[x.Account] = struct{}{}
		v.Items++
	}

	weight := func(id account.ID) decimal.Decimal {
		w := decimal.NewFromInt(1)
		if opts.TierWeights != nil {
			w = opts.TierWeights[tier[id]]
		}
		if opts.Values != nil {
			w = w.Mul(opts.Values[id].Amount())
		}
		return w
	}
	weights := make(map[account.ID]decimal.Decimal, len(raised))
	for id := range raised {
		w := weight(id)
		weights[id] = w
		v.Weight = v.Weight.Add(w)
	}
	v.Accounts = len(raised)
	v.Topics = make([]Topic, 0, len(topics))
	for key, acc := range topics {
		tp := Topic{Key: key, Comments: acc.kinds[FeedbackComment], Requests: acc.kinds[FeedbackRequest], Complaints: acc.kinds[FeedbackComplaint]}
		tp.Items = tp.Comments + tp.Requests + tp.Complaints
		tp.Accounts = make([]account.ID, 0, len(acc.accounts))
		for id := range acc.accounts {
			tp.Accounts = append(tp.Accounts, id)
			tp.Weight = tp.Weight.Add(weights[id])
			if opts.Values != nil {
				tp.Value, _ = tp.Value.Add(opts.Values[id]) // one currency, checked by validate
			}
		}
		if opts.Values != nil && tp.Value.Currency() == "" {
			tp.Value, _ = account.NewMoney(decimal.Zero, cur)
		}
		slices.SortFunc(tp.Accounts, func(a, b account.ID) int {
			if c := weights[b].Cmp(weights[a]); c != 0 {
				return c
			}
			return cmp.Compare(a, b)
		})
		if v.Weight.Sign() > 0 {
			tp.Share = tp.Weight.DivRound(v.Weight, 4)
		}
		v.Topics = append(v.Topics, tp)
	}
	slices.SortFunc(v.Topics, func(a, b Topic) int {
		if c := b.Weight.Cmp(a.Weight); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Items, a.Items); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return v, nil
}

// counts reports whether the options' kinds and times select x.
func (o *VoiceOptions) counts(x *Feedback) bool {
	return (len(o.Kinds) == 0 || slices.Contains(o.Kinds, x.Kind)) &&
		(o.From.IsZero() || !x.At.Before(o.From)) &&
		(o.To.IsZero() || x.At.Before(o.To))
}

// validate checks the options and returns the currency of the values.
func (o *VoiceOptions) validate() (account.Currency, error) {
	f := &recordCheck{record: "VoiceOptions"}
	if !voiceByNames.Valid(o.By) {
		f.add("By", int(o.By), "must be one of "+voiceByNames.List())
	}
	for i, k := range o.Kinds {
		if !feedbackKindNames.Valid(k) {
			f.add("Kinds["+strconv.Itoa(i)+"]", int(k), "must be one of "+feedbackKindNames.List())
		}
	}
	for _, t := range keysInOrder(o.TierWeights) {
		if o.TierWeights[t].Sign() < 0 {
			f.add("TierWeights["+t.String()+"]", o.TierWeights[t], "must not be negative")
		}
	}
	var cur account.Currency
	for _, id := range keysInOrder(o.Values) {
		m := o.Values[id]
		field := "Values[" + string(id) + "]"
		switch {
		case m.Sign() < 0:
			f.add(field, m, "must not be negative")
		case m.Currency() == "":
		case cur == "":
			cur = m.Currency()
		case m.Currency() != cur:
			f.errs.Add(&account.FieldError{Record: "VoiceOptions", Field: field, Value: m,
				Reason: fmt.Sprintf("is in %s, but other values are in %s", m.Currency(), cur),
				Err:    fmt.Errorf("%w: %w", ErrInvalid, account.ErrCurrencyMismatch)})
		}
	}
	return cur, f.err()
}

// keysInOrder returns the keys of m in ascending order.
func keysInOrder[K cmp.Ordered, V any](m map[K]V) []K {
	keys := make([]K, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// checkLabel adds a problem if s is not a label: non-empty, no surrounding
// space, at most MaxTitleLen bytes.
func (f *recordCheck) checkLabel(field, s string) {
	if r := labelReason(s); r != "" {
		f.add(field, s, r)
	}
}
