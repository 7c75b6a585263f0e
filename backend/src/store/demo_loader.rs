//! Bulk insertion of the demo data set (Beispieldaten) built by [`crate::demo`]. The data set
//! refers to departments, goals, users, statuses and measures by their codes; this module
//! inserts it level by level with `insert_many` in bounded chunks, reads the generated ids
//! back by code once per table, and does all of it in one transaction together with a
//! single audit entry ("demo data loaded"). Nothing is inserted if any user exists.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseTransaction, EntityTrait, PaginatorTrait, QueryFilter,
    TransactionTrait,
};

use super::audit::{self, Action};
use super::entities::{
    department, goal, measure, measure_department, measure_dependency, measure_goal, milestone,
    status, status_update, strategy, user, user_department,
};
use super::{Actor, Db, StoreError, StoreResult};
use crate::domain::access::Role;
use crate::domain::measure::{Priority, Visibility};
use crate::domain::traffic_light::TrafficLight;

/// Bound on bind parameters per statement (SQLite's historic limit is 999).
const MAX_PARAMS_PER_STATEMENT: usize = 900;

/// The strategy of the demo administration.
#[derive(Debug, Clone)]
pub struct DemoStrategy {
    pub title: String,
    pub description: String,
    pub resolution_number: String,
    pub resolution_body: String,
    pub resolution_date: NaiveDate,
    pub in_force_from: NaiveDate,
}

/// A department; parents come before their children in [`DemoDataset::departments`].
#[derive(Debug, Clone)]
pub struct DemoDepartment {
    pub code: String,
    pub name: String,
    pub parent_code: Option<String>,
    pub position: i32,
}

/// A goal (Handlungsfeld or Ziel); parents come before their children.
#[derive(Debug, Clone)]
pub struct DemoGoal {
    pub code: String,
    pub title: String,
    pub description: String,
    pub parent_code: Option<String>,
    pub position: i32,
}

/// A login account; every demo account gets the same password hash.
#[derive(Debug, Clone)]
pub struct DemoUser {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    pub role: Role,
    pub department_codes: Vec<String>,
}

/// A milestone of a demo measure.
#[derive(Debug, Clone)]
pub struct DemoMilestone {
    pub title: String,
    pub due: NaiveDate,
    pub done: Option<NaiveDate>,
}

/// One status update (Sachstandsmeldung) of a demo measure.
#[derive(Debug, Clone)]
pub struct DemoStatusUpdate {
    pub reporting_date: NaiveDate,
    pub created_at: DateTime<Utc>,
    pub narrative: String,
    pub progress: i32,
    pub status_code: String,
    pub author_username: String,
}

/// The officer's traffic-light override of a demo measure.
#[derive(Debug, Clone)]
pub struct DemoOverride {
    pub light: TrafficLight,
    pub reason: String,
    pub by_username: String,
    pub at: DateTime<Utc>,
}

/// A measure with its links, milestones and status-update history (oldest first).
#[derive(Debug, Clone)]
pub struct DemoMeasure {
    pub code: String,
    pub title: String,
    pub description: String,
    pub lead_department_code: String,
    pub participating_department_codes: Vec<String>,
    pub goal_codes: Vec<String>,
    /// Measures this one depends on (by code).
    pub depends_on_codes: Vec<String>,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub status_code: String,
    pub progress: i32,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub priority: Priority,
    pub weight: i32,
    pub budget_planned_cents: Option<i64>,
    pub budget_spent_cents: Option<i64>,
    pub visibility: Visibility,
    pub light_override: Option<DemoOverride>,
    pub last_update_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub milestones: Vec<DemoMilestone>,
    pub updates: Vec<DemoStatusUpdate>,
}

/// The whole demo data set, referring to everything by code.
#[derive(Debug, Clone)]
pub struct DemoDataset {
    pub strategy: DemoStrategy,
    pub departments: Vec<DemoDepartment>,
    pub goals: Vec<DemoGoal>,
    pub users: Vec<DemoUser>,
    pub measures: Vec<DemoMeasure>,
    /// When the structure (departments, goals, users) was set up.
    pub set_up_at: DateTime<Utc>,
}

