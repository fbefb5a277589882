-- growth: a transaction names the offering it paid for, an interaction the
-- seller's division that made it and the offering family it was about.
-- Rows stored before this migration read as "" (not known).

ALTER TABLE ka_transactions ADD COLUMN offering TEXT NOT NULL DEFAULT '';
ALTER TABLE ka_interactions ADD COLUMN division TEXT NOT NULL DEFAULT '';
ALTER TABLE ka_interactions ADD COLUMN offering_family TEXT NOT NULL DEFAULT '';
