//! The admin's JSON text → a draft, without ever failing: a syntax error, a field of the wrong
//! type or an unknown component type becomes a finding, and everything that could be read is kept
//! (a field of the wrong type is kept in `extra`, so the draft still serializes to what was typed;
//! a component or button that is not an object is left out of the draft, with its finding: the
//! caller keeps the text itself, so nothing typed is lost). Leaving one out shifts the draft's
//! indexes against the text's, so [`TextPositions`] keeps where each kept one stood.

use serde_json::{Map, Value};

use super::draft::{
    ButtonExample, ButtonType, ComponentExample, ComponentType, HeaderFormat, NamedParamExample,
    ParameterFormat, TemplateButton, TemplateComponent, TemplateDraft,
};
use super::finding::{Finding, RuleId, Span};
use crate::graph_states::TemplateCategory;

/// A draft read from text, and what stood in the way of reading it.
#[derive(Debug, Clone, PartialEq)]
pub struct Parsed {
    pub draft: TemplateDraft,
    pub findings: Vec<Finding>,
    /// Where the draft's components and buttons stand in the text.
    pub positions: TextPositions,
}

/// The text's index of each component and button the draft kept. The rules point into the
/// draft (`/components/1/buttons/0`); after `[1, {"type": "BODY"}]` the body is the draft's
/// component 0 but the text's component 1, and the editor must mark the text's.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TextPositions {
    /// Per kept component: its index in the text and the text indexes of its kept buttons.
    components: Vec<(usize, Vec<usize>)>,
}

impl TextPositions {
    /// `path`, a JSON pointer into the draft, as a pointer into the text.
    pub fn to_text(&self, path: &str) -> String {
        let mut parts: Vec<String> = path.split('/').map(str::to_owned).collect();
        // ["", "components", i, "buttons", j, ...]
        let index = |part: Option<&String>| part.and_then(|p| p.parse::<usize>().ok());
        if parts.get(1).map(String::as_str) != Some("components") {
            return path.to_owned();
        }
        let Some((at, buttons)) = index(parts.get(2)).and_then(|i| self.components.get(i)) else {
            return path.to_owned();
        };
        parts[2] = at.to_string();
        if parts.get(3).map(String::as_str) == Some("buttons") {
            if let Some(at) = index(parts.get(4)).and_then(|j| buttons.get(j)) {
                parts[4] = at.to_string();
            }
        }
        parts.join("/")
    }
}

/// Reads Meta's create JSON as the admin typed it. Never panics, whatever the text.
pub fn parse_draft(text: &str) -> Parsed {
    let mut findings = Vec::new();
    let value: Value = match serde_json::from_str(text) {
        Ok(value) => value,
        Err(e) => {
            findings.push(syntax_error(text, &e));
            return Parsed {
                draft: TemplateDraft::default(),
                findings,
                positions: TextPositions::default(),
            };
        }
    };
    let mut positions = TextPositions::default();
    let draft = match value {
        Value::Object(obj) => read_draft(obj, &mut findings, &mut positions),
        other => {
            findings.push(wrong_type("", "the template", "an object", &other));
            TemplateDraft::default()
        }
    };
    Parsed {
        draft,
        findings,
        positions,
    }
}

fn syntax_error(text: &str, e: &serde_json::Error) -> Finding {
    let (line, column) = (e.line(), e.column());
    let offset = byte_offset(text, line, column);
    let mut span = Span::text("", text, offset, offset + 1);
    if span.start == span.end && span.start > 0 {
        span.start -= 1;
    }
    let (line_no, column_no) = super::locate::line_column(text, offset);
    span.line = Some(line_no);
    span.column = Some(column_no);
    let what = match e.classify() {
        serde_json::error::Category::Eof => "The JSON ends too early".to_owned(),
        _ => format!("The JSON is not valid at line {line_no}, column {column_no}"),
    };
    let message = format!("{what}: {}.", strip_position(&e.to_string()));
    Finding::error(
        RuleId::InvalidJson,
        span,
        message,
        "Fix the JSON there (a missing comma, quote or brace is the usual cause).",
    )
}

