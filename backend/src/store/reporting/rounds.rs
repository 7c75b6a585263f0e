//! Reporting rounds: the meeting a round reports to, its deadline with grace days, its state
//! (open → frozen by a report → open again when the report is withdrawn) and the progress
//! counts of its items. Opening a round creates one item per measure due (owed by the
//! measure's lead department) and notifies the departments' editors, in one transaction
//! with the audit entry. Reports and the demo loader use [`get`], [`get_in`],
//! [`create_in`] and [`set_round_state`].

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::audit::{self, Action};
use super::super::entities::{department, report, reporting_round, reporting_round_item};
use super::super::measure_facts::{self, Selection};
use super::super::measures::Invalid;
use super::super::{Actor, Db, StoreError, StoreResult, today};
use super::{
    ReportingError, ReportingItemState, ReportingRoundState, entity_type, german_date,
    notifications, round_frozen,
};
use crate::domain::measure::Visibility;
use crate::domain::status::StatusCategory;
use crate::store::{delete_if_version, update_if_version};

/// The council meeting a round reports to.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReportingMeeting {
    /// The body meeting, e.g. "Stadtrat" or "Digitalausschuss".
    pub body: String,
    pub date: NaiveDate,
    /// The number of the council paper (Vorlage), if known.
    pub vorlage_number: Option<String>,
}

/// How far a round's items are answered.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct ReportingRoundCounts {
    pub total: u32,
    pub due: u32,
    pub submitted: u32,
    pub returned: u32,
    pub approved: u32,
    /// Items still due or returned after the deadline plus the grace days.
    pub overdue: u32,
}

/// A reporting round as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReportingRound {
    pub id: i32,
    pub title: String,
    pub meeting: ReportingMeeting,
    /// The day answers are due.
    pub deadline: NaiveDate,
    /// Days after the deadline answers still count as on time (0–60).
    pub grace_days: i32,
    pub state: ReportingRoundState,
    pub counts: ReportingRoundCounts,
    /// The round's current (not withdrawn) report, if it is frozen.
    pub report_id: Option<i32>,
    pub created_by_name: String,
    pub created_at: DateTime<Utc>,
    pub version: i32,
}

/// A validated new round.
#[derive(Debug, Clone)]
pub struct NewReportingRound {
    pub title: String,
    pub meeting_body: String,
    pub meeting_date: NaiveDate,
    pub vorlage_number: Option<String>,
    pub deadline: NaiveDate,
    pub grace_days: i32,
    /// `None` or empty: every active measure (not archived, not a draft, status neither
    /// completed nor cancelled).
    pub measure_ids: Option<Vec<i32>>,
}

/// Validated changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ReportingRoundChanges {
    pub title: Option<String>,
    pub meeting_body: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    /// `Some(None)` clears the number.
    pub vorlage_number: Option<Option<String>>,
    pub deadline: Option<NaiveDate>,
    pub grace_days: Option<i32>,
}

fn parse_state(value: &str) -> StoreResult<ReportingRoundState> {
    ReportingRoundState::parse(value).ok_or_else(|| {
        StoreError::Database(sea_orm::DbErr::Custom(format!(
            "unknown reporting round state '{value}'"
        )))
    })
}

