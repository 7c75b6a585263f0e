//! Reminder e-mails over real SMTP: each test starts `tests/smtp_sink.py` (aiosmtpd) on a
//! free port as a child process and reads the messages it received. Checks that reminders
//! reach the department editors' addresses (and no one else), name the round, the meeting
//! and the measures with their answer links, go only once, that a failing mail server
//! fails nothing and is retried, and that with mail off no mail is sent.
//!
//! Needs Python with aiosmtpd: `KURS_TEST_PYTHON` (scripts/test.sh creates `.venv-test`
//! and sets it), or `.venv-test/bin/python` in the repository.

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use chrono::NaiveDate;
use kurs::config::MailSecurity;
use kurs::domain::access::Role;
use kurs::store::{self, Actor};
use kurs_api_tests::{PASSWORD, Session, TestApp, password_hash};
use serde_json::{Value, json};

const ROUNDS: &str = "/api/v1/reporting-rounds";

fn python() -> PathBuf {
    if let Ok(path) = std::env::var("KURS_TEST_PYTHON")
        && !path.trim().is_empty()
    {
        return PathBuf::from(path);
    }
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("../.venv-test/bin/python");
    if venv.exists() {
        return venv;
    }
    panic!(
        "the mail tests need Python with aiosmtpd for their SMTP sink: run scripts/test.sh \
         (it creates .venv-test), or `python3 -m venv .venv-test && .venv-test/bin/pip install \
         aiosmtpd`, or set KURS_TEST_PYTHON to a python that has aiosmtpd"
    );
}