/// serde_json's message without its " at line L column C" tail (the span says where).
fn strip_position(msg: &str) -> &str {
    msg.find(" at line ").map_or(msg, |i| &msg[..i])
}

/// The byte offset of a 1-based line and column (serde_json counts columns in bytes).
fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (i, l) in text.split_inclusive('\n').enumerate() {
        if i + 1 == line {
            return (offset + column.saturating_sub(1)).min(text.len());
        }
        offset += l.len();
    }
    text.len()
}

fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn wrong_type(path: &str, what: &str, expected: &str, got: &Value) -> Finding {
    let span = match got {
        Value::String(s) => Span::whole(path, s),
        _ => Span::field(path),
    };
    Finding::error(
        RuleId::WrongType,
        span,
        format!(
            "{what} is {} where Meta expects {expected}.",
            json_type(got)
        ),
        format!("Write {what} as {expected}."),
    )
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Reads fields out of one JSON object, leaving what it does not take in `extra`.
struct Reader<'a> {
    obj: Map<String, Value>,
    path: String,
    findings: &'a mut Vec<Finding>,
}

impl<'a> Reader<'a> {
    fn new(obj: Map<String, Value>, path: String, findings: &'a mut Vec<Finding>) -> Self {
        Self {
            obj,
            path,
            findings,
        }
    }

    fn at(&self, key: &str) -> String {
        format!("{}/{}", self.path, escape(key))
    }

    /// Takes `key` when `read` accepts it; otherwise reports it and keeps it in `extra`.
    fn take<T>(
        &mut self,
        key: &str,
        expected: &str,
        read: impl FnOnce(&Value) -> Option<T>,
    ) -> Option<T> {
        let value = self.obj.remove(key)?;
        if value.is_null() {
            return None;
        }
        match read(&value) {
            Some(v) => Some(v),
            None => {
                let path = self.at(key);
                self.findings
                    .push(wrong_type(&path, &format!("`{key}`"), expected, &value));
                self.obj.insert(key.to_owned(), value);
                None
            }
        }
    }

    fn string(&mut self, key: &str) -> Option<String> {
        self.take(key, "text", |v| v.as_str().map(str::to_owned))
    }

    fn strings(&mut self, key: &str) -> Option<Vec<String>> {
        self.take(key, "a list of texts", strings)
    }

    fn named(&mut self, key: &str) -> Option<Vec<NamedParamExample>> {
        self.take(
            key,
            "a list of {\"param_name\", \"example\"} objects",
            |v| {
                v.as_array()?
                    .iter()
                    .map(|p| {
                        Some(NamedParamExample {
                            param_name: p.get("param_name")?.as_str()?.to_owned(),
                            example: p.get("example")?.as_str()?.to_owned(),
                        })
                    })
                    .collect()
            },
        )
    }

    fn objects(&mut self, key: &str) -> Option<Vec<Value>> {
        self.take(key, "a list", |v| v.as_array().cloned())
    }

    fn object(&mut self, key: &str) -> Option<Map<String, Value>> {
        self.take(key, "an object", |v| v.as_object().cloned())
    }

    /// The object's `type`; `""` (an unknown type) with a finding when it has none.
    fn kind(&mut self, message: &str, fix: &str) -> String {
        if let Some(kind) = self.string("type") {
            return kind;
        }
        // A `type` of the wrong type is reported by `string`; it is not kept, since the unknown
        // type written back is `""` and an object cannot have `type` twice.
        if self.obj.remove("type").is_none() {
            let path = self.at("type");
            self.findings.push(Finding::error(
                RuleId::WrongType,
                Span::field(path),
                message,
                fix,
            ));
        }
        String::new()
    }

    fn finish(self) -> Map<String, Value> {
        self.obj
    }
}

fn strings(v: &Value) -> Option<Vec<String>> {
    v.as_array()?
        .iter()
        .map(|s| s.as_str().map(str::to_owned))
        .collect()
}

