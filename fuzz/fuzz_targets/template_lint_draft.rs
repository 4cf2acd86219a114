//! Fuzzes the template rules (`waba_core::template_lint::lint`) over arbitrary drafts and
//! existing templates, built from the fuzzer's bytes rather than parsed from JSON, so that the
//! mutations land on what the rules read: component and button kinds, variables, braces, URLs,
//! wording. Texts are sequences of pieces, some of them Meta's syntax (`{{1}}`, `{{name}}`, a
//! stray `{{`) or words the rules look for. The rules must never panic, every span must point
//! into the draft as Meta receives it (`waba_fuzz::assert_span_within`), and linting the draft's
//! own JSON (`lint_text`) must give exactly the same findings: the JSON reader reads back every
//! draft the console writes.
#![no_main]

use libfuzzer_sys::arbitrary::{self, Arbitrary};
use libfuzzer_sys::fuzz_target;
use waba_core::graph_states::{TemplateCategory, TemplateStatus};
use waba_core::template_lint::{
    lint, lint_text, ButtonExample, ButtonType, ComponentExample, ComponentType, ExistingTemplate,
    HeaderFormat, NamedParamExample, ParameterFormat, TemplateButton, TemplateComponent,
    TemplateDraft,
};
use waba_fuzz::assert_span_within;

/// Fragments the rules react to; the fuzzer combines them with text of its own.
const FRAGMENTS: &[&str] = &[
    "{{",
    "}}",
    "{",
    "}",
    "{{ 1 }}",
    "{1}}",
    "{{1}",
    "{{0}}",
    "{{First_Name}}",
    " ",
    "\n",
    ".",
    "https://",
    "http://a.example/",
    "https://www.example.com/orders/{{1}}",
    "https://bit.ly/x",
    "tinyurl.com/y",
    "+1 650 555 1234",
    "card number",
    "CVV",
    "password",
    "PIN",
    "limited time offer",
    "50% off",
    "thank you",
    "is your verification code",
    "🎉",
    "é",
    "Hello {{1}}, your order {{2}} has shipped and arrives on {{3}}.",
];

const NAMES: &[&str] = &["first_name", "order_id", "name", "x", "1st", "Name"];

const LANGUAGES: &[&str] = &[
    "en_US", "en", "pt_BR", "es_MX", "es_AR", "zh_CN", "en-US", "xx_YY",
];

/// One piece of a text.
#[derive(Arbitrary, Debug)]
enum Piece {
    Free(String),
    Positional(u8),
    Named(u8),
    Fragment(u8),
}

/// A text as pieces.
#[derive(Arbitrary, Debug)]
struct Text(Vec<Piece>);

impl Text {
    fn render(&self) -> String {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Free(s) => out.push_str(s),
                Piece::Positional(n) => out.push_str(&format!("{{{{{}}}}}", n % 12)),
                Piece::Named(n) => {
                    out.push_str(&format!("{{{{{}}}}}", NAMES[*n as usize % NAMES.len()]))
                }
                Piece::Fragment(n) => out.push_str(FRAGMENTS[*n as usize % FRAGMENTS.len()]),
            }
        }
        out
    }
}

fn render_all(texts: &[Text]) -> Vec<String> {
    texts.iter().map(Text::render).collect()
}

/// A value of one of the console's enums of Meta's values: a known one by index, else `other`.
#[derive(Arbitrary, Debug)]
struct Choice {
    index: u8,
    other: String,
}

impl Choice {
    fn pick<T: Clone>(&self, known: &[T], from_graph: fn(&str) -> T) -> T {
        known
            .get(self.index as usize)
            .cloned()
            .unwrap_or_else(|| from_graph(&self.other))
    }

    fn language(&self) -> String {
        LANGUAGES
            .get(self.index as usize)
            .map_or_else(|| self.other.clone(), |code| (*code).to_owned())
    }
}

#[derive(Arbitrary, Debug)]
struct Named {
    param_name: Text,
    example: Text,
}

fn named_all(params: &[Named]) -> Vec<NamedParamExample> {
    params
        .iter()
        .map(|p| NamedParamExample {
            param_name: p.param_name.render(),
            example: p.example.render(),
        })
        .collect()
}

#[derive(Arbitrary, Debug)]
struct Example {
    header_text: Option<Vec<Text>>,
    header_text_named_params: Option<Vec<Named>>,
    header_handle: Option<Vec<String>>,
    body_text: Option<Vec<Vec<Text>>>,
    body_text_named_params: Option<Vec<Named>>,
}

