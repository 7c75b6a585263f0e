//! Reminders of reporting rounds: which (round, department, kind) reminders are due now —
//! before the deadline (`days_before_deadline` days ahead until the deadline) and after it
//! (once the deadline plus the grace days has passed) for departments that still owe
//! answers — and recording one as sent: the `reminder_log` row (unique per round,
//! department and kind, so each goes once) and the in-app notices, in one transaction.
//! Sending the e-mails is [`crate::reminders`]' job, between [`pending`] and [`record`].

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Duration, NaiveDate, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, TransactionTrait,
};

use super::super::entities::{reminder_log, reporting_round, reporting_round_item};
use super::super::measure_facts::{self, Selection};
use super::super::measures::natural_cmp;
use super::super::{Db, StoreError, StoreResult};
use super::notifications::{self, NotificationKind, Recipient};
use super::rounds::department_names;
use super::{ReportingItemState, ReportingRoundState, german_date, last_day};

/// Which reminder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReminderKind {
    /// Answers are due within the next days.
    BeforeDeadline,
    /// The deadline plus the grace days has passed.
    AfterDeadline,
}

impl ReminderKind {
    /// The value stored in `reminder_log.kind` and returned by the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BeforeDeadline => "before_deadline",
            Self::AfterDeadline => "after_deadline",
        }
    }

    fn notification_kind(self) -> NotificationKind {
        match self {
            Self::BeforeDeadline => NotificationKind::ReminderBeforeDeadline,
            Self::AfterDeadline => NotificationKind::ReminderOverdue,
        }
    }
}

/// A measure still owed, as a reminder lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwedItem {
    pub item_id: i32,
    pub measure_code: String,
    pub measure_title: String,
}

/// A reminder that is due and has not been sent.
#[derive(Debug, Clone)]
pub struct PendingReminder {
    pub round_id: i32,
    pub round_title: String,
    pub meeting_body: String,
    pub meeting_date: NaiveDate,
    pub deadline: NaiveDate,
    pub grace_days: i32,
    pub department_id: i32,
    pub department_name: String,
    pub kind: ReminderKind,
    /// The measures the department still owes, by code.
    pub items: Vec<OwedItem>,
    /// The department's active editors.
    pub recipients: Vec<Recipient>,
}

impl PendingReminder {
    /// The in-app notice (German).
    pub fn message(&self) -> String {
        let codes = self
            .items
            .iter()
            .map(|i| i.measure_code.as_str())
            .collect::<Vec<_>>()
            .join(", ");
        let n = self.items.len();
        let measures = if n == 1 { "Maßnahme" } else { "Maßnahmen" };
        match self.kind {
            ReminderKind::BeforeDeadline => format!(
                "Erinnerung: In der Berichtsrunde „{}“ {} noch {n} {measures} Ihres Fachbereichs bis zum {} zu beantworten ({codes}).",
                self.round_title,
                if n == 1 { "ist" } else { "sind" },
                german_date(self.deadline),
            ),
            ReminderKind::AfterDeadline => format!(
                "Überfällig: In der Berichtsrunde „{}“ fehlen noch die Antworten Ihres Fachbereichs zu {n} {measures} (Frist {}, Nachfrist abgelaufen: {codes}).",
                self.round_title,
                german_date(self.deadline),
            ),
        }
    }
}

/// The reminder kind due for a round today, if any.
pub fn kind_due(
    deadline: NaiveDate,
    grace_days: i32,
    days_before_deadline: i64,
    today: NaiveDate,
) -> Option<ReminderKind> {
    if today > last_day(deadline, grace_days) {
        Some(ReminderKind::AfterDeadline)
    } else if today <= deadline && today >= deadline - Duration::days(days_before_deadline) {
        Some(ReminderKind::BeforeDeadline)
    } else {
        None
    }
}

