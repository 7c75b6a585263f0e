//! `/api/v1/goals`: the goal tree (Handlungsfeld → Ziel → …). Everyone signed in reads;
//! officer and admin change it. A goal with child goals or linked measures cannot be
//! deleted (`409` naming `children` or `measures`).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::validate::{Errors, nullable};
use crate::http::json::JsonBody;
use crate::store::goals::{self, GoalChanges, GoalView, NewGoal};

/// A new goal; without `parent_id` it is a Handlungsfeld.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateGoalRequest {
    pub parent_id: Option<i32>,
    /// Unique short code, e.g. "HF 2" or "HF 2.3".
    #[schema(min_length = 1, max_length = 20)]
    pub code: String,
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub description: String,
    /// Order among siblings.
    #[serde(default)]
    pub position: i32,
}

/// Changes to a goal; absent fields stay as they are, `parent_id: null` makes it a
/// Handlungsfeld.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateGoalRequest {
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub parent_id: Option<Option<i32>>,
    #[schema(min_length = 1, max_length = 20)]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 300)]
    pub title: Option<String>,
    #[schema(max_length = 20000)]
    pub description: Option<String>,
    pub position: Option<i32>,
}

/// All goals as a flat list in tree order (each Handlungsfeld followed by its goals,
/// depth-first); `parent_id` and `depth` build the tree.
#[utoipa::path(
    tag = "goals",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<GoalView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/goals")]
pub async fn list_goals(
    _user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<GoalView>>, ApiError> {
    Ok(web::Json(goals::list(&state.db).await?))
}

/// One goal.
#[utoipa::path(
    tag = "goals",
    security(("bearer" = [])),
    responses(
        (status = 200, body = GoalView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/goals/{id}")]
pub async fn get_goal(
    _user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let goal = goals::get(&state.db, id.into_inner()).await?;
    Ok(ok_with_etag(goal.version).json(goal))
}

/// Create a goal (officer, admin).
#[utoipa::path(
    tag = "goals",
    security(("bearer" = [])),
    request_body = CreateGoalRequest,
    responses(
        (status = 201, body = GoalView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/goals")]
pub async fn create_goal(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateGoalRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let new = NewGoal {
        parent_id: body.parent_id,
        code: errors.text("code", &body.code, 20),
        title: errors.text("title", &body.title, 300),
        description: errors.long_text("description", &body.description, 20_000),
        position: body.position,
    };
    errors.finish()?;
    let created = goals::create(&state.db, new, &user.actor()).await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change a goal (officer, admin). Requires `If-Match`; a goal cannot move below itself.
#[utoipa::path(
    tag = "goals",
    security(("bearer" = [])),
    request_body = UpdateGoalRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = GoalView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/goals/{id}")]
pub async fn update_goal(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateGoalRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let changes = GoalChanges {
        parent_id: body.parent_id,
        code: body.code.map(|c| errors.text("code", &c, 20)),
        title: body.title.map(|t| errors.text("title", &t, 300)),
        description: body
            .description
            .map(|d| errors.long_text("description", &d, 20_000)),
        position: body.position,
    };
    errors.finish()?;
    let updated = goals::update(
        &state.db,
        id.into_inner(),
        if_match.0,
        changes,
        &user.actor(),
    )
    .await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Delete a goal without child goals and linked measures (officer, admin); otherwise `409`
/// with the field `children` or `measures`. Requires `If-Match`.
#[utoipa::path(
    tag = "goals",
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
#[delete("/goals/{id}")]
pub async fn delete_goal(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    goals::delete(&state.db, id.into_inner(), if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}
