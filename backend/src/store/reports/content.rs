//! Builds the [`ReportContent`] of a round from live data, on the caller's (freeze)
//! transaction, so every number comes from one snapshot.
//!
//! Nothing is computed twice: lights come from [`measure_facts`] evaluated by
//! [`dashboard::evaluate_all`], roll-ups from [`dashboard::build_dashboard`] (the same rule
//! as the dashboard), the maturity summary and the uncovered gaps from
//! [`maturity::results`]. The measures are those of the plan: not archived, not draft
//! (cancelled ones are listed, the roll-up rule leaves them out).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::super::dashboard::{self, EvaluatedMeasure, ScopeKind};
use super::super::departments::DepartmentView;
use super::super::entities::{
    department, maturity_round, measure, reporting_round, reporting_round_item, status,
    status_update, strategy,
};
use super::super::goals::{self, GoalView};
use super::super::maturity::results::{self as maturity_results, GapFilter, SubjectKind};
use super::super::measure_facts::{self, Selection};
use super::super::measures::natural_cmp;
use super::super::strategy::StrategyView;
use super::super::{StoreError, StoreResult};
use crate::domain::maturity::RoundState;
use crate::domain::measure::Visibility;
use crate::domain::report::{
    REPORT_SCHEMA_VERSION, ReportContent, ReportDepartmentRef, ReportDepartmentRollup, ReportField,
    ReportGap, ReportGoalRef, ReportLastUpdate, ReportLightCounts, ReportLightOverride,
    ReportMaturity, ReportMaturityDimension, ReportMaturitySubject, ReportMeasure,
    ReportMeasureRef, ReportMeeting, ReportOpenItem, ReportRollup, ReportRound, ReportStatus,
    ReportStatusCounts, ReportStrategy, ReportSummaryBlock,
};
use crate::domain::traffic_light::LightRules;
use crate::domain::tree::Forest;

/// Item states of a reporting round.
pub const ITEM_APPROVED: &str = "approved";
const ITEM_DUE: &str = "due";
const ITEM_RETURNED: &str = "returned";

/// What the freeze knows besides the data: who, when, for which day.
pub struct FreezeContext<'a> {
    pub title: String,
    pub frozen_at: DateTime<Utc>,
    pub frozen_by_name: &'a str,
    /// The town-hall day lights and overdue items are computed for.
    pub today: NaiveDate,
    pub rules: &'a LightRules,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(what.to_owned()))
}

/// Goals in tree order (the order of [`goals::list`]), on any connection.
async fn goals_in_tree_order<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<GoalView>> {
    let rows = goals::all_rows(conn).await?;
    let forest = goals::forest_of(&rows);
    let mut by_id: HashMap<i32, _> = rows.into_iter().map(|g| (g.id, g)).collect();
    Ok(forest
        .preorder()
        .into_iter()
        .filter_map(|(id, depth)| {
            by_id.remove(&id).map(|g| GoalView {
                id: g.id,
                parent_id: g.parent_id,
                depth,
                code: g.code,
                title: g.title,
                description: g.description,
                position: g.position,
                version: g.version,
            })
        })
        .collect())
}

/// The latest status update (reporting date, then id) of each of `ids`.
async fn last_updates<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> StoreResult<HashMap<i32, ReportLastUpdate>> {
    let mut latest = HashMap::new();
    if ids.is_empty() {
        return Ok(latest);
    }
    let mut rows: Vec<(i32, NaiveDate, String)> = Vec::new();
    for chunk in ids.chunks(crate::store::MAX_IN_LIST) {
        rows.extend(
            status_update::Entity::find()
                .select_only()
                .column(status_update::Column::MeasureId)
                .column(status_update::Column::ReportingDate)
                .column(status_update::Column::Narrative)
                .filter(status_update::Column::MeasureId.is_in(chunk.iter().copied()))
                .order_by_desc(status_update::Column::ReportingDate)
                .order_by_desc(status_update::Column::Id)
                .into_tuple::<(i32, NaiveDate, String)>()
                .all(conn)
                .await?,
        );
    }
    for (measure_id, date, narrative) in rows {
        latest
            .entry(measure_id)
            .or_insert(ReportLastUpdate { date, narrative });
    }
    Ok(latest)
}

