//! `/api/v1/measures/export` and `/api/v1/measures/import`: CSV and XLSX round trips
//! (export, import unchanged → no change, two cells changed → exactly those two changes),
//! a hand-made German sheet (own column names and order, German dates and numbers,
//! Windows-1252, an extra column), errors by row and column with nothing changed, dry
//! runs, who may export and import, and files that are not spreadsheets.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use kurs_api_tests::{ApiResponse, Roles, Session, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

async fn status_id(session: &Session, code: &str) -> i64 {
    let response = session.get("/api/v1/statuses").await;
    response.assert_status(200);
    response
        .body
        .as_array()
        .expect("statuses")
        .iter()
        .find(|s| s["code"] == code)
        .and_then(|s| s["id"].as_i64())
        .unwrap_or_else(|| panic!("no status {code}"))
}

async fn goal(session: &Session, code: &str, title: &str) -> i64 {
    let response = session
        .post("/api/v1/goals", json!({ "code": code, "title": title }))
        .await;
    response.assert_status(201);
    i64::from(response.id())
}

/// Two goals (Z1, Z2) and two measures M-001 (full) and M-002 (sparse, draft).
async fn seed(roles: &Roles) -> (i64, i64) {
    let z1 = goal(&roles.officer, "Z1", "Digitale Verwaltung").await;
    let z2 = goal(&roles.officer, "Z2", "Offene Daten").await;
    let in_progress = status_id(&roles.officer, "in_umsetzung").await;
    let planned = status_id(&roles.officer, "geplant").await;
    roles
        .officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M-001",
                "title": "E-Akte einführen",
                "description": "Zeile eins\nZeile zwei; mit Semikolon",
                "goal_ids": [z1, z2],
                "lead_department_id": roles.fb1,
                "participating_department_ids": [roles.fb2],
                "contact_name": "Erika Muster",
                "contact_email": "erika@example.org",
                "status_id": in_progress,
                "progress": 40,
                "planned_start": "2026-01-15",
                "planned_end": "2027-06-30",
                "priority": "high",
                "weight": 3,
                "budget_planned_cents": 12_345_678,
                "budget_spent_cents": 99,
                "visibility": "public",
            }),
        )
        .await
        .assert_status(201);
    roles
        .officer
        .post(
            "/api/v1/measures",
            json!({
                "code": "M-002",
                "title": "=Formel? Nein, ein Titel",
                "goal_ids": [z2],
                "lead_department_id": roles.fb2,
                "status_id": planned,
                "visibility": "draft",
            }),
        )
        .await
        .assert_status(201);
    (z1, z2)
}

async fn export(session: &Session, format: &str) -> (u16, Option<String>, Vec<u8>) {
    let response = session
        .request(
            Method::GET,
            &format!("/api/v1/measures/export?format={format}"),
        )
        .send()
        .await
        .expect("export request");
    let status = response.status().as_u16();
    let disposition = response
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let bytes = response.bytes().await.expect("export body").to_vec();
    (status, disposition, bytes)
}

async fn import(
    session: &Session,
    dry_run: bool,
    content_type: &str,
    body: Vec<u8>,
) -> ApiResponse {
    session
        .send_raw(
            Method::POST,
            &format!("/api/v1/measures/import?dry_run={dry_run}"),
            Some(content_type),
            body,
        )
        .await
}

async fn measure_by_code(session: &Session, code: &str) -> Value {
    let list = session
        .get("/api/v1/measures?per_page=200&include_archived=true")
        .await;
    list.assert_status(200);
    let id = list.body["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|m| m["code"] == code)
        .and_then(|m| m["id"].as_i64())
        .unwrap_or_else(|| panic!("no measure {code} in {}", list.body));
    let detail = session.get(&format!("/api/v1/measures/{id}")).await;
    detail.assert_status(200);
    detail.body
}

async fn measure_count(session: &Session) -> u64 {
    let list = session
        .get("/api/v1/measures?per_page=1&include_archived=true")
        .await;
    list.assert_status(200);
    list.body["total"].as_u64().expect("total")
}

fn csv_rows(bytes: &[u8]) -> Vec<Vec<String>> {
    let text =
        std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").expect("a BOM")).expect("UTF-8");
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .delimiter(b';')
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("a record").iter().map(str::to_owned).collect())
        .collect()
}

