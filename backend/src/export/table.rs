//! The measure table of a report for spreadsheets: one row per measure with its state at
//! freeze time and the change columns against the previous report, as CSV (`;`-separated,
//! UTF-8 with BOM, German headers, dates `dd.mm.yyyy`, decimal comma, for Excel in a German
//! locale) and as XLSX (typed cells: numbers, dates, text).

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::format;
use crate::domain::report::ReportContent;
use crate::domain::report_diff::MeasureChanges;

/// The column headers, in order.
pub const HEADERS: [&str; 22] = [
    "Code",
    "Maßnahme",
    "Handlungsfelder/Ziele",
    "Federführung",
    "Sichtbarkeit",
    "Status",
    "Statuskategorie",
    "Fortschritt (%)",
    "Ampel",
    "Ampel manuell gesetzt",
    "Planbeginn",
    "Planende",
    "Budget geplant (€)",
    "Budget verausgabt (€)",
    "Letzter Sachstand am",
    "Letzter Sachstand",
    "Rückmeldung Berichtsrunde",
    "Änderung seit letztem Bericht",
    "Status vorher",
    "Ampel vorher",
    "Fortschritt vorher (%)",
    "Veränderung Fortschritt (Punkte)",
];

/// A cell: text, a whole number, a money amount in cents or a date.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(i64),
    Cents(Option<i64>),
    Date(Option<NaiveDate>),
    Empty,
}

fn visibility(v: crate::domain::measure::Visibility) -> &'static str {
    match v {
        crate::domain::measure::Visibility::Draft => "Entwurf",
        crate::domain::measure::Visibility::Internal => "intern",
        crate::domain::measure::Visibility::Public => "öffentlich",
    }
}

/// The rows, in the report's measure order.
pub fn rows(content: &ReportContent, changes: &MeasureChanges) -> Vec<Vec<Cell>> {
    let mut kinds: HashMap<i32, Vec<&str>> = HashMap::new();
    let mut note = |id: i32, kind: &'static str| kinds.entry(id).or_default().push(kind);
    for m in &changes.new_measures {
        note(m.id, "neu");
    }
    for m in &changes.completed_measures {
        note(m.id, "abgeschlossen");
    }
    for m in &changes.cancelled_measures {
        note(m.id, "abgebrochen");
    }
    for c in &changes.status_changes {
        note(c.measure.id, "Status");
    }
    for c in &changes.light_changes {
        note(c.measure.id, "Ampel");
    }
    for c in &changes.progress_changes {
        note(c.measure.id, "Fortschritt");
    }
    for c in &changes.target_changes {
        note(
            c.measure.id,
            match c.field.as_str() {
                "planned_start" => "Planbeginn",
                "planned_end" => "Planende",
                _ => "Budget",
            },
        );
    }
    let status_before: HashMap<i32, &str> = changes
        .status_changes
        .iter()
        .map(|c| (c.measure.id, c.from.name.as_str()))
        .collect();
    let light_before: HashMap<i32, &str> = changes
        .light_changes
        .iter()
        .map(|c| (c.measure.id, format::light(c.from)))
        .collect();
    let progress_before: HashMap<i32, (u8, i16)> = changes
        .progress_changes
        .iter()
        .map(|c| (c.measure.id, (c.from, c.delta)))
        .collect();

    content
        .measures
        .iter()
        .map(|m| {
            let text = |s: &str| Cell::Text(s.to_owned());
            vec![
                text(&m.code),
                text(&m.title),
                text(
                    &m.goals
                        .iter()
                        .map(|g| g.code.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                text(&m.lead_department.name),
                text(visibility(m.visibility)),
                text(&m.status.name),
                text(format::category(m.status.category)),
                Cell::Number(i64::from(m.progress)),
                text(format::light(m.light)),
                text(if m.light_override.is_some() {
                    "ja"
                } else {
                    "nein"
                }),
                Cell::Date(m.planned_start),
                Cell::Date(m.planned_end),
                Cell::Cents(m.budget_planned_cents),
                Cell::Cents(m.budget_spent_cents),
                Cell::Date(m.last_update.as_ref().map(|u| u.date)),
                m.last_update
                    .as_ref()
                    .map_or(Cell::Empty, |u| text(&u.narrative)),
                m.round_item_state
                    .as_deref()
                    .map_or(Cell::Empty, |s| text(format::item_state(s))),
                kinds
                    .get(&m.id)
                    .map_or(Cell::Empty, |k| text(&k.join(", "))),
                status_before.get(&m.id).map_or(Cell::Empty, |s| text(s)),
                light_before.get(&m.id).map_or(Cell::Empty, |s| text(s)),
                progress_before
                    .get(&m.id)
                    .map_or(Cell::Empty, |(from, _)| Cell::Number(i64::from(*from))),
                progress_before
                    .get(&m.id)
                    .map_or(Cell::Empty, |(_, delta)| Cell::Number(i64::from(*delta))),
            ]
        })
        .collect()
}

fn cell_text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => n.to_string(),
        Cell::Cents(c) => format::euros(*c),
        Cell::Date(d) => format::cell_date(*d),
        Cell::Empty => String::new(),
    }
}

