//! `/api/v1/reporting-rounds`: reporting rounds (Berichtsrunden) for a council meeting —
//! list and read (everyone signed in), open, change and delete (officer, admin; only while
//! open), and sending the reminders due now (the officer).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::ToSchema;

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use super::super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::super::json::JsonBody;
use super::super::validate::{Errors, nullable};
use crate::reminders::{self, ReminderRun};
use crate::store::reporting::rounds::{
    self, NewReportingRound, ReportingRound, ReportingRoundChanges,
};
use crate::store::reporting::{ReportingRoundState, round_frozen};

const MAX_TITLE: usize = 200;
const MAX_BODY: usize = 200;
const MAX_VORLAGE: usize = 100;
const MAX_GRACE_DAYS: i64 = 60;

/// A new reporting round.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReportingRoundRequest {
    /// E.g. "Sachstand Digitalisierung Q2/2026".
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    /// The body meeting, e.g. "Stadtrat" or "Digitalausschuss".
    #[schema(min_length = 1, max_length = 200)]
    pub meeting_body: String,
    pub meeting_date: NaiveDate,
    /// The council paper (Vorlage) number, if known.
    #[schema(max_length = 100)]
    pub vorlage_number: Option<String>,
    /// The day answers are due (not after the meeting).
    pub deadline: NaiveDate,
    /// Days after the deadline answers still count as on time (0–60, default 0).
    #[schema(minimum = 0, maximum = 60)]
    pub grace_days: Option<i32>,
    /// The measures asked about; absent or empty: every active measure (not archived, not
    /// a draft, status neither completed nor cancelled).
    pub measure_ids: Option<Vec<i32>>,
}

/// Changes to an open round; absent fields stay as they are.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateReportingRoundRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub meeting_body: Option<String>,
    pub meeting_date: Option<NaiveDate>,
    /// `null` clears the number.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub vorlage_number: Option<Option<String>>,
    pub deadline: Option<NaiveDate>,
    #[schema(minimum = 0, maximum = 60)]
    pub grace_days: Option<i32>,
}

/// The rounds, newest meeting first (everyone signed in).
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<ReportingRound>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reporting-rounds")]
pub async fn list_reporting_rounds(
    _user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<ReportingRound>>, ApiError> {
    Ok(web::Json(rounds::list(&state.db).await?))
}

/// One round with its progress counts (everyone signed in).
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReportingRound, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reporting-rounds/{id}")]
pub async fn get_reporting_round(
    _user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let round = rounds::get(&state.db, id.into_inner()).await?;
    Ok(ok_with_etag(round.version).json(round))
}

fn grace(errors: &mut Errors, value: Option<i32>) -> Option<i32> {
    if let Some(v) = value {
        errors.range("grace_days", i64::from(v), 0, MAX_GRACE_DAYS);
    }
    value
}

/// Open a round (officer, admin): one item per measure asked about, owed by its lead
/// department, whose editors are notified in-app.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    request_body = CreateReportingRoundRequest,
    responses(
        (status = 201, body = ReportingRound, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reporting-rounds")]
pub async fn create_reporting_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateReportingRoundRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_reporting_rounds() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let title = errors.text("title", &body.title, MAX_TITLE);
    let meeting_body = errors.text("meeting_body", &body.meeting_body, MAX_BODY);
    let vorlage_number = errors.optional_text(
        "vorlage_number",
        body.vorlage_number.as_deref(),
        MAX_VORLAGE,
    );
    let grace_days = grace(&mut errors, body.grace_days).unwrap_or(0);
    if body.deadline > body.meeting_date {
        errors.add(
            "deadline",
            "after_meeting",
            "must not be after the meeting date",
        );
    }
    errors.finish()?;
    let created = rounds::create(
        &state.db,
        NewReportingRound {
            title,
            meeting_body,
            meeting_date: body.meeting_date,
            vorlage_number,
            deadline: body.deadline,
            grace_days,
            measure_ids: body.measure_ids,
        },
        &user.actor(),
    )
    .await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change an open round (officer, admin). Requires `If-Match`; `409` (`round_frozen`) once
/// the round is frozen into a report.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    request_body = UpdateReportingRoundRequest,
    params(("If-Match" = String, Header, description = "ETag of the round")),
    responses(
        (status = 200, body = ReportingRound, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/reporting-rounds/{id}")]
pub async fn update_reporting_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateReportingRoundRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    rounds::state_of(&state.db, id).await?;
    if !user.can_manage_reporting_rounds() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let changes = ReportingRoundChanges {
        title: body.title.map(|t| errors.text("title", &t, MAX_TITLE)),
        meeting_body: body
            .meeting_body
            .map(|t| errors.text("meeting_body", &t, MAX_BODY)),
        meeting_date: body.meeting_date,
        vorlage_number: body
            .vorlage_number
            .map(|v| errors.optional_text("vorlage_number", v.as_deref(), MAX_VORLAGE)),
        deadline: body.deadline,
        grace_days: grace(&mut errors, body.grace_days),
    };
    errors.finish()?;
    let updated = rounds::update(&state.db, id, if_match.0, changes, &user.actor())
        .await
        .map_err(|e| match e {
            crate::store::StoreError::Conflict {
                field: "deadline",
                message,
            } => ApiError::field("deadline", "after_meeting", &message),
            other => other.into(),
        })?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Delete an open round none of whose answers was submitted or approved (officer, admin).
/// Requires `If-Match`.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the round")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/reporting-rounds/{id}")]
pub async fn delete_reporting_round(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    rounds::state_of(&state.db, id).await?;
    if !user.can_manage_reporting_rounds() {
        return Err(ApiError::Forbidden);
    }
    rounds::delete(&state.db, id, if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Send the round's reminders that are due now and not yet sent (the officer): the same
/// check the background scheduler runs. In-app notices always; e-mails when mail is on. A
/// failing mail server is logged and the reminder retried at the next run.
#[utoipa::path(
    tag = "reporting",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ReminderRun),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/reporting-rounds/{id}/reminders")]
pub async fn send_reporting_reminders(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<web::Json<ReminderRun>, ApiError> {
    let id = id.into_inner();
    let round_state = rounds::state_of(&state.db, id).await?;
    if !user.can_send_reporting_reminders() {
        return Err(ApiError::Forbidden);
    }
    if round_state != ReportingRoundState::Open {
        return Err(round_frozen().into());
    }
    let outcome = reminders::run(&state.db, &state.settings, Some(id)).await?;
    Ok(web::Json(outcome))
}
