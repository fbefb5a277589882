package escalation

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// checkpointFormat is the version of the checkpoint's form.
const checkpointFormat = 1

// checkpoint is the form of a detector's state: its configuration, its
// clock and counters, the occurrences in its window and the warnings that
// stand. The groups' measures and the instants at which warnings will
// have stood for Hold follow from these.
type checkpoint struct {
	Format      int            `json:"format"`
	Config      DetectorConfig `json:"config"`
	Started     bool           `json:"started"`
	Now         time.Time      `json:"now"`
	Seen        int64          `json:"seen"`
	Next        int64          `json:"next"`
	Occurrences []Occurrence   `json:"occurrences"`
	Standing    []standingForm `json:"standing"`
}

// standingForm is a standing warning in a checkpoint.
type standingForm struct {
	Warning Warning      `json:"warning"`
	Below   *WarningStep `json:"below,omitempty"`
}

// MarshalBinary implements [encoding.BinaryMarshaler]: it returns a
// checkpoint of the detector's state, from which [Detector.UnmarshalBinary]
// restarts it, so that a long stream need not be replayed. The checkpoint
// is JSON; its size is proportional to the occurrences in the window and
// the warnings that stand, not to the stream.
func (d *Detector) MarshalBinary() ([]byte, error) {
	if d.groups[DimensionCategory] == nil {
		return nil, unmade()
	}
	c := checkpoint{Format: checkpointFormat, Config: d.cfg, Started: d.started, Now: d.now, Seen: d.seen, Next: d.next,
		Occurrences: make([]Occurrence, d.window.len())}
	for i := range c.Occurrences {
		c.Occurrences[i] = d.window.at(i).o
	}
	for _, w := range d.Active() {
		st := d.groups[w.Dimension][w.Key].active
		f := standingForm{Warning: w}
		if st.belowSet {
			f.Below = &st.below
		}
		c.Standing = append(c.Standing, f)
	}
	return json.Marshal(c)
}

// UnmarshalBinary implements [encoding.BinaryUnmarshaler]: it replaces d's
// state with the checkpoint data that [Detector.MarshalBinary] wrote. The
// restored detector goes on exactly as the one that wrote the checkpoint
// would have: the same occurrences give it the same warnings.
//
// A checkpoint that is not one MarshalBinary wrote, or whose state could
// not arise (an occurrence outside the window, a window at the raise
// threshold without a warning, ...), is an error wrapping
// [ErrCheckpoint] (and [ErrInvalid]), most often an [*account.FieldError]
// with Record "Checkpoint" naming the field; d is then left unchanged.
func (d *Detector) UnmarshalBinary(data []byte) error {
	var c checkpoint
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return cpError("", nil, "is not a checkpoint: "+err.Error(), nil)
	}
	if dec.More() {
		return cpError("", nil, "has data after the checkpoint", nil)
	}
	nd, err := restore(&c)
	if err != nil {
		return err
	}
	*d = *nd
	return nil
}

// cpError returns a fault of the field of a checkpoint, wrapping
// ErrCheckpoint and cause (if not nil).
func cpError(field string, value any, reason string, cause error) error {
	fe := &account.FieldError{Record: "Checkpoint", Field: field, Value: value, Reason: reason, Err: ErrCheckpoint}
	if cause == nil {
		return fe
	}
	return errors.Join(fe, cause)
}

