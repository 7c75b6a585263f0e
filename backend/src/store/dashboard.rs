//! The dashboard, the roll-up explanations and the anonymous transparency data.
//!
//! Everything here is computed from one load: the facts of all non-archived measures
//! ([`measure_facts::load`], a fixed number of queries), the goal tree, the department tree
//! and the strategy. Each measure's light is evaluated once ([`MeasureFacts::evaluate`]: the
//! documented rule plus the officer's override) and then aggregated with
//! [`crate::domain::rollup::roll_up`], so a number means the same on every screen.
//!
//! Which measures count:
//! - **Archived** measures are not loaded at all.
//! - **Draft** measures are not yet part of the plan: they are left out of every roll-up and
//!   every dashboard list, for every role, and only counted in `excluded_drafts`. The
//!   explanations list them (to those allowed to see them) with `excluded_reason = "draft"`.
//! - **Cancelled** measures are left out by the roll-up rule itself (`"cancelled"`).
//! - A **goal** covers the measures linked to it or to any goal below it, each measure once;
//!   a **Handlungsfeld** is a top-level goal. A **department** covers the measures whose
//!   *lead* department is it or a department below it (participation does not count, so a
//!   measure is never counted twice in a Fachbereich).
//! - The **public** data uses only measures with visibility `public` (not archived).

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use utoipa::ToSchema;

use super::departments::{self, DepartmentView};
use super::entities::{audit_entry, measure, status};
use super::goals::{self, GoalView};
use super::measure_facts::{self, LightOverride, MeasureFacts, MeasureLight, Selection};
use super::strategy::{self, StrategyView};
use super::{Db, StoreError, StoreResult};
use crate::domain::access::MeasureScope;
use crate::domain::measure::Visibility;
use crate::domain::rollup::{self, Rollup, RollupInput};
use crate::domain::status::StatusCategory;
use crate::domain::traffic_light::{LightReason, LightRules, TrafficLight};
use crate::domain::tree::{Forest, coverage};

/// What a roll-up is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    /// The whole strategy.
    Strategy,
    /// A Handlungsfeld: a top-level goal.
    FieldOfAction,
    /// A goal below a Handlungsfeld.
    Goal,
    /// A department (Fachbereich or Abteilung) with the departments below it.
    Department,
}

/// The object a roll-up aggregates.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RollupScope {
    pub kind: ScopeKind,
    /// Id of the strategy, goal or department.
    pub id: i32,
    /// Code of the goal or department ("HF 2", "FB 1"); `null` for the strategy.
    pub code: Option<String>,
    /// Title of the strategy or goal, name of the department.
    pub title: String,
    /// Parent goal or department, to draw the tree; `null` at the top.
    pub parent_id: Option<i32>,
}

/// A roll-up with the object it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RollupEntry {
    pub scope: RollupScope,
    pub rollup: Rollup,
}

/// How many measures of the plan (not archived, not draft) have which effective light.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, ToSchema)]
pub struct LightDistribution {
    /// Im Plan.
    pub green: u32,
    /// Gefährdet.
    pub yellow: u32,
    /// Kritisch.
    pub red: u32,
    /// Status ausstehend (no status update yet).
    pub pending: u32,
    /// Without a light: the cancelled measures.
    pub none: u32,
}

/// A measure in one of the dashboard's lists.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DashboardMeasure {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub lead_department_id: i32,
    pub status_category: StatusCategory,
    pub progress: u8,
    /// The effective light (the officer's override if set); `null` only when cancelled.
    pub light: Option<TrafficLight>,
    /// Why the documented rule computed its light.
    pub reasons: Vec<LightReason>,
    /// Whether the officer overrode the computed light.
    pub overridden: bool,
    /// The light the documented rule computed (differs from `light` when overridden).
    pub computed_light: Option<TrafficLight>,
    /// The officer's override with reason, who and when.
    #[serde(rename = "override")]
    pub override_: Option<LightOverride>,
    /// Reporting date of the latest status update; `null` = never updated.
    pub last_update_date: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
}

