//! Maturity assessments (`/api/v1/maturity/…`, `/api/v1/measures/{id}/maturity-targets`):
//! the shipped default model, frozen model versions with new versions, export and import;
//! the round workflow open → submitted → approved → reopened; questionnaire scoring; the
//! results (rule, formula, change, trend, heatmap); gaps and uncovered gaps against the
//! measures' maturity targets; unanswered findings; and who may do what (editors their own
//! departments, the council approved rounds only), with denials changing nothing.

use kurs_api_tests::{Roles, Session, TestApp};
use serde_json::{Value, json};

const MODELS: &str = "/api/v1/maturity/models";
const ROUNDS: &str = "/api/v1/maturity/rounds";
const FINDINGS: &str = "/api/v1/maturity/findings";

fn labels(min: i32, max: i32) -> Value {
    Value::Array(
        (min..=max)
            .map(|l| json!({ "level": l, "label": format!("Stufe {l}") }))
            .collect(),
    )
}

/// A small model: scale 0–4, dimension `a` (weight 3, with a two-question questionnaire)
/// and `b` (weight 1), aggregated by `rule`.
fn small_model(key: &str, rule: &str) -> Value {
    let options = |q: &str| {
        json!({
            "code": q,
            "text": format!("Frage {q}?"),
            "options": (0..=4).map(|l| json!({ "code": format!("o{l}"), "label": format!("Antwort {l}"), "level": l })).collect::<Vec<_>>(),
        })
    };
    json!({
        "key": key,
        "name": format!("Testmodell {key}"),
        "description": "Für Tests",
        "aggregation_rule": rule,
        "levels": { "min": 0, "max": 4, "labels": labels(0, 4) },
        "dimensions": [
            {
                "code": "a",
                "title": "Dimension A",
                "weight": 3,
                "descriptors": [{ "level": 0, "text": "nichts" }, { "level": 4, "text": "alles" }],
                "questions": [options("q1"), options("q2")],
            },
            { "code": "b", "title": "Dimension B", "weight": 1 },
        ],
    })
}

async fn create_model(officer: &Session, key: &str, rule: &str) -> i32 {
    let response = officer.post(MODELS, small_model(key, rule)).await;
    response.assert_status(201);
    response.id()
}

async fn create_round(
    officer: &Session,
    title: &str,
    date: &str,
    model_id: i32,
    body: Value,
) -> i32 {
    let mut request = json!({ "title": title, "round_date": date, "model_id": model_id });
    if let (Some(request), Some(extra)) = (request.as_object_mut(), body.as_object()) {
        request.extend(extra.clone());
    }
    let response = officer.post(ROUNDS, request).await;
    response.assert_status(201);
    response.id()
}

fn assessments(round: i32) -> String {
    format!("{ROUNDS}/{round}/assessments")
}

/// Records (or replaces, reading the ETag first) one assessment; panics unless it works.
async fn assess(session: &Session, round: i32, body: Value) -> Value {
    let first = session.put(&assessments(round), None, body.clone()).await;
    let response = if first.status == 428 {
        let department = body["department_id"].as_i64();
        let code = body["dimension_code"].as_str().unwrap_or_default();
        let list = session.get(&assessments(round)).await;
        let existing = list.body.as_array().and_then(|items| {
            items
                .iter()
                .find(|a| a["department_id"].as_i64() == department && a["dimension_code"] == code)
        });
        let version = existing.map(|a| a["version"].clone()).unwrap_or_default();
        session
            .put(&assessments(round), Some(&format!("\"v{version}\"")), body)
            .await
    } else {
        first
    };
    assert!(
        response.status == 200 || response.status == 201,
        "assessment failed: {response}"
    );
    response.body
}

/// Moves a round through `actions` as the officer (each with the current ETag).
async fn transition(officer: &Session, round: i32, actions: &[&str]) {
    for action in actions {
        let etag = officer.get(&format!("{ROUNDS}/{round}")).await.etag();
        let path = format!("{ROUNDS}/{round}/{action}");
        let response = if *action == "reopen" {
            officer
                .send(
                    reqwest::Method::POST,
                    &path,
                    Some(&etag),
                    Some(&json!({ "reason": "Korrektur" })),
                )
                .await
        } else {
            officer
                .send(reqwest::Method::POST, &path, Some(&etag), None)
                .await
        };
        response.assert_status(200);
    }
}

async fn goal(officer: &Session) -> i32 {
    let response = officer
        .post(
            "/api/v1/goals",
            json!({ "code": "HF1", "title": "Handlungsfeld 1" }),
        )
        .await;
    response.assert_status(201);
    response.id()
}

async fn status_with_category(session: &Session, category: &str) -> i32 {
    let statuses = session.get("/api/v1/statuses").await;
    statuses.assert_status(200);
    statuses
        .body
        .as_array()
        .and_then(|all| all.iter().find(|s| s["category"] == category))
        .and_then(|s| s["id"].as_i64())
        .and_then(|id| i32::try_from(id).ok())
        .unwrap_or_else(|| panic!("no status of category {category}: {statuses}"))
}

async fn measure(officer: &Session, code: &str, lead: i32, goal: i32, status: i32) -> i32 {
    let response = officer
        .post(
            "/api/v1/measures",
            json!({
                "code": code,
                "title": format!("Maßnahme {code}"),
                "lead_department_id": lead,
                "goal_ids": [goal],
                "status_id": status,
                "visibility": "internal",
            }),
        )
        .await;
    response.assert_status(201);
    response.id()
}

async fn set_targets(officer: &Session, measure: i32, targets: Value) {
    let path = format!("/api/v1/measures/{measure}/maturity-targets");
    let etag = officer.get(&path).await.etag();
    officer
        .put(&path, Some(&etag), json!({ "targets": targets }))
        .await
        .assert_status(200);
}

