//! `/api/v1/dashboard` and `/api/v1/rollups/…`: the roll-ups of the strategy, every
//! Handlungsfeld, goal and department, the measures needing attention, and per roll-up the
//! full explanation (every input measure, the rule thresholds, the formulas). Everyone
//! signed in reads them.
//!
//! Draft measures are not yet part of the plan: they are excluded from every roll-up and
//! every list for every role (the responses count them in `excluded_drafts`). An
//! explanation lists a draft among its inputs, marked `excluded_reason = "draft"`, only to
//! readers who may see that draft.

use actix_web::{get, web};

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use crate::store::dashboard::{self, DashboardView, RollupExplanation, Target};
use crate::store::{self};

/// The dashboard: roll-ups (strategy, Handlungsfelder, goals, departments), the light
/// distribution and the lists of overdue, at-risk and not recently updated measures.
/// Draft measures are excluded from all of it and only counted in `excluded_drafts`.
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
) -> Result<web::Json<DashboardView>, ApiError> {
    Ok(web::Json(
        dashboard::dashboard(&state.db, &state.light_rules, store::today()).await?,
    ))
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
