-- Every register and deregister call the console made, to keep within Meta's 10 per number per
-- 72 h (133016) across restarts.
CREATE TABLE registration_attempts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    phone_number_id TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('register', 'deregister')),
    outcome         TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
    graph_code      INTEGER
);
CREATE INDEX registration_attempts_number_at ON registration_attempts (phone_number_id, kind, at);
