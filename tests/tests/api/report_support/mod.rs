//! Shared fixtures of the report tests (`reports.rs`, `public_privacy.rs`): measures created
//! over the API, reporting rounds and their items written through the entities (the round
//! workflow has its own tests), freezing over the API, and PDF text extraction.

#![allow(dead_code)]

use chrono::{NaiveDate, Utc};
use kurs::store::entities::{reporting_round, reporting_round_item};
use kurs_api_tests::{Session, TestApp, statuses};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, EntityTrait};
use serde_json::{Value, json};

/// A Handlungsfeld.
pub async fn field(officer: &Session, code: &str, title: &str) -> i32 {
    let response = officer
        .post("/api/v1/goals", json!({ "code": code, "title": title }))
        .await;
    response.assert_status(201);
    response.id()
}

/// Creates a measure (`extra` overrides fields) and, unless it is a draft, reports one
/// status update so its light is not pending.
pub async fn measure(
    officer: &Session,
    code: &str,
    title: &str,
    goal_id: i32,
    department_id: i32,
    extra: Value,
) -> i32 {
    let statuses = statuses(officer).await;
    let mut body = json!({
        "code": code,
        "title": title,
        "goal_ids": [goal_id],
        "lead_department_id": department_id,
        "status_id": statuses["in_umsetzung"],
        "planned_start": "2026-01-01",
        "planned_end": "2028-12-31",
        "budget_planned_cents": 1_500_000,
    });
    for (key, value) in extra.as_object().expect("an object") {
        body[key] = value.clone();
    }
    let created = officer.post("/api/v1/measures", body).await;
    created.assert_status(201);
    let id = created.id();
    update(
        officer,
        id,
        30,
        "in_umsetzung",
        &format!("Sachstand zu {code}"),
    )
    .await;
    id
}

/// Appends a status update (reads the ETag first).
pub async fn update(session: &Session, id: i32, progress: i32, status_code: &str, narrative: &str) {
    let statuses = statuses(session).await;
    let current = session.get(&format!("/api/v1/measures/{id}")).await;
    current.assert_status(200);
    session
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/measures/{id}/updates"),
            Some(&current.etag()),
            Some(&json!({
                "narrative": narrative,
                "progress": progress,
                "status_id": statuses[status_code],
            })),
        )
        .await
        .assert_status(201);
}

/// An open reporting round with one item per `(measure, department, state)`, written
/// through the entities. Returns the round id (version 1: ETag `"v1"`).
pub async fn open_round(
    app: &TestApp,
    title: &str,
    meeting_date: NaiveDate,
    deadline: NaiveDate,
    items: &[(i32, i32, &str)],
) -> i32 {
    let now = Utc::now();
    let round = reporting_round::ActiveModel {
        title: Set(title.to_owned()),
        meeting_body: Set("Stadtrat".into()),
        meeting_date: Set(meeting_date),
        vorlage_number: Set(Some(format!("V/{}", meeting_date.format("%Y/%m%d")))),
        deadline: Set(deadline),
        grace_days: Set(0),
        state: Set("open".into()),
        created_by_id: Set(None),
        created_by_name: Set("Test".into()),
        version: Set(1),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&app.db)
    .await
    .expect("the round can be inserted");
    for (measure_id, department_id, state) in items {
        reporting_round_item::ActiveModel {
            round_id: Set(round.id),
            measure_id: Set(*measure_id),
            department_id: Set(*department_id),
            state: Set((*state).to_owned()),
            version: Set(1),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .expect("the item can be inserted");
    }
    round.id
}

/// The round's state and version, read directly.
pub async fn round_state(app: &TestApp, id: i32) -> (String, i32) {
    let round = reporting_round::Entity::find_by_id(id)
        .one(&app.db)
        .await
        .expect("the round can be read")
        .expect("the round exists");
    (round.state, round.version)
}

/// Freezes the round over the API (the officer, with its current version); the report.
pub async fn freeze(officer: &Session, app: &TestApp, round_id: i32) -> Value {
    let (_, version) = round_state(app, round_id).await;
    let response = officer
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/reporting-rounds/{round_id}/freeze"),
            Some(&format!("\"v{version}\"")),
            Some(&json!({})),
        )
        .await;
    response.assert_status(201);
    response.body
}

pub fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// Downloads raw bytes with the session's token (or anonymously), returning status,
/// headers and body.
pub async fn download(
    api: &kurs_api_tests::Api,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let response = api
        .request(reqwest::Method::GET, path)
        .send()
        .await
        .unwrap_or_else(|e| panic!("GET {path} failed: {e}"));
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response
        .bytes()
        .await
        .unwrap_or_else(|e| panic!("GET {path}: cannot read the body: {e}"))
        .to_vec();
    (status, headers, bytes)
}

/// The text of a PDF, whitespace collapsed to single spaces.
pub fn pdf_text(bytes: &[u8]) -> String {
    let text = pdf_extract::extract_text_from_mem(bytes).expect("the PDF text can be extracted");
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