/// Ids of what the loader inserted, by code, for loaders of further demo data (for example
/// maturity assessments) that run in the same transaction.
#[derive(Debug, Clone, Default)]
pub struct DemoIds {
    pub departments: HashMap<String, i32>,
    pub goals: HashMap<String, i32>,
    pub users: HashMap<String, i32>,
    pub measures: HashMap<String, i32>,
}

/// Whether any user account exists (the demo data is only loaded into an empty database).
pub async fn any_user_exists(db: &Db) -> StoreResult<bool> {
    Ok(user::Entity::find().count(db).await? > 0)
}

/// Inserts the data set in one transaction. Returns `false` (and changes nothing) if any
/// user exists. Statuses are looked up by code, so the default statuses must exist.
///
/// `extra` runs inside the same transaction after the core data is in, with the ids by
/// code; it is where further demo data (maturity assessments) is inserted.
pub async fn load<F>(
    db: &Db,
    data: &DemoDataset,
    password_hash: &str,
    extra: F,
) -> anyhow::Result<bool>
where
    F: AsyncFnOnce(&DatabaseTransaction, &DemoIds) -> anyhow::Result<()>,
{
    let txn = db.begin().await?;
    if user::Entity::find().count(&txn).await? > 0 {
        txn.rollback().await?;
        return Ok(false);
    }
    let statuses = status_ids(&txn).await?;
    upsert_strategy(&txn, &data.strategy, data.set_up_at).await?;
    let departments = insert_departments(&txn, &data.departments, data.set_up_at).await?;
    let goals = insert_goals(&txn, &data.goals, data.set_up_at).await?;
    let users = insert_users(&txn, data, password_hash, &departments).await?;
    let ids = DemoIds {
        measures: insert_measures(&txn, &data.measures, &statuses, &departments, &users).await?,
        departments,
        goals,
        users,
    };
    insert_measure_links(&txn, &data.measures, &ids).await?;
    insert_milestones(&txn, &data.measures, &ids).await?;
    insert_status_updates(&txn, data, &ids, &statuses).await?;
    extra(&txn, &ids).await?;

    let updates: usize = data.measures.iter().map(|m| m.updates.len()).sum();
    let summary = serde_json::json!({
        "event": "demo data loaded",
        "departments": ids.departments.len(),
        "goals": ids.goals.len(),
        "users": ids.users.len(),
        "measures": ids.measures.len(),
        "status_updates": updates,
    });
    audit::record(
        &txn,
        &Actor::system("Demo-Daten (Beispieldaten)"),
        "system",
        None,
        Action::Create,
        None,
        Some(&summary),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(true)
}

/// Rows per `insert_many` statement for a table with `columns` columns.
fn chunk_rows(columns: usize) -> usize {
    (MAX_PARAMS_PER_STATEMENT / columns.max(1)).max(1)
}

fn missing(what: &str, code: &str) -> StoreError {
    StoreError::Conflict {
        field: "reference",
        message: format!("demo data refers to unknown {what} {code:?}"),
    }
}

fn lookup(map: &HashMap<String, i32>, what: &str, code: &str) -> StoreResult<i32> {
    map.get(code).copied().ok_or_else(|| missing(what, code))
}

async fn status_ids(txn: &DatabaseTransaction) -> StoreResult<HashMap<String, i32>> {
    Ok(status::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|s| (s.code, s.id))
        .collect())
}

/// Sets the strategy row (the installation has one strategy; it may already exist empty).
async fn upsert_strategy(
    txn: &DatabaseTransaction,
    s: &DemoStrategy,
    at: DateTime<Utc>,
) -> StoreResult<()> {
    let existing = strategy::Entity::find().one(txn).await?;
    let mut model = strategy::ActiveModel {
        title: Set(s.title.clone()),
        description: Set(s.description.clone()),
        resolution_number: Set(s.resolution_number.clone()),
        resolution_body: Set(s.resolution_body.clone()),
        resolution_date: Set(Some(s.resolution_date)),
        in_force_from: Set(Some(s.in_force_from)),
        in_force_to: Set(None),
        updated_at: Set(at),
        ..Default::default()
    };
    match existing {
        Some(row) => {
            model.version = Set(row.version + 1);
            strategy::Entity::update_many()
                .set(model)
                .filter(strategy::Column::Id.eq(row.id))
                .exec(txn)
                .await?;
        }
        None => {
            model.version = Set(1);
            strategy::Entity::insert(model)
                .exec_without_returning(txn)
                .await?;
        }
    }
    Ok(())
}

