//! `/api/v1/maturity/findings`: findings (Befunde) of the Ist-Analyse, traced to the goals
//! and measures that answer them. Everyone signed in reads; officer and admin write.
//! `?unanswered=true` lists the findings no active measure answers.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::super::AppState;
use super::super::audit::page_request;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use super::super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::super::validate::{Errors, nullable};
use crate::domain::access::MeasureScope;
use crate::domain::maturity::Severity;
use crate::http::json::JsonBody;
use crate::store::Page;
use crate::store::maturity::findings::{
    self, FindingChanges, FindingFilter, FindingInput, FindingView,
};
use crate::store::maturity::{Reference, existing_ids, known_dimensions};

/// A new finding.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateFindingRequest {
    /// What was found.
    #[schema(min_length = 1, max_length = 5000)]
    pub text: String,
    /// The department concerned; absent: the administration as a whole.
    pub department_id: Option<i32>,
    /// The maturity dimension concerned (a code of any model version).
    pub dimension_code: Option<String>,
    pub severity: Severity,
    /// Where it comes from, e.g. "Interview", "Workshop", "Dokumentenanalyse".
    #[schema(min_length = 1, max_length = 200)]
    pub source: String,
    pub source_date: Option<NaiveDate>,
    /// The round it belongs to (e.g. the Ist-Analyse).
    pub round_id: Option<i32>,
    /// Goals that answer it.
    #[serde(default)]
    pub goal_ids: Vec<i32>,
    /// Measures that answer it.
    #[serde(default)]
    pub measure_ids: Vec<i32>,
}

/// Changes to a finding; absent fields stay, `null` clears; id lists replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateFindingRequest {
    #[schema(min_length = 1, max_length = 5000)]
    pub text: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub department_id: Option<Option<i32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub dimension_code: Option<Option<String>>,
    pub severity: Option<Severity>,
    #[schema(min_length = 1, max_length = 200)]
    pub source: Option<String>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub source_date: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i32>)]
    pub round_id: Option<Option<i32>>,
    pub goal_ids: Option<Vec<i32>>,
    pub measure_ids: Option<Vec<i32>>,
}

/// Filters and paging of the findings list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FindingListQuery {
    /// Only findings no active measure answers.
    #[serde(default)]
    pub unanswered: bool,
    pub department_id: Option<i32>,
    pub dimension_code: Option<String>,
    pub severity: Option<Severity>,
    pub round_id: Option<i32>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size, at most 200.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// The references of a finding to check; every unknown one is a field error.
struct References<'a> {
    department_id: Option<i32>,
    dimension_code: Option<&'a str>,
    round_id: Option<i32>,
    goal_ids: Option<&'a [i32]>,
    measure_ids: Option<&'a [i32]>,
}

async fn check(
    state: &AppState,
    errors: &mut Errors,
    refs: References<'_>,
) -> Result<(), ApiError> {
    if let Some(d) = refs.department_id
        && existing_ids(&state.db, Reference::Department, &[d])
            .await?
            .is_empty()
    {
        errors.add(
            "department_id",
            "unknown",
            format!("department {d} does not exist"),
        );
    }
    if let Some(code) = refs.dimension_code
        && !known_dimensions(&state.db).await?.contains_key(code)
    {
        errors.add(
            "dimension_code",
            "unknown",
            format!("no maturity model has a dimension '{code}'"),
        );
    }
    if let Some(r) = refs.round_id
        && existing_ids(&state.db, Reference::Round, &[r])
            .await?
            .is_empty()
    {
        errors.add("round_id", "unknown", format!("round {r} does not exist"));
    }
    for (field, kind, ids) in [
        ("goal_ids", Reference::Goal, refs.goal_ids),
        ("measure_ids", Reference::Measure, refs.measure_ids),
    ] {
        let Some(ids) = ids else { continue };
        if ids.len() > 100 {
            errors.add(field, "too_long", "at most 100 links");
            continue;
        }
        let existing = existing_ids(&state.db, kind, ids).await?;
        for (i, id) in ids.iter().enumerate() {
            if !existing.contains(id) {
                errors.add(
                    format!("{field}[{i}]"),
                    "unknown",
                    format!("{id} does not exist"),
                );
            }
        }
    }
    Ok(())
}

