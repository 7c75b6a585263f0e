//! `/api/v1/departments`: create, read, update, delete; ETag/If-Match; validation;
//! uniqueness; the tree may not get cycles; referenced departments are not deleted.

use kurs_api_tests::{Session, TestApp};
use serde_json::{Value, json};

async fn create(session: &Session, body: Value) -> (i32, String) {
    let response = session.post("/api/v1/departments", body).await;
    response.assert_status(201);
    (response.id(), response.etag())
}

async fn list(session: &Session) -> Value {
    let response = session.get("/api/v1/departments").await;
    response.assert_status(200);
    response.body
}

#[tokio::test]
async fn officers_create_read_update_and_delete_departments() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;

    let created = officer
        .post(
            "/api/v1/departments",
            json!({ "code": "FB3", "name": "Bürgerservice", "parent_id": roles.fb1, "position": 4 }),
        )
        .await;
    created.assert_status(201);
    assert_eq!(created.etag(), "\"v1\"");
    assert_eq!(created.body["code"], "FB3");
    assert_eq!(created.body["name"], "Bürgerservice");
    assert_eq!(created.body["parent_id"], roles.fb1);
    assert_eq!(created.body["position"], 4);
    assert_eq!(created.body["active"], true, "active defaults to true");
    assert_eq!(created.body["version"], 1);
    let id = created.id();
    let path = format!("/api/v1/departments/{id}");

    let read = officer.get(&path).await;
    read.assert_status(200);
    assert_eq!(read.body, created.body);
    assert_eq!(read.etag(), "\"v1\"");
    let all = list(&roles.council).await;
    let codes: Vec<&str> = all
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    assert_eq!(codes.len(), 3);
    assert!(codes.contains(&"FB3"));

    let updated = officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "name": "  Bürgerservice und Ordnung  ", "active": false }),
        )
        .await;
    updated.assert_status(200);
    assert_eq!(updated.etag(), "\"v2\"");
    assert_eq!(updated.body["version"], 2);
    assert_eq!(
        updated.body["name"], "Bürgerservice und Ordnung",
        "names are trimmed"
    );
    assert_eq!(updated.body["active"], false);
    assert_eq!(
        updated.body["code"], "FB3",
        "absent fields stay as they are"
    );
    assert_eq!(updated.body["parent_id"], roles.fb1);
    assert_eq!(officer.get(&path).await.body, updated.body);

    officer
        .delete(&path, Some("\"v1\""))
        .await
        .assert_problem(412, "version_mismatch");
    officer.get(&path).await.assert_status(200);
    officer
        .delete(&path, Some("\"v2\""))
        .await
        .assert_status(204);
    officer.get(&path).await.assert_problem(404, "not_found");
    officer
        .delete(&path, Some("\"v2\""))
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn admins_manage_departments_too() {
    let (_app, roles) = TestApp::with_roles().await;
    let (id, etag) = create(&roles.admin, json!({ "code": "IT", "name": "IT" })).await;
    let path = format!("/api/v1/departments/{id}");
    let etag = {
        let r = roles
            .admin
            .patch(&path, Some(&etag), json!({ "code": "IT-1" }))
            .await;
        r.assert_status(200);
        r.etag()
    };
    roles
        .admin
        .delete(&path, Some(&etag))
        .await
        .assert_status(204);
}

#[tokio::test]
async fn a_change_without_if_match_is_answered_428_and_changes_nothing() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/departments/{}", roles.fb1);
    let before = roles.officer.get(&path).await.body;

    roles
        .officer
        .patch(&path, None, json!({ "name": "Neu" }))
        .await
        .assert_problem(428, "if_match_required");
    roles
        .officer
        .delete(&path, None)
        .await
        .assert_problem(428, "if_match_required");
    assert_eq!(roles.officer.get(&path).await.body, before);
}

#[tokio::test]
async fn a_stale_if_match_is_answered_412_with_the_current_version() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/departments/{}", roles.fb1);
    roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "name": "Erste Änderung" }))
        .await
        .assert_status(200);

    let stale = roles
        .admin
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "name": "Verlorene Änderung" }),
        )
        .await;
    stale.assert_problem(412, "version_mismatch");
    assert_eq!(stale.body["current_version"], 2);

    let future = roles
        .admin
        .patch(&path, Some("\"v9\""), json!({ "name": "Zukunft" }))
        .await;
    future.assert_problem(412, "version_mismatch");
    assert_eq!(future.body["current_version"], 2);

    let now = roles.officer.get(&path).await;
    assert_eq!(now.body["name"], "Erste Änderung");
    assert_eq!(now.etag(), "\"v2\"");
    // A weak ETag of the right version is accepted.
    roles
        .admin
        .patch(&path, Some("W/\"v2\""), json!({ "name": "Dritte" }))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn a_malformed_if_match_is_answered_400() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/departments/{}", roles.fb1);
    for malformed in ["*", "v1", "\"1\"", "\"vX\"", "garbage", "\"v1"] {
        roles
            .officer
            .patch(&path, Some(malformed), json!({ "name": "Neu" }))
            .await
            .assert_problem(400, "invalid_if_match");
    }
    let now = roles.officer.get(&path).await;
    assert_eq!(now.body["name"], "Fachbereich 1");
    assert_eq!(now.body["version"], 1);
}

