//! In-app notifications: short German notices for one user (a round opened, an answer was
//! returned, a reminder before or after the deadline). Written on the transaction of the
//! change that causes them; each user reads and marks only their own.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, sea_query::Expr,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::super::entities::{notification, user, user_department};
use super::super::{Db, StoreError, StoreResult};
use crate::domain::access::Role;

/// Why a notification was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NotificationKind {
    /// A reporting round was opened with measures of the user's department.
    RoundOpened,
    /// The officer returned an answer with a comment.
    ItemReturned,
    /// Answers are due within the next days.
    ReminderBeforeDeadline,
    /// Answers are overdue (deadline plus grace days passed).
    ReminderOverdue,
}

impl NotificationKind {
    pub const ALL: [Self; 4] = [
        Self::RoundOpened,
        Self::ItemReturned,
        Self::ReminderBeforeDeadline,
        Self::ReminderOverdue,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::RoundOpened => "round_opened",
            Self::ItemReturned => "item_returned",
            Self::ReminderBeforeDeadline => "reminder_before_deadline",
            Self::ReminderOverdue => "reminder_overdue",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == value)
    }
}

/// One notification of the signed-in user.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct Notification {
    pub id: i32,
    pub kind: NotificationKind,
    /// The notice in German, ready to show.
    pub message: String,
    pub round_id: Option<i32>,
    pub measure_id: Option<i32>,
    pub created_at: DateTime<Utc>,
    /// When the user marked it read; `null` while unread.
    pub read_at: Option<DateTime<Utc>>,
}

/// Someone who answers for a department: an active editor belonging to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub user_id: i32,
    pub display_name: String,
    pub email: Option<String>,
}

/// The active editors of each of `department_ids` (two queries), by user id.
pub async fn department_editors<C: ConnectionTrait>(
    conn: &C,
    department_ids: &[i32],
) -> StoreResult<HashMap<i32, Vec<Recipient>>> {
    if department_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let links = user_department::Entity::find()
        .filter(user_department::Column::DepartmentId.is_in(department_ids.iter().copied()))
        .all(conn)
        .await?;
    let user_ids: HashSet<i32> = links.iter().map(|l| l.user_id).collect();
    if user_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let users: HashMap<i32, user::Model> = user::Entity::find()
        .filter(user::Column::Id.is_in(user_ids))
        .filter(user::Column::Active.eq(true))
        .filter(user::Column::Role.eq(Role::Editor.as_str()))
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut result: HashMap<i32, Vec<Recipient>> = HashMap::new();
    for link in links {
        if let Some(u) = users.get(&link.user_id) {
            result
                .entry(link.department_id)
                .or_default()
                .push(Recipient {
                    user_id: u.id,
                    display_name: u.display_name.clone(),
                    email: u.email.clone().filter(|e| !e.trim().is_empty()),
                });
        }
    }
    for list in result.values_mut() {
        list.sort_by_key(|r| r.user_id);
    }
    Ok(result)
}

/// Writes one notification per distinct user; returns how many were written.
pub async fn notify<C: ConnectionTrait>(
    conn: &C,
    user_ids: &[i32],
    kind: NotificationKind,
    message: &str,
    round_id: Option<i32>,
    measure_id: Option<i32>,
) -> StoreResult<u32> {
    let mut distinct = user_ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.is_empty() {
        return Ok(0);
    }
    let now = Utc::now();
    let count = u32::try_from(distinct.len()).unwrap_or(u32::MAX);
    notification::Entity::insert_many(distinct.into_iter().map(|user_id| {
        notification::ActiveModel {
            user_id: Set(user_id),
            kind: Set(kind.as_str().to_owned()),
            round_id: Set(round_id),
            measure_id: Set(measure_id),
            message: Set(message.to_owned()),
            created_at: Set(now),
            read_at: Set(None),
            ..Default::default()
        }
    }))
    .exec(conn)
    .await?;
    Ok(count)
}

/// Most notifications a list returns (the newest).
const LIST_LIMIT: u64 = 200;

fn view(row: notification::Model) -> Option<Notification> {
    Some(Notification {
        kind: NotificationKind::parse(&row.kind)?,
        id: row.id,
        message: row.message,
        round_id: row.round_id,
        measure_id: row.measure_id,
        created_at: row.created_at,
        read_at: row.read_at,
    })
}

/// The user's notifications, newest first (at most 200); only unread ones if asked.
pub async fn list_for_user(
    db: &Db,
    user_id: i32,
    unread_only: bool,
) -> StoreResult<Vec<Notification>> {
    let mut query = notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .order_by_desc(notification::Column::CreatedAt)
        .order_by_desc(notification::Column::Id)
        .limit(LIST_LIMIT);
    if unread_only {
        query = query.filter(notification::Column::ReadAt.is_null());
    }
    Ok(query.all(db).await?.into_iter().filter_map(view).collect())
}

/// Marks one of the user's notifications read (`NotFound` for anyone else's). Marking a
/// read notification again changes nothing.
pub async fn mark_read(db: &Db, user_id: i32, id: i32) -> StoreResult<()> {
    let row = notification::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|n| n.user_id == user_id)
        .ok_or(StoreError::NotFound)?;
    if row.read_at.is_none() {
        notification::Entity::update_many()
            .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
            .filter(notification::Column::Id.eq(id))
            .filter(notification::Column::ReadAt.is_null())
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Marks all of the user's notifications read.
pub async fn mark_all_read(db: &Db, user_id: i32) -> StoreResult<()> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(Utc::now()))
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}
