-- Every message the console sent (or tried to), for the message log. A send is reserved
-- ('pending') before the Graph call, under `reference`: the console's own ID of the send, sent to
-- Meta as `biz_opaque_callback_data`, which Meta echoes in status webhooks, so a send whose answer
-- never came ('unknown') is matched to its statuses and gets its wamid from them. `status` moves
-- only forwards: pending -> accepted (Meta answered a wamid) | refused (Meta answered an error,
-- final) | unknown (no answer: it may have been accepted); then Meta's sent -> delivered -> read
-- (-> played), or failed (final). `request` is Meta's JSON body as sent (it never holds a secret).
-- Times: `created_at` RFC 3339 for display, `created_ms` unix milliseconds for date filters.
CREATE TABLE messages (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    reference        TEXT NOT NULL UNIQUE,
    profile_id       TEXT NOT NULL REFERENCES profiles (id) ON DELETE CASCADE,
    phone_number_id  TEXT NOT NULL,
    recipient        TEXT NOT NULL,
    kind             TEXT NOT NULL CHECK (kind IN ('text', 'template', 'image', 'document', 'audio',
                                                   'video', 'sticker', 'buttons', 'list')),
    summary          TEXT NOT NULL,
    request          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    created_ms       INTEGER NOT NULL,
    wamid            TEXT UNIQUE,
    status           TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'refused', 'unknown',
                                                     'sent', 'delivered', 'read', 'played', 'failed')),
    status_at        TEXT NOT NULL,
    error_code       INTEGER,
    error            TEXT,
    pricing_category TEXT,
    billable         INTEGER CHECK (billable IN (0, 1)),
    attempts         INTEGER NOT NULL DEFAULT 0
);
-- The log's pages, newest first, keyset-paged by id: unfiltered, by status, by recipient, by kind.
CREATE INDEX messages_profile ON messages (profile_id, id);
CREATE INDEX messages_profile_status ON messages (profile_id, status, id);
CREATE INDEX messages_profile_recipient ON messages (profile_id, recipient, id);
CREATE INDEX messages_profile_kind ON messages (profile_id, kind, id);
-- Date ranges, walked newest first; with `status` the funnel of a period is read from the index
-- alone.
CREATE INDEX messages_profile_created ON messages (profile_id, created_ms, id, status);

-- Every status event of a message (by wamid, whether or not the console sent it), for its
-- timeline; `timestamp` is the status's own (unix seconds).
CREATE TABLE message_status_history (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    wamid     TEXT NOT NULL,
    status    TEXT NOT NULL,
    timestamp INTEGER,
    event_id  INTEGER NOT NULL REFERENCES webhook_events (id)
);
CREATE INDEX message_status_history_wamid ON message_status_history (wamid, timestamp);
INSERT INTO message_status_history (wamid, status, timestamp, event_id)
    SELECT json_extract(event, '$.status.id'), json_extract(event, '$.status.status'),
           json_extract(event, '$.timestamp'), id
    FROM webhook_events
    WHERE kind LIKE 'status.%' AND json_extract(event, '$.status.id') <> ''
    ORDER BY id;

-- The newest inbound message of each sender to each number, for the 24-hour customer-service
-- window; `last_inbound_at` is the message's own timestamp (unix seconds). Filled from the
-- messages already received.
CREATE TABLE inbound_contacts (
    phone_number_id TEXT NOT NULL,
    wa_id           TEXT NOT NULL,
    last_inbound_at INTEGER NOT NULL,
    last_message_id TEXT NOT NULL,
    PRIMARY KEY (phone_number_id, wa_id)
);
INSERT INTO inbound_contacts (phone_number_id, wa_id, last_inbound_at, last_message_id)
    SELECT phone_number_id, json_extract(event, '$.message.from'), json_extract(event, '$.timestamp'),
           json_extract(event, '$.message.id')
    FROM webhook_events
    WHERE kind LIKE 'message.%' AND phone_number_id IS NOT NULL
      AND json_extract(event, '$.message.from') IS NOT NULL
      AND json_extract(event, '$.timestamp') IS NOT NULL
    ORDER BY id
    ON CONFLICT (phone_number_id, wa_id) DO UPDATE SET
        last_inbound_at = excluded.last_inbound_at, last_message_id = excluded.last_message_id
    WHERE excluded.last_inbound_at > inbound_contacts.last_inbound_at;
