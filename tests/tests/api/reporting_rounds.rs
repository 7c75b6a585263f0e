//! Reporting rounds (`/api/v1/reporting-rounds`, `/api/v1/reporting-items`,
//! `/api/v1/notifications`): opening a round over the active measures, the answer workflow
//! draft → submit → return (comment required) → resubmit → approve (a real status update),
//! answers hidden before approval, incomplete drafts, overdue and late with grace days,
//! frozen rounds, stale ETags and concurrent reviews, in-app reminders sent once, the
//! notifications of each user, and who may do what.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};
use kurs::store::Actor;
use kurs::store::reporting::ReportingRoundState;
use kurs::store::reporting::rounds::set_round_state;
use kurs_api_tests::{Roles, Session, TestApp, statuses};
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

const ROUNDS: &str = "/api/v1/reporting-rounds";
const ITEMS: &str = "/api/v1/reporting-items";
const NOTIFICATIONS: &str = "/api/v1/notifications";

fn day(offset: i64) -> NaiveDate {
    kurs::store::today() + Duration::days(offset)
}

/// The measures of the fixture.
struct Fixture {
    /// FB1, internal, in progress.
    m1: i32,
    /// FB1, internal, in progress.
    m2: i32,
    /// FB2, internal, in progress.
    m3: i32,
    /// FB1, a draft (not asked about by default).
    draft: i32,
    /// FB1, completed (not asked about by default).
    done: i32,
    statuses: HashMap<String, i64>,
}

async fn measure(
    officer: &Session,
    goal: i32,
    code: &str,
    department: i32,
    status: i64,
    visibility: &str,
) -> i32 {
    let response = officer
        .post(
            "/api/v1/measures",
            json!({
                "code": code,
                "title": format!("Maßnahme {code}"),
                "goal_ids": [goal],
                "lead_department_id": department,
                "status_id": status,
                "visibility": visibility,
            }),
        )
        .await;
    response.assert_status(201);
    response.id()
}

async fn setup() -> (TestApp, Roles, Fixture) {
    let (app, roles) = TestApp::with_roles().await;
    let statuses = statuses(&roles.officer).await;
    let goal = roles
        .officer
        .post(
            "/api/v1/goals",
            json!({ "code": "HF1", "title": "Handlungsfeld 1" }),
        )
        .await;
    goal.assert_status(201);
    let goal = goal.id();
    let active = statuses["in_umsetzung"];
    let o = &roles.officer;
    let fixture = Fixture {
        m1: measure(o, goal, "M 1", roles.fb1, active, "internal").await,
        m2: measure(o, goal, "M 2", roles.fb1, active, "public").await,
        m3: measure(o, goal, "M 3", roles.fb2, active, "internal").await,
        draft: measure(o, goal, "M 4", roles.fb1, active, "draft").await,
        done: measure(
            o,
            goal,
            "M 5",
            roles.fb1,
            statuses["abgeschlossen"],
            "internal",
        )
        .await,
        statuses,
    };
    (app, roles, fixture)
}

fn round_body(extra: Value) -> Value {
    let mut body = json!({
        "title": "Sachstand Digitalisierung",
        "meeting_body": "Digitalausschuss",
        "meeting_date": day(30),
        "vorlage_number": "V/2026/017",
        "deadline": day(14),
    });
    for (key, value) in extra.as_object().expect("an object") {
        body[key] = value.clone();
    }
    body
}

async fn open_round(officer: &Session, extra: Value) -> Value {
    let response = officer.post(ROUNDS, round_body(extra)).await;
    response.assert_status(201);
    response.body.clone()
}

/// The item of `measure` in `round`, as `session` sees it.
async fn item(session: &Session, round: i64, measure: i32) -> Value {
    let response = session.get(&format!("{ITEMS}?round_id={round}")).await;
    response.assert_status(200);
    response
        .body
        .as_array()
        .expect("a list of items")
        .iter()
        .find(|i| i["measure"]["id"] == measure)
        .unwrap_or_else(|| panic!("no item of measure {measure} in {}", response.body))
        .clone()
}

fn etag(item: &Value) -> String {
    format!("\"v{}\"", item["version"])
}

fn item_path(item: &Value, action: &str) -> String {
    format!("{ITEMS}/{}/{action}", item["id"])
}

