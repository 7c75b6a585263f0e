//! `/api/v1/users`: accounts and roles; only admins touch admin accounts; passwords of at
//! least 12 characters; ETag/If-Match; validation and uniqueness; visibility of accounts.

use kurs_api_tests::{PASSWORD, TestApp};
use serde_json::{Value, json};

async fn user_list(app_session: &kurs_api_tests::Session) -> Value {
    let response = app_session.get("/api/v1/users").await;
    response.assert_status(200);
    response.body
}

fn usernames(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .filter_map(|u| u["username"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn officers_create_accounts_that_can_then_sign_in() {
    let (app, roles) = TestApp::with_roles().await;
    let created = roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "berta",
                "display_name": "Berta Beispiel",
                "email": "berta@example.org",
                "password": "ein langes Passwort",
                "role": "editor",
                "department_ids": [roles.fb2]
            }),
        )
        .await;
    created.assert_status(201);
    assert_eq!(created.etag(), "\"v1\"");
    assert_eq!(created.body["username"], "berta");
    assert_eq!(created.body["display_name"], "Berta Beispiel");
    assert_eq!(created.body["email"], "berta@example.org");
    assert_eq!(created.body["role"], "editor");
    assert_eq!(created.body["active"], true);
    assert_eq!(created.body["department_ids"], json!([roles.fb2]));
    for secret in ["password", "password_hash", "ein langes Passwort", "argon2"] {
        assert!(
            !created.text.contains(secret),
            "the account answer must not contain {secret:?}: {created}"
        );
    }

    let listed = user_list(&roles.admin).await;
    assert!(usernames(&listed).contains(&"berta".to_string()));
    assert!(!listed.to_string().contains("argon2"));

    let session = app.login("berta", "ein langes Passwort").await;
    let me = session.get("/api/v1/me").await;
    assert_eq!(me.body["role"], "editor");
    assert_eq!(me.body["department_ids"], json!([roles.fb2]));
}

#[tokio::test]
async fn an_officer_cannot_create_an_admin_and_nothing_is_created() {
    let (app, roles) = TestApp::with_roles().await;
    let before = user_list(&roles.admin).await;
    let audit_before = app.audit_count().await;

    roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "mallory",
                "display_name": "Mallory",
                "password": "a long enough password",
                "role": "admin"
            }),
        )
        .await
        .assert_problem(403, "forbidden");

    assert_eq!(user_list(&roles.admin).await, before);
    assert_eq!(app.audit_count().await, audit_before);
    app.try_login("mallory", "a long enough password")
        .await
        .assert_problem(401, "invalid_credentials");

    // An admin may.
    roles
        .admin
        .post(
            "/api/v1/users",
            json!({
                "username": "second-admin",
                "display_name": "Zweite Administration",
                "password": "a long enough password",
                "role": "admin"
            }),
        )
        .await
        .assert_status(201);
}

#[tokio::test]
async fn an_officer_can_neither_change_an_admin_nor_promote_anyone_to_admin() {
    let (_app, roles) = TestApp::with_roles().await;
    let admin_path = format!("/api/v1/users/{}", roles.admin.user_id);
    let admin_before = roles.admin.get(&admin_path).await.body;
    roles
        .officer
        .patch(
            &admin_path,
            Some("\"v1\""),
            json!({ "display_name": "Übernommen" }),
        )
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(roles.admin.get(&admin_path).await.body, admin_before);

    let editor_path = format!("/api/v1/users/{}", roles.editor1.user_id);
    let editor_before = roles.admin.get(&editor_path).await.body;
    roles
        .officer
        .patch(&editor_path, Some("\"v1\""), json!({ "role": "admin" }))
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(roles.admin.get(&editor_path).await.body, editor_before);

    // Other roles are the officer's to give.
    let promoted = roles
        .officer
        .patch(&editor_path, Some("\"v1\""), json!({ "role": "council" }))
        .await;
    promoted.assert_status(200);
    assert_eq!(promoted.body["role"], "council");
}

#[tokio::test]
async fn passwords_shorter_than_twelve_characters_are_rejected() {
    let (app, roles) = TestApp::with_roles().await;
    let before = user_list(&roles.officer).await;
    let short = roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "kurz", "display_name": "Kurz",
                "password": "elf Zeichen", "role": "council"
            }),
        )
        .await;
    short.assert_problem(422, "validation_failed");
    assert_eq!(short.error_fields(), vec!["password"]);
    assert_eq!(short.body["errors"][0]["code"], "too_short");
    assert_eq!(user_list(&roles.officer).await, before);

    // Twelve characters count, not bytes: twelve umlauts are enough.
    roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "umlaut", "display_name": "Umlaut",
                "password": "ääääääääääää", "role": "council"
            }),
        )
        .await
        .assert_status(201);
    app.login("umlaut", "ääääääääääää").await;

    let path = format!("/api/v1/users/{}", roles.council.user_id);
    let patch = roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "password": "zu kurz" }))
        .await;
    patch.assert_problem(422, "validation_failed");
    assert_eq!(patch.error_fields(), vec!["password"]);
    app.login("council", PASSWORD).await;
}

#[tokio::test]
async fn validation_names_every_invalid_field_at_once() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = user_list(&roles.officer).await;
    let response = roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "mit leerzeichen",
                "display_name": "   ",
                "email": "keine-adresse",
                "password": "kurz",
                "role": "editor"
            }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(
        response.error_fields(),
        vec!["display_name", "email", "password", "username"]
    );
    assert_eq!(user_list(&roles.officer).await, before);

    let path = format!("/api/v1/users/{}", roles.editor1.user_id);
    let patch = roles
        .officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "display_name": "", "email": "a@b", "password": "short" }),
        )
        .await;
    patch.assert_problem(422, "validation_failed");
    assert_eq!(
        patch.error_fields(),
        vec!["display_name", "email", "password"]
    );
}

