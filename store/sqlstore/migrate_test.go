package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"net/url"
	"slices"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// TestMigrationFiles checks the embedded files: named NNNN_name.sql, the
// same numbers and names for each dialect.
func TestMigrationFiles(t *testing.T) {
	pg, err := readMigrations(migrationFiles, "migrations/postgres")
	if err != nil {
		t.Fatal(err)
	}
	lite, err := readMigrations(migrationFiles, "migrations/sqlite")
	if err != nil {
		t.Fatal(err)
	}
	names := func(ms []migration) (out []string) {
		for _, m := range ms {
			out = append(out, m.name)
		}
		return out
	}
	if diff := cmp.Diff(names(pg), names(lite)); diff != "" {
		t.Errorf("migrations differ between dialects (-postgres +sqlite):\n%s", diff)
	}
	if pg[0].version != 1 || pg[0].name != "account" {
		t.Errorf("first migration = %04d_%s, want 0001_account", pg[0].version, pg[0].name)
	}
	if SchemaVersion() != lite[len(lite)-1].version {
		t.Errorf("SchemaVersion() = %d", SchemaVersion())
	}
}

func TestReadMigrations(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0001_one.sql":   {Data: []byte("CREATE TABLE a (x INTEGER)")},
		"m/0004_four.sql":  {Data: []byte("CREATE TABLE b (x INTEGER)")},
		"m/0010_ten_x.sql": {Data: []byte("SELECT 1")},
	}
	ms, err := readMigrations(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	var got []int
	for _, m := range ms {
		got = append(got, m.version)
	}
	if diff := cmp.Diff(got, []int{1, 4, 10}); diff != "" || ms[2].name != "ten_x" {
		t.Errorf("versions (-got +want):\n%s; name %q", diff, ms[2].name)
	}
	for _, bad := range []string{"0001.sql", "1_one.sql", "00001_one.sql", "0000_zero.sql", "000a_x.sql", "0001_one.txt", "0001_.sql"} {
		if _, err := readMigrations(fstest.MapFS{"m/" + bad: {}}, "m"); err == nil {
			t.Errorf("readMigrations accepts %q", bad)
		}
	}
	twice := fstest.MapFS{"m/0002_a.sql": {}, "m/0002_b.sql": {}}
	if _, err := readMigrations(twice, "m"); err == nil {
		t.Error("readMigrations accepts two files numbered 0002")
	}
	if _, err := readMigrations(fsys, "missing"); err == nil {
		t.Error("readMigrations accepts a missing directory")
	}
}

// recorded returns the versions ka_schema_migrations holds.
func recorded(t *testing.T, s *Store) []int {
	t.Helper()
	rows, err := s.db.QueryContext(t.Context(), "SELECT version FROM ka_schema_migrations ORDER BY version")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v)
	}
	return out
}

func knownVersions(d Dialect) []int {
	var out []int
	for _, m := range migrationsOf()[d] {
		out = append(out, m.version)
	}
	return out
}

func TestMigrateIdempotent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		dsn := testDSN(t, d)
		s1, err := Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer s1.Close()
		if _, err := s1.CreateAccount(t.Context(), sampleAccount("a")); err != nil {
			t.Fatal(err)
		}
		if err := s1.Migrate(t.Context()); err != nil {
			t.Fatalf("second Migrate: %v", err)
		}
		s2, err := Open(t.Context(), dsn)
		if err != nil {
			t.Fatalf("second Open: %v", err)
		}
		defer s2.Close()
		if diff := cmp.Diff(recorded(t, s2), knownVersions(d)); diff != "" {
			t.Errorf("recorded migrations (-got +want):\n%s", diff)
		}
		if _, err := s2.Account(t.Context(), "a"); err != nil {
			t.Errorf("the account did not survive a second migration: %v", err)
		}
	})
}

func TestMigrateConcurrently(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		dsn := testDSN(t, d)
		const n = 4
		var wg sync.WaitGroup
		errs := make([]error, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s, err := Open(t.Context(), dsn)
				if err == nil {
					err = s.Close()
				}
				errs[i] = err
			}()
		}
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Errorf("Open %d: %v", i, err)
			}
		}
		s := newTestStoreAt(t, dsn)
		if diff := cmp.Diff(recorded(t, s), knownVersions(d)); diff != "" {
			t.Errorf("recorded migrations (-got +want):\n%s", diff)
		}
	})
}

// newTestStoreAt opens dsn, closing the store when t ends.
func newTestStoreAt(t *testing.T, dsn string) *Store {
	t.Helper()
	s, err := Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func TestSchemaTooNew(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		dsn := testDSN(t, d)
		s := newTestStoreAt(t, dsn)
		for _, v := range []int{SchemaVersion() + 1, 9999} {
			if _, err := s.db.ExecContext(t.Context(), recordMigration.text(d), v, "from the future"); err != nil {
				t.Fatal(err)
			}
			_, err := Open(t.Context(), dsn)
			if !errors.Is(err, ErrSchemaTooNew) {
				t.Errorf("Open with migration %d recorded: error = %v, want ErrSchemaTooNew", v, err)
			}
			if err := s.Migrate(t.Context()); !errors.Is(err, ErrSchemaTooNew) {
				t.Errorf("Migrate with migration %d recorded: error = %v, want ErrSchemaTooNew", v, err)
			}
		}
		// A gap the package does not know below its last migration is as
		// foreign as one above it.
		s.migrations = []migration{{version: 1, name: "account"}, {version: 9999, name: "from the future"}}
		if err := s.Migrate(t.Context()); !errors.Is(err, ErrSchemaTooNew) {
			t.Errorf("Migrate without 0002..: error = %v, want ErrSchemaTooNew", err)
		}
	})
}

