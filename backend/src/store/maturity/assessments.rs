//! Assessments: Ist and Soll of one dimension for one department (or the administration as a
//! whole) in one round, with evidence, method, assessor and, where the model has a
//! questionnaire, the answers the level was computed from. One row per (round, department or
//! administration, dimension); written with PUT semantics and only while the round is open.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
    TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::super::audit::{self, Action};
use super::super::entities::{maturity_assessment, maturity_round};
use super::super::{Actor, Db, StoreError, StoreResult};
use super::{LoadedModel, entity_type, scope_key, to_json};
use crate::domain::maturity::{
    Answer, AssessmentMethod, ModelDefinition, QuestionnaireScore, RoundState, score_questionnaire,
};
use crate::store::delete_if_version;

/// One assessment as the API returns it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct AssessmentView {
    pub id: i32,
    pub round_id: i32,
    /// The department; `null` for the administration as a whole.
    pub department_id: Option<i32>,
    pub dimension_code: String,
    /// Ist: the actual level (computed from `answers` when they are given).
    pub actual_level: Option<i32>,
    /// Soll: the target level.
    pub target_level: Option<i32>,
    /// By when the target level should be reached.
    pub target_date: Option<NaiveDate>,
    /// Evidence and comments.
    pub evidence: String,
    pub method: AssessmentMethod,
    /// Questionnaire answers (empty when the level was given directly).
    pub answers: Vec<Answer>,
    /// How the level was computed from the answers, with the formula.
    pub computation: Option<QuestionnaireScore>,
    pub assessed_by_id: Option<i32>,
    pub assessed_by_name: String,
    pub assessed_at: DateTime<Utc>,
    pub version: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A validated assessment (the HTTP layer has checked the levels against the model and
/// computed `actual_level` from the answers).
#[derive(Debug, Clone)]
pub struct AssessmentInput {
    pub department_id: Option<i32>,
    pub dimension_code: String,
    pub actual_level: Option<i32>,
    pub target_level: Option<i32>,
    pub target_date: Option<NaiveDate>,
    pub evidence: String,
    pub method: AssessmentMethod,
    pub answers: Vec<Answer>,
}

fn view(row: maturity_assessment::Model, model: Option<&ModelDefinition>) -> AssessmentView {
    let answers: Vec<Answer> = row
        .answers
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default();
    // The model version is frozen, so recomputing shows exactly the stored computation.
    let computation = match (model, answers.is_empty()) {
        (Some(model), false) => model
            .dimension(&row.dimension_code)
            .and_then(|d| score_questionnaire(d, &answers).ok()),
        _ => None,
    };
    AssessmentView {
        id: row.id,
        round_id: row.round_id,
        department_id: row.department_id,
        dimension_code: row.dimension_code,
        actual_level: row.actual_level,
        target_level: row.target_level,
        target_date: row.target_date,
        evidence: row.evidence,
        method: AssessmentMethod::parse(&row.method).unwrap_or(AssessmentMethod::Officer),
        answers,
        computation,
        assessed_by_id: row.assessed_by,
        assessed_by_name: row.assessed_by_name,
        assessed_at: row.assessed_at,
        version: row.version,
        created_at: row.created_at,
        updated_at: row.updated_at,
    }
}

/// What writing an assessment needs to know about its round.
#[derive(Debug, Clone)]
pub struct RoundContext {
    pub round_id: i32,
    pub state: RoundState,
    pub includes_administration: bool,
    pub department_ids: Vec<i32>,
    pub model: LoadedModel,
}

impl RoundContext {
    /// Whether `department_id` (`None`: the administration) is in the round's scope.
    pub fn covers(&self, department_id: Option<i32>) -> bool {
        match department_id {
            None => self.includes_administration,
            Some(d) => self.department_ids.contains(&d),
        }
    }
}

/// The round with its scope and model (three queries).
pub async fn context(db: &Db, round_id: i32) -> StoreResult<RoundContext> {
    let round = super::rounds::get(db, round_id).await?;
    let model = super::load_model(db, round.model.id).await?;
    Ok(RoundContext {
        round_id,
        state: round.state,
        includes_administration: round.includes_administration,
        department_ids: round.department_ids,
        model,
    })
}

/// The assessments of a round, optionally of one department (`Some(None)`: the
/// administration), ordered by department and the model's dimension order.
pub async fn list(
    db: &Db,
    context: &RoundContext,
    department: Option<Option<i32>>,
) -> StoreResult<Vec<AssessmentView>> {
    let mut query = maturity_assessment::Entity::find()
        .filter(maturity_assessment::Column::RoundId.eq(context.round_id))
        .order_by_asc(maturity_assessment::Column::ScopeKey);
    if let Some(department_id) = department {
        query = query.filter(maturity_assessment::Column::ScopeKey.eq(scope_key(department_id)));
    }
    let definition = &context.model.definition;
    let position = |code: &str| {
        definition
            .dimensions
            .iter()
            .position(|d| d.code == code)
            .unwrap_or(usize::MAX)
    };
    let mut rows = query.all(db).await?;
    rows.sort_by(|a, b| {
        (a.scope_key, position(&a.dimension_code)).cmp(&(b.scope_key, position(&b.dimension_code)))
    });
    Ok(rows
        .into_iter()
        .map(|row| view(row, Some(definition)))
        .collect())
}

/// The assessment with `id` and its round's context.
pub async fn get(db: &Db, id: i32) -> StoreResult<(AssessmentView, RoundContext)> {
    let row = maturity_assessment::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    let context = context(db, row.round_id).await?;
    Ok((view(row, Some(&context.model.definition)), context))
}

/// The current version of the assessment of (round, department, dimension), if it exists.
pub async fn current_version(
    db: &Db,
    round_id: i32,
    department_id: Option<i32>,
    dimension_code: &str,
) -> StoreResult<Option<i32>> {
    Ok(find_cell(db, round_id, department_id, dimension_code)
        .await?
        .map(|row| row.version))
}

async fn find_cell<C: ConnectionTrait>(
    conn: &C,
    round_id: i32,
    department_id: Option<i32>,
    dimension_code: &str,
) -> StoreResult<Option<maturity_assessment::Model>> {
    Ok(maturity_assessment::Entity::find()
        .filter(maturity_assessment::Column::RoundId.eq(round_id))
        .filter(maturity_assessment::Column::ScopeKey.eq(scope_key(department_id)))
        .filter(maturity_assessment::Column::DimensionCode.eq(dimension_code))
        .one(conn)
        .await?)
}

/// Confirms inside `conn` that the round is still open, and (on PostgreSQL) locks its row
/// until the transaction ends, so a concurrent submit cannot slip in between.
async fn lock_open_round<C: ConnectionTrait>(conn: &C, round_id: i32) -> StoreResult<()> {
    let result = maturity_round::Entity::update_many()
        .col_expr(
            maturity_round::Column::State,
            RoundState::Open.as_str().into(),
        )
        .filter(maturity_round::Column::Id.eq(round_id))
        .filter(maturity_round::Column::State.eq(RoundState::Open.as_str()))
        .exec(conn)
        .await?;
    if result.rows_affected == 1 {
        return Ok(());
    }
    let round = maturity_round::Entity::find_by_id(round_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    Err(StoreError::Conflict {
        field: "state",
        message: format!(
            "the round is {}; assessments can only be changed while it is open",
            round.state
        ),
    })
}

/// Creates or replaces the assessment of (round, department, dimension). An existing one
/// needs `expected_version`; the boolean says whether the assessment was created.
pub async fn put(
    db: &Db,
    context: &RoundContext,
    input: AssessmentInput,
    expected_version: Option<i32>,
    actor: &Actor,
) -> StoreResult<(AssessmentView, bool)> {
    let txn = db.begin().await?;
    lock_open_round(&txn, context.round_id).await?;
    let existing = find_cell(
        &txn,
        context.round_id,
        input.department_id,
        &input.dimension_code,
    )
    .await?;
    let answers_json = if input.answers.is_empty() {
        None
    } else {
        Some(
            serde_json::to_string(&input.answers)
                .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(e.to_string())))?,
        )
    };
    let now = Utc::now();
    let definition = &context.model.definition;
    let (row, before, created) = match existing {
        Some(current) => {
            if expected_version != Some(current.version) {
                return Err(StoreError::VersionMismatch {
                    current_version: current.version,
                });
            }
            let before = view(current.clone(), Some(definition));
            let result = maturity_assessment::Entity::update_many()
                .set(maturity_assessment::ActiveModel {
                    actual_level: Set(input.actual_level),
                    target_level: Set(input.target_level),
                    target_date: Set(input.target_date),
                    evidence: Set(input.evidence),
                    method: Set(input.method.as_str().to_owned()),
                    answers: Set(answers_json),
                    assessed_by: Set(actor.user_id),
                    assessed_by_name: Set(actor.name.clone()),
                    assessed_at: Set(now),
                    version: Set(current.version + 1),
                    updated_at: Set(now),
                    ..Default::default()
                })
                .filter(maturity_assessment::Column::Id.eq(current.id))
                .filter(maturity_assessment::Column::Version.eq(current.version))
                .exec(&txn)
                .await?;
            if result.rows_affected != 1 {
                return Err(StoreError::VersionMismatch {
                    current_version: current.version + 1,
                });
            }
            let row = maturity_assessment::Entity::find_by_id(current.id)
                .one(&txn)
                .await?
                .ok_or(StoreError::NotFound)?;
            (row, Some(before), false)
        }
        None => {
            if expected_version.is_some() {
                // If-Match names a version of an assessment that does not exist (any more).
                return Err(StoreError::VersionMismatch { current_version: 0 });
            }
            let row = maturity_assessment::Entity::insert(maturity_assessment::ActiveModel {
                round_id: Set(context.round_id),
                department_id: Set(input.department_id),
                scope_key: Set(scope_key(input.department_id)),
                dimension_code: Set(input.dimension_code),
                actual_level: Set(input.actual_level),
                target_level: Set(input.target_level),
                target_date: Set(input.target_date),
                evidence: Set(input.evidence),
                method: Set(input.method.as_str().to_owned()),
                answers: Set(answers_json),
                assessed_by: Set(actor.user_id),
                assessed_by_name: Set(actor.name.clone()),
                assessed_at: Set(now),
                version: Set(1),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            })
            .exec_with_returning(&txn)
            .await
            .map_err(|err| match StoreError::from(err) {
                // Someone created the same cell concurrently: the client must reload.
                StoreError::Conflict { .. } => StoreError::VersionMismatch { current_version: 1 },
                other => other,
            })?;
            (row, None, true)
        }
    };
    let after = view(row, Some(definition));
    audit::record(
        &txn,
        actor,
        entity_type::ASSESSMENT,
        Some(after.id),
        if created {
            Action::Create
        } else {
            Action::Update
        },
        before.as_ref().map(to_json).as_ref(),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok((after, created))
}

/// Deletes an assessment of an open round.
pub async fn delete(db: &Db, id: i32, expected_version: i32, actor: &Actor) -> StoreResult<()> {
    let txn = db.begin().await?;
    let current = maturity_assessment::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    lock_open_round(&txn, current.round_id).await?;
    if current.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    let before = view(current, None);
    delete_if_version::<maturity_assessment::Entity, _>(&txn, id, expected_version).await?;
    audit::record(
        &txn,
        actor,
        entity_type::ASSESSMENT,
        Some(id),
        Action::Delete,
        Some(&to_json(&before)),
        None,
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}