/// The maturity summary and uncovered gaps of the latest approved maturity round dated on
/// or before `today`.
async fn maturity<C: ConnectionTrait>(
    conn: &C,
    today: NaiveDate,
) -> StoreResult<(Option<ReportMaturity>, Vec<ReportGap>)> {
    let Some(round) = maturity_round::Entity::find()
        .filter(maturity_round::Column::State.eq(RoundState::Approved.as_str()))
        .filter(maturity_round::Column::RoundDate.lte(today))
        .order_by_desc(maturity_round::Column::RoundDate)
        .order_by_desc(maturity_round::Column::Id)
        .one(conn)
        .await?
    else {
        return Ok((None, Vec::new()));
    };
    let results =
        maturity_results::results(conn, round.id, None, &|s| s == RoundState::Approved).await?;
    let administration = results
        .subjects
        .iter()
        .find(|s| s.subject.kind == SubjectKind::Administration);
    let summary = ReportMaturity {
        round_id: round.id,
        title: results.round.title.clone(),
        round_date: results.round.round_date,
        model_name: results.round.model_name.clone(),
        score: administration.and_then(|a| a.overall.score),
        score_formula: administration
            .map(|a| a.overall.formula.clone())
            .unwrap_or_default(),
        target_score: administration.and_then(|a| a.target_overall.score),
        change: administration
            .and_then(|a| a.previous.as_ref())
            .and_then(|p| p.change),
        dimensions: administration
            .map(|a| {
                a.dimensions
                    .iter()
                    .map(|d| ReportMaturityDimension {
                        code: d.code.clone(),
                        title: d.title.clone(),
                        actual: d.actual,
                        target: d.target,
                        difference: d.difference,
                        is_gap: d.is_gap,
                    })
                    .collect()
            })
            .unwrap_or_default(),
        subjects: results
            .subjects
            .iter()
            .map(|s| ReportMaturitySubject {
                name: s.subject.name.clone(),
                score: s.overall.score,
                target_score: s.target_overall.score,
            })
            .collect(),
    };
    let gaps = maturity_results::gaps(
        conn,
        round.id,
        &GapFilter {
            uncovered_only: true,
            ..GapFilter::default()
        },
    )
    .await?
    .gaps
    .into_iter()
    .map(|g| ReportGap {
        subject: g.subject.name,
        dimension_code: g.dimension_code,
        dimension_title: g.dimension_title,
        actual: g.actual,
        target: g.target,
        difference: g.difference,
    })
    .collect();
    Ok((Some(summary), gaps))
}