/// The dashboard: roll-ups for the strategy, every Handlungsfeld, goal and department, and
/// the measures that need attention.
///
/// Draft measures are not yet part of the plan: they are excluded from all roll-ups and
/// lists for every role and only counted in `excluded_drafts`. Archived measures are not
/// included at all; cancelled ones are excluded from roll-ups by the roll-up rule.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct DashboardView {
    /// The day lights and lists were computed for (town-hall time).
    pub as_of: NaiveDate,
    pub strategy: StrategyView,
    /// The traffic-light rule's thresholds in force.
    pub rules: LightRules,
    /// Draft measures (not archived) left out of everything below.
    pub excluded_drafts: u32,
    /// All measures of the plan.
    pub overall: RollupEntry,
    /// One entry per Handlungsfeld, in tree order.
    pub fields_of_action: Vec<RollupEntry>,
    /// Every goal in tree order (Handlungsfelder included, with kind `field_of_action`).
    pub goals: Vec<RollupEntry>,
    /// Every department in tree order, over the measures it or a department below it leads.
    pub departments: Vec<RollupEntry>,
    pub light_distribution: LightDistribution,
    /// Not completed or cancelled, and past the planned end or with an open milestone past
    /// its due date; earliest planned end first.
    pub overdue: Vec<DashboardMeasure>,
    /// Effective light red or yellow; red first.
    pub at_risk: Vec<DashboardMeasure>,
    /// Still reported on (planned, in progress, deferred) and never updated, or last
    /// updated more than `rules.stale_after_days` days ago; never updated and oldest first.
    pub without_recent_update: Vec<DashboardMeasure>,
    /// How many measures are overdue; `overdue` may list only the first of them.
    pub overdue_total: u32,
    /// How many measures are at risk; `at_risk` may list only the first of them.
    pub at_risk_total: u32,
    /// How many measures lack a recent update; the list may hold only the first of them.
    pub without_recent_update_total: u32,
}

impl DashboardView {
    /// Keeps the first `limit` measures of each attention list (the `*_total` counts stay):
    /// a screen shows the most urgent ones and links to the filtered measure list for the
    /// rest, and the response stays small however large the plan grows.
    pub fn limit_lists(&mut self, limit: usize) {
        self.overdue.truncate(limit);
        self.at_risk.truncate(limit);
        self.without_recent_update.truncate(limit);
    }
}

/// The version of the data the caches of computed answers (dashboard, measure details) are
/// keyed by; it changes whenever a store write committed.
///
/// - PostgreSQL: the newest audit entry's id. Every change is audited in its own
///   transaction, so this also sees the writes of other servers on the same database.
/// - SQLite: the number of transactions this process committed ([`super::local_commits`]),
///   which costs no query. An embedded database is written by one server only (`kurs
///   serve` holds a lock on it, see `store::connect`); `kurs user create` from another
///   process adds accounts, which no cached answer contains.
pub async fn data_version(db: &Db) -> StoreResult<i64> {
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        return Ok(i64::try_from(super::local_commits()).unwrap_or(i64::MAX));
    }
    let newest: Option<Option<i32>> = audit_entry::Entity::find()
        .select_only()
        .column_as(audit_entry::Column::Id.max(), "newest")
        .into_tuple()
        .one(db)
        .await?;
    Ok(newest.flatten().map_or(0, i64::from))
}

/// One measure as it entered (or did not enter) a roll-up.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RollupInputView {
    pub measure_id: i32,
    pub code: String,
    pub title: String,
    pub weight: u32,
    pub progress: u8,
    /// The effective light (override included) that was scored.
    pub light: Option<TrafficLight>,
    /// Why the rule computed its light.
    pub reasons: Vec<LightReason>,
    /// Whether the officer overrode the computed light.
    pub overridden: bool,
    /// The light the documented rule computed (differs from `light` when overridden).
    pub computed_light: Option<TrafficLight>,
    /// The officer's override with reason, who and when.
    #[serde(rename = "override")]
    pub override_: Option<LightOverride>,
    pub status_category: StatusCategory,
    /// Whether the measure counts in the roll-up.
    pub included: bool,
    /// `cancelled` or `draft` when not included.
    pub excluded_reason: Option<String>,
    #[serde(skip)]
    pub visibility: Visibility,
    #[serde(skip)]
    pub lead_department_id: i32,
    #[serde(skip)]
    pub participating_department_ids: Vec<i32>,
}

impl RollupInputView {
    /// What the access policy needs to decide whether the reader may see this measure.
    pub fn access_scope(&self) -> MeasureScope<'_> {
        MeasureScope {
            visibility: self.visibility,
            lead_department_id: self.lead_department_id,
            participating_department_ids: &self.participating_department_ids,
        }
    }
}

/// A roll-up with every input, so that a reader can recompute it by hand.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct RollupExplanation {
    pub as_of: NaiveDate,
    pub scope: RollupScope,
    pub rollup: Rollup,
    /// The traffic-light rule's thresholds that produced the measures' lights.
    pub rules: LightRules,
    /// Draft measures in this scope, left out of the roll-up (listed in `inputs` only for
    /// readers who may see them).
    pub excluded_drafts: u32,
    /// The measures of the scope, by code; `included = false` ones did not count.
    pub inputs: Vec<RollupInputView>,
}

/// Which roll-up to explain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    Strategy,
    Goal(i32),
    Department(i32),
}

/// A measure with its light evaluated once.
#[derive(Debug, Clone)]
pub struct EvaluatedMeasure {
    pub facts: MeasureFacts,
    pub light: MeasureLight,
}

impl EvaluatedMeasure {
    fn is_draft(&self) -> bool {
        self.facts.visibility == Visibility::Draft
    }

