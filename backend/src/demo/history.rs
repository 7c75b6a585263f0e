//! Turns the measure specifications into complete measures: actual dates, milestones with
//! due and done dates, and a history of quarterly status updates with German narratives,
//! generated from sentence templates and each measure's own topics by a small fixed-seed
//! pseudo-random generator (so the same data comes out every time).
//!
//! Dates in the specifications are written as seen on [`super::REFERENCE_TODAY`]; the
//! [`Timeline`] shifts all of them by the same number of days so that "today" falls on the
//! real day of loading. The distance of every date to today, and so every traffic light,
//! is therefore the same whenever the demo is loaded.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};

use super::measures::{Course, Kind, MeasureSpec, Ym};
use super::organisation::{DEPARTMENTS, MAIL_DOMAIN, OFFICER, USERS};
use crate::domain::access::Role;
use crate::store::demo_loader::{DemoMeasure, DemoMilestone, DemoOverride, DemoStatusUpdate};

/// Status codes of the default statuses.
pub mod status {
    pub const PLANNED: &str = "geplant";
    pub const IN_PROGRESS: &str = "in_umsetzung";
    pub const COMPLETED: &str = "abgeschlossen";
    pub const DEFERRED: &str = "zurueckgestellt";
    pub const CANCELLED: &str = "abgebrochen";
}

/// Reporting rounds (month, day) each year: status updates are due by these days.
const ROUNDS: [(u32, u32); 4] = [(2, 28), (5, 31), (8, 31), (11, 20)];
/// First year with reporting rounds (the strategy is in force from 1 January 2023).
const FIRST_ROUND_YEAR: i32 = 2023;

/// A small deterministic pseudo-random generator (SplitMix64), seeded per measure.
pub struct Rng(u64);

impl Rng {
    /// Seeds from a text (FNV-1a), so each measure has its own stable sequence.
    pub fn from_text(text: &str) -> Self {
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for byte in text.bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
        Rng(hash)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `low..=high`.
    pub fn range(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            return low;
        }
        let span = (high - low + 1) as u64;
        low + (self.next_u64() % span) as i64
    }

    /// True with the given percentage.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    /// An index into a slice of length `len` (0 if it is empty).
    pub fn index(&mut self, len: usize) -> usize {
        (self.next_u64() % len.max(1) as u64) as usize
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        let index = self.index(items.len());
        &items[index.min(items.len().saturating_sub(1))]
    }
}

/// Maps the dates of the specifications onto the real calendar.
#[derive(Debug, Clone, Copy)]
pub struct Timeline {
    /// The real day of loading.
    pub today: NaiveDate,
    shift: Duration,
}

impl Timeline {
    /// A timeline on which `reference` (the day the specifications were written for)
    /// becomes `today`.
    pub fn new(reference: NaiveDate, today: NaiveDate) -> Self {
        Timeline {
            today,
            shift: today - reference,
        }
    }

    /// A specification date, shifted.
    pub fn date(&self, year: i32, month: u32, day: u32) -> NaiveDate {
        ymd(year, month, day) + self.shift
    }

    /// The first day of a specification month, shifted.
    pub fn month_start(&self, (year, month): Ym) -> NaiveDate {
        self.date(year, month, 1)
    }

    /// The last day of a specification month, shifted.
    pub fn month_end(&self, month: Ym) -> NaiveDate {
        last_of_month(month) + self.shift
    }

    /// The reporting rounds up to today.
    pub fn rounds(&self) -> Vec<NaiveDate> {
        let mut rounds = Vec::new();
        let mut year = FIRST_ROUND_YEAR;
        loop {
            for (month, day) in ROUNDS {
                let date = self.date(year, month, day);
                if date > self.today {
                    return rounds;
                }
                rounds.push(date);
            }
            year += 1;
        }
    }

    /// A timestamp on a (real) day at the given hour and minute, UTC.
    pub fn at(day: NaiveDate, hour: u32, minute: u32) -> DateTime<Utc> {
        day.and_time(NaiveTime::from_hms_opt(hour, minute, 0).unwrap_or(NaiveTime::MIN))
            .and_utc()
    }
}

/// A calendar date; the specifications only use valid dates.
pub fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day)
        .or_else(|| NaiveDate::from_ymd_opt(year, month, 28))
        .unwrap_or(NaiveDate::MIN)
}

