//! The benchmark data set: a deterministic administration of benchmark size, built from a
//! fixed seed with a small self-contained generator (SplitMix64), so the same seed gives the
//! same data on every machine and with every dependency version.
//!
//! Base scale: 50 departments (10 Fachbereiche × 4 Abteilungen + the 10 themselves), 500
//! users, 200 goals (8 Handlungsfelder × 24 Ziele + the 8), 5,000 measures and on average
//! 20 status updates per measure (100,000). The 10× scale has ten times the measures and
//! updates over the same organisation. Dates are relative to the day of seeding, so the
//! traffic-light mix is the same whenever the benchmark runs.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use kurs::domain::access::Role;
use kurs::domain::measure::{Priority, Visibility};
use kurs::store::demo_loader::{
    DemoDataset, DemoDepartment, DemoGoal, DemoMeasure, DemoMilestone, DemoStatusUpdate,
    DemoStrategy, DemoUser,
};

/// Password of every benchmark account.
pub const PASSWORD: &str = "kurs-bench-password-2026";
/// The officer account the load generator signs in as (sees everything).
pub const OFFICER: &str = "bench-officer";

pub const FACHBEREICHE: usize = 10;
pub const ABTEILUNGEN_PER_FB: usize = 4;
pub const FIELDS_OF_ACTION: usize = 8;
pub const GOALS_PER_FIELD: usize = 24;
pub const USERS: usize = 500;
pub const BASE_MEASURES: usize = 5_000;
/// Updates per measure are uniform in 0..=2×this, so the mean is this.
pub const MEAN_UPDATES_PER_MEASURE: usize = 20;

/// The data set size.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
pub enum Scale {
    /// 5,000 measures, ~100,000 status updates.
    Base,
    /// 50,000 measures, ~1,000,000 status updates.
    #[value(name = "10x")]
    #[serde(rename = "10x")]
    Ten,
}

impl Scale {
    pub fn measures(self) -> usize {
        match self {
            Scale::Base => BASE_MEASURES,
            Scale::Ten => 10 * BASE_MEASURES,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Scale::Base => "base",
            Scale::Ten => "10x",
        }
    }
}

/// SplitMix64: tiny, fast, and fully specified, so the data never changes with a crate.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }

    /// True with probability `percent` / 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

pub fn department_codes() -> Vec<String> {
    let mut codes = Vec::new();
    for fb in 1..=FACHBEREICHE {
        codes.push(format!("FB {fb}"));
        for ab in 1..=ABTEILUNGEN_PER_FB {
            codes.push(format!("FB {fb}.{ab}"));
        }
    }
    codes
}

fn goal_codes() -> Vec<(String, Option<String>)> {
    let mut codes = Vec::new();
    for hf in 1..=FIELDS_OF_ACTION {
        codes.push((format!("HF {hf}"), None));
        for z in 1..=GOALS_PER_FIELD {
            codes.push((format!("HF {hf}.{z}"), Some(format!("HF {hf}"))));
        }
    }
    codes
}

const TOPICS: [&str; 12] = [
    "E-Akte",
    "Online-Antrag",
    "Terminvergabe",
    "WLAN",
    "Schulungen",
    "Open Data",
    "Rechnungsworkflow",
    "Ratsinformationssystem",
    "Videokonferenz",
    "Informationssicherheit",
    "Bürgerkonto",
    "Geodaten",
];

const VERBS: [&str; 6] = [
    "einführen",
    "ausbauen",
    "vereinheitlichen",
    "prüfen",
    "ablösen",
    "digitalisieren",
];

fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    day.and_hms_opt(hour, 0, 0).expect("a valid hour").and_utc()
}

/// Builds the data set for `scale` from `seed`, with dates relative to `today`.
pub fn dataset(scale: Scale, seed: u64, today: NaiveDate) -> DemoDataset {
    dataset_sized(scale.measures(), seed, today)
}

