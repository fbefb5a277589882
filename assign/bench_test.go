package assign_test

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/internal/cputime"
)

// assignPortfolio builds a deterministic portfolio of n accounts and m managers
// like a large firm's: five regions, four industries, 5% tier 1 (10
// units), 15% tier 2 (4 units), the rest tier 3 (1 unit), 80% of accounts
// with a current owner in their region, 2% of managers inactive, 5% of
// managers (in every region) serving internal customers only, and capacities that vary by a
// factor of three around 85% utilisation. With hierarchies, a tenth of the
// accounts are subsidiaries of another account in the same region.
func assignPortfolio(n, m int, seed uint64, hierarchies bool) ([]account.Account, []account.Manager, map[account.ID]int) {
	r := rand.New(rand.NewPCG(seed, 1))
	regions := []string{"EMEA", "NA", "LATAM", "APAC", "ANZ"}
	industries := []string{"utilities", "banking", "retail", "public"}
	units := map[account.Tier]int{1: 10, 2: 4, 3: 1}

	accounts := make([]account.Account, n)
	work := make(map[account.ID]int, n)
	total := 0
	byRegion := make([][]int, len(regions))
	for k := range accounts {
		tier := account.Tier(3)
		switch x := r.IntN(100); {
		case x < 5:
			tier = 1
		case x < 20:
			tier = 2
		}
		reg := r.IntN(len(regions))
		a := account.Account{
			ID:       account.ID(fmt.Sprintf("acct-%06d", k)),
			Name:     "Account",
			Tier:     tier,
			Region:   regions[reg],
			Industry: industries[r.IntN(len(industries))],
			Internal: r.IntN(100) < 3,
		}
		if hierarchies && k > 0 && r.IntN(10) == 0 && len(byRegion[reg]) > 0 {
			a.Parent = accounts[byRegion[reg][r.IntN(len(byRegion[reg]))]].ID
		}
		byRegion[reg] = append(byRegion[reg], k)
		accounts[k] = a
		work[a.ID] = units[tier]
		total += units[tier]
	}

	managers := make([]account.Manager, m)
	weights := make([]float64, m)
	sum := 0.0
	for j := range weights {
		weights[j] = 0.5 + r.Float64()
		sum += weights[j]
	}
	for j := range managers {
		managers[j] = account.Manager{
			ID:       account.ManagerID(fmt.Sprintf("mgr-%04d", j)),
			Name:     "Manager",
			Capacity: int(float64(total) / 0.85 * weights[j] / sum),
			Regions:  []string{regions[j%len(regions)]},
			Active:   r.IntN(100) >= 2,
		}
		if (j/len(regions))%20 == 7 {
			managers[j].Audience = account.AudienceInternal
		}
	}
	for k := range accounts {
		if r.IntN(10) < 8 {
			reg := 0
			for reg < len(regions) && regions[reg] != accounts[k].Region {
				reg++
			}
			j := reg + len(regions)*r.IntN(m/len(regions))
			accounts[k].Owner = managers[j].ID
		}
	}
	return accounts, managers, work
}

// withSkills gives each manager about 9 of 12 skills and each account each
// skill with probability 1/8, so that accounts fall into thousands of
// distinct sets of eligible managers: the expensive case for Accounts.
func withSkills(accounts []account.Account, managers []account.Manager) func(account.Account) []string {
	r := rand.New(rand.NewPCG(3, 4))
	skills := make(map[account.ID][]string, len(accounts))
	for _, a := range accounts {
		var need []string
		for s := range 12 {
			if r.IntN(8) == 0 {
				need = append(need, fmt.Sprint("skill-", s))
			}
		}
		skills[a.ID] = need
	}
	for j := range managers {
		for s := range 12 {
			if r.IntN(4) > 0 {
				managers[j].Skills = append(managers[j].Skills, fmt.Sprint("skill-", s))
			}
		}
	}
	return func(a account.Account) []string { return skills[a.ID] }
}

func benchmarkAccounts(b *testing.B, n, m int, p assign.Policy, hierarchies, skills bool) {
	accounts, managers, work := assignPortfolio(n, m, 42, hierarchies)
	p.Workload = func(a account.Account) int { return work[a.ID] }
	if skills {
		p.Skills = withSkills(accounts, managers)
	}
	var res assign.Result
	b.ReportAllocs()
	cpu0, cpuOK := cputime.Process()
	runs := 0
	for b.Loop() {
		var err error
		res, err = assign.Accounts(accounts, managers, p)
		if err != nil {
			b.Fatal(err)
		}
		runs++
	}
	b.StopTimer()
	if cpu1, ok := cputime.Process(); ok && cpuOK {
		b.ReportMetric(float64(cpu1-cpu0)/float64(time.Millisecond)/float64(runs), "cpu-ms/op")
	}
	b.ReportMetric(100*(res.MaxRatio/res.LowerBound-1), "gap%")
	b.ReportMetric(float64(len(res.Handovers)), "handovers")
	b.ReportMetric(float64(len(res.Unplaced)), "unplaced")
}

// BenchmarkAccounts assigns 100,000 accounts to 500 managers under several
// policies, and 10,000 to 50. gap% is how far the largest load ratio is
// above the lower bound; cpu-ms/op is the CPU time a run takes, steadier
// than wall time on a shared machine.
func BenchmarkAccounts(b *testing.B) {
	b.Run("100k-500/region", func(b *testing.B) {
		benchmarkAccounts(b, 100_000, 500, assign.Policy{MatchRegion: true}, false, false)
	})
	b.Run("100k-500/region-continuity", func(b *testing.B) {
		benchmarkAccounts(b, 100_000, 500, assign.Policy{MatchRegion: true, Continuity: 0.05, MaxTier1: 30}, false, false)
	})
	b.Run("100k-500/unrestricted", func(b *testing.B) {
		benchmarkAccounts(b, 100_000, 500, assign.Policy{}, false, false)
	})
	b.Run("100k-500/hierarchies", func(b *testing.B) {
		benchmarkAccounts(b, 100_000, 500, assign.Policy{MatchRegion: true, KeepHierarchies: true}, true, false)
	})
	b.Run("100k-500/region-skills", func(b *testing.B) {
		benchmarkAccounts(b, 100_000, 500, assign.Policy{MatchRegion: true}, false, true)
	})
	b.Run("10k-50/unrestricted", func(b *testing.B) {
		benchmarkAccounts(b, 10_000, 50, assign.Policy{}, false, false)
	})
}
