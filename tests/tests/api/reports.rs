//! Frozen reports (`/api/v1/reports`, `/api/v1/reporting-rounds/{id}/freeze`): freezing
//! builds the content from live data with its SHA-256; the content and the JSON export never
//! change afterwards (live edits, status updates, archiving); changes since the previous
//! report; withdrawing with a reason (only the withdrawal is written, the round is open
//! again); the PDF (text read back, byte-identical on re-rendering), XLSX and CSV exports;
//! and who may do what.

use crate::report_support;

use kurs_api_tests::{Roles, TestApp};
use report_support::{
    date, download, field, freeze, measure, open_round, pdf_text, round_state, update,
};
use reqwest::Method;
use serde_json::{Value, json};
use sha2_free::sha256_hex;

/// SHA-256 without another dependency: the server's own helper.
mod sha2_free {
    pub fn sha256_hex(bytes: &[u8]) -> String {
        kurs::domain::report::content_hash(bytes)
    }
}

/// Two measures (public "Bürgerportal Alpha", internal "Aktenplan Beta") in FB1, a draft
/// "Entwurf Gamma", and an open round asking for the first two (Alpha approved, Beta due).
struct Fixture {
    app: TestApp,
    roles: Roles,
    field: i32,
    alpha: i32,
    beta: i32,
    round: i32,
}

async fn fixture() -> Fixture {
    let (app, roles) = TestApp::with_roles().await;
    let field = field(&roles.officer, "HF 1", "Digitale Verwaltung").await;
    let alpha = measure(
        &roles.officer,
        "M1",
        "Bürgerportal Alpha",
        field,
        roles.fb1,
        json!({ "visibility": "public" }),
    )
    .await;
    let beta = measure(
        &roles.officer,
        "M2",
        "Aktenplan Beta",
        field,
        roles.fb1,
        json!({ "visibility": "internal" }),
    )
    .await;
    measure(
        &roles.officer,
        "M3",
        "Entwurf Gamma",
        field,
        roles.fb1,
        json!({ "visibility": "draft" }),
    )
    .await;
    let round = open_round(
        &app,
        "Berichtsrunde Frühjahr",
        date(2026, 3, 19),
        date(2026, 3, 2),
        &[(alpha, roles.fb1, "approved"), (beta, roles.fb1, "due")],
    )
    .await;
    Fixture {
        app,
        roles,
        field,
        alpha,
        beta,
        round,
    }
}

