//! A test message as the Send page and `waba send` compose it (camelCase across IPC), one enum
//! over the kinds the console sends, and [`OutgoingMessage::to_graph_body`], the exact JSON of
//! `POST /{phone-number-id}/messages` (facts §10.1-10.6). The request JSON shown beside the form,
//! "Copy as curl" and the real call all render through it, so what the admin sees is what Meta
//! receives.
//!
//! Optional texts (caption, filename, header, footer, section title, row description) that are
//! empty or only spaces count as absent: a form field left blank is not sent.

use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use ts_rs::TS;

/// One message to send.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "camelCase")]
#[ts(export)]
pub enum OutgoingMessage {
    Text(TextMessage),
    Template(TemplateMessage),
    Media(MediaMessage),
    /// Interactive reply buttons.
    Buttons(ButtonsMessage),
    /// Interactive list.
    List(ListMessage),
}

/// Free text (facts §10.2).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TextMessage {
    pub body: String,
    /// Whether WhatsApp shows a preview of the first link in the body.
    #[serde(default)]
    pub preview_url: bool,
}

/// An approved template and the values of its variables (facts §10.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct TemplateMessage {
    pub name: String,
    /// Meta's language code, e.g. `en_US`.
    pub language: String,
    /// One entry per component that has variables (header, body, each button that takes one).
    #[serde(default)]
    pub components: Vec<TemplateSendComponent>,
}

/// The values for one component of a template.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum TemplateSendComponent {
    Header {
        parameters: Vec<TemplateParameter>,
    },
    Body {
        parameters: Vec<TemplateParameter>,
    },
    /// The button at `index` (0-based, its position in the template's BUTTONS component).
    Button {
        sub_type: ButtonSubType,
        index: u32,
        parameters: Vec<TemplateParameter>,
    },
}

/// Which kind of template button a `button` component fills (Meta's `sub_type`, Meta's spelling).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ButtonSubType {
    /// A quick reply: its parameter is the `payload` the webhook returns when it is tapped.
    QuickReply,
    /// A URL button with a variable: its parameter is the end of the URL.
    Url,
    /// A copy-code button: its parameter is the `coupon_code`.
    CopyCode,
    Flow,
    Catalog,
}

impl ButtonSubType {
    /// Meta's spelling.
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::QuickReply => "quick_reply",
            Self::Url => "url",
            Self::CopyCode => "copy_code",
            Self::Flow => "flow",
            Self::Catalog => "catalog",
        }
    }
}

/// One parameter value (facts §10.3).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export, rename = "TemplateSendParameter")]
pub enum TemplateParameter {
    /// A text variable; `parameterName` for templates with NAMED parameters.
    Text {
        text: String,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        parameter_name: Option<String>,
    },
    /// A quick-reply button's payload.
    Payload {
        payload: String,
    },
    /// A copy-code button's code.
    CouponCode {
        coupon_code: String,
    },
    Currency {
        fallback_value: String,
        /// ISO 4217, e.g. `USD`.
        code: String,
        /// The amount times 1,000 (`12.5` is `12500`).
        amount_1000: i64,
    },
    DateTime {
        fallback_value: String,
    },
    Image {
        source: MediaSource,
    },
    Video {
        source: MediaSource,
    },
    Document {
        source: MediaSource,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        filename: Option<String>,
    },
    Location {
        latitude: f64,
        longitude: f64,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        name: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        #[ts(optional)]
        address: Option<String>,
    },
}

/// The kinds of media message (facts §10.4, §11).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum MediaKind {
    Image,
    Document,
    Audio,
    Video,
    Sticker,
}

impl MediaKind {
    pub const ALL: [MediaKind; 5] = [
        Self::Image,
        Self::Document,
        Self::Audio,
        Self::Video,
        Self::Sticker,
    ];

    /// Meta's `type` value, also the key of the media object.
    pub fn as_graph(self) -> &'static str {
        match self {
            Self::Image => "image",
            Self::Document => "document",
            Self::Audio => "audio",
            Self::Video => "video",
            Self::Sticker => "sticker",
        }
    }

    /// Whether Meta takes a caption for this kind (facts §10.4: not audio, not sticker).
    pub fn takes_caption(self) -> bool {
        matches!(self, Self::Image | Self::Document | Self::Video)
    }
}

