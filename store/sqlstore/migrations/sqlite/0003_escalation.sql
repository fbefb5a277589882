-- 0003 escalation: the records of fired notifications and the facts of
-- package escalation (escalation.Store). A record's idempotency key is
-- unique per issue (the primary key): AddFired is an INSERT ... ON
-- CONFLICT DO NOTHING, and the row count says whether it stored. Facts
-- are numbered per issue by seq, in the order added; ka_escalation_fact_logs
-- holds, per issue, how many facts are stored and the At of the last
-- (SQLite lets one write transaction run at a time, so appends take
-- turns). Times are INTEGER Unix microseconds, recipients a JSON array.

CREATE TABLE IF NOT EXISTS ka_escalation_records (
    issue          TEXT NOT NULL,
    record_key     TEXT NOT NULL,
    account        TEXT NOT NULL,
    policy         TEXT NOT NULL DEFAULT '',
    policy_version INTEGER NOT NULL DEFAULT 0,
    level          INTEGER NOT NULL,
    level_name     TEXT NOT NULL,
    repeat_no      INTEGER NOT NULL,
    recipients     TEXT NOT NULL DEFAULT '[]',
    due            INTEGER NOT NULL,
    at             INTEGER NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue, record_key)
);
-- The list order of an issue's records.
CREATE INDEX IF NOT EXISTS ka_escalation_records_at ON ka_escalation_records (issue, at, record_key);

CREATE TABLE IF NOT EXISTS ka_escalation_fact_logs (
    issue   TEXT PRIMARY KEY NOT NULL,
    n       INTEGER NOT NULL CHECK (n >= 0),
    last_at INTEGER
);

CREATE TABLE IF NOT EXISTS ka_escalation_facts (
    issue  TEXT NOT NULL,
    seq    INTEGER NOT NULL CHECK (seq >= 0),
    id     TEXT NOT NULL DEFAULT '',
    at     INTEGER NOT NULL,
    kind   INTEGER NOT NULL,
    level  TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue, seq)
);
-- A fact's ID, when it has one, is unique in its issue's log.
CREATE UNIQUE INDEX IF NOT EXISTS ka_escalation_facts_id ON ka_escalation_facts (issue, id) WHERE id <> '';
