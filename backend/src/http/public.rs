//! `/api/v1/public/…`: the anonymous transparency data. No authentication: these handlers
//! take no [`super::auth::CurrentUser`] and return only measures with visibility `public`
//! that are not archived — never drafts or internal measures, names of people, contact
//! data or the text of a light override (only that there is one).
//!
//! Responses are cacheable: a strong `ETag` (SHA-256 of the body), `Cache-Control: public,
//! max-age=60`, and `304 Not Modified` when `If-None-Match` names the current ETag.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, web};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::AppState;
use super::error::{ApiError, Problem};
use crate::store::dashboard::{self, PublicDashboard, PublicMeasure};
use crate::store::reports::{self as report_store, PublicReport, PublicReportSummary};
use crate::store::{self};

/// How long shared caches and browsers may reuse a public response.
const CACHE_CONTROL: &str = "public, max-age=60";

/// The strong ETag of a body: its SHA-256 in hex, quoted.
fn body_etag(body: &[u8]) -> String {
    format!("\"{}\"", hex::encode(Sha256::digest(body)))
}

/// Whether an `If-None-Match` value names `etag` (weak comparison, as RFC 9110 asks for
/// `If-None-Match`; `*` matches any current representation).
fn none_match_hits(if_none_match: &str, etag: &str) -> bool {
    if_none_match.split(',').map(str::trim).any(|candidate| {
        candidate == "*" || candidate.strip_prefix("W/").unwrap_or(candidate) == etag
    })
}

/// Serializes `value` and answers `200` with ETag and caching headers, or `304` when the
/// client already has this body.
fn cacheable_json<T: Serialize>(req: &HttpRequest, value: &T) -> Result<HttpResponse, ApiError> {
    let body = serde_json::to_vec(value).map_err(ApiError::internal)?;
    Ok(cacheable(req, body, "application/json", None))
}

/// Answers `200` with the body, its strong ETag and the caching headers (and, for a file,
/// `Content-Disposition: attachment`), or `304` when `If-None-Match` names that ETag.
fn cacheable(
    req: &HttpRequest,
    body: Vec<u8>,
    content_type: &str,
    attachment_name: Option<&str>,
) -> HttpResponse {
    let etag = body_etag(&body);
    let hit = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| none_match_hits(v, &etag));
    let mut response = if hit {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, CACHE_CONTROL));
    if hit {
        return response.finish();
    }
    if let Some(name) = attachment_name {
        response.insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ));
    }
    response.content_type(content_type.to_owned()).body(body)
}

/// Published measures (visibility `public`, not archived), by code: status, progress, the
/// effective traffic light with the rule's reasons, goals, lead department, schedule.
/// No authentication.
#[utoipa::path(
    tag = "public",
    params(("If-None-Match" = Option<String>, Header, description = "ETag of a copy the client holds")),
    responses(
        (status = 200, body = Vec<PublicMeasure>, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy is current", headers(("ETag" = String))),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/measures")]
pub async fn public_measures(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let measures =
        dashboard::public_measures(&state.db, &state.light_rules, store::today()).await?;
    cacheable_json(&req, &measures)
}

/// Roll-ups over the published measures only: overall and per Handlungsfeld.
/// No authentication.
#[utoipa::path(
    tag = "public",
    params(("If-None-Match" = Option<String>, Header, description = "ETag of a copy the client holds")),
    responses(
        (status = 200, body = PublicDashboard, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy is current", headers(("ETag" = String))),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/dashboard")]
pub async fn public_dashboard(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let summary =
        dashboard::public_dashboard(&state.db, &state.light_rules, store::today()).await?;
    cacheable_json(&req, &summary)
}

/// Published Sachstandsberichte (frozen reports that were not withdrawn), the newest
/// meeting first. No authentication.
#[utoipa::path(
    tag = "public",
    params(("If-None-Match" = Option<String>, Header, description = "ETag of a copy the client holds")),
    responses(
        (status = 200, body = Vec<PublicReportSummary>, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy is current", headers(("ETag" = String))),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/reports")]
pub async fn public_reports(
    req: HttpRequest,
    state: web::Data<AppState>,
) -> Result<HttpResponse, ApiError> {
    let reports = report_store::list_public(&state.db).await?;
    cacheable_json(&req, &reports)
}

/// One published report: the measures that were public at freeze time, the roll-ups as
/// numbers, and the changes since the previous report for published measures. No names of
/// people, no override reasons, no review comments. No authentication.
#[utoipa::path(
    tag = "public",
    params(("If-None-Match" = Option<String>, Header, description = "ETag of a copy the client holds")),
    responses(
        (status = 200, body = PublicReport, headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "The client's copy is current", headers(("ETag" = String))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/reports/{id}")]
pub async fn public_report(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let report = report_store::public_report(&state.db, id.into_inner()).await?;
    cacheable_json(&req, &report)
}

/// The public PDF of a published report (the public projection). No authentication.
#[utoipa::path(
    tag = "public",
    params(("If-None-Match" = Option<String>, Header, description = "ETag of a copy the client holds")),
    responses(
        (status = 200, description = "The PDF, as an attachment", content_type = "application/pdf", body = super::reports::ReportFile, headers(("ETag" = String), ("Cache-Control" = String), ("Content-Disposition" = String))),
        (status = 304, description = "The client's copy is current", headers(("ETag" = String))),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 500, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/public/reports/{id}/export/pdf")]
pub async fn public_report_pdf(
    req: HttpRequest,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let stored = report_store::get_published(&state.db, id.into_inner()).await?;
    let bytes = super::reports::pdf_bytes(&state, &stored, crate::export::Variant::Public).await?;
    let name = super::reports::file_name(&stored.summary, "pdf");
    Ok(cacheable(&req, bytes, "application/pdf", Some(&name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_etag_is_the_quoted_sha256_of_the_body() {
        let etag = body_etag(b"[]");
        assert_eq!(etag.len(), 66);
        assert!(etag.starts_with('"') && etag.ends_with('"'));
        assert_eq!(etag, body_etag(b"[]"));
        assert_ne!(etag, body_etag(b"{}"));
    }

    #[test]
    fn if_none_match_accepts_lists_weak_tags_and_star() {
        let etag = "\"abc\"";
        assert!(none_match_hits("\"abc\"", etag));
        assert!(none_match_hits("\"x\", W/\"abc\"", etag));
        assert!(none_match_hits("*", etag));
        assert!(!none_match_hits("\"abd\"", etag));
        assert!(!none_match_hits("abc", etag));
    }
}
