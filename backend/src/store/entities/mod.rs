//! sea-orm entities, one per table. They never leave the `store` module: store functions
//! map them to domain or API types.

pub mod audit_entry;
pub mod department;
pub mod goal;
pub mod measure;
pub mod measure_department;
pub mod measure_dependency;
pub mod measure_goal;
pub mod milestone;
pub mod refresh_token;
pub mod status;
pub mod status_update;
pub mod strategy;
pub mod user;
pub mod user_department;
