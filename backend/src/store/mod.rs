//! Persistence. This is the only module that imports sea-orm; entities stay inside and
//! every public function takes or returns plain domain/API types. One file per aggregate.
//! Every change runs in one transaction together with its audit entry
//! ([`audit::record`]), so there is never a change without its audit trail or half a change.

/// The most ids one `IN (…)` list carries. SQLite refuses statements with more than 32,766
/// bound values and long lists plan badly anywhere, so larger selections are read in
/// chunks of this size (or, where a whole table is cheaper, without the list).
pub const MAX_IN_LIST: usize = 500;

pub mod audit;
pub mod backup;
pub mod dashboard;
pub mod demo_loader;
pub mod departments;
pub mod entities;
pub mod goals;
pub mod maturity;
pub mod measure_facts;
pub mod measures;
pub mod measures_io;
pub mod principal_cache;
pub mod reporting;
pub mod reports;
pub mod statuses;
pub mod strategy;
pub mod users;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr, SqlErr};

use crate::config::DatabaseUrl;

pub use sea_orm::DatabaseConnection as Db;

/// Errors of the store layer. Unique violations are detected once, here.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("not found")]
    NotFound,
    /// The row changed since the caller read it (optimistic locking).
    #[error("version mismatch")]
    VersionMismatch { current_version: i32 },
    /// A uniqueness or referential rule was violated; the message names the field.
    #[error("conflict on {field}: {message}")]
    Conflict {
        field: &'static str,
        message: String,
    },
    /// Text the database cannot store (PostgreSQL rejects NUL characters in text).
    #[error("text the database cannot store")]
    InvalidText,
    #[error(transparent)]
    Database(DbErr),
}

impl From<DbErr> for StoreError {
    fn from(err: DbErr) -> Self {
        match err.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(detail)) => StoreError::Conflict {
                field: unique_field(&detail),
                message: "already exists".into(),
            },
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => StoreError::Conflict {
                field: "reference",
                message: "is still referenced or refers to something that does not exist".into(),
            },
            _ if is_postgres_invalid_text(&err) => StoreError::InvalidText,
            _ if is_sqlite_restrict_violation(&err) => StoreError::Conflict {
                field: "reference",
                message: "is still referenced or refers to something that does not exist".into(),
            },
            _ => StoreError::Database(err),
        }
    }
}

/// PostgreSQL refuses NUL characters in text values, also in query parameters (SQLSTATE
/// 22021, or 22P05 inside JSON); that is bad input, not a server fault.
fn is_postgres_invalid_text(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    if let DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) = err
        && let sqlx::Error::Database(db) = e.as_ref()
        && db
            .try_downcast_ref::<sqlx::postgres::PgDatabaseError>()
            .is_some()
    {
        return matches!(db.code().as_deref(), Some("22021" | "22P05"));
    }
    false
}

/// SQLite reports an `ON DELETE RESTRICT` violation as SQLITE_CONSTRAINT_TRIGGER (1811),
/// not as SQLITE_CONSTRAINT_FOREIGNKEY (787), so `sql_err()` does not recognise it.
fn is_sqlite_restrict_violation(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    if let DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) = err
        && let sqlx::Error::Database(db) = e.as_ref()
        && db.try_downcast_ref::<sqlx::sqlite::SqliteError>().is_some()
    {
        return db.code().as_deref() == Some("1811")
            && db.message().contains("FOREIGN KEY constraint failed");
    }
    false
}

