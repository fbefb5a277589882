package segmentation_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"sync/atomic"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/segmentation"
	"github.com/keyaccount/keyaccount/store/memstore"
	"pgregory.net/rapid"
)

// streamSpy is a store without push-down that counts the reads of its
// transactions, and can fail or cancel partway through them.
type streamSpy struct {
	*memstore.Store
	reads     atomic.Int64
	failAfter int                // > 0: yield an error after this many transactions
	cancel    context.CancelFunc // called after the first transaction
}

var errBoom = errors.New("store: connection lost")

func (s *streamSpy) Transactions(ctx context.Context, f account.TransactionFilter) iter.Seq2[account.Transaction, error] {
	s.reads.Add(1)
	return func(yield func(account.Transaction, error) bool) {
		n := 0
		for tx, err := range s.Store.Transactions(ctx, f) {
			if s.failAfter > 0 && n == s.failAfter {
				yield(account.Transaction{}, errBoom)
				return
			}
			if !yield(tx, err) || err != nil {
				return
			}
			if n++; n == 1 && s.cancel != nil {
				s.cancel()
			}
		}
	}
}

// pushSpy adds push-down to a streamSpy: its Partials aggregate the
// transactions in memory and hand over the result's Partials. It can
// decline (with errors.ErrUnsupported, first or after a Partial), fail
// after some Partials, or add a Partial of its own.
type pushSpy struct {
	*streamSpy
	pushes      atomic.Int64
	decline     bool
	declineLate bool
	failAfter   int                   // > 0: yield an error after this many Partials
	extra       *segmentation.Partial // yielded after the others
}

func (s *pushSpy) Partials(ctx context.Context, o segmentation.Options) iter.Seq2[segmentation.Partial, error] {
	s.pushes.Add(1)
	return func(yield func(segmentation.Partial, error) bool) {
		if s.decline {
			yield(segmentation.Partial{}, fmt.Errorf("spy: time zone %v: %w", o.Location, errors.ErrUnsupported))
			return
		}
		a, err := segmentation.Aggregate(s.Store.Transactions(ctx, account.TransactionFilter{}), o)
		if err != nil {
			yield(segmentation.Partial{}, err)
			return
		}
		n := 0
		for p := range a.Partials() {
			if n == 1 && s.declineLate {
				yield(segmentation.Partial{}, errors.ErrUnsupported)
				return
			}
			if s.failAfter > 0 && n == s.failAfter {
				yield(segmentation.Partial{}, errBoom)
				return
			}
			if !yield(p, nil) {
				return
			}
			n++
		}
		if s.extra != nil {
			yield(*s.extra, nil)
		}
	}
}

// fataler is what newStreamSpy needs of a *testing.T or a *rapid.T.
type fataler interface {
	Helper()
	Fatal(args ...any)
}

func newStreamSpy(t fataler, txs ...account.Transaction) *streamSpy {
	t.Helper()
	s := &streamSpy{Store: memstore.New()}
	if len(txs) > 0 {
		if err := s.AddTransactions(context.Background(), txs...); err != nil {
			t.Fatal(err)
		}
	}
	return s
}

var svcAsOf = time.Date(2025, 7, 1, 0, 0, 0, 0, time.UTC)

// svcTxs returns transactions of three accounts, one after svcAsOf.
func svcTxs() []account.Transaction {
	at := func(d int) time.Time { return svcAsOf.AddDate(0, 0, -d) }
	tx := func(id string, acct account.ID, d int, amount string) account.Transaction {
		return account.Transaction{ID: account.TransactionID(id), Account: acct, At: at(d), Amount: account.MustParseMoney(amount), Kind: account.TransactionRevenue}
	}
	return []account.Transaction{
		tx("t1", "acme", 3, "EUR 100.005"), tx("t2", "acme", 40, "EUR -20"), tx("t3", "globex", 200, "EUR 5000"),
		tx("t4", "initech", 10, "EUR 30"), tx("t5", "initech", 11, "EUR 30"), tx("t6", "initech", -2, "EUR 999"),
	}
}