#[tokio::test]
async fn a_duplicate_username_is_a_conflict() {
    let (_app, roles) = TestApp::with_roles().await;
    let before = user_list(&roles.officer).await;
    let response = roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "editor1", "display_name": "Doppelt",
                "password": "a long enough password", "role": "editor"
            }),
        )
        .await;
    response.assert_problem(409, "conflict");
    assert_eq!(response.error_fields(), vec!["username"]);
    assert_eq!(user_list(&roles.officer).await, before);
}

#[tokio::test]
async fn an_account_in_a_missing_department_is_rejected_without_a_trace() {
    let (app, roles) = TestApp::with_roles().await;
    let before = user_list(&roles.officer).await;
    let audit_before = app.audit_count().await;
    let response = roles
        .officer
        .post(
            "/api/v1/users",
            json!({
                "username": "nirgends", "display_name": "Nirgends",
                "password": "a long enough password", "role": "editor",
                "department_ids": [999_999]
            }),
        )
        .await;
    assert!(
        matches!(response.status, 409 | 422),
        "a missing department is the client's error: {response}"
    );
    assert_eq!(user_list(&roles.officer).await, before);
    assert_eq!(app.audit_count().await, audit_before);
}

#[tokio::test]
async fn users_read_their_own_account_but_no_one_elses() {
    let (_app, roles) = TestApp::with_roles().await;
    let own = roles
        .editor1
        .get(&format!("/api/v1/users/{}", roles.editor1.user_id))
        .await;
    own.assert_status(200);
    assert_eq!(own.body["username"], "editor1");
    assert_eq!(own.etag(), "\"v1\"");

    roles
        .editor1
        .get(&format!("/api/v1/users/{}", roles.editor2.user_id))
        .await
        .assert_problem(404, "not_found");
    roles
        .council
        .get(&format!("/api/v1/users/{}", roles.admin.user_id))
        .await
        .assert_problem(404, "not_found");
    roles
        .editor1
        .get("/api/v1/users")
        .await
        .assert_problem(403, "forbidden");
    roles
        .officer
        .get("/api/v1/users/999999")
        .await
        .assert_problem(404, "not_found");

    let all = user_list(&roles.officer).await;
    assert_eq!(
        usernames(&all),
        vec!["admin", "council", "editor1", "editor2", "officer"]
    );
}

#[tokio::test]
async fn changing_an_account_needs_the_current_etag() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/users/{}", roles.council.user_id);
    let body = json!({ "display_name": "Ratsmitglied" });
    roles
        .officer
        .patch(&path, None, body.clone())
        .await
        .assert_problem(428, "if_match_required");
    roles
        .officer
        .patch(&path, Some("v1"), body.clone())
        .await
        .assert_problem(400, "invalid_if_match");

    let changed = roles
        .officer
        .patch(&path, Some("\"v1\""), body.clone())
        .await;
    changed.assert_status(200);
    assert_eq!(changed.etag(), "\"v2\"");
    assert_eq!(changed.body["display_name"], "Ratsmitglied");

    let stale = roles
        .admin
        .patch(&path, Some("\"v1\""), json!({ "display_name": "Verloren" }))
        .await;
    stale.assert_problem(412, "version_mismatch");
    assert_eq!(stale.body["current_version"], 2);
    assert_eq!(
        roles.officer.get(&path).await.body["display_name"],
        "Ratsmitglied"
    );
}

#[tokio::test]
async fn editors_departments_are_replaced_and_null_clears_the_email() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/users/{}", roles.editor1.user_id);
    let changed = roles
        .officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "department_ids": [roles.fb1, roles.fb2], "email": "e1@example.org" }),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(
        changed.body["department_ids"],
        json!([roles.fb1, roles.fb2])
    );
    assert_eq!(changed.body["email"], "e1@example.org");
    let me = roles.editor1.get("/api/v1/me").await;
    assert_eq!(me.body["department_ids"], json!([roles.fb1, roles.fb2]));

    let cleared = roles
        .officer
        .patch(&path, Some("\"v2\""), json!({ "email": null }))
        .await;
    cleared.assert_status(200);
    assert_eq!(cleared.body["email"], Value::Null);
    assert_eq!(
        cleared.body["department_ids"],
        json!([roles.fb1, roles.fb2]),
        "absent department_ids stay as they are"
    );
}

#[tokio::test]
async fn nobody_can_disable_their_own_account() {
    let (_app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/users/{}", roles.admin.user_id);
    let response = roles
        .admin
        .patch(&path, Some("\"v1\""), json!({ "active": false }))
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), vec!["active"]);
    roles.admin.get("/api/v1/me").await.assert_status(200);
}

#[tokio::test]
async fn changing_a_password_ends_the_accounts_sessions() {
    let (app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/users/{}", roles.editor1.user_id);
    roles
        .officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "password": "ein ganz neues Passwort" }),
        )
        .await
        .assert_status(200);
    roles
        .editor1
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
    app.try_login("editor1", PASSWORD)
        .await
        .assert_problem(401, "invalid_credentials");
    app.login("editor1", "ein ganz neues Passwort").await;
    // A change of anything else leaves sessions alone.
    let path = format!("/api/v1/users/{}", roles.editor2.user_id);
    roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "display_name": "E2" }))
        .await
        .assert_status(200);
    roles.editor2.get("/api/v1/me").await.assert_status(200);
}
