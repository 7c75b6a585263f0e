//! `/api/v1/measures`: create and read, validation naming every bad field, dependency
//! cycles, who may change what (structure vs. execution, departments, drafts), status
//! updates with If-Match, the traffic-light override, archiving and the list's filters.

use kurs_api_tests::{Roles, Session, TestApp, statuses};
use serde_json::{Value, json};

async fn goal(session: &Session, code: &str) -> i32 {
    let response = session
        .post(
            "/api/v1/goals",
            json!({ "code": code, "title": format!("Ziel {code}") }),
        )
        .await;
    response.assert_status(201);
    response.id()
}

/// Creates a measure of `roles.fb1` under a new goal; `extra` overrides fields.
async fn measure(roles: &Roles, goal_id: i32, code: &str, extra: Value) -> (i32, String) {
    let status = statuses(&roles.officer).await["in_umsetzung"];
    let mut body = json!({
        "code": code,
        "title": format!("Maßnahme {code}"),
        "goal_ids": [goal_id],
        "lead_department_id": roles.fb1,
        "status_id": status,
    });
    for (key, value) in extra.as_object().expect("an object") {
        body[key] = value.clone();
    }
    let response = roles.officer.post("/api/v1/measures", body).await;
    response.assert_status(201);
    (response.id(), response.etag())
}

fn codes(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page of measures: {list}"))
        .iter()
        .map(|m| m["code"].as_str().expect("a code").to_owned())
        .collect()
}

async fn list_codes(session: &Session, query: &str) -> Vec<String> {
    let response = session.get(&format!("/api/v1/measures{query}")).await;
    response.assert_status(200);
    codes(&response.body)
}

#[tokio::test]
async fn a_measure_created_with_all_fields_is_read_back_with_its_etag() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (dep, _) = measure(&roles, goal_id, "M 0", json!({})).await;
    let status = statuses(&roles.officer).await["in_umsetzung"];
    let created = roles
        .officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M 1",
                "title": "Digitale Bauakte",
                "description": "Die Bauakte wird digital.",
                "goal_ids": [goal_id],
                "lead_department_id": roles.fb1,
                "participating_department_ids": [roles.fb2],
                "contact_name": "Erika Muster",
                "contact_email": "erika@example.org",
                "status_id": status,
                "progress": 25,
                "planned_start": "2026-01-01",
                "planned_end": "2027-12-31",
                "actual_start": "2026-02-01",
                "priority": "high",
                "weight": 3,
                "budget_planned_cents": 1_000_000,
                "budget_spent_cents": 250_000,
                "visibility": "public",
                "milestones": [{ "title": "Ausschreibung", "due": "2026-06-30" }],
                "dependency_ids": [dep],
            }),
        )
        .await;
    created.assert_status(201);
    assert_eq!(created.etag(), "\"v1\"");
    let id = created.id();

    let read = roles.council.get(&format!("/api/v1/measures/{id}")).await;
    read.assert_status(200);
    assert_eq!(read.etag(), "\"v1\"");
    let m = &read.body;
    assert_eq!(m["code"], "M 1");
    assert_eq!(m["title"], "Digitale Bauakte");
    assert_eq!(m["description"], "Die Bauakte wird digital.");
    assert_eq!(m["goal_ids"], json!([goal_id]));
    assert_eq!(m["lead_department_id"], roles.fb1);
    assert_eq!(m["participating_department_ids"], json!([roles.fb2]));
    assert_eq!(m["contact_name"], "Erika Muster");
    assert_eq!(m["contact_email"], "erika@example.org");
    assert_eq!(m["status_id"], status);
    assert_eq!(m["progress"], 25);
    assert_eq!(m["planned_start"], "2026-01-01");
    assert_eq!(m["planned_end"], "2027-12-31");
    assert_eq!(m["actual_start"], "2026-02-01");
    assert_eq!(m["actual_end"], Value::Null);
    assert_eq!(m["priority"], "high");
    assert_eq!(m["weight"], 3);
    assert_eq!(m["budget_planned_cents"], 1_000_000);
    assert_eq!(m["budget_spent_cents"], 250_000);
    assert_eq!(m["visibility"], "public");
    assert_eq!(m["archived"], false);
    assert_eq!(m["milestones"][0]["title"], "Ausschreibung");
    assert_eq!(m["milestones"][0]["due"], "2026-06-30");
    assert_eq!(m["dependencies"][0]["id"], dep);
    assert_eq!(m["dependencies"][0]["code"], "M 0");
    assert_eq!(m["version"], 1);
}

