//! Crash safety on SQLite: `kill -9` the server in the middle of bursts of concurrent
//! writes, again and again. After every kill, before and after the restart:
//!
//! - `PRAGMA integrity_check` says `ok` and `PRAGMA foreign_key_check` finds nothing;
//! - every write that was answered `2xx` is in the database (departments by code, status
//!   updates by their unique narrative);
//! - no change is half applied: every measure's version is 1 + its audited updates, every
//!   department's version equals its audit entries, every new status update has exactly
//!   one audit entry, and a measure's progress is its newest status update's.
//!
//! Writes in flight when the process died may or may not be there; that is allowed (the
//! client never got an answer), but they must be whole.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use serde_json::{Value, json};

use crate::data::{self, Rng};
use crate::server::{self, Server, ServerSpec};

#[derive(Debug, Clone, clap::Args)]
pub struct CrashArgs {
    /// The `kurs` binary (release or debug).
    #[arg(long, default_value = "target/release/kurs")]
    pub kurs: PathBuf,
    /// How many times the server is killed.
    #[arg(long, default_value_t = 10)]
    pub cycles: u32,
    /// Concurrent writers.
    #[arg(long, default_value_t = 8)]
    pub writers: usize,
    /// Measures in the database.
    #[arg(long, default_value_t = 200)]
    pub measures: usize,
    #[arg(long, default_value_t = 7)]
    pub seed: u64,
    #[arg(long, default_value = "target/crash-test")]
    pub work_dir: PathBuf,
}

#[derive(Debug, Default)]
struct Acked {
    departments: Vec<String>,
    narratives: Vec<String>,
    failures: u64,
}

async fn writer(
    base: String,
    token: String,
    cycle: u32,
    w: usize,
    measures: Vec<i64>,
    status_id: i64,
    stop: Arc<AtomicBool>,
) -> Acked {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(10))
        .build()
        .expect("a client");
    let mut acked = Acked::default();
    let mut n = 0usize;
    let mut etags: std::collections::HashMap<i64, String> = Default::default();
    while !stop.load(Ordering::Relaxed) {
        n += 1;
        let key = format!("K{cycle}-{w}-{n}");
        let measure = measures[n % measures.len()];
        let outcome: Result<(), ()> = async {
            match n % 3 {
                0 => {
                    let r = client
                        .post(format!("{base}/api/v1/departments"))
                        .bearer_auth(&token)
                        .json(&json!({ "code": key, "name": format!("Abteilung {key}") }))
                        .send()
                        .await
                        .map_err(|_| ())?;
                    if r.status().as_u16() == 201 {
                        acked.departments.push(key.clone());
                    }
                }
                _ => {
                    let etag = match etags.get(&measure) {
                        Some(e) => e.clone(),
                        None => {
                            let r = client
                                .get(format!("{base}/api/v1/measures/{measure}"))
                                .bearer_auth(&token)
                                .send()
                                .await
                                .map_err(|_| ())?;
                            let e = r
                                .headers()
                                .get("etag")
                                .and_then(|v| v.to_str().ok())
                                .map(str::to_owned)
                                .ok_or(())?;
                            let _ = r.bytes().await;
                            e
                        }
                    };
                    let request = if n % 3 == 1 {
                        client
                            .patch(format!("{base}/api/v1/measures/{measure}"))
                            .json(&json!({ "progress": n % 101, "narrative": key }))
                    } else {
                        client
                            .post(format!("{base}/api/v1/measures/{measure}/updates"))
                            .json(&json!({
                                "narrative": key, "progress": n % 101, "status_id": status_id
                            }))
                    };
                    let r = request
                        .bearer_auth(&token)
                        .header("if-match", &etag)
                        .send()
                        .await
                        .map_err(|_| ())?;
                    let status = r.status().as_u16();
                    let new_etag = r
                        .headers()
                        .get("etag")
                        .and_then(|v| v.to_str().ok())
                        .map(str::to_owned);
                    let _ = r.bytes().await;
                    if (200..300).contains(&status) {
                        acked.narratives.push(key.clone());
                        match new_etag {
                            Some(e) => etags.insert(measure, e),
                            None => etags.remove(&measure),
                        };
                    } else {
                        etags.remove(&measure);
                    }
                }
            }
            Ok(())
        }
        .await;
        if outcome.is_err() {
            acked.failures += 1;
            if acked.failures > 3 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    acked
}

async fn texts(db: &DatabaseConnection, sql: &str) -> anyhow::Result<Vec<String>> {
    Ok(db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            sql.to_owned(),
        ))
        .await?
        .iter()
        .filter_map(|r| r.try_get_by_index::<String>(0).ok())
        .collect())
}

