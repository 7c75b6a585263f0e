//! Black-box test harness for the Kurs API.
//!
//! [`TestApp::spawn`] starts the exact production application
//! (`kurs::startup::Application::build`, real migrations, real middleware) on port 0 against
//! a fresh database: a SQLite file in a temporary directory, or, with
//! `KURS_TEST_DB=postgres`, a new database `test_<uuid>` on the server named by
//! `KURS_TEST_POSTGRES_URL`, dropped again when the [`TestApp`] is dropped. The same tests
//! therefore run unchanged on both backends.
//!
//! Seeding goes through the store directly (fast, no HTTP, one password hash per process);
//! everything under test goes through HTTP with the small JSON client [`Api`], whose
//! [`ApiResponse`] keeps status, headers and the parsed body together for assertions.

use std::collections::HashMap;
use std::ops::Deref;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use base64::Engine;
use kurs::config::{DatabaseUrl, LogFormat, Secret, Settings};
use kurs::domain::access::Role;
use kurs::startup::Application;
use kurs::store::{self, Actor};
use reqwest::Method;
use reqwest::cookie::{CookieStore, Jar};
use reqwest::header::{self, HeaderMap};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};
use tempfile::TempDir;

/// The password of every seeded account (long enough for the 12-character rule).
pub const PASSWORD: &str = "correct horse battery staple";

/// The JWT secret of every test application (tests forge tokens with it and against it).
pub const JWT_SECRET: &str = "kurs-api-tests-jwt-secret-0123456789-abcdefghij";

/// Name of the refresh-token cookie.
pub const REFRESH_COOKIE: &str = "kurs_refresh";

/// The database backend the suite runs against, chosen by `KURS_TEST_DB`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// `KURS_TEST_DB`: unset or `sqlite` → SQLite, `postgres` → PostgreSQL.
    pub fn from_env() -> Self {
        match std::env::var("KURS_TEST_DB").as_deref() {
            Err(_) | Ok("") | Ok("sqlite") => Self::Sqlite,
            Ok("postgres") | Ok("postgresql") | Ok("pg") => Self::Postgres,
            Ok(other) => panic!("KURS_TEST_DB must be 'sqlite' or 'postgres', not '{other}'"),
        }
    }
}

fn postgres_admin_url() -> String {
    match std::env::var("KURS_TEST_POSTGRES_URL") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => panic!(
            "KURS_TEST_DB=postgres needs KURS_TEST_POSTGRES_URL (e.g. \
             postgres://postgres@127.0.0.1:5432/postgres). Run the PostgreSQL leg through \
             `scripts/with-postgres.sh env KURS_TEST_DB=postgres cargo test -p kurs-api-tests`, \
             which starts a throwaway server and sets it."
        ),
    }
}

/// `postgres://u@h:p/postgres?x` with the database name replaced by `name`.
fn with_database_name(admin_url: &str, name: &str) -> String {
    let (base, query) = match admin_url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (admin_url, String::new()),
    };
    let authority_start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[authority_start..].find('/') {
        Some(slash) => &base[..authority_start + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

async fn admin_connection(admin_url: &str) -> Result<DatabaseConnection, sea_orm::DbErr> {
    let mut options = ConnectOptions::new(admin_url.to_owned());
    options
        .max_connections(1)
        .min_connections(0)
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10));
    Database::connect(options).await
}

/// Drops a PostgreSQL test database when it goes out of scope.
#[derive(Debug)]
struct PostgresGuard {
    admin_url: String,
    name: String,
}

