//! Changes between two frozen reports ("Änderungen seit dem letzten Bericht"): a pure
//! function over two [`ReportContent`] values, so the same rules serve the API, the PDF
//! and the spreadsheet exports.
//!
//! Measures are matched by id. For a measure in both reports:
//! - **status change**: the status id differs (label and category shown as they were);
//! - **light change**: the effective light (override included) differs;
//! - **progress change**: the progress differs (`delta = to − from`, in points);
//! - **target change**: the planned start, planned end or planned budget differs.
//!
//! A measure only in the current report is **new**; one only in the previous report is
//! **removed** (archived, turned back into a draft, or deleted since). A measure is
//! **completed** / **cancelled** when its status category is `completed` / `cancelled`
//! now and was not in the previous report (a new measure already completed counts too).
//! Every list is ordered by measure code.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::report::{ReportContent, ReportMeasure, ReportMeasureRef, ReportStatus};
use super::status::StatusCategory;
use super::traffic_light::TrafficLight;

/// A status that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusChange {
    pub measure: ReportMeasureRef,
    pub from: ReportStatus,
    pub to: ReportStatus,
}

/// An effective light that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LightChange {
    pub measure: ReportMeasureRef,
    pub from: Option<TrafficLight>,
    pub to: Option<TrafficLight>,
}

/// A progress that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ProgressChange {
    pub measure: ReportMeasureRef,
    pub from: u8,
    pub to: u8,
    /// `to − from`, in percentage points.
    pub delta: i16,
}

/// A planned date or the planned budget that changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TargetChange {
    pub measure: ReportMeasureRef,
    /// `planned_start`, `planned_end` or `budget_planned_cents`.
    pub field: String,
    /// The old value (ISO date or cents), `null` when unset.
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Everything that changed between two reports, each list by measure code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MeasureChanges {
    pub status_changes: Vec<StatusChange>,
    pub light_changes: Vec<LightChange>,
    pub progress_changes: Vec<ProgressChange>,
    pub new_measures: Vec<ReportMeasureRef>,
    pub removed_measures: Vec<ReportMeasureRef>,
    pub completed_measures: Vec<ReportMeasureRef>,
    pub cancelled_measures: Vec<ReportMeasureRef>,
    pub target_changes: Vec<TargetChange>,
}

impl MeasureChanges {
    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.status_changes.is_empty()
            && self.light_changes.is_empty()
            && self.progress_changes.is_empty()
            && self.new_measures.is_empty()
            && self.removed_measures.is_empty()
            && self.completed_measures.is_empty()
            && self.cancelled_measures.is_empty()
            && self.target_changes.is_empty()
    }

    /// Keeps only the entries about the measures `keep` accepts (by id), e.g. for the
    /// public projection.
    pub fn retain_measures(&mut self, keep: impl Fn(i32) -> bool) {
        self.status_changes.retain(|c| keep(c.measure.id));
        self.light_changes.retain(|c| keep(c.measure.id));
        self.progress_changes.retain(|c| keep(c.measure.id));
        self.new_measures.retain(|m| keep(m.id));
        self.removed_measures.retain(|m| keep(m.id));
        self.completed_measures.retain(|m| keep(m.id));
        self.cancelled_measures.retain(|m| keep(m.id));
        self.target_changes.retain(|c| keep(c.measure.id));
    }
}

fn became(
    previous: Option<&ReportMeasure>,
    current: &ReportMeasure,
    category: StatusCategory,
) -> bool {
    current.status.category == category && previous.is_none_or(|p| p.status.category != category)
}

fn date_text(d: Option<chrono::NaiveDate>) -> Option<String> {
    d.map(|d| d.format("%Y-%m-%d").to_string())
}

/// The changes from `previous` to `current` (see the module documentation).
pub fn diff(previous: &ReportContent, current: &ReportContent) -> MeasureChanges {
    let before: HashMap<i32, &ReportMeasure> =
        previous.measures.iter().map(|m| (m.id, m)).collect();
    let mut now: Vec<&ReportMeasure> = current.measures.iter().collect();
    now.sort_by(|a, b| a.code.cmp(&b.code));
    let mut changes = MeasureChanges::default();

    for m in &now {
        let old = before.get(&m.id).copied();
        if became(old, m, StatusCategory::Completed) {
            changes.completed_measures.push(m.reference());
        }
        if became(old, m, StatusCategory::Cancelled) {
            changes.cancelled_measures.push(m.reference());
        }
        let Some(old) = old else {
            changes.new_measures.push(m.reference());
            continue;
        };
        if old.status.id != m.status.id {
            changes.status_changes.push(StatusChange {
                measure: m.reference(),
                from: old.status.clone(),
                to: m.status.clone(),
            });
        }
        if old.light != m.light {
            changes.light_changes.push(LightChange {
                measure: m.reference(),
                from: old.light,
                to: m.light,
            });
        }
        if old.progress != m.progress {
            changes.progress_changes.push(ProgressChange {
                measure: m.reference(),
                from: old.progress,
                to: m.progress,
                delta: i16::from(m.progress) - i16::from(old.progress),
            });
        }
        let targets = [
            (
                "planned_start",
                date_text(old.planned_start),
                date_text(m.planned_start),
            ),
            (
                "planned_end",
                date_text(old.planned_end),
                date_text(m.planned_end),
            ),
            (
                "budget_planned_cents",
                old.budget_planned_cents.map(|c| c.to_string()),
                m.budget_planned_cents.map(|c| c.to_string()),
            ),
        ];
        for (field, from, to) in targets {
            if from != to {
                changes.target_changes.push(TargetChange {
                    measure: m.reference(),
                    field: field.into(),
                    from,
                    to,
                });
            }
        }
    }

    let current_ids: std::collections::HashSet<i32> =
        current.measures.iter().map(|m| m.id).collect();
    let mut removed: Vec<&ReportMeasure> = previous
        .measures
        .iter()
        .filter(|m| !current_ids.contains(&m.id))
        .collect();
    removed.sort_by(|a, b| a.code.cmp(&b.code));
    changes.removed_measures = removed.into_iter().map(ReportMeasure::reference).collect();
    changes
}

