//! The council report of the benchmark: one reporting round over every active measure,
//! opened with [`rounds::create`] and frozen with [`reports::freeze`] as the officer — the
//! store functions behind `POST /api/v1/reporting-rounds` and
//! `POST /api/v1/reporting-rounds/{id}/freeze` — so the database holds one frozen report of
//! the whole plan for `GET /api/v1/reports/{id}`. The freeze is timed once (the store call).
//!
//! The round's items stay due (answering thousands of them through the store would add
//! status updates and change the data the other endpoints read), so the report lists them
//! all as open items.

use std::time::Instant;

use chrono::{Duration, Utc};
use kurs::domain::traffic_light::LightRules;
use kurs::store::reporting::rounds::{self, NewReportingRound};
use kurs::store::reports::{self, Freeze};
use kurs::store::{self, Actor, Db, users};

use crate::data;

/// The frozen report, for the run and the printed report.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct ReportSeeded {
    pub report_id: i32,
    /// Items of the round (measures asked for: active, not completed or cancelled).
    pub round_items: u32,
    /// Measures in the report's content (the plan: every measure but archived and drafts).
    pub measures: usize,
    /// The stored canonical JSON.
    pub content_bytes: usize,
    /// `store::reports::freeze`, the one call.
    pub freeze_seconds: f64,
}

/// Opens the round and freezes it (after the data set is loaded).
pub async fn seed(db: &Db) -> anyhow::Result<ReportSeeded> {
    let officer = users::credentials(db, data::OFFICER)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user {}", data::OFFICER))?;
    let officer = users::get(db, officer.user_id).await?;
    let actor = Actor {
        user_id: Some(officer.id),
        name: officer.display_name,
    };
    let today = store::today();
    let round = rounds::create(
        db,
        NewReportingRound {
            title: "Sachstand (Benchmark)".into(),
            meeting_body: "Stadtrat".into(),
            meeting_date: today + Duration::days(21),
            vorlage_number: Some("V/BENCH/001".into()),
            deadline: today + Duration::days(7),
            grace_days: 3,
            // Every active measure.
            measure_ids: None,
        },
        &actor,
    )
    .await?;
    let rules = LightRules::default();
    let started = Instant::now();
    let summary = reports::freeze(
        db,
        Freeze {
            round_id: round.id,
            expected_version: Some(round.version),
            title: None,
            rules: &rules,
            at: Utc::now(),
            today,
        },
        &actor,
    )
    .await?;
    let freeze_seconds = started.elapsed().as_secs_f64();
    let stored = reports::get(db, summary.id).await?;
    Ok(ReportSeeded {
        report_id: summary.id,
        round_items: round.counts.total,
        measures: stored.content.measures.len(),
        content_bytes: stored.bytes.len(),
        freeze_seconds,
    })
}
