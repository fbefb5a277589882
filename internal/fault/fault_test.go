package fault_test

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/internal/fault"
)

var errInvalid = errors.New("pkg: invalid input")

func TestFieldErrorText(t *testing.T) {
	for _, tt := range []struct {
		e    fault.FieldError
		want string
	}{
		{fault.FieldError{Record: "Contact", ID: "c-17", Field: "Influence", Value: 7, Reason: "must be from 1 to 5", Err: errInvalid},
			`pkg: invalid input: Contact "c-17": Influence 7: must be from 1 to 5`},
		{fault.FieldError{Record: "Options", Field: "AsOf", Reason: "is missing", Err: errInvalid},
			`pkg: invalid input: Options: AsOf: is missing`},
		{fault.FieldError{Record: "Money", Field: "amount", Value: "1,23", Reason: "bad", Err: errInvalid},
			`pkg: invalid input: Money: amount "1,23": bad`},
		{fault.FieldError{Field: "now", Value: time.Duration(0), Reason: "must be set"},
			`now 0s: must be set`},
		{fault.FieldError{ID: "x", Reason: "is gone"}, `"x": is gone`},
		{fault.FieldError{Record: "Account", Reason: "is wrong"}, `Account: is wrong`},
		{fault.FieldError{Value: 3, Reason: "is odd"}, `3: is odd`},
		{fault.FieldError{Reason: "bare"}, `bare`},
	} {
		if got := tt.e.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestFieldErrorUnwrap(t *testing.T) {
	specific := fault.New("pkg: missing value", errInvalid)
	var err error = fmt.Errorf("wrapped: %w", &fault.FieldError{Field: "x", Reason: "r", Err: specific})
	if !errors.Is(err, specific) || !errors.Is(err, errInvalid) {
		t.Errorf("errors.Is through FieldError and a sentinel with a parent failed: %v", err)
	}
	var fe *fault.FieldError
	if !errors.As(err, &fe) || fe.Field != "x" {
		t.Errorf("errors.As = %v", fe)
	}
	if got := specific.Error(); got != "pkg: missing value" {
		t.Errorf("sentinel text %q", got)
	}
	if (&fault.FieldError{}).Unwrap() != nil {
		t.Error("the zero FieldError wraps something")
	}
}

func TestQuoteBounded(t *testing.T) {
	exact := strings.Repeat("a", fault.MaxQuote)
	if got, want := fault.Quote(exact), `"`+exact+`"`; got != want {
		t.Errorf("Quote of %d bytes = %q, want it whole", fault.MaxQuote, got)
	}
	long := strings.Repeat("a", fault.MaxQuote+1)
	if got, want := fault.Quote(long), `"`+exact+`"… (65 bytes)`; got != want {
		t.Errorf("Quote of 65 bytes = %q, want %q", got, want)
	}
	// A cut never splits a character: é is 2 bytes and straddles byte 64.
	s := strings.Repeat("a", fault.MaxQuote-1) + "é" + strings.Repeat("b", 1<<20)
	if got, want := fault.Quote(s), `"`+strings.Repeat("a", fault.MaxQuote-1)+`"… (1048641 bytes)`; got != want {
		t.Errorf("Quote cut a character: %q, want %q", got, want)
	}
	// Bytes that are not UTF-8 are cut at MaxQuote: there is no
	// character boundary to look for.
	junk := strings.Repeat("\x80", 100)
	if got, want := fault.Quote(junk), strconv.Quote(junk[:fault.MaxQuote])+"… (100 bytes)"; got != want {
		t.Errorf("Quote of 100 continuation bytes = %q, want %q", got, want)
	}
	// It looks back at most 3 bytes: four continuation bytes before the
	// cut are not a character it would split.
	odd := strings.Repeat("a", fault.MaxQuote-4) + "\xf0" + strings.Repeat("\x80", 10)
	if got, want := fault.Quote(odd), strconv.Quote(odd[:fault.MaxQuote])+"… (71 bytes)"; got != want {
		t.Errorf("Quote looked back too far: %q, want %q", got, want)
	}
	// A 4-byte character straddling the cut is left out whole.
	s4 := strings.Repeat("a", fault.MaxQuote-1) + "😀" + "b"
	if got, want := fault.Quote(s4), `"`+strings.Repeat("a", fault.MaxQuote-1)+`"… (68 bytes)`; got != want {
		t.Errorf("Quote cut a 4-byte character: %q, want %q", got, want)
	}
	if got := fault.Quote(`a"b`); got != `"a\"b"` {
		t.Errorf("Quote escapes: %q", got)
	}
}

type stringer string

func (s stringer) String() string { return string(s) }

func TestValueBounded(t *testing.T) {
	big := strings.Repeat("x", 1<<20)
	for _, tt := range []struct {
		v    any
		want string
	}{
		{"ab", `"ab"`},
		{[]byte("ab"), `"ab"`},
		{7, "7"},
		{stringer("NZD 5"), "NZD 5"},
		{stringer(big), strings.Repeat("x", fault.MaxQuote) + "… (1048576 bytes)"},
		{[]int{1, 2}, "[1 2]"},
		{make([]int, 100), "[" + strings.TrimSpace(strings.Repeat("0 ", 32)) + "… (201 bytes)"},
	} {
		if got := fault.Value(tt.v); got != tt.want {
			t.Errorf("Value(%T) = %q, want %q", tt.v, got, tt.want)
		}
	}
	e := &fault.FieldError{Record: "R", ID: big, Field: "F", Value: big, Reason: "bad", Err: errInvalid}
	if n := len(e.Error()); n > 300 {
		t.Errorf("a FieldError over 1 MB values is %d bytes long", n)
	}
}

func TestListCaps(t *testing.T) {
	var l fault.List
	if l.Err() != nil || l.Len() != 0 {
		t.Fatal("the zero List is not empty")
	}
	l.Add(nil)
	if l.Err() != nil {
		t.Fatal("Add(nil) added an error")
	}
	first := errors.New("e0")
	l.Add(first)
	for i := 1; i < fault.MaxErrors; i++ {
		l.Add(fmt.Errorf("e%d", i))
	}
	if got := strings.Count(l.Err().Error(), "\n") + 1; got != fault.MaxErrors {
		t.Errorf("%d errors give %d lines", fault.MaxErrors, got)
	}
	if strings.Contains(l.Err().Error(), "more") {
		t.Errorf("exactly MaxErrors errors say there are more")
	}
	l.Add(errors.New("one over"))
	if got := l.Err().Error(); !strings.HasSuffix(got, "\nand 1 more error") || strings.Contains(got, "one over") {
		t.Errorf("one over the cap ends %q", got[len(got)-30:])
	}
	for range 1_000_000 {
		l.Add(errInvalid)
	}
	got := l.Err()
	if !strings.HasSuffix(got.Error(), "\nand 1000001 more errors") {
		t.Errorf("a million over the cap: %q", got.Error()[len(got.Error())-40:])
	}
	if l.Len() != fault.MaxErrors+1_000_001 {
		t.Errorf("Len = %d", l.Len())
	}
	if len(got.Error()) > 2000 {
		t.Errorf("capped error is %d bytes", len(got.Error()))
	}
	if !errors.Is(got, first) || errors.Is(got, errInvalid) {
		t.Error("errors.Is does not see exactly the kept errors")
	}
	// The kept errors are still reachable by errors.Is/As.
	if !strings.HasPrefix(got.Error(), "e0\ne1\n") {
		t.Errorf("order lost: %q", got.Error()[:10])
	}
}

func TestJoin(t *testing.T) {
	if fault.Join() != nil || fault.Join(nil, nil) != nil {
		t.Error("Join of nothing is not nil")
	}
	errs := make([]error, 250)
	for i := range errs {
		errs[i] = errInvalid
	}
	got := fault.Join(errs...)
	if !errors.Is(got, errInvalid) || !strings.HasSuffix(got.Error(), "and 150 more errors") {
		t.Errorf("Join(250) = ...%q", got.Error()[len(got.Error())-30:])
	}
}

// A list built from capped lists counts every error of them.
func TestListOfCappedLists(t *testing.T) {
	errs := make([]error, 250)
	for i := range errs {
		errs[i] = errInvalid
	}
	inner := fault.Join(errs...)
	var l fault.List
	for _, e := range inner.(interface{ Unwrap() []error }).Unwrap() {
		l.Add(e)
	}
	if l.Len() != 250 || !strings.HasSuffix(l.Err().Error(), "\nand 150 more errors") {
		t.Errorf("re-collected: Len %d, %q", l.Len(), l.Err().Error()[len(l.Err().Error())-30:])
	}
	if n, ok := fault.More(inner.(interface{ Unwrap() []error }).Unwrap()[100]); !ok || n != 150 {
		t.Errorf("More = %d, %v; want 150, true", n, ok)
	}
	if _, ok := fault.More(errInvalid); ok {
		t.Error("More of a plain error is true")
	}
}