impl Drop for PostgresGuard {
    fn drop(&mut self) {
        // Drop cannot await, and it may run inside the test's runtime: do the work on a
        // thread with its own runtime and wait for it. FORCE ends the server's pooled
        // connections, which are still open because the server outlives the TestApp.
        let admin_url = self.admin_url.clone();
        let name = self.name.clone();
        let outcome = std::thread::spawn(move || -> Result<(), String> {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .map_err(|e| e.to_string())?;
            runtime.block_on(async {
                let db = admin_connection(&admin_url)
                    .await
                    .map_err(|e| e.to_string())?;
                db.execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                    .await
                    .map_err(|e| e.to_string())?;
                db.close().await.map_err(|e| e.to_string())
            })
        })
        .join();
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(e)) => eprintln!("warning: could not drop test database {}: {e}", self.name),
            Err(_) => eprintln!("warning: dropping test database {} panicked", self.name),
        }
    }
}

/// A fresh, empty database (not yet migrated) for one test.
#[derive(Debug)]
pub struct TestDatabase {
    pub backend: Backend,
    /// The connection URL of the fresh database.
    pub url: String,
    /// A private directory (SQLite file, JWT secret file, uploads).
    pub dir: TempDir,
    /// Drops the PostgreSQL database with the TestDatabase.
    _postgres: Option<PostgresGuard>,
}

impl TestDatabase {
    /// Creates an empty database on the backend `KURS_TEST_DB` selects.
    pub async fn create() -> Self {
        let backend = Backend::from_env();
        let dir = tempfile::Builder::new()
            .prefix("kurs-test-")
            .tempdir()
            .expect("a temporary directory can be created");
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}/kurs.sqlite?mode=rwc", dir.path().display());
                Self {
                    backend,
                    url,
                    dir,
                    _postgres: None,
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("test_{}", uuid::Uuid::new_v4().simple());
                let admin = admin_connection(&admin_url).await.unwrap_or_else(|e| {
                    panic!("cannot connect to KURS_TEST_POSTGRES_URL={admin_url}: {e}")
                });
                // Concurrent CREATE DATABASE can briefly collide on the template database.
                let mut attempt = 0;
                loop {
                    attempt += 1;
                    match admin
                        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                        .await
                    {
                        Ok(_) => break,
                        Err(e) if attempt < 5 => {
                            eprintln!("CREATE DATABASE {name} failed ({e}), retrying");
                            tokio::time::sleep(Duration::from_millis(200 * attempt)).await;
                        }
                        Err(e) => panic!("CREATE DATABASE {name} failed: {e}"),
                    }
                }
                admin.close().await.ok();
                Self {
                    backend,
                    url: with_database_name(&admin_url, &name),
                    dir,
                    _postgres: Some(PostgresGuard { admin_url, name }),
                }
            }
        }
    }

    /// Connects the way the application does (SQLite pragmas, pool size).
    pub async fn connect(&self) -> DatabaseConnection {
        store::connect(&DatabaseUrl::new(self.url.clone()), 5)
            .await
            .unwrap_or_else(|e| panic!("cannot connect to the test database: {e}"))
    }

    /// The tables in the database (without SQLite's internal ones).
    pub async fn table_names(&self, db: &DatabaseConnection) -> Vec<String> {
        let sql = match self.backend {
            Backend::Sqlite => {
                "SELECT name AS name FROM sqlite_master WHERE type = 'table' \
                 AND name NOT LIKE 'sqlite_%' ORDER BY name"
            }
            Backend::Postgres => {
                "SELECT table_name::text AS name FROM information_schema.tables \
                 WHERE table_schema = 'public' ORDER BY table_name"
            }
        };
        db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .expect("the table list can be read")
            .iter()
            .map(|row| row.try_get::<String>("", "name").expect("a table name"))
            .collect()
    }

    /// The settings a test application runs with.
    pub fn settings(&self) -> Settings {
        Settings {
            database_url: DatabaseUrl::new(self.url.clone()),
            listen: "127.0.0.1:0".into(),
            jwt_secret: Secret::new(JWT_SECRET),
            data_dir: self.dir.path().to_path_buf(),
            cors_allowed_origins: Vec::new(),
            access_token_minutes: 15,
            refresh_token_days: 14,
            secure_cookies: false,
            log_format: LogFormat::Text,
            database_max_connections: 5,
            public_base_url: None,
            // Mail off and no background reminder check: tests trigger reminders explicitly.
            mail: Default::default(),
            reminders: kurs::config::ReminderSettings {
                check_interval_minutes: 0,
                ..Default::default()
            },
            max_requests_in_flight: 64,
            // As in production: the session cache is on, so the tests that disable users or
            // end sessions prove it forgets them at once.
            session_cache_seconds: 5,
        }
    }
}