    fn rollup_input(&self) -> RollupInput {
        RollupInput {
            measure_id: i64::from(self.facts.id),
            weight: self.facts.weight,
            progress: self.facts.progress,
            light: self.light.light,
            status: self.facts.status_category,
        }
    }

    fn list_item(&self) -> DashboardMeasure {
        DashboardMeasure {
            id: self.facts.id,
            code: self.facts.code.clone(),
            title: self.facts.title.clone(),
            lead_department_id: self.facts.lead_department_id,
            status_category: self.facts.status_category,
            progress: self.facts.progress,
            light: self.light.light,
            reasons: self.light.reasons.clone(),
            overridden: self.light.override_.is_some(),
            computed_light: self.light.computed,
            override_: self.light.override_.clone(),
            last_update_date: self.facts.last_update_date,
            planned_end: self.facts.planned_end,
        }
    }
}

/// Evaluates every measure's light once.
pub fn evaluate_all(
    facts: Vec<MeasureFacts>,
    rules: &LightRules,
    today: NaiveDate,
) -> Vec<EvaluatedMeasure> {
    facts
        .into_iter()
        .map(|facts| {
            let light = facts.evaluate(rules, today);
            EvaluatedMeasure { facts, light }
        })
        .collect()
}

fn roll_up(measures: &[&EvaluatedMeasure]) -> Rollup {
    let inputs: Vec<RollupInput> = measures.iter().map(|m| m.rollup_input()).collect();
    rollup::roll_up(&inputs)
}

/// Past its planned end or with an open milestone past due, while still being worked on
/// (completed and cancelled measures are never overdue).
pub fn is_overdue(facts: &MeasureFacts, today: NaiveDate) -> bool {
    facts.status_category.is_active()
        && (facts.planned_end.is_some_and(|end| end < today)
            || facts
                .milestones
                .iter()
                .any(|m| m.done.is_none() && m.due < today))
}

/// Still reported on, and never updated or last updated more than `stale_after_days` days
/// ago (the same strict limit as the traffic light's `update_stale`).
pub fn lacks_recent_update(facts: &MeasureFacts, rules: &LightRules, today: NaiveDate) -> bool {
    facts.status_category.is_active()
        && facts
            .last_update_date
            .is_none_or(|last| (today - last).num_days() > rules.stale_after_days)
}

fn strategy_scope(strategy: &StrategyView) -> RollupScope {
    RollupScope {
        kind: ScopeKind::Strategy,
        id: strategy.id,
        code: None,
        title: strategy.title.clone(),
        parent_id: None,
    }
}

fn goal_scope(goal: &GoalView) -> RollupScope {
    RollupScope {
        kind: if goal.parent_id.is_none() {
            ScopeKind::FieldOfAction
        } else {
            ScopeKind::Goal
        },
        id: goal.id,
        code: Some(goal.code.clone()),
        title: goal.title.clone(),
        parent_id: goal.parent_id,
    }
}

fn department_scope(department: &DepartmentView) -> RollupScope {
    RollupScope {
        kind: ScopeKind::Department,
        id: department.id,
        code: Some(department.code.clone()),
        title: department.name.clone(),
        parent_id: department.parent_id,
    }
}

fn goal_forest(goals: &[GoalView]) -> Forest {
    Forest::new(goals.iter().map(|g| (g.id, g.parent_id)))
}

fn department_forest(departments: &[DepartmentView]) -> Forest {
    Forest::new(departments.iter().map(|d| (d.id, d.parent_id)))
}

/// Which of `measures` (by index) each goal covers: linked to it or to a goal below it.
fn goal_coverage(forest: &Forest, measures: &[&EvaluatedMeasure]) -> HashMap<i32, Vec<usize>> {
    coverage(
        forest,
        measures
            .iter()
            .enumerate()
            .map(|(i, m)| (i, m.facts.goal_ids.as_slice())),
    )
}

/// Which of `measures` (by index) each department covers: led by it or by one below it.
fn department_coverage(
    forest: &Forest,
    measures: &[&EvaluatedMeasure],
) -> HashMap<i32, Vec<usize>> {
    coverage(
        forest,
        measures
            .iter()
            .enumerate()
            .map(|(i, m)| (i, std::slice::from_ref(&m.facts.lead_department_id))),
    )
}

fn pick<'a>(
    measures: &[&'a EvaluatedMeasure],
    covered: &HashMap<i32, Vec<usize>>,
    node: i32,
) -> Vec<&'a EvaluatedMeasure> {
    covered
        .get(&node)
        .map(|indices| indices.iter().map(|&i| measures[i]).collect())
        .unwrap_or_default()
}

/// Roll-ups per goal (tree order, as `goals` is given) over `plan`.
fn goal_entries(goals: &[GoalView], plan: &[&EvaluatedMeasure]) -> Vec<RollupEntry> {
    let forest = goal_forest(goals);
    let covered = goal_coverage(&forest, plan);
    goals
        .iter()
        .map(|g| RollupEntry {
            scope: goal_scope(g),
            rollup: roll_up(&pick(plan, &covered, g.id)),
        })
        .collect()
}

