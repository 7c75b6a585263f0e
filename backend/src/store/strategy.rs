//! The strategy: the one Digitalisierungsstrategie this installation steers, with the council
//! resolution that put it into force. It is a single row; [`ensure_exists`] creates a
//! placeholder at start-up so that there is always exactly one to read and edit.

use chrono::{NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ConnectionTrait, EntityTrait, PaginatorTrait, QueryOrder, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::entities::strategy;
use super::{Actor, Db, StoreError, StoreResult};
use crate::store::update_if_version;

/// Title of the placeholder strategy created in an empty database.
pub const PLACEHOLDER_TITLE: &str = "Digitalisierungsstrategie";

/// The strategy as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct StrategyView {
    pub id: i32,
    /// E.g. "Digitalisierungsstrategie der Stadt Lauf a.d.Pegnitz".
    pub title: String,
    pub description: String,
    /// Number of the council submission (Vorlage) that adopted it, e.g. "FB 1/169/2022".
    pub resolution_number: String,
    /// The body that adopted it, e.g. "Stadtrat".
    pub resolution_body: String,
    /// Date of the resolution.
    pub resolution_date: Option<NaiveDate>,
    /// First day the strategy is in force.
    pub in_force_from: Option<NaiveDate>,
    /// Last day the strategy is in force; `null` while open-ended.
    pub in_force_to: Option<NaiveDate>,
    pub version: i32,
}

impl From<strategy::Model> for StrategyView {
    fn from(m: strategy::Model) -> Self {
        Self {
            id: m.id,
            title: m.title,
            description: m.description,
            resolution_number: m.resolution_number,
            resolution_body: m.resolution_body,
            resolution_date: m.resolution_date,
            in_force_from: m.in_force_from,
            in_force_to: m.in_force_to,
            version: m.version,
        }
    }
}

/// Validated changes; `None` leaves a field as it is, `Some(None)` clears a date.
#[derive(Debug, Clone, Default)]
pub struct StrategyChanges {
    pub title: Option<String>,
    pub description: Option<String>,
    pub resolution_number: Option<String>,
    pub resolution_body: Option<String>,
    pub resolution_date: Option<Option<NaiveDate>>,
    pub in_force_from: Option<Option<NaiveDate>>,
    pub in_force_to: Option<Option<NaiveDate>>,
}

impl StrategyChanges {
    /// The in-force period the strategy would have after these changes.
    pub fn period_after(&self, current: &StrategyView) -> (Option<NaiveDate>, Option<NaiveDate>) {
        (
            self.in_force_from.unwrap_or(current.in_force_from),
            self.in_force_to.unwrap_or(current.in_force_to),
        )
    }
}

fn to_json(view: &StrategyView) -> serde_json::Value {
    serde_json::to_value(view).unwrap_or_default()
}

async fn first<C: ConnectionTrait>(conn: &C) -> StoreResult<Option<strategy::Model>> {
    Ok(strategy::Entity::find()
        .order_by_asc(strategy::Column::Id)
        .one(conn)
        .await?)
}

/// Creates the placeholder strategy if there is none; idempotent, run at every start.
pub async fn ensure_exists(db: &Db) -> StoreResult<()> {
    let txn = db.begin().await?;
    if strategy::Entity::find().count(&txn).await? > 0 {
        return Ok(());
    }
    let model = strategy::Entity::insert(strategy::ActiveModel {
        title: Set(PLACEHOLDER_TITLE.into()),
        description: Set(String::new()),
        resolution_number: Set(String::new()),
        resolution_body: Set(String::new()),
        resolution_date: Set(None),
        in_force_from: Set(None),
        in_force_to: Set(None),
        version: Set(1),
        updated_at: Set(Utc::now()),
        ..Default::default()
    })
    .exec_with_returning(&txn)
    .await?;
    let view = StrategyView::from(model);
    audit::record(
        &txn,
        &Actor::system("Kurs (Grundeinrichtung)"),
        "strategy",
        Some(view.id),
        Action::Create,
        None,
        Some(&to_json(&view)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}

/// The strategy (the first row, should there ever be more than one).
pub async fn get(db: &Db) -> StoreResult<StrategyView> {
    first(db)
        .await?
        .map(StrategyView::from)
        .ok_or(StoreError::NotFound)
}

/// Changes the strategy if it is still at `expected_version`.
pub async fn update(
    db: &Db,
    expected_version: i32,
    changes: StrategyChanges,
    actor: &Actor,
) -> StoreResult<StrategyView> {
    let txn = db.begin().await?;
    let current = first(&txn).await?.ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let id = current.id;
    let before = StrategyView::from(current.clone());
    let mut active: strategy::ActiveModel = current.into();
    if let Some(v) = changes.title {
        active.title = Set(v);
    }
    if let Some(v) = changes.description {
        active.description = Set(v);
    }
    if let Some(v) = changes.resolution_number {
        active.resolution_number = Set(v);
    }
    if let Some(v) = changes.resolution_body {
        active.resolution_body = Set(v);
    }
    if let Some(v) = changes.resolution_date {
        active.resolution_date = Set(v);
    }
    if let Some(v) = changes.in_force_from {
        active.in_force_from = Set(v);
    }
    if let Some(v) = changes.in_force_to {
        active.in_force_to = Set(v);
    }
    active.version = Set(expected_version + 1);
    active.updated_at = Set(Utc::now());
    update_if_version(&txn, id, expected_version, active).await?;
    let after = strategy::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .map(StrategyView::from)
        .ok_or(StoreError::NotFound)?;
    audit::record(
        &txn,
        actor,
        "strategy",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}
