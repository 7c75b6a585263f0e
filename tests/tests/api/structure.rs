//! The strategy's structure: the goal tree (depth, no cycles, no orphaned children), the
//! status catalogue (in-use statuses are not deleted), the strategy record (If-Match,
//! audit, period check) and the anonymous public endpoints (only public measures, no
//! personal data, cacheable with ETag / If-None-Match).

use std::collections::HashMap;

use kurs_api_tests::{Session, TestApp, statuses};
use reqwest::header;
use serde_json::{Value, json};

async fn create_goal(session: &Session, code: &str, parent_id: Option<i32>) -> (i32, Value) {
    let response = session
        .post(
            "/api/v1/goals",
            json!({ "code": code, "title": format!("Ziel {code}"), "parent_id": parent_id }),
        )
        .await;
    response.assert_status(201);
    (response.id(), response.body)
}

#[tokio::test]
async fn goals_form_a_tree_that_reports_depth_and_refuses_cycles_and_orphans() {
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let (root, root_body) = create_goal(officer, "HF1", None).await;
    let (child, child_body) = create_goal(officer, "Z1", Some(root)).await;
    let (grandchild, grandchild_body) = create_goal(officer, "Z1.1", Some(child)).await;
    assert_eq!(root_body["depth"], 0);
    assert_eq!(root_body["parent_id"], Value::Null);
    assert_eq!(child_body["depth"], 1);
    assert_eq!(child_body["parent_id"], root);
    assert_eq!(grandchild_body["depth"], 2);

    let tree = roles.council.get("/api/v1/goals").await;
    tree.assert_status(200);
    let order: Vec<(String, u64)> = tree
        .body
        .as_array()
        .expect("a list")
        .iter()
        .map(|g| {
            (
                g["code"].as_str().expect("a code").to_owned(),
                g["depth"].as_u64().expect("a depth"),
            )
        })
        .collect();
    assert_eq!(
        order,
        vec![("HF1".into(), 0), ("Z1".into(), 1), ("Z1.1".into(), 2)]
    );

    let root_path = format!("/api/v1/goals/{root}");
    let root_etag = officer.get(&root_path).await.etag();
    let audits = app.audit_count().await;
    for below in [child, grandchild] {
        let cycle = officer
            .patch(&root_path, Some(&root_etag), json!({ "parent_id": below }))
            .await;
        cycle.assert_problem(409, "conflict");
        assert!(
            cycle.body["detail"]
                .as_str()
                .unwrap_or_default()
                .contains("parent_id"),
            "{cycle}"
        );
    }
    let deleted = officer.delete(&root_path, Some(&root_etag)).await;
    deleted.assert_problem(409, "conflict");
    assert!(
        deleted.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("children"),
        "the conflict names the children: {deleted}"
    );
    assert_eq!(app.audit_count().await, audits, "refusals change nothing");
    let after = officer.get(&root_path).await;
    assert_eq!(after.body, root_body);
    assert_eq!(officer.get("/api/v1/goals").await.body, tree.body);
}

