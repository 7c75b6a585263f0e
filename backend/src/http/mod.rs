//! The HTTP layer: the only module that imports actix-web. `routes.rs` is the whole URL
//! table; each resource file holds its handlers with their request/response types; `auth.rs`
//! turns a bearer token into a [`auth::CurrentUser`] parameter, so every handler shows its
//! authentication in its signature, and calls one policy function of
//! [`crate::domain::access::Principal`] to decide authorization.

pub mod audit;
pub mod auth;
pub mod dashboard;
pub mod departments;
pub mod error;
pub mod etag;
pub mod goals;
pub mod health;
pub mod json;
pub mod known_routes;
pub mod load_shed;
pub mod maturity;
pub mod measure_cache;
pub mod measures;
pub mod measures_io;
pub mod public;
pub mod reporting;
pub mod reports;
pub mod routes;
pub mod session;
pub mod spa;
pub mod statuses;
pub mod strategy;
pub mod throttle;
pub mod users;
pub mod validate;

use std::sync::Arc;

use crate::config::Settings;
use crate::domain::traffic_light::LightRules;
use crate::store::Db;
use crate::store::principal_cache::PrincipalCache;

/// Shared state of all handlers.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub jwt: Arc<auth::JwtKeys>,
    pub login_throttle: Arc<throttle::LoginThrottle>,
    pub light_rules: LightRules,
    /// Who a session belongs to, reused for `session_cache_seconds`.
    pub principals: Arc<PrincipalCache>,
    /// `GET /measures/{id}` answers of the current data version.
    pub measure_cache: Arc<measure_cache::MeasureCache>,
    /// The stored content of recently read frozen reports, shared by their responses.
    pub report_contents: Arc<reports::content_cache::ReportContentCache>,
}
