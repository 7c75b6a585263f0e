//! Helpers that parse request fields into domain values, collecting every problem as a
//! [`FieldError`] so that one response names all invalid fields at once.

use super::error::{ApiError, FieldError};

/// Collects field errors while a request body is parsed.
#[derive(Debug, Default)]
pub struct Errors(Vec<FieldError>);

impl Errors {
    pub fn add(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError::new(field, code, message));
    }

    /// NUL characters: PostgreSQL cannot store them in text, and no one types them.
    fn nul(&mut self, field: &str) {
        self.add(field, "invalid", "must not contain NUL characters");
    }

    /// A required, trimmed, non-empty text of at most `max` characters.
    pub fn text(&mut self, field: &str, value: &str, max: usize) -> String {
        let trimmed = value.trim();
        if trimmed.is_empty() {
            self.add(field, "required", "must not be empty");
        } else if trimmed.contains('\0') {
            self.nul(field);
        } else if trimmed.chars().count() > max {
            self.add(
                field,
                "too_long",
                format!("must be at most {max} characters"),
            );
        }
        trimmed.to_owned()
    }

    /// Optional text: empty becomes `None`.
    pub fn optional_text(
        &mut self,
        field: &str,
        value: Option<&str>,
        max: usize,
    ) -> Option<String> {
        let trimmed = value.map(str::trim).filter(|v| !v.is_empty())?;
        if trimmed.contains('\0') {
            self.nul(field);
        } else if trimmed.chars().count() > max {
            self.add(
                field,
                "too_long",
                format!("must be at most {max} characters"),
            );
        }
        Some(trimmed.to_owned())
    }

    /// Long free text (descriptions, narratives): may be empty, bounded in length.
    pub fn long_text(&mut self, field: &str, value: &str, max: usize) -> String {
        if value.contains('\0') {
            self.nul(field);
        } else if value.chars().count() > max {
            self.add(
                field,
                "too_long",
                format!("must be at most {max} characters"),
            );
        }
        value.trim().to_owned()
    }

    pub fn range(&mut self, field: &str, value: i64, min: i64, max: i64) {
        if value < min || value > max {
            self.add(
                field,
                "out_of_range",
                format!("must be between {min} and {max}"),
            );
        }
    }

    /// A plausible e-mail address (one `@`, something on both sides, a dot in the domain).
    pub fn email(&mut self, field: &str, value: Option<&str>) -> Option<String> {
        let value = self.optional_text(field, value, 254)?;
        let valid = value.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty() && domain.contains('.') && !domain.contains('@')
        }) && !value.contains(char::is_whitespace);
        if !valid {
            self.add(field, "invalid", "must be an e-mail address");
        }
        Some(value)
    }

    pub fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError::Validation(self.0))
        }
    }
}

/// Deserializes a field that distinguishes "absent" (`None`) from "null" (`Some(None)`),
/// for PATCH bodies: `#[serde(default, deserialize_with = "nullable")]`.
pub fn nullable<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: serde::Deserialize<'de>,
    D: serde::Deserializer<'de>,
{
    use serde::Deserialize;
    Option::<T>::deserialize(deserializer).map(Some)
}
