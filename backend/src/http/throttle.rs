//! Login throttling. Failed logins are counted per (account, client address) and per client
//! address. After a few failures each further attempt must wait, doubling up to 15 minutes;
//! a success clears the account's counter. Because the account is always paired with the
//! address, an attacker elsewhere never locks the real user out; and every block expires.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

const ACCOUNT_FREE_ATTEMPTS: u32 = 5;
const ADDRESS_FREE_ATTEMPTS: u32 = 30;
const MAX_DELAY: Duration = Duration::from_secs(15 * 60);
const FORGET_AFTER: Duration = Duration::from_secs(60 * 60);
const MAX_TRACKED_KEYS: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Failures {
    count: u32,
    last: Instant,
}

/// In-memory failure counters (per process; Kurs runs as one process).
#[derive(Debug, Default)]
pub struct LoginThrottle {
    failures: Mutex<HashMap<String, Failures>>,
}

fn account_key(username: &str, address: &str) -> String {
    format!("acct:{}|{address}", username.to_lowercase())
}

fn address_key(address: &str) -> String {
    format!("addr:{address}")
}

fn delay_after(count: u32, free: u32) -> Duration {
    if count < free {
        return Duration::ZERO;
    }
    let exponent = (count - free).min(20);
    Duration::from_secs(1u64 << exponent).min(MAX_DELAY)
}

impl LoginThrottle {
    /// Checks whether an attempt for this account from this address may proceed and, if so,
    /// counts it as a failure right away, under the same lock. Counting before the password
    /// is verified means a parallel burst of guesses cannot slip past the limit while the
    /// slow hash runs; [`LoginThrottle::record_success`] takes the count back.
    pub fn begin_attempt(&self, username: &str, address: &str) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        // Read the clock under the lock: another thread's `last` is then never after `now`.
        let now = Instant::now();
        let account = account_key(username, address);
        let addr = address_key(address);
        let wait = |key: &str, free: u32| {
            map.get(key).and_then(|f| {
                if now.duration_since(f.last) > FORGET_AFTER {
                    return None;
                }
                let delay = delay_after(f.count, free);
                let until = f.last + delay;
                (!delay.is_zero() && until > now).then(|| until - now)
            })
        };
        let blocked = match (
            wait(&account, ACCOUNT_FREE_ATTEMPTS),
            wait(&addr, ADDRESS_FREE_ATTEMPTS),
        ) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        if let Some(wait) = blocked {
            return Err(wait);
        }
        if map.len() >= MAX_TRACKED_KEYS {
            map.retain(|_, f| now.duration_since(f.last) < FORGET_AFTER);
        }
        for key in [account, addr] {
            let entry = map.entry(key).or_insert(Failures {
                count: 0,
                last: now,
            });
            if now.duration_since(entry.last) > FORGET_AFTER {
                entry.count = 0;
            }
            entry.count += 1;
            entry.last = now;
        }
        Ok(())
    }

    /// The password was right: forget the account's failures and take back the attempt
    /// counted for the address.
    pub fn record_success(&self, username: &str, address: &str) {
        let mut map = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        map.remove(&account_key(username, address));
        if let Some(entry) = map.get_mut(&address_key(address)) {
            entry.count = entry.count.saturating_sub(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_few_failures_are_free_then_the_wait_grows() {
        let throttle = LoginThrottle::default();
        for _ in 0..ACCOUNT_FREE_ATTEMPTS {
            assert!(throttle.begin_attempt("anna", "10.0.0.1").is_ok());
        }
        assert!(throttle.begin_attempt("anna", "10.0.0.1").is_err());
    }

    #[test]
    fn a_success_clears_the_account_counter() {
        let throttle = LoginThrottle::default();
        for _ in 0..ACCOUNT_FREE_ATTEMPTS - 1 {
            assert!(throttle.begin_attempt("anna", "10.0.0.1").is_ok());
        }
        throttle.record_success("anna", "10.0.0.1");
        for _ in 0..ACCOUNT_FREE_ATTEMPTS {
            assert!(throttle.begin_attempt("anna", "10.0.0.1").is_ok());
        }
    }

    #[test]
    fn an_attack_from_one_address_does_not_block_the_user_elsewhere() {
        let throttle = LoginThrottle::default();
        for _ in 0..50 {
            let _ = throttle.begin_attempt("anna", "203.0.113.9");
        }
        assert!(throttle.begin_attempt("anna", "203.0.113.9").is_err());
        assert!(throttle.begin_attempt("anna", "10.0.0.1").is_ok());
    }

    #[test]
    fn the_wait_is_capped() {
        assert_eq!(delay_after(500, 5), MAX_DELAY);
        assert_eq!(delay_after(5, 5), Duration::from_secs(1));
    }
}
