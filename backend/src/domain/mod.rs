//! Pure domain types and rules: roles and access policy, statuses, the traffic-light rule,
//! the roll-up. Nothing here imports actix-web or sea-orm, so every rule is unit-tested in
//! isolation and reused by the HTTP layer, the store and the demo-data loader alike.

pub mod access;
pub mod maturity;
pub mod measure;
pub mod report;
pub mod report_diff;
pub mod rollup;
pub mod status;
pub mod traffic_light;
pub mod tree;