fn light_distribution(plan: &[&EvaluatedMeasure]) -> LightDistribution {
    let mut counts = LightDistribution::default();
    for m in plan {
        let bucket = match m.light.light {
            Some(TrafficLight::Green) => &mut counts.green,
            Some(TrafficLight::Yellow) => &mut counts.yellow,
            Some(TrafficLight::Red) => &mut counts.red,
            Some(TrafficLight::Pending) => &mut counts.pending,
            None => &mut counts.none,
        };
        *bucket += 1;
    }
    counts
}

/// Computes the dashboard from loaded data. `goals` must be in tree order (as
/// [`goals::list`] returns them); departments may come in any order.
pub fn build_dashboard(
    strategy: StrategyView,
    goals: &[GoalView],
    departments: &[DepartmentView],
    measures: &[EvaluatedMeasure],
    rules: &LightRules,
    today: NaiveDate,
) -> DashboardView {
    let plan: Vec<&EvaluatedMeasure> = measures.iter().filter(|m| !m.is_draft()).collect();
    let excluded_drafts = u32::try_from(measures.len() - plan.len()).unwrap_or(u32::MAX);

    let goal_rollups = goal_entries(goals, &plan);
    let fields_of_action = goal_rollups
        .iter()
        .filter(|e| e.scope.kind == ScopeKind::FieldOfAction)
        .cloned()
        .collect();

    let department_forest = department_forest(departments);
    let department_covered = department_coverage(&department_forest, &plan);
    let departments_by_id: HashMap<i32, &DepartmentView> =
        departments.iter().map(|d| (d.id, d)).collect();
    let department_rollups = department_forest
        .preorder()
        .into_iter()
        .filter_map(|(id, _)| departments_by_id.get(&id))
        .map(|d| RollupEntry {
            scope: department_scope(d),
            rollup: roll_up(&pick(&plan, &department_covered, d.id)),
        })
        .collect();

    let mut overdue: Vec<&EvaluatedMeasure> = plan
        .iter()
        .copied()
        .filter(|m| is_overdue(&m.facts, today))
        .collect();
    overdue.sort_by(|a, b| {
        // Earliest planned end first; measures overdue only by a milestone last.
        (a.facts.planned_end.is_none(), a.facts.planned_end)
            .cmp(&(b.facts.planned_end.is_none(), b.facts.planned_end))
            .then_with(|| a.facts.code.cmp(&b.facts.code))
    });
    let mut at_risk: Vec<&EvaluatedMeasure> = plan
        .iter()
        .copied()
        .filter(|m| {
            matches!(
                m.light.light,
                Some(TrafficLight::Red | TrafficLight::Yellow)
            )
        })
        .collect();
    at_risk.sort_by(|a, b| {
        b.light
            .light
            .cmp(&a.light.light)
            .then_with(|| a.facts.code.cmp(&b.facts.code))
    });
    let mut stale: Vec<&EvaluatedMeasure> = plan
        .iter()
        .copied()
        .filter(|m| lacks_recent_update(&m.facts, rules, today))
        .collect();
    // `None < Some(_)`: never updated first, then the oldest update.
    stale.sort_by(|a, b| {
        a.facts
            .last_update_date
            .cmp(&b.facts.last_update_date)
            .then_with(|| a.facts.code.cmp(&b.facts.code))
    });

    let count = |list: &[&EvaluatedMeasure]| u32::try_from(list.len()).unwrap_or(u32::MAX);
    let (overdue_total, at_risk_total, without_recent_update_total) =
        (count(&overdue), count(&at_risk), count(&stale));
    DashboardView {
        as_of: today,
        overdue_total,
        at_risk_total,
        without_recent_update_total,
        overall: RollupEntry {
            scope: strategy_scope(&strategy),
            rollup: roll_up(&plan),
        },
        strategy,
        rules: *rules,
        excluded_drafts,
        fields_of_action,
        goals: goal_rollups,
        departments: department_rollups,
        light_distribution: light_distribution(&plan),
        overdue: overdue
            .into_iter()
            .map(EvaluatedMeasure::list_item)
            .collect(),
        at_risk: at_risk
            .into_iter()
            .map(EvaluatedMeasure::list_item)
            .collect(),
        without_recent_update: stale.into_iter().map(EvaluatedMeasure::list_item).collect(),
    }
}

