package segmentation_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/keyaccount/keyaccount/segmentation"
)

// maxErrorText is what "a few KB" means for the bounded-error tests.
const maxErrorText = 16 << 10

// A huge bad input gives an error of bounded size: a segment name is
// quoted to a short prefix, and a list of problems stops after
// fault.MaxErrors with a count of the rest.
func TestErrorsStayBounded(t *testing.T) {
	huge := strings.Repeat("x", 1<<20)

	// A rule table with a 1 MB segment name, in a bad rule and in an
	// overlap.
	for name, tab := range map[string]segmentation.RuleTable{
		"bad rule": {K: 2, Rules: []segmentation.Rule{{Segment: huge, R: segmentation.Just(3)}}},
		"overlap":  {K: 2, Rules: []segmentation.Rule{{Segment: "all"}, {Segment: huge, R: segmentation.Just(1)}}},
	} {
		err := tab.Validate()
		var re *segmentation.RuleError
		if !errors.As(err, &re) || re.Segment != huge {
			t.Errorf("%s: error %.200v, want a *RuleError carrying the whole name", name, err)
		}
		if n := len(err.Error()); n > 1024 {
			t.Errorf("%s: error text is %d bytes, want at most 1 KB", name, n)
		}
	}

	// 200,000 bad rules: the first MaxErrors, then "and N more errors".
	rules := make([]segmentation.Rule, 200_000)
	for i := range rules {
		rules[i] = segmentation.Rule{Segment: huge[:1000], R: segmentation.Just(9)}
	}
	err := segmentation.RuleTable{K: 5, Rules: rules}.Validate()
	var joined interface{ Unwrap() []error }
	if !errors.As(err, &joined) || len(joined.Unwrap()) != fault.MaxErrors+1 {
		t.Fatalf("200,000 bad rules: %T, want %d errors and a count", err, fault.MaxErrors)
	}
	if want := "and 199900 more errors"; !strings.HasSuffix(err.Error(), want) {
		t.Errorf("200,000 bad rules: error ends %q, want %q", err.Error()[max(0, len(err.Error())-40):], want)
	}
	if n := len(err.Error()); n > maxErrorText {
		t.Errorf("200,000 bad rules: error text is %d bytes, want at most %d", n, maxErrorText)
	}

	// 200,000 bad transactions with 1 MB account IDs: the aggregation
	// stops at the first, and quotes its ID short.
	at := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	txs := make([]account.Transaction, 200_000)
	for i := range txs {
		txs[i] = account.Transaction{Account: account.ID(huge), At: at, Amount: account.MustParseMoney("USD 1")} // no kind
	}
	_, err = segmentation.AggregateSlice(txs, segmentation.Options{})
	var fe *account.FieldError
	if !errors.As(err, &fe) || fe.ID != huge || !errors.Is(err, segmentation.ErrInvalid) {
		t.Fatalf("200,000 bad transactions: error %.200v, want a field error naming the account", err)
	}
	if n := len(err.Error()); n > 1024 {
		t.Errorf("200,000 bad transactions: error text is %d bytes, want at most 1 KB", n)
	}

	// Two accounts with 1 MB IDs in two currencies.
	_, err = segmentation.NewPareto(map[account.ID]account.Money{
		account.ID(huge): account.MustParseMoney("USD 1"), account.ID(huge + "y"): account.MustParseMoney("EUR 1")})
	var ce *segmentation.CurrencyError
	if !errors.As(err, &ce) || !errors.Is(err, account.ErrCurrencyMismatch) || !errors.Is(err, segmentation.ErrInvalid) {
		t.Fatalf("currencies: error %.200v, want a *CurrencyError", err)
	}
	if n := len(err.Error()); n > 1024 {
		t.Errorf("currencies: error text is %d bytes, want at most 1 KB", n)
	}
}

// The errors that are not field errors print with the package prefix and
// quote what they name.
func TestErrorText(t *testing.T) {
	for _, c := range []struct {
		err  error
		want string
	}{
		{&segmentation.CurrencyError{Account: "A1", Currencies: [2]account.Currency{"EUR", "NZD"}},
			`segmentation: account "A1" has amounts in both "EUR" and "NZD"`},
		{&segmentation.CurrencyError{Account: "A1", Other: "B2", Currencies: [2]account.Currency{"EUR", "NZD"}},
			`segmentation: accounts "A1" and "B2" are in different currencies ("EUR" and "NZD")`},
		{&segmentation.RuleError{Problem: segmentation.ProblemOverlap, Cell: segmentation.Cell{R: 5, F: 4, M: 3}, Rule: 3, Earlier: 1, Segment: "Loyal", Count: 2},
			`segmentation: rule 3 ("Loyal"): overlap with rule 1 at R5 F4 M3 (2 cells)`},
		{&segmentation.RuleError{Problem: segmentation.ProblemShadowed, Cell: segmentation.Cell{R: 1, F: 1, M: 1}, Rule: 2, Earlier: 0, Segment: "x"},
			`segmentation: rule 2 ("x"): shadowed: rule 0 already matches its first cell R1 F1 M1 and all its others`},
		{&segmentation.RuleError{Problem: segmentation.ProblemUnmatched, Cell: segmentation.Cell{R: 1, F: 2, M: 3}, Rule: -1, Earlier: -1, Count: 4},
			`segmentation: rule table: no rule matches R1 F2 M3 (4 cells unmatched)`},
		{&segmentation.RuleError{Problem: segmentation.ProblemBadRule, Rule: 0, Earlier: -1, Reason: "has no segment name"},
			`segmentation: rule 0 (""): has no segment name`},
	} {
		if got := c.err.Error(); got != c.want {
			t.Errorf("Error() = %q, want %q", got, c.want)
		}
	}
}
