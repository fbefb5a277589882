package escalation

import (
	"iter"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

// OccurrencesOf returns the occurrences of the tickets of seq, for a
// [Detector]: one for each ticket, at the instant it was opened (the At of
// its first event, an [sla.EventOpened]), with its ID as the Issue and its
// Account, Tier, Category and Service. Reopenings are not new occurrences.
//
// The occurrences come in the order of the tickets, which is the order a
// Detector needs when the tickets come from [sla.TicketStore.Tickets]: by
// opening, then by ID. A ticket without events, or whose first event is not
// an opening, is an [*account.FieldError] wrapping [ErrInvalid] (Record
// "Ticket", Field "Events[0]"); it and any error of seq end the sequence,
// as the first error ends [Detector.Run].
func OccurrencesOf(seq iter.Seq2[sla.Ticket, error]) iter.Seq2[Occurrence, error] {
	return func(yield func(Occurrence, error) bool) {
		for t, err := range seq {
			if err == nil && (len(t.Events) == 0 || t.Events[0].Kind != sla.EventOpened) {
				err = &account.FieldError{Record: "Ticket", ID: t.Ticket, Field: "Events[0]",
					Reason: "is not an opening: the ticket has no opening instant", Err: ErrInvalid}
			}
			if err != nil {
				yield(Occurrence{}, err)
				return
			}
			o := Occurrence{Issue: t.Ticket, Account: t.Account, Tier: t.Tier,
				Category: t.Category, Service: t.Service, At: t.Events[0].At}
			if !yield(o, nil) {
				return
			}
		}
	}
}