fn ids(value: &Value) -> Vec<i64> {
    value
        .as_array()
        .map(|items| items.iter().filter_map(|i| i["id"].as_i64()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn the_default_model_is_shipped_in_german_and_can_be_exported() {
    let (_app, roles) = TestApp::with_roles().await;
    let list = roles.council.get(MODELS).await;
    list.assert_status(200);
    let models = list.body.as_array().expect("a list");
    assert_eq!(models.len(), 1, "exactly one default model: {list}");
    let summary = &models[0];
    assert_eq!(summary["key"], "kurs-kommunal");
    assert_eq!(summary["model_version"], 1);
    assert_eq!(summary["aggregation_rule"], "weighted_mean");
    assert_eq!(summary["frozen"], false);
    assert!((6..=8).contains(&summary["dimension_count"].as_u64().unwrap_or(0)));

    let id = summary["id"].as_i64().unwrap_or_default();
    let model = roles.editor1.get(&format!("{MODELS}/{id}")).await;
    model.assert_status(200);
    assert_eq!(model.etag(), "\"v1\"");
    let codes: Vec<&str> = model.body["dimensions"]
        .as_array()
        .expect("dimensions")
        .iter()
        .filter_map(|d| d["code"].as_str())
        .collect();
    for code in [
        "strategie",
        "prozesse",
        "buergerservice",
        "daten",
        "kompetenzen",
    ] {
        assert!(codes.contains(&code), "{code} is a dimension: {codes:?}");
    }
    assert_eq!(model.body["levels"]["labels"][3]["label"], "Etabliert");

    let export = roles.council.get(&format!("{MODELS}/{id}/export")).await;
    export.assert_status(200);
    assert_eq!(export.body["format"], "kurs-maturity-model");
    assert_eq!(export.body["format_version"], 1);
    assert_eq!(export.body["dimensions"], model.body["dimensions"]);
    assert!(
        export
            .header("content-disposition")
            .is_some_and(|c| c.contains("kurs-kommunal-v1.json"))
    );
}

#[tokio::test]
async fn a_model_version_used_by_a_round_is_frozen_and_edits_make_a_new_version() {
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let model = create_model(officer, "test", "minimum").await;
    let path = format!("{MODELS}/{model}");

    // Unused: editable.
    let edited = officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "name": "Testmodell (überarbeitet)" }),
        )
        .await;
    edited.assert_status(200);
    assert_eq!(edited.etag(), "\"v2\"");
    officer
        .patch(
            &path,
            Some("\"v2\""),
            json!({ "dimensions": [{ "code": "A", "title": "" }] }),
        )
        .await
        .assert_problem(422, "validation_failed");

    let round = create_round(officer, "Erhebung 2024", "2024-06-30", model, json!({})).await;
    let frozen = officer.get(&path).await;
    assert_eq!(frozen.body["frozen"], true);
    assert_eq!(frozen.body["rounds_using"], 1);
    let etag = frozen.etag();

    let audit_before = app.audit_count().await;
    let refused = officer
        .patch(&path, Some(&etag), json!({ "name": "Geändert" }))
        .await;
    refused.assert_problem(409, "conflict");
    assert_eq!(refused.error_fields(), vec!["frozen"]);
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("/versions")
    );
    officer
        .delete(&path, Some(&etag))
        .await
        .assert_problem(409, "conflict");
    assert_eq!(
        app.audit_count().await,
        audit_before,
        "refusals change nothing"
    );
    assert_eq!(
        officer.get(&path).await.body["name"],
        "Testmodell (überarbeitet)"
    );

    // A new version: copy plus edits; the round keeps the old one.
    let version = officer
        .post(
            &format!("{path}/versions"),
            json!({ "aggregation_rule": "mean", "name": "Testmodell v2" }),
        )
        .await;
    version.assert_status(201);
    assert_eq!(version.body["model_version"], 2);
    assert_eq!(version.body["key"], "test");
    assert_eq!(version.body["based_on_id"], model);
    assert_eq!(version.body["aggregation_rule"], "mean");
    assert_eq!(version.body["frozen"], false);
    assert_eq!(version.body["dimensions"], frozen.body["dimensions"]);
    let round_view = officer.get(&format!("{ROUNDS}/{round}")).await;
    assert_eq!(round_view.body["model"]["id"], model);
    assert_eq!(round_view.body["model"]["model_version"], 1);
    roles
        .editor1
        .post(&format!("{path}/versions"), json!({}))
        .await
        .assert_problem(403, "forbidden");

    // A second model with the same key is a conflict.
    officer
        .post(MODELS, small_model("test", "mean"))
        .await
        .assert_problem(409, "conflict");

    // Export and import: the import becomes the next version of its key.
    let mut document = officer.get(&format!("{path}/export")).await.body;
    document["name"] = json!("Importiert");
    let imported = officer
        .post(&format!("{MODELS}/import"), document.clone())
        .await;
    imported.assert_status(201);
    assert_eq!(imported.body["model_version"], 3);
    assert_eq!(imported.body["name"], "Importiert");
    document["key"] = json!("nachbarstadt");
    let other = officer
        .post(&format!("{MODELS}/import"), document.clone())
        .await;
    other.assert_status(201);
    assert_eq!(other.body["model_version"], 1);

    roles
        .editor1
        .post(&format!("{MODELS}/import"), document.clone())
        .await
        .assert_problem(403, "forbidden");

    // Invalid imports name every field.
    document["format"] = json!("excel");
    document["levels"]["labels"] = labels(0, 2);
    document["dimensions"][1]["code"] = json!("a");
    document["dimensions"][0]["questions"][0]["options"][1]["level"] = json!(7);
    let invalid = officer.post(&format!("{MODELS}/import"), document).await;
    invalid.assert_problem(422, "validation_failed");
    assert_eq!(
        invalid.error_fields(),
        vec![
            "dimensions[0].questions[0].options[1].level",
            "dimensions[1].code",
            "format",
            "levels.labels",
        ]
    );
}

