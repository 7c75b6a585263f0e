//! Traffic light (Ampel) of a measure: the one documented rule that derives a measure's light
//! from its status, schedule, milestones and the freshness of its last status update.
//!
//! The lights are *im Plan* (green), *gefährdet* (yellow), *kritisch* (red) and
//! *Status ausstehend* (pending). [`assess`] applies the rule below, in this order; the first
//! three steps decide on their own:
//!
//! 1. **Cancelled** (abgebrochen): no light at all, reason `cancelled`. Cancelled measures are
//!    not assessed and are left out of every roll-up.
//! 2. **Completed** (abgeschlossen): green, reason `completed`, even if the measure was never
//!    updated or finished late.
//! 3. **Never updated** (no status update reported yet): pending, reason `never_updated`.
//!    Nothing is known about the measure, so it is neither green nor red.
//! 4. **Otherwise** every condition below is checked, *all* that apply are reported, and the
//!    light is the worst of them (red over yellow over green):
//!    - red, `past_planned_end`: today is after the planned end date;
//!    - red, `far_behind_schedule`: the schedule gap is more than `red_gap_points` (25);
//!    - red, `milestone_long_overdue`: a milestone that is not done was due more than
//!      `red_milestone_overdue_days` (30) days ago;
//!    - yellow, `behind_schedule`: the schedule gap is more than `yellow_gap_points` (10);
//!    - yellow, `milestone_overdue`: a milestone that is not done was due before today;
//!    - yellow, `update_stale`: the last status update is more than `stale_after_days` (120)
//!      days old;
//!    - yellow, `deferred`: the measure is deferred (zurückgestellt);
//!    - green, `on_schedule`: none of the above applies.
//!
//! All thresholds are strict: a gap of exactly 10 points is still green, an update exactly
//! 120 days old is not stale, a milestone due today is not overdue, and the planned end day
//! itself is not past the end. Reasons are listed worst first. `behind_schedule` is not
//! listed when `far_behind_schedule` applies, nor `milestone_overdue` when
//! `milestone_long_overdue` applies, because the stronger reason already says it.
//!
//! **Expected progress** is the linear share of the planned duration that has elapsed:
//! `100 × (today − planned start) / (planned end − planned start)` in whole days, clamped to
//! 0..=100 and rounded to one decimal (half up). When start and end are the same day it is
//! 0 before that day and 100 from that day on. Without both planned dates, or with an end
//! before the start, there is no expected progress and the gap conditions are not checked
//! (the planned end alone still triggers `past_planned_end`). The **schedule gap** is
//! expected progress minus reported progress, in percentage points, computed from the
//! rounded expected progress so the numbers shown to users add up. Reported progress above
//! 100 is treated as 100. A milestone with a done date counts as done, however late it was
//! done.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::status::StatusCategory;

/// Traffic light (Ampel): `green` = im Plan, `yellow` = gefährdet, `red` = kritisch,
/// `pending` = Status ausstehend (no status update reported yet).
///
/// The derived order (green < yellow < red < pending) is the severity order of the three
/// colours; `pending` sorts last but is not "worse than red".
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum TrafficLight {
    /// Im Plan: on track.
    Green,
    /// Gefährdet: at risk.
    Yellow,
    /// Kritisch: critical.
    Red,
    /// Status ausstehend: no status update reported yet.
    Pending,
}

impl TrafficLight {
    /// All lights, in their declaration order.
    pub const ALL: [TrafficLight; 4] = [
        TrafficLight::Green,
        TrafficLight::Yellow,
        TrafficLight::Red,
        TrafficLight::Pending,
    ];

    /// The stable code, identical to the serialized form (`"green"`, `"yellow"`, `"red"`,
    /// `"pending"`).
    pub fn as_str(self) -> &'static str {
        match self {
            TrafficLight::Green => "green",
            TrafficLight::Yellow => "yellow",
            TrafficLight::Red => "red",
            TrafficLight::Pending => "pending",
        }
    }

    /// Parses the stable code produced by [`TrafficLight::as_str`]; exact match only.
    pub fn parse(s: &str) -> Option<Self> {
        TrafficLight::ALL
            .into_iter()
            .find(|light| light.as_str() == s)
    }
}

/// A milestone as the traffic-light rule sees it: due date and, once reached, done date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MilestoneState {
    /// Due date.
    pub due: NaiveDate,
    /// Date the milestone was reached; `None` while it is open.
    pub done: Option<NaiveDate>,
}