/// Builds the views of `rows` in three queries (item states, reports), whatever their number.
async fn views<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<reporting_round::Model>,
) -> StoreResult<Vec<ReportingRound>> {
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<i32> = rows.iter().map(|r| r.id).collect();
    let mut counts: HashMap<i32, HashMap<String, u32>> = HashMap::new();
    for (round_id, state, n) in reporting_round_item::Entity::find()
        .select_only()
        .column(reporting_round_item::Column::RoundId)
        .column(reporting_round_item::Column::State)
        .column_as(reporting_round_item::Column::Id.count(), "n")
        .filter(reporting_round_item::Column::RoundId.is_in(ids.clone()))
        .group_by(reporting_round_item::Column::RoundId)
        .group_by(reporting_round_item::Column::State)
        .into_tuple::<(i32, String, i64)>()
        .all(conn)
        .await?
    {
        counts
            .entry(round_id)
            .or_default()
            .insert(state, u32::try_from(n).unwrap_or(u32::MAX));
    }
    let mut reports: HashMap<i32, i32> = HashMap::new();
    for (report_id, round_id) in report::Entity::find()
        .select_only()
        .column(report::Column::Id)
        .column(report::Column::RoundId)
        .filter(report::Column::RoundId.is_in(ids))
        .filter(report::Column::WithdrawnAt.is_null())
        .into_tuple::<(i32, i32)>()
        .all(conn)
        .await?
    {
        let entry = reports.entry(round_id).or_insert(report_id);
        *entry = (*entry).max(report_id);
    }
    let today = today();
    rows.into_iter()
        .map(|row| {
            let by_state = counts.remove(&row.id).unwrap_or_default();
            let n = |s: ReportingItemState| by_state.get(s.as_str()).copied().unwrap_or(0);
            let owed = n(ReportingItemState::Due) + n(ReportingItemState::Returned);
            let overdue = if today > super::last_day(row.deadline, row.grace_days) {
                owed
            } else {
                0
            };
            Ok(ReportingRound {
                counts: ReportingRoundCounts {
                    total: by_state.values().sum(),
                    due: n(ReportingItemState::Due),
                    submitted: n(ReportingItemState::Submitted),
                    returned: n(ReportingItemState::Returned),
                    approved: n(ReportingItemState::Approved),
                    overdue,
                },
                state: parse_state(&row.state)?,
                report_id: reports.get(&row.id).copied(),
                id: row.id,
                title: row.title,
                meeting: ReportingMeeting {
                    body: row.meeting_body,
                    date: row.meeting_date,
                    vorlage_number: row.vorlage_number,
                },
                deadline: row.deadline,
                grace_days: row.grace_days,
                created_by_name: row.created_by_name,
                created_at: row.created_at,
                version: row.version,
            })
        })
        .collect()
}

/// All rounds, the next meeting first (newest meeting date, then newest round).
pub async fn list(db: &Db) -> StoreResult<Vec<ReportingRound>> {
    let rows = reporting_round::Entity::find()
        .order_by_desc(reporting_round::Column::MeetingDate)
        .order_by_desc(reporting_round::Column::Id)
        .all(db)
        .await?;
    views(db, rows).await
}

/// One round.
pub async fn get(db: &Db, id: i32) -> StoreResult<ReportingRound> {
    get_in(db, id).await
}