#[tokio::test]
async fn a_round_goes_from_open_to_submitted_to_approved_and_can_be_reopened_with_a_reason() {
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let model = create_model(officer, "test", "mean").await;
    let round = create_round(
        officer,
        "Reifegraderhebung 2026",
        "2026-10-16",
        model,
        json!({ "department_ids": [roles.fb1, roles.fb2] }),
    )
    .await;
    let path = format!("{ROUNDS}/{round}");
    let created = officer.get(&path).await;
    assert_eq!(created.body["state"], "open");
    assert_eq!(created.body["completion"]["expected"], 4);
    assert_eq!(created.body["completion"]["assessed"], 0);

    // Editors record their self-assessment; changing it needs If-Match.
    let first = roles
        .editor1
        .put(
            &assessments(round),
            None,
            json!({ "department_id": roles.fb1, "dimension_code": "b", "actual_level": 1, "target_level": 3, "target_date": "2027-12-31", "evidence": "Selbsteinschätzung" }),
        )
        .await;
    first.assert_status(201);
    assert_eq!(first.etag(), "\"v1\"");
    assert_eq!(first.body["method"], "self_assessment");
    assert_eq!(first.body["assessed_by_name"], "Test editor1");
    let again = json!({ "department_id": roles.fb1, "dimension_code": "b", "actual_level": 2 });
    roles
        .editor1
        .put(&assessments(round), None, again.clone())
        .await
        .assert_problem(428, "if_match_required");
    roles
        .editor1
        .put(&assessments(round), Some("\"v7\""), again.clone())
        .await
        .assert_problem(412, "version_mismatch");
    let second = roles
        .editor1
        .put(&assessments(round), Some("\"v1\""), again)
        .await;
    second.assert_status(200);
    assert_eq!(second.etag(), "\"v2\"");
    assert_eq!(second.body["target_level"], Value::Null, "PUT replaces");

    // Invalid assessments.
    let invalid = officer
        .put(
            &assessments(round),
            None,
            json!({ "department_id": roles.fb2, "dimension_code": "zz", "actual_level": 9, "target_date": "2027-01-01" }),
        )
        .await;
    invalid.assert_problem(422, "validation_failed");
    assert_eq!(
        invalid.error_fields(),
        vec!["actual_level", "dimension_code", "target_date"]
    );
    officer
        .put(
            &assessments(round),
            None,
            json!({ "dimension_code": "a", "actual_level": 2 }),
        )
        .await
        .assert_problem(422, "validation_failed");

    // Approving needs a submitted round; only the officer approves.
    let etag = officer.get(&path).await.etag();
    officer
        .send(
            reqwest::Method::POST,
            &format!("{path}/approve"),
            Some(&etag),
            None,
        )
        .await
        .assert_problem(409, "conflict");
    officer
        .send(reqwest::Method::POST, &format!("{path}/submit"), None, None)
        .await
        .assert_problem(428, "if_match_required");
    let submitted = officer
        .send(
            reqwest::Method::POST,
            &format!("{path}/submit"),
            Some(&etag),
            None,
        )
        .await;
    submitted.assert_status(200);
    assert_eq!(submitted.body["state"], "submitted");
    assert_eq!(submitted.body["submitted_by"], officer.user_id);
    let etag = submitted.etag();

    // Submitted: nothing changes any more.
    roles
        .editor1
        .put(
            &assessments(round),
            Some("\"v2\""),
            json!({ "department_id": roles.fb1, "dimension_code": "b", "actual_level": 3 }),
        )
        .await
        .assert_problem(409, "conflict");
    roles
        .admin
        .send(
            reqwest::Method::POST,
            &format!("{path}/approve"),
            Some(&etag),
            None,
        )
        .await
        .assert_problem(403, "forbidden");
    let approved = officer
        .send(
            reqwest::Method::POST,
            &format!("{path}/approve"),
            Some(&etag),
            None,
        )
        .await;
    approved.assert_status(200);
    assert_eq!(approved.body["state"], "approved");
    assert_eq!(approved.body["approved_by"], officer.user_id);
    let etag = approved.etag();

    // Reopening needs a reason, which the audit log keeps.
    officer
        .send(
            reqwest::Method::POST,
            &format!("{path}/reopen"),
            Some(&etag),
            Some(&json!({ "reason": "  " })),
        )
        .await
        .assert_problem(422, "validation_failed");
    let reopened = officer
        .send(
            reqwest::Method::POST,
            &format!("{path}/reopen"),
            Some(&etag),
            Some(&json!({ "reason": "FB 1 hat Zahlen nachgereicht" })),
        )
        .await;
    reopened.assert_status(200);
    assert_eq!(reopened.body["state"], "open");
    assert_eq!(reopened.body["approved_at"], Value::Null);
    let audit = officer
        .get(&format!(
            "/api/v1/audit?entity_type=maturity_round&entity_id={round}"
        ))
        .await;
    audit.assert_status(200);
    let last = &audit.body["items"][0];
    assert_eq!(last["after"]["transition"], "reopen");
    assert_eq!(last["after"]["reason"], "FB 1 hat Zahlen nachgereicht");
    assert_eq!(last["before"]["state"], "approved");
    assert_eq!(last["actor_id"], officer.user_id);

    // Open again: assessments can be changed and deleted.
    let assessment = second.id();
    roles
        .editor1
        .delete(
            &format!("/api/v1/maturity/assessments/{assessment}"),
            Some("\"v2\""),
        )
        .await
        .assert_status(204);
    let _ = app;
}

