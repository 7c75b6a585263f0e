//! Assessment rounds (Ist-Analyse, Reifegraderhebung): date, model version, scope
//! (departments and/or the administration as a whole) and the state machine
//! open → submitted → approved (reopen → open), each transition versioned and audited.
//! Creating a round freezes its model version in the same transaction.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::audit::{self, Action};
use super::super::entities::{
    department, maturity_assessment, maturity_model, maturity_round, maturity_round_department,
};
use super::super::{Actor, Db, StoreError, StoreResult};
use super::{entity_type, models, parse_definition, parse_rule, to_json};
use crate::domain::maturity::{AggregationRule, RoundAction, RoundState};
use crate::store::{delete_if_version, update_if_version};

/// The model version a round uses.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct RoundModelRef {
    pub id: i32,
    pub key: String,
    pub name: String,
    pub model_version: i32,
    pub aggregation_rule: AggregationRule,
    pub dimension_count: u32,
}

/// How far a round's assessments are filled in.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct RoundCompletion {
    /// (departments in scope + the administration if included) × dimensions.
    pub expected: u32,
    /// Assessments with an actual level.
    pub assessed: u32,
}

/// An assessment round as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct RoundView {
    pub id: i32,
    pub title: String,
    pub description: String,
    /// The reference date of the round (e.g. the date of the Ist-Analyse).
    pub round_date: NaiveDate,
    pub state: RoundState,
    pub model: RoundModelRef,
    /// Whether the administration as a whole is assessed directly in this round.
    pub includes_administration: bool,
    /// The departments the round covers.
    pub department_ids: Vec<i32>,
    pub completion: RoundCompletion,
    pub submitted_at: Option<DateTime<Utc>>,
    pub submitted_by: Option<i32>,
    pub approved_at: Option<DateTime<Utc>>,
    pub approved_by: Option<i32>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A validated new round.
#[derive(Debug, Clone)]
pub struct NewRound {
    pub title: String,
    pub description: String,
    pub round_date: NaiveDate,
    pub model_id: i32,
    pub includes_administration: bool,
    /// `None`: every active department.
    pub department_ids: Option<Vec<i32>>,
}

/// Validated changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct RoundChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub round_date: Option<NaiveDate>,
    pub includes_administration: Option<bool>,
    pub department_ids: Option<Vec<i32>>,
}