// TestMigrateAllOrNothing checks that a migration that fails leaves
// nothing of itself, nor of the migrations applied with it, and records
// nothing.
func TestMigrateAllOrNothing(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		s := newTestStore(t, d)
		known := migrationsOf()[d]
		s.migrations = append(slices.Clone(known),
			migration{version: 9001, name: "good", sql: "CREATE TABLE ka_test_good (x INTEGER)"},
			migration{version: 9002, name: "bad", sql: "CREATE TABLE ka_test_bad (x INTEGER); SELECT * FROM ka_test_no_such_table"},
		)
		if err := s.Migrate(t.Context()); !errors.Is(err, ErrDatabase) {
			t.Fatalf("Migrate with a failing migration: error = %v, want ErrDatabase", err)
		}
		for _, table := range []string{"ka_test_good", "ka_test_bad"} {
			if _, err := s.db.ExecContext(t.Context(), "SELECT * FROM "+table); err == nil {
				t.Errorf("table %s exists after a failed migration", table)
			}
		}
		if diff := cmp.Diff(recorded(t, s), knownVersions(d)); diff != "" {
			t.Errorf("recorded migrations (-got +want):\n%s", diff)
		}
		// Without the bad one, the good one applies and is recorded.
		s.migrations = s.migrations[:len(s.migrations)-1]
		if err := s.Migrate(t.Context()); err != nil {
			t.Fatal(err)
		}
		if got := recorded(t, s); got[len(got)-1] != 9001 {
			t.Errorf("recorded = %v, want 9001 last", got)
		}
	})
}

func TestNew(t *testing.T) {
	if _, err := New(t.Context(), nil, DialectSQLite); !errors.Is(err, ErrInvalid) {
		t.Errorf("New(nil db): error = %v, want ErrInvalid", err)
	}
	forEachDialect(t, func(t *testing.T, d Dialect) {
		src, err := parseDSN(testDSN(t, d))
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open(src.driver, src.name)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, bad := range []Dialect{0, 3} {
			if _, err := New(t.Context(), db, bad); !errors.Is(err, ErrInvalid) {
				t.Errorf("New(dialect %d): error = %v, want ErrInvalid", bad, err)
			}
		}
		s, err := New(t.Context(), db, d)
		if err != nil {
			t.Fatal(err)
		}
		if s.DB() != db || s.Dialect() != d {
			t.Errorf("DB, Dialect = %p %v, want %p %v", s.DB(), s.Dialect(), db, d)
		}
		if _, err := s.CreateAccount(t.Context(), sampleAccount("a")); err != nil {
			t.Fatal(err)
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if err := db.PingContext(t.Context()); err != nil {
			t.Errorf("Close closed the caller's database: %v", err)
		}
		if _, err := s.Account(t.Context(), "a"); !errors.Is(err, ErrClosed) {
			t.Errorf("Account after Close: error = %v, want ErrClosed", err)
		}
		if err := s.Close(); err != nil {
			t.Errorf("second Close: %v", err)
		}
	})
}

func TestMigrateDoneContext(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d Dialect) {
		dsn := testDSN(t, d)
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		if _, err := Open(ctx, dsn); !errors.Is(err, context.Canceled) {
			t.Errorf("Open on a done context: error = %v, want context.Canceled", err)
		}
	})
}

// TestMigrateNotOwner opens a migrated PostgreSQL schema as a role that
// may read and write its tables but create nothing: the Store opens and
// works. The same role cannot migrate a schema that needs it, and gets the
// server's refusal as an error wrapping ErrDatabase.
func TestMigrateNotOwner(t *testing.T) {
	owner := newTestStore(t, DialectPostgres)
	s := notOwnerStore(t, owner)
	if err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("Migrate as a role that owns nothing, on a migrated schema: %v", err)
	}
	if err := s.AddTransactions(context.Background(), loadTxs("n", 2)...); err != nil {
		t.Errorf("AddTransactions as a role that owns nothing: %v", err)
	}
	s.migrations = append(slices.Clone(migrationsOf()[DialectPostgres]), migration{version: 9999, name: "more", sql: "CREATE TABLE ka_more (id TEXT)"})
	if err := s.Migrate(context.Background()); !errors.Is(err, ErrDatabase) {
		t.Errorf("Migrate as a role that may not create a table, with a migration to apply: %v, want ErrDatabase", err)
	}
}

// TestMigrateSearchPath opens a PostgreSQL schema whose search_path goes on
// to another schema holding an installation: Migrate installs the tables
// in the first schema, where CREATE puts them, and the Store uses those,
// not the other installation's.
func TestMigrateSearchPath(t *testing.T) {
	other := newTestStore(t, DialectPostgres)
	if err := other.AddTransactions(context.Background(), loadTxs("o", 3)...); err != nil {
		t.Fatal(err)
	}
	var otherSchema string
	if err := other.DB().QueryRowContext(context.Background(), "SELECT current_schema()").Scan(&otherSchema); err != nil {
		t.Fatal(err)
	}
	u, err := url.Parse(newTestSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	first := q.Get("search_path")
	q.Set("search_path", first+","+otherSchema)
	u.RawQuery = q.Encode()
	s, err := Open(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var n int
	if err := s.DB().QueryRowContext(context.Background(),
		"SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = $1 AND tablename LIKE 'ka\\_%'", first).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Errorf("Migrate installed no table in %s, the first schema of the search_path", first)
	}
	if got := storedTxs(t, s); len(got) != 0 {
		t.Errorf("the Store over %s,%s reads %d transactions of the other installation, want 0", first, otherSchema, len(got))
	}
}
