//! Demo maturity data (Beispieldaten): the Ist-Analyse 2022 as the baseline round plus the
//! rounds 2024 (approved) and 2026 (submitted, awaiting approval) for every department, with
//! levels rising over time and targets (Soll); about thirty findings of the Ist-Analyse
//! traced to the measures and goals that answer them (some unanswered); and maturity targets
//! on the demo measures, so that some gaps are covered and others are not.
//!
//! [`load_demo`] runs on the demo loader's connection (usually its transaction), after
//! departments, goals, users and measures exist. It looks everything up itself: departments
//! and goals by code, measures by keywords in their titles, editors by their departments.
//! Everything is deterministic: the same database gives the same demo data.

use std::collections::HashMap;

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder,
};

use super::super::audit::{self, Action};
use super::super::entities::{
    department, goal, maturity_assessment, maturity_measure_target, maturity_round,
    maturity_round_department, measure, measure_goal, user, user_department,
};
use super::super::{Actor, StoreError, StoreResult};
use super::findings::{self, FindingInput};
use super::{entity_type, load_model, models};
use crate::domain::access::Role;
use crate::domain::maturity::{Answer, AssessmentMethod, RoundState, Severity};

/// What [`load_demo`] created.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MaturityDemoSummary {
    pub model_id: i32,
    /// Ist-Analyse 2022, Reifegraderhebung 2024, Reifegraderhebung 2026.
    pub round_ids: Vec<i32>,
    pub assessments: usize,
    pub findings: usize,
    pub measure_targets: usize,
}

/// Rows per multi-row insert (SQLite allows 999 bind parameters).
const CHUNK: usize = 40;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("demo dates are valid")
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 9, 0, 0)
        .single()
        .expect("demo timestamps are valid")
}

/// The dimension a measure raises, from keywords in its title (first match wins).
fn dimension_of(title: &str) -> Option<&'static str> {
    const RULES: &[(&str, &[&str])] = &[
        (
            "interoperabilitaet",
            &[
                "anbindung",
                "geoinformation",
                "rechenzentrum",
                "xrechnung",
                "3d-stadtmodell",
            ],
        ),
        (
            "daten",
            &[
                "informationssicherheit",
                "notfall",
                "datenkatalog",
                "open-data",
                "zwei-faktor",
                "firewall",
                "transparenz",
                "haushalt im internet",
            ],
        ),
        (
            "prozesse",
            &[
                "e-akte",
                "dokumentenmanagement",
                "personalakte",
                "scan",
                "prozess",
                "sitzungsdienst",
                "signatur",
                "vertragsmanagement",
                "e-vergabe",
                "mitarbeiterportal",
            ],
        ),
        (
            "buergerservice",
            &[
                "ozg",
                "online",
                "bürgerkonto",
                "website",
                "chatbot",
                "bauantrag",
                "e-payment",
                "bescheid",
                "mängelmelder",
                "terminal",
                "urkunden",
                "beteiligung",
                "wohnsitz",
                "eltern-app",
            ],
        ),
        (
            "infrastruktur",
            &[
                "server",
                "glasfaser",
                "wlan",
                "notebook",
                "telefonie",
                "patchmanagement",
                "tablets",
                "it-support",
                "tafeln",
                "kollaboration",
            ],
        ),
        (
            "kompetenzen",
            &[
                "schulung",
                "lotsen",
                "führungskräfte",
                "personalgewinnung",
                "lernplattform",
                "mobiles arbeiten",
                "sprechstunde",
            ],
        ),
        (
            "strategie",
            &["board", "portfolio", "dashboard", "kennzahlen"],
        ),
        (
            "nachhaltigkeit",
            &["green it", "energie", "straßenbeleuchtung"],
        ),
    ];
    let title = title.to_lowercase();
    RULES
        .iter()
        .find(|(_, words)| words.iter().any(|w| title.contains(w)))
        .map(|(code, _)| *code)
}

/// The Handlungsfeld (goal code) a dimension belongs to in the demo goal tree.
fn field_of_action(dimension: &str) -> &'static str {
    match dimension {
        "buergerservice" => "HF1",
        "prozesse" | "interoperabilitaet" => "HF2",
        "infrastruktur" => "HF3",
        "kompetenzen" | "strategie" => "HF4",
        "daten" => "HF5",
        _ => "HF7",
    }
}

