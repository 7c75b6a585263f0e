//! The content of a frozen report (Sachstandsbericht) and its public projection.
//!
//! A [`ReportContent`] is built once, at freeze time, from live data in one read
//! transaction (see `store::reports`), serialized once with `serde_json` (compact, fields
//! in the order of these structs) and stored as bytes together with their SHA-256. It is
//! never rebuilt or re-serialized for hashing: the JSON export returns exactly the stored
//! bytes. Every type here is `Deserialize` so stored reports can be read back for the
//! change list, the exports and the public projection.
//!
//! [`PublicReportContent`] is the anonymous projection: an allow-list of fields, only the
//! measures whose visibility was `public` at freeze time, roll-ups as numbers, and no names
//! of people, override reasons, review states or maturity data.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::measure::Visibility;
use super::rollup::Rollup;
use super::status::StatusCategory;
use super::traffic_light::{LightReason, LightRules, TrafficLight};

/// Version of the content layout; raised whenever a field changes meaning.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// The council meeting a report is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportMeeting {
    /// E.g. "Stadtrat", "Ausschuss für Digitalisierung".
    pub body: String,
    pub date: NaiveDate,
    /// Number of the council document (Vorlage), if known.
    pub vorlage_number: Option<String>,
}

/// The reporting round the report freezes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportRound {
    pub id: i32,
    pub title: String,
    pub deadline: NaiveDate,
    pub grace_days: i32,
}

/// The strategy as resolved by the council.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportStrategy {
    pub title: String,
    pub resolution_number: String,
    pub resolution_body: String,
    pub resolution_date: Option<NaiveDate>,
}

/// Measures per light (the effective light, override included).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportLightCounts {
    pub green: u32,
    pub yellow: u32,
    pub red: u32,
    /// Status ausstehend (no status update yet).
    pub pending: u32,
    /// Without a light: cancelled measures.
    pub none: u32,
}

impl ReportLightCounts {
    /// Counts one light.
    pub fn add(&mut self, light: Option<TrafficLight>) {
        let bucket = match light {
            Some(TrafficLight::Green) => &mut self.green,
            Some(TrafficLight::Yellow) => &mut self.yellow,
            Some(TrafficLight::Red) => &mut self.red,
            Some(TrafficLight::Pending) => &mut self.pending,
            None => &mut self.none,
        };
        *bucket = bucket.saturating_add(1);
    }
}

/// Measures per status category.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportStatusCounts {
    pub planned: u32,
    pub in_progress: u32,
    pub completed: u32,
    pub deferred: u32,
    pub cancelled: u32,
}

impl ReportStatusCounts {
    /// Counts one measure's status category.
    pub fn add(&mut self, category: StatusCategory) {
        let bucket = match category {
            StatusCategory::Planned => &mut self.planned,
            StatusCategory::InProgress => &mut self.in_progress,
            StatusCategory::Completed => &mut self.completed,
            StatusCategory::Deferred => &mut self.deferred,
            StatusCategory::Cancelled => &mut self.cancelled,
        };
        *bucket = bucket.saturating_add(1);
    }
}

/// A roll-up as it was at freeze time: the values of [`Rollup`] (computed by
/// [`super::rollup::roll_up`], never recomputed here) with its formulas and sums.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportRollup {
    pub progress: Option<f64>,
    pub light: Option<TrafficLight>,
    pub light_score: Option<f64>,
    /// `weighted_mean`, `unweighted_mean_because_all_weights_zero` or `no_measures`.
    pub method: String,
    pub formula: String,
    pub formula_en: String,
    pub light_formula: String,
    pub light_formula_en: String,
    pub weighted_progress_sum: f64,
    pub weight_total: u64,
    pub measures_total: u32,
    pub measures_included: u32,
    pub measures_excluded_cancelled: u32,
    /// Included measures per light.
    pub green: u32,
    pub yellow: u32,
    pub red: u32,
    pub pending: u32,
}

