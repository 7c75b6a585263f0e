//! Malformed requests get RFC 9457 problem documents with a stable code, never a `500`:
//! unknown routes, bodies that are not JSON, broken JSON, wrong types, bad path and query
//! values, oversized bodies, text the database could not store.

use kurs_api_tests::{ApiResponse, Roles, TestApp};
use reqwest::Method;
use serde_json::json;

async fn department_count(roles: &Roles) -> usize {
    roles
        .officer
        .get("/api/v1/departments")
        .await
        .body
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test]
async fn an_unknown_api_route_is_a_404_problem() {
    let (app, roles) = TestApp::with_roles().await;
    for path in [
        "/api/v1/nope",
        "/api/nope",
        "/api/v2/departments",
        "/api/v1/departments/1/nope",
        "/healthz/deeper",
    ] {
        app.anonymous()
            .get(path)
            .await
            .assert_problem(404, "not_found");
        roles
            .officer
            .get(path)
            .await
            .assert_problem(404, "not_found");
    }
    // A known path with a method it does not have is no server error either.
    let response = roles
        .officer
        .send(Method::PUT, "/api/v1/departments", None, Some(&json!({})))
        .await;
    assert!(
        matches!(response.status, 404 | 405),
        "unexpected answer: {response}"
    );
}

#[tokio::test]
async fn a_body_not_declared_as_json_is_rejected_with_unsupported_content_type() {
    let (app, roles) = TestApp::with_roles().await;
    let before = department_count(&roles).await;
    let body = r#"{"code":"TXT","name":"Text"}"#;
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        None,
    ] {
        roles
            .officer
            .send_raw(Method::POST, "/api/v1/departments", content_type, body)
            .await
            .assert_problem(400, "unsupported_content_type");
        app.anonymous()
            .send_raw(
                Method::POST,
                "/api/v1/auth/login",
                content_type,
                r#"{"username":"admin","password":"x"}"#,
            )
            .await
            .assert_problem(400, "unsupported_content_type");
    }
    assert_eq!(department_count(&roles).await, before);
}

#[tokio::test]
async fn malformed_json_is_a_400_problem_and_changes_nothing() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = department_count(&roles).await;
    for body in [
        "{",
        r#"{"code": "X", "name": }"#,
        "[1, 2",
        "",
        "null",
        "[]",
        r#"{"code": "X", "name": "Y"} trailing"#,
        "\u{feff}{}",
    ] {
        roles
            .officer
            .send_raw(
                Method::POST,
                "/api/v1/departments",
                Some("application/json"),
                body,
            )
            .await
            .assert_problem(400, "invalid_json");
    }
    assert_eq!(department_count(&roles).await, before);
}

#[tokio::test]
async fn a_missing_required_field_is_a_422_naming_it() {
    let (_app, roles) = TestApp::with_roles().await;
    let response = roles
        .officer
        .post(
            "/api/v1/users",
            json!({ "username": "x", "display_name": "x" }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields().len(), 1, "{response}");
    assert!(
        matches!(response.error_fields()[0].as_str(), "password" | "role"),
        "{response}"
    );
}

#[tokio::test]
async fn values_of_the_wrong_type_are_client_errors() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = department_count(&roles).await;
    for body in [
        json!({ "code": 5, "name": "x" }),
        json!({ "code": "X", "name": "x", "parent_id": "eins" }),
        json!({ "code": "X", "name": "x", "active": "ja" }),
        json!({ "code": "X", "name": "x", "position": 1.5 }),
        json!({ "code": "X", "name": "x", "position": 99_999_999_999_i64 }),
    ] {
        let response = roles.officer.post("/api/v1/departments", body).await;
        assert!(
            matches!(response.status, 400 | 422),
            "a type error is the client's: {response}"
        );
        assert_eq!(
            response.header("content-type"),
            Some("application/problem+json")
        );
    }
    let response = roles
        .officer
        .post(
            "/api/v1/users",
            json!({ "username": "x", "display_name": "x", "password": "long enough password", "role": "king" }),
        )
        .await;
    assert!(matches!(response.status, 400 | 422), "{response}");
    assert_eq!(department_count(&roles).await, before);
}

