//! Database schema migrations for Kurs, written with sea-orm-migration's schema DSL so that
//! the same migration runs on SQLite and PostgreSQL. Migrations are append-only: never edit
//! one that has shipped, add a new one instead. Names follow `mYYYYMMDD_HHMMSS_what`.

pub use sea_orm_migration::prelude::*;

mod m20261128_000001_core_schema;
mod m20261128_000002_maturity;
mod m20261128_000003_reporting;

/// The ordered list of all migrations.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261128_000001_core_schema::Migration),
            Box::new(m20261128_000002_maturity::Migration),
            Box::new(m20261128_000003_reporting::Migration),
        ]
    }
}
