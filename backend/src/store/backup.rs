//! Backup and restore of a SQLite database (`kurs backup`, `kurs restore`).
//!
//! **Backup** runs `VACUUM INTO` on the live database: SQLite copies one read transaction's
//! snapshot page by page into a new, compact file, so the copy is consistent (every
//! transaction in it is complete, none half) even while the server keeps serving writes; in
//! WAL mode readers never block the writer and vice versa. The copy is written to a
//! temporary name beside the target, checked with `PRAGMA integrity_check`, synced, and only
//! then renamed to the target name, so a target file is always a complete, checked backup.
//!
//! **Restore** runs while the server is stopped. It checks the backup first (integrity,
//! a Kurs schema, no migration newer than this binary knows), copies it to a temporary file
//! beside the database, folds the live database's write-ahead log into it and moves it, its
//! `-wal` and `-shm` aside as `<name>.before-restore-<timestamp>` (nothing is deleted), and
//! finally renames the copy into place. Each rename is atomic; if anything fails before the
//! last step the live database is untouched.
//!
//! **PostgreSQL** databases are backed up with the PostgreSQL tools ([`POSTGRES_HOWTO`]):
//! `pg_dump` takes a consistent snapshot of a running database too.

use std::path::{Path, PathBuf};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use sea_orm::{ConnectionTrait, DatabaseBackend, DbErr, SqlxSqliteConnector, Statement, Value};

use super::Db;

/// How PostgreSQL installations back up and restore (printed by `kurs backup`/`restore`).
pub const POSTGRES_HOWTO: &str = "\
Kurs uses PostgreSQL here; back it up with the PostgreSQL tools, which take a consistent
snapshot while Kurs keeps running:

  pg_dump --format=custom --file=kurs-$(date +%Y%m%d-%H%M%S).dump \"$KURS_DATABASE_URL\"

Restore (stop Kurs first; the target database must exist and will be overwritten):

  pg_restore --clean --if-exists --no-owner --single-transaction \\
      --dbname=\"$KURS_DATABASE_URL\" kurs-YYYYMMDD-HHMMSS.dump

See docs/OPERATIONS.md, section \"Backup and restore\".";

/// What went wrong in a backup or restore; the message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("{0}")]
    Refused(String),
    #[error("the file {path} is not a usable Kurs backup: {reason}")]
    BadBackup { path: PathBuf, reason: String },
    #[error("{context}: {source}")]
    Io {
        context: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Database(#[from] DbErr),
}

fn io(context: impl Into<String>) -> impl FnOnce(std::io::Error) -> BackupError {
    let context = context.into();
    move |source| BackupError::Io { context, source }
}

/// A backup that was written.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub path: PathBuf,
    pub bytes: u64,
}

/// A restore that was carried out.
#[derive(Debug, Clone)]
pub struct RestoreReport {
    /// Where the database that was replaced now lives (with its `-wal`, if it had one).
    pub previous: Option<PathBuf>,
    pub bytes: u64,
}

/// Writes a consistent copy of the live SQLite database `db` to `target` (which must not
/// exist yet) and checks it. Safe while the server is serving writes.
pub async fn backup_sqlite(db: &Db, target: &Path) -> Result<BackupReport, BackupError> {
    if db.get_database_backend() != DatabaseBackend::Sqlite {
        return Err(BackupError::Refused(POSTGRES_HOWTO.into()));
    }
    if target.exists() {
        return Err(BackupError::Refused(format!(
            "{} exists already; choose a new file name",
            target.display()
        )));
    }
    let dir = parent_dir(target);
    std::fs::create_dir_all(&dir).map_err(io(format!("cannot create {}", dir.display())))?;
    let temporary = sibling(target, &format!("partial-{}", std::process::id()));
    let _ = std::fs::remove_file(&temporary);
    let path_text = temporary.to_str().ok_or_else(|| {
        BackupError::Refused(format!("{} is not valid UTF-8", temporary.display()))
    })?;
    let result = async {
        db.execute_raw(Statement::from_sql_and_values(
            DatabaseBackend::Sqlite,
            "VACUUM INTO ?",
            [Value::from(path_text.to_owned())],
        ))
        .await?;
        // The copy carries the live file's WAL flag; make it a self-contained single file
        // (rollback journal) that opens read-only anywhere. The server sets WAL again.
        let copy = open_file(&temporary, false).await?;
        copy.execute_unprepared("PRAGMA journal_mode=DELETE")
            .await?;
        copy.close().await.ok();
        verify_sqlite_file(&temporary).await?;
        sync_file(&temporary)?;
        std::fs::rename(&temporary, target).map_err(io(format!(
            "cannot rename {} to {}",
            temporary.display(),
            target.display()
        )))?;
        sync_dir(&dir);
        Ok::<_, BackupError>(())
    }
    .await;
    if let Err(err) = result {
        let _ = std::fs::remove_file(&temporary);
        return Err(err);
    }
    let bytes = std::fs::metadata(target)
        .map_err(io(format!("cannot read {}", target.display())))?
        .len();
    Ok(BackupReport {
        path: target.to_path_buf(),
        bytes,
    })
}

