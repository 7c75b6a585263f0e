//! The audit log: one entry per change with actor, time, entity and before/after values.
//! Entries are written by [`record`] inside the transaction of the change they describe;
//! there is no function to update or delete them.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::entities::audit_entry;
use super::{Actor, Db, StoreResult};

/// What happened to an entity.
#[derive(Debug, Clone, Copy)]
pub enum Action {
    Create,
    Update,
    Delete,
    Archive,
    Override,
    Login,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Delete => "delete",
            Self::Archive => "archive",
            Self::Override => "override",
            Self::Login => "login",
        }
    }
}

/// Writes one audit entry on `conn` (pass the transaction of the change).
pub async fn record<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
    entity_type: &str,
    entity_id: Option<i32>,
    action: Action,
    before: Option<&serde_json::Value>,
    after: Option<&serde_json::Value>,
) -> StoreResult<()> {
    let entry = audit_entry::ActiveModel {
        at: Set(Utc::now()),
        actor_id: Set(actor.user_id),
        actor_name: Set(actor.name.clone()),
        entity_type: Set(entity_type.to_owned()),
        entity_id: Set(entity_id),
        action: Set(action.as_str().to_owned()),
        before: Set(before.map(serde_json::Value::to_string)),
        after: Set(after.map(serde_json::Value::to_string)),
        ..Default::default()
    };
    audit_entry::Entity::insert(entry).exec(conn).await?;
    Ok(())
}

/// One audit entry as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditEntryView {
    pub id: i32,
    pub at: DateTime<Utc>,
    pub actor_id: Option<i32>,
    pub actor_name: String,
    pub entity_type: String,
    pub entity_id: Option<i32>,
    pub action: String,
    /// The entity before the change (absent for creations).
    pub before: Option<serde_json::Value>,
    /// The entity after the change (absent for deletions).
    pub after: Option<serde_json::Value>,
}

/// Filters for [`list`].
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    pub entity_type: Option<String>,
    pub entity_id: Option<i32>,
    pub actor_id: Option<i32>,
}

/// Lists audit entries, newest first, one page at a time.
pub async fn list(
    db: &Db,
    filter: &AuditFilter,
    page: super::PageRequest,
) -> StoreResult<super::Page<AuditEntryView>> {
    let mut query = audit_entry::Entity::find();
    if let Some(entity_type) = &filter.entity_type {
        query = query.filter(audit_entry::Column::EntityType.eq(entity_type.clone()));
    }
    if let Some(entity_id) = filter.entity_id {
        query = query.filter(audit_entry::Column::EntityId.eq(entity_id));
    }
    if let Some(actor_id) = filter.actor_id {
        query = query.filter(audit_entry::Column::ActorId.eq(actor_id));
    }
    let total = query.clone().count(db).await?;
    let rows = query
        .order_by_desc(audit_entry::Column::Id)
        .offset(page.offset())
        .limit(page.per_page)
        .all(db)
        .await?;
    let items = rows
        .into_iter()
        .map(|row| AuditEntryView {
            id: row.id,
            at: row.at,
            actor_id: row.actor_id,
            actor_name: row.actor_name,
            entity_type: row.entity_type,
            entity_id: row.entity_id,
            action: row.action,
            before: row.before.and_then(|b| serde_json::from_str(&b).ok()),
            after: row.after.and_then(|a| serde_json::from_str(&a).ok()),
        })
        .collect();
    Ok(super::Page::new(items, total, page))
}