#[tokio::test]
async fn questionnaire_answers_compute_the_level_rounded_down_and_show_the_computation() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let model = create_model(officer, "test", "mean").await;
    let round = create_round(officer, "R", "2026-01-01", model, json!({})).await;
    let answered = roles
        .editor2
        .put(
            &assessments(round),
            None,
            json!({
                "department_id": roles.fb2,
                "dimension_code": "a",
                "answers": [
                    { "question_code": "q2", "option_code": "o2" },
                    { "question_code": "q1", "option_code": "o3" },
                ],
                "target_level": 4,
            }),
        )
        .await;
    answered.assert_status(201);
    assert_eq!(answered.body["actual_level"], 2, "⌊(3 + 2) / 2⌋ = 2");
    let computation = &answered.body["computation"];
    assert_eq!(computation["rule"], "floor_of_mean");
    assert_eq!(computation["level_sum"], 5);
    assert_eq!(computation["answer_count"], 2);
    assert_eq!(computation["answers"][0]["question_code"], "q1");
    assert_eq!(computation["answers"][0]["level"], 3);
    assert!(
        computation["formula"]
            .as_str()
            .unwrap_or_default()
            .contains("⌊5 / 2⌋ = 2 (abgerundet)"),
        "{computation}"
    );
    let listed = roles.officer.get(&assessments(round)).await;
    assert_eq!(listed.body[0]["computation"], *computation);

    let both = officer
        .put(
            &assessments(round),
            None,
            json!({
                "department_id": roles.fb1,
                "dimension_code": "a",
                "actual_level": 1,
                "answers": [{ "question_code": "q1", "option_code": "o1" }],
            }),
        )
        .await;
    both.assert_problem(422, "validation_failed");
    assert_eq!(both.error_fields(), vec!["actual_level", "answers"]);
    let unknown = officer
        .put(
            &assessments(round),
            None,
            json!({
                "department_id": roles.fb1,
                "dimension_code": "a",
                "answers": [
                    { "question_code": "q1", "option_code": "o9" },
                    { "question_code": "q2", "option_code": "o1" },
                ],
            }),
        )
        .await;
    assert_eq!(unknown.error_fields(), vec!["answers[0].option_code"]);
    let no_questionnaire = officer
        .put(
            &assessments(round),
            None,
            json!({
                "department_id": roles.fb1,
                "dimension_code": "b",
                "answers": [{ "question_code": "q1", "option_code": "o1" }],
            }),
        )
        .await;
    assert_eq!(no_questionnaire.error_fields(), vec!["answers"]);
}

#[tokio::test]
async fn results_name_the_rule_show_the_formula_compare_with_the_previous_round_and_trend() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let model = create_model(officer, "test", "weighted_mean").await;
    let scope = json!({ "department_ids": [roles.fb1, roles.fb2] });
    let r2022 = create_round(
        officer,
        "Ist-Analyse 2022",
        "2022-07-15",
        model,
        scope.clone(),
    )
    .await;
    let r2024 = create_round(officer, "Erhebung 2024", "2024-06-30", model, scope.clone()).await;
    for (round, fb1, fb2) in [(r2022, [1, 0], [0, 2]), (r2024, [3, 1], [1, 3])] {
        for (department, levels) in [(roles.fb1, fb1), (roles.fb2, fb2)] {
            for (code, level) in ["a", "b"].into_iter().zip(levels) {
                assess(
                    officer,
                    round,
                    json!({ "department_id": department, "dimension_code": code, "actual_level": level, "target_level": 4 }),
                )
                .await;
            }
        }
    }
    transition(officer, r2022, &["submit", "approve"]).await;
    transition(officer, r2024, &["submit", "approve"]).await;

    let results = roles
        .council
        .get(&format!("/api/v1/maturity/results?round_id={r2024}"))
        .await;
    results.assert_status(200);
    let body = &results.body;
    assert_eq!(body["round"]["aggregation_rule"], "weighted_mean");
    assert_eq!(body["dimensions"][0]["code"], "a");
    let subjects = body["subjects"].as_array().expect("subjects");
    assert_eq!(subjects.len(), 3, "administration + FB1 + FB2");
    let administration = &subjects[0];
    assert_eq!(administration["subject"]["kind"], "administration");
    let fb1 = subjects
        .iter()
        .find(|s| s["subject"]["department_id"] == roles.fb1)
        .expect("FB1");

    // FB1 2024: a = 3 (weight 3), b = 1 (weight 1) → (9 + 1) / 4 = 2.5.
    assert_eq!(fb1["overall"]["aggregation_rule"], "weighted_mean");
    assert_eq!(fb1["overall"]["score"], 2.5);
    assert_eq!(
        fb1["overall"]["formula"],
        "Gesamtstufe = gewichteter Mittelwert = Σ(Gewicht × Stufe) / Σ Gewicht = 10 / 4 = 2,5"
    );
    assert_eq!(fb1["target_overall"]["score"], 4.0);
    assert_eq!(fb1["dimensions"][0]["actual"], 3.0);
    assert_eq!(fb1["dimensions"][0]["target"], 4.0);
    assert_eq!(fb1["dimensions"][0]["is_gap"], true);
    // 2022: (3×1 + 0) / 4 = 0.75 → 0.8; change 2.5 − 0.8 = 1.7.
    assert_eq!(fb1["previous"]["round_id"], r2022);
    assert_eq!(fb1["previous"]["score"], 0.8);
    assert_eq!(fb1["previous"]["change"], 1.7);
    assert_eq!(fb1["dimensions"][0]["previous_actual"], 1.0);
    assert_eq!(fb1["dimensions"][0]["change"], 2.0);
    let trend: Vec<f64> = fb1["trend"]
        .as_array()
        .expect("trend")
        .iter()
        .filter_map(|p| p["score"].as_f64())
        .collect();
    assert_eq!(trend, vec![0.8, 2.5]);

    // The administration is derived: a = mean(3, 1) = 2, b = mean(1, 3) = 2.
    assert_eq!(administration["dimensions"][0]["actual"], 2.0);
    assert_eq!(
        administration["dimensions"][0]["actual_source"],
        "department_mean"
    );
    assert_eq!(administration["overall"]["score"], 2.0);

    // The heatmap: administration first, then the departments; cells in dimension order.
    let heatmap = roles
        .editor2
        .get(&format!("/api/v1/maturity/heatmap?round_id={r2024}"))
        .await;
    heatmap.assert_status(200);
    let rows = heatmap.body["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 3);
    assert_eq!(rows[0]["subject"]["name"], "Gesamtverwaltung");
    let fb2_row = rows
        .iter()
        .find(|r| r["subject"]["department_id"] == roles.fb2)
        .expect("FB2 row");
    assert_eq!(fb2_row["cells"][0]["dimension_code"], "a");
    assert_eq!(fb2_row["cells"][0]["actual"], 1.0);
    assert_eq!(fb2_row["cells"][1]["actual"], 3.0);

    // The trend of one department, and one department's results.
    let trend = roles
        .council
        .get(&format!(
            "/api/v1/maturity/trend?department_id={}",
            roles.fb2
        ))
        .await;
    trend.assert_status(200);
    assert_eq!(trend.body["rounds"].as_array().map(Vec::len), Some(2));
    assert_eq!(trend.body["rounds"][1]["dimensions"][1]["actual"], 3.0);
    let one = roles
        .council
        .get(&format!(
            "/api/v1/maturity/results?round_id={r2024}&department_id={}",
            roles.fb2
        ))
        .await;
    assert_eq!(one.body["subjects"].as_array().map(Vec::len), Some(1));
    // FB2 2024: (3×1 + 3) / 4 = 1.5.
    assert_eq!(one.body["subjects"][0]["overall"]["score"], 1.5);
}