impl From<&Rollup> for ReportRollup {
    fn from(r: &Rollup) -> Self {
        let method = serde_json::to_value(r.method)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default();
        Self {
            progress: r.progress,
            light: r.light,
            light_score: r.light_score,
            method,
            formula: r.formula.clone(),
            formula_en: r.formula_en.clone(),
            light_formula: r.light_formula.clone(),
            light_formula_en: r.light_formula_en.clone(),
            weighted_progress_sum: r.weighted_progress_sum,
            weight_total: r.weight_total,
            measures_total: r.measures_total,
            measures_included: r.measures_included,
            measures_excluded_cancelled: r.measures_excluded_cancelled,
            green: r.counts.green,
            yellow: r.counts.yellow,
            red: r.counts.red,
            pending: r.counts.pending,
        }
    }
}

/// The summary block of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportSummaryBlock {
    /// Measures of the plan (not archived, not draft), cancelled ones included.
    pub measure_count: u32,
    /// Draft measures left out of the report.
    pub excluded_drafts: u32,
    pub by_light: ReportLightCounts,
    pub by_status_category: ReportStatusCounts,
    /// The strategy roll-up's progress (weighted mean; see `strategy_rollup.formula`).
    pub average_progress: Option<f64>,
    pub strategy_rollup: ReportRollup,
}

/// A short reference to a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportMeasureRef {
    pub id: i32,
    pub code: String,
    pub title: String,
}

/// A goal a measure serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportGoalRef {
    pub id: i32,
    pub code: String,
    pub title: String,
}

/// A department.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportDepartmentRef {
    pub id: i32,
    pub code: String,
    pub name: String,
}

/// A measure's status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportStatus {
    pub id: i32,
    /// The status label, e.g. "in Umsetzung".
    pub name: String,
    pub category: StatusCategory,
}

/// The officer's override of the light.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportLightOverride {
    pub light: TrafficLight,
    pub reason: String,
}

/// The latest published status update (Sachstand) of a measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportLastUpdate {
    pub date: NaiveDate,
    pub narrative: String,
}

/// One measure's state at freeze time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportMeasure {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub visibility: Visibility,
    pub goals: Vec<ReportGoalRef>,
    pub lead_department: ReportDepartmentRef,
    pub status: ReportStatus,
    pub progress: u8,
    pub weight: u32,
    /// The effective light (override included); `null` only when cancelled.
    pub light: Option<TrafficLight>,
    /// The light the documented rule computed.
    pub computed_light: Option<TrafficLight>,
    pub light_reasons: Vec<LightReason>,
    pub light_override: Option<ReportLightOverride>,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub budget_planned_cents: Option<i64>,
    pub budget_spent_cents: Option<i64>,
    pub last_update: Option<ReportLastUpdate>,
    /// The measure's item in the frozen round (`due`, `submitted`, `returned`,
    /// `approved`); `null` when the round did not ask for it.
    pub round_item_state: Option<String>,
}

impl ReportMeasure {
    pub fn reference(&self) -> ReportMeasureRef {
        ReportMeasureRef {
            id: self.id,
            code: self.code.clone(),
            title: self.title.clone(),
        }
    }
}

/// A Handlungsfeld (top-level goal) with its roll-up and measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportField {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub rollup: ReportRollup,
    /// The measures linked to the field or a goal below it, by code.
    pub measures: Vec<ReportMeasure>,
}

/// A department's roll-up (over the measures it or a department below it leads).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportDepartmentRollup {
    pub id: i32,
    pub code: String,
    pub name: String,
    pub parent_id: Option<i32>,
    pub rollup: ReportRollup,
}

/// A dimension of the latest approved maturity round (administration as a whole).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportMaturityDimension {
    pub code: String,
    pub title: String,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub difference: Option<f64>,
    pub is_gap: bool,
}

/// A subject's overall maturity score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportMaturitySubject {
    pub name: String,
    pub score: Option<f64>,
    pub target_score: Option<f64>,
}

/// Summary of the latest approved maturity round.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportMaturity {
    pub round_id: i32,
    pub title: String,
    pub round_date: NaiveDate,
    pub model_name: String,
    /// Overall Ist score of the administration as a whole.
    pub score: Option<f64>,
    pub score_formula: String,
    /// Overall Soll score.
    pub target_score: Option<f64>,
    /// Change against the previous approved round.
    pub change: Option<f64>,
    /// The administration's dimensions.
    pub dimensions: Vec<ReportMaturityDimension>,
    /// The administration, then each department.
    pub subjects: Vec<ReportMaturitySubject>,
}

