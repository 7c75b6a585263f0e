//! Regression tests for what API fuzzing (`make fuzz`, schemathesis against the served
//! OpenAPI document, docs/QUALITY.md) found. Each test reproduces one finding with the
//! exact request schemathesis sent, and fails if the finding comes back.

use kurs_api_tests::{ApiResponse, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

fn spec() -> Value {
    serde_json::to_value(kurs::http::routes::openapi()).expect("the OpenAPI document is JSON")
}

/// Every (method, path, operation) of the document.
fn operations(spec: &Value) -> Vec<(String, String, Value)> {
    let mut out = Vec::new();
    for (path, item) in spec["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                out.push((method.to_uppercase(), path.clone(), operation.clone()));
            }
        }
    }
    out
}

/// Finding 1 (schemathesis ST103 on 51 operations): malformed requests are answered `400`
/// (`invalid_path`, `invalid_query`, `invalid_json`, `unsupported_content_type`,
/// `invalid_if_match`), but no operation documents a `400`. Reproduced with
/// `GET /api/v1/departments/2147483648` (id beyond i32) and
/// `GET /api/v1/audit?per_page=1&x-schemathesis-unknown-property=42`.
#[tokio::test]
async fn every_operation_that_parses_input_documents_its_400() {
    let (_app, roles) = TestApp::with_roles().await;
    roles
        .admin
        .get("/api/v1/departments/2147483648")
        .await
        .assert_problem(400, "invalid_path");
    roles
        .admin
        .get("/api/v1/audit?per_page=1&x-schemathesis-unknown-property=42")
        .await
        .assert_problem(400, "invalid_query");
    let spec = spec();
    let undocumented: Vec<String> = operations(&spec)
        .into_iter()
        .filter(|(_, path, op)| {
            let parses_input = path.contains('{')
                || op.get("requestBody").is_some()
                || op["parameters"].as_array().is_some_and(|p| !p.is_empty());
            parses_input && op["responses"].get("400").is_none()
        })
        .map(|(method, path, _)| format!("{method} {path}"))
        .collect();
    assert!(
        undocumented.is_empty(),
        "operations that answer 400 for malformed input without documenting it: {undocumented:#?}"
    );
}

/// Finding 2 (ST202 on 24 operations): `If-Match: *` is a valid value of the documented
/// `If-Match` parameter (a plain string), but Kurs answers `400 invalid_if_match`.
/// Reproduced with `PATCH /api/v1/strategy` with `If-Match: *` and body `{}`. Either the
/// parameter documents the ETag form Kurs accepts (`pattern: ^"v[0-9]+"$`) or `*` gets a
/// documented answer (`428`, as without If-Match: it does not name a version).
#[tokio::test]
async fn if_match_documents_the_etag_form_kurs_accepts() {
    let (_app, roles) = TestApp::with_roles().await;
    let response = roles
        .officer
        .patch("/api/v1/strategy", Some("*"), json!({}))
        .await;
    let spec = spec();
    let documented_pattern = operations(&spec).iter().all(|(_, _, op)| {
        op["parameters"].as_array().is_none_or(|params| {
            params
                .iter()
                .filter(|p| p["name"] == "If-Match")
                .all(|p| p["schema"]["pattern"].is_string())
        })
    });
    assert!(
        documented_pattern || response.status == 428,
        "If-Match: * answered {} and the parameter has no pattern: {response}",
        response.status
    );
}

/// Finding 3 (ST204 on 13 paths): a method the document does not list for a known path is
/// answered `404 not_found` instead of `405 Method Not Allowed` with an `Allow` header
/// (RFC 9110 §15.5.6). Reproduced with `TRACE /api/v1/me` and `TRACE /healthz`.
#[tokio::test]
async fn an_undeclared_method_on_a_known_path_is_405_with_allow() {
    let (app, roles) = TestApp::with_roles().await;
    for path in ["/api/v1/me", "/healthz", "/api/v1/dashboard"] {
        let trace = roles
            .admin
            .request(Method::TRACE, path)
            .header("accept", "application/json");
        let response = ApiResponse::read(format!("TRACE {path}"), trace).await;
        assert_eq!(response.status, 405, "{response}");
        assert!(response.header("allow").is_some(), "{response}");
    }
    let _ = app;
}

