package escalation

import (
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
)

// A Record is a notification that was fired: what [Decide] returned as due
// and the caller sent. The caller stores the records of an issue and
// passes them back to the next decision, which then does not fire them
// again; the idempotency Key lets a store write each exactly once.
//
// A Notification's [Notification.Record] makes the Record to store.
//
// The zero Record is not valid: it has no Key.
type Record struct {
	// Key is the idempotency key: [Key] of Issue, LevelName and Repeat.
	// Two decisions of the same issue give the same key to the same
	// notification, whoever makes them.
	Key string

	Issue   string     // the issue's ticket (sla.Timeline.Ticket)
	Account account.ID // its account

	// Policy and Version name the policy version the notification was
	// decided under.
	Policy  string
	Version int

	// Level is the level's number in the policy, counting from 1, and
	// LevelName its name. A record is matched to its level by name, so
	// that it still counts when the issue is re-evaluated under another
	// version that keeps the level.
	Level     int
	LevelName string

	// Repeat is 0 for the level's first notification, then 1, 2, ... for
	// its re-notifications.
	Repeat int

	// Recipients are the people notified, in the order the level lists
	// them (role, team, named people), each once.
	Recipients []Person

	// Due is when the notification became due, and At when it could be
	// sent: Due, or the end of the quiet hours that held it. Later levels
	// and repeats count from At.
	Due time.Time
	At  time.Time

	// Reason names the trigger and its values, such as "resolution 75%
	// consumed: 6h0m0s of 8h0m0s business-time".
	Reason string
}

// Key returns the idempotency key of the repeat-th notification of the
// level named level of the issue: the same for the same three, different
// for any other three (the issue and the level are length-prefixed, so no
// choice of names makes two keys meet).
func Key(issue, level string, repeat int) string {
	b := make([]byte, 0, len(issue)+len(level)+24)
	b = strconv.AppendInt(b, int64(len(issue)), 10)
	b = append(b, ':')
	b = append(b, issue...)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(len(level)), 10)
	b = append(b, ':')
	b = append(b, level...)
	b = append(b, '/')
	b = strconv.AppendInt(b, int64(repeat), 10)
	return string(b)
}
