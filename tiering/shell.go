package tiering

import (
	"context"
	"errors"

	"github.com/keyaccount/keyaccount/account"
)

// A Service tiers the accounts of an [account.AccountStore]: it loads the
// portfolio, scores it with its scorecards, tiers it with its policy, and
// stores the tiers a run gives, each in one call. It is a thin shell over
// the pure functions: what it returns is what [Score] and [Policy.Apply]
// return for the stored accounts, and the plan of a run is
// [Result.Plan], which saves nothing.
//
// A Service is safe for concurrent use if its store is. The zero Service
// has no store: its methods return errors wrapping [ErrInvalid].
type Service struct {
	accounts account.AccountStore
	cards    []Scorecard
	policy   Policy
}

// ServiceConfig is what a [Service] tiers by.
type ServiceConfig struct {
	// Scorecards score the accounts, in precedence order, as [Score]
	// takes them. At least one is required.
	Scorecards []Scorecard

	// Policy tiers the scores, as [Policy.Apply] does. Required.
	Policy Policy
}

// NewService returns a Service that reads and writes the accounts of
// accounts, scoring them with cfg.Scorecards and tiering them with
// cfg.Policy. It copies the configuration: changing cfg afterwards does
// not change the Service.
//
// The error wraps [ErrInvalid]: an [*account.FieldError] with Record
// "Argument" for a nil store, or the problems of the scorecards (as
// [Score] reports them) and of the policy ([Policy.Validate]), joined.
func NewService(accounts account.AccountStore, cfg ServiceConfig) (*Service, error) {
	if accounts == nil {
		return nil, &account.FieldError{Record: "Argument", Field: "accounts", Reason: "is nil", Err: ErrInvalid}
	}
	if err := errors.Join(validateCards(cfg.Scorecards), cfg.Policy.Validate()); err != nil {
		return nil, err
	}
	s := &Service{accounts: accounts, cards: make([]Scorecard, len(cfg.Scorecards)), policy: clonePolicy(cfg.Policy)}
	for i, c := range cfg.Scorecards {
		s.cards[i] = cloneCard(c)
	}
	return s, nil
}

// check reports a Service not made by NewService.
func (s *Service) check() error {
	if s == nil || s.accounts == nil {
		return &account.FieldError{Record: "Service", Reason: "has no AccountStore: make it with NewService", Err: ErrInvalid}
	}
	return nil
}

// Score reads every stored account and scores the portfolio with the
// Service's scorecards: [Score] over the accounts the store lists. Its
// errors are the store's, as it returns them, and those of Score.
func (s *Service) Score(ctx context.Context) (*Scores, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	accounts, err := account.Collect(s.accounts.Accounts(ctx, account.AccountFilter{}))
	if err != nil {
		return nil, err
	}
	return Score(accounts, s.cards...)
}

// Tier reads every stored account, scores the portfolio and tiers it under
// the Service's policy with in (the run's instant, values and overrides):
// [Policy.Apply] over [Service.Score]. The Result is the dry run: its
// [Result.Plan] lists the moves, and [Service.Apply] stores them. Its
// errors are those of Score, the store's and those of Apply.
func (s *Service) Tier(ctx context.Context, in Input) (*Result, error) {
	scores, err := s.Score(ctx)
	if err != nil {
		return nil, err
	}
	return s.policy.Apply(scores, in)
}

// Apply stores the tiers of r: every account whose tier r changes is
// written as [Result.Accounts] gives it (its new Tier, TierSince the run's
// instant), with the version it had when it was read, in ascending ID
// order. The accounts whose tier stays are not written. r is normally made
// by [Service.Tier]; a Result of [Policy.Apply] over accounts read from
// the same store works as well.
//
// An account changed or deleted since it was read is not written: it is
// reported in [account.Applied.Conflicts], and the other accounts are
// still written. Apply is idempotent: an account the store already holds
// in r's tier since r's instant counts as Unchanged, so applying r twice
// writes nothing the second time. Other errors end the writing; see
// [account.UpdateAccounts], which Apply calls. A nil r is an
// [*account.FieldError] wrapping [ErrInvalid].
func (s *Service) Apply(ctx context.Context, r *Result) (account.Applied, error) {
	if err := s.check(); err != nil {
		return account.Applied{}, err
	}
	if r == nil {
		return account.Applied{}, &account.FieldError{Record: "Argument", Field: "r", Reason: "is nil", Err: ErrInvalid}
	}
	var changed []account.Account
	for i := range r.tier {
		if r.tier[i] != r.scores.accounts[i].Tier {
			a := r.scores.accounts[i]
			r.retier(&a, i)
			changed = append(changed, a)
		}
	}
	out, err := account.UpdateAccounts(ctx, s.accounts, changed, sameTier)
	out.Unchanged += r.Len() - len(changed)
	return out, err
}

// sameTier reports whether stored is already in want's tier since want's
// TierSince: a Result applied before.
func sameTier(stored, want account.Account) bool {
	return stored.Tier == want.Tier && stored.TierSince.Equal(want.TierSince)
}
