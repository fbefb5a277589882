-- 0004 review: the plans, reviews and action items of package review.
-- Dates (calendar.Date) are DATE (NULL for the zero date); times
-- timestamptz; amounts NUMERIC next to their currency ('' and 0 for the
-- zero Money); enumerations their integer value. Lists of texts and of
-- small structures (attendees, objective updates, objectives) are jsonb
-- arrays, read back strictly: no filter reads inside them. IDs sort
-- byte-wise (COLLATE "C").

-- A plan is a history of versions, never changed in place.
-- ka_review_plans has one row per account with a plan: its current
-- version and that version's status (for the status filter); a save is a
-- compare-and-set on this row, then an insert into
-- ka_review_plan_versions, in one transaction.
CREATE TABLE IF NOT EXISTS ka_review_plans (
    account TEXT COLLATE "C" PRIMARY KEY,
    version BIGINT NOT NULL CHECK (version >= 1),
    status  SMALLINT NOT NULL
);
CREATE INDEX IF NOT EXISTS ka_review_plans_status ON ka_review_plans (status, account);

CREATE TABLE IF NOT EXISTS ka_review_plan_versions (
    account       TEXT COLLATE "C" NOT NULL,
    version       BIGINT NOT NULL CHECK (version >= 1),
    objectives    JSONB NOT NULL DEFAULT '[]',
    goals         JSONB NOT NULL DEFAULT '[]',
    needs         JSONB NOT NULL DEFAULT '[]',
    strengths     JSONB NOT NULL DEFAULT '[]',
    weaknesses    JSONB NOT NULL DEFAULT '[]',
    opportunities JSONB NOT NULL DEFAULT '[]',
    threats       JSONB NOT NULL DEFAULT '[]',
    stakeholders  JSONB NOT NULL DEFAULT '[]',
    status        SMALLINT NOT NULL,
    author        TEXT COLLATE "C" NOT NULL,
    at            TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (account, version)
);
-- The version in force at an instant: the last one whose at is not after it.
CREATE INDEX IF NOT EXISTS ka_review_plan_versions_at ON ka_review_plan_versions (account, at, version);

CREATE TABLE IF NOT EXISTS ka_reviews (
    id                   TEXT COLLATE "C" PRIMARY KEY,
    account              TEXT COLLATE "C" NOT NULL,
    held_on              DATE NOT NULL,
    attendees            JSONB NOT NULL DEFAULT '[]',
    perf_kind            SMALLINT NOT NULL DEFAULT 0,
    perf_from            TIMESTAMPTZ,
    perf_to              TIMESTAMPTZ,
    perf_target          NUMERIC NOT NULL DEFAULT 0,
    perf_target_currency TEXT NOT NULL DEFAULT '',
    perf_actual          NUMERIC NOT NULL DEFAULT 0,
    perf_actual_currency TEXT NOT NULL DEFAULT '',
    perf_attainment      NUMERIC NOT NULL DEFAULT 0,
    sla_met              BIGINT NOT NULL DEFAULT 0,
    sla_breached         BIGINT NOT NULL DEFAULT 0,
    escalations_opened   BIGINT NOT NULL DEFAULT 0,
    escalations_resolved BIGINT NOT NULL DEFAULT 0,
    health_score         INTEGER NOT NULL DEFAULT 0,
    health_previous      INTEGER NOT NULL DEFAULT 0,
    health_has_previous  BOOLEAN NOT NULL DEFAULT FALSE,
    health_trend         SMALLINT NOT NULL DEFAULT 0,
    notes                TEXT NOT NULL DEFAULT '',
    decisions            JSONB NOT NULL DEFAULT '[]',
    objective_updates    JSONB NOT NULL DEFAULT '[]',
    actions              JSONB NOT NULL DEFAULT '[]',
    next_on              DATE NOT NULL,
    version              BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_reviews_account_held ON ka_reviews (account, held_on, id);
CREATE INDEX IF NOT EXISTS ka_reviews_held ON ka_reviews (held_on, id);

CREATE TABLE IF NOT EXISTS ka_review_actions (
    id        TEXT COLLATE "C" PRIMARY KEY,
    account   TEXT COLLATE "C" NOT NULL,
    review    TEXT COLLATE "C" NOT NULL,
    title     TEXT NOT NULL,
    owner     TEXT COLLATE "C" NOT NULL,
    raised    DATE NOT NULL,
    due       DATE NOT NULL,
    status    SMALLINT NOT NULL,
    completed DATE,
    version   BIGINT NOT NULL CHECK (version >= 1)
);
CREATE INDEX IF NOT EXISTS ka_review_actions_account ON ka_review_actions (account, id);
CREATE INDEX IF NOT EXISTS ka_review_actions_review ON ka_review_actions (review, id);
CREATE INDEX IF NOT EXISTS ka_review_actions_owner ON ka_review_actions (owner, status, due);
CREATE INDEX IF NOT EXISTS ka_review_actions_status ON ka_review_actions (status, due);