#[tokio::test]
async fn validation_names_several_bad_fields_at_once_and_creates_nothing() {
    let (app, roles) = TestApp::with_roles().await;
    let status = statuses(&roles.officer).await["geplant"];
    let audits = app.audit_count().await;
    let response = roles
        .officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M 1",
                "title": "  ",
                "goal_ids": [],
                "lead_department_id": roles.fb1,
                "status_id": status,
                "progress": 150,
                "planned_start": "2026-06-01",
                "planned_end": "2026-01-01",
            }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(
        response.error_fields(),
        vec!["goal_ids", "planned_end", "progress", "title"]
    );
    assert_eq!(app.audit_count().await, audits);
    assert!(list_codes(&roles.officer, "").await.is_empty());
}

#[tokio::test]
async fn a_dependency_cycle_is_refused_and_changes_nothing() {
    let (app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (a, _) = measure(&roles, goal_id, "A", json!({})).await;
    let (b, _) = measure(&roles, goal_id, "B", json!({ "dependency_ids": [a] })).await;
    let path = format!("/api/v1/measures/{a}");
    let before = roles.officer.get(&path).await;
    let audits = app.audit_count().await;

    let response = roles
        .officer
        .patch(
            &path,
            Some(&before.etag()),
            json!({ "dependency_ids": [b] }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), vec!["dependency_ids"]);

    let self_dependency = roles
        .officer
        .patch(
            &path,
            Some(&before.etag()),
            json!({ "dependency_ids": [a] }),
        )
        .await;
    self_dependency.assert_problem(422, "validation_failed");
    assert_eq!(self_dependency.error_fields(), vec!["dependency_ids"]);

    let after = roles.officer.get(&path).await;
    assert_eq!(after.body, before.body);
    assert_eq!(app.audit_count().await, audits);
}

#[tokio::test]
async fn an_editor_of_the_lead_department_reports_progress_with_a_narrative() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({ "progress": 10 })).await;
    let path = format!("/api/v1/measures/{id}");
    assert!(
        roles
            .officer
            .get(&format!("{path}/updates"))
            .await
            .body
            .as_array()
            .expect("a list")
            .is_empty()
    );

    let updated = roles
        .editor1
        .patch(
            &path,
            Some(&etag),
            json!({ "progress": 40, "narrative": "Ausschreibung läuft." }),
        )
        .await;
    updated.assert_status(200);
    assert_eq!(updated.body["progress"], 40);
    assert_eq!(updated.etag(), "\"v2\"");

    let updates = roles.council.get(&format!("{path}/updates")).await;
    updates.assert_status(200);
    let list = updates.body.as_array().expect("a list");
    assert_eq!(list.len(), 1, "one status update: {updates}");
    assert_eq!(list[0]["progress"], 40);
    assert_eq!(list[0]["narrative"], "Ausschreibung läuft.");
    assert_eq!(list[0]["author_name"], "Test editor1");
    let read = roles.officer.get(&path).await;
    assert!(read.body["last_update_date"].is_string(), "{read}");
    assert_eq!(read.body["last_update_date"], list[0]["reporting_date"]);
}

#[tokio::test]
async fn an_editor_may_not_change_structure_fields_and_nothing_changes() {
    let (app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({})).await;
    let path = format!("/api/v1/measures/{id}");
    let before = roles.officer.get(&path).await.body;
    let audits = app.audit_count().await;

    roles
        .editor1
        .patch(&path, Some(&etag), json!({ "title": "Umbenannt" }))
        .await
        .assert_problem(403, "forbidden");
    roles
        .editor1
        .patch(
            &path,
            Some(&etag),
            json!({ "title": "Umbenannt", "progress": 50 }),
        )
        .await
        .assert_problem(403, "forbidden");

    assert_eq!(roles.officer.get(&path).await.body, before);
    assert_eq!(app.audit_count().await, audits);
}