fn codes(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|m| {
            m.get("code")
                .or_else(|| m["measure"].get("code"))
                .and_then(Value::as_str)
                .expect("a code")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn freezing_stores_the_content_with_its_hash_and_nothing_changes_it_afterwards() {
    let f = fixture().await;
    let officer = &f.roles.officer;
    let report = freeze(officer, &f.app, f.round).await;
    let id = report["id"].as_i64().expect("an id");
    let content = &report["content"];

    // The plan's measures, not the draft; Alpha's item approved, Beta's open.
    assert_eq!(codes(&content["measures"]), vec!["M1", "M2"]);
    assert_eq!(content["summary"]["measure_count"], 2);
    assert_eq!(content["measures"][0]["round_item_state"], "approved");
    assert_eq!(codes(&content["overdue_items"]), vec!["M2"]);
    assert_eq!(content["overdue_items"][0]["state"], "due");
    assert_eq!(content["frozen_by_name"], "Test officer");
    assert_eq!(content["meeting"]["date"], "2026-03-19");
    assert_eq!(content["fields"][0]["code"], "HF 1");
    assert_eq!(codes(&content["fields"][0]["measures"]), vec!["M1", "M2"]);
    assert!(
        content["summary"]["strategy_rollup"]["formula"]
            .as_str()
            .is_some_and(|f| !f.is_empty())
    );
    assert_eq!(
        content["measures"][0]["last_update"]["narrative"],
        "Sachstand zu M1"
    );
    assert!(report["previous_report_id"].is_null());
    assert!(report["withdrawn"].is_null());
    assert_eq!(round_state(&f.app, f.round).await.0, "frozen");

    // The JSON export is exactly the hashed bytes.
    let (status, headers, json_bytes) =
        download(officer, &format!("/api/v1/reports/{id}/export/json")).await;
    assert_eq!(status, 200);
    assert!(
        headers["content-disposition"]
            .to_str()
            .is_ok_and(|v| v.starts_with("attachment; filename=\"sachstandsbericht-2026-03-19-"))
    );
    let hash = report["content_hash"].as_str().expect("a hash").to_owned();
    assert_eq!(sha256_hex(&json_bytes), hash);
    let parsed: Value = serde_json::from_slice(&json_bytes).expect("the export is JSON");
    assert_eq!(&parsed, content);

    // Live edits after freezing: title, a status update, archiving.
    let detail = officer.get(&format!("/api/v1/measures/{}", f.alpha)).await;
    officer
        .patch(
            &format!("/api/v1/measures/{}", f.alpha),
            Some(&detail.etag()),
            json!({ "title": "Umbenannt" }),
        )
        .await
        .assert_status(200);
    update(officer, f.alpha, 90, "in_umsetzung", "Neuer Stand").await;
    let beta = officer.get(&format!("/api/v1/measures/{}", f.beta)).await;
    officer
        .delete(&format!("/api/v1/measures/{}", f.beta), Some(&beta.etag()))
        .await
        .assert_status(204);

    let again = officer.get(&format!("/api/v1/reports/{id}")).await;
    again.assert_status(200);
    assert_eq!(again.body["content"], *content);
    assert_eq!(again.body["content_hash"], hash.as_str());
    let (_, _, bytes_after) = download(officer, &format!("/api/v1/reports/{id}/export/json")).await;
    assert_eq!(bytes_after, json_bytes);

    // No route changes or deletes a report; a frozen round cannot be frozen again.
    for method in [Method::PATCH, Method::PUT, Method::DELETE] {
        let response = officer
            .send(
                method.clone(),
                &format!("/api/v1/reports/{id}"),
                Some("\"v1\""),
                Some(&json!({ "title": "x" })),
            )
            .await;
        assert_eq!(response.status, 405, "{method} must not exist: {response}");
    }
    let (_, version) = round_state(&f.app, f.round).await;
    officer
        .send(
            Method::POST,
            &format!("/api/v1/reporting-rounds/{}/freeze", f.round),
            Some(&format!("\"v{version}\"")),
            Some(&json!({})),
        )
        .await
        .assert_problem(409, "conflict");
}

#[tokio::test]
async fn freezing_needs_the_current_round_version_and_an_open_round() {
    let f = fixture().await;
    let path = format!("/api/v1/reporting-rounds/{}/freeze", f.round);
    let officer = &f.roles.officer;
    officer
        .send(Method::POST, &path, None, Some(&json!({})))
        .await
        .assert_problem(428, "if_match_required");
    officer
        .send(Method::POST, &path, Some("\"v7\""), Some(&json!({})))
        .await
        .assert_problem(412, "version_mismatch");
    officer
        .send(
            Method::POST,
            "/api/v1/reporting-rounds/999999/freeze",
            Some("\"v1\""),
            Some(&json!({})),
        )
        .await
        .assert_problem(404, "not_found");
    officer
        .send(
            Method::POST,
            &path,
            Some("\"v1\""),
            Some(&json!({ "title": "  " , "x": 1})),
        )
        .await
        .assert_status(422);
    let titled = officer
        .send(
            Method::POST,
            &path,
            Some("\"v1\""),
            Some(&json!({ "title": "Bericht März" })),
        )
        .await;
    titled.assert_status(201);
    assert_eq!(titled.body["title"], "Bericht März");
    assert_eq!(titled.body["content"]["title"], "Bericht März");
    assert_eq!(titled.etag(), "\"v1\"");
}

#[tokio::test]
async fn changes_compare_with_the_previous_report_and_withdrawing_reopens_the_round() {
    let f = fixture().await;
    let officer = &f.roles.officer;
    let first = freeze(officer, &f.app, f.round).await;
    let first_id = first["id"].as_i64().expect("an id");
    let first_changes = officer
        .get(&format!("/api/v1/reports/{first_id}/changes"))
        .await;
    first_changes.assert_status(200);
    assert!(first_changes.body["previous_report"].is_null());

    // Between the meetings: Alpha progresses and is completed, Beta's end date moves, a new
    // measure Delta appears.
    update(officer, f.alpha, 100, "abgeschlossen", "Fertig").await;
    let beta = officer.get(&format!("/api/v1/measures/{}", f.beta)).await;
    officer
        .patch(
            &format!("/api/v1/measures/{}", f.beta),
            Some(&beta.etag()),
            json!({ "planned_end": "2029-06-30" }),
        )
        .await
        .assert_status(200);
    let delta = measure(
        officer,
        "M4",
        "Neues Delta",
        f.field,
        f.roles.fb1,
        json!({ "visibility": "public" }),
    )
    .await;
    let round2 = open_round(
        &f.app,
        "Berichtsrunde Herbst",
        date(2026, 9, 24),
        date(2026, 9, 7),
        &[
            (f.beta, f.roles.fb1, "submitted"),
            (delta, f.roles.fb1, "approved"),
        ],
    )
    .await;
    let second = freeze(officer, &f.app, round2).await;
    let second_id = second["id"].as_i64().expect("an id");
    assert_eq!(second["previous_report_id"], first_id);

    let changes = officer
        .get(&format!("/api/v1/reports/{second_id}/changes"))
        .await;
    changes.assert_status(200);
    let c = &changes.body;
    assert_eq!(c["previous_report"]["id"], first_id);
    assert_eq!(codes(&c["new_measures"]), vec!["M4"]);
    assert_eq!(codes(&c["completed_measures"]), vec!["M1"]);
    assert_eq!(codes(&c["status_changes"]), vec!["M1"]);
    assert_eq!(c["progress_changes"][0]["measure"]["code"], "M1");
    assert_eq!(c["progress_changes"][0]["from"], 30);
    assert_eq!(c["progress_changes"][0]["to"], 100);
    assert_eq!(c["progress_changes"][0]["delta"], 70);
    assert_eq!(c["target_changes"][0]["measure"]["code"], "M2");
    assert_eq!(c["target_changes"][0]["field"], "planned_end");
    assert_eq!(c["target_changes"][0]["from"], "2028-12-31");
    assert_eq!(c["target_changes"][0]["to"], "2029-06-30");

    // The list: newest meeting first, both signed-in readable.
    let list = f.roles.council.get("/api/v1/reports").await;
    list.assert_status(200);
    let ids: Vec<i64> = list
        .body
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].as_i64().expect("an id"))
        .collect();
    assert_eq!(ids, vec![second_id, first_id]);

    let read = f
        .roles
        .council
        .get(&format!("/api/v1/reports/{second_id}"))
        .await;
    read.assert_status(200);
    assert!(read.body["withdrawn"].is_null());

    // Withdraw the second report: reason required, If-Match required, once only.
    let path = format!("/api/v1/reports/{second_id}/withdraw");
    officer
        .send(
            Method::POST,
            &path,
            Some("\"v1\""),
            Some(&json!({ "reason": " " })),
        )
        .await
        .assert_status(422);
    officer
        .send(
            Method::POST,
            &path,
            None,
            Some(&json!({ "reason": "Zahlen falsch" })),
        )
        .await
        .assert_problem(428, "if_match_required");
    let audit_before = f.app.audit_count().await;
    let withdrawn = officer
        .send(
            Method::POST,
            &path,
            Some("\"v1\""),
            Some(&json!({ "reason": "Zahlen falsch" })),
        )
        .await;
    withdrawn.assert_status(200);
    assert_eq!(withdrawn.body["withdrawn"]["reason"], "Zahlen falsch");
    assert_eq!(withdrawn.body["withdrawn"]["by_name"], "Test officer");
    assert_eq!(withdrawn.body["content"], second["content"]);
    assert_eq!(withdrawn.body["content_hash"], second["content_hash"]);
    assert_eq!(withdrawn.etag(), "\"v2\"");
    // Read again after it was read before (its content is now served from memory): the
    // withdrawal shows, the content is the frozen one.
    let reread = f
        .roles
        .council
        .get(&format!("/api/v1/reports/{second_id}"))
        .await;
    reread.assert_status(200);
    assert_eq!(reread.body["withdrawn"]["reason"], "Zahlen falsch");
    assert_eq!(reread.body["content"], second["content"]);
    assert_eq!(reread.etag(), "\"v2\"");
    assert!(f.app.audit_count().await > audit_before);
    assert_eq!(round_state(&f.app, round2).await.0, "open");
    officer
        .send(
            Method::POST,
            &path,
            Some("\"v2\""),
            Some(&json!({ "reason": "nochmal" })),
        )
        .await
        .assert_problem(409, "conflict");

    // Frozen anew: the withdrawn report is not its predecessor.
    let third = freeze(officer, &f.app, round2).await;
    assert_eq!(third["previous_report_id"], first_id);
}