/// Where Meta gets the file: uploaded first (`POST /{phone-number-id}/media`, the way that avoids
/// Meta's link fetcher) or fetched by Meta from a public HTTPS link.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "from", rename_all = "camelCase")]
#[ts(export)]
pub enum MediaSource {
    /// The media ID the upload answered.
    Uploaded {
        id: String,
    },
    Link {
        url: String,
    },
}

impl MediaSource {
    /// `{"id": ...}` or `{"link": ...}`.
    fn graph_object(&self) -> Map<String, Value> {
        let mut object = Map::new();
        match self {
            Self::Uploaded { id } => object.insert("id".into(), json!(id)),
            Self::Link { url } => object.insert("link".into(), json!(url)),
        };
        object
    }
}

/// An image, document, audio, video or sticker (facts §10.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct MediaMessage {
    pub kind: MediaKind,
    pub source: MediaSource,
    /// Image, video and document only.
    #[serde(default)]
    pub caption: Option<String>,
    /// Document only: the name the recipient sees, with its extension.
    #[serde(default)]
    pub filename: Option<String>,
}

/// The header of an interactive message: text, or (reply buttons only) a media attachment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(
    tag = "type",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[ts(export)]
pub enum InteractiveHeader {
    Text {
        text: String,
    },
    Image {
        source: MediaSource,
    },
    Video {
        source: MediaSource,
    },
    Document {
        source: MediaSource,
        #[serde(default)]
        filename: Option<String>,
    },
}

/// Reply buttons (facts §10.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ButtonsMessage {
    pub body: String,
    #[serde(default)]
    pub header: Option<InteractiveHeader>,
    #[serde(default)]
    pub footer: Option<String>,
    pub buttons: Vec<ReplyButton>,
}

/// One reply button; `id` comes back in the webhook when it is tapped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ReplyButton {
    pub id: String,
    pub title: String,
}

/// An interactive list (facts §10.6).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListMessage {
    pub body: String,
    /// Text only for lists.
    #[serde(default)]
    pub header: Option<String>,
    #[serde(default)]
    pub footer: Option<String>,
    /// The label of the button that opens the list.
    pub button: String,
    pub sections: Vec<ListSection>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListSection {
    /// Required when the list has more than one section.
    #[serde(default)]
    pub title: Option<String>,
    pub rows: Vec<ListRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct ListRow {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
}

/// What was sent, for the message log and its filters (a media message by its media kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub enum MessageKind {
    Text,
    Template,
    Image,
    Document,
    Audio,
    Video,
    Sticker,
    Buttons,
    List,
}

/// The text of an optional field, `None` when absent, empty or only spaces.
pub(crate) fn present(text: &Option<String>) -> Option<&str> {
    text.as_deref().filter(|t| !t.trim().is_empty())
}

impl OutgoingMessage {
    pub fn kind(&self) -> MessageKind {
        match self {
            Self::Text(_) => MessageKind::Text,
            Self::Template(_) => MessageKind::Template,
            Self::Media(m) => match m.kind {
                MediaKind::Image => MessageKind::Image,
                MediaKind::Document => MessageKind::Document,
                MediaKind::Audio => MessageKind::Audio,
                MediaKind::Video => MessageKind::Video,
                MediaKind::Sticker => MessageKind::Sticker,
            },
            Self::Buttons(_) => MessageKind::Buttons,
            Self::List(_) => MessageKind::List,
        }
    }

    /// The body of `POST /{phone-number-id}/messages` to `to` (E.164 digits without `+`, as
    /// [`crate::send::Recipient::e164`] gives them), exactly as Meta receives it (facts §10.1).
    pub fn to_graph_body(&self, to: &str) -> Value {
        let (kind, content) = match self {
            Self::Text(t) => (
                "text",
                json!({"body": t.body, "preview_url": t.preview_url}),
            ),
            Self::Template(t) => ("template", template_object(t)),
            Self::Media(m) => (m.kind.as_graph(), media_object(m)),
            Self::Buttons(b) => ("interactive", buttons_object(b)),
            Self::List(l) => ("interactive", list_object(l)),
        };
        let mut body = Map::new();
        body.insert("messaging_product".into(), json!("whatsapp"));
        body.insert("recipient_type".into(), json!("individual"));
        body.insert("to".into(), json!(to));
        body.insert("type".into(), json!(kind));
        body.insert(kind.into(), content);
        Value::Object(body)
    }
}

