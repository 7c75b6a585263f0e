//! Status categories. Statuses are configurable (label, default progress, order), but every
//! status belongs to one fixed category, because the traffic-light rule and the roll-up
//! must know whether a measure is finished, paused or cancelled whatever it is called.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What a status means for the rules: planned, in progress, completed, deferred or cancelled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusCategory {
    Planned,
    InProgress,
    Completed,
    Deferred,
    Cancelled,
}

impl StatusCategory {
    pub const ALL: [StatusCategory; 5] = [
        Self::Planned,
        Self::InProgress,
        Self::Completed,
        Self::Deferred,
        Self::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Planned => "planned",
            Self::InProgress => "in_progress",
            Self::Completed => "completed",
            Self::Deferred => "deferred",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == value)
    }

    /// Active measures are the ones departments still report on.
    pub fn is_active(self) -> bool {
        matches!(self, Self::Planned | Self::InProgress | Self::Deferred)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_category_parses_from_its_own_name() {
        for category in StatusCategory::ALL {
            assert_eq!(StatusCategory::parse(category.as_str()), Some(category));
        }
        assert_eq!(StatusCategory::parse("done"), None);
    }
}