async fn post_with(session: &Session, path: &str, etag: &str, body: Option<Value>) -> Value {
    let response = session
        .send(Method::POST, path, Some(etag), body.as_ref())
        .await;
    response.assert_status(200);
    response.body.clone()
}

async fn save_draft(session: &Session, item: &Value, body: Value) -> Value {
    let response = session
        .put(&item_path(item, "draft"), Some(&etag(item)), body)
        .await;
    response.assert_status(200);
    response.body.clone()
}

async fn answered_and_submitted(roles: &Roles, f: &Fixture, round: i64, measure: i32) -> Value {
    let editor = if measure == f.m3 {
        &roles.editor2
    } else {
        &roles.editor1
    };
    let it = item(editor, round, measure).await;
    let it = save_draft(
        editor,
        &it,
        json!({ "status_id": f.statuses["in_umsetzung"], "progress": 40, "narrative": "Ausschreibung läuft." }),
    )
    .await;
    post_with(editor, &item_path(&it, "submit"), &etag(&it), None).await
}

async fn notifications(session: &Session, query: &str) -> Vec<Value> {
    let response = session.get(&format!("{NOTIFICATIONS}{query}")).await;
    response.assert_status(200);
    response.body.as_array().expect("a list").clone()
}

#[tokio::test]
async fn an_answer_goes_from_draft_to_an_approved_status_update_and_stays_hidden_until_then() {
    let (app, roles, f) = setup().await;
    let round = open_round(&roles.officer, json!({})).await;
    let round_id = round["id"].as_i64().expect("an id");
    // Every active measure, but not the draft and not the completed one.
    assert_eq!(round["counts"]["total"], 3, "{round}");
    assert_eq!(round["counts"]["due"], 3);
    assert_eq!(round["state"], "open");
    assert_eq!(round["meeting"]["vorlage_number"], "V/2026/017");
    assert_eq!(round["created_by_name"], "Test officer");
    assert!(round["report_id"].is_null());
    let all = roles
        .officer
        .get(&format!("{ITEMS}?round_id={round_id}"))
        .await;
    let measures: Vec<i64> = all
        .body
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["measure"]["id"].as_i64().expect("id"))
        .collect();
    assert!(!measures.contains(&i64::from(f.draft)) && !measures.contains(&i64::from(f.done)));

    // The editors of FB1 and FB2 were told.
    let told = notifications(&roles.editor1, "?unread=true").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert_eq!(told[0]["kind"], "round_opened");
    assert_eq!(told[0]["round_id"], round_id);
    assert!(
        told[0]["message"]
            .as_str()
            .expect("text")
            .contains("2 Maßnahmen")
    );
    assert_eq!(notifications(&roles.editor2, "").await.len(), 1);
    assert!(notifications(&roles.council, "").await.is_empty());

    // "Mine": the items of the caller's departments in open rounds.
    let mine = roles.editor1.get(&format!("{ITEMS}?mine=true")).await;
    mine.assert_status(200);
    assert_eq!(mine.body.as_array().expect("items").len(), 2);

    let it = item(&roles.editor1, round_id, f.m1).await;
    assert_eq!(it["state"], "due");
    assert_eq!(it["department"]["name"], "Fachbereich 1");
    assert_eq!(it["measure"]["code"], "M 1");
    assert_eq!(it["current"]["progress"], 0);
    let saved = save_draft(
        &roles.editor1,
        &it,
        json!({ "status_id": f.statuses["in_umsetzung"], "progress": 40, "narrative": "Ausschreibung läuft." }),
    )
    .await;
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["draft"]["progress"], 40);
    let read = roles.editor1.get(&format!("{ITEMS}/{}", it["id"])).await;
    read.assert_status(200);
    assert_eq!(read.etag(), "\"v2\"");

    // The draft is invisible to the council and to other departments; the officer sees it.
    for other in [&roles.council, &roles.editor2] {
        let seen = other.get(&format!("{ITEMS}/{}", it["id"])).await;
        seen.assert_status(200);
        assert!(seen.body["draft"].is_null(), "{}", seen.body);
    }
    let seen = item(&roles.officer, round_id, f.m1).await;
    assert_eq!(seen["draft"]["narrative"], "Ausschreibung läuft.");

    let submitted = post_with(
        &roles.editor1,
        &item_path(&saved, "submit"),
        &etag(&saved),
        None,
    )
    .await;
    assert_eq!(submitted["state"], "submitted");
    assert_eq!(submitted["submitted_by_name"], "Test editor1");
    assert_eq!(submitted["late"], false);
    assert!(item(&roles.council, round_id, f.m1).await["draft"].is_null());
    // Nothing reached the measure yet.
    let m = roles
        .council
        .get(&format!("/api/v1/measures/{}", f.m1))
        .await;
    assert_eq!(m.body["progress"], 0);

    // A stale ETag is refused; the current one approves.
    roles
        .officer
        .send(
            Method::POST,
            &item_path(&submitted, "approve"),
            Some("\"v2\""),
            Some(&json!({})),
        )
        .await
        .assert_problem(412, "version_mismatch");
    let approved = post_with(
        &roles.officer,
        &item_path(&submitted, "approve"),
        &etag(&submitted),
        Some(json!({ "comment": "Danke" })),
    )
    .await;
    assert_eq!(approved["state"], "approved");
    assert_eq!(approved["reviewed_by_name"], "Test officer");
    assert_eq!(approved["current"]["progress"], 40);
    let update_id = approved["status_update_id"]
        .as_i64()
        .expect("a status update");

    // The approval is a normal status update of the measure.
    let updates = roles
        .council
        .get(&format!("/api/v1/measures/{}/updates", f.m1))
        .await;
    updates.assert_status(200);
    let list = updates.body.as_array().expect("updates");
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["id"], update_id);
    assert_eq!(list[0]["narrative"], "Ausschreibung läuft.");
    assert_eq!(list[0]["progress"], 40);
    let m = roles
        .council
        .get(&format!("/api/v1/measures/{}", f.m1))
        .await;
    assert_eq!(m.body["progress"], 40);
    assert_eq!(m.body["last_update_date"], json!(kurs::store::today()));
    // Now the council sees the answer.
    let seen = item(&roles.council, round_id, f.m1).await;
    assert_eq!(seen["draft"]["narrative"], "Ausschreibung läuft.");

    // Audited in the same transaction: the item, the status update, the measure.
    use kurs::store::entities::audit_entry;
    for entity in [
        "reporting_round_item",
        "status_update",
        "measure",
        "reporting_round",
    ] {
        let n = audit_entry::Entity::find()
            .filter(audit_entry::Column::EntityType.eq(entity))
            .count(&app.db)
            .await
            .expect("count");
        assert!(n >= 1, "no audit entry for {entity}");
    }
    let round = roles.council.get(&format!("{ROUNDS}/{round_id}")).await;
    round.assert_status(200);
    assert_eq!(round.body["counts"]["approved"], 1);
    assert_eq!(round.body["counts"]["due"], 2);
    // Approved answers cannot be changed any more.
    roles
        .editor1
        .put(
            &item_path(&approved, "draft"),
            Some(&etag(&approved)),
            json!({ "progress": 10 }),
        )
        .await
        .assert_problem(409, "conflict");
}

