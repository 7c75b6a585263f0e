//! `/api/v1/audit`: the audit log, newest first (officer, admin).

use actix_web::{get, web};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use crate::store::audit::{self, AuditEntryView, AuditFilter};
use crate::store::{Page, PageRequest};

/// Filters and paging of the audit log.
#[derive(Debug, Deserialize, IntoParams, ToSchema)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Entity type, e.g. `measure`, `goal`, `user`.
    pub entity_type: Option<String>,
    pub entity_id: Option<i32>,
    pub actor_id: Option<i32>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size, at most 200.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// Parses `page`/`per_page`, rejecting out-of-range values rather than clamping them.
pub fn page_request(page: Option<u64>, per_page: Option<u64>) -> Result<PageRequest, ApiError> {
    let page = page.unwrap_or(1);
    let per_page = per_page.unwrap_or(PageRequest::DEFAULT_PER_PAGE);
    if page == 0 || page > 1_000_000 {
        return Err(ApiError::field(
            "page",
            "out_of_range",
            "must be between 1 and 1000000",
        ));
    }
    if per_page == 0 || per_page > PageRequest::MAX_PER_PAGE {
        return Err(ApiError::field(
            "per_page",
            "out_of_range",
            "must be between 1 and 200",
        ));
    }
    Ok(PageRequest { page, per_page })
}

/// The audit log (officer, admin).
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, body = Page<AuditEntryView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit")]
pub async fn list_audit(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<AuditQuery>,
) -> Result<web::Json<Page<AuditEntryView>>, ApiError> {
    if !user.can_read_audit() {
        return Err(ApiError::Forbidden);
    }
    let query = query.into_inner();
    let page = page_request(query.page, query.per_page)?;
    let filter = AuditFilter {
        entity_type: query.entity_type,
        entity_id: query.entity_id,
        actor_id: query.actor_id,
    };
    Ok(web::Json(audit::list(&state.db, &filter, page).await?))
}
