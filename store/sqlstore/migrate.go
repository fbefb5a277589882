package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
)

// Migrations. The schema is built by numbered SQL files embedded in the
// package, one directory per dialect (migrations/postgres,
// migrations/sqlite), each named NNNN_name.sql: 0001_account.sql creates
// the tables of package account, and so on. The numbers need not be
// contiguous. [Store.Migrate] applies, in one transaction, every file whose
// number the table ka_schema_migrations does not yet record, in ascending
// order, and records it. Migrations only ever go forward: a file, once
// released, never changes; a later change to the schema is a new file.

//go:embed migrations
var migrationFiles embed.FS

// A migration is one embedded SQL file.
type migration struct {
	version int
	name    string // the file name without number and extension: "account"
	sql     string
}

// migrationsOf returns the migrations of dialect d in ascending order.
var migrationsOf = sync.OnceValue(func() map[Dialect][]migration {
	out := make(map[Dialect][]migration)
	for _, d := range []Dialect{DialectPostgres, DialectSQLite} {
		ms, err := readMigrations(migrationFiles, path.Join("migrations", d.String()))
		if err != nil {
			panic(err) // the embedded files are the package's own: TestMigrationFiles checks them
		}
		out[d] = ms
	}
	return out
})

// readMigrations reads and checks the migration files of one directory.
func readMigrations(fsys fs.FS, dir string) ([]migration, error) {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, err
	}
	var ms []migration
	for _, e := range entries {
		num, name, ok := strings.Cut(strings.TrimSuffix(e.Name(), ".sql"), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || len(num) != 4 || v < 1 || name == "" || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("sqlstore: migration file %s/%s is not named NNNN_name.sql", dir, e.Name())
		}
		if len(ms) > 0 && ms[len(ms)-1].version == v {
			return nil, fmt.Errorf("sqlstore: two migration files numbered %04d in %s", v, dir)
		}
		b, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(b)})
	}
	return ms, nil // fs.ReadDir sorts by name, and so by number
}

// SchemaVersion returns the number of the last migration this version of
// the package knows, the version a database it migrates ends up at.
func SchemaVersion() int {
	ms := migrationsOf()[DialectSQLite]
	return ms[len(ms)-1].version
}

// migrationLock is the key of the PostgreSQL advisory lock that serialises
// migrations of one database ("kastore" in ASCII).
const migrationLock = 0x6b6173746f7265

var (
	createMigrations = sqlQuery(`CREATE TABLE IF NOT EXISTS ka_schema_migrations (
	version INTEGER PRIMARY KEY,
	name    TEXT NOT NULL
)`)
	listMigrations  = sqlQuery(`SELECT version FROM ka_schema_migrations ORDER BY version`)
	recordMigration = sqlQuery(`INSERT INTO ka_schema_migrations (version, name) VALUES ($1, $2)`)
	lockMigrations  = sqlQuery(`SELECT pg_advisory_xact_lock(` + strconv.Itoa(migrationLock) + `)`)
)

// Migrate brings the database's schema up to date: it applies, in one
// transaction, every embedded migration the database has not recorded,
// and records each. It is idempotent: on an up-to-date database it changes
// nothing. Concurrent calls, from this process or others, are serialised
// (PostgreSQL: an advisory lock; SQLite: the write lock), so each
// migration is applied once. [Open] and [New] call it; an application that
// runs its own migrations may call it at the point it chooses.
//
// On an up-to-date PostgreSQL database, Migrate only reads: a role that
// may read and write the tables but not create any (an application's own,
// the schema migrated by its owner) opens the Store.
//
// A database that records a migration this version of the package does
// not know was migrated by a newer version: Migrate changes nothing and
// returns an error wrapping [ErrSchemaTooNew].
//
// Migrate on the Store that [Store.Atomic] gives its function is an error
// wrapping [ErrInvalid]: migrate the Store Atomic was called on.
func (s *Store) Migrate(ctx context.Context) error {
	const what = "migrate"
	if s.tx != nil {
		return fmt.Errorf("sqlstore: %s: the Store of an Atomic call does not migrate (migrate the Store Atomic was called on): %w", what, ErrInvalid)
	}
	if err := s.begin(ctx, what); err != nil {
		return err
	}
	if s.dialect == DialectSQLite {
		// A sequence reads while the caller writes: only the write-ahead
		// log lets readers and a writer work at once. The setting is kept
		// in the file, and cannot change inside a transaction.
		var mode string
		if err := s.db.QueryRowContext(ctx, "PRAGMA journal_mode=WAL").Scan(&mode); err != nil {
			return s.fail(ctx, what, err)
		}
	}
	known := s.migrations
	if known == nil {
		known = migrationsOf()[s.dialect]
	}
	var tooNew error
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		tooNew = nil
		if s.dialect == DialectPostgres {
			if _, err := tx.ExecContext(ctx, lockMigrations.text(s.dialect)); err != nil {
				return err
			}
		}
		// PostgreSQL checks the right to create before it finds that the
		// table exists: a role that may use the tables but not create
		// them must not be asked to. The table is looked for where CREATE
		// would make it, the current schema, not along the whole
		// search_path: a schema later in the path may hold another
		// installation.
		exists := false
		if s.dialect == DialectPostgres {
			if err := tx.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables
	WHERE schemaname = current_schema() AND tablename = 'ka_schema_migrations')`).Scan(&exists); err != nil {
				return err
			}
		}
		if !exists {
			if _, err := tx.ExecContext(ctx, createMigrations.text(s.dialect)); err != nil {
				return err
			}
		}
		applied, err := appliedMigrations(ctx, tx, s.dialect)
		if err != nil {
			return err
		}
		for _, v := range applied {
			if !slices.ContainsFunc(known, func(m migration) bool { return m.version == v }) {
				tooNew = fmt.Errorf("sqlstore: migrate: the database records migration %04d, which this package (schema version %04d) does not know: %w",
					v, known[len(known)-1].version, ErrSchemaTooNew)
				return tooNew
			}
		}
		for _, m := range known {
			if slices.Contains(applied, m.version) {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("migration %04d_%s: %w", m.version, m.name, err)
			}
			if _, err := tx.ExecContext(ctx, recordMigration.text(s.dialect), m.version, m.name); err != nil {
				return err
			}
		}
		return nil
	})
	switch {
	case err == nil:
		return nil
	case tooNew != nil && err == tooNew:
		return err
	}
	return s.fail(ctx, what, err)
}

// appliedMigrations returns the versions ka_schema_migrations records.
func appliedMigrations(ctx context.Context, tx *sql.Tx, d Dialect) ([]int, error) {
	rows, err := tx.QueryContext(ctx, listMigrations.text(d))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
