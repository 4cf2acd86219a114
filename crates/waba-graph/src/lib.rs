//! The one way the console talks to Meta's Graph API, for real accounts and the sandbox alike.
//!
//! The base URL and API version come from the profile; every call has a timeout; every answer is
//! either a typed success body or a [`GraphError`] that keeps all of Meta's error envelope. The
//! token travels only in the `Authorization` header (and, for `debug_token`, in a query string
//! that is stripped from every error), so it cannot leak through errors, logs or `Debug`.
//!
//! Every call can be described without being sent (`GraphClient::describe_<call>`), as the
//! [`GraphRequest`] the call then sends: secrets as placeholders, renderable as `curl`.

mod budget;
mod business_profile;
mod client;
mod error;
mod media;
mod messages;
pub mod model;
mod templates;
mod usage;

pub use budget::{ReadBudget, READS_PER_HOUR};
pub use business_profile::{
    NumberProfileFields, UploadHandle, UploadSession, BUSINESS_PROFILE_FIELDS, DISPLAY_NAME_FIELDS,
};
pub use client::{parse_answer, ClientConfig, GraphClient, DEFAULT_TIMEOUT};
pub use error::GraphError;
pub use media::MediaId;
pub use messages::{SendAnswer, SentContact, SentMessageId};
pub use templates::{TemplateQuery, TEMPLATE_FIELDS, TEMPLATE_SUMMARY};
pub use usage::{parse_business_use_case_usage, UseCaseUsage, BUSINESS_USE_CASE_USAGE_HEADER};
pub use waba_core::graph_request::GraphRequest;
