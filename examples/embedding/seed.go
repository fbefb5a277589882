package main

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/store/memstore"
)

// seed fills the store with a small, fixed portfolio: three account
// managers, twelve accounts in two regions, a year and a half of revenue,
// and the account team's meetings and calls.
func seed(ctx context.Context, store *memstore.Store) error {
	for _, m := range []account.Manager{
		{ID: "aroha", Name: "Aroha Walker", Capacity: 30, Regions: []string{"NZ"}, Active: true},
		{ID: "ben", Name: "Ben Tane", Capacity: 20, Regions: []string{"NZ"}, Active: true},
		{ID: "chloe", Name: "Chloe Martin", Capacity: 25, Regions: []string{"AU"}, Active: true},
	} {
		if _, err := store.CreateManager(ctx, m); err != nil {
			return err
		}
	}

	created := time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC)
	type acct struct {
		id        account.ID
		region    string
		employees int64 // 0: not known
	}
	accts := []acct{
		{"kauri", "NZ", 5200}, {"rimu", "NZ", 850}, {"totara", "NZ", 2400}, {"matai", "NZ", 120},
		{"kowhai", "NZ", 60}, {"pohutukawa", "NZ", 0}, {"harakeke", "NZ", 300},
		{"wattle", "AU", 9100}, {"banksia", "AU", 430}, {"jarrah", "AU", 75}, {"karri", "AU", 1600}, {"mallee", "AU", 0},
	}
	for _, a := range accts {
		rec := account.Account{ID: a.id, Name: string(a.id), Region: a.region, Currency: "NZD", Created: created}
		if a.employees > 0 {
			rec.Attributes = map[string]decimal.Decimal{"employees": decimal.NewFromInt(a.employees)}
		}
		if _, err := store.CreateAccount(ctx, rec); err != nil {
			return err
		}
	}

	// Revenue: each account buys every few weeks from its first month to its
	// last, for an amount of its own; the last months tell who is slipping.
	type pattern struct {
		every       int    // days between purchases
		first, last string // dates of the first and last purchase
		amount      string
	}
	buys := map[account.ID]pattern{
		"kauri":      {14, "2025-01-06", "2026-06-22", "NZD 18,400.00"},
		"rimu":       {30, "2025-01-20", "2026-06-10", "NZD 4,150.00"},
		"totara":     {21, "2025-02-03", "2026-01-19", "NZD 9,800.00"},
		"matai":      {45, "2025-03-03", "2026-06-01", "NZD 1,250.00"},
		"kowhai":     {60, "2026-03-02", "2026-06-15", "NZD 640.00"},
		"pohutukawa": {90, "2025-01-13", "2025-10-06", "NZD 2,300.00"},
		"harakeke":   {30, "2025-05-05", "2026-05-25", "NZD 2,750.00"},
		"wattle":     {10, "2025-01-08", "2026-06-26", "NZD 22,900.00"},
		"banksia":    {28, "2025-02-10", "2026-06-08", "NZD 3,600.00"},
		"jarrah":     {120, "2025-01-27", "2026-05-11", "NZD 980.00"},
		"karri":      {21, "2025-01-15", "2025-12-03", "NZD 7,450.00"},
		"mallee":     {75, "2026-01-12", "2026-06-29", "NZD 1,100.00"},
	}
	var txs []account.Transaction
	for _, a := range accts {
		p := buys[a.id]
		first, err := time.Parse(time.DateOnly, p.first)
		if err != nil {
			return err
		}
		last, err := time.Parse(time.DateOnly, p.last)
		if err != nil {
			return err
		}
		amount := account.MustParseMoney(p.amount)
		for n, at := 0, first; !at.After(last); n, at = n+1, at.AddDate(0, 0, p.every) {
			txs = append(txs, account.Transaction{
				ID: account.TransactionID(fmt.Sprintf("%s-%03d", a.id, n)), Account: a.id,
				Kind: account.TransactionRevenue, At: at.Add(10 * time.Hour), Amount: amount,
			})
		}
	}
	if err := store.AddTransactions(ctx, txs...); err != nil {
		return err
	}

	// Contact: the last meeting or call with each account (none with some).
	lastContact := map[account.ID]string{
		"kauri": "2026-06-24", "rimu": "2026-03-30", "totara": "2026-05-12", "matai": "2026-01-20",
		"kowhai": "2026-06-16", "harakeke": "2026-06-02", "wattle": "2026-04-14",
		"banksia": "2026-06-22", "jarrah": "2025-11-10", "karri": "2026-06-05",
	}
	var ins []account.Interaction
	for _, a := range accts {
		d, ok := lastContact[a.id]
		if !ok {
			continue
		}
		at, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return err
		}
		ins = append(ins, account.Interaction{ID: account.InteractionID("i-" + string(a.id)), Account: a.id,
			At: at.Add(14 * time.Hour), Kind: account.InteractionMeeting})
	}
	return store.AddInteractions(ctx, ins...)
}