/// One round, read on the caller's connection or transaction.
pub async fn get_in<C: ConnectionTrait>(conn: &C, id: i32) -> StoreResult<ReportingRound> {
    let row = reporting_round::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    views(conn, vec![row])
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The state of a round (one small query).
pub async fn state_of<C: ConnectionTrait>(conn: &C, id: i32) -> StoreResult<ReportingRoundState> {
    let state: String = reporting_round::Entity::find_by_id(id)
        .select_only()
        .column(reporting_round::Column::State)
        .into_tuple()
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    parse_state(&state)
}

/// The measures a new round covers: the given ones (each must exist and not be archived),
/// or every active measure. Returns `(measure id, lead department id)` in code order.
async fn measures_due<C: ConnectionTrait>(
    conn: &C,
    measure_ids: Option<&[i32]>,
) -> Result<Vec<(i32, i32)>, ReportingError> {
    match measure_ids.filter(|ids| !ids.is_empty()) {
        None => Ok(measure_facts::load(conn, Selection::AllActive)
            .await?
            .into_iter()
            .filter(|f| {
                !f.archived
                    && f.visibility != Visibility::Draft
                    && !matches!(
                        f.status_category,
                        StatusCategory::Completed | StatusCategory::Cancelled
                    )
            })
            .map(|f| (f.id, f.lead_department_id))
            .collect()),
        Some(ids) => {
            let facts = measure_facts::load(conn, Selection::Ids(ids)).await?;
            let found: HashMap<i32, &measure_facts::MeasureFacts> =
                facts.iter().map(|f| (f.id, f)).collect();
            let mut problems = Vec::new();
            let mut seen = HashSet::new();
            for (i, id) in ids.iter().enumerate() {
                let field = format!("measure_ids[{i}]");
                match found.get(id) {
                    None => problems.push(Invalid {
                        field,
                        code: "unknown",
                        message: format!("measure {id} does not exist"),
                    }),
                    Some(f) if f.archived => problems.push(Invalid {
                        field,
                        code: "archived",
                        message: format!("measure {id} is archived"),
                    }),
                    Some(_) if !seen.insert(*id) => problems.push(Invalid {
                        field,
                        code: "duplicate",
                        message: format!("measure {id} is listed twice"),
                    }),
                    Some(_) => {}
                }
            }
            if !problems.is_empty() {
                return Err(ReportingError::Invalid(problems));
            }
            Ok(facts.iter().map(|f| (f.id, f.lead_department_id)).collect())
        }
    }
}

/// Opens a round with its items, on its own transaction.
pub async fn create(
    db: &Db,
    new: NewReportingRound,
    actor: &Actor,
) -> Result<ReportingRound, ReportingError> {
    let txn = db.begin().await?;
    let round = create_in(&txn, new, actor).await?;
    crate::store::commit(txn).await?;
    Ok(round)
}

/// Opens a round on the caller's transaction: the round, one `due` item per measure (owed
/// by its lead department), the in-app notices to the departments' editors and the audit
/// entry. The demo loader calls this with explicit `measure_ids`.
pub async fn create_in<C: ConnectionTrait>(
    conn: &C,
    new: NewReportingRound,
    actor: &Actor,
) -> Result<ReportingRound, ReportingError> {
    let measures = measures_due(conn, new.measure_ids.as_deref()).await?;
    let now = Utc::now();
    let row = reporting_round::Entity::insert(reporting_round::ActiveModel {
        title: Set(new.title),
        meeting_body: Set(new.meeting_body),
        meeting_date: Set(new.meeting_date),
        vorlage_number: Set(new.vorlage_number),
        deadline: Set(new.deadline),
        grace_days: Set(new.grace_days),
        state: Set(ReportingRoundState::Open.as_str().to_owned()),
        created_by_id: Set(actor.user_id),
        created_by_name: Set(actor.name.clone()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(conn)
    .await?;
    // In chunks: one statement may bind at most 32,766 values on SQLite (5 per item here).
    for chunk in measures.chunks(super::super::MAX_IN_LIST * 2) {
        reporting_round_item::Entity::insert_many(chunk.iter().map(|(measure_id, dept)| {
            reporting_round_item::ActiveModel {
                round_id: Set(row.id),
                measure_id: Set(*measure_id),
                department_id: Set(*dept),
                state: Set(ReportingItemState::Due.as_str().to_owned()),
                version: Set(1),
                ..Default::default()
            }
        }))
        .exec(conn)
        .await?;
    }
    // One notice per editor of each department that owes answers.
    let mut per_department: HashMap<i32, u32> = HashMap::new();
    for (_, dept) in &measures {
        *per_department.entry(*dept).or_default() += 1;
    }
    let department_ids: Vec<i32> = per_department.keys().copied().collect();
    let editors = notifications::department_editors(conn, &department_ids).await?;
    for (dept, count) in &per_department {
        let recipients: Vec<i32> = editors
            .get(dept)
            .map(|list| list.iter().map(|r| r.user_id).collect())
            .unwrap_or_default();
        let message = format!(
            "Neue Berichtsrunde „{}“ ({}, Sitzung am {}): {} {} Ihres Fachbereichs {} bis zum {} zu beantworten.",
            row.title,
            row.meeting_body,
            german_date(row.meeting_date),
            count,
            if *count == 1 {
                "Maßnahme"
            } else {
                "Maßnahmen"
            },
            if *count == 1 { "ist" } else { "sind" },
            german_date(row.deadline),
        );
        notifications::notify(
            conn,
            &recipients,
            notifications::NotificationKind::RoundOpened,
            &message,
            Some(row.id),
            None,
        )
        .await?;
    }
    let view = get_in(conn, row.id).await?;
    let mut after = serde_json::to_value(&view).unwrap_or_default();
    if let Some(object) = after.as_object_mut() {
        object.insert(
            "measure_ids".into(),
            measures.iter().map(|(m, _)| *m).collect::<Vec<_>>().into(),
        );
    }
    audit::record(
        conn,
        actor,
        entity_type::ROUND,
        Some(view.id),
        Action::Create,
        None,
        Some(&after),
    )
    .await?;
    Ok(view)
}

async fn current<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
) -> StoreResult<reporting_round::Model> {
    let row = reporting_round::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: row.version,
        });
    }
    Ok(row)
}

