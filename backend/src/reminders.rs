//! Sending the reminders of reporting rounds: the background check every
//! `[reminders] check_interval_minutes` and `POST /reporting-rounds/{id}/reminders` both call
//! [`run`]. For each reminder due and not yet sent ([`store::reporting::reminders::pending`])
//! it e-mails the department's editors (when mail is on), then records the reminder with
//! its in-app notices. If the SMTP server fails for every recipient, the failure is logged
//! as a warning and the reminder stays unrecorded, so the next run retries it (no in-app
//! notice either, so the retry does not duplicate it). Runs are serialised in the process,
//! so the scheduler and the endpoint never send the same reminder twice.

use std::sync::Arc;
use std::time::Duration;

use serde::Serialize;
use tokio::sync::Mutex;
use utoipa::ToSchema;

use crate::config::Settings;
use crate::mail::{Mailer, OutgoingMail};
use crate::store::reporting::reminders::{self, PendingReminder, ReminderKind};
use crate::store::reporting::{german_date, last_day};
use crate::store::{self, Db, StoreResult};

/// One department's reminder handled by a run.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ReminderDepartment {
    pub round_id: i32,
    pub department_id: i32,
    pub department_name: String,
    /// `before_deadline` or `after_deadline`.
    pub kind: String,
    /// Measures the department still owes.
    pub measures: u32,
    pub notifications_created: u32,
    pub emails_sent: u32,
    /// `false`: the mail server failed; nothing was recorded and the next run retries.
    pub sent: bool,
}

/// What a reminder run did.
#[derive(Debug, Clone, Default, Serialize, ToSchema, PartialEq)]
pub struct ReminderRun {
    pub notifications_created: u32,
    pub emails_sent: u32,
    pub departments: Vec<ReminderDepartment>,
}

static RUN_LOCK: Mutex<()> = Mutex::const_new(());

/// Sends the reminders due today and not yet sent, for one round or every open round.
pub async fn run(db: &Db, settings: &Settings, round_id: Option<i32>) -> StoreResult<ReminderRun> {
    let _guard = RUN_LOCK.lock().await;
    let mailer = match Mailer::from_settings(&settings.mail) {
        Ok(mailer) => mailer,
        Err(e) => {
            tracing::warn!(error = %format!("{e:#}"), "mail settings unusable; reminders stay unsent");
            return Ok(ReminderRun::default());
        }
    };
    let pending = reminders::pending(
        db,
        round_id,
        store::today(),
        settings.reminders.days_before_deadline,
    )
    .await?;
    let mut outcome = ReminderRun::default();
    for reminder in pending {
        let mut emails_sent = 0;
        let mut attempted = 0;
        if let Some(mailer) = &mailer {
            for recipient in &reminder.recipients {
                let Some(address) = &recipient.email else {
                    continue;
                };
                attempted += 1;
                let mail = compose(
                    &reminder,
                    &recipient.display_name,
                    address,
                    settings.public_base_url.as_deref(),
                );
                match mailer.send(&mail).await {
                    Ok(()) => emails_sent += 1,
                    Err(e) => tracing::warn!(
                        round_id = reminder.round_id,
                        department_id = reminder.department_id,
                        recipient_user_id = recipient.user_id,
                        error = %format!("{e:#}"),
                        "reminder e-mail not sent"
                    ),
                }
            }
        }
        let mut line = ReminderDepartment {
            round_id: reminder.round_id,
            department_id: reminder.department_id,
            department_name: reminder.department_name.clone(),
            kind: reminder.kind.as_str().to_owned(),
            measures: u32::try_from(reminder.items.len()).unwrap_or(u32::MAX),
            notifications_created: 0,
            emails_sent: 0,
            sent: false,
        };
        if attempted > 0 && emails_sent == 0 {
            tracing::warn!(
                round_id = reminder.round_id,
                department_id = reminder.department_id,
                kind = reminder.kind.as_str(),
                "the mail server accepted no reminder; it will be retried at the next run"
            );
            outcome.departments.push(line);
            continue;
        }
        if let Some(created) = reminders::record(db, &reminder, emails_sent).await? {
            line.notifications_created = created;
            line.emails_sent = emails_sent;
            line.sent = true;
            outcome.notifications_created += created;
            outcome.emails_sent += emails_sent;
            outcome.departments.push(line);
        }
    }
    Ok(outcome)
}

