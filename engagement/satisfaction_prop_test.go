package engagement_test

import (
	"fmt"
	"math/big"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

var propAccounts = []account.Account{
	{ID: "a", Tier: 1, Segment: "x"}, {ID: "b", Tier: 1, Segment: "y", Internal: true}, {ID: "c", Tier: 2, Segment: "x"},
	{ID: "d", Tier: 2, Segment: "y"}, {ID: "e", Tier: 3, Segment: "x", Internal: true},
}

var propValues = map[account.ID]account.Money{
	"a": account.MustParseMoney("NZD 1000"), "b": account.MustParseMoney("NZD 12.5"), "c": account.MustParseMoney("NZD 0.01"),
	"d": account.MustParseMoney("NZD 250000"), "e": account.MustParseMoney("NZD 3"),
}

// genResponses draws up to 60 responses of the accounts, in 3 months, with
// distinct IDs.
func genResponses(t *rapid.T) []engagement.Response {
	n := rapid.IntRange(0, 60).Draw(t, "n")
	rs := make([]engagement.Response, n)
	for i := range rs {
		k := engagement.ResponseKind(rapid.IntRange(1, 3).Draw(t, "kind"))
		lo, hi, _ := k.Range()
		rs[i] = engagement.Response{ID: engagement.ResponseID(fmt.Sprint("r", i)),
			Account: propAccounts[rapid.IntRange(0, len(propAccounts)-1).Draw(t, "account")].ID,
			At:      t0.Add(time.Duration(rapid.IntRange(0, 90*24).Draw(t, "hour")) * time.Hour),
			Kind:    k, Score: rapid.IntRange(lo, hi).Draw(t, "score")}
	}
	return rs
}

func genOptions(t *rapid.T) engagement.SatisfactionOptions {
	o := engagement.SatisfactionOptions{
		By: engagement.Grouping{Account: rapid.Bool().Draw(t, "byAccount"), Tier: rapid.Bool().Draw(t, "byTier"),
			Segment: rapid.Bool().Draw(t, "bySegment"), Audience: rapid.Bool().Draw(t, "byAudience")},
		Weighting: engagement.Weighting(rapid.IntRange(0, 2).Draw(t, "weighting")),
		Values:    propValues,
	}
	if rapid.Bool().Draw(t, "byPeriod") {
		o.By.Periods = []time.Time{t0.Add(24 * time.Hour), t0.AddDate(0, 1, 0), t0.AddDate(0, 2, 0)}
	}
	return o
}

func report(t *rapid.T, rs []engagement.Response, accts []account.Account, o engagement.SatisfactionOptions) engagement.SatisfactionReport {
	rep, err := engagement.Satisfaction(seq(rs), accts, o)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// The report does not depend on the order of the responses or of the
// accounts, and the batch gives the same report as the stream.
func TestPropOrderIndependent(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs, o := genResponses(t), genOptions(t)
		want := report(t, rs, propAccounts, o)
		shuffled := rapid.Permutation(rs).Draw(t, "responses")
		accts := rapid.Permutation(propAccounts).Draw(t, "accounts")
		if diff := cmp.Diff(report(t, shuffled, accts, o), want, estOpts...); diff != "" {
			t.Fatalf("report after shuffling (-got +want):\n%s", diff)
		}
		wantBatchReport(t, shuffled, accts, o, want)
	})
}

