//! Spreadsheet files as a grid of typed cells: reading CSV (delimiter, BOM and encoding
//! detected) and XLSX (calamine), writing CSV the way German Excel opens it and XLSX with
//! real date and number cells (rust_xlsxwriter). Nothing here knows about measures.

use std::io::Cursor;

use chrono::{Datelike, NaiveDate};

/// One cell's value as read from a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Date(NaiveDate),
    Bool(bool),
    /// An Excel error value such as `#NV`.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }
}

/// The file type of an upload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Csv,
    Xlsx,
}

/// One row of a sheet with its number as the spreadsheet shows it (the first row is 1).
#[derive(Debug, Clone)]
pub struct SheetRow {
    pub number: u32,
    pub cells: Vec<Cell>,
}

/// The rows of the first worksheet (or of the CSV file). `first_column` is the 0-based
/// index of the column the cells start at (for column letters).
#[derive(Debug, Clone)]
pub struct Sheet {
    pub kind: FileKind,
    pub first_column: u32,
    pub rows: Vec<SheetRow>,
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum FileError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is an Excel 97–2003 workbook (.xls); save it as .xlsx or CSV")]
    LegacyExcel,
    #[error("the file is neither CSV nor XLSX")]
    Unsupported,
    #[error("the workbook cannot be read: {0}")]
    BadWorkbook(String),
    #[error("the CSV file cannot be read: {0}")]
    BadCsv(String),
    #[error(
        "no column of the measure sheet was recognised in the first row (expected headers such as Kennung, Titel, Ziele, Federführung, Status)"
    )]
    NoKnownColumns,
}

/// Guesses the file type from its first bytes: a ZIP container is XLSX, an OLE container
/// is the old binary format, text is CSV.
pub fn detect(bytes: &[u8]) -> Result<FileKind, FileError> {
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(FileError::Empty);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return Ok(FileKind::Xlsx);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(FileError::LegacyExcel);
    }
    // Text has no NUL bytes and few control characters (UTF-16 files have NULs: refused).
    let sample = &bytes[..bytes.len().min(8192)];
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if sample.contains(&0) || controls * 100 > sample.len() {
        return Err(FileError::Unsupported);
    }
    Ok(FileKind::Csv)
}

/// Reads a file of the given kind.
pub fn read(bytes: &[u8], kind: FileKind) -> Result<Sheet, FileError> {
    match kind {
        FileKind::Csv => read_csv(bytes),
        FileKind::Xlsx => read_xlsx(bytes),
    }
}

/// Text of a CSV file: UTF-8 (with or without BOM), otherwise Windows-1252 (what Excel
/// writes as "CSV (Trennzeichen-getrennt)" on German Windows).
pub fn decode_text(bytes: &[u8]) -> String {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned(),
    }
}

/// `;`, `,` or tab: the one that occurs most often outside quotes in the first line.
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            ';' if !quoted => counts[0] += 1,
            ',' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    if counts[best] == 0 {
        b';'
    } else {
        [b';', b',', b'\t'][best]
    }
}