/// Explains one roll-up: the scope's measures (drafts included, marked as excluded) and
/// the roll-up over the non-draft ones.
pub fn build_explanation(
    scope: RollupScope,
    covered: &[&EvaluatedMeasure],
    rules: &LightRules,
    today: NaiveDate,
) -> RollupExplanation {
    let plan: Vec<&EvaluatedMeasure> = covered.iter().copied().filter(|m| !m.is_draft()).collect();
    let excluded_drafts = u32::try_from(covered.len() - plan.len()).unwrap_or(u32::MAX);
    let mut inputs: Vec<RollupInputView> = covered
        .iter()
        .map(|m| {
            let excluded_reason = if m.is_draft() {
                Some("draft")
            } else {
                rollup::excluded_reason(&m.rollup_input())
            };
            RollupInputView {
                measure_id: m.facts.id,
                code: m.facts.code.clone(),
                title: m.facts.title.clone(),
                weight: m.facts.weight,
                progress: m.facts.progress,
                light: m.light.light,
                reasons: m.light.reasons.clone(),
                overridden: m.light.override_.is_some(),
                computed_light: m.light.computed,
                override_: m.light.override_.clone(),
                status_category: m.facts.status_category,
                included: excluded_reason.is_none(),
                excluded_reason: excluded_reason.map(str::to_owned),
                visibility: m.facts.visibility,
                lead_department_id: m.facts.lead_department_id,
                participating_department_ids: m.facts.participating_department_ids.clone(),
            }
        })
        .collect();
    inputs.sort_by(|a, b| a.code.cmp(&b.code));
    RollupExplanation {
        as_of: today,
        rollup: roll_up(&plan),
        scope,
        rules: *rules,
        excluded_drafts,
        inputs,
    }
}

async fn evaluated_active(
    db: &Db,
    rules: &LightRules,
    today: NaiveDate,
) -> StoreResult<Vec<EvaluatedMeasure>> {
    let facts = measure_facts::load(db, Selection::AllActive).await?;
    Ok(evaluate_all(facts, rules, today))
}

/// Loads and computes the dashboard in a fixed number of queries.
pub async fn dashboard(
    db: &Db,
    rules: &LightRules,
    today: NaiveDate,
) -> StoreResult<DashboardView> {
    let strategy = strategy::get(db).await?;
    let goals = goals::list(db).await?;
    let departments = departments::list(db).await?;
    let measures = evaluated_active(db, rules, today).await?;
    Ok(build_dashboard(
        strategy,
        &goals,
        &departments,
        &measures,
        rules,
        today,
    ))
}

/// Loads and explains one roll-up; `NotFound` for an unknown goal or department.
pub async fn explain(
    db: &Db,
    rules: &LightRules,
    today: NaiveDate,
    target: Target,
) -> StoreResult<RollupExplanation> {
    let measures = evaluated_active(db, rules, today).await?;
    let all: Vec<&EvaluatedMeasure> = measures.iter().collect();
    let (scope, covered) = match target {
        Target::Strategy => (strategy_scope(&strategy::get(db).await?), all),
        Target::Goal(id) => {
            let goals = goals::list(db).await?;
            let goal = goals
                .iter()
                .find(|g| g.id == id)
                .ok_or(StoreError::NotFound)?;
            let covered = goal_coverage(&goal_forest(&goals), &all);
            (goal_scope(goal), pick(&all, &covered, id))
        }
        Target::Department(id) => {
            let departments = departments::list(db).await?;
            let department = departments
                .iter()
                .find(|d| d.id == id)
                .ok_or(StoreError::NotFound)?;
            let covered = department_coverage(&department_forest(&departments), &all);
            (department_scope(department), pick(&all, &covered, id))
        }
    };
    Ok(build_explanation(scope, &covered, rules, today))
}

// ---------------------------------------------------------------------------------------
// Public (anonymous) data: measures with visibility `public` only.

/// A goal a public measure serves.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublicGoalRef {
    pub code: String,
    pub title: String,
}

/// A published measure on the transparency page. Carries no names of people, no contact
/// data and no override reason.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublicMeasure {
    pub code: String,
    pub title: String,
    pub description: String,
    /// Label of the status, e.g. "in Umsetzung".
    pub status: String,
    pub status_category: StatusCategory,
    pub progress: u8,
    /// The effective traffic light; `null` only when cancelled.
    pub light: Option<TrafficLight>,
    /// Why the documented rule computed its light.
    pub light_reasons: Vec<LightReason>,
    /// Whether the Digitalisierungsbeauftragte/r set the light by hand (with a written
    /// reason kept internally).
    pub overridden: bool,
    pub goals: Vec<PublicGoalRef>,
    /// Name of the lead department.
    pub lead_department: String,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
}

/// The strategy as the public sees it (the council resolution is public).
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublicStrategy {
    pub title: String,
    pub description: String,
    pub resolution_number: String,
    pub resolution_body: String,
    pub resolution_date: Option<NaiveDate>,
    pub in_force_from: Option<NaiveDate>,
    pub in_force_to: Option<NaiveDate>,
}

impl From<StrategyView> for PublicStrategy {
    fn from(s: StrategyView) -> Self {
        Self {
            title: s.title,
            description: s.description,
            resolution_number: s.resolution_number,
            resolution_body: s.resolution_body,
            resolution_date: s.resolution_date,
            in_force_from: s.in_force_from,
            in_force_to: s.in_force_to,
        }
    }
}