#[tokio::test]
async fn statuses_are_created_and_updated_but_not_deleted_while_in_use() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let seeded = statuses(officer).await;
    assert_eq!(
        seeded.len(),
        5,
        "the default catalogue is seeded: {seeded:?}"
    );

    let created = officer
        .post(
            "/api/v1/statuses",
            json!({ "code": "in_pruefung", "label": "in Prüfung", "category": "planned", "default_progress": 5 }),
        )
        .await;
    created.assert_status(201);
    assert_eq!(created.body["active"], true);
    let id = created.id();
    let path = format!("/api/v1/statuses/{id}");

    let updated = officer
        .patch(
            &path,
            Some(&created.etag()),
            json!({ "label": "wird geprüft", "category": "in_progress" }),
        )
        .await;
    updated.assert_status(200);
    assert_eq!(updated.body["label"], "wird geprüft");
    assert_eq!(updated.body["category"], "in_progress");
    assert_eq!(updated.body["code"], "in_pruefung");
    assert_eq!(updated.etag(), "\"v2\"");

    // A measure uses it now.
    let (goal_id, _) = create_goal(officer, "HF1", None).await;
    officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M 1", "title": "Maßnahme", "goal_ids": [goal_id],
                "lead_department_id": roles.fb1, "status_id": id,
            }),
        )
        .await
        .assert_status(201);
    let refused = officer.delete(&path, Some(&updated.etag())).await;
    refused.assert_problem(409, "conflict");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("measures"),
        "{refused}"
    );
    officer.get(&path).await.assert_status(200);

    // An unused one can be deleted.
    let unused = officer
        .post(
            "/api/v1/statuses",
            json!({ "code": "unbenutzt", "label": "unbenutzt", "category": "deferred" }),
        )
        .await;
    unused.assert_status(201);
    let unused_path = format!("/api/v1/statuses/{}", unused.id());
    officer
        .delete(&unused_path, Some(&unused.etag()))
        .await
        .assert_status(204);
    officer
        .get(&unused_path)
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn the_strategy_is_changed_with_if_match_audited_and_its_period_checked() {
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let current = officer.get("/api/v1/strategy").await;
    current.assert_status(200);
    let etag = current.etag();

    officer
        .patch("/api/v1/strategy", None, json!({ "title": "Neu" }))
        .await
        .assert_problem(428, "if_match_required");

    let audits = app.audit_count().await;
    let updated = officer
        .patch(
            "/api/v1/strategy",
            Some(&etag),
            json!({
                "title": "Digitalstrategie 2030",
                "resolution_body": "Stadtrat",
                "in_force_from": "2026-01-01",
                "in_force_to": "2030-12-31",
            }),
        )
        .await;
    updated.assert_status(200);
    assert_ne!(updated.etag(), etag);
    assert_eq!(updated.body["title"], "Digitalstrategie 2030");
    assert_eq!(updated.body["resolution_body"], "Stadtrat");
    assert_eq!(updated.body["in_force_from"], "2026-01-01");
    assert_eq!(updated.body["in_force_to"], "2030-12-31");
    assert_eq!(app.audit_count().await, audits + 1, "the change is audited");
    assert_eq!(
        roles.council.get("/api/v1/strategy").await.body,
        updated.body
    );

    officer
        .patch("/api/v1/strategy", Some(&etag), json!({ "title": "Alt" }))
        .await
        .assert_problem(412, "version_mismatch");

    // Only the end, before the stored start.
    let backwards = officer
        .patch(
            "/api/v1/strategy",
            Some(&updated.etag()),
            json!({ "in_force_to": "2025-12-31" }),
        )
        .await;
    backwards.assert_problem(422, "validation_failed");
    assert_eq!(backwards.error_fields(), vec!["in_force_to"]);
    let both = officer
        .patch(
            "/api/v1/strategy",
            Some(&updated.etag()),
            json!({ "in_force_from": "2027-01-01", "in_force_to": "2026-01-01" }),
        )
        .await;
    both.assert_problem(422, "validation_failed");
    assert_eq!(both.error_fields(), vec!["in_force_to"]);
    roles
        .editor1
        .patch(
            "/api/v1/strategy",
            Some(&updated.etag()),
            json!({ "title": "X" }),
        )
        .await
        .assert_problem(403, "forbidden");
    assert_eq!(app.audit_count().await, audits + 1);
    assert_eq!(officer.get("/api/v1/strategy").await.body, updated.body);
}