fn template_object(t: &TemplateMessage) -> Value {
    let mut object = Map::new();
    object.insert("name".into(), json!(t.name));
    object.insert("language".into(), json!({"code": t.language}));
    if !t.components.is_empty() {
        let components = t.components.iter().map(component_object).collect();
        object.insert("components".into(), Value::Array(components));
    }
    Value::Object(object)
}

fn component_object(c: &TemplateSendComponent) -> Value {
    let parameters =
        |ps: &[TemplateParameter]| Value::Array(ps.iter().map(parameter_object).collect());
    match c {
        TemplateSendComponent::Header { parameters: ps } => {
            json!({"type": "header", "parameters": parameters(ps)})
        }
        TemplateSendComponent::Body { parameters: ps } => {
            json!({"type": "body", "parameters": parameters(ps)})
        }
        TemplateSendComponent::Button {
            sub_type,
            index,
            parameters: ps,
        } => json!({
            "type": "button",
            "sub_type": sub_type.as_graph(),
            "index": index.to_string(),
            "parameters": parameters(ps),
        }),
    }
}

fn parameter_object(p: &TemplateParameter) -> Value {
    let media = |kind: &str, object: Map<String, Value>| json!({"type": kind, kind: object});
    match p {
        TemplateParameter::Text {
            text,
            parameter_name,
        } => {
            let mut object = Map::new();
            object.insert("type".into(), json!("text"));
            if let Some(name) = present(parameter_name) {
                object.insert("parameter_name".into(), json!(name));
            }
            object.insert("text".into(), json!(text));
            Value::Object(object)
        }
        TemplateParameter::Payload { payload } => json!({"type": "payload", "payload": payload}),
        TemplateParameter::CouponCode { coupon_code } => {
            json!({"type": "coupon_code", "coupon_code": coupon_code})
        }
        TemplateParameter::Currency {
            fallback_value,
            code,
            amount_1000,
        } => json!({"type": "currency", "currency": {
            "fallback_value": fallback_value, "code": code, "amount_1000": amount_1000}}),
        TemplateParameter::DateTime { fallback_value } => {
            json!({"type": "date_time", "date_time": {"fallback_value": fallback_value}})
        }
        TemplateParameter::Image { source } => media("image", source.graph_object()),
        TemplateParameter::Video { source } => media("video", source.graph_object()),
        TemplateParameter::Document { source, filename } => {
            media("document", with_filename(source.graph_object(), filename))
        }
        TemplateParameter::Location {
            latitude,
            longitude,
            name,
            address,
        } => {
            let mut object = Map::new();
            object.insert("latitude".into(), json!(latitude));
            object.insert("longitude".into(), json!(longitude));
            if let Some(name) = present(name) {
                object.insert("name".into(), json!(name));
            }
            if let Some(address) = present(address) {
                object.insert("address".into(), json!(address));
            }
            json!({"type": "location", "location": object})
        }
    }
}

fn with_filename(mut object: Map<String, Value>, filename: &Option<String>) -> Map<String, Value> {
    if let Some(filename) = present(filename) {
        object.insert("filename".into(), json!(filename));
    }
    object
}

fn media_object(m: &MediaMessage) -> Value {
    let mut object = m.source.graph_object();
    if let Some(caption) = present(&m.caption) {
        object.insert("caption".into(), json!(caption));
    }
    Value::Object(with_filename(object, &m.filename))
}

fn text_object(text: &Option<String>) -> Option<Value> {
    present(text).map(|t| json!({"text": t}))
}

fn header_object(h: &InteractiveHeader) -> Value {
    let media = |kind: &str, object: Map<String, Value>| json!({"type": kind, kind: object});
    match h {
        InteractiveHeader::Text { text } => json!({"type": "text", "text": text}),
        InteractiveHeader::Image { source } => media("image", source.graph_object()),
        InteractiveHeader::Video { source } => media("video", source.graph_object()),
        InteractiveHeader::Document { source, filename } => {
            media("document", with_filename(source.graph_object(), filename))
        }
    }
}

