package clv

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
)

var atRiskModel = BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}

func atRiskInput() ([]Summary, map[account.ID]account.Money) {
	const d = 24 * time.Hour
	ss := []Summary{
		{ID: "A", Unit: UnitDay, Repeats: 3, Last: 188 * d, Age: 600 * d},
		{ID: "B", Unit: UnitDay, Repeats: 9, Last: 590 * d, Age: 600 * d},
		{ID: "C", Unit: UnitDay, Repeats: 5, Last: 300 * d, Age: 600 * d},
		{ID: "D", Unit: UnitDay, Repeats: 6, Last: 200 * d, Age: 600 * d},
		{ID: "E", Unit: UnitDay, Repeats: 6, Last: 200 * d, Age: 600 * d},
	}
	vals := map[account.ID]account.Money{
		"A": account.MustParseMoney("NZD 52000.00"),
		"B": account.MustParseMoney("NZD 87000.00"),
		"C": account.MustParseMoney("NZD 31000.00"),
		"D": account.MustParseMoney("NZD 4000.00"),
		"Z": account.MustParseMoney("NZD 99000.00"), // no summary: not considered
	}
	return ss, vals // E has no value: not considered
}

func atRiskIDs(list []AtRisk) []account.ID {
	ids := make([]account.ID, len(list))
	for i, r := range list {
		ids[i] = r.ID
	}
	return ids
}

func TestAtRiskList(t *testing.T) {
	ss, vals := atRiskInput()
	th := decimal.RequireFromString("0.3")
	for _, tc := range []struct {
		name string
		o    AtRiskOptions
		want []account.ID
	}{
		{"all values", AtRiskOptions{Threshold: th}, []account.ID{"A", "C", "D"}},
		{"min value", AtRiskOptions{Threshold: th, MinValue: account.MustParseMoney("NZD 10000")}, []account.ID{"A", "C"}},
		{"min value at a value", AtRiskOptions{Threshold: th, MinValue: account.MustParseMoney("NZD 31000")}, []account.ID{"A", "C"}},
		{"min value above a value", AtRiskOptions{Threshold: th, MinValue: account.MustParseMoney("NZD 31000.01")}, []account.ID{"A"}},
		{"zero min value", AtRiskOptions{Threshold: th, MinValue: account.MustParseMoney("NZD 0")}, []account.ID{"A", "C", "D"}},
		{"limit", AtRiskOptions{Threshold: th, Limit: 2}, []account.ID{"A", "C"}},
		{"limit 1", AtRiskOptions{Threshold: th, Limit: 1}, []account.ID{"A"}},
		{"limit over", AtRiskOptions{Threshold: th, Limit: 3}, []account.ID{"A", "C", "D"}},
		{"low threshold", AtRiskOptions{Threshold: decimal.RequireFromString("0.05")}, []account.ID{"D"}},
		{"tiny threshold", AtRiskOptions{Threshold: decimal.RequireFromString("1e-30")}, []account.ID{}},
		{"high threshold", AtRiskOptions{Threshold: decimal.RequireFromString("0.9999")}, []account.ID{"B", "A", "C", "D"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			list, err := AtRiskList(atRiskModel, ss, vals, tc.o)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tc.want, atRiskIDs(list)); diff != "" {
				t.Errorf("IDs (-want +got):\n%s", diff)
			}
		})
	}
}

func TestAtRiskFields(t *testing.T) {
	ss, vals := atRiskInput()
	ss = append(ss, Summary{ID: "F", Unit: UnitDay, Age: 24*time.Hour + time.Hour})
	vals["F"] = account.MustParseMoney("NZD 52000.00")
	list, err := AtRiskList(BGNBD{R: 0.24, Alpha: 4.41, A: 0.79, B: 2.43}, ss, vals, AtRiskOptions{Threshold: decimal.RequireFromString("0.3")})
	if err != nil {
		t.Fatal(err)
	}
	pA, _ := atRiskModel.ProbabilityActive(ss[0])
	want := AtRisk{ID: "A", ProbabilityActive: pA, Value: vals["A"], SinceLast: 412 * 24 * time.Hour,
		Reason: "P(active) 0.12 < 0.30; 412 days since the last purchase; value NZD 52,000.00"}
	if diff := gocmp.Diff(want, list[0], moneyEqual); diff != "" {
		t.Errorf("first (-want +got):\n%s", diff)
	}
	// F has no repeat purchase: under BG/NBD it is certainly active.
	if slices.Contains(atRiskIDs(list), "F") {
		t.Errorf("F listed: %v", list)
	}
}

