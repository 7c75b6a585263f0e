//! Results of assessment rounds, computed from the stored assessments by the rules in
//! [`crate::domain::maturity`]: per department and for the administration as a whole, Ist vs
//! Soll per dimension (radar-ready), the overall score by the model's rule, the change
//! against the previous approved round and the trend over all rounds ([`results`]); the
//! departments × dimensions matrix ([`heatmap`]); one subject's history ([`trend`]); and the
//! gaps with the measures that address them ([`gaps`]).
//!
//! **The administration as a whole.** Per dimension, a direct assessment of the
//! administration (a round that includes it) is used when it has a value; otherwise the
//! value is the mean of the departments' values in that round, rounded to one decimal
//! (`source = department_mean`). Actual and target are derived independently.
//!
//! **Bounded queries.** Every function loads what it needs in a fixed number of queries
//! (rounds, models, departments, the round's scope, assessments as narrow tuples; gaps add
//! the measure targets and the measure facts), whatever the number of departments, rounds
//! and dimensions; everything else is computed in memory.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::entities::{
    department, maturity_assessment, maturity_measure_target, maturity_round,
    maturity_round_department,
};
use super::super::measure_facts::{self, MeasureFacts, Selection};
use super::super::{Db, StoreError, StoreResult};
use super::{LoadedModel, load_models};
use crate::domain::access::MeasureScope;
use crate::domain::maturity::{
    AggregateInput, AggregationRule, LevelScale, OverallScore, RoundKey, RoundState, TargetClaim,
    Tenths, aggregate, is_gap, previous_approved,
};
use crate::domain::measure::Visibility;
use crate::domain::status::StatusCategory;

/// Name of the administration as a whole in results.
pub const ADMINISTRATION_NAME: &str = "Gesamtverwaltung";

/// Whether a result row is a department or the administration as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SubjectKind {
    Department,
    Administration,
}

/// Whom a result row is about.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SubjectRef {
    pub kind: SubjectKind,
    /// `null` for the administration as a whole.
    pub department_id: Option<i32>,
    /// The department's code ("FB 1"); `null` for the administration.
    pub code: Option<String>,
    pub name: String,
}

/// Where a value comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValueSource {
    /// An assessment of this department (or of the administration directly).
    Assessed,
    /// The administration's value, derived as the mean of its departments' values.
    DepartmentMean,
    /// No value.
    None,
}

/// The round a result belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RoundRef {
    pub id: i32,
    pub title: String,
    pub round_date: NaiveDate,
    pub state: RoundState,
    pub model_id: i32,
    pub model_key: String,
    pub model_name: String,
    pub model_version: i32,
    /// The rule the round's model aggregates dimensions with.
    pub aggregation_rule: AggregationRule,
}

/// A dimension of the round's model.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DimensionRef {
    pub code: String,
    pub title: String,
    pub weight: u32,
}

/// Ist vs Soll of one dimension (one spoke of the radar chart).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DimensionResult {
    pub code: String,
    pub title: String,
    /// Ist. Whole levels for departments; one decimal for a derived administration value.
    pub actual: Option<f64>,
    /// Soll.
    pub target: Option<f64>,
    pub target_date: Option<NaiveDate>,
    /// Soll − Ist when both are known (negative when the target is exceeded).
    pub difference: Option<f64>,
    /// Ist < Soll.
    pub is_gap: bool,
    pub actual_source: ValueSource,
    pub target_source: ValueSource,
    /// Ist in the previous approved round (same dimension code), if any.
    pub previous_actual: Option<f64>,
    /// Ist − previous Ist.
    pub change: Option<f64>,
}

/// The comparison with the previous approved round.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PreviousComparison {
    pub round_id: i32,
    pub title: String,
    pub round_date: NaiveDate,
    /// The overall score then (by that round's model's rule).
    pub score: Option<f64>,
    /// Overall score now − then.
    pub change: Option<f64>,
}

/// One round in a subject's trend.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TrendPoint {
    pub round_id: i32,
    pub title: String,
    pub round_date: NaiveDate,
    pub state: RoundState,
    pub aggregation_rule: AggregationRule,
    /// Overall Ist score.
    pub score: Option<f64>,
    /// Overall Soll score.
    pub target_score: Option<f64>,
}