fn last_of_month((year, month): Ym) -> NaiveDate {
    let first_of_next = if month >= 12 {
        ymd(year + 1, 1, 1)
    } else {
        ymd(year, month + 1, 1)
    };
    first_of_next - Duration::days(1)
}

/// Linear expected progress in percent (the traffic-light rule's schedule), 0..=100.
pub fn expected_progress(start: NaiveDate, end: NaiveDate, day: NaiveDate) -> f64 {
    let total = (end - start).num_days();
    if total <= 0 {
        return if day < start { 0.0 } else { 100.0 };
    }
    let elapsed = (day - start).num_days().clamp(0, total);
    elapsed as f64 * 100.0 / total as f64
}

fn round_to_five(value: f64) -> i32 {
    ((value / 5.0).round() as i32) * 5
}

fn german_date(day: NaiveDate) -> String {
    day.format("%d.%m.%Y").to_string()
}

const MONTHS: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];

fn german_month(day: NaiveDate) -> String {
    format!("{} {}", MONTHS[day.month0() as usize], day.year())
}

/// Milestone titles by kind of measure, in order.
fn milestone_template(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Software => &[
            "Anforderungen und Lastenheft abgestimmt",
            "Vergabe abgeschlossen",
            "Pilotbetrieb gestartet",
            "Produktivbetrieb in allen Bereichen",
        ],
        Kind::Online => &[
            "Prozess modelliert und Antragsformular erstellt",
            "Anbindung an das Fachverfahren getestet",
            "Online-Dienst freigeschaltet",
        ],
        Kind::Rollout => &[
            "Aktenplan und Ablagestruktur abgestimmt",
            "Schulung der Beschäftigten abgeschlossen",
            "Umstellung auf elektronische Aktenführung",
            "Altbestand übernommen",
        ],
        Kind::Infrastructure => &[
            "Bestandsaufnahme und Planung abgeschlossen",
            "Ausschreibung und Vergabe abgeschlossen",
            "Installation abgeschlossen",
            "Abnahme und Dokumentation",
        ],
        Kind::Concept => &[
            "Entwurf erstellt",
            "Abstimmung mit Fachbereichen und Personalrat",
            "Inkraftsetzung durch die Verwaltungsleitung",
        ],
        Kind::Programme => &[
            "Konzept abgestimmt",
            "Erste Durchführungsrunde abgeschlossen",
            "Zwischenbewertung im Digitalisierungsboard",
            "Übergang in den Regelbetrieb",
        ],
        Kind::Platform => &[
            "Datenbestände und Verantwortliche erfasst",
            "Plattform eingerichtet",
            "Erste Veröffentlichung",
            "Regelbetrieb mit Aktualisierungsprozess",
        ],
        Kind::Pilot => &[
            "Pilotgebiet und Partner festgelegt",
            "Sensoren installiert",
            "Auswertung des Pilotbetriebs",
        ],
    }
}

const OPENINGS: &[&str] = &[
    "Auftakt der Maßnahme: Projektteam gebildet, Zeitplan und Zuständigkeiten abgestimmt.",
    "Die Umsetzung hat begonnen. Der Projektauftrag wurde vom Digitalisierungsboard \
     freigegeben, das Kick-off mit allen Beteiligten hat stattgefunden.",
    "Start der Maßnahme. Ist-Aufnahme und Abstimmung der Ziele mit den Beteiligten laufen.",
    "Die Maßnahme ist angelaufen; Projektleitung und Ansprechpersonen in den beteiligten \
     Bereichen sind benannt.",
];

const EARLY: &[&str] = &[
    "Schwerpunkt im Berichtszeitraum: {topic}.",
    "Anforderungen sind erhoben; derzeit in Arbeit: {topic}.",
    "Die Konzeptphase läuft. Offene Fragen zum Thema „{topic}“ werden mit den \
     Fachanwendern geklärt.",
    "Vorbereitende Arbeiten abgeschlossen, nächster Arbeitsschritt: {topic}.",
];

const MIDDLE: &[&str] = &[
    "Die Umsetzung läuft. Schwerpunkt im Berichtszeitraum: {topic}.",
    "Die Arbeiten kommen voran; aktuell in Bearbeitung: {topic}.",
    "Stand der Umsetzung: {topic} weitgehend erledigt, die Tests mit den Fachanwendern laufen.",
    "Im Berichtszeitraum wurde vor allem am Thema „{topic}“ gearbeitet. Rückmeldungen der \
     Beschäftigten werden eingearbeitet.",
];

