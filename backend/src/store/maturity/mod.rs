//! Maturity assessments (Reifegrad): model versions ([`models`]), assessment rounds
//! ([`rounds`]) and their assessments ([`assessments`]), the results computed from them
//! ([`results`]: radar, heatmap, trend, gaps), the findings of the Ist-Analyse
//! ([`findings`]), the maturity targets measures declare ([`targets`]) and the demo data
//! ([`demo`]). The rules themselves live in [`crate::domain::maturity`].
//!
//! A model version's definition (scale and dimensions) is stored as one JSON document: it is
//! created, edited and frozen as a whole, exported and imported as such, and assessments,
//! findings and measure targets refer to its dimensions by their stable code.

pub mod assessments;
pub mod demo;
pub mod findings;
pub mod models;
pub mod results;
pub mod rounds;
pub mod targets;

use std::collections::{HashMap, HashSet};

use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

use super::entities::{department, goal, maturity_model, maturity_round, measure};
use super::{StoreError, StoreResult};
use crate::domain::maturity::{AggregationRule, ModelDefinition};

pub use demo::load_demo;
pub use models::ensure_default_model;

/// Audit entity types of this module.
pub(crate) mod entity_type {
    pub const MODEL: &str = "maturity_model";
    pub const ROUND: &str = "maturity_round";
    pub const ASSESSMENT: &str = "maturity_assessment";
    pub const FINDING: &str = "maturity_finding";
    pub const MEASURE_TARGETS: &str = "measure_maturity_targets";
}

/// A model version with its parsed definition, as the other maturity functions use it.
#[derive(Debug, Clone)]
pub struct LoadedModel {
    pub id: i32,
    pub key: String,
    pub name: String,
    pub model_version: i32,
    pub aggregation_rule: AggregationRule,
    pub definition: ModelDefinition,
}

impl TryFrom<&maturity_model::Model> for LoadedModel {
    type Error = StoreError;

    fn try_from(row: &maturity_model::Model) -> Result<Self, StoreError> {
        Ok(Self {
            id: row.id,
            key: row.key.clone(),
            name: row.name.clone(),
            model_version: row.model_version,
            aggregation_rule: parse_rule(&row.aggregation_rule)?,
            definition: parse_definition(&row.definition)?,
        })
    }
}

fn parse_rule(value: &str) -> StoreResult<AggregationRule> {
    AggregationRule::parse(value).ok_or_else(|| {
        StoreError::Database(DbErr::Custom(format!(
            "unknown aggregation rule '{value}' in maturity_models"
        )))
    })
}

fn parse_definition(json: &str) -> StoreResult<ModelDefinition> {
    serde_json::from_str(json).map_err(|e| {
        StoreError::Database(DbErr::Custom(format!(
            "invalid model definition in maturity_models: {e}"
        )))
    })
}

/// Loads the given model versions in one query.
pub(crate) async fn load_models<C: ConnectionTrait>(
    conn: &C,
    ids: &[i32],
) -> StoreResult<HashMap<i32, LoadedModel>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = maturity_model::Entity::find()
        .filter(maturity_model::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?;
    rows.iter()
        .map(|row| LoadedModel::try_from(row).map(|m| (m.id, m)))
        .collect()
}

/// Loads one model version.
pub(crate) async fn load_model<C: ConnectionTrait>(conn: &C, id: i32) -> StoreResult<LoadedModel> {
    load_models(conn, &[id])
        .await?
        .remove(&id)
        .ok_or(StoreError::NotFound)
}

/// The level range of a dimension code over all model versions that have it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownDimension {
    pub min_level: i32,
    pub max_level: i32,
}

/// Every dimension code of every stored model version, with the widest level range the
/// versions give it. Measures' targets and findings may refer to any of them.
pub async fn known_dimensions<C: ConnectionTrait>(
    conn: &C,
) -> StoreResult<HashMap<String, KnownDimension>> {
    let definitions: Vec<String> = maturity_model::Entity::find()
        .select_only()
        .column(maturity_model::Column::Definition)
        .into_tuple()
        .all(conn)
        .await?;
    let mut known: HashMap<String, KnownDimension> = HashMap::new();
    for json in definitions {
        let definition = parse_definition(&json)?;
        for d in definition.dimensions {
            let entry = known.entry(d.code).or_insert(KnownDimension {
                min_level: definition.levels.min,
                max_level: definition.levels.max,
            });
            entry.min_level = entry.min_level.min(definition.levels.min);
            entry.max_level = entry.max_level.max(definition.levels.max);
        }
    }
    Ok(known)
}

/// Kinds of objects other maturity data refers to by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    Department,
    Goal,
    Measure,
    Model,
    Round,
}

/// Which of `ids` exist (one query).
pub async fn existing_ids<C: ConnectionTrait>(
    conn: &C,
    kind: Reference,
    ids: &[i32],
) -> StoreResult<HashSet<i32>> {
    if ids.is_empty() {
        return Ok(HashSet::new());
    }
    let ids = ids.iter().copied();
    let found: Vec<i32> = match kind {
        Reference::Department => {
            department::Entity::find()
                .select_only()
                .column(department::Column::Id)
                .filter(department::Column::Id.is_in(ids))
                .into_tuple()
                .all(conn)
                .await?
        }
        Reference::Goal => {
            goal::Entity::find()
                .select_only()
                .column(goal::Column::Id)
                .filter(goal::Column::Id.is_in(ids))
                .into_tuple()
                .all(conn)
                .await?
        }
        Reference::Measure => {
            measure::Entity::find()
                .select_only()
                .column(measure::Column::Id)
                .filter(measure::Column::Id.is_in(ids))
                .into_tuple()
                .all(conn)
                .await?
        }
        Reference::Model => {
            maturity_model::Entity::find()
                .select_only()
                .column(maturity_model::Column::Id)
                .filter(maturity_model::Column::Id.is_in(ids))
                .into_tuple()
                .all(conn)
                .await?
        }
        Reference::Round => {
            maturity_round::Entity::find()
                .select_only()
                .column(maturity_round::Column::Id)
                .filter(maturity_round::Column::Id.is_in(ids))
                .into_tuple()
                .all(conn)
                .await?
        }
    };
    Ok(found.into_iter().collect())
}

/// Serialises a view for the audit log.
pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// The stored scope key of a department (`0`: the administration as a whole).
pub(crate) fn scope_key(department_id: Option<i32>) -> i32 {
    department_id.unwrap_or(0)
}
