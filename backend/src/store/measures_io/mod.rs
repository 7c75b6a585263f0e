//! Export and import of measures as spreadsheets (CSV and XLSX).
//!
//! - Export: the measures a caller may see, one row each, German column headers
//!   ([`columns::Field::header`]); CSV for German Excel (UTF-8 with BOM, `;`, dates
//!   `dd.mm.yyyy`, decimal comma), XLSX with date and number cells.
//! - Import: [`sheet::read`] turns a file into cells, [`plan::plan`] compares every row
//!   with the stored measures (matched by Kennung) and collects every problem by row and
//!   column; [`apply`] writes all planned rows in one transaction through the same store
//!   functions as the API (so each row gets its version bump, status update and audit
//!   entry), plus one `measure_import` audit entry for the file. A row that the store
//!   still refuses rolls everything back.

pub mod columns;
pub mod plan;
pub mod sheet;

use std::collections::HashMap;

use sea_orm::{EntityTrait, TransactionTrait};
use serde::Serialize;
use utoipa::ToSchema;

use self::columns::Field;
use self::plan::{Action, CurrentMeasure, Lookups, Named, PlannedRow};
use self::sheet::{OutColumn, OutValue};
use super::audit::{self, Action as AuditAction};
use super::entities::{department, goal, measure, status};
use super::measure_facts::{self, Selection};
use super::measures::{self, MeasureError, natural_cmp};
use super::{Actor, Db, StoreError, StoreResult};
use crate::domain::access::MeasureScope;
use crate::domain::measure::{Priority, Visibility};
use crate::domain::traffic_light::{LightRules, TrafficLight};

/// A problem or remark about one place of the file.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ImportIssue {
    /// Row number as the spreadsheet shows it (the header row is 1).
    pub row: u32,
    /// The column's header as written in the file (absent for whole-row problems).
    pub column: Option<String>,
    /// The cell reference such as `F7` (XLSX only).
    pub cell: Option<String>,
    /// Stable code: `required`, `required_column`, `duplicate_column`, `unknown_column`,
    /// `invalid`, `invalid_date`, `invalid_number`, `out_of_range`, `too_long`, `unknown`,
    /// `inactive`, `duplicate`, `archived`, `before_start`, `cell_error`, `conflict`.
    pub code: String,
    /// Explanation in German (the language of the sheet).
    pub message: String,
}

/// A measure the import creates.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct CreatedRow {
    pub row: u32,
    /// The code it gets (the next free one when the row had none).
    pub code: String,
    pub title: String,
}

/// One changed value.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct FieldChange {
    /// The measure's API field, e.g. `planned_end`.
    pub field: String,
    /// The column's header as written in the file.
    pub column: String,
    /// The stored value, formatted as the export writes it (`null` = empty).
    pub from: Option<String>,
    /// The value from the file, formatted the same way (`null` = empty).
    pub to: Option<String>,
}

/// A measure the import changes.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct UpdatedRow {
    pub row: u32,
    pub code: String,
    pub changes: Vec<FieldChange>,
}

/// What an import does (dry run) or did.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ImportReport {
    /// Whether this was only a check.
    pub dry_run: bool,
    /// Whether the changes were written (never with errors or on a dry run).
    pub applied: bool,
    /// `csv` or `xlsx`: how the file was read.
    pub format: String,
    /// Number of data rows read (blank rows are skipped).
    pub rows: u32,
    pub created: Vec<CreatedRow>,
    pub updated: Vec<UpdatedRow>,
    /// Rows that match their stored measure exactly.
    pub unchanged: u32,
    /// Any error means nothing is written.
    pub errors: Vec<ImportIssue>,
    /// Remarks that do not stop the import (e.g. unknown columns).
    pub warnings: Vec<ImportIssue>,
}

/// The file type of an export.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Xlsx,
}

fn priority_of(value: &str) -> Priority {
    Priority::parse(value).unwrap_or(Priority::Medium)
}