const LATE: &[&str] = &[
    "Die Maßnahme befindet sich in der Abschlussphase. Restarbeiten: {topic}.",
    "Letzte Arbeitspakete in Bearbeitung (Thema: {topic}); die Übergabe in den Regelbetrieb \
     wird vorbereitet.",
    "Nahezu abgeschlossen. Noch offen: {topic}.",
];

const FLAVOUR: &[&str] = &[
    "Das Budget wird eingehalten.",
    "Die Beschäftigten wurden in der Dienstbesprechung informiert.",
    "Der Personalrat ist eingebunden.",
    "Die Abstimmung mit dem Datenschutzbeauftragten ist erfolgt.",
    "Die Digitalisierungslotsin des Fachbereichs unterstützt bei den Tests.",
    "Die Dokumentation wird laufend in der E-Akte abgelegt.",
];

const RISK_FOLLOW_UPS: &[&str] = &[
    "Der Zeitplan wird mit dem Digitalisierungsboard neu abgestimmt.",
    "Gegenmaßnahmen sind eingeleitet; eine Anpassung des Zeitplans wird geprüft.",
    "Die Digitalisierungsbeauftragte ist informiert.",
];

const RISK_CONTINUED: &[&str] = &[
    "Die bereits gemeldete Verzögerung hält an.",
    "Die im letzten Bericht genannten Schwierigkeiten bestehen weiter; der Zeitplan bleibt \
     angespannt.",
    "Keine Entspannung gegenüber dem letzten Bericht; die Nachsteuerung läuft.",
];

const COMPLETIONS: &[&str] = &[
    "Maßnahme abgeschlossen. {topic} ist im Regelbetrieb; der Abschlussbericht liegt der \
     Digitalisierungsbeauftragten vor.",
    "Abschluss erreicht: alle Meilensteine erledigt, die Übergabe in den Regelbetrieb ist \
     erfolgt. Die Erfahrungen werden im Digitalisierungsboard vorgestellt.",
    "Die Maßnahme ist abgeschlossen und abgenommen. Die Ergebnisse sind dokumentiert.",
];

const RECONFIRMATIONS: &[&str] = &[
    "Die Maßnahme bleibt zurückgestellt; an der Ausgangslage hat sich nichts geändert.",
    "Weiterhin zurückgestellt. Eine Wiederaufnahme wird im Digitalisierungsboard beraten, \
     sobald die Voraussetzungen vorliegen.",
];

/// Everything about a measure the generator needs besides its specification.
struct Context<'a> {
    spec: &'a MeasureSpec,
    timeline: Timeline,
    planned_start: NaiveDate,
    planned_end: NaiveDate,
}

