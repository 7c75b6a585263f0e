//! The demo's council reporting: two reporting rounds frozen into Sachstandsberichte for
//! past meetings of the Stadtrat (spring and autumn of the reference year), so the report
//! list, the PDF and "Änderungen seit dem letzten Bericht" show real content on first
//! start, and one open round for the next meeting with answers in every state (due,
//! submitted, returned, approved). Dates move with the day of loading like the rest of
//! the demo ([`Timeline`]).

use chrono::{DateTime, NaiveDate, Utc};

use super::history::Timeline;
use crate::store::demo_loader::DemoRound;

/// 09:00 town-hall time on `day` (CET or CEST as the date says).
fn nine_o_clock(day: NaiveDate) -> DateTime<Utc> {
    let local = day.and_hms_opt(9, 0, 0).unwrap_or_default().and_utc();
    let offset = crate::export::format::town_hall_time(local) - local.naive_utc();
    local - offset
}

fn round(
    timeline: Timeline,
    title: &str,
    meeting: (i32, u32, u32),
    vorlage: &str,
    opened: (i32, u32, u32),
    deadline: (i32, u32, u32),
    freeze: Option<(i32, u32, u32)>,
) -> DemoRound {
    let date = |(y, m, d): (i32, u32, u32)| timeline.date(y, m, d);
    DemoRound {
        title: title.to_owned(),
        meeting_body: "Stadtrat".to_owned(),
        meeting_date: date(meeting),
        vorlage_number: Some(vorlage.to_owned()),
        opened: date(opened),
        deadline: date(deadline),
        grace_days: 3,
        freeze: freeze.map(|f| nine_o_clock(date(f))),
        return_comment: "Bitte den Stand der Ausschreibung und den neuen Termin für den \
            nächsten Meilenstein ergänzen."
            .to_owned(),
    }
}

/// The rounds, as written for the reference day (28.11.2026).
pub fn rounds(timeline: Timeline) -> Vec<DemoRound> {
    vec![
        round(
            timeline,
            "Sachstand Frühjahr 2026",
            (2026, 3, 19),
            "V/2026/031",
            (2026, 2, 9),
            (2026, 3, 2),
            Some((2026, 3, 9)),
        ),
        round(
            timeline,
            "Sachstand Herbst 2026",
            (2026, 9, 24),
            "V/2026/094",
            (2026, 8, 17),
            (2026, 9, 7),
            Some((2026, 9, 14)),
        ),
        round(
            timeline,
            "Sachstand Jahresende 2026",
            (2026, 12, 17),
            "V/2026/128",
            (2026, 11, 9),
            (2026, 11, 25),
            None,
        ),
    ]
}
