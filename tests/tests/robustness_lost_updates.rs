//! Lost updates under contention: 16 editors of the same department change one measure at
//! the same moment, 100 rounds in a row, all with the ETag read at the start of the round.
//! Half of them send `PATCH /measures/{id}` (progress + narrative), the other half
//! `POST /measures/{id}/updates`; both are guarded by `If-Match`. In every round exactly one
//! request succeeds and the other 15 get `412 version_mismatch`; afterwards the measure's
//! version, its status updates and the audit log hold exactly the 100 winners, in order,
//! and nothing from a loser.

use std::time::Instant;

use kurs::domain::access::Role;
use kurs_api_tests::{PASSWORD, Session, TestApp};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{Value, json};

const EDITORS: usize = 16;
const ROUNDS: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixteen_concurrent_editors_for_a_hundred_rounds_lose_nothing() {
    let started = Instant::now();
    let (app, roles) = TestApp::with_roles().await;
    let goal = roles
        .officer
        .post(
            "/api/v1/goals",
            json!({ "code": "HF 1", "title": "Bürgerservice" }),
        )
        .await;
    goal.assert_status(201);
    let statuses = roles.officer.get("/api/v1/statuses").await;
    statuses.assert_status(200);
    let in_progress = statuses.body.as_array().expect("a status list")[1]["id"]
        .as_i64()
        .expect("a status id");
    let created = roles
        .officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M 1", "title": "E-Akte einführen", "goal_ids": [goal.id()],
                "lead_department_id": roles.fb1, "status_id": in_progress,
            }),
        )
        .await;
    created.assert_status(201);
    let measure = created.id();
    let path = format!("/api/v1/measures/{measure}");
    let updates_path = format!("{path}/updates");

    for k in 0..EDITORS {
        app.create_user(&format!("editor-{k:02}"), Role::Editor, &[roles.fb1])
            .await;
    }
    let editors: Vec<Session> = futures_util::future::join_all(
        (0..EDITORS).map(|k| app.login_owned(format!("editor-{k:02}"))),
    )
    .await;
    let audit_before = app.audit_count().await;
    let start_version = created.body["version"].as_i64().expect("a version");

    let mut winners: Vec<(usize, String)> = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let etag = roles.officer.get(&path).await.etag();
        let responses =
            futures_util::future::join_all(editors.iter().enumerate().map(|(k, editor)| {
                let etag = etag.clone();
                let (path, updates_path) = (&path, &updates_path);
                async move {
                    let narrative = format!("round {round} by editor {k}");
                    let progress = ((round * 7 + k) % 101) as i64;
                    if k % 2 == 0 {
                        editor
                            .patch(
                                path,
                                Some(&etag),
                                json!({ "progress": progress, "narrative": narrative }),
                            )
                            .await
                    } else {
                        editor
                            .api
                            .send(
                                reqwest::Method::POST,
                                updates_path,
                                Some(&etag),
                                Some(&json!({
                                    "narrative": narrative, "progress": progress,
                                    "status_id": in_progress,
                                })),
                            )
                            .await
                    }
                }
            }))
            .await;
        let won: Vec<usize> = (0..EDITORS)
            .filter(|&k| (200..300).contains(&responses[k].status))
            .collect();
        assert_eq!(
            won.len(),
            1,
            "round {round}: exactly one editor must win: {responses:#?}"
        );
        for (k, response) in responses.iter().enumerate() {
            if k != won[0] {
                response.assert_problem(412, "version_mismatch");
            }
        }
        winners.push((won[0], format!("round {round} by editor {}", won[0])));
    }

    let after = roles.officer.get(&path).await;
    after.assert_status(200);
    assert_eq!(
        after.body["version"].as_i64(),
        Some(start_version + ROUNDS as i64),
        "one version per round, no more, no less"
    );
    // Each winner writes two audit entries in its transaction: the measure's change and
    // the status update it appended. Losers write none.
    assert_eq!(
        app.audit_count().await,
        audit_before + 2 * ROUNDS as u64,
        "exactly the winners are audited"
    );
    for (entity, action) in [("measure", "update"), ("status_update", "create")] {
        let sql = format!(
            "SELECT COUNT(*) AS n FROM audit_log WHERE entity_type = '{entity}' \
             AND action = '{action}'"
        );
        let row = app
            .db
            .query_one_raw(Statement::from_string(app.db.get_database_backend(), sql))
            .await
            .expect("the audit log can be counted")
            .expect("a count");
        let n: i64 = row.try_get("", "n").expect("a count");
        assert_eq!(
            n, ROUNDS as i64,
            "{entity} {action} audit entries: one per winner"
        );
    }
    let updates = roles.officer.get(&updates_path).await;
    updates.assert_status(200);
    let mut narratives: Vec<String> = updates
        .body
        .as_array()
        .expect("a list of status updates")
        .iter()
        .map(|u: &Value| u["narrative"].as_str().unwrap_or_default().to_owned())
        .collect();
    narratives.reverse(); // the API lists newest first
    let expected: Vec<String> = winners.iter().map(|(_, n)| n.clone()).collect();
    assert_eq!(
        narratives, expected,
        "the status updates are exactly the winners'"
    );
    let last_progress = ((ROUNDS - 1) * 7 + winners[ROUNDS - 1].0) % 101;
    assert_eq!(after.body["progress"].as_u64(), Some(last_progress as u64));
    eprintln!(
        "{ROUNDS} rounds × {EDITORS} editors on {:?} in {:.1} s",
        app.backend,
        started.elapsed().as_secs_f64()
    );
}

/// Signs in with the shared test password (owned name, for `join_all`).
trait LoginOwned {
    async fn login_owned(&self, username: String) -> Session;
}

impl LoginOwned for TestApp {
    async fn login_owned(&self, username: String) -> Session {
        self.login(&username, PASSWORD).await
    }
}