/// The argon2 hash of [`PASSWORD`], computed once per test process (argon2 is slow on
/// purpose).
pub fn password_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        store::users::hash_password(PASSWORD).expect("the test password can be hashed")
    })
}

/// A running application on a fresh database.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub address: String,
    pub port: u16,
    /// The application's own database pool, for direct state assertions.
    pub db: DatabaseConnection,
    pub backend: Backend,
    /// Dropped last: removes the SQLite directory or drops the PostgreSQL database.
    database: TestDatabase,
}

impl TestApp {
    /// Starts the application on a fresh database of the selected backend.
    pub async fn spawn() -> Self {
        Self::spawn_on(TestDatabase::create().await).await
    }

    /// Starts the application on a fresh database with settings changed by `adjust`
    /// (e.g. mail enabled against a test SMTP sink).
    pub async fn spawn_with(adjust: impl FnOnce(&mut Settings)) -> Self {
        let database = TestDatabase::create().await;
        let mut settings = database.settings();
        adjust(&mut settings);
        Self::spawn_with_settings(database, settings).await
    }

    /// Starts the application on the given database (migrating it first, as production
    /// does).
    pub async fn spawn_on(database: TestDatabase) -> Self {
        let settings = database.settings();
        Self::spawn_with_settings(database, settings).await
    }

    async fn spawn_with_settings(database: TestDatabase, settings: Settings) -> Self {
        let app = Application::build(settings)
            .await
            .unwrap_or_else(|e| panic!("the application does not start: {e:#}"));
        let port = app.port();
        let db = app.state().db.clone();
        tokio::spawn(app.run_until_stopped());
        Self {
            address: format!("http://127.0.0.1:{port}"),
            port,
            db,
            backend: database.backend,
            database,
        }
    }

    /// The standard fixture: departments FB1 and FB2 and one signed-in account per role
    /// (admin, officer, council, editor1 in FB1, editor2 in FB2), all with [`PASSWORD`].
    pub async fn with_roles() -> (Self, Roles) {
        let app = Self::spawn().await;
        let fb1 = app.create_department("FB1", "Fachbereich 1", None).await;
        let fb2 = app.create_department("FB2", "Fachbereich 2", None).await;
        app.create_user("admin", Role::Admin, &[]).await;
        app.create_user("officer", Role::Officer, &[]).await;
        app.create_user("council", Role::Council, &[]).await;
        app.create_user("editor1", Role::Editor, &[fb1]).await;
        app.create_user("editor2", Role::Editor, &[fb2]).await;
        let (admin, officer, council, editor1, editor2) = futures_util::join!(
            app.login("admin", PASSWORD),
            app.login("officer", PASSWORD),
            app.login("council", PASSWORD),
            app.login("editor1", PASSWORD),
            app.login("editor2", PASSWORD),
        );
        let roles = Roles {
            fb1,
            fb2,
            admin,
            officer,
            council,
            editor1,
            editor2,
        };
        (app, roles)
    }

    /// The directory of this test's data (and SQLite file).
    pub fn data_dir(&self) -> PathBuf {
        self.database.dir.path().to_path_buf()
    }

