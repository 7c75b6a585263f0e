//! `/api/v1/users`: accounts and roles (officer and admin; only admins touch admin
//! accounts). Passwords need at least 12 characters; changing a password or disabling an
//! account ends all of its sessions.

use actix_web::{HttpResponse, get, patch, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::validate::{Errors, nullable};
use crate::domain::access::Role;
use crate::http::json::JsonBody;
use crate::store::users::{self, MIN_PASSWORD_LENGTH, NewUser, UserChanges, UserView};

/// A new account.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateUserRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub username: String,
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: String,
    pub email: Option<String>,
    /// At least 12 characters.
    #[schema(min_length = 12, max_length = 1000)]
    pub password: String,
    pub role: Role,
    /// Departments of an editor.
    #[serde(default)]
    pub department_ids: Vec<i32>,
}

/// Changes to an account; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateUserRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub display_name: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub email: Option<Option<String>>,
    #[schema(min_length = 12, max_length = 1000)]
    pub password: Option<String>,
    pub role: Option<Role>,
    /// `false` disables the account and ends its sessions.
    pub active: Option<bool>,
    pub department_ids: Option<Vec<i32>>,
}

fn check_password(errors: &mut Errors, password: &str) {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        errors.add(
            "password",
            "too_short",
            format!("must be at least {MIN_PASSWORD_LENGTH} characters"),
        );
    } else if password.len() > 1000 {
        errors.add("password", "too_long", "must be at most 1000 characters");
    }
}

async fn hash(password: String) -> Result<String, ApiError> {
    users::with_password_hashing_slot(move || users::hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)
}

/// All accounts (officer, admin).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<UserView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<UserView>>, ApiError> {
    if !user.can_manage_users() {
        return Err(ApiError::Forbidden);
    }
    Ok(web::Json(users::list(&state.db).await?))
}

/// One account (officer, admin, or the user themself).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    responses(
        (status = 200, body = UserView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    if !user.can_manage_users() && user.user_id != id {
        // Other accounts are answered as absent, not as forbidden.
        return Err(ApiError::NotFound);
    }
    let found = users::get(&state.db, id).await?;
    Ok(ok_with_etag(found.version).json(found))
}

/// Create an account (officer, admin; only admins create admins).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = CreateUserRequest,
    responses(
        (status = 201, body = UserView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    if !user.can_manage_users() || !user.can_assign_role(body.role) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    let username = errors.text("username", &body.username, 100);
    if username.contains(char::is_whitespace) {
        errors.add("username", "invalid", "must not contain spaces");
    }
    let display_name = errors.text("display_name", &body.display_name, 200);
    let email = errors.email("email", body.email.as_deref());
    check_password(&mut errors, &body.password);
    errors.finish()?;
    let new = NewUser {
        username,
        display_name,
        email,
        password_hash: hash(body.password).await?,
        role: body.role,
        department_ids: body.department_ids,
    };
    let created = users::create(&state.db, new, &user.actor()).await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change an account (officer, admin; only admins touch admins). Requires `If-Match`.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = UpdateUserRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = UserView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateUserRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    if !user.can_manage_users() {
        return Err(ApiError::Forbidden);
    }
    let target = users::get(&state.db, id).await?;
    let body = body.into_inner();
    if !user.can_assign_role(target.role) || body.role.is_some_and(|r| !user.can_assign_role(r)) {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    let display_name = body
        .display_name
        .map(|d| errors.text("display_name", &d, 200));
    let email = body.email.map(|e| errors.email("email", e.as_deref()));
    if let Some(password) = &body.password {
        check_password(&mut errors, password);
    }
    if id == user.user_id && body.active == Some(false) {
        errors.add("active", "invalid", "you cannot disable your own account");
    }
    errors.finish()?;
    let password_hash = match body.password {
        Some(p) => Some(hash(p).await?),
        None => None,
    };
    let changes = UserChanges {
        display_name,
        email,
        password_hash,
        role: body.role,
        active: body.active,
        department_ids: body.department_ids,
    };
    let updated = users::update(&state.db, id, if_match.0, changes, &user.actor()).await?;
    Ok(ok_with_etag(updated.version).json(updated))
}
