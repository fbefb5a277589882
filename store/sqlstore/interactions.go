package sqlstore

import (
	"context"
	"iter"

	"github.com/keyaccount/keyaccount/account"
)

var interactions = newJournal(&journal[account.InteractionID, account.Interaction]{
	record: "Interaction",
	t: table{name: "ka_interactions", cols: []column{
		{name: "id"}, {name: "account"}, {name: "at"},
		{name: "kind"}, {name: "channel"}, {name: "sentiment"},
		{name: "participants", cast: "jsonb"}, {name: "summary"},
		{name: "division"}, {name: "offering_family"},
	}},
	id:       func(i account.Interaction) account.InteractionID { return i.ID },
	validate: account.Interaction.Validate,
	args: func(d Dialect, i account.Interaction) ([]any, error) {
		r := newRow(d, "Interaction", string(i.ID))
		r.text("ID", string(i.ID))
		r.text("Account", string(i.Account))
		r.time("At", i.At)
		r.add(int64(i.Kind))
		r.add(int64(i.Channel))
		r.add(int64(i.Sentiment))
		r.strings("Participants", i.Participants)
		r.text("Summary", i.Summary)
		r.text("Division", i.Division)
		r.text("OfferingFamily", i.OfferingFamily)
		return r.args, r.err
	},
	scan: func(sc scanner) (account.Interaction, error) {
		var i account.Interaction
		err := sc.Scan(
			(*string)(&i.ID), (*string)(&i.Account), timeCol{&i.At},
			intCol[account.InteractionKind]{v: &i.Kind, lo: 0, hi: 255},
			intCol[account.Channel]{v: &i.Channel, lo: 0, hi: 255},
			intCol[int]{v: &i.Sentiment, lo: -1 << 31, hi: 1<<31 - 1},
			stringsCol{&i.Participants}, &i.Summary,
			&i.Division, &i.OfferingFamily,
		)
		return i, err
	},
})

// AddInteractions stores is in one database transaction, all or none. Its
// errors are those of [Store.AddTransactions].
func (s *Store) AddInteractions(ctx context.Context, is ...account.Interaction) error {
	return interactions.add(ctx, s, is)
}

// Interactions yields the interactions that match f, ordered by account ID,
// then At, then interaction ID, as [Store.Transactions] does.
func (s *Store) Interactions(ctx context.Context, f account.InteractionFilter) iter.Seq2[account.Interaction, error] {
	var p params
	var conds []string
	if f.Kind != 0 {
		conds = append(conds, "kind = "+p.add(int64(f.Kind)))
	}
	return interactions.list(ctx, s, f.Account, f.From, f.To, conds, &p)
}

// DeleteInteraction deletes the interaction with the given ID. The error
// wraps [account.ErrNotFound] if there is none.
func (s *Store) DeleteInteraction(ctx context.Context, id account.InteractionID) error {
	return interactions.delete(ctx, s, id)
}
