package pack_test

import (
	"bytes"
	"context"
	"errors"
	"iter"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/examples/portfolio/internal/pack"
	"github.com/keyaccount/keyaccount/internal/fixture/sample"
	"github.com/keyaccount/keyaccount/internal/golden"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/sqlstore"
	"github.com/keyaccount/keyaccount/tiering"
)

// outputs returns rep's text and JSON.
func outputs(t testing.TB, rep *pack.Report) (text, js []byte) {
	t.Helper()
	var a, b bytes.Buffer
	if err := rep.WriteText(&a); err != nil {
		t.Fatal(err)
	}
	if err := rep.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	return a.Bytes(), b.Bytes()
}

// shuffled returns a copy of p with every list in a random order, managers
// and accounts included.
func shuffled(p sample.Portfolio, seed uint64) sample.Portfolio {
	r := rand.New(rand.NewPCG(seed, seed))
	q := p
	q.Managers, q.Accounts, q.Contacts = slices.Clone(p.Managers), slices.Clone(p.Accounts), slices.Clone(p.Contacts)
	q.Transactions, q.Interactions = slices.Clone(p.Transactions), slices.Clone(p.Interactions)
	r.Shuffle(len(q.Managers), func(i, j int) { q.Managers[i], q.Managers[j] = q.Managers[j], q.Managers[i] })
	r.Shuffle(len(q.Accounts), func(i, j int) { q.Accounts[i], q.Accounts[j] = q.Accounts[j], q.Accounts[i] })
	r.Shuffle(len(q.Contacts), func(i, j int) { q.Contacts[i], q.Contacts[j] = q.Contacts[j], q.Contacts[i] })
	r.Shuffle(len(q.Transactions), func(i, j int) {
		q.Transactions[i], q.Transactions[j] = q.Transactions[j], q.Transactions[i]
	})
	r.Shuffle(len(q.Interactions), func(i, j int) {
		q.Interactions[i], q.Interactions[j] = q.Interactions[j], q.Interactions[i]
	})
	return q
}