/// Every check on the file, with a fresh connection (which also recovers the WAL).
async fn verify(
    file: &std::path::Path,
    acked: &Acked,
    seeded_updates_max: i64,
) -> anyhow::Result<Vec<String>> {
    let db = Database::connect(format!("sqlite://{}?mode=rw", file.display())).await?;
    let mut problems = Vec::new();
    let integrity = texts(&db, "PRAGMA integrity_check").await?;
    if integrity != ["ok"] {
        problems.push(format!("integrity_check: {integrity:?}"));
    }
    let fk = db
        .query_all_raw(Statement::from_string(
            db.get_database_backend(),
            "PRAGMA foreign_key_check",
        ))
        .await?;
    if !fk.is_empty() {
        problems.push(format!("foreign_key_check: {} violations", fk.len()));
    }
    let departments: BTreeSet<String> = texts(&db, "SELECT code FROM departments")
        .await?
        .into_iter()
        .collect();
    let missing: Vec<&String> = acked
        .departments
        .iter()
        .filter(|c| !departments.contains(*c))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{} acknowledged departments missing: {missing:?}",
            missing.len()
        ));
    }
    let narratives: BTreeSet<String> = texts(
        &db,
        &format!("SELECT narrative FROM status_updates WHERE id > {seeded_updates_max}"),
    )
    .await?
    .into_iter()
    .collect();
    let missing: Vec<&String> = acked
        .narratives
        .iter()
        .filter(|n| !narratives.contains(*n))
        .collect();
    if !missing.is_empty() {
        problems.push(format!(
            "{} acknowledged status updates missing: {:?}",
            missing.len(),
            missing.iter().take(5).collect::<Vec<_>>()
        ));
    }
    let checks = [
        (
            "measure version ≠ 1 + audited updates",
            "SELECT m.code FROM measures m WHERE m.version - 1 <> (SELECT COUNT(*) FROM audit_log a \
             WHERE a.entity_type = 'measure' AND a.entity_id = m.id AND a.action = 'update')"
                .to_owned(),
        ),
        (
            "new department's version ≠ its audit entries",
            "SELECT d.code FROM departments d WHERE d.code LIKE 'K%' AND d.version <> \
             (SELECT COUNT(*) FROM audit_log a WHERE a.entity_type = 'department' \
             AND a.entity_id = d.id)"
                .to_owned(),
        ),
        (
            "new status update without exactly one audit entry",
            format!(
                "SELECT CAST(s.id AS TEXT) FROM status_updates s WHERE s.id > {seeded_updates_max} \
                 AND (SELECT COUNT(*) FROM audit_log a WHERE a.entity_type = 'status_update' \
                 AND a.entity_id = s.id) <> 1"
            ),
        ),
        (
            "measure progress ≠ its newest status update's",
            format!(
                "SELECT m.code FROM measures m WHERE EXISTS (SELECT 1 FROM status_updates s \
                 WHERE s.measure_id = m.id AND s.id > {seeded_updates_max}) AND m.progress <> \
                 (SELECT s.progress FROM status_updates s WHERE s.measure_id = m.id \
                 ORDER BY s.reporting_date DESC, s.id DESC LIMIT 1)"
            ),
        ),
    ];
    for (what, sql) in checks {
        let rows = texts(&db, &sql).await?;
        if !rows.is_empty() {
            problems.push(format!(
                "{what}: {} rows, e.g. {:?}",
                rows.len(),
                rows.iter().take(5).collect::<Vec<_>>()
            ));
        }
    }
    db.close().await.ok();
    Ok(problems)
}

