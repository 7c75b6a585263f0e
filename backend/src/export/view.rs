//! The data the PDF template renders: one report with its changes, already formatted in
//! German, so the template only lays it out. Built from the (for the public version:
//! redacted) content; nothing here reads the database.

use serde::Serialize;

use super::format;
use crate::domain::report::{ReportContent, ReportMeasure};
use crate::domain::report_diff::MeasureChanges;
use crate::domain::traffic_light::TrafficLight;

/// Which version of the report: the internal one (signed-in users) or the public one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Variant {
    Internal,
    Public,
}

impl Variant {
    /// The cache key suffix (`pdf:internal`, `pdf:public`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Internal => "internal",
            Self::Public => "public",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Internal => "Interne Fassung",
            Self::Public => "Öffentliche Fassung",
        }
    }
}

/// The previous report, for the change section.
#[derive(Debug, Clone)]
pub struct PreviousRef {
    pub title: String,
    pub meeting_body: String,
    pub meeting_date: chrono::NaiveDate,
    pub withdrawn: bool,
}

#[derive(Serialize)]
struct Meeting {
    body: String,
    date: String,
    vorlage: String,
}

#[derive(Serialize)]
struct Round {
    title: String,
    deadline: String,
}

#[derive(Serialize)]
struct Strategy {
    title: String,
    resolution: String,
}

#[derive(Serialize)]
struct LightBar {
    key: &'static str,
    label: &'static str,
    count: u32,
}

#[derive(Serialize)]
struct Count {
    label: &'static str,
    count: u32,
}

#[derive(Serialize)]
struct Summary {
    intro: String,
    measure_count: u32,
    lights: Vec<LightBar>,
    lights_alt: String,
    fields_alt: String,
    statuses: Vec<Count>,
    progress: String,
    light: &'static str,
    light_key: &'static str,
    formula: String,
    light_formula: String,
}

#[derive(Serialize)]
struct Measure {
    code: String,
    title: String,
    department: String,
    status: String,
    light: &'static str,
    light_key: &'static str,
    progress: String,
    last_update_date: String,
    last_update_text: String,
}

#[derive(Serialize)]
struct Field {
    code: String,
    title: String,
    progress: String,
    progress_value: f64,
    light: &'static str,
    light_key: &'static str,
    formula: String,
    measure_count: usize,
    measures: Vec<Measure>,
}

#[derive(Serialize)]
struct ChangeRow {
    code: String,
    title: String,
    kind: String,
    from: String,
    to: String,
}

#[derive(Serialize)]
struct Changes {
    has_previous: bool,
    previous: String,
    note: String,
    rows: Vec<ChangeRow>,
}

#[derive(Serialize)]
struct OpenItem {
    code: String,
    title: String,
    department: String,
    state: String,
}

#[derive(Serialize)]
struct MaturityDimension {
    title: String,
    actual: String,
    target: String,
    difference: String,
}

#[derive(Serialize)]
struct Maturity {
    title: String,
    date: String,
    model: String,
    score: String,
    target_score: String,
    change: String,
    dimensions: Vec<MaturityDimension>,
}

#[derive(Serialize)]
struct Gap {
    subject: String,
    dimension: String,
    actual: String,
    target: String,
}

/// Everything the template reads from `/data.json`.
#[derive(Serialize)]
pub struct PdfView {
    title: String,
    author: String,
    variant_label: &'static str,
    meeting: Meeting,
    round: Round,
    as_of: String,
    frozen_at: String,
    frozen_by: String,
    hash: String,
    strategy: Strategy,
    immutability_note: &'static str,
    summary: Summary,
    fields: Vec<Field>,
    changes: Changes,
    open_items: Vec<OpenItem>,
    maturity: Option<Maturity>,
    gaps: Vec<Gap>,
}

fn opt_decimal(v: Option<f64>) -> String {
    v.map(format::decimal).unwrap_or_else(|| "–".into())
}

fn measure(m: &ReportMeasure) -> Measure {
    Measure {
        code: m.code.clone(),
        title: m.title.clone(),
        department: m.lead_department.name.clone(),
        status: m.status.name.clone(),
        light: format::light(m.light),
        light_key: format::light_key(m.light),
        progress: format!("{} %", m.progress),
        last_update_date: m
            .last_update
            .as_ref()
            .map(|u| format::date(u.date))
            .unwrap_or_default(),
        last_update_text: m
            .last_update
            .as_ref()
            .map(|u| u.narrative.clone())
            .unwrap_or_default(),
    }
}

