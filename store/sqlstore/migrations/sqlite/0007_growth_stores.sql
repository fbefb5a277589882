-- growth's stores: the catalogue of offerings, explicit holdings and
-- wallet estimates (versioned records listed by id), and opportunities
-- (versioned records whose offerings and append-only history are JSON).

CREATE TABLE IF NOT EXISTS ka_offerings (
    id        TEXT PRIMARY KEY NOT NULL,
    name      TEXT NOT NULL,
    family    TEXT NOT NULL,
    audience  INTEGER NOT NULL DEFAULT 0,
    lifecycle INTEGER NOT NULL DEFAULT 0,
    version   INTEGER NOT NULL CHECK (version >= 1)
);

CREATE TABLE IF NOT EXISTS ka_holdings (
    id              TEXT PRIMARY KEY NOT NULL,
    account         TEXT NOT NULL,
    offering        TEXT NOT NULL,
    held_from       INTEGER NOT NULL,
    held_to         INTEGER,
    annual          TEXT NOT NULL,
    annual_currency TEXT NOT NULL,
    version         INTEGER NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_holdings_account ON ka_holdings (account, id);
CREATE INDEX IF NOT EXISTS ka_holdings_offering ON ka_holdings (offering, id);

CREATE TABLE IF NOT EXISTS ka_wallet_estimates (
    id             TEXT PRIMARY KEY NOT NULL,
    account        TEXT NOT NULL,
    category       TEXT NOT NULL DEFAULT '',
    period_from    INTEGER NOT NULL,
    period_to      INTEGER NOT NULL,
    total          TEXT NOT NULL,
    total_currency TEXT NOT NULL,
    source         TEXT NOT NULL,
    estimated      INTEGER,
    version        INTEGER NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_wallet_estimates_account ON ka_wallet_estimates (account, id);

CREATE TABLE IF NOT EXISTS ka_opportunities (
    id            TEXT PRIMARY KEY NOT NULL,
    account       TEXT NOT NULL,
    buying_centre TEXT NOT NULL,
    offerings     TEXT NOT NULL DEFAULT '[]',
    owner         TEXT NOT NULL,
    kind          INTEGER NOT NULL,
    history       TEXT NOT NULL DEFAULT '[]',
    version       INTEGER NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_opportunities_account ON ka_opportunities (account, id);
CREATE INDEX IF NOT EXISTS ka_opportunities_owner ON ka_opportunities (owner, id);
