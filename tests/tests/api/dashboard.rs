//! `/api/v1/dashboard` and `/api/v1/rollups/…`: the weighted roll-up against a hand
//! computation, cancelled and draft measures left out (and counted), the explanation's
//! inputs, and roll-ups over sub-goals and sub-departments.

use kurs_api_tests::{Roles, Session, TestApp, statuses};
use serde_json::{Value, json};

async fn goal(session: &Session, code: &str, parent_id: Option<i32>) -> i32 {
    let response = session
        .post(
            "/api/v1/goals",
            json!({ "code": code, "title": format!("Ziel {code}"), "parent_id": parent_id }),
        )
        .await;
    response.assert_status(201);
    response.id()
}

/// Creates a measure and reports one status update with `progress` and `status_code`, so
/// it is not pending. `extra` overrides fields of the measure.
async fn reported_measure(
    roles: &Roles,
    code: &str,
    goal_id: i32,
    weight: i32,
    progress: i32,
    status_code: &str,
    extra: Value,
) -> i32 {
    let statuses = statuses(&roles.officer).await;
    let mut body = json!({
        "code": code,
        "title": format!("Maßnahme {code}"),
        "goal_ids": [goal_id],
        "lead_department_id": roles.fb1,
        "status_id": statuses["in_umsetzung"],
        "weight": weight,
    });
    for (key, value) in extra.as_object().expect("an object") {
        body[key] = value.clone();
    }
    let created = roles.officer.post("/api/v1/measures", body).await;
    created.assert_status(201);
    let id = created.id();
    roles
        .officer
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/measures/{id}/updates"),
            Some(&created.etag()),
            Some(&json!({
                "narrative": "Sachstand",
                "progress": progress,
                "status_id": statuses[status_code],
            })),
        )
        .await
        .assert_status(201);
    id
}

fn input(explanation: &Value, measure_id: i32) -> &Value {
    explanation["inputs"]
        .as_array()
        .expect("a list of inputs")
        .iter()
        .find(|i| i["measure_id"] == measure_id)
        .unwrap_or_else(|| panic!("measure {measure_id} is not an input of {explanation}"))
}

fn input_ids(explanation: &Value) -> Vec<i64> {
    let mut ids: Vec<i64> = explanation["inputs"]
        .as_array()
        .expect("a list of inputs")
        .iter()
        .map(|i| i["measure_id"].as_i64().expect("an id"))
        .collect();
    ids.sort_unstable();
    ids
}

#[tokio::test]
async fn the_overall_progress_is_the_weighted_mean_without_cancelled_and_draft_measures() {
    let (_app, roles) = TestApp::with_roles().await;
    let field = goal(&roles.officer, "HF1", None).await;
    let sub = goal(&roles.officer, "Z1", Some(field)).await;
    let a = reported_measure(&roles, "A", sub, 1, 10, "in_umsetzung", json!({})).await;
    let b = reported_measure(&roles, "B", sub, 2, 40, "in_umsetzung", json!({})).await;
    let c = reported_measure(&roles, "C", sub, 3, 70, "in_umsetzung", json!({})).await;
    let cancelled = reported_measure(&roles, "X", sub, 5, 90, "abgebrochen", json!({})).await;
    let draft = reported_measure(
        &roles,
        "D",
        sub,
        4,
        20,
        "in_umsetzung",
        json!({ "visibility": "draft" }),
    )
    .await;

    let dashboard = roles.council.get("/api/v1/dashboard").await;
    dashboard.assert_status(200);
    let overall = &dashboard.body["overall"]["rollup"];
    // (1 × 10 + 2 × 40 + 3 × 70) / (1 + 2 + 3) = 300 / 6 = 50
    assert_eq!(overall["progress"], 50.0, "{overall}");
    assert_eq!(overall["weighted_progress_sum"], 300.0);
    assert_eq!(overall["weight_total"], 6);
    assert_eq!(overall["measures_included"], 3);
    assert_eq!(overall["measures_excluded_cancelled"], 1);
    assert_eq!(
        overall["measures_total"], 4,
        "drafts are not part of the plan"
    );
    assert_eq!(dashboard.body["excluded_drafts"], 1);
    let formula = overall["formula_en"].as_str().expect("a formula");
    for number in ["300 / 6", "50.0", "1 cancelled measure excluded"] {
        assert!(
            formula.contains(number),
            "the formula {formula:?} shows {number}"
        );
    }
    let formula_de = overall["formula"].as_str().expect("a formula");
    assert!(formula_de.contains("300 / 6"), "{formula_de}");

    // The Handlungsfeld rolls up the measures of its sub-goal.
    let fields = dashboard.body["fields_of_action"]
        .as_array()
        .expect("a list");
    let hf = fields
        .iter()
        .find(|e| e["scope"]["id"] == field)
        .unwrap_or_else(|| panic!("HF1 is a field of action: {dashboard}"));
    assert_eq!(hf["rollup"]["progress"], 50.0);
    assert_eq!(hf["rollup"]["measures_included"], 3);

    // The officer's explanation lists every input with whether and why it counted.
    let explained = roles
        .officer
        .get(&format!("/api/v1/rollups/goals/{field}"))
        .await;
    explained.assert_status(200);
    assert_eq!(explained.body["rollup"]["progress"], 50.0);
    assert_eq!(
        input_ids(&explained.body),
        {
            let mut ids = vec![
                i64::from(a),
                i64::from(b),
                i64::from(c),
                i64::from(cancelled),
                i64::from(draft),
            ];
            ids.sort_unstable();
            ids
        },
        "the Handlungsfeld covers its sub-goal's measures"
    );
    for id in [a, b, c] {
        assert_eq!(input(&explained.body, id)["included"], true);
        assert_eq!(input(&explained.body, id)["excluded_reason"], Value::Null);
    }
    assert_eq!(input(&explained.body, b)["weight"], 2);
    assert_eq!(input(&explained.body, b)["progress"], 40);
    assert_eq!(input(&explained.body, cancelled)["included"], false);
    assert_eq!(
        input(&explained.body, cancelled)["excluded_reason"],
        "cancelled"
    );
    assert_eq!(input(&explained.body, draft)["included"], false);
    assert_eq!(input(&explained.body, draft)["excluded_reason"], "draft");

    // The council may not see the draft, so its explanation does not list it.
    let council_view = roles
        .council
        .get(&format!("/api/v1/rollups/goals/{sub}"))
        .await;
    council_view.assert_status(200);
    assert!(!input_ids(&council_view.body).contains(&i64::from(draft)));
    assert_eq!(council_view.body["rollup"]["progress"], 50.0);
}

