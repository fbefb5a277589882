-- 0002 tickets: the tickets of package sla (sla.TicketStore) and their
-- events. A ticket's Ticket, Account, Tier, Category and Service never
-- change; its events only grow, one row each, numbered by seq from 0 in
-- the order given. opened_at, last_at and done are derived from the
-- events, kept in the same transaction as every append, so that the
-- filters run on the ticket row: the At of the first event, the At of the
-- last, and whether the events leave the ticket solved or closed.

CREATE TABLE IF NOT EXISTS ka_tickets (
    id        TEXT COLLATE "C" PRIMARY KEY,
    account   TEXT COLLATE "C" NOT NULL,
    tier      SMALLINT NOT NULL DEFAULT 0 CHECK (tier BETWEEN 0 AND 255),
    category  TEXT NOT NULL DEFAULT '',
    service   TEXT NOT NULL DEFAULT '',
    opened_at TIMESTAMPTZ NOT NULL,
    last_at   TIMESTAMPTZ NOT NULL,
    done      BOOLEAN NOT NULL DEFAULT FALSE,
    version   BIGINT NOT NULL CHECK (version >= 1)
);
-- The list order, and the From/To range.
CREATE INDEX IF NOT EXISTS ka_tickets_opened ON ka_tickets (opened_at, id);
-- The Account, Category and Service filters, each in list order.
CREATE INDEX IF NOT EXISTS ka_tickets_account ON ka_tickets (account, opened_at, id);
CREATE INDEX IF NOT EXISTS ka_tickets_category ON ka_tickets (category, opened_at, id);
CREATE INDEX IF NOT EXISTS ka_tickets_service ON ka_tickets (service, opened_at, id);

CREATE TABLE IF NOT EXISTS ka_ticket_events (
    ticket   TEXT COLLATE "C" NOT NULL REFERENCES ka_tickets (id),
    seq      INTEGER NOT NULL CHECK (seq >= 0),
    id       TEXT NOT NULL DEFAULT '',
    at       TIMESTAMPTZ NOT NULL,
    kind     SMALLINT NOT NULL,
    priority SMALLINT NOT NULL DEFAULT 0,
    status   SMALLINT NOT NULL DEFAULT 0,
    PRIMARY KEY (ticket, seq)
);
-- The state of a ticket at an instant (the UnsolvedAt filter): its last
-- reopened (2), solved (8) or closed (9) event at or before the instant.
CREATE INDEX IF NOT EXISTS ka_ticket_events_state ON ka_ticket_events (ticket, at, kind) WHERE kind IN (2, 8, 9);
