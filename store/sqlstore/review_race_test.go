package sqlstore

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/review"
)

// TestPlanSaveDeleteRace has writers save and delete one plan at once
// while readers read it: each write either succeeds or fails with
// ErrConflict or ErrNotFound; a reader never sees a head without its
// version (ErrCorrupt); and at the end the history is whole, versions 1
// to n without a gap, the last one current. The storetest suite races
// saves only; deletes start a new history, which is where a plan store
// built on two tables could leave a head and its versions apart.
func TestPlanSaveDeleteRace(t *testing.T) {
	const (
		writers = 4
		rounds  = 25
		readers = 2
	)
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		errs := make(chan error, writers+readers)
		var wg sync.WaitGroup
		done := make(chan struct{})
		var saved, deleted atomic.Int64
		for w := range writers {
			wg.Go(func() {
				for i := range rounds {
					p, err := s.Plan(ctx, "shared")
					switch {
					case errors.Is(err, account.ErrNotFound):
						p = planX("shared", t0)
					case err != nil:
						errs <- fmt.Errorf("writer %d: read: %w", w, err)
						return
					}
					if (w+i)%5 == 4 && p.Version > 0 {
						if err = s.DeletePlan(ctx, "shared", p.Version); err == nil {
							deleted.Add(1)
						}
					} else {
						p.At = p.At.Add(time.Minute)
						p.Goals = append(p.Goals, fmt.Sprint("w", w))
						if _, err = s.SavePlan(ctx, p); err == nil {
							saved.Add(1)
						}
					}
					if err != nil && !errors.Is(err, account.ErrConflict) && !errors.Is(err, account.ErrNotFound) {
						errs <- fmt.Errorf("writer %d: write: %w", w, err)
						return
					}
				}
			})
		}
		var readersWG sync.WaitGroup
		for r := range readers {
			readersWG.Go(func() {
				for {
					select {
					case <-done:
						return
					default:
					}
					if _, err := s.Plan(ctx, "shared"); err != nil && !errors.Is(err, account.ErrNotFound) {
						errs <- fmt.Errorf("reader %d: %w", r, err)
						return
					}
					for _, err := range s.Plans(ctx, review.PlanFilter{}) {
						if err != nil {
							errs <- fmt.Errorf("reader %d: list: %w", r, err)
							return
						}
					}
				}
			})
		}
		wg.Wait()
		close(done)
		readersWG.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		if saved.Load() == 0 || deleted.Load() == 0 {
			t.Fatalf("%d saves and %d deletes succeeded; the race needs both", saved.Load(), deleted.Load())
		}
		h, err := account.Collect(s.PlanHistory(ctx, "shared"))
		if err != nil {
			t.Fatal(err)
		}
		for i, p := range h {
			if p.Version != int64(i+1) {
				t.Errorf("version %d of the history is numbered %d", i+1, p.Version)
			}
		}
		cur, err := s.Plan(ctx, "shared")
		switch {
		case len(h) == 0:
			if !errors.Is(err, account.ErrNotFound) {
				t.Errorf("no history, but Plan returns %+v, %v", cur, err)
			}
		case err != nil || cur.Version != int64(len(h)):
			t.Errorf("Plan returns version %d (%v) of a history of %d", cur.Version, err, len(h))
		}
	})
}
