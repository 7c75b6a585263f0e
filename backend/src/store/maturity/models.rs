//! Maturity model versions. Every version is its own row; versions of one model share a
//! `key` and count up `model_version`. A version is frozen for good as soon as an assessment
//! round uses it (see [`super::rounds::create`]): it can then no longer be changed or
//! deleted, and edits go into a new version ([`create_version`]) while old rounds keep theirs.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::audit::{self, Action};
use super::super::entities::{maturity_model, maturity_round};
use super::super::{Actor, Db, StoreError, StoreResult};
use super::{LoadedModel, entity_type, parse_definition, parse_rule, to_json};
use crate::domain::maturity::{
    AggregationRule, Dimension, LevelScale, ModelDefinition, ModelDocument,
};

/// The key of the model Kurs ships.
pub const DEFAULT_MODEL_KEY: &str = "kurs-kommunal";

/// The shipped default model, as an export document.
const DEFAULT_MODEL_JSON: &str = include_str!("../../maturity_default_model.json");

/// A model version in lists.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ModelSummary {
    pub id: i32,
    /// Stable key shared by all versions of the model.
    pub key: String,
    pub name: String,
    pub description: String,
    /// Version number within the model (1, 2, …).
    pub model_version: i32,
    pub aggregation_rule: AggregationRule,
    pub dimension_count: u32,
    /// Used by an assessment round: can no longer be changed.
    pub frozen: bool,
    /// Whether this is the highest version of its model.
    pub latest: bool,
    /// The version this one was created from.
    pub based_on_id: Option<i32>,
    /// Row version for `If-Match`.
    pub version: i32,
    pub updated_at: DateTime<Utc>,
}

/// A model version with its full definition.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ModelView {
    pub id: i32,
    pub key: String,
    pub name: String,
    pub description: String,
    pub model_version: i32,
    /// How the dimensions aggregate into the overall score.
    pub aggregation_rule: AggregationRule,
    pub levels: LevelScale,
    /// The dimensions in order.
    pub dimensions: Vec<Dimension>,
    pub based_on_id: Option<i32>,
    /// Used by an assessment round: can no longer be changed (create a new version).
    pub frozen: bool,
    /// Number of assessment rounds that use this version.
    pub rounds_using: u64,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The validated content of a model version.
#[derive(Debug, Clone)]
pub struct ModelContent {
    pub name: String,
    pub description: String,
    pub aggregation_rule: AggregationRule,
    pub definition: ModelDefinition,
}

impl ModelView {
    /// The content of this version (the starting point of edits).
    pub fn content(&self) -> ModelContent {
        ModelContent {
            name: self.name.clone(),
            description: self.description.clone(),
            aggregation_rule: self.aggregation_rule,
            definition: ModelDefinition {
                levels: self.levels.clone(),
                dimensions: self.dimensions.clone(),
            },
        }
    }

    /// The version as a shareable document.
    pub fn export(&self) -> ModelDocument {
        ModelDocument {
            format: ModelDocument::FORMAT.into(),
            format_version: ModelDocument::FORMAT_VERSION,
            key: self.key.clone(),
            name: self.name.clone(),
            description: self.description.clone(),
            model_version: Some(self.model_version),
            aggregation_rule: self.aggregation_rule,
            levels: self.levels.clone(),
            dimensions: self.dimensions.clone(),
        }
    }
}