// TestDeterministic runs the pack twice on one store, and on stores filled
// in shuffled orders: the reports, their text and their JSON are equal.
func TestDeterministic(t *testing.T) {
	p := portfolio(120)
	cfg := pack.DefaultConfig()
	cfg.Budgets = budgets(p)
	cfg.FiscalStart = time.July // the budgets' fiscal years
	s := memory(t, p)
	first, err := pack.Run(context.Background(), s, cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	text, js := outputs(t, first)
	check := func(t *testing.T, rep *pack.Report) {
		t.Helper()
		if diff := gocmp.Diff(first, rep); diff != "" {
			t.Errorf("report differs (-first +this):\n%s", diff)
		}
		gt, gj := outputs(t, rep)
		if !bytes.Equal(gt, text) || !bytes.Equal(gj, js) {
			t.Errorf("text or JSON differs:\n%s", gocmp.Diff(string(text), string(gt)))
		}
	}
	t.Run("again", func(t *testing.T) {
		rep, err := pack.Run(context.Background(), s, cfg, pack.DefaultAt)
		if err != nil {
			t.Fatal(err)
		}
		check(t, rep)
	})
	for _, seed := range []uint64{1, 2, 3} {
		t.Run("shuffled", func(t *testing.T) {
			c := cfg
			c.Budgets = slices.Clone(cfg.Budgets)
			slices.Reverse(c.Budgets)
			rep, err := pack.Run(context.Background(), memory(t, shuffled(p, seed)), c, pack.DefaultAt)
			if err != nil {
				t.Fatal(err)
			}
			check(t, rep)
		})
	}
}

// small is the portfolio of the golden report: 24 accounts, 3 managers.
func small() sample.Portfolio {
	return sample.New(sample.Options{Seed: 3, Accounts: 24, Managers: 3, At: pack.DefaultAt})
}

// TestGolden compares the text and JSON reports of a small portfolio with
// testdata/small.txt and small.json; go test -update rewrites them.
func TestGolden(t *testing.T) {
	p := small()
	cfg := pack.DefaultConfig()
	cfg.Top = 5
	cfg.Budgets = budgets(p)
	cfg.FiscalStart = time.July // the budgets' fiscal years
	rep := runDefault(t, p, cfg)
	text, js := outputs(t, rep)
	golden.Check(t, text, filepath.Join("testdata", "small.txt"))
	golden.Check(t, js, filepath.Join("testdata", "small.json"))
}

// TestHeadings checks that the text has every heading, in order, each
// underlined.
func TestHeadings(t *testing.T) {
	rep := runDefault(t, small(), pack.DefaultConfig())
	text, _ := outputs(t, rep)
	at := 0
	for _, h := range pack.Headings {
		i := bytes.Index(text[at:], []byte("\n"+h+"\n"+string(bytes.Repeat([]byte("-"), len(h)))+"\n"))
		if i < 0 {
			t.Fatalf("heading %q missing or out of order", h)
		}
		at += i + 1
	}
}

// TestSQLite runs the pack over sqlstore on SQLite and over memstore: the
// reports are the same, to the byte of their text and JSON.
func TestSQLite(t *testing.T) {
	if testing.Short() {
		t.Skip("loads a portfolio into SQLite")
	}
	p := portfolio(120)
	cfg := pack.DefaultConfig()
	cfg.Budgets = budgets(p)
	cfg.FiscalStart = time.July // the budgets' fiscal years
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "pack.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fill(t, db, p)
	onSQL, err := pack.Run(ctx, db, cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	onMem, err := pack.Run(ctx, memory(t, p), cfg, pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	st, sj := outputs(t, onSQL)
	mt, mj := outputs(t, onMem)
	if diff := gocmp.Diff(string(mt), string(st)); diff != "" {
		t.Errorf("text differs (-memstore +sqlite):\n%s", diff)
	}
	if diff := gocmp.Diff(string(mj), string(sj)); diff != "" {
		t.Errorf("JSON differs (-memstore +sqlite):\n%s", diff)
	}
}

// TestDoneContext checks that a done context stops Run with its error,
// before and during the run.
func TestDoneContext(t *testing.T) {
	s := memory(t, small())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := pack.Run(ctx, s, pack.DefaultConfig(), pack.DefaultAt); !errors.Is(err, context.Canceled) {
		t.Errorf("Run on a cancelled context = %v, want context.Canceled", err)
	}
	ctx, cancel = context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()
	if _, err := pack.Run(ctx, s, pack.DefaultConfig(), pack.DefaultAt); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Run past its deadline = %v, want context.DeadlineExceeded", err)
	}
}

// stopAfter is a store whose context-taking lists fail with
// context.Canceled after n of them began: a context done mid-run.
type stopAfter struct {
	pack.Store
	n *int
}

func (s stopAfter) Accounts(ctx context.Context, f account.AccountFilter) iter.Seq2[account.Account, error] {
	*s.n--
	if *s.n < 0 {
		return func(yield func(account.Account, error) bool) { yield(account.Account{}, context.Canceled) }
	}
	return s.Store.Accounts(ctx, f)
}

// TestStoreError checks that an error of the store ends Run with it: the
// tiering service reads the accounts a second time, after the first load.
func TestStoreError(t *testing.T) {
	for _, n := range []int{0, 1} {
		k := n
		_, err := pack.Run(context.Background(), stopAfter{memory(t, small()), &k}, pack.DefaultConfig(), pack.DefaultAt)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("store failing after %d lists: Run = %v, want context.Canceled", n, err)
		}
	}
}

// TestRunArguments checks the errors of Run's own arguments.
func TestRunArguments(t *testing.T) {
	s := memory(t, small())
	var fe *account.FieldError
	if _, err := pack.Run(context.Background(), s, pack.DefaultConfig(), time.Time{}); !errors.Is(err, pack.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "at" {
		t.Errorf("zero at: %v", err)
	}
	if _, err := pack.Run(context.Background(), nil, pack.DefaultConfig(), pack.DefaultAt); !errors.Is(err, pack.ErrInvalid) || !errors.As(err, &fe) || fe.Field != "s" {
		t.Errorf("nil store: %v", err)
	}
	bad := pack.DefaultConfig()
	bad.Top = 0
	if _, err := pack.Run(context.Background(), s, bad, pack.DefaultAt); !errors.Is(err, pack.ErrInvalid) {
		t.Errorf("bad config: %v", err)
	}
}

// TestEmpty runs the pack on an empty store: every section is empty, and
// the text says so.
func TestEmpty(t *testing.T) {
	rep, err := pack.Run(context.Background(), memstore.New(), pack.DefaultConfig(), pack.DefaultAt)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Portfolio.Accounts != 0 || len(rep.Scores) != 0 || rep.Tiering.Accounts != 0 || rep.Segments.Revenue.Active != 0 {
		t.Errorf("empty store: %+v", rep)
	}
	text, _ := outputs(t, rep)
	for _, want := range []string{"No account has subsidiaries.", "No account was scored.", "No handovers.", "No budgets."} {
		if !bytes.Contains(text, []byte(want)) {
			t.Errorf("text lacks %q:\n%s", want, text)
		}
	}
}

// TestConfigErrors checks that each bad field of Config is reported by
// name, at both edges of every range.
func TestConfigErrors(t *testing.T) {
	p := small()
	tests := []struct {
		name  string
		edit  func(*pack.Config)
		field string // "" for a valid config
		part  bool   // a ConfigError (checked by its own package) rather than a FieldError
		inner error  // what the part's error also matches
	}{
		{"default", func(*pack.Config) {}, "", false, nil},
		{"no location", func(c *pack.Config) { c.Location = nil }, "Location", false, nil},
		{"months 0", func(c *pack.Config) { c.ValueMonths = 0 }, "ValueMonths", false, nil},
		{"months 1", func(c *pack.Config) { c.ValueMonths = 1 }, "", false, nil},
		{"months max", func(c *pack.Config) { c.ValueMonths = pack.MaxValueMonths }, "", false, nil},
		{"months max+1", func(c *pack.Config) { c.ValueMonths = pack.MaxValueMonths + 1 }, "ValueMonths", false, nil},
		{"top 0", func(c *pack.Config) { c.Top = 0 }, "Top", false, nil},
		{"top 1", func(c *pack.Config) { c.Top = 1 }, "", false, nil},
		{"top max", func(c *pack.Config) { c.Top = pack.MaxTop }, "", false, nil},
		{"top max+1", func(c *pack.Config) { c.Top = pack.MaxTop + 1 }, "Top", false, nil},
		{"no scorecards", func(c *pack.Config) { c.Scorecards = nil }, "Scorecards", false, nil},
		{"bad scorecard", func(c *pack.Config) { c.Scorecards[1].Measures[0].Weight = -1 }, "Scorecards[1]", true, tiering.ErrInvalid},
		{"bad policy", func(c *pack.Config) { c.Policy.Rules = nil }, "Policy", true, tiering.ErrInvalid},
		{"bad models", func(c *pack.Config) { c.Models[0].Workload = -1 }, "Models", true, tiering.ErrInvalid},
		{"missing model", func(c *pack.Config) { c.Models = c.Models[:3] }, "Models", false, nil},
		{"bad assignment", func(c *pack.Config) { c.Assignment.Continuity = -0.5 }, "Assignment", true, nil},
		{"bad rfm", func(c *pack.Config) { c.RFM.K = 101 }, "RFM", true, segmentation.ErrInvalid},
		{"bad frequency", func(c *pack.Config) { c.Frequency = 99 }, "Frequency", true, segmentation.ErrInvalid},
		{"bad budget", func(c *pack.Config) { c.Budgets[1].Year = 0 }, "Budgets[1]", true, review.ErrInvalid},
		{"repeated budget", func(c *pack.Config) { c.Budgets[1] = c.Budgets[0] }, "Budgets[1]", false, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := pack.DefaultConfig()
			c.Budgets = budgets(p)
			c.FiscalStart = time.July // the budgets' fiscal years
			tt.edit(&c)
			err := c.Validate()
			if tt.field == "" {
				if err != nil {
					t.Fatalf("Validate = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, pack.ErrInvalid) {
				t.Fatalf("Validate = %v, want pack.ErrInvalid", err)
			}
			if tt.part {
				var ce *pack.ConfigError
				if !errors.As(err, &ce) || ce.Field != tt.field {
					t.Fatalf("Validate = %v, want a ConfigError for %s", err, tt.field)
				}
				if tt.inner != nil && !errors.Is(err, tt.inner) {
					t.Errorf("Validate = %v, want it to match %v", err, tt.inner)
				}
				return
			}
			var fe *account.FieldError
			if !errors.As(err, &fe) || fe.Record != "Config" || fe.Field != tt.field {
				t.Fatalf("Validate = %v, want a FieldError for Config.%s", err, tt.field)
			}
		})
	}
}

// TestConfigErrorText checks the text of a ConfigError and that many
// problems are reported together.
func TestConfigErrorText(t *testing.T) {
	c := pack.DefaultConfig()
	c.Top, c.ValueMonths, c.RFM.K = 0, 0, 101
	err := c.Validate()
	var ce *pack.ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("Validate = %v, want a ConfigError", err)
	}
	if got := ce.Error(); got[:len("pack: invalid input: Config.RFM: ")] != "pack: invalid input: Config.RFM: " {
		t.Errorf("Error() = %q", got)
	}
	var errs interface{ Unwrap() []error }
	if !errors.As(err, &errs) || len(errs.Unwrap()) < 3 {
		t.Errorf("Validate = %v, want 3 problems joined", err)
	}
}

// TestTopCutsLists checks that Top bounds the lists and the Pareto top.
func TestTopCutsLists(t *testing.T) {
	p := portfolio(120)
	for _, top := range []int{1, 7} {
		cfg := pack.DefaultConfig()
		cfg.Top = top
		rep := runDefault(t, p, cfg)
		if len(rep.Scores) != top || rep.Segments.Revenue.Top != top || len(rep.Coverage.Weakest) > top || rep.Top != top {
			t.Errorf("Top %d: %d explained, Pareto top %d, %d weakest", top, len(rep.Scores), rep.Segments.Revenue.Top, len(rep.Coverage.Weakest))
		}
		text, _ := outputs(t, rep)
		if !bytes.Contains(text, []byte("... and ")) {
			t.Errorf("Top %d: no list says how many more", top)
		}
	}
}