/// The results of one department or of the administration in one round.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct SubjectResult {
    pub subject: SubjectRef,
    /// Per dimension, in the model's order (radar-ready).
    pub dimensions: Vec<DimensionResult>,
    /// Overall Ist score by the model's rule, with the formula.
    pub overall: OverallScore,
    /// Overall Soll score by the model's rule, with the formula.
    pub target_overall: OverallScore,
    /// Change against the previous approved round, if there is one with values.
    pub previous: Option<PreviousComparison>,
    /// Every round (visible to the caller) in which the subject has values, oldest first.
    pub trend: Vec<TrendPoint>,
}

/// Results of a round.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RoundResults {
    pub round: RoundRef,
    pub levels: LevelScale,
    pub dimensions: Vec<DimensionRef>,
    /// The administration first, then the departments.
    pub subjects: Vec<SubjectResult>,
}

/// One cell of the heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HeatmapCell {
    pub dimension_code: String,
    pub actual: Option<f64>,
    pub target: Option<f64>,
    pub is_gap: bool,
}

/// One row of the heatmap.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct HeatmapRow {
    pub subject: SubjectRef,
    /// One cell per dimension, in the order of `dimensions`.
    pub cells: Vec<HeatmapCell>,
    /// Overall Ist score by the model's rule.
    pub score: Option<f64>,
}

/// Departments × dimensions of a round.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Heatmap {
    pub round: RoundRef,
    pub levels: LevelScale,
    pub dimensions: Vec<DimensionRef>,
    /// The administration first, then the departments.
    pub rows: Vec<HeatmapRow>,
}

/// One dimension of a round in a subject's detailed trend.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TrendDimension {
    pub code: String,
    pub title: String,
    pub actual: Option<f64>,
    pub target: Option<f64>,
}

/// One round of a subject's detailed trend.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct TrendRound {
    pub round: RoundRef,
    pub overall: OverallScore,
    pub target_overall: OverallScore,
    pub dimensions: Vec<TrendDimension>,
}

/// A subject's values over all rounds (visible to the caller) in which it has values.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct Trend {
    pub subject: SubjectRef,
    pub rounds: Vec<TrendRound>,
}

/// A measure addressing a gap.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GapMeasure {
    pub measure_id: i32,
    pub code: String,
    pub title: String,
    pub status_category: StatusCategory,
    /// The level the measure is expected to reach in this dimension.
    pub expected_level: i32,
    /// The department the measure's target names; `null`: every department.
    pub target_department_id: Option<i32>,
    /// expected_level ≥ target.
    pub reaches_target: bool,
}

/// A (department or administration, dimension) with Ist < Soll.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GapView {
    pub subject: SubjectRef,
    pub dimension_code: String,
    pub dimension_title: String,
    pub actual: f64,
    pub target: f64,
    pub target_date: Option<NaiveDate>,
    /// Soll − Ist.
    pub difference: f64,
    pub actual_source: ValueSource,
    /// At least one active measure addresses the gap.
    pub covered: bool,
    /// At least one addressing measure expects to reach the target.
    pub covered_to_target: bool,
    pub measures: Vec<GapMeasure>,
}

/// The gaps of a round.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct GapReport {
    pub round: RoundRef,
    /// The gap and coverage rule, in German.
    pub rule: String,
    /// The gap and coverage rule, in English.
    pub rule_en: String,
    /// Gaps matching the department and dimension filters.
    pub total_gaps: u32,
    /// Of those, gaps no active measure addresses.
    pub uncovered_gaps: u32,
    pub gaps: Vec<GapView>,
}

/// Filters of [`gaps`].
#[derive(Debug, Clone, Default)]
pub struct GapFilter {
    pub department_id: Option<i32>,
    pub dimension_code: Option<String>,
    pub uncovered_only: bool,
}

/// Which department's (or the administration's) values to load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SubjectFilter {
    /// Every department and the administration.
    All,
    Department(i32),
    Administration,
}

const GAP_RULE: &str = "Eine Lücke besteht, wenn Ist und Soll bekannt sind und Ist < Soll. Eine \
    Maßnahme adressiert sie, wenn sie für den Code der Dimension ein Reifegradziel erklärt, das \
    diesen Fachbereich oder keinen Fachbereich nennt (dann gilt es für alle Fachbereiche und \
    die Gesamtverwaltung); Lücken der Gesamtverwaltung adressieren nur Ziele ohne Fachbereich. \
    Es zählen nur aktive Maßnahmen: nicht archiviert, nicht abgebrochen, kein Entwurf. Eine \
    Lücke ohne solche Maßnahme ist nicht abgedeckt.";
