package sqlstore

import (
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/keyaccount/keyaccount/account"
	"github.com/shopspring/decimal"
	"pgregory.net/rapid"
)

// Round trips: whatever valid record goes in comes back equal, on both
// dialects: amounts exactly (sub-cent digits, scale and sign included),
// times to the microsecond, free text byte for byte.

// anyText draws valid UTF-8 without NUL bytes, the text both dialects keep.
var anyText = rapid.StringMatching(`[^\x00]{0,12}`)

// anyDecimal draws decimals with up to 30 digits after the point, of
// either sign, with trailing zeros kept in their scale.
var anyDecimal = rapid.Custom(func(t *rapid.T) decimal.Decimal {
	return decimal.New(rapid.Int64().Draw(t, "coefficient"), -int32(rapid.IntRange(0, 30).Draw(t, "scale")))
})

// anyTime draws instants in the years the store keeps, at microseconds,
// in zones other than UTC too.
var anyTime = rapid.Custom(func(t *rapid.T) time.Time {
	lo := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC).UnixMicro() + 1
	hi := time.Date(9999, 12, 31, 23, 59, 59, 999999000, time.UTC).UnixMicro()
	us := rapid.OneOf(rapid.Int64Range(lo, hi), rapid.SampledFrom([]int64{lo, hi, -1, 0, 1})).Draw(t, "us")
	zone := time.FixedZone("z", 60*rapid.IntRange(-12*60, 14*60).Draw(t, "offset"))
	return time.UnixMicro(us).In(zone)
})

// ids makes IDs unique across the cases of a rapid check, which share a
// store.
var ids atomic.Int64

func nextID(prefix string) string { return fmt.Sprintf("%s-%d", prefix, ids.Add(1)) }

var recordOpts = []cmp.Option{cmpopts.EquateEmpty()}

func TestRoundTripAccounts(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		rapid.Check(t, func(rt *rapid.T) {
			ctx := t.Context()
			a := account.Account{
				ID:       account.ID(nextID("a")),
				Name:     "n" + anyText.Draw(rt, "name"),
				Parent:   account.ID(rapid.SampledFrom([]string{"", "p", "ünï"}).Draw(rt, "parent")),
				Owner:    account.ManagerID(rapid.SampledFrom([]string{"", "m1"}).Draw(rt, "owner")),
				Tier:     account.Tier(rapid.IntRange(0, 255).Draw(rt, "tier")),
				Segment:  anyText.Draw(rt, "segment"),
				Industry: anyText.Draw(rt, "industry"),
				Region:   anyText.Draw(rt, "region"),
				Currency: account.Currency(rapid.SampledFrom([]string{"", "NZD", "JPY", "KWD"}).Draw(rt, "currency")),
				Internal: rapid.Bool().Draw(rt, "internal"),
				Attributes: rapid.MapOf(rapid.StringMatching(`[a-z]{1,5}( [a-z]{1,3})?`), anyDecimal).
					Draw(rt, "attributes"),
			}
			if rapid.Bool().Draw(rt, "times") {
				a.Created = anyTime.Draw(rt, "created")
				a.Updated = a.Created.Add(time.Duration(rapid.Int64Range(0, 1e15).Draw(rt, "age")) * time.Microsecond)
				if a.Updated.UTC().Year() > 9999 {
					a.Updated = a.Created
				}
				if a.Tier != account.Unassigned {
					a.TierSince = a.Created
				}
			}
			created, err := s.CreateAccount(ctx, a)
			if err != nil {
				rt.Fatalf("CreateAccount(%+v): %v", a, err)
			}
			got, err := s.Account(ctx, a.ID)
			if err != nil {
				rt.Fatal(err)
			}
			a.Version = 1
			if diff := cmp.Diff(got, a, recordOpts...); diff != "" {
				rt.Errorf("read back (-got +want):\n%s", diff)
			}
			if diff := cmp.Diff(created, got, recordOpts...); diff != "" {
				rt.Errorf("CreateAccount returned what it did not store (-returned +stored):\n%s", diff)
			}
			for k, v := range a.Attributes {
				if g := got.Attributes[k]; g.Exponent() != v.Exponent() {
					rt.Errorf("attribute %q: scale %d, want %d (%v)", k, g.Exponent(), v.Exponent(), v)
				}
			}
		})
	})
}