#[tokio::test]
async fn returning_needs_a_comment_tells_the_department_and_the_answer_is_resubmitted() {
    let (_app, roles, f) = setup().await;
    let round = open_round(&roles.officer, json!({})).await;
    let round_id = round["id"].as_i64().expect("an id");
    let submitted = answered_and_submitted(&roles, &f, round_id, f.m1).await;
    let path = item_path(&submitted, "return");
    for body in [json!({}), json!({ "comment": "   " })] {
        let response = roles
            .officer
            .send(Method::POST, &path, Some(&etag(&submitted)), Some(&body))
            .await;
        response.assert_problem(422, "validation_failed");
        assert_eq!(response.error_fields(), ["comment"]);
    }
    let returned = post_with(
        &roles.officer,
        &path,
        &etag(&submitted),
        Some(json!({ "comment": "Bitte den Zeitplan ergänzen." })),
    )
    .await;
    assert_eq!(returned["state"], "returned");
    assert_eq!(returned["review_comment"], "Bitte den Zeitplan ergänzen.");
    // The council does not read the officer's comment on an unapproved answer.
    assert!(item(&roles.council, round_id, f.m1).await["review_comment"].is_null());

    let told: Vec<Value> = notifications(&roles.editor1, "")
        .await
        .into_iter()
        .filter(|n| n["kind"] == "item_returned")
        .collect();
    assert_eq!(told.len(), 1);
    assert_eq!(told[0]["measure_id"], f.m1);
    assert!(
        told[0]["message"]
            .as_str()
            .expect("text")
            .contains("Bitte den Zeitplan ergänzen.")
    );
    assert!(
        notifications(&roles.editor2, "")
            .await
            .iter()
            .all(|n| n["kind"] != "item_returned")
    );

    // A returned answer cannot be approved; the department revises and resubmits it.
    roles
        .officer
        .send(
            Method::POST,
            &item_path(&returned, "approve"),
            Some(&etag(&returned)),
            Some(&json!({})),
        )
        .await
        .assert_problem(409, "conflict");
    let revised = save_draft(
        &roles.editor1,
        &returned,
        json!({ "status_id": f.statuses["in_umsetzung"], "progress": 45, "narrative": "Zeitplan: Q3." }),
    )
    .await;
    let again = post_with(
        &roles.editor1,
        &item_path(&revised, "submit"),
        &etag(&revised),
        None,
    )
    .await;
    assert_eq!(again["state"], "submitted");
    let approved = post_with(
        &roles.officer,
        &item_path(&again, "approve"),
        &etag(&again),
        Some(json!({})),
    )
    .await;
    assert_eq!(approved["current"]["progress"], 45);
}

