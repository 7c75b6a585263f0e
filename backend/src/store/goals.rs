//! Goals: the tree of Handlungsfelder (top level, depth 0) and their Ziele (depth 1 and
//! below). A goal cannot become its own ancestor, and it cannot be deleted while it has
//! child goals or measures linked to it (both answer a conflict naming `children` or
//! `measures`).
//!
//! The tree is small (tens of goals), so reads load all goals in one query and compute the
//! depth with [`crate::domain::tree::Forest`] instead of walking parents query by query.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::entities::{goal, measure_goal};
use super::{Actor, Db, StoreError, StoreResult};
use crate::domain::tree::Forest;
use crate::store::update_if_version;

/// A goal as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct GoalView {
    pub id: i32,
    /// The parent goal; `null` for a Handlungsfeld (field of action).
    pub parent_id: Option<i32>,
    /// 0 for a Handlungsfeld, 1 for its Ziele, and so on.
    pub depth: u32,
    /// Unique short code such as "HF 2" or "HF 2.3".
    pub code: String,
    pub title: String,
    pub description: String,
    /// Order among siblings.
    pub position: i32,
    pub version: i32,
}

/// A validated new goal.
#[derive(Debug, Clone)]
pub struct NewGoal {
    pub parent_id: Option<i32>,
    pub code: String,
    pub title: String,
    pub description: String,
    pub position: i32,
}

/// Validated changes; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct GoalChanges {
    pub parent_id: Option<Option<i32>>,
    pub code: Option<String>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub position: Option<i32>,
}

fn to_json(view: &GoalView) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

/// All goal rows in sibling display order (position, then code).
pub(crate) async fn all_rows<C: ConnectionTrait>(conn: &C) -> StoreResult<Vec<goal::Model>> {
    Ok(goal::Entity::find()
        .order_by_asc(goal::Column::Position)
        .order_by_asc(goal::Column::Code)
        .order_by_asc(goal::Column::Id)
        .all(conn)
        .await?)
}

/// The forest of the given rows (siblings in the rows' order).
pub(crate) fn forest_of(rows: &[goal::Model]) -> Forest {
    Forest::new(rows.iter().map(|g| (g.id, g.parent_id)))
}

/// Turns rows into views in tree order (depth-first, siblings by position then code).
fn tree_views(rows: Vec<goal::Model>) -> Vec<GoalView> {
    let forest = forest_of(&rows);
    let mut by_id: std::collections::HashMap<i32, goal::Model> =
        rows.into_iter().map(|g| (g.id, g)).collect();
    forest
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
        .collect()
}

async fn view_on<C: ConnectionTrait>(conn: &C, id: i32) -> StoreResult<GoalView> {
    tree_views(all_rows(conn).await?)
        .into_iter()
        .find(|g| g.id == id)
        .ok_or(StoreError::NotFound)
}

/// All goals as a flat list in tree order: each Handlungsfeld followed by its goals,
/// depth-first, siblings by position then code.
pub async fn list(db: &Db) -> StoreResult<Vec<GoalView>> {
    Ok(tree_views(all_rows(db).await?))
}

pub async fn get(db: &Db, id: i32) -> StoreResult<GoalView> {
    view_on(db, id).await
}

async fn ensure_parent_allowed<C: ConnectionTrait>(
    conn: &C,
    id: Option<i32>,
    parent_id: Option<i32>,
) -> StoreResult<()> {
    let mut next = parent_id;
    let mut steps = 0usize;
    while let Some(current) = next {
        if Some(current) == id {
            return Err(StoreError::Conflict {
                field: "parent_id",
                message: "would make the goal its own ancestor".into(),
            });
        }
        let parent =
            goal::Entity::find_by_id(current)
                .one(conn)
                .await?
                .ok_or(StoreError::Conflict {
                    field: "parent_id",
                    message: "does not exist".into(),
                })?;
        next = parent.parent_id;
        steps += 1;
        if steps > 10_000 {
            // Only a corrupt existing cycle gets here; refuse rather than loop.
            return Err(StoreError::Conflict {
                field: "parent_id",
                message: "the goal tree above this parent contains a cycle".into(),
            });
        }
    }
    Ok(())
}

pub async fn create(db: &Db, new: NewGoal, actor: &Actor) -> StoreResult<GoalView> {
    let txn = db.begin().await?;
    ensure_parent_allowed(&txn, None, new.parent_id).await?;
    let now = Utc::now();
    let model = goal::Entity::insert(goal::ActiveModel {
        parent_id: Set(new.parent_id),
        code: Set(new.code),
        title: Set(new.title),
        description: Set(new.description),
        position: Set(new.position),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    let view = view_on(&txn, model.id).await?;
    audit::record(
        &txn,
        actor,
        "goal",
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
    changes: GoalChanges,
    actor: &Actor,
) -> StoreResult<GoalView> {
    let txn = db.begin().await?;
    let before = view_on(&txn, id).await?;
    if before.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: before.version,
        });
    }
    if let Some(parent_id) = changes.parent_id {
        ensure_parent_allowed(&txn, Some(id), parent_id).await?;
    }
    let mut active = goal::ActiveModel {
        version: Set(expected_version + 1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    if let Some(v) = changes.parent_id {
        active.parent_id = Set(v);
    }
    if let Some(v) = changes.code {
        active.code = Set(v);
    }
    if let Some(v) = changes.title {
        active.title = Set(v);
    }
    if let Some(v) = changes.description {
        active.description = Set(v);
    }
    if let Some(v) = changes.position {
        active.position = Set(v);
    }
    update_if_version(&txn, id, expected_version, active).await?;
    let after = view_on(&txn, id).await?;
    audit::record(
        &txn,
        actor,
        "goal",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// Deletes a goal without child goals and without linked measures; otherwise a conflict
/// naming `children` or `measures`.
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let before = view_on(&txn, id).await?;
    if before.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: before.version,
        });
    }
    let children = goal::Entity::find()
        .filter(goal::Column::ParentId.eq(id))
        .count(&txn)
        .await?;
    if children > 0 {
        return Err(StoreError::Conflict {
            field: "children",
            message: format!(
                "are still there ({children} child goal(s)); move or delete them first"
            ),
        });
    }
    let measures = measure_goal::Entity::find()
        .filter(measure_goal::Column::GoalId.eq(id))
        .count(&txn)
        .await?;
    if measures > 0 {
        return Err(StoreError::Conflict {
            field: "measures",
            message: format!(
                "are still linked ({measures}, archived ones included); link them to \
                 another goal first"
            ),
        });
    }
    goal::Entity::delete_by_id(id).exec(&txn).await?;
    audit::record(
        &txn,
        actor,
        "goal",
        Some(id),
        Action::Delete,
        Some(&to_json(&before)),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}
