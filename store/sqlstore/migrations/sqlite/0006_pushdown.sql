-- 0006 push-down: what segmentation's Partials asks of ka_transactions
-- besides the GROUP BY itself (a sequential scan with a hash aggregate, the
-- cheapest plan over a whole table). The checks it runs first, whether the
-- store holds both kinds and whether a transaction of a kind is after the
-- analysis instant or outside the instants the in-memory path takes, are
-- ranges of (kind, at): with this index each is a probe, not a scan.

CREATE INDEX IF NOT EXISTS ka_transactions_kind_at ON ka_transactions (kind, at);