/// Checks that `path` is an intact SQLite database with the Kurs schema and no migration
/// this binary does not know (a backup of a newer Kurs cannot be restored by an older one).
pub async fn verify_sqlite_file(path: &Path) -> Result<(), BackupError> {
    let bad = |reason: String| BackupError::BadBackup {
        path: path.to_path_buf(),
        reason,
    };
    if !path.is_file() {
        return Err(bad("no such file".into()));
    }
    let db = open_file(path, true)
        .await
        .map_err(|e| bad(e.to_string()))?;
    let outcome = async {
        let rows = db
            .query_all_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                "PRAGMA integrity_check",
            ))
            .await
            .map_err(|e| bad(e.to_string()))?;
        let messages: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get_by_index::<String>(0).ok())
            .collect();
        if messages != ["ok"] {
            return Err(bad(format!(
                "integrity check failed: {}",
                messages.join("; ")
            )));
        }
        let applied = db
            .query_all_raw(Statement::from_string(
                DatabaseBackend::Sqlite,
                "SELECT version FROM seaql_migrations",
            ))
            .await
            .map_err(|_| bad("it has no Kurs schema (no migration table)".into()))?;
        let known: Vec<String> = Migrator::migrations()
            .iter()
            .map(|m| m.name().to_owned())
            .collect();
        let mut any = false;
        for row in applied {
            let version: String = row.try_get_by_index(0).map_err(|e| bad(e.to_string()))?;
            if !known.contains(&version) {
                return Err(bad(format!(
                    "it was written by a newer Kurs (migration {version}); \
                     restore it with that version"
                )));
            }
            any = true;
        }
        if !any {
            return Err(bad("it has no Kurs schema (no migration applied)".into()));
        }
        Ok(())
    }
    .await;
    db.close().await.ok();
    outcome
}

/// Replaces the SQLite database file `database` with the backup `backup`. Run it only while
/// the server is stopped (the command line refuses while the server's address answers).
/// The replaced database is kept beside it as `<name>.before-restore-<timestamp>`.
pub async fn restore_sqlite(backup: &Path, database: &Path) -> Result<RestoreReport, BackupError> {
    verify_sqlite_file(backup).await?;
    let dir = parent_dir(database);
    std::fs::create_dir_all(&dir).map_err(io(format!("cannot create {}", dir.display())))?;

    // 1. A checked copy beside the database (same file system, so the rename is atomic).
    let incoming = sibling(database, &format!("restoring-{}", std::process::id()));
    let _ = std::fs::remove_file(&incoming);
    let prepared = async {
        std::fs::copy(backup, &incoming).map_err(io(format!(
            "cannot copy {} to {}",
            backup.display(),
            incoming.display()
        )))?;
        verify_sqlite_file(&incoming).await?;
        sync_file(&incoming)
    }
    .await;
    if let Err(err) = prepared {
        let _ = std::fs::remove_file(&incoming);
        return Err(err);
    }

    // 2. Fold the live database's write-ahead log into it, so the copy kept aside is whole,
    //    then move it (and any -wal/-shm) aside. A stale -wal must never meet the new file.
    let mut previous = None;
    if database.exists() {
        match open_file(database, false).await {
            Ok(live) => {
                let _ = live
                    .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                    .await;
                live.close().await.ok();
            }
            Err(err) => tracing::warn!(error = %err, "cannot checkpoint the old database"),
        }
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%SZ").to_string();
        let aside = sibling(database, &format!("before-restore-{stamp}"));
        for suffix in ["", "-wal", "-shm"] {
            let from = with_suffix(database, suffix);
            if from.exists() {
                let to = with_suffix(&aside, suffix);
                std::fs::rename(&from, &to).map_err(io(format!(
                    "cannot move {} to {}",
                    from.display(),
                    to.display()
                )))?;
            }
        }
        previous = Some(aside);
    }

    // 3. The checked copy takes the database's name.
    std::fs::rename(&incoming, database).map_err(io(format!(
        "cannot rename {} to {}",
        incoming.display(),
        database.display()
    )))?;
    sync_dir(&dir);
    let bytes = std::fs::metadata(database)
        .map_err(io(format!("cannot read {}", database.display())))?
        .len();
    Ok(RestoreReport { previous, bytes })
}

async fn open_file(path: &Path, read_only: bool) -> Result<Db, DbErr> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(read_only)
        .create_if_missing(false)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(options)
        .await
        .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::Internal(e.to_string())))?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// `dir/name` → `dir/name.<tag>`.
fn sibling(path: &Path, tag: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".{tag}"));
    path.with_file_name(name)
}

/// `dir/name` → `dir/name<suffix>` (SQLite's `-wal` and `-shm` files).
fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn sync_file(path: &Path) -> Result<(), BackupError> {
    std::fs::File::open(path)
        .and_then(|f| f.sync_all())
        .map_err(io(format!("cannot sync {}", path.display())))
}

/// Makes the renames durable; not every platform can sync a directory, so failures only
/// cost durability against power loss, not consistency.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siblings_and_suffixes_stay_in_the_same_directory() {
        let db = Path::new("/data/kurs.sqlite");
        assert_eq!(
            sibling(db, "partial-1"),
            PathBuf::from("/data/kurs.sqlite.partial-1")
        );
        assert_eq!(
            with_suffix(db, "-wal"),
            PathBuf::from("/data/kurs.sqlite-wal")
        );
        assert_eq!(parent_dir(Path::new("kurs.sqlite")), PathBuf::from("."));
    }
}