/// A round item not approved when the report was frozen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ReportOpenItem {
    pub measure: ReportMeasureRef,
    pub department: ReportDepartmentRef,
    /// `due`, `submitted` or `returned`.
    pub state: String,
    /// Still unanswered (due or returned) after the deadline plus grace days.
    pub overdue: bool,
}

/// A maturity gap no active measure addresses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportGap {
    /// Department name or "Gesamtverwaltung".
    pub subject: String,
    pub dimension_code: String,
    pub dimension_title: String,
    pub actual: f64,
    pub target: f64,
    pub difference: f64,
}

/// The frozen report: everything the council saw, as of freeze time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ReportContent {
    pub schema_version: u32,
    pub title: String,
    pub meeting: ReportMeeting,
    pub round: ReportRound,
    pub frozen_at: DateTime<Utc>,
    pub frozen_by_name: String,
    /// The town-hall day the lights were computed for.
    pub as_of: NaiveDate,
    pub strategy: ReportStrategy,
    /// The traffic-light thresholds in force.
    pub rules: LightRules,
    pub summary: ReportSummaryBlock,
    /// One entry per Handlungsfeld, in tree order.
    pub fields: Vec<ReportField>,
    /// Every measure of the plan, by code.
    pub measures: Vec<ReportMeasure>,
    pub department_rollups: Vec<ReportDepartmentRollup>,
    /// The latest approved maturity round, if any.
    pub maturity: Option<ReportMaturity>,
    /// Items of the round that were not approved (unanswered, in review or returned).
    pub overdue_items: Vec<ReportOpenItem>,
    /// Gaps of the latest approved maturity round that no active measure addresses.
    pub uncovered_gaps: Vec<ReportGap>,
}

// ---------------------------------------------------------------------------------------
// The public projection

/// A published measure in a public report: no override reason, no review state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicReportMeasure {
    pub code: String,
    pub title: String,
    pub goals: Vec<ReportGoalRef>,
    /// Name of the lead department.
    pub lead_department: String,
    /// The status label.
    pub status: String,
    pub status_category: StatusCategory,
    pub progress: u8,
    pub light: Option<TrafficLight>,
    pub light_reasons: Vec<LightReason>,
    /// Whether the officer set the light by hand (the reason stays internal).
    pub overridden: bool,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub budget_planned_cents: Option<i64>,
    pub budget_spent_cents: Option<i64>,
    pub last_update: Option<ReportLastUpdate>,
}

impl From<&ReportMeasure> for PublicReportMeasure {
    fn from(m: &ReportMeasure) -> Self {
        Self {
            code: m.code.clone(),
            title: m.title.clone(),
            goals: m.goals.clone(),
            lead_department: m.lead_department.name.clone(),
            status: m.status.name.clone(),
            status_category: m.status.category,
            progress: m.progress,
            light: m.light,
            light_reasons: m.light_reasons.clone(),
            overridden: m.light_override.is_some(),
            planned_start: m.planned_start,
            planned_end: m.planned_end,
            budget_planned_cents: m.budget_planned_cents,
            budget_spent_cents: m.budget_spent_cents,
            last_update: m.last_update.clone(),
        }
    }
}

/// A Handlungsfeld in a public report: its roll-up (over the whole plan, as the council
/// saw it) and its published measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicReportField {
    pub code: String,
    pub title: String,
    pub rollup: ReportRollup,
    pub measures: Vec<PublicReportMeasure>,
}

/// An unanswered item of a published measure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicReportOpenItem {
    pub measure_code: String,
    pub measure_title: String,
    pub department: String,
    pub state: String,
    pub overdue: bool,
}

/// The anonymous projection of a report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PublicReportContent {
    pub schema_version: u32,
    pub title: String,
    pub meeting: ReportMeeting,
    pub frozen_at: DateTime<Utc>,
    pub as_of: NaiveDate,
    pub strategy: ReportStrategy,
    /// Roll-ups and counts over the whole plan, as numbers.
    pub summary: ReportSummaryBlock,
    pub fields: Vec<PublicReportField>,
    /// The measures that were public at freeze time, by code.
    pub measures: Vec<PublicReportMeasure>,
    pub department_rollups: Vec<ReportDepartmentRollup>,
    /// Unanswered items of published measures.
    pub open_items: Vec<PublicReportOpenItem>,
}

fn is_public(m: &ReportMeasure) -> bool {
    m.visibility == Visibility::Public
}

