//! The benchmark report as Markdown: per backend and scale the endpoint table, the ratios
//! the quality targets are stated in, and each target met or missed.

use std::fmt::Write as _;

use crate::data::Scale;
use crate::run::{EndpointResult, RunReport, ScaleResult};

/// NaN (no measurement) is written to JSON as `null`; read it back as NaN.
pub fn f64_or_nan<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    use serde::Deserialize;
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
}

fn endpoint<'a>(s: &'a ScaleResult, name: &str) -> Option<&'a EndpointResult> {
    s.endpoints.iter().find(|e| e.name == name)
}

fn ratio(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => Some(a / b),
        _ => None,
    }
}

fn fmt(v: Option<f64>, digits: usize) -> String {
    v.map_or("n/a".into(), |v| format!("{v:.digits$}"))
}

fn verdict(ok: Option<bool>) -> &'static str {
    match ok {
        Some(true) => "met",
        Some(false) => "**missed**",
        None => "n/a",
    }
}

pub fn markdown(reports: &[RunReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let _ = writeln!(
            out,
            "Run {} on {} (load average before: {})\n`{}`\n",
            report.started_at, report.machine, report.load_before, report.args
        );
        for s in &report.scales {
            scale_section(&mut out, s);
        }
        comparisons(&mut out, &report.scales);
    }
    out
}