#[derive(Arbitrary, Debug)]
enum ButtonValues {
    One(Text),
    Many(Vec<Text>),
}

#[derive(Arbitrary, Debug)]
struct Button {
    kind: Choice,
    text: Option<Text>,
    url: Option<Text>,
    phone_number: Option<Text>,
    example: Option<ButtonValues>,
}

#[derive(Arbitrary, Debug)]
struct Component {
    kind: Choice,
    format: Option<Choice>,
    text: Option<Text>,
    example: Option<Example>,
    buttons: Option<Vec<Button>>,
}

#[derive(Arbitrary, Debug)]
struct Existing {
    name: Text,
    language: Choice,
    category: Option<Choice>,
    status: Option<Choice>,
    body: Text,
}

#[derive(Arbitrary, Debug)]
struct Input {
    name: Text,
    language: Choice,
    category: Option<Choice>,
    allow_category_change: Option<bool>,
    parameter_format: Option<Choice>,
    components: Vec<Component>,
    existing: Vec<Existing>,
}

impl Example {
    fn build(&self) -> ComponentExample {
        ComponentExample {
            header_text: self.header_text.as_deref().map(render_all),
            header_text_named_params: self.header_text_named_params.as_deref().map(named_all),
            header_handle: self.header_handle.clone(),
            body_text: self
                .body_text
                .as_ref()
                .map(|rows| rows.iter().map(|row| render_all(row)).collect()),
            body_text_named_params: self.body_text_named_params.as_deref().map(named_all),
            ..ComponentExample::default()
        }
    }
}

impl Button {
    fn build(&self) -> TemplateButton {
        TemplateButton {
            text: self.text.as_ref().map(Text::render),
            url: self.url.as_ref().map(Text::render),
            phone_number: self.phone_number.as_ref().map(Text::render),
            example: self.example.as_ref().map(|values| match values {
                ButtonValues::One(text) => ButtonExample::One(text.render()),
                ButtonValues::Many(texts) => ButtonExample::Many(render_all(texts)),
            }),
            ..TemplateButton::new(self.kind.pick(ButtonType::KNOWN, ButtonType::from_graph))
        }
    }
}

impl Component {
    fn build(&self) -> TemplateComponent {
        TemplateComponent {
            format: self
                .format
                .as_ref()
                .map(|f| f.pick(HeaderFormat::KNOWN, HeaderFormat::from_graph)),
            text: self.text.as_ref().map(Text::render),
            example: self.example.as_ref().map(Example::build),
            buttons: self
                .buttons
                .as_ref()
                .map(|buttons| buttons.iter().map(Button::build).collect()),
            ..TemplateComponent::new(
                self.kind
                    .pick(ComponentType::KNOWN, ComponentType::from_graph),
            )
        }
    }
}

fn category(choice: &Option<Choice>) -> Option<TemplateCategory> {
    choice
        .as_ref()
        .map(|c| c.pick(TemplateCategory::KNOWN, TemplateCategory::from_graph))
}

impl Input {
    fn draft(&self) -> TemplateDraft {
        TemplateDraft {
            name: self.name.render(),
            language: self.language.language(),
            category: category(&self.category),
            allow_category_change: self.allow_category_change,
            parameter_format: self
                .parameter_format
                .as_ref()
                .map(|p| p.pick(ParameterFormat::KNOWN, ParameterFormat::from_graph)),
            components: self.components.iter().map(Component::build).collect(),
            ..TemplateDraft::default()
        }
    }

    fn existing(&self) -> Vec<ExistingTemplate> {
        self.existing
            .iter()
            .map(|e| ExistingTemplate {
                name: e.name.render(),
                language: e.language.language(),
                category: category(&e.category),
                status: e
                    .status
                    .as_ref()
                    .map(|s| s.pick(TemplateStatus::KNOWN, TemplateStatus::from_graph)),
                body: e.body.render(),
            })
            .collect()
    }
}

fuzz_target!(|input: Input| {
    let draft = input.draft();
    let existing = input.existing();
    let findings = lint(&draft, &existing);
    let document = serde_json::to_value(&draft).expect("a draft serializes");
    for finding in &findings {
        assert!(finding.span.line.is_none(), "lint has no text to locate in");
        assert_span_within(&document, &finding.span);
    }
    let text = serde_json::to_string_pretty(&draft).expect("a draft serializes");
    let mut from_text = lint_text(&text, &existing).findings;
    for finding in &mut from_text {
        finding.span.line = None;
        finding.span.column = None;
    }
    assert_eq!(
        from_text, findings,
        "the draft's own JSON lints differently"
    );
});