const GAP_RULE_EN: &str = "A gap exists when actual and target are known and actual < target. \
    A measure addresses it when it declares a maturity target for the dimension's code that \
    names this department or no department (then it applies to every department and to the \
    administration as a whole); gaps of the administration as a whole are addressed only by \
    targets without a department. Only active measures count: not archived, not cancelled, \
    not a draft. A gap without such a measure is uncovered.";

// ---------------------------------------------------------------------------------------
// Loading
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    actual: Option<i32>,
    target: Option<i32>,
    target_date: Option<NaiveDate>,
}

#[derive(Debug, Clone)]
struct Round {
    id: i32,
    title: String,
    date: NaiveDate,
    state: RoundState,
    model_id: i32,
}

impl Round {
    fn key(&self) -> RoundKey {
        RoundKey {
            id: self.id,
            date: self.date,
            state: self.state,
        }
    }
}

/// Cells of one round: scope key (0 = administration) → dimension code → values.
type RoundCells = HashMap<i32, HashMap<String, Cell>>;

struct Data {
    /// Ascending by (date, id).
    rounds: Vec<Round>,
    models: HashMap<i32, LoadedModel>,
    departments: HashMap<i32, department::Model>,
    cells: HashMap<i32, RoundCells>,
}

fn parse_round(row: maturity_round::Model) -> StoreResult<Round> {
    Ok(Round {
        state: RoundState::parse(&row.state).ok_or_else(|| {
            StoreError::Database(sea_orm::DbErr::Custom(format!(
                "unknown round state '{}'",
                row.state
            )))
        })?,
        id: row.id,
        title: row.title,
        date: row.round_date,
        model_id: row.model_id,
    })
}

/// Loads `rounds` with their models, all departments and the assessments of `subjects`, in
/// four queries.
async fn load<C: ConnectionTrait>(
    db: &C,
    rounds: Vec<Round>,
    subjects: SubjectFilter,
) -> StoreResult<Data> {
    let round_ids: Vec<i32> = rounds.iter().map(|r| r.id).collect();
    let mut model_ids: Vec<i32> = rounds.iter().map(|r| r.model_id).collect();
    model_ids.sort_unstable();
    model_ids.dedup();
    let models = load_models(db, &model_ids).await?;
    let departments: HashMap<i32, department::Model> = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let mut query = maturity_assessment::Entity::find()
        .select_only()
        .column(maturity_assessment::Column::RoundId)
        .column(maturity_assessment::Column::ScopeKey)
        .column(maturity_assessment::Column::DimensionCode)
        .column(maturity_assessment::Column::ActualLevel)
        .column(maturity_assessment::Column::TargetLevel)
        .column(maturity_assessment::Column::TargetDate)
        .filter(maturity_assessment::Column::RoundId.is_in(round_ids));
    // The administration's derived values need every department; a department needs itself.
    if let SubjectFilter::Department(d) = subjects {
        query = query.filter(maturity_assessment::Column::ScopeKey.eq(d));
    }
    type Row = (
        i32,
        i32,
        String,
        Option<i32>,
        Option<i32>,
        Option<NaiveDate>,
    );
    let rows: Vec<Row> = if model_ids.is_empty() {
        Vec::new()
    } else {
        query.into_tuple().all(db).await?
    };
    let mut cells: HashMap<i32, RoundCells> = HashMap::new();
    for (round_id, scope, code, actual, target, target_date) in rows {
        cells
            .entry(round_id)
            .or_default()
            .entry(scope)
            .or_default()
            .insert(
                code,
                Cell {
                    actual,
                    target,
                    target_date,
                },
            );
    }
    Ok(Data {
        rounds,
        models,
        departments,
        cells,
    })
}

/// All rounds `visible` accepts, ascending by (date, id) (one query).
async fn visible_rounds<C: ConnectionTrait>(
    db: &C,
    visible: &dyn Fn(RoundState) -> bool,
) -> StoreResult<Vec<Round>> {
    let rows = maturity_round::Entity::find()
        .order_by_asc(maturity_round::Column::RoundDate)
        .order_by_asc(maturity_round::Column::Id)
        .all(db)
        .await?;
    let mut rounds = Vec::with_capacity(rows.len());
    for row in rows {
        let round = parse_round(row)?;
        if visible(round.state) {
            rounds.push(round);
        }
    }
    Ok(rounds)
}

