//! Frozen reports (Sachstandsberichte): freezing a reporting round into an immutable report,
//! reading reports, their changes since the previous report, withdrawing one with a
//! reason, and the cache of rendered exports.
//!
//! **Immutability.** [`freeze`] builds the content in one transaction (REPEATABLE READ on
//! PostgreSQL, so every query sees the same snapshot; SQLite serialises on its single
//! connection), serializes it once to canonical JSON (compact `serde_json`, fields in struct
//! order) and stores those bytes with their SHA-256 (`content_hash`). There is no function
//! that updates `content`, `content_hash`, the meeting or `frozen_*`: [`withdraw`] writes
//! only the withdrawal columns (and the version), once. Rendered exports are derived from
//! the stored bytes and cached in `report_exports`.
//!
//! **Previous report.** At freeze time, the latest non-withdrawn report frozen before this
//! one is stored as `previous_report_id`; the change list always compares with it (shown
//! with its withdrawal, should it be withdrawn later), so a report's changes never move.

pub mod content;

use chrono::{DateTime, NaiveDate, SubsecRound, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    IsolationLevel, Iterable, QueryFilter, QueryOrder, QuerySelect, TransactionTrait,
};
use serde::Serialize;
use utoipa::ToSchema;

use super::audit::{self, Action};
use super::entities::{report, report_export, reporting_round};
use super::{Actor, Db, StoreError, StoreResult};
use crate::domain::report::{ReportContent, ReportMeeting, content_hash};
use crate::domain::report_diff::{self, MeasureChanges};
use crate::domain::traffic_light::LightRules;
pub use content::FreezeContext;

/// Round states.
const ROUND_OPEN: &str = "open";
const ROUND_FROZEN: &str = "frozen";

/// A withdrawal: when, by whom, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReportWithdrawal {
    pub at: DateTime<Utc>,
    pub by_name: String,
    pub reason: String,
}

/// A frozen report without its content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ReportSummary {
    pub id: i32,
    pub round_id: i32,
    pub title: String,
    pub meeting: ReportMeeting,
    pub frozen_at: DateTime<Utc>,
    pub frozen_by_name: String,
    /// SHA-256 (hex) of the stored content bytes (`GET /reports/{id}/export/json`).
    pub content_hash: String,
    /// The latest non-withdrawn report frozen before this one, when this was frozen.
    pub previous_report_id: Option<i32>,
    /// `null` unless the report was withdrawn.
    pub withdrawn: Option<ReportWithdrawal>,
    /// Changes only once, when the report is withdrawn.
    pub version: i32,
}

impl From<&report::Model> for ReportSummary {
    fn from(r: &report::Model) -> Self {
        Self {
            id: r.id,
            round_id: r.round_id,
            title: r.title.clone(),
            meeting: ReportMeeting {
                body: r.meeting_body.clone(),
                date: r.meeting_date,
                vorlage_number: r.vorlage_number.clone(),
            },
            frozen_at: r.frozen_at,
            frozen_by_name: r.frozen_by_name.clone(),
            content_hash: r.content_hash.clone(),
            previous_report_id: r.previous_report_id,
            withdrawn: r.withdrawn_at.map(|at| ReportWithdrawal {
                at,
                by_name: r.withdrawn_by_name.clone().unwrap_or_default(),
                reason: r.withdrawal_reason.clone().unwrap_or_default(),
            }),
            version: r.version,
        }
    }
}

/// A report with its content.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReportDetail {
    #[serde(flatten)]
    pub summary: ReportSummary,
    pub content: ReportContent,
}

/// The changes since the previous report.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct ReportChanges {
    /// `null` for the first report.
    pub previous_report: Option<ReportSummary>,
    #[serde(flatten)]
    pub changes: MeasureChanges,
}

/// A stored report: its row and parsed content.
#[derive(Debug, Clone)]
pub struct StoredReport {
    pub summary: ReportSummary,
    /// The stored bytes, exactly as hashed.
    pub bytes: Vec<u8>,
    pub content: ReportContent,
}

fn corrupt(err: impl std::fmt::Display) -> StoreError {
    StoreError::Database(sea_orm::DbErr::Custom(format!(
        "stored report content cannot be read: {err}"
    )))
}

fn parse(row: report::Model) -> StoreResult<StoredReport> {
    let content: ReportContent = serde_json::from_str(&row.content).map_err(corrupt)?;
    Ok(StoredReport {
        summary: ReportSummary::from(&row),
        bytes: row.content.into_bytes(),
        content,
    })
}

fn to_json<T: Serialize>(value: &T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_default()
}