/// Roll-ups over the published measures only.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublicDashboard {
    pub as_of: NaiveDate,
    pub strategy: PublicStrategy,
    /// All published measures.
    pub overall: RollupEntry,
    /// One entry per Handlungsfeld, over its published measures.
    pub fields_of_action: Vec<RollupEntry>,
    pub light_distribution: LightDistribution,
}

fn is_published(facts: &MeasureFacts) -> bool {
    facts.visibility == Visibility::Public && !facts.archived
}

async fn evaluated_public(
    db: &Db,
    rules: &LightRules,
    today: NaiveDate,
) -> StoreResult<Vec<EvaluatedMeasure>> {
    let mut facts = measure_facts::load(db, Selection::AllActive).await?;
    facts.retain(is_published);
    Ok(evaluate_all(facts, rules, today))
}

/// The published measures, by code, in a fixed number of queries.
pub async fn public_measures(
    db: &Db,
    rules: &LightRules,
    today: NaiveDate,
) -> StoreResult<Vec<PublicMeasure>> {
    let measures = evaluated_public(db, rules, today).await?;
    if measures.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = measures.iter().map(|m| m.facts.id).collect();
    let descriptions: HashMap<i32, String> = measure::Entity::find()
        .select_only()
        .column(measure::Column::Id)
        .column(measure::Column::Description)
        .filter(measure::Column::Id.is_in(ids))
        .into_tuple::<(i32, String)>()
        .all(db)
        .await?
        .into_iter()
        .collect();
    let labels: HashMap<i32, String> = status::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.label))
        .collect();
    let goals: HashMap<i32, GoalView> = goals::list(db)
        .await?
        .into_iter()
        .map(|g| (g.id, g))
        .collect();
    let departments: HashMap<i32, String> = departments::list(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect();
    Ok(measures
        .into_iter()
        .map(|m| {
            let mut goal_refs: Vec<PublicGoalRef> = m
                .facts
                .goal_ids
                .iter()
                .filter_map(|id| goals.get(id))
                .map(|g| PublicGoalRef {
                    code: g.code.clone(),
                    title: g.title.clone(),
                })
                .collect();
            goal_refs.sort_by(|a, b| a.code.cmp(&b.code));
            PublicMeasure {
                description: descriptions.get(&m.facts.id).cloned().unwrap_or_default(),
                status: labels.get(&m.facts.status_id).cloned().unwrap_or_default(),
                status_category: m.facts.status_category,
                progress: m.facts.progress,
                light: m.light.light,
                light_reasons: m.light.reasons,
                overridden: m.light.override_.is_some(),
                goals: goal_refs,
                lead_department: departments
                    .get(&m.facts.lead_department_id)
                    .cloned()
                    .unwrap_or_default(),
                planned_start: m.facts.planned_start,
                planned_end: m.facts.planned_end,
                code: m.facts.code,
                title: m.facts.title,
            }
        })
        .collect())
}

