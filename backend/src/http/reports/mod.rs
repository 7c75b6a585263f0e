//! `/api/v1/reports` and `/api/v1/reporting-rounds/{id}/freeze`: frozen reports
//! (Sachstandsberichte). The officer freezes an open reporting round into an immutable
//! report and may withdraw one with a written reason; every signed-in role reads reports,
//! their changes since the previous report and the exports (PDF, XLSX, CSV, JSON).
//! There is deliberately no route that changes or deletes a report.
//!
//! PDF rendering is CPU-bound: it runs on a blocking thread (`web::block`) so it never
//! holds up other requests, and the bytes are cached in `report_exports` (a report never
//! changes, so neither does its rendering).

pub mod content_cache;

use actix_web::body::SizedStream;
use actix_web::http::header;
use actix_web::web::Bytes;
use actix_web::{HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::json::JsonBody;
use super::validate::Errors;
use crate::domain::report::ReportContent;
use crate::export::{self, PreviousRef, Variant};
use crate::store::reports::{
    self, Freeze, ReportChanges, ReportDetail, ReportSummary, StoredReport,
};
use crate::store::{self};

/// Freezing a round; the title defaults to "Sachstandsbericht zur Sitzung … am …".
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FreezeRequest {
    #[schema(max_length = 200)]
    pub title: Option<String>,
}

/// Why a report is withdrawn (kept with the report and in the audit log).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

/// A downloadable file.
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ReportFile(#[allow(dead_code)] Vec<u8>);

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Pdf,
    Xlsx,
    Csv,
    Json,
}

impl ExportFormat {
    fn parse(value: &str) -> Option<Self> {
        match value {
            "pdf" => Some(Self::Pdf),
            "xlsx" => Some(Self::Xlsx),
            "csv" => Some(Self::Csv),
            "json" => Some(Self::Json),
            _ => None,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Self::Pdf => "pdf",
            Self::Xlsx => "xlsx",
            Self::Csv => "csv",
            Self::Json => "json",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Self::Pdf => "application/pdf",
            Self::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            Self::Csv => "text/csv; charset=utf-8",
            Self::Json => "application/json",
        }
    }
}

fn detail(stored: StoredReport) -> ReportDetail {
    ReportDetail {
        summary: stored.summary,
        content: stored.content,
    }
}

/// The file name of a report export: `sachstandsbericht-2026-03-19-7.pdf` (ASCII only).
pub(crate) fn file_name(summary: &ReportSummary, extension: &str) -> String {
    format!(
        "sachstandsbericht-{}-{}.{extension}",
        summary.meeting.date.format("%Y-%m-%d"),
        summary.id
    )
}

/// A download response.
pub(crate) fn file_response(bytes: Vec<u8>, content_type: &str, file_name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, content_type.to_owned()))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{file_name}\""),
        ))
        .body(bytes)
}

/// The report's changes, with the previous report's content (for the public filter).
async fn changes_of(
    state: &AppState,
    stored: &StoredReport,
) -> Result<(ReportChanges, Option<StoredReport>), ApiError> {
    Ok(reports::changes(&state.db, stored).await?)
}

/// The PDF of a report in `variant`: from the cache, or rendered on a blocking thread and
/// cached.
pub(crate) async fn pdf_bytes(
    state: &AppState,
    stored: &StoredReport,
    variant: Variant,
) -> Result<Vec<u8>, ApiError> {
    let cache_key = format!("pdf:{}", variant.as_str());
    let id = stored.summary.id;
    if let Some(bytes) = reports::cached_export(&state.db, id, &cache_key).await? {
        return Ok(bytes);
    }
    let (changes, previous) = changes_of(state, stored).await?;
    let content = stored.content.clone();
    let hash = stored.summary.content_hash.clone();
    let previous = previous.map(|p| {
        let reference = PreviousRef {
            title: p.summary.title.clone(),
            meeting_body: p.summary.meeting.body.clone(),
            meeting_date: p.summary.meeting.date,
            withdrawn: p.summary.withdrawn.is_some(),
        };
        (p.content, reference)
    });
    let bytes = web::block(move || {
        let started = std::time::Instant::now();
        let result = export::render_pdf(
            id,
            &content,
            &hash,
            variant,
            &changes.changes,
            previous.as_ref().map(|(c, r)| (c, r.clone())),
        );
        tracing::info!(
            report_id = id,
            variant = variant.as_str(),
            millis = started.elapsed().as_millis(),
            "rendered report PDF"
        );
        result
    })
    .await
    .map_err(ApiError::internal)?
    .map_err(ApiError::internal)?;
    reports::store_export(&state.db, id, &cache_key, &bytes).await?;
    Ok(bytes)
}