/// One finding of the Ist-Analyse: department code, dimension, severity, source, date,
/// text, and a keyword of the answering measure's title (`None`: unanswered).
type FindingSpec = (
    Option<&'static str>,
    &'static str,
    Severity,
    &'static str,
    (i32, u32, u32),
    &'static str,
    Option<&'static str>,
);

const FINDINGS: &[FindingSpec] = &[
    (
        Some("FB 3.1"),
        "buergerservice",
        Severity::High,
        "Interview",
        (2022, 5, 17),
        "Termine im Bürgerbüro werden nur telefonisch vergeben; zu Stoßzeiten ist die Leitung dauerhaft belegt und es bilden sich lange Warteschlangen.",
        Some("online-terminvergabe"),
    ),
    (
        Some("FB 3.1"),
        "buergerservice",
        Severity::High,
        "Interview",
        (2022, 5, 17),
        "Online-Anträge aus dem Portal des Freistaats werden ausgedruckt und von Hand in das Meldeverfahren übertragen.",
        Some("bürgerkonto"),
    ),
    (
        Some("FB 2.1"),
        "prozesse",
        Severity::High,
        "Interview",
        (2022, 5, 24),
        "Eingangsrechnungen laufen auf Papier durch bis zu fünf Hände; Skontofristen werden regelmäßig versäumt.",
        Some("rechnungseingang"),
    ),
    (
        Some("FB 2"),
        "prozesse",
        Severity::Medium,
        "Interview",
        (2022, 5, 24),
        "Akten werden ausschließlich auf Papier geführt; die Registratur ist überfüllt und Vorgänge sind in Vertretungsfällen schwer auffindbar.",
        Some("e-akte-einführung im fb 2"),
    ),
    (
        None,
        "prozesse",
        Severity::High,
        "Dokumentenanalyse",
        (2022, 6, 30),
        "Es gibt kein verwaltungsweites Dokumentenmanagementsystem; jeder Fachbereich legt Dateien nach eigener Struktur auf Netzlaufwerken ab.",
        Some("dokumentenmanagementsystem"),
    ),
    (
        Some("FB 4.1"),
        "prozesse",
        Severity::High,
        "Interview",
        (2022, 6, 2),
        "Bauakten lagern im Keller und müssen für jede Auskunft herausgesucht werden; Bauanträge gehen in bis zu sieben Papierausfertigungen ein.",
        Some("e-akte im fb 4"),
    ),
    (
        Some("FB 4.1"),
        "buergerservice",
        Severity::Medium,
        "Interview",
        (2022, 6, 2),
        "Bauanträge können nicht elektronisch eingereicht werden, obwohl der Freistaat den digitalen Bauantrag anbietet.",
        Some("digitaler bauantrag"),
    ),
    (
        Some("FB 1.2"),
        "prozesse",
        Severity::Medium,
        "Interview",
        (2022, 5, 19),
        "Urlaubs- und Dienstreiseanträge laufen auf Papierformularen mit mehreren Unterschriften.",
        Some("mitarbeiterportal"),
    ),
    (
        Some("FB 1.2"),
        "kompetenzen",
        Severity::High,
        "Beschäftigtenumfrage",
        (2022, 7, 8),
        "Zwei Drittel der Beschäftigten wünschen sich Schulungen zu Office-Anwendungen und Fachverfahren; ein Fortbildungsangebot zu digitalen Themen fehlt.",
        Some("schulungsprogramm"),
    ),
    (
        None,
        "kompetenzen",
        Severity::Medium,
        "Workshop",
        (2022, 7, 12),
        "Digitalisierungsthemen hängen an wenigen engagierten Personen; in den Fachbereichen gibt es keine festen Ansprechpersonen.",
        Some("digitalisierungslotsinnen"),
    ),
    (
        None,
        "strategie",
        Severity::High,
        "Interview",
        (2022, 7, 20),
        "Digitalisierungsvorhaben werden nicht priorisiert; Entscheidungen fallen einzeln, ohne Überblick über Kosten und Abhängigkeiten.",
        Some("portfoliosteuerung"),
    ),
    (
        None,
        "strategie",
        Severity::Medium,
        "Dokumentenanalyse",
        (2022, 6, 30),
        "Im Haushalt sind Mittel für Digitalisierung nicht gesondert ausgewiesen; Vorhaben werden aus Restmitteln finanziert.",
        None,
    ),
    (
        Some("FB 1.1"),
        "daten",
        Severity::High,
        "Interview",
        (2022, 5, 12),
        "Es gibt weder eine Informationssicherheitsbeauftragte noch einen -beauftragten und kein Sicherheitskonzept nach BSI IT-Grundschutz.",
        Some("informationssicherheitsbeauftragten"),
    ),
    (
        Some("FB 1.1"),
        "daten",
        Severity::High,
        "Interview",
        (2022, 5, 12),
        "Die Datensicherung wird nicht regelmäßig auf Wiederherstellbarkeit getestet; ein Notfallhandbuch fehlt.",
        Some("notfallmanagement"),
    ),
    (
        Some("FB 1.1"),
        "infrastruktur",
        Severity::Medium,
        "Interview",
        (2022, 5, 12),
        "Server und Speichersysteme sind über acht Jahre alt; die Wartungsverträge laufen 2023 aus.",
        Some("server- und speicherinfrastruktur"),
    ),
    (
        None,
        "infrastruktur",
        Severity::High,
        "Beschäftigtenumfrage",
        (2022, 7, 8),
        "Mobiles Arbeiten ist nur mit privaten Geräten und ohne Zugriff auf die Fachverfahren möglich.",
        Some("mobile arbeitsplätze"),
    ),
    (
        Some("FB 5.1"),
        "infrastruktur",
        Severity::High,
        "Interview",
        (2022, 6, 14),
        "Die Schulen haben kein flächendeckendes WLAN; die Bandbreite reicht für digitalen Unterricht nicht aus.",
        Some("wlan in allen"),
    ),
    (
        Some("FB 5.1"),
        "buergerservice",
        Severity::Medium,
        "Interview",
        (2022, 6, 14),
        "Kita-Plätze werden in jeder Einrichtung einzeln über Papierformulare vergeben; Eltern melden sich mehrfach an.",
        Some("kita-plätze"),
    ),
    (
        Some("FB 3.2"),
        "buergerservice",
        Severity::Medium,
        "Interview",
        (2022, 5, 31),
        "Gewerbeanmeldungen sind nur persönlich möglich; Gebühren werden bar kassiert.",
        Some("gewerbeanmeldung"),
    ),
    (
        Some("FB 3.2"),
        "interoperabilitaet",
        Severity::Medium,
        "Interview",
        (2022, 5, 31),
        "Zwischen Gewerbe- und Meldeverfahren gibt es keine Schnittstelle; Daten werden doppelt erfasst.",
        None,
    ),
    (
        Some("FB 4.2"),
        "interoperabilitaet",
        Severity::Medium,
        "Interview",
        (2022, 6, 9),
        "Geodaten liegen in mehreren Insellösungen; andere Fachbereiche erhalten Pläne als PDF per E-Mail.",
        Some("geoinformationssystem"),
    ),
    (
        None,
        "daten",
        Severity::Medium,
        "Workshop",
        (2022, 7, 12),
        "Niemand weiß verlässlich, welche Daten wo gepflegt werden; Verantwortliche für Datenbestände sind nicht festgelegt.",
        Some("datenkatalog"),
    ),
    (
        None,
        "daten",
        Severity::Low,
        "Dokumentenanalyse",
        (2022, 6, 30),
        "Die Stadt veröffentlicht keine offenen Daten, obwohl Haushalts-, Geo- und Verkehrsdaten vorliegen.",
        Some("open-data"),
    ),
    (
        None,
        "nachhaltigkeit",
        Severity::Medium,
        "Dokumentenanalyse",
        (2022, 6, 30),
        "Der Papierverbrauch der Verwaltung ist seit 2019 gestiegen; an fast jedem Arbeitsplatz steht ein eigener Drucker.",
        None,
    ),
    (
        None,
        "nachhaltigkeit",
        Severity::Low,
        "Interview",
        (2022, 5, 12),
        "Bei der IT-Beschaffung spielen Energieverbrauch und Umweltzeichen keine Rolle.",
        Some("green it"),
    ),
    (
        Some("FB 1"),
        "prozesse",
        Severity::Medium,
        "Interview",
        (2022, 5, 19),
        "Sitzungsunterlagen für den Stadtrat werden gedruckt und durch Boten verteilt, über 10.000 Seiten je Sitzungsrunde.",
        Some("sitzungsdienst"),
    ),
    (
        Some("FB 1"),
        "prozesse",
        Severity::Low,
        "Interview",
        (2022, 5, 19),
        "Verträge werden in Ordnern mehrerer Ämter geführt; Kündigungsfristen werden in persönlichen Kalendern überwacht.",
        Some("vertragsmanagement"),
    ),
    (
        Some("FB 5"),
        "kompetenzen",
        Severity::Medium,
        "Interview",
        (2022, 6, 21),
        "Führungskräfte sehen Digitalisierung als Aufgabe der IT und nicht als eigene Führungsaufgabe.",
        Some("führungskräfte-workshops"),
    ),
    (
        Some("FB 2.1"),
        "strategie",
        Severity::Low,
        "Interview",
        (2022, 5, 24),
        "Auswertungen für die Haushaltssteuerung werden von Hand in Tabellen zusammengestellt.",
        Some("kennzahlen-dashboard"),
    ),
    (
        None,
        "buergerservice",
        Severity::Medium,
        "Bürgerumfrage",
        (2022, 7, 1),
        "Bürgerinnen und Bürger bemängeln, dass die Website unübersichtlich und nicht barrierefrei ist.",
        Some("relaunch"),
    ),
    (
        Some("FB 3.1"),
        "kompetenzen",
        Severity::Low,
        "Interview",
        (2022, 5, 17),
        "Ältere Menschen brauchen Unterstützung bei Online-Diensten; ein Angebot dafür fehlt.",
        Some("sprechstunde"),
    ),
    (
        Some("FB 5.1"),
        "interoperabilitaet",
        Severity::Medium,
        "Interview",
        (2022, 6, 14),
        "Die Schulverwaltungsprogramme der Schulen sind nicht mit der Stadtverwaltung verbunden; Schülerzahlen werden telefonisch abgefragt.",
        None,
    ),
];

