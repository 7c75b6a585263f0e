//! Sign-in, `GET /me`, refresh-token rotation and reuse detection, logout, disabled
//! accounts, forged access tokens and login throttling.

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use kurs::domain::access::Role;
use kurs_api_tests::{ApiResponse, JWT_SECRET, PASSWORD, REFRESH_COOKIE, TestApp, jwt_claims};
use reqwest::Method;
use serde_json::{Value, json};

/// Sends `POST /api/v1/auth/refresh` with exactly this cookie value, from a jar-less client.
async fn refresh_with_cookie(app: &TestApp, cookie: &str) -> ApiResponse {
    let api = app.anonymous();
    let builder = api
        .request(Method::POST, "/api/v1/auth/refresh")
        .header("cookie", format!("{REFRESH_COOKIE}={cookie}"));
    ApiResponse::read(
        "POST /api/v1/auth/refresh (explicit cookie)".into(),
        builder,
    )
    .await
}

#[tokio::test]
async fn signing_in_returns_an_access_token_and_an_http_only_strict_refresh_cookie() {
    let app = TestApp::spawn().await;
    let fb1 = app.create_department("FB1", "Fachbereich 1", None).await;
    let id = app.create_user("anna", Role::Editor, &[fb1]).await;

    let response = app.try_login("anna", PASSWORD).await;
    response.assert_status(200);
    let token = response.body["access_token"].as_str().expect("a token");
    assert_eq!(token.split('.').count(), 3, "the access token is a JWT");
    assert_eq!(response.body["token_type"], "Bearer");
    assert_eq!(response.body["expires_in"], 15 * 60);
    assert_eq!(response.body["user"]["id"], id);
    assert_eq!(response.body["user"]["role"], "editor");
    assert_eq!(response.body["user"]["department_ids"], json!([fb1]));
    assert_eq!(response.header("cache-control"), Some("no-store"));

    let cookie = response
        .set_cookie(REFRESH_COOKIE)
        .expect("login sets the refresh cookie");
    let attributes: Vec<String> = cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_ascii_lowercase())
        .collect();
    assert!(attributes.contains(&"httponly".into()), "{cookie}");
    assert!(attributes.contains(&"samesite=strict".into()), "{cookie}");
    assert!(attributes.contains(&"path=/api/v1/auth".into()), "{cookie}");
    let value = cookie
        .split(';')
        .next()
        .and_then(|pair| pair.split_once('='))
        .map(|(_, v)| v)
        .expect("the cookie has a value");
    assert!(value.len() >= 32, "the refresh token is long and random");
    assert!(
        !response.text.contains(value),
        "the refresh token travels only in the cookie, never in the body"
    );
    let claims = jwt_claims(token);
    assert_eq!(claims["sub"], id.to_string());
    assert_eq!(claims["aud"], "kurs-api");
    assert_eq!(claims["iss"], "kurs");
}

#[tokio::test]
async fn a_wrong_password_or_an_unknown_user_is_answered_with_invalid_credentials() {
    let app = TestApp::spawn().await;
    app.create_user("anna", Role::Council, &[]).await;

    let wrong_password = app.try_login("anna", "not the right password").await;
    wrong_password.assert_problem(401, "invalid_credentials");
    assert!(wrong_password.set_cookie(REFRESH_COOKIE).is_none());
    assert!(wrong_password.body.get("access_token").is_none());

    let unknown_user = app.try_login("nobody", PASSWORD).await;
    unknown_user.assert_problem(401, "invalid_credentials");
    assert_eq!(
        wrong_password.body["detail"], unknown_user.body["detail"],
        "the answer must not reveal which user names exist"
    );
}

#[tokio::test]
async fn an_unknown_field_in_the_login_body_is_rejected_with_422_naming_it() {
    let app = TestApp::spawn().await;
    app.create_user("anna", Role::Council, &[]).await;
    let response = app
        .anonymous()
        .post(
            "/api/v1/auth/login",
            json!({ "username": "anna", "password": PASSWORD, "remember_me": true }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), vec!["remember_me".to_string()]);
}

#[tokio::test]
async fn me_requires_a_token_and_shows_the_role_and_the_departments() {
    let (app, roles) = TestApp::with_roles().await;

    app.anonymous()
        .get("/api/v1/me")
        .await
        .assert_problem(401, "unauthenticated");

    let editor = roles.editor1.get("/api/v1/me").await;
    editor.assert_status(200);
    assert_eq!(editor.body["id"], roles.editor1.user_id);
    assert_eq!(editor.body["username"], "editor1");
    assert_eq!(editor.body["role"], "editor");
    assert_eq!(editor.body["department_ids"], json!([roles.fb1]));

    let council = roles.council.get("/api/v1/me").await;
    council.assert_status(200);
    assert_eq!(council.body["role"], "council");
    assert_eq!(council.body["department_ids"], json!([]));

    // A header that is not "Bearer <token>" counts as no token.
    let basic = app
        .anonymous()
        .request(Method::GET, "/api/v1/me")
        .header("authorization", format!("Basic {}", roles.admin.token));
    ApiResponse::read("GET /api/v1/me (Basic)".into(), basic)
        .await
        .assert_problem(401, "unauthenticated");
}

