-- engagement: survey responses and feedback (append-only logs listed by
-- account, at, id) and changes (versioned records listed by id).

CREATE TABLE IF NOT EXISTS ka_responses (
    id      TEXT PRIMARY KEY NOT NULL,
    account TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    at      INTEGER NOT NULL,
    kind    INTEGER NOT NULL,
    score   INTEGER NOT NULL,
    channel INTEGER NOT NULL DEFAULT 0,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_responses_account_at ON ka_responses (account, at, id);

CREATE TABLE IF NOT EXISTS ka_changes (
    id       TEXT PRIMARY KEY NOT NULL,
    title    TEXT NOT NULL,
    kind     INTEGER NOT NULL,
    severity INTEGER NOT NULL,
    announce INTEGER,
    go_live  INTEGER NOT NULL,
    services TEXT NOT NULL DEFAULT '[]',
    products TEXT NOT NULL DEFAULT '[]',
    regions  TEXT NOT NULL DEFAULT '[]',
    segments TEXT NOT NULL DEFAULT '[]',
    audience INTEGER NOT NULL DEFAULT 0,
    everyone INTEGER NOT NULL DEFAULT 0,
    accounts TEXT NOT NULL DEFAULT '[]',
    version  INTEGER NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_changes_go_live ON ka_changes (go_live, id);

CREATE TABLE IF NOT EXISTS ka_feedback (
    id      TEXT PRIMARY KEY NOT NULL,
    account TEXT NOT NULL,
    contact TEXT NOT NULL DEFAULT '',
    at      INTEGER NOT NULL,
    kind    INTEGER NOT NULL,
    theme   TEXT NOT NULL DEFAULT '',
    service TEXT NOT NULL DEFAULT '',
    change_id TEXT NOT NULL DEFAULT '',
    body    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS ka_feedback_account_at ON ka_feedback (account, at, id);
CREATE INDEX IF NOT EXISTS ka_feedback_change ON ka_feedback (change_id) WHERE change_id <> '';