func TestAtRiskReason(t *testing.T) {
	for _, tc := range []struct {
		p, th string
		since time.Duration
		want  string
	}{
		{"0.18", "0.3", 412 * 24 * time.Hour, "P(active) 0.18 < 0.30; 412 days since"},
		{"0.299", "0.3", 24 * time.Hour, "P(active) 0.299 < 0.30; 1 day since"},
		{"0.2999999999", "0.3", 48*time.Hour - 1, "P(active) 0.29999999 < 0.30; 1 day since"},
		{"0.299999986", "0.3", 0, "P(active) 0.29999999 < 0.30; 0 days since"}, // rounded up at the 8th decimal, not truncated
		{"0.004", "0.005", 0, "P(active) 0.00 < 0.005; 0 days since"},
		{"0.1249", "0.125", 2 * 24 * time.Hour, "P(active) 0.12 < 0.125; 2 days since"},
		{"0.1199", "0.12", 2 * 24 * time.Hour, "P(active) 0.1199 < 0.12; 2 days since"},
		{"0.12", "0.125", 2 * 24 * time.Hour, "P(active) 0.12 < 0.125; 2 days since"},
	} {
		got := atRiskReason(decimal.RequireFromString(tc.p), decimal.RequireFromString(tc.th), tc.since, account.MustParseMoney("USD 1"))
		if want := tc.want + " the last purchase; value USD 1.00"; got != want {
			t.Errorf("atRiskReason(%s, %s, %v) = %q, want %q", tc.p, tc.th, tc.since, got, want)
		}
	}
}

func TestAtRiskErrors(t *testing.T) {
	ss, vals := atRiskInput()
	th := decimal.RequireFromString("0.3")
	mixed := map[account.ID]account.Money{"A": vals["A"], "B": account.MustParseMoney("USD 1"), "C": account.MustParseMoney("EUR 1")}
	invalid := map[account.ID]account.Money{"A": vals["A"], "B": {}}
	for _, tc := range []struct {
		name   string
		m      Model
		ss     []Summary
		vals   map[account.ID]account.Money
		o      AtRiskOptions
		id     string
		field  string
		is     error
		wantOK bool
	}{
		{name: "zero threshold", o: AtRiskOptions{}, field: "Threshold"},
		{name: "negative threshold", o: AtRiskOptions{Threshold: decimal.RequireFromString("-0.1")}, field: "Threshold"},
		{name: "threshold one", o: AtRiskOptions{Threshold: decimal.NewFromInt(1)}, field: "Threshold"},
		{name: "threshold above one", o: AtRiskOptions{Threshold: decimal.RequireFromString("1.5")}, field: "Threshold"},
		{name: "threshold just above zero", o: AtRiskOptions{Threshold: decimal.RequireFromString("1e-30")}, wantOK: true},
		{name: "threshold just below one", o: AtRiskOptions{Threshold: decimal.RequireFromString("0.999999999")}, wantOK: true},
		{name: "negative limit", o: AtRiskOptions{Threshold: th, Limit: -1}, field: "Limit"},
		{name: "mixed currencies", vals: mixed, o: AtRiskOptions{Threshold: th}, id: "B", field: "Value", is: account.ErrCurrencyMismatch},
		{name: "invalid value", vals: invalid, o: AtRiskOptions{Threshold: th}, id: "B", field: "Value"},
		{name: "min value currency", o: AtRiskOptions{Threshold: th, MinValue: account.MustParseMoney("USD 1")}, field: "MinValue", is: account.ErrCurrencyMismatch},
		{name: "duplicate summary", ss: append(ss[:2:2], ss[0]), o: AtRiskOptions{Threshold: th}, id: "A", field: "ID"},
		{name: "invalid summary", ss: append(ss[:2:2], Summary{ID: "X", Unit: UnitDay, Repeats: 1, Last: 2, Age: 1}), o: AtRiskOptions{Threshold: th}, id: "X", field: "Last"},
		{name: "invalid model", m: BGNBD{R: 1, Alpha: 1, A: 1, B: -1}, o: AtRiskOptions{Threshold: th}, field: "B"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, s, v := tc.m, tc.ss, tc.vals
			if m == nil {
				m = atRiskModel
			}
			if s == nil {
				s = ss
			}
			if v == nil {
				v = vals
			}
			_, err := AtRiskList(m, s, v, tc.o)
			if tc.wantOK {
				if err != nil {
					t.Fatalf("err = %v, want nil", err)
				}
				return
			}
			var fe *account.FieldError
			if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) {
				t.Fatalf("err = %v, want a FieldError wrapping ErrInvalid", err)
			}
			if fe.Field != tc.field || fe.ID != tc.id {
				t.Errorf("err on %s %q, want %s %q: %v", fe.Field, fe.ID, tc.field, tc.id, err)
			}
			if tc.is != nil && !errors.Is(err, tc.is) {
				t.Errorf("err = %v, want it to wrap %v", err, tc.is)
			}
		})
	}
}