func TestRoundTripTransactions(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		rapid.Check(t, func(rt *rapid.T) {
			ctx := t.Context()
			acct := account.ID(nextID("acct"))
			n := rapid.IntRange(1, 20).Draw(rt, "n")
			want := make([]account.Transaction, n)
			for i := range want {
				m, err := account.NewMoney(anyDecimal.Draw(rt, "amount"), account.Currency(rapid.SampledFrom([]string{"NZD", "JPY", "KWD", "USD"}).Draw(rt, "currency")))
				if err != nil {
					rt.Fatal(err)
				}
				want[i] = account.Transaction{
					ID:        account.TransactionID(fmt.Sprintf("%s-t%02d", acct, i)),
					Account:   acct,
					At:        anyTime.Draw(rt, "at"),
					Amount:    m,
					Kind:      rapid.SampledFrom([]account.TransactionKind{account.TransactionRevenue, account.TransactionCost}).Draw(rt, "kind"),
					Reference: anyText.Draw(rt, "reference"),
				}
			}
			if err := s.AddTransactions(ctx, want...); err != nil {
				rt.Fatal(err)
			}
			got, err := account.Collect(s.Transactions(ctx, account.TransactionFilter{Account: acct}))
			if err != nil {
				rt.Fatal(err)
			}
			sortTransactions(want)
			if diff := cmp.Diff(got, want, recordOpts...); diff != "" {
				rt.Errorf("read back (-got +want):\n%s", diff)
			}
			for i := range min(len(got), len(want)) {
				if g, w := got[i].Amount.String(), want[i].Amount.String(); g != w || got[i].Amount.Amount().Exponent() != want[i].Amount.Amount().Exponent() {
					rt.Errorf("amount %s read back as %s", w, g)
				}
			}
		})
	})
}

// sortTransactions orders txs as the store lists them: by At, then ID (one
// account).
func sortTransactions(txs []account.Transaction) {
	for i := 1; i < len(txs); i++ {
		for j := i; j > 0 && (txs[j].At.Before(txs[j-1].At) || txs[j].At.Equal(txs[j-1].At) && txs[j].ID < txs[j-1].ID); j-- {
			txs[j], txs[j-1] = txs[j-1], txs[j]
		}
	}
}

