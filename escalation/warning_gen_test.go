package escalation_test

import (
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/escalation"
)

// warnStreamStart is the instant of the first occurrence of generated streams.
var warnStreamStart = time.Date(2025, time.March, 3, 8, 0, 0, 0, time.UTC)

// genWarnStream returns n occurrences in order of time, an average of gap
// apart, over accounts accounts (tier 1 to 3), cats categories and svcs
// services, from a fixed seed. In the first half hour of every six, an
// incident takes half the occurrences: category "outage", and a service
// of its own.
func genWarnStream(n, accounts, cats, svcs int, gap time.Duration) []escalation.Occurrence {
	r := rand.New(rand.NewPCG(1, 2))
	acct := make([]account.ID, accounts)
	tiers := make([]account.Tier, accounts)
	for i := range acct {
		acct[i] = account.ID("acct-" + strconv.Itoa(i))
		tiers[i] = account.Tier(1 + r.IntN(3))
	}
	cat := make([]string, cats)
	for i := range cat {
		cat[i] = "cat-" + strconv.Itoa(i)
	}
	svc := make([]string, svcs)
	for i := range svc {
		svc[i] = "svc-" + strconv.Itoa(i)
	}
	out := make([]escalation.Occurrence, n)
	at := warnStreamStart
	for i := range out {
		at = at.Add(time.Duration(r.Int64N(int64(2 * gap))))
		a := r.IntN(accounts)
		o := escalation.Occurrence{Issue: "I-" + strconv.Itoa(i), Account: acct[a], Tier: tiers[a], At: at}
		if period := at.Sub(warnStreamStart) / (6 * time.Hour); at.Sub(warnStreamStart)%(6*time.Hour) < 30*time.Minute && r.IntN(2) == 0 {
			o.Category, o.Service = "outage", "incident-"+strconv.Itoa(int(period))
			out[i] = o
			continue
		}
		if r.IntN(8) > 0 {
			o.Category = cat[r.IntN(cats)]
		}
		if o.Category == "" || r.IntN(3) > 0 {
			o.Service = svc[r.IntN(svcs)]
		}
		out[i] = o
	}
	return out
}
