//! Statuses: the configurable list of measure statuses (label, default progress, order),
//! each in one fixed [`StatusCategory`] that the traffic-light rule and the roll-up rely on.
//! A status in use by a measure or a status update cannot be deleted (deactivate it
//! instead); [`ensure_defaults`] fills an empty list with the five default statuses.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::entities::{measure, status, status_update};
use super::{Actor, Db, StoreError, StoreResult};
use crate::domain::status::StatusCategory;
use crate::store::update_if_version;

/// The statuses an empty installation starts with: code, label, category, default progress.
pub const DEFAULTS: [(&str, &str, StatusCategory, Option<i32>); 5] = [
    ("geplant", "geplant", StatusCategory::Planned, Some(0)),
    (
        "in_umsetzung",
        "in Umsetzung",
        StatusCategory::InProgress,
        None,
    ),
    (
        "abgeschlossen",
        "abgeschlossen",
        StatusCategory::Completed,
        Some(100),
    ),
    (
        "zurueckgestellt",
        "zurückgestellt",
        StatusCategory::Deferred,
        None,
    ),
    (
        "abgebrochen",
        "abgebrochen",
        StatusCategory::Cancelled,
        None,
    ),
];

/// A status as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct StatusView {
    pub id: i32,
    /// Stable code, e.g. `in_umsetzung`.
    pub code: String,
    /// Label shown in the interface, e.g. "in Umsetzung".
    pub label: String,
    /// What the status means for the traffic light and the roll-up.
    pub category: StatusCategory,
    /// Progress (0–100) suggested when a measure moves to this status; `null` = keep.
    pub default_progress: Option<i32>,
    /// Order in lists.
    pub position: i32,
    /// Inactive statuses stay on the measures that have them but are not offered anymore.
    pub active: bool,
    pub version: i32,
}

impl From<status::Model> for StatusView {
    fn from(m: status::Model) -> Self {
        Self {
            id: m.id,
            // An unknown category can only come from outside Kurs; treat it as planned, the
            // mildest one, like the measure-facts loader does.
            category: StatusCategory::parse(&m.category).unwrap_or(StatusCategory::Planned),
            code: m.code,
            label: m.label,
            default_progress: m.default_progress,
            position: m.position,
            active: m.active,
            version: m.version,
        }
    }
}

/// A validated new status.
#[derive(Debug, Clone)]
pub struct NewStatus {
    pub code: String,
    pub label: String,
    pub category: StatusCategory,
    pub default_progress: Option<i32>,
    pub position: i32,
    pub active: bool,
}

/// Validated changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct StatusChanges {
    pub code: Option<String>,
    pub label: Option<String>,
    pub category: Option<StatusCategory>,
    pub default_progress: Option<Option<i32>>,
    pub position: Option<i32>,
    pub active: Option<bool>,
}

fn to_json(view: &StatusView) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

async fn insert<C: ConnectionTrait>(
    conn: &C,
    new: NewStatus,
    actor: &Actor,
) -> StoreResult<StatusView> {
    let now = Utc::now();
    let model = status::Entity::insert(status::ActiveModel {
        code: Set(new.code),
        label: Set(new.label),
        category: Set(new.category.as_str().to_owned()),
        default_progress: Set(new.default_progress),
        position: Set(new.position),
        active: Set(new.active),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(conn)
    .await?;
    let view = StatusView::from(model);
    audit::record(
        conn,
        actor,
        "status",
        Some(view.id),
        Action::Create,
        None,
        Some(&to_json(&view)),
    )
    .await?;
    Ok(view)
}

/// Inserts the default statuses if there are no statuses at all; idempotent, run at every
/// start. A list the officer has configured is never touched.
pub async fn ensure_defaults(db: &Db) -> StoreResult<()> {
    match insert_defaults_if_empty(db).await {
        // Another instance starting at the same moment inserted them first.
        Err(StoreError::Conflict { .. }) => Ok(()),
        other => other,
    }
}

async fn insert_defaults_if_empty(db: &Db) -> StoreResult<()> {
    let txn = db.begin().await?;
    if status::Entity::find().count(&txn).await? > 0 {
        return Ok(());
    }
    let actor = Actor::system("Kurs (Grundeinrichtung)");
    for (position, (code, label, category, default_progress)) in DEFAULTS.into_iter().enumerate() {
        let new = NewStatus {
            code: code.into(),
            label: label.into(),
            category,
            default_progress,
            position: i32::try_from(position * 10).unwrap_or(i32::MAX),
            active: true,
        };
        insert(&txn, new, &actor).await?;
    }
    crate::store::commit(txn).await?;
    Ok(())
}

/// All statuses, ordered by position (then code).
pub async fn list(db: &Db) -> StoreResult<Vec<StatusView>> {
    Ok(status::Entity::find()
        .order_by_asc(status::Column::Position)
        .order_by_asc(status::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(StatusView::from)
        .collect())
}

pub async fn get(db: &Db, id: i32) -> StoreResult<StatusView> {
    status::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(StatusView::from)
        .ok_or(StoreError::NotFound)
}

pub async fn create(db: &Db, new: NewStatus, actor: &Actor) -> StoreResult<StatusView> {
    let txn = db.begin().await?;
    let view = insert(&txn, new, actor).await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

pub async fn update(
    db: &Db,
    id: i32,
    expected_version: i32,
    changes: StatusChanges,
    actor: &Actor,
) -> StoreResult<StatusView> {
    let txn = db.begin().await?;
    let current = status::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = StatusView::from(current.clone());
    let mut active: status::ActiveModel = current.into();
    if let Some(v) = changes.code {
        active.code = Set(v);
    }
    if let Some(v) = changes.label {
        active.label = Set(v);
    }
    if let Some(v) = changes.category {
        active.category = Set(v.as_str().to_owned());
    }
    if let Some(v) = changes.default_progress {
        active.default_progress = Set(v);
    }
    if let Some(v) = changes.position {
        active.position = Set(v);
    }
    if let Some(v) = changes.active {
        active.active = Set(v);
    }
    active.version = Set(expected_version + 1);
    active.updated_at = Set(Utc::now());
    update_if_version(&txn, id, expected_version, active).await?;
    let after = status::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .map(StatusView::from)
        .ok_or(StoreError::NotFound)?;
    audit::record(
        &txn,
        actor,
        "status",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Deletes a status no measure (archived ones included) and no status update uses;
/// otherwise a conflict naming `measures` or `status_updates`.
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let current = status::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let measures = measure::Entity::find()
        .filter(measure::Column::StatusId.eq(id))
        .count(&txn)
        .await?;
    if measures > 0 {
        return Err(StoreError::Conflict {
            field: "measures",
            message: format!(
                "still have this status ({measures}, archived ones included); \
                 deactivate it instead"
            ),
        });
    }
    let updates = status_update::Entity::find()
        .filter(status_update::Column::StatusId.eq(id))
        .count(&txn)
        .await?;
    if updates > 0 {
        return Err(StoreError::Conflict {
            field: "status_updates",
            message: format!(
                "recorded this status ({updates}); the history is kept, deactivate it \
                 instead"
            ),
        });
    }
    let before = StatusView::from(current);
    status::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "status",
        Some(id),
        Action::Delete,
        Some(&to_json(&before)),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_cover_every_category_once() {
        for category in StatusCategory::ALL {
            assert_eq!(
                DEFAULTS.iter().filter(|d| d.2 == category).count(),
                1,
                "{category:?}"
            );
        }
    }
}
