//! Demo data ("Beispieldaten"): an invented example administration modelled on the council
//! resolution in `shared/seed`, loaded by `kurs serve --demo` into an empty database.

use crate::store::Db;

/// Demo accounts all share this password (documented in the README).
pub const DEMO_PASSWORD: &str = "kurs-demo-2026";

/// Loads the demo data if the database holds no users yet. Returns whether it loaded.
pub async fn load_if_empty(_db: &Db) -> anyhow::Result<bool> {
    Ok(false)
}