/// Finding 4 (ST202, stateful phase): JSON Schema counts `1.0` as an integer, so `1.0` is a
/// valid value of every `integer` field of the document, but serde refuses it
/// (`400 invalid_json: invalid type: floating point`). Reproduced with `POST
/// /api/v1/maturity/findings` and `"measure_ids": [905514.0]`; simplest here with a
/// department's `position`.
#[tokio::test]
async fn an_integral_number_written_with_a_fraction_is_accepted_where_an_integer_is_documented() {
    let (_app, roles) = TestApp::with_roles().await;
    roles
        .officer
        .post(
            "/api/v1/departments",
            json!({ "code": "FB 9", "name": "Fachbereich 9", "position": 3.0 }),
        )
        .await
        .assert_status(201);
}

/// Finding 5 (ST202): list parameters the server bounds are documented without the bound:
/// `page` has no `maximum` although values above 1,000,000 are refused with 422
/// (`GET /api/v1/maturity/findings?page=9223372036854775806&per_page=1`), and `sort` of
/// `GET /api/v1/measures` is a free string although only six keys are accepted
/// (`sort=` → 422).
#[tokio::test]
async fn bounded_list_parameters_document_their_bounds() {
    let spec = spec();
    let mut loose = Vec::new();
    for (method, path, op) in operations(&spec) {
        for p in op["parameters"].as_array().into_iter().flatten() {
            let schema = &p["schema"];
            if p["name"] == "page" && schema.get("maximum").is_none() {
                loose.push(format!("{method} {path}: page without maximum"));
            }
            if p["name"] == "sort"
                && schema.get("enum").is_none()
                && schema.get("pattern").is_none()
            {
                loose.push(format!("{method} {path}: sort without enum or pattern"));
            }
        }
    }
    assert!(loose.is_empty(), "{loose:#?}");
}

/// Finding 6 (second fuzz run, ST202 on 15–23 operations per role): the documented
/// `If-Match` pattern admits ETags whose version does not fit an i32, which Kurs answers
/// `400 invalid_if_match`. Reproduced with `DELETE /api/v1/departments/1` and
/// `If-Match: "v0048559835085125369714"` (and `PATCH /api/v1/strategy` with
/// `If-Match: W/"v5005859625923209"`). A version that cannot exist does not match the
/// current one: `412 version_mismatch` (or a pattern that bounds the digits).
#[tokio::test]
async fn an_etag_with_a_version_beyond_any_real_one_is_a_version_mismatch() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/departments/{}", roles.fb1);
    for etag in ["\"v0048559835085125369714\"", "W/\"v5005859625923209\""] {
        roles
            .officer
            .delete(&path, Some(etag))
            .await
            .assert_problem(412, "version_mismatch");
    }
    roles.officer.get(&path).await.assert_status(200);
}

/// Finding 7 (second fuzz run, ST204): `PATCH /api/v1/maturity/models/import` (a method
/// the document does not list for that path) is routed to `PATCH
/// /api/v1/maturity/models/{id}` and answered `400 invalid_path` ("import" is no id)
/// instead of `405` with `Allow: POST`.
#[tokio::test]
async fn an_undeclared_method_on_a_literal_path_beside_an_id_path_is_405() {
    let (_app, roles) = TestApp::with_roles().await;
    let response = roles
        .officer
        .patch("/api/v1/maturity/models/import", None, json!({}))
        .await;
    assert_eq!(response.status, 405, "{response}");
    assert!(
        response
            .header("allow")
            .is_some_and(|allow| allow.contains("POST")),
        "{response}"
    );
}

