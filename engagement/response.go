package engagement

import (
	"context"
	"iter"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// ResponseID identifies a survey response. It follows the rules of
// [account.ID]: non-empty, at most [account.MaxIDLen] bytes of UTF-8, no
// control characters, no leading or trailing space.
type ResponseID string

// MaxCommentLen is the longest comment, in bytes, that a [Response] may
// carry.
const MaxCommentLen = 4096

// A Response is one answer to a satisfaction survey: a contact of an
// account scoring one question on its scale.
//
// The zero Response is not valid.
type Response struct {
	ID      ResponseID        // identifies the response; required and unique
	Account account.ID        // the account surveyed; required
	Contact account.ContactID // who answered; "" for an anonymous answer
	At      time.Time         // when it was given; required
	Kind    ResponseKind      // the question: NPS, CSAT or customer effort
	Score   int               // on the question's scale: see [ResponseKind.Range]
	Channel SurveyChannel     // how the survey reached the contact; may be unspecified

	// Comment is the free-text answer, if any: valid UTF-8 of at most
	// [MaxCommentLen] bytes.
	Comment string
}

// Validate reports every problem with r as joined [*account.FieldError]
// values (Record "Response", ID r.ID) wrapping [ErrInvalid]: ID and
// Account must be valid IDs, Contact one too if set, At must be set, Kind
// and Channel known values, Score within the range of Kind (0 to 10 for
// NPS, 1 to 5 for CSAT, 1 to 7 for effort), and Comment valid UTF-8 of at
// most [MaxCommentLen] bytes.
func (r Response) Validate() error {
	var errs fault.List
	add := func(field string, value any, reason string) {
		errs.Add(&account.FieldError{Record: "Response", ID: string(r.ID), Field: field, Value: value, Reason: reason, Err: ErrInvalid})
	}
	if reason := idReason(string(r.ID)); reason != "" {
		add("ID", string(r.ID), reason)
	}
	if reason := idReason(string(r.Account)); reason != "" {
		add("Account", string(r.Account), reason)
	}
	if r.Contact != "" {
		if reason := idReason(string(r.Contact)); reason != "" {
			add("Contact", string(r.Contact), reason)
		}
	}
	if r.At.IsZero() {
		add("At", nil, "is missing")
	}
	if lo, hi, ok := r.Kind.Range(); !ok {
		add("Kind", int(r.Kind), "must be nps, csat or effort")
	} else if r.Score < lo || r.Score > hi {
		add("Score", r.Score, "must be from "+strconv.Itoa(lo)+" to "+strconv.Itoa(hi)+" for "+r.Kind.String())
	}
	if !surveyChannelNames.Valid(r.Channel) {
		add("Channel", int(r.Channel), "is not a known SurveyChannel")
	}
	switch {
	case len(r.Comment) > MaxCommentLen:
		add("Comment", r.Comment, "is longer than "+strconv.Itoa(MaxCommentLen)+" bytes")
	case !utf8.ValidString(r.Comment):
		add("Comment", r.Comment, "is not valid UTF-8")
	}
	return errs.Err()
}

// ResponseKind is the question a response answers. The zero value is not a
// kind: every response must say.
type ResponseKind uint8

// The survey questions.
const (
	// ResponseNPS is "how likely are you to recommend us?", from 0 to 10:
	// 9 and 10 are promoters, 7 and 8 passives, 0 to 6 detractors.
	ResponseNPS ResponseKind = iota + 1
	// ResponseCSAT is "how satisfied are you?", from 1 to 5: 4 and 5 are
	// satisfied.
	ResponseCSAT
	// ResponseEffort is the customer effort score, "how easy was it?",
	// from 1 (very difficult) to 7 (very easy).
	ResponseEffort
)

var responseKindNames = enum.New("ResponseKind", map[ResponseKind]string{
	ResponseNPS:    "nps",
	ResponseCSAT:   "csat",
	ResponseEffort: "effort",
})

// Range returns the lowest and highest score of k's scale, and false for a
// value that is not a kind.
func (k ResponseKind) Range() (lo, hi int, ok bool) {
	switch k {
	case ResponseNPS:
		return 0, 10, true
	case ResponseCSAT:
		return 1, 5, true
	case ResponseEffort:
		return 1, 7, true
	}
	return 0, 0, false
}

// String returns "nps", "csat" or "effort".
func (k ResponseKind) String() string { return responseKindNames.String(k) }

// MarshalText returns the kind's name; an unknown value is an error.
// The zero ResponseKind is the exception: it is the empty text, unset.
func (k ResponseKind) MarshalText() ([]byte, error) {
	return responseKindNames.MarshalText(k, ErrInvalid)
}

// UnmarshalText parses a name written by [ResponseKind.MarshalText].
// The empty text is the zero ResponseKind.
func (k *ResponseKind) UnmarshalText(text []byte) error {
	v, err := responseKindNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*k = v
	}
	return err
}