fn csv_bytes(rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        for row in rows {
            writer.write_record(row).expect("write");
        }
        writer.flush().expect("flush");
    }
    out
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == header)
        .unwrap_or_else(|| panic!("no column {header} in {:?}", rows[0]))
}

fn changes(report: &Value) -> Vec<(String, String, Value, Value)> {
    let mut found = Vec::new();
    for row in report["updated"].as_array().expect("updated") {
        for change in row["changes"].as_array().expect("changes") {
            found.push((
                row["code"].as_str().expect("code").to_owned(),
                change["field"].as_str().expect("field").to_owned(),
                change["from"].clone(),
                change["to"].clone(),
            ));
        }
    }
    found.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
    found
}

fn errors(report: &Value) -> Vec<(u64, String)> {
    let mut found: Vec<(u64, String)> = report["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            (
                e["row"].as_u64().expect("row"),
                e["column"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    found.sort();
    found
}

#[tokio::test]
async fn a_csv_export_reimports_without_changes_and_two_edited_cells_are_two_changes() {
    let (app, roles) = TestApp::with_roles().await;
    seed(&roles).await;

    let (status, disposition, bytes) = export(&roles.officer, "csv").await;
    assert_eq!(status, 200);
    assert!(
        disposition.is_some_and(|d| d.contains("attachment") && d.contains(".csv")),
        "a CSV attachment"
    );
    let text = String::from_utf8(bytes.clone()).expect("UTF-8");
    assert!(text.starts_with('\u{feff}'), "UTF-8 with BOM");
    let header = text
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .expect("a header");
    assert!(
        header.starts_with("Kennung;Titel;Beschreibung;Ziele;Federführung;Beteiligte;Status;Fortschritt (%);Beginn (geplant);Ende (geplant)"),
        "{header}"
    );
    let rows = csv_rows(&bytes);
    assert_eq!(rows.len(), 3, "header and two measures: {rows:?}");
    let m1 = &rows[1];
    assert_eq!(m1[column(&rows, "Kennung")], "M-001");
    assert_eq!(m1[column(&rows, "Ziele")], "Z1; Z2");
    assert_eq!(m1[column(&rows, "Federführung")], "FB1");
    assert_eq!(m1[column(&rows, "Beteiligte")], "FB2");
    assert_eq!(m1[column(&rows, "Status")], "in Umsetzung");
    assert_eq!(m1[column(&rows, "Beginn (geplant)")], "15.01.2026");
    assert_eq!(m1[column(&rows, "Budget geplant (€)")], "123456,78");
    assert_eq!(m1[column(&rows, "Budget verbraucht (€)")], "0,99");
    assert_eq!(m1[column(&rows, "Priorität")], "hoch");
    assert_eq!(m1[column(&rows, "Sichtbarkeit")], "öffentlich");
    assert_eq!(
        m1[column(&rows, "Beschreibung")],
        "Zeile eins\nZeile zwei; mit Semikolon"
    );
    // A title that a spreadsheet would run as a formula is defused.
    assert_eq!(rows[2][column(&rows, "Titel")], "'=Formel? Nein, ein Titel");

    // The unchanged file: nothing to do.
    let audit_before = app.audit_count().await;
    let same = import(&roles.officer, false, "text/csv", bytes.clone()).await;
    same.assert_status(200);
    assert_eq!(same.body["rows"], 2, "{}", same.body);
    assert_eq!(same.body["unchanged"], 2, "{}", same.body);
    assert_eq!(same.body["created"], json!([]));
    assert_eq!(same.body["updated"], json!([]));
    assert_eq!(same.body["errors"], json!([]));
    assert_eq!(same.body["warnings"], json!([]));
    assert_eq!(app.audit_count().await, audit_before, "nothing written");

    // Two cells changed.
    let mut edited = rows.clone();
    let title = column(&rows, "Titel");
    let end = column(&rows, "Ende (geplant)");
    edited[1][title] = "E-Akte flächendeckend einführen".into();
    edited[2][end] = "31.12.2027".into();
    let before = measure_by_code(&roles.officer, "M-001").await;
    let dry = import(&roles.officer, true, "text/csv", csv_bytes(&edited)).await;
    dry.assert_status(200);
    assert_eq!(dry.body["dry_run"], true);
    assert_eq!(dry.body["applied"], false);
    assert_eq!(dry.body["unchanged"], 0);
    assert_eq!(
        changes(&dry.body),
        vec![
            (
                "M-001".into(),
                "title".into(),
                json!("E-Akte einführen"),
                json!("E-Akte flächendeckend einführen")
            ),
            (
                "M-002".into(),
                "planned_end".into(),
                Value::Null,
                json!("31.12.2027")
            ),
        ]
    );
    assert_eq!(
        measure_by_code(&roles.officer, "M-001").await["version"],
        before["version"],
        "a dry run changes nothing"
    );
    assert_eq!(app.audit_count().await, audit_before);

    let applied = import(&roles.officer, false, "text/csv", csv_bytes(&edited)).await;
    applied.assert_status(200);
    assert_eq!(applied.body["applied"], true);
    assert_eq!(changes(&applied.body).len(), 2);
    let after = measure_by_code(&roles.officer, "M-001").await;
    assert_eq!(after["title"], "E-Akte flächendeckend einführen");
    assert_eq!(
        after["version"].as_i64(),
        before["version"].as_i64().map(|v| v + 1),
        "one version bump"
    );
    assert_eq!(after["progress"], 40, "untouched values stay");
    assert_eq!(after["budget_planned_cents"], 12_345_678);
    let m2 = measure_by_code(&roles.officer, "M-002").await;
    assert_eq!(m2["planned_end"], "2027-12-31");
    assert_eq!(m2["title"], "=Formel? Nein, ein Titel");
    // Two measure audit entries and one for the import.
    assert_eq!(app.audit_count().await, audit_before + 3);
    let audit = roles
        .officer
        .get("/api/v1/audit?entity_type=measure_import")
        .await;
    audit.assert_status(200);
    assert_eq!(audit.body["total"], 1, "{}", audit.body);

    // And the new state exports and re-imports unchanged again.
    let (_, _, again) = export(&roles.officer, "csv").await;
    let same = import(&roles.officer, true, "text/csv", again).await;
    same.assert_status(200);
    assert_eq!(same.body["unchanged"], 2, "{}", same.body);
}

/// Reads the first worksheet of an XLSX file.
fn xlsx_cells(bytes: &[u8]) -> Vec<Vec<Data>> {
    let mut workbook: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("an XLSX file");
    assert_eq!(workbook.sheet_names(), vec!["Maßnahmen".to_owned()]);
    let range = workbook
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    range.rows().map(<[Data]>::to_vec).collect()
}

/// Writes cells back as a new workbook (dates as date cells, numbers as numbers).
fn xlsx_bytes(rows: &[Vec<Data>]) -> Vec<u8> {
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let sheet = workbook.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r).expect("row");
        for (c, cell) in row.iter().enumerate() {
            let c = u16::try_from(c).expect("column");
            match cell {
                Data::String(s) => {
                    sheet.write_string(r, c, s).expect("write");
                }
                Data::Float(f) => {
                    sheet.write_number(r, c, *f).expect("write");
                }
                Data::Int(i) => {
                    sheet.write_number(r, c, *i as f64).expect("write");
                }
                Data::DateTime(d) => {
                    sheet
                        .write_number_with_format(r, c, d.as_f64(), &date)
                        .expect("write");
                }
                Data::Empty => {}
                other => panic!("unexpected cell {other:?}"),
            }
        }
    }
    workbook.save_to_buffer().expect("an XLSX file")
}

