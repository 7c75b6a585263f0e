//! Attacks on authentication that `auth.rs` does not already cover: algorithm-confusion
//! tokens (an HMAC signature under an RS256/ES256/PS256 header, `alg: none` spelled in other
//! cases), a valid token with a changed payload or a stripped signature, tokens for a user
//! or session that does not exist; and a scripted brute-force attack from one loopback
//! address (127.0.0.2) while the real user signs in from another (127.0.0.1). The server
//! throttles by peer address, so the two are told apart exactly as two hosts would be.

use std::net::{IpAddr, Ipv4Addr};
use std::time::Duration;

use base64::Engine;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use kurs::domain::access::Role;
use kurs_api_tests::{ApiResponse, JWT_SECRET, PASSWORD, TestApp, jwt_claims};
use serde_json::{Value, json};

const ENGINE: base64::engine::GeneralPurpose = base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// A token with any header, signed with HMAC-SHA256 and the server's secret (so only the
/// header's algorithm differs from a genuine token).
fn hmac_signed_with_header(header: &Value, claims: &Value) -> String {
    let signing_input = format!(
        "{}.{}",
        ENGINE.encode(header.to_string()),
        ENGINE.encode(claims.to_string())
    );
    let signature = jsonwebtoken::crypto::sign(
        signing_input.as_bytes(),
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
        Algorithm::HS256,
    )
    .expect("HMAC signing works");
    format!("{signing_input}.{signature}")
}

fn unsigned_with_alg(alg: &str, claims: &Value) -> String {
    format!(
        "{}.{}.",
        ENGINE.encode(json!({ "alg": alg, "typ": "JWT" }).to_string()),
        ENGINE.encode(claims.to_string())
    )
}

fn sign(claims: &Value) -> String {
    jsonwebtoken::encode(
        &Header::new(Algorithm::HS256),
        claims,
        &EncodingKey::from_secret(JWT_SECRET.as_bytes()),
    )
    .expect("the token can be signed")
}

#[tokio::test]
async fn algorithm_confusion_tampering_and_unknown_subjects_are_all_rejected() {
    let (app, roles) = TestApp::with_roles().await;
    let real = jwt_claims(&roles.council.token);
    let now = chrono::Utc::now().timestamp();
    let forged = json!({
        "sub": real["sub"], "sid": real["sid"], "role": "admin",
        "iss": "kurs", "aud": "kurs-api", "iat": now, "exp": now + 600,
    });
    // Control: the forged claims, correctly signed, pass; so each case below fails only
    // because of the one thing it changes.
    app.anonymous()
        .with_token(&sign(&forged))
        .get("/api/v1/me")
        .await
        .assert_status(200);

    let mut cases: Vec<(String, String)> = Vec::new();
    for alg in ["RS256", "ES256", "PS256", "EdDSA", "HS384", "hs256"] {
        cases.push((
            format!("HMAC signature under an {alg} header"),
            hmac_signed_with_header(&json!({ "alg": alg, "typ": "JWT" }), &forged),
        ));
    }
    for alg in ["none", "None", "NONE", "nOnE", ""] {
        cases.push((
            format!("alg {alg:?} unsigned"),
            unsigned_with_alg(alg, &forged),
        ));
    }
    // A genuine token of the council member with its signature removed, or its payload
    // swapped for one that claims more.
    let genuine = roles.council.token.clone();
    let parts: Vec<&str> = genuine.split('.').collect();
    cases.push((
        "stripped signature".into(),
        format!("{}.{}.", parts[0], parts[1]),
    ));
    cases.push((
        "payload changed, signature kept".into(),
        format!(
            "{}.{}.{}",
            parts[0],
            ENGINE.encode(forged.to_string()),
            parts[2]
        ),
    ));
    cases.push((
        "signature of another token".into(),
        format!(
            "{}.{}.{}",
            parts[0],
            parts[1],
            roles.admin.token.split('.').nth(2).unwrap_or_default()
        ),
    ));
    for (what, token) in &cases {
        let response = app.anonymous().with_token(token).get("/api/v1/users").await;
        assert_eq!(
            response.status, 401,
            "a token with {what} must be rejected: {response}"
        );
        assert_eq!(response.code(), "token_invalid", "{what}: {response}");
    }

    // Correctly signed, but naming a user or a session that does not exist, or a subject
    // that is not a user id: the signature alone must never be enough.
    let unknown_user = sign(&json!({
        "sub": "999999", "sid": real["sid"], "role": "admin",
        "iss": "kurs", "aud": "kurs-api", "iat": now, "exp": now + 600,
    }));
    let unknown_session = sign(&json!({
        "sub": roles.admin.user_id.to_string(), "sid": "no-such-session", "role": "admin",
        "iss": "kurs", "aud": "kurs-api", "iat": now, "exp": now + 600,
    }));
    let not_an_id = sign(&json!({
        "sub": "admin", "sid": real["sid"], "role": "admin",
        "iss": "kurs", "aud": "kurs-api", "iat": now, "exp": now + 600,
    }));
    for (token, code) in [
        (unknown_user, "session_ended"),
        (unknown_session, "session_ended"),
        (not_an_id, "token_invalid"),
    ] {
        app.anonymous()
            .with_token(&token)
            .get("/api/v1/users")
            .await
            .assert_problem(401, code);
    }
}

