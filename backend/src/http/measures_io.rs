//! `/api/v1/measures/export` and `/api/v1/measures/import`: measures as spreadsheets.
//!
//! Who may do what: everyone signed in exports the measures they may see (exactly the
//! ones the list shows them: council no drafts, editors only their own departments'
//! drafts), so the file reveals nothing the screen does not. Only officer and admin
//! import (`Principal::can_import_measures`).
//!
//! The import reads the body as the file (CSV or XLSX, recognised by its content;
//! `multipart/form-data` with one file part works too), at most 10 MB. Parsing and
//! checking run on the blocking thread pool, so a large file does not hold up other
//! requests. The answer is an [`ImportReport`]: with any error `422` and nothing changes;
//! otherwise `200`, and without `dry_run=true` all rows are written in one transaction.
//! The import needs no `If-Match`: every row is matched by its Kennung and compared with
//! the version read when the file was checked; a measure changed by someone else in
//! between answers `409` and nothing changes.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use futures_util::StreamExt;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use crate::store::measures_io::sheet::{self, FileError};
use crate::store::measures_io::{self, ApplyError, ExportFormat, ImportReport, plan};
use crate::store::{self, StoreError};

/// Largest accepted upload.
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// The media type of XLSX files.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// File type of an export.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SpreadsheetFormat {
    /// `;`-separated, UTF-8 with BOM, dates `dd.mm.yyyy`, decimal comma (German Excel).
    Csv,
    /// Excel workbook with date and number cells.
    Xlsx,
}

/// Which file to export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// `csv` or `xlsx`.
    #[param(inline)]
    pub format: SpreadsheetFormat,
}

/// How to import.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// `true` (default): only check and report what would change. `false`: apply.
    pub dry_run: Option<bool>,
}

/// A problem document for the statuses [`ApiError`] has no variant for.
fn problem(status: StatusCode, code: &str, title: &str, detail: String) -> HttpResponse {
    let body = Problem {
        problem_type: format!("/problems/{code}"),
        title: title.into(),
        status: status.as_u16(),
        detail: Some(detail),
        code: code.into(),
        errors: Vec::new(),
        current_version: None,
    };
    HttpResponse::build(status)
        .content_type("application/problem+json")
        .body(serde_json::to_string(&body).unwrap_or_default())
}

fn too_large() -> HttpResponse {
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        "The file is too large",
        format!(
            "the file may be at most {} MB",
            MAX_UPLOAD_BYTES / 1024 / 1024
        ),
    )
}

fn file_problem(err: &FileError) -> HttpResponse {
    let (status, code) = match err {
        // The request is well-formed; its content cannot be imported: 422 (a 400 is for
        // requests that cannot be read at all, a 415 for a declared media type Kurs does
        // not take, checked before the content is looked at).
        FileError::Empty => (StatusCode::UNPROCESSABLE_ENTITY, "empty_file"),
        FileError::LegacyExcel => (StatusCode::UNPROCESSABLE_ENTITY, "legacy_excel"),
        FileError::Unsupported => (StatusCode::UNPROCESSABLE_ENTITY, "unsupported_file"),
        FileError::BadWorkbook(_) | FileError::BadCsv(_) => {
            (StatusCode::UNPROCESSABLE_ENTITY, "unreadable_file")
        }
        FileError::NoKnownColumns => (StatusCode::UNPROCESSABLE_ENTITY, "no_known_columns"),
    };
    problem(status, code, "The file cannot be imported", err.to_string())
}

