package engagement_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

func validFeedback() engagement.Feedback {
	return engagement.Feedback{ID: "f-1", Account: "acme", At: changeDay(3, 1), Kind: engagement.FeedbackRequest, Theme: "sso"}
}

func TestFeedbackValidate(t *testing.T) {
	long := strings.Repeat("x", engagement.MaxTitleLen)
	tests := []struct {
		name   string
		edit   func(*engagement.Feedback)
		fields []string
	}{
		{"valid", func(*engagement.Feedback) {}, nil},
		{"zero", func(x *engagement.Feedback) { *x = engagement.Feedback{} }, []string{"ID", "Account", "At", "Kind", "Theme"}},
		{"bad ID", func(x *engagement.Feedback) { x.ID = "f\n1" }, []string{"ID"}},
		{"bad Contact", func(x *engagement.Feedback) { x.Contact = "c " }, []string{"Contact"}},
		{"good Contact", func(x *engagement.Feedback) { x.Contact = "c" }, nil},
		{"Kind 0", func(x *engagement.Feedback) { x.Kind = 0 }, []string{"Kind"}},
		{"Kind comment (the first)", func(x *engagement.Feedback) { x.Kind = engagement.FeedbackComment }, nil},
		{"Kind complaint (the last)", func(x *engagement.Feedback) { x.Kind = engagement.FeedbackComplaint }, nil},
		{"Kind 4", func(x *engagement.Feedback) { x.Kind = 4 }, []string{"Kind"}},
		{"Theme with space", func(x *engagement.Feedback) { x.Theme = " sso" }, []string{"Theme"}},
		{"Theme of MaxTitleLen bytes", func(x *engagement.Feedback) { x.Theme = long }, nil},
		{"Theme of MaxTitleLen+1 bytes", func(x *engagement.Feedback) { x.Theme = long + "x" }, []string{"Theme"}},
		{"Service with space", func(x *engagement.Feedback) { x.Service = "crm " }, []string{"Service"}},
		{"Service", func(x *engagement.Feedback) { x.Service = "crm" }, nil},
		{"bad Change", func(x *engagement.Feedback) { x.Change = " c" }, []string{"Change"}},
		{"Change", func(x *engagement.Feedback) { x.Change = "c" }, nil},
		{"Text of MaxFeedbackText bytes", func(x *engagement.Feedback) { x.Text = strings.Repeat("t", engagement.MaxFeedbackText) }, nil},
		{"Text of MaxFeedbackText+1 bytes", func(x *engagement.Feedback) { x.Text = strings.Repeat("t", engagement.MaxFeedbackText+1) }, []string{"Text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := validFeedback()
			tt.edit(&x)
			wantFields(t, "Validate", x.Validate(), "Feedback", string(x.ID), tt.fields...)
		})
	}
}

var voiceAccounts = []account.Account{
	{ID: "a1", Name: "n", Tier: 1},
	{ID: "a2", Name: "n", Tier: 2},
	{ID: "a3", Name: "n", Tier: 3},
}

func fb(id, acct string, k engagement.FeedbackKind, theme, service, change string, d int) engagement.Feedback {
	return engagement.Feedback{ID: engagement.FeedbackID(id), Account: account.ID(acct), At: changeDay(3, d), Kind: k,
		Theme: theme, Service: service, Change: engagement.ChangeID(change)}
}

var voiceItems = []engagement.Feedback{
	fb("f1", "a1", engagement.FeedbackRequest, "sso", "crm", "", 1),
	fb("f2", "a1", engagement.FeedbackRequest, "sso", "crm", "", 2),
	fb("f3", "a1", engagement.FeedbackComplaint, "billing", "", "ch-1", 3),
	fb("f4", "a2", engagement.FeedbackRequest, "sso", "hr", "", 4),
	fb("f5", "a3", engagement.FeedbackComment, "billing", "hr", "ch-1", 5),
	fb("f6", "a3", engagement.FeedbackRequest, "api", "", "", 6),
	fb("f7", "zz", engagement.FeedbackRequest, "sso", "crm", "", 7), // unknown account
}

// topics summarises a voice as "key items/accounts weight share".
func topics(v *engagement.Voice) []string {
	var out []string
	for _, t := range v.Topics {
		s := fmt.Sprintf("%s %d/%v %s %s", t.Key, t.Items, t.Accounts, t.Weight, t.Share)
		if t.Value.Currency() != "" {
			s += " " + t.Value.String()
		}
		out = append(out, s)
	}
	return out
}

