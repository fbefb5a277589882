package engagement_test

import (
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/shopspring/decimal"
)

var t0 = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// responses makes responses of kind k for acct with the given scores, one
// a minute from at, with IDs prefix-0, prefix-1, ...
func responses(prefix string, acct account.ID, at time.Time, k engagement.ResponseKind, scores ...int) []engagement.Response {
	out := make([]engagement.Response, len(scores))
	for i, s := range scores {
		out[i] = engagement.Response{ID: engagement.ResponseID(fmt.Sprintf("%s-%d", prefix, i)), Account: acct,
			At: at.Add(time.Duration(i) * time.Minute), Kind: k, Score: s}
	}
	return out
}

func seq(rs []engagement.Response) iter.Seq2[engagement.Response, error] {
	return func(yield func(engagement.Response, error) bool) {
		for _, r := range rs {
			if !yield(r, nil) {
				return
			}
		}
	}
}

func d(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// est is an Estimate written with strings.
func est(responses, accounts int, n, value, low, high string) engagement.Estimate {
	return engagement.Estimate{Responses: responses, Accounts: accounts, EffectiveN: d(n), Value: d(value), Low: d(low), High: d(high)}
}

var estOpts = []cmp.Option{cmpopts.EquateEmpty()}

// both runs Satisfaction and SatisfactionBatch on rs and fails t unless
// they agree; it returns the report.
func both(t *testing.T, rs []engagement.Response, accts []account.Account, o engagement.SatisfactionOptions) (engagement.SatisfactionReport, error) {
	t.Helper()
	rep, err := engagement.Satisfaction(seq(rs), accts, o)
	var b engagement.ResponseBatch
	var berr error
	for _, r := range rs {
		if berr = b.Append(r); berr != nil {
			break
		}
	}
	if berr == nil {
		var brep engagement.SatisfactionReport
		brep, berr = engagement.SatisfactionBatch(&b, accts, o)
		if err == nil && berr == nil {
			if diff := cmp.Diff(rep, brep, estOpts...); diff != "" {
				t.Errorf("SatisfactionBatch differs from Satisfaction (-stream +batch):\n%s", diff)
			}
		}
	}
	if (err == nil) != (berr == nil) {
		t.Errorf("Satisfaction error %v, SatisfactionBatch error %v: want both or neither", err, berr)
	}
	return rep, err
}

// The figures of small tables, cross-checked against testdata/xcheck.py,
// which computes them independently with Python's standard library
// (fractions for the exact figures, statistics.NormalDist for z, the t
// quantiles from a table). Its output:
//
//	NPS table A ['16.67', '-34.12', '67.46', 1200]
//	CSAT table A ['70.00', '39.67', '89.23']
//	Effort table A ['5.38', '4.20', '6.56']
//	NPS per response ['22.22', '-37.65', '82.09', 900]
//	NPS per account ['0.00', '-64.12', '64.12', 831]
//	NPS by value ['40.00', '-20.54', '100.00', 811]
//	Effort n=3 ['4.67', '1.00', '7.00']
func TestCrossCheck(t *testing.T) {
	accts := []account.Account{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}, {ID: "c", Name: "C"}}
	t.Run("TableA", func(t *testing.T) {
		var rs []engagement.Response
		rs = append(rs, responses("n", "a", t0, engagement.ResponseNPS, 10, 10, 9, 9, 9, 8, 7, 6, 5, 3, 0, 10)...)
		rs = append(rs, responses("c", "a", t0, engagement.ResponseCSAT, 5, 5, 4, 4, 4, 3, 2, 1, 5, 4)...)
		rs = append(rs, responses("e", "a", t0, engagement.ResponseEffort, 7, 6, 6, 5, 4, 3, 7, 5)...)
		rep, err := both(t, rs, accts, engagement.SatisfactionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		want := []engagement.SatisfactionRow{{
			NPS:    est(12, 1, "12", "16.67", "-34.12", "67.46"),
			CSAT:   est(10, 1, "10", "70", "39.67", "89.23"),
			Effort: est(8, 1, "8", "5.38", "4.20", "6.56"),
		}}
		if diff := cmp.Diff(rep.Rows, want, estOpts...); diff != "" {
			t.Errorf("rows (-got +want):\n%s", diff)
		}
		if rep.Responses != 30 || rep.Outside != 0 {
			t.Errorf("Responses, Outside = %d, %d; want 30, 0", rep.Responses, rep.Outside)
		}
	})

	var rs []engagement.Response
	rs = append(rs, responses("a", "a", t0, engagement.ResponseNPS, 10, 10, 10, 10)...)
	rs = append(rs, responses("b", "b", t0, engagement.ResponseNPS, 0, 5)...)
	rs = append(rs, responses("c", "c", t0, engagement.ResponseNPS, 9, 7, 3)...)
	values := map[account.ID]account.Money{
		"a": account.MustParseMoney("NZD 300"), "b": account.MustParseMoney("NZD 100.00"), "c": account.MustParseMoney("NZD 100"),
	}
	for _, tt := range []struct {
		w    engagement.Weighting
		want engagement.Estimate
	}{
		{engagement.WeightingResponse, est(9, 3, "9", "22.22", "-37.65", "82.09")},
		{engagement.WeightingAccount, est(9, 3, "8.31", "0", "-64.12", "64.12")},
		{engagement.WeightingValue, est(9, 3, "8.11", "40", "-20.54", "100")},
	} {
		t.Run("Weighting/"+tt.w.String(), func(t *testing.T) {
			rep, err := both(t, rs, accts, engagement.SatisfactionOptions{Weighting: tt.w, Values: values})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Rows) != 1 {
				t.Fatalf("%d rows, want 1", len(rep.Rows))
			}
			if diff := cmp.Diff(rep.Rows[0].NPS, tt.want); diff != "" {
				t.Errorf("NPS (-got +want):\n%s", diff)
			}
			if rep.Rows[0].CSAT.Responses != 0 || rep.Rows[0].Effort.Responses != 0 {
				t.Errorf("CSAT and Effort = %+v, %+v; want no responses", rep.Rows[0].CSAT, rep.Rows[0].Effort)
			}
		})
	}

	t.Run("EffortSmall", func(t *testing.T) {
		rep, err := both(t, responses("e", "b", t0, engagement.ResponseEffort, 2, 5, 7), accts, engagement.SatisfactionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(rep.Rows[0].Effort, est(3, 1, "3", "4.67", "1", "7")); diff != "" {
			t.Errorf("Effort (-got +want):\n%s", diff)
		}
	})
}

func TestSatisfactionErrors(t *testing.T) {
	accts := []account.Account{{ID: "a", Name: "A"}, {ID: "b", Name: "B"}}
	good := responses("r", "a", t0, engagement.ResponseNPS, 9)
	tests := []struct {
		name   string
		rs     []engagement.Response
		accts  []account.Account
		o      engagement.SatisfactionOptions
		target error
		field  string
	}{
		{"unknown account", responses("r", "zz", t0, engagement.ResponseNPS, 9), accts, engagement.SatisfactionOptions{}, engagement.ErrUnknownAccount, "Account"},
		{"invalid response", responses("r", "a", t0, engagement.ResponseNPS, 11), accts, engagement.SatisfactionOptions{}, engagement.ErrInvalid, "Score"},
		{"repeated account", good, []account.Account{{ID: "a"}, {ID: "b"}, {ID: "a"}}, engagement.SatisfactionOptions{}, engagement.ErrInvalid, "accounts[2]"},
		{"one bound", good, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Periods: []time.Time{t0}}}, engagement.ErrInvalid, "By.Periods"},
		{"bounds not increasing", good, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Periods: []time.Time{t0, t0}}}, engagement.ErrInvalid, "By.Periods[1]"},
		{"bound out of range", good, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Periods: []time.Time{t0, t0.AddDate(300, 0, 0)}}}, engagement.ErrInvalid, "By.Periods[1]"},
		{"bound before range", good, accts, engagement.SatisfactionOptions{By: engagement.Grouping{Periods: []time.Time{t0.AddDate(-400, 0, 0), t0}}}, engagement.ErrInvalid, "By.Periods[0]"},
		{"unknown weighting", good, accts, engagement.SatisfactionOptions{Weighting: 9}, engagement.ErrInvalid, "Weighting"},
		{"missing value", good, accts, engagement.SatisfactionOptions{Weighting: engagement.WeightingValue}, engagement.ErrInvalid, "Values[a]"},
		{"zero value", good, accts, engagement.SatisfactionOptions{Weighting: engagement.WeightingValue,
			Values: map[account.ID]account.Money{"a": account.MustParseMoney("NZD 0")}}, engagement.ErrInvalid, "Values[a]"},
		{"negative value", good, accts, engagement.SatisfactionOptions{Weighting: engagement.WeightingValue,
			Values: map[account.ID]account.Money{"a": account.MustParseMoney("NZD -1")}}, engagement.ErrInvalid, "Values[a]"},
		{"two currencies", append(slices.Clone(good), responses("s", "b", t0, engagement.ResponseNPS, 3)...), accts,
			engagement.SatisfactionOptions{Weighting: engagement.WeightingValue, Values: map[account.ID]account.Money{
				"a": account.MustParseMoney("NZD 1"), "b": account.MustParseMoney("AUD 1")}}, account.ErrCurrencyMismatch, "Values[b]"},
		{"instant out of range", []engagement.Response{{ID: "r", Account: "a", At: t0.AddDate(300, 0, 0), Kind: engagement.ResponseCSAT, Score: 3}},
			accts, engagement.SatisfactionOptions{}, engagement.ErrInvalid, "At"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := both(t, tt.rs, tt.accts, tt.o)
			if !errors.Is(err, tt.target) {
				t.Fatalf("error = %v, want one wrapping %v", err, tt.target)
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Field != tt.field {
				t.Errorf("error = %v, want a FieldError for %s", err, tt.field)
			}
		})
	}

	t.Run("value weighting ignores accounts without responses", func(t *testing.T) {
		_, err := both(t, good, accts, engagement.SatisfactionOptions{Weighting: engagement.WeightingValue,
			Values: map[account.ID]account.Money{"a": account.MustParseMoney("NZD 5")}})
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("stream error", func(t *testing.T) {
		boom := errors.New("boom")
		_, err := engagement.Satisfaction(func(yield func(engagement.Response, error) bool) {
			if yield(good[0], nil) {
				yield(engagement.Response{}, boom)
			}
		}, accts, engagement.SatisfactionOptions{})
		if !errors.Is(err, boom) {
			t.Errorf("error = %v, want one wrapping the stream's", err)
		}
	})
}
