package calendar_test

import (
	"sync"
	"testing"
	"time"
)

// Goroutines racing to build and read the same years of one fresh calendar
// get the answers a calendar used by one goroutine gives. Run with -race.
func TestConcurrentUse(t *testing.T) {
	ref := nzOffice(t)
	shared := nzOffice(t)
	starts := spanStarts(200)
	for i := range starts {
		starts[i] = starts[i].AddDate(i%5-2, 0, 0) // 2022 to 2028
	}
	want := make([]time.Duration, len(starts))
	for i, s := range starts {
		d, err := ref.Duration(s, s.Add(45*24*time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		want[i] = d
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(starts))
	for g := range 8 {
		wg.Go(func() {
			for k := range starts {
				i := (k + g*25) % len(starts)
				d, err := shared.Duration(starts[i], starts[i].Add(45*24*time.Hour))
				if err != nil {
					errs <- err.Error()
					continue
				}
				if d != want[i] {
					errs <- "Duration mismatch at " + starts[i].String()
				}
				if _, err := shared.AddBusinessDays(starts[i], 10); err != nil {
					errs <- err.Error()
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