#[tokio::test]
async fn an_incomplete_or_invalid_draft_is_refused_with_the_fields_named() {
    let (_app, roles, f) = setup().await;
    let round = open_round(&roles.officer, json!({})).await;
    let round_id = round["id"].as_i64().expect("an id");
    let it = item(&roles.editor1, round_id, f.m1).await;
    // Submitting with no draft at all names every field.
    let response = roles
        .editor1
        .send(
            Method::POST,
            &item_path(&it, "submit"),
            Some(&etag(&it)),
            None,
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(
        response.error_fields(),
        ["narrative", "progress", "status_id"]
    );
    let partial = save_draft(
        &roles.editor1,
        &it,
        json!({ "progress": 20, "narrative": "  " }),
    )
    .await;
    assert!(partial["draft"]["narrative"].is_null());
    let response = roles
        .editor1
        .send(
            Method::POST,
            &item_path(&partial, "submit"),
            Some(&etag(&partial)),
            None,
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), ["narrative", "status_id"]);
    // Bad values in the draft itself.
    let response = roles
        .editor1
        .put(
            &item_path(&partial, "draft"),
            Some(&etag(&partial)),
            json!({ "progress": 150, "status_id": 99999 }),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), ["progress", "status_id"]);
    // Without If-Match: 428; unknown fields: 422.
    roles
        .editor1
        .put(
            &item_path(&partial, "draft"),
            None,
            json!({ "progress": 10 }),
        )
        .await
        .assert_problem(428, "if_match_required");
    roles
        .editor1
        .put(
            &item_path(&partial, "draft"),
            Some(&etag(&partial)),
            json!({ "percent": 10 }),
        )
        .await
        .assert_problem(422, "validation_failed");
    // Round validation: the deadline after the meeting, grace days out of range, unknown measures.
    let response = roles
        .officer
        .post(
            ROUNDS,
            round_body(
                json!({ "deadline": day(40), "grace_days": 61, "measure_ids": [f.m1, 424242] }),
            ),
        )
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), ["deadline", "grace_days"]);
    let response = roles
        .officer
        .post(ROUNDS, round_body(json!({ "measure_ids": [f.m1, 424242] })))
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), ["measure_ids[1]"]);
    // Explicit measures may include a draft measure.
    let chosen = open_round(&roles.officer, json!({ "measure_ids": [f.draft, f.m3] })).await;
    assert_eq!(chosen["counts"]["total"], 2);
}