fn view(row: maturity_model::Model, rounds_using: u64) -> StoreResult<ModelView> {
    let definition = parse_definition(&row.definition)?;
    Ok(ModelView {
        id: row.id,
        key: row.key,
        name: row.name,
        description: row.description,
        model_version: row.model_version,
        aggregation_rule: parse_rule(&row.aggregation_rule)?,
        levels: definition.levels,
        dimensions: definition.dimensions,
        based_on_id: row.based_on_id,
        frozen: row.frozen,
        rounds_using,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

async fn rounds_using<C: ConnectionTrait>(conn: &C, id: i32) -> StoreResult<u64> {
    Ok(maturity_round::Entity::find()
        .filter(maturity_round::Column::ModelId.eq(id))
        .count(conn)
        .await?)
}

/// All model versions, by key and version.
pub async fn list(db: &Db) -> StoreResult<Vec<ModelSummary>> {
    let rows = maturity_model::Entity::find()
        .order_by_asc(maturity_model::Column::Key)
        .order_by_asc(maturity_model::Column::ModelVersion)
        .all(db)
        .await?;
    let mut latest: std::collections::HashMap<String, i32> = std::collections::HashMap::new();
    for row in &rows {
        let entry = latest.entry(row.key.clone()).or_insert(row.model_version);
        *entry = (*entry).max(row.model_version);
    }
    rows.into_iter()
        .map(|row| {
            let definition = parse_definition(&row.definition)?;
            Ok(ModelSummary {
                latest: latest.get(&row.key) == Some(&row.model_version),
                id: row.id,
                aggregation_rule: parse_rule(&row.aggregation_rule)?,
                key: row.key,
                name: row.name,
                description: row.description,
                model_version: row.model_version,
                dimension_count: u32::try_from(definition.dimensions.len()).unwrap_or(u32::MAX),
                frozen: row.frozen,
                based_on_id: row.based_on_id,
                version: row.version,
                updated_at: row.updated_at,
            })
        })
        .collect()
}

/// One model version.
pub async fn get(db: &Db, id: i32) -> StoreResult<ModelView> {
    let row = maturity_model::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let used = rounds_using(db, id).await?;
    view(row, used)
}

/// One model version with its parsed definition.
pub async fn load(db: &Db, id: i32) -> StoreResult<LoadedModel> {
    super::load_model(db, id).await
}

/// Whether a model with `key` exists.
pub async fn key_exists(db: &Db, key: &str) -> StoreResult<bool> {
    Ok(maturity_model::Entity::find()
        .filter(maturity_model::Column::Key.eq(key))
        .count(db)
        .await?
        > 0)
}

/// Inserts the next version of the model `key` (version 1 if the key is new) inside `conn`.
async fn insert_version<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    content: ModelContent,
    based_on_id: Option<i32>,
    actor: &Actor,
) -> StoreResult<ModelView> {
    let highest: Option<i32> = maturity_model::Entity::find()
        .select_only()
        .column_as(maturity_model::Column::ModelVersion.max(), "max")
        .filter(maturity_model::Column::Key.eq(key))
        .into_tuple::<Option<i32>>()
        .one(conn)
        .await?
        .flatten();
    let definition = content.definition.normalized();
    let json = serde_json::to_string(&definition)
        .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(e.to_string())))?;
    let now = Utc::now();
    let row = maturity_model::Entity::insert(maturity_model::ActiveModel {
        key: Set(key.to_owned()),
        name: Set(content.name.trim().to_owned()),
        description: Set(content.description.trim().to_owned()),
        model_version: Set(highest.unwrap_or(0) + 1),
        aggregation_rule: Set(content.aggregation_rule.as_str().to_owned()),
        definition: Set(json),
        based_on_id: Set(based_on_id),
        frozen: Set(false),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    })
    .exec_with_returning(conn)
    .await
    .map_err(|err| match StoreError::from(err) {
        // Two versions created at the same moment: the unique (key, model_version) index.
        StoreError::Conflict { .. } => StoreError::Conflict {
            field: "model_version",
            message: "another version of this model was created at the same time; retry".into(),
        },
        other => other,
    })?;
    let view = view(row, 0)?;
    audit::record(
        conn,
        actor,
        entity_type::MODEL,
        Some(view.id),
        Action::Create,
        None,
        Some(&to_json(&view)),
    )
    .await?;
    Ok(view)
}

