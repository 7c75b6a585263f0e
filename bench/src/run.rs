//! The benchmark run for one database backend: per scale, a fresh database is seeded, the
//! store-vs-SQL comparison runs, then `kurs serve` (release build) starts pinned to one
//! CPU and `wrk` (pinned to the other) loads each endpoint: a warm-up, then several timed
//! repetitions whose medians are reported. The open-loop generator then measures p99 at
//! 25 % and 80 % of the single-measure peak and the overload behaviour at 2× peak.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use sea_orm::{ConnectionTrait, Database, Statement};
use serde::Serialize;

use crate::data::{self, Rng, Scale};
use crate::openloop::{self, OpenLoopResult, OpenLoopSpec, Phase};
use crate::seed::{self, Seeded};
use crate::server::{self, Server, ServerSpec};
use crate::sqlratio::{self, SqlRatio};
use crate::wrk::{self, WrkRun, WrkSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// The `kurs` release binary.
    #[arg(long, default_value = "target/release/kurs")]
    pub kurs: PathBuf,
    #[arg(long, value_enum, default_value = "sqlite")]
    pub backend: Backend,
    /// PostgreSQL server URL with a database to connect to for CREATE DATABASE
    /// (default: KURS_TEST_POSTGRES_URL, as set by scripts/with-postgres.sh).
    #[arg(long, env = "KURS_TEST_POSTGRES_URL")]
    pub postgres_url: Option<String>,
    #[arg(long, value_enum, value_delimiter = ',', default_value = "base,10x")]
    pub scales: Vec<Scale>,
    #[arg(long, default_value_t = 20_261_128)]
    pub seed: u64,
    /// Timed repetitions per endpoint (the median is reported).
    #[arg(long, default_value_t = 3)]
    pub reps: u32,
    /// Seconds per repetition.
    #[arg(long, default_value_t = 8)]
    pub seconds: u32,
    /// Warm-up seconds per endpoint.
    #[arg(long, default_value_t = 3)]
    pub warmup: u32,
    /// wrk connections for the light read endpoints and the mix.
    #[arg(long, default_value_t = 16)]
    pub connections: u32,
    /// wrk connections for the endpoints that aggregate over all measures or read a large
    /// document (department list, dashboard, maturity results, frozen report).
    #[arg(long, default_value_t = 4)]
    pub heavy_connections: u32,
    /// CPU list for `taskset` of the server (`none`: unpinned).
    #[arg(long, default_value = "0")]
    pub server_cpu: String,
    /// CPU list for `taskset` of wrk (`none`: inherit).
    #[arg(long, default_value = "1")]
    pub load_cpu: String,
    /// Repetitions of the store-vs-SQL dashboard comparison.
    #[arg(long, default_value_t = 15)]
    pub sql_iterations: usize,
    /// Seconds of each open-loop measurement.
    #[arg(long, default_value_t = 10)]
    pub open_seconds: u32,
    /// Skip the overload test.
    #[arg(long)]
    pub no_overload: bool,
    /// RUST_LOG for the server (default: Kurs's default, info).
    #[arg(long)]
    pub rust_log: Option<String>,
    /// Where databases, logs and path lists go.
    #[arg(long, default_value = "target/bench")]
    pub work_dir: PathBuf,
    /// Write the results as JSON here.
    #[arg(long)]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct EndpointResult {
    pub name: String,
    pub what: String,
    pub connections: u32,
    pub runs: Vec<WrkRun>,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub rps: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub p50_ms: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub p99_ms: f64,
    pub non_2xx: u64,
    pub socket_errors: u64,
    /// The server's peak RSS (VmHWM, MiB) after this endpoint's runs: where memory grew.
    #[serde(default)]
    pub peak_rss_after_mib: Option<f64>,
    /// Median latency of 5 requests sent one after another on an idle server (read
    /// endpoints): what one user waits when nobody else is busy.
    #[serde(default)]
    pub sequential_ms: Option<f64>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct RateResult {
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub fraction_of_peak: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub target_rate: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub achieved_rate: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub p50_ms: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub p99_ms: f64,
    pub failed: u64,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct OverloadResult {
    pub endpoint: String,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub peak_rps: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub overload_rate: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub overload_seconds: f64,
    pub during: openloop::Window,
    /// Seconds after the overload ended until every later second was clean (no failures,
    /// p99 within 3× the settled p99); `None` if it never settled.
    pub recovery_seconds: Option<f64>,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub settled_p99_ms: f64,
    pub server_alive_after: bool,
    pub detail: OpenLoopResult,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct ScaleResult {
    pub backend: Backend,
    pub scale: Scale,
    pub seeded: Seeded,
    pub sql_ratio: SqlRatio,
    pub endpoints: Vec<EndpointResult>,
    pub rates: Vec<RateResult>,
    pub overload: Vec<OverloadResult>,
    pub peak_rss_mib: Option<f64>,
    pub rss_after_mib: Option<f64>,
    pub dashboard_bytes: usize,
    /// Body of `GET /api/v1/reports/{id}` (`None`: no report, or older result files).
    #[serde(default)]
    pub report_bytes: Option<usize>,
}

#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct RunReport {
    pub started_at: String,
    pub machine: String,
    pub load_before: String,
    pub args: String,
    pub scales: Vec<ScaleResult>,
}

fn cpu(arg: &str) -> Option<&str> {
    (arg != "none").then_some(arg)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    match v.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => v[n / 2],
        n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
    }
}

pub fn with_database_name(server_url: &str, name: &str) -> String {
    let (base, query) = match server_url.split_once('?') {
        Some((b, q)) => (b, format!("?{q}")),
        None => (server_url, String::new()),
    };
    let start = base.find("://").map_or(0, |i| i + 3);
    let server = match base[start..].find('/') {
        Some(slash) => &base[..start + slash],
        None => base,
    };
    format!("{server}/{name}{query}")
}

/// A fresh, empty database for `scale`; returns its URL.
async fn fresh_database(args: &RunArgs, scale: Scale) -> anyhow::Result<String> {
    match args.backend {
        Backend::Sqlite => {
            let dir = args.work_dir.join(format!("sqlite-{}", scale.label()));
            let _ = std::fs::remove_dir_all(&dir);
            std::fs::create_dir_all(&dir)?;
            let file = std::path::absolute(dir.join("kurs.sqlite"))?;
            Ok(format!("sqlite://{}?mode=rwc", file.display()))
        }
        Backend::Postgres => {
            let admin_url = args
                .postgres_url
                .clone()
                .context("--postgres-url or KURS_TEST_POSTGRES_URL is needed")?;
            let name = format!("kurs_bench_{}", scale.label());
            let admin = Database::connect(&admin_url).await?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await?;
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await?;
            admin.close().await.ok();
            Ok(with_database_name(&admin_url, &name))
        }
    }
}

struct Ids {
    first_measure: i64,
    last_measure: i64,
    departments: Vec<i64>,
    last_round: Option<i64>,
    /// The frozen council report (see `crate::council`).
    report: Option<i64>,
}

async fn ids(url: &str) -> anyhow::Result<Ids> {
    let db = Database::connect(url).await?;
    let backend = db.get_database_backend();
    let one = |sql: &str| Statement::from_string(backend, sql.to_owned());
    let row = db
        .query_one_raw(one(
            "SELECT CAST(MIN(id) AS BIGINT) AS lo, CAST(MAX(id) AS BIGINT) AS hi FROM measures",
        ))
        .await?
        .context("no measures")?;
    let departments = db
        .query_all_raw(one(
            "SELECT CAST(id AS BIGINT) AS id FROM departments ORDER BY id",
        ))
        .await?
        .iter()
        .filter_map(|r| r.try_get::<i64>("", "id").ok())
        .collect();
    let last_round = db
        .query_one_raw(one(
            "SELECT CAST(MAX(id) AS BIGINT) AS id FROM maturity_rounds",
        ))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get::<Option<i64>>("", "id").ok().flatten());
    let report = db
        .query_one_raw(one("SELECT CAST(MAX(id) AS BIGINT) AS id FROM reports"))
        .await
        .ok()
        .flatten()
        .and_then(|r| r.try_get::<Option<i64>>("", "id").ok().flatten());
    let result = Ids {
        report,
        first_measure: row.try_get("", "lo")?,
        last_measure: row.try_get("", "hi")?,
        departments,
        last_round,
    };
    db.close().await.ok();
    Ok(result)
}

