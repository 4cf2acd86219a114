-- Profiles hold public identifiers only; tokens live in the OS keychain under the profile id.
CREATE TABLE profiles (
    id              TEXT PRIMARY KEY NOT NULL,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE,
    kind            TEXT NOT NULL CHECK (kind IN ('sandbox', 'real')),
    app_id          TEXT NOT NULL,
    waba_id         TEXT NOT NULL,
    phone_number_id TEXT NOT NULL,
    api_version     TEXT NOT NULL,
    base_url        TEXT,
    scenario        TEXT,
    created_at      TEXT NOT NULL
);

-- Small key/value settings, such as which profile is active.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
);

-- Every admin action the console took. Never a secret.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    at          TEXT NOT NULL,
    profile_id  TEXT,
    action      TEXT NOT NULL,
    target      TEXT,
    outcome     TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
    graph_code  INTEGER,
    duration_ms INTEGER NOT NULL
);
CREATE INDEX audit_log_profile_at ON audit_log (profile_id, at);
