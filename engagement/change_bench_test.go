package engagement_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/internal/cputime"
)

// changeBench is a generated portfolio and a year of changes: nAccounts
// accounts in 5 regions and 6 segments, each using 3 of 40 services and
// holding 5 of 200 products, with 3 contacts each; tier 1 is 5% of them,
// tier 2 20%, tier 3 the rest. Of nChanges changes spread over a year, 30%
// touch one product (about 2.5% of accounts), 30% one service in one region
// (1.5%), 20% one product in one segment (0.4%), 5% one service (7.5%), and
// 15% name 1 to 50 accounts: about 1,650 accounts a change, 16 changes an
// account.
type changeBench struct {
	p       engagement.Portfolio
	changes []engagement.Change
	ix      []account.Interaction
}

func newChangeBench(nAccounts, nChanges int) *changeBench {
	r := rand.New(rand.NewPCG(14, 2026))
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	regions := []string{"EU", "US", "APAC", "LATAM", "MEA"}
	segments := []string{"ent", "mid", "smb", "public", "internal", "partner"}
	label := func(kind string, n int) string { return fmt.Sprintf("%s-%03d", kind, r.IntN(n)) }
	b := &changeBench{p: engagement.Portfolio{Holdings: make(map[account.ID]engagement.Holdings, nAccounts)}}
	b.p.Accounts = make([]account.Account, nAccounts)
	b.p.Contacts = make([]account.Contact, 0, 3*nAccounts)
	for i := range nAccounts {
		id := account.ID(fmt.Sprintf("acct-%07d", r.IntN(1<<30)<<5|i%32)) // not in ID order
		id = account.ID(fmt.Sprintf("%s-%d", id, i))
		tier := account.Tier(3)
		switch x := r.IntN(100); {
		case x < 5:
			tier = 1
		case x < 25:
			tier = 2
		}
		b.p.Accounts[i] = account.Account{ID: id, Name: string(id), Tier: tier,
			Region: regions[r.IntN(len(regions))], Segment: segments[r.IntN(len(segments))], Internal: r.IntN(10) == 0}
		h := engagement.Holdings{}
		for range 3 {
			h.Services = append(h.Services, label("svc", 40))
		}
		for range 5 {
			h.Products = append(h.Products, label("prod", 200))
		}
		b.p.Holdings[id] = h
		for k := range 3 {
			b.p.Contacts = append(b.p.Contacts, account.Contact{
				ID: account.ContactID(fmt.Sprintf("%s/c%d", id, k)), Account: id, Name: "n",
				Role: account.Role(r.IntN(6)), Influence: 1 + r.IntN(5), Attitude: account.Attitude(r.IntN(3) - 1),
			})
		}
		if r.IntN(2) == 0 {
			b.ix = append(b.ix, account.Interaction{ID: account.InteractionID(fmt.Sprint("i", i)), Account: id,
				At: start.Add(time.Duration(r.IntN(365*24)) * time.Hour), Kind: account.InteractionMeeting})
		}
	}
	for i := range nChanges {
		c := engagement.Change{
			ID: engagement.ChangeID(fmt.Sprintf("chg-%05d", i)), Title: "change",
			Kind: engagement.ChangeKind(1 + r.IntN(4)), Severity: engagement.Severity(1 + r.IntN(4)),
			GoLive: start.Add(time.Duration(r.IntN(365*24)) * time.Hour),
		}
		c.Announce = c.GoLive.Add(-time.Duration(r.IntN(90*24)) * time.Hour)
		switch x := r.IntN(100); {
		case x < 30:
			c.Touches.Products = []string{label("prod", 200)}
		case x < 60:
			c.Touches.Services, c.Touches.Regions = []string{label("svc", 40)}, []string{regions[r.IntN(len(regions))]}
		case x < 80:
			c.Touches.Products, c.Touches.Segments = []string{label("prod", 200)}, []string{segments[r.IntN(len(segments))]}
		case x < 85:
			c.Touches.Services = []string{label("svc", 40)}
		default:
			for range 1 + r.IntN(50) {
				id := b.p.Accounts[r.IntN(nAccounts)].ID
				if !containsID(c.Touches.Accounts, id) {
					c.Touches.Accounts = append(c.Touches.Accounts, id)
				}
			}
		}
		b.changes = append(b.changes, c)
	}
	return b
}

func containsID(ids []account.ID, id account.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// BenchmarkChangeView is the target: the collective change view of
// every account of 100,000, for 1,000 changes, under 1 s. Each iteration
// matches the changes through the index and builds every account's view.
func BenchmarkChangeView(b *testing.B) {
	cb := newChangeBench(100_000, 1_000)
	var pairs, views int
	cpu0, cpuOK := cputime.Process()
	runs := 0
	for b.Loop() {
		runs++
		im, err := engagement.NewImpact(cb.p, cb.changes, engagement.ImpactOptions{})
		if err != nil {
			b.Fatal(err)
		}
		pairs, views = 0, 0
		for v := range im.Views() {
			pairs += len(v.Changes)
			views++
		}
	}
	b.StopTimer()
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/float64(runs), "cpu-ms/op")
	}
	b.ReportMetric(float64(pairs), "pairs")
	b.ReportMetric(float64(views), "views")
}

// BenchmarkChangeIndex is NewImpact alone: the index and the matching.
func BenchmarkChangeIndex(b *testing.B) {
	cb := newChangeBench(100_000, 1_000)
	var im *engagement.Impact
	for b.Loop() {
		var err error
		if im, err = engagement.NewImpact(cb.p, cb.changes, engagement.ImpactOptions{}); err != nil {
			b.Fatal(err)
		}
	}
	_ = im
}

// BenchmarkChangePlan is the engagement plan of the same portfolio, with
// an interaction for half the accounts.
func BenchmarkChangePlan(b *testing.B) {
	cb := newChangeBench(100_000, 1_000)
	im, err := engagement.NewImpact(cb.p, cb.changes, engagement.ImpactOptions{})
	if err != nil {
		b.Fatal(err)
	}
	opts := engagement.PlanOptions{
		At:       time.Date(2026, 7, 1, 0, 0, 0, 0, time.UTC),
		LeadTime: map[account.Tier]time.Duration{1: 28 * 24 * time.Hour, 2: 14 * 24 * time.Hour},
	}
	var plan []engagement.Briefing
	for b.Loop() {
		if plan, err = im.Plan(storeList(cb.ix), opts); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(len(plan)), "briefings")
}
