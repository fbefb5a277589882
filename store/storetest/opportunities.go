package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/growth"
	"pgregory.net/rapid"
)

// RunOpportunities runs the conformance suite of [growth.OpportunityStore]
// against stores made by newStore, each check in a subtest of t: create
// and read with versions; not-found; conflicts on a taken ID and a stale
// version; invalid opportunities rejected with [account.ErrInvalid],
// [growth.ErrInvalid] and a [*account.FieldError] naming the field;
// append-only history (an update that changes, drops or reorders a stored
// change is refused with [growth.ErrHistoryRewritten]); every filter field;
// ascending ID order; copies; done contexts; concurrent appends that lose
// no change; and a rapid model test. newStore must return a new, empty
// store each time it is called, as for [Run]. It panics if newStore is nil.
func RunOpportunities(t *testing.T, newStore func(t *testing.T) growth.OpportunityStore) {
	if newStore == nil {
		panic("storetest: RunOpportunities called with a nil newStore")
	}
	t.Run("CreateReadVersions", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		o := sampleOpportunity("o-1", 1)
		got, err := s.CreateOpportunity(ctx, o)
		wantNoErr(t, "create", err)
		want := o.Clone()
		want.Version = 1
		diff(t, "created", got, want)
		got, err = s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read", err)
		diff(t, "read", got, want)

		c := moveChange(o, 2, "proposal")
		got, err = s.AppendChange(ctx, "o-1", 1, c)
		wantNoErr(t, "append", err)
		want.History, want.Version = append(want.History, c), 2
		diff(t, "appended", got, want)

		upd := want.Clone()
		upd.Owner = "m-other"
		upd.History = append(upd.History, moveChange(upd, 3, "won"))
		got, err = s.UpdateOpportunity(ctx, upd)
		wantNoErr(t, "update", err)
		upd.Version = 3
		diff(t, "updated", got, upd)
		got, err = s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read after update", err)
		diff(t, "read after update", got, upd)

		same := upd.Clone() // an update that appends nothing is allowed
		same.Kind = growth.OpportunityRenewal
		got, err = s.UpdateOpportunity(ctx, same)
		wantNoErr(t, "update with the same history", err)
		if got.Version != 4 {
			t.Errorf("version after the fourth write = %d, want 4", got.Version)
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		_, err := s.Opportunity(ctx, "nobody")
		wantErr(t, "read", err, account.ErrNotFound)
		o := sampleOpportunity("nobody", 1)
		o.Version = 1
		_, err = s.UpdateOpportunity(ctx, o)
		wantErr(t, "update", err, account.ErrNotFound)
		_, err = s.AppendChange(ctx, "nobody", 1, moveChange(o, 2, "proposal"))
		wantErr(t, "append", err, account.ErrNotFound)
	})

	t.Run("Conflicts", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		o := sampleOpportunity("o-1", 1)
		_, err := s.CreateOpportunity(ctx, o)
		wantNoErr(t, "create", err)
		_, err = s.CreateOpportunity(ctx, sampleOpportunity("o-1", 2))
		wantErr(t, "create with a taken ID", err, account.ErrConflict)
		for _, v := range []int64{0, 2} {
			_, err = s.AppendChange(ctx, "o-1", v, moveChange(o, 2, "proposal"))
			wantErr(t, fmt.Sprintf("append at version %d", v), err, account.ErrConflict)
			stale := o.Clone()
			stale.Version = v
			_, err = s.UpdateOpportunity(ctx, stale)
			if v == 0 {
				continue // version 0 may be refused as invalid or stale
			}
			wantErr(t, fmt.Sprintf("update at version %d", v), err, account.ErrConflict)
		}
		got, err := s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read", err)
		want := o.Clone()
		want.Version = 1
		diff(t, "after the refused writes", got, want)
	})

	t.Run("InvalidFields", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, tc := range invalidOpportunities("o-1") {
			_, err := s.CreateOpportunity(ctx, tc.o)
			wantFieldError(t, "create with a bad "+tc.field, err, "o-1", tc.field)
			wantErr(t, "create with a bad "+tc.field, err, growth.ErrInvalid)
		}
		bad := sampleOpportunity("o-1", 1)
		bad.Version = 1
		_, err := s.CreateOpportunity(ctx, bad)
		wantFieldError(t, "create with Version 1", err, "o-1", "Version")
		_, err = s.Opportunity(ctx, "o-1")
		wantErr(t, "read after the rejected creates", err, account.ErrNotFound)

		stored, err := s.CreateOpportunity(ctx, sampleOpportunity("o-1", 1))
		wantNoErr(t, "create", err)
		for _, tc := range invalidOpportunities("o-1") {
			tc.o.Version = 1
			_, err = s.UpdateOpportunity(ctx, tc.o)
			wantFieldError(t, "update with a bad "+tc.field, err, "o-1", tc.field)
		}
		back := stored.History[0]
		back.From, back.To, back.At = "lead", "proposal", back.At.Add(-time.Second)
		back.Value, back.ExpectedClose = account.Money{}, time.Time{}
		_, err = s.AppendChange(ctx, "o-1", 1, back)
		wantFieldError(t, "append a change back in time", err, "o-1", "History[1].At")
		got, err := s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read", err)
		diff(t, "after the rejected updates", got, stored)
	})

	t.Run("AppendOnly", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		o := sampleOpportunity("o-1", 1)
		o.History = append(o.History, moveChange(o, 2, "proposal"))
		stored, err := s.CreateOpportunity(ctx, o)
		wantNoErr(t, "create", err)
		rewrites := map[string]func(*growth.Opportunity){
			"drop the last change": func(o *growth.Opportunity) { o.History = o.History[:1] },
			"change a past author": func(o *growth.Opportunity) { o.History[1].Author = "m-else" },
			"change a past time":   func(o *growth.Opportunity) { o.History[1].At = o.History[1].At.Add(time.Minute) },
			"change a past value": func(o *growth.Opportunity) {
				o.History[0].Value = account.MustParseMoney("NZD 1")
			},
			"insert before the end": func(o *growth.Opportunity) {
				x := valueChange(growth.Opportunity{History: o.History[:1]}, "NZD 9")
				o.History = append([]growth.Change{o.History[0], x}, o.History[1:]...)
			},
		}
		for _, name := range []string{"drop the last change", "change a past author", "change a past time", "change a past value", "insert before the end"} {
			u := stored.Clone()
			rewrites[name](&u)
			_, err := s.UpdateOpportunity(ctx, u)
			wantErr(t, name, err, growth.ErrHistoryRewritten)
			wantFieldError(t, name, err, "o-1", "History")
		}
		same := stored.Clone()
		same.History[0].At = same.History[0].At.In(time.FixedZone("NZST", 12*3600)) // the same instant
		same.History[0].Value = account.MustParseMoney("NZD 1000.000")              // the same amount
		_, err = s.UpdateOpportunity(ctx, same)
		wantNoErr(t, "an update with equal changes in other forms", err)
		got, err := s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read", err)
		if len(got.History) != 2 || got.Version != 2 {
			t.Errorf("after the refused rewrites: %d changes at version %d, want 2 at version 2", len(got.History), got.Version)
		}
	})

	t.Run("FiltersAndOrder", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		for _, o := range []growth.Opportunity{ // not in ID order
			withOpp(sampleOpportunity("o3", 3), "a2", "m1", growth.OpportunityRenewal, "cloud"),
			withOpp(sampleOpportunity("o1", 1), "a1", "m1", growth.OpportunityQuotation, "cloud", "backup"),
			withOpp(sampleOpportunity("o4", 4), "a2", "m2", growth.OpportunityQuotation),
			withOpp(sampleOpportunity("o2", 2), "a1", "m2", growth.OpportunityRequest, "backup"),
		} {
			_, err := s.CreateOpportunity(ctx, o)
			wantNoErr(t, "create", err)
		}
		for _, tc := range []struct {
			name string
			f    growth.OpportunityFilter
			want []growth.OpportunityID
		}{
			{"zero filter", growth.OpportunityFilter{}, []growth.OpportunityID{"o1", "o2", "o3", "o4"}},
			{"Account", growth.OpportunityFilter{Account: "a2"}, []growth.OpportunityID{"o3", "o4"}},
			{"Owner", growth.OpportunityFilter{Owner: "m2"}, []growth.OpportunityID{"o2", "o4"}},
			{"Offering", growth.OpportunityFilter{Offering: "backup"}, []growth.OpportunityID{"o1", "o2"}},
			{"Kind", growth.OpportunityFilter{Kind: growth.OpportunityQuotation}, []growth.OpportunityID{"o1", "o4"}},
			{"all fields", growth.OpportunityFilter{Account: "a1", Owner: "m1", Offering: "cloud", Kind: growth.OpportunityQuotation}, []growth.OpportunityID{"o1"}},
			{"nobody's account", growth.OpportunityFilter{Account: "a9"}, nil},
			{"nobody's offering", growth.OpportunityFilter{Offering: "print"}, nil},
		} {
			got := collect(t, tc.name, s.Opportunities(ctx, tc.f))
			diff(t, tc.name, ids(got, func(o growth.Opportunity) growth.OpportunityID { return o.ID }), tc.want)
		}
		n := 0
		for range s.Opportunities(ctx, growth.OpportunityFilter{}) {
			n++
			break
		}
		if n != 1 {
			t.Errorf("a list stopped after one yielded %d", n)
		}
	})

	t.Run("Copies", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		o := withOpp(sampleOpportunity("o-1", 1), "a1", "m1", growth.OpportunityQuotation, "cloud")
		created, err := s.CreateOpportunity(ctx, o)
		wantNoErr(t, "create", err)
		o.Offerings[0], o.History[0].Author = "changed", "changed" // the caller's slices after create
		created.Offerings[0], created.History[0].To = "changed", "changed"
		got, err := s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read", err)
		got.Offerings[0], got.History[0].From = "changed", "changed"
		for _, l := range collect(t, "list", s.Opportunities(ctx, growth.OpportunityFilter{})) {
			l.Offerings[0], l.History[0].Author = "changed", "changed"
		}
		again, err := s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read again", err)
		want := withOpp(sampleOpportunity("o-1", 1), "a1", "m1", growth.OpportunityQuotation, "cloud")
		want.Version = 1
		diff(t, "after changing every copy", again, want)
		in := again.Clone()
		updated, err := s.UpdateOpportunity(ctx, in)
		wantNoErr(t, "update", err)
		in.Offerings[0], in.History[0].Author = "changed", "changed" // the caller's slices after update
		updated.Offerings[0], updated.History[0].To = "changed", "changed"
		afterUpdate, err := s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read after update", err)
		want.Version = 2
		diff(t, "after changing the copies of an update", afterUpdate, want)
	})

	t.Run("Context", func(t *testing.T) {
		for _, d := range doneContexts() {
			s := newStore(t)
			o, err := s.CreateOpportunity(t.Context(), sampleOpportunity("o-1", 1))
			wantNoErr(t, "create", err)
			_, err = s.Opportunity(d.ctx, "o-1")
			wantErr(t, d.name+": Opportunity", err, d.err)
			_, err = s.CreateOpportunity(d.ctx, sampleOpportunity("o-2", 2))
			wantErr(t, d.name+": CreateOpportunity", err, d.err)
			_, err = s.UpdateOpportunity(d.ctx, o)
			wantErr(t, d.name+": UpdateOpportunity", err, d.err)
			_, err = s.AppendChange(d.ctx, "o-1", 1, moveChange(o, 2, "proposal"))
			wantErr(t, d.name+": AppendChange", err, d.err)
			wantOnePair(t, d.name+": Opportunities", s.Opportunities(d.ctx, growth.OpportunityFilter{}), d.err)
			got, err := s.Opportunity(t.Context(), "o-1")
			wantNoErr(t, "read", err)
			diff(t, d.name+": after calls on a done context", got, o)
			_, err = s.Opportunity(t.Context(), "o-2")
			wantErr(t, d.name+": the create on a done context", err, account.ErrNotFound)
		}
	})

	t.Run("Concurrency/NoLostChange", func(t *testing.T) {
		s, ctx := newStore(t), t.Context()
		o, err := s.CreateOpportunity(ctx, sampleOpportunity("o-1", 1))
		wantNoErr(t, "create", err)
		const writers, each = 4, 10
		var wg sync.WaitGroup
		for w := range writers {
			wg.Go(func() {
				for i := range each {
					for {
						cur, err := s.Opportunity(ctx, "o-1")
						if err != nil {
							t.Error(err)
							return
						}
						c := valueChange(cur, fmt.Sprintf("NZD %d", 100*w+i+1))
						_, err = s.AppendChange(ctx, "o-1", cur.Version, c)
						if errors.Is(err, account.ErrConflict) {
							continue
						}
						if err != nil {
							t.Error(err)
						}
						break
					}
				}
			})
		}
		wg.Wait()
		got, err := s.Opportunity(ctx, "o-1")
		wantNoErr(t, "read", err)
		if n := len(got.History); n != 1+writers*each || got.Version != int64(1+writers*each) {
			t.Errorf("after %d appends: %d changes at version %d, want %d at %d", writers*each, n, got.Version, 1+writers*each, 1+writers*each)
		}
		if !growth.Extends(o.History, got.History) {
			t.Errorf("the first change was lost")
		}
	})

	t.Run("Model", func(t *testing.T) {
		rapid.Check(t, func(rt *rapid.T) { runOpportunityModel(rt, t.Context(), newStore(t)) })
	})
}