enum Load {
    /// GET these paths in turn (`auth`: with the officer's token).
    Paths {
        paths: Vec<String>,
        auth: bool,
    },
    Mix,
    Login,
}

struct Endpoint {
    name: &'static str,
    what: String,
    load: Load,
    heavy: bool,
}

fn endpoints(ids: &Ids, seed: u64) -> Vec<Endpoint> {
    let mut rng = Rng::new(seed ^ 0xbe9c);
    let span = (ids.last_measure - ids.first_measure + 1) as usize;
    let measures: Vec<String> = (0..2000)
        .map(|_| {
            format!(
                "/api/v1/measures/{}",
                ids.first_measure + rng.below(span) as i64
            )
        })
        .collect();
    let lists: Vec<String> = (0..500)
        .map(|_| {
            format!(
                "/api/v1/measures?department_id={}&per_page=50",
                rng.pick(&ids.departments)
            )
        })
        .collect();
    let mut list = vec![
        Endpoint {
            name: "ceiling",
            what: "GET /healthz (same app and middleware, no auth, no database)".into(),
            heavy: false,
            load: Load::Paths {
                paths: vec!["/healthz".into()],
                auth: false,
            },
        },
        Endpoint {
            name: "me",
            what: "GET /api/v1/me (token check + one user/session query)".into(),
            heavy: false,
            load: Load::Paths {
                paths: vec!["/api/v1/me".into()],
                auth: true,
            },
        },
        Endpoint {
            name: "measure",
            what: "GET /api/v1/measures/{id}, random ids".into(),
            heavy: false,
            load: Load::Paths {
                paths: measures,
                auth: true,
            },
        },
        Endpoint {
            name: "department_list",
            what: "GET /api/v1/measures?department_id={d}&per_page=50, random departments".into(),
            heavy: true,
            load: Load::Paths {
                paths: lists,
                auth: true,
            },
        },
        Endpoint {
            name: "dashboard",
            what: "GET /api/v1/dashboard".into(),
            heavy: true,
            load: Load::Paths {
                paths: vec!["/api/v1/dashboard".into()],
                auth: true,
            },
        },
    ];
    if let Some(round) = ids.last_round {
        list.push(Endpoint {
            name: "maturity_results",
            what: format!("GET /api/v1/maturity/results?round_id={round} (latest round)"),
            heavy: true,
            load: Load::Paths {
                paths: vec![format!("/api/v1/maturity/results?round_id={round}")],
                auth: true,
            },
        });
    }
    if let Some(report) = ids.report {
        list.push(Endpoint {
            name: "report",
            what: format!("GET /api/v1/reports/{report} (frozen report of the whole plan)"),
            heavy: true,
            load: Load::Paths {
                paths: vec![format!("/api/v1/reports/{report}")],
                auth: true,
            },
        });
    }
    list.push(Endpoint {
        name: "mix_95_5",
        what: "95 % GET measure / 5 % PATCH measure with If-Match".into(),
        heavy: false,
        load: Load::Mix,
    });
    list.push(Endpoint {
        name: "login",
        what: "POST /api/v1/auth/login (argon2id), 2 connections".into(),
        heavy: false,
        load: Load::Login,
    });
    list
}