/// Inserts a tree level by level: rows whose parent is already known go in together.
async fn insert_departments(
    txn: &DatabaseTransaction,
    rows: &[DemoDepartment],
    at: DateTime<Utc>,
) -> StoreResult<HashMap<String, i32>> {
    let mut ids: HashMap<String, i32> = HashMap::new();
    let mut remaining: Vec<&DemoDepartment> = rows.iter().collect();
    while !remaining.is_empty() {
        let (ready, later): (Vec<&DemoDepartment>, Vec<&DemoDepartment>) = remaining
            .into_iter()
            .partition(|d| d.parent_code.as_ref().is_none_or(|p| ids.contains_key(p)));
        if ready.is_empty() {
            return Err(missing("parent department of", &later[0].code));
        }
        let models: Vec<department::ActiveModel> = ready
            .iter()
            .map(|d| department::ActiveModel {
                parent_id: Set(d.parent_code.as_ref().and_then(|p| ids.get(p).copied())),
                code: Set(d.code.clone()),
                name: Set(d.name.clone()),
                active: Set(true),
                position: Set(d.position),
                version: Set(1),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            })
            .collect();
        for chunk in models.chunks(chunk_rows(8)) {
            department::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        let codes: Vec<String> = ready.iter().map(|d| d.code.clone()).collect();
        for row in department::Entity::find()
            .filter(department::Column::Code.is_in(codes))
            .all(txn)
            .await?
        {
            ids.insert(row.code, row.id);
        }
        remaining = later;
    }
    Ok(ids)
}

async fn insert_goals(
    txn: &DatabaseTransaction,
    rows: &[DemoGoal],
    at: DateTime<Utc>,
) -> StoreResult<HashMap<String, i32>> {
    let mut ids: HashMap<String, i32> = HashMap::new();
    let mut remaining: Vec<&DemoGoal> = rows.iter().collect();
    while !remaining.is_empty() {
        let (ready, later): (Vec<&DemoGoal>, Vec<&DemoGoal>) = remaining
            .into_iter()
            .partition(|g| g.parent_code.as_ref().is_none_or(|p| ids.contains_key(p)));
        if ready.is_empty() {
            return Err(missing("parent goal of", &later[0].code));
        }
        let models: Vec<goal::ActiveModel> = ready
            .iter()
            .map(|g| goal::ActiveModel {
                parent_id: Set(g.parent_code.as_ref().and_then(|p| ids.get(p).copied())),
                code: Set(g.code.clone()),
                title: Set(g.title.clone()),
                description: Set(g.description.clone()),
                position: Set(g.position),
                version: Set(1),
                created_at: Set(at),
                updated_at: Set(at),
                ..Default::default()
            })
            .collect();
        for chunk in models.chunks(chunk_rows(8)) {
            goal::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(txn)
                .await?;
        }
        let codes: Vec<String> = ready.iter().map(|g| g.code.clone()).collect();
        for row in goal::Entity::find()
            .filter(goal::Column::Code.is_in(codes))
            .all(txn)
            .await?
        {
            ids.insert(row.code, row.id);
        }
        remaining = later;
    }
    Ok(ids)
}

async fn insert_users(
    txn: &DatabaseTransaction,
    data: &DemoDataset,
    password_hash: &str,
    departments: &HashMap<String, i32>,
) -> StoreResult<HashMap<String, i32>> {
    let at = data.set_up_at;
    let models: Vec<user::ActiveModel> = data
        .users
        .iter()
        .map(|u| user::ActiveModel {
            username: Set(u.username.clone()),
            display_name: Set(u.display_name.clone()),
            email: Set(u.email.clone()),
            password_hash: Set(password_hash.to_owned()),
            role: Set(u.role.as_str().to_owned()),
            active: Set(true),
            version: Set(1),
            created_at: Set(at),
            updated_at: Set(at),
            ..Default::default()
        })
        .collect();
    for chunk in models.chunks(chunk_rows(9)) {
        user::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    let ids: HashMap<String, i32> = user::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|u| (u.username, u.id))
        .collect();
    let mut links = Vec::new();
    for u in &data.users {
        let user_id = lookup(&ids, "user", &u.username)?;
        for code in &u.department_codes {
            links.push(user_department::ActiveModel {
                user_id: Set(user_id),
                department_id: Set(lookup(departments, "department", code)?),
            });
        }
    }
    for chunk in links.chunks(chunk_rows(2)) {
        user_department::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(ids)
}

async fn insert_measures(
    txn: &DatabaseTransaction,
    rows: &[DemoMeasure],
    statuses: &HashMap<String, i32>,
    departments: &HashMap<String, i32>,
    users: &HashMap<String, i32>,
) -> StoreResult<HashMap<String, i32>> {
    let mut models = Vec::with_capacity(rows.len());
    for m in rows {
        let (light, reason, by, at) = match &m.light_override {
            Some(o) => (
                Some(o.light.as_str().to_owned()),
                Some(o.reason.clone()),
                Some(lookup(users, "user", &o.by_username)?),
                Some(o.at),
            ),
            None => (None, None, None, None),
        };
        models.push(measure::ActiveModel {
            code: Set(m.code.clone()),
            title: Set(m.title.clone()),
            description: Set(m.description.clone()),
            lead_department_id: Set(lookup(departments, "department", &m.lead_department_code)?),
            contact_name: Set(m.contact_name.clone()),
            contact_email: Set(m.contact_email.clone()),
            status_id: Set(lookup(statuses, "status", &m.status_code)?),
            progress: Set(m.progress),
            planned_start: Set(m.planned_start),
            planned_end: Set(m.planned_end),
            actual_start: Set(m.actual_start),
            actual_end: Set(m.actual_end),
            priority: Set(m.priority.as_str().to_owned()),
            weight: Set(m.weight),
            budget_planned_cents: Set(m.budget_planned_cents),
            budget_spent_cents: Set(m.budget_spent_cents),
            visibility: Set(m.visibility.as_str().to_owned()),
            archived: Set(false),
            light_override: Set(light),
            light_override_reason: Set(reason),
            light_override_by: Set(by),
            light_override_at: Set(at),
            last_update_date: Set(m.last_update_date),
            version: Set(1),
            created_at: Set(m.created_at),
            updated_at: Set(m.updated_at),
            ..Default::default()
        });
    }
    for chunk in models.chunks(chunk_rows(28)) {
        measure::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(measure::Entity::find()
        .all(txn)
        .await?
        .into_iter()
        .map(|m| (m.code, m.id))
        .collect())
}

async fn insert_measure_links(
    txn: &DatabaseTransaction,
    rows: &[DemoMeasure],
    ids: &DemoIds,
) -> StoreResult<()> {
    let mut goals = Vec::new();
    let mut departments = Vec::new();
    let mut dependencies = Vec::new();
    for m in rows {
        let measure_id = lookup(&ids.measures, "measure", &m.code)?;
        for code in &m.goal_codes {
            goals.push(measure_goal::ActiveModel {
                measure_id: Set(measure_id),
                goal_id: Set(lookup(&ids.goals, "goal", code)?),
            });
        }
        for code in &m.participating_department_codes {
            departments.push(measure_department::ActiveModel {
                measure_id: Set(measure_id),
                department_id: Set(lookup(&ids.departments, "department", code)?),
            });
        }
        for code in &m.depends_on_codes {
            dependencies.push(measure_dependency::ActiveModel {
                measure_id: Set(measure_id),
                depends_on_id: Set(lookup(&ids.measures, "measure", code)?),
            });
        }
    }
    for chunk in goals.chunks(chunk_rows(2)) {
        measure_goal::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in departments.chunks(chunk_rows(2)) {
        measure_department::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    for chunk in dependencies.chunks(chunk_rows(2)) {
        measure_dependency::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

async fn insert_milestones(
    txn: &DatabaseTransaction,
    rows: &[DemoMeasure],
    ids: &DemoIds,
) -> StoreResult<()> {
    let mut models = Vec::new();
    for m in rows {
        let measure_id = lookup(&ids.measures, "measure", &m.code)?;
        for (position, ms) in m.milestones.iter().enumerate() {
            models.push(milestone::ActiveModel {
                measure_id: Set(measure_id),
                title: Set(ms.title.clone()),
                due_date: Set(ms.due),
                done_date: Set(ms.done),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            });
        }
    }
    for chunk in models.chunks(chunk_rows(5)) {
        milestone::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

async fn insert_status_updates(
    txn: &DatabaseTransaction,
    data: &DemoDataset,
    ids: &DemoIds,
    statuses: &HashMap<String, i32>,
) -> StoreResult<()> {
    let names: HashMap<&str, &str> = data
        .users
        .iter()
        .map(|u| (u.username.as_str(), u.display_name.as_str()))
        .collect();
    let mut rows = Vec::new();
    for m in &data.measures {
        let measure_id = lookup(&ids.measures, "measure", &m.code)?;
        for u in &m.updates {
            let author_name = names
                .get(u.author_username.as_str())
                .ok_or_else(|| missing("author", &u.author_username))?;
            rows.push((
                u.created_at,
                status_update::ActiveModel {
                    measure_id: Set(measure_id),
                    reporting_date: Set(u.reporting_date),
                    narrative: Set(u.narrative.clone()),
                    progress: Set(u.progress),
                    status_id: Set(lookup(statuses, "status", &u.status_code)?),
                    author_id: Set(Some(lookup(&ids.users, "user", &u.author_username)?)),
                    author_name: Set((*author_name).to_owned()),
                    created_at: Set(u.created_at),
                    ..Default::default()
                },
            ));
        }
    }
    // Oldest first over all measures, so ids follow the order in which they were reported.
    rows.sort_by_key(|(created_at, _)| *created_at);
    let models: Vec<status_update::ActiveModel> = rows.into_iter().map(|(_, m)| m).collect();
    for chunk in models.chunks(chunk_rows(9)) {
        status_update::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Reporting history: rounds frozen into reports at past meetings, and one open round

/// A reporting round of the demo: frozen into a report at `freeze` (the preparation of
/// the meeting), or still open when `freeze` is `None`.
#[derive(Debug, Clone)]
pub struct DemoRound {
    pub title: String,
    pub meeting_body: String,
    pub meeting_date: NaiveDate,
    pub vorlage_number: Option<String>,
    /// When the officer opened the round.
    pub opened: NaiveDate,
    pub deadline: NaiveDate,
    pub grace_days: i32,
    /// When the report was frozen (town-hall preparation of the meeting).
    pub freeze: Option<DateTime<Utc>>,
    /// Review comment of returned items (open rounds).
    pub return_comment: String,
}

/// One measure's state on a day of its history.
struct MeasureState {
    status_code: String,
    progress: i32,
    last_update_date: Option<NaiveDate>,
    actual_start: Option<NaiveDate>,
    actual_end: Option<NaiveDate>,
    visible: bool,
    override_: Option<DemoOverride>,
}

/// The state of `m` as of the end of `day` (`None`: as loaded, today).
fn state_as_of(m: &DemoMeasure, day: Option<NaiveDate>) -> MeasureState {
    let Some(day) = day else {
        return MeasureState {
            status_code: m.status_code.clone(),
            progress: m.progress,
            last_update_date: m.last_update_date,
            actual_start: m.actual_start,
            actual_end: m.actual_end,
            visible: true,
            override_: m.light_override.clone(),
        };
    };
    let latest = m.updates.iter().rev().find(|u| u.reporting_date <= day);
    MeasureState {
        status_code: latest.map_or_else(|| "geplant".to_owned(), |u| u.status_code.clone()),
        progress: latest.map_or(0, |u| u.progress),
        last_update_date: latest.map(|u| u.reporting_date),
        actual_start: m.actual_start.filter(|d| *d <= day),
        actual_end: m.actual_end.filter(|d| *d <= day),
        visible: m.created_at.date_naive() <= day,
        override_: m
            .light_override
            .clone()
            .filter(|o| o.at.date_naive() <= day),
    }
}

/// Sets every demo measure (and its milestones) to its state as of `day` (`None`: today).
/// Measures created after `day` are hidden (archived) meanwhile.
async fn set_measures_as_of(
    txn: &DatabaseTransaction,
    data: &DemoDataset,
    ids: &DemoIds,
    statuses: &HashMap<String, i32>,
    day: Option<NaiveDate>,
) -> StoreResult<()> {
    use sea_orm::sea_query::Expr;
    for m in &data.measures {
        let id = lookup(&ids.measures, "measure", &m.code)?;
        let s = state_as_of(m, day);
        let by = match &s.override_ {
            Some(o) => Some(lookup(&ids.users, "user", &o.by_username)?),
            None => None,
        };
        measure::Entity::update_many()
            .col_expr(
                measure::Column::StatusId,
                Expr::value(lookup(statuses, "status", &s.status_code)?),
            )
            .col_expr(measure::Column::Progress, Expr::value(s.progress))
            .col_expr(
                measure::Column::LastUpdateDate,
                Expr::value(s.last_update_date),
            )
            .col_expr(measure::Column::ActualStart, Expr::value(s.actual_start))
            .col_expr(measure::Column::ActualEnd, Expr::value(s.actual_end))
            .col_expr(measure::Column::Archived, Expr::value(!s.visible))
            .col_expr(
                measure::Column::LightOverride,
                Expr::value(s.override_.as_ref().map(|o| o.light.as_str().to_owned())),
            )
            .col_expr(
                measure::Column::LightOverrideReason,
                Expr::value(s.override_.as_ref().map(|o| o.reason.clone())),
            )
            .col_expr(measure::Column::LightOverrideBy, Expr::value(by))
            .col_expr(
                measure::Column::LightOverrideAt,
                Expr::value(s.override_.as_ref().map(|o| o.at)),
            )
            .filter(measure::Column::Id.eq(id))
            .exec(txn)
            .await?;
    }
    milestone::Entity::delete_many().exec(txn).await?;
    let mut models = Vec::new();
    for m in &data.measures {
        let measure_id = lookup(&ids.measures, "measure", &m.code)?;
        for (position, ms) in m.milestones.iter().enumerate() {
            models.push(milestone::ActiveModel {
                measure_id: Set(measure_id),
                title: Set(ms.title.clone()),
                due_date: Set(ms.due),
                done_date: Set(ms.done.filter(|d| day.is_none_or(|day| *d <= day))),
                position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
                ..Default::default()
            });
        }
    }
    for chunk in models.chunks(chunk_rows(5)) {
        milestone::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(())
}

/// Inserts the status updates reported after `after` and up to `up_to` (inclusive).
async fn insert_updates_between(
    txn: &DatabaseTransaction,
    data: &DemoDataset,
    ids: &DemoIds,
    statuses: &HashMap<String, i32>,
    after: NaiveDate,
    up_to: Option<NaiveDate>,
) -> StoreResult<()> {
    let mut part = data.clone();
    for m in &mut part.measures {
        m.updates
            .retain(|u| u.reporting_date > after && up_to.is_none_or(|d| u.reporting_date <= d));
    }
    insert_status_updates(txn, &part, ids, statuses).await
}

/// Whether a measure in `state` is asked for in a round (as the reporting rounds do: not a
/// draft, not completed or cancelled).
fn asked_for(m: &DemoMeasure, s: &MeasureState) -> bool {
    use crate::domain::status::StatusCategory;
    let category = super::statuses::DEFAULTS
        .iter()
        .find(|(code, ..)| *code == s.status_code)
        .map(|(_, _, c, _)| *c);
    s.visible
        && m.visibility != Visibility::Draft
        && !matches!(
            category,
            Some(StatusCategory::Completed | StatusCategory::Cancelled)
        )
}

/// Inserts a round with its items as of `day`: measures updated since the round opened are
/// approved (with their status update); the others are due, or, in an open round,
/// submitted or returned in turn, so every step of the workflow is visible.
async fn insert_round(
    txn: &DatabaseTransaction,
    data: &DemoDataset,
    ids: &DemoIds,
    statuses: &HashMap<String, i32>,
    spec: &DemoRound,
    day: NaiveDate,
    officer: (i32, &str),
) -> StoreResult<i32> {
    use super::entities::{reporting_round, reporting_round_item};
    use sea_orm::{ActiveModelTrait, QueryOrder};
    let opened_at = spec
        .opened
        .and_hms_opt(8, 0, 0)
        .unwrap_or_default()
        .and_utc();
    let round = reporting_round::ActiveModel {
        title: Set(spec.title.clone()),
        meeting_body: Set(spec.meeting_body.clone()),
        meeting_date: Set(spec.meeting_date),
        vorlage_number: Set(spec.vorlage_number.clone()),
        deadline: Set(spec.deadline),
        grace_days: Set(spec.grace_days),
        state: Set("open".into()),
        created_by_id: Set(Some(officer.0)),
        created_by_name: Set(officer.1.to_owned()),
        version: Set(1),
        created_at: Set(opened_at),
        updated_at: Set(opened_at),
        ..Default::default()
    }
    .insert(txn)
    .await?;

    let users_by_department: HashMap<&str, &DemoUser> = data
        .users
        .iter()
        .filter(|u| u.role == Role::Editor)
        .flat_map(|u| u.department_codes.iter().map(move |d| (d.as_str(), u)))
        .collect();
    let open_round = spec.freeze.is_none();
    let mut waiting = 0usize;
    let mut items = Vec::new();
    for m in &data.measures {
        let s = state_as_of(m, Some(day));
        if !asked_for(m, &s) {
            continue;
        }
        let measure_id = lookup(&ids.measures, "measure", &m.code)?;
        let department_id = lookup(&ids.departments, "department", &m.lead_department_code)?;
        let editor = users_by_department
            .get(m.lead_department_code.as_str())
            .map(|u| {
                (
                    lookup(&ids.users, "user", &u.username),
                    u.display_name.clone(),
                )
            });
        let (editor_id, editor_name) = match editor {
            Some((id, name)) => (Some(id?), Some(name)),
            None => (None, None),
        };
        let answered = m
            .updates
            .iter()
            .rev()
            .find(|u| u.reporting_date >= spec.opened && u.reporting_date <= day);
        let mut item = reporting_round_item::ActiveModel {
            round_id: Set(round.id),
            measure_id: Set(measure_id),
            department_id: Set(department_id),
            state: Set("due".into()),
            version: Set(1),
            ..Default::default()
        };
        if let Some(update) = answered {
            let status_update_id = status_update::Entity::find()
                .filter(status_update::Column::MeasureId.eq(measure_id))
                .filter(status_update::Column::ReportingDate.eq(update.reporting_date))
                .order_by_desc(status_update::Column::Id)
                .one(txn)
                .await?
                .map(|u| u.id);
            let at = update.created_at;
            item.state = Set("approved".into());
            item.draft_status_id = Set(Some(lookup(statuses, "status", &update.status_code)?));
            item.draft_progress = Set(Some(update.progress));
            item.draft_narrative = Set(Some(update.narrative.clone()));
            item.draft_saved_at = Set(Some(at));
            item.submitted_at = Set(Some(at));
            item.submitted_by_id = Set(editor_id);
            item.submitted_by_name = Set(editor_name.clone());
            item.reviewed_at = Set(Some(at + chrono::Duration::hours(20)));
            item.reviewed_by_id = Set(Some(officer.0));
            item.reviewed_by_name = Set(Some(officer.1.to_owned()));
            item.status_update_id = Set(status_update_id);
        } else if open_round {
            // Waiting answers of the open round: due, submitted, due, returned, submitted, …
            let step = waiting % 5;
            waiting += 1;
            if matches!(step, 1 | 3 | 4) {
                let saved = draft_saved_at(day);
                item.draft_status_id = Set(Some(lookup(statuses, "status", &s.status_code)?));
                item.draft_progress = Set(Some((s.progress + 10).min(95)));
                item.draft_narrative = Set(Some(format!(
                    "Entwurf des Fachbereichs: Die Arbeiten an „{}“ laufen weiter; der nächste \
                     Meilenstein ist in Vorbereitung.",
                    m.title
                )));
                item.draft_saved_at = Set(Some(saved));
                item.submitted_at = Set(Some(saved));
                item.submitted_by_id = Set(editor_id);
                item.submitted_by_name = Set(editor_name.clone());
                item.state = Set("submitted".into());
                if step == 3 {
                    item.state = Set("returned".into());
                    item.reviewed_at = Set(Some(saved + chrono::Duration::hours(3)));
                    item.reviewed_by_id = Set(Some(officer.0));
                    item.reviewed_by_name = Set(Some(officer.1.to_owned()));
                    item.review_comment = Set(Some(spec.return_comment.clone()));
                    item.version = Set(3);
                } else {
                    item.version = Set(2);
                }
            }
        }
        items.push(item);
    }
    for chunk in items.chunks(chunk_rows(19)) {
        reporting_round_item::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(txn)
            .await?;
    }
    Ok(round.id)
}

/// When a waiting draft was saved: the day before `day`, 09:00 UTC.
fn draft_saved_at(day: NaiveDate) -> DateTime<Utc> {
    (day - chrono::Duration::days(1))
        .and_hms_opt(9, 0, 0)
        .unwrap_or_default()
        .and_utc()
}

/// Loads the reporting history in stages, inside the demo transaction (after
/// [`load`] inserted everything as of today): the data is set back to each frozen round's
/// freeze day (measures' state, milestones, status updates reported until then; measures
/// created later hidden), the round is opened with its items and frozen into a report with
/// the normal freeze code, and the data moves on to the next stage; finally everything is
/// as loaded again and the open rounds are added. So the reports hold what the council
/// really saw then, and "changes since the previous report" shows real differences.
pub async fn load_reporting_history(
    txn: &DatabaseTransaction,
    data: &DemoDataset,
    ids: &DemoIds,
    rounds: &[DemoRound],
    officer_username: &str,
    rules: &crate::domain::traffic_light::LightRules,
    today: NaiveDate,
) -> StoreResult<()> {
    let statuses = status_ids(txn).await?;
    let officer_id = lookup(&ids.users, "user", officer_username)?;
    let officer_name = data
        .users
        .iter()
        .find(|u| u.username == officer_username)
        .map(|u| u.display_name.clone())
        .ok_or_else(|| missing("user", officer_username))?;
    let actor = Actor {
        user_id: Some(officer_id),
        name: officer_name.clone(),
    };
    let mut frozen: Vec<&DemoRound> = rounds.iter().filter(|r| r.freeze.is_some()).collect();
    frozen.sort_by_key(|r| r.freeze);

    let mut previous_day: Option<NaiveDate> = None;
    for spec in &frozen {
        let Some(at) = spec.freeze else { continue };
        let day = at.date_naive();
        match previous_day {
            // First stage: drop what was reported later (inserted again below).
            None => {
                status_update::Entity::delete_many()
                    .filter(status_update::Column::ReportingDate.gt(day))
                    .exec(txn)
                    .await?;
            }
            Some(previous) => {
                insert_updates_between(txn, data, ids, &statuses, previous, Some(day)).await?;
            }
        }
        set_measures_as_of(txn, data, ids, &statuses, Some(day)).await?;
        let round_id = insert_round(
            txn,
            data,
            ids,
            &statuses,
            spec,
            day,
            (officer_id, &officer_name),
        )
        .await?;
        super::reports::freeze_on(
            txn,
            super::reports::Freeze {
                round_id,
                expected_version: None,
                title: None,
                rules,
                at,
                today: day,
            },
            &actor,
        )
        .await?;
        previous_day = Some(day);
    }
    if let Some(previous) = previous_day {
        insert_updates_between(txn, data, ids, &statuses, previous, None).await?;
        set_measures_as_of(txn, data, ids, &statuses, None).await?;
    }
    for spec in rounds.iter().filter(|r| r.freeze.is_none()) {
        insert_round(
            txn,
            data,
            ids,
            &statuses,
            spec,
            today.max(spec.opened),
            (officer_id, &officer_name),
        )
        .await?;
    }
    Ok(())
}
