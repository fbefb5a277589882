package growth

import (
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/enum"
	"github.com/keyaccount/keyaccount/internal/fault"
	"github.com/shopspring/decimal"
)

// ErrUnknownStage reports an opportunity whose history names a stage that is
// not in the pipeline's [Stages]. It wraps [ErrInvalid].
var ErrUnknownStage = fault.New("growth: stage not in the list", ErrInvalid)

// MaxStages is the most stages a [Stages] list may have.
const MaxStages = 32

// Outcome says whether a stage is still open or ends the opportunity, won
// or lost.
//
// The zero Outcome is [OutcomeOpen].
type Outcome uint8

// The outcomes.
const (
	// OutcomeOpen is a stage the opportunity passes through.
	OutcomeOpen Outcome = iota
	// OutcomeWon is the terminal stage of an opportunity won.
	OutcomeWon
	// OutcomeLost is the terminal stage of an opportunity lost (or
	// abandoned).
	OutcomeLost
)

var outcomeNames = enum.New("Outcome", map[Outcome]string{
	OutcomeOpen: "open",
	OutcomeWon:  "won",
	OutcomeLost: "lost",
})

// String returns "open", "won" or "lost".
func (o Outcome) String() string { return outcomeNames.String(o) }

// MarshalText implements [encoding.TextMarshaler] with the form of String;
// a value without a name is an [*account.FieldError] wrapping [ErrInvalid].
func (o Outcome) MarshalText() ([]byte, error) { return outcomeNames.MarshalText(o, ErrInvalid) }

// UnmarshalText implements [encoding.TextUnmarshaler]: it accepts the names
// String returns; any other is an [*account.FieldError] wrapping [ErrInvalid].
func (o *Outcome) UnmarshalText(text []byte) error {
	v, err := outcomeNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*o = v
	}
	return err
}

// A Stage is one step of the sales process: "qualified", "proposal",
// "negotiation", or one of the two terminal stages, won and lost.
type Stage struct {
	// Name names the stage in an opportunity's history. It follows the
	// rules of [account.ID.Validate] and is unique within its [Stages].
	Name string
	// Probability is the chance, from 0 to 1, that an opportunity in this
	// stage is won: the weight of its value in the weighted pipeline. The
	// won stage's is 1 and the lost stage's 0.
	Probability decimal.Decimal
	// Outcome says whether the stage is open or ends the opportunity.
	Outcome Outcome
	// MaxAge is how long an open opportunity may stay in this stage with no
	// change before it is stale; 0 means it never goes stale. Terminal
	// stages have none.
	MaxAge time.Duration
}

// Stages is a pipeline's ordered list of stages: the open stages in the
// order an opportunity moves through them, then the two terminal stages,
// won and lost (in either order). The caller defines it; [Stages.Validate]
// says what makes one valid.
type Stages []Stage

var one = decimal.NewFromInt(1)

// Validate reports whether s is a usable list of stages: from 3 to
// [MaxStages] stages; each name valid (by the rules of
// [account.ID.Validate]) and unique; each probability from 0 to 1; each
// outcome known; at least one open stage, exactly one won stage with
// probability 1 and exactly one lost stage with probability 0, both after
// every open stage; no negative MaxAge and none on a terminal stage. The
// error wraps [ErrInvalid] and joins an [*account.FieldError] for each
// fault, with Record "Stages" and a Field such as "[2].Probability".
func (s Stages) Validate() error {
	var errs fault.List
	bad := func(i int, field string, value any, reason string) {
		f := "[" + strconv.Itoa(i) + "]"
		if field != "" {
			f += "." + field
		}
		errs.Add(&account.FieldError{Record: "Stages", Field: f, Value: value, Reason: reason, Err: ErrInvalid})
	}
	if len(s) < 3 || len(s) > MaxStages {
		errs.Add(&account.FieldError{Record: "Stages", Value: len(s),
			Reason: "must have from 3 to " + strconv.Itoa(MaxStages) + " stages", Err: ErrInvalid})
		if len(s) > MaxStages {
			return errs.Err()
		}
	}
	seen := make(map[string]int, len(s))
	won, lost, open, terminal := 0, 0, 0, false
	for i, st := range s {
		if r := nameReason(st.Name); r != "" {
			bad(i, "Name", st.Name, r)
		} else if j, dup := seen[st.Name]; dup {
			bad(i, "Name", st.Name, "repeats the name of stage "+strconv.Itoa(j))
		} else {
			seen[st.Name] = i
		}
		if st.Probability.Sign() < 0 || st.Probability.GreaterThan(one) {
			bad(i, "Probability", st.Probability, "must be from 0 to 1")
		}
		if st.MaxAge < 0 {
			bad(i, "MaxAge", st.MaxAge, "must not be negative")
		}
		switch st.Outcome {
		case OutcomeOpen:
			open++
			if terminal {
				bad(i, "Outcome", st.Outcome, "an open stage must come before the terminal stages")
			}
		case OutcomeWon, OutcomeLost:
			terminal = true
			if st.Outcome == OutcomeWon {
				won++
				if !st.Probability.Equal(one) {
					bad(i, "Probability", st.Probability, "must be 1 for the won stage")
				}
			} else {
				lost++
				if !st.Probability.IsZero() {
					bad(i, "Probability", st.Probability, "must be 0 for the lost stage")
				}
			}
			if st.MaxAge != 0 {
				bad(i, "MaxAge", st.MaxAge, "must be 0 for a terminal stage")
			}
		default:
			bad(i, "Outcome", st.Outcome, "is not a known Outcome (one of "+outcomeNames.List()+")")
		}
	}
	if open == 0 {
		errs.Add(&account.FieldError{Record: "Stages", Reason: "must have an open stage", Err: ErrInvalid})
	}
	if won != 1 {
		errs.Add(&account.FieldError{Record: "Stages", Value: won, Reason: "must have exactly one won stage", Err: ErrInvalid})
	}
	if lost != 1 {
		errs.Add(&account.FieldError{Record: "Stages", Value: lost, Reason: "must have exactly one lost stage", Err: ErrInvalid})
	}
	return errs.Err()
}

// Index returns the position of the stage called name, and whether there
// is one.
func (s Stages) Index(name string) (int, bool) {
	for i := range s {
		if s[i].Name == name {
			return i, true
		}
	}
	return 0, false
}

// nameReason returns why s is not a valid name or ID, by the rules of
// account.ID.Validate, or "" if it is valid.
func nameReason(s string) string {
	err := account.ID(s).Validate()
	if fe, ok := err.(*account.FieldError); ok {
		return fe.Reason
	}
	return ""
}