/// Roll-ups over the published measures: overall and per Handlungsfeld.
pub async fn public_dashboard(
    db: &Db,
    rules: &LightRules,
    today: NaiveDate,
) -> StoreResult<PublicDashboard> {
    let strategy = strategy::get(db).await?;
    let goals = goals::list(db).await?;
    let measures = evaluated_public(db, rules, today).await?;
    let published: Vec<&EvaluatedMeasure> = measures.iter().collect();
    let roots: Vec<GoalView> = goals
        .iter()
        .filter(|g| g.parent_id.is_none())
        .cloned()
        .collect();
    let covered = goal_coverage(&goal_forest(&goals), &published);
    Ok(PublicDashboard {
        as_of: today,
        overall: RollupEntry {
            scope: strategy_scope(&strategy),
            rollup: roll_up(&published),
        },
        fields_of_action: roots
            .iter()
            .map(|g| RollupEntry {
                scope: goal_scope(g),
                rollup: roll_up(&pick(&published, &covered, g.id)),
            })
            .collect(),
        light_distribution: light_distribution(&published),
        strategy: strategy.into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::traffic_light::MilestoneState;
    use crate::store::measure_facts::LightOverride;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn today() -> NaiveDate {
        date(2026, 3, 1)
    }

    fn facts(id: i32, goal_ids: &[i32], lead: i32) -> MeasureFacts {
        MeasureFacts {
            id,
            code: format!("M{id:02}"),
            title: format!("Maßnahme {id}"),
            lead_department_id: lead,
            participating_department_ids: Vec::new(),
            goal_ids: goal_ids.to_vec(),
            status_id: 1,
            status_category: StatusCategory::InProgress,
            progress: 50,
            weight: 1,
            visibility: Visibility::Internal,
            archived: false,
            planned_start: Some(date(2026, 1, 1)),
            planned_end: Some(date(2026, 5, 1)),
            last_update_date: Some(date(2026, 2, 20)),
            milestones: Vec::new(),
            light_override: None,
        }
    }

    fn goal(id: i32, parent_id: Option<i32>) -> GoalView {
        GoalView {
            id,
            parent_id,
            depth: 0,
            code: format!("G{id}"),
            title: format!("Ziel {id}"),
            description: String::new(),
            position: 0,
            version: 1,
        }
    }

    fn department(id: i32, parent_id: Option<i32>) -> DepartmentView {
        DepartmentView {
            id,
            parent_id,
            code: format!("FB {id}"),
            name: format!("Fachbereich {id}"),
            active: true,
            position: 0,
            version: 1,
        }
    }

    fn strategy() -> StrategyView {
        StrategyView {
            id: 1,
            title: "Digitalisierungsstrategie".into(),
            description: String::new(),
            resolution_number: "FB 1/169/2022".into(),
            resolution_body: "Stadtrat".into(),
            resolution_date: None,
            in_force_from: None,
            in_force_to: None,
            version: 1,
        }
    }

    fn evaluate(list: Vec<MeasureFacts>) -> Vec<EvaluatedMeasure> {
        evaluate_all(list, &LightRules::default(), today())
    }

    /// Goals: 1 ─ 2 ─ 3, and 4. Departments: 10 ─ 11, and 20.
    fn dashboard_of(list: Vec<MeasureFacts>) -> DashboardView {
        let goals = [
            goal(1, None),
            goal(2, Some(1)),
            goal(3, Some(2)),
            goal(4, None),
        ];
        let departments = [
            department(10, None),
            department(11, Some(10)),
            department(20, None),
        ];
        build_dashboard(
            strategy(),
            &goals,
            &departments,
            &evaluate(list),
            &LightRules::default(),
            today(),
        )
    }

    fn entry(entries: &[RollupEntry], id: i32) -> &RollupEntry {
        entries
            .iter()
            .find(|e| e.scope.id == id)
            .expect("entry exists")
    }

    #[test]
    fn a_goal_counts_a_measure_linked_to_it_and_to_a_descendant_once() {
        let d = dashboard_of(vec![facts(1, &[1, 3], 11), facts(2, &[3], 20)]);
        assert_eq!(entry(&d.goals, 1).rollup.measures_total, 2);
        assert_eq!(entry(&d.goals, 2).rollup.measures_total, 2);
        assert_eq!(entry(&d.goals, 3).rollup.measures_total, 2);
        assert_eq!(entry(&d.goals, 4).rollup.measures_total, 0);
        assert_eq!(d.overall.rollup.measures_total, 2);
        assert_eq!(d.fields_of_action.len(), 2);
        assert_eq!(d.fields_of_action[0].scope.kind, ScopeKind::FieldOfAction);
        assert_eq!(entry(&d.goals, 3).scope.kind, ScopeKind::Goal);
    }

    #[test]
    fn a_department_covers_the_measures_led_by_it_or_below_it() {
        let mut participating = facts(3, &[4], 20);
        participating.participating_department_ids = vec![10];
        let d = dashboard_of(vec![facts(1, &[1], 11), facts(2, &[1], 10), participating]);
        assert_eq!(entry(&d.departments, 10).rollup.measures_total, 2);
        assert_eq!(entry(&d.departments, 11).rollup.measures_total, 1);
        assert_eq!(entry(&d.departments, 20).rollup.measures_total, 1);
        let order: Vec<i32> = d.departments.iter().map(|e| e.scope.id).collect();
        assert_eq!(order, vec![10, 11, 20]);
    }

    #[test]
    fn drafts_are_left_out_of_every_rollup_and_list_and_only_counted() {
        let mut draft = facts(2, &[1], 10);
        draft.visibility = Visibility::Draft;
        draft.planned_end = Some(date(2025, 1, 1));
        draft.last_update_date = None;
        let d = dashboard_of(vec![facts(1, &[1], 10), draft]);
        assert_eq!(d.excluded_drafts, 1);
        assert_eq!(d.overall.rollup.measures_total, 1);
        assert_eq!(entry(&d.goals, 1).rollup.measures_total, 1);
        assert_eq!(entry(&d.departments, 10).rollup.measures_total, 1);
        assert!(d.overdue.is_empty());
        assert!(d.at_risk.is_empty());
        assert!(d.without_recent_update.is_empty());
        assert_eq!(d.light_distribution.green, 1);
    }

    #[test]
    fn the_rollup_uses_the_effective_light_including_the_override() {
        let mut overridden = facts(1, &[1], 10);
        overridden.light_override = Some(LightOverride {
            light: TrafficLight::Red,
            reason: "Lieferant insolvent".into(),
            by_user_id: Some(1),
            by_user_name: Some("Dana Digital".into()),
            at: None,
        });
        let d = dashboard_of(vec![overridden]);
        assert_eq!(d.overall.rollup.light, Some(TrafficLight::Red));
        assert_eq!(d.at_risk.len(), 1);
        assert!(d.at_risk[0].overridden);
        // The list shows the computed light and the override beside the effective one.
        assert_eq!(d.at_risk[0].computed_light, Some(TrafficLight::Green));
        assert_eq!(
            d.at_risk[0].override_.as_ref().map(|o| o.reason.as_str()),
            Some("Lieferant insolvent")
        );
        assert_eq!(d.at_risk[0].reasons, vec![LightReason::OnSchedule]);
    }

    #[test]
    fn overdue_means_past_the_planned_end_or_an_open_milestone_past_due_while_active() {
        let mut late = facts(1, &[], 10);
        late.planned_end = Some(date(2026, 2, 28));
        let mut milestone = facts(2, &[], 10);
        milestone.milestones = vec![MilestoneState {
            due: date(2026, 2, 1),
            done: None,
        }];
        let mut done_late = facts(3, &[], 10);
        done_late.planned_end = Some(date(2026, 1, 1));
        done_late.status_category = StatusCategory::Completed;
        let mut ends_today = facts(4, &[], 10);
        ends_today.planned_end = Some(today());
        assert!(is_overdue(&late, today()));
        assert!(is_overdue(&milestone, today()));
        assert!(!is_overdue(&done_late, today()));
        assert!(!is_overdue(&ends_today, today()));
        let d = dashboard_of(vec![milestone, late, done_late, ends_today]);
        let codes: Vec<&str> = d.overdue.iter().map(|m| m.code.as_str()).collect();
        assert_eq!(codes, vec!["M01", "M02"]);
    }

    #[test]
    fn a_measure_lacks_a_recent_update_when_never_or_too_long_ago_updated() {
        let rules = LightRules::default();
        let mut never = facts(1, &[], 10);
        never.last_update_date = None;
        let mut old = facts(2, &[], 10);
        old.last_update_date = Some(today() - chrono::Duration::days(121));
        let mut limit = facts(3, &[], 10);
        limit.last_update_date = Some(today() - chrono::Duration::days(120));
        let mut finished = facts(4, &[], 10);
        finished.last_update_date = None;
        finished.status_category = StatusCategory::Completed;
        assert!(lacks_recent_update(&never, &rules, today()));
        assert!(lacks_recent_update(&old, &rules, today()));
        assert!(!lacks_recent_update(&limit, &rules, today()));
        assert!(!lacks_recent_update(&finished, &rules, today()));
        let d = dashboard_of(vec![old, never, limit, finished]);
        let codes: Vec<&str> = d
            .without_recent_update
            .iter()
            .map(|m| m.code.as_str())
            .collect();
        assert_eq!(codes, vec!["M01", "M02"]);
    }

    #[test]
    fn at_risk_lists_red_before_yellow() {
        let mut yellow = facts(1, &[], 10);
        yellow.status_category = StatusCategory::Deferred;
        let mut red = facts(2, &[], 10);
        red.planned_end = Some(date(2026, 2, 1));
        let d = dashboard_of(vec![yellow, red, facts(3, &[], 10)]);
        let lights: Vec<Option<TrafficLight>> = d.at_risk.iter().map(|m| m.light).collect();
        assert_eq!(
            lights,
            vec![Some(TrafficLight::Red), Some(TrafficLight::Yellow)]
        );
    }

    #[test]
    fn an_explanation_lists_drafts_and_cancelled_measures_as_excluded() {
        let mut draft = facts(2, &[], 10);
        draft.visibility = Visibility::Draft;
        let mut cancelled = facts(3, &[], 10);
        cancelled.status_category = StatusCategory::Cancelled;
        let measures = evaluate(vec![facts(1, &[], 10), draft, cancelled]);
        let all: Vec<&EvaluatedMeasure> = measures.iter().collect();
        let e = build_explanation(
            strategy_scope(&strategy()),
            &all,
            &LightRules::default(),
            today(),
        );
        assert_eq!(e.excluded_drafts, 1);
        assert_eq!(e.rollup.measures_total, 2);
        assert_eq!(e.rollup.measures_included, 1);
        let reasons: Vec<(bool, Option<&str>)> = e
            .inputs
            .iter()
            .map(|i| (i.included, i.excluded_reason.as_deref()))
            .collect();
        assert_eq!(
            reasons,
            vec![
                (true, None),
                (false, Some("draft")),
                (false, Some("cancelled"))
            ]
        );
    }

    #[test]
    fn an_explanation_hides_the_access_fields_from_json() {
        let measures = evaluate(vec![facts(1, &[], 10)]);
        let all: Vec<&EvaluatedMeasure> = measures.iter().collect();
        let e = build_explanation(
            strategy_scope(&strategy()),
            &all,
            &LightRules::default(),
            today(),
        );
        let json = serde_json::to_value(&e.inputs[0]).expect("serializable");
        assert!(json.get("visibility").is_none());
        assert!(json.get("lead_department_id").is_none());
    }
}
