//! Running `wrk` (Debian's package) with one of the Lua scripts in `bench/lua/` and
//! reading its report.

use std::path::Path;

use anyhow::Context;
use tokio::process::Command;

pub const PATHS_LUA: &str = include_str!("../lua/paths.lua");
pub const MIX_LUA: &str = include_str!("../lua/mix.lua");
pub const LOGIN_LUA: &str = include_str!("../lua/login.lua");

/// One wrk run.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct WrkRun {
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub requests_per_sec: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub p50_ms: f64,
    #[serde(deserialize_with = "crate::report::f64_or_nan")]
    pub p99_ms: f64,
    pub requests: u64,
    pub non_2xx: u64,
    pub socket_errors: u64,
    /// Status counts printed by the mix script.
    pub statuses: Vec<(u16, u64)>,
    /// PATCHes the mix script sent.
    pub writes: u64,
}

pub struct WrkSpec<'a> {
    pub url: &'a str,
    pub script: &'a Path,
    pub args: &'a [String],
    pub connections: u32,
    pub threads: u32,
    pub seconds: u32,
    /// `taskset -c CPU`; `None`: inherit the orchestrator's affinity.
    pub cpu: Option<&'a str>,
}

pub async fn run(spec: &WrkSpec<'_>) -> anyhow::Result<WrkRun> {
    let mut command = match spec.cpu {
        Some(cpu) => {
            let mut c = Command::new("taskset");
            c.arg("-c").arg(cpu).arg("wrk");
            c
        }
        None => Command::new("wrk"),
    };
    command
        .arg("--latency")
        .arg("--timeout")
        .arg("30s")
        .arg("-t")
        .arg(spec.threads.to_string())
        .arg("-c")
        .arg(spec.connections.to_string())
        .arg("-d")
        .arg(format!("{}s", spec.seconds))
        .arg("-s")
        .arg(spec.script)
        .arg(spec.url)
        .arg("--")
        .args(spec.args);
    let output = command
        .output()
        .await
        .context("cannot run wrk (apt-get install wrk)")?;
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    anyhow::ensure!(
        output.status.success(),
        "wrk failed: {}\n{text}",
        String::from_utf8_lossy(&output.stderr)
    );
    parse(&text).with_context(|| format!("cannot read the wrk report:\n{text}"))
}

/// `361.00us`, `1.23ms`, `2.01s`, `1.5m` → milliseconds.
fn duration_ms(text: &str) -> Option<f64> {
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.parse().ok()?;
    Some(match unit {
        "us" => value / 1000.0,
        "ms" => value,
        "s" => value * 1000.0,
        "m" => value * 60_000.0,
        "h" => value * 3_600_000.0,
        _ => return None,
    })
}

pub fn parse(text: &str) -> anyhow::Result<WrkRun> {
    let mut run = WrkRun::default();
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["50%", value] => run.p50_ms = duration_ms(value).context("p50")?,
            ["99%", value] => run.p99_ms = duration_ms(value).context("p99")?,
            ["Requests/sec:", value] => run.requests_per_sec = value.parse()?,
            [n, "requests", "in", ..] => run.requests = n.parse()?,
            ["Non-2xx", "or", "3xx", "responses:", n] => run.non_2xx = n.parse()?,
            ["Socket", "errors:", rest @ ..] => {
                run.socket_errors = rest
                    .iter()
                    .filter_map(|w| w.trim_end_matches(',').parse::<u64>().ok())
                    .sum();
            }
            ["KURS", "status", code, n] => run.statuses.push((code.parse()?, n.parse()?)),
            ["KURS", "writes", n] => run.writes = n.parse()?,
            _ => {}
        }
    }
    anyhow::ensure!(
        text.contains("Requests/sec:"),
        "no Requests/sec line in the wrk report"
    );
    run.statuses.sort_unstable();
    Ok(run)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrk_report_is_read() {
        let report = "Running 10s test @ http://127.0.0.1:8080/healthz
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency   386.53us  119.28us   3.68ms   85.71%
    Req/Sec    41.72k     2.04k   44.88k    75.00%
  Latency Distribution
     50%  361.00us
     75%  421.00us
     90%  519.00us
     99%    1.73ms
  415101 requests in 10.00s, 60.18MB read
  Socket errors: connect 0, read 1, write 0, timeout 3
  Non-2xx or 3xx responses: 12
Requests/sec:  41510.76
Transfer/sec:      6.02MB
KURS status 200 100
KURS status 412 2
KURS writes 7
";
        let run = parse(report).expect("parsed");
        assert_eq!(run.requests, 415_101);
        assert!((run.p50_ms - 0.361).abs() < 1e-9);
        assert!((run.p99_ms - 1.73).abs() < 1e-9);
        assert_eq!(run.non_2xx, 12);
        assert_eq!(run.socket_errors, 4);
        assert_eq!(run.statuses, vec![(200, 100), (412, 2)]);
        assert_eq!(run.writes, 7);
        assert!((run.requests_per_sec - 41_510.76).abs() < 1e-6);
    }
}
