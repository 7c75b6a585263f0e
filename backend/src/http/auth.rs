//! Authentication: short-lived access tokens (HS256 JWT, algorithm pinned; `exp`, `iss`,
//! `aud` required and checked) and the [`CurrentUser`] extractor. The extractor also checks
//! the user and the session on every request (through [`PrincipalCache`], which forgets
//! every answer when a user or session changes), so a disabled user or an ended session is
//! rejected at once, not only when the token expires.
//!
//! [`PrincipalCache`]: crate::store::principal_cache::PrincipalCache

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, http::header, web};
use chrono::Utc;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};

use super::AppState;
use super::error::ApiError;
use crate::config::Secret;
use crate::domain::access::{Principal, Role};
use crate::store;

pub const ISSUER: &str = "kurs";
pub const AUDIENCE: &str = "kurs-api";

/// Claims of an access token.
#[derive(Debug, Serialize, Deserialize)]
pub struct Claims {
    /// User id.
    pub sub: String,
    /// Session (refresh-token family) the token belongs to.
    pub sid: String,
    pub role: String,
    pub iss: String,
    pub aud: String,
    pub iat: i64,
    pub exp: i64,
}

/// Signing and verification keys with a validation that accepts nothing but HS256.
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl JwtKeys {
    pub fn new(secret: &Secret) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.algorithms = vec![Algorithm::HS256];
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret.expose().as_bytes()),
            decoding: DecodingKey::from_secret(secret.expose().as_bytes()),
            validation,
        }
    }

    /// Issues an access token valid for `minutes`.
    pub fn issue(
        &self,
        user_id: i32,
        role: Role,
        session: &str,
        minutes: i64,
    ) -> Result<String, ApiError> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user_id.to_string(),
            sid: session.to_owned(),
            role: role.as_str().to_owned(),
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + minutes * 60,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(ApiError::internal)
    }

    /// Verifies signature, algorithm, expiry, issuer and audience.
    pub fn verify(&self, token: &str) -> Result<Claims, ApiError> {
        jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation)
            .map(|data| data.claims)
            .map_err(|err| {
                use jsonwebtoken::errors::ErrorKind;
                match err.kind() {
                    ErrorKind::ExpiredSignature => ApiError::Unauthorized {
                        code: "token_expired",
                        detail: "the access token has expired; refresh it or sign in again".into(),
                    },
                    _ => ApiError::Unauthorized {
                        code: "token_invalid",
                        detail: "the access token is not valid".into(),
                    },
                }
            })
    }
}

/// The authenticated user of a request. Add it as a handler parameter to require sign-in.
#[derive(Debug, Clone)]
pub struct CurrentUser {
    pub principal: Principal,
    /// The session id of the token, for logout.
    pub session: String,
}

impl std::ops::Deref for CurrentUser {
    type Target = Principal;
    fn deref(&self) -> &Principal {
        &self.principal
    }
}

impl CurrentUser {
    /// The actor for audit entries.
    pub fn actor(&self) -> store::Actor {
        store::Actor {
            user_id: Some(self.principal.user_id),
            name: self.principal.display_name.clone(),
        }
    }
}

fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_owned())
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer_token(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal(anyhow::anyhow!("no state")))?;
            let token = token.ok_or(ApiError::Unauthorized {
                code: "unauthenticated",
                detail: "sign in and send the access token as 'Authorization: Bearer …'".into(),
            })?;
            let claims = state.jwt.verify(&token)?;
            let user_id: i32 = claims.sub.parse().map_err(|_| ApiError::Unauthorized {
                code: "token_invalid",
                detail: "the access token is not valid".into(),
            })?;
            let principal = state
                .principals
                .principal_for_session(&state.db, user_id, &claims.sid)
                .await?
                .ok_or(ApiError::Unauthorized {
                    code: "session_ended",
                    detail: "the session has ended or the account is disabled".into(),
                })?;
            Ok(CurrentUser {
                principal,
                session: claims.sid,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys() -> JwtKeys {
        JwtKeys::new(&Secret::new("k".repeat(40)))
    }

    #[test]
    fn issued_tokens_verify() {
        let keys = keys();
        let token = keys.issue(7, Role::Editor, "s1", 15).expect("token");
        let claims = keys.verify(&token).expect("valid");
        assert_eq!(claims.sub, "7");
        assert_eq!(claims.sid, "s1");
    }

    #[test]
    fn tokens_signed_with_another_secret_are_rejected() {
        let other = JwtKeys::new(&Secret::new("x".repeat(40)));
        let token = other.issue(7, Role::Admin, "s1", 15).expect("token");
        assert!(keys().verify(&token).is_err());
    }

    #[test]
    fn unsigned_tokens_are_rejected() {
        // {"alg":"none"} header with valid-looking claims and an empty signature.
        use base64::Engine;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let header = engine.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let exp = Utc::now().timestamp() + 600;
        let claims = engine.encode(
            format!(
                r#"{{"sub":"1","sid":"s","role":"admin","iss":"kurs","aud":"kurs-api","iat":0,"exp":{exp}}}"#
            )
            .as_bytes(),
        );
        assert!(keys().verify(&format!("{header}.{claims}.")).is_err());
    }

    #[test]
    fn expired_tokens_are_rejected() {
        let keys = keys();
        let token = keys.issue(7, Role::Editor, "s1", -10).expect("token");
        assert!(matches!(
            keys.verify(&token),
            Err(ApiError::Unauthorized {
                code: "token_expired",
                ..
            })
        ));
    }
}