// Every estimate lies within its interval, and the interval within the
// figure's range; every row has responses, and the rows are in order and
// count every response inside the periods.
func TestPropIntervalContainsEstimate(t *testing.T) {
	ranges := map[string][2]int64{"NPS": {-100, 100}, "CSAT": {0, 100}, "Effort": {1, 7}}
	rapid.Check(t, func(t *rapid.T) {
		rs, o := genResponses(t), genOptions(t)
		rep := report(t, rs, propAccounts, o)
		total := 0
		for i, r := range rep.Rows {
			n := 0
			for name, e := range map[string]engagement.Estimate{"NPS": r.NPS, "CSAT": r.CSAT, "Effort": r.Effort} {
				n += e.Responses
				if e.Responses == 0 {
					if e != (engagement.Estimate{}) {
						t.Fatalf("row %d: %s without responses is %+v, want the zero Estimate", i, name, e)
					}
					continue
				}
				lo, hi := decimal.NewFromInt(ranges[name][0]), decimal.NewFromInt(ranges[name][1])
				if e.Low.LessThan(lo) || e.Value.LessThan(e.Low) || e.High.LessThan(e.Value) || hi.LessThan(e.High) {
					t.Fatalf("row %d: %s = %s in [%s, %s], outside [%s, %s] or not containing it", i, name, e.Value, e.Low, e.High, lo, hi)
				}
				if e.EffectiveN.IsNegative() || e.EffectiveN.GreaterThan(decimal.NewFromInt(int64(e.Responses))) || e.Accounts < 1 {
					t.Fatalf("row %d: %s has EffectiveN %s and %d accounts for %d responses", i, name, e.EffectiveN, e.Accounts, e.Responses)
				}
			}
			if n == 0 {
				t.Fatalf("row %d has no responses", i)
			}
			total += n
			if i > 0 && !rowLess(rep.Rows[i-1], r) {
				t.Fatalf("rows %d and %d are out of order", i-1, i)
			}
		}
		if total+rep.Outside != len(rs) {
			t.Fatalf("rows count %d responses and %d are outside, of %d", total, rep.Outside, len(rs))
		}
	})
}

func rowLess(a, b engagement.SatisfactionRow) bool {
	if a.Account != b.Account {
		return a.Account < b.Account
	}
	if a.Tier != b.Tier {
		return a.Tier < b.Tier
	}
	if a.Segment != b.Segment {
		return a.Segment < b.Segment
	}
	if a.Audience != b.Audience {
		return a.Audience < b.Audience
	}
	return a.From.Before(b.From)
}

// Under WeightingAccount each account has one vote: a figure is the mean
// of the accounts' own figures, computed here exactly with big.Rat, and
// repeating every response of one account any number of times changes no
// figure.
func TestPropAccountWeighting(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := genResponses(t)
		o := engagement.SatisfactionOptions{Weighting: engagement.WeightingAccount}
		rep := report(t, rs, propAccounts, o)
		if len(rs) == 0 {
			return
		}
		// The mean of the per-account figures, exactly.
		for _, k := range []engagement.ResponseKind{engagement.ResponseNPS, engagement.ResponseCSAT, engagement.ResponseEffort} {
			sum, m := new(big.Rat), 0
			for _, a := range propAccounts {
				x, n := 0, 0
				for _, r := range rs {
					if r.Account != a.ID || r.Kind != k {
						continue
					}
					n++
					switch {
					case k == engagement.ResponseEffort:
						x += r.Score
					case k == engagement.ResponseCSAT && r.Score >= 4, k == engagement.ResponseNPS && r.Score >= 9:
						x += 100
					case k == engagement.ResponseNPS && r.Score <= 6:
						x -= 100
					}
				}
				if n > 0 {
					sum.Add(sum, big.NewRat(int64(x), int64(n)))
					m++
				}
			}
			e := estimateOf(rep.Rows[0], k)
			if m == 0 {
				continue
			}
			want := decimal.NewFromBigRat(sum.Quo(sum, big.NewRat(int64(m), 1)), 2)
			if !e.Value.Equal(want) || e.Accounts != m {
				t.Fatalf("%v: Value %s over %d accounts, want the mean of the accounts' figures %s over %d", k, e.Value, e.Accounts, want, m)
			}
		}
		// Repeat one account's responses.
		acct := propAccounts[rapid.IntRange(0, len(propAccounts)-1).Draw(t, "repeated")].ID
		times := rapid.IntRange(2, 5).Draw(t, "times")
		more := slices.Clone(rs)
		for i := 1; i < times; i++ {
			for _, r := range rs {
				if r.Account == acct {
					r.ID = engagement.ResponseID(fmt.Sprint(r.ID, "-", i))
					more = append(more, r)
				}
			}
		}
		got := report(t, more, propAccounts, o)
		for _, k := range []engagement.ResponseKind{engagement.ResponseNPS, engagement.ResponseCSAT, engagement.ResponseEffort} {
			if a, b := estimateOf(got.Rows[0], k), estimateOf(rep.Rows[0], k); !a.Value.Equal(b.Value) {
				t.Fatalf("%v: repeating account %s's responses %d times moves the figure from %s to %s", k, acct, times, b.Value, a.Value)
			}
		}
	})
}