#[tokio::test]
async fn a_department_rolls_up_the_measures_of_its_sub_departments() {
    let (app, roles) = TestApp::with_roles().await;
    let sub_department = app
        .create_department("FB1.1", "Abteilung 1.1", Some(roles.fb1))
        .await;
    let goal_id = goal(&roles.officer, "HF1", None).await;
    let own = reported_measure(&roles, "A", goal_id, 1, 20, "in_umsetzung", json!({})).await;
    let below = reported_measure(
        &roles,
        "B",
        goal_id,
        1,
        60,
        "in_umsetzung",
        json!({ "lead_department_id": sub_department }),
    )
    .await;
    let other = reported_measure(
        &roles,
        "C",
        goal_id,
        1,
        100,
        "in_umsetzung",
        json!({ "lead_department_id": roles.fb2 }),
    )
    .await;

    let fb1 = roles
        .officer
        .get(&format!("/api/v1/rollups/departments/{}", roles.fb1))
        .await;
    fb1.assert_status(200);
    let mut expected = vec![i64::from(own), i64::from(below)];
    expected.sort_unstable();
    assert_eq!(input_ids(&fb1.body), expected);
    assert!(!input_ids(&fb1.body).contains(&i64::from(other)));
    assert_eq!(fb1.body["rollup"]["progress"], 40.0);

    let sub = roles
        .officer
        .get(&format!("/api/v1/rollups/departments/{sub_department}"))
        .await;
    sub.assert_status(200);
    assert_eq!(input_ids(&sub.body), vec![i64::from(below)]);
    assert_eq!(sub.body["rollup"]["progress"], 60.0);

    let dashboard = roles.officer.get("/api/v1/dashboard").await;
    let entry = dashboard.body["departments"]
        .as_array()
        .expect("a list")
        .iter()
        .find(|e| e["scope"]["id"] == roles.fb1)
        .unwrap_or_else(|| panic!("FB1 has a roll-up: {dashboard}"))
        .clone();
    assert_eq!(entry["rollup"]["progress"], 40.0);
    assert_eq!(entry["rollup"]["measures_included"], 2);
    assert_eq!(dashboard.body["overall"]["rollup"]["progress"], 60.0);
}

#[tokio::test]
async fn draft_and_archived_measures_stay_out_of_the_attention_lists_for_every_role() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "HF1", None).await;
    let late = json!({ "planned_start": "2020-01-01", "planned_end": "2020-12-31" });
    let mut draft_body = late.clone();
    draft_body["visibility"] = json!("draft");
    let overdue =
        reported_measure(&roles, "LATE", goal_id, 1, 10, "in_umsetzung", late.clone()).await;
    let draft = reported_measure(&roles, "DRAFT", goal_id, 1, 10, "in_umsetzung", draft_body).await;
    let archived =
        reported_measure(&roles, "ARCH", goal_id, 1, 10, "in_umsetzung", late.clone()).await;
    let archived_path = format!("/api/v1/measures/{archived}");
    let etag = roles.officer.get(&archived_path).await.etag();
    roles
        .officer
        .delete(&archived_path, Some(&etag))
        .await
        .assert_status(204);

    for session in [&roles.officer, &roles.council, &roles.editor1] {
        let dashboard = session.get("/api/v1/dashboard").await;
        dashboard.assert_status(200);
        let ids: Vec<i64> = dashboard.body["overdue"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|m| m["id"].as_i64().expect("an id"))
            .collect();
        assert_eq!(
            ids,
            vec![i64::from(overdue)],
            "{}: only the planned, active measure is overdue: {dashboard}",
            session.username
        );
        for list in ["at_risk", "without_recent_update"] {
            assert!(
                !dashboard.body[list]
                    .as_array()
                    .expect("a list")
                    .iter()
                    .any(|m| m["id"] == draft || m["id"] == archived),
                "{list} leaks a draft or archived measure: {dashboard}"
            );
        }
        assert_eq!(dashboard.body["excluded_drafts"], 1);
        assert_eq!(dashboard.body["overall"]["rollup"]["measures_total"], 1);
    }
}