/// All reports, the newest meeting first (then the latest freeze first).
pub async fn list(db: &Db) -> StoreResult<Vec<ReportSummary>> {
    Ok(report::Entity::find()
        .order_by_desc(report::Column::MeetingDate)
        .order_by_desc(report::Column::FrozenAt)
        .order_by_desc(report::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(ReportSummary::from)
        .collect())
}

/// One report with its stored bytes and parsed content.
pub async fn get(db: &Db, id: i32) -> StoreResult<StoredReport> {
    let row = report::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    parse(row)
}

/// One report's summary, without reading its content (which may be megabytes).
pub async fn get_summary(db: &Db, id: i32) -> StoreResult<ReportSummary> {
    let row = report::Entity::find_by_id(id)
        .select_only()
        .columns(report::Column::iter().filter(|c| !matches!(c, report::Column::Content)))
        .expr_as(Expr::value(""), "content")
        .into_model::<report::Model>()
        .one(db)
        .await?
        .ok_or(StoreError::NotFound)?;
    Ok(ReportSummary::from(&row))
}

/// One report's content as written at freeze time (not parsed: serving a report sends
/// these bytes as they are). A report's content never changes after freezing.
pub async fn get_stored_content(db: &Db, id: i32) -> StoreResult<String> {
    let content: Option<String> = report::Entity::find_by_id(id)
        .select_only()
        .column(report::Column::Content)
        .into_tuple()
        .one(db)
        .await?;
    content.ok_or(StoreError::NotFound)
}

/// The report's changes since its previous report (see the module documentation), and the
/// previous report itself.
pub async fn changes(
    db: &Db,
    report: &StoredReport,
) -> StoreResult<(ReportChanges, Option<StoredReport>)> {
    let previous = match report.summary.previous_report_id {
        Some(id) => Some(get(db, id).await?),
        None => None,
    };
    let changes = match &previous {
        Some(p) => report_diff::diff(&p.content, &report.content),
        None => MeasureChanges::default(),
    };
    Ok((
        ReportChanges {
            previous_report: previous.as_ref().map(|p| p.summary.clone()),
            changes,
        },
        previous,
    ))
}

/// Starts the freeze transaction: REPEATABLE READ on PostgreSQL, so that every query of
/// the content sees one snapshot.
async fn begin_snapshot(db: &Db) -> StoreResult<DatabaseTransaction> {
    Ok(match db.get_database_backend() {
        DbBackend::Postgres => {
            db.begin_with_config(Some(IsolationLevel::RepeatableRead), None)
                .await?
        }
        _ => db.begin().await?,
    })
}

/// What to freeze and how.
pub struct Freeze<'a> {
    pub round_id: i32,
    /// The round version the caller last read (`If-Match`); `None` for the demo loader.
    pub expected_version: Option<i32>,
    /// The report's title; `None`: "Sachstandsbericht zur Sitzung …".
    pub title: Option<String>,
    pub rules: &'a LightRules,
    /// The moment of freezing (whole seconds are kept).
    pub at: DateTime<Utc>,
    /// The town-hall day lights and overdue items are computed for.
    pub today: NaiveDate,
}

/// The default title of a round's report.
pub fn default_title(round: &reporting_round::Model) -> String {
    format!(
        "Sachstandsbericht zur Sitzung {} am {}",
        round.meeting_body,
        round.meeting_date.format("%d.%m.%Y")
    )
}

/// Freezes an open round into a report, on its own transaction.
pub async fn freeze(db: &Db, freeze: Freeze<'_>, actor: &Actor) -> StoreResult<ReportSummary> {
    let txn = begin_snapshot(db).await?;
    let summary = freeze_on(&txn, freeze, actor).await?;
    crate::store::commit(txn).await?;
    Ok(summary)
}