/// The changes the public may see: about measures public in the current report, or (for
/// measures no longer in it) public in the previous one.
pub fn public_changes(
    changes: &MeasureChanges,
    current: &ReportContent,
    previous: Option<&ReportContent>,
) -> MeasureChanges {
    let mut visible = changes.clone();
    let in_current = |id: i32| current.measures.iter().any(|m| m.id == id);
    visible.retain_measures(|id| {
        current.is_public_measure(id)
            || (!in_current(id) && previous.is_some_and(|p| p.is_public_measure(id)))
    });
    visible
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measure::Visibility;
    use crate::domain::report::fixtures::{content, date, measure};

    fn status(id: i32, name: &str, category: StatusCategory) -> ReportStatus {
        ReportStatus {
            id,
            name: name.into(),
            category,
        }
    }

    #[test]
    fn identical_reports_have_no_changes() {
        let a = content(vec![measure(1, Visibility::Public)]);
        assert!(diff(&a, &a.clone()).is_empty());
    }

    #[test]
    fn status_light_progress_and_targets_are_compared_per_measure() {
        let before = content(vec![
            measure(1, Visibility::Public),
            measure(2, Visibility::Internal),
        ]);
        let mut one = measure(1, Visibility::Public);
        one.status = status(3, "abgeschlossen", StatusCategory::Completed);
        one.progress = 100;
        one.light = Some(TrafficLight::Red);
        one.planned_end = Some(date(2027, 6, 30));
        one.budget_planned_cents = None;
        let mut two = measure(2, Visibility::Internal);
        two.progress = 35;
        let after = content(vec![two, one]);
        let d = diff(&before, &after);
        assert_eq!(d.status_changes.len(), 1);
        assert_eq!(d.status_changes[0].to.category, StatusCategory::Completed);
        assert_eq!(
            d.light_changes,
            vec![LightChange {
                measure: measure(1, Visibility::Public).reference(),
                from: Some(TrafficLight::Green),
                to: Some(TrafficLight::Red),
            }]
        );
        let deltas: Vec<(String, i16)> = d
            .progress_changes
            .iter()
            .map(|c| (c.measure.code.clone(), c.delta))
            .collect();
        assert_eq!(deltas, vec![("M01".into(), 60), ("M02".into(), -5)]);
        let targets: Vec<(&str, Option<&str>, Option<&str>)> = d
            .target_changes
            .iter()
            .map(|c| (c.field.as_str(), c.from.as_deref(), c.to.as_deref()))
            .collect();
        assert_eq!(
            targets,
            vec![
                ("planned_end", Some("2026-12-31"), Some("2027-06-30")),
                ("budget_planned_cents", Some("100000"), None),
            ]
        );
        assert_eq!(d.completed_measures.len(), 1);
        assert!(d.cancelled_measures.is_empty());
        assert!(d.new_measures.is_empty() && d.removed_measures.is_empty());
    }

    #[test]
    fn new_removed_and_cancelled_measures_are_listed() {
        let before = content(vec![
            measure(1, Visibility::Public),
            measure(2, Visibility::Public),
        ]);
        let mut cancelled = measure(2, Visibility::Public);
        cancelled.status = status(5, "abgebrochen", StatusCategory::Cancelled);
        cancelled.light = None;
        let mut new_done = measure(3, Visibility::Public);
        new_done.status = status(3, "abgeschlossen", StatusCategory::Completed);
        let after = content(vec![cancelled, new_done]);
        let d = diff(&before, &after);
        let codes = |list: &[ReportMeasureRef]| -> Vec<String> {
            list.iter().map(|m| m.code.clone()).collect()
        };
        assert_eq!(codes(&d.new_measures), vec!["M03"]);
        assert_eq!(codes(&d.removed_measures), vec!["M01"]);
        assert_eq!(codes(&d.cancelled_measures), vec!["M02"]);
        assert_eq!(codes(&d.completed_measures), vec!["M03"]);
    }

    #[test]
    fn a_measure_completed_before_is_not_listed_again() {
        let mut done = measure(1, Visibility::Public);
        done.status = status(3, "abgeschlossen", StatusCategory::Completed);
        let before = content(vec![done.clone()]);
        let after = content(vec![done]);
        assert!(diff(&before, &after).completed_measures.is_empty());
    }

    #[test]
    fn retain_measures_filters_every_list() {
        let before = content(vec![measure(1, Visibility::Public)]);
        let mut changed = measure(1, Visibility::Public);
        changed.progress = 90;
        let after = content(vec![changed, measure(2, Visibility::Internal)]);
        let mut d = diff(&before, &after);
        assert_eq!(d.new_measures.len(), 1);
        d.retain_measures(|id| id == 1);
        assert!(d.new_measures.is_empty());
        assert_eq!(d.progress_changes.len(), 1);
    }
}
