//! The demo data (`kurs serve --demo`): loaded into a fresh database it has the documented
//! size, every measure agrees with its latest status update, the dashboard shows every
//! traffic light, all demo accounts can sign in, and a second load changes nothing.

use std::collections::HashMap;

use kurs::demo::{self, DEMO_PASSWORD};
use kurs::store::entities::{department, goal, measure, status_update, user};
use kurs_api_tests::TestApp;
use sea_orm::{EntityTrait, PaginatorTrait, QueryOrder};

const DEMO_USERS: [&str; 10] = [
    "admin", "officer", "council", "editor1", "editor2", "editor3", "editor4", "editor5",
    "editor6", "editor7",
];

#[tokio::test]
async fn the_demo_loads_once_into_an_empty_database_and_looks_like_a_real_plan() {
    let app = TestApp::spawn().await;
    assert!(
        demo::load_if_empty(&app.db).await.expect("the demo loads"),
        "an empty database gets the demo data"
    );

    // Sizes.
    let departments = department::Entity::find()
        .all(&app.db)
        .await
        .expect("departments");
    assert!(
        (9..=15).contains(&departments.len()),
        "{} departments",
        departments.len()
    );
    let goals = goal::Entity::find().all(&app.db).await.expect("goals");
    let aims = goals.iter().filter(|g| g.parent_id.is_some()).count();
    assert!((20..=30).contains(&aims), "{aims} Ziele");
    let measures = measure::Entity::find()
        .all(&app.db)
        .await
        .expect("measures");
    assert!(
        (50..=80).contains(&measures.len()),
        "{} measures",
        measures.len()
    );

    // Every measure's progress, status and last update date are those of its latest update.
    let updates = status_update::Entity::find()
        .order_by_asc(status_update::Column::ReportingDate)
        .order_by_asc(status_update::Column::Id)
        .all(&app.db)
        .await
        .expect("status updates");
    assert!(updates.len() > 300, "{} status updates", updates.len());
    let mut latest: HashMap<i32, &status_update::Model> = HashMap::new();
    for u in &updates {
        latest.insert(u.measure_id, u);
    }
    for m in &measures {
        match latest.get(&m.id) {
            Some(u) => {
                assert_eq!(m.progress, u.progress, "{}", m.code);
                assert_eq!(m.status_id, u.status_id, "{}", m.code);
                assert_eq!(m.last_update_date, Some(u.reporting_date), "{}", m.code);
            }
            None => {
                assert_eq!(m.last_update_date, None, "{}", m.code);
                assert_eq!(m.progress, 0, "{}", m.code);
            }
        }
    }

    // The dashboard has every light.
    let officer = app.login("officer", DEMO_PASSWORD).await;
    let dashboard = officer.get("/api/v1/dashboard").await;
    dashboard.assert_status(200);
    let lights = &dashboard.body["light_distribution"];
    for light in ["green", "yellow", "red", "pending"] {
        assert!(
            lights[light].as_u64().unwrap_or(0) >= 1,
            "no {light} measure on the dashboard: {lights}"
        );
    }
    assert!(
        lights["green"].as_u64() > lights["yellow"].as_u64(),
        "mostly green: {lights}"
    );
    assert!(
        dashboard.body["strategy"]["description"]
            .as_str()
            .is_some_and(|d| d.starts_with("Beispieldaten")),
        "the strategy says it is example data"
    );

    // Every demo account signs in with the demo password.
    for username in DEMO_USERS {
        app.try_login(username, DEMO_PASSWORD)
            .await
            .assert_status(200);
    }

    // A second load does nothing.
    let users_before = user::Entity::find().count(&app.db).await.expect("users");
    let audit_before = app.audit_count().await;
    assert!(
        !demo::load_if_empty(&app.db)
            .await
            .expect("the second call succeeds"),
        "a database with users gets no demo data"
    );
    assert_eq!(
        user::Entity::find().count(&app.db).await.expect("users"),
        users_before
    );
    assert_eq!(
        measure::Entity::find()
            .count(&app.db)
            .await
            .expect("measures"),
        measures.len() as u64
    );
    assert_eq!(app.audit_count().await, audit_before);
}

#[tokio::test]
async fn a_database_with_an_account_gets_no_demo_data() {
    let app = TestApp::spawn().await;
    app.create_user("someone", kurs::domain::access::Role::Admin, &[])
        .await;
    assert!(
        !demo::load_if_empty(&app.db)
            .await
            .expect("the call succeeds")
    );
    assert_eq!(
        measure::Entity::find()
            .count(&app.db)
            .await
            .expect("measures"),
        0
    );
}