async fn one_round<C: ConnectionTrait>(db: &C, id: i32) -> StoreResult<Round> {
    maturity_round::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)
        .and_then(parse_round)
}

/// The departments a round covers (its scope, plus any department that has assessments in
/// it), in display order.
async fn round_departments<C: ConnectionTrait>(
    db: &C,
    data: &Data,
    round_id: i32,
) -> StoreResult<Vec<i32>> {
    let mut ids: HashSet<i32> = maturity_round_department::Entity::find()
        .filter(maturity_round_department::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|link| link.department_id)
        .collect();
    if let Some(cells) = data.cells.get(&round_id) {
        ids.extend(cells.keys().filter(|k| **k != 0));
    }
    Ok(ordered_departments(data, ids))
}

fn ordered_departments(data: &Data, ids: impl IntoIterator<Item = i32>) -> Vec<i32> {
    let mut ids: Vec<i32> = ids
        .into_iter()
        .filter(|id| data.departments.contains_key(id))
        .collect();
    ids.sort_by(|a, b| {
        let (da, db) = (&data.departments[a], &data.departments[b]);
        (da.position, &da.code).cmp(&(db.position, &db.code))
    });
    ids
}

// ---------------------------------------------------------------------------------------
// Computing
// ---------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy)]
struct Value {
    actual: Option<Tenths>,
    target: Option<Tenths>,
    target_date: Option<NaiveDate>,
    actual_source: ValueSource,
    target_source: ValueSource,
}

/// The subject's values in a round, one per dimension of the round's model.
fn values(data: &Data, round: &Round, model: &LoadedModel, subject: Option<i32>) -> Vec<Value> {
    let empty = RoundCells::new();
    let cells = data.cells.get(&round.id).unwrap_or(&empty);
    model
        .definition
        .dimensions
        .iter()
        .map(|dimension| {
            let own = cells
                .get(&subject.unwrap_or(0))
                .and_then(|c| c.get(&dimension.code))
                .copied()
                .unwrap_or_default();
            let mut value = Value {
                actual: own.actual.map(Tenths::from_level),
                target: own.target.map(Tenths::from_level),
                target_date: own.target_date,
                actual_source: if own.actual.is_some() {
                    ValueSource::Assessed
                } else {
                    ValueSource::None
                },
                target_source: if own.target.is_some() {
                    ValueSource::Assessed
                } else {
                    ValueSource::None
                },
            };
            if subject.is_none() && (value.actual.is_none() || value.target.is_none()) {
                let mut actuals = Vec::new();
                let mut targets = Vec::new();
                for (scope, by_code) in cells {
                    if *scope == 0 {
                        continue;
                    }
                    if let Some(cell) = by_code.get(&dimension.code) {
                        actuals.extend(cell.actual.map(Tenths::from_level));
                        targets.extend(cell.target.map(Tenths::from_level));
                    }
                }
                if value.actual.is_none()
                    && let Some(mean) = Tenths::mean(&actuals)
                {
                    value.actual = Some(mean);
                    value.actual_source = ValueSource::DepartmentMean;
                }
                if value.target.is_none()
                    && let Some(mean) = Tenths::mean(&targets)
                {
                    value.target = Some(mean);
                    value.target_source = ValueSource::DepartmentMean;
                }
            }
            value
        })
        .collect()
}

fn overall(model: &LoadedModel, values: &[Value], target: bool) -> OverallScore {
    let inputs: Vec<AggregateInput<'_>> = model
        .definition
        .dimensions
        .iter()
        .zip(values)
        .map(|(d, v)| AggregateInput {
            code: &d.code,
            weight: d.weight,
            value: if target { v.target } else { v.actual },
        })
        .collect();
    aggregate(model.aggregation_rule, &inputs)
}

fn has_values(values: &[Value]) -> bool {
    values
        .iter()
        .any(|v| v.actual.is_some() || v.target.is_some())
}

fn model_of<'a>(data: &'a Data, round: &Round) -> StoreResult<&'a LoadedModel> {
    data.models.get(&round.model_id).ok_or_else(|| {
        StoreError::Database(sea_orm::DbErr::Custom(format!(
            "round {} refers to a missing model",
            round.id
        )))
    })
}