pub async fn run(args: CrashArgs) -> anyhow::Result<bool> {
    let dir = std::path::absolute(&args.work_dir)?;
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)?;
    let file = dir.join("kurs.sqlite");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let data = data::dataset_sized(args.measures, args.seed, kurs::store::today());
    crate::seed::load(&url, data, None, false).await?;
    let (measure_ids, seeded_updates_max, status_id) = {
        let db = Database::connect(&url).await?;
        let ids: Vec<i64> = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT id FROM measures ORDER BY id",
            ))
            .await?
            .iter()
            .filter_map(|r| r.try_get_by_index::<i64>(0).ok())
            .collect();
        let max_update = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT COALESCE(MAX(id), 0) FROM status_updates",
            ))
            .await?
            .and_then(|r| r.try_get_by_index::<i64>(0).ok())
            .unwrap_or(0);
        let status = db
            .query_one_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT id FROM statuses WHERE code = 'in_umsetzung'",
            ))
            .await?
            .and_then(|r| r.try_get_by_index::<i64>(0).ok())
            .unwrap_or(1);
        db.close().await.ok();
        (ids, max_update, status)
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let spec = ServerSpec {
        kurs: &args.kurs,
        database_url: &url,
        data_dir: &dir,
        cpu: None,
        rust_log: Some("warn"),
        log_file: dir.join("server.log"),
        port: Some(port),
    };
    let mut rng = Rng::new(args.seed);
    let mut total = Acked::default();
    let mut all_ok = true;
    for cycle in 1..=args.cycles {
        let server = Server::start(&spec).await?;
        let token = server::login(&server.base, data::OFFICER, data::PASSWORD).await?;
        let stop = Arc::new(AtomicBool::new(false));
        let writers: Vec<_> = (0..args.writers)
            .map(|w| {
                let own: Vec<i64> = measure_ids
                    .iter()
                    .copied()
                    .skip(w)
                    .step_by(args.writers)
                    .collect();
                tokio::spawn(writer(
                    server.base.clone(),
                    token.clone(),
                    cycle,
                    w,
                    own,
                    status_id,
                    stop.clone(),
                ))
            })
            .collect();
        let burst = Duration::from_millis(rng.between(300, 1500) as u64);
        tokio::time::sleep(burst).await;
        let killed_at = Instant::now();
        server.kill9().await?;
        stop.store(true, Ordering::Relaxed);
        let mut acked = Acked::default();
        for w in writers {
            let a = w.await?;
            acked.departments.extend(a.departments);
            acked.narratives.extend(a.narratives);
            acked.failures += a.failures;
        }
        let problems = verify(&file, &acked, seeded_updates_max).await?;
        // The server must come back on the same file and serve.
        let server = Server::start(&spec).await?;
        let token = server::login(&server.base, data::OFFICER, data::PASSWORD).await?;
        let probe: Value = reqwest::Client::new()
            .get(format!(
                "{}/api/v1/measures/{}",
                server.base, measure_ids[0]
            ))
            .bearer_auth(&token)
            .send()
            .await?
            .json()
            .await?;
        let served = probe["id"].as_i64() == Some(measure_ids[0]);
        server.stop().await?;
        let after_restart = verify(&file, &acked, seeded_updates_max).await?;
        eprintln!(
            "cycle {cycle:>2}: killed after {:>4} ms of writes; {:>4} acknowledged writes; \
             verify: {}; restarted and served: {served}; verify after restart: {}",
            burst.as_millis(),
            acked.departments.len() + acked.narratives.len(),
            if problems.is_empty() {
                "ok".into()
            } else {
                problems.join("; ")
            },
            if after_restart.is_empty() {
                "ok".into()
            } else {
                after_restart.join("; ")
            },
        );
        let _ = killed_at;
        all_ok &= problems.is_empty() && after_restart.is_empty() && served;
        total.departments.extend(acked.departments);
        total.narratives.extend(acked.narratives);
    }
    let final_check = verify(&file, &total, seeded_updates_max).await?;
    eprintln!(
        "crash test: {} kills, {} acknowledged writes in total, all present and whole: {}",
        args.cycles,
        total.departments.len() + total.narratives.len(),
        final_check.is_empty() && all_ok
    );
    Ok(final_check.is_empty() && all_ok)
}
