//! Conversational components (facts §17.4): `POST /{phone-number-id}/conversational_automation`
//! with any of `enable_welcome_message`, `prompts` (ice breakers) and `commands`, each a JSON
//! value in a JSON body, a JSON-encoded string inside the body (as pywa sends `commands`), or a
//! query parameter holding JSON. Answers `{"success":true}`; `GET /{id}?fields=conversational_automation`
//! reads `{"enable_welcome_message", "prompts", "commands", "id"}` back.
//!
//! Meta's limits, with Meta's wording where it is known: at most 4 prompts ("(#105) The parameter
//! prompts must have at most 4 elements, 5 found.", code 105), each at most 80 characters
//! ("(#100) Param prompts[1] must be at most 80 characters long."); at most 30 commands (code 105,
//! same form), `command_name` at most 32 characters ("(#100) Param commands[8]['command_name']
//! must be at most 32 characters long."), `command_description` at most 256 (same form).
//!
//! Sandbox choices where the facts are uncertain: an omitted key keeps its value and `[]` clears
//! a list; the field is absent from reads until the first successful POST, then always present
//! (with `enable_welcome_message: false` and empty lists for what was never set); the inner
//! `id` is derived from the number's ID and never changes. Code 100 with the sandbox's wording
//! for: a duplicate command name ("(#100) Param commands[2]['command_name'] must be unique:
//! \"tickets\" is already used by commands[0]"), an emoji ("(#100) Param prompts[0] must not
//! contain emojis"), an empty prompt or command name, and values that are not the right JSON
//! shape. Nothing is changed when any value is refused.

use serde_json::{json, Value};

use waba_core::business_profile::{
    COMMANDS_MAX, COMMAND_DESCRIPTION_MAX, COMMAND_NAME_MAX, PROMPTS_MAX, PROMPT_MAX,
};

use crate::envelope::GraphError;
use crate::routes::Call;

/// Added to the number's ID to make the inner `id` (Meta's is some other object's ID).
const INNER_ID_OFFSET: u64 = 9_000_000_000_000_000;

/// A number's conversational components.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Automation {
    pub enable_welcome_message: bool,
    pub prompts: Vec<String>,
    /// `(command_name, command_description)`, in the order given.
    pub commands: Vec<(String, String)>,
}

/// `POST /{phone-number-id}/conversational_automation` on the number's current components.
pub(crate) fn save(current: &mut Option<Automation>, call: &Call<'_>) -> Result<Value, GraphError> {
    let mut next = current.clone().unwrap_or_default();
    if let Some(flag) = call.input("enable_welcome_message") {
        next.enable_welcome_message = match flag.trim() {
            "true" => true,
            "false" => false,
            other => {
                return Err(GraphError::invalid_parameter(&format!(
                    "Param enable_welcome_message must be a boolean, got \"{other}\""
                )))
            }
        };
    }
    if let Some(prompts) = list(call, "prompts")? {
        next.prompts = check_prompts(prompts)?;
    }
    if let Some(commands) = list(call, "commands")? {
        next.commands = check_commands(commands)?;
    }
    *current = Some(next);
    Ok(json!({"success": true}))
}

/// The `fields=conversational_automation` value.
pub(crate) fn value(automation: &Automation, number_id: &str) -> Value {
    let inner_id = number_id.parse::<u64>().map_or_else(
        |_| format!("ca-{number_id}"),
        |n| (n + INNER_ID_OFFSET).to_string(),
    );
    let commands: Vec<Value> = automation
        .commands
        .iter()
        .map(
            |(name, description)| json!({"command_name": name, "command_description": description}),
        )
        .collect();
    json!({
        "enable_welcome_message": automation.enable_welcome_message,
        "prompts": automation.prompts,
        "commands": commands,
        "id": inner_id,
    })
}

/// A JSON array given for `name`, if the key is there.
fn list(call: &Call<'_>, name: &str) -> Result<Option<Vec<Value>>, GraphError> {
    let Some(text) = call.input(name) else {
        return Ok(None);
    };
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::Array(items)) => Ok(Some(items)),
        _ => Err(GraphError::invalid_parameter(&format!(
            "Param {name} must be a JSON array"
        ))),
    }
}

fn check_prompts(items: Vec<Value>) -> Result<Vec<String>, GraphError> {
    if items.len() > PROMPTS_MAX {
        return Err(GraphError::too_many_elements(
            "prompts",
            PROMPTS_MAX,
            items.len(),
        ));
    }
    items
        .into_iter()
        .enumerate()
        .map(|(i, item)| {
            let param = format!("prompts[{i}]");
            let Value::String(prompt) = item else {
                return Err(GraphError::invalid_parameter(&format!(
                    "Param {param} must be a string"
                )));
            };
            text(&param, &prompt, PROMPT_MAX)?;
            Ok(prompt)
        })
        .collect()
}

fn check_commands(items: Vec<Value>) -> Result<Vec<(String, String)>, GraphError> {
    if items.len() > COMMANDS_MAX {
        return Err(GraphError::too_many_elements(
            "commands",
            COMMANDS_MAX,
            items.len(),
        ));
    }
    let mut commands: Vec<(String, String)> = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let part = |key: &str| {
            let param = format!("commands[{i}]['{key}']");
            let value = item.get(key).and_then(Value::as_str).ok_or_else(|| {
                GraphError::invalid_parameter(&format!("Param {param} must be a string"))
            })?;
            Ok::<_, GraphError>((param, value.to_owned()))
        };
        let (name_param, name) = part("command_name")?;
        text(&name_param, &name, COMMAND_NAME_MAX)?;
        let (description_param, description) = part("command_description")?;
        text(&description_param, &description, COMMAND_DESCRIPTION_MAX)?;
        if let Some(first) = commands.iter().position(|(used, _)| *used == name) {
            return Err(GraphError::invalid_parameter(&format!(
                "Param {name_param} must be unique: \"{name}\" is already used by commands[{first}]"
            )));
        }
        commands.push((name, description));
    }
    Ok(commands)
}

/// A prompt, command name or description: not empty, at most `max` characters, no emoji.
fn text(param: &str, value: &str, max: usize) -> Result<(), GraphError> {
    if value.trim().is_empty() {
        return Err(GraphError::invalid_parameter(&format!(
            "Param {param} must be non-empty."
        )));
    }
    if value.chars().count() > max {
        return Err(GraphError::too_long(param, max));
    }
    if value.chars().any(is_emoji) {
        return Err(GraphError::invalid_parameter(&format!(
            "Param {param} must not contain emojis"
        )));
    }
    Ok(())
}

/// Pictographs, dingbats, flags and the emoji variation selector.
pub(crate) fn is_emoji(c: char) -> bool {
    matches!(c as u32, 0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F)
}
