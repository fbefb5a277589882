package engagement_test

import (
	"fmt"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/shopspring/decimal"
)

// What our top accounts ask for: requests from tier 1 and 2 accounts,
// grouped by theme, each account counted once per theme and weighed by
// its tier and its annual revenue.
func ExampleRollUpFeedback() {
	accounts := []account.Account{
		{ID: "acme", Name: "Acme", Tier: 1},
		{ID: "globex", Name: "Globex", Tier: 2},
		{ID: "initech", Name: "Initech", Tier: 2},
		{ID: "small", Name: "Small Co", Tier: 3},
	}
	feedback := []engagement.Feedback{
		{ID: "f1", Account: "acme", At: changeDay(3, 1), Kind: engagement.FeedbackRequest, Theme: "api access"},
		{ID: "f2", Account: "globex", At: changeDay(3, 2), Kind: engagement.FeedbackRequest, Theme: "sso"},
		{ID: "f3", Account: "initech", At: changeDay(3, 3), Kind: engagement.FeedbackRequest, Theme: "sso"},
		{ID: "f4", Account: "initech", At: changeDay(3, 4), Kind: engagement.FeedbackRequest, Theme: "sso"},
		{ID: "f5", Account: "small", At: changeDay(3, 5), Kind: engagement.FeedbackRequest, Theme: "dark mode"},
		{ID: "f6", Account: "acme", At: changeDay(3, 6), Kind: engagement.FeedbackComplaint, Theme: "invoices"},
	}
	voice, err := engagement.RollUpFeedback(accounts, storeList(feedback), engagement.VoiceOptions{
		Kinds:       []engagement.FeedbackKind{engagement.FeedbackRequest},
		Tiers:       []account.Tier{1, 2},
		TierWeights: map[account.Tier]decimal.Decimal{1: decimal.NewFromInt(2), 2: decimal.NewFromInt(1)},
		Values: map[account.ID]account.Money{
			"acme":    account.MustParseMoney("EUR 900,000"),
			"globex":  account.MustParseMoney("EUR 400,000"),
			"initech": account.MustParseMoney("EUR 250,000"),
			"small":   account.MustParseMoney("EUR 20,000"),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range voice.Topics {
		fmt.Printf("%-10s share %s  %d requests from %v, worth %s\n", t.Key, t.Share, t.Requests, t.Accounts, t.Value)
	}
	// Output:
	// api access share 0.7347  1 requests from [acme], worth EUR 900,000.00
	// sso        share 0.2653  3 requests from [globex initech], worth EUR 650,000.00
}