#[tokio::test]
async fn an_editor_of_another_department_gets_403_on_internal_and_404_on_draft_measures() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (internal, internal_etag) = measure(&roles, goal_id, "I", json!({})).await;
    let (draft, draft_etag) = measure(&roles, goal_id, "D", json!({ "visibility": "draft" })).await;

    let internal_path = format!("/api/v1/measures/{internal}");
    roles
        .editor2
        .patch(
            &internal_path,
            Some(&internal_etag),
            json!({ "progress": 50 }),
        )
        .await
        .assert_problem(403, "forbidden");
    let draft_path = format!("/api/v1/measures/{draft}");
    roles
        .editor2
        .get(&draft_path)
        .await
        .assert_problem(404, "not_found");
    roles
        .editor2
        .patch(&draft_path, Some(&draft_etag), json!({ "progress": 50 }))
        .await
        .assert_problem(404, "not_found");
    // The editor of the lead department sees the draft.
    roles.editor1.get(&draft_path).await.assert_status(200);
    assert_eq!(roles.officer.get(&internal_path).await.body["progress"], 0);
    assert_eq!(roles.officer.get(&draft_path).await.body["progress"], 0);
}

#[tokio::test]
async fn the_council_never_sees_drafts() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    measure(&roles, goal_id, "I", json!({})).await;
    let (draft, _) = measure(&roles, goal_id, "D", json!({ "visibility": "draft" })).await;

    assert_eq!(list_codes(&roles.council, "").await, vec!["I"]);
    let council_list = roles.council.get("/api/v1/measures").await;
    assert_eq!(council_list.body["total"], 1);
    roles
        .council
        .get(&format!("/api/v1/measures/{draft}"))
        .await
        .assert_problem(404, "not_found");
    roles
        .council
        .get(&format!("/api/v1/measures/{draft}/updates"))
        .await
        .assert_problem(404, "not_found");
    assert_eq!(list_codes(&roles.officer, "").await, vec!["D", "I"]);
}

#[tokio::test]
async fn status_updates_need_the_current_if_match_and_move_the_measure() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({ "progress": 5 })).await;
    let done = statuses(&roles.officer).await["abgeschlossen"];
    let path = format!("/api/v1/measures/{id}/updates");
    let body = json!({ "narrative": "Fertig.", "progress": 100, "status_id": done });

    roles
        .editor1
        .post(&path, body.clone())
        .await
        .assert_problem(428, "if_match_required");
    roles
        .editor1
        .send(reqwest::Method::POST, &path, Some("\"v7\""), Some(&body))
        .await
        .assert_problem(412, "version_mismatch");
    let measure_path = format!("/api/v1/measures/{id}");
    assert_eq!(roles.officer.get(&measure_path).await.body["progress"], 5);
    assert!(
        roles
            .officer
            .get(&path)
            .await
            .body
            .as_array()
            .expect("a list")
            .is_empty(),
        "refused updates are not recorded"
    );

    let created = roles
        .editor1
        .send(reqwest::Method::POST, &path, Some(&etag), Some(&body))
        .await;
    created.assert_status(201);
    assert_eq!(created.etag(), "\"v2\"");
    assert_eq!(created.body["progress"], 100);
    assert_eq!(created.body["status_id"], done);
    assert_eq!(created.body["author_name"], "Test editor1");

    let read = roles.officer.get(&measure_path).await;
    assert_eq!(read.body["progress"], 100);
    assert_eq!(read.body["status_id"], done);
    assert_eq!(read.etag(), "\"v2\"");
    assert_eq!(
        roles
            .officer
            .get(&path)
            .await
            .body
            .as_array()
            .expect("a list")
            .len(),
        1
    );
}

