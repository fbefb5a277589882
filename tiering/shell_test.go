package tiering_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/applytest"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/tiering"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// bands tiers by absolute score: 80 points or more is tier 1, 50 or more
// tier 2, the rest tier 3.
var bands = tiering.Policy{Basis: tiering.BasisScore, Rules: []tiering.TierRule{
	{MinScore: 80 * tiering.Point}, {MinScore: 50 * tiering.Point}, {},
}}

// fataler is what the helpers need of a *testing.T, *testing.B or
// *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

// storeOf returns a memstore holding accounts.
func storeOf(t fataler, accounts []account.Account) *memstore.Store {
	t.Helper()
	s := memstore.New()
	for _, a := range accounts {
		if _, err := s.CreateAccount(context.Background(), a); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

// newService returns a Service over store with plainCard and policy p.
func newService(t fataler, store account.AccountStore, p tiering.Policy) *tiering.Service {
	t.Helper()
	svc, err := tiering.NewService(store, tiering.ServiceConfig{Scorecards: []tiering.Scorecard{plainCard()}, Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	return svc
}

// stored returns every account of store.
func stored(t fataler, store account.AccountReader) []account.Account {
	t.Helper()
	all, err := account.Collect(store.Accounts(context.Background(), account.AccountFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// decisions returns every decision of r.
func decisions(r *tiering.Result) []tiering.Decision {
	out := make([]tiering.Decision, r.Len())
	for i := range out {
		out[i] = r.Decision(i)
	}
	return out
}

// The shell returns what the pure functions return for the stored accounts.
func TestServiceTierIsThePureRun(t *testing.T) {
	ctx := context.Background()
	accounts := tenAccounts(1, 1, 2, 2, 3, 3, 3)
	store := storeOf(t, accounts)
	svc := newService(t, store, bands)
	in := tiering.Input{At: at, Overrides: []tiering.Override{{Account: "j", Tier: 1, Reason: "strategic", Author: "lead"}}}

	got, err := svc.Tier(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	scores, err := tiering.Score(stored(t, store), plainCard())
	if err != nil {
		t.Fatal(err)
	}
	want, err := bands.Apply(scores, in)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(decisions(want), decisions(got)); diff != "" {
		t.Errorf("decisions (-pure +shell):\n%s", diff)
	}
	if got.Fingerprint() != want.Fingerprint() || !got.At().Equal(at) {
		t.Errorf("fingerprint %v, at %v; want %v, %v", got.Fingerprint(), got.At(), want.Fingerprint(), at)
	}
	sc, err := svc.Score(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range sc.Len() {
		if sc.ID(i) != scores.ID(i) || sc.Total(i) != scores.Total(i) {
			t.Errorf("Score: account %d is %s with %s; want %s with %s", i, sc.ID(i), sc.Total(i), scores.ID(i), scores.Total(i))
		}
	}
}

// Apply writes exactly the accounts whose tier changes, with their new
// tier, TierSince and version, and a second Apply writes nothing.
func TestServiceApply(t *testing.T) {
	ctx := context.Background()
	accounts := tenAccounts(1, 1, 2, 2, 3, 3, 3, 1) // a..h; i and j unassigned
	created := at.Add(-48 * time.Hour)
	for i := range accounts {
		accounts[i].Created, accounts[i].Updated = created, created
		if accounts[i].Tier != account.Unassigned {
			accounts[i].TierSince = created
		}
	}
	store := storeOf(t, accounts)
	svc := newService(t, store, bands)
	r, err := svc.Tier(ctx, tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}
	plan := r.Plan(r.Fingerprint())
	var moved []account.ID
	for _, m := range plan.Moves {
		moved = append(moved, m.Account)
	}
	// a 95, b 88 stay in 1; c 81 rises to 1; d 74 stays in 2; e 67, f 60
	// rise to 2; g 53 rises to 2; h 46 falls to 3; i, j new in 3.
	if want := []account.ID{"c", "e", "f", "g", "h", "i", "j"}; !slices.Equal(moved, want) {
		t.Fatalf("plan moves %v, want %v", moved, want)
	}

	got, err := svc.Apply(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	want := account.Applied{Written: moved, Unchanged: 3}
	if diff := cmp.Diff(want, got, cmpopts.EquateErrors()); diff != "" {
		t.Fatalf("Apply (-want +got):\n%s", diff)
	}
	before := map[account.ID]account.Account{}
	for _, a := range accounts {
		before[a.ID] = a
	}
	for _, a := range stored(t, store) {
		i, _ := r.Scores().Index(a.ID)
		b := before[a.ID]
		switch {
		case slices.Contains(moved, a.ID):
			if a.Version != 2 || a.Tier != r.Tier(i) || !a.TierSince.Equal(at) || !a.Updated.Equal(at) {
				t.Errorf("%s stored as version %d, %s since %v, updated %v; want version 2, %s since %v, updated %v",
					a.ID, a.Version, a.Tier, a.TierSince, a.Updated, r.Tier(i), at, at)
			}
		default:
			if a.Version != 1 || a.Tier != b.Tier || !a.TierSince.Equal(b.TierSince) || !a.Updated.Equal(created) {
				t.Errorf("%s was written: version %d, %s since %v", a.ID, a.Version, a.Tier, a.TierSince)
			}
		}
	}

	// Applying the same Result again writes nothing and reports no conflict.
	again, err := svc.Apply(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(account.Applied{Unchanged: 10}, again, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("second Apply (-want +got):\n%s", diff)
	}
	// So does a new run over the stored tiers: nothing moves.
	r2, err := svc.Tier(ctx, tiering.Input{At: at.Add(time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.Apply(ctx, r2); err != nil || len(got.Written) != 0 || got.Unchanged != 10 {
		t.Errorf("Apply of a run over the applied tiers = %+v, %v; want nothing written", got, err)
	}
}

// An account changed or deleted behind the shell's back is a conflict, and
// the other accounts are still written. An account changed to the very
// tier the run gives, since the run's instant, is no conflict; one changed
// to another tier at that instant is.
func TestServiceApplyConflicts(t *testing.T) {
	ctx := context.Background()
	store := storeOf(t, tenAccounts(3, 3, 3, 3, 3, 3, 3, 3, 3, 3))
	svc := newService(t, store, bands)
	r, err := svc.Tier(ctx, tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}
	// a, b, c rise to tier 1; d, e, f, g to tier 2; h, i, j stay in 3.
	rename := func(id account.ID) {
		a, err := store.Account(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		a.Name += " (renamed)"
		if _, err := store.UpdateAccount(ctx, a); err != nil {
			t.Fatal(err)
		}
	}
	rename("b") // a moved account, changed since the run read it
	rename("h") // an account that does not move: not written, so no conflict
	if err := store.DeleteAccount(ctx, "e", 1); err != nil {
		t.Fatal(err)
	}
	a, err := store.Account(ctx, "f") // someone else applied f's move already
	if err != nil {
		t.Fatal(err)
	}
	a.Tier, a.TierSince = 2, at
	if _, err := store.UpdateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	d, err := store.Account(ctx, "d") // and another run put d elsewhere at the same instant
	if err != nil {
		t.Fatal(err)
	}
	d.Tier, d.TierSince = 1, at
	if _, err := store.UpdateAccount(ctx, d); err != nil {
		t.Fatal(err)
	}

	got, err := svc.Apply(ctx, r)
	if err != nil {
		t.Fatal(err)
	}
	want := account.Applied{
		Written:   []account.ID{"a", "c", "g"},
		Unchanged: 4, // f, h, i, j
		Conflicts: []account.Conflict{{Account: "b", Err: account.ErrConflict}, {Account: "d", Err: account.ErrConflict}, {Account: "e", Err: account.ErrNotFound}},
	}
	if diff := cmp.Diff(want, got, cmpopts.EquateErrors()); diff != "" {
		t.Errorf("Apply (-want +got):\n%s", diff)
	}
	b, err := store.Account(ctx, "b")
	if err != nil {
		t.Fatal(err)
	}
	if b.Tier != 3 || b.Name != "Account 88 (renamed)" || b.Version != 2 {
		t.Errorf("the conflicting account was overwritten: %+v", b)
	}
}

// tieringRun is the run r of svc over store, for package applytest.
func tieringRun(store account.AccountStore, svc *tiering.Service, r *tiering.Result) applytest.Run {
	read := make([]account.Account, r.Len())
	for i := range read {
		read[i] = r.Scores().Account(i)
	}
	return applytest.Run{
		Store: store, Read: read, After: r.Accounts(),
		Changed: func(read, after account.Account) bool { return read.Tier != after.Tier },
		Holds: func(stored, after account.Account) bool {
			return stored.Tier == after.Tier && stored.TierSince.Equal(after.TierSince)
		},
		Apply: func(ctx context.Context) (account.Applied, error) { return svc.Apply(ctx, r) },
	}
}

// A writer renaming accounts while Apply writes them: every moved account
// is either written with its new tier or reported as a conflict, and only
// accounts the writer touched conflict. Run under -race.
func TestServiceApplyConcurrentWriter(t *testing.T) {
	const n = 2000
	accounts := make([]account.Account, n)
	for i := range accounts {
		accounts[i] = account.Account{ID: account.ID(fmt.Sprintf("acct-%04d", i)), Name: "x", Tier: 3,
			Attributes: attrs("score", strconv.Itoa(i%100))}
	}
	store := storeOf(t, accounts)
	svc := newService(t, store, bands)
	r, err := svc.Tier(context.Background(), tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}
	applytest.Concurrent(t, tieringRun(store, svc, r))
}

// For a random portfolio and a random set of accounts changed (renamed or
// deleted) between the run and Apply, exactly the changed accounts that the
// run moves conflict, every other moved account is written with its new
// tier, and a second Apply writes nothing and reports the same conflicts.
func TestServiceApplyProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		n := rapid.IntRange(1, 40).Draw(rt, "accounts")
		accounts := make([]account.Account, n)
		for i := range accounts {
			accounts[i] = account.Account{
				ID: account.ID(fmt.Sprintf("a%02d", i)), Name: "x",
				Tier:       account.Tier(rapid.IntRange(0, 3).Draw(rt, "tier")),
				Attributes: attrs("score", strconv.Itoa(rapid.IntRange(0, 100).Draw(rt, "score"))),
			}
		}
		store := storeOf(rt, accounts)
		policy := tiering.Policy{Basis: tiering.BasisShare, Rules: []tiering.TierRule{
			{Share: decimal.New(int64(rapid.IntRange(1, 50).Draw(rt, "share1")), -2)},
			{Share: decimal.New(int64(rapid.IntRange(1, 50).Draw(rt, "share2")), -2)},
			{},
		}}
		svc := newService(rt, store, policy)
		r, err := svc.Tier(context.Background(), tiering.Input{At: at})
		if err != nil {
			rt.Fatal(err)
		}
		applytest.Check(rt, tieringRun(store, svc, r))
	})
}

func TestNewServiceErrors(t *testing.T) {
	store := memstore.New()
	card := plainCard()
	tests := []struct {
		name  string
		store account.AccountStore
		cfg   tiering.ServiceConfig
		want  []account.FieldError // Record and Field of each problem
	}{
		{"nil store", nil, tiering.ServiceConfig{Scorecards: []tiering.Scorecard{card}, Policy: bands},
			[]account.FieldError{{Record: "Argument", Field: "accounts"}}},
		{"no scorecard", store, tiering.ServiceConfig{Policy: bands},
			[]account.FieldError{{Record: "Score", Field: "cards"}}},
		{"bad scorecard and policy", store, tiering.ServiceConfig{
			Scorecards: []tiering.Scorecard{{Name: "x", Measures: []tiering.Measure{{Name: "m", Weight: -1, Source: tiering.Attribute("m")}}}},
			Policy:     tiering.Policy{Basis: tiering.BasisScore}},
			[]account.FieldError{{Record: "Scorecard", ID: "x", Field: "Measures[0].Weight"}, {Record: "Policy", Field: "Rules"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, err := tiering.NewService(tt.store, tt.cfg)
			if svc != nil || !errors.Is(err, tiering.ErrInvalid) {
				t.Fatalf("NewService = %v, %v; want an error wrapping ErrInvalid", svc, err)
			}
			for _, w := range tt.want {
				if !hasField(err, w) {
					t.Errorf("error %q has no FieldError %s %q %s", err, w.Record, w.ID, w.Field)
				}
			}
		})
	}
}

// hasField reports whether err holds a FieldError with w's Record, ID and
// Field.
func hasField(err error, w account.FieldError) bool {
	var found bool
	var walk func(error)
	walk = func(e error) {
		var fe *account.FieldError
		if errors.As(e, &fe) && fe.Record == w.Record && fe.ID == w.ID && fe.Field == w.Field {
			found = true
		}
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, e := range j.Unwrap() {
				walk(e)
			}
		}
	}
	walk(err)
	return found
}

// NewService copies its configuration.
func TestServiceCopiesConfig(t *testing.T) {
	ctx := context.Background()
	store := storeOf(t, tenAccounts())
	cards := []tiering.Scorecard{plainCard()}
	p := tiering.Policy{Basis: tiering.BasisScore, Rules: []tiering.TierRule{{MinScore: 80 * tiering.Point}, {MinScore: 50 * tiering.Point}, {}}}
	svc, err := tiering.NewService(store, tiering.ServiceConfig{Scorecards: cards, Policy: p})
	if err != nil {
		t.Fatal(err)
	}
	cards[0].Measures[0].Weight = -1
	cards[0].Measures[0].Bands[99].Value = 0
	p.Rules[0].MinScore = 10 * tiering.Point
	r, err := svc.Tier(ctx, tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}
	if r.Count(1) != 3 {
		t.Errorf("tier 1 holds %d accounts; want 3 (a, b and c score 80 or more)", r.Count(1))
	}
}

// failing is an AccountStore whose list fails after yielding after
// accounts, and whose writes fail with err once asked to.
type failing struct {
	*memstore.Store
	after    int
	listErr  error
	writeErr error
}

func (f *failing) Accounts(ctx context.Context, flt account.AccountFilter) iter.Seq2[account.Account, error] {
	return func(yield func(account.Account, error) bool) {
		n := 0
		for a, err := range f.Store.Accounts(ctx, flt) {
			if f.listErr != nil && n == f.after {
				yield(account.Account{}, f.listErr)
				return
			}
			n++
			if !yield(a, err) {
				return
			}
		}
	}
}

func (f *failing) UpdateAccount(ctx context.Context, a account.Account) (account.Account, error) {
	if f.writeErr != nil && a.ID >= "c" {
		return account.Account{}, f.writeErr
	}
	return f.Store.UpdateAccount(ctx, a)
}

func TestServiceErrors(t *testing.T) {
	ctx := context.Background()
	boom := errors.New("boom")
	store := &failing{Store: storeOf(t, tenAccounts()), after: 3, listErr: boom}
	svc := newService(t, store, bands)
	if _, err := svc.Score(ctx); !errors.Is(err, boom) {
		t.Errorf("Score over a failing list: %v; want boom", err)
	}
	if _, err := svc.Tier(ctx, tiering.Input{At: at}); !errors.Is(err, boom) {
		t.Errorf("Tier over a failing list: %v; want boom", err)
	}
	store.listErr = nil
	if _, err := svc.Tier(ctx, tiering.Input{}); !errors.Is(err, tiering.ErrInvalid) {
		t.Errorf("Tier with a zero At: %v; want ErrInvalid", err)
	}
	r, err := svc.Tier(ctx, tiering.Input{At: at})
	if err != nil {
		t.Fatal(err)
	}

	// A failing write ends Apply: what was written before it is reported.
	store.writeErr = boom
	got, err := svc.Apply(ctx, r)
	if !errors.Is(err, boom) || !slices.Equal(got.Written, []account.ID{"a", "b"}) || len(got.Conflicts) != 0 {
		t.Errorf("Apply over a failing write = %+v, %v; want a and b written, then boom", got, err)
	}
	store.writeErr = nil

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := svc.Score(cancelled); !errors.Is(err, context.Canceled) {
		t.Errorf("Score with a done context: %v", err)
	}
	if got, err := svc.Apply(cancelled, r); !errors.Is(err, context.Canceled) || len(got.Written) != 0 {
		t.Errorf("Apply with a done context = %+v, %v", got, err)
	}
	if _, err := svc.Apply(ctx, nil); !errors.Is(err, tiering.ErrInvalid) {
		t.Errorf("Apply(nil): %v; want ErrInvalid", err)
	}

	var zero tiering.Service
	var nilSvc *tiering.Service
	for _, s := range []*tiering.Service{&zero, nilSvc} {
		if _, err := s.Score(ctx); !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("Score of a Service not made by NewService: %v", err)
		}
		if _, err := s.Tier(ctx, tiering.Input{At: at}); !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("Tier of a Service not made by NewService: %v", err)
		}
		if _, err := s.Apply(ctx, r); !errors.Is(err, tiering.ErrInvalid) {
			t.Errorf("Apply of a Service not made by NewService: %v", err)
		}
	}
}
