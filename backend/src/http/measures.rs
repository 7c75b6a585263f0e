//! `/api/v1/measures`: measures (Maßnahmen), their status updates (Sachstandsmeldungen)
//! and the traffic-light override.
//!
//! Who may do what: everyone signed in reads the measures they may see (council never sees
//! drafts, editors only their own departments' drafts; hidden measures answer `404`).
//! Officer and admin create, change and archive measures. Editors of a measure's lead or
//! participating departments change its execution fields only (progress, status,
//! milestones, actual dates, narrative) and write status updates; a structure field from
//! them is `403` and nothing changes. Only the officer overrides a traffic light.
//!
//! Validation names every invalid field in one `422`, including unknown goals,
//! departments, statuses and dependencies and dependency cycles (`dependency_ids`).

use actix_web::http::header::ContentType;
use actix_web::{HttpResponse, delete, get, patch, post, put, web};
use chrono::NaiveDate;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::AppState;
use super::audit::page_request;
use super::auth::CurrentUser;
use super::error::{ApiError, FieldError, Problem};
use super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::validate::{Errors, nullable};
use crate::domain::measure::{Priority, Visibility};
use crate::domain::traffic_light::TrafficLight;
use crate::http::json::JsonBody;
use crate::store::measures::{
    self, MeasureChanges, MeasureDetail, MeasureError, MeasureFilter, MeasureSort, MeasureSummary,
    MilestoneInput, NewMeasure, NewStatusUpdate, References, StatusUpdateView, schedule_problems,
};
use crate::store::{self, Page};

const MAX_CODE: usize = 30;
const MAX_TITLE: usize = 300;
const MAX_TEXT: usize = 20_000;
const MAX_NAME: usize = 200;
const MAX_MILESTONE_TITLE: usize = 300;
const MAX_QUERY: usize = 200;
const MIN_REASON: usize = 10;
const MAX_REASON: usize = 2_000;
/// Budgets stay exact in JavaScript clients (`Number.MAX_SAFE_INTEGER`).
const MAX_CENTS: i64 = 9_007_199_254_740_991;

