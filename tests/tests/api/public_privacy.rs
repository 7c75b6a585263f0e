//! The anonymous endpoints (`/api/v1/public/…`) leak nothing personal or internal: with
//! users of distinctive names and e-mail addresses doing all the work (measures, status
//! updates, a light override with a reason, a returned item with a review comment, freezing
//! and withdrawing reports), every public endpoint — listed from the OpenAPI document, so
//! new ones are covered automatically, the PDF included (its text extracted) — is fetched
//! and must not contain any user's name, username or e-mail address, the title or narrative
//! of an internal or draft measure, the override reason, the review comment or the reason
//! of a withdrawal. Withdrawn reports are not public at all.

use crate::report_support;

use kurs::domain::access::Role;
use kurs::store::{self, Actor};
use kurs_api_tests::{PASSWORD, Session, TestApp, password_hash};
use report_support::{date, download, field, freeze, measure, open_round, pdf_text};
use reqwest::Method;
use serde_json::{Value, json};

struct Person {
    username: &'static str,
    display_name: &'static str,
    email: &'static str,
    role: Role,
}

const PEOPLE: [Person; 3] = [
    Person {
        username: "xzebulonsky",
        display_name: "Xaver Zebulonsky",
        email: "x.zebulonsky@verborgen-mail.example",
        role: Role::Officer,
    },
    Person {
        username: "qwunderlich",
        display_name: "Quirin Wunderlich",
        email: "quirin.wunderlich@verborgen-mail.example",
        role: Role::Editor,
    },
    Person {
        username: "ypfefferkorn",
        display_name: "Yvonne Pfefferkorn",
        email: "y.pfefferkorn@verborgen-mail.example",
        role: Role::Council,
    },
];

/// Texts that must never appear in a public answer.
const SECRETS: [&str; 7] = [
    "Interne Kellerassel",
    "Vermerk Kellerassel",
    "Entwurf Nebelkrähe",
    "Übersteuerungsgrund Siebenschläfer",
    "Prüfkommentar Glühwürmchen",
    "Rückzugsgrund Murmeltier",
    "Vorlage Geheimnis",
];

async fn person(app: &TestApp, p: &Person, departments: &[i32]) -> Session {
    store::users::create(
        &app.db,
        store::users::NewUser {
            username: p.username.into(),
            display_name: p.display_name.into(),
            email: Some(p.email.into()),
            password_hash: password_hash().to_owned(),
            role: p.role,
            department_ids: departments.to_vec(),
        },
        &Actor::system("test"),
    )
    .await
    .unwrap_or_else(|e| panic!("seeding {} failed: {e}", p.username));
    app.login(p.username, PASSWORD).await
}

/// The GET paths under `/api/v1/public` of the OpenAPI document.
fn public_paths() -> Vec<String> {
    let spec = serde_json::to_value(kurs::http::routes::openapi()).expect("the spec serializes");
    let mut paths: Vec<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .filter(|(path, item)| path.starts_with("/api/v1/public") && item.get("get").is_some())
        .map(|(path, _)| path.clone())
        .collect();
    paths.sort();
    paths
}

fn assert_clean(label: &str, text: &str) {
    let lower = text.to_lowercase();
    for p in &PEOPLE {
        for needle in [p.username, p.display_name, p.email] {
            assert!(
                !lower.contains(&needle.to_lowercase()),
                "{label} reveals {needle:?}: {text}"
            );
        }
        let surname = p.display_name.rsplit(' ').next().unwrap_or_default();
        assert!(
            !lower.contains(&surname.to_lowercase()),
            "{label} reveals {surname:?}"
        );
    }
    for secret in SECRETS {
        assert!(
            !lower.contains(&secret.to_lowercase()),
            "{label} reveals {secret:?}: {text}"
        );
    }
    assert!(
        !lower.contains("verborgen-mail"),
        "{label} reveals an e-mail domain"
    );
}