func TestPropertyAtRisk(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := drawBGNBD(t)
		n := rapid.IntRange(0, 30).Draw(t, "n")
		ss := make([]Summary, n)
		vals := map[account.ID]account.Money{}
		for i := range ss {
			s := drawSummary(t)
			s.ID = account.ID(fmt.Sprintf("A%02d", i))
			ss[i] = s
			if rapid.IntRange(0, 4).Draw(t, "hasValue") > 0 {
				// Few distinct values, so that ties happen.
				cents := rapid.Int64Range(-100, 500).Draw(t, "cents") * 1000
				vals[s.ID], _ = account.NewMoney(decimal.New(cents, -2), "NZD")
			}
		}
		th := decimal.New(rapid.Int64Range(1, 999).Draw(t, "permille"), -3)
		o := AtRiskOptions{Threshold: th}
		if rapid.Bool().Draw(t, "min") {
			o.MinValue, _ = account.NewMoney(decimal.New(rapid.Int64Range(-100, 500).Draw(t, "min")*1000, -2), "NZD")
		}
		list, err := AtRiskList(m, ss, vals, o)
		if err != nil {
			t.Fatal(err)
		}
		listed := map[account.ID]bool{}
		for i, r := range list {
			listed[r.ID] = true
			if !decimal.NewFromFloat(r.ProbabilityActive).LessThan(th) || r.ProbabilityActive < 0 {
				t.Fatalf("%s listed with P(active) %v, threshold %v", r.ID, r.ProbabilityActive, th)
			}
			if i > 0 {
				c, _ := list[i-1].Value.Cmp(r.Value)
				if cmp.Or(-c, cmp.Compare(list[i-1].ID, r.ID)) >= 0 {
					t.Fatalf("not in value order at %d: %v then %v", i, list[i-1], r)
				}
			}
		}
		// Every account that qualifies is listed.
		for _, s := range ss {
			v, ok := vals[s.ID]
			if !ok {
				continue
			}
			p, _ := m.ProbabilityActive(s)
			c, _ := v.Cmp(o.MinValue)
			want := decimal.NewFromFloat(p).LessThan(th) && (o.MinValue.Currency() == "" || c >= 0)
			if want != listed[s.ID] {
				t.Fatalf("%s (P %v, value %v) listed %v, want %v", s.ID, p, v, listed[s.ID], want)
			}
		}
		// The order of the input does not matter.
		shuffled := slices.Clone(ss)
		for i := len(shuffled) - 1; i > 0; i-- {
			j := rapid.IntRange(0, i).Draw(t, "swap")
			shuffled[i], shuffled[j] = shuffled[j], shuffled[i]
		}
		again, err := AtRiskList(m, shuffled, vals, o)
		if err != nil {
			t.Fatal(err)
		}
		if diff := gocmp.Diff(list, again, moneyEqual); diff != "" {
			t.Fatalf("shuffled input changed the list (-one +other):\n%s", diff)
		}
	})
}
