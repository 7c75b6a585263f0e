//! Optimistic locking under real concurrency: of several changes sent with the same
//! If-Match exactly one wins, the others get `412`, and the stored state is the winner's.
//! Concurrent refreshes of one refresh cookie likewise let only one through.

use kurs_api_tests::{ApiResponse, REFRESH_COOKIE, Session, TestApp};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn two_concurrent_patches_with_the_same_etag_let_exactly_one_win() {
    let (app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/departments/{}", roles.fb1);
    for round in 1..=5 {
        let current = roles.officer.get(&path).await;
        let etag = current.etag();
        let version = current.body["version"].as_i64().expect("a version");
        let audit_before = app.audit_count().await;
        let officer_name = format!("Officer {round}");
        let admin_name = format!("Admin {round}");

        let (a, b) = futures_util::join!(
            roles
                .officer
                .patch(&path, Some(&etag), json!({ "name": officer_name })),
            roles
                .admin
                .patch(&path, Some(&etag), json!({ "name": admin_name })),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 412], "round {round}: {a} / {b}");

        let (winner, loser, winner_name) = if a.status == 200 {
            (&a, &b, &officer_name)
        } else {
            (&b, &a, &admin_name)
        };
        assert_eq!(loser.code(), "version_mismatch");
        assert_eq!(loser.body["current_version"], version + 1);
        let after = roles.officer.get(&path).await;
        assert_eq!(&after.body["name"], winner_name);
        assert_eq!(after.body, winner.body);
        assert_eq!(after.body["version"], version + 1, "exactly one increment");
        assert_eq!(
            app.audit_count().await,
            audit_before + 1,
            "only the winner is audited"
        );
    }
}

#[tokio::test]
async fn many_concurrent_patches_with_the_same_etag_let_exactly_one_win() {
    let (app, roles) = TestApp::with_roles().await;
    let path = format!("/api/v1/departments/{}", roles.fb2);
    let sessions: [&Session; 2] = [&roles.officer, &roles.admin];
    let audit_before = app.audit_count().await;
    let responses = futures_util::future::join_all((0..8).map(|i| {
        let path = path.clone();
        let session = sessions[i % 2];
        async move {
            session
                .patch(&path, Some("\"v1\""), json!({ "position": i }))
                .await
        }
    }))
    .await;
    let winners: Vec<_> = responses.iter().filter(|r| r.status == 200).collect();
    assert_eq!(winners.len(), 1, "{responses:#?}");
    assert!(
        responses
            .iter()
            .filter(|r| r.status != 200)
            .all(|r| r.status == 412 && r.code() == "version_mismatch"),
        "{responses:#?}"
    );
    let after = roles.officer.get(&path).await;
    assert_eq!(after.body["position"], winners[0].body["position"]);
    assert_eq!(after.body["version"], 2);
    assert_eq!(app.audit_count().await, audit_before + 1);
}

async fn refresh_with(app: &TestApp, cookie: &str) -> ApiResponse {
    let builder = app
        .anonymous()
        .request(Method::POST, "/api/v1/auth/refresh")
        .header("cookie", format!("{REFRESH_COOKIE}={cookie}"));
    ApiResponse::read("POST /api/v1/auth/refresh".into(), builder).await
}

#[tokio::test]
async fn concurrent_refreshes_of_one_cookie_let_only_one_through() {
    let (app, roles) = TestApp::with_roles().await;
    let cookie = roles.editor1.refresh_cookie().expect("a refresh cookie");
    let (a, b) = futures_util::join!(refresh_with(&app, &cookie), refresh_with(&app, &cookie));
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 401], "{a} / {b}");
    // The presented cookie is spent either way.
    refresh_with(&app, &cookie).await.assert_status(401);
}
