-- 0001 account: the records of package account. Times are INTEGER Unix
-- microseconds (NULL for the zero time), amounts TEXT in plain decimal
-- notation next to their currency, enumerations their integer value, flags
-- 0 or 1, maps and lists JSON text. TEXT compares byte-wise (the BINARY
-- collation), as the stores' orders require.

CREATE TABLE IF NOT EXISTS ka_accounts (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    parent     TEXT NOT NULL DEFAULT '',
    owner      TEXT NOT NULL DEFAULT '',
    tier       INTEGER NOT NULL DEFAULT 0 CHECK (tier BETWEEN 0 AND 255),
    tier_since INTEGER,
    segment    TEXT NOT NULL DEFAULT '',
    industry   TEXT NOT NULL DEFAULT '',
    region     TEXT NOT NULL DEFAULT '',
    currency   TEXT NOT NULL DEFAULT '',
    internal   INTEGER NOT NULL DEFAULT 0,
    attributes TEXT NOT NULL DEFAULT '{}',
    created    INTEGER,
    updated    INTEGER,
    version    INTEGER NOT NULL CHECK (version >= 1)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ka_accounts_parent ON ka_accounts (parent, id);
CREATE INDEX IF NOT EXISTS ka_accounts_owner ON ka_accounts (owner, id);

CREATE TABLE IF NOT EXISTS ka_contacts (
    id             TEXT PRIMARY KEY NOT NULL,
    account        TEXT NOT NULL,
    name           TEXT NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    role           INTEGER NOT NULL DEFAULT 0,
    influence      INTEGER NOT NULL,
    attitude       INTEGER NOT NULL DEFAULT 0,
    last_contacted INTEGER,
    version        INTEGER NOT NULL CHECK (version >= 1)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ka_contacts_account ON ka_contacts (account, id);

CREATE TABLE IF NOT EXISTS ka_managers (
    id         TEXT PRIMARY KEY NOT NULL,
    name       TEXT NOT NULL,
    capacity   INTEGER NOT NULL DEFAULT 0,
    regions    TEXT NOT NULL DEFAULT '[]',
    industries TEXT NOT NULL DEFAULT '[]',
    skills     TEXT NOT NULL DEFAULT '[]',
    audience   INTEGER NOT NULL DEFAULT 0,
    active     INTEGER NOT NULL DEFAULT 0,
    version    INTEGER NOT NULL CHECK (version >= 1)
) WITHOUT ROWID;

CREATE TABLE IF NOT EXISTS ka_transactions (
    id        TEXT PRIMARY KEY NOT NULL,
    account   TEXT NOT NULL,
    at        INTEGER NOT NULL,
    amount    TEXT NOT NULL,
    currency  TEXT NOT NULL,
    kind      INTEGER NOT NULL,
    reference TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_transactions_account_at ON ka_transactions (account, at, id);

CREATE TABLE IF NOT EXISTS ka_interactions (
    id           TEXT PRIMARY KEY NOT NULL,
    account      TEXT NOT NULL,
    at           INTEGER NOT NULL,
    kind         INTEGER NOT NULL,
    channel      INTEGER NOT NULL DEFAULT 0,
    sentiment    INTEGER NOT NULL DEFAULT 0,
    participants TEXT NOT NULL DEFAULT '[]',
    summary      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_interactions_account_at ON ka_interactions (account, at, id);