#[tokio::test]
async fn who_may_do_what_with_rounds_and_answers() {
    let (app, roles, f) = setup().await;
    let anonymous = app.anonymous();
    // Opening rounds: officer and admin only.
    for (session, status) in [(&roles.editor1, 403), (&roles.council, 403)] {
        roles.officer.get(ROUNDS).await.assert_status(200);
        session
            .post(ROUNDS, round_body(json!({})))
            .await
            .assert_status(status);
    }
    anonymous
        .post(ROUNDS, round_body(json!({})))
        .await
        .assert_status(401);
    anonymous.get(ROUNDS).await.assert_status(401);
    anonymous.get(ITEMS).await.assert_status(401);
    anonymous.get(NOTIFICATIONS).await.assert_status(401);
    let round = roles.admin.post(ROUNDS, round_body(json!({}))).await;
    round.assert_status(201);
    let round_id = i64::from(round.id());
    let round_path = format!("{ROUNDS}/{round_id}");
    let round_etag = round.etag();
    // Everyone signed in reads rounds and items.
    for session in [
        &roles.admin,
        &roles.officer,
        &roles.editor1,
        &roles.editor2,
        &roles.council,
    ] {
        session.get(ROUNDS).await.assert_status(200);
        session.get(&round_path).await.assert_status(200);
        session
            .get(&format!("{ITEMS}?round_id={round_id}"))
            .await
            .assert_status(200);
    }
    // Changing and deleting rounds: not editors, not the council.
    for session in [&roles.editor1, &roles.council] {
        session
            .patch(&round_path, Some(&round_etag), json!({ "title": "X" }))
            .await
            .assert_problem(403, "forbidden");
        session
            .delete(&round_path, Some(&round_etag))
            .await
            .assert_problem(403, "forbidden");
        session
            .post_empty(&format!("{round_path}/reminders"))
            .await
            .assert_problem(403, "forbidden");
    }
    roles
        .admin
        .post_empty(&format!("{round_path}/reminders"))
        .await
        .assert_problem(403, "forbidden");
    roles
        .officer
        .post_empty(&format!("{round_path}/reminders"))
        .await
        .assert_status(200);
    anonymous
        .post_empty(&format!("{round_path}/reminders"))
        .await
        .assert_status(401);

    // Answering: editors of the owing department (and steering), not other editors or the council.
    let it = item(&roles.officer, round_id, f.m1).await;
    let draft =
        json!({ "status_id": f.statuses["in_umsetzung"], "progress": 10, "narrative": "Start" });
    for session in [&roles.editor2, &roles.council] {
        session
            .put(&item_path(&it, "draft"), Some(&etag(&it)), draft.clone())
            .await
            .assert_problem(403, "forbidden");
        session
            .send(
                Method::POST,
                &item_path(&it, "submit"),
                Some(&etag(&it)),
                None,
            )
            .await
            .assert_problem(403, "forbidden");
    }
    anonymous
        .put(&item_path(&it, "draft"), Some(&etag(&it)), draft.clone())
        .await
        .assert_status(401);
    let by_admin = save_draft(&roles.admin, &it, draft.clone()).await;
    let submitted = post_with(
        &roles.editor1,
        &item_path(&by_admin, "submit"),
        &etag(&by_admin),
        None,
    )
    .await;
    // Reviewing: the officer only.
    for session in [&roles.admin, &roles.editor1, &roles.editor2, &roles.council] {
        session
            .send(
                Method::POST,
                &item_path(&submitted, "approve"),
                Some(&etag(&submitted)),
                Some(&json!({})),
            )
            .await
            .assert_problem(403, "forbidden");
        session
            .send(
                Method::POST,
                &item_path(&submitted, "return"),
                Some(&etag(&submitted)),
                Some(&json!({ "comment": "nein" })),
            )
            .await
            .assert_problem(403, "forbidden");
    }
    // Unknown items and rounds: 404.
    roles
        .officer
        .get(&format!("{ITEMS}/999999"))
        .await
        .assert_problem(404, "not_found");
    roles
        .officer
        .get(&format!("{ROUNDS}/999999"))
        .await
        .assert_problem(404, "not_found");
    roles
        .editor1
        .put(&format!("{ITEMS}/999999/draft"), Some("\"v1\""), draft)
        .await
        .assert_problem(404, "not_found");
    // Denials changed nothing.
    let unchanged = item(&roles.officer, round_id, f.m1).await;
    assert_eq!(unchanged["state"], "submitted");
    assert_eq!(unchanged["version"], submitted["version"]);
    // Notifications are private: another user's answers 404.
    let own = notifications(&roles.editor1, "").await;
    let id = own[0]["id"].as_i64().expect("an id");
    roles
        .editor2
        .post_empty(&format!("{NOTIFICATIONS}/{id}/read"))
        .await
        .assert_problem(404, "not_found");
    assert!(notifications(&roles.editor1, "").await[0]["read_at"].is_null());
}

