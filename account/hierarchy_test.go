package account_test

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"

	"github.com/keyaccount/keyaccount/account"
)

func links(pairs ...string) []account.Account {
	var out []account.Account
	for i := 0; i < len(pairs); i += 2 {
		out = append(out, account.Account{ID: account.ID(pairs[i]), Parent: account.ID(pairs[i+1])})
	}
	return out
}

func TestHierarchyTraversal(t *testing.T) {
	// global
	// ├── au
	// │   └── au-syd
	// └── nz
	//     ├── nz-akl
	//     └── nz-wlg
	// solo
	h, err := account.NewHierarchy(links(
		"nz-wlg", "nz", "solo", "", "nz", "global", "au-syd", "au", "global", "", "au", "global", "nz-akl", "nz",
	))
	if err != nil {
		t.Fatal(err)
	}
	check := func(name string, got, want any) {
		t.Helper()
		if diff := cmp.Diff(got, want); diff != "" {
			t.Errorf("%s (-got +want):\n%s", name, diff)
		}
	}
	check("Roots", h.Roots(), []account.ID{"global", "solo"})
	check("All", slices.Collect(h.All()), []account.ID{"global", "au", "au-syd", "nz", "nz-akl", "nz-wlg", "solo"})
	check("Descendants(nz)", slices.Collect(h.Descendants("nz")), []account.ID{"nz-akl", "nz-wlg"})
	check("Descendants(global)", slices.Collect(h.Descendants("global")), []account.ID{"au", "au-syd", "nz", "nz-akl", "nz-wlg"})
	check("Descendants(leaf)", slices.Collect(h.Descendants("solo")), []account.ID(nil))
	check("Ancestors(nz-akl)", slices.Collect(h.Ancestors("nz-akl")), []account.ID{"nz", "global"})
	check("Children(global)", h.Children("global"), []account.ID{"au", "nz"})
	check("Children(unknown)", h.Children("x"), []account.ID(nil))

	for id, want := range map[account.ID]account.ID{"nz-wlg": "global", "global": "global", "solo": "solo"} {
		if got, ok := h.UltimateParent(id); !ok || got != want {
			t.Errorf("UltimateParent(%s) = %s, %v; want %s", id, got, ok, want)
		}
	}
	if _, ok := h.UltimateParent("nobody"); ok {
		t.Error("UltimateParent of an unknown ID reported ok")
	}
	if p, ok := h.Parent("au-syd"); !ok || p != "au" {
		t.Errorf("Parent(au-syd) = %s, %v", p, ok)
	}
	if _, ok := h.Parent("global"); ok {
		t.Error("Parent of a root reported ok")
	}
	if h.Depth("nz-akl") != 2 || h.Depth("solo") != 0 || h.Depth("x") != -1 {
		t.Error("Depth is wrong")
	}
	if h.Len() != 7 || !h.Contains("au") || h.Contains("AU") {
		t.Error("Len/Contains is wrong")
	}
	// Stopping early is allowed.
	for id := range h.All() {
		if id != "global" {
			t.Errorf("first yielded %s", id)
		}
		break
	}
}

