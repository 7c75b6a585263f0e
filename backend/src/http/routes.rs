//! The whole URL table, and the OpenAPI document generated from the same registrations
//! (utoipa-actix-web collects each handler's `#[utoipa::path]` as it is mounted, so the
//! spec cannot drift from the routes).

use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use super::maturity;
use super::measures;
use super::measures_io;
use super::reporting;
use super::reports;
use super::{audit, departments, health, session, users};
use super::{dashboard, goals, public, statuses, strategy};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kurs API",
        description = "Roadmap and maturity tracker for a municipality's digitalization strategy. \
            Errors are RFC 9457 problem documents; changes need If-Match with the ETag last read.",
        license(name = "EUPL-1.2")
    ),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in, sessions"),
        (name = "departments", description = "Fachbereiche und Abteilungen"),
        (name = "strategy", description = "The strategy (Digitalisierungsstrategie) and the council resolution adopting it"),
        (name = "goals", description = "Handlungsfelder und Ziele (goal tree)"),
        (name = "statuses", description = "Configurable measure statuses"),
        (name = "measures", description = "Maßnahmen, their status updates (Sachstand) and traffic-light overrides"),
        (name = "maturity", description = "Reifegrad: maturity models, assessment rounds (Ist/Soll), results, gaps linked to measures, findings of the Ist-Analyse"),
        (name = "dashboard", description = "Roll-ups with their formulas and inputs; measures needing attention"),
        (name = "reporting", description = "Berichtsrunden: reporting rounds for council meetings, the departments' answers (draft, submit, return, approve), reminders and in-app notifications"),
        (name = "reports", description = "Frozen reports (Sachstandsberichte): freeze a reporting round, read, changes since the previous report, withdraw, exports"),
        (name = "public", description = "Anonymous transparency data: published measures only, no sign-in"),
        (name = "users", description = "Accounts and roles"),
        (name = "audit", description = "Audit log"),
        (name = "health", description = "Liveness and readiness"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Health endpoints at the root.
pub fn health_routes(cfg: &mut ServiceConfig) {
    cfg.service(health::healthz).service(health::readyz);
}

/// Everything under `/api/v1`.
pub fn api_routes(cfg: &mut ServiceConfig) {
    cfg.service(
        scope::scope("/api/v1")
            .service(session::login)
            .service(session::refresh)
            .service(session::logout)
            .service(session::me)
            .service(departments::list_departments)
            .service(departments::create_department)
            .service(departments::get_department)
            .service(departments::update_department)
            .service(departments::delete_department)
            .service(users::list_users)
            .service(users::create_user)
            .service(users::get_user)
            .service(users::update_user)
            .service(audit::list_audit)
            .service(strategy::get_strategy)
            .service(strategy::update_strategy)
            .service(goals::list_goals)
            .service(goals::create_goal)
            .service(goals::get_goal)
            .service(goals::update_goal)
            .service(goals::delete_goal)
            .service(statuses::list_statuses)
            .service(statuses::create_status)
            .service(statuses::get_status)
            .service(statuses::update_status)
            .service(statuses::delete_status)
            .service(measures::list_measures)
            .service(measures::create_measure)
            // Literal paths before /measures/{id}.
            .service(measures_io::export_measures)
            .service(measures_io::import_measures)
            .service(measures::get_measure)
            .service(measures::update_measure)
            .service(measures::archive_measure)
            .service(measures::list_status_updates)
            .service(measures::create_status_update)
            .service(measures::set_traffic_light_override)
            .service(measures::remove_traffic_light_override)
            .service(dashboard::get_dashboard)
            .service(dashboard::explain_strategy_rollup)
            .service(dashboard::explain_goal_rollup)
            .service(dashboard::explain_department_rollup)
            .service(maturity::models::list_maturity_models)
            .service(maturity::models::create_maturity_model)
            .service(maturity::models::import_maturity_model)
            .service(maturity::models::get_maturity_model)
            .service(maturity::models::update_maturity_model)
            .service(maturity::models::delete_maturity_model)
            .service(maturity::models::create_maturity_model_version)
            .service(maturity::models::export_maturity_model)
            .service(maturity::rounds::list_maturity_rounds)
            .service(maturity::rounds::create_maturity_round)
            .service(maturity::rounds::get_maturity_round)
            .service(maturity::rounds::update_maturity_round)
            .service(maturity::rounds::delete_maturity_round)
            .service(maturity::rounds::submit_maturity_round)
            .service(maturity::rounds::approve_maturity_round)
            .service(maturity::rounds::reopen_maturity_round)
            .service(maturity::assessments::list_maturity_assessments)
            .service(maturity::assessments::put_maturity_assessment)
            .service(maturity::assessments::get_maturity_assessment)
            .service(maturity::assessments::delete_maturity_assessment)
            .service(maturity::results::get_maturity_results)
            .service(maturity::results::get_maturity_heatmap)
            .service(maturity::results::get_maturity_trend)
            .service(maturity::results::list_maturity_gaps)
            .service(maturity::findings::list_maturity_findings)
            .service(maturity::findings::create_maturity_finding)
            .service(maturity::findings::get_maturity_finding)
            .service(maturity::findings::update_maturity_finding)
            .service(maturity::findings::delete_maturity_finding)
            .service(maturity::targets::get_measure_maturity_targets)
            .service(maturity::targets::put_measure_maturity_targets)
            .service(reporting::rounds::list_reporting_rounds)
            .service(reporting::rounds::create_reporting_round)
            .service(reporting::rounds::get_reporting_round)
            .service(reporting::rounds::update_reporting_round)
            .service(reporting::rounds::delete_reporting_round)
            .service(reporting::rounds::send_reporting_reminders)
            .service(reporting::items::list_reporting_items)
            .service(reporting::items::get_reporting_item)
            .service(reporting::items::save_reporting_draft)
            .service(reporting::items::submit_reporting_item)
            .service(reporting::items::return_reporting_item)
            .service(reporting::items::approve_reporting_item)
            .service(reporting::notifications::list_notifications)
            .service(reporting::notifications::mark_all_notifications_read)
            .service(reporting::notifications::mark_notification_read)
            .service(reports::freeze_reporting_round)
            .service(reports::list_reports)
            .service(reports::get_report)
            .service(reports::get_report_changes)
            .service(reports::withdraw_report)
            .service(reports::export_report)
            .service(public::public_measures)
            .service(public::public_dashboard)
            .service(public::public_reports)
            .service(public::public_report)
            .service(public::public_report_pdf),
    );
}

/// The OpenAPI document, built from the route registrations without starting a server.
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa_actix_web::AppExt;
    let (_, spec) = actix_web::App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(health_routes)
        .configure(api_routes)
        .split_for_parts();
    complete(spec)
}

