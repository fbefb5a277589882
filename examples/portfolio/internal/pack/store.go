package pack

import (
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
	"github.com/keyaccount/keyaccount/escalation"
	"github.com/keyaccount/keyaccount/growth"
	"github.com/keyaccount/keyaccount/review"
	"github.com/keyaccount/keyaccount/sla"
)

// Store is everything the pack reads: the union of the module's storage
// interfaces. memstore.Store and sqlstore.Store implement it. The pack only
// reads; [Run] writes nothing.
type Store interface {
	account.Store
	sla.TicketStore
	escalation.Store
	review.Store
	engagement.ResponseStore
	engagement.ChangeStore
	engagement.FeedbackStore
	growth.Store
	growth.OpportunityStore
}