#[tokio::test]
async fn no_public_endpoint_reveals_people_or_internal_content() {
    let app = TestApp::spawn().await;
    let fb = app
        .create_department("FB9", "Fachbereich Bauen", None)
        .await;
    let officer = person(&app, &PEOPLE[0], &[]).await;
    let editor = person(&app, &PEOPLE[1], &[fb]).await;
    let council = person(&app, &PEOPLE[2], &[]).await;

    let hf = field(&officer, "HF 1", "Digitale Stadt").await;
    let public = measure(
        &officer,
        "P1",
        "Öffentliche Sonnenblume",
        hf,
        fb,
        json!({ "visibility": "public", "contact_name": "Xaver Zebulonsky", "contact_email": PEOPLE[0].email }),
    )
    .await;
    let internal = measure(
        &officer,
        "I1",
        "Interne Kellerassel",
        hf,
        fb,
        json!({ "visibility": "internal" }),
    )
    .await;
    measure(
        &officer,
        "D1",
        "Entwurf Nebelkrähe",
        hf,
        fb,
        json!({ "visibility": "draft" }),
    )
    .await;
    report_support::update(
        &editor,
        public,
        55,
        "in_umsetzung",
        "Freigeschaltet für alle",
    )
    .await;
    report_support::update(&editor, internal, 40, "in_umsetzung", "Vermerk Kellerassel").await;
    // A light override with a reason, on the public measure.
    let current = officer.get(&format!("/api/v1/measures/{public}")).await;
    officer
        .put(
            &format!("/api/v1/measures/{public}/traffic-light-override"),
            Some(&current.etag()),
            json!({ "light": "yellow", "reason": "Übersteuerungsgrund Siebenschläfer" }),
        )
        .await
        .assert_status(200);

    // A round with a returned item carrying a review comment and names, then frozen.
    let round = open_round(
        &app,
        "Runde Frühjahr",
        date(2026, 3, 19),
        date(2026, 3, 2),
        &[(public, fb, "approved"), (internal, fb, "returned")],
    )
    .await;
    {
        use kurs::store::entities::reporting_round_item;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
        reporting_round_item::Entity::update_many()
            .col_expr(
                reporting_round_item::Column::ReviewComment,
                Expr::value("Prüfkommentar Glühwürmchen"),
            )
            .col_expr(
                reporting_round_item::Column::ReviewedByName,
                Expr::value(PEOPLE[0].display_name),
            )
            .col_expr(
                reporting_round_item::Column::SubmittedByName,
                Expr::value(PEOPLE[1].display_name),
            )
            .col_expr(
                reporting_round_item::Column::DraftNarrative,
                Expr::value("Vermerk Kellerassel im Entwurf"),
            )
            .filter(reporting_round_item::Column::RoundId.eq(round))
            .exec(&app.db)
            .await
            .expect("the items can be annotated");
    }
    let published = freeze(&officer, &app, round).await;
    let published_id = published["id"].as_i64().expect("an id");

    // A second report, withdrawn with a reason: never public.
    let other = open_round(
        &app,
        "Vorlage Geheimnis",
        date(2026, 5, 7),
        date(2026, 4, 20),
        &[(public, fb, "due")],
    )
    .await;
    let withdrawn = freeze(&officer, &app, other).await;
    let withdrawn_id = withdrawn["id"].as_i64().expect("an id");
    officer
        .send(
            Method::POST,
            &format!("/api/v1/reports/{withdrawn_id}/withdraw"),
            Some("\"v1\""),
            Some(&json!({ "reason": "Rückzugsgrund Murmeltier" })),
        )
        .await
        .assert_status(200);
    // The internal report does name the officer (the check below is meaningful).
    let internal_view = council
        .get(&format!("/api/v1/reports/{published_id}"))
        .await;
    assert!(internal_view.text.contains("Xaver Zebulonsky"));
    assert!(internal_view.text.contains("Interne Kellerassel"));

    let anonymous = app.anonymous();
    let paths = public_paths();
    for required in [
        "/api/v1/public/reports",
        "/api/v1/public/reports/{id}",
        "/api/v1/public/reports/{id}/export/pdf",
    ] {
        assert!(
            paths.iter().any(|p| p == required),
            "{required} is not in the spec"
        );
    }
    let mut fetched_pdf = false;
    for template in &paths {
        let path = template.replace("{id}", &published_id.to_string());
        let (status, headers, body) = download(&anonymous, &path).await;
        assert_eq!(status, 200, "GET {path} answers {status}");
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = if content_type.starts_with("application/pdf") {
            fetched_pdf = true;
            let text = pdf_text(&body);
            assert!(text.contains("Öffentliche Sonnenblume"), "{text}");
            text
        } else {
            String::from_utf8(body).expect("a text answer")
        };
        assert_clean(&path, &text);

        // Anonymous answers are cacheable: ETag and 304.
        let etag = headers
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("GET {path} has no ETag"))
            .to_owned();
        let again = anonymous
            .request(Method::GET, &path)
            .header("if-none-match", &etag)
            .send()
            .await
            .expect("the request is sent");
        assert_eq!(again.status().as_u16(), 304, "GET {path} with its ETag");
    }
    assert!(fetched_pdf, "the public PDF was not fetched");

    // The published report shows the public measure only; the withdrawn one is not public.
    let report = anonymous
        .get(&format!("/api/v1/public/reports/{published_id}"))
        .await;
    let codes: Vec<&str> = report.body["content"]["measures"]
        .as_array()
        .expect("measures")
        .iter()
        .filter_map(|m| m["code"].as_str())
        .collect();
    assert_eq!(codes, vec!["P1"]);
    assert_eq!(report.body["content"]["measures"][0]["overridden"], true);
    assert_eq!(report.body["content"]["summary"]["measure_count"], 2);
    let list = anonymous.get("/api/v1/public/reports").await;
    let ids: Vec<Value> = list
        .body
        .as_array()
        .expect("a list")
        .iter()
        .map(|r| r["id"].clone())
        .collect();
    assert_eq!(ids, vec![json!(published_id)]);
    for path in [
        format!("/api/v1/public/reports/{withdrawn_id}"),
        format!("/api/v1/public/reports/{withdrawn_id}/export/pdf"),
    ] {
        anonymous.get(&path).await.assert_status(404);
    }
}