// tableView is what a Table reports, for comparison.
type tableView struct {
	Rows       []segmentation.Row
	Dimensions [3]segmentation.Dimension
	Warnings   []segmentation.Warning
	Excluded   segmentation.Excluded
	AsOf       time.Time
}

func viewOf(t *segmentation.Table) tableView {
	if t == nil {
		return tableView{}
	}
	v := tableView{Dimensions: t.Dimensions(), Warnings: t.Warnings(), Excluded: t.Excluded(), AsOf: t.AsOf()}
	for _, r := range t.All() {
		v.Rows = append(v.Rows, r)
	}
	return v
}

// byHand is the work a Service does, done with the pure functions.
func byHand(ctx context.Context, s account.TransactionStore, o segmentation.Options, sc segmentation.Scoring) (*segmentation.Table, error) {
	a, err := segmentation.Aggregate(s.Transactions(ctx, account.TransactionFilter{}), o)
	if err != nil {
		return nil, err
	}
	return segmentation.Score(a, sc)
}

func TestServiceRFM(t *testing.T) {
	ctx := t.Context()
	o := segmentation.Options{AsOf: svcAsOf, Monetary: segmentation.MonetaryMean, Frequency: segmentation.FrequencyDistinctDays}
	sc := segmentation.Scoring{Segments: segmentation.RFGrid()}
	stream := newStreamSpy(t, svcTxs()...)
	want, err := byHand(ctx, stream.Store, o, sc)
	if err != nil {
		t.Fatal(err)
	}
	if want.Excluded().Future != 1 {
		t.Fatalf("the sample has %d transactions after AsOf, want 1", want.Excluded().Future)
	}

	got, err := segmentation.NewService(stream).RFM(ctx, o, sc)
	if err != nil {
		t.Fatal(err)
	}
	if d := gocmp.Diff(viewOf(got), viewOf(want)); d != "" {
		t.Errorf("RFM streamed (-got +want):\n%s", d)
	}
	if n := stream.reads.Load(); n != 1 {
		t.Errorf("RFM read the transactions %d times, want 1", n)
	}

	// By push-down: the same, but nothing counted as left out.
	push := &pushSpy{streamSpy: newStreamSpy(t, svcTxs()...)}
	got, err = segmentation.NewService(push).RFM(ctx, o, sc)
	if err != nil {
		t.Fatal(err)
	}
	wantPushed := viewOf(want)
	wantPushed.Excluded = segmentation.Excluded{}
	if d := gocmp.Diff(viewOf(got), wantPushed); d != "" {
		t.Errorf("RFM pushed down (-got +want):\n%s", d)
	}
	if r, p := push.reads.Load(), push.pushes.Load(); r != 0 || p != 1 {
		t.Errorf("RFM over a PartialStore read the transactions %d times and the Partials %d times, want 0 and 1", r, p)
	}
}