#[tokio::test]
async fn the_public_endpoints_show_only_public_measures_without_personal_data() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let status = statuses(officer).await["in_umsetzung"];
    let (goal_id, _) = create_goal(officer, "HF1", None).await;
    let contact_email = "kontakt.person@example.org";
    let contact_name = "Kontakt Person Musterfrau";
    let reason = "Vertraulicher Grund für die Ampel";
    let mut etags = HashMap::new();
    for (code, visibility) in [("PUB", "public"), ("INT", "internal"), ("DRA", "draft")] {
        let created = officer
            .post(
                "/api/v1/measures",
                json!({
                    "code": code, "title": format!("Titel {code}"), "goal_ids": [goal_id],
                    "lead_department_id": roles.fb1, "status_id": status,
                    "visibility": visibility, "contact_name": contact_name,
                    "contact_email": contact_email,
                }),
            )
            .await;
        created.assert_status(201);
        etags.insert(code, (created.id(), created.etag()));
    }
    // An editor's status update (author name) and an officer's override (name, reason).
    let (public_id, public_etag) = etags["PUB"].clone();
    let reported = roles
        .editor1
        .send(
            reqwest::Method::POST,
            &format!("/api/v1/measures/{public_id}/updates"),
            Some(&public_etag),
            Some(&json!({ "narrative": "Läuft gut.", "progress": 20, "status_id": status })),
        )
        .await;
    reported.assert_status(201);
    officer
        .put(
            &format!("/api/v1/measures/{public_id}/traffic-light-override"),
            Some(&reported.etag()),
            json!({ "light": "yellow", "reason": reason }),
        )
        .await
        .assert_status(200);

    let anonymous = roles.officer.without_token();
    let measures = anonymous.get("/api/v1/public/measures").await;
    measures.assert_status(200);
    let codes: Vec<&str> = measures
        .body
        .as_array()
        .unwrap_or_else(|| panic!("a list: {measures}"))
        .iter()
        .filter_map(|m| m["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["PUB"]);
    assert_eq!(measures.body[0]["light"], "yellow");
    assert_eq!(measures.body[0]["overridden"], true);
    let dashboard = anonymous.get("/api/v1/public/dashboard").await;
    dashboard.assert_status(200);
    assert_eq!(dashboard.body["overall"]["rollup"]["measures_total"], 1);

    let mut secrets = vec![
        contact_email.to_owned(),
        contact_name.to_owned(),
        reason.to_owned(),
        "Titel INT".to_owned(),
        "Titel DRA".to_owned(),
    ];
    for user in [
        &roles.admin,
        &roles.officer,
        &roles.council,
        &roles.editor1,
        &roles.editor2,
    ] {
        secrets.push(user.username.clone());
        secrets.push(format!("Test {}", user.username));
    }
    for response in [&measures, &dashboard] {
        let text = response.text.to_lowercase();
        for secret in &secrets {
            assert!(
                !text.contains(&secret.to_lowercase()),
                "{} reveals {secret:?}: {}",
                response.request,
                response.text
            );
        }
    }

    for path in ["/api/v1/public/measures", "/api/v1/public/dashboard"] {
        let first = anonymous.get(path).await;
        first.assert_status(200);
        let etag = first.etag();
        assert_eq!(first.header("cache-control"), Some("public, max-age=60"));
        let again = anonymous
            .request(reqwest::Method::GET, path)
            .header(header::IF_NONE_MATCH, &etag)
            .send()
            .await
            .expect("the request is sent");
        assert_eq!(again.status().as_u16(), 304, "{path}");
        assert_eq!(
            again
                .headers()
                .get(header::ETAG)
                .and_then(|v| v.to_str().ok()),
            Some(etag.as_str())
        );
        assert!(again.text().await.expect("a body").is_empty());
        let stale = anonymous
            .request(reqwest::Method::GET, path)
            .header(header::IF_NONE_MATCH, "\"something-else\"")
            .send()
            .await
            .expect("the request is sent");
        assert_eq!(stale.status().as_u16(), 200, "{path}");
    }
}

#[tokio::test]
async fn an_archived_public_measure_is_no_longer_published() {
    let (_app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let status = statuses(officer).await["geplant"];
    let (goal_id, _) = create_goal(officer, "HF1", None).await;
    let mut ids = Vec::new();
    for code in ["P1", "P2"] {
        let created = officer
            .post(
                "/api/v1/measures",
                json!({
                    "code": code, "title": format!("Titel {code}"), "goal_ids": [goal_id],
                    "lead_department_id": roles.fb1, "status_id": status,
                    "visibility": "public",
                }),
            )
            .await;
        created.assert_status(201);
        ids.push((created.id(), created.etag()));
    }
    let anonymous = roles.officer.without_token();
    let before = anonymous.get("/api/v1/public/measures").await;
    assert_eq!(before.body.as_array().expect("a list").len(), 2);

    let (id, etag) = &ids[0];
    officer
        .delete(&format!("/api/v1/measures/{id}"), Some(etag))
        .await
        .assert_status(204);
    let after = anonymous.get("/api/v1/public/measures").await;
    after.assert_status(200);
    let codes: Vec<&str> = after
        .body
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|m| m["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["P2"]);
    assert_ne!(after.etag(), before.etag(), "a changed body has a new ETag");
    let dashboard = anonymous.get("/api/v1/public/dashboard").await;
    assert_eq!(dashboard.body["overall"]["rollup"]["measures_total"], 1);
}

#[tokio::test]
async fn a_goal_with_linked_measures_is_not_deleted_but_an_unused_leaf_is() {
    let (app, roles) = TestApp::with_roles().await;
    let officer = &roles.officer;
    let status = statuses(officer).await["geplant"];
    let (used, _) = create_goal(officer, "HF1", None).await;
    let (unused, _) = create_goal(officer, "HF2", None).await;
    officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M 1", "title": "Maßnahme", "goal_ids": [used],
                "lead_department_id": roles.fb1, "status_id": status,
            }),
        )
        .await
        .assert_status(201);

    let used_path = format!("/api/v1/goals/{used}");
    let etag = officer.get(&used_path).await.etag();
    let audits = app.audit_count().await;
    let refused = officer.delete(&used_path, Some(&etag)).await;
    refused.assert_problem(409, "conflict");
    assert!(
        refused.body["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("measures"),
        "the conflict names the measures: {refused}"
    );
    assert_eq!(app.audit_count().await, audits);
    officer.get(&used_path).await.assert_status(200);

    let unused_path = format!("/api/v1/goals/{unused}");
    let etag = officer.get(&unused_path).await.etag();
    roles
        .council
        .delete(&unused_path, Some(&etag))
        .await
        .assert_problem(403, "forbidden");
    officer
        .delete(&unused_path, Some(&etag))
        .await
        .assert_status(204);
    officer
        .get(&unused_path)
        .await
        .assert_problem(404, "not_found");
    assert_eq!(app.audit_count().await, audits + 1);
}
