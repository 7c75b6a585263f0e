//! Demo data ("Beispieldaten"): an invented example administration modelled on the council
//! resolution in `shared/seed`, loaded by `kurs serve --demo` into an empty database.
//!
//! The content is plain data: [`organisation`] (strategy, 13 departments, demo accounts, 7
//! Handlungsfelder with 23 Ziele) and [`measures`] (68 measures, each with a *course*: on
//! track, behind, stale, completed, deferred, …). [`history`] derives from each course the
//! actual dates, milestones and a quarterly status-update history from 2023 on, with
//! narratives built from sentence templates by a fixed-seed generator, so the data set is
//! the same every time. [`crate::store::demo_loader`] inserts it in one transaction.
//!
//! **Dates.** The strategy keeps its real dates (resolution 24.11.2022, in force from
//! 1.1.2023). The measures' dates are written as seen on [`REFERENCE_TODAY`] (28.11.2026)
//! and shifted by the number of days between that day and the day of loading. Loaded on
//! the reference day, the history runs from early 2023 to November 2026; loaded later, it
//! moves along, so the latest reports are always recent and the traffic lights are the
//! same mix (mostly green, some yellow, a few red, some pending) whenever the demo starts.
//! Fixed dates would turn the dashboard red and stale a few months after release.

pub mod history;
pub mod measures;
pub mod organisation;
pub mod reports;

use chrono::{DateTime, Utc};

use crate::domain::traffic_light::LightRules;
use crate::store::demo_loader::{DemoDataset, DemoDepartment, DemoGoal, DemoStrategy, DemoUser};
use crate::store::{self, Db};
use history::{Timeline, ymd};
use organisation::{DEPARTMENTS, GOALS, MAIL_DOMAIN, USERS};

/// Demo accounts all share this password (documented in the README). Demo data is exempt
/// from the minimum password length.
pub const DEMO_PASSWORD: &str = "kurs-demo-2026";

/// The day the measures' dates in [`measures`] are written for (year, month, day).
pub const REFERENCE_TODAY: (i32, u32, u32) = (2026, 11, 28);

/// Loads the demo data if the database holds no users yet. Returns whether it loaded.
pub async fn load_if_empty(db: &Db) -> anyhow::Result<bool> {
    if store::demo_loader::any_user_exists(db).await? {
        return Ok(false);
    }
    store::statuses::ensure_defaults(db).await?;
    let today = store::today();
    let data = dataset(today);
    let (y, m, d) = REFERENCE_TODAY;
    let timeline = Timeline::new(ymd(y, m, d), today);
    // Hashed once for all accounts: argon2 is deliberately slow.
    let password_hash = store::users::hash_password(DEMO_PASSWORD)?;
    // The maturity rounds, findings and measure targets go in with the core data, in the
    // same transaction, once the departments, goals, users and measures have their ids.
    let loaded = store::demo_loader::load(db, &data, &password_hash, async |txn, ids| {
        let officer = ids
            .users
            .get(organisation::OFFICER)
            .copied()
            .ok_or_else(|| anyhow::anyhow!("the demo data has no officer account"))?;
        store::maturity::load_demo(txn, officer)
            .await
            .map_err(|e| anyhow::anyhow!("maturity demo data: {e}"))?;
        // The reporting history last: it sets the data back to each past meeting, freezes
        // that meeting's report and moves on, ending with everything as loaded.
        store::demo_loader::load_reporting_history(
            txn,
            &data,
            ids,
            &reports::rounds(timeline),
            organisation::OFFICER,
            &LightRules::default(),
            today,
        )
        .await
        .map_err(|e| anyhow::anyhow!("reporting demo data: {e}"))?;
        Ok(())
    })
    .await?;
    Ok(loaded)
}

/// The complete demo data set for the given day of loading.
pub fn dataset(today: chrono::NaiveDate) -> DemoDataset {
    let (y, m, d) = REFERENCE_TODAY;
    let timeline = Timeline::new(ymd(y, m, d), today);
    let set_up_at: DateTime<Utc> = Timeline::at(timeline.date(2023, 1, 9), 8, 0);

    let departments = DEPARTMENTS
        .iter()
        .enumerate()
        .map(|(index, d)| DemoDepartment {
            code: d.code.to_owned(),
            name: d.name.to_owned(),
            parent_code: d.parent.map(str::to_owned),
            position: position(index),
        })
        .collect();
    let goals = GOALS
        .iter()
        .enumerate()
        .map(|(index, g)| DemoGoal {
            code: g.code.to_owned(),
            title: g.title.to_owned(),
            description: g.description.to_owned(),
            parent_code: g.parent.map(str::to_owned),
            position: position(index),
        })
        .collect();
    let users = USERS
        .iter()
        .map(|u| DemoUser {
            username: u.username.to_owned(),
            display_name: u.display_name.to_owned(),
            email: Some(format!("{}@{MAIL_DOMAIN}", u.username)),
            role: u.role,
            department_codes: u.departments.iter().map(|c| (*c).to_owned()).collect(),
        })
        .collect();
    let measures = measures::MEASURES
        .iter()
        .map(|spec| history::build_measure(spec, timeline, set_up_at))
        .collect();
    let (ry, rm, rd) = organisation::RESOLUTION_DATE;
    let (fy, fm, fd) = organisation::IN_FORCE_FROM;
    DemoDataset {
        strategy: DemoStrategy {
            title: organisation::STRATEGY_TITLE.to_owned(),
            description: organisation::STRATEGY_DESCRIPTION.to_owned(),
            resolution_number: organisation::RESOLUTION_NUMBER.to_owned(),
            resolution_body: organisation::RESOLUTION_BODY.to_owned(),
            resolution_date: ymd(ry, rm, rd),
            in_force_from: ymd(fy, fm, fd),
        },
        departments,
        goals,
        users,
        measures,
        set_up_at,
    }
}

