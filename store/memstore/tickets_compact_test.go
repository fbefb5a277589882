package memstore

import (
	"strconv"
	"sync"
	"testing"
	"time"
	"unsafe"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// compactTicket returns a ticket opened at the given hour of a day in
// 2024, with a reply an hour later.
func compactTicket(id string, hour int) sla.Timeline {
	at := time.Date(2024, 3, 1, hour, 0, 0, 0, time.UTC)
	return sla.Timeline{Ticket: id, Account: "acme", Events: []sla.Event{
		{ID: id + "-open", At: at, Kind: sla.EventOpened, Priority: sla.PriorityNormal},
		{ID: id + "-reply", At: at.Add(time.Hour), Kind: sla.EventAgentReply},
	}}
}

// contiguous reports whether the entries of order, and their events,
// follow one another in memory, in order, each ticket's events capped at
// their length: what compact leaves.
func contiguous(order []*ticketEntry) bool {
	for i := 1; i < len(order); i++ {
		a, b := order[i-1], order[i]
		evs := a.t.Events
		if uintptr(unsafe.Pointer(b)) != uintptr(unsafe.Pointer(a))+unsafe.Sizeof(*a) ||
			cap(evs) != len(evs) ||
			uintptr(unsafe.Pointer(&b.t.Events[0])) != uintptr(unsafe.Pointer(&evs[0]))+uintptr(len(evs))*unsafe.Sizeof(evs[0]) {
			return false
		}
	}
	return true
}

// TestTicketsCompact: a list settles tickets created out of order and, if
// they are at least half of the store, compacts them; the tickets read the
// same before and after, and writes to a compacted store or to what was
// read from it never reach another ticket.
func TestTicketsCompact(t *testing.T) {
	ctx := t.Context()
	s := New()
	// Hours 10, 11, then 9, 8: two entries in order and two fresh, exactly
	// half of the four.
	for i, hour := range []int{10, 11, 9, 8} {
		if _, err := s.CreateTicket(ctx, compactTicket("T"+strconv.Itoa(i), hour)); err != nil {
			t.Fatal(err)
		}
	}
	if contiguous(s.tickets.order) {
		t.Fatal("the entries are contiguous before any list")
	}
	want := []string{"T3", "T2", "T0", "T1"}
	list := func() []sla.Ticket {
		t.Helper()
		got, err := account.Collect(s.Tickets(ctx, sla.TicketFilter{}))
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	before := list()
	if ids := ticketIDs(before); !cmp.Equal(ids, want) {
		t.Fatalf("listed %v, want %v", ids, want)
	}
	if !contiguous(s.tickets.order) {
		t.Fatal("a list that settled half the store did not compact it")
	}
	for _, tk := range before {
		if got := s.tickets.recs[tk.Ticket]; got != s.tickets.order[indexOf(want, tk.Ticket)] {
			t.Errorf("the map and the order hold different entries for %s", tk.Ticket)
		}
	}

	// Appending to a listed ticket's events, or to a stored ticket, writes
	// into neither neighbour.
	_ = append(before[1].Events, sla.Event{ID: "listed", At: before[1].Events[1].At, Kind: sla.EventAgentReply})
	up, err := s.AppendTicketEvents(ctx, "T2", 1, sla.Event{ID: "stored", At: before[1].Events[1].At.Add(time.Minute), Kind: sla.EventSolved})
	if err != nil {
		t.Fatal(err)
	}
	after := list()
	before[1] = up
	if d := cmp.Diff(after, before); d != "" {
		t.Errorf("the store after appends (-got +want):\n%s", d)
	}
	for i, id := range want {
		if got, wantEvs := after[i].Events, compactTicket(id, after[i].Events[0].At.Hour()).Events; id != "T2" && !cmp.Equal(got, wantEvs) {
			t.Errorf("%s's events: %v, want %v", id, got, wantEvs)
		}
	}

	// One fresh ticket among five is less than half: sorted in, not
	// compacted.
	if _, err := s.CreateTicket(ctx, compactTicket("T4", 7)); err != nil {
		t.Fatal(err)
	}
	if got := ticketIDs(list()); !cmp.Equal(got, append([]string{"T4"}, want...)) {
		t.Errorf("listed %v after one more", got)
	}
	if contiguous(s.tickets.order) {
		t.Error("a list that settled one of five tickets compacted them")
	}
}

func ticketIDs(ts []sla.Ticket) []string {
	out := make([]string, len(ts))
	for i, tk := range ts {
		out[i] = tk.Ticket
	}
	return out
}

func indexOf(ids []string, id string) int {
	for i, x := range ids {
		if x == id {
			return i
		}
	}
	return -1
}

// TestTicketsCompactConcurrent runs lists, which settle and compact,
// beside creates out of order and appends, under -race: a reader copies
// the events it took under the lock after releasing it, which compaction
// must not write to.
func TestTicketsCompactConcurrent(t *testing.T) {
	ctx := t.Context()
	s := New()
	var wg sync.WaitGroup
	const writers, n = 2, 300
	for w := range writers {
		wg.Go(func() {
			for i := range n {
				id := "W" + strconv.Itoa(w) + "-" + strconv.Itoa(i)
				// Each writer goes back in time: every create is fresh.
				tl := compactTicket(id, 0)
				for k := range tl.Events {
					tl.Events[k].At = tl.Events[k].At.Add(-time.Duration(i*writers+w) * time.Minute)
				}
				if _, err := s.CreateTicket(ctx, tl); err != nil {
					t.Error(err)
					return
				}
				if i%3 == 0 {
					if _, err := s.AppendTicketEvents(ctx, id, 1, sla.Event{At: tl.Events[1].At, Kind: sla.EventSolved}); err != nil {
						t.Error(err)
						return
					}
				}
			}
		})
	}
	for range 2 {
		wg.Go(func() {
			for range 50 {
				prev := time.Time{}
				for tk, err := range s.Tickets(ctx, sla.TicketFilter{}) {
					if err != nil {
						t.Error(err)
						return
					}
					if at := tk.Events[0].At; at.Before(prev) || len(tk.Events) < 2 || tk.Events[0].ID != tk.Ticket+"-open" {
						t.Errorf("listed %s out of order or with events %v", tk.Ticket, tk.Events)
						return
					}
					prev = tk.Events[0].At
				}
			}
		})
	}
	wg.Wait()
	got, err := account.Collect(s.Tickets(ctx, sla.TicketFilter{}))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != writers*n {
		t.Errorf("listed %d tickets, want %d", len(got), writers*n)
	}
	for _, tk := range got {
		i, _ := strconv.Atoi(tk.Ticket[3:])
		if want := 2 + btoi(i%3 == 0); len(tk.Events) != want {
			t.Errorf("%s has %d events, want %d", tk.Ticket, len(tk.Events), want)
		}
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
