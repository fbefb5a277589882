-- engagement: survey responses and feedback (append-only logs listed by
-- account, at, id) and changes (versioned records listed by id).

CREATE TABLE IF NOT EXISTS ka_responses (
    id      TEXT COLLATE "C" PRIMARY KEY,
    account TEXT COLLATE "C" NOT NULL,
    contact TEXT COLLATE "C" NOT NULL DEFAULT '',
    at      TIMESTAMPTZ NOT NULL,
    kind    SMALLINT NOT NULL,
    score   BIGINT NOT NULL,
    channel SMALLINT NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_responses_account_at ON ka_responses (account, at, id);

CREATE TABLE IF NOT EXISTS ka_changes (
    id       TEXT COLLATE "C" PRIMARY KEY,
    title    TEXT NOT NULL,
    kind     SMALLINT NOT NULL,
    severity SMALLINT NOT NULL,
    announce TIMESTAMPTZ,
    go_live  TIMESTAMPTZ NOT NULL,
    services JSONB NOT NULL DEFAULT '[]',
    products JSONB NOT NULL DEFAULT '[]',
    regions  JSONB NOT NULL DEFAULT '[]',
    segments JSONB NOT NULL DEFAULT '[]',
    audience SMALLINT NOT NULL DEFAULT 0,
    everyone BOOLEAN NOT NULL DEFAULT FALSE,
    accounts JSONB NOT NULL DEFAULT '[]',
    version  BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_changes_go_live ON ka_changes (go_live, id);

CREATE TABLE IF NOT EXISTS ka_feedback (
    id      TEXT COLLATE "C" PRIMARY KEY,
    account TEXT COLLATE "C" NOT NULL,
    contact TEXT COLLATE "C" NOT NULL DEFAULT '',
    at      TIMESTAMPTZ NOT NULL,
    kind    SMALLINT NOT NULL,
    theme   TEXT NOT NULL DEFAULT '',
    service TEXT NOT NULL DEFAULT '',
    change_id TEXT COLLATE "C" NOT NULL DEFAULT '',
    body    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_feedback_account_at ON ka_feedback (account, at, id);
CREATE INDEX IF NOT EXISTS ka_feedback_change ON ka_feedback (change_id) WHERE change_id <> '';
