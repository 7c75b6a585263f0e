//! A reporting round and a frozen report over more measures than one SQL statement may
//! bind values for (SQLite allows 32,766): opening the round, freezing it and reading the
//! report must work for a very large plan, not fail with "too many SQL variables". Found by
//! the benchmark at 10× scale (50,000 measures); the measures are inserted with one SQL
//! statement here, so the test stays quick.

use std::time::Instant;

use kurs_api_tests::TestApp;
use sea_orm::ConnectionTrait;
use serde_json::json;

const MEASURES: usize = 33_000;

#[tokio::test]
async fn a_round_and_a_report_over_more_measures_than_one_statement_may_bind() {
    let (app, roles) = TestApp::with_roles().await;
    let statuses = roles.officer.get("/api/v1/statuses").await;
    let in_progress = statuses
        .body
        .as_array()
        .expect("statuses")
        .iter()
        .find(|s| s["code"] == "in_umsetzung")
        .and_then(|s| s["id"].as_i64())
        .expect("the default status in_umsetzung");
    let started = Instant::now();
    app.db
        .execute_unprepared(&format!(
            "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {MEASURES}) \
             INSERT INTO measures (code, title, description, lead_department_id, status_id, \
             progress, priority, weight, visibility, archived, version, created_at, updated_at) \
             SELECT 'G-' || n, 'Massenmaßnahme ' || n, '', {fb1}, {in_progress}, 10, 'medium', 1, \
             'internal', false, 1, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM seq",
            fb1 = roles.fb1,
        ))
        .await
        .expect("bulk insert of the measures");
    eprintln!("inserted {MEASURES} measures in {:?}", started.elapsed());

    let started = Instant::now();
    let round = roles
        .officer
        .post(
            "/api/v1/reporting-rounds",
            json!({
                "title": "Große Runde", "meeting_body": "Stadtrat",
                "meeting_date": "2030-02-01", "deadline": "2030-01-10"
            }),
        )
        .await;
    round.assert_status(201);
    assert_eq!(round.body["counts"]["total"], MEASURES, "{round}");
    eprintln!("opened the round in {:?}", started.elapsed());

    let started = Instant::now();
    let frozen = roles
        .officer
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/reporting-rounds/{}/freeze", round.id()),
            Some(&round.etag()),
            Some(&json!({})),
        )
        .await;
    frozen.assert_status(201);
    eprintln!("froze the report in {:?}", started.elapsed());

    let report = roles
        .council
        .get(&format!("/api/v1/reports/{}", frozen.id()))
        .await;
    report.assert_status(200);
    assert_eq!(
        report.body["content"]["measures"].as_array().map(Vec::len),
        Some(MEASURES)
    );
    assert_eq!(
        report.body["content"]["overdue_items"]
            .as_array()
            .map(Vec::len),
        Some(MEASURES),
        "no answer was approved, so every item is open"
    );
}
