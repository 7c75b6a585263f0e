//! The invented measures (Maßnahmen) of the example administration. Each names its goals,
//! departments, planned months and a [`Course`]: how the measure went, from which the
//! history module derives status updates, milestones and progress. Dates here are written
//! as seen on [`super::REFERENCE_TODAY`] and shifted to the real day of loading.

use crate::domain::measure::{Priority, Visibility};
use crate::domain::traffic_light::TrafficLight;

/// A calendar month (year, month).
pub type Ym = (i32, u32);

/// What kind of work a measure is; decides its milestone titles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Selecting and introducing software (Fachverfahren, Plattform).
    Software,
    /// An online service (OZG-Leistung).
    Online,
    /// Rolling out the E-Akte or a procedure in a department.
    Rollout,
    /// Hardware, networks, buildings.
    Infrastructure,
    /// A concept, policy or agreement.
    Concept,
    /// A continuing programme (training, network, campaign).
    Programme,
    /// A data platform or publication.
    Platform,
    /// A pilot with sensors or partners.
    Pilot,
}

/// How a measure went, as of the reference day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Course {
    /// Planned; no status update yet (light: pending).
    NotStarted,
    /// Planned for later; one preparatory status update (status geplant, progress 0).
    Preparing,
    /// In progress and on schedule; reported in the latest rounds.
    OnTrack,
    /// In progress, about `lag` points behind the linear schedule (more than 25: red).
    Behind { lag: u8 },
    /// In progress beyond its planned end, at `progress` percent (red).
    Overrun { progress: u8 },
    /// In progress, but the last status update is from the given month (stale).
    Stale { last: Ym },
    /// In progress, one milestone open and overdue by `days` days.
    MilestoneLate { days: u16 },
    /// Completed in the given month.
    Completed { done: Ym },
    /// Deferred in the given month; `reconfirmed`: the department confirms it every round.
    Deferred { at: Ym, reconfirmed: bool },
    /// Cancelled in the given month.
    Cancelled { at: Ym },
}

/// One invented measure.
pub struct MeasureSpec {
    pub code: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    /// Ziele (goal codes) the measure serves.
    pub goals: &'static [&'static str],
    pub lead: &'static str,
    pub participants: &'static [&'static str],
    /// First month of the planned period.
    pub start: Ym,
    /// Last month of the planned period.
    pub end: Ym,
    pub kind: Kind,
    pub course: Course,
    pub weight: i32,
    pub priority: Priority,
    pub budget_eur: Option<i64>,
    pub visibility: Visibility,
    /// Measure-specific work items, quoted in the generated status updates.
    pub topics: &'static [&'static str],
    /// Risk, deferral or cancellation reason, quoted in the status updates ("" if none).
    pub note: &'static str,
    /// Codes of measures this one depends on (always earlier codes, so there is no cycle).
    pub depends_on: &'static [&'static str],
    /// The officer's override of the traffic light, with the written reason.
    pub light_override: Option<(TrafficLight, &'static str)>,
}

const BASE: MeasureSpec = MeasureSpec {
    code: "",
    title: "",
    description: "",
    goals: &[],
    lead: "FB 1.1",
    participants: &[],
    start: (2023, 1),
    end: (2023, 12),
    kind: Kind::Software,
    course: Course::OnTrack,
    weight: 3,
    priority: Priority::Medium,
    budget_eur: None,
    visibility: Visibility::Internal,
    topics: &[],
    note: "",
    depends_on: &[],
    light_override: None,
};

use Course::*;
use Kind::*;
use Priority::{High, Low, Medium};
use Visibility::{Draft, Internal, Public};

