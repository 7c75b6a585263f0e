//! From a sheet to a plan: recognise the header, read every cell into a measure value
//! (German dates and numbers, departments/goals/statuses by code or name, priorities and
//! visibilities by German or English name), compare with the stored measures and collect
//! every problem by row and column. Pure: the stored data comes in as [`Lookups`].

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;

use super::columns::{Field, normalize};
use super::sheet::{Cell, FileError, FileKind, Sheet, column_letter, excel_serial_date};
use super::{CreatedRow, FieldChange, ImportIssue, ImportReport, UpdatedRow};
use crate::domain::measure::{Priority, Visibility};
use crate::store::measures::{MeasureChanges, NewMeasure, natural_cmp};

pub const MAX_CODE: usize = 30;
pub const MAX_TITLE: usize = 300;
pub const MAX_TEXT: usize = 20_000;
pub const MAX_NAME: usize = 200;
pub const MAX_CENTS: i64 = 9_007_199_254_740_991;
/// Narrative of the status update an import writes when it changes progress or status.
pub const NARRATIVE: &str = "Geändert durch den Import einer Tabelle";

/// A stored measure as the import compares it.
#[derive(Debug, Clone)]
pub struct CurrentMeasure {
    pub id: i32,
    pub code: String,
    pub title: String,
    pub description: String,
    /// Ascending.
    pub goal_ids: Vec<i32>,
    pub lead_department_id: i32,
    /// Ascending, without the lead.
    pub participating_department_ids: Vec<i32>,
    pub status_id: i32,
    pub progress: i32,
    pub planned_start: Option<NaiveDate>,
    pub planned_end: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub actual_end: Option<NaiveDate>,
    pub priority: Priority,
    pub weight: i32,
    pub budget_planned_cents: Option<i64>,
    pub budget_spent_cents: Option<i64>,
    pub visibility: Visibility,
    pub contact_name: Option<String>,
    pub contact_email: Option<String>,
    pub archived: bool,
    pub version: i32,
}

/// A department, goal or status by id, code and name (label/title).
#[derive(Debug, Clone)]
pub struct Named {
    pub id: i32,
    pub code: String,
    pub name: String,
    /// Statuses: still offered. Others: always true.
    pub active: bool,
    /// Statuses: the progress a measure takes on with it.
    pub default_progress: Option<i32>,
}

/// Everything stored that an import refers to.
#[derive(Debug, Clone, Default)]
pub struct Lookups {
    pub measures: Vec<CurrentMeasure>,
    pub departments: Vec<Named>,
    pub goals: Vec<Named>,
    /// In their configured order.
    pub statuses: Vec<Named>,
}

impl Lookups {
    fn department(&self, id: i32) -> String {
        self.departments
            .iter()
            .find(|d| d.id == id)
            .map_or_else(|| id.to_string(), |d| d.code.clone())
    }

    fn goal(&self, id: i32) -> String {
        self.goals
            .iter()
            .find(|g| g.id == id)
            .map_or_else(|| id.to_string(), |g| g.code.clone())
    }

    fn status(&self, id: i32) -> String {
        self.statuses
            .iter()
            .find(|s| s.id == id)
            .map_or_else(|| id.to_string(), |s| s.name.clone())
    }

    /// Department codes, naturally sorted, joined with "; ".
    pub fn department_list(&self, ids: &[i32]) -> String {
        sorted_join(ids.iter().map(|&id| self.department(id)).collect())
    }

    /// Goal codes, naturally sorted, joined with "; ".
    pub fn goal_list(&self, ids: &[i32]) -> String {
        sorted_join(ids.iter().map(|&id| self.goal(id)).collect())
    }

    pub fn department_code(&self, id: i32) -> String {
        self.department(id)
    }

    pub fn status_label(&self, id: i32) -> String {
        self.status(id)
    }
}

fn sorted_join(mut items: Vec<String>) -> String {
    items.sort_by(|a, b| natural_cmp(a, b));
    items.join("; ")
}

/// The German word the export writes for a priority.
pub fn priority_name(p: Priority) -> &'static str {
    match p {
        Priority::Low => "niedrig",
        Priority::Medium => "mittel",
        Priority::High => "hoch",
    }
}

/// The German word the export writes for a visibility.
pub fn visibility_name(v: Visibility) -> &'static str {
    match v {
        Visibility::Draft => "Entwurf",
        Visibility::Internal => "intern",
        Visibility::Public => "öffentlich",
    }
}

/// What one row does.
#[derive(Debug, Clone)]
pub enum Action {
    Create(Box<NewMeasure>),
    Update {
        id: i32,
        version: i32,
        changes: Box<MeasureChanges>,
    },
}

/// A row that changes something.
#[derive(Debug, Clone)]
pub struct PlannedRow {
    pub row: u32,
    pub action: Action,
}

/// The result of reading a sheet against the stored data.
#[derive(Debug, Clone)]
pub struct Plan {
    pub report: ImportReport,
    pub rows: Vec<PlannedRow>,
}

/// Where a value came from, for messages.
#[derive(Debug, Clone)]
struct Place {
    row: u32,
    column: String,
    cell: Option<String>,
}

