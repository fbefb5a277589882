-- 0004 review: the plans, reviews and action items of package review.
-- Dates (calendar.Date) are TEXT "YYYY-MM-DD" (NULL for the zero date),
-- which sorts as the dates do; times INTEGER Unix microseconds; amounts
-- TEXT in plain decimal notation next to their currency ('' and '0' for
-- the zero Money); enumerations their integer value, flags 0 or 1. Lists
-- of texts and of small structures (attendees, objective updates,
-- objectives) are JSON arrays, read back strictly: no filter reads inside
-- them. TEXT compares byte-wise (the BINARY collation).

-- A plan is a history of versions, never changed in place.
-- ka_review_plans has one row per account with a plan: its current
-- version and that version's status (for the status filter); a save is a
-- compare-and-set on this row, then an insert into
-- ka_review_plan_versions, in one transaction.
CREATE TABLE IF NOT EXISTS ka_review_plans (
    account TEXT PRIMARY KEY NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    status  INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ka_review_plans_status ON ka_review_plans (status, account);

CREATE TABLE IF NOT EXISTS ka_review_plan_versions (
    account       TEXT NOT NULL,
    version       INTEGER NOT NULL CHECK (version >= 1),
    objectives    TEXT NOT NULL DEFAULT '[]',
    goals         TEXT NOT NULL DEFAULT '[]',
    needs         TEXT NOT NULL DEFAULT '[]',
    strengths     TEXT NOT NULL DEFAULT '[]',
    weaknesses    TEXT NOT NULL DEFAULT '[]',
    opportunities TEXT NOT NULL DEFAULT '[]',
    threats       TEXT NOT NULL DEFAULT '[]',
    stakeholders  TEXT NOT NULL DEFAULT '[]',
    status        INTEGER NOT NULL,
    author        TEXT NOT NULL,
    at            INTEGER NOT NULL,
    PRIMARY KEY (account, version)
) WITHOUT ROWID;
-- The version in force at an instant: the last one whose at is not after it.
CREATE INDEX IF NOT EXISTS ka_review_plan_versions_at ON ka_review_plan_versions (account, at, version);

CREATE TABLE IF NOT EXISTS ka_reviews (
    id                   TEXT PRIMARY KEY NOT NULL,
    account              TEXT NOT NULL,
    held_on              TEXT NOT NULL,
    attendees            TEXT NOT NULL DEFAULT '[]',
    perf_kind            INTEGER NOT NULL DEFAULT 0,
    perf_from            INTEGER,
    perf_to              INTEGER,
    perf_target          TEXT NOT NULL DEFAULT '0',
    perf_target_currency TEXT NOT NULL DEFAULT '',
    perf_actual          TEXT NOT NULL DEFAULT '0',
    perf_actual_currency TEXT NOT NULL DEFAULT '',
    perf_attainment      TEXT NOT NULL DEFAULT '0',
    sla_met              INTEGER NOT NULL DEFAULT 0,
    sla_breached         INTEGER NOT NULL DEFAULT 0,
    escalations_opened   INTEGER NOT NULL DEFAULT 0,
    escalations_resolved INTEGER NOT NULL DEFAULT 0,
    health_score         INTEGER NOT NULL DEFAULT 0,
    health_previous      INTEGER NOT NULL DEFAULT 0,
    health_has_previous  INTEGER NOT NULL DEFAULT 0,
    health_trend         INTEGER NOT NULL DEFAULT 0,
    notes                TEXT NOT NULL DEFAULT '',
    decisions            TEXT NOT NULL DEFAULT '[]',
    objective_updates    TEXT NOT NULL DEFAULT '[]',
    actions              TEXT NOT NULL DEFAULT '[]',
    next_on              TEXT NOT NULL,
    version              INTEGER NOT NULL CHECK (version >= 1)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ka_reviews_account_held ON ka_reviews (account, held_on, id);
CREATE INDEX IF NOT EXISTS ka_reviews_held ON ka_reviews (held_on, id);

CREATE TABLE IF NOT EXISTS ka_review_actions (
    id        TEXT PRIMARY KEY NOT NULL,
    account   TEXT NOT NULL,
    review    TEXT NOT NULL,
    title     TEXT NOT NULL,
    owner     TEXT NOT NULL,
    raised    TEXT NOT NULL,
    due       TEXT NOT NULL,
    status    INTEGER NOT NULL,
    completed TEXT,
    version   INTEGER NOT NULL CHECK (version >= 1)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS ka_review_actions_account ON ka_review_actions (account, id);
CREATE INDEX IF NOT EXISTS ka_review_actions_review ON ka_review_actions (review, id);
CREATE INDEX IF NOT EXISTS ka_review_actions_owner ON ka_review_actions (owner, status, due);
CREATE INDEX IF NOT EXISTS ka_review_actions_status ON ka_review_actions (status, due);
