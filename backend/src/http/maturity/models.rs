//! `/api/v1/maturity/models`: maturity model versions. Everyone signed in reads; officer and
//! admin create, edit, version, import and delete. A version used by an assessment round is
//! frozen: `PATCH` and `DELETE` answer `409` (`field: frozen`); `POST …/{id}/versions`
//! creates the next version from it instead.

use actix_web::http::header;
use actix_web::{HttpResponse, delete, get, patch, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

use super::super::AppState;
use super::super::auth::CurrentUser;
use super::super::error::{ApiError, Problem};
use super::super::etag::{IfMatch, created_with_etag, ok_with_etag};
use super::super::validate::Errors;
use super::add_issues;
use crate::domain::maturity::{
    AggregationRule, Dimension, LevelScale, ModelDefinition, ModelDocument, is_valid_code, slug,
};
use crate::http::json::JsonBody;
use crate::store::maturity::models::{self, ModelContent, ModelSummary, ModelView};

/// A new maturity model (its version 1).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateModelRequest {
    /// Stable key shared by all versions (a-z, 0-9, `_`, `-`); derived from the name when
    /// absent.
    #[schema(max_length = 40)]
    pub key: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
    pub aggregation_rule: AggregationRule,
    pub levels: LevelScale,
    /// The dimensions in order.
    pub dimensions: Vec<Dimension>,
}

/// Changes to a model version (`PATCH`), or the edits that make a new version
/// (`POST …/versions`). Absent fields stay as they are; `levels` and `dimensions` replace
/// the whole list.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ModelChangesRequest {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(max_length = 4000)]
    pub description: Option<String>,
    pub aggregation_rule: Option<AggregationRule>,
    pub levels: Option<LevelScale>,
    pub dimensions: Option<Vec<Dimension>>,
}

/// Validates a model's content; every invalid field is named.
fn validated(
    errors: &mut Errors,
    name: &str,
    description: &str,
    aggregation_rule: AggregationRule,
    definition: ModelDefinition,
) -> ModelContent {
    let name = errors.text("name", name, 200);
    let description = errors.long_text("description", description, 4000);
    add_issues(errors, definition.validate(), "");
    ModelContent {
        name,
        description,
        aggregation_rule,
        definition,
    }
}

/// Applies `changes` to `base` and validates the result.
fn merged(base: ModelContent, changes: ModelChangesRequest) -> Result<ModelContent, ApiError> {
    let mut errors = Errors::default();
    let content = validated(
        &mut errors,
        changes.name.as_deref().unwrap_or(&base.name),
        changes.description.as_deref().unwrap_or(&base.description),
        changes.aggregation_rule.unwrap_or(base.aggregation_rule),
        ModelDefinition {
            levels: changes.levels.unwrap_or(base.definition.levels),
            dimensions: changes.dimensions.unwrap_or(base.definition.dimensions),
        },
    );
    errors.finish()?;
    Ok(content)
}

/// All model versions (a summary each), by key and version.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = Vec<ModelSummary>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/models")]
pub async fn list_maturity_models(
    _user: CurrentUser,
    state: web::Data<AppState>,
) -> Result<web::Json<Vec<ModelSummary>>, ApiError> {
    Ok(web::Json(models::list(&state.db).await?))
}

/// One model version with its scale, dimensions, level descriptors and questions.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ModelView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/models/{id}")]
pub async fn get_maturity_model(
    _user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let model = models::get(&state.db, id.into_inner()).await?;
    Ok(ok_with_etag(model.version).json(model))
}