impl From<MeasureError> for ApiError {
    fn from(err: MeasureError) -> Self {
        match err {
            MeasureError::Invalid(problems) => ApiError::Validation(
                problems
                    .into_iter()
                    .map(|p| FieldError::new(p.field, p.code, p.message))
                    .collect(),
            ),
            MeasureError::Store(err) => err.into(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Request types
// ---------------------------------------------------------------------------------------

/// Filters, sorting and paging of the measure list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MeasureListQuery {
    /// Lead or participating department; includes the departments below it.
    pub department_id: Option<i32>,
    /// Goal; includes the goals below it.
    pub goal_id: Option<i32>,
    pub status_id: Option<i32>,
    /// The light in effect (the override if there is one, otherwise the computed light).
    pub light: Option<TrafficLight>,
    pub visibility: Option<Visibility>,
    /// Case-insensitive text in code, title or description.
    #[param(max_length = 200)]
    pub q: Option<String>,
    /// Include archived measures (default `false`).
    pub include_archived: Option<bool>,
    /// `code` (default), `title`, `progress`, `planned_end`, `light` or `updated_at`;
    /// a leading `-` sorts descending. Missing dates and lights sort last.
    #[param(pattern = r"^-?(code|title|progress|planned_end|light|updated_at)$")]
    pub sort: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// Page size, at most 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// A milestone. With `id` (PATCH only) it keeps the identity of an existing milestone of
/// the measure; without, it is new.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MilestoneRequest {
    pub id: Option<i32>,
    #[schema(min_length = 1, max_length = 300)]
    pub title: String,
    /// Due date.
    pub due: NaiveDate,
    /// Date the milestone was reached.
    pub done: Option<NaiveDate>,
}

/// A new measure (officer, admin).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateMeasureRequest {
    /// Unique short code such as "M 1.2".
    #[serde(default)]
    #[schema(required = true, min_length = 1, max_length = 30)]
    pub code: String,
    #[serde(default)]
    #[schema(required = true, min_length = 1, max_length = 300)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub description: String,
    /// Goals the measure serves: at least one.
    #[serde(default)]
    #[schema(required = true, min_items = 1)]
    pub goal_ids: Vec<i32>,
    #[schema(required = true)]
    pub lead_department_id: Option<i32>,
    #[serde(default)]
    pub participating_department_ids: Vec<i32>,
    #[schema(max_length = 200)]
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    #[schema(required = true)]
    pub status_id: Option<i32>,
    /// 0–100; default: the status's default progress, or 0.
    #[schema(minimum = 0, maximum = 100)]
    pub progress: Option<i32>,
    pub planned_start: Option<NaiveDate>,
    /// Not before `planned_start`.
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    /// Not before `actual_start`.
    pub actual_end: Option<NaiveDate>,
    /// Default `medium`.
    pub priority: Option<Priority>,
    /// Weight in the roll-up, 0–1000 (default 1).
    #[schema(minimum = 0, maximum = 1000)]
    pub weight: Option<i32>,
    /// Planned budget in euro cents.
    #[schema(minimum = 0)]
    pub budget_planned_cents: Option<i64>,
    /// Budget spent in euro cents.
    #[schema(minimum = 0)]
    pub budget_spent_cents: Option<i64>,
    /// Default `internal`.
    pub visibility: Option<Visibility>,
    #[serde(default)]
    pub milestones: Vec<MilestoneRequest>,
    /// Measures this one depends on.
    #[serde(default)]
    pub dependency_ids: Vec<i32>,
}

/// Changes to a measure; absent fields stay as they are, `null` clears optional ones.
/// Execution fields (`progress`, `status_id`, `milestones`, `actual_start`, `actual_end`,
/// `narrative`) may also be sent by editors of the measure's departments; every other
/// field is structure (officer, admin). A change of progress or status appends one status
/// update reported today, with `narrative` as its text.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateMeasureRequest {
    #[schema(min_length = 1, max_length = 30)]
    pub code: Option<String>,
    #[schema(min_length = 1, max_length = 300)]
    pub title: Option<String>,
    #[schema(max_length = 20000)]
    pub description: Option<String>,
    #[schema(min_items = 1)]
    pub goal_ids: Option<Vec<i32>>,
    pub lead_department_id: Option<i32>,
    pub participating_department_ids: Option<Vec<i32>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 200)]
    pub contact_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>)]
    pub contact_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub planned_start: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub planned_end: Option<Option<NaiveDate>>,
    pub priority: Option<Priority>,
    #[schema(minimum = 0, maximum = 1000)]
    pub weight: Option<i32>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub budget_planned_cents: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<i64>, minimum = 0)]
    pub budget_spent_cents: Option<Option<i64>>,
    pub visibility: Option<Visibility>,
    pub dependency_ids: Option<Vec<i32>>,
    /// `false` restores an archived measure.
    pub archived: Option<bool>,
    /// Execution: progress in percent, 0–100.
    #[schema(minimum = 0, maximum = 100)]
    pub progress: Option<i32>,
    /// Execution: the new status; without `progress`, its default progress applies.
    pub status_id: Option<i32>,
    /// Execution: the complete new list of milestones.
    pub milestones: Option<Vec<MilestoneRequest>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub actual_start: Option<Option<NaiveDate>>,
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<NaiveDate>)]
    pub actual_end: Option<Option<NaiveDate>>,
    /// Execution: text of the status update this change writes.
    #[schema(max_length = 20000)]
    pub narrative: Option<String>,
}

/// A new status update (Sachstandsmeldung).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStatusUpdateRequest {
    /// The day reported on; default today, never in the future.
    pub reporting_date: Option<NaiveDate>,
    #[schema(min_length = 1, max_length = 20000)]
    pub narrative: String,
    #[schema(minimum = 0, maximum = 100)]
    pub progress: i32,
    pub status_id: i32,
}

/// The officer's override of a traffic light.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrafficLightOverrideRequest {
    /// `green`, `yellow` or `red`.
    pub light: TrafficLight,
    /// Why the computed light is wrong: 10 to 2000 characters.
    #[schema(min_length = 10, max_length = 2000)]
    pub reason: String,
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

fn ids_required(errors: &mut Errors, field: &str, ids: &[i32]) {
    if ids.is_empty() {
        errors.add(field, "required", "must name at least one");
    }
}

fn cents(errors: &mut Errors, field: &str, value: Option<i64>) -> Option<i64> {
    if let Some(v) = value {
        errors.range(field, v, 0, MAX_CENTS);
    }
    value
}