/// Media types an upload may declare (browsers send `.csv` as several of these).
fn accepted_media_type(media_type: &str) -> bool {
    matches!(
        media_type,
        "" | "text/csv"
            | "text/plain"
            | "text/comma-separated-values"
            | "application/csv"
            | "application/vnd.ms-excel"
            | "application/octet-stream"
            | "multipart/form-data"
    ) || media_type == XLSX_MEDIA_TYPE
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from >= haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The first file part of a `multipart/form-data` body and its file name.
fn multipart_file(content_type: &str, body: &[u8]) -> Option<(Vec<u8>, Option<String>)> {
    let boundary = content_type.split(';').find_map(|p| {
        let (name, value) = p.trim().split_once('=')?;
        name.eq_ignore_ascii_case("boundary")
            .then(|| value.trim().trim_matches('"').to_owned())
    })?;
    let delimiter = format!("--{boundary}").into_bytes();
    let mut position = find(body, &delimiter, 0)?;
    loop {
        let start = position + delimiter.len();
        let next = find(body, &delimiter, start)?;
        let part = &body[start..next];
        let part = part.strip_prefix(b"\r\n").unwrap_or(part);
        if let Some(end) = find(part, b"\r\n\r\n", 0) {
            let headers = String::from_utf8_lossy(&part[..end]).to_string();
            if let Some(pos) = headers.to_ascii_lowercase().find("filename=") {
                let name = headers[pos + 9..]
                    .split([';', '\r', '\n'])
                    .next()
                    .map(|n| n.trim().trim_matches('"').to_owned())
                    .filter(|n| !n.is_empty());
                let content = &part[end + 4..];
                let content = content.strip_suffix(b"\r\n").unwrap_or(content);
                return Some((content.to_vec(), name));
            }
        }
        position = next;
    }
}

/// Export the measures the caller may see as CSV or XLSX (not archived ones, by code).
/// Columns: Kennung, Titel, Beschreibung, Ziele, Federführung, Beteiligte, Status,
/// Fortschritt (%), Beginn/Ende (geplant), Beginn/Ende (tatsächlich), Priorität,
/// Gewichtung, Budget geplant/verbraucht (€), Sichtbarkeit, Ansprechperson, E-Mail
/// Ansprechperson, Ampel and Letzte Meldung (the last two are ignored by the import).
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The file, as an attachment",
            content(
                (Vec<u8> = "text/csv"),
                (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            ),
            headers(("Content-Disposition" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/measures/export")]
pub async fn export_measures(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let format = match query.format {
        SpreadsheetFormat::Csv => ExportFormat::Csv,
        SpreadsheetFormat::Xlsx => ExportFormat::Xlsx,
    };
    let rows = measures_io::export_rows(&state.db, &state.light_rules, |scope| {
        user.can_view_measure(scope)
    })
    .await?;
    let bytes = web::block(move || measures_io::render(format, &rows))
        .await
        .map_err(ApiError::internal)?
        .map_err(|e| ApiError::internal(anyhow::anyhow!(e)))?;
    let (media_type, extension) = match format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
        ExportFormat::Xlsx => (XLSX_MEDIA_TYPE, "xlsx"),
    };
    Ok(HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, media_type))
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"massnahmen-{}.{extension}\"",
                store::today()
            ),
        ))
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(bytes))
}