/// Maps a unique-violation message of either backend to the API field it concerns.
fn unique_field(detail: &str) -> &'static str {
    if detail.contains("username") {
        "username"
    } else if detail.contains("code") {
        "code"
    } else {
        "unique"
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Who is making a change, for the audit log.
#[derive(Debug, Clone)]
pub struct Actor {
    pub user_id: Option<i32>,
    pub name: String,
}

impl Actor {
    /// Changes made by the command line or the demo loader.
    pub fn system(name: &str) -> Self {
        Self {
            user_id: None,
            name: name.into(),
        }
    }
}

/// Connects to SQLite or PostgreSQL, as the URL says. SQLite uses WAL, a busy timeout and
/// foreign keys; it keeps sea-orm's single connection, which serialises writers safely.
pub async fn connect(url: &DatabaseUrl, max_connections: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.expose().to_owned());
    options
        .sqlx_logging(false)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10));
    if url.is_sqlite() {
        if let Some(file) = url.sqlite_file()
            && let Some(dir) = file.parent()
            && !dir.as_os_str().is_empty()
        {
            std::fs::create_dir_all(dir).map_err(|e| DbErr::Custom(e.to_string()))?;
        }
        options.max_connections(1).map_sqlx_sqlite_opts(|opts| {
            opts.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    } else {
        options.max_connections(max_connections);
    }
    Database::connect(options).await
}

/// Held by a running server for as long as it serves an SQLite database; see
/// [`lock_sqlite_for_server`].
#[derive(Debug)]
pub struct ServerLock {
    _file: std::fs::File,
}

/// One server per SQLite database: takes an exclusive lock on `<database file>.lock`, or
/// fails naming the file when another server holds it. The caches keyed by the number of
/// this process's commits ([`dashboard::data_version`]) rely on it. `None` for PostgreSQL
/// (any number of servers) and in-memory SQLite.
pub fn lock_sqlite_for_server(url: &DatabaseUrl) -> anyhow::Result<Option<ServerLock>> {
    use anyhow::Context;
    let Some(file) = url.sqlite_file().filter(|_| url.is_sqlite()) else {
        return Ok(None);
    };
    let mut lock_path = file.clone().into_os_string();
    lock_path.push(".lock");
    let lock_path = std::path::PathBuf::from(lock_path);
    if let Some(dir) = lock_path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .with_context(|| format!("cannot open {}", lock_path.display()))?;
    match lock.try_lock() {
        Ok(()) => Ok(Some(ServerLock { _file: lock })),
        Err(std::fs::TryLockError::WouldBlock) => anyhow::bail!(
            "another Kurs server is already running on {} (it holds {}); \
             an SQLite database is served by one server",
            file.display(),
            lock_path.display()
        ),
        Err(std::fs::TryLockError::Error(err)) => {
            Err(err).with_context(|| format!("cannot lock {}", lock_path.display()))
        }
    }
}

/// Applies all pending migrations.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Whether the database answers.
pub async fn ping(db: &DatabaseConnection) -> bool {
    db.ping().await.is_ok()
}

/// Today's date in the administration's time zone (Central European Time with summer time:
/// UTC+2 from the last Sunday of March to the last Sunday of October, 01:00 UTC, else UTC+1).
/// Reporting dates are calendar dates in the town hall, not in UTC.
pub fn today() -> chrono::NaiveDate {
    use chrono::{Datelike, Duration as Days, Utc, Weekday};
    let now = Utc::now();
    let last_sunday_at_one = |month: u32| {
        let first_of_next = if month == 12 {
            chrono::NaiveDate::from_ymd_opt(now.year() + 1, 1, 1)
        } else {
            chrono::NaiveDate::from_ymd_opt(now.year(), month + 1, 1)
        }
        .expect("the first of a month is a valid date");
        let mut day = first_of_next - Days::days(1);
        while day.weekday() != Weekday::Sun {
            day -= Days::days(1);
        }
        day.and_hms_opt(1, 0, 0)
            .expect("01:00 is a valid time")
            .and_utc()
    };
    let summer_time = now >= last_sunday_at_one(3) && now < last_sunday_at_one(10);
    let offset = if summer_time { 2 } else { 1 };
    (now + Days::hours(offset)).date_naive()
}

/// A requested page: 1-based page number and a bounded page size.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub page: u64,
    pub per_page: u64,
}

impl PageRequest {
    pub const MAX_PER_PAGE: u64 = 200;
    pub const DEFAULT_PER_PAGE: u64 = 50;

    pub fn offset(&self) -> u64 {
        (self.page.saturating_sub(1)) * self.per_page
    }
}

/// One page of a list, with the total number of matching items.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Number of items matching the filter, over all pages.
    pub total: u64,
    pub page: u64,
    pub per_page: u64,
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: u64, request: PageRequest) -> Self {
        Self {
            items,
            total,
            page: request.page,
            per_page: request.per_page,
        }
    }
}

/// Transactions this process has committed through [`commit`].
static LOCAL_COMMITS: AtomicU64 = AtomicU64::new(0);

/// Commits a store transaction and counts it. Every store write commits here (a test
/// checks that no other commit exists), so on SQLite — an embedded database that only
/// this server writes — the count is an exact, free data version
/// ([`dashboard::data_version`]).
pub(crate) async fn commit(txn: sea_orm::DatabaseTransaction) -> StoreResult<()> {
    txn.commit().await?;
    LOCAL_COMMITS.fetch_add(1, Ordering::AcqRel);
    Ok(())
}

/// How many store transactions this process has committed.
pub(crate) fn local_commits() -> u64 {
    LOCAL_COMMITS.load(Ordering::Acquire)
}

/// Writes `values` (which carry the new version) to the row `id` of their table only while
/// it still has `expected_version`; `VersionMismatch` otherwise. The condition is part of
/// the statement, so the write is atomic even between two transactions that both passed a
/// version check (PostgreSQL's READ COMMITTED). Every versioned table has the columns `id`
/// and `version`.
pub(crate) async fn update_if_version<C, A>(
    conn: &C,
    id: i32,
    expected_version: i32,
    values: A,
) -> StoreResult<()>
where
    C: sea_orm::ConnectionTrait,
    A: sea_orm::ActiveModelTrait,
{
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (id_column, version_column) = versioned_columns::<A::Entity>()?;
    let result = <A::Entity as EntityTrait>::update_many()
        .set(values)
        .filter(id_column.eq(id))
        .filter(version_column.eq(expected_version))
        .exec(conn)
        .await?;
    exactly_one(result.rows_affected, expected_version)
}