fn read_draft(
    obj: Map<String, Value>,
    findings: &mut Vec<Finding>,
    positions: &mut TextPositions,
) -> TemplateDraft {
    let mut r = Reader::new(obj, String::new(), findings);
    let name = r.string("name").unwrap_or_default();
    let language = r.string("language").unwrap_or_default();
    let category = r.take("category", "text", |v| {
        v.as_str().map(TemplateCategory::from_graph)
    });
    let allow_category_change = r.take("allow_category_change", "true or false", Value::as_bool);
    let parameter_format = r.take("parameter_format", "text", |v| {
        v.as_str().map(ParameterFormat::from_graph)
    });
    let items = r.objects("components").unwrap_or_default();
    let path = r.at("components");
    let Reader { obj, findings, .. } = r;
    let components = items
        .into_iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let at = format!("{path}/{i}");
            match item {
                Value::Object(obj) => {
                    let (component, buttons) = read_component(obj, at, findings);
                    positions.components.push((i, buttons));
                    Some(component)
                }
                other => {
                    findings.push(wrong_type(&at, "A component", "an object", &other));
                    None
                }
            }
        })
        .collect();
    TemplateDraft {
        name,
        language,
        category,
        allow_category_change,
        parameter_format,
        components,
        extra: obj,
    }
}

/// The component, and the text index of each button it kept.
fn read_component(
    obj: Map<String, Value>,
    path: String,
    findings: &mut Vec<Finding>,
) -> (TemplateComponent, Vec<usize>) {
    let mut r = Reader::new(obj, path, findings);
    let kind = ComponentType::from_graph(&r.kind(
        "This component has no type.",
        "Add \"type\": \"HEADER\", \"BODY\", \"FOOTER\" or \"BUTTONS\".",
    ));
    let format = r.take("format", "text", |v| {
        v.as_str().map(HeaderFormat::from_graph)
    });
    let text = r.string("text");
    let example = r
        .object("example")
        .map(|obj| read_example(obj, r.at("example"), r.findings));
    let mut kept = Vec::new();
    let buttons = r.objects("buttons").map(|items| {
        let base = r.at("buttons");
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let at = format!("{base}/{i}");
                match item {
                    Value::Object(obj) => {
                        kept.push(i);
                        Some(read_button(obj, at, r.findings))
                    }
                    other => {
                        r.findings
                            .push(wrong_type(&at, "A button", "an object", &other));
                        None
                    }
                }
            })
            .collect()
    });
    let component = TemplateComponent {
        kind,
        format,
        text,
        example,
        buttons,
        extra: r.finish(),
    };
    (component, kept)
}

fn read_example(
    obj: Map<String, Value>,
    path: String,
    findings: &mut Vec<Finding>,
) -> ComponentExample {
    let mut r = Reader::new(obj, path, findings);
    ComponentExample {
        header_text: r.strings("header_text"),
        header_text_named_params: r.named("header_text_named_params"),
        header_handle: r.strings("header_handle"),
        body_text: r.take("body_text", "a list of lists of texts", |v| {
            v.as_array()?.iter().map(strings).collect()
        }),
        body_text_named_params: r.named("body_text_named_params"),
        extra: r.finish(),
    }
}

fn read_button(
    obj: Map<String, Value>,
    path: String,
    findings: &mut Vec<Finding>,
) -> TemplateButton {
    let mut r = Reader::new(obj, path, findings);
    let kind = ButtonType::from_graph(&r.kind(
        "This button has no type.",
        "Add \"type\": \"QUICK_REPLY\", \"URL\", \"PHONE_NUMBER\" or \"COPY_CODE\".",
    ));
    let text = r.string("text");
    let url = r.string("url");
    let phone_number = r.string("phone_number");
    let example = r.take("example", "text or a list of texts", |v| match v {
        Value::String(s) => Some(ButtonExample::One(s.clone())),
        other => strings(other).map(ButtonExample::Many),
    });
    TemplateButton {
        kind,
        text,
        url,
        phone_number,
        example,
        extra: r.finish(),
    }
}
