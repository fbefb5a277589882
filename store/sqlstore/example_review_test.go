package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/store/sqlstore"
)

// A plan is kept as its history of versions: each save is a new version,
// and PlanAt reads the version in force at any instant.
func ExampleStore_PlanAt() {
	ctx := context.Background()
	s, done := tempStore(ctx) // a SQLite file in a temporary directory, as Example opens it
	defer done()

	jan := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	p, err := s.SavePlan(ctx, review.Plan{
		Account: "acme", Goals: []string{"renew the support contract"},
		Status: review.PlanStatusDraft, Author: "mia", At: jan,
	})
	if err != nil {
		log.Fatal(err)
	}
	p.Status, p.At = review.PlanStatusActive, jan.AddDate(0, 1, 0) // agreed a month later
	p.Goals = append(p.Goals, "open the APAC region")
	if _, err := s.SavePlan(ctx, p); err != nil { // p.Version is 1, the version read
		log.Fatal(err)
	}
	if _, err := s.SavePlan(ctx, p); err != nil { // version 1 is no longer current
		fmt.Println("stale save:", errors.Is(err, account.ErrConflict))
	}

	then, err := s.PlanAt(ctx, "acme", jan.AddDate(0, 0, 14))
	if err != nil {
		log.Fatal(err)
	}
	now, err := s.Plan(ctx, "acme")
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("mid-January: version", then.Version, then.Status, then.Goals)
	fmt.Println("now:         version", now.Version, now.Status, now.Goals)
	for p, err := range s.Plans(ctx, review.PlanFilter{Status: review.PlanStatusActive}) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println("active plan:", p.Account)
	}
	// Output:
	// stale save: true
	// mid-January: version 1 draft [renew the support contract]
	// now:         version 2 active [renew the support contract open the APAC region]
	// active plan: acme
}

// A review is stored with the action items it raised; the items are
// listed by owner, status and due date, the filter running in SQL.
func ExampleStore_Actions() {
	ctx := context.Background()
	s, done := tempStore(ctx) // a SQLite file in a temporary directory, as Example opens it
	defer done()

	held := calendar.Date{Year: 2026, Month: time.March, Day: 2}
	r := review.Review{
		ID: "acme-2026q1", Account: "acme", Date: held, Next: held.AddDays(91),
		Attendees: []review.Attendee{{Role: review.RoleManager, Name: "Mia"}, {Role: review.RoleCustomer, Name: "Ana"}},
		Decisions: []string{"renew for two years"},
		Actions:   []review.ActionID{"acme-2026q1-1", "acme-2026q1-2"},
	}
	if _, err := s.CreateReview(ctx, r); err != nil {
		log.Fatal(err)
	}
	for i, item := range []struct {
		title string
		owner account.ManagerID
		days  int
	}{{"Send the renewal quote", "mia", 7}, {"Book the APAC workshop", "mia", review.DefaultActionDays}} {
		_, err := s.CreateAction(ctx, review.ActionItem{
			ID: r.Actions[i], Account: r.Account, Review: r.ID, Title: item.title, Owner: item.owner,
			Raised: held, Due: held.AddDays(item.days), Status: review.ActionOpen,
		})
		if err != nil {
			log.Fatal(err)
		}
	}
	due := review.ActionFilter{Owner: "mia", Status: review.ActionOpen, DueTo: held.AddDays(14)}
	for a, err := range s.Actions(ctx, due) {
		if err != nil {
			log.Fatal(err)
		}
		fmt.Println(a.Due, a.Title)
	}
	// Output:
	// 2026-03-09 Send the renewal quote
}

// tempStore opens a Store over a new SQLite database in a temporary
// directory; done closes it and removes the directory.
func tempStore(ctx context.Context) (s *sqlstore.Store, done func()) {
	dir, err := os.MkdirTemp("", "keyaccount")
	if err != nil {
		log.Fatal(err)
	}
	if s, err = sqlstore.Open(ctx, "sqlite:"+filepath.Join(dir, "ka.db")); err != nil {
		log.Fatal(err)
	}
	return s, func() { s.Close(); os.RemoveAll(dir) }
}
