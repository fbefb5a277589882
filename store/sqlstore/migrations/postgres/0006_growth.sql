-- growth: a transaction names the offering it paid for, an interaction the
-- seller's division that made it and the offering family it was about.
-- Rows stored before this migration read as "" (not known).

ALTER TABLE ka_transactions ADD COLUMN IF NOT EXISTS offering TEXT COLLATE "C" NOT NULL DEFAULT '';
ALTER TABLE ka_interactions ADD COLUMN IF NOT EXISTS division TEXT NOT NULL DEFAULT '';
ALTER TABLE ka_interactions ADD COLUMN IF NOT EXISTS offering_family TEXT NOT NULL DEFAULT '';
