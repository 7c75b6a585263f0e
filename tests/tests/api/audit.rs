//! The audit log: one entry per change with actor and before/after, none for rejected
//! changes; only officers and admins read it; bounded paging, newest first; filters.

use kurs_api_tests::{Session, TestApp};
use serde_json::{Value, json};

/// The audit entries of one entity, newest first.
async fn entries(reader: &Session, entity_type: &str, entity_id: i32) -> Vec<Value> {
    let response = reader
        .get(&format!(
            "/api/v1/audit?entity_type={entity_type}&entity_id={entity_id}&per_page=200"
        ))
        .await;
    response.assert_status(200);
    assert_eq!(
        response.body["total"].as_u64(),
        Some(response.body["items"].as_array().map_or(0, Vec::len) as u64)
    );
    response.body["items"].as_array().expect("items").clone()
}

#[tokio::test]
async fn every_department_change_leaves_exactly_one_entry_with_before_and_after() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;

    let created = officer
        .post(
            "/api/v1/departments",
            json!({ "code": "FB9", "name": "Alt" }),
        )
        .await;
    created.assert_status(201);
    let id = created.id();
    let log = entries(&roles.admin, "department", id).await;
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0]["action"], "create");
    assert_eq!(log[0]["entity_type"], "department");
    assert_eq!(log[0]["entity_id"], id);
    assert_eq!(log[0]["actor_id"], officer.user_id);
    assert_eq!(log[0]["actor_name"], "Test officer");
    assert_eq!(log[0]["before"], Value::Null);
    assert_eq!(log[0]["after"], created.body);
    assert!(log[0]["at"].as_str().is_some_and(|at| !at.is_empty()));

    let path = format!("/api/v1/departments/{id}");
    let updated = officer
        .patch(&path, Some("\"v1\""), json!({ "name": "Neu" }))
        .await;
    updated.assert_status(200);
    let log = entries(&roles.admin, "department", id).await;
    assert_eq!(log.len(), 2, "{log:?}");
    assert_eq!(log[0]["action"], "update", "newest first");
    assert_eq!(log[0]["before"], created.body);
    assert_eq!(log[0]["after"], updated.body);
    assert_eq!(log[0]["before"]["name"], "Alt");
    assert_eq!(log[0]["after"]["name"], "Neu");

    roles
        .admin
        .delete(&path, Some("\"v2\""))
        .await
        .assert_status(204);
    let log = entries(&roles.officer, "department", id).await;
    assert_eq!(log.len(), 3, "{log:?}");
    assert_eq!(log[0]["action"], "delete");
    assert_eq!(log[0]["actor_id"], roles.admin.user_id);
    assert_eq!(log[0]["before"], updated.body);
    assert_eq!(log[0]["after"], Value::Null);
}

#[tokio::test]
async fn every_user_change_leaves_exactly_one_entry_and_never_a_password() {
    let (_app, roles) = TestApp::with_roles().await;
    let created = roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "carla", "display_name": "Carla",
                "password": "Carlas geheimes Passwort", "role": "editor",
                "department_ids": [roles.fb1]
            }),
        )
        .await;
    created.assert_status(201);
    let id = created.id();
    let log = entries(&roles.admin, "user", id).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0]["action"], "create");
    assert_eq!(log[0]["before"], Value::Null);
    assert_eq!(log[0]["after"], created.body);

    let path = format!("/api/v1/users/{id}");
    let updated = roles
        .officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "role": "council", "password": "ein anderes langes Passwort", "department_ids": [] }),
        )
        .await;
    updated.assert_status(200);
    let log = entries(&roles.admin, "user", id).await;
    assert_eq!(log.len(), 2);
    assert_eq!(log[0]["action"], "update");
    assert_eq!(log[0]["before"]["role"], "editor");
    assert_eq!(log[0]["before"]["department_ids"], json!([roles.fb1]));
    assert_eq!(log[0]["after"]["role"], "council");
    assert_eq!(log[0]["after"]["department_ids"], json!([]));
    let text = serde_json::to_string(&log).expect("json");
    for secret in [
        "Carlas geheimes Passwort",
        "ein anderes langes Passwort",
        "argon2",
        "password",
    ] {
        assert!(!text.contains(secret), "the audit log leaks {secret:?}");
    }
}

#[tokio::test]
async fn rejected_changes_leave_no_audit_entry() {
    let (app, roles) = TestApp::with_roles().await;
    let before = app.audit_count().await;
    let fb1 = format!("/api/v1/departments/{}", roles.fb1);
    let attempts = [
        roles
            .officer
            .patch(&fb1, None, json!({ "name": "x" }))
            .await
            .status,
        roles
            .officer
            .patch(&fb1, Some("\"v7\""), json!({ "name": "x" }))
            .await
            .status,
        roles
            .officer
            .patch(&fb1, Some("\"v1\""), json!({ "name": "" }))
            .await
            .status,
        roles
            .officer
            .patch(&fb1, Some("\"v1\""), json!({ "code": "FB2" }))
            .await
            .status,
        roles
            .council
            .patch(&fb1, Some("\"v1\""), json!({ "name": "x" }))
            .await
            .status,
        roles
            .officer
            .delete(&fb1, Some("\"v1\""))
            .await
            .status,
        roles
            .officer
            .post(
                "/api/v1/users",
                json!({ "username": "x", "display_name": "x", "password": "kurz", "role": "council" }),
            )
            .await
            .status,
    ];
    assert_eq!(attempts, [428, 412, 422, 409, 403, 409, 422]);
    assert_eq!(app.audit_count().await, before);
}