/// The same organisation with `measure_count` measures (the crash test uses a small one).
pub fn dataset_sized(measure_count: usize, seed: u64, today: NaiveDate) -> DemoDataset {
    let mut rng = Rng::new(seed);
    let set_up_at = at(today - Duration::days(1400), 8);

    let departments: Vec<DemoDepartment> = department_codes()
        .into_iter()
        .enumerate()
        .map(|(i, code)| {
            let parent_code = code.rsplit_once('.').map(|(parent, _)| parent.to_owned());
            DemoDepartment {
                name: format!("Benchmark {code}"),
                parent_code,
                position: i as i32,
                code,
            }
        })
        .collect();
    let leaf_departments: Vec<String> = departments
        .iter()
        .filter(|d| d.parent_code.is_some())
        .map(|d| d.code.clone())
        .collect();
    let all_departments: Vec<String> = departments.iter().map(|d| d.code.clone()).collect();

    let goals: Vec<DemoGoal> = goal_codes()
        .into_iter()
        .enumerate()
        .map(|(i, (code, parent_code))| DemoGoal {
            title: format!("Ziel {code}"),
            description: format!("Beschreibung von {code} (Benchmark-Daten)"),
            parent_code,
            position: i as i32,
            code,
        })
        .collect();
    let leaf_goals: Vec<String> = goals
        .iter()
        .filter(|g| g.parent_code.is_some())
        .map(|g| g.code.clone())
        .collect();

    let mut users = vec![
        user("bench-admin", Role::Admin, vec![]),
        user(OFFICER, Role::Officer, vec![]),
        user("bench-council", Role::Council, vec![]),
        user(
            "bench-editor",
            Role::Editor,
            vec![leaf_departments[0].clone()],
        ),
    ];
    for n in users.len()..USERS {
        let role = match n % 10 {
            0 => Role::Council,
            1 if n < 40 => Role::Officer,
            _ => Role::Editor,
        };
        let departments = if role == Role::Editor {
            let mut d = vec![rng.pick(&all_departments).clone()];
            if rng.chance(20) {
                let other = rng.pick(&all_departments).clone();
                if other != d[0] {
                    d.push(other);
                }
            }
            d
        } else {
            vec![]
        };
        users.push(user(&format!("user{n:04}"), role, departments));
    }
    let editor_names: Vec<String> = users
        .iter()
        .filter(|u| u.role == Role::Editor)
        .map(|u| u.username.clone())
        .collect();

    let measures = (0..measure_count)
        .map(|i| {
            measure(
                &mut rng,
                i,
                today,
                &leaf_departments,
                &leaf_goals,
                &editor_names,
            )
        })
        .collect();

    DemoDataset {
        strategy: DemoStrategy {
            title: "Digitalisierungsstrategie (Benchmark-Daten)".into(),
            description: "Erzeugte Daten für den Benchmark, keine echte Planung.".into(),
            resolution_number: "BENCH 1/001/2023".into(),
            resolution_body: "Stadtrat".into(),
            resolution_date: today - Duration::days(1450),
            in_force_from: today - Duration::days(1400),
        },
        departments,
        goals,
        users,
        measures,
        set_up_at,
    }
}

fn user(username: &str, role: Role, department_codes: Vec<String>) -> DemoUser {
    DemoUser {
        username: username.into(),
        display_name: format!("Benchmark {username}"),
        email: Some(format!("{username}@bench.invalid")),
        role,
        department_codes,
    }
}

