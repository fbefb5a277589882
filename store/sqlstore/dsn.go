package sqlstore

import (
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/keyaccount/keyaccount/internal/fault"
)

// The SQLite settings every connection [Open] makes gets: a busy timeout so
// that writers wait for each other rather than fail, the write-ahead log so
// that a running sequence (a read) never blocks a write, and transactions
// that take the write lock when they begin, so that two of them never
// deadlock upgrading a read lock.
const sqliteParams = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_txlock=immediate"

// A source is a parsed data source name: which driver to open with what.
type source struct {
	dialect Dialect
	driver  string // the database/sql driver name
	name    string // the driver's data source name
}

// parseDSN reads a data source name as [Open] documents it.
func parseDSN(dsn string) (source, error) {
	bad := func(reason string) (source, error) {
		return source{}, &fault.FieldError{Record: "DSN", Field: "dsn", Value: redact(dsn), Reason: reason, Err: ErrInvalid}
	}
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		if _, err := pgx.ParseConfig(dsn); err != nil {
			return bad("is not a PostgreSQL URL pgx reads: " + stripURL(err.Error(), dsn))
		}
		return source{dialect: DialectPostgres, driver: "pgx", name: dsn}, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		path := strings.TrimPrefix(dsn, "sqlite:")
		switch {
		case path == "":
			return bad("names no file (write sqlite:PATH)")
		case path == ":memory:" || strings.HasPrefix(path, "file:"):
			return bad("must name a file path: in-memory and URI databases are not supported")
		case strings.ContainsRune(path, 0):
			return bad("contains a NUL byte")
		}
		return source{dialect: DialectSQLite, driver: "sqlite", name: "file:" + escapePath(path) + "?" + sqliteParams}, nil
	}
	return bad("must begin with postgres://, postgresql:// or sqlite:")
}

// escapePath escapes a file path for a SQLite URI filename: '%', '?' and
// '#' would otherwise end the path or start an escape.
func escapePath(p string) string {
	if !strings.ContainsAny(p, "%?#") {
		return p
	}
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		switch c := p[i]; c {
		case '%', '?', '#':
			fmt.Fprintf(&b, "%%%02X", c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// redact returns dsn with the password of a URL's user information
// replaced, so that an error never shows it.
func redact(dsn string) string {
	scheme, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		return dsn
	}
	end := strings.IndexAny(rest, "/?#")
	if end < 0 {
		end = len(rest)
	}
	at := strings.LastIndexByte(rest[:end], '@')
	if at < 0 {
		return dsn
	}
	user, _, hasPassword := strings.Cut(rest[:at], ":")
	if !hasPassword {
		return dsn
	}
	return scheme + "://" + user + ":xxxxx" + rest[at:]
}

// stripURL removes the URL from a driver's parse error, which may quote it
// with its password.
func stripURL(msg, dsn string) string {
	return strings.ReplaceAll(msg, dsn, redact(dsn))
}