fn round_ref(round: &Round, model: &LoadedModel) -> RoundRef {
    RoundRef {
        id: round.id,
        title: round.title.clone(),
        round_date: round.date,
        state: round.state,
        model_id: model.id,
        model_key: model.key.clone(),
        model_name: model.name.clone(),
        model_version: model.model_version,
        aggregation_rule: model.aggregation_rule,
    }
}

fn dimension_refs(model: &LoadedModel) -> Vec<DimensionRef> {
    model
        .definition
        .dimensions
        .iter()
        .map(|d| DimensionRef {
            code: d.code.clone(),
            title: d.title.clone(),
            weight: d.weight,
        })
        .collect()
}

fn subject_ref(data: &Data, subject: Option<i32>) -> SubjectRef {
    match subject.and_then(|d| data.departments.get(&d)) {
        Some(d) => SubjectRef {
            kind: SubjectKind::Department,
            department_id: Some(d.id),
            code: Some(d.code.clone()),
            name: d.name.clone(),
        },
        None => SubjectRef {
            kind: SubjectKind::Administration,
            department_id: None,
            code: None,
            name: ADMINISTRATION_NAME.into(),
        },
    }
}

fn f(value: Option<Tenths>) -> Option<f64> {
    value.map(Tenths::as_f64)
}

fn difference(a: Option<Tenths>, b: Option<Tenths>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) => Some(Tenths(a.0 - b.0).as_f64()),
        _ => None,
    }
}

fn subject_result(
    data: &Data,
    current: &Round,
    previous: Option<&Round>,
    subject: Option<i32>,
) -> StoreResult<SubjectResult> {
    let model = model_of(data, current)?;
    let now = values(data, current, model, subject);
    let overall_now = overall(model, &now, false);
    let target_overall = overall(model, &now, true);

    // The previous approved round, by dimension code (its model may be another version).
    let mut previous_by_code: HashMap<&str, Option<Tenths>> = HashMap::new();
    let mut previous_comparison = None;
    if let Some(previous) = previous {
        let previous_model = model_of(data, previous)?;
        let then = values(data, previous, previous_model, subject);
        if has_values(&then) {
            for (d, v) in previous_model.definition.dimensions.iter().zip(&then) {
                previous_by_code.insert(d.code.as_str(), v.actual);
            }
            let overall_then = overall(previous_model, &then, false);
            previous_comparison = Some(PreviousComparison {
                round_id: previous.id,
                title: previous.title.clone(),
                round_date: previous.date,
                score: overall_then.score,
                change: difference(overall_now.tenths, overall_then.tenths),
            });
        }
    }

    let dimensions = model
        .definition
        .dimensions
        .iter()
        .zip(&now)
        .map(|(d, v)| {
            let previous_actual = previous_by_code.get(d.code.as_str()).copied().flatten();
            DimensionResult {
                code: d.code.clone(),
                title: d.title.clone(),
                actual: f(v.actual),
                target: f(v.target),
                target_date: v.target_date,
                difference: difference(v.target, v.actual),
                is_gap: is_gap(v.actual, v.target),
                actual_source: v.actual_source,
                target_source: v.target_source,
                previous_actual: f(previous_actual),
                change: difference(v.actual, previous_actual),
            }
        })
        .collect();

    let mut trend = Vec::new();
    for round in &data.rounds {
        let round_model = model_of(data, round)?;
        let round_values = values(data, round, round_model, subject);
        if !has_values(&round_values) {
            continue;
        }
        trend.push(TrendPoint {
            round_id: round.id,
            title: round.title.clone(),
            round_date: round.date,
            state: round.state,
            aggregation_rule: round_model.aggregation_rule,
            score: overall(round_model, &round_values, false).score,
            target_score: overall(round_model, &round_values, true).score,
        });
    }

    Ok(SubjectResult {
        subject: subject_ref(data, subject),
        dimensions,
        overall: overall_now,
        target_overall,
        previous: previous_comparison,
        trend,
    })
}

