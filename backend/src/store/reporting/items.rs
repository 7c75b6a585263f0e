//! The items of reporting rounds: one measure each, owed by its lead department, with the
//! answer workflow due → (draft …) → submitted → returned (with the officer's comment, then
//! revised and resubmitted) | approved. Approval writes a normal status update of the
//! measure through [`crate::store::measures`] in the same transaction and keeps its id.
//! Every write compares and bumps the item's version, refuses frozen rounds and writes its
//! audit entry in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::audit::{self, Action};
use super::super::entities::{reporting_round, reporting_round_item};
use super::super::measure_facts::{self, Selection};
use super::super::measures::{self, MeasureError, NewStatusUpdate, natural_cmp};
use super::super::{Actor, Db, StoreError, StoreResult, today};
use super::notifications::{self, NotificationKind};
use super::rounds::department_names;
use super::{
    ReportingError, ReportingItemState, ReportingRoundState, entity_type, is_late, is_overdue,
    round_frozen,
};
use crate::domain::traffic_light::{LightRules, TrafficLight};
use crate::store::update_if_version;

/// The measure an item asks about.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReportingMeasureRef {
    pub id: i32,
    pub code: String,
    pub title: String,
}

/// The department that owes the answer (the measure's lead when the round was opened).
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReportingDepartmentRef {
    pub id: i32,
    pub name: String,
}

/// The department's answer as last saved.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReportingDraft {
    pub status_id: Option<i32>,
    /// 0–100.
    pub progress: Option<i32>,
    pub narrative: Option<String>,
    pub saved_at: Option<DateTime<Utc>>,
}

/// The measure's published state now.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReportingCurrent {
    pub status_id: i32,
    pub progress: i32,
    /// The traffic light in effect (override or computed); `null` for cancelled measures.
    pub light: Option<TrafficLight>,
}

/// One measure due in a round, as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReportingItem {
    pub id: i32,
    pub round_id: i32,
    pub round_title: String,
    pub round_state: ReportingRoundState,
    pub deadline: NaiveDate,
    pub grace_days: i32,
    pub measure: ReportingMeasureRef,
    pub department: ReportingDepartmentRef,
    pub state: ReportingItemState,
    /// Still due or returned after the deadline plus the grace days.
    pub overdue: bool,
    /// Submitted after the deadline plus the grace days.
    pub late: bool,
    /// The answer; `null` for readers who may not see answers before their approval.
    pub draft: Option<ReportingDraft>,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by_name: Option<String>,
    pub reviewed_at: Option<DateTime<Utc>>,
    pub reviewed_by_name: Option<String>,
    /// The officer's comment when returning (or approving) the answer.
    pub review_comment: Option<String>,
    /// The status update the approval wrote.
    pub status_update_id: Option<i32>,
    pub current: ReportingCurrent,
    pub version: i32,
}

impl ReportingItem {
    /// The item as readers see it who may not see answers before their approval (the
    /// council, editors of other departments): draft and review comment only once approved.
    pub fn without_unapproved_answer(mut self) -> Self {
        if self.state != ReportingItemState::Approved {
            self.draft = None;
            self.review_comment = None;
        }
        self
    }
}

/// Filters of [`list`]; all given filters must match.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub round_id: Option<i32>,
    pub department_id: Option<i32>,
    pub state: Option<ReportingItemState>,
    pub measure_id: Option<i32>,
    /// Only items owed by one of these departments.
    pub department_ids: Option<Vec<i32>>,
    /// Only items of open rounds.
    pub open_rounds_only: bool,
}

/// A draft answer as sent; absent values stay empty until submission requires them.
#[derive(Debug, Clone, Default)]
pub struct DraftInput {
    pub status_id: Option<i32>,
    pub progress: Option<i32>,
    pub narrative: Option<String>,
}

fn parse_item_state(value: &str) -> StoreResult<ReportingItemState> {
    ReportingItemState::parse(value).ok_or_else(|| {
        StoreError::Database(sea_orm::DbErr::Custom(format!(
            "unknown reporting item state '{value}'"
        )))
    })
}