#[tokio::test]
async fn the_officer_overrides_a_traffic_light_with_a_reason_and_removes_it_again() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({})).await;
    let path = format!("/api/v1/measures/{id}/traffic-light-override");
    let computed = roles
        .officer
        .get(&format!("/api/v1/measures/{id}"))
        .await
        .body["light"]["computed"]
        .clone();
    assert_eq!(computed, "pending", "never updated");

    let short = roles
        .officer
        .put(
            &path,
            Some(&etag),
            json!({ "light": "red", "reason": "zu kurz" }),
        )
        .await;
    short.assert_problem(422, "validation_failed");
    assert_eq!(short.error_fields(), vec!["reason"]);
    roles
        .admin
        .put(
            &path,
            Some(&etag),
            json!({ "light": "red", "reason": "Lieferant ist insolvent" }),
        )
        .await
        .assert_problem(403, "forbidden");

    let set = roles
        .officer
        .put(
            &path,
            Some(&etag),
            json!({ "light": "red", "reason": "Lieferant ist insolvent" }),
        )
        .await;
    set.assert_status(200);
    let light = &set.body["light"];
    assert_eq!(light["light"], "red");
    assert_eq!(light["computed"], computed);
    assert_eq!(light["override"]["light"], "red");
    assert_eq!(light["override"]["reason"], "Lieferant ist insolvent");
    assert_eq!(light["override"]["by_user_name"], "Test officer");
    assert!(light["override"]["at"].is_string(), "{set}");
    let etag = set.etag();
    assert_eq!(
        roles
            .officer
            .get(&format!("/api/v1/measures/{id}"))
            .await
            .body["light"],
        set.body["light"]
    );

    roles
        .admin
        .delete(&path, Some(&etag))
        .await
        .assert_problem(403, "forbidden");
    let removed = roles.officer.delete(&path, Some(&etag)).await;
    removed.assert_status(200);
    assert_eq!(removed.body["light"]["light"], computed);
    assert_eq!(removed.body["light"]["override"], Value::Null);
}

#[tokio::test]
async fn an_archived_measure_leaves_the_default_list_but_can_still_be_read() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "ALT", json!({})).await;
    measure(&roles, goal_id, "NEU", json!({})).await;
    let path = format!("/api/v1/measures/{id}");

    roles
        .editor1
        .delete(&path, Some(&etag))
        .await
        .assert_problem(403, "forbidden");
    roles
        .officer
        .delete(&path, Some(&etag))
        .await
        .assert_status(204);

    assert_eq!(list_codes(&roles.officer, "").await, vec!["NEU"]);
    let read = roles.officer.get(&path).await;
    read.assert_status(200);
    assert_eq!(read.body["archived"], true);
    assert_eq!(
        list_codes(&roles.officer, "?include_archived=true").await,
        vec!["ALT", "NEU"]
    );
}