func TestHierarchyErrors(t *testing.T) {
	_, err := account.NewHierarchy(links(
		"a", "c", "b", "a", "c", "b", // a loop a -> c -> b -> a
		"d", "d2", "d2", "d", // a second loop
		"e", "missing", // a dangling parent
		"f", "", "f", "", // a repeated ID
	))
	if !errors.Is(err, account.ErrInvalid) {
		t.Fatalf("error %v does not wrap ErrInvalid", err)
	}
	// Links are checked first: the repeated ID and the dangling parent.
	var dup *account.FieldError
	if !errors.As(err, &dup) || dup.ID != "f" {
		t.Errorf("no FieldError naming the repeated ID f in %v", err)
	}
	var parents []account.FieldError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if fe, ok := e.(*account.FieldError); ok && fe.Field == "Parent" {
			parents = append(parents, *fe)
		}
	}
	wantParents := []account.FieldError{{Record: "Account", ID: "e", Field: "Parent", Value: "missing", Reason: "is not among the accounts", Err: account.ErrInvalid}}
	if diff := cmp.Diff(parents, wantParents, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("dangling parents (-got +want):\n%s", diff)
	}

	_, err = account.NewHierarchy(links("a", "c", "b", "a", "c", "b", "d", "d2", "d2", "d", "x", "a"))
	var cycles []account.CycleError
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		var ce *account.CycleError
		if !errors.As(e, &ce) {
			t.Fatalf("unexpected error %v", e)
		}
		cycles = append(cycles, *ce)
	}
	want := []account.CycleError{{Accounts: []account.ID{"a", "c", "b"}}, {Accounts: []account.ID{"d", "d2"}}}
	if diff := cmp.Diff(cycles, want); diff != "" {
		t.Errorf("cycles (-got +want):\n%s", diff)
	}
	if got, want := cycles[0].Error(), `account: invalid input: parent cycle: "a" -> "c" -> "b" -> "a"`; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestRollUp(t *testing.T) {
	h, err := account.NewHierarchy(links("g", "", "nz", "g", "au", "g", "nz-akl", "nz", "solo", ""))
	if err != nil {
		t.Fatal(err)
	}
	m := account.MustParseMoney
	totals, err := account.RollUp(h, map[account.ID]account.Money{
		"g": m("NZD 1"), "nz-akl": m("NZD 10"), "au": m("NZD 100.50"),
	}, account.Money.Add)
	if err != nil {
		t.Fatal(err)
	}
	want := map[account.ID]string{"g": "NZD 111.50", "nz": "NZD 10.00", "nz-akl": "NZD 10.00", "au": "NZD 100.50"}
	got := map[account.ID]string{}
	for id, v := range totals {
		got[id] = v.String()
	}
	if diff := cmp.Diff(got, want); diff != "" {
		t.Errorf("totals (-got +want):\n%s", diff)
	}

	_, err = account.RollUp(h, map[account.ID]account.Money{"nz-akl": m("NZD 1"), "au": m("AUD 1")}, account.Money.Add)
	if !errors.Is(err, account.ErrCurrencyMismatch) {
		t.Errorf("mixed currencies: error %v, want ErrCurrencyMismatch", err)
	}
	_, err = account.RollUp(h, map[account.ID]account.Money{"nobody": m("NZD 1")}, account.Money.Add)
	if !errors.Is(err, account.ErrNotFound) {
		t.Errorf("unknown account: error %v, want ErrNotFound", err)
	}
}

// genParents draws a random parent graph over n accounts "a00".."aNN":
// each account has no parent or any account (itself included) as parent.
func genParents(t *rapid.T) []account.Account {
	n := rapid.IntRange(1, 30).Draw(t, "n")
	out := make([]account.Account, n)
	for i := range out {
		out[i].ID = account.ID(fmt.Sprintf("a%02d", i))
	}
	for i := range out {
		if p := rapid.IntRange(-1, n-1).Draw(t, fmt.Sprintf("parent of a%02d", i)); p >= 0 && p != i {
			out[i].Parent = out[p].ID
		} else if p == i && rapid.Bool().Draw(t, "self loop kept as root") {
			out[i].Parent = ""
		}
	}
	return out
}

func TestPropCycleDetection(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		accts := genParents(t)
		parent := map[account.ID]account.ID{}
		for _, a := range accts {
			parent[a.ID] = a.Parent
		}
		// Model: an account is on a cycle iff following parents from it
		// returns to it within n steps.
		onCycle := map[account.ID]bool{}
		for _, a := range accts {
			v := a.Parent
			for range len(accts) {
				if v == "" {
					break
				}
				if v == a.ID {
					onCycle[a.ID] = true
					break
				}
				v = parent[v]
			}
		}
		order := rapid.Permutation(accts).Draw(t, "input order")
		h, err := account.NewHierarchy(order)
		if len(onCycle) == 0 {
			if err != nil {
				t.Fatalf("no cycle, but error %v", err)
			}
			if h.Len() != len(accts) || len(slices.Collect(h.All())) != len(accts) {
				t.Fatalf("forest does not hold every account")
			}
			return
		}
		reported := map[account.ID]bool{}
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			var ce *account.CycleError
			if !errors.As(e, &ce) {
				t.Fatalf("unexpected error %v", e)
			}
			for k, id := range ce.Accounts {
				if reported[id] {
					t.Fatalf("%s reported in two cycles", id)
				}
				reported[id] = true
				// Each is the parent of the one before it.
				next := ce.Accounts[(k+1)%len(ce.Accounts)]
				if parent[id] != next {
					t.Fatalf("cycle %v: parent of %s is %s, not %s", ce.Accounts, id, parent[id], next)
				}
			}
		}
		if diff := cmp.Diff(reported, onCycle); diff != "" {
			t.Fatalf("accounts on cycles (-reported +model):\n%s", diff)
		}
	})
}

