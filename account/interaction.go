package account

import (
	"slices"
	"strings"
	"time"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// An Interaction is one contact between the account team and a customer: a
// meeting, a call, an email, a visit or a review.
//
// The zero Interaction is not valid.
type Interaction struct {
	ID      InteractionID   // identifies the interaction; required
	Account ID              // the account it was with; required
	At      time.Time       // when it happened
	Kind    InteractionKind // meeting, call, email, visit or review
	Channel Channel         // how it happened; may be left unspecified

	// Sentiment is how the customer came across, from -2 (very negative)
	// through 0 (neutral) to +2 (very positive).
	Sentiment int

	// Participants names who took part: contact IDs, manager IDs or names,
	// as the application records them. Entries must be non-empty and
	// distinct.
	Participants []string

	Summary string // free text

	// Division is the division or team of the person who made the
	// contact on the seller's side ("Markets", "Wealth", "IT service
	// desk"), or "" when it is not recorded. Package growth reads it to
	// find accounts approached by several divisions at once.
	Division string

	// OfferingFamily is the family of offerings the contact was about
	// ("payments", "cloud hosting"), or "" when it was about none in
	// particular.
	OfferingFamily string
}

// Validate reports every problem with i as joined [*FieldError] values: ID
// and Account are required, At must be set, Kind and Channel must be known,
// Sentiment must be from -2 to +2, Participants must be distinct and
// non-empty, and Division and OfferingFamily, if set, must follow the
// rules of [ID.Validate] (at most [MaxIDLen] bytes of valid UTF-8, no
// control characters, no leading or trailing space).
func (i Interaction) Validate() error {
	f := &fieldErrors{record: "Interaction", id: string(i.ID)}
	if r := idReason(string(i.ID)); r != "" {
		f.add("ID", string(i.ID), r)
	}
	if r := idReason(string(i.Account)); r != "" {
		f.add("Account", string(i.Account), r)
	}
	if i.At.IsZero() {
		f.add("At", nil, "is missing")
	}
	if !interactionKindNames.Valid(i.Kind) {
		f.add("Kind", int(i.Kind), "must be meeting, call, email, visit or review")
	}
	if !channelNames.Valid(i.Channel) {
		f.add("Channel", int(i.Channel), "is not a known Channel")
	}
	if i.Sentiment < -2 || i.Sentiment > 2 {
		f.add("Sentiment", i.Sentiment, "must be from -2 to +2")
	}
	if r := labelReason(i.Division); r != "" {
		f.add("Division", i.Division, r)
	}
	if r := labelReason(i.OfferingFamily); r != "" {
		f.add("OfferingFamily", i.OfferingFamily, r)
	}
	for j, p := range i.Participants {
		switch {
		case strings.TrimSpace(p) == "":
			f.add("Participants", p, "entries must not be empty")
		case slices.Contains(i.Participants[:j], p):
			f.add("Participants", p, "is listed twice")
		}
	}
	return f.err()
}

// Clone returns a deep copy of i whose Participants slice is its own.
func (i Interaction) Clone() Interaction {
	i.Participants = slices.Clone(i.Participants)
	return i
}

// InteractionKind is what sort of contact an interaction was. The zero value
// is not a valid kind.
type InteractionKind uint8

// The interaction kinds.
const (
	InteractionMeeting InteractionKind = iota + 1 // a scheduled meeting
	InteractionCall                               // a phone or video call
	InteractionEmail                              // an email exchange
	InteractionVisit                              // a site visit
	InteractionReview                             // a formal account review (such as a quarterly business review)
)

var interactionKindNames = enum.New("InteractionKind", map[InteractionKind]string{
	InteractionMeeting: "meeting",
	InteractionCall:    "call",
	InteractionEmail:   "email",
	InteractionVisit:   "visit",
	InteractionReview:  "review",
})

// String returns the kind's name, such as "review".
func (k InteractionKind) String() string {
	return interactionKindNames.String(k)
}

// MarshalText returns the kind's name; an unknown value is an error.
// The zero InteractionKind is the exception: it is the empty text, unset.
func (k InteractionKind) MarshalText() ([]byte, error) {
	return interactionKindNames.MarshalText(k, ErrInvalid)
}

// UnmarshalText parses a name written by [InteractionKind.MarshalText].
// The empty text is the zero InteractionKind.
func (k *InteractionKind) UnmarshalText(text []byte) error {
	v, err := interactionKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// Channel is the medium of an interaction. The zero value,
// [ChannelUnspecified], is valid.
type Channel uint8

// The channels.
const (
	ChannelUnspecified Channel = iota // not recorded
	ChannelInPerson                   // face to face
	ChannelPhone                      // telephone
	ChannelVideo                      // video call
	ChannelEmail                      // email
	ChannelChat                       // instant messaging
	ChannelPortal                     // a customer portal or service desk
)

var channelNames = enum.New("Channel", map[Channel]string{
	ChannelUnspecified: "unspecified",
	ChannelInPerson:    "in-person",
	ChannelPhone:       "phone",
	ChannelVideo:       "video",
	ChannelEmail:       "email",
	ChannelChat:        "chat",
	ChannelPortal:      "portal",
})

// String returns the channel's name, such as "in-person".
func (c Channel) String() string { return channelNames.String(c) }

// MarshalText returns the channel's name; an unknown value is an error.
func (c Channel) MarshalText() ([]byte, error) { return channelNames.MarshalText(c, ErrInvalid) }

// UnmarshalText parses a name written by [Channel.MarshalText].
func (c *Channel) UnmarshalText(text []byte) error {
	v, err := channelNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*c = v
	}
	return err
}
