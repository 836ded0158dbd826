-- Issue 9 item 5: a key is reserved (state 'pending') before long, chunked work starts, so a
-- concurrent or retried duplicate waits for it or replays it instead of doing the work again.
-- A pending row belongs to the process (boot_id) that started it; one left by a process that
-- died (kill -9) is taken over by the next boot. Rows written before this migration are 'done'.
ALTER TABLE idempotency_keys ADD COLUMN state TEXT NOT NULL DEFAULT 'done' CHECK (state IN ('pending', 'done'));
ALTER TABLE idempotency_keys ADD COLUMN started_at TEXT;
ALTER TABLE idempotency_keys ADD COLUMN boot_id TEXT;