/// Everything the traffic-light rule needs to know about one measure.
#[derive(Debug, Clone, Copy)]
pub struct LightInputs<'a> {
    /// Current status category.
    pub status: StatusCategory,
    /// Reported progress in percent, 0..=100 (larger values are treated as 100).
    pub progress: u8,
    /// Planned start date.
    pub planned_start: Option<NaiveDate>,
    /// Planned end date.
    pub planned_end: Option<NaiveDate>,
    /// The measure's milestones.
    pub milestones: &'a [MilestoneState],
    /// Reporting date of the latest status update; `None` = never updated.
    pub last_update: Option<NaiveDate>,
    /// The day the assessment is made for.
    pub today: NaiveDate,
}

/// Thresholds of the traffic-light rule. All comparisons are strict ("more than").
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct LightRules {
    /// Yellow when expected minus reported progress is more than this many percentage
    /// points (default 10).
    pub yellow_gap_points: f64,
    /// Red when expected minus reported progress is more than this many percentage points
    /// (default 25).
    pub red_gap_points: f64,
    /// Yellow when the last status update is more than this many days old (default 120).
    pub stale_after_days: i64,
    /// Red when an open milestone is overdue by more than this many days (default 30).
    pub red_milestone_overdue_days: i64,
}

impl Default for LightRules {
    fn default() -> Self {
        LightRules {
            yellow_gap_points: 10.0,
            red_gap_points: 25.0,
            stale_after_days: 120,
            red_milestone_overdue_days: 30,
        }
    }
}

/// Why a measure has its traffic light. Several reasons can apply at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LightReason {
    /// No status update reported yet (pending).
    NeverUpdated,
    /// The measure is completed (green).
    Completed,
    /// The measure is cancelled (no light).
    Cancelled,
    /// Nothing is wrong (green).
    OnSchedule,
    /// Progress lags the linear schedule by more than the yellow gap (yellow).
    BehindSchedule,
    /// Progress lags the linear schedule by more than the red gap (red).
    FarBehindSchedule,
    /// Today is after the planned end date and the measure is not completed (red).
    PastPlannedEnd,
    /// An open milestone is past its due date (yellow).
    MilestoneOverdue,
    /// An open milestone is overdue by more than the red limit in days (red).
    MilestoneLongOverdue,
    /// The last status update is older than the stale limit in days (yellow).
    UpdateStale,
    /// The measure is deferred (yellow).
    Deferred,
}

impl LightReason {
    /// The light this reason stands for on its own; `None` for `cancelled`.
    pub fn light(self) -> Option<TrafficLight> {
        match self {
            LightReason::Cancelled => None,
            LightReason::NeverUpdated => Some(TrafficLight::Pending),
            LightReason::Completed | LightReason::OnSchedule => Some(TrafficLight::Green),
            LightReason::BehindSchedule
            | LightReason::MilestoneOverdue
            | LightReason::UpdateStale
            | LightReason::Deferred => Some(TrafficLight::Yellow),
            LightReason::FarBehindSchedule
            | LightReason::PastPlannedEnd
            | LightReason::MilestoneLongOverdue => Some(TrafficLight::Red),
        }
    }
}

/// Result of the traffic-light rule for one measure.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct LightAssessment {
    /// The derived light; `None` only for cancelled measures.
    pub light: Option<TrafficLight>,
    /// Every reason that applies, worst first; never empty.
    pub reasons: Vec<LightReason>,
    /// Progress the linear schedule expects today, 0..=100, one decimal; `None` unless both
    /// planned dates are set (and the end is not before the start).
    pub expected_progress: Option<f64>,
}

