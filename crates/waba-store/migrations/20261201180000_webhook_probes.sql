-- Each probe of a callback URL (the console calling it the way Meta does) and what it found: the
-- report as JSON (`waba_core::probe::ProbeReport`, which never holds the verify token or the app
-- secret). The newest one of a profile feeds the checklist's "Webhook verified" step.
CREATE TABLE webhook_probes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id   TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    callback_url TEXT NOT NULL,
    passed       INTEGER NOT NULL CHECK (passed IN (0, 1)),
    checked_at   TEXT NOT NULL,
    report       TEXT NOT NULL
);
CREATE INDEX webhook_probes_profile ON webhook_probes (profile_id, id);