/// Deterministic "random" number 0..modulus for a (department, dimension, salt) triple.
fn spread(department: usize, dimension: usize, salt: usize, modulus: usize) -> usize {
    (department * 7 + dimension * 13 + department * dimension * 3 + salt * 11) % modulus
}

/// Baseline (2022) level per dimension, before the department's own offset.
const BASELINE: [i32; 8] = [1, 1, 1, 1, 0, 1, 1, 0];

/// Loads the demo maturity data on `conn` (see the module documentation). `officer_user_id`
/// conducts the Ist-Analyse interviews and approves the rounds; self-assessments are made by
/// each department's first editor (or the officer where a department has none).
pub async fn load_demo<C: ConnectionTrait>(
    conn: &C,
    officer_user_id: i32,
) -> StoreResult<MaturityDemoSummary> {
    let officer = user::Entity::find_by_id(officer_user_id)
        .one(conn)
        .await?
        .ok_or(StoreError::NotFound)?;
    let officer_actor = Actor {
        user_id: Some(officer.id),
        name: officer.display_name.clone(),
    };
    let system = Actor::system("Beispieldaten");
    let model_id = models::default_model_id(conn, &system).await?;
    let model = load_model(conn, model_id).await?;
    let dimensions: Vec<String> = model
        .definition
        .dimensions
        .iter()
        .map(|d| d.code.clone())
        .collect();

    let departments = department::Entity::find()
        .filter(department::Column::Active.eq(true))
        .order_by_asc(department::Column::Position)
        .order_by_asc(department::Column::Code)
        .all(conn)
        .await?;
    let department_by_code: HashMap<String, i32> =
        departments.iter().map(|d| (d.code.clone(), d.id)).collect();
    let goals: HashMap<String, i32> = goal::Entity::find()
        .all(conn)
        .await?
        .into_iter()
        .map(|g| (g.code, g.id))
        .collect();

    // The first editor of each department assesses it.
    let editors: HashMap<i32, (i32, String)> = user::Entity::find()
        .filter(user::Column::Role.eq(Role::Editor.as_str()))
        .order_by_asc(user::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| (u.id, (u.id, u.display_name)))
        .collect();
    let mut assessor: HashMap<i32, (i32, String)> = HashMap::new();
    for link in user_department::Entity::find()
        .order_by_asc(user_department::Column::UserId)
        .all(conn)
        .await?
    {
        if let Some(editor) = editors.get(&link.user_id) {
            assessor
                .entry(link.department_id)
                .or_insert_with(|| editor.clone());
        }
    }

    // Rounds.
    let department_ids: Vec<i32> = departments.iter().map(|d| d.id).collect();
    let rounds = [
        (
            "Ist-Analyse 2022",
            "Ausgangslage vor Inkrafttreten der Digitalisierungsstrategie: Interviews der \
             Digitalisierungsbeauftragten mit allen Fachbereichen und Abteilungen \
             (Beispieldaten).",
            date(2022, 7, 15),
            RoundState::Approved,
            at(2022, 9, 20),
        ),
        (
            "Reifegraderhebung 2024",
            "Erste Folgeerhebung als Selbsteinschätzung der Fachbereiche (Beispieldaten).",
            date(2024, 6, 28),
            RoundState::Approved,
            at(2024, 9, 12),
        ),
        (
            "Reifegraderhebung 2026",
            "Zweite Folgeerhebung als Selbsteinschätzung, teils mit Fragebogen; eingereicht, \
             Freigabe durch die Digitalisierungsbeauftragte steht aus (Beispieldaten).",
            date(2026, 10, 16),
            RoundState::Submitted,
            at(2026, 11, 13),
        ),
    ];
    let mut round_ids = Vec::new();
    for (title, description, round_date, state, decided_at) in rounds {
        let approved = state == RoundState::Approved;
        let row = maturity_round::Entity::insert(maturity_round::ActiveModel {
            title: Set(title.into()),
            description: Set(description.into()),
            round_date: Set(round_date),
            model_id: Set(model_id),
            includes_administration: Set(false),
            state: Set(state.as_str().into()),
            submitted_at: Set(Some(decided_at - chrono::Duration::days(14))),
            submitted_by: Set(Some(officer.id)),
            approved_at: Set(approved.then_some(decided_at)),
            approved_by: Set(approved.then_some(officer.id)),
            version: Set(3),
            created_at: Set(at(round_date.year(), 4, 1)),
            updated_at: Set(decided_at),
            ..Default::default()
        })
        .exec_with_returning(conn)
        .await?;
        if !department_ids.is_empty() {
            for chunk in department_ids.chunks(CHUNK * 5) {
                maturity_round_department::Entity::insert_many(chunk.iter().map(|d| {
                    maturity_round_department::ActiveModel {
                        round_id: Set(row.id),
                        department_id: Set(*d),
                    }
                }))
                .exec(conn)
                .await?;
            }
        }
        round_ids.push(row.id);
    }
    models::freeze(conn, model_id, round_ids[0], &system).await?;

    // Assessments: levels rise over time; targets (Soll) lie above.
    let mut rows = Vec::new();
    for (di, department) in departments.iter().enumerate() {
        // The IT department starts ahead, small departments behind.
        let offset = match department.code.as_str() {
            "FB 1.1" => 1,
            _ if spread(di, 0, 9, 4) == 0 => -1,
            _ => 0,
        };
        let (editor_id, editor_name) = assessor
            .get(&department.id)
            .cloned()
            .unwrap_or((officer.id, officer.display_name.clone()));
        for (ki, code) in dimensions.iter().enumerate() {
            let base = BASELINE.get(ki).copied().unwrap_or(1);
            let l2022 = (base + offset + i32::from(spread(di, ki, 1, 3) == 0)).clamp(0, 4);
            let l2024 = (l2022 + i32::from(spread(di, ki, 2, 5) < 3)).min(4);
            let l2026 = (l2024 + i32::from(spread(di, ki, 3, 5) < 3)).min(4);
            let t2022 = (l2022 + 2).clamp(2, 4);
            let t2024 = (l2024 + 1).max(t2022).min(4);
            // Where a department already is at 3 or more, it sometimes keeps its level.
            let t2026 = if l2026 >= 3 && spread(di, ki, 4, 3) == 0 {
                l2026
            } else {
                (l2026 + 1).clamp(3, 4)
            };
            let cells = [
                (
                    round_ids[0],
                    l2022,
                    t2022,
                    date(2025, 12, 31),
                    AssessmentMethod::Interview,
                    (officer.id, officer.display_name.clone()),
                    at(2022, 6, 1 + (di % 28) as u32),
                    evidence(2022, code),
                ),
                (
                    round_ids[1],
                    l2024,
                    t2024,
                    date(2026, 12, 31),
                    AssessmentMethod::SelfAssessment,
                    (editor_id, editor_name.clone()),
                    at(2024, 6, 1 + (di % 25) as u32),
                    evidence(2024, code),
                ),
                (
                    round_ids[2],
                    l2026,
                    t2026,
                    date(2028, 12, 31),
                    AssessmentMethod::SelfAssessment,
                    (editor_id, editor_name.clone()),
                    at(2026, 10, 1 + (di % 14) as u32),
                    evidence(2026, code),
                ),
            ];
            for (i, (round_id, level, target, target_date, method, who, when, text)) in
                cells.into_iter().enumerate()
            {
                // In 2026 the first four departments answered the questionnaire for two
                // dimensions; the answers reproduce the level (⌊mean⌋).
                let answers =
                    (i == 2 && di < 4 && (code == "prozesse" || code == "buergerservice"))
                        .then(|| questionnaire_answers(&model.definition, code, level))
                        .flatten();
                rows.push(maturity_assessment::ActiveModel {
                    round_id: Set(round_id),
                    department_id: Set(Some(department.id)),
                    scope_key: Set(department.id),
                    dimension_code: Set(code.clone()),
                    actual_level: Set(Some(level)),
                    target_level: Set(Some(target)),
                    target_date: Set(Some(target_date)),
                    evidence: Set(text),
                    method: Set(method.as_str().into()),
                    answers: Set(answers.map(|a| serde_json::to_string(&a).unwrap_or_default())),
                    assessed_by: Set(Some(who.0)),
                    assessed_by_name: Set(who.1),
                    assessed_at: Set(when),
                    version: Set(1),
                    created_at: Set(when),
                    updated_at: Set(when),
                    ..Default::default()
                });
            }
        }
    }
    let assessments = rows.len();
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<_> = rows.by_ref().take(CHUNK).collect();
        maturity_assessment::Entity::insert_many(chunk)
            .exec(conn)
            .await?;
    }

    // Maturity targets of the measures: central departments' measures for cross-cutting
    // dimensions (infrastructure, security and data, skills, steering) raise the dimension
    // for everyone; every other measure raises its lead department's level. Dimensions
    // like processes or citizen services thus stay uncovered where a department has no
    // measure of its own.
    let central: Vec<i32> = ["FB 1", "FB 1.1", "FB 1.2"]
        .iter()
        .filter_map(|c| department_by_code.get(*c).copied())
        .collect();
    let measures = measure::Entity::find()
        .filter(measure::Column::Archived.eq(false))
        .order_by_asc(measure::Column::Code)
        .all(conn)
        .await?;
    let mut targets = Vec::new();
    for (i, m) in measures.iter().enumerate() {
        let Some(dimension) = dimension_of(&m.title) else {
            continue;
        };
        if !dimensions.iter().any(|d| d == dimension) {
            continue;
        }
        let cross_cutting = matches!(
            dimension,
            "infrastruktur" | "daten" | "kompetenzen" | "strategie"
        );
        let department_id = if cross_cutting && central.contains(&m.lead_department_id) {
            None
        } else {
            Some(m.lead_department_id)
        };
        targets.push(maturity_measure_target::ActiveModel {
            measure_id: Set(m.id),
            dimension_code: Set(dimension.into()),
            department_id: Set(department_id),
            expected_level: Set(if i % 3 == 0 { 4 } else { 3 }),
            position: Set(0),
            ..Default::default()
        });
    }
    let measure_targets = targets.len();
    let mut targets = targets.into_iter().peekable();
    while targets.peek().is_some() {
        let chunk: Vec<_> = targets.by_ref().take(CHUNK * 3).collect();
        maturity_measure_target::Entity::insert_many(chunk)
            .exec(conn)
            .await?;
    }

    // Findings of the Ist-Analyse with the measures (and their goals) that answer them.
    let mut measure_goals: HashMap<i32, Vec<i32>> = HashMap::new();
    for link in measure_goal::Entity::find().all(conn).await? {
        measure_goals
            .entry(link.measure_id)
            .or_default()
            .push(link.goal_id);
    }
    let mut finding_count = 0;
    for (department_code, dimension, severity, source, (y, m, d), text, keyword) in FINDINGS {
        let answering = keyword.and_then(|k| {
            measures
                .iter()
                .find(|measure| measure.title.to_lowercase().contains(k))
        });
        let (measure_ids, goal_ids) = match answering {
            Some(measure) => (
                vec![measure.id],
                measure_goals.get(&measure.id).cloned().unwrap_or_default(),
            ),
            None => (
                Vec::new(),
                goals
                    .get(field_of_action(dimension))
                    .map(|g| vec![*g])
                    .unwrap_or_default(),
            ),
        };
        findings::insert(
            conn,
            FindingInput {
                text: (*text).into(),
                department_id: department_code.and_then(|c| department_by_code.get(c).copied()),
                dimension_code: Some((*dimension).into()),
                severity: *severity,
                source: (*source).into(),
                source_date: Some(date(*y, *m, *d)),
                round_id: Some(round_ids[0]),
                goal_ids,
                measure_ids,
            },
            &officer_actor,
        )
        .await?;
        finding_count += 1;
    }

    let summary = MaturityDemoSummary {
        model_id,
        round_ids,
        assessments,
        findings: finding_count,
        measure_targets,
    };
    audit::record(
        conn,
        &system,
        entity_type::ROUND,
        None,
        Action::Create,
        None,
        Some(&serde_json::json!({
            "event": "maturity demo data loaded",
            "model_id": summary.model_id,
            "round_ids": summary.round_ids,
            "assessments": summary.assessments,
            "findings": summary.findings,
            "measure_targets": summary.measure_targets,
        })),
    )
    .await?;
    Ok(summary)
}

