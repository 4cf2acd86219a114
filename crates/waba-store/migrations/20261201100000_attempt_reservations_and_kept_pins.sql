-- A register/deregister attempt is reserved ('pending') in the same transaction as the budget
-- check, before the call; its outcome is written after. A reservation whose outcome never came
-- (crash, lost answer) stays 'pending' or becomes 'unknown', and counts like any other attempt.
CREATE TABLE registration_attempts_new (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    at              TEXT NOT NULL,
    phone_number_id TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('register', 'deregister')),
    outcome         TEXT NOT NULL CHECK (outcome IN ('pending', 'ok', 'failed', 'unknown')),
    graph_code      INTEGER
);
INSERT INTO registration_attempts_new (id, at, phone_number_id, kind, outcome, graph_code)
    SELECT id, at, phone_number_id, kind, outcome, graph_code FROM registration_attempts;
DROP TABLE registration_attempts;
ALTER TABLE registration_attempts_new RENAME TO registration_attempts;
CREATE INDEX registration_attempts_number_at ON registration_attempts (phone_number_id, kind, at);

-- Which numbers of a profile have a 2FA PIN kept in the keychain (the fact only, never the PIN),
-- so removing the profile removes every keychain entry it owns.
CREATE TABLE kept_pins (
    profile_id      TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    phone_number_id TEXT NOT NULL,
    PRIMARY KEY (profile_id, phone_number_id)
);
