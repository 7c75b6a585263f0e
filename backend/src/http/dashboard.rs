//! `/api/v1/dashboard` and `/api/v1/rollups/…`: the roll-ups of the strategy, every
//! Handlungsfeld, goal and department, the measures needing attention, and per roll-up the
//! full explanation (every input measure, the rule thresholds, the formulas). Everyone
//! signed in reads them.
//!
//! Draft measures are not yet part of the plan: they are excluded from every roll-up and
//! every list for every role (the responses count them in `excluded_drafts`). An
//! explanation lists a draft among its inputs, marked `excluded_reason = "draft"`, only to
//! readers who may see that draft.

use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, web};
use chrono::NaiveDate;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use crate::store::dashboard::{self, DashboardView, RollupExplanation, Target};
use crate::store::{self};

/// How many measures each attention list of `GET /dashboard` holds (most urgent first);
/// the `*_total` fields count them all.
pub const ATTENTION_LIST_LIMIT: usize = 50;

/// The last dashboard computed, serialized, with the data version and the day it was
/// computed for. Everyone signed in sees the same dashboard, so one entry serves all; the
/// mutex also makes concurrent requests after a change wait for one computation instead of
/// each running their own.
#[derive(Default)]
pub struct DashboardCache {
    latest: tokio::sync::Mutex<Option<CachedDashboard>>,
}

#[derive(Clone)]
struct CachedDashboard {
    data_version: i64,
    as_of: NaiveDate,
    body: Bytes,
}

impl DashboardCache {
    /// The dashboard's JSON for the current data and day, computed only when either changed.
    async fn current(&self, state: &AppState) -> Result<Bytes, ApiError> {
        let today = store::today();
        let data_version = dashboard::data_version(&state.db).await?;
        let mut latest = self.latest.lock().await;
        if let Some(cached) = latest.as_ref()
            && cached.data_version == data_version
            && cached.as_of == today
        {
            return Ok(cached.body.clone());
        }
        let mut view = dashboard::dashboard(&state.db, &state.light_rules, today).await?;
        view.limit_lists(ATTENTION_LIST_LIMIT);
        let body = Bytes::from(serde_json::to_vec(&view).map_err(ApiError::internal)?);
        *latest = Some(CachedDashboard {
            data_version,
            as_of: today,
            body: body.clone(),
        });
        Ok(body)
    }
}

/// The dashboard: roll-ups (strategy, Handlungsfelder, goals, departments), the light
/// distribution and the lists of overdue, at-risk and not recently updated measures (the
/// 50 most urgent of each; `*_total` counts all). Draft measures are excluded from all of
/// it and only counted in `excluded_drafts`.
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    responses(
        (status = 200, body = DashboardView),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/dashboard")]
pub async fn get_dashboard(
    _user: CurrentUser,
    state: web::Data<AppState>,
    cache: web::Data<DashboardCache>,
) -> Result<HttpResponse, ApiError> {
    let body = cache.current(&state).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/json")
        .insert_header((actix_web::http::header::CACHE_CONTROL, "private, no-cache"))
        .body(body))
}

async fn explanation(
    user: &CurrentUser,
    state: &AppState,
    target: Target,
) -> Result<web::Json<RollupExplanation>, ApiError> {
    let mut explained =
        dashboard::explain(&state.db, &state.light_rules, store::today(), target).await?;
    // Drafts do not count, but those who may see them are shown that they were left out.
    explained
        .inputs
        .retain(|input| user.can_view_measure(&input.access_scope()));
    Ok(web::Json(explained))
}

/// How the strategy's overall roll-up is computed: every measure, whether and why it
/// counted, its weight, progress and light, the thresholds and the formulas.
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    responses(
        (status = 200, body = RollupExplanation),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rollups/strategy")]
pub async fn explain_strategy_rollup(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<RollupExplanation>, ApiError> {
    explanation(&user, &state, Target::Strategy).await
}

/// How a goal's (or Handlungsfeld's) roll-up is computed; it covers the measures linked to
/// the goal or to any goal below it, each once.
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    responses(
        (status = 200, body = RollupExplanation),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rollups/goals/{id}")]
pub async fn explain_goal_rollup(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<web::Json<RollupExplanation>, ApiError> {
    explanation(&user, &state, Target::Goal(id.into_inner())).await
}

/// How a department's roll-up is computed; it covers the measures led by the department or
/// by a department below it.
#[utoipa::path(
    tag = "dashboard",
    security(("bearer" = [])),
    responses(
        (status = 200, body = RollupExplanation),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/rollups/departments/{id}")]
pub async fn explain_department_rollup(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<web::Json<RollupExplanation>, ApiError> {
    explanation(&user, &state, Target::Department(id.into_inner())).await
}