/// A running `tests/smtp_sink.py`, stopped when dropped.
struct SmtpSink {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    fn start(fail: bool) -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        Self::start_on(port, fail, tempfile::tempdir().expect("a directory"))
    }

    fn start_on(port: u16, fail: bool, dir: tempfile::TempDir) -> Self {
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("smtp_sink.py");
        let python = python();
        let mut command = Command::new(&python);
        command
            .arg(&script)
            .arg(port.to_string())
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        if fail {
            command.arg("--fail");
        }
        let mut child = command.spawn().unwrap_or_else(|e| {
            panic!(
                "cannot start the SMTP sink with {}: {e} (see the header of this file)",
                python.display()
            )
        });
        let stdout = child.stdout.take().expect("the sink's stdout");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the sink's first line");
        if line.trim() != "ready" {
            let _ = child.kill();
            let output = child.wait_with_output().expect("the sink's output");
            panic!(
                "the SMTP sink did not start (is aiosmtpd installed for {}?): {}",
                python.display(),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Self { child, port, dir }
    }

    /// The messages received so far, in order.
    fn messages(&self) -> Vec<Value> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("the sink directory")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        files
            .iter()
            .map(|f| {
                serde_json::from_str(&std::fs::read_to_string(f).expect("a message file"))
                    .expect("a JSON message")
            })
            .collect()
    }

    /// Stops the sink, keeping its directory.
    fn stop(mut self) -> (u16, tempfile::TempDir) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let dir = std::mem::replace(&mut self.dir, tempfile::tempdir().expect("a directory"));
        (self.port, dir)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct World {
    app: TestApp,
    officer: Session,
    fb1_measures: Vec<(i32, String)>,
    fb2_measures: Vec<(i32, String)>,
}

async fn user(app: &TestApp, name: &str, role: Role, departments: &[i32], email: Option<&str>) {
    store::users::create(
        &app.db,
        store::users::NewUser {
            username: name.into(),
            display_name: format!("Frau {name}"),
            email: email.map(str::to_owned),
            password_hash: password_hash().to_owned(),
            role,
            department_ids: departments.to_vec(),
        },
        &Actor::system("test"),
    )
    .await
    .unwrap_or_else(|e| panic!("seeding {name}: {e}"));
}

/// Departments FB1 (editors a and b with addresses, c without) and FB2 (editor d), an
/// officer and a council member with addresses, and measures of both departments.
async fn world(app: TestApp) -> World {
    let fb1 = app
        .create_department("FB1", "Fachbereich Bürgerservice", None)
        .await;
    let fb2 = app
        .create_department("FB2", "Fachbereich Schulen", None)
        .await;
    user(
        &app,
        "officer",
        Role::Officer,
        &[],
        Some("officer@kurs.example"),
    )
    .await;
    user(
        &app,
        "council",
        Role::Council,
        &[],
        Some("rat@kurs.example"),
    )
    .await;
    user(&app, "a", Role::Editor, &[fb1], Some("a@fb1.example")).await;
    user(&app, "b", Role::Editor, &[fb1], Some("b@fb1.example")).await;
    user(&app, "c", Role::Editor, &[fb1], None).await;
    user(&app, "d", Role::Editor, &[fb2], Some("d@fb2.example")).await;
    let officer = app.login("officer", PASSWORD).await;
    let statuses = officer.get("/api/v1/statuses").await;
    let status = statuses
        .body
        .as_array()
        .expect("statuses")
        .iter()
        .find(|s| s["code"] == "in_umsetzung")
        .expect("a status")["id"]
        .clone();
    let goal = officer
        .post(
            "/api/v1/goals",
            json!({ "code": "HF1", "title": "Verwaltung" }),
        )
        .await
        .id();
    let mut fb1_measures = Vec::new();
    let mut fb2_measures = Vec::new();
    for (code, title, dept) in [
        ("M 1.1", "E-Akte einführen", fb1),
        ("M 1.2", "Online-Terminvergabe", fb1),
        ("M 2.1", "WLAN an Schulen", fb2),
    ] {
        let response = officer
            .post(
                "/api/v1/measures",
                json!({ "code": code, "title": title, "goal_ids": [goal], "lead_department_id": dept, "status_id": status }),
            )
            .await;
        response.assert_status(201);
        let entry = (response.id(), format!("{code} {title}"));
        if dept == fb1 {
            fb1_measures.push(entry);
        } else {
            fb2_measures.push(entry);
        }
    }
    World {
        app,
        officer,
        fb1_measures,
        fb2_measures,
    }
}

async fn spawn_with_mail(port: u16, enabled: bool) -> TestApp {
    TestApp::spawn_with(|settings| {
        settings.public_base_url = Some("https://kurs.example.de".into());
        settings.mail.enabled = enabled;
        settings.mail.smtp_host = "127.0.0.1".into();
        settings.mail.smtp_port = port;
        settings.mail.security = MailSecurity::None;
        settings.mail.from = "Kurs Digitalisierung <kurs@stadt.example>".into();
        settings.mail.timeout_seconds = 5;
    })
    .await
}

fn day(offset: i64) -> NaiveDate {
    store::today() + chrono::Duration::days(offset)
}

async fn open_round(officer: &Session, deadline: NaiveDate) -> i64 {
    let response = officer
        .post(
            ROUNDS,
            json!({
                "title": "Sachstand Herbst",
                "meeting_body": "Hauptausschuss",
                "meeting_date": day(20),
                "deadline": deadline,
            }),
        )
        .await;
    response.assert_status(201);
    i64::from(response.id())
}

async fn remind(officer: &Session, round: i64) -> Value {
    let response = officer
        .post_empty(&format!("{ROUNDS}/{round}/reminders"))
        .await;
    response.assert_status(200);
    response.body.clone()
}

/// The item id of each measure in the round.
async fn item_ids(officer: &Session, round: i64) -> Vec<(i64, i64)> {
    let items = officer
        .get(&format!("/api/v1/reporting-items?round_id={round}"))
        .await;
    items
        .body
        .as_array()
        .expect("items")
        .iter()
        .map(|i| {
            (
                i["measure"]["id"].as_i64().expect("a measure"),
                i["id"].as_i64().expect("an id"),
            )
        })
        .collect()
}

#[tokio::test]
async fn reminders_are_mailed_once_to_the_editors_of_each_department() {
    let sink = SmtpSink::start(false);
    let w = world(spawn_with_mail(sink.port, true).await).await;
    let round = open_round(&w.officer, day(2)).await;
    let run = remind(&w.officer, round).await;
    // In-app: a, b, c (FB1) and d (FB2); e-mail: the three with an address.
    assert_eq!(run["notifications_created"], 4, "{run}");
    assert_eq!(run["emails_sent"], 3, "{run}");
    let messages = sink.messages();
    assert_eq!(messages.len(), 3, "{messages:?}");
    let mut recipients: Vec<String> = messages
        .iter()
        .flat_map(|m| m["rcpt_tos"].as_array().expect("recipients").clone())
        .map(|r| r.as_str().expect("an address").to_owned())
        .collect();
    recipients.sort();
    assert_eq!(
        recipients,
        ["a@fb1.example", "b@fb1.example", "d@fb2.example"]
    );

    let items = item_ids(&w.officer, round).await;
    let link = |measure: i32| {
        let item = items
            .iter()
            .find(|(m, _)| *m == i64::from(measure))
            .expect("an item")
            .1;
        format!("https://kurs.example.de/berichtsrunden/antwort/{item}")
    };
    for message in &messages {
        let to = message["rcpt_tos"][0].as_str().expect("an address");
        let subject = message["subject"].as_str().expect("a subject");
        let body = message["body"].as_str().expect("a body");
        assert_eq!(message["content_type"], "text/plain");
        assert!(
            message["from"]
                .as_str()
                .expect("from")
                .contains("kurs@stadt.example")
        );
        assert!(subject.contains("Sachstand Herbst"), "{subject}");
        assert!(subject.starts_with("Erinnerung"), "{subject}");
        assert!(body.starts_with("Guten Tag Frau "), "{body}");
        assert!(body.contains("Hauptausschuss"), "{body}");
        assert!(
            body.contains(&day(2).format("%d.%m.%Y").to_string()),
            "{body}"
        );
        let (own, other) = if to.ends_with("fb1.example") {
            (&w.fb1_measures, &w.fb2_measures)
        } else {
            (&w.fb2_measures, &w.fb1_measures)
        };
        for (id, name) in own {
            assert!(body.contains(name.as_str()), "{name} missing in {body}");
            assert!(
                body.contains(&link(*id)),
                "link of {name} missing in {body}"
            );
        }
        for (_, name) in other {
            assert!(
                !body.contains(name.as_str()),
                "{name} must not be in {body}"
            );
        }
    }

    // Sent once: the next check sends nothing.
    let again = remind(&w.officer, round).await;
    assert_eq!(again["emails_sent"], 0);
    assert_eq!(again["notifications_created"], 0);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(sink.messages().len(), 3);

    // After the deadline plus grace days: the overdue reminder, with its own subject.
    let overdue = open_round(&w.officer, day(-2)).await;
    let run = remind(&w.officer, overdue).await;
    assert_eq!(run["emails_sent"], 3);
    let latest = sink.messages();
    assert_eq!(latest.len(), 6);
    assert!(latest[3..].iter().all(|m| {
        m["subject"]
            .as_str()
            .expect("subject")
            .starts_with("Überfällig")
    }));
    drop(w.app);
}

#[tokio::test]
async fn a_failing_mail_server_fails_nothing_and_the_reminder_is_retried() {
    let failing = SmtpSink::start(true);
    let w = world(spawn_with_mail(failing.port, true).await).await;
    let round = open_round(&w.officer, day(1)).await;
    let run = remind(&w.officer, round).await;
    assert_eq!(run["emails_sent"], 0, "{run}");
    assert_eq!(run["notifications_created"], 0, "{run}");
    let departments = run["departments"].as_array().expect("departments");
    assert_eq!(departments.len(), 2);
    assert!(departments.iter().all(|d| d["sent"] == false));
    use sea_orm::{EntityTrait, PaginatorTrait};
    assert_eq!(
        store::entities::reminder_log::Entity::find()
            .count(&w.app.db)
            .await
            .expect("count"),
        0
    );
    // The server recovers (same port): the next check sends what is still owed.
    let (port, dir) = failing.stop();
    let working = SmtpSink::start_on(port, false, dir);
    let run = remind(&w.officer, round).await;
    assert_eq!(run["emails_sent"], 3, "{run}");
    assert_eq!(run["notifications_created"], 4, "{run}");
    assert_eq!(working.messages().len(), 3);
    // A server that is not there at all fails nothing either.
    drop(working);
    let other = open_round(&w.officer, day(0)).await;
    let run = remind(&w.officer, other).await;
    assert_eq!(run["emails_sent"], 0);
    drop(w.app);
}

#[tokio::test]
async fn with_mail_off_reminders_are_in_app_only() {
    let sink = SmtpSink::start(false);
    let w = world(spawn_with_mail(sink.port, false).await).await;
    let round = open_round(&w.officer, day(3)).await;
    let run = remind(&w.officer, round).await;
    assert_eq!(run["emails_sent"], 0);
    assert_eq!(run["notifications_created"], 4);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(sink.messages().is_empty());
    // The editors see the reminder in the app.
    let a = w.app.login("a", PASSWORD).await;
    let list = a.get("/api/v1/notifications?unread=true").await;
    assert!(
        list.body
            .as_array()
            .expect("a list")
            .iter()
            .any(|n| n["kind"] == "reminder_before_deadline")
    );
}