fn percent(errors: &mut Errors, field: &str, value: Option<i32>) -> Option<i32> {
    if let Some(v) = value {
        errors.range(field, i64::from(v), 0, 100);
    }
    value
}

fn weight(errors: &mut Errors, value: Option<i32>) -> Option<i32> {
    if let Some(v) = value {
        errors.range("weight", i64::from(v), 0, 1000);
    }
    value
}

fn schedule(
    errors: &mut Errors,
    planned: (Option<NaiveDate>, Option<NaiveDate>),
    actual: (Option<NaiveDate>, Option<NaiveDate>),
) {
    for p in schedule_problems(planned.0, planned.1, actual.0, actual.1) {
        errors.add(p.field, p.code, p.message);
    }
}

fn milestones(
    errors: &mut Errors,
    items: Vec<MilestoneRequest>,
    ids_allowed: bool,
) -> Vec<MilestoneInput> {
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| {
            if item.id.is_some() && !ids_allowed {
                errors.add(
                    format!("milestones[{index}].id"),
                    "not_allowed",
                    "a new measure has no milestones to refer to",
                );
            }
            MilestoneInput {
                id: item.id,
                title: errors.text(
                    &format!("milestones[{index}].title"),
                    &item.title,
                    MAX_MILESTONE_TITLE,
                ),
                due: item.due,
                done: item.done,
            }
        })
        .collect()
}

fn parse_new(body: CreateMeasureRequest, errors: &mut Errors) -> NewMeasure {
    ids_required(errors, "goal_ids", &body.goal_ids);
    if body.lead_department_id.is_none() {
        errors.add("lead_department_id", "required", "must be given");
    }
    if body.status_id.is_none() {
        errors.add("status_id", "required", "must be given");
    }
    schedule(
        errors,
        (body.planned_start, body.planned_end),
        (body.actual_start, body.actual_end),
    );
    NewMeasure {
        code: errors.text("code", &body.code, MAX_CODE),
        title: errors.text("title", &body.title, MAX_TITLE),
        description: errors.long_text("description", &body.description, MAX_TEXT),
        goal_ids: body.goal_ids,
        lead_department_id: body.lead_department_id.unwrap_or_default(),
        participating_department_ids: body.participating_department_ids,
        contact_name: errors.optional_text("contact_name", body.contact_name.as_deref(), MAX_NAME),
        contact_email: errors.email("contact_email", body.contact_email.as_deref()),
        status_id: body.status_id.unwrap_or_default(),
        progress: percent(errors, "progress", body.progress),
        planned_start: body.planned_start,
        planned_end: body.planned_end,
        actual_start: body.actual_start,
        actual_end: body.actual_end,
        priority: body.priority.unwrap_or(Priority::Medium),
        weight: weight(errors, body.weight).unwrap_or(1),
        budget_planned_cents: cents(errors, "budget_planned_cents", body.budget_planned_cents),
        budget_spent_cents: cents(errors, "budget_spent_cents", body.budget_spent_cents),
        visibility: body.visibility.unwrap_or(Visibility::Internal),
        milestones: milestones(errors, body.milestones, false),
        dependency_ids: body.dependency_ids,
    }
}

fn parse_changes(body: UpdateMeasureRequest, errors: &mut Errors) -> MeasureChanges {
    if let Some(ids) = &body.goal_ids {
        ids_required(errors, "goal_ids", ids);
    }
    // Pairs sent together are checked here; the store checks them again merged with the
    // stored values.
    schedule(
        errors,
        (body.planned_start.flatten(), body.planned_end.flatten()),
        (body.actual_start.flatten(), body.actual_end.flatten()),
    );
    MeasureChanges {
        code: body.code.map(|v| errors.text("code", &v, MAX_CODE)),
        title: body.title.map(|v| errors.text("title", &v, MAX_TITLE)),
        description: body
            .description
            .map(|v| errors.long_text("description", &v, MAX_TEXT)),
        goal_ids: body.goal_ids,
        lead_department_id: body.lead_department_id,
        participating_department_ids: body.participating_department_ids,
        contact_name: body
            .contact_name
            .map(|v| errors.optional_text("contact_name", v.as_deref(), MAX_NAME)),
        contact_email: body
            .contact_email
            .map(|v| errors.email("contact_email", v.as_deref())),
        planned_start: body.planned_start,
        planned_end: body.planned_end,
        priority: body.priority,
        weight: weight(errors, body.weight),
        budget_planned_cents: body
            .budget_planned_cents
            .map(|v| cents(errors, "budget_planned_cents", v)),
        budget_spent_cents: body
            .budget_spent_cents
            .map(|v| cents(errors, "budget_spent_cents", v)),
        visibility: body.visibility,
        dependency_ids: body.dependency_ids,
        archived: body.archived,
        progress: percent(errors, "progress", body.progress),
        status_id: body.status_id,
        milestones: body.milestones.map(|items| milestones(errors, items, true)),
        actual_start: body.actual_start,
        actual_end: body.actual_end,
        narrative: body
            .narrative
            .map(|v| errors.long_text("narrative", &v, MAX_TEXT)),
    }
}