fn read_csv(bytes: &[u8]) -> Result<Sheet, FileError> {
    let text = decode_text(bytes);
    if text.trim().is_empty() {
        return Err(FileError::Empty);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(&text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // The csv reader skips blank lines and a quoted field may span lines; the row number
    // a spreadsheet shows counts records and blank lines. So: the line breaks before the
    // record's first character, less those inside earlier records' fields.
    let bytes = text.as_bytes();
    let mut scanned = 0usize;
    let mut breaks_before = 0u64;
    let mut embedded = 0u64;
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(FileError::BadCsv(e.to_string())),
        }
        let mut start = record
            .position()
            .map_or(scanned, |p| usize::try_from(p.byte()).unwrap_or(scanned))
            .clamp(scanned, bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        breaks_before += bytes[scanned..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count() as u64;
        scanned = start;
        let number =
            u32::try_from(1 + breaks_before - embedded.min(breaks_before)).unwrap_or(u32::MAX);
        embedded += record
            .iter()
            .map(|f| f.matches('\n').count() as u64)
            .sum::<u64>();
        let cells = record
            .iter()
            .map(|f| {
                if f.trim().is_empty() {
                    Cell::Empty
                } else {
                    Cell::Text(f.to_owned())
                }
            })
            .collect();
        rows.push(SheetRow { number, cells });
    }
    Ok(Sheet {
        kind: FileKind::Csv,
        first_column: 0,
        rows,
    })
}

fn read_xlsx(bytes: &[u8]) -> Result<Sheet, FileError> {
    use calamine::{Data, Reader, Xlsx};
    let mut workbook: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| FileError::BadWorkbook(e.to_string()))?;
    let range = workbook
        .worksheet_range_at(0)
        .ok_or_else(|| FileError::BadWorkbook("the workbook has no worksheet".into()))?
        .map_err(|e| FileError::BadWorkbook(e.to_string()))?;
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(index, row)| SheetRow {
            number: first_row + u32::try_from(index).unwrap_or(u32::MAX) + 1,
            cells: row
                .iter()
                .map(|cell| match cell {
                    Data::Empty => Cell::Empty,
                    Data::Int(i) => Cell::Number(*i as f64),
                    Data::Float(f) => Cell::Number(*f),
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        if s.trim().is_empty() {
                            Cell::Empty
                        } else {
                            Cell::Text(s.clone())
                        }
                    }
                    Data::Bool(b) => Cell::Bool(*b),
                    Data::DateTime(dt) if dt.is_datetime() => {
                        let (y, m, d, ..) = dt.to_ymd_hms_milli();
                        NaiveDate::from_ymd_opt(i32::from(y), u32::from(m), u32::from(d))
                            .map_or(Cell::Number(dt.as_f64()), Cell::Date)
                    }
                    Data::DateTime(dt) => Cell::Number(dt.as_f64()),
                    Data::Error(e) => Cell::Error(e.to_string()),
                })
                .collect(),
        })
        .collect();
    Ok(Sheet {
        kind: FileKind::Xlsx,
        first_column,
        rows,
    })
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column index.
pub fn column_letter(index: u32) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + u8::try_from(rem).unwrap_or(0)));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// Converts an Excel serial day number (1900 date system) to a date.
pub fn excel_serial_date(serial: f64) -> Option<NaiveDate> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    // Excel counts the non-existent 29 Feb 1900; from 1 Mar 1900 on the epoch is 30 Dec 1899.
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = if days < 61 { days + 1 } else { days };
    epoch.checked_add_signed(chrono::Duration::days(days))
}

// ---------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------

/// A value to write: the writers format it for the file type.
#[derive(Debug, Clone, PartialEq)]
pub enum OutValue {
    Text(String),
    /// A whole number.
    Integer(i64),
    /// Euro cents, written as euros with two decimals.
    Cents(i64),
    Date(NaiveDate),
    Empty,
}

/// A column to write: its header and width (in characters, for XLSX).
#[derive(Debug, Clone, Copy)]
pub struct OutColumn {
    pub header: &'static str,
    pub width: f64,
}

/// German date text `dd.mm.yyyy`.
pub fn german_date(date: NaiveDate) -> String {
    format!("{:02}.{:02}.{:04}", date.day(), date.month(), date.year())
}

/// Euro cents as `1234,56` (decimal comma, no thousands separator: German Excel reads it
/// as a number).
pub fn german_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs();
    format!("{sign}{},{:02}", abs / 100, abs % 100)
}