#[tokio::test]
async fn overdue_and_late_follow_the_deadline_plus_grace_days() {
    let (_app, roles, f) = setup().await;
    let strict = open_round(
        &roles.officer,
        json!({ "deadline": day(-3), "grace_days": 1, "measure_ids": [f.m1, f.m2] }),
    )
    .await;
    let lenient = open_round(
        &roles.officer,
        json!({ "deadline": day(-3), "grace_days": 5, "measure_ids": [f.m1, f.m2] }),
    )
    .await;
    let strict_id = strict["id"].as_i64().expect("id");
    let lenient_id = lenient["id"].as_i64().expect("id");
    assert_eq!(strict["counts"]["overdue"], 2);
    assert_eq!(lenient["counts"]["overdue"], 0);
    assert_eq!(item(&roles.editor1, strict_id, f.m1).await["overdue"], true);
    assert_eq!(
        item(&roles.editor1, lenient_id, f.m1).await["overdue"],
        false
    );

    let late = answered_and_submitted(&roles, &f, strict_id, f.m1).await;
    assert_eq!(late["late"], true);
    assert_eq!(late["overdue"], false);
    let on_time = answered_and_submitted(&roles, &f, lenient_id, f.m1).await;
    assert_eq!(on_time["late"], false);
    let strict = roles.officer.get(&format!("{ROUNDS}/{strict_id}")).await;
    assert_eq!(strict.body["counts"]["overdue"], 1);
    assert_eq!(strict.body["counts"]["submitted"], 1);
    // Returned answers count as overdue again.
    let returned = post_with(
        &roles.officer,
        &item_path(&late, "return"),
        &etag(&late),
        Some(json!({ "comment": "Bitte präzisieren" })),
    )
    .await;
    assert_eq!(returned["overdue"], true);
    let overdue: Vec<Value> = roles
        .officer
        .get(&format!("{ITEMS}?round_id={strict_id}&state=returned"))
        .await
        .body
        .as_array()
        .expect("items")
        .clone();
    assert_eq!(overdue.len(), 1);
}

#[tokio::test]
async fn a_frozen_round_refuses_every_change_until_it_is_open_again() {
    let (app, roles, f) = setup().await;
    let round = open_round(&roles.officer, json!({ "deadline": day(1) })).await;
    let round_id = round["id"].as_i64().expect("id");
    let submitted = answered_and_submitted(&roles, &f, round_id, f.m1).await;
    let due = item(&roles.editor1, round_id, f.m2).await;
    let frozen = set_round_state(
        &app.db,
        i32::try_from(round_id).expect("id"),
        None,
        ReportingRoundState::Frozen,
        &Actor::system("test"),
    )
    .await
    .expect("the round can be frozen");
    assert_eq!(frozen.state, ReportingRoundState::Frozen);
    let round_path = format!("{ROUNDS}/{round_id}");
    let read = roles.council.get(&round_path).await;
    read.assert_status(200);
    assert_eq!(read.body["state"], "frozen");
    let round_etag = read.etag();

    let refused = [
        roles
            .editor1
            .put(
                &item_path(&due, "draft"),
                Some(&etag(&due)),
                json!({ "progress": 5 }),
            )
            .await,
        roles
            .editor1
            .send(
                Method::POST,
                &item_path(&due, "submit"),
                Some(&etag(&due)),
                None,
            )
            .await,
        roles
            .officer
            .send(
                Method::POST,
                &item_path(&submitted, "approve"),
                Some(&etag(&submitted)),
                Some(&json!({})),
            )
            .await,
        roles
            .officer
            .send(
                Method::POST,
                &item_path(&submitted, "return"),
                Some(&etag(&submitted)),
                Some(&json!({ "comment": "x" })),
            )
            .await,
        roles
            .officer
            .patch(&round_path, Some(&round_etag), json!({ "title": "Neu" }))
            .await,
        roles.officer.delete(&round_path, Some(&round_etag)).await,
        roles
            .officer
            .post_empty(&format!("{round_path}/reminders"))
            .await,
    ];
    for response in refused {
        response.assert_problem(409, "conflict");
        assert_eq!(response.error_fields(), ["round_frozen"], "{response}");
    }
    // Back to open (as withdrawing its report does): changes work again.
    set_round_state(
        &app.db,
        i32::try_from(round_id).expect("id"),
        None,
        ReportingRoundState::Open,
        &Actor::system("test"),
    )
    .await
    .expect("the round can be reopened");
    save_draft(&roles.editor1, &due, json!({ "progress": 5 })).await;
}

