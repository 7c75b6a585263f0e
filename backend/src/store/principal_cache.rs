//! The signed-in user of a session, kept in memory for a few seconds so that a request does
//! not pay three database round trips (user, live session, departments) to learn who sent
//! it. Correctness first:
//!
//! - Every store function that can change what a session check answers — a user's role,
//!   departments, active flag or password, a session ended, revoked or rotated into reuse
//!   detection, a department deleted — calls [`sessions_changed`] after its transaction
//!   commits. That bumps a process-wide epoch and every cached entry is stale at once, so in
//!   one server a disabled user or an ended session is rejected by the very next request,
//!   exactly as without the cache.
//! - A lookup captures the epoch *before* it reads the database and stores its result
//!   under that epoch, so a change committed while the read was in flight cannot be hidden
//!   behind an old answer.
//! - Another server process on the same PostgreSQL database cannot bump this epoch; for it
//!   an entry lives at most `session_cache_seconds` (default 5; 0 turns the cache off).
//!   That is the longest a second instance may still accept a just-disabled user.
//! - Only positive answers are cached; a refused session is checked again every time.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::{Db, StoreResult, users};
use crate::domain::access::Principal;

/// Bumped after every committed change that can alter a session check's answer.
static SESSION_EPOCH: AtomicU64 = AtomicU64::new(0);

/// Invalidates every cached principal of this process. Call after the commit.
pub fn sessions_changed() {
    SESSION_EPOCH.fetch_add(1, Ordering::AcqRel);
}

/// The most sessions kept; beyond that the cache starts afresh (a bound on memory, not an
/// eviction policy: a town has hundreds of users, not tens of thousands of sessions).
const MAX_ENTRIES: usize = 10_000;

struct Entry {
    user_id: i32,
    epoch: u64,
    checked_at: Instant,
    principal: Principal,
}

/// Principals by session (refresh-token family), see the module documentation.
pub struct PrincipalCache {
    lifetime: Duration,
    entries: Mutex<HashMap<String, Entry>>,
}

impl PrincipalCache {
    /// A cache whose entries live at most `lifetime`; zero checks the database every time.
    pub fn new(lifetime: Duration) -> Self {
        Self {
            lifetime,
            entries: Mutex::new(HashMap::new()),
        }
    }

    /// The principal of a live session of an active user, or `None`; the same answer as
    /// [`users::principal_for_session`], from memory when a fresh one is known.
    pub async fn principal_for_session(
        &self,
        db: &Db,
        user_id: i32,
        session_family: &str,
    ) -> StoreResult<Option<Principal>> {
        if self.lifetime.is_zero() {
            return users::principal_for_session(db, user_id, session_family).await;
        }
        let epoch = SESSION_EPOCH.load(Ordering::Acquire);
        if let Some(principal) = self.fresh(user_id, session_family, epoch) {
            return Ok(Some(principal));
        }
        let found = users::principal_for_session(db, user_id, session_family).await?;
        if let Some(principal) = &found {
            self.remember(session_family, user_id, epoch, principal.clone());
        }
        Ok(found)
    }

    fn fresh(&self, user_id: i32, session_family: &str, epoch: u64) -> Option<Principal> {
        let entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        let entry = entries.get(session_family)?;
        (entry.user_id == user_id
            && entry.epoch == epoch
            && entry.checked_at.elapsed() < self.lifetime)
            .then(|| entry.principal.clone())
    }

    fn remember(&self, session_family: &str, user_id: i32, epoch: u64, principal: Principal) {
        let mut entries = self.entries.lock().unwrap_or_else(|e| e.into_inner());
        if entries.len() >= MAX_ENTRIES {
            entries.clear();
        }
        entries.insert(
            session_family.to_owned(),
            Entry {
                user_id,
                epoch,
                checked_at: Instant::now(),
                principal,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Role;

    fn principal(user_id: i32) -> Principal {
        Principal {
            user_id,
            username: format!("u{user_id}"),
            display_name: format!("User {user_id}"),
            role: Role::Editor,
            department_ids: vec![1],
        }
    }

    #[test]
    fn a_remembered_principal_is_fresh_until_the_epoch_moves() {
        let cache = PrincipalCache::new(Duration::from_secs(60));
        let epoch = SESSION_EPOCH.load(Ordering::Acquire);
        cache.remember("family", 7, epoch, principal(7));
        assert_eq!(cache.fresh(7, "family", epoch), Some(principal(7)));
        // Another user presenting the same session id gets nothing from the cache.
        assert_eq!(cache.fresh(8, "family", epoch), None);
        sessions_changed();
        let now = SESSION_EPOCH.load(Ordering::Acquire);
        assert_eq!(cache.fresh(7, "family", now), None);
    }

    #[test]
    fn an_answer_read_before_a_change_is_never_served_after_it() {
        let cache = PrincipalCache::new(Duration::from_secs(60));
        let before_read = SESSION_EPOCH.load(Ordering::Acquire);
        sessions_changed(); // committed while the read was in flight
        cache.remember("family", 7, before_read, principal(7));
        let now = SESSION_EPOCH.load(Ordering::Acquire);
        assert_eq!(cache.fresh(7, "family", now), None);
    }

    #[test]
    fn entries_expire_after_their_lifetime() {
        let cache = PrincipalCache::new(Duration::from_millis(1));
        let epoch = SESSION_EPOCH.load(Ordering::Acquire);
        cache.remember("family", 7, epoch, principal(7));
        std::thread::sleep(Duration::from_millis(5));
        assert_eq!(cache.fresh(7, "family", epoch), None);
    }
}
