//! A message template in Meta's create format (facts §9.3), the JSON the admin pastes or the form
//! builds and `POST /{waba-id}/message_templates` receives.
//!
//! Exception to the camelCase rule of the IPC contract: these types are Meta's own JSON, so their
//! fields are Meta's snake_case and their enumerated values Meta's UPPERCASE spelling (as in
//! `graph_states`). A draft serializes to exactly what Meta receives; fields this console does not
//! model (`message_send_ttl_seconds`, `add_security_recommendation`, `cards`, ...) are kept in
//! `extra` and written back unchanged, so nothing the admin typed is dropped.

use std::fmt;
use std::path::PathBuf;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use ts_rs::TS;

use crate::graph_states::{graph_enum, js_doc, union, GraphState, TemplateCategory, Tone};

graph_enum! {
    /// A template's `parameter_format` (facts §9.2): how its variables are written.
    ParameterFormat {
        Positional = "POSITIONAL", Neutral, "Numbered variables: {{1}}, {{2}}, ... (Meta's default).";
        Named = "NAMED", Neutral, "Named variables in lowercase: {{first_name}}, {{order_id}}, ...";
    }
    other: Neutral, "A parameter format Meta does not document; use POSITIONAL or NAMED.";
}

graph_enum! {
    /// A template component's `type` (facts §9.2).
    ComponentType {
        Header = "HEADER", Neutral, "The header: a line of text or a media attachment above the body.";
        Body = "BODY", Neutral, "The body: the message text.";
        Footer = "FOOTER", Neutral, "The footer: a short line of plain text below the body.";
        Buttons = "BUTTONS", Neutral, "The buttons below the message.";
        Carousel = "CAROUSEL", Neutral, "A carousel of cards (this console does not check their contents).";
        LimitedTimeOffer = "LIMITED_TIME_OFFER", Neutral, "A limited-time offer banner.";
    }
    other: Neutral, "A component type this console does not know; it is sent to Meta as written.";
}

graph_enum! {
    /// A header's `format` (facts §9.2; `PRODUCT` for single-product templates).
    HeaderFormat {
        Text = "TEXT", Neutral, "A line of text.";
        Image = "IMAGE", Neutral, "An image.";
        Video = "VIDEO", Neutral, "A video.";
        Document = "DOCUMENT", Neutral, "A document (for example a PDF).";
        Location = "LOCATION", Neutral, "A location, given when the message is sent.";
        Product = "PRODUCT", Neutral, "A product from the catalogue.";
    }
    other: Neutral, "A header format this console does not know.";
}

graph_enum! {
    /// A button's `type` (facts §9.2).
    ButtonType {
        QuickReply = "QUICK_REPLY", Neutral, "A quick reply: the recipient taps it to answer.";
        Url = "URL", Neutral, "Opens a web page.";
        PhoneNumber = "PHONE_NUMBER", Neutral, "Calls a phone number.";
        CopyCode = "COPY_CODE", Neutral, "Copies a code (a coupon) to the clipboard.";
        Otp = "OTP", Neutral, "A one-time passcode button (authentication templates).";
        Flow = "FLOW", Neutral, "Opens a WhatsApp Flow.";
        Mpm = "MPM", Neutral, "Shows several products from the catalogue.";
        Spm = "SPM", Neutral, "Shows one product from the catalogue.";
        Catalog = "CATALOG", Neutral, "Opens the catalogue.";
        VoiceCall = "VOICE_CALL", Neutral, "Starts a WhatsApp voice call.";
        RequestContactInfo = "REQUEST_CONTACT_INFO", Neutral, "Asks the recipient to share contact details.";
    }
    other: Neutral, "A button type this console does not know; it is sent to Meta as written.";
}

/// A template as Meta's create call receives it (facts §9.3).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateDraft {
    /// Lowercase letters, digits and underscores, at most 512 characters.
    #[serde(default)]
    pub name: String,
    /// Meta's language code, e.g. `en_US` (an underscore, not a hyphen).
    #[serde(default)]
    pub language: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub category: Option<TemplateCategory>,
    /// Lets Meta move the template to the category it finds right instead of rejecting it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub allow_category_change: Option<bool>,
    /// `POSITIONAL` when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub parameter_format: Option<ParameterFormat>,
    #[serde(default)]
    pub components: Vec<TemplateComponent>,
    /// Fields this console does not model (`message_send_ttl_seconds`, ...), kept as written.
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Map<String, Value>,
}

