package escalation

import (
	"errors"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/sla"
)

type compiled struct {
	p Policy
}

// Trace explains a decision.
type Trace struct{}

func newEngine(ps Policies, org OrgChart, slas sla.Policies) (*Engine, error) {
	return nil, errors.New("escalation: not yet")
}

func (e *Engine) selectFor(is *Issue) (*compiled, error) { return nil, errors.New("escalation: not yet") }

func (e *Engine) decide(p *compiled, is *Issue, fired []Record, now time.Time) (Decision, error) {
	_ = account.ID("")
	return Decision{}, errors.New("escalation: not yet")
}
