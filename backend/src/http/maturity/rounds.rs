//! `/api/v1/maturity/rounds`: assessment rounds and their state machine
//! (open → submitted → approved; reopen → open). Officer and admin create, change, delete
//! and submit rounds; only the officer approves and reopens (with a written reason, kept in
//! the audit log). The council sees approved rounds only.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use super::super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::super::validate::Errors;
use crate::domain::maturity::{RoundAction, RoundState};
use crate::http::json::JsonBody;
use crate::store::maturity::rounds::{self, NewRound, RoundChanges, RoundView};
use crate::store::maturity::{Reference, existing_ids};

/// A new assessment round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateRoundRequest {
    /// E.g. "Reifegraderhebung 2026".
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
    /// The reference date of the round.
    pub round_date: NaiveDate,
    /// The model version to assess with; it is frozen from now on.
    pub model_id: i32,
    /// Whether the administration as a whole is assessed directly (default `false`: its
    /// values are derived from the departments).
    #[serde(default)]
    pub includes_administration: bool,
    /// The departments the round covers; absent: every active department.
    pub department_ids: Option<Vec<i32>>,
}

/// Changes to an open round; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateRoundRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    pub round_date: Option<NaiveDate>,
    pub includes_administration: Option<bool>,
    /// Replaces the scope; departments with assessments cannot be removed.
    pub department_ids: Option<Vec<i32>>,
}

/// Why a round is reopened (kept in the audit log).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReopenRoundRequest {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// Filter of the round list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RoundListQuery {
    pub state: Option<RoundState>,
}

async fn check_departments(
    state: &AppState,
    errors: &mut Errors,
    ids: &[i32],
) -> Result<(), ApiError> {
    let existing = existing_ids(&state.db, Reference::Department, ids).await?;
    for (i, id) in ids.iter().enumerate() {
        if !existing.contains(id) {
            errors.add(
                format!("department_ids[{i}]"),
                "unknown",
                format!("department {id} does not exist"),
            );
        }
    }
    Ok(())
}

/// `404` if the round does not exist or the caller may not see it (hidden rounds answer
/// `404` before any other check, so the council cannot probe for them).
async fn visible(state: &AppState, user: &CurrentUser, id: i32) -> Result<(), ApiError> {
    let round_state = rounds::state_of(&state.db, id).await?;
    if user.can_view_maturity_round(round_state) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// The rounds the caller may see (the council: approved ones), newest first.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(RoundListQuery),
    responses(
        (status = 200, body = Vec<RoundView>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/rounds")]
pub async fn list_maturity_rounds(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<RoundListQuery>,
) -> Result<web::Json<Vec<RoundView>>, ApiError> {
    let rounds = rounds::list(&state.db, query.state, |s| user.can_view_maturity_round(s)).await?;
    Ok(web::Json(rounds))
}

/// One round (`404` for the council unless it is approved).
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = RoundView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/rounds/{id}")]
pub async fn get_maturity_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let round = rounds::get(&state.db, id.into_inner()).await?;
    if !user.can_view_maturity_round(round.state) {
        return Err(ApiError::NotFound);
    }
    Ok(ok_with_etag(round.version).json(round))
}

/// Open a new round (officer, admin). Its model version is frozen from now on.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = CreateRoundRequest,
    responses(
        (status = 201, body = RoundView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/rounds")]
pub async fn create_maturity_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateRoundRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let title = errors.text("title", &body.title, 200);
    let description = errors.long_text("description", &body.description, 4000);
    if !existing_ids(&state.db, Reference::Model, &[body.model_id])
        .await?
        .contains(&body.model_id)
    {
        errors.add("model_id", "unknown", "this maturity model does not exist");
    }
    if let Some(ids) = &body.department_ids {
        check_departments(&state, &mut errors, ids).await?;
    }
    errors.finish()?;
    let created = rounds::create(
        &state.db,
        NewRound {
            title,
            description,
            round_date: body.round_date,
            model_id: body.model_id,
            includes_administration: body.includes_administration,
            department_ids: body.department_ids,
        },
        &user.actor(),
    )
    .await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change an open round (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = UpdateRoundRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = RoundView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/maturity/rounds/{id}")]
pub async fn update_maturity_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateRoundRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible(&state, &user, id).await?;
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let changes = RoundChanges {
        title: body.title.map(|t| errors.text("title", &t, 200)),
        description: body
            .description
            .map(|d| errors.long_text("description", &d, 4000)),
        round_date: body.round_date,
        includes_administration: body.includes_administration,
        department_ids: body.department_ids,
    };
    if let Some(ids) = &changes.department_ids {
        check_departments(&state, &mut errors, ids).await?;
    }
    errors.finish()?;
    let updated = rounds::update(&state.db, id, if_match.0, changes, &user.actor()).await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Delete an open round without assessments (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the version being deleted")),
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
#[delete("/maturity/rounds/{id}")]
pub async fn delete_maturity_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible(&state, &user, id).await?;
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    rounds::delete(&state.db, id, if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Submit an open round for approval (officer, admin): its assessments can no longer be
/// changed. Requires `If-Match`; `409` unless the round is open.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the round")),
    responses(
        (status = 200, body = RoundView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/rounds/{id}/submit")]
pub async fn submit_maturity_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible(&state, &user, id).await?;
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let round = rounds::transition(
        &state.db,
        id,
        if_match.0,
        RoundAction::Submit,
        None,
        &user.actor(),
    )
    .await?;
    Ok(ok_with_etag(round.version).json(round))
}

/// Approve a submitted round (the officer only): its results become official and visible
/// to the council. Requires `If-Match`; `409` unless the round is submitted.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the round")),
    responses(
        (status = 200, body = RoundView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/rounds/{id}/approve")]
pub async fn approve_maturity_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible(&state, &user, id).await?;
    if !user.can_approve_maturity_round() {
        return Err(ApiError::Forbidden);
    }
    let round = rounds::transition(
        &state.db,
        id,
        if_match.0,
        RoundAction::Approve,
        None,
        &user.actor(),
    )
    .await?;
    Ok(ok_with_etag(round.version).json(round))
}

/// Reopen a submitted or approved round (the officer only), with a written reason that the
/// audit log keeps. Requires `If-Match`; `409` if the round is already open.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = ReopenRoundRequest,
    params(("If-Match" = String, Header, description = "ETag of the round")),
    responses(
        (status = 200, body = RoundView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/rounds/{id}/reopen")]
pub async fn reopen_maturity_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<ReopenRoundRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible(&state, &user, id).await?;
    if !user.can_approve_maturity_round() {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    let reason = errors.text("reason", &body.reason, 2000);
    errors.finish()?;
    let round = rounds::transition(
        &state.db,
        id,
        if_match.0,
        RoundAction::Reopen,
        Some(reason),
        &user.actor(),
    )
    .await?;
    Ok(ok_with_etag(round.version).json(round))
}