fn scale_section(out: &mut String, s: &ScaleResult) {
    let _ = writeln!(
        out,
        "### {:?}, {} scale ({} measures, {} status updates, {} maturity assessments; seeded in {:.0} s)\n",
        s.backend,
        s.scale.label(),
        s.seeded.measures,
        s.seeded.status_updates,
        s.seeded.maturity_assessments,
        s.seeded.seconds
    );
    let _ = writeln!(
        out,
        "| endpoint | req/s (median) | p50 ms | p99 ms | non-2xx | socket errors | runs (req/s) | server peak RSS after, MiB | one request alone, ms |"
    );
    let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---|---:|---:|");
    for e in &s.endpoints {
        let runs: Vec<String> = e
            .runs
            .iter()
            .map(|r| format!("{:.0}", r.requests_per_sec))
            .collect();
        let _ = writeln!(
            out,
            "| {} — {} ({} conn.) | {:.0} | {:.2} | {:.2} | {} | {} | {} | {} | {} |",
            e.name,
            e.what,
            e.connections,
            e.rps,
            e.p50_ms,
            e.p99_ms,
            e.non_2xx,
            e.socket_errors,
            runs.join(", "),
            fmt(e.peak_rss_after_mib, 0),
            fmt(e.sequential_ms, 1)
        );
        if e.name == "mix_95_5"
            && let Some(run) = e.runs.last()
        {
            let total: u64 = run.statuses.iter().map(|(_, n)| n).sum();
            let _ = writeln!(
                out,
                "| ↳ mix, last run: {} PATCHes of {} requests ({:.1} %); statuses {:?} | | | | | | | | |",
                run.writes,
                total,
                100.0 * run.writes as f64 / total.max(1) as f64,
                run.statuses
            );
        }
    }
    if endpoint(s, "maturity_results").is_none() {
        let _ = writeln!(
            out,
            "| maturity_results | n/a ({}) | | | | | | | |",
            s.seeded
                .maturity_note
                .as_deref()
                .unwrap_or("no maturity round")
        );
    }
    if endpoint(s, "report").is_none() {
        let _ = writeln!(
            out,
            "| report | n/a ({}) | | | | | | | |",
            if s.seeded.report.is_some() {
                "not measured"
            } else {
                "no frozen report in this run"
            }
        );
    }
    let _ = writeln!(out);

    let ceiling = endpoint(s, "ceiling").map(|e| e.rps);
    let measure = endpoint(s, "measure");
    let dashboard = endpoint(s, "dashboard");
    let p99_25 = s.rates.iter().find(|r| r.fraction_of_peak < 0.5);
    let p99_80 = s.rates.iter().find(|r| r.fraction_of_peak > 0.5);
    let _ = writeln!(out, "| ratio / figure | value | target | verdict |");
    let _ = writeln!(out, "|---|---:|---|---|");
    let single = ratio(measure.map(|e| e.rps), ceiling);
    let dash = ratio(dashboard.map(|e| e.rps), ceiling);
    let base = s.scale == Scale::Base;
    let _ = writeln!(
        out,
        "| single measure ÷ ceiling (req/s) | {} | ≥ 0.25 | {} |",
        fmt(single, 3),
        verdict(single.map(|v| v >= 0.25))
    );
    let _ = writeln!(
        out,
        "| single measure p99 (wrk, {} connections, saturated) | {} ms | ≤ 5 ms | {} |",
        measure.map_or(0, |e| e.connections),
        fmt(measure.map(|e| e.p99_ms), 2),
        verdict(measure.map(|e| e.p99_ms <= 5.0))
    );
    let _ = writeln!(
        out,
        "| dashboard ÷ ceiling (req/s) | {} | ≥ 0.10{} | {} |",
        fmt(dash, 4),
        if base { "" } else { " (base only)" },
        verdict(dash.map(|v| v >= 0.10).filter(|_| base))
    );
    let _ = writeln!(
        out,
        "| dashboard p99 (wrk, saturated) | {} ms | ≤ 50 ms{} | {} |",
        fmt(dashboard.map(|e| e.p99_ms), 1),
        if base { "" } else { " (base only)" },
        verdict(dashboard.map(|e| e.p99_ms <= 50.0).filter(|_| base))
    );
    let _ = writeln!(
        out,
        "| dashboard: store code ÷ one hand-written SQL query ({} runs, medians {:.1} / {:.1} ms, same numbers: {}) | {:.2} | ≤ 1.3 | {} |",
        s.sql_ratio.iterations,
        s.sql_ratio.store_median_ms,
        s.sql_ratio.sql_median_ms,
        s.sql_ratio.equal,
        s.sql_ratio.ratio,
        verdict(Some(s.sql_ratio.ratio <= 1.3))
    );
    let p99_ratio = ratio(p99_80.map(|r| r.p99_ms), p99_25.map(|r| r.p99_ms));
    let _ = writeln!(
        out,
        "| single measure p99 at 80 % ÷ at 25 % of peak (open loop: {} ms at {:.0}/s vs {} ms at {:.0}/s) | {} | (reported) | |",
        fmt(p99_80.map(|r| r.p99_ms), 2),
        p99_80.map_or(0.0, |r| r.achieved_rate),
        fmt(p99_25.map(|r| r.p99_ms), 2),
        p99_25.map_or(0.0, |r| r.achieved_rate),
        fmt(p99_ratio, 2)
    );
    let _ = writeln!(
        out,
        "| server peak RSS (VmHWM) | {} MiB | ≤ 100 MB (95.4 MiB) | {} |",
        fmt(s.peak_rss_mib, 1),
        verdict(s.peak_rss_mib.map(|m| m * 1.048_576 <= 100.0))
    );
    let _ = writeln!(
        out,
        "| dashboard response size | {} KiB | | |",
        s.dashboard_bytes / 1024
    );
    let council = s.seeded.report.as_ref();
    let _ = writeln!(
        out,
        "| report response size (`GET /api/v1/reports/{{id}}`, {} measures) | {} KiB | | |",
        council.map_or("n/a".into(), |r| r.measures.to_string()),
        fmt(s.report_bytes.map(|b| (b / 1024) as f64), 0)
    );
    let _ = writeln!(
        out,
        "| freeze (store, once): round of {} items, stored JSON {} KiB | {} ms | | |\n",
        council.map_or("n/a".into(), |r| r.round_items.to_string()),
        council.map_or("n/a".into(), |r| (r.content_bytes / 1024).to_string()),
        fmt(council.map(|r| r.freeze_seconds * 1e3), 0)
    );
    for o in &s.overload {
        let _ = writeln!(
            out,
            "Overload, {}: {:.0} req/s offered for {:.0} s (2× the peak of {:.0}/s): {} ok (p99 {:.0} ms), {} shed (429/503), {} failed/timed out, {} not sent (generator limit); afterwards clean after {} s (settled p99 {:.1} ms); server alive: {}.\n",
            o.endpoint,
            o.overload_rate,
            o.overload_seconds,
            o.peak_rps,
            o.during.ok,
            o.during.ok_p99_ms,
            o.during.shed,
            o.during.failed + o.during.other_status,
            o.during.dropped,
            o.recovery_seconds
                .map_or("never (within 20)".into(), |v| format!("{v:.0}")),
            o.settled_p99_ms,
            o.server_alive_after
        );
    }
}

fn comparisons(out: &mut String, scales: &[ScaleResult]) {
    let base = scales.iter().find(|s| s.scale == Scale::Base);
    let ten = scales.iter().find(|s| s.scale == Scale::Ten);
    let (Some(base), Some(ten)) = (base, ten) else {
        return;
    };
    let _ = writeln!(
        out,
        "#### {:?}: 10× ÷ base throughput\n\n| endpoint | base req/s | 10× req/s | 10× ÷ base | target |\n|---|---:|---:|---:|---|",
        base.backend
    );
    for e in &base.endpoints {
        let t = endpoint(ten, &e.name);
        let r = ratio(t.map(|t| t.rps), Some(e.rps));
        let target = if e.name == "measure" {
            format!("≥ 0.80 → {}", verdict(r.map(|r| r >= 0.8)))
        } else {
            String::new()
        };
        let _ = writeln!(
            out,
            "| {} | {:.0} | {} | {} | {} |",
            e.name,
            e.rps,
            fmt(t.map(|t| t.rps), 0),
            fmt(r, 3),
            target
        );
    }
    let _ = writeln!(out);
}