#[tokio::test]
async fn the_list_filters_by_text_department_and_light_and_sorts_by_progress() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (a, a_etag) = measure(
        &roles,
        goal_id,
        "A",
        json!({ "title": "Einführung der E-Akte", "progress": 30 }),
    )
    .await;
    measure(
        &roles,
        goal_id,
        "B",
        json!({ "title": "Breitband", "progress": 80, "lead_department_id": roles.fb2 }),
    )
    .await;
    measure(
        &roles,
        goal_id,
        "C",
        json!({ "title": "Bürgerportal", "description": "Online-Dienste", "progress": 55 }),
    )
    .await;

    assert_eq!(list_codes(&roles.officer, "?q=e-akte").await, vec!["A"]);
    assert_eq!(
        list_codes(&roles.officer, "?q=EINF%C3%9CHRUNG").await,
        vec!["A"],
        "case-insensitive also for umlauts"
    );
    assert_eq!(list_codes(&roles.officer, "?q=ONLINE").await, vec!["C"]);
    assert_eq!(
        list_codes(&roles.officer, &format!("?department_id={}", roles.fb2)).await,
        vec!["B"]
    );
    assert_eq!(
        list_codes(&roles.officer, &format!("?department_id={}", roles.fb1)).await,
        vec!["A", "C"]
    );
    assert_eq!(
        list_codes(&roles.officer, "?sort=-progress").await,
        vec!["B", "C", "A"]
    );
    assert_eq!(
        list_codes(&roles.officer, "?sort=progress").await,
        vec!["A", "C", "B"]
    );

    // A status update takes A out of "pending".
    let status = statuses(&roles.officer).await["in_umsetzung"];
    roles
        .editor1
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/measures/{a}/updates"),
            Some(&a_etag),
            Some(&json!({ "narrative": "Läuft.", "progress": 30, "status_id": status })),
        )
        .await
        .assert_status(201);
    let a_light = roles
        .officer
        .get(&format!("/api/v1/measures/{a}"))
        .await
        .body["light"]["light"]
        .as_str()
        .expect("a light")
        .to_owned();
    assert_ne!(a_light, "pending");
    assert_eq!(
        list_codes(&roles.officer, "?light=pending").await,
        vec!["B", "C"]
    );
    assert_eq!(
        list_codes(&roles.officer, &format!("?light={a_light}")).await,
        vec!["A"]
    );

    let too_many = roles.officer.get("/api/v1/measures?per_page=201").await;
    too_many.assert_problem(422, "validation_failed");
    assert_eq!(too_many.error_fields(), vec!["per_page"]);
}

#[tokio::test]
async fn a_backdated_status_update_is_only_history_and_a_future_one_is_refused() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({})).await;
    let status = statuses(&roles.officer).await["in_umsetzung"];
    let path = format!("/api/v1/measures/{id}/updates");
    let send = |etag: String, body: Value| {
        let editor = roles.editor1.api.clone();
        let path = path.clone();
        async move {
            editor
                .send(reqwest::Method::POST, &path, Some(&etag), Some(&body))
                .await
        }
    };

    let future = send(
        etag.clone(),
        json!({ "reporting_date": "2999-01-01", "narrative": "Zukunft", "progress": 90, "status_id": status }),
    )
    .await;
    future.assert_problem(422, "validation_failed");
    assert_eq!(future.error_fields(), vec!["reporting_date"]);

    let current = send(
        etag,
        json!({ "narrative": "Heute", "progress": 60, "status_id": status }),
    )
    .await;
    current.assert_status(201);
    let today = current.body["reporting_date"].clone();

    let old = send(
        current.etag(),
        json!({ "reporting_date": "2020-01-01", "narrative": "Nachgetragen", "progress": 5, "status_id": status }),
    )
    .await;
    old.assert_status(201);

    let read = roles.officer.get(&format!("/api/v1/measures/{id}")).await;
    assert_eq!(read.body["progress"], 60, "an older report does not win");
    assert_eq!(read.body["last_update_date"], today);
    let history = roles.officer.get(&path).await;
    let narratives: Vec<&str> = history
        .body
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|u| u["narrative"].as_str())
        .collect();
    assert_eq!(narratives, vec!["Heute", "Nachgetragen"], "newest first");
}

#[tokio::test]
async fn editors_of_participating_departments_report_too_but_the_council_does_not() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(
        &roles,
        goal_id,
        "M 1",
        json!({ "participating_department_ids": [roles.fb2] }),
    )
    .await;
    let path = format!("/api/v1/measures/{id}");
    roles
        .council
        .patch(&path, Some(&etag), json!({ "progress": 70 }))
        .await
        .assert_problem(403, "forbidden");
    let status = statuses(&roles.officer).await["in_umsetzung"];
    roles
        .council
        .send(
            reqwest::Method::POST,
            &format!("{path}/updates"),
            Some(&etag),
            Some(&json!({ "narrative": "Rat", "progress": 70, "status_id": status })),
        )
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(roles.officer.get(&path).await.body["progress"], 0);

    let updated = roles
        .editor2
        .patch(
            &path,
            Some(&etag),
            json!({ "progress": 35, "narrative": "Beteiligter Fachbereich meldet." }),
        )
        .await;
    updated.assert_status(200);
    assert_eq!(updated.body["progress"], 35);
    let updates = roles.officer.get(&format!("{path}/updates")).await;
    assert_eq!(updates.body[0]["author_name"], "Test editor2");
}

