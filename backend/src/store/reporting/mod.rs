//! Reporting rounds (Berichtsrunden): the officer asks the departments for the state of
//! their measures before a council meeting. [`rounds`] holds the rounds (open → frozen by a
//! report, back to open when that report is withdrawn), [`items`] the measures due in a
//! round with their answer workflow (due → draft → submitted → returned | approved; the
//! approval writes a normal status update), [`notifications`] the in-app notices and
//! [`reminders`] the reminders before and after the deadline, each sent once.
//!
//! The states and the date rules (overdue, late) are here, as plain functions.

pub mod items;
pub mod notifications;
pub mod reminders;
pub mod rounds;

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::StoreError;

/// Audit entity types of this module.
pub(crate) mod entity_type {
    pub const ROUND: &str = "reporting_round";
    pub const ITEM: &str = "reporting_round_item";
}

/// The state of a reporting round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportingRoundState {
    /// Answers are collected and reviewed.
    Open,
    /// Frozen into a report: nothing can change until the report is withdrawn.
    Frozen,
}

impl ReportingRoundState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Frozen => "frozen",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "open" => Some(Self::Open),
            "frozen" => Some(Self::Frozen),
            _ => None,
        }
    }
}

/// The state of one measure's answer in a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReportingItemState {
    /// Not yet submitted (a draft may be saved).
    Due,
    /// Submitted, waiting for the officer's review.
    Submitted,
    /// Returned by the officer with a comment; the department revises and resubmits.
    Returned,
    /// Approved: written as a status update of the measure.
    Approved,
}

impl ReportingItemState {
    pub const ALL: [Self; 4] = [Self::Due, Self::Submitted, Self::Returned, Self::Approved];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Due => "due",
            Self::Submitted => "submitted",
            Self::Returned => "returned",
            Self::Approved => "approved",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == value)
    }

    /// Whether the department still owes an answer (draft may be edited).
    pub fn is_open(self) -> bool {
        matches!(self, Self::Due | Self::Returned)
    }
}

/// The last day answers count as on time: the deadline plus the grace days.
pub fn last_day(deadline: NaiveDate, grace_days: i32) -> NaiveDate {
    deadline + Duration::days(i64::from(grace_days.max(0)))
}

/// An answer is overdue while it is still owed (due or returned) after the last day.
pub fn is_overdue(
    state: ReportingItemState,
    deadline: NaiveDate,
    grace_days: i32,
    today: NaiveDate,
) -> bool {
    state.is_open() && today > last_day(deadline, grace_days)
}

/// An answer is late if it was submitted (Berlin calendar day) after the last day.
pub fn is_late(submitted_at: Option<DateTime<Utc>>, deadline: NaiveDate, grace_days: i32) -> bool {
    submitted_at.is_some_and(|at| berlin_date(at) > last_day(deadline, grace_days))
}

/// The calendar day of `at` in the town hall (Central European Time with summer time from
/// the last Sunday of March to the last Sunday of October, 01:00 UTC), as
/// [`super::today`] computes it for now.
pub fn berlin_date(at: DateTime<Utc>) -> NaiveDate {
    let last_sunday_at_one = |month: u32| {
        let first_of_next = if month == 12 {
            NaiveDate::from_ymd_opt(at.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(at.year(), month + 1, 1)
        }
        .expect("the first of a month is a valid date");
        let mut day = first_of_next - Duration::days(1);
        while day.weekday() != Weekday::Sun {
            day -= Duration::days(1);
        }
        day.and_hms_opt(1, 0, 0)
            .expect("01:00 is a valid time")
            .and_utc()
    };
    let summer_time = at >= last_sunday_at_one(3) && at < last_sunday_at_one(10);
    let offset = if summer_time { 2 } else { 1 };
    (at + Duration::hours(offset)).date_naive()
}

/// A German date as in letters: `31.12.2026`.
pub fn german_date(date: NaiveDate) -> String {
    date.format("%d.%m.%Y").to_string()
}

/// Why a write of the answer workflow failed.
#[derive(Debug, thiserror::Error)]
pub enum ReportingError {
    /// Fields of the draft that must be filled before submitting (`status_id`, `progress`,
    /// `narrative`).
    #[error("the draft is incomplete")]
    Incomplete(Vec<&'static str>),
    /// The draft's status cannot be used (unknown or inactive).
    #[error("invalid fields")]
    Invalid(Vec<super::measures::Invalid>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for ReportingError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Store(err.into())
    }
}

/// The conflict of a write to a frozen round.
pub fn round_frozen() -> StoreError {
    StoreError::Conflict {
        field: "round_frozen",
        message: "the round is frozen into a report; withdraw the report to change it".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn overdue_means_still_owed_after_deadline_plus_grace() {
        let deadline = date(2026, 3, 10);
        let due = ReportingItemState::Due;
        assert!(!is_overdue(due, deadline, 2, date(2026, 3, 12)));
        assert!(is_overdue(due, deadline, 2, date(2026, 3, 13)));
        assert!(is_overdue(
            ReportingItemState::Returned,
            deadline,
            0,
            date(2026, 3, 11)
        ));
        assert!(!is_overdue(
            ReportingItemState::Submitted,
            deadline,
            0,
            date(2026, 4, 1)
        ));
    }

    #[test]
    fn late_uses_the_berlin_calendar_day() {
        let deadline = date(2026, 1, 10);
        // 23:30 UTC on the 10th is already the 11th in Berlin (UTC+1 in winter).
        let at = date(2026, 1, 10)
            .and_hms_opt(23, 30, 0)
            .expect("valid")
            .and_utc();
        assert!(is_late(Some(at), deadline, 0));
        assert!(!is_late(Some(at), deadline, 1));
        assert!(!is_late(None, deadline, 0));
        // Summer: UTC+2.
        let summer = date(2026, 7, 1)
            .and_hms_opt(22, 30, 0)
            .expect("valid")
            .and_utc();
        assert_eq!(berlin_date(summer), date(2026, 7, 2));
    }
}