fn measure(
    rng: &mut Rng,
    i: usize,
    today: NaiveDate,
    departments: &[String],
    goals: &[String],
    editors: &[String],
) -> DemoMeasure {
    let code = format!("M {:05}", i + 1);
    let topic = rng.pick(&TOPICS);
    let verb = rng.pick(&VERBS);
    let lead = rng.pick(departments).clone();
    let mut participating = Vec::new();
    for _ in 0..rng.below(3) {
        let d = rng.pick(departments).clone();
        if d != lead && !participating.contains(&d) {
            participating.push(d);
        }
    }
    let mut goal_codes = vec![rng.pick(goals).clone()];
    if rng.chance(30) {
        let g = rng.pick(goals).clone();
        if g != goal_codes[0] {
            goal_codes.push(g);
        }
    }
    // Dependencies only on earlier measures: never a cycle.
    let depends_on_codes = if i > 0 && rng.chance(10) {
        vec![format!("M {:05}", rng.below(i) + 1)]
    } else {
        vec![]
    };

    let start = today - Duration::days(rng.between(30, 1300));
    let end = start + Duration::days(rng.between(180, 1100));
    let mut milestones = Vec::new();
    for m in 0..rng.below(4) {
        let span = (end - start).num_days().max(1);
        let due = start + Duration::days(rng.between(1, span));
        let done = (due < today && rng.chance(70)).then_some(due);
        milestones.push(DemoMilestone {
            title: format!("Meilenstein {} von {code}", m + 1),
            due,
            done,
        });
    }

    let update_count = rng.below(2 * MEAN_UPDATES_PER_MEASURE + 1);
    let final_status = match rng.below(100) {
        0..=9 => "abgeschlossen",
        10..=14 => "zurueckgestellt",
        15..=17 => "abgebrochen",
        _ => "in_umsetzung",
    };
    let span = (today - start).num_days().max(1);
    let mut days: Vec<i64> = (0..update_count).map(|_| rng.between(0, span)).collect();
    days.sort_unstable();
    let mut progress = 0;
    let mut updates = Vec::with_capacity(update_count);
    for (n, offset) in days.iter().enumerate() {
        let last = n + 1 == update_count;
        progress = if last && final_status == "abgeschlossen" {
            100
        } else {
            (progress + rng.between(0, 12) as i32).min(95)
        };
        let status_code = if last { final_status } else { "in_umsetzung" };
        let day = start + Duration::days(*offset);
        updates.push(DemoStatusUpdate {
            reporting_date: day,
            created_at: at(day, 9 + (n % 8) as u32),
            narrative: format!(
                "Sachstand {} zu {code}: {topic} {verb}, {progress} %",
                n + 1
            ),
            progress,
            status_code: status_code.into(),
            author_username: rng.pick(editors).clone(),
        });
    }
    let (status_code, last_update_date) = match updates.last() {
        Some(u) => (u.status_code.clone(), Some(u.reporting_date)),
        None => ("geplant".to_owned(), None),
    };
    let visibility = match rng.below(100) {
        0..=4 => Visibility::Draft,
        5..=29 => Visibility::Public,
        _ => Visibility::Internal,
    };
    let priority = *rng.pick(&[Priority::Low, Priority::Medium, Priority::High]);
    DemoMeasure {
        title: format!("{topic} {verb} ({code})"),
        description: format!(
            "{topic} in {lead} {verb}: erzeugte Benchmark-Maßnahme Nummer {}.",
            i + 1
        ),
        lead_department_code: lead,
        participating_department_codes: participating,
        goal_codes,
        depends_on_codes,
        contact_name: Some(format!("Ansprechperson {}", i % 97)),
        contact_email: None,
        status_code,
        progress,
        planned_start: Some(start),
        planned_end: Some(end),
        actual_start: (update_count > 0).then_some(start),
        actual_end: (final_status == "abgeschlossen" && update_count > 0)
            .then(|| updates.last().map(|u| u.reporting_date))
            .flatten(),
        priority,
        weight: rng.between(1, 5) as i32,
        budget_planned_cents: rng.chance(50).then(|| rng.between(1, 500) * 100_000),
        budget_spent_cents: None,
        visibility,
        light_override: None,
        last_update_date,
        created_at: at(start, 8),
        updated_at: updates.last().map_or(at(start, 8), |u| u.created_at),
        milestones,
        updates,
        code,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_data() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 28).expect("a date");
        let a = dataset(Scale::Base, 7, today);
        let b = dataset(Scale::Base, 7, today);
        assert_eq!(a.measures.len(), 5_000);
        assert_eq!(a.departments.len(), 50);
        assert_eq!(a.goals.len(), 200);
        assert_eq!(a.users.len(), 500);
        let updates: usize = a.measures.iter().map(|m| m.updates.len()).sum();
        assert!((95_000..=105_000).contains(&updates), "{updates}");
        assert_eq!(a.measures[4321].title, b.measures[4321].title);
        assert_eq!(
            a.measures[4321].updates.len(),
            b.measures[4321].updates.len()
        );
    }
}