#[tokio::test]
async fn exports_pdf_xlsx_and_csv_list_the_measures() {
    let f = fixture().await;
    let officer = &f.roles.officer;
    let report = freeze(officer, &f.app, f.round).await;
    let id = report["id"].as_i64().expect("an id");

    let started = std::time::Instant::now();
    let (status, headers, pdf) = download(
        &f.roles.council,
        &format!("/api/v1/reports/{id}/export/pdf"),
    )
    .await;
    let first_render = started.elapsed();
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert!(pdf.starts_with(b"%PDF-"));
    let text = pdf_text(&pdf);
    for expected in [
        "Bürgerportal Alpha",
        "Aktenplan Beta",
        "Sachstandsbericht zur Sitzung Stadtrat am 19.03.2026",
        "Änderungen seit dem letzten Bericht",
        "Seite 1 von",
        report["content_hash"].as_str().expect("a hash"),
    ] {
        assert!(
            text.contains(expected),
            "the PDF lacks {expected:?}: {text}"
        );
    }
    assert!(!text.contains("Entwurf Gamma"));

    // Cached, and the same report renders to the same bytes again.
    let (_, _, cached) = download(officer, &format!("/api/v1/reports/{id}/export/pdf")).await;
    assert_eq!(cached, pdf);
    let stored = kurs::store::reports::get(&f.app.db, i32::try_from(id).expect("an i32"))
        .await
        .expect("the report can be read");
    let rerendered = kurs::export::render_pdf(
        stored.summary.id,
        &stored.content,
        &stored.summary.content_hash,
        kurs::export::Variant::Internal,
        &kurs::domain::report_diff::MeasureChanges::default(),
        None,
    )
    .expect("the PDF renders");
    assert_eq!(rerendered, pdf, "rendering must be deterministic");
    eprintln!("first PDF request (render + cache) took {first_render:?}");

    let (status, headers, xlsx) =
        download(officer, &format!("/api/v1/reports/{id}/export/xlsx")).await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .is_ok_and(|t| t.contains("spreadsheetml"))
    );
    assert!(xlsx.starts_with(b"PK"));

    let (status, headers, csv) =
        download(officer, &format!("/api/v1/reports/{id}/export/csv")).await;
    assert_eq!(status, 200);
    assert!(
        headers["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/csv"))
    );
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let csv = String::from_utf8(csv[3..].to_vec()).expect("UTF-8");
    let mut lines = csv.lines();
    assert!(
        lines
            .next()
            .is_some_and(|h| h.starts_with("Code;Maßnahme;Handlungsfelder/Ziele;Federführung"))
    );
    let alpha = lines.next().expect("a row for M1");
    assert!(alpha.starts_with("M1;Bürgerportal Alpha;HF 1;Fachbereich 1;öffentlich;"));
    assert!(
        alpha.contains(";01.01.2026;31.12.2028;15000,00;"),
        "{alpha}"
    );
    assert!(
        lines
            .next()
            .is_some_and(|l| l.starts_with("M2;Aktenplan Beta"))
    );

    let (status, _, _) = download(officer, &format!("/api/v1/reports/{id}/export/docx")).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn only_the_officer_freezes_and_withdraws_and_every_signed_in_role_reads() {
    let f = fixture().await;
    let r = &f.roles;
    let freeze_path = format!("/api/v1/reporting-rounds/{}/freeze", f.round);
    for (who, session) in [
        ("admin", &r.admin),
        ("council", &r.council),
        ("editor", &r.editor1),
    ] {
        let response = session
            .send(Method::POST, &freeze_path, Some("\"v1\""), Some(&json!({})))
            .await;
        assert_eq!(response.status, 403, "{who} must not freeze: {response}");
    }
    let anonymous = f.app.anonymous();
    anonymous
        .send(Method::POST, &freeze_path, Some("\"v1\""), Some(&json!({})))
        .await
        .assert_status(401);
    assert_eq!(round_state(&f.app, f.round).await, ("open".into(), 1));

    let report = freeze(&r.officer, &f.app, f.round).await;
    let id = report["id"].as_i64().expect("an id");
    for session in [&r.admin, &r.officer, &r.council, &r.editor1, &r.editor2] {
        for path in [
            "/api/v1/reports".to_owned(),
            format!("/api/v1/reports/{id}"),
            format!("/api/v1/reports/{id}/changes"),
            format!("/api/v1/reports/{id}/export/csv"),
        ] {
            let (status, _, _) = download(session, &path).await;
            assert_eq!(status, 200, "{} reads {path}", session.username);
        }
    }
    for path in [
        "/api/v1/reports".to_owned(),
        format!("/api/v1/reports/{id}"),
        format!("/api/v1/reports/{id}/export/json"),
    ] {
        anonymous.get(&path).await.assert_status(401);
    }

    let withdraw = format!("/api/v1/reports/{id}/withdraw");
    for session in [&r.admin, &r.council, &r.editor1] {
        session
            .send(
                Method::POST,
                &withdraw,
                Some("\"v1\""),
                Some(&json!({ "reason": "nein" })),
            )
            .await
            .assert_status(403);
    }
    anonymous
        .send(
            Method::POST,
            &withdraw,
            Some("\"v1\""),
            Some(&json!({ "reason": "nein" })),
        )
        .await
        .assert_status(401);
    let still = r.council.get(&format!("/api/v1/reports/{id}")).await;
    assert!(still.body["withdrawn"].is_null());
    assert_eq!(still.etag(), "\"v1\"");
}