/// The rows of the change section (and of the spreadsheet's change columns), by code.
pub fn change_rows(changes: &MeasureChanges) -> Vec<(String, String, String, String, String)> {
    let light = |l: Option<TrafficLight>| format::light(l).to_owned();
    let mut rows = Vec::new();
    for c in &changes.new_measures {
        rows.push((
            c.code.clone(),
            c.title.clone(),
            "neu".into(),
            "–".into(),
            "–".into(),
        ));
    }
    for c in &changes.removed_measures {
        rows.push((
            c.code.clone(),
            c.title.clone(),
            "nicht mehr im Bericht".into(),
            "–".into(),
            "–".into(),
        ));
    }
    for c in &changes.completed_measures {
        rows.push((
            c.code.clone(),
            c.title.clone(),
            "abgeschlossen".into(),
            "–".into(),
            "–".into(),
        ));
    }
    for c in &changes.cancelled_measures {
        rows.push((
            c.code.clone(),
            c.title.clone(),
            "abgebrochen".into(),
            "–".into(),
            "–".into(),
        ));
    }
    for c in &changes.status_changes {
        rows.push((
            c.measure.code.clone(),
            c.measure.title.clone(),
            "Status".into(),
            c.from.name.clone(),
            c.to.name.clone(),
        ));
    }
    for c in &changes.light_changes {
        rows.push((
            c.measure.code.clone(),
            c.measure.title.clone(),
            "Ampel".into(),
            light(c.from),
            light(c.to),
        ));
    }
    for c in &changes.progress_changes {
        rows.push((
            c.measure.code.clone(),
            c.measure.title.clone(),
            format!("Fortschritt ({:+} Punkte)", c.delta),
            format!("{} %", c.from),
            format!("{} %", c.to),
        ));
    }
    for c in &changes.target_changes {
        let (kind, show): (&str, fn(&str) -> String) = match c.field.as_str() {
            "planned_start" => ("Planbeginn", iso_to_german),
            "planned_end" => ("Planende", iso_to_german),
            _ => ("Budget geplant (€)", cents_text),
        };
        rows.push((
            c.measure.code.clone(),
            c.measure.title.clone(),
            kind.into(),
            c.from.as_deref().map_or_else(|| "–".into(), show),
            c.to.as_deref().map_or_else(|| "–".into(), show),
        ));
    }
    rows.sort_by(|a, b| crate::store::measures::natural_cmp(&a.0, &b.0));
    rows
}

fn iso_to_german(iso: &str) -> String {
    chrono::NaiveDate::parse_from_str(iso, "%Y-%m-%d")
        .map(format::date)
        .unwrap_or_else(|_| iso.to_owned())
}

fn cents_text(cents: &str) -> String {
    format::euros(cents.parse().ok())
}