/// The reminders due `today` and not yet sent, for one round or every open round.
pub async fn pending(
    db: &Db,
    round_id: Option<i32>,
    today: NaiveDate,
    days_before_deadline: i64,
) -> StoreResult<Vec<PendingReminder>> {
    let mut query = reporting_round::Entity::find()
        .filter(reporting_round::Column::State.eq(ReportingRoundState::Open.as_str()));
    if let Some(id) = round_id {
        query = query.filter(reporting_round::Column::Id.eq(id));
    }
    let rounds: Vec<(reporting_round::Model, ReminderKind)> = query
        .all(db)
        .await?
        .into_iter()
        .filter_map(|r| {
            kind_due(r.deadline, r.grace_days, days_before_deadline, today).map(|k| (r, k))
        })
        .collect();
    if rounds.is_empty() {
        return Ok(Vec::new());
    }
    let round_ids: Vec<i32> = rounds.iter().map(|(r, _)| r.id).collect();
    let sent: HashSet<(i32, i32, String)> = reminder_log::Entity::find()
        .filter(reminder_log::Column::RoundId.is_in(round_ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.round_id, l.department_id, l.kind))
        .collect();
    let owed = reporting_round_item::Entity::find()
        .filter(reporting_round_item::Column::RoundId.is_in(round_ids))
        .filter(reporting_round_item::Column::State.is_in([
            ReportingItemState::Due.as_str(),
            ReportingItemState::Returned.as_str(),
        ]))
        .all(db)
        .await?;
    let mut measure_ids: Vec<i32> = owed.iter().map(|i| i.measure_id).collect();
    measure_ids.sort_unstable();
    measure_ids.dedup();
    let measures: HashMap<i32, (String, String)> =
        measure_facts::load(db, Selection::Ids(&measure_ids))
            .await?
            .into_iter()
            .map(|f| (f.id, (f.code, f.title)))
            .collect();
    let mut groups: BTreeMap<(i32, i32), Vec<OwedItem>> = BTreeMap::new();
    for item in owed {
        let (code, title) = measures.get(&item.measure_id).cloned().unwrap_or_default();
        groups
            .entry((item.round_id, item.department_id))
            .or_default()
            .push(OwedItem {
                item_id: item.id,
                measure_code: code,
                measure_title: title,
            });
    }
    let mut department_ids: Vec<i32> = groups.keys().map(|(_, d)| *d).collect();
    department_ids.sort_unstable();
    department_ids.dedup();
    let names = department_names(db, &department_ids).await?;
    let editors = notifications::department_editors(db, &department_ids).await?;
    let rounds: HashMap<i32, (reporting_round::Model, ReminderKind)> =
        rounds.into_iter().map(|(r, k)| (r.id, (r, k))).collect();
    let mut result = Vec::new();
    for ((round_id, department_id), mut items) in groups {
        let Some((round, kind)) = rounds.get(&round_id) else {
            continue;
        };
        if sent.contains(&(round_id, department_id, kind.as_str().to_owned())) {
            continue;
        }
        items.sort_by(|a, b| natural_cmp(&a.measure_code, &b.measure_code));
        result.push(PendingReminder {
            round_id,
            round_title: round.title.clone(),
            meeting_body: round.meeting_body.clone(),
            meeting_date: round.meeting_date,
            deadline: round.deadline,
            grace_days: round.grace_days,
            department_id,
            department_name: names.get(&department_id).cloned().unwrap_or_default(),
            kind: *kind,
            items,
            recipients: editors.get(&department_id).cloned().unwrap_or_default(),
        });
    }
    Ok(result)
}

/// Records a reminder as sent: the log row and one in-app notice per recipient, in one
/// transaction. Returns the number of notices written, or `None` if the reminder had been
/// recorded meanwhile (then nothing is written).
pub async fn record(
    db: &Db,
    reminder: &PendingReminder,
    emails_sent: u32,
) -> StoreResult<Option<u32>> {
    let txn = db.begin().await?;
    let inserted = reminder_log::Entity::insert(reminder_log::ActiveModel {
        round_id: Set(reminder.round_id),
        department_id: Set(reminder.department_id),
        kind: Set(reminder.kind.as_str().to_owned()),
        sent_at: Set(Utc::now()),
        recipients: Set(i32::try_from(reminder.recipients.len()).unwrap_or(i32::MAX)),
        emails_sent: Set(i32::try_from(emails_sent).unwrap_or(i32::MAX)),
        ..Default::default()
    })
    .exec(&txn)
    .await;
    match inserted.map_err(StoreError::from) {
        Ok(_) => {}
        Err(StoreError::Conflict { .. }) => {
            txn.rollback().await?;
            return Ok(None);
        }
        Err(e) => return Err(e),
    }
    let recipients: Vec<i32> = reminder.recipients.iter().map(|r| r.user_id).collect();
    let created = notify_reminder(&txn, reminder, &recipients).await?;
    crate::store::commit(txn).await?;
    Ok(Some(created))
}

async fn notify_reminder<C: ConnectionTrait>(
    conn: &C,
    reminder: &PendingReminder,
    recipients: &[i32],
) -> StoreResult<u32> {
    notifications::notify(
        conn,
        recipients,
        reminder.kind.notification_kind(),
        &reminder.message(),
        Some(reminder.round_id),
        None,
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn reminders_are_due_before_the_deadline_and_after_the_grace_period() {
        let deadline = date(2026, 5, 20);
        assert_eq!(kind_due(deadline, 2, 3, date(2026, 5, 16)), None);
        assert_eq!(
            kind_due(deadline, 2, 3, date(2026, 5, 17)),
            Some(ReminderKind::BeforeDeadline)
        );
        assert_eq!(
            kind_due(deadline, 2, 3, date(2026, 5, 20)),
            Some(ReminderKind::BeforeDeadline)
        );
        // During the grace days: nothing.
        assert_eq!(kind_due(deadline, 2, 3, date(2026, 5, 22)), None);
        assert_eq!(
            kind_due(deadline, 2, 3, date(2026, 5, 23)),
            Some(ReminderKind::AfterDeadline)
        );
    }
}