    /// The test database (URL, backend, table listing).
    pub fn database(&self) -> &TestDatabase {
        &self.database
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A client without a token and with its own cookie jar.
    pub fn anonymous(&self) -> Api {
        Api::new(&self.address, None)
    }

    /// Creates a department through the store (audited as the system actor).
    pub async fn create_department(&self, code: &str, name: &str, parent_id: Option<i32>) -> i32 {
        store::departments::create(
            &self.db,
            store::departments::NewDepartment {
                parent_id,
                code: code.into(),
                name: name.into(),
                active: true,
                position: 0,
            },
            &Actor::system("test"),
        )
        .await
        .unwrap_or_else(|e| panic!("seeding department {code} failed: {e}"))
        .id
    }

    /// Creates an active account with [`PASSWORD`] through the store.
    pub async fn create_user(&self, username: &str, role: Role, department_ids: &[i32]) -> i32 {
        store::users::create(
            &self.db,
            store::users::NewUser {
                username: username.into(),
                display_name: format!("Test {username}"),
                email: None,
                password_hash: password_hash().to_owned(),
                role,
                department_ids: department_ids.to_vec(),
            },
            &Actor::system("test"),
        )
        .await
        .unwrap_or_else(|e| panic!("seeding user {username} failed: {e}"))
        .id
    }

    /// `POST /api/v1/auth/login` from a fresh client; the raw answer.
    pub async fn try_login(&self, username: &str, password: &str) -> ApiResponse {
        self.anonymous()
            .post(
                "/api/v1/auth/login",
                json!({ "username": username, "password": password }),
            )
            .await
    }

    /// Signs in (panics unless that works) and returns a client carrying the access token
    /// and, in its cookie jar, the refresh cookie.
    pub async fn login(&self, username: &str, password: &str) -> Session {
        let api = self.anonymous();
        let response = api
            .post(
                "/api/v1/auth/login",
                json!({ "username": username, "password": password }),
            )
            .await;
        assert_eq!(
            response.status, 200,
            "login of {username} failed: {response}"
        );
        let token = response.body["access_token"]
            .as_str()
            .expect("the login answer has an access_token")
            .to_owned();
        let user_id = response.body["user"]["id"]
            .as_i64()
            .and_then(|id| i32::try_from(id).ok())
            .expect("the login answer names the user id");
        let api = api.with_token(&token);
        Session {
            user_id,
            username: username.into(),
            token,
            client: api.client.clone(),
            api,
        }
    }

    /// Starts another server on this test's database (as a second instance behind a load
    /// balancer would run) with settings changed by `adjust`; its address, or why it did
    /// not start (on SQLite, where one server holds the database). It stops when the test's
    /// runtime ends.
    pub async fn second_server(
        &self,
        adjust: impl FnOnce(&mut Settings),
    ) -> Result<String, String> {
        let mut settings = self.database.settings();
        adjust(&mut settings);
        let app = Application::build(settings)
            .await
            .map_err(|e| format!("{e:#}"))?;
        let port = app.port();
        tokio::spawn(app.run_until_stopped());
        Ok(format!("http://127.0.0.1:{port}"))
    }

    /// Number of audit entries, read directly from the database.
    pub async fn audit_count(&self) -> u64 {
        use sea_orm::{EntityTrait, PaginatorTrait};
        store::entities::audit_entry::Entity::find()
            .count(&self.db)
            .await
            .expect("audit entries can be counted")
    }
}

/// The seeded and created statuses of the plan: code → id.
pub async fn statuses(session: &Session) -> HashMap<String, i64> {
    let response = session.get("/api/v1/statuses").await;
    response.assert_status(200);
    response
        .body
        .as_array()
        .expect("a list of statuses")
        .iter()
        .map(|s| {
            (
                s["code"].as_str().expect("a code").to_owned(),
                s["id"].as_i64().expect("an id"),
            )
        })
        .collect()
}

/// The standard fixture of [`TestApp::with_roles`].
pub struct Roles {
    /// Department FB1 (editor1's).
    pub fb1: i32,
    /// Department FB2 (editor2's).
    pub fb2: i32,
    pub admin: Session,
    pub officer: Session,
    pub council: Session,
    /// Editor of FB1.
    pub editor1: Session,
    /// Editor of FB2.
    pub editor2: Session,
}

/// A signed-in user: the access token, and a client whose cookie jar holds the refresh
/// cookie. Derefs to [`Api`], which sends the token with every request.
pub struct Session {
    pub user_id: i32,
    pub username: String,
    pub token: String,
    pub client: reqwest::Client,
    pub api: Api,
}

impl Deref for Session {
    type Target = Api;
    fn deref(&self) -> &Api {
        &self.api
    }
}

/// A small JSON client for one base URL, optionally sending a bearer token; each client
/// has its own cookie jar.
#[derive(Clone)]
pub struct Api {
    base: String,
    pub client: reqwest::Client,
    jar: Arc<Jar>,
    token: Option<String>,
}

impl Api {
    fn new(base: &str, token: Option<String>) -> Self {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(Duration::from_secs(60))
            // Below actix-web's keep-alive (5 s): a connection the server may already have
            // closed is never reused (that would fail a request now and then for no reason).
            .pool_idle_timeout(Duration::from_secs(4))
            .build()
            .expect("an HTTP client can be built");
        Self {
            base: base.into(),
            client,
            jar,
            token,
        }
    }

