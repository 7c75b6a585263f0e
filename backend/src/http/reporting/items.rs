//! `/api/v1/reporting-items`: the measures due in reporting rounds and their answers —
//! list and read (everyone signed in; answers before approval only for those who may write
//! them and the officer), save a draft and submit it (editors of the owing department,
//! officer, admin), return with a comment or approve (the officer). Every change needs
//! `If-Match` with the item's ETag; frozen rounds refuse changes with `409 round_frozen`.

use actix_web::{HttpResponse, get, post, put, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use super::super::etag::{IfMatch, ok_with_etag};
use super::super::json::JsonBody;
use super::super::validate::Errors;
use crate::store::measures::{self, References};
use crate::store::reporting::ReportingItemState;
use crate::store::reporting::items::{self, DraftInput, ItemFilter, ReportingItem};

const MAX_NARRATIVE: usize = 20_000;
const MAX_COMMENT: usize = 2_000;

/// Filters of the item list; all given filters must match.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportingItemQuery {
    pub round_id: Option<i32>,
    pub department_id: Option<i32>,
    pub state: Option<ReportingItemState>,
    /// `true`: only items owed by the caller's departments in open rounds.
    pub mine: Option<bool>,
}

/// A draft answer; every field may stay empty until the answer is submitted.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SaveReportingDraftRequest {
    /// The measure's status as reported (an active status).
    pub status_id: Option<i32>,
    /// Progress in percent.
    #[schema(minimum = 0, maximum = 100)]
    pub progress: Option<i32>,
    /// The Sachstand in words.
    #[schema(max_length = 20000)]
    pub narrative: Option<String>,
}

/// Why an answer is returned.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReturnReportingItemRequest {
    /// Required: what the department should change.
    #[schema(min_length = 1, max_length = 2000)]
    pub comment: Option<String>,
}

/// An optional comment with the approval.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ApproveReportingItemRequest {
    #[schema(max_length = 2000)]
    pub comment: Option<String>,
}

/// The item as `user` may see it.
fn for_reader(user: &CurrentUser, item: ReportingItem) -> ReportingItem {
    if user.can_answer_reporting_item(item.department.id) {
        item
    } else {
        item.without_unapproved_answer()
    }
}

/// The items matching the filters (everyone signed in).
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    params(ReportingItemQuery),
    responses(
        (status = 200, body = Vec<ReportingItem>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reporting-items")]
pub async fn list_reporting_items(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ReportingItemQuery>,
) -> Result<web::Json<Vec<ReportingItem>>, ApiError> {
    let query = query.into_inner();
    let mine = query.mine.unwrap_or(false);
    let filter = ItemFilter {
        round_id: query.round_id,
        department_id: query.department_id,
        state: query.state,
        measure_id: None,
        department_ids: mine.then(|| user.department_ids.clone()),
        open_rounds_only: mine,
    };
    let list = items::list(&state.db, &filter, &state.light_rules).await?;
    Ok(web::Json(
        list.into_iter().map(|i| for_reader(&user, i)).collect(),
    ))
}

/// One item (everyone signed in).
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportingItem, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reporting-items/{id}")]
pub async fn get_reporting_item(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let item = items::get(&state.db, id.into_inner(), &state.light_rules).await?;
    Ok(ok_with_etag(item.version).json(for_reader(&user, item)))
}

/// `404` for unknown items, `403` unless the caller may answer the item.
async fn may_answer(state: &AppState, user: &CurrentUser, id: i32) -> Result<(), ApiError> {
    let department_id = items::department_of(&state.db, id).await?;
    if user.can_answer_reporting_item(department_id) {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// `404` for unknown items, `403` unless the caller reviews answers.
async fn may_review(state: &AppState, user: &CurrentUser, id: i32) -> Result<(), ApiError> {
    items::department_of(&state.db, id).await?;
    if user.can_review_reporting_answers() {
        Ok(())
    } else {
        Err(ApiError::Forbidden)
    }
}

/// Save the draft answer (while due or returned). Requires `If-Match`.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    request_body = SaveReportingDraftRequest,
    params(("If-Match" = String, Header, description = "ETag of the item")),
    responses(
        (status = 200, body = ReportingItem, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/reporting-items/{id}/draft")]
pub async fn save_reporting_draft(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<SaveReportingDraftRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    may_answer(&state, &user, id).await?;
    let body = body.into_inner();
    let mut errors = Errors::default();
    if let Some(p) = body.progress {
        errors.range("progress", i64::from(p), 0, 100);
    }
    let narrative = body
        .narrative
        .as_deref()
        .map(|n| errors.long_text("narrative", n, MAX_NARRATIVE))
        .filter(|n| !n.is_empty());
    if let Some(status_id) = body.status_id {
        for problem in measures::reference_problems(
            &state.db,
            None,
            References {
                status_id: Some(status_id),
                ..Default::default()
            },
        )
        .await?
        {
            errors.add(problem.field, problem.code, problem.message);
        }
    }
    errors.finish()?;
    let item = items::save_draft(
        &state.db,
        id,
        if_match.0,
        DraftInput {
            status_id: body.status_id,
            progress: body.progress,
            narrative,
        },
        &user.actor(),
        &state.light_rules,
    )
    .await?;
    Ok(ok_with_etag(item.version).json(item))
}

/// Submit the draft for review; `422` names the draft fields still empty. Requires
/// `If-Match`.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the item")),
    responses(
        (status = 200, body = ReportingItem, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reporting-items/{id}/submit")]
pub async fn submit_reporting_item(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    may_answer(&state, &user, id).await?;
    let item = items::submit(&state.db, id, if_match.0, &user.actor(), &state.light_rules).await?;
    Ok(ok_with_etag(item.version).json(item))
}

/// Return a submitted answer with a comment (the officer); the submitter and the
/// department's editors are notified in-app. Requires `If-Match`.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    request_body = ReturnReportingItemRequest,
    params(("If-Match" = String, Header, description = "ETag of the item")),
    responses(
        (status = 200, body = ReportingItem, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reporting-items/{id}/return")]
pub async fn return_reporting_item(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<ReturnReportingItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    may_review(&state, &user, id).await?;
    let mut errors = Errors::default();
    let comment = errors.text(
        "comment",
        body.comment.as_deref().unwrap_or_default(),
        MAX_COMMENT,
    );
    errors.finish()?;
    let item = items::return_item(
        &state.db,
        id,
        if_match.0,
        comment,
        &user.actor(),
        &state.light_rules,
    )
    .await?;
    Ok(ok_with_etag(item.version).json(item))
}

/// Approve a submitted answer (the officer): it becomes a status update of the measure in
/// the same transaction. Requires `If-Match`.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    request_body = ApproveReportingItemRequest,
    params(("If-Match" = String, Header, description = "ETag of the item")),
    responses(
        (status = 200, body = ReportingItem, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reporting-items/{id}/approve")]
pub async fn approve_reporting_item(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<ApproveReportingItemRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    may_review(&state, &user, id).await?;
    let mut errors = Errors::default();
    let comment = errors.optional_text("comment", body.comment.as_deref(), MAX_COMMENT);
    errors.finish()?;
    let item = items::approve(
        &state.db,
        id,
        if_match.0,
        comment,
        &user.actor(),
        &state.light_rules,
    )
    .await?;
    Ok(ok_with_etag(item.version).json(item))
}
