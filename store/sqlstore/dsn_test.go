package sqlstore

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/keyaccount/keyaccount/account"
)

func TestParseDSN(t *testing.T) {
	tests := []struct {
		dsn  string
		want source
	}{
		{"postgres://u:p@localhost:5432/db?sslmode=disable",
			source{DialectPostgres, "pgx", "postgres://u:p@localhost:5432/db?sslmode=disable"}},
		{"postgresql://localhost/db", source{DialectPostgres, "pgx", "postgresql://localhost/db"}},
		{"sqlite:ka.db", source{DialectSQLite, "sqlite", "file:ka.db?" + sqliteParams}},
		{"sqlite:/var/lib/a b/ka.db", source{DialectSQLite, "sqlite", "file:/var/lib/a b/ka.db?" + sqliteParams}},
		{"sqlite:a?b#c%d.db", source{DialectSQLite, "sqlite", "file:a%3Fb%23c%25d.db?" + sqliteParams}},
	}
	for _, tt := range tests {
		got, err := parseDSN(tt.dsn)
		if err != nil {
			t.Errorf("parseDSN(%q): %v", tt.dsn, err)
			continue
		}
		if got != tt.want {
			t.Errorf("parseDSN(%q) = %+v, want %+v", tt.dsn, got, tt.want)
		}
	}
}

func TestParseDSNErrors(t *testing.T) {
	for _, dsn := range []string{
		"",
		"mysql://localhost/db",
		"Postgres://localhost/db",
		"sqlite:",
		"sqlite::memory:",
		"sqlite:file:ka.db?mode=memory",
		"sqlite:ka\x00.db",
		"postgres://u:s3cret@localhost:notaport/db",
		"/tmp/ka.db",
	} {
		_, err := parseDSN(dsn)
		var fe *account.FieldError
		if !errors.Is(err, ErrInvalid) || !errors.As(err, &fe) || fe.Record != "DSN" {
			t.Errorf("parseDSN(%q): error = %v, want ErrInvalid with a DSN FieldError", dsn, err)
			continue
		}
		if strings.Contains(err.Error(), "s3cret") {
			t.Errorf("parseDSN(%q): error %q shows the password", dsn, err)
		}
	}
}

func TestOpenRefusesBadDSN(t *testing.T) {
	_, err := Open(t.Context(), "mysql://localhost/db")
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("Open: error = %v, want ErrInvalid", err)
	}
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://u:pw@h/db", "postgres://u:xxxxx@h/db"},
		{"postgres://u:p@w@h:1/db?x=@", "postgres://u:xxxxx@h:1/db?x=@"},
		{"postgres://u@h/db", "postgres://u@h/db"},
		{"postgres://h/db?password=x", "postgres://h/db?password=x"},
		{"sqlite:a:b@c", "sqlite:a:b@c"},
		{"postgres://h", "postgres://h"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRebind(t *testing.T) {
	tests := []struct{ in, want string }{
		// In order, each once: plain ?.
		{"SELECT $1, $2 FROM t WHERE a = $3", "SELECT ?, ? FROM t WHERE a = ?"},
		{"$1", "?"},
		{"($1,$2),($3,$4)", "(?,?),(?,?)"},
		// Otherwise numbered.
		{"SELECT $1, $2 FROM t WHERE a = $10", "SELECT ?1, ?2 FROM t WHERE a = ?10"},
		{"UPDATE t SET a = $2 WHERE id = $1", "UPDATE t SET a = ?2 WHERE id = ?1"},
		{"SELECT $1, $1", "SELECT ?1, ?1"},
		{"SELECT $2", "SELECT ?2"},
		{"SELECT $01", "SELECT ?01"},
		// Literals, identifiers and comments are not placeholders.
		{"SELECT '$1', \"$2\", $3", "SELECT '$1', \"$2\", ?3"},
		{"SELECT 'it''s $2', $1", "SELECT 'it''s $2', ?"},
		{"-- $1 in a comment\nSELECT $2", "-- $1 in a comment\nSELECT ?2"},
		{"SELECT $ , $a, 5-$1, 5 - -$2", "SELECT $ , $a, 5-?, 5 - -?"},
		{"SELECT 'unterminated $1", "SELECT 'unterminated $1"},
		{"SELECT 1 -- trailing $1", "SELECT 1 -- trailing $1"},
		{"SELECT \"x", "SELECT \"x"},
		{"SELECT $1 --", "SELECT ? --"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := rebind(tt.in); got != tt.want {
			t.Errorf("rebind(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestQueryText(t *testing.T) {
	q := sqlQuery("SELECT $1")
	if got := q.text(DialectPostgres); got != "SELECT $1" {
		t.Errorf("postgres text = %q", got)
	}
	if got := q.text(DialectSQLite); got != "SELECT ?" {
		t.Errorf("sqlite text = %q", got)
	}
	q = dialectQuery("SELECT $1::text", "SELECT $1")
	if diff := cmp.Diff([]string{q.text(DialectPostgres), q.text(DialectSQLite)}, []string{"SELECT $1::text", "SELECT ?"}); diff != "" {
		t.Errorf("dialectQuery (-got +want):\n%s", diff)
	}
}

func TestDialectText(t *testing.T) {
	for _, d := range []Dialect{DialectPostgres, DialectSQLite} {
		b, err := d.MarshalText()
		if err != nil {
			t.Fatal(err)
		}
		var back Dialect
		if err := back.UnmarshalText(b); err != nil || back != d {
			t.Errorf("%v round-trips to %v, %v", d, back, err)
		}
	}
	if got := Dialect(0).String(); got != "%!Dialect(0)" {
		t.Errorf("Dialect(0).String() = %q", got)
	}
	if _, err := Dialect(3).MarshalText(); !errors.Is(err, ErrInvalid) {
		t.Errorf("Dialect(3).MarshalText: error = %v, want ErrInvalid", err)
	}
	var d Dialect = DialectSQLite
	if err := d.UnmarshalText([]byte("mysql")); !errors.Is(err, ErrInvalid) || d != DialectSQLite {
		t.Errorf("UnmarshalText(mysql): %v, %v", d, err)
	}
}

// FuzzParseDSN checks that any text either parses to a known dialect or is
// refused with ErrInvalid, never panics, and never echoes a URL's
// password in the error.
func FuzzParseDSN(f *testing.F) {
	for _, s := range []string{"postgres://u:pw@h:5432/db?sslmode=disable", "sqlite:ka.db", "sqlite:a?b#c", "", "postgres://[::1", "sqlite:\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, dsn string) {
		src, err := parseDSN(dsn)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("parseDSN(%q): error %v does not wrap ErrInvalid", dsn, err)
			}
			return
		}
		if !dialectNames.Valid(src.dialect) || src.name == "" {
			t.Fatalf("parseDSN(%q) = %+v", dsn, src)
		}
		if src.dialect == DialectSQLite && strings.ContainsAny(strings.TrimSuffix(src.name, "?"+sqliteParams), "?#") {
			t.Fatalf("parseDSN(%q): SQLite name %q has an unescaped ? or #", dsn, src.name)
		}
	})
}