#[tokio::test]
async fn department_and_goal_filters_include_sub_units_and_participants() {
    let (app, roles) = TestApp::with_roles().await;
    let sub_department = app
        .create_department("FB1.1", "Abteilung", Some(roles.fb1))
        .await;
    let field = goal(&roles.officer, "HF1").await;
    let sub_goal = {
        let response = roles
            .officer
            .post(
                "/api/v1/goals",
                json!({ "code": "Z1", "title": "Unterziel", "parent_id": field }),
            )
            .await;
        response.assert_status(201);
        response.id()
    };
    let other_goal = goal(&roles.officer, "HF2").await;
    measure(
        &roles,
        sub_goal,
        "SUB",
        json!({ "lead_department_id": sub_department }),
    )
    .await;
    measure(
        &roles,
        other_goal,
        "PART",
        json!({ "lead_department_id": roles.fb2, "participating_department_ids": [roles.fb1] }),
    )
    .await;
    measure(
        &roles,
        other_goal,
        "FB2",
        json!({ "lead_department_id": roles.fb2 }),
    )
    .await;

    assert_eq!(
        list_codes(&roles.officer, &format!("?department_id={}", roles.fb1)).await,
        vec!["PART", "SUB"]
    );
    assert_eq!(
        list_codes(&roles.officer, &format!("?goal_id={field}")).await,
        vec!["SUB"]
    );
    assert_eq!(
        list_codes(&roles.officer, &format!("?goal_id={other_goal}")).await,
        vec!["FB2", "PART"]
    );
}

#[tokio::test]
async fn text_search_takes_percent_and_underscore_literally() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    measure(
        &roles,
        goal_id,
        "A",
        json!({ "title": "Quote 50% erreicht" }),
    )
    .await;
    measure(
        &roles,
        goal_id,
        "B",
        json!({ "title": "Quote 505 erreicht" }),
    )
    .await;
    measure(&roles, goal_id, "C", json!({ "title": "Portal_neu" })).await;

    assert_eq!(list_codes(&roles.officer, "?q=50%25").await, vec!["A"]);
    assert_eq!(list_codes(&roles.officer, "?q=l_n").await, vec!["C"]);
    assert_eq!(list_codes(&roles.officer, "?q=_").await, vec!["C"]);
}

#[tokio::test]
async fn an_unknown_sort_key_or_an_overlong_query_is_refused() {
    let (_app, roles) = TestApp::with_roles().await;
    let sort = roles.officer.get("/api/v1/measures?sort=-budget").await;
    sort.assert_problem(422, "validation_failed");
    assert_eq!(sort.error_fields(), vec!["sort"]);
    let q = roles
        .officer
        .get(&format!("/api/v1/measures?q={}", "x".repeat(201)))
        .await;
    q.assert_problem(422, "validation_failed");
    assert_eq!(q.error_fields(), vec!["q"]);
    roles
        .officer
        .get(&format!("/api/v1/measures?q={}", "x".repeat(200)))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn unknown_references_are_named_together_with_other_bad_fields() {
    let (app, roles) = TestApp::with_roles().await;
    let audits = app.audit_count().await;
    let body = json!({
        "code": "M 1",
        "title": "Titel",
        "goal_ids": [9999],
        "lead_department_id": 9998,
        "participating_department_ids": [9997],
        "status_id": 9996,
        "dependency_ids": [9995],
    });
    let only_references = roles.officer.post("/api/v1/measures", body.clone()).await;
    only_references.assert_problem(422, "validation_failed");
    assert_eq!(
        only_references.error_fields(),
        vec![
            "dependency_ids",
            "goal_ids",
            "lead_department_id",
            "participating_department_ids",
            "status_id"
        ]
    );
    let mut with_bad_weight = body;
    with_bad_weight["weight"] = json!(1001);
    let both = roles
        .officer
        .post("/api/v1/measures", with_bad_weight)
        .await;
    both.assert_problem(422, "validation_failed");
    assert_eq!(
        both.error_fields(),
        vec![
            "dependency_ids",
            "goal_ids",
            "lead_department_id",
            "participating_department_ids",
            "status_id",
            "weight"
        ]
    );
    assert_eq!(app.audit_count().await, audits);
    assert!(list_codes(&roles.officer, "").await.is_empty());
}

#[tokio::test]
async fn a_duplicate_code_is_a_conflict() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    measure(&roles, goal_id, "M 1", json!({})).await;
    let status = statuses(&roles.officer).await["geplant"];
    roles
        .officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M 1", "title": "Doppelt", "goal_ids": [goal_id],
                "lead_department_id": roles.fb1, "status_id": status,
            }),
        )
        .await
        .assert_problem(409, "conflict");
    assert_eq!(list_codes(&roles.officer, "").await, vec!["M 1"]);
}