/// A client whose connections come from `local` (a loopback address of its own).
fn client_from(local: Ipv4Addr) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(local))
        .timeout(Duration::from_secs(60))
        .build()
        .expect("an HTTP client can be built")
}

async fn login_from(
    app: &TestApp,
    client: &reqwest::Client,
    username: &str,
    password: &str,
) -> ApiResponse {
    let builder = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({ "username": username, "password": password }));
    ApiResponse::read(format!("POST /api/v1/auth/login as {username}"), builder).await
}

const ATTACKER: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 2);
const REAL_USER: Ipv4Addr = Ipv4Addr::new(127, 0, 0, 1);

#[tokio::test]
async fn a_scripted_brute_force_attack_is_throttled_while_the_real_user_still_signs_in() {
    let app = TestApp::spawn().await;
    app.create_user("anna", Role::Officer, &[]).await;
    app.create_user("bert", Role::Council, &[]).await;
    let attacker = client_from(ATTACKER);
    let real_user = client_from(REAL_USER);

    // 60 guesses at anna's password, sent one after another as a script would.
    let mut evaluated = 0;
    let mut throttled = 0;
    for guess in 0..60 {
        let response = login_from(&app, &attacker, "anna", &format!("guess number {guess}")).await;
        match response.status {
            401 => evaluated += 1,
            429 => {
                throttled += 1;
                response.assert_problem(429, "too_many_requests");
                assert!(response.header("retry-after").is_some(), "{response}");
            }
            _ => panic!("unexpected answer to a wrong guess: {response}"),
        }
    }
    assert!(
        evaluated <= 6,
        "only the first few guesses may reach the password check, got {evaluated}"
    );
    assert_eq!(evaluated + throttled, 60);

    // The attacker's address cannot use the right password either while throttled …
    login_from(&app, &attacker, "anna", PASSWORD)
        .await
        .assert_problem(429, "too_many_requests");
    // … while anna, from her own address, signs in normally.
    login_from(&app, &real_user, "anna", PASSWORD)
        .await
        .assert_status(200);

    // Spraying other accounts from the attacker's address is throttled per address too
    // (after the address's free attempts), while those users sign in from elsewhere.
    let mut sprayed_evaluated = 0;
    for n in 0..40 {
        let response = login_from(
            &app,
            &attacker,
            &format!("user{n}"),
            "Sommer2025!Sommer2025!",
        )
        .await;
        if response.status == 401 {
            sprayed_evaluated += 1;
        } else {
            response.assert_problem(429, "too_many_requests");
        }
    }
    assert!(
        sprayed_evaluated <= 30,
        "the address limit stops password spraying: {sprayed_evaluated} guesses evaluated"
    );
    login_from(&app, &real_user, "bert", PASSWORD)
        .await
        .assert_status(200);
}

/// Verifying a password takes tens of milliseconds, so concurrent guesses could all pass a
/// check that only counts failures afterwards. The throttle counts each attempt under the
/// same lock as the check, before verifying: a parallel burst gets no more than the free
/// attempts evaluated (regression test for a finding of the robustness suite).
#[tokio::test]
async fn a_parallel_burst_of_guesses_gets_no_more_than_the_free_attempts_evaluated() {
    let app = TestApp::spawn().await;
    app.create_user("anna", Role::Officer, &[]).await;
    let attacker = client_from(ATTACKER);
    let guesses: Vec<String> = (0..40).map(|g| format!("parallel guess {g}")).collect();
    let responses = futures_util::future::join_all(
        guesses
            .iter()
            .map(|guess| login_from(&app, &attacker, "anna", guess)),
    )
    .await;
    let evaluated = responses.iter().filter(|r| r.status == 401).count();
    assert!(
        evaluated <= 6,
        "a parallel burst had {evaluated} of 40 guesses evaluated (limit: 5 free attempts)"
    );
}
