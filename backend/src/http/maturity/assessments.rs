//! `/api/v1/maturity/rounds/{id}/assessments` and `/api/v1/maturity/assessments/{id}`: the
//! assessments of a round. One assessment per (department or administration, dimension),
//! written with `PUT` (creating it, or replacing it with `If-Match`) while the round is open.
//! Editors record self-assessments of their own departments; officer and admin anything.
//! Where the model has a questionnaire, `answers` compute the level (⌊mean of the answers'
//! levels⌋), and the response shows the computation.

use actix_web::{HttpResponse, delete, get, put, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use super::super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::super::validate::Errors;
use super::add_issues;
use crate::domain::access::Role;
use crate::domain::maturity::{Answer, AssessmentMethod, score_questionnaire};
use crate::http::json::JsonBody;
use crate::store::maturity::assessments::{self, AssessmentInput, AssessmentView};

/// The assessment of one dimension for one department (or the administration as a whole).
/// Give either `actual_level` or, for a dimension with a questionnaire, `answers` (the level
/// is then computed); `target_level` and `target_date` set the Soll.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutAssessmentRequest {
    /// The department; `null` or absent: the administration as a whole (only in rounds that
    /// include it).
    #[serde(default)]
    pub department_id: Option<i32>,
    /// A dimension code of the round's model.
    #[schema(min_length = 1, max_length = 40)]
    pub dimension_code: String,
    /// Ist, within the model's scale. Not together with `answers`.
    #[serde(default)]
    pub actual_level: Option<i32>,
    /// Questionnaire answers (every question of the dimension exactly once).
    #[serde(default)]
    pub answers: Option<Vec<Answer>>,
    /// Soll, within the model's scale.
    #[serde(default)]
    pub target_level: Option<i32>,
    /// By when the target should be reached (needs `target_level`).
    #[serde(default)]
    pub target_date: Option<NaiveDate>,
    /// Evidence and comments.
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub evidence: String,
    /// Default: `self_assessment` for editors, `officer` for officer and admin.
    pub method: Option<AssessmentMethod>,
}

/// Which assessments of a round to list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AssessmentListQuery {
    /// Only this department's assessments.
    pub department_id: Option<i32>,
    /// Only the administration's own assessments (`true`).
    pub administration: Option<bool>,
}