#[tokio::test]
async fn refreshing_rotates_the_cookie_and_reusing_a_rotated_one_revokes_the_whole_session() {
    let (app, roles) = TestApp::with_roles().await;
    let session = &roles.editor1;
    let first_cookie = session.refresh_cookie().expect("login stored the cookie");

    let refreshed = session.post_empty("/api/v1/auth/refresh").await;
    refreshed.assert_status(200);
    let new_token = refreshed.body["access_token"]
        .as_str()
        .expect("a new access token")
        .to_owned();
    let second_cookie = session.refresh_cookie().expect("refresh set a new cookie");
    assert_ne!(first_cookie, second_cookie, "the refresh cookie rotates");
    assert_eq!(
        jwt_claims(&new_token)["sid"],
        jwt_claims(&session.token)["sid"],
        "the new token belongs to the same session"
    );
    session
        .with_token(&new_token)
        .get("/api/v1/me")
        .await
        .assert_status(200);

    // The rotated cookie shows up again: someone copied it. The whole session ends.
    refresh_with_cookie(&app, &first_cookie)
        .await
        .assert_problem(401, "session_ended");
    session
        .with_token(&new_token)
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
    session
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
    refresh_with_cookie(&app, &second_cookie)
        .await
        .assert_problem(401, "session_ended");

    // Other sessions are untouched.
    roles.editor2.get("/api/v1/me").await.assert_status(200);
}

#[tokio::test]
async fn refreshing_without_a_cookie_or_with_an_unknown_one_fails() {
    let app = TestApp::spawn().await;
    app.anonymous()
        .post_empty("/api/v1/auth/refresh")
        .await
        .assert_problem(401, "no_session");
    refresh_with_cookie(&app, "made-up-token-value-0123456789abcdefghij")
        .await
        .assert_problem(401, "session_ended");
}

#[tokio::test]
async fn logging_out_ends_the_access_token_and_the_refresh_cookie() {
    let (app, roles) = TestApp::with_roles().await;
    let session = &roles.officer;
    let cookie = session.refresh_cookie().expect("login stored the cookie");
    session.get("/api/v1/me").await.assert_status(200);

    let logout = session.post_empty("/api/v1/auth/logout").await;
    logout.assert_status(204);
    let removal = logout
        .set_cookie(REFRESH_COOKIE)
        .expect("logout clears the cookie");
    assert!(
        removal.to_ascii_lowercase().contains("max-age=0"),
        "the cookie is removed: {removal}"
    );

    session
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
    refresh_with_cookie(&app, &cookie)
        .await
        .assert_problem(401, "session_ended");
    // The other signed-in users stay signed in.
    roles.admin.get("/api/v1/me").await.assert_status(200);
}

#[tokio::test]
async fn logging_out_with_only_the_access_token_ends_that_session() {
    let (app, roles) = TestApp::with_roles().await;
    let cookie = roles.council.refresh_cookie().expect("a cookie");
    // A client without the cookie jar: only the bearer token identifies the session.
    app.anonymous()
        .with_token(&roles.council.token)
        .post_empty("/api/v1/auth/logout")
        .await
        .assert_status(204);
    roles
        .council
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
    refresh_with_cookie(&app, &cookie)
        .await
        .assert_problem(401, "session_ended");
}

