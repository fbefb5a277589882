package assign_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/assign"
	"github.com/keyaccount/keyaccount/internal/applytest"
	"github.com/keyaccount/keyaccount/store/memstore"
	"pgregory.net/rapid"
)

// shellManagers are the managers of the shell's tests and examples: two in
// EMEA, one in APAC, and one who has left.
var shellManagers = []account.Manager{
	{ID: "ana", Name: "Ana", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
	{ID: "ben", Name: "Ben", Capacity: 20, Regions: []string{"EMEA"}, Active: true},
	{ID: "cho", Name: "Cho", Capacity: 15, Regions: []string{"APAC"}, Active: true},
	{ID: "dev", Name: "Dev", Capacity: 30, Active: false}, // has left
}

// shellAccounts are the accounts of the shell's tests and examples.
var shellAccounts = []account.Account{
	{ID: "acme", Name: "Acme", Tier: 1, Region: "EMEA", Owner: "ana"},
	{ID: "bolt", Name: "Bolt", Tier: 1, Region: "EMEA", Owner: "ana"},
	{ID: "core", Name: "Core", Tier: 2, Region: "EMEA", Owner: "ana"},
	{ID: "dyna", Name: "Dyna", Tier: 2, Region: "EMEA", Owner: "dev"},
	{ID: "eon", Name: "Eon", Tier: 3, Region: "EMEA"},
	{ID: "flux", Name: "Flux", Tier: 2, Region: "APAC", Owner: "cho"},
	{ID: "gala", Name: "Gala", Tier: 1, Region: "APAC", Owner: "dev"},
	{ID: "hive", Name: "Hive", Tier: 3, Region: "LATAM"},
	{ID: "iris", Name: "Iris", Tier: 3, Region: "LATAM", Owner: "dev"},
}

var shellUnits = map[account.Tier]int{1: 8, 2: 4, 3: 1}

// shellPolicy charges each tier's units and matches regions, at most one
// tier-1 account a manager.
var shellPolicy = assign.Policy{
	Workload:    func(a account.Account) int { return shellUnits[a.Tier] },
	MatchRegion: true,
	MaxTier1:    1,
}

// shellStore returns a memstore holding accounts and managers.
func shellStore(t fataler, accounts []account.Account, managers []account.Manager) *memstore.Store {
	t.Helper()
	ctx := context.Background()
	s := memstore.New()
	for _, a := range accounts {
		if _, err := s.CreateAccount(ctx, a); err != nil {
			t.Fatalf("%v", err)
		}
	}
	for _, m := range managers {
		if _, err := s.CreateManager(ctx, m); err != nil {
			t.Fatalf("%v", err)
		}
	}
	return s
}

func newShell(t fataler, s *memstore.Store, p assign.Policy) *assign.Service {
	t.Helper()
	svc, err := assign.NewService(s, s, p)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return svc
}

func storedAccounts(t fataler, s account.AccountReader) []account.Account {
	t.Helper()
	all, err := account.Collect(s.Accounts(context.Background(), account.AccountFilter{}))
	if err != nil {
		t.Fatalf("%v", err)
	}
	return all
}

// The shell's Result is that of Accounts over the stored accounts and
// managers, and Apply stores exactly the changed owners, once.
func TestServiceAssignAndApply(t *testing.T) {
	ctx := context.Background()
	store := shellStore(t, shellAccounts, shellManagers)
	svc := newShell(t, store, shellPolicy)
	a, err := svc.Assign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	read := storedAccounts(t, store)
	managers, err := account.Collect(store.Managers(ctx, account.ManagerFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	want, err := assign.Accounts(read, managers, shellPolicy)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, a.Result); diff != "" {
		t.Errorf("Result (-pure +shell):\n%s", diff)
	}

	owners := map[account.ID]account.ManagerID{"acme": "ana", "bolt": "ben", "core": "ana", "dyna": "ben", "eon": "ana", "flux": "cho", "gala": "cho", "hive": "", "iris": ""}
	for _, x := range a.Accounts() {
		if x.Owner != owners[x.ID] || x.Version != 1 {
			t.Errorf("Accounts: %s owned by %q, version %d; want %q, version 1", x.ID, x.Owner, x.Version, owners[x.ID])
		}
	}

	got, err := svc.Apply(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	// bolt, dyna, gala change owner; eon gets its first; iris loses dev.
	wantApplied := account.Applied{Written: []account.ID{"bolt", "dyna", "eon", "gala", "iris"}, Unchanged: 4}
	if diff := cmp.Diff(wantApplied, got, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("Apply (-want +got):\n%s", diff)
	}
	for _, x := range storedAccounts(t, store) {
		wantVersion := int64(1)
		if slices.Contains(got.Written, x.ID) {
			wantVersion = 2
		}
		if x.Owner != owners[x.ID] || x.Version != wantVersion {
			t.Errorf("stored %s owned by %q, version %d; want %q, version %d", x.ID, x.Owner, x.Version, owners[x.ID], wantVersion)
		}
	}

	again, err := svc.Apply(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(account.Applied{Unchanged: 9}, again, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("second Apply (-want +got):\n%s", diff)
	}
	b, err := svc.Assign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Result.Handovers) != 0 {
		t.Errorf("a new run over the stored owners hands over %v", b.Result.Handovers)
	}
}

// The zero Assignment assigns nothing, and its Accounts are none.
func TestZeroAssignment(t *testing.T) {
	var a assign.Assignment
	if got := a.Accounts(); len(got) != 0 {
		t.Errorf("zero Assignment's Accounts = %v", got)
	}
	svc := newShell(t, memstore.New(), assign.Policy{})
	got, err := svc.Apply(context.Background(), &a)
	if err != nil || len(got.Written) != 0 || got.Unchanged != 0 || len(got.Conflicts) != 0 {
		t.Errorf("Apply of the zero Assignment = %+v, %v", got, err)
	}
}

// assignRun is the assignment a of svc over store, for package
// applytest.
func assignRun(store account.AccountStore, svc *assign.Service, read []account.Account, a *assign.Assignment) applytest.Run {
	return applytest.Run{
		Store: store, Read: read, After: a.Accounts(),
		Changed: func(read, after account.Account) bool { return read.Owner != after.Owner },
		Holds:   func(stored, after account.Account) bool { return stored.Owner == after.Owner },
		Apply:   func(ctx context.Context) (account.Applied, error) { return svc.Apply(ctx, a) },
	}
}

// For random owners and a random set of accounts changed behind the
// shell's back, exactly the changed accounts whose owner the assignment
// changes conflict; the others are written; a second Apply writes nothing.
func TestServiceApplyProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		managers := []account.Manager{
			{ID: "m1", Name: "M1", Capacity: rapid.IntRange(0, 10).Draw(rt, "cap1"), Active: true},
			{ID: "m2", Name: "M2", Capacity: rapid.IntRange(0, 10).Draw(rt, "cap2"), Active: rapid.Bool().Draw(rt, "active2")},
			{ID: "m3", Name: "M3", Capacity: rapid.IntRange(0, 10).Draw(rt, "cap3"), Active: true},
		}
		n := rapid.IntRange(0, 20).Draw(rt, "accounts")
		accounts := make([]account.Account, n)
		for i := range accounts {
			accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("a%02d", i)), Name: "x",
				Owner: rapid.SampledFrom([]account.ManagerID{"", "m1", "m2", "m3", "gone"}).Draw(rt, "owner")}
		}
		store := shellStore(rt, accounts, managers)
		svc := newShell(rt, store, assign.Policy{})
		read := storedAccounts(rt, store)
		a, err := svc.Assign(context.Background())
		if err != nil {
			rt.Fatal(err)
		}
		applytest.Check(rt, assignRun(store, svc, read, a))
	})
}