#[tokio::test]
async fn validation_names_every_invalid_field_at_once_and_creates_nothing() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = list(&roles.officer).await;

    let response = roles
        .officer
        .post(
            "/api/v1/departments",
            json!({ "code": "   ", "name": "x".repeat(201) }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), vec!["code", "name"]);
    let codes: Vec<&str> = response.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["required", "too_long"]);

    let too_long_code = roles
        .officer
        .post(
            "/api/v1/departments",
            json!({ "code": "X".repeat(21), "name": "ok" }),
        )
        .await;
    too_long_code.assert_problem(422, "validation_failed");
    assert_eq!(too_long_code.error_fields(), vec!["code"]);

    let missing = roles
        .officer
        .post("/api/v1/departments", json!({ "name": "ohne Kürzel" }))
        .await;
    missing.assert_problem(422, "validation_failed");
    assert_eq!(missing.error_fields(), vec!["code"]);

    let path = format!("/api/v1/departments/{}", roles.fb1);
    let patch = roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "code": "", "name": "" }))
        .await;
    patch.assert_problem(422, "validation_failed");
    assert_eq!(patch.error_fields(), vec!["code", "name"]);

    let unknown = roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "colour": "blue" }))
        .await;
    unknown.assert_problem(422, "validation_failed");
    assert_eq!(unknown.error_fields(), vec!["colour"]);

    assert_eq!(list(&roles.officer).await, before);
}

#[tokio::test]
async fn a_duplicate_code_is_a_conflict() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = list(&roles.officer).await;
    let duplicate = roles
        .officer
        .post(
            "/api/v1/departments",
            json!({ "code": "FB1", "name": "Doppelt" }),
        )
        .await;
    duplicate.assert_problem(409, "conflict");
    assert_eq!(duplicate.error_fields(), vec!["code"]);
    assert_eq!(list(&roles.officer).await, before);

    let path = format!("/api/v1/departments/{}", roles.fb2);
    let renamed = roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "code": "FB1" }))
        .await;
    renamed.assert_problem(409, "conflict");
    assert_eq!(renamed.error_fields(), vec!["code"]);
    assert_eq!(roles.officer.get(&path).await.body["code"], "FB2");
}

#[tokio::test]
async fn a_department_cannot_become_its_own_ancestor() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let (a, _) = create(officer, json!({ "code": "A", "name": "A" })).await;
    let (b, _) = create(officer, json!({ "code": "B", "name": "B", "parent_id": a })).await;
    let (c, _) = create(officer, json!({ "code": "C", "name": "C", "parent_id": b })).await;
    let path_a = format!("/api/v1/departments/{a}");

    for parent in [a, b, c] {
        let response = officer
            .patch(&path_a, Some("\"v1\""), json!({ "parent_id": parent }))
            .await;
        response.assert_problem(409, "conflict");
        assert_eq!(
            response.error_fields(),
            vec!["parent_id"],
            "parent {parent}"
        );
    }
    let a_now = officer.get(&path_a).await;
    assert_eq!(a_now.body["parent_id"], Value::Null);
    assert_eq!(a_now.body["version"], 1);

    // Moving a leaf under another branch is fine.
    let path_c = format!("/api/v1/departments/{c}");
    let moved = officer
        .patch(&path_c, Some("\"v1\""), json!({ "parent_id": roles.fb2 }))
        .await;
    moved.assert_status(200);
    assert_eq!(moved.body["parent_id"], roles.fb2);
}

#[tokio::test]
async fn a_missing_parent_is_rejected() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = list(&roles.officer).await;
    let response = roles
        .officer
        .post(
            "/api/v1/departments",
            json!({ "code": "X", "name": "X", "parent_id": 999_999 }),
        )
        .await;
    response.assert_problem(409, "conflict");
    assert_eq!(response.error_fields(), vec!["parent_id"]);
    assert_eq!(list(&roles.officer).await, before);
}

#[tokio::test]
async fn null_moves_a_department_to_the_top_and_an_absent_parent_stays() {
    let (_app, roles) = TestApp::with_roles().await;
    let (id, _) = create(
        &roles.officer,
        json!({ "code": "SUB", "name": "Abteilung", "parent_id": roles.fb1 }),
    )
    .await;
    let path = format!("/api/v1/departments/{id}");
    let renamed = roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "name": "Umbenannt" }))
        .await;
    renamed.assert_status(200);
    assert_eq!(renamed.body["parent_id"], roles.fb1);
    let top = roles
        .officer
        .patch(&path, Some("\"v2\""), json!({ "parent_id": null }))
        .await;
    top.assert_status(200);
    assert_eq!(top.body["parent_id"], Value::Null);
}

#[tokio::test]
async fn a_department_still_referenced_is_not_deleted() {
    let (_app, roles) = TestApp::with_roles().await;
    // editor1 belongs to FB1.
    let path = format!("/api/v1/departments/{}", roles.fb1);
    roles
        .officer
        .delete(&path, Some("\"v1\""))
        .await
        .assert_problem(409, "conflict");
    roles.officer.get(&path).await.assert_status(200);

    // A parent with a child is referenced too.
    let (child, _) = create(
        &roles.officer,
        json!({ "code": "SUB", "name": "Abteilung", "parent_id": roles.fb2 }),
    )
    .await;
    let fb2 = format!("/api/v1/departments/{}", roles.fb2);
    roles
        .officer
        .patch(
            &format!("/api/v1/users/{}", roles.editor2.user_id),
            Some("\"v1\""),
            json!({ "department_ids": [child] }),
        )
        .await
        .assert_status(200);
    roles
        .officer
        .delete(&fb2, Some("\"v1\""))
        .await
        .assert_problem(409, "conflict");
    roles.officer.get(&fb2).await.assert_status(200);
}

#[tokio::test]
async fn unknown_departments_answer_404() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = "/api/v1/departments/999999";
    roles
        .officer
        .get(path)
        .await
        .assert_problem(404, "not_found");
    roles
        .officer
        .patch(path, Some("\"v1\""), json!({ "name": "x" }))
        .await
        .assert_problem(404, "not_found");
    roles
        .officer
        .delete(path, Some("\"v1\""))
        .await
        .assert_problem(404, "not_found");
}
