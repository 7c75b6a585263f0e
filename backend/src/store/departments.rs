//! Departments: the tree of Fachbereiche and Abteilungen. Departments are never deleted
//! once measures or users refer to them; they are deactivated instead.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::entities::department;
use super::{Actor, Db, StoreError, StoreResult};
use crate::store::update_if_version;

/// A department as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct DepartmentView {
    pub id: i32,
    /// The parent department (a Fachbereich for an Abteilung); `null` at the top.
    pub parent_id: Option<i32>,
    /// Short code such as "FB 1".
    pub code: String,
    pub name: String,
    pub active: bool,
    /// Order among siblings.
    pub position: i32,
    pub version: i32,
}

impl From<department::Model> for DepartmentView {
    fn from(m: department::Model) -> Self {
        Self {
            id: m.id,
            parent_id: m.parent_id,
            code: m.code,
            name: m.name,
            active: m.active,
            position: m.position,
            version: m.version,
        }
    }
}

/// A validated new department.
#[derive(Debug, Clone)]
pub struct NewDepartment {
    pub parent_id: Option<i32>,
    pub code: String,
    pub name: String,
    pub active: bool,
    pub position: i32,
}

/// Validated changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct DepartmentChanges {
    pub parent_id: Option<Option<i32>>,
    pub code: Option<String>,
    pub name: Option<String>,
    pub active: Option<bool>,
    pub position: Option<i32>,
}

fn to_json(view: &DepartmentView) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

/// All departments, ordered for display as a tree (by position, then code).
pub async fn list(db: &Db) -> StoreResult<Vec<DepartmentView>> {
    Ok(department::Entity::find()
        .order_by_asc(department::Column::Position)
        .order_by_asc(department::Column::Code)
        .all(db)
        .await?
        .into_iter()
        .map(DepartmentView::from)
        .collect())
}

pub async fn get(db: &Db, id: i32) -> StoreResult<DepartmentView> {
    department::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(DepartmentView::from)
        .ok_or(StoreError::NotFound)
}

/// Finds a department by its code (used by the command line).
pub async fn find_by_code(db: &Db, code: &str) -> StoreResult<Option<DepartmentView>> {
    Ok(department::Entity::find()
        .filter(department::Column::Code.eq(code))
        .one(db)
        .await?
        .map(DepartmentView::from))
}

async fn ensure_parent_allowed<C: sea_orm::ConnectionTrait>(
    conn: &C,
    id: Option<i32>,
    parent_id: Option<i32>,
) -> StoreResult<()> {
    let mut next = parent_id;
    while let Some(current) = next {
        if Some(current) == id {
            return Err(StoreError::Conflict {
                field: "parent_id",
                message: "would make the department its own ancestor".into(),
            });
        }
        let parent = department::Entity::find_by_id(current)
            .one(conn)
            .await?
            .ok_or(StoreError::Conflict {
                field: "parent_id",
                message: "does not exist".into(),
            })?;
        next = parent.parent_id;
    }
    Ok(())
}

pub async fn create(db: &Db, new: NewDepartment, actor: &Actor) -> StoreResult<DepartmentView> {
    let txn = db.begin().await?;
    ensure_parent_allowed(&txn, None, new.parent_id).await?;
    let now = Utc::now();
    let model = department::Entity::insert(department::ActiveModel {
        parent_id: Set(new.parent_id),
        code: Set(new.code),
        name: Set(new.name),
        active: Set(new.active),
        position: Set(new.position),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    let view = DepartmentView::from(model);
    audit::record(
        &txn,
        actor,
        "department",
        Some(view.id),
        Action::Create,
        None,
        Some(&to_json(&view)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

pub async fn update(
    db: &Db,
    id: i32,
    expected_version: i32,
    changes: DepartmentChanges,
    actor: &Actor,
) -> StoreResult<DepartmentView> {
    let txn = db.begin().await?;
    let current = department::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    if let Some(parent_id) = changes.parent_id {
        ensure_parent_allowed(&txn, Some(id), parent_id).await?;
    }
    let before = DepartmentView::from(current.clone());
    let mut active: department::ActiveModel = current.into();
    if let Some(v) = changes.parent_id {
        active.parent_id = Set(v);
    }
    if let Some(v) = changes.code {
        active.code = Set(v);
    }
    if let Some(v) = changes.name {
        active.name = Set(v);
    }
    if let Some(v) = changes.active {
        active.active = Set(v);
    }
    if let Some(v) = changes.position {
        active.position = Set(v);
    }
    active.version = Set(expected_version + 1);
    active.updated_at = Set(Utc::now());
    update_if_version(&txn, id, expected_version, active).await?;
    let after = department::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .map(DepartmentView::from)
        .ok_or(StoreError::NotFound)?;
    audit::record(
        &txn,
        actor,
        "department",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Deletes a department that nothing refers to; otherwise answers a conflict (deactivate it).
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let current = department::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = DepartmentView::from(current);
    department::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "department",
        Some(id),
        Action::Delete,
        Some(&to_json(&before)),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    // Users' departments may have gone with it.
    super::principal_cache::sessions_changed();
    Ok(())
}
