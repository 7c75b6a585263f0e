//! An open-loop load generator: requests leave on a fixed schedule (rate per phase),
//! whether or not earlier ones have been answered, and latency is measured from the
//! *scheduled* send time. Unlike a closed loop (wrk), it therefore sees the queueing a
//! real crowd of users would cause ("coordinated omission" is avoided). Used for the
//! latency at 25 % and 80 % of the measured peak and for the overload test (2× peak,
//! then a low rate to watch the recovery).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

/// A stretch of constant rate.
#[derive(Debug, Clone, Copy, serde::Serialize, serde::Deserialize)]
pub struct Phase {
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub rate: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub seconds: f64,
}

pub struct OpenLoopSpec {
    pub base: String,
    pub paths: Vec<String>,
    pub token: Option<String>,
    pub phases: Vec<Phase>,
    pub timeout: Duration,
    /// Requests in flight at most; beyond it the generator counts a request as dropped
    /// (the generator, not the server, would be the bottleneck).
    pub max_in_flight: usize,
}

#[derive(Debug, Clone, Copy)]
enum Outcome {
    Ok,
    Shed,
    OtherStatus,
    Failed,
}

#[derive(Debug, Clone, Copy)]
struct Record {
    scheduled_s: f64,
    latency_ms: f64,
    outcome: Outcome,
}

/// The requests scheduled in one second (or one phase).
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Window {
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub from_s: f64,
    pub scheduled: u64,
    pub ok: u64,
    /// 429 and 503 answers: load the server refused quickly.
    pub shed: u64,
    pub other_status: u64,
    /// Timeouts and connection errors.
    pub failed: u64,
    /// Not sent: the generator's in-flight limit was reached.
    pub dropped: u64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub ok_p50_ms: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub ok_p99_ms: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub shed_p99_ms: f64,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct OpenLoopResult {
    pub phases: Vec<(Phase, Window)>,
    pub seconds: Vec<Window>,
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn window(from_s: f64, records: &[Record], dropped: u64) -> Window {
    let mut ok: Vec<f64> = Vec::new();
    let mut shed: Vec<f64> = Vec::new();
    let mut w = Window {
        from_s,
        scheduled: records.len() as u64 + dropped,
        dropped,
        ..Default::default()
    };
    for r in records {
        match r.outcome {
            Outcome::Ok => ok.push(r.latency_ms),
            Outcome::Shed => shed.push(r.latency_ms),
            Outcome::OtherStatus => w.other_status += 1,
            Outcome::Failed => w.failed += 1,
        }
    }
    ok.sort_by(f64::total_cmp);
    shed.sort_by(f64::total_cmp);
    w.ok = ok.len() as u64;
    w.shed = shed.len() as u64;
    w.ok_p50_ms = percentile(&ok, 50.0);
    w.ok_p99_ms = percentile(&ok, 99.0);
    w.shed_p99_ms = percentile(&shed, 99.0);
    w
}

pub async fn run(spec: OpenLoopSpec) -> anyhow::Result<OpenLoopResult> {
    anyhow::ensure!(!spec.paths.is_empty(), "no paths");
    let client = reqwest::Client::builder()
        .timeout(spec.timeout)
        .pool_max_idle_per_host(spec.max_in_flight)
        // Below the server's keep-alive (5 s): between phases, idle connections the server
        // has already closed would otherwise be reused and count as failed requests.
        .pool_idle_timeout(Duration::from_secs(4))
        .build()?;
    let records: Arc<Mutex<Vec<Record>>> = Arc::new(Mutex::new(Vec::new()));
    let dropped: Arc<Mutex<Vec<f64>>> = Arc::new(Mutex::new(Vec::new()));
    let limit = Arc::new(Semaphore::new(spec.max_in_flight));
    let token = spec.token.clone();
    let started = Instant::now();
    let mut phase_start = 0.0;
    let mut n = 0usize;
    let mut tasks = Vec::new();
    for phase in &spec.phases {
        let count = (phase.rate * phase.seconds).round() as usize;
        for i in 0..count {
            let offset = phase_start + i as f64 / phase.rate;
            let due = started + Duration::from_secs_f64(offset);
            let now = Instant::now();
            if due > now {
                tokio::time::sleep(due - now).await;
            }
            let Ok(permit) = limit.clone().try_acquire_owned() else {
                dropped.lock().expect("not poisoned").push(offset);
                continue;
            };
            let url = format!("{}{}", spec.base, spec.paths[n % spec.paths.len()]);
            n += 1;
            let mut request = client.get(url);
            if let Some(t) = &token {
                request = request.bearer_auth(t);
            }
            let records = records.clone();
            tasks.push(tokio::spawn(async move {
                let outcome = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        match status {
                            200..=299 => Outcome::Ok,
                            429 | 503 => Outcome::Shed,
                            _ => Outcome::OtherStatus,
                        }
                    }
                    Err(_) => Outcome::Failed,
                };
                let latency_ms = (Instant::now() - due).as_secs_f64() * 1e3;
                records.lock().expect("not poisoned").push(Record {
                    scheduled_s: offset,
                    latency_ms,
                    outcome,
                });
                drop(permit);
            }));
        }
        phase_start += phase.seconds;
    }
    for task in tasks {
        let _ = task.await;
    }
    let records = std::mem::take(&mut *records.lock().expect("not poisoned"));
    let dropped = std::mem::take(&mut *dropped.lock().expect("not poisoned"));

    let mut phases = Vec::new();
    let mut from = 0.0;
    for phase in &spec.phases {
        let to = from + phase.seconds;
        let inside: Vec<Record> = records
            .iter()
            .copied()
            .filter(|r| r.scheduled_s >= from && r.scheduled_s < to)
            .collect();
        let d = dropped.iter().filter(|&&s| s >= from && s < to).count() as u64;
        phases.push((*phase, window(from, &inside, d)));
        from = to;
    }
    let total = spec.phases.iter().map(|p| p.seconds).sum::<f64>().ceil() as usize;
    let seconds = (0..total)
        .map(|s| {
            let (a, b) = (s as f64, s as f64 + 1.0);
            let inside: Vec<Record> = records
                .iter()
                .copied()
                .filter(|r| r.scheduled_s >= a && r.scheduled_s < b)
                .collect();
            let d = dropped.iter().filter(|&&x| x >= a && x < b).count() as u64;
            window(a, &inside, d)
        })
        .collect();
    Ok(OpenLoopResult { phases, seconds })
}
