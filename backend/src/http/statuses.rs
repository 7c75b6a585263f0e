//! `/api/v1/statuses`: the configurable status list (label, category, default progress,
//! order). Everyone signed in reads; officer and admin change it. A status used by a
//! measure or a status update cannot be deleted (`409`); deactivate it instead.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::validate::{Errors, nullable};
use crate::domain::status::StatusCategory;
use crate::http::json::JsonBody;
use crate::store::statuses::{self, NewStatus, StatusChanges, StatusView};

/// A new status.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStatusRequest {
    /// Stable code: lowercase letters, digits, `_` and `-`, e.g. `in_pruefung`.
    #[schema(min_length = 1, max_length = 50, pattern = "^[a-z0-9_-]+$")]
    pub code: String,
    /// Label shown in the interface, e.g. "in Prüfung".
    #[schema(min_length = 1, max_length = 100)]
    pub label: String,
    /// What the status means for the traffic light and the roll-up.
    pub category: StatusCategory,
    /// Progress suggested when a measure moves to this status, 0–100.
    #[schema(minimum = 0, maximum = 100)]
    pub default_progress: Option<i32>,
    #[serde(default)]
    pub position: i32,
    #[serde(default = "yes")]
    pub active: bool,
}

fn yes() -> bool {
    true
}

/// Changes to a status; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStatusRequest {
    #[schema(min_length = 1, max_length = 50, pattern = "^[a-z0-9_-]+$")]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub label: Option<String>,
    /// Changing the category changes the lights and roll-ups of every measure with it.
    pub category: Option<StatusCategory>,
    /// `null` removes the default progress.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>, minimum = 0, maximum = 100)]
    pub default_progress: Option<Option<i32>>,
    pub position: Option<i32>,
    pub active: Option<bool>,
}

fn status_code(errors: &mut Errors, code: &str) -> String {
    let code = errors.text("code", code, 50);
    if !code.is_empty()
        && !code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
    {
        errors.add(
            "code",
            "invalid",
            "may contain only lowercase letters a–z, digits, '_' and '-'",
        );
    }
    code
}

fn default_progress(errors: &mut Errors, value: Option<i32>) -> Option<i32> {
    if let Some(v) = value {
        errors.range("default_progress", i64::from(v), 0, 100);
    }
    value
}

/// All statuses, ordered by position.
#[utoipa::path(
    tag = "statuses",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<StatusView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/statuses")]
pub async fn list_statuses(
    _user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<StatusView>>, ApiError> {
    Ok(web::Json(statuses::list(&state.db).await?))
}

/// One status.
#[utoipa::path(
    tag = "statuses",
    security(("bearer" = [])),
    responses(
        (status = 200, body = StatusView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/statuses/{id}")]
pub async fn get_status(
    _user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let found = statuses::get(&state.db, id.into_inner()).await?;
    Ok(ok_with_etag(found.version).json(found))
}

/// Create a status (officer, admin).
#[utoipa::path(
    tag = "statuses",
    security(("bearer" = [])),
    request_body = CreateStatusRequest,
    responses(
        (status = 201, body = StatusView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/statuses")]
pub async fn create_status(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateStatusRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let new = NewStatus {
        code: status_code(&mut errors, &body.code),
        label: errors.text("label", &body.label, 100),
        category: body.category,
        default_progress: default_progress(&mut errors, body.default_progress),
        position: body.position,
        active: body.active,
    };
    errors.finish()?;
    let created = statuses::create(&state.db, new, &user.actor()).await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change a status (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "statuses",
    security(("bearer" = [])),
    request_body = UpdateStatusRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = StatusView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/statuses/{id}")]
pub async fn update_status(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateStatusRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let changes = StatusChanges {
        code: body.code.map(|c| status_code(&mut errors, &c)),
        label: body.label.map(|l| errors.text("label", &l, 100)),
        category: body.category,
        default_progress: body
            .default_progress
            .map(|p| default_progress(&mut errors, p)),
        position: body.position,
        active: body.active,
    };
    errors.finish()?;
    let updated = statuses::update(
        &state.db,
        id.into_inner(),
        if_match.0,
        changes,
        &user.actor(),
    )
    .await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Delete a status nothing uses (officer, admin); otherwise `409` with the field
/// `measures` or `status_updates`: deactivate it instead. Requires `If-Match`.
#[utoipa::path(
    tag = "statuses",
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
#[delete("/statuses/{id}")]
pub async fn delete_status(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    statuses::delete(&state.db, id.into_inner(), if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}
