//! Test sends, before anything is sent: who the recipient is, the message as the Send page and
//! `waba send` compose it and the exact JSON Meta receives, every rule Meta would refuse it for,
//! the 24-hour customer-service window, and the retry and throughput figures of the sender.
//!
//! Why: a refused send teaches the admin little (Meta's details are terse, and some failures only
//! arrive minutes later in a status webhook), so each rule is checked here first and worded with
//! its fix. Everything is a pure function of its inputs (the clock and the random source are
//! arguments), written once for the window, the CLI and the service, and unit-tested without a
//! network. Facts: `graph-api-facts.md` §10 (sending), §11 (media), §13 (throughput), §2 (codes);
//! where the seed document is wrong (a 7-15 digit phone rule, 16 MB images) the text says so.

pub mod link;
pub mod log;
pub mod media;
pub mod message;
pub mod recipient;
pub mod requests;
pub mod throughput;
pub mod validate;
pub mod window;

pub use link::{
    judge_fetched_link, link_size, refused_before_fetch, LinkFetch, FETCH_TIMEOUT, LINK_PATH,
    MAX_REDIRECTS,
};
pub use log::{
    DeliveryFunnel, FunnelReport, FunnelRequest, LoggedMessage, MessageDetail, MessageError,
    MessageLogPage, MessageLogQuery, MessageRef, SendStatus, TimelineStep, STALE_AFTER_MINUTES,
};
pub use media::{check_media_content, media_limits, MediaLimits};
pub use message::{
    buttons_or_list, ButtonSubType, ButtonsMessage, InteractiveHeader, ListMessage, ListRow,
    ListSection, MediaKind, MediaMessage, MediaSource, MessageKind, OutgoingMessage, ReplyButton,
    TemplateMessage, TemplateParameter, TemplateSendComponent, TextMessage,
};
pub use recipient::{
    parse_recipient, LineType, Recipient, RecipientHint, RecipientRefusal, RefusalReason,
    SenderContext, Trap,
};
pub use requests::{
    BurstProgress, BurstRequest, BurstState, CheckLinkRequest, CodeCount, ComposeRequest,
    DeliveryTracking, LinkCheck, MarkReadRequest, SendLimits, SendPreview, SentMessage,
    SetSendLimitsRequest, UploadMediaRequest, UploadedMedia,
};
pub use validate::{
    blocks_send, check_link, send_blocked, validate, SendFinding, SendRule, SendSeverity,
};
pub use window::{needs_open_window, service_window, window_finding, ServiceWindow};
