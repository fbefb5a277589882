package sqlstore

import (
	"strconv"
	"strings"
)

// A column is one column of a table, as the statements that read and
// write it need to know it.
type column struct {
	name string
	cast string // the PostgreSQL type a parameter is cast to ("jsonb", "numeric"), and read back as text; "" for none
}

// A table describes one table to the statements built from it: its name
// and its columns, the key first.
type table struct {
	name string
	cols []column
}

// selectList returns the columns to read, those with a cast read as text.
func (t table) selectList() string {
	var b strings.Builder
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		if c.cast != "" {
			b.WriteString("CAST(" + c.name + " AS TEXT)")
		} else {
			b.WriteString(c.name)
		}
	}
	return b.String()
}

// names returns the column names, comma-separated.
func (t table) names() string {
	var b strings.Builder
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(c.name)
	}
	return b.String()
}

// param returns the placeholder of column c as parameter n, cast in
// PostgreSQL where c has a cast.
func param(d Dialect, c column, n int) string {
	p := "$" + strconv.Itoa(n)
	if c.cast != "" && d == DialectPostgres {
		return "CAST(" + p + " AS " + c.cast + ")"
	}
	return p
}

// values returns the placeholders of the columns, parameters from..., as
// a VALUES row "($1, $2, ...)", with the expressions extra after them.
func (t table) values(d Dialect, from int, extra ...string) string {
	var b strings.Builder
	b.WriteByte('(')
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(param(d, c, from+i))
	}
	for _, e := range extra {
		b.WriteString(", " + e)
	}
	b.WriteByte(')')
	return b.String()
}

// perDialect builds a query from a function that writes it for a dialect.
func perDialect(f func(d Dialect) string) query {
	return dialectQuery(f(DialectPostgres), f(DialectSQLite))
}

// where joins conditions into a WHERE clause, or returns "" for none.
func where(conds []string) string {
	if len(conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(conds, " AND ")
}