#[tokio::test]
async fn only_officers_and_admins_read_the_audit_log() {
    let (app, roles) = TestApp::with_roles().await;
    for (who, session) in [("council", &roles.council), ("editor", &roles.editor1)] {
        let response = session.get("/api/v1/audit").await;
        assert_eq!(response.status, 403, "{who}: {response}");
        response.assert_problem(403, "forbidden");
        assert!(response.body.get("items").is_none());
    }
    app.anonymous()
        .get("/api/v1/audit")
        .await
        .assert_problem(401, "unauthenticated");
    let total = app.audit_count().await;
    assert!(
        total >= 7,
        "the fixture's 2 departments and 5 users are audited"
    );
    for session in [&roles.officer, &roles.admin] {
        let response = session.get("/api/v1/audit").await;
        response.assert_status(200);
        assert_eq!(response.body["total"], total);
        assert!(!response.body["items"].as_array().expect("items").is_empty());
    }
}

#[tokio::test]
async fn paging_is_bounded_and_rejects_out_of_range_values() {
    let (_app, roles) = TestApp::with_roles().await;
    for (query, field) in [
        ("per_page=201", "per_page"),
        ("per_page=0", "per_page"),
        ("page=0", "page"),
        ("page=1000001", "page"),
    ] {
        let response = roles.officer.get(&format!("/api/v1/audit?{query}")).await;
        response.assert_problem(422, "validation_failed");
        assert_eq!(response.error_fields(), vec![field], "{query}");
    }
    for query in ["per_page=abc", "page=-1", "colour=blue"] {
        roles
            .officer
            .get(&format!("/api/v1/audit?{query}"))
            .await
            .assert_problem(400, "invalid_query");
    }
    let max = roles.officer.get("/api/v1/audit?per_page=200").await;
    max.assert_status(200);
    assert_eq!(max.body["per_page"], 200);
    let default = roles.officer.get("/api/v1/audit").await;
    assert_eq!(default.body["page"], 1);
    assert_eq!(default.body["per_page"], 50);
}

#[tokio::test]
async fn pages_split_the_log_newest_first_without_overlap() {
    let (app, roles) = TestApp::with_roles().await;
    let baseline = app.audit_count().await;
    for i in 0..5 {
        roles
            .officer
            .post(
                "/api/v1/departments",
                json!({ "code": format!("P{i}"), "name": format!("Seite {i}") }),
            )
            .await
            .assert_status(201);
    }
    let total = app.audit_count().await;
    assert_eq!(total, baseline + 5);
    let total_items = usize::try_from(total).expect("small");
    let pages = total_items.div_ceil(2);
    let mut seen = Vec::new();
    for page in 1..=pages + 1 {
        let response = roles
            .officer
            .get(&format!("/api/v1/audit?per_page=2&page={page}"))
            .await;
        response.assert_status(200);
        assert_eq!(response.body["total"], total);
        assert_eq!(response.body["page"], page);
        let items = response.body["items"].as_array().expect("items");
        let expected = (total_items - seen.len()).min(2);
        assert_eq!(items.len(), expected, "page {page}");
        seen.extend(items.iter().map(|e| e["id"].as_i64().expect("id")));
    }
    assert_eq!(seen.len(), total_items);
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(seen, sorted, "strictly newest first, no entry twice");
}

#[tokio::test]
async fn the_log_filters_by_entity_and_actor() {
    let (_app, roles) = TestApp::with_roles().await;
    roles
        .officer
        .patch(
            &format!("/api/v1/departments/{}", roles.fb2),
            Some("\"v1\""),
            json!({ "name": "FB zwei" }),
        )
        .await
        .assert_status(200);
    let by_officer = roles
        .admin
        .get(&format!("/api/v1/audit?actor_id={}", roles.officer.user_id))
        .await;
    assert_eq!(by_officer.body["total"], 1);
    assert_eq!(by_officer.body["items"][0]["entity_id"], roles.fb2);

    let departments = roles
        .admin
        .get("/api/v1/audit?entity_type=department")
        .await;
    assert_eq!(departments.body["total"], 3);
    let users = roles.admin.get("/api/v1/audit?entity_type=user").await;
    assert_eq!(users.body["total"], 5);
    assert!(
        users.body["items"]
            .as_array()
            .expect("items")
            .iter()
            .all(|e| e["entity_type"] == "user")
    );
}