impl From<&ReportContent> for PublicReportContent {
    fn from(c: &ReportContent) -> Self {
        let public_ids: std::collections::HashSet<i32> = c
            .measures
            .iter()
            .filter(|m| is_public(m))
            .map(|m| m.id)
            .collect();
        Self {
            schema_version: c.schema_version,
            title: c.title.clone(),
            meeting: c.meeting.clone(),
            frozen_at: c.frozen_at,
            as_of: c.as_of,
            strategy: c.strategy.clone(),
            summary: c.summary.clone(),
            fields: c
                .fields
                .iter()
                .map(|f| PublicReportField {
                    code: f.code.clone(),
                    title: f.title.clone(),
                    rollup: f.rollup.clone(),
                    measures: f
                        .measures
                        .iter()
                        .filter(|m| is_public(m))
                        .map(PublicReportMeasure::from)
                        .collect(),
                })
                .collect(),
            measures: c
                .measures
                .iter()
                .filter(|m| is_public(m))
                .map(PublicReportMeasure::from)
                .collect(),
            department_rollups: c.department_rollups.clone(),
            open_items: c
                .overdue_items
                .iter()
                .filter(|i| public_ids.contains(&i.measure.id))
                .map(|i| PublicReportOpenItem {
                    measure_code: i.measure.code.clone(),
                    measure_title: i.measure.title.clone(),
                    department: i.department.name.clone(),
                    state: i.state.clone(),
                    overdue: i.overdue,
                })
                .collect(),
        }
    }
}

impl ReportContent {
    /// The same report reduced to what the public may see, in the internal shape (for the
    /// renderers, which then need one code path): only the measures that were public, no
    /// name of the person who froze it, no override reasons, no review states, no maturity
    /// data, open items of public measures only.
    pub fn redacted_for_public(&self) -> ReportContent {
        let keep: Vec<ReportMeasure> = self
            .measures
            .iter()
            .filter(|m| is_public(m))
            .map(redact_measure)
            .collect();
        let public_ids: std::collections::HashSet<i32> = keep.iter().map(|m| m.id).collect();
        ReportContent {
            frozen_by_name: String::new(),
            fields: self
                .fields
                .iter()
                .map(|f| ReportField {
                    measures: f
                        .measures
                        .iter()
                        .filter(|m| is_public(m))
                        .map(redact_measure)
                        .collect(),
                    ..f.clone()
                })
                .collect(),
            measures: keep,
            maturity: None,
            overdue_items: self
                .overdue_items
                .iter()
                .filter(|i| public_ids.contains(&i.measure.id))
                .cloned()
                .collect(),
            uncovered_gaps: Vec::new(),
            ..self.clone()
        }
    }

    /// Whether the measure was public in this report.
    pub fn is_public_measure(&self, id: i32) -> bool {
        self.measures.iter().any(|m| m.id == id && is_public(m))
    }
}

fn redact_measure(m: &ReportMeasure) -> ReportMeasure {
    ReportMeasure {
        light_override: m.light_override.as_ref().map(|o| ReportLightOverride {
            light: o.light,
            reason: String::new(),
        }),
        round_item_state: None,
        ..m.clone()
    }
}