#[tokio::test]
async fn bad_path_and_query_values_are_400_problems() {
    let (_app, roles) = TestApp::with_roles().await;
    for path in [
        "/api/v1/departments/abc",
        "/api/v1/departments/99999999999",
        "/api/v1/departments/1.5",
        "/api/v1/users/%00",
    ] {
        roles
            .officer
            .get(path)
            .await
            .assert_problem(400, "invalid_path");
    }
    roles
        .officer
        .get("/api/v1/audit?entity_id=abc")
        .await
        .assert_problem(400, "invalid_query");
    // Ids that parse but do not exist are simply absent.
    for path in ["/api/v1/departments/0", "/api/v1/departments/-1"] {
        roles
            .officer
            .get(path)
            .await
            .assert_problem(404, "not_found");
    }
}

#[tokio::test]
async fn an_oversized_body_is_rejected_before_it_is_read() {
    let (_app, roles) = TestApp::with_roles().await;
    let huge = format!(r#"{{"code":"BIG","name":"{}"}}"#, "x".repeat(1024 * 1024));
    roles
        .officer
        .send_raw(
            Method::POST,
            "/api/v1/departments",
            Some("application/json"),
            huge,
        )
        .await
        .assert_problem(400, "payload_too_large");
}

#[tokio::test]
async fn no_hostile_input_causes_a_server_error() {
    let (_app, roles) = TestApp::with_roles().await;
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let fb1 = format!("/api/v1/departments/{}", roles.fb1);
    let cases: Vec<(Method, String, Option<&str>, String)> = vec![
        (
            Method::POST,
            "/api/v1/departments".into(),
            Some("application/json"),
            deep.clone(),
        ),
        (
            Method::POST,
            "/api/v1/auth/login".into(),
            Some("application/json"),
            deep,
        ),
        (
            Method::POST,
            "/api/v1/departments".into(),
            Some("application/json"),
            r#"{"code":"NUL","name":"a\u0000b"}"#.into(),
        ),
        (
            Method::POST,
            "/api/v1/auth/login".into(),
            Some("application/json"),
            r#"{"username":"a\u0000b","password":"x"}"#.into(),
        ),
        (
            Method::POST,
            "/api/v1/departments".into(),
            Some("application/json"),
            r#"{"code":"SUR","name":"\ud800"}"#.into(),
        ),
        (
            Method::POST,
            "/api/v1/departments".into(),
            Some("application/json"),
            json!({ "code": "EMOJI", "name": "Bürgerbüro 🏛️ ǅ" }).to_string(),
        ),
        (
            Method::POST,
            "/api/v1/departments".into(),
            Some("application/json"),
            json!({ "code": "POS", "name": "x", "position": i32::MIN }).to_string(),
        ),
        (
            Method::POST,
            "/api/v1/departments".into(),
            Some("application/json"),
            json!({ "code": "PAR", "name": "x", "parent_id": i32::MAX }).to_string(),
        ),
        (
            Method::PATCH,
            fb1.clone(),
            Some("application/json"),
            json!({ "parent_id": -5 }).to_string(),
        ),
        (
            Method::GET,
            "/api/v1/audit?page=1000000&per_page=200".into(),
            None,
            String::new(),
        ),
        (
            Method::GET,
            "/api/v1/audit?entity_type=%27%3B%20DROP%20TABLE%20users%3B--".into(),
            None,
            String::new(),
        ),
        (
            Method::GET,
            "/api/v1/audit?entity_id=2147483648".into(),
            None,
            String::new(),
        ),
        (
            Method::GET,
            "/api/v1/audit?entity_type=a%00b".into(),
            None,
            String::new(),
        ),
    ];
    for (method, path, content_type, body) in cases {
        let label = format!(
            "{method} {path} {}",
            body.chars().take(60).collect::<String>()
        );
        let mut builder = roles.officer.request(method.clone(), &path).body(body);
        if let Some(ct) = content_type {
            builder = builder.header("content-type", ct);
        }
        if method == Method::PATCH {
            builder = builder.header("if-match", "\"v1\"");
        }
        let response = ApiResponse::read(label, builder).await;
        assert!(
            response.status < 500,
            "hostile input must not cause a server error: {response}"
        );
        if response.status >= 400 {
            assert_eq!(
                response.header("content-type"),
                Some("application/problem+json"),
                "{response}"
            );
        }
    }
    // The log query with SQL in it was treated as data.
    roles.officer.get("/api/v1/users").await.assert_status(200);
}

#[tokio::test]
async fn a_nul_character_in_text_is_a_validation_error_on_every_backend() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = department_count(&roles).await;
    let response = roles
        .officer
        .post(
            "/api/v1/departments",
            json!({ "code": "N\u{0}L", "name": "a\u{0}b" }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), vec!["code", "name"]);
    assert_eq!(department_count(&roles).await, before);
}