/// Deletes the row `id` of `E` only while it still has `expected_version` (see
/// [`update_if_version`]).
pub(crate) async fn delete_if_version<E, C>(
    conn: &C,
    id: i32,
    expected_version: i32,
) -> StoreResult<()>
where
    E: sea_orm::EntityTrait,
    C: sea_orm::ConnectionTrait,
{
    use sea_orm::{ColumnTrait, QueryFilter};
    let (id_column, version_column) = versioned_columns::<E>()?;
    let result = E::delete_many()
        .filter(id_column.eq(id))
        .filter(version_column.eq(expected_version))
        .exec(conn)
        .await?;
    exactly_one(result.rows_affected, expected_version)
}

fn versioned_columns<E: sea_orm::EntityTrait>() -> StoreResult<(E::Column, E::Column)> {
    use sea_orm::{IdenStatic, Iterable};
    let column = |name: &str| {
        E::Column::iter()
            .find(|c| c.as_str() == name)
            .ok_or_else(|| {
                StoreError::Database(DbErr::Custom(format!(
                    "table {} has no column {name}",
                    E::default().as_str()
                )))
            })
    };
    Ok((column("id")?, column("version")?))
}

fn exactly_one(rows_affected: u64, expected_version: i32) -> StoreResult<()> {
    if rows_affected == 1 {
        Ok(())
    } else {
        Err(StoreError::VersionMismatch {
            current_version: expected_version + 1,
        })
    }
}

/// Makes `linked` the complete set of link rows of one owner in a link table (a measure's
/// goals, a user's departments, …): deletes the owner's rows, then inserts one row per
/// distinct id, built by `link`. Runs on the caller's transaction.
pub(crate) async fn replace_links<C, E, A>(
    conn: &C,
    owner_column: E::Column,
    owner_id: i32,
    linked: &[i32],
    link: impl Fn(i32) -> A,
) -> StoreResult<()>
where
    C: sea_orm::ConnectionTrait,
    E: sea_orm::EntityTrait,
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
{
    use sea_orm::{ColumnTrait, QueryFilter};
    E::delete_many()
        .filter(owner_column.eq(owner_id))
        .exec(conn)
        .await?;
    let mut distinct = linked.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    if !distinct.is_empty() {
        E::insert_many(distinct.into_iter().map(link))
            .exec(conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    fn rust_files(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("the source tree is readable") {
            let path = entry.expect("a directory entry").path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                found.push(path);
            }
        }
    }

    /// The SQLite data version counts commits made through `store::commit`; a transaction
    /// committed any other way would leave the caches of computed answers stale.
    #[test]
    fn every_transaction_commits_through_the_counting_helper() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut files = Vec::new();
        rust_files(&src, &mut files);
        let helper = src.join("store").join("mod.rs");
        // Built at run time, so this test's own source does not match.
        let call = [".com", "mit()"].concat();
        let helper_line = format!("txn{call}.await?;");
        let mut elsewhere = Vec::new();
        for file in files {
            let text = std::fs::read_to_string(&file).expect("a source file is readable");
            for (number, line) in text.lines().enumerate() {
                let is_the_helper = file == helper && line.trim() == helper_line;
                if line.contains(&call) && !is_the_helper {
                    elsewhere.push(format!("{}:{}", file.display(), number + 1));
                }
            }
        }
        assert!(
            elsewhere.is_empty(),
            "commit through store::commit instead: {elsewhere:?}"
        );
    }

    #[test]
    fn a_second_server_on_the_same_sqlite_file_is_refused_until_the_first_stops() {
        let dir = std::env::temp_dir().join(format!("kurs-lock-{}", std::process::id()));
        let url = crate::config::DatabaseUrl::new(format!(
            "sqlite://{}/kurs.sqlite?mode=rwc",
            dir.display()
        ));
        let first = super::lock_sqlite_for_server(&url).expect("the first server locks");
        assert!(first.is_some());
        let refused = super::lock_sqlite_for_server(&url).expect_err("a second is refused");
        assert!(
            refused
                .to_string()
                .contains("another Kurs server is already running"),
            "{refused}"
        );
        drop(first);
        assert!(
            super::lock_sqlite_for_server(&url)
                .expect("free again")
                .is_some()
        );
        let postgres = crate::config::DatabaseUrl::new("postgres://kurs@localhost/kurs");
        assert!(
            super::lock_sqlite_for_server(&postgres)
                .expect("no lock")
                .is_none()
        );
        std::fs::remove_dir_all(&dir).ok();
    }
}
