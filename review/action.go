package review

import (
	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/calendar"
	"github.com/keyaccount/keyaccount/internal/enum"
)

// ActionID identifies an action item. It follows the rules of
// [account.ID].
type ActionID string

// DefaultActionDays is the days after its review an action item falls
// due when the review gives it no due date: the practice is to implement a
// review's action steps within 30 days.
const DefaultActionDays = 30

// An ActionItem is one action step agreed at a review: what is to be done,
// who owns it, by when, and whether it was done.
//
// The zero ActionItem is not valid.
type ActionItem struct {
	ID      ActionID          // identifies the item; required
	Account account.ID        // the account it serves; required
	Review  ReviewID          // the review that raised it; required
	Title   string            // what is to be done; required
	Owner   account.ManagerID // who owns it; required

	Raised calendar.Date // the date of the review that raised it; required
	Due    calendar.Date // when it is due; required, not before Raised

	Status ActionStatus // open, done or cancelled; required

	// Completed is the date the item was done: set when, and only when,
	// Status is ActionDone, and not before Raised.
	Completed calendar.Date

	// Version is the optimistic-concurrency version kept by stores; see
	// [account.Account].
	Version int64
}

// ActionStatus is where an action item stands. The zero ActionStatus is
// not valid.
type ActionStatus uint8

// The action statuses.
const (
	ActionOpen      ActionStatus = 1 // not yet done
	ActionDone      ActionStatus = 2 // done, on its Completed date
	ActionCancelled ActionStatus = 3 // no longer wanted; counts neither as done nor as due
)

var actionStatusNames = enum.New("ActionStatus", map[ActionStatus]string{
	ActionOpen:      "open",
	ActionDone:      "done",
	ActionCancelled: "cancelled",
})

// String returns "open", "done" or "cancelled", or "%!ActionStatus(9)" for
// an unknown value.
func (s ActionStatus) String() string { return actionStatusNames.String(s) }

// MarshalText returns the status's name; an unknown value is an error
// wrapping [ErrInvalid].
// The zero ActionStatus is the exception: it is the empty text, unset.
func (s ActionStatus) MarshalText() ([]byte, error) {
	return actionStatusNames.MarshalText(s, ErrInvalid)
}

// UnmarshalText parses a name written by [ActionStatus.MarshalText].
// The empty text is the zero ActionStatus.
func (s *ActionStatus) UnmarshalText(text []byte) error {
	v, err := actionStatusNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*s = v
	}
	return err
}

// Validate reports every problem with a as [*account.FieldError] values
// (Record "ActionItem", ID the item's) wrapping [ErrInvalid], joined; nil
// means a is valid. ID, Account, Review, Title and Owner are required (an
// action item with no owner is the classic way for it to be forgotten);
// Raised and Due are valid dates, Due not before Raised; Status is known;
// Completed is set when, and only when, the item is done, and not before
// Raised; Version is not negative.
func (a ActionItem) Validate() error {
	f := &faults{record: "ActionItem", id: string(a.ID)}
	f.ident("ID", string(a.ID))
	f.ident("Account", string(a.Account))
	f.ident("Review", string(a.Review))
	f.text("Title", a.Title)
	f.ident("Owner", string(a.Owner))
	f.date("Raised", a.Raised, true)
	f.date("Due", a.Due, true)
	if a.Due.IsValid() && a.Raised.IsValid() && a.Due.Before(a.Raised) {
		f.add("Due", a.Due, "is before Raised "+a.Raised.String())
	}
	if !actionStatusNames.Valid(a.Status) {
		f.add("Status", int(a.Status), "is not a known ActionStatus")
	}
	f.date("Completed", a.Completed, false)
	switch {
	case a.Status == ActionDone && a.Completed.IsZero():
		f.add("Completed", nil, "is missing for a done item")
	case a.Status != ActionDone && !a.Completed.IsZero():
		f.add("Completed", a.Completed, "is set but the item is "+a.Status.String())
	case a.Completed.IsValid() && a.Raised.IsValid() && a.Completed.Before(a.Raised):
		f.add("Completed", a.Completed, "is before Raised "+a.Raised.String())
	}
	if a.Version < 0 {
		f.add("Version", a.Version, "must not be negative")
	}
	return f.err()
}

// Complete returns a marked done on the date on. It does not validate: a
// store's update does.
func (a ActionItem) Complete(on calendar.Date) ActionItem {
	a.Status, a.Completed = ActionDone, on
	return a
}

// Overdue reports whether a is open and past its due date on the date
// today: an item due today is not yet overdue.
func (a ActionItem) Overdue(today calendar.Date) bool {
	return a.Status == ActionOpen && a.Due.Before(today)
}