var oppEpoch = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// sampleOpportunity returns a valid opportunity created at oppEpoch plus n
// hours, in stage "lead", worth NZD 1,000.
func sampleOpportunity(id growth.OpportunityID, n int) growth.Opportunity {
	at := oppEpoch.Add(time.Duration(n) * time.Hour)
	return growth.Opportunity{
		ID: id, Account: "a-1", BuyingCentre: "a-1", Owner: "m-1", Kind: growth.OpportunityQuotation,
		Offerings: []account.OfferingID{"consulting"},
		History: []growth.Change{{At: at, Author: "m-1", To: "lead",
			Value: account.MustParseMoney("NZD 1000"), ExpectedClose: at.Add(30 * 24 * time.Hour)}},
	}
}

func withOpp(o growth.Opportunity, acct account.ID, owner account.ManagerID, k growth.OpportunityKind, offerings ...account.OfferingID) growth.Opportunity {
	o.Account, o.BuyingCentre, o.Owner, o.Kind, o.Offerings = acct, acct, owner, k, offerings
	return o
}

// moveChange returns a change that moves o to stage to, n hours after its
// last change.
func moveChange(o growth.Opportunity, n int, to string) growth.Change {
	last := o.History[len(o.History)-1]
	return growth.Change{At: last.At.Add(time.Duration(n) * time.Hour), Author: "m-1", From: last.To, To: to}
}