/// Builds the content of `round`'s report on `conn` (one transaction).
pub async fn build<C: ConnectionTrait>(
    conn: &C,
    round: &reporting_round::Model,
    context: &FreezeContext<'_>,
) -> StoreResult<ReportContent> {
    let strategy_row = strategy::Entity::find()
        .order_by_asc(strategy::Column::Id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let strategy = StrategyView::from(strategy_row);
    let goals = goals_in_tree_order(conn).await?;
    let departments: Vec<DepartmentView> = department::Entity::find()
        .order_by_asc(department::Column::Position)
        .order_by_asc(department::Column::Code)
        .all(conn)
        .await?
        .into_iter()
        .map(DepartmentView::from)
        .collect();
    let statuses: HashMap<i32, status::Model> = status::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|s| (s.id, s))
        .collect();
    let facts = measure_facts::load(conn, Selection::AllActive).await?;
    let evaluated = dashboard::evaluate_all(facts, context.rules, context.today);
    let view = dashboard::build_dashboard(
        strategy.clone(),
        &goals,
        &departments,
        &evaluated,
        context.rules,
        context.today,
    );

    let mut plan: Vec<&EvaluatedMeasure> = evaluated
        .iter()
        .filter(|m| m.facts.visibility != Visibility::Draft)
        .collect();
    plan.sort_by(|a, b| natural_cmp(&a.facts.code, &b.facts.code));
    let plan_ids: Vec<i32> = plan.iter().map(|m| m.facts.id).collect();

    // Budgets are not part of the rule facts; one narrow query over the whole table (the
    // plan is most of it, and an IN list of every id would exceed SQLite's limit).
    let budgets: HashMap<i32, (Option<i64>, Option<i64>)> = if plan_ids.is_empty() {
        HashMap::new()
    } else {
        measure::Entity::find()
            .select_only()
            .column(measure::Column::Id)
            .column(measure::Column::BudgetPlannedCents)
            .column(measure::Column::BudgetSpentCents)
            .into_tuple::<(i32, Option<i64>, Option<i64>)>()
            .all(conn)
            .await?
            .into_iter()
            .map(|(id, planned, spent)| (id, (planned, spent)))
            .collect()
    };
    let updates = last_updates(conn, &plan_ids).await?;
    let items = reporting_round_item::Entity::find()
        .filter(reporting_round_item::Column::RoundId.eq(round.id))
        .all(conn)
        .await?;
    let item_state: HashMap<i32, String> = items
        .iter()
        .map(|i| (i.measure_id, i.state.clone()))
        .collect();

    let goals_by_id: HashMap<i32, &GoalView> = goals.iter().map(|g| (g.id, g)).collect();
    let departments_by_id: HashMap<i32, &DepartmentView> =
        departments.iter().map(|d| (d.id, d)).collect();
    let department_ref = |id: i32| {
        departments_by_id
            .get(&id)
            .map(|d| ReportDepartmentRef {
                id,
                code: d.code.clone(),
                name: d.name.clone(),
            })
            .unwrap_or(ReportDepartmentRef {
                id,
                code: String::new(),
                name: String::new(),
            })
    };

    let mut by_light = ReportLightCounts::default();
    let mut by_status = ReportStatusCounts::default();
    let mut measures = Vec::with_capacity(plan.len());
    for m in &plan {
        let f = &m.facts;
        by_light.add(m.light.light);
        by_status.add(f.status_category);
        let status = statuses
            .get(&f.status_id)
            .ok_or_else(|| corrupt("a measure refers to an unknown status"))?;
        let mut goal_refs: Vec<ReportGoalRef> = f
            .goal_ids
            .iter()
            .filter_map(|id| goals_by_id.get(id))
            .map(|g| ReportGoalRef {
                id: g.id,
                code: g.code.clone(),
                title: g.title.clone(),
            })
            .collect();
        goal_refs.sort_by(|a, b| natural_cmp(&a.code, &b.code));
        let (budget_planned_cents, budget_spent_cents) =
            budgets.get(&f.id).copied().unwrap_or((None, None));
        measures.push(ReportMeasure {
            id: f.id,
            code: f.code.clone(),
            title: f.title.clone(),
            visibility: f.visibility,
            goals: goal_refs,
            lead_department: department_ref(f.lead_department_id),
            status: ReportStatus {
                id: status.id,
                name: status.label.clone(),
                category: f.status_category,
            },
            progress: f.progress,
            weight: f.weight,
            light: m.light.light,
            computed_light: m.light.computed,
            light_reasons: m.light.reasons.clone(),
            light_override: m.light.override_.as_ref().map(|o| ReportLightOverride {
                light: o.light,
                reason: o.reason.clone(),
            }),
            planned_start: f.planned_start,
            planned_end: f.planned_end,
            budget_planned_cents,
            budget_spent_cents,
            last_update: updates.get(&f.id).cloned(),
            round_item_state: item_state.get(&f.id).cloned(),
        });
    }

    // A measure belongs to a Handlungsfeld when one of its goals is the field or below it
    // (the dashboard's coverage rule).
    let forest = Forest::new(goals.iter().map(|g| (g.id, g.parent_id)));
    let fields = view
        .fields_of_action
        .iter()
        .filter(|e| e.scope.kind == ScopeKind::FieldOfAction)
        .map(|entry| ReportField {
            id: entry.scope.id,
            code: entry.scope.code.clone().unwrap_or_default(),
            title: entry.scope.title.clone(),
            rollup: ReportRollup::from(&entry.rollup),
            measures: measures
                .iter()
                .filter(|m| {
                    m.goals
                        .iter()
                        .any(|g| forest.root_of(g.id) == Some(entry.scope.id))
                })
                .cloned()
                .collect(),
        })
        .collect();
    let department_rollups = view
        .departments
        .iter()
        .map(|entry| ReportDepartmentRollup {
            id: entry.scope.id,
            code: entry.scope.code.clone().unwrap_or_default(),
            name: entry.scope.title.clone(),
            parent_id: entry.scope.parent_id,
            rollup: ReportRollup::from(&entry.rollup),
        })
        .collect();

    // Items not approved: unanswered, in review or returned.
    let open: Vec<&reporting_round_item::Model> =
        items.iter().filter(|i| i.state != ITEM_APPROVED).collect();
    let open_ids: std::collections::HashSet<i32> = open.iter().map(|i| i.measure_id).collect();
    let refs: HashMap<i32, ReportMeasureRef> = if open_ids.is_empty() {
        HashMap::new()
    } else {
        measure::Entity::find()
            .select_only()
            .column(measure::Column::Id)
            .column(measure::Column::Code)
            .column(measure::Column::Title)
            .into_tuple::<(i32, String, String)>()
            .all(conn)
            .await?
            .into_iter()
            .filter(|(id, _, _)| open_ids.contains(id))
            .map(|(id, code, title)| (id, ReportMeasureRef { id, code, title }))
            .collect()
    };
    let deadline_passed =
        context.today > round.deadline + chrono::Duration::days(i64::from(round.grace_days.max(0)));
    let mut overdue_items: Vec<ReportOpenItem> = open
        .iter()
        .filter_map(|i| {
            Some(ReportOpenItem {
                measure: refs.get(&i.measure_id)?.clone(),
                department: department_ref(i.department_id),
                state: i.state.clone(),
                overdue: deadline_passed && (i.state == ITEM_DUE || i.state == ITEM_RETURNED),
            })
        })
        .collect();
    overdue_items.sort_by(|a, b| {
        natural_cmp(&a.department.code, &b.department.code)
            .then_with(|| natural_cmp(&a.measure.code, &b.measure.code))
    });

    let (maturity, uncovered_gaps) = maturity(conn, context.today).await?;

    Ok(ReportContent {
        schema_version: REPORT_SCHEMA_VERSION,
        title: context.title.clone(),
        meeting: ReportMeeting {
            body: round.meeting_body.clone(),
            date: round.meeting_date,
            vorlage_number: round.vorlage_number.clone(),
        },
        round: ReportRound {
            id: round.id,
            title: round.title.clone(),
            deadline: round.deadline,
            grace_days: round.grace_days,
        },
        frozen_at: context.frozen_at,
        frozen_by_name: context.frozen_by_name.to_owned(),
        as_of: context.today,
        strategy: ReportStrategy {
            title: strategy.title,
            resolution_number: strategy.resolution_number,
            resolution_body: strategy.resolution_body,
            resolution_date: strategy.resolution_date,
        },
        rules: *context.rules,
        summary: ReportSummaryBlock {
            measure_count: u32::try_from(measures.len()).unwrap_or(u32::MAX),
            excluded_drafts: view.excluded_drafts,
            by_light,
            by_status_category: by_status,
            average_progress: view.overall.rollup.progress,
            strategy_rollup: ReportRollup::from(&view.overall.rollup),
        },
        fields,
        measures,
        department_rollups,
        maturity,
        overdue_items,
        uncovered_gaps,
    })
}
