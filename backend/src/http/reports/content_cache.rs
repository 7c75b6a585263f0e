//! The stored JSON content of recently read reports, shared by every response that sends
//! it. A frozen report's content never changes (there is no route that could change it),
//! so an entry is exact for as long as it is kept; only the small summary (withdrawal,
//! version) is read from the database per request.
//!
//! Without it every concurrent reader of a report of the whole plan held its own copies of
//! the several-megabyte document (the database row, then the response body), which set the
//! server's peak memory. Now one copy is kept and each response only references it.

use std::collections::VecDeque;
use std::sync::Mutex;

use actix_web::web::Bytes;

use crate::store::{Db, StoreResult, reports};

/// Most bytes of report content kept; a document larger than this is read per request and
/// not kept (at that size one copy per reader is what a report costs either way).
const MAX_BYTES: usize = 24 * 1024 * 1024;

/// Report contents by id, the most recently stored last.
#[derive(Default)]
pub struct ReportContentCache {
    entries: Mutex<VecDeque<(i32, Bytes)>>,
}

impl ReportContentCache {
    /// The report's stored content; `NotFound` when there is no such report.
    pub async fn get(&self, db: &Db, id: i32) -> StoreResult<Bytes> {
        if let Some(hit) = self.lookup(id) {
            return Ok(hit);
        }
        let content = Bytes::from(reports::get_stored_content(db, id).await?);
        self.keep(id, content.clone());
        Ok(content)
    }

    fn lookup(&self, id: i32) -> Option<Bytes> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        entries
            .iter()
            .find(|(entry_id, _)| *entry_id == id)
            .map(|(_, content)| content.clone())
    }

    fn keep(&self, id: i32, content: Bytes) {
        if content.len() > MAX_BYTES {
            return;
        }
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.iter().any(|(entry_id, _)| *entry_id == id) {
            return;
        }
        let mut held: usize = entries.iter().map(|(_, c)| c.len()).sum();
        while held + content.len() > MAX_BYTES {
            let Some((_, oldest)) = entries.pop_front() else {
                break;
            };
            held -= oldest.len();
        }
        entries.push_back((id, content));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kept_contents_stay_within_the_bound_dropping_the_oldest_first() {
        let cache = ReportContentCache::default();
        let third = Bytes::from(vec![b'x'; MAX_BYTES / 3]);
        cache.keep(1, third.clone());
        cache.keep(2, third.clone());
        cache.keep(3, third.clone());
        assert!(cache.lookup(1).is_some());
        cache.keep(4, third.clone());
        assert!(cache.lookup(1).is_none(), "the oldest made room");
        assert!(cache.lookup(4).is_some());
        let held: usize = cache
            .entries
            .lock()
            .expect("lock")
            .iter()
            .map(|(_, c)| c.len())
            .sum();
        assert!(held <= MAX_BYTES);
    }

    #[test]
    fn a_content_larger_than_the_bound_is_not_kept() {
        let cache = ReportContentCache::default();
        cache.keep(1, Bytes::from(vec![b'x'; MAX_BYTES + 1]));
        assert!(cache.lookup(1).is_none());
    }
}