// valueChange returns a change that sets o's value, a minute after its last
// change.
func valueChange(o growth.Opportunity, value string) growth.Change {
	last := o.History[len(o.History)-1]
	return growth.Change{At: last.At.Add(time.Minute), Author: "m-1", From: last.To, To: last.To, Value: account.MustParseMoney(value)}
}

type invalidOpportunity struct {
	field string
	o     growth.Opportunity
}

// invalidOpportunities returns opportunities with ID id, each with one
// field at fault.
func invalidOpportunities(id growth.OpportunityID) []invalidOpportunity {
	edit := func(field string, f func(*growth.Opportunity)) invalidOpportunity {
		o := sampleOpportunity(id, 1)
		o.History = append(o.History, moveChange(o, 1, "proposal"))
		f(&o)
		return invalidOpportunity{field, o}
	}
	return []invalidOpportunity{
		edit("Account", func(o *growth.Opportunity) { o.Account = "" }),
		edit("BuyingCentre", func(o *growth.Opportunity) { o.BuyingCentre = " b" }),
		edit("Owner", func(o *growth.Opportunity) { o.Owner = "" }),
		edit("Offerings[1]", func(o *growth.Opportunity) { o.Offerings = []account.OfferingID{"x", "x"} }),
		edit("Kind", func(o *growth.Opportunity) { o.Kind = 9 }),
		edit("History", func(o *growth.Opportunity) { o.History = nil }),
		edit("History[0].From", func(o *growth.Opportunity) { o.History[0].From = "lead" }),
		edit("History[0].Value", func(o *growth.Opportunity) { o.History[0].Value = account.Money{} }),
		edit("History[0].ExpectedClose", func(o *growth.Opportunity) { o.History[0].ExpectedClose = time.Time{} }),
		edit("History[1].At", func(o *growth.Opportunity) { o.History[1].At = o.History[0].At.Add(-time.Nanosecond) }),
		edit("History[1].Author", func(o *growth.Opportunity) { o.History[1].Author = "" }),
		edit("History[1].From", func(o *growth.Opportunity) { o.History[1].From = "qualified" }),
		edit("History[1].To", func(o *growth.Opportunity) { o.History[1].To = "" }),
		edit("History[1].Value", func(o *growth.Opportunity) { o.History[1].Value = account.MustParseMoney("NZD -0.01") }),
	}
}

