//! `/api/v1/measures/{id}/maturity-targets`: the maturity dimensions a measure is meant to
//! raise (by stable dimension code, optionally for one department) and the level it should
//! reach. Whoever may see the measure reads them; officer and admin replace the list
//! (`PUT`, `If-Match` with the measure's ETag, since the targets are part of the measure).

use actix_web::{HttpResponse, get, put, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use super::super::etag::{IfMatch, ok_with_etag};
use super::super::validate::Errors;
use crate::http::json::JsonBody;
use crate::store::maturity::results::scope_of;
use crate::store::maturity::targets::{self, MaturityTarget, MeasureTargets};
use crate::store::maturity::{Reference, existing_ids, known_dimensions};

/// Most targets per measure.
const MAX_TARGETS: usize = 50;

/// The complete new list of a measure's maturity targets.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PutMaturityTargetsRequest {
    /// At most 50; each (dimension, department) at most once.
    pub targets: Vec<MaturityTarget>,
}

/// A measure's maturity targets (`404` if the caller may not see the measure).
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = MeasureTargets, headers(("ETag" = String, description = "the measure's version"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/measures/{id}/maturity-targets")]
pub async fn get_measure_maturity_targets(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let measure = targets::measure(&state.db, id).await?;
    if !user.can_view_measure(&scope_of(&measure)) {
        return Err(ApiError::NotFound);
    }
    let targets = targets::get(&state.db, id).await?;
    Ok(ok_with_etag(targets.version).json(targets))
}

/// Replace a measure's maturity targets (officer, admin). Requires `If-Match` with the
/// measure's ETag; the measure's version goes up.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = PutMaturityTargetsRequest,
    params(("If-Match" = String, Header, description = "ETag of the measure")),
    responses(
        (status = 200, body = MeasureTargets, headers(("ETag" = String, description = "the measure's new version"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/measures/{id}/maturity-targets")]
pub async fn put_measure_maturity_targets(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<PutMaturityTargetsRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    // Measures the caller may not see (drafts) answer 404 before anything else.
    if !user.can_view_measure(&scope_of(&targets::measure(&state.db, id).await?)) {
        return Err(ApiError::NotFound);
    }
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let mut targets = body.into_inner().targets;
    if targets.len() > MAX_TARGETS {
        return Err(ApiError::field(
            "targets",
            "too_long",
            &format!("at most {MAX_TARGETS} targets"),
        ));
    }
    let mut errors = Errors::default();
    let known = known_dimensions(&state.db).await?;
    let department_ids: Vec<i32> = targets.iter().filter_map(|t| t.department_id).collect();
    let departments = existing_ids(&state.db, Reference::Department, &department_ids).await?;
    let mut seen = std::collections::HashSet::new();
    for (i, target) in targets.iter_mut().enumerate() {
        target.dimension_code = target.dimension_code.trim().to_owned();
        let path = format!("targets[{i}]");
        match known.get(&target.dimension_code) {
            None => errors.add(
                format!("{path}.dimension_code"),
                "unknown",
                format!(
                    "no maturity model has a dimension '{}'",
                    target.dimension_code
                ),
            ),
            Some(range) => errors.range(
                &format!("{path}.expected_level"),
                i64::from(target.expected_level),
                i64::from(range.min_level),
                i64::from(range.max_level),
            ),
        }
        if let Some(d) = target.department_id
            && !departments.contains(&d)
        {
            errors.add(
                format!("{path}.department_id"),
                "unknown",
                format!("department {d} does not exist"),
            );
        }
        if !seen.insert((target.dimension_code.clone(), target.department_id)) {
            errors.add(
                format!("{path}.dimension_code"),
                "duplicate",
                "this dimension and department are already listed",
            );
        }
    }
    errors.finish()?;
    let updated = targets::replace(&state.db, id, if_match.0, targets, &user.actor()).await?;
    Ok(ok_with_etag(updated.version).json(updated))
}
