//! The authorization matrix: every endpoint × every role, with the status each role must
//! get. Roles: anonymous, admin, officer, council, an editor of the resource's department
//! ("own": editor1 of FB1; measures are led by FB1) and an editor of another department
//! ("other": editor2 of FB2).
//!
//! Every attempt works on fresh resources (created before it), so allowed changes by one
//! role never disturb the next. For every answer that is not a success the state must be
//! unchanged: the resource and the collection as an admin reads them, and the number of
//! audit entries. Every allowed change must leave an audit entry; reads none.
//!
//! Adding an endpoint is one line: `row(METHOD, "/path/{placeholder}", [anon, admin,
//! officer, council, own, other])`, optionally `.body(json!(…))` (strings `"{placeholder}"`
//! become ids; `{unique}` inside strings becomes a unique number). Placeholders are created
//! by [`Attempt::resolve`]; the If-Match of PATCH/PUT/DELETE (and `.if_match()` POSTs) is the
//! current ETag of the resource named by the last placeholder of the path (or of the path
//! itself when it has none).

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicU32, Ordering};

use kurs::domain::access::Role;
use kurs_api_tests::{Api, ApiResponse, PASSWORD, Roles, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

const GET: &str = "GET";
const POST: &str = "POST";
const PATCH: &str = "PATCH";
const PUT: &str = "PUT";
const DELETE: &str = "DELETE";

/// Who sends the request, in the order of the expectation arrays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Who {
    Anonymous,
    Admin,
    Officer,
    Council,
    EditorOwn,
    EditorOther,
}

const EVERYONE: [Who; 6] = [
    Who::Anonymous,
    Who::Admin,
    Who::Officer,
    Who::Council,
    Who::EditorOwn,
    Who::EditorOther,
];

impl Who {
    fn username(self) -> &'static str {
        match self {
            Who::Anonymous => "",
            Who::Admin => "admin",
            Who::Officer => "officer",
            Who::Council => "council",
            Who::EditorOwn => "editor1",
            Who::EditorOther => "editor2",
        }
    }
}

/// One endpoint under test.
struct Row {
    method: &'static str,
    path: &'static str,
    body: Option<Value>,
    /// Statuses for anonymous, admin, officer, council, editor (own), editor (other).
    expect: [u16; 6],
    /// Send If-Match on a POST too.
    if_match: bool,
    /// Send no If-Match on a PUT (creating PUTs).
    no_if_match: bool,
    /// Sign in anew for this request (the request ends or rotates the session).
    fresh_session: bool,
}

fn row(method: &'static str, path: &'static str, expect: [u16; 6]) -> Row {
    Row {
        method,
        path,
        body: None,
        expect,
        if_match: false,
        no_if_match: false,
        fresh_session: false,
    }
}

impl Row {
    fn body(mut self, body: Value) -> Self {
        self.body = Some(body);
        self
    }

    fn if_match(mut self) -> Self {
        self.if_match = true;
        self
    }

    fn no_if_match(mut self) -> Self {
        self.no_if_match = true;
        self
    }

    fn fresh_session(mut self) -> Self {
        self.fresh_session = true;
        self
    }

    fn label(&self) -> String {
        match &self.body {
            Some(body) => format!("{} {} {body}", self.method, self.path),
            None => format!("{} {}", self.method, self.path),
        }
    }

    fn method(&self) -> Method {
        Method::from_bytes(self.method.as_bytes()).expect("a valid method")
    }
}

// ---------------------------------------------------------------------------------------
// The matrix. [anonymous, admin, officer, council, editor own, editor other]
// ---------------------------------------------------------------------------------------

#[rustfmt::skip]
fn auth_rows() -> Vec<Row> {
    vec![ //                                          anon admin offi coun own  other
        row(POST,   "/api/v1/auth/login",               [200, 200, 200, 200, 200, 200])
            .body(json!({ "username": "matrix", "password": PASSWORD })),
        row(POST,   "/api/v1/auth/refresh",             [401, 200, 200, 200, 200, 200]).fresh_session(),
        row(POST,   "/api/v1/auth/logout",              [204, 204, 204, 204, 204, 204]).fresh_session(),
        row(GET,    "/api/v1/me",                       [401, 200, 200, 200, 200, 200]),
        row(GET,    "/healthz",                         [200, 200, 200, 200, 200, 200]),
        row(GET,    "/readyz",                          [200, 200, 200, 200, 200, 200]),
        row(GET,    "/api/openapi.json",                [200, 200, 200, 200, 200, 200]),
    ]
}

