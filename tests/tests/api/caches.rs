//! The two in-memory caches of the request path never answer with something the database
//! no longer says: the session check (`store::principal_cache`) forgets every answer when a
//! user or session changes, and `GET /measures/{id}` (`http::measure_cache`) is keyed by
//! the data version (on PostgreSQL the newest audit id, so a change made through *another*
//! server on the same database shows at once too; on SQLite this process's commit count,
//! and a second server on the same file is refused). Each test warms the cache first, then
//! changes the data, then reads again.

use std::time::{Duration, Instant};

use kurs_api_tests::{Backend, Roles, Session, TestApp, statuses};
use reqwest::Method;
use serde_json::{Value, json};

/// A measure led by `department` under a new goal; `extra` overrides fields.
async fn measure(roles: &Roles, code: &str, department: i32, extra: Value) -> i32 {
    let goal = roles
        .officer
        .post(
            "/api/v1/goals",
            json!({ "code": format!("Z-{code}"), "title": format!("Ziel {code}") }),
        )
        .await;
    goal.assert_status(201);
    let mut body = json!({
        "code": code,
        "title": format!("Maßnahme {code}"),
        "goal_ids": [goal.id()],
        "lead_department_id": department,
        "status_id": statuses(&roles.officer).await["in_umsetzung"],
    });
    for (key, value) in extra.as_object().expect("an object") {
        body[key] = value.clone();
    }
    let created = roles.officer.post("/api/v1/measures", body).await;
    created.assert_status(201);
    created.id()
}

async fn change_user(roles: &Roles, user_id: i32, changes: Value) {
    let path = format!("/api/v1/users/{user_id}");
    let etag = roles.admin.get(&path).await.etag();
    roles
        .admin
        .patch(&path, Some(&etag), changes)
        .await
        .assert_status(200);
}

async fn report_progress(session: &Session, measure_id: i32, progress: i32) -> u16 {
    let path = format!("/api/v1/measures/{measure_id}");
    let etag = session.get(&path).await.etag();
    let status_id = statuses(session).await["in_umsetzung"];
    session
        .send(
            Method::POST,
            &format!("{path}/updates"),
            Some(&etag),
            Some(&json!({ "narrative": "Stand", "progress": progress, "status_id": status_id })),
        )
        .await
        .status
}

#[tokio::test]
async fn a_changed_department_or_role_applies_to_the_very_next_request() {
    let (_app, roles) = TestApp::with_roles().await;
    let in_fb2 = measure(&roles, "M-FB2", roles.fb2, json!({})).await;

    // editor1 is checked (and cached) as an editor of FB1: FB2's measure is not theirs.
    let me = roles.editor1.get("/api/v1/me").await;
    assert_eq!(me.body["department_ids"], json!([roles.fb1]));
    assert_eq!(report_progress(&roles.editor1, in_fb2, 10).await, 403);

    change_user(
        &roles,
        roles.editor1.user_id,
        json!({ "department_ids": [roles.fb2] }),
    )
    .await;
    let me = roles.editor1.get("/api/v1/me").await;
    assert_eq!(me.body["department_ids"], json!([roles.fb2]));
    assert_eq!(report_progress(&roles.editor1, in_fb2, 20).await, 201);

    change_user(&roles, roles.editor1.user_id, json!({ "role": "council" })).await;
    assert_eq!(
        roles.editor1.get("/api/v1/me").await.body["role"],
        "council"
    );
    assert_eq!(report_progress(&roles.editor1, in_fb2, 30).await, 403);
    let read = roles
        .officer
        .get(&format!("/api/v1/measures/{in_fb2}"))
        .await;
    assert_eq!(
        read.body["progress"], 20,
        "only the editor's update was applied"
    );
}

#[tokio::test]
async fn a_disabled_user_is_refused_at_once_even_right_after_a_cached_check() {
    let (_app, roles) = TestApp::with_roles().await;
    roles.editor2.get("/api/v1/me").await.assert_status(200);
    change_user(&roles, roles.editor2.user_id, json!({ "active": false })).await;
    roles
        .editor2
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
}

