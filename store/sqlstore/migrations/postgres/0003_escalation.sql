-- 0003 escalation: the records of fired notifications and the facts of
-- package escalation (escalation.Store). A record's idempotency key is
-- unique per issue (the primary key): AddFired is an INSERT ... ON
-- CONFLICT DO NOTHING, and the row count says whether it stored. Facts
-- are numbered per issue by seq, in the order added; ka_escalation_fact_logs
-- holds, per issue, how many facts are stored and the At of the last, and
-- its row is locked by every append, so that appends to one issue take
-- turns.

CREATE TABLE IF NOT EXISTS ka_escalation_records (
    issue          TEXT COLLATE "C" NOT NULL,
    record_key     TEXT COLLATE "C" NOT NULL,
    account        TEXT COLLATE "C" NOT NULL,
    policy         TEXT NOT NULL DEFAULT '',
    policy_version BIGINT NOT NULL DEFAULT 0,
    level          BIGINT NOT NULL,
    level_name     TEXT NOT NULL,
    repeat_no      BIGINT NOT NULL,
    recipients     JSONB NOT NULL DEFAULT '[]',
    due            TIMESTAMPTZ NOT NULL,
    at             TIMESTAMPTZ NOT NULL,
    reason         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue, record_key)
);
-- The list order of an issue's records.
CREATE INDEX IF NOT EXISTS ka_escalation_records_at ON ka_escalation_records (issue, at, record_key);

CREATE TABLE IF NOT EXISTS ka_escalation_fact_logs (
    issue   TEXT COLLATE "C" PRIMARY KEY,
    n       BIGINT NOT NULL CHECK (n >= 0),
    last_at TIMESTAMPTZ
);

CREATE TABLE IF NOT EXISTS ka_escalation_facts (
    issue  TEXT COLLATE "C" NOT NULL,
    seq    BIGINT NOT NULL CHECK (seq >= 0),
    id     TEXT COLLATE "C" NOT NULL DEFAULT '',
    at     TIMESTAMPTZ NOT NULL,
    kind   SMALLINT NOT NULL,
    level  TEXT NOT NULL DEFAULT '',
    person TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (issue, seq)
);
-- A fact's ID, when it has one, is unique in its issue's log.
CREATE UNIQUE INDEX IF NOT EXISTS ka_escalation_facts_id ON ka_escalation_facts (issue, id) WHERE id <> '';