/// The assessments of a round (`404` for the council unless the round is approved).
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(AssessmentListQuery),
    responses(
        (status = 200, body = Vec<AssessmentView>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/rounds/{id}/assessments")]
pub async fn list_maturity_assessments(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    query: web::Query<AssessmentListQuery>,
) -> Result<web::Json<Vec<AssessmentView>>, ApiError> {
    let context = assessments::context(&state.db, id.into_inner()).await?;
    if !user.can_view_maturity_round(context.state) {
        return Err(ApiError::NotFound);
    }
    let department = match (query.department_id, query.administration) {
        (Some(d), _) => Some(Some(d)),
        (None, Some(true)) => Some(None),
        _ => None,
    };
    Ok(web::Json(
        assessments::list(&state.db, &context, department).await?,
    ))
}

/// One assessment (`404` for the council unless its round is approved).
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = AssessmentView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/assessments/{id}")]
pub async fn get_maturity_assessment(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let (assessment, context) = assessments::get(&state.db, id.into_inner()).await?;
    if !user.can_view_maturity_round(context.state) {
        return Err(ApiError::NotFound);
    }
    Ok(ok_with_etag(assessment.version).json(assessment))
}

/// Record the assessment of one dimension for one department (or the administration) in an
/// open round: creates it (`201`), or replaces it (`200`, requires `If-Match`). Editors only
/// for their own departments and only as `self_assessment`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = PutAssessmentRequest,
    params(("If-Match" = Option<String>, Header, description = "ETag of the assessment being replaced (required when it exists)")),
    responses(
        (status = 200, body = AssessmentView, headers(("ETag" = String))),
        (status = 201, body = AssessmentView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/maturity/rounds/{id}/assessments")]
pub async fn put_maturity_assessment(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: Option<IfMatch>,
    body: JsonBody<PutAssessmentRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let method = body.method.unwrap_or(if user.role == Role::Editor {
        AssessmentMethod::SelfAssessment
    } else {
        AssessmentMethod::Officer
    });
    let context = assessments::context(&state.db, id.into_inner()).await?;
    // Rounds the caller may not see do not exist for them.
    if !user.can_view_maturity_round(context.state) {
        return Err(ApiError::NotFound);
    }
    if !user.can_write_maturity_assessment(body.department_id, method) {
        return Err(ApiError::Forbidden);
    }
    if !context.state.accepts_assessments() {
        return Err(ApiError::Conflict {
            field: "state".into(),
            message: format!(
                "the round is {}; assessments can only be changed while it is open",
                context.state
            ),
        });
    }

    let mut errors = Errors::default();
    let definition = &context.model.definition;
    let scale = &definition.levels;
    let dimension_code = body.dimension_code.trim().to_owned();
    let dimension = definition.dimension(&dimension_code);
    if dimension.is_none() {
        errors.add(
            "dimension_code",
            "unknown",
            format!("the round's model has no dimension '{dimension_code}'"),
        );
    }
    if !context.covers(body.department_id) {
        errors.add(
            "department_id",
            "not_in_round",
            match body.department_id {
                Some(_) => "the department is not in this round's scope",
                None => "this round does not assess the administration as a whole",
            },
        );
    }
    let answers = body.answers.unwrap_or_default();
    let mut actual_level = body.actual_level;
    if !answers.is_empty() {
        if actual_level.is_some() {
            errors.add(
                "actual_level",
                "not_allowed",
                "give either actual_level or answers; the level is computed from the answers",
            );
        }
        if let Some(dimension) = dimension {
            match score_questionnaire(dimension, &answers) {
                Ok(score) => actual_level = Some(score.level),
                Err(issues) => add_issues(&mut errors, issues, ""),
            }
        }
    }
    for (field, level) in [
        ("actual_level", body.actual_level),
        ("target_level", body.target_level),
    ] {
        if let Some(level) = level {
            errors.range(
                field,
                i64::from(level),
                i64::from(scale.min),
                i64::from(scale.max),
            );
        }
    }
    if body.target_date.is_some() && body.target_level.is_none() {
        errors.add(
            "target_date",
            "not_allowed",
            "a target date needs a target_level",
        );
    }
    if answers.is_empty() && actual_level.is_none() && body.target_level.is_none() {
        errors.add(
            "actual_level",
            "required",
            "give actual_level (or answers) and/or target_level",
        );
    }
    let evidence = errors.long_text("evidence", &body.evidence, 10000);
    errors.finish()?;

    let current = assessments::current_version(
        &state.db,
        context.round_id,
        body.department_id,
        &dimension_code,
    )
    .await?;
    if current.is_some() && if_match.is_none() {
        return Err(ApiError::PreconditionRequired);
    }
    let (assessment, created) = assessments::put(
        &state.db,
        &context,
        AssessmentInput {
            department_id: body.department_id,
            dimension_code,
            actual_level,
            target_level: body.target_level,
            target_date: body.target_date,
            evidence,
            method,
            answers,
        },
        if_match.map(|m| m.0),
        &user.actor(),
    )
    .await?;
    Ok(if created {
        created_with_etag(assessment.version).json(assessment)
    } else {
        ok_with_etag(assessment.version).json(assessment)
    })
}

/// Delete an assessment of an open round (who may record it may delete it). Requires
/// `If-Match`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the assessment")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/maturity/assessments/{id}")]
pub async fn delete_maturity_assessment(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let (assessment, context) = assessments::get(&state.db, id).await?;
    // Rounds the caller may not see do not exist for them.
    if !user.can_view_maturity_round(context.state) {
        return Err(ApiError::NotFound);
    }
    if !user.can_write_maturity_assessment(assessment.department_id, assessment.method) {
        return Err(ApiError::Forbidden);
    }
    assessments::delete(&state.db, id, if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}