#[tokio::test]
async fn gaps_list_the_active_measures_that_address_them_and_uncovered_gaps_have_none() {
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let model = create_model(officer, "test", "mean").await;
    let round = create_round(
        officer,
        "Erhebung",
        "2026-06-30",
        model,
        json!({ "department_ids": [roles.fb1, roles.fb2] }),
    )
    .await;
    // FB1: a 1→3 (gap), b 2→2 (none). FB2: a 1→2 (gap), b 0→3 (gap).
    for (department, code, actual, target) in [
        (roles.fb1, "a", 1, 3),
        (roles.fb1, "b", 2, 2),
        (roles.fb2, "a", 1, 2),
        (roles.fb2, "b", 0, 3),
    ] {
        assess(
            officer,
            round,
            json!({ "department_id": department, "dimension_code": code, "actual_level": actual, "target_level": target }),
        )
        .await;
    }

    let goal = goal(officer).await;
    let planned = status_with_category(officer, "planned").await;
    let cancelled = status_with_category(officer, "cancelled").await;
    let m_fb1 = measure(officer, "M1", roles.fb1, goal, planned).await;
    let m_all = measure(officer, "M2", roles.fb1, goal, planned).await;
    let m_cancelled = measure(officer, "M3", roles.fb2, goal, cancelled).await;
    let m_archived = measure(officer, "M4", roles.fb2, goal, planned).await;
    set_targets(
        officer,
        m_fb1,
        json!([{ "dimension_code": "a", "department_id": roles.fb1, "expected_level": 3 }]),
    )
    .await;
    set_targets(
        officer,
        m_all,
        json!([{ "dimension_code": "b", "department_id": null, "expected_level": 2 }]),
    )
    .await;
    set_targets(
        officer,
        m_cancelled,
        json!([{ "dimension_code": "a", "department_id": roles.fb2, "expected_level": 4 }]),
    )
    .await;
    set_targets(
        officer,
        m_archived,
        json!([{ "dimension_code": "a", "department_id": null, "expected_level": 4 }]),
    )
    .await;
    let etag = officer
        .get(&format!("/api/v1/measures/{m_archived}"))
        .await
        .etag();
    officer
        .delete(&format!("/api/v1/measures/{m_archived}"), Some(&etag))
        .await
        .assert_status(204);

    let report = roles
        .editor1
        .get(&format!("/api/v1/maturity/gaps?round_id={round}"))
        .await;
    report.assert_status(200);
    let gaps = report.body["gaps"].as_array().expect("gaps");
    let key = |g: &Value| {
        (
            g["subject"]["department_id"].as_i64(),
            g["dimension_code"].as_str().unwrap_or_default().to_owned(),
        )
    };
    let fb1 = Some(i64::from(roles.fb1));
    let fb2 = Some(i64::from(roles.fb2));
    let found: Vec<_> = gaps.iter().map(key).collect();
    // Administration (derived): a 1 → 2.5, b 1 → 2.5; both gaps.
    assert_eq!(
        found,
        vec![
            (None, "a".to_owned()),
            (None, "b".to_owned()),
            (fb1, "a".to_owned()),
            (fb2, "a".to_owned()),
            (fb2, "b".to_owned()),
        ],
        "{report}"
    );
    assert_eq!(report.body["total_gaps"], 5);
    assert_eq!(report.body["uncovered_gaps"], 2);
    assert!(
        report.body["rule"]
            .as_str()
            .unwrap_or_default()
            .contains("Ist < Soll")
    );

    let gap = |department: Option<i64>, code: &str| {
        gaps.iter()
            .find(|g| key(g) == (department, code.to_owned()))
            .expect("the gap exists")
    };
    // FB1/a: M1 names FB1 and reaches 3.
    let fb1_a = gap(fb1, "a");
    assert_eq!(fb1_a["covered"], true);
    assert_eq!(fb1_a["covered_to_target"], true);
    assert_eq!(ids_of_measures(fb1_a), vec![i64::from(m_fb1)]);
    assert_eq!(fb1_a["difference"], 2.0);
    // FB2/a: only a cancelled and an archived measure: uncovered.
    assert_eq!(gap(fb2, "a")["covered"], false);
    assert_eq!(ids_of_measures(gap(fb2, "a")), Vec::<i64>::new());
    // FB2/b and the administration's b: M2 covers every department, but expects only 2 < 3.
    let fb2_b = gap(fb2, "b");
    assert_eq!(fb2_b["covered"], true);
    assert_eq!(fb2_b["covered_to_target"], false);
    assert_eq!(fb2_b["measures"][0]["reaches_target"], false);
    assert_eq!(fb2_b["measures"][0]["target_department_id"], Value::Null);
    assert_eq!(gap(None, "b")["covered"], true);
    // The administration's a: M1 names a department, so it does not cover the whole.
    assert_eq!(gap(None, "a")["covered"], false);

    let uncovered = roles
        .council
        .get(&format!(
            "/api/v1/maturity/gaps?round_id={round}&uncovered=true"
        ))
        .await;
    // The council sees only approved rounds.
    uncovered.assert_problem(404, "not_found");
    let uncovered = officer
        .get(&format!(
            "/api/v1/maturity/gaps?round_id={round}&uncovered=true"
        ))
        .await;
    let found: Vec<_> = uncovered.body["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(key)
        .collect();
    assert_eq!(found, vec![(None, "a".to_owned()), (fb2, "a".to_owned())]);
    let filtered = officer
        .get(&format!(
            "/api/v1/maturity/gaps?round_id={round}&department_id={}&dimension_code=b",
            roles.fb2
        ))
        .await;
    assert_eq!(filtered.body["total_gaps"], 1);

    // Maturity targets: structure policy, If-Match with the measure's ETag, validation.
    let targets_path = format!("/api/v1/measures/{m_fb1}/maturity-targets");
    let read = roles.council.get(&targets_path).await;
    read.assert_status(200);
    assert_eq!(read.body["targets"][0]["dimension_code"], "a");
    let etag = read.etag();
    let audit_before = app.audit_count().await;
    roles
        .editor1
        .put(&targets_path, Some(&etag), json!({ "targets": [] }))
        .await
        .assert_problem(403, "forbidden");
    officer
        .put(&targets_path, None, json!({ "targets": [] }))
        .await
        .assert_problem(428, "if_match_required");
    let invalid = officer
        .put(
            &targets_path,
            Some(&etag),
            json!({ "targets": [
                { "dimension_code": "unbekannt", "department_id": null, "expected_level": 2 },
                { "dimension_code": "a", "department_id": 99999, "expected_level": 9 },
            ] }),
        )
        .await;
    invalid.assert_problem(422, "validation_failed");
    assert_eq!(
        invalid.error_fields(),
        vec![
            "targets[0].dimension_code",
            "targets[1].department_id",
            "targets[1].expected_level",
        ]
    );
    assert_eq!(app.audit_count().await, audit_before);
    let replaced = officer
        .put(
            &targets_path,
            Some(&etag),
            json!({ "targets": [{ "dimension_code": "prozesse", "department_id": null, "expected_level": 3 }] }),
        )
        .await;
    replaced.assert_status(200);
    assert_ne!(replaced.etag(), etag, "the measure's version goes up");
    assert_eq!(
        officer
            .get(&format!("/api/v1/measures/{m_fb1}"))
            .await
            .etag(),
        replaced.etag()
    );
    // FB1/a is now uncovered.
    let after = officer
        .get(&format!(
            "/api/v1/maturity/gaps?round_id={round}&department_id={}",
            roles.fb1
        ))
        .await;
    assert_eq!(after.body["uncovered_gaps"], 1);
}

fn ids_of_measures(gap: &Value) -> Vec<i64> {
    gap["measures"]
        .as_array()
        .map(|m| m.iter().filter_map(|m| m["measure_id"].as_i64()).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn findings_are_traced_to_measures_and_goals_and_unanswered_ones_are_listed() {
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let goal = goal(officer).await;
    let planned = status_with_category(officer, "planned").await;
    let cancelled = status_with_category(officer, "cancelled").await;
    let active = measure(officer, "M1", roles.fb1, goal, planned).await;
    let dropped = measure(officer, "M2", roles.fb1, goal, cancelled).await;

    let answered = officer
        .post(
            FINDINGS,
            json!({
                "text": "Akten werden nur auf Papier geführt.",
                "department_id": roles.fb1,
                "dimension_code": "prozesse",
                "severity": "high",
                "source": "Interview",
                "source_date": "2022-05-17",
                "goal_ids": [goal],
                "measure_ids": [active],
            }),
        )
        .await;
    answered.assert_status(201);
    assert_eq!(answered.body["answered"], true);
    assert_eq!(answered.body["answered_by_measure_ids"], json!([active]));
    assert_eq!(answered.body["goal_ids"], json!([goal]));
    let only_cancelled = officer
        .post(
            FINDINGS,
            json!({ "text": "Keine Schnittstellen.", "severity": "medium", "source": "Workshop", "measure_ids": [dropped] }),
        )
        .await;
    only_cancelled.assert_status(201);
    assert_eq!(only_cancelled.body["answered"], false);
    let unlinked = officer
        .post(
            FINDINGS,
            json!({ "text": "Kein Budget.", "severity": "low", "source": "Dokumentenanalyse", "goal_ids": [goal] }),
        )
        .await;
    unlinked.assert_status(201);

    let open = roles
        .council
        .get(&format!("{FINDINGS}?unanswered=true"))
        .await;
    open.assert_status(200);
    assert_eq!(
        ids(&open.body["items"]),
        vec![i64::from(only_cancelled.id()), i64::from(unlinked.id())]
    );
    assert_eq!(open.body["total"], 2);
    let all = roles.editor2.get(FINDINGS).await;
    assert_eq!(all.body["total"], 3);
    let by_severity = roles
        .editor2
        .get(&format!("{FINDINGS}?severity=high"))
        .await;
    assert_eq!(
        ids(&by_severity.body["items"]),
        vec![i64::from(answered.id())]
    );

    // Linking an active measure answers it.
    let path = format!("{FINDINGS}/{}", unlinked.id());
    let linked = officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "measure_ids": [active, dropped] }),
        )
        .await;
    linked.assert_status(200);
    assert_eq!(linked.body["answered"], true);
    assert_eq!(linked.body["goal_ids"], json!([goal]), "absent lists stay");
    let open = officer.get(&format!("{FINDINGS}?unanswered=true")).await;
    assert_eq!(
        ids(&open.body["items"]),
        vec![i64::from(only_cancelled.id())]
    );

    // Validation, authorization, deletion.
    let invalid = officer
        .post(
            FINDINGS,
            json!({ "text": "", "severity": "high", "source": "x", "department_id": 99999, "dimension_code": "gibtsnicht", "measure_ids": [99999] }),
        )
        .await;
    invalid.assert_problem(422, "validation_failed");
    assert_eq!(
        invalid.error_fields(),
        vec!["department_id", "dimension_code", "measure_ids[0]", "text"]
    );
    let audit_before = app.audit_count().await;
    roles
        .editor1
        .post(
            FINDINGS,
            json!({ "text": "x", "severity": "low", "source": "x" }),
        )
        .await
        .assert_problem(403, "forbidden");
    roles
        .council
        .delete(&path, Some("\"v2\""))
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(app.audit_count().await, audit_before);
    officer
        .delete(&path, Some("\"v2\""))
        .await
        .assert_status(204);
    officer.get(&path).await.assert_problem(404, "not_found");
}