    /// The same client (same cookie jar) sending `token` instead.
    pub fn with_token(&self, token: &str) -> Self {
        Self {
            token: Some(token.into()),
            ..self.clone()
        }
    }

    /// The same client (same token and cookie jar) talking to the server at `address`.
    pub fn on(&self, address: &str) -> Self {
        Self {
            base: address.into(),
            ..self.clone()
        }
    }

    /// The same client (same cookie jar) sending no token.
    pub fn without_token(&self) -> Self {
        Self {
            token: None,
            ..self.clone()
        }
    }

    /// The bearer token this client sends, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The value of the refresh cookie the jar would send to `/api/v1/auth`.
    pub fn refresh_cookie(&self) -> Option<String> {
        let url = reqwest::Url::parse(&self.url("/api/v1/auth/refresh")).ok()?;
        let header = self.jar.cookies(&url)?;
        header.to_str().ok()?.split(';').find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == REFRESH_COOKIE).then(|| value.to_owned())
        })
    }

    /// A request with the token (if any) already set.
    pub fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        let builder = self.client.request(method, self.url(path));
        match &self.token {
            Some(token) => builder.bearer_auth(token),
            None => builder,
        }
    }

    pub async fn get(&self, path: &str) -> ApiResponse {
        self.send(Method::GET, path, None, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> ApiResponse {
        self.send(Method::POST, path, None, Some(&body)).await
    }

    /// POST without a body.
    pub async fn post_empty(&self, path: &str) -> ApiResponse {
        self.send(Method::POST, path, None, None).await
    }

    pub async fn patch(&self, path: &str, if_match: Option<&str>, body: Value) -> ApiResponse {
        self.send(Method::PATCH, path, if_match, Some(&body)).await
    }

    pub async fn put(&self, path: &str, if_match: Option<&str>, body: Value) -> ApiResponse {
        self.send(Method::PUT, path, if_match, Some(&body)).await
    }

    pub async fn delete(&self, path: &str, if_match: Option<&str>) -> ApiResponse {
        self.send(Method::DELETE, path, if_match, None).await
    }

    /// Any JSON request.
    pub async fn send(
        &self,
        method: Method,
        path: &str,
        if_match: Option<&str>,
        body: Option<&Value>,
    ) -> ApiResponse {
        let label = format!("{method} {path}");
        let mut builder = self.request(method, path);
        if let Some(etag) = if_match {
            builder = builder.header(header::IF_MATCH, etag);
        }
        if let Some(body) = body {
            builder = builder.json(body);
        }
        ApiResponse::read(label, builder).await
    }

    /// A request with a raw body and an optional content type (for malformed input).
    pub async fn send_raw(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> ApiResponse {
        let label = format!("{method} {path}");
        let mut builder = self.request(method, path).body(body);
        if let Some(content_type) = content_type {
            builder = builder.header(header::CONTENT_TYPE, content_type);
        }
        ApiResponse::read(label, builder).await
    }
}

/// A response: status, headers and the body (parsed as JSON when it is JSON, else `null`).
#[derive(Debug)]
pub struct ApiResponse {
    /// `METHOD /path` of the request, for failure messages.
    pub request: String,
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
    pub text: String,
}

impl std::fmt::Display for ApiResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} → {} {}", self.request, self.status, self.text)
    }
}