/// Creates a new model (version 1). A model with the same key is a conflict: new versions
/// of an existing model go through [`create_version`] or [`import`].
pub async fn create(
    db: &Db,
    key: &str,
    content: ModelContent,
    actor: &Actor,
) -> StoreResult<ModelView> {
    let txn = db.begin().await?;
    let exists = maturity_model::Entity::find()
        .filter(maturity_model::Column::Key.eq(key))
        .count(&txn)
        .await?
        > 0;
    if exists {
        return Err(StoreError::Conflict {
            field: "key",
            message: "a model with this key exists; create a new version of it instead".into(),
        });
    }
    let view = insert_version(&txn, key, content, None, actor).await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

/// Creates the next version of the model that `base_id` belongs to, with `content` (the
/// base's content with the caller's edits). The base stays as it is.
pub async fn create_version(
    db: &Db,
    base_id: i32,
    content: ModelContent,
    actor: &Actor,
) -> StoreResult<ModelView> {
    let txn = db.begin().await?;
    let base = maturity_model::Entity::find_by_id(base_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let view = insert_version(&txn, &base.key, content, Some(base_id), actor).await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

/// Imports a validated document: it becomes the next version of the model with the
/// document's key, or version 1 of a new model.
pub async fn import(db: &Db, document: ModelDocument, actor: &Actor) -> StoreResult<ModelView> {
    let txn = db.begin().await?;
    let key = document.key.trim().to_owned();
    let latest: Option<i32> = maturity_model::Entity::find()
        .select_only()
        .column(maturity_model::Column::Id)
        .filter(maturity_model::Column::Key.eq(key.as_str()))
        .order_by_desc(maturity_model::Column::ModelVersion)
        .into_tuple()
        .one(&txn)
        .await?;
    let content = ModelContent {
        name: document.name.clone(),
        description: document.description.clone(),
        aggregation_rule: document.aggregation_rule,
        definition: document.definition(),
    };
    let view = insert_version(&txn, &key, content, latest, actor).await?;
    crate::store::commit(txn).await?;
    Ok(view)
}

/// Replaces the content of an unfrozen version. A frozen version answers a conflict on
/// `frozen` before the version is compared: editing it is never possible.
pub async fn update(
    db: &Db,
    id: i32,
    expected_version: i32,
    content: ModelContent,
    actor: &Actor,
) -> StoreResult<ModelView> {
    let txn = db.begin().await?;
    let current = maturity_model::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.frozen {
        return Err(frozen_conflict(id));
    }
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = view(current, 0)?;
    let definition = content.definition.normalized();
    let json = serde_json::to_string(&definition)
        .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(e.to_string())))?;
    // `frozen = false` in the condition: a round created concurrently freezes the row first.
    let result = maturity_model::Entity::update_many()
        .set(maturity_model::ActiveModel {
            name: Set(content.name.trim().to_owned()),
            description: Set(content.description.trim().to_owned()),
            aggregation_rule: Set(content.aggregation_rule.as_str().to_owned()),
            definition: Set(json),
            version: Set(expected_version + 1),
            updated_at: Set(Utc::now()),
            ..Default::default()
        })
        .filter(maturity_model::Column::Id.eq(id))
        .filter(maturity_model::Column::Version.eq(expected_version))
        .filter(maturity_model::Column::Frozen.eq(false))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        let now = maturity_model::Entity::find_by_id(id)
            .one(&txn)
            .await?
            .ok_or(StoreError::NotFound)?;
        return Err(if now.frozen {
            frozen_conflict(id)
        } else {
            StoreError::VersionMismatch {
                current_version: now.version,
            }
        });
    }
    let row = maturity_model::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let after = view(row, 0)?;
    audit::record(
        &txn,
        actor,
        entity_type::MODEL,
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// The conflict a frozen version answers to changes.
pub fn frozen_conflict(id: i32) -> StoreError {
    StoreError::Conflict {
        field: "frozen",
        message: format!(
            "this model version is used by an assessment round and is frozen; create a new \
             version with POST /api/v1/maturity/models/{id}/versions"
        ),
    }
}

/// Deletes an unfrozen version.
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let current = maturity_model::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.frozen {
        return Err(frozen_conflict(id));
    }
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = view(current, 0)?;
    let result = maturity_model::Entity::delete_many()
        .filter(maturity_model::Column::Id.eq(id))
        .filter(maturity_model::Column::Version.eq(expected_version))
        .filter(maturity_model::Column::Frozen.eq(false))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::VersionMismatch {
            current_version: expected_version + 1,
        });
    }
    audit::record(
        &txn,
        actor,
        entity_type::MODEL,
        Some(id),
        Action::Delete,
        Some(&to_json(&before)),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}