fn xlsx_column(rows: &[Vec<Data>], header: &str) -> usize {
    rows[0]
        .iter()
        .position(|h| h == &Data::String(header.into()))
        .unwrap_or_else(|| panic!("no column {header}"))
}

#[tokio::test]
async fn an_xlsx_export_has_typed_cells_and_round_trips() {
    let (_app, roles) = TestApp::with_roles().await;
    seed(&roles).await;
    let (status, disposition, bytes) = export(&roles.admin, "xlsx").await;
    assert_eq!(status, 200);
    assert!(disposition.is_some_and(|d| d.contains(".xlsx")));
    let rows = xlsx_cells(&bytes);
    assert_eq!(rows.len(), 3);
    let start = xlsx_column(&rows, "Beginn (geplant)");
    match &rows[1][start] {
        Data::DateTime(d) => {
            assert!(d.is_datetime());
            assert_eq!(d.to_ymd_hms_milli().0..=d.to_ymd_hms_milli().0, 2026..=2026);
        }
        other => panic!("a date cell, not {other:?}"),
    }
    let budget = xlsx_column(&rows, "Budget geplant (€)");
    assert_eq!(rows[1][budget], Data::Float(123_456.78));
    let progress = xlsx_column(&rows, "Fortschritt (%)");
    assert_eq!(rows[1][progress], Data::Float(40.0));

    // Unchanged: nothing to do.
    let same = import(&roles.officer, false, XLSX, bytes.clone()).await;
    same.assert_status(200);
    assert_eq!(same.body["format"], "xlsx");
    assert_eq!(same.body["unchanged"], 2, "{}", same.body);

    // Rewritten by another program with two cells changed.
    let mut edited = rows.clone();
    edited[1][budget] = Data::Float(150_000.5);
    edited[2][progress] = Data::Float(15.0);
    let applied = import(&roles.officer, false, XLSX, xlsx_bytes(&edited)).await;
    applied.assert_status(200);
    assert_eq!(
        changes(&applied.body),
        vec![
            (
                "M-001".into(),
                "budget_planned_cents".into(),
                json!("123456,78"),
                json!("150000,50")
            ),
            ("M-002".into(), "progress".into(), json!("0"), json!("15")),
        ]
    );
    let m1 = measure_by_code(&roles.officer, "M-001").await;
    assert_eq!(m1["budget_planned_cents"], 15_000_050);
    let m2 = measure_by_code(&roles.officer, "M-002").await;
    assert_eq!(m2["progress"], 15);
    // A progress change is a status update (Sachstand) like any other.
    let updates = roles
        .officer
        .get(&format!("/api/v1/measures/{}/updates", m2["id"]))
        .await;
    updates.assert_status(200);
    assert_eq!(updates.body.as_array().map(Vec::len), Some(1));
}

