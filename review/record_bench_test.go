package review_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/tiering"
)

// A portfolio of 10,000 accounts with 20 transactions, one review and
// three action items each over a fiscal year.
type recPortfolio struct {
	accounts []account.Account
	txs      []account.Transaction
	reviews  []review.Review
	actions  []review.ActionItem
	budgets  []review.Budget
}

func recBenchPortfolio(n int) recPortfolio {
	var p recPortfolio
	for i := range n {
		id := account.ID(fmt.Sprintf("acct-%05d", i))
		p.accounts = append(p.accounts, account.Account{ID: id, Name: string(id), Tier: account.Tier(1 + i%3), Created: recAt(-400)})
		for k := range 20 {
			p.txs = append(p.txs, account.Transaction{ID: account.TransactionID(fmt.Sprintf("%s-t%02d", id, k)), Account: id,
				At: recAt((i*7 + k*17) % 365), Amount: nzd(fmt.Sprintf("NZD %d.%02d", 100+i%900, k)), Kind: account.TransactionRevenue})
		}
		on := i % 300
		p.reviews = append(p.reviews, recHeld(review.ReviewID(fmt.Sprint("r-", id)), id, on, on+90))
		for k := range 3 {
			a := recItem(review.ActionID(fmt.Sprintf("x-%s-%d", id, k)), id, recDay(on), recDay(on+30), calendar.Date{})
			a.Owner = account.ManagerID(fmt.Sprint("m", i%200))
			if k != 0 {
				a = a.Complete(recDay(on + 10*k))
			}
			p.actions = append(p.actions, a)
		}
		p.budgets = append(p.budgets, review.Budget{Account: id, Year: 2026, Kind: account.TransactionRevenue, Amount: nzd("NZD 50000")})
	}
	return p
}

func BenchmarkQuarterly10k(b *testing.B) {
	p := recBenchPortfolio(10000)
	in := review.QuarterInput{Year: 2026, Quarter: 3, Kind: account.TransactionRevenue, Currency: "NZD", Top: 20,
		Accounts: p.accounts, Budgets: p.budgets}
	var res review.QuarterlyResults
	for b.Loop() {
		var err error
		res, err = review.Quarterly(in, recSeq(p.txs, nil), recSeq(p.reviews, nil), recSeq(p.actions, nil))
		if err != nil {
			b.Fatal(err)
		}
	}
	if len(res.Accounts) != 20 {
		b.Fatal(len(res.Accounts))
	}
}

func BenchmarkBudgetStatus(b *testing.B) {
	p := recBenchPortfolio(1)
	txs := p.txs
	for i := range 10000 { // 10,000 transactions of the account over the year
		txs = append(txs, account.Transaction{ID: account.TransactionID(fmt.Sprint("t", i)), Account: p.accounts[0].ID,
			At: recAt(i % 365).Add(time.Duration(i) * time.Second), Amount: nzd("NZD 12.34"), Kind: account.TransactionRevenue})
	}
	var s review.BudgetStatus
	for b.Loop() {
		var err error
		s, err = p.budgets[0].Status(recDay(200), nil, recSeq(txs, nil))
		if err != nil {
			b.Fatal(err)
		}
	}
	if s.Actual.IsZero() {
		b.Fatal("no actuals")
	}
}

func BenchmarkOverdueAccounts10k(b *testing.B) {
	p := recBenchPortfolio(10000)
	c, err := review.CadenceRule{Models: tiering.ServiceModels{{Tier: 1, ReviewEvery: tiering.Days(90)}, {Tier: 2, ReviewEvery: tiering.Months(6)}, {Tier: 3}}}.Cadences(recValued(p.accounts))
	if err != nil {
		b.Fatal(err)
	}
	n := 0
	for b.Loop() {
		n = 0
		for _, err := range review.OverdueAccounts(recDay(200), p.accounts, c, recSeq(p.reviews, nil)) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	if n == 0 {
		b.Fatal("none overdue")
	}
}

func BenchmarkCompletionByOwner30k(b *testing.B) {
	p := recBenchPortfolio(10000)
	n := 0
	for b.Loop() {
		n = 0
		for _, err := range review.CompletionByOwner(recDay(365), recSeq(p.actions, nil)) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
	if n != 200 {
		b.Fatal(n)
	}
}