/// One component; which fields apply depends on `type` (Meta's own flat shape).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateComponent {
    #[serde(rename = "type")]
    pub kind: ComponentType,
    /// HEADER only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub format: Option<HeaderFormat>,
    /// HEADER (format TEXT), BODY, FOOTER.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
    /// Example values for the variables (HEADER, BODY).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub example: Option<ComponentExample>,
    /// BUTTONS only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub buttons: Option<Vec<TemplateButton>>,
    /// Fields this console does not model (`cards`, `add_security_recommendation`, ...).
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Map<String, Value>,
}

impl TemplateComponent {
    /// A component of this type with nothing else set.
    pub fn new(kind: ComponentType) -> Self {
        Self {
            kind,
            format: None,
            text: None,
            example: None,
            buttons: None,
            extra: Map::new(),
        }
    }
}

/// A component's `example` (facts §9.2).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ComponentExample {
    /// One example per header variable (positional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub header_text: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub header_text_named_params: Option<Vec<NamedParamExample>>,
    /// A media header's example: a resumable-upload handle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub header_handle: Option<Vec<String>>,
    /// One row with one example per body variable (positional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body_text: Option<Vec<Vec<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub body_text_named_params: Option<Vec<NamedParamExample>>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Map<String, Value>,
}

/// `{param_name, example}`, the example of one named variable.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NamedParamExample {
    #[serde(default)]
    pub param_name: String,
    #[serde(default)]
    pub example: String,
}

/// One button of a BUTTONS component.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateButton {
    #[serde(rename = "type")]
    pub kind: ButtonType,
    /// The label (at most 25 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub text: Option<String>,
    /// URL buttons: at most one variable, at the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub url: Option<String>,
    /// PHONE_NUMBER buttons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub phone_number: Option<String>,
    /// URL buttons: the full example URL(s) (a list); COPY_CODE: the example code (a string).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub example: Option<ButtonExample>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Map<String, Value>,
}

impl TemplateButton {
    /// A button of this type with nothing else set.
    pub fn new(kind: ButtonType) -> Self {
        Self {
            kind,
            text: None,
            url: None,
            phone_number: None,
            example: None,
            extra: Map::new(),
        }
    }
}

/// A button's `example`: a list for URL buttons, one string for COPY_CODE.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(untagged)]
#[ts(export)]
pub enum ButtonExample {
    One(String),
    Many(Vec<String>),
}

impl ButtonExample {
    /// The example values, however they were written.
    pub fn values(&self) -> Vec<&str> {
        match self {
            Self::One(v) => vec![v.as_str()],
            Self::Many(vs) => vs.iter().map(String::as_str).collect(),
        }
    }
}

impl TemplateDraft {
    /// The `parameter_format`, `POSITIONAL` when absent (Meta's default).
    pub fn parameter_format(&self) -> ParameterFormat {
        self.parameter_format
            .clone()
            .unwrap_or(ParameterFormat::Positional)
    }

    /// The first component of this type, with its index.
    pub fn component(&self, kind: &ComponentType) -> Option<(usize, &TemplateComponent)> {
        self.components
            .iter()
            .enumerate()
            .find(|(_, c)| &c.kind == kind)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_s_create_example_round_trips_in_meta_s_spelling() {
        let json = serde_json::json!({"name":"seasonal_promotion","language":"en_US","category":"MARKETING",
            "allow_category_change":true,"message_send_ttl_seconds":60,
            "components":[
              {"type":"HEADER","format":"TEXT","text":"Our {{1}} is on!","example":{"header_text":["Summer Sale"]}},
              {"type":"BODY","text":"Shop now through {{1}}.","example":{"body_text":[["the end of August"]]}},
              {"type":"CAROUSEL","cards":[{"components":[]}]},
              {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Stop"},
                 {"type":"COPY_CODE","example":"25OFF"},
                 {"type":"URL","text":"Go","url":"https://a.example/{{1}}","example":["https://a.example/x"]},
                 {"type":"FANCY","text":"?"}]}]});
        let draft: TemplateDraft = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(draft.category, Some(TemplateCategory::Marketing));
        assert_eq!(draft.components[2].kind, ComponentType::Carousel);
        let buttons = draft.components[3].buttons.as_ref().unwrap();
        assert_eq!(buttons[1].example, Some(ButtonExample::One("25OFF".into())));
        assert_eq!(buttons[3].kind, ButtonType::Other("FANCY".into()));
        assert_eq!(serde_json::to_value(&draft).unwrap(), json);
    }
}