// restore returns the detector whose state c holds.
func restore(c *checkpoint) (*Detector, error) {
	if c.Format != checkpointFormat {
		return nil, cpError("format", c.Format, "must be "+strconv.Itoa(checkpointFormat), nil)
	}
	if err := c.Config.Validate(); err != nil {
		return nil, cpError("config", nil, "is not valid", err)
	}
	d := newDetector(c.Config)
	if c.Next < 1 || c.Next > math.MaxInt64/2 {
		return nil, cpError("next", c.Next, "must be from 1 to "+strconv.FormatInt(math.MaxInt64/2, 10), nil)
	}
	if c.Seen < int64(len(c.Occurrences)) {
		return nil, cpError("seen", c.Seen, "is less than the occurrences in the window", nil)
	}
	d.seen, d.next = c.Seen, c.Next
	if !c.Started {
		if !c.Now.IsZero() || c.Seen != 0 || len(c.Occurrences) > 0 || len(c.Standing) > 0 || c.Next != 1 {
			return nil, cpError("started", false, "but the checkpoint has a clock, occurrences or warnings", nil)
		}
		return d, nil
	}
	if c.Now.Before(minAt) || !c.Now.Before(maxAt) {
		return nil, cpError("now", c.Now, "must be in the years 1900 to 2100", nil)
	}
	d.started, d.now, d.nowNS = true, c.Now, c.Now.UnixNano()
	last := int64(math.MinInt64)
	for i := range c.Occurrences {
		o := &c.Occurrences[i]
		field := "occurrences[" + strconv.Itoa(i) + "]"
		if err := checkOccurrence(o, d.weights); err != nil {
			return nil, cpError(field, nil, "is not valid", err)
		}
		ns := o.At.UnixNano()
		switch {
		case ns < last:
			return nil, cpError(field+".At", o.At, "is before the occurrence before it", nil)
		case ns > d.nowNS:
			return nil, cpError(field+".At", o.At, "is after the checkpoint's clock", nil)
		case ns <= d.nowNS-d.winNS:
			return nil, cpError(field+".At", o.At, "has left the window", nil)
		}
		if err := d.checkImpact(o); err != nil {
			return nil, cpError(field, nil, "is not valid", err)
		}
		last = ns
		d.place(o, ns, false)
	}
	lastN, lastRaised := int64(0), int64(math.MinInt64)
	for i := range c.Standing {
		if err := d.restoreStanding(&c.Standing[i], "standing["+strconv.Itoa(i)+"]", &lastN, &lastRaised); err != nil {
			return nil, err
		}
	}
	for i := range d.window.len() {
		s := d.window.at(i)
		for _, g := range [2]*wgroup{s.cat, s.svc} {
			if g != nil && g.active == nil && d.reached(g) {
				return nil, cpError("standing", nil, "has no warning for "+g.dim.String()+" "+fault.Quote(g.key)+
					", whose window reaches the raise threshold", nil)
			}
		}
	}
	return d, nil
}

// restoreStanding restores the standing warning f, checking it against
// the window restored and the warnings before it (lastN and lastRaised,
// which it moves on).
func (d *Detector) restoreStanding(f *standingForm, field string, lastN, lastRaised *int64) error {
	w := &f.Warning
	switch {
	case !dimensionNames.Valid(w.Dimension):
		return cpError(field+".warning.Dimension", w.Dimension, "is not a dimension", nil)
	case idReason(w.Key) != "":
		return cpError(field+".warning.Key", w.Key, idReason(w.Key), nil)
	case w.N <= *lastN || w.N >= d.next:
		return cpError(field+".warning.N", w.N, "must be more than the N before it and less than next", nil)
	case w.Raised.Before(minAt) || !w.Raised.Before(maxAt):
		return cpError(field+".warning.Raised", w.Raised, "must be in the years 1900 to 2100", nil)
	case !w.Cleared.IsZero():
		return cpError(field+".warning.Cleared", w.Cleared, "is set on a warning that stands", nil)
	}
	ns := w.Raised.UnixNano()
	if ns < *lastRaised || ns > d.nowNS {
		return cpError(field+".warning.Raised", w.Raised, "is before the warning before it or after the clock", nil)
	}
	for j, s := range w.Steps {
		if !warningStepNames.Valid(s.Kind) {
			return cpError(field+".warning.Steps["+strconv.Itoa(j)+"].Kind", s.Kind, "is not a kind of step", nil)
		}
	}
	g := d.group(w.Dimension, w.Key)
	if g.active != nil {
		return cpError(field+".warning.Key", w.Key, "has a warning before it", nil)
	}
	below := d.below(g)
	if (f.Below != nil) != below {
		return cpError(field+".below", nil, "does not agree with the window", nil)
	}
	if below && ns+d.holdNS <= d.nowNS {
		return cpError(field, nil, "would have cleared by the checkpoint's clock", nil)
	}
	st := &standing{w: *w, raisedNS: ns}
	if f.Below != nil {
		if !warningStepNames.Valid(f.Below.Kind) {
			return cpError(field+".below.Kind", f.Below.Kind, "is not a kind of step", nil)
		}
		st.below, st.belowSet = *f.Below, true
	}
	g.active = st
	if d.holdNS > 0 && ns+d.holdNS > d.nowNS {
		d.holds.push(holdEnd{g: g, n: w.N, ns: ns + d.holdNS, at: w.Raised.Add(d.cfg.Hold)})
	}
	*lastN, *lastRaised = w.N, ns
	return nil
}