/// Builds one complete measure from its specification.
pub fn build_measure(
    spec: &MeasureSpec,
    timeline: Timeline,
    set_up_at: DateTime<Utc>,
) -> DemoMeasure {
    let mut rng = Rng::from_text(spec.code);
    let ctx = Context {
        spec,
        timeline,
        planned_start: timeline.month_start(spec.start),
        planned_end: timeline.month_end(spec.end),
    };
    let today = timeline.today;
    let started = !matches!(spec.course, Course::NotStarted | Course::Preparing);
    let actual_start = started.then(|| ctx.planned_start + Duration::days(rng.range(0, 30)));

    // The day of the closing update (completion, deferral, cancellation, or the last report
    // of a stale measure), if the course has one.
    let closing_day = |rng: &mut Rng, month: Ym| {
        let day = timeline.date(month.0, month.1, rng.range(6, 24) as u32);
        day.min(today - Duration::days(1))
    };
    let closing = match spec.course {
        Course::Completed { done } => Some(closing_day(&mut rng, done)),
        Course::Deferred { at, .. } | Course::Cancelled { at } => Some(closing_day(&mut rng, at)),
        Course::Stale { last } => Some(closing_day(&mut rng, last)),
        _ => None,
    };

    let mut milestones = plan_milestones(&ctx);
    let updates = match actual_start {
        Some(actual_start) => history(&ctx, &mut rng, actual_start, closing, &mut milestones),
        None if spec.course == Course::Preparing => vec![preparing_update(&ctx, &mut rng)],
        None => Vec::new(),
    };

    let latest = updates.last();
    let (planned_start, planned_end) = if matches!(spec.course, Course::Deferred { .. }) {
        replan(&ctx, latest.map_or(0, |u| u.progress), &mut milestones)
    } else {
        (ctx.planned_start, ctx.planned_end)
    };
    let status_code = latest
        .map_or(status::PLANNED, |u| u.status_code.as_str())
        .to_owned();
    let progress = latest.map_or(0, |u| u.progress);
    let last_update_date = latest.map(|u| u.reporting_date);
    let actual_end = match spec.course {
        Course::Completed { .. } | Course::Cancelled { .. } => closing,
        _ => None,
    };

    let budget_planned_cents = spec.budget_eur.map(|eur| eur * 100);
    let budget_spent_cents = budget_planned_cents.map(|planned| {
        if !started {
            return 0;
        }
        let factor = match spec.course {
            Course::Completed { .. } => rng.range(90, 106),
            _ => rng.range(80, 112),
        };
        // Whole euros.
        planned * i64::from(progress) * factor / 10_000 / 100 * 100
    });

    let department = DEPARTMENTS.iter().find(|d| d.code == spec.lead);
    let number: usize = spec
        .code
        .trim_start_matches("M-")
        .parse()
        .unwrap_or_default();
    let contact_name = department
        .filter(|d| !d.contacts.is_empty())
        .map(|d| d.contacts[number % d.contacts.len()].to_owned());
    let contact_email = contact_name.as_deref().map(email_of);

    let light_override = spec.light_override.map(|(light, reason)| {
        let day = last_update_date
            .unwrap_or(today)
            .max(today - Duration::days(30))
            + Duration::days(2);
        DemoOverride {
            light,
            reason: reason.to_owned(),
            by_username: OFFICER.to_owned(),
            at: Timeline::at(day.min(today), 10, 15),
        }
    });

    let created_at = if spec.start <= (2023, 3) {
        set_up_at + Duration::minutes(number as i64)
    } else {
        Timeline::at(ctx.planned_start - Duration::days(75), 9, 0).max(set_up_at)
    }
    .min(Timeline::at(today, 8, 0));
    let created_at = updates
        .first()
        .map_or(created_at, |u| created_at.min(u.created_at));
    let updated_at = updates
        .last()
        .map(|u| u.created_at)
        .into_iter()
        .chain(light_override.as_ref().map(|o| o.at))
        .fold(created_at, DateTime::max);

    DemoMeasure {
        code: spec.code.to_owned(),
        title: spec.title.to_owned(),
        description: spec.description.to_owned(),
        lead_department_code: spec.lead.to_owned(),
        participating_department_codes: spec.participants.iter().map(|c| (*c).to_owned()).collect(),
        goal_codes: spec.goals.iter().map(|c| (*c).to_owned()).collect(),
        depends_on_codes: spec.depends_on.iter().map(|c| (*c).to_owned()).collect(),
        contact_name,
        contact_email,
        status_code,
        progress,
        planned_start: Some(planned_start),
        planned_end: Some(planned_end),
        actual_start,
        actual_end,
        priority: spec.priority,
        weight: spec.weight,
        budget_planned_cents,
        budget_spent_cents,
        visibility: spec.visibility,
        light_override,
        last_update_date,
        created_at,
        updated_at,
        milestones,
        updates,
    }
}

/// "Jürgen Haas" → "juergen.haas@musterstadt.example".
fn email_of(name: &str) -> String {
    let local: String = name
        .to_lowercase()
        .replace('ä', "ae")
        .replace('ö', "oe")
        .replace('ü', "ue")
        .replace('ß', "ss")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(".");
    format!("{local}@{MAIL_DOMAIN}")
}

/// The editor who reports for a department (the first demo editor belonging to it).
fn reporter_of(department: &str) -> &'static str {
    USERS
        .iter()
        .find(|u| u.role == Role::Editor && u.departments.contains(&department))
        .map_or(OFFICER, |u| u.username)
}

