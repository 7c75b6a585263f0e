//! `/api/v1/maturity/…` and `/api/v1/measures/{id}/maturity-targets`: maturity models
//! ([`models`]), assessment rounds ([`rounds`]) and their assessments ([`assessments`]), the
//! results ([`results`]: radar, heatmap, trend, gaps), the findings of the Ist-Analyse
//! ([`findings`]) and the maturity targets of measures ([`targets`]).
//!
//! Authorization (policy functions of [`crate::domain::access::Principal`]): everyone
//! signed in reads models and findings; officer and admin manage models, rounds, findings and
//! targets; only the officer approves and reopens rounds; editors record self-assessments of
//! their own departments while a round is open; the council sees approved rounds only (other
//! rounds answer `404`, as if they did not exist).

pub mod assessments;
pub mod findings;
pub mod models;
pub mod results;
pub mod rounds;
pub mod targets;

use super::validate::Errors;
use crate::domain::maturity::Issue;

/// Adds domain validation issues to `errors`, prefixing each path with `prefix`.
pub(crate) fn add_issues(errors: &mut Errors, issues: Vec<Issue>, prefix: &str) {
    for issue in issues {
        errors.add(
            format!("{prefix}{}", issue.field),
            issue.code,
            issue.message,
        );
    }
}