#[tokio::test]
async fn disabling_a_user_ends_all_of_their_sessions() {
    let (app, roles) = TestApp::with_roles().await;
    let second_session = app.login("editor2", PASSWORD).await;
    let cookie = roles.editor2.refresh_cookie().expect("a cookie");

    let path = format!("/api/v1/users/{}", roles.editor2.user_id);
    let etag = roles.admin.get(&path).await.etag();
    let disabled = roles
        .admin
        .patch(&path, Some(&etag), json!({ "active": false }))
        .await;
    disabled.assert_status(200);
    assert_eq!(disabled.body["active"], false);

    for session in [&roles.editor2.api, &second_session.api] {
        session
            .get("/api/v1/me")
            .await
            .assert_problem(401, "session_ended");
    }
    refresh_with_cookie(&app, &cookie)
        .await
        .assert_problem(401, "session_ended");
    app.try_login("editor2", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");

    // Enabled again, the user signs in anew; the old sessions stay ended.
    let etag = disabled.etag();
    roles
        .admin
        .patch(&path, Some(&etag), json!({ "active": true }))
        .await
        .assert_status(200);
    app.try_login("editor2", PASSWORD).await.assert_status(200);
    roles
        .editor2
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
}

fn sign(claims: &Value, algorithm: Algorithm, secret: &str) -> String {
    jsonwebtoken::encode(
        &Header::new(algorithm),
        claims,
        &EncodingKey::from_secret(secret.as_bytes()),
    )
    .expect("the token can be signed")
}

fn unsigned(claims: &Value) -> String {
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    format!(
        "{}.{}.",
        engine.encode(br#"{"alg":"none","typ":"JWT"}"#),
        engine.encode(claims.to_string())
    )
}

#[tokio::test]
async fn forged_expired_and_misaddressed_tokens_are_rejected() {
    let (app, roles) = TestApp::with_roles().await;
    // The forgeries copy a live session of the council member and claim to be admin, so
    // only the token check itself can stop them.
    let real = jwt_claims(&roles.council.token);
    let now = chrono::Utc::now().timestamp();
    let claims = |changes: Value| {
        let mut claims = json!({
            "sub": real["sub"], "sid": real["sid"], "role": "admin",
            "iss": "kurs", "aud": "kurs-api", "iat": now, "exp": now + 600,
        });
        for (key, value) in changes.as_object().expect("an object") {
            claims[key] = value.clone();
        }
        claims
    };

    // Control: correctly signed with the server's secret, the forged claims are accepted,
    // so every rejection below is due to the one thing that differs.
    let control = sign(&claims(json!({})), Algorithm::HS256, JWT_SECRET);
    app.anonymous()
        .with_token(&control)
        .get("/api/v1/me")
        .await
        .assert_status(200);

    let cases = [
        ("alg none", unsigned(&claims(json!({})))),
        (
            "another secret",
            sign(
                &claims(json!({})),
                Algorithm::HS256,
                "another-secret-of-sufficient-length-0123456789",
            ),
        ),
        (
            "another HMAC algorithm",
            sign(&claims(json!({})), Algorithm::HS512, JWT_SECRET),
        ),
        (
            "expired an hour ago",
            sign(
                &claims(json!({ "iat": now - 7200, "exp": now - 3600 })),
                Algorithm::HS256,
                JWT_SECRET,
            ),
        ),
        (
            "wrong audience",
            sign(
                &claims(json!({ "aud": "another-api" })),
                Algorithm::HS256,
                JWT_SECRET,
            ),
        ),
        (
            "wrong issuer",
            sign(
                &claims(json!({ "iss": "someone-else" })),
                Algorithm::HS256,
                JWT_SECRET,
            ),
        ),
        (
            "no expiry",
            sign(
                &json!({ "sub": real["sub"], "sid": real["sid"], "role": "admin",
                         "iss": "kurs", "aud": "kurs-api", "iat": now }),
                Algorithm::HS256,
                JWT_SECRET,
            ),
        ),
        ("garbage", "not.a.token".to_owned()),
    ];
    for (what, token) in cases {
        let response = app
            .anonymous()
            .with_token(&token)
            .get("/api/v1/users")
            .await;
        assert_eq!(
            response.status, 401,
            "a token with {what} must be rejected: {response}"
        );
        assert!(
            matches!(response.code(), "token_invalid" | "token_expired"),
            "a token with {what}: {response}"
        );
        assert_eq!(response.header("www-authenticate"), Some("Bearer"));
    }
    let expired = app
        .anonymous()
        .with_token(&sign(
            &claims(json!({ "exp": now - 3600 })),
            Algorithm::HS256,
            JWT_SECRET,
        ))
        .get("/api/v1/me")
        .await;
    expired.assert_problem(401, "token_expired");
}

#[tokio::test]
async fn repeated_wrong_passwords_are_throttled_with_retry_after() {
    let app = TestApp::spawn().await;
    app.create_user("anna", Role::Officer, &[]).await;
    app.create_user("bert", Role::Council, &[]).await;

    for attempt in 1..=5 {
        app.try_login("anna", "wrong password")
            .await
            .assert_problem(401, "invalid_credentials");
        let _ = attempt;
    }
    let mut throttled = None;
    for _ in 0..5 {
        let response = app.try_login("anna", "wrong password").await;
        if response.status == 429 {
            throttled = Some(response);
            break;
        }
        response.assert_problem(401, "invalid_credentials");
    }
    let throttled = throttled.expect("after 5 failures further attempts are throttled");
    throttled.assert_problem(429, "too_many_requests");
    let retry_after: u64 = throttled
        .header("retry-after")
        .expect("a Retry-After header")
        .parse()
        .expect("Retry-After is a number of seconds");
    assert!(retry_after >= 1, "Retry-After is at least one second");

    // While throttled even the right password is not checked …
    app.try_login("anna", PASSWORD)
        .await
        .assert_problem(429, "too_many_requests");
    // … but other accounts from the same address still sign in.
    app.try_login("bert", PASSWORD).await.assert_status(200);
}