#[tokio::test]
async fn a_hand_made_german_sheet_imports() {
    let (_app, roles) = TestApp::with_roles().await;
    seed(&roles).await;
    // Own column names in another order, an extra column, German dates and numbers,
    // written by Excel as Windows-1252 with `;`.
    let sheet = "Maßnahme;Fertigstellung (geplant);Federführung;Ziele;Budget (geplant) in EUR;Fortschritt in %;Bemerkung;Priorität;Sichtbarkeit;Beginn;Status\r\n\
                 Digitale Bauakte;31.12.27;Fachbereich 1;Z1, Z2;1.234,56 €;45 %;nur intern;Hoch;öffentlich;2026-02-01;In Umsetzung\r\n\
                 \r\n\
                 Open-Data-Portal;1.7.2027;FB2;Offene Daten;2.000;10;;niedrig;Entwurf;15.03.2026;geplant\r\n";
    let (encoded, _, unmappable) = encoding_rs_free_windows_1252(sheet);
    assert!(!unmappable);
    let report = import(&roles.officer, false, "text/csv", encoded).await;
    report.assert_status(200);
    assert_eq!(report.body["rows"], 2, "{}", report.body);
    let created = report.body["created"].as_array().expect("created");
    assert_eq!(
        created
            .iter()
            .map(|c| (
                c["row"].as_u64().unwrap_or(0),
                c["code"].as_str().unwrap_or("")
            ))
            .collect::<Vec<_>>(),
        vec![(2, "M-003"), (4, "M-004")],
        "blank row 3 is skipped, numbers as the spreadsheet shows them"
    );
    let warnings = report.body["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1, "{}", report.body);
    assert_eq!(warnings[0]["column"], "Bemerkung");
    assert_eq!(warnings[0]["row"], 1);

    let m = measure_by_code(&roles.officer, "M-003").await;
    assert_eq!(m["title"], "Digitale Bauakte");
    assert_eq!(m["planned_start"], "2026-02-01");
    assert_eq!(m["planned_end"], "2027-12-31");
    assert_eq!(m["lead_department_id"], roles.fb1);
    assert_eq!(m["goal_ids"].as_array().map(Vec::len), Some(2));
    assert_eq!(m["budget_planned_cents"], 123_456);
    assert_eq!(m["progress"], 45);
    assert_eq!(m["priority"], "high");
    assert_eq!(m["visibility"], "public");
    assert_eq!(m["version"], 1);
    let m4 = measure_by_code(&roles.officer, "M-004").await;
    assert_eq!(m4["lead_department_id"], roles.fb2);
    assert_eq!(m4["budget_planned_cents"], 200_000, "2.000 is two thousand");
    assert_eq!(m4["planned_end"], "2027-07-01");
    assert_eq!(m4["visibility"], "draft");
    assert_eq!(m4["priority"], "low");

    // The same plan as XLSX with date cells, Excel serial numbers and comma numbers.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    let date = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    for (c, h) in [
        "Bezeichnung",
        "Ende",
        "Federführung",
        "Ziele",
        "Kennung",
        "Fortschritt",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, u16::try_from(c).expect("col"), *h)
            .expect("write");
    }
    ws.write_string(1, 0, "Digitale Bauakte (2. Stufe)")
        .expect("write");
    ws.write_number_with_format(1, 1, 46_752.0, &date)
        .expect("write"); // 31.12.2027
    ws.write_string(1, 2, "fb1").expect("write");
    ws.write_string(1, 3, "Z1;Z2").expect("write");
    ws.write_string(1, 4, "M-003").expect("write");
    ws.write_number(1, 5, 0.5).expect("write"); // a cell formatted as 50 %
    let bytes = workbook.save_to_buffer().expect("xlsx");
    let report = import(&roles.officer, false, XLSX, bytes).await;
    report.assert_status(200);
    assert_eq!(
        changes(&report.body),
        vec![
            ("M-003".into(), "progress".into(), json!("45"), json!("50")),
            (
                "M-003".into(),
                "title".into(),
                json!("Digitale Bauakte"),
                json!("Digitale Bauakte (2. Stufe)")
            ),
        ]
    );
}