/// The reminder e-mail to one editor (German, Sie-form, plain text).
pub fn compose(
    reminder: &PendingReminder,
    name: &str,
    address: &str,
    public_base_url: Option<&str>,
) -> OutgoingMail {
    let deadline = german_date(reminder.deadline);
    let meeting = format!(
        "{} am {}",
        reminder.meeting_body,
        german_date(reminder.meeting_date)
    );
    let (subject, intro) = match reminder.kind {
        ReminderKind::BeforeDeadline => (
            format!(
                "Erinnerung: Berichtsrunde „{}“ – Antworten bis {deadline}",
                reminder.round_title
            ),
            format!(
                "in der Berichtsrunde „{}“ zur Sitzung {meeting} sind für {} noch die folgenden \
                 Maßnahmen zu beantworten. Bitte tragen Sie den Sachstand bis zum {deadline} ein \
                 und reichen Sie ihn ein.",
                reminder.round_title, reminder.department_name
            ),
        ),
        ReminderKind::AfterDeadline => {
            let grace = if reminder.grace_days > 0 {
                format!(
                    " und die Nachfrist am {}",
                    german_date(last_day(reminder.deadline, reminder.grace_days))
                )
            } else {
                String::new()
            };
            (
                format!(
                    "Überfällig: Berichtsrunde „{}“ – Antworten fehlen",
                    reminder.round_title
                ),
                format!(
                    "in der Berichtsrunde „{}“ zur Sitzung {meeting} fehlen noch die Antworten \
                     von {} zu den folgenden Maßnahmen. Die Frist ist am {deadline}{grace} \
                     abgelaufen. Bitte reichen Sie Ihre Antworten umgehend ein.",
                    reminder.round_title, reminder.department_name
                ),
            )
        }
    };
    let mut body = format!("Guten Tag {name},\n\n{intro}\n\n");
    for item in &reminder.items {
        body.push_str(&format!("- {} {}\n", item.measure_code, item.measure_title));
        if let Some(base) = public_base_url {
            body.push_str(&format!(
                "  {base}/berichtsrunden/antwort/{}\n",
                item.item_id
            ));
        }
    }
    body.push_str(
        "\nMit freundlichen Grüßen\nIhr Kurs-System der Digitalisierungsstrategie\n\n\
         Diese Nachricht wurde automatisch versandt. Bitte antworten Sie nicht darauf.\n",
    );
    OutgoingMail {
        to_name: name.to_owned(),
        to_address: address.to_owned(),
        subject,
        body,
    }
}

/// Starts the background check (every `check_interval_minutes`, the first one interval
/// after the start; `0` starts nothing). Errors are logged and the next run tries again.
pub fn spawn_scheduler(db: Db, settings: Arc<Settings>) {
    let minutes = settings.reminders.check_interval_minutes;
    if minutes == 0 {
        return;
    }
    let period = Duration::from_secs(minutes * 60);
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match run(&db, &settings, None).await {
                Ok(outcome) if !outcome.departments.is_empty() => tracing::info!(
                    notifications = outcome.notifications_created,
                    emails = outcome.emails_sent,
                    departments = outcome.departments.len(),
                    "reporting reminders sent"
                ),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "the reminder check failed"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::reporting::reminders::OwedItem;
    use chrono::NaiveDate;

    fn reminder(kind: ReminderKind) -> PendingReminder {
        PendingReminder {
            round_id: 1,
            round_title: "Sachstand Q2".into(),
            meeting_body: "Digitalausschuss".into(),
            meeting_date: NaiveDate::from_ymd_opt(2026, 6, 30).expect("date"),
            deadline: NaiveDate::from_ymd_opt(2026, 6, 10).expect("date"),
            grace_days: 2,
            department_id: 3,
            department_name: "Fachbereich Bürgerservice".into(),
            kind,
            items: vec![OwedItem {
                item_id: 42,
                measure_code: "M 1.2".into(),
                measure_title: "E-Akte".into(),
            }],
            recipients: Vec::new(),
        }
    }

    #[test]
    fn reminder_mails_name_round_measures_and_links() {
        let mail = compose(
            &reminder(ReminderKind::BeforeDeadline),
            "Frau Test",
            "test@example.de",
            Some("https://kurs.example.de"),
        );
        assert!(mail.subject.contains("Sachstand Q2"));
        assert!(mail.subject.contains("10.06.2026"));
        assert!(mail.body.starts_with("Guten Tag Frau Test,"));
        assert!(mail.body.contains("- M 1.2 E-Akte"));
        assert!(
            mail.body
                .contains("https://kurs.example.de/berichtsrunden/antwort/42")
        );
        let late = compose(
            &reminder(ReminderKind::AfterDeadline),
            "Frau Test",
            "test@example.de",
            None,
        );
        assert!(late.subject.starts_with("Überfällig"));
        assert!(late.body.contains("Nachfrist am 12.06.2026"));
        assert!(!late.body.contains("http"));
    }
}