// SurveyChannel is how a survey reached the contact who answered it. The
// zero value, [SurveyChannelUnspecified], is valid.
type SurveyChannel uint8

// The survey channels.
const (
	SurveyChannelUnspecified SurveyChannel = iota // not recorded
	SurveyChannelEmail                            // a link or form in an email
	SurveyChannelWeb                              // a web page or customer portal
	SurveyChannelInApp                            // inside the product
	SurveyChannelSMS                              // a text message
	SurveyChannelPhone                            // asked on a call
	SurveyChannelInPerson                         // asked face to face, at a review say
)

var surveyChannelNames = enum.New("SurveyChannel", map[SurveyChannel]string{
	SurveyChannelUnspecified: "unspecified",
	SurveyChannelEmail:       "email",
	SurveyChannelWeb:         "web",
	SurveyChannelInApp:       "in-app",
	SurveyChannelSMS:         "sms",
	SurveyChannelPhone:       "phone",
	SurveyChannelInPerson:    "in-person",
})

// String returns the channel's name, such as "in-app".
func (c SurveyChannel) String() string { return surveyChannelNames.String(c) }

// MarshalText returns the channel's name; an unknown value is an error.
func (c SurveyChannel) MarshalText() ([]byte, error) {
	return surveyChannelNames.MarshalText(c, ErrInvalid)
}

// UnmarshalText parses a name written by [SurveyChannel.MarshalText].
func (c *SurveyChannel) UnmarshalText(text []byte) error {
	v, err := surveyChannelNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*c = v
	}
	return err
}

// ResponseStore keeps survey responses, append-only as
// [account.TransactionStore] keeps transactions: a correction is a delete
// and a new response. It keeps the contract written above
// [account.AccountReader] (contexts, copies, sequences, concurrency), and:
//
//   - A response that fails [Response.Validate] is rejected with an error
//     wrapping both [ErrInvalid] and [account.ErrInvalid] (the sentinel of
//     every store's invalid records) and the [*account.FieldError].
//   - An ID already stored, or repeated within a batch, is an error
//     wrapping [account.ErrConflict]; a missing one wraps
//     [account.ErrNotFound]. A deleted response's ID may be used again.
//   - An empty batch stores nothing and returns nil.
//
// store/memstore implements it, and store/storetest checks an
// implementation with RunResponses.
type ResponseStore interface {
	// AddResponses stores rs, all or none. Errors wrap ErrInvalid or
	// account.ErrConflict, and name the response at fault.
	AddResponses(ctx context.Context, rs ...Response) error

	// Responses yields the responses that match f, ordered by account ID,
	// then At, then response ID, all ascending: a list that passes
	// straight into [Satisfaction].
	Responses(ctx context.Context, f ResponseFilter) iter.Seq2[Response, error]

	// DeleteResponse deletes a response, or returns an error wrapping
	// account.ErrNotFound.
	DeleteResponse(ctx context.Context, id ResponseID) error
}

// ResponseFilter selects responses. The zero ResponseFilter selects all;
// each field that is set narrows the selection. The time range is
// half-open, [From, To), as in [account.TransactionFilter].
type ResponseFilter struct {
	Account account.ID   // only responses of Account
	From    time.Time    // only responses at or after From, if set
	To      time.Time    // only responses before To, if set
	Kind    ResponseKind // only responses to this question, if set
}

// Match reports whether r passes the filter.
func (f ResponseFilter) Match(r Response) bool {
	return (f.Account == "" || r.Account == f.Account) &&
		(f.From.IsZero() || !r.At.Before(f.From)) &&
		(f.To.IsZero() || r.At.Before(f.To)) &&
		(f.Kind == 0 || r.Kind == f.Kind)
}
