//! Conversational components (facts §17.4): the welcome message, ice breakers (`prompts`) and
//! commands a number offers in a new chat, with Meta's limits checked before a save.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::business_profile::display_name::is_emoji;
use crate::business_profile::fields::too_long;
use crate::error::FieldError;

pub const PROMPTS_MAX: usize = 4;
pub const PROMPT_MAX: usize = 80;
pub const COMMANDS_MAX: usize = 30;
pub const COMMAND_NAME_MAX: usize = 32;
pub const COMMAND_DESCRIPTION_MAX: usize = 256;

/// One command: typed by the customer as `/name`; Meta stores the name without the slash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct AutomationCommand {
    pub command_name: String,
    /// The hint WhatsApp shows beside the command.
    pub command_description: String,
}

/// A number's conversational components, as `conversational_automation` holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct ConversationalAutomation {
    pub enable_welcome_message: bool,
    /// Ice breakers: tapped, each arrives as an ordinary text message.
    pub prompts: Vec<String>,
    pub commands: Vec<AutomationCommand>,
}

/// `save_conversational_automation`: the whole set replaces the number's (an empty list clears
/// it).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct SaveAutomationRequest {
    pub profile_id: String,
    pub automation: ConversationalAutomation,
}

fn emoji_error(field: &str, what: &str, text: &str) -> Option<FieldError> {
    text.chars().any(is_emoji).then(|| {
        FieldError::new(
            field,
            format!("{what} contains an emoji, which Meta does not allow here. Remove it."),
        )
    })
}

/// Every value Meta would refuse, each with its field: `prompts`, `prompts.1`, `commands`,
/// `commands.0.commandName`, `commands.0.commandDescription`. Empty: the save can go.
pub fn check_automation(automation: &ConversationalAutomation) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let prompts = &automation.prompts;
    if prompts.len() > PROMPTS_MAX {
        errors.push(FieldError::new(
            "prompts",
            format!(
                "{} ice breakers: Meta allows at most {PROMPTS_MAX}. Remove {}.",
                prompts.len(),
                prompts.len() - PROMPTS_MAX
            ),
        ));
    }
    for (i, prompt) in prompts.iter().enumerate() {
        let field = format!("prompts.{i}");
        let what = format!("Ice breaker {}", i + 1);
        if prompt.trim().is_empty() {
            errors.push(FieldError::new(
                &field,
                format!("{what} is empty: type its text or remove it."),
            ));
        }
        errors.extend(too_long(&field, &what, prompt, PROMPT_MAX));
        errors.extend(emoji_error(&field, &what, prompt));
    }
    let commands = &automation.commands;
    if commands.len() > COMMANDS_MAX {
        errors.push(FieldError::new(
            "commands",
            format!(
                "{} commands: Meta allows at most {COMMANDS_MAX}. Remove {}.",
                commands.len(),
                commands.len() - COMMANDS_MAX
            ),
        ));
    }
    for (i, command) in commands.iter().enumerate() {
        let name_field = format!("commands.{i}.commandName");
        let description_field = format!("commands.{i}.commandDescription");
        let name = command.command_name.trim();
        let what = format!("Command {}'s name", i + 1);
        if name.is_empty() {
            errors.push(FieldError::new(
                &name_field,
                format!("{what} is empty: type the word customers type after the slash."),
            ));
        } else if name.starts_with('/') {
            errors.push(FieldError::new(
                &name_field,
                format!("{what} starts with a slash: type it without the slash (\"tickets\", not \"/tickets\"); WhatsApp adds it."),
            ));
        } else if name.contains(char::is_whitespace) {
            errors.push(FieldError::new(
                &name_field,
                format!("{what} has a space: a command is one word (use - or _ between words)."),
            ));
        } else if commands[..i]
            .iter()
            .any(|earlier| earlier.command_name.trim().eq_ignore_ascii_case(name))
        {
            errors.push(FieldError::new(
                &name_field,
                format!("\"/{name}\" is listed twice: command names must be unique. Rename or remove one."),
            ));
        }
        errors.extend(too_long(&name_field, &what, name, COMMAND_NAME_MAX));
        errors.extend(emoji_error(&name_field, &what, name));
        let what = format!("Command {}'s hint", i + 1);
        if command.command_description.trim().is_empty() {
            errors.push(FieldError::new(
                &description_field,
                format!("{what} is empty: say in a few words what the command does."),
            ));
        }
        errors.extend(too_long(
            &description_field,
            &what,
            &command.command_description,
            COMMAND_DESCRIPTION_MAX,
        ));
        errors.extend(emoji_error(
            &description_field,
            &what,
            &command.command_description,
        ));
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    fn command(name: &str, description: &str) -> AutomationCommand {
        AutomationCommand {
            command_name: name.into(),
            command_description: description.into(),
        }
    }

    fn fields(automation: &ConversationalAutomation) -> Vec<String> {
        check_automation(automation)
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn metas_example_passes() {
        let automation = ConversationalAutomation {
            enable_welcome_message: true,
            prompts: vec!["Book a flight".into(), "p".repeat(PROMPT_MAX)],
            commands: vec![
                command("tickets", "Book flight tickets"),
                command(
                    &"c".repeat(COMMAND_NAME_MAX),
                    &"d".repeat(COMMAND_DESCRIPTION_MAX),
                ),
            ],
        };
        assert!(check_automation(&automation).is_empty());
        assert!(check_automation(&ConversationalAutomation::default()).is_empty());
    }

    #[test]
    fn at_most_four_ice_breakers_of_80_characters_without_emojis() {
        let automation = ConversationalAutomation {
            prompts: vec![
                "a".into(),
                "p".repeat(PROMPT_MAX + 1),
                "Hi 👋".into(),
                " ".into(),
                "e".into(),
            ],
            ..Default::default()
        };
        assert_eq!(
            fields(&automation),
            ["prompts", "prompts.1", "prompts.2", "prompts.3"]
        );
        let errors = check_automation(&automation);
        assert!(
            errors[0].message.contains("at most 4. Remove 1"),
            "{errors:?}"
        );
        assert!(errors[1].message.contains("81 characters"), "{errors:?}");
    }

    #[test]
    fn commands_are_unique_single_words_without_the_slash_within_the_limits() {
        let mut commands: Vec<AutomationCommand> = (0..COMMANDS_MAX + 1)
            .map(|i| command(&format!("c{i}"), "hint"))
            .collect();
        commands[0] = command("/tickets", "Book");
        commands[1] = command("two words", "x");
        commands[2] = command("C3", "unique so far");
        commands[3] = command("c3", "the same name as C3");
        commands[4] = command(&"n".repeat(COMMAND_NAME_MAX + 1), "");
        commands[5] = command("ok", &"d".repeat(COMMAND_DESCRIPTION_MAX + 1));
        let automation = ConversationalAutomation {
            commands,
            ..Default::default()
        };
        assert_eq!(
            fields(&automation),
            [
                "commands",
                "commands.0.commandName",
                "commands.1.commandName",
                "commands.3.commandName",
                "commands.4.commandName",
                "commands.4.commandDescription",
                "commands.5.commandDescription",
            ]
        );
    }
}