fn write(path: &Path, text: &str) -> anyhow::Result<()> {
    std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

async fn measure_endpoint(
    args: &RunArgs,
    server: &Server,
    dir: &Path,
    ids: &Ids,
    endpoint: &Endpoint,
) -> anyhow::Result<EndpointResult> {
    let token = server::login(&server.base, data::OFFICER, data::PASSWORD).await?;
    let (script, script_args, connections): (PathBuf, Vec<String>, u32) = match &endpoint.load {
        Load::Paths { paths, auth } => {
            let list = dir.join(format!("{}.paths", endpoint.name));
            write(&list, &paths.join("\n"))?;
            let script = dir.join("paths.lua");
            write(&script, wrk::PATHS_LUA)?;
            let token = if *auth { token.clone() } else { "-".into() };
            // Endpoints that compute over all measures take tens to hundreds of ms; a few
            // connections already keep the server's one core busy, more only queue.
            let connections = if endpoint.heavy {
                args.heavy_connections
            } else {
                args.connections
            };
            (script, vec![list.display().to_string(), token], connections)
        }
        Load::Mix => {
            let script = dir.join("mix.lua");
            write(&script, wrk::MIX_LUA)?;
            (
                script,
                vec![
                    token.clone(),
                    ids.first_measure.to_string(),
                    ids.last_measure.to_string(),
                ],
                args.connections,
            )
        }
        Load::Login => {
            let script = dir.join("login.lua");
            write(&script, wrk::LOGIN_LUA)?;
            (script, vec![data::OFFICER.into(), data::PASSWORD.into()], 2)
        }
    };
    let spec = |seconds| WrkSpec {
        url: &server.base,
        script: &script,
        args: &script_args,
        connections,
        threads: 1,
        seconds,
        cpu: cpu(&args.load_cpu),
    };
    if args.warmup > 0 {
        wrk::run(&spec(args.warmup)).await?;
    }
    let mut runs = Vec::new();
    for _ in 0..args.reps {
        runs.push(wrk::run(&spec(args.seconds)).await?);
    }
    let sequential_ms = match &endpoint.load {
        Load::Paths { paths, auth } => {
            settle(server).await;
            Some(sequential(server, paths, (*auth).then_some(token.as_str())).await?)
        }
        _ => None,
    };
    let result = EndpointResult {
        sequential_ms,
        name: endpoint.name.into(),
        what: endpoint.what.clone(),
        connections,
        rps: median(runs.iter().map(|r| r.requests_per_sec).collect()),
        p50_ms: median(runs.iter().map(|r| r.p50_ms).collect()),
        p99_ms: median(runs.iter().map(|r| r.p99_ms).collect()),
        non_2xx: runs.iter().map(|r| r.non_2xx).sum(),
        socket_errors: runs.iter().map(|r| r.socket_errors).sum(),
        peak_rss_after_mib: server.memory_mib().map(|m| m.0),
        runs,
    };
    eprintln!(
        "  {:<18} {:>9.0} req/s  p50 {:>8.2} ms  p99 {:>8.2} ms  non-2xx {}  errors {}  peak RSS {:.0} MiB  alone {:.1} ms",
        result.name,
        result.rps,
        result.p50_ms,
        result.p99_ms,
        result.non_2xx,
        result.socket_errors,
        result.peak_rss_after_mib.unwrap_or(f64::NAN),
        result.sequential_ms.unwrap_or(f64::NAN)
    );
    Ok(result)
}

/// Median latency of 5 requests, one after another.
async fn sequential(server: &Server, paths: &[String], token: Option<&str>) -> anyhow::Result<f64> {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(120))
        .build()?;
    let mut times = Vec::new();
    for path in paths.iter().cycle().take(5) {
        let mut request = client.get(format!("{}{path}", server.base));
        if let Some(t) = token {
            request = request.bearer_auth(t);
        }
        let started = std::time::Instant::now();
        let response = request.send().await?;
        let status = response.status();
        let _ = response.bytes().await?;
        anyhow::ensure!(status.is_success(), "{path}: {status}");
        times.push(started.elapsed().as_secs_f64() * 1e3);
    }
    Ok(median(times))
}