func TestPropRollUpRootsSumToTotal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(t, "n")
		accts := make([]account.Account, n)
		for i := range accts {
			accts[i].ID = account.ID(fmt.Sprintf("a%02d", i))
			// Parents point to lower indexes only, so the graph is a forest.
			if i > 0 {
				if p := rapid.IntRange(-1, i-1).Draw(t, "parent"); p >= 0 {
					accts[i].Parent = accts[p].ID
				}
			}
		}
		h, err := account.NewHierarchy(rapid.Permutation(accts).Draw(t, "order"))
		if err != nil {
			t.Fatal(err)
		}
		values := map[account.ID]decimal.Decimal{}
		total := decimal.Zero
		for _, a := range accts {
			if rapid.Bool().Draw(t, "has value") {
				v := decimal.New(rapid.Int64Range(-1e12, 1e12).Draw(t, "cents"), -2)
				values[a.ID] = v
				total = total.Add(v)
			}
		}
		add := func(a, b decimal.Decimal) (decimal.Decimal, error) { return a.Add(b), nil }
		totals, err := account.RollUp(h, values, add)
		if err != nil {
			t.Fatal(err)
		}
		rootSum := decimal.Zero
		for _, r := range h.Roots() {
			if v, ok := totals[r]; ok {
				rootSum = rootSum.Add(v)
			}
		}
		if !rootSum.Equal(total) {
			t.Fatalf("roots sum to %s, values to %s", rootSum, total)
		}
		// Each account's total is its own value plus its children's totals.
		for _, id := range slices.Sorted(maps.Keys(totals)) {
			want, _ := values[id]
			for _, c := range h.Children(id) {
				want = want.Add(totals[c])
			}
			if !totals[id].Equal(want) {
				t.Fatalf("total of %s = %s, want %s", id, totals[id], want)
			}
		}
	})
}

// A hostile input costs a bounded error: a million dangling parents are
// reported as 100 and a count, and a loop of a million accounts by its
// first 20 and its length.
func TestNewHierarchyErrorsAreBounded(t *testing.T) {
	const n = 1_000_000
	accounts := make([]account.Account, n)
	for i := range accounts {
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("a%07d", i)), Parent: "gone"}
	}
	_, err := account.NewHierarchy(accounts)
	if !errors.Is(err, account.ErrInvalid) || !strings.HasSuffix(err.Error(), "\nand 999900 more errors") {
		t.Fatalf("a million dangling parents: %.200v", err)
	}
	if len(err.Error()) > 20_000 {
		t.Errorf("a million dangling parents give a %d-byte error", len(err.Error()))
	}
	for i := range accounts {
		accounts[i].Parent = accounts[(i+1)%n].ID
	}
	_, err = account.NewHierarchy(accounts)
	var ce *account.CycleError
	if !errors.As(err, &ce) || len(ce.Accounts) != n {
		t.Fatalf("a loop of a million: %.200v", err)
	}
	if got := err.Error(); len(got) > 1000 || !strings.HasSuffix(got, `"a0000019" -> … (1000000 accounts in the loop)`) {
		t.Errorf("a loop of a million: %d bytes, ending %q", len(got), got[max(0, len(got)-60):])
	}
	// A loop of exactly 20 is shown whole; of 21, cut.
	for _, k := range []int{20, 21} {
		loop := make([]account.Account, k)
		for i := range loop {
			loop[i] = account.Account{ID: account.ID(fmt.Sprintf("b%02d", i)), Parent: account.ID(fmt.Sprintf("b%02d", (i+1)%k))}
		}
		_, err := account.NewHierarchy(loop)
		whole := strings.HasSuffix(err.Error(), `-> "b00"`)
		if whole != (k == 20) {
			t.Errorf("a loop of %d: %q", k, err.Error())
		}
	}
}

// An ID given three times is one problem, reported once, even when it sorts
// first.
func TestNewHierarchyTripleIDReportedOnce(t *testing.T) {
	_, err := account.NewHierarchy([]account.Account{{ID: "b"}, {ID: "b"}, {ID: "b"}, {ID: "c"}})
	var n int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if fe, ok := e.(*account.FieldError); ok && fe.ID == "b" && fe.Field == "ID" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("a triple ID is reported %d times in %v", n, err)
	}
}

// Ancestors climbs up to an ultimate parent whose ID sorts first (index 0).
func TestAncestorsReachTheFirstAccount(t *testing.T) {
	h, err := account.NewHierarchy([]account.Account{{ID: "a"}, {ID: "b", Parent: "a"}, {ID: "c", Parent: "b"}})
	if err != nil {
		t.Fatal(err)
	}
	got := slices.Collect(h.Ancestors("c"))
	if diff := cmp.Diff(got, []account.ID{"b", "a"}); diff != "" {
		t.Errorf("Ancestors(c) (-got +want):\n%s", diff)
	}
}
