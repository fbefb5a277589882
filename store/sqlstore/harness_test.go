package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// The test harness. Every test that needs a database gets a new, empty,
// migrated one with newTestStore, and runs on every dialect with
// forEachDialect:
//
//	func TestSomething(t *testing.T) {
//		forEachDialect(t, func(t *testing.T, d Dialect) {
//			s := newTestStore(t, d)
//			...
//		})
//	}
//
// SQLite databases are files in t.TempDir(). PostgreSQL databases are
// schemas of their own, with random names, in the database that
// KEYACCOUNT_TEST_POSTGRES names; each is dropped when its test ends.
// Without the variable, PostgreSQL tests skip with postgresHowTo.

// postgresEnv names the environment variable with the URL of the
// PostgreSQL server the tests use.
const postgresEnv = "KEYACCOUNT_TEST_POSTGRES"

const postgresHowTo = postgresEnv + " is not set: PostgreSQL tests skipped. To run them, start a throw-away cluster (Debian's postgresql package) and point the variable at it:\n" +
	"\texport " + postgresEnv + "=$(.ci/postgres.sh start)\n" +
	"\tgo test ./store/sqlstore\n" +
	"\t.ci/postgres.sh stop\n" +
	"or at any server where the user may create schemas (README, Development). Each test works in a schema of its own and drops it."

// dialects lists the dialects the tests run on.
var dialects = []Dialect{DialectSQLite, DialectPostgres}

// forEachDialect runs f in a subtest named after each dialect.
func forEachDialect(t *testing.T, f func(t *testing.T, d Dialect)) {
	t.Helper()
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) { f(t, d) })
	}
}

// postgresURL returns the URL of the test server, skipping t if there is
// none.
func postgresURL(t testing.TB) string {
	t.Helper()
	u := os.Getenv(postgresEnv)
	if u == "" {
		t.Skip(postgresHowTo)
	}
	return u
}

// admin is the connection the harness creates and drops schemas with.
var admin = sync.OnceValues(func() (*sql.DB, error) {
	db, err := sql.Open("pgx", os.Getenv(postgresEnv))
	if err == nil {
		db.SetMaxOpenConns(2)
	}
	return db, err
})

// newTestSchema returns the URL of a new, empty PostgreSQL schema (the URL
// sets search_path to it, and application_name to its name), dropped when
// t ends. It skips t without
// KEYACCOUNT_TEST_POSTGRES.
func newTestSchema(t testing.TB) string {
	t.Helper()
	base := postgresURL(t)
	db, err := admin()
	if err != nil {
		t.Fatal(err)
	}
	schema := randomSchema()
	if _, err := db.ExecContext(context.Background(), "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("creating test schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := db.ExecContext(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping test schema %s: %v", schema, err)
		}
	})
	return schemaURL(t, base, schema)
}

// testDSN returns the DSN of a new, empty database of dialect d for t,
// removed when t ends.
func testDSN(t testing.TB, d Dialect) string {
	t.Helper()
	if d == DialectPostgres {
		return newTestSchema(t)
	}
	return "sqlite:" + filepath.Join(t.TempDir(), "ka.db")
}

// newTestStore returns a new Store over a new, empty, migrated database
// of dialect d, closed (and the database removed) when t ends.
//
// A SQLite test database is opened as Open opens one, except that commits
// do not wait for the disk (synchronous=OFF): a test's database does not
// outlive it, and the suites commit thousands of times.
func newTestStore(t testing.TB, d Dialect) *Store {
	t.Helper()
	if d == DialectSQLite {
		dsn := testDSN(t, d)
		// Start from a copy of a database already migrated: the suites
		// make hundreds of stores. New then finds nothing to apply.
		image, err := migratedSQLite()
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(strings.TrimPrefix(dsn, "sqlite:"), image, 0o600); err != nil {
			t.Fatal(err)
		}
		src, err := parseDSN(dsn)
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open(src.driver, src.name+"&_pragma=synchronous(OFF)")
		if err != nil {
			t.Fatal(err)
		}
		s, err := New(context.Background(), db, d)
		if err != nil {
			db.Close()
			t.Fatalf("opening a test store: %v", err)
		}
		s.owned = true // Close closes db, as for a store Open made
		t.Cleanup(func() { s.Close() })
		return s
	}
	s, err := Open(context.Background(), newTestSchema(t))
	if err != nil {
		t.Fatalf("opening a test store: %v", err)
	}
	if d == DialectPostgres {
		// The server is shared, and a test may make a hundred stores
		// before its clean-up runs (a rapid check makes one per case):
		// a few connections per store, and none kept idle by the stores
		// a test made before this one.
		s.DB().SetMaxOpenConns(8)
		s.DB().SetConnMaxIdleTime(time.Second)
		if prev, loaded := lastStore.Swap(t, s); loaded {
			prev.(*Store).DB().SetMaxIdleConns(0)
		}
		t.Cleanup(func() { lastStore.CompareAndDelete(t, s) })
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// migratedSQLite returns the bytes of a SQLite database file migrated to
// the package's schema, made once per test process.
var migratedSQLite = sync.OnceValues(func() ([]byte, error) {
	dir, err := os.MkdirTemp("", "sqlstore-template")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, "ka.db")
	s, err := Open(context.Background(), "sqlite:"+file)
	if err != nil {
		return nil, err
	}
	if err := s.Close(); err != nil { // the last connection's close empties the log into the file
		return nil, err
	}
	return os.ReadFile(file)
})

// lastStore maps a test to the last PostgreSQL store newTestStore made
// for it.
var lastStore sync.Map

// terminateBackends ends, from a second connection, every server process
// serving the PostgreSQL test database dsn (a URL from newTestSchema), as
// an administrator killing connections would; it returns how many.
func terminateBackends(t testing.TB, dsn string) int {
	t.Helper()
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	app := u.Query().Get("application_name")
	if app == "" {
		t.Fatalf("%s names no application", dsn)
	}
	db, err := admin()
	if err != nil {
		t.Fatal(err)
	}
	var n int
	err = db.QueryRowContext(context.Background(),
		"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()", app).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// randomSchema returns a new schema name.
func randomSchema() string {
	var b [8]byte
	rand.Read(b[:])
	return "ka_test_" + hex.EncodeToString(b[:])
}

// schemaURL returns base with search_path and application_name set to
// schema.
func schemaURL(t testing.TB, base, schema string) string {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	q.Set("application_name", schema) // so that a test can find its own connections, and only those
	u.RawQuery = q.Encode()
	return u.String()
}

// notOwnerStore returns a Store over owner's schema that connects as a new
// role, dropped when t ends, that may read and write its tables but owns
// none of them.
func notOwnerStore(t *testing.T, owner *Store) *Store {
	t.Helper()
	db, err := admin()
	if err != nil {
		t.Fatal(err)
	}
	var schema string
	if err := owner.DB().QueryRowContext(context.Background(), "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	role := "ka_" + randomSchema()
	for _, q := range []string{
		"CREATE ROLE " + role + " LOGIN",
		"GRANT USAGE ON SCHEMA " + schema + " TO " + role,
		"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + schema + " TO " + role,
	} {
		if _, err := db.ExecContext(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	t.Cleanup(func() {
		for _, q := range []string{"DROP OWNED BY " + role, "DROP ROLE " + role} {
			if _, err := db.ExecContext(context.Background(), q); err != nil {
				t.Errorf("%s: %v", q, err)
			}
		}
	})
	u, err := url.Parse(schemaURL(t, postgresURL(t), schema))
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	s, err := Open(context.Background(), u.String())
	if err != nil {
		t.Fatalf("opening the store as %s: %v", role, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}
