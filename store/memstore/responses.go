package memstore

import (
	"context"
	"iter"
	"time"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/engagement"
)

var _ engagement.ResponseStore = (*Store)(nil)

var responseKind = &logKind[engagement.ResponseID, engagement.Response]{
	name:     "Response",
	id:       func(r engagement.Response) engagement.ResponseID { return r.ID },
	account:  func(r engagement.Response) account.ID { return r.Account },
	at:       func(r engagement.Response) time.Time { return r.At },
	clone:    func(r engagement.Response) engagement.Response { return r }, // a Response holds no references
	validate: func(r engagement.Response) error { return invalid(r.Validate()) },
}

// AddResponses stores copies of rs, all or none. The error wraps
// [engagement.ErrInvalid] and [account.ErrInvalid] (naming the first
// response that fails Validate), [account.ErrConflict] (naming the first
// ID that is already stored or repeated within rs), or is ctx.Err().
// Adding n responses costs O(n log n) at most, spread over the call and the
// next read.
func (s *Store) AddResponses(ctx context.Context, rs ...engagement.Response) error {
	return s.responses.add(ctx, responseKind, rs)
}

// Responses yields the responses that match f, ordered by account ID, then
// At, then response ID, as [Store.Transactions] does.
func (s *Store) Responses(ctx context.Context, f engagement.ResponseFilter) iter.Seq2[engagement.Response, error] {
	return s.responses.list(ctx, responseKind, spanOf(f.Account, f.From, f.To),
		func(r engagement.Response) bool { return f.Kind == 0 || r.Kind == f.Kind })
}

// DeleteResponse deletes the response with the given ID. The error wraps
// [account.ErrNotFound] if there is none, or is ctx.Err().
func (s *Store) DeleteResponse(ctx context.Context, id engagement.ResponseID) error {
	return s.responses.remove(ctx, responseKind, id)
}
