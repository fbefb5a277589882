package tiering_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/tiering"
)

// checkFieldError checks that err wraps tiering.ErrInvalid and that its
// first field error names the record, ID and field of want and wraps
// want.Err. Value and Reason are compared only where want sets them.
func checkFieldError(t *testing.T, err error, want account.FieldError) {
	t.Helper()
	if !errors.Is(err, tiering.ErrInvalid) {
		t.Fatalf("err = %v, does not wrap ErrInvalid", err)
	}
	var fe *account.FieldError
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want an *account.FieldError", err)
	}
	var ignore []string
	if want.Value == nil {
		ignore = append(ignore, "Value")
	}
	if want.Reason == "" {
		ignore = append(ignore, "Reason")
	}
	opts := cmp.Options{cmpopts.EquateErrors()}
	if len(ignore) > 0 {
		opts = append(opts, cmpopts.IgnoreFields(account.FieldError{}, ignore...))
	}
	if diff := cmp.Diff(*fe, want, opts); diff != "" {
		t.Errorf("field error (-got +want):\n%s\n(%v)", diff, err)
	}
}

// Every sentinel of bad input matches ErrInvalid.
func TestSentinelsWrapErrInvalid(t *testing.T) {
	for _, err := range []error{tiering.ErrDuplicateAccount, tiering.ErrUnknownAttribute, tiering.ErrMissingValue, tiering.ErrBadValue, tiering.ErrNoScorecard, tiering.ErrUnknownAccount} {
		if !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("%v does not match ErrInvalid", err)
		}
		if !strings.HasPrefix(err.Error(), "tiering: ") {
			t.Errorf("%q lacks the package prefix", err)
		}
	}
}

// The text of a field error: the sentinel, the record and its ID, the
// field and value, and the reason.
func TestFieldErrorText(t *testing.T) {
	bad := tiering.Scorecard{Name: "external", Measures: []tiering.Measure{{Name: "x", Weight: -2, Source: tiering.Attribute("x")}, {Name: "y", Weight: 1, Source: tiering.Attribute("y")}}}
	got := bad.Validate().Error()
	want := `tiering: invalid input: Scorecard "external": Measures[0].Weight -2: must not be negative`
	if got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

// However much bad input there is, an error stays a few kilobytes: values
// are quoted to a short prefix and joined lists are capped.
func TestErrorsBounded(t *testing.T) {
	const million = 1_000_000
	huge := " " + strings.Repeat("x", 1<<20) // a 1 MB name with surrounding space
	p := tiering.Policy{Name: huge, Rules: make([]tiering.TierRule, million)}
	for i := range p.Rules {
		p.Rules[i].Cap = -1
	}
	models := make(tiering.ServiceModels, million)
	for i := range models {
		models[i].Workload = -1
	}
	overrides := make([]tiering.Override, million)
	for i := range overrides {
		overrides[i] = tiering.Override{Account: account.ID(fmt.Sprintf("zz%07d", i)), Tier: 1, Reason: huge}
	}
	ok := tiering.Policy{Basis: tiering.BasisCount, Rules: []tiering.TierRule{{Count: 1}, {}}}
	_, overrideErr := ok.Apply(portfolio(), tiering.Input{At: at, Overrides: overrides})
	card := tiering.Scorecard{Name: huge, Measures: []tiering.Measure{{Name: "x", Weight: 1, Source: tiering.Attribute(huge)}}}
	for name, err := range map[string]error{
		"a million bad rules":       p.Validate(),
		"a million bad models":      models.Validate(),
		"a million bad overrides":   overrideErr,
		"a 1 MB name and attribute": card.Validate(),
	} {
		if !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
			continue
		}
		if n := len(err.Error()); n > 32<<10 {
			t.Errorf("%s: Error() is %d bytes, want a few KB", name, n)
		}
	}
	if got := p.Validate().Error(); !strings.HasSuffix(got, "more errors") {
		t.Errorf("a million bad rules: the error does not end by counting the rest: ...%s", got[len(got)-80:])
	}
}