/// Milestones with due dates spread over the planned period (at month ends), none done yet.
fn plan_milestones(ctx: &Context<'_>) -> Vec<DemoMilestone> {
    let template = milestone_template(ctx.spec.kind);
    let spec_start = ymd(ctx.spec.start.0, ctx.spec.start.1, 1);
    let spec_end = last_of_month(ctx.spec.end);
    let days = (spec_end - spec_start).num_days();
    let wanted = if days < 240 {
        2
    } else if days < 540 {
        3
    } else {
        4
    };
    let count = wanted.min(template.len());
    let shift = ctx.planned_start - spec_start;
    (0..count)
        .map(|k| {
            let index = if count <= 1 {
                template.len() - 1
            } else {
                (k * (template.len() - 1) + (count - 1) / 2) / (count - 1)
            };
            let fraction = (k + 1) as f64 / count as f64;
            let raw = spec_start + Duration::days((days as f64 * fraction).round() as i64);
            let due = last_of_month((raw.year(), raw.month())).min(spec_end) + shift;
            DemoMilestone {
                title: template[index].to_owned(),
                due,
                done: None,
            }
        })
        .collect()
}

/// Sets done dates (and, for some courses, moves due dates) as the course says, given the
/// day the measure stopped (completion, deferral, cancellation) if it did.
fn settle_milestones(
    ctx: &Context<'_>,
    rng: &mut Rng,
    milestones: &mut [DemoMilestone],
    actual_start: NaiveDate,
    closing: Option<NaiveDate>,
) {
    let today = ctx.timeline.today;
    let done_near = |rng: &mut Rng, due: NaiveDate, latest: NaiveDate, late: bool| {
        let offset = if late {
            rng.range(0, 25)
        } else {
            rng.range(-20, 8)
        };
        (due + Duration::days(offset)).clamp(actual_start, latest)
    };
    let late = matches!(
        ctx.spec.course,
        Course::Behind { .. } | Course::Overrun { .. }
    );
    match ctx.spec.course {
        Course::NotStarted | Course::Preparing => {}
        Course::Completed { .. } => {
            let end = closing.unwrap_or(today);
            for m in milestones.iter_mut() {
                m.done = Some(done_near(rng, m.due.min(end), end, false));
            }
        }
        Course::Deferred { .. } | Course::Cancelled { .. } => {
            // Open milestones of a deferred measure are re-planned with its period, see
            // [`replan`].
            let stop = closing.unwrap_or(today);
            for m in milestones.iter_mut() {
                if m.due <= stop {
                    m.done = Some(done_near(rng, m.due, stop, false));
                }
            }
        }
        Course::MilestoneLate { days } => {
            let late_due = today - Duration::days(i64::from(days));
            let last_past = milestones.iter().rposition(|m| m.due <= today).unwrap_or(0);
            for (index, m) in milestones.iter_mut().enumerate() {
                if index == last_past {
                    m.due = late_due;
                } else if m.due <= today {
                    m.done = Some(done_near(rng, m.due, today, false));
                }
            }
        }
        Course::Overrun { .. } => {
            let last = milestones.len().saturating_sub(1);
            for (index, m) in milestones.iter_mut().enumerate() {
                if index != last && m.due <= today {
                    m.done = Some(done_near(rng, m.due, today, true));
                }
            }
        }
        Course::OnTrack | Course::Behind { .. } | Course::Stale { .. } => {
            for m in milestones.iter_mut() {
                if m.due <= today - Duration::days(2) {
                    m.done = Some(done_near(rng, m.due, today, late));
                }
            }
        }
    }
}

/// A deferred measure is re-planned: its remaining work starts about four months from
/// today and takes the unfinished share of its original duration (at least six months);
/// its open milestones are spread over the new period. Returns the new planned period.
fn replan(
    ctx: &Context<'_>,
    progress: i32,
    milestones: &mut [DemoMilestone],
) -> (NaiveDate, NaiveDate) {
    let today = ctx.timeline.today;
    let resume_raw = today + Duration::days(100);
    let resume = ymd(resume_raw.year(), resume_raw.month(), 1);
    let original_days = (ctx.planned_end - ctx.planned_start).num_days();
    let remaining = (original_days * i64::from(100 - progress.clamp(0, 100)) / 100).max(183);
    let end_raw = resume + Duration::days(remaining);
    let end = last_of_month((end_raw.year(), end_raw.month()));
    let open: Vec<usize> = (0..milestones.len())
        .filter(|&i| milestones[i].done.is_none())
        .collect();
    let days = (end - resume).num_days() as f64;
    for (k, &i) in open.iter().enumerate() {
        let fraction = (k + 1) as f64 / open.len() as f64;
        let raw = resume + Duration::days((days * fraction).round() as i64);
        milestones[i].due = last_of_month((raw.year(), raw.month())).min(end);
    }
    (resume, end)
}