/// Documents what every operation shares, after the routes have been collected: a `400`
/// problem for every operation that reads a path, query, header or body (malformed input is
/// refused before any handler runs), and the ETag form `If-Match` accepts.
pub fn complete(mut spec: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    use utoipa::openapi::path::Operation;
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder, schema};

    let bad_request = ResponseBuilder::new()
        .description("The request cannot be read: malformed path, query, header or JSON")
        .content(
            "application/problem+json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("Problem")))
                .build(),
        )
        .build();
    let if_match_schema = schema::ObjectBuilder::new()
        .schema_type(schema::Type::String)
        .pattern(Some(IF_MATCH_PATTERN))
        .build();

    let complete_operation = |operation: &mut Operation, templated_path: bool| {
        let parameters = operation.parameters.get_or_insert_with(Vec::new);
        for parameter in parameters.iter_mut() {
            if let utoipa::openapi::RefOr::T(parameter) = parameter
                && parameter.name == "If-Match"
            {
                parameter.schema = Some(if_match_schema.clone().into());
            }
        }
        let reads_input =
            templated_path || operation.request_body.is_some() || !parameters.is_empty();
        if parameters.is_empty() {
            operation.parameters = None;
        }
        if reads_input && !operation.responses.responses.contains_key("400") {
            operation
                .responses
                .responses
                .insert("400".into(), bad_request.clone().into());
        }
    };
    for (path, item) in spec.paths.paths.iter_mut() {
        let templated = path.contains('{');
        for operation in [
            item.get.as_mut(),
            item.post.as_mut(),
            item.put.as_mut(),
            item.patch.as_mut(),
            item.delete.as_mut(),
        ]
        .into_iter()
        .flatten()
        {
            complete_operation(operation, templated);
        }
    }
    spec
}

/// The `If-Match` values Kurs accepts: an ETag it issued, optionally weak.
pub const IF_MATCH_PATTERN: &str = r#"^(W/)?"v[0-9]+"$"#;