#[rustfmt::skip]
fn department_rows() -> Vec<Row> {
    vec![ //                                          anon admin offi coun own  other
        row(GET,    "/api/v1/departments",              [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/departments/{fb1}",        [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/departments",              [401, 201, 201, 403, 403, 403])
            .body(json!({ "code": "D{unique}", "name": "Neu" })),
        row(PATCH,  "/api/v1/departments/{department}", [401, 200, 200, 403, 403, 403])
            .body(json!({ "name": "Umbenannt" })),
        // Editors do not change even their own department.
        row(PATCH,  "/api/v1/departments/{fb1}",        [401, 200, 200, 403, 403, 403])
            .body(json!({ "position": 7 })),
        row(DELETE, "/api/v1/departments/{department}", [401, 204, 204, 403, 403, 403]),
    ]
}

#[rustfmt::skip]
fn user_rows() -> Vec<Row> {
    vec![ //                                          anon admin offi coun own  other
        row(GET,    "/api/v1/users",                    [401, 200, 200, 403, 403, 403]),
        // Other accounts are absent for non-steering roles, one's own is readable.
        row(GET,    "/api/v1/users/{editor_user}",      [401, 200, 200, 404, 404, 404]),
        row(GET,    "/api/v1/users/{me}",               [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/users",                    [401, 201, 201, 403, 403, 403]).body(json!({
            "username": "u{unique}", "display_name": "Neu", "password": "ein langes Passwort",
            "role": "editor", "department_ids": ["{fb1}"]
        })),
        // Only admins create, promote to or change admins.
        row(POST,   "/api/v1/users",                    [401, 201, 403, 403, 403, 403]).body(json!({
            "username": "a{unique}", "display_name": "Neu", "password": "ein langes Passwort",
            "role": "admin"
        })),
        row(PATCH,  "/api/v1/users/{editor_user}",      [401, 200, 200, 403, 403, 403])
            .body(json!({ "display_name": "Umbenannt" })),
        row(PATCH,  "/api/v1/users/{editor_user}",      [401, 200, 403, 403, 403, 403])
            .body(json!({ "role": "admin" })),
        row(PATCH,  "/api/v1/users/{admin_user}",       [401, 200, 403, 403, 403, 403])
            .body(json!({ "display_name": "Umbenannt" })),
        row(PATCH,  "/api/v1/users/{me}",               [401, 200, 200, 403, 403, 403])
            .body(json!({ "display_name": "Ich" })),
    ]
}

#[rustfmt::skip]
fn audit_rows() -> Vec<Row> {
    vec![ //                                          anon admin offi coun own  other
        row(GET,    "/api/v1/audit",                    [401, 200, 200, 403, 403, 403]),
    ]
}