/// `{"type": ..., "header"?, "body", "footer"?, "action"}` of an interactive message.
fn interactive_object(
    kind: &str,
    header: Option<Value>,
    body: &str,
    footer: &Option<String>,
    action: Value,
) -> Value {
    let mut object = Map::new();
    object.insert("type".into(), json!(kind));
    if let Some(header) = header {
        object.insert("header".into(), header);
    }
    object.insert("body".into(), json!({"text": body}));
    if let Some(footer) = text_object(footer) {
        object.insert("footer".into(), footer);
    }
    object.insert("action".into(), action);
    Value::Object(object)
}

fn buttons_object(b: &ButtonsMessage) -> Value {
    let buttons: Vec<Value> = b
        .buttons
        .iter()
        .map(|button| json!({"type": "reply", "reply": {"id": button.id, "title": button.title}}))
        .collect();
    interactive_object(
        "button",
        b.header.as_ref().map(header_object),
        &b.body,
        &b.footer,
        json!({"buttons": buttons}),
    )
}

fn list_object(l: &ListMessage) -> Value {
    let sections: Vec<Value> = l
        .sections
        .iter()
        .map(|section| {
            let rows: Vec<Value> = section
                .rows
                .iter()
                .map(|row| {
                    let mut object = Map::new();
                    object.insert("id".into(), json!(row.id));
                    object.insert("title".into(), json!(row.title));
                    if let Some(description) = present(&row.description) {
                        object.insert("description".into(), json!(description));
                    }
                    Value::Object(object)
                })
                .collect();
            let mut object = Map::new();
            if let Some(title) = present(&section.title) {
                object.insert("title".into(), json!(title));
            }
            object.insert("rows".into(), Value::Array(rows));
            Value::Object(object)
        })
        .collect();
    let header = present(&l.header).map(|text| json!({"type": "text", "text": text}));
    interactive_object(
        "list",
        header,
        &l.body,
        &l.footer,
        json!({"button": l.button, "sections": sections}),
    )
}

/// The label of the button that opens a list made by [`buttons_or_list`] (the seed's wording).
pub const DEFAULT_LIST_BUTTON: &str = "See options";