func TestRoundTripOthers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		rapid.Check(t, func(rt *rapid.T) {
			ctx := t.Context()
			labels := rapid.SliceOfDistinct(anyText.Filter(func(s string) bool { return strings.TrimSpace(s) != "" }), func(s string) string { return s })
			m := account.Manager{
				ID: account.ManagerID(nextID("m")), Name: "m" + anyText.Draw(rt, "name"),
				Capacity: rapid.IntRange(0, 1<<40).Draw(rt, "capacity"),
				Regions:  labels.Draw(rt, "regions"), Industries: labels.Draw(rt, "industries"), Skills: labels.Draw(rt, "skills"),
				Audience: account.Audience(rapid.IntRange(0, 2).Draw(rt, "audience")),
				Active:   rapid.Bool().Draw(rt, "active"),
			}
			if _, err := s.CreateManager(ctx, m); err != nil {
				rt.Fatalf("CreateManager(%+v): %v", m, err)
			}
			c := account.Contact{
				ID: account.ContactID(nextID("c")), Account: "a", Name: "c" + anyText.Draw(rt, "name"),
				Title: anyText.Draw(rt, "title"), Email: anyText.Draw(rt, "email"),
				Role:          account.Role(rapid.IntRange(0, 5).Draw(rt, "role")),
				Influence:     rapid.IntRange(1, 5).Draw(rt, "influence"),
				Attitude:      account.Attitude(rapid.IntRange(-1, 1).Draw(rt, "attitude")),
				LastContacted: rapid.OneOf(rapid.Just(time.Time{}), anyTime).Draw(rt, "last"),
			}
			if _, err := s.CreateContact(ctx, c); err != nil {
				rt.Fatalf("CreateContact(%+v): %v", c, err)
			}
			i := account.Interaction{
				ID: account.InteractionID(nextID("i")), Account: account.ID(nextID("acct")), At: anyTime.Draw(rt, "at"),
				Kind:         account.InteractionKind(rapid.IntRange(1, 5).Draw(rt, "kind")),
				Channel:      account.Channel(rapid.IntRange(0, 4).Draw(rt, "channel")),
				Sentiment:    rapid.IntRange(-2, 2).Draw(rt, "sentiment"),
				Participants: labels.Draw(rt, "participants"),
				Summary:      anyText.Draw(rt, "summary"),
			}
			if err := s.AddInteractions(ctx, i); err != nil {
				rt.Fatalf("AddInteractions(%+v): %v", i, err)
			}
			gm, err := s.Manager(ctx, m.ID)
			if err != nil {
				rt.Fatal(err)
			}
			m.Version = 1
			if diff := cmp.Diff(gm, m, recordOpts...); diff != "" {
				rt.Errorf("manager (-got +want):\n%s", diff)
			}
			gc, err := s.Contact(ctx, c.ID)
			if err != nil {
				rt.Fatal(err)
			}
			c.Version = 1
			if diff := cmp.Diff(gc, c, recordOpts...); diff != "" {
				rt.Errorf("contact (-got +want):\n%s", diff)
			}
			gi, err := account.Collect(s.Interactions(ctx, account.InteractionFilter{Account: i.Account}))
			if err != nil {
				rt.Fatal(err)
			}
			if diff := cmp.Diff(gi, []account.Interaction{i}, recordOpts...); diff != "" {
				rt.Errorf("interaction (-got +want):\n%s", diff)
			}
		})
	})
}

// TestUnstorableText checks that text neither dialect keeps exactly is
// refused, with a FieldError naming the field, and nothing is stored.
func TestUnstorableText(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := t.Context()
		a := sampleAccount("a")
		a.Segment = "bad\xff"
		_, err := s.CreateAccount(ctx, a)
		wantUnstorable(t, err, "Segment")
		if _, err := s.Account(ctx, "a"); err == nil {
			t.Error("the refused account is stored")
		}
		tx := sampleTx("t", "a", t0, "1")
		tx.Reference = "nul\x00"
		wantUnstorable(t, s.AddTransactions(ctx, sampleTx("t0", "a", t0, "1"), tx), "Reference")
		if n, _, _ := pairs(s.Transactions(ctx, account.TransactionFilter{})); n != 0 {
			t.Errorf("%d transactions of the refused batch are stored", n)
		}
		late := sampleTx("t", "a", time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC), "1")
		wantUnstorable(t, s.AddTransactions(ctx, late), "At")
		_, err = s.CreateManager(ctx, account.Manager{ID: "m", Name: "M", Skills: []string{"ok", "x\xfe"}})
		wantUnstorable(t, err, "Skills[1]")
		a.Segment = ""
		a, err = s.CreateAccount(ctx, a)
		if err != nil {
			t.Fatal(err)
		}
		a.Name = strings.Repeat("\x00", 3)
		_, err = s.UpdateAccount(ctx, a)
		wantUnstorable(t, err, "Name")
		if got, _ := s.Account(ctx, "a"); got.Version != 1 {
			t.Errorf("the refused update is stored: version %d", got.Version)
		}
	})
}

func wantUnstorable(t *testing.T, err error, field string) {
	t.Helper()
	var fe *account.FieldError
	if !errors.Is(err, ErrUnstorable) || !errors.Is(err, account.ErrInvalid) || !errors.As(err, &fe) || fe.Field != field {
		t.Errorf("error = %v, want ErrUnstorable and ErrInvalid naming %s", err, field)
	}
}
