package storetest_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/store/memstore"
	"github.com/keyaccount/keyaccount/store/storetest"
)

// Broken response stores, each breaking one promise of the
// engagement.ResponseStore contract, and the subtests of RunResponses that
// must catch it; run in child processes as the broken stores of Run are.
const brokenResponsesEnv = "STORETEST_BROKEN_RESPONSES"

var brokenResponseStores = map[string]struct {
	newStore func() engagement.ResponseStore
	failures []string
}{
	"one-sentinel": {
		newStore: func() engagement.ResponseStore { return oneSentinel{memstore.New()} },
		failures: []string{"Scores"},
	},
	"ignores-kind": {
		newStore: func() engagement.ResponseStore { return ignoresKind{memstore.New()} },
		failures: []string{"Order", "Model"},
	},
	"ignores-context": {
		newStore: func() engagement.ResponseStore { return addsWhenDone{memstore.New()} },
		failures: []string{"Context"},
	},
}

func TestBrokenResponseStore(t *testing.T) {
	name := os.Getenv(brokenResponsesEnv)
	if name == "" {
		t.Skip("runs only as a child of TestResponseSuiteCatches")
	}
	storetest.RunResponses(t, func(*testing.T) engagement.ResponseStore { return brokenResponseStores[name].newStore() })
}

func TestResponseSuiteCatches(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite in child processes")
	}
	for name, b := range brokenResponseStores {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cmd := exec.CommandContext(t.Context(), os.Args[0], "-test.run=^TestBrokenResponseStore$", "-test.count=1",
				"-rapid.nofailfile", "-rapid.shrinktime=2s")
			cmd.Env = append(os.Environ(), brokenResponsesEnv+"="+name)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("RunResponses passed a broken store (%s); output:\n%s", name, out)
			}
			for _, f := range b.failures {
				if !strings.Contains(string(out), "--- FAIL: TestBrokenResponseStore/"+f+" ") {
					t.Errorf("subtest %s did not fail on the %s store; output:\n%s", f, name, out)
				}
			}
		})
	}
}

// oneSentinel rejects an invalid response with account.ErrInvalid alone,
// without the engagement.ErrInvalid and FieldError of its Validate.
type oneSentinel struct{ *memstore.Store }

func (s oneSentinel) AddResponses(ctx context.Context, rs ...engagement.Response) error {
	err := s.Store.AddResponses(ctx, rs...)
	if errors.Is(err, engagement.ErrInvalid) {
		return fmt.Errorf("invalid response: %w", account.ErrInvalid)
	}
	return err
}

// ignoresKind lists responses of every kind, whatever the filter's Kind.
type ignoresKind struct{ *memstore.Store }

func (s ignoresKind) Responses(ctx context.Context, f engagement.ResponseFilter) iter.Seq2[engagement.Response, error] {
	f.Kind = 0
	return s.Store.Responses(ctx, f)
}

// addsWhenDone adds responses whatever the state of the context.
type addsWhenDone struct{ *memstore.Store }

func (s addsWhenDone) AddResponses(_ context.Context, rs ...engagement.Response) error {
	return s.Store.AddResponses(context.Background(), rs...)
}