/// Freezes a version inside the transaction of the round that starts using it (no-op when
/// already frozen). Bumps the row version, since `frozen` is part of the representation.
pub(crate) async fn freeze<C: ConnectionTrait>(
    conn: &C,
    id: i32,
    round_id: i32,
    actor: &Actor,
) -> StoreResult<()> {
    let result = maturity_model::Entity::update_many()
        .col_expr(maturity_model::Column::Frozen, true.into())
        .col_expr(
            maturity_model::Column::Version,
            sea_orm::sea_query::ExprTrait::add(
                sea_orm::sea_query::Expr::col(maturity_model::Column::Version),
                1,
            ),
        )
        .col_expr(maturity_model::Column::UpdatedAt, Utc::now().into())
        .filter(maturity_model::Column::Id.eq(id))
        .filter(maturity_model::Column::Frozen.eq(false))
        .exec(conn)
        .await?;
    if result.rows_affected == 1 {
        audit::record(
            conn,
            actor,
            entity_type::MODEL,
            Some(id),
            Action::Update,
            Some(&serde_json::json!({ "frozen": false })),
            Some(&serde_json::json!({ "frozen": true, "frozen_by_round_id": round_id })),
        )
        .await?;
    }
    Ok(())
}

/// The shipped default model as a document (validated by a unit test).
pub fn default_model_document() -> Result<ModelDocument, serde_json::Error> {
    serde_json::from_str(DEFAULT_MODEL_JSON)
}

fn default_content() -> StoreResult<ModelContent> {
    let document = default_model_document().map_err(|e| {
        StoreError::Database(sea_orm::DbErr::Custom(format!(
            "the shipped default maturity model is invalid: {e}"
        )))
    })?;
    Ok(ModelContent {
        name: document.name.clone(),
        description: document.description.clone(),
        aggregation_rule: document.aggregation_rule,
        definition: document.definition(),
    })
}

/// Inserts the shipped default model when no maturity model exists yet. Idempotent; called
/// at every start. An installation that deleted the default model after creating its own
/// does not get it back.
pub async fn ensure_default_model(db: &Db) -> StoreResult<()> {
    let any = maturity_model::Entity::find().count(db).await?;
    if any > 0 {
        return Ok(());
    }
    let content = default_content()?;
    let txn = db.begin().await?;
    match insert_version(
        &txn,
        DEFAULT_MODEL_KEY,
        content,
        None,
        &Actor::system("Kurs"),
    )
    .await
    {
        Ok(_) => {
            crate::store::commit(txn).await?;
            Ok(())
        }
        // Another instance inserted it at the same moment.
        Err(StoreError::Conflict { .. }) => Ok(()),
        Err(other) => Err(other),
    }
}

/// The id of the latest version of the default model, inserting it inside `conn` first if
/// it does not exist (for the demo loader, which runs in its own transaction).
pub(crate) async fn default_model_id<C: ConnectionTrait>(
    conn: &C,
    actor: &Actor,
) -> StoreResult<i32> {
    let existing: Option<i32> = maturity_model::Entity::find()
        .select_only()
        .column(maturity_model::Column::Id)
        .filter(maturity_model::Column::Key.eq(DEFAULT_MODEL_KEY))
        .order_by_desc(maturity_model::Column::ModelVersion)
        .into_tuple()
        .one(conn)
        .await?;
    match existing {
        Some(id) => Ok(id),
        None => Ok(
            insert_version(conn, DEFAULT_MODEL_KEY, default_content()?, None, actor)
                .await?
                .id,
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::maturity::AggregationRule;

    #[test]
    fn the_shipped_default_model_is_valid_german_and_has_six_to_eight_dimensions() {
        let document = default_model_document().expect("the default model parses");
        assert_eq!(document.validate(), vec![]);
        assert_eq!(document.key, DEFAULT_MODEL_KEY);
        assert!((6..=8).contains(&document.dimensions.len()));
        assert_eq!(document.aggregation_rule, AggregationRule::WeightedMean);
        for dimension in &document.dimensions {
            let levels = document.levels.max - document.levels.min + 1;
            assert_eq!(
                dimension.descriptors.len() as i32,
                levels,
                "every level of {} is described",
                dimension.code
            );
            assert!(
                !dimension.questions.is_empty(),
                "{} has questions",
                dimension.code
            );
        }
    }
}
