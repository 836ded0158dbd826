-- GW-3: durable print-job journal. A job is printed at most once: (printer_id, job_key) is
-- unique, and a job that was `printing` when the daemon stopped becomes `in_doubt` at start.

CREATE TABLE print_jobs (
  job_id      TEXT PRIMARY KEY,                  -- UUIDv7
  printer_id  TEXT NOT NULL,
  job_key     TEXT NOT NULL,                     -- the till's Idempotency-Key
  doc_hash    TEXT NOT NULL,                     -- sha256 of the canonical document
  doc         TEXT NOT NULL,                     -- the document JSON (no raw bytes)
  state       TEXT NOT NULL CHECK (state IN ('queued','printing','done','failed','in_doubt')),
  detail      TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (printer_id, job_key)
);
CREATE INDEX print_jobs_open ON print_jobs(printer_id, state, created_at) WHERE state IN ('queued','printing');