/// Everything an import refers to, in a fixed number of queries.
pub async fn load_lookups(db: &Db) -> StoreResult<Lookups> {
    let rows = measure::Entity::find().all(db).await?;
    let ids: Vec<i32> = rows.iter().map(|m| m.id).collect();
    let facts: HashMap<i32, measure_facts::MeasureFacts> =
        measure_facts::load(db, Selection::Ids(&ids))
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
    let measures = rows
        .into_iter()
        .map(|m| {
            let f = facts.get(&m.id);
            CurrentMeasure {
                id: m.id,
                code: m.code,
                title: m.title,
                description: m.description,
                goal_ids: f.map(|f| f.goal_ids.clone()).unwrap_or_default(),
                lead_department_id: m.lead_department_id,
                participating_department_ids: f
                    .map(|f| f.participating_department_ids.clone())
                    .unwrap_or_default(),
                status_id: m.status_id,
                progress: m.progress,
                planned_start: m.planned_start,
                planned_end: m.planned_end,
                actual_start: m.actual_start,
                actual_end: m.actual_end,
                priority: priority_of(&m.priority),
                weight: m.weight,
                budget_planned_cents: m.budget_planned_cents,
                budget_spent_cents: m.budget_spent_cents,
                visibility: Visibility::parse(&m.visibility).unwrap_or(Visibility::Draft),
                contact_name: m.contact_name,
                contact_email: m.contact_email,
                archived: m.archived,
                version: m.version,
            }
        })
        .collect();
    let departments = department::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|d| Named {
            id: d.id,
            code: d.code,
            name: d.name,
            active: true,
            default_progress: None,
        })
        .collect();
    let goals = goal::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|g| Named {
            id: g.id,
            code: g.code,
            name: g.title,
            active: true,
            default_progress: None,
        })
        .collect();
    let mut statuses = status::Entity::find().all(db).await?;
    statuses.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| a.code.cmp(&b.code))
    });
    let statuses = statuses
        .into_iter()
        .map(|s| Named {
            id: s.id,
            code: s.code,
            name: s.label,
            active: s.active,
            default_progress: s.default_progress,
        })
        .collect();
    Ok(Lookups {
        measures,
        departments,
        goals,
        statuses,
    })
}

fn light_name(light: Option<TrafficLight>) -> &'static str {
    match light {
        Some(TrafficLight::Green) => "grün",
        Some(TrafficLight::Yellow) => "gelb",
        Some(TrafficLight::Red) => "rot",
        Some(TrafficLight::Pending) => "ausstehend",
        None => "",
    }
}

fn text(value: impl Into<String>) -> OutValue {
    let value = value.into();
    if value.is_empty() {
        OutValue::Empty
    } else {
        OutValue::Text(value)
    }
}

/// The export's columns.
pub fn export_columns() -> Vec<OutColumn> {
    Field::ALL
        .into_iter()
        .map(|f| OutColumn {
            header: f.header(),
            width: f.width(),
        })
        .collect()
}