func TestRollUpFeedback(t *testing.T) {
	tw := map[account.Tier]decimal.Decimal{1: decimal.NewFromInt(3), 2: decimal.NewFromInt(2)}
	value := map[account.ID]account.Money{
		"a1": account.MustParseMoney("NZD 100"), "a2": account.MustParseMoney("NZD 50"), "a3": account.MustParseMoney("NZD 10"),
	}
	tests := []struct {
		name    string
		opts    engagement.VoiceOptions
		want    []string
		items   int
		unknown int
		noKey   int
	}{
		{"by theme, one vote an account", engagement.VoiceOptions{},
			[]string{"sso 3/[a1 a2] 2 0.6667", "billing 2/[a1 a3] 2 0.6667", "api 1/[a3] 1 0.3333"}, 6, 1, 0},
		{"by service", engagement.VoiceOptions{By: engagement.VoiceByService},
			[]string{"hr 2/[a2 a3] 2 0.6667", "crm 2/[a1] 1 0.3333"}, 4, 1, 2},
		{"by change", engagement.VoiceOptions{By: engagement.VoiceByChange},
			[]string{"ch-1 2/[a1 a3] 2 1"}, 2, 1, 4},
		{"by tier weight; tier 3 weighs 0", engagement.VoiceOptions{TierWeights: tw},
			[]string{"sso 3/[a1 a2] 5 1", "billing 2/[a1 a3] 3 0.6", "api 1/[a3] 0 0"}, 6, 1, 0},
		{"by value", engagement.VoiceOptions{Values: value},
			[]string{"sso 3/[a1 a2] 150 0.9375 NZD 150.00", "billing 2/[a1 a3] 110 0.6875 NZD 110.00", "api 1/[a3] 10 0.0625 NZD 10.00"}, 6, 1, 0},
		{"requests of tiers 1 and 2 by tier and value", engagement.VoiceOptions{Kinds: []engagement.FeedbackKind{engagement.FeedbackRequest}, Tiers: []account.Tier{1, 2}, TierWeights: tw, Values: value},
			[]string{"sso 3/[a1 a2] 400 1 NZD 150.00"}, 3, 1, 0},
		{"time window is half-open", engagement.VoiceOptions{From: changeDay(3, 2), To: changeDay(3, 5)},
			[]string{"sso 2/[a1 a2] 2 1", "billing 1/[a1] 1 0.5"}, 3, 0, 0},
		{"a value map without the account", engagement.VoiceOptions{Values: map[account.ID]account.Money{"a1": account.MustParseMoney("EUR 5")}},
			[]string{"sso 3/[a1 a2] 5 1 EUR 5.00", "billing 2/[a1 a3] 5 1 EUR 5.00", "api 1/[a3] 0 0 EUR 0.00"}, 6, 1, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v, err := engagement.RollUpFeedback(voiceAccounts, storeList(voiceItems), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(topics(v), tt.want); d != "" {
				t.Errorf("topics (-got +want):\n%s", d)
			}
			if v.Items != tt.items || v.Unknown != tt.unknown || v.NoKey != tt.noKey || v.By != tt.opts.By {
				t.Errorf("items %d unknown %d no key %d by %s; want %d %d %d %s", v.Items, v.Unknown, v.NoKey, v.By, tt.items, tt.unknown, tt.noKey, tt.opts.By)
			}
		})
	}
	v, _ := engagement.RollUpFeedback(voiceAccounts, storeList(voiceItems), engagement.VoiceOptions{})
	if s := v.Topics[0]; s.Requests != 3 || s.Comments != 0 || s.Complaints != 0 {
		t.Errorf("sso counts %+v", s)
	}
	if b := v.Topics[1]; b.Complaints != 1 || b.Comments != 1 || v.Accounts != 3 || !v.Weight.Equal(decimal.NewFromInt(3)) {
		t.Errorf("billing counts %+v, accounts %d weight %s", b, v.Accounts, v.Weight)
	}
}