/// The progress the measure reports last, before any closing update.
fn final_progress(ctx: &Context<'_>, rng: &mut Rng, closing: Option<NaiveDate>) -> i32 {
    let today = ctx.timeline.today;
    let expected_today = expected_progress(ctx.planned_start, ctx.planned_end, today);
    match ctx.spec.course {
        Course::Stale { .. } => {
            // On schedule at the last report; since then time moved on, but not so far that
            // the gap alone turns red.
            let at = closing.unwrap_or(today);
            let expected_then = expected_progress(ctx.planned_start, ctx.planned_end, at);
            let mut progress = round_to_five(expected_then + rng.range(0, 5) as f64);
            while expected_today - f64::from(progress) > 24.0 {
                progress += 5;
            }
            progress.clamp(5, 95)
        }
        Course::OnTrack | Course::MilestoneLate { .. } => {
            let lag = rng.range(-4, 6);
            let mut progress = round_to_five(expected_today - lag as f64);
            while expected_today - f64::from(progress) > 9.0 {
                progress += 5;
            }
            progress.clamp(5, 95)
        }
        Course::Behind { lag } => {
            // A multiple of five about `lag` points behind, on the intended side of the
            // yellow (10) and red (25) thresholds.
            let mut progress = round_to_five(expected_today - f64::from(lag));
            let gap = |p: i32| expected_today - f64::from(p);
            if lag <= 25 {
                while gap(progress) > 24.0 {
                    progress += 5;
                }
                while gap(progress) < 11.0 {
                    progress -= 5;
                }
            } else {
                while gap(progress) < 26.0 {
                    progress -= 5;
                }
            }
            progress.clamp(5, 95)
        }
        Course::Overrun { progress } => i32::from(progress),
        Course::Completed { .. } => rng.range(16, 19) as i32 * 5,
        Course::Deferred { .. } | Course::Cancelled { .. } => {
            let at = closing.unwrap_or(today);
            let expected = expected_progress(ctx.planned_start, ctx.planned_end, at);
            round_to_five(expected * rng.range(50, 90) as f64 / 100.0).clamp(5, 90)
        }
        Course::NotStarted | Course::Preparing => 0,
    }
}

