//! `/api/v1/notifications`: the signed-in user's own in-app notifications (reporting
//! rounds opened, answers returned, reminders), newest first, and marking them read.

use actix_web::{HttpResponse, get, post, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use crate::store::reporting::notifications::{self, Notification};

/// Filter of the notification list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct NotificationQuery {
    /// `true`: only unread notifications.
    pub unread: Option<bool>,
}

/// The caller's notifications, newest first (at most 200).
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    params(NotificationQuery),
    responses(
        (status = 200, body = Vec<Notification>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/notifications")]
pub async fn list_notifications(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<NotificationQuery>,
) -> Result<web::Json<Vec<Notification>>, ApiError> {
    let list = notifications::list_for_user(&state.db, user.user_id, query.unread.unwrap_or(false))
        .await?;
    Ok(web::Json(list))
}

/// Mark one of the caller's notifications read (`404` for anyone else's).
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Marked read"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/{id}/read")]
pub async fn mark_notification_read(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    notifications::mark_read(&state.db, user.user_id, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Mark all of the caller's notifications read.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    responses(
        (status = 204, description = "All marked read"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/notifications/read-all")]
pub async fn mark_all_notifications_read(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    notifications::mark_all_read(&state.db, user.user_id).await?;
    Ok(HttpResponse::NoContent().finish())
}