/// Applies the traffic-light rule described in the module documentation.
pub fn assess(inputs: &LightInputs<'_>, rules: &LightRules) -> LightAssessment {
    let expected_tenths =
        expected_progress_tenths(inputs.planned_start, inputs.planned_end, inputs.today);
    let expected_progress = expected_tenths.map(tenths_to_f64);
    let decided = |light: Option<TrafficLight>, reason: LightReason| LightAssessment {
        light,
        reasons: vec![reason],
        expected_progress,
    };

    match inputs.status {
        StatusCategory::Cancelled => return decided(None, LightReason::Cancelled),
        StatusCategory::Completed => {
            return decided(Some(TrafficLight::Green), LightReason::Completed);
        }
        StatusCategory::Planned | StatusCategory::InProgress | StatusCategory::Deferred => {}
    }
    let Some(last_update) = inputs.last_update else {
        return decided(Some(TrafficLight::Pending), LightReason::NeverUpdated);
    };

    let today = inputs.today;
    let past_end = inputs.planned_end.is_some_and(|end| today > end);

    // The gap is taken in tenths of a point and divided once, so that a gap of exactly 10.0
    // is the same f64 as a threshold written as 10.0 (no subtraction rounding error).
    let progress_tenths = i64::from(inputs.progress.min(100)) * 10;
    let gap = expected_tenths.map(|expected| tenths_to_f64(expected - progress_tenths));
    let far_behind = gap.is_some_and(|gap| gap > rules.red_gap_points);
    let behind = gap.is_some_and(|gap| gap > rules.yellow_gap_points);

    let mut milestone_overdue = false;
    let mut milestone_long_overdue = false;
    for milestone in inputs.milestones.iter().filter(|m| m.done.is_none()) {
        let days_overdue = (today - milestone.due).num_days();
        if days_overdue > 0 {
            milestone_overdue = true;
            if days_overdue > rules.red_milestone_overdue_days {
                milestone_long_overdue = true;
            }
        }
    }

    let stale = (today - last_update).num_days() > rules.stale_after_days;
    let deferred = inputs.status == StatusCategory::Deferred;

    // Worst first: red reasons, then yellow reasons, each in the order of the rule.
    let checks = [
        (past_end, LightReason::PastPlannedEnd),
        (far_behind, LightReason::FarBehindSchedule),
        (milestone_long_overdue, LightReason::MilestoneLongOverdue),
        (behind && !far_behind, LightReason::BehindSchedule),
        (
            milestone_overdue && !milestone_long_overdue,
            LightReason::MilestoneOverdue,
        ),
        (stale, LightReason::UpdateStale),
        (deferred, LightReason::Deferred),
    ];
    let mut reasons: Vec<LightReason> = checks
        .into_iter()
        .filter_map(|(applies, reason)| applies.then_some(reason))
        .collect();
    if reasons.is_empty() {
        reasons.push(LightReason::OnSchedule);
    }
    let light = reasons
        .iter()
        .filter_map(|reason| reason.light())
        .max()
        .unwrap_or(TrafficLight::Green);

    LightAssessment {
        light: Some(light),
        reasons,
        expected_progress,
    }
}

