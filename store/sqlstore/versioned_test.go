package sqlstore

import (
	"context"
	"errors"
	"testing"

	"github.com/keyaccount/keyaccount/account"
)

// TestMissed checks how a write that matched no row is explained: the
// record is missing, its version moved on, or (a race missed's own read
// sees after the fact) it was deleted and created again at the version
// the write carried.
func TestMissed(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		ctx := context.Background()
		a, err := s.CreateAccount(ctx, sampleAccount("acme"))
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			id   account.ID
			ver  int64
			err  error
			want string
		}{
			{"gone", 1, account.ErrNotFound, `sqlstore: Account "gone": ` + account.ErrNotFound.Error()},
			{"acme", a.Version + 1, account.ErrConflict, `sqlstore: Account "acme": version 2 is not the stored version 1: ` + account.ErrConflict.Error()},
			{"acme", a.Version, account.ErrConflict, `sqlstore: Account "acme": version 1 was deleted and created again meanwhile: ` + account.ErrConflict.Error()},
		} {
			err := accounts.missed(ctx, s, "update Account", c.id, c.ver)
			if !errors.Is(err, c.err) || err.Error() != c.want {
				t.Errorf("missed(%s, %d) = %v; want %q", c.id, c.ver, err, c.want)
			}
		}
	})
}