#[tokio::test]
async fn the_demo_has_two_frozen_reports_with_real_changes_and_an_open_round() {
    use kurs::store::entities::{reporting_round, reporting_round_item};
    use sea_orm::EntityTrait;

    let app = TestApp::spawn().await;
    assert!(
        kurs::demo::load_if_empty(&app.db)
            .await
            .expect("the demo loads")
    );
    let officer = app.login("officer", kurs::demo::DEMO_PASSWORD).await;
    let list = officer.get("/api/v1/reports").await;
    list.assert_status(200);
    let reports = list.body.as_array().expect("a list").clone();
    assert_eq!(reports.len(), 2, "{}", list.text);
    let (autumn, spring) = (&reports[0], &reports[1]);
    assert_eq!(autumn["previous_report_id"], spring["id"]);
    assert!(spring["previous_report_id"].is_null());
    assert!(spring["frozen_at"].as_str() < autumn["frozen_at"].as_str());

    let autumn_id = autumn["id"].as_i64().expect("an id");
    let changes = officer
        .get(&format!("/api/v1/reports/{autumn_id}/changes"))
        .await;
    changes.assert_status(200);
    let count = |key: &str| changes.body[key].as_array().map_or(0, Vec::len);
    assert!(count("progress_changes") >= 10, "{}", changes.text);
    assert!(count("status_changes") >= 1, "{}", changes.text);
    assert!(count("light_changes") >= 1, "{}", changes.text);

    // The reports hold the state of their day, not of today.
    let spring_report = officer
        .get(&format!("/api/v1/reports/{}", spring["id"]))
        .await;
    let autumn_report = officer.get(&format!("/api/v1/reports/{autumn_id}")).await;
    let measures = |r: &Value| r["content"]["summary"]["measure_count"].as_u64();
    assert!(measures(&spring_report.body) <= measures(&autumn_report.body));
    assert!(
        spring_report.body["content"]["overdue_items"]
            .as_array()
            .is_some_and(|i| !i.is_empty())
    );
    let (_, _, json_bytes) = download(
        &officer,
        &format!("/api/v1/reports/{autumn_id}/export/json"),
    )
    .await;
    assert_eq!(
        sha256_hex(&json_bytes),
        autumn["content_hash"].as_str().expect("a hash")
    );

    let started = std::time::Instant::now();
    let (status, _, pdf) =
        download(&officer, &format!("/api/v1/reports/{autumn_id}/export/pdf")).await;
    eprintln!(
        "demo report PDF: {} bytes rendered in {:?}",
        pdf.len(),
        started.elapsed()
    );
    assert_eq!(status, 200);
    assert!(pdf_text(&pdf).contains("Änderungen seit dem letzten Bericht"));

    // One open round with items in every state.
    let rounds = reporting_round::Entity::find()
        .all(&app.db)
        .await
        .expect("rounds");
    let open: Vec<&reporting_round::Model> = rounds.iter().filter(|r| r.state == "open").collect();
    assert_eq!(open.len(), 1);
    assert_eq!(rounds.iter().filter(|r| r.state == "frozen").count(), 2);
    let items = reporting_round_item::Entity::find()
        .all(&app.db)
        .await
        .expect("items");
    for state in ["due", "submitted", "returned", "approved"] {
        assert!(
            items
                .iter()
                .any(|i| i.round_id == open[0].id && i.state == state),
            "the open round has no {state} item"
        );
    }
}
