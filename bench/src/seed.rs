//! Loads the benchmark data set into an empty database through Kurs's own store code.
//!
//! The organisation, users, measures and status updates go through
//! [`kurs::store::demo_loader::load`], the store's bulk path (the one `kurs serve --demo`
//! uses): the same entities and columns as the per-item API path, inserted with
//! `insert_many` in one transaction. The per-item path (`store::measures::create` and
//! `add_status_update`, one transaction each with its audit entry) would need about 50 min
//! for the 1.1 million rows of the 10× scale on this machine. Maturity rounds go through the
//! per-item store functions (`rounds::create`, `assessments::put`, `rounds::transition`),
//! exactly as the API calls them — see [`crate::maturity`]. Then one reporting round over
//! every active measure is opened and frozen into a council report through the store — see
//! [`crate::council`].

use std::time::Instant;

use kurs::config::DatabaseUrl;
use kurs::store::{self, Db};
use sea_orm::ConnectionTrait;

use crate::data::{self, Scale};

/// What was loaded, for the report.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Seeded {
    pub scale: Scale,
    pub seed: u64,
    pub measures: usize,
    pub status_updates: usize,
    pub maturity_assessments: usize,
    pub maturity_note: Option<String>,
    /// The frozen council report (`None` in older result files and for the crash test).
    #[serde(default)]
    pub report: Option<crate::council::ReportSeeded>,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub seconds: f64,
}

/// Connects (as the server would), migrates and loads the data set. Fails if the database
/// already holds users.
pub async fn seed(url: &str, scale: Scale, seed: u64) -> anyhow::Result<Seeded> {
    let data = data::dataset(scale, seed, store::today());
    let mut seeded = load(url, data, Some(seed), true).await?;
    seeded.scale = scale;
    Ok(seeded)
}

/// Loads `data`; with `maturity_seed`, also the maturity rounds; with `council_report`, a
/// reporting round over every active measure frozen into a report (after the maturity
/// rounds, so the report includes the latest one).
pub async fn load(
    url: &str,
    data: kurs::store::demo_loader::DemoDataset,
    maturity_seed: Option<u64>,
    council_report: bool,
) -> anyhow::Result<Seeded> {
    let started = Instant::now();
    let db: Db = store::connect(&DatabaseUrl::new(url.to_owned()), 4).await?;
    store::migrate(&db).await?;
    store::statuses::ensure_defaults(&db).await?;
    store::strategy::ensure_exists(&db).await?;
    let status_updates = data.measures.iter().map(|m| m.updates.len()).sum();
    let measures = data.measures.len();
    let hash = store::users::hash_password(data::PASSWORD)?;
    let loaded = store::demo_loader::load(&db, &data, &hash, async |_txn, _ids| Ok(())).await?;
    anyhow::ensure!(loaded, "the database is not empty (it already has users)");
    drop(data);
    let maturity = match maturity_seed {
        Some(seed) => crate::maturity::seed(&db, seed).await?,
        None => crate::maturity::MaturitySeeded {
            assessments: 0,
            note: Some("not seeded for this run".into()),
        },
    };
    // Fresh statistics for the query planners and (PostgreSQL) a vacuumed table, as
    // autovacuum would leave them shortly after a bulk load; otherwise PostgreSQL plans
    // joins blind and autovacuum runs in the middle of the measurements.
    let maintenance = match db.get_database_backend() {
        sea_orm::DatabaseBackend::Postgres => "VACUUM ANALYZE",
        _ => "ANALYZE",
    };
    db.execute_unprepared(maintenance).await?;
    // The freeze runs with fresh statistics (timed: it reads the whole plan); afterwards
    // once more for the round's items, so autovacuum does not start on them later.
    let report = if council_report {
        let report = crate::council::seed(&db).await?;
        db.execute_unprepared(maintenance).await?;
        Some(report)
    } else {
        None
    };
    db.close().await.ok();
    Ok(Seeded {
        scale: Scale::Base,
        seed: maturity_seed.unwrap_or_default(),
        measures,
        status_updates,
        maturity_assessments: maturity.assessments,
        maturity_note: maturity.note,
        report,
        seconds: started.elapsed().as_secs_f64(),
    })
}