func TestServicePareto(t *testing.T) {
	ctx := t.Context()
	o := segmentation.Options{AsOf: svcAsOf}
	tab, err := byHand(ctx, newStreamSpy(t, svcTxs()...).Store, o, segmentation.Scoring{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := tab.Pareto()
	if err != nil {
		t.Fatal(err)
	}
	for _, svc := range []*segmentation.Service{
		segmentation.NewService(newStreamSpy(t, svcTxs()...)),
		segmentation.NewService(&pushSpy{streamSpy: newStreamSpy(t, svcTxs()...)}),
	} {
		got, err := svc.Pareto(ctx, o)
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(got.Shares(), want.Shares()); d != "" {
			t.Errorf("Pareto shares (-got +want):\n%s", d)
		}
		if !got.Total().Equal(want.Total()) || got.Gini() != want.Gini() {
			t.Errorf("Pareto total %v, Gini %v; want %v, %v", got.Total(), got.Gini(), want.Total(), want.Gini())
		}
	}

	// A net refund: the Pareto of such values is an error naming the account.
	refund := append(svcTxs(), account.Transaction{ID: "r1", Account: "globex", At: svcAsOf.AddDate(0, 0, -1),
		Amount: account.MustParseMoney("EUR -6000"), Kind: account.TransactionRevenue})
	_, err = segmentation.NewService(newStreamSpy(t, refund...)).Pareto(ctx, o)
	var fe *account.FieldError
	if !errors.Is(err, segmentation.ErrNegative) || !errors.As(err, &fe) || fe.ID != "globex" {
		t.Errorf("Pareto with a net refund: error %v, want ErrNegative naming globex", err)
	}
}

// TestServiceFallback checks that a store that declines push-down, first
// or (against its contract) after a Partial, is read transaction by
// transaction, and gives the streamed result.
func TestServiceFallback(t *testing.T) {
	ctx := t.Context()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	o := segmentation.Options{AsOf: svcAsOf, Location: berlin, Frequency: segmentation.FrequencyDistinctWeeks}
	want, err := byHand(ctx, newStreamSpy(t, svcTxs()...).Store, o, segmentation.Scoring{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []*pushSpy{
		{streamSpy: newStreamSpy(t, svcTxs()...), decline: true},
		{streamSpy: newStreamSpy(t, svcTxs()...), declineLate: true},
	} {
		got, err := segmentation.NewService(s).RFM(ctx, o, segmentation.Scoring{})
		if err != nil {
			t.Fatal(err)
		}
		if d := gocmp.Diff(viewOf(got), viewOf(want)); d != "" {
			t.Errorf("RFM after a decline (late %v) (-got +want):\n%s", s.declineLate, d)
		}
		if r, p := s.reads.Load(), s.pushes.Load(); r != 1 || p != 1 {
			t.Errorf("RFM after a decline (late %v) read the Partials %d times and the transactions %d times, want 1 and 1", s.declineLate, p, r)
		}
	}
}

func TestServiceErrors(t *testing.T) {
	ctx := t.Context()
	o := segmentation.Options{AsOf: svcAsOf}
	wantField := func(what string, err error, sentinel error, record, field string) {
		t.Helper()
		var fe *account.FieldError
		if !errors.Is(err, sentinel) || !errors.As(err, &fe) || fe.Record != record || fe.Field != field {
			t.Errorf("%s: error %v, want a FieldError for %s.%s wrapping %v", what, err, record, field, sentinel)
		}
	}

	t.Run("StoreFailsMidStream", func(t *testing.T) {
		s := newStreamSpy(t, svcTxs()...)
		s.failAfter = 2
		tab, err := segmentation.NewService(s).RFM(ctx, o, segmentation.Scoring{})
		if !errors.Is(err, errBoom) || tab != nil {
			t.Errorf("RFM over a store that fails after 2 transactions: (%v, %v), want (nil, %v)", tab, err, errBoom)
		}
	})
	t.Run("PartialsFailMidStream", func(t *testing.T) {
		s := &pushSpy{streamSpy: newStreamSpy(t, svcTxs()...), failAfter: 1}
		a, err := segmentation.NewService(s).Aggregate(ctx, o)
		if !errors.Is(err, errBoom) || a != nil {
			t.Errorf("Aggregate over Partials that fail after 1: (%v, %v), want (nil, %v)", a, err, errBoom)
		}
		if r := s.reads.Load(); r != 0 {
			t.Errorf("a push-down that failed was followed by %d reads of the transactions, want none: only ErrUnsupported falls back", r)
		}
	})
	t.Run("BadPartial", func(t *testing.T) {
		s := &pushSpy{streamSpy: newStreamSpy(t, svcTxs()...),
			extra: &segmentation.Partial{Account: "zeta", First: svcAsOf, Last: svcAsOf.Add(time.Nanosecond), Transactions: 1, Total: account.MustParseMoney("EUR 1")}}
		_, err := segmentation.NewService(s).RFM(ctx, o, segmentation.Scoring{})
		wantField("a Partial after AsOf", err, segmentation.ErrInvalid, "Partial", "Last")
	})
	t.Run("CurrencyMixed", func(t *testing.T) {
		txs := append(svcTxs(), account.Transaction{ID: "x1", Account: "acme", At: svcAsOf.AddDate(0, 0, -1),
			Amount: account.MustParseMoney("USD 1"), Kind: account.TransactionRevenue})
		for _, store := range []segmentation.TransactionReader{newStreamSpy(t, txs...), &pushSpy{streamSpy: newStreamSpy(t, txs...)}} {
			_, err := segmentation.NewService(store).RFM(ctx, o, segmentation.Scoring{})
			var ce *segmentation.CurrencyError
			if !errors.As(err, &ce) || ce.Account != "acme" || ce.Currencies != [2]account.Currency{"EUR", "USD"} {
				t.Errorf("RFM over acme in EUR and USD (%T): error %v, want a CurrencyError for acme", store, err)
			}
		}
	})
	t.Run("InvalidArguments", func(t *testing.T) {
		for _, c := range []struct {
			name  string
			o     segmentation.Options
			sc    segmentation.Scoring
			field string // "" for valid arguments
		}{
			{"frequency at its edge", segmentation.Options{Frequency: segmentation.FrequencyDistinctYears}, segmentation.Scoring{}, ""},
			{"frequency past it", segmentation.Options{Frequency: segmentation.FrequencyDistinctYears + 1}, segmentation.Scoring{}, "Frequency"},
			{"window of one instant", segmentation.Options{Since: svcAsOf, AsOf: svcAsOf}, segmentation.Scoring{}, ""},
			{"window reversed", segmentation.Options{Since: svcAsOf.Add(time.Nanosecond), AsOf: svcAsOf}, segmentation.Scoring{}, "Since"},
			{"K at its edge", segmentation.Options{}, segmentation.Scoring{K: 100}, ""},
			{"K past it", segmentation.Options{}, segmentation.Scoring{K: 101}, "K"},
		} {
			for _, store := range []*streamSpy{newStreamSpy(t, svcTxs()...), (&pushSpy{streamSpy: newStreamSpy(t, svcTxs()...)}).streamSpy} {
				_, err := segmentation.NewService(store).RFM(ctx, c.o, c.sc)
				if c.field == "" {
					if err != nil {
						t.Errorf("%s: %v", c.name, err)
					}
					continue
				}
				var fe *account.FieldError
				if !errors.Is(err, segmentation.ErrInvalid) || !errors.As(err, &fe) || fe.Field != c.field {
					t.Errorf("%s: error %v, want a FieldError for %s wrapping ErrInvalid", c.name, err, c.field)
				}
				if r := store.reads.Load(); r != 0 {
					t.Errorf("%s: the store was read %d times before the arguments were checked", c.name, r)
				}
			}
		}
	})
	t.Run("NoStore", func(t *testing.T) {
		for name, svc := range map[string]*segmentation.Service{"zero": {}, "nil store": segmentation.NewService(nil), "nil": nil} {
			_, err := svc.RFM(ctx, o, segmentation.Scoring{})
			wantField(name+" Service", err, segmentation.ErrInvalid, "Service", "")
			_, err = svc.Pareto(ctx, o)
			wantField(name+" Service's Pareto", err, segmentation.ErrInvalid, "Service", "")
		}
	})
}

func TestServiceContext(t *testing.T) {
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	expired, cancel2 := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel2()
	for _, d := range []struct {
		name string
		ctx  context.Context
		err  error
	}{{"Cancelled", cancelled, context.Canceled}, {"DeadlineExceeded", expired, context.DeadlineExceeded}} {
		stream := newStreamSpy(t, svcTxs()...)
		push := &pushSpy{streamSpy: newStreamSpy(t, svcTxs()...)}
		for _, s := range []segmentation.TransactionReader{stream, push} {
			tab, err := segmentation.NewService(s).RFM(d.ctx, segmentation.Options{}, segmentation.Scoring{})
			if !errors.Is(err, d.err) || tab != nil {
				t.Errorf("%s: RFM over %T: (%v, %v), want (nil, error wrapping %v)", d.name, s, tab, err, d.err)
			}
		}
		if stream.reads.Load()+push.reads.Load()+push.pushes.Load() != 0 {
			t.Errorf("%s: the store was read on a done context", d.name)
		}
	}

	// Cancelled while the transactions stream: the store's check ends it.
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	s := newStreamSpy(t, svcTxs()...)
	s.cancel = cancel
	if _, err := segmentation.NewService(s).RFM(ctx, segmentation.Options{}, segmentation.Scoring{}); !errors.Is(err, context.Canceled) {
		t.Errorf("RFM cancelled after the first transaction: error %v, want one wrapping context.Canceled", err)
	}
}

// TestServiceProperty checks on random portfolios that the Service gives
// what the pure functions give, streamed or pushed down, errors included.
func TestServiceProperty(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		raw := rapid.SliceOfN(txGen(true), 0, 40).Draw(rt, "transactions")
		costs := rapid.IntRange(0, 2).Draw(rt, "costs") // none, all, some
		txs := make([]account.Transaction, len(raw))
		for i, tx := range raw {
			tx.ID = account.TransactionID(fmt.Sprintf("t%03d", i)) // unique, as a store requires
			if costs == 1 || costs == 2 && rapid.Bool().Draw(rt, "cost") {
				tx.Kind = account.TransactionCost
			}
			txs[i] = tx
		}
		o := segmentation.Options{
			Kind:         rapid.SampledFrom([]account.TransactionKind{0, account.TransactionRevenue, account.TransactionCost}).Draw(rt, "kind"),
			Frequency:    segmentation.FrequencyBasis(rapid.IntRange(0, int(segmentation.FrequencyDistinctYears)).Draw(rt, "frequency")),
			Monetary:     segmentation.MonetaryBasis(rapid.IntRange(0, int(segmentation.MonetaryMean)).Draw(rt, "monetary")),
			RejectFuture: rapid.Bool().Draw(rt, "reject future"),
		}
		if rapid.Bool().Draw(rt, "as of") {
			o.AsOf = propAsOf
		}
		if rapid.Bool().Draw(rt, "since") {
			o.Since = propAsOf.AddDate(0, -rapid.IntRange(0, 30).Draw(rt, "months"), 0)
		}
		sc := segmentation.Scoring{K: rapid.IntRange(1, 7).Draw(rt, "k")}
		want, wantErr := byHand(context.Background(), newStreamSpy(rt, txs...).Store, o, sc)
		for _, s := range []segmentation.TransactionReader{newStreamSpy(rt, txs...), &pushSpy{streamSpy: newStreamSpy(rt, txs...)}} {
			_, pushed := s.(*pushSpy)
			got, err := segmentation.NewService(s).RFM(context.Background(), o, sc)
			switch {
			case (err == nil) != (wantErr == nil) || err != nil && !errors.Is(err, segmentation.ErrInvalid):
				rt.Fatalf("pushed %v: error %v, want %v", pushed, err, wantErr)
			case !pushed && err != nil && err.Error() != wantErr.Error():
				rt.Fatalf("streamed: error %v, want %v", err, wantErr) // the very same error
			}
			if err != nil {
				continue
			}
			w := viewOf(want)
			if pushed {
				w.Excluded = segmentation.Excluded{}
			}
			if d := gocmp.Diff(viewOf(got), w); d != "" {
				rt.Fatalf("pushed %v: table (-got +want):\n%s", pushed, d)
			}
		}
	})
}
