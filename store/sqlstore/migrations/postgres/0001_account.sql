-- 0001 account: the records of package account. Times are timestamptz
-- (NULL for the zero time), amounts NUMERIC next to their currency,
-- enumerations their integer value, maps and lists jsonb. IDs sort
-- byte-wise (COLLATE "C"), as the stores' orders require.

CREATE TABLE IF NOT EXISTS ka_accounts (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    parent     TEXT COLLATE "C" NOT NULL DEFAULT '',
    owner      TEXT COLLATE "C" NOT NULL DEFAULT '',
    tier       SMALLINT NOT NULL DEFAULT 0 CHECK (tier BETWEEN 0 AND 255),
    tier_since TIMESTAMPTZ,
    segment    TEXT NOT NULL DEFAULT '',
    industry   TEXT NOT NULL DEFAULT '',
    region     TEXT NOT NULL DEFAULT '',
    currency   TEXT NOT NULL DEFAULT '',
    internal   BOOLEAN NOT NULL DEFAULT FALSE,
    attributes JSONB NOT NULL DEFAULT '{}',
    created    TIMESTAMPTZ,
    updated    TIMESTAMPTZ,
    version    BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_accounts_parent ON ka_accounts (parent, id);
CREATE INDEX IF NOT EXISTS ka_accounts_owner ON ka_accounts (owner, id);

CREATE TABLE IF NOT EXISTS ka_contacts (
    id             TEXT COLLATE "C" PRIMARY KEY,
    account        TEXT COLLATE "C" NOT NULL,
    name           TEXT NOT NULL,
    title          TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    role           SMALLINT NOT NULL DEFAULT 0,
    influence      SMALLINT NOT NULL,
    attitude       SMALLINT NOT NULL DEFAULT 0,
    last_contacted TIMESTAMPTZ,
    version        BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_contacts_account ON ka_contacts (account, id);

CREATE TABLE IF NOT EXISTS ka_managers (
    id         TEXT COLLATE "C" PRIMARY KEY,
    name       TEXT NOT NULL,
    capacity   BIGINT NOT NULL DEFAULT 0,
    regions    JSONB NOT NULL DEFAULT '[]',
    industries JSONB NOT NULL DEFAULT '[]',
    skills     JSONB NOT NULL DEFAULT '[]',
    audience   SMALLINT NOT NULL DEFAULT 0,
    active     BOOLEAN NOT NULL DEFAULT FALSE,
    version    BIGINT NOT NULL CHECK (version >= 1)
);

CREATE TABLE IF NOT EXISTS ka_transactions (
    id        TEXT COLLATE "C" PRIMARY KEY,
    account   TEXT COLLATE "C" NOT NULL,
    at        TIMESTAMPTZ NOT NULL,
    amount    NUMERIC NOT NULL,
    currency  TEXT NOT NULL,
    kind      SMALLINT NOT NULL,
    reference TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_transactions_account_at ON ka_transactions (account, at, id);

CREATE TABLE IF NOT EXISTS ka_interactions (
    id           TEXT COLLATE "C" PRIMARY KEY,
    account      TEXT COLLATE "C" NOT NULL,
    at           TIMESTAMPTZ NOT NULL,
    kind         SMALLINT NOT NULL,
    channel      SMALLINT NOT NULL DEFAULT 0,
    sentiment    BIGINT NOT NULL DEFAULT 0,
    participants JSONB NOT NULL DEFAULT '[]',
    summary      TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_interactions_account_at ON ka_interactions (account, at, id);
