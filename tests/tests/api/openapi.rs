//! The committed `openapi/openapi.json` (from which the frontend client is generated) is
//! exactly what the server serves and what `kurs openapi` prints.

use kurs_api_tests::TestApp;
use serde_json::Value;

const REGENERATE: &str = "openapi/openapi.json is stale: run `make openapi` and commit the result";

fn committed() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}; run `make openapi`", path.display()));
    serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}; run `make openapi`", path.display()))
}

/// Up to `limit` JSON pointers where `a` and `b` differ.
fn differences(a: &Value, b: &Value, at: &str, found: &mut Vec<String>, limit: usize) {
    if found.len() >= limit || a == b {
        return;
    }
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let pointer = format!("{at}/{}", key.replace('~', "~0").replace('/', "~1"));
                match (x.get(key), y.get(key)) {
                    (Some(p), Some(q)) => differences(p, q, &pointer, found, limit),
                    (Some(_), None) => found.push(format!("{pointer}: only in the committed file")),
                    (None, Some(_)) => found.push(format!("{pointer}: only in the server's")),
                    (None, None) => {}
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                differences(p, q, &format!("{at}/{i}"), found, limit);
            }
        }
        _ => found.push(format!("{at}: committed {a} ≠ server {b}")),
    }
}

#[track_caller]
fn assert_same(committed: &Value, actual: &Value) {
    let mut found = Vec::new();
    differences(committed, actual, "", &mut found, 15);
    assert!(
        found.is_empty(),
        "{REGENERATE}. Differences:\n  {}",
        found.join("\n  ")
    );
}

#[tokio::test]
async fn the_served_openapi_document_equals_the_committed_one() {
    let app = TestApp::spawn().await;
    let served = app.anonymous().get("/api/openapi.json").await;
    served.assert_status(200);
    assert!(
        served.body.get("paths").is_some(),
        "the served document is an OpenAPI document: {served}"
    );
    assert_same(&committed(), &served.body);
}

#[test]
fn the_generated_openapi_document_equals_the_committed_one() {
    let generated =
        serde_json::to_value(kurs::http::routes::openapi()).expect("the document serializes");
    assert_same(&committed(), &generated);
}

#[test]
fn every_operation_outside_sign_in_and_the_public_pages_requires_a_bearer_token() {
    let spec = committed();
    let open = [
        "/api/v1/auth/login",
        "/api/v1/auth/refresh",
        "/api/v1/auth/logout",
        "/healthz",
        "/readyz",
    ];
    let mut missing = Vec::new();
    let mut checked = 0;
    for (path, operations) in spec["paths"].as_object().expect("paths") {
        if open.contains(&path.as_str()) || path.starts_with("/api/v1/public/") {
            continue;
        }
        for (method, operation) in operations.as_object().expect("operations") {
            checked += 1;
            let bearer = operation["security"]
                .as_array()
                .is_some_and(|s| s.iter().any(|r| r.get("bearer").is_some()));
            let documents_401 = operation["responses"].get("401").is_some();
            if !bearer || !documents_401 {
                missing.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    assert!(checked >= 10, "the document lists the API's operations");
    assert!(
        missing.is_empty(),
        "operations without bearer security or without a documented 401: {missing:?}"
    );
}

#[tokio::test]
async fn the_interactive_documentation_is_served_from_the_binary() {
    let app = TestApp::spawn().await;
    let api = app.anonymous();
    let page = api.get("/api/docs/").await;
    assert_eq!(page.status, 200, "{page}");
    assert!(page.text.contains("swagger-ui"), "{page}");
    // The page's script comes from Kurs itself (bundled), not from a CDN.
    assert!(
        !page.text.contains("https://"),
        "the docs page loads nothing from outside"
    );
    let bundle = api.get("/api/docs/swagger-ui-bundle.js").await;
    assert_eq!(
        bundle.status, 200,
        "the Swagger UI bundle is served: {bundle}"
    );
    assert!(
        bundle.text.len() > 100_000,
        "the bundle is the real Swagger UI"
    );
}