impl Place {
    fn issue(&self, code: &str, message: impl Into<String>) -> ImportIssue {
        ImportIssue {
            row: self.row,
            column: Some(self.column.clone()),
            cell: self.cell.clone(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// A header cell's text.
fn header_text(cell: &Cell) -> String {
    match cell {
        Cell::Empty | Cell::Error(_) => String::new(),
        Cell::Text(t) => t.trim().to_owned(),
        Cell::Number(n) => number_text(*n),
        Cell::Date(d) => super::sheet::german_date(*d),
        Cell::Bool(b) => b.to_string(),
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

// ---------------------------------------------------------------------------------------
// Reading values
// ---------------------------------------------------------------------------------------

/// A cell as text: defused formulas lose their apostrophe again, numbers are written
/// without a trailing ".0".
fn cell_text(cell: &Cell) -> Result<String, (&'static str, String)> {
    match cell {
        Cell::Text(t) => {
            let t = t
                .strip_prefix('\'')
                .filter(|rest| rest.starts_with(['=', '+', '-', '@']));
            Ok(match t {
                Some(rest) => rest.to_owned(),
                None => match cell {
                    Cell::Text(t) => t.clone(),
                    _ => String::new(),
                },
            })
        }
        Cell::Number(n) => Ok(number_text(*n)),
        Cell::Date(d) => Ok(super::sheet::german_date(*d)),
        Cell::Bool(b) => Ok(if *b { "wahr" } else { "falsch" }.into()),
        Cell::Error(e) => Err((
            "cell_error",
            format!("Die Zelle enthält einen Fehler ({e})."),
        )),
        Cell::Empty => Ok(String::new()),
    }
}

/// Dates as people write them: `31.12.2026`, `1.2.26`, `2026-12-31`, `31/12/2026`, an
/// Excel serial day number, or a date cell.
pub fn parse_date(cell: &Cell) -> Result<NaiveDate, String> {
    let invalid = |text: &str| {
        format!("„{text}“ ist kein Datum (erwartet z. B. 31.12.2026 oder 2026-12-31).")
    };
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => excel_serial_date(*n).ok_or_else(|| invalid(&number_text(*n))),
        Cell::Text(t) => {
            let text = t.trim();
            parse_date_text(text).ok_or_else(|| invalid(text))
        }
        _ => Err(invalid(&header_text(cell))),
    }
}

fn parse_date_text(text: &str) -> Option<NaiveDate> {
    // ISO date, possibly with a time ("2026-12-31T00:00:00", "2026-12-31 00:00").
    let date_part = text.split(['T', ' ']).next().unwrap_or(text);
    let year = |y: &str| -> Option<i32> {
        let n: i32 = y.parse().ok()?;
        match y.len() {
            4 => Some(n),
            2 if n < 70 => Some(2000 + n),
            2 => Some(1900 + n),
            _ => None,
        }
    };
    let number = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    if date_part.len() >= 8 && date_part.split('-').next().is_some_and(|y| y.len() == 4) {
        let parts: Vec<&str> = date_part.split('-').collect();
        if let [y, m, d] = parts.as_slice() {
            return NaiveDate::from_ymd_opt(y.parse().ok()?, number(m)?, number(d)?);
        }
        return None;
    }
    for separator in ['.', '/'] {
        let parts: Vec<&str> = text.trim_end_matches('.').split(separator).collect();
        if let [d, m, y] = parts.as_slice() {
            return NaiveDate::from_ymd_opt(year(y.trim())?, number(m.trim())?, number(d.trim())?);
        }
    }
    // An Excel serial day number that arrived as text.
    if text.len() == 5 && text.chars().all(|c| c.is_ascii_digit()) {
        return excel_serial_date(text.parse().ok()?);
    }
    None
}

/// Numbers as people write them: `1.234,56 €`, `1234,56`, `1,234.56`, `45 %`, `-3`.
/// A single dot followed by exactly three digits is a German thousands separator
/// (`1.500` = 1500).
pub fn parse_decimal_text(text: &str) -> Option<f64> {
    let mut s: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '€' | '%' | '\'' | '\u{a0}' | '\u{202f}'))
        .collect();
    for unit in ["EUR", "Eur", "eur", "Euro", "euro"] {
        s = s.replace(unit, "");
    }
    let (negative, digits) = match s.strip_prefix('-') {
        Some(rest) => (true, rest.to_owned()),
        None => (false, s.trim_start_matches('+').to_owned()),
    };
    if digits.is_empty()
        || !digits
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let last_dot = digits.rfind('.');
    let last_comma = digits.rfind(',');
    let dots = digits.matches('.').count();
    let commas = digits.matches(',').count();
    let normalized = match (last_dot, last_comma) {
        (Some(d), Some(c)) if c > d => digits.replace('.', "").replace(',', "."),
        (Some(_), Some(_)) => digits.replace(',', ""),
        (None, Some(_)) if commas > 1 => digits.replace(',', ""),
        (None, Some(_)) => digits.replace(',', "."),
        (Some(_), None) if dots > 1 => digits.replace('.', ""),
        (Some(d), None) if digits.len() - d - 1 == 3 => digits.replace('.', ""),
        _ => digits,
    };
    let value: f64 = normalized.parse().ok()?;
    value
        .is_finite()
        .then_some(if negative { -value } else { value })
}

fn parse_number(cell: &Cell) -> Result<f64, String> {
    match cell {
        Cell::Number(n) => Ok(*n),
        Cell::Text(t) => {
            parse_decimal_text(t).ok_or_else(|| format!("„{}“ ist keine Zahl.", t.trim()))
        }
        other => Err(format!("„{}“ ist keine Zahl.", header_text(other))),
    }
}

fn parse_cents(cell: &Cell) -> Result<i64, String> {
    let euros = parse_number(cell)?;
    if euros < 0.0 {
        return Err("Ein Betrag darf nicht negativ sein.".into());
    }
    let cents = (euros * 100.0).round();
    if cents > MAX_CENTS as f64 {
        return Err("Der Betrag ist zu groß.".into());
    }
    Ok(cents as i64)
}

/// Progress 0–100. A number cell between 0 and 1 with decimals is a percent-formatted
/// cell (Excel stores 45 % as 0.45).
fn parse_progress(cell: &Cell) -> Result<i32, String> {
    let mut value = parse_number(cell)?;
    if matches!(cell, Cell::Number(_)) && value > 0.0 && value < 1.0 {
        value *= 100.0;
    }
    let rounded = value.round();
    if !(0.0..=100.0).contains(&rounded) {
        return Err(format!(
            "Der Fortschritt muss zwischen 0 und 100 % liegen, nicht {}.",
            number_text(value)
        ));
    }
    Ok(rounded as i32)
}

fn parse_weight(cell: &Cell) -> Result<i32, String> {
    let value = parse_number(cell)?;
    if value.fract() != 0.0 || !(0.0..=1000.0).contains(&value) {
        return Err(format!(
            "Die Gewichtung muss eine ganze Zahl von 0 bis 1000 sein, nicht {}.",
            number_text(value)
        ));
    }
    Ok(value as i32)
}

fn word(text: &str) -> String {
    normalize(text)
}

pub fn parse_priority(text: &str) -> Option<Priority> {
    match word(text).as_str() {
        "hoch" | "high" | "h" | "1" | "a" | "wichtig" => Some(Priority::High),
        "mittel" | "medium" | "normal" | "m" | "2" | "b" => Some(Priority::Medium),
        "niedrig" | "low" | "gering" | "n" | "l" | "3" | "c" => Some(Priority::Low),
        _ => None,
    }
}

pub fn parse_visibility(text: &str) -> Option<Visibility> {
    match word(text).as_str() {
        "entwurf" | "draft" => Some(Visibility::Draft),
        "intern" | "internal" | "nichtoeffentlich" => Some(Visibility::Internal),
        "oeffentlich" | "offentlich" | "public" | "publik" => Some(Visibility::Public),
        _ => None,
    }
}

/// Lower case without white space: "FB 1" and "fb1" are the same code.
fn key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Finds a department, goal or status by code, else by name.
fn resolve<'a>(items: &'a [Named], text: &str) -> Result<&'a Named, ResolveError> {
    let wanted = key(text);
    if let Some(found) = items.iter().find(|i| key(&i.code) == wanted) {
        return Ok(found);
    }
    let by_name: Vec<&Named> = items.iter().filter(|i| key(&i.name) == wanted).collect();
    match by_name.as_slice() {
        [one] => Ok(one),
        [] => Err(ResolveError::Unknown),
        _ => Err(ResolveError::Ambiguous),
    }
}

enum ResolveError {
    Unknown,
    Ambiguous,
}

/// A list cell: items separated by `;` or line breaks; an item that is not known as a
/// whole is split at commas as well.
fn resolve_list(items: &[Named], text: &str, what: &str) -> Result<Vec<i32>, String> {
    let mut ids = Vec::new();
    let mut unknown = Vec::new();
    for part in text
        .split([';', '\n', '|'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        match resolve(items, part) {
            Ok(found) => ids.push(found.id),
            Err(ResolveError::Ambiguous) => {
                return Err(format!(
                    "„{part}“ bezeichnet mehrere {what}; bitte den Code angeben."
                ));
            }
            Err(ResolveError::Unknown) => {
                for piece in part.split(',').map(str::trim).filter(|p| !p.is_empty()) {
                    match resolve(items, piece) {
                        Ok(found) => ids.push(found.id),
                        Err(_) => unknown.push(piece.to_owned()),
                    }
                }
            }
        }
    }
    if !unknown.is_empty() {
        return Err(format!("Unbekannte {what}: {}.", unknown.join(", ")));
    }
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

fn valid_email(value: &str) -> bool {
    value.split_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && domain.contains('.') && !domain.contains('@')
    }) && !value.contains(char::is_whitespace)
}

// ---------------------------------------------------------------------------------------
// Rows
// ---------------------------------------------------------------------------------------

/// The values of one row. Outer `None`: the column is absent (or its cell could not be
/// read); `Some(None)`: the cell is empty.
#[derive(Debug, Default)]
struct RowValues {
    title: Option<Option<String>>,
    description: Option<Option<String>>,
    goals: Option<Option<Vec<i32>>>,
    lead: Option<Option<i32>>,
    participating: Option<Option<Vec<i32>>>,
    status: Option<Option<i32>>,
    progress: Option<Option<i32>>,
    planned_start: Option<Option<NaiveDate>>,
    planned_end: Option<Option<NaiveDate>>,
    actual_start: Option<Option<NaiveDate>>,
    actual_end: Option<Option<NaiveDate>>,
    priority: Option<Option<Priority>>,
    weight: Option<Option<i32>>,
    budget_planned: Option<Option<i64>>,
    budget_spent: Option<Option<i64>>,
    visibility: Option<Option<Visibility>>,
    contact_name: Option<Option<String>>,
    contact_email: Option<Option<String>>,
}

fn text_value(
    cell: &Cell,
    place: &Place,
    max: usize,
    issues: &mut Vec<ImportIssue>,
) -> Option<String> {
    let text = match cell_text(cell) {
        Ok(t) => t,
        Err((code, message)) => {
            issues.push(place.issue(code, message));
            return None;
        }
    };
    if text.contains('\0') {
        issues.push(place.issue("invalid", "Der Text enthält ein NUL-Zeichen."));
        return None;
    }
    if text.chars().count() > max {
        issues.push(place.issue(
            "too_long",
            format!("Der Text ist länger als {max} Zeichen."),
        ));
        return None;
    }
    Some(text)
}

/// Reads one cell into `values`; problems go to `issues`.
fn read_cell(
    field: Field,
    cell: &Cell,
    place: &Place,
    current: Option<&CurrentMeasure>,
    lookups: &Lookups,
    values: &mut RowValues,
    issues: &mut Vec<ImportIssue>,
) {
    if cell.is_empty() {
        match field {
            Field::Code | Field::Light | Field::LastUpdate => {}
            Field::Title => values.title = Some(None),
            Field::Description => values.description = Some(None),
            Field::Goals => values.goals = Some(None),
            Field::Lead => values.lead = Some(None),
            Field::Participating => values.participating = Some(None),
            Field::Status => values.status = Some(None),
            Field::Progress => values.progress = Some(None),
            Field::PlannedStart => values.planned_start = Some(None),
            Field::PlannedEnd => values.planned_end = Some(None),
            Field::ActualStart => values.actual_start = Some(None),
            Field::ActualEnd => values.actual_end = Some(None),
            Field::Priority => values.priority = Some(None),
            Field::Weight => values.weight = Some(None),
            Field::BudgetPlanned => values.budget_planned = Some(None),
            Field::BudgetSpent => values.budget_spent = Some(None),
            Field::Visibility => values.visibility = Some(None),
            Field::ContactName => values.contact_name = Some(None),
            Field::ContactEmail => values.contact_email = Some(None),
        }
        return;
    }
    let invalid = |issues: &mut Vec<ImportIssue>, message: String| {
        issues.push(place.issue("invalid", message));
    };
    let date = |issues: &mut Vec<ImportIssue>| match parse_date(cell) {
        Ok(d) => Some(Some(d)),
        Err(message) => {
            issues.push(place.issue("invalid_date", message));
            None
        }
    };
    match field {
        Field::Code | Field::Light | Field::LastUpdate => {}
        Field::Title => {
            values.title = text_value(cell, place, MAX_TITLE, issues)
                .map(|t| Some(t.trim().to_owned()).filter(|t| !t.is_empty()));
        }
        Field::Description => {
            values.description =
                text_value(cell, place, MAX_TEXT, issues).map(|t| Some(t.replace("\r\n", "\n")));
        }
        Field::ContactName => {
            values.contact_name = text_value(cell, place, MAX_NAME, issues)
                .map(|t| Some(t.trim().to_owned()).filter(|t| !t.is_empty()));
        }
        Field::ContactEmail => {
            if let Some(t) = text_value(cell, place, MAX_NAME, issues) {
                let t = t.trim().trim_start_matches("mailto:").to_owned();
                if valid_email(&t) {
                    values.contact_email = Some(Some(t));
                } else {
                    invalid(issues, format!("„{t}“ ist keine E-Mail-Adresse."));
                }
            }
        }
        Field::Goals | Field::Participating => {
            let Some(text) = text_value(cell, place, MAX_TEXT, issues) else {
                return;
            };
            let (items, what) = if field == Field::Goals {
                (&lookups.goals, "Ziele")
            } else {
                (&lookups.departments, "Organisationseinheiten")
            };
            match resolve_list(items, &text, what) {
                Ok(ids) if field == Field::Goals => values.goals = Some(Some(ids)),
                Ok(ids) => values.participating = Some(Some(ids)),
                Err(message) => issues.push(place.issue("unknown", message)),
            }
        }
        Field::Lead => {
            let Some(text) = text_value(cell, place, MAX_TEXT, issues) else {
                return;
            };
            match resolve(&lookups.departments, text.trim()) {
                Ok(d) => values.lead = Some(Some(d.id)),
                Err(ResolveError::Unknown) => issues.push(place.issue(
                    "unknown",
                    format!("Unbekannte Organisationseinheit „{}“.", text.trim()),
                )),
                Err(ResolveError::Ambiguous) => invalid(
                    issues,
                    format!(
                        "„{}“ bezeichnet mehrere Organisationseinheiten; bitte den Code angeben.",
                        text.trim()
                    ),
                ),
            }
        }
        Field::Status => {
            let Some(text) = text_value(cell, place, MAX_TEXT, issues) else {
                return;
            };
            match resolve(&lookups.statuses, text.trim()) {
                Ok(s) if !s.active && current.is_none_or(|m| m.status_id != s.id) => {
                    issues.push(place.issue(
                        "inactive",
                        format!("Der Status „{}“ wird nicht mehr verwendet.", s.name),
                    ));
                }
                Ok(s) => values.status = Some(Some(s.id)),
                Err(ResolveError::Unknown) => {
                    let known: Vec<&str> = lookups
                        .statuses
                        .iter()
                        .filter(|s| s.active)
                        .map(|s| s.name.as_str())
                        .collect();
                    issues.push(place.issue(
                        "unknown",
                        format!(
                            "Unbekannter Status „{}“ (möglich: {}).",
                            text.trim(),
                            known.join(", ")
                        ),
                    ));
                }
                Err(ResolveError::Ambiguous) => invalid(
                    issues,
                    format!(
                        "„{}“ bezeichnet mehrere Status; bitte den Code angeben.",
                        text.trim()
                    ),
                ),
            }
        }
        Field::Progress => match parse_progress(cell) {
            Ok(p) => values.progress = Some(Some(p)),
            Err(message) => issues.push(place.issue("out_of_range", message)),
        },
        Field::Weight => match parse_weight(cell) {
            Ok(w) => values.weight = Some(Some(w)),
            Err(message) => issues.push(place.issue("out_of_range", message)),
        },
        Field::BudgetPlanned | Field::BudgetSpent => match parse_cents(cell) {
            Ok(c) if field == Field::BudgetPlanned => values.budget_planned = Some(Some(c)),
            Ok(c) => values.budget_spent = Some(Some(c)),
            Err(message) => issues.push(place.issue("invalid_number", message)),
        },
        Field::PlannedStart => values.planned_start = date(issues),
        Field::PlannedEnd => values.planned_end = date(issues),
        Field::ActualStart => values.actual_start = date(issues),
        Field::ActualEnd => values.actual_end = date(issues),
        Field::Priority => {
            let text = header_text(cell);
            match parse_priority(&text) {
                Some(p) => values.priority = Some(Some(p)),
                None => invalid(
                    issues,
                    format!("Unbekannte Priorität „{text}“ (möglich: hoch, mittel, niedrig)."),
                ),
            }
        }
        Field::Visibility => {
            let text = header_text(cell);
            match parse_visibility(&text) {
                Some(v) => values.visibility = Some(Some(v)),
                None => invalid(
                    issues,
                    format!(
                        "Unbekannte Sichtbarkeit „{text}“ (möglich: Entwurf, intern, öffentlich)."
                    ),
                ),
            }
        }
    }
}

/// The next free codes in the style of the existing ones ("M-007" → "M-008"), or
/// "M-001", "M-002", … when no code ends in a number.
pub fn next_codes(taken: &HashSet<String>, count: usize) -> Vec<String> {
    let mut best: Option<(String, u64, usize)> = None;
    for code in taken {
        let digits: String = code
            .chars()
            .rev()
            .take_while(char::is_ascii_digit)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if digits.is_empty() || digits.len() > 9 {
            continue;
        }
        let number: u64 = digits.parse().unwrap_or(0);
        let prefix = code[..code.len() - digits.len()].to_owned();
        if best
            .as_ref()
            .is_none_or(|(p, n, _)| number > *n || (number == *n && prefix < *p))
        {
            best = Some((prefix, number, digits.len()));
        }
    }
    let (prefix, mut number, width) = best.unwrap_or(("M-".into(), 0, 3));
    let taken_keys: HashSet<String> = taken.iter().map(|c| key(c)).collect();
    let mut codes = Vec::with_capacity(count);
    while codes.len() < count {
        number += 1;
        let code = format!("{prefix}{number:0width$}");
        if !taken_keys.contains(&key(&code)) {
            codes.push(code);
        }
    }
    codes
}

fn show_date(d: Option<NaiveDate>) -> Option<String> {
    d.map(super::sheet::german_date)
}

fn show_cents(c: Option<i64>) -> Option<String> {
    c.map(super::sheet::german_cents)
}

/// Reads a sheet against the stored data. Fails only when the file has no recognisable
/// header at all; everything else becomes an error or warning of the report.
pub fn plan(sheet: &Sheet, lookups: &Lookups, dry_run: bool) -> Result<Plan, FileError> {
    let mut errors: Vec<ImportIssue> = Vec::new();
    let mut warnings: Vec<ImportIssue> = Vec::new();
    let letter = |index: usize| -> Option<String> {
        (sheet.kind == FileKind::Xlsx)
            .then(|| column_letter(sheet.first_column + u32::try_from(index).unwrap_or(0)))
    };

    let mut rows = sheet
        .rows
        .iter()
        .skip_while(|r| r.cells.iter().all(Cell::is_empty));
    let Some(header) = rows.next() else {
        return Err(FileError::Empty);
    };

    // The header: which column is which field.
    let mut columns: Vec<(usize, Field, String)> = Vec::new();
    let mut unknown_headers = Vec::new();
    for (index, cell) in header.cells.iter().enumerate() {
        let text = header_text(cell);
        if text.is_empty() {
            continue;
        }
        match Field::recognise(&text) {
            Some(field) => {
                if let Some((_, _, first)) = columns.iter().find(|(_, f, _)| *f == field) {
                    errors.push(ImportIssue {
                        row: header.number,
                        column: Some(text.clone()),
                        cell: letter(index).map(|l| format!("{l}{}", header.number)),
                        code: "duplicate_column".into(),
                        message: format!(
                            "Die Spalte „{text}“ meint dasselbe wie „{first}“ ({}); bitte eine davon entfernen.",
                            field.header()
                        ),
                    });
                } else {
                    columns.push((index, field, text));
                }
            }
            None => unknown_headers.push((index, text)),
        }
    }
    if columns.is_empty() {
        return Err(FileError::NoKnownColumns);
    }
    for (index, text) in &unknown_headers {
        warnings.push(ImportIssue {
            row: header.number,
            column: Some(text.clone()),
            cell: letter(*index).map(|l| format!("{l}{}", header.number)),
            code: "unknown_column".into(),
            message: format!("Die Spalte „{text}“ ist unbekannt und wird nicht übernommen."),
        });
    }
    if !columns.iter().any(|(_, f, _)| *f == Field::Title) {
        errors.push(ImportIssue {
            row: header.number,
            column: Some(Field::Title.header().into()),
            cell: None,
            code: "required_column".into(),
            message: "Die Pflichtspalte „Titel“ (oder „Maßnahme“, „Bezeichnung“) fehlt.".into(),
        });
    }
    let column_of = |field: Field| -> (String, Option<usize>) {
        columns
            .iter()
            .find(|(_, f, _)| *f == field)
            .map_or((field.header().to_owned(), None), |(i, _, t)| {
                (t.clone(), Some(*i))
            })
    };

    let by_code: HashMap<String, &CurrentMeasure> =
        lookups.measures.iter().map(|m| (key(&m.code), m)).collect();
    let mut seen_codes: HashMap<String, u32> = HashMap::new();
    let mut taken: HashSet<String> = lookups.measures.iter().map(|m| m.code.clone()).collect();

    struct Pending {
        row: u32,
        new: Box<NewMeasure>,
    }
    let mut pending: Vec<Pending> = Vec::new();
    let mut planned: Vec<PlannedRow> = Vec::new();
    let mut created: Vec<CreatedRow> = Vec::new();
    let mut updated: Vec<UpdatedRow> = Vec::new();
    let mut unchanged = 0u32;
    let mut row_count = 0u32;
    let default_status = lookups.statuses.iter().find(|s| s.active).map(|s| s.id);

    for row in rows {
        let is_empty = |cells: &[Cell]| cells.iter().all(Cell::is_empty);
        if is_empty(&row.cells) {
            continue;
        }
        // Rows with content only in unknown columns are not measures either.
        if columns
            .iter()
            .all(|(i, _, _)| row.cells.get(*i).is_none_or(Cell::is_empty))
        {
            continue;
        }
        row_count += 1;
        let place = |index: Option<usize>, column: &str| Place {
            row: row.number,
            column: column.to_owned(),
            cell: index.and_then(|i| letter(i).map(|l| format!("{l}{}", row.number))),
        };
        let mut issues: Vec<ImportIssue> = Vec::new();

        // The code decides between update and create.
        let (code_column, code_index) = column_of(Field::Code);
        let code_place = place(code_index, &code_column);
        let code = code_index
            .and_then(|i| row.cells.get(i))
            .filter(|c| !c.is_empty())
            .and_then(|c| text_value(c, &code_place, MAX_CODE, &mut issues))
            .map(|c| c.trim().to_owned())
            .filter(|c| !c.is_empty());
        let current = code.as_ref().and_then(|c| by_code.get(&key(c)).copied());
        if let Some(code) = &code {
            if let Some(first) = seen_codes.insert(key(code), row.number) {
                issues.push(code_place.issue(
                    "duplicate",
                    format!("Die Kennung „{code}“ steht schon in Zeile {first}."),
                ));
            }
            taken.insert(code.clone());
        }
        if let Some(m) = current
            && m.archived
        {
            issues.push(code_place.issue(
                "archived",
                format!(
                    "Die Maßnahme „{}“ ist archiviert; bitte erst wiederherstellen.",
                    m.code
                ),
            ));
        }

        let mut values = RowValues::default();
        for (index, field, text) in &columns {
            if *field == Field::Code || field.read_only() {
                continue;
            }
            let cell = row.cells.get(*index).unwrap_or(&Cell::Empty);
            read_cell(
                *field,
                cell,
                &place(Some(*index), text),
                current,
                lookups,
                &mut values,
                &mut issues,
            );
        }
        let at = |field: Field| {
            let (column, index) = column_of(field);
            place(index, &column)
        };

        if values.title == Some(None) {
            issues.push(at(Field::Title).issue("required", "Der Titel fehlt."));
        }

        match current {
            None => {
                // A column that is there but could not be read is already reported.
                let has = |field: Field| columns.iter().any(|(_, f, _)| *f == field);
                let goals = values.goals.clone().flatten().unwrap_or_default();
                if goals.is_empty() && (!has(Field::Goals) || values.goals.is_some()) {
                    issues.push(at(Field::Goals).issue(
                        "required",
                        "Eine neue Maßnahme braucht mindestens ein Ziel (Spalte „Ziele“, Codes durch „; “ getrennt).",
                    ));
                }
                let lead = values.lead.flatten();
                if lead.is_none() && (!has(Field::Lead) || values.lead.is_some()) {
                    issues.push(at(Field::Lead).issue(
                        "required",
                        "Eine neue Maßnahme braucht eine federführende Organisationseinheit.",
                    ));
                }
                let status = values.status.flatten().or(default_status);
                if status.is_none() && values.status.is_some() {
                    issues.push(at(Field::Status).issue("required", "Der Status fehlt."));
                }
                let schedule = (
                    values.planned_start.flatten(),
                    values.planned_end.flatten(),
                    values.actual_start.flatten(),
                    values.actual_end.flatten(),
                );
                schedule_issues(schedule, &at, &mut issues);
                if !issues.is_empty() {
                    errors.extend(issues);
                    continue;
                }
                let new = NewMeasure {
                    code: code.clone().unwrap_or_default(),
                    title: values.title.clone().flatten().unwrap_or_default(),
                    description: values.description.clone().flatten().unwrap_or_default(),
                    goal_ids: goals,
                    lead_department_id: lead.unwrap_or_default(),
                    participating_department_ids: values
                        .participating
                        .clone()
                        .flatten()
                        .unwrap_or_default(),
                    contact_name: values.contact_name.clone().flatten(),
                    contact_email: values.contact_email.clone().flatten(),
                    status_id: status.unwrap_or_default(),
                    progress: values.progress.flatten(),
                    planned_start: schedule.0,
                    planned_end: schedule.1,
                    actual_start: schedule.2,
                    actual_end: schedule.3,
                    priority: values.priority.flatten().unwrap_or(Priority::Medium),
                    weight: values.weight.flatten().unwrap_or(1),
                    budget_planned_cents: values.budget_planned.flatten(),
                    budget_spent_cents: values.budget_spent.flatten(),
                    visibility: values.visibility.flatten().unwrap_or(Visibility::Internal),
                    milestones: Vec::new(),
                    dependency_ids: Vec::new(),
                };
                pending.push(Pending {
                    row: row.number,
                    new: Box::new(new),
                });
            }
            Some(m) => {
                let (changes, diff) = compare(m, &values, lookups, &at, &mut issues);
                if !issues.is_empty() {
                    errors.extend(issues);
                    continue;
                }
                if diff.is_empty() {
                    unchanged += 1;
                } else {
                    updated.push(UpdatedRow {
                        row: row.number,
                        code: m.code.clone(),
                        changes: diff,
                    });
                    planned.push(PlannedRow {
                        row: row.number,
                        action: Action::Update {
                            id: m.id,
                            version: m.version,
                            changes: Box::new(changes),
                        },
                    });
                }
            }
        }
    }

    // New measures without a code get the next free ones, in row order.
    let missing = pending.iter().filter(|p| p.new.code.is_empty()).count();
    let mut fresh = next_codes(&taken, missing).into_iter();
    for mut p in pending {
        if p.new.code.is_empty() {
            p.new.code = fresh.next().unwrap_or_default();
        }
        created.push(CreatedRow {
            row: p.row,
            code: p.new.code.clone(),
            title: p.new.title.clone(),
        });
        planned.push(PlannedRow {
            row: p.row,
            action: Action::Create(p.new),
        });
    }
    planned.sort_by_key(|p| p.row);
    created.sort_by_key(|c| c.row);
    errors.sort_by_key(|e| e.row);
    Ok(Plan {
        report: ImportReport {
            dry_run,
            applied: false,
            format: match sheet.kind {
                FileKind::Csv => "csv".into(),
                FileKind::Xlsx => "xlsx".into(),
            },
            rows: row_count,
            created,
            updated,
            unchanged,
            errors,
            warnings,
        },
        rows: planned,
    })
}

fn schedule_issues(
    (planned_start, planned_end, actual_start, actual_end): (
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
        Option<NaiveDate>,
    ),
    at: &dyn Fn(Field) -> Place,
    issues: &mut Vec<ImportIssue>,
) {
    if let (Some(start), Some(end)) = (planned_start, planned_end)
        && end < start
    {
        issues.push(at(Field::PlannedEnd).issue(
            "before_start",
            "Das geplante Ende liegt vor dem geplanten Beginn.",
        ));
    }
    if let (Some(start), Some(end)) = (actual_start, actual_end)
        && end < start
    {
        issues.push(at(Field::ActualEnd).issue(
            "before_start",
            "Das tatsächliche Ende liegt vor dem tatsächlichen Beginn.",
        ));
    }
}

/// The changes a row makes to a stored measure, and their description.
fn compare(
    m: &CurrentMeasure,
    values: &RowValues,
    lookups: &Lookups,
    at: &dyn Fn(Field) -> Place,
    issues: &mut Vec<ImportIssue>,
) -> (MeasureChanges, Vec<FieldChange>) {
    let mut changes = MeasureChanges::default();
    let mut diff: Vec<FieldChange> = Vec::new();
    let mut note = |field: Field, from: Option<String>, to: Option<String>| {
        diff.push(FieldChange {
            field: field.key().into(),
            column: at(field).column,
            from,
            to,
        });
    };

    if let Some(Some(title)) = &values.title
        && *title != m.title
    {
        note(Field::Title, Some(m.title.clone()), Some(title.clone()));
        changes.title = Some(title.clone());
    }
    if let Some(description) = &values.description {
        let description = description.clone().unwrap_or_default();
        if description != m.description {
            note(
                Field::Description,
                Some(m.description.clone()),
                Some(description.clone()),
            );
            changes.description = Some(description);
        }
    }
    if let Some(goals) = &values.goals {
        match goals {
            None => issues.push(
                at(Field::Goals).issue("required", "Eine Maßnahme braucht mindestens ein Ziel."),
            ),
            Some(ids) if *ids != m.goal_ids => {
                note(
                    Field::Goals,
                    Some(lookups.goal_list(&m.goal_ids)),
                    Some(lookups.goal_list(ids)),
                );
                changes.goal_ids = Some(ids.clone());
            }
            Some(_) => {}
        }
    }
    let mut lead = m.lead_department_id;
    if let Some(value) = values.lead {
        match value {
            None => issues.push(
                at(Field::Lead).issue("required", "Die federführende Organisationseinheit fehlt."),
            ),
            Some(id) if id != m.lead_department_id => {
                note(
                    Field::Lead,
                    Some(lookups.department_code(m.lead_department_id)),
                    Some(lookups.department_code(id)),
                );
                changes.lead_department_id = Some(id);
                lead = id;
            }
            Some(_) => {}
        }
    }
    if let Some(value) = &values.participating {
        let mut ids: Vec<i32> = value
            .clone()
            .unwrap_or_default()
            .into_iter()
            .filter(|&d| d != lead)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        if ids != m.participating_department_ids {
            note(
                Field::Participating,
                Some(lookups.department_list(&m.participating_department_ids))
                    .filter(|s| !s.is_empty()),
                Some(lookups.department_list(&ids)).filter(|s| !s.is_empty()),
            );
            changes.participating_department_ids = Some(ids);
        }
    }
    let mut status_changed = false;
    if let Some(Some(status)) = values.status
        && status != m.status_id
    {
        note(
            Field::Status,
            Some(lookups.status_label(m.status_id)),
            Some(lookups.status_label(status)),
        );
        changes.status_id = Some(status);
        status_changed = true;
    }
    match values.progress {
        Some(Some(progress)) if progress != m.progress || status_changed => {
            if progress != m.progress {
                note(
                    Field::Progress,
                    Some(m.progress.to_string()),
                    Some(progress.to_string()),
                );
            }
            changes.progress = Some(progress);
        }
        _ if status_changed => {
            // The store gives the new status's default progress, if it has one.
            let default = changes
                .status_id
                .and_then(|s| lookups.statuses.iter().find(|x| x.id == s))
                .and_then(|s| s.default_progress);
            if let Some(p) = default
                && p != m.progress
            {
                note(
                    Field::Progress,
                    Some(m.progress.to_string()),
                    Some(p.to_string()),
                );
            }
        }
        _ => {}
    }
    if changes.progress.is_some() || changes.status_id.is_some() {
        changes.narrative = Some(NARRATIVE.into());
    }

    let mut dates = (m.planned_start, m.planned_end, m.actual_start, m.actual_end);
    for (field, value, stored, slot) in [
        (
            Field::PlannedStart,
            values.planned_start,
            m.planned_start,
            0,
        ),
        (Field::PlannedEnd, values.planned_end, m.planned_end, 1),
        (Field::ActualStart, values.actual_start, m.actual_start, 2),
        (Field::ActualEnd, values.actual_end, m.actual_end, 3),
    ] {
        let Some(value) = value else { continue };
        if value == stored {
            continue;
        }
        note(field, show_date(stored), show_date(value));
        match slot {
            0 => {
                changes.planned_start = Some(value);
                dates.0 = value;
            }
            1 => {
                changes.planned_end = Some(value);
                dates.1 = value;
            }
            2 => {
                changes.actual_start = Some(value);
                dates.2 = value;
            }
            _ => {
                changes.actual_end = Some(value);
                dates.3 = value;
            }
        }
    }
    schedule_issues(dates, at, issues);

    if let Some(Some(priority)) = values.priority
        && priority != m.priority
    {
        note(
            Field::Priority,
            Some(priority_name(m.priority).into()),
            Some(priority_name(priority).into()),
        );
        changes.priority = Some(priority);
    }
    if let Some(Some(weight)) = values.weight
        && weight != m.weight
    {
        note(
            Field::Weight,
            Some(m.weight.to_string()),
            Some(weight.to_string()),
        );
        changes.weight = Some(weight);
    }
    if let Some(value) = values.budget_planned
        && value != m.budget_planned_cents
    {
        note(
            Field::BudgetPlanned,
            show_cents(m.budget_planned_cents),
            show_cents(value),
        );
        changes.budget_planned_cents = Some(value);
    }
    if let Some(value) = values.budget_spent
        && value != m.budget_spent_cents
    {
        note(
            Field::BudgetSpent,
            show_cents(m.budget_spent_cents),
            show_cents(value),
        );
        changes.budget_spent_cents = Some(value);
    }
    if let Some(Some(visibility)) = values.visibility
        && visibility != m.visibility
    {
        note(
            Field::Visibility,
            Some(visibility_name(m.visibility).into()),
            Some(visibility_name(visibility).into()),
        );
        changes.visibility = Some(visibility);
    }
    if let Some(value) = &values.contact_name
        && *value != m.contact_name
    {
        note(Field::ContactName, m.contact_name.clone(), value.clone());
        changes.contact_name = Some(value.clone());
    }
    if let Some(value) = &values.contact_email
        && *value != m.contact_email
    {
        note(Field::ContactEmail, m.contact_email.clone(), value.clone());
        changes.contact_email = Some(value.clone());
    }
    (changes, diff)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn german_and_iso_dates_are_read() {
        let text = |t: &str| parse_date(&Cell::Text(t.into()));
        assert_eq!(text("31.12.2026"), Ok(date(2026, 12, 31)));
        assert_eq!(text("1.2.26"), Ok(date(2026, 2, 1)));
        assert_eq!(text("2026-03-04"), Ok(date(2026, 3, 4)));
        assert_eq!(text("2026-03-04T00:00:00"), Ok(date(2026, 3, 4)));
        assert_eq!(text("04/03/2026"), Ok(date(2026, 3, 4)));
        assert_eq!(text("46023"), Ok(date(2026, 1, 1)));
        assert_eq!(parse_date(&Cell::Number(46_023.0)), Ok(date(2026, 1, 1)));
        assert!(text("31.02.2026").is_err());
        assert!(text("bald").is_err());
    }

    #[test]
    fn german_and_english_numbers_are_read() {
        assert_eq!(parse_decimal_text("1.234,56 €"), Some(1234.56));
        assert_eq!(parse_decimal_text("1234,5"), Some(1234.5));
        assert_eq!(parse_decimal_text("1,234.56"), Some(1234.56));
        assert_eq!(parse_decimal_text("12.500"), Some(12500.0));
        assert_eq!(parse_decimal_text("12.5"), Some(12.5));
        assert_eq!(parse_decimal_text("45 %"), Some(45.0));
        assert_eq!(parse_decimal_text("2.000.000 EUR"), Some(2_000_000.0));
        assert_eq!(parse_decimal_text("-3"), Some(-3.0));
        assert_eq!(parse_decimal_text("viel"), None);
        assert_eq!(parse_cents(&Cell::Text("1.234,56 €".into())), Ok(123_456));
        assert_eq!(parse_progress(&Cell::Number(0.45)), Ok(45));
        assert_eq!(parse_progress(&Cell::Text("45 %".into())), Ok(45));
        assert!(parse_progress(&Cell::Text("120".into())).is_err());
    }

    #[test]
    fn priorities_and_visibilities_in_both_languages() {
        assert_eq!(parse_priority("Hoch"), Some(Priority::High));
        assert_eq!(parse_priority("low"), Some(Priority::Low));
        assert_eq!(parse_visibility("Öffentlich"), Some(Visibility::Public));
        assert_eq!(parse_visibility("oeffentlich"), Some(Visibility::Public));
        assert_eq!(parse_visibility("internal"), Some(Visibility::Internal));
        assert_eq!(parse_visibility("geheim"), None);
    }

    #[test]
    fn next_codes_follow_the_existing_style() {
        let taken: HashSet<String> = ["M-001", "M-009", "X"].map(String::from).into();
        assert_eq!(next_codes(&taken, 2), vec!["M-010", "M-011"]);
        let taken: HashSet<String> = ["M 1", "M 2"].map(String::from).into();
        assert_eq!(next_codes(&taken, 1), vec!["M 3"]);
        assert_eq!(next_codes(&HashSet::new(), 1), vec!["M-001"]);
    }
}
