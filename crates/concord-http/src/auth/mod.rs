//! Ways of proving who a person is, and remembering it: local passwords, Wikimedia login and
//! sessions.
//!
//! `password` and `wikimedia` say whether a person is who they claim; `session` keeps a proven
//! person logged in through a cookie backed by the database. None of them decides what a person
//! may do: that is `Viewer::may` in the domain (DESIGN.md, "Who uses it").

pub mod config;
pub mod password;
pub mod session;
pub mod throttle;
pub mod wikimedia;

pub use config::AuthConfig;