/// Windows-1252 for the characters this test uses (ä, ö, ü, ß, €); the test crate does
/// not depend on an encoding library.
fn encoding_rs_free_windows_1252(text: &str) -> (Vec<u8>, (), bool) {
    let mut out = Vec::new();
    let mut unmappable = false;
    for c in text.chars() {
        match c {
            'ä' => out.push(0xE4),
            'ö' => out.push(0xF6),
            'ü' => out.push(0xFC),
            'ß' => out.push(0xDF),
            '€' => out.push(0x80),
            c if c.is_ascii() => out.push(c as u8),
            _ => unmappable = true,
        }
    }
    (out, (), unmappable)
}

#[tokio::test]
async fn errors_are_named_by_row_and_column_and_nothing_changes() {
    let (app, roles) = TestApp::with_roles().await;
    seed(&roles).await;
    let count = measure_count(&roles.officer).await;
    let audit = app.audit_count().await;
    let sheet = "Kennung;Titel;Ziele;Federführung;Fortschritt (%);Ende (geplant);Beginn (geplant);Sichtbarkeit\n\
                 M-001;Neuer Titel;Z1;FB1;120;;;\n\
                 ;Gute Zeile;Z1;FB1;10;31.12.2026;;intern\n\
                 ;Schlechtes Datum;Z1;FB1;10;32.13.2026;;\n\
                 ;Unbekannte Einheit;Z1;Amt 99;;;;\n\
                 ;;Z1;FB1;;;;\n\
                 ;Ende vor Beginn;Z9;FB1;;01.01.2026;01.02.2026;geheim\n\
                 M-002;Doppelt;Z1;FB1;;;;\n\
                 M-002;Doppelt;Z1;FB1;;;;\n";
    let report = import(&roles.officer, false, "text/csv", sheet.as_bytes().to_vec()).await;
    report.assert_status(422);
    assert_eq!(report.body["applied"], false);
    assert_eq!(
        errors(&report.body),
        vec![
            (2, "Fortschritt (%)".into()),
            (4, "Ende (geplant)".into()),
            (5, "Federführung".into()),
            (6, "Titel".into()),
            (7, "Ende (geplant)".into()),
            (7, "Sichtbarkeit".into()),
            (7, "Ziele".into()),
            (9, "Kennung".into()),
        ],
        "{}",
        report.body
    );
    let messages: Vec<&str> = report.body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["message"].as_str())
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("32.13.2026")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("Amt 99")),
        "{messages:?}"
    );
    assert_eq!(
        measure_count(&roles.officer).await,
        count,
        "nothing created"
    );
    assert_eq!(app.audit_count().await, audit, "nothing written");
    assert_eq!(
        measure_by_code(&roles.officer, "M-001").await["title"],
        "E-Akte einführen"
    );

    // In an XLSX file the cell is named too.
    let mut workbook = rust_xlsxwriter::Workbook::new();
    let ws = workbook.add_worksheet();
    ws.write_string(0, 0, "Titel").expect("write");
    ws.write_string(0, 1, "Ziele").expect("write");
    ws.write_string(0, 2, "Federführung").expect("write");
    ws.write_string(0, 3, "Beginn (geplant)").expect("write");
    ws.write_string(1, 0, "X").expect("write");
    ws.write_string(1, 1, "Z1").expect("write");
    ws.write_string(1, 2, "FB1").expect("write");
    ws.write_string(1, 3, "morgen").expect("write");
    let report = import(
        &roles.officer,
        false,
        XLSX,
        workbook.save_to_buffer().expect("xlsx"),
    )
    .await;
    report.assert_status(422);
    assert_eq!(report.body["errors"][0]["cell"], "D2", "{}", report.body);
    assert_eq!(report.body["errors"][0]["column"], "Beginn (geplant)");

    // A sheet without a title column.
    let report = import(
        &roles.officer,
        true,
        "text/csv",
        b"Kennung;Ziele\nM-001;Z1\n".to_vec(),
    )
    .await;
    report.assert_status(422);
    assert_eq!(report.body["errors"][0]["code"], "required_column");
}