/// Freeze an open reporting round into a report (the officer only). The content is built
/// from the live data in one snapshot, stored as canonical JSON with its SHA-256, and can
/// never change; the round becomes `frozen`. Requires `If-Match` with the round's ETag;
/// `409` unless the round is open.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    request_body = FreezeRequest,
    params(("If-Match" = String, Header, description = "ETag of the reporting round")),
    responses(
        (status = 201, body = ReportDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reporting-rounds/{id}/freeze")]
pub async fn freeze_reporting_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<FreezeRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_freeze_reports() {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    let title = errors.optional_text("title", body.title.as_deref(), 200);
    errors.finish()?;
    let summary = reports::freeze(
        &state.db,
        Freeze {
            round_id: id.into_inner(),
            expected_version: Some(if_match.0),
            title,
            rules: &state.light_rules,
            at: chrono::Utc::now(),
            today: store::today(),
        },
        &user.actor(),
    )
    .await?;
    let stored = reports::get(&state.db, summary.id).await?;
    Ok(created_with_etag(stored.summary.version).json(detail(stored)))
}

/// All frozen reports (withdrawn ones included, marked), the newest meeting first.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<ReportSummary>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports")]
pub async fn list_reports(
    user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<ReportSummary>>, ApiError> {
    if !user.can_read_reports() {
        return Err(ApiError::Forbidden);
    }
    Ok(web::Json(reports::list(&state.db).await?))
}

/// One report with its frozen content.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{id}")]
pub async fn get_report(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_read_reports() {
        return Err(ApiError::Forbidden);
    }
    // The document is sent as stored, without parsing and re-serialising it (a report of
    // the whole plan is several megabytes): the summary's members, then `content`, which
    // every response shares from the content cache instead of copying it.
    let id = id.into_inner();
    let summary = reports::get_summary(&state.db, id).await?;
    let content = state.report_contents.get(&state.db, id).await?;
    let summary_json = serde_json::to_string(&summary).map_err(ApiError::internal)?;
    let members = summary_json
        .strip_suffix('}')
        .ok_or_else(|| ApiError::internal(anyhow::anyhow!("a summary is a JSON object")))?;
    let parts = [
        Bytes::from(format!("{members},\"content\":")),
        content,
        Bytes::from_static(b"}"),
    ];
    let length = parts.iter().map(|part| part.len() as u64).sum();
    let body = SizedStream::new(
        length,
        futures_util::stream::iter(parts.map(Ok::<_, std::convert::Infallible>)),
    );
    Ok(ok_with_etag(summary.version)
        .content_type("application/json")
        .body(body))
}

/// What changed since the previous report (the latest non-withdrawn report frozen before
/// this one, fixed when this one was frozen): status, light, progress, planned dates and
/// budget per measure; new, removed, completed and cancelled measures.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportChanges),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{id}/changes")]
pub async fn get_report_changes(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<web::Json<ReportChanges>, ApiError> {
    if !user.can_read_reports() {
        return Err(ApiError::Forbidden);
    }
    let stored = reports::get(&state.db, id.into_inner()).await?;
    Ok(web::Json(changes_of(&state, &stored).await?.0))
}

/// Withdraw a report with a reason (the officer only). Only the withdrawal is recorded; the
/// content stays as it was. Its round is open again and can be frozen anew. Requires
/// `If-Match`; `409` if already withdrawn.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    request_body = WithdrawRequest,
    params(("If-Match" = String, Header, description = "ETag of the report")),
    responses(
        (status = 200, body = ReportDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reports/{id}/withdraw")]
pub async fn withdraw_report(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<WithdrawRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_freeze_reports() {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    let reason = errors.text("reason", &body.reason, 2000);
    errors.finish()?;
    let id = id.into_inner();
    reports::withdraw(&state.db, id, if_match.0, &reason, &user.actor()).await?;
    let stored = reports::get(&state.db, id).await?;
    Ok(ok_with_etag(stored.summary.version).json(detail(stored)))
}

/// Download a report: `pdf` (A4, German, tagged), `xlsx` or `csv` (the measures with their
/// state and the change columns; CSV is `;`-separated UTF-8 with BOM, dates dd.mm.yyyy,
/// decimal comma) or `json` (exactly the stored bytes that `content_hash` hashes).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(
        ("id" = i32, Path, description = "Id of the report"),
        ("format" = inline(ExportFormat), Path, description = "pdf, xlsx, csv or json"),
    ),
    responses(
        (status = 200, description = "The file, as an attachment", content(
            (ReportFile = "application/pdf"),
            (ReportFile = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (ReportFile = "text/csv"),
            (ReportContent = "application/json"),
        ), headers(("Content-Disposition" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/{id}/export/{format}")]
pub async fn export_report(
    user: CurrentUser,
    state: web::Data<AppState>,
    path: web::Path<(i32, String)>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_read_reports() {
        return Err(ApiError::Forbidden);
    }
    let (id, format) = path.into_inner();
    let format = ExportFormat::parse(&format).ok_or(ApiError::NotFound)?;
    let stored = reports::get(&state.db, id).await?;
    let name = file_name(&stored.summary, format.extension());
    let bytes = match format {
        ExportFormat::Json => stored.bytes,
        ExportFormat::Pdf => pdf_bytes(&state, &stored, Variant::Internal).await?,
        ExportFormat::Csv => {
            let (changes, _) = changes_of(&state, &stored).await?;
            export::table::csv(&stored.content, &changes.changes).map_err(ApiError::internal)?
        }
        ExportFormat::Xlsx => {
            let (changes, _) = changes_of(&state, &stored).await?;
            export::table::xlsx(&stored.content, &changes.changes).map_err(ApiError::internal)?
        }
    };
    Ok(file_response(bytes, format.content_type(), &name))
}