/// The seed's rule for offering choices: 3 or fewer options as reply buttons, more as a list
/// (one section, opened by "See options"). Nothing is cut short: the validator reports titles
/// over the limits (20 for a button, 24 for a row) and more than 10 options, where the seed's
/// helper truncated titles silently.
pub fn buttons_or_list(body: impl Into<String>, options: Vec<ReplyButton>) -> OutgoingMessage {
    let body = body.into();
    if options.len() <= super::validate::BUTTONS_MAX {
        return OutgoingMessage::Buttons(ButtonsMessage {
            body,
            header: None,
            footer: None,
            buttons: options,
        });
    }
    let rows = options
        .into_iter()
        .map(|o| ListRow {
            id: o.id,
            title: o.title,
            description: None,
        })
        .collect();
    OutgoingMessage::List(ListMessage {
        body,
        header: None,
        footer: None,
        button: DEFAULT_LIST_BUTTON.to_owned(),
        sections: vec![ListSection { title: None, rows }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TO: &str = "16505551234";

    fn envelope(kind: &str, content: Value) -> Value {
        json!({"messaging_product": "whatsapp", "recipient_type": "individual", "to": TO,
               "type": kind, kind: content})
    }

    fn button(id: &str, title: &str) -> ReplyButton {
        ReplyButton {
            id: id.into(),
            title: title.into(),
        }
    }

    #[test]
    fn text_renders_meta_s_envelope() {
        let message = OutgoingMessage::Text(TextMessage {
            body: "Hello https://example.com".into(),
            preview_url: true,
        });
        assert_eq!(
            message.to_graph_body(TO),
            envelope(
                "text",
                json!({"body": "Hello https://example.com", "preview_url": true})
            )
        );
        assert_eq!(message.kind(), MessageKind::Text);
    }

    #[test]
    fn template_renders_every_component_in_meta_s_shape() {
        let link = |url: &str| MediaSource::Link { url: url.into() };
        let message = OutgoingMessage::Template(TemplateMessage {
            name: "order_confirmation".into(),
            language: "en_US".into(),
            components: vec![
                TemplateSendComponent::Header {
                    parameters: vec![TemplateParameter::Image {
                        source: link("https://example.com/banner.jpg"),
                    }],
                },
                TemplateSendComponent::Body {
                    parameters: vec![
                        TemplateParameter::Text {
                            text: "Pablo".into(),
                            parameter_name: None,
                        },
                        TemplateParameter::Text {
                            text: "860198-230332".into(),
                            parameter_name: Some("order_id".into()),
                        },
                    ],
                },
                TemplateSendComponent::Button {
                    sub_type: ButtonSubType::QuickReply,
                    index: 0,
                    parameters: vec![TemplateParameter::Payload {
                        payload: "STOP_PROMO".into(),
                    }],
                },
                TemplateSendComponent::Button {
                    sub_type: ButtonSubType::Url,
                    index: 1,
                    parameters: vec![TemplateParameter::Text {
                        text: "order/860198".into(),
                        parameter_name: None,
                    }],
                },
            ],
        });
        assert_eq!(
            message.to_graph_body(TO),
            envelope(
                "template",
                json!({"name": "order_confirmation", "language": {"code": "en_US"},
                "components": [
                  {"type": "header", "parameters": [{"type": "image", "image": {"link": "https://example.com/banner.jpg"}}]},
                  {"type": "body", "parameters": [{"type": "text", "text": "Pablo"},
                     {"type": "text", "parameter_name": "order_id", "text": "860198-230332"}]},
                  {"type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [{"type": "payload", "payload": "STOP_PROMO"}]},
                  {"type": "button", "sub_type": "url", "index": "1", "parameters": [{"type": "text", "text": "order/860198"}]}]})
            )
        );
    }

    #[test]
    fn template_without_variables_has_no_components_and_other_parameters_render() {
        let message = OutgoingMessage::Template(TemplateMessage {
            name: "hello_world".into(),
            language: "en_US".into(),
            components: vec![],
        });
        assert_eq!(
            message.to_graph_body(TO)["template"],
            json!({"name": "hello_world", "language": {"code": "en_US"}})
        );
        let rendered: Vec<Value> = [
            TemplateParameter::CouponCode {
                coupon_code: "25OFF".into(),
            },
            TemplateParameter::Currency {
                fallback_value: "$12.50".into(),
                code: "USD".into(),
                amount_1000: 12_500,
            },
            TemplateParameter::DateTime {
                fallback_value: "May 1".into(),
            },
            TemplateParameter::Document {
                source: MediaSource::Uploaded { id: "1037".into() },
                filename: Some("invoice.pdf".into()),
            },
            TemplateParameter::Location {
                latitude: 37.48,
                longitude: -122.15,
                name: Some("HQ".into()),
                address: None,
            },
        ]
        .iter()
        .map(parameter_object)
        .collect();
        assert_eq!(
            rendered,
            vec![
                json!({"type": "coupon_code", "coupon_code": "25OFF"}),
                json!({"type": "currency", "currency": {"fallback_value": "$12.50", "code": "USD", "amount_1000": 12500}}),
                json!({"type": "date_time", "date_time": {"fallback_value": "May 1"}}),
                json!({"type": "document", "document": {"id": "1037", "filename": "invoice.pdf"}}),
                json!({"type": "location", "location": {"latitude": 37.48, "longitude": -122.15, "name": "HQ"}}),
            ]
        );
    }

    #[test]
    fn media_by_link_and_by_id() {
        let document = OutgoingMessage::Media(MediaMessage {
            kind: MediaKind::Document,
            source: MediaSource::Link {
                url: "https://example.com/a.pdf".into(),
            },
            caption: Some("Invoice".into()),
            filename: Some("invoice.pdf".into()),
        });
        assert_eq!(
            document.to_graph_body(TO),
            envelope(
                "document",
                json!({"link": "https://example.com/a.pdf", "caption": "Invoice", "filename": "invoice.pdf"})
            )
        );
        assert_eq!(document.kind(), MessageKind::Document);
        let sticker = OutgoingMessage::Media(MediaMessage {
            kind: MediaKind::Sticker,
            source: MediaSource::Uploaded {
                id: "1037543291543636".into(),
            },
            caption: Some("  ".into()),
            filename: None,
        });
        assert_eq!(
            sticker.to_graph_body(TO),
            envelope("sticker", json!({"id": "1037543291543636"}))
        );
    }

    #[test]
    fn reply_buttons_render_with_header_and_footer() {
        let message = OutgoingMessage::Buttons(ButtonsMessage {
            body: "Pick a slot".into(),
            header: Some(InteractiveHeader::Text {
                text: "Workshop Details".into(),
            }),
            footer: Some("Reply below".into()),
            buttons: vec![button("slot_am", "Morning"), button("slot_pm", "Afternoon")],
        });
        assert_eq!(
            message.to_graph_body(TO),
            envelope(
                "interactive",
                json!({"type": "button",
                "header": {"type": "text", "text": "Workshop Details"},
                "body": {"text": "Pick a slot"},
                "footer": {"text": "Reply below"},
                "action": {"buttons": [
                  {"type": "reply", "reply": {"id": "slot_am", "title": "Morning"}},
                  {"type": "reply", "reply": {"id": "slot_pm", "title": "Afternoon"}}]}})
            )
        );
        let with_image = OutgoingMessage::Buttons(ButtonsMessage {
            header: Some(InteractiveHeader::Image {
                source: MediaSource::Link {
                    url: "https://example.com/a.jpg".into(),
                },
            }),
            footer: Some(String::new()),
            ..match message {
                OutgoingMessage::Buttons(b) => b,
                _ => unreachable!(),
            }
        });
        let body = with_image.to_graph_body(TO);
        assert_eq!(
            body["interactive"]["header"],
            json!({"type": "image", "image": {"link": "https://example.com/a.jpg"}})
        );
        assert!(body["interactive"].get("footer").is_none());
    }

    #[test]
    fn list_renders_sections_and_rows() {
        let message = OutgoingMessage::List(ListMessage {
            body: "Choose a product".into(),
            header: Some("Menu".into()),
            footer: Some("Prices incl. VAT".into()),
            button: "View options".into(),
            sections: vec![
                ListSection {
                    title: Some("Coffee".into()),
                    rows: vec![ListRow {
                        id: "c1".into(),
                        title: "Espresso".into(),
                        description: Some("Double shot".into()),
                    }],
                },
                ListSection {
                    title: Some("Tea".into()),
                    rows: vec![ListRow {
                        id: "t1".into(),
                        title: "Green tea".into(),
                        description: None,
                    }],
                },
            ],
        });
        assert_eq!(
            message.to_graph_body(TO),
            envelope(
                "interactive",
                json!({"type": "list",
                "header": {"type": "text", "text": "Menu"},
                "body": {"text": "Choose a product"},
                "footer": {"text": "Prices incl. VAT"},
                "action": {"button": "View options", "sections": [
                  {"title": "Coffee", "rows": [{"id": "c1", "title": "Espresso", "description": "Double shot"}]},
                  {"title": "Tea", "rows": [{"id": "t1", "title": "Green tea"}]}]}})
            )
        );
    }

    #[test]
    fn ipc_shape_is_camel_case_and_tagged() {
        let message: OutgoingMessage = serde_json::from_value(json!({
            "type": "media", "kind": "image",
            "source": {"from": "link", "url": "https://example.com/a.jpg"}, "caption": "Hi"}))
        .unwrap();
        assert_eq!(message.kind(), MessageKind::Image);
        let template: OutgoingMessage = serde_json::from_value(json!({
            "type": "template", "name": "t", "language": "en_US", "components": [
              {"type": "button", "subType": "copy_code", "index": 2,
               "parameters": [{"type": "couponCode", "couponCode": "X"}]}]}))
        .unwrap();
        assert_eq!(
            template.to_graph_body(TO)["template"]["components"][0],
            json!({"type": "button", "sub_type": "copy_code", "index": "2",
                   "parameters": [{"type": "coupon_code", "coupon_code": "X"}]})
        );
        let back = serde_json::to_value(&template).unwrap();
        assert_eq!(back["components"][0]["subType"], "copy_code");
    }

    #[test]
    fn three_options_or_fewer_are_buttons_more_are_a_list() {
        let options = |n: usize| {
            (0..n)
                .map(|i| button(&format!("o{i}"), &format!("Option {i}")))
                .collect::<Vec<_>>()
        };
        let OutgoingMessage::Buttons(b) = buttons_or_list("Pick", options(3)) else {
            panic!("3 options should be buttons");
        };
        assert_eq!(b.buttons.len(), 3);
        let OutgoingMessage::List(l) = buttons_or_list("Pick", options(4)) else {
            panic!("4 options should be a list");
        };
        assert_eq!(l.button, DEFAULT_LIST_BUTTON);
        assert_eq!(l.sections.len(), 1);
        assert_eq!(l.sections[0].rows.len(), 4);
        assert_eq!(l.sections[0].rows[3].id, "o3");
    }
}
