//! The migrations round-trip on a fresh database: up, all the way down (nothing of the
//! application is left), up again, and the application starts on the result.

use kurs::domain::access::Role;
use kurs_api_tests::{PASSWORD, TestApp, TestDatabase};
use migration::{Migrator, MigratorTrait};

/// Sea-ORM's bookkeeping table, which `down` empties but keeps.
const BOOKKEEPING: &str = "seaql_migrations";

#[tokio::test]
async fn all_migrations_roll_back_completely_and_apply_again() {
    let database = TestDatabase::create().await;
    let db = database.connect().await;
    assert!(
        database.table_names(&db).await.is_empty(),
        "the database starts empty"
    );

    Migrator::up(&db, None).await.expect("migrations apply");
    let first = database.table_names(&db).await;
    for expected in [
        "users",
        "departments",
        "user_departments",
        "refresh_tokens",
        "measures",
        "audit_log",
    ] {
        assert!(
            first.iter().any(|t| t == expected),
            "table {expected} missing after up: {first:?}"
        );
    }
    assert!(
        Migrator::get_pending_migrations(&db)
            .await
            .expect("status")
            .is_empty()
    );

    Migrator::down(&db, None)
        .await
        .expect("migrations roll back");
    let left: Vec<String> = database
        .table_names(&db)
        .await
        .into_iter()
        .filter(|t| t != BOOKKEEPING)
        .collect();
    assert!(left.is_empty(), "tables left after down: {left:?}");
    assert_eq!(
        Migrator::get_applied_migrations(&db)
            .await
            .expect("status")
            .len(),
        0
    );

    Migrator::up(&db, None)
        .await
        .expect("migrations apply again");
    assert_eq!(database.table_names(&db).await, first);
    db.close().await.expect("the connection closes");

    // The application starts on the migrated database and works.
    let app = TestApp::spawn_on(database).await;
    app.anonymous().get("/readyz").await.assert_status(200);
    app.create_user("after-roundtrip", Role::Admin, &[]).await;
    let session = app.login("after-roundtrip", PASSWORD).await;
    session.get("/api/v1/me").await.assert_status(200);
}

#[tokio::test]
async fn migrating_an_up_to_date_database_again_changes_nothing() {
    let app = TestApp::spawn().await;
    let tables = app.database().table_names(&app.db).await;
    Migrator::up(&app.db, None)
        .await
        .expect("a second up is a no-op");
    assert_eq!(app.database().table_names(&app.db).await, tables);
    assert!(
        Migrator::get_pending_migrations(&app.db)
            .await
            .expect("status")
            .is_empty()
    );
}