/// Writes `values` if the round still has `expected_version`, bumping it (atomic between
/// concurrent transactions on either database).
async fn write_versioned<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    expected_version: i32,
    mut values: reporting_round::ActiveModel,
) -> StoreResult<()> {
    values.version = Set(expected_version + 1);
    values.updated_at = Set(Utc::now());
    update_if_version(conn, id, expected_version, values).await?;
    Ok(())
}

/// Changes an open round (`409 round_frozen` otherwise).
pub async fn update(
    db: &Db,
    id: i32,
    expected_version: i32,
    changes: ReportingRoundChanges,
    actor: &Actor,
) -> StoreResult<ReportingRound> {
    let txn = db.begin().await?;
    let row = current(&txn, id, expected_version).await?;
    if row.state != ReportingRoundState::Open.as_str() {
        return Err(round_frozen());
    }
    let deadline = changes.deadline.unwrap_or(row.deadline);
    let meeting_date = changes.meeting_date.unwrap_or(row.meeting_date);
    if deadline > meeting_date {
        return Err(StoreError::Conflict {
            field: "deadline",
            message: "the deadline must not be after the meeting date".into(),
        });
    }
    let before = get_in(&txn, id).await?;
    let mut values: reporting_round::ActiveModel = row.into();
    if let Some(v) = changes.title {
        values.title = Set(v);
    }
    if let Some(v) = changes.meeting_body {
        values.meeting_body = Set(v);
    }
    if let Some(v) = changes.meeting_date {
        values.meeting_date = Set(v);
    }
    if let Some(v) = changes.vorlage_number {
        values.vorlage_number = Set(v);
    }
    if let Some(v) = changes.deadline {
        values.deadline = Set(v);
    }
    if let Some(v) = changes.grace_days {
        values.grace_days = Set(v);
    }
    write_versioned(&txn, id, expected_version, values).await?;
    let after = get_in(&txn, id).await?;
    audit::record(
        &txn,
        actor,
        entity_type::ROUND,
        Some(id),
        Action::Update,
        Some(&serde_json::to_value(&before).unwrap_or_default()),
        Some(&serde_json::to_value(&after).unwrap_or_default()),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Deletes an open round none of whose answers has been submitted or approved (its items,
/// notices and reminder log go with it).
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let row = current(&txn, id, expected_version).await?;
    if row.state != ReportingRoundState::Open.as_str() {
        return Err(round_frozen());
    }
    let before = get_in(&txn, id).await?;
    if before.counts.submitted + before.counts.approved > 0 {
        return Err(StoreError::Conflict {
            field: "items",
            message: format!(
                "{} answers of this round have been submitted or approved; the round cannot be deleted",
                before.counts.submitted + before.counts.approved
            ),
        });
    }
    delete_if_version::<reporting_round::Entity, _>(&txn, id, expected_version).await?;
    audit::record(
        &txn,
        actor,
        entity_type::ROUND,
        Some(id),
        Action::Delete,
        Some(&serde_json::to_value(&before).unwrap_or_default()),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}

/// Sets a round's state on the caller's transaction, bumping its version and writing the
/// audit entry. With `expected_version` the write fails with a version mismatch if the
/// round changed since the caller read it. For the freeze (→ frozen) and the withdrawal of
/// a report (→ open); tests use it to freeze a round directly.
pub async fn set_round_state<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    expected_version: Option<i32>,
    state: ReportingRoundState,
    actor: &Actor,
) -> StoreResult<ReportingRound> {
    let row = reporting_round::Entity::find_by_id(round_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let version = expected_version.unwrap_or(row.version);
    if row.version != version {
        return Err(StoreError::VersionMismatch {
            current_version: row.version,
        });
    }
    let before = get_in(conn, round_id).await?;
    let mut values: reporting_round::ActiveModel = row.into();
    values.state = Set(state.as_str().to_owned());
    write_versioned(conn, round_id, version, values).await?;
    let after = get_in(conn, round_id).await?;
    audit::record(
        conn,
        actor,
        entity_type::ROUND,
        Some(round_id),
        Action::Update,
        Some(&serde_json::to_value(&before).unwrap_or_default()),
        Some(&serde_json::to_value(&after).unwrap_or_default()),
    )
    .await?;
    Ok(after)
}

/// The names of departments by id (one query).
pub(crate) async fn department_names<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> StoreResult<HashMap<i32, String>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(department::Entity::find()
        .filter(department::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|d| (d.id, d.name))
        .collect())
}
