-- Webhook POST bodies the local receiver accepted (signature checked), each kept once as received
-- (the exact bytes, so the signature can be checked again), keyed by their SHA-256.
CREATE TABLE webhook_bodies (
    sha256      TEXT PRIMARY KEY,
    body        BLOB NOT NULL,
    received_at TEXT NOT NULL
);

-- One row per event read from an accepted body. `dedupe_key` is the parser's: Meta retries and
-- sends duplicates, which are acknowledged but not stored twice. `event` is the parsed event as
-- JSON (its value as Meta sent it inside).
CREATE TABLE webhook_events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key      TEXT NOT NULL UNIQUE,
    received_at     TEXT NOT NULL,
    field           TEXT NOT NULL,
    kind            TEXT NOT NULL,
    waba_id         TEXT NOT NULL,
    phone_number_id TEXT,
    summary         TEXT NOT NULL,
    body_sha256     TEXT NOT NULL REFERENCES webhook_bodies (sha256),
    event           TEXT NOT NULL
);
CREATE INDEX webhook_events_kind ON webhook_events (kind, id);
CREATE INDEX webhook_events_field ON webhook_events (field, id);

-- The latest status of each message, moved only forwards (sent < delivered < read < played;
-- failed is final), written in the same transaction as the status events.
CREATE TABLE message_statuses (
    message_id  TEXT PRIMARY KEY,
    status      TEXT NOT NULL,
    timestamp   INTEGER,
    updated_at  TEXT NOT NULL,
    event_id    INTEGER NOT NULL REFERENCES webhook_events (id)
);
