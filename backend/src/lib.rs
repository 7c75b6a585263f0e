//! Kurs: a roadmap and maturity tracker for a municipality's digitalization strategy.
//!
//! Layers (see `docs/ARCHITECTURE.md`): [`domain`] holds pure rules, [`store`] is the only
//! module that touches the database, [`http`] the only one that speaks HTTP; [`startup`]
//! wires them together and [`config`] reads the settings.

pub mod config;
pub mod demo;
pub mod domain;
pub mod export;
pub mod http;
pub mod mail;
pub mod reminders;
pub mod startup;
pub mod store;
pub mod telemetry;