#[tokio::test]
async fn of_concurrent_reviews_with_the_same_etag_exactly_one_wins() {
    let (_app, roles, f) = setup().await;
    let round = open_round(&roles.officer, json!({})).await;
    let round_id = round["id"].as_i64().expect("id");
    let submitted = answered_and_submitted(&roles, &f, round_id, f.m3).await;
    let tag = etag(&submitted);
    let approve_path = item_path(&submitted, "approve");
    let return_path = item_path(&submitted, "return");
    let approve_body = json!({});
    let return_body = json!({ "comment": "Nochmal" });
    let attempts = (0..6).map(|i| {
        let (path, body) = if i % 2 == 0 {
            (&approve_path, &approve_body)
        } else {
            (&return_path, &return_body)
        };
        roles
            .officer
            .send(Method::POST, path, Some(&tag), Some(body))
    });
    let results = futures_util::future::join_all(attempts).await;
    let wins = results.iter().filter(|r| r.status == 200).count();
    assert_eq!(
        wins,
        1,
        "{:?}",
        results.iter().map(|r| r.status).collect::<Vec<_>>()
    );
    for r in results.iter().filter(|r| r.status != 200) {
        r.assert_problem(412, "version_mismatch");
    }
    // At most one status update was written.
    let updates = roles
        .officer
        .get(&format!("/api/v1/measures/{}/updates", f.m3))
        .await;
    assert!(updates.body.as_array().expect("updates").len() <= 1);
    let after = item(&roles.officer, round_id, f.m3).await;
    assert_eq!(
        after["version"],
        submitted["version"].as_i64().expect("v") + 1
    );
}

#[tokio::test]
async fn rounds_are_changed_with_if_match_and_deleted_only_without_answers() {
    let (_app, roles, f) = setup().await;
    let round = open_round(&roles.officer, json!({})).await;
    let round_id = round["id"].as_i64().expect("id");
    let path = format!("{ROUNDS}/{round_id}");
    roles
        .officer
        .patch(&path, None, json!({ "title": "Neu" }))
        .await
        .assert_problem(428, "if_match_required");
    let changed = roles
        .officer
        .patch(
            &path,
            Some("\"v1\""),
            json!({ "title": "Sachstand Q3", "grace_days": 3, "vorlage_number": null }),
        )
        .await;
    changed.assert_status(200);
    assert_eq!(changed.etag(), "\"v2\"");
    assert_eq!(changed.body["title"], "Sachstand Q3");
    assert_eq!(changed.body["grace_days"], 3);
    assert!(changed.body["meeting"]["vorlage_number"].is_null());
    roles
        .officer
        .patch(&path, Some("\"v1\""), json!({ "title": "Alt" }))
        .await
        .assert_problem(412, "version_mismatch");
    let response = roles
        .officer
        .patch(&path, Some("\"v2\""), json!({ "deadline": day(60) }))
        .await;
    response.assert_problem(422, "validation_failed");
    assert_eq!(response.error_fields(), ["deadline"]);
    // An item's title in the list follows the round.
    assert_eq!(
        item(&roles.editor1, round_id, f.m1).await["round_title"],
        "Sachstand Q3"
    );

    answered_and_submitted(&roles, &f, round_id, f.m1).await;
    roles
        .officer
        .delete(&path, Some("\"v2\""))
        .await
        .assert_problem(409, "conflict");
    let fresh = open_round(&roles.officer, json!({})).await;
    let fresh_path = format!("{ROUNDS}/{}", fresh["id"]);
    roles
        .officer
        .delete(&fresh_path, Some("\"v2\""))
        .await
        .assert_problem(412, "version_mismatch");
    roles
        .admin
        .delete(&fresh_path, Some("\"v1\""))
        .await
        .assert_status(204);
    roles
        .officer
        .get(&fresh_path)
        .await
        .assert_problem(404, "not_found");
    let items = roles
        .officer
        .get(&format!("{ITEMS}?round_id={}", fresh["id"]))
        .await;
    assert!(items.body.as_array().expect("items").is_empty());
}