/// An open round with one assessment per department, and the same for an approved round.
async fn rounds_for_authorization(roles: &Roles) -> (i32, i32) {
    let officer = &roles.officer;
    let model = create_model(officer, "test", "mean").await;
    let scope =
        json!({ "department_ids": [roles.fb1, roles.fb2], "includes_administration": true });
    let approved = create_round(officer, "2024", "2024-06-30", model, scope.clone()).await;
    let open = create_round(officer, "2026", "2026-06-30", model, scope).await;
    for round in [approved, open] {
        for department in [roles.fb1, roles.fb2] {
            assess(
                officer,
                round,
                json!({ "department_id": department, "dimension_code": "a", "actual_level": 1, "target_level": 3, "method": "interview" }),
            )
            .await;
        }
    }
    transition(officer, approved, &["submit", "approve"]).await;
    (open, approved)
}

#[tokio::test]
async fn editors_assess_only_their_own_departments_and_the_council_reads_approved_rounds_only() {
    let (app, roles) = TestApp::with_roles().await;
    let (open, approved) = rounds_for_authorization(&roles).await;
    let audit_before = app.audit_count().await;

    // Editors: own department, self-assessment only, never the administration.
    for (body, why) in [
        (
            json!({ "department_id": roles.fb2, "dimension_code": "b", "actual_level": 2 }),
            "other department",
        ),
        (
            json!({ "dimension_code": "b", "actual_level": 2 }),
            "the administration",
        ),
        (
            json!({ "department_id": roles.fb1, "dimension_code": "b", "actual_level": 2, "method": "officer" }),
            "another method",
        ),
    ] {
        let response = roles.editor1.put(&assessments(open), None, body).await;
        assert_eq!(response.status, 403, "{why}: {response}");
    }
    // For the council, an open round does not exist, even to write to; an approved one is
    // visible but read-only.
    for (round, status) in [(open, 404), (approved, 403)] {
        let response = roles
            .council
            .put(
                &assessments(round),
                None,
                json!({ "department_id": roles.fb1, "dimension_code": "b", "actual_level": 2 }),
            )
            .await;
        assert_eq!(response.status, status, "{response}");
    }
    let other = roles
        .editor1
        .get(&format!(
            "{}?department_id={}",
            assessments(open),
            roles.fb2
        ))
        .await;
    let other_id = other.body[0]["id"].as_i64().unwrap_or_default();
    roles
        .editor1
        .delete(
            &format!("/api/v1/maturity/assessments/{other_id}"),
            Some("\"v1\""),
        )
        .await
        .assert_problem(403, "forbidden");
    // Editors and the council cannot manage rounds, models or findings.
    for session in [&roles.editor1, &roles.council] {
        session
            .post(
                ROUNDS,
                json!({ "title": "x", "round_date": "2026-01-01", "model_id": 1 }),
            )
            .await
            .assert_problem(403, "forbidden");
        session
            .post(MODELS, small_model("x", "mean"))
            .await
            .assert_problem(403, "forbidden");
    }
    // Editors may not submit; for the council an open round does not exist at all.
    let etag = roles.officer.get(&format!("{ROUNDS}/{open}")).await.etag();
    let submit = format!("{ROUNDS}/{open}/submit");
    roles
        .editor1
        .send(reqwest::Method::POST, &submit, Some(&etag), None)
        .await
        .assert_problem(403, "forbidden");
    roles
        .council
        .send(reqwest::Method::POST, &submit, Some(&etag), None)
        .await
        .assert_problem(404, "not_found");
    // The council: non-approved rounds do not exist.
    let council = &roles.council;
    for path in [
        format!("{ROUNDS}/{open}"),
        assessments(open),
        format!("/api/v1/maturity/results?round_id={open}"),
        format!("/api/v1/maturity/heatmap?round_id={open}"),
        format!("/api/v1/maturity/gaps?round_id={open}"),
    ] {
        council.get(&path).await.assert_problem(404, "not_found");
    }
    assert_eq!(
        app.audit_count().await,
        audit_before,
        "denials change nothing"
    );
    let listed = council.get(ROUNDS).await;
    assert_eq!(ids(&listed.body), vec![i64::from(approved)]);
    let trend = council.get("/api/v1/maturity/trend").await;
    let rounds: Vec<i64> = trend.body["rounds"]
        .as_array()
        .expect("rounds")
        .iter()
        .filter_map(|r| r["round"]["id"].as_i64())
        .collect();
    assert_eq!(
        rounds,
        vec![i64::from(approved)],
        "the trend skips unapproved rounds"
    );
    for path in [
        format!("{ROUNDS}/{approved}"),
        assessments(approved),
        format!("/api/v1/maturity/results?round_id={approved}"),
        format!("/api/v1/maturity/heatmap?round_id={approved}"),
        format!("/api/v1/maturity/gaps?round_id={approved}"),
    ] {
        council.get(&path).await.assert_status(200);
    }

    // Editors see every round and may self-assess their own department in the open one.
    assert_eq!(ids(&roles.editor2.get(ROUNDS).await.body).len(), 2);
    let own = roles
        .editor1
        .put(
            &assessments(open),
            None,
            json!({ "department_id": roles.fb1, "dimension_code": "b", "actual_level": 2, "target_level": 3 }),
        )
        .await;
    own.assert_status(201);
    assert_eq!(own.body["method"], "self_assessment");
    // The officer may assess the administration as a whole (the round includes it).
    let whole = roles
        .admin
        .put(
            &assessments(open),
            None,
            json!({ "dimension_code": "b", "actual_level": 1 }),
        )
        .await;
    whole.assert_status(201);
    assert_eq!(whole.body["department_id"], Value::Null);
    assert_eq!(whole.body["method"], "officer");
    let results = roles
        .officer
        .get(&format!("/api/v1/maturity/results?round_id={open}"))
        .await;
    let administration = &results.body["subjects"][0];
    assert_eq!(administration["dimensions"][1]["actual"], 1.0);
    assert_eq!(administration["dimensions"][1]["actual_source"], "assessed");
    assert_eq!(
        administration["dimensions"][0]["actual_source"],
        "department_mean"
    );
}

