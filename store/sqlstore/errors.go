package sqlstore

import (
	"errors"

	"github.com/keyaccount/keyaccount/account"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// Sentinel errors. Errors about records wrap the sentinels of the package
// that defines the record (account.ErrNotFound, account.ErrConflict,
// account.ErrInvalid, ...), as every store's do; the sentinels below cover
// what only a database can go wrong with.
var (
	// ErrInvalid reports an argument the package cannot use: a data source
	// name it does not understand, an unknown [Dialect], a nil *sql.DB.
	ErrInvalid = errors.New("sqlstore: invalid input")

	// ErrUnstorable reports a record that is valid but holds a value the
	// database cannot keep exactly, such as a time outside the years 1 to
	// 9999. The error also wraps [account.ErrInvalid] and names the field
	// with an [*account.FieldError].
	ErrUnstorable = fault.New("sqlstore: value cannot be stored", ErrInvalid, account.ErrInvalid)

	// ErrSchemaTooNew reports a database whose schema was migrated by a
	// newer version of the package: it records a migration this version
	// does not know. The package refuses to use it rather than guess.
	ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this package")

	// ErrCorrupt reports a stored value that does not decode: an amount
	// that is not a decimal, an unknown enumeration name, a malformed JSON
	// column. Such a row was written around the package (by hand, or by
	// another program); the error names the table, the row and the column.
	ErrCorrupt = errors.New("sqlstore: malformed stored value")

	// ErrClosed reports a call on a Store after Close, or on a *sql.DB the
	// caller closed.
	ErrClosed = errors.New("sqlstore: store is closed")
)