#[tokio::test]
async fn reminders_go_in_app_once_to_departments_still_owing_answers() {
    let (app, roles, f) = setup().await;
    let soon = open_round(&roles.officer, json!({ "deadline": day(2) })).await;
    let soon_id = soon["id"].as_i64().expect("id");
    let later = open_round(&roles.officer, json!({ "deadline": day(10) })).await;
    // FB2 has answered everything: no reminder for it.
    let submitted = answered_and_submitted(&roles, &f, soon_id, f.m3).await;
    assert_eq!(submitted["state"], "submitted");

    let run = roles
        .officer
        .post_empty(&format!("{ROUNDS}/{soon_id}/reminders"))
        .await;
    run.assert_status(200);
    assert_eq!(run.body["notifications_created"], 1, "{}", run.body);
    assert_eq!(run.body["emails_sent"], 0);
    let departments = run.body["departments"].as_array().expect("departments");
    assert_eq!(departments.len(), 1);
    assert_eq!(departments[0]["department_id"], roles.fb1);
    assert_eq!(departments[0]["kind"], "before_deadline");
    assert_eq!(departments[0]["measures"], 2);
    let reminders: Vec<Value> = notifications(&roles.editor1, "?unread=true")
        .await
        .into_iter()
        .filter(|n| n["kind"] == "reminder_before_deadline")
        .collect();
    assert_eq!(reminders.len(), 1);
    let text = reminders[0]["message"].as_str().expect("text");
    assert!(
        text.contains("M 1") && text.contains("M 2") && text.contains("Sachstand Digitalisierung"),
        "{text}"
    );
    assert!(
        notifications(&roles.editor2, "")
            .await
            .iter()
            .all(|n| n["kind"] != "reminder_before_deadline")
    );

    // The same check again sends nothing; a round whose deadline is far away neither.
    let again = roles
        .officer
        .post_empty(&format!("{ROUNDS}/{soon_id}/reminders"))
        .await;
    assert_eq!(again.body["notifications_created"], 0);
    assert!(
        again.body["departments"]
            .as_array()
            .expect("list")
            .is_empty()
    );
    let far = roles
        .officer
        .post_empty(&format!("{ROUNDS}/{}/reminders", later["id"]))
        .await;
    assert_eq!(far.body["notifications_created"], 0);
    use kurs::store::entities::reminder_log;
    assert_eq!(
        reminder_log::Entity::find()
            .count(&app.db)
            .await
            .expect("count"),
        1
    );

    // After the deadline plus grace: the overdue reminder, once.
    let late = open_round(
        &roles.officer,
        json!({ "deadline": day(-4), "grace_days": 2 }),
    )
    .await;
    let run = roles
        .officer
        .post_empty(&format!("{ROUNDS}/{}/reminders", late["id"]))
        .await;
    assert_eq!(run.body["notifications_created"], 2);
    let kinds: Vec<&str> = run.body["departments"]
        .as_array()
        .expect("list")
        .iter()
        .map(|d| d["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, ["after_deadline", "after_deadline"]);
    assert!(
        notifications(&roles.editor2, "")
            .await
            .iter()
            .any(|n| n["kind"] == "reminder_overdue")
    );
}

#[tokio::test]
async fn users_read_and_mark_their_own_notifications() {
    let (_app, roles, f) = setup().await;
    open_round(&roles.officer, json!({ "measure_ids": [f.m1] })).await;
    open_round(&roles.officer, json!({ "measure_ids": [f.m2] })).await;
    let all = notifications(&roles.editor1, "").await;
    assert_eq!(all.len(), 2);
    // Newest first.
    assert!(all[0]["id"].as_i64() > all[1]["id"].as_i64());
    let first = all[1]["id"].as_i64().expect("id");
    let response = roles
        .editor1
        .post_empty(&format!("{NOTIFICATIONS}/{first}/read"))
        .await;
    response.assert_status(204);
    // Marking again is harmless.
    roles
        .editor1
        .post_empty(&format!("{NOTIFICATIONS}/{first}/read"))
        .await
        .assert_status(204);
    let unread = notifications(&roles.editor1, "?unread=true").await;
    assert_eq!(unread.len(), 1);
    assert_ne!(unread[0]["id"], first);
    roles
        .editor1
        .post_empty(&format!("{NOTIFICATIONS}/read-all"))
        .await
        .assert_status(204);
    assert!(
        notifications(&roles.editor1, "?unread=true")
            .await
            .is_empty()
    );
    assert_eq!(notifications(&roles.editor1, "").await.len(), 2);
    roles
        .editor1
        .post_empty(&format!("{NOTIFICATIONS}/999999/read"))
        .await
        .assert_problem(404, "not_found");
    roles
        .editor1
        .get(&format!("{NOTIFICATIONS}?unread=maybe"))
        .await
        .assert_status(400);
}