// runOpportunityModel runs random creates, appends and updates against s
// and a map, and checks that every read agrees with the map.
func runOpportunityModel(t *rapid.T, ctx context.Context, s growth.OpportunityStore) {
	model := map[growth.OpportunityID]growth.Opportunity{}
	idGen := rapid.SampledFrom([]growth.OpportunityID{"o1", "o2", "o3"})
	stages := []string{"lead", "proposal", "negotiation"}
	t.Repeat(map[string]func(*rapid.T){
		"create": func(t *rapid.T) {
			id := idGen.Draw(t, "id")
			o := sampleOpportunity(id, rapid.IntRange(0, 100).Draw(t, "hour"))
			got, err := s.CreateOpportunity(ctx, o)
			if _, taken := model[id]; taken {
				wantErr(t, "create a taken ID", err, account.ErrConflict)
				return
			}
			wantNoErr(t, "create", err)
			model[id] = got
		},
		"append": func(t *rapid.T) {
			id := idGen.Draw(t, "id")
			m, ok := model[id]
			version := m.Version + int64(rapid.IntRange(-1, 1).Draw(t, "skew"))
			if !ok {
				m = sampleOpportunity(id, 0)
			}
			c := moveChange(m, rapid.IntRange(0, 5).Draw(t, "hours"), rapid.SampledFrom(stages).Draw(t, "to"))
			if c.From == c.To {
				c.Value = account.MustParseMoney("NZD 5")
			}
			got, err := s.AppendChange(ctx, id, version, c)
			switch {
			case !ok:
				wantErr(t, "append to nothing", err, account.ErrNotFound)
			case version != m.Version:
				wantErr(t, "append at a stale version", err, account.ErrConflict)
			default:
				wantNoErr(t, "append", err)
				m.History = append(m.History[:len(m.History):len(m.History)], c)
				m.Version++
				diff(t, "append", got, m)
				model[id] = m
			}
		},
		"rewrite": func(t *rapid.T) {
			id := idGen.Draw(t, "id")
			m, ok := model[id]
			if !ok || len(m.History) < 2 {
				t.Skip("nothing to rewrite")
			}
			u := m.Clone()
			u.History = u.History[:len(u.History)-1]
			_, err := s.UpdateOpportunity(ctx, u)
			wantErr(t, "rewrite", err, growth.ErrHistoryRewritten)
		},
		"": func(t *rapid.T) {
			for id, m := range model {
				got, err := s.Opportunity(ctx, id)
				wantNoErr(t, "read", err)
				diff(t, "read", got, m)
			}
			got := collect(t, "list", s.Opportunities(ctx, growth.OpportunityFilter{}))
			if len(got) != len(model) {
				t.Fatalf("list has %d opportunities, the model %d", len(got), len(model))
			}
			for i := 1; i < len(got); i++ {
				if got[i-1].ID >= got[i].ID {
					t.Fatalf("list out of ID order: %q before %q", got[i-1].ID, got[i].ID)
				}
			}
		},
	})
}