#[tokio::test]
async fn recategorising_a_status_as_cancelled_takes_its_measures_out_of_the_rollup() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "HF1", None).await;
    let created = roles
        .officer
        .post(
            "/api/v1/statuses",
            json!({ "code": "pausiert", "label": "pausiert", "category": "in_progress" }),
        )
        .await;
    created.assert_status(201);
    reported_measure(&roles, "A", goal_id, 1, 20, "in_umsetzung", json!({})).await;
    reported_measure(&roles, "B", goal_id, 1, 80, "pausiert", json!({})).await;
    let overall = |body: &Value| body["overall"]["rollup"].clone();

    let before = roles.officer.get("/api/v1/dashboard").await;
    assert_eq!(overall(&before.body)["progress"], 50.0);

    roles
        .officer
        .patch(
            &format!("/api/v1/statuses/{}", created.id()),
            Some(&created.etag()),
            json!({ "category": "cancelled" }),
        )
        .await
        .assert_status(200);
    let after = roles.officer.get("/api/v1/dashboard").await;
    let rollup = overall(&after.body);
    assert_eq!(rollup["progress"], 20.0, "{rollup}");
    assert_eq!(rollup["measures_included"], 1);
    assert_eq!(rollup["measures_excluded_cancelled"], 1);
}

/// The attention lists hold the 50 most urgent measures; `*_total` counts all of them, so
/// the response stays small however large the plan grows.
#[tokio::test]
async fn attention_lists_hold_the_first_fifty_and_count_all() {
    let (_app, roles) = TestApp::with_roles().await;
    let field = goal(&roles.officer, "HF1", None).await;
    let statuses = statuses(&roles.officer).await;
    for n in 0..53 {
        roles
            .officer
            .post(
                "/api/v1/measures",
                json!({
                    "code": format!("U{n:02}"),
                    "title": format!("Überfällig {n}"),
                    "goal_ids": [field],
                    "lead_department_id": roles.fb1,
                    "status_id": statuses["in_umsetzung"],
                    "planned_start": "2020-01-01",
                    "planned_end": format!("2021-01-{:02}", n % 28 + 1),
                }),
            )
            .await
            .assert_status(201);
    }
    let dashboard = roles.council.get("/api/v1/dashboard").await;
    dashboard.assert_status(200);
    assert_eq!(dashboard.body["overdue_total"], 53, "{dashboard}");
    assert_eq!(dashboard.body["overdue"].as_array().map(Vec::len), Some(50));
    assert_eq!(dashboard.body["without_recent_update_total"], 53);
    assert_eq!(
        dashboard.body["without_recent_update"]
            .as_array()
            .map(Vec::len),
        Some(50)
    );
    // Earliest planned end first: the cut keeps the most overdue.
    assert_eq!(dashboard.body["overdue"][0]["planned_end"], "2021-01-01");
}

/// The dashboard is computed once per data version: a change is visible on the very next
/// read, and reads without a change in between answer the same document.
#[tokio::test]
async fn a_change_shows_on_the_next_dashboard_read() {
    let (_app, roles) = TestApp::with_roles().await;
    let field = goal(&roles.officer, "HF1", None).await;
    let a = reported_measure(&roles, "A", field, 1, 10, "in_umsetzung", json!({})).await;
    let before = roles.officer.get("/api/v1/dashboard").await;
    before.assert_status(200);
    assert_eq!(
        roles.council.get("/api/v1/dashboard").await.body,
        before.body,
        "an unchanged plan answers the same dashboard"
    );
    assert_eq!(
        before.body["overall"]["rollup"]["progress"], 10.0,
        "{before}"
    );

    let measure = roles.officer.get(&format!("/api/v1/measures/{a}")).await;
    let statuses = statuses(&roles.officer).await;
    roles
        .officer
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/measures/{a}/updates"),
            Some(&measure.etag()),
            Some(&json!({
                "narrative": "Weiter",
                "progress": 60,
                "status_id": statuses["in_umsetzung"],
            })),
        )
        .await
        .assert_status(201);
    let after = roles.council.get("/api/v1/dashboard").await;
    assert_eq!(after.body["overall"]["rollup"]["progress"], 60.0, "{after}");
}
