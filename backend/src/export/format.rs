//! German formatting for the report exports: dates `dd.mm.yyyy`, decimal comma, euro
//! amounts, labels of lights, status categories and round-item states, and the town-hall
//! time of an instant (Central European Time with summer time, as `store::today`).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, Utc, Weekday};

use crate::domain::status::StatusCategory;
use crate::domain::traffic_light::TrafficLight;

/// `19.03.2026`.
pub fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// `19.03.2026` or "–".
pub fn opt_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_else(|| "–".into())
}

/// `19.03.2026` or "" (for spreadsheet cells).
pub fn cell_date(d: Option<NaiveDate>) -> String {
    d.map(date).unwrap_or_default()
}

/// The instant in town-hall time: UTC+2 from the last Sunday of March to the last Sunday
/// of October (01:00 UTC each), else UTC+1.
pub fn town_hall_time(at: DateTime<Utc>) -> NaiveDateTime {
    let year = at.year();
    let last_sunday_at_one = |month: u32| {
        let mut day = NaiveDate::from_ymd_opt(year, month, 31).unwrap_or_default();
        while day.weekday() != Weekday::Sun {
            day -= Duration::days(1);
        }
        day.and_hms_opt(1, 0, 0).unwrap_or_default().and_utc()
    };
    let summer = at >= last_sunday_at_one(3) && at < last_sunday_at_one(10);
    (at + Duration::hours(if summer { 2 } else { 1 })).naive_utc()
}

/// `09.03.2026, 10:00 Uhr` in town-hall time.
pub fn date_time(at: DateTime<Utc>) -> String {
    town_hall_time(at).format("%d.%m.%Y, %H:%M Uhr").to_string()
}

/// A number with one decimal and a decimal comma: `47,3`.
pub fn decimal(value: f64) -> String {
    format!("{value:.1}").replace('.', ",")
}

/// `47,3 %` or "–".
pub fn percent(value: Option<f64>) -> String {
    value.map_or_else(|| "–".into(), |v| format!("{} %", decimal(v)))
}

/// Cents as euros with a decimal comma and no thousands separator: `12345,67`.
pub fn euros(cents: Option<i64>) -> String {
    cents.map_or_else(String::new, |c| {
        let sign = if c < 0 { "-" } else { "" };
        let c = c.unsigned_abs();
        format!("{sign}{},{:02}", c / 100, c % 100)
    })
}

/// `im Plan`, `gefährdet`, `kritisch`, `Status ausstehend`, `–` (no light: cancelled).
pub fn light(light: Option<TrafficLight>) -> &'static str {
    match light {
        Some(TrafficLight::Green) => "im Plan",
        Some(TrafficLight::Yellow) => "gefährdet",
        Some(TrafficLight::Red) => "kritisch",
        Some(TrafficLight::Pending) => "Status ausstehend",
        None => "–",
    }
}

/// The colour key of a light for the template.
pub fn light_key(light: Option<TrafficLight>) -> &'static str {
    match light {
        Some(TrafficLight::Green) => "green",
        Some(TrafficLight::Yellow) => "yellow",
        Some(TrafficLight::Red) => "red",
        Some(TrafficLight::Pending) => "pending",
        None => "none",
    }
}

/// German label of a status category.
pub fn category(category: StatusCategory) -> &'static str {
    match category {
        StatusCategory::Planned => "geplant",
        StatusCategory::InProgress => "in Umsetzung",
        StatusCategory::Completed => "abgeschlossen",
        StatusCategory::Deferred => "zurückgestellt",
        StatusCategory::Cancelled => "abgebrochen",
    }
}

/// German label of a round item's state.
pub fn item_state(state: &str) -> &str {
    match state {
        "due" => "offen",
        "submitted" => "eingereicht, in Prüfung",
        "returned" => "zurückgegeben",
        "approved" => "freigegeben",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_german() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 9).expect("valid date");
        assert_eq!(date(d), "09.03.2026");
        assert_eq!(percent(Some(47.25)), "47,2 %");
        assert_eq!(euros(Some(1_234_567)), "12345,67");
        assert_eq!(euros(Some(-5)), "-0,05");
        assert_eq!(euros(None), "");
    }

    #[test]
    fn town_hall_time_follows_summer_time() {
        let winter = NaiveDate::from_ymd_opt(2026, 3, 9)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid")
            .and_utc();
        let summer = NaiveDate::from_ymd_opt(2026, 9, 14)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .expect("valid")
            .and_utc();
        assert_eq!(date_time(winter), "09.03.2026, 10:00 Uhr");
        assert_eq!(date_time(summer), "14.09.2026, 11:00 Uhr");
    }
}