/// Text that a spreadsheet would run as a formula gets a leading apostrophe (CSV
/// injection); the import removes it again.
pub fn defuse(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// CSV for German Excel: UTF-8 with BOM, `;`, CRLF, dates `dd.mm.yyyy`, decimal comma.
pub fn write_csv(columns: &[OutColumn], rows: &[Vec<OutValue>]) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer
            .write_record(columns.iter().map(|c| c.header))
            .map_err(|e| e.to_string())?;
        for row in rows {
            writer
                .write_record(row.iter().map(|value| match value {
                    OutValue::Text(t) => defuse(t),
                    OutValue::Integer(i) => i.to_string(),
                    OutValue::Cents(c) => german_cents(*c),
                    OutValue::Date(d) => german_date(*d),
                    OutValue::Empty => String::new(),
                }))
                .map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

/// XLSX with a bold, frozen header row, an autofilter, column widths, date cells
/// (`TT.MM.JJJJ`) and euro amounts as numbers.
pub fn write_xlsx(
    sheet_name: &str,
    columns: &[OutColumn],
    rows: &[Vec<OutValue>],
) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Color, ExcelDateTime, Format, FormatBorder, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name(sheet_name).map_err(err)?;
    let header = Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xDDE5F0))
        .set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let money = Format::new().set_num_format("#,##0.00 \"€\"");
    let text = Format::new().set_num_format("@");
    for (col, column) in columns.iter().enumerate() {
        let col = u16::try_from(col).map_err(|e| e.to_string())?;
        sheet
            .write_string_with_format(0, col, column.header, &header)
            .map_err(err)?;
        sheet.set_column_width(col, column.width).map_err(err)?;
    }
    for (index, row) in rows.iter().enumerate() {
        let r = u32::try_from(index + 1).map_err(|e| e.to_string())?;
        for (col, value) in row.iter().enumerate() {
            let col = u16::try_from(col).map_err(|e| e.to_string())?;
            match value {
                OutValue::Text(t) => {
                    sheet
                        .write_string_with_format(r, col, t, &text)
                        .map_err(err)?;
                }
                OutValue::Integer(i) => {
                    sheet.write_number(r, col, *i as f64).map_err(err)?;
                }
                OutValue::Cents(c) => {
                    sheet
                        .write_number_with_format(r, col, *c as f64 / 100.0, &money)
                        .map_err(err)?;
                }
                OutValue::Date(d) => {
                    let year = u16::try_from(d.year()).map_err(|e| e.to_string())?;
                    let value = ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
                        .map_err(err)?;
                    sheet
                        .write_datetime_with_format(r, col, &value, &date)
                        .map_err(err)?;
                }
                OutValue::Empty => {}
            }
        }
    }
    let last_col = u16::try_from(columns.len().saturating_sub(1)).map_err(|e| e.to_string())?;
    let last_row = u32::try_from(rows.len()).map_err(|e| e.to_string())?;
    sheet.autofilter(0, 0, last_row, last_col).map_err(err)?;
    sheet.set_freeze_panes(1, 2).map_err(err)?;
    workbook.save_to_buffer().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiters_are_detected_outside_quotes() {
        assert_eq!(delimiter("a;b;c\n1,2;3"), b';');
        assert_eq!(delimiter("a,b,\"c;d\"\n"), b',');
        assert_eq!(delimiter("a\tb\n"), b'\t');
        assert_eq!(delimiter("Titel\n"), b';');
    }

    #[test]
    fn windows_1252_is_decoded() {
        assert_eq!(
            decode_text(b"Ma\xDFnahme;Priorit\xE4t"),
            "Maßnahme;Priorität"
        );
        assert_eq!(decode_text("\u{feff}Ä".as_bytes()), "Ä");
    }

    #[test]
    fn column_letters_continue_after_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn excel_serials_become_dates() {
        assert_eq!(
            excel_serial_date(45_658.0),
            NaiveDate::from_ymd_opt(2025, 1, 1)
        );
        assert_eq!(excel_serial_date(61.0), NaiveDate::from_ymd_opt(1900, 3, 1));
        assert_eq!(excel_serial_date(0.0), None);
    }

    #[test]
    fn csv_rows_are_numbered_as_a_spreadsheet_shows_them() {
        let sheet = read_csv(b"Titel;Beschreibung\nA;\"zwei\nZeilen\"\n\nB;x\n").expect("csv");
        let numbers: Vec<u32> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, vec![1, 2, 4]);
    }

    #[test]
    fn files_are_recognised_by_their_first_bytes() {
        assert_eq!(detect(b"PK\x03\x04rest"), Ok(FileKind::Xlsx));
        assert_eq!(detect(b"Titel;Ziele\n"), Ok(FileKind::Csv));
        assert_eq!(detect(b"  \n"), Err(FileError::Empty));
        assert_eq!(
            detect(&[0xD0, 0xCF, 0x11, 0xE0, 0, 0]),
            Err(FileError::LegacyExcel)
        );
        assert_eq!(detect(&[1, 2, 3, 0, 5]), Err(FileError::Unsupported));
    }

    #[test]
    fn amounts_use_a_decimal_comma() {
        assert_eq!(german_cents(123_456), "1234,56");
        assert_eq!(german_cents(5), "0,05");
        assert_eq!(defuse("=HYPERLINK()"), "'=HYPERLINK()");
        assert_eq!(defuse("Titel"), "Titel");
    }
}
