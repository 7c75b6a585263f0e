//! Wiring: database, migrations, shared state, middleware and routes. Tests build the
//! exact production application through [`Application::build`] on port 0.

use std::net::TcpListener;
use std::sync::Arc;

use actix_cors::Cors;
use actix_web::dev::Server;
use actix_web::middleware::{DefaultHeaders, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context;
use tracing_actix_web::TracingLogger;
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Settings;
use crate::domain::traffic_light::LightRules;
use crate::http::dashboard::DashboardCache;
use crate::http::load_shed::{RequestSlots, shed_load};
use crate::http::routes::{ApiDoc, api_routes, health_routes};
use crate::http::{AppState, auth::JwtKeys, error, throttle::LoginThrottle};
use crate::store;
use crate::store::principal_cache::PrincipalCache;

/// Largest JSON body accepted.
const JSON_LIMIT_BYTES: usize = 512 * 1024;

/// Content-Security-Policy of every response: nothing from other origins, no inline
/// scripts, no framing.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; \
    style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; \
    connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
    frame-ancestors 'none'";

/// A built, bound, not yet running server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
    /// One server per SQLite database (see `store::lock_sqlite_for_server`).
    server_lock: Option<store::ServerLock>,
}

impl Application {
    /// Connects to the database, migrates it and binds the listener.
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let server_lock = store::lock_sqlite_for_server(&settings.database_url)?;
        let db = store::connect(&settings.database_url, settings.database_max_connections)
            .await
            .with_context(|| format!("cannot open database {}", settings.database_url))?;
        store::migrate(&db).await.context("migration failed")?;
        let mut app = Self::build_with_db(settings, db).await?;
        app.server_lock = server_lock;
        Ok(app)
    }

    /// Builds on an already connected and migrated database; the caller holds the
    /// database's server lock (`store::lock_sqlite_for_server`) for as long as it serves.
    pub async fn build_with_db(settings: Settings, db: store::Db) -> anyhow::Result<Self> {
        // The single strategy row and the default statuses; both idempotent, run at every start.
        store::statuses::ensure_defaults(&db)
            .await
            .context("cannot create the default statuses")?;
        store::strategy::ensure_exists(&db)
            .await
            .context("cannot create the strategy")?;
        store::maturity::ensure_default_model(&db)
            .await
            .context("cannot create the default maturity model")?;
        let listener = TcpListener::bind(&settings.listen)
            .with_context(|| format!("cannot listen on {}", settings.listen))?;
        let port = listener.local_addr()?.port();
        let state = AppState {
            db,
            jwt: Arc::new(JwtKeys::new(&settings.jwt_secret)),
            login_throttle: Arc::new(LoginThrottle::default()),
            light_rules: LightRules::default(),
            principals: Arc::new(PrincipalCache::new(std::time::Duration::from_secs(
                settings.session_cache_seconds,
            ))),
            measure_cache: Arc::default(),
            report_contents: Arc::default(),
            settings: Arc::new(settings),
        };
        // An unusable mail configuration stops the start, instead of failing at every reminder.
        crate::mail::Mailer::from_settings(&state.settings.mail)
            .context("invalid mail settings")?;
        crate::reminders::spawn_scheduler(state.db.clone(), state.settings.clone());
        let server = run(listener, state.clone())?;
        Ok(Self {
            port,
            server,
            state,
            server_lock: None,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let _held_until_stopped = self.server_lock;
        self.server.await
    }
}

fn cors(origins: &[String]) -> Cors {
    let mut cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE"])
        .allowed_headers(["authorization", "content-type", "if-match", "if-none-match"])
        .expose_headers(["etag", "retry-after"])
        .supports_credentials()
        .max_age(3600);
    for origin in origins {
        cors = cors.allowed_origin(origin);
    }
    cors
}

fn run(listener: TcpListener, state: AppState) -> anyhow::Result<Server> {
    let request_slots = web::Data::new(RequestSlots::new(state.settings.max_requests_in_flight));
    let dashboard_cache = web::Data::new(DashboardCache::default());
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let origins = data.settings.cors_allowed_origins.clone();
        let (app, spec) = App::new()
            .into_utoipa_app()
            .openapi(<ApiDoc as utoipa::OpenApi>::openapi())
            .app_data(data.clone())
            .app_data(request_slots.clone())
            .app_data(dashboard_cache.clone())
            .app_data(
                web::JsonConfig::default()
                    .limit(JSON_LIMIT_BYTES)
                    .error_handler(|err, _req| error::json_error(err)),
            )
            .app_data(web::QueryConfig::default().error_handler(error::query_error))
            .app_data(web::PathConfig::default().error_handler(error::path_error))
            .configure(health_routes)
            .configure(api_routes)
            .split_for_parts();
        let spec = crate::http::routes::complete(spec);
        let known_routes = web::Data::new(crate::http::known_routes::KnownRoutes::from_spec(&spec));
        app.app_data(known_routes)
            .service(SwaggerUi::new("/api/docs/{_:.*}").url("/api/openapi.json", spec))
            .service(web::redirect("/api/docs", "/api/docs/"))
            // The web app at `/`; API and health paths keep their JSON 404 (see http::spa).
            .default_service(web::to(crate::http::spa::serve))
            .wrap(cors(&origins))
            .wrap(
                DefaultHeaders::new()
                    .add(("X-Content-Type-Options", "nosniff"))
                    .add(("Referrer-Policy", "no-referrer"))
                    .add(("X-Frame-Options", "DENY"))
                    .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY)),
            )
            // Outermost, so a shed request costs almost nothing (it logs its own warning).
            .wrap(TracingLogger::default())
            .wrap(from_fn(shed_load))
    })
    .listen(listener)?
    .run();
    Ok(server)
}