/// Import measures from a CSV or XLSX file (officer, admin). The body is the file
/// (`text/csv` or the XLSX media type; `multipart/form-data` with one file part works
/// too), at most 10 MB. The first non-empty row is the header: German or English column
/// names in any order and spelling ("Maßnahme", "Titel", "Ende", "Fertigstellung
/// (geplant)", "Fortschritt in %"…); unknown columns are warnings; "Titel" is required.
/// Rows are matched by Kennung: a known code updates that measure, a new or empty code
/// creates one (empty: the next free code). Any error answers `422` with the report and
/// nothing changes; `dry_run=true` (the default) only reports; otherwise everything is
/// written in one transaction with audit entries and version bumps.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    params(ImportQuery),
    request_body(description = "The spreadsheet file",
        content(
            (String = "text/csv"),
            (Vec<u8> = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )),
    responses(
        (status = 200, body = ImportReport, description = "Checked (dry run) or applied"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json",
            description = "A measure changed while the file was imported; nothing changed"),
        (status = 413, body = Problem, content_type = "application/problem+json"),
        (status = 415, body = Problem, content_type = "application/problem+json",
            description = "Declared as neither CSV, XLSX nor a form upload"),
        (status = 422, description = "Errors by row and column (an import report), or a file that \
            cannot be imported at all: empty, unreadable, .xls, neither CSV nor XLSX, no known column \
            (a problem); nothing changed",
            content(
                (ImportReport = "application/json"),
                (Problem = "application/problem+json"),
            )),
    )
)]
#[post("/measures/import")]
pub async fn import_measures(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<ImportQuery>,
    req: HttpRequest,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    if !user.can_import_measures() {
        return Err(ApiError::Forbidden);
    }
    let dry_run = query.dry_run.unwrap_or(true);
    let content_type = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if !accepted_media_type(&media_type) {
        return Ok(problem(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_content_type",
            "Unsupported content type",
            format!(
                "send the file as text/csv, {XLSX_MEDIA_TYPE} or multipart/form-data, not {media_type}"
            ),
        ));
    }
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_UPLOAD_BYTES + 64 * 1024) {
        return Ok(too_large());
    }
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| ApiError::BadRequest {
            code: "invalid_body",
            detail: e.to_string(),
        })?;
        if body.len() + chunk.len() > MAX_UPLOAD_BYTES + 64 * 1024 {
            return Ok(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    let (bytes, file_name) = if media_type == "multipart/form-data" {
        match multipart_file(&content_type, &body) {
            Some(found) => found,
            None => {
                return Ok(problem(
                    StatusCode::BAD_REQUEST,
                    "no_file",
                    "No file in the form",
                    "the multipart body has no part with a file name".into(),
                ));
            }
        }
    } else {
        (body.to_vec(), None)
    };
    if bytes.len() > MAX_UPLOAD_BYTES {
        return Ok(too_large());
    }

    let kind = match sheet::detect(&bytes) {
        Ok(kind) => kind,
        Err(err) => return Ok(file_problem(&err)),
    };
    let parsed = web::block(move || sheet::read(&bytes, kind))
        .await
        .map_err(ApiError::internal)?;
    let parsed = match parsed {
        Ok(sheet) => sheet,
        Err(err) => return Ok(file_problem(&err)),
    };
    let lookups = measures_io::load_lookups(&state.db).await?;
    let planned = web::block(move || plan::plan(&parsed, &lookups, dry_run))
        .await
        .map_err(ApiError::internal)?;
    let plan = match planned {
        Ok(plan) => plan,
        Err(err) => return Ok(file_problem(&err)),
    };
    let mut report = plan.report;
    if !report.errors.is_empty() {
        return Ok(HttpResponse::UnprocessableEntity().json(report));
    }
    if dry_run || plan.rows.is_empty() {
        return Ok(HttpResponse::Ok().json(report));
    }
    match measures_io::apply(
        &state.db,
        plan.rows,
        &report,
        file_name.as_deref(),
        &user.actor(),
        &state.light_rules,
    )
    .await
    {
        Ok(()) => {
            report.applied = true;
            Ok(HttpResponse::Ok().json(report))
        }
        Err(ApplyError::Rows(issues)) => {
            report.errors = issues;
            Ok(HttpResponse::UnprocessableEntity().json(report))
        }
        Err(ApplyError::Store(StoreError::VersionMismatch { .. })) => Err(ApiError::Conflict {
            field: "file".into(),
            message: "a measure was changed by someone else meanwhile; check the file again".into(),
        }),
        Err(ApplyError::Store(err)) => Err(err.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_file_part_of_a_form_is_found() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.csv\"\r\nContent-Type: text/csv\r\n\r\nTitel;Ziele\r\nA;Z1\r\n--XyZ--\r\n";
        let (content, name) =
            multipart_file("multipart/form-data; boundary=XyZ", body).expect("a file part");
        assert_eq!(content, b"Titel;Ziele\r\nA;Z1");
        assert_eq!(name.as_deref(), Some("plan.csv"));
        assert!(multipart_file("multipart/form-data; boundary=Other", body).is_none());
    }

    #[test]
    fn media_types_of_spreadsheets_are_accepted() {
        assert!(accepted_media_type("text/csv"));
        assert!(accepted_media_type(XLSX_MEDIA_TYPE));
        assert!(accepted_media_type("application/vnd.ms-excel"));
        assert!(!accepted_media_type("application/json"));
    }
}
