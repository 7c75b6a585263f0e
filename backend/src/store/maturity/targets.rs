//! The maturity targets of a measure: which dimensions (by stable code, optionally for one
//! department) it is meant to raise, to which level. They are part of the measure's master
//! data: the list is replaced as a whole, versioned with the measure (`measures.version`,
//! so the ETag is the measure's) and audited.

use chrono::Utc;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, TransactionTrait,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::super::audit::{self, Action};
use super::super::entities::{maturity_measure_target, measure};
use super::super::measure_facts::{self, MeasureFacts, Selection};
use super::super::{Actor, Db, StoreError, StoreResult};
use super::{entity_type, to_json};

/// One maturity target of a measure.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct MaturityTarget {
    /// The dimension's stable code (valid across model versions).
    pub dimension_code: String,
    /// The department whose level the measure raises; `null`: every department and the
    /// administration as a whole.
    pub department_id: Option<i32>,
    /// The level the measure is expected to reach.
    pub expected_level: i32,
}

/// The maturity targets of a measure.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct MeasureTargets {
    pub measure_id: i32,
    /// The measure's version (the ETag of this resource).
    pub version: i32,
    pub targets: Vec<MaturityTarget>,
}

async fn targets_of<C: sea_orm::ConnectionTrait>(
    conn: &C,
    measure_id: i32,
) -> StoreResult<Vec<MaturityTarget>> {
    Ok(maturity_measure_target::Entity::find()
        .filter(maturity_measure_target::Column::MeasureId.eq(measure_id))
        .order_by_asc(maturity_measure_target::Column::Position)
        .order_by_asc(maturity_measure_target::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| MaturityTarget {
            dimension_code: t.dimension_code,
            department_id: t.department_id,
            expected_level: t.expected_level,
        })
        .collect())
}

/// The facts of one measure (for the access policy), or not found.
pub async fn measure(db: &Db, measure_id: i32) -> StoreResult<MeasureFacts> {
    measure_facts::load(db, Selection::Ids(&[measure_id]))
        .await?
        .pop()
        .ok_or(StoreError::NotFound)
}

/// The targets of a measure.
pub async fn get(db: &Db, measure_id: i32) -> StoreResult<MeasureTargets> {
    let row = measure::Entity::find_by_id(measure_id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(MeasureTargets {
        measure_id,
        version: row.version,
        targets: targets_of(db, measure_id).await?,
    })
}

/// Replaces the targets of a measure and bumps the measure's version.
pub async fn replace(
    db: &Db,
    measure_id: i32,
    expected_version: i32,
    targets: Vec<MaturityTarget>,
    actor: &Actor,
) -> StoreResult<MeasureTargets> {
    let txn = db.begin().await?;
    let current = measure::Entity::find_by_id(measure_id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = MeasureTargets {
        measure_id,
        version: current.version,
        targets: targets_of(&txn, measure_id).await?,
    };
    let result = measure::Entity::update_many()
        .col_expr(measure::Column::Version, (expected_version + 1).into())
        .col_expr(measure::Column::UpdatedAt, Utc::now().into())
        .filter(measure::Column::Id.eq(measure_id))
        .filter(measure::Column::Version.eq(expected_version))
        .exec(&txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(StoreError::VersionMismatch {
            current_version: expected_version + 1,
        });
    }
    maturity_measure_target::Entity::delete_many()
        .filter(maturity_measure_target::Column::MeasureId.eq(measure_id))
        .exec(&txn)
        .await?;
    if !targets.is_empty() {
        maturity_measure_target::Entity::insert_many(targets.iter().enumerate().map(|(i, t)| {
            maturity_measure_target::ActiveModel {
                measure_id: Set(measure_id),
                dimension_code: Set(t.dimension_code.clone()),
                department_id: Set(t.department_id),
                expected_level: Set(t.expected_level),
                position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
                ..Default::default()
            }
        }))
        .exec(&txn)
        .await?;
    }
    let after = MeasureTargets {
        measure_id,
        version: expected_version + 1,
        targets,
    };
    audit::record(
        &txn,
        actor,
        entity_type::MEASURE_TARGETS,
        Some(measure_id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}
