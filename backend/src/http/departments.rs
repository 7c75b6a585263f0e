//! `/api/v1/departments`: the department tree. Everyone signed in reads; officer and admin
//! change it.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::validate::{Errors, nullable};
use crate::http::json::JsonBody;
use crate::store::departments::{self, DepartmentChanges, DepartmentView, NewDepartment};

/// A new department.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateDepartmentRequest {
    pub parent_id: Option<i32>,
    #[schema(min_length = 1, max_length = 20)]
    pub code: String,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(default = "yes")]
    pub active: bool,
    #[serde(default)]
    pub position: i32,
}

fn yes() -> bool {
    true
}

/// Changes to a department; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateDepartmentRequest {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub parent_id: Option<Option<i32>>,
    #[schema(min_length = 1, max_length = 20)]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    pub active: Option<bool>,
    pub position: Option<i32>,
}

/// All departments as a flat list; `parent_id` builds the tree.
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<DepartmentView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/departments")]
pub async fn list_departments(
    _user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<DepartmentView>>, ApiError> {
    Ok(web::Json(departments::list(&state.db).await?))
}

/// One department.
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    responses(
        (status = 200, body = DepartmentView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/departments/{id}")]
pub async fn get_department(
    _user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let department = departments::get(&state.db, id.into_inner()).await?;
    Ok(ok_with_etag(department.version).json(department))
}

/// Create a department (officer, admin).
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    request_body = CreateDepartmentRequest,
    responses(
        (status = 201, body = DepartmentView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/departments")]
pub async fn create_department(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateDepartmentRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let new = NewDepartment {
        parent_id: body.parent_id,
        code: errors.text("code", &body.code, 20),
        name: errors.text("name", &body.name, 200),
        active: body.active,
        position: body.position,
    };
    errors.finish()?;
    let created = departments::create(&state.db, new, &user.actor()).await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change a department (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "departments",
    security(("bearer" = [])),
    request_body = UpdateDepartmentRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = DepartmentView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/departments/{id}")]
pub async fn update_department(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateDepartmentRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let changes = DepartmentChanges {
        parent_id: body.parent_id,
        code: body.code.map(|c| errors.text("code", &c, 20)),
        name: body.name.map(|n| errors.text("name", &n, 200)),
        active: body.active,
        position: body.position,
    };
    errors.finish()?;
    let updated = departments::update(
        &state.db,
        id.into_inner(),
        if_match.0,
        changes,
        &user.actor(),
    )
    .await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Delete a department nothing refers to (officer, admin); otherwise `409`: deactivate it.
#[utoipa::path(
    tag = "departments",
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
#[delete("/departments/{id}")]
pub async fn delete_department(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    departments::delete(&state.db, id.into_inner(), if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}