/// The results of round `round_id` for every department and the administration, or for one
/// department. `visible` decides which other rounds enter the trend (the caller has checked
/// that the round itself is visible). Five queries.
pub async fn results<C: ConnectionTrait>(
    db: &C,
    round_id: i32,
    department_id: Option<i32>,
    visible: &dyn Fn(RoundState) -> bool,
) -> StoreResult<RoundResults> {
    let rounds = visible_rounds(db, visible).await?;
    let current = rounds
        .iter()
        .find(|r| r.id == round_id)
        .cloned()
        .ok_or(StoreError::NotFound)?;
    let subjects = match department_id {
        Some(d) => SubjectFilter::Department(d),
        None => SubjectFilter::All,
    };
    let data = load(db, rounds, subjects).await?;
    let keys: Vec<RoundKey> = data.rounds.iter().map(Round::key).collect();
    let previous = previous_approved(&keys, &current.key())
        .and_then(|id| data.rounds.iter().find(|r| r.id == id));
    let model = model_of(&data, &current)?;

    let subject_ids: Vec<Option<i32>> = match department_id {
        Some(d) => {
            if !data.departments.contains_key(&d) {
                return Err(StoreError::NotFound);
            }
            vec![Some(d)]
        }
        None => std::iter::once(None)
            .chain(
                round_departments(db, &data, round_id)
                    .await?
                    .into_iter()
                    .map(Some),
            )
            .collect(),
    };
    let subjects = subject_ids
        .into_iter()
        .map(|s| subject_result(&data, &current, previous, s))
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(RoundResults {
        round: round_ref(&current, model),
        levels: model.definition.levels.clone(),
        dimensions: dimension_refs(model),
        subjects,
    })
}

/// The departments × dimensions matrix of a round, the administration first. Five queries.
pub async fn heatmap(db: &Db, round_id: i32) -> StoreResult<Heatmap> {
    let current = one_round(db, round_id).await?;
    let data = load(db, vec![current.clone()], SubjectFilter::All).await?;
    let model = model_of(&data, &current)?;
    let departments = round_departments(db, &data, round_id).await?;
    let rows = std::iter::once(None)
        .chain(departments.into_iter().map(Some))
        .map(|subject| {
            let vals = values(&data, &current, model, subject);
            HeatmapRow {
                subject: subject_ref(&data, subject),
                score: overall(model, &vals, false).score,
                cells: model
                    .definition
                    .dimensions
                    .iter()
                    .zip(&vals)
                    .map(|(d, v)| HeatmapCell {
                        dimension_code: d.code.clone(),
                        actual: f(v.actual),
                        target: f(v.target),
                        is_gap: is_gap(v.actual, v.target),
                    })
                    .collect(),
            }
        })
        .collect();
    Ok(Heatmap {
        round: round_ref(&current, model),
        levels: model.definition.levels.clone(),
        dimensions: dimension_refs(model),
        rows,
    })
}

/// A department's (or, with `None`, the administration's) values in every round `visible`
/// accepts in which it has values, oldest first. Four queries.
pub async fn trend(
    db: &Db,
    department_id: Option<i32>,
    visible: &dyn Fn(RoundState) -> bool,
) -> StoreResult<Trend> {
    let rounds = visible_rounds(db, visible).await?;
    let subjects = match department_id {
        Some(d) => SubjectFilter::Department(d),
        None => SubjectFilter::Administration,
    };
    let data = load(db, rounds, subjects).await?;
    if let Some(d) = department_id
        && !data.departments.contains_key(&d)
    {
        return Err(StoreError::NotFound);
    }
    let mut rounds = Vec::new();
    for round in &data.rounds {
        let model = model_of(&data, round)?;
        let vals = values(&data, round, model, department_id);
        if !has_values(&vals) {
            continue;
        }
        rounds.push(TrendRound {
            round: round_ref(round, model),
            overall: overall(model, &vals, false),
            target_overall: overall(model, &vals, true),
            dimensions: model
                .definition
                .dimensions
                .iter()
                .zip(&vals)
                .map(|(d, v)| TrendDimension {
                    code: d.code.clone(),
                    title: d.title.clone(),
                    actual: f(v.actual),
                    target: f(v.target),
                })
                .collect(),
        });
    }
    Ok(Trend {
        subject: subject_ref(&data, department_id),
        rounds,
    })
}

/// Whether a measure counts for coverage: not archived, not cancelled, not a draft.
fn counts_for_coverage(facts: &MeasureFacts) -> bool {
    !facts.archived
        && facts.status_category != StatusCategory::Cancelled
        && facts.visibility != Visibility::Draft
}