func TestRollUpFeedbackErrors(t *testing.T) {
	bad := validFeedback()
	bad.Theme = ""
	boom := errors.New("boom")
	tests := []struct {
		name   string
		acc    []account.Account
		items  []engagement.Feedback
		opts   engagement.VoiceOptions
		record string
		field  string
		also   error
	}{
		{"invalid item", voiceAccounts, []engagement.Feedback{bad}, engagement.VoiceOptions{}, "Feedback", "Theme", nil},
		{"repeated account", append(slices.Clone(voiceAccounts), voiceAccounts[0]), nil, engagement.VoiceOptions{}, "Account", "ID", nil},
		{"By 3", voiceAccounts, nil, engagement.VoiceOptions{By: 3}, "VoiceOptions", "By", nil},
		{"kind 0", voiceAccounts, nil, engagement.VoiceOptions{Kinds: []engagement.FeedbackKind{1, 0}}, "VoiceOptions", "Kinds[1]", nil},
		{"kind 4", voiceAccounts, nil, engagement.VoiceOptions{Kinds: []engagement.FeedbackKind{4}}, "VoiceOptions", "Kinds[0]", nil},
		{"negative tier weight", voiceAccounts, nil, engagement.VoiceOptions{TierWeights: map[account.Tier]decimal.Decimal{2: decimal.New(-1, -3)}}, "VoiceOptions", "TierWeights[tier 2]", nil},
		{"negative value", voiceAccounts, nil, engagement.VoiceOptions{Values: map[account.ID]account.Money{"a1": account.MustParseMoney("NZD -0.01")}}, "VoiceOptions", "Values[a1]", nil},
		{"two currencies", voiceAccounts, nil, engagement.VoiceOptions{Values: map[account.ID]account.Money{"a1": account.MustParseMoney("NZD 1"), "a2": account.MustParseMoney("EUR 1")}}, "VoiceOptions", "Values[a2]", account.ErrCurrencyMismatch},
	}
	for _, tt := range tests {
		_, err := engagement.RollUpFeedback(tt.acc, storeList(tt.items), tt.opts)
		var fe *account.FieldError
		if !errors.Is(err, engagement.ErrInvalid) || !errors.As(err, &fe) || fe.Record != tt.record || fe.Field != tt.field {
			t.Errorf("%s: error %v, want a FieldError for %s.%s wrapping ErrInvalid", tt.name, err, tt.record, tt.field)
		}
		if tt.also != nil && !errors.Is(err, tt.also) {
			t.Errorf("%s: error %v does not wrap %v", tt.name, err, tt.also)
		}
	}
	// Zero weights and values are allowed.
	if _, err := engagement.RollUpFeedback(voiceAccounts, nil, engagement.VoiceOptions{By: engagement.VoiceByChange,
		TierWeights: map[account.Tier]decimal.Decimal{1: decimal.Zero}, Values: map[account.ID]account.Money{"a1": account.MustParseMoney("NZD 0"), "a2": {}}}); err != nil {
		t.Errorf("edges: %v", err)
	}
	failing := func(yield func(engagement.Feedback, error) bool) { yield(engagement.Feedback{}, boom) }
	if _, err := engagement.RollUpFeedback(voiceAccounts, failing, engagement.VoiceOptions{}); err != boom {
		t.Errorf("failing sequence: %v, want boom itself", err)
	}
}

// TestRollUpFeedbackProperties checks on random feedback that the roll-up
// does not depend on the order of accounts or items, that each account
// counts once per topic however many items it gave, and that shares are
// from 0 to 1.
func TestRollUpFeedbackProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var accounts []account.Account
		for i := range rapid.IntRange(1, 6).Draw(t, "accounts") {
			accounts = append(accounts, account.Account{ID: account.ID(fmt.Sprint("a", i)), Name: "n", Tier: account.Tier(rapid.IntRange(0, 3).Draw(t, "tier"))})
		}
		var items []engagement.Feedback
		for i := range rapid.IntRange(0, 30).Draw(t, "items") {
			items = append(items, engagement.Feedback{
				ID: engagement.FeedbackID(fmt.Sprint("f", i)), Account: account.ID(fmt.Sprint("a", rapid.IntRange(0, 6).Draw(t, "account"))),
				At: changeDay(3, 1).Add(time.Duration(i) * time.Hour), Kind: engagement.FeedbackKind(rapid.IntRange(1, 3).Draw(t, "kind")),
				Theme:   rapid.SampledFrom([]string{"t1", "t2", "t3"}).Draw(t, "theme"),
				Service: rapid.SampledFrom([]string{"", "s1", "s2"}).Draw(t, "service"),
			})
		}
		opts := engagement.VoiceOptions{
			By:          engagement.VoiceBy(rapid.IntRange(0, 1).Draw(t, "by")),
			TierWeights: map[account.Tier]decimal.Decimal{1: decimal.NewFromInt(3), 2: decimal.NewFromInt(2), 3: decimal.NewFromInt(1)},
		}
		v, err := engagement.RollUpFeedback(accounts, storeList(items), opts)
		if err != nil {
			t.Fatal(err)
		}
		for _, tp := range v.Topics {
			var w decimal.Decimal
			for _, id := range tp.Accounts {
				w = w.Add(opts.TierWeights[accounts[slices.IndexFunc(accounts, func(a account.Account) bool { return a.ID == id })].Tier])
			}
			if !w.Equal(tp.Weight) {
				t.Errorf("%s: weight %s, its accounts (once each) weigh %s", tp.Key, tp.Weight, w)
			}
			if tp.Share.Sign() < 0 || tp.Share.GreaterThan(decimal.NewFromInt(1)) {
				t.Errorf("%s: share %s", tp.Key, tp.Share)
			}
		}
		r := rand.New(rand.NewPCG(rapid.Uint64().Draw(t, "seed"), 3))
		accounts, items = slices.Clone(accounts), slices.Clone(items)
		r.Shuffle(len(accounts), func(i, j int) { accounts[i], accounts[j] = accounts[j], accounts[i] })
		r.Shuffle(len(items), func(i, j int) { items[i], items[j] = items[j], items[i] })
		again, err := engagement.RollUpFeedback(accounts, storeList(items), opts)
		if err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(v, again); d != "" {
			t.Errorf("shuffled input gives another result (-given +shuffled):\n%s", d)
		}
	})
}