/// Answers whose ⌊mean⌋ is `level`: the first question one level higher (if possible), the
/// others exactly `level`.
fn questionnaire_answers(
    definition: &crate::domain::maturity::ModelDefinition,
    code: &str,
    level: i32,
) -> Option<Vec<Answer>> {
    let dimension = definition.dimension(code)?;
    if dimension.questions.len() < 2 {
        return None;
    }
    dimension
        .questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let wanted = if i == 0 {
                (level + 1).min(definition.levels.max)
            } else {
                level
            };
            q.options
                .iter()
                .find(|o| o.level == wanted)
                .map(|o| Answer {
                    question_code: q.code.clone(),
                    option_code: o.code.clone(),
                })
        })
        .collect()
}

/// A short evidence text for a demo assessment.
fn evidence(year: i32, dimension: &str) -> String {
    let what = match dimension {
        "strategie" => "Vorhabenliste und Haushaltsansätze",
        "prozesse" => "Aktenplan, Prozessbeschreibungen und Stichprobe laufender Vorgänge",
        "buergerservice" => "Leistungskatalog und Online-Angebot auf der Website",
        "daten" => "Verzeichnis der Verarbeitungstätigkeiten und Sicherheitsleitlinie",
        "interoperabilitaet" => "Übersicht der Fachverfahren und Schnittstellen",
        "infrastruktur" => "Inventar der Arbeitsplätze und Netzanbindung",
        "kompetenzen" => "Fortbildungsstatistik und Gespräch mit der Bereichsleitung",
        _ => "Druck- und Papierstatistik, Beschaffungsrichtlinie",
    };
    match year {
        2022 => format!("Interview im Rahmen der Ist-Analyse; gesichtet: {what}."),
        _ => format!("Selbsteinschätzung {year}; Grundlage: {what}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measure_titles_map_to_the_dimension_they_raise() {
        assert_eq!(
            dimension_of("E-Akte-Einführung im FB 2 Finanzen"),
            Some("prozesse")
        );
        assert_eq!(
            dimension_of("Online-Terminvergabe im Bürgerbüro"),
            Some("buergerservice")
        );
        assert_eq!(
            dimension_of("Anbindung der Online-Dienste an das Bürgerkonto"),
            Some("interoperabilitaet")
        );
        assert_eq!(
            dimension_of("Green IT: Energieverbrauch der IT senken"),
            Some("nachhaltigkeit")
        );
        assert_eq!(dimension_of("Tätigkeitsbericht"), None);
    }

    #[test]
    fn there_are_about_thirty_findings_and_some_stay_unanswered() {
        assert!((28..=34).contains(&FINDINGS.len()));
        assert!(FINDINGS.iter().filter(|f| f.6.is_none()).count() >= 3);
    }

    #[test]
    fn demo_questionnaire_answers_reproduce_the_level() {
        let document = models::default_model_document().expect("default model");
        let definition = document.definition();
        for level in 0..=4 {
            let answers =
                questionnaire_answers(&definition, "prozesse", level).expect("answers exist");
            let dimension = definition.dimension("prozesse").expect("dimension");
            let score = crate::domain::maturity::score_questionnaire(dimension, &answers)
                .expect("valid answers");
            assert_eq!(score.level, level);
        }
    }
}
