//! Meta's webhooks, pure and headless: the `X-Hub-Signature-256` check over the raw body
//! (`signature`), and the reader that turns one webhook body into events (`parse`, `event`).
//!
//! A body is Meta's envelope (facts §12.3):
//! `{"object": "whatsapp_business_account", "entry": [{"id": <WABA ID>, "time": ..., "changes":
//! [{"field": ..., "value": {...}}]}]}`. Each change gives one event, or one per item when its
//! value carries a list of updates (`messages[]`, `statuses[]`, `message_echoes[]`, `calls[]`,
//! `user_preferences[]`). Every event has Meta's `field`, a `kind` of the console's own, the WABA
//! ID, the phone-number ID where the value has `metadata`, a stable dedupe key, the timestamp, the
//! essentials read from it, and the change value as Meta sent it (`value`).
//!
//! Kinds (Meta's spelling is kept in the part after the dot, so `message.<type>` is
//! `messages[].type` as sent; characters other than letters, digits, `_`, `-` and `.` become `_`):
//!
//! | field | kind |
//! |---|---|
//! | `messages` | `message.<messages[].type>`: `message.text`, `message.image`, `message.audio`, `message.video`, `message.document`, `message.sticker`, `message.location`, `message.contacts`, `message.interactive` (button and list replies, flows, call permission replies), `message.button` (a template's quick-reply tap), `message.reaction`, `message.order`, `message.system`, `message.unsupported`, `message.revoke`, `message.edit`, ... and `message.unknown` when the type is missing |
//! | `messages` | `status.<statuses[].status>`: `status.sent`, `status.delivered`, `status.read`, `status.played`, `status.failed`, ... and `status.unknown` when the status is missing |
//! | any | `error`: a value with `errors[]` and no messages or statuses (a system-level error) |
//! | `smb_message_echoes` | `echo.<message_echoes[].type>`: a message the business sent from the WhatsApp Business app |
//! | `calls` | `call.<calls[].event>` (`call.connect`, `call.terminate`) and `call-status.<statuses[].status>` (`call-status.RINGING`, ...) |
//! | `user_preferences` | `user.preferences` (one per `user_preferences[]` item: marketing stop/resume) |
//! | `message_template_status_update` | `template.status` |
//! | `template_category_update` | `template.category` |
//! | `message_template_quality_update` | `template.quality` |
//! | `message_template_components_update` | `template.components` |
//! | `phone_number_quality_update` | `phone.quality` |
//! | `phone_number_name_update` | `phone.name` |
//! | `account_update` | `account.update` |
//! | `account_review_update` | `account.review` |
//! | `account_alerts` | `account.alert` |
//! | `business_capability_update` | `business.capability` |
//! | `security` | `security` |
//! | `history` | `history` |
//! | `smb_app_state_sync` | `app-state.sync` |
//! | `flows` | `flow.update` |
//! | `payment_configuration_update` | `payment.configuration` |
//! | `partner_solutions` | `partner.solution` |
//! | `group_lifecycle_update`, `group_participants_update`, `group_settings_update`, `group_status_update` | `group.lifecycle`, `group.participants`, `group.settings`, `group.status` |
//! | anything else | `unknown` (the field is in `field`, the value kept whole) |
//!
//! Unknown fields, types and keys are never dropped and never an error: the value is kept, the
//! kind says `unknown` (or carries the new type), and the essentials are whatever could be read.
//! Only a body that is not an envelope is an error (`ParseError`), and no input makes it panic.

pub mod event;
pub mod parse;
pub mod sample;
pub mod signature;

pub use event::{
    should_replace_status, status_rank, MessageEssentials, StatusEssentials, StatusRank,
    TemplateEssentials, WebhookError, WebhookEvent, WebhookPricing,
};
pub use parse::{parse_body, parse_str, ParseError, MAX_BODY_BYTES, MAX_EVENTS};
pub use signature::{sign, verify, SignatureError, SIGNATURE_HEADER};
