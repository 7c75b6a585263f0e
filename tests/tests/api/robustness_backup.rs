//! Backup and restore of SQLite (`kurs backup` / `kurs restore` call exactly these store
//! functions): backups taken while the server is serving writes are intact and consistent
//! (every change is there together with its audit entry, or neither is); a restored
//! database equals the original table by table, row by row, and serves the same answers;
//! a damaged or foreign file is refused and leaves the live database untouched.
//!
//! PostgreSQL is backed up with `pg_dump` (docs/OPERATIONS.md); on the PostgreSQL leg these
//! tests only check that the store refuses and points there.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use kurs::config::DatabaseUrl;
use kurs::store::{self, backup};
use kurs_api_tests::{Backend, PASSWORD, TestApp, TestDatabase};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::json;

async fn open(path: &Path) -> DatabaseConnection {
    Database::connect(format!("sqlite://{}?mode=ro", path.display()))
        .await
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()))
}

async fn strings(db: &DatabaseConnection, sql: &str) -> Vec<String> {
    db.query_all_raw(Statement::from_string(db.get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .iter()
        .map(|row| {
            row.try_get_by_index::<String>(0)
                .unwrap_or_else(|e| panic!("{sql}: not text: {e:?}"))
        })
        .collect()
}

/// Every table with every row (each row as SQLite's `quote()` of its columns), sorted: two
/// databases with equal dumps hold exactly the same data.
async fn dump(path: &Path) -> Vec<(String, Vec<String>)> {
    let db = open(path).await;
    let mut tables = Vec::new();
    for table in strings(
        &db,
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' \
         ORDER BY name",
    )
    .await
    {
        let columns = strings(
            &db,
            &format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        )
        .await;
        let row = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut rows = strings(&db, &format!("SELECT {row} FROM \"{table}\"")).await;
        rows.sort();
        tables.push((table, rows));
    }
    db.close().await.ok();
    tables
}

/// Every department's version equals the number of its audit entries (one for the
/// creation, one per change): a half-applied change would break the equation.
async fn assert_changes_and_audit_agree(path: &Path) {
    let db = open(path).await;
    let mismatches = strings(
        &db,
        "SELECT d.code || ': version ' || d.version || ', audit entries ' || \
         (SELECT count(*) FROM audit_log a WHERE a.entity_type = 'department' \
          AND a.entity_id = d.id) FROM departments d WHERE d.version <> \
         (SELECT count(*) FROM audit_log a WHERE a.entity_type = 'department' \
          AND a.entity_id = d.id)",
    )
    .await;
    db.close().await.ok();
    assert!(
        mismatches.is_empty(),
        "{}: changes without their audit entry (or the reverse): {mismatches:?}",
        path.display()
    );
}

fn sqlite_file(app: &TestApp) -> PathBuf {
    DatabaseUrl::new(app.database().url.clone())
        .sqlite_file()
        .expect("a SQLite file")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_serving_writes_restores_to_an_equal_database() {
    let (app, roles) = TestApp::with_roles().await;
    if app.backend == Backend::Postgres {
        let db = app.database().connect().await;
        let refused = backup::backup_sqlite(&db, &app.data_dir().join("x.sqlite")).await;
        assert!(
            matches!(&refused, Err(backup::BackupError::Refused(m)) if m.contains("pg_dump")),
            "PostgreSQL backups are done with pg_dump: {refused:?}"
        );
        return;
    }
    let backups = app.data_dir().join("backups");

    // A writer creates departments and renames each one twice, as fast as it can.
    let writing = Arc::new(AtomicBool::new(true));
    let writer = {
        let officer = roles.officer.api.clone();
        let writing = writing.clone();
        tokio::spawn(async move {
            let mut written = 0u32;
            let mut n = 0;
            while writing.load(Ordering::Relaxed) || n < 20 {
                n += 1;
                let created = officer
                    .post(
                        "/api/v1/departments",
                        json!({ "code": format!("D{n}"), "name": format!("Abteilung {n}") }),
                    )
                    .await;
                created.assert_status(201);
                let path = format!("/api/v1/departments/{}", created.id());
                let mut etag = created.etag();
                for rename in 1..=2 {
                    let renamed = officer
                        .patch(
                            &path,
                            Some(&etag),
                            json!({ "name": format!("Abteilung {n}/{rename}") }),
                        )
                        .await;
                    renamed.assert_status(200);
                    etag = renamed.etag();
                }
                written += 3;
            }
            written
        })
    };

    // Three backups while the writer runs, through their own connection as `kurs backup`.
    let cli_db = store::connect(&DatabaseUrl::new(app.database().url.clone()), 1)
        .await
        .expect("the database opens");
    let mut taken = Vec::new();
    for i in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        let target = backups.join(format!("during-{i}.sqlite"));
        let report = backup::backup_sqlite(&cli_db, &target)
            .await
            .expect("a backup can be taken while the server writes");
        assert!(report.bytes > 0);
        taken.push(target);
    }
    writing.store(false, Ordering::Relaxed);
    let written = writer.await.expect("the writer finishes");
    assert!(written >= 60, "the writer kept writing ({written} changes)");

    for path in &taken {
        backup::verify_sqlite_file(path)
            .await
            .expect("every backup passes the integrity check");
        assert_changes_and_audit_agree(path).await;
    }
    // A backup never overwrites an existing file.
    assert!(matches!(
        backup::backup_sqlite(&cli_db, &taken[0]).await,
        Err(backup::BackupError::Refused(_))
    ));

    // The final backup, after the writes, equals the live database.
    let last = backups.join("final.sqlite");
    backup::backup_sqlite(&cli_db, &last)
        .await
        .expect("final backup");
    cli_db.close().await.ok();
    let original = dump(&sqlite_file(&app)).await;
    assert_eq!(
        dump(&last).await,
        original,
        "the backup equals the original"
    );

    // Restore: first an early backup into an empty place, then the final one over it (the
    // replaced database is kept aside, whole).
    let target_db = TestDatabase::create().await;
    let target_file = target_db.dir.path().join("kurs.sqlite");
    let first = backup::restore_sqlite(&taken[0], &target_file)
        .await
        .expect("restore into an empty place");
    assert!(first.previous.is_none());
    let second = backup::restore_sqlite(&last, &target_file)
        .await
        .expect("restore over an existing database");
    let kept = second.previous.expect("the replaced database is kept");
    assert_eq!(dump(&kept).await, dump(&taken[0]).await);
    assert_eq!(
        dump(&target_file).await,
        original,
        "the restored database equals the original"
    );

    // A damaged or foreign file is refused; the live database stays as it is.
    let garbage = backups.join("garbage.sqlite");
    std::fs::write(
        &garbage,
        b"SQLite format 3\0 but then nothing useful at all",
    )
    .expect("write");
    let bytes = std::fs::read(&last).expect("read the backup");
    let truncated = backups.join("truncated.sqlite");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).expect("write");
    let empty_db = backups.join("not-kurs.sqlite");
    {
        let db = Database::connect(format!("sqlite://{}?mode=rwc", empty_db.display()))
            .await
            .expect("create a foreign database");
        db.execute_unprepared("CREATE TABLE t (x INTEGER)")
            .await
            .expect("create table");
        db.close().await.ok();
    }
    for bad in [
        &garbage,
        &truncated,
        &empty_db,
        &backups.join("missing.sqlite"),
    ] {
        let refused = backup::restore_sqlite(bad, &target_file).await;
        assert!(
            matches!(refused, Err(backup::BackupError::BadBackup { .. })),
            "{} must be refused: {refused:?}",
            bad.display()
        );
    }
    assert_eq!(dump(&target_file).await, original, "untouched by refusals");

    // The restored database serves the same answers.
    let restored = TestApp::spawn_on(target_db).await;
    let officer = restored.login("officer", PASSWORD).await;
    for path in ["/api/v1/departments", "/api/v1/users", "/api/v1/statuses"] {
        let before = roles.officer.get(path).await;
        let after = officer.get(path).await;
        after.assert_status(200);
        assert_eq!(after.body, before.body, "{path} after the restore");
    }
    let audit_path = "/api/v1/audit?per_page=200";
    let (before, after) = (
        roles.officer.get(audit_path).await,
        officer.get(audit_path).await,
    );
    after.assert_status(200);
    // The restored app's own sign-in of the officer is its only new entry, if any.
    assert!(after.body["total"].as_u64() >= before.body["total"].as_u64());
}