/// The active measures (see [`counts_for_coverage`]) with their maturity targets, loaded in
/// six queries.
pub(crate) async fn active_claims<C: ConnectionTrait>(
    db: &C,
) -> StoreResult<(HashMap<i32, MeasureFacts>, Vec<TargetClaim>)> {
    let facts: HashMap<i32, MeasureFacts> = measure_facts::load(db, Selection::AllActive)
        .await?
        .into_iter()
        .filter(counts_for_coverage)
        .map(|m| (m.id, m))
        .collect();
    let claims = maturity_measure_target::Entity::find()
        .order_by_asc(maturity_measure_target::Column::MeasureId)
        .order_by_asc(maturity_measure_target::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .filter(|t| facts.contains_key(&t.measure_id))
        .map(|t| TargetClaim {
            measure_id: t.measure_id,
            dimension_code: t.dimension_code,
            department_id: t.department_id,
            expected_level: t.expected_level,
        })
        .collect();
    Ok((facts, claims))
}

/// Whether the measure is active for coverage (used by findings).
pub(crate) fn is_active_measure(facts: &MeasureFacts) -> bool {
    counts_for_coverage(facts)
}

/// The scope of a measure for the access policy.
pub(crate) fn scope_of(facts: &MeasureFacts) -> MeasureScope<'_> {
    MeasureScope {
        visibility: facts.visibility,
        lead_department_id: facts.lead_department_id,
        participating_department_ids: &facts.participating_department_ids,
    }
}

/// The gaps of a round with the measures that address them. Eleven queries.
pub async fn gaps<C: ConnectionTrait>(
    db: &C,
    round_id: i32,
    filter: &GapFilter,
) -> StoreResult<GapReport> {
    let current = one_round(db, round_id).await?;
    let subjects = match filter.department_id {
        Some(d) => SubjectFilter::Department(d),
        None => SubjectFilter::All,
    };
    let data = load(db, vec![current.clone()], subjects).await?;
    let model = model_of(&data, &current)?;
    let subject_ids: Vec<Option<i32>> = match filter.department_id {
        Some(d) if !data.departments.contains_key(&d) => return Err(StoreError::NotFound),
        Some(d) => vec![Some(d)],
        None => std::iter::once(None)
            .chain(
                round_departments(db, &data, round_id)
                    .await?
                    .into_iter()
                    .map(Some),
            )
            .collect(),
    };
    let (facts, claims) = active_claims(db).await?;
    let mut by_dimension: BTreeMap<&str, Vec<&TargetClaim>> = BTreeMap::new();
    for claim in &claims {
        by_dimension
            .entry(claim.dimension_code.as_str())
            .or_default()
            .push(claim);
    }

    let mut gaps = Vec::new();
    for subject in subject_ids {
        let vals = values(&data, &current, model, subject);
        for (dimension, value) in model.definition.dimensions.iter().zip(&vals) {
            if filter
                .dimension_code
                .as_deref()
                .is_some_and(|c| c != dimension.code)
            {
                continue;
            }
            let (Some(actual), Some(target)) = (value.actual, value.target) else {
                continue;
            };
            if !is_gap(value.actual, value.target) {
                continue;
            }
            let measures: Vec<GapMeasure> = by_dimension
                .get(dimension.code.as_str())
                .into_iter()
                .flatten()
                .filter(|claim| claim.addresses(subject, &dimension.code))
                .filter_map(|claim| {
                    let m = facts.get(&claim.measure_id)?;
                    Some(GapMeasure {
                        measure_id: m.id,
                        code: m.code.clone(),
                        title: m.title.clone(),
                        status_category: m.status_category,
                        expected_level: claim.expected_level,
                        target_department_id: claim.department_id,
                        reaches_target: claim.reaches(target),
                    })
                })
                .collect();
            gaps.push(GapView {
                subject: subject_ref(&data, subject),
                dimension_code: dimension.code.clone(),
                dimension_title: dimension.title.clone(),
                actual: actual.as_f64(),
                target: target.as_f64(),
                target_date: value.target_date,
                difference: Tenths(target.0 - actual.0).as_f64(),
                actual_source: value.actual_source,
                covered: !measures.is_empty(),
                covered_to_target: measures.iter().any(|m| m.reaches_target),
                measures,
            });
        }
    }
    let total_gaps = u32::try_from(gaps.len()).unwrap_or(u32::MAX);
    let uncovered_gaps =
        u32::try_from(gaps.iter().filter(|g| !g.covered).count()).unwrap_or(u32::MAX);
    if filter.uncovered_only {
        gaps.retain(|g| !g.covered);
    }
    Ok(GapReport {
        round: round_ref(&current, model),
        rule: GAP_RULE.into(),
        rule_en: GAP_RULE_EN.into(),
        total_gaps,
        uncovered_gaps,
        gaps,
    })
}
