-- Tamper evidence: each audit entry stores the hash of the one before it and its own.
-- Rows written before this migration are chained by the store on open.
ALTER TABLE audit_log ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- Quality rating and messaging limit of each number over time (reads and webhooks).
CREATE TABLE quality_history (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    profile_id      TEXT NOT NULL,
    phone_number_id TEXT NOT NULL,
    rating          TEXT,
    messaging_limit TEXT,
    source          TEXT NOT NULL CHECK (source IN ('read', 'webhook'))
);
CREATE INDEX quality_history_profile_at ON quality_history (profile_id, at);