/// Sibling order: the list order, in steps of ten so that entries can be put in between.
fn position(index: usize) -> i32 {
    i32::try_from(index * 10).unwrap_or(i32::MAX)
}

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use chrono::{Duration, NaiveDate};

    use super::measures::{Course, MEASURES};
    use super::*;
    use crate::domain::measure::Visibility;
    use crate::domain::status::StatusCategory;
    use crate::domain::traffic_light::{
        LightInputs, LightRules, MilestoneState, TrafficLight, assess,
    };
    use crate::store::demo_loader::DemoMeasure;

    fn reference() -> NaiveDate {
        let (y, m, d) = REFERENCE_TODAY;
        ymd(y, m, d)
    }

    fn category(code: &str) -> StatusCategory {
        store::statuses::DEFAULTS
            .iter()
            .find(|(c, ..)| *c == code)
            .map(|(_, _, category, _)| *category)
            .expect("the demo only uses default status codes")
    }

    fn light(m: &DemoMeasure, today: NaiveDate) -> Option<TrafficLight> {
        let milestones: Vec<MilestoneState> = m
            .milestones
            .iter()
            .map(|ms| MilestoneState {
                due: ms.due,
                done: ms.done,
            })
            .collect();
        assess(
            &LightInputs {
                status: category(&m.status_code),
                progress: u8::try_from(m.progress).expect("progress fits"),
                planned_start: m.planned_start,
                planned_end: m.planned_end,
                milestones: &milestones,
                last_update: m.last_update_date,
                today,
            },
            &LightRules::default(),
        )
        .light
    }

    fn intended(course: Course) -> Option<TrafficLight> {
        Some(match course {
            Course::NotStarted => TrafficLight::Pending,
            Course::Preparing | Course::OnTrack | Course::Completed { .. } => TrafficLight::Green,
            Course::Behind { lag } if lag > 25 => TrafficLight::Red,
            Course::MilestoneLate { days } if days > 30 => TrafficLight::Red,
            Course::Overrun { .. } => TrafficLight::Red,
            Course::Behind { .. }
            | Course::MilestoneLate { .. }
            | Course::Stale { .. }
            | Course::Deferred { .. } => TrafficLight::Yellow,
            Course::Cancelled { .. } => return None,
        })
    }

    #[test]
    fn the_counts_are_in_the_documented_ranges() {
        let data = dataset(reference());
        assert!((9..=15).contains(&data.departments.len()));
        let fields = data
            .goals
            .iter()
            .filter(|g| g.parent_code.is_none())
            .count();
        let aims = data.goals.len() - fields;
        assert!((6..=8).contains(&fields), "{fields} Handlungsfelder");
        assert!((20..=30).contains(&aims), "{aims} Ziele");
        assert!((50..=80).contains(&data.measures.len()));
        for name in ["admin", "officer", "council", "editor1", "editor2"] {
            assert!(data.users.iter().any(|u| u.username == name), "{name}");
        }
        assert!(data.strategy.description.starts_with("Beispieldaten"));
    }

    #[test]
    fn every_course_yields_its_intended_light_on_any_day_of_loading() {
        for today in [
            reference(),
            reference() + Duration::days(1),
            reference() + Duration::days(400),
        ] {
            let data = dataset(today);
            for (spec, m) in MEASURES.iter().zip(&data.measures) {
                assert_eq!(
                    light(m, today),
                    intended(spec.course),
                    "{} ({:?}) on {today}",
                    m.code,
                    spec.course
                );
            }
        }
    }

    #[test]
    fn the_lights_are_varied() {
        let today = reference();
        let data = dataset(today);
        let mut counts: HashMap<Option<TrafficLight>, usize> = HashMap::new();
        for m in &data.measures {
            *counts.entry(light(m, today)).or_default() += 1;
        }
        let count = |l: TrafficLight| counts.get(&Some(l)).copied().unwrap_or(0);
        assert!(
            count(TrafficLight::Green) > data.measures.len() / 2,
            "{counts:?}"
        );
        assert!(count(TrafficLight::Yellow) >= 5, "{counts:?}");
        assert!((2..=6).contains(&count(TrafficLight::Red)), "{counts:?}");
        assert!(count(TrafficLight::Pending) >= 3, "{counts:?}");
        let stale = data
            .measures
            .iter()
            .filter(|m| {
                category(&m.status_code) == StatusCategory::InProgress
                    && m.last_update_date
                        .is_some_and(|d| (today - d).num_days() > 120)
            })
            .count();
        assert!(stale >= 2, "{stale} stale measures");
        let overrides = data
            .measures
            .iter()
            .filter(|m| m.light_override.is_some())
            .count();
        assert!((1..=2).contains(&overrides));
    }

    #[test]
    fn every_measure_matches_its_latest_update_and_its_history_is_consistent() {
        let today = reference();
        let data = dataset(today);
        for m in &data.measures {
            let Some(latest) = m.updates.last() else {
                assert_eq!(m.status_code, "geplant", "{}", m.code);
                assert_eq!(m.progress, 0);
                assert_eq!(m.last_update_date, None);
                continue;
            };
            assert_eq!(m.progress, latest.progress, "{}", m.code);
            assert_eq!(m.status_code, latest.status_code, "{}", m.code);
            assert_eq!(
                m.last_update_date,
                Some(latest.reporting_date),
                "{}",
                m.code
            );
            for pair in m.updates.windows(2) {
                assert!(
                    pair[0].reporting_date < pair[1].reporting_date,
                    "{}",
                    m.code
                );
                assert!(pair[0].created_at < pair[1].created_at, "{}", m.code);
                assert!(pair[0].progress <= pair[1].progress, "{}", m.code);
            }
            for u in &m.updates {
                assert!(u.reporting_date <= today, "{}", m.code);
                assert!((0..=100).contains(&u.progress));
                assert!(!u.narrative.contains('{'), "{}: {}", m.code, u.narrative);
                if let Some(start) = m.actual_start {
                    assert!(u.reporting_date > start, "{}", m.code);
                }
                assert!(m.created_at <= u.created_at, "{}", m.code);
            }
            if m.status_code == "abgeschlossen" {
                assert_eq!(m.progress, 100);
                assert!(m.actual_end.is_some());
                assert!(
                    m.milestones.iter().all(|ms| ms.done.is_some()),
                    "{}",
                    m.code
                );
            }
            assert!((2..=4).contains(&m.milestones.len()), "{}", m.code);
            for ms in &m.milestones {
                assert!(ms.done.is_none_or(|d| d <= today), "{}", m.code);
            }
        }
    }

    #[test]
    fn references_resolve_and_dependencies_point_backwards() {
        let data = dataset(reference());
        let departments: HashSet<&str> = data.departments.iter().map(|d| d.code.as_str()).collect();
        let aims: HashSet<&str> = data
            .goals
            .iter()
            .filter(|g| g.parent_code.is_some())
            .map(|g| g.code.as_str())
            .collect();
        let users: HashSet<&str> = data.users.iter().map(|u| u.username.as_str()).collect();
        let mut served: HashSet<&str> = HashSet::new();
        let mut seen: HashSet<&str> = HashSet::new();
        for m in &data.measures {
            assert!(
                departments.contains(m.lead_department_code.as_str()),
                "{}",
                m.code
            );
            for code in &m.participating_department_codes {
                assert!(departments.contains(code.as_str()), "{}", m.code);
                assert_ne!(code, &m.lead_department_code, "{}", m.code);
            }
            assert!((1..=2).contains(&m.goal_codes.len()), "{}", m.code);
            for code in &m.goal_codes {
                assert!(aims.contains(code.as_str()), "{} → {code}", m.code);
                served.insert(code.as_str());
            }
            for code in &m.depends_on_codes {
                assert!(seen.contains(code.as_str()), "{} depends on {code}", m.code);
            }
            for u in &m.updates {
                assert!(users.contains(u.author_username.as_str()), "{}", m.code);
            }
            assert!(seen.insert(m.code.as_str()), "duplicate {}", m.code);
        }
        assert_eq!(served, aims, "every Ziel has at least one measure");
        for u in &data.users {
            for code in &u.department_codes {
                assert!(departments.contains(code.as_str()));
            }
        }
    }

    #[test]
    fn the_status_mix_and_visibility_look_like_a_real_portfolio() {
        let data = dataset(reference());
        let mut by_status: HashMap<&str, usize> = HashMap::new();
        for m in &data.measures {
            *by_status.entry(m.status_code.as_str()).or_default() += 1;
        }
        let largest = by_status.iter().max_by_key(|(_, n)| **n).map(|(s, _)| *s);
        assert_eq!(largest, Some("in_umsetzung"), "{by_status:?}");
        assert!((2..=3).contains(&by_status["zurueckgestellt"]));
        assert!((1..=2).contains(&by_status["abgebrochen"]));
        let public = data
            .measures
            .iter()
            .filter(|m| m.visibility == Visibility::Public)
            .count();
        let share = public * 100 / data.measures.len();
        assert!((35..=50).contains(&share), "{share} % public");
        assert!(
            data.measures
                .iter()
                .any(|m| m.visibility == Visibility::Draft)
        );
    }

    #[test]
    fn the_data_set_is_deterministic() {
        let a = dataset(reference());
        let b = dataset(reference());
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
}