/// Expected progress in tenths of a percent (0..=1000), rounded half up.
fn expected_progress_tenths(
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<i64> {
    let (start, end) = (start?, end?);
    let total_days = (end - start).num_days();
    if total_days < 0 {
        return None;
    }
    if total_days == 0 {
        return Some(if today < start { 0 } else { 1000 });
    }
    let elapsed_days = (today - start).num_days().clamp(0, total_days);
    // 1000 × elapsed / total, rounded half up, in integers.
    Some((elapsed_days * 2000 + total_days) / (2 * total_days))
}

fn tenths_to_f64(tenths: i64) -> f64 {
    // Exact for every value this module produces (|tenths| ≤ 2000).
    tenths as f64 / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    /// An in-progress measure planned over 2026 (exactly 100 days from Jan 1 to Apr 11),
    /// updated recently, no milestones, assessed on day 50 (expected progress 50).
    fn base() -> LightInputs<'static> {
        LightInputs {
            status: StatusCategory::InProgress,
            progress: 50,
            planned_start: Some(date(2026, 1, 1)),
            planned_end: Some(date(2026, 4, 11)),
            milestones: &[],
            last_update: Some(date(2026, 2, 15)),
            today: date(2026, 2, 20),
        }
    }

    fn run(inputs: &LightInputs<'_>) -> LightAssessment {
        assess(inputs, &LightRules::default())
    }

    #[test]
    fn the_base_fixture_is_exactly_on_schedule() {
        let a = run(&base());
        assert_eq!(a.expected_progress, Some(50.0));
        assert_eq!(a.light, Some(TrafficLight::Green));
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn a_cancelled_measure_has_no_light_even_when_everything_is_wrong() {
        let milestones = [MilestoneState {
            due: date(2025, 1, 1),
            done: None,
        }];
        let a = run(&LightInputs {
            status: StatusCategory::Cancelled,
            progress: 0,
            milestones: &milestones,
            last_update: None,
            today: date(2027, 1, 1),
            ..base()
        });
        assert_eq!(a.light, None);
        assert_eq!(a.reasons, vec![LightReason::Cancelled]);
    }

    #[test]
    fn a_completed_measure_is_green_even_if_never_updated_and_past_its_end() {
        let a = run(&LightInputs {
            status: StatusCategory::Completed,
            progress: 40,
            last_update: None,
            today: date(2027, 1, 1),
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Green));
        assert_eq!(a.reasons, vec![LightReason::Completed]);
        assert_eq!(a.expected_progress, Some(100.0));
    }

    #[test]
    fn a_measure_never_updated_is_pending() {
        let a = run(&LightInputs {
            last_update: None,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Pending));
        assert_eq!(a.reasons, vec![LightReason::NeverUpdated]);
    }

    #[test]
    fn a_measure_never_updated_is_pending_even_past_its_planned_end() {
        let a = run(&LightInputs {
            last_update: None,
            progress: 0,
            today: date(2027, 1, 1),
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Pending));
        assert_eq!(a.reasons, vec![LightReason::NeverUpdated]);
    }

    #[test]
    fn a_deferred_measure_never_updated_is_pending() {
        let a = run(&LightInputs {
            status: StatusCategory::Deferred,
            last_update: None,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Pending));
    }

    #[test]
    fn expected_progress_is_the_linear_share_of_elapsed_days() {
        let at = |today| {
            run(&LightInputs {
                today,
                last_update: Some(today),
                ..base()
            })
            .expected_progress
        };
        assert_eq!(at(date(2026, 1, 1)), Some(0.0));
        assert_eq!(at(date(2026, 1, 11)), Some(10.0));
        assert_eq!(at(date(2026, 4, 11)), Some(100.0));
    }

    #[test]
    fn expected_progress_is_clamped_before_start_and_after_end() {
        let before = run(&LightInputs {
            status: StatusCategory::Planned,
            progress: 0,
            today: date(2025, 12, 1),
            last_update: Some(date(2025, 11, 30)),
            ..base()
        });
        assert_eq!(before.expected_progress, Some(0.0));
        assert_eq!(before.light, Some(TrafficLight::Green));

        let after = run(&LightInputs {
            progress: 100,
            today: date(2026, 6, 1),
            last_update: Some(date(2026, 5, 30)),
            ..base()
        });
        assert_eq!(after.expected_progress, Some(100.0));
    }

    #[test]
    fn expected_progress_is_rounded_to_one_decimal() {
        // 1 of 3 days elapsed: 33.333… → 33.3; 2 of 3: 66.666… → 66.7.
        let at = |today| {
            run(&LightInputs {
                planned_start: Some(date(2026, 1, 1)),
                planned_end: Some(date(2026, 1, 4)),
                today,
                last_update: Some(today),
                ..base()
            })
            .expected_progress
        };
        assert_eq!(at(date(2026, 1, 2)), Some(33.3));
        assert_eq!(at(date(2026, 1, 3)), Some(66.7));
    }

    #[test]
    fn a_measure_without_planned_dates_has_no_expected_progress_and_no_gap() {
        let a = run(&LightInputs {
            progress: 0,
            planned_start: None,
            planned_end: None,
            ..base()
        });
        assert_eq!(a.expected_progress, None);
        assert_eq!(a.light, Some(TrafficLight::Green));
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn a_measure_with_only_a_planned_end_turns_red_after_it() {
        let a = run(&LightInputs {
            planned_start: None,
            planned_end: Some(date(2026, 2, 19)),
            ..base()
        });
        assert_eq!(a.expected_progress, None);
        assert_eq!(a.light, Some(TrafficLight::Red));
        assert_eq!(a.reasons, vec![LightReason::PastPlannedEnd]);
    }

    #[test]
    fn a_zero_length_schedule_expects_nothing_before_and_everything_from_its_day() {
        let day = date(2026, 3, 1);
        let at = |today| {
            run(&LightInputs {
                progress: 0,
                planned_start: Some(day),
                planned_end: Some(day),
                today,
                last_update: Some(today),
                ..base()
            })
        };
        let before = at(date(2026, 2, 28));
        assert_eq!(before.expected_progress, Some(0.0));
        assert_eq!(before.light, Some(TrafficLight::Green));

        let on_the_day = at(day);
        assert_eq!(on_the_day.expected_progress, Some(100.0));
        assert_eq!(on_the_day.light, Some(TrafficLight::Red));
        assert_eq!(on_the_day.reasons, vec![LightReason::FarBehindSchedule]);
    }

    #[test]
    fn an_end_before_the_start_gives_no_expected_progress() {
        let a = run(&LightInputs {
            progress: 0,
            planned_start: Some(date(2026, 3, 1)),
            planned_end: Some(date(2026, 2, 1)),
            today: date(2026, 1, 15),
            last_update: Some(date(2026, 1, 15)),
            ..base()
        });
        assert_eq!(a.expected_progress, None);
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn progress_ahead_of_schedule_is_green() {
        let a = run(&LightInputs {
            progress: 90,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Green));
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn progress_above_100_is_treated_as_100() {
        let a = run(&LightInputs {
            progress: 250,
            today: date(2026, 4, 11),
            last_update: Some(date(2026, 4, 11)),
            ..base()
        });
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn a_gap_of_exactly_ten_points_is_not_yellow() {
        let a = run(&LightInputs {
            progress: 40,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Green));
    }

    #[test]
    fn a_gap_just_over_ten_points_is_yellow() {
        // Day 51 of 100: expected 51.0, gap 11; and a fractional gap of 10.1 on a 1000-day plan.
        let a = run(&LightInputs {
            progress: 40,
            today: date(2026, 2, 21),
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Yellow));
        assert_eq!(a.reasons, vec![LightReason::BehindSchedule]);

        let start = date(2026, 1, 1);
        let end = start + chrono::Days::new(1000);
        let today = start + chrono::Days::new(501); // expected 50.1
        let b = run(&LightInputs {
            progress: 40,
            planned_start: Some(start),
            planned_end: Some(end),
            today,
            last_update: Some(today),
            ..base()
        });
        assert_eq!(b.expected_progress, Some(50.1));
        assert_eq!(b.reasons, vec![LightReason::BehindSchedule]);
    }

    #[test]
    fn a_gap_of_exactly_25_points_is_yellow_not_red() {
        let a = run(&LightInputs {
            progress: 25,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Yellow));
        assert_eq!(a.reasons, vec![LightReason::BehindSchedule]);
    }

    #[test]
    fn a_gap_over_25_points_is_red_and_only_reported_as_far_behind() {
        let a = run(&LightInputs {
            progress: 24,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Red));
        assert_eq!(a.reasons, vec![LightReason::FarBehindSchedule]);
    }

    #[test]
    fn the_planned_end_day_itself_is_not_past_the_end() {
        let end = date(2026, 4, 11);
        let on_end = run(&LightInputs {
            progress: 95,
            today: end,
            last_update: Some(end),
            ..base()
        });
        assert_eq!(on_end.reasons, vec![LightReason::OnSchedule]);

        let day_after = end + chrono::Days::new(1);
        let after_end = run(&LightInputs {
            progress: 95,
            today: day_after,
            last_update: Some(day_after),
            ..base()
        });
        assert_eq!(after_end.light, Some(TrafficLight::Red));
        assert_eq!(after_end.reasons, vec![LightReason::PastPlannedEnd]);
    }

    #[test]
    fn a_milestone_due_today_is_not_overdue() {
        let milestones = [MilestoneState {
            due: date(2026, 2, 20),
            done: None,
        }];
        let a = run(&LightInputs {
            milestones: &milestones,
            ..base()
        });
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn an_open_milestone_due_yesterday_is_yellow() {
        let milestones = [MilestoneState {
            due: date(2026, 2, 19),
            done: None,
        }];
        let a = run(&LightInputs {
            milestones: &milestones,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Yellow));
        assert_eq!(a.reasons, vec![LightReason::MilestoneOverdue]);
    }

    #[test]
    fn a_milestone_overdue_exactly_30_days_is_yellow_and_31_days_is_red() {
        let today = date(2026, 2, 20);
        let overdue_by = |days| {
            let milestones = [MilestoneState {
                due: today - chrono::Days::new(days),
                done: None,
            }];
            run(&LightInputs {
                milestones: &milestones,
                ..base()
            })
        };
        let thirty = overdue_by(30);
        assert_eq!(thirty.light, Some(TrafficLight::Yellow));
        assert_eq!(thirty.reasons, vec![LightReason::MilestoneOverdue]);

        let thirty_one = overdue_by(31);
        assert_eq!(thirty_one.light, Some(TrafficLight::Red));
        assert_eq!(thirty_one.reasons, vec![LightReason::MilestoneLongOverdue]);
    }

    #[test]
    fn a_long_overdue_milestone_hides_a_recently_overdue_one() {
        let milestones = [
            MilestoneState {
                due: date(2026, 2, 18),
                done: None,
            },
            MilestoneState {
                due: date(2025, 12, 1),
                done: None,
            },
        ];
        let a = run(&LightInputs {
            milestones: &milestones,
            ..base()
        });
        assert_eq!(a.reasons, vec![LightReason::MilestoneLongOverdue]);
    }

    #[test]
    fn a_milestone_done_late_is_not_overdue() {
        let milestones = [MilestoneState {
            due: date(2025, 12, 1),
            done: Some(date(2026, 2, 10)),
        }];
        let a = run(&LightInputs {
            milestones: &milestones,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Green));
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn an_update_exactly_120_days_old_is_not_stale_and_121_days_is() {
        let today = date(2026, 2, 20);
        let updated_days_ago = |days| {
            run(&LightInputs {
                last_update: Some(today - chrono::Days::new(days)),
                ..base()
            })
        };
        assert_eq!(updated_days_ago(120).reasons, vec![LightReason::OnSchedule]);
        let stale = updated_days_ago(121);
        assert_eq!(stale.light, Some(TrafficLight::Yellow));
        assert_eq!(stale.reasons, vec![LightReason::UpdateStale]);
    }

    #[test]
    fn an_update_dated_after_today_is_not_stale() {
        let a = run(&LightInputs {
            last_update: Some(date(2026, 12, 1)),
            ..base()
        });
        assert_eq!(a.reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn a_deferred_measure_is_yellow() {
        let a = run(&LightInputs {
            status: StatusCategory::Deferred,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Yellow));
        assert_eq!(a.reasons, vec![LightReason::Deferred]);
    }

    #[test]
    fn all_applicable_reasons_are_collected_worst_first() {
        let milestones = [MilestoneState {
            due: date(2026, 6, 1),
            done: None,
        }];
        let a = run(&LightInputs {
            status: StatusCategory::Deferred,
            progress: 0,
            milestones: &milestones,
            last_update: Some(date(2026, 1, 1)),
            today: date(2026, 6, 10),
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Red));
        assert_eq!(
            a.reasons,
            vec![
                LightReason::PastPlannedEnd,
                LightReason::FarBehindSchedule,
                LightReason::MilestoneOverdue,
                LightReason::UpdateStale,
                LightReason::Deferred,
            ]
        );
    }

    #[test]
    fn several_yellow_reasons_stay_yellow() {
        let milestones = [MilestoneState {
            due: date(2026, 2, 10),
            done: None,
        }];
        let a = run(&LightInputs {
            progress: 35,
            milestones: &milestones,
            ..base()
        });
        assert_eq!(a.light, Some(TrafficLight::Yellow));
        assert_eq!(
            a.reasons,
            vec![LightReason::BehindSchedule, LightReason::MilestoneOverdue]
        );
    }

    #[test]
    fn custom_rules_replace_the_defaults() {
        let rules = LightRules {
            yellow_gap_points: 5.0,
            red_gap_points: 8.0,
            stale_after_days: 3,
            red_milestone_overdue_days: 1,
        };
        let a = assess(
            &LightInputs {
                progress: 41,
                ..base()
            },
            &rules,
        );
        assert_eq!(
            a.reasons,
            vec![LightReason::FarBehindSchedule, LightReason::UpdateStale]
        );
        assert_eq!(a.light, Some(TrafficLight::Red));
    }

    #[test]
    fn every_reason_of_the_assessment_matches_its_light() {
        for status in [
            StatusCategory::Planned,
            StatusCategory::InProgress,
            StatusCategory::Completed,
            StatusCategory::Deferred,
            StatusCategory::Cancelled,
        ] {
            let a = run(&LightInputs { status, ..base() });
            assert!(!a.reasons.is_empty());
            let worst = a.reasons.iter().filter_map(|r| r.light()).max();
            assert_eq!(a.light, worst);
        }
    }

    #[test]
    fn traffic_light_codes_round_trip_through_parse() {
        for light in TrafficLight::ALL {
            assert_eq!(TrafficLight::parse(light.as_str()), Some(light));
        }
        assert_eq!(TrafficLight::parse("Green"), None);
        assert_eq!(TrafficLight::parse(""), None);
    }

    #[test]
    fn default_rules_are_the_documented_thresholds() {
        let rules = LightRules::default();
        assert_eq!(rules.yellow_gap_points, 10.0);
        assert_eq!(rules.red_gap_points, 25.0);
        assert_eq!(rules.stale_after_days, 120);
        assert_eq!(rules.red_milestone_overdue_days, 30);
    }
}