#[tokio::test]
async fn a_dry_run_reports_new_measures_without_creating_them() {
    let (app, roles) = TestApp::with_roles().await;
    seed(&roles).await;
    let count = measure_count(&roles.officer).await;
    let audit = app.audit_count().await;
    let sheet = "Titel;Ziele;Federführung\nNeu A;Z1;FB1\nNeu B;Z2;FB2\n";
    let report = import(&roles.officer, true, "text/csv", sheet.as_bytes().to_vec()).await;
    report.assert_status(200);
    assert_eq!(report.body["dry_run"], true);
    assert_eq!(report.body["created"][0]["code"], "M-003");
    assert_eq!(report.body["created"][1]["code"], "M-004");
    assert_eq!(measure_count(&roles.officer).await, count);
    assert_eq!(app.audit_count().await, audit);
    // Without the parameter it is a dry run as well.
    let report = roles
        .officer
        .send_raw(
            Method::POST,
            "/api/v1/measures/import",
            Some("text/csv"),
            sheet.as_bytes().to_vec(),
        )
        .await;
    report.assert_status(200);
    assert_eq!(report.body["dry_run"], true);
    assert_eq!(measure_count(&roles.officer).await, count);

    // As a form upload (one file field), applied.
    let body = format!(
        "--b0undary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plan.csv\"\r\nContent-Type: text/csv\r\n\r\n{sheet}\r\n--b0undary--\r\n"
    );
    let report = import(
        &roles.officer,
        false,
        "multipart/form-data; boundary=b0undary",
        body.into_bytes(),
    )
    .await;
    report.assert_status(200);
    assert_eq!(report.body["applied"], true);
    assert_eq!(measure_count(&roles.officer).await, count + 2);
}