#[tokio::test]
async fn a_new_status_without_progress_brings_its_default_progress_and_one_update() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({ "progress": 60 })).await;
    let done = statuses(&roles.officer).await["abgeschlossen"];
    let path = format!("/api/v1/measures/{id}");
    let updated = roles
        .editor1
        .patch(
            &path,
            Some(&etag),
            json!({ "status_id": done, "narrative": "Abgeschlossen." }),
        )
        .await;
    updated.assert_status(200);
    assert_eq!(updated.body["status_id"], done);
    assert_eq!(updated.body["progress"], 100);
    let updates = roles.officer.get(&format!("{path}/updates")).await;
    let list = updates.body.as_array().expect("a list");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["status_id"], done);
    assert_eq!(list[0]["status_label"], "abgeschlossen");
    assert_eq!(list[0]["progress"], 100);
}

#[tokio::test]
async fn an_archived_measure_is_restored_with_archived_false() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({})).await;
    let path = format!("/api/v1/measures/{id}");
    roles
        .officer
        .delete(&path, Some(&etag))
        .await
        .assert_status(204);
    let archived = roles.officer.get(&path).await;
    assert!(list_codes(&roles.officer, "").await.is_empty());
    let restored = roles
        .officer
        .patch(&path, Some(&archived.etag()), json!({ "archived": false }))
        .await;
    restored.assert_status(200);
    assert_eq!(restored.body["archived"], false);
    assert_eq!(list_codes(&roles.officer, "").await, vec!["M 1"]);
}

#[tokio::test]
async fn editors_list_their_own_drafts_but_not_other_departments_drafts() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    measure(&roles, goal_id, "D1", json!({ "visibility": "draft" })).await;
    measure(
        &roles,
        goal_id,
        "D2",
        json!({ "visibility": "draft", "lead_department_id": roles.fb2 }),
    )
    .await;
    measure(&roles, goal_id, "I", json!({})).await;
    assert_eq!(list_codes(&roles.editor1, "").await, vec!["D1", "I"]);
    assert_eq!(list_codes(&roles.editor2, "").await, vec!["D2", "I"]);
    assert_eq!(
        list_codes(&roles.editor1, "?visibility=draft").await,
        vec!["D1"]
    );
    assert_eq!(
        list_codes(&roles.council, "?visibility=draft").await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn of_two_changes_based_on_the_same_version_only_the_first_wins() {
    let (_app, roles) = TestApp::with_roles().await;
    let goal_id = goal(&roles.officer, "Z1").await;
    let (id, etag) = measure(&roles, goal_id, "M 1", json!({})).await;
    let path = format!("/api/v1/measures/{id}");
    roles
        .officer
        .patch(&path, Some(&etag), json!({ "title": "Erste" }))
        .await
        .assert_status(200);
    let second = roles
        .editor1
        .patch(&path, Some(&etag), json!({ "progress": 50 }))
        .await;
    second.assert_problem(412, "version_mismatch");
    assert_eq!(second.body["current_version"], 2);
    let read = roles.officer.get(&path).await;
    assert_eq!(read.body["title"], "Erste");
    assert_eq!(read.body["progress"], 0);
}
