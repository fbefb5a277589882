package sqlstore

import (
	"strconv"
	"strings"

	"github.com/keyaccount/keyaccount/internal/enum"
)

// A Dialect is the SQL dialect of a database: what the package must write
// differently for it (placeholders, column types, how errors are reported).
type Dialect uint8

// The dialects the package speaks.
const (
	// DialectPostgres is PostgreSQL (13 or later), through the
	// github.com/jackc/pgx/v5/stdlib driver, registered as "pgx".
	DialectPostgres Dialect = 1
	// DialectSQLite is SQLite (3.35 or later), through the pure-Go
	// modernc.org/sqlite driver, registered as "sqlite".
	DialectSQLite Dialect = 2
)

var dialectNames = enum.New("Dialect", map[Dialect]string{
	DialectPostgres: "postgres",
	DialectSQLite:   "sqlite",
})

// String returns "postgres" or "sqlite", or %!Dialect(n) for an unknown
// value.
func (d Dialect) String() string { return dialectNames.String(d) }

// MarshalText returns the dialect's name; an unknown dialect is an error
// wrapping [ErrInvalid].
// The zero Dialect is the exception: it is the empty text, unset.
func (d Dialect) MarshalText() ([]byte, error) { return dialectNames.MarshalText(d, ErrInvalid) }

// UnmarshalText reads a name written by [Dialect.MarshalText].
// The empty text is the zero Dialect.
func (d *Dialect) UnmarshalText(text []byte) error {
	v, err := dialectNames.UnmarshalText(text, ErrInvalid)
	if err == nil {
		*d = v
	}
	return err
}

// A query is one SQL statement in the text each dialect runs. Statements
// are written once, in PostgreSQL's notation with $1, $2, ... placeholders;
// [sqlQuery] rewrites them for SQLite, where ?1, ?2, ... are the numbered
// parameters. A statement that really differs between the dialects is
// written twice, with [dialectQuery].
type query struct {
	pg, lite string
}

// sqlQuery returns a query for a statement written with $N placeholders.
func sqlQuery(s string) query { return query{pg: s, lite: rebind(s)} }

// dialectQuery returns a query whose text differs by dialect; lite is
// rewritten as sqlQuery does.
func dialectQuery(pg, lite string) query { return query{pg: pg, lite: rebind(lite)} }

// text returns the statement's text in dialect d.
func (q query) text(d Dialect) string {
	if d == DialectSQLite {
		return q.lite
	}
	return q.pg
}

// rebind rewrites PostgreSQL placeholders ($1) to SQLite's parameters,
// leaving string literals, quoted identifiers and comments alone. Where the
// placeholders run $1, $2, $3, ... in order, each once, they become plain
// ? (SQLite looks a numbered parameter up by a linear scan, which makes a
// statement with thousands of them, a multi-row INSERT, quadratic to
// bind); otherwise they become the numbered ?1, ?2, ...
func rebind(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	plain := true // the placeholders so far run 1, 2, 3, ...
	n := 0
	placeholders(s, func(lit string, num string) {
		b.WriteString(lit)
		if num != "" {
			n++
			plain = plain && num == strconv.Itoa(n)
			b.WriteString("?" + num)
		}
	})
	if !plain {
		return b.String()
	}
	b.Reset()
	placeholders(s, func(lit string, num string) {
		b.WriteString(lit)
		if num != "" {
			b.WriteByte('?')
		}
	})
	return b.String()
}

// placeholders splits s into runs of text, each followed by the number of
// a $N placeholder (or "" after the last run), and calls f with each.
// String literals, quoted identifiers and comments are text.
func placeholders(s string, f func(text, num string)) {
	start := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\'' || c == '"':
			j := strings.IndexByte(s[i+1:], c)
			if j < 0 {
				i = len(s)
			} else {
				i += j + 1
			}
		case c == '-' && i+1 < len(s) && s[i+1] == '-':
			j := strings.IndexByte(s[i:], '\n')
			if j < 0 {
				i = len(s)
			} else {
				i += j
			}
		case c == '$' && i+1 < len(s) && s[i+1] >= '0' && s[i+1] <= '9':
			j := i + 1
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			f(s[start:i], s[i+1:j])
			start, i = j, j-1
		}
	}
	f(s[start:], "")
}

// params numbers placeholders for a statement built from parts (a filter's
// WHERE clause): each call to add returns the next $N and keeps its value.
type params struct {
	args []any
}

// add keeps v and returns its placeholder.
func (p *params) add(v any) string {
	p.args = append(p.args, v)
	return "$" + strconv.Itoa(len(p.args))
}