#[tokio::test]
async fn the_demo_loader_creates_three_rounds_findings_and_targets_with_covered_and_uncovered_gaps()
{
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let goal = goal(officer).await;
    let planned = status_with_category(officer, "planned").await;
    let e_akte = officer
        .post(
            "/api/v1/measures",
            json!({ "code": "M1", "title": "E-Akte-Einführung im FB 2 Finanzen", "lead_department_id": roles.fb2, "goal_ids": [goal], "status_id": planned, "visibility": "internal" }),
        )
        .await;
    e_akte.assert_status(201);
    let summary = kurs::store::maturity::load_demo(&app.db, officer.user_id)
        .await
        .expect("the demo loads");
    assert_eq!(summary.round_ids.len(), 3);
    assert_eq!(summary.assessments, 3 * 2 * 8);
    assert!(summary.findings >= 30);
    assert_eq!(summary.measure_targets, 1);

    let rounds = officer.get(ROUNDS).await;
    let states: Vec<&str> = rounds
        .body
        .as_array()
        .expect("rounds")
        .iter()
        .filter_map(|r| r["state"].as_str())
        .collect();
    assert_eq!(states, vec!["submitted", "approved", "approved"]);
    assert_eq!(
        roles
            .council
            .get(ROUNDS)
            .await
            .body
            .as_array()
            .map(Vec::len),
        Some(2)
    );
    let last = summary.round_ids[2];
    let gaps = officer
        .get(&format!("/api/v1/maturity/gaps?round_id={last}"))
        .await;
    gaps.assert_status(200);
    let total = gaps.body["total_gaps"].as_u64().unwrap_or_default();
    let uncovered = gaps.body["uncovered_gaps"].as_u64().unwrap_or_default();
    assert!(uncovered > 0 && uncovered < total, "{gaps}");
    let unanswered = officer.get(&format!("{FINDINGS}?unanswered=true")).await;
    let open = unanswered.body["total"].as_u64().unwrap_or_default();
    assert!(open > 0 && open < summary.findings as u64);
    let results = roles
        .council
        .get(&format!(
            "/api/v1/maturity/results?round_id={}",
            summary.round_ids[1]
        ))
        .await;
    results.assert_status(200);
    let trend = results.body["subjects"][1]["trend"]
        .as_array()
        .expect("trend");
    assert_eq!(
        trend.len(),
        2,
        "the council's trend holds the approved rounds"
    );
}
