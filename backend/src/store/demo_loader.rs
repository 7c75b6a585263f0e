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
    txn.commit().await?;
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