/// The SHA-256 of `bytes` in lower-case hex: the `content_hash` of a report.
pub fn content_hash(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
pub(crate) mod fixtures {
    //! A small report for the unit tests of the diff and the renderers.
    use super::*;

    pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    pub fn rollup() -> ReportRollup {
        ReportRollup {
            progress: Some(50.0),
            light: Some(TrafficLight::Green),
            light_score: Some(100.0),
            method: "weighted_mean".into(),
            formula: "(1 × 50) / 1 = 50,0 %".into(),
            formula_en: "(1 × 50) / 1 = 50.0 %".into(),
            light_formula: String::new(),
            light_formula_en: String::new(),
            weighted_progress_sum: 50.0,
            weight_total: 1,
            measures_total: 1,
            measures_included: 1,
            measures_excluded_cancelled: 0,
            green: 1,
            yellow: 0,
            red: 0,
            pending: 0,
        }
    }

    pub fn measure(id: i32, visibility: Visibility) -> ReportMeasure {
        ReportMeasure {
            id,
            code: format!("M{id:02}"),
            title: format!("Maßnahme {id}"),
            visibility,
            goals: vec![ReportGoalRef {
                id: 1,
                code: "HF 1".into(),
                title: "Verwaltung".into(),
            }],
            lead_department: ReportDepartmentRef {
                id: 1,
                code: "FB 1".into(),
                name: "Fachbereich 1".into(),
            },
            status: ReportStatus {
                id: 2,
                name: "in Umsetzung".into(),
                category: StatusCategory::InProgress,
            },
            progress: 40,
            weight: 1,
            light: Some(TrafficLight::Green),
            computed_light: Some(TrafficLight::Green),
            light_reasons: vec![LightReason::OnSchedule],
            light_override: None,
            planned_start: Some(date(2026, 1, 1)),
            planned_end: Some(date(2026, 12, 31)),
            budget_planned_cents: Some(100_000),
            budget_spent_cents: None,
            last_update: Some(ReportLastUpdate {
                date: date(2026, 3, 1),
                narrative: "Ausschreibung läuft.".into(),
            }),
            round_item_state: Some("approved".into()),
        }
    }

    pub fn content(measures: Vec<ReportMeasure>) -> ReportContent {
        ReportContent {
            schema_version: REPORT_SCHEMA_VERSION,
            title: "Sachstandsbericht".into(),
            meeting: ReportMeeting {
                body: "Stadtrat".into(),
                date: date(2026, 3, 19),
                vorlage_number: Some("V/2026/017".into()),
            },
            round: ReportRound {
                id: 1,
                title: "Berichtsrunde Frühjahr".into(),
                deadline: date(2026, 3, 2),
                grace_days: 3,
            },
            frozen_at: date(2026, 3, 9)
                .and_hms_opt(9, 0, 0)
                .expect("valid time")
                .and_utc(),
            frozen_by_name: "Dana Digital".into(),
            as_of: date(2026, 3, 9),
            strategy: ReportStrategy {
                title: "Digitalisierungsstrategie".into(),
                resolution_number: "FB 1/169/2022".into(),
                resolution_body: "Stadtrat".into(),
                resolution_date: None,
            },
            rules: LightRules::default(),
            summary: ReportSummaryBlock {
                measure_count: u32::try_from(measures.len()).unwrap_or(0),
                excluded_drafts: 0,
                by_light: ReportLightCounts::default(),
                by_status_category: ReportStatusCounts::default(),
                average_progress: Some(40.0),
                strategy_rollup: rollup(),
            },
            fields: vec![ReportField {
                id: 1,
                code: "HF 1".into(),
                title: "Verwaltung".into(),
                rollup: rollup(),
                measures: measures.clone(),
            }],
            measures,
            department_rollups: Vec::new(),
            maturity: None,
            overdue_items: Vec::new(),
            uncovered_gaps: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::*;
    use super::*;

    #[test]
    fn content_survives_a_json_round_trip() {
        let content = content(vec![measure(1, Visibility::Public)]);
        let bytes = serde_json::to_vec(&content).expect("serializable");
        let back: ReportContent = serde_json::from_slice(&bytes).expect("deserializable");
        assert_eq!(back, content);
        assert_eq!(content_hash(&bytes).len(), 64);
    }

    #[test]
    fn the_public_projection_keeps_only_public_measures_and_no_names() {
        let mut internal = measure(2, Visibility::Internal);
        internal.title = "Geheimprojekt".into();
        let mut public = measure(1, Visibility::Public);
        public.light_override = Some(ReportLightOverride {
            light: TrafficLight::Red,
            reason: "vertraulicher Grund".into(),
        });
        let mut content = content(vec![public, internal.clone()]);
        content.overdue_items.push(ReportOpenItem {
            measure: internal.reference(),
            department: internal.lead_department.clone(),
            state: "due".into(),
            overdue: true,
        });
        let projected = PublicReportContent::from(&content);
        let json = serde_json::to_string(&projected).expect("serializable");
        assert!(!json.contains("Geheimprojekt"));
        assert!(!json.contains("Dana Digital"));
        assert!(!json.contains("vertraulicher Grund"));
        assert_eq!(projected.measures.len(), 1);
        assert!(projected.measures[0].overridden);
        assert_eq!(projected.fields[0].measures.len(), 1);
        assert!(projected.open_items.is_empty());
    }
}