/// Findings, oldest first; `unanswered=true` keeps those no active measure answers.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(FindingListQuery),
    responses(
        (status = 200, body = Page<FindingView>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/findings")]
pub async fn list_maturity_findings(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<FindingListQuery>,
) -> Result<web::Json<Page<FindingView>>, ApiError> {
    let query = query.into_inner();
    let page = page_request(query.page, query.per_page)?;
    let filter = FindingFilter {
        unanswered: query.unanswered,
        department_id: query.department_id,
        dimension_code: query.dimension_code,
        severity: query.severity,
        round_id: query.round_id,
    };
    let can_view = |scope: &MeasureScope<'_>| user.can_view_measure(scope);
    Ok(web::Json(
        findings::list(&state.db, &filter, page, &can_view).await?,
    ))
}

/// One finding.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = FindingView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/findings/{id}")]
pub async fn get_maturity_finding(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let can_view = |scope: &MeasureScope<'_>| user.can_view_measure(scope);
    let finding = findings::get(&state.db, id.into_inner(), &can_view).await?;
    Ok(ok_with_etag(finding.version).json(finding))
}

/// Record a finding (officer, admin).
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = CreateFindingRequest,
    responses(
        (status = 201, body = FindingView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/findings")]
pub async fn create_maturity_finding(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateFindingRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let text = errors.text("text", &body.text, 5000);
    let source = errors.text("source", &body.source, 200);
    let dimension_code = errors.optional_text("dimension_code", body.dimension_code.as_deref(), 40);
    check(
        &state,
        &mut errors,
        References {
            department_id: body.department_id,
            dimension_code: dimension_code.as_deref(),
            round_id: body.round_id,
            goal_ids: Some(&body.goal_ids),
            measure_ids: Some(&body.measure_ids),
        },
    )
    .await?;
    errors.finish()?;
    let can_view = |scope: &MeasureScope<'_>| user.can_view_measure(scope);
    let created = findings::create(
        &state.db,
        FindingInput {
            text,
            department_id: body.department_id,
            dimension_code,
            severity: body.severity,
            source,
            source_date: body.source_date,
            round_id: body.round_id,
            goal_ids: body.goal_ids,
            measure_ids: body.measure_ids,
        },
        &user.actor(),
        &can_view,
    )
    .await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change a finding (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = UpdateFindingRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = FindingView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/maturity/findings/{id}")]
pub async fn update_maturity_finding(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateFindingRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let changes = FindingChanges {
        text: body.text.map(|t| errors.text("text", &t, 5000)),
        department_id: body.department_id,
        dimension_code: body
            .dimension_code
            .map(|c| errors.optional_text("dimension_code", c.as_deref(), 40)),
        severity: body.severity,
        source: body.source.map(|s| errors.text("source", &s, 200)),
        source_date: body.source_date,
        round_id: body.round_id,
        goal_ids: body.goal_ids,
        measure_ids: body.measure_ids,
    };
    check(
        &state,
        &mut errors,
        References {
            department_id: changes.department_id.flatten(),
            dimension_code: changes.dimension_code.as_ref().and_then(|c| c.as_deref()),
            round_id: changes.round_id.flatten(),
            goal_ids: changes.goal_ids.as_deref(),
            measure_ids: changes.measure_ids.as_deref(),
        },
    )
    .await?;
    errors.finish()?;
    let can_view = |scope: &MeasureScope<'_>| user.can_view_measure(scope);
    let updated = findings::update(
        &state.db,
        id.into_inner(),
        if_match.0,
        changes,
        &user.actor(),
        &can_view,
    )
    .await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Delete a finding (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the version being deleted")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/maturity/findings/{id}")]
pub async fn delete_maturity_finding(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    findings::delete(&state.db, id.into_inner(), if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}