// Under WeightingValue, accounts of equal value give the figures of
// WeightingAccount.
func TestPropEqualValuesAreAccountWeighting(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		rs := genResponses(t)
		v := account.MustParseMoney("EUR " + rapid.SampledFrom([]string{"1", "0.01", "999999999999.99"}).Draw(t, "value"))
		values := map[account.ID]account.Money{}
		for _, a := range propAccounts {
			values[a.ID] = v
		}
		byValue := report(t, rs, propAccounts, engagement.SatisfactionOptions{Weighting: engagement.WeightingValue, Values: values, By: engagement.Grouping{Tier: true}})
		byAccount := report(t, rs, propAccounts, engagement.SatisfactionOptions{Weighting: engagement.WeightingAccount, By: engagement.Grouping{Tier: true}})
		for i := range byValue.Rows {
			for _, k := range []engagement.ResponseKind{engagement.ResponseNPS, engagement.ResponseCSAT, engagement.ResponseEffort} {
				a, b := estimateOf(byValue.Rows[i], k), estimateOf(byAccount.Rows[i], k)
				if !a.Value.Equal(b.Value) || !a.EffectiveN.Equal(b.EffectiveN) {
					t.Fatalf("row %d %v: by equal values %s (n %s), by account %s (n %s)", i, k, a.Value, a.EffectiveN, b.Value, b.EffectiveN)
				}
			}
		}
	})
}

func estimateOf(r engagement.SatisfactionRow, k engagement.ResponseKind) engagement.Estimate {
	switch k {
	case engagement.ResponseNPS:
		return r.NPS
	case engagement.ResponseCSAT:
		return r.CSAT
	}
	return r.Effort
}

// SatisfactionBatch, which lays its counts out by shard of accounts, gives
// the stream's report for any number of accounts, more or fewer than its
// shards.
func TestPropBatchManyAccounts(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		accts := make([]account.Account, rapid.IntRange(1, 70).Draw(t, "accounts"))
		for i := range accts {
			accts[i] = account.Account{ID: account.ID(fmt.Sprintf("acct-%02d", i)), Tier: account.Tier(i % 3), Internal: i%4 == 0}
		}
		n := rapid.IntRange(0, 300).Draw(t, "responses")
		rs := make([]engagement.Response, n)
		for i := range rs {
			k := engagement.ResponseKind(rapid.IntRange(1, 3).Draw(t, "kind"))
			lo, hi, _ := k.Range()
			rs[i] = engagement.Response{ID: engagement.ResponseID(fmt.Sprint("r", i)),
				Account: accts[rapid.IntRange(0, len(accts)-1).Draw(t, "account")].ID,
				At:      t0.Add(time.Duration(rapid.IntRange(-24, 200*24).Draw(t, "hour")) * time.Hour),
				Kind:    k, Score: rapid.IntRange(lo, hi).Draw(t, "score")}
		}
		o := genOptions(t)
		o.Values = nil
		if o.Weighting == engagement.WeightingValue {
			o.Weighting = engagement.WeightingAccount
		}
		want := report(t, rs, accts, o)
		wantBatchReport(t, rs, accts, o, want)
	})
}

// wantBatchReport fails t unless SatisfactionBatch on rs gives want.
func wantBatchReport(t *rapid.T, rs []engagement.Response, accts []account.Account, o engagement.SatisfactionOptions, want engagement.SatisfactionReport) {
	var b engagement.ResponseBatch
	for _, r := range rs {
		if err := b.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	got, err := engagement.SatisfactionBatch(&b, accts, o)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(got, want, estOpts...); diff != "" {
		t.Fatalf("SatisfactionBatch (-batch +stream):\n%s", diff)
	}
}
