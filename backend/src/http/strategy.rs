//! `/api/v1/strategy`: the one strategy and the council resolution that adopted it.
//! Everyone signed in reads it; officer and admin change it.

use actix_web::{HttpResponse, get, patch, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use super::etag::{IfMatch, ok_with_etag};
use super::validate::{Errors, nullable};
use crate::http::json::JsonBody;
use crate::store::strategy::{self, StrategyChanges, StrategyView};

/// Changes to the strategy; absent fields stay as they are, `null` clears a date.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStrategyRequest {
    #[schema(min_length = 1, max_length = 300)]
    pub title: Option<String>,
    #[schema(max_length = 20000)]
    pub description: Option<String>,
    /// Vorlage number, e.g. "FB 1/169/2022"; may be empty.
    #[schema(max_length = 100)]
    pub resolution_number: Option<String>,
    /// The body that adopted it, e.g. "Stadtrat"; may be empty.
    #[schema(max_length = 200)]
    pub resolution_body: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub resolution_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub in_force_from: Option<Option<NaiveDate>>,
    /// Must not be before `in_force_from`.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub in_force_to: Option<Option<NaiveDate>>,
}

/// The strategy.
#[utoipa::path(
    tag = "strategy",
    security(("bearer" = [])),
    responses(
        (status = 200, body = StrategyView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/strategy")]
pub async fn get_strategy(
    _user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let found = strategy::get(&state.db).await?;
    Ok(ok_with_etag(found.version).json(found))
}

/// Change the strategy (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "strategy",
    security(("bearer" = [])),
    request_body = UpdateStrategyRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = StrategyView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/strategy")]
pub async fn update_strategy(
    user: CurrentUser,
    state: web::Data<AppState>,
    if_match: IfMatch,
    body: JsonBody<UpdateStrategyRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let changes = StrategyChanges {
        title: body.title.map(|t| errors.text("title", &t, 300)),
        description: body
            .description
            .map(|d| errors.long_text("description", &d, 20_000)),
        resolution_number: body
            .resolution_number
            .map(|n| errors.long_text("resolution_number", &n, 100)),
        resolution_body: body
            .resolution_body
            .map(|b| errors.long_text("resolution_body", &b, 200)),
        resolution_date: body.resolution_date,
        in_force_from: body.in_force_from,
        in_force_to: body.in_force_to,
    };
    // The period is checked against the version the client changes: if that is no longer
    // current, the update below fails with 412 anyway, so the check cannot be outrun.
    let current = strategy::get(&state.db).await?;
    if current.version != if_match.0 {
        return Err(ApiError::PreconditionFailed {
            current_version: current.version,
        });
    }
    if let (Some(from), Some(to)) = changes.period_after(&current)
        && to < from
    {
        errors.add(
            "in_force_to",
            "before_start",
            "must not be before in_force_from",
        );
    }
    errors.finish()?;
    let updated = strategy::update(&state.db, if_match.0, changes, &user.actor()).await?;
    Ok(ok_with_etag(updated.version).json(updated))
}
