//! `/api/v1/maturity/results`, `/heatmap`, `/trend`, `/gaps`: what the council and the
//! officer read. Every score names the model's aggregation rule and carries its formula; the
//! administration as a whole is assessed directly or derived from its departments (the
//! response says which). The council sees approved rounds only: other rounds answer `404`
//! and are left out of trends.

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::IntoParams;

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use crate::store::maturity::results::{self, GapFilter, GapReport, Heatmap, RoundResults, Trend};
use crate::store::maturity::rounds;

/// Which round's results, for whom.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ResultsQuery {
    pub round_id: i32,
    /// Only this department; absent: the administration and every department of the round.
    pub department_id: Option<i32>,
}

/// Which round's heatmap.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HeatmapQuery {
    pub round_id: i32,
}

/// Whose trend.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TrendQuery {
    /// The department; absent: the administration as a whole.
    pub department_id: Option<i32>,
}

/// Which gaps.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct GapsQuery {
    pub round_id: i32,
    /// Only this department's gaps.
    pub department_id: Option<i32>,
    /// Only gaps of this dimension.
    pub dimension_code: Option<String>,
    /// Only gaps no active measure addresses.
    #[serde(default)]
    pub uncovered: bool,
}

/// `404` unless the caller may see the round.
async fn visible_round(
    state: &AppState,
    user: &CurrentUser,
    round_id: i32,
) -> Result<(), ApiError> {
    let round_state = rounds::state_of(&state.db, round_id).await?;
    if user.can_view_maturity_round(round_state) {
        Ok(())
    } else {
        Err(ApiError::NotFound)
    }
}

/// Ist vs Soll per dimension (radar-ready), the overall score by the model's rule with its
/// formula, the change against the previous approved round and the trend over all rounds,
/// for the administration and every department of a round (or one department). All in a
/// fixed number of queries.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(ResultsQuery),
    responses(
        (status = 200, body = RoundResults),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/results")]
pub async fn get_maturity_results(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ResultsQuery>,
) -> Result<web::Json<RoundResults>, ApiError> {
    visible_round(&state, &user, query.round_id).await?;
    let visible = |s| user.can_view_maturity_round(s);
    Ok(web::Json(
        results::results(&state.db, query.round_id, query.department_id, &visible).await?,
    ))
}

/// The departments × dimensions matrix of a round (heatmap), the administration first.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(HeatmapQuery),
    responses(
        (status = 200, body = Heatmap),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/heatmap")]
pub async fn get_maturity_heatmap(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<HeatmapQuery>,
) -> Result<web::Json<Heatmap>, ApiError> {
    visible_round(&state, &user, query.round_id).await?;
    Ok(web::Json(
        results::heatmap(&state.db, query.round_id).await?,
    ))
}

/// A department's (or the administration's) values over every round the caller may see.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(TrendQuery),
    responses(
        (status = 200, body = Trend),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/trend")]
pub async fn get_maturity_trend(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<TrendQuery>,
) -> Result<web::Json<Trend>, ApiError> {
    let visible = |s| user.can_view_maturity_round(s);
    Ok(web::Json(
        results::trend(&state.db, query.department_id, &visible).await?,
    ))
}

/// The gaps of a round (Ist < Soll) with the active measures that address them; `uncovered`
/// gaps are those no active measure addresses. The rule is part of the response.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(GapsQuery),
    responses(
        (status = 200, body = GapReport),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/gaps")]
pub async fn list_maturity_gaps(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<GapsQuery>,
) -> Result<web::Json<GapReport>, ApiError> {
    visible_round(&state, &user, query.round_id).await?;
    let query = query.into_inner();
    let filter = GapFilter {
        department_id: query.department_id,
        dimension_code: query.dimension_code,
        uncovered_only: query.uncovered,
    };
    Ok(web::Json(
        results::gaps(&state.db, query.round_id, &filter).await?,
    ))
}