#[rustfmt::skip]
fn structure_rows() -> Vec<Row> {
    vec![ //                                          anon admin offi coun own  other
        row(GET,    "/api/v1/strategy",                 [401, 200, 200, 200, 200, 200]),
        row(PATCH,  "/api/v1/strategy",                 [401, 200, 200, 403, 403, 403])
            .body(json!({ "title": "Strategie {unique}" })),
        row(GET,    "/api/v1/goals",                    [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/goals/{goal}",             [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/goals",                    [401, 201, 201, 403, 403, 403])
            .body(json!({ "code": "G{unique}", "title": "Ziel" })),
        row(PATCH,  "/api/v1/goals/{goal}",             [401, 200, 200, 403, 403, 403])
            .body(json!({ "title": "Umbenannt" })),
        row(DELETE, "/api/v1/goals/{goal}",             [401, 204, 204, 403, 403, 403]),
        row(GET,    "/api/v1/statuses",                 [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/statuses/{status}",        [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/statuses",                 [401, 201, 201, 403, 403, 403])
            .body(json!({ "code": "s{unique}", "label": "Neu", "category": "in_progress" })),
        row(PATCH,  "/api/v1/statuses/{status}",        [401, 200, 200, 403, 403, 403])
            .body(json!({ "label": "Umbenannt" })),
        row(DELETE, "/api/v1/statuses/{status}",        [401, 204, 204, 403, 403, 403]),
    ]
}

/// Measures are led by FB1: "own" is FB1's editor. Drafts are hidden (`404`) from the
/// council and from editors of other departments, for reads and writes alike.
#[rustfmt::skip]
fn measure_rows() -> Vec<Row> {
    let progress = || json!({ "progress": 40 });
    let title = || json!({ "title": "Neuer Titel" });
    let update = || json!({ "narrative": "Sachstand", "progress": 30, "status_id": "{any_status}" });
    let light = || json!({ "light": "red", "reason": "Die Ausschreibung ist gescheitert." });
    vec![ //                                                                 anon admin offi coun own  other
        row(GET,    "/api/v1/measures",                                        [401, 200, 200, 200, 200, 200]),
        // Export: the measures each role may read; import: officer and admin only (without
        // a file the allowed roles get 422 empty_file, and nothing changes).
        row(GET,    "/api/v1/measures/export?format=csv",                      [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/measures/export?format=xlsx",                     [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/measures/import?dry_run=false",                   [401, 422, 422, 403, 403, 403]),
        row(POST,   "/api/v1/measures",                                        [401, 201, 201, 403, 403, 403]).body(json!({
            "code": "M{unique}", "title": "Neu", "goal_ids": ["{goal}"],
            "lead_department_id": "{fb1}", "status_id": "{any_status}"
        })),
        row(GET,    "/api/v1/measures/{measure_internal}",                     [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/measures/{measure_draft}",                        [401, 200, 200, 404, 200, 404]),
        row(GET,    "/api/v1/measures/{measure_public}",                       [401, 200, 200, 200, 200, 200]),
        // Execution fields: the own department's editor may; structure: steering only.
        row(PATCH,  "/api/v1/measures/{measure_internal}",                     [401, 200, 200, 403, 200, 403]).body(progress()),
        row(PATCH,  "/api/v1/measures/{measure_draft}",                        [401, 200, 200, 404, 200, 404]).body(progress()),
        row(PATCH,  "/api/v1/measures/{measure_internal}",                     [401, 200, 200, 403, 403, 403]).body(title()),
        row(PATCH,  "/api/v1/measures/{measure_draft}",                        [401, 200, 200, 404, 403, 404]).body(title()),
        row(PATCH,  "/api/v1/measures/{measure_internal}",                     [401, 200, 200, 403, 403, 403])
            .body(json!({ "progress": 50, "title": "Beides" })),
        row(DELETE, "/api/v1/measures/{measure_internal}",                     [401, 204, 204, 403, 403, 403]),
        row(DELETE, "/api/v1/measures/{measure_draft}",                        [401, 204, 204, 404, 403, 404]),
        row(GET,    "/api/v1/measures/{measure_internal}/updates",             [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/measures/{measure_draft}/updates",                [401, 200, 200, 404, 200, 404]),
        row(POST,   "/api/v1/measures/{measure_internal}/updates",             [401, 201, 201, 403, 201, 403]).body(update()).if_match(),
        row(POST,   "/api/v1/measures/{measure_draft}/updates",                [401, 201, 201, 404, 201, 404]).body(update()).if_match(),
        // Only the officer overrides a light.
        row(PUT,    "/api/v1/measures/{measure_internal}/traffic-light-override", [401, 403, 200, 403, 403, 403]).body(light()),
        row(PUT,    "/api/v1/measures/{measure_draft}/traffic-light-override",    [401, 403, 200, 404, 403, 404]).body(light()),
        row(DELETE, "/api/v1/measures/{measure_overridden}/traffic-light-override", [401, 403, 200, 403, 403, 403]),
    ]
}

#[rustfmt::skip]
fn reporting_rows() -> Vec<Row> {
    vec![ //                                          anon admin offi coun own  other
        row(GET,    "/api/v1/dashboard",                [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/rollups/strategy",         [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/rollups/goals/{goal}",     [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/rollups/departments/{fb1}", [401, 200, 200, 200, 200, 200]),
        // The transparency page needs no sign-in.
        row(GET,    "/api/v1/public/measures",          [200, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/public/dashboard",         [200, 200, 200, 200, 200, 200]),
    ]
}

/// Reporting rounds (Berichtsrunden): everyone signed in reads rounds and items; steering
/// opens, changes and deletes rounds; the owing department's editors (and steering) answer;
/// only the officer reviews and sends reminders; notifications are each user's own.
#[rustfmt::skip]
fn berichtsrunden_rows() -> Vec<Row> {
    vec![ //                                                                    anon admin offi coun own  other
        row(GET,    "/api/v1/reporting-rounds",                                   [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/reporting-rounds/{reporting_round}",                 [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/reporting-rounds",                                   [401, 201, 201, 403, 403, 403]).body(json!({
            "title": "Runde {unique}", "meeting_body": "Stadtrat", "meeting_date": "2030-02-01",
            "deadline": "2030-01-10", "measure_ids": ["{measure_internal}"]
        })),
        row(PATCH,  "/api/v1/reporting-rounds/{reporting_round}",                 [401, 200, 200, 403, 403, 403]).body(json!({ "title": "Umbenannt" })),
        row(DELETE, "/api/v1/reporting-rounds/{reporting_round}",                 [401, 204, 204, 403, 403, 403]),
        row(POST,   "/api/v1/reporting-rounds/{reporting_round}/reminders",       [401, 403, 200, 403, 403, 403]),
        row(GET,    "/api/v1/reporting-items",                                    [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/reporting-items/{reporting_item_due}",               [401, 200, 200, 200, 200, 200]),
        row(PUT,    "/api/v1/reporting-items/{reporting_item_due}/draft",         [401, 200, 200, 403, 200, 403]).body(json!({ "progress": 10 })),
        row(POST,   "/api/v1/reporting-items/{reporting_item_drafted}/submit",    [401, 200, 200, 403, 200, 403]).if_match(),
        row(POST,   "/api/v1/reporting-items/{reporting_item_submitted}/return",  [401, 403, 200, 403, 403, 403]).if_match().body(json!({ "comment": "Bitte ergänzen" })),
        row(POST,   "/api/v1/reporting-items/{reporting_item_submitted}/approve", [401, 403, 200, 403, 403, 403]).if_match().body(json!({})),
        row(GET,    "/api/v1/notifications",                                      [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/notifications/read-all",                             [401, 204, 204, 204, 204, 204]),
        row(POST,   "/api/v1/notifications/{notification_own}/read",              [401, 404, 404, 404, 204, 404]),
    ]
}

/// Frozen reports (Sachstandsberichte): everyone signed in reads them, their changes and
/// exports; only the officer freezes and withdraws; published reports are public. No route
/// changes or deletes a report.
#[rustfmt::skip]
fn report_rows() -> Vec<Row> {
    vec![ //                                                                    anon admin offi coun own  other
        row(GET,    "/api/v1/reports",                                            [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/reports/{report}",                                   [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/reports/{report}/changes",                           [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/reports/{report}/export/{export_format}",            [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/reporting-rounds/{reporting_round}/freeze",          [401, 403, 201, 403, 403, 403]).if_match().body(json!({})),
        row(POST,   "/api/v1/reports/{report}/withdraw",                          [401, 403, 200, 403, 403, 403]).if_match().body(json!({ "reason": "Falsche Vorlage" })),
        row(GET,    "/api/v1/public/reports",                                     [200, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/public/reports/{report}",                            [200, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/public/reports/{report}/export/pdf",                 [200, 200, 200, 200, 200, 200]),
    ]
}

/// Maturity: everyone signed in reads models and findings; steering manages models,
/// rounds, findings and measures' targets; only the officer approves and reopens; editors
/// record and delete self-assessments of their own departments in open rounds; the council
/// sees approved rounds only (others are `404`).
#[rustfmt::skip]
fn maturity_rows() -> Vec<Row> {
    let assessment = || json!({ "department_id": "{fb1}", "dimension_code": "{dimension}", "actual_level": 2 });
    let targets = || json!({ "targets": [{ "dimension_code": "{dimension}", "department_id": null, "expected_level": 3 }] });
    vec![ //                                                                 anon admin offi coun own  other
        row(GET,    "/api/v1/maturity/models",                                 [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/models/{maturity_model}",                [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/models/{maturity_model}/export",         [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/maturity/models",                                 [401, 201, 201, 403, 403, 403]).body(json!("{model_fields}")),
        row(POST,   "/api/v1/maturity/models/import",                          [401, 201, 201, 403, 403, 403]).body(json!("{model_document}")),
        row(PATCH,  "/api/v1/maturity/models/{maturity_model}",                [401, 200, 200, 403, 403, 403]).body(json!({ "name": "Umbenannt" })),
        row(POST,   "/api/v1/maturity/models/{maturity_model}/versions",       [401, 201, 201, 403, 403, 403]).body(json!({ "name": "Version 2" })),
        row(DELETE, "/api/v1/maturity/models/{maturity_model}",                [401, 204, 204, 403, 403, 403]),
        row(GET,    "/api/v1/maturity/rounds",                                 [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/rounds/{round_open}",                    [401, 200, 200, 404, 200, 200]),
        row(GET,    "/api/v1/maturity/rounds/{round_approved}",                [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/maturity/rounds",                                 [401, 201, 201, 403, 403, 403]).body(json!({
            "title": "Erhebung {unique}", "round_date": "2026-06-30", "model_id": "{default_model}",
            "department_ids": ["{fb1}"]
        })),
        row(PATCH,  "/api/v1/maturity/rounds/{round_open}",                    [401, 200, 200, 404, 403, 403]).body(json!({ "title": "Umbenannt" })),
        row(DELETE, "/api/v1/maturity/rounds/{round_open}",                    [401, 204, 204, 404, 403, 403]),
        row(POST,   "/api/v1/maturity/rounds/{round_open}/submit",             [401, 200, 200, 404, 403, 403]).if_match(),
        row(POST,   "/api/v1/maturity/rounds/{round_submitted}/approve",       [401, 403, 200, 404, 403, 403]).if_match(),
        row(POST,   "/api/v1/maturity/rounds/{round_approved}/reopen",         [401, 403, 200, 403, 403, 403]).if_match()
            .body(json!({ "reason": "Ein Fachbereich hat nachgemeldet." })),
        row(GET,    "/api/v1/maturity/rounds/{round_open}/assessments",        [401, 200, 200, 404, 200, 200]),
        row(GET,    "/api/v1/maturity/rounds/{round_approved}/assessments",    [401, 200, 200, 200, 200, 200]),
        row(PUT,    "/api/v1/maturity/rounds/{round_open}/assessments",        [401, 201, 201, 404, 201, 403]).body(assessment()).no_if_match(),
        row(GET,    "/api/v1/maturity/assessments/{assessment}",               [401, 200, 200, 404, 200, 200]),
        row(DELETE, "/api/v1/maturity/assessments/{assessment}",               [401, 204, 204, 404, 204, 403]),
        row(GET,    "/api/v1/maturity/results?round_id={round_approved}",      [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/results?round_id={round_open}",          [401, 200, 200, 404, 200, 200]),
        row(GET,    "/api/v1/maturity/heatmap?round_id={round_approved}",      [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/heatmap?round_id={round_open}",          [401, 200, 200, 404, 200, 200]),
        row(GET,    "/api/v1/maturity/trend",                                  [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/gaps?round_id={round_approved}",         [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/findings",                               [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/maturity/findings/{finding}",                     [401, 200, 200, 200, 200, 200]),
        row(POST,   "/api/v1/maturity/findings",                               [401, 201, 201, 403, 403, 403]).body(json!({
            "text": "Kein Dokumentenmanagement.", "severity": "high", "source": "Ist-Analyse"
        })),
        row(PATCH,  "/api/v1/maturity/findings/{finding}",                     [401, 200, 200, 403, 403, 403]).body(json!({ "severity": "low" })),
        row(DELETE, "/api/v1/maturity/findings/{finding}",                     [401, 204, 204, 403, 403, 403]),
        row(GET,    "/api/v1/measures/{measure_internal}/maturity-targets",    [401, 200, 200, 200, 200, 200]),
        row(GET,    "/api/v1/measures/{measure_draft}/maturity-targets",       [401, 200, 200, 404, 200, 404]),
        row(PUT,    "/api/v1/measures/{measure_internal}/maturity-targets",    [401, 200, 200, 403, 403, 403]).body(targets()),
        row(PUT,    "/api/v1/measures/{measure_draft}/maturity-targets",       [401, 200, 200, 404, 403, 404]).body(targets()),
    ]
}

fn all_rows() -> Vec<Row> {
    [
        auth_rows(),
        department_rows(),
        user_rows(),
        audit_rows(),
        structure_rows(),
        measure_rows(),
        reporting_rows(),
        berichtsrunden_rows(),
        report_rows(),
        maturity_rows(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

// ---------------------------------------------------------------------------------------
// The engine
// ---------------------------------------------------------------------------------------

static UNIQUE: AtomicU32 = AtomicU32::new(1);

fn unique() -> u32 {
    UNIQUE.fetch_add(1, Ordering::Relaxed)
}

struct Fixture {
    app: TestApp,
    roles: Roles,
}

impl Fixture {
    async fn new() -> Self {
        let (app, roles) = TestApp::with_roles().await;
        app.create_user("matrix", Role::Council, &[]).await;
        Self { app, roles }
    }

    fn client(&self, who: Who) -> Api {
        match who {
            Who::Anonymous => self.app.anonymous(),
            Who::Admin => self.roles.admin.api.clone(),
            Who::Officer => self.roles.officer.api.clone(),
            Who::Council => self.roles.council.api.clone(),
            Who::EditorOwn => self.roles.editor1.api.clone(),
            Who::EditorOther => self.roles.editor2.api.clone(),
        }
    }

    fn user_id(&self, who: Who) -> i32 {
        match who {
            Who::Anonymous | Who::Admin => self.roles.admin.user_id,
            Who::Officer => self.roles.officer.user_id,
            Who::Council => self.roles.council.user_id,
            Who::EditorOwn => self.roles.editor1.user_id,
            Who::EditorOther => self.roles.editor2.user_id,
        }
    }

    /// Sends a setup request as the officer; panics unless it answers `expected`.
    async fn setup(
        &self,
        method: Method,
        path: &str,
        if_match: Option<&str>,
        body: Option<Value>,
        expected: u16,
    ) -> ApiResponse {
        let response = self
            .roles
            .officer
            .send(method, path, if_match, body.as_ref())
            .await;
        assert_eq!(response.status, expected, "matrix setup failed: {response}");
        response
    }

    /// Creates something through the API as the officer and returns its id.
    async fn create(&self, path: &str, body: Value) -> i32 {
        self.setup(Method::POST, path, None, Some(body), 201)
            .await
            .id()
    }

    /// Sends a state transition (`POST …/submit` etc.) with the resource's current ETag.
    async fn transition(&self, resource: &str, action: &str, body: Option<Value>) {
        let etag = self.roles.officer.get(resource).await.etag();
        self.setup(
            Method::POST,
            &format!("{resource}/{action}"),
            Some(&etag),
            body,
            200,
        )
        .await;
    }

    /// The built-in maturity model's id and its export document.
    async fn default_model(&self) -> (i32, Value) {
        let models = self.roles.officer.get("/api/v1/maturity/models").await;
        let id = models.body[0]["id"]
            .as_i64()
            .and_then(|id| i32::try_from(id).ok())
            .unwrap_or_else(|| panic!("no maturity model: {models}"));
        let export = self
            .roles
            .officer
            .get(&format!("/api/v1/maturity/models/{id}/export"))
            .await;
        assert_eq!(export.status, 200, "{export}");
        (id, export.body)
    }
}

fn id_value(id: i32, resource: &str) -> (Value, Option<String>) {
    (json!(id), Some(format!("{resource}/{id}")))
}

/// The placeholders of one attempt: name → (value, the path to GET it, if any).
struct Attempt<'f> {
    fixture: &'f Fixture,
    who: Who,
    resolved: HashMap<String, (Value, Option<String>)>,
}

impl<'f> Attempt<'f> {
    fn new(fixture: &'f Fixture, who: Who) -> Self {
        Self {
            fixture,
            who,
            resolved: HashMap::new(),
        }
    }

    /// The id a placeholder resolves to.
    async fn id(&mut self, name: &str) -> i32 {
        let (value, _) = Box::pin(self.resolve(name)).await;
        value
            .as_i64()
            .and_then(|id| i32::try_from(id).ok())
            .unwrap_or_else(|| panic!("{{{name}}} is not an id"))
    }

    /// Creates (or looks up) what a placeholder names: its value (usually an id) and the
    /// path to GET it.
    async fn resolve(&mut self, name: &str) -> (Value, Option<String>) {
        if let Some(found) = self.resolved.get(name) {
            return found.clone();
        }
        let fx = self.fixture;
        let n = unique();
        let found = match name {
            "fb1" => id_value(fx.roles.fb1, "/api/v1/departments"),
            "fb2" => id_value(fx.roles.fb2, "/api/v1/departments"),
            "department" => id_value(
                fx.app
                    .create_department(&format!("X{n}"), "Frisch", Some(fx.roles.fb1))
                    .await,
                "/api/v1/departments",
            ),
            "me" => id_value(fx.user_id(self.who), "/api/v1/users"),
            "editor_user" => id_value(
                fx.app
                    .create_user(&format!("editor-{n}"), Role::Editor, &[fx.roles.fb1])
                    .await,
                "/api/v1/users",
            ),
            "admin_user" => id_value(
                fx.app
                    .create_user(&format!("admin-{n}"), Role::Admin, &[])
                    .await,
                "/api/v1/users",
            ),
            "goal" => id_value(
                fx.create(
                    "/api/v1/goals",
                    json!({ "code": format!("Z{n}"), "title": "Ziel" }),
                )
                .await,
                "/api/v1/goals",
            ),
            "status" => id_value(
                fx.create(
                    "/api/v1/statuses",
                    json!({ "code": format!("st{n}"), "label": "Frisch", "category": "in_progress" }),
                )
                .await,
                "/api/v1/statuses",
            ),
            "any_status" => {
                let list = fx.roles.officer.get("/api/v1/statuses").await;
                let id = list.body[0]["id"]
                    .as_i64()
                    .and_then(|id| i32::try_from(id).ok())
                    .unwrap_or_else(|| panic!("no status to use: {list}"));
                id_value(id, "/api/v1/statuses")
            }
            "measure_draft" | "measure_internal" | "measure_public" | "measure_overridden" => {
                let visibility = match name {
                    "measure_draft" => "draft",
                    "measure_public" => "public",
                    _ => "internal",
                };
                let goal = self.id("goal").await;
                let status = self.id("any_status").await;
                let id = fx
                    .create(
                        "/api/v1/measures",
                        json!({
                            "code": format!("M{n}"), "title": "Maßnahme", "goal_ids": [goal],
                            "lead_department_id": fx.roles.fb1, "status_id": status,
                            "visibility": visibility
                        }),
                    )
                    .await;
                if name == "measure_overridden" {
                    let path = format!("/api/v1/measures/{id}");
                    let etag = fx.roles.officer.get(&path).await.etag();
                    fx.setup(
                        Method::PUT,
                        &format!("{path}/traffic-light-override"),
                        Some(&etag),
                        Some(json!({ "light": "yellow", "reason": "Personal fehlt seit Monaten." })),
                        200,
                    )
                    .await;
                }
                id_value(id, "/api/v1/measures")
            }
            // Maturity: the built-in model, fresh models, rounds in each state.
            "default_model" => id_value(fx.default_model().await.0, "/api/v1/maturity/models"),
            "dimension" => {
                let (_, document) = fx.default_model().await;
                (document["dimensions"][0]["code"].clone(), None)
            }
            "model_document" => {
                let (_, mut document) = fx.default_model().await;
                document["key"] = json!(format!("modell-{n}"));
                (document, None)
            }
            "model_fields" => {
                let (_, document) = fx.default_model().await;
                let fields: serde_json::Map<String, Value> = [
                    "name",
                    "description",
                    "aggregation_rule",
                    "levels",
                    "dimensions",
                ]
                .into_iter()
                .map(|k| (k.to_owned(), document[k].clone()))
                .chain([("key".to_owned(), json!(format!("modell-{n}")))])
                .collect();
                (Value::Object(fields), None)
            }
            "maturity_model" => {
                let (document, _) = Box::pin(self.resolve("model_document")).await;
                id_value(
                    fx.create("/api/v1/maturity/models/import", document).await,
                    "/api/v1/maturity/models",
                )
            }
            "round_open" | "round_submitted" | "round_approved" => {
                let model = self.id("default_model").await;
                let id = fx
                    .create(
                        "/api/v1/maturity/rounds",
                        json!({
                            "title": format!("Erhebung {n}"), "round_date": "2026-06-30",
                            "model_id": model, "includes_administration": true,
                            "department_ids": [fx.roles.fb1, fx.roles.fb2]
                        }),
                    )
                    .await;
                let resource = format!("/api/v1/maturity/rounds/{id}");
                if name != "round_open" {
                    fx.transition(&resource, "submit", None).await;
                }
                if name == "round_approved" {
                    fx.transition(&resource, "approve", None).await;
                }
                (json!(id), Some(resource))
            }
            "assessment" => {
                let round = self.id("round_open").await;
                let (dimension, _) = Box::pin(self.resolve("dimension")).await;
                let response = fx
                    .setup(
                        Method::PUT,
                        &format!("/api/v1/maturity/rounds/{round}/assessments"),
                        None,
                        Some(json!({
                            "department_id": fx.roles.fb1, "dimension_code": dimension,
                            "actual_level": 1, "method": "self_assessment"
                        })),
                        201,
                    )
                    .await;
                id_value(response.id(), "/api/v1/maturity/assessments")
            }
            "finding" => id_value(
                fx.create(
                    "/api/v1/maturity/findings",
                    json!({ "text": "Akten liegen nur auf Papier vor.", "severity": "medium",
                            "source": "Interview Ist-Analyse" }),
                )
                .await,
                "/api/v1/maturity/findings",
            ),
            // Reporting rounds: a fresh round asking about a fresh FB1 measure, its item in
            // each state, and a notification of editor1 (the round told FB1's editors).
            "reporting_round" => {
                let measure = self.id("measure_internal").await;
                id_value(
                    fx.create(
                        "/api/v1/reporting-rounds",
                        json!({
                            "title": format!("Runde {n}"), "meeting_body": "Stadtrat",
                            "meeting_date": "2030-02-01", "deadline": "2030-01-10",
                            "measure_ids": [measure]
                        }),
                    )
                    .await,
                    "/api/v1/reporting-rounds",
                )
            }
            "reporting_item_due" | "reporting_item_drafted" | "reporting_item_submitted" => {
                let round = self.id("reporting_round").await;
                let list = fx
                    .roles
                    .officer
                    .get(&format!("/api/v1/reporting-items?round_id={round}"))
                    .await;
                let id = list.body[0]["id"].as_i64().unwrap_or_else(|| panic!("no item: {list}"));
                let resource = format!("/api/v1/reporting-items/{id}");
                if name != "reporting_item_due" {
                    let status = self.id("any_status").await;
                    let etag = fx.roles.officer.get(&resource).await.etag();
                    fx.setup(
                        Method::PUT,
                        &format!("{resource}/draft"),
                        Some(&etag),
                        Some(json!({ "status_id": status, "progress": 30, "narrative": "Läuft." })),
                        200,
                    )
                    .await;
                }
                if name == "reporting_item_submitted" {
                    fx.transition(&resource, "submit", None).await;
                }
                (json!(id), Some(resource))
            }
            // One export format stands for all (they share handler and policy).
            "export_format" => (json!("json"), None),
            // A report: the attempt's fresh round, frozen by the officer.
            "report" => {
                let round = self.id("reporting_round").await;
                let resource = format!("/api/v1/reporting-rounds/{round}");
                let etag = fx.roles.officer.get(&resource).await.etag();
                let frozen = fx
                    .setup(
                        Method::POST,
                        &format!("{resource}/freeze"),
                        Some(&etag),
                        Some(json!({})),
                        201,
                    )
                    .await;
                id_value(frozen.id(), "/api/v1/reports")
            }
            "notification_own" => {
                self.id("reporting_round").await;
                let list = fx.roles.editor1.get("/api/v1/notifications?unread=true").await;
                (list.body[0]["id"].clone(), None)
            }
            other => panic!("the matrix knows no placeholder {{{other}}}"),
        };
        self.resolved.insert(name.to_owned(), found.clone());
        found
    }

    /// The path with its placeholders replaced, and the resource of the last one.
    async fn path(&mut self, template: &str) -> (String, Option<String>) {
        let mut path = String::new();
        let mut resource = None;
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let end = rest[start..].find('}').expect("a closed placeholder") + start;
            path.push_str(&rest[..start]);
            let (value, res) = self.resolve(&rest[start + 1..end]).await;
            match value {
                Value::String(s) => path.push_str(&s),
                other => path.push_str(&other.to_string()),
            }
            if res.is_some() && !rest[..start].contains('?') && !path.contains('?') {
                resource = res;
            }
            rest = &rest[end + 1..];
        }
        path.push_str(rest);
        (path, resource)
    }

    /// The body with `"{name}"` strings replaced by their values and `{unique}` by a
    /// number.
    async fn body(&mut self, value: &Value) -> Value {
        match value {
            Value::String(s) if s.starts_with('{') && s.ends_with('}') && s != "{unique}" => {
                self.resolve(&s[1..s.len() - 1]).await.0
            }
            Value::String(s) => json!(s.replace("{unique}", &unique().to_string())),
            Value::Array(items) => {
                let mut out = Vec::new();
                for item in items {
                    out.push(Box::pin(self.body(item)).await);
                }
                Value::Array(out)
            }
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (key, item) in map {
                    out.insert(key.clone(), Box::pin(self.body(item)).await);
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }
}

/// What an admin sees of the observed paths, and the audit count.
async fn snapshot(fx: &Fixture, paths: &[String]) -> (Vec<(u16, Value)>, u64) {
    let mut seen = Vec::new();
    for path in paths {
        let response = fx.roles.admin.get(path).await;
        seen.push((response.status, response.body));
    }
    (seen, fx.app.audit_count().await)
}

/// Runs one row for one role; returns the problems found.
async fn attempt(fx: &Fixture, row: &Row, index: usize, who: Who) -> Vec<String> {
    let expected = row.expect[index];
    let mut problems = Vec::new();
    let mut attempt = Attempt::new(fx, who);
    let (path, resource) = attempt.path(row.path).await;
    let body = match &row.body {
        Some(body) => Some(attempt.body(body).await),
        None => None,
    };
    let method = row.method();
    let etag_source = resource.clone().unwrap_or_else(|| path.clone());
    let if_match =
        if (matches!(row.method, PATCH | PUT | DELETE) || row.if_match) && !row.no_if_match {
            let current = fx.roles.admin.get(&etag_source).await;
            Some(current.etag())
        } else {
            None
        };
    let mut observed = vec![path.clone()];
    if let Some(resource) = resource
        && resource != path
    {
        observed.push(resource);
    }
    let client = if row.fresh_session && who != Who::Anonymous {
        fx.app.login(who.username(), PASSWORD).await.api
    } else {
        fx.client(who)
    };

    let before = snapshot(fx, &observed).await;
    let response: ApiResponse = client
        .send(method.clone(), &path, if_match.as_deref(), body.as_ref())
        .await;
    let after = snapshot(fx, &observed).await;

    let label = format!("{who:?} {}", row.label());
    if response.status != expected {
        problems.push(format!(
            "{label}: expected {expected}, got {} {}",
            response.status, response.text
        ));
    }
    if response.status >= 400 {
        if response.header("content-type") != Some("application/problem+json") {
            problems.push(format!("{label}: the denial is not a problem document"));
        }
        if before.0 != after.0 {
            problems.push(format!(
                "{label}: answered {} but changed the state: {:?} → {:?}",
                response.status, before.0, after.0
            ));
        }
        if before.1 != after.1 {
            problems.push(format!(
                "{label}: answered {} but wrote {} audit entries",
                response.status,
                after.1 - before.1
            ));
        }
    } else if method == Method::GET {
        if before.1 != after.1 {
            problems.push(format!("{label}: a read wrote to the audit log"));
        }
    } else if !path.starts_with("/api/v1/auth/") && !unaudited(&path) && after.1 <= before.1 {
        problems.push(format!("{label}: an allowed change left no audit entry"));
    }
    problems
}

/// Allowed changes that leave no audit entry: one's own notifications (read marks) and
/// reminder runs (they write notifications and the reminder log, not audited data).
fn unaudited(path: &str) -> bool {
    path.starts_with("/api/v1/notifications") || path.ends_with("/reminders")
}

async fn run(rows: Vec<Row>) {
    let fx = Fixture::new().await;
    let mut problems = Vec::new();
    for row in &rows {
        for (index, who) in EVERYONE.into_iter().enumerate() {
            problems.extend(attempt(&fx, row, index, who).await);
        }
    }
    assert!(
        problems.is_empty(),
        "{} authorization problems:\n  {}",
        problems.len(),
        problems.join("\n  ")
    );
}

/// `/api/v1/departments/{id}` → `/api/v1/departments/{}`.
fn normalize(path: &str) -> String {
    let path = path.split('?').next().unwrap_or_default();
    let mut out = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                if depth == 1 {
                    out.push_str("{}");
                }
            }
            '}' => depth -= 1,
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn every_registered_endpoint_has_a_row_in_the_matrix() {
    let spec = serde_json::to_value(kurs::http::routes::openapi()).expect("the spec serializes");
    let registered: BTreeSet<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, operations)| {
            operations
                .as_object()
                .expect("operations")
                .keys()
                .map(move |method| format!("{} {}", method.to_uppercase(), normalize(path)))
        })
        .collect();
    let covered: BTreeSet<String> = all_rows()
        .iter()
        .map(|r| format!("{} {}", r.method, normalize(r.path)))
        .collect();
    let missing: Vec<&String> = registered.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "endpoints without a row in the authorization matrix: {missing:?}"
    );
    let stale: Vec<&String> = covered
        .iter()
        .filter(|c| !registered.contains(*c) && !c.ends_with("/api/openapi.json"))
        .collect();
    assert!(
        stale.is_empty(),
        "rows for endpoints that do not exist: {stale:?}"
    );
}

#[tokio::test]
async fn sign_in_session_and_health_endpoints_answer_every_role_as_specified() {
    run(auth_rows()).await;
}

#[tokio::test]
async fn department_endpoints_answer_every_role_as_specified_and_denials_change_nothing() {
    run(department_rows()).await;
}

#[tokio::test]
async fn user_endpoints_answer_every_role_as_specified_and_denials_change_nothing() {
    run(user_rows()).await;
}

#[tokio::test]
async fn the_audit_log_answers_every_role_as_specified() {
    run(audit_rows()).await;
}

#[tokio::test]
async fn strategy_goal_and_status_endpoints_answer_every_role_as_specified() {
    run(structure_rows()).await;
}

#[tokio::test]
async fn measure_endpoints_answer_every_role_as_specified_and_denials_change_nothing() {
    run(measure_rows()).await;
}

#[tokio::test]
async fn dashboard_rollup_and_public_endpoints_answer_every_role_as_specified() {
    run(reporting_rows()).await;
}

#[tokio::test]
async fn reporting_round_endpoints_answer_every_role_as_specified_and_denials_change_nothing() {
    run(berichtsrunden_rows()).await;
}

#[tokio::test]
async fn report_endpoints_answer_every_role_as_specified_and_denials_change_nothing() {
    run(report_rows()).await;
}

#[tokio::test]
async fn maturity_endpoints_answer_every_role_as_specified_and_denials_change_nothing() {
    run(maturity_rows()).await;
}

#[tokio::test]
async fn the_public_endpoints_show_published_measures_only() {
    let fx = Fixture::new().await;
    let mut attempt = Attempt::new(&fx, Who::Anonymous);
    let mut codes = HashMap::new();
    for name in ["measure_draft", "measure_internal", "measure_public"] {
        let (_, resource) = attempt.resolve(name).await;
        let resource = resource.expect("a measure has a path");
        let code = fx.roles.admin.get(&resource).await.body["code"].clone();
        codes.insert(name, code.as_str().expect("a code").to_owned());
    }
    let public = fx.app.anonymous().get("/api/v1/public/measures").await;
    public.assert_status(200);
    let listed: Vec<&str> = public
        .body
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|m| m["code"].as_str())
        .collect();
    assert_eq!(listed, vec![codes["measure_public"].as_str()], "{public}");
    for hidden in [&codes["measure_draft"], &codes["measure_internal"]] {
        assert!(
            !public.text.contains(hidden.as_str()),
            "{hidden} leaked: {public}"
        );
    }
    let dashboard = fx.app.anonymous().get("/api/v1/public/dashboard").await;
    dashboard.assert_status(200);
    for hidden in [&codes["measure_draft"], &codes["measure_internal"]] {
        assert!(
            !dashboard.text.contains(hidden.as_str()),
            "{hidden} leaked: {dashboard}"
        );
    }
}
