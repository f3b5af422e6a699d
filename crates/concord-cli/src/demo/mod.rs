//! `concord demo`: a database filled with real sample data.
//!
//! [`seed`] loads the partnerships that the movement's strategy pages describe, from the data
//! file [`seed_file`] reads (`crates/concord-cli/demo/seed_partnerships.json`); [`rules`]
//! adds a red line and an approval policy.

pub mod rules;
pub mod seed;
pub mod seed_file;

pub use rules::load_demo_rules;
pub use seed::{SeedReport, load_seed_partnerships};