/// Builds views for `rows` with a fixed number of queries (models, scopes, counts).
async fn views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<maturity_round::Model>,
) -> StoreResult<Vec<RoundView>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let round_ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut model_ids: Vec<i32> = rows.iter().map(|r| r.model_id).collect();
    model_ids.sort_unstable();
    model_ids.dedup();
    let models: HashMap<i32, RoundModelRef> = maturity_model::Entity::find()
        .filter(maturity_model::Column::Id.is_in(model_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| {
            let definition = parse_definition(&m.definition)?;
            Ok((
                m.id,
                RoundModelRef {
                    id: m.id,
                    aggregation_rule: parse_rule(&m.aggregation_rule)?,
                    key: m.key,
                    name: m.name,
                    model_version: m.model_version,
                    dimension_count: u32::try_from(definition.dimensions.len()).unwrap_or(u32::MAX),
                },
            ))
        })
        .collect::<StoreResult<_>>()?;
    let mut scopes: HashMap<i32, Vec<i32>> = HashMap::new();
    for link in maturity_round_department::Entity::find()
        .filter(maturity_round_department::Column::RoundId.is_in(round_ids.clone()))
        .all(conn)
        .await?
    {
        scopes
            .entry(link.round_id)
            .or_default()
            .push(link.department_id);
    }
    let counts: HashMap<i32, i64> = maturity_assessment::Entity::find()
        .select_only()
        .column(maturity_assessment::Column::RoundId)
        .column_as(maturity_assessment::Column::Id.count(), "assessed")
        .filter(maturity_assessment::Column::RoundId.is_in(round_ids))
        .filter(maturity_assessment::Column::ActualLevel.is_not_null())
        .group_by(maturity_assessment::Column::RoundId)
        .into_tuple::<(i32, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|row| {
            let model = models.get(&row.model_id).cloned().ok_or_else(|| {
                StoreError::Database(sea_orm::DbErr::Custom(format!(
                    "round {} refers to a missing model",
                    row.id
                )))
            })?;
            let mut department_ids = scopes.remove(&row.id).unwrap_or_default();
            department_ids.sort_unstable();
            let subjects = department_ids.len() as u32 + u32::from(row.includes_administration);
            Ok(RoundView {
                completion: RoundCompletion {
                    expected: subjects * model.dimension_count,
                    assessed: u32::try_from(counts.get(&row.id).copied().unwrap_or(0))
                        .unwrap_or(u32::MAX),
                },
                state: RoundState::parse(&row.state).ok_or_else(|| {
                    StoreError::Database(sea_orm::DbErr::Custom(format!(
                        "unknown round state '{}'",
                        row.state
                    )))
                })?,
                id: row.id,
                title: row.title,
                description: row.description,
                round_date: row.round_date,
                model,
                includes_administration: row.includes_administration,
                department_ids,
                submitted_at: row.submitted_at,
                submitted_by: row.submitted_by,
                approved_at: row.approved_at,
                approved_by: row.approved_by,
                version: row.version,
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

async fn view_of<C: ConnectionTrait>(conn: &C, id: i32) -> StoreResult<RoundView> {
    let row = maturity_round::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    views(conn, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The rounds whose state `visible` accepts, newest first.
pub async fn list(
    db: &Db,
    state: Option<RoundState>,
    visible: impl Fn(RoundState) -> bool,
) -> StoreResult<Vec<RoundView>> {
    let mut query = maturity_round::Entity::find()
        .order_by_desc(maturity_round::Column::RoundDate)
        .order_by_desc(maturity_round::Column::Id);
    if let Some(state) = state {
        query = query.filter(maturity_round::Column::State.eq(state.as_str()));
    }
    let rows: Vec<maturity_round::Model> = query
        .all(db)
        .await?
        .into_iter()
        .filter(|r| RoundState::parse(&r.state).is_some_and(&visible))
        .collect();
    views(db, rows).await
}

/// One round.
pub async fn get(db: &Db, id: i32) -> StoreResult<RoundView> {
    view_of(db, id).await
}

/// The state of a round (one small query), for authorization before loading more.
pub async fn state_of(db: &Db, id: i32) -> StoreResult<RoundState> {
    let state: String = maturity_round::Entity::find_by_id(id)
        .select_only()
        .column(maturity_round::Column::State)
        .into_tuple()
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    RoundState::parse(&state).ok_or(StoreError::NotFound)
}

async fn set_scope<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    department_ids: &[i32],
) -> StoreResult<()> {
    maturity_round_department::Entity::delete_many()
        .filter(maturity_round_department::Column::RoundId.eq(round_id))
        .exec(conn)
        .await?;
    if !department_ids.is_empty() {
        maturity_round_department::Entity::insert_many(department_ids.iter().map(|d| {
            maturity_round_department::ActiveModel {
                round_id: Set(round_id),
                department_id: Set(*d),
            }
        }))
        .exec(conn)
        .await?;
    }
    Ok(())
}

/// Creates an open round and freezes its model version.
pub async fn create(db: &Db, new: NewRound, actor: &Actor) -> StoreResult<RoundView> {
    let txn = db.begin().await?;
    let department_ids = match new.department_ids {
        Some(mut ids) => {
            ids.sort_unstable();
            ids.dedup();
            ids
        }
        None => {
            department::Entity::find()
                .select_only()
                .column(department::Column::Id)
                .filter(department::Column::Active.eq(true))
                .order_by_asc(department::Column::Id)
                .into_tuple()
                .all(&txn)
                .await?
        }
    };
    let now = Utc::now();
    let row = maturity_round::Entity::insert(maturity_round::ActiveModel {
        title: Set(new.title),
        description: Set(new.description),
        round_date: Set(new.round_date),
        model_id: Set(new.model_id),
        includes_administration: Set(new.includes_administration),
        state: Set(RoundState::Open.as_str().to_owned()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    set_scope(&txn, row.id, &department_ids).await?;
    models::freeze(&txn, new.model_id, row.id, actor).await?;
    let view = view_of(&txn, row.id).await?;
    audit::record(
        &txn,
        actor,
        entity_type::ROUND,
        Some(view.id),
        Action::Create,
        None,
        Some(&to_json(&view)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

async fn locked_current<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
) -> StoreResult<maturity_round::Model> {
    let current = maturity_round::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    Ok(current)
}

/// Applies `active` to the round if it still has `expected_version` (atomic between
/// concurrent transactions).
async fn versioned_update<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
    mut active: maturity_round::ActiveModel,
) -> StoreResult<()> {
    active.version = Set(expected_version + 1);
    active.updated_at = Set(Utc::now());
    update_if_version(conn, id, expected_version, active).await?;
    Ok(())
}

fn not_open(state: &str) -> StoreError {
    StoreError::Conflict {
        field: "state",
        message: format!("the round is {state}; only open rounds can be changed (reopen it first)"),
    }
}

/// Changes an open round. Departments that already have assessments cannot leave the scope,
/// nor can the administration while it has assessments.
pub async fn update(
    db: &Db,
    id: i32,
    expected_version: i32,
    changes: RoundChanges,
    actor: &Actor,
) -> StoreResult<RoundView> {
    let txn = db.begin().await?;
    let current = locked_current(&txn, id, expected_version).await?;
    if current.state != RoundState::Open.as_str() {
        return Err(not_open(&current.state));
    }
    let before = view_of(&txn, id).await?;
    let assessed_keys: Vec<i32> = maturity_assessment::Entity::find()
        .select_only()
        .column(maturity_assessment::Column::ScopeKey)
        .distinct()
        .filter(maturity_assessment::Column::RoundId.eq(id))
        .into_tuple()
        .all(&txn)
        .await?;
    if let Some(ids) = &changes.department_ids
        && let Some(dropped) = assessed_keys.iter().find(|k| **k != 0 && !ids.contains(k))
    {
        return Err(StoreError::Conflict {
            field: "department_ids",
            message: format!(
                "department {dropped} has assessments in this round and cannot be removed"
            ),
        });
    }
    if changes.includes_administration == Some(false) && assessed_keys.contains(&0) {
        return Err(StoreError::Conflict {
            field: "includes_administration",
            message: "the administration as a whole has assessments in this round".into(),
        });
    }
    let mut active: maturity_round::ActiveModel = current.into();
    if let Some(v) = changes.title {
        active.title = Set(v);
    }
    if let Some(v) = changes.description {
        active.description = Set(v);
    }
    if let Some(v) = changes.round_date {
        active.round_date = Set(v);
    }
    if let Some(v) = changes.includes_administration {
        active.includes_administration = Set(v);
    }
    versioned_update(&txn, id, expected_version, active).await?;
    if let Some(mut ids) = changes.department_ids {
        ids.sort_unstable();
        ids.dedup();
        set_scope(&txn, id, &ids).await?;
    }
    let after = view_of(&txn, id).await?;
    audit::record(
        &txn,
        actor,
        entity_type::ROUND,
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Applies a state transition (submit, approve, reopen); `reason` is recorded in the audit
/// entry (required by the HTTP layer for reopening).
pub async fn transition(
    db: &Db,
    id: i32,
    expected_version: i32,
    action: RoundAction,
    reason: Option<String>,
    actor: &Actor,
) -> StoreResult<RoundView> {
    let txn = db.begin().await?;
    let current = locked_current(&txn, id, expected_version).await?;
    let state = RoundState::parse(&current.state).ok_or(StoreError::NotFound)?;
    let next = state.apply(action).map_err(|e| StoreError::Conflict {
        field: "state",
        message: e.to_string(),
    })?;
    let before = view_of(&txn, id).await?;
    let now = Utc::now();
    let mut active: maturity_round::ActiveModel = current.into();
    active.state = Set(next.as_str().to_owned());
    match action {
        RoundAction::Submit => {
            active.submitted_at = Set(Some(now));
            active.submitted_by = Set(actor.user_id);
        }
        RoundAction::Approve => {
            active.approved_at = Set(Some(now));
            active.approved_by = Set(actor.user_id);
        }
        RoundAction::Reopen => {
            active.submitted_at = Set(None);
            active.submitted_by = Set(None);
            active.approved_at = Set(None);
            active.approved_by = Set(None);
        }
    }
    versioned_update(&txn, id, expected_version, active).await?;
    let after = view_of(&txn, id).await?;
    let mut after_json = to_json(&after);
    if let Some(object) = after_json.as_object_mut() {
        object.insert("transition".into(), action.as_str().into());
        if let Some(reason) = reason {
            object.insert("reason".into(), reason.into());
        }
    }
    audit::record(
        &txn,
        actor,
        entity_type::ROUND,
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&after_json),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Deletes an open round without assessments (its model version stays frozen).
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let current = locked_current(&txn, id, expected_version).await?;
    if current.state != RoundState::Open.as_str() {
        return Err(not_open(&current.state));
    }
    let assessments = maturity_assessment::Entity::find()
        .filter(maturity_assessment::Column::RoundId.eq(id))
        .count(&txn)
        .await?;
    if assessments > 0 {
        return Err(StoreError::Conflict {
            field: "assessments",
            message: format!("the round has {assessments} assessments; delete them first"),
        });
    }
    let before = view_of(&txn, id).await?;
    delete_if_version::<maturity_round::Entity, _>(&txn, id, expected_version).await?;
    audit::record(
        &txn,
        actor,
        entity_type::ROUND,
        Some(id),
        Action::Delete,
        Some(&to_json(&before)),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}