/// Finding 8 (second fuzz run, ST202): an integral number near 2^52 written with a fraction
/// (`"budget_spent_cents": 3996104217146150.0`, below the documented maximum) was refused
/// with `400 invalid_json`: serde_json's fast float parser read it one ulp off as `…150.5`,
/// which then failed the "integral" test. The exact parser (`float_roundtrip`) reads it as
/// written, so it is accepted and stored to the cent.
#[tokio::test]
async fn a_large_integral_number_written_with_a_fraction_is_read_exactly() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal = roles
        .officer
        .post("/api/v1/goals", json!({ "code": "Z 8", "title": "Ziel" }))
        .await;
    goal.assert_status(201);
    let statuses = roles.officer.get("/api/v1/statuses").await;
    let status_id = statuses.body[0]["id"].as_i64().expect("a status");
    // The body is written by hand: the number must reach the server exactly as schemathesis
    // sent it, not as a serializer would print it.
    let body = format!(
        r#"{{"code": "M 8", "title": "Große Zahl", "goal_ids": [{}], "lead_department_id": {}, "status_id": {}, "budget_spent_cents": 3996104217146150.0}}"#,
        goal.id(),
        roles.fb1,
        status_id
    );
    let created = roles
        .officer
        .send_raw(
            Method::POST,
            "/api/v1/measures",
            Some("application/json"),
            body,
        )
        .await;
    created.assert_status(201);
    assert_eq!(
        created.body["budget_spent_cents"].as_i64(),
        Some(3_996_104_217_146_150),
        "{created}"
    );
}

/// Finding 9 (third fuzz run, ST108): `GET /api/v1/reports/{id}/export/json` answered the
/// report as `application/json`, but the document declared every export format as a binary
/// string, so the JSON export "violated" its schema. The JSON export is now documented as a
/// `ReportContent`.
#[tokio::test]
async fn the_json_export_of_a_report_is_documented_as_the_report_content() {
    let spec = spec();
    let json_schema = &spec["paths"]["/api/v1/reports/{id}/export/{format}"]["get"]["responses"]["200"]
        ["content"]["application/json"]["schema"];
    assert_eq!(
        json_schema["$ref"], "#/components/schemas/ReportContent",
        "{json_schema}"
    );
}

/// Finding 10 (third fuzz run, ST202): an empty `text/csv` body — a valid string for the
/// documented request body — was refused as malformed (`400 empty_file`). The request is
/// well-formed; its content cannot be imported: `422`, a problem naming the reason, and
/// nothing changes.
#[tokio::test]
async fn an_empty_import_file_is_unprocessable_not_malformed() {
    let (app, roles) = TestApp::with_roles().await;
    let before = app.audit_count().await;
    roles
        .officer
        .send_raw(
            Method::POST,
            "/api/v1/measures/import?dry_run=false",
            Some("text/csv"),
            "",
        )
        .await
        .assert_problem(422, "empty_file");
    assert_eq!(app.audit_count().await, before, "nothing changed");
}

/// Finding 11 (third fuzz run, admin pass, ST202): a `text/csv` body that is not text (it
/// starts with a NUL byte) was answered `415 unsupported_file` although its declared media
/// type is one the operation documents. The declared type is accepted; the content cannot
/// be imported: `422`.
#[tokio::test]
async fn binary_content_declared_as_csv_is_unprocessable() {
    let (app, roles) = TestApp::with_roles().await;
    let before = app.audit_count().await;
    roles
        .officer
        .send_raw(
            Method::POST,
            "/api/v1/measures/import",
            Some("text/csv"),
            vec![0u8, 0xf4, 0x8e, 0x9b, 0xa9, 0x19, 0x60],
        )
        .await
        .assert_problem(422, "unsupported_file");
    assert_eq!(app.audit_count().await, before, "nothing changed");
}