/// The rows of the export: every measure that is not archived and that `visible`
/// admits, by code.
pub async fn export_rows(
    db: &Db,
    rules: &LightRules,
    visible: impl Fn(&MeasureScope<'_>) -> bool,
) -> StoreResult<Vec<Vec<OutValue>>> {
    let lookups = load_lookups(db).await?;
    let facts: HashMap<i32, measure_facts::MeasureFacts> =
        measure_facts::load(db, Selection::AllActive)
            .await?
            .into_iter()
            .map(|f| (f.id, f))
            .collect();
    let today = super::today();
    let mut measures: Vec<&CurrentMeasure> = lookups
        .measures
        .iter()
        .filter(|m| !m.archived)
        .filter(|m| {
            visible(&MeasureScope {
                visibility: m.visibility,
                lead_department_id: m.lead_department_id,
                participating_department_ids: &m.participating_department_ids,
            })
        })
        .collect();
    measures.sort_by(|a, b| natural_cmp(&a.code, &b.code).then_with(|| a.id.cmp(&b.id)));
    let date = |d: Option<chrono::NaiveDate>| d.map_or(OutValue::Empty, OutValue::Date);
    let cents = |c: Option<i64>| c.map_or(OutValue::Empty, OutValue::Cents);
    Ok(measures
        .into_iter()
        .map(|m| {
            let f = facts.get(&m.id);
            let light = f.map(|f| f.evaluate(rules, today).light);
            Field::ALL
                .into_iter()
                .map(|field| match field {
                    Field::Code => text(&m.code),
                    Field::Title => text(&m.title),
                    Field::Description => text(&m.description),
                    Field::Goals => text(lookups.goal_list(&m.goal_ids)),
                    Field::Lead => text(lookups.department_code(m.lead_department_id)),
                    Field::Participating => {
                        text(lookups.department_list(&m.participating_department_ids))
                    }
                    Field::Status => text(lookups.status_label(m.status_id)),
                    Field::Progress => OutValue::Integer(i64::from(m.progress)),
                    Field::PlannedStart => date(m.planned_start),
                    Field::PlannedEnd => date(m.planned_end),
                    Field::ActualStart => date(m.actual_start),
                    Field::ActualEnd => date(m.actual_end),
                    Field::Priority => text(plan::priority_name(m.priority)),
                    Field::Weight => OutValue::Integer(i64::from(m.weight)),
                    Field::BudgetPlanned => cents(m.budget_planned_cents),
                    Field::BudgetSpent => cents(m.budget_spent_cents),
                    Field::Visibility => text(plan::visibility_name(m.visibility)),
                    Field::ContactName => text(m.contact_name.clone().unwrap_or_default()),
                    Field::ContactEmail => text(m.contact_email.clone().unwrap_or_default()),
                    Field::Light => text(light_name(light.flatten())),
                    Field::LastUpdate => date(f.and_then(|f| f.last_update_date)),
                })
                .collect()
        })
        .collect())
}

/// Renders export rows as a file.
pub fn render(format: ExportFormat, rows: &[Vec<OutValue>]) -> Result<Vec<u8>, String> {
    let columns = export_columns();
    match format {
        ExportFormat::Csv => sheet::write_csv(&columns, rows),
        ExportFormat::Xlsx => sheet::write_xlsx("Maßnahmen", &columns, rows),
    }
}

/// Why applying a plan failed.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The store refused rows (their problems, by row); nothing was written.
    #[error("rows refused")]
    Rows(Vec<ImportIssue>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sea_orm::DbErr> for ApplyError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Store(err.into())
    }
}

/// Writes all planned rows in one transaction: each row through [`measures::create`] or
/// [`measures::update`] (version bump, status update, audit entry), then one audit entry
/// `measure_import` with the report. Any refusal rolls back everything.
pub async fn apply(
    db: &Db,
    rows: Vec<PlannedRow>,
    report: &ImportReport,
    file_name: Option<&str>,
    actor: &Actor,
    rules: &LightRules,
) -> Result<(), ApplyError> {
    let txn = db.begin().await?;
    let mut refused = Vec::new();
    for planned in rows {
        let row = planned.row;
        let result = match planned.action {
            Action::Create(new) => measures::create(&txn, *new, actor, rules).await.map(|_| ()),
            Action::Update {
                id,
                version,
                changes,
            } => measures::update(&txn, id, version, *changes, actor, rules)
                .await
                .map(|_| ()),
        };
        match result {
            Ok(()) => {}
            Err(MeasureError::Invalid(problems)) => {
                refused.extend(problems.into_iter().map(|p| ImportIssue {
                    row,
                    column: Field::from_key(p.field.as_str()).map(|f| f.header().to_owned()),
                    cell: None,
                    code: p.code.into(),
                    message: p.message,
                }));
            }
            Err(MeasureError::Store(StoreError::Conflict { field, message })) => {
                refused.push(ImportIssue {
                    row,
                    column: Field::from_key(field).map(|f| f.header().to_owned()),
                    cell: None,
                    code: "conflict".into(),
                    message: format!("{field} {message}"),
                });
            }
            Err(MeasureError::Store(err)) => return Err(err.into()),
        }
        if !refused.is_empty() {
            // The transaction is dropped: everything is rolled back.
            return Err(ApplyError::Rows(refused));
        }
    }
    let summary = serde_json::json!({
        "file": file_name,
        "format": report.format,
        "rows": report.rows,
        "created": report.created,
        "updated": report.updated,
        "unchanged": report.unchanged,
    });
    audit::record(
        &txn,
        actor,
        "measure_import",
        None,
        AuditAction::Create,
        None,
        Some(&summary),
    )
    .await?;
    crate::store::commit(txn).await?;
    Ok(())
}
