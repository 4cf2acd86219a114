//! Writing reports to files the admin can attach to a ticket: the doctor as Markdown or JSON,
//! the audit log as CSV or JSON. Nothing exported ever holds a secret.

use std::path::Path;

use time::OffsetDateTime;
use waba_core::app::{ExportFormat, ExportedFile};
use waba_core::{CommandError, ErrorCode, FieldError};

/// `waba-doctor-acme-support-20261126-120000.md`-style names: readable and never colliding.
pub(crate) fn file_name(kind: &str, subject: &str, format: ExportFormat) -> String {
    let slug: String = subject
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect::<String>()
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let now = OffsetDateTime::now_utc();
    let stamp = format!(
        "{:04}{:02}{:02}-{:02}{:02}{:02}",
        now.year(),
        u8::from(now.month()),
        now.day(),
        now.hour(),
        now.minute(),
        now.second()
    );
    let middle = if slug.is_empty() {
        String::new()
    } else {
        format!("-{slug}")
    };
    format!("waba-{kind}{middle}-{stamp}.{}", format.extension())
}

pub(crate) fn unsupported(format: ExportFormat, what: &str, allowed: &str) -> CommandError {
    CommandError::invalid_fields(vec![FieldError::new(
        "format",
        format!(
            "{what} can be exported as {allowed}, not {}.",
            format.extension()
        ),
    )])
}

pub(crate) async fn write(
    dir: &Path,
    name: &str,
    contents: String,
) -> Result<ExportedFile, CommandError> {
    let failed = |e: std::io::Error| {
        CommandError::new(
            ErrorCode::Storage,
            format!("Could not write {}: {e}.", dir.join(name).display()),
        )
        .with_action("Check that the folder exists and is writable, then export again.")
    };
    tokio::fs::create_dir_all(dir).await.map_err(failed)?;
    let path = dir.join(name);
    let bytes = contents.len() as u64;
    tokio::fs::write(&path, contents).await.map_err(failed)?;
    Ok(ExportedFile {
        path: path.display().to_string(),
        bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_slugged_and_stamped() {
        let name = file_name("doctor", "Acme / Support!", ExportFormat::Markdown);
        assert!(name.starts_with("waba-doctor-acme-support-"), "{name}");
        assert!(name.ends_with(".md"));
        assert!(file_name("audit", "", ExportFormat::Csv).starts_with("waba-audit-2"));
    }
}