/// Freezes an open round on the caller's transaction (the demo loader freezes its history
/// inside its own transaction): checks state and version, builds and stores the content,
/// sets the round `frozen`, writes the audit entries.
pub async fn freeze_on<C: ConnectionTrait>(
    conn: &C,
    freeze: Freeze<'_>,
    actor: &Actor,
) -> StoreResult<ReportSummary> {
    let round = reporting_round::Entity::find_by_id(freeze.round_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if round.state != ROUND_OPEN {
        return Err(StoreError::Conflict {
            field: "state",
            message: "the round is already frozen into a report".into(),
        });
    }
    if let Some(expected) = freeze.expected_version
        && expected != round.version
    {
        return Err(StoreError::VersionMismatch {
            current_version: round.version,
        });
    }
    let frozen_at = freeze.at.trunc_subsecs(0);
    let title = freeze
        .title
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| default_title(&round));
    let content = content::build(
        conn,
        &round,
        &FreezeContext {
            title: title.clone(),
            frozen_at,
            frozen_by_name: &actor.name,
            today: freeze.today,
            rules: freeze.rules,
        },
    )
    .await?;
    let bytes = serde_json::to_vec(&content)
        .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(e.to_string())))?;
    let hash = content_hash(&bytes);
    let text = String::from_utf8(bytes)
        .map_err(|e| StoreError::Database(sea_orm::DbErr::Custom(e.to_string())))?;

    let previous = report::Entity::find()
        .filter(report::Column::WithdrawnAt.is_null())
        .filter(report::Column::FrozenAt.lte(frozen_at))
        .order_by_desc(report::Column::FrozenAt)
        .order_by_desc(report::Column::Id)
        .one(conn)
        .await?;

    let row = report::Entity::insert(report::ActiveModel {
        round_id: Set(round.id),
        title: Set(title),
        meeting_body: Set(round.meeting_body.clone()),
        meeting_date: Set(round.meeting_date),
        vorlage_number: Set(round.vorlage_number.clone()),
        previous_report_id: Set(previous.map(|p| p.id)),
        frozen_at: Set(frozen_at),
        frozen_by_id: Set(actor.user_id),
        frozen_by_name: Set(actor.name.clone()),
        content: Set(text),
        content_hash: Set(hash),
        withdrawn_at: Set(None),
        withdrawn_by_id: Set(None),
        withdrawn_by_name: Set(None),
        withdrawal_reason: Set(None),
        version: Set(1),
        ..Default::default()
    })
    .exec_with_returning(conn)
    .await?;

    set_round_state(conn, &round, ROUND_FROZEN, frozen_at, actor).await?;
    let summary = ReportSummary::from(&row);
    audit::record(
        conn,
        actor,
        "report",
        Some(row.id),
        Action::Create,
        None,
        Some(&to_json(&summary)),
    )
    .await?;
    Ok(summary)
}

/// Moves the round to `state` (compare-and-set on its version) and audits it.
async fn set_round_state<C: ConnectionTrait>(
    conn: &C,
    round: &reporting_round::Model,
    state: &str,
    at: DateTime<Utc>,
    actor: &Actor,
) -> StoreResult<()> {
    let result = reporting_round::Entity::update_many()
        .col_expr(reporting_round::Column::State, Expr::value(state))
        .col_expr(
            reporting_round::Column::Version,
            Expr::value(round.version + 1),
        )
        .col_expr(reporting_round::Column::UpdatedAt, Expr::value(at))
        .filter(reporting_round::Column::Id.eq(round.id))
        .filter(reporting_round::Column::Version.eq(round.version))
        .exec(conn)
        .await?;
    if result.rows_affected == 0 {
        let current = reporting_round::Entity::find_by_id(round.id)
            .one(conn)
            .await?
            .ok_or(StoreError::NotFound)?;
        return Err(StoreError::VersionMismatch {
            current_version: current.version,
        });
    }
    audit::record(
        conn,
        actor,
        "reporting_round",
        Some(round.id),
        Action::Update,
        Some(&serde_json::json!({ "state": round.state, "version": round.version })),
        Some(&serde_json::json!({ "state": state, "version": round.version + 1 })),
    )
    .await
}

/// Withdraws a report with a reason (once): writes only the withdrawal columns, and sets
/// its round back to `open` so it can be frozen again.
pub async fn withdraw(
    db: &Db,
    id: i32,
    expected_version: i32,
    reason: &str,
    actor: &Actor,
) -> StoreResult<ReportSummary> {
    let txn = db.begin().await?;
    let row = report::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    if row.withdrawn_at.is_some() {
        return Err(StoreError::Conflict {
            field: "withdrawn",
            message: "the report is already withdrawn".into(),
        });
    }
    if row.version != expected_version {
        return Err(StoreError::VersionMismatch {
            current_version: row.version,
        });
    }
    let before = ReportSummary::from(&row);
    let now = Utc::now().trunc_subsecs(0);
    let result = report::Entity::update_many()
        .col_expr(report::Column::WithdrawnAt, Expr::value(now))
        .col_expr(report::Column::WithdrawnById, Expr::value(actor.user_id))
        .col_expr(
            report::Column::WithdrawnByName,
            Expr::value(actor.name.clone()),
        )
        .col_expr(
            report::Column::WithdrawalReason,
            Expr::value(reason.to_owned()),
        )
        .col_expr(report::Column::Version, Expr::value(row.version + 1))
        .filter(report::Column::Id.eq(id))
        .filter(report::Column::Version.eq(row.version))
        .filter(report::Column::WithdrawnAt.is_null())
        .exec(&txn)
        .await?;
    if result.rows_affected == 0 {
        return Err(StoreError::VersionMismatch {
            current_version: row.version + 1,
        });
    }
    let after_row = report::Entity::find_by_id(id)
        .one(&txn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let after = ReportSummary::from(&after_row);
    if let Some(round) = reporting_round::Entity::find_by_id(row.round_id)
        .one(&txn)
        .await?
        && round.state == ROUND_FROZEN
    {
        set_round_state(&txn, &round, ROUND_OPEN, now, actor).await?;
    }
    audit::record(
        &txn,
        actor,
        "report",
        Some(id),
        Action::Update,
        Some(&to_json(&before)),
        Some(&to_json(&after)),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(after)
}

/// A published report in the public list: no names of people.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct PublicReportSummary {
    pub id: i32,
    pub title: String,
    pub meeting: ReportMeeting,
    pub frozen_at: DateTime<Utc>,
    /// SHA-256 of the full (internal) content.
    pub content_hash: String,
    /// The previous report, unless it was withdrawn since.
    pub previous_report_id: Option<i32>,
}

/// A published report: the public projection of its content and the changes since the
/// previous report restricted to published measures.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct PublicReport {
    #[serde(flatten)]
    pub summary: PublicReportSummary,
    pub content: crate::domain::report::PublicReportContent,
    pub changes: MeasureChanges,
}