/// All demo measures, in code order.
pub const MEASURES: &[MeasureSpec] = &[
    // ── HF1 Bürgerservice und Onlinezugang ──────────────────────────────────────────────
    MeasureSpec {
        code: "M-001",
        title: "Online-Terminvergabe im Bürgerbüro",
        description: "Einführung eines Terminbuchungssystems für alle Anliegen des Bürgerbüros \
            (Ausweise, Meldewesen, Führerscheine) mit Erinnerung per E-Mail und Anzeige der \
            Wartenummern im Foyer.",
        goals: &["HF1.2"],
        lead: "FB 3.1",
        participants: &["FB 1.1"],
        start: (2023, 2),
        end: (2023, 9),
        kind: Software,
        course: Completed { done: (2023, 8) },
        weight: 3,
        priority: High,
        budget_eur: Some(18_500),
        visibility: Public,
        topics: &[
            "Konfiguration der Terminarten",
            "Wartenummernanzeige im Foyer",
            "Anbindung an den Kalender der Sachbearbeitung",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-002",
        title: "Anbindung der Online-Dienste an das Bürgerkonto",
        description: "Alle Online-Dienste der Stadt nutzen das landesweite Bürgerkonto für \
            Anmeldung und Identifizierung; Unternehmen melden sich mit dem Unternehmenskonto an.",
        goals: &["HF1.1"],
        lead: "FB 1.1",
        participants: &["FB 3.1"],
        start: (2023, 1),
        end: (2023, 12),
        kind: Software,
        course: Completed { done: (2023, 11) },
        weight: 4,
        priority: High,
        budget_eur: Some(12_000),
        visibility: Public,
        topics: &[
            "Registrierung beim Servicekonto",
            "Test der Anmeldung mit Online-Ausweis",
            "Anpassung der Formularserver-Konfiguration",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-003",
        title: "OZG-Leistung Gewerbeanmeldung, -ummeldung und -abmeldung online",
        description: "Gewerbeanzeigen können vollständig online gestellt werden; die Daten \
            fließen ohne Abtippen in das Gewerbeverfahren, die Weiterleitung an Kammern und \
            Finanzamt erfolgt elektronisch.",
        goals: &["HF1.1"],
        lead: "FB 3.2",
        participants: &["FB 1.1"],
        start: (2023, 4),
        end: (2024, 3),
        kind: Online,
        course: Completed { done: (2024, 2) },
        weight: 3,
        priority: High,
        budget_eur: Some(9_800),
        visibility: Public,
        topics: &[
            "Schnittstelle zum Gewerbeverfahren",
            "elektronische Weiterleitung an Kammern und Finanzamt",
        ],
        depends_on: &["M-002"],
        ..BASE
    },
    MeasureSpec {
        code: "M-004",
        title: "OZG-Leistung Bewohnerparkausweis online",
        description: "Antrag, Bezahlung und Ausstellung des Bewohnerparkausweises online, mit \
            automatischer Prüfung der Meldeadresse.",
        goals: &["HF1.1", "HF1.4"],
        lead: "FB 3.2",
        participants: &["FB 3.1", "FB 2.1"],
        start: (2024, 1),
        end: (2024, 9),
        kind: Online,
        course: Completed { done: (2024, 10) },
        weight: 2,
        priority: Medium,
        budget_eur: Some(6_500),
        visibility: Public,
        topics: &[
            "Abgleich mit dem Melderegister",
            "Online-Bezahlung der Gebühr",
        ],
        depends_on: &["M-002"],
        ..BASE
    },
    MeasureSpec {
        code: "M-005",
        title: "Elektronische Wohnsitzanmeldung",
        description: "Umzüge innerhalb Deutschlands können online gemeldet werden; die \
            Meldebestätigung wird digital ausgestellt, die Anschrift im Ausweis per \
            Aufkleber-Versand aktualisiert.",
        goals: &["HF1.1", "HF1.2"],
        lead: "FB 3.1",
        participants: &["FB 1.1"],
        start: (2024, 6),
        end: (2026, 12),
        kind: Online,
        course: OnTrack,
        weight: 4,
        priority: High,
        budget_eur: Some(14_000),
        visibility: Public,
        topics: &[
            "Anbindung an das Meldeverfahren",
            "Versandprozess für Adressaufkleber",
            "Rückfragen-Workflow bei unklaren Angaben",
        ],
        depends_on: &["M-002"],
        ..BASE
    },
    MeasureSpec {
        code: "M-006",
        title: "Online-Bezahlfunktion für alle Online-Dienste (E-Payment)",
        description: "Gebühren und Entgelte können in allen Online-Diensten per Giropay, \
            Kreditkarte oder Lastschrift bezahlt werden; Zahlungen werden automatisch in der \
            Stadtkasse verbucht.",
        goals: &["HF1.4", "HF2.3"],
        lead: "FB 2.1",
        participants: &["FB 1.1"],
        start: (2023, 6),
        end: (2024, 6),
        kind: Software,
        course: Completed { done: (2024, 5) },
        weight: 3,
        priority: High,
        budget_eur: Some(22_000),
        visibility: Public,
        topics: &[
            "Vertrag mit dem Zahlungsdienstleister",
            "automatische Verbuchung in der Stadtkasse",
        ],
        depends_on: &["M-002"],
        ..BASE
    },
    MeasureSpec {
        code: "M-007",
        title: "Digitale Bescheidzustellung über das Postfach des Bürgerkontos",
        description: "Bescheide (zunächst Grundsteuer, Hundesteuer, Gebühren) werden auf \
            Wunsch in das Postfach des Bürgerkontos zugestellt statt per Brief.",
        goals: &["HF1.4"],
        lead: "FB 1.1",
        participants: &["FB 2.1", "FB 3.1"],
        start: (2025, 1),
        end: (2026, 12),
        kind: Software,
        course: Behind { lag: 16 },
        weight: 3,
        priority: Medium,
        budget_eur: Some(16_000),
        visibility: Internal,
        topics: &[
            "Druckstraße und Postfach-Schnittstelle",
            "Einwilligungsverwaltung",
            "Pilot mit den Hundesteuerbescheiden",
        ],
        note: "Der Anbieter des Finanzverfahrens liefert die Postfach-Schnittstelle erst mit \
            dem übernächsten Release.",
        depends_on: &["M-002"],
        ..BASE
    },
    MeasureSpec {
        code: "M-008",
        title: "Barrierefreier Relaunch der städtischen Website",
        description: "Neue Website nach BITV 2.0 mit Lebenslagen-Navigation, einfacher Sprache \
            für die wichtigsten Seiten und direktem Einstieg in alle Online-Dienste.",
        goals: &["HF1.3"],
        lead: "FB 1",
        participants: &["FB 1.1"],
        start: (2025, 3),
        end: (2027, 2),
        kind: Software,
        course: OnTrack,
        weight: 4,
        priority: High,
        budget_eur: Some(65_000),
        visibility: Public,
        topics: &[
            "Lebenslagen-Navigation",
            "Texte in einfacher Sprache",
            "Barrierefreiheitsprüfung durch externe Prüfstelle",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-009",
        title: "Selbstbedienungsterminal im Bürgerbüro",
        description: "Terminal für Passfoto, Unterschrift und Fingerabdrücke, damit \
            Ausweisanträge schneller bearbeitet werden.",
        goals: &["HF1.2"],
        lead: "FB 3.1",
        participants: &[],
        start: (2026, 3),
        end: (2027, 2),
        kind: Infrastructure,
        course: OnTrack,
        weight: 2,
        priority: Low,
        budget_eur: Some(24_000),
        visibility: Internal,
        topics: &[
            "Standort und Stromanschluss im Foyer",
            "Anbindung an das Ausweisverfahren",
        ],
        depends_on: &["M-001"],
        ..BASE
    },
    MeasureSpec {
        code: "M-010",
        title: "Digitaler Assistent (Chatbot) auf der Website",
        description: "Ein Chatbot sollte häufige Fragen zu Öffnungszeiten, Unterlagen und \
            Gebühren beantworten.",
        goals: &["HF1.3"],
        lead: "FB 1",
        participants: &["FB 1.1", "FB 3.1"],
        start: (2025, 4),
        end: (2026, 6),
        kind: Software,
        course: Cancelled { at: (2025, 11) },
        weight: 1,
        priority: Low,
        budget_eur: Some(15_000),
        visibility: Internal,
        topics: &["Markterkundung", "Pilot mit Fragen zum Bürgerbüro"],
        note: "Die Markterkundung ergab ein ungünstiges Kosten-Nutzen-Verhältnis; stattdessen \
            werden die FAQ auf der neuen Website ausgebaut (M-008).",
        ..BASE
    },
    MeasureSpec {
        code: "M-011",
        title: "Digitaler Bauantrag",
        description: "Bauanträge und Anträge auf isolierte Befreiung können online eingereicht \
            werden; Planunterlagen werden digital an Fachstellen und Landratsamt weitergeleitet.",
        goals: &["HF1.1", "HF2.2"],
        lead: "FB 4.1",
        participants: &["FB 1.1"],
        start: (2024, 4),
        end: (2026, 6),
        kind: Online,
        course: Overrun { progress: 80 },
        weight: 4,
        priority: High,
        budget_eur: Some(28_000),
        visibility: Public,
        topics: &[
            "digitale Beteiligung der Fachstellen",
            "Plan-Viewer für großformatige Unterlagen",
            "Anbindung an das landesweite Portal",
        ],
        note: "Die landesweite Anbindung des Portals wurde vom Land verschoben.",
        light_override: Some((
            TrafficLight::Yellow,
            "Die städtischen Arbeiten sind abgeschlossen; offen ist nur die Anbindung an das \
             landesweite Portal, die das Land verschoben hat und die nicht in unserer Hand liegt. \
             Neuer Endtermin laut Mitteilung des Landes voraussichtlich im 1. Quartal 2027. \
             Daher gefährdet statt kritisch.",
        )),
        ..BASE
    },
    MeasureSpec {
        code: "M-012",
        title: "Online-Anmeldung für Kita-Plätze (Kita-Portal)",
        description: "Eltern melden ihren Betreuungsbedarf zentral online an; die Vergabe der \
            Plätze erfolgt transparent nach den beschlossenen Kriterien.",
        goals: &["HF1.1", "HF6.2"],
        lead: "FB 5.1",
        participants: &["FB 1.1"],
        start: (2025, 1),
        end: (2026, 12),
        kind: Online,
        course: OnTrack,
        weight: 3,
        priority: High,
        budget_eur: Some(19_000),
        visibility: Public,
        topics: &[
            "Abstimmung der Vergabekriterien mit den Trägern",
            "Anbindung der Kita-Verwaltungssoftware",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-013",
        title: "OZG-Leistung Hundesteuer An- und Abmeldung online",
        description: "An- und Abmeldung von Hunden online, mit automatischer Erstellung des \
            Steuerbescheids und Versand der Hundemarke.",
        goals: &["HF1.1"],
        lead: "FB 2.1",
        participants: &[],
        start: (2026, 1),
        end: (2027, 3),
        kind: Online,
        course: OnTrack,
        weight: 1,
        priority: Low,
        budget_eur: Some(4_500),
        visibility: Internal,
        topics: &[
            "Bescheiderstellung im Steuerverfahren",
            "Versand der Hundemarken",
        ],
        depends_on: &["M-006"],
        ..BASE
    },
    MeasureSpec {
        code: "M-014",
        title: "Online-Bestellung von Personenstandsurkunden",
        description: "Geburts-, Ehe- und Sterbeurkunden können online bestellt und bezahlt \
            werden; Versand per Post oder Abholung im Standesamt.",
        goals: &["HF1.1"],
        lead: "FB 3.2",
        participants: &["FB 2.1"],
        start: (2026, 1),
        end: (2026, 12),
        kind: Online,
        course: MilestoneLate { days: 21 },
        weight: 2,
        priority: Medium,
        budget_eur: Some(5_200),
        visibility: Public,
        topics: &[
            "Anbindung an das Personenstandsregister",
            "Gebührenberechnung",
        ],
        note: "Die Testumgebung des Fachverfahrens stand erst verspätet zur Verfügung.",
        depends_on: &["M-006"],
        ..BASE
    },
    MeasureSpec {
        code: "M-015",
        title: "Mängelmelder für Bürgerinnen und Bürger",
        description: "Schäden an Straßen, Beleuchtung oder Spielplätzen können per App oder \
            Website mit Foto und Standort gemeldet werden; der Bearbeitungsstand ist \
            öffentlich sichtbar.",
        goals: &["HF7.2", "HF1.3"],
        lead: "FB 4.2",
        participants: &["FB 3.2", "FB 1.1"],
        start: (2027, 2),
        end: (2027, 12),
        kind: Software,
        course: Preparing,
        weight: 2,
        priority: Medium,
        budget_eur: Some(12_000),
        visibility: Public,
        topics: &["Marktsichtung", "Zuständigkeiten im Bauhof"],
        ..BASE
    },
    // ── HF2 Digitale Verwaltungsprozesse und E-Akte ───────────────────────────────────────
    MeasureSpec {
        code: "M-016",
        title: "Auswahl und Einführung eines Dokumentenmanagementsystems (E-Akte-Basis)",
        description: "Ausschreibung, Auswahl und Grundinstallation des DMS als Basis der \
            E-Akte, mit einheitlichem Aktenplan für die gesamte Verwaltung.",
        goals: &["HF2.1"],
        lead: "FB 1.1",
        participants: &["FB 1"],
        start: (2023, 1),
        end: (2024, 6),
        kind: Software,
        course: Completed { done: (2024, 4) },
        weight: 5,
        priority: High,
        budget_eur: Some(240_000),
        visibility: Public,
        topics: &[
            "Ausschreibung des DMS",
            "einheitlicher Aktenplan",
            "Rollen- und Rechtekonzept",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-017",
        title: "E-Akte-Einführung im FB 2 Finanzen",
        description: "Umstellung der Aktenführung in Kämmerei, Steuern und Stadtkasse auf die \
            E-Akte, einschließlich der Anbindung des Finanzverfahrens.",
        goals: &["HF2.1", "HF2.3"],
        lead: "FB 2",
        participants: &["FB 2.1", "FB 1.1"],
        start: (2024, 9),
        end: (2027, 3),
        kind: Rollout,
        course: OnTrack,
        weight: 4,
        priority: High,
        budget_eur: Some(48_000),
        visibility: Internal,
        topics: &[
            "Schnittstelle zum Finanzverfahren",
            "Aktenplan der Kämmerei",
            "Scannen der laufenden Steuerakten",
        ],
        depends_on: &["M-016"],
        light_override: Some((
            TrafficLight::Yellow,
            "Rechnerisch im Plan, aber die Projektleiterin in der Kämmerei scheidet zum \
             Jahresende aus und die Nachbesetzung ist offen. Das gefährdet den Rollout in der \
             Stadtkasse im Frühjahr.",
        )),
        ..BASE
    },
    MeasureSpec {
        code: "M-018",
        title: "Digitale Personalakte",
        description: "Einführung der digitalen Personalakte mit Zugriffskonzept nach \
            Beamten- und Tarifrecht; Altakten werden schrittweise digitalisiert.",
        goals: &["HF2.1"],
        lead: "FB 1.2",
        participants: &["FB 1.1"],
        start: (2024, 7),
        end: (2026, 3),
        kind: Rollout,
        course: Overrun { progress: 70 },
        weight: 3,
        priority: Medium,
        budget_eur: Some(32_000),
        visibility: Internal,
        topics: &[
            "Zugriffskonzept mit dem Personalrat",
            "Digitalisierung der Altakten",
        ],
        note: "Die Dienstvereinbarung zur digitalen Personalakte ist noch nicht unterzeichnet.",
        depends_on: &["M-016"],
        ..BASE
    },
    MeasureSpec {
        code: "M-019",
        title: "E-Akte im FB 4 Bauen (Bauakten)",
        description: "Digitale Bauakte für alle neuen Verfahren und Digitalisierung des \
            Bauaktenarchivs nach Priorität (laufende Verfahren, dann Bestand ab 1990).",
        goals: &["HF2.1"],
        lead: "FB 4.1",
        participants: &["FB 4.2", "FB 1.1"],
        start: (2025, 1),
        end: (2027, 6),
        kind: Rollout,
        course: Behind { lag: 31 },
        weight: 4,
        priority: High,
        budget_eur: Some(110_000),
        visibility: Internal,
        topics: &[
            "Digitalisierung des Bauaktenarchivs",
            "Planformate bis DIN A0",
            "Übernahme in die E-Akte",
        ],
        note: "Der Scandienstleister hat den Vertrag gekündigt; die Neuvergabe läuft.",
        depends_on: &["M-016"],
        ..BASE
    },
    MeasureSpec {
        code: "M-020",
        title: "E-Akte in den FB 3 und FB 5",
        description: "Ausrollen der E-Akte in Bürgerservice, Ordnung, Bildung und Soziales nach \
            dem in FB 2 erprobten Vorgehen.",
        goals: &["HF2.1"],
        lead: "FB 1.1",
        participants: &["FB 3", "FB 5"],
        start: (2027, 1),
        end: (2027, 12),
        kind: Rollout,
        course: NotStarted,
        weight: 4,
        priority: Medium,
        budget_eur: Some(60_000),
        visibility: Internal,
        depends_on: &["M-017"],
        ..BASE
    },
    MeasureSpec {
        code: "M-021",
        title: "Zentrale Scanstelle und ersetzendes Scannen",
        description: "Aufbau einer zentralen Scanstelle für den Posteingang; ersetzendes \
            Scannen nach TR-RESISCAN, damit Papieroriginale vernichtet werden können.",
        goals: &["HF2.1", "HF2.2"],
        lead: "FB 1",
        participants: &["FB 1.1"],
        start: (2025, 3),
        end: (2027, 6),
        kind: Rollout,
        course: OnTrack,
        weight: 3,
        priority: Medium,
        budget_eur: Some(38_000),
        visibility: Internal,
        topics: &[
            "Verfahrensdokumentation nach TR-RESISCAN",
            "Posteingangsprozess",
            "Qualitätssicherung der Scans",
        ],
        depends_on: &["M-016"],
        ..BASE
    },
    MeasureSpec {
        code: "M-022",
        title: "Digitaler Rechnungseingang (XRechnung) und Rechnungsworkflow",
        description: "E-Rechnungen im Format XRechnung werden automatisch eingelesen, sachlich \
            und rechnerisch digital geprüft und ohne Papier angewiesen.",
        goals: &["HF2.3"],
        lead: "FB 2.1",
        participants: &["FB 1.1"],
        start: (2023, 3),
        end: (2024, 6),
        kind: Software,
        course: Completed { done: (2024, 9) },
        weight: 4,
        priority: High,
        budget_eur: Some(42_000),
        visibility: Public,
        topics: &[
            "Empfang über die zentrale Rechnungseingangsplattform",
            "Freigabeworkflow mit Vier-Augen-Prinzip",
            "Archivierung in der E-Akte",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-023",
        title: "Mitarbeiterportal für Urlaubs- und Reisekostenanträge",
        description: "Urlaub, Dienstreisen und Reisekosten werden im Self-Service beantragt und \
            genehmigt; die Daten gehen direkt in Zeiterfassung und Abrechnung.",
        goals: &["HF2.2", "HF3.3"],
        lead: "FB 1.2",
        participants: &["FB 1.1", "FB 2.1"],
        start: (2025, 2),
        end: (2027, 3),
        kind: Software,
        course: Stale { last: (2026, 5) },
        weight: 2,
        priority: Medium,
        budget_eur: Some(21_000),
        visibility: Internal,
        topics: &[
            "Genehmigungsworkflow",
            "Anbindung an die Zeiterfassung",
            "Reisekostenabrechnung",
        ],
        note: "Die zuständige Sachbearbeitung ist seit Monaten unbesetzt.",
        ..BASE
    },
    MeasureSpec {
        code: "M-024",
        title: "Prozesslandkarte und Prozessmanagement",
        description: "Erfassung der Kernprozesse aller Fachbereiche in einer Prozesslandkarte, \
            Modellierung der zwanzig wichtigsten Prozesse und jährliche Überprüfung.",
        goals: &["HF2.2", "HF4.3"],
        lead: "FB 1",
        participants: &["FB 1.2"],
        start: (2023, 2),
        end: (2027, 12),
        kind: Programme,
        course: OnTrack,
        weight: 3,
        priority: Medium,
        budget_eur: Some(30_000),
        visibility: Internal,
        topics: &[
            "Modellierung der Prozesse im Bürgerbüro",
            "Prozesssteckbriefe",
            "Workshops mit den Prozessverantwortlichen",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-025",
        title: "Papierloser Sitzungsdienst (Ratsinformationssystem)",
        description: "Einladungen, Vorlagen und Protokolle für Stadtrat und Ausschüsse werden \
            ausschließlich über das Ratsinformationssystem bereitgestellt.",
        goals: &["HF2.4", "HF5.3"],
        lead: "FB 1",
        participants: &["FB 1.1"],
        start: (2023, 1),
        end: (2023, 12),
        kind: Software,
        course: Completed { done: (2023, 10) },
        weight: 3,
        priority: High,
        budget_eur: Some(26_000),
        visibility: Public,
        topics: &[
            "Umstellung der Vorlagenerstellung",
            "Sitzungs-App für Mandatsträger",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-026",
        title: "Tablets für die Mitglieder des Stadtrats",
        description: "Ausstattung der Stadtratsmitglieder mit verwalteten Tablets und Schulung \
            in der Sitzungs-App.",
        goals: &["HF2.4"],
        lead: "FB 1.1",
        participants: &["FB 1"],
        start: (2023, 3),
        end: (2023, 6),
        kind: Infrastructure,
        course: Completed { done: (2023, 6) },
        weight: 2,
        priority: Medium,
        budget_eur: Some(19_800),
        visibility: Internal,
        topics: &["Geräteverwaltung (MDM)", "Schulung der Mandatsträger"],
        depends_on: &["M-025"],
        ..BASE
    },
    MeasureSpec {
        code: "M-027",
        title: "Elektronische Signatur und digitale Unterschriftenmappe",
        description: "Qualifizierte elektronische Signatur für zeichnungsberechtigte \
            Beschäftigte und digitale Umlaufmappe in der E-Akte.",
        goals: &["HF2.2"],
        lead: "FB 1.1",
        participants: &["FB 1"],
        start: (2025, 6),
        end: (2027, 3),
        kind: Software,
        course: Stale { last: (2026, 4) },
        weight: 2,
        priority: Medium,
        budget_eur: Some(11_000),
        visibility: Internal,
        topics: &["Signaturkarten und Lesegeräte", "Umlaufmappe in der E-Akte"],
        note: "Priorität zugunsten der Sicherheitsmaßnahmen zurückgenommen.",
        depends_on: &["M-016"],
        ..BASE
    },
    MeasureSpec {
        code: "M-028",
        title: "Digitales Vertragsmanagement",
        description: "Zentrale Übersicht aller Verträge mit Fristen, Kündigungsterminen und \
            Zuständigkeiten in der E-Akte.",
        goals: &["HF2.2", "HF2.3"],
        lead: "FB 2",
        participants: &["FB 1"],
        start: (2027, 1),
        end: (2027, 12),
        kind: Software,
        course: NotStarted,
        weight: 2,
        priority: Low,
        budget_eur: Some(15_000),
        visibility: Draft,
        depends_on: &["M-017"],
        ..BASE
    },
    MeasureSpec {
        code: "M-029",
        title: "Elektronische Vergabe (E-Vergabe)",
        description: "Ausschreibungen werden über eine Vergabeplattform veröffentlicht, Angebote \
            ausschließlich elektronisch entgegengenommen.",
        goals: &["HF2.3"],
        lead: "FB 2",
        participants: &["FB 4.1"],
        start: (2023, 9),
        end: (2024, 6),
        kind: Software,
        course: Completed { done: (2024, 6) },
        weight: 2,
        priority: Medium,
        budget_eur: Some(8_000),
        visibility: Internal,
        topics: &["Vergabeplattform", "Vorlagen für Vergabeunterlagen"],
        ..BASE
    },
    MeasureSpec {
        code: "M-030",
        title: "Migration des Finanzverfahrens in das kommunale Rechenzentrum",
        description: "Das Finanzverfahren wird als Dienstleistung aus dem kommunalen \
            Rechenzentrum bezogen; der eigene Server entfällt.",
        goals: &["HF2.3", "HF3.1"],
        lead: "FB 2.1",
        participants: &["FB 1.1"],
        start: (2025, 9),
        end: (2027, 3),
        kind: Infrastructure,
        course: Behind { lag: 14 },
        weight: 3,
        priority: High,
        budget_eur: Some(36_000),
        visibility: Internal,
        topics: &[
            "Datenmigration der Buchungsjahre",
            "Parallelbetrieb zum Jahresabschluss",
        ],
        note: "Der Migrationstermin des Rechenzentrums wurde um ein Quartal verschoben.",
        ..BASE
    },
    // ── HF3 IT-Infrastruktur und Informationssicherheit ───────────────────────────────────
    MeasureSpec {
        code: "M-031",
        title: "Informationssicherheitsmanagement nach BSI IT-Grundschutz",
        description: "Aufbau eines ISMS nach BSI-Standard 200-2: Strukturanalyse, \
            Schutzbedarfsfeststellung, Modellierung, Grundschutz-Check und jährliche \
            Fortschreibung des Sicherheitskonzepts.",
        goals: &["HF3.2"],
        lead: "FB 1.1",
        participants: &["FB 1"],
        start: (2023, 4),
        end: (2027, 6),
        kind: Concept,
        course: OnTrack,
        weight: 5,
        priority: High,
        budget_eur: Some(55_000),
        visibility: Public,
        topics: &[
            "Schutzbedarfsfeststellung",
            "Grundschutz-Check der Fachverfahren",
            "Fortschreibung des Sicherheitskonzepts",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-032",
        title: "Bestellung einer/eines Informationssicherheitsbeauftragten",
        description: "Bestellung und Qualifizierung einer/eines Informationssicherheitsbeauftragten \
            mit direktem Vortragsrecht beim Ersten Bürgermeister.",
        goals: &["HF3.2", "HF4.3"],
        lead: "FB 1",
        participants: &["FB 1.2"],
        start: (2023, 1),
        end: (2023, 6),
        kind: Concept,
        course: Completed { done: (2023, 4) },
        weight: 2,
        priority: High,
        budget_eur: Some(4_000),
        visibility: Internal,
        topics: &["Aufgabenbeschreibung", "Zertifikatslehrgang"],
        ..BASE
    },
    MeasureSpec {
        code: "M-033",
        title: "Notfallmanagement und Datensicherungskonzept",
        description: "Notfallhandbuch für den IT-Betrieb, Datensicherung nach der 3-2-1-Regel \
            mit einer unveränderlichen Kopie und jährlich geübte Wiederherstellung.",
        goals: &["HF3.2", "HF3.1"],
        lead: "FB 1.1",
        participants: &[],
        start: (2024, 1),
        end: (2027, 6),
        kind: Concept,
        course: MilestoneLate { days: 48 },
        weight: 4,
        priority: High,
        budget_eur: Some(45_000),
        visibility: Internal,
        topics: &[
            "unveränderliche Sicherungskopie",
            "Notfallhandbuch",
            "Wiederherstellungsübung",
        ],
        note: "Die Wiederherstellungsübung musste wegen der Migration des Finanzverfahrens \
            verschoben werden.",
        ..BASE
    },
    MeasureSpec {
        code: "M-034",
        title: "Erneuerung der Server- und Speicherinfrastruktur",
        description: "Ersatz der Server und des Speichersystems aus 2015 durch eine \
            virtualisierte, redundante Umgebung in zwei Brandabschnitten.",
        goals: &["HF3.1"],
        lead: "FB 1.1",
        participants: &[],
        start: (2023, 6),
        end: (2024, 12),
        kind: Infrastructure,
        course: Completed { done: (2024, 11) },
        weight: 4,
        priority: High,
        budget_eur: Some(380_000),
        visibility: Internal,
        topics: &[
            "zweiter Serverraum",
            "Migration der virtuellen Server",
            "Speichersystem mit Replikation",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-035",
        title: "Glasfaseranbindung der Außenstellen",
        description: "Bauhof, Kläranlage, Feuerwehrhäuser und Stadtbibliothek werden per \
            Glasfaser an das Verwaltungsnetz angebunden.",
        goals: &["HF3.1"],
        lead: "FB 1.1",
        participants: &["FB 4.2"],
        start: (2024, 3),
        end: (2027, 3),
        kind: Infrastructure,
        course: Behind { lag: 19 },
        weight: 3,
        priority: Medium,
        budget_eur: Some(210_000),
        visibility: Internal,
        topics: &[
            "Tiefbauarbeiten zur Kläranlage",
            "Anbindung der Feuerwehrhäuser",
            "Umstellung der Standleitungen",
        ],
        note: "Die Tiefbauarbeiten verzögern sich, weil die beauftragte Firma ausgelastet ist.",
        ..BASE
    },
    MeasureSpec {
        code: "M-036",
        title: "Kollaborationsplattform für Verwaltung und Rat",
        description: "Gemeinsame Ablage, Videokonferenzen und Chat auf einer \
            datenschutzkonformen Plattform, bevorzugt aus einer souveränen Cloud.",
        goals: &["HF3.3"],
        lead: "FB 1.1",
        participants: &["FB 1.2"],
        start: (2025, 1),
        end: (2027, 9),
        kind: Software,
        course: Deferred {
            at: (2025, 10),
            reconfirmed: true,
        },
        weight: 3,
        priority: Medium,
        budget_eur: Some(40_000),
        visibility: Internal,
        topics: &["Anforderungsanalyse", "Datenschutz-Folgenabschätzung"],
        note: "Die datenschutzrechtliche Bewertung der Anbieter steht aus; die Entscheidung \
            fällt nach der Empfehlung des Landesbeauftragten für den Datenschutz.",
        ..BASE
    },
    MeasureSpec {
        code: "M-037",
        title: "Mobile Arbeitsplätze: Notebooks und VPN für alle Beschäftigten",
        description: "Austausch der Desktop-PCs gegen Notebooks mit Dockingstation und sicherem \
            VPN-Zugang.",
        goals: &["HF3.3"],
        lead: "FB 1.1",
        participants: &["FB 1.2"],
        start: (2023, 2),
        end: (2024, 3),
        kind: Infrastructure,
        course: Completed { done: (2024, 3) },
        weight: 3,
        priority: High,
        budget_eur: Some(165_000),
        visibility: Internal,
        topics: &["Rollout der Notebooks", "VPN mit Zwei-Faktor-Anmeldung"],
        ..BASE
    },
    MeasureSpec {
        code: "M-038",
        title: "Telefonie über das Datennetz (Unified Communications)",
        description: "Ablösung der Telefonanlage durch Internettelefonie mit Softphone, \
            Präsenzanzeige und Anbindung an das Bürgertelefon.",
        goals: &["HF3.3", "HF3.1"],
        lead: "FB 1.1",
        participants: &["FB 3.1"],
        start: (2025, 9),
        end: (2027, 3),
        kind: Infrastructure,
        course: OnTrack,
        weight: 2,
        priority: Medium,
        budget_eur: Some(58_000),
        visibility: Internal,
        topics: &[
            "Rufnummernplan",
            "Softphones",
            "Warteschleife des Bürgertelefons",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-039",
        title: "Sensibilisierung für Informationssicherheit (Phishing-Übungen)",
        description: "Jährliche Online-Schulung für alle Beschäftigten und angekündigte \
            Phishing-Übungen mit anonymer Auswertung.",
        goals: &["HF3.2", "HF4.1"],
        lead: "FB 1.1",
        participants: &["FB 1.2"],
        start: (2024, 1),
        end: (2026, 12),
        kind: Programme,
        course: OnTrack,
        weight: 2,
        priority: Medium,
        budget_eur: Some(9_000),
        visibility: Internal,
        topics: &[
            "Phishing-Übung",
            "Online-Pflichtschulung",
            "Auswertung mit dem Personalrat",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-040",
        title: "Zwei-Faktor-Anmeldung für alle Fachverfahren",
        description: "Anmeldung mit zweitem Faktor für Fernzugriff, Administration und alle \
            Fachverfahren mit hohem Schutzbedarf.",
        goals: &["HF3.2"],
        lead: "FB 1.1",
        participants: &[],
        start: (2025, 10),
        end: (2027, 3),
        kind: Infrastructure,
        course: MilestoneLate { days: 12 },
        weight: 3,
        priority: High,
        budget_eur: Some(14_000),
        visibility: Internal,
        topics: &["Token-Verteilung", "Anbindung der Fachverfahren"],
        note: "Zwei Fachverfahren unterstützen den zweiten Faktor erst nach einem Update.",
        ..BASE
    },
    MeasureSpec {
        code: "M-041",
        title: "Automatisiertes Client- und Patchmanagement",
        description: "Softwareverteilung, Inventarisierung und Sicherheitsupdates für alle \
            Arbeitsplätze werden zentral und automatisch gesteuert.",
        goals: &["HF3.1", "HF3.2"],
        lead: "FB 1.1",
        participants: &[],
        start: (2025, 9),
        end: (2027, 6),
        kind: Software,
        course: OnTrack,
        weight: 2,
        priority: Medium,
        budget_eur: Some(23_000),
        visibility: Internal,
        topics: &["Softwarepakete", "Inventarisierung", "Patch-Zyklen"],
        ..BASE
    },
    MeasureSpec {
        code: "M-042",
        title: "Netzsegmentierung und Erneuerung der Firewall",
        description: "Trennung von Verwaltungsnetz, Schulnetz, Gebäudetechnik und Gästen; \
            Erneuerung der Firewall mit Protokollierung.",
        goals: &["HF3.2", "HF3.1"],
        lead: "FB 1.1",
        participants: &["FB 5.1"],
        start: (2026, 1),
        end: (2027, 6),
        kind: Infrastructure,
        course: OnTrack,
        weight: 3,
        priority: High,
        budget_eur: Some(47_000),
        visibility: Internal,
        topics: &["Netzplan", "Firewall-Regelwerk"],
        ..BASE
    },
    // ── HF4 Kompetenzen, Kultur und Organisation ──────────────────────────────────────────
    MeasureSpec {
        code: "M-043",
        title: "Schulungsprogramm digitale Kompetenzen",
        description: "Modulares Schulungsprogramm (Grundlagen, E-Akte, Online-Dienste, \
            Datenschutz) mit Lernpfaden je Rolle; Ziel: jede und jeder Beschäftigte einmal im \
            Jahr.",
        goals: &["HF4.1"],
        lead: "FB 1.2",
        participants: &["FB 1.1"],
        start: (2023, 4),
        end: (2026, 12),
        kind: Programme,
        course: OnTrack,
        weight: 4,
        priority: High,
        budget_eur: Some(48_000),
        visibility: Public,
        topics: &[
            "Lernpfade je Rolle",
            "Schulungen zur E-Akte",
            "Auswertung der Teilnahmequote",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-044",
        title: "Netzwerk der Digitalisierungslotsinnen und -lotsen",
        description: "In jedem Fachbereich unterstützt eine Lotsin oder ein Lotse Kolleginnen und \
            Kollegen bei neuen Verfahren und meldet Verbesserungsideen.",
        goals: &["HF4.2", "HF4.1"],
        lead: "FB 1",
        participants: &["FB 2", "FB 3", "FB 4", "FB 5"],
        start: (2023, 3),
        end: (2027, 12),
        kind: Programme,
        course: OnTrack,
        weight: 2,
        priority: Medium,
        budget_eur: Some(6_000),
        visibility: Internal,
        topics: &["Lotsentreffen", "Ideenbörse", "Einarbeitung neuer Lotsen"],
        ..BASE
    },
    MeasureSpec {
        code: "M-045",
        title: "Digitalisierungsboard und Portfoliosteuerung",
        description: "Ein Digitalisierungsboard aus Fachbereichsleitungen, IT und \
            Personalrat priorisiert die Maßnahmen und berichtet dem Stadtrat halbjährlich.",
        goals: &["HF4.3"],
        lead: "FB 1",
        participants: &["FB 1.1"],
        start: (2023, 1),
        end: (2023, 12),
        kind: Concept,
        course: Completed { done: (2023, 9) },
        weight: 3,
        priority: High,
        budget_eur: None,
        visibility: Internal,
        topics: &["Geschäftsordnung des Boards", "Priorisierungskriterien"],
        ..BASE
    },
    MeasureSpec {
        code: "M-046",
        title: "Führungskräfte-Workshops „Führen in der digitalen Verwaltung“",
        description: "Workshopreihe für Führungskräfte zu Veränderungsmanagement, Führen auf \
            Distanz und agilen Methoden.",
        goals: &["HF4.2"],
        lead: "FB 1.2",
        participants: &[],
        start: (2025, 1),
        end: (2027, 3),
        kind: Programme,
        course: Stale { last: (2026, 5) },
        weight: 2,
        priority: Low,
        budget_eur: Some(12_000),
        visibility: Internal,
        topics: &["Workshop Führen auf Distanz", "kollegiale Fallberatung"],
        note: "Der externe Trainer steht erst wieder im nächsten Jahr zur Verfügung.",
        ..BASE
    },
    MeasureSpec {
        code: "M-047",
        title: "Personalgewinnung für IT und Digitalisierung",
        description: "Stellenprofile, Ausbildung zur Fachinformatikerin / zum Fachinformatiker, \
            Kooperation mit der Hochschule und Arbeitsmarktzulage, um IT-Stellen zügig zu \
            besetzen.",
        goals: &["HF4.4"],
        lead: "FB 1.2",
        participants: &["FB 1.1"],
        start: (2024, 1),
        end: (2027, 12),
        kind: Programme,
        course: OnTrack,
        weight: 3,
        priority: High,
        budget_eur: Some(20_000),
        visibility: Public,
        topics: &[
            "Ausbildungsplatz Fachinformatik",
            "Kooperation mit der Hochschule",
            "Stellenprofile",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-048",
        title: "Dienstvereinbarung mobiles Arbeiten",
        description: "Dienstvereinbarung mit dem Personalrat zu mobilem Arbeiten, \
            Erreichbarkeit und Ausstattung.",
        goals: &["HF4.2", "HF3.3"],
        lead: "FB 1.2",
        participants: &["FB 1"],
        start: (2023, 1),
        end: (2023, 7),
        kind: Concept,
        course: Completed { done: (2023, 7) },
        weight: 2,
        priority: Medium,
        budget_eur: None,
        visibility: Internal,
        topics: &[
            "Verhandlungen mit dem Personalrat",
            "Regelungen zur Erreichbarkeit",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-049",
        title: "Lernplattform für Pflichtschulungen",
        description: "Eine Lernplattform bündelt Pflichtschulungen (Datenschutz, \
            Informationssicherheit, Arbeitsschutz) mit Nachweis der Teilnahme.",
        goals: &["HF4.1"],
        lead: "FB 1.2",
        participants: &["FB 1.1"],
        start: (2027, 1),
        end: (2027, 12),
        kind: Software,
        course: Preparing,
        weight: 2,
        priority: Medium,
        budget_eur: Some(18_000),
        visibility: Draft,
        topics: &[
            "Anforderungen der Fachbereiche",
            "Angebote anderer Kommunen",
        ],
        ..BASE
    },
    // ── HF5 Daten und Transparenz ─────────────────────────────────────────────────────────
    MeasureSpec {
        code: "M-050",
        title: "Datenkatalog und Datenverantwortliche",
        description: "Alle wesentlichen Datenbestände werden mit Inhalt, Aktualität und \
            Verantwortlichen katalogisiert; für jeden Bestand wird die Eignung als offene Daten \
            geprüft.",
        goals: &["HF5.2", "HF5.1"],
        lead: "FB 1.1",
        participants: &["FB 4.2", "FB 2"],
        start: (2025, 6),
        end: (2027, 6),
        kind: Platform,
        course: OnTrack,
        weight: 3,
        priority: Medium,
        budget_eur: Some(10_000),
        visibility: Public,
        topics: &[
            "Erhebung in den Fachbereichen",
            "Prüfung auf Veröffentlichung",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-051",
        title: "Open-Data-Portal",
        description: "Veröffentlichung offener Daten (Haushalt, Haltestellen, Parkplätze, \
            Bebauungspläne, Wahlergebnisse) unter offener Lizenz, mit Meldung an das \
            Bundesportal.",
        goals: &["HF5.1", "HF5.3"],
        lead: "FB 1.1",
        participants: &["FB 4.2"],
        start: (2025, 9),
        end: (2027, 9),
        kind: Platform,
        course: OnTrack,
        weight: 3,
        priority: Medium,
        budget_eur: Some(16_000),
        visibility: Public,
        topics: &[
            "Lizenzfragen",
            "erste Datensätze",
            "Meldung an das Bundesportal",
        ],
        depends_on: &["M-050"],
        ..BASE
    },
    MeasureSpec {
        code: "M-052",
        title: "Geoinformationssystem für alle Fachbereiche",
        description: "Ein Geoportal im Intranet stellt Flurkarten, Bebauungspläne, Leitungen und \
            Liegenschaften für alle Fachbereiche bereit.",
        goals: &["HF5.2"],
        lead: "FB 4.2",
        participants: &["FB 1.1", "FB 4.1"],
        start: (2024, 5),
        end: (2027, 4),
        kind: Platform,
        course: OnTrack,
        weight: 3,
        priority: Medium,
        budget_eur: Some(52_000),
        visibility: Internal,
        topics: &[
            "Bebauungspläne digitalisiert",
            "Leitungskataster",
            "Rechtekonzept",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-053",
        title: "Interaktiver Haushalt im Internet",
        description: "Der Haushalt wird auf der Website interaktiv dargestellt: Einnahmen, \
            Ausgaben und Investitionen nach Produktbereichen, mit Vorjahresvergleich.",
        goals: &["HF5.3"],
        lead: "FB 2",
        participants: &["FB 1.1"],
        start: (2025, 9),
        end: (2027, 6),
        kind: Platform,
        course: Deferred {
            at: (2026, 3),
            reconfirmed: false,
        },
        weight: 1,
        priority: Low,
        budget_eur: Some(9_500),
        visibility: Public,
        topics: &["Datenexport aus dem Finanzverfahren", "Visualisierung"],
        note: "Die Mittel sind im Zuge der Haushaltskonsolidierung gesperrt; Wiederaufnahme \
            frühestens mit dem Haushalt 2027.",
        depends_on: &["M-030"],
        ..BASE
    },
    MeasureSpec {
        code: "M-054",
        title: "Transparenzseite zur Digitalisierungsstrategie",
        description: "Die veröffentlichten Maßnahmen und Sachstandsberichte dieser Strategie \
            sind auf einer öffentlichen Seite einsehbar.",
        goals: &["HF5.3", "HF4.3"],
        lead: "FB 1",
        participants: &["FB 1.1"],
        start: (2026, 1),
        end: (2026, 12),
        kind: Platform,
        course: OnTrack,
        weight: 2,
        priority: Medium,
        budget_eur: Some(3_000),
        visibility: Public,
        topics: &[
            "Freigabeprozess der Berichte",
            "Veröffentlichung im Internet",
        ],
        depends_on: &["M-045"],
        ..BASE
    },
    MeasureSpec {
        code: "M-055",
        title: "Kennzahlen-Dashboard für die Verwaltungssteuerung",
        description: "Ausgewählte Kennzahlen (Fallzahlen, Bearbeitungszeiten, Online-Quote) \
            werden automatisch zusammengeführt und monatlich der Verwaltungsspitze berichtet.",
        goals: &["HF5.2", "HF4.3"],
        lead: "FB 2",
        participants: &["FB 1"],
        start: (2027, 4),
        end: (2028, 3),
        kind: Platform,
        course: NotStarted,
        weight: 2,
        priority: Low,
        budget_eur: Some(20_000),
        visibility: Internal,
        depends_on: &["M-050"],
        ..BASE
    },
    // ── HF6 Digitale Bildung ──────────────────────────────────────────────────────────────
    MeasureSpec {
        code: "M-056",
        title: "Glasfaseranschluss aller städtischen Schulen",
        description: "Alle vier Grundschulen und die Mittelschule erhalten einen \
            Glasfaseranschluss mit mindestens 1 Gbit/s.",
        goals: &["HF6.1"],
        lead: "FB 5.1",
        participants: &["FB 4.2", "FB 1.1"],
        start: (2023, 1),
        end: (2024, 6),
        kind: Infrastructure,
        course: Completed { done: (2024, 2) },
        weight: 3,
        priority: High,
        budget_eur: Some(135_000),
        visibility: Public,
        topics: &["Hausanschlüsse", "Förderantrag"],
        ..BASE
    },
    MeasureSpec {
        code: "M-057",
        title: "WLAN in allen Grund- und Mittelschulen",
        description: "Flächendeckendes, zentral verwaltetes WLAN in allen Unterrichtsräumen, \
            mit getrennten Netzen für Lehrkräfte, Schülerinnen und Schüler sowie Verwaltung.",
        goals: &["HF6.1"],
        lead: "FB 5.1",
        participants: &["FB 1.1"],
        start: (2023, 3),
        end: (2024, 9),
        kind: Infrastructure,
        course: Completed { done: (2024, 8) },
        weight: 4,
        priority: High,
        budget_eur: Some(420_000),
        visibility: Public,
        topics: &["Verkabelung der Klassenzimmer", "Ausleuchtungsmessung"],
        depends_on: &["M-056"],
        ..BASE
    },
    MeasureSpec {
        code: "M-058",
        title: "Medienentwicklungsplan und digitale Tafeln",
        description: "Fortschreibung des Medienentwicklungsplans mit den Schulen und Ausstattung \
            aller Klassenzimmer mit digitalen Tafeln und Dokumentenkameras.",
        goals: &["HF6.1"],
        lead: "FB 5.1",
        participants: &["FB 1.1"],
        start: (2024, 1),
        end: (2027, 7),
        kind: Infrastructure,
        course: OnTrack,
        weight: 4,
        priority: High,
        budget_eur: Some(560_000),
        visibility: Public,
        topics: &[
            "Ausstattung der Grundschule Nord",
            "Fortschreibung des Medienentwicklungsplans",
            "Einweisung der Lehrkräfte",
        ],
        depends_on: &["M-057"],
        ..BASE
    },
    MeasureSpec {
        code: "M-059",
        title: "IT-Support für Schulen",
        description: "Professionelle Systembetreuung der Schul-IT durch eine eigene Stelle und \
            einen Rahmenvertrag, damit Lehrkräfte nicht mehr selbst administrieren müssen.",
        goals: &["HF6.1", "HF4.4"],
        lead: "FB 5.1",
        participants: &["FB 1.1", "FB 1.2"],
        start: (2025, 1),
        end: (2027, 3),
        kind: Programme,
        course: Behind { lag: 33 },
        weight: 3,
        priority: High,
        budget_eur: Some(95_000),
        visibility: Internal,
        topics: &[
            "Stellenbesetzung Systembetreuung",
            "Rahmenvertrag mit Dienstleister",
        ],
        note: "Die Stelle der Systembetreuung ist nach zwei Ausschreibungen weiterhin \
            unbesetzt.",
        depends_on: &["M-057"],
        ..BASE
    },
    MeasureSpec {
        code: "M-060",
        title: "Digitale Angebote der Stadtbibliothek",
        description: "Ausbau der Onleihe, Selbstverbuchung und ein Makerspace mit 3D-Drucker und \
            Programmierkursen für Kinder und Jugendliche.",
        goals: &["HF6.2"],
        lead: "FB 5",
        participants: &[],
        start: (2025, 4),
        end: (2027, 6),
        kind: Programme,
        course: OnTrack,
        weight: 2,
        priority: Low,
        budget_eur: Some(34_000),
        visibility: Internal,
        topics: &["Selbstverbuchung", "Makerspace", "Programmierkurse"],
        ..BASE
    },
    MeasureSpec {
        code: "M-061",
        title: "Eltern-App für städtische Kitas",
        description: "Eine App sollte die Kommunikation zwischen Kitas und Eltern (Krankmeldung, \
            Termine, Elternbriefe) digitalisieren.",
        goals: &["HF6.2"],
        lead: "FB 5.1",
        participants: &["FB 1.1"],
        start: (2024, 9),
        end: (2025, 9),
        kind: Software,
        course: Cancelled { at: (2025, 3) },
        weight: 1,
        priority: Low,
        budget_eur: Some(8_000),
        visibility: Internal,
        topics: &["Anforderungen der Kitas", "Datenschutzprüfung"],
        note: "Die Träger der Einrichtungen haben sich für eigene Lösungen entschieden; ein \
            städtisches Angebot wird nicht mehr benötigt.",
        ..BASE
    },
    MeasureSpec {
        code: "M-062",
        title: "Digital-Sprechstunde für Seniorinnen und Senioren",
        description: "Ehrenamtliche Digitalpaten helfen in der Stadtbibliothek bei Smartphone, \
            Online-Diensten und Online-Ausweis.",
        goals: &["HF6.2", "HF1.3"],
        lead: "FB 5",
        participants: &["FB 3.1"],
        start: (2025, 4),
        end: (2027, 3),
        kind: Programme,
        course: OnTrack,
        weight: 1,
        priority: Medium,
        budget_eur: Some(3_500),
        visibility: Public,
        topics: &[
            "Gewinnung von Digitalpaten",
            "Sprechstunden in der Bibliothek",
        ],
        ..BASE
    },
    // ── HF7 Smart City und nachhaltige Stadt ──────────────────────────────────────────────
    MeasureSpec {
        code: "M-063",
        title: "Plattform für digitale Bürgerbeteiligung",
        description: "Online-Beteiligung zu Bauleitplanung, Verkehr und Haushalt, mit \
            Kartenkommentaren und Auswertung für den Stadtrat.",
        goals: &["HF7.2"],
        lead: "FB 1",
        participants: &["FB 4.2"],
        start: (2024, 4),
        end: (2025, 9),
        kind: Software,
        course: Completed { done: (2025, 9) },
        weight: 2,
        priority: Medium,
        budget_eur: Some(17_000),
        visibility: Public,
        topics: &[
            "erste Beteiligung zum Radverkehrskonzept",
            "Kartenkommentare",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-064",
        title: "Sensorik für Parkraum und Verkehr (Pilot)",
        description: "Pilot mit Parksensoren in der Altstadt und Verkehrszählung an zwei \
            Knotenpunkten über ein städtisches Funknetz.",
        goals: &["HF7.1"],
        lead: "FB 4.2",
        participants: &["FB 1.1", "FB 3.2"],
        start: (2025, 6),
        end: (2027, 6),
        kind: Pilot,
        course: Deferred {
            at: (2026, 1),
            reconfirmed: false,
        },
        weight: 2,
        priority: Low,
        budget_eur: Some(45_000),
        visibility: Public,
        topics: &["Funknetz-Gateways", "Parksensoren in der Altstadt"],
        note: "Der Förderbescheid steht aus; ohne Förderung ist der Pilot nicht finanziert.",
        ..BASE
    },
    MeasureSpec {
        code: "M-065",
        title: "Intelligente Straßenbeleuchtung",
        description: "Umrüstung der Straßenbeleuchtung auf LED mit Fernsteuerung und \
            bedarfsgerechter Dimmung.",
        goals: &["HF7.1", "HF7.3"],
        lead: "FB 4.2",
        participants: &[],
        start: (2024, 1),
        end: (2027, 12),
        kind: Infrastructure,
        course: OnTrack,
        weight: 3,
        priority: Medium,
        budget_eur: Some(720_000),
        visibility: Public,
        topics: &[
            "Umrüstung im Stadtteil Süd",
            "Steuerungsplattform",
            "Dimmprofile",
        ],
        ..BASE
    },
    MeasureSpec {
        code: "M-066",
        title: "Green IT: Energieverbrauch der IT senken",
        description: "Messung des Energieverbrauchs von Serverraum und Arbeitsplätzen, \
            Abschaltautomatik und Beschaffungskriterien nach Blauem Engel.",
        goals: &["HF7.3"],
        lead: "FB 1.1",
        participants: &[],
        start: (2026, 2),
        end: (2027, 6),
        kind: Concept,
        course: NotStarted,
        weight: 1,
        priority: Low,
        budget_eur: Some(7_000),
        visibility: Internal,
        ..BASE
    },
    MeasureSpec {
        code: "M-067",
        title: "3D-Stadtmodell",
        description: "Aufbau eines 3D-Stadtmodells aus Vermessungsdaten als Grundlage für \
            Planung, Beteiligung und Verschattungsanalysen.",
        goals: &["HF7.1", "HF5.2"],
        lead: "FB 4.2",
        participants: &["FB 4.1"],
        start: (2027, 6),
        end: (2028, 12),
        kind: Platform,
        course: NotStarted,
        weight: 2,
        priority: Low,
        budget_eur: Some(60_000),
        visibility: Draft,
        depends_on: &["M-052"],
        ..BASE
    },
    MeasureSpec {
        code: "M-068",
        title: "Hochwasser-Frühwarnung mit Pegelsensoren",
        description: "Pegelsensoren an zwei Zuflüssen der Pegnitz melden steigende Wasserstände \
            automatisch an Bauhof und Feuerwehr.",
        goals: &["HF7.1"],
        lead: "FB 4.2",
        participants: &["FB 3.2"],
        start: (2025, 10),
        end: (2027, 4),
        kind: Pilot,
        course: OnTrack,
        weight: 3,
        priority: High,
        budget_eur: Some(28_000),
        visibility: Public,
        topics: &[
            "Standorte der Pegelsensoren",
            "Alarmierungskette mit der Feuerwehr",
        ],
        ..BASE
    },
];
