//! Every response, whatever its status, carries the protective headers: no MIME sniffing,
//! no referrer, and a Content-Security-Policy without inline scripts and without framing.
//! With no CORS origins configured, no other origin is granted access.

use kurs_api_tests::{ApiResponse, TestApp};
use reqwest::Method;
use serde_json::json;

/// The directives of a CSP header: name → sources.
fn directives(csp: &str) -> Vec<(String, Vec<String>)> {
    csp.split(';')
        .filter_map(|d| {
            let mut parts = d.split_whitespace();
            let name = parts.next()?.to_ascii_lowercase();
            Some((name, parts.map(str::to_owned).collect()))
        })
        .collect()
}

#[track_caller]
fn assert_protective_headers(response: &ApiResponse) {
    assert_eq!(
        response.header("x-content-type-options"),
        Some("nosniff"),
        "{response}"
    );
    let referrer = response
        .header("referrer-policy")
        .unwrap_or_else(|| panic!("no Referrer-Policy: {response}"));
    assert!(
        matches!(
            referrer,
            "no-referrer" | "same-origin" | "strict-origin" | "strict-origin-when-cross-origin"
        ),
        "Referrer-Policy {referrer} leaks too much: {response}"
    );
    let csp = response
        .header("content-security-policy")
        .unwrap_or_else(|| panic!("no Content-Security-Policy: {response}"));
    let directives = directives(csp);
    let find = |name: &str| {
        directives
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, sources)| sources.clone())
    };
    let scripts = find("script-src")
        .or_else(|| find("default-src"))
        .unwrap_or_else(|| panic!("the CSP restricts no scripts: {csp}"));
    for forbidden in [
        "'unsafe-inline'",
        "'unsafe-eval'",
        "*",
        "data:",
        "http:",
        "https:",
    ] {
        assert!(
            !scripts.iter().any(|s| s == forbidden),
            "script sources allow {forbidden}: {csp}"
        );
    }
    assert_eq!(
        find("frame-ancestors"),
        Some(vec!["'none'".to_string()]),
        "framing must be forbidden: {csp}"
    );
    assert!(
        find("object-src").is_some_and(|s| s == ["'none'"]),
        "plugins must be off: {csp}"
    );
}

#[tokio::test]
async fn every_response_carries_the_protective_headers() {
    let (app, roles) = TestApp::with_roles().await;
    let anonymous = app.anonymous();
    let fb1 = format!("/api/v1/departments/{}", roles.fb1);
    let responses = vec![
        (200, anonymous.get("/healthz").await),
        (200, anonymous.get("/readyz").await),
        (200, anonymous.get("/api/openapi.json").await),
        (200, roles.officer.get("/api/v1/departments").await),
        (
            200,
            app.try_login("council", kurs_api_tests::PASSWORD).await,
        ),
        (204, roles.editor2.post_empty("/api/v1/auth/logout").await),
        (
            400,
            roles
                .officer
                .send_raw(Method::POST, "/api/v1/departments", Some("text/plain"), "x")
                .await,
        ),
        (401, anonymous.get("/api/v1/me").await),
        (401, app.try_login("council", "wrong password").await),
        (403, roles.council.get("/api/v1/audit").await),
        (404, anonymous.get("/api/v1/does-not-exist").await),
        (404, roles.officer.get("/api/v1/departments/999999").await),
        (
            412,
            roles
                .officer
                .patch(&fb1, Some("\"v9\""), json!({ "name": "x" }))
                .await,
        ),
        (
            422,
            roles
                .officer
                .post("/api/v1/departments", json!({ "code": "", "name": "" }))
                .await,
        ),
        (428, roles.officer.patch(&fb1, None, json!({})).await),
    ];
    for (expected, response) in &responses {
        assert_eq!(response.status, *expected, "{response}");
        assert_protective_headers(response);
    }
}

#[tokio::test]
async fn a_foreign_origin_is_granted_no_cross_origin_access() {
    let (app, roles) = TestApp::with_roles().await;
    let builder = roles
        .officer
        .request(Method::GET, "/api/v1/departments")
        .header("origin", "https://evil.example");
    let response =
        ApiResponse::read("GET /api/v1/departments (foreign origin)".into(), builder).await;
    assert_ne!(
        response.header("access-control-allow-origin"),
        Some("https://evil.example"),
        "{response}"
    );
    assert_ne!(response.header("access-control-allow-origin"), Some("*"));

    let preflight = app
        .anonymous()
        .client
        .request(Method::OPTIONS, app.url("/api/v1/departments"))
        .header("origin", "https://evil.example")
        .header("access-control-request-method", "PATCH");
    let preflight = ApiResponse::read("OPTIONS /api/v1/departments".into(), preflight).await;
    assert!(
        preflight.header("access-control-allow-origin").is_none(),
        "the preflight of a foreign origin must not be granted: {preflight:?}"
    );
}
