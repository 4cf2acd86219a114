-- The last synced template list of each profile's WABA, as Meta sent it (a JSON array), with
-- Meta's summary (counts against the limit) and the time of the sync.
CREATE TABLE template_cache (
    profile_id TEXT PRIMARY KEY REFERENCES profiles (id) ON DELETE CASCADE,
    synced_at  TEXT NOT NULL,
    templates  TEXT NOT NULL,
    summary    TEXT
);

-- Template drafts the admin is editing, kept until submitted or discarded. `body` is the text as
-- typed, which need not be valid JSON yet.
CREATE TABLE template_drafts (
    id         TEXT PRIMARY KEY,
    profile_id TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX template_drafts_profile ON template_drafts (profile_id, updated_at);

-- The console's own edits of each template (Meta allows an approved one 1 per 24 h and 10 per
-- 30 days); `at` is unix seconds. Edits made outside the console are not here.
CREATE TABLE template_edits (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    profile_id  TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    template_id TEXT NOT NULL,
    at          INTEGER NOT NULL
);
CREATE INDEX template_edits_template_at ON template_edits (template_id, at);
