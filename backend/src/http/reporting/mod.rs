//! `/api/v1/reporting-rounds`, `/api/v1/reporting-items` and `/api/v1/notifications`:
//! reporting rounds (Berichtsrunden) with their reminders ([`rounds`]), the answer workflow
//! of their items ([`items`]) and the signed-in user's in-app notifications
//! ([`notifications`]).
//!
//! Authorization (policy functions of [`crate::domain::access::Principal`]): everyone
//! signed in reads rounds, their counts and approved answers; officer and admin open,
//! change and delete rounds; editors (and officer and admin) answer the items owed by their
//! departments; only the officer returns or approves answers and sends reminders. Answers
//! before approval are shown only to those who may write them (and the officer); everyone
//! else gets `draft: null`.

pub mod items;
pub mod notifications;
pub mod rounds;

use super::error::{ApiError, FieldError};
use crate::store::reporting::ReportingError;

impl From<ReportingError> for ApiError {
    fn from(err: ReportingError) -> Self {
        match err {
            ReportingError::Incomplete(fields) => ApiError::Validation(
                fields
                    .into_iter()
                    .map(|f| {
                        FieldError::new(
                            f,
                            "required",
                            "must be filled in the draft before submitting",
                        )
                    })
                    .collect(),
            ),
            ReportingError::Invalid(problems) => ApiError::Validation(
                problems
                    .into_iter()
                    .map(|p| FieldError::new(p.field, p.code, p.message))
                    .collect(),
            ),
            ReportingError::Store(e) => e.into(),
        }
    }
}
