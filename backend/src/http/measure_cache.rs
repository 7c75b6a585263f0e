//! The JSON of `GET /measures/{id}`, kept per measure for as long as nothing in the data
//! changed. The key is the same data version the dashboard uses (the newest audit id:
//! every change is audited in the same transaction) plus the day (the traffic light
//! depends on it), so a cached answer is exactly what the database would give now, also
//! when another server on the same database made the change. A read costs that one
//! indexed query instead of the ≈ 9 the detail takes, and no serialization.
//!
//! The access decision is never cached: each entry keeps the measure's scope and every
//! request is checked against it with the caller's own principal.

use std::collections::HashMap;
use std::sync::Mutex;

use actix_web::web::Bytes;
use chrono::NaiveDate;

use super::AppState;
use super::error::ApiError;
use crate::domain::access::MeasureScope;
use crate::domain::measure::Visibility;
use crate::store::{self, dashboard, measures};

/// At most this many bytes of measure JSON are kept; beyond that the cache starts afresh
/// (a measure is ≈ 1–3 KB, so this holds the measures a council season reads).
const MAX_BYTES: usize = 4 * 1024 * 1024;

/// One measure's answer and what the access policy needs to decide who may read it.
#[derive(Clone)]
pub struct CachedMeasure {
    pub version: i32,
    pub visibility: Visibility,
    pub lead_department_id: i32,
    pub participating_department_ids: Vec<i32>,
    pub body: Bytes,
}

impl CachedMeasure {
    pub fn scope(&self) -> MeasureScope<'_> {
        MeasureScope {
            visibility: self.visibility,
            lead_department_id: self.lead_department_id,
            participating_department_ids: &self.participating_department_ids,
        }
    }
}

#[derive(Default)]
struct Generation {
    data_version: i64,
    as_of: Option<NaiveDate>,
    bytes: usize,
    measures: HashMap<i32, CachedMeasure>,
}

/// Measure details of the current data version (see the module documentation).
#[derive(Default)]
pub struct MeasureCache {
    current: Mutex<Generation>,
}

impl MeasureCache {
    /// The measure as the database has it now; `NotFound` when there is none.
    pub async fn get(&self, state: &AppState, id: i32) -> Result<CachedMeasure, ApiError> {
        let today = store::today();
        // Read the version before the data: an entry is filed under a version no newer
        // than the data it holds, so a change committed meanwhile is never hidden.
        let data_version = dashboard::data_version(&state.db).await?;
        if let Some(hit) = self.lookup(data_version, today, id) {
            return Ok(hit);
        }
        let detail = measures::get(&state.db, id, &state.light_rules).await?;
        let entry = CachedMeasure {
            version: detail.version,
            visibility: detail.visibility,
            lead_department_id: detail.lead_department_id,
            participating_department_ids: detail.participating_department_ids.clone(),
            body: Bytes::from(serde_json::to_vec(&detail).map_err(ApiError::internal)?),
        };
        self.store(data_version, today, id, entry.clone());
        Ok(entry)
    }

    fn lookup(&self, data_version: i64, today: NaiveDate, id: i32) -> Option<CachedMeasure> {
        let current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        (current.data_version == data_version && current.as_of == Some(today))
            .then(|| current.measures.get(&id).cloned())
            .flatten()
    }

    fn store(&self, data_version: i64, today: NaiveDate, id: i32, entry: CachedMeasure) {
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        let same_generation = current.data_version == data_version && current.as_of == Some(today);
        if !same_generation {
            // Only a newer generation replaces the current one; a slow reader that started
            // before a change must not throw away what later readers filed.
            if data_version < current.data_version && current.as_of == Some(today) {
                return;
            }
            *current = Generation {
                data_version,
                as_of: Some(today),
                ..Generation::default()
            };
        }
        if current.bytes + entry.body.len() > MAX_BYTES {
            current.measures.clear();
            current.bytes = 0;
        }
        current.bytes += entry.body.len();
        if let Some(replaced) = current.measures.insert(id, entry) {
            current.bytes -= replaced.body.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(version: i32, body: &str) -> CachedMeasure {
        CachedMeasure {
            version,
            visibility: Visibility::Internal,
            lead_department_id: 1,
            participating_department_ids: vec![2],
            body: Bytes::from(body.to_owned()),
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("a date")
    }

    #[test]
    fn an_entry_serves_only_its_data_version_and_day() {
        let cache = MeasureCache::default();
        cache.store(10, day(1), 7, entry(3, "{}"));
        assert_eq!(cache.lookup(10, day(1), 7).map(|e| e.version), Some(3));
        assert!(cache.lookup(11, day(1), 7).is_none(), "data changed since");
        assert!(
            cache.lookup(10, day(2), 7).is_none(),
            "the light depends on the day"
        );
        assert!(cache.lookup(10, day(1), 8).is_none(), "another measure");
    }

    #[test]
    fn a_newer_version_replaces_everything_and_an_older_one_changes_nothing() {
        let cache = MeasureCache::default();
        cache.store(10, day(1), 7, entry(3, "{}"));
        cache.store(11, day(1), 8, entry(1, "{}"));
        assert!(cache.lookup(11, day(1), 7).is_none());
        assert!(cache.lookup(11, day(1), 8).is_some());
        cache.store(10, day(1), 9, entry(1, "{}"));
        assert!(
            cache.lookup(11, day(1), 8).is_some(),
            "a late reader keeps the newer entries"
        );
        assert!(cache.lookup(10, day(1), 9).is_none());
    }

    #[test]
    fn the_cache_holds_a_bounded_number_of_bytes() {
        let cache = MeasureCache::default();
        let big = "x".repeat(MAX_BYTES / 2 + 1);
        cache.store(1, day(1), 1, entry(1, &big));
        cache.store(1, day(1), 2, entry(1, &big));
        assert!(cache.lookup(1, day(1), 1).is_none(), "cleared to make room");
        assert!(cache.lookup(1, day(1), 2).is_some());
        let held = cache.current.lock().expect("lock").bytes;
        assert!(held <= MAX_BYTES);
    }
}