#[tokio::test]
async fn a_measure_read_reflects_every_change_to_it_and_to_what_it_shows() {
    let (_app, roles) = TestApp::with_roles().await;
    let dependency = measure(&roles, "M-A", roles.fb1, json!({})).await;
    let id = measure(
        &roles,
        "M-B",
        roles.fb1,
        json!({ "dependency_ids": [dependency] }),
    )
    .await;
    let path = format!("/api/v1/measures/{id}");
    let first = roles.officer.get(&path).await;
    first.assert_status(200);
    assert_eq!(first.body["dependencies"][0]["title"], "Maßnahme M-A");

    // A status update of the measure itself.
    assert_eq!(report_progress(&roles.editor1, id, 40).await, 201);
    let read = roles.officer.get(&path).await;
    assert_eq!(read.body["progress"], 40);
    assert_eq!(read.etag(), format!("\"v{}\"", read.body["version"]));
    assert_ne!(read.etag(), first.etag());

    // Renaming the measure it depends on changes what this one shows, not its version.
    let dependency_path = format!("/api/v1/measures/{dependency}");
    let etag = roles.officer.get(&dependency_path).await.etag();
    roles
        .officer
        .patch(
            &dependency_path,
            Some(&etag),
            json!({ "title": "Neuer Titel" }),
        )
        .await
        .assert_status(200);
    let read = roles.officer.get(&path).await;
    assert_eq!(read.body["dependencies"][0]["title"], "Neuer Titel");
}

#[tokio::test]
async fn a_cached_measure_is_still_checked_against_each_reader() {
    let (_app, roles) = TestApp::with_roles().await;
    let draft = measure(&roles, "M-D", roles.fb1, json!({ "visibility": "draft" })).await;
    let path = format!("/api/v1/measures/{draft}");
    // The officer's read fills the cache; readers who may not see drafts still get 404.
    roles.officer.get(&path).await.assert_status(200);
    roles.editor1.get(&path).await.assert_status(200);
    roles.council.get(&path).await.assert_status(404);
    roles.editor2.get(&path).await.assert_status(404);

    let etag = roles.officer.get(&path).await.etag();
    roles
        .officer
        .patch(&path, Some(&etag), json!({ "visibility": "internal" }))
        .await
        .assert_status(200);
    roles.council.get(&path).await.assert_status(200);
    roles.editor2.get(&path).await.assert_status(200);
}

#[tokio::test]
async fn sqlite_is_served_by_one_server_and_postgresql_servers_see_each_others_changes() {
    let (app, roles) = TestApp::with_roles().await;
    let id = measure(&roles, "M-S", roles.fb1, json!({})).await;
    let path = format!("/api/v1/measures/{id}");
    let second = app
        .second_server(|settings| settings.session_cache_seconds = 1)
        .await;
    if app.backend == Backend::Sqlite {
        // The caches count this server's own commits on SQLite, which is exact only while
        // no other server writes the file: a second one is refused.
        let refused = second.expect_err("a second server on the same SQLite file is refused");
        assert!(
            refused.contains("another Kurs server is already running"),
            "{refused}"
        );
        roles.officer.get(&path).await.assert_status(200);
        return;
    }
    let second = second.expect("a second PostgreSQL server starts");
    let officer_there = roles.officer.api.on(&second);
    let editor_there = roles.editor2.api.on(&second);

    // Both caches of the second server are warm.
    let before = officer_there.get(&path).await;
    assert_eq!(before.body["title"], "Maßnahme M-S");
    editor_there.get("/api/v1/me").await.assert_status(200);

    // A change through the first server is what the second one answers next.
    let etag = roles.officer.get(&path).await.etag();
    roles
        .officer
        .patch(&path, Some(&etag), json!({ "title": "Umbenannt" }))
        .await
        .assert_status(200);
    let after = officer_there.get(&path).await;
    assert_eq!(after.body["title"], "Umbenannt");
    assert_ne!(after.etag(), before.etag());

    // A user disabled through the first server is refused there at once and by the
    // second server within its session_cache_seconds (1 s here).
    change_user(&roles, roles.editor2.user_id, json!({ "active": false })).await;
    roles
        .editor2
        .get("/api/v1/me")
        .await
        .assert_problem(401, "session_ended");
    let disabled_at = Instant::now();
    loop {
        let status = editor_there.get("/api/v1/me").await.status;
        if status == 401 {
            break;
        }
        assert_eq!(status, 200);
        assert!(
            disabled_at.elapsed() < Duration::from_secs(3),
            "the second server still accepts a disabled user after 3 s"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