/// Builds the template data. `content` must already be redacted for the public variant.
pub fn build(
    content: &ReportContent,
    content_hash: &str,
    variant: Variant,
    changes: &MeasureChanges,
    previous: Option<&PreviousRef>,
) -> PdfView {
    let s = &content.summary;
    let lights = vec![
        LightBar {
            key: "green",
            label: "im Plan",
            count: s.by_light.green,
        },
        LightBar {
            key: "yellow",
            label: "gefährdet",
            count: s.by_light.yellow,
        },
        LightBar {
            key: "red",
            label: "kritisch",
            count: s.by_light.red,
        },
        LightBar {
            key: "pending",
            label: "Status ausstehend",
            count: s.by_light.pending,
        },
        LightBar {
            key: "none",
            label: "ohne Ampel (abgebrochen)",
            count: s.by_light.none,
        },
    ];
    let lights_alt = format!(
        "Balkendiagramm der Ampeln: {}",
        lights
            .iter()
            .map(|l| format!("{} {}", l.label, l.count))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let fields: Vec<Field> = content
        .fields
        .iter()
        .map(|f| Field {
            code: f.code.clone(),
            title: f.title.clone(),
            progress: format::percent(f.rollup.progress),
            progress_value: f.rollup.progress.unwrap_or(0.0).clamp(0.0, 100.0),
            light: format::light(f.rollup.light),
            light_key: format::light_key(f.rollup.light),
            formula: f.rollup.formula.clone(),
            measure_count: f.measures.len(),
            measures: f.measures.iter().map(measure).collect(),
        })
        .collect();
    let fields_alt = format!(
        "Balkendiagramm des Fortschritts je Handlungsfeld: {}",
        fields
            .iter()
            .map(|f| format!("{} {}", f.code, f.progress))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let c = &s.by_status_category;
    let statuses = vec![
        Count {
            label: "geplant",
            count: c.planned,
        },
        Count {
            label: "in Umsetzung",
            count: c.in_progress,
        },
        Count {
            label: "abgeschlossen",
            count: c.completed,
        },
        Count {
            label: "zurückgestellt",
            count: c.deferred,
        },
        Count {
            label: "abgebrochen",
            count: c.cancelled,
        },
    ];
    let public = variant == Variant::Public;
    let intro = if public {
        format!(
            "Dieser Bericht zeigt den Stand der Digitalisierungsstrategie zum {}. Die \
             Gesamtwerte umfassen alle {} Maßnahmen des Plans; einzeln aufgeführt sind die {} \
             veröffentlichten Maßnahmen.",
            format::date(content.as_of),
            s.measure_count,
            content.measures.len()
        )
    } else {
        format!(
            "Dieser Bericht zeigt den Stand der {} Maßnahmen des Plans zum {}.",
            s.measure_count,
            format::date(content.as_of)
        )
    };
    let rows = change_rows(changes)
        .into_iter()
        .map(|(code, title, kind, from, to)| ChangeRow {
            code,
            title,
            kind,
            from,
            to,
        })
        .collect();
    let changes = Changes {
        has_previous: previous.is_some(),
        previous: previous
            .map(|p| {
                format!(
                    "{} ({}, {})",
                    p.title,
                    p.meeting_body,
                    format::date(p.meeting_date)
                )
            })
            .unwrap_or_default(),
        note: match previous {
            None => "Dies ist der erste Bericht; es gibt keinen Vorbericht zum Vergleich.".into(),
            Some(p) if p.withdrawn => {
                "Der Vorbericht wurde nach dem Einfrieren dieses Berichts zurückgezogen.".into()
            }
            Some(_) if public => "Aufgeführt sind nur veröffentlichte Maßnahmen.".into(),
            Some(_) => String::new(),
        },
        rows,
    };
    PdfView {
        title: content.title.clone(),
        author: content.strategy.resolution_body.clone(),
        variant_label: variant.label(),
        meeting: Meeting {
            body: content.meeting.body.clone(),
            date: format::date(content.meeting.date),
            vorlage: content
                .meeting
                .vorlage_number
                .clone()
                .unwrap_or_else(|| "–".into()),
        },
        round: Round {
            title: content.round.title.clone(),
            deadline: format::date(content.round.deadline),
        },
        as_of: format::date(content.as_of),
        frozen_at: format::date_time(content.frozen_at),
        frozen_by: content.frozen_by_name.clone(),
        hash: content_hash.to_owned(),
        strategy: Strategy {
            title: content.strategy.title.clone(),
            resolution: format!(
                "{} {}{}",
                content.strategy.resolution_body,
                content.strategy.resolution_number,
                content
                    .strategy
                    .resolution_date
                    .map(|d| format!(" vom {}", format::date(d)))
                    .unwrap_or_default()
            ),
        },
        immutability_note: "Dieser Bericht wurde zum angegebenen Zeitpunkt eingefroren und \
            kann nicht mehr verändert werden. Die Prüfsumme bezieht sich auf den vollständigen \
            Inhalt im JSON-Format (Export „json“ der internen Fassung).",
        summary: Summary {
            intro,
            measure_count: s.measure_count,
            lights,
            lights_alt,
            fields_alt,
            statuses,
            progress: format::percent(s.strategy_rollup.progress),
            light: format::light(s.strategy_rollup.light),
            light_key: format::light_key(s.strategy_rollup.light),
            formula: s.strategy_rollup.formula.clone(),
            light_formula: s.strategy_rollup.light_formula.clone(),
        },
        fields,
        changes,
        open_items: content
            .overdue_items
            .iter()
            .map(|i| OpenItem {
                code: i.measure.code.clone(),
                title: i.measure.title.clone(),
                department: i.department.name.clone(),
                state: format!(
                    "{}{}",
                    format::item_state(&i.state),
                    if i.overdue { " (überfällig)" } else { "" }
                ),
            })
            .collect(),
        maturity: content.maturity.as_ref().map(|m| Maturity {
            title: m.title.clone(),
            date: format::date(m.round_date),
            model: m.model_name.clone(),
            score: opt_decimal(m.score),
            target_score: opt_decimal(m.target_score),
            change: m
                .change
                .map(|c| format!("{}{}", if c > 0.0 { "+" } else { "" }, format::decimal(c)))
                .unwrap_or_default(),
            dimensions: m
                .dimensions
                .iter()
                .map(|d| MaturityDimension {
                    title: d.title.clone(),
                    actual: opt_decimal(d.actual),
                    target: opt_decimal(d.target),
                    difference: opt_decimal(d.difference),
                })
                .collect(),
        }),
        gaps: content
            .uncovered_gaps
            .iter()
            .map(|g| Gap {
                subject: g.subject.clone(),
                dimension: g.dimension_title.clone(),
                actual: format::decimal(g.actual),
                target: format::decimal(g.target),
            })
            .collect(),
    }
}