/// Ends validation: on invalid fields, adds the request's unknown references as well, so
/// one response names every bad field.
async fn finish(
    errors: Errors,
    state: &AppState,
    measure_id: Option<i32>,
    refs: References<'_>,
) -> Result<(), ApiError> {
    let mut fields = match errors.finish() {
        Ok(()) => return Ok(()),
        Err(ApiError::Validation(fields)) => fields,
        Err(other) => return Err(other),
    };
    for p in measures::reference_problems(&state.db, measure_id, refs).await? {
        fields.push(FieldError::new(p.field, p.code, p.message));
    }
    Err(ApiError::Validation(fields))
}

/// The measure's access data if `user` may see it; hidden measures are not found.
async fn visible_access(
    user: &CurrentUser,
    state: &AppState,
    id: i32,
) -> Result<measures::MeasureAccess, ApiError> {
    let access = measures::access(&state.db, id).await?;
    if !user.can_view_measure(&access.scope()) {
        return Err(ApiError::NotFound);
    }
    Ok(access)
}

/// A change prepared against a version other than the current one is refused before the
/// store is asked, so the authorization above was decided on the state being changed.
fn expect_version(access: &measures::MeasureAccess, if_match: IfMatch) -> Result<(), ApiError> {
    if access.version != if_match.0 {
        return Err(ApiError::PreconditionFailed {
            current_version: access.version,
        });
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Handlers
// ---------------------------------------------------------------------------------------

/// The measures the user may see, filtered, sorted and paged, each with its traffic light.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    params(MeasureListQuery),
    responses(
        (status = 200, body = Page<MeasureSummary>),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/measures")]
pub async fn list_measures(
    user: CurrentUser,
    state: web::Data<AppState>,
    query: web::Query<MeasureListQuery>,
) -> Result<web::Json<Page<MeasureSummary>>, ApiError> {
    let query = query.into_inner();
    let page = page_request(query.page, query.per_page)?;
    let sort = match query.sort.as_deref() {
        None => MeasureSort::default(),
        Some(value) => MeasureSort::parse(value).ok_or_else(|| {
            ApiError::field(
                "sort",
                "invalid",
                &format!(
                    "must be one of {}, optionally prefixed with -",
                    MeasureSort::KEYS.join(", ")
                ),
            )
        })?,
    };
    if query
        .q
        .as_deref()
        .is_some_and(|q| q.chars().count() > MAX_QUERY)
    {
        return Err(ApiError::field(
            "q",
            "too_long",
            "must be at most 200 characters",
        ));
    }
    let filter = MeasureFilter {
        department_id: query.department_id,
        goal_id: query.goal_id,
        status_id: query.status_id,
        light: query.light,
        visibility: query.visibility,
        q: query.q,
        include_archived: query.include_archived.unwrap_or(false),
    };
    let found = measures::list(
        &state.db,
        &filter,
        sort,
        page,
        &state.light_rules,
        |scope| user.can_view_measure(scope),
    )
    .await?;
    Ok(web::Json(found))
}

/// One measure with milestones, dependencies and traffic light.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    responses(
        (status = 200, body = MeasureDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/measures/{id}")]
pub async fn get_measure(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let measure = state.measure_cache.get(&state, id.into_inner()).await?;
    if !user.can_view_measure(&measure.scope()) {
        return Err(ApiError::NotFound);
    }
    Ok(ok_with_etag(measure.version)
        .content_type(ContentType::json())
        .body(measure.body))
}

/// Create a measure (officer, admin).
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    request_body = CreateMeasureRequest,
    responses(
        (status = 201, body = MeasureDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/measures")]
pub async fn create_measure(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateMeasureRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    let new = parse_new(body.into_inner(), &mut errors);
    finish(errors, &state, None, new.references()).await?;
    let created = measures::create(&state.db, new, &user.actor(), &state.light_rules).await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change a measure. Requires `If-Match`. Editors of the measure's departments may send
/// execution fields only.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    request_body = UpdateMeasureRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = MeasureDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/measures/{id}")]
pub async fn update_measure(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<UpdateMeasureRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let mut errors = Errors::default();
    let changes = parse_changes(body.into_inner(), &mut errors);
    let access = visible_access(&user, &state, id).await?;
    let allowed = if changes.touches_structure() {
        user.can_manage_structure()
    } else {
        user.can_update_measure_execution(&access.scope())
    };
    if !allowed {
        return Err(ApiError::Forbidden);
    }
    finish(errors, &state, Some(id), changes.references()).await?;
    expect_version(&access, if_match)?;
    let updated = measures::update(
        &state.db,
        id,
        if_match.0,
        changes,
        &user.actor(),
        &state.light_rules,
    )
    .await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Archive a measure (officer, admin). Measures are never deleted. Requires `If-Match`.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the version being archived")),
    responses(
        (status = 204, description = "Archived"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/measures/{id}")]
pub async fn archive_measure(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible_access(&user, &state, id).await?;
    if !user.can_manage_structure() {
        return Err(ApiError::Forbidden);
    }
    measures::archive(&state.db, id, if_match.0, &user.actor(), &state.light_rules).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The status updates of a measure, newest first.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<StatusUpdateView>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/measures/{id}/updates")]
pub async fn list_status_updates(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<web::Json<Vec<StatusUpdateView>>, ApiError> {
    let id = id.into_inner();
    visible_access(&user, &state, id).await?;
    Ok(web::Json(measures::list_updates(&state.db, id).await?))
}

/// Report a status update (Sachstand). Its progress and status become the measure's,
/// unless it reports on an earlier day than the measure's latest update (then it is only
/// history). Requires the measure's `If-Match`; answers the update and the measure's new
/// ETag.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    request_body = CreateStatusUpdateRequest,
    params(("If-Match" = String, Header, description = "ETag of the measure")),
    responses(
        (status = 201, body = StatusUpdateView, headers(("ETag" = String, description = "The measure's new ETag"))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/measures/{id}/updates")]
pub async fn create_status_update(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<CreateStatusUpdateRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let access = visible_access(&user, &state, id).await?;
    if !user.can_update_measure_execution(&access.scope()) {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let today = store::today();
    let reporting_date = body.reporting_date.unwrap_or(today);
    if reporting_date > today {
        errors.add("reporting_date", "in_future", "must not be in the future");
    }
    let new = NewStatusUpdate {
        reporting_date,
        narrative: errors.text("narrative", &body.narrative, MAX_TEXT),
        progress: percent(&mut errors, "progress", Some(body.progress)).unwrap_or_default(),
        status_id: body.status_id,
    };
    let refs = References {
        status_id: Some(new.status_id),
        ..Default::default()
    };
    finish(errors, &state, Some(id), refs).await?;
    expect_version(&access, if_match)?;
    let recorded = measures::add_status_update(
        &state.db,
        id,
        if_match.0,
        new,
        &user.actor(),
        &state.light_rules,
    )
    .await?;
    Ok(created_with_etag(recorded.measure_version).json(recorded.update))
}

/// Override the traffic light with a written reason (officer). Requires `If-Match`.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    request_body = TrafficLightOverrideRequest,
    params(("If-Match" = String, Header, description = "ETag of the measure")),
    responses(
        (status = 200, body = MeasureDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/measures/{id}/traffic-light-override")]
pub async fn set_traffic_light_override(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<TrafficLightOverrideRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible_access(&user, &state, id).await?;
    if !user.can_override_traffic_light() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    if body.light == TrafficLight::Pending {
        errors.add("light", "invalid", "must be green, yellow or red");
    }
    let reason = errors.text("reason", &body.reason, MAX_REASON);
    if !reason.is_empty() && reason.chars().count() < MIN_REASON {
        errors.add(
            "reason",
            "too_short",
            format!("must be at least {MIN_REASON} characters"),
        );
    }
    errors.finish()?;
    let updated = measures::set_override(
        &state.db,
        id,
        if_match.0,
        Some((body.light, reason)),
        &user.actor(),
        &state.light_rules,
    )
    .await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Remove the traffic-light override (officer). Requires `If-Match`.
#[utoipa::path(
    tag = "measures",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the measure")),
    responses(
        (status = 200, body = MeasureDetail, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/measures/{id}/traffic-light-override")]
pub async fn remove_traffic_light_override(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    visible_access(&user, &state, id).await?;
    if !user.can_override_traffic_light() {
        return Err(ApiError::Forbidden);
    }
    let updated = measures::set_override(
        &state.db,
        id,
        if_match.0,
        None,
        &user.actor(),
        &state.light_rules,
    )
    .await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn fields(errors: Errors) -> Vec<String> {
        match errors.finish() {
            Ok(()) => Vec::new(),
            Err(ApiError::Validation(list)) => list.into_iter().map(|e| e.field).collect(),
            Err(other) => panic!("unexpected error {other}"),
        }
    }

    fn create_body(json: serde_json::Value) -> CreateMeasureRequest {
        serde_json::from_value(json).expect("valid test body")
    }

    #[test]
    fn a_new_measure_names_every_invalid_field() {
        let body = create_body(serde_json::json!({
            "code": "x".repeat(31),
            "title": " ",
            "goal_ids": [],
            "progress": 101,
            "weight": 1001,
            "budget_planned_cents": -1,
            "planned_start": "2026-02-01",
            "planned_end": "2026-01-01",
            "milestones": [{"title": "", "due": "2026-01-01"}],
        }));
        let mut errors = Errors::default();
        parse_new(body, &mut errors);
        let mut found = fields(errors);
        found.sort();
        assert_eq!(
            found,
            vec![
                "budget_planned_cents",
                "code",
                "goal_ids",
                "lead_department_id",
                "milestones[0].title",
                "planned_end",
                "progress",
                "status_id",
                "title",
                "weight",
            ]
        );
    }

    #[test]
    fn a_new_measure_gets_defaults() {
        let body = create_body(serde_json::json!({
            "code": " M 1 ", "title": "T", "goal_ids": [1], "lead_department_id": 2, "status_id": 3,
        }));
        let mut errors = Errors::default();
        let new = parse_new(body, &mut errors);
        assert!(fields(errors).is_empty());
        assert_eq!(new.code, "M 1");
        assert_eq!(new.weight, 1);
        assert_eq!(new.priority, Priority::Medium);
        assert_eq!(new.visibility, Visibility::Internal);
        assert_eq!(new.progress, None);
    }

    #[test]
    fn patch_distinguishes_null_from_absent_and_execution_from_structure() {
        let body: UpdateMeasureRequest = serde_json::from_value(serde_json::json!({
            "progress": 50,
            "actual_start": null,
            "milestones": [{"id": 4, "title": "Go-live", "due": "2026-06-30"}],
        }))
        .expect("valid test body");
        let mut errors = Errors::default();
        let changes = parse_changes(body, &mut errors);
        assert!(fields(errors).is_empty());
        assert!(!changes.touches_structure());
        assert_eq!(changes.actual_start, Some(None));
        assert_eq!(changes.actual_end, None);
        assert_eq!(
            changes.milestones,
            Some(vec![MilestoneInput {
                id: Some(4),
                title: "Go-live".into(),
                due: date(2026, 6, 30),
                done: None,
            }])
        );

        let body: UpdateMeasureRequest =
            serde_json::from_value(serde_json::json!({"planned_end": null}))
                .expect("valid test body");
        let mut errors = Errors::default();
        assert!(parse_changes(body, &mut errors).touches_structure());
    }

    #[test]
    fn milestone_ids_are_refused_on_create() {
        let mut errors = Errors::default();
        milestones(
            &mut errors,
            vec![MilestoneRequest {
                id: Some(1),
                title: "A".into(),
                due: date(2026, 1, 1),
                done: None,
            }],
            false,
        );
        assert_eq!(fields(errors), vec!["milestones[0].id"]);
    }
}