impl ApiResponse {
    /// Sends the request and reads the whole answer.
    pub async fn read(request: String, builder: reqwest::RequestBuilder) -> Self {
        let response = builder
            .send()
            .await
            .unwrap_or_else(|e| panic!("{request} failed to send: {e}"));
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response
            .text()
            .await
            .unwrap_or_else(|e| panic!("{request}: cannot read the body: {e}"));
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            request,
            status,
            headers,
            body,
            text,
        }
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// All values of a header (e.g. `set-cookie`).
    pub fn header_all(&self, name: &str) -> Vec<String> {
        self.headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok().map(str::to_owned))
            .collect()
    }

    /// The `Set-Cookie` header that sets `name`, if any.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        self.header_all("set-cookie")
            .into_iter()
            .find(|c| c.starts_with(&format!("{name}=")))
    }

    /// The ETag (panics if there is none).
    pub fn etag(&self) -> String {
        self.header("etag")
            .unwrap_or_else(|| panic!("no ETag in {self}"))
            .to_owned()
    }

    /// The problem document's `code`, or "" when there is none.
    pub fn code(&self) -> &str {
        self.body["code"].as_str().unwrap_or_default()
    }

    /// The `id` of the returned object.
    pub fn id(&self) -> i32 {
        self.body["id"]
            .as_i64()
            .and_then(|id| i32::try_from(id).ok())
            .unwrap_or_else(|| panic!("no integer id in {self}"))
    }

    /// The fields named in a validation problem's `errors`, sorted.
    pub fn error_fields(&self) -> Vec<String> {
        let mut fields: Vec<String> = self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .filter_map(|e| e["field"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        fields.sort();
        fields
    }

    /// Asserts the status, printing the whole response otherwise.
    #[track_caller]
    pub fn assert_status(&self, expected: u16) -> &Self {
        assert_eq!(self.status, expected, "unexpected status: {self}");
        self
    }

    /// Asserts an RFC 9457 problem answer with this status and `code`.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> &Self {
        assert_eq!(self.status, status, "unexpected status: {self}");
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "a problem answer must be application/problem+json: {self}"
        );
        assert_eq!(self.code(), code, "unexpected problem code: {self}");
        assert_eq!(
            self.body["status"].as_u64(),
            Some(u64::from(status)),
            "the problem's status member must match the HTTP status: {self}"
        );
        self
    }
}

/// Decodes the (unverified) claims of a JWT, e.g. to learn a token's session id.
pub fn jwt_claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("a JWT has three parts");
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .expect("the JWT payload is base64url");
    serde_json::from_slice(&bytes).expect("the JWT payload is JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_name_of_a_postgres_url_is_replaced() {
        assert_eq!(
            with_database_name("postgres://postgres@127.0.0.1:5432/postgres", "test_x"),
            "postgres://postgres@127.0.0.1:5432/test_x"
        );
        assert_eq!(
            with_database_name("postgres://u:p@h/db?sslmode=disable", "t"),
            "postgres://u:p@h/t?sslmode=disable"
        );
        assert_eq!(with_database_name("postgres://h", "t"), "postgres://h/t");
    }

    #[test]
    fn jwt_payloads_decode() {
        // {"sub":"1"} base64url without padding.
        assert_eq!(jwt_claims("x.eyJzdWIiOiIxIn0.y"), json!({ "sub": "1" }));
    }
}