/// The status-update history of a started measure, oldest first; also settles milestones.
fn history(
    ctx: &Context<'_>,
    rng: &mut Rng,
    actual_start: NaiveDate,
    closing: Option<NaiveDate>,
    milestones: &mut [DemoMilestone],
) -> Vec<DemoStatusUpdate> {
    let spec = ctx.spec;
    let today = ctx.timeline.today;
    settle_milestones(ctx, rng, milestones, actual_start, closing);

    // Regular quarterly reports: after the start, before the closing update.
    let rounds = ctx.timeline.rounds();
    let last_round = rounds.last().copied();
    let mut days: Vec<NaiveDate> = Vec::new();
    for round in rounds {
        if round < actual_start + Duration::days(20) {
            continue;
        }
        if let Some(closing) = closing
            && round > closing - Duration::days(25)
        {
            break;
        }
        let is_latest = Some(round) == last_round;
        // Departments sometimes miss a round, but never the latest one.
        if !is_latest && !days.is_empty() && rng.chance(12) {
            continue;
        }
        let day = round - Duration::days(rng.range(0, 18));
        let floor = days.last().copied().unwrap_or(actual_start) + Duration::days(14);
        days.push(day.max(floor).min(today));
    }
    let closing_kind = match spec.course {
        Course::Completed { .. } => Some(status::COMPLETED),
        Course::Deferred { .. } => Some(status::DEFERRED),
        Course::Cancelled { .. } => Some(status::CANCELLED),
        _ => None,
    };
    // A stale measure's last report is a regular one, on its closing day.
    if let (Course::Stale { .. }, Some(closing)) = (spec.course, closing) {
        days.push(closing);
    }
    if days.is_empty() && closing_kind.is_none() {
        days.push((actual_start + Duration::days(30)).min(today));
    }

    let target = final_progress(ctx, rng, closing);
    let curve = rng.range(8, 12) as f64 / 10.0;
    let span = days
        .last()
        .map_or(1, |last| (*last - actual_start).num_days().max(1)) as f64;
    let mut progress_series = Vec::with_capacity(days.len());
    let mut previous = 0;
    for (i, day) in days.iter().enumerate() {
        let value = if i + 1 == days.len() {
            target
        } else {
            let fraction = ((*day - actual_start).num_days() as f64 / span).clamp(0.0, 1.0);
            let noisy = f64::from(target) * fraction.powf(curve) + rng.range(-4, 4) as f64;
            round_to_five(noisy).clamp(5, target.max(5))
        };
        let value = value.max(previous);
        progress_series.push(value);
        previous = value;
    }

    let reporter = reporter_of(spec.lead);
    let author = |rng: &mut Rng| if rng.chance(12) { OFFICER } else { reporter }.to_owned();
    let mut updates = Vec::with_capacity(days.len() + 4);
    let mut previous_day = actual_start;
    for (i, (day, progress)) in days.iter().zip(&progress_series).enumerate() {
        let last = i + 1 == days.len() && closing_kind.is_none();
        let report = Report {
            index: i,
            last,
            day: *day,
            previous_day,
            progress: *progress,
            previous_narrative: updates
                .last()
                .map(|u: &DemoStatusUpdate| u.narrative.as_str()),
        };
        let narrative = regular_narrative(ctx, rng, &report, milestones);
        updates.push(DemoStatusUpdate {
            reporting_date: *day,
            created_at: Timeline::at(*day, rng.range(7, 16) as u32, rng.range(0, 59) as u32),
            narrative,
            progress: *progress,
            status_code: status::IN_PROGRESS.to_owned(),
            author_username: author(rng),
        });
        previous_day = *day;
    }

    if let (Some(kind), Some(closing)) = (closing_kind, closing) {
        let topic = *rng.pick(topics_or_default(spec));
        let (progress, narrative, author) = match kind {
            status::COMPLETED => (
                100,
                rng.pick(COMPLETIONS)
                    .replace("{topic}", &capitalised(topic)),
                reporter.to_owned(),
            ),
            status::DEFERRED => (
                previous,
                format!(
                    "Auf Beschluss des Digitalisierungsboards wird die Maßnahme zurückgestellt. \
                     Grund: {} Der erreichte Stand ({previous} %) ist dokumentiert; der \
                     Zeitplan wird für die Wiederaufnahme neu festgelegt.",
                    spec.note
                ),
                OFFICER.to_owned(),
            ),
            _ => (
                previous,
                format!(
                    "Die Maßnahme wird auf Beschluss des Digitalisierungsboards abgebrochen. \
                     Grund: {} Die bisherigen Ergebnisse sind in der E-Akte dokumentiert.",
                    spec.note
                ),
                OFFICER.to_owned(),
            ),
        };
        let day = closing.max(previous_day + Duration::days(1)).min(today);
        updates.push(DemoStatusUpdate {
            reporting_date: day,
            created_at: Timeline::at(day, rng.range(8, 15) as u32, rng.range(0, 59) as u32),
            narrative,
            progress,
            status_code: kind.to_owned(),
            author_username: author,
        });
        // A deferred measure whose department confirms the deferral every round.
        if let Course::Deferred {
            reconfirmed: true, ..
        } = spec.course
        {
            for round in ctx.timeline.rounds() {
                if round <= day + Duration::days(45) {
                    continue;
                }
                let day = round - Duration::days(rng.range(0, 14));
                updates.push(DemoStatusUpdate {
                    reporting_date: day,
                    created_at: Timeline::at(day, rng.range(8, 15) as u32, rng.range(0, 59) as u32),
                    narrative: (*rng.pick(RECONFIRMATIONS)).to_owned(),
                    progress,
                    status_code: status::DEFERRED.to_owned(),
                    author_username: reporter.to_owned(),
                });
            }
        }
    }
    updates
}