/// Builds the views of `rows` in a fixed number of queries (rounds, measure facts,
/// departments), sorted by round (newest first), department name and measure code.
async fn views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<reporting_round_item::Model>,
    rules: &LightRules,
) -> StoreResult<Vec<ReportingItem>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let mut round_ids: Vec<i32> = rows.iter().map(|r| r.round_id).collect();
    round_ids.sort_unstable();
    round_ids.dedup();
    let rounds: HashMap<i32, reporting_round::Model> = reporting_round::Entity::find()
        .filter(reporting_round::Column::Id.is_in(round_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let mut measure_ids: Vec<i32> = rows.iter().map(|r| r.measure_id).collect();
    measure_ids.sort_unstable();
    measure_ids.dedup();
    let facts: HashMap<i32, measure_facts::MeasureFacts> =
        measure_facts::load(conn, Selection::Ids(&measure_ids))
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
    let mut department_ids: Vec<i32> = rows.iter().map(|r| r.department_id).collect();
    department_ids.sort_unstable();
    department_ids.dedup();
    let departments = department_names(conn, &department_ids).await?;
    let today = today();
    let missing = |what: &str, id: i32| {
        StoreError::Database(sea_orm::DbErr::Custom(format!(
            "reporting item refers to a missing {what} {id}"
        )))
    };
    let mut items = rows
        .into_iter()
        .map(|row| {
            let round = rounds
                .get(&row.round_id)
                .ok_or_else(|| missing("round", row.round_id))?;
            let fact = facts
                .get(&row.measure_id)
                .ok_or_else(|| missing("measure", row.measure_id))?;
            let state = parse_item_state(&row.state)?;
            Ok(ReportingItem {
                id: row.id,
                round_id: round.id,
                round_title: round.title.clone(),
                round_state: ReportingRoundState::parse(&round.state)
                    .unwrap_or(ReportingRoundState::Frozen),
                deadline: round.deadline,
                grace_days: round.grace_days,
                measure: ReportingMeasureRef {
                    id: fact.id,
                    code: fact.code.clone(),
                    title: fact.title.clone(),
                },
                department: ReportingDepartmentRef {
                    id: row.department_id,
                    name: departments
                        .get(&row.department_id)
                        .cloned()
                        .unwrap_or_default(),
                },
                state,
                overdue: is_overdue(state, round.deadline, round.grace_days, today),
                late: is_late(row.submitted_at, round.deadline, round.grace_days),
                draft: Some(ReportingDraft {
                    status_id: row.draft_status_id,
                    progress: row.draft_progress,
                    narrative: row.draft_narrative,
                    saved_at: row.draft_saved_at,
                }),
                submitted_at: row.submitted_at,
                submitted_by_name: row.submitted_by_name,
                reviewed_at: row.reviewed_at,
                reviewed_by_name: row.reviewed_by_name,
                review_comment: row.review_comment,
                status_update_id: row.status_update_id,
                current: ReportingCurrent {
                    status_id: fact.status_id,
                    progress: i32::from(fact.progress),
                    light: fact.evaluate(rules, today).light,
                },
                version: row.version,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    items.sort_by(|a, b| {
        b.round_id
            .cmp(&a.round_id)
            .then_with(|| a.department.name.cmp(&b.department.name))
            .then_with(|| natural_cmp(&a.measure.code, &b.measure.code))
            .then_with(|| a.id.cmp(&b.id))
    });
    Ok(items)
}

/// The items matching `filter`.
pub async fn list(
    db: &Db,
    filter: &ItemFilter,
    rules: &LightRules,
) -> StoreResult<Vec<ReportingItem>> {
    let mut query = reporting_round_item::Entity::find();
    if let Some(id) = filter.round_id {
        query = query.filter(reporting_round_item::Column::RoundId.eq(id));
    }
    if let Some(id) = filter.department_id {
        query = query.filter(reporting_round_item::Column::DepartmentId.eq(id));
    }
    if let Some(state) = filter.state {
        query = query.filter(reporting_round_item::Column::State.eq(state.as_str()));
    }
    if let Some(id) = filter.measure_id {
        query = query.filter(reporting_round_item::Column::MeasureId.eq(id));
    }
    if let Some(ids) = &filter.department_ids {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        query = query.filter(reporting_round_item::Column::DepartmentId.is_in(ids.clone()));
    }
    if filter.open_rounds_only {
        let open: Vec<i32> = reporting_round::Entity::find()
            .filter(reporting_round::Column::State.eq(ReportingRoundState::Open.as_str()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        if open.is_empty() {
            return Ok(Vec::new());
        }
        query = query.filter(reporting_round_item::Column::RoundId.is_in(open));
    }
    let rows = query.all(db).await?;
    views(db, rows, rules).await
}

/// All items of a round (on the caller's connection or transaction), by department name
/// and measure code. The report freeze reads the round's answers through this.
pub async fn list_for_round<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    rules: &LightRules,
) -> StoreResult<Vec<ReportingItem>> {
    let rows = reporting_round_item::Entity::find()
        .filter(reporting_round_item::Column::RoundId.eq(round_id))
        .all(conn)
        .await?;
    views(conn, rows, rules).await
}

/// One item.
pub async fn get(db: &Db, id: i32, rules: &LightRules) -> StoreResult<ReportingItem> {
    get_in(db, id, rules).await
}

/// One item, on the caller's connection or transaction.
pub async fn get_in<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    rules: &LightRules,
) -> StoreResult<ReportingItem> {
    let row = reporting_round_item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    views(conn, vec![row], rules)
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The department owing an item (one small query), for the access policy.
pub async fn department_of(db: &Db, id: i32) -> StoreResult<i32> {
    reporting_round_item::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(|r| r.department_id)
        .ok_or(StoreError::NotFound)
}

/// The item if it still has `expected_version` and its round is open.
async fn writable<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
) -> StoreResult<(reporting_round_item::Model, reporting_round::Model)> {
    let row = reporting_round_item::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: row.version,
        });
    }
    let round = reporting_round::Entity::find_by_id(row.round_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if round.state != ReportingRoundState::Open.as_str() {
        return Err(round_frozen());
    }
    Ok((row, round))
}

/// Writes `values` if the item still has `expected_version`, bumping it; of two
/// concurrent writers exactly one succeeds, on either database.
async fn write_versioned<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
    mut values: reporting_round_item::ActiveModel,
) -> StoreResult<()> {
    values.version = Set(expected_version + 1);
    update_if_version(conn, id, expected_version, values).await?;
    Ok(())
}

fn wrong_state(state: &str, action: &str) -> StoreError {
    StoreError::Conflict {
        field: "state",
        message: format!("the answer is {state}; it cannot be {action} now"),
    }
}

/// Runs `change` on a transaction: reads the writable item, lets `change` build the new
/// values (and do its own writes), writes them versioned and audits before/after.
async fn change_item<F>(
    db: &Db,
    id: i32,
    expected_version: i32,
    actor: &Actor,
    rules: &LightRules,
    change: F,
) -> Result<ReportingItem, ReportingError>
where
    F: AsyncFnOnce(
        &sea_orm::DatabaseTransaction,
        &reporting_round_item::Model,
        &reporting_round::Model,
    ) -> Result<reporting_round_item::ActiveModel, ReportingError>,
{
    let txn = db.begin().await?;
    let (row, round) = writable(&txn, id, expected_version).await?;
    let before = get_in(&txn, id, rules).await?;
    let values = change(&txn, &row, &round).await?;
    write_versioned(&txn, id, expected_version, values).await?;
    let after = get_in(&txn, id, rules).await?;
    audit::record(
        &txn,
        actor,
        entity_type::ITEM,
        Some(id),
        Action::Update,
        Some(&serde_json::to_value(&before).unwrap_or_default()),
        Some(&serde_json::to_value(&after).unwrap_or_default()),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Saves the draft answer (while due or returned). Absent values are stored as empty.
pub async fn save_draft(
    db: &Db,
    id: i32,
    expected_version: i32,
    draft: DraftInput,
    actor: &Actor,
    rules: &LightRules,
) -> Result<ReportingItem, ReportingError> {
    change_item(
        db,
        id,
        expected_version,
        actor,
        rules,
        async move |_, row, _| {
            let state = parse_item_state(&row.state)?;
            if !state.is_open() {
                return Err(wrong_state(state.as_str(), "edited").into());
            }
            let mut values: reporting_round_item::ActiveModel = row.clone().into();
            values.draft_status_id = Set(draft.status_id);
            values.draft_progress = Set(draft.progress);
            values.draft_narrative = Set(draft.narrative);
            values.draft_saved_at = Set(Some(Utc::now()));
            Ok(values)
        },
    )
    .await
}

/// The draft's fields that are still empty.
fn missing_fields(row: &reporting_round_item::Model) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if row.draft_status_id.is_none() {
        missing.push("status_id");
    }
    if row.draft_progress.is_none() {
        missing.push("progress");
    }
    if row
        .draft_narrative
        .as_deref()
        .is_none_or(|n| n.trim().is_empty())
    {
        missing.push("narrative");
    }
    missing
}

/// Submits the draft for review (while due or returned; every draft field must be filled).
pub async fn submit(
    db: &Db,
    id: i32,
    expected_version: i32,
    actor: &Actor,
    rules: &LightRules,
) -> Result<ReportingItem, ReportingError> {
    change_item(
        db,
        id,
        expected_version,
        actor,
        rules,
        async move |_, row, _| {
            let state = parse_item_state(&row.state)?;
            if !state.is_open() {
                return Err(wrong_state(state.as_str(), "submitted").into());
            }
            let missing = missing_fields(row);
            if !missing.is_empty() {
                return Err(ReportingError::Incomplete(missing));
            }
            let mut values: reporting_round_item::ActiveModel = row.clone().into();
            values.state = Set(ReportingItemState::Submitted.as_str().to_owned());
            values.submitted_at = Set(Some(Utc::now()));
            values.submitted_by_id = Set(actor.user_id);
            values.submitted_by_name = Set(Some(actor.name.clone()));
            Ok(values)
        },
    )
    .await
}

/// Returns a submitted answer with the officer's comment, and notifies the submitter and
/// the department's editors in-app.
pub async fn return_item(
    db: &Db,
    id: i32,
    expected_version: i32,
    comment: String,
    actor: &Actor,
    rules: &LightRules,
) -> Result<ReportingItem, ReportingError> {
    change_item(
        db,
        id,
        expected_version,
        actor,
        rules,
        async move |txn, row, round| {
            let state = parse_item_state(&row.state)?;
            if state != ReportingItemState::Submitted {
                return Err(wrong_state(state.as_str(), "returned").into());
            }
            let mut recipients: Vec<i32> =
                notifications::department_editors(txn, &[row.department_id])
                    .await?
                    .remove(&row.department_id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|r| r.user_id)
                    .collect();
            recipients.extend(row.submitted_by_id);
            let measure = measure_facts::load(txn, Selection::Ids(&[row.measure_id]))
                .await?
                .pop()
                .ok_or(StoreError::NotFound)?;
            let message = format!(
                "Ihre Antwort zu „{} {}“ in der Berichtsrunde „{}“ wurde von {} zurückgegeben: {}",
                measure.code, measure.title, round.title, actor.name, comment
            );
            notifications::notify(
                txn,
                &recipients,
                NotificationKind::ItemReturned,
                &message,
                Some(round.id),
                Some(row.measure_id),
            )
            .await?;
            let mut values: reporting_round_item::ActiveModel = row.clone().into();
            values.state = Set(ReportingItemState::Returned.as_str().to_owned());
            values.reviewed_at = Set(Some(Utc::now()));
            values.reviewed_by_id = Set(actor.user_id);
            values.reviewed_by_name = Set(Some(actor.name.clone()));
            values.review_comment = Set(Some(comment));
            Ok(values)
        },
    )
    .await
}

/// Approves a submitted answer: writes it as a status update of the measure (reporting
/// date today, through the measures' own status-update path with its audit entries) in
/// the same transaction, and keeps the update's id.
pub async fn approve(
    db: &Db,
    id: i32,
    expected_version: i32,
    comment: Option<String>,
    actor: &Actor,
    rules: &LightRules,
) -> Result<ReportingItem, ReportingError> {
    change_item(
        db,
        id,
        expected_version,
        actor,
        rules,
        async move |txn, row, _| {
            let state = parse_item_state(&row.state)?;
            if state != ReportingItemState::Submitted {
                return Err(wrong_state(state.as_str(), "approved").into());
            }
            let (Some(status_id), Some(progress), Some(narrative)) = (
                row.draft_status_id,
                row.draft_progress,
                row.draft_narrative.clone(),
            ) else {
                return Err(ReportingError::Incomplete(missing_fields(row)));
            };
            let recorded = measures::add_status_update_in(
                txn,
                row.measure_id,
                None,
                NewStatusUpdate {
                    reporting_date: today(),
                    narrative,
                    progress,
                    status_id,
                },
                actor,
                rules,
            )
            .await
            .map_err(|e| match e {
                MeasureError::Invalid(problems) => ReportingError::Invalid(problems),
                // The measure changed meanwhile: the approval is retried like any stale write.
                MeasureError::Store(StoreError::VersionMismatch { .. }) => {
                    ReportingError::Store(StoreError::VersionMismatch {
                        current_version: row.version,
                    })
                }
                MeasureError::Store(other) => ReportingError::Store(other),
            })?;
            let mut values: reporting_round_item::ActiveModel = row.clone().into();
            values.state = Set(ReportingItemState::Approved.as_str().to_owned());
            values.reviewed_at = Set(Some(Utc::now()));
            values.reviewed_by_id = Set(actor.user_id);
            values.reviewed_by_name = Set(Some(actor.name.clone()));
            values.review_comment = Set(comment);
            values.status_update_id = Set(Some(recorded.update.id));
            Ok(values)
        },
    )
    .await
}