#[tokio::test]
async fn only_officer_and_admin_import_and_everyone_exports_what_they_may_see() {
    let (_app, roles) = TestApp::with_roles().await;
    seed(&roles).await;
    let sheet = b"Titel;Ziele;Federf\xC3\xBChrung\nNeu;Z1;FB1\n".to_vec();
    for session in [&roles.editor1, &roles.council] {
        import(session, true, "text/csv", sheet.clone())
            .await
            .assert_problem(403, "forbidden");
    }
    import(&roles.admin, true, "text/csv", sheet.clone())
        .await
        .assert_status(200);
    roles
        .officer
        .without_token()
        .send_raw(
            Method::POST,
            "/api/v1/measures/import",
            Some("text/csv"),
            sheet,
        )
        .await
        .assert_status(401);
    let anonymous = roles
        .officer
        .without_token()
        .get("/api/v1/measures/export?format=csv")
        .await;
    anonymous.assert_status(401);

    // The council never sees the draft M-002; editor2 (FB2) sees it, editor1 not.
    let codes = |bytes: &[u8]| -> Vec<String> {
        let rows = csv_rows(bytes);
        let (_header, measures) = rows.split_first().expect("a header row");
        measures.iter().map(|r| r[0].clone()).collect()
    };
    let (status, _, council) = export(&roles.council, "csv").await;
    assert_eq!(status, 200);
    assert_eq!(codes(&council), vec!["M-001"]);
    let (_, _, editor1) = export(&roles.editor1, "csv").await;
    assert_eq!(codes(&editor1), vec!["M-001"]);
    let (_, _, editor2) = export(&roles.editor2, "csv").await;
    assert_eq!(codes(&editor2), vec!["M-001", "M-002"]);

    let bad = roles
        .officer
        .get("/api/v1/measures/export?format=pdf")
        .await;
    bad.assert_problem(400, "invalid_query");
}

#[tokio::test]
async fn files_that_are_not_spreadsheets_are_refused_with_a_reason() {
    let (_app, roles) = TestApp::with_roles().await;
    seed(&roles).await;
    let officer = &roles.officer;
    import(officer, true, "text/csv", Vec::new())
        .await
        .assert_problem(422, "empty_file");
    import(officer, true, "text/csv", b"\n\n  \n".to_vec())
        .await
        .assert_problem(422, "empty_file");
    import(
        officer,
        true,
        "application/octet-stream",
        vec![0, 159, 146, 150, 0, 1],
    )
    .await
    .assert_problem(422, "unsupported_file");
    import(
        officer,
        true,
        "application/vnd.ms-excel",
        vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
    )
    .await
    .assert_problem(422, "legacy_excel");
    import(officer, true, XLSX, b"PK\x03\x04 not really a zip".to_vec())
        .await
        .assert_problem(422, "unreadable_file");
    import(
        officer,
        true,
        "text/csv",
        b"Lorem ipsum dolor sit amet\nfoo\n".to_vec(),
    )
    .await
    .assert_problem(422, "no_known_columns");
    import(officer, true, "application/json", b"{}".to_vec())
        .await
        .assert_problem(415, "unsupported_content_type");
    let mut huge = b"Titel;Ziele\n".to_vec();
    huge.resize(11 * 1024 * 1024, b'x');
    import(officer, true, "text/csv", huge)
        .await
        .assert_problem(413, "payload_too_large");
}

#[tokio::test]
async fn a_few_hundred_rows_are_created_in_one_transaction() {
    let (app, roles) = TestApp::with_roles().await;
    seed(&roles).await;
    let count = measure_count(&roles.officer).await;
    let mut sheet = String::from("Titel;Ziele;Federführung;Budget geplant (€);Ende (geplant)\n");
    for i in 0..200 {
        sheet.push_str(&format!(
            "Maßnahme {i};Z1;FB2;{i},50;{:02}.03.2027\n",
            i % 28 + 1
        ));
    }
    let started = std::time::Instant::now();
    let report = import(&roles.officer, false, "text/csv", sheet.into_bytes()).await;
    report.assert_status(200);
    assert_eq!(report.body["created"].as_array().map(Vec::len), Some(200));
    assert_eq!(measure_count(&roles.officer).await, count + 200);
    eprintln!(
        "200 rows imported in {:?} on {:?}",
        started.elapsed(),
        app.backend
    );
}
