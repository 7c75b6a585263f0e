//! Sign-in, token refresh, sign-out and `GET /me`. The access token is returned in the body
//! (the SPA keeps it in memory only); the refresh token travels only in an HttpOnly,
//! SameSite=Strict cookie scoped to `/api/v1/auth`, and rotates on every use.

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::AppState;
use super::auth::CurrentUser;
use super::error::{ApiError, Problem};
use crate::domain::access::Role;
use crate::http::json::JsonBody;
use crate::store::{self, users::RefreshRefused};

pub const REFRESH_COOKIE: &str = "kurs_refresh";
const REFRESH_COOKIE_PATH: &str = "/api/v1/auth";

/// Credentials for `POST /auth/login`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    #[schema(min_length = 1, max_length = 100)]
    pub username: String,
    #[schema(min_length = 1, max_length = 1000)]
    pub password: String,
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeResponse {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// Departments whose measures this user may update (editors).
    pub department_ids: Vec<i32>,
}

/// A new access token; the refresh token is set as an HttpOnly cookie.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: String,
    /// Lifetime of the access token in seconds.
    pub expires_in: i64,
    pub user: MeResponse,
}

fn client_address(req: &HttpRequest) -> String {
    // The peer address, not X-Forwarded-For: a client must not choose its own throttle key.
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn refresh_cookie(state: &AppState, token: &str, days: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, token.to_owned())
        .path(REFRESH_COOKIE_PATH)
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(state.settings.secure_cookies)
        .max_age(CookieDuration::days(days))
        .finish()
}

fn invalid_credentials() -> ApiError {
    ApiError::Unauthorized {
        code: "invalid_credentials",
        detail: "user name or password is wrong".into(),
    }
}

async fn token_response(
    state: &AppState,
    user_id: i32,
    session: &store::users::IssuedRefreshToken,
) -> Result<HttpResponse, ApiError> {
    let user = store::users::get(&state.db, user_id).await?;
    let minutes = state.settings.access_token_minutes;
    let access_token = state
        .jwt
        .issue(user.id, user.role, &session.family, minutes)?;
    let body = TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: minutes * 60,
        user: MeResponse {
            id: user.id,
            username: user.username,
            display_name: user.display_name,
            role: user.role,
            department_ids: user.department_ids,
        },
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .cookie(refresh_cookie(
            state,
            &session.token,
            state.settings.refresh_token_days,
        ))
        .json(body))
}

/// Sign in with user name and password.
///
/// Repeated failures from one address are throttled (`429` with `Retry-After`).
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong user name or password", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid request", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: JsonBody<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let body = body.into_inner();
    let username = body.username.trim().to_owned();
    if username.is_empty() || username.len() > 100 || body.password.len() > 1000 {
        return Err(invalid_credentials());
    }
    let address = client_address(&req);
    if let Err(wait) = state.login_throttle.begin_attempt(&username, &address) {
        return Err(ApiError::TooManyRequests {
            retry_after_seconds: wait.as_secs().max(1),
        });
    }
    let credentials = store::users::credentials(&state.db, &username).await?;
    // Verify even for unknown users, so timing does not reveal which names exist.
    let (hash, user) = match &credentials {
        Some(c) => (c.password_hash.clone(), Some((c.user_id, c.active))),
        None => (DUMMY_HASH.to_owned(), None),
    };
    let password = body.password;
    let verified = store::users::with_password_hashing_slot(move || {
        store::users::verify_password(&password, &hash)
    })
    .await
    .map_err(ApiError::internal)?;
    match user {
        Some((user_id, true)) if verified => {
            state.login_throttle.record_success(&username, &address);
            let session = store::users::start_session(
                &state.db,
                user_id,
                chrono::Duration::days(state.settings.refresh_token_days),
            )
            .await?;
            token_response(&state, user_id, &session).await
        }
        _ => {
            tracing::info!(username = %username, address = %address, "failed login");
            Err(invalid_credentials())
        }
    }
}

/// An argon2id hash of a random string, verified against when the user does not exist.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$Ww8Wq2bI0pn2oW1hGk2Z4Q1c0gA0Fh2YgGvQy2lq8bY";

/// Exchange the refresh-token cookie for a new access token (the cookie rotates).
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "New access token", body = TokenResponse),
        (status = 401, description = "No valid session", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let presented = req
        .cookie(REFRESH_COOKIE)
        .map(|c| c.value().to_owned())
        .ok_or(ApiError::Unauthorized {
            code: "no_session",
            detail: "no refresh token; sign in again".into(),
        })?;
    let lifetime = chrono::Duration::days(state.settings.refresh_token_days);
    match store::users::rotate_session(&state.db, &presented, lifetime).await? {
        Ok((user_id, session)) => token_response(&state, user_id, &session).await,
        Err(reason) => {
            if reason == RefreshRefused::Reused {
                tracing::warn!("a rotated refresh token was reused; its session is revoked");
            }
            Err(ApiError::Unauthorized {
                code: "session_ended",
                detail: "the session has ended; sign in again".into(),
            })
        }
    }
}

/// Sign out: ends the session of the refresh cookie (and of the access token, if sent).
#[utoipa::path(
    tag = "auth",
    responses((status = 204, description = "Signed out"))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    if let Some(cookie) = req.cookie(REFRESH_COOKIE) {
        store::users::end_session_by_token(&state.db, cookie.value()).await?;
    }
    if let Some(value) = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        && let Some(token) = value.strip_prefix("Bearer ")
        && let Ok(claims) = state.jwt.verify(token.trim())
    {
        store::users::end_session(&state.db, &claims.sid).await?;
    }
    let mut removal = refresh_cookie(&state, "", 0);
    removal.make_removal();
    Ok(HttpResponse::NoContent().cookie(removal).finish())
}

/// The signed-in user with role and departments.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The signed-in user", body = MeResponse),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me")]
pub async fn me(user: CurrentUser) -> web::Json<MeResponse> {
    let p = user.principal;
    web::Json(MeResponse {
        id: p.user_id,
        username: p.username,
        display_name: p.display_name,
        role: p.role,
        department_ids: p.department_ids,
    })
}