/// The table as CSV for a German Excel: UTF-8 with BOM, `;`, CRLF line ends.
pub fn csv(content: &ReportContent, changes: &MeasureChanges) -> Result<Vec<u8>, csv::Error> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(HEADERS)?;
    for row in rows(content, changes) {
        writer.write_record(row.iter().map(cell_text))?;
    }
    writer
        .into_inner()
        .map_err(|e| csv::Error::from(std::io::Error::other(e.to_string())))
}

fn excel_time(at: chrono::DateTime<chrono::Utc>) -> Result<ExcelDateTime, XlsxError> {
    use chrono::Timelike;
    let d = at.date_naive();
    ExcelDateTime::from_ymd(
        u16::try_from(d.year()).unwrap_or(1900),
        u8::try_from(d.month()).unwrap_or(1),
        u8::try_from(d.day()).unwrap_or(1),
    )?
    .and_hms(
        u16::try_from(at.hour()).unwrap_or(0),
        u8::try_from(at.minute()).unwrap_or(0),
        at.second(),
    )
}

/// The table as an XLSX workbook with one sheet "Maßnahmen" (header row frozen, filter on),
/// its creation date set to the freeze time.
pub fn xlsx(content: &ReportContent, changes: &MeasureChanges) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(&content.title)
            .set_creation_datetime(&excel_time(content.frozen_at)?),
    );
    let header = Format::new().set_bold();
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let money = Format::new().set_num_format("#,##0.00");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Maßnahmen")?;
    for (col, title) in (0u16..).zip(HEADERS) {
        sheet.write_string_with_format(0, col, title, &header)?;
    }
    let data = rows(content, changes);
    for (row, cells) in (1u32..).zip(&data) {
        for (col, cell) in (0u16..).zip(cells) {
            match cell {
                Cell::Text(s) => {
                    sheet.write_string(row, col, s)?;
                }
                Cell::Number(n) => {
                    // Progress and deltas are small whole numbers: exact as f64.
                    sheet.write_number(row, col, *n as f64)?;
                }
                Cell::Cents(Some(c)) => {
                    sheet.write_number_with_format(row, col, *c as f64 / 100.0, &money)?;
                }
                Cell::Date(Some(d)) => {
                    let value = ExcelDateTime::from_ymd(
                        u16::try_from(d.year()).unwrap_or(1900),
                        u8::try_from(d.month()).unwrap_or(1),
                        u8::try_from(d.day()).unwrap_or(1),
                    )?;
                    sheet.write_datetime_with_format(row, col, &value, &date)?;
                }
                Cell::Cents(None) | Cell::Date(None) | Cell::Empty => {}
            }
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    let last_row = u32::try_from(data.len()).unwrap_or(u32::MAX);
    sheet.autofilter(
        0,
        0,
        last_row,
        u16::try_from(HEADERS.len() - 1).unwrap_or(0),
    )?;
    for (col, width) in [(0u16, 10.0), (1, 45.0), (3, 28.0), (15, 60.0)] {
        sheet.set_column_width(col, width)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::measure::Visibility;
    use crate::domain::report::fixtures::{content, measure};

    #[test]
    fn csv_has_bom_semicolons_german_dates_and_decimal_comma() {
        let c = content(vec![measure(1, Visibility::Public)]);
        let bytes = csv(&c, &MeasureChanges::default()).expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let text = String::from_utf8(bytes[3..].to_vec()).expect("utf-8");
        let mut lines = text.lines();
        assert!(
            lines
                .next()
                .is_some_and(|h| h.starts_with("Code;Maßnahme;"))
        );
        let row = lines.next().expect("one row");
        assert!(row.contains("01.01.2026"), "{row}");
        assert!(row.contains(";1000,00;"), "{row}");
    }

    #[test]
    fn xlsx_is_a_zip() {
        let c = content(vec![measure(1, Visibility::Public)]);
        let bytes = xlsx(&c, &MeasureChanges::default()).expect("xlsx");
        assert!(bytes.starts_with(b"PK"));
    }
}