/// Waits until the server has worked off what an earlier run left queued (wrk closes its
/// connections at the end, but requests already being computed still finish): until
/// `/healthz` answers within 20 ms three times in a row (at most 60 s), then one second.
async fn settle(server: &Server) {
    let client = reqwest::Client::new();
    let started = std::time::Instant::now();
    let mut quick = 0;
    while quick < 3 && started.elapsed() < Duration::from_secs(60) {
        let t = std::time::Instant::now();
        let ok = client
            .get(format!("{}/healthz", server.base))
            .timeout(Duration::from_secs(30))
            .send()
            .await
            .is_ok();
        if ok && t.elapsed() < Duration::from_millis(20) {
            quick += 1;
        } else {
            quick = 0;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
}

fn paths_of(endpoint: &Endpoint) -> Vec<String> {
    match &endpoint.load {
        Load::Paths { paths, .. } => paths.clone(),
        _ => Vec::new(),
    }
}

async fn rate_run(
    server: &Server,
    token: &str,
    paths: &[String],
    peak: f64,
    fraction: f64,
    seconds: u32,
) -> anyhow::Result<RateResult> {
    let rate = (peak * fraction).max(1.0);
    let result = openloop::run(OpenLoopSpec {
        base: server.base.clone(),
        paths: paths.to_vec(),
        token: Some(token.to_owned()),
        phases: vec![
            Phase { rate, seconds: 2.0 },
            Phase {
                rate,
                seconds: f64::from(seconds),
            },
        ],
        timeout: Duration::from_secs(10),
        max_in_flight: 4096,
    })
    .await?;
    let w = &result.phases[1].1;
    let r = RateResult {
        fraction_of_peak: fraction,
        target_rate: rate,
        achieved_rate: w.ok as f64 / f64::from(seconds),
        p50_ms: w.ok_p50_ms,
        p99_ms: w.ok_p99_ms,
        failed: w.failed + w.other_status + w.dropped + w.shed,
    };
    eprintln!(
        "  open loop at {:>3.0} % of peak ({:.0}/s): p50 {:.2} ms, p99 {:.2} ms, failed {}",
        fraction * 100.0,
        rate,
        r.p50_ms,
        r.p99_ms,
        r.failed
    );
    Ok(r)
}

async fn overload_run(
    server: &Server,
    token: &str,
    name: &str,
    paths: &[String],
    peak: f64,
    seconds: f64,
) -> anyhow::Result<OverloadResult> {
    let overload_rate = 2.0 * peak;
    let probe_rate = (0.1 * peak).max(2.0);
    let probe_seconds = 20.0;
    let detail = openloop::run(OpenLoopSpec {
        base: server.base.clone(),
        paths: paths.to_vec(),
        token: Some(token.to_owned()),
        phases: vec![
            Phase {
                rate: overload_rate,
                seconds,
            },
            Phase {
                rate: probe_rate,
                seconds: probe_seconds,
            },
        ],
        timeout: Duration::from_secs(10),
        max_in_flight: 20_000,
    })
    .await?;
    let probe: Vec<&openloop::Window> = detail
        .seconds
        .iter()
        .filter(|w| w.from_s >= seconds)
        .collect();
    let tail: Vec<f64> = probe
        .iter()
        .rev()
        .take(5)
        .map(|w| w.ok_p99_ms)
        .filter(|v| v.is_finite())
        .collect();
    let settled = median(tail);
    let clean = |w: &openloop::Window| {
        w.failed == 0
            && w.shed == 0
            && w.other_status == 0
            && w.dropped == 0
            && (w.ok == 0 || w.ok_p99_ms <= (3.0 * settled).max(settled + 5.0))
    };
    let mut recovery = None;
    for (i, w) in probe.iter().enumerate() {
        if probe[i..].iter().all(|w| clean(w)) {
            recovery = Some(w.from_s - seconds);
            break;
        }
    }
    let alive = reqwest::Client::new()
        .get(format!("{}/healthz", server.base))
        .timeout(Duration::from_secs(5))
        .send()
        .await
        .map(|r| r.status().is_success())
        .unwrap_or(false);
    let during = detail.phases[0].1.clone();
    eprintln!(
        "  overload {name}: {:.0}/s for {seconds:.0} s → ok {}, shed {}, failed {}, dropped {}, \
         ok p99 {:.0} ms; recovered after {:?} s; alive: {alive}",
        overload_rate,
        during.ok,
        during.shed,
        during.failed,
        during.dropped,
        during.ok_p99_ms,
        recovery
    );
    Ok(OverloadResult {
        endpoint: name.into(),
        peak_rps: peak,
        overload_rate,
        overload_seconds: seconds,
        during,
        recovery_seconds: recovery,
        settled_p99_ms: settled,
        server_alive_after: alive,
        detail,
    })
}

async fn run_scale(args: &RunArgs, scale: Scale) -> anyhow::Result<ScaleResult> {
    eprintln!(
        "== {:?} / {}: seeding (seed {})",
        args.backend,
        scale.label(),
        args.seed
    );
    let url = fresh_database(args, scale).await?;
    let seeded = seed::seed(&url, scale, args.seed).await?;
    eprintln!(
        "  seeded {} measures, {} status updates, {} maturity assessments in {:.0} s",
        seeded.measures, seeded.status_updates, seeded.maturity_assessments, seeded.seconds
    );
    if let Some(r) = &seeded.report {
        eprintln!(
            "  council report {}: {} measures, {} round items, {} KiB; freeze (store) {:.0} ms",
            r.report_id,
            r.measures,
            r.round_items,
            r.content_bytes / 1024,
            r.freeze_seconds * 1e3
        );
    }
    let sql_ratio = sqlratio::compare(&url, args.sql_iterations).await?;
    eprintln!(
        "  dashboard: store {:.1} ms, hand-written SQL {:.1} ms, ratio {:.2} (same numbers: {})",
        sql_ratio.store_median_ms, sql_ratio.sql_median_ms, sql_ratio.ratio, sql_ratio.equal
    );
    let ids = ids(&url).await?;
    let dir = std::path::absolute(args.work_dir.join(format!(
        "{:?}-{}",
        args.backend,
        scale.label()
    )))?;
    std::fs::create_dir_all(&dir)?;
    let spec = ServerSpec {
        kurs: &args.kurs,
        database_url: &url,
        data_dir: &dir,
        cpu: cpu(&args.server_cpu),
        rust_log: args.rust_log.as_deref(),
        log_file: dir.join("server.log"),
        port: None,
    };
    let server = Server::start(&spec).await?;
    let token = server::login(&server.base, data::OFFICER, data::PASSWORD).await?;
    let dashboard_bytes = reqwest::Client::new()
        .get(format!("{}/api/v1/dashboard", server.base))
        .bearer_auth(&token)
        .send()
        .await?
        .bytes()
        .await?
        .len();
    let report_bytes = match ids.report {
        Some(id) => {
            let response = reqwest::Client::new()
                .get(format!("{}/api/v1/reports/{id}", server.base))
                .bearer_auth(&token)
                .send()
                .await?;
            let status = response.status();
            let bytes = response.bytes().await?.len();
            if status.is_success() {
                Some(bytes)
            } else {
                eprintln!("  GET /api/v1/reports/{id}: {status}; no response size");
                None
            }
        }
        None => None,
    };

    let list = endpoints(&ids, args.seed);
    let mut results = Vec::new();
    for endpoint in &list {
        settle(&server).await;
        results.push(measure_endpoint(args, &server, &dir, &ids, endpoint).await?);
    }

    let by_name: BTreeMap<&str, &EndpointResult> =
        results.iter().map(|r| (r.name.as_str(), r)).collect();
    let measure_paths = list
        .iter()
        .find(|e| e.name == "measure")
        .map(paths_of)
        .unwrap_or_default();
    let measure_peak = by_name.get("measure").map_or(0.0, |r| r.rps);
    settle(&server).await;
    let token = server::login(&server.base, data::OFFICER, data::PASSWORD).await?;
    let mut rates = Vec::new();
    for fraction in [0.25, 0.8] {
        settle(&server).await;
        rates.push(
            rate_run(
                &server,
                &token,
                &measure_paths,
                measure_peak,
                fraction,
                args.open_seconds,
            )
            .await?,
        );
    }
    let mut overload = Vec::new();
    if !args.no_overload && scale == Scale::Base {
        for name in ["measure", "dashboard"] {
            let Some(endpoint) = list.iter().find(|e| e.name == name) else {
                continue;
            };
            let peak = by_name.get(name).map_or(0.0, |r| r.rps);
            if peak < 1.0 {
                continue;
            }
            settle(&server).await;
            let token = server::login(&server.base, data::OFFICER, data::PASSWORD).await?;
            overload.push(
                overload_run(
                    &server,
                    &token,
                    name,
                    &paths_of(endpoint),
                    peak,
                    f64::from(args.open_seconds),
                )
                .await?,
            );
        }
    }
    let memory = server.memory_mib();
    server.stop().await?;
    if let Some((hwm, rss)) = memory {
        eprintln!("  server memory: peak {hwm:.1} MiB, now {rss:.1} MiB");
    }
    Ok(ScaleResult {
        backend: args.backend,
        scale,
        seeded,
        sql_ratio,
        endpoints: results,
        rates,
        overload,
        peak_rss_mib: memory.map(|m| m.0),
        rss_after_mib: memory.map(|m| m.1),
        dashboard_bytes,
        report_bytes,
    })
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::fs::read_to_string("/proc/cpuinfo")
        .map(|s| s.lines().filter(|l| l.starts_with("processor")).count())
        .unwrap_or(0);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!("{cpu}, {cores} CPUs, {memory:.0} GiB RAM")
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

pub async fn run(args: RunArgs) -> anyhow::Result<RunReport> {
    std::fs::create_dir_all(&args.work_dir)?;
    anyhow::ensure!(
        args.kurs.is_file(),
        "{} not found: build it with `cargo build --release -p kurs`",
        args.kurs.display()
    );
    let mut report = RunReport {
        started_at: chrono::Utc::now().format("%Y-%m-%d %H:%M UTC").to_string(),
        machine: machine(),
        load_before: load_average(),
        args: std::env::args().collect::<Vec<_>>().join(" "),
        scales: Vec::new(),
    };
    for scale in &args.scales {
        report.scales.push(run_scale(&args, *scale).await?);
    }
    if let Some(out) = &args.out {
        if let Some(dir) = out.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(out, serde_json::to_string_pretty(&report)?)?;
    }
    Ok(report)
}
