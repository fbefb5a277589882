-- growth's stores: the catalogue of offerings, explicit holdings and
-- wallet estimates (versioned records listed by id), and opportunities
-- (versioned records whose offerings and append-only history are JSON).

CREATE TABLE IF NOT EXISTS ka_offerings (
    id        TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT NOT NULL,
    family    TEXT COLLATE "C" NOT NULL,
    audience  SMALLINT NOT NULL DEFAULT 0,
    lifecycle SMALLINT NOT NULL DEFAULT 0,
    version   BIGINT NOT NULL CHECK (version >= 1)
);

CREATE TABLE IF NOT EXISTS ka_holdings (
    id              TEXT COLLATE "C" PRIMARY KEY,
    account         TEXT COLLATE "C" NOT NULL,
    offering        TEXT COLLATE "C" NOT NULL,
    held_from       TIMESTAMPTZ NOT NULL,
    held_to         TIMESTAMPTZ,
    annual          NUMERIC NOT NULL,
    annual_currency TEXT NOT NULL,
    version         BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_holdings_account ON ka_holdings (account, id);
CREATE INDEX IF NOT EXISTS ka_holdings_offering ON ka_holdings (offering, id);

CREATE TABLE IF NOT EXISTS ka_wallet_estimates (
    id             TEXT COLLATE "C" PRIMARY KEY,
    account        TEXT COLLATE "C" NOT NULL,
    category       TEXT COLLATE "C" NOT NULL DEFAULT '',
    period_from    TIMESTAMPTZ NOT NULL,
    period_to      TIMESTAMPTZ NOT NULL,
    total          NUMERIC NOT NULL,
    total_currency TEXT NOT NULL,
    source         TEXT NOT NULL,
    estimated      TIMESTAMPTZ,
    version        BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_wallet_estimates_account ON ka_wallet_estimates (account, id);

CREATE TABLE IF NOT EXISTS ka_opportunities (
    id            TEXT COLLATE "C" PRIMARY KEY,
    account       TEXT COLLATE "C" NOT NULL,
    buying_centre TEXT COLLATE "C" NOT NULL,
    offerings     JSONB NOT NULL DEFAULT '[]',
    owner         TEXT COLLATE "C" NOT NULL,
    kind          SMALLINT NOT NULL,
    history       JSONB NOT NULL DEFAULT '[]',
    version       BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_opportunities_account ON ka_opportunities (account, id);
CREATE INDEX IF NOT EXISTS ka_opportunities_owner ON ka_opportunities (owner, id);