fn topics_or_default(spec: &MeasureSpec) -> &'static [&'static str] {
    if spec.topics.is_empty() {
        &["Detailplanung"]
    } else {
        spec.topics
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One regular report being written.
struct Report<'a> {
    /// 0 for the first report of the measure.
    index: usize,
    /// Whether this is the measure's latest report.
    last: bool,
    day: NaiveDate,
    previous_day: NaiveDate,
    progress: i32,
    /// The previous report's narrative, so that consecutive reports do not read the same.
    previous_narrative: Option<&'a str>,
}

/// The narrative of a regular report: phase sentence, milestones reached and next, risks.
fn regular_narrative(
    ctx: &Context<'_>,
    rng: &mut Rng,
    report: &Report<'_>,
    milestones: &[DemoMilestone],
) -> String {
    let Report {
        index,
        last,
        day,
        previous_day,
        progress,
        previous_narrative,
    } = *report;
    let spec = ctx.spec;
    let topics = topics_or_default(spec);
    // Topics move on as the work progresses, with some variation.
    let topic_index =
        ((progress as usize * topics.len()) / 101 + rng.range(0, 1) as usize).min(topics.len() - 1);
    let topic = topics[topic_index];
    let mut sentences: Vec<String> = Vec::new();
    if index == 0 {
        sentences.push((*rng.pick(OPENINGS)).to_owned());
        if !spec.participants.is_empty() {
            sentences.push(format!("Beteiligt: {}.", spec.participants.join(", ")));
        }
    } else {
        let bank = if progress < 35 {
            EARLY
        } else if progress < 75 {
            MIDDLE
        } else {
            LATE
        };
        let choice = rng.index(bank.len());
        let mut sentence = bank[choice].replace("{topic}", topic);
        if previous_narrative.is_some_and(|p| p.starts_with(&sentence)) {
            sentence = bank[(choice + 1) % bank.len()].replace("{topic}", topic);
        }
        sentences.push(sentence);
    }
    for m in milestones {
        if let Some(done) = m.done
            && done > previous_day
            && done <= day
        {
            sentences.push(format!("Meilenstein „{}“ erreicht.", m.title));
        }
    }

    // Risks show in the second half of the reporting so far, not from the first report on.
    let today = ctx.timeline.today;
    let late_phase = day >= ctx.planned_start + (today - ctx.planned_start) / 2;
    let past_end = day > ctx.planned_end;
    let risky = match spec.course {
        Course::Behind { .. } => late_phase,
        Course::Overrun { .. } => past_end || late_phase,
        Course::MilestoneLate { .. } | Course::Stale { .. } => last,
        _ => false,
    };
    if past_end {
        sentences.push("Der geplante Endtermin ist überschritten.".to_owned());
    }
    if risky && !spec.note.is_empty() {
        let reported_before = previous_narrative.is_some_and(|p| p.contains(spec.note));
        if reported_before && !last && rng.chance(70) {
            sentences.push((*rng.pick(RISK_CONTINUED)).to_owned());
        } else {
            sentences.push(spec.note.to_owned());
            sentences.push((*rng.pick(RISK_FOLLOW_UPS)).to_owned());
        }
    } else if rng.chance(40) {
        sentences.push((*rng.pick(FLAVOUR)).to_owned());
    }
    if let Some(next) = milestones
        .iter()
        .find(|m| m.done.is_none_or(|done| done > day))
    {
        if next.due >= day {
            sentences.push(format!(
                "Nächster Meilenstein: „{}“ bis {}.",
                next.title,
                german_date(next.due)
            ));
        } else if last || risky {
            sentences.push(format!(
                "Der Meilenstein „{}“ (fällig {}) ist noch offen.",
                next.title,
                german_date(next.due)
            ));
        }
    }
    sentences.join(" ")
}

/// The single report of a measure that is still being prepared.
fn preparing_update(ctx: &Context<'_>, rng: &mut Rng) -> DemoStatusUpdate {
    let today = ctx.timeline.today;
    let day = ctx
        .timeline
        .rounds()
        .last()
        .map_or(today, |round| *round - Duration::days(rng.range(0, 10)));
    let topic = *rng.pick(topics_or_default(ctx.spec));
    DemoStatusUpdate {
        reporting_date: day,
        created_at: Timeline::at(day, rng.range(8, 15) as u32, rng.range(0, 59) as u32),
        narrative: format!(
            "Die Maßnahme ist in Vorbereitung; derzeit in Arbeit: {topic}. Der Start ist wie \
             geplant für {} vorgesehen.",
            german_month(ctx.planned_start)
        ),
        progress: 0,
        status_code: status::PLANNED.to_owned(),
        author_username: reporter_of(ctx.spec.lead).to_owned(),
    }
}