fn public_summary(
    r: &report::Model,
    withdrawn: &std::collections::HashSet<i32>,
) -> PublicReportSummary {
    PublicReportSummary {
        id: r.id,
        title: r.title.clone(),
        meeting: ReportMeeting {
            body: r.meeting_body.clone(),
            date: r.meeting_date,
            vorlage_number: r.vorlage_number.clone(),
        },
        frozen_at: r.frozen_at,
        content_hash: r.content_hash.clone(),
        previous_report_id: r.previous_report_id.filter(|p| !withdrawn.contains(p)),
    }
}

async fn withdrawn_ids(db: &Db) -> StoreResult<std::collections::HashSet<i32>> {
    use sea_orm::QuerySelect;
    Ok(report::Entity::find()
        .select_only()
        .column(report::Column::Id)
        .filter(report::Column::WithdrawnAt.is_not_null())
        .into_tuple::<i32>()
        .all(db)
        .await?
        .into_iter()
        .collect())
}

/// The published (non-withdrawn) reports, the newest meeting first.
pub async fn list_public(db: &Db) -> StoreResult<Vec<PublicReportSummary>> {
    let withdrawn = withdrawn_ids(db).await?;
    Ok(report::Entity::find()
        .filter(report::Column::WithdrawnAt.is_null())
        .order_by_desc(report::Column::MeetingDate)
        .order_by_desc(report::Column::FrozenAt)
        .order_by_desc(report::Column::Id)
        .all(db)
        .await?
        .iter()
        .map(|r| public_summary(r, &withdrawn))
        .collect())
}

/// A published report (`NotFound` for withdrawn ones) with its stored data, for the
/// public projection and the public PDF.
pub async fn get_published(db: &Db, id: i32) -> StoreResult<StoredReport> {
    let stored = get(db, id).await?;
    if stored.summary.withdrawn.is_some() {
        return Err(StoreError::NotFound);
    }
    Ok(stored)
}

/// The public view of a published report.
pub async fn public_report(db: &Db, id: i32) -> StoreResult<PublicReport> {
    let row = report::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|r| r.withdrawn_at.is_none())
        .ok_or(StoreError::NotFound)?;
    let withdrawn = withdrawn_ids(db).await?;
    let summary = public_summary(&row, &withdrawn);
    let stored = parse(row)?;
    let (changes, previous) = changes(db, &stored).await?;
    Ok(PublicReport {
        summary,
        content: crate::domain::report::PublicReportContent::from(&stored.content),
        changes: report_diff::public_changes(
            &changes.changes,
            &stored.content,
            previous.as_ref().map(|p| &p.content),
        ),
    })
}

/// A cached rendering of a report (`variant` e.g. `pdf:internal`), if any.
pub async fn cached_export(db: &Db, id: i32, variant: &str) -> StoreResult<Option<Vec<u8>>> {
    Ok(report_export::Entity::find_by_id((id, variant.to_owned()))
        .one(db)
        .await?
        .map(|e| e.content))
}

/// Caches a rendering. Two concurrent renderings of the same report yield the same bytes,
/// so a row that is already there is kept.
pub async fn store_export(db: &Db, id: i32, variant: &str, bytes: &[u8]) -> StoreResult<()> {
    let insert = report_export::Entity::insert(report_export::ActiveModel {
        report_id: Set(id),
        variant: Set(variant.to_owned()),
        content: Set(bytes.to_vec()),
        generated_at: Set(Utc::now()),
    })
    .on_conflict_do_nothing()
    .exec(db)
    .await;
    insert?;
    Ok(())
}
