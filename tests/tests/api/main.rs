//! The API test suite as one test binary: every file here is a module of it. One binary
//! links the server once instead of once per file (each link of the server with typst is
//! ≈ 350 MB and several seconds), which keeps a clean `make test` within the disk and time
//! a small CI machine has. Tests that must not share the process with others — the
//! overload test (it measures shedding under a burst), the 33,000-measure round and the
//! 16-editor contention run — stay separate binaries in `tests/tests/`.
//!
//! Run one module: `KURS_TEST_DB=sqlite cargo test -p kurs-api-tests --test api maturity::`.

mod audit;
mod auth;
mod authz_matrix;
mod caches;
mod concurrency;
mod dashboard;
mod demo;
mod departments;
mod errors;
mod maturity;
mod measures;
mod measures_import;
mod migrations;
mod openapi;
mod public_privacy;
mod report_support;
mod reporting_mail;
mod reporting_rounds;
mod reports;
mod robustness_auth;
mod robustness_backup;
mod robustness_fuzz_findings;
mod security_headers;
mod structure;
mod users;