/// Create a new maturity model, version 1 (officer, admin). A model with the same key is a
/// conflict: use `POST …/{id}/versions` for a new version.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = CreateModelRequest,
    responses(
        (status = 201, body = ModelView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/models")]
pub async fn create_maturity_model(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<CreateModelRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let body = body.into_inner();
    let mut errors = Errors::default();
    let key = match body.key.as_deref().map(str::trim) {
        Some(key) => {
            if !is_valid_code(key) {
                errors.add(
                    "key",
                    "invalid",
                    "must be at most 40 characters of a-z, 0-9, '_' and '-', starting with a \
                     letter",
                );
            }
            key.to_owned()
        }
        None => slug(&body.name),
    };
    let content = validated(
        &mut errors,
        &body.name,
        &body.description,
        body.aggregation_rule,
        ModelDefinition {
            levels: body.levels,
            dimensions: body.dimensions,
        },
    );
    errors.finish()?;
    let created = models::create(&state.db, &key, content, &user.actor()).await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Change a model version that no round uses yet (officer, admin). Requires `If-Match`. A
/// frozen version answers `409` with `field: frozen`: create a new version instead.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = ModelChangesRequest,
    params(("If-Match" = String, Header, description = "ETag of the version being changed")),
    responses(
        (status = 200, body = ModelView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 412, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
        (status = 428, body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/maturity/models/{id}")]
pub async fn update_maturity_model(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
    body: JsonBody<ModelChangesRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let id = id.into_inner();
    let current = models::get(&state.db, id).await?;
    if current.frozen {
        // Answered before validation, so the reason is clear whatever the body says.
        return Err(models::frozen_conflict(id).into());
    }
    let content = merged(current.content(), body.into_inner())?;
    let updated = models::update(&state.db, id, if_match.0, content, &user.actor()).await?;
    Ok(ok_with_etag(updated.version).json(updated))
}

/// Create the next version of a model from this version plus the given edits (officer,
/// admin). The base version stays unchanged (rounds that use it keep it). An empty body
/// copies the version as it is.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = ModelChangesRequest,
    responses(
        (status = 201, body = ModelView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/models/{id}/versions")]
pub async fn create_maturity_model_version(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    body: JsonBody<ModelChangesRequest>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let id = id.into_inner();
    let base = models::get(&state.db, id).await?;
    let content = merged(base.content(), body.into_inner())?;
    let created = models::create_version(&state.db, id, content, &user.actor()).await?;
    Ok(created_with_etag(created.version).json(created))
}

/// Delete a model version that no round uses (officer, admin). Requires `If-Match`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    params(("If-Match" = String, Header, description = "ETag of the version being deleted")),
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
#[delete("/maturity/models/{id}")]
pub async fn delete_maturity_model(
    user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    models::delete(&state.db, id.into_inner(), if_match.0, &user.actor()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Export a model version as a shareable JSON document (format `kurs-maturity-model`),
/// the input of `POST /maturity/models/import`.
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    responses(
        (status = 200, body = ModelDocument),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/maturity/models/{id}/export")]
pub async fn export_maturity_model(
    _user: CurrentUser,
    state: web::Data<AppState>,
    id: web::Path<i32>,
) -> Result<HttpResponse, ApiError> {
    let model = models::get(&state.db, id.into_inner()).await?;
    let filename = format!("{}-v{}.json", model.key, model.model_version);
    Ok(HttpResponse::Ok()
        .insert_header((
            header::CONTENT_DISPOSITION,
            format!("attachment; filename=\"{filename}\""),
        ))
        .json(model.export()))
}

/// Import a model document (officer, admin). It becomes the next version of the model with
/// the document's key, or version 1 of a new model. Every invalid field is named (`422`).
#[utoipa::path(
    tag = "maturity",
    security(("bearer" = [])),
    request_body = ModelDocument,
    responses(
        (status = 201, body = ModelView, headers(("ETag" = String))),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/maturity/models/import")]
pub async fn import_maturity_model(
    user: CurrentUser,
    state: web::Data<AppState>,
    body: JsonBody<ModelDocument>,
) -> Result<HttpResponse, ApiError> {
    if !user.can_manage_maturity() {
        return Err(ApiError::Forbidden);
    }
    let document = body.into_inner();
    let mut errors = Errors::default();
    add_issues(&mut errors, document.validate(), "");
    errors.finish()?;
    let created = models::import(&state.db, document, &user.actor()).await?;
    Ok(created_with_etag(created.version).json(created))
}
