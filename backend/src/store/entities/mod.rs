//! sea-orm entities, one per table. They never leave the `store` module: store functions
//! map them to domain or API types.

pub mod audit_entry;
pub mod department;
pub mod goal;
pub mod maturity_assessment;
pub mod maturity_finding;
pub mod maturity_finding_goal;
pub mod maturity_finding_measure;
pub mod maturity_measure_target;
pub mod maturity_model;
pub mod maturity_round;
pub mod maturity_round_department;
pub mod measure;
pub mod measure_department;
pub mod measure_dependency;
pub mod measure_goal;
pub mod milestone;
pub mod notification;
pub mod refresh_token;
pub mod reminder_log;
pub mod report;
pub mod report_export;
pub mod reporting_round;
pub mod reporting_round_item;
pub mod status;
pub mod status_update;
pub mod strategy;
pub mod user;
pub mod user_department;