// A writer changing accounts while Apply writes them: each account the
// assignment moves is written or conflicts, and only touched ones
// conflict. Run under -race.
func TestServiceApplyConcurrentWriter(t *testing.T) {
	const n = 1000
	accounts := make([]account.Account, n)
	for i := range accounts {
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("a%04d", i)), Name: "x"}
	}
	store := shellStore(t, accounts, []account.Manager{{ID: "m", Name: "M", Capacity: n, Active: true}})
	svc := newShell(t, store, assign.Policy{})
	read := storedAccounts(t, store)
	a, err := svc.Assign(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	applytest.Concurrent(t, assignRun(store, svc, read, a))
}

// failingLister yields an error after the first manager.
type failingLister struct{ err error }

func (f failingLister) Managers(context.Context, account.ManagerFilter) iter.Seq2[account.Manager, error] {
	return func(yield func(account.Manager, error) bool) {
		if yield(account.Manager{ID: "m", Name: "M", Capacity: 1, Active: true}, nil) {
			yield(account.Manager{}, f.err)
		}
	}
}

func TestServiceErrors(t *testing.T) {
	ctx := context.Background()
	store := shellStore(t, shellAccounts, shellManagers)
	for _, tt := range []struct {
		name     string
		accounts account.AccountStore
		managers assign.ManagerLister
		policy   assign.Policy
		record   string
		field    string
	}{
		{"nil accounts", nil, store, assign.Policy{}, "Argument", "accounts"},
		{"nil managers", store, nil, assign.Policy{}, "Argument", "managers"},
		{"bad policy", store, store, assign.Policy{MaxTier1: -1}, "Policy", "MaxTier1"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			svc, err := assign.NewService(tt.accounts, tt.managers, tt.policy)
			var fe *account.FieldError
			if svc != nil || !errors.Is(err, assign.ErrInvalid) || !errors.As(err, &fe) || fe.Record != tt.record || fe.Field != tt.field {
				t.Errorf("NewService = %v, %v; want a FieldError %s %s", svc, err, tt.record, tt.field)
			}
		})
	}

	boom := errors.New("boom")
	svc, err := assign.NewService(store, failingLister{boom}, assign.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Assign(ctx); !errors.Is(err, boom) {
		t.Errorf("Assign over a failing manager list: %v", err)
	}
	svc = newShell(t, store, assign.Policy{Pins: map[account.ID]account.ManagerID{"nobody": "ana"}})
	if _, err := svc.Assign(ctx); !errors.Is(err, assign.ErrUnknownAccount) {
		t.Errorf("Assign with a pin of an unknown account: %v", err)
	}
	svc = newShell(t, store, shellPolicy)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := svc.Assign(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Assign with a done context: %v", err)
	}
	a, err := svc.Assign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Apply(cancelled, a); !errors.Is(err, context.Canceled) || len(got.Written) != 0 {
		t.Errorf("Apply with a done context = %+v, %v", got, err)
	}
	if _, err := svc.Apply(ctx, nil); !errors.Is(err, assign.ErrInvalid) {
		t.Errorf("Apply(nil): %v", err)
	}
	var zero assign.Service
	var nilSvc *assign.Service
	for _, s := range []*assign.Service{&zero, nilSvc} {
		if _, err := s.Assign(ctx); !errors.Is(err, assign.ErrInvalid) {
			t.Errorf("Assign of a Service not made by NewService: %v", err)
		}
		if _, err := s.Apply(ctx, a); !errors.Is(err, assign.ErrInvalid) {
			t.Errorf("Apply of a Service not made by NewService: %v", err)
		}
	}
}
